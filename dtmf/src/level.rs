//! Signal levels in dBm0 on 16-bit linear PCM.
//!
//! The G.711 reference: a sine wave whose peaks reach full scale (±32767) is +3.14 dBm0
//! (ITU-T G.711 §3, the digital milliwatt of G.711 Tables 5/6 sits 3.14 dB below the overload
//! point). A sine of `a` peak amplitude therefore has the level
//! `3.14 + 20·log10(a / 32767)` dBm0, and 0 dBm0 is a sine of peak 22,826.

/// Level in dBm0 of a full-scale sine (peak 32767).
#[allow(clippy::approx_constant)] // G.711's 3.14 dB, not π
pub const FULL_SCALE_SINE_DBM0: f32 = 3.14;

/// Peak amplitude of a full-scale sine.
pub const FULL_SCALE: f32 = 32767.0;

/// Peak amplitude (in 16-bit PCM units) of a sine at `dbm0`.
pub fn dbm0_to_amplitude(dbm0: f32) -> f32 {
    FULL_SCALE * libm::powf(10.0, (dbm0 - FULL_SCALE_SINE_DBM0) / 20.0)
}

/// Level in dBm0 of a sine of peak `amplitude` (−∞ for 0).
pub fn amplitude_to_dbm0(amplitude: f32) -> f32 {
    FULL_SCALE_SINE_DBM0 + 20.0 * libm::log10f(amplitude / FULL_SCALE)
}

/// Mean power (mean square, in PCM units²) of a signal at `dbm0`: that of a sine at that level.
pub fn dbm0_to_power(dbm0: f32) -> f32 {
    let a = dbm0_to_amplitude(dbm0);
    a * a / 2.0
}

/// Level in dBm0 of a signal of mean square `power`.
pub fn power_to_dbm0(power: f32) -> f32 {
    amplitude_to_dbm0(libm::sqrtf(2.0 * power))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_scale_sine_is_plus_3_14_dbm0() {
        assert!((amplitude_to_dbm0(32767.0) - FULL_SCALE_SINE_DBM0).abs() < 1e-4);
        assert!((dbm0_to_amplitude(0.0) - 22826.4).abs() < 1.0);
        assert!((dbm0_to_amplitude(FULL_SCALE_SINE_DBM0) - 32767.0).abs() < 0.01);
        assert!((power_to_dbm0(dbm0_to_power(-23.5)) + 23.5).abs() < 1e-3);
    }
}
