//! Property tests: emit then parse gives back the same value, for every wire structure, and the
//! HDLC layer gives back the frames it was handed.

use proptest::prelude::*;
use strowger_q921::hdlc::{self, BitDecoder, BitEncoder, Decoded};
use strowger_q921::wire::tei::{TeiMessage, TeiMessageType};
use strowger_q921::{
    Address, Control, Frame, FrameRepr, FrmrInfo, SFunction, Sapi, Tei, UFunction,
};

fn address() -> impl Strategy<Value = Address> {
    (0u8..64, any::<bool>(), 0u8..128).prop_map(|(s, cr, t)| Address {
        sapi: Sapi::new(s).unwrap(),
        cr,
        tei: Tei::new(t).unwrap(),
    })
}

fn control() -> impl Strategy<Value = Control> {
    let s = prop_oneof![
        Just(SFunction::Rr),
        Just(SFunction::Rnr),
        Just(SFunction::Rej)
    ];
    let u = prop_oneof![
        Just(UFunction::Sabme),
        Just(UFunction::Dm),
        Just(UFunction::Ui),
        Just(UFunction::Disc),
        Just(UFunction::Ua),
        Just(UFunction::Frmr),
        Just(UFunction::Xid)
    ];
    prop_oneof![
        (0u8..128, 0u8..128, any::<bool>()).prop_map(|(ns, nr, p)| Control::I { ns, nr, p }),
        (s, 0u8..128, any::<bool>()).prop_map(|(function, nr, pf)| Control::S { function, nr, pf }),
        (u, any::<bool>()).prop_map(|(function, pf)| Control::U { function, pf }),
    ]
}

proptest! {
    #[test]
    fn frame_repr_round_trips(a in address(), c in control(), info in proptest::collection::vec(any::<u8>(), 0..300)) {
        let repr = FrameRepr { address: a, control: c, info: &info };
        let bytes = repr.to_vec();
        prop_assert_eq!(bytes.len(), repr.buffer_len());
        let back = FrameRepr::parse_bytes(&bytes).unwrap();
        prop_assert_eq!(back, repr);
        // Too small a buffer is reported, not a panic.
        let mut short = vec![0u8; bytes.len() - 1];
        prop_assert_eq!(repr.emit(&mut short).unwrap_err().required, bytes.len());
    }

    #[test]
    fn any_bytes_parse_or_fail_and_reemit_exactly(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
        if let Ok(f) = Frame::new_checked(&bytes[..]) {
            let repr = FrameRepr::parse(&f).unwrap();
            prop_assert_eq!(repr.to_vec(), bytes);
        }
    }

    #[test]
    fn frmr_info_round_trips(c0 in any::<u8>(), c1 in any::<u8>(), vs in 0u8..128, vr in 0u8..128,
                             cr in any::<bool>(), w in any::<bool>(), x in any::<bool>(), y in any::<bool>(), z in any::<bool>()) {
        let i = FrmrInfo { rejected_control: [c0, c1], vs, vr, cr, w, x, y, z };
        let mut b = [0u8; 5];
        i.emit(&mut b).unwrap();
        prop_assert_eq!(FrmrInfo::parse(&b).unwrap(), i);
    }

    #[test]
    fn tei_messages_round_trip(ri in any::<u16>(), t in 1u8..8, ai in 0u8..128, teis in proptest::collection::vec(0u8..128, 1..16)) {
        let ty = TeiMessageType::from_code(t).unwrap();
        let m = if ty == TeiMessageType::IdentityCheckResponse {
            TeiMessage::check_response(ri, &teis).unwrap()
        } else {
            TeiMessage::new(ty, ri, ai)
        };
        let mut b = vec![0u8; m.buffer_len()];
        m.emit(&mut b).unwrap();
        prop_assert_eq!(TeiMessage::parse(&b).unwrap(), m);
    }

    #[test]
    fn octet_framing_fcs_round_trips_and_catches_any_single_bit_error(
        frame in proptest::collection::vec(any::<u8>(), 3..300), bit in any::<usize>()) {
        let mut v = frame.clone();
        hdlc::append_fcs(&mut v);
        prop_assert_eq!(hdlc::check_and_strip_fcs(&v).unwrap(), &frame[..]);
        let bit = bit % (v.len() * 8);
        v[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(hdlc::check_and_strip_fcs(&v).is_err());
    }

    #[test]
    fn bit_stuffing_round_trips_in_any_chunking(
        frames in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 3..80), 1..6),
        chunk in 1usize..9, fill in 0usize..3) {
        let mut enc = BitEncoder::new();
        for f in &frames {
            enc.push_frame(f);
            enc.push_flags(fill);
        }
        let stream = enc.finish();
        // No six ones in a row inside a frame: every 0x7e-aligned run is a real flag.
        let mut dec = BitDecoder::new(400);
        let mut got = Vec::new();
        for c in stream.chunks(chunk) {
            dec.push(c, |d| got.push(d));
        }
        let want: Vec<Decoded> = frames.iter().cloned().map(Decoded::Frame).collect();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn fcs16_is_crc16_x25() {
    // The CRC catalogue's check value of CRC-16/IBM-SDLC (X.25) over "123456789".
    assert_eq!(hdlc::fcs16(b"123456789"), 0x906e);
    let mut v = b"123456789".to_vec();
    hdlc::append_fcs(&mut v);
    assert_eq!(&v[9..], &[0x6e, 0x90], "low octet first");
}

#[test]
fn bit_stream_of_a_sabme_is_stuffed_and_checked() {
    let mut enc = BitEncoder::new();
    enc.push_frame(&[0x00, 0x01, 0x7f]);
    let stream = enc.finish();
    assert_eq!(stream[0], 0x7e);
    // 0x7f has seven ones: one zero is inserted, so the stream is one bit longer than
    // 2 flags + 5 octets and the last octet is padded with ones.
    assert_eq!(stream.len(), 8);
    let mut dec = BitDecoder::new(300);
    let mut got = Vec::new();
    dec.push(&stream, |d| got.push(d));
    assert_eq!(got, vec![Decoded::Frame(vec![0x00, 0x01, 0x7f])]);

    // A corrupted bit gives Invalid, an abort gives Aborted.
    let mut bad = stream.clone();
    bad[3] ^= 0x04;
    let mut got = Vec::new();
    BitDecoder::new(300).push(&bad, |d| got.push(d));
    assert_eq!(got, vec![Decoded::Invalid]);
    let mut got = Vec::new();
    BitDecoder::new(300).push(&[0x7e, 0x00, 0x01, 0xff, 0xff], |d| got.push(d));
    assert_eq!(got, vec![Decoded::Aborted]);
}
