//! Fixed (algebraic) codebook search of Annex A (§A.3.8): 4 pulses on 40 positions, found by
//! the reduced depth-first tree search.

use core::mem::MaybeUninit;

use super::basic_op::*;
use super::L_SUBFR;

const STEP: usize = 5;
/// Positions per track.
pub(crate) const NB_POS: usize = 8;

/// Correlation matrix of the impulse response with the signs of the backward-filtered target
/// folded in, in lag layout: `lag[k][d] = rr[39 - k][39 - k - d]` for `d <= 39 - k` (the
/// entries with `d > 39 - k` are computed from zero padding and never read). The diagonal
/// (`d = 0`) carries no sign.
///
/// The search reads the diagonal and pairs on different tracks; the lag layout holds every
/// pair once, is written row by row (no clearing pass), and each of its rows comes out of one
/// step of the running sums below.
struct Corr<'a> {
    lag: &'a Lag,
}

/// The rows of [`Corr`]'s lag layout.
pub(crate) type Lag = [[i16; L_SUBFR]; L_SUBFR];

impl<'a> Corr<'a> {
    /// `rr[i][j] = sum_{k <= 39 - max(i,j)} h[k] h[k + |i-j|]` on a scaled copy of `h`, then
    /// `mult(rr[i][j], +-1)` off the diagonal: `mult(., 32767)` when pulses `i` and `j` have
    /// the same sign, `mult(., -32768)` otherwise (the reference's sign pass).
    ///
    /// Each lag `d` is one running sum over `k`, read off at `k = 39 - j` as `rr[j - d][j]`,
    /// which is the reference's order of accumulation. Step `k` advances all forty lags at
    /// once (lags that have run past the end of `h` add zero padding, which leaves a sum
    /// unchanged both in plain and in saturating arithmetic) and produces row `j = 39 - k`.
    #[inline(always)]
    fn new<O: SearchOps>(
        ops: O,
        hin: &[i16; L_SUBFR],
        sign_dn: &[i16; L_SUBFR],
        buf: &'a mut MaybeUninit<Lag>,
    ) -> Self {
        let mut cor = 0i32;
        for &v in hin {
            cor = l_mac(cor, v, v);
        }
        // `h` followed by zeros, so that `hp[k..k + 40]` is `h[k + d]` for every lag.
        let mut hp = [0i16; 2 * L_SUBFR];
        if extract_h(cor) > 32000 {
            for i in 0..L_SUBFR {
                hp[i] = shr(hin[i], 1);
            }
        } else {
            let k = shr(norm_l(cor), 1);
            for i in 0..L_SUBFR {
                hp[i] = shl(hin[i], k);
            }
        }
        // Signs in reverse order: `sg[k + d]` is the sign of pulse `39 - k - d`.
        let mut sg = [0i16; 2 * L_SUBFR];
        for m in 0..L_SUBFR {
            sg[m] = sign_dn[L_SUBFR - 1 - m];
        }
        // By Cauchy-Schwarz every partial sum is at most the energy 2 sum h^2 in magnitude:
        // when that fits in 32 bits, no step saturates and plain adds give the same bits.
        // (Squares are at most 2^30; the padding adds nothing.)
        let energy: u64 = hp[..L_SUBFR]
            .iter()
            .map(|&v| (v as i32 * v as i32) as u32 as u64)
            .sum();
        let lag = if 2 * energy <= MAX_32 as u64 {
            ops.lag_rows(&hp, &sg, buf)
        } else {
            buf.write(lag_rows_saturating(&hp, &sg))
        };
        Corr { lag }
    }

    /// The signed `rr[i][j]` (`i != j` on different tracks, or `i == j`): with `hi = max(i, j)`
    /// it is `lag[39 - hi][hi - min(i, j)]`, at flat offset `40 (39 - hi) + hi - min(i, j)`
    /// `= 1560 - (i + j) - 38 hi`.
    #[inline(always)]
    fn get(&self, i: usize, j: usize) -> i16 {
        self.lag.as_flattened()[L_SUBFR * (L_SUBFR - 1) - (i + j) - (L_SUBFR - 2) * i.max(j)]
    }

