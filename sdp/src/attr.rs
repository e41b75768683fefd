//! Typed readings of the attributes telephony needs. Attributes stay raw in the model (so they
//! round-trip byte for byte); these types are read on demand by [`crate::Attribute::typed`]
//! and written back by their `to_attribute` methods.

use core::fmt;
use std::borrow::Cow;

use crate::error::{ErrorKind, ParseError};
use crate::model::Attribute;
use crate::parse::{parse_u16, parse_u32};

/// A known attribute, read from its raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TypedAttribute<'a> {
    /// `a=rtpmap` (RFC 8866 §6.6).
    Rtpmap(Rtpmap<'a>),
    /// `a=fmtp` (RFC 8866 §6.15).
    Fmtp(Fmtp<'a>),
    /// `a=ptime` in milliseconds (RFC 8866 §6.4).
    Ptime(u32),
    /// `a=maxptime` in milliseconds (RFC 8866 §6.5).
    MaxPtime(u32),
    /// `a=sendrecv|sendonly|recvonly|inactive` (RFC 8866 §6.7).
    Direction(Direction),
    /// `a=rtcp` (RFC 3605).
    Rtcp(Rtcp<'a>),
    /// `a=rtcp-mux` (RFC 5761).
    RtcpMux,
    /// `a=silenceSupp` (RFC 3108 §5.6.3.3).
    SilenceSupp(SilenceSupp<'a>),
    /// A T.38 attribute of an `image udptl t38` stream (ITU-T T.38 Annex D, RFC 4612).
    T38(T38Attribute<'a>),
    /// `a=crypto` (RFC 4568 §9.1), parsed only.
    Crypto(Crypto<'a>),
    /// `a=setup` (RFC 4145 §4).
    Setup(Setup),
    /// `a=connection` (RFC 4145 §5).
    Connection(ConnectionMode),
    /// Any other attribute.
    Other,
}

fn bad(offset: usize, what: &'static str) -> ParseError {
    ParseError::new(offset, ErrorKind::Invalid(what))
}

fn offset_in(outer: &str, inner: &str) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
}

/// Reads `a=name[:value]`; offsets in errors are relative to the start of the value.
pub(crate) fn parse_typed<'a>(
    name: &'a str,
    value: Option<&'a str>,
) -> Result<TypedAttribute<'a>, ParseError> {
    let need = |what| value.ok_or_else(|| bad(0, what));
    Ok(match name {
        "rtpmap" => TypedAttribute::Rtpmap(Rtpmap::parse(need("rtpmap")?)?),
        "fmtp" => TypedAttribute::Fmtp(Fmtp::parse(need("fmtp")?)?),
        "ptime" => TypedAttribute::Ptime(parse_ms(need("ptime")?).ok_or_else(|| bad(0, "ptime"))?),
        "maxptime" => {
            TypedAttribute::MaxPtime(parse_ms(need("maxptime")?).ok_or_else(|| bad(0, "maxptime"))?)
        }
        "sendrecv" | "sendonly" | "recvonly" | "inactive" if value.is_none() => {
            TypedAttribute::Direction(Direction::from_name(name).expect("matched"))
        }
        "rtcp" => TypedAttribute::Rtcp(Rtcp::parse(need("rtcp")?)?),
        "rtcp-mux" => TypedAttribute::RtcpMux,
        "silenceSupp" => TypedAttribute::SilenceSupp(SilenceSupp::parse(need("silenceSupp")?)?),
        "crypto" => TypedAttribute::Crypto(Crypto::parse(need("crypto")?)?),
        "setup" => TypedAttribute::Setup(Setup::parse(need("setup")?)?),
        "connection" => TypedAttribute::Connection(match need("connection")? {
            "new" => ConnectionMode::New,
            "existing" => ConnectionMode::Existing,
            _ => return Err(bad(0, "connection")),
        }),
        n if n.starts_with("T38") => match T38Attribute::parse(n, value)? {
            Some(t) => TypedAttribute::T38(t),
            None => TypedAttribute::Other,
        },
        _ => TypedAttribute::Other,
    })
}

/// Milliseconds; a fractional part (`20.0`, sent by some phones) is accepted and truncated.
fn parse_ms(s: &str) -> Option<u32> {
    let int = match s.split_once('.') {
        Some((i, f)) if f.bytes().all(|b| b.is_ascii_digit()) => i,
        Some(_) => return None,
        None => s,
    };
    parse_u32(int).filter(|&n| n > 0)
}

/// Media direction (RFC 3264 §5.1, §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Send and receive.
    SendRecv,
    /// Send only.
    SendOnly,
    /// Receive only.
    RecvOnly,
    /// Neither.
    Inactive,
}

impl Direction {
    /// The attribute name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::SendRecv => "sendrecv",
            Self::SendOnly => "sendonly",
            Self::RecvOnly => "recvonly",
            Self::Inactive => "inactive",
        }
    }

    /// Reads an attribute name.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "sendrecv" => Self::SendRecv,
            "sendonly" => Self::SendOnly,
            "recvonly" => Self::RecvOnly,
            "inactive" => Self::Inactive,
            _ => return None,
        })
    }

    /// From the two booleans.
    pub const fn from_flags(send: bool, recv: bool) -> Self {
        match (send, recv) {
            (true, true) => Self::SendRecv,
            (true, false) => Self::SendOnly,
            (false, true) => Self::RecvOnly,
            (false, false) => Self::Inactive,
        }
    }

    /// Whether this side sends.
    pub const fn sends(self) -> bool {
        matches!(self, Self::SendRecv | Self::SendOnly)
    }

    /// Whether this side receives.
    pub const fn receives(self) -> bool {
        matches!(self, Self::SendRecv | Self::RecvOnly)
    }

    /// The direction seen from the other side (sendonly ↔ recvonly).
    pub const fn reversed(self) -> Self {
        Self::from_flags(self.receives(), self.sends())
    }

    /// The attribute.
    pub fn to_attribute(self) -> Attribute<'static> {
        Attribute::flag(self.name())
    }
}

