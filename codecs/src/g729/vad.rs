//! Voice activity detector of G.729 Annex B (§B.3): full- and low-band energy, spectral
//! distortion and zero-crossing rate against running background averages, then the
//! multi-boundary decision and its smoothing.

use super::basic_op::*;
use super::lpc::NP;
use super::tables::{FACTOR_FX, LBF_CORR, SHIFT_FX};
use super::M;

const INIT_FRAME: i16 = 32;
const INIT_COUNT: i16 = 20;
const ZC_START: usize = 120;
const ZC_END: usize = 200;

/// VAD memory.
#[derive(Debug, Clone)]
pub(crate) struct Vad {
    mean_lsf: [i16; M],
    min_buffer: [i16; 16],
    prev_min: i16,
    next_min: i16,
    min: i16,
    mean_e: i16,
    mean_se: i16,
    mean_sle: i16,
    mean_szc: i16,
    prev_energy: i16,
    count_sil: i16,
    count_update: i16,
    count_ext: i16,
    flag: bool,
    v_flag: bool,
    less_count: i16,
}

/// Inputs of one VAD decision.
pub(crate) struct VadInput<'a> {
    /// Second reflection coefficient (Q15).
    pub(crate) rc: i16,
    /// LSFs of the frame (normalised, Q15).
    pub(crate) lsf: &'a [i16; M],
    /// Lag-windowed autocorrelations, high and low parts.
    pub(crate) r_h: &'a [i16; NP + 1],
    pub(crate) r_l: &'a [i16; NP + 1],
    /// Exponent of `r[0]`.
    pub(crate) exp_r0: i16,
    /// The pre-processed LP analysis window (240 samples).
    pub(crate) sigpp: &'a [i16],
    /// Frame counter (1, 2, … wrapping from 32767 to 256).
    pub(crate) frm_count: i16,
    pub(crate) prev_marker: bool,
    pub(crate) pprev_marker: bool,
}

impl Vad {
    pub(crate) fn new() -> Self {
        Vad {
            mean_lsf: [0; M],
            min_buffer: [0; 16],
            prev_min: 0,
            next_min: 0,
            min: MAX_16,
            mean_e: 0,
            mean_se: 0,
            mean_sle: 0,
            mean_szc: 0,
            prev_energy: 0,
            count_sil: 0,
            count_update: 0,
            count_ext: 0,
            flag: true,
            v_flag: false,
            less_count: 0,
        }
    }

