//! The telephony rules of the offer/answer engine: fmtp handling for G.729 Annex B, G.723.1
//! Annex A and bitrate, telephone-event ranges, ptime, port-0 rejection, hold and resume,
//! re-offer numbering, T.38, and the typed reason behind a 488.

use strowger_sdp::attr::{EventSet, G723Rates, T38RateManagement, T38UdpEc};
use strowger_sdp::codec::CodecParams;
use strowger_sdp::negotiate::{
    Config, HoldStyle, MediaConfig, NegotiatedStream, Session, T38Config,
};
use strowger_sdp::{emit, parse, Codec, Direction, RejectReason, SessionDescription};

fn offer(media: &str) -> SessionDescription<'static> {
    let text = format!(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n{}",
        media
            .lines()
            .map(|l| format!("{}\r\n", l.trim()))
            .collect::<String>()
    );
    parse(text.as_bytes()).unwrap().into_owned()
}

fn gateway(codecs: Vec<Codec>) -> Session {
    Session::new(Config {
        address: "198.51.100.7".into(),
        audio: Some(MediaConfig::new(20000, codecs)),
        ..Config::default()
    })
}

fn lines(sdp: &SessionDescription<'_>) -> Vec<String> {
    emit(sdp).lines().map(str::to_string).collect()
}

fn has(sdp: &SessionDescription<'_>, line: &str) -> bool {
    lines(sdp).iter().any(|l| l == line)
}

const G729_OFFER: &str = "m=audio 4000 RTP/AVP 18 101
a=rtpmap:18 G729/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16";

#[test]
fn g729_annexb_absent_means_yes() {
    // Offer without fmtp: Annex B on (RFC 4856 §2.1.9). With DTX we keep it on and say nothing.
    let mut s = gateway(vec![Codec::g729(true), Codec::telephone_event(101)]);
    s.config_mut().dtx = true;
    let a = s.answer(&offer(G729_OFFER)).unwrap();
    assert!(
        !lines(&a).iter().any(|l| l.starts_with("a=fmtp:18")),
        "{}",
        emit(&a)
    );
    assert!(s.negotiated().unwrap().audio().unwrap().dtx);
    // Without DTX support we must say annexb=no.
    let mut s = gateway(vec![Codec::g729(true), Codec::telephone_event(101)]);
    let a = s.answer(&offer(G729_OFFER)).unwrap();
    assert!(has(&a, "a=fmtp:18 annexb=no"), "{}", emit(&a));
    assert!(!s.negotiated().unwrap().audio().unwrap().dtx);
}

#[test]
fn g729_annexb_no_is_honoured_and_yes_echoed() {
    let mut s = gateway(vec![Codec::g729(true)]);
    s.config_mut().dtx = true;
    let a = s
        .answer(&offer(
            "m=audio 4000 RTP/AVP 18\na=rtpmap:18 G729/8000\na=fmtp:18 annexb=no",
        ))
        .unwrap();
    assert!(has(&a, "a=fmtp:18 annexb=no"));
    assert!(!s.negotiated().unwrap().audio().unwrap().dtx);
    let mut s = gateway(vec![Codec::g729(true)]);
    s.config_mut().dtx = true;
    let a = s
        .answer(&offer("m=audio 4000 RTP/AVP 18\na=fmtp:18 annexb=yes"))
        .unwrap();
    assert!(
        has(&a, "a=fmtp:18 annexb=yes"),
        "static PT without rtpmap, explicit yes"
    );
    assert!(s.negotiated().unwrap().audio().unwrap().dtx);
}