/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rtpmap<'a> {
    /// RTP payload type.
    pub payload_type: u8,
    /// Encoding name as written (compare case-insensitively, RFC 4855 §3).
    pub encoding: &'a str,
    /// RTP clock rate in Hz.
    pub clock_rate: u32,
    /// Encoding parameters: the channel count for audio.
    pub channels: Option<u16>,
}

impl<'a> Rtpmap<'a> {
    /// Reads the attribute value.
    pub fn parse(v: &'a str) -> Result<Self, ParseError> {
        let (pt, rest) = v.split_once(' ').ok_or_else(|| bad(0, "rtpmap"))?;
        let payload_type = parse_pt(pt).ok_or_else(|| bad(0, "rtpmap payload type"))?;
        let rest = rest.trim_start();
        let mut parts = rest.split('/');
        let encoding = parts
            .next()
            .filter(|e| !e.is_empty())
            .ok_or_else(|| bad(offset_in(v, rest), "rtpmap encoding"))?;
        let clock = parts
            .next()
            .ok_or_else(|| bad(offset_in(v, rest), "rtpmap clock rate"))?;
        let clock_rate =
            parse_u32(clock).ok_or_else(|| bad(offset_in(v, clock), "rtpmap clock rate"))?;
        let channels = match parts.next() {
            Some(c) => Some(parse_u16(c).ok_or_else(|| bad(offset_in(v, c), "rtpmap channels"))?),
            None => None,
        };
        if let Some(x) = parts.next() {
            return Err(bad(offset_in(v, x), "rtpmap"));
        }
        Ok(Self {
            payload_type,
            encoding,
            clock_rate,
            channels,
        })
    }

