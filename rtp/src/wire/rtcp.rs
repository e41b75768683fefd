//! RTCP (RFC 3550 §6): compound packets, SR, RR, SDES, BYE, APP, and XR (RFC 3611, see
//! [`super::xr`]).

use alloc::vec::Vec;

use super::xr::XrBlock;
use super::{get_u16, get_u32, get_u64, put_u16, put_u32, put_u64};
use crate::error::{BufferTooSmall, Error, ParseError};

/// RTCP packet type: sender report (RFC 3550 §6.4.1).
pub const PT_SR: u8 = 200;
/// RTCP packet type: receiver report (RFC 3550 §6.4.2).
pub const PT_RR: u8 = 201;
/// RTCP packet type: source description (RFC 3550 §6.5).
pub const PT_SDES: u8 = 202;
/// RTCP packet type: goodbye (RFC 3550 §6.6).
pub const PT_BYE: u8 = 203;
/// RTCP packet type: application-defined (RFC 3550 §6.7).
pub const PT_APP: u8 = 204;
/// RTCP packet type: extended report (RFC 3611 §2).
pub const PT_XR: u8 = 207;

/// Length of an RTCP common header.
pub const COMMON_HEADER_LEN: usize = 4;
/// At most 31 report blocks / SDES chunks / BYE sources per packet (five-bit count).
pub const MAX_COUNT: usize = 31;

/// A checked view of one RTCP packet (the common header and what its length field covers).
#[derive(Debug, Clone, Copy)]
pub struct RtcpPacket<T: AsRef<[u8]>> {
    buf: T,
}

impl<T: AsRef<[u8]>> RtcpPacket<T> {
    /// Checks version 2, that the length field fits the buffer and a valid padding count.
    /// Bytes after the length field's end are ignored (see [`Compound`] for the rest).
    pub fn new_checked(buf: T) -> Result<Self, ParseError> {
        let b = buf.as_ref();
        if b.len() < COMMON_HEADER_LEN {
            return Err(ParseError::truncated(b.len(), COMMON_HEADER_LEN - b.len()));
        }
        if b[0] >> 6 != 2 {
            return Err(ParseError::unsupported(0, "RTCP version"));
        }
        let len = 4 * (usize::from(get_u16(b, 2)) + 1);
        if b.len() < len {
            return Err(ParseError::truncated(b.len(), len - b.len()));
        }
        if b[0] & 0x20 != 0 {
            let p = usize::from(b[len - 1]);
            if p == 0 || p > len - COMMON_HEADER_LEN {
                return Err(ParseError::invalid(len - 1, "RTCP padding count"));
            }
        }
        Ok(Self { buf })
    }
    /// The P bit.
    pub fn has_padding(&self) -> bool {
        self.buf.as_ref()[0] & 0x20 != 0
    }
    /// The five-bit count / subtype field.
    pub fn count(&self) -> u8 {
        self.buf.as_ref()[0] & 0x1f
    }
    /// The packet type.
    pub fn packet_type(&self) -> u8 {
        self.buf.as_ref()[1]
    }
    /// Length of this packet in bytes (from the length field, incl. header and padding).
    pub fn packet_len(&self) -> usize {
        4 * (usize::from(get_u16(self.buf.as_ref(), 2)) + 1)
    }
    /// The bytes after the common header, without padding.
    pub fn body(&self) -> &[u8] {
        let b = self.buf.as_ref();
        let end = self.packet_len()
            - if self.has_padding() {
                usize::from(b[self.packet_len() - 1])
            } else {
                0
            };
        &b[COMMON_HEADER_LEN..end]
    }
}

