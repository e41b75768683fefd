//! Linear filters of G.729: LP synthesis 1/A(z), LP residual A(z), the 1/3
//! resolution adaptive-codebook interpolation, and the input / output high-pass filters.

use super::basic_op::*;
use super::tables::{A100, A140, B100, B140, INTER_3L};
use super::{L_INTER10, L_SUBFR, M, MP1, UP_SAMP};

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
    (crate::kernels::g729::fns().syn_filt)(a, x, y, mem, update)
}

/// [`syn_filt`]'s body, compiled once per kernel (`crate::kernels::g729`).
#[inline(always)]
pub(crate) fn syn_filt_body(
    a: &[i16; MP1],
    x: &[i16],
    y: &mut [i16],
    mem: &mut [i16; M],
    update: bool,
) -> bool {
    let lg = x.len().min(y.len());
    debug_assert!(lg <= 80 && y.len() >= x.len() && lg >= M);
    let mut ovf = false;
    // Per-sample bound: |2 (x a0 - sum a_j y_j)| <= 2 (|x| |a0| + r sum |a_j|), with r the
    // largest |y| among the memory and the outputs so far. When that fits in 32 bits no
    // `l_mult` / `l_msu` step of the sample can saturate and plain 32-bit arithmetic gives
    // the reference's bits; otherwise the sample takes the general path (`syn_sample_steps`).
    let a0 = a[0].unsigned_abs() as u64;
    let a_sum = a[1..].iter().map(|v| v.unsigned_abs() as u32).sum::<u32>() as u64;
    let x_max = x[..lg].iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as u64;
    // `r <= r_lim` implies the bound for every input of the call (`r_lim a_sum <=
    // i32::MAX / 2 - x_max a0`): one compare per sample, and the exact test only above it.
    // -1 when even `r = 0` may fail.
    let half = MAX_32 as u64 / 2;
    let r_lim = if x_max * a0 <= half {
        ((half - x_max * a0) / a_sum.max(1)) as i64
    } else {
        -1
    };
    let mut r = mem.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as u64;
    // The last `M` outputs live in registers (`hist[0]` the newest), so a sample never waits
    // for the store of the previous one to reach memory; the newest output's term comes
    // last, so the other nine products of a sample are ready before it is.
    let mut hist = [0i32; M];
    for k in 0..M {
        hist[k] = mem[M - 1 - k] as i32;
    }
    let c: [i32; MP1] = a.map(|v| v as i32);
    for (xi, yi) in x[..lg].iter().zip(y[..lg].iter_mut()) {
        let plain =
            r as i64 <= r_lim || 2 * (xi.unsigned_abs() as u64 * a0 + r * a_sum) <= MAX_32 as u64;
        let v = if plain {
            let mut acc = *xi as i32 * c[0];
            for k in (1..M).rev() {
                acc -= c[k + 1] * hist[k];
            }
            acc -= c[1] * hist[0];
            // `l_shl(2 acc, 3)` then `round`: neither saturates while `-2^27 <= acc` and
            // `16 acc + 2^15 <= i32::MAX`, and then the result is `(16 acc + 2^15) >> 16`.
            // The branch is predicted (speech stays far inside), which keeps the saturation
            // test off the sample-to-sample dependency chain.
            if (-(1 << 27)..=(MAX_32 - 0x8000) >> 4).contains(&acc) {
                ((acc << 4) + 0x8000) >> 16
            } else {
                let s = l_shl_o(acc * 2, 3, &mut ovf);
                round_o(s, &mut ovf) as i32
            }
        } else {
            syn_sample_steps(a, *xi, hist, &mut ovf) as i32
        };
        *yi = v as i16;
        r = r.max(v.unsigned_abs() as u64);
        for k in (1..M).rev() {
            hist[k] = hist[k - 1];
        }
        hist[0] = v;
    }
    if update {
        mem.copy_from_slice(&y[lg - M..lg]);
    }
    ovf
}

/// One output of [`syn_filt_body`] outside its bound: `x a0 - sum a_j y_{n-j}` with the
/// reference's saturating steps (`hist[j - 1]` is `y_{n-j}`), then `l_shl(., 3)` and `round`.
#[cold]
#[inline(never)]
fn syn_sample_steps(a: &[i16; MP1], x: i16, hist: [i32; M], ovf: &mut bool) -> i16 {
    let s = l_mult_o(x, a[0], ovf);
    // -a[M], …, -a[1] against y_{n-M}, …, y_{n-1}; -(-32768) is out of range, and such a
    // coefficient takes the step-by-step chain.
    let mut neg_rev = [0i16; M];
    let mut w = [0i16; M];
    let mut negatable = true;
    for k in 0..M {
        let c = a[M - k];
        negatable &= c != MIN_16;
        neg_rev[k] = c.wrapping_neg();
        w[k] = hist[M - 1 - k] as i16;
    }
    let s = match dot_exact(s, &neg_rev, &w) {
        Some(v) if negatable => v,
        _ => msu_chain_o(s, (1..=M).map(|j| (a[j], hist[j - 1] as i16)), ovf),
    };
    let s = l_shl_o(s, 3, ovf);
    round_o(s, ovf)
}

