//! Live TEI management (Q.921 §5.3) against libpri on a point-to-multipoint BRI D-channel
//! (EuroISDN): libpri as the network assigns our terminal a TEI, on which our data link then
//! comes up and carries a SETUP; libpri as a terminal asks our network side for a TEI, gets
//! it, and brings its data link up to us to send its SETUP.

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use strowger_peer_bench::libpri_q921::{event, LibpriOptions, LibpriPeer};
use strowger_q921::tei::{TeiConfig, TeiEvent, TeiNetwork, TeiUser};
use strowger_q921::wire::tei::{TeiMessage, TeiMessageType};
use strowger_q921::{
    Config, Control, DataLink, DlIndication, DlRequest, FrameRepr, Instant, Sapi, Side, UFunction,
};

struct Bri {
    peer: LibpriPeer,
    sock: UnixDatagram,
    start: std::time::Instant,
    /// (sent by us, frame)
    frames: Vec<(bool, Vec<u8>)>,
    pri_events: Vec<i32>,
}

impl Bri {
    fn new(libpri_network: bool) -> Bri {
        let (peer, sock) = LibpriPeer::new_bri(
            LibpriOptions {
                network: libpri_network,
                t200: None,
                t203: None,
                verbose: std::env::var_os("STROWGER_LIBPRI_VERBOSE").is_some(),
            },
            true,
        )
        .expect("libpri BRI D-channel");
        sock.set_nonblocking(true).unwrap();
        Bri {
            peer,
            sock,
            start: std::time::Instant::now(),
            frames: Vec::new(),
            pri_events: Vec::new(),
        }
    }

    fn now(&self) -> Instant {
        Instant::from_micros(self.start.elapsed().as_micros() as u64)
    }

    fn send(&mut self, f: &[u8]) {
        self.frames.push((true, f.to_vec()));
        self.sock.send(f).expect("send to libpri");
    }

    /// Runs libpri once and returns the frames it sent meanwhile.
    fn step(&mut self) -> Vec<Vec<u8>> {
        if let Some(e) = self.peer.run(Duration::from_millis(5)).expect("libpri run") {
            self.pri_events.push(e);
        }
        let mut got = Vec::new();
        let mut buf = [0u8; 512];
        loop {
            match self.sock.recv(&mut buf) {
                Ok(n) => {
                    self.frames.push((false, buf[..n].to_vec()));
                    got.push(buf[..n].to_vec());
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) => panic!("recv: {e}"),
            }
        }
        got
    }

    fn tei_messages(&self, ours: bool) -> Vec<TeiMessage> {
        self.frames
            .iter()
            .filter(|f| f.0 == ours)
            .filter_map(|f| {
                let r = FrameRepr::parse_bytes(&f.1).ok()?;
                (r.address.sapi == Sapi::MANAGEMENT).then(|| TeiMessage::parse(r.info).unwrap())
            })
            .collect()
    }
}

/// A EuroISDN BRI SETUP (one-octet call reference) for B1.
fn setup(cr: u8) -> Vec<u8> {
    vec![
        0x08,
        0x01,
        cr & 0x7f,
        0x05, // PD, call reference, SETUP
        0x04,
        0x03,
        0x80,
        0x90,
        0xa3, // bearer capability: speech, 64 kbit/s, A-law
        0x18,
        0x01,
        0x89, // channel identification: B1, exclusive
        0x70,
        0x05,
        0x80,
        b'2',
        b'0',
        b'0',
        b'0', // called party number
    ]
}

