//! Property tests: `parse(emit(msg)) == msg` for generated messages, typed header values
//! round-trip through their canonical text, and the parser never panics on any input.

use proptest::prelude::*;
use strowger_sip_core::header::{HeaderName, NameAddr, ParseValue, Via};
use strowger_sip_core::{parse, HeaderSlot, Method, ParseOptions, Request, Response, Status, Uri};

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9.!%*_+`'~-]{0,15}"
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,10}(\\.[a-z][a-z0-9-]{0,10}){0,3}",
        (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        any::<[u16; 8]>().prop_map(|s| format!("[{}]", std::net::Ipv6Addr::from(s))),
    ]
}

fn sip_uri() -> impl Strategy<Value = String> {
    (
        prop::option::of("[a-zA-Z0-9_.!~*'()&=+$,;?/-]{1,12}|%[0-9A-F]{2}[a-z]{1,4}"),
        host(),
        prop::option::of(1u16..),
        prop::collection::vec(
            (
                "[a-zA-Z0-9][a-zA-Z0-9._!~*'-]{0,10}",
                prop::option::of("[a-zA-Z0-9:-]{1,8}"),
            ),
            0..3,
        ),
        any::<bool>(),
    )
        .prop_map(|(user, host, port, params, secure)| {
            let mut s = String::from(if secure { "sips:" } else { "sip:" });
            if let Some(u) = user {
                s += &u;
                s += "@";
            }
            s += &host;
            if let Some(p) = port {
                s += &format!(":{p}");
            }
            for (n, v) in params {
                s += ";";
                s += &n;
                if let Some(v) = v {
                    s += "=";
                    s += &v;
                }
            }
            s
        })
}

fn name_addr() -> impl Strategy<Value = String> {
    (
        prop::option::of("[ -!#-\\[\\]-~]{0,12}"),
        sip_uri(),
        prop::option::of(token()),
    )
        .prop_map(|(dn, uri, tag)| {
            let mut s = String::new();
            if let Some(d) = dn {
                s += &format!("\"{d}\" ");
            }
            s += &format!("<{uri}>");
            if let Some(t) = tag {
                s += &format!(";tag={t}");
            }
            s
        })
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("INVITE".to_owned()),
        Just("REGISTER".to_owned()),
        Just("BYE".to_owned()),
        Just("OPTIONS".to_owned()),
        "[A-Z]{3,10}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn uri_round_trip(u in sip_uri()) {
        let a = Uri::parse(u.as_bytes()).unwrap();
        let text = a.to_string();
        let b = Uri::parse(text.as_bytes()).unwrap();
        prop_assert!(a.equivalent(&b), "{u} -> {text}");
        prop_assert_eq!(a, b);
    }

    #[test]
    fn name_addr_round_trip(v in name_addr()) {
        let a = NameAddr::parse_value(v.as_bytes(), 0, "To").unwrap();
        let text = a.to_string();
        let b = NameAddr::parse_value(text.as_bytes(), 0, "To").unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn via_round_trip(h in host(), port in prop::option::of(1u16..), branch in token(), tr in "UDP|TCP|TLS|SCTP|WS") {
        let v = format!("SIP/2.0/{tr} {h}{};branch=z9hG4bK{branch};rport", port.map(|p| format!(":{p}")).unwrap_or_default());
        let a = Via::parse_value(v.as_bytes(), 0, "Via").unwrap();
        prop_assert_eq!(a.rport(), Some(None));
        let text = a.to_string();
        let b = Via::parse_value(text.as_bytes(), 0, "Via").unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn message_round_trip(
        m in method(),
        ruri in sip_uri(),
        from in name_addr(),
        to in name_addr(),
        call_id in "[a-zA-Z0-9.-]{1,20}(@[a-z0-9.]{1,10})?",
        seq in any::<u32>(),
        extra in prop::collection::vec(("X-[A-Za-z0-9-]{1,10}", "[ -~]{0,30}"), 0..5),
        body in prop::collection::vec(any::<u8>(), 0..300),
        stream in any::<bool>(),
    ) {
        let meth = Method::from_token(&m);
        let mut b = Request::builder(meth, &ruri)
            .header(HeaderName::Via, "SIP/2.0/UDP host.example.com;branch=z9hG4bKx")
            .header(HeaderName::From, &from)
            .header(HeaderName::To, &to)
            .header(HeaderName::CallId, &call_id)
            .header(HeaderName::CSeq, format!("{seq} {m}"))
            .header(HeaderName::MaxForwards, 70);
        for (n, v) in &extra {
            b = b.header_bytes(n, v.trim().as_bytes());
        }
        let bytes = b.body(body.clone()).to_bytes();
        let mut slots = [HeaderSlot::EMPTY; 32];
        let opts = if stream { ParseOptions::stream() } else { ParseOptions::datagram() };
        let msg = parse(&bytes, &mut slots, &opts).unwrap().complete().unwrap();
        msg.validate().unwrap();
        prop_assert_eq!(msg.len(), bytes.len());
        prop_assert_eq!(msg.method(), Some(meth));
        prop_assert_eq!(msg.request_uri_str(), Some(ruri.as_str()));
        prop_assert_eq!(msg.body(), &body[..]);
        prop_assert_eq!(msg.call_id().unwrap().unwrap().0, call_id.as_str());
        prop_assert_eq!(msg.cseq().unwrap().unwrap().seq, seq);
        prop_assert_eq!(msg.from().unwrap().unwrap(), NameAddr::parse_value(from.as_bytes(), 0, "From").unwrap());
        for (i, (n, v)) in extra.iter().enumerate() {
            // Names compare case-insensitively; a repeated name is its k-th occurrence.
            let k = extra[..i].iter().filter(|(m, _)| m.eq_ignore_ascii_case(n)).count();
            let f = msg.get_by_name(n).nth(k).unwrap();
            prop_assert_eq!(f.value, v.trim().as_bytes());
        }
        // Re-emitting the parsed message gives the same bytes.
        prop_assert_eq!(msg.to_builder().to_bytes(), bytes.clone());
        // On a stream every proper prefix is Partial.
        if stream {
            for cut in [1, bytes.len() / 2, bytes.len() - 1] {
                let mut s2 = [HeaderSlot::EMPTY; 32];
                prop_assert!(matches!(parse(&bytes[..cut], &mut s2, &opts), Ok(Status::Partial)));
            }
        }
    }

    #[test]
    fn response_round_trip(code in 100u16..700, reason in "[A-Za-z ]{0,20}", to in name_addr()) {
        let bytes = Response::builder(code, &reason)
            .header(HeaderName::Via, "SIP/2.0/TCP h;branch=z9hG4bK1")
            .header(HeaderName::From, "<sip:a@b>;tag=1")
            .header(HeaderName::To, &to)
            .header(HeaderName::CallId, "c1")
            .header(HeaderName::CSeq, "1 INVITE")
            .to_bytes();
        let mut slots = [HeaderSlot::EMPTY; 16];
        let msg = parse(&bytes, &mut slots, &ParseOptions::stream()).unwrap().complete().unwrap();
        msg.validate().unwrap();
        prop_assert_eq!(msg.status_code(), Some(code));
        prop_assert_eq!(msg.reason(), Some(reason.as_bytes()));
    }

    #[test]
    fn never_panics(data in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut slots = [HeaderSlot::EMPTY; 16];
        for opts in [ParseOptions::datagram(), ParseOptions::stream()] {
            if let Ok(Status::Complete(m)) = parse(&data, &mut slots, &opts) {
                let _ = m.validate();
                assert!(m.len() <= data.len());
            }
        }
    }

    #[test]
    fn never_panics_sipish(
        lines in prop::collection::vec("[A-Za-z:;,<>\"@ =./0-9\\\\-]{0,40}", 0..12),
    ) {
        let text = format!("INVITE sip:a@b SIP/2.0\r\n{}\r\n\r\n", lines.join("\r\n"));
        let mut slots = [HeaderSlot::EMPTY; 16];
        if let Ok(Status::Complete(m)) = parse(text.as_bytes(), &mut slots, &ParseOptions::datagram()) {
            let _ = m.validate();
            for f in m.headers() {
                for (v, off) in f.elements() {
                    prop_assert!(off + v.len() <= text.len());
                    let _ = NameAddr::parse_value(v, off, "X");
                    let _ = Via::parse_value(v, off, "X");
                }
            }
        }
    }
}
