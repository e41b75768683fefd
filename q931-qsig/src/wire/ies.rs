//! Typed information elements. Each has `parse(contents)` (offsets relative to the contents),
//! `buffer_len()` (contents octets) and is written by [`super::Ie::emit`].

use super::values::{
    CauseValue, CodingStandard, Location, NumberingPlan, Presentation, ProgressDescription,
    RedirectionReason, Screening, TransferCapability, TypeOfNumber,
};
use crate::{EmitError, ParseError};

/// Bit 8 of an octet: the extension bit (Q.931 §4.5.1).
pub(super) const EXT: u8 = 0x80;

/// Octet `i` of an element's contents.
pub(super) fn octet(c: &[u8], i: usize) -> Result<u8, ParseError> {
    c.get(i)
        .copied()
        .ok_or(ParseError::contents(i, "element too short"))
}

/// Length of an extension chain starting at `c[i]`: octets up to and including the first one
/// with bit 8 set (Q.931 §4.5.1 extension mechanism).
fn chain_len(c: &[u8], i: usize, what: &'static str) -> Result<usize, ParseError> {
    c[i..]
        .iter()
        .position(|o| o & EXT != 0)
        .map(|p| p + 1)
        .ok_or(ParseError::contents(c.len(), what))
}

fn valid_chain(b: &[u8]) -> bool {
    match b.split_last() {
        None => true,
        Some((last, init)) => last & EXT != 0 && init.iter().all(|o| o & EXT == 0),
    }
}

/// Bearer capability, Q.931 §4.5.5.
///
/// Octets 3, 4, 4.1 and the layer 1 protocol of octet 5 are typed; octets 5a–5d and the layer 2
/// and layer 3 octets 6–7 are kept as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BearerCapability<'a> {
    /// Coding standard (octet 3).
    pub coding_standard: CodingStandard,
    /// Information transfer capability (octet 3).
    pub transfer_capability: TransferCapability,
    /// Transfer mode (octet 4, 2 bits): 0 circuit mode, 2 packet mode.
    pub transfer_mode: u8,
    /// Information transfer rate (octet 4, 5 bits): 0x10 64 kbit/s, 0x18 multirate.
    pub transfer_rate: u8,
    /// Rate multiplier (octet 4.1, 7 bits), present with the multirate transfer rate only.
    pub rate_multiplier: Option<u8>,
    /// User information layer 1 protocol (octet 5, 5 bits): 2 G.711 µ-law, 3 G.711 A-law.
    pub layer1_protocol: Option<u8>,
    /// Octets 5a… following octet 5, as received (their bit 8 carries the extension chain).
    pub layer1_extension: &'a [u8],
    /// Octets 6 and 7 (layer 2 and layer 3 identification), as received.
    pub upper_layers: &'a [u8],
}

impl<'a> BearerCapability<'a> {
    /// Transfer rate code of 64 kbit/s.
    pub const RATE_64K: u8 = 0x10;
    /// Transfer rate code of multirate (64 kbit/s base rate), followed by octet 4.1.
    pub const RATE_MULTIRATE: u8 = 0x18;
    /// Layer 1 protocol code of G.711 µ-law.
    pub const G711_ULAW: u8 = 0x02;
    /// Layer 1 protocol code of G.711 A-law.
    pub const G711_ALAW: u8 = 0x03;

    const fn simple(cs: CodingStandard, tc: TransferCapability, rate: u8, l1: Option<u8>) -> Self {
        Self {
            coding_standard: cs,
            transfer_capability: tc,
            transfer_mode: 0,
            transfer_rate: rate,
            rate_multiplier: None,
            layer1_protocol: l1,
            layer1_extension: &[],
            upper_layers: &[],
        }
    }

    /// Speech, circuit mode 64 kbit/s, G.711 A-law (`80 90 a3`).
    #[must_use]
    pub const fn speech_alaw() -> Self {
        Self::simple(
            CodingStandard::ITU_T,
            TransferCapability::SPEECH,
            Self::RATE_64K,
            Some(Self::G711_ALAW),
        )
    }

    /// Speech, circuit mode 64 kbit/s, G.711 µ-law (`80 90 a2`).
    #[must_use]
    pub const fn speech_ulaw() -> Self {
        Self::simple(
            CodingStandard::ITU_T,
            TransferCapability::SPEECH,
            Self::RATE_64K,
            Some(Self::G711_ULAW),
        )
    }

