//! Information element walking (Q.931 §4.5): single-octet and variable-length elements,
//! codeset locking and non-locking shifts (§4.5.2–4.5.4), the typed [`Ie`] enum.

use core::fmt;

use super::ies::{BearerCapability, Cause, ChannelIdentification, Facility, PartyNumber, Progress};
use super::ies_extra::{
    DateTime, HighLayerCompatibility, Keypad, LowLayerCompatibility, NotificationIndicator,
    PartyCategory, Subaddress, TransitCounter, UserUser,
};
use super::state_ies::{CallState, RestartIndicator};
use crate::{EmitError, ParseError};

/// Information element identifiers of codeset 0 (Q.931 Table 4-3, Q.932, ECMA-143), and the
/// two ECMA-143 elements of codesets 4 and 5 this crate types.
pub mod ie_id {
    /// Shift (single octet, `1001 xnnn`; the low nibble carries the codeset).
    pub const SHIFT: u8 = 0x90;
    /// More data (single octet).
    pub const MORE_DATA: u8 = 0xA0;
    /// Sending complete (single octet).
    pub const SENDING_COMPLETE: u8 = 0xA1;
    /// Congestion level (single octet, `1011 xxxx`).
    pub const CONGESTION_LEVEL: u8 = 0xB0;
    /// Repeat indicator (single octet, `1101 xxxx`).
    pub const REPEAT_INDICATOR: u8 = 0xD0;
    /// Segmented message.
    pub const SEGMENTED_MESSAGE: u8 = 0x00;
    /// Bearer capability.
    pub const BEARER_CAPABILITY: u8 = 0x04;
    /// Cause.
    pub const CAUSE: u8 = 0x08;
    /// Call identity.
    pub const CALL_IDENTITY: u8 = 0x10;
    /// Call state.
    pub const CALL_STATE: u8 = 0x14;
    /// Channel identification.
    pub const CHANNEL_IDENTIFICATION: u8 = 0x18;
    /// Facility (Q.932).
    pub const FACILITY: u8 = 0x1C;
    /// Progress indicator.
    pub const PROGRESS_INDICATOR: u8 = 0x1E;
    /// Network-specific facilities.
    pub const NETWORK_SPECIFIC_FACILITIES: u8 = 0x20;
    /// Notification indicator.
    pub const NOTIFICATION_INDICATOR: u8 = 0x27;
    /// Display.
    pub const DISPLAY: u8 = 0x28;
    /// Date/time.
    pub const DATE_TIME: u8 = 0x29;
    /// Keypad facility.
    pub const KEYPAD_FACILITY: u8 = 0x2C;
    /// Signal.
    pub const SIGNAL: u8 = 0x34;
    /// Information rate.
    pub const INFORMATION_RATE: u8 = 0x40;
    /// End-to-end transit delay.
    pub const TRANSIT_DELAY: u8 = 0x42;
    /// Connected number (Q.951).
    pub const CONNECTED_NUMBER: u8 = 0x4C;
    /// Connected subaddress (Q.951).
    pub const CONNECTED_SUBADDRESS: u8 = 0x4D;
    /// Calling party number.
    pub const CALLING_PARTY_NUMBER: u8 = 0x6C;
    /// Calling party subaddress.
    pub const CALLING_PARTY_SUBADDRESS: u8 = 0x6D;
    /// Called party number.
    pub const CALLED_PARTY_NUMBER: u8 = 0x70;
    /// Called party subaddress.
    pub const CALLED_PARTY_SUBADDRESS: u8 = 0x71;
    /// Original called number (Q.952).
    pub const ORIGINAL_CALLED_NUMBER: u8 = 0x73;
    /// Redirecting number (Q.952).
    pub const REDIRECTING_NUMBER: u8 = 0x74;
    /// Redirection number (Q.952).
    pub const REDIRECTION_NUMBER: u8 = 0x76;
    /// Transit network selection.
    pub const TRANSIT_NETWORK_SELECTION: u8 = 0x78;
    /// Restart indicator.
    pub const RESTART_INDICATOR: u8 = 0x79;
    /// Low layer compatibility.
    pub const LOW_LAYER_COMPATIBILITY: u8 = 0x7C;
    /// High layer compatibility.
    pub const HIGH_LAYER_COMPATIBILITY: u8 = 0x7D;
    /// User-user.
    pub const USER_USER: u8 = 0x7E;
    /// Escape for extension.
    pub const ESCAPE: u8 = 0x7F;

