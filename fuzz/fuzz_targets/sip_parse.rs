//! The SIP parser on arbitrary bytes, both framings: never panics, every offset and slice
//! stays inside the input, every typed accessor returns instead of panicking, and a parsed
//! message re-emitted through the builder parses again to the same headers and body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strowger_sip_core::header::HeaderName;
use strowger_sip_core::{parse, HeaderSlot, ParseOptions, Status};

fuzz_target!(|data: &[u8]| {
    for opts in [ParseOptions::datagram(), ParseOptions::stream()] {
        let mut slots = [HeaderSlot::EMPTY; 64];
        let m = match parse(data, &mut slots, &opts) {
            Ok(Status::Complete(m)) => m,
            Ok(Status::Partial) => continue,
            Err(e) => {
                assert!(e.offset <= data.len() + opts.limits.max_message);
                continue;
            }
        };
        assert!(m.len() <= data.len());
        let _ = m.validate();
        let _ = m.request_uri();
        for f in m.headers() {
            assert!(f.offset + f.value.len() <= data.len());
        }
        let _ = m.via().count();
        let _ = m.contacts().count();
        let _ = m
            .from()
            .map(|r| r.map(|a| (a.display_name(), a.tag(), a.user())));
        let _ = m.to();
        let _ = m.cseq();
        let _ = m.call_id();
        for d in m.diversions().flatten() {
            let _ = (d.reason(), d.counter(), d.screen(), d.extensions().count());
        }
        for h in m.history_info().flatten() {
            let _ = (h.index_levels(), h.cause(), h.reason(), h.target());
        }
        let _ = m.www_authenticate().count();
        let _ = m.authorization().count();
        let _ = m.reason_headers().count();
        let _ = m.warnings().count();
        let _ = m.retry_after();
        let _ = m.session_expires();
        let _ = m.rack();
        let _ = m.replaces();
        let _ = m.date();

        let again = m.to_builder().to_bytes();
        let mut slots2 = [HeaderSlot::EMPTY; 64];
        if let Ok(Status::Complete(m2)) = parse(&again, &mut slots2, &ParseOptions::datagram()) {
            let a: Vec<_> = m
                .headers()
                .filter(|f| f.id != HeaderName::ContentLength)
                .map(|f| (f.name, f.value))
                .collect();
            let b: Vec<_> = m2
                .headers()
                .filter(|f| f.id != HeaderName::ContentLength)
                .map(|f| (f.name, f.value))
                .collect();
            assert_eq!(a, b);
            assert_eq!(m.body(), m2.body());
        }
    }
});
