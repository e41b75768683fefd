//! Framing, limits, streams, the owned form, builders and URI comparison.

use bytes::Bytes;
use strowger_sip_core::header::HeaderName;
use strowger_sip_core::{
    parse, ErrorKind, HeaderSlot, Limits, Method, OwnedMessage, ParseOptions, Request, Response,
    Status, Uri,
};

const INVITE: &[u8] = include_bytes!("data/invite.sip");
const REGISTER: &[u8] = include_bytes!("data/register.sip");

#[test]
fn realistic_invite() {
    let mut slots = [HeaderSlot::EMPTY; 64];
    let m = parse(INVITE, &mut slots, &ParseOptions::stream())
        .unwrap()
        .complete()
        .unwrap();
    m.validate().unwrap();
    assert_eq!(m.len(), INVITE.len());
    let allow: Vec<Method<'_>> = m.allow().map(Result::unwrap).collect();
    assert_eq!(allow.len(), 10);
    assert_eq!(allow[0], Method::Invite);
    let c = m.contacts().next().unwrap().unwrap();
    assert_eq!(
        c.instance().as_deref(),
        Some("<urn:uuid:0b8c9a52-7f3e-4c1a-9d6b-2e5f8a7c3d41>")
    );
    let se = m.session_expires().unwrap().unwrap();
    assert_eq!((se.delta, se.refresher), (1800, Some("uac")));
    assert_eq!(m.content_disposition().unwrap().unwrap().value, "session");
    assert_eq!(m.via().next().unwrap().unwrap().rport(), Some(None));
    assert_eq!(
        m.via().nth(1).unwrap().unwrap().received(),
        Some([203, 0, 113, 5].into())
    );
    let hi: Vec<_> = m.history_info().map(Result::unwrap).collect();
    assert_eq!(hi[1].cause(), Some(480));
}

