//! Interop on loopback with real peers (Debian `sip-tester` = SIPp 3.6, `kamailio` 5.6):
//! messages they produce parse and validate, and messages we build are accepted by them.
//! Under `CI=true` a missing peer FAILS the test.

use std::net::{SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use strowger_sip_core::auth::{Challenge, DigestClient};
use strowger_sip_core::header::ParseValue;
use strowger_sip_core::header::{DiversionReason, HeaderName};
use strowger_sip_core::{
    parse, HeaderSlot, Message, Method, ParseOptions, Request, Response, Status,
};

/// The peer program if it can be started; otherwise fail under CI, skip elsewhere.
fn peer(program: &str, debian_package: &str) -> Option<PathBuf> {
    // `sipp -v` exits 1 even when it works, so only ask whether it starts.
    let starts = Command::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if starts {
        return Some(PathBuf::from(program));
    }
    let what = format!("peer `{program}` not found (apt-get install {debian_package})");
    assert!(!strowger_testsupport::in_ci(), "{what} (CI=true: required)");
    eprintln!("SKIPPED: {what}");
    None
}

fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Reaped(Child);
impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        assert!(start.elapsed() < limit, "peer did not finish in {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn recv(sock: &UdpSocket, buf: &mut [u8]) -> (usize, SocketAddr) {
    sock.recv_from(buf)
        .expect("datagram from the peer (timeout?)")
}

fn with_msg<R>(bytes: &[u8], f: impl FnOnce(&Message<'_, '_>) -> R) -> R {
    let mut slots = [HeaderSlot::EMPTY; 64];
    let Ok(Status::Complete(m)) = parse(bytes, &mut slots, &ParseOptions::datagram()) else {
        panic!(
            "peer message does not parse: {}",
            String::from_utf8_lossy(bytes)
        )
    };
    m.validate()
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(bytes)));
    f(&m)
}

fn sipp_scenario(name: &str) -> Option<PathBuf> {
    Some(
        strowger_testsupport::shared_dir()?
            .join("peers/sipp")
            .join(name),
    )
}

const SDP: &str = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
m=audio 40000 RTP/AVP 18 101\r\na=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\n\
a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";

