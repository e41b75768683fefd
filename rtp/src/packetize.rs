//! Packetizer and depacketizer for the frame-based telephony payloads (RFC 3551 §4.5):
//! G.711 (PCMU/PCMA, sample based, cut into 10 ms frames), G.729 (10-byte 10 ms frames, an
//! optional 2-byte Annex B SID frame last) and G.723.1 (30 ms frames of 24, 20 or 4 bytes
//! told apart by the two low bits of their first byte).
//!
//! The RTP layer never runs a codec: these helpers only cut and join bytes.

use alloc::vec::Vec;

use crate::error::{Error, ParseError};

/// How a payload divides into frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameLayout {
    /// G.711: one byte per sample, handled as 10 ms (80-byte) frames.
    G711,
    /// G.729 / G.729A: 10-byte 10 ms frames, optionally ending in a 2-byte SID (Annex B).
    G729,
    /// G.723.1: 30 ms frames, 24 (6.3 kbit/s), 20 (5.3 kbit/s) or 4 (SID) bytes.
    G7231,
}

impl FrameLayout {
    /// Timestamp units (8 kHz) per frame.
    pub const fn frame_duration(self) -> u32 {
        match self {
            FrameLayout::G711 | FrameLayout::G729 => 80,
            FrameLayout::G7231 => 240,
        }
    }
    /// Milliseconds per frame.
    pub const fn frame_ms(self) -> u32 {
        self.frame_duration() / 8
    }
    /// Whether `ptime_ms` (10..=60) is a whole number of frames.
    pub const fn ptime_ok(self, ptime_ms: u32) -> bool {
        ptime_ms >= 10 && ptime_ms <= 60 && ptime_ms.is_multiple_of(self.frame_ms())
    }
}

/// One frame cut out of a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// Offset of the frame's timestamp from the packet's, in timestamp units.
    pub ts_offset: u32,
    /// The bytes.
    pub data: &'a [u8],
    /// A comfort-noise (SID) frame.
    pub sid: bool,
}

/// Cuts an RTP payload into frames. Offsets in errors count from the payload's start.
pub fn depacketize(layout: FrameLayout, payload: &[u8]) -> Result<Vec<Frame<'_>>, ParseError> {
    let mut v = Vec::new();
    let fd = layout.frame_duration();
    match layout {
        FrameLayout::G711 => {
            for (i, c) in payload.chunks(80).enumerate() {
                v.push(Frame {
                    ts_offset: fd * i as u32,
                    data: c,
                    sid: false,
                });
            }
        }
        FrameLayout::G729 => {
            let full = payload.len() / 10;
            let rest = payload.len() % 10;
            if rest != 0 && rest != 2 {
                return Err(ParseError::invalid(10 * full, "G.729 payload length"));
            }
            for i in 0..full {
                v.push(Frame {
                    ts_offset: fd * i as u32,
                    data: &payload[10 * i..10 * i + 10],
                    sid: false,
                });
            }
            if rest == 2 {
                v.push(Frame {
                    ts_offset: fd * full as u32,
                    data: &payload[10 * full..],
                    sid: true,
                });
            }
        }
        FrameLayout::G7231 => {
            let mut at = 0;
            let mut i = 0u32;
            while at < payload.len() {
                let (len, sid) = match payload[at] & 3 {
                    0 => (24, false),
                    1 => (20, false),
                    2 => (4, true),
                    _ => {
                        return Err(ParseError::unsupported(
                            at,
                            "G.723.1 untransmitted-frame code",
                        ))
                    }
                };
                if at + len > payload.len() {
                    return Err(ParseError::truncated(
                        payload.len(),
                        at + len - payload.len(),
                    ));
                }
                v.push(Frame {
                    ts_offset: fd * i,
                    data: &payload[at..at + len],
                    sid,
                });
                at += len;
                i += 1;
            }
        }
    }
    Ok(v)
}

/// Collects encoded frames into payloads of one packet time each.
#[derive(Debug, Clone)]
pub struct Packetizer {
    layout: FrameLayout,
    frames_per_packet: u32,
    timestamp: u32,
    pending: Vec<u8>,
    pending_frames: u32,
    start_ts: u32,
}

