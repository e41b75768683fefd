//! strowger-codecs' G.711 against spandsp 0.0.6 (Debian libspandsp-dev), exhaustively.
//!
//! * Decoders: all 256 codes of both laws decode to the same value.
//! * Encoders: all 65,536 inputs. A-law agrees everywhere. µ-law differs on exactly
//!   [`ULAW_ENCODE_DIFFERENCES`] negative inputs, each on a decision boundary: spandsp negates a
//!   negative input (`-x`) where G.711 / G.191 takes the one's complement (`!x = -x - 1`).
//! * µ↔A transcoding: spandsp's exported `ulaw_to_alaw` / `alaw_to_ulaw` equal our G.711
//!   Tables 3/4 (with the 1994-corrected entries) for all 256 codes.

use strowger_codecs::g711::{self, Law};
use strowger_codecs::Kernel;
use strowger_peer_bench::spandsp;
use strowger_testsupport::{read_words, vectors_dir};

/// Inputs on which spandsp's µ-law encoder gives another code than G.191 (measured).
const ULAW_ENCODE_DIFFERENCES: usize = 127;
/// Inputs on which spandsp's A-law encoder gives another code than G.191 (measured).
const ALAW_ENCODE_DIFFERENCES: usize = 0;

fn all_inputs() -> Vec<i16> {
    (i16::MIN..=i16::MAX).collect()
}

fn all_codes() -> Vec<u8> {
    (0..=255).collect()
}

fn spandsp_encode(law: Law, pcm: &[i16]) -> Vec<u8> {
    let mut out = vec![0u8; pcm.len()];
    match law {
        Law::Mu => spandsp::ulaw_encode(pcm, &mut out),
        Law::A => spandsp::alaw_encode(pcm, &mut out),
    }
    out
}

fn spandsp_decode(law: Law, codes: &[u8]) -> Vec<i16> {
    let mut out = vec![0i16; codes.len()];
    match law {
        Law::Mu => spandsp::ulaw_decode(codes, &mut out),
        Law::A => spandsp::alaw_decode(codes, &mut out),
    }
    out
}

fn ours_encode_sample(law: Law, x: i16) -> u8 {
    match law {
        Law::Mu => g711::ulaw_encode_sample(x),
        Law::A => g711::alaw_encode_sample(x),
    }
}

/// Inputs where spandsp's encoder differs from ours, checking first that every kernel of
/// ours gives the sample functions' codes (so the comparison holds for all of them).
fn encode_differences(law: Law) -> Vec<i16> {
    let input = all_inputs();
    let theirs = spandsp_encode(law, &input);
    let reference: Vec<u8> = input.iter().map(|&x| ours_encode_sample(law, x)).collect();
    for k in Kernel::available() {
        let mut ours = vec![0u8; input.len()];
        g711::encode_with(k, law, &input, &mut ours).unwrap();
        assert!(
            ours == reference,
            "{law:?} kernel {k} disagrees with the sample functions"
        );
    }
    input
        .iter()
        .zip(theirs.iter().zip(&reference))
        .filter(|(_, (t, o))| t != o)
        .map(|(&x, _)| x)
        .collect()
}

#[test]
fn decoders_agree_on_all_256_codes() {
    let codes = all_codes();
    for law in [Law::Mu, Law::A] {
        let theirs = spandsp_decode(law, &codes);
        for k in Kernel::available() {
            let mut ours = [0i16; 256];
            g711::decode_with(k, law, &codes, &mut ours).unwrap();
            for c in 0..256 {
                assert_eq!(
                    theirs[c], ours[c],
                    "{law:?} code {c:#04x}: spandsp {} vs strowger/{k} {}",
                    theirs[c], ours[c]
                );
            }
        }
        for &c in &codes {
            let ours = match law {
                Law::Mu => g711::ulaw_decode_sample(c),
                Law::A => g711::alaw_decode_sample(c),
            };
            assert_eq!(theirs[c as usize], ours, "{law:?} code {c:#04x}");
        }
    }
}

#[test]
fn alaw_encoders_agree_on_all_65536_inputs() {
    let diffs = encode_differences(Law::A);
    assert_eq!(
        diffs.len(),
        ALAW_ENCODE_DIFFERENCES,
        "A-law inputs that differ: {diffs:?}"
    );
}

