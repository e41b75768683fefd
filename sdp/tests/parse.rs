//! Parser behaviour: lenient and strict modes, hostile-input bounds with typed errors and byte
//! offsets, zero-copy borrowing, and the proptest round trip `parse(emit(x)) == x`.

use std::borrow::Cow;

use proptest::prelude::*;
use strowger_sdp::{
    emit, parse, parse_with, Attribute, Bandwidth, Connection, ErrorKind, Limit, LineEnding,
    MediaDescription, Origin, ParseOptions, SessionDescription, Timing,
};

const BASIC: &str = "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n";

#[test]
fn fields_borrow_from_the_input() {
    let sdp = parse(BASIC.as_bytes()).unwrap();
    let Cow::Borrowed(a) = &sdp.media[0].attributes[0].value.as_ref().unwrap() else {
        panic!("copied")
    };
    let range = BASIC.as_ptr() as usize..BASIC.as_ptr() as usize + BASIC.len();
    assert!(range.contains(&(a.as_ptr() as usize)));
    assert_eq!(emit(&sdp), BASIC);
}

#[test]
fn lenient_accepts_sloppy_input_that_strict_refuses() {
    let sloppy = "v=0\no=- 1 2 IN IP4 192.0.2.1  \ns=-\nt=0 0\n\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU/8000 \t\nx=unknown line\na=X-vendor:kept\n";
    let sdp = parse(sloppy.as_bytes()).unwrap();
    assert_eq!(sdp.line_ending, LineEnding::Lf);
    assert_eq!(sdp.origin.address, "192.0.2.1");
    assert_eq!(
        sdp.media[0].attributes[0].value.as_deref(),
        Some("0 PCMU/8000")
    );
    assert_eq!(sdp.media[0].unknown_lines, ["x=unknown line"]);
    assert_eq!(
        sdp.connection.as_ref().unwrap().address,
        "192.0.2.1",
        "c= after t= accepted"
    );
    let out = emit(&sdp);
    assert!(
        out.contains("x=unknown line\na=rtpmap:0 PCMU/8000\na=X-vendor:kept\n"),
        "{out}"
    );
    assert_eq!(parse(out.as_bytes()).unwrap(), sdp);

    let strict = ParseOptions::strict();
    let e = parse_with(sloppy.as_bytes(), &strict).unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (3, ErrorKind::Sloppy("bare LF line ending"))
    );
    let crlf = sloppy.replace('\n', "\r\n");
    let e = parse_with(crlf.as_bytes(), &strict).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Sloppy("trailing whitespace"));
    assert_eq!(e.offset, crlf.find("  \r\n").unwrap() + 1);
}