impl Packetizer {
    /// A packetizer for `ptime_ms` packets (10..=60 ms, a multiple of the frame duration)
    /// whose first packet gets RTP timestamp `first_timestamp`.
    pub fn new(layout: FrameLayout, ptime_ms: u32, first_timestamp: u32) -> Result<Self, Error> {
        if !layout.ptime_ok(ptime_ms) {
            return Err(Error::Unrepresentable(
                "ptime must be 10..=60 ms and a whole number of frames",
            ));
        }
        Ok(Self {
            layout,
            frames_per_packet: ptime_ms / layout.frame_ms(),
            timestamp: first_timestamp,
            pending: Vec::new(),
            pending_frames: 0,
            start_ts: first_timestamp,
        })
    }

    /// Adds one frame (G.711: 80 bytes). A SID frame closes the packet early (G.729 Annex B:
    /// it must be last). Returns `(timestamp, payload)` when a packet is complete.
    pub fn push_frame(&mut self, frame: &[u8], sid: bool) -> Option<(u32, Vec<u8>)> {
        if self.pending_frames == 0 {
            self.start_ts = self.timestamp;
        }
        self.pending.extend_from_slice(frame);
        self.pending_frames += 1;
        self.timestamp = self.timestamp.wrapping_add(self.layout.frame_duration());
        if self.pending_frames == self.frames_per_packet || sid {
            return self.flush();
        }
        None
    }

    /// Skips one frame time without data (DTX): the next packet's timestamp moves on.
    pub fn skip_frame(&mut self) -> Option<(u32, Vec<u8>)> {
        let out = self.flush();
        self.timestamp = self.timestamp.wrapping_add(self.layout.frame_duration());
        out
    }

    /// The partial packet, if any.
    pub fn flush(&mut self) -> Option<(u32, Vec<u8>)> {
        if self.pending_frames == 0 {
            return None;
        }
        self.pending_frames = 0;
        Some((self.start_ts, core::mem::take(&mut self.pending)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn g711_ptimes() {
        for ptime in [10, 20, 30, 40, 50, 60] {
            let mut p = Packetizer::new(FrameLayout::G711, ptime, 1000).unwrap();
            let mut out = Vec::new();
            for i in 0..12u8 {
                if let Some(x) = p.push_frame(&[i; 80], false) {
                    out.push(x);
                }
            }
            assert_eq!(out.len(), 120 / ptime as usize);
            assert_eq!(out[1].0, 1000 + 8 * ptime);
            assert_eq!(out[0].1.len(), 8 * ptime as usize);
            let frames = depacketize(FrameLayout::G711, &out[0].1).unwrap();
            assert_eq!(frames.len(), ptime as usize / 10);
            assert_eq!(frames.last().unwrap().ts_offset, 80 * (ptime / 10 - 1));
        }
        assert!(Packetizer::new(FrameLayout::G711, 70, 0).is_err());
        assert!(Packetizer::new(FrameLayout::G7231, 20, 0).is_err());
    }

    #[test]
    fn g729_with_sid_and_g7231_mixed() {
        let mut p = Packetizer::new(FrameLayout::G729, 40, 0).unwrap();
        assert!(p.push_frame(&[1; 10], false).is_none());
        let (ts, payload) = p.push_frame(&[2; 2], true).unwrap();
        assert_eq!((ts, payload.len()), (0, 12));
        let f = depacketize(FrameLayout::G729, &payload).unwrap();
        assert_eq!(
            f[1],
            Frame {
                ts_offset: 80,
                data: &[2, 2],
                sid: true
            }
        );
        assert!(depacketize(FrameLayout::G729, &[0; 13]).is_err());

        let mut g = vec![0u8; 24];
        g.extend_from_slice(&[1; 20]);
        g.extend_from_slice(&[2, 0, 0, 0]);
        let f = depacketize(FrameLayout::G7231, &g).unwrap();
        assert_eq!(
            f.iter()
                .map(|f| (f.ts_offset, f.data.len(), f.sid))
                .collect::<Vec<_>>(),
            [(0, 24, false), (240, 20, false), (480, 4, true)]
        );
        assert_eq!(
            depacketize(FrameLayout::G7231, &g[..30]).unwrap_err(),
            ParseError::truncated(30, 14)
        );
        let mut p = Packetizer::new(FrameLayout::G7231, 60, 0).unwrap();
        assert!(p.push_frame(&g[..24], false).is_none());
        assert!(p.skip_frame().is_some());
        assert!(p.push_frame(&g[..24], false).is_none());
        assert_eq!(p.flush().unwrap().0, 480);
    }
}