    /// Unrestricted digital information, circuit mode 64 kbit/s (`88 90`).
    #[must_use]
    pub const fn unrestricted_digital() -> Self {
        Self::simple(
            CodingStandard::ITU_T,
            TransferCapability::UNRESTRICTED_DIGITAL,
            Self::RATE_64K,
            None,
        )
    }

    /// The bearer capability of a call-independent signalling connection (ECMA-165 §11.3:
    /// ISO/IEC coding, unrestricted digital information, `a8 80`).
    #[must_use]
    pub const fn call_independent() -> Self {
        Self::simple(
            CodingStandard::ISO_IEC,
            TransferCapability::UNRESTRICTED_DIGITAL,
            0,
            None,
        )
    }

    /// Parses the contents octets.
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        let o4 = octet(c, 1)?;
        if o3 & EXT == 0 || o4 & EXT == 0 {
            return Err(ParseError::contents(0, "bearer capability octet 3a/4a"));
        }
        let mut i = 2;
        let transfer_rate = o4 & 0x1F;
        let rate_multiplier = if transfer_rate == Self::RATE_MULTIRATE {
            let m = octet(c, i)?;
            if m & EXT == 0 {
                return Err(ParseError::contents(i, "rate multiplier extension"));
            }
            i += 1;
            Some(m & 0x7F)
        } else {
            None
        };
        let mut layer1_protocol = None;
        let mut layer1_extension: &[u8] = &[];
        if let Some(&o5) = c.get(i) {
            if o5 & 0x60 == 0x20 {
                layer1_protocol = Some(o5 & 0x1F);
                i += 1;
                if o5 & EXT == 0 {
                    let n = chain_len(c, i, "layer 1 octets 5a-5d")?;
                    layer1_extension = &c[i..i + n];
                    i += n;
                }
            }
        }
        Ok(Self {
            coding_standard: CodingStandard::from_bits(o3 >> 5),
            transfer_capability: TransferCapability::from_bits(o3),
            transfer_mode: (o4 >> 5) & 0x03,
            transfer_rate,
            rate_multiplier,
            layer1_protocol,
            layer1_extension,
            upper_layers: &c[i..],
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        2 + usize::from(self.rate_multiplier.is_some())
            + usize::from(self.layer1_protocol.is_some())
            + self.layer1_extension.len()
            + self.upper_layers.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.transfer_mode > 3
            || self.transfer_rate > 0x1F
            || self.rate_multiplier.is_some() != (self.transfer_rate == Self::RATE_MULTIRATE)
            || self.rate_multiplier.is_some_and(|m| m > 0x7F)
            || self.layer1_protocol.is_some_and(|p| p > 0x1F)
            || (self.layer1_protocol.is_none() && !self.layer1_extension.is_empty())
            || !valid_chain(self.layer1_extension)
        {
            return Err(EmitError::Unencodable("bearer capability field"));
        }
        b[0] = EXT | self.coding_standard.value() << 5 | self.transfer_capability.value();
        b[1] = EXT | self.transfer_mode << 5 | self.transfer_rate;
        let mut i = 2;
        if let Some(m) = self.rate_multiplier {
            b[i] = EXT | m;
            i += 1;
        }
        if let Some(p) = self.layer1_protocol {
            b[i] = if self.layer1_extension.is_empty() {
                EXT
            } else {
                0
            } | 0x20
                | p;
            i += 1;
        }
        b[i..i + self.layer1_extension.len()].copy_from_slice(self.layer1_extension);
        i += self.layer1_extension.len();
        b[i..].copy_from_slice(self.upper_layers);
        Ok(())
    }
}

/// Cause, Q.931 §4.5.12 and Q.850 §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cause<'a> {
    /// Coding standard (octet 3).
    pub coding_standard: CodingStandard,
    /// Location (octet 3).
    pub location: Location,
    /// Recommendation (octet 3a, 7 bits), if present.
    pub recommendation: Option<u8>,
    /// Cause value (octet 4).
    pub value: CauseValue,
    /// Diagnostics (octets 5…), as received.
    pub diagnostics: &'a [u8],
}

impl<'a> Cause<'a> {
    /// An ITU-T coded cause with no recommendation octet and no diagnostics.
    #[must_use]
    pub const fn new(location: Location, value: CauseValue) -> Self {
        Self {
            coding_standard: CodingStandard::ITU_T,
            location,
            recommendation: None,
            value,
            diagnostics: &[],
        }
    }

