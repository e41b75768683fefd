//! The G.729 Annex A encoder with the optional Annex B VAD/DTX (G.729 §3, §A.3, §B.3–B.4).

use super::acelp::acelp_code_a;
use super::basic_op::*;
use super::dtx::Dtx;
use super::filters::{build_excitation, residu, syn_filt, HighPass};
use super::gain::{corr_xy2, GainPredictor};
use super::lpc::{autocorr, az_lsp, lag_window, lsp_lsf, Levinson, LspQuantizer, NP};
use super::lsp::{int_qlpc, weight_az};
use super::pitch::{enc_lag3, g_pitch, pitch_fr3_fast, pitch_ol_fast};
use super::tables::TAB_ZONE;
use super::vad::{Vad, VadInput};
use super::{
    cng::INIT_SEED, parity_pitch, Frame, L_FRAME, L_INTER10, L_INTERPOL, L_SUBFR, M, MP1, PIT_MAX,
    PIT_MIN, SHARPMAX, SHARPMIN,
};

const L_TOTAL: usize = 240;
const L_NEXT: usize = 40;
const GAMMA1: i16 = 24576;
/// Start of the current frame in the speech buffer.
const SPEECH: usize = L_TOTAL - L_FRAME - L_NEXT;
/// Start of the new samples in the speech buffer.
const NEW_SPEECH: usize = L_TOTAL - L_FRAME;
const WSP: usize = PIT_MAX;
const EXC: usize = PIT_MAX + L_INTERPOL;
const GPCLIP: i16 = 15564;
const L_THRESH_ERR: i32 = 983_040_000;
const LSP_INIT: [i16; M] = [
    30000, 26000, 21000, 15000, 8000, 0, -8000, -15000, -21000, -26000,
];

/// Taming memory: worst-case accumulated pitch-gain error per lag zone (G.729 §3.9.2
/// "taming procedure").
#[derive(Debug, Clone)]
struct Taming {
    l_exc_err: [i32; 4],
}

impl Taming {
    fn new() -> Self {
        Taming {
            l_exc_err: [0x4000; 4],
        }
    }

    /// Whether the pitch gain must be limited for this lag.
    fn test_err(&self, t0: i16, t0_frac: i16) -> bool {
        let t1 = if t0_frac > 0 { add(t0, 1) } else { t0 };
        let mut i = sub(t1, (L_SUBFR + L_INTER10) as i16);
        if i < 0 {
            i = 0;
        }
        let zone1 = TAB_ZONE[i as usize];
        let i = add(t1, (L_INTER10 - 2) as i16);
        let zone2 = TAB_ZONE[i as usize];
        let mut maxloc = -1i32;
        for i in (zone1..=zone2).rev() {
            if l_sub(self.l_exc_err[i as usize], maxloc) > 0 {
                maxloc = self.l_exc_err[i as usize];
            }
        }
        l_sub(maxloc, L_THRESH_ERR) > 0
    }

    fn update(&mut self, gain_pit: i16, t0: i16) {
        let step = |l: i32| -> i32 {
            let (hi, lo) = l_extract(l);
            let t = l_shl(mpy_32_16(hi, lo, gain_pit), 1);
            l_add(0x4000, t)
        };
        let mut worst = -1i32;
        let n = sub(t0, L_SUBFR as i16);
        if n < 0 {
            let t = step(self.l_exc_err[0]);
            if l_sub(t, worst) > 0 {
                worst = t;
            }
            let t = step(t);
            if l_sub(t, worst) > 0 {
                worst = t;
            }
        } else {
            let zone1 = TAB_ZONE[n as usize];
            let zone2 = TAB_ZONE[sub(t0, 1) as usize];
            for i in zone1..=zone2 {
                let t = step(self.l_exc_err[i as usize]);
                if l_sub(t, worst) > 0 {
                    worst = t;
                }
            }
        }
        self.l_exc_err.copy_within(0..3, 1);
        self.l_exc_err[0] = worst;
    }
}

