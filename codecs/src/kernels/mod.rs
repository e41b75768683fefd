//! Compute kernels, and the run-time choice between them.
//!
//! Every kernel computes exactly the same bits as the scalar reference in [`scalar`]; the
//! SIMD kernels are only faster. All `unsafe` of this crate lives below this module: each SIMD
//! function is an `unsafe fn` with `#[target_feature]`, and the only way to reach one is
//! through [`KernelSet::get`], which first checks that the CPU has the feature.
//!
//! The choice is made once per process ([`Kernel::best`]); the environment variable
//! `STROWGER_FORCE_SCALAR` (any value but `0` or empty) or the `force-scalar` cargo feature
//! pins it to [`Kernel::Scalar`].

pub(crate) mod scalar;

pub(crate) mod g729;

#[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
mod x86;

#[cfg(all(target_arch = "aarch64", not(feature = "force-scalar")))]
mod aarch64;

use std::sync::OnceLock;

use crate::Error;

/// An implementation of the hot loops, selectable for tests and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kernel {
    /// Portable Rust, always compiled: the reference every other kernel must equal.
    Scalar,
    /// x86-64 SSE4.1 (128-bit).
    Sse41,
    /// x86-64 AVX2 (256-bit).
    Avx2,
    /// x86-64 AVX-512 F + BW (512-bit).
    Avx512,
    /// x86-64 AVX-512 F + BW + VBMI (512-bit, byte permutes for the encoder).
    Avx512Vbmi,
    /// AArch64 Advanced SIMD (NEON, 128-bit).
    Neon,
}

impl Kernel {
    /// Every kernel this crate knows, fastest last.
    pub const ALL: [Kernel; 6] = [
        Kernel::Scalar,
        Kernel::Sse41,
        Kernel::Avx2,
        Kernel::Avx512,
        Kernel::Avx512Vbmi,
        Kernel::Neon,
    ];

