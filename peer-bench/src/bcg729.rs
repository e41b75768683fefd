//! bcg729's G.729 Annex A (+B) codec (Debian `libbcg729-dev`), behind safe per-frame types.
//!
//! The C shim `shim/bcg729.c` wraps bcg729's channel API; frames are RFC 3551 payloads:
//! 10 bytes for speech, 2 for an Annex B SID, none when the encoder sent nothing (DTX).
//! bcg729 is not bit-exact with the ITU vectors (see `shared/vectors/FORMATS.md`): it is an
//! interop peer and a speed anchor, not an oracle.

use core::ffi::c_void;
use core::ptr::NonNull;

/// Samples in one G.729 frame (10 ms at 8 kHz).
pub const FRAME_SAMPLES: usize = 80;

/// Longest payload of one frame (a speech frame).
pub const MAX_PAYLOAD: usize = 10;

mod ffi {
    use core::ffi::{c_int, c_void};
    extern "C" {
        pub fn shim_bcg729_encoder_new(vad: c_int) -> *mut c_void;
        pub fn shim_bcg729_encoder_free(ctx: *mut c_void);
        pub fn shim_bcg729_encode(ctx: *mut c_void, pcm: *const i16, out: *mut u8) -> usize;
        pub fn shim_bcg729_decoder_new() -> *mut c_void;
        pub fn shim_bcg729_decoder_free(ctx: *mut c_void);
        pub fn shim_bcg729_decode(
            ctx: *mut c_void,
            payload: *const u8,
            len: usize,
            erased: c_int,
            out: *mut i16,
        );
    }
}

/// One bcg729 encoder channel.
#[derive(Debug)]
pub struct Encoder {
    ctx: NonNull<c_void>,
}

impl Encoder {
    /// A new channel; `vad` turns on Annex B VAD/DTX.
    ///
    /// # Panics
    /// If bcg729 cannot allocate its channel.
    pub fn new(vad: bool) -> Self {
        // SAFETY: plain constructor call; it returns a heap channel or null, checked below.
        let ctx = unsafe { ffi::shim_bcg729_encoder_new(i32::from(vad)) };
        Self {
            ctx: NonNull::new(ctx).expect("bcg729: initBcg729EncoderChannel failed"),
        }
    }

    /// Encodes one frame into `out` and returns the payload length: 10 (speech), 2 (SID) or
    /// 0 (nothing to send).
    pub fn encode_frame(
        &mut self,
        pcm: &[i16; FRAME_SAMPLES],
        out: &mut [u8; MAX_PAYLOAD],
    ) -> usize {
        // SAFETY: `ctx` is a live channel owned by `self` (exclusively borrowed); bcg729 reads
        // 80 samples from `pcm` and writes at most 10 bytes into `out`, the sizes of the arrays.
        let n =
            unsafe { ffi::shim_bcg729_encode(self.ctx.as_ptr(), pcm.as_ptr(), out.as_mut_ptr()) };
        debug_assert!(n <= MAX_PAYLOAD);
        n.min(MAX_PAYLOAD)
    }
}

impl Drop for Encoder {
    fn drop(&mut self) {
        // SAFETY: `ctx` came from `shim_bcg729_encoder_new` and is freed exactly once, here.
        unsafe { ffi::shim_bcg729_encoder_free(self.ctx.as_ptr()) }
    }
}

/// One bcg729 decoder channel.
#[derive(Debug)]
pub struct Decoder {
    ctx: NonNull<c_void>,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    /// A new channel.
    ///
    /// # Panics
    /// If bcg729 cannot allocate its channel.
    pub fn new() -> Self {
        // SAFETY: plain constructor call; it returns a heap channel or null, checked below.
        let ctx = unsafe { ffi::shim_bcg729_decoder_new() };
        Self {
            ctx: NonNull::new(ctx).expect("bcg729: initBcg729DecoderChannel failed"),
        }
    }

    /// Decodes one frame's payload: 10 bytes speech, 2 bytes SID, empty when nothing was sent
    /// (comfort noise continues).
    ///
    /// # Panics
    /// If `payload` is not 0, 2 or 10 bytes long.
    pub fn decode_frame(&mut self, payload: &[u8], out: &mut [i16; FRAME_SAMPLES]) {
        assert!(
            matches!(payload.len(), 0 | 2 | 10),
            "bcg729 payload of {} bytes",
            payload.len()
        );
        // SAFETY: `ctx` is a live channel owned by `self`; bcg729 reads `payload.len()` bytes
        // (0, 2 or 10, checked above) and writes 80 samples into `out`.
        unsafe {
            ffi::shim_bcg729_decode(
                self.ctx.as_ptr(),
                payload.as_ptr(),
                payload.len(),
                0,
                out.as_mut_ptr(),
            )
        }
    }

    /// Conceals one lost frame (G.729 §4.4).
    pub fn conceal_frame(&mut self, out: &mut [i16; FRAME_SAMPLES]) {
        // SAFETY: `ctx` is a live channel owned by `self`; with `erased` set bcg729 reads no
        // payload and writes 80 samples into `out`.
        unsafe {
            ffi::shim_bcg729_decode(self.ctx.as_ptr(), core::ptr::null(), 0, 1, out.as_mut_ptr())
        }
    }
}

impl Drop for Decoder {
    fn drop(&mut self) {
        // SAFETY: `ctx` came from `shim_bcg729_decoder_new` and is freed exactly once, here.
        unsafe { ffi::shim_bcg729_decoder_free(self.ctx.as_ptr()) }
    }
}
