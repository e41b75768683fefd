//! Encoder LP analysis (G.729 §3.2): windowed autocorrelation, lag window, Levinson-Durbin,
//! LP to LSP conversion, and the LSP quantiser search (§3.2.4).

use super::basic_op::*;
use super::lsp::{lsf_lsp2, lsp_expand, lsp_get_quant, lsp_lsf2, lsp_prev_extract, GAP1, GAP2};
use super::tables::{
    FG, FG_SUM, FG_SUM_INV, FREQ_PREV_RESET, GRID, HAMWINDOW, LAG_H, LAG_L, LSPCB1, LSPCB2, SLOPE,
    TABLE,
};
use super::{M, MA_NP, MP1, NC};

/// Order of the autocorrelation computed for Annex B's VAD (the LP order is `M`).
pub(crate) const NP: usize = 12;
const L_WINDOW: usize = 240;
const GRID_POINTS: usize = 50;
const PI04: i16 = 1029;
const PI92: i16 = 23677;
const CONST10: i16 = 10 * (1 << 11);
const CONST12: i16 = 19661;

/// Autocorrelations `r[0..=NP]` of the Hamming-windowed signal in double precision, with the
/// exponent of `r[0]`.
pub(crate) fn autocorr(x: &[i16], r_h: &mut [i16; NP + 1], r_l: &mut [i16; NP + 1]) -> i16 {
    (crate::kernels::g729::fns().autocorr)(x, r_h, r_l)
}

/// [`autocorr`]'s body, compiled once per kernel.
#[inline(always)]
pub(crate) fn autocorr_body(x: &[i16], r_h: &mut [i16; NP + 1], r_l: &mut [i16; NP + 1]) -> i16 {
    let mut y = [0i16; L_WINDOW];
    for i in 0..L_WINDOW {
        y[i] = mult_r(x[i], HAMWINDOW[i]);
    }
    let mut exp_r0: i16 = 1;
    let mut sum;
    loop {
        let mut ovf = false;
        sum = mac_chain_o(1, y.iter().map(|&v| (v, v)), &mut ovf);
        if !ovf {
            break;
        }
        for v in y.iter_mut() {
            *v = shr(*v, 2);
        }
        exp_r0 = add(exp_r0, 4);
    }
    let norm = norm_l(sum);
    sum = l_shl(sum, norm);
    (r_h[0], r_l[0]) = l_extract(sum);
    exp_r0 = sub(exp_r0, norm);
    for i in 1..=NP {
        let s = mac_dot(0, &y[..L_WINDOW - i], &y[i..]);
        let s = l_shl(s, norm);
        (r_h[i], r_l[i]) = l_extract(s);
    }
    exp_r0
}

/// Lag windowing of `r[1..=M]`.
pub(crate) fn lag_window(r_h: &mut [i16], r_l: &mut [i16]) {
    for i in 1..=M {
        let x = mpy_32(r_h[i], r_l[i], LAG_H[i - 1], LAG_L[i - 1]);
        (r_h[i], r_l[i]) = l_extract(x);
    }
}

/// Levinson-Durbin recursion in double precision. Keeps the last stable filter, which it
/// returns instead of an unstable one.
#[derive(Debug, Clone)]
pub(crate) struct Levinson {
    old_a: [i16; MP1],
    old_rc: [i16; 2],
}

impl Levinson {
    pub(crate) fn new() -> Self {
        let mut old_a = [0; MP1];
        old_a[0] = 4096;
        Levinson {
            old_a,
            old_rc: [0; 2],
        }
    }