#[test]
fn libpri_network_assigns_our_terminal_a_tei_and_our_link_comes_up_on_it() {
    let mut b = Bri::new(true);
    let mut tei = TeiUser::new(TeiConfig::default(), 0x5a5a);
    let cfg = Config {
        k: 1,
        ..Config::default()
    };
    let mut dl = DataLink::new_unassigned(cfg, Side::User, Sapi::CALL_CONTROL);
    let mut events = Vec::new();
    let now = b.now();
    dl.handle_request(now, DlRequest::Establish).unwrap();
    let mut sent_setup = false;
    let deadline = std::time::Instant::now() + Duration::from_secs(8);
    loop {
        let now = b.now();
        while let Some(e) = dl.poll_event() {
            if e == DlIndication::MdlAssign {
                tei.request(now);
            }
            if e == DlIndication::EstablishConfirm && !sent_setup {
                dl.handle_request(now, DlRequest::Data(&setup(1))).unwrap();
                sent_setup = true;
            }
            events.push(e);
        }
        while let Some(e) = tei.poll_event() {
            match e {
                TeiEvent::Assigned(t) => dl.assign_tei(now, t),
                TeiEvent::Removed(_) => dl.remove_tei(),
                other => panic!("TEI management: {other:?}"),
            }
        }
        while let Some(t) = tei.poll_transmit() {
            b.send(&t.frame);
        }
        while let Some(t) = dl.poll_transmit() {
            b.send(&t.frame);
        }
        for f in b.step() {
            let now = b.now();
            tei.handle_frame(now, &f);
            dl.handle_frame(now, &f);
        }
        let now = b.now();
        tei.handle_timeout(now);
        dl.handle_timeout(now);
        let proceeding = events
            .iter()
            .any(|e| matches!(e, DlIndication::Data(m) if m.get(3) == Some(&0x02)));
        if proceeding && b.pri_events.contains(&event::RING) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no call on the assigned TEI: ours {events:?}, libpri {:?}, frames {:02x?}",
            b.pri_events,
            b.frames
        );
    }
    let t = tei.tei().expect("a TEI");
    assert!(t.is_automatic(), "{t:?}");
    assert_eq!(dl.tei(), Some(t));
    let ours = b.tei_messages(true);
    let theirs = b.tei_messages(false);
    assert_eq!(ours[0].msg_type, TeiMessageType::IdentityRequest);
    let assigned = theirs
        .iter()
        .find(|m| m.msg_type == TeiMessageType::IdentityAssigned)
        .expect("identity assigned from libpri");
    assert_eq!(assigned.ri, ours[0].ri, "libpri echoes our Ri");
    assert_eq!(assigned.ai(), t.value());
    // Every SAPI 0 frame on the link carried the assigned TEI.
    for (_, f) in &b.frames {
        let r = FrameRepr::parse_bytes(f).unwrap();
        if r.address.sapi == Sapi::CALL_CONTROL {
            assert_eq!(r.address.tei, t);
        }
    }
    assert!(events.contains(&DlIndication::EstablishConfirm));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, DlIndication::MdlError(_))),
        "{events:?}"
    );
    eprintln!(
        "libpri (BRI network) assigned TEI {}; {} frames",
        t.value(),
        b.frames.len()
    );
}

#[test]
fn libpri_terminal_gets_a_tei_from_our_network_side_and_brings_its_link_up() {
    let mut b = Bri::new(false);
    let mut tei = TeiNetwork::new(TeiConfig::default());
    let cfg = Config {
        k: 1,
        ..Config::default()
    };
    let mut links: Vec<DataLink> = Vec::new();
    let mut events = Vec::new();
    // libpri asks for a TEI when it needs its data link: to place a call.
    b.peer.call(1, "2000").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(8);
    loop {
        let now = b.now();
        while let Some(e) = tei.poll_event() {
            if let TeiEvent::Assigned(t) = e {
                links.push(DataLink::new(cfg, Side::Network, Sapi::CALL_CONTROL, t));
            }
        }
        while let Some(t) = tei.poll_transmit() {
            b.send(&t.frame);
        }
        for dl in &mut links {
            dl.handle_timeout(now);
        }
        let mut out = Vec::new();
        for dl in &mut links {
            while let Some(t) = dl.poll_transmit() {
                out.push(t.frame);
            }
            while let Some(e) = dl.poll_event() {
                events.push(e);
            }
        }
        for f in out {
            b.send(&f);
        }
        for f in b.step() {
            let now = b.now();
            tei.handle_frame(now, &f);
            for dl in &mut links {
                dl.handle_frame(now, &f);
            }
        }
        tei.handle_timeout(b.now());
        let got_setup = events
            .iter()
            .any(|e| matches!(e, DlIndication::Data(m) if m.get(3) == Some(&0x05)));
        if got_setup {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no SETUP from libpri: ours {events:?}, libpri {:?}, frames {:02x?}",
            b.pri_events,
            b.frames
        );
    }
    assert_eq!(links.len(), 1, "one TEI assigned");
    let t = links[0].address().1;
    assert!(t.is_automatic());
    let theirs = b.tei_messages(false);
    let ours = b.tei_messages(true);
    assert_eq!(theirs[0].msg_type, TeiMessageType::IdentityRequest);
    assert_eq!(theirs[0].ai(), 127, "any TEI");
    assert_eq!(ours[0].msg_type, TeiMessageType::IdentityAssigned);
    assert_eq!(ours[0].ri, theirs[0].ri);
    let sabme = b.frames.iter().any(|(ours, f)| {
        let r = FrameRepr::parse_bytes(f).unwrap();
        !ours
            && r.address.tei == t
            && matches!(
                r.control,
                Control::U {
                    function: UFunction::Sabme,
                    ..
                }
            )
    });
    assert!(sabme, "libpri's SABME on the assigned TEI");
    assert!(links[0].is_established());
    assert_eq!(events[0], DlIndication::EstablishIndication);
    eprintln!(
        "our network side assigned libpri TEI {}; {} frames",
        t.value(),
        b.frames.len()
    );
}