/// Complete per-channel encoder state. Fixed size, no heap.
#[derive(Debug, Clone)]
pub(crate) struct EncoderState {
    old_speech: [i16; L_TOTAL],
    old_wsp: [i16; L_FRAME + PIT_MAX],
    old_exc: [i16; L_FRAME + PIT_MAX + L_INTERPOL],
    lsp_old: [i16; M],
    lsp_old_q: [i16; M],
    mem_w0: [i16; M],
    mem_w: [i16; M],
    sharp: i16,
    past_vad: bool,
    ppast_vad: bool,
    seed: i16,
    frame: i16,
    vad_enable: bool,
    pre: HighPass,
    levinson: Levinson,
    lsp_q: LspQuantizer,
    gain: GainPredictor,
    taming: Taming,
    vad: Vad,
    dtx: Dtx,
}

impl EncoderState {
    pub(crate) fn new(vad_enable: bool) -> Self {
        EncoderState {
            old_speech: [0; L_TOTAL],
            old_wsp: [0; L_FRAME + PIT_MAX],
            old_exc: [0; L_FRAME + PIT_MAX + L_INTERPOL],
            lsp_old: LSP_INIT,
            lsp_old_q: LSP_INIT,
            mem_w0: [0; M],
            mem_w: [0; M],
            sharp: SHARPMIN,
            past_vad: true,
            ppast_vad: true,
            seed: INIT_SEED,
            frame: 0,
            vad_enable,
            pre: HighPass::default(),
            levinson: Levinson::new(),
            lsp_q: LspQuantizer::new(),
            gain: GainPredictor::new(),
            taming: Taming::new(),
            vad: Vad::new(),
            dtx: Dtx::new(),
        }
    }

    pub(crate) fn vad_enabled(&self) -> bool {
        self.vad_enable
    }

    fn shift_buffers(&mut self) {
        self.old_speech.copy_within(L_FRAME.., 0);
        self.old_wsp.copy_within(L_FRAME.., 0);
        self.old_exc.copy_within(L_FRAME.., 0);
    }

