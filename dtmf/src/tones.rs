//! Fax and call-progress tone detection.
//!
//! One [`ToneDetector`] watches for
//!
//! | tone | signal | reported as |
//! |---|---|---|
//! | fax calling tone CNG | 1100 ± 38 Hz, 0.5 s on / 3 s off (T.30 §5.1) | [`ToneKind::Cng`], each burst |
//! | answer tone CED / ANS | 2100 ± 15 Hz, 2.6–4 s (T.30, V.25) | [`ToneKind::Ced`] |
//! | ANSam | 2100 Hz, 15 Hz amplitude modulation of 20 % (V.8) | [`ToneKind::Ansam`] |
//! | North-American precise tone plan | dial 350 + 440, ringback 440 + 480 (2 s on / 4 s off), busy 480 + 620 (0.5 / 0.5), reorder 480 + 620 (0.25 / 0.25) | [`ToneKind::Dial`], [`ToneKind::Ringback`], [`ToneKind::Busy`], [`ToneKind::Reorder`] |
//! | ETSI/CEPT 425 Hz plan (ETSI TR 101 041) | dial continuous, ringback 1 s on / 4 s off, busy 0.5 / 0.5, congestion 0.25 / 0.25 | the same four kinds |
//!
//! # How it decides, and when it reports
//!
//! The front end is the DTMF detector's (80-sample Hann frames every 5 ms), with the bins of
//! these frequencies.
//!
//! *Fax tones*: a window of eight frames (45 ms) must hold a steady sinusoid (phase
//! coherence ≥ 0.8) within the frequency tolerance, at least [`ToneConfig::fax_min_level_dbm0`]
//! loud, carrying at least a third of the signal power (so a tone 3 dB under full-band noise
//! is still found). The tone is then tracked frame by frame; dips shorter than 60 ms (phase
//! reversals of ANS / ANSam) are bridged. [`ToneEvent::Began`] comes when the tone has lasted
//! [`ToneConfig::cng_report_ms`] (CNG) or [`ToneConfig::answer_report_ms`] (CED / ANSam):
//! that is the onset latency, configurable. ANSam is told from CED by the 15 Hz component of
//! the 2100 Hz envelope measured over that time (modulation depth ≥ 10 %). A CNG burst longer
//! than 1.2 s is not CNG, and a 2100 Hz tone shorter than 1 s is no answer tone: both are
//! reported as begun but not as ended. Fax tones are steady: a tone whose level varies by
//! more than 9 dB inside is not reported (a decaying musical note is not CNG).
//!
//! *Call-progress tones*: every 5 ms the last 85 ms (16 frames) are summed coherently at each
//! plan frequency, which separates 440 from 480 Hz and 425 from 440 Hz; the hypothesis (dial,
//! ringback, busy/reorder pair, 425 Hz) that explains most of the signal power wins if it
//! explains at least 60 % and each of its tones is at least
//! [`ToneConfig::progress_min_level_dbm0`]. Each on-period is reported once it ends, as one
//! [`ToneEvent::Ended`], its kind decided by its duration (the cadence): the NA pair 480 + 620
//! is busy for 0.35–0.75 s on and reorder for 0.15–0.35 s; 425 Hz is dial from 1.6 s,
//! ringback for 0.7–1.6 s, busy for 0.35–0.7 s, congestion (reorder) for 0.15–0.35 s; NA dial
//! needs 0.9 s and NA ringback 0.8–3 s. A dial tone still on at [`ToneDetector::finish`] is
//! reported then.

use crate::analysis::fit;
use crate::complex::C32;
use crate::frontend::{hop_steps, Frame, FrontEnd};
use crate::kernels::KernelSet;
use crate::level::dbm0_to_amplitude;
use crate::tables::{omega, Bank, HANN_SUM, HOP};
use crate::{Error, Kernel};

const HZ: [f64; 8] = [1100.0, 2100.0, 350.0, 440.0, 480.0, 620.0, 425.0, 400.0];
const CNG: usize = 0;
const ANS: usize = 1;
static BANK: Bank = Bank::new(&HZ);
static STEP: [C32; 8] = hop_steps(&HZ);

/// Frames in the fax recognition window.
const FAX_WINDOW: usize = 8;
/// Frames in the call-progress window.
const CP_WINDOW: usize = 16;
/// Frames kept.
const RING: usize = 16;
/// Dips shorter than this many frames are bridged (fax tones).
const FAX_BRIDGE: u64 = 12;
/// Gaps shorter than this many frames are bridged (call progress).
const CP_BRIDGE: u64 = 12;

