//! ITU-T G.711 µ-law and A-law (PCMU / PCMA), bit-exact with the G.191 reference.
//!
//! * Sample functions ([`ulaw_encode_sample`] …) are the specification: `const fn`s that follow
//!   the G.191 Software Tool Library's arithmetic, including its one's-complement treatment of
//!   negative inputs (`-1` lies in the first negative interval, not on zero).
//! * Slice functions ([`encode`], [`decode`], [`transcode`]) never allocate and run the fastest
//!   kernel this CPU has (AVX-512BW, AVX2, SSE4.1, NEON, or scalar), chosen once per process.
//!   Set `STROWGER_FORCE_SCALAR=1` (or build with the `force-scalar` feature) to run the scalar
//!   kernel; [`encode_with`] / [`decode_with`] pick a kernel explicitly.
//! * [`ulaw_to_alaw`] / [`alaw_to_ulaw`] convert directly with G.711 Tables 3 and 4, without
//!   going through linear PCM.
//! * [`G711Encoder`] / [`G711Decoder`] implement the crate's [`Encoder`] / [`Decoder`] traits;
//!   the decoder can run G.711 Appendix I packet-loss concealment ([`Plc`]).
//!
//! ```
//! use strowger_codecs::g711::{self, Law};
//!
//! let pcm = [0i16, 1000, -1000, 32767, -32768];
//! let mut code = [0u8; 5];
//! g711::encode(Law::Mu, &pcm, &mut code)?;
//! assert_eq!(code, [0xFF, 0xCE, 0x4E, 0x80, 0x00]);
//!
//! let mut back = [0i16; 5];
//! g711::decode(Law::Mu, &code, &mut back)?;
//! assert_eq!(back, [0, 988, -988, 32124, -32124]);
//! # Ok::<(), strowger_codecs::Error>(())
//! ```

mod plc;
mod tables;

pub use plc::Plc;

use crate::codec::{CodecInfo, Decoder, Encoder};
use crate::kernels::{self, Kernel, KernelSet};
use crate::Error;

/// The two G.711 companding laws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Law {
    /// µ-law (North America, Japan): RTP `PCMU`, static payload type 0.
    Mu,
    /// A-law (Europe and most of the world): RTP `PCMA`, static payload type 8.
    A,
}

impl Law {
    /// RTP naming and framing of this law (10 ms frames by convention; G.711 is sample-based).
    pub const fn info(self) -> CodecInfo {
        CodecInfo {
            encoding_name: match self {
                Law::Mu => "PCMU",
                Law::A => "PCMA",
            },
            payload_type: Some(match self {
                Law::Mu => 0,
                Law::A => 8,
            }),
            clock_rate: 8000,
            samples_per_frame: FRAME_SAMPLES,
            payload_bytes_per_frame: FRAME_SAMPLES,
            sample_based: true,
        }
    }

    /// The code a G.711 channel idles at: the code of linear zero (`0xFF` µ-law, `0xD5` A-law).
    pub const fn silence(self) -> u8 {
        match self {
            Law::Mu => 0xFF,
            Law::A => 0xD5,
        }
    }
}

/// Samples in the 10 ms frame used for framing and for Appendix I concealment.
pub const FRAME_SAMPLES: usize = 80;

/// Bit length of a value below 128 (0 for 0).
const fn bit_length7(v: u16) -> u16 {
    16 - v.leading_zeros() as u16
}

/// µ-law encoding of one sample, as G.711 / G.191 `ulaw_compress` (14 most significant bits used).
///
/// Negative inputs use the one's complement (`!x`), so the decision thresholds are symmetric
/// around -½: `-1` encodes like `0` with the sign bit cleared.
#[inline]
pub const fn ulaw_encode_sample(x: i16) -> u8 {
    let magnitude = (x ^ (x >> 15)) as u16; // one's complement of negatives: 0..=32767
    let mut biased = (magnitude >> 2) + 33; // 14-bit, plus the µ-law bias
    if biased > 0x1FFF {
        biased = 0x1FFF;
    }
    let segment = bit_length7(biased >> 6); // 0..=7
    let mantissa = (biased >> (segment + 1)) & 0x0F;
    let value = ((segment << 4) | mantissa) as u8;
    value ^ if x >= 0 { 0xFF } else { 0x7F }
}

/// A-law encoding of one sample, as G.711 / G.191 `alaw_compress` (13 most significant bits used).
#[inline]
pub const fn alaw_encode_sample(x: i16) -> u8 {
    let magnitude = (x ^ (x >> 15)) as u16; // one's complement of negatives: 0..=32767
    let ix = magnitude >> 4; // 0..=2047
    let segment = bit_length7(ix >> 4); // 0..=7
    let shift = if segment == 0 { 0 } else { segment - 1 };
    let mantissa = (ix >> shift) & 0x0F;
    let value = ((segment << 4) | mantissa) as u8;
    value ^ if x >= 0 { 0xD5 } else { 0x55 }
}

