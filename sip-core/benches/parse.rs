//! Parse speed of realistic messages (INVITE with SDP ~1.5 KB, 200 OK, REGISTER with
//! Authorization), our parser plus typed access to Via/From/To/CSeq/Call-ID, side by side with
//! the Rust peers the issue names (rsip, ezk-sip-types) in the same run. After criterion's
//! groups, a plain timing loop prints parses per second and the ratio to each peer.
//!
//! The C peers, libosip2 (`osip_message_parse`) and sofia-sip (`msg_make` with the SIP
//! message class), run through a test-only C shim (`peer-shim/`) that reads the same five
//! headers; they are reported absent when libosip2-dev / libsofia-sip-ua-dev were not
//! installed at build time.

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{criterion_group, Criterion, Throughput};
use strowger_sip_core::{parse, HeaderSlot, ParseOptions, Status};
use strowger_sip_peer_shim::{osip_parse, sofia_parse};

const MESSAGES: [(&str, &[u8]); 3] = [
    ("invite_sdp", include_bytes!("../tests/data/invite.sip")),
    ("ok_200", include_bytes!("../tests/data/ok.sip")),
    (
        "register_auth",
        include_bytes!("../tests/data/register.sip"),
    ),
];

/// Ours: frame the message, then parse the five core headers into typed values.
fn strowger(buf: &[u8]) -> usize {
    let mut slots = [HeaderSlot::EMPTY; 64];
    let Ok(Status::Complete(m)) = parse(buf, &mut slots, &ParseOptions::stream()) else {
        panic!("parse")
    };
    let via = m.top_via().unwrap().unwrap();
    let from = m.from().unwrap().unwrap();
    let to = m.to().unwrap().unwrap();
    let cseq = m.cseq().unwrap().unwrap();
    let cid = m.call_id().unwrap().unwrap();
    via.branch().map_or(0, str::len)
        + from.tag().map_or(0, str::len)
        + to.uri.user().map_or(0, str::len)
        + cseq.seq as usize
        + cid.0.len()
}

/// rsip 0.4: `SipMessage::try_from(&[u8])` then `.typed()` on the same five headers.
fn rsip_parse(buf: &[u8]) -> usize {
    use rsip::prelude::*;
    let m = rsip::SipMessage::try_from(buf).expect("rsip parse");
    let via = m.via_header().unwrap().typed().unwrap();
    let from = m.from_header().unwrap().typed().unwrap();
    let to = m.to_header().unwrap().typed().unwrap();
    let cseq = m.cseq_header().unwrap().typed().unwrap();
    let cid = m.call_id_header().unwrap();
    via.params.len() + from.params.len() + to.params.len() + cseq.seq as usize + cid.value().len()
}

/// ezk-sip-types 0.6: its `PullParser` splits lines, `MessageLine` parses the start line,
/// header lines go into `Headers` (the crate's public API, as its transport layer does),
/// then the five typed headers are decoded.
fn ezk_parse(buf: &Bytes) -> usize {
    use ezk_sip_types::header::typed::{CSeq, CallID, FromTo, Via};
    use ezk_sip_types::msg::{MessageLine, PullParser};
    use ezk_sip_types::parse::Parse;
    use ezk_sip_types::{Headers, Name};
    let mut p = PullParser::new(buf, 0);
    let first = std::str::from_utf8(p.next().unwrap().unwrap()).unwrap();
    let (_, line) = MessageLine::parse(buf)(first).expect("ezk start line");
    let mut headers = Headers::with_capacity(24);
    for l in p {
        let l = std::str::from_utf8(l.unwrap()).unwrap();
        let (n, v) = l.split_once(':').unwrap();
        headers.insert(Name::from(n.trim()), v.trim());
    }
    let via: Via = headers.get_named().unwrap();
    let from: FromTo = headers.get(Name::FROM).unwrap();
    let to: FromTo = headers.get(Name::TO).unwrap();
    let cseq: CSeq = headers.get_named().unwrap();
    let cid: CallID = headers.get_named().unwrap();
    usize::from(line.is_request())
        + via.transport.len()
        + from.tag.map_or(0, |t| t.len())
        + usize::from(to.uri.name.is_some())
        + cseq.cseq as usize
        + cid.0.len()
}

fn bench(c: &mut Criterion) {
    for (name, msg) in MESSAGES {
        let bytes = Bytes::from_static(msg);
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(msg.len() as u64));
        g.bench_function("strowger", |b| b.iter(|| strowger(black_box(msg))));
        g.bench_function("rsip", |b| b.iter(|| rsip_parse(black_box(msg))));
        g.bench_function("ezk-sip-types", |b| b.iter(|| ezk_parse(black_box(&bytes))));
        if osip_parse(msg).is_some() {
            g.bench_function("libosip2", |b| b.iter(|| osip_parse(black_box(msg))));
        }
        if sofia_parse(msg).is_some() {
            g.bench_function("sofia-sip", |b| b.iter(|| sofia_parse(black_box(msg))));
        }
        g.finish();
    }
}

/// Parses per second of `f` over `budget`.
fn rate(f: &mut dyn FnMut() -> usize, budget: Duration) -> f64 {
    for _ in 0..100 {
        black_box(f());
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for _ in 0..50 {
            black_box(f());
        }
        n += 50;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// Best-of-rounds rates, the parsers interleaved round by round so that a change of load on a
/// shared machine hits all of them alike.
/// A named parser under test.
type Contender<'a> = (&'static str, Box<dyn FnMut() -> usize + 'a>);

fn rates(fs: &mut [Contender<'_>]) -> Vec<f64> {
    let total = Duration::from_millis(
        std::env::var("SIP_BENCH_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000),
    );
    let rounds = 10;
    let mut best = vec![0.0f64; fs.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in fs.iter_mut().enumerate() {
            best[k] = best[k].max(rate(f.as_mut(), total / rounds));
        }
    }
    best
}

fn summary() {
    println!(
        "\nparses/s with typed Via/From/To/CSeq/Call-ID, one core, same run, best of 10 interleaved rounds (ratio = ours / peer):"
    );
    for (name, msg) in MESSAGES {
        let bytes = Bytes::from_static(msg);
        let mut fs: Vec<Contender<'_>> = vec![
            ("strowger", Box::new(|| strowger(black_box(msg)))),
            ("rsip", Box::new(|| rsip_parse(black_box(msg)))),
            ("ezk-sip-types", Box::new(|| ezk_parse(black_box(&bytes)))),
        ];
        if osip_parse(msg).is_some() {
            fs.push((
                "libosip2",
                Box::new(|| osip_parse(black_box(msg)).unwrap_or(0) as usize),
            ));
        }
        if sofia_parse(msg).is_some() {
            fs.push((
                "sofia-sip",
                Box::new(|| sofia_parse(black_box(msg)).unwrap_or(0) as usize),
            ));
        }
        let r = rates(&mut fs);
        let mut line = format!("{name:14} {:5} B  strowger {:>9.0}/s", msg.len(), r[0]);
        for (k, (label, _)) in fs.iter().enumerate().skip(1) {
            line += &format!("  {label} {:>8.0}/s ({:4.1}x)", r[k], r[0] / r[k]);
        }
        for (label, have) in [
            ("libosip2", osip_parse(msg).is_some()),
            ("sofia-sip", sofia_parse(msg).is_some()),
        ] {
            if !have {
                line += &format!("  {label} absent");
            }
        }
        println!("{line}");
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
    summary();
}
