//! Headers built on `name-addr / addr-spec` (RFC 3261 §20.10, §25.1): From, To, Contact,
//! Route, Record-Route, Reply-To, P-Asserted-Identity, P-Preferred-Identity, Refer-To,
//! Referred-By, Diversion, History-Info, Remote-Party-ID.

use std::borrow::Cow;
use std::fmt;

use super::ParseValue;
use crate::error::{ErrorKind, ParseError};
use crate::params::Params;
use crate::parse::scan::{ascii, is_token, is_ws, quoted_end, skip_ws, unescape, unquote};
use crate::uri::{Uri, UriPolicy};

/// `[display-name] <URI> *(;param)` or `URI *(;param)` (RFC 3261 §25.1 name-addr / addr-spec
/// followed by header parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameAddr<'b> {
    /// The display name as written: a quoted string with its quotes, or `*(token LWS)`.
    pub display_raw: Option<&'b [u8]>,
    /// The URI.
    pub uri: Uri<'b>,
    /// Whether the URI was in angle brackets (name-addr form).
    pub angle: bool,
    /// The header parameters after the URI (`tag`, `expires`, `reason`...).
    pub params: Params<'b>,
}

impl<'b> NameAddr<'b> {
    /// Parses a name-addr or addr-spec followed by header parameters; `what` names the
    /// header in errors and `base` is the offset of `s` in the message.
    pub fn parse(s: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let e = |at: usize| ParseError::new(base + at, ErrorKind::HeaderValue(what));
        let mut i = skip_ws(s, 0);
        let start = i;
        let mut display_raw = None;
        let mut angle = false;
        if i < s.len() && s[i] == b'"' {
            let q = quoted_end(s, i).ok_or(e(i))?;
            display_raw = Some(&s[i..q]);
            i = skip_ws(s, q);
            if i >= s.len() || s[i] != b'<' {
                return Err(e(i));
            }
            angle = true;
        } else {
            let mut j = i;
            let mut last_tok_end = i;
            while j < s.len() && is_token(s[j]) {
                while j < s.len() && is_token(s[j]) {
                    j += 1;
                }
                last_tok_end = j;
                j = skip_ws(s, j);
            }
            if j < s.len() && s[j] == b'<' {
                if last_tok_end > start {
                    display_raw = Some(&s[start..last_tok_end]);
                }
                i = j;
                angle = true;
            }
        }
        let uri;
        if angle {
            let gt = memchr::memchr(b'>', &s[i..]).ok_or(e(i))? + i;
            let text = &s[i + 1..gt];
            uri = Uri::parse_inner(text, UriPolicy::default()).map_err(|(at, _)| e(i + 1 + at))?;
            i = gt + 1;
        } else {
            let us = i;
            while i < s.len() && !is_ws(s[i]) && s[i] != b';' && s[i] != b',' {
                i += 1;
            }
            let text = &s[us..i];
            if let Some(q) = text.iter().position(|&c| c == b'?') {
                // RFC 3261 §20: a URI with `?` must be in angle brackets.
                return Err(e(us + q));
            }
            uri = Uri::parse_inner(text, UriPolicy::default()).map_err(|(at, _)| e(us + at))?;
        }
        let (params, pe) = Params::scan_header(s, i, base, what)?;
        if skip_ws(s, pe) != s.len() {
            return Err(e(skip_ws(s, pe)));
        }
        Ok(NameAddr {
            display_raw,
            uri,
            angle,
            params,
        })
    }

    /// The display name without quotes and quoted-pair escapes.
    pub fn display_name(&self) -> Option<Cow<'b, str>> {
        let raw = self.display_raw?;
        Some(match unquote(raw) {
            Cow::Borrowed(b) => String::from_utf8_lossy(b),
            Cow::Owned(o) => Cow::Owned(String::from_utf8_lossy(&o).into_owned()),
        })
    }

    /// The `tag` parameter (RFC 3261 §19.3).
    pub fn tag(&self) -> Option<&'b str> {
        self.params.get("tag").flatten().map(ascii)
    }

    /// The user part of the URI (SIP user or tel number), escapes decoded.
    pub fn user(&self) -> Option<Cow<'b, str>> {
        let u = self.uri.user()?;
        Some(match unescape(u.as_bytes()) {
            Cow::Borrowed(b) => String::from_utf8_lossy(b),
            Cow::Owned(o) => Cow::Owned(String::from_utf8_lossy(&o).into_owned()),
        })
    }
}

