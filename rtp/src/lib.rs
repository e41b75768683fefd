#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod error;
pub mod jitter;
pub mod packetize;
pub mod session;
pub mod stats;
pub mod telephone_event;
mod time;
pub mod wire;

pub use error::{BufferTooSmall, Error, ErrorKind, ParseError};
pub use time::Instant;
pub use wire::cn::ComfortNoise;
pub use wire::event::TelephoneEvent;
pub use wire::ext::{Element, ElementForm, Extension};
pub use wire::rtcp::{Compound, ReportBlock, RtcpPacket, RtcpRepr};
pub use wire::rtp::{Csrcs, RtpPacket, RtpRepr, SequenceExtender, TimestampExtender};
