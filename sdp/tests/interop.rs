//! Interop with real peers over SIP/UDP on loopback: SIPp (Debian `sip-tester`) and baresip.
//! Our offer/answer engine answers the offers of SIPp's UAC scenario and of baresip, and its
//! offers are accepted by SIPp's UAS scenario and by baresip, which then sends us audio.
//! A few lines of SIP in this file carry the bodies; the SDP is all ours.
//! Under CI=true a missing peer fails the test (strowger-testsupport).

use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use strowger_sdp::negotiate::{Config, MediaConfig, Session};
use strowger_sdp::{emit, parse, Codec, Direction};
use strowger_testsupport as support;

fn header<'a>(msg: &'a str, names: &[&str]) -> Option<&'a str> {
    msg.split("\r\n")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let (n, v) = l.split_once(':')?;
            names
                .iter()
                .any(|x| n.trim().eq_ignore_ascii_case(x))
                .then(|| v.trim())
        })
}

fn headers<'a>(msg: &'a str, names: &[&str]) -> Vec<&'a str> {
    msg.split("\r\n")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            names
                .iter()
                .any(|x| n.trim().eq_ignore_ascii_case(x))
                .then(|| v.trim())
        })
        .collect()
}

fn body(msg: &str) -> &str {
    msg.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

fn uri_in(h: &str) -> String {
    match (h.find('<'), h.find('>')) {
        (Some(a), Some(b)) if a < b => h[a + 1..b].to_string(),
        _ => h.split(';').next().unwrap_or(h).trim().to_string(),
    }
}

/// Whether `program` is installed. `strowger_testsupport::require_peer` probes with
/// `-version`/`--version`, which neither SIPp (`-v`, exit 99) nor baresip (`-h`) accept with
/// status 0, so presence is checked by spawning the program with its help flag. Under CI=true
/// a missing peer fails the test.
fn peer_present(program: &str, probe: &str, debian_package: &str) -> bool {
    let ok = Command::new(program)
        .arg(probe)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !ok {
        let what = format!("peer `{program}` not found (apt-get install {debian_package})");
        assert!(!support::in_ci(), "{what} (CI=true: required)");
        eprintln!("SKIPPED: {what}");
    }
    ok
}

fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Peer(Child);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn recv(sock: &UdpSocket, deadline: Instant) -> Option<(String, std::net::SocketAddr)> {
    let mut buf = vec![0u8; 65536];
    let left = deadline.checked_duration_since(Instant::now())?;
    sock.set_read_timeout(Some(left.max(Duration::from_millis(1))))
        .unwrap();
    match sock.recv_from(&mut buf) {
        Ok((n, from)) => Some((String::from_utf8_lossy(&buf[..n]).into_owned(), from)),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            None
        }
        Err(e) => panic!("recv: {e}"),
    }
}

fn response(req: &str, status: &str, to_tag: &str, contact: &str, sdp: Option<&str>) -> String {
    let mut r = format!("SIP/2.0 {status}\r\n");
    for v in headers(req, &["Via", "v"]) {
        r.push_str(&format!("Via: {v}\r\n"));
    }
    r.push_str(&format!(
        "From: {}\r\n",
        header(req, &["From", "f"]).unwrap()
    ));
    let to = header(req, &["To", "t"]).unwrap();
    if to.contains(";tag=") {
        r.push_str(&format!("To: {to}\r\n"));
    } else {
        r.push_str(&format!("To: {to};tag={to_tag}\r\n"));
    }
    r.push_str(&format!(
        "Call-ID: {}\r\n",
        header(req, &["Call-ID", "i"]).unwrap()
    ));
    r.push_str(&format!("CSeq: {}\r\n", header(req, &["CSeq"]).unwrap()));
    r.push_str(&format!("Contact: <{contact}>\r\n"));
    match sdp {
        Some(b) => r.push_str(&format!(
            "Content-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{b}",
            b.len()
        )),
        None => r.push_str("Content-Length: 0\r\n\r\n"),
    }
    r
}

