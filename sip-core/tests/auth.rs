//! Digest authentication against the worked examples of RFC 2617 §3.5 and RFC 7616 §3.9.1,
//! plus values computed independently (Python hashlib) for the other algorithms.

use strowger_sip_core::auth::{Algorithm, Challenge, DigestClient, DigestInput, DigestServer, Qop};
use strowger_sip_core::header::{HeaderName, ParseValue};
use strowger_sip_core::{parse, AuthError, HeaderSlot, Method, ParseOptions, Request};

fn input<'a>(alg: Algorithm, qop: Option<Qop>) -> DigestInput<'a> {
    DigestInput {
        algorithm: alg,
        username: "alice",
        realm: "example.com",
        password: "secret",
        method: "REGISTER",
        uri: "sip:example.com",
        nonce: "abc",
        cnonce: "xyz",
        nc: 1,
        qop,
        body: b"",
    }
}

#[test]
fn rfc2617_section_3_5() {
    let ch = Challenge::parse_value(
        br#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        0,
        "WWW-Authenticate",
    )
    .unwrap();
    let c = DigestClient::new("Mufasa", "Circle Of Life")
        .respond(&ch, "GET", "/dir/index.html", b"", "0a4f113b", 1)
        .unwrap();
    assert_eq!(c.response, "6629fae49393a05397450978507c4ef1");
    assert_eq!(c.qop, Some(Qop::Auth));
    assert_eq!(
        c.opaque.as_deref(),
        Some("5ccc069c403ebaf9f0171e9517f40e41")
    );
    let v = c.to_header_value();
    assert!(v.contains("nc=00000001"), "{v}");
    assert!(v.contains("cnonce=\"0a4f113b\""), "{v}");
}

#[test]
fn rfc7616_section_3_9_1_md5_and_sha256() {
    for (alg, want) in [
        ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
        (
            "SHA-256",
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
        ),
    ] {
        let text = format!(
            r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={alg}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#
        );
        let ch = Challenge::parse_value(text.as_bytes(), 0, "WWW-Authenticate").unwrap();
        let c = DigestClient::new("Mufasa", "Circle of Life")
            .respond(
                &ch,
                "GET",
                "/dir/index.html",
                b"",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
                1,
            )
            .unwrap();
        assert_eq!(c.response, want, "{alg}");
    }
}

#[test]
fn other_algorithms_match_an_independent_implementation() {
    assert_eq!(
        input(Algorithm::Md5Sess, Some(Qop::Auth)).response(),
        "8e799fe75b884b4edc570c1d5505dafe"
    );
    assert_eq!(
        input(Algorithm::Md5, None).response(),
        "dbe98f00688a08a2dbda0b12e8c71319"
    );
    let mut i = input(Algorithm::Sha512_256, Some(Qop::AuthInt));
    i.method = "INVITE";
    i.uri = "sip:bob@example.com";
    i.nc = 10;
    i.body = b"v=0\r\n";
    assert_eq!(
        i.response(),
        "564472951163a0f6ed62759cef5c92bebfca2ea3ad47b3396a082b5c20be80ae"
    );
}

