//! More typed information elements: notification indicator, keypad facility, date/time,
//! high and low layer compatibility, user-user, subaddresses (Q.931 §4.5), and the ECMA-143
//! codeset 4 transit counter and codeset 5 party category. Each has `parse(contents)` (offsets
//! relative to the contents), `buffer_len()` (contents octets) and is written by
//! [`super::Ie::emit`].

use super::ie::{ie_id, Codeset, Ie, RawIe};
use super::values::{CodingStandard, TransferCapability};
use crate::{EmitError, ParseError};

use super::ies::{octet, EXT};

fn exactly(c: &[u8], n: usize, what: &'static str) -> Result<(), ParseError> {
    if c.len() > n {
        return Err(ParseError::contents(n, what));
    }
    Ok(())
}

fn seven_bits(v: u8, what: &'static str) -> Result<(), EmitError> {
    if v & EXT != 0 {
        return Err(EmitError::Unencodable(what));
    }
    Ok(())
}

/// Notification indicator, Q.931 §4.5.22 (and Q.932 / ECMA-165 notification descriptions).
///
/// Octet 3 (the description) is typed; octets after it (the Q.932 extended descriptions'
/// contents) are kept as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationIndicator<'a> {
    /// Notification description (octet 3, 7 bits).
    pub description: u8,
    /// Octets after octet 3, as received.
    pub information: &'a [u8],
}

impl<'a> NotificationIndicator<'a> {
    /// User suspended.
    pub const USER_SUSPENDED: u8 = 0x00;
    /// User resumed.
    pub const USER_RESUMED: u8 = 0x01;
    /// Bearer service change.
    pub const BEARER_CHANGE: u8 = 0x02;
    /// Call transferred, alerting (Q.952 / ECMA-178).
    pub const TRANSFER_ALERTING: u8 = 0x69;
    /// Call transferred, active.
    pub const TRANSFER_ACTIVE: u8 = 0x6A;
    /// Remote hold.
    pub const REMOTE_HOLD: u8 = 0x79;
    /// Remote retrieval.
    pub const REMOTE_RETRIEVAL: u8 = 0x7A;
    /// Call is diverting.
    pub const CALL_IS_DIVERTING: u8 = 0x7B;

    /// A notification with only its description octet.
    #[must_use]
    pub const fn new(description: u8) -> Self {
        Self {
            description,
            information: &[],
        }
    }

    /// Parses the contents octets.
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        if o3 & EXT == 0 {
            return Err(ParseError::contents(0, "notification indicator octet 3"));
        }
        Ok(Self {
            description: o3 & 0x7F,
            information: &c[1..],
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        1 + self.information.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        seven_bits(self.description, "notification description")?;
        b[0] = EXT | self.description;
        b[1..].copy_from_slice(self.information);
        Ok(())
    }
}

/// IA5 characters (bit 8 = 0): keypad facility (Q.931 §4.5.18).
fn ia5(c: &[u8], what: &'static str) -> Result<(), ParseError> {
    match c.iter().position(|o| o & EXT != 0) {
        Some(p) => Err(ParseError::contents(p, what)),
        None => Ok(()),
    }
}

/// Keypad facility, Q.931 §4.5.18: IA5 characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keypad<'a>(pub &'a [u8]);

impl<'a> Keypad<'a> {
    /// Parses the contents octets (at least one IA5 character).
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        if c.is_empty() {
            return Err(ParseError::contents(0, "empty keypad facility"));
        }
        ia5(c, "keypad character outside IA5")?;
        Ok(Self(c))
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.0.is_empty() || self.0.iter().any(|o| o & EXT != 0) {
            return Err(EmitError::Unencodable("keypad characters"));
        }
        b.copy_from_slice(self.0);
        Ok(())
    }
}

/// Date/time, Q.931 §4.5.14 (national option, used by ECMA-143): binary year (last two
/// digits), month, day, then optionally hour, minute and second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Year, last two digits (0–99).
    pub year: u8,
    /// Month (1–12).
    pub month: u8,
    /// Day (1–31).
    pub day: u8,
    /// Hour (0–23), minute (0–59) and second (0–59): each present only with the previous.
    pub hour: Option<u8>,
    /// Minute, only with an hour.
    pub minute: Option<u8>,
    /// Second, only with a minute.
    pub second: Option<u8>,
}

impl DateTime {
    const LIMITS: [(u8, u8); 6] = [(0, 99), (1, 12), (1, 31), (0, 23), (0, 59), (0, 59)];

    /// A date without time of day.
    #[must_use]
    pub const fn new(year: u8, month: u8, day: u8) -> Self {
        Self {
            year,
            month,
            day,
            hour: None,
            minute: None,
            second: None,
        }
    }

