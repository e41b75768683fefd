//! Pitch analysis of the Annex A encoder: open-loop lag on the weighted speech (§A.3.4),
//! closed-loop fractional lag (§A.3.7), pitch gain and lag encoding (§3.7.1).

use super::basic_op::*;
use super::filters::pred_lt_3_body;
use super::{L_FRAME, L_SUBFR, PIT_MAX};

/// Open-loop pitch lag of the frame. `signal` holds `PIT_MAX` past samples followed by the
/// `L_FRAME` samples of the frame.
pub(crate) fn pitch_ol_fast(signal: &[i16]) -> i16 {
    (crate::kernels::g729::fns().pitch_ol_fast)(signal)
}

/// [`pitch_ol_fast`]'s body, compiled once per kernel.
#[inline(always)]
pub(crate) fn pitch_ol_fast_body(signal: &[i16]) -> i16 {
    pitch_ol_fast_with(signal, true)
}

/// [`pitch_ol_fast_body`], with the frame-wide plain-sum shortcut allowed or not (the tests
/// compare the two).
#[inline(always)]
fn pitch_ol_fast_with(signal: &[i16], shortcut: bool) -> i16 {
    let mut scaled = [0i16; L_FRAME + PIT_MAX];
    let mut ovf = false;
    let sum = mac_chain_o(
        0,
        (0..PIT_MAX + L_FRAME)
            .step_by(2)
            .map(|i| (signal[i], signal[i])),
        &mut ovf,
    );
    if ovf {
        for i in 0..PIT_MAX + L_FRAME {
            scaled[i] = shr(signal[i], 3);
        }
    } else if l_sub(sum, 1_048_576) < 0 {
        for i in 0..PIT_MAX + L_FRAME {
            scaled[i] = shl(signal[i], 3);
        }
    } else {
        scaled.copy_from_slice(&signal[..PIT_MAX + L_FRAME]);
    }
    let s = &scaled;
    let base = PIT_MAX;
    // Every other sample, split by parity so that each lag's terms are contiguous:
    // phase[p][m] = scaled[2m + p].
    const HALF: usize = (L_FRAME + PIT_MAX).div_ceil(2);
    let mut phase = [[0i16; HALF]; 2];
    for (i, &v) in scaled.iter().enumerate() {
        phase[i & 1][i / 2] = v;
    }
    // base = 143 is odd: the frame's even samples j are scaled[143 + j], phase 1.
    let cur: &[i16; L_FRAME / 2] = phase[1][base / 2..base / 2 + L_FRAME / 2]
        .try_into()
        .unwrap();
    // One bound for every lag: each correlation is a sum over `cur` and a window of one
    // phase, and by Cauchy-Schwarz every partial sum over any subset of its terms is at most
    // `sqrt(E_cur E_phase)` in magnitude (energies over `cur` and over the whole phase). When
    // twice that fits in 32 bits, no `l_mac` step of any lag's chain can saturate (nor can
    // an `l_mult`: two factors of -32768 would make both energies at least 2^30), and the
    // plain sum, in any order, is the chain's value.
    let energy = |v: &[i16]| v.iter().map(|&x| (x as i32 * x as i32) as u64).sum::<u64>();
    let e_phase = energy(&phase[0]).max(energy(&phase[1]));
    let all_plain =
        shortcut && 4 * energy(cur) as u128 * e_phase as u128 <= (MAX_32 as u128).pow(2);
    // (A nested function rather than a closure body, so that it is inlined into each kernel's
    // copy of this function.)
    #[inline(always)]
    fn corr_at(
        phase: &[[i16; HALF]; 2],
        cur: &[i16; L_FRAME / 2],
        s: &[i16; L_FRAME + PIT_MAX],
        base: usize,
        t: usize,
        all_plain: bool,
    ) -> i32 {
        let start = base - t;
        let w: &[i16; L_FRAME / 2] = phase[start & 1][start / 2..start / 2 + L_FRAME / 2]
            .try_into()
            .unwrap();
        if all_plain {
            let mut sum = 0i32;
            for k in 0..L_FRAME / 2 {
                sum = sum.wrapping_add(cur[k] as i32 * w[k] as i32);
            }
            return sum.wrapping_mul(2);
        }
        match dot_exact(0, cur, w) {
            Some(v) => v,
            None => mac_chain(
                0,
                (0..L_FRAME)
                    .step_by(2)
                    .map(|j| (s[base + j], s[base + j - t])),
            ),
        }
    }
    let corr = |t: usize| corr_at(&phase, cur, s, base, t, all_plain);
    let normalised = |max: i32, t: usize| -> i16 {
        let sum = mac_chain(
            1,
            (0..L_FRAME)
                .step_by(2)
                .map(|j| (s[base + j - t], s[base + j - t])),
        );
        let sum = inv_sqrt(sum);
        let (max_h, max_l) = l_extract(max);
        let (ener_h, ener_l) = l_extract(sum);
        extract_l(mpy_32(max_h, max_l, ener_h, ener_l))
    };

    let mut max = MIN_32;
    let mut t1 = 20usize;
    for i in 20..40 {
        let c = corr(i);
        if l_sub(c, max) > 0 {
            max = c;
            t1 = i;
        }
    }
    let mut max1 = normalised(max, t1);

    let mut max = MIN_32;
    let mut t2 = 40usize;
    for i in 40..80 {
        let c = corr(i);
        if l_sub(c, max) > 0 {
            max = c;
            t2 = i;
        }
    }
    let mut max2 = normalised(max, t2);

    let mut max = MIN_32;
    let mut t3 = 80usize;
    for i in (80..143).step_by(2) {
        let c = corr(i);
        if l_sub(c, max) > 0 {
            max = c;
            t3 = i;
        }
    }
    let i = t3;
    let c = corr(i + 1);
    if l_sub(c, max) > 0 {
        max = c;
        t3 = i + 1;
    }
    let c = corr(i - 1);
    if l_sub(c, max) > 0 {
        max = c;
        t3 = i - 1;
    }
    let max3 = normalised(max, t3);

    let (t1, t2, t3) = (t1 as i16, t2 as i16, t3 as i16);
    let mut i = sub(shl(t2, 1), t3);
    if sub(abs_s(i), 5) < 0 {
        max2 = add(max2, shr(max3, 2));
    }
    i = add(i, t2);
    if sub(abs_s(i), 7) < 0 {
        max2 = add(max2, shr(max3, 2));
    }
    let mut i = sub(shl(t1, 1), t2);
    if sub(abs_s(i), 5) < 0 {
        max1 = add(max1, mult(max2, 6554));
    }
    i = add(i, t1);
    if sub(abs_s(i), 7) < 0 {
        max1 = add(max1, mult(max2, 6554));
    }
    let mut t = t1;
    if max1 < max2 {
        max1 = max2;
        t = t2;
    }
    if max1 < max3 {
        t = t3;
    }
    t
}

