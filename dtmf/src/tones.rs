//! Fax and call-progress tone detection.
//!
//! One [`ToneDetector`] watches for
//!
//! | tone | signal | reported as |
//! |---|---|---|
//! | fax calling tone CNG | 1100 ± 38 Hz, 0.5 s on / 3 s off (T.30 §5.1) | [`ToneKind::Cng`], each burst, or from the n-th burst in cadence ([`ToneConfig::cng_bursts`]) |
//! | answer tone CED / ANS | 2100 ± 15 Hz, 2.6–4 s (T.30, V.25) | [`ToneKind::Ced`] |
//! | ANSam | 2100 Hz, 15 Hz amplitude modulation of 20 % (V.8) | [`ToneKind::Ansam`] |
//! | North-American precise tone plan | dial 350 + 440 continuous, ringback 440 + 480 (2 s on / 4 s off), busy 480 + 620 (0.5 / 0.5 s), reorder 480 + 620 (0.25 / 0.25 s or 0.3 / 0.2 s) | [`ToneKind::Dial`], [`ToneKind::Ringback`], [`ToneKind::Busy`], [`ToneKind::Reorder`] |
//! | ETSI/CEPT 425 Hz plan (ETSI ES 201 970, TR 101 041; national variants in E.180 Supplement 2) | dial continuous, ringback 1 s on / 4 s off, busy 0.5 / 0.5 s, congestion 0.25 / 0.25 s or 0.2 / 0.2 s | the same four kinds (congestion as [`ToneKind::Reorder`]) |
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
//! than 1.2 s is not CNG, and a 2100 Hz tone shorter than [`ToneConfig::answer_min_ms`]
//! (default 1 s) is no answer tone: both are reported as begun but not as ended. Fax tones
//! are steady: a tone whose level varies by more than 9 dB inside is not reported (a
//! decaying musical note is not CNG).
//!
//! *CNG cadence*: with [`ToneConfig::cng_bursts`] = n ≥ 2, a burst is only reported when it
//! is the n-th of bursts whose off-times are 2.4–3.6 s (3 s ± 20 %); the earlier bursts are
//! then reported as [`ToneEvent::Ended`] and the n-th one as [`ToneEvent::Began`] (after
//! [`ToneConfig::cng_report_ms`]). Every later burst in cadence is reported as in the
//! default mode; a burst off cadence starts the count again. The default is one burst; see
//! [`ToneConfig::cng_bursts`] for why.
//!
//! *Call-progress tones*: every 5 ms the last 85 ms (16 frames) are summed coherently at each
//! plan frequency, in four 20 ms quarters whose sum allows a phase drift of up to ± 1.5 % of
//! the frequency (so tones off frequency by that much, and by 2 % in the tests, still add
//! up), which separates 440 from 480 Hz and 425 from 440 Hz. The hypothesis (dial, ringback,
//! busy/reorder pair, 425 Hz) that explains most of the signal power wins if it explains at
//! least 60 % and each of its tones is at least [`ToneConfig::progress_min_level_dbm0`];
//! gaps up to 60 ms are bridged. This yields on-periods with sample offsets (within a few
//! ms). An on-period is classified by its on-time, and then by its cadence:
//!
//! | plan | tone | on-time | off-time |
//! |---|---|---|---|
//! | NA | dial (350 + 440) | ≥ [`ToneConfig::dial_report_ms`] (0.9 s) | — |
//! | NA | ringback (440 + 480) | 1.5–2.5 s | 3–5 s |
//! | NA | busy (480 + 620) | 0.35–0.75 s | 0.35–0.75 s |
//! | NA | reorder (480 + 620) | 0.15–0.35 s | 0.15–0.35 s |
//! | 425 Hz | dial | ≥ 1.6 s (and ≥ [`ToneConfig::dial_report_ms`]) | — |
//! | 425 Hz | ringback | 0.7–1.6 s | 3–5 s |
//! | 425 Hz | busy | 0.35–0.7 s | 0.35–0.7 s |
//! | 425 Hz | congestion | 0.15–0.35 s | 0.15–0.35 s |
//!
//! These ranges hold the nominal cadences of both plans with the tolerances of E.180
//! (ringing 0.67–1.5 s on, 3–5 s off) and the national variants of E.180 Supplement 2 (busy
//! 0.48 / 0.48 s, congestion 0.24 / 0.24 s and 0.2 / 0.2 s), about ± 20 % around the nominal
//! values elsewhere. A cadenced tone (ringback, busy, reorder) is reported once
//! [`ToneConfig::progress_cycles`] on-periods (default 2) of the same tone follow one
//! another with off-times in its range: they are then all reported, in order, as
//! [`ToneEvent::Ended`], and every later on-period as soon as it ends, while the cadence
//! holds. An on-period or off-time out of range breaks the cadence and the count starts
//! again; on-periods held back and never confirmed are never reported. The onset latency is
//! therefore n − 1 periods plus one on-time, plus up to 0.15 s to be sure the tone stopped:
//! with the default n = 2, measured 1.6 s for busy, 0.85–0.9 s for reorder, 0.7 s for 0.2 /
//! 0.2 s congestion, 8.1 s for NA ringback and 6.1 s for 425 Hz ringback. A dial tone is
//! reported as [`ToneEvent::Began`] as soon as it has lasted its minimum, and as
//! [`ToneEvent::Ended`] when it stops (or at [`ToneDetector::finish`]).

