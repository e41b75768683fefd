//! Our end of the QSIG interop with libpri: the strowger stack as an application would wire
//! it. `strowger-q921`'s data-link entity carries the messages of `strowger-q931-qsig`'s
//! call-control entity (`call::CallControl`), whose Facility elements are built and read by
//! the QSIG services layer (`qsig::service`: names, diversion, callRerouteing, MWI, transfer).
//!
//! [`Bench`] runs libpri and our stack in one thread on real time: it moves frames between the
//! socket and the data link, DL-DATA indications into call control and call control's
//! messages into DL-DATA requests, runs every timer, and answers a DISCONNECT from libpri with
//! `hangup` (RELEASE) as Q.931 §5.3.4 asks of the application. Everything else our side does
//! is the test's request. Every libpri event, every call-control event and every Q.931
//! message libpri sent is kept for the test to check.
//!
//! Every frame goes into a LINKTYPE_LAPD pcapng which [`Bench::finish`] has tshark decode: no
//! malformed packet, no expert warning or error, every message we sent decoded, and the QSIG
//! operations the test expects.

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use strowger_peer_bench::libpri_l3::{CallId as PriCall, Event, EventKind, LibpriQsig};
use strowger_q921::pcap::{Direction, LapdPcapng};
use strowger_q921::{
    Config as DlConfig, DataLink, DlIndication, DlRequest, Instant, Sapi, Side as DlSide, Tei,
};
use strowger_q931_qsig::call::{self, CallControl, CallId, LinkState};
use strowger_q931_qsig::qsig::ops;
use strowger_q931_qsig::qsig::service::{self, Indication, InvokeIds};
use strowger_q931_qsig::wire::ie_id;
use strowger_q931_qsig::{CallReference, CauseValue, Message, MessageType};

/// A Q.931 message libpri sent, as it came (for checks at the message level: type, call
/// reference, cause, Facility IE contents).
#[derive(Debug, Clone)]
pub struct Received {
    /// Call reference as received.
    pub cr: CallReference,
    /// Message type.
    pub mt: MessageType,
    /// Cause value, if a Cause IE came.
    pub cause: Option<u8>,
    /// The contents of every Facility IE (profile octet included).
    pub facilities: Vec<Vec<u8>>,
}

impl Received {
    fn parse(bytes: &[u8]) -> Received {
        let m = Message::new_checked(bytes).unwrap_or_else(|e| {
            panic!("libpri sent a message we cannot parse: {e:?} {bytes:02x?}")
        });
        let mut cause = None;
        let mut facilities = Vec::new();
        for ie in m.ies().flatten() {
            if ie.codeset.value() != 0 {
                continue;
            }
            match ie.id {
                ie_id::CAUSE if ie.contents.len() >= 2 => {
                    let i = if ie.contents[0] & 0x80 == 0 { 2 } else { 1 };
                    cause = ie.contents.get(i).map(|v| v & 0x7f);
                }
                ie_id::FACILITY => facilities.push(ie.contents.to_vec()),
                _ => {}
            }
        }
        Received {
            cr: m.call_reference(),
            mt: m.message_type(),
            cause,
            facilities,
        }
    }
}