fn gateway(port: u16, codecs: Vec<Codec>) -> Session {
    Session::new(Config {
        username: "strowger".into(),
        address: "127.0.0.1".into(),
        audio: Some(MediaConfig::new(port, codecs)),
        ..Config::default()
    })
}

/// Answers one call as UAS: INVITE → 200 with our answer, ACK, then BYE → 200 (or we hang
/// up after `hangup_after` when set). Returns the offer, our answer and the peer's address.
struct UasCall {
    offer: String,
    answer: String,
    peer_contact: String,
    invite: String,
}

fn serve_one_call(sock: &UdpSocket, session: &mut Session, wait_for_bye: bool) -> UasCall {
    let deadline = Instant::now() + Duration::from_secs(20);
    let me = format!("sip:uas@{}", sock.local_addr().unwrap());
    let mut call: Option<UasCall> = None;
    loop {
        let Some((msg, from)) = recv(sock, deadline) else {
            panic!(
                "timed out waiting for the peer (call so far: {:?})",
                call.as_ref().map(|c| &c.answer)
            );
        };
        let method = msg.split(' ').next().unwrap_or("");
        match method {
            "INVITE" => {
                let offer = body(&msg).to_string();
                let parsed =
                    parse(offer.as_bytes()).unwrap_or_else(|e| panic!("peer offer: {e}\n{offer}"));
                let answer = emit(
                    &session
                        .answer(&parsed)
                        .unwrap_or_else(|e| panic!("{e}\n{offer}")),
                );
                sock.send_to(
                    response(&msg, "200 OK", "strowger1", &me, Some(&answer)).as_bytes(),
                    from,
                )
                .unwrap();
                let peer_contact = uri_in(header(&msg, &["Contact", "m"]).unwrap_or(""));
                call = Some(UasCall {
                    offer,
                    answer,
                    peer_contact,
                    invite: msg.clone(),
                });
            }
            "ACK" => {
                if !wait_for_bye {
                    return call.expect("ACK after INVITE");
                }
            }
            "BYE" => {
                sock.send_to(
                    response(&msg, "200 OK", "strowger1", &me, None).as_bytes(),
                    from,
                )
                .unwrap();
                return call.expect("BYE after INVITE");
            }
            _ => {
                if !msg.starts_with("SIP/2.0") {
                    sock.send_to(
                        response(&msg, "200 OK", "strowger1", &me, None).as_bytes(),
                        from,
                    )
                    .unwrap();
                }
            }
        }
    }
}