use crate::analysis::fit;
use crate::complex::C32;
use crate::frontend::{hop_steps, Frame, FrontEnd};
use crate::kernels::KernelSet;
use crate::level::dbm0_to_amplitude;
use crate::tables::{cos_sin, omega, Bank, HANN_SUM, HOP};
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
/// Largest relative frequency offset of a call-progress tone that is still recognised.
const CP_FREQ_TOL: f64 = 0.015;
/// Steps of the drift search on each side of zero.
const CP_GRID: usize = 3;
/// The drifts tried for each frequency: for each of the 2·CP_GRID offsets (up to
/// ± CP_FREQ_TOL), the phase advance over one, two and three quarters of the window
/// (CP_WINDOW / 4 frames of HOP samples each).
static DRIFT: [[[C32; 3]; 2 * CP_GRID]; 8] = {
    let mut out = [[[C32::new(1.0, 0.0); 3]; 2 * CP_GRID]; 8];
    let mut b = 0;
    while b < 8 {
        let max = omega(HZ[b] * CP_FREQ_TOL) * (CP_WINDOW / 4 * HOP) as f64;
        let mut g = 0;
        while g < 2 * CP_GRID {
            let k = (g / 2 + 1) as f64 * if g % 2 == 0 { -1.0 } else { 1.0 };
            let mut m = 0;
            while m < 3 {
                let (c, s) = cos_sin(max * k * (m + 1) as f64 / CP_GRID as f64);
                out[b][g][m] = C32::new(c as f32, s as f32);
                m += 1;
            }
            g += 1;
        }
        b += 1;
    }
    out
};
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
    /// A fax tone has lasted its report time, or a dial tone its minimum (the cadenced
    /// call-progress tones have no `Began`: they are reported per on-period as `Ended`).
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
    /// CNG bursts in cadence (0.5 s on, 3 s off ± 20 %) needed before CNG is reported
    /// (1 to 4). Default 1: every burst is reported on its own.
    ///
    /// With 2 or more, the bursts that led up to the cadence are reported (as
    /// [`ToneEvent::Ended`]) when the last needed burst has lasted
    /// [`cng_report_ms`](Self::cng_report_ms), so the onset latency becomes about
    /// 3.5 s × (n − 1) + 0.35 s. This removes steady notes that happen to sit at 1100 Hz,
    /// but it misses the calling fax whose call is answered during the first off-period (the
    /// answering fax sends CED and the caller's CNG stops): that is why one burst is the
    /// default. Use 2 where CNG is only a hint (for example to divert a call to a fax
    /// mailbox while a person may also be calling).
    pub cng_bursts: u8,
    /// CED / ANSam are reported after this long (ms). Default 400.
    pub answer_report_ms: f32,
    /// A 2100 Hz tone shorter than this (ms) is not reported as a whole CED / ANSam
    /// ([`ToneEvent::Ended`]). Default 1000. T.30 and V.25 send 2.6–4 s, so 2600 is the
    /// strict choice; but an answering V.8 modem stops ANSam as soon as it hears the calling
    /// modem's CM, which can be after about a second, and a stricter minimum would miss it.
    pub answer_min_ms: f32,
    /// On-periods in cadence needed before a cadenced call-progress tone (ringback, busy,
    /// reorder / congestion) is reported (1 to 4). Default 2.
    ///
    /// With 1, an on-period is reported when it ends, classified by its duration alone (no
    /// off-time is checked). With n ≥ 2, n on-periods of the same tone separated by off-times
    /// inside that tone's range are needed; they are then all reported (as
    /// [`ToneEvent::Ended`], in order), and every later on-period is reported when it ends,
    /// as long as the cadence holds. The onset latency is n − 1 periods plus one on-time:
    /// with the default 2, 1.5 s for busy (0.5 / 0.5), 0.75 s for reorder (0.25 / 0.25),
    /// 8 s for NA ringback (2 / 4) and 6 s for 425 Hz ringback (1 / 4).
    pub progress_cycles: u8,
    /// A dial tone is reported ([`ToneEvent::Began`]) once it has lasted this long (ms);
    /// for 425 Hz at least 1.6 s, which is longer than any 425 Hz ringback on-period.
    /// Default 900.
    pub dial_report_ms: f32,
}

