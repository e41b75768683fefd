//! G.711 throughput of strowger-codecs against spandsp, side by side in one run.
//!
//! For each law, encode and decode of a 160-sample block (20 ms at 8 kHz):
//!
//! * `strowger`: `g711::encode` / `decode`, the cached best kernel;
//! * `strowger-<kernel>`: `encode_with` / `decode_with` on every kernel this CPU can run
//!   (`strowger-scalar` is the forced scalar reference);
//! * `spandsp`: spandsp's inline `linear_to_ulaw` & co. in a C loop (see the shim).
//!
//! plus µ↔A transcoding (our table vs libspandsp's exported functions). Throughput is in samples
//! (elements). After the runs a table gives the medians in Msamples/s and the ratios, read
//! from criterion's `new/estimates.json` of this run.
//!
//! `cargo bench -p strowger-peer-bench --bench g711_vs_spandsp`

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{BenchmarkId, Criterion, Throughput};
use strowger_codecs::g711::{self, Law};
use strowger_codecs::Kernel;
use strowger_peer_bench::report::{criterion_home, median_ns};
use strowger_peer_bench::{signal, spandsp};

const PREFIX: &str = "g711_vs_spandsp";

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Encode,
    Decode,
    Transcode,
}

fn law_name(law: Law) -> &'static str {
    match law {
        Law::Mu => "ulaw",
        Law::A => "alaw",
    }
}

fn group_name(law: Law, op: Op) -> String {
    match op {
        Op::Encode => format!("{PREFIX}/{}-encode", law_name(law)),
        Op::Decode => format!("{PREFIX}/{}-decode", law_name(law)),
        Op::Transcode => match law {
            Law::Mu => format!("{PREFIX}/ulaw-to-alaw"),
            Law::A => format!("{PREFIX}/alaw-to-ulaw"),
        },
    }
}

fn kernel_id(k: Kernel) -> String {
    format!("strowger-{}", k.name())
}

fn bench_all(c: &mut Criterion) {
    let pcm = signal::pcm(signal::BLOCK);
    let kernels: Vec<Kernel> = Kernel::available().collect();
    eprintln!("strowger kernels: {kernels:?}; best: {}", Kernel::best());

    for law in [Law::Mu, Law::A] {
        let mut codes = vec![0u8; signal::BLOCK];
        g711::encode(law, &pcm, &mut codes).unwrap();
        let mut out_codes = vec![0u8; signal::BLOCK];
        let mut out_pcm = vec![0i16; signal::BLOCK];

        let mut g = c.benchmark_group(group_name(law, Op::Encode));
        g.throughput(Throughput::Elements(signal::BLOCK as u64));
        g.bench_function("spandsp", |b| {
            b.iter(|| match law {
                Law::Mu => spandsp::ulaw_encode(black_box(&pcm), &mut out_codes),
                Law::A => spandsp::alaw_encode(black_box(&pcm), &mut out_codes),
            })
        });
        g.bench_function("strowger", |b| {
            b.iter(|| g711::encode(law, black_box(&pcm), &mut out_codes))
        });
        for &k in &kernels {
            g.bench_function(BenchmarkId::from_parameter(kernel_id(k)), |b| {
                b.iter(|| g711::encode_with(k, law, black_box(&pcm), &mut out_codes))
            });
        }
        g.finish();

        let mut g = c.benchmark_group(group_name(law, Op::Decode));
        g.throughput(Throughput::Elements(signal::BLOCK as u64));
        g.bench_function("spandsp", |b| {
            b.iter(|| match law {
                Law::Mu => spandsp::ulaw_decode(black_box(&codes), &mut out_pcm),
                Law::A => spandsp::alaw_decode(black_box(&codes), &mut out_pcm),
            })
        });
        g.bench_function("strowger", |b| {
            b.iter(|| g711::decode(law, black_box(&codes), &mut out_pcm))
        });
        for &k in &kernels {
            g.bench_function(BenchmarkId::from_parameter(kernel_id(k)), |b| {
                b.iter(|| g711::decode_with(k, law, black_box(&codes), &mut out_pcm))
            });
        }
        g.finish();

        let mut g = c.benchmark_group(group_name(law, Op::Transcode));
        g.throughput(Throughput::Elements(signal::BLOCK as u64));
        g.bench_function("spandsp", |b| {
            b.iter(|| match law {
                Law::Mu => spandsp::ulaw_to_alaw(black_box(&codes), &mut out_codes),
                Law::A => spandsp::alaw_to_ulaw(black_box(&codes), &mut out_codes),
            })
        });
        g.bench_function("strowger", |b| {
            b.iter(|| g711::transcode(law, black_box(&codes), &mut out_codes))
        });
        g.finish();
    }
}

fn msps(ns_per_block: f64) -> f64 {
    signal::BLOCK as f64 / ns_per_block * 1e3
}

fn print_table(since: SystemTime) {
    let home = criterion_home();
    let kernels: Vec<Kernel> = Kernel::available().collect();
    let mut ids = vec!["spandsp".to_owned(), "strowger".to_owned()];
    ids.extend(kernels.iter().map(|&k| kernel_id(k)));

    let rows: Vec<(String, Vec<Option<f64>>)> = [Law::Mu, Law::A]
        .into_iter()
        .flat_map(|law| [(law, Op::Encode), (law, Op::Decode), (law, Op::Transcode)])
        .map(|(law, op)| {
            let g = group_name(law, op);
            let ns = ids
                .iter()
                .map(|id| median_ns(&home, &g, id, since))
                .collect();
            (g[PREFIX.len() + 1..].to_owned(), ns)
        })
        .filter(|(_, ns): &(String, Vec<Option<f64>>)| ns.iter().any(Option::is_some))
        .collect();
    if rows.is_empty() {
        println!(
            "\n(no criterion estimates from this run under {})",
            home.display()
        );
        return;
    }

    let scalar = ids.iter().position(|id| id == "strowger-scalar");
    println!(
        "\nG.711, {}-sample blocks: median throughput in Msamples/s (criterion, {})",
        signal::BLOCK,
        home.display()
    );
    println!(
        "best kernel = {}; ns/block = {} / (Msamples/s) * 1000",
        Kernel::best(),
        signal::BLOCK
    );
    let mut header = format!("{:<14}", "operation");
    for id in &ids {
        header += &format!(" {:>17}", id);
    }
    header += &format!(" {:>17} {:>17}", "strowger/spandsp", "scalar/spandsp");
    println!("{header}");
    println!("{}", "-".repeat(header.chars().count()));
    for (name, ns) in &rows {
        let mut line = format!("{name:<14}");
        for v in ns {
            match v {
                Some(ns) => line += &format!(" {:>17.1}", msps(*ns)),
                None => line += &format!(" {:>17}", "-"),
            }
        }
        let ratio = |i: Option<usize>| match (ns[0], i.and_then(|i| ns[i])) {
            (Some(sp), Some(ours)) => format!("{:>16.2}x", sp / ours),
            _ => format!("{:>17}", "-"),
        };
        line += &format!(" {} {}", ratio(Some(1)), ratio(scalar));
        println!("{line}");
    }
    println!("(ratios are throughput ratios: >1 means strowger is faster than spandsp)");
}

fn main() {
    let since = SystemTime::now() - Duration::from_secs(1);
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(50)
        .configure_from_args();
    bench_all(&mut c);
    c.final_summary();
    print_table(since);
}