    /// Variable-length identifiers of codeset 0 that this crate recognises (Q.931 Table 4-3,
    /// Q.932, Q.951, Q.952). An identifier `0000 xxxx` outside this list is an unrecognised
    /// comprehension-required element (Q.931 §4.5.1).
    pub const RECOGNISED: &[u8] = &[
        SEGMENTED_MESSAGE,
        BEARER_CAPABILITY,
        CAUSE,
        CALL_IDENTITY,
        CALL_STATE,
        CHANNEL_IDENTIFICATION,
        FACILITY,
        PROGRESS_INDICATOR,
        NETWORK_SPECIFIC_FACILITIES,
        NOTIFICATION_INDICATOR,
        DISPLAY,
        DATE_TIME,
        KEYPAD_FACILITY,
        SIGNAL,
        INFORMATION_RATE,
        TRANSIT_DELAY,
        CONNECTED_NUMBER,
        CONNECTED_SUBADDRESS,
        CALLING_PARTY_NUMBER,
        CALLING_PARTY_SUBADDRESS,
        CALLED_PARTY_NUMBER,
        CALLED_PARTY_SUBADDRESS,
        ORIGINAL_CALLED_NUMBER,
        REDIRECTING_NUMBER,
        REDIRECTION_NUMBER,
        TRANSIT_NETWORK_SELECTION,
        RESTART_INDICATOR,
        LOW_LAYER_COMPATIBILITY,
        HIGH_LAYER_COMPATIBILITY,
        USER_USER,
        ESCAPE,
    ];

    /// Transit counter, in codeset 4 (ECMA-143 / ISO/IEC 11572).
    pub const TRANSIT_COUNTER: u8 = 0x31;
    /// Party category, in codeset 5 (ECMA-143).
    pub const PARTY_CATEGORY: u8 = 0x32;
}

/// Codeset, Q.931 §4.5.2 (3 bits).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Codeset(u8);

impl Codeset {
    /// Codeset 0: Q.931 information elements.
    pub const Q931: Self = Self(0);
    /// Codeset 4: ISO/IEC standard elements (QSIG, ECMA-143: transit counter 0x31).
    pub const ISO_IEC: Self = Self(4);
    /// Codeset 5: national standard elements (QSIG party category 0x32).
    pub const NATIONAL: Self = Self(5);
    /// Codeset 6: elements specific to the local network.
    pub const LOCAL_NETWORK: Self = Self(6);
    /// Codeset 7: user-specific elements.
    pub const USER_SPECIFIC: Self = Self(7);

    /// `None` unless `v` is 0–7.
    #[must_use]
    pub const fn new(v: u8) -> Option<Self> {
        if v < 8 {
            Some(Self(v))
        } else {
            None
        }
    }

    /// The codeset number, 0–7.
    #[must_use]
    pub const fn value(self) -> u8 {
        self.0
    }
}

impl fmt::Debug for Codeset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Codeset({})", self.0)
    }
}

/// The shift information element, Q.931 §4.5.3 (locking) and §4.5.4 (non-locking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shift {
    /// The codeset shifted to.
    pub codeset: Codeset,
    /// `true` for a locking shift (stays in force until the next locking shift); `false` for a
    /// non-locking shift (applies to the next element only).
    pub locking: bool,
}

impl Shift {
    /// The single octet encoding (`1001 xnnn`, x = 1 for non-locking).
    #[must_use]
    pub const fn octet(&self) -> u8 {
        ie_id::SHIFT | if self.locking { 0 } else { 0x08 } | self.codeset.0
    }
}

/// One information element as it sits in a message, borrowed from the message buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawIe<'a> {
    /// Offset of the identifier octet from the start of the message.
    pub offset: usize,
    /// The codeset in force for this element (after shifts).
    pub codeset: Codeset,
    /// The identifier octet. For a single-octet element it is the whole element.
    pub id: u8,
    /// The contents octets after the length octet; empty for a single-octet element.
    pub contents: &'a [u8],
}

