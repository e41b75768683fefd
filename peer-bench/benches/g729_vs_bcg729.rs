//! G.729A throughput of strowger-codecs against bcg729, side by side in one run.
//!
//! On the same speech (the first 2 s of the ITU `g729a/SPEECH.IN` when the vectors are present,
//! else the shared speech-like signal), each iteration runs a fresh channel over 200 frames:
//!
//! * `encode`: Annex A encoder, VAD off;
//! * `encode-vad`: Annex A + B encoder, VAD/DTX on;
//! * `decode`: decoder over one bitstream (our encoder's, VAD off) for both implementations.
//!
//! Throughput is in frames (criterion elements). After the runs a table gives the medians in
//! frames/s, the channels one core carries in real time (frames/s ÷ 100), and the ratios, read
//! from criterion's `new/estimates.json` of this run.
//!
//! `cargo bench -p strowger-peer-bench --bench g729_vs_bcg729`

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput};
use strowger_codecs::g729::{Frame, G729Decoder, G729Encoder, FRAME_SAMPLES};
use strowger_peer_bench::bcg729;
use strowger_peer_bench::report::{criterion_home, median_ns};

const PREFIX: &str = "g729_vs_bcg729";
/// Frames per iteration (2 s of audio).
const FRAMES: usize = 200;
const OPS: [&str; 3] = ["encode", "encode-vad", "decode"];
const IDS: [&str; 2] = ["bcg729", "strowger"];

fn speech() -> Vec<i16> {
    let pcm = strowger_testsupport::vectors_dir()
        .map(|d| strowger_testsupport::read_words(&d.join("g729a/SPEECH.IN")))
        .filter(|p| p.len() >= FRAMES * FRAME_SAMPLES);
    match pcm {
        Some(p) => p[..FRAMES * FRAME_SAMPLES].to_vec(),
        None => {
            eprintln!("SPEECH.IN not found: using the synthetic signal");
            strowger_testsupport::two_tones_and_noise(FRAMES * FRAME_SAMPLES)
        }
    }
}

fn frames(pcm: &[i16]) -> impl Iterator<Item = &[i16; FRAME_SAMPLES]> {
    pcm.chunks_exact(FRAME_SAMPLES)
        .map(|c| c.try_into().unwrap())
}

fn ours_encode(pcm: &[i16], vad: bool, out: &mut Vec<Frame>) {
    let mut enc = if vad {
        G729Encoder::with_vad()
    } else {
        G729Encoder::new()
    };
    out.clear();
    out.extend(frames(pcm).map(|f| enc.encode_frame(f)));
}

fn bcg_encode(pcm: &[i16], vad: bool, out: &mut Vec<([u8; 10], usize)>) {
    let mut enc = bcg729::Encoder::new(vad);
    out.clear();
    out.extend(frames(pcm).map(|f| {
        let mut p = [0u8; 10];
        let n = enc.encode_frame(f, &mut p);
        (p, n)
    }));
}

fn bench_all(c: &mut Criterion) {
    let pcm = speech();
    let mut ours_frames = Vec::with_capacity(FRAMES);
    let mut bcg_frames = Vec::with_capacity(FRAMES);

    for (op, vad) in [("encode", false), ("encode-vad", true)] {
        let mut g = c.benchmark_group(format!("{PREFIX}/{op}"));
        g.throughput(Throughput::Elements(FRAMES as u64));
        g.bench_function("bcg729", |b| {
            b.iter(|| bcg_encode(black_box(&pcm), vad, &mut bcg_frames))
        });
        g.bench_function("strowger", |b| {
            b.iter(|| ours_encode(black_box(&pcm), vad, &mut ours_frames))
        });
        g.finish();
    }

    // One bitstream for both decoders: ours (ITU bit-exact), as RFC 3551 payloads.
    ours_encode(&pcm, false, &mut ours_frames);
    let payloads: Vec<[u8; 10]> = ours_frames
        .iter()
        .map(|f| {
            let mut p = [0u8; 10];
            f.emit(&mut p).unwrap();
            p
        })
        .collect();
    let mut out = [0i16; FRAME_SAMPLES];
    let mut g = c.benchmark_group(format!("{PREFIX}/decode"));
    g.throughput(Throughput::Elements(FRAMES as u64));
    g.bench_function("bcg729", |b| {
        b.iter(|| {
            let mut dec = bcg729::Decoder::new();
            for p in black_box(&payloads) {
                dec.decode_frame(p, &mut out);
            }
            black_box(&out);
        })
    });
    g.bench_function("strowger", |b| {
        b.iter(|| {
            let mut dec = G729Decoder::new();
            for p in black_box(&payloads) {
                let (f, _) = Frame::parse_payload(p).unwrap();
                dec.decode_frame(&f, &mut out);
            }
            black_box(&out);
        })
    });
    g.finish();
}

fn print_table(since: SystemTime) {
    let home = criterion_home();
    println!(
        "\nG.729A, {FRAMES} frames of 10 ms per iteration: median frames/s and channels per core \
         in real time (criterion, {})",
        home.display()
    );
    let header = format!(
        "{:<11} {:>14} {:>14} {:>12} {:>12} {:>16}",
        "operation", "bcg729 fr/s", "strowger fr/s", "bcg729 ch", "strowger ch", "strowger/bcg729"
    );
    println!("{header}");
    println!("{}", "-".repeat(header.chars().count()));
    let mut any = false;
    for op in OPS {
        let group = format!("{PREFIX}/{op}");
        let fps: Vec<Option<f64>> = IDS
            .iter()
            .map(|id| median_ns(&home, &group, id, since).map(|ns| FRAMES as f64 / ns * 1e9))
            .collect();
        if fps.iter().all(Option::is_none) {
            continue;
        }
        any = true;
        let cell = |v: Option<f64>, div: f64, prec: usize| match v {
            Some(v) => format!("{:.*}", prec, v / div),
            None => "-".to_owned(),
        };
        let ratio = match (fps[0], fps[1]) {
            (Some(theirs), Some(ours)) => format!("{:.2}x", ours / theirs),
            _ => "-".to_owned(),
        };
        println!(
            "{op:<11} {:>14} {:>14} {:>12} {:>12} {:>16}",
            cell(fps[0], 1.0, 0),
            cell(fps[1], 1.0, 0),
            cell(fps[0], 100.0, 0),
            cell(fps[1], 100.0, 0),
            ratio
        );
    }
    if !any {
        println!("(no criterion estimates from this run)");
        return;
    }
    println!(
        "(channels = frames/s / 100: one channel needs 100 frames/s; ratio > 1: strowger faster; \
         targets: encode >= 2x, decode >= 1.5x)"
    );
}

fn main() {
    let since = SystemTime::now() - Duration::from_secs(1);
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();
    bench_all(&mut c);
    c.final_summary();
    print_table(since);
}
