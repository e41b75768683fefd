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

/// Every G.729A and G.729A+B pair of MANIFEST.tsv through the tool's ITU serial format.
#[test]
fn g729a_itu_format_reproduces_every_vector_byte_exact() {
    let Some(v) = support::vectors_dir() else {
        return;
    };
    let dir = support::scratch_dir("g729a-itu");
    let decode = [
        ("g729a/ALGTHM.BIT", "g729a/ALGTHM.PST"),
        ("g729a/ERASURE.BIT", "g729a/ERASURE.PST"),
        ("g729a/FIXED.BIT", "g729a/FIXED.PST"),
        ("g729a/LSP.BIT", "g729a/LSP.PST"),
        ("g729a/OVERFLOW.BIT", "g729a/OVERFLOW.PST"),
        ("g729a/PARITY.BIT", "g729a/PARITY.PST"),
        ("g729a/PITCH.BIT", "g729a/PITCH.PST"),
        ("g729a/SPEECH.BIT", "g729a/SPEECH.PST"),
        ("g729a/TAME.BIT", "g729a/TAME.PST"),
        ("g729a/TEST.BIT", "g729a/TEST.pst"),
        ("g729b/tstseq1a.bit", "g729b/tstseq1a.out"),
        ("g729b/tstseq2a.bit", "g729b/tstseq2a.out"),
        ("g729b/tstseq3a.bit", "g729b/tstseq3a.out"),
        ("g729b/tstseq4a.bit", "g729b/tstseq4a.out"),
        ("g729b/tstseq5.bit", "g729b/tstseq5a.out"),
        ("g729b/tstseq6.bit", "g729b/tstseq6a.out"),
    ];
    for (i, (bit, pst)) in decode.iter().enumerate() {
        let out = dir.join(format!("dec{i}.pcm"));
        run_ok(&[
            os("codec"),
            os("decode"),
            os("--codec"),
            os("g729a"),
            os("--format"),
            os("itu"),
            v.join(bit).as_os_str(),
            out.as_os_str(),
        ]);
        assert!(
            bytes(&out) == bytes(&v.join(pst)),
            "decode {bit} differs from {pst}"
        );
    }
    let encode = [
        ("g729a/ALGTHM.IN", "g729a/ALGTHM.BIT", false),
        ("g729a/FIXED.IN", "g729a/FIXED.BIT", false),
        ("g729a/LSP.IN", "g729a/LSP.BIT", false),
        ("g729a/PITCH.IN", "g729a/PITCH.BIT", false),
        ("g729a/SPEECH.IN", "g729a/SPEECH.BIT", false),
        ("g729a/TAME.IN", "g729a/TAME.BIT", false),
        ("g729a/TEST.IN", "g729a/TEST.BIT", false),
        ("g729b/tstseq1.bin", "g729b/tstseq1a.bit", true),
        ("g729b/tstseq2.bin", "g729b/tstseq2a.bit", true),
        ("g729b/tstseq3.bin", "g729b/tstseq3a.bit", true),
        ("g729b/tstseq4.bin", "g729b/tstseq4a.bit", true),
    ];
    for (i, (pcm, bit, vad)) in encode.iter().enumerate() {
        let out = dir.join(format!("enc{i}.bit"));
        let mut args = vec![
            os("codec"),
            os("encode"),
            os("--codec"),
            os("g729a"),
            os("--format"),
            os("itu"),
        ];
        if *vad {
            args.push(os("--vad"));
        }
        let input = v.join(pcm);
        args.push(input.as_os_str());
        args.push(out.as_os_str());
        run_ok(&args);
        assert!(
            bytes(&out) == bytes(&v.join(bit)),
            "encode {pcm} differs from {bit}"
        );
    }
}

/// RTP payload layouts: plain 10-byte frames, and length-prefixed records with `--vad`; the
/// tool's bytes and samples are the library's.
#[test]
fn g729a_rtp_format_matches_the_library() {
    use strowger_codecs::g729::{Frame, G729Decoder, G729Encoder, FRAME_SAMPLES};

    let dir = support::scratch_dir("g729a-rtp");
    // Two seconds of a tone, then two of silence (the VAD's cue for SID / no transmission).
    let mut pcm: Vec<i16> = (0..16000)
        .map(|n| ((n as f64 * 0.15).sin() * 8000.0) as i16)
        .collect();
    pcm.extend(std::iter::repeat_n(0i16, 16000));
    let wav = dir.join("in.wav");
    strowger_examples::audio::write_pcm(&wav, &pcm).unwrap();
    for vad in [false, true] {
        let enc = dir.join(format!("vad{vad}.g729"));
        let back = dir.join(format!("vad{vad}.wav"));
        for (cmd, a, b) in [("encode", &wav, &enc), ("decode", &enc, &back)] {
            let mut args = vec![os("codec"), os(cmd), os("--codec"), os("g729a")];
            if vad {
                args.push(os("--vad"));
            }
            args.push(a.as_os_str());
            args.push(b.as_os_str());
            run_ok(&args);
        }

        let mut encoder = if vad {
            G729Encoder::with_vad()
        } else {
            G729Encoder::new()
        };
        let mut decoder = G729Decoder::new();
        let mut want_bytes = Vec::new();
        let mut want_pcm = Vec::new();
        let mut out = [0i16; FRAME_SAMPLES];
        let mut kinds = [0usize; 3];
        for chunk in pcm.chunks_exact(FRAME_SAMPLES) {
            let frame = encoder.encode_frame(chunk.try_into().unwrap());
            kinds[match frame {
                Frame::Speech(_) => 0,
                Frame::Sid(_) => 1,
                Frame::NoData => 2,
            }] += 1;
            let mut payload = [0u8; 10];
            let n = frame.emit(&mut payload).unwrap();
            if vad {
                want_bytes.push(n as u8);
            }
            want_bytes.extend_from_slice(&payload[..n]);
            decoder.decode_frame(&frame, &mut out);
            want_pcm.extend_from_slice(&out);
        }
        if vad {
            assert!(
                kinds[1] > 0 && kinds[2] > 0,
                "silence gives SID and DTX: {kinds:?}"
            );
        } else {
            assert_eq!(kinds, [400, 0, 0]);
            assert_eq!(want_bytes.len(), 400 * 10);
        }
        assert!(bytes(&enc) == want_bytes, "vad {vad}: encoded bytes");
        let decoded = strowger_examples::audio::read_pcm(&back).unwrap();
        assert!(decoded == want_pcm, "vad {vad}: decoded samples");
    }
}
