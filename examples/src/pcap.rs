//! Reading UDP datagrams out of packet captures, and writing them into one.
//!
//! Reads classic pcap (both byte orders, micro- and nanosecond timestamps) and pcapng
//! (section header, interface description with `if_tsresol`, enhanced and simple packet
//! blocks, any byte order). Link types: Ethernet (with 802.1Q/802.1ad tags), Linux cooked
//! capture v1 and v2, raw IP, and BSD loopback. Network layers: IPv4 (first fragments only)
//! and IPv6 (hop-by-hop, routing and destination-options headers skipped), then UDP.
//! Everything else is counted and skipped.
//!
//! [`read_lapd_file`] reads the same containers for ISDN D-channel traces: `LINKTYPE_LAPD`
//! (203, the raw frame; direction from the pcapng `epb_flags` option when present) and
//! `LINKTYPE_LINUX_LAPD` (177, the frame behind a 16-octet pseudo-header that says whether the
//! capturing side is the network and whether the frame was sent or received).

use std::fmt;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};

/// One UDP datagram found in a capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UdpDatagram {
    /// Capture time, microseconds since the Unix epoch.
    pub ts_us: u64,
    /// Source address and port.
    pub src: SocketAddr,
    /// Destination address and port.
    pub dst: SocketAddr,
    /// The UDP payload.
    pub payload: Vec<u8>,
}

/// The datagrams of a capture and how many frames were not UDP.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    /// UDP datagrams in capture order.
    pub datagrams: Vec<UdpDatagram>,
    /// Frames that were not UDP over IPv4/IPv6 (or on an unsupported link type).
    pub skipped: usize,
}

/// Why a capture could not be read.
#[derive(Debug)]
pub enum PcapError {
    /// The file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// The file is not a capture this reader understands.
    Format(String),
}

impl fmt::Display for PcapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PcapError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            PcapError::Format(w) => write!(f, "not a readable capture: {w}"),
        }
    }
}

impl std::error::Error for PcapError {}

/// LINKTYPE_NULL (BSD loopback).
pub const LINKTYPE_NULL: u32 = 0;
/// LINKTYPE_ETHERNET.
pub const LINKTYPE_ETHERNET: u32 = 1;
/// LINKTYPE_RAW (raw IPv4/IPv6).
pub const LINKTYPE_RAW: u32 = 101;
/// LINKTYPE_LINUX_SLL.
pub const LINKTYPE_LINUX_SLL: u32 = 113;
/// LINKTYPE_LINUX_SLL2.
pub const LINKTYPE_LINUX_SLL2: u32 = 276;
/// LINKTYPE_LINUX_LAPD: a LAPD frame behind a 16-octet Linux pseudo-header.
pub const LINKTYPE_LINUX_LAPD: u32 = 177;
/// LINKTYPE_LAPD: a raw LAPD frame (address, control, information; no flags, no FCS).
pub const LINKTYPE_LAPD: u32 = 203;

/// Which way a LAPD frame went on the D channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LapdDirection {
    /// Sent by the network side.
    NetworkToUser,
    /// Sent by the user side.
    UserToNetwork,
}

impl LapdDirection {
    /// `"network->user"` or `"user->network"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LapdDirection::NetworkToUser => "network->user",
            LapdDirection::UserToNetwork => "user->network",
        }
    }
}

/// One packet record of a LAPD capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LapdRecord {
    /// 1-based position of the record among the file's packets (Wireshark's frame number).
    pub number: usize,
    /// Capture time, microseconds since the Unix epoch (0 for pcapng simple packet blocks).
    pub ts_us: u64,
    /// `LINKTYPE_LAPD` or `LINKTYPE_LINUX_LAPD`.
    pub linktype: u32,
    /// The direction, when the capture records it: the pcapng `epb_flags` inbound/outbound
    /// bits for `LINKTYPE_LAPD` (inbound is network→user, as Wireshark reads it), the
    /// pseudo-header for `LINKTYPE_LINUX_LAPD`.
    pub direction: Option<LapdDirection>,
    /// The LAPD frame: address, control, information. When the Linux pseudo-header is
    /// truncated, the whole record, and `truncated_pseudo_header` is set.
    pub frame: Vec<u8>,
    /// The `LINKTYPE_LINUX_LAPD` record is shorter than its 16-octet pseudo-header.
    pub truncated_pseudo_header: bool,
}

