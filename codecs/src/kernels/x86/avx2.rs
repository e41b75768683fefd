//! AVX2 kernels: 32 samples per iteration.

use core::arch::x86_64::*;

use crate::kernels::{lut, scalar, Fns};

pub(crate) static FNS: Fns = Fns {
    ulaw_encode,
    alaw_encode,
    ulaw_decode,
    alaw_decode,
    translate: scalar::translate,
};

/// A 16-byte table repeated in both 128-bit lanes (`vpshufb` looks up within each lane).
#[inline]
#[target_feature(enable = "avx2")]
fn table(t: [u8; 16]) -> __m256i {
    // SAFETY: `__m128i` and `[u8; 16]` have the same size and every bit pattern is valid.
    let t: __m128i = unsafe { core::mem::transmute(t) };
    _mm256_broadcastsi128_si256(t)
}

/// Encodes sixteen samples; each 16-bit lane of the result holds one code in its low byte.
#[inline]
#[target_feature(enable = "avx2")]
fn encode16<const ALAW: bool>(x: __m256i) -> __m256i {
    let sign = _mm256_srai_epi16::<15>(x);
    let m = _mm256_xor_si256(x, sign);
    let v = if ALAW {
        _mm256_srli_epi16::<2>(m)
    } else {
        _mm256_min_epi16(
            _mm256_add_epi16(_mm256_srli_epi16::<2>(m), _mm256_set1_epi16(33)),
            _mm256_set1_epi16(0x1FFF),
        )
    };
    let t = _mm256_srli_epi16::<6>(v);
    let nib = _mm256_set1_epi16(0x0F);
    let segment = _mm256_max_epu8(
        _mm256_shuffle_epi8(table(lut::BITLEN_HI), _mm256_srli_epi16::<4>(t)),
        _mm256_shuffle_epi8(table(lut::BITLEN_LO), _mm256_and_si256(t, nib)),
    );
    let mul_table = if ALAW {
        lut::ALAW_MUL_HI
    } else {
        lut::ULAW_MUL_HI
    };
    let mul = _mm256_slli_epi16::<8>(_mm256_shuffle_epi8(table(mul_table), segment));
    let mantissa = _mm256_and_si256(_mm256_mulhi_epu16(v, mul), nib);
    let value = _mm256_or_si256(_mm256_slli_epi16::<4>(segment), mantissa);
    let positive = _mm256_set1_epi16(if ALAW { 0xD5 } else { 0xFF });
    let flip = _mm256_xor_si256(positive, _mm256_and_si256(sign, _mm256_set1_epi16(0x80)));
    _mm256_xor_si256(value, flip)
}

#[target_feature(enable = "avx2")]
fn encode<const ALAW: bool>(pcm: &[i16], out: &mut [u8]) {
    let n = pcm.len().min(out.len());
    let (pcm, out) = (&pcm[..n], &mut out[..n]);
    let mut chunks_in = pcm.chunks_exact(32);
    let mut chunks_out = out.chunks_exact_mut(32);
    for (i, o) in (&mut chunks_in).zip(&mut chunks_out) {
        // SAFETY: `i` holds 32 i16 (64 bytes) and `o` 32 bytes; unaligned loads/stores.
        unsafe {
            let a = _mm256_loadu_si256(i.as_ptr().cast());
            let b = _mm256_loadu_si256(i.as_ptr().add(16).cast());
            // packus interleaves the 128-bit lanes of a and b; the permute restores order.
            let packed = _mm256_packus_epi16(encode16::<ALAW>(a), encode16::<ALAW>(b));
            let codes = _mm256_permute4x64_epi64::<0b11_01_10_00>(packed);
            _mm256_storeu_si256(o.as_mut_ptr().cast(), codes);
        }
    }
    let (i, o) = (chunks_in.remainder(), chunks_out.into_remainder());
    if ALAW {
        scalar::alaw_encode(i, o)
    } else {
        scalar::ulaw_encode(i, o)
    }
}

/// Decodes sixteen codes held zero-extended in 16-bit lanes.
#[inline]
#[target_feature(enable = "avx2")]
fn decode16<const ALAW: bool>(w: __m256i) -> __m256i {
    let (pre, base, step) = if ALAW {
        (lut::ALAW_PRE_XOR, &lut::ALAW_BASE, &lut::ALAW_STEP)
    } else {
        (lut::ULAW_PRE_XOR, &lut::ULAW_BASE, &lut::ULAW_STEP)
    };
    let w = _mm256_xor_si256(w, _mm256_set1_epi16(pre as i16));
    // Byte indices (2h, 2h + 1) of the 16-bit entry for h = (code >> 4) & 7.
    let h2 = _mm256_and_si256(_mm256_srli_epi16::<3>(w), _mm256_set1_epi16(0x0E));
    let idx = _mm256_add_epi16(
        _mm256_mullo_epi16(h2, _mm256_set1_epi16(0x0101)),
        _mm256_set1_epi16(0x0100),
    );
    let b = _mm256_shuffle_epi8(table(lut::low_half_bytes(base)), idx);
    let s = _mm256_shuffle_epi8(table(lut::low_half_bytes(step)), idx);
    let lo = _mm256_and_si256(w, _mm256_set1_epi16(0x0F));
    let negative = _mm256_add_epi16(b, _mm256_mullo_epi16(lo, s));
    // Codes with bit 7 set are the positive mirror images of the codes without it.
    let selector = _mm256_or_si256(_mm256_slli_epi16::<8>(w), _mm256_set1_epi16(1));
    _mm256_sign_epi16(negative, selector)
}

#[target_feature(enable = "avx2")]
fn decode<const ALAW: bool>(code: &[u8], out: &mut [i16]) {
    let n = code.len().min(out.len());
    let (code, out) = (&code[..n], &mut out[..n]);
    let mut chunks_in = code.chunks_exact(32);
    let mut chunks_out = out.chunks_exact_mut(32);
    for (i, o) in (&mut chunks_in).zip(&mut chunks_out) {
        // SAFETY: `i` holds 32 bytes and `o` 32 i16 (64 bytes); unaligned loads/stores.
        unsafe {
            let a = _mm_loadu_si128(i.as_ptr().cast());
            let b = _mm_loadu_si128(i.as_ptr().add(16).cast());
            let da = decode16::<ALAW>(_mm256_cvtepu8_epi16(a));
            let db = decode16::<ALAW>(_mm256_cvtepu8_epi16(b));
            _mm256_storeu_si256(o.as_mut_ptr().cast(), da);
            _mm256_storeu_si256(o.as_mut_ptr().add(16).cast(), db);
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
/// The CPU must support AVX2.
unsafe fn ulaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees AVX2.
    unsafe { encode::<false>(pcm, out) }
}

/// # Safety
/// The CPU must support AVX2.
unsafe fn alaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees AVX2.
    unsafe { encode::<true>(pcm, out) }
}

/// # Safety
/// The CPU must support AVX2.
unsafe fn ulaw_decode(code: &[u8], out: &mut [i16]) {
    // SAFETY: the caller guarantees AVX2.
    unsafe { decode::<false>(code, out) }
}

/// # Safety
/// The CPU must support AVX2.
unsafe fn alaw_decode(code: &[u8], out: &mut [i16]) {
    // SAFETY: the caller guarantees AVX2.
    unsafe { decode::<true>(code, out) }
}