impl RawIe<'_> {
    /// Whether this is a single-octet element (identifier bit 8 = 1, Q.931 §4.5.1).
    #[must_use]
    pub const fn is_single_octet(&self) -> bool {
        self.id & 0x80 != 0
    }

    /// The shift this element encodes, if it is one.
    #[must_use]
    pub const fn shift(&self) -> Option<Shift> {
        if self.id & 0xF0 == ie_id::SHIFT {
            Some(Shift {
                codeset: Codeset(self.id & 0x07),
                locking: self.id & 0x08 == 0,
            })
        } else {
            None
        }
    }

    /// Whether this is a variable-length element of codeset 0 with an identifier
    /// `0000 xxxx` ("comprehension required", Q.931 §4.5.1) that this crate does not recognise.
    #[must_use]
    pub fn is_unrecognised_comprehension_required(&self) -> bool {
        self.codeset == Codeset::Q931
            && !self.is_single_octet()
            && self.id & 0xF0 == 0
            && !ie_id::RECOGNISED.contains(&self.id)
    }
}

/// A borrowing iterator over the information elements of a message (after the message type),
/// tracking the active codeset through shifts. Yields an error once and then stops if an
/// element's length runs past the end of the buffer.
#[derive(Debug, Clone)]
pub struct IeIter<'a> {
    buf: &'a [u8],
    pos: usize,
    locked: Codeset,
    next_only: Option<Codeset>,
    failed: bool,
}

impl<'a> IeIter<'a> {
    /// Walks `buf[start..]`; offsets reported are relative to `buf`.
    pub(crate) const fn new(buf: &'a [u8], start: usize) -> Self {
        Self {
            buf,
            pos: start,
            locked: Codeset::Q931,
            next_only: None,
            failed: false,
        }
    }
}

impl<'a> Iterator for IeIter<'a> {
    type Item = Result<RawIe<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.buf.len() {
            return None;
        }
        let offset = self.pos;
        let id = self.buf[offset];
        let codeset = self.next_only.take().unwrap_or(self.locked);
        if id & 0x80 != 0 {
            self.pos += 1;
            let ie = RawIe {
                offset,
                codeset,
                id,
                contents: &[],
            };
            if let Some(s) = ie.shift() {
                if s.locking {
                    self.locked = s.codeset;
                } else {
                    self.next_only = Some(s.codeset);
                }
            }
            return Some(Ok(ie));
        }
        let Some(&len) = self.buf.get(offset + 1) else {
            self.failed = true;
            return Some(Err(ParseError::truncated(self.buf.len(), 1)));
        };
        let start = offset + 2;
        let end = start + usize::from(len);
        if end > self.buf.len() {
            self.failed = true;
            return Some(Err(ParseError::truncated(
                self.buf.len(),
                end - self.buf.len(),
            )));
        }
        self.pos = end;
        Some(Ok(RawIe {
            offset,
            codeset,
            id,
            contents: &self.buf[start..end],
        }))
    }
}

