//! The one error type family of this crate: [`ParseError`] (with its [`ErrorKind`]) for what
//! is received, [`EmitError`] / [`BufferTooSmall`] for what is built, and [`CallError`] for a
//! request the call-control entity refuses.
//!
//! `Display` and `core::error::Error` are written by hand (no `thiserror`) so that the crate
//! builds for `no_std` + `alloc` without feature juggling, as in `strowger-q921`.

use core::fmt;

use crate::wire::CauseValue;

/// What went wrong while parsing; carried by [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ends before the structure does: at least `needed` more bytes are required
    /// (incomplete input, e.g. an information element whose length runs past the message).
    Truncated {
        /// Bytes missing at `offset`.
        needed: usize,
    },
    /// The message header or the element structure breaks Q.931 §4 (malformed message).
    Invalid(&'static str),
    /// The contents of one information element break its coding (Q.931 §4.5).
    IeContents(&'static str),
    /// An information element this crate does not recognise is encoded as
    /// "comprehension required" (codeset 0, identifier `0000 xxxx`, Q.931 §4.5.1).
    ComprehensionRequired {
        /// The element identifier.
        id: u8,
    },
    /// A well-formed construct this crate does not handle (e.g. a call reference longer than
    /// two octets).
    Unsupported(&'static str),
    /// A bound of this parser was exceeded.
    LimitExceeded(&'static str),
}

/// A parse failure: where (byte offset from the start of the buffer handed in) and what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the offending field.
    pub offset: usize,
    /// What is wrong there.
    pub kind: ErrorKind,
}

impl ParseError {
    pub(crate) const fn truncated(offset: usize, needed: usize) -> Self {
        Self {
            offset,
            kind: ErrorKind::Truncated { needed },
        }
    }
    pub(crate) const fn invalid(offset: usize, what: &'static str) -> Self {
        Self {
            offset,
            kind: ErrorKind::Invalid(what),
        }
    }
    pub(crate) const fn contents(offset: usize, what: &'static str) -> Self {
        Self {
            offset,
            kind: ErrorKind::IeContents(what),
        }
    }
    pub(crate) const fn unsupported(offset: usize, what: &'static str) -> Self {
        Self {
            offset,
            kind: ErrorKind::Unsupported(what),
        }
    }
    pub(crate) const fn limit(offset: usize, what: &'static str) -> Self {
        Self {
            offset,
            kind: ErrorKind::LimitExceeded(what),
        }
    }

    /// The same error with `base` added to its offset (for nested structures).
    #[must_use]
    pub const fn shifted(self, base: usize) -> Self {
        Self {
            offset: self.offset + base,
            kind: self.kind,
        }
    }

    /// The Q.850 cause a receiving call-control entity reports for this error (Q.931 §5.8):
    /// #96 for an unrecognised comprehension-required element (§5.8.7.1), #100 for invalid
    /// element contents (§5.8.7.2), #95 for a malformed or truncated message, #79 for an
    /// unsupported construct.
    #[must_use]
    pub const fn cause(&self) -> CauseValue {
        match self.kind {
            ErrorKind::ComprehensionRequired { .. } => CauseValue::MANDATORY_IE_MISSING,
            ErrorKind::IeContents(_) => CauseValue::INVALID_IE_CONTENTS,
            ErrorKind::Unsupported(_) => CauseValue::SERVICE_NOT_IMPLEMENTED,
            ErrorKind::Truncated { .. } | ErrorKind::Invalid(_) | ErrorKind::LimitExceeded(_) => {
                CauseValue::INVALID_MESSAGE
            }
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Truncated { needed } => write!(
                f,
                "truncated at byte {}: {needed} more bytes needed",
                self.offset
            ),
            ErrorKind::Invalid(w) => write!(f, "invalid {w} at byte {}", self.offset),
            ErrorKind::IeContents(w) => {
                write!(
                    f,
                    "invalid information element contents ({w}) at byte {}",
                    self.offset
                )
            }
            ErrorKind::ComprehensionRequired { id } => write!(
                f,
                "unrecognised comprehension-required information element {id:#04x} at byte {}",
                self.offset
            ),
            ErrorKind::Unsupported(w) => write!(f, "unsupported {w} at byte {}", self.offset),
            ErrorKind::LimitExceeded(w) => {
                write!(f, "limit exceeded ({w}) at byte {}", self.offset)
            }
        }
    }
}

impl core::error::Error for ParseError {}

/// The output buffer handed to an `emit` is too small: `required` bytes are needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BufferTooSmall {
    /// Bytes the emitter needs.
    pub required: usize,
}

impl fmt::Display for BufferTooSmall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "output buffer too small: {} bytes required",
            self.required
        )
    }
}

impl core::error::Error for BufferTooSmall {}

/// Why nothing was encoded: the buffer, a value outside its field's range, or a request a
/// QSIG service state machine refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EmitError {
    /// See [`BufferTooSmall`].
    BufferTooSmall(BufferTooSmall),
    /// An information element body longer than 255 octets, or a field out of range.
    Unencodable(&'static str),
    /// A service state machine ([`crate::qsig::service`]) refused the request: it does not fit
    /// the machine's role or state, or its limit of outstanding invokes is reached. Nothing
    /// was built and no state changed.
    Refused(&'static str),
}

impl From<BufferTooSmall> for EmitError {
    fn from(e: BufferTooSmall) -> Self {
        Self::BufferTooSmall(e)
    }
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall(e) => e.fmt(f),
            Self::Unencodable(w) => write!(f, "cannot encode {w}"),
            Self::Refused(w) => write!(f, "request refused: {w}"),
        }
    }
}

impl core::error::Error for EmitError {}

/// A request the call-control entity ([`crate::call::CallControl`]) refused; nothing was sent
/// and no state changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallError {
    /// No such call (never existed or already released).
    UnknownCall,
    /// The request does not fit the call's state (value of the call state).
    InvalidState(u8),
    /// The channel asked for is not one of this interface's B-channels.
    NoSuchChannel(u8),
    /// The channel asked for is in use, restarting or in maintenance.
    ChannelBusy(u8),
    /// No B-channel is free.
    NoChannelAvailable,
    /// `max_calls` calls exist, or every call reference value is in use.
    TooManyCalls,
    /// A RESTART is already waiting for its acknowledgement.
    RestartPending,
    /// Bearer capability or facility contents that do not decode.
    InvalidContents(ParseError),
    /// A message that cannot be encoded (e.g. an element longer than 255 octets).
    Unencodable(EmitError),
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownCall => f.write_str("unknown call"),
            Self::InvalidState(s) => write!(f, "request not allowed in call state {s}"),
            Self::NoSuchChannel(c) => write!(f, "channel {c} does not exist on this interface"),
            Self::ChannelBusy(c) => write!(f, "channel {c} is not idle"),
            Self::NoChannelAvailable => f.write_str("no B-channel available"),
            Self::TooManyCalls => f.write_str("too many calls"),
            Self::RestartPending => f.write_str("a RESTART is already pending"),
            Self::InvalidContents(e) => write!(f, "invalid element contents: {e}"),
            Self::Unencodable(e) => write!(f, "message cannot be encoded: {e}"),
        }
    }
}

impl core::error::Error for CallError {}

impl From<EmitError> for CallError {
    fn from(e: EmitError) -> Self {
        Self::Unencodable(e)
    }
}
