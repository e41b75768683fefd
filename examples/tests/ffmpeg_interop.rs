//! Interop: FFmpeg decodes the G.711 bitstreams `strowger codec encode` writes to exactly the
//! PCM our decoder gives, and our decoder matches FFmpeg on FFmpeg's own encoding.

use std::path::Path;
use std::process::Command;

use strowger_codecs::g711::{self, Law};
use strowger_testsupport as support;

fn test_signal() -> Vec<i16> {
    // The full ramp (every code of both laws) followed by pseudo-random speech-level noise.
    let mut pcm: Vec<i16> = (i16::MIN..=i16::MAX).step_by(3).collect();
    let mut s: u32 = 1;
    for _ in 0..16_000 {
        s = s.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        pcm.push(((s >> 16) as i16) / 4);
    }
    pcm
}

/// Converts `input` (raw, format `from`) into `output` (raw, format `to`) with FFmpeg.
fn ffmpeg_convert(from: &str, input: &Path, to: &str, output: &Path) {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y"])
        .args(["-f", from, "-ar", "8000", "-ac", "1", "-i"])
        .arg(input)
        .args(["-f", to])
        .arg(output)
        .output()
        .expect("run ffmpeg");
    assert!(
        out.status.success(),
        "ffmpeg {from} -> {to}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn words(p: &Path) -> Vec<i16> {
    support::read_words(p)
}

#[test]
fn ffmpeg_decodes_our_g711_like_our_decoder() {
    if support::require_peer("ffmpeg", "ffmpeg").is_none() {
        return;
    }
    let dir = support::scratch_dir("ffmpeg");
    let pcm = test_signal();
    let raw = dir.join("in.pcm");
    strowger_examples::audio::write_pcm(&raw, &pcm).unwrap();

    for (codec, law, fmt) in [("pcmu", Law::Mu, "mulaw"), ("pcma", Law::A, "alaw")] {
        let enc = dir.join(format!("{codec}.bin"));
        let status = Command::new(env!("CARGO_BIN_EXE_strowger"))
            .args(["codec", "encode", "--codec", codec])
            .arg(&raw)
            .arg(&enc)
            .status()
            .unwrap();
        assert!(status.success());

        // FFmpeg's decode of our bitstream.
        let theirs = dir.join(format!("{codec}.ffmpeg.pcm"));
        ffmpeg_convert(fmt, &enc, "s16le", &theirs);
        let codes = std::fs::read(&enc).unwrap();
        let mut ours = vec![0i16; codes.len()];
        g711::decode(law, &codes, &mut ours).unwrap();
        assert_eq!(
            words(&theirs),
            ours,
            "{codec}: FFmpeg's decode differs from ours"
        );

        // FFmpeg's own encoding decodes identically with our decoder and theirs.
        let their_enc = dir.join(format!("{codec}.ffmpeg.bin"));
        ffmpeg_convert("s16le", &raw, fmt, &their_enc);
        let their_codes = std::fs::read(&their_enc).unwrap();
        assert_eq!(their_codes.len(), pcm.len());
        let mut ours = vec![0i16; their_codes.len()];
        g711::decode(law, &their_codes, &mut ours).unwrap();
        let their_dec = dir.join(format!("{codec}.ffmpeg2.pcm"));
        ffmpeg_convert(fmt, &their_enc, "s16le", &their_dec);
        assert_eq!(
            words(&their_dec),
            ours,
            "{codec}: decoders disagree on FFmpeg's bitstream"
        );

        // How FFmpeg's encoder compares with G.191 (it rounds differently): report, and
        // require the two encodings to be within one quantisation step everywhere.
        let mut ours_enc = vec![0u8; pcm.len()];
        g711::encode(law, &pcm, &mut ours_enc).unwrap();
        let differ = ours_enc
            .iter()
            .zip(&their_codes)
            .filter(|(a, b)| a != b)
            .count();
        eprintln!(
            "{codec}: FFmpeg's encoder differs from G.191 on {differ} of {} samples",
            pcm.len()
        );
        for (i, (&a, &b)) in ours_enc.iter().zip(&their_codes).enumerate() {
            let (da, db) = match law {
                Law::Mu => (g711::ulaw_decode_sample(a), g711::ulaw_decode_sample(b)),
                Law::A => (g711::alaw_decode_sample(a), g711::alaw_decode_sample(b)),
            };
            let step = (i32::from(da) - i32::from(db)).abs();
            assert!(
                step <= 1024,
                "{codec} sample {i}: {} vs {} ({da} vs {db})",
                a,
                b
            );
        }
    }
}
