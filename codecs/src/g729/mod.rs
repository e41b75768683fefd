//! ITU-T G.729 Annex A (8 kbit/s CS-ACELP, reduced complexity) with the Annex B silence
//! compression scheme, bit-exact with the ITU reference.
//!
//! * [`G729Decoder`] decodes speech frames, Annex B SID frames and untransmitted (DTX) frames,
//!   and conceals erased frames (G.729 §4.4) and pitch-parity errors (§4.1.2).
//! * [`Frame`] is one frame's parameters in G.729 Table 8 order; it converts to and from the
//!   RFC 3551 payload ([`Frame::parse_payload`], [`Frame::emit`]) and the ITU serial test
//!   format ([`serial`]).
//! * The arithmetic is the ITU fixed-point basic-operation set with its saturation and
//!   rounding, so the output matches the reference program sample for sample.
//!
//! ```
//! use strowger_codecs::g729::{Frame, G729Decoder};
//!
//! let mut dec = G729Decoder::new();
//! let mut pcm = [0i16; 80];
//! // An RFC 3551 payload: one 10-byte speech frame.
//! let payload = [0x78, 0x52, 0x80, 0xa0, 0x00, 0xfa, 0xc2, 0x00, 0x07, 0xd6];
//! let (frame, used) = Frame::parse_payload(&payload).unwrap();
//! assert_eq!(used, 10);
//! dec.decode_frame(&frame, &mut pcm);
//! // A frame that never arrived.
//! dec.conceal_frame(&mut pcm);
//! ```

// The signal-processing loops keep the Recommendation's index notation (x[n - j], rr[i][j]),
// which reads against the equations better than iterator chains.
#![allow(clippy::needless_range_loop)]

mod acelp;
#[cfg(test)]
mod acelp_ref;
mod basic_op;
mod cng;
mod decoder;
mod dtx;
mod encoder;
mod filters;
mod gain;
mod lpc;
mod lsp;
mod pitch;
mod postfilter;
pub mod serial;
mod tables;
mod vad;

/// The hot loops' bodies, which `crate::kernels::g729` compiles once per instruction set.
pub(crate) mod bodies {
    #[cfg(all(test, target_arch = "x86_64", not(feature = "force-scalar")))]
    pub(crate) use super::acelp::better as acelp_better;
    pub(crate) use super::acelp::{acelp_code_a_body, ScalarSearch};
    #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
    pub(crate) use super::acelp::{candidates as acelp_candidates, Lag, SearchOps, NB_POS};
    pub(crate) use super::filters::{pred_lt_3_body, residu_body, syn_filt_body};
    pub(crate) use super::lpc::{autocorr_body, LspQuantizer, NP};
    pub(crate) use super::pitch::{pitch_fr3_fast_body, pitch_ol_fast_body};
    pub(crate) use super::postfilter::PostFilter;
    pub(crate) use super::L_FRAME;
    pub(crate) use super::{L_SUBFR, M, MP1};
}

use crate::codec::{CodecInfo, Decoder, Encoder};
use crate::Error;

pub(crate) const L_FRAME: usize = 80;
pub(crate) const L_SUBFR: usize = 40;
pub(crate) const M: usize = 10;
pub(crate) const MP1: usize = M + 1;
pub(crate) const PIT_MIN: usize = 20;
pub(crate) const PIT_MAX: usize = 143;
pub(crate) const L_INTERPOL: usize = 10 + 1;
pub(crate) const UP_SAMP: usize = 3;
pub(crate) const L_INTER10: usize = 10;
pub(crate) const MA_NP: usize = 4;
pub(crate) const NC: usize = M / 2;
pub(crate) const SHARPMAX: i16 = 13017;
pub(crate) const SHARPMIN: i16 = 3277;

/// Samples of 8 kHz PCM in one G.729 frame (10 ms).
pub const FRAME_SAMPLES: usize = L_FRAME;
/// Bytes of one speech frame in the RFC 3551 payload.
pub const SPEECH_FRAME_BYTES: usize = 10;
/// Bytes of one Annex B SID frame in the RFC 3551 payload.
pub const SID_FRAME_BYTES: usize = 2;

