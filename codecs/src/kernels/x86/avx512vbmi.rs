//! AVX-512 VBMI encoders: the segment logic becomes two 128-entry byte look-ups
//! (`vpermi2b`), the mantissa a per-lane shift (`vpsrlvw`), and two vectors of codes are
//! narrowed to bytes with one `vpermt2b`. Decoding is the AVX-512BW kernel's.

use core::arch::x86_64::*;

use crate::kernels::Fns;

use super::avx512;

pub(crate) static FNS: Fns = Fns {
    ulaw_encode,
    alaw_encode,
    ulaw_decode: avx512::FNS.ulaw_decode,
    alaw_decode: avx512::FNS.alaw_decode,
    translate,
};

/// Per-law tables indexed by `t = v >> 6` (0–127): the right shift that brings the leading
/// one of `v` to bit 4, and the code bits other than the mantissa (segment, bit 4 correction
/// and the law's inversion pattern for a positive sample).
struct Tables {
    shift: [u8; 128],
    code: [u8; 128],
}

const fn tables(alaw: bool) -> Tables {
    let mut shift = [0u8; 128];
    let mut code = [0u8; 128];
    let mut t = 0;
    while t < 128 {
        let segment = (8 - (t as u8).leading_zeros()) as u8; // bit length of t
        let (s, has_leading_one) = if alaw {
            // v = m >> 2; mantissa = (m >> (3 + max(segment, 1))) & 0xF.
            let s = 1 + if segment == 0 { 1 } else { segment };
            (s, segment != 0)
        } else {
            // v = min((m >> 2) + 33, 0x1FFF) >= 33; mantissa = (v >> (segment + 1)) & 0xF.
            (segment + 1, true)
        };
        shift[t] = s;
        let inversion = if alaw { 0xD5 } else { 0xFF };
        code[t] = ((segment << 4) ^ inversion) ^ if has_leading_one { 0x10 } else { 0 };
        t += 1;
    }
    Tables { shift, code }
}

/// Byte indices 0, 2, …, 126: the low bytes of two vectors of 16-bit lanes.
static EVEN_BYTES: [u8; 64] = {
    let mut e = [0u8; 64];
    let mut i = 0;
    while i < 64 {
        e[i] = (2 * i) as u8;
        i += 1;
    }
    e
};

static ULAW_TABLES: Tables = tables(false);
static ALAW_TABLES: Tables = tables(true);

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
fn halves(t: &[u8; 128]) -> (__m512i, __m512i) {
    // SAFETY: reads the 128 bytes of `t` as two unaligned 64-byte vectors.
    unsafe {
        (
            _mm512_loadu_si512(t.as_ptr().cast()),
            _mm512_loadu_si512(t.as_ptr().add(64).cast()),
        )
    }
}

/// Encodes 32 samples; the code of each sample is the low byte of its 16-bit lane.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
fn encode32<const ALAW: bool>(
    x: __m512i,
    shift: (__m512i, __m512i),
    code: (__m512i, __m512i),
) -> __m512i {
    const LOW_BYTES: __mmask64 = 0x5555_5555_5555_5555;
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
    let s = _mm512_maskz_permutex2var_epi8(LOW_BYTES, shift.0, t, shift.1);
    let c = _mm512_maskz_permutex2var_epi8(LOW_BYTES, code.0, t, code.1);
    // v >> s is 0x10 | mantissa (or just the mantissa in A-law segment 0): the table has
    // already cancelled bit 4 where needed.
    let positive = _mm512_xor_si512(c, _mm512_srlv_epi16(v, s));
    // positive ^ (sign & 0x80): ternary-logic truth table of A ^ (B & C) is 0x78.
    _mm512_ternarylogic_epi32::<0x78>(positive, sign, _mm512_set1_epi16(0x80))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
fn encode<const ALAW: bool>(pcm: &[i16], out: &mut [u8]) {
    let t = if ALAW { &ALAW_TABLES } else { &ULAW_TABLES };
    let (shift, code) = (halves(&t.shift), halves(&t.code));
    // SAFETY: reads the 64 bytes of `EVEN_BYTES`.
    let even = unsafe { _mm512_loadu_si512(EVEN_BYTES.as_ptr().cast()) };

    let n = pcm.len().min(out.len());
    let mut i = 0;
    while i + 64 <= n {
        // SAFETY: elements i..i+64 exist in both slices; unaligned loads/stores.
        unsafe {
            let a = _mm512_loadu_si512(pcm.as_ptr().add(i).cast());
            let b = _mm512_loadu_si512(pcm.as_ptr().add(i + 32).cast());
            let ca = encode32::<ALAW>(a, shift, code);
            let cb = encode32::<ALAW>(b, shift, code);
            let codes = _mm512_permutex2var_epi8(ca, even, cb);
            _mm512_storeu_si512(out.as_mut_ptr().add(i).cast(), codes);
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
            let c = _mm512_cvtepi16_epi8(encode32::<ALAW>(x, shift, code));
            _mm256_mask_storeu_epi8(out.as_mut_ptr().add(i).cast(), mask, c);
        }
        i += k;
    }
}

/// `out[i] = table[input[i]]` for an odd-symmetric table: one 128-entry `vpermi2b` on the
/// low seven bits, then the input's sign bit XORed in.
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
fn translate_impl(table: &[u8; 256], input: &[u8], out: &mut [u8]) {
    // SAFETY: reads bytes 0..128 of the 256-byte table as two unaligned 64-byte vectors.
    let (lo, hi) = unsafe {
        (
            _mm512_loadu_si512(table.as_ptr().cast()),
            _mm512_loadu_si512(table.as_ptr().add(64).cast()),
        )
    };
    let sign = _mm512_set1_epi8(0x80u8 as i8);
    let n = input.len().min(out.len());
    let mut i = 0;
    while i < n {
        let k = (n - i).min(64);
        let mask: __mmask64 = if k == 64 { u64::MAX } else { (1u64 << k) - 1 };
        // SAFETY: the masks touch only bytes i..i+k, which exist in both slices; masked-off
        // lanes are neither read nor written.
        unsafe {
            let c = _mm512_maskz_loadu_epi8(mask, input.as_ptr().add(i).cast());
            let t = _mm512_permutex2var_epi8(lo, c, hi);
            // t ^ (c & 0x80): ternary-logic truth table of A ^ (B & C) is 0x78.
            let r = _mm512_ternarylogic_epi32::<0x78>(t, c, sign);
            _mm512_mask_storeu_epi8(out.as_mut_ptr().add(i).cast(), mask, r);
        }
        i += k;
    }
}

/// # Safety
/// The CPU must support AVX-512 F, BW and VBMI.
unsafe fn translate(table: &[u8; 256], input: &[u8], out: &mut [u8]) {
    // SAFETY: the caller guarantees AVX-512 F, BW and VBMI.
    unsafe { translate_impl(table, input, out) }
}

/// # Safety
/// The CPU must support AVX-512 F, BW and VBMI.
unsafe fn ulaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees AVX-512 F, BW and VBMI.
    unsafe { encode::<false>(pcm, out) }
}

/// # Safety
/// The CPU must support AVX-512 F, BW and VBMI.
unsafe fn alaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees AVX-512 F, BW and VBMI.
    unsafe { encode::<true>(pcm, out) }
}
