//! The RFC 3261 §25 message grammar: framing of one message in a byte buffer.

pub(crate) mod scan;

use crate::error::{ErrorKind, ParseError};
use crate::header::HeaderName;
use crate::method::Method;
use crate::uri::{Uri, UriPolicy};
use scan::{is_token, parse_u64};

/// The result of parsing from a stream: the message, or a request for more bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status<T> {
    /// A whole message.
    Complete(T),
    /// The buffer holds only the beginning of a message: read more and parse again.
    Partial,
}

impl<T> Status<T> {
    /// The message, if complete.
    pub fn complete(self) -> Option<T> {
        match self {
            Status::Complete(t) => Some(t),
            Status::Partial => None,
        }
    }
}

/// How the bytes arrived (RFC 3261 §18.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// UDP: one datagram is one message. Bytes after `Content-Length` octets of body are
    /// ignored; without Content-Length the body is the rest of the datagram.
    Datagram,
    /// TCP/TLS/SCTP streams: Content-Length frames the body and is mandatory; a message not
    /// yet complete yields [`Status::Partial`]. Leading CRLFs (keep-alives) are skipped.
    Stream,
}

/// Bounds on what the parser accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest whole message (start line, headers, body) in bytes.
    pub max_message: usize,
    /// Largest body in bytes.
    pub max_body: usize,
    /// Most header fields (also bounded by the slots the caller supplies).
    pub max_headers: usize,
    /// Longest start line or header field (all its folded lines) in bytes.
    pub max_line: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message: 256 * 1024,
            max_body: 192 * 1024,
            max_headers: 256,
            max_line: 16 * 1024,
        }
    }
}

/// Parser configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Datagram or stream framing.
    pub transport: Transport,
    /// Size limits.
    pub limits: Limits,
    /// URI policy for the Request-URI.
    pub uri: UriPolicy,
    /// Datagram only: accept a Content-Length larger than the bytes present and take the rest
    /// of the datagram as the body ([`Message::body_truncated`] tells). Off by default:
    /// RFC 4475 §3.1.2.2 says 400. Meant for captured traces.
    pub accept_truncated_body: bool,
}

impl ParseOptions {
    /// Datagram framing with default limits.
    pub const fn datagram() -> Self {
        Self {
            transport: Transport::Datagram,
            limits: Limits {
                max_message: 256 * 1024,
                max_body: 192 * 1024,
                max_headers: 256,
                max_line: 16 * 1024,
            },
            uri: UriPolicy {
                tolerate_ipv6_triple_colon: true,
            },
            accept_truncated_body: false,
        }
    }

    /// Stream framing with default limits.
    pub const fn stream() -> Self {
        let mut o = Self::datagram();
        o.transport = Transport::Stream;
        o
    }
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self::datagram()
    }
}

/// Storage for one parsed header field: byte ranges into the message, no borrow.
///
/// Callers of [`parse`] supply a slice of these (`[HeaderSlot::EMPTY; 64]`), as with
/// httparse; the owned form keeps them in a `Vec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderSlot {
    name: (u32, u32),
    value: (u32, u32),
    id: HeaderName,
}

impl HeaderSlot {
    /// An unused slot.
    pub const EMPTY: HeaderSlot = HeaderSlot {
        name: (0, 0),
        value: (0, 0),
        id: HeaderName::Other,
    };
}

/// One header field of a parsed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderField<'b> {
    /// The name as written (`v`, `VIA`, `X-Custom`...).
    pub name: &'b str,
    /// The known header this is, compact forms resolved.
    pub id: HeaderName,
    /// The raw value: leading and trailing LWS removed, folded lines kept as they are.
    pub value: &'b [u8],
    /// Offset of the value in the parsed buffer.
    pub offset: usize,
}

impl<'b> HeaderField<'b> {
    /// The value as UTF-8 text, if it is.
    pub fn value_str(&self) -> Option<&'b str> {
        std::str::from_utf8(self.value).ok()
    }

    /// The comma-separated elements, each with its offset: one element for known headers
    /// that are not lists (Subject, User-Agent...), split at top-level commas otherwise
    /// (unknown headers are assumed to be lists).
    pub fn elements(&self) -> scan::ListIter<'b> {
        if self.id.is_list() || self.id == HeaderName::Other {
            scan::ListIter::new(self.value, self.offset)
        } else {
            scan::ListIter::single(self.value, self.offset)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    Request { method: (u32, u32), uri: (u32, u32) },
    Response { code: u16, reason: (u32, u32) },
}

