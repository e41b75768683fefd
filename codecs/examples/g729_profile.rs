//! Fixed workload for instruction-count profiling of the G.729A codec: encodes `FRAMES` frames of
//! the ITU `SPEECH.IN` vector (or the shared speech-like signal) and decodes the result.
//!
//! `cargo run --release -p strowger-codecs --example g729_profile -- [encode|decode|vad]`
//! under `valgrind --tool=callgrind`; divide the counts by `FRAMES`.

use std::hint::black_box;

use strowger_codecs::g729::{G729Decoder, G729Encoder, FRAME_SAMPLES};

/// Frames per run.
const FRAMES: usize = 200;

fn speech() -> Vec<i16> {
    let path = std::env::var_os("STROWGER_VECTORS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors")
        })
        .join("g729a/SPEECH.IN");
    match std::fs::read(path) {
        Ok(b) if b.len() >= FRAMES * FRAME_SAMPLES * 2 => b
            .chunks_exact(2)
            .take(FRAMES * FRAME_SAMPLES)
            .map(|w| i16::from_le_bytes([w[0], w[1]]))
            .collect(),
        _ => strowger_testsupport::two_tones_and_noise(FRAMES * FRAME_SAMPLES),
    }
}

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "encode".into());
    let pcm = speech();
    let mut enc = if what == "vad" {
        G729Encoder::with_vad()
    } else {
        G729Encoder::new()
    };
    let frames: Vec<_> = pcm
        .chunks_exact(FRAME_SAMPLES)
        .map(|c| enc.encode_frame(black_box(c.try_into().unwrap())))
        .collect();
    if what == "decode" {
        let mut dec = G729Decoder::new();
        let mut out = [0i16; FRAME_SAMPLES];
        let mut sum = 0i64;
        for f in &frames {
            dec.decode_frame(black_box(f), &mut out);
            sum += out.iter().map(|&v| v as i64).sum::<i64>();
        }
        println!("{sum}");
    } else {
        println!("{}", frames.len());
    }
}
