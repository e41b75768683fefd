//! Tone generation: DTMF digits and any single or dual tone with a cadence.
//!
//! Levels are in dBm0 (see [`crate::level`]); the sum of the tones is rounded and saturated
//! to 16 bits, never wrapped, so a hot dual tone clips like a real codec front end would.

use core::f64::consts::TAU;

use crate::level::dbm0_to_amplitude;
use crate::{Digit, Error, SAMPLE_RATE};

/// One or two sinusoids played together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ToneSpec {
    /// Frequencies in Hz; only the first `count` are used.
    pub freqs_hz: [f32; 2],
    /// Level of each sinusoid in dBm0.
    pub levels_dbm0: [f32; 2],
    /// 1 or 2.
    pub count: u8,
}

impl ToneSpec {
    /// A single sinusoid.
    pub const fn single(freq_hz: f32, level_dbm0: f32) -> Self {
        Self {
            freqs_hz: [freq_hz, 0.0],
            levels_dbm0: [level_dbm0, -200.0],
            count: 1,
        }
    }

    /// Two sinusoids.
    pub const fn dual(f1_hz: f32, level1_dbm0: f32, f2_hz: f32, level2_dbm0: f32) -> Self {
        Self {
            freqs_hz: [f1_hz, f2_hz],
            levels_dbm0: [level1_dbm0, level2_dbm0],
            count: 2,
        }
    }

    /// A DTMF digit: the low-group tone at `low_dbm0`, the high-group tone `twist_db` louder
    /// (a negative twist makes the high tone quieter, the usual "normal twist").
    pub fn dtmf(digit: Digit, low_dbm0: f32, twist_db: f32) -> Self {
        let (lo, hi) = digit.frequencies();
        Self::dual(lo, low_dbm0, hi, low_dbm0 + twist_db)
    }
}

/// One step of a cadence: a tone (or silence) for a number of samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CadenceStep {
    /// The tone, or `None` for silence.
    pub tone: Option<ToneSpec>,
    /// Duration in samples at 8 kHz.
    pub samples: u32,
}

impl CadenceStep {
    /// `tone` for `ms` milliseconds.
    pub fn on(tone: ToneSpec, ms: f32) -> Self {
        Self {
            tone: Some(tone),
            samples: ms_to_samples(ms),
        }
    }

    /// Silence for `ms` milliseconds.
    pub fn off(ms: f32) -> Self {
        Self {
            tone: None,
            samples: ms_to_samples(ms),
        }
    }
}

fn ms_to_samples(ms: f32) -> u32 {
    libm::roundf(ms.max(0.0) * (SAMPLE_RATE as f32 / 1000.0)) as u32
}

/// A sinusoid oscillator with a phase accumulator in cycles (no drift, exact frequency).
#[derive(Debug, Clone, Copy, Default)]
struct Osc {
    phase: f64,
    step: f64,
    amp: f64,
}

impl Osc {
    fn start(freq_hz: f32, level_dbm0: f32) -> Self {
        Self {
            phase: 0.0,
            step: f64::from(freq_hz) / f64::from(SAMPLE_RATE),
            amp: f64::from(dbm0_to_amplitude(level_dbm0)),
        }
    }

    #[inline]
    fn next(&mut self) -> f64 {
        let v = self.amp * libm::sin(TAU * self.phase);
        self.phase += self.step;
        if self.phase >= 1.0 {
            self.phase -= 1.0;
        }
        v
    }
}

/// Rounds and saturates to 16 bits.
#[inline]
pub(crate) fn saturate(v: f64) -> i16 {
    libm::round(v).clamp(-32768.0, 32767.0) as i16
}

