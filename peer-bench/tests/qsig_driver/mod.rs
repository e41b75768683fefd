//! Our end of the QSIG interop with libpri: strowger-q921's data-link entity carrying Q.931 /
//! QSIG messages that are built and decoded with strowger-q931-qsig's message codec
//! (`MessageRepr`, `Ie`, `qsig::rose`, `qsig::ops`).
//!
//! The call control on our side is this module's: [`Bench`] builds each message the test
//! asks for, answers the clearing messages Q.931 §5.3 expects an answer to (DISCONNECT with
//! RELEASE, RELEASE with RELEASE COMPLETE) and a CONNECT with CONNECT ACKNOWLEDGE, and keeps
//! every message libpri sent for the test to decode. It is kept apart from the tests so the
//! crate's own call-control state machine can take its place.
//!
//! Every frame of a run goes into a LINKTYPE_LAPD pcapng which [`Bench::finish`] has tshark
//! decode: no malformed packet, no expert warning or error, and the QSIG operations the test
//! expects.

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use strowger_peer_bench::libpri_l3::{CallId, Event, EventKind, LibpriQsig};
use strowger_q921::pcap::{Direction, LapdPcapng};
use strowger_q921::{Config, DataLink, DlIndication, DlRequest, Instant, Sapi, Side, Tei};
use strowger_q931_qsig::qsig::ber::{self, write_integer, write_tlv, Class, Tlv};
use strowger_q931_qsig::qsig::ops::{self, Name, PartyNumber, PresentedNumberUnscreened};
use strowger_q931_qsig::qsig::rose::{self, Apdu, Code, Invoke, ReturnResult};
use strowger_q931_qsig::wire::{
    BearerCapability, Cause, ChannelIdentification, Facility, Location, NumberingPlan,
    PartyNumber as Number, Presentation, Screening, TypeOfNumber,
};
use strowger_q931_qsig::{CallReference, CauseValue, Ie, MessageRepr, MessageType};

/// QSIG operation values used here (ECMA-164, -174, -178, -242).
pub mod op {
    /// callingName.
    pub const CALLING_NAME: i32 = 0;
    /// calledName.
    pub const CALLED_NAME: i32 = 1;
    /// connectedName.
    pub const CONNECTED_NAME: i32 = 2;
    /// callTransferComplete.
    pub const CALL_TRANSFER_COMPLETE: i32 = 12;
    /// callRerouteing.
    pub const CALL_REROUTEING: i32 = 19;
    /// divertingLegInformation1.
    pub const DLI1: i32 = 20;
    /// divertingLegInformation2.
    pub const DLI2: i32 = 21;
    /// divertingLegInformation3.
    pub const DLI3: i32 = 22;
    /// mwiActivate.
    pub const MWI_ACTIVATE: i32 = 80;
    /// mwiDeactivate.
    pub const MWI_DEACTIVATE: i32 = 81;
}

/// ECMA-174 `DiversionReason`.
pub mod reason {
    /// cfu.
    pub const CFU: i32 = 1;
    /// cfb.
    pub const CFB: i32 = 2;
    /// cfnr.
    pub const CFNR: i32 = 3;
}

/// One ROSE component of a received message, with its BER argument kept as octets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Component {
    /// An invoke: invoke id, local operation value, argument (whole element).
    Invoke {
        /// Invoke id.
        id: i32,
        /// Operation value.
        op: i32,
        /// The argument element, if any.
        arg: Option<Vec<u8>>,
    },
    /// A returnResult for `id`.
    ReturnResult {
        /// Invoke id answered.
        id: i32,
    },
    /// A returnError for `id`.
    ReturnError {
        /// Invoke id answered.
        id: i32,
        /// Error value.
        error: i64,
    },
    /// A reject.
    Reject,
}

/// A Q.931 message libpri sent, as we decoded it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The message octets.
    pub bytes: Vec<u8>,
    /// Call reference as received.
    pub cr: CallReference,
    /// Message type.
    pub mt: MessageType,
    /// Cause value, if a Cause IE came.
    pub cause: Option<u8>,
    /// ROSE components of every Facility IE.
    pub components: Vec<Component>,
}