#[test]
fn extension_headers_typed() {
    let text = b"NOTIFY sip:vm@192.0.2.20 SIP/2.0\r\n\
Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1;maddr=239.1.1.1;ttl=16\r\n\
From: <sip:pbx@example.com>;tag=1\r\nTo: <sip:vm@example.com>;tag=2\r\n\
Call-ID: n1\r\nCSeq: 5 NOTIFY\r\n\
Event: refer;id=93809824\r\nAllow-Events: talk, hold, refer\r\n\
Subscription-State: terminated;reason=noresource;retry-after=30\r\n\
Reason: Q.850;cause=17;text=\"User busy\", SIP;cause=486\r\n\
Replaces: 425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only\r\n\
Refer-To: <sip:alice@atlanta.example.com?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>\r\n\
Referred-By: <sip:referrer@referrer.example>;cid=\"20398823.2UWQFN309shb3@referrer.example\"\r\n\
RSeq: 988789\r\nRAck: 776656 1 INVITE\r\n\
Retry-After: 18000;duration=3600\r\nRetry-After: 120 (I'm in a meeting)\r\n\
Warning: 307 isi.edu \"Session parameter 'foo' not understood\", 301 isi.edu \"Incompatible network address type 'E.164'\"\r\n\
Privacy: id;header\r\n\
Remote-Party-ID: \"Alice\" <sip:2001@pbx.example.com>;party=calling;screen=yes;privacy=off\r\n\
P-Preferred-Identity: <tel:+15551234567>\r\n\
Server: Strowger/0.1\r\nUnsupported: foo\r\nRequire: 100rel\r\n\
WWW-Authenticate: Digest realm=\"a\", nonce=\"b\"\r\n\
Authentication-Info: nextnonce=\"47364c23432d2e131a5fb210812c\", qop=auth, rspauth=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", nc=00000001\r\n\
Content-Encoding: gzip\r\nExpires: 0\r\nDate: Sat, 13 Nov 2010 23:29:00 GMT\r\n\
Content-Length: 0\r\n\r\n";
    let mut slots = [HeaderSlot::EMPTY; 64];
    let m = parse(text, &mut slots, &ParseOptions::stream())
        .unwrap()
        .complete()
        .unwrap();
    m.validate().unwrap();
    let v = m.top_via().unwrap().unwrap();
    assert_eq!((v.maddr(), v.ttl()), (Some("239.1.1.1"), Some(16)));
    let ev = m.event().unwrap().unwrap();
    assert_eq!(
        (ev.value, ev.param("id").as_deref()),
        ("refer", Some("93809824"))
    );
    assert_eq!(m.allow_events().count(), 3);
    let ss = m.subscription_state().unwrap().unwrap();
    assert_eq!(ss.value, "terminated");
    assert_eq!(ss.params.get_u32("retry-after"), Some(30));
    let r: Vec<_> = m.reason_headers().map(Result::unwrap).collect();
    assert_eq!(
        (r[0].protocol, r[0].cause, r[0].text.as_deref()),
        ("Q.850", Some(17), Some("User busy"))
    );
    assert_eq!((r[1].protocol, r[1].cause), ("SIP", Some(486)));
    let rep = m.replaces().unwrap().unwrap();
    assert_eq!(rep.call_id, "425928@bobster.example.org");
    assert_eq!(
        (rep.to_tag(), rep.from_tag(), rep.early_only()),
        (Some("7743"), Some("6472"), true)
    );
    let rt = m.refer_to().unwrap().unwrap();
    let (hn, hv) = rt.uri.as_sip().unwrap().header_fields().next().unwrap();
    assert_eq!(
        (hn, &*hv),
        (
            "Replaces",
            &b"12345@192.168.118.3;to-tag=12345;from-tag=5FFE-3994"[..]
        )
    );
    assert!(m.referred_by().unwrap().unwrap().params.contains("cid"));
    assert_eq!(m.rseq().unwrap().unwrap(), 988789);
    let ra = m.rack().unwrap().unwrap();
    assert_eq!((ra.rseq, ra.cseq, ra.method), (776656, 1, Method::Invite));
    let ra: Vec<_> = m.get_all(HeaderName::RetryAfter).collect();
    assert_eq!(ra.len(), 2);
    let r0 = m.retry_after().unwrap().unwrap();
    assert_eq!((r0.seconds, r0.duration()), (18000, Some(3600)));
    let w: Vec<_> = m.warnings().map(Result::unwrap).collect();
    assert_eq!((w[0].code, w[0].agent), (307, "isi.edu"));
    assert_eq!(&*w[1].text(), b"Incompatible network address type 'E.164'");
    let p = m.privacy().unwrap().unwrap();
    assert!(p.contains("id") && p.contains("header") && !p.contains("user"));
    let rpid = m.remote_party_id().next().unwrap().unwrap();
    assert_eq!(
        (rpid.party(), rpid.screen(), rpid.privacy()),
        (Some("calling"), Some("yes"), Some("off"))
    );
    assert_eq!(
        m.p_preferred_identity()
            .next()
            .unwrap()
            .unwrap()
            .uri
            .scheme(),
        "tel"
    );
    assert_eq!(m.server().unwrap().unwrap().0, "Strowger/0.1");
    assert_eq!(m.unsupported().next().unwrap().unwrap().0, "foo");
    let ai = m.authentication_info().unwrap().unwrap();
    assert_eq!(ai.get("nc").as_deref(), Some("00000001"));
    assert_eq!(
        ai.get("rspauth").as_deref(),
        Some("6629fae49393a05397450978507c4ef1")
    );
    assert_eq!(m.content_encoding().next().unwrap().unwrap().0, "gzip");
    assert_eq!(m.expires().unwrap().unwrap(), 0);
    assert!(m.date().unwrap().is_ok());
    // Only list headers split at commas.
    let srv = m.get(HeaderName::Server).unwrap();
    assert_eq!(srv.elements().count(), 1);
    let w = m.get(HeaderName::Warning).unwrap();
    assert_eq!(w.elements().count(), 2);
}

#[test]
fn stream_partial_then_complete_and_pipelined() {
    let mut two = Vec::from(&b"\r\n\r\n"[..]);
    two.extend_from_slice(INVITE);
    two.extend_from_slice(REGISTER);
    let opts = ParseOptions::stream();
    // Every prefix shorter than the first message is Partial.
    for cut in (0..4 + INVITE.len()).step_by(37) {
        let mut slots = [HeaderSlot::EMPTY; 64];
        assert!(
            matches!(parse(&two[..cut], &mut slots, &opts), Ok(Status::Partial)),
            "{cut}"
        );
    }
    let mut slots = [HeaderSlot::EMPTY; 64];
    let m = parse(&two, &mut slots, &opts).unwrap().complete().unwrap();
    assert_eq!(m.len(), 4 + INVITE.len(), "keep-alive CRLFs consumed");
    assert_eq!(m.as_bytes(), INVITE);
    let rest = &two[m.len()..];
    let mut slots = [HeaderSlot::EMPTY; 64];
    let m2 = parse(rest, &mut slots, &opts).unwrap().complete().unwrap();
    assert_eq!(m2.method(), Some(Method::Register));
    // Streams need Content-Length.
    let mut slots = [HeaderSlot::EMPTY; 8];
    let e = parse(
        b"OPTIONS sip:a SIP/2.0\r\nCall-ID: x\r\n\r\n",
        &mut slots,
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingHeader("Content-Length"));
}

