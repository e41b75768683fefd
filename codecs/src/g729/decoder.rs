//! The G.729 Annex A decoder with the Annex B comfort-noise decoder (G.729 §4, §A.4, §B.4).

use super::basic_op::*;
use super::cng::{self, A_GAIN0, A_GAIN1, INIT_SEED};
use super::filters::{build_excitation, pred_lt_3, syn_filt, HighPass};
use super::gain::GainPredictor;
use super::lsp::{int_qlpc, LspDecoder};
use super::postfilter::PostFilter;
use super::{
    check_parity_pitch, random, Frame, L_FRAME, L_INTERPOL, L_SUBFR, M, MP1, PIT_MAX, PIT_MIN,
    SHARPMAX, SHARPMIN,
};

const EXC0: usize = PIT_MAX + L_INTERPOL;
const LSP_INIT: [i16; M] = [
    30000, 26000, 21000, 15000, 8000, 0, -8000, -15000, -21000, -26000,
];
const LSP_SID_INIT: [i16; M] = [
    31441, 27566, 21458, 13612, 4663, -4663, -13612, -21458, -27566, -31441,
];

/// Frame type of G.729 Annex B: what the decoder did with the last frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameType {
    /// Not transmitted (DTX) or concealed as such.
    NoData,
    /// Active speech.
    Speech,
    /// Silence insertion descriptor.
    Sid,
}

/// Complete per-channel decoder state. Fixed size, no heap.
#[derive(Debug, Clone)]
pub(crate) struct DecoderState {
    old_exc: [i16; L_FRAME + PIT_MAX + L_INTERPOL],
    lsp_old: [i16; M],
    mem_syn: [i16; M],
    sharp: i16,
    old_t0: i16,
    gain_code: i16,
    gain_pitch: i16,
    lsp: LspDecoder,
    gain: GainPredictor,
    seed_fer: i16,
    past_ftyp: FrameType,
    seed: i16,
    sid_sav: i16,
    sh_sid_sav: i16,
    cur_gain: i16,
    lsp_sid: [i16; M],
    sid_gain: i16,
    /// `M` past samples of synthesis, then the current frame.
    synth: [i16; M + L_FRAME],
    post: PostFilter,
    hp: HighPass,
}

impl DecoderState {
    pub(crate) fn new() -> Self {
        DecoderState {
            old_exc: [0; L_FRAME + PIT_MAX + L_INTERPOL],
            lsp_old: LSP_INIT,
            mem_syn: [0; M],
            sharp: SHARPMIN,
            old_t0: 60,
            gain_code: 0,
            gain_pitch: 0,
            lsp: LspDecoder::new(),
            gain: GainPredictor::new(),
            seed_fer: 21845,
            past_ftyp: FrameType::Speech,
            seed: INIT_SEED,
            sid_sav: 0,
            sh_sid_sav: 1,
            cur_gain: 0,
            lsp_sid: LSP_SID_INIT,
            sid_gain: cng::sid_gain(0),
            synth: [0; M + L_FRAME],
            post: PostFilter::new(),
            hp: HighPass::default(),
        }
    }

    /// Synthesises one subframe from `exc`, redoing it on a scaled-down excitation history
    /// when the synthesis saturates (G.729 §4.1.6).
    fn synthesise(&mut self, az: &[i16; MP1], i_subfr: usize) {
        let e = EXC0 + i_subfr;
        let out = M + i_subfr;
        let ovf = syn_filt(
            az,
            &self.old_exc[e..e + L_SUBFR],
            &mut self.synth[out..out + L_SUBFR],
            &mut self.mem_syn,
            false,
        );
        if ovf {
            for v in self.old_exc.iter_mut() {
                *v = shr(*v, 2);
            }
            syn_filt(
                az,
                &self.old_exc[e..e + L_SUBFR],
                &mut self.synth[out..out + L_SUBFR],
                &mut self.mem_syn,
                true,
            );
        } else {
            self.mem_syn
                .copy_from_slice(&self.synth[out + L_SUBFR - M..out + L_SUBFR]);
        }
    }

