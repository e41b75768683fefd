//! Times the phases of a parse of the benchmark INVITE (framing alone, then each typed header),
//! then the whole path the benchmark measures. The optional argument is the iteration count
//! (default 200000); a small count suits `valgrind --tool=callgrind`, where `full_parse`'s
//! inclusive instruction count divided by the count is the cost of one parse.
use std::hint::black_box;
use std::time::Instant;
use strowger_sip_core::{parse, HeaderSlot, ParseOptions, Status};

/// Frame the message, then parse Via/From/To/CSeq/Call-ID into typed values (as the bench).
#[inline(never)]
fn full_parse(buf: &[u8]) -> usize {
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

fn main() {
    let msg: &[u8] = include_bytes!("../tests/data/invite.sip");
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let t = Instant::now();
    for _ in 0..n {
        let mut slots = [HeaderSlot::EMPTY; 64];
        let m = parse(black_box(msg), &mut slots, &ParseOptions::stream()).unwrap();
        black_box(m.complete().unwrap().len());
    }
    println!("framing: {:?}/msg", t.elapsed() / n);
    let mut slots = [HeaderSlot::EMPTY; 64];
    let m = parse(msg, &mut slots, &ParseOptions::stream())
        .unwrap()
        .complete()
        .unwrap();
    let t = Instant::now();
    for _ in 0..n {
        black_box(m.top_via().unwrap().unwrap());
    }
    println!("via: {:?}", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        black_box(m.from().unwrap().unwrap());
    }
    println!("from: {:?}", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        black_box(m.cseq().unwrap().unwrap());
        black_box(m.call_id().unwrap().unwrap());
    }
    println!("cseq+callid: {:?}", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        black_box(full_parse(black_box(msg)));
    }
    println!("full (as the bench): {:?}/msg", t.elapsed() / n);
}
