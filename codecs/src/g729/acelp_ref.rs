//! The straightforward form of the Annex A codebook search (full 40 x 40 correlation matrix,
//! signs applied row by row), kept as the reference the optimised search in `acelp` is
//! checked against.

use super::basic_op::*;
use super::L_SUBFR;

const STEP: usize = 5;
const NB_POS: usize = 8;

/// Correlation matrix of the impulse response, only the entries the search reads (the
/// diagonal and pairs on different tracks), signs of the backward-filtered target included.
struct Corr {
    rr: [[i16; L_SUBFR]; L_SUBFR],
}

impl Corr {
    /// `rr[i][j] = sum_{k <= 39 - max(i,j)} h[k] h[k + |i-j|]`, on a scaled copy of `h`.
    ///
    /// Each diagonal `j - i = d` is one running sum over `k`, read off at `k = 39 - j`, which
    /// is how the reference accumulates too. Every partial sum is bounded by the (scaled,
    /// < 2^31) energy of `h`, so no step saturates.
    #[inline(always)]
    fn new(hin: &[i16; L_SUBFR]) -> Self {
        let mut cor = 0i32;
        for &v in hin {
            cor = l_mac(cor, v, v);
        }
        let mut h = [0i16; L_SUBFR];
        if extract_h(cor) > 32000 {
            for i in 0..L_SUBFR {
                h[i] = shr(hin[i], 1);
            }
        } else {
            let k = shr(norm_l(cor), 1);
            for i in 0..L_SUBFR {
                h[i] = shl(hin[i], k);
            }
        }
        let mut rr = [[0i16; L_SUBFR]; L_SUBFR];
        // By Cauchy-Schwarz every partial sum is at most the energy 2 sum h^2 in magnitude:
        // when that fits in 32 bits, no step saturates and plain adds give the same bits.
        let energy: i64 = h.iter().map(|&v| 2 * (v as i64) * (v as i64)).sum();
        if energy <= MAX_32 as i64 {
            for d in 0..L_SUBFR {
                if d != 0 && d % STEP == 0 {
                    continue;
                }
                let mut s = 0i32;
                for k in 0..L_SUBFR - d {
                    s = s.wrapping_add(2 * (h[k] as i32 * h[k + d] as i32));
                    let j = L_SUBFR - 1 - k;
                    let i = j - d;
                    let v = extract_h(s);
                    rr[i][j] = v;
                    rr[j][i] = v;
                }
            }
            return Corr { rr };
        }
        for d in 0..L_SUBFR {
            // Pairs on the same track (d a non-zero multiple of 5) are never read.
            if d != 0 && d % STEP == 0 {
                continue;
            }
            let mut s = 0i32;
            for k in 0..L_SUBFR - d {
                s = l_mac(s, h[k], h[k + d]);
                // (i, j) = (39 - k - d, 39 - k)
                let j = L_SUBFR - 1 - k;
                let i = j - d;
                let v = extract_h(s);
                rr[i][j] = v;
                rr[j][i] = v;
            }
        }
        Corr { rr }
    }
}

/// The reference search: same arguments and results as `acelp_code_a_body`.
pub(crate) fn acelp_code_a_ref(
    x: &[i16; L_SUBFR],
    h: &mut [i16; L_SUBFR],
    t0: i16,
    pitch_sharp: i16,
    code: &mut [i16; L_SUBFR],
    y: &mut [i16; L_SUBFR],
) -> (i16, i16) {
    let sharp = shl(pitch_sharp, 1);
    let t0 = t0 as usize;
    if t0 < L_SUBFR {
        for i in t0..L_SUBFR {
            h[i] = add(h[i], mult(h[i - t0], sharp));
        }
    }
    let mut corr = Corr::new(h);
    let mut dn = [0i16; L_SUBFR];
    super::pitch::cor_h_x_body(h, x, &mut dn);
    let (index, sign) = d4i40_17_fast(&mut dn, &mut corr, h, code, y);
    if t0 < L_SUBFR {
        for i in t0..L_SUBFR {
            code[i] = add(code[i], mult(code[i - t0], sharp));
        }
    }
    (index, sign)
}