    /// Parses the contents octets.
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        if o3 & 0x10 != 0 {
            return Err(ParseError::contents(0, "cause spare bit"));
        }
        let mut i = 1;
        let recommendation = if o3 & EXT == 0 {
            let r = octet(c, 1)?;
            if r & EXT == 0 {
                return Err(ParseError::contents(1, "cause octet 3a extension"));
            }
            i = 2;
            Some(r & 0x7F)
        } else {
            None
        };
        let v = octet(c, i)?;
        if v & EXT == 0 {
            return Err(ParseError::contents(i, "cause value extension"));
        }
        Ok(Self {
            coding_standard: CodingStandard::from_bits(o3 >> 5),
            location: Location::from_bits(o3),
            recommendation,
            value: CauseValue::from_bits(v),
            diagnostics: &c[i + 1..],
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        2 + usize::from(self.recommendation.is_some()) + self.diagnostics.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.recommendation.is_some_and(|r| r > 0x7F) {
            return Err(EmitError::Unencodable("cause recommendation"));
        }
        let ext = if self.recommendation.is_some() {
            0
        } else {
            EXT
        };
        b[0] = ext | self.coding_standard.value() << 5 | self.location.value();
        let mut i = 1;
        if let Some(r) = self.recommendation {
            b[1] = EXT | r;
            i = 2;
        }
        b[i] = EXT | self.value.value();
        b[i + 1..].copy_from_slice(self.diagnostics);
        Ok(())
    }
}

/// Interface type of the channel identification (octet 3 bit 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InterfaceType {
    /// Basic rate interface.
    Basic,
    /// Primary rate (or any other than basic) interface.
    Primary,
}

/// Channel identification, Q.931 §4.5.13.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelIdentification<'a> {
    /// Interface type (octet 3).
    pub interface_type: InterfaceType,
    /// `true`: exclusive — only the indicated channel is acceptable; `false`: preferred.
    pub exclusive: bool,
    /// D-channel indicator: the channel identified is the D-channel.
    pub d_channel: bool,
    /// Information channel selection (2 bits): 0 no channel, 1 as indicated (PRI) / B1 (BRI),
    /// 2 B2 (BRI), 3 any channel.
    pub selection: u8,
    /// Interface identifier octets 3.1 (extension chain), present when the interface is
    /// identified explicitly (octet 3 bit 7, NFAS).
    pub interface_id: Option<&'a [u8]>,
    /// Octets 3.2 and 3.3 (primary rate channel list), if present.
    pub channels: Option<ChannelList<'a>>,
}

/// Octets 3.2–3.3 of a primary-rate channel identification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelList<'a> {
    /// Coding standard (octet 3.2).
    pub coding_standard: CodingStandard,
    /// `true`: octets 3.3 are a slot map; `false`: channel numbers.
    pub map: bool,
    /// Channel type / map element type (4 bits): 3 B-channel units.
    pub channel_type: u8,
    /// Octets 3.3 as received.
    pub octets: &'a [u8],
}

impl ChannelList<'_> {
    /// Channel type code of B-channel units.
    pub const B_CHANNEL: u8 = 3;

    /// The channel numbers (bits 7–1 of each octet 3.3) when the list is not a slot map.
    pub fn numbers(&self) -> impl Iterator<Item = u8> + '_ {
        let n = if self.map { 0 } else { self.octets.len() };
        self.octets[..n].iter().map(|o| o & 0x7F)
    }
}

impl<'a> ChannelIdentification<'a> {
    const fn pri_channel(exclusive: bool, octets: &'a [u8]) -> Self {
        Self {
            interface_type: InterfaceType::Primary,
            exclusive,
            d_channel: false,
            selection: 1,
            interface_id: None,
            channels: Some(ChannelList {
                coding_standard: CodingStandard::ITU_T,
                map: false,
                channel_type: ChannelList::B_CHANNEL,
                octets,
            }),
        }
    }

    /// A primary-rate B-channel given by its number octet (`0x80 | channel`, e.g. the
    /// `&[0x81]` of B1): `a9 83 81` when exclusive, `a1 83 81` when preferred.
    #[must_use]
    pub const fn pri_b_channel(number_octet: &'a [u8; 1], exclusive: bool) -> Self {
        Self::pri_channel(exclusive, number_octet)
    }

    /// "No channel" with the D-channel indicator on a primary rate interface, as used by
    /// call-independent signalling connections (ECMA-165 §11.3, `ac`).
    #[must_use]
    pub const fn no_channel() -> Self {
        Self {
            interface_type: InterfaceType::Primary,
            exclusive: true,
            d_channel: true,
            selection: 0,
            interface_id: None,
            channels: None,
        }
    }

