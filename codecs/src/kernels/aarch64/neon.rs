//! NEON kernels: 16 samples per iteration. Table look-ups use `tbl`, per-lane shifts `ushl`
//! with negative counts.

use core::arch::aarch64::*;

use crate::kernels::{lut, scalar, Fns};

pub(crate) static FNS: Fns = Fns {
    ulaw_encode,
    alaw_encode,
    ulaw_decode,
    alaw_decode,
    translate: scalar::translate,
};

#[inline]
#[target_feature(enable = "neon")]
fn table(t: [u8; 16]) -> uint8x16_t {
    // SAFETY: reads the 16 bytes of `t`.
    unsafe { vld1q_u8(t.as_ptr()) }
}

/// Encodes eight samples; each 16-bit lane of the result holds one code in its low byte.
#[inline]
#[target_feature(enable = "neon")]
fn encode8<const ALAW: bool>(x: int16x8_t) -> uint16x8_t {
    let sign = vshrq_n_s16::<15>(x);
    let m = vreinterpretq_u16_s16(veorq_s16(x, sign));
    let v = if ALAW {
        vshrq_n_u16::<2>(m)
    } else {
        vminq_u16(
            vaddq_u16(vshrq_n_u16::<2>(m), vdupq_n_u16(33)),
            vdupq_n_u16(0x1FFF),
        )
    };
    let t = vshrq_n_u16::<6>(v);
    let nib = vdupq_n_u16(0x0F);
    let hi = vqtbl1q_u8(
        table(lut::BITLEN_HI),
        vreinterpretq_u8_u16(vshrq_n_u16::<4>(t)),
    );
    let lo = vqtbl1q_u8(
        table(lut::BITLEN_LO),
        vreinterpretq_u8_u16(vandq_u16(t, nib)),
    );
    let segment = vreinterpretq_u16_u8(vmaxq_u8(hi, lo));
    let shift = if ALAW {
        vaddq_u16(vmaxq_u16(segment, vdupq_n_u16(1)), vdupq_n_u16(1))
    } else {
        vaddq_u16(segment, vdupq_n_u16(1))
    };
    let right = vnegq_s16(vreinterpretq_s16_u16(shift));
    let mantissa = vandq_u16(vshlq_u16(v, right), nib);
    let value = vorrq_u16(vshlq_n_u16::<4>(segment), mantissa);
    let positive = vdupq_n_u16(if ALAW { 0xD5 } else { 0xFF });
    let flip = veorq_u16(
        positive,
        vandq_u16(vreinterpretq_u16_s16(sign), vdupq_n_u16(0x80)),
    );
    veorq_u16(value, flip)
}

#[target_feature(enable = "neon")]
fn encode<const ALAW: bool>(pcm: &[i16], out: &mut [u8]) {
    let n = pcm.len().min(out.len());
    let (pcm, out) = (&pcm[..n], &mut out[..n]);
    let mut chunks_in = pcm.chunks_exact(16);
    let mut chunks_out = out.chunks_exact_mut(16);
    for (i, o) in (&mut chunks_in).zip(&mut chunks_out) {
        // SAFETY: `i` holds 16 i16 and `o` 16 bytes.
        unsafe {
            let a = encode8::<ALAW>(vld1q_s16(i.as_ptr()));
            let b = encode8::<ALAW>(vld1q_s16(i.as_ptr().add(8)));
            vst1q_u8(o.as_mut_ptr(), vcombine_u8(vmovn_u16(a), vmovn_u16(b)));
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
#[target_feature(enable = "neon")]
fn decode8<const ALAW: bool>(w: uint16x8_t) -> int16x8_t {
    let (pre, base, step) = if ALAW {
        (lut::ALAW_PRE_XOR, &lut::ALAW_BASE, &lut::ALAW_STEP)
    } else {
        (lut::ULAW_PRE_XOR, &lut::ULAW_BASE, &lut::ULAW_STEP)
    };
    let w = veorq_u16(w, vdupq_n_u16(pre as u16));
    // Byte indices (2h, 2h + 1) of the 16-bit entry for h = (code >> 4) & 7.
    let h2 = vandq_u16(vshrq_n_u16::<3>(w), vdupq_n_u16(0x0E));
    let idx = vaddq_u16(vmulq_u16(h2, vdupq_n_u16(0x0101)), vdupq_n_u16(0x0100));
    let idx = vreinterpretq_u8_u16(idx);
    let b = vreinterpretq_s16_u8(vqtbl1q_u8(table(lut::low_half_bytes(base)), idx));
    let s = vreinterpretq_s16_u8(vqtbl1q_u8(table(lut::low_half_bytes(step)), idx));
    let lo = vreinterpretq_s16_u16(vandq_u16(w, vdupq_n_u16(0x0F)));
    let negative = vmlaq_s16(b, lo, s);
    // Codes with bit 7 set are the positive mirror images of the codes without it.
    let mask = vshrq_n_s16::<15>(vshlq_n_s16::<8>(vreinterpretq_s16_u16(w)));
    vsubq_s16(veorq_s16(negative, mask), mask)
}

#[target_feature(enable = "neon")]
fn decode<const ALAW: bool>(code: &[u8], out: &mut [i16]) {
    let n = code.len().min(out.len());
    let (code, out) = (&code[..n], &mut out[..n]);
    let mut chunks_in = code.chunks_exact(16);
    let mut chunks_out = out.chunks_exact_mut(16);
    for (i, o) in (&mut chunks_in).zip(&mut chunks_out) {
        // SAFETY: `i` holds 16 bytes and `o` 16 i16.
        unsafe {
            let c = vld1q_u8(i.as_ptr());
            let a = decode8::<ALAW>(vmovl_u8(vget_low_u8(c)));
            let b = decode8::<ALAW>(vmovl_high_u8(c));
            vst1q_s16(o.as_mut_ptr(), a);
            vst1q_s16(o.as_mut_ptr().add(8), b);
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
/// The CPU must support NEON.
unsafe fn ulaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees NEON.
    unsafe { encode::<false>(pcm, out) }
}

/// # Safety
/// The CPU must support NEON.
unsafe fn alaw_encode(pcm: &[i16], out: &mut [u8]) {
    // SAFETY: the caller guarantees NEON.
    unsafe { encode::<true>(pcm, out) }
}

/// # Safety
/// The CPU must support NEON.
unsafe fn ulaw_decode(code: &[u8], out: &mut [i16]) {
    // SAFETY: the caller guarantees NEON.
    unsafe { decode::<false>(code, out) }
}

/// # Safety
/// The CPU must support NEON.
unsafe fn alaw_decode(code: &[u8], out: &mut [i16]) {
    // SAFETY: the caller guarantees NEON.
    unsafe { decode::<true>(code, out) }
}