#[test]
fn g723_annexa_and_bitrate() {
    let mut ours = Codec::g723(true);
    ours.params = CodecParams::G723 {
        annexa: true,
        rates: G723Rates {
            r5_3: false,
            r6_3: true,
        },
    };
    // Offer allows both rates (no bitrate) and annexa=no.
    let mut s = gateway(vec![ours.clone()]);
    s.config_mut().dtx = true;
    let a = s
        .answer(&offer(
            "m=audio 4000 RTP/AVP 4\na=rtpmap:4 G723/8000\na=fmtp:4 annexa=no",
        ))
        .unwrap();
    assert!(has(&a, "a=fmtp:4 bitrate=6.3;annexa=no"), "{}", emit(&a));
    // Offer restricted to 5.3 only: no common rate, the codec is excluded by its parameters.
    let mut s = gateway(vec![ours]);
    let e = s
        .answer(&offer(
            "m=audio 4000 RTP/AVP 4\na=rtpmap:4 G723/8000\na=fmtp:4 bitrate=5.3",
        ))
        .unwrap_err();
    assert_eq!(e.streams, vec![RejectReason::IncompatibleParameters]);
    assert_eq!(e.sip_status(), 488);
    // Annex A absent means yes; with DTX on it stays on.
    let mut s = gateway(vec![Codec::g723(true)]);
    s.config_mut().dtx = true;
    s.answer(&offer("m=audio 4000 RTP/AVP 4")).unwrap();
    assert!(s.negotiated().unwrap().audio().unwrap().dtx);
}

#[test]
fn g723_ptime_rounds_to_whole_frames() {
    let mut s = gateway(vec![Codec::g723(false)]);
    s.config_mut().ptime = Some(20);
    let a = s.answer(&offer("m=audio 4000 RTP/AVP 4")).unwrap();
    assert!(
        has(&a, "a=ptime:30"),
        "G.723.1 frames are 30 ms: {}",
        emit(&a)
    );
}

#[test]
fn ptime_respects_the_offer_maxptime() {
    let mut s = gateway(vec![Codec::pcmu()]);
    s.config_mut().ptime = Some(60);
    let a = s
        .answer(&offer("m=audio 4000 RTP/AVP 0\na=ptime:20\na=maxptime:40"))
        .unwrap();
    assert!(has(&a, "a=ptime:40"), "{}", emit(&a));
    assert_eq!(
        s.negotiated().unwrap().audio().unwrap().ptime,
        Some(20),
        "the peer's ptime is what we send"
    );
}

#[test]
fn telephone_event_ranges_intersect() {
    let mut te = Codec::telephone_event(101);
    te.params = CodecParams::TelephoneEvent(EventSet::range(0, 15));
    let mut s = gateway(vec![Codec::pcmu(), te]);
    let a = s
        .answer(&offer(
            "m=audio 4000 RTP/AVP 0 96\na=rtpmap:96 telephone-event/8000\na=fmtp:96 0-15,36",
        ))
        .unwrap();
    assert!(
        has(&a, "a=fmtp:96 0-15"),
        "offerer's PT kept, range intersected: {}",
        emit(&a)
    );
    let (pt, ev) = s
        .negotiated()
        .unwrap()
        .audio()
        .unwrap()
        .telephone_event
        .unwrap();
    assert_eq!(pt, 96);
    assert!(ev.contains(15) && !ev.contains(36));
    // Disjoint ranges: no telephone-event, the voice codec still wins.
    let mut te = Codec::telephone_event(101);
    te.params = CodecParams::TelephoneEvent(EventSet::range(0, 15));
    let mut s = gateway(vec![Codec::pcmu(), te]);
    let a = s
        .answer(&offer(
            "m=audio 4000 RTP/AVP 0 100\na=rtpmap:100 telephone-event/8000\na=fmtp:100 32-35",
        ))
        .unwrap();
    assert_eq!(a.media[0].formats, ["0"]);
    assert!(s
        .negotiated()
        .unwrap()
        .audio()
        .unwrap()
        .telephone_event
        .is_none());
}

#[test]
fn telephone_event_clock_follows_the_voice_codec() {
    let mut s = gateway(vec![Codec::pcmu(), Codec::telephone_event(101)]);
    let a = s
        .answer(&offer(
            "m=audio 4000 RTP/AVP 0 111 110
             a=rtpmap:111 telephone-event/16000
             a=rtpmap:110 telephone-event/8000",
        ))
        .unwrap();
    assert_eq!(a.media[0].formats, ["0", "110"]);
}

