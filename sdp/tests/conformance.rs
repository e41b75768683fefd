//! Every SDP body of the shared corpus: `../shared/vectors/sip/sdp`, and the bodies of the SIP
//! messages in `sip/torture` and `sip/realworld`. Each parses; re-emit is byte-exact where the
//! input was well-formed; the deliberately broken ones fail or are tolerated as TABLE.md says.

use std::path::{Path, PathBuf};

use strowger_sdp::{emit, parse, parse_with, ErrorKind, ParseOptions};
use strowger_testsupport as support;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// The bytes after the header section's blank line (CRLF CRLF or, in the LF-only RFC 5118
/// archive files, LF LF), cut to Content-Length when that is smaller (datagram framing).
fn sip_body(msg: &[u8]) -> &[u8] {
    sip_body_framed(msg, true)
}

/// The rfc5118-crlf twins got CR added to every line without a new Content-Length, so they
/// are read to the end.
fn sip_body_framed(msg: &[u8], by_content_length: bool) -> &[u8] {
    let crlf = msg
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4));
    let lf = msg
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|i| (i, i + 2));
    let (hdr_end, body_start) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if b.0 < a.0 {
                b
            } else {
                a
            }
        }
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => return &[],
    };
    let headers = String::from_utf8_lossy(&msg[..hdr_end]);
    let cl = headers.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        let name = name.trim();
        (name.eq_ignore_ascii_case("Content-Length") || name == "l")
            .then(|| value.trim().parse::<usize>().ok())?
    });
    let body = &msg[body_start..];
    match cl {
        Some(n) if by_content_length && n < body.len() => &body[..n],
        _ => body,
    }
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn sdp_corpus_parses_strictly_and_reemits_byte_exact() {
    let Some(v) = support::vectors_dir() else {
        return;
    };
    let mut n = 0;
    for p in files(&v.join("sip/sdp"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "sdp"))
    {
        let input = read(&p);
        let strict = parse_with(&input, &ParseOptions::strict())
            .unwrap_or_else(|e| panic!("{}: strict parse failed: {e}", p.display()));
        assert_eq!(
            emit(&strict).as_bytes(),
            &input[..],
            "{}: re-emit differs",
            p.display()
        );
        let lenient = parse(&input).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(
            lenient,
            strict,
            "{}: lenient and strict disagree",
            p.display()
        );
        let owned = lenient.clone().into_owned();
        assert_eq!(
            emit(&owned).as_bytes(),
            &input[..],
            "{}: owned re-emit differs",
            p.display()
        );
        n += 1;
    }
    assert_eq!(n, 6, "expected the six SDP files of sip/sdp");
    eprintln!("sip/sdp: {n} of {n} parse strictly and re-emit byte-exact");
}

/// What the corpus says about each SIP message with an SDP body.
enum Expect {
    /// Well-formed: strict parse, byte-exact re-emit.
    WellFormed,
    /// LF-only lines (RFC 5118 archive): strict refuses the bare LF, lenient accepts,
    /// re-emit keeps LF and is byte-exact.
    LfOnly,
    /// `mismatch02`: no `s=` and no `t=`: lenient accepts (kept as is), strict says missing s=.
    MissingSessionName,
    /// `multi01`: a blank line after the body: lenient drops it.
    TrailingBlankLine,
    /// RFC 4475's shared body: `a=rtpmap:31 LPC` has no clock rate (RFC 8866 §6.6 requires
    /// one). Lenient keeps it raw (byte-exact); strict refuses it at the value.
    RtpmapWithoutClock,
    /// sipsorcery Cisco IOS: body truncated in the source at `a=rtpmap:101 telepho`.
    Truncated,
}