impl fmt::Display for NameAddr<'_> {
    /// Canonical form: always name-addr (`"Name" <uri>;params`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(d) = self.display_raw {
            f.write_str(&String::from_utf8_lossy(d))?;
            f.write_str(" ")?;
        }
        write!(f, "<{}>", self.uri)?;
        self.params.canonical_fmt(f)
    }
}

impl<'b> ParseValue<'b> for NameAddr<'b> {
    fn parse_value(v: &'b [u8], offset: usize, what: &'static str) -> Result<Self, ParseError> {
        NameAddr::parse(v, offset, what)
    }
}

/// A Contact value (RFC 3261 §20.10): `*` or an address with `expires`, `q`,
/// `+sip.instance` (RFC 5626) parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact<'b> {
    /// `Contact: *` (remove all bindings, RFC 3261 §10.2.2).
    Star,
    /// An address.
    Addr(NameAddr<'b>),
}

impl<'b> Contact<'b> {
    /// The address, unless `*`.
    pub fn addr(&self) -> Option<&NameAddr<'b>> {
        match self {
            Contact::Addr(a) => Some(a),
            Contact::Star => None,
        }
    }

    /// The `expires` parameter.
    pub fn expires(&self) -> Option<u32> {
        self.addr()?.params.get_u32("expires")
    }

    /// The `q` parameter (0.0 ..= 1.0) in thousandths.
    pub fn q(&self) -> Option<u16> {
        let v = self.addr()?.params.get("q")??;
        parse_qvalue(v)
    }

    /// The `+sip.instance` parameter without quotes (RFC 5626 §4.1).
    pub fn instance(&self) -> Option<Cow<'b, str>> {
        self.addr()?.params.get_str("+sip.instance")
    }
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` in thousandths.
pub(crate) fn parse_qvalue(v: &[u8]) -> Option<u16> {
    let (int, frac) = match v.iter().position(|&c| c == b'.') {
        Some(p) => (&v[..p], &v[p + 1..]),
        None => (v, &b""[..]),
    };
    if int.len() != 1 || frac.len() > 3 || !frac.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut q = u16::from(int[0].checked_sub(b'0').filter(|d| *d <= 1)?) * 1000;
    for (k, d) in frac.iter().enumerate() {
        q += u16::from(d - b'0') * [100, 10, 1][k];
    }
    (q <= 1000).then_some(q)
}

impl<'b> ParseValue<'b> for Contact<'b> {
    fn parse_value(v: &'b [u8], offset: usize, what: &'static str) -> Result<Self, ParseError> {
        if v == b"*" {
            return Ok(Contact::Star);
        }
        let a = NameAddr::parse(v, offset, what)?;
        if let Some(q) = a.params.get("q") {
            if q.and_then(parse_qvalue).is_none() {
                return Err(ParseError::new(offset, ErrorKind::HeaderValue(what)));
            }
        }
        if let Some(e) = a.params.get("expires") {
            if e.and_then(|e| crate::parse::scan::parse_u64(e, u64::from(u32::MAX)))
                .is_none()
            {
                return Err(ParseError::new(offset, ErrorKind::HeaderValue(what)));
            }
        }
        Ok(Contact::Addr(a))
    }
}

/// Why a call was diverted (RFC 5806 §4 `diversion-reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiversionReason<'b> {
    /// `unknown`.
    Unknown,
    /// `user-busy`.
    UserBusy,
    /// `no-answer`.
    NoAnswer,
    /// `unavailable`.
    Unavailable,
    /// `unconditional`.
    Unconditional,
    /// `time-of-day`.
    TimeOfDay,
    /// `do-not-disturb`.
    DoNotDisturb,
    /// `deflection`.
    Deflection,
    /// `follow-me`.
    FollowMe,
    /// `out-of-service`.
    OutOfService,
    /// `away`.
    Away,
    /// Any other token or quoted string, as written.
    Other(&'b str),
}

