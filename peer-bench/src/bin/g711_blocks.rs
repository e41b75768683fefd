//! Runs N 160-sample G.711 blocks of one implementation, for instruction counting:
//!
//! ```text
//! g711-blocks <ulaw-encode|alaw-encode|ulaw-decode|alaw-decode> <impl> <blocks>
//! impl: spandsp | strowger (best kernel) | scalar | sse4.1 | avx2 | avx512 | neon | none
//! ```
//!
//! `none` runs the loop without converting anything. Under
//! `valgrind --tool=callgrind`, (Ir(N) - Ir(0)) / N is the cost of one block.

use std::hint::black_box;
use std::process::ExitCode;

use strowger_codecs::g711::{self, Law};
use strowger_codecs::Kernel;
use strowger_peer_bench::{signal, spandsp};

#[derive(Clone, Copy)]
enum Op {
    Encode(Law),
    Decode(Law),
}

#[derive(Clone, Copy)]
enum Impl {
    Spandsp,
    Strowger(Kernel),
    None,
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: g711-blocks <ulaw-encode|alaw-encode|ulaw-decode|alaw-decode> \
         <spandsp|strowger|scalar|sse4.1|avx2|avx512|neon|none> <blocks>"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [op, imp, blocks] = args.as_slice() else {
        return usage();
    };
    let op = match op.as_str() {
        "ulaw-encode" => Op::Encode(Law::Mu),
        "alaw-encode" => Op::Encode(Law::A),
        "ulaw-decode" => Op::Decode(Law::Mu),
        "alaw-decode" => Op::Decode(Law::A),
        _ => return usage(),
    };
    let imp = match imp.as_str() {
        "spandsp" => Impl::Spandsp,
        "none" => Impl::None,
        "strowger" => Impl::Strowger(Kernel::best()),
        name => match Kernel::ALL.into_iter().find(|k| k.name() == name) {
            Some(k) if k.is_available() => Impl::Strowger(k),
            Some(k) => {
                eprintln!("kernel {k} is not available on this CPU");
                return ExitCode::FAILURE;
            }
            None => return usage(),
        },
    };
    let Ok(blocks) = blocks.parse::<u64>() else {
        return usage();
    };

    let pcm = signal::pcm(signal::BLOCK);
    let codes = signal::codes(signal::BLOCK);
    let mut out_codes = [0u8; signal::BLOCK];
    let mut out_pcm = [0i16; signal::BLOCK];
    let mut check: u64 = 0;

    for _ in 0..blocks {
        let pcm = black_box(&pcm[..]);
        let codes = black_box(&codes[..]);
        match (op, imp) {
            (Op::Encode(Law::Mu), Impl::Spandsp) => spandsp::ulaw_encode(pcm, &mut out_codes),
            (Op::Encode(Law::A), Impl::Spandsp) => spandsp::alaw_encode(pcm, &mut out_codes),
            (Op::Decode(Law::Mu), Impl::Spandsp) => spandsp::ulaw_decode(codes, &mut out_pcm),
            (Op::Decode(Law::A), Impl::Spandsp) => spandsp::alaw_decode(codes, &mut out_pcm),
            (Op::Encode(law), Impl::Strowger(k)) => {
                g711::encode_with(k, law, pcm, &mut out_codes).expect("kernel checked above");
            }
            (Op::Decode(law), Impl::Strowger(k)) => {
                g711::decode_with(k, law, codes, &mut out_pcm).expect("kernel checked above");
            }
            (_, Impl::None) => {}
        }
        check = check.wrapping_add(u64::from(black_box(&out_codes)[7]));
        check = check.wrapping_add(black_box(&out_pcm)[7] as u64);
    }
    let which = match imp {
        Impl::Spandsp => "spandsp".to_owned(),
        Impl::Strowger(k) => format!("strowger/{k}"),
        Impl::None => "none".to_owned(),
    };
    println!("{which}: {blocks} blocks, check {check}");
    ExitCode::SUCCESS
}