    /// LP coefficients `a` (Q12) and reflection coefficients `rc` (Q15) from the
    /// autocorrelations; returns the prediction error energy, or `None` when the recursion
    /// became unstable and the previous filter was returned.
    pub(crate) fn run(
        &mut self,
        rh: &[i16],
        rl: &[i16],
        a: &mut [i16],
        rc: &mut [i16; M],
    ) -> Option<i16> {
        let mut ah = [0i16; MP1];
        let mut al = [0i16; MP1];
        let mut anh = [0i16; MP1];
        let mut anl = [0i16; MP1];

        let t1 = l_comp(rh[1], rl[1]);
        let t2 = l_abs(t1);
        let mut t0 = div_32(t2, rh[0], rl[0]);
        if t1 > 0 {
            t0 = l_negate(t0);
        }
        let (mut kh, mut kl) = l_extract(t0);
        rc[0] = kh;
        t0 = l_shr(t0, 4);
        (ah[1], al[1]) = l_extract(t0);
        t0 = mpy_32(kh, kl, kh, kl);
        t0 = l_abs(t0);
        t0 = l_sub(MAX_32, t0);
        let (hi, lo) = l_extract(t0);
        t0 = mpy_32(rh[0], rl[0], hi, lo);
        let mut alp_exp = norm_l(t0);
        t0 = l_shl(t0, alp_exp);
        let (mut alp_h, mut alp_l) = l_extract(t0);

        for i in 2..=M {
            let mut t0 = 0i32;
            for j in 1..i {
                t0 = l_add(t0, mpy_32(rh[j], rl[j], ah[i - j], al[i - j]));
            }
            t0 = l_shl(t0, 4);
            let t1 = l_comp(rh[i], rl[i]);
            t0 = l_add(t0, t1);
            let t1 = l_abs(t0);
            let mut t2 = div_32(t1, alp_h, alp_l);
            if t0 > 0 {
                t2 = l_negate(t2);
            }
            t2 = l_shl(t2, alp_exp);
            (kh, kl) = l_extract(t2);
            rc[i - 1] = kh;
            if abs_s(kh) > 32750 {
                a[..MP1].copy_from_slice(&self.old_a);
                rc[0] = self.old_rc[0];
                rc[1] = self.old_rc[1];
                return None;
            }
            for j in 1..i {
                let mut t0 = mpy_32(kh, kl, ah[i - j], al[i - j]);
                t0 = l_add(t0, l_comp(ah[j], al[j]));
                (anh[j], anl[j]) = l_extract(t0);
            }
            t2 = l_shr(t2, 4);
            (anh[i], anl[i]) = l_extract(t2);
            let mut t0 = mpy_32(kh, kl, kh, kl);
            t0 = l_abs(t0);
            t0 = l_sub(MAX_32, t0);
            let (hi, lo) = l_extract(t0);
            t0 = mpy_32(alp_h, alp_l, hi, lo);
            let j = norm_l(t0);
            t0 = l_shl(t0, j);
            (alp_h, alp_l) = l_extract(t0);
            alp_exp = add(alp_exp, j);
            ah[1..=i].copy_from_slice(&anh[1..=i]);
            al[1..=i].copy_from_slice(&anl[1..=i]);
        }
        let err = shr(alp_h, alp_exp);
        a[0] = 4096;
        for i in 1..=M {
            let t0 = l_comp(ah[i], al[i]);
            a[i] = round(l_shl(t0, 1));
            self.old_a[i] = a[i];
        }
        self.old_rc = [rc[0], rc[1]];
        Some(err)
    }
}

/// The Chebyshev polynomial `f` evaluated at `x` (G.729 `Chebps_11` / `Chebps_10`).
#[inline(always)]
fn chebps(x: i16, f: &[i16; NC + 1], q10: bool) -> i16 {
    chebps_exact(x, f, q10).unwrap_or_else(|| chebps_steps(x, f, q10))
}

