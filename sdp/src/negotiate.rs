//! RFC 3264 offer/answer with the RFC 6337 practices, for telephony codecs.
//!
//! A [`Session`] holds the local capabilities ([`Config`]) and what was last agreed. It builds
//! offers ([`Session::create_offer`]), answers offers ([`Session::answer`]) and applies answers
//! ([`Session::apply_answer`]). It does no I/O: the SIP layer carries the bodies.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::attr::{
    fmtp_attribute, Direction, EventSet, FmtpParams, G723Rates, T38Attribute, T38RateManagement,
    T38UdpEc, TypedAttribute,
};
use crate::codec::{offered_formats, Codec, CodecParams, OfferedFormat};
use crate::error::{AnswerError, NoMatch, RejectReason};
use crate::model::{Attribute, Connection, MediaDescription, Origin, SessionDescription, Timing};

/// Codecs and transport of one media type (`audio`, `video`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaConfig {
    /// Codecs in our order of preference; telephone-event may be among them.
    pub codecs: Vec<Codec>,
    /// Local RTP port (a second stream of the same type uses `port + 2`, and so on).
    pub port: u16,
    /// A media-level connection address, when media is not received at the session address.
    pub address: Option<String>,
}

impl MediaConfig {
    /// Codecs on `port`, session address.
    pub fn new(port: u16, codecs: Vec<Codec>) -> Self {
        Self {
            codecs,
            port,
            address: None,
        }
    }
}

/// What we support for T.38 fax over UDPTL (T.38 Annex D).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct T38Config {
    /// Local UDPTL port.
    pub port: u16,
    /// Highest T.38 version.
    pub version: u8,
    /// Highest bit rate, bit/s.
    pub max_bit_rate: u32,
    /// Rate management we offer.
    pub rate_management: T38RateManagement,
    /// Our receive buffer, bytes.
    pub max_buffer: u32,
    /// Largest datagram we accept, bytes.
    pub max_datagram: u32,
    /// The strongest error correction we run.
    pub udp_ec: T38UdpEc,
}

impl Default for T38Config {
    fn default() -> Self {
        Self {
            port: 4000,
            version: 0,
            max_bit_rate: 14_400,
            rate_management: T38RateManagement::TransferredTcf,
            max_buffer: 200,
            max_datagram: 72,
            udp_ec: T38UdpEc::Redundancy,
        }
    }
}

/// How we put streams on hold in offers (RFC 3264 §8.4, RFC 6337 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HoldStyle {
    /// `a=sendonly` (or `a=inactive` if we were only receiving).
    #[default]
    SendOnly,
    /// `a=inactive`.
    Inactive,
    /// RFC 2543 style: `c=IN IP4 0.0.0.0` (for old equipment), plus `a=sendonly`.
    LegacyZeroAddress,
}

/// Local capabilities and policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `o=` user name.
    pub username: String,
    /// `o=` session id.
    pub session_id: u64,
    /// First `o=` session version.
    pub session_version: u64,
    /// `s=` text (`-` by default; `" "` is RFC 4317's choice).
    pub session_name: String,
    /// Our address or host name for `o=` and `c=`.
    pub address: String,
    /// Audio, if we do audio.
    pub audio: Option<MediaConfig>,
    /// Video, if we do video.
    pub video: Option<MediaConfig>,
    /// T.38, if we do fax.
    pub t38: Option<T38Config>,
    /// Packetisation we want to receive (`a=ptime`), ms.
    pub ptime: Option<u32>,
    /// Largest packetisation we accept (`a=maxptime`), ms.
    pub maxptime: Option<u32>,
    /// Whether we run G.729 Annex B / G.723.1 Annex A (DTX and comfort noise).
    pub dtx: bool,
    /// Whether we may send media at all.
    pub allow_send: bool,
    /// Whether we may receive media at all.
    pub allow_recv: bool,
    /// Answer with every common codec (RFC 3264 §6.1 allows it) instead of only the best one
    /// (plus telephone-event), which RFC 6337 §3.1 suggests to avoid codec changes mid-call.
    pub answer_all_common: bool,
    /// Order answers by our codec preference instead of the offerer's.
    pub prefer_local_order: bool,
    /// Answer with our own dynamic payload numbers instead of the offerer's (RFC 3264 §6.1 makes
    /// reuse a SHOULD; RFC 4317 §2.3 shows renumbering).
    pub local_payload_numbers: bool,
    /// Write `a=sendrecv` explicitly (many gateways do; RFC 4317 leaves it out).
    pub explicit_sendrecv: bool,
    /// How to express hold.
    pub hold_style: HoldStyle,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            username: "-".into(),
            session_id: 1,
            session_version: 1,
            session_name: "-".into(),
            address: "127.0.0.1".into(),
            audio: Some(MediaConfig::new(
                16384,
                vec![Codec::pcmu(), Codec::pcma(), Codec::telephone_event(101)],
            )),
            video: None,
            t38: None,
            ptime: Some(20),
            maxptime: None,
            dtx: false,
            allow_send: true,
            allow_recv: true,
            answer_all_common: false,
            prefer_local_order: false,
            local_payload_numbers: false,
            explicit_sendrecv: true,
            hold_style: HoldStyle::SendOnly,
        }
    }
}