impl Default for ToneConfig {
    fn default() -> Self {
        Self {
            fax_min_level_dbm0: -46.0,
            progress_min_level_dbm0: -40.0,
            cng_report_ms: 350.0,
            cng_bursts: 1,
            answer_report_ms: 400.0,
            answer_min_ms: 1000.0,
            progress_cycles: 2,
            dial_report_ms: 900.0,
        }
    }
}

/// Samples in `ms` milliseconds.
const fn ms(ms: u64) -> u64 {
    ms * 8
}

/// Most on-periods a [`Chain`] holds back.
const MAX_CYCLES: usize = 4;

/// The cadence of one tone: the range of its on-time and of the off-time that follows
/// (samples, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cadence {
    kind: ToneKind,
    on: (u64, u64),
    off: (u64, u64),
}

/// Fax CNG: 0.5 s on, 3 s off (T.30 §5.1), ± 20 %; bursts up to 1.2 s are accepted.
const CNG_CADENCE: Cadence = Cadence {
    kind: ToneKind::Cng,
    on: (0, ms(1200)),
    off: (ms(2400), ms(3600)),
};

/// The cadenced tones of the NA precise tone plan (480 + 620 Hz for busy and reorder,
/// 440 + 480 Hz for ringback). Nominal: ringback 2 s / 4 s; busy 0.5 / 0.5 s; reorder
/// 0.25 / 0.25 s or 0.3 / 0.2 s.
const NA_RINGBACK: Cadence = Cadence {
    kind: ToneKind::Ringback,
    on: (ms(1500), ms(2500)),
    off: (ms(3000), ms(5000)),
};
const NA_BUSY: Cadence = Cadence {
    kind: ToneKind::Busy,
    on: (ms(350), ms(750)),
    off: (ms(350), ms(750)),
};
const NA_REORDER: Cadence = Cadence {
    kind: ToneKind::Reorder,
    on: (ms(150), ms(349)),
    off: (ms(150), ms(349)),
};
/// The 425 Hz plan (ETSI ES 201 970, TR 101 041; E.180 Supplement 2 lists the national
/// variants): ringing 1 s / 4 s (E.180: 0.67–1.5 s on, 3–5 s off), busy 0.5 / 0.5 s
/// (Germany also 0.48 / 0.48 s), congestion 0.25 / 0.25 s or 0.2 / 0.2 s (Germany 0.24 /
/// 0.24 s).
const EU_RINGBACK: Cadence = Cadence {
    kind: ToneKind::Ringback,
    on: (ms(700), ms(1599)),
    off: (ms(3000), ms(5000)),
};
const EU_BUSY: Cadence = Cadence {
    kind: ToneKind::Busy,
    on: (ms(350), ms(700)),
    off: (ms(350), ms(700)),
};
const EU_CONGESTION: Cadence = Cadence {
    kind: ToneKind::Reorder,
    on: (ms(150), ms(349)),
    off: (ms(150), ms(349)),
};

/// Recent periods of one cadenced tone, held back until `need` of them are in cadence.
#[derive(Debug, Clone, Copy)]
struct Chain {
    cadence: Option<Cadence>,
    /// Periods held back (not yet reported), oldest first.
    held: [(u64, u64); MAX_CYCLES],
    len: usize,
    /// The cadence has been seen: every further period in cadence is reported at once.
    confirmed: bool,
    last_end: u64,
}

