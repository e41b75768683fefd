//! LSP ↔ LP conversions, LP interpolation and weighting, and the switched MA-predictive LSF
//! quantiser shared by the decoder and the encoder (G.729 §3.2.4–§3.2.6, §4.1.1).

use super::basic_op::*;
use super::tables::{
    FG, FG_SUM, FG_SUM_INV, FREQ_PREV_RESET, LSPCB1, LSPCB2, SLOPE_ACOS, SLOPE_COS, TABLE2,
};
use super::{M, MA_NP, MP1, NC};

pub(crate) const L_LIMIT: i16 = 40;
pub(crate) const M_LIMIT: i16 = 25681;
pub(crate) const GAP1: i16 = 10;
pub(crate) const GAP2: i16 = 5;
pub(crate) const GAP3: i16 = 321;

/// Coefficients of F1(z) or F2(z) (Q24) from every other LSP starting at `lsp[first]`.
fn get_lsp_pol(lsp: &[i16; M], first: usize, f: &mut [i32; 6]) {
    match get_lsp_pol_exact(lsp, first) {
        Some(v) => *f = v,
        None => get_lsp_pol_steps(lsp, first, f),
    }
}

/// [`get_lsp_pol`] in 64-bit arithmetic, or `None` when a step of the reference could
/// saturate. Each coefficient is kept whole: with `hi = f >> 16` and `lo = (f >> 1) & 0x7fff`,
/// `f >> 1 = hi 2^15 + lo`, so `mpy_32_16(hi, lo, l) = 2 (((f >> 1) l) >> 15)` unless
/// `hi = l = -32768` (the one `l_mult` that saturates; excluded by the test on `f`). Every
/// other step is an `l_shl`, `l_add`, `l_sub` or `l_msu` whose exact result is checked to
/// fit in 32 bits, where it equals the saturating one; the products fit by the same argument
/// as `mpy_32_16`'s (|2 hi l| < 2^31 - 2^16 and the low part adds less than 2^16).
#[inline(always)]
fn get_lsp_pol_exact(lsp: &[i16; M], first: usize) -> Option<[i32; 6]> {
    let fits = |v: i64| v == v as i32 as i64;
    let mut f = [0i64; 6];
    f[0] = 1 << 24;
    f[1] = -1024 * lsp[first] as i64;
    let mut ok = true;
    for i in 2..=5 {
        let l = lsp[first + 2 * (i - 1)] as i64;
        f[i] = f[i - 2];
        for j in (2..=i).rev() {
            let g = f[j - 1];
            ok &= g >= MIN_32 as i64 + (1 << 16);
            let t0 = 4 * (((g >> 1) * l) >> 15);
            let s = f[j] + f[j - 2];
            let v = s - t0;
            ok &= fits(t0) & fits(s) & fits(v);
            f[j] = v;
        }
        f[1] -= 1024 * l;
        ok &= fits(f[1]);
    }
    ok.then(|| f.map(|v| v as i32))
}

/// [`get_lsp_pol`] step by step with the basic operations.
#[cold]
#[inline(never)]
fn get_lsp_pol_steps(lsp: &[i16; M], first: usize, f: &mut [i32; 6]) {
    f[0] = l_mult(4096, 2048);
    f[1] = l_msu(0, lsp[first], 512);
    for i in 2..=5 {
        let l = lsp[first + 2 * (i - 1)];
        f[i] = f[i - 2];
        for j in (2..=i).rev() {
            // f[j] = f[j] + f[j-2] - 2 * f[j-1] * lsp
            let (hi, lo) = l_extract(f[j - 1]);
            let t0 = l_shl(mpy_32_16(hi, lo, l), 1);
            f[j] = l_add(f[j], f[j - 2]);
            f[j] = l_sub(f[j], t0);
        }
        f[1] = l_msu(f[1], l, 512);
    }
}

/// LP coefficients (Q12) from the LSPs (cosine domain, Q15).
pub(crate) fn lsp_az(lsp: &[i16; M], a: &mut [i16]) {
    let mut f1 = [0i32; 6];
    let mut f2 = [0i32; 6];
    get_lsp_pol(lsp, 0, &mut f1);
    get_lsp_pol(lsp, 1, &mut f2);
    for i in (1..=5).rev() {
        f1[i] = l_add(f1[i], f1[i - 1]);
        f2[i] = l_sub(f2[i], f2[i - 1]);
    }
    a[0] = 4096;
    for i in 1..=5 {
        let j = 11 - i;
        a[i] = extract_l(l_shr_r(l_add(f1[i], f2[i]), 13));
        a[j] = extract_l(l_shr_r(l_sub(f1[i], f2[i]), 13));
    }
}

