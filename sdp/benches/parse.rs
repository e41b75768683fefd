//! Parse throughput side by side with webrtc-sdp and sdp-types on the same offers, in one run,
//! then the ratio. The offers are the real SDP bodies of `../shared/vectors/sip/sdp` (those all
//! three parsers accept) plus a SIPp-style G.729/G.723/PCMA offer.

// `criterion_group!` generates a public function without documentation.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use strowger_sdp::negotiate::{Config, MediaConfig, Session};
use strowger_sdp::Codec;

const SIPP_OFFER: &str = "v=0\r\no=- 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
m=audio 6000 RTP/AVP 18 4 8 101\r\na=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\na=rtpmap:4 G723/8000\r\n\
a=fmtp:4 annexa=no\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n\
a=ptime:20\r\na=maxptime:40\r\na=sendrecv\r\n";

fn ours(s: &str) -> bool {
    strowger_sdp::parse(s.as_bytes()).is_ok()
}
fn webrtc(s: &str) -> bool {
    webrtc_sdp::parse_sdp(s, false).is_ok()
}
fn sdp_types(s: &str) -> bool {
    sdp_types::Session::parse(s.as_bytes()).is_ok()
}

fn offers() -> Vec<String> {
    let mut v = vec![SIPP_OFFER.to_string()];
    let dir = std::env::var_os("STROWGER_VECTORS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors")
        })
        .join("sip/sdp");
    if let Ok(rd) = std::fs::read_dir(&dir) {
        let mut files: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for p in files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "sdp"))
        {
            let s = std::fs::read_to_string(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if ours(&s) && webrtc(&s) && sdp_types(&s) {
                v.push(s);
            } else {
                eprintln!(
                    "bench: {name} left out (ours {}, webrtc-sdp {}, sdp-types {})",
                    ours(&s),
                    webrtc(&s),
                    sdp_types(&s)
                );
            }
        }
    } else {
        eprintln!(
            "bench: {} not found; only the built-in offer is used",
            dir.display()
        );
    }
    v
}

fn gateway() -> Session {
    Session::new(Config {
        audio: Some(MediaConfig::new(
            20000,
            vec![
                Codec::pcmu(),
                Codec::pcma(),
                Codec::g729(false),
                Codec::g723(false),
                Codec::telephone_event(101),
            ],
        )),
        ..Config::default()
    })
}

fn per_second(offers: &[String], f: &dyn Fn(&str)) -> f64 {
    // Warm up, then count offers handled in a fixed time.
    let warm = Instant::now();
    while warm.elapsed() < Duration::from_millis(200) {
        for o in offers {
            f(o);
        }
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(1) {
        for o in offers {
            f(o);
        }
        n += offers.len() as u64;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn bench(c: &mut Criterion) {
    let offers = offers();
    let bytes: usize = offers.iter().map(String::len).sum();
    let mut g = c.benchmark_group("parse_offers");
    g.throughput(Throughput::Elements(offers.len() as u64));
    g.bench_function("strowger-sdp", |b| {
        b.iter(|| {
            for o in &offers {
                black_box(strowger_sdp::parse(black_box(o.as_bytes())).unwrap());
            }
        })
    });
    g.bench_function("strowger-sdp owned", |b| {
        b.iter(|| {
            for o in &offers {
                black_box(
                    strowger_sdp::parse(black_box(o.as_bytes()))
                        .unwrap()
                        .into_owned(),
                );
            }
        })
    });
    g.bench_function("webrtc-sdp", |b| {
        b.iter(|| {
            for o in &offers {
                black_box(webrtc_sdp::parse_sdp(black_box(o), false).unwrap());
            }
        })
    });
    g.bench_function("sdp-types", |b| {
        b.iter(|| {
            for o in &offers {
                black_box(sdp_types::Session::parse(black_box(o.as_bytes())).unwrap());
            }
        })
    });
    g.bench_function("strowger-sdp parse+answer", |b| {
        b.iter(|| {
            for o in &offers {
                let sdp = strowger_sdp::parse(o.as_bytes()).unwrap();
                let _ = black_box(gateway().answer(&sdp));
            }
        })
    });
    g.finish();

    let ours = per_second(&offers, &|o| {
        black_box(strowger_sdp::parse(black_box(o.as_bytes())).unwrap());
    });
    let owned = per_second(&offers, &|o| {
        black_box(
            strowger_sdp::parse(black_box(o.as_bytes()))
                .unwrap()
                .into_owned(),
        );
    });
    let webrtc = per_second(&offers, &|o| {
        black_box(webrtc_sdp::parse_sdp(black_box(o), false).unwrap());
    });
    let types = per_second(&offers, &|o| {
        black_box(sdp_types::Session::parse(black_box(o.as_bytes())).unwrap());
    });
    let answer = per_second(&offers, &|o| {
        let sdp = strowger_sdp::parse(o.as_bytes()).unwrap();
        let _ = black_box(gateway().answer(&sdp));
    });
    let best = webrtc.max(types);
    println!("\n{} offers, {} bytes in all", offers.len(), bytes);
    println!("strowger-sdp (borrowed) {ours:>12.0} offers/s");
    println!("strowger-sdp (owned)    {owned:>12.0} offers/s");
    println!("strowger-sdp parse+answer {answer:>10.0} offers/s");
    println!("webrtc-sdp              {webrtc:>12.0} offers/s");
    println!("sdp-types               {types:>12.0} offers/s");
    println!("ratio borrowed / faster peer: {:.2}x", ours / best);
    println!("ratio owned / faster peer:    {:.2}x", owned / best);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