#[test]
fn limits_map_to_status_codes() {
    let mut opts = ParseOptions::datagram();
    opts.limits = Limits {
        max_message: 1000,
        ..Limits::default()
    };
    let mut slots = [HeaderSlot::EMPTY; 64];
    let e = parse(INVITE, &mut slots, &opts).unwrap_err();
    assert_eq!((e.kind, e.status_code()), (ErrorKind::MessageTooLarge, 513));

    opts.limits = Limits {
        max_body: 100,
        ..Limits::default()
    };
    let e = parse(INVITE, &mut slots, &opts).unwrap_err();
    assert_eq!((e.kind, e.status_code()), (ErrorKind::BodyTooLarge, 413));

    opts.limits = Limits {
        max_headers: 5,
        ..Limits::default()
    };
    let e = parse(INVITE, &mut slots, &opts).unwrap_err();
    assert_eq!((e.kind, e.status_code()), (ErrorKind::TooManyHeaders, 513));
    let mut few = [HeaderSlot::EMPTY; 4];
    let e = parse(INVITE, &mut few, &ParseOptions::datagram()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManyHeaders);

    opts.limits = Limits {
        max_line: 60,
        ..Limits::default()
    };
    let e = parse(INVITE, &mut slots, &opts).unwrap_err();
    assert_eq!((e.kind, e.status_code()), (ErrorKind::LineTooLong, 513));
    // A stream that never ends its header section is bounded too.
    let mut opts = ParseOptions::stream();
    opts.limits = Limits {
        max_message: 4096,
        ..Limits::default()
    };
    let mut endless = Vec::from(&b"INVITE sip:a@b SIP/2.0\r\n"[..]);
    while endless.len() < 5000 {
        endless.extend_from_slice(format!("X-Pad: {}\r\n", "0123456789".repeat(20)).as_bytes());
    }
    let e = parse(&endless, &mut slots, &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MessageTooLarge);

    let mut slots = [HeaderSlot::EMPTY; 8];
    let e = parse(
        b"SIP/3.0 200 OK\r\n\r\n",
        &mut slots,
        &ParseOptions::datagram(),
    )
    .unwrap_err();
    assert_eq!((e.kind, e.status_code()), (ErrorKind::Version, 505));
    let e = parse(
        b"INVITE sip:a@b SIP/2.0\r\nNo colon here\r\n\r\n",
        &mut slots,
        &ParseOptions::datagram(),
    )
    .unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::HeaderLine, 24));
}

#[test]
fn owned_form_shares_the_buffer() {
    let mut buf = Vec::from(INVITE);
    buf.extend_from_slice(b"trailing");
    let bytes = Bytes::from(buf);
    let owned = OwnedMessage::parse(&bytes, &ParseOptions::datagram())
        .unwrap()
        .complete()
        .unwrap();
    drop(bytes);
    let m = owned.message();
    assert_eq!(m.method(), Some(Method::Invite));
    assert_eq!(owned.bytes(), INVITE);
    assert_eq!(owned.body().len(), m.content_length().unwrap() as usize);
    let cid = m.get(HeaderName::CallId).unwrap().value;
    let shared = owned.value_bytes(cid);
    assert_eq!(shared.as_ptr(), cid.as_ptr(), "slice_ref shares storage");
    let clone = owned.clone();
    std::thread::spawn(move || assert_eq!(clone.message().cseq().unwrap().unwrap().seq, 102))
        .join()
        .unwrap();
    // More headers than the first attempt's slots: falls back to the configured limit.
    let mut many = Vec::from(&b"OPTIONS sip:a@b SIP/2.0\r\n"[..]);
    for i in 0..100 {
        many.extend_from_slice(format!("X-H{i}: {i}\r\n").as_bytes());
    }
    many.extend_from_slice(b"Content-Length: 0\r\n\r\n");
    let o = OwnedMessage::parse(&Bytes::from(many), &ParseOptions::stream())
        .unwrap()
        .complete()
        .unwrap();
    assert_eq!(o.message().header_count(), 101);
}