/// Octets of the `LINKTYPE_LINUX_LAPD` pseudo-header.
pub const LINUX_LAPD_HEADER_LEN: usize = 16;

/// Reads a LAPD capture (`LINKTYPE_LAPD` or `LINKTYPE_LINUX_LAPD`, classic pcap or pcapng).
pub fn read_lapd_file(path: &Path) -> Result<Vec<LapdRecord>, PcapError> {
    let data = std::fs::read(path).map_err(|e| PcapError::Io(path.to_owned(), e))?;
    parse_lapd(&data)
}

/// Parses a LAPD capture held in memory. A capture declaring any other link type (in its pcap
/// header or on any pcapng interface) is refused.
pub fn parse_lapd(data: &[u8]) -> Result<Vec<LapdRecord>, PcapError> {
    let walked = walk(data)?;
    if let Some(&lt) = walked
        .linktypes
        .iter()
        .find(|&&lt| lt != LINKTYPE_LAPD && lt != LINKTYPE_LINUX_LAPD)
    {
        return Err(PcapError::Format(format!(
            "link type {lt} is not LAPD (203) or LINUX_LAPD (177)"
        )));
    }
    let mut out = Vec::with_capacity(walked.records.len());
    for (i, r) in walked.records.into_iter().enumerate() {
        // Records of an undeclared pcapng interface fall back to Ethernet in `walk`.
        if r.linktype != LINKTYPE_LAPD && r.linktype != LINKTYPE_LINUX_LAPD {
            return Err(PcapError::Format(format!(
                "packet {} is on an undeclared interface",
                i + 1
            )));
        }
        let mut rec = LapdRecord {
            number: i + 1,
            ts_us: r.ts_us,
            linktype: r.linktype,
            direction: None,
            frame: r.data.to_vec(),
            truncated_pseudo_header: false,
        };
        if r.linktype == LINKTYPE_LAPD {
            rec.direction = match r.flags.map(|f| f & 3) {
                Some(1) => Some(LapdDirection::NetworkToUser),
                Some(2) => Some(LapdDirection::UserToNetwork),
                _ => None,
            };
        } else if r.data.len() < LINUX_LAPD_HEADER_LEN {
            rec.truncated_pseudo_header = true;
        } else {
            // Packet type (PACKET_OUTGOING = 4, PACKET_OTHERHOST = 3, else received) and
            // the first address octet, non-zero when the capturing side is the network.
            let pkttype = u16::from_be_bytes([r.data[0], r.data[1]]);
            let we_network = r.data[6] != 0;
            rec.direction = Some(match (pkttype, we_network) {
                (4, true) | (0..=2 | 5.., false) => LapdDirection::NetworkToUser,
                _ => LapdDirection::UserToNetwork,
            });
            rec.frame = r.data[LINUX_LAPD_HEADER_LEN..].to_vec();
        }
        out.push(rec);
    }
    Ok(out)
}

/// Reads a capture file.
pub fn read_file(path: &Path) -> Result<Capture, PcapError> {
    let data = std::fs::read(path).map_err(|e| PcapError::Io(path.to_owned(), e))?;
    parse(&data)
}

/// Parses a capture held in memory.
pub fn parse(data: &[u8]) -> Result<Capture, PcapError> {
    let walked = walk(data)?;
    let mut cap = Capture::default();
    for r in walked.records {
        cap.push(r.ts_us, r.linktype, r.data);
    }
    Ok(cap)
}

