//! Encoder side of G.729 Annex B DTX (§B.4.1–B.4.3): autocorrelation averaging, the SID /
//! no-transmission decision, SID LSF and energy quantisation, and the encoder's own comfort
//! noise (which keeps its filter memories in step with the decoder's).

use super::basic_op::*;
use super::cng::{self, calc_exc_rand, qua_sidgain, A_GAIN0, A_GAIN1, NOISE_FG};
use super::lpc::{az_lsp, get_wegt, Levinson};
use super::lsp::{
    int_qlpc, lsf_lsp2, lsp_expand, lsp_lsf2, lsp_prev_compose, lsp_prev_extract, lsp_prev_update,
    lsp_stability, GAP3, L_LIMIT, M_LIMIT,
};
use super::tables::{LSPCB1, LSPCB2, MP, NOISE_FG_SUM, NOISE_FG_SUM_INV, PTRTAB_1, PTRTAB_2};
use super::{Frame, L_FRAME, M, MA_NP, MP1};

const NB_SUMACF: usize = 3;
const NB_CURACF: usize = 2;
const NB_GAIN: usize = 2;
const FR_SID_MIN: i16 = 3;
const FRAC_THRESH1: i16 = 4855;
const FRAC_THRESH2: i16 = 3161;
const SIZ_SUMACF: usize = NB_SUMACF * MP1;
const SIZ_ACF: usize = NB_CURACF * MP1;

/// DTX / comfort-noise memory of the encoder.
#[derive(Debug, Clone)]
pub(crate) struct Dtx {
    lsp_sid_q: [i16; M],
    past_coeff: [i16; MP1],
    r_coeff: [i16; MP1],
    sh_r_coeff: i16,
    acf: [i16; SIZ_ACF],
    sh_acf: [i16; NB_CURACF],
    sum_acf: [i16; SIZ_SUMACF],
    sh_sum_acf: [i16; NB_SUMACF],
    ener: [i16; NB_GAIN],
    sh_ener: [i16; NB_GAIN],
    fr_cur: i16,
    cur_gain: i16,
    nb_ener: i16,
    sid_gain: i16,
    flag_chang: bool,
    prev_energy: i16,
    count_fr0: i16,
}

/// Weighted sum of `nb` autocorrelation vectors with their exponents.
fn calc_sum_acf(acf: &[i16], sh_acf: &[i16], sum: &mut [i16], nb: usize) -> i16 {
    let mut sh0 = sh_acf[0];
    for &s in &sh_acf[1..nb] {
        if s < sh0 {
            sh0 = s;
        }
    }
    sh0 = add(sh0, 14);
    let mut tab = [0i32; MP1];
    for i in 0..nb {
        let temp = sub(sh0, sh_acf[i]);
        for j in 0..MP1 {
            let l = l_shl(l_deposit_l(acf[i * MP1 + j]), temp);
            tab[j] = l_add(tab[j], l);
        }
    }
    let temp = norm_l(tab[0]);
    for i in 0..MP1 {
        sum[i] = extract_h(l_shl(tab[i], temp));
    }
    add(sh0, sub(temp, 16))
}

/// Autocorrelation of the LP filter coefficients, normalised.
fn calc_r_coeff(coeff: &[i16; MP1], r_coeff: &mut [i16; MP1]) -> i16 {
    let mut l = 0i32;
    for &c in coeff {
        l = l_mac(l, c, c);
    }
    let sh1 = norm_l(l);
    r_coeff[0] = round(l_shl(l, sh1));
    for i in 1..=M {
        let mut l = 0i32;
        for j in 0..=M - i {
            l = l_mac(l, coeff[j], coeff[j + i]);
        }
        r_coeff[i] = round(l_shl(l, sh1));
    }
    sh1
}

