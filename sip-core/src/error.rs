//! The one error type of this crate.

/// What went wrong while parsing a SIP message, a header value or a URI.
///
/// Incomplete input (a stream that has not delivered the whole message yet) is not an error:
/// it is [`Status::Partial`](crate::Status::Partial). Every kind here is malformed input,
/// a protocol violation, or an exceeded limit, and maps to the SIP status code a server
/// answers with ([`ParseError::status_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The start line is neither `Method SP Request-URI SP SIP-Version` nor
    /// `SIP-Version SP Status-Code SP Reason-Phrase` (RFC 3261 §7.1, §7.2).
    #[error("malformed start line: {0}")]
    StartLine(&'static str),
    /// A SIP-Version other than `SIP/2.0` (RFC 3261 §8.2.2.1: 505).
    #[error("unsupported SIP version")]
    Version,
    /// The status code is not three digits in 100..=699 (RFC 3261 §7.2).
    #[error("status code out of range")]
    StatusCode,
    /// The Request-URI is malformed or not allowed there (RFC 3261 §19.1.1, RFC 5118 §4.2).
    #[error("malformed Request-URI: {0}")]
    RequestUri(&'static str),
    /// A datagram ended inside the start line (RFC 3261 §18.3: a datagram is one message).
    #[error("datagram ends inside the start line")]
    Truncated,
    /// A header line without a colon or with characters outside `token` in its name.
    #[error("malformed header line")]
    HeaderLine,
    /// A header value that does not match its grammar; the name is the canonical header name.
    #[error("malformed {0} header")]
    HeaderValue(&'static str),
    /// A URI that does not match RFC 3261 §19.1 / RFC 3966.
    #[error("malformed URI: {0}")]
    Uri(&'static str),
    /// Content-Length is not a non-negative decimal number, or its value exceeds what the
    /// datagram holds (RFC 3261 §18.3, RFC 4475 §3.1.2.2).
    #[error("invalid Content-Length")]
    ContentLength,
    /// Several Content-Length headers with different values (RFC 4475 §3.3.9).
    #[error("conflicting Content-Length headers")]
    ConflictingContentLength,
    /// A mandatory header is missing (RFC 3261 §8.1.1).
    #[error("missing {0} header")]
    MissingHeader(&'static str),
    /// A header that may appear once appears several times (RFC 4475 §3.3.8).
    #[error("duplicate {0} header")]
    DuplicateHeader(&'static str),
    /// The CSeq method differs from the request method (RFC 3261 §8.1.1.5). `extension` is
    /// true when the request method is not one this crate knows (answered with 501).
    #[error("CSeq method does not match the request method")]
    MethodMismatch {
        /// The request method is an extension method.
        extension: bool,
    },
    /// The whole message exceeds [`Limits::max_message`](crate::Limits) (513).
    #[error("message too large")]
    MessageTooLarge,
    /// The body exceeds [`Limits::max_body`](crate::Limits) (413).
    #[error("body too large")]
    BodyTooLarge,
    /// More header fields than [`Limits::max_headers`](crate::Limits) or the caller's slots (513).
    #[error("too many header fields")]
    TooManyHeaders,
    /// A line longer than [`Limits::max_line`](crate::Limits) (513).
    #[error("line too long")]
    LineTooLong,
}

/// A parse failure: where in the input, and what.
///
/// Small and `Copy`; carries no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at byte {offset}")]
pub struct ParseError {
    /// Byte offset in the parsed input where the problem was found (for a header value, the
    /// start of that value within the message).
    pub offset: usize,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl ParseError {
    /// A new error.
    pub const fn new(offset: usize, kind: ErrorKind) -> Self {
        Self { offset, kind }
    }

    /// The SIP status code a UAS or proxy answers a request failing this way with
    /// (RFC 3261 §21): 400 for malformed input, 413 for a body too large, 505 for a bad
    /// version, 513 for exceeded size limits, 501 for an unknown method whose CSeq does not
    /// match (RFC 4475 §3.1.2.18).
    pub fn status_code(&self) -> u16 {
        match self.kind {
            ErrorKind::Version => 505,
            ErrorKind::BodyTooLarge => 413,
            ErrorKind::MessageTooLarge | ErrorKind::TooManyHeaders | ErrorKind::LineTooLong => 513,
            ErrorKind::MethodMismatch { extension: true } => 501,
            _ => 400,
        }
    }
}

/// Emitting into a caller's buffer that is too small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("buffer too small: {required} bytes required")]
pub struct BufferTooSmall {
    /// Bytes the encoding needs.
    pub required: usize,
}

/// Digest authentication failures (RFC 7616).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The challenge or credentials name an algorithm this crate does not implement.
    #[error("unsupported digest algorithm")]
    UnsupportedAlgorithm,
    /// The challenge offers no qop this crate can answer.
    #[error("unsupported qop")]
    UnsupportedQop,
    /// A required parameter is missing (`realm`, `nonce`, `response`, ...).
    #[error("missing digest parameter {0}")]
    MissingParam(&'static str),
    /// The scheme is not `Digest`.
    #[error("not a Digest challenge or credentials")]
    NotDigest,
    /// The nonce was not issued by this server or has been tampered with.
    #[error("unknown nonce")]
    BadNonce,
    /// The nonce was valid but has expired: challenge again with `stale=true`.
    #[error("stale nonce")]
    Stale,
    /// The response does not match: wrong password or altered request.
    #[error("digest response mismatch")]
    Mismatch,
    /// The header value does not parse.
    #[error(transparent)]
    Parse(#[from] ParseError),
}