impl Received {
    fn parse(bytes: &[u8]) -> Received {
        let m = MessageRepr::parse_bytes(bytes).unwrap_or_else(|e| {
            panic!("libpri sent a message we cannot parse: {e:?} {bytes:02x?}")
        });
        let mut components = Vec::new();
        let mut cause = None;
        for ie in &m.ies {
            match ie {
                Ie::Cause(c) => cause = Some(c.value.value()),
                Ie::Facility(f) => {
                    assert_eq!(f.protocol_profile, Facility::NETWORKING_EXTENSIONS);
                    for apdu in rose::apdus(f.components) {
                        let apdu = apdu.unwrap_or_else(|e| {
                            panic!("libpri's facility does not decode: {e:?} {bytes:02x?}")
                        });
                        match apdu {
                            Apdu::Invoke(i) => components.push(Component::Invoke {
                                id: i.invoke_id,
                                op: i.operation.value().expect("local operation") as i32,
                                arg: i.argument.map(|a| a.raw.to_vec()),
                            }),
                            Apdu::ReturnResult(r) => {
                                components.push(Component::ReturnResult { id: r.invoke_id })
                            }
                            Apdu::ReturnError(r) => components.push(Component::ReturnError {
                                id: r.invoke_id,
                                error: r.error.value().unwrap_or(-1),
                            }),
                            Apdu::Reject(_) => components.push(Component::Reject),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Received {
            bytes: bytes.to_vec(),
            cr: m.call_reference,
            mt: m.message_type,
            cause,
            components,
        }
    }

    /// The argument of the first invoke of `op`.
    pub fn invoke(&self, op: i32) -> Option<&[u8]> {
        self.components.iter().find_map(|c| match c {
            Component::Invoke { op: o, arg, .. } if *o == op => arg.as_deref(),
            _ => None,
        })
    }

    /// The invoke id of the first invoke of `op`.
    pub fn invoke_id(&self, op: i32) -> Option<i32> {
        self.components.iter().find_map(|c| match c {
            Component::Invoke { op: o, id, .. } if *o == op => Some(*id),
            _ => None,
        })
    }

    /// The call reference we answer this message with.
    pub fn ours(&self) -> CallReference {
        self.cr.inverted()
    }
}

/// Decodes a typed argument with strowger-q931-qsig and hands it to `f`.
pub fn with_arg<R>(op: i32, arg: &[u8], f: impl FnOnce(ops::Argument<'_>) -> R) -> R {
    let t = ber::parse_one(arg).unwrap_or_else(|e| panic!("op {op}: {e:?}"));
    let a = ops::decode_argument(op, &t)
        .unwrap_or_else(|e| panic!("op {op}: {e:?} in {arg:02x?}"))
        .unwrap_or_else(|| panic!("op {op} is not typed"));
    f(a)
}

/// The text of a presented name.
pub fn name_text(n: &Name<'_>) -> String {
    match n {
        Name::Presented { data, .. } => String::from_utf8_lossy(data).into_owned(),
        other => panic!("no name: {other:?}"),
    }
}

/// The digits of a number presented as allowed.
pub fn allowed_digits(n: &PresentedNumberUnscreened<'_>) -> String {
    match n {
        PresentedNumberUnscreened::Allowed(p) => String::from_utf8_lossy(p.digits()).into_owned(),
        other => panic!("not an allowed number: {other:?}"),
    }
}

/// A simple (not extended) allowed name.
pub fn name(s: &str) -> Name<'_> {
    Name::Presented {
        restricted: false,
        data: s.as_bytes(),
        extended: false,
        character_set: None,
    }
}

/// An invoke to put in a Facility IE: operation and BER argument.
#[derive(Debug, Clone)]
pub struct Op {
    /// Operation value.
    pub op: i32,
    /// The argument element.
    pub arg: Vec<u8>,
}

impl Op {
    /// An invoke of a typed argument.
    pub fn typed(op: i32, a: ops::Argument<'_>) -> Op {
        let mut arg = Vec::new();
        a.emit(&mut arg);
        Op { op, arg }
    }
}

/// The decoded `CallRerouteingArg` (ECMA-174 §6), the fields the test looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRerouteing {
    /// rerouteingReason.
    pub reason: i32,
    /// calledAddress digits.
    pub called: String,
    /// diversionCounter.
    pub counter: i32,
    /// lastRerouteingNr digits, if presentation allowed.
    pub last_rerouteing: Option<String>,
    /// subscriptionOption.
    pub subscription_option: i32,
    /// The Q.931 elements of pSS1InfoElement.
    pub pss1: Vec<u8>,
}

fn expect<'a>(r: &mut ber::Reader<'a>, what: &'static str) -> Tlv<'a> {
    r.expect(what).unwrap_or_else(|e| panic!("{what}: {e:?}"))
}

fn party_digits(t: &Tlv<'_>) -> String {
    let p = PartyNumber::parse(t).unwrap_or_else(|e| panic!("PartyNumber: {e:?}"));
    String::from_utf8_lossy(p.digits()).into_owned()
}

/// The only element inside an explicit tag.
fn inner<'a>(t: &Tlv<'a>) -> Tlv<'a> {
    let mut r = t.children();
    expect(&mut r, "explicit element")
}

impl CallRerouteing {
    /// Decodes the argument (bounded by strowger-q931-qsig's BER reader).
    pub fn parse(arg: &[u8]) -> CallRerouteing {
        let t = ber::parse_one(arg).unwrap();
        assert!(
            t.is(Class::Universal, true, 16),
            "CallRerouteingArg SEQUENCE"
        );
        let mut r = t.children();
        let reason = expect(&mut r, "rerouteingReason").integer().unwrap();
        let mut next = expect(&mut r, "calledAddress");
        if next.is(Class::Context, false, 0) {
            next = expect(&mut r, "calledAddress");
        }
        assert!(next.is(Class::Universal, true, 16), "Address");
        let called = party_digits(&inner(&next));
        let counter = expect(&mut r, "diversionCounter").integer().unwrap();
        let pss1 = expect(&mut r, "pSS1InfoElement");
        assert!(pss1.is(Class::Application, false, 0), "pSS1InfoElement");
        let last = expect(&mut r, "lastRerouteingNr");
        assert!(last.is(Class::Context, true, 1));
        let last_rerouteing = match PresentedNumberUnscreened::parse(&inner(&last)).unwrap() {
            PresentedNumberUnscreened::Allowed(p) => {
                Some(String::from_utf8_lossy(p.digits()).into_owned())
            }
            _ => None,
        };
        let sub = expect(&mut r, "subscriptionOption");
        assert!(sub.is(Class::Context, false, 2));
        let mut calling = false;
        while let Some(x) = r.read().unwrap() {
            calling |= x.is(Class::Context, true, 4);
        }
        assert!(calling, "callingNumber [4] is mandatory");
        CallRerouteing {
            reason,
            called,
            counter,
            last_rerouteing,
            subscription_option: ber::parse_one(sub.raw).unwrap().integer().unwrap(),
            pss1: pss1.value.to_vec(),
        }
    }

    /// Encodes a CallRerouteingArg: reason, to `called`, counter, last rerouting number,
    /// subscription option, calling number (allowed, user-provided not screened), with a
    /// pSS1InfoElement holding a speech bearer capability.
    pub fn encode(
        reason: i32,
        called: &str,
        counter: i32,
        last: &str,
        subscription_option: i32,
        calling: &str,
    ) -> Vec<u8> {
        let mut c = Vec::new();
        write_integer(&mut c, 0x0A, reason);
        let mut addr = Vec::new();
        PartyNumber::Unknown(called.as_bytes()).emit(&mut addr);
        write_tlv(&mut c, 0x30, &addr);
        write_integer(&mut c, 0x02, counter);
        write_tlv(&mut c, 0x40, &[0x04, 0x03, 0x80, 0x90, 0xA2]);
        let mut l = Vec::new();
        PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(last.as_bytes())).emit(&mut l);
        write_tlv(&mut c, 0xA1, &l);
        write_integer(&mut c, 0x82, subscription_option);
        write_tlv(&mut c, 0xA4, &presented_number_screened(calling));
        let mut out = Vec::new();
        write_tlv(&mut out, 0x30, &c);
        out
    }
}

/// `PresentedNumberScreened`: presentationAllowedAddress [0] IMPLICIT NumberScreened with
/// screening userProvidedNotScreened.
fn presented_number_screened(digits: &str) -> Vec<u8> {
    let mut ns = Vec::new();
    PartyNumber::Unknown(digits.as_bytes()).emit(&mut ns);
    write_integer(&mut ns, 0x0A, 0);
    let mut out = Vec::new();
    write_tlv(&mut out, 0xA0, &ns);
    out
}

/// The decoded `CTCompleteArg` (ECMA-178 §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtComplete {
    /// endDesignation: 0 primaryEnd, 1 secondaryEnd.
    pub end_designation: i32,
    /// redirectionNumber digits when presentation is allowed; `None` when restricted.
    pub redirection_number: Option<String>,
    /// redirectionName.
    pub redirection_name: Option<String>,
    /// callStatus: 0 answered (the default), 1 alerting.
    pub call_status: i32,
}

