//! Comfort-noise generation of G.729 Annex B (§B.4): SID LSF and gain quantisers, and the
//! random excitation shared by the encoder and the decoder.

use super::basic_op::*;
use super::filters::pred_lt_3;
use super::lsp::{lsf_lsp2, lsp_prev_compose, lsp_prev_update, lsp_stability};
use super::tables::{
    FACT, FG, LSPCB1, LSPCB2, MARG, NOISE_FG_SUM, PTRTAB_1, PTRTAB_2, TAB_SIDGAIN,
};
use super::{random, L_FRAME, L_SUBFR, M, MA_NP};

const FRAC1: i16 = 19043;
const K0: i16 = 24576;
const G_MAX: i16 = 5000;
pub(crate) const A_GAIN0: i16 = 28672;
pub(crate) const A_GAIN1: i16 = 4096;
pub(crate) const INIT_SEED: i16 = 11111;

const fn sat_l_add(a: i32, b: i32) -> i32 {
    match a.checked_add(b) {
        Some(v) => v,
        None => {
            if a < 0 {
                i32::MIN
            } else {
                i32::MAX
            }
        }
    }
}

const fn make_noise_fg() -> [[[i16; M]; MA_NP]; 2] {
    let mut out = [FG[0], [[0; M]; MA_NP]];
    let mut i = 0;
    while i < MA_NP {
        let mut j = 0;
        while j < M {
            let a = (FG[0][i][j] as i32 * 19660) << 1;
            let b = (FG[1][i][j] as i32 * 13107) << 1;
            out[1][i][j] = (sat_l_add(a, b) >> 16) as i16;
            j += 1;
        }
        i += 1;
    }
    out
}

/// MA predictors of the SID LSF quantiser: the first of G.729's, and a 0.6/0.4 blend of both.
pub(crate) const NOISE_FG: [[[i16; M]; MA_NP]; 2] = make_noise_fg();

/// Decodes the SID LSF indices (MA mode, first stage, second stage) into LSPs (Q15) and updates
/// the predictor memory.
pub(crate) fn sid_lsfq_decode(
    index: [i16; 3],
    lspq: &mut [i16; M],
    freq_prev: &mut [[i16; M]; MA_NP],
) {
    let mut tmpbuf = LSPCB1[PTRTAB_1[index[1] as usize] as usize];
    for i in 0..M / 2 {
        tmpbuf[i] = add(
            tmpbuf[i],
            LSPCB2[PTRTAB_2[0][index[2] as usize] as usize][i],
        );
    }
    for i in M / 2..M {
        tmpbuf[i] = add(
            tmpbuf[i],
            LSPCB2[PTRTAB_2[1][index[2] as usize] as usize][i],
        );
    }
    for j in 1..M {
        let mut acc = l_mult(tmpbuf[j - 1], 16384);
        acc = l_mac(acc, tmpbuf[j], -16384);
        acc = l_mac(acc, 10, 16384);
        let k = extract_h(acc);
        if k > 0 {
            tmpbuf[j - 1] = sub(tmpbuf[j - 1], k);
            tmpbuf[j] = add(tmpbuf[j], k);
        }
    }
    let mode = index[0] as usize;
    let mut lsfq = [0i16; M];
    lsp_prev_compose(
        &tmpbuf,
        &mut lsfq,
        &NOISE_FG[mode],
        freq_prev,
        &NOISE_FG_SUM[mode],
    );
    lsp_prev_update(&tmpbuf, freq_prev);
    lsp_stability(&mut lsfq);
    lsf_lsp2(&lsfq, lspq);
}

/// Quantises a frame energy (or a weighted average of `ener.len()` energies) for the SID gain.
/// Returns `(index, quantised energy in dB)`.
pub(crate) fn qua_sidgain(ener: &[i16], sh_ener: &[i16]) -> (i16, i16) {
    let nb_ener = ener.len();
    debug_assert!(nb_ener >= 1 && sh_ener.len() == nb_ener);
    let mut s = sh_ener[0];
    for &v in &sh_ener[1..] {
        if v < s {
            s = v;
        }
    }
    let sh1 = add(s, 16 - MARG[nb_ener]);
    let mut x = 0i32;
    for i in 0..nb_ener {
        let temp = sub(sh1, sh_ener[i]);
        x = l_add(x, l_shl(l_deposit_l(ener[i]), temp));
    }
    let (hi, lo) = l_extract(x);
    let l_x = mpy_32_16(hi, lo, FACT[nb_ener]);
    quant_energy(l_x, sh1)
}