/// LP residual through A(z): `x` holds `M` past samples followed by the `lg` samples to filter;
/// `y` receives `lg` outputs.
pub(crate) fn residu(a: &[i16; MP1], x: &[i16], y: &mut [i16]) {
    (crate::kernels::g729::fns().residu)(a, x, y)
}

/// [`residu`]'s body, compiled once per kernel.
#[inline(always)]
pub(crate) fn residu_body(a: &[i16; MP1], x: &[i16], y: &mut [i16]) {
    let lg = x.len() - M;
    // Block bound: |2 sum a_j x_{n-j}| <= 2 max|x| sum|a|; when that fits in 32 bits no
    // `l_mult` / `l_mac` step can saturate and the plain FIR gives the reference's bits.
    let x_max = x.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as u64;
    let a_sum = a.iter().map(|v| v.unsigned_abs() as u32).sum::<u32>() as u64;
    if 2 * x_max * a_sum <= MAX_32 as u64 {
        let mut rev = [0i16; MP1];
        for k in 0..MP1 {
            rev[k] = a[M - k];
        }
        for (i, out) in y[..lg].iter_mut().enumerate() {
            let w: &[i16; MP1] = x[i..i + MP1].try_into().unwrap();
            let mut acc = 0i32;
            for k in 0..MP1 {
                acc += rev[k] as i32 * w[k] as i32;
            }
            *out = round(l_shl(acc * 2, 3));
        }
        return;
    }
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
    (crate::kernels::g729::fns().pred_lt_3)(exc, start, t0, frac, l)
}

/// [`pred_lt_3`]'s body, compiled once per kernel.
#[inline(always)]
pub(crate) fn pred_lt_3_body(exc: &mut [i16], start: usize, t0: i16, frac: i16, l: usize) {
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
    let c_sum = coef.iter().map(|v| v.unsigned_abs() as u32).sum::<u32>() as u64;
    let x0 = x0 as usize;
    // Output j reads exc[x0 + j - 9 .. x0 + j + 11) and is written to exc[start + j]; with a
    // short lag it reads outputs of this call. Outputs are made in blocks short enough that
    // a block reads only samples below its first output (already final), so each block is a
    // plain FIR from one part of `exc` into another.
    //
    // Block bound: |2 sum c_k w_k| <= 2 max|w| sum|c| over the block's inputs; when that fits
    // in 32 bits no `l_mac` step can saturate and plain 32-bit arithmetic gives the
    // reference's bits. Otherwise the block is computed step by step.
    let block = (start - x0 - L_INTER10).max(1);
    let mut j0 = 0;
    while j0 < l {
        let len = block.min(l - j0);
        let lo = x0 + j0 + 1 - L_INTER10;
        let hi = x0 + j0 + len + L_INTER10; // one past the last sample read
        let (src, dst) = exc.split_at_mut(start + j0);
        let src = &src[lo..hi];
        let w_max = src.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as u64;
        if 2 * w_max * c_sum <= MAX_32 as u64 {
            for (j, out) in dst[..len].iter_mut().enumerate() {
                let w: &[i16; 2 * L_INTER10] = src[j..j + 2 * L_INTER10].try_into().unwrap();
                let mut acc = 0i32;
                for k in 0..2 * L_INTER10 {
                    acc += coef[k] as i32 * w[k] as i32;
                }
                *out = round(acc * 2);
            }
        } else {
            for (j, out) in dst[..len].iter_mut().enumerate() {
                let w: &[i16; 2 * L_INTER10] = src[j..j + 2 * L_INTER10].try_into().unwrap();
                // The reference's order: exc[x1 - i] * c1[i], exc[x2 + i] * c2[i], i = 0..10.
                let terms = (0..L_INTER10).flat_map(|i| {
                    [
                        (w[L_INTER10 - 1 - i], coef[L_INTER10 - 1 - i]),
                        (w[L_INTER10 + i], coef[L_INTER10 + i]),
                    ]
                });
                *out = round(mac_chain(0, terms));
            }
        }
        j0 += len;
    }
}

