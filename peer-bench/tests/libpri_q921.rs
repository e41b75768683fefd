//! Live Q.921 interop with libpri (Debian libpri-dev) over a Unix datagram socketpair, with
//! strowger-q921's data-link entity as the user side and as the network side: link up through
//! simultaneous SABME, T203 keep-alive over more than three periods, I frames both ways
//! (Q.931 SETUP answered by CALL PROCEEDING), recovery after frames dropped in the middle,
//! DISC answered by UA, and a DISC to the released peer answered by DM. Every run is written
//! as a LINKTYPE_LAPD pcapng and decoded by tshark.

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use strowger_peer_bench::libpri_q921::{event, LibpriOptions, LibpriPeer};
use strowger_q921::pcap::{Direction, LapdPcapng};
use strowger_q921::{
    Config, Control, DataLink, DlIndication, DlRequest, FrameRepr, Instant, SFunction, Sapi, Side,
    Tei, UFunction,
};

struct Session {
    peer: LibpriPeer,
    sock: UnixDatagram,
    dl: DataLink,
    start: std::time::Instant,
    trace: LapdPcapng,
    /// (time, sent by us, frame)
    frames: Vec<(Instant, bool, Vec<u8>)>,
    events: Vec<DlIndication>,
    pri_events: Vec<i32>,
    drop_next_out_i: usize,
    drop_next_in_i: usize,
    dropped: usize,
}

impl Session {
    fn new(we_network: bool, our_t203: Duration, their_t203: Duration) -> Session {
        let (mut peer, sock) = LibpriPeer::new(LibpriOptions {
            network: !we_network,
            t200: None,
            t203: Some(their_t203),
            verbose: std::env::var_os("STROWGER_LIBPRI_VERBOSE").is_some(),
        })
        .expect("libpri D-channel");
        let (_, t203) = peer.timers();
        assert_eq!(t203, their_t203, "libpri took the shortened T203");
        sock.set_nonblocking(true).unwrap();
        let cfg = Config {
            t203: our_t203,
            ..Config::default()
        };
        let side = if we_network {
            Side::Network
        } else {
            Side::User
        };
        Session {
            peer,
            sock,
            dl: DataLink::new(cfg, side, Sapi::CALL_CONTROL, Tei::ZERO),
            start: std::time::Instant::now(),
            trace: LapdPcapng::new(we_network),
            frames: Vec::new(),
            events: Vec::new(),
            pri_events: Vec::new(),
            drop_next_out_i: 0,
            drop_next_in_i: 0,
            dropped: 0,
        }
    }

    fn now(&self) -> Instant {
        Instant::from_micros(self.start.elapsed().as_micros() as u64)
    }

    fn record(&mut self, ours: bool, f: &[u8]) {
        let now = self.now();
        let d = if ours {
            Direction::Outbound
        } else {
            Direction::Inbound
        };
        self.trace
            .push(1_795_000_000_000_000 + now.as_micros(), d, f);
        self.frames.push((now, ours, f.to_vec()));
    }

    fn pump(&mut self) {
        while let Some(t) = self.dl.poll_transmit() {
            let is_i = matches!(
                FrameRepr::parse_bytes(&t.frame).unwrap().control,
                Control::I { .. }
            );
            self.record(true, &t.frame);
            if is_i && self.drop_next_out_i > 0 {
                self.drop_next_out_i -= 1;
                self.dropped += 1;
                continue;
            }
            self.sock.send(&t.frame).expect("send to libpri");
        }
        while let Some(e) = self.dl.poll_event() {
            self.events.push(e);
        }
    }

    fn step(&mut self) {
        self.pump();
        let now = self.now();
        let mut wait = Duration::from_millis(5);
        if let Some(t) = self.dl.poll_timeout() {
            wait = wait.min(t.saturating_duration_since(now));
        }
        if let Some(e) = self.peer.run(wait).expect("libpri run") {
            self.pri_events.push(e);
        }
        let mut buf = [0u8; 512];
        loop {
            match self.sock.recv(&mut buf) {
                Ok(n) => {
                    let f = buf[..n].to_vec();
                    self.record(false, &f);
                    let is_i = matches!(
                        FrameRepr::parse_bytes(&f).map(|r| r.control),
                        Ok(Control::I { .. })
                    );
                    if is_i && self.drop_next_in_i > 0 {
                        self.drop_next_in_i -= 1;
                        self.dropped += 1;
                        continue;
                    }
                    let now = self.now();
                    self.dl.handle_frame(now, &f);
                    self.pump();
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) => panic!("recv: {e}"),
            }
        }
        let now = self.now();
        if self.dl.poll_timeout().is_some_and(|t| t <= now) {
            self.dl.handle_timeout(now);
        }
        self.pump();
    }