    /// Parses the contents octets.
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        if o3 & EXT == 0 || o3 & 0x10 != 0 {
            return Err(ParseError::contents(0, "channel identification octet 3"));
        }
        let mut i = 1;
        let interface_id = if o3 & 0x40 != 0 {
            if i >= c.len() {
                return Err(ParseError::contents(i, "interface identifier missing"));
            }
            let n = chain_len(c, i, "interface identifier")?;
            let id = &c[i..i + n];
            i += n;
            Some(id)
        } else {
            None
        };
        let channels = if let Some(&o32) = c.get(i) {
            if o32 & EXT == 0 {
                return Err(ParseError::contents(i, "channel identification octet 3.2"));
            }
            Some(ChannelList {
                coding_standard: CodingStandard::from_bits(o32 >> 5),
                map: o32 & 0x10 != 0,
                channel_type: o32 & 0x0F,
                octets: &c[i + 1..],
            })
        } else {
            None
        };
        Ok(Self {
            interface_type: if o3 & 0x20 != 0 {
                InterfaceType::Primary
            } else {
                InterfaceType::Basic
            },
            exclusive: o3 & 0x08 != 0,
            d_channel: o3 & 0x04 != 0,
            selection: o3 & 0x03,
            interface_id,
            channels,
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        1 + self.interface_id.map_or(0, <[u8]>::len)
            + self.channels.map_or(0, |l| 1 + l.octets.len())
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.selection > 3
            || self
                .interface_id
                .is_some_and(|id| id.is_empty() || !valid_chain(id))
            || self.channels.is_some_and(|l| l.channel_type > 0x0F)
        {
            return Err(EmitError::Unencodable("channel identification field"));
        }
        b[0] = EXT
            | if self.interface_id.is_some() { 0x40 } else { 0 }
            | if self.interface_type == InterfaceType::Primary {
                0x20
            } else {
                0
            }
            | if self.exclusive { 0x08 } else { 0 }
            | if self.d_channel { 0x04 } else { 0 }
            | self.selection;
        let mut i = 1;
        if let Some(id) = self.interface_id {
            b[i..i + id.len()].copy_from_slice(id);
            i += id.len();
        }
        if let Some(l) = self.channels {
            b[i] = EXT
                | l.coding_standard.value() << 5
                | if l.map { 0x10 } else { 0 }
                | l.channel_type;
            b[i + 1..].copy_from_slice(l.octets);
        }
        Ok(())
    }
}

/// Progress indicator, Q.931 §4.5.23.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Coding standard (octet 3).
    pub coding_standard: CodingStandard,
    /// Location (octet 3).
    pub location: Location,
    /// Progress description (octet 4).
    pub description: ProgressDescription,
}

impl Progress {
    /// Parses the contents octets (exactly two).
    pub fn parse(c: &[u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        let o4 = octet(c, 1)?;
        if o3 & EXT == 0 || o3 & 0x10 != 0 || o4 & EXT == 0 {
            return Err(ParseError::contents(0, "progress indicator octets 3/4"));
        }
        if c.len() > 2 {
            return Err(ParseError::contents(2, "progress indicator too long"));
        }
        Ok(Self {
            coding_standard: CodingStandard::from_bits(o3 >> 5),
            location: Location::from_bits(o3),
            description: ProgressDescription::from_bits(o4),
        })
    }

    /// Contents octets (always 2).
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        2
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        b[0] = EXT | self.coding_standard.value() << 5 | self.location.value();
        b[1] = EXT | self.description.value();
        Ok(())
    }
}

/// A party number: calling (Q.931 §4.5.10), called (§4.5.8), connected (Q.951), redirecting and
/// redirection (Q.952) numbers share this layout.
///
/// Octet 3a (presentation and screening) exists for calling, connected, redirecting and
/// redirection numbers; octet 3b (reason for redirection) for the redirecting number only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartyNumber<'a> {
    /// Type of number (octet 3).
    pub type_of_number: TypeOfNumber,
    /// Numbering plan identification (octet 3).
    pub numbering_plan: NumberingPlan,
    /// Presentation and screening indicators (octet 3a), if present.
    pub presentation: Option<(Presentation, Screening)>,
    /// Reason for redirection (octet 3b), if present.
    pub reason: Option<RedirectionReason>,
    /// The number digits (IA5, bit 8 = 0), as sent.
    pub digits: &'a [u8],
}