/// What one stream of a finished exchange carries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NegotiatedStream {
    /// The stream was rejected (port 0).
    Rejected(RejectReason),
    /// An RTP stream.
    Rtp(RtpStream),
    /// A T.38 UDPTL stream.
    T38(T38Session),
}

/// The agreed parameters of one RTP stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtpStream {
    /// `audio` or `video`.
    pub media: String,
    /// The codec we send, with the payload type we send it with.
    pub codec: Codec,
    /// The payload type we receive it with.
    pub recv_payload_type: u8,
    /// Every other common codec the peer may switch to (when both sides listed several).
    pub alternatives: Vec<Codec>,
    /// telephone-event: payload type we send with and the common events.
    pub telephone_event: Option<(u8, EventSet)>,
    /// G.729 Annex B / G.723.1 Annex A in use.
    pub dtx: bool,
    /// The packetisation the peer asked for (`a=ptime`), ms.
    pub ptime: Option<u32>,
    /// Our direction.
    pub direction: Direction,
    /// Where to send RTP: address and port.
    pub remote: (String, u16),
    /// The peer put us on hold the RFC 2543 way (`c=0.0.0.0`): we must not send.
    pub remote_legacy_hold: bool,
}

/// The agreed T.38 parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct T38Session {
    /// T.38 version.
    pub version: u8,
    /// Bit rate.
    pub max_bit_rate: u32,
    /// Rate management.
    pub rate_management: T38RateManagement,
    /// Peer's buffer.
    pub remote_max_buffer: Option<u32>,
    /// Peer's largest datagram.
    pub remote_max_datagram: Option<u32>,
    /// Error correction.
    pub udp_ec: T38UdpEc,
    /// Remote port.
    pub remote_port: u16,
}

/// The result of an exchange: one entry per `m=` line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Negotiated {
    /// Streams in `m=` order.
    pub streams: Vec<NegotiatedStream>,
}