/// Bit widths of the 11 speech parameters, G.729 Table 8 order (the two gain indices GA and
/// GB travel as one 7-bit parameter, GA in the high 3 bits).
const SPEECH_BITS: [u8; 11] = [8, 10, 8, 1, 13, 4, 7, 5, 13, 4, 7];
/// Bit widths of the 4 SID parameters (G.729 Annex B Table B.2).
const SID_BITS: [u8; 4] = [1, 5, 4, 5];

/// The RTP naming and framing of G.729 (RFC 3551: `G729`, static payload type 18).
pub const INFO: CodecInfo = CodecInfo {
    encoding_name: "G729",
    payload_type: Some(18),
    clock_rate: 8000,
    samples_per_frame: L_FRAME,
    payload_bytes_per_frame: SPEECH_FRAME_BYTES,
    sample_based: false,
};

/// One G.729 frame's transmitted parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// An 80-bit speech frame: L0+L1 (8 bits), L2+L3 (10), P1 (8), P0 (1), C1 (13), S1 (4),
    /// GA1+GB1 (7), P2 (5), C2 (13), S2 (4), GA2+GB2 (7) — G.729 Table 8.
    Speech([i16; 11]),
    /// An Annex B silence insertion descriptor: LSF predictor switch (1 bit), first-stage
    /// index (5), second-stage index (4), energy index (5) — G.729 Annex B Table B.2.
    Sid([i16; 4]),
    /// No frame was sent (DTX): the decoder continues its comfort noise.
    NoData,
}

impl Frame {
    /// The frame with every parameter cut to its bit width (what the bitstream can carry).
    fn masked(&self) -> Frame {
        fn mask<const N: usize>(p: &[i16; N], widths: &[u8; N]) -> [i16; N] {
            core::array::from_fn(|i| p[i] & ((1i16 << widths[i]) - 1))
        }
        match self {
            Frame::Speech(p) => Frame::Speech(mask(p, &SPEECH_BITS)),
            Frame::Sid(p) => Frame::Sid(mask(p, &SID_BITS)),
            Frame::NoData => Frame::NoData,
        }
    }

    /// Number of bits this frame carries (80, 15 or 0).
    pub fn bit_len(&self) -> usize {
        match self {
            Frame::Speech(_) => 80,
            Frame::Sid(_) => 15,
            Frame::NoData => 0,
        }
    }

    /// Calls `f` with each transmitted bit, MSB first in parameter order.
    pub fn for_each_bit(&self, mut f: impl FnMut(bool)) {
        let mut emit = |vals: &[i16], widths: &[u8]| {
            for (&v, &w) in vals.iter().zip(widths) {
                for b in (0..w).rev() {
                    f((v >> b) & 1 != 0);
                }
            }
        };
        match self {
            Frame::Speech(p) => emit(p, &SPEECH_BITS),
            Frame::Sid(p) => emit(p, &SID_BITS),
            Frame::NoData => {}
        }
    }

    /// Builds a frame from its bits (MSB first, parameter order): 80 bits give a speech
    /// frame, 15 (or 16, the last a padding bit) a SID, 0 an untransmitted frame.
    pub fn from_bits(bits: impl IntoIterator<Item = bool>, count: usize) -> Option<Frame> {
        let mut it = bits.into_iter();
        let mut take = |widths: &[u8], out: &mut [i16]| {
            for (o, &w) in out.iter_mut().zip(widths) {
                let mut v = 0i16;
                for _ in 0..w {
                    v = (v << 1) | i16::from(it.next().unwrap_or(false));
                }
                *o = v;
            }
        };
        match count {
            80 => {
                let mut p = [0i16; 11];
                take(&SPEECH_BITS, &mut p);
                Some(Frame::Speech(p))
            }
            15 | 16 => {
                let mut p = [0i16; 4];
                take(&SID_BITS, &mut p);
                Some(Frame::Sid(p))
            }
            0 => Some(Frame::NoData),
            _ => None,
        }
    }

    /// Bytes this frame takes in the RFC 3551 payload (10, 2 or 0).
    pub fn payload_len(&self) -> usize {
        match self {
            Frame::Speech(_) => SPEECH_FRAME_BYTES,
            Frame::Sid(_) => SID_FRAME_BYTES,
            Frame::NoData => 0,
        }
    }

