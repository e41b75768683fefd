//! The streaming DTMF detector.
//!
//! # How it decides
//!
//! Every 5 ms the front end delivers one Hann-windowed 80-sample DFT value for each of the
//! eight Q.23 frequencies. A digit is *recognised* in a window of four consecutive frames
//! (25 ms of signal) when, in each group, the strongest bin
//!
//! * holds a steady sinusoid: its phase advances by the same step from frame to frame
//!   (coherence ≥ 0.9); that step measures the frequency, which must lie within the profile's
//!   tolerance of the nominal one (Q.24: AT&T operate ≤ 1.5 %, non-operate ≥ 3.5 %);
//! * has a level of at least the profile's threshold, amplitudes corrected for the frequency
//!   offset;
//! * and the two tones obey the twist limits, and explain most of the signal's energy
//!   measured after a first difference (which suppresses dial tone, hum and other
//!   low-frequency energy, so a 350 + 440 Hz dial tone as loud as the digit does not count
//!   against it, while speech and music, rich in other components, do). When only this
//!   last test fails, the 350 and 440 Hz components of the window (a 200-sample Hann DFT
//!   of the last samples) are taken out of the energy and the test is made again, if both
//!   are present within 6 dB of each other as in a dial tone: a dial tone 15 dB louder than
//!   each digit tone still leaves the digit detected (`tests/q24.rs`, N2).
//!
//! After recognition the detector *tracks* the digit frame by frame: a frame counts as
//! covered while both tones keep at least half of their full-frame magnitude. Where coverage
//! falls between 0 and 1 the window shape gives the exact position of the edge inside the
//! frame, so starts and ends are located to a sample or two, not to a frame. With those
//! edges the Q.24 timing rules are applied on measured durations:
//!
//! * a tone shorter than `min_tone_ms` is no digit (Q.24 AT&T: ≥ 40 ms operate, ≤ 23 ms
//!   non-operate; the default threshold 32 ms sits in the middle);
//! * a gap shorter than `min_pause_ms` between two stretches of the same digit is bridged
//!   (Q.24: interruptions ≤ 10 ms bridged, pauses ≥ 40 ms (AT&T) / 30 ms (NTT) split).
//!
//! # Latency
//!
//! [`DtmfEvent::Began`] comes `min_tone_ms` plus at most 10 ms after the tone's start;
//! [`DtmfEvent::Ended`] comes `min_pause_ms` plus at most 10 ms after its end (the detector
//! must see that the gap is a pause, not an interruption).

use crate::analysis::{edge_position, edge_weight, fit, ToneFit};
use crate::complex::C32;
use crate::frontend::{hop_steps, Frame, FrontEnd};
use crate::kernels::KernelSet;
use crate::level::dbm0_to_amplitude;
use crate::tables::{omega, Bank, HOP};
use crate::{Digit, Error, Kernel};

/// The eight frequencies, low group first.
const HZ: [f64; 8] = [697.0, 770.0, 852.0, 941.0, 1209.0, 1336.0, 1477.0, 1633.0];
static BANK: Bank = Bank::new(&HZ);
static STEP: [C32; 8] = hop_steps(&HZ);
const OMEGA: [f32; 8] = {
    let mut o = [0.0f32; 8];
    let mut i = 0;
    while i < 8 {
        o[i] = omega(HZ[i]) as f32;
        i += 1;
    }
    o
};