    /// The attribute.
    pub fn to_attribute(&self) -> Attribute<'static> {
        let mut v = format!(
            "{} {}/{}",
            self.payload_type, self.encoding, self.clock_rate
        );
        if let Some(c) = self.channels {
            v.push('/');
            v.push_str(&c.to_string());
        }
        Attribute::new("rtpmap", v)
    }
}

fn parse_pt(s: &str) -> Option<u8> {
    parse_u16(s)
        .and_then(|n| u8::try_from(n).ok())
        .filter(|&n| n < 128)
}

/// `a=fmtp:<format> <parameters>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fmtp<'a> {
    /// The format (RTP payload type) the parameters belong to.
    pub format: &'a str,
    /// The parameters, raw.
    pub params: &'a str,
}

impl<'a> Fmtp<'a> {
    /// Reads the attribute value.
    pub fn parse(v: &'a str) -> Result<Self, ParseError> {
        match v.split_once(' ') {
            Some((f, p)) if !f.is_empty() => Ok(Self {
                format: f,
                params: p.trim_start(),
            }),
            None if !v.is_empty() => Ok(Self {
                format: v,
                params: "",
            }),
            _ => Err(bad(0, "fmtp")),
        }
    }

    /// The payload type, when the format is a number.
    pub fn payload_type(&self) -> Option<u8> {
        parse_pt(self.format)
    }

    /// The parameters read according to the codec named by the matching rtpmap.
    pub fn typed(&self, encoding: &str) -> Result<FmtpParams<'a>, ParseError> {
        FmtpParams::parse(encoding, self.params)
    }
}

/// Typed fmtp parameters of the telephony codecs; everything else stays raw.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FmtpParams<'a> {
    /// telephone-event event list (RFC 4733 §2.4.1), e.g. `0-15,36`.
    TelephoneEvent(EventSet),
    /// G.729: `annexb=yes|no` (RFC 4856 §2.1.9); `None` when absent, which means yes.
    G729 {
        /// Annex B (VAD/DTX/CNG) as signalled.
        annexb: Option<bool>,
    },
    /// G.723.1: `annexa=yes|no` and `bitrate=5.3|6.3` (RFC 4856 §2.1.4).
    G723 {
        /// Annex A (silence compression); `None` when absent, which means yes.
        annexa: Option<bool>,
        /// Bitrates allowed; `None` when absent, which means both.
        bitrate: Option<G723Rates>,
    },
    /// Parameters of any other codec.
    Other(&'a str),
}

/// The G.723.1 rates a peer will receive (RFC 4856 §2.1.4 `bitrate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct G723Rates {
    /// 5.3 kbit/s allowed.
    pub r5_3: bool,
    /// 6.3 kbit/s allowed.
    pub r6_3: bool,
}

impl G723Rates {
    /// Both rates.
    pub const BOTH: Self = Self {
        r5_3: true,
        r6_3: true,
    };

    /// The common rates.
    pub const fn intersect(self, o: Self) -> Self {
        Self {
            r5_3: self.r5_3 && o.r5_3,
            r6_3: self.r6_3 && o.r6_3,
        }
    }

    /// No rate left.
    pub const fn is_empty(self) -> bool {
        !self.r5_3 && !self.r6_3
    }

    /// The fmtp value (`5.3`, `6.3` or `5.3,6.3`).
    pub fn param(self) -> &'static str {
        match (self.r5_3, self.r6_3) {
            (true, true) => "5.3,6.3",
            (true, false) => "5.3",
            (false, true) => "6.3",
            (false, false) => "",
        }
    }
}

fn yes_no(v: &str) -> Option<bool> {
    if v.eq_ignore_ascii_case("yes") {
        Some(true)
    } else if v.eq_ignore_ascii_case("no") {
        Some(false)
    } else {
        None
    }
}