#[test]
fn single_codec_answer_and_offerer_preference() {
    let mut s = gateway(vec![
        Codec::pcmu(),
        Codec::pcma(),
        Codec::g729(false),
        Codec::telephone_event(101),
    ]);
    let a = s
        .answer(&offer(
            "m=audio 4000 RTP/AVP 18 8 0 101\na=rtpmap:101 telephone-event/8000",
        ))
        .unwrap();
    assert_eq!(
        a.media[0].formats,
        ["18", "101"],
        "offerer's first common codec"
    );
    let mut s = gateway(vec![
        Codec::pcmu(),
        Codec::pcma(),
        Codec::g729(false),
        Codec::telephone_event(101),
    ]);
    s.config_mut().prefer_local_order = true;
    let a = s
        .answer(&offer(
            "m=audio 4000 RTP/AVP 18 8 0 101\na=rtpmap:101 telephone-event/8000",
        ))
        .unwrap();
    assert_eq!(a.media[0].formats, ["0", "101"], "our first common codec");
}

#[test]
fn no_common_codec_is_a_typed_488() {
    let mut s = gateway(vec![Codec::pcmu()]);
    let before = s.clone().negotiated().cloned();
    let e = s
        .answer(&offer("m=audio 4000 RTP/AVP 18 4\nm=video 5000 RTP/AVP 31\nm=audio 0 RTP/AVP 0\nm=audio 6000 RTP/SAVP 0"))
        .unwrap_err();
    assert_eq!(
        e.streams,
        vec![
            RejectReason::NoCommonCodec,
            RejectReason::UnsupportedMedia("video".into()),
            RejectReason::DisabledByOfferer,
            RejectReason::UnsupportedTransport("RTP/SAVP".into()),
        ]
    );
    assert_eq!(e.primary(), Some(&RejectReason::NoCommonCodec));
    assert_eq!(e.to_string(), "offer not acceptable: no common codec");
    assert_eq!(
        s.negotiated().cloned(),
        before,
        "a failed answer changes nothing"
    );
}

#[test]
fn port_zero_stream_is_answered_with_port_zero() {
    let mut s = gateway(vec![Codec::pcmu()]);
    let a = s
        .answer(&offer(
            "m=audio 0 RTP/AVP 8\na=rtpmap:8 PCMA/8000\nm=audio 4000 RTP/AVP 0",
        ))
        .unwrap();
    assert_eq!(a.media[0].port, 0);
    assert_eq!(a.media[0].formats, ["8"]);
    assert_ne!(a.media[1].port, 0);
}

#[test]
fn hold_and_resume_as_offerer_and_answerer() {
    let mut us = gateway(vec![Codec::pcmu()]);
    let mut peer = gateway(vec![Codec::pcmu()]);
    let o = us.create_offer();
    let a = peer.answer(&o).unwrap();
    us.apply_answer(&a).unwrap();
    us.hold();
    let o2 = us.create_offer();
    assert_eq!(o2.media_direction(0), Direction::SendOnly);
    assert_eq!(o2.origin.session_version, o.origin.session_version + 1);
    let a2 = peer.answer(&o2).unwrap();
    assert_eq!(a2.media_direction(0), Direction::RecvOnly);
    us.apply_answer(&a2).unwrap();
    assert_eq!(
        us.negotiated().unwrap().audio().unwrap().direction,
        Direction::SendOnly
    );
    us.resume();
    let o3 = us.create_offer();
    assert_eq!(o3.media_direction(0), Direction::SendRecv);
    let a3 = peer.answer(&o3).unwrap();
    assert_eq!(a3.media_direction(0), Direction::SendRecv);
    // Peer holds with inactive: we answer inactive.
    let mut us = gateway(vec![Codec::pcmu()]);
    let a = us
        .answer(&offer("m=audio 4000 RTP/AVP 0\na=inactive"))
        .unwrap();
    assert_eq!(a.media_direction(0), Direction::Inactive);
}