/// Reads Facility IE contents with the services layer and hands each indication to `f`,
/// returning the first `Some`.
pub fn find_in<R>(
    facilities: &[Vec<u8>],
    mut f: impl FnMut(&Indication<'_>) -> Option<R>,
) -> Option<R> {
    for fac in facilities {
        let r = service::read(fac).unwrap_or_else(|e| panic!("facility {fac:02x?}: {e:?}"));
        assert_eq!(r.disposition, service::Disposition::Continue, "{r:?}");
        assert!(
            r.discarded.is_empty(),
            "unrecognised invokes {:?}",
            r.discarded
        );
        if let Some(x) = r.indications.iter().find_map(&mut f) {
            return Some(x);
        }
    }
    None
}

/// The names (kind, text) in Facility IE contents.
pub fn names_in(facilities: &[Vec<u8>]) -> Vec<(service::NameKind, String)> {
    let mut out = Vec::new();
    for fac in facilities {
        let r = service::read(fac).unwrap();
        for (kind, name) in service::names::received(&r) {
            let text = service::names::display(&name).expect("presentable name");
            out.push((kind, String::from_utf8_lossy(text).into_owned()));
        }
    }
    out
}

/// The QSIG operations of the invokes in Facility IE contents.
pub fn operations_in(facilities: &[Vec<u8>]) -> Vec<i32> {
    let mut out = Vec::new();
    for fac in facilities {
        let r = service::read(fac).unwrap();
        for i in &r.indications {
            if let Indication::Invoke { operation, .. } = i {
                out.push(operation.value());
            }
        }
    }
    out
}

/// One interop run: libpri on one end of the socketpair, our stack on the other.
pub struct Bench {
    /// libpri.
    pub peer: LibpriQsig,
    sock: UnixDatagram,
    dl: DataLink,
    /// Our call-control entity.
    pub cc: CallControl,
    /// Our invoke identifiers.
    pub ids: InvokeIds,
    start: std::time::Instant,
    trace: LapdPcapng,
    frames: usize,
    ours: Vec<usize>,
    /// Which side we are.
    pub we_network: bool,
    /// Every libpri event, in order.
    pub events: Vec<Event>,
    /// Every event of our call control, in order.
    pub ours_events: Vec<call::Event>,
    /// Every Q.931 message libpri sent, in order.
    pub received: Vec<Received>,
    /// The message type of every Q.931 message we sent, in order.
    pub sent: Vec<u8>,
    /// Values tshark must decode: (field, in our frames (else libpri's), value).
    expect: Vec<(&'static str, bool, String)>,
}

impl Bench {
    /// Starts libpri as the other side and brings the data link up.
    pub fn new(we_network: bool) -> Bench {
        let (peer, sock) = LibpriQsig::new(
            !we_network,
            std::env::var_os("STROWGER_LIBPRI_VERBOSE").is_some(),
        )
        .expect("libpri D-channel");
        sock.set_nonblocking(true).unwrap();
        let (dl_side, side) = if we_network {
            (DlSide::Network, call::Side::Network)
        } else {
            (DlSide::User, call::Side::User)
        };
        let mut cc = CallControl::new(call::Config::pri_e1(side));
        cc.handle_link(call::Instant::ZERO, LinkState::Released);
        let mut b = Bench {
            peer,
            sock,
            dl: DataLink::new(DlConfig::default(), dl_side, Sapi::CALL_CONTROL, Tei::ZERO),
            cc,
            ids: InvokeIds::new(),
            start: std::time::Instant::now(),
            trace: LapdPcapng::new(we_network),
            frames: 0,
            ours: Vec::new(),
            we_network,
            events: Vec::new(),
            ours_events: Vec::new(),
            received: Vec::new(),
            sent: Vec::new(),
            expect: Vec::new(),
        };
        let now = b.now();
        b.dl.handle_request(now, DlRequest::Establish).unwrap();
        b.run_until(Duration::from_secs(3), "link up", |b| {
            b.cc.is_link_up() && b.count(EventKind::DchanUp) == 1
        });
        b
    }

    /// `network` or `user`: our side, for messages.
    pub fn who(&self) -> &'static str {
        if self.we_network {
            "network"
        } else {
            "user"
        }
    }

    fn now(&self) -> Instant {
        Instant::from_micros(self.start.elapsed().as_micros() as u64)
    }

    /// The time for our call-control entity and the services layer's state machines.
    pub fn cc_now(&self) -> call::Instant {
        call::Instant::from_micros(self.start.elapsed().as_micros() as u64)
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
        self.frames += 1;
        if ours {
            self.ours.push(self.frames);
        }
    }

    /// Drains every poll_* of both our entities until nothing moves.
    pub fn pump(&mut self) {
        loop {
            let mut progress = false;
            while let Some(m) = self.cc.poll_transmit() {
                let now = self.now();
                self.dl
                    .handle_request(now, DlRequest::Data(&m))
                    .expect("DL-DATA");
                self.sent.push(m.get(4).copied().unwrap_or(0));
                progress = true;
            }
            while let Some(t) = self.dl.poll_transmit() {
                self.record(true, &t.frame);
                self.sock.send(&t.frame).expect("send to libpri");
                progress = true;
            }
            while let Some(e) = self.dl.poll_event() {
                progress = true;
                let now = self.cc_now();
                match e {
                    DlIndication::Data(d) => {
                        self.received.push(Received::parse(&d));
                        self.cc.handle_message(now, &d);
                    }
                    DlIndication::EstablishConfirm | DlIndication::EstablishIndication => {
                        self.cc.handle_link(now, LinkState::Established)
                    }
                    DlIndication::ReleaseConfirm | DlIndication::ReleaseIndication => {
                        self.cc.handle_link(now, LinkState::Released)
                    }
                    _ => {}
                }
            }
            while let Some(e) = self.cc.poll_event() {
                progress = true;
                self.check_facilities(&e);
                let now = self.cc_now();
                match &e {
                    call::Event::Disconnected { call, cause, .. } => {
                        self.cc
                            .hangup(now, *call, cause.value, Vec::new())
                            .expect("RELEASE after DISCONNECT");
                    }
                    call::Event::EstablishLink => {
                        let now = self.now();
                        self.dl.handle_request(now, DlRequest::Establish).unwrap();
                    }
                    _ => {}
                }
                self.ours_events.push(e);
            }
            if !progress {
                break;
            }
        }
    }

    /// Every Facility element libpri sent must read cleanly in the services layer: QSIG
    /// contents, every invoke recognised and its argument well typed (no Reject to send back).
    fn check_facilities(&self, e: &call::Event) {
        use call::Event as E;
        let facilities = match e {
            E::IncomingCall { setup, .. } => &setup.facilities,
            E::SetupAcknowledged { facilities, .. }
            | E::Proceeding { facilities, .. }
            | E::Alerting { facilities, .. }
            | E::Connected { facilities, .. }
            | E::ConnectAcknowledged { facilities, .. }
            | E::Progress { facilities, .. }
            | E::Information { facilities, .. }
            | E::Facility { facilities, .. }
            | E::ConnectionlessFacility { facilities }
            | E::Disconnected { facilities, .. }
            | E::Released { facilities, .. } => facilities,
            _ => return,
        };
        for f in facilities {
            let r = service::read(f).unwrap_or_else(|err| {
                panic!("{}: libpri's facility {f:02x?}: {err:?}", self.who())
            });
            assert!(
                r.reply.is_none() && r.discarded.is_empty(),
                "{}: the services layer did not take all of libpri's facility {f:02x?}: {r:?}",
                self.who()
            );
        }
    }

    fn step(&mut self) {
        self.pump();
        let now = self.now();
        let mut wait = Duration::from_millis(5);
        if let Some(t) = self.dl.poll_timeout() {
            wait = wait.min(t.saturating_duration_since(now));
        }
        let cc_now = self.cc_now();
        if let Some(t) = self.cc.poll_timeout() {
            wait = wait.min(t.saturating_duration_since(cc_now));
        }
        self.peer.run(wait).expect("libpri run");
        while let Some(e) = self.peer.next_event() {
            self.events.push(e);
        }
        let mut buf = [0u8; 512];
        loop {
            match self.sock.recv(&mut buf) {
                Ok(n) => {
                    let f = buf[..n].to_vec();
                    self.record(false, &f);
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
        let cc_now = self.cc_now();
        if self.cc.poll_timeout().is_some_and(|t| t <= cc_now) {
            self.cc.handle_timeout(cc_now);
        }
        self.pump();
    }

    /// Runs both ends until `done` holds; panics after `limit`.
    pub fn run_until(&mut self, limit: Duration, what: &str, mut done: impl FnMut(&Bench) -> bool) {
        let end = self.start.elapsed() + limit;
        while !done(self) {
            assert!(
                self.start.elapsed() < end,
                "{} side: {what}: not reached in {limit:?}\nlibpri events {:#?}\nour events {:#?}\nreceived {:?}",
                self.who(),
                self.events,
                self.ours_events,
                self.received
                    .iter()
                    .map(|r| (r.cr, r.mt.name(), r.cause, r.facilities.len()))
                    .collect::<Vec<_>>()
            );
            self.step();
        }
    }

    /// Runs both ends for `d`.
    pub fn run_for(&mut self, d: Duration) {
        let end = self.start.elapsed() + d;
        while self.start.elapsed() < end {
            self.step();
        }
    }

    /// How many libpri events of `kind` came.
    pub fn count(&self, kind: EventKind) -> usize {
        self.events.iter().filter(|e| e.kind == kind).count()
    }

    /// The first libpri event of `kind` (on `call`, if given).
    pub fn event(&self, kind: EventKind, call: Option<PriCall>) -> Option<&Event> {
        self.events
            .iter()
            .find(|e| e.kind == kind && (call.is_none() || e.call == call))
    }

    /// Waits for a libpri event of `kind` (on `call`, if given) and returns it.
    pub fn wait_event(&mut self, kind: EventKind, call: Option<PriCall>, what: &str) -> Event {
        self.run_until(Duration::from_secs(5), what, |b| {
            b.event(kind, call).is_some()
        });
        self.event(kind, call).unwrap().clone()
    }

    /// Waits for the `n`-th (from 1) libpri event of `kind` and returns it.
    pub fn wait_nth_event(&mut self, kind: EventKind, n: usize, what: &str) -> Event {
        self.run_until(Duration::from_secs(5), what, |b| b.count(kind) >= n);
        self.events
            .iter()
            .filter(|e| e.kind == kind)
            .nth(n - 1)
            .unwrap()
            .clone()
    }

    /// Waits for an event of our call control that `f` picks, and returns what it picked.
    pub fn wait_ours<R>(&mut self, what: &str, mut f: impl FnMut(&call::Event) -> Option<R>) -> R {
        let mut seen = 0;
        loop {
            if let Some(r) = self.ours_events[seen..].iter().find_map(&mut f) {
                return r;
            }
            seen = self.ours_events.len();
            let n = seen;
            self.run_until(Duration::from_secs(5), what, |b| b.ours_events.len() > n);
        }
    }

    /// Waits for our call control's `Released` of `call` and returns its cause value.
    pub fn wait_released(&mut self, call: CallId, what: &str) -> u8 {
        self.wait_ours(what, |e| match e {
            call::Event::Released { call: c, cause, .. } if *c == call => Some(cause.value.value()),
            _ => None,
        })
    }

    /// Waits for the `n`-th (from 1) message of type `mt` from libpri and returns it.
    pub fn wait_message(&mut self, mt: MessageType, n: usize, what: &str) -> Received {
        self.run_until(Duration::from_secs(5), what, |b| {
            b.received.iter().filter(|r| r.mt == mt).count() >= n
        });
        self.received
            .iter()
            .filter(|r| r.mt == mt)
            .nth(n - 1)
            .unwrap()
            .clone()
    }

    /// Our call reference value of `call`.
    pub fn cr(&self, call: CallId) -> u16 {
        self.cc.call_reference(call).expect("live call").0
    }

    /// Clears `call` from our side with `cause` (DISCONNECT, or RELEASE COMPLETE for a call not
    /// answered yet) and waits until our call control has released it.
    pub fn hangup(&mut self, call: CallId, cause: CauseValue) {
        let now = self.cc_now();
        self.cc
            .hangup(now, call, cause, Vec::new())
            .expect("hangup");
        self.pump();
        self.wait_released(call, "our call released");
    }

    /// Asks [`Bench::finish`] to check that tshark decodes `value` in `field` of some frame
    /// we sent (`ours`) or libpri sent.
    pub fn expect_tshark(&mut self, field: &'static str, ours: bool, value: &str) {
        self.expect.push((field, ours, value.to_string()));
    }

    /// Writes the trace, has tshark decode it, and checks: no malformed packet and no expert
    /// warning or error in any frame, at least one decoded Q.931 message per message we sent,
    /// and the operations `ours` named in our frames and `theirs` in libpri's.
    pub fn finish(mut self, test: &str, ours: &[&str], theirs: &[&str]) {
        self.run_for(Duration::from_millis(50));
        assert_eq!(self.peer.dropped(), 0, "shim event queue overflow");
        let protocol_errors: Vec<&call::Event> = self
            .ours_events
            .iter()
            .filter(|e| matches!(e, call::Event::ProtocolError { .. }))
            .collect();
        assert!(
            protocol_errors.is_empty(),
            "{}: our call control saw protocol errors: {protocol_errors:?}",
            self.who()
        );
        // Nor may libpri have objected to anything we sent: no STATUS (its answer to a message
        // it found wrong or unexpected, Q.931 §5.8), no Reject or returnError of our invokes.
        for r in &self.received {
            assert_ne!(
                r.mt,
                MessageType::STATUS,
                "{}: libpri answered with STATUS, cause {:?}",
                self.who(),
                r.cause
            );
            for f in &r.facilities {
                let got = service::read(f).unwrap();
                for i in &got.indications {
                    assert!(
                        !matches!(i, Indication::Reject { .. } | Indication::Error { .. }),
                        "{}: libpri refused one of our invokes: {i:?} in {:?}",
                        self.who(),
                        r.mt.name()
                    );
                }
            }
        }
        let who = self.who();
        let dir = strowger_testsupport::scratch_dir(&format!("libpri-qsig-{test}-{who}"));
        let file = dir.join(format!("libpri-qsig-{test}-{who}.pcapng"));
        std::fs::write(&file, self.trace.bytes()).unwrap();
        if let Some(keep) = std::env::var_os("STROWGER_TRACE_DIR") {
            std::fs::copy(
                &file,
                std::path::Path::new(&keep).join(file.file_name().unwrap()),
            )
            .unwrap();
        }
        if let Some(tshark) = strowger_testsupport::require_peer("tshark", "tshark") {
            // tshark prints each field once however often it is asked for.
            let mut fields: Vec<&str> = Vec::new();
            for (f, _, _) in &self.expect {
                if !fields.contains(f) {
                    fields.push(f);
                }
            }
            let out = std::process::Command::new(tshark)
                .arg("-r")
                .arg(&file)
                .args([
                    "-T",
                    "fields",
                    "-E",
                    "separator=|",
                    "-e",
                    "frame.number",
                    "-e",
                    "_ws.malformed",
                    "-e",
                    "_ws.expert.severity",
                    "-e",
                    "q931.message_type",
                    "-e",
                    "qsig.operation",
                ])
                .args(fields.iter().flat_map(|f| ["-e", f]))
                .output()
                .unwrap();
            assert!(out.status.success(), "tshark: {out:?}");
            let text = String::from_utf8(out.stdout).unwrap();
            let rows: Vec<&str> = text.lines().collect();
            assert_eq!(rows.len(), self.frames, "{who}: tshark frame count");
            let mut ops_ours = Vec::new();
            let mut ops_theirs = Vec::new();
            let mut q931_ours = Vec::new();
            let mut found = vec![false; self.expect.len()];
            for row in &rows {
                let cols: Vec<&str> = row.split('|').collect();
                let n: usize = cols[0].parse().unwrap();
                assert!(cols[1].is_empty(), "{who}: malformed frame {row}");
                for sev in cols[2].split(',').filter(|x| !x.is_empty()) {
                    let v = u32::from_str_radix(sev.trim_start_matches("0x"), 16).unwrap();
                    assert!(
                        v < 0x0060_0000,
                        "{who}: expert warning/error in frame {row}"
                    );
                }
                let mine = self.ours.contains(&n);
                if mine {
                    for t in cols[3].split(',').filter(|x| !x.is_empty()) {
                        q931_ours.push(u8::from_str_radix(t.trim_start_matches("0x"), 16).unwrap());
                    }
                }
                for (k, (f, o, want)) in self.expect.iter().enumerate() {
                    let col = 5 + fields.iter().position(|x| x == f).unwrap();
                    if *o == mine && cols[col].split(',').any(|v| v == want) {
                        found[k] = true;
                    }
                }
                for o in cols[4].split(',').filter(|x| !x.is_empty()) {
                    let v: i32 = o.parse().unwrap();
                    let name = ops::operation_name(v).unwrap_or("?");
                    if mine {
                        ops_ours.push(name);
                    } else {
                        ops_theirs.push(name);
                    }
                }
            }
            // Every message we sent, in order (a retransmitted I frame may repeat one).
            let mut rest = q931_ours.iter();
            for mt in &self.sent {
                assert!(
                    rest.any(|t| t == mt),
                    "{who}: tshark did not decode our message type {mt:#04x}: sent {:02x?}, decoded {q931_ours:02x?}",
                    self.sent
                );
            }
            for (k, (f, o, v)) in self.expect.iter().enumerate() {
                let side = if *o { "our" } else { "libpri's" };
                assert!(
                    found[k],
                    "{who}: tshark did not decode {f} = {v} in {side} frames"
                );
            }
            for o in ours {
                assert!(
                    ops_ours.contains(o),
                    "{who}: tshark did not decode {o} in our frames: {ops_ours:?}"
                );
            }
            for o in theirs {
                assert!(
                    ops_theirs.contains(o),
                    "{who}: tshark did not decode {o} in libpri's frames: {ops_theirs:?}"
                );
            }
            let (read, written) = self.peer.frames();
            eprintln!(
                "{test} ({who} side): {} frames ({read} read by libpri, {written} written), \
                 {} Q.931 messages sent, {} received; tshark: ours {ops_ours:?}, libpri's {ops_theirs:?}",
                self.frames,
                self.sent.len(),
                self.received.len()
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
