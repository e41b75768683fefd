//! The streaming analysis front end shared by every detector.
//!
//! Samples arrive in any number of any size; the front end emits one [`Frame`] per 40 samples:
//! the Hann-windowed 80-sample DFT value of each of its frequencies, with phases referred to
//! the start of the stream (so the phase advance between frames measures the frequency), and
//! the first-difference energy of both halves of the frame.

use crate::complex::C32;
use crate::kernels::KernelSet;
pub(crate) use crate::tables::BINS;
use crate::tables::{Bank, HOP};
use crate::tables::{COEF_SCALE, LANES};

/// One analysis frame: samples `40·index .. 40·index + 80` of the stream.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<const F: usize> {
    /// Frame number.
    pub index: u64,
    /// DFT value of each frequency, phase referred to sample 0.
    pub v: [C32; BINS],
    /// First-difference energy of the first and second 40-sample half.
    pub energy: [f32; 2],
    /// Plain energy (sum of squares) of the first and second half.
    pub power: [f32; 2],
}

/// Streaming state: two partial frames, the phase references and the energies.
#[derive(Debug, Clone)]
pub(crate) struct FrontEnd {
    kernel: KernelSet,
    /// First half of the frame that starts in the current sub-block.
    first: [i32; LANES],
    /// Second half of the frame that started in the previous sub-block.
    second: [i32; LANES],
    /// First half of the frame that started in the previous sub-block (complete).
    pending: [i32; LANES],
    /// `e^{-jω·40·t}` for the next frame `t` to emit.
    rot: [C32; BINS],
    /// Position inside the current sub-block.
    k: usize,
    /// Number of the current sub-block.
    block: u64,
    prev: i16,
    energy: u64,
    prev_energy: f32,
    power: u64,
    prev_power: f32,
}

impl FrontEnd {
    pub(crate) fn new(kernel: KernelSet) -> Self {
        Self {
            kernel,
            first: [0; LANES],
            second: [0; LANES],
            pending: [0; LANES],
            rot: [C32::new(1.0, 0.0); BINS],
            k: 0,
            block: 0,
            prev: 0,
            energy: 0,
            prev_energy: 0.0,
            power: 0,
            prev_power: 0.0,
        }
    }

    pub(crate) fn kernel(&self) -> KernelSet {
        self.kernel
    }

    /// Samples consumed so far.
    pub(crate) fn position(&self) -> u64 {
        self.block * HOP as u64 + self.k as u64
    }

    /// Feeds samples; calls `on_frame` for every frame completed.
    #[inline]
    pub(crate) fn push(
        &mut self,
        bank: &Bank,
        step: &[C32; BINS],
        mut x: &[i16],
        mut on_frame: impl FnMut(&Frame<BINS>),
    ) {
        while !x.is_empty() {
            let take = (HOP - self.k).min(x.len());
            let (chunk, rest) = x.split_at(take);
            let mut e = (self.prev, self.energy, self.power);
            self.kernel.accumulate(
                bank,
                chunk,
                self.k,
                &mut self.first,
                &mut self.second,
                &mut e,
            );
            (self.prev, self.energy, self.power) = e;
            self.k += take;
            x = rest;
            if self.k == HOP {
                self.end_block(step, &mut on_frame);
            }
        }
    }

    fn end_block(&mut self, step: &[C32; BINS], on_frame: &mut impl FnMut(&Frame<BINS>)) {
        let energy = self.energy as f32;
        let power = self.power as f32;
        if self.block > 0 {
            let mut v = [C32::default(); BINS];
            for (i, out) in v.iter_mut().enumerate() {
                // Each half is exact in i32; their sum may not be, so add as f32.
                let half = |a: i32, b: i32| (a as f32 + b as f32) * (1.0 / COEF_SCALE);
                let local = C32::new(
                    half(self.pending[2 * i], self.second[2 * i]),
                    half(self.pending[2 * i + 1], self.second[2 * i + 1]),
                );
                *out = local * self.rot[i];
                // Advance the phase reference by one hop; every 16 hops pull it back onto
                // the unit circle (rounding drifts its length by ~1e-7 per step).
                let r = self.rot[i] * step[i];
                self.rot[i] = if self.block.is_multiple_of(16) {
                    r.scale(1.5 - 0.5 * r.norm_sqr())
                } else {
                    r
                };
            }
            on_frame(&Frame {
                index: self.block - 1,
                v,
                energy: [self.prev_energy, energy],
                power: [self.prev_power, power],
            });
        }
        self.pending = self.first;
        self.first = [0; LANES];
        self.second = [0; LANES];
        self.prev_energy = energy;
        self.energy = 0;
        self.prev_power = power;
        self.power = 0;
        self.k = 0;
        self.block += 1;
    }
}

/// `e^{-jω·40}` for each frequency (the phase-reference step of one hop).
pub(crate) const fn hop_steps<const F: usize>(hz: &[f64; F]) -> [C32; F] {
    let mut out = [C32::new(1.0, 0.0); F];
    let mut i = 0;
    while i < F {
        let (c, s) = crate::tables::cos_sin(crate::tables::omega(hz[i]) * HOP as f64);
        out[i] = C32::new(c as f32, -s as f32);
        i += 1;
    }
    out
}
