//! Headers with small grammars: numbers, tokens, media types and the RFC extensions.

use std::borrow::Cow;
use std::fmt;

use super::ParseValue;
use crate::error::{ErrorKind, ParseError};
use crate::method::Method;
use crate::params::Params;
use crate::parse::scan::{
    ascii, is_token, is_ws, parse_u64, quoted_end, skip_ws, span, token_end, unquote, WORD,
};

fn bad(base: usize, what: &'static str) -> ParseError {
    ParseError::new(base, ErrorKind::HeaderValue(what))
}

/// A whole value that must be a single `token` (Allow, Supported, Require, Unsupported,
/// Proxy-Require, Content-Encoding, Allow-Events elements).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token<'b>(pub &'b str);

impl<'b> ParseValue<'b> for Token<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        if v.is_empty() || token_end(v, 0) != v.len() {
            return Err(bad(base, what));
        }
        Ok(Token(ascii(v)))
    }
}

/// Delta-seconds and other 32-bit counters (Expires, Min-Expires, RSeq, Content-Length;
/// RFC 3261 §25.1: at most 2^32-1).
impl<'b> ParseValue<'b> for u32 {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        parse_u64(v, u64::from(u32::MAX))
            .map(|n| n as u32)
            .ok_or(bad(base, what))
    }
}

/// Max-Forwards (RFC 3261 §20.22: 0..=255).
impl<'b> ParseValue<'b> for u8 {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        parse_u64(v, 255).map(|n| n as u8).ok_or(bad(base, what))
    }
}

/// Call-ID (RFC 3261 §20.8): `word ["@" word]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallId<'b>(pub &'b str);

fn is_word(c: u8) -> bool {
    crate::parse::scan::is(c, crate::parse::scan::WORD)
}

impl<'b> ParseValue<'b> for CallId<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        // callid = word [ "@" word ]
        let a = span(v, 0, WORD);
        if a == 0 {
            return Err(bad(base, what));
        }
        if a < v.len() {
            if v[a] != b'@' {
                return Err(bad(base, what));
            }
            let b = span(v, a + 1, WORD);
            if b == a + 1 || b != v.len() {
                return Err(bad(base, what));
            }
        }
        Ok(CallId(ascii(v)))
    }
}

/// CSeq (RFC 3261 §20.16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CSeq<'b> {
    /// Sequence number (< 2^31 when generated, up to 2^32-1 accepted).
    pub seq: u32,
    /// Method.
    pub method: Method<'b>,
}

impl<'b> ParseValue<'b> for CSeq<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let d = v
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(v.len());
        let seq = parse_u64(&v[..d], u64::from(u32::MAX)).ok_or(bad(base, what))? as u32;
        let m = skip_ws(v, d);
        if m == d || token_end(v, m) != v.len() || m == v.len() {
            return Err(bad(base + m, what));
        }
        Ok(CSeq {
            seq,
            method: Method::from_token_bytes(&v[m..]),
        })
    }
}

impl fmt::Display for CSeq<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.seq, self.method)
    }
}

/// A media type (Content-Type, Accept elements; RFC 3261 §20.15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaType<'b> {
    /// `application`, `multipart`, `*`...
    pub ty: &'b str,
    /// `sdp`, `mixed`, `*`...
    pub subtype: &'b str,
    /// Parameters (`boundary`, `charset`, `q`...).
    pub params: Params<'b>,
}

impl MediaType<'_> {
    /// Case-insensitive check of type and subtype.
    pub fn is(&self, ty: &str, subtype: &str) -> bool {
        self.ty.eq_ignore_ascii_case(ty) && self.subtype.eq_ignore_ascii_case(subtype)
    }
}

impl<'b> ParseValue<'b> for MediaType<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let t = token_end(v, 0);
        let mut i = skip_ws(v, t);
        if t == 0 || i >= v.len() || v[i] != b'/' {
            return Err(bad(base + i, what));
        }
        i = skip_ws(v, i + 1);
        let se = token_end(v, i);
        if se == i {
            return Err(bad(base + i, what));
        }
        let (params, pe) = Params::scan_header(v, se, base, what)?;
        if skip_ws(v, pe) != v.len() {
            return Err(bad(base + pe, what));
        }
        Ok(MediaType {
            ty: ascii(&v[..t]),
            subtype: ascii(&v[i..se]),
            params,
        })
    }
}

impl fmt::Display for MediaType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.ty, self.subtype)?;
        self.params.canonical_fmt(f)
    }
}

/// `token *(;param)` values: Content-Disposition (RFC 3261 §20.11), Event (RFC 6665 §8.2.1),
/// Subscription-State (RFC 6665 §8.2.3), Session-Expires / Min-SE (RFC 4028), Reason
/// (RFC 3326), Replaces (RFC 3891: the token is a Call-ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenParams<'b> {
    /// The leading token (disposition type, event package, state, delta, protocol...).
    pub value: &'b str,
    /// The parameters.
    pub params: Params<'b>,
}

