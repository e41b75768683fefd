//! G.729 Annex A (and Annex A + B) against the ITU test vectors listed in
//! `../shared/vectors/MANIFEST.tsv`: one test per vector pair, every sample and every bit.

use std::path::PathBuf;

use strowger_codecs::g729::{serial, G729Decoder, G729Encoder, FRAME_SAMPLES};
use strowger_testsupport as common;

fn vector(name: &str) -> Option<PathBuf> {
    let dir = common::vectors_dir()?;
    let p = dir.join(name);
    if !p.is_file() {
        assert!(
            !common::in_ci(),
            "{} missing (CI=true: required)",
            p.display()
        );
        eprintln!("SKIPPED: {} not found", p.display());
        return None;
    }
    Some(p)
}

/// Decodes a serial bitstream and compares with the reference output, sample for sample.
fn check_decoder(bitstream: &str, expected: &str, frames: usize) {
    let (Some(bit), Some(pst)) = (vector(bitstream), vector(expected)) else {
        return;
    };
    let bytes = std::fs::read(bit).unwrap();
    let want = common::read_words(&pst);
    let mut dec = G729Decoder::new();
    let mut out = [0i16; FRAME_SAMPLES];
    let mut n = 0;
    for f in serial::frames(&bytes) {
        if f.erased {
            dec.conceal_frame(&mut out);
        } else {
            dec.decode_frame(&f.frame, &mut out);
        }
        let w = &want[n * FRAME_SAMPLES..(n + 1) * FRAME_SAMPLES];
        if let Some(i) = out.iter().zip(w).position(|(a, b)| a != b) {
            panic!(
                "{bitstream}: frame {n} ({:?}, erased {}) differs at sample {i}: got {:?}, want {:?}",
                f.frame,
                f.erased,
                &out[i..(i + 8).min(FRAME_SAMPLES)],
                &w[i..(i + 8).min(FRAME_SAMPLES)]
            );
        }
        n += 1;
    }
    assert_eq!(n, frames, "{bitstream}: frame count");
    assert_eq!(want.len(), frames * FRAME_SAMPLES, "{expected}: length");
}

macro_rules! decoder_vectors {
    ($($name:ident: $bit:literal => $pst:literal, $frames:literal;)*) => {
        $(
            #[test]
            fn $name() {
                check_decoder($bit, $pst, $frames);
            }
        )*
    };
}

decoder_vectors! {
    dec_algthm: "g729a/ALGTHM.BIT" => "g729a/ALGTHM.PST", 35;
    dec_erasure: "g729a/ERASURE.BIT" => "g729a/ERASURE.PST", 300;
    dec_fixed: "g729a/FIXED.BIT" => "g729a/FIXED.PST", 120;
    dec_lsp: "g729a/LSP.BIT" => "g729a/LSP.PST", 2232;
    dec_overflow: "g729a/OVERFLOW.BIT" => "g729a/OVERFLOW.PST", 384;
    dec_parity: "g729a/PARITY.BIT" => "g729a/PARITY.PST", 300;
    dec_pitch: "g729a/PITCH.BIT" => "g729a/PITCH.PST", 1835;
    dec_speech: "g729a/SPEECH.BIT" => "g729a/SPEECH.PST", 3750;
    dec_tame: "g729a/TAME.BIT" => "g729a/TAME.PST", 128;
    dec_test: "g729a/TEST.BIT" => "g729a/TEST.pst", 176;
    dec_b_tstseq1: "g729b/tstseq1a.bit" => "g729b/tstseq1a.out", 998;
    dec_b_tstseq2: "g729b/tstseq2a.bit" => "g729b/tstseq2a.out", 273;
    dec_b_tstseq3: "g729b/tstseq3a.bit" => "g729b/tstseq3a.out", 856;
    dec_b_tstseq4: "g729b/tstseq4a.bit" => "g729b/tstseq4a.out", 800;
    dec_b_tstseq5: "g729b/tstseq5.bit" => "g729b/tstseq5a.out", 46;
    dec_b_tstseq6: "g729b/tstseq6.bit" => "g729b/tstseq6a.out", 100;
}

/// Encodes PCM (dropping a trailing partial frame, as the reference does) and compares the
/// serial bitstream with the reference, frame by frame.
fn check_encoder(input: &str, expected: &str, frames: usize, vad: bool) {
    let (Some(pcm), Some(bit)) = (vector(input), vector(expected)) else {
        return;
    };
    let pcm = common::read_words(&pcm);
    let want = std::fs::read(bit).unwrap();
    let mut enc = if vad {
        G729Encoder::with_vad()
    } else {
        G729Encoder::new()
    };
    let mut pos = 0;
    let mut n = 0;
    let mut got = Vec::with_capacity(164);
    for chunk in pcm.chunks_exact(FRAME_SAMPLES) {
        let frame = enc.encode_frame(chunk.try_into().unwrap());
        got.clear();
        serial::write_frame(&frame, &mut got);
        let (want_frame, used) = serial::read_frame(&want[pos..])
            .unwrap_or_else(|| panic!("{expected}: stream ends before frame {n}"));
        assert_eq!(
            frame, want_frame.frame,
            "{input}: frame {n} parameters differ"
        );
        assert_eq!(
            got,
            &want[pos..pos + used],
            "{input}: frame {n} bytes differ"
        );
        pos += used;
        n += 1;
    }
    assert_eq!(n, frames, "{input}: frame count");
    assert_eq!(pos, want.len(), "{expected}: trailing data");
}

macro_rules! encoder_vectors {
    ($($name:ident: $pcm:literal => $bit:literal, $frames:literal, $vad:literal;)*) => {
        $(
            #[test]
            fn $name() {
                check_encoder($pcm, $bit, $frames, $vad);
            }
        )*
    };
}

encoder_vectors! {
    enc_algthm: "g729a/ALGTHM.IN" => "g729a/ALGTHM.BIT", 35, false;
    enc_fixed: "g729a/FIXED.IN" => "g729a/FIXED.BIT", 120, false;
    enc_lsp: "g729a/LSP.IN" => "g729a/LSP.BIT", 2232, false;
    enc_pitch: "g729a/PITCH.IN" => "g729a/PITCH.BIT", 1835, false;
    enc_speech: "g729a/SPEECH.IN" => "g729a/SPEECH.BIT", 3750, false;
    enc_tame: "g729a/TAME.IN" => "g729a/TAME.BIT", 128, false;
    enc_test: "g729a/TEST.IN" => "g729a/TEST.BIT", 176, false;
    enc_b_tstseq1: "g729b/tstseq1.bin" => "g729b/tstseq1a.bit", 998, true;
    enc_b_tstseq2: "g729b/tstseq2.bin" => "g729b/tstseq2a.bit", 273, true;
    enc_b_tstseq3: "g729b/tstseq3.bin" => "g729b/tstseq3a.bit", 856, true;
    enc_b_tstseq4: "g729b/tstseq4.bin" => "g729b/tstseq4a.bit", 800, true;
}
