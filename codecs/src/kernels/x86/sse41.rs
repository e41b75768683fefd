//! SSE4.1 kernels: 16 samples per iteration.

use core::arch::x86_64::*;

use crate::kernels::{lut, scalar, Fns};

pub(crate) static FNS: Fns = Fns {
    ulaw_encode,
    alaw_encode,
    ulaw_decode,
    alaw_decode,
    translate: scalar::translate,
};

#[inline(always)]
fn bytes(t: [u8; 16]) -> __m128i {
    // SAFETY: `__m128i` and `[u8; 16]` have the same size and every bit pattern is valid.
    unsafe { core::mem::transmute(t) }
}

/// Encodes eight samples; each 16-bit lane of the result holds one code in its low byte.
#[inline]
#[target_feature(enable = "sse4.1")]
fn encode8<const ALAW: bool>(x: __m128i) -> __m128i {
    let sign = _mm_srai_epi16::<15>(x);
    let m = _mm_xor_si128(x, sign);
    let v = if ALAW {
        _mm_srli_epi16::<2>(m)
    } else {
        _mm_min_epi16(
            _mm_add_epi16(_mm_srli_epi16::<2>(m), _mm_set1_epi16(33)),
            _mm_set1_epi16(0x1FFF),
        )
    };
    let t = _mm_srli_epi16::<6>(v);
    let nib = _mm_set1_epi16(0x0F);
    let segment = _mm_max_epu8(
        _mm_shuffle_epi8(bytes(lut::BITLEN_HI), _mm_srli_epi16::<4>(t)),
        _mm_shuffle_epi8(bytes(lut::BITLEN_LO), _mm_and_si128(t, nib)),
    );
    let mul_table = if ALAW {
        lut::ALAW_MUL_HI
    } else {
        lut::ULAW_MUL_HI
    };
    let mul = _mm_slli_epi16::<8>(_mm_shuffle_epi8(bytes(mul_table), segment));
    let mantissa = _mm_and_si128(_mm_mulhi_epu16(v, mul), nib);
    let value = _mm_or_si128(_mm_slli_epi16::<4>(segment), mantissa);
    let positive = _mm_set1_epi16(if ALAW { 0xD5 } else { 0xFF });
    let flip = _mm_xor_si128(positive, _mm_and_si128(sign, _mm_set1_epi16(0x80)));
    _mm_xor_si128(value, flip)
}

#[target_feature(enable = "sse4.1")]
fn encode<const ALAW: bool>(pcm: &[i16], out: &mut [u8]) {
    let n = pcm.len().min(out.len());
    let (pcm, out) = (&pcm[..n], &mut out[..n]);
    let mut chunks_in = pcm.chunks_exact(16);
    let mut chunks_out = out.chunks_exact_mut(16);
    for (i, o) in (&mut chunks_in).zip(&mut chunks_out) {
        // SAFETY: `i` holds 16 i16 (32 bytes) and `o` 16 bytes; unaligned loads/stores.
        unsafe {
            let a = _mm_loadu_si128(i.as_ptr().cast());
            let b = _mm_loadu_si128(i.as_ptr().add(8).cast());
            let codes = _mm_packus_epi16(encode8::<ALAW>(a), encode8::<ALAW>(b));
            _mm_storeu_si128(o.as_mut_ptr().cast(), codes);
        }
    }
    let (i, o) = (chunks_in.remainder(), chunks_out.into_remainder());
    if ALAW {
        scalar::alaw_encode(i, o)
    } else {
        scalar::ulaw_encode(i, o)
    }
}

/// Decodes eight codes held zero-extended in 16-bit lanes.
#[inline]
#[target_feature(enable = "sse4.1")]
fn decode8<const ALAW: bool>(w: __m128i) -> __m128i {
    let (pre, base, step) = if ALAW {
        (lut::ALAW_PRE_XOR, &lut::ALAW_BASE, &lut::ALAW_STEP)
    } else {
        (lut::ULAW_PRE_XOR, &lut::ULAW_BASE, &lut::ULAW_STEP)
    };
    let w = _mm_xor_si128(w, _mm_set1_epi16(pre as i16));
    // Byte indices (2h, 2h + 1) of the 16-bit entry for h = (code >> 4) & 7.
    let h2 = _mm_and_si128(_mm_srli_epi16::<3>(w), _mm_set1_epi16(0x0E));
    let idx = _mm_add_epi16(
        _mm_mullo_epi16(h2, _mm_set1_epi16(0x0101)),
        _mm_set1_epi16(0x0100),
    );
    let b = _mm_shuffle_epi8(bytes(lut::low_half_bytes(base)), idx);
    let s = _mm_shuffle_epi8(bytes(lut::low_half_bytes(step)), idx);
    let lo = _mm_and_si128(w, _mm_set1_epi16(0x0F));
    let negative = _mm_add_epi16(b, _mm_mullo_epi16(lo, s));
    // Codes with bit 7 set are the positive mirror images of the codes without it.
    let selector = _mm_or_si128(_mm_slli_epi16::<8>(w), _mm_set1_epi16(1));
    _mm_sign_epi16(negative, selector)
}

#[target_feature(enable = "sse4.1")]
fn decode<const ALAW: bool>(code: &[u8], out: &mut [i16]) {
    let n = code.len().min(out.len());
    let (code, out) = (&code[..n], &mut out[..n]);
    let mut chunks_in = code.chunks_exact(16);
    let mut chunks_out = out.chunks_exact_mut(16);
    for (i, o) in (&mut chunks_in).zip(&mut chunks_out) {
        // SAFETY: `i` holds 16 bytes and `o` 16 i16 (32 bytes); unaligned loads/stores.
        unsafe {
            let c = _mm_loadu_si128(i.as_ptr().cast());
            let lo = _mm_cvtepu8_epi16(c);
            let hi = _mm_unpackhi_epi8(c, _mm_setzero_si128());
            _mm_storeu_si128(o.as_mut_ptr().cast(), decode8::<ALAW>(lo));
            _mm_storeu_si128(o.as_mut_ptr().add(8).cast(), decode8::<ALAW>(hi));
        }
    }
    let (i, o) = (chunks_in.remainder(), chunks_out.into_remainder());
    if ALAW {
        scalar::alaw_decode(i, o)
    } else {
        scalar::ulaw_decode(i, o)
    }
}

/// # Safety
/// The CPU must support SSE4.1.
unsafe fn ulaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees SSE4.1.
    unsafe { encode::<false>(pcm, out) }
}

/// # Safety
/// The CPU must support SSE4.1.
unsafe fn alaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees SSE4.1.
    unsafe { encode::<true>(pcm, out) }
}

/// # Safety
/// The CPU must support SSE4.1.
unsafe fn ulaw_decode(code: &[u8], out: &mut [i16]) {
    // SAFETY: the caller guarantees SSE4.1.
    unsafe { decode::<false>(code, out) }
}

/// # Safety
/// The CPU must support SSE4.1.
unsafe fn alaw_decode(code: &[u8], out: &mut [i16]) {
    // SAFETY: the caller guarantees SSE4.1.
    unsafe { decode::<true>(code, out) }
}
