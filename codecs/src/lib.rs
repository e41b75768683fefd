#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks, unsafe_op_in_unsafe_fn)]

mod codec;
mod error;
pub mod g711;
pub mod g729;
mod kernels;

pub use codec::{CodecInfo, Decoder, Encoder};
pub use error::Error;
pub use kernels::Kernel;
