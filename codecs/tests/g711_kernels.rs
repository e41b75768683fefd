//! Every SIMD kernel gives exactly the scalar reference's bits, on random slices of random
//! lengths and alignments (so vector bodies, tails and unaligned starts are all exercised).

use proptest::prelude::*;
use strowger_codecs::g711::{self, Law};
use strowger_codecs::Kernel;

fn laws() -> impl Strategy<Value = Law> {
    prop_oneof![Just(Law::Mu), Just(Law::A)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn encode_kernels_equal_scalar(
        law in laws(),
        data in proptest::collection::vec(any::<i16>(), 0..400),
        skip in 0usize..16,
    ) {
        let input = &data[skip.min(data.len())..];
        let mut want = vec![0u8; input.len() + 7];
        g711::encode_with(Kernel::Scalar, law, input, &mut want[3..]).unwrap();
        for k in Kernel::available() {
            let mut got = vec![0u8; input.len() + 7];
            g711::encode_with(k, law, input, &mut got[3..]).unwrap();
            prop_assert_eq!(&got[3..3 + input.len()], &want[3..3 + input.len()], "kernel {}", k);
            prop_assert!(got[..3].iter().chain(&got[3 + input.len()..]).all(|&b| b == 0), "kernel {} wrote outside its output", k);
        }
    }

    #[test]
    fn transcode_kernels_equal_the_tables(
        law in laws(),
        data in proptest::collection::vec(any::<u8>(), 0..400),
        skip in 0usize..16,
    ) {
        let input = &data[skip.min(data.len())..];
        let want: Vec<u8> = input
            .iter()
            .map(|&c| match law {
                Law::Mu => g711::ulaw_to_alaw_sample(c),
                Law::A => g711::alaw_to_ulaw_sample(c),
            })
            .collect();
        for k in Kernel::available() {
            let mut got = vec![0xA5u8; input.len() + 2];
            g711::transcode_with(k, law, input, &mut got[1..]).unwrap();
            prop_assert_eq!(&got[1..1 + input.len()], &want[..], "kernel {}", k);
            prop_assert!(got[0] == 0xA5 && got[1 + input.len()] == 0xA5, "kernel {} wrote outside its output", k);
        }
        let mut in_place = input.to_vec();
        g711::transcode_in_place(law, &mut in_place);
        prop_assert_eq!(in_place, want);
    }

    #[test]
    fn decode_kernels_equal_scalar(
        law in laws(),
        data in proptest::collection::vec(any::<u8>(), 0..400),
        skip in 0usize..16,
    ) {
        let input = &data[skip.min(data.len())..];
        let mut want = vec![0i16; input.len()];
        g711::decode_with(Kernel::Scalar, law, input, &mut want).unwrap();
        for k in Kernel::available() {
            let mut got = vec![0x5A5Ai16; input.len() + 5];
            g711::decode_with(k, law, input, &mut got[1..]).unwrap();
            prop_assert_eq!(&got[1..1 + input.len()], &want[..], "kernel {}", k);
            prop_assert!(got[0] == 0x5A5A && got[1 + input.len()..].iter().all(|&v| v == 0x5A5A), "kernel {} wrote outside its output", k);
        }
    }
}

#[test]
fn short_output_is_an_error_and_writes_nothing() {
    let pcm = [1i16; 10];
    let mut out = [0u8; 9];
    let err = g711::encode(Law::Mu, &pcm, &mut out).unwrap_err();
    assert_eq!(
        err,
        strowger_codecs::Error::BufferTooSmall {
            required: 10,
            available: 9
        }
    );
    assert_eq!(out, [0u8; 9]);
    let mut pcm_out = [0i16; 3];
    assert!(g711::decode(Law::A, &[0u8; 4], &mut pcm_out).is_err());
}

#[test]
fn unavailable_kernels_are_refused() {
    for k in Kernel::ALL {
        let r = g711::encode_with(k, Law::Mu, &[0], &mut [0]);
        assert_eq!(r.is_ok(), k.is_available(), "{k}");
    }
    assert!(Kernel::best().is_available());
}

#[test]
fn reconstruction_levels_encode_to_themselves() {
    // Decoding gives a reconstruction level, which encodes back to a code of the same level
    // (the same code, except µ-law's negative zero 0x7F, whose level 0 encodes as 0xFF).
    for c in 0..=255u8 {
        let level = g711::ulaw_decode_sample(c);
        let again = g711::ulaw_encode_sample(level);
        assert_eq!(g711::ulaw_decode_sample(again), level, "µ-law {c:#04x}");
        assert!(again == c || (c, again) == (0x7F, 0xFF), "µ-law {c:#04x}");
        let level = g711::alaw_decode_sample(c);
        assert_eq!(g711::alaw_encode_sample(level), c, "A-law {c:#04x}");
    }
}