/// LSF (Q13, radians) to LSP (Q15, cosine).
pub(crate) fn lsf_lsp2(lsf: &[i16; M], lsp: &mut [i16; M]) {
    for i in 0..M {
        let freq = mult(lsf[i], 20861);
        let ind = shr(freq, 8).min(63) as usize;
        let offset = freq & 0x00ff;
        let l = l_mult(SLOPE_COS[ind], offset);
        lsp[i] = add(TABLE2[ind], extract_l(l_shr(l, 13)));
    }
}

/// LSP (Q15, cosine) to LSF (Q13, radians).
pub(crate) fn lsp_lsf2(lsp: &[i16; M], lsf: &mut [i16; M]) {
    let mut ind: i16 = 63;
    for i in (0..M).rev() {
        while sub(TABLE2[ind as usize], lsp[i]) < 0 {
            ind = sub(ind, 1);
            if ind <= 0 {
                break;
            }
        }
        let offset = sub(lsp[i], TABLE2[ind as usize]);
        let l = l_mult(SLOPE_ACOS[ind as usize], offset);
        let freq = add(shl(ind, 9), extract_l(l_shr(l, 12)));
        lsf[i] = mult(freq, 25736);
    }
}

/// Bandwidth expansion `ap[i] = a[i] * gamma^i`.
pub(crate) fn weight_az(a: &[i16], gamma: i16, ap: &mut [i16; MP1]) {
    ap[0] = a[0];
    let mut fac = gamma;
    for i in 1..M {
        ap[i] = round(l_mult(a[i], fac));
        fac = round(l_mult(fac, gamma));
    }
    ap[M] = round(l_mult(a[M], fac));
}

/// Interpolated LP filters of the two subframes: the mean of the old and new LSPs for the
/// first, the new LSPs for the second.
pub(crate) fn int_qlpc(lsp_old: &[i16; M], lsp_new: &[i16; M], az: &mut [i16; 2 * MP1]) {
    let mut lsp = [0i16; M];
    for i in 0..M {
        lsp[i] = add(shr(lsp_new[i], 1), shr(lsp_old[i], 1));
    }
    lsp_az(&lsp, &mut az[..MP1]);
    lsp_az(lsp_new, &mut az[MP1..]);
}

/// Minimum-distance rearrangement of the quantised vector over `range`.
pub(crate) fn lsp_expand(buf: &mut [i16; M], gap: i16, range: core::ops::Range<usize>) {
    for j in range {
        let diff = sub(buf[j - 1], buf[j]);
        let tmp = shr(add(diff, gap), 1);
        if tmp > 0 {
            buf[j - 1] = sub(buf[j - 1], tmp);
            buf[j] = add(buf[j], tmp);
        }
    }
}

/// Composes the quantised LSF from the codebook vector and the MA predictor memory.
pub(crate) fn lsp_prev_compose(
    lsp_ele: &[i16; M],
    lsp: &mut [i16; M],
    fg: &[[i16; M]; MA_NP],
    freq_prev: &[[i16; M]; MA_NP],
    fg_sum: &[i16; M],
) {
    for j in 0..M {
        let mut acc = l_mult(lsp_ele[j], fg_sum[j]);
        for k in 0..MA_NP {
            acc = l_mac(acc, freq_prev[k][j], fg[k][j]);
        }
        lsp[j] = extract_h(acc);
    }
}

/// Extracts the codebook-domain vector that would have produced `lsp` with this predictor.
pub(crate) fn lsp_prev_extract(
    lsp: &[i16; M],
    lsp_ele: &mut [i16; M],
    fg: &[[i16; M]; MA_NP],
    freq_prev: &[[i16; M]; MA_NP],
    fg_sum_inv: &[i16; M],
) {
    for j in 0..M {
        let mut l = l_deposit_h(lsp[j]);
        for k in 0..MA_NP {
            l = l_msu(l, freq_prev[k][j], fg[k][j]);
        }
        let temp = extract_h(l);
        let l = l_mult(temp, fg_sum_inv[j]);
        lsp_ele[j] = extract_h(l_shl(l, 3));
    }
}

/// Pushes a codebook-domain vector into the MA predictor memory.
pub(crate) fn lsp_prev_update(lsp_ele: &[i16; M], freq_prev: &mut [[i16; M]; MA_NP]) {
    for k in (1..MA_NP).rev() {
        freq_prev[k] = freq_prev[k - 1];
    }
    freq_prev[0] = *lsp_ele;
}

