//! URIs: `sip:`/`sips:` (RFC 3261 §19.1), `tel:` (RFC 3966) and any other scheme kept opaque.

use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::params::Params;
use crate::parse::scan::{
    ascii, hex, is, parse_u64, span, unescape, HOST_CHAR, HOST_NUMERIC, PASSWORD, URI_HEADER, USER,
};

/// A URI as it appears in a Request-URI, a name-addr or an addr-spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uri<'b> {
    /// `sip:` or `sips:` (RFC 3261 §19.1).
    Sip(SipUri<'b>),
    /// `tel:` (RFC 3966).
    Tel(TelUri<'b>),
    /// Any other scheme, kept opaque (RFC 4475 §3.3.2–3.3.4).
    Other {
        /// The scheme as written.
        scheme: &'b str,
        /// Everything after the colon.
        opaque: &'b str,
    },
}

/// The host part of a SIP URI or Via sent-by (RFC 3261 §25.1 `host`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Host<'b> {
    /// A domain name, as written.
    Name(&'b str),
    /// An IPv4 address.
    V4(Ipv4Addr),
    /// An IPv6 reference (`[...]` in the text).
    V6(Ipv6Addr),
}

impl Host<'_> {
    /// RFC 3261 §19.1.4: names compare case-insensitively, addresses by value.
    pub fn equivalent(&self, other: &Host<'_>) -> bool {
        match (self, other) {
            (Host::Name(a), Host::Name(b)) => a.eq_ignore_ascii_case(b),
            (Host::V4(a), Host::V4(b)) => a == b,
            (Host::V6(a), Host::V6(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Host<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Name(n) => f.write_str(n),
            Host::V4(a) => write!(f, "{a}"),
            Host::V6(a) => write!(f, "[{a}]"),
        }
    }
}

/// A `sip:` or `sips:` URI (RFC 3261 §19.1.1). User and password stay escaped as written;
/// [`SipUri::user_unescaped`] decodes them once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SipUri<'b> {
    /// `sips:`.
    pub secure: bool,
    /// The user part, escaped as written (may contain `;`, RFC 4475 §3.1.1.9).
    pub user: Option<&'b str>,
    /// The password, escaped as written.
    pub password: Option<&'b str>,
    /// The host.
    pub host: Host<'b>,
    /// The port, when written.
    pub port: Option<u16>,
    /// The uri-parameters.
    pub params: Params<'b>,
    /// The headers after `?`, escaped as written.
    pub headers: Option<&'b str>,
}

/// A `tel:` URI (RFC 3966).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TelUri<'b> {
    /// The number with visual separators, as written (global numbers start with `+`).
    pub number: &'b str,
    /// The parameters (`ext`, `isub`, `phone-context`, ...).
    pub params: Params<'b>,
}

/// Policy knobs for URI parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UriPolicy {
    /// Accept the `:::` IPv6 form that the RFC 3261 ABNF allows by mistake
    /// (`2001:db8:::192.0.2.1`, RFC 5118 §4.10), reading it as `::`.
    pub tolerate_ipv6_triple_colon: bool,
}

impl Default for UriPolicy {
    fn default() -> Self {
        Self {
            tolerate_ipv6_triple_colon: true,
        }
    }
}

/// Why a URI failed to parse, with the offset inside the URI text.
pub(crate) type UriErr = (usize, &'static str);

fn is_scheme_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')
}

fn is_password_char(c: u8) -> bool {
    is(c, PASSWORD)
}

fn is_header_char(c: u8) -> bool {
    is(c, URI_HEADER)
}

fn check_escapes(s: &[u8], base: usize) -> Result<(), UriErr> {
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'%', &s[i..]) {
        i += k;
        if i + 2 >= s.len() {
            return Err((base + i, "truncated escape"));
        }
        if hex(s[i + 1]).is_none() || hex(s[i + 2]).is_none() {
            return Err((base + i, "bad escape"));
        }
        i += 3;
    }
    Ok(())
}

pub(crate) fn parse_ipv6(s: &str, policy: UriPolicy) -> Option<Ipv6Addr> {
    if let Ok(a) = s.parse::<Ipv6Addr>() {
        return Some(a);
    }
    if policy.tolerate_ipv6_triple_colon && s.len() < 64 {
        if let Some(p) = s.find(":::") {
            let mut buf = [0u8; 64];
            let n = s.len() - 1;
            buf[..p].copy_from_slice(&s.as_bytes()[..p]);
            buf[p..n].copy_from_slice(&s.as_bytes()[p + 1..]);
            return std::str::from_utf8(&buf[..n]).ok()?.parse().ok();
        }
    }
    None
}