fn dot_product(x: &[i16], y: &[i16]) -> i32 {
    mac_dot(0, x, y)
}

/// Correlation of the target `x` with the impulse response `h`, normalised to 13 bits
/// (`Cor_h_X`); inlined into each kernel's copy of its two callers.
#[inline(always)]
pub(crate) fn cor_h_x_body(h: &[i16; L_SUBFR], x: &[i16; L_SUBFR], d: &mut [i16; L_SUBFR]) {
    let mut y32 = [0i32; L_SUBFR];
    // Block bound: |2 sum x[i + k] h[k]| <= 2 max|x| sum|h| for every i; when that fits in 32
    // bits no `l_mac` step saturates and the plain sums give the reference's bits.
    let x_max = x.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as u64;
    let h_sum = h.iter().map(|v| v.unsigned_abs() as u32).sum::<u32>() as u64;
    let plain = 2 * x_max * h_sum <= MAX_32 as u64;
    if plain {
        // `y[i] = sum_k x[i + k] h[k]`, accumulated tap by tap over all forty outputs at
        // once: `x` padded with zeros makes the terms past the end vanish, and with no step
        // able to overflow the order of the plain additions does not matter.
        let mut xp = [0i16; 2 * L_SUBFR];
        xp[..L_SUBFR].copy_from_slice(x);
        let mut acc = [0i32; L_SUBFR];
        for k in 0..L_SUBFR {
            let hk = h[k] as i32;
            let xs: &[i16; L_SUBFR] = xp[k..k + L_SUBFR].try_into().unwrap();
            for (a, &v) in acc.iter_mut().zip(xs) {
                *a += v as i32 * hk;
            }
        }
        for (y, a) in y32.iter_mut().zip(acc) {
            *y = a * 2;
        }
    }
    let mut max = 0i32;
    for i in 0..L_SUBFR {
        let s = if plain {
            y32[i]
        } else {
            mac_dot(0, &x[i..], &h[..L_SUBFR - i])
        };
        y32[i] = s;
        let a = l_abs(s);
        if l_sub(a, max) > 0 {
            max = a;
        }
    }
    let mut j = norm_l(max);
    if j > 16 {
        j = 16;
    }
    let j = sub(18, j);
    for i in 0..L_SUBFR {
        d[i] = extract_l(l_shr(y32[i], j));
    }
}

