//! AVX-512 (F + BW) kernels: 64 samples per iteration, tails with masked loads and stores.

use core::arch::x86_64::*;

use crate::kernels::{lut, scalar, Fns};

pub(crate) static FNS: Fns = Fns {
    ulaw_encode,
    alaw_encode,
    ulaw_decode,
    alaw_decode,
    translate: scalar::translate,
};

/// A 16-byte table repeated in all four 128-bit lanes (`vpshufb` looks up within each lane).
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn table(t: [u8; 16]) -> __m512i {
    // SAFETY: `__m128i` and `[u8; 16]` have the same size and every bit pattern is valid.
    let t: __m128i = unsafe { core::mem::transmute(t) };
    _mm512_broadcast_i32x4(t)
}

/// A 16-entry 16-bit table in the low half of a 32-entry one, for `vpermw`.
const fn words(t: &[i16; 16]) -> [i16; 32] {
    let mut w = [0i16; 32];
    let mut i = 0;
    while i < 16 {
        w[i] = t[i];
        i += 1;
    }
    w
}

static ULAW_BASE: [i16; 32] = words(&lut::ULAW_BASE);
static ULAW_STEP: [i16; 32] = words(&lut::ULAW_STEP);
static ALAW_BASE: [i16; 32] = words(&lut::ALAW_BASE);
static ALAW_STEP: [i16; 32] = words(&lut::ALAW_STEP);

#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn load_words(t: &[i16; 32]) -> __m512i {
    // SAFETY: reads the 64 bytes of `t`.
    unsafe { _mm512_loadu_si512(t.as_ptr().cast()) }
}

/// Encodes 32 samples into 32 codes.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn encode32<const ALAW: bool>(x: __m512i) -> __m256i {
    let sign = _mm512_srai_epi16::<15>(x);
    let m = _mm512_xor_si512(x, sign);
    let v = if ALAW {
        _mm512_srli_epi16::<2>(m)
    } else {
        _mm512_min_epi16(
            _mm512_add_epi16(_mm512_srli_epi16::<2>(m), _mm512_set1_epi16(33)),
            _mm512_set1_epi16(0x1FFF),
        )
    };
    let t = _mm512_srli_epi16::<6>(v);
    let nib = _mm512_set1_epi16(0x0F);
    let segment = _mm512_max_epu8(
        _mm512_shuffle_epi8(table(lut::BITLEN_HI), _mm512_srli_epi16::<4>(t)),
        _mm512_shuffle_epi8(table(lut::BITLEN_LO), _mm512_and_si512(t, nib)),
    );
    let mul_table = if ALAW {
        lut::ALAW_MUL_HI
    } else {
        lut::ULAW_MUL_HI
    };
    let mul = _mm512_slli_epi16::<8>(_mm512_shuffle_epi8(table(mul_table), segment));
    let mantissa = _mm512_and_si512(_mm512_mulhi_epu16(v, mul), nib);
    let value = _mm512_or_si512(_mm512_slli_epi16::<4>(segment), mantissa);
    let positive = _mm512_set1_epi16(if ALAW { 0xD5 } else { 0xFF });
    let flip = _mm512_xor_si512(positive, _mm512_and_si512(sign, _mm512_set1_epi16(0x80)));
    _mm512_cvtepi16_epi8(_mm512_xor_si512(value, flip))
}

