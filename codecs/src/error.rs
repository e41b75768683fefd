//! The one error type of this crate.

/// Errors returned by the codec APIs.
///
/// Every variant is cheap to copy; none carries an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The output buffer cannot hold the result.
    #[error("output buffer too small: {required} elements required, {available} available")]
    BufferTooSmall {
        /// Elements the operation needs to write.
        required: usize,
        /// Elements the caller supplied.
        available: usize,
    },
    /// The input is not a whole number of codec frames.
    #[error("input of {len} elements is not a multiple of the {frame}-element frame")]
    PartialFrame {
        /// Length of the input.
        len: usize,
        /// Frame size the codec needs.
        frame: usize,
    },
    /// A kernel was requested that this CPU (or this build) cannot run.
    #[error("kernel {0} is not available on this CPU or in this build")]
    KernelUnavailable(&'static str),
}