/// A dotted-quad IPv4 address of digits and dots, with the rules of `Ipv4Addr::from_str`:
/// four parts of one to three digits, no leading zero, each at most 255.
fn parse_ipv4(s: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut n = 0;
    for part in s.split(|&c| c == b'.') {
        if n == 4 || part.is_empty() || part.len() > 3 || (part.len() > 1 && part[0] == b'0') {
            return None;
        }
        let mut v: u16 = 0;
        for &c in part {
            v = v * 10 + u16::from(c.wrapping_sub(b'0'));
        }
        octets[n] = u8::try_from(v).ok()?;
        n += 1;
    }
    (n == 4).then(|| Ipv4Addr::from(octets))
}

/// One pass over a host name or IPv4 address at the start of `s`: its length, and the
/// [`HOST_NUMERIC`] bit when it is all digits and dots. Four octets are tested at a time
/// while the run lasts.
#[inline(always)]
fn host_span(s: &[u8]) -> (usize, u8) {
    let mut i = 0;
    let mut numeric = HOST_NUMERIC;
    while let Some(&[a, b, c, d]) = s.get(i..i + 4).and_then(|w| <&[u8; 4]>::try_from(w).ok()) {
        let (a, b, c, d) = (
            HOST_CHAR[a as usize],
            HOST_CHAR[b as usize],
            HOST_CHAR[c as usize],
            HOST_CHAR[d as usize],
        );
        if a & b & c & d == 0 {
            break;
        }
        numeric &= a & b & c & d;
        i += 4;
    }
    while i < s.len() {
        let k = HOST_CHAR[s[i] as usize];
        if k == 0 {
            break;
        }
        numeric &= k;
        i += 1;
    }
    (i, numeric)
}

/// Parses `host [":" port]` at the start of `s`; returns host, port and the index after.
pub(crate) fn parse_hostport(
    s: &[u8],
    policy: UriPolicy,
) -> Result<(Host<'_>, Option<u16>, usize), UriErr> {
    let (host, i) = if s.first() == Some(&b'[') {
        let close = s
            .iter()
            .position(|&c| c == b']')
            .ok_or((0, "unterminated IPv6 reference"))?;
        let text = std::str::from_utf8(&s[1..close]).map_err(|_| (1, "bad IPv6 reference"))?;
        let a = parse_ipv6(text, policy).ok_or((1, "bad IPv6 reference"))?;
        (Host::V6(a), close + 1)
    } else {
        let (i, numeric) = host_span(s);
        if i == 0 {
            return Err((0, "missing host"));
        }
        let host = if numeric != 0 {
            // Not an address (`00.000.00.0` from a real gateway): keep it as a name, as
            // RFC 3261 host comparison would.
            parse_ipv4(&s[..i]).map_or_else(|| Host::Name(ascii(&s[..i])), Host::V4)
        } else {
            Host::Name(ascii(&s[..i]))
        };
        (host, i)
    };
    let (port, i) = port_at(s, i)?;
    Ok((host, port, i))
}

/// The optional `":" port` at `i`; returns the port and the index after it.
#[inline]
fn port_at(s: &[u8], mut i: usize) -> Result<(Option<u16>, usize), UriErr> {
    let mut port = None;
    if i < s.len() && s[i] == b':' {
        let ps = i + 1;
        i = ps;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        let p = parse_u64(&s[ps..i], 65535).ok_or((ps, "bad port"))?;
        port = Some(p as u16);
    }
    Ok((port, i))
}

/// [`parse_hostport`] that only validates: the index after `host [":" port]`. A name or
/// IPv4 host cannot fail, so neither is built.
fn check_hostport(s: &[u8], policy: UriPolicy) -> Result<usize, UriErr> {
    if s.first() == Some(&b'[') {
        return parse_hostport(s, policy).map(|(_, _, i)| i);
    }
    let (i, _) = host_span(s);
    if i == 0 {
        return Err((0, "missing host"));
    }
    port_at(s, i).map(|(_, i)| i)
}

/// The length of the scheme before the first colon, checked.
fn scheme_len(s: &[u8]) -> Result<usize, UriErr> {
    let colon = s
        .iter()
        .position(|&c| c == b':')
        .ok_or((0, "missing scheme"))?;
    if colon == 0 || !s[0].is_ascii_alphabetic() || !s[..colon].iter().all(|&c| is_scheme_char(c)) {
        return Err((0, "bad scheme"));
    }
    Ok(colon)
}