impl<'a> PartyNumber<'a> {
    /// A number without octets 3a/3b.
    #[must_use]
    pub const fn new(ton: TypeOfNumber, plan: NumberingPlan, digits: &'a [u8]) -> Self {
        Self {
            type_of_number: ton,
            numbering_plan: plan,
            presentation: None,
            reason: None,
            digits,
        }
    }

    /// The same number with octet 3a.
    #[must_use]
    pub const fn with_presentation(mut self, p: Presentation, s: Screening) -> Self {
        self.presentation = Some((p, s));
        self
    }

    /// The digits as text (digits decoded from the wire are 7-bit IA5 and always valid UTF-8;
    /// empty if the field was set to octets that are not UTF-8).
    #[must_use]
    pub fn digits_str(&self) -> &'a str {
        core::str::from_utf8(self.digits).unwrap_or("")
    }

    /// Parses the contents octets; `with_3a`/`with_3b` say whether the element may carry
    /// octets 3a/3b.
    pub fn parse(c: &'a [u8], with_3a: bool, with_3b: bool) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        if o3 & 0x80 == 0 && !with_3a {
            return Err(ParseError::contents(0, "number octet 3 extension"));
        }
        let mut i = 1;
        let mut presentation = None;
        let mut reason = None;
        if o3 & EXT == 0 {
            let a = octet(c, 1)?;
            if a & 0x1C != 0 {
                return Err(ParseError::contents(1, "number octet 3a spare bits"));
            }
            presentation = Some((Presentation::from_bits(a >> 5), Screening::from_bits(a)));
            i = 2;
            if a & EXT == 0 {
                if !with_3b {
                    return Err(ParseError::contents(1, "number octet 3a extension"));
                }
                let r = octet(c, 2)?;
                if r & EXT == 0 || r & 0x70 != 0 {
                    return Err(ParseError::contents(2, "number octet 3b"));
                }
                reason = Some(RedirectionReason::from_bits(r));
                i = 3;
            }
        }
        let digits = &c[i..];
        if let Some(p) = digits.iter().position(|d| d & 0x80 != 0) {
            return Err(ParseError::contents(i + p, "number digit outside IA5"));
        }
        Ok(Self {
            type_of_number: TypeOfNumber::from_bits(o3 >> 4),
            numbering_plan: NumberingPlan::from_bits(o3),
            presentation,
            reason,
            digits,
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        1 + usize::from(self.presentation.is_some())
            + usize::from(self.reason.is_some())
            + self.digits.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if (self.reason.is_some() && self.presentation.is_none())
            || self.digits.iter().any(|d| d & 0x80 != 0)
        {
            return Err(EmitError::Unencodable("party number field"));
        }
        let ext3 = if self.presentation.is_some() { 0 } else { EXT };
        b[0] = ext3 | self.type_of_number.value() << 4 | self.numbering_plan.value();
        let mut i = 1;
        if let Some((p, s)) = self.presentation {
            let ext = if self.reason.is_some() { 0 } else { EXT };
            b[1] = ext | p.value() << 5 | s.value();
            i = 2;
        }
        if let Some(r) = self.reason {
            b[2] = EXT | r.value();
            i = 3;
        }
        b[i..].copy_from_slice(self.digits);
        Ok(())
    }
}

/// Facility, Q.932 §4.6.2 / ECMA-165 §10: the protocol profile and the components (network
/// facility extension, interpretation APDU, ROSE APDUs), which this crate keeps as BER octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facility<'a> {
    /// Protocol profile (octet 3, 5 bits): 0x1F networking extensions (QSIG), 0x11 remote
    /// operations protocol (ETSI DSS1).
    pub protocol_profile: u8,
    /// The components after octet 3, as received.
    pub components: &'a [u8],
}

impl<'a> Facility<'a> {
    /// Protocol profile "networking extensions" (ECMA-165, QSIG).
    pub const NETWORKING_EXTENSIONS: u8 = 0x1F;
    /// Protocol profile "remote operations protocol" (Q.932, ETSI).
    pub const REMOTE_OPERATIONS: u8 = 0x11;

    /// Parses the contents octets.
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        if o3 & EXT == 0 || o3 & 0x60 != 0 {
            return Err(ParseError::contents(0, "facility octet 3"));
        }
        Ok(Self {
            protocol_profile: o3 & 0x1F,
            components: &c[1..],
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        1 + self.components.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.protocol_profile > 0x1F {
            return Err(EmitError::Unencodable("facility protocol profile"));
        }
        b[0] = EXT | self.protocol_profile;
        b[1..].copy_from_slice(self.components);
        Ok(())
    }
}
