//! Adaptive postfilter of G.729 Annex A (§A.4.2): long-term (harmonic) postfilter around the
//! decoded lag, short-term formant postfilter A(z/0.55)/A(z/0.70), tilt compensation and
//! adaptive gain control.

use super::basic_op::*;
use super::filters::{residu, syn_filt};
use super::lsp::weight_az;
use super::{L_FRAME, L_SUBFR, M, MP1, PIT_MAX};

const L_H: usize = 22;
const GAMMAP: i16 = 16384;
const INV_GAMMAP: i16 = 21845;
const GAMMAP_2: i16 = 10923;
const GAMMA2_PST: i16 = 18022;
const GAMMA1_PST: i16 = 22938;
const MU: i16 = 26214;
const AGC_FAC: i16 = 29491;
const AGC_FAC1: i16 = 32767 - AGC_FAC;

/// Postfilter memory.
#[derive(Debug, Clone)]
pub(crate) struct PostFilter {
    /// Residual of the weighted synthesis, `PIT_MAX` past samples then one subframe.
    res2: [i16; PIT_MAX + L_SUBFR],
    /// The same divided by 4, for the correlations.
    scal_res2: [i16; PIT_MAX + L_SUBFR],
    mem_syn_pst: [i16; M],
    mem_pre: i16,
    past_gain: i16,
}

impl PostFilter {
    pub(crate) fn new() -> Self {
        PostFilter {
            res2: [0; PIT_MAX + L_SUBFR],
            scal_res2: [0; PIT_MAX + L_SUBFR],
            mem_syn_pst: [0; M],
            mem_pre: 0,
            past_gain: 4096,
        }
    }

    /// Filters one frame in place. `syn` holds `M` past synthesis samples followed by the
    /// frame; on return the frame holds the postfiltered speech and the history is advanced.
    pub(crate) fn filter(
        &mut self,
        syn: &mut [i16; M + L_FRAME],
        az_4: &[i16; 2 * MP1],
        t: &[i16; 2],
        vad: bool,
    ) {
        (crate::kernels::g729::fns().post_filter)(self, syn, az_4, t, vad)
    }

    /// [`PostFilter::filter`]'s body, compiled once per kernel.
    #[inline(always)]
    pub(crate) fn filter_body(
        &mut self,
        syn: &mut [i16; M + L_FRAME],
        az_4: &[i16; 2 * MP1],
        t: &[i16; 2],
        vad: bool,
    ) {
        let mut syn_pst = [0i16; L_FRAME];
        for (sf, i_subfr) in [0usize, L_SUBFR].into_iter().enumerate() {
            let az = &az_4[sf * MP1..(sf + 1) * MP1];
            let mut t0_min = sub(t[sf], 3);
            let mut t0_max = add(t0_min, 6);
            if t0_max > PIT_MAX as i16 {
                t0_max = PIT_MAX as i16;
                t0_min = sub(t0_max, 6);
            }
            let mut ap3 = [0i16; MP1];
            let mut ap4 = [0i16; MP1];
            weight_az(az, GAMMA2_PST, &mut ap3);
            weight_az(az, GAMMA1_PST, &mut ap4);

            residu(
                &ap3,
                &syn[i_subfr..i_subfr + M + L_SUBFR],
                &mut self.res2[PIT_MAX..],
            );
            for j in 0..L_SUBFR {
                self.scal_res2[PIT_MAX + j] = shr(self.res2[PIT_MAX + j], 2);
            }

            let mut res2_pst = [0i16; L_SUBFR];
            if vad {
                self.pitch_filter(t0_min, t0_max, &mut res2_pst);
            } else {
                res2_pst.copy_from_slice(&self.res2[PIT_MAX..]);
            }

            // Impulse response of A(z/g2)/A(z/g1), for the tilt.
            let mut h_in = [0i16; L_H];
            h_in[..MP1].copy_from_slice(&ap3);
            let mut h = [0i16; L_H];
            let mut zero = [0i16; M];
            syn_filt(&ap4, &h_in, &mut h, &mut zero, false);
            // l_mult(a, b) is l_mac(0, a, b): both sums are plain saturating MAC chains.
            let temp1 = extract_h(mac_dot(0, &h, &h));
            let mut temp2 = extract_h(mac_dot(0, &h[..L_H - 1], &h[1..]));
            if temp2 <= 0 {
                temp2 = 0;
            } else {
                temp2 = mult(temp2, MU);
                temp2 = div_s(temp2, temp1);
            }
            self.preemphasis(&mut res2_pst, temp2);

            syn_filt(
                &ap4,
                &res2_pst,
                &mut syn_pst[i_subfr..i_subfr + L_SUBFR],
                &mut self.mem_syn_pst,
                true,
            );
            self.agc(
                &syn[M + i_subfr..M + i_subfr + L_SUBFR],
                &mut syn_pst[i_subfr..i_subfr + L_SUBFR],
            );

            self.res2.copy_within(L_SUBFR.., 0);
            self.scal_res2.copy_within(L_SUBFR.., 0);
        }
        syn.copy_within(L_FRAME.., 0);
        syn[M..].copy_from_slice(&syn_pst);
    }

