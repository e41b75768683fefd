//! Signal construction for the detector tests: exact tones with chosen phase, frequency and
//! level, Gaussian noise, all from a fixed-seed generator so every run sees the same trials.

#![allow(dead_code)]

use strowger_dtmf::{DetectedDigit, Digit, DtmfDetector, DtmfEvent, DtmfProfile};

/// dBm0 of a full-scale sine (G.711).
const FULL_SCALE_SINE_DBM0: f64 = strowger_dtmf::level::FULL_SCALE_SINE_DBM0 as f64;

/// SplitMix64: small, fast, good enough for test signals; fixed seeds make runs repeatable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in [lo, hi].
    pub fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    pub fn digit(&mut self) -> Digit {
        Digit::ALL[self.int(0, 15)]
    }

    /// Standard normal (Box–Muller).
    pub fn gauss(&mut self) -> f64 {
        let u = self.unit().max(1e-300);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Peak amplitude of a sine at `dbm0` (full-scale sine = +3.14 dBm0).
pub fn amp(dbm0: f64) -> f64 {
    32767.0 * 10f64.powf((dbm0 - FULL_SCALE_SINE_DBM0) / 20.0)
}

/// A signal under construction, in floating point; `pcm` rounds and saturates.
pub struct Sig {
    pub x: Vec<f64>,
}

impl Sig {
    pub fn new(len: usize) -> Self {
        Sig { x: vec![0.0; len] }
    }

    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// Adds a sine of `hz` at `dbm0` on samples `start..start + len`, starting at `phase`.
    pub fn tone(&mut self, hz: f64, dbm0: f64, start: usize, len: usize, phase: f64) {
        let a = amp(dbm0);
        let w = std::f64::consts::TAU * hz / 8000.0;
        let end = (start + len).min(self.x.len());
        for n in start..end {
            self.x[n] += a * (w * (n - start) as f64 + phase).sin();
        }
    }

    /// Adds a DTMF digit with tone frequencies scaled by (1 + dev), random phases.
    #[allow(clippy::too_many_arguments)]
    pub fn digit(
        &mut self,
        rng: &mut Rng,
        d: Digit,
        low_dbm0: f64,
        high_dbm0: f64,
        dev: (f64, f64),
        start: usize,
        len: usize,
    ) {
        let (lo, hi) = d.frequencies();
        let p1 = rng.range(0.0, std::f64::consts::TAU);
        let p2 = rng.range(0.0, std::f64::consts::TAU);
        self.tone(f64::from(lo) * (1.0 + dev.0), low_dbm0, start, len, p1);
        self.tone(f64::from(hi) * (1.0 + dev.1), high_dbm0, start, len, p2);
    }

    /// Adds white Gaussian noise of power `dbm0` over the whole signal.
    pub fn noise(&mut self, rng: &mut Rng, dbm0: f64) {
        let sigma = amp(dbm0) / std::f64::consts::SQRT_2;
        for v in &mut self.x {
            *v += sigma * rng.gauss();
        }
    }

    pub fn pcm(&self) -> Vec<i16> {
        self.x
            .iter()
            .map(|v| v.round().clamp(-32768.0, 32767.0) as i16)
            .collect()
    }
}

/// All digits the detector reports, pushing the signal in chunks of `chunk` samples.
pub fn detect_chunked(pcm: &[i16], profile: DtmfProfile, chunk: usize) -> Vec<DetectedDigit> {
    let mut det = DtmfDetector::new(profile);
    let mut out = Vec::new();
    let mut take = |ev| {
        if let DtmfEvent::Ended { digit, start, end } = ev {
            out.push(DetectedDigit { digit, start, end });
        }
    };
    for c in pcm.chunks(chunk.max(1)) {
        det.push(c, &mut take);
    }
    det.finish(&mut take);
    out
}

/// Levenshtein distance between two digit strings.
pub fn edit_distance(a: &[Digit], b: &[Digit]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Trial counter that prints a result line and asserts the pass rate.
pub struct Tally {
    pub name: String,
    pub pass: usize,
    pub total: usize,
}

impl Tally {
    pub fn new(name: impl Into<String>) -> Self {
        Tally {
            name: name.into(),
            pass: 0,
            total: 0,
        }
    }

    pub fn add(&mut self, ok: bool) {
        self.total += 1;
        self.pass += usize::from(ok);
    }

    pub fn rate(&self) -> f64 {
        self.pass as f64 / self.total.max(1) as f64
    }

    /// Prints `name: pass/total (rate %)` and asserts `rate >= min`.
    pub fn check(&self, min: f64) {
        println!(
            "{}: {}/{} ({:.3} %)",
            self.name,
            self.pass,
            self.total,
            100.0 * self.rate()
        );
        assert!(self.total > 0, "{}: no trials", self.name);
        assert!(
            self.rate() >= min,
            "{}: pass rate {:.3} % below {:.1} %",
            self.name,
            100.0 * self.rate(),
            100.0 * min
        );
    }
}
