//! AVX2: sample pairs times coefficient pairs with `vpmaddwd` (16-bit × 16-bit → 32-bit,
//! adjacent products summed), eight 32-bit lanes per instruction. Integer arithmetic without
//! overflow (see `COEF_SCALE`), so the result is exactly the scalar kernel's.

use core::arch::x86_64::{
    __m256i, _mm256_add_epi32, _mm256_loadu_si256, _mm256_madd_epi16, _mm256_set1_epi32,
    _mm256_storeu_si256,
};

use crate::kernels::scalar::update_energies;
use crate::kernels::{Energies, Fns};
use crate::tables::{Bank, HOP, LANES};

pub(crate) static FNS: Fns = Fns { bank: accumulate };

/// # Safety
/// The CPU must support AVX2 (checked by `KernelSet::get` before this table is handed out).
#[target_feature(enable = "avx2")]
unsafe fn accumulate(
    bank: &Bank,
    x: &[i16],
    k0: usize,
    first: &mut [i32; LANES],
    second: &mut [i32; LANES],
    energies: &mut Energies,
) {
    let n = x.len().min(HOP.saturating_sub(k0));
    if n == 0 {
        return;
    }
    let x = &x[..n];
    update_energies(x, energies);
    // Loads and stores below: `first` and `second` hold 16 i32 (two 256-bit vectors each)
    // and every `bank.pairs[m][h]` holds 32 i16 (two vectors); they are unaligned, so only
    // the sizes matter, and `m < HOP / 2` (indexing is checked) because `k0 + n <= HOP`.
    // SAFETY: two vectors read from each 16-element i32 array.
    let (mut f0, mut f1, mut s0, mut s1) = unsafe {
        (
            _mm256_loadu_si256(first.as_ptr().cast::<__m256i>()),
            _mm256_loadu_si256(first.as_ptr().add(8).cast::<__m256i>()),
            _mm256_loadu_si256(second.as_ptr().cast::<__m256i>()),
            _mm256_loadu_si256(second.as_ptr().add(8).cast::<__m256i>()),
        )
    };
    let mut step = |m: usize, lo: i16, hi: i16| {
        let v = _mm256_set1_epi32(i32::from(lo as u16) | (i32::from(hi as u16) << 16));
        let row = &bank.pairs[m];
        // SAFETY: see above; `row[h]` is 32 i16 = two vectors.
        let (a0, a1, b0, b1) = unsafe {
            (
                _mm256_loadu_si256(row[0].as_ptr().cast::<__m256i>()),
                _mm256_loadu_si256(row[0].as_ptr().add(16).cast::<__m256i>()),
                _mm256_loadu_si256(row[1].as_ptr().cast::<__m256i>()),
                _mm256_loadu_si256(row[1].as_ptr().add(16).cast::<__m256i>()),
            )
        };
        f0 = _mm256_add_epi32(f0, _mm256_madd_epi16(v, a0));
        f1 = _mm256_add_epi32(f1, _mm256_madd_epi16(v, a1));
        s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(v, b0));
        s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(v, b1));
    };
    let mut i = 0;
    let mut k = k0;
    if k % 2 == 1 {
        // An odd position: the pair's even slot is not part of this chunk.
        step(k / 2, 0, x[0]);
        i += 1;
        k += 1;
    }
    while i + 1 < n {
        step(k / 2, x[i], x[i + 1]);
        i += 2;
        k += 2;
    }
    if i < n {
        step(k / 2, x[i], 0);
    }
    // SAFETY: two vectors written to each 16-element i32 array, which we borrow mutably.
    unsafe {
        _mm256_storeu_si256(first.as_mut_ptr().cast::<__m256i>(), f0);
        _mm256_storeu_si256(first.as_mut_ptr().add(8).cast::<__m256i>(), f1);
        _mm256_storeu_si256(second.as_mut_ptr().cast::<__m256i>(), s0);
        _mm256_storeu_si256(second.as_mut_ptr().add(8).cast::<__m256i>(), s1);
    }
}
