//! The session description model (RFC 8866 §5): one type tree that borrows from the input
//! after [`crate::parse`] and owns its text after [`SessionDescription::into_owned`].

use std::borrow::Cow;
use std::net::IpAddr;

use crate::attr::{Direction, TypedAttribute};

/// The line ending a description was received with, and is emitted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnding {
    /// CR LF, as RFC 8866 §5 requires.
    #[default]
    CrLf,
    /// A bare LF, as some equipment sends (accepted in lenient mode).
    Lf,
}

impl LineEnding {
    /// The bytes of this line ending.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CrLf => "\r\n",
            Self::Lf => "\n",
        }
    }
}

/// A whole session description: session-level lines and the media descriptions.
///
/// Text fields are [`Cow`]s: borrowed from the input after parsing (no copy), owned after
/// [`SessionDescription::into_owned`] or when built. [`crate::emit`] writes the fields back in
/// RFC 8866 §5 order, which reproduces well-formed input byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionDescription<'a> {
    /// `v=` protocol version (always 0).
    pub version: u32,
    /// `o=` origin.
    pub origin: Origin<'a>,
    /// `s=` session name (absent only in lenient parses of sloppy input).
    pub session_name: Option<Cow<'a, str>>,
    /// `i=` session information.
    pub information: Option<Cow<'a, str>>,
    /// `u=` URI.
    pub uri: Option<Cow<'a, str>>,
    /// `e=` email addresses.
    pub emails: Vec<Cow<'a, str>>,
    /// `p=` phone numbers.
    pub phones: Vec<Cow<'a, str>>,
    /// Session-level `c=` connection data.
    pub connection: Option<Connection<'a>>,
    /// Session-level `b=` bandwidths.
    pub bandwidths: Vec<Bandwidth<'a>>,
    /// `t=` timings, each with its `r=` repeat lines (empty only in lenient parses).
    pub times: Vec<Timing<'a>>,
    /// `z=` time-zone adjustments, raw.
    pub time_zones: Option<Cow<'a, str>>,
    /// `k=` encryption key, raw (obsolete, RFC 8866 §5.12).
    pub key: Option<Cow<'a, str>>,
    /// Session-level `a=` attributes, in order.
    pub attributes: Vec<Attribute<'a>>,
    /// Lines with a type letter this parser does not know, kept verbatim (without line ending).
    pub unknown_lines: Vec<Cow<'a, str>>,
    /// The `m=` sections.
    pub media: Vec<MediaDescription<'a>>,
    /// The line ending used when emitting.
    pub line_ending: LineEnding,
}