fn expectation(name: &str) -> Expect {
    match name {
        "ipv6-in-sdp.dat" | "ipv4-mapped-ipv6.dat" | "mult-ip-in-sdp.dat" => Expect::LfOnly,
        "mismatch02.dat" => Expect::MissingSessionName,
        "multi01.dat" => Expect::TrailingBlankLine,
        "sipsorcery-cisco-ios12-invite-g723-g729.sip" => Expect::Truncated,
        _ => Expect::WellFormed,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn sip_message_bodies_parse_as_table_md_says() {
    let Some(v) = support::vectors_dir() else {
        return;
    };
    let sip = v.join("sip");
    let mut dirs: Vec<PathBuf> = vec![
        sip.join("torture/valid"),
        sip.join("torture/invalid"),
        sip.join("torture/rfc5118-crlf"),
        sip.join("realworld"),
    ];
    dirs.retain(|d| d.is_dir());
    assert_eq!(dirs.len(), 4, "torture and realworld folders missing");
    let (mut total, mut exact) = (0, 0);
    for p in dirs.iter().flat_map(|d| files(d)) {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".md") || name.ends_with(".txt") || name == "SHA256SUMS" {
            continue;
        }
        let msg = read(&p);
        let twin = p.parent().is_some_and(|d| d.ends_with("rfc5118-crlf"));
        // Realworld traces with a wrong Content-Length (siemens: the source appended a video
        // m= line) are read to the end, as PROVENANCE.md says.
        let realworld = p.parent().is_some_and(|d| d.ends_with("realworld"));
        let body = sip_body_framed(&msg, !twin && !realworld);
        if !body.starts_with(b"v=") {
            continue;
        }
        total += 1;
        let lenient =
            parse(body).unwrap_or_else(|e| panic!("{}: lenient parse failed: {e}", p.display()));
        let strict = parse_with(body, &ParseOptions::strict());
        let out = emit(&lenient);
        let lpc = find(body, b"a=rtpmap:31 LPC\r\n");
        let expect = match (
            if twin {
                Expect::WellFormed
            } else {
                expectation(&name)
            },
            lpc,
        ) {
            (Expect::WellFormed, Some(_)) => Expect::RtpmapWithoutClock,
            (e, _) => e,
        };
        match expect {
            Expect::RtpmapWithoutClock => {
                let e = strict.expect_err("rtpmap without clock rate must fail strict parsing");
                assert_eq!(
                    e.kind,
                    ErrorKind::Invalid("rtpmap clock rate"),
                    "{}",
                    p.display()
                );
                assert_eq!(
                    e.offset,
                    lpc.unwrap() + "a=rtpmap:31 ".len(),
                    "{}",
                    p.display()
                );
                assert_eq!(out.as_bytes(), body, "{}: re-emit differs", p.display());
                exact += 1;
            }
            Expect::WellFormed => {
                strict.unwrap_or_else(|e| panic!("{}: strict parse failed: {e}", p.display()));
                assert_eq!(out.as_bytes(), body, "{}: re-emit differs", p.display());
                exact += 1;
            }
            Expect::LfOnly => {
                let e = strict.expect_err("bare LF must fail strict parsing");
                assert_eq!(
                    e.kind,
                    ErrorKind::Sloppy("bare LF line ending"),
                    "{}",
                    p.display()
                );
                assert_eq!(
                    e.offset,
                    3,
                    "{}: the first line ends at byte 3",
                    p.display()
                );
                assert_eq!(out.as_bytes(), body, "{}: LF re-emit differs", p.display());
                exact += 1;
            }
            Expect::MissingSessionName => {
                let e = strict.expect_err("no s= must fail strict parsing");
                assert_eq!(e.kind, ErrorKind::MissingLine('s'));
                assert_eq!(e.offset, body.len());
                assert!(lenient.session_name.is_none() && lenient.times.is_empty());
                assert_eq!(out.as_bytes(), body, "{}: re-emit differs", p.display());
                exact += 1;
            }
            Expect::TrailingBlankLine => {
                let e = strict.expect_err("blank line must fail strict parsing");
                assert_eq!(e.kind, ErrorKind::Sloppy("empty line"));
                assert_eq!(e.offset, body.len() - 2);
                assert_eq!(out.as_bytes(), &body[..body.len() - 2]);
            }
            Expect::Truncated => {
                let e = strict.expect_err("truncated body must fail strict parsing");
                assert_eq!(e.kind, ErrorKind::Truncated);
                assert_eq!(e.offset, body.len());
                // The broken rtpmap is kept raw and re-emitted with a line ending.
                let last = lenient.media[0].attributes.last().unwrap();
                assert_eq!(last.value.as_deref(), Some("101 telepho"));
                assert!(last.typed().is_err());
                let mut expected = body.to_vec();
                expected.extend_from_slice(b"\r\n");
                assert_eq!(out.as_bytes(), &expected[..]);
            }
        }
    }
    // 19 RFC 4475 messages, 3 RFC 5118 ones in both line endings, 5 realworld traces.
    assert_eq!(total, 30, "SDP bodies found");
    // All but multi01 (blank line after the body) and the truncated Cisco IOS body.
    assert_eq!(exact, 28, "bodies re-emitted byte-exact");
    eprintln!("SIP bodies: {total} parse (lenient), {exact} re-emit byte-exact");
}

#[test]
fn dblreq_trailing_octets_are_not_sdp() {
    // RFC 4475 §3.1.1.8: the REGISTER has Content-Length 0; the INVITE-looking octets after it
    // must be ignored. Its SDP has `m =video`, which is no SDP line at all.
    let Some(v) = support::vectors_dir() else {
        return;
    };
    let msg = read(&v.join("sip/torture/valid/dblreq.dat"));
    assert!(
        sip_body(&msg).is_empty(),
        "Content-Length 0 frames an empty body"
    );
    let inner = &msg[msg.windows(6).position(|w| w == b"\r\nv=0\r").unwrap() + 2..];
    let bad_line = inner.windows(8).position(|w| w == b"m =video").unwrap();
    let e = parse(inner).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MalformedLine);
    assert_eq!(e.offset, bad_line);
}