    /// A short lower-case name (`scalar`, `sse4.1`, `avx2`, `avx512`, `avx512vbmi`, `neon`).
    pub const fn name(self) -> &'static str {
        match self {
            Kernel::Scalar => "scalar",
            Kernel::Sse41 => "sse4.1",
            Kernel::Avx2 => "avx2",
            Kernel::Avx512 => "avx512",
            Kernel::Avx512Vbmi => "avx512vbmi",
            Kernel::Neon => "neon",
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

    /// The kernel the slice functions use: the fastest available one, unless
    /// `STROWGER_FORCE_SCALAR` is set. Decided on first call and cached.
    pub fn best() -> Kernel {
        static BEST: OnceLock<Kernel> = OnceLock::new();
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
}

impl core::fmt::Display for Kernel {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Function table of one kernel. Each function handles `min(input.len(), output.len())`
/// elements, so even a length mismatch cannot touch memory out of bounds.
pub(crate) struct Fns {
    pub ulaw_encode: unsafe fn(&[i16], &mut [u8]),
    pub alaw_encode: unsafe fn(&[i16], &mut [u8]),
    pub ulaw_decode: unsafe fn(&[u8], &mut [i16]),
    pub alaw_decode: unsafe fn(&[u8], &mut [i16]),
    /// Byte-to-byte look-up through a 256-entry table that is odd-symmetric
    /// (`t[c ^ 0x80] == t[c] ^ 0x80`), as both G.711 conversion tables are.
    pub translate: unsafe fn(&[u8; 256], &[u8], &mut [u8]),
}

/// A kernel's functions, obtainable only for a kernel the CPU supports.
#[derive(Clone, Copy)]
pub(crate) struct KernelSet {
    fns: &'static Fns,
}

impl KernelSet {
    /// The functions of `kernel`, or [`Error::KernelUnavailable`].
    pub(crate) fn get(kernel: Kernel) -> Result<Self, Error> {
        let fns: Option<&'static Fns> = match kernel {
            Kernel::Scalar => Some(&scalar::FNS),
            #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
            Kernel::Sse41 if std::arch::is_x86_feature_detected!("sse4.1") => {
                Some(&x86::sse41::FNS)
            }
            #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
            Kernel::Avx2 if std::arch::is_x86_feature_detected!("avx2") => Some(&x86::avx2::FNS),
            #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
            Kernel::Avx512
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512bw") =>
            {
                Some(&x86::avx512::FNS)
            }
            #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
            Kernel::Avx512Vbmi
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512bw")
                    && std::arch::is_x86_feature_detected!("avx512vbmi") =>
            {
                Some(&x86::avx512vbmi::FNS)
            }
            #[cfg(all(target_arch = "aarch64", not(feature = "force-scalar")))]
            Kernel::Neon if std::arch::is_aarch64_feature_detected!("neon") => {
                Some(&aarch64::neon::FNS)
            }
            _ => None,
        };
        fns.map(|fns| Self { fns })
            .ok_or(Error::KernelUnavailable(kernel.name()))
    }

    /// µ-law encoding of `min(pcm.len(), out.len())` samples.
    #[inline]
    pub(crate) fn ulaw_encode(self, pcm: &[i16], out: &mut [u8]) {
        // SAFETY: `KernelSet::get` hands out a table only after checking that the CPU has
        // the features its functions were compiled for; the functions bound their loops by
        // both slice lengths.
        unsafe { (self.fns.ulaw_encode)(pcm, out) }
    }

    /// A-law encoding of `min(pcm.len(), out.len())` samples.
    #[inline]
    pub(crate) fn alaw_encode(self, pcm: &[i16], out: &mut [u8]) {
        // SAFETY: as in `ulaw_encode`.
        unsafe { (self.fns.alaw_encode)(pcm, out) }
    }

    /// µ-law decoding of `min(code.len(), out.len())` codes.
    #[inline]
    pub(crate) fn ulaw_decode(self, code: &[u8], out: &mut [i16]) {
        // SAFETY: as in `ulaw_encode`.
        unsafe { (self.fns.ulaw_decode)(code, out) }
    }

    /// A-law decoding of `min(code.len(), out.len())` codes.
    #[inline]
    pub(crate) fn alaw_decode(self, code: &[u8], out: &mut [i16]) {
        // SAFETY: as in `ulaw_encode`.
        unsafe { (self.fns.alaw_decode)(code, out) }
    }

    /// `out[i] = table[input[i]]` for `min(input.len(), out.len())` bytes; `table` must be
    /// odd-symmetric (`table[c ^ 0x80] == table[c] ^ 0x80`).
    #[inline]
    pub(crate) fn translate(self, table: &[u8; 256], input: &[u8], out: &mut [u8]) {
        debug_assert!((0..=255u8).all(|c| table[(c ^ 0x80) as usize] == table[c as usize] ^ 0x80));
        // SAFETY: as in `ulaw_encode`.
        unsafe { (self.fns.translate)(table, input, out) }
    }
}

/// The function table of the cached best kernel.
#[inline]
pub(crate) fn best() -> KernelSet {
    static BEST: OnceLock<KernelSet> = OnceLock::new();
    *BEST.get_or_init(|| KernelSet::get(Kernel::best()).expect("best kernel is available"))
}

/// Lookup tables the SIMD kernels share, derived at compile time from the scalar reference.
#[cfg_attr(feature = "force-scalar", allow(dead_code))]
pub(crate) mod lut {
    use crate::g711::{alaw_decode_sample, ulaw_decode_sample};

    /// Bit length of a nibble.
    pub const BITLEN_LO: [u8; 16] = [0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4];
    /// Bit length of `h << 4` for a 3-bit `h` (0 for 0).
    pub const BITLEN_HI: [u8; 16] = [0, 5, 6, 6, 7, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0, 0];
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    /// High byte of the µ-law mantissa multiplier `2^(15 - segment)` (a right shift by
    /// `segment + 1` done as an unsigned high multiply).
    pub const ULAW_MUL_HI: [u8; 16] = [128, 64, 32, 16, 8, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    /// High byte of the A-law mantissa multiplier `2^(15 - max(segment, 1))`.
    pub const ALAW_MUL_HI: [u8; 16] = [64, 64, 32, 16, 8, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0];

    /// Code transformation applied before decoding, which makes the decoded value linear in
    /// the low nibble: none for µ-law, the even-bit inversion for A-law.
    pub const ULAW_PRE_XOR: u8 = 0x00;
    /// See [`ULAW_PRE_XOR`].
    pub const ALAW_PRE_XOR: u8 = 0x55;

    const fn decode(is_alaw: bool, c: u8) -> i16 {
        if is_alaw {
            alaw_decode_sample(c)
        } else {
            ulaw_decode_sample(c)
        }
    }

    const fn base_step(is_alaw: bool, pre_xor: u8) -> ([i16; 16], [i16; 16]) {
        let mut base = [0i16; 16];
        let mut step = [0i16; 16];
        let mut h = 0;
        while h < 16 {
            let c = (h as u8) << 4;
            base[h] = decode(is_alaw, c ^ pre_xor);
            step[h] = decode(is_alaw, (c | 1) ^ pre_xor).wrapping_sub(base[h]);
            h += 1;
        }
        (base, step)
    }

    /// µ-law: decoded value of code `(h << 4)` for each high nibble `h`.
    pub const ULAW_BASE: [i16; 16] = base_step(false, ULAW_PRE_XOR).0;
    /// µ-law: increment of the decoded value per unit of the low nibble.
    pub const ULAW_STEP: [i16; 16] = base_step(false, ULAW_PRE_XOR).1;
    /// A-law: decoded value of code `(h << 4) ^ 0x55` for each high nibble `h`.
    pub const ALAW_BASE: [i16; 16] = base_step(true, ALAW_PRE_XOR).0;
    /// A-law: increment of the decoded value per unit of the (pre-xored) low nibble.
    pub const ALAW_STEP: [i16; 16] = base_step(true, ALAW_PRE_XOR).1;

    /// The byte pairs of the first eight entries of a 16-bit table (a `pshufb` table).
    pub const fn low_half_bytes(t: &[i16; 16]) -> [u8; 16] {
        let mut b = [0u8; 16];
        let mut i = 0;
        while i < 8 {
            let v = t[i] as u16;
            b[2 * i] = v as u8;
            b[2 * i + 1] = (v >> 8) as u8;
            i += 1;
        }
        b
    }
}