#[test]
fn legacy_hold_offer_uses_zero_address() {
    let mut us = gateway(vec![Codec::pcmu()]);
    us.config_mut().hold_style = HoldStyle::LegacyZeroAddress;
    let mut peer = gateway(vec![Codec::pcmu()]);
    let a = peer.answer(&us.create_offer()).unwrap();
    us.apply_answer(&a).unwrap();
    us.hold();
    let o = us.create_offer();
    assert!(has(&o, "c=IN IP4 0.0.0.0"), "{}", emit(&o));
    peer.answer(&o).unwrap();
    let st = peer.negotiated().unwrap().audio().unwrap();
    assert!(st.remote_legacy_hold && !st.direction.sends());
}

#[test]
fn reoffer_keeps_the_payload_numbers_the_peer_chose() {
    let mut us = gateway(vec![Codec::pcmu(), Codec::telephone_event(101)]);
    us.answer(&offer(
        "m=audio 4000 RTP/AVP 0 96\na=rtpmap:96 telephone-event/8000",
    ))
    .unwrap();
    let o = us.create_offer();
    assert_eq!(
        o.media[0].formats,
        ["0", "96"],
        "telephone-event stays on 96: {}",
        emit(&o)
    );
    let o2 = us.create_offer();
    assert_eq!(
        o2.origin.session_version, o.origin.session_version,
        "same offer, same version"
    );
}

#[test]
fn offer_carries_the_telephony_fmtp() {
    let mut te = Codec::telephone_event(101);
    te.params = CodecParams::TelephoneEvent(EventSet::range(0, 16));
    let mut s = gateway(vec![
        Codec::g729(false),
        Codec::g723(false),
        Codec::pcma(),
        te,
    ]);
    s.config_mut().ptime = Some(20);
    let o = s.create_offer();
    let text = emit(&o);
    assert_eq!(o.media[0].formats, ["18", "4", "8", "101"]);
    for l in [
        "a=fmtp:18 annexb=no",
        "a=fmtp:4 annexa=no",
        "a=fmtp:101 0-16",
        "a=ptime:20",
        "a=sendrecv",
    ] {
        assert!(text.lines().any(|x| x == l), "{l} missing:\n{text}");
    }
    // And it is valid strict SDP.
    strowger_sdp::parse_with(text.as_bytes(), &strowger_sdp::ParseOptions::strict()).unwrap();
}

#[test]
fn t38_reinvite_answered_with_the_lower_capabilities() {
    let mut s = gateway(vec![Codec::pcmu()]);
    s.config_mut().t38 = Some(T38Config {
        udp_ec: T38UdpEc::Redundancy,
        max_bit_rate: 9600,
        ..T38Config::default()
    });
    let a = s
        .answer(&offer(
            "m=image 4002 udptl t38
             a=T38FaxVersion:1
             a=T38MaxBitRate:14400
             a=T38FaxRateManagement:localTCF
             a=T38FaxMaxBuffer:1024
             a=T38FaxMaxDatagram:320
             a=T38FaxUdpEC:t38UDPFEC",
        ))
        .unwrap();
    let text = emit(&a);
    for l in [
        "m=image 4000 udptl t38",
        "a=T38FaxVersion:0",
        "a=T38MaxBitRate:9600",
        "a=T38FaxRateManagement:localTCF",
        "a=T38FaxUdpEC:t38UDPRedundancy",
    ] {
        assert!(text.lines().any(|x| x == l), "{l} missing:\n{text}");
    }
    let NegotiatedStream::T38(t) = &s.negotiated().unwrap().streams[0] else {
        panic!()
    };
    assert_eq!(
        (t.rate_management, t.remote_max_datagram),
        (T38RateManagement::LocalTcf, Some(320))
    );
    // Without T.38 configured the image stream is refused with a reason.
    let mut s = gateway(vec![Codec::pcmu()]);
    let e = s.answer(&offer("m=image 4002 udptl t38")).unwrap_err();
    assert_eq!(
        e.streams,
        vec![RejectReason::UnsupportedMedia("image".into())]
    );
}