#[test]
fn non_sdp_bodies_are_refused_with_an_offset() {
    let Some(v) = support::vectors_dir() else {
        return;
    };
    // RFC 4475 §3.3.6 invut: an unknown body type (XML).
    let invut = read(&v.join("sip/torture/valid/invut.dat"));
    let e = parse(sip_body(&invut)).unwrap_err();
    assert_eq!((e.offset, e.kind), (0, ErrorKind::MalformedLine));
    // RFC 4475 §3.1.1.11 mpart01: a multipart body with binary parts.
    let mpart = read(&v.join("sip/torture/valid/mpart01.dat"));
    let e = parse(sip_body(&mpart)).unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::InvalidUtf8 | ErrorKind::MissingLine('v')),
        "{e}"
    );
}

#[test]
fn typed_attributes_of_the_corpus() {
    use strowger_sdp::attr::{EventSet, Fmtp, FmtpParams, Rtpmap, TypedAttribute};
    let Some(v) = support::vectors_dir() else {
        return;
    };
    let input = read(&v.join("sip/sdp/cisco-style-g729-g723-te0-15-36-xcap-silencesupp.sdp"));
    let sdp = parse(&input).unwrap();
    let m = &sdp.media[0];
    let fmtp = |pt: &str| {
        m.attributes
            .iter()
            .filter(|a| a.name == "fmtp")
            .map(|a| Fmtp::parse(a.value.as_deref().unwrap()).unwrap())
            .find(|f| f.format == pt)
            .unwrap()
    };
    assert_eq!(
        fmtp("18").typed("G729").unwrap(),
        FmtpParams::G729 {
            annexb: Some(false)
        }
    );
    assert_eq!(
        fmtp("4").typed("G723").unwrap(),
        FmtpParams::G723 {
            annexa: Some(false),
            bitrate: None
        }
    );
    let mut ev = EventSet::range(0, 15);
    ev.insert(36);
    assert_eq!(
        fmtp("96").typed("telephone-event").unwrap(),
        FmtpParams::TelephoneEvent(ev)
    );
    assert_eq!(ev.to_string(), "0-15,36");
    let ss = m.attribute("silenceSupp").unwrap().typed().unwrap();
    match ss {
        TypedAttribute::SilenceSupp(s) => {
            assert!(!s.enabled && s.timer.is_none() && s.fxns_level.is_none())
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        m.attribute("ptime").unwrap().typed().unwrap(),
        TypedAttribute::Ptime(20)
    );
    let r = Rtpmap::parse(m.attribute("rtpmap").unwrap().value.as_deref().unwrap()).unwrap();
    assert_eq!(
        (r.payload_type, r.encoding, r.clock_rate),
        (0, "PCMU", 8000)
    );

    let samsung = read(&v.join("sip/sdp/samsung-volte-evs-amrwb-te0-15-ptime-maxptime-ipv6.sdp"));
    let sdp = parse(&samsung).unwrap();
    let c = sdp.connection.as_ref().unwrap();
    assert_eq!(c.addr_type, "IP6");
    assert_eq!(
        c.ip_addr(),
        Some("2001:56b:f:538:0:3a:b637:c001".parse().unwrap())
    );
    assert_eq!(
        sdp.media[0].attribute("maxptime").unwrap().typed().unwrap(),
        TypedAttribute::MaxPtime(240)
    );
    assert_eq!(sdp.media[0].bandwidths[0].bandwidth, 50);
    assert_eq!(
        sdp.media[0].direction(),
        Some(strowger_sdp::Direction::SendRecv)
    );
}

/// One test per SDP vector: strict parse, byte-exact re-emit, and a round trip through the
/// owned form.
macro_rules! sdp_vector {
    ($($name:ident => $file:literal,)*) => {$(
        #[test]
        fn $name() {
            let Some(v) = support::vectors_dir() else { return };
            let input = read(&v.join("sip/sdp").join($file));
            let sdp = parse_with(&input, &ParseOptions::strict()).unwrap_or_else(|e| panic!("{}: {e}", $file));
            assert_eq!(emit(&sdp).as_bytes(), &input[..]);
            let owned = sdp.clone().into_owned();
            assert_eq!(owned, sdp);
            assert!(!sdp.media.is_empty());
        }
    )*};
}

sdp_vector! {
    vector_asterisk11 => "asterisk11-g729-annexb-g723-annexa-te0-16-ptime.sdp",
    vector_cisco_bts10200 => "cisco-bts10200-x-nse-t38-capneg.sdp",
    vector_cisco_gw => "cisco-gw-pcma-te0-15-ptime20.sdp",
    vector_cisco_style => "cisco-style-g729-g723-te0-15-36-xcap-silencesupp.sdp",
    vector_samsung_volte => "samsung-volte-evs-amrwb-te0-15-ptime-maxptime-ipv6.sdp",
    vector_siemens_hiq9200 => "siemens-hiq9200-g723-annexa-g729-annexb-vad-capneg.sdp",
}