impl<'b> Uri<'b> {
    /// Parses a whole URI (no surrounding LWS or angle brackets).
    pub fn parse(s: &'b [u8]) -> Result<Self, crate::ParseError> {
        Self::parse_with(s, UriPolicy::default())
    }

    /// [`Uri::parse`] with explicit policy knobs.
    pub fn parse_with(s: &'b [u8], policy: UriPolicy) -> Result<Self, crate::ParseError> {
        Self::parse_inner(s, policy)
            .map_err(|(at, why)| crate::ParseError::new(at, crate::ErrorKind::Uri(why)))
    }

    pub(crate) fn parse_inner(s: &'b [u8], policy: UriPolicy) -> Result<Self, UriErr> {
        let colon = scheme_len(s)?;
        let scheme = &s[..colon];
        let rest = &s[colon + 1..];
        let base = colon + 1;
        if scheme.eq_ignore_ascii_case(b"sip") || scheme.eq_ignore_ascii_case(b"sips") {
            let secure = scheme.len() == 4;
            SipUri::parse_rest(rest, secure, base, policy).map(Uri::Sip)
        } else if scheme.eq_ignore_ascii_case(b"tel") {
            TelUri::parse_rest(rest, base).map(Uri::Tel)
        } else {
            if rest.is_empty() {
                return Err((base, "empty URI"));
            }
            if let Some(p) = rest
                .iter()
                .position(|&c| c <= b' ' || c >= 0x7f || matches!(c, b'<' | b'>' | b'"'))
            {
                return Err((base + p, "bad character"));
            }
            Ok(Uri::Other {
                scheme: ascii(scheme),
                opaque: ascii(rest),
            })
        }
    }

    /// Validates a URI as [`Uri::parse_inner`] does, with the same errors, without building
    /// it; `true` when it is a SIP URI with headers (`?...`).
    pub(crate) fn check_inner(s: &'b [u8], policy: UriPolicy) -> Result<bool, UriErr> {
        let colon = scheme_len(s)?;
        let scheme = &s[..colon];
        if scheme.eq_ignore_ascii_case(b"sip") || scheme.eq_ignore_ascii_case(b"sips") {
            SipUri::check_rest(&s[colon + 1..], colon + 1, policy)
        } else {
            Self::parse_inner(s, policy).map(|_| false)
        }
    }

    /// The scheme, lower-case for sip/sips/tel, as written otherwise.
    pub fn scheme(&self) -> &'b str {
        match self {
            Uri::Sip(u) if u.secure => "sips",
            Uri::Sip(_) => "sip",
            Uri::Tel(_) => "tel",
            Uri::Other { scheme, .. } => scheme,
        }
    }

    /// The SIP URI, if this is one.
    pub fn as_sip(&self) -> Option<&SipUri<'b>> {
        match self {
            Uri::Sip(u) => Some(u),
            _ => None,
        }
    }

    /// The user part (SIP) or the number (tel), escaped as written.
    pub fn user(&self) -> Option<&'b str> {
        match self {
            Uri::Sip(u) => u.user,
            Uri::Tel(t) => Some(t.number),
            Uri::Other { .. } => None,
        }
    }

    /// The uri-parameters (empty for opaque URIs).
    pub fn params(&self) -> Params<'b> {
        match self {
            Uri::Sip(u) => u.params,
            Uri::Tel(t) => t.params,
            Uri::Other { .. } => Params::default(),
        }
    }

    /// URI equivalence: RFC 3261 §19.1.4 for SIP, RFC 3966 §4 for tel, case-insensitive
    /// scheme and exact text otherwise.
    pub fn equivalent(&self, other: &Uri<'_>) -> bool {
        match (self, other) {
            (Uri::Sip(a), Uri::Sip(b)) => a.equivalent(b),
            (Uri::Tel(a), Uri::Tel(b)) => a.equivalent(b),
            (
                Uri::Other {
                    scheme: sa,
                    opaque: oa,
                },
                Uri::Other {
                    scheme: sb,
                    opaque: ob,
                },
            ) => sa.eq_ignore_ascii_case(sb) && oa == ob,
            _ => false,
        }
    }
}