/// [`chebps`] with plain 32-bit arithmetic, or `None` when a step could saturate.
///
/// The recursion keeps `b = b_h 2^16 + b_l 2^1` (with `b_l` in `[0, 2^15)`). While `|b1_h|`
/// and `|b2_h|` are below 2^12: `|mpy_32_16(b1_h, b1_l, x)| <= 2 (2^12 - 1) 2^15 + 2^16 <
/// 2^28`, so `l_shl(.., 1)` stays below 2^29; `l_mult(b2_h, -32768)` is exact and below 2^28,
/// `l_msu(.., b2_l, 1)` moves by less than 2^16 and `l_mac(.., f, 4096)` by at most 2^28: every
/// partial sum stays below 2^31 and no step saturates. `l_mult` by `x` or by the positive
/// `two_x`, and `mult(b_l, x)`, never saturate, and `l_extract`'s `lo` is the low 15 bits of
/// `b >> 1`. The first `b1` is at most 2^25 + 2^28 in magnitude.
#[inline(always)]
fn chebps_exact(x: i16, f: &[i16; NC + 1], q10: bool) -> Option<i16> {
    let (b2_init, two_x, shift) = if q10 { (128, 256, 7) } else { (256, 512, 6) };
    // `b` is kept as `b_h 2^16 + b_l 2^1`, i.e. the sum with its lowest bit cleared. As
    // `b >> 1 = b_h 2^15 + b_l`, `mpy_32_16(b_h, b_l, x) = 2 (b_h x) + 2 ((b_l x) >> 15)`
    // is `2 (((b >> 1) x) >> 15)`: a single multiply on the recursion.
    let small = |b: i32| (-4095..=4095).contains(&(b >> 16));
    let x64 = x as i64;
    let mpy = |b: i32| 2 * ((((b >> 1) as i64 * x64) >> 15) as i32);
    let mut b2: i32 = b2_init << 16;
    let mut b1 = (2 * x as i32 * two_x + 8192 * f[1] as i32) & !1;
    for &fi in &f[2..NC] {
        if !small(b1) {
            return None;
        }
        let t0 = 2 * mpy(b1) - b2 + 8192 * fi as i32;
        b2 = b1;
        b1 = t0 & !1;
    }
    if !small(b1) {
        return None;
    }
    let t0 = mpy(b1) - b2 + 4096 * f[NC] as i32;
    Some(extract_h(l_shl(t0, shift)))
}

/// [`chebps`] step by step with the basic operations.
#[cold]
#[inline(never)]
fn chebps_steps(x: i16, f: &[i16; NC + 1], q10: bool) -> i16 {
    let (b2_init, two_x, shift) = if q10 { (128, 256, 7) } else { (256, 512, 6) };
    let mut b2_h: i16 = b2_init;
    let mut b2_l: i16 = 0;
    let mut t0 = l_mult(x, two_x);
    t0 = l_mac(t0, f[1], 4096);
    let (mut b1_h, mut b1_l) = l_extract(t0);
    for &fi in &f[2..NC] {
        let mut t0 = mpy_32_16(b1_h, b1_l, x);
        t0 = l_shl(t0, 1);
        t0 = l_mac(t0, b2_h, -32768);
        t0 = l_msu(t0, b2_l, 1);
        t0 = l_mac(t0, fi, 4096);
        let (b0_h, b0_l) = l_extract(t0);
        b2_l = b1_l;
        b2_h = b1_h;
        b1_l = b0_l;
        b1_h = b0_h;
    }
    let mut t0 = mpy_32_16(b1_h, b1_l, x);
    t0 = l_mac(t0, b2_h, -32768);
    t0 = l_msu(t0, b2_l, 1);
    t0 = l_mac(t0, f[NC], 2048);
    t0 = l_shl(t0, shift);
    extract_h(t0)
}