impl<'b> DiversionReason<'b> {
    /// Maps the parameter value (case-insensitive).
    pub fn from_value(v: &'b str) -> Self {
        const T: &[(&str, DiversionReason<'static>)] = &[
            ("unknown", DiversionReason::Unknown),
            ("user-busy", DiversionReason::UserBusy),
            ("no-answer", DiversionReason::NoAnswer),
            ("unavailable", DiversionReason::Unavailable),
            ("unconditional", DiversionReason::Unconditional),
            ("time-of-day", DiversionReason::TimeOfDay),
            ("do-not-disturb", DiversionReason::DoNotDisturb),
            ("deflection", DiversionReason::Deflection),
            ("follow-me", DiversionReason::FollowMe),
            ("out-of-service", DiversionReason::OutOfService),
            ("away", DiversionReason::Away),
        ];
        let t = v.trim_matches('"');
        T.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(t))
            .map(|(_, r)| *r)
            .unwrap_or(DiversionReason::Other(v))
    }

    /// The RFC 5806 token.
    pub fn as_str(&self) -> &'b str {
        match self {
            DiversionReason::Unknown => "unknown",
            DiversionReason::UserBusy => "user-busy",
            DiversionReason::NoAnswer => "no-answer",
            DiversionReason::Unavailable => "unavailable",
            DiversionReason::Unconditional => "unconditional",
            DiversionReason::TimeOfDay => "time-of-day",
            DiversionReason::DoNotDisturb => "do-not-disturb",
            DiversionReason::Deflection => "deflection",
            DiversionReason::FollowMe => "follow-me",
            DiversionReason::OutOfService => "out-of-service",
            DiversionReason::Away => "away",
            DiversionReason::Other(s) => s,
        }
    }
}

/// A Diversion value (RFC 5806 §4): the diverting party and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Diversion<'b>(pub NameAddr<'b>);

impl<'b> Diversion<'b> {
    /// The diverting party's address.
    pub fn addr(&self) -> &NameAddr<'b> {
        &self.0
    }

    /// `reason` (mandatory in RFC 5806, absent in some traces).
    pub fn reason(&self) -> Option<DiversionReason<'b>> {
        self.0
            .params
            .get("reason")
            .flatten()
            .map(|v| DiversionReason::from_value(ascii(v)))
    }

    /// `counter`: how many diversions this entry stands for.
    pub fn counter(&self) -> Option<u32> {
        self.0.params.get_u32("counter")
    }

    /// `limit`: the most diversions allowed.
    pub fn limit(&self) -> Option<u32> {
        self.0.params.get_u32("limit")
    }

    /// `privacy` (`full`, `name`, `uri`, `off`...).
    pub fn privacy(&self) -> Option<&'b str> {
        self.0.params.get("privacy").flatten().map(ascii)
    }

    /// `screen`: `Some(true)` for `yes`, `Some(false)` for `no`.
    pub fn screen(&self) -> Option<bool> {
        match self.0.params.get("screen").flatten()? {
            v if v.eq_ignore_ascii_case(b"yes") => Some(true),
            v if v.eq_ignore_ascii_case(b"no") => Some(false),
            _ => None,
        }
    }

    /// The `extension` parameter and any parameter RFC 5806 does not name.
    pub fn extensions(&self) -> impl Iterator<Item = (&'b str, Option<&'b [u8]>)> + '_ {
        self.0.params.iter().filter(|(n, _)| {
            !["reason", "counter", "limit", "privacy", "screen"]
                .iter()
                .any(|k| k.eq_ignore_ascii_case(n))
        })
    }
}

impl<'b> ParseValue<'b> for Diversion<'b> {
    fn parse_value(v: &'b [u8], offset: usize, what: &'static str) -> Result<Self, ParseError> {
        let a = NameAddr::parse(v, offset, what)?;
        for p in ["counter", "limit"] {
            if let Some(c) = a.params.get(p) {
                if c.and_then(|c| crate::parse::scan::parse_u64(c, u64::from(u32::MAX)))
                    .is_none()
                {
                    return Err(ParseError::new(offset, ErrorKind::HeaderValue(what)));
                }
            }
        }
        Ok(Diversion(a))
    }
}

/// A History-Info entry (RFC 7044 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryInfo<'b>(pub NameAddr<'b>);

