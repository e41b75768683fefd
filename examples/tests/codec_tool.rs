//! The `strowger codec` subcommands against the G.191 vectors, and their error handling.

use std::path::Path;
use std::process::{Command, Output};

use strowger_testsupport as support;

fn strowger(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strowger"))
        .args(args)
        .output()
        .expect("run strowger")
}

fn run_ok(args: &[&std::ffi::OsStr]) {
    let out = strowger(args);
    assert!(
        out.status.success(),
        "strowger {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn itu_format_reproduces_the_g191_sweep_files_byte_exact() {
    let Some(v) = support::vectors_dir() else {
        return;
    };
    let dir = support::scratch_dir("itu-sweep");
    let src = v.join("g711/sweep.src");
    for (codec, codes, decoded) in [
        ("pcma", "sweep-r.a", "sweep-r.a-a"),
        ("pcmu", "sweep-r.u", "sweep-r.u-u"),
    ] {
        let enc = dir.join(format!("{codec}.itu"));
        run_ok(&[
            os("codec"),
            os("encode"),
            os("--codec"),
            os(codec),
            os("--format"),
            os("itu"),
            src.as_os_str(),
            enc.as_os_str(),
        ]);
        assert!(
            bytes(&enc) == bytes(&v.join("g711").join(codes)),
            "{codec}: encode differs from {codes}"
        );

        let dec = dir.join(format!("{codec}.pcm"));
        run_ok(&[
            os("codec"),
            os("decode"),
            os("--codec"),
            os(codec),
            os("--format"),
            os("itu"),
            enc.as_os_str(),
            dec.as_os_str(),
        ]);
        assert!(
            bytes(&dec) == bytes(&v.join("g711").join(decoded)),
            "{codec}: decode differs from {decoded}"
        );
    }
}

#[test]
fn rtp_format_is_one_byte_per_sample_and_wav_round_trips() {
    let dir = support::scratch_dir("rtp-wav");
    let pcm: Vec<i16> = (0..8000)
        .map(|n| ((n as f64 * 0.3).sin() * 12000.0) as i16)
        .collect();
    let wav = dir.join("in.wav");
    strowger_examples::audio::write_pcm(&wav, &pcm).unwrap();
    for codec in ["pcmu", "pcma"] {
        let enc = dir.join(format!("{codec}.bin"));
        run_ok(&[
            os("codec"),
            os("encode"),
            os("--codec"),
            os(codec),
            wav.as_os_str(),
            enc.as_os_str(),
        ]);
        let codes = bytes(&enc);
        assert_eq!(codes.len(), pcm.len());
        let law = if codec == "pcmu" {
            strowger_codecs::g711::Law::Mu
        } else {
            strowger_codecs::g711::Law::A
        };
        let mut want = vec![0u8; pcm.len()];
        strowger_codecs::g711::encode(law, &pcm, &mut want).unwrap();
        assert_eq!(codes, want);

        let back = dir.join(format!("{codec}.wav"));
        run_ok(&[
            os("codec"),
            os("decode"),
            os("--codec"),
            os(codec),
            enc.as_os_str(),
            back.as_os_str(),
        ]);
        let decoded = strowger_examples::audio::read_pcm(&back).unwrap();
        let snr = strowger_examples::audio::snr_db(&pcm, &decoded);
        assert!(snr > 35.0, "{codec}: SNR {snr:.1} dB");
    }
}

#[test]
fn bad_input_fails_with_a_clear_message() {
    let dir = support::scratch_dir("bad-input");
    let odd = dir.join("odd.pcm");
    std::fs::write(&odd, [1u8, 2, 3]).unwrap();
    let out = strowger(&[
        os("codec"),
        os("encode"),
        os("--codec"),
        os("pcmu"),
        odd.as_os_str(),
        dir.join("x").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("3 bytes is not a whole number of 16-bit samples"));

    let stereo = dir.join("stereo.wav");
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 44100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&stereo, spec).unwrap();
    w.write_sample(0i16).unwrap();
    w.write_sample(0i16).unwrap();
    w.finalize().unwrap();
    let out = strowger(&[
        os("codec"),
        os("encode"),
        os("--codec"),
        os("pcma"),
        stereo.as_os_str(),
        dir.join("y").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("44100 Hz, 2 channel(s)") && err.contains("8 kHz mono 16-bit PCM is required"),
        "{err}"
    );

    let word = dir.join("word.itu");
    std::fs::write(&word, [0x12u8, 0x00, 0x34, 0x01]).unwrap();
    let out = strowger(&[
        os("codec"),
        os("decode"),
        os("--codec"),
        os("pcmu"),
        os("--format"),
        os("itu"),
        word.as_os_str(),
        dir.join("z").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("byte offset 2: word 0x0134"));

    let out = strowger(&[
        os("codec"),
        os("encode"),
        os("--codec"),
        os("g999"),
        odd.as_os_str(),
        odd.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap rejects unknown codecs with usage status 2"
    );
}

#[test]
fn pcm_snr_prints_json() {
    let dir = support::scratch_dir("snr");
    let a = dir.join("a.pcm");
    let b = dir.join("b.pcm");
    strowger_examples::audio::write_pcm(&a, &[1000, -1000, 1000, -1000]).unwrap();
    strowger_examples::audio::write_pcm(&b, &[1100, -900, 1000, -1000]).unwrap();
    let out = strowger(&[os("pcm"), os("snr"), a.as_os_str(), a.as_os_str()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"samples":4,"snr_db":null}"#
    );
    let out = strowger(&[os("pcm"), os("snr"), a.as_os_str(), b.as_os_str()]);
    // 4e6 signal / 2e4 noise = 200 -> 23.010 dB
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"samples":4,"snr_db":23.010}"#
    );
}
