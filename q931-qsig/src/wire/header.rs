//! Message header fields: protocol discriminator, call reference, message type (Q.931 §4.2–4.4).

use core::fmt;

/// Protocol discriminator, Q.931 §4.2. Q.931 and ECMA-143 call control use `0x08`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProtocolDiscriminator(pub u8);

impl ProtocolDiscriminator {
    /// Q.931 / I.451 user-network call control messages (and ECMA-143 / QSIG basic call).
    pub const Q931: Self = Self(0x08);
}

/// Call reference, Q.931 §4.3: a length octet (0–2 supported here), the flag (bit 8 of the
/// first value octet) and the value.
///
/// The flag is 0 in messages sent from the side that originated the call reference and 1 in
/// messages sent to it. A zero-length call reference is the dummy call reference; value 0 with a
/// non-zero length is the global call reference (RESTART).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallReference {
    len: u8,
    value: u16,
    flag: bool,
}

impl CallReference {
    /// The dummy call reference (length 0), Q.931 §4.3.
    pub const DUMMY: Self = Self {
        len: 0,
        value: 0,
        flag: false,
    };

    /// A call reference of `len` octets (0, 1 or 2). `None` when `value` does not fit
    /// (7 bits for one octet, 15 bits for two), or when `len` is 0 and `value`/`flag` are set.
    #[must_use]
    pub const fn new(len: u8, value: u16, flag: bool) -> Option<Self> {
        let fits = match len {
            0 => value == 0 && !flag,
            1 => value < 0x80,
            2 => value < 0x8000,
            _ => false,
        };
        if fits {
            Some(Self { len, value, flag })
        } else {
            None
        }
    }

    /// A two-octet call reference as used on a primary rate interface (ECMA-143).
    /// `None` when `value` exceeds 15 bits.
    #[must_use]
    pub const fn pri(value: u16, flag: bool) -> Option<Self> {
        Self::new(2, value, flag)
    }

    /// The global call reference (value 0) of the given length.
    #[must_use]
    pub const fn global(len: u8, flag: bool) -> Option<Self> {
        if len == 0 {
            None
        } else {
            Self::new(len, 0, flag)
        }
    }

    /// Length of the call reference value in octets.
    #[must_use]
    pub const fn length(&self) -> u8 {
        self.len
    }

    /// Whether this is the dummy call reference (length 0).
    #[must_use]
    pub const fn is_dummy(&self) -> bool {
        self.len == 0
    }

    /// Whether this is the global call reference (length ≥ 1, value 0).
    #[must_use]
    pub const fn is_global(&self) -> bool {
        self.len != 0 && self.value == 0
    }

    /// The call reference value without the flag.
    #[must_use]
    pub const fn value(&self) -> u16 {
        self.value
    }

    /// The call reference flag: `true` in messages sent to the originating side.
    #[must_use]
    pub const fn flag(&self) -> bool {
        self.flag
    }

    /// The same call reference as the other side sees it (flag inverted); the dummy call
    /// reference is returned unchanged.
    #[must_use]
    pub const fn inverted(self) -> Self {
        if self.len == 0 {
            self
        } else {
            Self {
                flag: !self.flag,
                ..self
            }
        }
    }

    /// Octets in the encoding, length octet included.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        1 + self.len as usize
    }

    /// Parses the call reference at the start of `b` (the octet after the protocol
    /// discriminator); returns it and the octets consumed. Offsets in errors are relative to `b`.
    pub(crate) fn parse(b: &[u8]) -> Result<(Self, usize), crate::ParseError> {
        use crate::ParseError;
        let first = *b.first().ok_or(ParseError::truncated(0, 1))?;
        if first & 0xF0 != 0 {
            return Err(ParseError::invalid(0, "call reference length octet"));
        }
        let len = first & 0x0F;
        if len > 2 {
            return Err(ParseError::unsupported(
                0,
                "call reference longer than 2 octets",
            ));
        }
        let n = usize::from(len);
        if b.len() < 1 + n {
            return Err(ParseError::truncated(b.len(), 1 + n - b.len()));
        }
        let (value, flag) = match len {
            0 => (0, false),
            1 => (u16::from(b[1] & 0x7F), b[1] & 0x80 != 0),
            _ => (u16::from_be_bytes([b[1] & 0x7F, b[2]]), b[1] & 0x80 != 0),
        };
        Ok((Self { len, value, flag }, 1 + n))
    }

    pub(crate) fn write(&self, out: &mut [u8]) {
        out[0] = self.len;
        let f = if self.flag { 0x80 } else { 0 };
        match self.len {
            1 => out[1] = f | self.value as u8,
            2 => {
                let [hi, lo] = self.value.to_be_bytes();
                out[1] = f | hi;
                out[2] = lo;
            }
            _ => {}
        }
    }
}

