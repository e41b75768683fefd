//! Writes a few seconds of a speech-like test signal as an 8 kHz mono 16-bit WAV file.
//!
//! `cargo run -p strowger-examples --example demo_wav -- OUT.wav`
//!
//! The signal is a vowel-like harmonic series on a gliding pitch with a syllable envelope,
//! followed by a DTMF-like dual tone and a low-level noise floor: enough to hear and measure
//! what a codec does.

use std::f64::consts::TAU;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out: PathBuf = std::env::args_os()
        .nth(1)
        .ok_or("usage: demo_wav OUT.wav")?
        .into();
    let rate = f64::from(strowger_examples::audio::SAMPLE_RATE);
    let mut samples = Vec::new();
    let mut phase = 0.0f64;
    let mut noise: u32 = 0x1234_5678;
    for n in 0..(3 * 8000) {
        let t = n as f64 / rate;
        let pitch = 110.0 + 40.0 * (TAU * 0.7 * t).sin();
        phase += TAU * pitch / rate;
        let envelope = (TAU * 2.0 * t).sin().abs().powf(0.5);
        let formants = [1.0, 0.8, 0.6, 0.9, 0.5, 0.3, 0.2, 0.15];
        let voiced: f64 = formants
            .iter()
            .enumerate()
            .map(|(k, a)| a * ((k + 1) as f64 * phase).sin())
            .sum();
        noise = noise.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let hiss = (f64::from(noise >> 16) / 32768.0 - 1.0) * 60.0;
        let tone = if t > 2.2 {
            4000.0 * ((TAU * 770.0 * t).sin() + (TAU * 1336.0 * t).sin())
        } else {
            0.0
        };
        let v = if t > 2.2 {
            tone
        } else {
            5000.0 * envelope * voiced
        } + hiss;
        samples.push(v.clamp(-32768.0, 32767.0) as i16);
    }
    strowger_examples::audio::write_pcm(&out, &samples)?;
    println!(
        "{}: {} samples, 8 kHz mono 16-bit",
        out.display(),
        samples.len()
    );
    Ok(())
}