/// Frames in a recognition window.
const WINDOW: usize = 4;
/// Samples covered by a recognition window.
const SPAN: usize = (WINDOW + 1) * HOP;
/// Dial-tone frequencies (NA precise tone plan) discounted from the energy.
const DIAL_HZ: [f64; 2] = [350.0, 440.0];
/// `2 cos ω` of the dial-tone frequencies (Goertzel).
const DIAL_COEF: [f32; 2] = [
    (2.0 * crate::tables::cos_sin(omega(DIAL_HZ[0])).0) as f32,
    (2.0 * crate::tables::cos_sin(omega(DIAL_HZ[1])).0) as f32,
];
/// Hann window over [`SPAN`] samples, and its sum.
static SPAN_HANN: [f32; SPAN] = {
    let mut w = [0.0f32; SPAN];
    let mut n = 0;
    while n < SPAN {
        let c =
            crate::tables::cos_sin(2.0 * core::f64::consts::PI * (n as f64 + 0.5) / SPAN as f64).0;
        w[n] = (0.5 - 0.5 * c) as f32;
        n += 1;
    }
    w
};
const SPAN_HANN_SUM: f32 = (SPAN / 2) as f32;
/// Frames kept for locating edges.
const RING: usize = 12;
/// Minimum phase coherence of a recognised tone.
const MIN_COHERENCE: f32 = 0.9;
/// Per-window slack on the twist limits (1 dB).
const TWIST_SLACK: f32 = 1.122;
/// Coverage above which a frame counts as carrying the tracked digit.
const PRESENT: f32 = 0.5;

/// Decision thresholds of the detector: one of the two columns of ITU-T Q.24 Table A-1, or
/// your own.
///
/// Start from [`DtmfProfile::ATT`] or [`DtmfProfile::NTT`] and change fields:
/// ```
/// use strowger_dtmf::DtmfProfile;
/// let mut p = DtmfProfile::ATT;
/// p.min_level_dbm0 = -30.0;
/// p.min_pause_ms = 30.0;
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct DtmfProfile {
    /// Each tone must be at least this loud (dBm0).
    pub min_level_dbm0: f32,
    /// Largest accepted reverse twist (high-group tone louder), dB.
    pub max_reverse_twist_db: f32,
    /// Largest accepted normal twist (low-group tone louder), dB.
    pub max_normal_twist_db: f32,
    /// Largest accepted frequency deviation of each tone, as a fraction (0.025 = 2.5 %).
    pub max_frequency_deviation: f32,
    /// Tones at least this long (ms) are digits; shorter ones are not.
    pub min_tone_ms: f32,
    /// Gaps at least this long (ms) separate two digits; shorter gaps are interruptions and
    /// are bridged.
    pub min_pause_ms: f32,
    /// The two tones must carry at least this fraction of the signal energy (after the
    /// first-difference weighting); guards against talk-off.
    pub min_tone_energy_ratio: f32,
}

impl DtmfProfile {
    /// The AT&T column of Q.24: operate on 0..−25 dBm0 per tone (and down to −36 dBm0 as RFC
    /// 2833 §3.5 asks; threshold −40 dBm0, non-operate ≤ −55), ≤ 1.5 % frequency deviation
    /// (threshold 2.5 %; non-operate ≥ 3.5 %), twist +4 / −8 dB (limits +4.5 / −8.5),
    /// tones ≥ 40 ms (non-operate ≤ 23 ms), pauses ≥ 40 ms, interruptions ≤ 10 ms bridged.
    pub const ATT: DtmfProfile = DtmfProfile {
        min_level_dbm0: -40.0,
        max_reverse_twist_db: 4.5,
        max_normal_twist_db: 8.5,
        max_frequency_deviation: 0.025,
        min_tone_ms: 32.0,
        min_pause_ms: 25.0,
        min_tone_energy_ratio: 0.85,
    };

    /// The NTT column of Q.24: operate on −3..−24 dBm0 per tone (non-operate ≤ −29; threshold
    /// −26.5), ≤ 1.8 % deviation (non-operate ≥ 3.0 %; threshold 2.4 %), twist ≤ 5 dB either
    /// way (limit 6 dB), tones ≥ 40 ms (non-operate ≤ 24 ms), pauses ≥ 30 ms.
    pub const NTT: DtmfProfile = DtmfProfile {
        min_level_dbm0: -26.5,
        max_reverse_twist_db: 6.0,
        max_normal_twist_db: 6.0,
        max_frequency_deviation: 0.024,
        min_tone_ms: 32.0,
        min_pause_ms: 20.0,
        min_tone_energy_ratio: 0.85,
    };