/// A parsed SIP message borrowing the receive buffer (`'b`) and the header slots (`'h`).
///
/// Nothing is copied and nothing is allocated: every accessor slices the buffer. Typed
/// headers are parsed on each call of their accessor ([`Message::typed`]).
#[derive(Debug, Clone, Copy)]
pub struct Message<'b, 'h> {
    pub(crate) buf: &'b [u8],
    pub(crate) begin: usize,
    pub(crate) end: usize,
    pub(crate) start: Start,
    pub(crate) headers: &'h [HeaderSlot],
    pub(crate) body: (u32, u32),
    pub(crate) content_length: Option<u32>,
    pub(crate) truncated: bool,
}

#[inline]
fn r(a: usize, b: usize) -> (u32, u32) {
    (a as u32, b as u32)
}

fn err(offset: usize, kind: ErrorKind) -> ParseError {
    ParseError::new(offset, kind)
}

/// Parses one message at the start of `buf` with header storage `slots`.
///
/// ```
/// use strowger_sip_core::{parse, HeaderSlot, ParseOptions, Status};
/// let mut slots = [HeaderSlot::EMPTY; 32];
/// let bytes = b"OPTIONS sip:bob@example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n";
/// let Status::Complete(msg) = parse(bytes, &mut slots, &ParseOptions::stream())? else { panic!() };
/// assert_eq!(msg.len(), bytes.len());
/// # Ok::<(), strowger_sip_core::ParseError>(())
/// ```
pub fn parse<'b, 'h>(
    buf: &'b [u8],
    slots: &'h mut [HeaderSlot],
    opts: &ParseOptions,
) -> Result<Status<Message<'b, 'h>>, ParseError> {
    let lim = &opts.limits;
    let stream = opts.transport == Transport::Stream;
    if !stream && buf.len() > lim.max_message {
        return Err(err(lim.max_message, ErrorKind::MessageTooLarge));
    }
    // Leading CRLFs: stream keep-alives (RFC 5626 §3.5.1), tolerated in datagrams too.
    let mut begin = 0;
    while begin < buf.len() && (buf[begin] == b'\r' || buf[begin] == b'\n') {
        begin += 1;
    }
    if begin == buf.len() {
        return if stream {
            Ok(Status::Partial)
        } else {
            Err(err(begin, ErrorKind::Truncated))
        };
    }
    let Some(nl) = memchr::memchr(b'\n', &buf[begin..]).map(|n| n + begin) else {
        if buf.len() - begin > lim.max_line {
            return Err(err(begin, ErrorKind::LineTooLong));
        }
        return if stream {
            Ok(Status::Partial)
        } else {
            Err(err(buf.len(), ErrorKind::Truncated))
        };
    };
    if nl - begin > lim.max_line {
        return Err(err(begin, ErrorKind::LineTooLong));
    }
    let line_end = if nl > begin && buf[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    };
    let start = parse_start_line(buf, begin, line_end, opts)?;

    // Header fields.
    let mut pos = nl + 1;
    let mut n = 0usize;
    let mut content_length: Option<(u64, usize)> = None;
    let max_headers = lim.max_headers.min(slots.len());
    let header_end;
    loop {
        if pos >= buf.len() {
            if stream {
                return check_partial(buf, begin, lim);
            }
            // RFC 4475 §3.1.2.15: a datagram whose last header lacks its CRLF.
            header_end = buf.len();
            break;
        }
        match buf[pos] {
            b'\n' => {
                header_end = pos + 1;
                break;
            }
            b'\r' => {
                if pos + 1 >= buf.len() {
                    if stream {
                        return check_partial(buf, begin, lim);
                    }
                    header_end = buf.len();
                    break;
                }
                if buf[pos + 1] == b'\n' {
                    header_end = pos + 2;
                    break;
                }
                return Err(err(pos, ErrorKind::HeaderLine));
            }
            _ => {}
        }
        // Header name: a token, optional SP/HTAB, the colon. One pass over the name; the
        // line end is then searched from the colon on.
        let ns = pos;
        let ne = scan::span(buf, pos, scan::TOKEN);
        let mut colon = ne;
        while colon < buf.len() && (buf[colon] == b' ' || buf[colon] == b'\t') {
            colon += 1;
        }
        if ne == ns || colon >= buf.len() || buf[colon] != b':' {
            // Not `token *WSP ":"`: a stream may still be waiting for the line end.
            if memchr::memchr(b'\n', &buf[pos..]).is_none() && stream {
                return check_partial(buf, begin, lim);
            }
            return Err(err(ns, ErrorKind::HeaderLine));
        }
        let first_lf = match memchr::memchr(b'\n', &buf[colon + 1..]) {
            Some(k) => colon + 1 + k,
            None if stream => return check_partial(buf, begin, lim),
            // RFC 4475 §3.1.2.15: a datagram whose last header line has no line end.
            None => buf.len(),
        };
        let i = colon;
        // Field end: the first line end not followed by SP/HTAB.
        let mut lf = first_lf;
        let field_end;
        let next;
        loop {
            if lf >= buf.len() {
                field_end = buf.len();
                next = buf.len();
                break;
            }
            if lf + 1 < buf.len() && (buf[lf + 1] == b' ' || buf[lf + 1] == b'\t') {
                match memchr::memchr(b'\n', &buf[lf + 1..]) {
                    Some(k) => {
                        lf = lf + 1 + k;
                        continue;
                    }
                    None => {
                        if stream {
                            return check_partial(buf, begin, lim);
                        }
                        field_end = buf.len();
                        next = buf.len();
                        break;
                    }
                }
            }
            if lf + 1 >= buf.len() && stream {
                return check_partial(buf, begin, lim);
            }
            field_end = lf;
            next = lf + 1;
            break;
        }
        if field_end - ns > lim.max_line {
            return Err(err(ns, ErrorKind::LineTooLong));
        }
        let mut vs = i + 1;
        while vs < field_end && scan::is_ws(buf[vs]) {
            vs += 1;
        }
        let mut ve = field_end;
        while ve > vs && scan::is_ws(buf[ve - 1]) {
            ve -= 1;
        }
        if n >= max_headers {
            return Err(err(ns, ErrorKind::TooManyHeaders));
        }
        let id = HeaderName::from_token(&buf[ns..ne]);
        if id == HeaderName::ContentLength {
            let v = parse_u64(&buf[vs..ve], u64::from(u32::MAX))
                .ok_or(err(vs, ErrorKind::ContentLength))?;
            match content_length {
                Some((old, _)) if old != v => {
                    return Err(err(vs, ErrorKind::ConflictingContentLength))
                }
                Some(_) => {}
                None => content_length = Some((v, vs)),
            }
        }
        slots[n] = HeaderSlot {
            name: r(ns, ne),
            value: r(vs, ve),
            id,
        };
        n += 1;
        pos = next;
        if stream && pos - begin > lim.max_message {
            return Err(err(pos, ErrorKind::MessageTooLarge));
        }
    }

    // Body.
    let (body_end, truncated) = match content_length {
        Some((cl, at)) => {
            let cl = cl as usize;
            if cl > lim.max_body {
                return Err(err(at, ErrorKind::BodyTooLarge));
            }
            let want = header_end + cl;
            if want - begin > lim.max_message {
                return Err(err(at, ErrorKind::MessageTooLarge));
            }
            if want > buf.len() {
                if stream {
                    return Ok(Status::Partial);
                }
                if !opts.accept_truncated_body {
                    return Err(err(at, ErrorKind::ContentLength));
                }
                (buf.len(), true)
            } else {
                (want, false)
            }
        }
        None => {
            if stream {
                return Err(err(header_end, ErrorKind::MissingHeader("Content-Length")));
            }
            if buf.len() - header_end > lim.max_body {
                return Err(err(header_end, ErrorKind::BodyTooLarge));
            }
            (buf.len(), false)
        }
    };
    Ok(Status::Complete(Message {
        buf,
        begin,
        end: body_end,
        start,
        headers: &slots[..n],
        body: r(header_end, body_end),
        content_length: content_length.map(|(v, _)| v as u32),
        truncated,
    }))
}

