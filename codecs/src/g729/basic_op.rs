//! The ITU-T fixed-point basic operations (G.729 §5 / STL 1996), with identical saturation
//! and rounding.
//!
//! Every function here is the arithmetic specification of the codec: a 16-bit result is
//! saturated to `[-32768, 32767]`, a 32-bit result to `[i32::MIN, i32::MAX]`, shifts saturate
//! where the reference does and round where it rounds. The reference keeps a global overflow
//! flag; only a few algorithm steps read it (the decoder's synthesis filter, the encoder's
//! autocorrelation and open-loop pitch scaling). Those steps use the `*_o` variants below,
//! which set a caller-owned flag exactly when the reference would raise its own.

pub(crate) const MAX_16: i16 = i16::MAX;
pub(crate) const MIN_16: i16 = i16::MIN;
pub(crate) const MAX_32: i32 = i32::MAX;
pub(crate) const MIN_32: i32 = i32::MIN;

#[inline(always)]
fn sat16(x: i32) -> i16 {
    if x > MAX_16 as i32 {
        MAX_16
    } else if x < MIN_16 as i32 {
        MIN_16
    } else {
        x as i16
    }
}

/// 16-bit saturating addition.
#[inline(always)]
pub(crate) fn add(a: i16, b: i16) -> i16 {
    a.saturating_add(b)
}

/// 16-bit saturating subtraction.
#[inline(always)]
pub(crate) fn sub(a: i16, b: i16) -> i16 {
    a.saturating_sub(b)
}

/// Absolute value, `abs_s(-32768) = 32767`.
#[inline(always)]
pub(crate) fn abs_s(a: i16) -> i16 {
    if a == MIN_16 {
        MAX_16
    } else {
        a.abs()
    }
}

/// Negation, `negate(-32768) = 32767`.
#[inline(always)]
pub(crate) fn negate(a: i16) -> i16 {
    if a == MIN_16 {
        MAX_16
    } else {
        -a
    }
}

/// Arithmetic left shift with saturation; a negative count shifts right.
#[inline(always)]
pub(crate) fn shl(a: i16, n: i16) -> i16 {
    if n < 0 {
        return shr(a, n.saturating_neg());
    }
    if n > 15 {
        return if a == 0 {
            0
        } else if a > 0 {
            MAX_16
        } else {
            MIN_16
        };
    }
    let r = (a as i32) << n;
    if r != r as i16 as i32 {
        if a > 0 {
            MAX_16
        } else {
            MIN_16
        }
    } else {
        r as i16
    }
}

/// Arithmetic right shift; a negative count shifts left with saturation.
#[inline(always)]
pub(crate) fn shr(a: i16, n: i16) -> i16 {
    if n < 0 {
        return shl(a, n.saturating_neg());
    }
    if n >= 15 {
        if a < 0 {
            -1
        } else {
            0
        }
    } else {
        a >> n
    }
}

/// Right shift with rounding.
#[inline(always)]
pub(crate) fn shr_r(a: i16, n: i16) -> i16 {
    if n > 15 {
        return 0;
    }
    let mut r = shr(a, n);
    if n > 0 && (a as i32 & (1i32 << (n - 1))) != 0 {
        r = r.wrapping_add(1);
    }
    r
}

/// Fractional multiplication `(a * b) >> 15`, saturated.
#[inline(always)]
pub(crate) fn mult(a: i16, b: i16) -> i16 {
    sat16((a as i32 * b as i32) >> 15)
}

/// Fractional multiplication with rounding.
#[inline(always)]
pub(crate) fn mult_r(a: i16, b: i16) -> i16 {
    sat16((a as i32 * b as i32 + 0x4000) >> 15)
}

/// `(a * b) << 1` as 32 bits, saturated (only `-32768 * -32768` saturates).
#[inline(always)]
pub(crate) fn l_mult(a: i16, b: i16) -> i32 {
    let p = a as i32 * b as i32;
    if p != 0x4000_0000 {
        p << 1
    } else {
        MAX_32
    }
}

/// 32-bit saturating addition.
#[inline(always)]
pub(crate) fn l_add(a: i32, b: i32) -> i32 {
    a.saturating_add(b)
}

/// 32-bit saturating subtraction.
#[inline(always)]
pub(crate) fn l_sub(a: i32, b: i32) -> i32 {
    a.saturating_sub(b)
}

