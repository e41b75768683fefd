//! RTP header parse/emit side by side with the `rtp-types` and webrtc-rs `rtp` crates, and the
//! jitter buffer per packet. After criterion's report, a plain timing loop over the same
//! operations prints the speed ratios (peer time / our time; above 1 means we are faster).

use std::hint::black_box;
use std::time::Instant as StdInstant;

use criterion::{Criterion, Throughput};
use strowger_rtp::jitter::{JitterBuffer, JitterConfig, Playout};
use strowger_rtp::wire::ext::{write_elements, Element, ElementForm, Extension};
use strowger_rtp::{Instant, RtpPacket, RtpRepr};
use webrtc_util::marshal::{Marshal, Unmarshal};

fn packet(with_ext: bool) -> Vec<u8> {
    let payload = [0xd5u8; 160];
    let mut ext_buf = [0u8; 16];
    let n = write_elements(
        ElementForm::OneByte,
        &[
            Element {
                id: 1,
                data: &[0x80],
            },
            Element {
                id: 3,
                data: &[1, 2, 3],
            },
        ],
        &mut ext_buf,
    )
    .unwrap();
    let mut r = RtpRepr::new(0, 4711, 123_456, 0x1234_5678, &payload);
    r.marker = true;
    if with_ext {
        r.extension = Some(Extension {
            profile: 0xBEDE,
            data: &ext_buf[..n],
        });
    }
    let mut b = vec![0u8; r.buffer_len()];
    r.emit(&mut b).unwrap();
    b
}

fn ours_parse(b: &[u8]) -> u32 {
    let r = RtpRepr::parse_bytes(b).unwrap();
    r.timestamp ^ r.payload.len() as u32 ^ u32::from(r.sequence_number)
}
fn ours_view(b: &[u8]) -> u32 {
    let p = RtpPacket::new_checked(b).unwrap();
    p.timestamp() ^ p.payload().len() as u32 ^ u32::from(p.sequence_number())
}
fn types_parse(b: &[u8]) -> u32 {
    let p = rtp_types::RtpPacket::parse(b).unwrap();
    p.timestamp() ^ p.payload().len() as u32 ^ u32::from(p.sequence_number())
}
fn webrtc_parse(mut b: &[u8]) -> u32 {
    let p = webrtc_rtp::packet::Packet::unmarshal(&mut b).unwrap();
    p.header.timestamp ^ p.payload.len() as u32 ^ u32::from(p.header.sequence_number)
}

fn ours_repr(payload: &[u8]) -> RtpRepr<'_> {
    let mut r = RtpRepr::new(0, 4711, 123_456, 0x1234_5678, payload);
    r.marker = true;
    r
}
fn ours_emit(r: &RtpRepr<'_>, out: &mut [u8]) -> usize {
    r.emit(out).unwrap()
}
fn types_builder(payload: &[u8]) -> rtp_types::RtpPacketBuilder<&[u8], &[u8]> {
    rtp_types::RtpPacketBuilder::<&[u8], &[u8]>::new()
        .marker_bit(true)
        .payload_type(0)
        .sequence_number(4711)
        .timestamp(123_456)
        .ssrc(0x1234_5678)
        .payload(payload)
}
fn types_emit(b: &rtp_types::RtpPacketBuilder<&[u8], &[u8]>, out: &mut [u8]) -> usize {
    b.write_into(out).unwrap()
}
fn webrtc_emit(p: &webrtc_rtp::packet::Packet, out: &mut [u8]) -> usize {
    p.marshal_to(out).unwrap()
}
fn webrtc_packet(payload: &[u8]) -> webrtc_rtp::packet::Packet {
    webrtc_rtp::packet::Packet {
        header: webrtc_rtp::header::Header {
            version: 2,
            marker: true,
            payload_type: 0,
            sequence_number: 4711,
            timestamp: 123_456,
            ssrc: 0x1234_5678,
            ..Default::default()
        },
        payload: bytes::Bytes::copy_from_slice(payload),
    }
}

fn jitter_per_packet(jb: &mut JitterBuffer<u32>, i: u32) -> bool {
    // Packets 20 ms apart with a little deterministic jitter, one pop per push.
    let arrival = Instant::from_micros(
        u64::from(i) * 20_000 + u64::from(i.wrapping_mul(2_654_435_761) % 15_000),
    );
    jb.push(arrival, i.wrapping_mul(160), i == 0, false, i);
    matches!(
        jb.pop(Instant::from_micros(u64::from(i) * 20_000 + 20_000)),
        Playout::Frame { .. }
    )
}