    fn run_until(
        &mut self,
        limit: Duration,
        what: &str,
        mut done: impl FnMut(&mut Session) -> bool,
    ) {
        let end = self.start.elapsed() + limit;
        while !done(self) {
            assert!(
                self.start.elapsed() < end,
                "{what}: not reached in {limit:?}; our events {:?}, libpri events {:?}",
                self.events,
                self.pri_events
            );
            self.step();
        }
    }

    fn run_for(&mut self, d: Duration) {
        let end = self.start.elapsed() + d;
        while self.start.elapsed() < end {
            self.step();
        }
    }

    fn data(&self) -> Vec<Vec<u8>> {
        self.events
            .iter()
            .filter_map(|e| match e {
                DlIndication::Data(d) => Some(d.clone()),
                _ => None,
            })
            .collect()
    }

    fn mdl_errors(&self) -> Vec<DlIndication> {
        self.events
            .iter()
            .filter(|e| matches!(e, DlIndication::MdlError(_)))
            .cloned()
            .collect()
    }

    fn pri_count(&self, e: i32) -> usize {
        self.pri_events.iter().filter(|&&x| x == e).count()
    }

    fn controls(&self, ours: bool) -> Vec<(Instant, FrameRepr<'_>)> {
        self.frames
            .iter()
            .filter(|f| f.1 == ours)
            .map(|f| (f.0, FrameRepr::parse_bytes(&f.2).unwrap()))
            .collect()
    }
}

/// A QSIG SETUP for call reference `cr` on B-channel `channel`.
fn setup(cr: u16, channel: u8) -> Vec<u8> {
    let c = cr.to_be_bytes();
    vec![
        0x08,
        0x02,
        c[0] & 0x7f,
        c[1],
        0x05, // PD, call reference, SETUP
        0x04,
        0x03,
        0x80,
        0x90,
        0xa2, // bearer capability: speech, 64 kbit/s, mu-law
        0x18,
        0x03,
        0xa9,
        0x83,
        0x80 | channel, // channel identification, exclusive
        0x70,
        0x05,
        0x80,
        b'2',
        b'0',
        b'0',
        b'0', // called party number
    ]
}

/// (call reference with the flag bit, message type) of a Q.931 message with a 2-octet CR.
fn q931(m: &[u8]) -> (u16, u8) {
    assert_eq!(m[0], 0x08, "protocol discriminator");
    assert_eq!(m[1], 0x02, "call reference length");
    (u16::from_be_bytes([m[2], m[3]]), m[4])
}