impl Negotiated {
    /// The first RTP audio stream.
    pub fn audio(&self) -> Option<&RtpStream> {
        self.streams.iter().find_map(|s| match s {
            NegotiatedStream::Rtp(r) if r.media == "audio" => Some(r),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct StreamState {
    media: String,
    /// Our direction without hold, as last agreed.
    base: Direction,
    /// Disabled (port 0) in the last exchange; the m= line stays with this format and rtpmap.
    disabled: Option<(String, Option<Attribute<'static>>)>,
    /// Was image/T.38.
    t38: bool,
    /// Put on hold locally.
    hold: bool,
    /// The formats agreed in the last exchange, `(encoding lower-case, clock)`: re-offers keep
    /// to them (RFC 6337 §5.3: no codec change on hold or refresh).
    agreed: Option<Vec<(String, u32)>>,
}

impl StreamState {
    fn new(media: &str, base: Direction) -> Self {
        Self {
            media: media.into(),
            base,
            disabled: None,
            t38: false,
            hold: false,
            agreed: None,
        }
    }
}

/// An offer/answer session (RFC 3264): one per SIP dialog.
#[derive(Debug, Clone)]
pub struct Session {
    config: Config,
    version: u64,
    /// Text of our last description without its o= line: a new version only when it changes.
    last_body: Option<String>,
    streams: Vec<StreamState>,
    /// Payload numbers agreed per (encoding, clock): re-offers keep them (RFC 3264 §8.3.2).
    numbering: HashMap<(String, u32), u8>,
    pending_offer: Option<SessionDescription<'static>>,
    /// Our last offer or answer.
    last_sent: Option<SessionDescription<'static>>,
    hold_all: bool,
    negotiated: Option<Negotiated>,
    want_t38: bool,
}

impl Session {
    /// A session with these capabilities.
    pub fn new(config: Config) -> Self {
        let version = config.session_version;
        Self {
            config,
            version,
            last_body: None,
            streams: Vec::new(),
            numbering: HashMap::new(),
            pending_offer: None,
            last_sent: None,
            hold_all: false,
            negotiated: None,
            want_t38: false,
        }
    }

    /// The capabilities; changes take effect at the next offer or answer.
    pub fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    /// The capabilities.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The result of the last completed exchange.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        self.negotiated.as_ref()
    }

    /// Puts every stream on hold from the next offer or answer on (RFC 3264 §8.4). Before the
    /// first exchange this makes the answer `sendonly` (RFC 4317 §3.1).
    pub fn hold(&mut self) {
        self.hold_all = true;
        for s in &mut self.streams {
            s.hold = true;
        }
    }

    /// Puts stream `index` on hold from the next offer on (RFC 4317 §3.2).
    pub fn hold_stream(&mut self, index: usize) {
        if let Some(s) = self.streams.get_mut(index) {
            s.hold = true;
        }
    }

    /// Takes every stream off hold from the next offer or answer on.
    pub fn resume(&mut self) {
        self.hold_all = false;
        for s in &mut self.streams {
            s.hold = false;
        }
    }

    /// Disables stream `index` (port 0) from the next offer on (RFC 3264 §8.2).
    pub fn disable_stream(&mut self, index: usize) {
        let Some(last) = self
            .last_sent
            .as_ref()
            .and_then(|l| l.media.get(index))
            .cloned()
        else {
            return;
        };
        if let Some(s) = self.streams.get_mut(index) {
            if s.disabled.is_none() {
                let fmt = last
                    .formats
                    .first()
                    .map(|f| f.to_string())
                    .unwrap_or_default();
                s.disabled = Some((fmt.clone(), rtpmap_of(&last, &fmt)));
            }
        }
    }

    /// Makes the next offer switch the first audio stream to T.38 (`m=image … udptl t38`),
    /// the T.38 Annex D re-INVITE.
    pub fn request_t38(&mut self) {
        self.want_t38 = true;
    }

    fn addr_type(addr: &str) -> &'static str {
        if addr.contains(':') {
            "IP6"
        } else {
            "IP4"
        }
    }

    fn skeleton(&self) -> SessionDescription<'static> {
        let c = &self.config;
        let addr_type = Self::addr_type(&c.address);
        SessionDescription {
            version: 0,
            origin: Origin {
                username: c.username.clone().into(),
                session_id: c.session_id.to_string().into(),
                session_version: self.version,
                net_type: "IN".into(),
                addr_type: addr_type.into(),
                address: c.address.clone().into(),
            },
            session_name: Some(c.session_name.clone().into()),
            connection: Some(Connection {
                net_type: "IN".into(),
                addr_type: addr_type.into(),
                address: c.address.clone().into(),
            }),
            times: vec![Timing::default()],
            ..SessionDescription::default()
        }
    }

    /// Sets the o= version: unchanged if the description is the same as our last one,
    /// otherwise one higher (RFC 3264 §8).
    fn finish(&mut self, mut sdp: SessionDescription<'static>) -> SessionDescription<'static> {
        sdp.origin.session_version = 0;
        let body = crate::emit(&sdp);
        if let Some(prev) = &self.last_body {
            if *prev != body {
                self.version += 1;
            }
        }
        self.last_body = Some(body);
        sdp.origin.session_version = self.version;
        self.last_sent = Some(sdp.clone());
        sdp
    }

    fn media_config(&self, media: &str) -> Option<&MediaConfig> {
        match media {
            "audio" => self.config.audio.as_ref(),
            "video" => self.config.video.as_ref(),
            _ => None,
        }
    }

    fn port_for(&self, media: &str, ordinal: usize) -> u16 {
        if media == "image" {
            return self.config.t38.map_or(0, |t| t.port);
        }
        self.media_config(media)
            .map_or(0, |m| m.port.wrapping_add(2 * ordinal as u16))
    }

    fn direction_attr(&self, dir: Direction, attrs: &mut Vec<Attribute<'static>>) {
        if dir != Direction::SendRecv || self.config.explicit_sendrecv {
            attrs.push(dir.to_attribute());
        }
    }

    fn held(&self, base: Direction, hold: bool) -> Direction {
        if !hold {
            return base;
        }
        match self.config.hold_style {
            HoldStyle::Inactive => Direction::Inactive,
            _ => Direction::from_flags(base.sends(), false),
        }
    }

    fn stream_hold(&self, index: usize) -> bool {
        self.hold_all || self.streams.get(index).is_some_and(|s| s.hold)
    }

    fn local_limits(&self) -> Direction {
        Direction::from_flags(self.config.allow_send, self.config.allow_recv)
    }

    /// Builds an offer: the first one from the configuration, later ones keeping the `m=`
    /// lines, their order and the payload numbers of the last exchange (RFC 3264 §8).
    pub fn create_offer(&mut self) -> SessionDescription<'static> {
        let mut sdp = self.skeleton();
        // New media types are appended after the existing m= lines (RFC 3264 §8.1).
        for media in ["audio", "video"] {
            if self.media_config(media).is_some() && !self.streams.iter().any(|s| s.media == media)
            {
                let mut st = StreamState::new(media, self.local_limits());
                st.hold = self.hold_all;
                self.streams.push(st);
            }
        }
        if self.want_t38 && self.config.t38.is_some() {
            if let Some(s) = self
                .streams
                .iter_mut()
                .find(|s| s.media == "audio" && s.disabled.is_none())
            {
                s.t38 = true;
            }
            self.want_t38 = false;
        }
        let mut ordinal: HashMap<String, usize> = HashMap::new();
        let streams = self.streams.clone();
        for s in &streams {
            let n = ordinal.entry(s.media.clone()).or_default();
            let port = self.port_for(&s.media, *n);
            *n += 1;
            let m = if let Some((fmt, rtpmap)) = &s.disabled {
                let mut m = disabled_line(&s.media, if s.t38 { "udptl" } else { "RTP/AVP" }, fmt);
                m.attributes.extend(rtpmap.clone());
                m
            } else if s.t38 {
                self.t38_offer()
            } else {
                self.rtp_offer(
                    &s.media,
                    port,
                    self.held(s.base, s.hold),
                    s.agreed.as_deref(),
                )
            };
            sdp.media.push(m);
        }
        if self.config.hold_style == HoldStyle::LegacyZeroAddress
            && !self.streams.is_empty()
            && self.streams.iter().all(|s| s.hold || s.disabled.is_some())
        {
            if let Some(c) = &mut sdp.connection {
                c.address = if c.addr_type == "IP6" {
                    "::".into()
                } else {
                    "0.0.0.0".into()
                };
            }
        }
        let sdp = self.finish(sdp);
        self.pending_offer = Some(sdp.clone());
        sdp
    }

    fn pt_for(&self, c: &Codec, used: &[u8]) -> u8 {
        let key = (c.encoding.to_ascii_lowercase(), c.clock_rate);
        let pt = self.numbering.get(&key).copied().unwrap_or(c.payload_type);
        if !used.contains(&pt) {
            return pt;
        }
        (96..128).find(|p| !used.contains(p)).unwrap_or(pt)
    }

    fn rtp_offer(
        &self,
        media: &str,
        port: u16,
        dir: Direction,
        agreed: Option<&[(String, u32)]>,
    ) -> MediaDescription<'static> {
        let mc = self.media_config(media).expect("configured");
        let mut m = MediaDescription {
            media: media.to_string().into(),
            port,
            proto: "RTP/AVP".into(),
            ..MediaDescription::default()
        };
        if let Some(a) = &mc.address {
            m.connections.push(Connection {
                net_type: "IN".into(),
                addr_type: Self::addr_type(a).into(),
                address: a.clone().into(),
            });
        }
        let mut used = Vec::new();
        let mut fmtps = Vec::new();
        let keep = |c: &&Codec| {
            agreed.is_none_or(|a| {
                a.iter()
                    .any(|(n, r)| c.encoding.eq_ignore_ascii_case(n) && c.clock_rate == *r)
            })
        };
        let mut codecs: Vec<&Codec> = mc.codecs.iter().filter(keep).collect();
        if codecs.is_empty() {
            codecs = mc.codecs.iter().collect();
        }
        for c in codecs {
            let pt = self.pt_for(c, &used);
            used.push(pt);
            m.formats.push(pt.to_string().into());
            m.attributes.push(rtpmap(pt, c));
            let c = self.with_dtx(c);
            if let Some(f) = c.offer_fmtp() {
                fmtps.push((m.attributes.len(), fmtp_attribute(pt, f)));
            }
        }
        for (i, (at, f)) in fmtps.into_iter().enumerate() {
            m.attributes.insert(at + i, f);
        }
        if media == "audio" {
            if let Some(p) = self.config.ptime {
                m.attributes.push(Attribute::new("ptime", p.to_string()));
            }
            if let Some(p) = self.config.maxptime {
                m.attributes.push(Attribute::new("maxptime", p.to_string()));
            }
        }
        self.direction_attr(dir, &mut m.attributes);
        m
    }

    /// Local codec settings with the session-wide DTX switch applied.
    fn with_dtx(&self, c: &Codec) -> Codec {
        let mut c = c.clone();
        match &mut c.params {
            CodecParams::G729 { annexb } => *annexb &= self.config.dtx,
            CodecParams::G723 { annexa, .. } => *annexa &= self.config.dtx,
            _ => {}
        }
        c
    }

    fn t38_offer(&self) -> MediaDescription<'static> {
        let t = self.config.t38.expect("t38 configured");
        let mut m = MediaDescription {
            media: "image".into(),
            port: t.port,
            proto: "udptl".into(),
            formats: vec!["t38".into()],
            ..MediaDescription::default()
        };
        t38_attributes(
            &mut m.attributes,
            t.version,
            t.max_bit_rate,
            t.rate_management,
            &t,
            t.udp_ec,
        );
        m
    }

