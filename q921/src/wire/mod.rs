//! The LAPD frame (Q.921 §2–§3): checked views, owned representations, emitters.
//!
//! A frame here is what lies between the opening and closing flags, less the FCS: address
//! (2 octets), control (1 or 2 octets, modulo 128) and an optional information field. The HDLC
//! layer below (flags, zero-bit stuffing, FCS-16) lives in [`crate::hdlc`].

mod address;
mod control;
mod frame;
mod frmr;
pub mod tei;

pub use address::{Address, Sapi, Tei};
pub use control::{Control, SFunction, UFunction};
pub use frame::{Frame, FrameRepr};
pub use frmr::FrmrInfo;