/// One packet record of a capture, before any link-layer decoding.
struct Record<'a> {
    ts_us: u64,
    linktype: u32,
    data: &'a [u8],
    /// The pcapng `epb_flags` option, when the record carries one.
    flags: Option<u32>,
}

/// Every link type a capture declares (the pcap header, or each pcapng interface) and every
/// packet record in file order.
struct Walked<'a> {
    linktypes: Vec<u32>,
    records: Vec<Record<'a>>,
}

fn walk(data: &[u8]) -> Result<Walked<'_>, PcapError> {
    if data.len() < 4 {
        return Err(PcapError::Format("file shorter than a magic number".into()));
    }
    match u32::from_le_bytes([data[0], data[1], data[2], data[3]]) {
        0x0A0D_0D0A => walk_pcapng(data),
        0xA1B2_C3D4 | 0xA1B2_3C4D | 0xD4C3_B2A1 | 0x4D3C_B2A1 => walk_pcap(data),
        m => Err(PcapError::Format(format!("unknown magic number {m:#010x}"))),
    }
}

#[derive(Clone, Copy)]
struct Endian(bool); // true = big endian

impl Endian {
    fn u16(self, b: &[u8]) -> u16 {
        let a = [b[0], b[1]];
        if self.0 {
            u16::from_be_bytes(a)
        } else {
            u16::from_le_bytes(a)
        }
    }
    fn u32(self, b: &[u8]) -> u32 {
        let a = [b[0], b[1], b[2], b[3]];
        if self.0 {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        }
    }
}

fn walk_pcap(data: &[u8]) -> Result<Walked<'_>, PcapError> {
    if data.len() < 24 {
        return Err(PcapError::Format("pcap header truncated".into()));
    }
    let magic = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
    let e = Endian(matches!(magic, 0xD4C3_B2A1 | 0x4D3C_B2A1));
    let nanos = matches!(magic, 0xA1B2_3C4D | 0x4D3C_B2A1);
    let linktype = e.u32(&data[20..]) & 0x0fff_ffff;
    let mut w = Walked {
        linktypes: vec![linktype],
        records: Vec::new(),
    };
    let mut at = 24;
    while at + 16 <= data.len() {
        let sec = u64::from(e.u32(&data[at..]));
        let frac = u64::from(e.u32(&data[at + 4..]));
        let incl = e.u32(&data[at + 8..]) as usize;
        at += 16;
        if at + incl > data.len() {
            return Err(PcapError::Format(format!(
                "record at byte {} runs past the end",
                at - 16
            )));
        }
        let ts_us = sec * 1_000_000 + if nanos { frac / 1000 } else { frac };
        w.records.push(Record {
            ts_us,
            linktype,
            data: &data[at..at + incl],
            flags: None,
        });
        at += incl;
    }
    Ok(w)
}

