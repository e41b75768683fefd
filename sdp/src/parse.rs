//! The RFC 8866 parser: one pass over the lines, every field a slice of the input.

use std::borrow::Cow;

use crate::error::{ErrorKind, Limit, ParseError};
use crate::model::{
    Attribute, Bandwidth, Connection, LineEnding, MediaDescription, Origin, SessionDescription,
    Timing,
};

/// How tolerant the parser is, and the bounds it puts on untrusted input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Strict RFC 8866: CRLF only, no trailing whitespace or blank lines, lines in §5 order,
    /// `v o s t` present, no unknown type letters, known attributes well-formed.
    /// Lenient (the default) accepts what real equipment sends: bare LF, trailing whitespace,
    /// blank lines, a missing last line ending, missing `s=`/`t=`, lines out of order, unknown
    /// lines and malformed known attributes (kept raw and re-emitted).
    pub strict: bool,
    /// Largest accepted input, bytes.
    pub max_size: usize,
    /// Most lines.
    pub max_lines: usize,
    /// Longest line, bytes, without its line ending.
    pub max_line_len: usize,
    /// Most `m=` sections.
    pub max_media: usize,
    /// Most formats on one `m=` line.
    pub max_formats: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self::lenient()
    }
}

impl ParseOptions {
    /// Lenient parsing with the default bounds (64 KiB, 2,048 lines of 4 KiB, 64 media
    /// sections, 128 formats each).
    pub const fn lenient() -> Self {
        Self {
            strict: false,
            max_size: 64 * 1024,
            max_lines: 2048,
            max_line_len: 4096,
            max_media: 64,
            max_formats: 128,
        }
    }

    /// Strict RFC 8866 parsing with the default bounds.
    pub const fn strict() -> Self {
        Self {
            strict: true,
            ..Self::lenient()
        }
    }
}

/// Parses a session description leniently (see [`ParseOptions`]).
pub fn parse(input: &[u8]) -> Result<SessionDescription<'_>, ParseError> {
    parse_with(input, &ParseOptions::lenient())
}

/// Parses a session description with explicit options.
pub fn parse_with<'a>(
    input: &'a [u8],
    opts: &ParseOptions,
) -> Result<SessionDescription<'a>, ParseError> {
    if input.len() > opts.max_size {
        return Err(ParseError::new(
            opts.max_size,
            ErrorKind::LimitExceeded(Limit::Size),
        ));
    }
    let text = std::str::from_utf8(input)
        .map_err(|e| ParseError::new(e.valid_up_to(), ErrorKind::InvalidUtf8))?;
    Parser {
        base: text.as_ptr() as usize,
        opts,
    }
    .run(text)
}

struct Parser<'o> {
    base: usize,
    opts: &'o ParseOptions,
}

/// Where in the §5 order a section is; lines may only move forward in strict mode.
fn session_rank(t: u8) -> u8 {
    match t {
        b'v' => 0,
        b'o' => 1,
        b's' => 2,
        b'i' => 3,
        b'u' => 4,
        b'e' => 5,
        b'p' => 6,
        b'c' => 7,
        b'b' => 8,
        b't' | b'r' => 9,
        b'z' => 10,
        b'k' => 11,
        b'a' => 12,
        _ => 13,
    }
}

fn media_rank(t: u8) -> u8 {
    match t {
        b'm' => 0,
        b'i' => 1,
        b'c' => 2,
        b'b' => 3,
        b'k' => 4,
        b'a' => 5,
        _ => 6,
    }
}

impl<'o> Parser<'o> {
    fn off(&self, s: &str) -> usize {
        s.as_ptr() as usize - self.base
    }

    fn err(&self, at: &str, kind: ErrorKind) -> ParseError {
        ParseError::new(self.off(at), kind)
    }

