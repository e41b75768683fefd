//! The one error type of this crate.

use core::fmt;

/// Errors returned by the generator and detector constructors.
///
/// Every variant is cheap to copy; none carries an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A character that is not a DTMF digit (`0-9`, `*`, `#`, `A-D`).
    InvalidDigit(char),
    /// A parameter outside its range; the text names the parameter.
    InvalidParameter(&'static str),
    /// The generator's digit queue is full.
    QueueFull {
        /// Digits the queue holds.
        capacity: usize,
    },
    /// A kernel was requested that this CPU (or this build) cannot run.
    KernelUnavailable(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidDigit(c) => write!(f, "{c:?} is not a DTMF digit (0-9, *, #, A-D)"),
            Error::InvalidParameter(p) => write!(f, "parameter out of range: {p}"),
            Error::QueueFull { capacity } => {
                write!(f, "digit queue full ({capacity} digits)")
            }
            Error::KernelUnavailable(k) => {
                write!(
                    f,
                    "kernel {k} is not available on this CPU or in this build"
                )
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