/// Multiply-accumulate `acc + l_mult(a, b)`, saturated at each step.
#[inline(always)]
pub(crate) fn l_mac(acc: i32, a: i16, b: i16) -> i32 {
    l_add(acc, l_mult(a, b))
}

/// Multiply-subtract `acc - l_mult(a, b)`, saturated at each step.
#[inline(always)]
pub(crate) fn l_msu(acc: i32, a: i16, b: i16) -> i32 {
    l_sub(acc, l_mult(a, b))
}

/// 32-bit negation, `l_negate(i32::MIN) = i32::MAX`.
#[inline(always)]
pub(crate) fn l_negate(a: i32) -> i32 {
    if a == MIN_32 {
        MAX_32
    } else {
        -a
    }
}

/// 32-bit absolute value.
#[inline(always)]
pub(crate) fn l_abs(a: i32) -> i32 {
    if a == MIN_32 {
        MAX_32
    } else {
        a.abs()
    }
}

/// Arithmetic left shift with saturation; a negative count shifts right.
#[inline(always)]
pub(crate) fn l_shl(a: i32, n: i16) -> i32 {
    if n <= 0 {
        return l_shr(a, n.saturating_neg());
    }
    if n >= 31 {
        return if a > 0 {
            MAX_32
        } else if a < 0 {
            MIN_32
        } else {
            0
        };
    }
    let r = (a as i64) << n;
    if r > MAX_32 as i64 {
        MAX_32
    } else if r < MIN_32 as i64 {
        MIN_32
    } else {
        r as i32
    }
}

/// Arithmetic right shift; a negative count shifts left with saturation.
#[inline(always)]
pub(crate) fn l_shr(a: i32, n: i16) -> i32 {
    if n < 0 {
        return l_shl(a, n.saturating_neg());
    }
    if n >= 31 {
        if a < 0 {
            -1
        } else {
            0
        }
    } else {
        a >> n
    }
}

/// Right shift with rounding.
#[inline(always)]
pub(crate) fn l_shr_r(a: i32, n: i16) -> i32 {
    if n > 31 {
        return 0;
    }
    let mut r = l_shr(a, n);
    if n > 0 && (a as i64 & (1i64 << (n - 1))) != 0 {
        r = r.wrapping_add(1);
    }
    r
}

/// Rounds a 32-bit value to its high 16 bits (`extract_h(l_add(x, 0x8000))`).
#[inline(always)]
pub(crate) fn round(a: i32) -> i16 {
    (l_add(a, 0x8000) >> 16) as i16
}

/// High 16 bits.
#[inline(always)]
pub(crate) fn extract_h(a: i32) -> i16 {
    (a >> 16) as i16
}

/// Low 16 bits.
#[inline(always)]
pub(crate) fn extract_l(a: i32) -> i16 {
    a as i16
}

/// `a << 16`.
#[inline(always)]
pub(crate) fn l_deposit_h(a: i16) -> i32 {
    (a as i32) << 16
}

/// Sign extension to 32 bits.
#[inline(always)]
pub(crate) fn l_deposit_l(a: i16) -> i32 {
    a as i32
}

/// Left shifts that normalise a 16-bit value (0 for 0, 15 for -1).
#[inline(always)]
pub(crate) fn norm_s(a: i16) -> i16 {
    if a == 0 {
        0
    } else if a == -1 {
        15
    } else {
        let v = if a < 0 { !a } else { a };
        (v.leading_zeros() as i16) - 1
    }
}

/// Left shifts that normalise a 32-bit value (0 for 0, 31 for -1).
#[inline(always)]
pub(crate) fn norm_l(a: i32) -> i16 {
    if a == 0 {
        0
    } else if a == -1 {
        31
    } else {
        let v = if a < 0 { !a } else { a };
        (v.leading_zeros() as i16) - 1
    }
}

/// Fractional division `a / b` in Q15 for `0 <= a <= b`, `b > 0`.
///
/// The reference aborts the program on an invalid argument; here the result is then 0 (the
/// algorithm never calls it that way, and a decoder must not stop on any input).
#[inline]
pub(crate) fn div_s(a: i16, b: i16) -> i16 {
    if a > b || a < 0 || b <= 0 {
        return 0;
    }
    if a == 0 {
        return 0;
    }
    if a == b {
        return MAX_16;
    }
    // The reference's 15 restoring-division steps produce the 15-bit quotient of
    // `a * 2^15 / b`, truncated (`0 < a < b`, so it is below 2^15): one integer division.
    (((a as i32) << 15) / b as i32) as i16
}