#[test]
fn strict_errors_carry_kind_and_offset() {
    let strict = ParseOptions::strict();
    let cases: &[(&str, usize, ErrorKind)] = &[
        ("", 0, ErrorKind::MissingLine('v')),
        ("v=1\r\n", 2, ErrorKind::UnsupportedVersion),
        ("o=- 1 1 IN IP4 h\r\n", 0, ErrorKind::MissingLine('v')),
        ("v=0\r\nv=0\r\n", 5, ErrorKind::DuplicateLine('v')),
        ("v=0\r\ns=-\r\n", 10, ErrorKind::MissingLine('o')),
        ("v=0\r\no=- x 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n", 9, ErrorKind::Invalid("o= session id")),
        ("v=0\r\no=- 1 1 IN IP4\r\n", 7, ErrorKind::Invalid("o= origin")),
        ("v=0\r\no=- 1 1 IN IP4 h\r\nt=0 0\r\ns=-\r\n", 30, ErrorKind::OutOfOrder('s')),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nx=1\r\n", 35, ErrorKind::UnknownLine('x')),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 ::1\r\nt=0 0\r\n", 37, ErrorKind::Invalid("c= address")),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", 43, ErrorKind::Invalid("m= port")),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\na=ptime:x\r\n", 76, ErrorKind::Invalid("ptime")),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0", 33, ErrorKind::Truncated),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n", 37, ErrorKind::MissingLine('c')),
        ("v=0\r\n=x\r\n", 5, ErrorKind::MalformedLine),
        ("v=0\r\nA=x\r\n", 5, ErrorKind::MalformedLine),
    ];
    let mut bad = Vec::new();
    for (input, offset, kind) in cases {
        let e = parse_with(input.as_bytes(), &strict).unwrap_err();
        if (e.offset, e.kind) != (*offset, *kind) {
            bad.push(format!(
                "{input:?}: got {} {:?} at [{:?}]",
                e.offset,
                e.kind,
                &input[e.offset.min(input.len())..]
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let e = parse(b"v=0\r\no=\xff\r\n").unwrap_err();
    assert_eq!((e.offset, e.kind), (7, ErrorKind::InvalidUtf8));
}

#[test]
fn hostile_input_is_bounded() {
    let opts = ParseOptions {
        max_lines: 10,
        max_line_len: 64,
        max_media: 2,
        max_formats: 4,
        max_size: 4096,
        ..ParseOptions::lenient()
    };
    let head = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n";
    let many = format!("{head}{}", "a=x\r\n".repeat(20));
    let e = parse_with(many.as_bytes(), &opts).unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (head.len() + 6 * 5, ErrorKind::LimitExceeded(Limit::Lines))
    );
    let long = format!("{head}a={}\r\n", "y".repeat(100));
    let e = parse_with(long.as_bytes(), &opts).unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (head.len() + 64, ErrorKind::LimitExceeded(Limit::LineLength))
    );
    let media = format!("{head}{}", "m=audio 1 RTP/AVP 0\r\n".repeat(3));
    let e = parse_with(media.as_bytes(), &opts).unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (head.len() + 2 * 21, ErrorKind::LimitExceeded(Limit::Media))
    );
    let formats = format!("{head}m=audio 1 RTP/AVP 0 1 2 3 4\r\n");
    let e = parse_with(formats.as_bytes(), &opts).unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (head.len() + 26, ErrorKind::LimitExceeded(Limit::Formats))
    );
    let big = vec![b'a'; 5000];
    let e = parse_with(&big, &opts).unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (4096, ErrorKind::LimitExceeded(Limit::Size))
    );
    // Defaults: a megabyte of attributes is refused quickly, not parsed.
    let huge = format!("{head}{}", "a=x\r\n".repeat(300_000));
    assert_eq!(
        parse(huge.as_bytes()).unwrap_err().kind,
        ErrorKind::LimitExceeded(Limit::Size)
    );
}

#[test]
fn emit_into_a_caller_buffer() {
    let sdp = parse(BASIC.as_bytes()).unwrap();
    assert_eq!(strowger_sdp::buffer_len(&sdp), BASIC.len());
    let mut buf = [0u8; 512];
    let n = strowger_sdp::emit_to_slice(&sdp, &mut buf).unwrap();
    assert_eq!(&buf[..n], BASIC.as_bytes());
    let mut small = [0u8; 40];
    let e = strowger_sdp::emit_to_slice(&sdp, &mut small).unwrap_err();
    assert_eq!(e.required, BASIC.len());
}

#[test]
fn session_name_of_one_space_survives_lenient_trimming() {
    let text = "v=0\r\no=- 1 1 IN IP4 h\r\ns= \r\nt=0 0\r\n";
    let sdp = parse(text.as_bytes()).unwrap();
    assert_eq!(sdp.session_name.as_deref(), Some(" "));
    assert_eq!(emit(&sdp), text);
    parse_with(text.as_bytes(), &ParseOptions::strict()).unwrap();
}

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9._-]{0,11}"
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z0-9]", "[A-Za-z0-9][ -~]{0,30}[A-Za-z0-9!/]"]
}

fn digits() -> impl Strategy<Value = String> {
    prop_oneof![Just("0".to_string()), "[1-9][0-9]{0,25}"]
}

fn cow(s: String) -> Cow<'static, str> {
    Cow::Owned(s)
}

fn connection() -> impl Strategy<Value = Connection<'static>> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|a| Connection::ip(std::net::IpAddr::from(a))),
        any::<[u16; 8]>().prop_map(|a| Connection::ip(std::net::IpAddr::from(a))),
        token().prop_map(|h| Connection {
            net_type: "IN".into(),
            addr_type: "IP4".into(),
            address: cow(h)
        }),
    ]
}

fn bandwidth() -> impl Strategy<Value = Bandwidth<'static>> {
    ("[A-Z]{2,4}", any::<u64>()).prop_map(|(t, b)| Bandwidth {
        bw_type: cow(t),
        bandwidth: b,
    })
}

fn attribute() -> impl Strategy<Value = Attribute<'static>> {
    (token(), proptest::option::of(text())).prop_map(|(n, v)| Attribute {
        name: cow(n),
        value: v.map(cow),
    })
}

