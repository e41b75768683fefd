//! The owned form: a parsed message that keeps its receive buffer alive through
//! [`bytes::Bytes`] and can outlive the read (transactions, queues, other threads).

use bytes::Bytes;

use crate::error::{ErrorKind, ParseError};
use crate::parse::{parse, HeaderSlot, Message, ParseOptions, Start, Status};

/// A parsed message owning (a shared reference to) its bytes. Cloning is cheap: the buffer
/// is reference-counted, only the header table is copied.
#[derive(Debug, Clone)]
pub struct OwnedMessage {
    buf: Bytes,
    begin: usize,
    end: usize,
    start: Start,
    headers: Vec<HeaderSlot>,
    body: (u32, u32),
    content_length: Option<u32>,
    truncated: bool,
}

impl OwnedMessage {
    /// Parses the message at the start of `buf`. The result shares `buf`'s storage (no copy
    /// of the bytes). [`OwnedMessage::len`] tells how many bytes of `buf` it consumed.
    pub fn parse(buf: &Bytes, opts: &ParseOptions) -> Result<Status<OwnedMessage>, ParseError> {
        let mut small = [HeaderSlot::EMPTY; 48];
        let slots = small.len();
        match parse(buf, &mut small, opts) {
            Ok(Status::Complete(m)) => Ok(Status::Complete(Self::from_parts(buf, &m))),
            Ok(Status::Partial) => Ok(Status::Partial),
            Err(e) if e.kind == ErrorKind::TooManyHeaders && opts.limits.max_headers > slots => {
                let mut big = vec![HeaderSlot::EMPTY; opts.limits.max_headers];
                match parse(buf, &mut big, opts)? {
                    Status::Complete(m) => Ok(Status::Complete(Self::from_parts(buf, &m))),
                    Status::Partial => Ok(Status::Partial),
                }
            }
            Err(e) => Err(e),
        }
    }

    fn from_parts(buf: &Bytes, m: &Message<'_, '_>) -> Self {
        OwnedMessage {
            buf: buf.slice(..m.end),
            begin: m.begin,
            end: m.end,
            start: m.start,
            headers: m.headers.to_vec(),
            body: m.body,
            content_length: m.content_length,
            truncated: m.truncated,
        }
    }

    /// The borrowed view, with every accessor of [`Message`].
    pub fn message(&self) -> Message<'_, '_> {
        Message {
            buf: &self.buf,
            begin: self.begin,
            end: self.end,
            start: self.start,
            headers: &self.headers,
            body: self.body,
            content_length: self.content_length,
            truncated: self.truncated,
        }
    }

    /// Bytes consumed from the parsed buffer.
    pub fn len(&self) -> usize {
        self.end
    }

    /// Always false.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The message bytes (sharing the receive buffer).
    pub fn bytes(&self) -> Bytes {
        self.buf.slice(self.begin..self.end)
    }

    /// The body (sharing the receive buffer).
    pub fn body(&self) -> Bytes {
        self.buf.slice(self.body.0 as usize..self.body.1 as usize)
    }

    /// A header value as `Bytes` sharing the receive buffer (`Bytes::slice_ref`).
    pub fn value_bytes(&self, value: &[u8]) -> Bytes {
        self.buf.slice_ref(value)
    }
}