/// Ordering and minimum distance of the quantised LSFs (G.729 §3.2.4).
pub(crate) fn lsp_stability(buf: &mut [i16; M]) {
    for j in 0..M - 1 {
        if (buf[j + 1] as i32) - (buf[j] as i32) < 0 {
            buf.swap(j, j + 1);
        }
    }
    if buf[0] < L_LIMIT {
        buf[0] = L_LIMIT;
    }
    for j in 0..M - 1 {
        if (buf[j + 1] as i32) - (buf[j] as i32) < GAP3 as i32 {
            buf[j + 1] = add(buf[j], GAP3);
        }
    }
    if buf[M - 1] > M_LIMIT {
        buf[M - 1] = M_LIMIT;
    }
}

/// Quantised LSF from the three codebook indices and the predictor mode.
#[allow(clippy::too_many_arguments)]
pub(crate) fn lsp_get_quant(
    code0: usize,
    code1: usize,
    code2: usize,
    mode: usize,
    freq_prev: &mut [[i16; M]; MA_NP],
    lspq: &mut [i16; M],
) {
    let mut buf = [0i16; M];
    for j in 0..NC {
        buf[j] = add(LSPCB1[code0][j], LSPCB2[code1][j]);
    }
    for j in NC..M {
        buf[j] = add(LSPCB1[code0][j], LSPCB2[code2][j]);
    }
    lsp_expand(&mut buf, GAP1, 1..M);
    lsp_expand(&mut buf, GAP2, 1..M);
    lsp_prev_compose(&buf, lspq, &FG[mode], freq_prev, &FG_SUM[mode]);
    lsp_prev_update(&buf, freq_prev);
    lsp_stability(lspq);
}

/// Decoder-side LSF dequantiser state (G.729 §4.1.1).
#[derive(Debug, Clone)]
pub(crate) struct LspDecoder {
    pub(crate) freq_prev: [[i16; M]; MA_NP],
    prev_ma: usize,
    prev_lsp: [i16; M],
}

impl LspDecoder {
    pub(crate) fn new() -> Self {
        LspDecoder {
            freq_prev: [FREQ_PREV_RESET; MA_NP],
            prev_ma: 0,
            prev_lsp: FREQ_PREV_RESET,
        }
    }

    /// Decodes the LSPs (Q15) from the two LSP parameters, or repeats the last ones when the
    /// frame is erased.
    pub(crate) fn decode(&mut self, l01: i16, l23: i16, erased: bool, lsp_q: &mut [i16; M]) {
        let mut lsf_q = [0i16; M];
        if !erased {
            let mode = ((l01 >> 7) & 1) as usize;
            let code0 = (l01 & 127) as usize;
            let code1 = ((l23 >> 5) & 31) as usize;
            let code2 = (l23 & 31) as usize;
            lsp_get_quant(code0, code1, code2, mode, &mut self.freq_prev, &mut lsf_q);
            self.prev_lsp = lsf_q;
            self.prev_ma = mode;
        } else {
            lsf_q = self.prev_lsp;
            let mut buf = [0i16; M];
            lsp_prev_extract(
                &self.prev_lsp,
                &mut buf,
                &FG[self.prev_ma],
                &self.freq_prev,
                &FG_SUM_INV[self.prev_ma],
            );
            lsp_prev_update(&buf, &mut self.freq_prev);
        }
        lsf_lsp2(&lsf_q, lsp_q);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn lsp_pol_is_the_reference(
            lsp in prop::collection::vec(
                prop_oneof![3 => -32768i16..=32767, 1 => Just(i16::MIN), 1 => Just(i16::MAX)],
                M,
            ),
            first in 0usize..2,
        ) {
            let lsp: [i16; M] = lsp.try_into().unwrap();
            let (mut f, mut f0) = ([0i32; 6], [0i32; 6]);
            get_lsp_pol(&lsp, first, &mut f);
            get_lsp_pol_steps(&lsp, first, &mut f0);
            prop_assert_eq!(f, f0);
        }

        #[test]
        fn sorted_lsp_pol_is_the_reference(
            mut lsp in prop::collection::vec(any::<i16>(), M),
            first in 0usize..2,
        ) {
            lsp.sort_unstable_by(|a, b| b.cmp(a));
            let lsp: [i16; M] = lsp.try_into().unwrap();
            let (mut f, mut f0) = ([0i32; 6], [0i32; 6]);
            get_lsp_pol(&lsp, first, &mut f);
            get_lsp_pol_steps(&lsp, first, &mut f0);
            prop_assert_eq!(f, f0);
        }
    }
}