    /// `rr[i][i]`.
    #[inline(always)]
    fn diag(&self, i: usize) -> i16 {
        self.lag[L_SUBFR - 1 - i][0]
    }

    /// `rr[i][t + 5 k]` for the eight positions of track `t`.
    #[inline(always)]
    fn track_row(&self, i: usize, t: usize) -> [i16; NB_POS] {
        // Loops rather than `array::from_fn`, which is not inlined into the kernels' copies.
        let mut r = [0i16; NB_POS];
        for k in 0..NB_POS {
            r[k] = self.get(i, t + STEP * k);
        }
        r
    }
}

/// The vector steps of the search, one implementation per kernel; [`ScalarSearch`] is the
/// specification the others must equal bit for bit.
pub(crate) trait SearchOps: Copy {
    /// The forty rows of [`Corr`]'s lag layout when no running sum can saturate (the energy of
    /// `hp` fits in 32 bits): `hp` is the scaled impulse response followed by zeros, `sg` the
    /// pulse signs in reverse order followed by anything.
    /// The rows are written into `out` (in place, so that the 3200 bytes are not moved),
    /// which is returned initialised.
    fn lag_rows<'a>(
        self,
        hp: &[i16; 2 * L_SUBFR],
        sg: &[i16; 2 * L_SUBFR],
        out: &'a mut MaybeUninit<Lag>,
    ) -> &'a Lag;

    /// [`candidates`], or `None` when none of the eight candidates is [`better`] than the
    /// running best `(sq, alp)`: the sequential choice would then keep the running best, so
    /// an implementation may skip it. `ps1 >= 0`, `dn3 >= 0`, `sq >= -1` and `alp1`, `rr3`,
    /// `tmp_vect` as bounded in [`candidates`].
    #[allow(clippy::too_many_arguments)]
    fn candidates(
        self,
        ps1: i16,
        alp1: i32,
        dn3: &[i16; NB_POS],
        rr3: &[i16; NB_POS],
        tmp_vect: &[i16; NB_POS],
        sq: i16,
        alp: i16,
    ) -> Option<([i16; NB_POS], [i16; NB_POS])>;
}

/// The portable implementation of [`SearchOps`].
#[derive(Clone, Copy)]
pub(crate) struct ScalarSearch;

impl SearchOps for ScalarSearch {
    #[inline(always)]
    fn lag_rows<'a>(
        self,
        hp: &[i16; 2 * L_SUBFR],
        sg: &[i16; 2 * L_SUBFR],
        out: &'a mut MaybeUninit<Lag>,
    ) -> &'a Lag {
        let mut s = [0i32; L_SUBFR];
        // The rows in order k = 0, 1, ..., 39 (array elements are evaluated left to right),
        // each one advancing the running sums by one step.
        out.write(forty_in_order!(|k| {
            let hs: &[i16; L_SUBFR] = hp[k..k + L_SUBFR].try_into().unwrap();
            let hk = 2 * hp[k] as i32;
            for (s, &h) in s.iter_mut().zip(hs) {
                *s = s.wrapping_add(hk * h as i32);
            }
            signed_row(&s, sg[k..k + L_SUBFR].try_into().unwrap())
        }))
    }

    #[inline(always)]
    fn candidates(
        self,
        ps1: i16,
        alp1: i32,
        dn3: &[i16; NB_POS],
        rr3: &[i16; NB_POS],
        tmp_vect: &[i16; NB_POS],
        _sq: i16,
        _alp: i16,
    ) -> Option<([i16; NB_POS], [i16; NB_POS])> {
        Some(candidates(ps1, alp1, dn3, rr3, tmp_vect))
    }
}

