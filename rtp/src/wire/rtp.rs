//! RTP data packets: RFC 3550 §5.1 fixed header, CSRC list, padding, §5.3.1 header extension.

use core::fmt;
use core::ops::Deref;

use super::ext::Extension;
use super::{get_u16, get_u32, put_u16, put_u32};
use crate::error::{BufferTooSmall, ParseError};

/// Length of the fixed RTP header (RFC 3550 §5.1).
pub const HEADER_LEN: usize = 12;
/// The only RTP version this crate speaks.
pub const VERSION: u8 = 2;
/// At most 15 contributing sources (the CC field has four bits).
pub const MAX_CSRCS: usize = 15;

/// A checked view of an RTP packet over any byte buffer (RFC 3550 §5.1).
///
/// [`RtpPacket::new_checked`] verifies that every length the header announces (CSRC list,
/// extension, padding) fits the buffer, so the accessors never panic.
#[derive(Debug, Clone, Copy)]
pub struct RtpPacket<T: AsRef<[u8]>> {
    buf: T,
}

impl<T: AsRef<[u8]>> RtpPacket<T> {
    /// Wraps `buf` without any check. Accessors may panic on a short buffer; use
    /// [`Self::new_checked`] for input from the network.
    pub const fn new_unchecked(buf: T) -> Self {
        Self { buf }
    }

    /// Wraps `buf` after checking version 2 and that the CSRC list, extension and padding fit
    /// (the header checks of RFC 3550 A.1).
    pub fn new_checked(buf: T) -> Result<Self, ParseError> {
        let p = Self { buf };
        p.check()?;
        Ok(p)
    }

    fn check(&self) -> Result<(), ParseError> {
        let b = self.buf.as_ref();
        if b.len() < HEADER_LEN {
            return Err(ParseError::truncated(b.len(), HEADER_LEN - b.len()));
        }
        if b[0] >> 6 != VERSION {
            return Err(ParseError::unsupported(0, "RTP version"));
        }
        let mut hl = HEADER_LEN + 4 * usize::from(b[0] & 0x0f);
        if b.len() < hl {
            return Err(ParseError::truncated(b.len(), hl - b.len()));
        }
        if b[0] & 0x10 != 0 {
            if b.len() < hl + 4 {
                return Err(ParseError::truncated(b.len(), hl + 4 - b.len()));
            }
            let words = usize::from(get_u16(b, hl + 2));
            let end = hl + 4 + 4 * words;
            if b.len() < end {
                return Err(ParseError::truncated(b.len(), end - b.len()));
            }
            hl = end;
        }
        if b[0] & 0x20 != 0 {
            let count = usize::from(b[b.len() - 1]);
            if count == 0 {
                return Err(ParseError::invalid(b.len() - 1, "padding count 0"));
            }
            if count > b.len() - hl {
                return Err(ParseError::invalid(
                    b.len() - 1,
                    "padding count beyond payload",
                ));
            }
        }
        Ok(())
    }

    /// The buffer back.
    pub fn into_inner(self) -> T {
        self.buf
    }