    /// Writes the RFC 3551 payload of this frame (bits packed MSB first; a SID's 16th bit is
    /// zero) and returns its length.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, Error> {
        let n = self.payload_len();
        if out.len() < n {
            return Err(Error::BufferTooSmall {
                required: n,
                available: out.len(),
            });
        }
        out[..n].fill(0);
        let mut k = 0usize;
        self.for_each_bit(|b| {
            if b {
                out[k / 8] |= 0x80 >> (k % 8);
            }
            k += 1;
        });
        Ok(n)
    }

    /// Parses the first frame of an RFC 3551 payload: 10 bytes or more give a speech frame,
    /// exactly 2 a SID (RFC 3551 §4.5.6: the SID can only be last). Returns the frame and the
    /// bytes it used, or `None` when the payload is empty or of an impossible length.
    pub fn parse_payload(payload: &[u8]) -> Option<(Frame, usize)> {
        let (count, used) = match payload.len() {
            0 => return None,
            SID_FRAME_BYTES => (15, SID_FRAME_BYTES),
            n if n >= SPEECH_FRAME_BYTES => (80, SPEECH_FRAME_BYTES),
            _ => return None,
        };
        let bits = (0..count).map(|k| payload[k / 8] & (0x80 >> (k % 8)) != 0);
        Frame::from_bits(bits, count).map(|f| (f, used))
    }
}

/// One step of the reference's 16-bit pseudo-random generator.
#[inline]
pub(crate) fn random(seed: &mut i16) -> i16 {
    use basic_op::{extract_l, l_add, l_mult, l_shr};
    *seed = extract_l(l_add(l_shr(l_mult(*seed, 31821), 1), 13849));
    *seed
}

/// Parity of the 6 most significant bits of the first pitch index (G.729 §3.7.2).
pub(crate) fn parity_pitch(pitch_index: i16) -> i16 {
    let mut temp = pitch_index >> 1;
    let mut sum: i16 = 1;
    for _ in 0..=5 {
        temp >>= 1;
        sum += temp & 1;
    }
    sum & 1
}

/// 1 when the received parity bit does not match the first pitch index.
pub(crate) fn check_parity_pitch(pitch_index: i16, parity: i16) -> i16 {
    (parity_pitch(pitch_index) + parity) & 1
}

/// G.729 Annex A decoder with Annex B comfort noise, one channel.
///
/// The state is a fixed-size value (see [`G729Decoder::STATE_BYTES`]); decoding never
/// allocates.
#[derive(Debug, Clone)]
pub struct G729Decoder {
    state: decoder::DecoderState,
}

impl Default for G729Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl G729Decoder {
    /// Size in bytes of one channel's decoder state.
    pub const STATE_BYTES: usize = core::mem::size_of::<decoder::DecoderState>();

    /// A decoder in the Recommendation's initial state.
    pub fn new() -> Self {
        G729Decoder {
            state: decoder::DecoderState::new(),
        }
    }

    /// Decodes one received frame (speech, SID or untransmitted) into 80 samples. Each
    /// parameter is read in its bit width only, as if it had come through the bitstream.
    pub fn decode_frame(&mut self, frame: &Frame, out: &mut [i16; FRAME_SAMPLES]) {
        self.state.decode(&frame.masked(), false, out);
    }

    /// Produces 80 samples for an erased frame (lost, or damaged as the channel reports).
    pub fn conceal_frame(&mut self, out: &mut [i16; FRAME_SAMPLES]) {
        self.state.decode(&Frame::NoData, true, out);
    }
}

impl Decoder for G729Decoder {
    fn info(&self) -> CodecInfo {
        INFO
    }