/// `[f(0), f(1), ..., f(39)]`, evaluated in that order, without a generic helper and without
/// clearing the array first.
macro_rules! forty_in_order {
    (|$k:ident| $e:expr) => {
        forty_in_order!(@ $k, $e; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
            24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39)
    };
    (@ $k:ident, $e:expr; $($n:literal)*) => {
        [$({
            let $k: usize = $n;
            $e
        }),*]
    };
}
use forty_in_order;

/// [`SearchOps::lag_rows`] when the energy does not fit in 32 bits: the reference's
/// saturating `l_mac` at every step. (Rare: only for impulse responses close to full scale.)
fn lag_rows_saturating(
    hp: &[i16; 2 * L_SUBFR],
    sg: &[i16; 2 * L_SUBFR],
) -> [[i16; L_SUBFR]; L_SUBFR] {
    let mut s = [0i32; L_SUBFR];
    let mut lag = [[0i16; L_SUBFR]; L_SUBFR];
    for k in 0..L_SUBFR {
        let hs: &[i16; L_SUBFR] = hp[k..k + L_SUBFR].try_into().unwrap();
        for (s, &h) in s.iter_mut().zip(hs) {
            *s = l_mac(*s, hp[k], h);
        }
        lag[k] = signed_row(&s, sg[k..k + L_SUBFR].try_into().unwrap());
    }
    lag
}

/// A row of the lag layout from the running sums: `mult(extract_h(s[d]), +-1)`, the factor
/// `32767` when the row's pulse (sign `ss[0]`) and pulse `d` lags back (sign `ss[d]`) have the
/// same sign and `-32768` otherwise; the diagonal `d = 0` unsigned.
#[inline(always)]
pub(crate) fn signed_row(s: &[i32; L_SUBFR], ss: &[i16; L_SUBFR]) -> [i16; L_SUBFR] {
    let sj = ss[0];
    let mut row = [0i16; L_SUBFR];
    for d in 0..L_SUBFR {
        let f = if ss[d] == sj { MAX_16 } else { MIN_16 };
        row[d] = mult(extract_h(s[d]), f);
    }
    row[0] = extract_h(s[0]);
    row
}

/// Searches the fixed codebook for target `x` and impulse response `h` (modified in place by
/// the pitch sharpening). Writes the codeword `code` (Q13, sharpened) and its filtered version
/// `y` (Q12); returns `(position index, sign index)`.
pub(crate) fn acelp_code_a(
    x: &[i16; L_SUBFR],
    h: &mut [i16; L_SUBFR],
    t0: i16,
    pitch_sharp: i16,
    code: &mut [i16; L_SUBFR],
    y: &mut [i16; L_SUBFR],
) -> (i16, i16) {
    (crate::kernels::g729::fns().acelp_code_a)(x, h, t0, pitch_sharp, code, y)
}

/// [`acelp_code_a`]'s body, compiled once per kernel with that kernel's [`SearchOps`].
#[inline(always)]
pub(crate) fn acelp_code_a_body<O: SearchOps>(
    ops: O,
    x: &[i16; L_SUBFR],
    h: &mut [i16; L_SUBFR],
    t0: i16,
    pitch_sharp: i16,
    code: &mut [i16; L_SUBFR],
    y: &mut [i16; L_SUBFR],
) -> (i16, i16) {
    let sharp = shl(pitch_sharp, 1);
    let t0 = t0 as usize;
    if t0 < L_SUBFR {
        for i in t0..L_SUBFR {
            h[i] = add(h[i], mult(h[i - t0], sharp));
        }
    }
    let mut dn = [0i16; L_SUBFR];
    super::pitch::cor_h_x_body(h, x, &mut dn);
    let (index, sign) = d4i40_17_fast(ops, &mut dn, h, code, y);
    if t0 < L_SUBFR {
        for i in t0..L_SUBFR {
            code[i] = add(code[i], mult(code[i - t0], sharp));
        }
    }
    (index, sign)
}