/// µ-law decoding of one code, as G.191 `ulaw_expand` (14-bit value, left-justified).
#[inline]
pub const fn ulaw_decode_sample(code: u8) -> i16 {
    let n = !code;
    let exponent = (n >> 4) & 0x07;
    let mantissa = (n & 0x0F) as i16;
    let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    if code & 0x80 != 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// A-law decoding of one code, as G.191 `alaw_expand` (13-bit value, left-justified).
#[inline]
pub const fn alaw_decode_sample(code: u8) -> i16 {
    let ix = (code ^ 0x55) & 0x7F;
    let exponent = ix >> 4;
    let mut mantissa = (ix & 0x0F) as i16;
    if exponent > 0 {
        mantissa += 16;
    }
    mantissa = (mantissa << 4) + 8;
    if exponent > 1 {
        mantissa <<= exponent - 1;
    }
    if code & 0x80 != 0 {
        mantissa
    } else {
        -mantissa
    }
}

/// Direct µ-law → A-law conversion of one code (G.711 Table 3).
#[inline]
pub const fn ulaw_to_alaw_sample(code: u8) -> u8 {
    tables::ULAW_TO_ALAW[code as usize]
}

/// Direct A-law → µ-law conversion of one code (G.711 Table 4).
#[inline]
pub const fn alaw_to_ulaw_sample(code: u8) -> u8 {
    tables::ALAW_TO_ULAW[code as usize]
}

fn check_out(len: usize, available: usize) -> Result<(), Error> {
    if available < len {
        Err(Error::BufferTooSmall {
            required: len,
            available,
        })
    } else {
        Ok(())
    }
}

/// Encodes `pcm` into `out[..pcm.len()]` with the fastest kernel; returns `pcm.len()`.
pub fn encode(law: Law, pcm: &[i16], out: &mut [u8]) -> Result<usize, Error> {
    check_out(pcm.len(), out.len())?;
    encode_on(kernels::best(), law, pcm, out);
    Ok(pcm.len())
}

/// Decodes `code` into `out[..code.len()]` with the fastest kernel; returns `code.len()`.
pub fn decode(law: Law, code: &[u8], out: &mut [i16]) -> Result<usize, Error> {
    check_out(code.len(), out.len())?;
    decode_on(kernels::best(), law, code, out);
    Ok(code.len())
}

fn encode_on(k: KernelSet, law: Law, pcm: &[i16], out: &mut [u8]) {
    let out = &mut out[..pcm.len()];
    match law {
        Law::Mu => k.ulaw_encode(pcm, out),
        Law::A => k.alaw_encode(pcm, out),
    }
}

fn decode_on(k: KernelSet, law: Law, code: &[u8], out: &mut [i16]) {
    let out = &mut out[..code.len()];
    match law {
        Law::Mu => k.ulaw_decode(code, out),
        Law::A => k.alaw_decode(code, out),
    }
}

/// [`encode`] on an explicitly chosen kernel ([`Error::KernelUnavailable`] if this CPU lacks it).
pub fn encode_with(kernel: Kernel, law: Law, pcm: &[i16], out: &mut [u8]) -> Result<usize, Error> {
    check_out(pcm.len(), out.len())?;
    encode_on(KernelSet::get(kernel)?, law, pcm, out);
    Ok(pcm.len())
}

/// [`decode`] on an explicitly chosen kernel ([`Error::KernelUnavailable`] if this CPU lacks it).
pub fn decode_with(kernel: Kernel, law: Law, code: &[u8], out: &mut [i16]) -> Result<usize, Error> {
    check_out(code.len(), out.len())?;
    decode_on(KernelSet::get(kernel)?, law, code, out);
    Ok(code.len())
}

/// Converts codes of law `from` into the other law with the G.711 tables, in place.
///
/// ```
/// use strowger_codecs::g711::{self, Law};
/// let mut codes = [0xFFu8, 0x80, 0x00];
/// g711::transcode_in_place(Law::Mu, &mut codes);
/// assert_eq!(codes, [0xD5, 0xAA, 0x2A]);
/// ```
pub fn transcode_in_place(from: Law, codes: &mut [u8]) {
    let k = kernels::best();
    let mut copy = [0u8; 256];
    for chunk in codes.chunks_mut(copy.len()) {
        let copy = &mut copy[..chunk.len()];
        copy.copy_from_slice(chunk);
        k.translate(conversion_table(from), copy, chunk);
    }
}

fn conversion_table(from: Law) -> &'static [u8; 256] {
    match from {
        Law::Mu => &tables::ULAW_TO_ALAW,
        Law::A => &tables::ALAW_TO_ULAW,
    }
}