/// An information element, typed where this crate knows it (codeset 0), raw otherwise.
///
/// [`Ie::from_raw`] types an element only when its typed form re-emits exactly the octets
/// received; anything else (an unknown identifier, another codeset, contents that break the
/// coding or use a non-canonical encoding) stays [`Ie::Unknown`], so a relay is always lossless.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ie<'a> {
    /// Shift, Q.931 §4.5.3/§4.5.4.
    Shift(Shift),
    /// Sending complete, Q.931 §4.5.27.
    SendingComplete,
    /// Any other single-octet element (more data, congestion level, repeat indicator, or an
    /// unknown one), kept as its octet.
    SingleOctet {
        /// The codeset in force.
        codeset: Codeset,
        /// The element octet.
        octet: u8,
    },
    /// Bearer capability, Q.931 §4.5.5.
    BearerCapability(BearerCapability<'a>),
    /// Cause, Q.931 §4.5.12 / Q.850.
    Cause(Cause<'a>),
    /// Channel identification, Q.931 §4.5.13.
    ChannelIdentification(ChannelIdentification<'a>),
    /// Facility, Q.932 §4.6.2 (components kept raw).
    Facility(Facility<'a>),
    /// Progress indicator, Q.931 §4.5.23.
    Progress(Progress),
    /// Display, Q.931 §4.5.16 (IA5 octets as sent).
    Display(&'a [u8]),
    /// Connected number, Q.951 §3.
    ConnectedNumber(PartyNumber<'a>),
    /// Calling party number, Q.931 §4.5.10.
    CallingPartyNumber(PartyNumber<'a>),
    /// Called party number, Q.931 §4.5.8.
    CalledPartyNumber(PartyNumber<'a>),
    /// Redirecting number, Q.952 §4.
    RedirectingNumber(PartyNumber<'a>),
    /// Redirection number, Q.952 §4.
    RedirectionNumber(PartyNumber<'a>),
    /// Call state, Q.931 §4.5.7 (STATUS).
    CallState(CallState),
    /// Restart indicator, Q.931 §4.5.25 (RESTART, RESTART ACKNOWLEDGE).
    RestartIndicator(RestartIndicator),
    /// An element kept raw.
    Unknown {
        /// The codeset in force.
        codeset: Codeset,
        /// The identifier octet.
        id: u8,
        /// The contents after the length octet.
        contents: &'a [u8],
    },
    // Elements of `ies_extra.rs`.
    /// Notification indicator, Q.931 §4.5.22.
    NotificationIndicator(NotificationIndicator<'a>),
    /// Keypad facility, Q.931 §4.5.18.
    Keypad(Keypad<'a>),
    /// Date/time, Q.931 §4.5.14.
    DateTime(DateTime),
    /// High layer compatibility, Q.931 §4.5.17.
    HighLayerCompatibility(HighLayerCompatibility),
    /// Low layer compatibility, Q.931 §4.5.19.
    LowLayerCompatibility(LowLayerCompatibility<'a>),
    /// User-user, Q.931 §4.5.30.
    UserUser(UserUser<'a>),
    /// Original called number, Q.952 (octets 3a and 3b allowed).
    OriginalCalledNumber(PartyNumber<'a>),
    /// Calling party subaddress, Q.931 §4.5.11.
    CallingPartySubaddress(Subaddress<'a>),
    /// Called party subaddress, Q.931 §4.5.9.
    CalledPartySubaddress(Subaddress<'a>),
    /// Connected subaddress, Q.951.
    ConnectedSubaddress(Subaddress<'a>),
    /// Transit counter, codeset 4 (ECMA-143). Emitting it alone writes identifier 0x31: the
    /// message must shift to codeset 4 first.
    TransitCounter(TransitCounter),
    /// Party category, codeset 5 (ECMA-143). The message must shift to codeset 5 first.
    PartyCategory(PartyCategory),
}

impl<'a> Ie<'a> {
    /// Decodes the typed form of a codeset 0 element strictly: an error for malformed contents
    /// (offsets relative to the message when `raw` came from [`super::Message::ies`]),
    /// [`Ie::Unknown`] for an element this crate does not type.
    pub fn parse_typed(raw: &RawIe<'a>) -> Result<Self, ParseError> {
        use ie_id as id;
        if raw.is_single_octet() {
            if let Some(s) = raw.shift() {
                return Ok(Self::Shift(s));
            }
            if raw.codeset == Codeset::Q931 && raw.id == id::SENDING_COMPLETE {
                return Ok(Self::SendingComplete);
            }
            return Ok(Self::SingleOctet {
                codeset: raw.codeset,
                octet: raw.id,
            });
        }
        if let Some(ie) = Self::parse_extra(raw)? {
            return Ok(ie);
        }
        let c = raw.contents;
        let at = |e: ParseError| e.shifted(raw.offset + 2);
        if raw.codeset != Codeset::Q931 {
            return Ok(Self::unknown(raw));
        }
        Ok(match raw.id {
            id::BEARER_CAPABILITY => {
                Self::BearerCapability(BearerCapability::parse(c).map_err(at)?)
            }
            id::CAUSE => Self::Cause(Cause::parse(c).map_err(at)?),
            id::CHANNEL_IDENTIFICATION => {
                Self::ChannelIdentification(ChannelIdentification::parse(c).map_err(at)?)
            }
            id::FACILITY => Self::Facility(Facility::parse(c).map_err(at)?),
            id::PROGRESS_INDICATOR => Self::Progress(Progress::parse(c).map_err(at)?),
            id::DISPLAY => Self::Display(c),
            id::CONNECTED_NUMBER => {
                Self::ConnectedNumber(PartyNumber::parse(c, true, false).map_err(at)?)
            }
            id::CALLING_PARTY_NUMBER => {
                Self::CallingPartyNumber(PartyNumber::parse(c, true, false).map_err(at)?)
            }
            id::CALLED_PARTY_NUMBER => {
                Self::CalledPartyNumber(PartyNumber::parse(c, false, false).map_err(at)?)
            }
            id::REDIRECTING_NUMBER => {
                Self::RedirectingNumber(PartyNumber::parse(c, true, true).map_err(at)?)
            }
            id::REDIRECTION_NUMBER => {
                Self::RedirectionNumber(PartyNumber::parse(c, true, false).map_err(at)?)
            }
            id::CALL_STATE => Self::CallState(CallState::parse(c).map_err(at)?),
            id::RESTART_INDICATOR => {
                Self::RestartIndicator(RestartIndicator::parse(c).map_err(at)?)
            }
            _ => Self::unknown(raw),
        })
    }

    fn unknown(raw: &RawIe<'a>) -> Self {
        Self::Unknown {
            codeset: raw.codeset,
            id: raw.id,
            contents: raw.contents,
        }
    }

    /// Types the element when its typed form re-emits the same octets, keeps it raw otherwise.
    #[must_use]
    pub fn from_raw(raw: &RawIe<'a>) -> Self {
        match Self::parse_typed(raw) {
            Ok(ie) => {
                let mut tmp = [0u8; 257];
                let n = ie.buffer_len();
                if n <= tmp.len()
                    && ie.emit(&mut tmp).is_ok()
                    && (raw.is_single_octet() || tmp[2..n] == *raw.contents)
                {
                    ie
                } else {
                    Self::unknown(raw)
                }
            }
            Err(_) => Self::unknown(raw),
        }
    }

    /// The identifier octet this element is emitted with.
    #[must_use]
    pub fn id(&self) -> u8 {
        use ie_id as id;
        match self {
            Self::Shift(s) => s.octet(),
            Self::SendingComplete => id::SENDING_COMPLETE,
            Self::SingleOctet { octet, .. } => *octet,
            Self::BearerCapability(_) => id::BEARER_CAPABILITY,
            Self::Cause(_) => id::CAUSE,
            Self::ChannelIdentification(_) => id::CHANNEL_IDENTIFICATION,
            Self::Facility(_) => id::FACILITY,
            Self::Progress(_) => id::PROGRESS_INDICATOR,
            Self::Display(_) => id::DISPLAY,
            Self::ConnectedNumber(_) => id::CONNECTED_NUMBER,
            Self::CallingPartyNumber(_) => id::CALLING_PARTY_NUMBER,
            Self::CalledPartyNumber(_) => id::CALLED_PARTY_NUMBER,
            Self::RedirectingNumber(_) => id::REDIRECTING_NUMBER,
            Self::RedirectionNumber(_) => id::REDIRECTION_NUMBER,
            Self::CallState(_) => id::CALL_STATE,
            Self::RestartIndicator(_) => id::RESTART_INDICATOR,
            Self::Unknown { id, .. } => *id,
            // Elements of `ies_extra.rs`.
            Self::NotificationIndicator(_) => id::NOTIFICATION_INDICATOR,
            Self::Keypad(_) => id::KEYPAD_FACILITY,
            Self::DateTime(_) => id::DATE_TIME,
            Self::HighLayerCompatibility(_) => id::HIGH_LAYER_COMPATIBILITY,
            Self::LowLayerCompatibility(_) => id::LOW_LAYER_COMPATIBILITY,
            Self::UserUser(_) => id::USER_USER,
            Self::OriginalCalledNumber(_) => id::ORIGINAL_CALLED_NUMBER,
            Self::CallingPartySubaddress(_) => id::CALLING_PARTY_SUBADDRESS,
            Self::CalledPartySubaddress(_) => id::CALLED_PARTY_SUBADDRESS,
            Self::ConnectedSubaddress(_) => id::CONNECTED_SUBADDRESS,
            Self::TransitCounter(_) => id::TRANSIT_COUNTER,
            Self::PartyCategory(_) => id::PARTY_CATEGORY,
        }
    }

    fn contents_len(&self) -> usize {
        match self {
            Self::Shift(_) | Self::SendingComplete | Self::SingleOctet { .. } => 0,
            Self::BearerCapability(b) => b.buffer_len(),
            Self::Cause(c) => c.buffer_len(),
            Self::ChannelIdentification(c) => c.buffer_len(),
            Self::Facility(f) => f.buffer_len(),
            Self::Progress(p) => p.buffer_len(),
            Self::Display(d) => d.len(),
            Self::ConnectedNumber(n)
            | Self::CallingPartyNumber(n)
            | Self::CalledPartyNumber(n)
            | Self::RedirectingNumber(n)
            | Self::RedirectionNumber(n) => n.buffer_len(),
            Self::CallState(s) => s.buffer_len(),
            Self::RestartIndicator(r) => r.buffer_len(),
            Self::Unknown { contents, .. } => contents.len(),
            // Elements of `ies_extra.rs`.
            Self::NotificationIndicator(n) => n.buffer_len(),
            Self::Keypad(k) => k.buffer_len(),
            Self::DateTime(d) => d.buffer_len(),
            Self::HighLayerCompatibility(h) => h.buffer_len(),
            Self::LowLayerCompatibility(l) => l.buffer_len(),
            Self::UserUser(u) => u.buffer_len(),
            Self::OriginalCalledNumber(n) => n.buffer_len(),
            Self::CallingPartySubaddress(s)
            | Self::CalledPartySubaddress(s)
            | Self::ConnectedSubaddress(s) => s.buffer_len(),
            Self::TransitCounter(_) | Self::PartyCategory(_) => 1,
        }
    }

    /// Whether the element is a single octet.
    #[must_use]
    pub fn is_single_octet(&self) -> bool {
        self.id() & 0x80 != 0
    }

    /// Octets in the encoding (identifier and length octets included).
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        if self.is_single_octet() {
            1
        } else {
            2 + self.contents_len()
        }
    }

    /// Writes the element; returns the octets written.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, EmitError> {
        let id = self.id();
        if let Self::SingleOctet { octet, .. } | Self::Unknown { id: octet, .. } = self {
            // A raw element's identifier must agree with its form.
            let single = octet & 0x80 != 0;
            if single != matches!(self, Self::SingleOctet { .. }) {
                return Err(EmitError::Unencodable("identifier of the wrong form"));
            }
        }
        match self {
            Self::CalledPartyNumber(n) if n.presentation.is_some() => {
                return Err(EmitError::Unencodable("octet 3a in a called party number"));
            }
            Self::CallingPartyNumber(n) | Self::ConnectedNumber(n) | Self::RedirectionNumber(n)
                if n.reason.is_some() =>
            {
                return Err(EmitError::Unencodable(
                    "octet 3b outside a redirecting number",
                ));
            }
            _ => {}
        }
        if let Self::Shift(s) = self {
            if s.codeset.0 > 7 {
                return Err(EmitError::Unencodable("codeset"));
            }
        }
        let n = self.buffer_len();
        if out.len() < n {
            return Err(crate::BufferTooSmall { required: n }.into());
        }
        out[0] = id;
        if n == 1 {
            return Ok(1);
        }
        let len = self.contents_len();
        out[1] = u8::try_from(len)
            .map_err(|_| EmitError::Unencodable("element longer than 255 octets"))?;
        let body = &mut out[2..n];
        match self {
            Self::BearerCapability(b) => b.write(body)?,
            Self::Cause(c) => c.write(body)?,
            Self::ChannelIdentification(c) => c.write(body)?,
            Self::Facility(f) => f.write(body)?,
            Self::Progress(p) => p.write(body)?,
            Self::Display(d) => body.copy_from_slice(d),
            Self::ConnectedNumber(x)
            | Self::CallingPartyNumber(x)
            | Self::CalledPartyNumber(x)
            | Self::RedirectingNumber(x)
            | Self::RedirectionNumber(x) => x.write(body)?,
            Self::CallState(s) => s.write(body)?,
            Self::RestartIndicator(r) => r.write(body)?,
            Self::Unknown { contents, .. } => body.copy_from_slice(contents),
            Self::Shift(_) | Self::SendingComplete | Self::SingleOctet { .. } => {}
            // Elements of `ies_extra.rs`.
            Self::NotificationIndicator(n) => n.write(body)?,
            Self::Keypad(k) => k.write(body)?,
            Self::DateTime(d) => d.write(body)?,
            Self::HighLayerCompatibility(h) => h.write(body)?,
            Self::LowLayerCompatibility(l) => l.write(body)?,
            Self::UserUser(u) => u.write(body)?,
            Self::OriginalCalledNumber(n) => n.write(body)?,
            Self::CallingPartySubaddress(s)
            | Self::CalledPartySubaddress(s)
            | Self::ConnectedSubaddress(s) => s.write(body)?,
            Self::TransitCounter(t) => t.write(body)?,
            Self::PartyCategory(p) => p.write(body)?,
        }
        Ok(n)
    }
}