/// The search's choice test `l_msu(l_mult(alp, sq2), sq, alp2) > 0`, for `sq2 >= -1` and
/// `sq >= -1` (squared correlations, or the initial -1). `l_mult` saturates only for two
/// factors of -32768, which a factor `>= -1` rules out, and a saturated difference keeps the
/// sign of the exact one, so the exact comparison gives the reference's answer.
#[inline(always)]
pub(crate) fn better(alp: i16, sq2: i16, sq: i16, alp2: i16) -> bool {
    debug_assert!(sq2 >= -1 && sq >= -1);
    alp as i64 * sq2 as i64 > sq as i64 * alp2 as i64
}

/// Phase A's rounded energy `round(l_mac(l_mac(alp1, rr_01, 16384), rr_11, 8192))` with
/// `alp1 = l_mult(rr_00, 8192)`. The diagonal terms `rr_00` and `rr_11` are energies in
/// `[0, 32767]`, so the sum before rounding lies in `[-2^30, 2^15 (2^15 - 1) 2]` and the
/// rounding adds 2^15: no step saturates and plain arithmetic gives the reference's bits.
#[inline(always)]
fn pair_energy(alp1: i32, rr_01: i16, rr_11: i16) -> i16 {
    debug_assert!(rr_11 >= 0 && (0..1 << 29).contains(&alp1));
    let alp2 = alp1 + 2 * 16384 * rr_01 as i32 + 2 * 8192 * rr_11 as i32;
    ((alp2 + 0x8000) >> 16) as i16
}

/// The `NB_POS` entries of track `t` (positions `t`, `t + 5`, …, `t + 35`) of `v`.
#[inline(always)]
fn track_of(v: &[i16; L_SUBFR], t: usize) -> [i16; NB_POS] {
    let mut r = [0i16; NB_POS];
    for k in 0..NB_POS {
        r[k] = v[t + STEP * k];
    }
    r
}

/// Phase B's candidate terms for the eight positions `i3` of the last track, given the partial
/// correlation `ps1 >= 0` and energy `alp1` of the other three pulses (`dn3 >= 0`, the
/// target's magnitudes on that track): the squared correlation
/// `mult(ps2, ps2)` and the rounded energy `round(l_mac(l_mac(alp1, rr3, 4096), tmp, 16384))`.
/// They do not depend on the running best, so they are computed apart from the (sequential)
/// choice.
///
/// No step of the energy saturates, so plain 32-bit arithmetic gives the reference's bits:
/// `alp1 = 16384 alp + 8192 (rr_a + rr_b) + 4096 rr_22` (see [`phase_b`]) with `rr_22 >= 0`,
/// `rr3` any 16-bit value and `tmp` in `[-16384, 20479]` ([`phase_b`]'s `tmp_vect`), so the
/// sum lies in `[-2^29 - 2^29 - 2^28 - 2^29, 536854528 + 536854528 + 134213632 + 268427264 +
/// 20479 * 32768] = [-1879048192, 2147405824]`, and the rounding constant keeps it below 2^31.
#[inline(always)]
pub(crate) fn candidates(
    ps1: i16,
    alp1: i32,
    dn3: &[i16; NB_POS],
    rr3: &[i16; NB_POS],
    tmp_vect: &[i16; NB_POS],
) -> ([i16; NB_POS], [i16; NB_POS]) {
    let mut sq2 = [0i16; NB_POS];
    let mut alp_16 = [0i16; NB_POS];
    debug_assert!(ps1 >= 0 && dn3.iter().all(|&d| d >= 0));
    for k in 0..NB_POS {
        // `add(ps1, dn3[k])` of two non-negative values saturates only upwards.
        let ps2 = (ps1 as i32 + dn3[k] as i32).min(MAX_16 as i32);
        // `mult(ps2, ps2)`: `ps2 >= 0`, so the product is at most 32767^2 and `>> 15` gives at
        // most 32766, no saturation.
        sq2[k] = ((ps2 * ps2) >> 15) as i16;
        let alp2 = alp1 + 8192 * rr3[k] as i32 + 32768 * tmp_vect[k] as i32;
        alp_16[k] = ((alp2 + 0x8000) >> 16) as i16;
    }
    (sq2, alp_16)
}