impl<'a> FmtpParams<'a> {
    /// Reads `params` for the codec `encoding` (case-insensitive name).
    pub fn parse(encoding: &str, params: &'a str) -> Result<Self, ParseError> {
        if encoding.eq_ignore_ascii_case("telephone-event") {
            return Ok(Self::TelephoneEvent(EventSet::parse(params)?));
        }
        let is_g729 =
            encoding.eq_ignore_ascii_case("G729") || encoding.eq_ignore_ascii_case("G729A");
        let is_g723 = encoding.eq_ignore_ascii_case("G723");
        if !is_g729 && !is_g723 {
            return Ok(Self::Other(params));
        }
        let mut annex = None;
        let mut bitrate = None;
        for p in params.split(';') {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            let (k, v) = p
                .split_once('=')
                .map(|(k, v)| (k.trim(), v.trim()))
                .unwrap_or((p, ""));
            let at = offset_in(params, p);
            if (is_g729 && k.eq_ignore_ascii_case("annexb"))
                || (is_g723 && k.eq_ignore_ascii_case("annexa"))
            {
                annex = Some(yes_no(v).ok_or_else(|| bad(at, "annex parameter"))?);
            } else if is_g723 && k.eq_ignore_ascii_case("bitrate") {
                let mut r = G723Rates {
                    r5_3: false,
                    r6_3: false,
                };
                for x in v.split(',') {
                    match x.trim() {
                        "5.3" => r.r5_3 = true,
                        "6.3" => r.r6_3 = true,
                        _ => return Err(bad(at, "G.723 bitrate")),
                    }
                }
                bitrate = Some(r);
            }
        }
        Ok(if is_g729 {
            Self::G729 { annexb: annex }
        } else {
            Self::G723 {
                annexa: annex,
                bitrate,
            }
        })
    }
}

/// A set of RFC 4733 event codes 0..=255, as a bitmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventSet([u64; 4]);

impl Default for EventSet {
    /// Events 0–15 (the DTMF digits): RFC 4733 §7.1.1 when the fmtp is absent.
    fn default() -> Self {
        Self::range(0, 15)
    }
}

impl EventSet {
    /// No events.
    pub const EMPTY: Self = Self([0; 4]);

    /// `lo..=hi`.
    pub fn range(lo: u8, hi: u8) -> Self {
        let mut s = Self::EMPTY;
        for e in lo..=hi {
            s.insert(e);
        }
        s
    }

    /// Adds an event.
    pub fn insert(&mut self, e: u8) {
        self.0[usize::from(e / 64)] |= 1 << (e % 64);
    }

    /// Whether `e` is in the set.
    pub const fn contains(&self, e: u8) -> bool {
        self.0[(e / 64) as usize] & (1 << (e % 64)) != 0
    }

    /// The common events.
    pub const fn intersect(&self, o: &Self) -> Self {
        Self([
            self.0[0] & o.0[0],
            self.0[1] & o.0[1],
            self.0[2] & o.0[2],
            self.0[3] & o.0[3],
        ])
    }

    /// No event.
    pub const fn is_empty(&self) -> bool {
        self.0[0] == 0 && self.0[1] == 0 && self.0[2] == 0 && self.0[3] == 0
    }

    /// Reads `0-15,36` (spaces tolerated). An empty list means the default 0–15.
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        if s.trim().is_empty() {
            return Ok(Self::default());
        }
        let mut set = Self::EMPTY;
        for part in s.split(',') {
            let at = offset_in(s, part);
            let p = part.trim();
            let num = |x: &str| {
                parse_u16(x.trim())
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or_else(|| bad(at, "telephone-event list"))
            };
            match p.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (num(a)?, num(b)?);
                    if a > b {
                        return Err(bad(at, "telephone-event range"));
                    }
                    for e in a..=b {
                        set.insert(e);
                    }
                }
                None => set.insert(num(p)?),
            }
        }
        Ok(set)
    }
}