// --- Double precision format (oper_32b): L = hi << 16 + lo << 1 ---

/// Splits a 32-bit value into the double-precision pair `(hi, lo)`.
#[inline(always)]
pub(crate) fn l_extract(l: i32) -> (i16, i16) {
    let hi = extract_h(l);
    let lo = extract_l(l_msu(l_shr(l, 1), hi, 16384));
    (hi, lo)
}

/// Composes `hi << 16 + lo << 1`.
#[inline(always)]
pub(crate) fn l_comp(hi: i16, lo: i16) -> i32 {
    l_mac(l_deposit_h(hi), lo, 1)
}

/// Product of two double-precision values, divided by 2^31.
#[inline(always)]
pub(crate) fn mpy_32(hi1: i16, lo1: i16, hi2: i16, lo2: i16) -> i32 {
    let l = l_mult(hi1, hi2);
    let l = l_mac(l, mult(hi1, lo2), 1);
    l_mac(l, mult(lo1, hi2), 1)
}

/// Product of a double-precision value and a 16-bit value, divided by 2^15.
#[inline(always)]
pub(crate) fn mpy_32_16(hi: i16, lo: i16, n: i16) -> i32 {
    l_mac(l_mult(hi, n), mult(lo, n), 1)
}

/// Fractional division of two positive 32-bit values, `num < den`, result in Q31.
#[inline]
pub(crate) fn div_32(num: i32, denom_hi: i16, denom_lo: i16) -> i32 {
    let approx = div_s(0x3fff, denom_hi);
    let l = mpy_32_16(denom_hi, denom_lo, approx);
    let l = l_sub(MAX_32, l);
    let (hi, lo) = l_extract(l);
    let l = mpy_32_16(hi, lo, approx);
    let (hi, lo) = l_extract(l);
    let (n_hi, n_lo) = l_extract(num);
    l_shl(mpy_32(n_hi, n_lo, hi, lo), 2)
}

// --- Variants that report the reference's overflow flag ---

/// `l_mult` that raises `ovf` when it saturates.
#[inline(always)]
pub(crate) fn l_mult_o(a: i16, b: i16, ovf: &mut bool) -> i32 {
    let p = a as i32 * b as i32;
    if p != 0x4000_0000 {
        p << 1
    } else {
        *ovf = true;
        MAX_32
    }
}

/// `l_add` that raises `ovf` when it saturates.
#[inline(always)]
pub(crate) fn l_add_o(a: i32, b: i32, ovf: &mut bool) -> i32 {
    match a.checked_add(b) {
        Some(r) => r,
        None => {
            *ovf = true;
            if a < 0 {
                MIN_32
            } else {
                MAX_32
            }
        }
    }
}

/// `l_sub` that raises `ovf` when it saturates.
#[inline(always)]
pub(crate) fn l_sub_o(a: i32, b: i32, ovf: &mut bool) -> i32 {
    match a.checked_sub(b) {
        Some(r) => r,
        None => {
            *ovf = true;
            if a < 0 {
                MIN_32
            } else {
                MAX_32
            }
        }
    }
}

/// `l_mac` that raises `ovf` when either step saturates.
#[inline(always)]
pub(crate) fn l_mac_o(acc: i32, a: i16, b: i16, ovf: &mut bool) -> i32 {
    let p = l_mult_o(a, b, ovf);
    l_add_o(acc, p, ovf)
}

/// `l_msu` that raises `ovf` when either step saturates.
#[inline(always)]
pub(crate) fn l_msu_o(acc: i32, a: i16, b: i16, ovf: &mut bool) -> i32 {
    let p = l_mult_o(a, b, ovf);
    l_sub_o(acc, p, ovf)
}

/// `l_shl` (non-negative count) that raises `ovf` when it saturates.
#[inline(always)]
pub(crate) fn l_shl_o(a: i32, n: i16, ovf: &mut bool) -> i32 {
    let r = l_shl(a, n);
    if n > 0 && (r == MAX_32 || r == MIN_32) && ((a as i64) << n.min(40)) != r as i64 {
        *ovf = true;
    }
    r
}

