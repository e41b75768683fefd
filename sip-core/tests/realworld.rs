//! Real INVITEs from PBXs, gateways and carriers (`vectors/sip/realworld`): every file parses
//! (as a captured datagram, tolerating Content-Length mismatches), and the Diversion,
//! History-Info and P-Asserted-Identity values are typed.

use strowger_sip_core::header::{DiversionReason, HeaderName};
use strowger_sip_core::{parse, HeaderSlot, Host, Message, Method, ParseOptions, Status};

fn with(name: &str, check: impl FnOnce(&Message<'_, '_>, &[u8])) {
    let Some(dir) = strowger_testsupport::vectors_dir() else {
        return;
    };
    let path = dir.join("sip/realworld").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut opts = ParseOptions::datagram();
    opts.accept_truncated_body = true;
    let mut slots = [HeaderSlot::EMPTY; 96];
    let Status::Complete(m) =
        parse(&bytes, &mut slots, &opts).unwrap_or_else(|e| panic!("{name}: {e:?}"))
    else {
        panic!("{name}: partial")
    };
    assert_eq!(m.method(), Some(Method::Invite), "{name}");
    for h in [
        HeaderName::From,
        HeaderName::To,
        HeaderName::CallId,
        HeaderName::CSeq,
    ] {
        assert!(m.get(h).is_some(), "{name}: {h}");
    }
    m.from()
        .unwrap()
        .unwrap_or_else(|e| panic!("{name}: From {e:?}"));
    m.to()
        .unwrap()
        .unwrap_or_else(|e| panic!("{name}: To {e:?}"));
    m.cseq()
        .unwrap()
        .unwrap_or_else(|e| panic!("{name}: CSeq {e:?}"));
    for v in m.via() {
        v.unwrap_or_else(|e| panic!("{name}: Via {e:?}"));
    }
    // Every header relays: re-emitted through the builder and parsed again, names and values
    // are unchanged byte for byte (Content-Length is recomputed).
    let again = m.to_builder().to_bytes();
    let mut slots2 = [HeaderSlot::EMPTY; 96];
    let m2 = parse(&again, &mut slots2, &ParseOptions::datagram())
        .unwrap()
        .complete()
        .unwrap();
    let strip = |m: &Message<'_, '_>| -> Vec<(String, Vec<u8>)> {
        m.headers()
            .filter(|f| f.id != HeaderName::ContentLength)
            .map(|f| (f.name.to_owned(), f.value.to_vec()))
            .collect()
    };
    assert_eq!(strip(&m), strip(&m2), "{name}");
    assert_eq!(m.body(), m2.body());
    check(&m, &bytes);
}

fn user(a: &strowger_sip_core::header::NameAddr<'_>) -> String {
    a.user().unwrap().into_owned()
}

#[test]
fn au_carrier_sbc_diversion() {
    with("au-carrier-sbc-invite-diversion.headers.sip", |m, _| {
        let d: Vec<_> = m.diversions().map(Result::unwrap).collect();
        assert_eq!(d.len(), 1);
        assert_eq!(user(d[0].addr()), "0414674199");
        assert_eq!(d[0].reason(), Some(DiversionReason::NoAnswer));
        assert_eq!(d[0].privacy(), Some("off"));
        assert_eq!(d[0].counter(), Some(1));
        let pai = m.p_asserted_identity().next().unwrap().unwrap();
        assert_eq!(user(&pai), "61272091827");
        assert_eq!(pai.uri.as_sip().unwrap().user_param(), Some("phone"));
        assert_eq!(m.min_se().unwrap().unwrap().delta, 600);
        assert!(m.body_truncated(), "CL 365, header section only");
    });
}

