//! ITU-T G.711 Appendix I packet-loss concealment.
//!
//! G.711 Appendix I (09/1999) §I.2 describes a waveform-substitution concealment that runs on
//! the decoded 8 kHz signal, in 10 ms frames, and needs nothing from the codec:
//!
//! * Every frame, good or synthesised, goes into a 48.75 ms (390-sample) history, and the
//!   output is the history delayed by 3.75 ms (30 samples), so that the start of an erasure
//!   can be smoothed into speech that has not been played yet.
//! * At the first lost frame the pitch is estimated: the normalised cross-correlation of the
//!   last 20 ms with the signal 5 to 15 ms (40 to 120 samples) earlier, searched first on every
//!   second sample and then refined around the best coarse lag. The last pitch period is
//!   repeated, with a triangular ¼-period overlap-add where the period wraps, including the
//!   join with the last received samples.
//! * At the second and third lost frames one more period is taken from the history (a ¼-period
//!   overlap-add moves over to it), and from the second lost frame on the signal is ramped down
//!   by 20 % per 10 ms, reaching silence after 60 ms.
//! * At the first good frame the synthetic signal is continued and cross-faded into the
//!   received one over ¼ period plus 4 ms per extra lost frame, at most 10 ms.
//!
//! §I.3 gives the algorithm as annotated C++ code, which the G.191 Software Tool Library
//! carries (module `g711iplc`, with a C translation). The arithmetic here is the STL's as
//! ITU-T builds it, with `-DUSEDOUBLES` ("in line with STL2009"): f64 throughout, the same
//! order of every sum and product, truncation towards zero when converting back to 16 bits.
//! The output is bit-exact with the STL's `g711iplc` demo program, including its test vectors
//! `f2_10.raw` and `f2_10_2.raw`; a single-precision build of that program differs.

use super::FRAME_SAMPLES;
use crate::Error;

/// Shortest pitch period searched, 5 ms (200 Hz).
const PITCH_MIN: usize = 40;
/// Longest pitch period searched, 15 ms (66.7 Hz).
const PITCH_MAX: usize = 120;
/// Number of candidate lags beyond the shortest.
const PITCH_SPAN: usize = PITCH_MAX - PITCH_MIN;
/// Longest ¼-period overlap, which is also the output delay.
const OVERLAP_MAX: usize = PITCH_MAX / 4;
/// History length: three of the longest periods and one overlap (48.75 ms).
const HISTORY: usize = 3 * PITCH_MAX + OVERLAP_MAX;
/// Length of the segment matched by the pitch search (20 ms).
const CORR_LEN: usize = 160;
/// Decimation of the coarse pitch search.
const COARSE_STEP: usize = 2;
/// Floor on the energy that normalises the correlation, so that near-silence has no pitch.
const MIN_POWER: f64 = 250.0;
/// Growth of the closing overlap-add per extra lost frame (4 ms).
const END_OVERLAP_STEP: usize = 32;
/// Attenuation per lost frame after the first (20 %).
const ATTEN_PER_FRAME: f64 = 0.2;
/// Attenuation per sample within a lost frame.
const ATTEN_PER_SAMPLE: f64 = ATTEN_PER_FRAME / FRAME_SAMPLES as f64;
/// Lost frames that are synthesised; later ones are silence (60 ms).
const MAX_SYNTH_FRAMES: u32 = 6;