/// Whether the filter whose coefficient autocorrelation is `r_coeff` models the signal with
/// autocorrelation `acf` worse than `alpha * (1 + thresh)` (Itakura distance test).
fn cmp_filt(
    r_coeff: &[i16; MP1],
    sh_r_coeff: i16,
    acf: &[i16; MP1],
    alpha: i16,
    thresh: i16,
) -> bool {
    let mut sh = [0i16; 2];
    let mut ind = 1usize;
    let l_temp0 = loop {
        let mut ovf = false;
        let t1 = shr(r_coeff[0], sh[0]);
        let t2 = shr(acf[0], sh[1]);
        let mut l = l_shr(l_mult_o(t1, t2, &mut ovf), 1);
        for i in 1..=M {
            let t1 = shr(r_coeff[i], sh[0]);
            let t2 = shr(acf[i], sh[1]);
            l = l_mac_o(l, t1, t2, &mut ovf);
        }
        if ovf {
            sh[ind] = add(sh[ind], 1);
            ind = 1 - ind;
        } else {
            break l;
        }
    };
    let t1 = mult_r(alpha, thresh);
    let mut l_temp1 = l_add(l_deposit_l(t1), l_deposit_l(alpha));
    let t1 = add(sh_r_coeff, 9);
    let t2 = add(sh[0], sh[1]);
    l_temp1 = l_shl(l_temp1, sub(t1, t2));
    l_sub(l_temp0, l_temp1) > 0
}

impl Dtx {
    pub(crate) fn new() -> Self {
        Dtx {
            lsp_sid_q: [0; M],
            past_coeff: [0; MP1],
            r_coeff: [0; MP1],
            sh_r_coeff: 0,
            acf: [0; SIZ_ACF],
            sh_acf: [40; NB_CURACF],
            sum_acf: [0; SIZ_SUMACF],
            sh_sum_acf: [40; NB_SUMACF],
            ener: [0; NB_GAIN],
            sh_ener: [40; NB_GAIN],
            fr_cur: 0,
            cur_gain: 0,
            nb_ener: 0,
            sid_gain: 0,
            flag_chang: false,
            prev_energy: 0,
            count_fr0: 0,
        }
    }

    fn update_sum_acf(&mut self) {
        self.sum_acf.copy_within(0..SIZ_SUMACF - MP1, MP1);
        self.sh_sum_acf.copy_within(0..NB_SUMACF - 1, 1);
        let mut s = [0i16; MP1];
        let sh = calc_sum_acf(&self.acf, &self.sh_acf, &mut s, NB_CURACF);
        self.sum_acf[..MP1].copy_from_slice(&s);
        self.sh_sum_acf[0] = sh;
    }

    /// Records the frame's (un-windowed) autocorrelation; every second frame of speech also
    /// feeds the long-term average.
    pub(crate) fn update(&mut self, r_h: &[i16], exp_r: i16, vad: bool) {
        self.acf.copy_within(0..SIZ_ACF - MP1, MP1);
        self.sh_acf.copy_within(0..NB_CURACF - 1, 1);
        self.sh_acf[0] = negate(add(16, exp_r));
        self.acf[..MP1].copy_from_slice(&r_h[..MP1]);
        self.fr_cur = add(self.fr_cur, 1);
        if self.fr_cur == NB_CURACF as i16 {
            self.fr_cur = 0;
            if vad {
                self.update_sum_acf();
            }
        }
    }

    fn calc_pastfilt(&self, levinson: &mut Levinson, coeff: &mut [i16; MP1]) {
        let mut s = [0i16; MP1];
        calc_sum_acf(&self.sum_acf, &self.sh_sum_acf, &mut s, NB_SUMACF);
        if s[0] == 0 {
            *coeff = [0; MP1];
            coeff[0] = 4096;
            return;
        }
        let zero = [0i16; MP1];
        let mut bid = [0i16; M];
        levinson.run(&s, &zero, coeff, &mut bid);
    }