    /// Decodes one frame (`erased` = the frame was lost or damaged) into `out`.
    pub(crate) fn decode(&mut self, frame: &Frame, erased: bool, out: &mut [i16; L_FRAME]) {
        let bfi = erased;
        let ftyp = if bfi {
            if self.past_ftyp == FrameType::Speech {
                FrameType::Speech
            } else {
                FrameType::NoData
            }
        } else {
            match frame {
                Frame::Speech(_) => FrameType::Speech,
                Frame::Sid(_) => FrameType::Sid,
                Frame::NoData => FrameType::NoData,
            }
        };
        let mut az_dec = [0i16; 2 * MP1];
        let mut t2 = [0i16; 2];

        if ftyp != FrameType::Speech {
            // Comfort noise (SID or untransmitted frame).
            let dif_zero = self.past_ftyp == FrameType::Speech;
            match (frame, ftyp) {
                (Frame::Sid(sid), FrameType::Sid) => {
                    self.sid_gain = cng::sid_gain(sid[3]);
                    cng::sid_lsfq_decode(
                        [sid[0], sid[1], sid[2]],
                        &mut self.lsp_sid,
                        &mut self.lsp.freq_prev,
                    );
                }
                _ => {
                    if dif_zero {
                        let (ind, _) = cng::qua_sidgain_single(self.sid_sav, self.sh_sid_sav);
                        self.sid_gain = cng::sid_gain(ind);
                    }
                }
            }
            if dif_zero {
                self.cur_gain = self.sid_gain;
            } else {
                self.cur_gain = mult_r(self.cur_gain, A_GAIN0);
                self.cur_gain = add(self.cur_gain, mult_r(self.sid_gain, A_GAIN1));
            }
            cng::calc_exc_rand(self.cur_gain, &mut self.old_exc, EXC0, &mut self.seed);
            int_qlpc(&self.lsp_old, &self.lsp_sid, &mut az_dec);
            self.lsp_old = self.lsp_sid;

            for (sf, i_subfr) in [0usize, L_SUBFR].into_iter().enumerate() {
                let az: [i16; MP1] = az_dec[sf * MP1..(sf + 1) * MP1].try_into().unwrap();
                self.synthesise(&az, i_subfr);
                t2[sf] = self.old_t0;
            }
            self.sharp = SHARPMIN;
        } else {
            self.seed = INIT_SEED;
            // An erased frame's parameters are never read: every use below is guarded by `bfi`.
            let prm = match frame {
                Frame::Speech(p) if !bfi => *p,
                _ => [0; 11],
            };
            let parity_err = !bfi && check_parity_pitch(prm[2], prm[3]) != 0;

            let mut lsp_new = [0i16; M];
            self.lsp.decode(prm[0], prm[1], bfi, &mut lsp_new);
            int_qlpc(&self.lsp_old, &lsp_new, &mut az_dec);
            self.lsp_old = lsp_new;

            let mut t0: i16 = 0;
            let mut t0_frac: i16 = 0;
            for (sf, i_subfr) in [0usize, L_SUBFR].into_iter().enumerate() {
                let (pitch_idx, code_idx, sign_idx, gain_idx) = if sf == 0 {
                    (prm[2], prm[4], prm[5], prm[6])
                } else {
                    (prm[7], prm[8], prm[9], prm[10])
                };
                let bad_pitch = if sf == 0 { bfi || parity_err } else { bfi };
                if !bad_pitch {
                    dec_lag3(pitch_idx, sf, &mut t0, &mut t0_frac);
                    self.old_t0 = t0;
                } else {
                    t0 = self.old_t0;
                    t0_frac = 0;
                    self.old_t0 = add(self.old_t0, 1);
                    if self.old_t0 > PIT_MAX as i16 {
                        self.old_t0 = PIT_MAX as i16;
                    }
                }
                t2[sf] = t0;

                pred_lt_3(&mut self.old_exc, EXC0 + i_subfr, t0, t0_frac, L_SUBFR);

                let (code_idx, sign_idx) = if bfi {
                    let c = random(&mut self.seed_fer) & 0x1fff;
                    let s = random(&mut self.seed_fer) & 0x000f;
                    (c, s)
                } else {
                    (code_idx, sign_idx)
                };
                let mut code = [0i16; L_SUBFR];
                decod_acelp(sign_idx, code_idx, &mut code);
                let j = shl(self.sharp, 1);
                if (t0 as usize) < L_SUBFR {
                    for i in t0 as usize..L_SUBFR {
                        code[i] = add(code[i], mult(code[i - t0 as usize], j));
                    }
                }

                self.gain.decode(
                    gain_idx,
                    &code,
                    bfi,
                    &mut self.gain_pitch,
                    &mut self.gain_code,
                );
                self.sharp = self.gain_pitch.clamp(SHARPMIN, SHARPMAX);

                build_excitation(
                    (&mut self.old_exc[EXC0 + i_subfr..EXC0 + i_subfr + L_SUBFR])
                        .try_into()
                        .unwrap(),
                    &code,
                    self.gain_pitch,
                    self.gain_code,
                );
                let az: [i16; MP1] = az_dec[sf * MP1..(sf + 1) * MP1].try_into().unwrap();
                self.synthesise(&az, i_subfr);
            }
        }

        if !bfi {
            let mut l = 0i32;
            for &e in &self.old_exc[EXC0..EXC0 + L_FRAME] {
                l = l_mac(l, e, e);
            }
            let sh = norm_l(l);
            self.sid_sav = round(l_shl(l, sh));
            self.sh_sid_sav = sub(16, sh);
        }
        self.old_exc.copy_within(L_FRAME.., 0);
        self.past_ftyp = ftyp;

        self.post
            .filter(&mut self.synth, &az_dec, &t2, ftyp == FrameType::Speech);
        out.copy_from_slice(&self.synth[M..]);
        self.hp.post_process(out);
    }
}