fn interop(we_network: bool) {
    // The entity with the shorter T203 polls; the other answers. Our run as the user side
    // has us polling, our run as the network side has libpri polling.
    let (ours, theirs) = if we_network {
        (Duration::from_millis(4000), Duration::from_millis(1000))
    } else {
        (Duration::from_millis(1000), Duration::from_millis(4000))
    };
    let mut s = Session::new(we_network, ours, theirs);
    let who = if we_network { "network" } else { "user" };

    // 1. Link up: both ends send SABME at once (libpri does on creation).
    let now = s.now();
    s.dl.handle_request(now, DlRequest::Establish).unwrap();
    s.run_until(Duration::from_secs(3), "link up", |s| {
        s.dl.is_established() && s.pri_count(event::DCHAN_UP) == 1
    });
    s.run_for(Duration::from_millis(100));
    let sabme = |r: &FrameRepr<'_>| {
        matches!(
            r.control,
            Control::U {
                function: UFunction::Sabme,
                ..
            }
        )
    };
    assert!(
        s.controls(true).iter().any(|(_, r)| sabme(r)),
        "{who}: we sent SABME"
    );
    assert!(
        s.controls(false).iter().any(|(_, r)| sabme(r)),
        "{who}: libpri sent SABME"
    );
    assert!(
        s.events == [DlIndication::EstablishConfirm]
            || s.events == [DlIndication::EstablishIndication],
        "{who}: {:?}",
        s.events
    );
    s.events.clear();

    // 2. Keep-alive over 3.5 periods of the shorter T203.
    let t_keep = s.now();
    let n_frames = s.frames.len();
    let period = ours.min(theirs);
    s.run_for(period * 7 / 2);
    let keep = &s.frames[n_frames..];
    let poller_is_us = !we_network;
    let polls: Vec<Instant> = keep
        .iter()
        .filter(|f| f.1 == poller_is_us)
        .filter(|f| {
            let r = FrameRepr::parse_bytes(&f.2).unwrap();
            let from_network = f.1 == we_network;
            r.address.is_command(from_network)
                && r.control
                    == Control::S {
                        function: SFunction::Rr,
                        nr: r.control.nr().unwrap(),
                        pf: true,
                    }
        })
        .map(|f| f.0)
        .collect();
    let answers = keep
        .iter()
        .filter(|f| f.1 != poller_is_us)
        .filter(|f| {
            let r = FrameRepr::parse_bytes(&f.2).unwrap();
            let from_network = f.1 == we_network;
            !r.address.is_command(from_network)
                && matches!(
                    r.control,
                    Control::S {
                        function: SFunction::Rr,
                        pf: true,
                        ..
                    }
                )
        })
        .count();
    assert!(
        polls.len() >= 3,
        "{who}: {} T203 polls in {:?}",
        polls.len(),
        period * 7 / 2
    );
    assert_eq!(answers, polls.len(), "{who}: every poll answered with F=1");
    let mut last = t_keep;
    for t in &polls {
        let gap = t.saturating_duration_since(last);
        assert!(
            gap <= period + Duration::from_millis(150),
            "{who}: poll gap {gap:?}"
        );
        last = *t;
    }
    assert!(
        s.dl.is_established(),
        "{who}: link still up after keep-alive"
    );
    assert_eq!(
        s.pri_count(event::DCHAN_DOWN),
        0,
        "{who}: libpri kept the link"
    );
    assert!(s.events.is_empty(), "{who}: {:?}", s.events);

    // 3. I frames both ways: our SETUPs get CALL PROCEEDING, libpri's SETUPs reach us.
    for k in 1..=4u16 {
        let now = s.now();
        s.dl.handle_request(now, DlRequest::Data(&setup(k, k as u8)))
            .unwrap();
    }
    s.peer.call(10, "3000").unwrap();
    s.peer.call(11, "3001").unwrap();
    s.run_until(Duration::from_secs(3), "I frames both ways", |s| {
        s.pri_count(event::RING) == 4 && s.data().len() == 6
    });
    let msgs: Vec<(u16, u8)> = s.data().iter().map(|m| q931(m)).collect();
    for k in 1..=4u16 {
        assert!(
            msgs.contains(&(0x8000 | k, 0x02)),
            "{who}: CALL PROCEEDING for call {k}: {msgs:?}"
        );
    }
    assert_eq!(
        msgs.iter().filter(|m| m.1 == 0x05).count(),
        2,
        "{who}: libpri's SETUPs"
    );

    // 4a. Our first I frame of three is lost: libpri asks for it again (REJ).
    let before_stats = s.dl.stats();
    let n_frames = s.frames.len();
    s.drop_next_out_i = 1;
    for k in 5..=7u16 {
        let now = s.now();
        s.dl.handle_request(now, DlRequest::Data(&setup(k, k as u8)))
            .unwrap();
    }
    s.run_until(
        Duration::from_secs(5),
        "recovery of a lost outgoing I frame",
        |s| s.pri_count(event::RING) == 7 && s.data().len() == 9,
    );
    let rej_from_libpri = s.frames[n_frames..].iter().any(|f| {
        !f.1 && matches!(
            FrameRepr::parse_bytes(&f.2).unwrap().control,
            Control::S {
                function: SFunction::Rej,
                ..
            }
        )
    });
    assert!(rej_from_libpri, "{who}: libpri sent REJ");
    assert!(s.dl.stats().i_retransmitted > before_stats.i_retransmitted);
    let msgs: Vec<(u16, u8)> = s.data().iter().map(|m| q931(m)).collect();
    for k in 5..=7u16 {
        assert!(
            msgs.contains(&(0x8000 | k, 0x02)),
            "{who}: CALL PROCEEDING for call {k}"
        );
    }

    // 4b. libpri's first I frame of two is lost: we send REJ, libpri sends it again.
    s.drop_next_in_i = 1;
    s.peer.call(12, "3002").unwrap();
    s.peer.call(13, "3003").unwrap();
    s.run_until(
        Duration::from_secs(5),
        "recovery of a lost incoming I frame",
        |s| s.data().len() == 11,
    );
    assert!(s.dl.stats().rej_sent >= 1, "{who}: we sent REJ");
    let setups = s.data().iter().filter(|m| q931(m).1 == 0x05).count();
    assert_eq!(setups, 4, "{who}: all of libpri's SETUPs, once each");
    assert_eq!(s.dropped, 2);
    // In order and exactly once: libpri numbers its calls upwards.
    let from_libpri: Vec<u16> = s
        .data()
        .iter()
        .map(|m| q931(m))
        .filter(|m| m.1 == 0x05)
        .map(|m| m.0)
        .collect();
    assert!(
        from_libpri.windows(2).all(|w| w[0] < w[1]),
        "{who}: {from_libpri:?}"
    );
    assert!(s.mdl_errors().is_empty(), "{who}: {:?}", s.mdl_errors());
    assert!(s.dl.is_established());
    assert_eq!(s.pri_count(event::DCHAN_DOWN), 0);

    // 5. DISC: libpri answers UA and reports the D-channel down.
    let now = s.now();
    s.dl.handle_request(now, DlRequest::Release).unwrap();
    s.run_until(Duration::from_secs(3), "release", |s| {
        s.events.contains(&DlIndication::ReleaseConfirm) && s.pri_count(event::DCHAN_DOWN) == 1
    });
    let ua = s.controls(false).iter().any(|(_, r)| {
        matches!(
            r.control,
            Control::U {
                function: UFunction::Ua | UFunction::Dm,
                pf: true
            }
        )
    });
    assert!(ua, "{who}: libpri answered DISC");
    s.run_for(Duration::from_millis(200));

    // 6. A DISC to the released libpri is answered with DM, F = 1 (Q.921 §5.5.3.1).
    let disc = strowger_q921::FrameRepr {
        address: strowger_q921::Address::for_side(Sapi::CALL_CONTROL, Tei::ZERO, we_network, true),
        control: Control::U {
            function: UFunction::Disc,
            pf: true,
        },
        info: &[],
    }
    .to_vec();
    s.record(true, &disc);
    s.sock.send(&disc).unwrap();
    let n_frames = s.frames.len();
    s.run_for(Duration::from_millis(300));
    let answers: Vec<FrameRepr<'_>> = s.frames[n_frames..]
        .iter()
        .filter(|f| !f.1)
        .map(|f| FrameRepr::parse_bytes(&f.2).unwrap())
        .collect();
    assert_eq!(answers.len(), 1, "{who}: {answers:?}");
    assert_eq!(
        answers[0].control,
        Control::U {
            function: UFunction::Dm,
            pf: true
        }
    );
    assert!(
        !answers[0].address.is_command(!we_network),
        "{who}: DM is a response"
    );
    assert!(!s.dl.is_established() && s.mdl_errors().is_empty());

    let (read, written) = s.peer.frames();
    eprintln!(
        "libpri as {} side: {} frames ({read} read by libpri, {written} written), {} T203 polls, \
         our stats {:?}",
        if we_network { "user" } else { "network" },
        s.frames.len(),
        polls.len(),
        s.dl.stats()
    );

    // The trace of the run decodes in tshark without malformed frames.
    let dir = strowger_testsupport::scratch_dir(&format!("libpri-q921-{who}"));
    let file = dir.join(format!("libpri-{who}.lapd203.pcapng"));
    std::fs::write(&file, s.trace.bytes()).unwrap();
    if let Some(tshark) = strowger_testsupport::require_peer("tshark", "tshark") {
        let out = std::process::Command::new(tshark)
            .arg("-r")
            .arg(&file)
            .args([
                "-T",
                "fields",
                "-e",
                "frame.number",
                "-e",
                "_ws.malformed",
                "-e",
                "_ws.expert.severity",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), s.frames.len(), "{who}: tshark frame count");
        for row in rows {
            let cols: Vec<&str> = row.split('\t').collect();
            assert!(cols[1].is_empty(), "{who}: malformed frame {row}");
            for sev in cols[2].split(',').filter(|x| !x.is_empty()) {
                let v = u32::from_str_radix(sev.trim_start_matches("0x"), 16).unwrap();
                assert!(
                    v < 0x0060_0000,
                    "{who}: expert warning/error in frame {row}"
                );
            }
        }
    }
    // STROWGER_TRACE_DIR keeps the trace for Wireshark.
    if let Some(keep) = std::env::var_os("STROWGER_TRACE_DIR") {
        std::fs::copy(
            &file,
            std::path::Path::new(&keep).join(file.file_name().unwrap()),
        )
        .unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn libpri_network_side_against_our_user_side() {
    interop(false);
}

#[test]
fn libpri_user_side_against_our_network_side() {
    interop(true);
}
