//! The offer/answer examples of RFC 4317, written from the RFC text. Our engine plays Bob
//! (answering Alice's offers, making Bob's later offers) and, where the example lets it, Alice.
//! Descriptions are compared after normalising `o=` and non-zero ports, as the examples use
//! arbitrary values for both; everything else (codecs, payload numbers, directions, port-0
//! rejections, connection lines, attribute order) must match the RFC line for line.

use strowger_sdp::negotiate::{Config, MediaConfig, NegotiatedStream, Session};
use strowger_sdp::{emit, parse_with, Codec, Direction, Origin, ParseOptions, SessionDescription};

/// An RFC example: the lines as printed, CRLF-terminated. RFC 4317 §1: `s=` is one space.
fn rfc(text: &str) -> String {
    let mut out = String::new();
    for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(if l == "s=" { "s= " } else { l });
        out.push_str("\r\n");
    }
    out
}

fn sdp(text: &str) -> SessionDescription<'static> {
    parse_with(text.as_bytes(), &ParseOptions::strict())
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .into_owned()
}

/// The text with `o=` blanked and every non-zero port set to 1.
fn normal(s: &SessionDescription<'_>) -> String {
    let mut s = s.clone().into_owned();
    s.origin = Origin::default();
    for m in &mut s.media {
        if m.port != 0 {
            m.port = 1;
        }
    }
    emit(&s)
}

fn assert_same(ours: &SessionDescription<'_>, rfc_text: &str) {
    let theirs = sdp(rfc_text);
    assert_eq!(
        normal(ours),
        normal(&theirs),
        "\nours:\n{}\nRFC:\n{}",
        emit(ours),
        rfc_text
    );
}

fn ilbc(pt: u8) -> Codec {
    Codec::other("iLBC", 8000, pt)
}
fn h261() -> Codec {
    Codec::other("H261", 90000, 31)
}
fn mpv() -> Codec {
    Codec::other("MPV", 90000, 32)
}

fn party(user: &str, id: u64, host: &str, audio: Vec<Codec>, video: Option<Vec<Codec>>) -> Session {
    Session::new(Config {
        username: user.into(),
        session_id: id,
        session_version: id,
        session_name: " ".into(),
        address: host.into(),
        audio: (!audio.is_empty()).then(|| MediaConfig::new(49170, audio)),
        video: video.map(|v| MediaConfig::new(51372, v)),
        ptime: None,
        answer_all_common: true,
        explicit_sendrecv: false,
        ..Config::default()
    })
}

fn alice(audio: Vec<Codec>, video: Option<Vec<Codec>>) -> Session {
    party(
        "alice",
        2890844526,
        "host.atlanta.example.com",
        audio,
        video,
    )
}
fn bob(audio: Vec<Codec>, video: Option<Vec<Codec>>) -> Session {
    party("bob", 2808844564, "host.biloxi.example.com", audio, video)
}

const OFFER_AV: &str = "v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s=
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0 8 97
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:97 iLBC/8000
m=video 51372 RTP/AVP 31 32
a=rtpmap:31 H261/90000
a=rtpmap:32 MPV/90000";

#[test]
fn s2_1_audio_and_video_1() {
    let mut a = alice(
        vec![Codec::pcmu(), Codec::pcma(), ilbc(97)],
        Some(vec![h261(), mpv()]),
    );
    let offer = a.create_offer();
    assert_eq!(emit(&offer), rfc(OFFER_AV), "Alice's offer, o= included");
    let mut b = bob(vec![Codec::pcmu()], Some(vec![mpv()]));
    let answer = b.answer(&offer).unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49174 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        m=video 49170 RTP/AVP 32
        a=rtpmap:32 MPV/90000"),
    );
    let n = a.apply_answer(&answer).unwrap().clone();
    let NegotiatedStream::Rtp(audio) = &n.streams[0] else {
        panic!()
    };
    let NegotiatedStream::Rtp(video) = &n.streams[1] else {
        panic!()
    };
    assert_eq!(
        (audio.codec.encoding.as_ref(), audio.codec.payload_type),
        ("PCMU", 0)
    );
    assert_eq!(
        (video.codec.encoding.as_ref(), video.codec.payload_type),
        ("MPV", 32)
    );
    assert_eq!(
        audio.remote,
        ("host.biloxi.example.com".to_string(), answer.media[0].port)
    );
}

