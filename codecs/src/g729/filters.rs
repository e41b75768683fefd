//! Linear filters of G.729: LP synthesis 1/A(z), LP residual A(z), the 1/3
//! resolution adaptive-codebook interpolation, and the input / output high-pass filters.

use super::basic_op::*;
use super::tables::{A100, A140, B100, B140, INTER_3L};
use super::{L_INTER10, M, MP1, UP_SAMP};

/// Synthesis filter 1/A(z) (G.729 §3.10): `y[n] = x[n] - sum a[j] y[n-j]`, with `a` in Q12.
///
/// `mem` holds the last `M` outputs of the previous call (oldest first). Returns whether the
/// computation saturated at any step (the reference's overflow flag). When `update` is true the
/// memory is replaced by the last `M` outputs.
pub(crate) fn syn_filt(
    a: &[i16; MP1],
    x: &[i16],
    y: &mut [i16],
    mem: &mut [i16; M],
    update: bool,
) -> bool {
    let lg = x.len();
    debug_assert!(lg <= 80 && y.len() >= lg);
    let mut tmp = [0i16; 80 + M];
    tmp[..M].copy_from_slice(mem);
    let mut ovf = false;
    // -a[M], …, -a[1] against tmp[i..i + M]; -(-32768) is out of range, and such a
    // coefficient takes the step-by-step path.
    let mut neg_rev = [0i16; M];
    let mut negatable = true;
    for k in 0..M {
        let c = a[M - k];
        negatable &= c != MIN_16;
        neg_rev[k] = c.wrapping_neg();
    }
    for i in 0..lg {
        let s = l_mult_o(x[i], a[0], &mut ovf);
        let w: &[i16; M] = tmp[i..i + M].try_into().unwrap();
        let s = match dot_exact(s, &neg_rev, w) {
            Some(v) if negatable => v,
            _ => msu_chain_o(s, (1..=M).map(|j| (a[j], tmp[M + i - j])), &mut ovf),
        };
        let s = l_shl_o(s, 3, &mut ovf);
        tmp[M + i] = round_o(s, &mut ovf);
    }
    y[..lg].copy_from_slice(&tmp[M..M + lg]);
    if update {
        mem.copy_from_slice(&y[lg - M..lg]);
    }
    ovf
}

/// LP residual through A(z): `x` holds `M` past samples followed by the `lg` samples to filter;
/// `y` receives `lg` outputs.
pub(crate) fn residu(a: &[i16; MP1], x: &[i16], y: &mut [i16]) {
    let lg = x.len() - M;
    let mut rev = [0i16; M];
    for k in 0..M {
        rev[k] = a[M - k];
    }
    for i in 0..lg {
        let n = i + M;
        let s = l_mult(x[n], a[0]);
        let w: &[i16; M] = x[i..i + M].try_into().unwrap();
        let s = match dot_exact(s, &rev, w) {
            Some(v) => v,
            None => mac_chain(s, (1..=M).map(|j| (a[j], x[n - j]))),
        };
        let s = l_shl(s, 3);
        y[i] = round(s);
    }
}

/// Adaptive-codebook vector by 1/3-resolution interpolation of the past excitation
/// (G.729 §3.7, Annex A). `exc[start..start + l]` is written from `exc[start - t0 - 1 - 10 ..]`.
pub(crate) fn pred_lt_3(exc: &mut [i16], start: usize, t0: i16, frac: i16, l: usize) {
    let mut x0 = start as isize - t0 as isize;
    let mut frac = negate(frac);
    if frac < 0 {
        frac = add(frac, UP_SAMP as i16);
        x0 -= 1;
    }
    let frac = frac as usize;
    // The 20 taps as one FIR over exc[x1 - 9 ..= x1 + 10].
    let mut coef = [0i16; 2 * L_INTER10];
    for i in 0..L_INTER10 {
        coef[L_INTER10 - 1 - i] = INTER_3L[frac + UP_SAMP * i];
        coef[L_INTER10 + i] = INTER_3L[UP_SAMP - frac + UP_SAMP * i];
    }
    for j in 0..l {
        let x1 = x0 as usize;
        x0 += 1;
        let x2 = x0 as usize;
        let w: &[i16; 2 * L_INTER10] = exc[x1 + 1 - L_INTER10..x2 + L_INTER10].try_into().unwrap();
        if let Some(s) = dot_exact(0, &coef, w) {
            exc[start + j] = round(s);
            continue;
        }
        let terms = (0..2 * L_INTER10).map(|n| {
            let (i, k) = (n / 2, UP_SAMP * (n / 2));
            if n % 2 == 0 {
                (exc[x1 - i], INTER_3L[frac + k])
            } else {
                (exc[x2 + i], INTER_3L[UP_SAMP - frac + k])
            }
        });
        let s = mac_chain(0, terms);
        exc[start + j] = round(s);
    }
}

/// Second-order pole/zero high-pass filter state (`y` kept in double precision).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HighPass {
    y2_hi: i16,
    y2_lo: i16,
    y1_hi: i16,
    y1_lo: i16,
    x0: i16,
    x1: i16,
}

impl HighPass {
    /// Decoder post-processing (G.729 §4.2.5): 100 Hz high-pass and up-scaling by 2.
    pub(crate) fn post_process(&mut self, signal: &mut [i16]) {
        for s in signal.iter_mut() {
            let x2 = self.x1;
            self.x1 = self.x0;
            self.x0 = *s;
            let mut l = mpy_32_16(self.y1_hi, self.y1_lo, A100[1]);
            l = l_add(l, mpy_32_16(self.y2_hi, self.y2_lo, A100[2]));
            l = l_mac(l, self.x0, B100[0]);
            l = l_mac(l, self.x1, B100[1]);
            l = l_mac(l, x2, B100[2]);
            l = l_shl(l, 2);
            *s = round(l_shl(l, 1));
            self.y2_hi = self.y1_hi;
            self.y2_lo = self.y1_lo;
            (self.y1_hi, self.y1_lo) = l_extract(l);
        }
    }

    /// Encoder pre-processing (G.729 §3.1): 140 Hz high-pass and down-scaling by 2.
    pub(crate) fn pre_process(&mut self, signal: &mut [i16]) {
        for s in signal.iter_mut() {
            let x2 = self.x1;
            self.x1 = self.x0;
            self.x0 = *s;
            let mut l = mpy_32_16(self.y1_hi, self.y1_lo, A140[1]);
            l = l_add(l, mpy_32_16(self.y2_hi, self.y2_lo, A140[2]));
            l = l_mac(l, self.x0, B140[0]);
            l = l_mac(l, self.x1, B140[1]);
            l = l_mac(l, x2, B140[2]);
            l = l_shl(l, 3);
            *s = round(l);
            self.y2_hi = self.y1_hi;
            self.y2_lo = self.y1_lo;
            (self.y1_hi, self.y1_lo) = l_extract(l);
        }
    }
}
