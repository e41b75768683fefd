//! G.729 frame I/O: the RFC 3551 payload and the ITU serial format, through the crate's
//! `Encoder` / `Decoder` traits.

use strowger_codecs::g729::{
    serial, Frame, G729Decoder, G729Encoder, FRAME_SAMPLES, SID_FRAME_BYTES, SPEECH_FRAME_BYTES,
};
use strowger_codecs::{Decoder, Encoder, Error};
use strowger_testsupport as common;

const SPEECH: Frame = Frame::Speech([
    0b1010_0101,
    0b11_0000_1111,
    0b0111_1000,
    1,
    0b1_0010_0011_0100,
    0b1001,
    0b101_0110,
    0b1_0101,
    0b0_1111_0000_1111,
    0b0110,
    0b011_1100,
]);
const SID: Frame = Frame::Sid([1, 0b1_0110, 0b1001, 0b0_0111]);

#[test]
fn speech_frame_packs_msb_first_in_table_8_order() {
    let mut buf = [0u8; 10];
    assert_eq!(SPEECH.emit(&mut buf), Ok(SPEECH_FRAME_BYTES));
    // 10100101 1100001111 01111000 1 1001000110100 1001 1010110 10101 0111100001111 0110 0111100
    let bits = "10100101110000111101111000110010001101001001101011010101011110000111101100111100";
    let want: Vec<u8> = bits
        .as_bytes()
        .chunks(8)
        .map(|b| b.iter().fold(0u8, |a, &c| (a << 1) | (c - b'0')))
        .collect();
    assert_eq!(buf.to_vec(), want);
    assert_eq!(Frame::parse_payload(&buf), Some((SPEECH, 10)));
}

#[test]
fn sid_frame_is_two_bytes_with_a_zero_pad_bit() {
    let mut buf = [0xffu8; 2];
    assert_eq!(SID.emit(&mut buf), Ok(SID_FRAME_BYTES));
    assert_eq!(buf, [0b1101_1010, 0b0100_1110]);
    assert_eq!(Frame::parse_payload(&buf), Some((SID, 2)));
    assert_eq!(Frame::NoData.emit(&mut buf), Ok(0));
    assert_eq!(
        SPEECH.emit(&mut buf),
        Err(Error::BufferTooSmall {
            required: 10,
            available: 2
        })
    );
    assert_eq!(Frame::parse_payload(&[]), None);
    assert_eq!(Frame::parse_payload(&[0; 5]), None);
}

#[test]
fn serial_round_trip_and_erasure_detection() {
    let mut buf = Vec::new();
    for f in [SPEECH, SID, Frame::NoData] {
        serial::write_frame(&f, &mut buf);
    }
    assert_eq!(buf.len(), 4 + 160 + 4 + 32 + 4);
    let frames: Vec<_> = serial::frames(&buf).collect();
    assert_eq!(frames.len(), 3);
    assert!(frames.iter().all(|f| !f.erased));
    assert_eq!(frames[0].frame, SPEECH);
    assert_eq!(frames[1].frame, SID);
    assert_eq!(frames[2].frame, Frame::NoData);

    // A zero bit word erases a frame; so does a bad sync word on an empty frame.
    let mut damaged = buf.clone();
    damaged[4 + 2 * 17] = 0;
    damaged[4 + 2 * 17 + 1] = 0;
    let last = damaged.len() - 4;
    damaged[last] = 0;
    let frames: Vec<_> = serial::frames(&damaged).collect();
    assert_eq!(
        frames.iter().map(|f| f.erased).collect::<Vec<_>>(),
        [true, false, true]
    );
    // A truncated last frame ends the stream.
    assert_eq!(serial::frames(&buf[..buf.len() - 1]).count(), 2);
}

#[test]
fn traits_carry_several_frames_per_payload() {
    let pcm: Vec<i16> = (0..4 * FRAME_SAMPLES)
        .map(|n| ((n as f64 * 0.21).sin() * 6000.0 + (n as f64 * 0.05).cos() * 3000.0) as i16)
        .collect();

    let mut enc: Box<dyn Encoder> = Box::new(G729Encoder::new());
    assert_eq!(enc.info().encoding_name, "G729");
    assert_eq!(enc.info().payload_type, Some(18));
    assert_eq!(enc.frame_duration().as_millis(), 10);
    let mut payload = [0u8; 40];
    assert_eq!(enc.encode(&pcm, &mut payload), Ok(40));
    assert!(matches!(
        enc.encode(&pcm[..100], &mut payload),
        Err(Error::PartialFrame {
            len: 100,
            frame: 80
        })
    ));

    // The same frames one at a time.
    let mut one = G729Encoder::new();
    let mut frames = Vec::new();
    for chunk in pcm.chunks_exact(FRAME_SAMPLES) {
        frames.push(one.encode_frame(chunk.try_into().unwrap()));
    }
    let mut want = Vec::new();
    for f in &frames {
        let mut b = [0u8; 10];
        let n = f.emit(&mut b).unwrap();
        want.extend_from_slice(&b[..n]);
    }
    assert_eq!(payload.to_vec(), want);

    // Decoding the packet equals decoding frame by frame; a SID may end the packet.
    let mut packet = payload.to_vec();
    let mut sid = [0u8; 2];
    SID.emit(&mut sid).unwrap();
    packet.extend_from_slice(&sid);
    let mut dec: Box<dyn Decoder> = Box::new(G729Decoder::new());
    let mut out = vec![0i16; 5 * FRAME_SAMPLES];
    assert_eq!(dec.decode(&packet, &mut out), Ok(5 * FRAME_SAMPLES));
    let mut reference = G729Decoder::new();
    let mut want_pcm = Vec::new();
    let mut o = [0i16; FRAME_SAMPLES];
    for f in frames.iter().chain([&SID]) {
        reference.decode_frame(f, &mut o);
        want_pcm.extend_from_slice(&o);
    }
    assert_eq!(out, want_pcm);

    // An empty payload is one untransmitted frame; concealment and reset work per frame.
    assert_eq!(dec.decode(&[], &mut out), Ok(FRAME_SAMPLES));
    reference.decode_frame(&Frame::NoData, &mut o);
    assert_eq!(&out[..FRAME_SAMPLES], &o[..]);
    assert_eq!(dec.conceal(&mut out[..160]), Ok(160));
    assert!(matches!(
        dec.conceal(&mut out[..100]),
        Err(Error::PartialFrame { .. })
    ));
    assert!(matches!(
        dec.decode(&packet[..13], &mut out),
        Err(Error::PartialFrame { .. })
    ));
    assert!(matches!(
        dec.decode(&packet, &mut out[..80]),
        Err(Error::BufferTooSmall { required: 400, .. })
    ));
    dec.reset();
    let mut fresh = G729Decoder::new();
    dec.decode(&packet[..10], &mut out).unwrap();
    fresh.decode_frame(&frames[0], &mut o);
    assert_eq!(&out[..FRAME_SAMPLES], &o[..]);
}