/// Converts `input` (law `from`) into the other law in `out[..input.len()]`; returns the length.
pub fn transcode(from: Law, input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    transcode_with(Kernel::best(), from, input, out)
}

/// [`transcode`] on an explicitly chosen kernel ([`Error::KernelUnavailable`] if this CPU lacks
/// it).
pub fn transcode_with(
    kernel: Kernel,
    from: Law,
    input: &[u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    check_out(input.len(), out.len())?;
    let k = if kernel == Kernel::best() {
        kernels::best()
    } else {
        KernelSet::get(kernel)?
    };
    k.translate(conversion_table(from), input, &mut out[..input.len()]);
    Ok(input.len())
}

/// Shorthand for [`transcode`] from µ-law to A-law.
pub fn ulaw_to_alaw(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    transcode(Law::Mu, input, out)
}

/// Shorthand for [`transcode`] from A-law to µ-law.
pub fn alaw_to_ulaw(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    transcode(Law::A, input, out)
}

/// A G.711 encoder implementing [`Encoder`]; it has no state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct G711Encoder {
    law: Law,
}

impl G711Encoder {
    /// An encoder for `law`.
    pub const fn new(law: Law) -> Self {
        Self { law }
    }

    /// The law this encoder uses.
    pub const fn law(&self) -> Law {
        self.law
    }
}

impl Encoder for G711Encoder {
    fn info(&self) -> CodecInfo {
        self.law.info()
    }

    fn encode(&mut self, pcm: &[i16], out: &mut [u8]) -> Result<usize, Error> {
        encode(self.law, pcm, out)
    }

    fn reset(&mut self) {}
}

/// A G.711 decoder implementing [`Decoder`], with optional G.711 Appendix I concealment.
///
/// Without concealment the decoder is stateless and sample-based, and
/// [`conceal`](Decoder::conceal) fills lost frames with silence. With it
/// ([`G711Decoder::with_plc`]) every call must carry whole 10 ms frames, the output is
/// delayed by [`Plc::DELAY`] samples (3.75 ms) as Appendix I specifies, and lost frames are
/// synthesised from the pitch of the preceding speech.
///
/// ```
/// use strowger_codecs::{Decoder, g711::{G711Decoder, Law}};
/// let mut dec = G711Decoder::with_plc(Law::A);
/// let mut pcm = [0i16; 160];
/// dec.decode(&[0xD5; 160], &mut pcm)?; // 20 ms received
/// dec.conceal(&mut pcm)?;              // the next 20 ms was lost
/// # Ok::<(), strowger_codecs::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct G711Decoder {
    law: Law,
    plc: Option<Box<Plc>>,
}

impl G711Decoder {
    /// A decoder without concealment.
    pub const fn new(law: Law) -> Self {
        Self { law, plc: None }
    }

    /// A decoder with G.711 Appendix I packet-loss concealment.
    pub fn with_plc(law: Law) -> Self {
        Self {
            law,
            plc: Some(Box::new(Plc::new())),
        }
    }

    /// The law this decoder uses.
    pub const fn law(&self) -> Law {
        self.law
    }

    fn check_frames(len: usize) -> Result<(), Error> {
        if !len.is_multiple_of(FRAME_SAMPLES) {
            Err(Error::PartialFrame {
                len,
                frame: FRAME_SAMPLES,
            })
        } else {
            Ok(())
        }
    }
}

impl Decoder for G711Decoder {
    fn info(&self) -> CodecInfo {
        self.law.info()
    }

    fn decode(&mut self, payload: &[u8], out: &mut [i16]) -> Result<usize, Error> {
        if let Some(plc) = self.plc.as_deref_mut() {
            Self::check_frames(payload.len())?;
            check_out(payload.len(), out.len())?;
            let n = decode(self.law, payload, out)?;
            plc.good_frames(&mut out[..n])?;
            Ok(n)
        } else {
            decode(self.law, payload, out)
        }
    }

    fn conceal(&mut self, out: &mut [i16]) -> Result<usize, Error> {
        Self::check_frames(out.len())?;
        match self.plc.as_deref_mut() {
            Some(plc) => plc.lost_frames(out)?,
            None => out.fill(0),
        }
        Ok(out.len())
    }

    fn reset(&mut self) {
        if let Some(plc) = self.plc.as_deref_mut() {
            plc.reset();
        }
    }
}