    fn validate(&self) -> Result<(), Error> {
        let ok = |c: bool, what| {
            if c {
                Ok(())
            } else {
                Err(Error::InvalidParameter(what))
            }
        };
        ok(
            self.min_level_dbm0 < 10.0 && self.min_level_dbm0 > -90.0,
            "min_level_dbm0 (-90..10)",
        )?;
        ok(
            self.max_reverse_twist_db >= 0.0,
            "max_reverse_twist_db (>= 0)",
        )?;
        ok(
            self.max_normal_twist_db >= 0.0,
            "max_normal_twist_db (>= 0)",
        )?;
        ok(
            self.max_frequency_deviation > 0.0 && self.max_frequency_deviation < 0.06,
            "max_frequency_deviation (0..0.06)",
        )?;
        ok(
            self.min_tone_ms >= 20.0 && self.min_tone_ms <= 1000.0,
            "min_tone_ms (20..1000)",
        )?;
        ok(
            self.min_pause_ms >= 5.0 && self.min_pause_ms <= 1000.0,
            "min_pause_ms (5..1000)",
        )?;
        ok(
            self.min_tone_energy_ratio > 0.0 && self.min_tone_energy_ratio <= 1.0,
            "min_tone_energy_ratio (0..1]",
        )
    }
}

impl Default for DtmfProfile {
    fn default() -> Self {
        Self::ATT
    }
}

/// What the detector reports. Offsets count samples from the first sample pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DtmfEvent {
    /// A digit has lasted `min_tone_ms`: it is certain (send an RFC 4733 start here).
    Began {
        /// The digit.
        digit: Digit,
        /// Offset of its first sample.
        start: u64,
    },
    /// A digit has ended (the pause that followed is at least `min_pause_ms`, or a different
    /// digit began, or [`DtmfDetector::finish`] was called).
    Ended {
        /// The digit.
        digit: Digit,
        /// Offset of its first sample.
        start: u64,
        /// Offset one past its last sample.
        end: u64,
    },
}

#[derive(Debug, Clone, Copy)]
struct Thresholds {
    min_amp: f32,
    max_reverse: f32,
    max_normal: f32,
    max_reverse_db: f32,
    max_normal_db: f32,
    max_dev: f32,
    min_tone: u64,
    min_pause: u64,
    min_ratio: f32,
}

impl From<&DtmfProfile> for Thresholds {
    fn from(p: &DtmfProfile) -> Self {
        Thresholds {
            min_amp: dbm0_to_amplitude(p.min_level_dbm0),
            max_reverse: libm::powf(10.0, p.max_reverse_twist_db / 20.0),
            max_normal: libm::powf(10.0, p.max_normal_twist_db / 20.0),
            max_reverse_db: p.max_reverse_twist_db,
            max_normal_db: p.max_normal_twist_db,
            max_dev: p.max_frequency_deviation,
            min_tone: libm::roundf(p.min_tone_ms * 8.0) as u64,
            min_pause: libm::roundf(p.min_pause_ms * 8.0) as u64,
            min_ratio: p.min_tone_energy_ratio,
        }
    }
}

/// A recognised digit in one window.
#[derive(Debug, Clone, Copy)]
struct Recognised {
    digit: Digit,
    bins: [usize; 2],
    fits: [ToneFit; 2],
}

#[derive(Debug, Clone, Copy)]
struct Track {
    digit: Digit,
    bins: [usize; 2],
    delta: [f32; 2],
    /// Full-coverage frame magnitude of each tone.
    mag: [f32; 2],
    /// Start estimate (refined when the digit is confirmed).
    start: u64,
    began: bool,
    /// The twist measured over every recognised window was out of limits: never report.
    vetoed: bool,
    /// Sum and count of the twist (high − low, dB) of every recognised window.
    twist_sum: f32,
    twist_n: u32,
    /// End of the current stretch when in a gap.
    gap_from: Option<u64>,
}