    /// The version field (always 2 for a checked packet).
    pub fn version(&self) -> u8 {
        self.buf.as_ref()[0] >> 6
    }
    /// The P bit.
    pub fn has_padding(&self) -> bool {
        self.buf.as_ref()[0] & 0x20 != 0
    }
    /// The X bit.
    pub fn has_extension(&self) -> bool {
        self.buf.as_ref()[0] & 0x10 != 0
    }
    /// The CC field.
    pub fn csrc_count(&self) -> u8 {
        self.buf.as_ref()[0] & 0x0f
    }
    /// The M bit (for audio: first packet of a talkspurt, RFC 3551 §4.1).
    pub fn marker(&self) -> bool {
        self.buf.as_ref()[1] & 0x80 != 0
    }
    /// The PT field.
    pub fn payload_type(&self) -> u8 {
        self.buf.as_ref()[1] & 0x7f
    }
    /// The sequence number.
    pub fn sequence_number(&self) -> u16 {
        get_u16(self.buf.as_ref(), 2)
    }
    /// The RTP timestamp.
    pub fn timestamp(&self) -> u32 {
        get_u32(self.buf.as_ref(), 4)
    }
    /// The synchronisation source.
    pub fn ssrc(&self) -> u32 {
        get_u32(self.buf.as_ref(), 8)
    }
    /// The contributing sources.
    pub fn csrcs(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        let b = self.buf.as_ref();
        (0..usize::from(self.csrc_count())).map(move |i| get_u32(b, HEADER_LEN + 4 * i))
    }
    fn csrc_end(&self) -> usize {
        HEADER_LEN + 4 * usize::from(self.csrc_count())
    }
    /// The header extension (RFC 3550 §5.3.1), if the X bit is set.
    pub fn extension(&self) -> Option<Extension<'_>> {
        if !self.has_extension() {
            return None;
        }
        let b = self.buf.as_ref();
        let at = self.csrc_end();
        let words = usize::from(get_u16(b, at + 2));
        Some(Extension {
            profile: get_u16(b, at),
            data: &b[at + 4..at + 4 + 4 * words],
        })
    }
    /// Length of the header incl. CSRCs and extension: the payload's offset.
    pub fn header_len(&self) -> usize {
        let mut at = self.csrc_end();
        if self.has_extension() {
            at += 4 + 4 * usize::from(get_u16(self.buf.as_ref(), at + 2));
        }
        at
    }
    /// Number of padding bytes at the end (incl. the count byte), 0 without the P bit.
    pub fn padding_len(&self) -> usize {
        let b = self.buf.as_ref();
        if self.has_padding() {
            usize::from(b[b.len() - 1])
        } else {
            0
        }
    }
    /// The payload, without padding.
    pub fn payload(&self) -> &[u8] {
        let b = self.buf.as_ref();
        &b[self.header_len()..b.len() - self.padding_len()]
    }
    /// The whole packet.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.as_ref()
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> RtpPacket<T> {
    /// Sets the M bit in place.
    pub fn set_marker(&mut self, m: bool) {
        let b = self.buf.as_mut();
        b[1] = (b[1] & 0x7f) | (u8::from(m) << 7);
    }
    /// Sets the PT field in place (`pt` is masked to seven bits).
    pub fn set_payload_type(&mut self, pt: u8) {
        let b = self.buf.as_mut();
        b[1] = (b[1] & 0x80) | (pt & 0x7f);
    }
    /// Rewrites the sequence number in place (a relay renumbering a stream).
    pub fn set_sequence_number(&mut self, seq: u16) {
        put_u16(self.buf.as_mut(), 2, seq);
    }
    /// Rewrites the timestamp in place.
    pub fn set_timestamp(&mut self, ts: u32) {
        put_u32(self.buf.as_mut(), 4, ts);
    }
    /// Rewrites the SSRC in place.
    pub fn set_ssrc(&mut self, ssrc: u32) {
        put_u32(self.buf.as_mut(), 8, ssrc);
    }
    /// The payload, mutable.
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let (start, pad) = (self.header_len(), self.padding_len());
        let b = self.buf.as_mut();
        let end = b.len() - pad;
        &mut b[start..end]
    }
}

/// Up to 15 contributing sources, stored inline so that [`RtpRepr`] needs no allocation.
#[derive(Clone, Copy, Default)]
pub struct Csrcs {
    len: u8,
    ids: [u32; MAX_CSRCS],
}

impl Csrcs {
    /// An empty list.
    pub const fn new() -> Self {
        Self {
            len: 0,
            ids: [0; MAX_CSRCS],
        }
    }
    /// A list from a slice; `None` for more than 15 entries.
    pub fn from_slice(s: &[u32]) -> Option<Self> {
        if s.len() > MAX_CSRCS {
            return None;
        }
        let mut c = Self::new();
        c.ids[..s.len()].copy_from_slice(s);
        c.len = s.len() as u8;
        Some(c)
    }
    /// Appends one; `false` when the list is full.
    pub fn push(&mut self, id: u32) -> bool {
        if usize::from(self.len) == MAX_CSRCS {
            return false;
        }
        self.ids[usize::from(self.len)] = id;
        self.len += 1;
        true
    }
}

impl Deref for Csrcs {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        &self.ids[..usize::from(self.len)]
    }
}

impl PartialEq for Csrcs {
    fn eq(&self, o: &Self) -> bool {
        **self == **o
    }
}
impl Eq for Csrcs {}