/// Plays a cadence (a list of tone and silence steps), once or repeatedly.
///
/// ```
/// use strowger_dtmf::generator::{CadenceStep, ToneGenerator, ToneSpec};
/// // North-American busy: 480 + 620 Hz at -24 dBm0 each, 0.5 s on, 0.5 s off.
/// let busy = [
///     CadenceStep::on(ToneSpec::dual(480.0, -24.0, 620.0, -24.0), 500.0),
///     CadenceStep::off(500.0),
/// ];
/// let mut g = ToneGenerator::new(&busy, true);
/// let mut pcm = [0i16; 8000];
/// assert_eq!(g.fill(&mut pcm), 8000);
/// assert!(pcm[..4000].iter().any(|&s| s != 0));
/// assert!(pcm[4000..8000].iter().all(|&s| s == 0));
/// ```
#[derive(Debug, Clone)]
pub struct ToneGenerator<'a> {
    steps: &'a [CadenceStep],
    repeat: bool,
    index: usize,
    left: u32,
    oscs: [Osc; 2],
    count: u8,
    started: bool,
}

impl<'a> ToneGenerator<'a> {
    /// A generator that plays `steps` once, or forever when `repeat` is set.
    pub fn new(steps: &'a [CadenceStep], repeat: bool) -> Self {
        Self {
            steps,
            repeat,
            index: 0,
            left: 0,
            oscs: [Osc::default(); 2],
            count: 0,
            started: false,
        }
    }

    fn enter(&mut self) {
        let step = self.steps[self.index];
        self.left = step.samples;
        match step.tone {
            Some(t) => {
                self.count = t.count.min(2);
                for i in 0..usize::from(self.count) {
                    self.oscs[i] = Osc::start(t.freqs_hz[i], t.levels_dbm0[i]);
                }
            }
            None => self.count = 0,
        }
    }

    /// Writes the next samples into `out`; returns how many were written (fewer than
    /// `out.len()` only when a non-repeating cadence has ended).
    pub fn fill(&mut self, out: &mut [i16]) -> usize {
        if self.steps.is_empty() {
            return 0;
        }
        if !self.started {
            self.started = true;
            self.enter();
        }
        let mut n = 0;
        while n < out.len() {
            while self.left == 0 {
                self.index += 1;
                if self.index == self.steps.len() {
                    if !self.repeat {
                        return n;
                    }
                    self.index = 0;
                }
                self.enter();
                if self.steps.iter().all(|s| s.samples == 0) {
                    return n;
                }
            }
            let take = (out.len() - n).min(self.left as usize);
            render(
                &mut self.oscs[..usize::from(self.count)],
                &mut out[n..n + take],
            );
            self.left -= take as u32;
            n += take;
        }
        n
    }
}

fn render(oscs: &mut [Osc], out: &mut [i16]) {
    for o in out {
        let mut v = 0.0;
        for osc in oscs.iter_mut() {
            v += osc.next();
        }
        *o = saturate(v);
    }
}

/// Parameters of generated DTMF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DtmfParams {
    /// Level of the low-group tone in dBm0.
    pub level_dbm0: f32,
    /// High-group level minus low-group level, in dB (Q.24 "twist"; positive = reverse twist).
    pub twist_db: f32,
    /// Tone duration of each digit in ms.
    pub on_ms: f32,
    /// Silence after each digit in ms.
    pub off_ms: f32,
}

impl Default for DtmfParams {
    /// −10 dBm0 per tone, no twist, 50 ms on, 50 ms off.
    fn default() -> Self {
        Self {
            level_dbm0: -10.0,
            twist_db: 0.0,
            on_ms: 50.0,
            off_ms: 50.0,
        }
    }
}

/// Digits the [`DtmfGenerator`] queue holds.
pub const DTMF_QUEUE: usize = 128;