/// SIPp's UAC sends an INVITE with Diversion and History-Info to our UAS; we answer with
/// messages built by our builders; SIPp must complete the call (exit status 0).
#[test]
fn sipp_uac_against_our_uas() {
    let Some(sipp) = peer("sipp", "sip-tester") else {
        return;
    };
    let Some(scenario) = sipp_scenario("uac_invite_diversion.xml") else {
        return;
    };
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let me = sock.local_addr().unwrap();
    let sipp_port = free_udp_port();
    let mut child = Reaped(
        Command::new(sipp)
            .arg(me.to_string())
            .args(["-sf".as_ref(), scenario.as_os_str()])
            .args(["-t", "u1", "-i", "127.0.0.1", "-p", &sipp_port.to_string()])
            .args([
                "-s",
                "voicemail",
                "-m",
                "1",
                "-nostdin",
                "-timeout",
                "20s",
                "-timeout_error",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sipp"),
    );
    let mut buf = [0u8; 65535];
    let mut saw = Vec::new();
    loop {
        let (n, from) = recv(&sock, &mut buf);
        let bytes = buf[..n].to_vec();
        let done = with_msg(&bytes, |m| {
            let method = m.method().expect("a request");
            saw.push(method.as_str().to_owned());
            match method {
                Method::Invite => {
                    let d: Vec<_> = m.diversions().map(Result::unwrap).collect();
                    assert_eq!(d.len(), 2);
                    assert_eq!(d[0].reason(), Some(DiversionReason::NoAnswer));
                    assert_eq!(d[0].user_of(), "+4930111111");
                    assert_eq!(d[1].reason(), Some(DiversionReason::Unconditional));
                    assert_eq!(d[1].screen(), Some(false));
                    let hi: Vec<_> = m.history_info().map(Result::unwrap).collect();
                    assert_eq!(hi[1].index(), Some("1.1"));
                    assert_eq!(hi[1].reason_cause(), Some(302));
                    assert!(m.body().starts_with(b"v=0"));
                    for (code, reason, body) in [(180, "Ringing", ""), (200, "OK", SDP)] {
                        let mut r = Response::to_request(m, code, reason, Some("vm1"))
                            .header(HeaderName::Contact, format!("<sip:voicemail@{me}>"));
                        if !body.is_empty() {
                            r = r
                                .header(HeaderName::ContentType, "application/sdp")
                                .body(body);
                        }
                        sock.send_to(&r.to_bytes(), from).unwrap();
                    }
                    false
                }
                Method::Ack => false,
                Method::Bye => {
                    let ok = Response::to_request(m, 200, "OK", None).to_bytes();
                    sock.send_to(&ok, from).unwrap();
                    true
                }
                other => panic!("unexpected {other}"),
            }
        });
        if done {
            break;
        }
    }
    assert_eq!(saw, ["INVITE", "ACK", "BYE"]);
    let status = wait_exit(&mut child.0, Duration::from_secs(20));
    assert!(status.success(), "sipp rejected our answers: {status}");
}

/// Our UAC calls SIPp's UAS, which fails the call unless the INVITE carries Diversion.
#[test]
fn our_uac_against_sipp_uas() {
    let Some(sipp) = peer("sipp", "sip-tester") else {
        return;
    };
    let Some(scenario) = sipp_scenario("uas_check_diversion.xml") else {
        return;
    };
    let sipp_port = free_udp_port();
    let mut child = Reaped(
        Command::new(sipp)
            .args(["-sf".as_ref(), scenario.as_os_str()])
            .args(["-t", "u1", "-i", "127.0.0.1", "-p", &sipp_port.to_string()])
            .args(["-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sipp"),
    );
    std::thread::sleep(Duration::from_millis(500));
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let me = sock.local_addr().unwrap();
    let peer_addr: SocketAddr = format!("127.0.0.1:{sipp_port}").parse().unwrap();
    let target = format!("sip:uas@{peer_addr}");
    let common = |b: strowger_sip_core::MessageBuilder, branch: &str, cseq: &str| {
        b.header(
            HeaderName::Via,
            format!("SIP/2.0/UDP {me};branch=z9hG4bK{branch};rport"),
        )
        .header(HeaderName::MaxForwards, 70)
        .header(
            HeaderName::From,
            "\"Caller\" <sip:+4930999@strowger.test>;tag=uac1",
        )
        .header(HeaderName::CallId, "interop-uac-1@strowger.test")
        .header(HeaderName::CSeq, cseq)
        .header(HeaderName::Contact, format!("<sip:caller@{me}>"))
    };
    let invite = common(
        Request::builder(Method::Invite, &target),
        "inv1",
        "1 INVITE",
    )
    .header(HeaderName::To, format!("<{target}>"))
    .header(
        HeaderName::Diversion,
        "<sip:4001@pbx.strowger.test>;reason=user-busy;counter=1;privacy=off",
    )
    .header(
        HeaderName::HistoryInfo,
        "<sip:4001@pbx.strowger.test>;index=1",
    )
    .header(HeaderName::ContentType, "application/sdp")
    .body(SDP);
    sock.send_to(&invite.to_bytes(), peer_addr).unwrap();
    let mut buf = [0u8; 65535];
    let mut to_header = String::new();
    let mut codes = Vec::new();
    while !codes.contains(&200) {
        let (n, _) = recv(&sock, &mut buf);
        with_msg(&buf[..n], |m| {
            let code = m.status_code().expect("a response");
            codes.push(code);
            assert_eq!(
                m.call_id().unwrap().unwrap().0,
                "interop-uac-1@strowger.test"
            );
            assert_eq!(m.cseq().unwrap().unwrap().method, Method::Invite);
            let to = m.to().unwrap().unwrap();
            assert!(to.tag().is_some(), "UAS To tag");
            to_header = String::from_utf8_lossy(m.get(HeaderName::To).unwrap().value).into_owned();
            if code == 200 {
                assert!(m.content_type().unwrap().unwrap().is("application", "sdp"));
                assert!(m.body().starts_with(b"v=0"));
            }
        });
    }
    assert_eq!(codes, [180, 200]);
    let ack = common(Request::builder(Method::Ack, &target), "ack1", "1 ACK")
        .header(HeaderName::To, &to_header);
    sock.send_to(&ack.to_bytes(), peer_addr).unwrap();
    let bye = common(Request::builder(Method::Bye, &target), "bye1", "2 BYE")
        .header(HeaderName::To, &to_header);
    sock.send_to(&bye.to_bytes(), peer_addr).unwrap();
    let (n, _) = recv(&sock, &mut buf);
    with_msg(&buf[..n], |m| {
        assert_eq!(m.status_code(), Some(200));
        assert_eq!(m.cseq().unwrap().unwrap().method, Method::Bye);
    });
    let status = wait_exit(&mut child.0, Duration::from_secs(20));
    assert!(status.success(), "sipp rejected our requests: {status}");
}

/// Kamailio as registrar: our REGISTER is challenged, our digest answer is accepted.
#[test]
fn register_with_digest_at_kamailio() {
    let Some(kamailio) = peer("kamailio", "kamailio") else {
        return;
    };
    let Some(shared) = strowger_testsupport::shared_dir() else {
        return;
    };
    let port = free_udp_port();
    let dir = strowger_testsupport::scratch_dir("sip-kamailio");
    let cfg = std::fs::read_to_string(shared.join("peers/kamailio/kamailio.cfg"))
        .unwrap()
        .replace("127.0.0.1:15060", &format!("127.0.0.1:{port}"));
    let cfg_path = dir.join("kamailio.cfg");
    std::fs::write(&cfg_path, cfg).unwrap();
    let _child = Reaped(
        Command::new(kamailio)
            .args(["-f".as_ref(), cfg_path.as_os_str()])
            .args(["-DD", "-E"])
            .args(["-w".as_ref(), dir.as_os_str()])
            .args(["-P".as_ref(), dir.join("kamailio.pid").as_os_str()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kamailio"),
    );
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let me = sock.local_addr().unwrap();
    let registrar: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let register = |cseq: u32, auth: Option<String>| {
        let mut b = Request::builder(Method::Register, "sip:sip.test")
            .header(
                HeaderName::Via,
                format!("SIP/2.0/UDP {me};branch=z9hG4bKreg{cseq};rport"),
            )
            .header(HeaderName::MaxForwards, 70)
            .header(HeaderName::From, "<sip:alice@sip.test>;tag=r1")
            .header(HeaderName::To, "<sip:alice@sip.test>")
            .header(HeaderName::CallId, "interop-reg-1@strowger.test")
            .header(HeaderName::CSeq, format!("{cseq} REGISTER"))
            .header(HeaderName::Contact, format!("<sip:alice@{me}>;expires=600"));
        if let Some(a) = auth {
            b = b.header(HeaderName::Authorization, a);
        }
        b.to_bytes()
    };
    let mut buf = [0u8; 65535];
    // Kamailio needs a moment to bind: retransmit the first REGISTER until it answers.
    let start = Instant::now();
    let n = loop {
        sock.send_to(&register(1, None), registrar).unwrap();
        if let Ok((n, _)) = sock.recv_from(&mut buf) {
            break n;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "kamailio did not answer"
        );
    };
    let creds = with_msg(&buf[..n], |m| {
        assert_eq!(m.status_code(), Some(401));
        let ch = m.www_authenticate().next().unwrap().unwrap();
        assert!(ch.is_digest());
        assert_eq!(ch.params.get("realm").as_deref(), Some("sip.test"));
        DigestClient::new("alice", "alice-secret")
            .respond(&ch, "REGISTER", "sip:sip.test", b"", "0a4f113b", 1)
            .unwrap()
    });
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    sock.send_to(&register(2, Some(creds.to_header_value())), registrar)
        .unwrap();
    let (n, _) = sock.recv_from(&mut buf).unwrap();
    with_msg(&buf[..n], |m| {
        assert_eq!(
            m.status_code(),
            Some(200),
            "{}",
            String::from_utf8_lossy(&buf[..n])
        );
        let c = m.contacts().next().unwrap().unwrap();
        assert_eq!(
            c.addr().unwrap().uri.as_sip().unwrap().port,
            Some(me.port())
        );
        assert!(c.expires().is_some());
    });
    // A wrong password is challenged again.
    let text = format!(
        "Digest realm=\"sip.test\", nonce=\"{}\", qop=\"auth\"",
        creds.nonce
    );
    let ch = Challenge::parse_value(text.as_bytes(), 0, "WWW-Authenticate").unwrap();
    let bad = DigestClient::new("alice", "wrong")
        .respond(&ch, "REGISTER", "sip:sip.test", b"", "0a4f113b", 2)
        .unwrap();
    sock.send_to(&register(3, Some(bad.to_header_value())), registrar)
        .unwrap();
    let (n, _) = sock.recv_from(&mut buf).unwrap();
    with_msg(&buf[..n], |m| assert_eq!(m.status_code(), Some(401)));
}

trait UserOf {
    fn user_of(&self) -> String;
}
impl UserOf for strowger_sip_core::header::Diversion<'_> {
    fn user_of(&self) -> String {
        self.addr().user().unwrap().into_owned()
    }
}
