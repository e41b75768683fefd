#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks, unsafe_op_in_unsafe_fn)]

/// spandsp's G.711 routines (Debian `libspandsp-dev`), behind safe slice functions.
///
/// The encoders and decoders are spandsp's `static inline` functions from
/// `<spandsp/g711.h>`, compiled into a loop by the C shim `shim/spandsp_g711.c` as a spandsp
/// user would get them; the transcoders call libspandsp's exported `ulaw_to_alaw` /
/// `alaw_to_ulaw`.
///
/// Every function converts `input.len()` elements and panics if `out` is shorter.
pub mod spandsp {
    mod ffi {
        extern "C" {
            pub fn shim_ulaw_encode(pcm: *const i16, out: *mut u8, n: usize);
            pub fn shim_alaw_encode(pcm: *const i16, out: *mut u8, n: usize);
            pub fn shim_ulaw_decode(code: *const u8, out: *mut i16, n: usize);
            pub fn shim_alaw_decode(code: *const u8, out: *mut i16, n: usize);
            pub fn shim_ulaw_to_alaw(input: *const u8, out: *mut u8, n: usize);
            pub fn shim_alaw_to_ulaw(input: *const u8, out: *mut u8, n: usize);
        }
    }

    #[track_caller]
    fn check(input: usize, out: usize) {
        assert!(
            out >= input,
            "output buffer too small: {out} elements for {input} inputs"
        );
    }

    /// µ-law encoding with spandsp's `linear_to_ulaw`.
    ///
    /// # Panics
    /// If `out` is shorter than `pcm`.
    pub fn ulaw_encode(pcm: &[i16], out: &mut [u8]) {
        check(pcm.len(), out.len());
        // SAFETY: the shim reads `pcm.len()` elements from `pcm` and writes as many to `out`,
        // which `check` made sure is at least that long; both pointers come from live slices
        // that do not overlap (one is borrowed shared, the other exclusively).
        unsafe { ffi::shim_ulaw_encode(pcm.as_ptr(), out.as_mut_ptr(), pcm.len()) }
    }

    /// A-law encoding with spandsp's `linear_to_alaw`.
    ///
    /// # Panics
    /// If `out` is shorter than `pcm`.
    pub fn alaw_encode(pcm: &[i16], out: &mut [u8]) {
        check(pcm.len(), out.len());
        // SAFETY: as in `ulaw_encode`: `pcm.len()` reads, as many writes into the longer `out`.
        unsafe { ffi::shim_alaw_encode(pcm.as_ptr(), out.as_mut_ptr(), pcm.len()) }
    }

    /// µ-law decoding with spandsp's `ulaw_to_linear`.
    ///
    /// # Panics
    /// If `out` is shorter than `code`.
    pub fn ulaw_decode(code: &[u8], out: &mut [i16]) {
        check(code.len(), out.len());
        // SAFETY: `code.len()` reads from `code`, as many writes into `out`, which `check`
        // made sure is at least that long; the slices are live and disjoint.
        unsafe { ffi::shim_ulaw_decode(code.as_ptr(), out.as_mut_ptr(), code.len()) }
    }

    /// A-law decoding with spandsp's `alaw_to_linear`.
    ///
    /// # Panics
    /// If `out` is shorter than `code`.
    pub fn alaw_decode(code: &[u8], out: &mut [i16]) {
        check(code.len(), out.len());
        // SAFETY: as in `ulaw_decode`.
        unsafe { ffi::shim_alaw_decode(code.as_ptr(), out.as_mut_ptr(), code.len()) }
    }

    /// µ-law → A-law with libspandsp's exported `ulaw_to_alaw` (its G.711 table).
    ///
    /// # Panics
    /// If `out` is shorter than `input`.
    pub fn ulaw_to_alaw(input: &[u8], out: &mut [u8]) {
        check(input.len(), out.len());
        // SAFETY: `input.len()` reads from `input`, as many writes into `out`, which `check`
        // made sure is at least that long; the slices are live and disjoint.
        unsafe { ffi::shim_ulaw_to_alaw(input.as_ptr(), out.as_mut_ptr(), input.len()) }
    }

    /// A-law → µ-law with libspandsp's exported `alaw_to_ulaw` (its G.711 table).
    ///
    /// # Panics
    /// If `out` is shorter than `input`.
    pub fn alaw_to_ulaw(input: &[u8], out: &mut [u8]) {
        check(input.len(), out.len());
        // SAFETY: as in `ulaw_to_alaw`.
        unsafe { ffi::shim_alaw_to_ulaw(input.as_ptr(), out.as_mut_ptr(), input.len()) }
    }

    /// [`ulaw_encode`] of one sample.
    pub fn ulaw_encode_sample(x: i16) -> u8 {
        let mut c = [0u8];
        ulaw_encode(&[x], &mut c);
        c[0]
    }

    /// [`alaw_encode`] of one sample.
    pub fn alaw_encode_sample(x: i16) -> u8 {
        let mut c = [0u8];
        alaw_encode(&[x], &mut c);
        c[0]
    }
}

pub mod spandsp_dtmf;

pub mod libpri_q921;

pub mod libpri_l3;

pub mod bcg729;

pub mod report;

/// Test signal shared by the benchmarks and the `g711-blocks` binary.
pub mod signal {
    /// Samples in one 20 ms block at 8 kHz.
    pub const BLOCK: usize = 160;

    /// `n` samples of a deterministic speech-like signal: two tones plus pseudo-random noise,
    /// spread over most of the 16-bit range so every segment of both laws is exercised.
    pub fn pcm(n: usize) -> Vec<i16> {
        strowger_testsupport::two_tones_and_noise(n)
    }

    /// `n` codes cycling through all 256 code values in a scrambled order.
    pub fn codes(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(167).wrapping_add(13))
            .collect()
    }
}