fn walk_pcapng(data: &[u8]) -> Result<Walked<'_>, PcapError> {
    let mut w = Walked {
        linktypes: Vec::new(),
        records: Vec::new(),
    };
    let mut e = Endian(false);
    // (link type, timestamp units per second) of each interface of the current section.
    let mut ifaces: Vec<(u32, u64)> = Vec::new();
    let mut at = 0;
    while at + 12 <= data.len() {
        let raw_type = u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
        if raw_type == 0x0A0D_0D0A {
            let bom = &data[at + 8..at + 12];
            e = match bom {
                [0x1A, 0x2B, 0x3C, 0x4D] => Endian(true),
                [0x4D, 0x3C, 0x2B, 0x1A] => Endian(false),
                _ => return Err(PcapError::Format("pcapng byte-order magic".into())),
            };
            ifaces.clear();
        }
        let btype = e.u32(&data[at..]);
        let blen = e.u32(&data[at + 4..]) as usize;
        if blen < 12 || !blen.is_multiple_of(4) || at + blen > data.len() {
            return Err(PcapError::Format(format!(
                "pcapng block at byte {at} has bad length {blen}"
            )));
        }
        let body = &data[at + 8..at + blen - 4];
        match btype {
            1 if body.len() >= 8 => {
                let linktype = u32::from(e.u16(body));
                let mut units = 1_000_000u64;
                // Options: look for if_tsresol (9).
                let mut o = 8;
                while o + 4 <= body.len() {
                    let code = e.u16(&body[o..]);
                    let len = usize::from(e.u16(&body[o + 2..]));
                    if code == 0 || o + 4 + len > body.len() {
                        break;
                    }
                    if code == 9 && len >= 1 {
                        let v = body[o + 4];
                        let exp = u32::from(v & 0x7f);
                        units = if v & 0x80 != 0 {
                            2u64.saturating_pow(exp)
                        } else {
                            10u64.saturating_pow(exp)
                        };
                    }
                    o += 4 + len.div_ceil(4) * 4;
                }
                ifaces.push((linktype, units.max(1)));
                w.linktypes.push(linktype);
            }
            6 if body.len() >= 20 => {
                let iface = e.u32(body) as usize;
                let ts = (u64::from(e.u32(&body[4..])) << 32) | u64::from(e.u32(&body[8..]));
                let incl = e.u32(&body[12..]) as usize;
                if 20 + incl > body.len() {
                    return Err(PcapError::Format(format!(
                        "packet block at byte {at} truncated"
                    )));
                }
                let (linktype, units) = ifaces
                    .get(iface)
                    .copied()
                    .unwrap_or((LINKTYPE_ETHERNET, 1_000_000));
                let ts_us = (u128::from(ts) * 1_000_000 / u128::from(units)) as u64;
                w.records.push(Record {
                    ts_us,
                    linktype,
                    data: &body[20..20 + incl],
                    flags: epb_flags(e, body.get(20 + incl.div_ceil(4) * 4..).unwrap_or(&[])),
                });
            }
            3 if body.len() >= 4 => {
                let (linktype, _) = ifaces
                    .first()
                    .copied()
                    .unwrap_or((LINKTYPE_ETHERNET, 1_000_000));
                let orig = e.u32(body) as usize;
                let frame = &body[4..];
                w.records.push(Record {
                    ts_us: 0,
                    linktype,
                    data: &frame[..orig.min(frame.len())],
                    flags: None,
                });
            }
            _ => {}
        }
        at += blen;
    }
    Ok(w)
}

/// The `epb_flags` option (code 2) among the options of an enhanced packet block.
fn epb_flags(e: Endian, mut opts: &[u8]) -> Option<u32> {
    while opts.len() >= 4 {
        let code = e.u16(opts);
        let len = usize::from(e.u16(&opts[2..]));
        if code == 0 || 4 + len > opts.len() {
            return None;
        }
        if code == 2 && len == 4 {
            return Some(e.u32(&opts[4..]));
        }
        opts = &opts[(4 + len.div_ceil(4) * 4).min(opts.len())..];
    }
    None
}

impl Capture {
    fn push(&mut self, ts_us: u64, linktype: u32, frame: &[u8]) {
        match link_payload(linktype, frame).and_then(ip_udp) {
            Some((src, dst, payload)) => self.datagrams.push(UdpDatagram {
                ts_us,
                src,
                dst,
                payload: payload.to_vec(),
            }),
            None => self.skipped += 1,
        }
    }
}

/// The network-layer packet inside a link-layer frame, or `None`.
fn link_payload(linktype: u32, f: &[u8]) -> Option<&[u8]> {
    match linktype {
        LINKTYPE_ETHERNET => {
            let mut et = u16::from_be_bytes([*f.get(12)?, *f.get(13)?]);
            let mut at = 14;
            while et == 0x8100 || et == 0x88a8 {
                et = u16::from_be_bytes([*f.get(at + 2)?, *f.get(at + 3)?]);
                at += 4;
            }
            matches!(et, 0x0800 | 0x86dd).then(|| f.get(at..)).flatten()
        }
        LINKTYPE_LINUX_SLL => f.get(16..),
        LINKTYPE_LINUX_SLL2 => f.get(20..),
        LINKTYPE_RAW | 12 | 14 => Some(f),
        LINKTYPE_NULL => f.get(4..),
        _ => None,
    }
}