    /// The same date with a time of day.
    #[must_use]
    pub const fn with_time(mut self, hour: u8, minute: u8, second: u8) -> Self {
        self.hour = Some(hour);
        self.minute = Some(minute);
        self.second = Some(second);
        self
    }

    /// Parses the contents octets (3 to 6).
    pub fn parse(c: &[u8]) -> Result<Self, ParseError> {
        if c.len() < 3 {
            return Err(ParseError::contents(c.len(), "date/time too short"));
        }
        exactly(c, 6, "date/time too long")?;
        for (i, (&v, (lo, hi))) in c.iter().zip(Self::LIMITS).enumerate() {
            if v < lo || v > hi {
                return Err(ParseError::contents(i, "date/time field out of range"));
            }
        }
        Ok(Self {
            year: c[0],
            month: c[1],
            day: c[2],
            hour: c.get(3).copied(),
            minute: c.get(4).copied(),
            second: c.get(5).copied(),
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        3 + usize::from(self.hour.is_some())
            + usize::from(self.minute.is_some())
            + usize::from(self.second.is_some())
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if (self.minute.is_some() && self.hour.is_none())
            || (self.second.is_some() && self.minute.is_none())
        {
            return Err(EmitError::Unencodable(
                "date/time field without the previous one",
            ));
        }
        let v = [
            Some(self.year),
            Some(self.month),
            Some(self.day),
            self.hour,
            self.minute,
            self.second,
        ];
        for (i, (x, (lo, hi))) in v.iter().zip(Self::LIMITS).enumerate() {
            if let Some(x) = *x {
                if x < lo || x > hi {
                    return Err(EmitError::Unencodable("date/time field out of range"));
                }
                b[i] = x;
            }
        }
        Ok(())
    }
}

/// High layer compatibility, Q.931 §4.5.17.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HighLayerCompatibility {
    /// Coding standard (octet 3).
    pub coding_standard: CodingStandard,
    /// Interpretation (octet 3, 3 bits; 4 = first high layer characteristics identification
    /// to be used in the call).
    pub interpretation: u8,
    /// Presentation method of protocol profile (octet 3, 2 bits; 1 = high layer protocol
    /// profile).
    pub presentation_method: u8,
    /// High layer characteristics identification (octet 4, 7 bits: 0x01 telephony, 0x04 fax
    /// group 2/3, …).
    pub characteristics: u8,
    /// Extended high layer characteristics identification (octet 4a, 7 bits), if present.
    pub extended_characteristics: Option<u8>,
}

impl HighLayerCompatibility {
    /// Telephony (ITU-T coding, interpretation 4, profile 1, characteristics 0x01):
    /// `91 81`.
    #[must_use]
    pub const fn telephony() -> Self {
        Self {
            coding_standard: CodingStandard::ITU_T,
            interpretation: 4,
            presentation_method: 1,
            characteristics: 0x01,
            extended_characteristics: None,
        }
    }

