//! RTCP: compound parsing never panics; whatever parses re-emits and parses back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strowger_rtp::wire::rtcp::{compound_len, emit_compound, parse_compound, Compound};

fuzz_target!(|data: &[u8]| {
    let _ = Compound::validate(data);
    let Ok(pkts) = parse_compound(data) else {
        return;
    };
    let mut out = vec![0u8; compound_len(&pkts)];
    // Emitting may refuse what the wire cannot carry (e.g. an odd number of RLE chunks is
    // padded), but it must not panic, and what it writes must parse back equal.
    if let Ok(n) = emit_compound(&pkts, &mut out) {
        let again = parse_compound(&out[..n]).expect("our own output parses");
        let mut out2 = vec![0u8; compound_len(&again)];
        let m = emit_compound(&again, &mut out2).unwrap();
        assert_eq!(
            &out[..n],
            &out2[..m],
            "emit is a fixed point after one round"
        );
    }
});