/// Integer and fractional pitch lag from the received index (G.729 §4.1.3).
fn dec_lag3(index: i16, sf: usize, t0: &mut i16, t0_frac: &mut i16) {
    if sf == 0 {
        if index < 197 {
            *t0 = add(mult(add(index, 2), 10923), 19);
            let i = add(add(*t0, *t0), *t0);
            *t0_frac = add(sub(index, i), 58);
        } else {
            *t0 = sub(index, 112);
            *t0_frac = 0;
        }
    } else {
        let mut t0_min = sub(*t0, 5);
        if t0_min < PIT_MIN as i16 {
            t0_min = PIT_MIN as i16;
        }
        let mut t0_max = add(t0_min, 9);
        if t0_max > PIT_MAX as i16 {
            t0_max = PIT_MAX as i16;
            t0_min = sub(t0_max, 9);
        }
        let i = sub(mult(add(index, 2), 10923), 1);
        *t0 = add(i, t0_min);
        let i = add(add(i, i), i);
        *t0_frac = sub(sub(index, 2), i);
    }
}

/// Fixed-codebook vector (Q13) from the 13-bit positions and 4-bit signs (G.729 §4.1.4).
pub(crate) fn decod_acelp(sign: i16, index: i16, cod: &mut [i16; L_SUBFR]) {
    let mut pos = [0usize; 4];
    let mut index = index;
    let i = index & 7;
    pos[0] = (i * 5) as usize;
    index >>= 3;
    let i = index & 7;
    pos[1] = (i * 5 + 1) as usize;
    index >>= 3;
    let i = index & 7;
    pos[2] = (i * 5 + 2) as usize;
    index >>= 3;
    let j = index & 1;
    index >>= 1;
    let i = index & 7;
    pos[3] = (i * 5 + 3 + j) as usize;
    cod.fill(0);
    let mut sign = sign;
    for &p in &pos {
        cod[p] = if sign & 1 != 0 { 8191 } else { -8192 };
        sign >>= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> impl Strategy<Value = i16> {
        prop_oneof![3 => -2048i16..2048, 1 => any::<i16>(), 1 => Just(i16::MIN), 1 => Just(i16::MAX)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn excitation_is_the_reference(
            exc in prop::collection::vec(sample(), L_SUBFR),
            code in prop::collection::vec(sample(), L_SUBFR),
            g_p in sample(),
            g_c in sample(),
        ) {
            let mut e: [i16; L_SUBFR] = exc.try_into().unwrap();
            let code: [i16; L_SUBFR] = code.try_into().unwrap();
            let mut e0 = e;
            for (x, &c) in e0.iter_mut().zip(&code) {
                *x = round(l_shl(l_mac(l_mult(*x, g_p), c, g_c), 1));
            }
            build_excitation(&mut e, &code, g_p, g_c);
            prop_assert_eq!(e, e0);
        }
    }
}