    /// Decodes an RFC 3551 payload: any number of 10-byte speech frames, optionally followed
    /// by one 2-byte SID. An empty payload stands for one untransmitted (DTX) frame.
    fn decode(&mut self, payload: &[u8], out: &mut [i16]) -> Result<usize, Error> {
        let speech = payload.len() / SPEECH_FRAME_BYTES;
        let rest = payload.len() % SPEECH_FRAME_BYTES;
        if rest != 0 && rest != SID_FRAME_BYTES {
            return Err(Error::PartialFrame {
                len: payload.len(),
                frame: SPEECH_FRAME_BYTES,
            });
        }
        let frames = (speech + usize::from(rest != 0)).max(1);
        let required = frames * FRAME_SAMPLES;
        if out.len() < required {
            return Err(Error::BufferTooSmall {
                required,
                available: out.len(),
            });
        }
        if payload.is_empty() {
            let o: &mut [i16; FRAME_SAMPLES] = (&mut out[..FRAME_SAMPLES]).try_into().unwrap();
            self.decode_frame(&Frame::NoData, o);
            return Ok(FRAME_SAMPLES);
        }
        let mut pos = 0;
        for chunk in out[..required].chunks_exact_mut(FRAME_SAMPLES) {
            let (frame, used) = Frame::parse_payload(&payload[pos..]).expect("length checked");
            pos += used;
            let o: &mut [i16; FRAME_SAMPLES] = chunk.try_into().unwrap();
            self.decode_frame(&frame, o);
        }
        Ok(required)
    }

    fn conceal(&mut self, out: &mut [i16]) -> Result<usize, Error> {
        if !out.len().is_multiple_of(FRAME_SAMPLES) {
            return Err(Error::PartialFrame {
                len: out.len(),
                frame: FRAME_SAMPLES,
            });
        }
        for chunk in out.chunks_exact_mut(FRAME_SAMPLES) {
            let o: &mut [i16; FRAME_SAMPLES] = chunk.try_into().unwrap();
            self.conceal_frame(o);
        }
        Ok(out.len())
    }

    fn reset(&mut self) {
        *self = Self::new();
    }
}

/// G.729 Annex A encoder, one channel, optionally with the Annex B VAD/DTX.
///
/// With VAD on, inactive frames become SID frames or are not transmitted at all
/// ([`Frame::NoData`], an empty payload). The state is a fixed-size value (see
/// [`G729Encoder::STATE_BYTES`]); encoding never allocates.
#[derive(Debug, Clone)]
pub struct G729Encoder {
    state: encoder::EncoderState,
}

impl Default for G729Encoder {
    fn default() -> Self {
        Self::new()
    }
}

impl G729Encoder {
    /// Size in bytes of one channel's encoder state.
    pub const STATE_BYTES: usize = core::mem::size_of::<encoder::EncoderState>();

    /// An Annex A encoder without VAD: every frame is a speech frame.
    pub fn new() -> Self {
        G729Encoder {
            state: encoder::EncoderState::new(false),
        }
    }

    /// An Annex A encoder with the Annex B VAD, DTX and comfort-noise parameters.
    pub fn with_vad() -> Self {
        G729Encoder {
            state: encoder::EncoderState::new(true),
        }
    }

    /// Whether the Annex B VAD/DTX is on.
    pub fn vad(&self) -> bool {
        self.state.vad_enabled()
    }

    /// Encodes one frame of 80 samples (10 ms at 8 kHz).
    pub fn encode_frame(&mut self, pcm: &[i16; FRAME_SAMPLES]) -> Frame {
        self.state.encode(pcm)
    }
}

impl Encoder for G729Encoder {
    fn info(&self) -> CodecInfo {
        INFO
    }

    /// Encodes whole frames into one RFC 3551 payload: 10 bytes per speech frame, 2 bytes per
    /// SID, nothing for an untransmitted frame. RFC 3551 allows a SID only as the last frame
    /// of a payload, so with VAD on encode one frame per call (or stop a packet at a SID).
    fn encode(&mut self, pcm: &[i16], out: &mut [u8]) -> Result<usize, Error> {
        if !pcm.len().is_multiple_of(FRAME_SAMPLES) {
            return Err(Error::PartialFrame {
                len: pcm.len(),
                frame: FRAME_SAMPLES,
            });
        }
        let required = pcm.len() / FRAME_SAMPLES * SPEECH_FRAME_BYTES;
        if out.len() < required {
            return Err(Error::BufferTooSmall {
                required,
                available: out.len(),
            });
        }
        let mut n = 0;
        for chunk in pcm.chunks_exact(FRAME_SAMPLES) {
            let frame = self.encode_frame(chunk.try_into().expect("chunk of one frame"));
            n += frame.emit(&mut out[n..])?;
        }
        Ok(n)
    }

    fn reset(&mut self) {
        let vad = self.vad();
        self.state = encoder::EncoderState::new(vad);
    }
}