impl fmt::Debug for Csrcs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// An RTP packet as plain values (RFC 3550 §5.1); borrows extension data and payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RtpRepr<'a> {
    /// The M bit.
    pub marker: bool,
    /// Payload type, 0..=127.
    pub payload_type: u8,
    /// Sequence number.
    pub sequence_number: u16,
    /// RTP timestamp.
    pub timestamp: u32,
    /// Synchronisation source.
    pub ssrc: u32,
    /// Contributing sources.
    pub csrcs: Csrcs,
    /// Header extension; its data length must be a multiple of four bytes.
    pub extension: Option<Extension<'a>>,
    /// Payload, without padding.
    pub payload: &'a [u8],
    /// Padding bytes appended (incl. the count byte); 0 for none. The P bit is set iff > 0.
    pub padding: u8,
}

impl<'a> RtpRepr<'a> {
    /// A packet with no CSRCs, extension or padding.
    pub const fn new(
        payload_type: u8,
        sequence_number: u16,
        timestamp: u32,
        ssrc: u32,
        payload: &'a [u8],
    ) -> Self {
        Self {
            marker: false,
            payload_type,
            sequence_number,
            timestamp,
            ssrc,
            csrcs: Csrcs::new(),
            extension: None,
            payload,
            padding: 0,
        }
    }

    /// Reads every field of a checked packet.
    #[inline]
    pub fn parse(view: &RtpPacket<&'a [u8]>) -> Result<Self, ParseError> {
        let b: &'a [u8] = view.buf;
        let cc = usize::from(b[0] & 0x0f);
        let mut csrcs = Csrcs::new();
        for (i, c) in b[HEADER_LEN..HEADER_LEN + 4 * cc]
            .chunks_exact(4)
            .enumerate()
        {
            csrcs.ids[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        csrcs.len = cc as u8;
        let mut at = HEADER_LEN + 4 * cc;
        let extension = if b[0] & 0x10 != 0 {
            let words = usize::from(get_u16(b, at + 2));
            let e = Extension {
                profile: get_u16(b, at),
                data: &b[at + 4..at + 4 + 4 * words],
            };
            at += 4 + 4 * words;
            Some(e)
        } else {
            None
        };
        let padding = if b[0] & 0x20 != 0 { b[b.len() - 1] } else { 0 };
        Ok(Self {
            marker: b[1] & 0x80 != 0,
            payload_type: b[1] & 0x7f,
            sequence_number: get_u16(b, 2),
            timestamp: get_u32(b, 4),
            ssrc: get_u32(b, 8),
            csrcs,
            extension,
            payload: &b[at..b.len() - usize::from(padding)],
            padding,
        })
    }

    /// Parses a packet from bytes: [`RtpPacket::new_checked`] then [`Self::parse`].
    #[inline]
    pub fn parse_bytes(b: &'a [u8]) -> Result<Self, ParseError> {
        Self::parse(&RtpPacket::new_checked(b)?)
    }

    /// Header length incl. CSRCs and extension.
    #[inline]
    pub fn header_len(&self) -> usize {
        HEADER_LEN + 4 * self.csrcs.len() + self.extension.map_or(0, |e| 4 + e.data.len())
    }

    /// Bytes [`Self::emit`] writes.
    #[inline]
    pub fn buffer_len(&self) -> usize {
        self.header_len() + self.payload.len() + usize::from(self.padding)
    }

    /// Writes the packet to the start of `out`; returns its length.
    ///
    /// An extension whose data is not a multiple of four bytes (or longer than 262,140 bytes)
    /// is written zero-padded up to the next word, which is what the wire can carry.
    #[inline]
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let ext_words = self.extension.map(|e| e.data.len().div_ceil(4).min(0xffff));
        let hl = HEADER_LEN + 4 * self.csrcs.len() + ext_words.map_or(0, |w| 4 + 4 * w);
        let len = hl + self.payload.len() + usize::from(self.padding);
        if out.len() < len {
            return Err(BufferTooSmall { required: len });
        }
        let out = &mut out[..len];
        let mut hdr = [0u8; HEADER_LEN];
        hdr[0] = (VERSION << 6)
            | (u8::from(self.padding > 0) << 5)
            | (u8::from(self.extension.is_some()) << 4)
            | self.csrcs.len() as u8;
        hdr[1] = (u8::from(self.marker) << 7) | (self.payload_type & 0x7f);
        hdr[2..4].copy_from_slice(&self.sequence_number.to_be_bytes());
        hdr[4..8].copy_from_slice(&self.timestamp.to_be_bytes());
        hdr[8..12].copy_from_slice(&self.ssrc.to_be_bytes());
        out[..HEADER_LEN].copy_from_slice(&hdr);
        let mut at = HEADER_LEN;
        for &c in self.csrcs.iter() {
            put_u32(out, at, c);
            at += 4;
        }
        if let (Some(e), Some(w)) = (self.extension, ext_words) {
            put_u16(out, at, e.profile);
            put_u16(out, at + 2, w as u16);
            let n = e.data.len().min(4 * w);
            out[at + 4..at + 4 + n].copy_from_slice(&e.data[..n]);
            out[at + 4 + n..at + 4 + 4 * w].fill(0);
            at += 4 + 4 * w;
        }
        out[at..at + self.payload.len()].copy_from_slice(self.payload);
        at += self.payload.len();
        if self.padding > 0 {
            let p = usize::from(self.padding);
            out[at..at + p - 1].fill(0);
            out[at + p - 1] = self.padding;
            at += p;
        }
        Ok(at)
    }
}

impl<'a> RtpPacket<&'a [u8]> {
    /// The extension, borrowing the underlying buffer rather than the view.
    pub fn extension_static(&self) -> Option<Extension<'a>> {
        if !self.has_extension() {
            return None;
        }
        let b: &'a [u8] = self.buf;
        let at = self.csrc_end();
        let words = usize::from(get_u16(b, at + 2));
        Some(Extension {
            profile: get_u16(b, at),
            data: &b[at + 4..at + 4 + 4 * words],
        })
    }
    /// The payload, borrowing the underlying buffer rather than the view.
    pub fn payload_static(&self) -> &'a [u8] {
        let b: &'a [u8] = self.buf;
        &b[self.header_len()..b.len() - self.padding_len()]
    }
}