#[test]
fn ulaw_encoders_differ_only_where_spandsp_negates_instead_of_complementing() {
    let diffs = encode_differences(Law::Mu);
    eprintln!(
        "µ-law: spandsp differs from G.191 on {} of 65,536 inputs: {:?} .. {:?}",
        diffs.len(),
        &diffs[..diffs.len().min(4)],
        &diffs[diffs.len().saturating_sub(4)..]
    );
    assert_eq!(diffs.len(), ULAW_ENCODE_DIFFERENCES);

    for &x in &diffs {
        let theirs = spandsp::ulaw_encode_sample(x);
        let ours = g711::ulaw_encode_sample(x);
        assert!(x < 0 && x > i16::MIN, "{x}: only negative inputs differ");
        // G.191 encodes a negative x as the mirror of its one's complement !x = -x - 1 ...
        assert_eq!(
            ours,
            g711::ulaw_encode_sample(!x) ^ 0x80,
            "{x}: G.191 complements"
        );
        // ... spandsp as the mirror of its negation -x.
        assert_eq!(
            theirs,
            g711::ulaw_encode_sample(-x) ^ 0x80,
            "{x}: spandsp negates"
        );
        // Which matters only where -x and -x - 1 fall on either side of a decision threshold.
        assert_ne!(
            g711::ulaw_encode_sample(-x),
            g711::ulaw_encode_sample(!x),
            "{x}: -x is a decision boundary"
        );
        // spandsp picks the neighbouring interval, one step larger in magnitude.
        assert_eq!(theirs, ours - 1, "{x}: adjacent codes");
    }

    // Conversely every negative decision boundary (127: 128 intervals on the negative side) is
    // one of the differences, so the rule above explains all of them and nothing else.
    let boundaries: Vec<i16> = (i16::MIN + 1..0)
        .filter(|&x| g711::ulaw_encode_sample(-x) != g711::ulaw_encode_sample(!x))
        .collect();
    assert_eq!(boundaries, diffs);
}

#[test]
fn transcoding_tables_agree_on_all_256_codes() {
    let codes = all_codes();
    for (name, theirs_fn, ours_fn) in [
        (
            "ulaw_to_alaw",
            spandsp::ulaw_to_alaw as fn(&[u8], &mut [u8]),
            g711::ulaw_to_alaw as fn(&[u8], &mut [u8]) -> Result<usize, strowger_codecs::Error>,
        ),
        ("alaw_to_ulaw", spandsp::alaw_to_ulaw, g711::alaw_to_ulaw),
    ] {
        let mut theirs = [0u8; 256];
        let mut ours = [0u8; 256];
        theirs_fn(&codes, &mut theirs);
        ours_fn(&codes, &mut ours).unwrap();
        let differing: Vec<String> = (0..256)
            .filter(|&c| theirs[c] != ours[c])
            .map(|c| format!("{c:#04x}: spandsp {:#04x} ours {:#04x}", theirs[c], ours[c]))
            .collect();
        assert!(differing.is_empty(), "{name} differs: {differing:?}");
    }

    // The 1994-corrected entries (µ magnitude 80 -> A 80, A magnitude 79 -> µ 80), both signs.
    let mut out = [0u8; 4];
    spandsp::ulaw_to_alaw(&[0xFF ^ 80, 0x7F ^ 80], &mut out[..2]);
    assert_eq!(out[..2], [0xD5 ^ 79, 0x55 ^ 79]);
    spandsp::alaw_to_ulaw(&[0xD5 ^ 79, 0x55 ^ 79], &mut out[2..]);
    assert_eq!(out[2..], [0xFF ^ 80, 0x7F ^ 80]);
}

#[test]
fn spandsp_against_the_g191_sweep() {
    let Some(dir) = vectors_dir() else { return };
    let input = read_words(&dir.join("g711/sweep.src"));
    assert_eq!(input, all_inputs(), "sweep.src is the full ramp");
    for (law, codes_file, decoded_file, want_diffs) in [
        (
            Law::A,
            "g711/sweep-r.a",
            "g711/sweep-r.a-a",
            ALAW_ENCODE_DIFFERENCES,
        ),
        (
            Law::Mu,
            "g711/sweep-r.u",
            "g711/sweep-r.u-u",
            ULAW_ENCODE_DIFFERENCES,
        ),
    ] {
        let want_codes: Vec<u8> = read_words(&dir.join(codes_file))
            .into_iter()
            .map(|w| u8::try_from(w).expect("one code per word"))
            .collect();
        let theirs = spandsp_encode(law, &input);
        let diffs = theirs
            .iter()
            .zip(&want_codes)
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(diffs, want_diffs, "{law:?}: spandsp vs {codes_file}");

        // spandsp decodes the reference codes exactly as G.191 does.
        let want_pcm = read_words(&dir.join(decoded_file));
        assert!(
            spandsp_decode(law, &want_codes) == want_pcm,
            "{law:?} vs {decoded_file}"
        );
    }
}

#[test]
#[should_panic(expected = "output buffer too small")]
fn short_output_panics() {
    spandsp::ulaw_encode(&[0; 4], &mut [0; 3]);
}
