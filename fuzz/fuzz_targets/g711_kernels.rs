//! Every G.711 kernel equals the scalar reference, for any input, at any offset, and never
//! writes outside its output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strowger_codecs::g711::{self, Law};
use strowger_codecs::Kernel;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let law = if sel & 1 == 0 { Law::Mu } else { Law::A };
    let skip = usize::from(sel >> 1) % 8;
    let rest = &rest[skip.min(rest.len())..];

    let pcm: Vec<i16> = rest
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let mut want = vec![0u8; pcm.len()];
    g711::encode_with(Kernel::Scalar, law, &pcm, &mut want).unwrap();
    let mut want_pcm = vec![0i16; rest.len()];
    g711::decode_with(Kernel::Scalar, law, rest, &mut want_pcm).unwrap();

    for k in Kernel::available() {
        let mut got = vec![0xA5u8; pcm.len() + 1];
        g711::encode_with(k, law, &pcm, &mut got).unwrap();
        assert_eq!(&got[..pcm.len()], &want[..], "encode on {k}");
        assert_eq!(got[pcm.len()], 0xA5, "encode on {k} wrote past the end");

        let mut got = vec![0x5A5Ai16; rest.len() + 1];
        g711::decode_with(k, law, rest, &mut got).unwrap();
        assert_eq!(&got[..rest.len()], &want_pcm[..], "decode on {k}");
        assert_eq!(got[rest.len()], 0x5A5A, "decode on {k} wrote past the end");
    }
});