/// The Annex B vectors through the RTP path: each frame's payload into `Decoder::decode`
/// (an empty payload for an untransmitted frame) gives the reference output.
#[test]
fn annex_b_vector_through_rtp_payloads() {
    let Some(dir) = common::vectors_dir() else {
        return;
    };
    let bits = std::fs::read(dir.join("g729b/tstseq1a.bit")).unwrap();
    let want = common::read_words(&dir.join("g729b/tstseq1a.out"));
    let mut dec = G729Decoder::new();
    let mut got = Vec::new();
    let mut out = [0i16; FRAME_SAMPLES];
    for f in serial::frames(&bits) {
        assert!(!f.erased);
        let mut payload = [0u8; 10];
        let n = f.frame.emit(&mut payload).unwrap();
        assert_eq!(Decoder::decode(&mut dec, &payload[..n], &mut out), Ok(80));
        got.extend_from_slice(&out);
    }
    assert!(got == want, "tstseq1a through RTP payloads");
}

// Fixed-size values: no heap, nothing allocated per frame.
const _: () = assert!(G729Decoder::STATE_BYTES < 4096 && G729Encoder::STATE_BYTES < 8192);

#[test]
fn state_is_the_whole_channel() {
    assert_eq!(std::mem::size_of::<G729Decoder>(), G729Decoder::STATE_BYTES);
    assert_eq!(std::mem::size_of::<G729Encoder>(), G729Encoder::STATE_BYTES);
    eprintln!(
        "G.729A state: decoder {} bytes, encoder {} bytes",
        G729Decoder::STATE_BYTES,
        G729Encoder::STATE_BYTES
    );
}

#[test]
fn out_of_range_parameters_are_read_in_their_bit_width() {
    let mut wide = G729Decoder::new();
    let mut exact = G729Decoder::new();
    let mut a = [0i16; FRAME_SAMPLES];
    let mut b = [0i16; FRAME_SAMPLES];
    let Frame::Speech(p) = SPEECH else {
        unreachable!()
    };
    let big: [i16; 11] = core::array::from_fn(|i| p[i] | !0x1fff | (1 << 13));
    let masked: [i16; 11] = core::array::from_fn(|i| {
        let w = [8, 10, 8, 1, 13, 4, 7, 5, 13, 4, 7][i];
        big[i] & ((1 << w) - 1)
    });
    for _ in 0..3 {
        wide.decode_frame(&Frame::Speech(big), &mut a);
        exact.decode_frame(&Frame::Speech(masked), &mut b);
        assert_eq!(a, b);
        wide.decode_frame(&Frame::Sid([-1, -1, -1, -1]), &mut a);
        exact.decode_frame(&Frame::Sid([1, 31, 15, 31]), &mut b);
        assert_eq!(a, b);
    }
}

/// Arbitrary input never panics (debug builds check every integer operation): random and
/// full-scale PCM through both encoders, random parameters, SIDs, gaps and erasures through
/// the decoder.
#[test]
fn arbitrary_input_never_panics() {
    let mut seed: u32 = 0x9e37_79b9;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    for vad in [false, true] {
        let mut enc = if vad {
            G729Encoder::with_vad()
        } else {
            G729Encoder::new()
        };
        for f in 0..300 {
            let pcm: [i16; FRAME_SAMPLES] = core::array::from_fn(|n| match f % 4 {
                0 => next() as i16,
                1 => {
                    if n % 2 == 0 {
                        i16::MAX
                    } else {
                        i16::MIN
                    }
                }
                2 => 0,
                _ => (next() as i16) >> 10,
            });
            let _ = enc.encode_frame(&pcm);
        }
    }
    let mut dec = G729Decoder::new();
    let mut out = [0i16; FRAME_SAMPLES];
    for _ in 0..2000 {
        let r = next();
        match r % 8 {
            0 => dec.conceal_frame(&mut out),
            1 => dec.decode_frame(&Frame::NoData, &mut out),
            2 => dec.decode_frame(
                &Frame::Sid(core::array::from_fn(|_| next() as i16)),
                &mut out,
            ),
            _ => dec.decode_frame(
                &Frame::Speech(core::array::from_fn(|_| next() as i16)),
                &mut out,
            ),
        }
    }
}