/// One call as UAC: INVITE with our offer (retransmitted until a response, RFC 3261 Timer A),
/// the final response, ACK. Returns the 200 OK.
fn place_call(
    sock: &UdpSocket,
    target: &str,
    to: std::net::SocketAddr,
    offer: &str,
    extra: &str,
) -> String {
    let me = sock.local_addr().unwrap();
    let invite = format!(
        "INVITE {target} SIP/2.0\r\nVia: SIP/2.0/UDP {me};branch=z9hG4bK-strowger-1;rport\r\n\
         From: <sip:strowger@{me}>;tag=uac1\r\nTo: <{target}>\r\nCall-ID: sdp-interop-{}@127.0.0.1\r\n\
         CSeq: 1 INVITE\r\nContact: <sip:strowger@{me}>\r\nMax-Forwards: 70\r\n{extra}\
         Content-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{offer}",
        me.port(),
        offer.len()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut got_any = false;
    loop {
        if !got_any {
            sock.send_to(invite.as_bytes(), to).unwrap();
        }
        let step = Instant::now() + Duration::from_millis(500);
        let Some((msg, _)) = recv(sock, step.min(deadline)) else {
            assert!(Instant::now() < deadline, "no final response to INVITE");
            continue;
        };
        got_any = true;
        let code: u16 = msg
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        if code >= 200 {
            assert_eq!(code, 200, "INVITE refused:\n{msg}");
            let to_hdr = header(&msg, &["To", "t"]).unwrap();
            let contact = uri_in(header(&msg, &["Contact", "m"]).unwrap());
            let ack = format!(
                "ACK {contact} SIP/2.0\r\nVia: SIP/2.0/UDP {me};branch=z9hG4bK-strowger-2;rport\r\n\
                 From: <sip:strowger@{me}>;tag=uac1\r\nTo: {to_hdr}\r\nCall-ID: sdp-interop-{}@127.0.0.1\r\n\
                 CSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
                me.port()
            );
            sock.send_to(ack.as_bytes(), to).unwrap();
            return msg;
        }
    }
}

fn hang_up(sock: &UdpSocket, ok: &str, to: std::net::SocketAddr) {
    let me = sock.local_addr().unwrap();
    let to_hdr = header(ok, &["To", "t"]).unwrap();
    let contact = uri_in(header(ok, &["Contact", "m"]).unwrap());
    let bye = format!(
        "BYE {contact} SIP/2.0\r\nVia: SIP/2.0/UDP {me};branch=z9hG4bK-strowger-3;rport\r\n\
         From: <sip:strowger@{me}>;tag=uac1\r\nTo: {to_hdr}\r\nCall-ID: {}\r\nCSeq: 2 BYE\r\n\
         Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
        header(ok, &["Call-ID", "i"]).unwrap()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        sock.send_to(bye.as_bytes(), to).unwrap();
        match recv(
            sock,
            (Instant::now() + Duration::from_millis(500)).min(deadline),
        ) {
            Some((m, _)) if m.starts_with("SIP/2.0 200") && m.contains("BYE") => return,
            Some(_) => {}
            None => assert!(Instant::now() < deadline, "BYE not answered"),
        }
    }
}

/// Waits for one RTP packet on `sock`; returns its payload type.
fn first_rtp_payload_type(sock: &UdpSocket) -> u8 {
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 2048];
    let (n, _) = sock
        .recv_from(&mut buf)
        .expect("no RTP from the peer within 10 s");
    assert!(
        n >= 12 && buf[0] >> 6 == 2,
        "not RTP: {:02x?}",
        &buf[..n.min(16)]
    );
    buf[1] & 0x7f
}

fn sipp_scenario(name: &str) -> Option<PathBuf> {
    let shared = support::shared_dir()?;
    Some(shared.join("peers/sipp").join(name))
}

fn sipp(args: &[&str]) -> Child {
    Command::new("sipp")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sipp")
}

