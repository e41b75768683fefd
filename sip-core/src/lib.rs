#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod auth;
pub mod body;
mod builder;
mod error;
pub mod header;
mod method;
mod owned;
mod params;
mod parse;
pub mod uri;

pub use builder::{MessageBuilder, Request, Response};
pub use error::{AuthError, BufferTooSmall, ErrorKind, ParseError};
pub use header::HeaderName;
pub use method::Method;
pub use owned::OwnedMessage;
pub use params::Params;
pub use parse::scan::{unescape, unquote, ListIter};
pub use parse::{
    parse, Elements, HeaderField, HeaderSlot, Limits, Message, ParseOptions, Status, Transport,
};
pub use uri::{Host, SipUri, TelUri, Uri};