/// Streaming DTMF generator: queue digits, then pull samples.
///
/// ```
/// use strowger_dtmf::generator::{DtmfGenerator, DtmfParams};
/// let mut g = DtmfGenerator::new(DtmfParams::default());
/// g.push_digits("12#")?;
/// let mut pcm = [0i16; 2400];
/// assert_eq!(g.fill(&mut pcm), 2400); // 3 × (50 + 50) ms
/// assert!(g.is_idle());
/// # Ok::<(), strowger_dtmf::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DtmfGenerator {
    params: DtmfParams,
    queue: [Digit; DTMF_QUEUE],
    head: usize,
    len: usize,
    on_left: u32,
    off_left: u32,
    oscs: [Osc; 2],
}

impl DtmfGenerator {
    /// A generator with empty queue.
    pub fn new(params: DtmfParams) -> Self {
        Self {
            params,
            queue: [Digit::D0; DTMF_QUEUE],
            head: 0,
            len: 0,
            on_left: 0,
            off_left: 0,
            oscs: [Osc::default(); 2],
        }
    }

    /// Changes level, twist and timing for the digits not yet started.
    pub fn set_params(&mut self, params: DtmfParams) {
        self.params = params;
    }

    /// Queues one digit.
    pub fn push(&mut self, digit: Digit) -> Result<(), Error> {
        if self.len == DTMF_QUEUE {
            return Err(Error::QueueFull {
                capacity: DTMF_QUEUE,
            });
        }
        self.queue[(self.head + self.len) % DTMF_QUEUE] = digit;
        self.len += 1;
        Ok(())
    }

    /// Queues every character of `digits` (`0-9*#A-D`); nothing is queued on an error.
    pub fn push_digits(&mut self, digits: &str) -> Result<(), Error> {
        let mut n = 0;
        for c in digits.chars() {
            Digit::from_char(c)?;
            n += 1;
        }
        if self.len + n > DTMF_QUEUE {
            return Err(Error::QueueFull {
                capacity: DTMF_QUEUE,
            });
        }
        for c in digits.chars() {
            self.push(Digit::from_char(c)?)?;
        }
        Ok(())
    }

    /// Whether every queued digit has been played completely.
    pub fn is_idle(&self) -> bool {
        self.len == 0 && self.on_left == 0 && self.off_left == 0
    }

    /// Writes samples into `out`; returns how many (fewer than `out.len()` when the queue
    /// ran empty).
    pub fn fill(&mut self, out: &mut [i16]) -> usize {
        let mut n = 0;
        while n < out.len() {
            if self.on_left > 0 {
                let take = (out.len() - n).min(self.on_left as usize);
                render(&mut self.oscs, &mut out[n..n + take]);
                self.on_left -= take as u32;
                n += take;
            } else if self.off_left > 0 {
                let take = (out.len() - n).min(self.off_left as usize);
                out[n..n + take].fill(0);
                self.off_left -= take as u32;
                n += take;
            } else if self.len > 0 {
                let d = self.queue[self.head];
                self.head = (self.head + 1) % DTMF_QUEUE;
                self.len -= 1;
                let t = ToneSpec::dtmf(d, self.params.level_dbm0, self.params.twist_db);
                self.oscs = [
                    Osc::start(t.freqs_hz[0], t.levels_dbm0[0]),
                    Osc::start(t.freqs_hz[1], t.levels_dbm0[1]),
                ];
                self.on_left = ms_to_samples(self.params.on_ms);
                self.off_left = ms_to_samples(self.params.off_ms);
            } else {
                break;
            }
        }
        n
    }
}

/// The PCM of `digits` played with `params` (each digit: tone then silence).
#[cfg(feature = "alloc")]
pub fn generate_digits(digits: &str, params: DtmfParams) -> Result<alloc::vec::Vec<i16>, Error> {
    let mut out = alloc::vec::Vec::new();
    let per_digit = (ms_to_samples(params.on_ms) + ms_to_samples(params.off_ms)) as usize;
    let mut g = DtmfGenerator::new(params);
    let mut chars = digits.chars().peekable();
    while chars.peek().is_some() {
        // Feed the queue in pieces so any number of digits can be generated.
        for _ in 0..DTMF_QUEUE {
            match chars.next() {
                Some(c) => g.push(Digit::from_char(c)?)?,
                None => break,
            }
        }
        let start = out.len();
        out.resize(start + per_digit * g.len, 0);
        let n = g.fill(&mut out[start..]);
        out.truncate(start + n);
    }
    Ok(out)
}