/// Extends 16-bit sequence numbers to a monotonic 64-bit count across wrap-around
/// (RFC 3550 §A.1 `cycles`): each number is placed in the 65,536-wide window centred on the
/// highest extended number seen so far, so reordered and late packets land before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SequenceExtender {
    highest: Option<u64>,
}

impl SequenceExtender {
    /// Nothing seen yet.
    pub const fn new() -> Self {
        Self { highest: None }
    }
    /// The highest extended number seen, if any.
    pub const fn highest(&self) -> Option<u64> {
        self.highest
    }
    /// Extends `seq` and updates the highest number seen. The first number is extended to
    /// `65536 + seq` so that packets reordered before it still have a non-negative count.
    #[inline]
    pub fn extend(&mut self, seq: u16) -> u64 {
        let ext = match self.highest {
            None => (1 << 16) | u64::from(seq),
            Some(h) => {
                let cand = (h & !0xffff) | u64::from(seq);
                let diff = cand as i64 - h as i64;
                if diff > 0x8000 {
                    cand.saturating_sub(1 << 16)
                } else if diff < -0x8000 {
                    cand + (1 << 16)
                } else {
                    cand
                }
            }
        };
        if self.highest.is_none_or(|h| ext > h) {
            self.highest = Some(ext);
        }
        ext
    }
}

/// Extends 32-bit RTP timestamps to 64 bits across wrap-around, like [`SequenceExtender`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimestampExtender {
    highest: Option<u64>,
}

impl TimestampExtender {
    /// Nothing seen yet.
    pub const fn new() -> Self {
        Self { highest: None }
    }
    /// Extends `ts`; the first one maps to `2^32 + ts`.
    #[inline]
    pub fn extend(&mut self, ts: u32) -> u64 {
        let ext = match self.highest {
            None => (1 << 32) | u64::from(ts),
            Some(h) => {
                let cand = (h & !0xffff_ffff) | u64::from(ts);
                let diff = cand as i128 - h as i128;
                if diff > 0x8000_0000 {
                    cand.saturating_sub(1 << 32)
                } else if diff < -0x8000_0000 {
                    cand + (1 << 32)
                } else {
                    cand
                }
            }
        };
        if self.highest.is_none_or(|h| ext > h) {
            self.highest = Some(ext);
        }
        ext
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    // An RTP packet FFmpeg sent (PCMU, marker on the first packet), header plus 4 payload bytes.
    const FFMPEG_FIRST: [u8; 16] = [
        0x80, 0x80, 0x5d, 0x2a, 0x6b, 0x8b, 0x45, 0x67, 0x1a, 0x2b, 0x3c, 0x4d, 0xff, 0xfe, 0x7f,
        0x7e,
    ];

    #[test]
    fn parse_and_reemit_byte_exact() {
        let r = RtpRepr::parse_bytes(&FFMPEG_FIRST).unwrap();
        assert!(r.marker);
        assert_eq!(r.payload_type, 0);
        assert_eq!(r.sequence_number, 0x5d2a);
        assert_eq!(r.timestamp, 0x6b8b4567);
        assert_eq!(r.ssrc, 0x1a2b3c4d);
        assert_eq!(r.payload, &FFMPEG_FIRST[12..]);
        let mut out = [0u8; 32];
        let n = r.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &FFMPEG_FIRST);
    }