impl<'b> SipUri<'b> {
    fn parse_rest(
        s: &'b [u8],
        secure: bool,
        base: usize,
        policy: UriPolicy,
    ) -> Result<Self, UriErr> {
        let (user, password, hs) = Self::userinfo(s, base)?;
        let (host, port, hl) =
            parse_hostport(&s[hs..], policy).map_err(|(o, w)| (base + hs + o, w))?;
        let (params, headers) = Self::tail(s, hs + hl, base)?;
        Ok(SipUri {
            secure,
            user: user.map(ascii),
            password: password.map(ascii),
            host,
            port,
            params,
            headers: headers.map(ascii),
        })
    }

    /// [`SipUri::parse_rest`] that only validates; `true` when the URI has headers.
    fn check_rest(s: &'b [u8], base: usize, policy: UriPolicy) -> Result<bool, UriErr> {
        let (_, _, hs) = Self::userinfo(s, base)?;
        let hl = check_hostport(&s[hs..], policy).map_err(|(o, w)| (base + hs + o, w))?;
        Self::tail(s, hs + hl, base).map(|(_, h)| h.is_some())
    }

    /// The checked user and password before `@`, and the index of the host.
    #[inline(always)]
    #[allow(clippy::type_complexity)]
    fn userinfo(
        s: &'b [u8],
        base: usize,
    ) -> Result<(Option<&'b [u8]>, Option<&'b [u8]>, usize), UriErr> {
        Ok(match memchr::memchr(b'@', s) {
            Some(at) => {
                let ui = &s[..at];
                let (u, p) = match ui.iter().position(|&c| c == b':') {
                    Some(c) => (&ui[..c], Some(&ui[c + 1..])),
                    None => (ui, None),
                };
                if u.is_empty() {
                    return Err((base, "empty user"));
                }
                let bad = span(u, 0, USER);
                if bad < u.len() {
                    return Err((base + bad, "bad character in user"));
                }
                if u.contains(&b'%') {
                    check_escapes(u, base)?;
                }
                if let Some(p) = p {
                    let pb = base + u.len() + 1;
                    if let Some(bad) = p.iter().position(|&c| !is_password_char(c)) {
                        return Err((pb + bad, "bad character in password"));
                    }
                    check_escapes(p, pb)?;
                }
                (Some(u), p, at + 1)
            }
            None => (None, None, 0),
        })
    }

    /// The checked uri-parameters from `i` and the headers after `?`, up to the end.
    #[inline(always)]
    fn tail(s: &'b [u8], i: usize, base: usize) -> Result<(Params<'b>, Option<&'b [u8]>), UriErr> {
        let (params, pe) = Params::scan_uri(s, i).map_err(|o| (base + o, "bad uri-parameter"))?;
        let mut i = pe;
        let mut headers = None;
        if i < s.len() && s[i] == b'?' {
            let h = &s[i + 1..];
            if let Some(bad) = h.iter().position(|&c| !is_header_char(c)) {
                return Err((base + i + 1 + bad, "bad character in headers"));
            }
            check_escapes(h, base + i + 1)?;
            headers = Some(h);
            i = s.len();
        }
        if i != s.len() {
            return Err((base + i, "unexpected character"));
        }
        Ok((params, headers))
    }