/// Total excitation `round(l_shl(l_mac(l_mult(exc, g_p), code, g_c), 1))` in place
/// (G.729 §3.10, §4.1.6).
pub(crate) fn build_excitation(
    exc: &mut [i16; L_SUBFR],
    code: &[i16; L_SUBFR],
    g_p: i16,
    g_c: i16,
) {
    // Block bound: with `S = exc g_p + code g_c`, the steps compute `2 S` (`l_mult`,
    // `l_mac`), `4 S` (`l_shl`) and `(4 S + 2^15) >> 16` (`round`). When
    // `max|exc| |g_p| + max|code| |g_c| <= (i32::MAX - 2^15) / 4`, none of them saturates
    // (that also rules out `l_mult(-32768, -32768)`), and the plain expression is exact.
    let e_max = exc.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as u64;
    let c_max = code.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as u64;
    let bound = e_max * g_p.unsigned_abs() as u64 + c_max * g_c.unsigned_abs() as u64;
    if bound <= (MAX_32 as u64 - 0x8000) / 4 {
        for (e, &c) in exc.iter_mut().zip(code) {
            let s = *e as i32 * g_p as i32 + c as i32 * g_c as i32;
            *e = ((s * 4 + 0x8000) >> 16) as i16;
        }
    } else {
        for (e, &c) in exc.iter_mut().zip(code) {
            let mut l = l_mult(*e, g_p);
            l = l_mac(l, c, g_c);
            l = l_shl(l, 1);
            *e = round(l);
        }
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
    /// Whether no step of the filter's `l_mac` / `l_add` chain can saturate on a block whose
    /// inputs (and the two remembered ones) are at most `x_max` in magnitude: `|mpy_32_16(hi,
    /// lo, a)| <= 2 |a| (2^15 + 1)` (as `lo` is in `[0, 2^15)`), each input term is at most
    /// `2 |b| x_max`, and when the sum of these magnitudes fits in 32 bits so does every
    /// partial sum.
    #[inline(always)]
    fn exact_chain(a: &[i16; 3], b: &[i16; 3], x_max: i64) -> bool {
        let mpy = |c: i16| 2 * (c.unsigned_abs() as i64) * ((1 << 15) + 1);
        let b_sum: i64 = b.iter().map(|&c| c.unsigned_abs() as i64).sum();
        mpy(a[1]) + mpy(a[2]) + 2 * x_max * b_sum <= MAX_32 as i64
    }

    /// The largest input magnitude of a block: its samples and the two remembered inputs.
    #[inline(always)]
    fn x_max(&self, signal: &[i16]) -> i64 {
        let m = signal.iter().fold(0u16, |m, v| m.max(v.unsigned_abs()));
        m.max(self.x0.unsigned_abs()).max(self.x1.unsigned_abs()) as i64
    }

    /// Runs the filter over a block that passes [`Self::exact_chain`], with plain 32-bit
    /// arithmetic for the chain (`l_mult` by a coefficient other than -32768 and `mult` by a
    /// `lo` in `[0, 2^15)` never saturate); `out` maps the shifted sum to the output sample.
    /// `l_extract`'s steps cannot saturate either: `lo = (l >> 1) - (hi << 15)` is the low 15
    /// bits of `l >> 1`.
    #[inline(always)]
    fn run_exact(
        &mut self,
        signal: &mut [i16],
        a: &[i16; 3],
        b: &[i16; 3],
        shift: i16,
        out: impl Fn(i32) -> i16,
    ) {
        // The state as `l >> 1` of the last two sums: `hi = l >> 16` and `lo = (l >> 1) &
        // 0x7fff` give `l >> 1 = hi 2^15 + lo`, so `mpy_32_16(hi, lo, c) = 2 (hi c) +
        // 2 ((lo c) >> 15)` is `2 (((l >> 1) c) >> 15)`: one multiply on the recursion.
        let join = |hi: i16, lo: i16| ((hi as i32) << 15) | lo as i32;
        let (mut h1, mut h2) = (join(self.y1_hi, self.y1_lo), join(self.y2_hi, self.y2_lo));
        let (mut x0, mut x1) = (self.x0, self.x1);
        let (a1, a2) = (a[1] as i64, a[2] as i64);
        let mpy = |h: i32, c: i64| 2 * (((h as i64 * c) >> 15) as i32);
        for s in signal.iter_mut() {
            let x2 = x1;
            x1 = x0;
            x0 = *s;
            let l = mpy(h1, a1)
                + mpy(h2, a2)
                + 2 * (x0 as i32 * b[0] as i32)
                + 2 * (x1 as i32 * b[1] as i32)
                + 2 * (x2 as i32 * b[2] as i32);
            // A predicted branch rather than a select keeps the saturation test off the
            // recursion; the shift saturates only on a clipping input.
            let l = if (l << shift) >> shift == l {
                l << shift
            } else {
                Self::saturating_shl(l, shift)
            };
            *s = out(l);
            h2 = h1;
            h1 = l >> 1;
        }
        (self.y1_hi, self.y1_lo) = ((h1 >> 15) as i16, (h1 & 0x7fff) as i16);
        (self.y2_hi, self.y2_lo) = ((h2 >> 15) as i16, (h2 & 0x7fff) as i16);
        (self.x0, self.x1) = (x0, x1);
    }

    /// `l_shl(l, shift)` where it saturates, out of the filter's loop.
    #[cold]
    #[inline(never)]
    fn saturating_shl(l: i32, shift: i16) -> i32 {
        l_shl(l, shift)
    }

    /// Decoder post-processing (G.729 §4.2.5): 100 Hz high-pass and up-scaling by 2.
    pub(crate) fn post_process(&mut self, signal: &mut [i16]) {
        let out = |l| round(l_shl(l, 1));
        if Self::exact_chain(&A100, &B100, self.x_max(signal)) {
            self.run_exact(signal, &A100, &B100, 2, out);
        } else {
            self.run_steps(signal, &A100, &B100, 2, out);
        }
    }

    /// Encoder pre-processing (G.729 §3.1): 140 Hz high-pass and down-scaling by 2.
    pub(crate) fn pre_process(&mut self, signal: &mut [i16]) {
        if Self::exact_chain(&A140, &B140, self.x_max(signal)) {
            self.run_exact(signal, &A140, &B140, 3, round);
        } else {
            self.run_steps(signal, &A140, &B140, 3, round);
        }
    }

    /// The filter with the ITU basic operations, one saturating step at a time: the
    /// reference the bounded `run_exact` path must equal.
    fn run_steps(
        &mut self,
        signal: &mut [i16],
        a: &[i16; 3],
        b: &[i16; 3],
        shift: i16,
        out: impl Fn(i32) -> i16,
    ) {
        for s in signal.iter_mut() {
            let x2 = self.x1;
            self.x1 = self.x0;
            self.x0 = *s;
            let mut l = mpy_32_16(self.y1_hi, self.y1_lo, a[1]);
            l = l_add(l, mpy_32_16(self.y2_hi, self.y2_lo, a[2]));
            l = l_mac(l, self.x0, b[0]);
            l = l_mac(l, self.x1, b[1]);
            l = l_mac(l, x2, b[2]);
            l = l_shl(l, shift);
            *s = out(l);
            self.y2_hi = self.y1_hi;
            self.y2_lo = self.y1_lo;
            (self.y1_hi, self.y1_lo) = l_extract(l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// G.729's `Syn_filt`, step by step with the basic operations.
    fn syn_filt_reference(
        a: &[i16; MP1],
        x: &[i16],
        y: &mut [i16],
        mem: &mut [i16; M],
        update: bool,
    ) -> bool {
        let mut ovf = false;
        let mut tmp = [0i16; 80 + M];
        tmp[..M].copy_from_slice(mem);
        for i in 0..x.len() {
            let mut s = l_mult_o(x[i], a[0], &mut ovf);
            for j in 1..=M {
                s = l_msu_o(s, a[j], tmp[M + i - j], &mut ovf);
            }
            s = l_shl_o(s, 3, &mut ovf);
            tmp[M + i] = round_o(s, &mut ovf);
        }
        y[..x.len()].copy_from_slice(&tmp[M..M + x.len()]);
        if update {
            mem.copy_from_slice(&y[x.len() - M..x.len()]);
        }
        ovf
    }

    /// G.729's `Pred_lt_3`, step by step with the basic operations.
    fn pred_lt_3_reference(exc: &mut [i16], start: usize, t0: i16, frac: i16, l: usize) {
        let mut x0 = start as isize - t0 as isize;
        let mut frac = negate(frac);
        if frac < 0 {
            frac = add(frac, UP_SAMP as i16);
            x0 -= 1;
        }
        let frac = frac as usize;
        for j in 0..l {
            let x1 = x0 as usize;
            let x2 = x1 + 1;
            let mut s = 0i32;
            for i in 0..L_INTER10 {
                s = l_mac(s, exc[x1 - i], INTER_3L[frac + UP_SAMP * i]);
                s = l_mac(s, exc[x2 + i], INTER_3L[UP_SAMP - frac + UP_SAMP * i]);
            }
            exc[start + j] = round(s);
            x0 += 1;
        }
    }

    /// G.729's `Residu`, step by step with the basic operations.
    fn residu_reference(a: &[i16; MP1], x: &[i16], y: &mut [i16]) {
        for i in 0..x.len() - M {
            let mut s = l_mult(x[i + M], a[0]);
            for j in 1..=M {
                s = l_mac(s, a[j], x[i + M - j]);
            }
            y[i] = round(l_shl(s, 3));
        }
    }

    /// G.729's `Post_Process` / `Pre_Process`, step by step with the basic operations.
    fn high_pass_reference(hp: &mut HighPass, signal: &mut [i16], post: bool) {
        let (a, b, shift) = if post {
            (A100, B100, 2)
        } else {
            (A140, B140, 3)
        };
        for s in signal.iter_mut() {
            let x2 = hp.x1;
            hp.x1 = hp.x0;
            hp.x0 = *s;
            let mut l = mpy_32_16(hp.y1_hi, hp.y1_lo, a[1]);
            l = l_add(l, mpy_32_16(hp.y2_hi, hp.y2_lo, a[2]));
            l = l_mac(l, hp.x0, b[0]);
            l = l_mac(l, hp.x1, b[1]);
            l = l_mac(l, x2, b[2]);
            l = l_shl(l, shift);
            *s = if post { round(l_shl(l, 1)) } else { round(l) };
            hp.y2_hi = hp.y1_hi;
            hp.y2_lo = hp.y1_lo;
            (hp.y1_hi, hp.y1_lo) = l_extract(l);
        }
    }

    fn sample() -> impl Strategy<Value = i16> {
        prop_oneof![3 => -2048i16..2048, 1 => -12000i16..12000, 1 => any::<i16>()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn syn_filt_is_the_reference(
            a in prop::collection::vec(sample(), MP1),
            x in prop::collection::vec(sample(), 40),
            mem in prop::collection::vec(sample(), M),
            update: bool,
        ) {
            let a: [i16; MP1] = a.try_into().unwrap();
            let mem: [i16; M] = mem.try_into().unwrap();
            let (mut y0, mut m0) = ([0i16; 40], mem);
            let f0 = syn_filt_reference(&a, &x, &mut y0, &mut m0, update);
            let (mut y, mut m) = ([0i16; 40], mem);
            let f = syn_filt_body(&a, &x, &mut y, &mut m, update);
            prop_assert_eq!((y, m, f), (y0, m0, f0));
        }

        #[test]
        fn residu_is_the_reference(
            a in prop::collection::vec(sample(), MP1),
            x in prop::collection::vec(sample(), 40 + M),
        ) {
            let a: [i16; MP1] = a.try_into().unwrap();
            let (mut y0, mut y) = ([0i16; 40], [0i16; 40]);
            residu_reference(&a, &x, &mut y0);
            residu_body(&a, &x, &mut y);
            prop_assert_eq!(y, y0);
        }

        #[test]
        fn high_pass_is_the_reference(
            blocks in prop::collection::vec(
                prop_oneof![
                    prop::collection::vec(sample(), 40),
                    (1i16..=i16::MAX).prop_flat_map(|amp| {
                        prop::collection::vec(-amp - 1..=amp, 40)
                    }),
                ],
                1..8,
            ),
            post: bool,
        ) {
            let (mut hp0, mut hp) = (HighPass::default(), HighPass::default());
            for block in blocks {
                let (mut s0, mut s) = (block.clone(), block);
                high_pass_reference(&mut hp0, &mut s0, post);
                if post { hp.post_process(&mut s) } else { hp.pre_process(&mut s) }
                prop_assert_eq!(&s, &s0);
                prop_assert_eq!(
                    (hp.y1_hi, hp.y1_lo, hp.y2_hi, hp.y2_lo, hp.x0, hp.x1),
                    (hp0.y1_hi, hp0.y1_lo, hp0.y2_hi, hp0.y2_lo, hp0.x0, hp0.x1)
                );
            }
        }

        #[test]
        fn pred_lt_3_is_the_reference(
            exc in prop::collection::vec(sample(), 154 + 80),
            t0 in 19i16..=143,
            frac in -1i16..=1,
        ) {
            let mut e0 = exc.clone();
            pred_lt_3_reference(&mut e0, 154, t0, frac, 40);
            let mut e = exc;
            pred_lt_3_body(&mut e, 154, t0, frac, 40);
            prop_assert_eq!(e, e0);
        }
    }
}