impl Track {
    fn add_twist(&mut self, r: &Recognised) {
        self.twist_sum += 20.0 * libm::log10f(r.fits[1].amp / r.fits[0].amp.max(1e-9));
        self.twist_n += 1;
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    v: [C32; 8],
    energy: f32,
}

/// Streaming DTMF detector for 8 kHz 16-bit PCM.
///
/// ```
/// use strowger_dtmf::{generator, DtmfDetector, DtmfEvent, DtmfProfile};
/// let pcm = generator::generate_digits("159#", generator::DtmfParams::default())?;
/// let mut det = DtmfDetector::new(DtmfProfile::ATT);
/// let mut digits = String::new();
/// for chunk in pcm.chunks(160) {
///     det.push(chunk, |ev| if let DtmfEvent::Ended { digit, .. } = ev { digits.push(digit.to_char()) });
/// }
/// det.finish(|ev| if let DtmfEvent::Ended { digit, .. } = ev { digits.push(digit.to_char()) });
/// assert_eq!(digits, "159#");
/// # Ok::<(), strowger_dtmf::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DtmfDetector {
    front: FrontEnd,
    th: Thresholds,
    profile: DtmfProfile,
    ring: [Slot; RING],
    /// Frames seen so far.
    frames: u64,
    track: Option<Track>,
    /// The last [`SPAN`] samples, sample `n` at `n % SPAN` (for the dial-tone measure).
    recent: [i16; SPAN],
}

impl DtmfDetector {
    /// A detector with `profile` on the best kernel of this CPU.
    ///
    /// # Panics
    /// If the profile fails [`DtmfDetector::try_new`]'s checks (the built-in ones never do).
    pub fn new(profile: DtmfProfile) -> Self {
        Self::try_new(profile).expect("valid DTMF profile")
    }

    /// A detector with `profile`, or [`Error::InvalidParameter`] for a profile out of range.
    pub fn try_new(profile: DtmfProfile) -> Result<Self, Error> {
        Self::build(profile, crate::kernels::best())
    }

    /// A detector on a given kernel (for tests and benchmarks).
    pub fn with_kernel(profile: DtmfProfile, kernel: Kernel) -> Result<Self, Error> {
        Self::build(profile, KernelSet::get(kernel)?)
    }

    fn build(profile: DtmfProfile, kernel: KernelSet) -> Result<Self, Error> {
        profile.validate()?;
        Ok(Self {
            front: FrontEnd::new(kernel),
            th: Thresholds::from(&profile),
            profile,
            ring: [Slot::default(); RING],
            frames: 0,
            track: None,
            recent: [0; SPAN],
        })
    }

    /// The profile in use.
    pub fn profile(&self) -> &DtmfProfile {
        &self.profile
    }

    /// The kernel in use.
    pub fn kernel(&self) -> Kernel {
        self.front.kernel().kernel()
    }

    /// Samples pushed so far.
    pub fn position(&self) -> u64 {
        self.front.position()
    }

    /// Forgets everything; the next sample pushed is offset 0 again.
    pub fn reset(&mut self) {
        let kernel = self.front.kernel();
        *self = Self::build(self.profile, kernel).expect("profile was valid");
    }

    /// Processes any number of samples; calls `on_event` for each event, in order.
    /// Never allocates.
    pub fn push(&mut self, mut samples: &[i16], mut on_event: impl FnMut(DtmfEvent)) {
        let mut front = self.front.clone();
        // Up to the next frame boundary at a time, so `recent` holds the samples of the
        // window when a frame is analysed.
        while !samples.is_empty() {
            let pos = front.position();
            let take = (HOP - (pos % HOP as u64) as usize).min(samples.len());
            let (chunk, rest) = samples.split_at(take);
            let at = (pos % SPAN as u64) as usize;
            self.recent[at..at + take].copy_from_slice(chunk);
            front.push(&BANK, &STEP, chunk, |f| self.on_frame(f, &mut on_event));
            samples = rest;
        }
        self.front = front;
    }

    /// Ends the stream: reports the digit still sounding (if it already lasted `min_tone_ms`)
    /// as ended at the current position.
    pub fn finish(&mut self, mut on_event: impl FnMut(DtmfEvent)) {
        if let Some(tr) = self.track.take() {
            let end = tr.gap_from.unwrap_or(self.front.position());
            self.close(tr, end, &mut on_event);
        }
    }

