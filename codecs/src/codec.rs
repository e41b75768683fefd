//! The [`Encoder`] and [`Decoder`] traits every codec of this crate implements.

use core::time::Duration;

use crate::Error;

/// Static facts about a codec: how it frames audio and how RTP names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodecInfo {
    /// The RTP encoding name of RFC 3551 / the IANA registry (`PCMU`, `PCMA`, `G729`, `G723`).
    pub encoding_name: &'static str,
    /// The static RTP payload type of RFC 3551 Table 4, when the codec has one.
    pub payload_type: Option<u8>,
    /// RTP clock rate in Hz (8000 for every narrow-band codec here).
    pub clock_rate: u32,
    /// Samples of 8 kHz PCM in one codec frame.
    pub samples_per_frame: usize,
    /// Largest payload, in bytes, one frame encodes to.
    pub payload_bytes_per_frame: usize,
    /// `true` for sample-based codecs (RFC 3551 §4.3: G.711), which accept any number of
    /// samples; frame-based codecs need whole frames.
    pub sample_based: bool,
}

impl CodecInfo {
    /// Duration of one codec frame.
    ///
    /// ```
    /// use strowger_codecs::g711;
    /// assert_eq!(g711::Law::Mu.info().frame_duration().as_millis(), 10);
    /// ```
    pub fn frame_duration(&self) -> Duration {
        Duration::from_nanos(self.samples_per_frame as u64 * 1_000_000_000 / self.clock_rate as u64)
    }
}

/// A speech encoder: 8 kHz 16-bit linear PCM in, codec payload out.
pub trait Encoder {
    /// The codec's framing and RTP naming.
    fn info(&self) -> CodecInfo;

    /// Duration of one frame (shorthand for `info().frame_duration()`).
    fn frame_duration(&self) -> Duration {
        self.info().frame_duration()
    }

    /// Samples of PCM per frame.
    fn samples_per_frame(&self) -> usize {
        self.info().samples_per_frame
    }

    /// Largest number of payload bytes per frame.
    fn payload_bytes_per_frame(&self) -> usize {
        self.info().payload_bytes_per_frame
    }

    /// Encodes `pcm` into `out` and returns the number of bytes written.
    ///
    /// Frame-based codecs need `pcm.len()` to be a multiple of
    /// [`samples_per_frame`](Self::samples_per_frame) ([`Error::PartialFrame`] otherwise);
    /// sample-based codecs take any length. `out` too small gives
    /// [`Error::BufferTooSmall`] and writes nothing.
    fn encode(&mut self, pcm: &[i16], out: &mut [u8]) -> Result<usize, Error>;

    /// Returns the encoder to its initial state.
    fn reset(&mut self);
}

/// A speech decoder: codec payload in, 8 kHz 16-bit linear PCM out.
pub trait Decoder {
    /// The codec's framing and RTP naming.
    fn info(&self) -> CodecInfo;

    /// Duration of one frame (shorthand for `info().frame_duration()`).
    fn frame_duration(&self) -> Duration {
        self.info().frame_duration()
    }

    /// Samples of PCM per frame.
    fn samples_per_frame(&self) -> usize {
        self.info().samples_per_frame
    }

    /// Largest number of payload bytes per frame.
    fn payload_bytes_per_frame(&self) -> usize {
        self.info().payload_bytes_per_frame
    }

    /// Decodes `payload` into `out` and returns the number of samples written.
    fn decode(&mut self, payload: &[u8], out: &mut [i16]) -> Result<usize, Error>;

    /// Produces `out.len()` samples for frames that were lost (packet-loss / frame-erasure
    /// concealment) and returns the number written. `out.len()` must be a multiple of
    /// [`samples_per_frame`](Self::samples_per_frame).
    fn conceal(&mut self, out: &mut [i16]) -> Result<usize, Error>;

    /// Returns the decoder to its initial state.
    fn reset(&mut self);
}