#[target_feature(enable = "avx512f,avx512bw")]
fn encode<const ALAW: bool>(pcm: &[i16], out: &mut [u8]) {
    let n = pcm.len().min(out.len());
    let mut i = 0;
    while i + 64 <= n {
        // SAFETY: elements i..i+64 exist in both slices; unaligned loads/stores.
        unsafe {
            let a = _mm512_loadu_si512(pcm.as_ptr().add(i).cast());
            let b = _mm512_loadu_si512(pcm.as_ptr().add(i + 32).cast());
            _mm256_storeu_si256(out.as_mut_ptr().add(i).cast(), encode32::<ALAW>(a));
            _mm256_storeu_si256(out.as_mut_ptr().add(i + 32).cast(), encode32::<ALAW>(b));
        }
        i += 64;
    }
    while i < n {
        let k = (n - i).min(32);
        let mask: __mmask32 = if k == 32 { u32::MAX } else { (1u32 << k) - 1 };
        // SAFETY: the masks touch only elements i..i+k, which exist in both slices; masked-off
        // lanes are neither read nor written.
        unsafe {
            let x = _mm512_maskz_loadu_epi16(mask, pcm.as_ptr().add(i));
            _mm256_mask_storeu_epi8(out.as_mut_ptr().add(i).cast(), mask, encode32::<ALAW>(x));
        }
        i += k;
    }
}

/// Decodes 32 codes held zero-extended in 16-bit lanes.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn decode32<const ALAW: bool>(w: __m512i) -> __m512i {
    let (pre, base, step) = if ALAW {
        (lut::ALAW_PRE_XOR, &ALAW_BASE, &ALAW_STEP)
    } else {
        (lut::ULAW_PRE_XOR, &ULAW_BASE, &ULAW_STEP)
    };
    let w = _mm512_xor_si512(w, _mm512_set1_epi16(pre as i16));
    let hi = _mm512_srli_epi16::<4>(w);
    let lo = _mm512_and_si512(w, _mm512_set1_epi16(0x0F));
    let b = _mm512_permutexvar_epi16(hi, load_words(base));
    let s = _mm512_permutexvar_epi16(hi, load_words(step));
    _mm512_add_epi16(b, _mm512_mullo_epi16(lo, s))
}

#[target_feature(enable = "avx512f,avx512bw")]
fn decode<const ALAW: bool>(code: &[u8], out: &mut [i16]) {
    let n = code.len().min(out.len());
    let mut i = 0;
    while i + 64 <= n {
        // SAFETY: elements i..i+64 exist in both slices; unaligned loads/stores.
        unsafe {
            let a = _mm256_loadu_si256(code.as_ptr().add(i).cast());
            let b = _mm256_loadu_si256(code.as_ptr().add(i + 32).cast());
            let da = decode32::<ALAW>(_mm512_cvtepu8_epi16(a));
            let db = decode32::<ALAW>(_mm512_cvtepu8_epi16(b));
            _mm512_storeu_si512(out.as_mut_ptr().add(i).cast(), da);
            _mm512_storeu_si512(out.as_mut_ptr().add(i + 32).cast(), db);
        }
        i += 64;
    }
    while i < n {
        let k = (n - i).min(32);
        let mask: __mmask32 = if k == 32 { u32::MAX } else { (1u32 << k) - 1 };
        // SAFETY: the masks touch only elements i..i+k, which exist in both slices; masked-off
        // lanes are neither read nor written.
        unsafe {
            let c = _mm256_maskz_loadu_epi8(mask, code.as_ptr().add(i).cast());
            let d = decode32::<ALAW>(_mm512_cvtepu8_epi16(c));
            _mm512_mask_storeu_epi16(out.as_mut_ptr().add(i), mask, d);
        }
        i += k;
    }
}

/// # Safety
/// The CPU must support AVX-512 F and BW.
unsafe fn ulaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees AVX-512 F and BW.
    unsafe { encode::<false>(pcm, out) }
}

/// # Safety
/// The CPU must support AVX-512 F and BW.
unsafe fn alaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees AVX-512 F and BW.
    unsafe { encode::<true>(pcm, out) }
}

/// # Safety
/// The CPU must support AVX-512 F and BW.
unsafe fn ulaw_decode(code: &[u8], out: &mut [i16]) {
    // SAFETY: the caller guarantees AVX-512 F and BW.
    unsafe { decode::<false>(code, out) }
}

/// # Safety
/// The CPU must support AVX-512 F and BW.
unsafe fn alaw_decode(code: &[u8], out: &mut [i16]) {
    // SAFETY: the caller guarantees AVX-512 F and BW.
    unsafe { decode::<true>(code, out) }
}
