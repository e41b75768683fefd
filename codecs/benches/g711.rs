//! G.711 encode/decode throughput of every kernel this CPU can run (no peers; see
//! `peer-bench` for the comparison with spandsp).
//!
//! Two sizes: a 160-sample block (20 ms at 8 kHz, one RTP packet) and a 64 KiB buffer
//! (32,768 samples) for streaming speed. Throughput is in samples (elements).
//!
//! `cargo bench -p strowger-codecs --bench g711`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use strowger_codecs::g711::{self, Law};
use strowger_codecs::Kernel;

/// Samples of one 20 ms block.
const BLOCK: usize = 160;
/// Samples of a 64 KiB buffer of 16-bit PCM.
const BUFFER: usize = 64 * 1024 / 2;

/// The shared speech-like benchmark signal.
fn pcm(n: usize) -> Vec<i16> {
    strowger_testsupport::two_tones_and_noise(n)
}

fn law_name(law: Law) -> &'static str {
    match law {
        Law::Mu => "ulaw",
        Law::A => "alaw",
    }
}

fn g711_kernels(c: &mut Criterion) {
    let kernels: Vec<Kernel> = Kernel::available().collect();
    eprintln!("kernels: {kernels:?}, best: {}", Kernel::best());
    for law in [Law::Mu, Law::A] {
        for (size_name, n) in [("160", BLOCK), ("64KiB", BUFFER)] {
            let input = pcm(n);
            let mut codes = vec![0u8; n];
            g711::encode(law, &input, &mut codes).unwrap();
            let mut out_codes = vec![0u8; n];
            let mut out_pcm = vec![0i16; n];

            let mut group = c.benchmark_group(format!("g711/{}-encode/{size_name}", law_name(law)));
            group.throughput(Throughput::Elements(n as u64));
            for &k in &kernels {
                group.bench_function(BenchmarkId::from_parameter(k.name()), |b| {
                    b.iter(|| g711::encode_with(k, law, black_box(&input), &mut out_codes))
                });
            }
            group.finish();

            let mut group = c.benchmark_group(format!("g711/{}-decode/{size_name}", law_name(law)));
            group.throughput(Throughput::Elements(n as u64));
            for &k in &kernels {
                group.bench_function(BenchmarkId::from_parameter(k.name()), |b| {
                    b.iter(|| g711::decode_with(k, law, black_box(&codes), &mut out_pcm))
                });
            }
            group.finish();
        }
    }
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(700))
        .sample_size(30)
        .configure_from_args();
    g711_kernels(&mut c);
    c.final_summary();
}