impl Chain {
    const EMPTY: Chain = Chain {
        cadence: None,
        held: [(0, 0); MAX_CYCLES],
        len: 0,
        confirmed: false,
        last_end: 0,
    };

    /// Whether a period of `c` starting at `start` continues the chain.
    fn continues(&self, c: Cadence, start: u64) -> bool {
        self.cadence == Some(c)
            && start >= self.last_end
            && (c.off.0..=c.off.1).contains(&(start - self.last_end))
    }

    /// Whether a period of `c` starting at `start` would be reported (the cadence holds
    /// with it); if so, reports the periods held back and marks the chain confirmed.
    fn confirm(
        &mut self,
        c: Cadence,
        start: u64,
        need: usize,
        on_event: &mut impl FnMut(ToneEvent),
    ) -> bool {
        let continues = self.continues(c, start);
        if continues && self.confirmed {
            return true;
        }
        let len = if continues { self.len } else { 0 };
        if len + 1 < need {
            return false;
        }
        if !continues {
            *self = Chain::EMPTY;
        }
        for &(s, e) in &self.held[..self.len] {
            on_event(ToneEvent::Ended {
                kind: c.kind,
                start: s,
                end: e,
            });
        }
        self.cadence = Some(c);
        self.len = 0;
        self.confirmed = true;
        true
    }