/// Phase B of a depth-first search: the pair `(i2, i3)` on tracks `(t2, t3)` completing the
/// pair `(i0, i1)` of phase A (correlation `ps0`, rounded energy `alp`). `block[a]` is
/// `rr[t2 + 5 a][t3 + 5 b]` for `b = 0..8`. Returns `(sq, alp, i2, i3)` of the best
/// completion, scanned in the reference's order.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn phase_b<O: SearchOps>(
    ops: O,
    corr: &Corr<'_>,
    dn: &[i16; L_SUBFR],
    block: &[[i16; NB_POS]; NB_POS],
    ps0: i16,
    alp: i16,
    (i0, i1): (usize, usize),
    t2: usize,
    t3: usize,
) -> (i16, i16, usize, usize) {
    // `l_mult(alp, 8192)`, which cannot saturate (8192 is not -32768).
    let alp0 = 16384 * alp as i32;
    // `round(l_mac(l_mac(l_mult(rr_30, 8192), rr_31, 8192), rr_33, 4096))`: the sum lies in
    // `[-2^30, 32767 (16384 + 16384 + 8192)]` (`rr_33 >= 0`) and the rounding keeps it below
    // 2^31, so plain arithmetic gives the same bits; the result is in `[-16384, 20479]`.
    let mut tmp_vect = [0i16; NB_POS];
    for k in 0..NB_POS {
        let i3 = t3 + STEP * k;
        let d3 = corr.diag(i3);
        debug_assert!(d3 >= 0);
        let s = 16384 * (corr.get(i3, i0) as i32 + corr.get(i3, i1) as i32) + 8192 * d3 as i32;
        tmp_vect[k] = ((s + 0x8000) >> 16) as i16;
    }
    let dn3 = track_of(dn, t3);
    let (mut sq, mut alp) = (-1i16, 1i16);
    // The reference leaves the phase-A pair in place when no completion is better (as for a
    // silent target).
    let (mut ix, mut iy) = (i0, i1);
    for (a, rr3) in block.iter().enumerate() {
        let i2 = t2 + STEP * a;
        let ps1 = add(ps0, dn[i2]);
        let d2 = corr.diag(i2);
        debug_assert!(d2 >= 0);
        // The three `l_mac` of the reference; bounded as in `candidates`.
        let alp1 =
            alp0 + 8192 * (corr.get(i2, i0) as i32 + corr.get(i2, i1) as i32) + 4096 * d2 as i32;
        let Some((sq2, alp_16)) = ops.candidates(ps1, alp1, &dn3, rr3, &tmp_vect, sq, alp) else {
            continue;
        };
        for k in 0..NB_POS {
            if better(alp, sq2[k], sq, alp_16[k]) {
                sq = sq2[k];
                alp = alp_16[k];
                ix = i2;
                iy = t3 + STEP * k;
            }
        }
    }
    (sq, alp, ix, iy)
}

/// `rr[t2 + 5 a][t3 + 5 b]` for `a, b = 0..8`.
#[inline(always)]
fn block(corr: &Corr<'_>, t2: usize, t3: usize) -> [[i16; NB_POS]; NB_POS] {
    let mut b = [[0i16; NB_POS]; NB_POS];
    for a in 0..NB_POS {
        b[a] = corr.track_row(t2 + STEP * a, t3);
    }
    b
}

