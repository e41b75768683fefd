//! MA prediction of the fixed-codebook gain and gain dequantisation (G.729 §3.9, §4.1.5).

use super::basic_op::*;
use super::tables::{COEF, GBK1, GBK2, IMAP1, IMAP2, L_COEF, MAP1, MAP2, PRED, THR1, THR2};
use super::L_SUBFR;

/// Past quantised innovation energies (Q10), the memory of the gain predictor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GainPredictor {
    pub(crate) past_qua_en: [i16; 4],
}

impl GainPredictor {
    pub(crate) const fn new() -> Self {
        GainPredictor {
            past_qua_en: [-14336; 4],
        }
    }

    /// Predicted codebook gain `gcode0` with its Q format `exp_gcode0`.
    pub(crate) fn predict(&self, code: &[i16]) -> (i16, i16) {
        let l = mac_dot(0, &code[..L_SUBFR], &code[..L_SUBFR]);
        let (exp, frac) = log2(l);
        let mut l = mpy_32_16(exp, frac, -24660);
        l = l_mac(l, 32588, 32);
        l = l_shl(l, 10);
        for i in 0..4 {
            l = l_mac(l, PRED[i], self.past_qua_en[i]);
        }
        let gcode0 = extract_h(l);
        let l = l_mult(gcode0, 5439);
        let l = l_shr(l, 8);
        let (exp, frac) = l_extract(l);
        let gcode0 = extract_l(pow2(14, frac));
        (gcode0, sub(14, exp))
    }

    /// Records the quantised energy of a received gain pair (`l_gbk12` = summed Q13 gains).
    pub(crate) fn update(&mut self, l_gbk12: i32) {
        self.past_qua_en.copy_within(0..3, 1);
        let (exp, frac) = log2(l_gbk12);
        let l = l_comp(sub(exp, 13), frac);
        let tmp = extract_h(l_shl(l, 13));
        self.past_qua_en[0] = mult(tmp, 24660);
    }

    /// Records an attenuated average energy for an erased frame.
    pub(crate) fn update_erasure(&mut self) {
        let mut l = 0i32;
        for &e in &self.past_qua_en {
            l = l_add(l, l_deposit_l(e));
        }
        let mut av = extract_l(l_shr(l, 2));
        av = sub(av, 4096);
        if av < -14336 {
            av = -14336;
        }
        self.past_qua_en.copy_within(0..3, 1);
        self.past_qua_en[0] = av;
    }

    /// Decodes the pitch (Q14) and code (Q1) gains of a subframe, or attenuates the previous
    /// ones when the frame is erased (G.729 §4.4.2).
    pub(crate) fn decode(
        &mut self,
        index: i16,
        code: &[i16],
        bfi: bool,
        gain_pit: &mut i16,
        gain_cod: &mut i16,
    ) {
        if bfi {
            *gain_pit = mult(*gain_pit, 29491);
            if *gain_pit > 29491 {
                *gain_pit = 29491;
            }
            *gain_cod = mult(*gain_cod, 32111);
            self.update_erasure();
            return;
        }
        let index1 = IMAP1[(index >> 4) as usize] as usize;
        let index2 = IMAP2[(index & 15) as usize] as usize;
        *gain_pit = add(GBK1[index1][0], GBK2[index2][0]);
        let (gcode0, exp_gcode0) = self.predict(code);
        let l_gbk12 = l_add(l_deposit_l(GBK1[index1][1]), l_deposit_l(GBK2[index2][1]));
        let tmp = extract_l(l_shr(l_gbk12, 1));
        let l = l_mult(tmp, gcode0);
        let l = l_shl(l, add(negate(exp_gcode0), -12 - 1 + 1 + 16));
        *gain_cod = extract_h(l);
        self.update(l_gbk12);
    }
}

const NCODE1: usize = 8;
const NCODE2: usize = 16;
const NCAN1: usize = 4;
const NCAN2: usize = 8;
const INV_COEF: i16 = -17103;
const GPCLIP2: i16 = 481;
const GP0999: i16 = 16383;

/// Correlations `<y2,y2>`, `-2<xn,y2>` and `2<y1,y2>` with their Q formats, into
/// `g_coeff[2..5]` / `exp_g_coeff[2..5]`.
pub(crate) fn corr_xy2(
    xn: &[i16; L_SUBFR],
    y1: &[i16; L_SUBFR],
    y2: &[i16; L_SUBFR],
    g_coeff: &mut [i16; 5],
    exp_g_coeff: &mut [i16; 5],
) {
    let mut scaled_y2 = [0i16; L_SUBFR];
    for i in 0..L_SUBFR {
        scaled_y2[i] = shr(y2[i], 3);
    }
    let l = mac_dot(1, &scaled_y2, &scaled_y2);
    let exp = norm_l(l);
    g_coeff[2] = round(l_shl(l, exp));
    exp_g_coeff[2] = add(exp, 19 - 16);

    let l = mac_dot(1, xn, &scaled_y2);
    let exp = norm_l(l);
    g_coeff[3] = negate(round(l_shl(l, exp)));
    exp_g_coeff[3] = sub(add(exp, 10 - 16), 1);

    let l = mac_dot(1, y1, &scaled_y2);
    let exp = norm_l(l);
    g_coeff[4] = round(l_shl(l, exp));
    exp_g_coeff[4] = sub(add(exp, 10 - 16), 1);
}