/// `round` that raises `ovf` when it saturates.
#[inline(always)]
pub(crate) fn round_o(a: i32, ovf: &mut bool) -> i16 {
    (l_add_o(a, 0x8000, ovf) >> 16) as i16
}

// --- dspfunc: Pow2, Log2, Inv_sqrt ---

use super::tables::{TABLOG, TABPOW, TABSQR};

/// `2^(exponent.fraction)`, table interpolation.
#[inline]
pub(crate) fn pow2(exponent: i16, fraction: i16) -> i32 {
    let l = l_mult(fraction, 32);
    let i = extract_h(l) as usize;
    let l = l_shr(l, 1);
    let a = extract_l(l) & 0x7fff;
    let l = l_deposit_h(TABPOW[i]);
    let tmp = sub(TABPOW[i], TABPOW[i + 1]);
    let l = l_msu(l, tmp, a);
    l_shr_r(l, sub(30, exponent))
}

/// `log2(x)` as `(exponent, fraction)`; `(0, 0)` for `x <= 0`.
#[inline]
pub(crate) fn log2(x: i32) -> (i16, i16) {
    if x <= 0 {
        return (0, 0);
    }
    let e = norm_l(x);
    let x = l_shl(x, e);
    let exponent = sub(30, e);
    let x = l_shr(x, 9);
    let i = sub(extract_h(x), 32) as usize;
    let x = l_shr(x, 1);
    let a = extract_l(x) & 0x7fff;
    let y = l_deposit_h(TABLOG[i]);
    let tmp = sub(TABLOG[i], TABLOG[i + 1]);
    let y = l_msu(y, tmp, a);
    (exponent, extract_h(y))
}

/// `1 / sqrt(x)` in Q30; `0x3fffffff` for `x <= 0`.
#[inline]
pub(crate) fn inv_sqrt(x: i32) -> i32 {
    if x <= 0 {
        return 0x3fff_ffff;
    }
    let e = norm_l(x);
    let mut x = l_shl(x, e);
    let mut e = sub(30, e);
    if e & 1 == 0 {
        x = l_shr(x, 1);
    }
    e = add(shr(e, 1), 1);
    let x = l_shr(x, 9);
    let i = sub(extract_h(x), 16) as usize;
    let x = l_shr(x, 1);
    let a = extract_l(x) & 0x7fff;
    let y = l_deposit_h(TABSQR[i]);
    let tmp = sub(TABSQR[i], TABSQR[i + 1]);
    let y = l_msu(y, tmp, a);
    l_shr(y, e)
}

// --- Multiply-accumulate chains ---
//
// A chain of `l_mac` saturates at each step, so its result depends on the order of the terms.
// When the sum of the absolute values of the starting value and of all the doubled products
// fits in 32 bits, no partial sum can leave the 32-bit range and no step saturates; the
// reference's result is then the plain sum, which wrapping 32-bit arithmetic computes exactly
// in any order. The bound is kept in units of 2^8 (each |product| >> 8, plus one per term for
// the dropped low bits), so both sums stay in 32-bit lanes and vectorise; it is conservative,
// and when it fails the chain is replayed step by step with the reference's arithmetic.

/// Whether `|acc| + 2 * sum |p|` fits, given `s8 = sum (|p| >> 8)` over `n` products.
#[inline(always)]
fn chain_fits(acc: i32, s8: u32, n: usize) -> bool {
    (acc as i64).unsigned_abs() + (((s8 as u64) + n as u64) << 9) <= MAX_32 as u64
}

/// `acc + l_mult(a0, b0) + l_mult(a1, b1) + …` with `l_mac`'s per-step saturation.
#[inline(always)]
pub(crate) fn mac_chain<I>(acc: i32, terms: I) -> i32
where
    I: Iterator<Item = (i16, i16)> + Clone,
{
    let (mut sum, mut s8, mut n) = (0i32, 0u32, 0usize);
    for (a, b) in terms.clone() {
        let p = a as i32 * b as i32;
        sum = sum.wrapping_add(p);
        s8 += p.unsigned_abs() >> 8;
        n += 1;
    }
    if chain_fits(acc, s8, n) {
        acc.wrapping_add(sum.wrapping_mul(2))
    } else {
        terms.fold(acc, |s, (a, b)| l_mac(s, a, b))
    }
}