fn media() -> impl Strategy<Value = MediaDescription<'static>> {
    (
        (
            "[a-z]{3,11}",
            any::<u16>(),
            proptest::option::of(any::<u16>()),
            "[A-Z]{3}(/[A-Z]{3,4})?",
        ),
        proptest::collection::vec(token(), 0..6),
        proptest::option::of(text()),
        proptest::collection::vec(connection(), 0..3),
        proptest::collection::vec(bandwidth(), 0..2),
        proptest::option::of(text()),
        proptest::collection::vec(attribute(), 0..8),
        proptest::collection::vec("x=[ -~]{0,20}[a-z]", 0..2),
    )
        .prop_map(
            |(
                (m, port, n, proto),
                formats,
                info,
                connections,
                bandwidths,
                key,
                attributes,
                unknown,
            )| {
                MediaDescription {
                    media: cow(m),
                    port,
                    num_ports: n,
                    proto: cow(proto),
                    formats: formats.into_iter().map(cow).collect(),
                    information: info.map(cow),
                    connections,
                    bandwidths,
                    key: key.map(cow),
                    attributes,
                    unknown_lines: unknown.into_iter().map(cow).collect(),
                }
            },
        )
}

fn session() -> impl Strategy<Value = SessionDescription<'static>> {
    (
        (token(), digits(), any::<u64>(), token(), connection()),
        (
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
        (
            proptest::collection::vec(text(), 0..2),
            proptest::collection::vec(text(), 0..2),
        ),
        (
            proptest::option::of(connection()),
            proptest::collection::vec(bandwidth(), 0..2),
        ),
        proptest::collection::vec(
            (
                any::<u64>(),
                any::<u64>(),
                proptest::collection::vec(text(), 0..2),
            ),
            0..3,
        ),
        (proptest::option::of(text()), proptest::option::of(text())),
        proptest::collection::vec(attribute(), 0..6),
        proptest::collection::vec("[qwxy]=[ -~]{0,20}[a-z]", 0..2),
        proptest::collection::vec(media(), 0..4),
        any::<bool>(),
    )
        .prop_map(
            |(o, (s, i, u), (e, p), (c, b), t, (z, k), a, unknown, media, lf)| SessionDescription {
                version: 0,
                origin: Origin {
                    username: cow(o.0),
                    session_id: cow(o.1),
                    session_version: o.2,
                    net_type: cow(o.3),
                    addr_type: o.4.addr_type,
                    address: o.4.address,
                },
                session_name: s.map(cow),
                information: i.map(cow),
                uri: u.map(cow),
                emails: e.into_iter().map(cow).collect(),
                phones: p.into_iter().map(cow).collect(),
                connection: c,
                bandwidths: b,
                times: t
                    .into_iter()
                    .map(|(start, stop, r)| Timing {
                        start,
                        stop,
                        repeats: r.into_iter().map(cow).collect(),
                    })
                    .collect(),
                time_zones: z.map(cow),
                key: k.map(cow),
                attributes: a,
                unknown_lines: unknown.into_iter().map(cow).collect(),
                media,
                line_ending: if lf { LineEnding::Lf } else { LineEnding::CrLf },
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_emit_round_trip(x in session()) {
        let text = emit(&x);
        let back = parse(text.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &x);
        prop_assert_eq!(emit(&back), text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for opts in [ParseOptions::lenient(), ParseOptions::strict()] {
            if let Ok(sdp) = parse_with(&bytes, &opts) {
                let text = emit(&sdp);
                let again = parse(text.as_bytes()).unwrap();
                prop_assert_eq!(emit(&again), text);
            } else if let Err(e) = parse_with(&bytes, &opts) {
                prop_assert!(e.offset <= bytes.len());
            }
        }
    }

    #[test]
    fn mutated_sdp_never_panics(cut in 0usize..200, flip in any::<u8>(), pos in 0usize..200) {
        let mut b = BASIC.as_bytes().to_vec();
        let p = pos % b.len();
        b[p] = flip;
        b.truncate(cut.max(1).min(b.len()));
        match parse(&b) {
            Ok(sdp) => { let t = emit(&sdp); prop_assert!(parse(t.as_bytes()).is_ok()); }
            Err(e) => prop_assert!(e.offset <= b.len()),
        }
    }
}