    /// Answers an offer (RFC 3264 §6). Streams we cannot use are rejected with port 0; when
    /// every stream is rejected the result is [`NoMatch`] (SIP 488) and the session is unchanged.
    pub fn answer(
        &mut self,
        offer: &SessionDescription<'_>,
    ) -> Result<SessionDescription<'static>, NoMatch> {
        let mut sdp = self.skeleton();
        let mut negotiated = Negotiated::default();
        let mut states = Vec::new();
        let mut ordinal: HashMap<String, usize> = HashMap::new();
        let mut numbering = self.numbering.clone();
        for (i, om) in offer.media.iter().enumerate() {
            let n = ordinal.entry(om.media.to_string()).or_default();
            let port = self.port_for(&om.media, *n);
            *n += 1;
            let result = if om.port == 0 {
                Err(RejectReason::DisabledByOfferer)
            } else if om.media == "image" {
                self.answer_t38(offer, i, om)
            } else {
                self.answer_rtp(offer, i, om, port, &mut numbering)
            };
            match result {
                Ok((m, st, base)) => {
                    let mut state = StreamState::new(&om.media, base);
                    state.t38 = om.media == "image";
                    state.hold = self.stream_hold(i);
                    state.agreed = Some(agreed_of(&m));
                    states.push(state);
                    sdp.media.push(m);
                    negotiated.streams.push(st);
                }
                Err(r) => {
                    let first = om
                        .formats
                        .first()
                        .map(|f| f.to_string())
                        .unwrap_or_default();
                    let mut m = disabled_line(&om.media, &om.proto, &first);
                    let rtpmap = rtpmap_of(om, &first);
                    m.attributes.extend(rtpmap.clone());
                    let mut state = StreamState::new(&om.media, Direction::Inactive);
                    state.t38 = om.media == "image";
                    state.disabled = Some((first, rtpmap));
                    states.push(state);
                    sdp.media.push(m);
                    negotiated.streams.push(NegotiatedStream::Rejected(r));
                }
            }
        }
        let accepted = negotiated
            .streams
            .iter()
            .any(|s| !matches!(s, NegotiatedStream::Rejected(_)));
        if !offer.media.is_empty() && !accepted {
            let streams = negotiated
                .streams
                .into_iter()
                .map(|s| match s {
                    NegotiatedStream::Rejected(r) => r,
                    _ => unreachable!("none accepted"),
                })
                .collect();
            return Err(NoMatch { streams });
        }
        if self.hold_all && self.config.hold_style == HoldStyle::LegacyZeroAddress {
            if let Some(c) = &mut sdp.connection {
                c.address = "0.0.0.0".into();
            }
        }
        self.numbering = numbering;
        self.streams = states;
        self.negotiated = Some(negotiated);
        self.pending_offer = None;
        Ok(self.finish(sdp))
    }

    #[allow(clippy::type_complexity)]
    fn answer_rtp(
        &self,
        offer: &SessionDescription<'_>,
        index: usize,
        om: &MediaDescription<'_>,
        port: u16,
        numbering: &mut HashMap<(String, u32), u8>,
    ) -> Result<(MediaDescription<'static>, NegotiatedStream, Direction), RejectReason> {
        let mc = self
            .media_config(&om.media)
            .ok_or_else(|| RejectReason::UnsupportedMedia(om.media.to_string()))?;
        if !om.proto.eq_ignore_ascii_case("RTP/AVP") {
            return Err(RejectReason::UnsupportedTransport(om.proto.to_string()));
        }
        let conn = offer
            .media_connection(index)
            .ok_or(RejectReason::NoConnection)?;
        let offered = offered_formats(om);
        // Pair every offered format with the local codec it matches, applying the fmtp rules.
        let mut voice: Vec<(Codec, &OfferedFormat<'_>, Option<String>, bool, usize)> = Vec::new();
        let mut events: Vec<(Codec, &OfferedFormat<'_>, EventSet, bool)> = Vec::new();
        let mut excluded_by_params = false;
        for f in &offered {
            let Some((rank, local)) = mc
                .codecs
                .iter()
                .enumerate()
                .find(|(_, c)| c.matches(f.encoding, f.clock_rate, f.channels))
            else {
                continue;
            };
            let local = self.with_dtx(local);
            match (&local.params, f.params()) {
                (CodecParams::TelephoneEvent(ours), Some(FmtpParams::TelephoneEvent(theirs))) => {
                    let common = ours.intersect(&theirs);
                    if common.is_empty() {
                        excluded_by_params = true;
                        continue;
                    }
                    let write = f.fmtp.is_some() || common != EventSet::default();
                    events.push((local.clone(), f, common, write));
                }
                (CodecParams::G729 { annexb }, Some(FmtpParams::G729 { annexb: theirs })) => {
                    let on = *annexb && theirs.unwrap_or(true);
                    let fmtp = if !on {
                        Some("annexb=no".to_string())
                    } else if theirs.is_some() {
                        Some("annexb=yes".to_string())
                    } else {
                        None
                    };
                    voice.push((local.clone(), f, fmtp, on, rank));
                }
                (
                    CodecParams::G723 { annexa, rates },
                    Some(FmtpParams::G723 {
                        annexa: theirs,
                        bitrate,
                    }),
                ) => {
                    let common = rates.intersect(bitrate.unwrap_or(G723Rates::BOTH));
                    if common.is_empty() {
                        excluded_by_params = true;
                        continue;
                    }
                    let on = *annexa && theirs.unwrap_or(true);
                    let mut p = Vec::new();
                    if bitrate.is_some() || common != G723Rates::BOTH {
                        p.push(format!("bitrate={}", common.param()));
                    }
                    if !on {
                        p.push("annexa=no".to_string());
                    } else if theirs.is_some() {
                        p.push("annexa=yes".to_string());
                    }
                    voice.push((
                        local.clone(),
                        f,
                        (!p.is_empty()).then(|| p.join(";")),
                        on,
                        rank,
                    ));
                }
                _ => {
                    if local.is_telephone_event() {
                        // Unparseable event list: fall back to the default 0-15.
                        let common = match &local.params {
                            CodecParams::TelephoneEvent(o) => o.intersect(&EventSet::default()),
                            _ => EventSet::default(),
                        };
                        events.push((local.clone(), f, common, true));
                        continue;
                    }
                    let fmtp = match &local.params {
                        CodecParams::Raw(_) | CodecParams::None => f.fmtp.map(str::to_string),
                        _ => None,
                    };
                    voice.push((local.clone(), f, fmtp, false, rank));
                }
            }
        }
        if self.config.prefer_local_order {
            voice.sort_by_key(|v| v.4);
        }
        // telephone-event alone answers only a stream that offered nothing else (RFC 4317 §2.4);
        // a voice stream without a common voice codec is rejected.
        let offered_voice = offered
            .iter()
            .any(|f| !f.encoding.eq_ignore_ascii_case("telephone-event"));
        if voice.is_empty() && offered_voice {
            events.clear();
        }
        if voice.is_empty() && events.is_empty() {
            return Err(if excluded_by_params {
                RejectReason::IncompatibleParameters
            } else {
                RejectReason::NoCommonCodec
            });
        }
        if !self.config.answer_all_common {
            voice.truncate(1);
        }
        // One telephone-event, at the clock rate of the chosen voice codec.
        let clock = voice.first().map(|v| v.1.clock_rate);
        let event = events
            .iter()
            .find(|e| Some(e.1.clock_rate) == clock)
            .or_else(|| {
                if clock.is_none() {
                    events.first()
                } else {
                    None
                }
            });

        let mut m = MediaDescription {
            media: om.media.to_string().into(),
            port,
            proto: om.proto.to_string().into(),
            ..MediaDescription::default()
        };
        if let Some(a) = &mc.address {
            m.connections.push(Connection {
                net_type: "IN".into(),
                addr_type: Self::addr_type(a).into(),
                address: a.clone().into(),
            });
        }
        let mut used: Vec<u8> = Vec::new();
        let mut chosen = Vec::new();
        let push = |m: &mut MediaDescription<'static>,
                    used: &mut Vec<u8>,
                    local: &Codec,
                    f: &OfferedFormat<'_>,
                    fmtp: Option<String>,
                    numbering: &mut HashMap<(String, u32), u8>|
         -> u8 {
            let pt = if self.config.local_payload_numbers && f.payload_type >= 96 {
                self.pt_for(local, used)
            } else {
                f.payload_type
            };
            used.push(pt);
            numbering.insert((local.encoding.to_ascii_lowercase(), local.clock_rate), pt);
            m.formats.push(pt.to_string().into());
            let mut c = local.clone();
            c.encoding = Cow::Owned(f.encoding.to_string());
            c.channels = f.channels;
            m.attributes.push(rtpmap(pt, &c));
            if let Some(p) = fmtp {
                m.attributes.push(fmtp_attribute(pt, p));
            }
            pt
        };
        for (local, f, fmtp, on, _) in &voice {
            let pt = push(&mut m, &mut used, local, f, fmtp.clone(), numbering);
            let mut c = local.clone();
            c.payload_type = f.payload_type;
            chosen.push((c, pt, *on));
        }
        let mut te = None;
        if let Some((local, f, common, write)) = event {
            let fmtp = write.then(|| common.to_string());
            push(&mut m, &mut used, local, f, fmtp, numbering);
            te = Some((f.payload_type, *common));
        }
        // ptime: ours, within the offerer's maxptime, in whole frames of the chosen codec.
        let offer_ptime = attr_ms(om, "ptime");
        let offer_max = attr_ms(om, "maxptime");
        if om.media == "audio" {
            if let Some(mut p) = self.config.ptime {
                if let Some(max) = offer_max {
                    p = p.min(max);
                }
                if let Some((c, _, _)) = chosen.first() {
                    let step = c.frame_ms();
                    p = p.div_ceil(step).max(1) * step;
                    if offer_max.is_some_and(|max| p > max) && p > step {
                        p -= step;
                    }
                }
                m.attributes.push(Attribute::new("ptime", p.to_string()));
            }
            if let Some(p) = self.config.maxptime {
                m.attributes.push(Attribute::new("maxptime", p.to_string()));
            }
        }
        // Direction (RFC 3264 §6.1): the reverse of the offer's, within what we allow.
        let offered_dir = offer.media_direction(index);
        let allowed = self.local_limits();
        let base = Direction::from_flags(
            offered_dir.receives() && allowed.sends(),
            offered_dir.sends() && allowed.receives(),
        );
        let dir = self.held(base, self.stream_hold(index));
        self.direction_attr(dir, &mut m.attributes);

        let legacy_hold = conn.is_unspecified();
        let (codec, recv_pt, dtx) = match chosen.first() {
            Some((c, pt, on)) => (c.clone(), *pt, *on),
            None => {
                let (l, f, _, _) = event.expect("events when no voice");
                let mut c = l.clone();
                c.payload_type = f.payload_type;
                (c, f.payload_type, false)
            }
        };
        let stream = RtpStream {
            media: om.media.to_string(),
            codec,
            recv_payload_type: recv_pt,
            alternatives: chosen.iter().skip(1).map(|c| c.0.clone()).collect(),
            telephone_event: te,
            dtx,
            ptime: offer_ptime,
            direction: if legacy_hold {
                Direction::from_flags(false, dir.receives())
            } else {
                dir
            },
            remote: (
                conn.address.split('/').next().unwrap_or("").to_string(),
                om.port,
            ),
            remote_legacy_hold: legacy_hold,
        };
        Ok((m, NegotiatedStream::Rtp(stream), base))
    }

    #[allow(clippy::type_complexity)]
    fn answer_t38(
        &self,
        _offer: &SessionDescription<'_>,
        _index: usize,
        om: &MediaDescription<'_>,
    ) -> Result<(MediaDescription<'static>, NegotiatedStream, Direction), RejectReason> {
        let Some(t) = self.config.t38 else {
            return Err(RejectReason::UnsupportedMedia("image".into()));
        };
        if !om.proto.eq_ignore_ascii_case("udptl") {
            return Err(RejectReason::UnsupportedTransport(om.proto.to_string()));
        }
        if !om.formats.iter().any(|f| f.eq_ignore_ascii_case("t38")) {
            return Err(RejectReason::NoCommonCodec);
        }
        let o = read_t38(om);
        let version = o.version.unwrap_or(0).min(t.version);
        let rate = o
            .max_bit_rate
            .map_or(t.max_bit_rate, |r| r.min(t.max_bit_rate));
        // Rate management is the offerer's choice and must be echoed (T.38 Annex D).
        let rm = o
            .rate_management
            .unwrap_or(T38RateManagement::TransferredTcf);
        let ec = o.udp_ec.unwrap_or(T38UdpEc::None).min(t.udp_ec);
        let mut m = MediaDescription {
            media: "image".into(),
            port: t.port,
            proto: om.proto.to_string().into(),
            formats: vec!["t38".into()],
            ..MediaDescription::default()
        };
        t38_attributes(&mut m.attributes, version, rate, rm, &t, ec);
        let st = T38Session {
            version,
            max_bit_rate: rate,
            rate_management: rm,
            remote_max_buffer: o.max_buffer,
            remote_max_datagram: o.max_datagram,
            udp_ec: ec,
            remote_port: om.port,
        };
        Ok((m, NegotiatedStream::T38(st), Direction::SendRecv))
    }

    /// Applies the answer to our outstanding offer (RFC 3264 §7).
    pub fn apply_answer(
        &mut self,
        answer: &SessionDescription<'_>,
    ) -> Result<&Negotiated, AnswerError> {
        let offer = self.pending_offer.take().ok_or(AnswerError::NoOffer)?;
        if offer.media.len() != answer.media.len() {
            self.pending_offer = Some(offer);
            return Err(AnswerError::StreamCount {
                offer: offer_len(&self.pending_offer),
                answer: answer.media.len(),
            });
        }
        let mut out = Negotiated::default();
        for (i, (om, am)) in offer.media.iter().zip(&answer.media).enumerate() {
            if am.port == 0 || om.port == 0 {
                out.streams
                    .push(NegotiatedStream::Rejected(if om.port == 0 {
                        RejectReason::DisabledByOfferer
                    } else {
                        RejectReason::NoCommonCodec
                    }));
                if let Some(s) = self.streams.get_mut(i) {
                    let (src, first) = match am.formats.first() {
                        Some(f) => (am, f.to_string()),
                        None => (
                            om,
                            om.formats
                                .first()
                                .map(|f| f.to_string())
                                .unwrap_or_default(),
                        ),
                    };
                    s.disabled = Some((first.clone(), rtpmap_of(src, &first)));
                }
                continue;
            }
            if am.media == "image" {
                let o = read_t38(am);
                let t = self.config.t38.unwrap_or_default();
                out.streams.push(NegotiatedStream::T38(T38Session {
                    version: o.version.unwrap_or(0),
                    max_bit_rate: o.max_bit_rate.unwrap_or(t.max_bit_rate),
                    rate_management: o.rate_management.unwrap_or(t.rate_management),
                    remote_max_buffer: o.max_buffer,
                    remote_max_datagram: o.max_datagram,
                    udp_ec: o.udp_ec.unwrap_or(T38UdpEc::None),
                    remote_port: am.port,
                }));
                continue;
            }
            let ours = offered_formats(om);
            let theirs = offered_formats(am);
            let mut voice = Vec::new();
            let mut te = None;
            for f in &theirs {
                let Some(mine) = ours.iter().find(|o| {
                    o.encoding.eq_ignore_ascii_case(f.encoding)
                        && o.clock_rate == f.clock_rate
                        && o.channels.unwrap_or(1) == f.channels.unwrap_or(1)
                }) else {
                    return Err(AnswerError::UnofferedFormat { stream: i });
                };
                if f.encoding.eq_ignore_ascii_case("telephone-event") {
                    let theirs_ev = match f.params() {
                        Some(FmtpParams::TelephoneEvent(e)) => e,
                        _ => EventSet::default(),
                    };
                    let mine_ev = match mine.params() {
                        Some(FmtpParams::TelephoneEvent(e)) => e,
                        _ => EventSet::default(),
                    };
                    te.get_or_insert((f.payload_type, mine_ev.intersect(&theirs_ev)));
                } else {
                    voice.push((f, mine));
                }
                self.numbering.insert(
                    (f.encoding.to_ascii_lowercase(), f.clock_rate),
                    mine.payload_type,
                );
            }
            let local = self.media_config(&om.media).cloned();
            let to_codec = |f: &OfferedFormat<'_>| -> Codec {
                let mut c = local
                    .as_ref()
                    .and_then(|mc| {
                        mc.codecs
                            .iter()
                            .find(|c| c.matches(f.encoding, f.clock_rate, f.channels))
                            .cloned()
                    })
                    .unwrap_or_else(|| {
                        Codec::other(f.encoding.to_string(), f.clock_rate, f.payload_type)
                    });
                c.payload_type = f.payload_type;
                c
            };
            let conn = answer.media_connection(i);
            let legacy_hold = conn.is_some_and(Connection::is_unspecified);
            let their_dir = answer.media_direction(i);
            let our_offer_dir = offer.media_direction(i);
            let dir = Direction::from_flags(
                our_offer_dir.sends() && their_dir.receives() && !legacy_hold,
                our_offer_dir.receives() && their_dir.sends(),
            );
            let (codec, recv_pt, dtx) = match voice.first() {
                Some((f, mine)) => {
                    let dtx = match (f.params(), mine.params()) {
                        (
                            Some(FmtpParams::G729 { annexb: a }),
                            Some(FmtpParams::G729 { annexb: b }),
                        ) => a.unwrap_or(true) && b.unwrap_or(true),
                        (
                            Some(FmtpParams::G723 { annexa: a, .. }),
                            Some(FmtpParams::G723 { annexa: b, .. }),
                        ) => a.unwrap_or(true) && b.unwrap_or(true),
                        _ => false,
                    };
                    (to_codec(f), mine.payload_type, dtx)
                }
                None => match theirs.first() {
                    Some(f) => (to_codec(f), f.payload_type, false),
                    None => return Err(AnswerError::UnofferedFormat { stream: i }),
                },
            };
            let agreed = agreed_of(am);
            if let Some(s) = self.streams.get_mut(i) {
                if !s.hold {
                    s.base = Direction::from_flags(our_offer_dir.sends(), our_offer_dir.receives());
                }
                s.disabled = None;
                s.agreed = Some(agreed);
            }
            out.streams.push(NegotiatedStream::Rtp(RtpStream {
                media: om.media.to_string(),
                codec,
                recv_payload_type: recv_pt,
                alternatives: voice.iter().skip(1).map(|(f, _)| to_codec(f)).collect(),
                telephone_event: te,
                dtx,
                ptime: attr_ms(am, "ptime"),
                direction: dir,
                remote: (
                    conn.map(|c| c.address.split('/').next().unwrap_or("").to_string())
                        .unwrap_or_default(),
                    am.port,
                ),
                remote_legacy_hold: legacy_hold,
            }));
        }
        if !answer.media.is_empty()
            && out
                .streams
                .iter()
                .all(|s| matches!(s, NegotiatedStream::Rejected(_)))
        {
            let streams = out
                .streams
                .iter()
                .map(|s| match s {
                    NegotiatedStream::Rejected(r) => r.clone(),
                    _ => unreachable!(),
                })
                .collect();
            return Err(AnswerError::NoMatch(NoMatch { streams }));
        }
        self.negotiated = Some(out);
        Ok(self.negotiated.as_ref().expect("just set"))
    }
}