/// One of the three "best gain" terms of the quantiser pre-selection:
/// `(a * b - c * d)` aligned to a common exponent, normalised.
fn cross_term(a: i16, ea: i16, b: i16, eb: i16, c: i16, d: i16, ecd: i16) -> (i16, i16) {
    let l_tmp1 = l_mult(a, b);
    let exp1 = add(ea, eb);
    let l_tmp2 = l_mult(c, d);
    let exp2 = ecd;
    let (l_tmp, exp) = if exp1 > exp2 {
        (
            l_sub(l_shr(l_tmp1, add(sub(exp1, exp2), 1)), l_shr(l_tmp2, 1)),
            sub(exp2, 1),
        )
    } else {
        (
            l_sub(l_shr(l_tmp1, 1), l_shr(l_tmp2, add(sub(exp2, exp1), 1))),
            sub(exp1, 1),
        )
    };
    let sft = norm_l(l_tmp);
    let nume = extract_h(l_shl(l_tmp, sft));
    (nume, sub(add(exp, sft), 16))
}

impl GainPredictor {
    /// Quantises the pitch and code gains of a subframe (G.729 §3.9.2 with the Annex A
    /// pre-selection); returns the 7-bit index and sets the quantised gains.
    pub(crate) fn quantize(
        &mut self,
        code: &[i16; L_SUBFR],
        g_coeff: &[i16; 5],
        exp_coeff: &[i16; 5],
        gain_pit: &mut i16,
        gain_cod: &mut i16,
        tameflag: bool,
    ) -> i16 {
        let (gcode0, exp_gcode0) = self.predict(code);

        let l_tmp1 = l_mult(g_coeff[0], g_coeff[2]);
        let exp1 = add(add(exp_coeff[0], exp_coeff[2]), 1 - 2);
        let l_tmp2 = l_mult(g_coeff[4], g_coeff[4]);
        let exp2 = add(add(exp_coeff[4], exp_coeff[4]), 1);
        let (l_tmp, exp) = if exp1 > exp2 {
            (l_sub(l_shr(l_tmp1, sub(exp1, exp2)), l_tmp2), exp2)
        } else {
            (l_sub(l_tmp1, l_shr(l_tmp2, sub(exp2, exp1))), exp1)
        };
        let sft = norm_l(l_tmp);
        let denom = extract_h(l_shl(l_tmp, sft));
        let exp_denom = sub(add(exp, sft), 16);
        let inv_denom = negate(div_s(16384, denom));
        let exp_inv_denom = sub(14 + 15, exp_denom);

        let mut best_gain = [0i16; 2];
        let (nume, exp_nume) = cross_term(
            g_coeff[2],
            exp_coeff[2],
            g_coeff[1],
            exp_coeff[1],
            g_coeff[3],
            g_coeff[4],
            add(add(exp_coeff[3], exp_coeff[4]), 1),
        );
        let sft = sub(add(exp_nume, exp_inv_denom), 9 + 16 - 1);
        best_gain[0] = extract_h(l_shr(l_mult(nume, inv_denom), sft));
        if tameflag && best_gain[0] > GPCLIP2 {
            best_gain[0] = GPCLIP2;
        }
        let (nume, exp_nume) = cross_term(
            g_coeff[0],
            exp_coeff[0],
            g_coeff[3],
            exp_coeff[3],
            g_coeff[1],
            g_coeff[4],
            add(add(exp_coeff[1], exp_coeff[4]), 1),
        );
        let sft = sub(add(exp_nume, exp_inv_denom), 2 + 16 - 1);
        best_gain[1] = extract_h(l_shr(l_mult(nume, inv_denom), sft));

        let gcode0_org = if exp_gcode0 >= 4 {
            shr(gcode0, sub(exp_gcode0, 4))
        } else {
            let l = l_shl(l_deposit_l(gcode0), sub(4 + 16, exp_gcode0));
            extract_h(l)
        };
        let (cand1, cand2) = gbk_presel(&best_gain, gcode0_org);

        let mut exp_min = [0i16; 5];
        exp_min[0] = add(exp_coeff[0], 13);
        exp_min[1] = add(exp_coeff[1], 14);
        exp_min[2] = add(exp_coeff[2], sub(shl(exp_gcode0, 1), 21));
        exp_min[3] = add(exp_coeff[3], sub(exp_gcode0, 3));
        exp_min[4] = add(exp_coeff[4], sub(exp_gcode0, 4));
        let mut e_min = exp_min[0];
        for &e in &exp_min[1..] {
            if e < e_min {
                e_min = e;
            }
        }
        let mut coeff = [0i16; 5];
        let mut coeff_lsf = [0i16; 5];
        for i in 0..5 {
            let j = sub(exp_min[i], e_min);
            let l = l_shr(l_deposit_h(g_coeff[i]), j);
            (coeff[i], coeff_lsf[i]) = l_extract(l);
        }

        let mut dist_min = MAX_32;
        let mut index1 = cand1;
        let mut index2 = cand2;
        for i in 0..NCAN1 {
            for j in 0..NCAN2 {
                let g_pitch = add(GBK1[cand1 + i][0], GBK2[cand2 + j][0]);
                if tameflag && g_pitch >= GP0999 {
                    continue;
                }
                let l = l_add(
                    l_deposit_l(GBK1[cand1 + i][1]),
                    l_deposit_l(GBK2[cand2 + j][1]),
                );
                let tmp = extract_l(l_shr(l, 1));
                let g_code = mult(gcode0, tmp);
                let g2_pitch = mult(g_pitch, g_pitch);
                let g2_code = mult(g_code, g_code);
                let g_pit_cod = mult(g_code, g_pitch);
                let mut l = mpy_32_16(coeff[0], coeff_lsf[0], g2_pitch);
                l = l_add(l, mpy_32_16(coeff[1], coeff_lsf[1], g_pitch));
                l = l_add(l, mpy_32_16(coeff[2], coeff_lsf[2], g2_code));
                l = l_add(l, mpy_32_16(coeff[3], coeff_lsf[3], g_code));
                l = l_add(l, mpy_32_16(coeff[4], coeff_lsf[4], g_pit_cod));
                if l_sub(l, dist_min) < 0 {
                    dist_min = l;
                    index1 = cand1 + i;
                    index2 = cand2 + j;
                }
            }
        }

        *gain_pit = add(GBK1[index1][0], GBK2[index2][0]);
        let l_gbk12 = l_add(l_deposit_l(GBK1[index1][1]), l_deposit_l(GBK2[index2][1]));
        let tmp = extract_l(l_shr(l_gbk12, 1));
        let l = l_mult(tmp, gcode0);
        let l = l_shl(l, add(negate(exp_gcode0), -12 - 1 + 1 + 16));
        *gain_cod = extract_h(l);
        self.update(l_gbk12);
        add(MAP1[index1] * NCODE2 as i16, MAP2[index2])
    }
}