    /// Parses the contents octets (2 or 3).
    pub fn parse(c: &[u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        let o4 = octet(c, 1)?;
        if o3 & EXT == 0 {
            return Err(ParseError::contents(0, "HLC octet 3 extension"));
        }
        let extended_characteristics = if o4 & EXT == 0 {
            let a = octet(c, 2)?;
            if a & EXT == 0 {
                return Err(ParseError::contents(2, "HLC octet 4a extension"));
            }
            exactly(c, 3, "HLC too long")?;
            Some(a & 0x7F)
        } else {
            exactly(c, 2, "HLC too long")?;
            None
        };
        Ok(Self {
            coding_standard: CodingStandard::from_bits(o3 >> 5),
            interpretation: (o3 >> 2) & 0x07,
            presentation_method: o3 & 0x03,
            characteristics: o4 & 0x7F,
            extended_characteristics,
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        2 + usize::from(self.extended_characteristics.is_some())
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.interpretation > 7 || self.presentation_method > 3 {
            return Err(EmitError::Unencodable("HLC octet 3 field"));
        }
        seven_bits(self.characteristics, "HLC characteristics")?;
        b[0] = EXT
            | self.coding_standard.value() << 5
            | self.interpretation << 2
            | self.presentation_method;
        match self.extended_characteristics {
            Some(x) => {
                seven_bits(x, "HLC extended characteristics")?;
                b[1] = self.characteristics;
                b[2] = EXT | x;
            }
            None => b[1] = EXT | self.characteristics,
        }
        Ok(())
    }
}

/// Low layer compatibility, Q.931 §4.5.19.
///
/// Octet 3 (coding standard, information transfer capability) and octet 3a (negotiation
/// indicator) are typed; octets 4 onwards (transfer mode and rate, user information layer 1–3
/// protocols) are kept as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LowLayerCompatibility<'a> {
    /// Coding standard (octet 3).
    pub coding_standard: CodingStandard,
    /// Information transfer capability (octet 3).
    pub transfer_capability: TransferCapability,
    /// Octet 3a (bit 7: out-band negotiation possible), all 7 bits, if present.
    pub negotiation: Option<u8>,
    /// Octets 4… as received.
    pub rest: &'a [u8],
}

impl<'a> LowLayerCompatibility<'a> {
    /// Octet 3 only (no negotiation octet, no further octets).
    #[must_use]
    pub const fn new(
        coding_standard: CodingStandard,
        transfer_capability: TransferCapability,
    ) -> Self {
        Self {
            coding_standard,
            transfer_capability,
            negotiation: None,
            rest: &[],
        }
    }

    /// Parses the contents octets.
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        let (negotiation, i) = if o3 & EXT == 0 {
            let a = octet(c, 1)?;
            if a & EXT == 0 {
                return Err(ParseError::contents(1, "LLC octet 3a extension"));
            }
            (Some(a & 0x7F), 2)
        } else {
            (None, 1)
        };
        Ok(Self {
            coding_standard: CodingStandard::from_bits(o3 >> 5),
            transfer_capability: TransferCapability::from_bits(o3),
            negotiation,
            rest: &c[i..],
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        1 + usize::from(self.negotiation.is_some()) + self.rest.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        let ext = if self.negotiation.is_some() { 0 } else { EXT };
        b[0] = ext | self.coding_standard.value() << 5 | self.transfer_capability.value();
        let mut i = 1;
        if let Some(n) = self.negotiation {
            seven_bits(n, "LLC octet 3a")?;
            b[1] = EXT | n;
            i = 2;
        }
        b[i..].copy_from_slice(self.rest);
        Ok(())
    }
}

/// User-user, Q.931 §4.5.30: a protocol discriminator and the user information.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserUser<'a> {
    /// Protocol discriminator (octet 3): 0x00 user-specific, 0x04 IA5 characters, …
    pub protocol_discriminator: u8,
    /// User information, as received.
    pub information: &'a [u8],
}

impl<'a> UserUser<'a> {
    /// Protocol discriminator "user-specific protocol".
    pub const USER_SPECIFIC: u8 = 0x00;
    /// Protocol discriminator "IA5 characters".
    pub const IA5: u8 = 0x04;

    /// User information with its protocol discriminator.
    #[must_use]
    pub const fn new(protocol_discriminator: u8, information: &'a [u8]) -> Self {
        Self {
            protocol_discriminator,
            information,
        }
    }

    /// Parses the contents octets.
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        Ok(Self {
            protocol_discriminator: octet(c, 0)?,
            information: &c[1..],
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        1 + self.information.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        b[0] = self.protocol_discriminator;
        b[1..].copy_from_slice(self.information);
        Ok(())
    }
}

/// Calling party, called party and connected subaddress, Q.931 §4.5.9/§4.5.11, Q.951.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subaddress<'a> {
    /// Type of subaddress (octet 3, 3 bits): 0 NSAP (X.213), 2 user specified.
    pub kind: u8,
    /// Odd/even indicator (octet 3): an odd number of BCD digits.
    pub odd: bool,
    /// Subaddress information (1–20 octets).
    pub information: &'a [u8],
}

impl<'a> Subaddress<'a> {
    /// Type NSAP (X.213 / ISO 8348 AD2).
    pub const NSAP: u8 = 0;
    /// Type user specified.
    pub const USER_SPECIFIED: u8 = 2;

    /// An NSAP subaddress (X.213).
    #[must_use]
    pub const fn nsap(information: &'a [u8]) -> Self {
        Self {
            kind: Self::NSAP,
            odd: false,
            information,
        }
    }

    /// A user-specified subaddress; `odd` for BCD digits with an odd count.
    #[must_use]
    pub const fn user_specified(information: &'a [u8], odd: bool) -> Self {
        Self {
            kind: Self::USER_SPECIFIED,
            odd,
            information,
        }
    }

    /// Parses the contents octets.
    pub fn parse(c: &'a [u8]) -> Result<Self, ParseError> {
        let o3 = octet(c, 0)?;
        if o3 & EXT == 0 || o3 & 0x07 != 0 {
            return Err(ParseError::contents(0, "subaddress octet 3"));
        }
        let information = &c[1..];
        if information.is_empty() {
            return Err(ParseError::contents(1, "empty subaddress"));
        }
        exactly(c, 21, "subaddress longer than 20 octets")?;
        Ok(Self {
            kind: (o3 >> 4) & 0x07,
            odd: o3 & 0x08 != 0,
            information,
        })
    }

    /// Contents octets.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        1 + self.information.len()
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.kind > 7 || self.information.is_empty() || self.information.len() > 20 {
            return Err(EmitError::Unencodable("subaddress"));
        }
        b[0] = EXT | self.kind << 4 | u8::from(self.odd) << 3;
        b[1..].copy_from_slice(self.information);
        Ok(())
    }
}

/// One-octet element with the extension bit set and a value in `mask`.
fn single_value(c: &[u8], mask: u8, what: &'static str) -> Result<u8, ParseError> {
    let o = octet(c, 0)?;
    if o & EXT == 0 || o & !(EXT | mask) != 0 {
        return Err(ParseError::contents(0, what));
    }
    exactly(c, 1, what)?;
    Ok(o & mask)
}

/// Transit counter (codeset 4, ECMA-143 §11.3): how many transit PINXs the call crossed
/// (5 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitCounter(pub u8);

impl TransitCounter {
    /// Parses the contents octet.
    pub fn parse(c: &[u8]) -> Result<Self, ParseError> {
        single_value(c, 0x1F, "transit counter").map(Self)
    }