/// Iterator over the packets of a compound RTCP packet (RFC 3550 §6.1), yielding each packet's
/// byte offset and view. After an error it stops.
#[derive(Debug, Clone)]
pub struct Compound<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Compound<'a> {
    /// Iterates the packets of `buf` without checking compound-level rules.
    pub const fn new(buf: &'a [u8]) -> Self {
        Self { buf, at: 0 }
    }

    /// The RFC 3550 A.2 validity checks for a compound packet: version 2 everywhere, the first
    /// packet an SR or RR without padding, padding only in the last packet, and the lengths
    /// adding up to the datagram's length.
    pub fn validate(buf: &'a [u8]) -> Result<(), ParseError> {
        let mut first = true;
        let it = Self::new(buf);
        for r in it {
            let (at, p) = r?;
            if first && !matches!(p.packet_type(), PT_SR | PT_RR) {
                return Err(ParseError::invalid(
                    at + 1,
                    "first packet of a compound is not SR/RR",
                ));
            }
            if p.has_padding() && at + p.packet_len() != buf.len() {
                return Err(ParseError::invalid(at, "padding before the last packet"));
            }
            first = false;
        }
        if first {
            return Err(ParseError::truncated(0, COMMON_HEADER_LEN));
        }
        Ok(())
    }
}

impl<'a> Iterator for Compound<'a> {
    type Item = Result<(usize, RtcpPacket<&'a [u8]>), ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.buf.len() {
            return None;
        }
        let at = self.at;
        match RtcpPacket::new_checked(&self.buf[at..]) {
            Ok(p) => {
                let len = p.packet_len();
                self.at += len;
                Some(Ok((
                    at,
                    RtcpPacket {
                        buf: &self.buf[at..at + len],
                    },
                )))
            }
            Err(e) => {
                self.at = self.buf.len();
                Some(Err(e.shifted(at)))
            }
        }
    }
}

/// Parses every packet of a compound into reprs; offsets in errors count from the start of `buf`.
pub fn parse_compound(buf: &[u8]) -> Result<Vec<RtcpRepr<'_>>, ParseError> {
    let mut v = Vec::new();
    for r in Compound::new(buf) {
        let (at, p) = r?;
        v.push(RtcpRepr::parse(&p).map_err(|e| e.shifted(at))?);
    }
    Ok(v)
}

/// Bytes [`emit_compound`] writes.
pub fn compound_len(packets: &[RtcpRepr<'_>]) -> usize {
    packets.iter().map(RtcpRepr::buffer_len).sum()
}

/// Writes `packets` back to back as one compound packet; returns its length.
pub fn emit_compound(packets: &[RtcpRepr<'_>], out: &mut [u8]) -> Result<usize, Error> {
    let len = compound_len(packets);
    if out.len() < len {
        return Err(BufferTooSmall { required: len }.into());
    }
    let mut at = 0;
    for p in packets {
        at += p.emit(&mut out[at..])?;
    }
    Ok(at)
}

/// A reception report block (RFC 3550 §6.4.1), 24 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportBlock {
    /// SSRC of the source reported on.
    pub ssrc: u32,
    /// Fraction lost since the previous report, in 1/256.
    pub fraction_lost: u8,
    /// Cumulative number of packets lost: a 24-bit signed value (duplicates can make it negative).
    pub cumulative_lost: i32,
    /// Extended highest sequence number received.
    pub extended_highest_seq: u32,
    /// Interarrival jitter in timestamp units (RFC 3550 A.8).
    pub jitter: u32,
    /// Middle 32 bits of the NTP timestamp of the last SR received (LSR).
    pub last_sr: u32,
    /// Delay since that SR in 1/65536 s (DLSR).
    pub delay_since_last_sr: u32,
}

impl ReportBlock {
    /// Wire length.
    pub const LEN: usize = 24;

    fn parse(b: &[u8]) -> Self {
        let lost = get_u32(b, 4) & 0x00ff_ffff;
        Self {
            ssrc: get_u32(b, 0),
            fraction_lost: b[4],
            cumulative_lost: ((lost << 8) as i32) >> 8,
            extended_highest_seq: get_u32(b, 8),
            jitter: get_u32(b, 12),
            last_sr: get_u32(b, 16),
            delay_since_last_sr: get_u32(b, 20),
        }
    }

    fn emit(&self, out: &mut [u8]) {
        put_u32(out, 0, self.ssrc);
        let lost = self.cumulative_lost.clamp(-0x80_0000, 0x7f_ffff) as u32 & 0x00ff_ffff;
        put_u32(out, 4, (u32::from(self.fraction_lost) << 24) | lost);
        put_u32(out, 8, self.extended_highest_seq);
        put_u32(out, 12, self.jitter);
        put_u32(out, 16, self.last_sr);
        put_u32(out, 20, self.delay_since_last_sr);
    }
}

/// Sender report (RFC 3550 §6.4.1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SenderReport<'a> {
    /// SSRC of the sender.
    pub ssrc: u32,
    /// NTP timestamp (64-bit fixed point, seconds since 1900).
    pub ntp_timestamp: u64,
    /// RTP timestamp corresponding to the NTP timestamp.
    pub rtp_timestamp: u32,
    /// Packets sent.
    pub packet_count: u32,
    /// Payload octets sent.
    pub octet_count: u32,
    /// Reception report blocks (at most 31).
    pub reports: Vec<ReportBlock>,
    /// Profile-specific extension (a multiple of four bytes), usually empty.
    pub extension: &'a [u8],
}