/// Pre-selection of the 4 + 8 gain codebook candidates around the unquantised gains.
fn gbk_presel(best_gain: &[i16; 2], gcode0: i16) -> (usize, usize) {
    let l_cfbg = l_mult(COEF[0][0], best_gain[0]);
    let mut l_acc = l_shr(L_COEF[1][1], 15);
    l_acc = l_add(l_cfbg, l_acc);
    let acc_h = extract_h(l_acc);
    let l_preg = l_mult(acc_h, gcode0);
    let mut l_acc = l_shl(l_deposit_l(best_gain[1]), 7);
    l_acc = l_sub(l_acc, l_preg);
    let acc_h = extract_h(l_shl(l_acc, 2));
    let l_tmp_x = l_mult(acc_h, INV_COEF);

    let mut l_acc = l_shr(L_COEF[0][1], 10);
    l_acc = l_sub(l_cfbg, l_acc);
    let mut acc_h = extract_h(l_acc);
    acc_h = mult(acc_h, gcode0);
    let l_tmp = l_mult(acc_h, COEF[1][0]);
    let l_preg = l_mult(COEF[0][0], best_gain[1]);
    let l_acc = l_sub(l_tmp, l_shr(l_preg, 3));
    let acc_h = extract_h(l_shl(l_acc, 2));
    let l_tmp_y = l_mult(acc_h, INV_COEF);

    const SFT_Y: i16 = (14 + 4 + 1) - 16;
    const SFT_X: i16 = (15 + 4 + 1) - 15;
    let mut cand1 = 0usize;
    let mut cand2 = 0usize;
    if gcode0 > 0 {
        while cand1 < NCODE1 - NCAN1 {
            if l_sub(l_tmp_y, l_shr(l_mult(THR1[cand1], gcode0), SFT_Y)) > 0 {
                cand1 += 1;
            } else {
                break;
            }
        }
        while cand2 < NCODE2 - NCAN2 {
            if l_sub(l_tmp_x, l_shr(l_mult(THR2[cand2], gcode0), SFT_X)) > 0 {
                cand2 += 1;
            } else {
                break;
            }
        }
    } else {
        while cand1 < NCODE1 - NCAN1 {
            if l_sub(l_tmp_y, l_shr(l_mult(THR1[cand1], gcode0), SFT_Y)) < 0 {
                cand1 += 1;
            } else {
                break;
            }
        }
        while cand2 < NCODE2 - NCAN2 {
            if l_sub(l_tmp_x, l_shr(l_mult(THR2[cand2], gcode0), SFT_X)) < 0 {
                cand2 += 1;
            } else {
                break;
            }
        }
    }
    (cand1, cand2)
}