fn check_partial<T>(buf: &[u8], begin: usize, lim: &Limits) -> Result<Status<T>, ParseError> {
    if buf.len() - begin > lim.max_message {
        Err(err(begin + lim.max_message, ErrorKind::MessageTooLarge))
    } else {
        Ok(Status::Partial)
    }
}

fn is_version(s: &[u8]) -> bool {
    s.len() >= 5 && s[..4].eq_ignore_ascii_case(b"SIP/")
}

fn check_version(s: &[u8], at: usize) -> Result<(), ParseError> {
    if s.eq_ignore_ascii_case(b"SIP/2.0") {
        Ok(())
    } else if is_version(s) && s[4..].iter().all(|c| c.is_ascii_digit() || *c == b'.') {
        Err(err(at, ErrorKind::Version))
    } else {
        Err(err(at, ErrorKind::StartLine("bad SIP-Version")))
    }
}

fn parse_start_line(
    buf: &[u8],
    begin: usize,
    end: usize,
    opts: &ParseOptions,
) -> Result<Start, ParseError> {
    let line = &buf[begin..end];
    if is_version(line) && line.get(7).is_none_or(|&c| c == b' ') && !line.starts_with(b"SIP/2.0/")
    {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
        let sp = line.iter().position(|&c| c == b' ').unwrap_or(line.len());
        check_version(&line[..sp], begin)?;
        let cs = sp + 1;
        let mut ce = cs;
        while ce < line.len() && line[ce].is_ascii_digit() {
            ce += 1;
        }
        if ce - cs != 3 || (ce < line.len() && line[ce] != b' ') {
            return Err(err(begin + cs, ErrorKind::StatusCode));
        }
        let code = parse_u64(&line[cs..ce], 999).unwrap_or(0) as u16;
        if !(100..=699).contains(&code) {
            return Err(err(begin + cs, ErrorKind::StatusCode));
        }
        let rs = (ce + 1).min(line.len());
        if line[rs..].iter().any(|&c| c < b' ' && c != b'\t') {
            return Err(err(
                begin + rs,
                ErrorKind::StartLine("control character in reason"),
            ));
        }
        return Ok(Start::Response {
            code,
            reason: r(begin + rs, end),
        });
    }
    // Request-Line = Method SP Request-URI SP SIP-Version
    let me = line
        .iter()
        .position(|&c| !is_token(c))
        .unwrap_or(line.len());
    if me == 0 {
        return Err(err(begin, ErrorKind::StartLine("missing method")));
    }
    if me >= line.len() || line[me] != b' ' {
        return Err(err(
            begin + me,
            ErrorKind::StartLine("method not followed by SP"),
        ));
    }
    let us = me + 1;
    if us >= line.len() || line[us] == b' ' || line[us] == b'\t' {
        return Err(err(begin + us, ErrorKind::StartLine("extra whitespace")));
    }
    let ue = us
        + line[us..]
            .iter()
            .position(|&c| c == b' ')
            .unwrap_or(line.len() - us);
    if ue >= line.len() {
        return Err(err(begin + ue, ErrorKind::StartLine("missing SIP-Version")));
    }
    let vs = ue + 1;
    let version = &line[vs..];
    if version.contains(&b' ') || version.contains(&b'\t') {
        if version.first() == Some(&b' ') {
            return Err(err(begin + vs, ErrorKind::StartLine("extra whitespace")));
        }
        if is_version(version) {
            return Err(err(begin + vs, ErrorKind::StartLine("trailing whitespace")));
        }
        return Err(err(
            begin + vs,
            ErrorKind::RequestUri("whitespace in Request-URI"),
        ));
    }
    check_version(version, begin + vs)?;
    let uri = &line[us..ue];
    match Uri::check_inner(uri, opts.uri) {
        Ok(true) => {
            return Err(err(
                begin + us,
                ErrorKind::RequestUri("headers not allowed in Request-URI"),
            ))
        }
        Ok(_) => {}
        Err((at, why)) => return Err(err(begin + us + at, ErrorKind::RequestUri(why))),
    }
    Ok(Start::Request {
        method: r(begin, begin + me),
        uri: r(begin + us, begin + ue),
    })
}