    pub(crate) fn write(self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.0 > 0x1F {
            return Err(EmitError::Unencodable("transit counter"));
        }
        b[0] = EXT | self.0;
        Ok(())
    }
}

/// Party category (codeset 5, ECMA-143): 0 unknown, 1 extension, 2 operator, 3 emergency
/// extension in bits 1–3; the spare bits 4–7 are kept as received (all 7 bits are stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartyCategory(pub u8);

impl PartyCategory {
    /// Unknown.
    pub const UNKNOWN: Self = Self(0);
    /// Extension.
    pub const EXTENSION: Self = Self(1);
    /// Operator.
    pub const OPERATOR: Self = Self(2);
    /// Emergency extension.
    pub const EMERGENCY_EXTENSION: Self = Self(3);

    /// Parses the contents octet.
    pub fn parse(c: &[u8]) -> Result<Self, ParseError> {
        single_value(c, 0x7F, "party category").map(Self)
    }

    pub(crate) fn write(self, b: &mut [u8]) -> Result<(), EmitError> {
        seven_bits(self.0, "party category")?;
        b[0] = EXT | self.0;
        Ok(())
    }
}

impl<'a> Ie<'a> {
    /// Strict decoding of the elements of this file; `Ok(None)` for any other element.
    pub(crate) fn parse_extra(raw: &RawIe<'a>) -> Result<Option<Self>, ParseError> {
        use ie_id as id;
        let c = raw.contents;
        let at = |e: ParseError| e.shifted(raw.offset + 2);
        Ok(Some(match (raw.codeset, raw.id) {
            (Codeset::ISO_IEC, ie_id::TRANSIT_COUNTER) => {
                Self::TransitCounter(TransitCounter::parse(c).map_err(at)?)
            }
            (Codeset::NATIONAL, ie_id::PARTY_CATEGORY) => {
                Self::PartyCategory(PartyCategory::parse(c).map_err(at)?)
            }
            (Codeset::Q931, id::NOTIFICATION_INDICATOR) => {
                Self::NotificationIndicator(NotificationIndicator::parse(c).map_err(at)?)
            }
            (Codeset::Q931, id::KEYPAD_FACILITY) => Self::Keypad(Keypad::parse(c).map_err(at)?),
            (Codeset::Q931, id::DATE_TIME) => Self::DateTime(DateTime::parse(c).map_err(at)?),
            (Codeset::Q931, id::HIGH_LAYER_COMPATIBILITY) => {
                Self::HighLayerCompatibility(HighLayerCompatibility::parse(c).map_err(at)?)
            }
            (Codeset::Q931, id::LOW_LAYER_COMPATIBILITY) => {
                Self::LowLayerCompatibility(LowLayerCompatibility::parse(c).map_err(at)?)
            }
            (Codeset::Q931, id::USER_USER) => Self::UserUser(UserUser::parse(c).map_err(at)?),
            (Codeset::Q931, id::ORIGINAL_CALLED_NUMBER) => Self::OriginalCalledNumber(
                super::ies::PartyNumber::parse(c, true, true).map_err(at)?,
            ),
            (Codeset::Q931, id::CALLING_PARTY_SUBADDRESS) => {
                Self::CallingPartySubaddress(Subaddress::parse(c).map_err(at)?)
            }
            (Codeset::Q931, id::CALLED_PARTY_SUBADDRESS) => {
                Self::CalledPartySubaddress(Subaddress::parse(c).map_err(at)?)
            }
            (Codeset::Q931, id::CONNECTED_SUBADDRESS) => {
                Self::ConnectedSubaddress(Subaddress::parse(c).map_err(at)?)
            }
            _ => return Ok(None),
        }))
    }
}
