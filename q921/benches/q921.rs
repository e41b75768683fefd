//! Throughput of the LAPD wire code, the HDLC layer and the data-link entity.
// criterion_group! generates a public function without documentation.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use strowger_q921::hdlc::{self, BitDecoder, BitEncoder};
use strowger_q921::{
    Config, DataLink, DlIndication, DlRequest, FrameRepr, Instant, Sapi, Side, Tei,
};

/// An I frame carrying the SETUP of the golden basic call (first 32 octets of its message).
const I_FRAME: [u8; 36] = [
    0x00, 0x01, 0x00, 0x00, 0x08, 0x02, 0x00, 0x01, 0x05, 0x04, 0x03, 0x80, 0x90, 0xa3, 0x18, 0x03,
    0xa9, 0x83, 0x81, 0x1c, 0x38, 0x9f, 0xaa, 0x06, 0x80, 0x01, 0x00, 0x82, 0x01, 0x00, 0x8b, 0x01,
    0x00, 0xa1, 0x2a, 0x02,
];

fn wire(c: &mut Criterion) {
    let mut g = c.benchmark_group("wire");
    g.throughput(Throughput::Elements(1));
    g.bench_function("parse+emit I frame", |b| {
        let mut out = [0u8; 64];
        b.iter(|| {
            let r = FrameRepr::parse_bytes(black_box(&I_FRAME)).unwrap();
            r.emit(&mut out).unwrap()
        })
    });
    let big = vec![0x5au8; 262];
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("fcs16 262 octets", |b| {
        b.iter(|| hdlc::fcs16(black_box(&big)))
    });
    g.bench_function("bit stuff + destuff 262 octets", |b| {
        b.iter(|| {
            let mut e = BitEncoder::new();
            e.push_frame(black_box(&big));
            let s = e.finish();
            let mut n = 0;
            BitDecoder::new(300).push(&s, |_| n += 1);
            n
        })
    });
    g.finish();
}

fn link(c: &mut Criterion) {
    const N: usize = 1000;
    let mut g = c.benchmark_group("link");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("1000 I frames user to network, no loss", |b| {
        b.iter(|| {
            let cfg = Config::default();
            let mut u = DataLink::new(cfg, Side::User, Sapi::CALL_CONTROL, Tei::ZERO);
            let mut n = DataLink::new(cfg, Side::Network, Sapi::CALL_CONTROL, Tei::ZERO);
            let now = Instant::ZERO;
            u.handle_request(now, DlRequest::Establish).unwrap();
            let (mut sent, mut got) = (0, 0);
            while got < N {
                while sent < N && u.pending_frames() < 16 {
                    u.handle_request(now, DlRequest::Data(&I_FRAME[4..]))
                        .unwrap();
                    sent += 1;
                }
                while let Some(t) = u.poll_transmit() {
                    n.handle_frame(now, &t.frame);
                }
                while let Some(t) = n.poll_transmit() {
                    u.handle_frame(now, &t.frame);
                }
                while let Some(e) = n.poll_event() {
                    got += usize::from(matches!(e, DlIndication::Data(_)));
                }
                while u.poll_event().is_some() {}
            }
            got
        })
    });
    g.finish();
}

criterion_group!(benches, wire, link);
criterion_main!(benches);
