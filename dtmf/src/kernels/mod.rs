//! Compute kernels, and the run-time choice between them.
//!
//! The hot loop of every detector is the same: for each sample of a 40-sample sub-block,
//! multiply it by a row of a [`Bank`] (window × complex exponential for each frequency and
//! both overlapping frames, Q11 fixed point) and add into two `i32` accumulators. [`scalar`]
//! is the reference; the AVX2 kernel computes the same integer sums with `vpmaddwd`, and
//! integer sums do not depend on their order, so it gives exactly the same bits.
//!
//! All `unsafe` of this crate lives below this module: each SIMD function is an `unsafe fn`
//! with `#[target_feature]`, reachable only through [`KernelSet::get`], which first checks
//! that the CPU has the feature. The choice is made once per process ([`Kernel::best`]); the
//! environment variable `STROWGER_FORCE_SCALAR` (any value but `0` or empty) or the
//! `force-scalar` cargo feature pins it to [`Kernel::Scalar`].

pub(crate) mod scalar;

#[cfg(all(target_arch = "x86_64", not(feature = "force-scalar"), feature = "std"))]
mod x86;

use crate::tables::{Bank, HOP, LANES};
use crate::Error;

/// An implementation of the hot loop, selectable for tests and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kernel {
    /// Portable Rust, always compiled: the reference every other kernel must equal.
    Scalar,
    /// x86-64 AVX2 (256-bit).
    Avx2,
}

impl Kernel {
    /// Every kernel this crate knows, fastest last.
    pub const ALL: [Kernel; 2] = [Kernel::Scalar, Kernel::Avx2];

    /// A short lower-case name (`scalar`, `avx2`).
    pub const fn name(self) -> &'static str {
        match self {
            Kernel::Scalar => "scalar",
            Kernel::Avx2 => "avx2",
        }
    }

    /// Whether this build and this CPU can run the kernel.
    pub fn is_available(self) -> bool {
        KernelSet::get(self).is_ok()
    }

    /// The kernels this build and this CPU can run, scalar first.
    pub fn available() -> impl Iterator<Item = Kernel> {
        Self::ALL.into_iter().filter(|k| k.is_available())
    }

    /// The kernel detectors use by default: the fastest available one, unless
    /// `STROWGER_FORCE_SCALAR` is set (with the `std` feature). Decided once and cached.
    pub fn best() -> Kernel {
        #[cfg(feature = "std")]
        {
            static BEST: std::sync::OnceLock<Kernel> = std::sync::OnceLock::new();
            *BEST.get_or_init(|| {
                let forced = std::env::var_os("STROWGER_FORCE_SCALAR")
                    .is_some_and(|v| !v.is_empty() && v != "0");
                if forced {
                    Kernel::Scalar
                } else {
                    Self::available().last().unwrap_or(Kernel::Scalar)
                }
            })
        }
        #[cfg(not(feature = "std"))]
        {
            Kernel::Scalar
        }
    }
}

impl core::fmt::Display for Kernel {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// `accumulate(bank, x, k0, first, second, energies)`: for `i` in `0..x.len()` (and
/// `k0 + i < 40`), `first += x[i]·bank.first[k0+i]` and `second += x[i]·bank.second[k0+i]`,
/// lane by lane; `energies` = (previous sample, Σ first-difference², Σ x²) is updated.
pub(crate) type AccumulateFn =
    unsafe fn(&Bank, &[i16], usize, &mut [i32; LANES], &mut [i32; LANES], &mut Energies);

/// Running energies of a sub-block: (last sample seen, Σ (x[n] − x[n−1])², Σ x[n]²).
pub(crate) type Energies = (i16, u64, u64);

/// Function table of one kernel.
pub(crate) struct Fns {
    pub bank: AccumulateFn,
}

/// A kernel's functions, obtainable only for a kernel the CPU supports.
#[derive(Clone, Copy)]
pub(crate) struct KernelSet {
    fns: &'static Fns,
    kernel: Kernel,
}

impl core::fmt::Debug for KernelSet {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.kernel.fmt(f)
    }
}

impl KernelSet {
    /// The functions of `kernel`, or [`Error::KernelUnavailable`].
    pub(crate) fn get(kernel: Kernel) -> Result<Self, Error> {
        let fns: Option<&'static Fns> = match kernel {
            Kernel::Scalar => Some(&scalar::FNS),
            #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar"), feature = "std"))]
            Kernel::Avx2 if std::arch::is_x86_feature_detected!("avx2") => Some(&x86::avx2::FNS),
            _ => None,
        };
        fns.map(|fns| Self { fns, kernel })
            .ok_or(Error::KernelUnavailable(kernel.name()))
    }

    /// The kernel these functions belong to.
    pub(crate) fn kernel(self) -> Kernel {
        self.kernel
    }

    /// The bank accumulation of every detector (see [`AccumulateFn`]).
    #[inline]
    pub(crate) fn accumulate(
        self,
        bank: &Bank,
        x: &[i16],
        k0: usize,
        first: &mut [i32; LANES],
        second: &mut [i32; LANES],
        energies: &mut Energies,
    ) {
        debug_assert!(k0 + x.len() <= HOP);
        // SAFETY: `KernelSet::get` hands out a table only after checking that the CPU has
        // the features its functions were compiled for; the functions bound their loops by
        // the slice length and the bank size, so no argument can make them read out of bounds.
        unsafe { (self.fns.bank)(bank, x, k0, first, second, energies) }
    }
}

/// The cached best kernel's functions.
pub(crate) fn best() -> KernelSet {
    KernelSet::get(Kernel::best()).unwrap_or(KernelSet {
        fns: &scalar::FNS,
        kernel: Kernel::Scalar,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kernel_gives_the_scalar_bits() {
        let bank = Bank::new(&[697.0, 770.0, 852.0, 941.0, 1209.0, 1336.0, 1477.0, 1633.0]);
        let scalar = KernelSet::get(Kernel::Scalar).unwrap();
        let mut state = 0x2545_f491u32;
        let mut x = [0i16; HOP];
        for round in 0..2000 {
            for s in &mut x {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                *s = (state >> 16) as i16;
            }
            if round % 3 == 0 {
                x.fill(if round % 2 == 0 { i16::MIN } else { i16::MAX });
            }
            let k0 = round % HOP;
            let n = (round * 7) % (HOP - k0 + 1);
            for k in Kernel::available() {
                let set = KernelSet::get(k).unwrap();
                let (mut a1, mut b1, mut e1) = ([5i32; LANES], [-3i32; LANES], (3i16, 7u64, 9u64));
                let (mut a2, mut b2, mut e2) = (a1, b1, e1);
                scalar.accumulate(&bank, &x[..n], k0, &mut a1, &mut b1, &mut e1);
                set.accumulate(&bank, &x[..n], k0, &mut a2, &mut b2, &mut e2);
                assert_eq!((a1, b1, e1), (a2, b2, e2), "{k} round {round}");
            }
        }
    }
}
