//! Tone fitting over a run of analysis frames, and edge location inside a frame.

use crate::complex::C32;
use crate::tables::{FRAME, HANN, HANN_SUM, HOP};

/// A sinusoid fitted to consecutive frame values of one DFT bin.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ToneFit {
    /// Offset from the bin frequency in radians per sample.
    pub delta: f32,
    /// Peak amplitude in PCM units.
    pub amp: f32,
    /// How steadily the phase advances: |Σ v[i+1]·v̄[i]| / Σ |v[i+1]||v[i]| (1 for a pure tone).
    pub coherence: f32,
    /// Largest frame magnitude of the run.
    pub mag_max: f32,
}

/// Fits one sinusoid to `v` (frames oldest first, at least two): the frequency from the mean
/// phase advance per hop, the amplitude from the frames summed after undoing that advance.
pub(crate) fn fit(v: &[C32]) -> ToneFit {
    let mut z = C32::default();
    let mut mags = 0.0;
    let mut mag_max = 0.0f32;
    for w in v.windows(2) {
        z += w[1] * w[0].conj();
        mags += w[1].abs() * w[0].abs();
    }
    for x in v {
        mag_max = mag_max.max(x.abs());
    }
    if mags <= 0.0 {
        return ToneFit::default();
    }
    let coherence = z.abs() / mags;
    let advance = z.arg();
    let delta = advance / HOP as f32;
    let back = C32::expj(-advance);
    let mut r = C32::new(1.0, 0.0);
    let mut c = C32::default();
    for x in v {
        c += *x * r;
        r = r * back;
    }
    let amp = 2.0 * c.abs() / (v.len() as f32 * HANN_SUM * hann_gain(delta));
    ToneFit {
        delta,
        amp,
        coherence,
        mag_max,
    }
}

/// Magnitude response of the 80-sample Hann frame `delta` radians per sample off its bin,
/// relative to the bin centre.
pub(crate) fn hann_gain(delta: f32) -> f32 {
    let x = delta.abs() * FRAME as f32 / (2.0 * core::f32::consts::PI);
    if x < 1e-4 {
        return 1.0;
    }
    let d = 1.0 - x * x;
    if d.abs() < 1e-3 {
        return 0.5;
    }
    let px = core::f32::consts::PI * x;
    (libm::sinf(px) / (px * d)).abs()
}

/// The position `p` (0..=80, fractional) inside a frame of a tone edge, from the frame's
/// coverage `c` (its magnitude relative to a fully covered frame). `rising`: the tone fills
/// the frame from `p` on; otherwise the tone fills the frame up to `p`.
pub(crate) fn edge_position(c: f32, delta: f32, rising: bool) -> f32 {
    // Within 5 Hz of the bin the window's own cumulative sum is exact to a fraction of a
    // sample; further off, the phase turn of the tone across the frame matters.
    if delta.abs() < NEAR_BIN {
        return bisect(c, rising, |p| HEAD[p]);
    }
    // prefix[p] = Σ_{k<p} w[k]·e^{jδk}
    let mut prefix = [C32::default(); FRAME + 1];
    let step = C32::expj(delta);
    let mut r = C32::new(1.0, 0.0);
    for k in 0..FRAME {
        prefix[k + 1] = prefix[k] + r.scale(HANN[k]);
        r = r * step;
    }
    let total = prefix[FRAME].abs().max(1e-9);
    bisect(c, rising, |p| {
        if rising {
            1.0 - (prefix[FRAME] - prefix[p]).abs() / total
        } else {
            prefix[p].abs() / total
        }
    })
}

/// |δ| (radians per sample, about 5 Hz) below which the window's cumulative sum is used.
const NEAR_BIN: f32 = 0.004;

/// `HEAD[p] = Σ_{k<p} w[k] / Σ w`.
static HEAD: [f32; FRAME + 1] = {
    let mut h = [0.0f32; FRAME + 1];
    let mut acc = 0.0f64;
    let mut k = 0;
    while k < FRAME {
        acc += crate::tables::hann(k);
        h[k + 1] = (acc / HANN_SUM as f64) as f32;
        k += 1;
    }
    h
};

/// Finds `p` where the coverage equals `c`; `head(p)` is the covered fraction of a frame whose
/// tone stops at `p` (for a rising edge, one minus the fraction covered from `p` on), which
/// increases with `p`.
fn bisect(c: f32, rising: bool, head: impl Fn(usize) -> f32) -> f32 {
    let cover = |p: usize| if rising { 1.0 - head(p) } else { head(p) };
    let c = c.clamp(0.0, 1.0);
    // Coverage is monotonic in p (decreasing for a rising edge): bisect, then interpolate.
    let (mut lo, mut hi) = (0usize, FRAME);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        let past = if rising {
            cover(mid) < c
        } else {
            cover(mid) > c
        };
        if past {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let (a, b) = (cover(lo), cover(hi));
    let t = if (b - a).abs() > 1e-9 {
        ((c - a) / (b - a)).clamp(0.0, 1.0)
    } else {
        0.5
    };
    lo as f32 + t
}

/// The weight of an edge estimate at frame position `p`: the window's slope there.
pub(crate) fn edge_weight(p: f32) -> f32 {
    let k = (p as usize).min(FRAME - 1);
    HANN[k]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_position_inverts_coverage() {
        for delta in [0.0f32, 0.02, -0.03] {
            for p in [5usize, 20, 40, 61, 75] {
                let mut s = C32::default();
                let mut full = C32::default();
                for (k, &w) in HANN.iter().enumerate() {
                    let v = C32::expj(delta * k as f32).scale(w);
                    full += v;
                    if k >= p {
                        s += v;
                    }
                }
                let c = s.abs() / full.abs();
                let q = edge_position(c, delta, true);
                assert!((q - p as f32).abs() < 1.0, "rising δ={delta} p={p} got {q}");
                let c2 = (full - s).abs() / full.abs();
                let q2 = edge_position(c2, delta, false);
                assert!(
                    (q2 - p as f32).abs() < 1.0,
                    "falling δ={delta} p={p} got {q2}"
                );
            }
        }
    }
}