    /// Encodes an inactive frame: decides between SID and no transmission, quantises the SID,
    /// and writes the comfort-noise excitation into `exc[start..]` and the interpolated LP
    /// filters into `aq`. Returns the frame and the taming updates of the two subframes.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn encode(
        &mut self,
        exc: &mut [i16],
        start: usize,
        past_vad: bool,
        lsp_old_q: &mut [i16; M],
        aq: &mut [i16; 2 * MP1],
        freq_prev: &mut [[i16; M]; MA_NP],
        seed: &mut i16,
        levinson: &mut Levinson,
    ) -> (Frame, [(i16, i16); 2]) {
        self.ener.copy_within(0..NB_GAIN - 1, 1);
        self.sh_ener.copy_within(0..NB_GAIN - 1, 1);
        let mut cur_acf = [0i16; MP1];
        self.sh_ener[0] = calc_sum_acf(&self.acf, &self.sh_acf, &mut cur_acf, NB_CURACF);
        let mut cur_coeff = [0i16; MP1];
        if cur_acf[0] == 0 {
            self.ener[0] = 0;
        } else {
            let zero = [0i16; MP1];
            let mut bid = [0i16; M];
            // An unstable recursion leaves the energy as it was (the reference does not write
            // it then).
            if let Some(e) = levinson.run(&cur_acf, &zero, &mut cur_coeff, &mut bid) {
                self.ener[0] = e;
            }
        }

        let send_sid;
        let (energyq, cur_igain);
        if past_vad {
            send_sid = true;
            self.count_fr0 = 0;
            self.nb_ener = 1;
            (cur_igain, energyq) = qua_sidgain(&self.ener[..1], &self.sh_ener[..1]);
        } else {
            self.nb_ener = add(self.nb_ener, 1);
            if self.nb_ener > NB_GAIN as i16 {
                self.nb_ener = NB_GAIN as i16;
            }
            let n = self.nb_ener as usize;
            (cur_igain, energyq) = qua_sidgain(&self.ener[..n], &self.sh_ener[..n]);
            if cmp_filt(
                &self.r_coeff,
                self.sh_r_coeff,
                &cur_acf,
                self.ener[0],
                FRAC_THRESH1,
            ) {
                self.flag_chang = true;
            }
            let temp = sub(abs_s(sub(self.prev_energy, energyq)), 2);
            if temp > 0 {
                self.flag_chang = true;
            }
            self.count_fr0 = add(self.count_fr0, 1);
            if self.count_fr0 < FR_SID_MIN {
                send_sid = false;
            } else {
                send_sid = self.flag_chang;
                self.count_fr0 = FR_SID_MIN;
            }
        }

        let mut frame = Frame::NoData;
        if send_sid {
            self.count_fr0 = 0;
            self.flag_chang = false;
            let mut past_coeff = [0i16; MP1];
            self.calc_pastfilt(levinson, &mut past_coeff);
            self.past_coeff = past_coeff;
            self.sh_r_coeff = calc_r_coeff(&self.past_coeff, &mut self.r_coeff);
            let lpc_coeff = if !cmp_filt(
                &self.r_coeff,
                self.sh_r_coeff,
                &cur_acf,
                self.ener[0],
                FRAC_THRESH2,
            ) {
                self.past_coeff
            } else {
                self.sh_r_coeff = calc_r_coeff(&cur_coeff, &mut self.r_coeff);
                cur_coeff
            };
            let mut lsp_new = [0i16; M];
            az_lsp(&lpc_coeff, &mut lsp_new, lsp_old_q);
            let idx = lsfq_noise(&lsp_new, &mut self.lsp_sid_q, freq_prev);
            self.prev_energy = energyq;
            self.sid_gain = cng::sid_gain(cur_igain);
            frame = Frame::Sid([idx[0], idx[1], idx[2], cur_igain]);
        }

        if past_vad {
            self.cur_gain = self.sid_gain;
        } else {
            self.cur_gain = mult_r(self.cur_gain, A_GAIN0);
            self.cur_gain = add(self.cur_gain, mult_r(self.sid_gain, A_GAIN1));
        }
        let used = calc_exc_rand(self.cur_gain, exc, start, seed);
        int_qlpc(lsp_old_q, &self.lsp_sid_q, aq);
        *lsp_old_q = self.lsp_sid_q;
        if self.fr_cur == 0 {
            self.update_sum_acf();
        }
        debug_assert!(start + L_FRAME <= exc.len());
        (frame, used)
    }
}