/// LSPs (Q15) of the LP filter `a` by Chebyshev root search; `old_lsp` when fewer than `M`
/// roots are found.
pub(crate) fn az_lsp(a: &[i16], lsp: &mut [i16; M], old_lsp: &[i16; M]) {
    let mut f1 = [0i16; NC + 1];
    let mut f2 = [0i16; NC + 1];
    let mut ovf = false;
    f1[0] = 2048;
    f2[0] = 2048;
    for i in 0..NC {
        let mut t0 = l_mult_o(a[i + 1], 16384, &mut ovf);
        t0 = l_mac_o(t0, a[M - i], 16384, &mut ovf);
        let x = extract_h(t0);
        let d = x as i32 - f1[i] as i32;
        if d != d as i16 as i32 {
            ovf = true;
        }
        f1[i + 1] = sub(x, f1[i]);
        let mut t0 = l_mult_o(a[i + 1], 16384, &mut ovf);
        t0 = l_msu_o(t0, a[M - i], 16384, &mut ovf);
        let x = extract_h(t0);
        let s = x as i32 + f2[i] as i32;
        if s != s as i16 as i32 {
            ovf = true;
        }
        f2[i + 1] = add(x, f2[i]);
    }
    let q10 = ovf;
    if q10 {
        f1[0] = 1024;
        f2[0] = 1024;
        for i in 0..NC {
            let mut t0 = l_mult(a[i + 1], 8192);
            t0 = l_mac(t0, a[M - i], 8192);
            let x = extract_h(t0);
            f1[i + 1] = sub(x, f1[i]);
            let mut t0 = l_mult(a[i + 1], 8192);
            t0 = l_msu(t0, a[M - i], 8192);
            let x = extract_h(t0);
            f2[i + 1] = add(x, f2[i]);
        }
    }

    let mut nf = 0usize;
    let mut use_f2 = false;
    let mut xlow = GRID[0];
    let mut ylow = chebps(xlow, &f1, q10);
    let mut j = 0usize;
    while nf < M && j < GRID_POINTS {
        j += 1;
        let coef = if use_f2 { &f2 } else { &f1 };
        let mut xhigh = xlow;
        let mut yhigh = ylow;
        xlow = GRID[j];
        ylow = chebps(xlow, coef, q10);
        if l_mult(ylow, yhigh) <= 0 {
            for _ in 0..2 {
                let xmid = add(shr(xlow, 1), shr(xhigh, 1));
                let ymid = chebps(xmid, coef, q10);
                if l_mult(ylow, ymid) <= 0 {
                    yhigh = ymid;
                    xhigh = xmid;
                } else {
                    ylow = ymid;
                    xlow = xmid;
                }
            }
            let x = sub(xhigh, xlow);
            let mut y = sub(yhigh, ylow);
            let xint = if y == 0 {
                xlow
            } else {
                let sign = y;
                y = abs_s(y);
                let exp = norm_s(y);
                y = shl(y, exp);
                y = div_s(16383, y);
                let mut t0 = l_mult(x, y);
                t0 = l_shr(t0, sub(20, exp));
                y = extract_l(t0);
                if sign < 0 {
                    y = negate(y);
                }
                let t0 = l_shr(l_mult(ylow, y), 11);
                sub(xlow, extract_l(t0))
            };
            lsp[nf] = xint;
            xlow = xint;
            nf += 1;
            use_f2 = !use_f2;
            let coef = if use_f2 { &f2 } else { &f1 };
            ylow = chebps(xlow, coef, q10);
        }
    }
    if nf < M {
        *lsp = *old_lsp;
    }
}

/// LSP (Q15, cosine) to normalised LSF (Q15, 0..0.5), the VAD's spectral measure.
pub(crate) fn lsp_lsf(lsp: &[i16; M], lsf: &mut [i16; M]) {
    let mut ind: usize = 63;
    for i in (0..M).rev() {
        while TABLE[ind] < lsp[i] {
            ind -= 1;
        }
        let l = l_mult(sub(lsp[i], TABLE[ind]), SLOPE[ind]);
        let tmp = round(l_shl(l, 3));
        lsf[i] = add(tmp, shl(ind as i16, 8));
    }
}

/// Weights of the LSF quantiser distance (G.729 §3.2.4, eq. 22).
pub(crate) fn get_wegt(flsp: &[i16; M], wegt: &mut [i16; M]) {
    let mut buf = [0i16; M];
    buf[0] = sub(flsp[1], PI04 + 8192);
    for i in 1..M - 1 {
        let tmp = sub(flsp[i + 1], flsp[i - 1]);
        buf[i] = sub(tmp, 8192);
    }
    buf[M - 1] = sub(PI92 - 8192, flsp[M - 2]);
    for i in 0..M {
        if buf[i] > 0 {
            wegt[i] = 2048;
        } else {
            let l = l_mult(buf[i], buf[i]);
            let tmp = extract_h(l_shl(l, 2));
            let l = l_mult(tmp, CONST10);
            let tmp = extract_h(l_shl(l, 2));
            wegt[i] = add(tmp, 2048);
        }
    }
    let l = l_mult(wegt[4], CONST12);
    wegt[4] = extract_h(l_shl(l, 1));
    let l = l_mult(wegt[5], CONST12);
    wegt[5] = extract_h(l_shl(l, 1));
    let mut tmp = 0i16;
    for &w in wegt.iter() {
        if w > tmp {
            tmp = w;
        }
    }
    let sft = norm_s(tmp);
    for w in wegt.iter_mut() {
        *w = shl(*w, sft);
    }
}