/// The search's choice test `l_msu(l_mult(alp, sq2), sq, alp2) > 0`, for `sq2 >= -1` and
/// `sq >= -1` (squared correlations, or the initial -1). `l_mult` saturates only for two
/// factors of -32768, which a factor `>= -1` rules out, and a saturated difference keeps the
/// sign of the exact one, so the exact comparison gives the reference's answer.
#[inline(always)]
fn better(alp: i16, sq2: i16, sq: i16, alp2: i16) -> bool {
    debug_assert!(sq2 >= -1 && sq >= -1);
    alp as i64 * sq2 as i64 > sq as i64 * alp2 as i64
}

/// Phase A's rounded energy `round(l_mac(l_mac(alp1, rr_01, 16384), rr_11, 8192))` with
/// `alp1 = l_mult(rr_00, 8192)`. The diagonal terms `rr_00` and `rr_11` are energies in
/// `[0, 32767]`, so the sum before rounding lies in `[-2^30, 2^15 (2^15 - 1) 2]` and the
/// rounding adds 2^15: no step saturates and plain arithmetic gives the reference's bits.
#[inline(always)]
fn pair_energy(alp1: i32, rr_01: i16, rr_11: i16) -> i16 {
    debug_assert!(rr_11 >= 0 && (0..1 << 29).contains(&alp1));
    let alp2 = alp1 + 2 * 16384 * rr_01 as i32 + 2 * 8192 * rr_11 as i32;
    ((alp2 + 0x8000) >> 16) as i16
}

/// The `NB_POS` entries of track `t` (positions `t`, `t + 5`, …, `t + 35`) of `v`.
#[inline(always)]
fn track_of(v: &[i16; L_SUBFR], t: usize) -> [i16; NB_POS] {
    core::array::from_fn(|k| v[t + STEP * k])
}

/// Phase B's candidate terms for the eight positions `i3` of the last track, given the partial
/// correlation `ps1` and energy `alp1` of the other three pulses: the squared correlation
/// `mult(ps2, ps2)` and the rounded energy, with the reference's basic operations. They do
/// not depend on the running best, so they are computed apart from the (sequential) choice.
#[inline(always)]
fn candidates(
    ps1: i16,
    alp1: i32,
    dn3: &[i16; NB_POS],
    rr3: &[i16; NB_POS],
    tmp_vect: &[i16; NB_POS],
) -> ([i16; NB_POS], [i16; NB_POS]) {
    let mut sq2 = [0i16; NB_POS];
    let mut alp_16 = [0i16; NB_POS];
    for k in 0..NB_POS {
        let ps2 = add(ps1, dn3[k]);
        let mut alp2 = l_mac(alp1, rr3[k], 4096);
        alp2 = l_mac(alp2, tmp_vect[k], 16384);
        sq2[k] = mult(ps2, ps2);
        alp_16[k] = round(alp2);
    }
    (sq2, alp_16)
}