/// A tone the [`ToneDetector`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ToneKind {
    /// Fax calling tone, 1100 Hz.
    Cng,
    /// Answer tone CED / ANS, 2100 Hz.
    Ced,
    /// Answer tone ANSam, 2100 Hz amplitude-modulated at 15 Hz.
    Ansam,
    /// Dial tone (NA 350 + 440 Hz, or 425 Hz continuous).
    Dial,
    /// Ringback (NA 440 + 480 Hz, or 425 Hz 1 s on).
    Ringback,
    /// Busy (NA 480 + 620 Hz, or 425 Hz, 0.5 s on).
    Busy,
    /// Reorder / congestion (NA 480 + 620 Hz, or 425 Hz, 0.25 s on).
    Reorder,
}

impl ToneKind {
    /// The lower-case name: `cng`, `ced`, `ansam`, `dial`, `ringback`, `busy`, `reorder`.
    pub const fn name(self) -> &'static str {
        match self {
            ToneKind::Cng => "cng",
            ToneKind::Ced => "ced",
            ToneKind::Ansam => "ansam",
            ToneKind::Dial => "dial",
            ToneKind::Ringback => "ringback",
            ToneKind::Busy => "busy",
            ToneKind::Reorder => "reorder",
        }
    }
}

impl core::fmt::Display for ToneKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// What the [`ToneDetector`] reports. Offsets count samples from the first sample pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ToneEvent {
    /// A fax tone has lasted its report time (call-progress tones have no `Began`).
    Began {
        /// The tone.
        kind: ToneKind,
        /// Offset of its first sample.
        start: u64,
    },
    /// A tone (or one on-period of a cadence) ended.
    Ended {
        /// The tone.
        kind: ToneKind,
        /// Offset of its first sample.
        start: u64,
        /// Offset one past its last sample.
        end: u64,
    },
}

/// Thresholds and latencies of the [`ToneDetector`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ToneConfig {
    /// Fax tones must be at least this loud (dBm0). Default −46 (T.30 asks −43).
    pub fax_min_level_dbm0: f32,
    /// Each call-progress tone must be at least this loud (dBm0). Default −40.
    pub progress_min_level_dbm0: f32,
    /// CNG is reported ([`ToneEvent::Began`]) after this long (ms). Default 350.
    pub cng_report_ms: f32,
    /// CED / ANSam are reported after this long (ms). Default 400.
    pub answer_report_ms: f32,
}

