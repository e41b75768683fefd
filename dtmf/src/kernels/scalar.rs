//! The scalar reference kernel.

use super::{Energies, Fns};
use crate::tables::{Bank, HOP, LANES};

pub(crate) static FNS: Fns = Fns { bank: accumulate };

/// The reference: lane by lane, `first += x·coef(first half)`, `second += x·coef(second
/// half)`, exact in `i32` (see `COEF_SCALE`), and the two energies.
pub(crate) fn accumulate(
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
    let (mut a, mut b) = (*first, *second);
    for (&s, row) in x.iter().zip(&bank.rows[k0..]) {
        let v = i32::from(s);
        for l in 0..LANES {
            a[l] += v * i32::from(row[0][l]);
            b[l] += v * i32::from(row[1][l]);
        }
    }
    (*first, *second) = (a, b);
}

/// Adds the first-difference energy and the plain energy of `x` to `energies`.
#[inline(always)]
pub(crate) fn update_energies(x: &[i16], energies: &mut Energies) {
    let (prev, de, pe) = *energies;
    *energies = (x[x.len() - 1], de + diff_energy(prev, x), pe + power(x));
}

/// Energy of the first difference, `Σ (x[n] − x[n−1])²` with `x[−1] = prev`: the signal
/// energy weighted by `|1 − e^{-jω}|² = 2 − 2 cos ω`, which takes the hum, dial-tone and
/// other low-frequency energy mostly out of the total that DTMF is compared with.
#[inline(always)]
pub(crate) fn diff_energy(prev: i16, x: &[i16]) -> u64 {
    let d0 = i32::from(x[0]) - i32::from(prev);
    // |d| ≤ 65535, so d² < 2³² fits a u32 exactly.
    let first = u64::from(d0.unsigned_abs() * d0.unsigned_abs());
    let rest: u64 = x[1..]
        .iter()
        .zip(x)
        .map(|(&b, &a)| {
            let d = (i32::from(b) - i32::from(a)).unsigned_abs();
            u64::from(d * d)
        })
        .sum();
    first + rest
}

/// Plain energy `Σ x[n]²`.
#[inline(always)]
pub(crate) fn power(x: &[i16]) -> u64 {
    x.iter()
        .map(|&s| u64::from((i32::from(s) * i32::from(s)) as u32))
        .sum()
}