/// Encoder-side LSF quantiser (G.729 §3.2.4) with its MA predictor memory.
#[derive(Debug, Clone)]
pub(crate) struct LspQuantizer {
    pub(crate) freq_prev: [[i16; M]; MA_NP],
}

impl LspQuantizer {
    pub(crate) fn new() -> Self {
        LspQuantizer {
            freq_prev: [FREQ_PREV_RESET; MA_NP],
        }
    }

    /// Quantises the LSPs (Q15); returns the two LSP parameters (L0 L1, L2 L3).
    pub(crate) fn quantize(&mut self, lsp: &[i16; M], lsp_q: &mut [i16; M]) -> [i16; 2] {
        (crate::kernels::g729::fns().lsp_quantize)(self, lsp, lsp_q)
    }

    /// [`LspQuantizer::quantize`]'s body, compiled once per kernel.
    #[inline(always)]
    pub(crate) fn quantize_body(&mut self, lsp: &[i16; M], lsp_q: &mut [i16; M]) -> [i16; 2] {
        let mut lsf = [0i16; M];
        let mut lsf_q = [0i16; M];
        lsp_lsf2(lsp, &mut lsf);
        let mut wegt = [0i16; M];
        get_wegt(&lsf, &mut wegt);

        let mut cand = [0usize; 2];
        let mut tindex1 = [0usize; 2];
        let mut tindex2 = [0usize; 2];
        let mut l_tdist = [0i32; 2];
        for mode in 0..2 {
            let mut rbuf = [0i16; M];
            lsp_prev_extract(
                &lsf,
                &mut rbuf,
                &FG[mode],
                &self.freq_prev,
                &FG_SUM_INV[mode],
            );
            // First stage pre-selection.
            let c = select_first(&rbuf);
            cand[mode] = c;
            let cb1 = &LSPCB1[c];
            let idx1 = select_second(&rbuf, cb1, &wegt, 0..NC);
            tindex1[mode] = idx1;
            let mut buf = [0i16; M];
            for j in 0..NC {
                buf[j] = add(cb1[j], LSPCB2[idx1][j]);
            }
            lsp_expand(&mut buf, GAP1, 1..NC);
            let idx2 = select_second(&rbuf, cb1, &wegt, NC..M);
            tindex2[mode] = idx2;
            for j in NC..M {
                buf[j] = add(cb1[j], LSPCB2[idx2][j]);
            }
            lsp_expand(&mut buf, GAP1, NC..M);
            lsp_expand(&mut buf, GAP2, 1..M);
            // Weighted distortion of this mode's candidate.
            let mut dist = 0i32;
            for j in 0..M {
                let mut tmp = sub(buf[j], rbuf[j]);
                tmp = mult(tmp, FG_SUM[mode][j]);
                let l = l_mult(wegt[j], tmp);
                let tmp2 = extract_h(l_shl(l, 4));
                dist = l_mac(dist, tmp2, tmp);
            }
            l_tdist[mode] = dist;
        }
        let mode = usize::from(l_sub(l_tdist[1], l_tdist[0]) < 0);
        let code0 = ((mode as i16) << 7) | cand[mode] as i16;
        let code1 = ((tindex1[mode] as i16) << 5) | tindex2[mode] as i16;
        lsp_get_quant(
            cand[mode],
            tindex1[mode],
            tindex2[mode],
            mode,
            &mut self.freq_prev,
            &mut lsf_q,
        );
        lsf_lsp2(&lsf_q, lsp_q);
        [code0, code1]
    }
}

