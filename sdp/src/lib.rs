#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod attr;
pub mod codec;
mod emit;
mod error;
mod model;
pub mod negotiate;
mod parse;

pub use attr::{Direction, TypedAttribute};
pub use codec::Codec;
pub use emit::{buffer_len, emit, emit_into, emit_to_slice};
pub use error::{AnswerError, BufferTooSmall, ErrorKind, Limit, NoMatch, ParseError, RejectReason};
pub use model::{
    Attribute, Bandwidth, Connection, LineEnding, MediaDescription, Origin, SessionDescription,
    Timing,
};
pub use negotiate::{Config, MediaConfig, Negotiated, NegotiatedStream, Session};
pub use parse::{parse, parse_with, ParseOptions};