fn wait_exit(mut c: Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(st) = c.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(mut e) = c.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            assert!(st.success(), "{what} failed ({st}): {err}");
            return;
        }
        if Instant::now() > deadline {
            let _ = c.kill();
            panic!("{what} did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn sipp_uac_offer_is_answered() {
    if !peer_present("sipp", "-v", "sip-tester") {
        return;
    }
    let Some(scenario) = sipp_scenario("uac_invite_diversion.xml") else {
        return;
    };
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let target = sock.local_addr().unwrap().to_string();
    let sipp_port = free_udp_port().to_string();
    let media_port = free_udp_port().to_string();
    let child = sipp(&[
        &target,
        "-sf",
        scenario.to_str().unwrap(),
        "-t",
        "u1",
        "-i",
        "127.0.0.1",
        "-p",
        &sipp_port,
        "-mp",
        &media_port,
        "-s",
        "bob",
        "-m",
        "1",
        "-timeout",
        "20",
        "-timeout_error",
    ]);
    let mut s = gateway(
        30000,
        vec![
            Codec::pcma(),
            Codec::g729(false),
            Codec::telephone_event(101),
        ],
    );
    let call = serve_one_call(&sock, &mut s, true);
    wait_exit(child, "sipp UAC");
    // SIPp offers 18 4 8 101 (G.729 annexb=no, G.723 annexa=no, PCMA, events 0-15),
    // ptime 20, maxptime 40: the offerer's first common codec wins.
    let answer = parse(call.answer.as_bytes()).unwrap();
    assert_eq!(answer.media[0].formats, ["18", "101"], "{}", call.answer);
    for l in [
        "a=fmtp:18 annexb=no",
        "a=fmtp:101 0-15",
        "a=ptime:20",
        "a=sendrecv",
    ] {
        assert!(
            call.answer.lines().any(|x| x == l),
            "{l} missing:\n{}",
            call.answer
        );
    }
    let n = s.negotiated().unwrap().audio().unwrap().clone();
    assert_eq!(
        (n.codec.payload_type, n.telephone_event.map(|t| t.0)),
        (18, Some(101))
    );
    assert_eq!(
        n.remote,
        ("127.0.0.1".to_string(), media_port.parse().unwrap())
    );
    assert!(call.invite.contains("Diversion:"));
    assert!(call.offer.contains("m=audio"));
}

#[test]
fn sipp_uas_accepts_our_offer() {
    if !peer_present("sipp", "-v", "sip-tester") {
        return;
    }
    let Some(scenario) = sipp_scenario("uas_check_diversion.xml") else {
        return;
    };
    let sipp_port = free_udp_port();
    let child = sipp(&[
        "-sf",
        scenario.to_str().unwrap(),
        "-t",
        "u1",
        "-i",
        "127.0.0.1",
        "-p",
        &sipp_port.to_string(),
        "-m",
        "1",
        "-timeout",
        "20",
        "-timeout_error",
    ]);
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut s = gateway(
        30010,
        vec![
            Codec::g729(false),
            Codec::pcma(),
            Codec::telephone_event(101),
        ],
    );
    let offer = emit(&s.create_offer());
    let to: std::net::SocketAddr = format!("127.0.0.1:{sipp_port}").parse().unwrap();
    let ok = place_call(
        &sock,
        &format!("sip:uas@127.0.0.1:{sipp_port}"),
        to,
        &offer,
        "Diversion: <sip:+4930111111@pbx.example.net;user=phone>;reason=no-answer;counter=1\r\n\
         History-Info: <sip:+4930111111@pbx.example.net;user=phone>;index=1\r\n",
    );
    let answer = parse(body(&ok).as_bytes()).unwrap();
    let n = s.apply_answer(&answer).unwrap().audio().unwrap().clone();
    assert_eq!(
        (n.codec.encoding.as_ref(), n.codec.payload_type),
        ("G729", 18)
    );
    assert!(!n.dtx, "annexb=no in the answer");
    assert_eq!(n.telephone_event.map(|t| t.0), Some(101));
    assert_eq!(n.ptime, Some(20));
    assert_eq!(n.direction, Direction::SendRecv);
    hang_up(&sock, &ok, to);
    wait_exit(child, "sipp UAS");
}

fn baresip_dir(test: &str, sip_port: u16) -> Option<PathBuf> {
    let shared = support::shared_dir()?;
    let dir = support::scratch_dir(test);
    let config = std::fs::read_to_string(shared.join("peers/baresip/config")).unwrap();
    let config: String = config
        .lines()
        .map(|l| {
            if l.starts_with("sip_listen") {
                format!("sip_listen\t\t127.0.0.1:{sip_port}")
            } else if l.starts_with("rtp_ports") {
                "rtp_ports\t\t17000-17100".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("config"), config + "\n").unwrap();
    std::fs::write(
        dir.join("accounts"),
        "<sip:alice@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMA,PCMU\n",
    )
    .unwrap();
    std::fs::write(dir.join("contacts"), "").unwrap();
    Some(dir)
}

fn baresip(dir: &Path, commands: &[&str]) -> Peer {
    let mut c = Command::new("baresip");
    c.arg("-f").arg(dir).arg("-t").arg("25");
    for cmd in commands {
        c.arg("-e").arg(cmd);
    }
    Peer(
        c.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn baresip"),
    )
}

#[test]
fn baresip_offer_is_answered_and_audio_flows() {
    if !peer_present("baresip", "-h", "baresip") {
        return;
    }
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let rtp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let rtp_port = rtp.local_addr().unwrap().port();
    let Some(dir) = baresip_dir("baresip-offer", free_udp_port()) else {
        return;
    };
    let target = format!("/dial sip:bob@{}", sock.local_addr().unwrap());
    let _peer = baresip(&dir, &[&target]);
    let mut s = gateway(
        rtp_port,
        vec![Codec::pcmu(), Codec::pcma(), Codec::telephone_event(101)],
    );
    s.config_mut().prefer_local_order = true;
    let call = serve_one_call(&sock, &mut s, false);
    let offer = parse(call.offer.as_bytes()).unwrap();
    assert!(
        offer.media[0].formats.iter().any(|f| f == "8"),
        "baresip offers PCMA:\n{}",
        call.offer
    );
    let n = s.negotiated().unwrap().audio().unwrap().clone();
    assert_eq!(
        n.codec.encoding, "PCMU",
        "our preference among the common codecs"
    );
    assert_eq!(
        first_rtp_payload_type(&rtp),
        0,
        "baresip sends PCMU to the port we answered"
    );
    let to: std::net::SocketAddr = call
        .peer_contact
        .trim_start_matches("sip:")
        .split(['@', ';'])
        .next_back()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| {
            let host = call
                .peer_contact
                .split('@')
                .nth(1)
                .unwrap_or("")
                .split(';')
                .next()
                .unwrap_or("");
            host.parse().unwrap()
        });
    // Hang up from our side (we are the UAS: our BYE carries swapped From/To).
    let me = sock.local_addr().unwrap();
    let inv = &call.invite;
    let bye = format!(
        "BYE {} SIP/2.0\r\nVia: SIP/2.0/UDP {me};branch=z9hG4bK-strowger-9;rport\r\nFrom: {};tag=strowger1\r\n\
         To: {}\r\nCall-ID: {}\r\nCSeq: 1 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
        call.peer_contact,
        header(inv, &["To", "t"]).unwrap(),
        header(inv, &["From", "f"]).unwrap(),
        header(inv, &["Call-ID", "i"]).unwrap()
    );
    sock.send_to(bye.as_bytes(), to).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut acknowledged = false;
    while let Some((m, _)) = recv(&sock, deadline) {
        if m.starts_with("SIP/2.0 200") && m.contains("BYE") {
            acknowledged = true;
            break;
        }
    }
    assert!(acknowledged, "baresip did not answer our BYE");
}

#[test]
fn baresip_accepts_our_offer_and_audio_flows() {
    if !peer_present("baresip", "-h", "baresip") {
        return;
    }
    let sip_port = free_udp_port();
    let Some(dir) = baresip_dir("baresip-answer", sip_port) else {
        return;
    };
    let _peer = baresip(&dir, &[]);
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let rtp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let rtp_port = rtp.local_addr().unwrap().port();
    let mut s = gateway(
        rtp_port,
        vec![
            Codec::g729(false),
            Codec::pcma(),
            Codec::pcmu(),
            Codec::telephone_event(101),
        ],
    );
    let offer = emit(&s.create_offer());
    let to: std::net::SocketAddr = format!("127.0.0.1:{sip_port}").parse().unwrap();
    let ok = place_call(
        &sock,
        &format!("sip:alice@127.0.0.1:{sip_port}"),
        to,
        &offer,
        "",
    );
    let answer = parse(body(&ok).as_bytes()).unwrap_or_else(|e| panic!("{e}\n{ok}"));
    let n = s.apply_answer(&answer).unwrap().audio().unwrap().clone();
    assert_eq!(
        n.codec.encoding, "PCMA",
        "baresip has no G.729; PCMA is its first choice:\n{ok}"
    );
    assert_eq!(
        first_rtp_payload_type(&rtp),
        8,
        "baresip sends PCMA to our offered port"
    );
    hang_up(&sock, &ok, to);
}