/// G.711 Appendix I concealment state for one channel (§I.2).
///
/// Feed every 10 ms frame through it, in order: received ones to
/// [`good_frames`](Self::good_frames), lost ones to [`lost_frames`](Self::lost_frames). Both
/// return the output [`DELAY`](Self::DELAY) samples late. The state is a few fixed arrays,
/// 4,176 bytes on 64-bit targets (`size_of::<Plc>()`); nothing allocates.
///
/// ```
/// use strowger_codecs::g711::Plc;
///
/// let saw = |n: usize| ((n % 50) * 200) as i16 - 5000; // a 50-sample (160 Hz) period
/// let mut plc = Plc::new();
/// let mut frame: Vec<i16> = (0..160).map(saw).collect();
/// plc.good_frames(&mut frame)?; // 20 ms received, returned 30 samples late
/// assert!(frame[..30].iter().all(|&s| s == 0));
/// assert!(frame[30..].iter().copied().eq((0..130).map(saw)));
///
/// let mut lost = [0i16; 80];
/// plc.lost_frames(&mut lost)?; // the next 10 ms was lost: the period carries on
/// assert!(lost.iter().zip(130..).all(|(&s, n)| (s - saw(n)).abs() <= 1));
/// # Ok::<(), strowger_codecs::Error>(())
/// ```
#[derive(Clone)]
pub struct Plc {
    /// Consecutive lost frames so far (0 while receiving).
    erased: u32,
    /// Pitch period found at the start of the current erasure, in samples.
    pitch: usize,
    /// Overlap-add length, ¼ of `pitch`.
    overlap: usize,
    /// Read position in the repeated segment.
    offset: usize,
    /// Length of the repeated segment: 1, 2 or 3 periods, ending at the end of `pitch_buf`.
    segment: usize,
    /// The history as it was when the erasure began, with the smoothed period joins.
    pitch_buf: [f64; HISTORY],
    /// The last `overlap` samples of the history before the first join was smoothed.
    last_quarter: [f64; OVERLAP_MAX],
    /// The last 48.75 ms of output, good or concealed, not yet delayed.
    history: [i16; HISTORY],
}

impl Plc {
    /// Output delay in samples (3.75 ms), G.711 Appendix I §I.2.
    pub const DELAY: usize = OVERLAP_MAX;
    /// Frame length in samples (10 ms); both frame methods take whole multiples of it.
    pub const FRAME: usize = FRAME_SAMPLES;

    /// A concealer with a silent history, as after [`reset`](Self::reset).
    pub const fn new() -> Self {
        Self {
            erased: 0,
            pitch: PITCH_MIN,
            overlap: PITCH_MIN / 4,
            offset: 0,
            segment: PITCH_MIN,
            pitch_buf: [0.0; HISTORY],
            last_quarter: [0.0; OVERLAP_MAX],
            history: [0; HISTORY],
        }
    }

    /// Takes decoded speech for received frames and replaces it, in place, with the output:
    /// the input delayed by [`DELAY`](Self::DELAY) samples, the first frame after a loss
    /// cross-faded from the synthetic signal (G.711 Appendix I §I.2).
    ///
    /// `frame` must hold a whole number of [`FRAME`](Self::FRAME)s, or nothing is done and
    /// [`Error::PartialFrame`] is returned.
    pub fn good_frames(&mut self, frame: &mut [i16]) -> Result<(), Error> {
        for f in frames(frame)? {
            self.good_frame(f);
        }
        Ok(())
    }

    /// Writes the output for lost frames into `out` (its contents are ignored): the pitch
    /// period repeated and attenuated, silence after 60 ms (G.711 Appendix I §I.2).
    ///
    /// `out` must hold a whole number of [`FRAME`](Self::FRAME)s, or nothing is done and
    /// [`Error::PartialFrame`] is returned.
    pub fn lost_frames(&mut self, out: &mut [i16]) -> Result<(), Error> {
        for f in frames(out)? {
            self.lost_frame(f);
        }
        Ok(())
    }