    /// Encodes one frame of 80 samples.
    pub(crate) fn encode(&mut self, pcm: &[i16; L_FRAME]) -> Frame {
        self.frame = if self.frame == 32767 {
            256
        } else {
            self.frame + 1
        };
        self.old_speech[NEW_SPEECH..].copy_from_slice(pcm);
        self.pre.pre_process(&mut self.old_speech[NEW_SPEECH..]);

        let mut aq_t = [0i16; 2 * MP1];
        let mut ap_t = [0i16; 2 * MP1];

        // LP analysis, VAD.
        let mut r_h = [0i16; NP + 1];
        let mut r_l = [0i16; NP + 1];
        let exp_r0 = autocorr(&self.old_speech, &mut r_h, &mut r_l);
        let mut rh_nbe = [0i16; MP1];
        rh_nbe.copy_from_slice(&r_h[..MP1]);
        lag_window(&mut r_h, &mut r_l);
        let mut rc = [0i16; M];
        self.levinson.run(&r_h, &r_l, &mut ap_t, &mut rc);
        let mut lsp_new = [0i16; M];
        az_lsp(&ap_t, &mut lsp_new, &self.lsp_old);
        // Without Annex B the reference skips the VAD and its CNG bookkeeping (and takes every
        // frame as active); their state feeds nothing else, so skipping them here too leaves
        // every output bit as it was.
        let vad = if self.vad_enable {
            let mut lsf_new = [0i16; M];
            lsp_lsf(&lsp_new, &mut lsf_new);
            let vad = self.vad.decide(&VadInput {
                rc: rc[1],
                lsf: &lsf_new,
                r_h: &r_h,
                r_l: &r_l,
                exp_r0,
                sigpp: &self.old_speech,
                frm_count: self.frame,
                prev_marker: self.past_vad,
                pprev_marker: self.ppast_vad,
            });
            self.dtx.update(&rh_nbe, exp_r0, vad);
            vad
        } else {
            true
        };

        if !vad && self.vad_enable {
            let (frame, used) = self.dtx.encode(
                &mut self.old_exc,
                EXC,
                self.past_vad,
                &mut self.lsp_old_q,
                &mut aq_t,
                &mut self.lsp_q.freq_prev,
                &mut self.seed,
                &mut self.levinson,
            );
            for (gp, t0) in used {
                self.taming.update(gp, t0);
            }
            self.ppast_vad = self.past_vad;
            self.past_vad = vad;

            for sf in 0..2 {
                let i_subfr = sf * L_SUBFR;
                let aq: [i16; MP1] = aq_t[sf * MP1..(sf + 1) * MP1].try_into().unwrap();
                let mut xn = [0i16; L_SUBFR];
                residu(
                    &aq,
                    &self.old_speech[SPEECH + i_subfr - M..SPEECH + i_subfr + L_SUBFR],
                    &mut xn,
                );
                let mut ap = [0i16; MP1];
                weight_az(&aq, GAMMA1, &mut ap);
                let mut ap1 = [0i16; MP1];
                ap1[0] = 4096;
                for i in 1..=M {
                    ap1[i] = sub(ap[i], mult(ap[i - 1], 22938));
                }
                let w = WSP + i_subfr;
                syn_filt(
                    &ap1,
                    &xn,
                    &mut self.old_wsp[w..w + L_SUBFR],
                    &mut self.mem_w,
                    true,
                );
                for i in 0..L_SUBFR {
                    xn[i] = sub(xn[i], self.old_exc[EXC + i_subfr + i]);
                }
                let xin = xn;
                syn_filt(&ap, &xin, &mut xn, &mut self.mem_w0, true);
            }
            self.sharp = SHARPMIN;
            self.shift_buffers();
            return frame;
        }

        let mut prm = [0i16; 11];
        self.seed = INIT_SEED;
        self.ppast_vad = self.past_vad;
        self.past_vad = vad;
        let mut lsp_new_q = [0i16; M];
        let codes = self.lsp_q.quantize(&lsp_new, &mut lsp_new_q);
        prm[0] = codes[0];
        prm[1] = codes[1];
        int_qlpc(&self.lsp_old_q, &lsp_new_q, &mut aq_t);
        {
            let (a0, a1) = aq_t.split_at(MP1);
            let (p0, p1) = ap_t.split_at_mut(MP1);
            weight_az(a0, GAMMA1, p0.try_into().unwrap());
            weight_az(a1, GAMMA1, p1.try_into().unwrap());
        }
        self.lsp_old = lsp_new;
        self.lsp_old_q = lsp_new_q;

        // Weighted speech and open-loop pitch.
        for sf in 0..2 {
            let i_subfr = sf * L_SUBFR;
            let aq: [i16; MP1] = aq_t[sf * MP1..(sf + 1) * MP1].try_into().unwrap();
            let e = EXC + i_subfr;
            let mut res = [0i16; L_SUBFR];
            residu(
                &aq,
                &self.old_speech[SPEECH + i_subfr - M..SPEECH + i_subfr + L_SUBFR],
                &mut res,
            );
            self.old_exc[e..e + L_SUBFR].copy_from_slice(&res);
        }
        for sf in 0..2 {
            let i_subfr = sf * L_SUBFR;
            let ap = &ap_t[sf * MP1..(sf + 1) * MP1];
            let mut ap1 = [0i16; MP1];
            ap1[0] = 4096;
            for i in 1..=M {
                ap1[i] = sub(ap[i], mult(ap[i - 1], 22938));
            }
            let e = EXC + i_subfr;
            let w = WSP + i_subfr;
            let x: [i16; L_SUBFR] = self.old_exc[e..e + L_SUBFR].try_into().unwrap();
            syn_filt(
                &ap1,
                &x,
                &mut self.old_wsp[w..w + L_SUBFR],
                &mut self.mem_w,
                true,
            );
        }
        let t_op = pitch_ol_fast(&self.old_wsp);
        let mut t0_min = sub(t_op, 3);
        if t0_min < PIT_MIN as i16 {
            t0_min = PIT_MIN as i16;
        }
        let mut t0_max = add(t0_min, 6);
        if t0_max > PIT_MAX as i16 {
            t0_max = PIT_MAX as i16;
            t0_min = sub(t0_max, 6);
        }

        for sf in 0..2 {
            let i_subfr = sf * L_SUBFR;
            let ap: [i16; MP1] = ap_t[sf * MP1..(sf + 1) * MP1].try_into().unwrap();
            let e = EXC + i_subfr;

            // Impulse response of the weighted synthesis filter.
            let mut imp = [0i16; L_SUBFR];
            imp[0] = 4096;
            let mut h1 = [0i16; L_SUBFR];
            let mut zero = [0i16; M];
            syn_filt(&ap, &imp, &mut h1, &mut zero, false);

            // Target for the pitch search.
            let mut xn = [0i16; L_SUBFR];
            let x: [i16; L_SUBFR] = self.old_exc[e..e + L_SUBFR].try_into().unwrap();
            syn_filt(&ap, &x, &mut xn, &mut self.mem_w0, false);

            let (t0, t0_frac) =
                pitch_fr3_fast(&mut self.old_exc, e, &xn, &h1, t0_min, t0_max, sf == 0);
            let index = enc_lag3(t0, t0_frac, &mut t0_min, &mut t0_max, sf == 0);
            let base = if sf == 0 { 2 } else { 7 };
            prm[base] = index;
            if sf == 0 {
                prm[3] = parity_pitch(index);
            }

            let mut y1 = [0i16; L_SUBFR];
            let x: [i16; L_SUBFR] = self.old_exc[e..e + L_SUBFR].try_into().unwrap();
            let mut zero = [0i16; M];
            syn_filt(&ap, &x, &mut y1, &mut zero, false);
            let mut g_coeff = [0i16; 4];
            let mut gain_pit = g_pitch(&xn, &y1, &mut g_coeff);
            let taming = self.taming.test_err(t0, t0_frac);
            if taming && gain_pit > GPCLIP {
                gain_pit = GPCLIP;
            }
            let mut xn2 = [0i16; L_SUBFR];
            for i in 0..L_SUBFR {
                let l = l_shl(l_mult(y1[i], gain_pit), 1);
                xn2[i] = sub(xn[i], extract_h(l));
            }

            let mut code = [0i16; L_SUBFR];
            let mut y2 = [0i16; L_SUBFR];
            let (index, sign) = acelp_code_a(&xn2, &mut h1, t0, self.sharp, &mut code, &mut y2);
            let cbase = if sf == 0 { 4 } else { 8 };
            prm[cbase] = index;
            prm[cbase + 1] = sign;

            let mut g_coeff_cs = [0i16; 5];
            let mut exp_g_coeff_cs = [0i16; 5];
            g_coeff_cs[0] = g_coeff[0];
            exp_g_coeff_cs[0] = negate(g_coeff[1]);
            g_coeff_cs[1] = negate(g_coeff[2]);
            exp_g_coeff_cs[1] = negate(add(g_coeff[3], 1));
            corr_xy2(&xn, &y1, &y2, &mut g_coeff_cs, &mut exp_g_coeff_cs);
            let mut gain_code = 0i16;
            prm[cbase + 2] = self.gain.quantize(
                &code,
                &g_coeff_cs,
                &exp_g_coeff_cs,
                &mut gain_pit,
                &mut gain_code,
                taming,
            );

            self.sharp = gain_pit.clamp(SHARPMIN, SHARPMAX);

            build_excitation(
                (&mut self.old_exc[e..e + L_SUBFR]).try_into().unwrap(),
                &code,
                gain_pit,
                gain_code,
            );
            self.taming.update(gain_pit, t0);
            for (j, i) in (L_SUBFR - M..L_SUBFR).enumerate() {
                let temp = extract_h(l_shl(l_mult(y1[i], gain_pit), 1));
                let k = extract_h(l_shl(l_mult(y2[i], gain_code), 2));
                self.mem_w0[j] = sub(xn[i], add(temp, k));
            }
        }
        self.shift_buffers();
        Frame::Speech(prm)
    }
}