/// `mac_chain` that raises `ovf` when a step saturates.
#[inline(always)]
pub(crate) fn mac_chain_o<I>(acc: i32, terms: I, ovf: &mut bool) -> i32
where
    I: Iterator<Item = (i16, i16)> + Clone,
{
    let (mut sum, mut s8, mut n) = (0i32, 0u32, 0usize);
    for (a, b) in terms.clone() {
        let p = a as i32 * b as i32;
        sum = sum.wrapping_add(p);
        s8 += p.unsigned_abs() >> 8;
        n += 1;
    }
    if chain_fits(acc, s8, n) {
        acc.wrapping_add(sum.wrapping_mul(2))
    } else {
        terms.fold(acc, |s, (a, b)| l_mac_o(s, a, b, ovf))
    }
}

/// `acc - l_mult(a0, b0) - l_mult(a1, b1) - …` with `l_msu`'s per-step saturation, raising
/// `ovf` when a step saturates.
#[inline(always)]
pub(crate) fn msu_chain_o<I>(acc: i32, terms: I, ovf: &mut bool) -> i32
where
    I: Iterator<Item = (i16, i16)> + Clone,
{
    let (mut sum, mut s8, mut n) = (0i32, 0u32, 0usize);
    for (a, b) in terms.clone() {
        let p = a as i32 * b as i32;
        sum = sum.wrapping_add(p);
        s8 += p.unsigned_abs() >> 8;
        n += 1;
    }
    if chain_fits(acc, s8, n) {
        acc.wrapping_sub(sum.wrapping_mul(2))
    } else {
        terms.fold(acc, |s, (a, b)| l_msu_o(s, a, b, ovf))
    }
}

/// Dot product of two equal-length slices as an `l_mac` chain from `acc`.
#[inline(always)]
pub(crate) fn mac_dot(acc: i32, x: &[i16], y: &[i16]) -> i32 {
    debug_assert_eq!(x.len(), y.len());
    let (mut sum, mut s8) = (0i32, 0u32);
    for (&a, &b) in x.iter().zip(y) {
        let p = a as i32 * b as i32;
        sum = sum.wrapping_add(p);
        s8 += p.unsigned_abs() >> 8;
    }
    if chain_fits(acc, s8, x.len().min(y.len())) {
        acc.wrapping_add(sum.wrapping_mul(2))
    } else {
        x.iter().zip(y).fold(acc, |s, (&a, &b)| l_mac(s, a, b))
    }
}

/// [`mac_dot`] that also reports whether a step saturated (the flag of an `l_mac_o` chain):
/// when the bound holds no step can, and the plain sum is the chain's value.
#[inline(always)]
pub(crate) fn mac_dot_o(acc: i32, x: &[i16], y: &[i16]) -> (i32, bool) {
    debug_assert_eq!(x.len(), y.len());
    let (mut sum, mut s8) = (0i32, 0u32);
    for (&a, &b) in x.iter().zip(y) {
        let p = a as i32 * b as i32;
        sum = sum.wrapping_add(p);
        s8 += p.unsigned_abs() >> 8;
    }
    if chain_fits(acc, s8, x.len().min(y.len())) {
        (acc.wrapping_add(sum.wrapping_mul(2)), false)
    } else {
        let mut ovf = false;
        let s = x
            .iter()
            .zip(y)
            .fold(acc, |s, (&a, &b)| l_mac_o(s, a, b, &mut ovf));
        (s, ovf)
    }
}