    /// Returns to the initial state: silent history, no erasure in progress.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    fn good_frame(&mut self, frame: &mut [i16; FRAME_SAMPLES]) {
        if self.erased > 0 {
            // Longer erasures need a longer cross-fade into the received signal.
            let extra = (self.erased as usize - 1).saturating_mul(END_OVERLAP_STEP);
            let len = self.overlap.saturating_add(extra).min(FRAME_SAMPLES);
            let mut synth = [0i16; FRAME_SAMPLES];
            self.synthesise(&mut synth[..len]);
            self.fade_in_received(&mut frame[..len], &synth[..len]);
            self.erased = 0;
        }
        self.push_history(frame);
    }

    fn lost_frame(&mut self, out: &mut [i16; FRAME_SAMPLES]) {
        match self.erased {
            0 => {
                for (p, &h) in self.pitch_buf.iter_mut().zip(&self.history) {
                    *p = f64::from(h);
                }
                self.pitch = self.find_pitch();
                self.overlap = self.pitch / 4;
                let tail = HISTORY - self.overlap;
                self.last_quarter[..self.overlap].copy_from_slice(&self.pitch_buf[tail..]);
                self.offset = 0;
                self.segment = self.pitch;
                self.smooth_wrap();
                // The smoothed join lies within the delay, so it has not been played yet.
                for (h, &p) in self.history[tail..].iter_mut().zip(&self.pitch_buf[tail..]) {
                    *h = p as i16;
                }
                self.synthesise(out);
            }
            1 | 2 => {
                // Where the old segment would have gone next, for the cross-fade.
                let mut old = [0i16; OVERLAP_MAX];
                let old = &mut old[..self.overlap];
                let resume = self.offset;
                self.synthesise(old);
                // Take one more period from the history and carry on at the same phase.
                self.offset = resume;
                while self.offset > self.pitch {
                    self.offset -= self.pitch;
                }
                self.segment += self.pitch;
                self.smooth_wrap();
                self.synthesise(out);
                cross_fade(old, &mut out[..self.overlap]);
                self.attenuate(out);
            }
            n if n < MAX_SYNTH_FRAMES => {
                self.synthesise(out);
                self.attenuate(out);
            }
            _ => out.fill(0),
        }
        self.erased = self.erased.saturating_add(1);
        self.push_history(out);
    }

    /// Appends a frame to the history and replaces it with the delayed output.
    fn push_history(&mut self, frame: &mut [i16; FRAME_SAMPLES]) {
        self.history.copy_within(FRAME_SAMPLES.., 0);
        self.history[HISTORY - FRAME_SAMPLES..].copy_from_slice(frame);
        let start = HISTORY - FRAME_SAMPLES - Self::DELAY;
        frame.copy_from_slice(&self.history[start..start + FRAME_SAMPLES]);
    }

    /// Reads the repeated segment circularly from `offset`, truncating towards zero.
    fn synthesise(&mut self, out: &mut [i16]) {
        let start = HISTORY - self.segment;
        let mut out = out;
        while !out.is_empty() {
            let n = (self.segment - self.offset).min(out.len());
            let from = &self.pitch_buf[start + self.offset..][..n];
            let (head, rest) = out.split_at_mut(n);
            for (o, &p) in head.iter_mut().zip(from) {
                *o = p as i16;
            }
            self.offset += n;
            if self.offset == self.segment {
                self.offset = 0;
            }
            out = rest;
        }
    }

    /// Makes the end of the repeated segment lead smoothly into its start: the last `overlap`
    /// samples fade from the original history into the samples just before the segment.
    fn smooth_wrap(&mut self) {
        let n = self.overlap;
        if n == 0 {
            return;
        }
        let before = HISTORY - self.segment - n;
        let (head, tail) = self.pitch_buf.split_at_mut(HISTORY - n);
        let into = &head[before..before + n];
        let step = 1.0 / n as f64;
        let mut w_out = 1.0 - step;
        let mut w_in = step;
        for ((o, &l), &r) in tail.iter_mut().zip(&self.last_quarter[..n]).zip(into) {
            *o = (w_out * l + w_in * r).clamp(-32768.0, 32767.0);
            w_out -= step;
            w_in += step;
        }
    }

    /// The linear ramp of a lost frame: for the k-th lost frame (k ≥ 2) the gain falls from
    /// 1 − 0.2 (k − 2) at its start by 0.2 over the frame, reaching 0 at the end of the 6th.
    fn attenuate(&self, out: &mut [i16]) {
        let mut gain = 1.0 - f64::from(self.erased - 1) * ATTEN_PER_FRAME;
        for s in out {
            *s = (f64::from(*s) * gain) as i16;
            gain -= ATTEN_PER_SAMPLE;
        }
    }

    /// Cross-fades the attenuated synthetic signal into the first received samples.
    fn fade_in_received(&self, received: &mut [i16], synth: &[i16]) {
        let step = 1.0 / received.len() as f64;
        let gain = (1.0 - f64::from(self.erased - 1) * ATTEN_PER_FRAME).max(0.0);
        let gain_step = step * gain;
        let mut w_synth = (1.0 - step) * gain;
        let mut w_recv = step;
        for (r, &s) in received.iter_mut().zip(synth) {
            *r = (w_synth * f64::from(s) + w_recv * f64::from(*r)) as i16;
            w_synth -= gain_step;
            w_recv += step;
        }
    }

    /// The pitch period of the history in `pitch_buf`, 40 to 120 samples.
    ///
    /// Lag candidates are numbered by how far the matched segment starts after the one
    /// [`PITCH_MAX`] back, so candidate `j` is period `PITCH_MAX - j`. On ties the coarse search
    /// keeps the shorter period and the fine search the longer one.
    fn find_pitch(&self) -> usize {
        let recent = &self.pitch_buf[HISTORY - CORR_LEN..];
        let past = &self.pitch_buf[HISTORY - CORR_LEN - PITCH_MAX..];

        // Coarse: every second sample, every second lag.
        let mut energy = dot(&past[..CORR_LEN], &past[..CORR_LEN], COARSE_STEP);
        let mut best_score = score(dot(past, recent, COARSE_STEP), energy);
        let mut best = 0;
        for j in (COARSE_STEP..=PITCH_SPAN).step_by(COARSE_STEP) {
            let (gone, came) = (past[j - COARSE_STEP], past[j - COARSE_STEP + CORR_LEN]);
            energy -= gone * gone;
            energy += came * came;
            let s = score(dot(&past[j..], recent, COARSE_STEP), energy);
            if s >= best_score {
                best_score = s;
                best = j;
            }
        }

        // Fine: every sample, the lags next to the coarse choice.
        let first = best.saturating_sub(COARSE_STEP - 1);
        let last = (best + COARSE_STEP - 1).min(PITCH_SPAN);
        let window = &past[first..first + CORR_LEN];
        let mut energy = dot(window, window, 1);
        let mut best_score = score(dot(&past[first..], recent, 1), energy);
        let mut best = first;
        for j in first + 1..=last {
            let (gone, came) = (past[j - 1], past[j - 1 + CORR_LEN]);
            energy -= gone * gone;
            energy += came * came;
            let s = score(dot(&past[j..], recent, 1), energy);
            if s > best_score {
                best_score = s;
                best = j;
            }
        }
        PITCH_MAX - best
    }
}