impl fmt::Display for EventSet {
    /// Canonical form: ascending ranges, `0-15,36`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut e: u16 = 0;
        while e < 256 {
            if self.contains(e as u8) {
                let lo = e;
                while e + 1 < 256 && self.contains((e + 1) as u8) {
                    e += 1;
                }
                if !first {
                    f.write_str(",")?;
                }
                first = false;
                if lo == e {
                    write!(f, "{lo}")?;
                } else {
                    write!(f, "{lo}-{e}")?;
                }
            }
            e += 1;
        }
        Ok(())
    }
}

/// `a=rtcp:<port> [<nettype> <addrtype> <address>]` (RFC 3605 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rtcp<'a> {
    /// RTCP port.
    pub port: u16,
    /// `IN IP4 192.0.2.1`, when given.
    pub address: Option<(&'a str, &'a str, &'a str)>,
}

impl<'a> Rtcp<'a> {
    /// Reads the attribute value.
    pub fn parse(v: &'a str) -> Result<Self, ParseError> {
        let mut it = v.split(' ');
        let port = it
            .next()
            .and_then(parse_u16)
            .ok_or_else(|| bad(0, "rtcp port"))?;
        let address = match (it.next(), it.next(), it.next()) {
            (None, _, _) => None,
            (Some(n), Some(t), Some(a)) if it.next().is_none() => Some((n, t, a)),
            _ => return Err(bad(0, "rtcp address")),
        };
        Ok(Self { port, address })
    }
}

/// `a=silenceSupp:<enable> <timer> <pref> <sidUse> <fxnslevel>` (RFC 3108 §5.6.3.3);
/// `-` fields are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SilenceSupp<'a> {
    /// `on` or `off`.
    pub enabled: bool,
    /// Silence timer in ms.
    pub timer: Option<&'a str>,
    /// `standard`, `custom`, `No Change`…
    pub preference: Option<&'a str>,
    /// `No SID`, `Fixed Noise`, `Sampled Noise`.
    pub sid_use: Option<&'a str>,
    /// Fixed noise level.
    pub fxns_level: Option<&'a str>,
}

impl<'a> SilenceSupp<'a> {
    /// Reads the attribute value.
    pub fn parse(v: &'a str) -> Result<Self, ParseError> {
        let f: Vec<&str> = v.split(' ').filter(|s| !s.is_empty()).collect();
        if f.len() != 5 {
            return Err(bad(0, "silenceSupp"));
        }
        let enabled = match f[0] {
            "on" => true,
            "off" => false,
            _ => return Err(bad(0, "silenceSupp enable")),
        };
        let opt = |s: &'a str| if s == "-" { None } else { Some(s) };
        Ok(Self {
            enabled,
            timer: opt(f[1]),
            preference: opt(f[2]),
            sid_use: opt(f[3]),
            fxns_level: opt(f[4]),
        })
    }
}

/// T.38 fax attributes (T.38 Annex D.2.3, RFC 4612).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum T38Attribute<'a> {
    /// `T38FaxVersion`.
    Version(u8),
    /// `T38MaxBitRate` in bit/s.
    MaxBitRate(u32),
    /// `T38FaxRateManagement`.
    RateManagement(T38RateManagement),
    /// `T38FaxMaxBuffer` in bytes.
    MaxBuffer(u32),
    /// `T38FaxMaxDatagram` in bytes.
    MaxDatagram(u32),
    /// `T38FaxUdpEC`.
    UdpEc(T38UdpEc),
    /// `T38FaxFillBitRemoval`, `T38FaxTranscodingMMR`, `T38FaxTranscodingJBIG` (flag or `:0/1`).
    Flag(&'a str, bool),
}

/// `T38FaxRateManagement` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T38RateManagement {
    /// TCF generated locally by the receiving gateway.
    LocalTcf,
    /// TCF transferred end to end.
    TransferredTcf,
}

/// `T38FaxUdpEC` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum T38UdpEc {
    /// No error correction (value absent on the wire).
    None,
    /// Redundancy.
    Redundancy,
    /// Forward error correction.
    Fec,
}

