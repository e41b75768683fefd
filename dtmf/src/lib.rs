#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks, unsafe_op_in_unsafe_fn)]

#[cfg(feature = "alloc")]
extern crate alloc;

mod analysis;
mod complex;
mod detector;
mod digit;
mod error;
mod frontend;
pub mod generator;
mod kernels;
pub mod level;
mod tables;
pub mod tones;

#[cfg(feature = "alloc")]
pub use detector::detect;
pub use detector::{DetectedDigit, DtmfDetector, DtmfEvent, DtmfProfile};
pub use digit::{
    digit_to_event_code, event_code_to_digit, Digit, TelephoneEvent, FLASH_EVENT_CODE,
    HIGH_GROUP_HZ, LOW_GROUP_HZ,
};
pub use error::Error;
pub use kernels::Kernel;

/// The sample rate every generator and detector of this crate works at (Hz).
pub const SAMPLE_RATE: u32 = 8000;