    fn slot(&self, frame: u64) -> Option<&Slot> {
        (frame < self.frames && frame + RING as u64 >= self.frames)
            .then(|| &self.ring[(frame % RING as u64) as usize])
    }

    fn on_frame(&mut self, f: &Frame<8>, on_event: &mut impl FnMut(DtmfEvent)) {
        let t = f.index;
        self.ring[(t % RING as u64) as usize] = Slot {
            v: f.v,
            energy: f.energy[0],
        };
        self.frames = t + 1;
        // Once a digit is confirmed, only its coverage matters until it stops.
        let confirmed = self
            .track
            .is_some_and(|tr| tr.began && tr.gap_from.is_none());
        let rec = if self.frames >= WINDOW as u64 && !confirmed {
            self.recognise(t, f.energy[1])
        } else {
            None
        };

        let Some(mut tr) = self.track else {
            if let Some(r) = rec {
                self.start_track(r, t);
            }
            return;
        };

        if let Some(r) = rec {
            if r.digit != tr.digit {
                let end = tr.gap_from.unwrap_or_else(|| self.locate_end(&tr, t));
                self.close(tr, end, on_event);
                self.start_track(r, t);
                return;
            }
            for i in 0..2 {
                tr.mag[i] = tr.mag[i].max(r.fits[i].mag_max);
                tr.delta[i] = r.fits[i].delta;
            }
            tr.add_twist(&r);
        }
        let present = self.coverage(&tr, t) >= PRESENT;
        match tr.gap_from {
            None if present => {
                if !tr.began
                    && (t * HOP as u64 + HOP as u64).saturating_sub(tr.start) >= self.th.min_tone
                {
                    tr.start = self.locate_start(&tr, t).unwrap_or(tr.start);
                    tr.began = true;
                    tr.vetoed = !self.twist_ok(&tr);
                    if !tr.vetoed {
                        on_event(DtmfEvent::Began {
                            digit: tr.digit,
                            start: tr.start,
                        });
                    }
                }
            }
            None => tr.gap_from = Some(self.locate_end(&tr, t)),
            Some(from) if present => {
                let back = self.locate_start(&tr, t).unwrap_or(t * HOP as u64);
                if back.saturating_sub(from) < self.th.min_pause || back <= from {
                    tr.gap_from = None;
                } else {
                    self.close(tr, from, on_event);
                    self.track = None;
                    return;
                }
            }
            Some(from) => {
                if (t * HOP as u64 + HOP as u64).saturating_sub(from) >= self.th.min_pause {
                    self.close(tr, from, on_event);
                    self.track = None;
                    return;
                }
            }
        }
        self.track = Some(tr);
    }

    fn start_track(&mut self, r: Recognised, t: u64) {
        let mut tr = Track {
            digit: r.digit,
            bins: r.bins,
            delta: [r.fits[0].delta, r.fits[1].delta],
            mag: [r.fits[0].mag_max, r.fits[1].mag_max],
            start: (t + 1 - WINDOW as u64) * HOP as u64,
            began: false,
            vetoed: false,
            twist_sum: 0.0,
            twist_n: 0,
            gap_from: None,
        };
        tr.add_twist(&r);
        if let Some(s) = self.locate_start(&tr, t) {
            tr.start = s;
        }
        self.track = Some(tr);
    }

    /// Reports a finished stretch if it is long enough to be a digit.
    fn close(&self, mut tr: Track, end: u64, on_event: &mut impl FnMut(DtmfEvent)) {
        if tr.vetoed {
            return;
        }
        if !tr.began {
            if !self.twist_ok(&tr) {
                return;
            }
            if let Some(s) = self.locate_start(&tr, self.frames.saturating_sub(1)) {
                tr.start = s;
            }
            if end.saturating_sub(tr.start) < self.th.min_tone {
                return;
            }
            on_event(DtmfEvent::Began {
                digit: tr.digit,
                start: tr.start,
            });
        }
        on_event(DtmfEvent::Ended {
            digit: tr.digit,
            start: tr.start,
            end: end.max(tr.start),
        });
    }

