//! The one error type family of this crate.
//!
//! `Display` and `core::error::Error` are implemented by hand rather than derived with
//! `thiserror` so that the crate builds for `no_std` + `alloc` without feature juggling of a
//! workspace-wide dependency.

use core::fmt;

/// What went wrong while parsing; carried by [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ends before the structure does: at least `needed` more bytes are required.
    Truncated {
        /// Bytes missing at `offset`.
        needed: usize,
    },
    /// A field holds a value the standard forbids (malformed input).
    Invalid(&'static str),
    /// A well-formed construct this crate does not handle (e.g. RTP version 1).
    Unsupported(&'static str),
    /// A bound of this parser was exceeded (e.g. more items than the caller allowed).
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
    pub(crate) const fn unsupported(offset: usize, what: &'static str) -> Self {
        Self {
            offset,
            kind: ErrorKind::Unsupported(what),
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
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Truncated { needed } => {
                write!(
                    f,
                    "truncated at byte {}: {needed} more bytes needed",
                    self.offset
                )
            }
            ErrorKind::Invalid(w) => write!(f, "invalid {w} at byte {}", self.offset),
            ErrorKind::Unsupported(w) => write!(f, "unsupported {w} at byte {}", self.offset),
            ErrorKind::LimitExceeded(w) => {
                write!(f, "limit exceeded ({w}) at byte {}", self.offset)
            }
        }
    }
}

impl core::error::Error for ParseError {}

/// Emitting into a caller's buffer needs `required` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BufferTooSmall {
    /// Bytes the emitted structure occupies.
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

/// Any error of this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Malformed, truncated or unsupported input.
    Parse(ParseError),
    /// The output buffer is too small.
    BufferTooSmall(BufferTooSmall),
    /// A value handed to an emitter or builder cannot be represented on the wire
    /// (e.g. 16 CSRCs, an SDES item longer than 255 bytes).
    Unrepresentable(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse(e) => e.fmt(f),
            Error::BufferTooSmall(e) => e.fmt(f),
            Error::Unrepresentable(w) => write!(f, "cannot be represented on the wire: {w}"),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Error::Parse(e) => Some(e),
            Error::BufferTooSmall(e) => Some(e),
            Error::Unrepresentable(_) => None,
        }
    }
}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Error::Parse(e)
    }
}

impl From<BufferTooSmall> for Error {
    fn from(e: BufferTooSmall) -> Self {
        Error::BufferTooSmall(e)
    }
}