/// How a History-Info target was reached (RFC 7044 §4.2.1 `hi-target-param`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiTarget<'b> {
    /// `rc`: retargeted, the user is the same (registered contact).
    Rc(&'b str),
    /// `mp`: retargeted to a different user (mapped).
    Mp(&'b str),
    /// `np`: not retargeted.
    Np(&'b str),
}

impl<'b> HistoryInfo<'b> {
    /// The `hi-targeted-to-uri`.
    pub fn addr(&self) -> &NameAddr<'b> {
        &self.0
    }

    /// The `index` text (`1`, `1.1`, `1.2.1`).
    pub fn index(&self) -> Option<&'b str> {
        self.0.params.get("index").flatten().map(ascii)
    }

    /// The index as its dot-separated levels.
    pub fn index_levels(&self) -> Option<Vec<u32>> {
        self.index()?
            .split('.')
            .map(|l| l.parse().ok())
            .collect::<Option<Vec<u32>>>()
    }

    /// `rc`, `mp` or `np` with the index it refers to.
    pub fn target(&self) -> Option<HiTarget<'b>> {
        let p = &self.0.params;
        if let Some(v) = p.get("rc") {
            return Some(HiTarget::Rc(v.map(ascii).unwrap_or("")));
        }
        if let Some(v) = p.get("mp") {
            return Some(HiTarget::Mp(v.map(ascii).unwrap_or("")));
        }
        p.get("np")
            .map(|v| HiTarget::Np(v.map(ascii).unwrap_or("")))
    }

    /// The `cause` URI parameter of RFC 4458 (the SIP code that caused the retarget).
    pub fn cause(&self) -> Option<u16> {
        let v = self.0.uri.params().get_u32("cause")?;
        u16::try_from(v).ok()
    }

    /// The Reason header escaped into the URI (`?Reason=SIP%3Bcause%3D302`), decoded.
    pub fn reason(&self) -> Option<String> {
        let sip = self.0.uri.as_sip()?;
        sip.header_fields()
            .find(|(n, _)| n.eq_ignore_ascii_case("Reason"))
            .map(|(_, v)| String::from_utf8_lossy(&v).into_owned())
    }

    /// The Reason escaped into the URI, parsed ([`Reason`](super::Reason)), with its cause.
    pub fn reason_cause(&self) -> Option<u16> {
        let text = self.reason()?;
        let r = super::Reason::parse_value(text.as_bytes(), 0, "Reason").ok()?;
        r.cause
    }

    /// The `Privacy` URI header (RFC 7044 §10.1), decoded.
    pub fn privacy(&self) -> Option<String> {
        let sip = self.0.uri.as_sip()?;
        sip.header_fields()
            .find(|(n, _)| n.eq_ignore_ascii_case("Privacy"))
            .map(|(_, v)| String::from_utf8_lossy(&v).into_owned())
    }
}

impl<'b> ParseValue<'b> for HistoryInfo<'b> {
    fn parse_value(v: &'b [u8], offset: usize, what: &'static str) -> Result<Self, ParseError> {
        let a = NameAddr::parse(v, offset, what)?;
        if !a.angle {
            return Err(ParseError::new(offset, ErrorKind::HeaderValue(what)));
        }
        if let Some(ix) = a.params.get("index") {
            let ok = ix.is_some_and(|ix| {
                ix.split(|&c| c == b'.')
                    .all(|l| !l.is_empty() && l.iter().all(u8::is_ascii_digit))
            });
            if !ok {
                return Err(ParseError::new(offset, ErrorKind::HeaderValue(what)));
            }
        }
        Ok(HistoryInfo(a))
    }
}

/// A Remote-Party-ID value (draft-ietf-sip-privacy-04, still sent by legacy PBXs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemotePartyId<'b>(pub NameAddr<'b>);

impl<'b> RemotePartyId<'b> {
    /// `party` (`calling` / `called`).
    pub fn party(&self) -> Option<&'b str> {
        self.0.params.get("party").flatten().map(ascii)
    }
    /// `screen` (`yes` / `no`).
    pub fn screen(&self) -> Option<&'b str> {
        self.0.params.get("screen").flatten().map(ascii)
    }
    /// `privacy` (`off`, `full`, `name`, `uri`).
    pub fn privacy(&self) -> Option<&'b str> {
        self.0.params.get("privacy").flatten().map(ascii)
    }
    /// `id-type` (`subscriber`, `user`, `term`).
    pub fn id_type(&self) -> Option<&'b str> {
        self.0.params.get("id-type").flatten().map(ascii)
    }
}

impl<'b> ParseValue<'b> for RemotePartyId<'b> {
    fn parse_value(v: &'b [u8], offset: usize, what: &'static str) -> Result<Self, ParseError> {
        NameAddr::parse(v, offset, what).map(RemotePartyId)
    }
}
