//! Analysis tables computed at compile time.
//!
//! Every analysis frame is 80 samples (10 ms) long, weighted by a Hann window, and frames
//! start every 40 samples (5 ms), so each sample belongs to two frames: the first half of the
//! frame that starts in its 40-sample sub-block and the second half of the frame that started
//! one sub-block earlier. A [`Bank`] holds, for each frequency of a detector and each sample
//! position of a sub-block, the window times the complex exponential for both halves; the
//! kernel then needs one multiply-add per table entry and sample.

/// Samples per sub-block (frame hop), 5 ms.
pub(crate) const HOP: usize = 40;
/// Samples per analysis frame, 10 ms.
pub(crate) const FRAME: usize = 2 * HOP;

const PI: f64 = core::f64::consts::PI;

/// `cos(x)` and `sin(x)` for a `const` context: range reduction and a Taylor series, exact to
/// well below `f32` precision.
pub(crate) const fn cos_sin(x: f64) -> (f64, f64) {
    let turns = x / (2.0 * PI);
    let whole = if turns >= 0.0 {
        turns as i64
    } else {
        turns as i64 - 1
    };
    let mut r = x - (whole as f64) * 2.0 * PI;
    if r > PI {
        r -= 2.0 * PI;
    }
    let mut c = 1.0;
    let mut s = r;
    let mut tc = 1.0;
    let mut ts = r;
    let mut n = 1;
    while n < 30 {
        tc = -tc * r * r / (((2 * n - 1) * (2 * n)) as f64);
        ts = -ts * r * r / (((2 * n) * (2 * n + 1)) as f64);
        c += tc;
        s += ts;
        n += 1;
    }
    (c, s)
}

/// The Hann window value at frame position `k` (0..80), symmetric about the frame centre.
pub(crate) const fn hann(k: usize) -> f64 {
    0.5 - 0.5 * cos_sin(2.0 * PI * (k as f64 + 0.5) / FRAME as f64).0
}

/// `w[k]` for the whole frame, as `f32`.
pub(crate) const HANN: [f32; FRAME] = {
    let mut w = [0.0f32; FRAME];
    let mut k = 0;
    while k < FRAME {
        w[k] = hann(k) as f32;
        k += 1;
    }
    w
};

/// Sum of the window (its DC gain): 40.
pub(crate) const HANN_SUM: f32 = (FRAME / 2) as f32;

/// Angular frequency in radians per sample at 8 kHz.
pub(crate) const fn omega(hz: f64) -> f64 {
    2.0 * PI * hz / 8000.0
}

/// Frequencies of a bank.
pub(crate) const BINS: usize = 8;
/// Lanes of a bank: 8 frequencies × (re, im).
pub(crate) const LANES: usize = 2 * BINS;
/// Fixed-point scale of the bank coefficients (Q11): with |x| ≤ 32768 and the window's
/// half-sum 20, a 40-sample sum stays below 2³¹, so it accumulates exactly in an `i32`.
pub(crate) const COEF_SCALE: f32 = 2048.0;

/// Window × complex exponential for [`BINS`] frequencies, in Q11, laid out for
/// multiply-add of sample pairs: `pairs[m][h][2·l + p]` is the coefficient of lane `l`
/// (`2i` = real, `2i + 1` = imaginary part of frequency `i`) for sample `2m + p` of a
/// sub-block, in the first (`h = 0`: `w[k]·e^{-jωk}`) or second (`h = 1`:
/// `w[40+k]·e^{-jω(40+k)}`) half of a frame.
pub(crate) struct Bank {
    /// Read by the AVX2 kernel only.
    #[cfg_attr(
        not(all(target_arch = "x86_64", not(feature = "force-scalar"), feature = "std")),
        allow(dead_code)
    )]
    pub pairs: [[[i16; 2 * LANES]; 2]; HOP / 2],
    /// The same coefficients one sample per row, `rows[k][h][l]`, for the scalar kernel.
    pub rows: [[[i16; LANES]; 2]; HOP],
}

impl Bank {
    /// The bank of the frequencies `hz`.
    pub(crate) const fn new(hz: &[f64; BINS]) -> Self {
        let mut pairs = [[[0i16; 2 * LANES]; 2]; HOP / 2];
        let mut rows = [[[0i16; LANES]; 2]; HOP];
        let mut i = 0;
        while i < BINS {
            let w = omega(hz[i]);
            let mut k = 0;
            while k < HOP {
                let mut h = 0;
                while h < 2 {
                    let n = h * HOP + k;
                    let (c, s) = cos_sin(w * n as f64);
                    let re = hann(n) * c * COEF_SCALE as f64;
                    let im = -hann(n) * s * COEF_SCALE as f64;
                    pairs[k / 2][h][2 * (2 * i) + k % 2] = round(re);
                    pairs[k / 2][h][2 * (2 * i + 1) + k % 2] = round(im);
                    rows[k][h][2 * i] = round(re);
                    rows[k][h][2 * i + 1] = round(im);
                    h += 1;
                }
                k += 1;
            }
            i += 1;
        }
        Self { pairs, rows }
    }
}

const fn round(v: f64) -> i16 {
    (if v >= 0.0 { v + 0.5 } else { v - 0.5 }) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn const_trig_matches_libm() {
        for i in -200..200 {
            let x = i as f64 * 0.173;
            let (c, s) = cos_sin(x);
            assert!((c - libm::cos(x)).abs() < 1e-12, "{x}");
            assert!((s - libm::sin(x)).abs() < 1e-12, "{x}");
        }
        let sum: f32 = HANN.iter().sum();
        assert!((sum - HANN_SUM).abs() < 1e-4);
    }
}