/// Splits a buffer into 10 ms frames, or reports that it does not divide.
fn frames(buf: &mut [i16]) -> Result<&mut [[i16; FRAME_SAMPLES]], Error> {
    let len = buf.len();
    match buf.as_chunks_mut() {
        (frames, []) => Ok(frames),
        _ => Err(Error::PartialFrame {
            len,
            frame: FRAME_SAMPLES,
        }),
    }
}

/// Σ a[i]·b[i] over the first [`CORR_LEN`] samples, every `step`-th, summed in order.
fn dot(a: &[f64], b: &[f64], step: usize) -> f64 {
    a[..CORR_LEN]
        .iter()
        .zip(&b[..CORR_LEN])
        .step_by(step)
        .fold(0.0, |acc, (x, y)| acc + x * y)
}

/// A correlation normalised by the root of the (floored) energy of the lagged segment.
fn score(corr: f64, energy: f64) -> f64 {
    corr / energy.max(MIN_POWER).sqrt()
}

/// Triangular overlap-add of `from` into `to` (in place); truncates towards zero, saturating.
fn cross_fade(from: &[i16], to: &mut [i16]) {
    if to.is_empty() {
        return;
    }
    let step = 1.0 / to.len() as f64;
    let mut w_from = 1.0 - step;
    let mut w_to = step;
    for (t, &f) in to.iter_mut().zip(from) {
        *t = (w_from * f64::from(f) + w_to * f64::from(*t)) as i16;
        w_from -= step;
        w_to += step;
    }
}