impl CtComplete {
    /// Decodes the argument.
    pub fn parse(arg: &[u8]) -> CtComplete {
        let t = ber::parse_one(arg).unwrap();
        assert!(t.is(Class::Universal, true, 16), "CTCompleteArg SEQUENCE");
        let mut r = t.children();
        let end_designation = expect(&mut r, "endDesignation").integer().unwrap();
        let red = expect(&mut r, "redirectionNumber");
        let redirection_number = match (red.class, red.constructed, red.tag) {
            (Class::Context, true, 0) | (Class::Context, true, 3) => {
                let mut n = red.children();
                Some(party_digits(&expect(&mut n, "partyNumber")))
            }
            (Class::Context, false, 1) | (Class::Context, false, 2) => None,
            _ => panic!("redirectionNumber {red:?}"),
        };
        let mut redirection_name = None;
        let mut call_status = 0;
        while let Some(x) = r.read().unwrap() {
            if x.class == Class::Context && x.tag <= 7 {
                redirection_name = Some(name_text(&Name::parse(&x).unwrap()));
            } else if x.is(Class::Universal, false, 10) {
                call_status = x.integer().unwrap();
            }
        }
        CtComplete {
            end_designation,
            redirection_number,
            redirection_name,
            call_status,
        }
    }

    /// Encodes a CTCompleteArg: primary end, redirection number presented as allowed, name,
    /// call status answered (left out: DEFAULT).
    pub fn encode(number: &str, redirection_name: &str) -> Vec<u8> {
        let mut c = Vec::new();
        write_integer(&mut c, 0x0A, 0);
        c.extend_from_slice(&presented_number_screened(number));
        name(redirection_name).emit(&mut c);
        let mut out = Vec::new();
        write_tlv(&mut out, 0x30, &c);
        out
    }
}

