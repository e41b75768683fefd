//! Trace writers so every tool and test can hand LAPD frames to Wireshark/tshark.
//!
//! * [`LapdPcapng`]: pcapng with `LINKTYPE_LAPD` (203): the raw frame (address, control,
//!   information; no flags, no FCS), the direction in each packet's `epb_flags`, which is how
//!   Wireshark tells network→user from user→network and so commands from responses.
//! * [`LinuxLapdPcap`]: classic pcap with `LINKTYPE_LINUX_LAPD` (177), each frame behind the
//!   16-octet pseudo-header that DAHDI captures use (packet type, hardware type, address
//!   length, address whose first octet says "we are the network side", protocol `ETH_P_LAPD`).
//!
//! Both build the file in memory; write [`LapdPcapng::bytes`] out with whatever I/O you have.

use alloc::vec::Vec;

/// `LINKTYPE_LAPD`: raw LAPD frames.
pub const LINKTYPE_LAPD: u16 = 203;
/// `LINKTYPE_LINUX_LAPD`: LAPD frames behind a 16-octet Linux pseudo-header.
pub const LINKTYPE_LINUX_LAPD: u16 = 177;

/// Which way a frame went, seen from the entity writing the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Received by the local entity.
    Inbound,
    /// Sent by the local entity.
    Outbound,
}

fn pad4(v: &mut Vec<u8>) {
    while !v.len().is_multiple_of(4) {
        v.push(0);
    }
}

/// A pcapng file with one `LINKTYPE_LAPD` interface.
#[derive(Debug, Clone)]
pub struct LapdPcapng {
    buf: Vec<u8>,
    we_network: bool,
}

impl LapdPcapng {
    /// A file whose local entity is the network side (`we_network`) or the user side.
    ///
    /// Wireshark's LAPD dissector derives command/response from the direction in the
    /// network→user / user→network sense; frames are stored with that direction.
    pub fn new(we_network: bool) -> Self {
        let mut buf = Vec::with_capacity(4096);
        // Section header block.
        buf.extend_from_slice(&0x0a0d_0d0au32.to_le_bytes());
        buf.extend_from_slice(&28u32.to_le_bytes());
        buf.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes());
        buf.extend_from_slice(&1u16.to_le_bytes());
        buf.extend_from_slice(&0u16.to_le_bytes());
        buf.extend_from_slice(&u64::MAX.to_le_bytes()); // section length unknown
        buf.extend_from_slice(&28u32.to_le_bytes());
        // Interface description block: link type, snap length, no options (microseconds).
        buf.extend_from_slice(&1u32.to_le_bytes());
        buf.extend_from_slice(&20u32.to_le_bytes());
        buf.extend_from_slice(&LINKTYPE_LAPD.to_le_bytes());
        buf.extend_from_slice(&0u16.to_le_bytes());
        buf.extend_from_slice(&65535u32.to_le_bytes());
        buf.extend_from_slice(&20u32.to_le_bytes());
        LapdPcapng { buf, we_network }
    }

    /// Appends one frame seen at `timestamp_us` (microseconds since the Unix epoch, or any
    /// origin) going `dir`.
    pub fn push(&mut self, timestamp_us: u64, dir: Direction, frame: &[u8]) {
        let padded = (frame.len() + 3) & !3;
        // header 28 + data + flags option (4 + 4) + end of options (4) + trailing length 4
        let total = 28 + padded + 12 + 4;
        let b = &mut self.buf;
        b.extend_from_slice(&6u32.to_le_bytes());
        b.extend_from_slice(&(total as u32).to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes()); // interface 0
        b.extend_from_slice(&((timestamp_us >> 32) as u32).to_le_bytes());
        b.extend_from_slice(&(timestamp_us as u32).to_le_bytes());
        b.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        b.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        b.extend_from_slice(frame);
        pad4(b);
        // Wireshark maps "inbound" to network→user for LAPD: translate from our view.
        let network_to_user = match dir {
            Direction::Inbound => !self.we_network,
            Direction::Outbound => self.we_network,
        };
        let flags: u32 = if network_to_user { 1 } else { 2 };
        b.extend_from_slice(&2u16.to_le_bytes()); // epb_flags
        b.extend_from_slice(&4u16.to_le_bytes());
        b.extend_from_slice(&flags.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes()); // opt_endofopt
        b.extend_from_slice(&(total as u32).to_le_bytes());
    }

    /// The file so far.
    pub fn bytes(&self) -> &[u8] {
        &self.buf
    }
}