    /// Returns `true` for active voice.
    pub(crate) fn decide(&mut self, inp: &VadInput<'_>) -> bool {
        let frm_count = inp.frm_count;
        let lsf = inp.lsf;
        let r_h = inp.r_h;

        // Full-band energy.
        let acc0 = l_comp(r_h[0], inp.r_l[0]);
        let (exp, frac) = log2(acc0);
        let mut acc0 = mpy_32_16(exp, frac, 9864);
        let i = sub(sub(inp.exp_r0, 1), 1);
        acc0 = l_mac(acc0, 9864, i);
        acc0 = l_shl(acc0, 11);
        let energy = sub(extract_h(acc0), 4875);

        // Low-band energy.
        let mut acc0 = 0i32;
        for i in 1..=NP {
            acc0 = l_mac(acc0, r_h[i], LBF_CORR[i]);
        }
        acc0 = l_shl(acc0, 1);
        acc0 = l_mac(acc0, r_h[0], LBF_CORR[0]);
        let (exp, frac) = log2(acc0);
        let mut acc0 = mpy_32_16(exp, frac, 9864);
        let i = sub(sub(inp.exp_r0, 1), 1);
        acc0 = l_mac(acc0, 9864, i);
        acc0 = l_shl(acc0, 11);
        let energy_low = sub(extract_h(acc0), 4875);

        // Spectral distortion.
        let mut acc0 = 0i32;
        for i in 0..M {
            let j = sub(lsf[i], self.mean_lsf[i]);
            acc0 = l_mac(acc0, j, j);
        }
        let sd = extract_h(acc0);

        // Zero-crossing rate.
        let mut zc: i16 = 0;
        for i in ZC_START + 1..=ZC_END {
            if mult(inp.sigpp[i - 1], inp.sigpp[i]) < 0 {
                zc = add(zc, 410);
            }
        }

        // Long-term minimum of the energy.
        if frm_count < 129 {
            if energy < self.min {
                self.min = energy;
                self.prev_min = energy;
            }
            if frm_count & 7 == 0 {
                let i = sub(shr(frm_count, 3), 1) as usize;
                self.min_buffer[i] = self.min;
                self.min = MAX_16;
            }
        }
        if frm_count & 7 == 0 {
            self.prev_min = self.min_buffer.iter().copied().min().unwrap_or(MAX_16);
        }
        if frm_count >= 129 {
            if (frm_count & 7) ^ 1 == 0 {
                self.min = self.prev_min;
                self.next_min = MAX_16;
            }
            if energy < self.min {
                self.min = energy;
            }
            if energy < self.next_min {
                self.next_min = energy;
            }
            if frm_count & 7 == 0 {
                self.min_buffer.copy_within(1.., 0);
                self.min_buffer[15] = self.next_min;
                self.prev_min = self.min_buffer.iter().copied().min().unwrap_or(MAX_16);
            }
        }

        let mut marker = false;
        if frm_count <= INIT_FRAME {
            if energy < 3072 {
                marker = false;
                self.less_count = self.less_count.wrapping_add(1);
            } else {
                marker = true;
                let acc0 = l_mac(l_deposit_h(self.mean_e), energy, 1024);
                self.mean_e = extract_h(acc0);
                let acc0 = l_mac(l_deposit_h(self.mean_szc), zc, 1024);
                self.mean_szc = extract_h(acc0);
                for i in 0..M {
                    let acc0 = l_mac(l_deposit_h(self.mean_lsf[i]), lsf[i], 1024);
                    self.mean_lsf[i] = extract_h(acc0);
                }
            }
        }

        if frm_count >= INIT_FRAME {
            if frm_count == INIT_FRAME {
                let lc = self.less_count as usize;
                let acc0 = l_shl(l_mult(self.mean_e, FACTOR_FX[lc]), SHIFT_FX[lc]);
                self.mean_e = extract_h(acc0);
                let acc0 = l_shl(l_mult(self.mean_szc, FACTOR_FX[lc]), SHIFT_FX[lc]);
                self.mean_szc = extract_h(acc0);
                for i in 0..M {
                    let acc0 = l_shl(l_mult(self.mean_lsf[i], FACTOR_FX[lc]), SHIFT_FX[lc]);
                    self.mean_lsf[i] = extract_h(acc0);
                }
                self.mean_se = sub(self.mean_e, 2048);
                self.mean_sle = sub(self.mean_e, 2458);
            }
            let d_se = sub(self.mean_se, energy);
            let d_sle = sub(self.mean_sle, energy_low);
            let d_szc = sub(self.mean_szc, zc);

            marker = if energy < 3072 {
                false
            } else {
                make_dec(d_sle, d_se, sd, d_szc)
            };

            self.v_flag = false;
            if inp.prev_marker && !marker && add(d_se, 410) < 0 && energy > 3072 {
                marker = true;
                self.v_flag = true;
            }

            if self.flag {
                if inp.pprev_marker
                    && inp.prev_marker
                    && !marker
                    && abs_s(sub(self.prev_energy, energy)) <= 614
                {
                    self.count_ext = self.count_ext.wrapping_add(1);
                    marker = true;
                    self.v_flag = true;
                    if self.count_ext <= 4 {
                        self.flag = true;
                    } else {
                        self.count_ext = 0;
                        self.flag = false;
                    }
                }
            } else {
                self.flag = true;
            }

            if !marker {
                self.count_sil = self.count_sil.wrapping_add(1);
            }
            if marker && self.count_sil > 10 && sub(energy, self.prev_energy) <= 614 {
                marker = false;
                self.count_sil = 0;
            }
            if marker {
                self.count_sil = 0;
            }

            if sub(energy, 614) < self.mean_se && frm_count > 128 && !self.v_flag && inp.rc < 19661
            {
                marker = false;
            }

            if sub(energy, 614) < self.mean_se && inp.rc < 24576 && sd < 83 {
                self.count_update = self.count_update.wrapping_add(1);
                let cu = self.count_update;
                let (coef, c_coef, coefzc, c_coefzc, coefsd, c_coefsd) = if cu < INIT_COUNT {
                    (24576, 8192, 26214, 6554, 19661, 13017)
                } else if cu < INIT_COUNT + 10 {
                    (31130, 1638, 30147, 2621, 21299, 11469)
                } else if cu < INIT_COUNT + 20 {
                    (31785, 983, 30802, 1966, 22938, 9830)
                } else if cu < INIT_COUNT + 30 {
                    (32440, 328, 31457, 1311, 24576, 8192)
                } else if cu < INIT_COUNT + 40 {
                    (32604, 164, 32440, 328, 24576, 8192)
                } else {
                    (32604, 164, 32702, 66, 24576, 8192)
                };
                let acc0 = l_mac(l_mult(coef, self.mean_se), c_coef, energy);
                self.mean_se = extract_h(acc0);
                let acc0 = l_mac(l_mult(coef, self.mean_sle), c_coef, energy_low);
                self.mean_sle = extract_h(acc0);
                let acc0 = l_mac(l_mult(coefzc, self.mean_szc), c_coefzc, zc);
                self.mean_szc = extract_h(acc0);
                for i in 0..M {
                    let acc0 = l_mac(l_mult(coefsd, self.mean_lsf[i]), c_coefsd, lsf[i]);
                    self.mean_lsf[i] = extract_h(acc0);
                }
            }

            if frm_count > 128
                && ((self.mean_se < self.min && sd < 83) || sub(self.mean_se, self.min) > 2048)
            {
                self.mean_se = self.min;
                self.count_update = 0;
            }
        }
        self.prev_energy = energy;
        marker
    }
}

