//! Codecs as offer/answer sees them: name, clock, payload type and typed fmtp.

use std::borrow::Cow;

use crate::attr::{EventSet, FmtpParams, G723Rates};

/// A media format we can use, with its local settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codec {
    /// Encoding name as written in `a=rtpmap` (`PCMU`, `G729`, `telephone-event`…).
    pub encoding: Cow<'static, str>,
    /// RTP clock rate.
    pub clock_rate: u32,
    /// Channel count written in `a=rtpmap` (`None`: not written, meaning 1).
    pub channels: Option<u16>,
    /// Payload type: the static one (RFC 3551 Table 4) or our preferred dynamic one.
    pub payload_type: u8,
    /// Parameters.
    pub params: CodecParams,
}

/// Local codec parameters that take part in negotiation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodecParams {
    /// Nothing to negotiate.
    None,
    /// G.729: whether we run Annex B (VAD/DTX/CNG).
    G729 {
        /// Annex B supported.
        annexb: bool,
    },
    /// G.723.1: Annex A and the rates we receive.
    G723 {
        /// Annex A supported.
        annexa: bool,
        /// Rates we accept.
        rates: G723Rates,
    },
    /// telephone-event (RFC 4733): the events we handle.
    TelephoneEvent(EventSet),
    /// Opaque fmtp written in offers and echoed from offers.
    Raw(String),
}

impl Codec {
    fn fixed(encoding: &'static str, clock_rate: u32, pt: u8, params: CodecParams) -> Self {
        Self {
            encoding: Cow::Borrowed(encoding),
            clock_rate,
            channels: None,
            payload_type: pt,
            params,
        }
    }

    /// G.711 µ-law, PT 0.
    pub fn pcmu() -> Self {
        Self::fixed("PCMU", 8000, 0, CodecParams::None)
    }

    /// G.711 A-law, PT 8.
    pub fn pcma() -> Self {
        Self::fixed("PCMA", 8000, 8, CodecParams::None)
    }

    /// G.722, PT 9 (RTP clock 8000 by RFC 3551 §4.5.2).
    pub fn g722() -> Self {
        Self::fixed("G722", 8000, 9, CodecParams::None)
    }

    /// G.729 (Annex A decoders interoperate), PT 18, with Annex B when `annexb`.
    pub fn g729(annexb: bool) -> Self {
        Self::fixed("G729", 8000, 18, CodecParams::G729 { annexb })
    }

    /// G.723.1, PT 4, both rates, with Annex A when `annexa`.
    pub fn g723(annexa: bool) -> Self {
        Self::fixed(
            "G723",
            8000,
            4,
            CodecParams::G723 {
                annexa,
                rates: G723Rates::BOTH,
            },
        )
    }

    /// telephone-event/8000 on dynamic PT `pt` with events 0–15.
    pub fn telephone_event(pt: u8) -> Self {
        Self::fixed(
            "telephone-event",
            8000,
            pt,
            CodecParams::TelephoneEvent(EventSet::default()),
        )
    }

    /// Any other format: `name/clock` on (static or preferred dynamic) PT `pt`.
    pub fn other(name: impl Into<Cow<'static, str>>, clock_rate: u32, pt: u8) -> Self {
        Self {
            encoding: name.into(),
            clock_rate,
            channels: None,
            payload_type: pt,
            params: CodecParams::None,
        }
    }

    /// Whether this is telephone-event.
    pub fn is_telephone_event(&self) -> bool {
        self.encoding.eq_ignore_ascii_case("telephone-event")
    }

    /// The packetisation step in ms: ptime must be a multiple of it (G.723.1 frames are 30 ms,
    /// G.729 10 ms; sample codecs 10 ms by convention).
    pub fn frame_ms(&self) -> u32 {
        if self.encoding.eq_ignore_ascii_case("G723") {
            30
        } else {
            10
        }
    }

    /// Whether `name/clock/channels` names this codec (names case-insensitive, RFC 4855 §3).
    pub fn matches(&self, name: &str, clock: u32, channels: Option<u16>) -> bool {
        // Some gateways write `G729a`/`G729A` for the interoperable Annex A decoder.
        let g729a =
            self.encoding.eq_ignore_ascii_case("G729") && name.eq_ignore_ascii_case("G729A");
        (self.encoding.eq_ignore_ascii_case(name) || g729a)
            && self.clock_rate == clock
            && self.channels.unwrap_or(1) == channels.unwrap_or(1)
    }

    /// The fmtp we write in an offer, if any.
    pub fn offer_fmtp(&self) -> Option<String> {
        match &self.params {
            CodecParams::None => None,
            CodecParams::G729 { annexb } => (!annexb).then(|| "annexb=no".to_string()),
            CodecParams::G723 { annexa, rates } => {
                let mut p = Vec::new();
                if *rates != G723Rates::BOTH {
                    p.push(format!("bitrate={}", rates.param()));
                }
                if !annexa {
                    p.push("annexa=no".to_string());
                }
                (!p.is_empty()).then(|| p.join(";"))
            }
            // Events 0-15 are the RFC 4733 §7.1.1 default: written only when different.
            CodecParams::TelephoneEvent(ev) => (*ev != EventSet::default()).then(|| ev.to_string()),
            CodecParams::Raw(s) => Some(s.clone()),
        }
    }