/// The well-formed rtpmap of `format`, rebuilt (a malformed one from the peer is not echoed).
fn rtpmap_of(m: &MediaDescription<'_>, format: &str) -> Option<Attribute<'static>> {
    m.attributes
        .iter()
        .filter(|a| a.name == "rtpmap")
        .filter_map(|a| crate::attr::Rtpmap::parse(a.value.as_deref()?).ok())
        .find(|r| format.parse() == Ok(r.payload_type))
        .map(|r| r.to_attribute())
}

fn agreed_of(m: &MediaDescription<'_>) -> Vec<(String, u32)> {
    offered_formats(m)
        .iter()
        .map(|f| (f.encoding.to_ascii_lowercase(), f.clock_rate))
        .collect()
}

fn offer_len(o: &Option<SessionDescription<'static>>) -> usize {
    o.as_ref().map_or(0, |o| o.media.len())
}

fn rtpmap(pt: u8, c: &Codec) -> Attribute<'static> {
    crate::attr::Rtpmap {
        payload_type: pt,
        encoding: &c.encoding,
        clock_rate: c.clock_rate,
        channels: c.channels,
    }
    .to_attribute()
}

fn disabled_line(media: &str, proto: &str, format: &str) -> MediaDescription<'static> {
    MediaDescription {
        media: media.to_string().into(),
        port: 0,
        proto: proto.to_string().into(),
        formats: vec![if format.is_empty() {
            "0".to_string()
        } else {
            format.to_string()
        }
        .into()],
        ..MediaDescription::default()
    }
}

