//! AArch64 kernels (same recipe as the x86 ones, see `kernels::x86`).

pub(crate) mod neon;