#[test]
fn cisco_bts10200_odd_whitespace() {
    with("cisco-bts10200-invite-odd-whitespace.sip", |m, _| {
        let f = m.from().unwrap().unwrap();
        assert_eq!(f.display_name().unwrap(), "NULL");
        assert_eq!(user(&f), "20153316");
        let v = m.top_via().unwrap().unwrap();
        assert_eq!(v.transport, "UDP");
        assert_eq!(m.cseq().unwrap().unwrap().seq, 1);
        assert_eq!(m.content_length(), Some(288));
        assert_eq!(m.body().len(), 288);
        assert!(!m.body_truncated());
        // The corrupted `Min-SE: 900..Session-Expires: ...` line is one Min-SE field whose
        // value does not parse: an error on access, nothing worse.
        let raw = m.get(HeaderName::MinSe).unwrap();
        assert!(raw.value.starts_with(b"900..Session-Expires"));
        assert!(m.min_se().unwrap().is_err());
    });
}

#[test]
fn cisco_cvp_cucm_diversion_history_info() {
    with(
        "cisco-cvp-cucm-invite-diversion-history-info.sip",
        |m, _| {
            let d = m.diversions().next().unwrap().unwrap();
            assert_eq!(user(d.addr()), "+123459876");
            assert_eq!(d.reason(), Some(DiversionReason::Unconditional));
            assert_eq!(d.screen(), Some(true));
            assert_eq!(d.privacy(), Some("off"));
            let pai = m.p_asserted_identity().next().unwrap().unwrap();
            assert_eq!(user(&pai), "+1234567890");
            let f = m.from().unwrap().unwrap();
            assert_eq!(f.display_name().unwrap(), "+1234567890");
            // `<sip:\u95>` is garbage: kept raw, typed access reports an error per entry.
            let hi: Vec<_> = m.history_info().collect();
            assert_eq!(hi.len(), 2);
            assert!(hi.iter().all(Result::is_err));
            assert_eq!(
                m.get_all(HeaderName::HistoryInfo).next().unwrap().value,
                b"<sip:\\u95>"
            );
            let rr = m.record_routes().next().unwrap().unwrap();
            assert_eq!(rr.uri.user(), Some("rr$n=cvp"));
            assert!(rr.uri.as_sip().unwrap().lr());
            let app = m.get_by_name("App-Info").next().unwrap();
            assert_eq!(app.value, b"<10.106.97.136:8000:8443>");
            assert!(m.body_truncated(), "250 declared, 248 present");
            assert!(m.supported().count() >= 2);
        },
    );
}

#[test]
fn eltex_smg_tel_diversion_x2() {
    with("eltex-smg-invite-tel-diversion-x2.headers.sip", |m, _| {
        let d: Vec<_> = m.diversions().map(Result::unwrap).collect();
        assert_eq!(d.len(), 2, "both Diversion fields kept");
        assert_eq!(d[0].addr().uri.scheme(), "tel");
        assert_eq!(user(d[0].addr()), "74951667226");
        assert_eq!(d[0].reason(), Some(DiversionReason::Unconditional));
        assert_eq!(user(d[1].addr()), "9670572182");
        assert_eq!(d[1].reason(), Some(DiversionReason::Unknown));
        assert!(d
            .iter()
            .all(|d| d.counter() == Some(1) && d.privacy() == Some("off")));
        let ua = m.user_agent().unwrap().unwrap();
        assert!(ua.0.contains("smg_pa_sip"), "{}", ua.0);
    });
}

#[test]
fn samsung_volte_history_info_ipv6() {
    with("samsung-volte-invite-history-info-ipv6.sip", |m, _| {
        let hi: Vec<_> = m.history_info().map(Result::unwrap).collect();
        assert_eq!(hi.len(), 2);
        assert_eq!(hi[0].index(), Some("1"));
        assert_eq!(hi[1].index_levels(), Some(vec![1, 1]));
        assert_eq!(user(hi[0].addr()), "302221004624159");
        let v = m.top_via().unwrap().unwrap();
        assert!(matches!(v.host, Host::V6(_)), "{v:?}");
        assert_eq!(m.body().len(), 914);
        assert!(!m.body_truncated());
        for c in m.contacts() {
            let c = c.unwrap();
            assert!(matches!(
                c.addr().unwrap().uri.as_sip().unwrap().host,
                Host::V6(_)
            ));
        }
    });
}