    #[test]
    fn csrcs_extension_padding() {
        // V=2 P=1 X=1 CC=2, PT 8, extension 0xBEDE one word, payload 2 bytes, padding 2.
        let pkt = [
            0xb2, 0x08, 0x00, 0x01, 0, 0, 0, 160, 0, 0, 0, 7, //
            0, 0, 0, 1, 0, 0, 0, 2, //
            0xbe, 0xde, 0x00, 0x01, 0x10, 0xab, 0x00, 0x00, //
            0xd5, 0xd5, 0x00, 0x02,
        ];
        let v = RtpPacket::new_checked(&pkt[..]).unwrap();
        assert_eq!(v.csrcs().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(v.header_len(), 28);
        assert_eq!(v.payload(), &[0xd5, 0xd5]);
        assert_eq!(v.padding_len(), 2);
        let r = RtpRepr::parse_bytes(&pkt).unwrap();
        let e = r.extension.unwrap();
        assert_eq!(e.profile, 0xbede);
        let els: Vec<_> = e.elements().unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(els.len(), 1);
        assert_eq!((els[0].id, els[0].data), (1, &[0xab][..]));
        let mut out = [0u8; 64];
        let n = r.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &pkt);
    }

    #[test]
    fn rejects_bad_headers() {
        assert_eq!(
            RtpPacket::new_checked(&[0x80u8; 11][..]).unwrap_err().kind,
            crate::ErrorKind::Truncated { needed: 1 }
        );
        let mut v1 = FFMPEG_FIRST;
        v1[0] = 0x40;
        assert!(matches!(
            RtpPacket::new_checked(&v1[..]).unwrap_err().kind,
            crate::ErrorKind::Unsupported(_)
        ));
        let mut cc = FFMPEG_FIRST;
        cc[0] = 0x82; // two CSRCs need 20 bytes
        assert_eq!(
            RtpPacket::new_checked(&cc[..]).unwrap_err(),
            ParseError::truncated(16, 4)
        );
        let mut pad = FFMPEG_FIRST;
        pad[0] = 0xa0;
        pad[15] = 5; // more padding than payload
        assert_eq!(RtpPacket::new_checked(&pad[..]).unwrap_err().offset, 15);
        pad[15] = 0;
        assert_eq!(
            RtpPacket::new_checked(&pad[..]).unwrap_err(),
            ParseError::invalid(15, "padding count 0")
        );
    }

    #[test]
    fn setters_in_place() {
        let mut b = FFMPEG_FIRST;
        let mut p = RtpPacket::new_checked(&mut b[..]).unwrap();
        p.set_marker(false);
        p.set_payload_type(101);
        p.set_sequence_number(7);
        p.set_timestamp(8);
        p.set_ssrc(9);
        p.payload_mut()[0] = 1;
        let r = RtpRepr::parse_bytes(&b).unwrap();
        assert_eq!(
            (
                r.marker,
                r.payload_type,
                r.sequence_number,
                r.timestamp,
                r.ssrc
            ),
            (false, 101, 7, 8, 9)
        );
        assert_eq!(r.payload[0], 1);
    }

    #[test]
    fn sequence_extension_across_wrap_and_reorder() {
        let mut x = SequenceExtender::new();
        assert_eq!(x.extend(65534), 65536 + 65534);
        assert_eq!(x.extend(65535), 65536 + 65535);
        assert_eq!(x.extend(1), 2 * 65536 + 1);
        assert_eq!(x.extend(0), 2 * 65536); // reordered, after the wrap
        assert_eq!(x.extend(65535), 65536 + 65535); // late, before the wrap
        assert_eq!(x.highest(), Some(2 * 65536 + 1));
        let mut t = TimestampExtender::new();
        assert_eq!(
            t.extend(u32::MAX - 159),
            (1 << 32) + u64::from(u32::MAX - 159)
        );
        assert_eq!(t.extend(0), 2 << 32);
    }
}
