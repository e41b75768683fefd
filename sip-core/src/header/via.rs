//! Via (RFC 3261 §20.42) with RFC 3581 `rport` and RFC 5118 §4.5 bracketed `received`.

use std::fmt;
use std::net::IpAddr;

use super::ParseValue;
use crate::error::{ErrorKind, ParseError};
use crate::params::Params;
use crate::parse::scan::{ascii, skip_ws, token_end};
use crate::uri::{parse_hostport, parse_ipv6, Host, UriPolicy};

/// One Via value: `SIP/2.0/UDP host:port;branch=...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Via<'b> {
    /// Protocol name (`SIP`).
    pub protocol: &'b str,
    /// Protocol version (`2.0`).
    pub version: &'b str,
    /// Transport (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, or any token, RFC 4475 §3.1.1.10).
    pub transport: &'b str,
    /// The sent-by host.
    pub host: Host<'b>,
    /// The sent-by port.
    pub port: Option<u16>,
    /// The via-params.
    pub params: Params<'b>,
}

impl<'b> Via<'b> {
    /// The `branch` parameter (RFC 3261 §8.1.1.7).
    pub fn branch(&self) -> Option<&'b str> {
        self.params.get("branch").flatten().map(ascii)
    }

    /// Whether the branch carries the RFC 3261 magic cookie `z9hG4bK`.
    pub fn is_rfc3261_branch(&self) -> bool {
        self.branch().is_some_and(|b| b.starts_with("z9hG4bK"))
    }

    /// The `received` parameter (IPv6 with or without brackets, RFC 5118 §4.5).
    pub fn received(&self) -> Option<IpAddr> {
        parse_ip(self.params.get("received")??)
    }

    /// `rport` (RFC 3581): `Some(None)` when present without value.
    pub fn rport(&self) -> Option<Option<u16>> {
        let v = self.params.get("rport")?;
        Some(v.and_then(|v| ascii(v).parse().ok()))
    }

    /// The `maddr` parameter.
    pub fn maddr(&self) -> Option<&'b str> {
        self.params.get("maddr").flatten().map(ascii)
    }

    /// The `ttl` parameter.
    pub fn ttl(&self) -> Option<u8> {
        ascii(self.params.get("ttl")??).parse().ok()
    }
}

fn parse_ip(v: &[u8]) -> Option<IpAddr> {
    let t = ascii(v);
    let t = t
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(t);
    if let Ok(a) = t.parse::<IpAddr>() {
        return Some(a);
    }
    parse_ipv6(t, UriPolicy::default()).map(IpAddr::V6)
}

impl<'b> ParseValue<'b> for Via<'b> {
    fn parse_value(s: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let e = |at: usize| ParseError::new(base + at, ErrorKind::HeaderValue(what));
        let mut parts = [(0usize, 0usize); 3];
        let mut i = skip_ws(s, 0);
        for (k, part) in parts.iter_mut().enumerate() {
            if k > 0 {
                if i >= s.len() || s[i] != b'/' {
                    return Err(e(i));
                }
                i = skip_ws(s, i + 1);
            }
            let t = token_end(s, i);
            if t == i {
                return Err(e(i));
            }
            *part = (i, t);
            i = skip_ws(s, t);
        }
        if i == parts[2].1 {
            return Err(e(i));
        }
        let (host, port, hl) =
            parse_hostport(&s[i..], UriPolicy::default()).map_err(|(o, _)| e(i + o))?;
        i += hl;
        let (params, pe, values_ok) = Params::scan_header_checked(s, i, base, what, |n, v| {
            if n.eq_ignore_ascii_case(b"received") {
                v.and_then(parse_ip).is_some()
            } else if n.eq_ignore_ascii_case(b"ttl") {
                v.is_some_and(|t| ascii(t).parse::<u8>().is_ok())
            } else if n.eq_ignore_ascii_case(b"rport") {
                v.is_none_or(|p| ascii(p).parse::<u16>().is_ok())
            } else {
                true
            }
        })?;
        if skip_ws(s, pe) != s.len() {
            return Err(e(pe));
        }
        if !values_ok {
            return Err(e(0));
        }
        // sent-protocol is tokens, `/` and LWS, all ASCII: one conversion, three slices.
        let sent = ascii(&s[parts[0].0..parts[2].1]);
        let part = |(a, b): (usize, usize)| sent.get(a - parts[0].0..b - parts[0].0).unwrap_or("");
        Ok(Via {
            protocol: part(parts[0]),
            version: part(parts[1]),
            transport: part(parts[2]),
            host,
            port,
            params,
        })
    }
}

impl fmt::Display for Via<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{} {}",
            self.protocol, self.version, self.transport, self.host
        )?;
        if let Some(p) = self.port {
            write!(f, ":{p}")?;
        }
        self.params.canonical_fmt(f)
    }
}