#[test]
fn s2_2_audio_and_video_2() {
    let mut a = alice(
        vec![Codec::pcmu(), Codec::pcma(), ilbc(97)],
        Some(vec![h261(), mpv()]),
    );
    let mut b = bob(vec![Codec::pcmu(), Codec::pcma()], None);
    let offer = a.create_offer();
    let answer = b.answer(&offer).unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 0 8
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        m=video 0 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    let n = a.apply_answer(&answer).unwrap();
    assert!(matches!(n.streams[1], NegotiatedStream::Rejected(_)));
    // Alice limits herself to one codec; the video line stays, disabled.
    a.config_mut().audio.as_mut().unwrap().codecs = vec![Codec::pcmu()];
    let offer2 = a.create_offer();
    assert_same(
        &offer2,
        &rfc("v=0
        o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 51372 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        m=video 0 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    assert_eq!(
        offer2.origin.session_version, 2890844527,
        "version incremented"
    );
    let answer2 = b.answer(&offer2).unwrap();
    assert_same(
        &answer2,
        &rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        m=video 0 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    assert_eq!(answer2.origin.session_version, 2808844565);
}

#[test]
fn s2_3_audio_and_video_3_renumbered_dynamic_payload() {
    let mut b = bob(vec![ilbc(99)], Some(vec![h261()]));
    b.config_mut().local_payload_numbers = true;
    let answer = b.answer(&sdp(&rfc(OFFER_AV))).unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 99
        a=rtpmap:99 iLBC/8000
        m=video 51374 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    // Alice maps Bob's 99 back to her iLBC.
    let mut a = alice(
        vec![Codec::pcmu(), Codec::pcma(), ilbc(97)],
        Some(vec![h261(), mpv()]),
    );
    a.create_offer();
    let n = a.apply_answer(&answer).unwrap();
    let NegotiatedStream::Rtp(audio) = &n.streams[0] else {
        panic!()
    };
    assert_eq!(
        (
            audio.codec.encoding.as_ref(),
            audio.codec.payload_type,
            audio.recv_payload_type
        ),
        ("iLBC", 99, 97)
    );
}

const OFFER_TWO_AUDIO: &str = "v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s=
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0 97
a=rtpmap:0 PCMU/8000
a=rtpmap:97 iLBC/8000
m=audio 49172 RTP/AVP 98
a=rtpmap:98 telephone-event/8000
a=sendonly";

const ANSWER_TWO_AUDIO: &str = "v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s=
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 97
a=rtpmap:97 iLBC/8000
m=audio 49174 RTP/AVP 98
a=rtpmap:98 telephone-event/8000
a=recvonly";

#[test]
fn s2_4_two_audio_streams() {
    let mut b = bob(vec![ilbc(97), Codec::telephone_event(98)], None);
    let answer = b.answer(&sdp(&rfc(OFFER_TWO_AUDIO))).unwrap();
    assert_same(&answer, &rfc(ANSWER_TWO_AUDIO));
    let n = b.negotiated().unwrap();
    let NegotiatedStream::Rtp(tones) = &n.streams[1] else {
        panic!()
    };
    assert_eq!(tones.direction, Direction::RecvOnly);
}

#[test]
fn s2_5_audio_and_video_4_unchanged_answer_keeps_version() {
    let mut a = alice(vec![ilbc(97)], Some(vec![h261()]));
    let offer = a.create_offer();
    assert_eq!(
        emit(&offer),
        rfc("v=0
        o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        m=video 51372 RTP/AVP 31
        a=rtpmap:31 H261/90000")
    );
    let mut b = bob(vec![ilbc(97)], Some(vec![h261()]));
    let answer = b.answer(&offer).unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49174 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        m=video 49170 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    a.apply_answer(&answer).unwrap();
    // Bob moves to a new host; Alice answers with exactly her first description.
    b.config_mut().address = "newhost.biloxi.example.com".into();
    let offer2 = b.create_offer();
    let second_offer = rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 newhost.biloxi.example.com
        t=0 0
        m=audio 49178 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        m=video 49188 RTP/AVP 31
        a=rtpmap:31 H261/90000");
    let mut o2 = offer2.clone();
    // Our o= carries the configured address; the RFC keeps the old one in o=.
    o2.origin.address = "host.biloxi.example.com".into();
    assert_same(&o2, &second_offer);
    assert_eq!(offer2.origin.session_version, 2808844565);
    let answer2 = a.answer(&sdp(&second_offer)).unwrap();
    assert_eq!(
        emit(&answer2),
        emit(&offer),
        "same description, same version"
    );
}

#[test]
fn s2_6_audio_only_1_first_stream_declined() {
    let mut b = bob(vec![ilbc(97), Codec::telephone_event(101)], None);
    let offer = sdp(&rfc("v=0
        o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        m=audio 51372 RTP/AVP 97 101
        a=rtpmap:97 iLBC/8000
        a=rtpmap:101 telephone-event/8000"));
    let answer = b.answer(&offer).unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 0 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        m=audio 49170 RTP/AVP 97 101
        a=rtpmap:97 iLBC/8000
        a=rtpmap:101 telephone-event/8000"),
    );
    let n = b.negotiated().unwrap();
    assert_eq!(
        n.streams[0],
        NegotiatedStream::Rejected(strowger_sdp::RejectReason::NoCommonCodec)
    );
}

#[test]
fn s2_7_audio_and_video_5_second_video_codec_added() {
    let mut b = bob(vec![ilbc(99)], Some(vec![h261(), mpv()]));
    let answer = b
        .answer(&sdp(&rfc("v=0
        o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 99
        a=rtpmap:99 iLBC/8000
        m=video 51372 RTP/AVP 31
        a=rtpmap:31 H261/90000")))
        .unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 99
        a=rtpmap:99 iLBC/8000
        m=video 51374 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    let answer2 = b
        .answer(&sdp(&rfc("v=0
        o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 99
        a=rtpmap:99 iLBC/8000
        m=video 51372 RTP/AVP 31 32
        a=rtpmap:31 H261/90000
        a=rtpmap:32 MPV/90000")))
        .unwrap();
    assert_same(
        &answer2,
        &rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 99
        a=rtpmap:99 iLBC/8000
        m=video 51374 RTP/AVP 31 32
        a=rtpmap:31 H261/90000
        a=rtpmap:32 MPV/90000"),
    );
    assert_eq!(answer2.origin.session_version, 2808844565);
}

#[test]
fn s2_8_audio_and_video_6_video_elsewhere() {
    let mut b = bob(vec![Codec::pcmu()], Some(vec![mpv()]));
    b.config_mut().video.as_mut().unwrap().address = Some("otherhost.biloxi.example.com".into());
    let answer = b.answer(&sdp(&rfc(OFFER_AV))).unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49174 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        m=video 49172 RTP/AVP 32
        c=IN IP4 otherhost.biloxi.example.com
        a=rtpmap:32 MPV/90000"),
    );
}

#[test]
fn s3_1_hold_and_unhold_1() {
    let mut a = alice(vec![Codec::pcmu(), ilbc(97)], None);
    let offer = a.create_offer();
    assert_eq!(
        emit(&offer),
        rfc("v=0
        o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 0 97
        a=rtpmap:0 PCMU/8000
        a=rtpmap:97 iLBC/8000")
    );
    let mut b = bob(vec![ilbc(97)], None);
    b.hold();
    let answer = b.answer(&offer).unwrap();
    let mut rfc_answer = sdp(&rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 placeholder.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        a=sendonly"));
    // The RFC's placeholder host name is arbitrary; ours is the configured address.
    rfc_answer.connection.as_mut().unwrap().address = "host.biloxi.example.com".into();
    assert_same(&answer, &emit(&rfc_answer));
    let n = a.apply_answer(&answer).unwrap();
    let NegotiatedStream::Rtp(s) = &n.streams[0] else {
        panic!()
    };
    assert_eq!(
        s.direction,
        Direction::RecvOnly,
        "Alice is on hold: she only receives"
    );

    b.resume();
    let offer2 = b.create_offer();
    assert_same(
        &offer2,
        &rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000"),
    );
    assert_eq!(offer2.origin.session_version, 2808844565);
    let answer2 = a.answer(&offer2).unwrap();
    assert_same(
        &answer2,
        &rfc("v=0
        o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49178 RTP/AVP 97
        a=rtpmap:97 iLBC/8000"),
    );
    assert_eq!(answer2.origin.session_version, 2890844527);
    let NegotiatedStream::Rtp(s) = &a.negotiated().unwrap().streams[0] else {
        panic!()
    };
    assert_eq!(s.direction, Direction::SendRecv);
}

#[test]
fn s3_2_hold_with_two_streams() {
    let mut b = bob(vec![ilbc(97), Codec::telephone_event(98)], None);
    let answer = b.answer(&sdp(&rfc(OFFER_TWO_AUDIO))).unwrap();
    assert_same(&answer, &rfc(ANSWER_TWO_AUDIO));
    b.hold_stream(0);
    let offer2 = b.create_offer();
    let rfc_offer2 = rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        a=sendonly
        m=audio 49174 RTP/AVP 98
        a=rtpmap:98 telephone-event/8000
        a=recvonly");
    assert_same(&offer2, &rfc_offer2);
    assert_eq!(offer2.origin.session_version, 2808844565);
    // Alice's answer in the RFC repeats her initial offer, leaving the held stream without a
    // direction attribute, which RFC 3264 §6.1 does not allow for an answer to `sendonly`
    // (it must be `recvonly` or `inactive`). We answer as RFC 3264 requires.
    let mut a = alice(
        vec![Codec::pcmu(), ilbc(97), Codec::telephone_event(98)],
        None,
    );
    let answer2 = a.answer(&sdp(&rfc_offer2)).unwrap();
    assert_eq!(answer2.media_direction(0), Direction::RecvOnly);
    assert_eq!(answer2.media_direction(1), Direction::SendOnly);
    assert_eq!(answer2.media[1].formats, ["98"]);
}

#[test]
fn s4_1_second_audio_stream_added() {
    let mut a = alice(
        vec![Codec::pcmu(), ilbc(97), Codec::telephone_event(98)],
        None,
    );
    a.config_mut().audio.as_mut().unwrap().codecs.pop(); // first offer: no tones yet
    let offer = a.create_offer();
    let mut b = bob(vec![ilbc(97)], None);
    let answer = b.answer(&offer).unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000"),
    );
    a.apply_answer(&answer).unwrap();
    a.config_mut()
        .audio
        .as_mut()
        .unwrap()
        .codecs
        .push(Codec::telephone_event(98));
    let answer2 = a
        .answer(&sdp(&rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        m=audio 48282 RTP/AVP 98
        c=IN IP4 mediaserver.biloxi.example.com
        a=rtpmap:98 telephone-event/8000
        a=recvonly")))
        .unwrap();
    let mut rfc_answer2 = sdp(&rfc("v=0
        o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        m=audio 49172 RTP/AVP 98
        c=IN IP4 host.atlanta.example.com
        a=rtpmap:98 telephone-event/8000
        a=sendonly"));
    // The RFC repeats the session-level c= inside the second m= section; it says nothing new.
    rfc_answer2.media[1].connections.clear();
    assert_same(&answer2, &emit(&rfc_answer2));
    assert_eq!(answer2.origin.session_version, 2890844527);
    let NegotiatedStream::Rtp(t) = &a.negotiated().unwrap().streams[1] else {
        panic!()
    };
    assert_eq!(
        t.remote,
        ("mediaserver.biloxi.example.com".to_string(), 48282)
    );
}

#[test]
fn s4_2_audio_then_video_added() {
    let mut a = alice(vec![Codec::pcmu()], None);
    let mut b = bob(vec![Codec::pcmu()], Some(vec![h261()]));
    let answer = b.answer(&a.create_offer()).unwrap();
    assert_same(
        &answer,
        &rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 0
        a=rtpmap:0 PCMU/8000"),
    );
    a.apply_answer(&answer).unwrap();
    a.config_mut().video = Some(MediaConfig::new(49172, vec![h261()]));
    let offer2 = a.create_offer();
    assert_same(
        &offer2,
        &rfc("v=0
        o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        m=video 49172 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    let answer2 = b.answer(&offer2).unwrap();
    assert_same(
        &answer2,
        &rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        m=video 49168 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    assert_eq!(answer2.origin.session_version, 2808844565);
}

#[test]
fn s4_3_audio_and_video_then_video_deleted() {
    let mut a = alice(vec![ilbc(97)], Some(vec![h261()]));
    let mut b = bob(vec![ilbc(97)], Some(vec![h261()]));
    let answer = b.answer(&a.create_offer()).unwrap();
    a.apply_answer(&answer).unwrap();
    b.disable_stream(1);
    let offer2 = b.create_offer();
    assert_same(
        &offer2,
        &rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49174 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        m=video 0 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    let answer2 = a.answer(&offer2).unwrap();
    assert_same(
        &answer2,
        &rfc("v=0
        o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000
        m=video 0 RTP/AVP 31
        a=rtpmap:31 H261/90000"),
    );
    assert_eq!(answer2.origin.session_version, 2890844527);
}

#[test]
fn s5_1_no_media_then_audio_added() {
    let mut a = alice(vec![], None);
    let offer = a.create_offer();
    assert_eq!(
        emit(&offer),
        rfc("v=0
        o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0")
    );
    let mut b = bob(vec![ilbc(97)], None);
    let answer = b.answer(&offer).unwrap();
    assert_eq!(
        emit(&answer),
        rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0")
    );
    a.apply_answer(&answer).unwrap();
    a.config_mut().audio = Some(MediaConfig::new(49170, vec![ilbc(97)]));
    let offer2 = a.create_offer();
    assert_eq!(
        emit(&offer2),
        rfc("v=0
        o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000")
    );
    let answer2 = b.answer(&offer2).unwrap();
    assert_same(
        &answer2,
        &rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 97
        a=rtpmap:97 iLBC/8000"),
    );
    assert_eq!(answer2.origin.session_version, 2808844565);
}

#[test]
fn s5_2_hold_and_unhold_2_offer_with_zero_address() {
    let mut b = bob(vec![ilbc(97)], None);
    let answer = b
        .answer(&sdp(&rfc("v=0
        o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 0.0.0.0
        t=0 0
        m=audio 23442 RTP/AVP 97
        a=rtpmap:97 iLBC/8000")))
        .unwrap();
    let expected = rfc("v=0
        o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000");
    assert_eq!(emit(&answer), expected);
    let NegotiatedStream::Rtp(s) = &b.negotiated().unwrap().streams[0] else {
        panic!()
    };
    assert!(s.remote_legacy_hold, "c=0.0.0.0 is the RFC 2543 hold");
    assert_eq!(
        s.direction,
        Direction::RecvOnly,
        "nothing may be sent to 0.0.0.0"
    );
    let answer2 = b
        .answer(&sdp(&rfc("v=0
        o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
        s=
        c=IN IP4 host.atlanta.example.com
        t=0 0
        m=audio 49170 RTP/AVP 97
        a=rtpmap:97 iLBC/8000")))
        .unwrap();
    assert_eq!(
        emit(&answer2),
        expected,
        "unchanged answer keeps version 2808844564"
    );
    let NegotiatedStream::Rtp(s) = &b.negotiated().unwrap().streams[0] else {
        panic!()
    };
    assert_eq!(s.direction, Direction::SendRecv);
}

#[test]
fn s5_3_hold_and_unhold_3_answer_with_zero_address() {
    let mut a = alice(vec![ilbc(97)], None);
    let offer = a.create_offer();
    let n = a
        .apply_answer(&sdp(&rfc("v=0
            o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
            s=
            c=IN IP4 0.0.0.0
            t=0 0
            m=audio 9322 RTP/AVP 97
            a=rtpmap:97 iLBC/8000")))
        .unwrap();
    let NegotiatedStream::Rtp(s) = &n.streams[0] else {
        panic!()
    };
    assert!(s.remote_legacy_hold && !s.direction.sends());
    let answer2 = a
        .answer(&sdp(&rfc("v=0
        o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
        s=
        c=IN IP4 host.biloxi.example.com
        t=0 0
        m=audio 49172 RTP/AVP 97
        a=rtpmap:97 iLBC/8000")))
        .unwrap();
    assert_eq!(
        emit(&answer2),
        emit(&offer),
        "Alice's answer is her offer, same version"
    );
}