/// `t[j][i] = a[i][j]`.
const fn transpose<const R: usize, const C: usize>(a: &[[i16; C]; R]) -> [[i16; R]; C] {
    let mut t = [[0i16; R]; C];
    let mut i = 0;
    while i < R {
        let mut j = 0;
        while j < C {
            t[j][i] = a[i][j];
            j += 1;
        }
        i += 1;
    }
    t
}

/// The first-stage codebook by coefficient: `LSPCB1_T[j][i] = LSPCB1[i][j]`.
static LSPCB1_T: [[i16; 128]; M] = transpose(&LSPCB1);
/// The second-stage codebook by coefficient: `LSPCB2_T[j][i] = LSPCB2[i][j]`.
static LSPCB2_T: [[i16; 32]; M] = transpose(&LSPCB2);

/// Index of the first minimum.
#[inline(always)]
fn first_min<const N: usize>(v: &[u32; N]) -> usize {
    let m = v.iter().copied().min().unwrap_or(0);
    v.iter().position(|&x| x == m).unwrap_or(0)
}

/// Half of the terms' sum, clamped: `min(sum of t, 2^30)` for terms `0 <= t <= 2^30`, added
/// one at a time as `acc = min(acc + t, 2^30)` (never above 2^31, so `u32` lanes suffice). For
/// non-negative terms the running clamp equals the clamp of the total.
const HALF_CAP: u32 = 1 << 30;

/// First-stage pre-selection: the index of the first `LSPCB1` entry with the smallest
/// saturating `sum_j l_mult(d_j, d_j)`, `d_j = sub(rbuf[j], LSPCB1[i][j])`.
///
/// Every term is `>= 0`, so the saturating chain is the exact sum clamped to `MAX_32`; that is
/// `min(2 S, MAX_32)` with `S = sum d_j^2`, a strictly increasing function of `min(S, 2^30)`
/// ([`HALF_CAP`]), so the first minimum of the latter is the reference's choice (its strict
/// `l_sub(l, dmin) < 0` keeps the first of equal distances, and picks entry 0 when all of them
/// are `MAX_32`). Coefficient by coefficient over the transposed codebook, 128 lanes at once.
#[inline(always)]
fn select_first(rbuf: &[i16; M]) -> usize {
    let mut acc = [0u32; 128];
    for j in 0..M {
        let r = rbuf[j];
        for (a, &c) in acc.iter_mut().zip(&LSPCB1_T[j]) {
            let d = sub(r, c) as i32;
            *a = (*a + (d * d) as u32).min(HALF_CAP);
        }
    }
    first_min(&acc)
}