#[test]
fn client_and_server_agree_through_real_messages() {
    for alg in [
        Algorithm::Md5,
        Algorithm::Md5Sess,
        Algorithm::Sha256,
        Algorithm::Sha256Sess,
        Algorithm::Sha512_256,
        Algorithm::Sha512_256Sess,
    ] {
        let server = DigestServer::new("pbx.example.com", b"server key", 300).with_algorithm(alg);
        let now = 1_700_000_000;
        // 401 with a challenge, as a registrar would send it.
        let resp = strowger_sip_core::Response::builder(401, "Unauthorized")
            .header(HeaderName::WwwAuthenticate, server.challenge(now, false))
            .header(HeaderName::CallId, "a")
            .to_bytes();
        let mut slots = [HeaderSlot::EMPTY; 8];
        let m = parse(&resp, &mut slots, &ParseOptions::datagram())
            .unwrap()
            .complete()
            .unwrap();
        let ch = m.www_authenticate().next().unwrap().unwrap();
        let creds = DigestClient::new("1001", "pw1001")
            .respond(&ch, "REGISTER", "sip:pbx.example.com", b"", "c0ffee", 1)
            .unwrap();
        // The REGISTER carrying the answer.
        let req = Request::builder(Method::Register, "sip:pbx.example.com")
            .header(HeaderName::Authorization, creds.to_header_value())
            .to_bytes();
        let mut slots = [HeaderSlot::EMPTY; 8];
        let m = parse(&req, &mut slots, &ParseOptions::datagram())
            .unwrap()
            .complete()
            .unwrap();
        let cr = m.authorization().next().unwrap().unwrap();
        let pw = |u: &str| (u == "1001").then(|| "pw1001".to_owned());
        assert_eq!(
            server.verify(&cr, "REGISTER", b"", now + 10, pw).unwrap(),
            "1001"
        );
        // Wrong password, altered method, expired nonce, forged nonce.
        assert_eq!(
            server.verify(&cr, "REGISTER", b"", now + 10, |_| Some("nope".into())),
            Err(AuthError::Mismatch)
        );
        assert_eq!(
            server.verify(&cr, "INVITE", b"", now + 10, pw),
            Err(AuthError::Mismatch)
        );
        assert_eq!(
            server.verify(&cr, "REGISTER", b"", now + 301, pw),
            Err(AuthError::Stale)
        );
        let other = DigestServer::new("pbx.example.com", b"other key", 300);
        assert_eq!(
            other.verify(&cr, "REGISTER", b"", now, pw),
            Err(AuthError::BadNonce)
        );
    }
    let stale = DigestServer::new("r", b"k", 1).challenge(5, true);
    assert!(stale.ends_with(", stale=true"));
}

#[test]
fn auth_int_covers_the_body() {
    let server = DigestServer::new("r", b"k", 60);
    let text = server
        .challenge(100, false)
        .replace("qop=\"auth,auth-int\"", "qop=\"auth-int\"");
    let ch = Challenge::parse_value(text.as_bytes(), 0, "WWW-Authenticate").unwrap();
    let c = DigestClient::new("u", "p")
        .respond(&ch, "INVITE", "sip:x@r", b"v=0\r\n", "cn", 2)
        .unwrap();
    assert_eq!(c.qop, Some(Qop::AuthInt));
    let v = c.to_header_value();
    let cr = Challenge::parse_value(v.as_bytes(), 0, "Authorization").unwrap();
    let pw = |_: &str| Some("p".to_owned());
    assert!(server.verify(&cr, "INVITE", b"v=0\r\n", 100, pw).is_ok());
    assert_eq!(
        server.verify(&cr, "INVITE", b"v=1\r\n", 100, pw),
        Err(AuthError::Mismatch)
    );
}

#[test]
fn challenge_errors() {
    let c = DigestClient::new("u", "p");
    let ch = Challenge::parse_value(b"Basic realm=\"x\"", 0, "WWW-Authenticate").unwrap();
    assert_eq!(
        c.respond(&ch, "A", "b", b"", "c", 1),
        Err(AuthError::NotDigest)
    );
    let ch = Challenge::parse_value(b"Digest realm=\"x\", nonce=\"n\", algorithm=SHA-1", 0, "W")
        .unwrap();
    assert_eq!(
        c.respond(&ch, "A", "b", b"", "c", 1),
        Err(AuthError::UnsupportedAlgorithm)
    );
    let ch = Challenge::parse_value(b"Digest realm=\"x\"", 0, "W").unwrap();
    assert_eq!(
        c.respond(&ch, "A", "b", b"", "c", 1),
        Err(AuthError::MissingParam("nonce"))
    );
    assert!(Challenge::parse_value(b"Digest realm=\"x", 0, "W").is_err());
}