#[test]
fn siemens_hiq9200_capneg() {
    with(
        "siemens-hiq9200-invite-g723-g729-sdpcapneg.sip",
        |m, bytes| {
            let pai = m.p_asserted_identity().next().unwrap().unwrap();
            assert_eq!(user(&pai), "1022");
            assert_eq!(pai.uri.as_sip().unwrap().port, Some(5060));
            assert_eq!(m.body().len(), 1085, "Content-Length frames the body");
            assert!(
                m.len() < bytes.len(),
                "appended bytes ignored (RFC 3261 §18.3)"
            );
            assert!(m.accept().count() >= 2);
        },
    );
}

#[test]
fn sipsorcery_cisco_ios12() {
    with("sipsorcery-cisco-ios12-invite-g723-g729.sip", |m, _| {
        let f = m.from().unwrap().unwrap();
        assert_eq!(f.display_name().unwrap(), "unknown");
        assert_eq!(f.uri.as_sip().unwrap().host, Host::Name("00.000.00.0"));
        assert_eq!(m.top_via().unwrap().unwrap().branch(), None);
        assert!(m.body_truncated(), "370 declared, 337 present");
        assert_eq!(m.min_se().unwrap().unwrap().delta, 1800);
    });
}

#[test]
fn sipsorcery_diversion_x2() {
    with("sipsorcery-invite-diversion-x2.sip", |m, _| {
        let d: Vec<_> = m.diversions().map(Result::unwrap).collect();
        assert_eq!(d.len(), 2);
        assert_eq!(user(d[0].addr()), "+4199999999");
        assert_eq!(d[0].reason(), Some(DiversionReason::UserBusy));
        assert_eq!((d[0].counter(), d[0].privacy()), (Some(3), Some("off")));
        assert_eq!(d[0].addr().uri.as_sip().unwrap().port, Some(5060));
        assert_eq!(d[1].reason(), Some(DiversionReason::NoAnswer));
        assert_eq!((d[1].counter(), d[1].privacy()), (Some(1), Some("full")));
        let pai: Vec<_> = m.p_asserted_identity().map(Result::unwrap).collect();
        assert_eq!(pai.len(), 2, "comma-joined values split");
        assert_eq!(user(&pai[0]), "+4199999999;cpc=ordinary");
        assert_eq!(user(&pai[1]), "+4188888888;cpc=ordinary");
        assert_eq!(pai[0].uri.as_sip().unwrap().transport(), Some("udp"));
    });
}

#[test]
fn sipsorcery_pai_history_info() {
    with("sipsorcery-invite-pai-history-info.sip", |m, _| {
        let pai: Vec<_> = m.p_asserted_identity().map(Result::unwrap).collect();
        assert_eq!(pai.len(), 2);
        assert_eq!(user(&pai[1]), "+4188888888;cpc=ordinary");
        let hi: Vec<_> = m.history_info().map(Result::unwrap).collect();
        assert_eq!(hi.len(), 2);
        assert_eq!(hi[0].index(), Some("1"));
        assert_eq!(
            hi[0].addr().uri.params().get_str("Privacy").as_deref(),
            Some("none")
        );
        assert_eq!(hi[0].cause(), None);
        assert_eq!(hi[1].index(), Some("1.1"));
        assert_eq!(hi[1].cause(), Some(480));
        assert_eq!(user(hi[1].addr()), "+4188888888");
        assert!(m.supported().any(|t| t.unwrap().0 == "histinfo"));
    });
}

#[test]
fn every_file_is_covered() {
    let Some(dir) = strowger_testsupport::vectors_dir() else {
        return;
    };
    let src = include_str!("realworld.rs");
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("sip/realworld")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".sip") {
            assert!(src.contains(&format!("\"{name}\"")), "{name} has no test");
            n += 1;
        }
    }
    assert_eq!(n, 9);
}