/// A classic pcap file with `LINKTYPE_LINUX_LAPD`.
#[derive(Debug, Clone)]
pub struct LinuxLapdPcap {
    buf: Vec<u8>,
    we_network: bool,
}

impl LinuxLapdPcap {
    /// Octets of the pseudo-header before every frame.
    pub const PSEUDO_HEADER_LEN: usize = 16;

    /// A file whose local entity is the network side (`we_network`) or the user side.
    pub fn new(we_network: bool) -> Self {
        let mut buf = Vec::with_capacity(4096);
        buf.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        buf.extend_from_slice(&2u16.to_le_bytes());
        buf.extend_from_slice(&4u16.to_le_bytes());
        buf.extend_from_slice(&0i32.to_le_bytes());
        buf.extend_from_slice(&0u32.to_le_bytes());
        buf.extend_from_slice(&65535u32.to_le_bytes());
        buf.extend_from_slice(&u32::from(LINKTYPE_LINUX_LAPD).to_le_bytes());
        LinuxLapdPcap { buf, we_network }
    }

    /// Appends one frame seen at `timestamp_us` going `dir`.
    pub fn push(&mut self, timestamp_us: u64, dir: Direction, frame: &[u8]) {
        let len = (Self::PSEUDO_HEADER_LEN + frame.len()) as u32;
        let b = &mut self.buf;
        b.extend_from_slice(&((timestamp_us / 1_000_000) as u32).to_le_bytes());
        b.extend_from_slice(&((timestamp_us % 1_000_000) as u32).to_le_bytes());
        b.extend_from_slice(&len.to_le_bytes());
        b.extend_from_slice(&len.to_le_bytes());
        // Pseudo-header, big-endian like Linux "cooked" captures.
        let pkttype: u16 = match dir {
            Direction::Inbound => 0,  // PACKET_HOST
            Direction::Outbound => 4, // PACKET_OUTGOING
        };
        b.extend_from_slice(&pkttype.to_be_bytes());
        b.extend_from_slice(&8445u16.to_be_bytes()); // ARPHRD_LAPD
        b.extend_from_slice(&1u16.to_be_bytes()); // address length
        let mut addr = [0u8; 8];
        addr[0] = u8::from(self.we_network);
        b.extend_from_slice(&addr);
        b.extend_from_slice(&0x0030u16.to_be_bytes()); // ETH_P_LAPD
        b.extend_from_slice(frame);
    }

    /// The file so far.
    pub fn bytes(&self) -> &[u8] {
        &self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_lapd_record_layout() {
        let mut p = LinuxLapdPcap::new(true);
        p.push(1_500_000, Direction::Outbound, &[0x02, 0x01, 0x7f]);
        let b = p.bytes();
        assert_eq!(&b[..4], &0xa1b2_c3d4u32.to_le_bytes());
        assert_eq!(&b[20..24], &177u32.to_le_bytes());
        let rec = &b[24..];
        assert_eq!(&rec[..8], &[1, 0, 0, 0, 0x20, 0xa1, 0x07, 0]); // 1 s + 500,000 µs
        assert_eq!(&rec[8..12], &19u32.to_le_bytes());
        let ph = &rec[16..32];
        assert_eq!(&ph[..2], &[0, 4], "PACKET_OUTGOING");
        assert_eq!(ph[6], 1, "we are the network side");
        assert_eq!(&ph[14..16], &[0x00, 0x30], "ETH_P_LAPD");
        assert_eq!(&rec[32..], &[0x02, 0x01, 0x7f]);
    }

    #[test]
    fn pcapng_blocks_are_aligned_and_sized() {
        let mut p = LapdPcapng::new(false);
        p.push(0, Direction::Inbound, &[0x02, 0x01, 0x7f]);
        let b = p.bytes();
        assert_eq!(b.len() % 4, 0);
        // SHB (28) + IDB (20) + EPB: its length is repeated at both ends.
        let epb = &b[48..];
        let len = u32::from_le_bytes(epb[4..8].try_into().unwrap()) as usize;
        assert_eq!(len, epb.len());
        assert_eq!(&epb[len - 4..], &epb[4..8]);
        assert_eq!(&b[36..38], &203u16.to_le_bytes());
    }
}