    /// Harmonic postfilter: finds the best lag in `[t0_min, t0_max]` on the scaled residual and
    /// filters through `(1 + g z^-T) / (1 + g)`.
    #[inline(always)]
    fn pitch_filter(&self, t0_min: i16, t0_max: i16, out: &mut [i16; L_SUBFR]) {
        let sig = &self.res2;
        let scal = &self.scal_res2;
        let base = PIT_MAX;
        let (mut cor_max, t0) = best_lag(scal, t0_min, t0_max);
        let d = base - t0 as usize;
        let ener = mac_dot(1, &scal[d..d + L_SUBFR], &scal[d..d + L_SUBFR]);
        let ener0 = mac_dot(1, &scal[base..base + L_SUBFR], &scal[base..base + L_SUBFR]);
        if cor_max < 0 {
            cor_max = 0;
        }
        let temp = cor_max.max(ener).max(ener0);
        let j = norm_l(temp);
        let mut cmax = round(l_shl(cor_max, j));
        let mut en = round(l_shl(ener, j));
        let en0 = round(l_shl(ener0, j));
        let temp = l_sub(l_mult(cmax, cmax), l_shr(l_mult(en, en0), 1));
        if temp < 0 {
            out.copy_from_slice(&sig[base..]);
            return;
        }
        let (g0, gain);
        if cmax > en {
            g0 = INV_GAMMAP;
            gain = GAMMAP_2;
        } else {
            cmax = shr(mult(cmax, GAMMAP), 1);
            en = shr(en, 1);
            let i = add(cmax, en);
            if i > 0 {
                gain = div_s(cmax, i);
                g0 = sub(32767, gain);
            } else {
                g0 = 32767;
                gain = 0;
            }
        }
        for i in 0..L_SUBFR {
            out[i] = add(mult(g0, sig[base + i]), mult(gain, sig[d + i]));
        }
    }

    /// Tilt compensation `1 - g z^-1`.
    #[inline(always)]
    fn preemphasis(&mut self, signal: &mut [i16; L_SUBFR], g: i16) {
        let last = signal[L_SUBFR - 1];
        for i in (1..L_SUBFR).rev() {
            signal[i] = sub(signal[i], mult(g, signal[i - 1]));
        }
        signal[0] = sub(signal[0], mult(g, self.mem_pre));
        self.mem_pre = last;
    }

    /// Adaptive gain control: matches the output energy to the input's, smoothed sample by
    /// sample.
    #[inline(always)]
    fn agc(&mut self, sig_in: &[i16], sig_out: &mut [i16]) {
        let s = mac_chain(0, sig_out.iter().map(|&x| (shr(x, 2), shr(x, 2))));
        if s == 0 {
            self.past_gain = 0;
            return;
        }
        let mut exp = sub(norm_l(s), 1);
        let gain_out = round(l_shl(s, exp));
        let s = mac_chain(0, sig_in.iter().map(|&x| (shr(x, 2), shr(x, 2))));
        let g0 = if s == 0 {
            0
        } else {
            let i = norm_l(s);
            let gain_in = round(l_shl(s, i));
            exp = sub(exp, i);
            let mut s = l_deposit_l(div_s(gain_out, gain_in));
            s = l_shl(s, 7);
            s = l_shr(s, exp);
            s = inv_sqrt(s);
            let i = round(l_shl(s, 9));
            mult(i, AGC_FAC1)
        };
        let mut gain = self.past_gain;
        // `g0 = mult(i, AGC_FAC1)` with `i = round(..)` of a non-negative value (`inv_sqrt`
        // is positive), so `0 <= g0 <= 3276`; `past_gain` starts at 4096 and is only ever 0
        // or a `gain` of this loop. With `0 <= gain`, `mult(gain, AGC_FAC) <= 29490` and the
        // `add` stays below 32767: neither saturates and `gain` stays non-negative. The
        // test below makes that induction explicit; the step-by-step loop is the reference.
        if gain >= 0 && (0..=AGC_FAC1).contains(&g0) && sig_out.len() <= L_SUBFR {
            // The serial recursion alone (multiply, shift, add per sample) ...
            let mut gains = [0i16; L_SUBFR];
            for g in gains.iter_mut() {
                gain = ((gain as i32 * AGC_FAC as i32) >> 15) as i16 + g0;
                *g = gain;
            }
            // ... then the outputs in one data-parallel pass: with `gain >= 0`, `l_mult`
            // cannot saturate (|x gain| <= 2^30), and `extract_h(l_shl(2 p, 3))` is
            // `p >> 12` clamped to 16 bits: when `16 p` fits in 32 bits the two agree, and
            // when it does not `|p >> 12| >= 2^15` and both saturate to the same side.
            for (x, &g) in sig_out.iter_mut().zip(gains.iter()) {
                let p = *x as i32 * g as i32;
                *x = (p >> 12).clamp(MIN_16 as i32, MAX_16 as i32) as i16;
            }
        } else {
            for x in sig_out.iter_mut() {
                gain = mult(gain, AGC_FAC);
                gain = add(gain, g0);
                *x = extract_h(l_shl(l_mult(*x, gain), 3));
            }
        }
        self.past_gain = gain;
    }
}