fn ip_udp(p: &[u8]) -> Option<(SocketAddr, SocketAddr, &[u8])> {
    let (src, dst, udp) = match p.first()? >> 4 {
        4 => {
            let ihl = usize::from(p[0] & 0x0f) * 4;
            if ihl < 20 || p.len() < ihl || p[9] != 17 {
                return None;
            }
            let frag = u16::from_be_bytes([p[6], p[7]]);
            if frag & 0x1fff != 0 {
                return None; // not the first fragment
            }
            let total = usize::from(u16::from_be_bytes([p[2], p[3]])).clamp(ihl, p.len());
            let src = IpAddr::V4(Ipv4Addr::new(p[12], p[13], p[14], p[15]));
            let dst = IpAddr::V4(Ipv4Addr::new(p[16], p[17], p[18], p[19]));
            (src, dst, &p[ihl..total])
        }
        6 => {
            if p.len() < 40 {
                return None;
            }
            let mut next = p[6];
            let mut at = 40;
            let end = (40 + usize::from(u16::from_be_bytes([p[4], p[5]]))).min(p.len());
            while matches!(next, 0 | 43 | 60) {
                next = *p.get(at)?;
                at += (usize::from(*p.get(at + 1)?) + 1) * 8;
            }
            if next != 17 || at > end {
                return None;
            }
            let a: [u8; 16] = p[8..24].try_into().ok()?;
            let b: [u8; 16] = p[24..40].try_into().ok()?;
            (
                IpAddr::V6(Ipv6Addr::from(a)),
                IpAddr::V6(Ipv6Addr::from(b)),
                &p[at..end],
            )
        }
        _ => return None,
    };
    if udp.len() < 8 {
        return None;
    }
    let sp = u16::from_be_bytes([udp[0], udp[1]]);
    let dp = u16::from_be_bytes([udp[2], udp[3]]);
    let len = usize::from(u16::from_be_bytes([udp[4], udp[5]])).clamp(8, udp.len());
    Some((
        SocketAddr::new(src, sp),
        SocketAddr::new(dst, dp),
        &udp[8..len],
    ))
}