impl<'b> TokenParams<'b> {
    fn parse_with(
        v: &'b [u8],
        base: usize,
        what: &'static str,
        word: fn(u8) -> bool,
    ) -> Result<Self, ParseError> {
        let mut t = 0;
        while t < v.len() && word(v[t]) {
            t += 1;
        }
        if t == 0 {
            return Err(bad(base, what));
        }
        let (params, pe) = Params::scan_header(v, t, base, what)?;
        if skip_ws(v, pe) != v.len() {
            return Err(bad(base + pe, what));
        }
        Ok(TokenParams {
            value: ascii(&v[..t]),
            params,
        })
    }

    /// A parameter's value as text (quotes removed).
    pub fn param(&self, name: &str) -> Option<Cow<'b, str>> {
        self.params.get_str(name)
    }
}

impl<'b> ParseValue<'b> for TokenParams<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        Self::parse_with(v, base, what, is_token)
    }
}

/// Replaces (RFC 3891 §6.1): `callid *(;to-tag|from-tag|early-only|generic)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaces<'b> {
    /// The dialog's Call-ID.
    pub call_id: &'b str,
    /// The parameters.
    pub params: Params<'b>,
}

impl<'b> Replaces<'b> {
    /// `to-tag`.
    pub fn to_tag(&self) -> Option<&'b str> {
        self.params.get("to-tag").flatten().map(ascii)
    }
    /// `from-tag`.
    pub fn from_tag(&self) -> Option<&'b str> {
        self.params.get("from-tag").flatten().map(ascii)
    }
    /// `early-only`.
    pub fn early_only(&self) -> bool {
        self.params.contains("early-only")
    }
}

impl<'b> ParseValue<'b> for Replaces<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let tp = TokenParams::parse_with(v, base, what, |c| is_word(c) || c == b'@')?;
        let r = Replaces {
            call_id: tp.value,
            params: tp.params,
        };
        if r.to_tag().is_none() || r.from_tag().is_none() {
            return Err(bad(base, what));
        }
        Ok(r)
    }
}

/// Reason (RFC 3326): `protocol ;cause=N ;text="..."`; protocol `SIP` or `Q.850`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason<'b> {
    /// `SIP`, `Q.850`, ...
    pub protocol: &'b str,
    /// `cause`: a SIP status code or a Q.850 cause value.
    pub cause: Option<u16>,
    /// `text`, unquoted.
    pub text: Option<Cow<'b, str>>,
    /// Every parameter.
    pub params: Params<'b>,
}

impl<'b> ParseValue<'b> for Reason<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let tp = TokenParams::parse_value(v, base, what)?;
        let cause = match tp.params.get("cause") {
            None => None,
            Some(c) => Some(c.and_then(|c| parse_u64(c, 65535)).ok_or(bad(base, what))? as u16),
        };
        Ok(Reason {
            protocol: tp.value,
            cause,
            text: tp.params.get_str("text"),
            params: tp.params,
        })
    }
}

/// Session-Expires / Min-SE (RFC 4028 §4): delta-seconds, `refresher=uac|uas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionExpires<'b> {
    /// The interval in seconds.
    pub delta: u32,
    /// `refresher` (Session-Expires only).
    pub refresher: Option<&'b str>,
    /// Every parameter.
    pub params: Params<'b>,
}

impl<'b> ParseValue<'b> for SessionExpires<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let tp = TokenParams::parse_value(v, base, what)?;
        let delta = parse_u64(tp.value.as_bytes(), u64::from(u32::MAX)).ok_or(bad(base, what))?;
        Ok(SessionExpires {
            delta: delta as u32,
            refresher: tp.params.get("refresher").flatten().map(ascii),
            params: tp.params,
        })
    }
}

/// RAck (RFC 3262 §7.2): `response-num CSeq-num Method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RAck<'b> {
    /// The RSeq being acknowledged.
    pub rseq: u32,
    /// The CSeq number of the acknowledged response.
    pub cseq: u32,
    /// Its method.
    pub method: Method<'b>,
}

impl<'b> ParseValue<'b> for RAck<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let d = v
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(v.len());
        let rseq = parse_u64(&v[..d], u64::from(u32::MAX)).ok_or(bad(base, what))? as u32;
        let rest = skip_ws(v, d);
        if rest == d {
            return Err(bad(base + d, what));
        }
        let c = CSeq::parse_value(&v[rest..], base + rest, what)?;
        Ok(RAck {
            rseq,
            cseq: c.seq,
            method: c.method,
        })
    }
}

/// Retry-After (RFC 3261 §20.33): `delta-seconds [comment] *(;duration|generic)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter<'b> {
    /// Seconds.
    pub seconds: u32,
    /// The parenthesised comment, without parentheses.
    pub comment: Option<&'b [u8]>,
    /// Parameters (`duration`).
    pub params: Params<'b>,
}

