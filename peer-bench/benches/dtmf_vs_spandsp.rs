//! DTMF and connect-tone detection throughput of strowger-dtmf against spandsp 0.0.6, side by
//! side in one run.
//!
//! * `dtmf_vs_spandsp/one-channel`: one channel fed 20 ms packets of a 10 s signal (digits
//!   every 300 ms over low-level noise): `strowger` (best kernel, full Q.24 behaviour),
//!   `strowger-scalar` (forced scalar kernel) and spandsp's `dtmf_rx` (default parameters).
//! * `dtmf_vs_spandsp/256-channels`: 256 independent channels each fed one 20 ms packet
//!   per iteration: the per-channel cost when states do not stay in L1.
//! * `dtmf_vs_spandsp/connect-tones`: strowger's `ToneDetector` (CNG, CED, ANSam and
//!   call-progress tones in one pass) against two spandsp `modem_connect_tones_rx` (CNG, and
//!   ANS/ANSam with phase reversals) on the same signal.
//!
//! Throughput is in samples. After the runs a table gives the medians in Msamples/s and the
//! ratios (strowger ÷ spandsp), read from criterion's `new/estimates.json` of this run.
//!
//! `cargo bench -p strowger-peer-bench --bench dtmf_vs_spandsp`

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput};
use strowger_dtmf::generator::{generate_digits, DtmfParams};
use strowger_dtmf::tones::{ToneConfig, ToneDetector};
use strowger_dtmf::{DtmfDetector, DtmfProfile, Kernel};
use strowger_peer_bench::report::{criterion_home, median_ns};
use strowger_peer_bench::spandsp_dtmf::{ConnectTonesRx, DtmfRx, TONES_ANSAM_PR, TONES_FAX_CNG};

const PACKET: usize = 160;
const CHANNELS: usize = 256;

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

fn bench_all(c: &mut Criterion) {
    let pcm = signal();
    let n = pcm.len() as u64;
    eprintln!(
        "strowger kernels: {:?}; best: {}",
        Kernel::available().collect::<Vec<_>>(),
        Kernel::best()
    );

    let mut g = c.benchmark_group("dtmf_vs_spandsp/one-channel");
    g.throughput(Throughput::Elements(n));
    g.bench_function("strowger", |b| {
        b.iter(|| {
            let mut det = DtmfDetector::new(DtmfProfile::ATT);
            let mut count = 0;
            for p in pcm.chunks(PACKET) {
                det.push(black_box(p), |_| count += 1);
            }
            count
        })
    });
    g.bench_function("strowger-scalar", |b| {
        b.iter(|| {
            let mut det = DtmfDetector::with_kernel(DtmfProfile::ATT, Kernel::Scalar).unwrap();
            let mut count = 0;
            for p in pcm.chunks(PACKET) {
                det.push(black_box(p), |_| count += 1);
            }
            count
        })
    });
    g.bench_function("spandsp", |b| {
        b.iter(|| {
            let mut rx = DtmfRx::new();
            for p in pcm.chunks(PACKET) {
                rx.rx(black_box(p));
            }
            rx.take_digits().len()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("dtmf_vs_spandsp/256-channels");
    g.throughput(Throughput::Elements((CHANNELS * PACKET) as u64));
    let packets: Vec<&[i16]> = pcm.chunks(PACKET).collect();
    let mut ours: Vec<DtmfDetector> = (0..CHANNELS)
        .map(|_| DtmfDetector::new(DtmfProfile::ATT))
        .collect();
    let mut k = 0usize;
    g.bench_function("strowger", |b| {
        b.iter(|| {
            let mut count = 0;
            for (i, det) in ours.iter_mut().enumerate() {
                det.push(packets[(k + i) % packets.len()], |_| count += 1);
            }
            k += 1;
            count
        })
    });
    let mut theirs: Vec<DtmfRx> = (0..CHANNELS).map(|_| DtmfRx::new()).collect();
    let mut k = 0usize;
    g.bench_function("spandsp", |b| {
        b.iter(|| {
            for (i, rx) in theirs.iter_mut().enumerate() {
                rx.rx(packets[(k + i) % packets.len()]);
            }
            k += 1;
            if k.is_multiple_of(64) {
                for rx in &mut theirs {
                    black_box(rx.take_digits());
                }
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("dtmf_vs_spandsp/connect-tones");
    g.throughput(Throughput::Elements(n));
    g.bench_function("strowger", |b| {
        b.iter(|| {
            let mut det = ToneDetector::new(ToneConfig::default());
            let mut count = 0;
            for p in pcm.chunks(PACKET) {
                det.push(black_box(p), |_| count += 1);
            }
            count
        })
    });
    g.bench_function("spandsp", |b| {
        b.iter(|| {
            let mut cng = ConnectTonesRx::new(TONES_FAX_CNG);
            let mut ans = ConnectTonesRx::new(TONES_ANSAM_PR);
            for p in pcm.chunks(PACKET) {
                cng.rx(black_box(p));
                ans.rx(black_box(p));
            }
            cng.detected() + ans.detected()
        })
    });
    g.finish();
}

fn print_table(since: SystemTime, samples: [f64; 3]) {
    let home = criterion_home();
    println!(
        "\nmedian throughput in Msamples/s (criterion, {})",
        home.display()
    );
    let groups = ["one-channel", "256-channels", "connect-tones"];
    for (g, n) in groups.into_iter().zip(samples) {
        let group = format!("dtmf_vs_spandsp/{g}");
        let rate = |id: &str| median_ns(&home, &group, id, since).map(|ns| n / ns * 1e3);
        let (ours, scalar, theirs) = (rate("strowger"), rate("strowger-scalar"), rate("spandsp"));
        let fmt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
        let ratio = match (ours, theirs) {
            (Some(a), Some(b)) => format!("{:.2}x", a / b),
            _ => "-".to_string(),
        };
        let mut line = format!(
            "{g:>14}: strowger {} spandsp {} ratio {ratio}",
            fmt(ours),
            fmt(theirs)
        );
        if scalar.is_some() {
            line += &format!(" (strowger-scalar {})", fmt(scalar));
        }
        println!("{line}");
    }
    println!("(ratio = strowger throughput / spandsp throughput; > 1 means strowger is faster)");
}

fn main() {
    let since = SystemTime::now() - Duration::from_secs(1);
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(2000))
        .sample_size(30)
        .configure_from_args();
    bench_all(&mut c);
    c.final_summary();
    let n = signal().len() as f64;
    print_table(since, [n, (CHANNELS * PACKET) as f64, n]);
}