fn checksum(words: &[u8]) -> u16 {
    let mut sum: u32 = words
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Writes `datagrams` (IPv4 addresses only) as a classic pcap file with Ethernet framing and
/// valid IPv4 and UDP checksums.
pub fn write_file(path: &Path, datagrams: &[UdpDatagram]) -> Result<(), PcapError> {
    let io = |e| PcapError::Io(path.to_owned(), e);
    let mut out = Vec::new();
    out.extend_from_slice(&0xA1B2_C3D4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&LINKTYPE_ETHERNET.to_le_bytes());
    for (i, d) in datagrams.iter().enumerate() {
        let (SocketAddr::V4(s), SocketAddr::V4(t)) = (d.src, d.dst) else {
            return Err(PcapError::Format("write_file supports IPv4 only".into()));
        };
        let udp_len = 8 + d.payload.len();
        let mut ip = vec![
            0x45,
            0,
            0,
            0,
            (i >> 8) as u8,
            i as u8,
            0x40,
            0,
            64,
            17,
            0,
            0,
        ];
        ip[2..4].copy_from_slice(&((20 + udp_len) as u16).to_be_bytes());
        ip.extend_from_slice(&s.ip().octets());
        ip.extend_from_slice(&t.ip().octets());
        let c = checksum(&ip);
        ip[10..12].copy_from_slice(&c.to_be_bytes());
        let mut udp = Vec::with_capacity(udp_len);
        udp.extend_from_slice(&s.port().to_be_bytes());
        udp.extend_from_slice(&t.port().to_be_bytes());
        udp.extend_from_slice(&(udp_len as u16).to_be_bytes());
        udp.extend_from_slice(&[0, 0]);
        udp.extend_from_slice(&d.payload);
        let mut pseudo = Vec::with_capacity(12 + udp.len());
        pseudo.extend_from_slice(&s.ip().octets());
        pseudo.extend_from_slice(&t.ip().octets());
        pseudo.extend_from_slice(&[0, 17]);
        pseudo.extend_from_slice(&(udp_len as u16).to_be_bytes());
        pseudo.extend_from_slice(&udp);
        let uc = match checksum(&pseudo) {
            0 => 0xffff,
            c => c,
        };
        udp[6..8].copy_from_slice(&uc.to_be_bytes());
        let mut frame = vec![0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00];
        frame.extend_from_slice(&ip);
        frame.extend_from_slice(&udp);
        out.extend_from_slice(&((d.ts_us / 1_000_000) as u32).to_le_bytes());
        out.extend_from_slice(&((d.ts_us % 1_000_000) as u32).to_le_bytes());
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&frame);
    }
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(&out))
        .map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dgram(i: u8) -> UdpDatagram {
        UdpDatagram {
            ts_us: 1_700_000_000_000_000 + u64::from(i) * 20_000,
            src: "127.0.0.1:4000".parse().unwrap(),
            dst: "127.0.0.1:5004".parse().unwrap(),
            payload: vec![i; 20],
        }
    }

    #[test]
    fn pcap_write_read_round_trip() {
        let dir = std::env::temp_dir().join(format!("strowger-pcap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("x.pcap");
        let d: Vec<_> = (0..3).map(dgram).collect();
        write_file(&p, &d).unwrap();
        let cap = read_file(&p).unwrap();
        assert_eq!(cap.datagrams, d);
        assert_eq!(cap.skipped, 0);
    }

    fn ipv6_udp(payload: &[u8]) -> Vec<u8> {
        let mut p = vec![0x60, 0, 0, 0];
        p.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
        p.extend_from_slice(&[17, 64]);
        p.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
        p.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
        p.extend_from_slice(&[0x1f, 0x90, 0x13, 0x8c]);
        p.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
        p.extend_from_slice(&[0, 0]);
        p.extend_from_slice(payload);
        p
    }

    #[test]
    fn pcapng_sll_and_ipv6() {
        // Big-endian pcapng: SHB, IDB (Linux SLL, nanosecond resolution), one EPB.
        let mut f = Vec::new();
        let block = |f: &mut Vec<u8>, t: u32, body: &[u8]| {
            let len = 12 + body.len().div_ceil(4) * 4;
            f.extend_from_slice(&t.to_be_bytes());
            f.extend_from_slice(&(len as u32).to_be_bytes());
            f.extend_from_slice(body);
            f.resize(f.len() + (len - 12 - body.len()), 0);
            f.extend_from_slice(&(len as u32).to_be_bytes());
        };
        block(
            &mut f,
            0x0A0D_0D0A,
            &[
                0x1A, 0x2B, 0x3C, 0x4D, 0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            ],
        );
        block(
            &mut f,
            1,
            &[
                0, 113, 0, 0, 0, 0, 0xff, 0xff, 0, 9, 0, 1, 9, 0, 0, 0, 0, 0, 0, 0,
            ],
        );
        let mut frame = vec![0u8; 16];
        frame[14..16].copy_from_slice(&[0x86, 0xdd]);
        frame.extend_from_slice(&ipv6_udp(b"hello"));
        let ts: u64 = 1_500_000_000; // 1.5 s in ns
        let mut epb = Vec::new();
        epb.extend_from_slice(&0u32.to_be_bytes());
        epb.extend_from_slice(&((ts >> 32) as u32).to_be_bytes());
        epb.extend_from_slice(&(ts as u32).to_be_bytes());
        epb.extend_from_slice(&(frame.len() as u32).to_be_bytes());
        epb.extend_from_slice(&(frame.len() as u32).to_be_bytes());
        epb.extend_from_slice(&frame);
        block(&mut f, 6, &epb);
        let cap = parse(&f).unwrap();
        assert_eq!(cap.datagrams.len(), 1);
        let d = &cap.datagrams[0];
        assert_eq!(d.ts_us, 1_500_000);
        assert_eq!(d.src, "[::1]:8080".parse().unwrap());
        assert_eq!(d.dst, "[::1]:5004".parse().unwrap());
        assert_eq!(d.payload, b"hello");
    }

    #[test]
    fn raw_ip_and_rejects() {
        let mut cap = Capture::default();
        cap.push(0, LINKTYPE_RAW, &ipv6_udp(b"x"));
        cap.push(0, LINKTYPE_ETHERNET, &[0; 10]);
        cap.push(0, 9999, &[0; 60]);
        assert_eq!((cap.datagrams.len(), cap.skipped), (1, 2));
        assert!(parse(b"nope").is_err());
    }

    #[test]
    fn lapd_directions_from_epb_flags_and_linux_pseudo_header() {
        use strowger_q921::pcap::{Direction, LapdPcapng, LinuxLapdPcap};
        let sabme = [0x00, 0x01, 0x7f];
        // Seen from the user side: received frames come from the network.
        let mut ng = LapdPcapng::new(false);
        ng.push(1_000_000, Direction::Inbound, &sabme);
        ng.push(2_000_000, Direction::Outbound, &sabme);
        let r = parse_lapd(ng.bytes()).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].direction, Some(LapdDirection::NetworkToUser));
        assert_eq!(r[1].direction, Some(LapdDirection::UserToNetwork));
        assert_eq!(
            (r[1].number, r[1].ts_us, &r[1].frame[..]),
            (2, 2_000_000, &sabme[..])
        );
        for we_network in [false, true] {
            let mut p = LinuxLapdPcap::new(we_network);
            p.push(5, Direction::Inbound, &sabme);
            p.push(6, Direction::Outbound, &sabme);
            let r = parse_lapd(p.bytes()).unwrap();
            let (sent, received) = if we_network {
                (LapdDirection::NetworkToUser, LapdDirection::UserToNetwork)
            } else {
                (LapdDirection::UserToNetwork, LapdDirection::NetworkToUser)
            };
            assert_eq!(r[0].direction, Some(received));
            assert_eq!(r[1].direction, Some(sent));
            assert_eq!(r[0].frame, sabme);
            assert_eq!(r[0].linktype, LINKTYPE_LINUX_LAPD);
        }
    }

    #[test]
    fn epb_options_and_lapd_refusals() {
        let e = Endian(false);
        // A comment option, then epb_flags = inbound, then the end of options.
        let opts = [
            1, 0, 3, 0, b'h', b'i', b'!', 0, 2, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(epb_flags(e, &opts), Some(1));
        assert_eq!(epb_flags(e, &opts[..10]), None);
        assert_eq!(epb_flags(e, &[]), None);
        let dir = std::env::temp_dir().join(format!("strowger-lapd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("udp.pcap");
        write_file(&p, &[dgram(1)]).unwrap();
        let err = read_lapd_file(&p).unwrap_err().to_string();
        assert!(err.contains("link type 1 is not LAPD"), "{err}");
        // A LINUX_LAPD record shorter than the pseudo-header is kept and flagged.
        let mut f = strowger_q921::pcap::LinuxLapdPcap::new(false)
            .bytes()
            .to_vec();
        f.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0x20]);
        let r = parse_lapd(&f).unwrap();
        assert!(r[0].truncated_pseudo_header);
        assert_eq!((r[0].direction, &r[0].frame[..]), (None, &[0, 4, 0x20][..]));
        // The UDP reader skips LAPD frames as before.
        let cap = parse(&f).unwrap();
        assert_eq!((cap.datagrams.len(), cap.skipped), (0, 1));
    }
}