/// Message type, Q.931 §4.4 (Table 4-2), Q.932 §8 and ECMA-143. Bit 8 is 0; values this crate
/// does not name are kept as they are.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageType(pub u8);

macro_rules! message_types {
    ($($(#[$doc:meta])* $name:ident = $v:literal, $text:literal;)*) => {
        impl MessageType {
            $($(#[$doc])* pub const $name: Self = Self($v);)*

            /// Every message type this crate names, in code order of the table above.
            pub const ALL: &'static [MessageType] = &[$(Self::$name),*];

            /// The standard's name of the message, `None` for a value not listed.
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($v => Some($text),)*
                    _ => None,
                }
            }
        }
    };
}

message_types! {
    /// ALERTING (Q.931 §3.1.1).
    ALERTING = 0x01, "ALERTING";
    /// CALL PROCEEDING (Q.931 §3.1.2).
    CALL_PROCEEDING = 0x02, "CALL PROCEEDING";
    /// PROGRESS (Q.931 §3.1.10).
    PROGRESS = 0x03, "PROGRESS";
    /// SETUP (Q.931 §3.1.14).
    SETUP = 0x05, "SETUP";
    /// CONNECT (Q.931 §3.1.3).
    CONNECT = 0x07, "CONNECT";
    /// SETUP ACKNOWLEDGE (Q.931 §3.1.15).
    SETUP_ACKNOWLEDGE = 0x0D, "SETUP ACKNOWLEDGE";
    /// CONNECT ACKNOWLEDGE (Q.931 §3.1.4).
    CONNECT_ACKNOWLEDGE = 0x0F, "CONNECT ACKNOWLEDGE";
    /// HOLD (Q.932 §8.1.1; not used by QSIG SS-HOLD).
    HOLD = 0x24, "HOLD";
    /// SUSPEND (Q.931 §3.1.18; basic access only).
    SUSPEND = 0x25, "SUSPEND";
    /// RESUME (Q.931 §3.1.11; basic access only).
    RESUME = 0x26, "RESUME";
    /// HOLD ACKNOWLEDGE (Q.932 §8.1.2).
    HOLD_ACKNOWLEDGE = 0x28, "HOLD ACKNOWLEDGE";
    /// HOLD REJECT (Q.932 §8.1.3).
    HOLD_REJECT = 0x30, "HOLD REJECT";
    /// RETRIEVE (Q.932 §8.1.4).
    RETRIEVE = 0x31, "RETRIEVE";
    /// RETRIEVE ACKNOWLEDGE (Q.932 §8.1.5).
    RETRIEVE_ACKNOWLEDGE = 0x33, "RETRIEVE ACKNOWLEDGE";
    /// RETRIEVE REJECT (Q.932 §8.1.6).
    RETRIEVE_REJECT = 0x37, "RETRIEVE REJECT";
    /// DISCONNECT (Q.931 §3.1.5).
    DISCONNECT = 0x45, "DISCONNECT";
    /// RESTART (Q.931 §3.1.12).
    RESTART = 0x46, "RESTART";
    /// RELEASE (Q.931 §3.1.9).
    RELEASE = 0x4D, "RELEASE";
    /// RESTART ACKNOWLEDGE (Q.931 §3.1.13).
    RESTART_ACKNOWLEDGE = 0x4E, "RESTART ACKNOWLEDGE";
    /// RELEASE COMPLETE (Q.931 §3.1.9).
    RELEASE_COMPLETE = 0x5A, "RELEASE COMPLETE";
    /// SEGMENT (Q.931 §3.1.12a).
    SEGMENT = 0x60, "SEGMENT";
    /// FACILITY (Q.932 §8.2.3).
    FACILITY = 0x62, "FACILITY";
    /// REGISTER (Q.932 §8.2.4).
    REGISTER = 0x64, "REGISTER";
    /// NOTIFY (Q.931 §3.1.7).
    NOTIFY = 0x6E, "NOTIFY";
    /// STATUS ENQUIRY (Q.931 §3.1.17).
    STATUS_ENQUIRY = 0x75, "STATUS ENQUIRY";
    /// CONGESTION CONTROL (Q.931 §3.2.3).
    CONGESTION_CONTROL = 0x79, "CONGESTION CONTROL";
    /// INFORMATION (Q.931 §3.1.6).
    INFORMATION = 0x7B, "INFORMATION";
    /// STATUS (Q.931 §3.1.16).
    STATUS = 0x7D, "STATUS";
}

impl MessageType {
    /// Whether the value is one of the message types this crate names; a receiver answers any
    /// other with STATUS, cause #97 (Q.931 §5.8.4).
    #[must_use]
    pub const fn is_known(self) -> bool {
        self.name().is_some()
    }
}

impl fmt::Debug for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "MessageType({n})"),
            None => write!(f, "MessageType({:#04x})", self.0),
        }
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "message type {:#04x}", self.0),
        }
    }
}