#[test]
fn builders_emit_canonical_messages() {
    let req = Request::builder(Method::Invite, "sip:bob@example.com")
        .header(HeaderName::Via, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1")
        .header(HeaderName::MaxForwards, 70)
        .header(HeaderName::From, "<sip:alice@example.com>;tag=1")
        .header(HeaderName::To, "<sip:bob@example.com>")
        .header(HeaderName::CallId, "abc")
        .header(HeaderName::CSeq, "1 INVITE")
        .header(HeaderName::ContentLength, 999)
        .header_bytes("X-Raw", b"kept \x01 as is")
        .body(&b"v=0\r\n"[..]);
    let bytes = req.to_bytes();
    assert_eq!(
        &bytes[..],
        &b"INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n\
Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n\
Call-ID: abc\r\nCSeq: 1 INVITE\r\nX-Raw: kept \x01 as is\r\nContent-Length: 5\r\n\r\nv=0\r\n"[..]
    );
    assert_eq!(req.encoded_len(), bytes.len());
    let mut small = [0u8; 10];
    assert_eq!(
        req.encode_to_slice(&mut small).unwrap_err().required,
        bytes.len()
    );
    let mut big = [0u8; 400];
    assert_eq!(req.encode_to_slice(&mut big).unwrap(), bytes.len());

    let mut slots = [HeaderSlot::EMPTY; 16];
    let m = parse(&bytes, &mut slots, &ParseOptions::stream())
        .unwrap()
        .complete()
        .unwrap();
    let resp = Response::to_request(&m, 486, "Busy Here", Some("srv1")).to_bytes();
    let mut slots2 = [HeaderSlot::EMPTY; 16];
    let r = parse(&resp, &mut slots2, &ParseOptions::stream())
        .unwrap()
        .complete()
        .unwrap();
    r.validate().unwrap();
    assert_eq!(r.status_code(), Some(486));
    assert_eq!(r.to().unwrap().unwrap().tag(), Some("srv1"));
    assert_eq!(r.cseq().unwrap().unwrap().method, Method::Invite);
}

fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (
        Uri::parse(a.as_bytes()).unwrap(),
        Uri::parse(b.as_bytes()).unwrap(),
    );
    assert_eq!(a.equivalent(&b), b.equivalent(&a), "symmetric: {a} {b}");
    a.equivalent(&b)
}

#[test]
fn rfc3261_19_1_4_comparison() {
    // The equivalent pairs of RFC 3261 §19.1.4.
    assert!(eq(
        "sip:%61lice@atlanta.com;transport=TCP",
        "sip:alice@AtLanTa.CoM;Transport=tcp"
    ));
    assert!(eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com;newparam=5"
    ));
    assert!(eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com;security=on"
    ));
    assert!(eq(
        "sip:carol@chicago.com;newparam=5",
        "sip:carol@chicago.com;security=on"
    ));
    assert!(eq(
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
        "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"
    ));
    assert!(eq(
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:alice@atlanta.com?priority=urgent&subject=project%20x"
    ));
    // The non-equivalent pairs.
    assert!(!eq(
        "SIP:ALICE@AtLanTa.CoM;Transport=udp",
        "sip:alice@AtLanTa.CoM;Transport=UDP"
    ));
    assert!(!eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
    assert!(!eq(
        "sip:bob@biloxi.com",
        "sip:bob@biloxi.com;transport=udp"
    ));
    assert!(!eq(
        "sip:bob@biloxi.com",
        "sip:bob@biloxi.com:6000;transport=tcp"
    ));
    assert!(!eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com?Subject=next%20meeting"
    ));
    assert!(!eq("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
    assert!(!eq(
        "sip:carol@chicago.com;security=on",
        "sip:carol@chicago.com;security=off"
    ));
    assert!(!eq("sip:a@b", "sips:a@b"));
    assert!(eq("sip:a@[2001:db8::1]", "sip:a@[2001:DB8:0::1]"));
    assert!(eq("tel:+1-201-555-0123", "tel:+12015550123"));
    assert!(!eq("tel:+12015550123", "tel:+12015550124"));
    assert!(eq("urn:x", "URN:x"));
}

#[test]
fn uri_grammar() {
    assert!(Uri::parse(b"sip:a@b:99999").is_err());
    assert!(Uri::parse(b"sip:a@b;lr;").is_err());
    assert!(Uri::parse(b"sip:a b@c").is_err());
    assert!(Uri::parse(b"sip:%zz@c").is_err());
    assert!(Uri::parse(b"sip:@c").is_err());
    assert!(Uri::parse(b"sip:[::1").is_err());
    assert!(Uri::parse(b"tel:").is_err());
    assert!(Uri::parse(b"1sip:x").is_err());
    let u = Uri::parse(b"tel:+1-201-555-0123;ext=1234;phone-context=example.com").unwrap();
    let strowger_sip_core::Uri::Tel(t) = u else {
        panic!()
    };
    assert!(t.is_global());
    assert_eq!(t.digits(), "+12015550123");
    assert_eq!(t.params.get_str("ext").as_deref(), Some("1234"));
    assert_eq!(
        u.to_string(),
        "tel:+1-201-555-0123;ext=1234;phone-context=example.com"
    );
}