#[test]
fn t38_offer_replaces_the_audio_stream() {
    let mut us = gateway(vec![Codec::pcmu()]);
    us.config_mut().t38 = Some(T38Config::default());
    let mut peer = us.clone();
    let a = peer.answer(&us.create_offer()).unwrap();
    us.apply_answer(&a).unwrap();
    us.request_t38();
    let o = us.create_offer();
    assert_eq!(
        (
            o.media.len(),
            o.media[0].media.as_ref(),
            o.media[0].proto.as_ref()
        ),
        (1, "image", "udptl")
    );
    let a = peer.answer(&o).unwrap();
    let n = us.apply_answer(&a).unwrap();
    assert!(matches!(n.streams[0], NegotiatedStream::T38(_)));
}

#[test]
fn answers_the_real_world_offers() {
    // Each vector offer is answered by a G.711/G.729/G.723 gateway with telephone-event.
    let Some(v) = strowger_testsupport::vectors_dir() else {
        return;
    };
    let cases = [
        (
            "asterisk11-g729-annexb-g723-annexa-te0-16-ptime.sdp",
            "0",
            Some("101"),
        ),
        ("cisco-bts10200-x-nse-t38-capneg.sdp", "8", None),
        ("cisco-gw-pcma-te0-15-ptime20.sdp", "8", Some("101")),
        (
            "cisco-style-g729-g723-te0-15-36-xcap-silencesupp.sdp",
            "0",
            Some("96"),
        ),
        (
            "samsung-volte-evs-amrwb-te0-15-ptime-maxptime-ipv6.sdp",
            "",
            None,
        ),
        (
            "siemens-hiq9200-g723-annexa-g729-annexb-vad-capneg.sdp",
            "8",
            Some("100"),
        ),
    ];
    for (file, codec, te) in cases {
        let bytes = std::fs::read(v.join("sip/sdp").join(file)).unwrap();
        let o = parse(&bytes).unwrap();
        let mut s = gateway(vec![
            Codec::pcmu(),
            Codec::pcma(),
            Codec::g729(false),
            Codec::g723(false),
            Codec::telephone_event(101),
        ]);
        match s.answer(&o) {
            Ok(a) => {
                let f = &a.media[0].formats;
                assert_eq!(f[0], codec, "{file}: {}", emit(&a));
                assert_eq!(f.get(1).map(|x| x.as_ref()), te, "{file}");
                assert_eq!(
                    a.media.len(),
                    o.media.len(),
                    "{file}: one m= per offered m="
                );
            }
            Err(e) => {
                assert_eq!(codec, "", "{file}: {e}");
                // AMR/EVS only: nothing in common.
                assert_eq!(e.streams, vec![RejectReason::NoCommonCodec]);
            }
        }
    }
}

#[test]
fn g729a_name_matches_g729() {
    let mut s = gateway(vec![Codec::g729(false)]);
    let a = s
        .answer(&offer("m=audio 4000 RTP/AVP 18\na=rtpmap:18 G729a/8000"))
        .unwrap();
    assert!(
        has(&a, "a=rtpmap:18 G729a/8000"),
        "answer echoes the offered name: {}",
        emit(&a)
    );
    assert!(has(&a, "a=fmtp:18 annexb=no"));
}

#[test]
fn rejected_stream_does_not_echo_a_malformed_rtpmap() {
    // Found by fuzz/fuzz_targets/sdp_parse.rs: the port-0 line of a rejected stream copied the
    // offer's broken `a=rtpmap:96 ::1s=-`, making our answer invalid SDP.
    let mut s = gateway(vec![Codec::pcmu()]);
    s.config_mut().t38 = Some(T38Config::default());
    let a = s
        .answer(&offer(
            "m=audio 5004 RTP/AVP 96 97\na=rtpmap:96 ::1s=-\nm=image 8000 udptl t38",
        ))
        .unwrap();
    let text = emit(&a);
    assert!(text.starts_with("v=0") && !text.contains("::1s"), "{text}");
    assert_eq!((a.media[0].port, a.media[0].formats[0].as_ref()), (0, "96"));
    strowger_sdp::parse_with(text.as_bytes(), &strowger_sdp::ParseOptions::strict()).unwrap();
}