#[inline(always)]
fn d4i40_17_fast(
    dn: &mut [i16; L_SUBFR],
    corr: &mut Corr,
    h: &[i16; L_SUBFR],
    cod: &mut [i16; L_SUBFR],
    y: &mut [i16; L_SUBFR],
) -> (i16, i16) {
    let mut sign_dn = [0i16; L_SUBFR];
    for i in 0..L_SUBFR {
        if dn[i] >= 0 {
            sign_dn[i] = MAX_16;
        } else {
            sign_dn[i] = MIN_16;
            dn[i] = negate(dn[i]);
        }
    }
    // Signs into the cross-track correlations: mult by +1 (32767) when both pulses have the
    // same sign, by -1 (-32768) otherwise.
    // Row i is multiplied by sign_dn (pulse i positive) or by its opposite; the diagonal is
    // kept, and same-track pairs, which the search never reads, are left as they come out.
    let rr = &mut corr.rr;
    let mut sign_inv = [0i16; L_SUBFR];
    for i in 0..L_SUBFR {
        sign_inv[i] = if sign_dn[i] < 0 { MAX_16 } else { MIN_16 };
    }
    for i in 0..L_SUBFR {
        let diag = rr[i][i];
        let s: &[i16; L_SUBFR] = if sign_dn[i] < 0 { &sign_inv } else { &sign_dn };
        let row = &mut rr[i];
        for k in 0..L_SUBFR {
            // `mult` written out with a clamp, so that the row is one vector loop.
            row[k] =
                ((row[k] as i32 * s[k] as i32) >> 15).clamp(MIN_16 as i32, MAX_16 as i32) as i16;
        }
        rr[i][i] = diag;
    }
    let rr = &corr.rr;
    let dn = &*dn;

    let mut psk: i16 = -1;
    let mut alpk: i16 = 1;
    let (mut ip0, mut ip1, mut ip2, mut ip3) = (0usize, 1usize, 2usize, 3usize);
    let (mut ix, mut iy) = (0usize, 0usize);
    let mut ps: i16 = 0;

    for track in 3..5usize {
        // Depth-first search 1, phase A: tracks 2 and 3/4.
        let mut sq: i16 = -1;
        let mut alp: i16 = 1;
        let mut prev_i0: isize = -1;
        let mut i0 = 0usize;
        for _ in 0..2 {
            let mut max: i16 = -1;
            for j in (2..L_SUBFR).step_by(STEP) {
                if dn[j] > max && prev_i0 != j as isize {
                    max = dn[j];
                    i0 = j;
                }
            }
            prev_i0 = i0 as isize;
            let ps1 = dn[i0];
            let alp1 = l_mult(rr[i0][i0], 8192);
            for i1 in (track..L_SUBFR).step_by(STEP) {
                let ps2 = add(ps1, dn[i1]);
                let alp_16 = pair_energy(alp1, rr[i0][i1], rr[i1][i1]);
                let sq2 = mult(ps2, ps2);
                if better(alp, sq2, sq, alp_16) {
                    sq = sq2;
                    ps = ps2;
                    alp = alp_16;
                    ix = i0;
                    iy = i1;
                }
            }
        }
        let i0 = ix;
        let i1 = iy;

        // Phase B: tracks 0 and 1.
        let ps0 = ps;
        let alp0 = l_mult(alp, 8192);
        sq = -1;
        alp = 1;
        let mut tmp_vect = [0i16; NB_POS];
        for (k, i3) in (1..L_SUBFR).step_by(STEP).enumerate() {
            let mut s = l_mult(rr[i3][i0], 8192);
            s = l_mac(s, rr[i3][i1], 8192);
            s = l_mac(s, rr[i3][i3], 4096);
            tmp_vect[k] = round(s);
        }
        let dn3 = track_of(dn, 1);
        for i2 in (0..L_SUBFR).step_by(STEP) {
            let ps1 = add(ps0, dn[i2]);
            let mut alp1 = l_mac(alp0, rr[i2][i0], 4096);
            alp1 = l_mac(alp1, rr[i2][i1], 4096);
            alp1 = l_mac(alp1, rr[i2][i2], 2048);
            let rr3 = track_of(&rr[i2], 1);
            let (sq2, alp_16) = candidates(ps1, alp1, &dn3, &rr3, &tmp_vect);
            for k in 0..NB_POS {
                if better(alp, sq2[k], sq, alp_16[k]) {
                    sq = sq2[k];
                    alp = alp_16[k];
                    ix = i2;
                    iy = 1 + STEP * k;
                }
            }
        }
        if better(alpk, sq, psk, alp) {
            psk = sq;
            alpk = alp;
            ip2 = i0;
            ip3 = i1;
            ip0 = ix;
            ip1 = iy;
        }

        // Depth-first search 2, phase A: tracks 3/4 and 0.
        sq = -1;
        alp = 1;
        let mut prev_i0: isize = -1;
        let mut i0 = 0usize;
        for _ in 0..2 {
            let mut max: i16 = -1;
            for j in (track..L_SUBFR).step_by(STEP) {
                if dn[j] > max && prev_i0 != j as isize {
                    max = dn[j];
                    i0 = j;
                }
            }
            prev_i0 = i0 as isize;
            let ps1 = dn[i0];
            let alp1 = l_mult(rr[i0][i0], 8192);
            for i1 in (0..L_SUBFR).step_by(STEP) {
                let ps2 = add(ps1, dn[i1]);
                let alp_16 = pair_energy(alp1, rr[i1][i0], rr[i1][i1]);
                let sq2 = mult(ps2, ps2);
                if better(alp, sq2, sq, alp_16) {
                    sq = sq2;
                    ps = ps2;
                    alp = alp_16;
                    ix = i0;
                    iy = i1;
                }
            }
        }
        let i0 = ix;
        let i1 = iy;

        // Phase B: tracks 1 and 2.
        let ps0 = ps;
        let alp0 = l_mult(alp, 8192);
        sq = -1;
        alp = 1;
        for (k, i3) in (2..L_SUBFR).step_by(STEP).enumerate() {
            let mut s = l_mult(rr[i3][i0], 8192);
            s = l_mac(s, rr[i1][i3], 8192);
            s = l_mac(s, rr[i3][i3], 4096);
            tmp_vect[k] = round(s);
        }
        let dn3 = track_of(dn, 2);
        for i2 in (1..L_SUBFR).step_by(STEP) {
            let ps1 = add(ps0, dn[i2]);
            let mut alp1 = l_mac(alp0, rr[i2][i0], 4096);
            alp1 = l_mac(alp1, rr[i1][i2], 4096);
            alp1 = l_mac(alp1, rr[i2][i2], 2048);
            let rr3 = track_of(&rr[i2], 2);
            let (sq2, alp_16) = candidates(ps1, alp1, &dn3, &rr3, &tmp_vect);
            for k in 0..NB_POS {
                if better(alp, sq2[k], sq, alp_16[k]) {
                    sq = sq2[k];
                    alp = alp_16[k];
                    ix = i2;
                    iy = 2 + STEP * k;
                }
            }
        }
        if better(alpk, sq, psk, alp) {
            psk = sq;
            alpk = alp;
            ip3 = i0;
            ip0 = i1;
            ip1 = ix;
            ip2 = iy;
        }
    }

    let s0 = sign_dn[ip0];
    let s1 = sign_dn[ip1];
    let s2 = sign_dn[ip2];
    let s3 = sign_dn[ip3];
    cod.fill(0);
    cod[ip0] = shr(s0, 2);
    cod[ip1] = shr(s1, 2);
    cod[ip2] = shr(s2, 2);
    cod[ip3] = shr(s3, 2);

    y.fill(0);
    for i in ip0..L_SUBFR {
        y[i] = if s0 > 0 {
            h[i - ip0]
        } else {
            negate(h[i - ip0])
        };
    }
    for (ip, s) in [(ip1, s1), (ip2, s2), (ip3, s3)] {
        for i in ip..L_SUBFR {
            y[i] = if s > 0 {
                add(y[i], h[i - ip])
            } else {
                sub(y[i], h[i - ip])
            };
        }
    }

    let mut sign: i16 = 0;
    if s0 > 0 {
        sign += 1;
    }
    if s1 > 0 {
        sign += 2;
    }
    if s2 > 0 {
        sign += 4;
    }
    if s3 > 0 {
        sign += 8;
    }
    let p0 = (ip0 / 5) as i16;
    let p1 = (ip1 / 5) as i16;
    let p2 = (ip2 / 5) as i16;
    let i = (ip3 / 5) as i16;
    let j = ip3 as i16 - (i * 5 + 3);
    let p3 = i * 2 + j;
    let index = p0 + (p1 << 3) + (p2 << 6) + (p3 << 9);
    (index, sign)
}