impl Default for ToneConfig {
    fn default() -> Self {
        Self {
            fax_min_level_dbm0: -46.0,
            progress_min_level_dbm0: -40.0,
            cng_report_ms: 350.0,
            answer_report_ms: 400.0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct FaxTrack {
    mag: f32,
    start: u64,
    last_frame: u64,
    began: Option<ToneKind>,
    /// Σ e·z^t, Σ z^t and Σ e, n of the envelope e over the steady part (z = e^{-j2π·15/200}).
    env: C32,
    env_dc: C32,
    env_sum: f32,
    env_n: u32,
    /// Magnitudes of the three newest covered frames, then the smallest and largest of the
    /// covered frames before them (from 60 ms after the start): the tone's steadiness.
    recent: [f32; 3],
    lo: f32,
    hi: f32,
}

impl FaxTrack {
    /// A fax tone is steady (T.30, V.25): the interior of the tone may not vary by more than
    /// 9 dB (ANSam's 20 % modulation and the dips of phase reversals stay well within; the
    /// decaying notes of music do not).
    fn steady(&self) -> bool {
        self.hi == 0.0 || self.lo >= 0.35 * self.hi
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hyp {
    NaDial,
    NaRingback,
    NaBusy,
    Eu425,
}

#[derive(Debug, Clone, Copy)]
struct CpTrack {
    hyp: Hyp,
    start: u64,
    end: u64,
    last_frame: u64,
}

/// Streaming fax and call-progress tone detector for 8 kHz 16-bit PCM.
///
/// ```
/// use strowger_dtmf::generator::{generate_cadence, CadenceStep, ToneSpec};
/// use strowger_dtmf::tones::{ToneConfig, ToneDetector, ToneEvent, ToneKind};
/// let busy: Vec<_> = (0..3)
///     .flat_map(|_| [CadenceStep::on(ToneSpec::dual(480.0, -24.0, 620.0, -24.0), 500.0), CadenceStep::off(500.0)])
///     .collect();
/// let pcm = generate_cadence(&busy);
/// let mut det = ToneDetector::new(ToneConfig::default());
/// let mut found = Vec::new();
/// det.push(&pcm, |ev| if let ToneEvent::Ended { kind, .. } = ev { found.push(kind) });
/// det.finish(|ev| if let ToneEvent::Ended { kind, .. } = ev { found.push(kind) });
/// assert_eq!(found, [ToneKind::Busy; 3]);
/// ```
#[derive(Debug, Clone)]
pub struct ToneDetector {
    front: FrontEnd,
    config: ToneConfig,
    fax_min_amp: f32,
    cp_min_amp: f32,
    ring: [([C32; 8], f32); RING],
    frames: u64,
    fax: [Option<FaxTrack>; 2],
    cp: Option<CpTrack>,
}

impl ToneDetector {
    /// A detector on the best kernel of this CPU.
    pub fn new(config: ToneConfig) -> Self {
        Self::build(config, crate::kernels::best())
    }

    /// A detector on a given kernel (for tests and benchmarks).
    pub fn with_kernel(config: ToneConfig, kernel: Kernel) -> Result<Self, Error> {
        Ok(Self::build(config, KernelSet::get(kernel)?))
    }

    fn build(config: ToneConfig, kernel: KernelSet) -> Self {
        Self {
            front: FrontEnd::new(kernel),
            config,
            fax_min_amp: dbm0_to_amplitude(config.fax_min_level_dbm0),
            cp_min_amp: dbm0_to_amplitude(config.progress_min_level_dbm0),
            ring: [([C32::default(); 8], 0.0); RING],
            frames: 0,
            fax: [None; 2],
            cp: None,
        }
    }

    /// Samples pushed so far.
    pub fn position(&self) -> u64 {
        self.front.position()
    }

    /// Processes any number of samples; calls `on_event` for each event. Never allocates.
    pub fn push(&mut self, samples: &[i16], mut on_event: impl FnMut(ToneEvent)) {
        let mut front = self.front.clone();
        front.push(&BANK, &STEP, samples, |f| self.on_frame(f, &mut on_event));
        self.front = front;
    }

    /// Ends the stream: reports the tones still on.
    pub fn finish(&mut self, mut on_event: impl FnMut(ToneEvent)) {
        let pos = self.front.position();
        for i in 0..2 {
            if let Some(tr) = self.fax[i].take() {
                self.close_fax(
                    tr,
                    pos.min(tr.last_frame * HOP as u64 + 2 * HOP as u64),
                    &mut on_event,
                );
            }
        }
        if let Some(tr) = self.cp.take() {
            let end = if self.frames.saturating_sub(1) == tr.last_frame {
                pos
            } else {
                tr.end
            };
            close_cp(CpTrack { end, ..tr }, &mut on_event);
        }
    }

    fn slot(&self, j: u64) -> &([C32; 8], f32) {
        &self.ring[(j % RING as u64) as usize]
    }

    fn on_frame(&mut self, f: &Frame<8>, on_event: &mut impl FnMut(ToneEvent)) {
        let t = f.index;
        self.ring[(t % RING as u64) as usize] = (f.v, f.power[0]);
        self.frames = t + 1;
        for i in [CNG, ANS] {
            self.fax_frame(i, t, f.power[1], on_event);
        }
        self.cp_frame(t, f.power[1], on_event);
    }

    fn fax_frame(
        &mut self,
        bin: usize,
        t: u64,
        last_power: f32,
        on_event: &mut impl FnMut(ToneEvent),
    ) {
        let v = self.slot(t).0[bin];
        if let Some(mut tr) = self.fax[bin] {
            if v.abs() >= 0.5 * tr.mag {
                tr.mag = tr.mag.max(v.abs());
                tr.last_frame = t;
                // Envelope at 15 Hz (frames come at 200 Hz).
                let dur = (t * HOP as u64 + HOP as u64).saturating_sub(tr.start);
                if dur >= 60 * 8 {
                    let e = v.abs();
                    let z =
                        C32::expj(-2.0 * core::f32::consts::PI * 15.0 * (t % 40) as f32 / 200.0);
                    tr.env += z.scale(e);
                    tr.env_dc += z;
                    tr.env_sum += e;
                    tr.env_n += 1;
                    let old = tr.recent[0];
                    tr.recent = [tr.recent[1], tr.recent[2], e];
                    if old > 0.0 {
                        tr.lo = if tr.hi == 0.0 { old } else { tr.lo.min(old) };
                        tr.hi = tr.hi.max(old);
                    }
                }
                if tr.began.is_none() {
                    let (kind, report) = if bin == CNG {
                        (ToneKind::Cng, self.config.cng_report_ms)
                    } else {
                        (answer_kind(&tr), self.config.answer_report_ms)
                    };
                    if dur as f32 >= report * 8.0 && tr.steady() {
                        tr.began = Some(kind);
                        on_event(ToneEvent::Began {
                            kind,
                            start: tr.start,
                        });
                    }
                }
                self.fax[bin] = Some(tr);
            } else if t - tr.last_frame > FAX_BRIDGE {
                self.fax[bin] = None;
                self.close_fax(tr, tr.last_frame * HOP as u64 + HOP as u64, on_event);
            }
            return;
        }
        if self.frames < FAX_WINDOW as u64 {
            return;
        }
        let first = t + 1 - FAX_WINDOW as u64;
        let mut win = [C32::default(); FAX_WINDOW];
        let mut power = last_power;
        for (i, j) in (first..=t).enumerate() {
            win[i] = self.slot(j).0[bin];
            power += self.slot(j).1;
        }
        let ft = fit(&win);
        let tol_hz = if bin == CNG { 38.0 } else { 20.0 };
        let tol = (omega(tol_hz) as f32).abs();
        let span = ((FAX_WINDOW + 1) * HOP) as f32;
        if ft.coherence >= 0.8
            && ft.delta.abs() <= tol
            && ft.amp >= self.fax_min_amp
            && ft.amp * ft.amp * 0.5 * span >= 0.33 * power
        {
            // Start: the first frame of the window at half the magnitude, then back over the
            // frames before the window that still are.
            let mut j = first;
            while j < t && self.slot(j).0[bin].abs() < 0.5 * ft.mag_max {
                j += 1;
            }
            let oldest = self.frames.saturating_sub(RING as u64);
            while j > oldest && self.slot(j - 1).0[bin].abs() >= 0.5 * ft.mag_max {
                j -= 1;
            }
            self.fax[bin] = Some(FaxTrack {
                mag: ft.mag_max,
                start: j * HOP as u64 + HOP as u64 / 2,
                last_frame: t,
                began: None,
                env: C32::default(),
                env_dc: C32::default(),
                env_sum: 0.0,
                env_n: 0,
                recent: [0.0; 3],
                lo: 0.0,
                hi: 0.0,
            });
        }
    }

    fn close_fax(&self, tr: FaxTrack, end: u64, on_event: &mut impl FnMut(ToneEvent)) {
        let dur = end.saturating_sub(tr.start);
        let kind = match tr.began {
            Some(k) => k,
            None => return,
        };
        // A CNG burst is 0.5 s (T.30); an answer tone lasts seconds (2.6-4 s CED, V.25 ANS
        // 3.3 ± 0.7 s): anything else is reported as begun but never as a whole tone.
        if kind == ToneKind::Cng && dur > 1200 * 8 {
            return;
        }
        if kind != ToneKind::Cng && dur < 1000 * 8 || !tr.steady() {
            return;
        }
        on_event(ToneEvent::Ended {
            kind,
            start: tr.start,
            end,
        });
    }

    fn cp_frame(&mut self, t: u64, last_power: f32, on_event: &mut impl FnMut(ToneEvent)) {
        let present = if self.frames >= CP_WINDOW as u64 {
            self.cp_recognise(t, last_power)
        } else {
            None
        };
        let span = (CP_WINDOW + 1) as u64 * HOP as u64;
        let win_end = t * HOP as u64 + 2 * HOP as u64;
        let win_start = win_end - span;
        if let Some(mut tr) = self.cp {
            match present {
                Some((h, ratio)) if h == tr.hyp => {
                    tr.end = win_start + (ratio.min(1.0) * span as f32) as u64;
                    tr.last_frame = t;
                    self.cp = Some(tr);
                    return;
                }
                Some(_) => {
                    self.cp = None;
                    close_cp(tr, on_event);
                }
                None => {
                    if t - tr.last_frame > CP_BRIDGE {
                        self.cp = None;
                        close_cp(tr, on_event);
                    }
                    return;
                }
            }
        }
        if let Some((hyp, ratio)) = present {
            let start = win_end.saturating_sub((ratio.min(1.0) * span as f32) as u64);
            self.cp = Some(CpTrack {
                hyp,
                start,
                end: win_end,
                last_frame: t,
            });
        }
    }

    fn cp_recognise(&self, t: u64, last_power: f32) -> Option<(Hyp, f32)> {
        let first = t + 1 - CP_WINDOW as u64;
        let mut sum = [C32::default(); 8];
        let mut power = last_power;
        for j in first..=t {
            let (v, p) = self.slot(j);
            power += *p;
            for b in 2..8 {
                sum[b] += v[b];
            }
        }
        if power <= 0.0 {
            return None;
        }
        let amp = |b: usize| 2.0 * sum[b].abs() / (CP_WINDOW as f32 * HANN_SUM);
        let span = ((CP_WINDOW + 1) * HOP) as f32;
        let hyps: [(Hyp, &[usize]); 4] = [
            (Hyp::NaDial, &[2, 3]),
            (Hyp::NaRingback, &[3, 4]),
            (Hyp::NaBusy, &[4, 5]),
            (Hyp::Eu425, &[6]),
        ];
        let mut best: Option<(Hyp, f32)> = None;
        for (h, bins) in hyps {
            let mut explained = 0.0;
            let mut lo = f32::MAX;
            let mut hi = 0.0f32;
            for &b in bins {
                let a = amp(b);
                explained += a * a * 0.5 * span;
                lo = lo.min(a);
                hi = hi.max(a);
            }
            if lo < self.cp_min_amp || hi > 3.2 * lo {
                continue;
            }
            let ratio = explained / power;
            if ratio >= 0.6 && best.is_none_or(|(_, r)| ratio > r) {
                best = Some((h, ratio));
            }
        }
        best
    }
}

fn answer_kind(tr: &FaxTrack) -> ToneKind {
    if tr.env_n < 20 || tr.env_sum <= 0.0 {
        return ToneKind::Ced;
    }
    // The 15 Hz component of the envelope with its mean taken out: Σ (e − ē)·z^t.
    let mean = tr.env_sum / tr.env_n as f32;
    let ac = tr.env - tr.env_dc.scale(mean);
    if 2.0 * ac.abs() / tr.env_sum >= 0.1 {
        ToneKind::Ansam
    } else {
        ToneKind::Ced
    }
}

fn close_cp(tr: CpTrack, on_event: &mut impl FnMut(ToneEvent)) {
    let ms = tr.end.saturating_sub(tr.start) as f32 / 8.0;
    let kind = match tr.hyp {
        Hyp::NaDial if ms >= 900.0 => ToneKind::Dial,
        Hyp::NaRingback if (800.0..=3000.0).contains(&ms) => ToneKind::Ringback,
        Hyp::NaBusy if (350.0..750.0).contains(&ms) => ToneKind::Busy,
        Hyp::NaBusy if (150.0..350.0).contains(&ms) => ToneKind::Reorder,
        Hyp::Eu425 if ms >= 1600.0 => ToneKind::Dial,
        Hyp::Eu425 if (700.0..1600.0).contains(&ms) => ToneKind::Ringback,
        Hyp::Eu425 if (350.0..700.0).contains(&ms) => ToneKind::Busy,
        Hyp::Eu425 if (150.0..350.0).contains(&ms) => ToneKind::Reorder,
        _ => return,
    };
    on_event(ToneEvent::Ended {
        kind,
        start: tr.start,
        end: tr.end,
    });
}

/// Every completed tone in `samples` (a whole recording), in order of their end.
#[cfg(feature = "alloc")]
pub fn detect_tones(samples: &[i16], config: ToneConfig) -> alloc::vec::Vec<(ToneKind, u64, u64)> {
    let mut out = alloc::vec::Vec::new();
    let mut det = ToneDetector::new(config);
    let mut take = |ev| {
        if let ToneEvent::Ended { kind, start, end } = ev {
            out.push((kind, start, end));
        }
    };
    det.push(samples, &mut take);
    det.finish(&mut take);
    out
}
