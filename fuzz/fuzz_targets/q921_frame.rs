//! LAPD frames: any bytes either fail to parse or parse and re-emit byte-exact (and parse again
//! to the same value); the same bytes as an HDLC bit stream never panic the decoder; and a
//! sequence of frames split out of the input never panics an established data-link entity of
//! either side, whose every transmitted frame parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strowger_q921::hdlc::BitDecoder;
use strowger_q921::wire::tei::TeiMessage;
use strowger_q921::{Config, DataLink, DlRequest, Frame, FrameRepr, Instant, Sapi, Side, Tei};

fuzz_target!(|data: &[u8]| {
    if let Ok(f) = Frame::new_checked(data) {
        let repr = FrameRepr::parse(&f).unwrap();
        let out = repr.to_vec();
        assert_eq!(out, data);
        assert_eq!(FrameRepr::parse_bytes(&out).unwrap(), repr);
        let _ = f.frmr_info();
        if let Ok(m) = TeiMessage::parse(repr.info) {
            let mut b = vec![0u8; m.buffer_len()];
            m.emit(&mut b).unwrap();
            assert_eq!(b, repr.info);
        }
    }

    let mut dec = BitDecoder::new(300);
    dec.push(data, |_| {});

    // Frames: a length octet, then that many octets; the first octet's top bit picks the side,
    // bit 6 whether to start established, bit 5 whether to queue data first.
    let Some((&sel, mut rest)) = data.split_first() else {
        return;
    };
    let side = if sel & 0x80 != 0 {
        Side::Network
    } else {
        Side::User
    };
    let mut dl = DataLink::new(Config::default(), side, Sapi::CALL_CONTROL, Tei::ZERO);
    let mut now = Instant::ZERO;
    if sel & 0x40 != 0 {
        let sabme = if side == Side::User {
            [0x02, 0x01, 0x7f]
        } else {
            [0x00, 0x01, 0x7f]
        };
        dl.handle_frame(now, &sabme);
    }
    if sel & 0x20 != 0 {
        let _ = dl.handle_request(now, DlRequest::Data(b"\x08\x02\x00\x01\x75"));
        let _ = dl.handle_request(now, DlRequest::Data(b"\x08\x02\x00\x02\x75"));
    }
    while let Some((&len, tail)) = rest.split_first() {
        let n = usize::from(len & 0x3f).min(tail.len());
        let (frame, tail) = tail.split_at(n);
        rest = tail;
        match len >> 6 {
            0 | 1 => dl.handle_frame(now, frame),
            2 => {
                now = dl.poll_timeout().unwrap_or(now);
                dl.handle_timeout(now);
            }
            _ => {
                let _ = dl.handle_request(now, DlRequest::Data(frame));
            }
        }
        while let Some(t) = dl.poll_transmit() {
            FrameRepr::parse_bytes(&t.frame).expect("we emit only valid frames");
        }
        while dl.poll_event().is_some() {}
    }
});