/// The PCM of a whole non-repeating cadence.
#[cfg(feature = "alloc")]
pub fn generate_cadence(steps: &[CadenceStep]) -> alloc::vec::Vec<i16> {
    let total: usize = steps.iter().map(|s| s.samples as usize).sum();
    let mut out = alloc::vec![0i16; total];
    let n = ToneGenerator::new(steps, false).fill(&mut out);
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::{amplitude_to_dbm0, dbm0_to_amplitude};

    #[test]
    fn level_and_saturation() {
        // One tone at 0 dBm0 peaks at 22,826.
        let steps = [CadenceStep::on(ToneSpec::single(1000.0, 0.0), 10.0)];
        let mut pcm = [0i16; 80];
        assert_eq!(ToneGenerator::new(&steps, false).fill(&mut pcm), 80);
        let peak = pcm.iter().map(|&s| i32::from(s).abs()).max().unwrap();
        assert!((amplitude_to_dbm0(peak as f32)).abs() < 0.01, "peak {peak}");
        // Two tones at 0 dBm0 (peak 1.39 full scale) saturate instead of wrapping.
        let steps = [CadenceStep::on(
            ToneSpec::dual(697.0, 0.0, 1209.0, 3.0),
            50.0,
        )];
        let mut pcm = [0i16; 400];
        ToneGenerator::new(&steps, false).fill(&mut pcm);
        assert!(pcm.contains(&32767) && pcm.contains(&-32768));
        let (a1, a2) = (
            f64::from(dbm0_to_amplitude(0.0)),
            f64::from(dbm0_to_amplitude(3.0)),
        );
        for (n, &got) in pcm.iter().enumerate() {
            let t = n as f64 / 8000.0;
            let v = a1 * libm::sin(TAU * 697.0 * t) + a2 * libm::sin(TAU * 1209.0 * t);
            // Clipped to the rails, never wrapped.
            assert!(
                (f64::from(got) - v.clamp(-32768.0, 32767.0)).abs() <= 1.0,
                "sample {n}: {got} vs {v}"
            );
        }
    }

    #[test]
    fn dtmf_timing_and_queue() {
        let mut g = DtmfGenerator::new(DtmfParams {
            on_ms: 40.0,
            off_ms: 60.0,
            ..Default::default()
        });
        g.push_digits("1A").unwrap();
        assert!(g.push_digits("1x").is_err());
        let mut pcm = [0i16; 2000];
        assert_eq!(g.fill(&mut pcm), 1600);
        assert!(pcm[..320].iter().filter(|&&s| s != 0).count() > 300);
        assert!(pcm[320..800].iter().all(|&s| s == 0));
        assert!(pcm[800..1120].iter().any(|&s| s != 0));
        assert!(g.is_idle());
        let mut g = DtmfGenerator::new(DtmfParams::default());
        for _ in 0..DTMF_QUEUE {
            g.push(Digit::D1).unwrap();
        }
        assert_eq!(
            g.push(Digit::D1),
            Err(Error::QueueFull {
                capacity: DTMF_QUEUE
            })
        );
    }

    #[test]
    fn repeating_cadence_wraps_around() {
        let steps = [
            CadenceStep::on(ToneSpec::single(425.0, -10.0), 1.0),
            CadenceStep::off(1.0),
        ];
        let mut g = ToneGenerator::new(&steps, true);
        let mut pcm = [0i16; 64];
        assert_eq!(g.fill(&mut pcm), 64);
        assert!(pcm[8..16].iter().all(|&s| s == 0));
        assert!(pcm[17..24].iter().any(|&s| s != 0));
    }
}