impl T38UdpEc {
    /// The attribute value.
    pub const fn name(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Redundancy => Some("t38UDPRedundancy"),
            Self::Fec => Some("t38UDPFEC"),
        }
    }
}

impl T38RateManagement {
    /// The attribute value.
    pub const fn name(self) -> &'static str {
        match self {
            Self::LocalTcf => "localTCF",
            Self::TransferredTcf => "transferredTCF",
        }
    }
}

impl<'a> T38Attribute<'a> {
    fn parse(name: &'a str, value: Option<&'a str>) -> Result<Option<Self>, ParseError> {
        let num = |what| value.and_then(parse_u32).ok_or_else(|| bad(0, what));
        Ok(Some(match name {
            "T38FaxVersion" => Self::Version(
                u8::try_from(num("T38FaxVersion")?).map_err(|_| bad(0, "T38FaxVersion"))?,
            ),
            "T38MaxBitRate" => Self::MaxBitRate(num("T38MaxBitRate")?),
            "T38FaxMaxBuffer" => Self::MaxBuffer(num("T38FaxMaxBuffer")?),
            "T38FaxMaxDatagram" => Self::MaxDatagram(num("T38FaxMaxDatagram")?),
            "T38FaxRateManagement" => Self::RateManagement(match value {
                Some(v) if v.eq_ignore_ascii_case("localTCF") => T38RateManagement::LocalTcf,
                Some(v) if v.eq_ignore_ascii_case("transferredTCF") => {
                    T38RateManagement::TransferredTcf
                }
                _ => return Err(bad(0, "T38FaxRateManagement")),
            }),
            "T38FaxUdpEC" => Self::UdpEc(match value {
                Some(v) if v.eq_ignore_ascii_case("t38UDPFEC") => T38UdpEc::Fec,
                Some(v) if v.eq_ignore_ascii_case("t38UDPRedundancy") => T38UdpEc::Redundancy,
                Some(v) if v.eq_ignore_ascii_case("t38UDPNoEC") => T38UdpEc::None,
                _ => return Err(bad(0, "T38FaxUdpEC")),
            }),
            "T38FaxFillBitRemoval" | "T38FaxTranscodingMMR" | "T38FaxTranscodingJBIG" => {
                Self::Flag(
                    name,
                    match value {
                        None | Some("1") => true,
                        Some("0") => false,
                        _ => return Err(bad(0, "T.38 flag")),
                    },
                )
            }
            _ => return Ok(None),
        }))
    }
}

/// `a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]` (RFC 4568 §9.1), parsed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crypto<'a> {
    /// Tag.
    pub tag: u32,
    /// Suite, e.g. `AES_CM_128_HMAC_SHA1_80`.
    pub suite: &'a str,
    /// Key parameters, e.g. `inline:…`.
    pub key_params: &'a str,
    /// Session parameters, raw.
    pub session_params: Option<&'a str>,
}

impl<'a> Crypto<'a> {
    /// Reads the attribute value.
    pub fn parse(v: &'a str) -> Result<Self, ParseError> {
        let mut it = v.splitn(4, ' ');
        let tag = it
            .next()
            .and_then(parse_u32)
            .ok_or_else(|| bad(0, "crypto tag"))?;
        let suite = it
            .next()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad(0, "crypto suite"))?;
        let key_params = it
            .next()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad(0, "crypto key params"))?;
        Ok(Self {
            tag,
            suite,
            key_params,
            session_params: it.next(),
        })
    }
}

/// `a=setup` (RFC 4145 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// `active`.
    Active,
    /// `passive`.
    Passive,
    /// `actpass`.
    ActPass,
    /// `holdconn`.
    HoldConn,
}

impl Setup {
    fn parse(v: &str) -> Result<Self, ParseError> {
        Ok(match v {
            "active" => Self::Active,
            "passive" => Self::Passive,
            "actpass" => Self::ActPass,
            "holdconn" => Self::HoldConn,
            _ => return Err(bad(0, "setup")),
        })
    }
}