    fn run<'a>(&self, text: &'a str) -> Result<SessionDescription<'a>, ParseError> {
        let strict = self.opts.strict;
        let mut sdp = SessionDescription::default();
        let mut pos = 0usize;
        let mut lines = 0usize;
        let mut first = true;
        let mut seen_v = false;
        let mut seen_o = false;
        let mut rank = 0u8;
        let mut in_media = false;
        let bytes = text.as_bytes();
        while pos < bytes.len() {
            let rest = &bytes[pos..];
            let (line_end, next, ending) = match text[pos..].find('\n') {
                Some(n) if n > 0 && rest[n - 1] == b'\r' => {
                    (pos + n - 1, pos + n + 1, Some(LineEnding::CrLf))
                }
                Some(n) => (pos + n, pos + n + 1, Some(LineEnding::Lf)),
                None => (bytes.len(), bytes.len(), None),
            };
            let raw = &text[pos..line_end];
            let start = pos;
            pos = next;
            lines += 1;
            if lines > self.opts.max_lines {
                return Err(ParseError::new(
                    start,
                    ErrorKind::LimitExceeded(Limit::Lines),
                ));
            }
            if raw.len() > self.opts.max_line_len {
                return Err(ParseError::new(
                    start + self.opts.max_line_len,
                    ErrorKind::LimitExceeded(Limit::LineLength),
                ));
            }
            match ending {
                None if strict => return Err(ParseError::new(bytes.len(), ErrorKind::Truncated)),
                Some(LineEnding::Lf) if strict => {
                    return Err(ParseError::new(
                        line_end,
                        ErrorKind::Sloppy("bare LF line ending"),
                    ))
                }
                _ => {}
            }
            if first {
                if let Some(e) = ending {
                    sdp.line_ending = e;
                }
            }
            let line = if strict {
                raw
            } else {
                let trimmed = raw.trim_end_matches([' ', '\t', '\r']);
                // `s= ` (one space) is the RFC 8866 §5.3 way to say "no name": keep it.
                if trimmed.len() == 2 && raw.len() > 2 && trimmed.ends_with('=') {
                    &raw[..3]
                } else {
                    trimmed
                }
            };
            if line.is_empty() {
                if strict {
                    return Err(ParseError::new(start, ErrorKind::Sloppy("empty line")));
                }
                continue;
            }
            if strict && line.len() > 3 && line.ends_with([' ', '\t']) && !line.starts_with("s=") {
                return Err(ParseError::new(
                    start + line.len() - 1,
                    ErrorKind::Sloppy("trailing whitespace"),
                ));
            }
            let lb = line.as_bytes();
            if lb.len() < 2 || lb[1] != b'=' || !lb[0].is_ascii_lowercase() {
                return Err(ParseError::new(start, ErrorKind::MalformedLine));
            }
            let t = lb[0];
            let value = &line[2..];
            if first {
                if t != b'v' {
                    return Err(ParseError::new(start, ErrorKind::MissingLine('v')));
                }
                first = false;
            }
            // Order: strict mode walks the §5 grammar forward only.
            if t == b'm' {
                in_media = true;
                rank = 0;
            } else {
                let r = if in_media {
                    media_rank(t)
                } else {
                    session_rank(t)
                };
                let unknown = if in_media { r == 6 } else { r == 13 };
                if unknown {
                    if strict {
                        return Err(ParseError::new(start, ErrorKind::UnknownLine(t as char)));
                    }
                    self.push_unknown(&mut sdp, in_media, line);
                    continue;
                }
                if strict && r < rank {
                    return Err(ParseError::new(start, ErrorKind::OutOfOrder(t as char)));
                }
                rank = rank.max(r);
            }
            if in_media {
                self.media_line(&mut sdp, t, value, line)?;
            } else {
                match t {
                    b'v' => {
                        if seen_v {
                            return Err(ParseError::new(start, ErrorKind::DuplicateLine('v')));
                        }
                        seen_v = true;
                        if value != "0" {
                            return Err(self.err(value, ErrorKind::UnsupportedVersion));
                        }
                        sdp.version = 0;
                    }
                    b'o' => {
                        if seen_o {
                            return Err(ParseError::new(start, ErrorKind::DuplicateLine('o')));
                        }
                        seen_o = true;
                        sdp.origin = self.origin(value)?;
                    }
                    b's' => set_once(&mut sdp.session_name, value, start, 's')?,
                    b'i' => set_once(&mut sdp.information, value, start, 'i')?,
                    b'u' => set_once(&mut sdp.uri, value, start, 'u')?,
                    b'e' => sdp.emails.push(Cow::Borrowed(value)),
                    b'p' => sdp.phones.push(Cow::Borrowed(value)),
                    b'c' => {
                        if sdp.connection.is_some() {
                            return Err(ParseError::new(start, ErrorKind::DuplicateLine('c')));
                        }
                        sdp.connection = Some(self.connection(value)?);
                    }
                    b'b' => sdp.bandwidths.push(self.bandwidth(value)?),
                    b't' => sdp.times.push(self.timing(value)?),
                    b'r' => match sdp.times.last_mut() {
                        Some(t) => t.repeats.push(Cow::Borrowed(value)),
                        None => return Err(ParseError::new(start, ErrorKind::OutOfOrder('r'))),
                    },
                    b'z' => set_once(&mut sdp.time_zones, value, start, 'z')?,
                    b'k' => set_once(&mut sdp.key, value, start, 'k')?,
                    b'a' => sdp.attributes.push(self.attribute(value)?),
                    _ => unreachable!("ranked above"),
                }
            }
        }
        if first {
            return Err(ParseError::new(0, ErrorKind::MissingLine('v')));
        }
        if !seen_o {
            return Err(ParseError::new(text.len(), ErrorKind::MissingLine('o')));
        }
        if strict {
            if sdp.session_name.is_none() {
                return Err(ParseError::new(text.len(), ErrorKind::MissingLine('s')));
            }
            if sdp.times.is_empty() {
                return Err(ParseError::new(text.len(), ErrorKind::MissingLine('t')));
            }
            if sdp.connection.is_none() {
                if let Some(m) = sdp.media.iter().find(|m| m.connections.is_empty()) {
                    return Err(self.err(&m.media, ErrorKind::MissingLine('c')));
                }
            }
            for a in sdp
                .attributes
                .iter()
                .chain(sdp.media.iter().flat_map(|m| m.attributes.iter()))
            {
                if let Err(e) = a.typed() {
                    // The typed reader reports offsets into the value; make them absolute.
                    let at = a
                        .value
                        .as_deref()
                        .map_or(self.off(&a.name), |v| self.off(v));
                    return Err(ParseError::new(at + e.offset, e.kind));
                }
            }
        }
        Ok(sdp)
    }

    fn push_unknown<'a>(&self, sdp: &mut SessionDescription<'a>, in_media: bool, line: &'a str) {
        match (in_media, sdp.media.last_mut()) {
            (true, Some(m)) => m.unknown_lines.push(Cow::Borrowed(line)),
            _ => sdp.unknown_lines.push(Cow::Borrowed(line)),
        }
    }

    fn media_line<'a>(
        &self,
        sdp: &mut SessionDescription<'a>,
        t: u8,
        value: &'a str,
        line: &'a str,
    ) -> Result<(), ParseError> {
        let start = self.off(line);
        if t == b'm' {
            if sdp.media.len() >= self.opts.max_media {
                return Err(ParseError::new(
                    start,
                    ErrorKind::LimitExceeded(Limit::Media),
                ));
            }
            sdp.media.push(self.media(value)?);
            return Ok(());
        }
        let m = sdp.media.last_mut().expect("in media");
        match t {
            b'i' => set_once(&mut m.information, value, start, 'i')?,
            b'c' => m.connections.push(self.connection(value)?),
            b'b' => m.bandwidths.push(self.bandwidth(value)?),
            b'k' => set_once(&mut m.key, value, start, 'k')?,
            b'a' => m.attributes.push(self.attribute(value)?),
            _ => unreachable!("ranked above"),
        }
        Ok(())
    }

    fn fields<'a, const N: usize>(
        &self,
        value: &'a str,
        what: &'static str,
    ) -> Result<[&'a str; N], ParseError> {
        let mut out = [""; N];
        let mut it = value.split(' ');
        for slot in out.iter_mut() {
            match it.next() {
                Some(f) if !f.is_empty() => *slot = f,
                _ => return Err(self.err(value, ErrorKind::Invalid(what))),
            }
        }
        if let Some(extra) = it.next() {
            return Err(self.err(extra, ErrorKind::Invalid(what)));
        }
        Ok(out)
    }

    fn origin<'a>(&self, value: &'a str) -> Result<Origin<'a>, ParseError> {
        // The user name may contain spaces in sloppy input only; split from the right.
        let mut parts = value.rsplitn(6, ' ');
        let mut f = [""; 6];
        for i in (0..6).rev() {
            f[i] = parts
                .next()
                .ok_or_else(|| self.err(value, ErrorKind::Invalid("o= origin")))?;
        }
        if f.iter().any(|s| s.is_empty()) || (self.opts.strict && f[0].contains(' ')) {
            return Err(self.err(value, ErrorKind::Invalid("o= origin")));
        }
        if !f[1].bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.err(f[1], ErrorKind::Invalid("o= session id")));
        }
        let version = parse_u64(f[2])
            .ok_or_else(|| self.err(f[2], ErrorKind::Invalid("o= session version")))?;
        Ok(Origin {
            username: Cow::Borrowed(f[0]),
            session_id: Cow::Borrowed(f[1]),
            session_version: version,
            net_type: Cow::Borrowed(f[3]),
            addr_type: Cow::Borrowed(f[4]),
            address: Cow::Borrowed(f[5]),
        })
    }

    fn connection<'a>(&self, value: &'a str) -> Result<Connection<'a>, ParseError> {
        let [net, addr_type, address] = self.fields::<3>(value, "c= connection data")?;
        if net == "IN" {
            let base = address.split('/').next().unwrap_or("");
            let ok = match addr_type {
                "IP4" => !base.contains(':'),
                "IP6" => !base.is_empty(),
                _ => true,
            };
            if !ok {
                return Err(self.err(address, ErrorKind::Invalid("c= address")));
            }
        }
        Ok(Connection {
            net_type: Cow::Borrowed(net),
            addr_type: Cow::Borrowed(addr_type),
            address: Cow::Borrowed(address),
        })
    }

    fn bandwidth<'a>(&self, value: &'a str) -> Result<Bandwidth<'a>, ParseError> {
        let (ty, bw) = value
            .split_once(':')
            .ok_or_else(|| self.err(value, ErrorKind::Invalid("b= bandwidth")))?;
        if ty.is_empty() {
            return Err(self.err(value, ErrorKind::Invalid("b= bandwidth type")));
        }
        let n =
            parse_u64(bw).ok_or_else(|| self.err(bw, ErrorKind::Invalid("b= bandwidth value")))?;
        Ok(Bandwidth {
            bw_type: Cow::Borrowed(ty),
            bandwidth: n,
        })
    }

    fn timing<'a>(&self, value: &'a str) -> Result<Timing<'a>, ParseError> {
        let [a, b] = self.fields::<2>(value, "t= timing")?;
        let start = parse_u64(a).ok_or_else(|| self.err(a, ErrorKind::Invalid("t= start time")))?;
        let stop = parse_u64(b).ok_or_else(|| self.err(b, ErrorKind::Invalid("t= stop time")))?;
        Ok(Timing {
            start,
            stop,
            repeats: Vec::new(),
        })
    }

    fn attribute<'a>(&self, value: &'a str) -> Result<Attribute<'a>, ParseError> {
        let (name, val) = match value.split_once(':') {
            Some((n, v)) => (n, Some(Cow::Borrowed(v))),
            None => (value, None),
        };
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(self.err(value, ErrorKind::Invalid("a= attribute name")));
        }
        Ok(Attribute {
            name: Cow::Borrowed(name),
            value: val,
        })
    }

    fn media<'a>(&self, value: &'a str) -> Result<MediaDescription<'a>, ParseError> {
        let mut it = value.split(' ');
        let media = it.next().filter(|s| !s.is_empty());
        let port = it.next().filter(|s| !s.is_empty());
        let proto = it.next().filter(|s| !s.is_empty());
        let (Some(media), Some(port), Some(proto)) = (media, port, proto) else {
            return Err(self.err(value, ErrorKind::Invalid("m= media description")));
        };
        let (p, n) = match port.split_once('/') {
            Some((p, n)) => (p, Some(n)),
            None => (port, None),
        };
        let port_n = parse_u16(p).ok_or_else(|| self.err(p, ErrorKind::Invalid("m= port")))?;
        let num_ports = match n {
            Some(n) => {
                Some(parse_u16(n).ok_or_else(|| self.err(n, ErrorKind::Invalid("m= port count")))?)
            }
            None => None,
        };
        let mut formats = Vec::new();
        for f in it {
            if f.is_empty() {
                if self.opts.strict {
                    return Err(self.err(f, ErrorKind::Sloppy("double space in m= line")));
                }
                continue;
            }
            if formats.len() >= self.opts.max_formats {
                return Err(self.err(f, ErrorKind::LimitExceeded(Limit::Formats)));
            }
            formats.push(Cow::Borrowed(f));
        }
        if formats.is_empty() && self.opts.strict {
            return Err(self.err(value, ErrorKind::Invalid("m= format list")));
        }
        Ok(MediaDescription {
            media: Cow::Borrowed(media),
            port: port_n,
            num_ports,
            proto: Cow::Borrowed(proto),
            formats,
            ..MediaDescription::default()
        })
    }
}

fn set_once<'a>(
    slot: &mut Option<Cow<'a, str>>,
    value: &'a str,
    at: usize,
    t: char,
) -> Result<(), ParseError> {
    if slot.is_some() {
        return Err(ParseError::new(at, ErrorKind::DuplicateLine(t)));
    }
    *slot = Some(Cow::Borrowed(value));
    Ok(())
}

/// Decimal digits only (no sign, no spaces), without overflow. Leading zeros are refused
/// so that emit reproduces the input (except "0" itself).
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    let mut n: u64 = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}

pub(crate) fn parse_u16(s: &str) -> Option<u16> {
    parse_u64(s).and_then(|n| u16::try_from(n).ok())
}

pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    parse_u64(s).and_then(|n| u32::try_from(n).ok())
}
