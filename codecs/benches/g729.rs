//! G.729A throughput: encode with and without the Annex B VAD, and decode, in frames per
//! second (criterion's "elements"). Input is the ITU `SPEECH.IN` vector when the vectors are
//! present, else the shared speech-like benchmark signal.
//!
//! `cargo bench -p strowger-codecs --bench g729`

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use strowger_codecs::g729::{Frame, G729Decoder, G729Encoder, FRAME_SAMPLES};

/// Frames per benchmark iteration (2 s of audio).
const FRAMES: usize = 200;

fn speech() -> Vec<i16> {
    let from_vector = std::env::var_os("STROWGER_VECTORS")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors"))
        })
        .map(|d| d.join("g729a/SPEECH.IN"))
        .and_then(|p| std::fs::read(p).ok());
    let pcm: Vec<i16> = match from_vector {
        Some(b) => b
            .chunks_exact(2)
            .map(|w| i16::from_le_bytes([w[0], w[1]]))
            .collect(),
        None => strowger_testsupport::two_tones_and_noise(FRAMES * FRAME_SAMPLES),
    };
    pcm[..FRAMES * FRAME_SAMPLES].to_vec()
}

fn encode_all(enc: &mut G729Encoder, pcm: &[i16], out: &mut Vec<Frame>) {
    out.clear();
    for chunk in pcm.chunks_exact(FRAME_SAMPLES) {
        out.push(enc.encode_frame(chunk.try_into().unwrap()));
    }
}

fn g729(c: &mut Criterion) {
    let pcm = speech();
    eprintln!(
        "state: encoder {} bytes, decoder {} bytes",
        G729Encoder::STATE_BYTES,
        G729Decoder::STATE_BYTES
    );
    let mut frames = Vec::with_capacity(FRAMES);
    let mut group = c.benchmark_group("g729a");
    group.throughput(Throughput::Elements(FRAMES as u64));
    group.bench_function("encode", |b| {
        b.iter(|| {
            let mut enc = G729Encoder::new();
            encode_all(&mut enc, black_box(&pcm), &mut frames);
        })
    });
    group.bench_function("encode-vad", |b| {
        b.iter(|| {
            let mut enc = G729Encoder::with_vad();
            encode_all(&mut enc, black_box(&pcm), &mut frames);
        })
    });
    let mut enc = G729Encoder::new();
    encode_all(&mut enc, &pcm, &mut frames);
    let mut out = [0i16; FRAME_SAMPLES];
    group.bench_function("decode", |b| {
        b.iter(|| {
            let mut dec = G729Decoder::new();
            for f in black_box(&frames) {
                dec.decode_frame(f, &mut out);
            }
        })
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2))
        .configure_from_args();
    g729(&mut c);
    c.final_summary();
}
