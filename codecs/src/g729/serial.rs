//! The ITU-T serial bitstream of the G.729 test vectors (`.BIT` files).
//!
//! Per frame, as 16-bit little-endian words: the sync word `0x6B21`, a bit count N, then N
//! words of `0x007F` (bit 0) or `0x0081` (bit 1). N = 80 is a speech frame, N = 16 an Annex B
//! SID (15 bits and one zero pad, the reference's octet mode), N = 0 an untransmitted frame.
//! A frame is erased when one of its bit words is 0, or, for N = 0, when the sync word is not
//! `0x6B21`.

use super::Frame;

/// The sync word that starts every frame.
pub const SYNC_WORD: u16 = 0x6B21;
/// The word that carries a 0 bit.
pub const BIT_0: u16 = 0x007F;
/// The word that carries a 1 bit.
pub const BIT_1: u16 = 0x0081;

/// One frame read from a serial bitstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerialFrame {
    /// The parameters as received (damaged bits read as 0).
    pub frame: Frame,
    /// The channel marked the frame as erased.
    pub erased: bool,
}

fn word(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[2 * i], b[2 * i + 1]])
}

/// Reads the frame at the start of `bytes`; returns it with the number of bytes it took, or
/// `None` at the end of the stream (or on a truncated last frame, as the reference does).
pub fn read_frame(bytes: &[u8]) -> Option<(SerialFrame, usize)> {
    if bytes.len() < 4 {
        return None;
    }
    let sync = word(bytes, 0);
    let n = word(bytes, 1) as usize;
    let total = 4 + 2 * n;
    if bytes.len() < total {
        return None;
    }
    let body = &bytes[4..total];
    let erased = if n != 0 {
        (0..n).any(|i| word(body, i) == 0)
    } else {
        sync != SYNC_WORD
    };
    let bits = (0..n).map(|i| word(body, i) == BIT_1);
    let frame = match n {
        80 => Frame::from_bits(bits, 80),
        16 => Frame::from_bits(bits, 16),
        _ => None,
    }
    .unwrap_or(Frame::NoData);
    Some((SerialFrame { frame, erased }, total))
}

/// An iterator over the frames of a serial bitstream.
pub fn frames(bytes: &[u8]) -> impl Iterator<Item = SerialFrame> + '_ {
    let mut pos = 0;
    core::iter::from_fn(move || {
        let (f, used) = read_frame(&bytes[pos..])?;
        pos += used;
        Some(f)
    })
}

/// Bytes [`write_frame`] produces for `frame`.
pub fn frame_bytes(frame: &Frame) -> usize {
    4 + 2 * match frame {
        Frame::Speech(_) => 80,
        Frame::Sid(_) => 16,
        Frame::NoData => 0,
    }
}

/// Appends `frame` in the serial format, as the reference encoder writes it.
pub fn write_frame(frame: &Frame, out: &mut Vec<u8>) {
    let n: u16 = match frame {
        Frame::Speech(_) => 80,
        Frame::Sid(_) => 16,
        Frame::NoData => 0,
    };
    out.extend_from_slice(&SYNC_WORD.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    frame.for_each_bit(|b| out.extend_from_slice(&(if b { BIT_1 } else { BIT_0 }).to_le_bytes()));
    if let Frame::Sid(_) = frame {
        out.extend_from_slice(&BIT_0.to_le_bytes());
    }
}