fn bench(c: &mut Criterion) {
    let plain = packet(false);
    let ext = packet(true);
    let mut g = c.benchmark_group("rtp_parse");
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function("strowger repr", |b| {
        b.iter(|| ours_parse(black_box(&plain)))
    });
    g.bench_function("strowger view", |b| b.iter(|| ours_view(black_box(&plain))));
    g.bench_function("rtp-types", |b| b.iter(|| types_parse(black_box(&plain))));
    g.bench_function("webrtc rtp", |b| b.iter(|| webrtc_parse(black_box(&plain))));
    g.bench_function("strowger repr +ext", |b| {
        b.iter(|| ours_parse(black_box(&ext)))
    });
    g.bench_function("rtp-types +ext", |b| {
        b.iter(|| types_parse(black_box(&ext)))
    });
    g.bench_function("webrtc rtp +ext", |b| {
        b.iter(|| webrtc_parse(black_box(&ext)))
    });
    g.finish();

    let payload = [0xd5u8; 160];
    let wp = webrtc_packet(&payload);
    let ours = ours_repr(&payload);
    let tb = types_builder(&payload);
    let mut out = [0u8; 256];
    let mut g = c.benchmark_group("rtp_emit");
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function("strowger", |b| {
        b.iter(|| ours_emit(black_box(&ours), &mut out))
    });
    g.bench_function("rtp-types", |b| {
        b.iter(|| types_emit(black_box(&tb), &mut out))
    });
    g.bench_function("webrtc rtp", |b| {
        b.iter(|| webrtc_emit(black_box(&wp), &mut out))
    });
    g.finish();

    let mut g = c.benchmark_group("jitter_buffer");
    g.throughput(Throughput::Elements(1));
    let mut jb = JitterBuffer::new(JitterConfig::adaptive(20));
    let mut i = 0u32;
    g.bench_function("adaptive push+pop per packet", |b| {
        b.iter(|| {
            i += 1;
            jitter_per_packet(&mut jb, i)
        })
    });
    g.finish();
}

fn time_ns(iters: u32, mut f: impl FnMut(u32) -> u32) -> f64 {
    let mut acc = 0u32;
    for i in 0..iters / 10 {
        acc ^= f(i);
    }
    let t = StdInstant::now();
    for i in 0..iters {
        acc ^= f(i);
    }
    black_box(acc);
    t.elapsed().as_nanos() as f64 / f64::from(iters)
}

fn ratios() {
    let plain = packet(false);
    let ext = packet(true);
    let payload = [0xd5u8; 160];
    let wp = webrtc_packet(&payload);
    let repr = ours_repr(&payload);
    let tb = types_builder(&payload);
    let mut out = [0u8; 256];
    let n = 2_000_000;
    let ours = time_ns(n, |_| ours_parse(black_box(&plain)));
    let types = time_ns(n, |_| types_parse(black_box(&plain)));
    let web = time_ns(n, |_| webrtc_parse(black_box(&plain)));
    let ours_x = time_ns(n, |_| ours_parse(black_box(&ext)));
    let types_x = time_ns(n, |_| types_parse(black_box(&ext)));
    let web_x = time_ns(n, |_| webrtc_parse(black_box(&ext)));
    let ours_e = time_ns(n, |_| ours_emit(black_box(&repr), &mut out) as u32);
    let types_e = time_ns(n, |_| types_emit(black_box(&tb), &mut out) as u32);
    let web_e = time_ns(n, |_| webrtc_emit(black_box(&wp), &mut out) as u32);
    let mut jb = JitterBuffer::new(JitterConfig::adaptive(20));
    let jit = time_ns(200_000, |i| u32::from(jitter_per_packet(&mut jb, i)));
    println!(
        "\nside by side (ns per packet; ratio = peer / strowger, > 1 means strowger is faster)"
    );
    println!("  parse 172 B      strowger {ours:7.1}  rtp-types {types:7.1} ({:.2}x)  webrtc rtp {web:7.1} ({:.2}x)", types / ours, web / ours);
    println!("  parse +RFC 8285  strowger {ours_x:7.1}  rtp-types {types_x:7.1} ({:.2}x)  webrtc rtp {web_x:7.1} ({:.2}x)", types_x / ours_x, web_x / ours_x);
    println!("  emit 172 B       strowger {ours_e:7.1}  rtp-types {types_e:7.1} ({:.2}x)  webrtc rtp {web_e:7.1} ({:.2}x)", types_e / ours_e, web_e / ours_e);
    println!("  jitter buffer push+pop per packet: {jit:.1} ns");
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    ratios();
}