/// The reference's single-energy form of the SID gain quantiser (`nb_ener = 0`).
pub(crate) fn qua_sidgain_single(ener: i16, sh_ener: i16) -> (i16, i16) {
    let acc = l_shl(l_deposit_l(ener), sh_ener);
    let (hi, lo) = l_extract(acc);
    let l_x = mpy_32_16(hi, lo, FACT[0]);
    quant_energy(l_x, 0)
}

fn quant_energy(l_x: i32, sh: i16) -> (i16, i16) {
    let (exp, frac) = log2(l_x);
    let temp = sub(exp, sh);
    let mut e_tmp = shl(temp, 10);
    e_tmp = add(e_tmp, mult_r(frac, 1024));
    if sub(e_tmp, -2721) <= 0 {
        return (0, -12);
    }
    if sub(e_tmp, 22111) > 0 {
        return (31, 66);
    }
    if sub(e_tmp, 4762) <= 0 {
        e_tmp = add(e_tmp, 3401);
        let mut index = mult(e_tmp, 24);
        if index < 1 {
            index = 1;
        }
        return (index, sub(shl(index, 2), 8));
    }
    e_tmp = sub(e_tmp, 340);
    let mut index = sub(shr(mult(e_tmp, 193), 2), 1);
    if index < 6 {
        index = 6;
    }
    (index, add(shl(index, 1), 4))
}

/// SID gain (Q0 sample amplitude) of a quantiser index.
pub(crate) fn sid_gain(index: i16) -> i16 {
    TAB_SIDGAIN[index as usize]
}

fn gauss(seed: &mut i16) -> i16 {
    let mut acc = 0i32;
    for _ in 0..12 {
        acc = l_add(acc, l_deposit_l(random(seed)));
    }
    extract_l(l_shr(acc, 7))
}

fn sqrt_q(num: i32) -> i16 {
    let mut rez: i16 = 0;
    let mut exp: i16 = 0x4000;
    for _ in 0..14 {
        let acc = l_mult(add(rez, exp), add(rez, exp));
        if l_sub(num, acc) >= 0 {
            rez = add(rez, exp);
        }
        exp = shr(exp, 1);
    }
    rez
}