/// The multi-boundary initial decision (G.729 Annex B §B.3.5).
fn make_dec(d_sle: i16, d_se: i16, sd: i16, d_szc: i16) -> bool {
    let mut acc0 = l_mult(d_szc, -14680);
    acc0 = l_mac(acc0, 8192, -28521);
    acc0 = l_shr(acc0, 8);
    acc0 = l_add(acc0, l_deposit_h(sd));
    if acc0 > 0 {
        return true;
    }
    let mut acc0 = l_mult(d_szc, 19065);
    acc0 = l_mac(acc0, 8192, -19446);
    acc0 = l_shr(acc0, 7);
    acc0 = l_add(acc0, l_deposit_h(sd));
    if acc0 > 0 {
        return true;
    }
    let mut acc0 = l_mult(d_szc, 20480);
    acc0 = l_mac(acc0, 8192, 16384);
    acc0 = l_shr(acc0, 2);
    acc0 = l_add(acc0, l_deposit_h(d_se));
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(d_szc, -16384);
    acc0 = l_mac(acc0, 8192, 19660);
    acc0 = l_shr(acc0, 2);
    acc0 = l_add(acc0, l_deposit_h(d_se));
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(d_se, 32767);
    acc0 = l_mac(acc0, 1024, 30802);
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(sd, -28160);
    acc0 = l_mac(acc0, 64, 19988);
    acc0 = l_mac(acc0, d_se, 512);
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(sd, 32767);
    acc0 = l_mac(acc0, 32, -30199);
    if acc0 > 0 {
        return true;
    }
    let mut acc0 = l_mult(d_szc, -20480);
    acc0 = l_mac(acc0, 8192, 22938);
    acc0 = l_shr(acc0, 2);
    acc0 = l_add(acc0, l_deposit_h(d_se));
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(d_szc, 23831);
    acc0 = l_mac(acc0, 4096, 31576);
    acc0 = l_shr(acc0, 2);
    acc0 = l_add(acc0, l_deposit_h(d_se));
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(d_se, 32767);
    acc0 = l_mac(acc0, 2048, 17367);
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(sd, -22400);
    acc0 = l_mac(acc0, 32, 25395);
    acc0 = l_mac(acc0, d_sle, 256);
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(d_se, -30427);
    acc0 = l_mac(acc0, 256, -29959);
    acc0 = l_add(acc0, l_deposit_h(d_sle));
    if acc0 > 0 {
        return true;
    }
    let mut acc0 = l_mult(d_se, -23406);
    acc0 = l_mac(acc0, 512, 28087);
    acc0 = l_add(acc0, l_deposit_h(d_sle));
    if acc0 < 0 {
        return true;
    }
    let mut acc0 = l_mult(d_se, 24576);
    acc0 = l_mac(acc0, 1024, 29491);
    acc0 = l_mac(acc0, d_sle, 16384);
    acc0 < 0
}
