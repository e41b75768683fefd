//! G.711 against the ITU-T G.191 sweep vectors, on every kernel this CPU can run.

use strowger_testsupport as common;

use strowger_codecs::g711::{self, Law};
use strowger_codecs::Kernel;

struct Case {
    law: Law,
    codes: &'static str,
    decoded: &'static str,
}

const CASES: [Case; 2] = [
    Case {
        law: Law::A,
        codes: "g711/sweep-r.a",
        decoded: "g711/sweep-r.a-a",
    },
    Case {
        law: Law::Mu,
        codes: "g711/sweep-r.u",
        decoded: "g711/sweep-r.u-u",
    },
];

#[test]
fn sweep_is_bit_exact_on_every_kernel() {
    let Some(dir) = common::vectors_dir() else {
        return;
    };
    let input = common::read_words(&dir.join("g711/sweep.src"));
    assert_eq!(input.len(), 65_536);
    let expected_ramp: Vec<i16> = (i16::MIN..=i16::MAX).collect();
    assert_eq!(input, expected_ramp, "sweep.src is the full ramp");

    let kernels: Vec<Kernel> = Kernel::available().collect();
    assert!(kernels.contains(&Kernel::Scalar));
    eprintln!("kernels under test: {kernels:?}");

    for case in &CASES {
        let want_codes: Vec<u8> = common::read_words(&dir.join(case.codes))
            .into_iter()
            .map(|w| u8::try_from(w).expect("one code per word, high byte zero"))
            .collect();
        let want_pcm = common::read_words(&dir.join(case.decoded));

        let mut seen = [false; 256];
        for &c in &want_codes {
            seen[c as usize] = true;
        }
        assert!(seen.iter().all(|&s| s), "the sweep reaches all 256 codes");

        for &k in &kernels {
            let mut codes = vec![0u8; input.len()];
            g711::encode_with(k, case.law, &input, &mut codes).unwrap();
            let first_bad = codes.iter().zip(&want_codes).position(|(a, b)| a != b);
            assert_eq!(
                first_bad, None,
                "{:?} encode on {k} differs at input index",
                case.law
            );

            let mut pcm = vec![0i16; codes.len()];
            g711::decode_with(k, case.law, &want_codes, &mut pcm).unwrap();
            let first_bad = pcm.iter().zip(&want_pcm).position(|(a, b)| a != b);
            assert_eq!(
                first_bad, None,
                "{:?} decode on {k} differs at index",
                case.law
            );
        }

        // The sample functions are the specification the kernels are checked against.
        for (i, &x) in input.iter().enumerate() {
            let c = match case.law {
                Law::Mu => g711::ulaw_encode_sample(x),
                Law::A => g711::alaw_encode_sample(x),
            };
            assert_eq!(c, want_codes[i]);
        }
    }
}

#[test]
fn all_256_codes_decode_on_every_kernel_like_the_sample_functions() {
    let codes: Vec<u8> = (0..=255).collect();
    for k in Kernel::available() {
        for law in [Law::Mu, Law::A] {
            let mut pcm = [0i16; 256];
            g711::decode_with(k, law, &codes, &mut pcm).unwrap();
            for (c, &v) in pcm.iter().enumerate() {
                let want = match law {
                    Law::Mu => g711::ulaw_decode_sample(c as u8),
                    Law::A => g711::alaw_decode_sample(c as u8),
                };
                assert_eq!(v, want, "{law:?} code {c:#04x} on {k}");
            }
        }
    }
}
