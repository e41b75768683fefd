//! Throughput of the DTMF detector on every kernel this CPU can run, of the fax /
//! call-progress detector, and of the generator (no peers; see `peer-bench` for the
//! comparison with spandsp). Throughput is in samples.
//!
//! `cargo bench -p strowger-dtmf`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use strowger_dtmf::generator::{generate_digits, DtmfGenerator, DtmfParams};
use strowger_dtmf::tones::{ToneConfig, ToneDetector};
use strowger_dtmf::{DtmfDetector, DtmfProfile, Kernel};

/// 10 s: a digit every 300 ms over low-level noise.
fn signal() -> Vec<i16> {
    let digits: String = "0123456789*#ABCD".chars().cycle().take(33).collect();
    let mut pcm = generate_digits(
        &digits,
        DtmfParams {
            on_ms: 60.0,
            off_ms: 240.0,
            ..Default::default()
        },
    )
    .unwrap();
    let mut state = 0x1234_5678u32;
    for s in &mut pcm {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *s = s.saturating_add(((state >> 16) as u16 as i16) / 256);
    }
    pcm.truncate(80_000);
    pcm
}

fn benches(c: &mut Criterion) {
    let pcm = signal();
    let mut g = c.benchmark_group("dtmf-detect");
    g.throughput(Throughput::Elements(pcm.len() as u64));
    for kernel in Kernel::available() {
        g.bench_function(kernel.name(), |b| {
            b.iter(|| {
                let mut det = DtmfDetector::with_kernel(DtmfProfile::ATT, kernel).unwrap();
                let mut n = 0;
                for p in pcm.chunks(160) {
                    det.push(black_box(p), |_| n += 1);
                }
                n
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("tones-detect");
    g.throughput(Throughput::Elements(pcm.len() as u64));
    g.bench_function("best", |b| {
        b.iter(|| {
            let mut det = ToneDetector::new(ToneConfig::default());
            let mut n = 0;
            for p in pcm.chunks(160) {
                det.push(black_box(p), |_| n += 1);
            }
            n
        })
    });
    g.finish();

    let mut g = c.benchmark_group("dtmf-generate");
    let mut out = vec![0i16; 16 * 800];
    g.throughput(Throughput::Elements(out.len() as u64));
    g.bench_function("16-digits", |b| {
        b.iter(|| {
            let mut gen = DtmfGenerator::new(DtmfParams::default());
            gen.push_digits(black_box("0123456789*#ABCD")).unwrap();
            gen.fill(&mut out)
        })
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1000))
        .sample_size(20)
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
