//! AVX2 steps of the G.729A fixed-codebook search (`crate::g729::acelp::SearchOps`).
//!
//! Each function computes the bits of the scalar specification in `crate::g729::acelp`
//! (`ScalarSearch`); the proptests in `crate::kernels::g729` compare the two.

use core::arch::x86_64::*;
use core::mem::MaybeUninit;

use crate::g729::bodies::{acelp_candidates, Lag, SearchOps, L_SUBFR, NB_POS};

/// The AVX2 [`SearchOps`]. Only [`Avx2Search::new`] makes one, and its caller vouches for
/// AVX2, so every method may use it.
#[derive(Clone, Copy)]
pub(crate) struct Avx2Search {
    _avx2: (),
}

impl Avx2Search {
    /// # Safety
    ///
    /// The CPU running the methods of the returned value must support AVX2.
    #[inline(always)]
    pub(crate) unsafe fn new() -> Self {
        Avx2Search { _avx2: () }
    }
}

impl SearchOps for Avx2Search {
    #[inline(always)]
    fn lag_rows<'a>(
        self,
        hp: &[i16; 2 * L_SUBFR],
        sg: &[i16; 2 * L_SUBFR],
        out: &'a mut MaybeUninit<Lag>,
    ) -> &'a Lag {
        // SAFETY: `self` exists only if its maker vouched for AVX2 (`Avx2Search::new`).
        unsafe { lag_rows(hp, sg, out) }
    }

    #[inline(always)]
    fn candidates(
        self,
        ps1: i16,
        alp1: i32,
        dn3: &[i16; NB_POS],
        rr3: &[i16; NB_POS],
        tmp_vect: &[i16; NB_POS],
        sq: i16,
        alp: i16,
    ) -> Option<([i16; NB_POS], [i16; NB_POS])> {
        // SAFETY: as above.
        let any = unsafe { any_better(ps1, alp1, dn3, rr3, tmp_vect, sq, alp) };
        // The (rare) improving subframes take the scalar terms: identical bits, and the
        // sequential choice needs them one by one anyway.
        any.then(|| acelp_candidates(ps1, alp1, dn3, rr3, tmp_vect))
    }
}

/// Eight `i16` at `p[at..at + 8]`, widened to `i32` lanes.
#[inline]
#[target_feature(enable = "avx2")]
fn widen8(p: &[i16], at: usize) -> __m256i {
    _mm256_cvtepi16_epi32(load8(p, at))
}

/// Eight `i16` at `p[at..at + 8]`.
#[inline]
#[target_feature(enable = "avx2")]
fn load8(p: &[i16], at: usize) -> __m128i {
    let v = &p[at..at + 8];
    // SAFETY: `v` holds 8 i16 (16 bytes); unaligned load.
    unsafe { _mm_loadu_si128(v.as_ptr().cast()) }
}

/// Sixteen `i16` at `p[at..at + 16]`.
#[inline]
#[target_feature(enable = "avx2")]
fn load16(p: &[i16], at: usize) -> __m256i {
    let v = &p[at..at + 16];
    // SAFETY: `v` holds 16 i16 (32 bytes); unaligned load.
    unsafe { _mm256_loadu_si256(v.as_ptr().cast()) }
}

/// `mult(v, 32767)` where `eq` is all ones, `mult(v, -32768)` elsewhere, per 16-bit lane:
/// `mult(v, 32767)` is `v - 1` for `v > 0`, `v` for `-32768 < v <= 0` and -32767 for
/// `v = -32768`; `mult(v, -32768)` is the saturated `-v`.
#[inline]
#[target_feature(enable = "avx2")]
fn signed16(v: __m256i, eq: __m256i) -> __m256i {
    let zero = _mm256_setzero_si256();
    let same = _mm256_max_epi16(
        _mm256_add_epi16(v, _mm256_cmpgt_epi16(v, zero)),
        _mm256_set1_epi16(-32767),
    );
    let opposite = _mm256_subs_epi16(zero, v);
    _mm256_blendv_epi8(opposite, same, eq)
}

/// [`signed16`] on eight lanes.
#[inline]
#[target_feature(enable = "avx2")]
fn signed8(v: __m128i, eq: __m128i) -> __m128i {
    let zero = _mm_setzero_si128();
    let same = _mm_max_epi16(
        _mm_add_epi16(v, _mm_cmpgt_epi16(v, zero)),
        _mm_set1_epi16(-32767),
    );
    let opposite = _mm_subs_epi16(zero, v);
    _mm_blendv_epi8(opposite, same, eq)
}

/// The high halves of sixteen running sums, in order, as 16-bit lanes (`packs` interleaves
/// the 128-bit lanes of its operands; the permute restores the order). The high half of an
/// `i32` always fits, so `packs` does not saturate.
#[inline]
#[target_feature(enable = "avx2")]
fn high16(a: __m256i, b: __m256i) -> __m256i {
    let p = _mm256_packs_epi32(_mm256_srai_epi32::<16>(a), _mm256_srai_epi32::<16>(b));
    _mm256_permute4x64_epi64::<0b11_01_10_00>(p)
}