    /// The user part with `%HH` escapes decoded once (may contain NUL, RFC 4475 §3.1.1.4).
    pub fn user_unescaped(&self) -> Option<Cow<'b, [u8]>> {
        self.user.map(|u| unescape(u.as_bytes()))
    }

    /// The `transport` uri-parameter.
    pub fn transport(&self) -> Option<&'b str> {
        self.params.get("transport").flatten().map(ascii)
    }

    /// The `user` uri-parameter (`phone`, `ip`, `dialstring`).
    pub fn user_param(&self) -> Option<&'b str> {
        self.params.get("user").flatten().map(ascii)
    }

    /// Whether the `lr` parameter is present (RFC 3261 §19.1.1, loose routing).
    pub fn lr(&self) -> bool {
        self.params.contains("lr")
    }

    /// The URI headers as (name, unescaped value) pairs.
    pub fn header_fields(&self) -> impl Iterator<Item = (&'b str, Cow<'b, [u8]>)> {
        self.headers
            .unwrap_or("")
            .split('&')
            .filter(|h| !h.is_empty())
            .map(|h| match h.split_once('=') {
                Some((n, v)) => (n, unescape(v.as_bytes())),
                None => (h, Cow::Borrowed(&b""[..])),
            })
    }

    /// RFC 3261 §19.1.4 equivalence.
    pub fn equivalent(&self, o: &SipUri<'_>) -> bool {
        if self.secure != o.secure
            || self.port != o.port
            || !self.host.equivalent(&o.host)
            || self.user.map(|u| unescape(u.as_bytes())) != o.user.map(|u| unescape(u.as_bytes()))
            || self.password.map(|u| unescape(u.as_bytes()))
                != o.password.map(|u| unescape(u.as_bytes()))
        {
            return false;
        }
        let eq_val = |a: Option<&[u8]>, b: Option<&[u8]>| match (a, b) {
            (Some(a), Some(b)) => unescape(a).eq_ignore_ascii_case(&unescape(b)),
            (None, None) => true,
            _ => false,
        };
        for (n, v) in self.params.iter() {
            match o.params.get(n) {
                Some(ov) => {
                    if !eq_val(v, ov) {
                        return false;
                    }
                }
                None => {
                    if ["user", "ttl", "method", "maddr", "transport"]
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(n))
                    {
                        return false;
                    }
                }
            }
        }
        for (n, _) in o.params.iter() {
            if ["user", "ttl", "method", "maddr", "transport"]
                .iter()
                .any(|k| k.eq_ignore_ascii_case(n))
                && !self.params.contains(n)
            {
                return false;
            }
        }
        let mut ha: Vec<_> = self
            .header_fields()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.into_owned()))
            .collect();
        let mut hb: Vec<_> = o
            .header_fields()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.into_owned()))
            .collect();
        ha.sort();
        hb.sort();
        ha == hb
    }
}

impl<'b> TelUri<'b> {
    fn parse_rest(s: &'b [u8], base: usize) -> Result<Self, UriErr> {
        let mut i = 0;
        while i < s.len()
            && (s[i].is_ascii_hexdigit()
                || matches!(s[i], b'+' | b'-' | b'.' | b'(' | b')' | b'*' | b'#'))
        {
            i += 1;
        }
        let number = &s[..i];
        if !number
            .iter()
            .any(|c| c.is_ascii_hexdigit() || matches!(c, b'*' | b'#'))
        {
            return Err((base, "empty telephone number"));
        }
        if number[1..].contains(&b'+') {
            return Err((base, "misplaced +"));
        }
        let (params, pe) = Params::scan_uri(s, i).map_err(|o| (base + o, "bad tel parameter"))?;
        if pe != s.len() {
            return Err((base + pe, "unexpected character"));
        }
        Ok(TelUri {
            number: ascii(number),
            params,
        })
    }

    /// Whether the number is global (`+` prefixed, RFC 3966 §5.1.4).
    pub fn is_global(&self) -> bool {
        self.number.starts_with('+')
    }

    /// The digits without visual separators.
    pub fn digits(&self) -> String {
        self.number
            .chars()
            .filter(|c| !matches!(c, '-' | '.' | '(' | ')'))
            .collect()
    }

    /// RFC 3966 §4: numbers equal without visual separators, parameters equal as sets.
    pub fn equivalent(&self, o: &TelUri<'_>) -> bool {
        if !self.digits().eq_ignore_ascii_case(&o.digits()) {
            return false;
        }
        let norm = |p: &Params<'_>| {
            let mut v: Vec<(String, Vec<u8>)> = p
                .iter()
                .map(|(n, v)| {
                    (
                        n.to_ascii_lowercase(),
                        v.map(|v| unescape(v).to_ascii_lowercase())
                            .unwrap_or_default(),
                    )
                })
                .collect();
            v.sort();
            v
        };
        norm(&self.params) == norm(&o.params)
    }
}

impl fmt::Display for SipUri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.secure { "sips:" } else { "sip:" })?;
        if let Some(u) = self.user {
            f.write_str(u)?;
            if let Some(p) = self.password {
                write!(f, ":{p}")?;
            }
            f.write_str("@")?;
        }
        write!(f, "{}", self.host)?;
        if let Some(p) = self.port {
            write!(f, ":{p}")?;
        }
        self.params.canonical_fmt(f)?;
        if let Some(h) = self.headers {
            write!(f, "?{h}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Uri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Uri::Sip(u) => write!(f, "{u}"),
            Uri::Tel(t) => {
                write!(f, "tel:{}", t.number)?;
                t.params.canonical_fmt(f)
            }
            Uri::Other { scheme, opaque } => write!(f, "{scheme}:{opaque}"),
        }
    }
}
