//! The one error type of this crate, and the reasons an offer cannot be answered.

use core::fmt;

/// Why a session description was refused, and where.
///
/// Small and `Copy`: the byte offset into the input and a kind. Malformed input, exceeded limits
/// and grammar violations are kept apart so a SIP stack can map them (400 for malformed, 413 for
/// too large, 488 for a description it cannot use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at byte {offset}")]
pub struct ParseError {
    /// Byte offset into the input where the problem was found.
    pub offset: usize,
    /// What was wrong.
    pub kind: ErrorKind,
}

impl ParseError {
    pub(crate) const fn new(offset: usize, kind: ErrorKind) -> Self {
        Self { offset, kind }
    }
}

/// The kinds of [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ends inside a line (strict mode: the last line has no line ending).
    Truncated,
    /// The input is not UTF-8 (RFC 8866 §5.1 `a=charset` aside, SDP text is UTF-8).
    InvalidUtf8,
    /// A line is not `<type>=<value>` (RFC 8866 §5).
    MalformedLine,
    /// A field does not follow its grammar; the text names the field.
    Invalid(&'static str),
    /// A required line is missing (`v=`, `o=`, `s=`, `t=`).
    MissingLine(char),
    /// A line that may appear once appeared again.
    DuplicateLine(char),
    /// Strict mode: a line is out of the RFC 8866 §5 order.
    OutOfOrder(char),
    /// Strict mode: an unknown type letter (RFC 8866 §5 says to ignore the whole description).
    UnknownLine(char),
    /// Strict mode: a line ends in a bare LF, or carries trailing whitespace or is empty.
    Sloppy(&'static str),
    /// `v=` is not 0.
    UnsupportedVersion,
    /// A hostile-input bound was exceeded.
    LimitExceeded(Limit),
}

/// The bounds that [`crate::ParseOptions`] puts on untrusted input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// Total input size in bytes.
    Size,
    /// Number of lines.
    Lines,
    /// Length of one line in bytes.
    LineLength,
    /// Number of `m=` sections.
    Media,
    /// Number of formats on one `m=` line.
    Formats,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("input truncated inside a line"),
            Self::InvalidUtf8 => f.write_str("invalid UTF-8"),
            Self::MalformedLine => f.write_str("line is not <type>=<value>"),
            Self::Invalid(what) => write!(f, "invalid {what}"),
            Self::MissingLine(c) => write!(f, "missing {c}= line"),
            Self::DuplicateLine(c) => write!(f, "duplicate {c}= line"),
            Self::OutOfOrder(c) => write!(f, "{c}= line out of order"),
            Self::UnknownLine(c) => write!(f, "unknown line type {c}="),
            Self::Sloppy(what) => write!(f, "not strictly well-formed: {what}"),
            Self::UnsupportedVersion => f.write_str("unsupported SDP version (v= must be 0)"),
            Self::LimitExceeded(l) => write!(f, "limit exceeded: {l:?}"),
        }
    }
}

impl ErrorKind {
    /// A short stable name for machine-readable output (`"invalid"`, `"limit_exceeded"`…).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Truncated => "truncated",
            Self::InvalidUtf8 => "invalid_utf8",
            Self::MalformedLine => "malformed_line",
            Self::Invalid(_) => "invalid",
            Self::MissingLine(_) => "missing_line",
            Self::DuplicateLine(_) => "duplicate_line",
            Self::OutOfOrder(_) => "out_of_order",
            Self::UnknownLine(_) => "unknown_line",
            Self::Sloppy(_) => "sloppy",
            Self::UnsupportedVersion => "unsupported_version",
            Self::LimitExceeded(_) => "limit_exceeded",
        }
    }
}

/// Why an offer, or one of its streams, could not be accepted (RFC 3264 §6). A SIP user agent
/// answers a [`NoMatch`] for the whole offer with 488 Not Acceptable Here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RejectReason {
    /// The stream offered no format we support (the codec lists do not intersect).
    #[error("no common codec")]
    NoCommonCodec,
    /// Every common codec was excluded by its fmtp parameters (e.g. a G.723.1 bitrate).
    #[error("no codec with compatible fmtp parameters")]
    IncompatibleParameters,
    /// The transport protocol of the `m=` line is not one we run (e.g. RTP/SAVP, TCP/BFCP).
    #[error("unsupported transport {0}")]
    UnsupportedTransport(String),
    /// The media type is not configured locally (e.g. video on an audio-only gateway).
    #[error("unsupported media type {0}")]
    UnsupportedMedia(String),
    /// The offerer disabled the stream (port 0).
    #[error("stream disabled by the offerer (port 0)")]
    DisabledByOfferer,
    /// The connection data of the stream could not be read.
    #[error("no usable connection address")]
    NoConnection,
}

/// No stream of the offer could be accepted: the answer is a SIP 488 with this reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("offer not acceptable: {}", self.summary())]
pub struct NoMatch {
    /// The reason for each `m=` line, in order.
    pub streams: Vec<RejectReason>,
}

impl NoMatch {
    /// The most telling reason: the first that is not [`RejectReason::DisabledByOfferer`].
    pub fn primary(&self) -> Option<&RejectReason> {
        self.streams
            .iter()
            .find(|r| **r != RejectReason::DisabledByOfferer)
            .or(self.streams.first())
    }

    fn summary(&self) -> String {
        match self.primary() {
            Some(r) => r.to_string(),
            None => "no media streams".into(),
        }
    }

    /// The SIP status code for this outcome (RFC 3261 §21.4.26: 488 Not Acceptable Here).
    pub const fn sip_status(&self) -> u16 {
        488
    }
}

/// An answer could not be applied to our offer (RFC 3264 §7).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// No offer of ours is outstanding.
    #[error("no offer outstanding")]
    NoOffer,
    /// The answer has a different number of `m=` lines than the offer (RFC 3264 §6).
    #[error("answer has {answer} m= lines, offer had {offer}")]
    StreamCount {
        /// `m=` lines in our offer.
        offer: usize,
        /// `m=` lines in the answer.
        answer: usize,
    },
    /// An accepted stream carries a format we did not offer.
    #[error("stream {stream}: answer selected a format we did not offer")]
    UnofferedFormat {
        /// Index of the `m=` line.
        stream: usize,
    },
    /// Every stream was rejected.
    #[error(transparent)]
    NoMatch(#[from] NoMatch),
}

/// The caller's buffer cannot hold the emitted description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("buffer too small: {required} bytes required")]
pub struct BufferTooSmall {
    /// Bytes the description needs.
    pub required: usize,
}