/// The Facility IE contents (after octet 3) for `ops` and `results`: network facility
/// extension endPINX to endPINX, interpretation "discard unrecognised invokes", then the
/// components.
fn components(invokes: &[(i32, &Op)], results: &[i32]) -> Vec<u8> {
    let mut out = Vec::new();
    Apdu::NetworkFacilityExtension {
        source_entity: 0,
        source_address: None,
        destination_entity: 0,
        destination_address: None,
    }
    .emit(&mut out);
    Apdu::Interpretation(0).emit(&mut out);
    for (id, o) in invokes {
        let arg = ber::parse_one(&o.arg).expect("argument is one BER element");
        Apdu::Invoke(Invoke {
            invoke_id: *id,
            linked_id: None,
            operation: Code::Local(o.op),
            argument: Some(arg),
        })
        .emit(&mut out);
    }
    for id in results {
        Apdu::ReturnResult(ReturnResult {
            invoke_id: *id,
            result: None,
        })
        .emit(&mut out);
    }
    out
}

/// What the test asks our end to put in a message.
#[derive(Debug, Clone, Default)]
pub struct Msg<'a> {
    /// B-channel for a Channel identification IE.
    pub channel: Option<u8>,
    /// Cause value.
    pub cause: Option<CauseValue>,
    /// Invokes for a Facility IE.
    pub ops: Vec<Op>,
    /// Invoke ids to answer with returnResult in the Facility IE.
    pub results: Vec<i32>,
    /// Calling party number (SETUP).
    pub calling: Option<&'a str>,
    /// Called party number (SETUP).
    pub called: Option<&'a str>,
    /// A call-independent signalling connection (SETUP).
    pub call_independent: bool,
}