    /// Adds a finished period of `c`; reports it (and those held back) when the cadence
    /// holds.
    fn add(
        &mut self,
        c: Cadence,
        start: u64,
        end: u64,
        need: usize,
        on_event: &mut impl FnMut(ToneEvent),
    ) {
        let report = self.confirm(c, start, need, on_event);
        if !self.continues(c, start) && !report {
            *self = Chain::EMPTY;
            self.cadence = Some(c);
        }
        self.last_end = end;
        if report {
            on_event(ToneEvent::Ended {
                kind: c.kind,
                start,
                end,
            });
        } else if self.len < MAX_CYCLES {
            self.held[self.len] = (start, end);
            self.len += 1;
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct FaxTrack {
    mag: f32,
    start: u64,
    last_frame: u64,
    /// The kind, once the tone has lasted its report time while steady.
    began: Option<ToneKind>,
    /// Whether [`ToneEvent::Began`] was sent (CNG waits for its cadence when asked to).
    reported: bool,
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
    /// [`ToneEvent::Began`] was sent (dial tone).
    began: bool,
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
    cng_chain: Chain,
    cp_chain: Chain,
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
            cng_chain: Chain::EMPTY,
            cp_chain: Chain::EMPTY,
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
            self.close_cp(CpTrack { end, ..tr }, &mut on_event);
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
                        tr.reported = kind != ToneKind::Cng
                            || self.cng_chain.confirm(
                                CNG_CADENCE,
                                tr.start,
                                cycles(self.config.cng_bursts),
                                on_event,
                            );
                        if tr.reported {
                            on_event(ToneEvent::Began {
                                kind,
                                start: tr.start,
                            });
                        }
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
                reported: false,
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

    fn close_fax(&mut self, tr: FaxTrack, end: u64, on_event: &mut impl FnMut(ToneEvent)) {
        let dur = end.saturating_sub(tr.start);
        let kind = match tr.began {
            Some(k) => k,
            None => return,
        };
        // A CNG burst is 0.5 s (T.30); an answer tone lasts seconds (2.6-4 s CED, V.25 ANS
        // 3.3 ± 0.7 s): anything else is reported as begun but never as a whole tone.
        if kind == ToneKind::Cng {
            if dur > CNG_CADENCE.on.1 || !tr.steady() {
                self.cng_chain = Chain::EMPTY;
                return;
            }
            let need = if tr.reported {
                1
            } else {
                cycles(self.config.cng_bursts)
            };
            self.cng_chain
                .add(CNG_CADENCE, tr.start, end, need, on_event);
            return;
        }
        if (dur as f32) < self.config.answer_min_ms * 8.0 || !tr.steady() {
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
        let win_start = win_end.saturating_sub(span);
        if let Some(mut tr) = self.cp {
            match present {
                Some((h, ratio)) if h == tr.hyp => {
                    tr.end = win_start + (ratio.min(1.0) * span as f32) as u64;
                    tr.last_frame = t;
                    if !tr.began && tr.end.saturating_sub(tr.start) >= self.dial_min(tr.hyp) {
                        tr.began = true;
                        self.cp_chain = Chain::EMPTY;
                        on_event(ToneEvent::Began {
                            kind: ToneKind::Dial,
                            start: tr.start,
                        });
                    }
                    self.cp = Some(tr);
                    return;
                }
                Some(_) => {
                    self.cp = None;
                    self.close_cp(tr, on_event);
                }
                None => {
                    if t - tr.last_frame > CP_BRIDGE {
                        self.cp = None;
                        self.close_cp(tr, on_event);
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
                began: false,
            });
        }
    }

    /// The duration from which an on-period of `hyp` is a dial tone (samples); `u64::MAX`
    /// for the hypotheses that have no dial tone.
    fn dial_min(&self, hyp: Hyp) -> u64 {
        let report = (self.config.dial_report_ms.max(0.0) * 8.0) as u64;
        match hyp {
            Hyp::NaDial => report,
            Hyp::Eu425 => report.max(EU_RINGBACK.on.1 + 1),
            Hyp::NaRingback | Hyp::NaBusy => u64::MAX,
        }
    }

    /// An on-period of a call-progress tone has ended: a dial tone is reported at once; a
    /// cadenced tone when its cadence holds ([`ToneConfig::progress_cycles`]).
    fn close_cp(&mut self, tr: CpTrack, on_event: &mut impl FnMut(ToneEvent)) {
        let dur = tr.end.saturating_sub(tr.start);
        if dur >= self.dial_min(tr.hyp) {
            self.cp_chain = Chain::EMPTY;
            on_event(ToneEvent::Ended {
                kind: ToneKind::Dial,
                start: tr.start,
                end: tr.end,
            });
            return;
        }
        let candidates: &[Cadence] = match tr.hyp {
            Hyp::NaDial => &[],
            Hyp::NaRingback => &[NA_RINGBACK],
            Hyp::NaBusy => &[NA_BUSY, NA_REORDER],
            Hyp::Eu425 => &[EU_RINGBACK, EU_BUSY, EU_CONGESTION],
        };
        match candidates.iter().find(|c| (c.on.0..=c.on.1).contains(&dur)) {
            Some(&c) => self.cp_chain.add(
                c,
                tr.start,
                tr.end,
                cycles(self.config.progress_cycles),
                on_event,
            ),
            None => self.cp_chain = Chain::EMPTY,
        }
    }

    fn cp_recognise(&self, t: u64, last_power: f32) -> Option<(Hyp, f32)> {
        let first = t + 1 - CP_WINDOW as u64;
        // Coherent sums over quarters of the window (20 ms each), then over the whole
        // window after removing a phase drift of up to ± CP_FREQ_TOL of each frequency: the
        // largest of CP_GRID drifts is taken, so a tone off by that much still adds up, while
        // one 15 Hz away (425 against 440 Hz) does not.
        let mut quarter = [[C32::default(); 8]; 4];
        let mut power = last_power;
        for (i, j) in (first..=t).enumerate() {
            let (v, p) = self.slot(j);
            power += *p;
            for b in 2..8 {
                quarter[i * 4 / CP_WINDOW][b] += v[b];
            }
        }
        if power <= 0.0 {
            return None;
        }
        let mut mag = [0.0f32; 8];
        // A bin whose quarters could not add up to the minimum level even in phase fails
        // anyway: skip its drift search.
        let floor = self.cp_min_amp * (CP_WINDOW as f32 * HANN_SUM) / 2.0;
        for b in 2..8 {
            let q = |k: usize| quarter[k][b];
            let mut best = (q(0) + q(1) + q(2) + q(3)).abs();
            if q(0).abs() + q(1).abs() + q(2).abs() + q(3).abs() >= floor {
                for z in &DRIFT[b] {
                    let s = q(0) + q(1) * z[0] + q(2) * z[1] + q(3) * z[2];
                    best = best.max(s.abs());
                }
            }
            mag[b] = best;
        }
        let amp = |b: usize| 2.0 * mag[b] / (CP_WINDOW as f32 * HANN_SUM);
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

/// A cycle count from the configuration, clamped to 1..=4.
fn cycles(n: u8) -> usize {
    usize::from(n).clamp(1, MAX_CYCLES)
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