/// Receiver report (RFC 3550 §6.4.2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceiverReport<'a> {
    /// SSRC of the packet's sender.
    pub ssrc: u32,
    /// Reception report blocks (at most 31).
    pub reports: Vec<ReportBlock>,
    /// Profile-specific extension (a multiple of four bytes), usually empty.
    pub extension: &'a [u8],
}

/// SDES item types (RFC 3550 §6.5).
pub mod sdes_type {
    /// Canonical end-point identifier.
    pub const CNAME: u8 = 1;
    /// User name.
    pub const NAME: u8 = 2;
    /// Electronic mail address.
    pub const EMAIL: u8 = 3;
    /// Phone number.
    pub const PHONE: u8 = 4;
    /// Geographic location.
    pub const LOC: u8 = 5;
    /// Application or tool name.
    pub const TOOL: u8 = 6;
    /// Notice/status.
    pub const NOTE: u8 = 7;
    /// Private extension (the value starts with its own prefix length and prefix).
    pub const PRIV: u8 = 8;
}

/// One SDES item; the value is kept as bytes (RFC 3550 says UTF-8, the wire does not enforce it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdesItem<'a> {
    /// Item type, see [`sdes_type`]; never 0 (0 ends the item list).
    pub kind: u8,
    /// Item value, at most 255 bytes.
    pub value: &'a [u8],
}

/// One SDES chunk: a source and its items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SdesChunk<'a> {
    /// SSRC or CSRC described.
    pub ssrc: u32,
    /// Its items.
    pub items: Vec<SdesItem<'a>>,
}

impl SdesChunk<'_> {
    fn wire_len(&self) -> usize {
        // SSRC, items, then at least one null octet, padded to a word.
        (4 + self.items.iter().map(|i| 2 + i.value.len()).sum::<usize>() + 1).div_ceil(4) * 4
    }
}

/// Goodbye (RFC 3550 §6.6).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bye<'a> {
    /// Sources leaving (at most 31).
    pub sources: Vec<u32>,
    /// Reason for leaving, at most 255 bytes.
    pub reason: Option<&'a [u8]>,
}

/// Application-defined packet (RFC 3550 §6.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct App<'a> {
    /// Five-bit subtype.
    pub subtype: u8,
    /// SSRC/CSRC of the sender.
    pub ssrc: u32,
    /// Four ASCII characters.
    pub name: [u8; 4],
    /// Application data, a multiple of four bytes.
    pub data: &'a [u8],
}

/// Extended report (RFC 3611 §2).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtendedReport<'a> {
    /// SSRC of the packet's originator.
    pub ssrc: u32,
    /// Report blocks.
    pub blocks: Vec<XrBlock<'a>>,
}