fn attr_ms(m: &MediaDescription<'_>, name: &str) -> Option<u32> {
    m.attributes
        .iter()
        .filter(|a| a.name == name)
        .find_map(|a| match a.typed() {
            Ok(TypedAttribute::Ptime(p)) | Ok(TypedAttribute::MaxPtime(p)) => Some(p),
            _ => None,
        })
}

#[derive(Default)]
struct T38Offer {
    version: Option<u8>,
    max_bit_rate: Option<u32>,
    rate_management: Option<T38RateManagement>,
    max_buffer: Option<u32>,
    max_datagram: Option<u32>,
    udp_ec: Option<T38UdpEc>,
}

fn read_t38(m: &MediaDescription<'_>) -> T38Offer {
    let mut o = T38Offer::default();
    for a in &m.attributes {
        if let Ok(TypedAttribute::T38(t)) = a.typed() {
            match t {
                T38Attribute::Version(v) => o.version = Some(v),
                T38Attribute::MaxBitRate(v) => o.max_bit_rate = Some(v),
                T38Attribute::RateManagement(v) => o.rate_management = Some(v),
                T38Attribute::MaxBuffer(v) => o.max_buffer = Some(v),
                T38Attribute::MaxDatagram(v) => o.max_datagram = Some(v),
                T38Attribute::UdpEc(v) => o.udp_ec = Some(v),
                T38Attribute::Flag(..) => {}
            }
        }
    }
    o
}

fn t38_attributes(
    attrs: &mut Vec<Attribute<'static>>,
    version: u8,
    rate: u32,
    rm: T38RateManagement,
    t: &T38Config,
    ec: T38UdpEc,
) {
    attrs.push(Attribute::new("T38FaxVersion", version.to_string()));
    attrs.push(Attribute::new("T38MaxBitRate", rate.to_string()));
    attrs.push(Attribute::new("T38FaxRateManagement", rm.name()));
    attrs.push(Attribute::new("T38FaxMaxBuffer", t.max_buffer.to_string()));
    attrs.push(Attribute::new(
        "T38FaxMaxDatagram",
        t.max_datagram.to_string(),
    ));
    if let Some(n) = ec.name() {
        attrs.push(Attribute::new("T38FaxUdpEC", n));
    }
}