/// SID LSF quantiser (G.729 Annex B §B.4.2.1): two MA predictors, a 32-entry first stage and a
/// 16-entry split second stage, searched with 4 survivors. Returns (predictor, stage 1,
/// stage 2) and the quantised LSPs.
fn lsfq_noise(lsp: &[i16; M], lspq: &mut [i16; M], freq_prev: &mut [[i16; M]; MA_NP]) -> [i16; 3] {
    let mut lsf = [0i16; M];
    lsp_lsf2(lsp, &mut lsf);
    if lsf[0] < L_LIMIT {
        lsf[0] = L_LIMIT;
    }
    for i in 0..M - 1 {
        if sub(lsf[i + 1], lsf[i]) < 2 * GAP3 {
            lsf[i + 1] = add(lsf[i], 2 * GAP3);
        }
    }
    if lsf[M - 1] > M_LIMIT {
        lsf[M - 1] = M_LIMIT;
    }
    if lsf[M - 1] < lsf[M - 2] {
        lsf[M - 2] = sub(lsf[M - 1], GAP3);
    }
    let mut weight = [0i16; M];
    get_wegt(&lsf, &mut weight);
    let mut errlsf = [[0i16; M]; 2];
    for (mode, e) in errlsf.iter_mut().enumerate() {
        lsp_prev_extract(&lsf, e, &NOISE_FG[mode], freq_prev, &NOISE_FG_SUM_INV[mode]);
    }

    // First stage: 4 best (predictor, vector) pairs over both predictors.
    const K1: usize = 4;
    const MQ1: usize = 32;
    let mut sum = [[0i16; MQ1]; 2];
    for p in 0..2 {
        for m in 0..MQ1 {
            let mut acc = 0i32;
            for l in 0..M {
                let tmp = sub(errlsf[p][l], LSPCB1[PTRTAB_1[m] as usize][l]);
                acc = l_mac(acc, tmp, tmp);
            }
            sum[p][m] = mult(extract_h(acc), MP[p]);
        }
    }
    let mut cand_p = [0usize; K1];
    let mut cand_m = [0usize; K1];
    for q in 0..K1 {
        let mut min = MAX_16;
        let (mut bp, mut bm) = (0, 0);
        for p in 0..2 {
            for m in 0..MQ1 {
                if sum[p][m] < min {
                    min = sum[p][m];
                    bp = p;
                    bm = m;
                }
            }
        }
        sum[bp][bm] = MAX_16;
        cand_p[q] = bp;
        cand_m[q] = bm;
    }
    let mut d1 = [[0i16; M]; K1];
    for q in 0..K1 {
        for l in 0..M {
            d1[q][l] = sub(
                errlsf[cand_p[q]][l],
                LSPCB1[PTRTAB_1[cand_m[q]] as usize][l],
            );
        }
    }

    // Second stage: best of 16 for each survivor.
    const MQ2: usize = 16;
    let mut min = MAX_16;
    let (mut bp, mut bm) = (0usize, 0usize);
    let mut sums = [[0i16; MQ2]; K1];
    for p in 0..K1 {
        let fs = &NOISE_FG_SUM[cand_p[p]];
        for m in 0..MQ2 {
            let mut acc = 0i32;
            for l in 0..M {
                let half = usize::from(l >= M / 2);
                let mut tmp1 = extract_h(l_shl(l_mult(fs[l], fs[l]), 2));
                tmp1 = mult(tmp1, weight[l]);
                let tmp2 = sub(d1[p][l], LSPCB2[PTRTAB_2[half][m] as usize][l]);
                tmp1 = extract_h(l_shl(l_mult(tmp1, tmp2), 3));
                acc = l_mac(acc, tmp1, tmp2);
            }
            sums[p][m] = extract_h(acc);
        }
    }
    for p in 0..K1 {
        for m in 0..MQ2 {
            if sums[p][m] < min {
                min = sums[p][m];
                bp = p;
                bm = m;
            }
        }
    }
    let cluster1 = bm;
    let cluster0 = cand_m[bp];
    let mode = cand_p[bp];

    let mut tmpbuf = LSPCB1[PTRTAB_1[cluster0] as usize];
    for i in 0..M / 2 {
        tmpbuf[i] = add(tmpbuf[i], LSPCB2[PTRTAB_2[0][cluster1] as usize][i]);
    }
    for i in M / 2..M {
        tmpbuf[i] = add(tmpbuf[i], LSPCB2[PTRTAB_2[1][cluster1] as usize][i]);
    }
    lsp_expand(&mut tmpbuf, 10, 1..M);
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
    [mode as i16, cluster0 as i16, cluster1 as i16]
}