    /// Whether the twist averaged over the digit's recognised windows is within the limits.
    /// (One window's estimate of the weaker tone can be off by half a dB when the stronger
    /// tone leaks into its bin; the leak changes phase from window to window and averages
    /// out.)
    fn twist_ok(&self, tr: &Track) -> bool {
        let twist = tr.twist_sum / tr.twist_n.max(1) as f32;
        twist <= self.th.max_reverse_db && -twist <= self.th.max_normal_db
    }

    /// Coverage of frame `t` by the tracked digit: the smaller of the two tones' magnitudes
    /// relative to a full frame.
    fn coverage(&self, tr: &Track, t: u64) -> f32 {
        self.slot(t).map_or(0.0, |s| {
            let a = s.v[tr.bins[0]].abs() / tr.mag[0].max(1e-9);
            let b = s.v[tr.bins[1]].abs() / tr.mag[1].max(1e-9);
            a.min(b)
        })
    }

    /// Edge estimate from the frames `frames` whose coverage lies strictly between 0 and 1.
    fn edge(&self, tr: &Track, frames: impl Iterator<Item = u64>, rising: bool) -> Option<u64> {
        let mut sum = 0.0f64;
        let mut weight = 0.0f64;
        for j in frames {
            let Some(s) = self.slot(j) else { continue };
            for i in 0..2 {
                let c = s.v[tr.bins[i]].abs() / tr.mag[i].max(1e-9);
                if c > 0.06 && c < 0.94 {
                    let p = edge_position(c, tr.delta[i], rising);
                    let w = f64::from(edge_weight(p));
                    sum += w * (j as f64 * HOP as f64 + f64::from(p));
                    weight += w;
                }
            }
        }
        (weight > 0.0).then(|| libm::round(sum / weight) as u64)
    }

    /// Start of the tracked digit: located in the frames around the first covered one.
    fn locate_start(&self, tr: &Track, t: u64) -> Option<u64> {
        let oldest = self.frames.saturating_sub(RING as u64);
        // The most recent uncovered frame before `t`; the rise follows it.
        let mut first = oldest;
        let mut j = t;
        while j > oldest {
            if self.coverage(tr, j - 1) < PRESENT {
                first = j;
                break;
            }
            j -= 1;
        }
        if first == 0 && self.coverage(tr, 0) >= 0.94 {
            // Covered from the very first sample: the stream began inside the tone.
            return Some(0);
        }
        self.edge(tr, first.saturating_sub(1)..=(first + 1).min(t), true)
            .or(Some(first * HOP as u64 + HOP as u64 / 2))
    }

    /// End of the tracked digit, which stopped covering frame `t`.
    fn locate_end(&self, tr: &Track, t: u64) -> u64 {
        self.edge(tr, t.saturating_sub(2)..=t, false)
            .unwrap_or(t * HOP as u64 + HOP as u64 / 2)
    }