/// One interop run: libpri on one end of the socketpair, our data link and call handling on
/// the other.
pub struct Bench {
    /// libpri.
    pub peer: LibpriQsig,
    sock: UnixDatagram,
    dl: DataLink,
    start: std::time::Instant,
    trace: LapdPcapng,
    frames: usize,
    ours: Vec<usize>,
    /// Which side we are.
    pub we_network: bool,
    /// Every libpri event, in order.
    pub events: Vec<Event>,
    /// Every Q.931 message libpri sent, in order.
    pub received: Vec<Received>,
    /// Every Q.931 message we sent.
    pub sent: Vec<Vec<u8>>,
    next_cr: u16,
    next_invoke: i32,
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
        let side = if we_network {
            Side::Network
        } else {
            Side::User
        };
        let mut b = Bench {
            peer,
            sock,
            dl: DataLink::new(Config::default(), side, Sapi::CALL_CONTROL, Tei::ZERO),
            start: std::time::Instant::now(),
            trace: LapdPcapng::new(we_network),
            frames: 0,
            ours: Vec::new(),
            we_network,
            events: Vec::new(),
            received: Vec::new(),
            sent: Vec::new(),
            next_cr: 1,
            next_invoke: 1,
        };
        let now = b.now();
        b.dl.handle_request(now, DlRequest::Establish).unwrap();
        b.run_until(Duration::from_secs(3), "link up", |b| {
            b.dl.is_established() && b.count(EventKind::DchanUp) == 1
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

    fn pump(&mut self) {
        loop {
            let mut progress = false;
            while let Some(t) = self.dl.poll_transmit() {
                self.record(true, &t.frame);
                self.sock.send(&t.frame).expect("send to libpri");
                progress = true;
            }
            while let Some(e) = self.dl.poll_event() {
                progress = true;
                if let DlIndication::Data(d) = e {
                    self.on_message(&d);
                }
            }
            if !progress {
                break;
            }
        }
    }

    /// What our end does by itself on a message from libpri.
    fn on_message(&mut self, bytes: &[u8]) {
        let r = Received::parse(bytes);
        let cr = r.ours();
        let auto = match r.mt {
            MessageType::DISCONNECT => Some(MessageType::RELEASE),
            MessageType::RELEASE => Some(MessageType::RELEASE_COMPLETE),
            MessageType::CONNECT => Some(MessageType::CONNECT_ACKNOWLEDGE),
            _ => None,
        };
        self.received.push(r);
        if let Some(mt) = auto {
            self.send(cr, mt, Msg::default());
        }
    }

    fn step(&mut self) {
        self.pump();
        let now = self.now();
        let mut wait = Duration::from_millis(5);
        if let Some(t) = self.dl.poll_timeout() {
            wait = wait.min(t.saturating_duration_since(now));
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
        self.pump();
    }

    /// Runs both ends until `done` holds; panics after `limit`.
    pub fn run_until(&mut self, limit: Duration, what: &str, mut done: impl FnMut(&Bench) -> bool) {
        let end = self.start.elapsed() + limit;
        while !done(self) {
            assert!(
                self.start.elapsed() < end,
                "{} side: {what}: not reached in {limit:?}\nlibpri events {:#?}\nreceived {:?}",
                self.who(),
                self.events,
                self.received
                    .iter()
                    .map(|r| (r.cr, r.mt.name(), r.cause, &r.components))
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

    /// Sends a message on `cr` (as we send it: flag clear on calls we originate).
    pub fn send(&mut self, cr: CallReference, mt: MessageType, m: Msg<'_>) {
        let mut invokes = Vec::new();
        for o in &m.ops {
            invokes.push((self.next_invoke, o));
            self.next_invoke += 1;
        }
        let fac = (!invokes.is_empty() || !m.results.is_empty())
            .then(|| components(&invokes, &m.results));
        let chan = m.channel.map(|c| [0x80 | c]);
        let mut msg = MessageRepr::new(cr, mt);
        if mt == MessageType::SETUP {
            msg = msg.with(Ie::BearerCapability(if m.call_independent {
                BearerCapability::call_independent()
            } else {
                BearerCapability::speech_ulaw()
            }));
        }
        if let Some(c) = m.cause {
            msg = msg.with(Ie::Cause(Cause::new(Location::PRIVATE_LOCAL, c)));
        }
        if m.call_independent {
            msg = msg.with(Ie::ChannelIdentification(
                ChannelIdentification::no_channel(),
            ));
        } else if let Some(c) = &chan {
            msg = msg.with(Ie::ChannelIdentification(
                ChannelIdentification::pri_b_channel(c, true),
            ));
        }
        if let Some(f) = &fac {
            msg = msg.with(Ie::Facility(Facility {
                protocol_profile: Facility::NETWORKING_EXTENSIONS,
                components: f,
            }));
        }
        if let Some(c) = m.calling {
            msg = msg.with(Ie::CallingPartyNumber(
                Number::new(TypeOfNumber::UNKNOWN, NumberingPlan::UNKNOWN, c.as_bytes())
                    .with_presentation(Presentation::ALLOWED, Screening::USER_NOT_SCREENED),
            ));
        }
        if let Some(c) = m.called {
            msg = msg.with(Ie::CalledPartyNumber(Number::new(
                TypeOfNumber::UNKNOWN,
                NumberingPlan::UNKNOWN,
                c.as_bytes(),
            )));
        }
        if mt == MessageType::SETUP && !m.call_independent {
            msg = msg.with(Ie::SendingComplete);
        }
        let bytes = msg.to_vec().expect("our message encodes");
        let now = self.now();
        self.dl
            .handle_request(now, DlRequest::Data(&bytes))
            .expect("DL-DATA");
        self.sent.push(bytes);
        self.pump();
    }

    /// Places a call; returns the call reference we use on it.
    pub fn setup(&mut self, m: Msg<'_>) -> CallReference {
        let cr = CallReference::pri(self.next_cr, false).unwrap();
        self.next_cr += 1;
        self.send(cr, MessageType::SETUP, m);
        cr
    }

    /// The invoke id our next invoke will carry.
    pub fn next_invoke_id(&self) -> i32 {
        self.next_invoke
    }

    /// How many libpri events of `kind` came.
    pub fn count(&self, kind: EventKind) -> usize {
        self.events.iter().filter(|e| e.kind == kind).count()
    }

    /// The first libpri event of `kind` (on `call`, if given).
    pub fn event(&self, kind: EventKind, call: Option<CallId>) -> Option<&Event> {
        self.events
            .iter()
            .find(|e| e.kind == kind && (call.is_none() || e.call == call))
    }

    /// Waits for a libpri event of `kind` (on `call`, if given) and returns it.
    pub fn wait_event(&mut self, kind: EventKind, call: Option<CallId>, what: &str) -> Event {
        self.run_until(Duration::from_secs(5), what, |b| {
            b.event(kind, call).is_some()
        });
        self.event(kind, call).unwrap().clone()
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

    /// Waits for a message from libpri that carries an invoke of `op`.
    pub fn wait_invoke(&mut self, op: i32, what: &str) -> Received {
        self.run_until(Duration::from_secs(5), what, |b| {
            b.received.iter().any(|r| r.invoke(op).is_some())
        });
        self.received
            .iter()
            .find(|r| r.invoke(op).is_some())
            .unwrap()
            .clone()
    }

    /// Writes the trace, has tshark decode it, and checks: no malformed packet and no expert
    /// warning or error in any frame, and every operation of `expected_ops` decoded by name
    /// in a frame we sent (`ours`) or libpri sent.
    pub fn finish(mut self, test: &str, ours: &[&str], theirs: &[&str]) {
        self.run_for(Duration::from_millis(50));
        assert_eq!(self.peer.dropped(), 0, "shim event queue overflow");
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
                .output()
                .unwrap();
            assert!(out.status.success(), "tshark: {:?}", out);
            let text = String::from_utf8(out.stdout).unwrap();
            let rows: Vec<&str> = text.lines().collect();
            assert_eq!(rows.len(), self.frames, "{who}: tshark frame count");
            let mut ops_ours = Vec::new();
            let mut ops_theirs = Vec::new();
            let mut q931_ours = 0;
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
                if mine && !cols[3].is_empty() {
                    q931_ours += 1;
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
            assert!(
                q931_ours >= self.sent.len(),
                "{who}: tshark decoded every Q.931 message we sent"
            );
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
