//! Builders for the messages we send: canonical spelling, CRLF line ends, one header per
//! line, Content-Length computed from the body.

use std::fmt::Display;

use bytes::{BufMut, Bytes, BytesMut};

use crate::error::BufferTooSmall;
use crate::header::HeaderName;
use crate::method::Method;
use crate::parse::Message;

/// Entry point for request builders.
#[derive(Debug)]
pub struct Request;

/// Entry point for response builders.
#[derive(Debug)]
pub struct Response;

impl Request {
    /// `METHOD uri SIP/2.0`.
    pub fn builder(method: Method<'_>, uri: impl Display) -> MessageBuilder {
        MessageBuilder::new(format!("{method} {uri} SIP/2.0"))
    }
}

impl Response {
    /// `SIP/2.0 code reason`.
    pub fn builder(code: u16, reason: &str) -> MessageBuilder {
        MessageBuilder::new(format!("SIP/2.0 {code} {reason}"))
    }

    /// A response to `request` carrying its Via, From, To, Call-ID and CSeq fields
    /// (RFC 3261 §8.2.6.2); `to_tag` is added to To when it has none.
    pub fn to_request(
        request: &Message<'_, '_>,
        code: u16,
        reason: &str,
        to_tag: Option<&str>,
    ) -> MessageBuilder {
        let mut b = Self::builder(code, reason);
        for f in request.headers() {
            match f.id {
                HeaderName::Via | HeaderName::From | HeaderName::CallId | HeaderName::CSeq => {
                    b = b.header_bytes(f.id.as_str(), f.value);
                }
                HeaderName::To => {
                    let mut v = f.value.to_vec();
                    let has_tag = request
                        .to()
                        .and_then(Result::ok)
                        .and_then(|t| t.tag())
                        .is_some();
                    if let (Some(t), false) = (to_tag, has_tag) {
                        v.extend_from_slice(b";tag=");
                        v.extend_from_slice(t.as_bytes());
                    }
                    b = b.header_bytes("To", &v);
                }
                _ => {}
            }
        }
        b
    }
}

/// A message under construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBuilder {
    start: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Bytes,
}

impl MessageBuilder {
    fn new(start: String) -> Self {
        Self {
            start,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// Adds a known header with its canonical name. Content-Length is ignored: it is
    /// always computed from the body.
    pub fn header(self, name: HeaderName, value: impl Display) -> Self {
        let n = name.as_str();
        self.header_bytes(n, value.to_string().as_bytes())
    }

    /// Adds a header with a name and value as given, byte for byte.
    pub fn header_bytes(mut self, name: &str, value: &[u8]) -> Self {
        if HeaderName::from_bytes(name.as_bytes()) != HeaderName::ContentLength {
            self.headers.push((name.to_owned(), value.to_vec()));
        }
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The encoded size in bytes.
    pub fn encoded_len(&self) -> usize {
        let cl = self.body.len().to_string().len();
        self.start.len()
            + 2
            + self
                .headers
                .iter()
                .map(|(n, v)| n.len() + 2 + v.len() + 2)
                .sum::<usize>()
            + "Content-Length: ".len()
            + cl
            + 4
            + self.body.len()
    }

    /// Appends the message to `out`.
    pub fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.start.as_bytes());
        out.put_slice(b"\r\n");
        for (n, v) in &self.headers {
            out.put_slice(n.as_bytes());
            out.put_slice(b": ");
            out.put_slice(v);
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"Content-Length: ");
        out.put_slice(self.body.len().to_string().as_bytes());
        out.put_slice(b"\r\n\r\n");
        out.put_slice(&self.body);
    }

    /// Writes the message into `out`, returning the bytes written.
    pub fn encode_to_slice(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let n = self.encoded_len();
        if out.len() < n {
            return Err(BufferTooSmall { required: n });
        }
        let mut w = &mut out[..n];
        self.encode(&mut w);
        Ok(n)
    }

    /// The message as bytes.
    pub fn to_bytes(&self) -> Bytes {
        let mut b = BytesMut::with_capacity(self.encoded_len());
        self.encode(&mut b);
        b.freeze()
    }
}

impl Message<'_, '_> {
    /// A builder holding this message's start line, every header (names as written, values
    /// byte-exact, so unknown headers relay unchanged) and body. Folded values keep their
    /// folding; Content-Length is recomputed.
    pub fn to_builder(&self) -> MessageBuilder {
        let mut b = MessageBuilder::new(String::from_utf8_lossy(self.start_line()).into_owned());
        for f in self.headers() {
            b = b.header_bytes(f.name, f.value);
        }
        b.body(Bytes::copy_from_slice(self.body()))
    }
}