/// Best second-stage vector over the coefficient range `r` (the lower or upper half).
#[inline(always)]
fn select_second(
    rbuf: &[i16; M],
    cb1: &[i16; M],
    wegt: &[i16; M],
    r: core::ops::Range<usize>,
) -> usize {
    let mut buf = [0i16; M];
    for j in r.clone() {
        buf[j] = sub(rbuf[j], cb1[j]);
    }
    // With every weight >= 0, mult(w, t) has the sign of t (or is 0) and at most its
    // magnitude (no saturation: w < 32768), so each term l_mult(mult(w, t), t) is >= 0 and at
    // most 2^31, and the saturating chain is the exact sum clamped to MAX_32: as in
    // `select_first`, the first minimum of the half-sums clamped to 2^30 is the choice.
    if wegt[r.clone()].iter().all(|&w| w >= 0) {
        let mut acc = [0u32; 32];
        for j in r {
            let (b, w) = (buf[j], wegt[j] as i32);
            for (a, &c) in acc.iter_mut().zip(&LSPCB2_T[j]) {
                let tmp = sub(b, c) as i32;
                let tmp2 = (w * tmp) >> 15;
                *a = (*a + (tmp2 * tmp) as u32).min(HALF_CAP);
            }
        }
        return first_min(&acc);
    }
    let mut index = 0usize;
    let mut dmin = MAX_32;
    for (k1, cb2) in LSPCB2.iter().enumerate() {
        let mut dist = 0i32;
        for j in r.clone() {
            let tmp = sub(buf[j], cb2[j]);
            let tmp2 = mult(wegt[j], tmp);
            dist = l_mac(dist, tmp2, tmp);
        }
        if l_sub(dist, dmin) < 0 {
            dmin = dist;
            index = k1;
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The plain-arithmetic Chebyshev evaluation agrees with the step-by-step one.
        #[test]
        fn chebps_shortcut_is_the_reference(
            x in prop_oneof![any::<i16>(), Just(i16::MIN), -32760i16..=32760],
            f in prop::collection::vec(
                prop_oneof![3 => -4096i16..=4096, 1 => any::<i16>(), 1 => -32768i16..=-30000],
                NC,
            ),
            q10: bool,
        ) {
            let mut c = [if q10 { 1024 } else { 2048 }; NC + 1];
            c[1..].copy_from_slice(&f);
            prop_assert_eq!(chebps(x, &c, q10), chebps_steps(x, &c, q10));
        }

        /// A saturating chain of non-negative terms is its exact sum clamped to MAX_32: the
        /// shortcut both LSP codebook searches take.
        #[test]
        fn non_negative_chain_is_a_clamped_sum(
            t in prop::collection::vec(prop_oneof![any::<i16>(), Just(i16::MIN)], M),
            w in prop::collection::vec(0i16..=i16::MAX, M),
        ) {
            let chain = t.iter().fold(0i32, |s, &v| l_mac(s, v, v));
            let sum: i64 = t.iter().map(|&v| 2 * (v as i64) * (v as i64)).sum();
            prop_assert_eq!(sum.min(MAX_32 as i64) as i32, chain);

            let chain = t.iter().zip(&w).fold(0i32, |s, (&v, &w)| l_mac(s, mult(w, v), v));
            let sum: i64 = t.iter().zip(&w).map(|(&v, &w)| 2 * mult(w, v) as i64 * v as i64).sum();
            prop_assert_eq!(sum.min(MAX_32 as i64) as i32, chain);
        }

        /// Both codebook searches pick the entry the step-by-step saturating chains pick.
        #[test]
        fn codebook_searches_are_the_reference(
            rbuf in prop::collection::vec(
                prop_oneof![3 => 0i16..=26000, 1 => any::<i16>(), 1 => Just(i16::MIN), 1 => Just(i16::MAX)],
                M,
            ),
            wegt in prop::collection::vec(prop_oneof![4 => 0i16..=i16::MAX, 1 => any::<i16>()], M),
            c in 0usize..128,
        ) {
            let rbuf: [i16; M] = rbuf.try_into().unwrap();
            let wegt: [i16; M] = wegt.try_into().unwrap();
            let first = |rbuf: &[i16; M]| {
                let (mut best, mut dmin) = (0usize, MAX_32);
                for (i, cb) in LSPCB1.iter().enumerate() {
                    let l = (0..M).fold(0i32, |s, j| {
                        let d = sub(rbuf[j], cb[j]);
                        l_mac(s, d, d)
                    });
                    if l_sub(l, dmin) < 0 {
                        (best, dmin) = (i, l);
                    }
                }
                best
            };
            prop_assert_eq!(select_first(&rbuf), first(&rbuf));
            let cb1 = &LSPCB1[c];
            for r in [0..NC, NC..M] {
                let (mut best, mut dmin) = (0usize, MAX_32);
                for (i, cb2) in LSPCB2.iter().enumerate() {
                    let l = r.clone().fold(0i32, |s, j| {
                        let t = sub(sub(rbuf[j], cb1[j]), cb2[j]);
                        l_mac(s, mult(wegt[j], t), t)
                    });
                    if l_sub(l, dmin) < 0 {
                        (best, dmin) = (i, l);
                    }
                }
                prop_assert_eq!(select_second(&rbuf, cb1, &wegt, r), best);
            }
        }
    }
}