/// Step `k` of [`lag_rows`], advancing the first `ACTIVE` accumulators, and row `k`.
#[inline]
#[target_feature(enable = "avx2")]
fn lag_row<const ACTIVE: usize>(
    hp: &[i16; 2 * L_SUBFR],
    sg: &[i16; 2 * L_SUBFR],
    s: &mut [__m256i; 5],
    k: usize,
    out: &mut MaybeUninit<Lag>,
) {
    let hk = _mm256_set1_epi32(2 * hp[k] as i32);
    for (m, s) in s.iter_mut().enumerate().take(ACTIVE) {
        *s = _mm256_add_epi32(*s, _mm256_mullo_epi32(hk, widen8(hp, k + 8 * m)));
    }
    let v0 = high16(s[0], s[1]);
    let v1 = high16(s[2], s[3]);
    let t = _mm256_srai_epi32::<16>(s[4]);
    let v2 = _mm_packs_epi32(_mm256_castsi256_si128(t), _mm256_extracti128_si256::<1>(t));
    let sj = _mm256_set1_epi16(sg[k]);
    // All ones in lane 0 only: the diagonal keeps the unsigned value.
    let lane0 = _mm256_setr_epi16(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    let r0 = signed16(v0, _mm256_cmpeq_epi16(load16(sg, k), sj));
    let r0 = _mm256_blendv_epi8(r0, v0, lane0);
    let r1 = signed16(v1, _mm256_cmpeq_epi16(load16(sg, k + 16), sj));
    let e2 = _mm_cmpeq_epi16(load8(sg, k + 32), _mm256_castsi256_si128(sj));
    let r2 = signed8(v2, e2);
    assert!(k < L_SUBFR);
    let rows: *mut [i16; L_SUBFR] = out.as_mut_ptr().cast();
    // SAFETY: `out` holds 40 rows of 40 i16 and `k < 40` (checked), so row k is in bounds; it
    // is written whole (16 + 16 + 8 lanes) with unaligned stores.
    unsafe {
        let row: *mut i16 = rows.add(k).cast();
        _mm256_storeu_si256(row.cast(), r0);
        _mm256_storeu_si256(row.add(16).cast(), r1);
        _mm_storeu_si128(row.add(32).cast(), r2);
    }
}

/// `ScalarSearch::lag_rows`: step `k` adds `2 h[k] h[k + d]` to the forty running sums
/// (five vectors of eight `i32`; plain adds, as the caller checked that no sum exceeds 32
/// bits), then stores row `k`: the signed high halves, the diagonal unsigned.
#[inline]
#[target_feature(enable = "avx2")]
fn lag_rows<'a>(
    hp: &[i16; 2 * L_SUBFR],
    sg: &[i16; 2 * L_SUBFR],
    out: &'a mut MaybeUninit<Lag>,
) -> &'a Lag {
    let mut s = [_mm256_setzero_si256(); 5];
    // Accumulator m holds lags 8m..8m + 8; once 8m >= 40 - k all its terms read the zero
    // padding of `hp` and would leave it unchanged, so rows 8a..8a + 8 advance only the
    // first 5 - a accumulators.
    for k in 0..8 {
        lag_row::<5>(hp, sg, &mut s, k, out);
    }
    for k in 8..16 {
        lag_row::<4>(hp, sg, &mut s, k, out);
    }
    for k in 16..24 {
        lag_row::<3>(hp, sg, &mut s, k, out);
    }
    for k in 24..32 {
        lag_row::<2>(hp, sg, &mut s, k, out);
    }
    for k in 32..40 {
        lag_row::<1>(hp, sg, &mut s, k, out);
    }
    // SAFETY: the five loops wrote every row k = 0..40 of `out` in full.
    unsafe { out.assume_init_ref() }
}

/// Whether any of the eight candidates of [`acelp_candidates`] is `better` than `(sq, alp)`:
/// `alp sq2 > sq alp_16` in any lane. Every product fits in 32 bits (`|alp| <= 32768`,
/// `0 <= sq2 <= 32766`, `-1 <= sq <= 32766`, `alp_16` a 16-bit value), and the terms are the
/// scalar ones: `ps2 = min(ps1 + dn3, 32767)` (both non-negative), `sq2 = ps2^2 >> 15`,
/// `alp_16 = (alp1 + 8192 rr3 + 32768 tmp + 0x8000) >> 16` (no overflow, see
/// `acelp_candidates`).
#[target_feature(enable = "avx2")]
#[allow(clippy::too_many_arguments)]
fn any_better(
    ps1: i16,
    alp1: i32,
    dn3: &[i16; NB_POS],
    rr3: &[i16; NB_POS],
    tmp_vect: &[i16; NB_POS],
    sq: i16,
    alp: i16,
) -> bool {
    let ps2 = _mm256_min_epi32(
        _mm256_add_epi32(_mm256_set1_epi32(ps1 as i32), widen8(dn3, 0)),
        _mm256_set1_epi32(i16::MAX as i32),
    );
    let sq2 = _mm256_srai_epi32::<15>(_mm256_mullo_epi32(ps2, ps2));
    let e = _mm256_add_epi32(
        _mm256_set1_epi32(alp1 + 0x8000),
        _mm256_add_epi32(
            _mm256_slli_epi32::<13>(widen8(rr3, 0)),
            _mm256_slli_epi32::<15>(widen8(tmp_vect, 0)),
        ),
    );
    let alp_16 = _mm256_srai_epi32::<16>(e);
    let lhs = _mm256_mullo_epi32(_mm256_set1_epi32(alp as i32), sq2);
    let rhs = _mm256_mullo_epi32(_mm256_set1_epi32(sq as i32), alp_16);
    _mm256_movemask_epi8(_mm256_cmpgt_epi32(lhs, rhs)) != 0
}