impl Default for Plc {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for Plc {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Plc")
            .field("erased", &self.erased)
            .field("pitch", &self.pitch)
            .field("segment", &self.segment)
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A voiced-like periodic signal: a decaying resonance restarted every `period` samples.
    fn pulses(period: usize, n: usize) -> Vec<i16> {
        (0..n)
            .map(|i| {
                let t = (i % period) as f64;
                (9000.0 * (-t / 12.0).exp() * (t * 0.7).cos()) as i16
            })
            .collect()
    }

    fn history_with(signal: &[i16]) -> Plc {
        let mut plc = Plc::new();
        let mut s = signal.to_vec();
        plc.good_frames(&mut s).unwrap();
        plc
    }

    #[test]
    fn constants_match_appendix_i() {
        assert_eq!(HISTORY, 390); // 48.75 ms
        assert_eq!(Plc::DELAY, 30); // 3.75 ms
        assert_eq!(Plc::FRAME, 80);
        assert_eq!(PITCH_MIN, 40);
        assert_eq!(PITCH_MAX, 120);
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn state_size_is_as_documented() {
        assert_eq!(core::mem::size_of::<Plc>(), 4176);
    }

    #[test]
    fn pitch_search_finds_the_period() {
        let pitch_of = |period| {
            let mut plc = history_with(&pulses(period, 400));
            plc.lost_frames(&mut [0i16; 80]).unwrap();
            assert_eq!(plc.overlap, plc.pitch / 4);
            plc.pitch
        };
        // Even periods lie on the coarse grid; of equally good multiples the shortest wins.
        for period in [40, 50, 58, 64, 80, 96, 120] {
            assert_eq!(pitch_of(period), period);
        }
        // An odd period is off the coarse grid, but its double is on it and matches exactly.
        assert_eq!(pitch_of(41), 82);
        assert_eq!(pitch_of(57), 114);
        // Without a multiple in range, the fine search lands on the odd lag itself.
        assert_eq!(pitch_of(99), 99);
        assert_eq!(pitch_of(61), 61);
    }

    #[test]
    fn silence_has_a_short_period() {
        // Every score is zero: the coarse search keeps the last tie (40), the fine search the
        // first of its three candidates (41).
        let mut plc = Plc::new();
        let mut out = [1i16; 80];
        plc.lost_frames(&mut out).unwrap();
        assert_eq!(plc.pitch, 41);
        assert_eq!(out, [0; 80]);
    }

    #[test]
    fn segment_grows_by_one_period_for_two_frames() {
        let mut plc = history_with(&pulses(50, 400));
        let mut out = [0i16; 80];
        let mut lens = Vec::new();
        for _ in 0..5 {
            plc.lost_frames(&mut out).unwrap();
            lens.push(plc.segment);
        }
        assert_eq!(lens, [50, 100, 150, 150, 150]);
    }

    #[test]
    fn first_lost_frame_repeats_the_last_period() {
        // With no smoothing needed (the signal is exactly periodic), the undelayed synthetic
        // frame equals the continuation of the signal.
        let sig = pulses(64, 480);
        let mut plc = history_with(&sig[..400]);
        let mut out = [0i16; 80];
        plc.lost_frames(&mut out).unwrap();
        let synth = &plc.history[HISTORY - 80..];
        let truth = &sig[400..480];
        let worst = synth
            .iter()
            .zip(truth)
            .map(|(&a, &b)| (i32::from(a) - i32::from(b)).abs())
            .max()
            .unwrap();
        assert!(worst <= 1, "worst difference {worst}");
    }

    #[test]
    fn partial_frames_are_refused_before_any_change() {
        let mut plc = history_with(&pulses(50, 400));
        let before = plc.history;
        let mut buf = [7i16; 81];
        assert_eq!(
            plc.good_frames(&mut buf),
            Err(Error::PartialFrame { len: 81, frame: 80 })
        );
        assert_eq!(
            plc.lost_frames(&mut buf[..79]),
            Err(Error::PartialFrame { len: 79, frame: 80 })
        );
        assert_eq!(buf, [7; 81]);
        assert_eq!(plc.history, before);
        assert_eq!(plc.erased, 0);
    }
}
