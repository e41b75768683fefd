//! SDP: the parser never panics in either mode; whatever parses re-emits to text that parses
//! back equal (parse → emit → parse); typed attributes never panic; answering any parsed
//! offer never panics and yields strict-valid SDP.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strowger_sdp::negotiate::{Config, Session, T38Config};
use strowger_sdp::{emit, parse, parse_with, Codec, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let _ = parse_with(data, &ParseOptions::strict());
    let Ok(sdp) = parse(data) else { return };
    for a in sdp
        .attributes
        .iter()
        .chain(sdp.media.iter().flat_map(|m| m.attributes.iter()))
    {
        let _ = a.typed();
    }
    let text = emit(&sdp);
    let again = parse(text.as_bytes()).expect("emitted SDP parses");
    assert_eq!(again, sdp, "parse(emit(x)) == x");
    assert_eq!(emit(&again), text);

    let mut session = Session::new(Config {
        audio: Some(strowger_sdp::MediaConfig::new(
            4000,
            vec![
                Codec::pcmu(),
                Codec::pcma(),
                Codec::g729(true),
                Codec::g723(true),
                Codec::telephone_event(101),
            ],
        )),
        t38: Some(T38Config::default()),
        dtx: true,
        ..Config::default()
    });
    if let Ok(answer) = session.answer(&sdp) {
        let a = emit(&answer);
        parse_with(a.as_bytes(), &ParseOptions::strict()).expect("our answers are strict SDP");
        let _ = session.create_offer();
    }
});