/// The lag in `[t0_min, t0_max]` (the first on ties) whose `l_mac` correlation of
/// `scal[PIT_MAX..]` with the delayed signal is largest, and that correlation.
#[inline(always)]
fn best_lag(scal: &[i16; PIT_MAX + L_SUBFR], t0_min: i16, t0_max: i16) -> (i32, i16) {
    let base = PIT_MAX;
    let mut cor_max = MIN_32;
    let mut t0 = t0_min;
    // One bound for every lag: with `m` the largest |sample| the correlations read,
    // `sum 2 |x y| <= 2 L_SUBFR m^2`; when that fits in 32 bits no `l_mac` step can
    // saturate and each correlation is the plain sum.
    let lo = base - t0_max as usize;
    let m = scal[lo..]
        .iter()
        .map(|v| v.unsigned_abs())
        .max()
        .unwrap_or(0) as u64;
    let plain = 2 * L_SUBFR as u64 * m * m <= MAX_32 as u64;
    for i in t0_min..=t0_max {
        let d = base - i as usize;
        let (x, y) = (&scal[base..base + L_SUBFR], &scal[d..d + L_SUBFR]);
        let corr = if plain {
            2 * x
                .iter()
                .zip(y)
                .map(|(&a, &b)| a as i32 * b as i32)
                .sum::<i32>()
        } else {
            mac_dot(0, x, y)
        };
        if l_sub(corr, cor_max) > 0 {
            cor_max = corr;
            t0 = i;
        }
    }
    (cor_max, t0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// G.729 Annex A's `agc`, step by step with the basic operations.
    fn agc_reference(past_gain: &mut i16, sig_in: &[i16], sig_out: &mut [i16]) {
        let mut s = 0i32;
        for &x in sig_out.iter() {
            let t = shr(x, 2);
            s = l_mac(s, t, t);
        }
        if s == 0 {
            *past_gain = 0;
            return;
        }
        let mut exp = sub(norm_l(s), 1);
        let gain_out = round(l_shl(s, exp));
        let mut s = 0i32;
        for &x in sig_in {
            let t = shr(x, 2);
            s = l_mac(s, t, t);
        }
        let g0 = if s == 0 {
            0
        } else {
            let i = norm_l(s);
            let gain_in = round(l_shl(s, i));
            exp = sub(exp, i);
            let mut s = l_deposit_l(div_s(gain_out, gain_in));
            s = l_shl(s, 7);
            s = l_shr(s, exp);
            s = inv_sqrt(s);
            mult(round(l_shl(s, 9)), AGC_FAC1)
        };
        let mut gain = *past_gain;
        for x in sig_out.iter_mut() {
            gain = mult(gain, AGC_FAC);
            gain = add(gain, g0);
            *x = extract_h(l_shl(l_mult(*x, gain), 3));
        }
        *past_gain = gain;
    }

    fn sample() -> impl Strategy<Value = i16> {
        prop_oneof![3 => -2048i16..2048, 1 => any::<i16>(), 1 => Just(i16::MIN), 1 => Just(i16::MAX)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn agc_is_the_reference(
            sig_in in prop::collection::vec(sample(), L_SUBFR),
            sig_out in prop::collection::vec(sample(), L_SUBFR),
            past_gain in prop_oneof![0i16..=32767, any::<i16>()],
        ) {
            let mut pf = PostFilter::new();
            pf.past_gain = past_gain;
            let mut g0 = past_gain;
            let (mut o, mut o0) = (sig_out.clone(), sig_out);
            pf.agc(&sig_in, &mut o);
            agc_reference(&mut g0, &sig_in, &mut o0);
            prop_assert_eq!((o, pf.past_gain), (o0, g0));
        }

        #[test]
        fn best_lag_is_the_reference(
            scal in prop::collection::vec(
                prop_oneof![3 => -2048i16..2048, 1 => -8192i16..=8191, 1 => any::<i16>()],
                PIT_MAX + L_SUBFR,
            ),
            t0_min in 20i16..=PIT_MAX as i16 - 6,
        ) {
            let scal: [i16; PIT_MAX + L_SUBFR] = scal.try_into().unwrap();
            let t0_max = t0_min + 6;
            let mut best = (MIN_32, t0_min);
            for t in t0_min..=t0_max {
                let d = PIT_MAX - t as usize;
                let mut c = 0i32;
                for k in 0..L_SUBFR {
                    c = l_mac(c, scal[PIT_MAX + k], scal[d + k]);
                }
                if l_sub(c, best.0) > 0 {
                    best = (c, t);
                }
            }
            prop_assert_eq!(best_lag(&scal, t0_min, t0_max), best);
        }
    }
}
