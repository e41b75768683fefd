#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod error;
pub mod hdlc;
pub mod link;
pub mod pcap;
pub mod tei;
mod time;
pub mod wire;

pub use error::{BufferTooSmall, Error, ErrorKind, ParseError};
pub use link::{Config, DataLink, DlIndication, DlRequest, LinkStats, MdlError, Side, Transmit};
pub use time::Instant;
pub use wire::{Address, Control, Frame, FrameRepr, FrmrInfo, SFunction, Sapi, Tei, UFunction};