/// One RTCP packet as plain values.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RtcpRepr<'a> {
    /// SR.
    SenderReport(SenderReport<'a>),
    /// RR.
    ReceiverReport(ReceiverReport<'a>),
    /// SDES.
    SourceDescription(Vec<SdesChunk<'a>>),
    /// BYE.
    Bye(Bye<'a>),
    /// APP.
    App(App<'a>),
    /// XR.
    ExtendedReport(ExtendedReport<'a>),
    /// A packet type this crate does not decode (e.g. RTPFB/PSFB), kept for relaying.
    Unknown {
        /// Packet type.
        packet_type: u8,
        /// The five-bit count/subtype field.
        count: u8,
        /// Body after the common header (without padding).
        body: &'a [u8],
    },
}

fn need(b: &[u8], at: usize, n: usize) -> Result<(), ParseError> {
    if b.len() < at + n {
        Err(ParseError::truncated(
            b.len() + COMMON_HEADER_LEN,
            at + n - b.len(),
        ))
    } else {
        Ok(())
    }
}

fn parse_reports(
    b: &[u8],
    at: usize,
    count: usize,
) -> Result<(Vec<ReportBlock>, usize), ParseError> {
    need(b, at, count * ReportBlock::LEN).map_err(|e| ParseError {
        offset: at + COMMON_HEADER_LEN,
        ..e
    })?;
    let reports = (0..count)
        .map(|i| ReportBlock::parse(&b[at + i * 24..]))
        .collect();
    Ok((reports, at + count * ReportBlock::LEN))
}

impl<'a> RtcpRepr<'a> {
    /// Decodes one checked packet. Error offsets count from the packet's first byte.
    pub fn parse(p: &RtcpPacket<&'a [u8]>) -> Result<Self, ParseError> {
        let whole: &'a [u8] = p.buf;
        let end = p.packet_len()
            - if p.has_padding() {
                usize::from(whole[p.packet_len() - 1])
            } else {
                0
            };
        let b: &'a [u8] = &whole[COMMON_HEADER_LEN..end];
        let count = usize::from(p.count());
        Ok(match p.packet_type() {
            PT_SR => {
                need(b, 0, 24)?;
                let (reports, at) = parse_reports(b, 24, count)?;
                RtcpRepr::SenderReport(SenderReport {
                    ssrc: get_u32(b, 0),
                    ntp_timestamp: get_u64(b, 4),
                    rtp_timestamp: get_u32(b, 12),
                    packet_count: get_u32(b, 16),
                    octet_count: get_u32(b, 20),
                    reports,
                    extension: &b[at..],
                })
            }
            PT_RR => {
                need(b, 0, 4)?;
                let (reports, at) = parse_reports(b, 4, count)?;
                RtcpRepr::ReceiverReport(ReceiverReport {
                    ssrc: get_u32(b, 0),
                    reports,
                    extension: &b[at..],
                })
            }
            PT_SDES => RtcpRepr::SourceDescription(parse_sdes(b, count)?),
            PT_BYE => {
                need(b, 0, 4 * count)?;
                let sources = (0..count).map(|i| get_u32(b, 4 * i)).collect();
                let mut reason = None;
                let at = 4 * count;
                if at < b.len() {
                    let l = usize::from(b[at]);
                    need(b, at + 1, l)?;
                    reason = Some(&b[at + 1..at + 1 + l]);
                }
                RtcpRepr::Bye(Bye { sources, reason })
            }
            PT_APP => {
                need(b, 0, 8)?;
                RtcpRepr::App(App {
                    subtype: p.count(),
                    ssrc: get_u32(b, 0),
                    name: [b[4], b[5], b[6], b[7]],
                    data: &b[8..],
                })
            }
            PT_XR => {
                need(b, 0, 4)?;
                let mut blocks = Vec::new();
                let mut at = 4;
                while at < b.len() {
                    let (blk, n) =
                        XrBlock::parse(&b[at..]).map_err(|e| e.shifted(at + COMMON_HEADER_LEN))?;
                    blocks.push(blk);
                    at += n;
                }
                RtcpRepr::ExtendedReport(ExtendedReport {
                    ssrc: get_u32(b, 0),
                    blocks,
                })
            }
            pt => RtcpRepr::Unknown {
                packet_type: pt,
                count: p.count(),
                body: b,
            },
        })
    }

    /// Parses a single packet from the start of `buf`.
    pub fn parse_bytes(buf: &'a [u8]) -> Result<Self, ParseError> {
        Self::parse(&RtcpPacket::new_checked(buf)?)
    }

    fn body_len(&self) -> usize {
        match self {
            RtcpRepr::SenderReport(s) => 24 + 24 * s.reports.len() + s.extension.len(),
            RtcpRepr::ReceiverReport(r) => 4 + 24 * r.reports.len() + r.extension.len(),
            RtcpRepr::SourceDescription(c) => c.iter().map(SdesChunk::wire_len).sum(),
            RtcpRepr::Bye(b) => {
                (4 * b.sources.len() + b.reason.map_or(0, |r| 1 + r.len())).div_ceil(4) * 4
            }
            RtcpRepr::App(a) => 8 + a.data.len(),
            RtcpRepr::ExtendedReport(x) => {
                4 + x.blocks.iter().map(XrBlock::buffer_len).sum::<usize>()
            }
            RtcpRepr::Unknown { body, .. } => body.len(),
        }
    }

    /// Bytes [`Self::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        COMMON_HEADER_LEN + self.body_len()
    }

    /// Writes the packet; returns its length. Counts above 31, SDES values or a BYE reason
    /// above 255 bytes, and bodies that are not whole words are [`Error::Unrepresentable`].
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, Error> {
        let body = self.body_len();
        if !body.is_multiple_of(4) || body / 4 > 0xffff {
            return Err(Error::Unrepresentable(
                "RTCP body is not a whole number of 32-bit words",
            ));
        }
        let (pt, count) = match self {
            RtcpRepr::SenderReport(s) => (PT_SR, s.reports.len()),
            RtcpRepr::ReceiverReport(r) => (PT_RR, r.reports.len()),
            RtcpRepr::SourceDescription(c) => (PT_SDES, c.len()),
            RtcpRepr::Bye(b) => (PT_BYE, b.sources.len()),
            RtcpRepr::App(a) => (PT_APP, usize::from(a.subtype)),
            RtcpRepr::ExtendedReport(_) => (PT_XR, 0),
            RtcpRepr::Unknown {
                packet_type, count, ..
            } => (*packet_type, usize::from(*count)),
        };
        if count > MAX_COUNT {
            return Err(Error::Unrepresentable("RTCP count/subtype above 31"));
        }
        let len = COMMON_HEADER_LEN + body;
        if out.len() < len {
            return Err(BufferTooSmall { required: len }.into());
        }
        out[0] = 0x80 | count as u8;
        out[1] = pt;
        put_u16(out, 2, (len / 4 - 1) as u16);
        let o = &mut out[COMMON_HEADER_LEN..len];
        match self {
            RtcpRepr::SenderReport(s) => {
                put_u32(o, 0, s.ssrc);
                put_u64(o, 4, s.ntp_timestamp);
                put_u32(o, 12, s.rtp_timestamp);
                put_u32(o, 16, s.packet_count);
                put_u32(o, 20, s.octet_count);
                for (i, r) in s.reports.iter().enumerate() {
                    r.emit(&mut o[24 + 24 * i..]);
                }
                o[24 + 24 * s.reports.len()..].copy_from_slice(s.extension);
            }
            RtcpRepr::ReceiverReport(r) => {
                put_u32(o, 0, r.ssrc);
                for (i, rb) in r.reports.iter().enumerate() {
                    rb.emit(&mut o[4 + 24 * i..]);
                }
                o[4 + 24 * r.reports.len()..].copy_from_slice(r.extension);
            }
            RtcpRepr::SourceDescription(chunks) => {
                let mut at = 0;
                for c in chunks {
                    let end = at + c.wire_len();
                    put_u32(o, at, c.ssrc);
                    at += 4;
                    for it in &c.items {
                        if it.kind == 0 || it.value.len() > 255 {
                            return Err(Error::Unrepresentable(
                                "SDES item type 0 or value above 255 bytes",
                            ));
                        }
                        o[at] = it.kind;
                        o[at + 1] = it.value.len() as u8;
                        o[at + 2..at + 2 + it.value.len()].copy_from_slice(it.value);
                        at += 2 + it.value.len();
                    }
                    o[at..end].fill(0);
                    at = end;
                }
            }
            RtcpRepr::Bye(b) => {
                for (i, &s) in b.sources.iter().enumerate() {
                    put_u32(o, 4 * i, s);
                }
                let mut at = 4 * b.sources.len();
                if let Some(r) = b.reason {
                    if r.len() > 255 {
                        return Err(Error::Unrepresentable("BYE reason above 255 bytes"));
                    }
                    o[at] = r.len() as u8;
                    o[at + 1..at + 1 + r.len()].copy_from_slice(r);
                    at += 1 + r.len();
                }
                o[at..].fill(0);
            }
            RtcpRepr::App(a) => {
                put_u32(o, 0, a.ssrc);
                o[4..8].copy_from_slice(&a.name);
                o[8..].copy_from_slice(a.data);
            }
            RtcpRepr::ExtendedReport(x) => {
                put_u32(o, 0, x.ssrc);
                let mut at = 4;
                for blk in &x.blocks {
                    at += blk.emit(&mut o[at..])?;
                }
            }
            RtcpRepr::Unknown { body, .. } => o.copy_from_slice(body),
        }
        Ok(len)
    }
}

fn parse_sdes(b: &[u8], count: usize) -> Result<Vec<SdesChunk<'_>>, ParseError> {
    let mut chunks = Vec::with_capacity(count);
    let mut at = 0;
    let h = COMMON_HEADER_LEN;
    for _ in 0..count {
        if b.len() < at + 4 {
            return Err(ParseError::truncated(h + b.len(), at + 4 - b.len()));
        }
        let mut chunk = SdesChunk {
            ssrc: get_u32(b, at),
            items: Vec::new(),
        };
        at += 4;
        loop {
            let Some(&kind) = b.get(at) else {
                return Err(ParseError::truncated(h + b.len(), 1));
            };
            if kind == 0 {
                // End of list: skip the null octet(s) up to the next word boundary.
                at = (at + 1).div_ceil(4) * 4;
                if at > b.len() {
                    return Err(ParseError::truncated(h + b.len(), at - b.len()));
                }
                break;
            }
            let Some(&l) = b.get(at + 1) else {
                return Err(ParseError::truncated(h + b.len(), 1));
            };
            let l = usize::from(l);
            if b.len() < at + 2 + l {
                return Err(ParseError::truncated(h + b.len(), at + 2 + l - b.len()));
            }
            chunk.items.push(SdesItem {
                kind,
                value: &b[at + 2..at + 2 + l],
            });
            at += 2 + l;
        }
        chunks.push(chunk);
    }
    if at != b.len() {
        return Err(ParseError::invalid(
            h + at,
            "bytes after the last SDES chunk",
        ));
    }
    Ok(chunks)
}

/// The middle 32 bits of a 64-bit NTP timestamp, as carried in LSR (RFC 3550 §6.4.1).
pub const fn ntp_middle(ntp: u64) -> u32 {
    (ntp >> 16) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    // A compound SR + SDES(CNAME) shaped like the one FFmpeg's RTP muxer sends (no report blocks).
    const FFMPEG_SR_SDES: [u8; 52] = [
        0x80, 0xc8, 0x00, 0x06, 0x1a, 0x2b, 0x3c, 0x4d, 0xec, 0xd7, 0x8f, 0x60, 0x3a, 0x5e, 0x35,
        0x3f, //
        0x6b, 0x8b, 0x45, 0x67, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, //
        0x81, 0xca, 0x00, 0x05, 0x1a, 0x2b, 0x3c, 0x4d, 0x01, 0x0c, b'L', b'a', b'v', b'f', b'5',
        b'9', b'.', b'2', b'7', b'.', b'1', b'0', 0x00, 0x00,
    ];

    #[test]
    fn ffmpeg_sr_sdes_round_trip() {
        Compound::validate(&FFMPEG_SR_SDES).unwrap();
        let pkts = parse_compound(&FFMPEG_SR_SDES).unwrap();
        assert_eq!(pkts.len(), 2);
        let RtcpRepr::SenderReport(sr) = &pkts[0] else {
            panic!("{pkts:?}")
        };
        assert_eq!(sr.ssrc, 0x1a2b3c4d);
        assert_eq!(sr.rtp_timestamp, 0x6b8b4567);
        assert_eq!(ntp_middle(sr.ntp_timestamp), 0x8f603a5e);
        let RtcpRepr::SourceDescription(c) = &pkts[1] else {
            panic!()
        };
        assert_eq!(
            c[0].items,
            [SdesItem {
                kind: sdes_type::CNAME,
                value: b"Lavf59.27.10"
            }]
        );
        let mut out = [0u8; 128];
        let n = emit_compound(&pkts, &mut out).unwrap();
        assert_eq!(&out[..n], &FFMPEG_SR_SDES);
    }

    #[test]
    fn rr_bye_app_and_negative_loss() {
        let rb = ReportBlock {
            ssrc: 9,
            fraction_lost: 3,
            cumulative_lost: -2,
            extended_highest_seq: 70_000,
            jitter: 12,
            last_sr: 5,
            delay_since_last_sr: 65536,
        };
        let pkts = vec![
            RtcpRepr::ReceiverReport(ReceiverReport {
                ssrc: 1,
                reports: vec![rb],
                extension: &[],
            }),
            RtcpRepr::Bye(Bye {
                sources: vec![1, 2],
                reason: Some(b"hangup"),
            }),
            RtcpRepr::App(App {
                subtype: 3,
                ssrc: 1,
                name: *b"STRW",
                data: &[1, 2, 3, 4],
            }),
        ];
        let mut out = [0u8; 256];
        let n = emit_compound(&pkts, &mut out).unwrap();
        assert_eq!(n, compound_len(&pkts));
        assert_eq!(parse_compound(&out[..n]).unwrap(), pkts);
    }

    #[test]
    fn compound_rules_and_errors() {
        let bye = [0x81, 0xcb, 0x00, 0x01, 0, 0, 0, 1];
        assert!(Compound::validate(&bye).is_err(), "must start with SR/RR");
        let mut short = FFMPEG_SR_SDES;
        short[3] = 0x07; // SR claims one more word than the datagram holds before SDES
        let err = parse_compound(&short[..28]).unwrap_err();
        assert_eq!(err.kind, crate::ErrorKind::Truncated { needed: 4 });
        // SDES item running past the packet.
        let mut bad = FFMPEG_SR_SDES;
        bad[37] = 40;
        let err = parse_compound(&bad).unwrap_err();
        assert!(err.offset >= 28, "{err:?}");
        // Report count larger than the body.
        let rr = [0x81, 0xc9, 0x00, 0x01, 0, 0, 0, 1];
        assert!(matches!(
            parse_compound(&rr).unwrap_err().kind,
            crate::ErrorKind::Truncated { .. }
        ));
    }

    #[test]
    fn padding_in_last_packet() {
        // RR (no reports) followed by a BYE padded with four bytes.
        let buf = [
            0x80, 0xc9, 0x00, 0x01, 0, 0, 0, 1, 0xa1, 0xcb, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 4,
        ];
        Compound::validate(&buf).unwrap();
        let p = parse_compound(&buf).unwrap();
        assert_eq!(
            p[1],
            RtcpRepr::Bye(Bye {
                sources: vec![1],
                reason: None
            })
        );
    }
}