/// Comfort-noise excitation for one frame at `exc[start..start + L_FRAME]` (the buffer holds the
/// past excitation before `start`). Returns the (pitch gain, integer lag) used in each
/// subframe, for the encoder's taming memory.
pub(crate) fn calc_exc_rand(
    cur_gain: i16,
    exc: &mut [i16],
    start: usize,
    seed: &mut i16,
) -> [(i16, i16); 2] {
    let mut used = [(0i16, (L_SUBFR + 1) as i16); 2];
    if cur_gain == 0 {
        exc[start..start + L_FRAME].fill(0);
        return used;
    }
    for (sf, used_sf) in used.iter_mut().enumerate() {
        let cur = start + sf * L_SUBFR;
        let mut pos = [0i16; 4];
        let mut sign = [0i16; 4];

        let mut temp1 = random(seed);
        let mut frac = sub(temp1 & 3, 1);
        if frac == 2 {
            frac = 0;
        }
        temp1 = shr(temp1, 2);
        let t0 = add(temp1 & 0x3f, 40);
        temp1 = shr(temp1, 6);
        let mut temp2 = temp1 & 7;
        pos[0] = add(shl(temp2, 2), temp2);
        temp1 = shr(temp1, 3);
        sign[0] = temp1 & 1;
        temp1 = shr(temp1, 1);
        temp2 = temp1 & 7;
        temp2 = add(shl(temp2, 2), temp2);
        pos[1] = add(temp2, 1);
        temp1 = shr(temp1, 3);
        sign[1] = temp1 & 1;
        temp1 = random(seed);
        temp2 = temp1 & 7;
        temp2 = add(shl(temp2, 2), temp2);
        pos[2] = add(temp2, 2);
        temp1 = shr(temp1, 3);
        sign[2] = temp1 & 1;
        temp1 = shr(temp1, 1);
        temp2 = temp1 & 0xf;
        pos[3] = add(temp2 & 1, 3);
        temp2 = shr(temp2, 1) & 7;
        temp2 = add(shl(temp2, 2), temp2);
        pos[3] = add(pos[3], temp2);
        temp1 = shr(temp1, 4);
        sign[3] = temp1 & 1;
        let mut gp = random(seed) & 0x1fff;
        let gp2 = shl(gp, 1);

        let mut excg = [0i16; L_SUBFR];
        let mut acc = 0i32;
        for e in excg.iter_mut() {
            let g = gauss(seed);
            acc = l_mac(acc, g, g);
            *e = g;
        }
        let acc = inv_sqrt(l_shr(acc, 1));
        let (hi, lo) = l_extract(acc);
        let mut t1 = mult_r(cur_gain, FRAC1);
        t1 = add(cur_gain, t1);
        let acc = mpy_32_16(hi, lo, t1);
        let mut sh = norm_l(acc);
        let t1 = extract_h(l_shl(acc, sh));
        sh = sub(sh, 14);
        for e in excg.iter_mut() {
            let t2 = mult_r(*e, t1);
            *e = shr_r(t2, sh);
        }

        pred_lt_3(exc, cur, t0, frac, L_SUBFR);
        let mut max = 0i16;
        for i in 0..L_SUBFR {
            let mut v = mult_r(exc[cur + i], gp2);
            v = add(v, excg[i]);
            exc[cur + i] = v;
            let a = abs_s(v);
            if a > max {
                max = a;
            }
        }
        let mut sh = if max == 0 {
            0
        } else {
            let s = sub(3, norm_s(max));
            if s <= 0 {
                0
            } else {
                s
            }
        };
        let mut excs = [0i16; L_SUBFR];
        for i in 0..L_SUBFR {
            excs[i] = shr(exc[cur + i], sh);
        }
        let mut l_ener = 0i32;
        for &e in &excs {
            l_ener = l_mac(l_ener, e, e);
        }
        let mut inter_exc = 0i16;
        for i in 0..4 {
            let j = pos[i] as usize;
            if sign[i] == 0 {
                inter_exc = sub(inter_exc, excs[j]);
            } else {
                inter_exc = add(inter_exc, excs[j]);
            }
        }
        let mut acc = l_mult(cur_gain, L_SUBFR as i16);
        acc = l_shr(acc, 6);
        let t1 = extract_l(acc);
        let l_k = l_mult(cur_gain, t1);
        let t1 = add(1, shl(sh, 1));
        let mut acc = l_shr(l_k, t1);
        acc = l_sub(acc, l_ener);
        inter_exc = shr(inter_exc, 1);
        acc = l_mac(acc, inter_exc, inter_exc);
        sh = add(sh, 1);

        if acc < 0 {
            exc[cur..cur + L_SUBFR].copy_from_slice(&excg);
            let t1 = abs_s(excg[pos[0] as usize]) | abs_s(excg[pos[1] as usize]);
            let t2 = abs_s(excg[pos[2] as usize]) | abs_s(excg[pos[3] as usize]);
            let t1 = t1 | t2;
            sh = if t1 & 0x4000 == 0 { 1 } else { 2 };
            inter_exc = 0;
            for i in 0..4 {
                let t = shr(excg[pos[i] as usize], sh);
                if sign[i] == 0 {
                    inter_exc = sub(inter_exc, t);
                } else {
                    inter_exc = add(inter_exc, t);
                }
            }
            let (hi, lo) = l_extract(l_k);
            acc = mpy_32_16(hi, lo, K0);
            let t1 = sub(shl(sh, 1), 1);
            acc = l_shr(acc, t1);
            acc = l_mac(acc, inter_exc, inter_exc);
            gp = 0;
        }

        let t2 = sqrt_q(acc);
        let mut x1 = sub(t2, inter_exc);
        let x2 = negate(add(inter_exc, t2));
        if abs_s(x2) < abs_s(x1) {
            x1 = x2;
        }
        let t1 = sub(2, sh);
        let mut g = shr_r(x1, t1);
        if g >= 0 {
            if g > G_MAX {
                g = G_MAX;
            }
        } else if add(g, G_MAX) < 0 {
            g = negate(G_MAX);
        }
        for i in 0..4 {
            let j = cur + pos[i] as usize;
            if sign[i] != 0 {
                exc[j] = add(exc[j], g);
            } else {
                exc[j] = sub(exc[j], g);
            }
        }
        *used_sf = (gp, t0);
    }
    used
}