/// Exact `acc + sum 2 c[k] w[k]` when no `l_mac` step of the chain can saturate (then any
/// order gives the reference's bits); `None` when the bound is exceeded and the caller must
/// replay the chain in the reference's order.
#[inline(always)]
pub(crate) fn dot_exact<const N: usize>(acc: i32, c: &[i16; N], w: &[i16; N]) -> Option<i32> {
    let (mut sum, mut s8) = (0i32, 0u32);
    for k in 0..N {
        let p = c[k] as i32 * w[k] as i32;
        sum = sum.wrapping_add(p);
        s8 += p.unsigned_abs() >> 8;
    }
    if chain_fits(acc, s8, N) {
        Some(acc.wrapping_add(sum.wrapping_mul(2)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `div_s` is the reference's restoring division, step by step, on every denominator
    /// (every numerator for a spread of them, a spread of numerators for the others).
    #[test]
    fn div_s_is_the_restoring_division() {
        let steps = |a: i16, b: i16| {
            let (mut num, mut out) = (a as i32, 0i16);
            for _ in 0..15 {
                out <<= 1;
                num <<= 1;
                if num >= b as i32 {
                    num -= b as i32;
                    out += 1;
                }
            }
            out
        };
        for b in 1..=i16::MAX {
            let step = if b % 997 == 0 || !(200..=32700).contains(&b) {
                1
            } else {
                211
            };
            for a in (1..b).step_by(step).chain([b - 1]) {
                assert_eq!(div_s(a, b), steps(a, b), "{a} / {b}");
            }
            assert_eq!(div_s(b, b), MAX_16);
            assert_eq!(div_s(0, b), 0);
        }
    }

    #[test]
    fn saturation_edges() {
        assert_eq!(add(32767, 1), 32767);
        assert_eq!(sub(-32768, 1), -32768);
        assert_eq!(mult(-32768, -32768), 32767);
        assert_eq!(l_mult(-32768, -32768), i32::MAX);
        assert_eq!(shl(0x4000, 1), 32767);
        assert_eq!(shl(-0x4001, 1), -32768);
        assert_eq!(shr(-1, 20), -1);
        assert_eq!(l_shl(0x4000_0000, 1), i32::MAX);
        assert_eq!(round(0x7fff_8000), 32767);
        assert_eq!(norm_s(1), 14);
        assert_eq!(norm_s(-32768), 0);
        assert_eq!(norm_l(1), 30);
        assert_eq!(norm_l(-1), 31);
        assert_eq!(div_s(1, 2), 16384);
        assert_eq!(div_s(5, 5), 32767);
        assert_eq!(shr_r(3, 1), 2);
        assert_eq!(l_shr_r(-3, 1), -1);
    }

    #[test]
    fn overflow_flags() {
        let mut o = false;
        let _ = l_mac_o(0, 100, 100, &mut o);
        assert!(!o);
        let _ = l_mac_o(i32::MAX - 1, 100, 100, &mut o);
        assert!(o);
        let mut o = false;
        assert_eq!(l_shl_o(0x1000_0000, 3, &mut o), i32::MAX);
        assert!(o);
        let mut o = false;
        assert_eq!(l_shl_o(-0x1000_0000, 3, &mut o), i32::MIN);
        assert!(!o, "exactly representable");
    }

    #[test]
    fn fast_chains_equal_the_step_by_step_reference() {
        // Small and full-scale operands, so that both the exact path and the replay run.
        let mut seed: u32 = 0x1234_5678;
        let mut next = move |scale: i32| -> i16 {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let v = (seed >> 16) as i16 as i32;
            (v * scale / 32768) as i16
        };
        for round in 0..20_000 {
            let scale = [100, 3000, 20000, 32768][round % 4];
            let acc = (next(32767) as i32) << [0, 8, 15, 16][round % 4];
            let c: [i16; 20] = core::array::from_fn(|_| next(scale));
            let w: [i16; 20] = core::array::from_fn(|_| next(scale));
            let reference = c.iter().zip(&w).fold(acc, |s, (&a, &b)| l_mac(s, a, b));
            assert_eq!(mac_dot(acc, &c, &w), reference);
            let mut ovf_ref = false;
            let r = c
                .iter()
                .zip(&w)
                .fold(acc, |s, (&a, &b)| l_mac_o(s, a, b, &mut ovf_ref));
            assert_eq!(mac_dot_o(acc, &c, &w), (r, ovf_ref));
            if let Some(v) = dot_exact(acc, &c, &w) {
                assert_eq!(v, reference);
            }
            let mut ovf = false;
            let mut ovf_ref = false;
            let r = c
                .iter()
                .zip(&w)
                .fold(acc, |s, (&a, &b)| l_msu_o(s, a, b, &mut ovf_ref));
            let terms = c.iter().copied().zip(w.iter().copied());
            assert_eq!(msu_chain_o(acc, terms, &mut ovf), r);
            assert_eq!(ovf, ovf_ref);
        }
    }
}