impl<'b, 'h> Message<'b, 'h> {
    #[inline]
    fn s(&self, (a, b): (u32, u32)) -> &'b [u8] {
        &self.buf[a as usize..b as usize]
    }

    /// Bytes consumed from the buffer: leading CRLFs, the message and its body. Datagram
    /// bytes after the body are not counted (RFC 3261 §18.3).
    pub fn len(&self) -> usize {
        self.end
    }

    /// Always false: a parsed message has at least a start line.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The message bytes, start line to end of body, exactly as received.
    pub fn as_bytes(&self) -> &'b [u8] {
        &self.buf[self.begin..self.end]
    }

    /// Whether this is a request.
    pub fn is_request(&self) -> bool {
        matches!(self.start, Start::Request { .. })
    }

    /// The request method (`None` for a response).
    pub fn method(&self) -> Option<Method<'b>> {
        match self.start {
            Start::Request { method, .. } => Some(Method::from_token_bytes(self.s(method))),
            Start::Response { .. } => None,
        }
    }

    /// The Request-URI text (`None` for a response).
    pub fn request_uri_str(&self) -> Option<&'b str> {
        match self.start {
            Start::Request { uri, .. } => Some(scan::ascii(self.s(uri))),
            Start::Response { .. } => None,
        }
    }

    /// The Request-URI, parsed (it was validated by [`parse`]).
    pub fn request_uri(&self) -> Option<Uri<'b>> {
        match self.start {
            Start::Request { uri, .. } => Uri::parse(self.s(uri)).ok(),
            Start::Response { .. } => None,
        }
    }

    /// The status code (`None` for a request).
    pub fn status_code(&self) -> Option<u16> {
        match self.start {
            Start::Response { code, .. } => Some(code),
            Start::Request { .. } => None,
        }
    }

    /// The reason phrase (`None` for a request); may be empty (RFC 4475 §3.1.1.13).
    pub fn reason(&self) -> Option<&'b [u8]> {
        match self.start {
            Start::Response { reason, .. } => Some(self.s(reason)),
            Start::Request { .. } => None,
        }
    }

    /// The start line without its line end.
    pub fn start_line(&self) -> &'b [u8] {
        let rest = &self.buf[self.begin..];
        let e = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let e = if e > 0 && rest[e - 1] == b'\r' {
            e - 1
        } else {
            e
        };
        &rest[..e]
    }

    /// The body, framed by Content-Length (or the rest of the datagram without one).
    pub fn body(&self) -> &'b [u8] {
        self.s(self.body)
    }

    /// The Content-Length value, if the header is present.
    pub fn content_length(&self) -> Option<u32> {
        self.content_length
    }

    /// Datagram parsed with `accept_truncated_body` whose body is shorter than its
    /// Content-Length.
    pub fn body_truncated(&self) -> bool {
        self.truncated
    }

    /// Number of header fields.
    pub fn header_count(&self) -> usize {
        self.headers.len()
    }

    pub(crate) fn field(&self, h: &HeaderSlot) -> HeaderField<'b> {
        HeaderField {
            name: scan::ascii(self.s(h.name)),
            id: h.id,
            value: self.s(h.value),
            offset: h.value.0 as usize,
        }
    }

    /// Every header field in order.
    pub fn headers(&self) -> impl Iterator<Item = HeaderField<'b>> + use<'_, 'b, 'h> {
        self.headers.iter().map(move |h| self.field(h))
    }

    /// The first field of a known header.
    pub fn get(&self, name: HeaderName) -> Option<HeaderField<'b>> {
        self.headers
            .iter()
            .find(|h| h.id == name)
            .map(|h| self.field(h))
    }

    /// Every field of a known header.
    pub fn get_all(
        &self,
        name: HeaderName,
    ) -> impl Iterator<Item = HeaderField<'b>> + use<'_, 'b, 'h> {
        self.headers
            .iter()
            .filter(move |h| h.id == name)
            .map(move |h| self.field(h))
    }

    /// Every field whose name equals `name` case-insensitively (compact forms resolved
    /// for known headers).
    pub fn get_by_name<'n>(
        &self,
        name: &'n str,
    ) -> impl Iterator<Item = HeaderField<'b>> + use<'_, 'b, 'h, 'n> {
        let id = HeaderName::from_bytes(name.as_bytes());
        self.headers
            .iter()
            .map(move |h| self.field(h))
            .filter(move |f| {
                if id == HeaderName::Other {
                    f.id == HeaderName::Other && f.name.eq_ignore_ascii_case(name)
                } else {
                    f.id == id
                }
            })
    }

    /// Every element of a known header: comma-separated values of list headers are split
    /// (quotes and `<...>` respected), each with its offset in the buffer.
    pub fn elements(&self, name: HeaderName) -> Elements<'b, 'h> {
        Elements {
            buf: self.buf,
            slots: self.headers.iter(),
            name,
            list: None,
        }
    }
}

/// Iterator over the values of one header ([`Message::elements`]).
#[derive(Debug, Clone)]
pub struct Elements<'b, 'h> {
    buf: &'b [u8],
    slots: std::slice::Iter<'h, HeaderSlot>,
    name: HeaderName,
    list: Option<scan::ListIter<'b>>,
}

impl<'b> Iterator for Elements<'b, '_> {
    type Item = (&'b [u8], usize);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(l) = &mut self.list {
                if let Some(e) = l.next() {
                    return Some(e);
                }
                self.list = None;
            }
            let h = self.slots.find(|h| h.id == self.name)?;
            let (a, b) = (h.value.0 as usize, h.value.1 as usize);
            let v = &self.buf[a..b];
            if self.name.is_list() {
                self.list = Some(scan::ListIter::new(v, a));
            } else {
                return Some((v, a));
            }
        }
    }
}
