#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod call;
mod error;
pub mod qsig;
pub mod wire;

pub use call::Instant;
pub use error::{BufferTooSmall, CallError, EmitError, ErrorKind, ParseError};
pub use wire::{
    CallReference, CauseValue, Codeset, Ie, Message, MessageRepr, MessageType,
    ProtocolDiscriminator, RawIe, Shift,
};
