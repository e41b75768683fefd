//! x86-64 kernels. Each computes the scalar reference's bits with the same recipe:
//!
//! Encoding, per 16-bit lane: the one's-complement magnitude `m = x ^ (x >> 15)`; the value
//! `v` whose leading one gives the segment (µ-law: `min((m >> 2) + 33, 0x1FFF)`, A-law:
//! `m >> 2`); the segment as the bit length of `v >> 6`, from two nibble look-ups (`pshufb`);
//! the mantissa as `v` shifted right by a per-lane amount, done as an unsigned high multiply
//! by a power of two looked up from the segment; finally the sign and the law's inversion
//! pattern in one XOR.
//!
//! Decoding, per code: after the law's pre-XOR (A-law's even-bit inversion) the decoded value
//! is `base[hi] + lo * step[hi]` for the high and low nibbles of the code, with `base` and
//! `step` 16-entry tables derived from the scalar decoder (`super::lut`).

pub(crate) mod avx2;
pub(crate) mod avx512;
pub(crate) mod avx512vbmi;
pub(crate) mod g729;
pub(crate) mod sse41;