/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>` (RFC 8866 §5.2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin<'a> {
    /// User name, `-` when none.
    pub username: Cow<'a, str>,
    /// Session id: digits, kept as text because some equipment sends more than 64 bits.
    pub session_id: Cow<'a, str>,
    /// Session version, incremented on every change (RFC 3264 §8).
    pub session_version: u64,
    /// Network type, `IN`.
    pub net_type: Cow<'a, str>,
    /// Address type, `IP4` or `IP6`.
    pub addr_type: Cow<'a, str>,
    /// Address or host name.
    pub address: Cow<'a, str>,
}

/// `c=<nettype> <addrtype> <connection-address>` (RFC 8866 §5.7), IPv4 and IPv6.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Connection<'a> {
    /// Network type, `IN`.
    pub net_type: Cow<'a, str>,
    /// Address type, `IP4` or `IP6`.
    pub addr_type: Cow<'a, str>,
    /// Address, host name, or multicast address with `/ttl` and `/count`.
    pub address: Cow<'a, str>,
}

impl Connection<'_> {
    /// An `IN IP4` / `IN IP6` connection for `ip`.
    pub fn ip(ip: IpAddr) -> Connection<'static> {
        Connection {
            net_type: "IN".into(),
            addr_type: if ip.is_ipv4() { "IP4" } else { "IP6" }.into(),
            address: ip.to_string().into(),
        }
    }

    /// The address as an IP address, without a multicast `/ttl` or `/count` (None for a host name).
    pub fn ip_addr(&self) -> Option<IpAddr> {
        let base = self.address.split('/').next().unwrap_or("");
        base.parse().ok()
    }

    /// `c=IN IP4 0.0.0.0`: the RFC 2543 way to put a stream on hold (RFC 3264 §8.4).
    pub fn is_unspecified(&self) -> bool {
        self.ip_addr().is_some_and(|ip| ip.is_unspecified())
    }

    /// Copies borrowed text so the value outlives the input.
    pub fn into_owned(self) -> Connection<'static> {
        Connection {
            net_type: own(self.net_type),
            addr_type: own(self.addr_type),
            address: own(self.address),
        }
    }
}

/// `b=<bwtype>:<bandwidth>` (RFC 8866 §5.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bandwidth<'a> {
    /// `CT`, `AS`, `TIAS`, `RS`, `RR`…
    pub bw_type: Cow<'a, str>,
    /// The value (kbit/s for CT and AS).
    pub bandwidth: u64,
}

/// `t=<start-time> <stop-time>` with its `r=` lines (RFC 8866 §5.9, §5.10).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timing<'a> {
    /// NTP start time, 0 for unbounded.
    pub start: u64,
    /// NTP stop time, 0 for unbounded.
    pub stop: u64,
    /// `r=` repeat times, raw.
    pub repeats: Vec<Cow<'a, str>>,
}

/// `a=<name>[:<value>]` (RFC 8866 §5.13), kept raw; [`Attribute::typed`] reads known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// Attribute name.
    pub name: Cow<'a, str>,
    /// Value after the first `:`, exactly as received (a leading space is kept).
    pub value: Option<Cow<'a, str>>,
}

impl<'a> Attribute<'a> {
    /// A property attribute such as `a=sendrecv`.
    pub fn flag(name: impl Into<Cow<'a, str>>) -> Self {
        Self {
            name: name.into(),
            value: None,
        }
    }

    /// A value attribute `a=name:value`.
    pub fn new(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
        }
    }

    /// The typed reading of this attribute; [`TypedAttribute::Other`] for names not modelled.
    pub fn typed(&self) -> Result<TypedAttribute<'_>, crate::ParseError> {
        crate::attr::parse_typed(&self.name, self.value.as_deref())
    }

    /// Copies borrowed text so the value outlives the input.
    pub fn into_owned(self) -> Attribute<'static> {
        Attribute {
            name: own(self.name),
            value: self.value.map(own),
        }
    }
}

/// One `m=` section (RFC 8866 §5.14) and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MediaDescription<'a> {
    /// `audio`, `video`, `image`, `application`…
    pub media: Cow<'a, str>,
    /// Transport port; 0 disables the stream (RFC 3264 §5.1).
    pub port: u16,
    /// The `/<number of ports>` suffix, when present.
    pub num_ports: Option<u16>,
    /// `RTP/AVP`, `udptl`, `RTP/SAVP`…
    pub proto: Cow<'a, str>,
    /// Formats: RTP payload type numbers, or `t38` for `image udptl`.
    pub formats: Vec<Cow<'a, str>>,
    /// `i=` media title.
    pub information: Option<Cow<'a, str>>,
    /// Media-level `c=` lines.
    pub connections: Vec<Connection<'a>>,
    /// Media-level `b=` lines.
    pub bandwidths: Vec<Bandwidth<'a>>,
    /// Media-level `k=`, raw.
    pub key: Option<Cow<'a, str>>,
    /// Media-level attributes, in order.
    pub attributes: Vec<Attribute<'a>>,
    /// Unknown lines, verbatim.
    pub unknown_lines: Vec<Cow<'a, str>>,
}

impl<'a> MediaDescription<'a> {
    /// The first attribute named `name` (case-sensitive, as RFC 8866 §5.13 defines names).
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The RTP payload type numbers among the formats (formats that are not numbers are skipped).
    pub fn payload_types(&self) -> impl Iterator<Item = u8> + '_ {
        self.formats.iter().filter_map(|f| f.parse().ok())
    }

    /// The direction attribute of this section, if one is present.
    pub fn direction(&self) -> Option<Direction> {
        self.attributes.iter().find_map(|a| {
            if a.value.is_none() {
                Direction::from_name(&a.name)
            } else {
                None
            }
        })
    }

    /// Copies borrowed text so the value outlives the input.
    pub fn into_owned(self) -> MediaDescription<'static> {
        MediaDescription {
            media: own(self.media),
            port: self.port,
            num_ports: self.num_ports,
            proto: own(self.proto),
            formats: self.formats.into_iter().map(own).collect(),
            information: self.information.map(own),
            connections: self
                .connections
                .into_iter()
                .map(Connection::into_owned)
                .collect(),
            bandwidths: self
                .bandwidths
                .into_iter()
                .map(Bandwidth::into_owned)
                .collect(),
            key: self.key.map(own),
            attributes: self
                .attributes
                .into_iter()
                .map(Attribute::into_owned)
                .collect(),
            unknown_lines: self.unknown_lines.into_iter().map(own).collect(),
        }
    }
}

impl Bandwidth<'_> {
    /// Copies borrowed text so the value outlives the input.
    pub fn into_owned(self) -> Bandwidth<'static> {
        Bandwidth {
            bw_type: own(self.bw_type),
            bandwidth: self.bandwidth,
        }
    }
}

impl Origin<'_> {
    /// Copies borrowed text so the value outlives the input.
    pub fn into_owned(self) -> Origin<'static> {
        Origin {
            username: own(self.username),
            session_id: own(self.session_id),
            session_version: self.session_version,
            net_type: own(self.net_type),
            addr_type: own(self.addr_type),
            address: own(self.address),
        }
    }
}

impl<'a> SessionDescription<'a> {
    /// Copies every borrowed field: the owned form, free of the input's lifetime.
    pub fn into_owned(self) -> SessionDescription<'static> {
        SessionDescription {
            version: self.version,
            origin: self.origin.into_owned(),
            session_name: self.session_name.map(own),
            information: self.information.map(own),
            uri: self.uri.map(own),
            emails: self.emails.into_iter().map(own).collect(),
            phones: self.phones.into_iter().map(own).collect(),
            connection: self.connection.map(Connection::into_owned),
            bandwidths: self
                .bandwidths
                .into_iter()
                .map(Bandwidth::into_owned)
                .collect(),
            times: self
                .times
                .into_iter()
                .map(|t| Timing {
                    start: t.start,
                    stop: t.stop,
                    repeats: t.repeats.into_iter().map(own).collect(),
                })
                .collect(),
            time_zones: self.time_zones.map(own),
            key: self.key.map(own),
            attributes: self
                .attributes
                .into_iter()
                .map(Attribute::into_owned)
                .collect(),
            unknown_lines: self.unknown_lines.into_iter().map(own).collect(),
            media: self
                .media
                .into_iter()
                .map(MediaDescription::into_owned)
                .collect(),
            line_ending: self.line_ending,
        }
    }

    /// The first session-level attribute named `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The connection that applies to media section `index`: its own first `c=`, else the
    /// session-level one (RFC 8866 §5.7).
    pub fn media_connection(&self, index: usize) -> Option<&Connection<'a>> {
        self.media
            .get(index)
            .and_then(|m| m.connections.first())
            .or(self.connection.as_ref())
    }

    /// The direction of media section `index`: its own attribute, else the session-level one,
    /// else `sendrecv` (RFC 3264 §5.1).
    pub fn media_direction(&self, index: usize) -> Direction {
        self.media
            .get(index)
            .and_then(MediaDescription::direction)
            .or_else(|| {
                self.attributes.iter().find_map(|a| {
                    if a.value.is_none() {
                        Direction::from_name(&a.name)
                    } else {
                        None
                    }
                })
            })
            .unwrap_or(Direction::SendRecv)
    }
}

pub(crate) fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}