#[inline(always)]
fn d4i40_17_fast<O: SearchOps>(
    ops: O,
    dn: &mut [i16; L_SUBFR],
    h: &[i16; L_SUBFR],
    cod: &mut [i16; L_SUBFR],
    y: &mut [i16; L_SUBFR],
) -> (i16, i16) {
    let mut sign_dn = [0i16; L_SUBFR];
    for i in 0..L_SUBFR {
        if dn[i] >= 0 {
            sign_dn[i] = MAX_16;
        } else {
            sign_dn[i] = MIN_16;
            dn[i] = negate(dn[i]);
        }
    }
    let mut lag = MaybeUninit::uninit();
    let corr = Corr::new(ops, h, &sign_dn, &mut lag);
    let dn = &*dn;
    // Both depth-first searches of both passes complete with the same track pairs.
    let b01 = block(&corr, 0, 1);
    let b12 = block(&corr, 1, 2);

    let mut psk: i16 = -1;
    let mut alpk: i16 = 1;
    let (mut ip0, mut ip1, mut ip2, mut ip3) = (0usize, 1usize, 2usize, 3usize);
    let (mut ix, mut iy) = (0usize, 0usize);
    let mut ps: i16 = 0;

    for track in 3..5usize {
        // Depth-first search 1, phase A: tracks 2 and 3/4.
        let mut sq: i16 = -1;
        let mut alp: i16 = 1;
        let mut prev_i0: isize = -1;
        let mut i0 = 0usize;
        for _ in 0..2 {
            let mut max: i16 = -1;
            for j in (2..L_SUBFR).step_by(STEP) {
                if dn[j] > max && prev_i0 != j as isize {
                    max = dn[j];
                    i0 = j;
                }
            }
            prev_i0 = i0 as isize;
            let ps1 = dn[i0];
            let alp1 = l_mult(corr.diag(i0), 8192);
            for i1 in (track..L_SUBFR).step_by(STEP) {
                let ps2 = add(ps1, dn[i1]);
                let alp_16 = pair_energy(alp1, corr.get(i0, i1), corr.diag(i1));
                let sq2 = mult(ps2, ps2);
                if better(alp, sq2, sq, alp_16) {
                    sq = sq2;
                    ps = ps2;
                    alp = alp_16;
                    ix = i0;
                    iy = i1;
                }
            }
        }
        let i0 = ix;
        let i1 = iy;

        // Phase B: tracks 0 and 1.
        (sq, alp, ix, iy) = phase_b(ops, &corr, dn, &b01, ps, alp, (i0, i1), 0, 1);
        if better(alpk, sq, psk, alp) {
            psk = sq;
            alpk = alp;
            ip2 = i0;
            ip3 = i1;
            ip0 = ix;
            ip1 = iy;
        }

        // Depth-first search 2, phase A: tracks 3/4 and 0.
        sq = -1;
        alp = 1;
        let mut prev_i0: isize = -1;
        let mut i0 = 0usize;
        for _ in 0..2 {
            let mut max: i16 = -1;
            for j in (track..L_SUBFR).step_by(STEP) {
                if dn[j] > max && prev_i0 != j as isize {
                    max = dn[j];
                    i0 = j;
                }
            }
            prev_i0 = i0 as isize;
            let ps1 = dn[i0];
            let alp1 = l_mult(corr.diag(i0), 8192);
            for i1 in (0..L_SUBFR).step_by(STEP) {
                let ps2 = add(ps1, dn[i1]);
                let alp_16 = pair_energy(alp1, corr.get(i1, i0), corr.diag(i1));
                let sq2 = mult(ps2, ps2);
                if better(alp, sq2, sq, alp_16) {
                    sq = sq2;
                    ps = ps2;
                    alp = alp_16;
                    ix = i0;
                    iy = i1;
                }
            }
        }
        let i0 = ix;
        let i1 = iy;

        // Phase B: tracks 1 and 2.
        (sq, alp, ix, iy) = phase_b(ops, &corr, dn, &b12, ps, alp, (i0, i1), 1, 2);
        if better(alpk, sq, psk, alp) {
            psk = sq;
            alpk = alp;
            ip3 = i0;
            ip0 = i1;
            ip1 = ix;
            ip2 = iy;
        }
    }

    let s0 = sign_dn[ip0];
    let s1 = sign_dn[ip1];
    let s2 = sign_dn[ip2];
    let s3 = sign_dn[ip3];
    cod.fill(0);
    cod[ip0] = shr(s0, 2);
    cod[ip1] = shr(s1, 2);
    cod[ip2] = shr(s2, 2);
    cod[ip3] = shr(s3, 2);

    y.fill(0);
    for i in ip0..L_SUBFR {
        y[i] = if s0 > 0 {
            h[i - ip0]
        } else {
            negate(h[i - ip0])
        };
    }
    for (ip, s) in [(ip1, s1), (ip2, s2), (ip3, s3)] {
        for i in ip..L_SUBFR {
            y[i] = if s > 0 {
                add(y[i], h[i - ip])
            } else {
                sub(y[i], h[i - ip])
            };
        }
    }

    let mut sign: i16 = 0;
    if s0 > 0 {
        sign += 1;
    }
    if s1 > 0 {
        sign += 2;
    }
    if s2 > 0 {
        sign += 4;
    }
    if s3 > 0 {
        sign += 8;
    }
    let p0 = (ip0 / 5) as i16;
    let p1 = (ip1 / 5) as i16;
    let p2 = (ip2 / 5) as i16;
    let i = (ip3 / 5) as i16;
    let j = ip3 as i16 - (i * 5 + 3);
    let p3 = i * 2 + j;
    let index = p0 + (p1 << 3) + (p2 << 6) + (p3 << 9);
    (index, sign)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Small values most of the time, anywhere in the 16-bit range otherwise (the scaling
    /// and saturating paths).
    fn samples() -> impl Strategy<Value = Vec<i16>> {
        prop::collection::vec(
            prop_oneof![3 => -2048i16..2048, 1 => any::<i16>(), 1 => Just(i16::MIN), 1 => Just(i16::MAX)],
            L_SUBFR,
        )
    }

    /// Degenerate inputs, where no candidate improves on the initial choice.
    #[test]
    fn degenerate_inputs_match_full_matrix_form() {
        for (x, h) in [
            (0i16, 0i16),
            (0, 100),
            (100, 0),
            (i16::MIN, i16::MIN),
            (i16::MAX, i16::MIN),
        ] {
            let x = [x; L_SUBFR];
            let h = [h; L_SUBFR];
            for t0 in [20i16, 39, 40, 143] {
                let (mut h0, mut c0, mut y0) = (h, [0i16; L_SUBFR], [0i16; L_SUBFR]);
                let r0 = super::super::acelp_ref::acelp_code_a_ref(
                    &x, &mut h0, t0, 13017, &mut c0, &mut y0,
                );
                let (mut h1, mut c1, mut y1) = (h, [0i16; L_SUBFR], [0i16; L_SUBFR]);
                let r1 = acelp_code_a_body(ScalarSearch, &x, &mut h1, t0, 13017, &mut c1, &mut y1);
                assert_eq!((r1, h1, c1, y1), (r0, h0, c0, y0));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The lag-layout search picks the same pulses, signs, codeword and filtered
        /// codeword as the full-matrix form.
        #[test]
        fn search_matches_full_matrix_form(
            x in samples(),
            h in samples(),
            t0 in 20i16..=143,
            sharp in 3277i16..=13017,
        ) {
            let x: [i16; L_SUBFR] = x.try_into().unwrap();
            let h: [i16; L_SUBFR] = h.try_into().unwrap();
            let (mut h0, mut c0, mut y0) = (h, [0i16; L_SUBFR], [0i16; L_SUBFR]);
            let r0 = super::super::acelp_ref::acelp_code_a_ref(&x, &mut h0, t0, sharp, &mut c0, &mut y0);
            let (mut h1, mut c1, mut y1) = (h, [0i16; L_SUBFR], [0i16; L_SUBFR]);
            let r1 = acelp_code_a_body(ScalarSearch, &x, &mut h1, t0, sharp, &mut c1, &mut y1);
            prop_assert_eq!((r1, h1, c1, y1), (r0, h0, c0, y0));
        }
    }
}