/// Closed-loop fractional pitch search around the open-loop lag. `exc[start..]` receives the
/// adaptive-codebook vector of the chosen lag; returns `(t0, frac)`.
pub(crate) fn pitch_fr3_fast(
    exc: &mut [i16],
    start: usize,
    xn: &[i16; L_SUBFR],
    h: &[i16; L_SUBFR],
    t0_min: i16,
    t0_max: i16,
    first_subframe: bool,
) -> (i16, i16) {
    (crate::kernels::g729::fns().pitch_fr3_fast)(exc, start, xn, h, t0_min, t0_max, first_subframe)
}

/// [`pitch_fr3_fast`]'s body, compiled once per kernel (with its kernel's copies of
/// [`cor_h_x_body`] and `pred_lt_3` inlined).
#[inline(always)]
pub(crate) fn pitch_fr3_fast_body(
    exc: &mut [i16],
    start: usize,
    xn: &[i16; L_SUBFR],
    h: &[i16; L_SUBFR],
    t0_min: i16,
    t0_max: i16,
    first_subframe: bool,
) -> (i16, i16) {
    let mut dn = [0i16; L_SUBFR];
    cor_h_x_body(h, xn, &mut dn);
    let mut max = MIN_32;
    let mut t0 = t0_min;
    for t in t0_min..=t0_max {
        let s = start - t as usize;
        let corr = dot_product(&dn, &exc[s..s + L_SUBFR]);
        if l_sub(corr, max) > 0 {
            max = corr;
            t0 = t;
        }
    }
    pred_lt_3_body(exc, start, t0, 0, L_SUBFR);
    let mut max = dot_product(&dn, &exc[start..start + L_SUBFR]);
    let mut frac = 0;
    if first_subframe && t0 > 84 {
        return (t0, frac);
    }
    let mut exc_tmp = [0i16; L_SUBFR];
    exc_tmp.copy_from_slice(&exc[start..start + L_SUBFR]);
    pred_lt_3_body(exc, start, t0, -1, L_SUBFR);
    let corr = dot_product(&dn, &exc[start..start + L_SUBFR]);
    if l_sub(corr, max) > 0 {
        max = corr;
        frac = -1;
        exc_tmp.copy_from_slice(&exc[start..start + L_SUBFR]);
    }
    pred_lt_3_body(exc, start, t0, 1, L_SUBFR);
    let corr = dot_product(&dn, &exc[start..start + L_SUBFR]);
    if l_sub(corr, max) > 0 {
        frac = 1;
    } else {
        exc[start..start + L_SUBFR].copy_from_slice(&exc_tmp);
    }
    (t0, frac)
}