impl RetryAfter<'_> {
    /// `duration`.
    pub fn duration(&self) -> Option<u32> {
        self.params.get_u32("duration")
    }
}

impl<'b> ParseValue<'b> for RetryAfter<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let d = v
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(v.len());
        let seconds = parse_u64(&v[..d], u64::from(u32::MAX)).ok_or(bad(base, what))? as u32;
        let mut i = skip_ws(v, d);
        let mut comment = None;
        if i < v.len() && v[i] == b'(' {
            let mut depth = 0usize;
            let cs = i;
            while i < v.len() {
                match v[i] {
                    b'\\' => i += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            if i >= v.len() {
                return Err(bad(base + cs, what));
            }
            comment = Some(&v[cs + 1..i]);
            i += 1;
        }
        let (params, pe) = Params::scan_header(v, i, base, what)?;
        if skip_ws(v, pe) != v.len() {
            return Err(bad(base + pe, what));
        }
        if let Some(dv) = params.get("duration") {
            if dv.and_then(|d| parse_u64(d, u64::from(u32::MAX))).is_none() {
                return Err(bad(base, what));
            }
        }
        Ok(RetryAfter {
            seconds,
            comment,
            params,
        })
    }
}

/// One Warning value (RFC 3261 §20.43): `3DIGIT SP warn-agent SP quoted-string`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warning<'b> {
    /// The three-digit warn-code.
    pub code: u16,
    /// `host[:port]` or pseudonym.
    pub agent: &'b str,
    /// The warn-text with its quotes.
    pub text_raw: &'b [u8],
}

impl<'b> Warning<'b> {
    /// The warn-text without quotes.
    pub fn text(&self) -> Cow<'b, [u8]> {
        unquote(self.text_raw)
    }
}

impl<'b> ParseValue<'b> for Warning<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let d = v
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(v.len());
        if d != 3 {
            return Err(bad(base, what));
        }
        let code = parse_u64(&v[..3], 999).ok_or(bad(base, what))? as u16;
        let a = skip_ws(v, d);
        let mut ae = a;
        while ae < v.len() && !is_ws(v[ae]) {
            ae += 1;
        }
        let q = skip_ws(v, ae);
        if a == d || ae == a || q == ae || q >= v.len() || v[q] != b'"' {
            return Err(bad(base + a, what));
        }
        let qe = quoted_end(v, q).ok_or(bad(base + q, what))?;
        if skip_ws(v, qe) != v.len() {
            return Err(bad(base + qe, what));
        }
        Ok(Warning {
            code,
            agent: std::str::from_utf8(&v[a..ae]).map_err(|_| bad(base + a, what))?,
            text_raw: &v[q..qe],
        })
    }
}

/// Privacy (RFC 3323 §4.2): `priv-value *(";" priv-value)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Privacy<'b>(pub &'b [u8]);

impl<'b> Privacy<'b> {
    /// The values (`id`, `header`, `session`, `user`, `none`, `critical`).
    pub fn values(&self) -> impl Iterator<Item = &'b str> + 'b {
        self.0
            .split(|&c| c == b';')
            .map(crate::parse::scan::trim)
            .map(ascii)
    }

    /// Whether `value` is among them.
    pub fn contains(&self, value: &str) -> bool {
        self.values().any(|v| v.eq_ignore_ascii_case(value))
    }
}

impl<'b> ParseValue<'b> for Privacy<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        for part in v.split(|&c| c == b';') {
            let t = crate::parse::scan::trim(part);
            if t.is_empty() || token_end(t, 0) != t.len() {
                return Err(bad(base, what));
            }
        }
        Ok(Privacy(v))
    }
}

/// User-Agent / Server (RFC 3261 §20.35, §20.41): products and comments, as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product<'b>(pub &'b str);

impl<'b> ParseValue<'b> for Product<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let s = std::str::from_utf8(v).map_err(|_| bad(base, what))?;
        if s.is_empty() {
            return Err(bad(base, what));
        }
        Ok(Product(s))
    }
}

/// Date (RFC 3261 §20.17): RFC 1123 form, `GMT` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SipDate<'b>(pub &'b str);

impl<'b> ParseValue<'b> for SipDate<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        // wkday "," SP date1 SP time SP "GMT"; date1 = 2DIGIT SP month SP 4DIGIT
        let s = std::str::from_utf8(v).map_err(|_| bad(base, what))?;
        let ok = (|| {
            let (wk, rest) = s.split_once(", ")?;
            let f: Vec<&str> = rest.split(' ').collect();
            let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            let months = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|c| c.is_ascii_digit());
            let time = f.get(3)?;
            let ok = days.contains(&wk)
                && f.len() == 5
                && digits(f[0], 2)
                && months.contains(&f[1])
                && digits(f[2], 4)
                && time.len() == 8
                && time.split(':').all(|p| digits(p, 2))
                && f[4] == "GMT";
            ok.then_some(())
        })();
        ok.map(|_| SipDate(s)).ok_or(bad(base, what))
    }
}