    /// The names the `strowger sdp answer --codecs` option takes.
    pub fn by_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "pcmu" | "g711u" | "ulaw" => Self::pcmu(),
            "pcma" | "g711a" | "alaw" => Self::pcma(),
            "g722" => Self::g722(),
            "g729" | "g729a" => Self::g729(false),
            "g729b" | "g729ab" => Self::g729(true),
            "g723" | "g7231" => Self::g723(false),
            "g723a" => Self::g723(true),
            "telephone-event" | "dtmf" => Self::telephone_event(101),
            _ => return None,
        })
    }
}

/// The format an `m=` line offers: from its `a=rtpmap`, else the RFC 3551 static table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferedFormat<'a> {
    /// Payload type.
    pub payload_type: u8,
    /// Encoding name.
    pub encoding: &'a str,
    /// Clock rate.
    pub clock_rate: u32,
    /// Channels.
    pub channels: Option<u16>,
    /// Whether an `a=rtpmap` line was present.
    pub has_rtpmap: bool,
    /// The raw fmtp parameters, if any.
    pub fmtp: Option<&'a str>,
}

impl OfferedFormat<'_> {
    /// Typed fmtp (absent fmtp reads as empty parameters: the codec's defaults).
    pub fn params(&self) -> Option<FmtpParams<'_>> {
        FmtpParams::parse(self.encoding, self.fmtp.unwrap_or("")).ok()
    }
}

/// RFC 3551 Table 4 and 5: static payload types.
pub fn static_payload_type(pt: u8) -> Option<(&'static str, u32, Option<u16>)> {
    Some(match pt {
        0 => ("PCMU", 8000, None),
        3 => ("GSM", 8000, None),
        4 => ("G723", 8000, None),
        5 => ("DVI4", 8000, None),
        6 => ("DVI4", 16000, None),
        7 => ("LPC", 8000, None),
        8 => ("PCMA", 8000, None),
        9 => ("G722", 8000, None),
        10 => ("L16", 44100, Some(2)),
        11 => ("L16", 44100, None),
        12 => ("QCELP", 8000, None),
        13 => ("CN", 8000, None),
        14 => ("MPA", 90000, None),
        15 => ("G728", 8000, None),
        16 => ("DVI4", 11025, None),
        17 => ("DVI4", 22050, None),
        18 => ("G729", 8000, None),
        25 => ("CelB", 90000, None),
        26 => ("JPEG", 90000, None),
        28 => ("nv", 90000, None),
        31 => ("H261", 90000, None),
        32 => ("MPV", 90000, None),
        33 => ("MP2T", 90000, None),
        34 => ("H263", 90000, None),
        _ => return None,
    })
}

/// The formats of an `m=` line resolved to names, in offer order (formats that are neither
/// mapped nor static are skipped).
pub fn offered_formats<'a>(m: &'a crate::MediaDescription<'_>) -> Vec<OfferedFormat<'a>> {
    use crate::attr::{Fmtp, Rtpmap};
    // One pass over the attributes; the first rtpmap and fmtp of each payload type count.
    let mut maps: Vec<Rtpmap<'a>> = Vec::new();
    let mut fmtps: Vec<(u8, &'a str)> = Vec::new();
    for a in &m.attributes {
        let Some(v) = a.value.as_deref() else {
            continue;
        };
        if a.name == "rtpmap" {
            if let Ok(r) = Rtpmap::parse(v) {
                if !maps.iter().any(|x| x.payload_type == r.payload_type) {
                    maps.push(r);
                }
            }
        } else if a.name == "fmtp" {
            if let Ok(x) = Fmtp::parse(v) {
                if let Some(pt) = x.payload_type() {
                    if !fmtps.iter().any(|f| f.0 == pt) {
                        fmtps.push((pt, x.params));
                    }
                }
            }
        }
    }
    let mut out = Vec::with_capacity(m.formats.len());
    for pt in m.payload_types() {
        let f = maps
            .iter()
            .find(|r| r.payload_type == pt)
            .map(|r| (r.encoding, r.clock_rate, r.channels, true))
            .or_else(|| static_payload_type(pt).map(|(n, c, ch)| (n, c, ch, false)));
        if let Some((encoding, clock_rate, channels, has_rtpmap)) = f {
            let fmtp = fmtps.iter().find(|f| f.0 == pt).map(|f| f.1);
            out.push(OfferedFormat {
                payload_type: pt,
                encoding,
                clock_rate,
                channels,
                has_rtpmap,
                fmtp,
            });
        }
    }
    out
}
