//! Times the phases of a parse of the benchmark INVITE (framing alone, then each typed header).
use std::hint::black_box;
use std::time::Instant;
use strowger_sip_core::{parse, HeaderSlot, ParseOptions};

fn main() {
    let msg: &[u8] = include_bytes!("../tests/data/invite.sip");
    let n = 200_000;
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
}