/// `a=connection` (RFC 4145 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionMode {
    /// `new`.
    New,
    /// `existing`.
    Existing,
}

/// Helper to build `a=fmtp:<pt> <params>`.
pub fn fmtp_attribute(pt: u8, params: impl Into<String>) -> Attribute<'static> {
    Attribute::new("fmtp", Cow::Owned(format!("{pt} {}", params.into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_sets_read_and_print_canonically() {
        let s = EventSet::parse("0-11, 12-15,36 ,16").unwrap();
        assert_eq!(s.to_string(), "0-16,36");
        assert_eq!(EventSet::parse("").unwrap(), EventSet::default());
        assert!(EventSet::parse("15-3").is_err());
        assert!(EventSet::parse("256").is_err());
        assert_eq!(EventSet::range(0, 255).to_string(), "0-255");
        assert!(EventSet::range(0, 15)
            .intersect(&EventSet::range(32, 35))
            .is_empty());
    }

    #[test]
    fn g723_and_g729_parameters() {
        assert_eq!(
            FmtpParams::parse("G729", "annexb=no").unwrap(),
            FmtpParams::G729 {
                annexb: Some(false)
            }
        );
        assert_eq!(
            FmtpParams::parse("g729", "").unwrap(),
            FmtpParams::G729 { annexb: None }
        );
        assert_eq!(
            FmtpParams::parse("G723", "bitrate=5.3; annexa=yes").unwrap(),
            FmtpParams::G723 {
                annexa: Some(true),
                bitrate: Some(G723Rates {
                    r5_3: true,
                    r6_3: false
                })
            }
        );
        let e = FmtpParams::parse("G723", "annexa=no;bitrate=7.1").unwrap_err();
        assert_eq!(e.offset, 10, "offset of the bad parameter");
        assert_eq!(
            FmtpParams::parse("PCMA", "vad=no").unwrap(),
            FmtpParams::Other("vad=no")
        );
    }

    #[test]
    fn rtpmap_and_friends() {
        let r = Rtpmap::parse("116 AMR-WB/16000/1").unwrap();
        assert_eq!(
            (r.payload_type, r.encoding, r.clock_rate, r.channels),
            (116, "AMR-WB", 16000, Some(1))
        );
        assert_eq!(
            r.to_attribute().value.as_deref(),
            Some("116 AMR-WB/16000/1")
        );
        assert_eq!(Rtpmap::parse("31 LPC").unwrap_err().offset, 3);
        assert!(Rtpmap::parse("128 X/8000").is_err());
        assert_eq!(
            parse_typed("ptime", Some("20.0")).unwrap(),
            TypedAttribute::Ptime(20)
        );
        assert!(parse_typed("ptime", Some("0")).is_err());
        let c = Crypto::parse(
            "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
        )
        .unwrap();
        assert_eq!(
            (c.tag, c.suite, c.session_params),
            (1, "AES_CM_128_HMAC_SHA1_80", None)
        );
        let r = Rtcp::parse("53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD").unwrap();
        assert_eq!(r.address.unwrap().1, "IP6");
        assert_eq!(
            parse_typed("T38FaxUdpEC", Some("t38UDPRedundancy")).unwrap(),
            TypedAttribute::T38(T38Attribute::UdpEc(T38UdpEc::Redundancy))
        );
        assert_eq!(
            parse_typed("T38FaxFillBitRemoval", None).unwrap(),
            TypedAttribute::T38(T38Attribute::Flag("T38FaxFillBitRemoval", true))
        );
        assert_eq!(
            parse_typed("setup", Some("actpass")).unwrap(),
            TypedAttribute::Setup(Setup::ActPass)
        );
        assert_eq!(
            parse_typed("sendonly", None).unwrap(),
            TypedAttribute::Direction(Direction::SendOnly)
        );
        assert_eq!(Direction::SendOnly.reversed(), Direction::RecvOnly);
    }
}