    /// Recognition over the window of frames `t−3 ..= t`; `last_energy` is the energy of the
    /// second half of frame `t`.
    fn recognise(&self, t: u64, last_energy: f32) -> Option<Recognised> {
        let first = t + 1 - WINDOW as u64;
        // Cheap rejection before anything else: every frame of a recognisable window has
        // both groups' bins at a magnitude implying at least 0.6 × the minimum amplitude (a
        // tone at the largest accepted offset loses < 30 % in a frame).
        let floor = {
            let m = 0.6 * self.th.min_amp * 0.5 * crate::tables::HANN_SUM;
            m * m
        };
        let newest = &self.slot(t)?.v;
        let group_max = |g: &[C32]| g.iter().fold(0.0f32, |m, v| m.max(v.norm_sqr()));
        if group_max(&newest[..4]) < 0.25 * floor || group_max(&newest[4..]) < 0.25 * floor {
            return None;
        }
        let mut win = [[C32::default(); WINDOW]; 8];
        let mut energy = last_energy;
        let mut power = [0.0f32; 8];
        for (i, j) in (first..=t).enumerate() {
            let s = self.slot(j)?;
            energy += s.energy;
            for b in 0..8 {
                win[b][i] = s.v[b];
                power[b] += s.v[b].norm_sqr();
            }
        }
        if energy <= 0.0 {
            return None;
        }
        let best = |r: core::ops::Range<usize>| {
            r.max_by(|&a, &b| power[a].total_cmp(&power[b]))
                .unwrap_or(0)
        };
        let bins = [best(0..4), best(4..8)];
        if power[bins[0]] < WINDOW as f32 * floor || power[bins[1]] < WINDOW as f32 * floor {
            return None;
        }
        let mut fits = [ToneFit::default(); 2];
        let mut explained = 0.0;
        for i in 0..2 {
            let b = bins[i];
            let ft = fit(&win[b]);
            if ft.coherence < MIN_COHERENCE
                || libm::fabsf(ft.delta) > self.th.max_dev * OMEGA[b]
                || ft.amp < self.th.min_amp
            {
                return None;
            }
            let w = OMEGA[b] + ft.delta;
            explained += ft.amp * ft.amp * 0.5 * (2.0 - 2.0 * libm::cosf(w));
            fits[i] = ft;
        }
        let (lo, hi) = (fits[0].amp, fits[1].amp);
        // Per window with 1 dB of slack; the average over the digit decides (`twist_ok`).
        if hi > lo * self.th.max_reverse * TWIST_SLACK || lo > hi * self.th.max_normal * TWIST_SLACK
        {
            return None;
        }
        let span = ((WINDOW + 1) * HOP) as f32;
        if explained * span < self.th.min_ratio * energy {
            // Take a dial tone out of the energy (never more than what the digit leaves).
            let end = (t + 2) * HOP as u64;
            let dial = self
                .dial_energy(end)
                .min(energy - explained * span)
                .max(0.0);
            if explained * span < self.th.min_ratio * (energy - dial) {
                return None;
            }
        }
        Some(Recognised {
            digit: Digit::from_row_col(bins[0], bins[1] - 4),
            bins,
            fits,
        })
    }
}

impl DtmfDetector {
    /// First-difference energy of the 350 and 440 Hz components of the [`SPAN`] samples
    /// that end at offset `end` (the current recognition window), measured with a Hann
    /// window.
    fn dial_energy(&self, end: u64) -> f32 {
        let oldest = (end % SPAN as u64) as usize;
        let (newer, older) = self.recent.split_at(oldest);
        let mut amps = [0.0f32; 2];
        let mut total = 0.0;
        for (k, c) in DIAL_COEF.into_iter().enumerate() {
            let (mut s1, mut s2) = (0.0f32, 0.0f32);
            for (&x, &w) in older.iter().chain(newer).zip(&SPAN_HANN) {
                let s = f32::from(x) * w + c * s1 - s2;
                s2 = s1;
                s1 = s;
            }
            let p = (s1 * s1 + s2 * s2 - c * s1 * s2).max(0.0);
            let amp = 2.0 * libm::sqrtf(p) / SPAN_HANN_SUM;
            amps[k] = amp;
            total += amp * amp * 0.5 * SPAN as f32 * (2.0 - c);
        }
        // A dial tone has both components at about the same level (NA precise tone plan:
        // −13 dBm0 each); a single low note of speech or music is not discounted.
        if amps[0] > 2.0 * amps[1] || amps[1] > 2.0 * amps[0] {
            return 0.0;
        }
        total
    }
}

/// A digit found by [`detect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetectedDigit {
    /// The digit.
    pub digit: Digit,
    /// Offset of its first sample.
    pub start: u64,
    /// Offset one past its last sample.
    pub end: u64,
}

/// Every digit in `samples` (a whole recording), in order.
#[cfg(feature = "alloc")]
pub fn detect(samples: &[i16], profile: DtmfProfile) -> alloc::vec::Vec<DetectedDigit> {
    let mut out = alloc::vec::Vec::new();
    let mut det = DtmfDetector::new(profile);
    let mut take = |ev| {
        if let DtmfEvent::Ended { digit, start, end } = ev {
            out.push(DetectedDigit { digit, start, end });
        }
    };
    det.push(samples, &mut take);
    det.finish(&mut take);
    out
}