/// Adaptive-codebook gain (Q14, limited to 1.2) and the correlations the gain quantiser
/// needs: `g_coeff = [<y1,y1>, exp, <xn,y1>, exp]`.
pub(crate) fn g_pitch(xn: &[i16; L_SUBFR], y1: &[i16; L_SUBFR], g_coeff: &mut [i16; 4]) -> i16 {
    let mut scaled_y1 = [0i16; L_SUBFR];
    for i in 0..L_SUBFR {
        scaled_y1[i] = shr(y1[i], 2);
    }
    let (s, ovf) = mac_dot_o(1, y1, y1);
    let (yy, exp_yy);
    if !ovf {
        let e = norm_l(s);
        yy = round(l_shl(s, e));
        exp_yy = e;
    } else {
        let s = mac_dot(1, &scaled_y1, &scaled_y1);
        let e = norm_l(s);
        yy = round(l_shl(s, e));
        exp_yy = sub(e, 4);
    }
    let (s, ovf) = mac_dot_o(0, xn, y1);
    let (mut xy, exp_xy);
    if !ovf {
        let e = norm_l(s);
        xy = round(l_shl(s, e));
        exp_xy = e;
    } else {
        let s = mac_dot(0, xn, &scaled_y1);
        let e = norm_l(s);
        xy = round(l_shl(s, e));
        exp_xy = sub(e, 2);
    }
    g_coeff[0] = yy;
    g_coeff[1] = sub(15, exp_yy);
    g_coeff[2] = xy;
    g_coeff[3] = sub(15, exp_xy);
    if xy <= 0 {
        g_coeff[3] = -15;
        return 0;
    }
    xy = shr(xy, 1);
    let mut gain = div_s(xy, yy);
    gain = shr(gain, sub(exp_xy, exp_yy));
    if gain > 19661 {
        gain = 19661;
    }
    gain
}

/// Pitch lag index (8 bits in the first subframe, 5 in the second); in the first subframe
/// also sets the search range of the second.
pub(crate) fn enc_lag3(
    t0: i16,
    t0_frac: i16,
    t0_min: &mut i16,
    t0_max: &mut i16,
    first_subframe: bool,
) -> i16 {
    const PIT_MIN: i16 = super::PIT_MIN as i16;
    const PIT_MAX_I: i16 = PIT_MAX as i16;
    if first_subframe {
        let index = if t0 <= 85 {
            let i = add(add(t0, t0), t0);
            add(sub(i, 58), t0_frac)
        } else {
            add(t0, 112)
        };
        *t0_min = sub(t0, 5);
        if *t0_min < PIT_MIN {
            *t0_min = PIT_MIN;
        }
        *t0_max = add(*t0_min, 9);
        if *t0_max > PIT_MAX_I {
            *t0_max = PIT_MAX_I;
            *t0_min = sub(*t0_max, 9);
        }
        index
    } else {
        let i = sub(t0, *t0_min);
        let i = add(add(i, i), i);
        add(add(i, 2), t0_frac)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> impl Strategy<Value = i16> {
        prop_oneof![3 => -2048i16..2048, 1 => -12000i16..12000, 1 => any::<i16>()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// `cor_h_x_body` against G.729's `Cor_h_X` step by step.
        #[test]
        fn open_loop_shortcut_is_the_chain(
            signal in prop::collection::vec(sample(), L_FRAME + PIT_MAX),
            shift in 0u32..15,
        ) {
            let signal: Vec<i16> = signal.iter().map(|&v| v >> shift).collect();
            prop_assert_eq!(pitch_ol_fast_with(&signal, true), pitch_ol_fast_with(&signal, false));
        }

        #[test]
        fn cor_h_x_is_the_reference(
            h in prop::collection::vec(sample(), L_SUBFR),
            x in prop::collection::vec(sample(), L_SUBFR),
        ) {
            let h: [i16; L_SUBFR] = h.try_into().unwrap();
            let x: [i16; L_SUBFR] = x.try_into().unwrap();
            let mut y32 = [0i32; L_SUBFR];
            let mut max = 0i32;
            for i in 0..L_SUBFR {
                let mut s = 0i32;
                for j in i..L_SUBFR {
                    s = l_mac(s, x[j], h[j - i]);
                }
                y32[i] = s;
                let a = l_abs(s);
                if l_sub(a, max) > 0 {
                    max = a;
                }
            }
            let j = sub(18, norm_l(max).min(16));
            let want: [i16; L_SUBFR] = core::array::from_fn(|i| extract_l(l_shr(y32[i], j)));
            let mut d = [0i16; L_SUBFR];
            cor_h_x_body(&h, &x, &mut d);
            prop_assert_eq!(d, want);
        }
    }
}
