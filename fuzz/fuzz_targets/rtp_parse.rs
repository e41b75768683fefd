//! RTP: the checked view never panics; whatever parses re-emits to the same bytes and parses
//! back equal; RFC 8285 elements, telephone events and CN payloads are walked too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strowger_rtp::packetize::{depacketize, FrameLayout};
use strowger_rtp::{ComfortNoise, RtpPacket, RtpRepr, TelephoneEvent};

fuzz_target!(|data: &[u8]| {
    let Ok(view) = RtpPacket::new_checked(data) else {
        return;
    };
    let _ = (view.header_len(), view.payload(), view.csrcs().count());
    let repr = RtpRepr::parse(&view).expect("a checked packet always parses");
    if let Some(ext) = repr.extension {
        if let Some(els) = ext.elements() {
            for e in els {
                if e.is_err() {
                    break;
                }
            }
        }
    }
    let mut out = vec![0u8; repr.buffer_len()];
    let n = repr.emit(&mut out).expect("buffer_len is enough");
    // Byte-exact except for the padding bytes, which are not kept (only their count is).
    let body = n - view.padding_len();
    assert_eq!(n, data.len());
    assert_eq!(&out[..body], &data[..body], "emit(parse(x)) == x");
    assert_eq!(out[n - 1], data[n - 1]);
    assert_eq!(RtpRepr::parse_bytes(&out[..n]).unwrap(), repr);
    if let Ok(ev) = TelephoneEvent::parse(repr.payload) {
        assert_eq!(
            &ev.to_bytes()[..2],
            &[repr.payload[0], repr.payload[1] & 0xbf][..]
        );
    }
    let _ = ComfortNoise::parse(repr.payload);
    for layout in [FrameLayout::G711, FrameLayout::G729, FrameLayout::G7231] {
        let _ = depacketize(layout, repr.payload);
    }
});
