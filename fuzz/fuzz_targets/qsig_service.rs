//! QSIG services layer: `service::read` of Facility IE contents, and the role state machines
//! driven by a sequence of actions decoded from the input — the message centre and served-user
//! `MwiAgent`s wired to each other, the diversion roles (originating, rerouteing, diverted-to
//! PINX and the served user's `Rerouteing`), the transfer roles (`TransferringPinx` and the
//! primary, secondary and new-call `EndPinx`), fed both with what the other roles build and
//! with fuzzer Facility contents, with requests, answers, clearings, message loss and time
//! interleaved.
//!
//! Oracles:
//! - nothing panics;
//! - every Facility IE a role or builder produces reads back with `service::read` without
//!   error, without Rejects to send back and with at least one component;
//! - the reply `read` builds for hostile contents reads back too;
//! - every MWI invoke an agent sends completes exactly once (result, error, reject, timeout or
//!   clearing), with the operation it was sent with, and `MwiAgent::outstanding` agrees.
#![no_main]

use std::collections::VecDeque;
use std::time::Duration;
use strowger_q931_qsig::Instant;

use libfuzzer_sys::arbitrary::{Result as AResult, Unstructured};
use libfuzzer_sys::fuzz_target;
use strowger_q931_qsig::qsig::ops::{Name, PartyNumber, PresentedNumberUnscreened};
use strowger_q931_qsig::qsig::service::diversion::{
    self, DiversionReason, DivertedToPinx, OriginatingPinx, Rerouteing,
};
use strowger_q931_qsig::qsig::service::mwi::{
    InterrogateEntry, MsgCentre, MwiAgent, MwiEvent, MwiIndication, Role,
};
use strowger_q931_qsig::qsig::service::transfer::{
    self, EndEvent, EndPinx, Party, TransferEvent, TransferringPinx,
};
use strowger_q931_qsig::qsig::service::{
    self, names, AddressScreened, Indication, InvokeIds, NameKind, Operation, PresentedScreened,
};
use strowger_q931_qsig::CauseValue;

/// Most actions taken from one input.
const MAX_ACTIONS: usize = 64;
/// Most deliveries between two actions.
const MAX_DELIVERIES: usize = 256;

/// Where a Facility IE goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dest {
    /// MWI agent 0 (message centre) or 1 (served user).
    Mwi(usize),
    /// The rerouteing PINX (receives callRerouteing).
    RerouteingPinx,
    /// The served user's PINX waiting for the callRerouteing answer.
    Rerouteing,
    /// The originating PINX (DLI1, DLI3).
    Originating,
    /// The diverted-to PINX (DLI2).
    DivertedTo,
    /// The transferring PINX, on the primary (false) or secondary (true) call.
    Transferring(bool),
    /// End PINX 0 (primary end), 1 (secondary end) or 2 (new call's end).
    End(usize),
}

const DESTS: [Dest; 10] = [
    Dest::Mwi(0),
    Dest::Mwi(1),
    Dest::RerouteingPinx,
    Dest::Rerouteing,
    Dest::Originating,
    Dest::DivertedTo,
    Dest::Transferring(false),
    Dest::Transferring(true),
    Dest::End(0),
    Dest::End(1),
];

/// `STROWGER_FUZZ_TRACE=1` prints every delivery and MWI event (to check what a seed does).
fn trace() -> bool {
    static T: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *T.get_or_init(|| std::env::var_os("STROWGER_FUZZ_TRACE").is_some())
}

/// A Facility IE a role or builder produced reads back cleanly.
fn built(what: &str, f: &[u8]) {
    let r = service::read(f).unwrap_or_else(|e| panic!("{what} {f:02x?} does not read back: {e}"));
    assert!(
        r.reply.is_none(),
        "{what} {f:02x?} reads back with Rejects: {:02x?}",
        r.reply
    );
    assert!(
        !r.indications.is_empty(),
        "{what} {f:02x?} reads back empty"
    );
}

struct World {
    /// `[message centre, served user]`.
    mwi: [MwiAgent; 2],
    ids: [InvokeIds; 2],
    /// The invokes each agent has outstanding, per the model: `(cis, invoke_id, operation)`.
    sent: [Vec<(u32, i32, i32)>; 2],
    /// Invokes received by each agent that the application may answer: `(cis, invoke_id)`.
    to_answer: [Vec<(u32, i32)>; 2],
    rerouteing: Rerouteing,
    originating: OriginatingPinx,
    diverted_to: DivertedToPinx,
    transferring: TransferringPinx,
    ends: [EndPinx; 3],
    /// Identifiers for the diversion and transfer roles.
    svc_ids: InvokeIds,
    now: Instant,
    queue: VecDeque<(Dest, u32, Vec<u8>)>,
}

impl World {
    fn new() -> Self {
        Self {
            mwi: [
                MwiAgent::new(Role::MessageCentre, MwiAgent::DEFAULT_TIMEOUT),
                MwiAgent::new(Role::ServedUser, MwiAgent::DEFAULT_TIMEOUT),
            ],
            ids: [InvokeIds::new(), InvokeIds::starting_at(100)],
            sent: [Vec::new(), Vec::new()],
            to_answer: [Vec::new(), Vec::new()],
            rerouteing: Rerouteing::new(Rerouteing::DEFAULT_TIMEOUT),
            originating: OriginatingPinx::new(),
            diverted_to: DivertedToPinx::new(),
            transferring: TransferringPinx::new(TransferringPinx::DEFAULT_TIMEOUT),
            ends: [EndPinx::new(), EndPinx::new(), EndPinx::new()],
            svc_ids: InvokeIds::new(),
            now: Instant::ZERO,
            queue: VecDeque::new(),
        }
    }

    /// Queues a Facility IE a role built, after checking it reads back.
    fn send(&mut self, what: &str, dest: Dest, cis: u32, f: Vec<u8>) {
        built(what, &f);
        self.queue.push_back((dest, cis, f));
    }

    /// Drains the MWI agents: their own transmits go to the other agent, their events update
    /// the model and the answer lists.
    fn drain_mwi(&mut self) {
        for a in 0..2 {
            while let Some(t) = self.mwi[a].poll_transmit() {
                let f = t.facility;
                // Rejects the agent relays from `read` are Rejects by design.
                let r = service::read(&f).unwrap_or_else(|e| panic!("MWI transmit {f:02x?}: {e}"));
                assert!(!r.indications.is_empty(), "MWI transmit {f:02x?} empty");
                self.queue.push_back((Dest::Mwi(1 - a), t.cis, f));
            }
            while let Some(e) = self.mwi[a].poll_event() {
                if trace() {
                    eprintln!("MWI agent {a} event {e:?}");
                }
                match e {
                    MwiEvent::Completed {
                        cis,
                        invoke_id,
                        operation,
                        ..
                    } => {
                        let i = self.sent[a]
                            .iter()
                            .position(|&(c, id, _)| c == cis && id == invoke_id)
                            .unwrap_or_else(|| {
                                panic!("agent {a}: invoke {invoke_id} on {cis} completed but not outstanding")
                            });
                        let (_, _, op) = self.sent[a].remove(i);
                        assert_eq!(op, operation, "completed with another operation");
                    }
                    MwiEvent::Activate { cis, invoke_id, .. }
                    | MwiEvent::Deactivate { cis, invoke_id, .. }
                    | MwiEvent::Interrogate { cis, invoke_id, .. } => {
                        if self.to_answer[a].len() < 256 {
                            self.to_answer[a].push((cis, invoke_id));
                        }
                    }
                    _ => {}
                }
            }
            assert_eq!(
                self.mwi[a].outstanding(),
                self.sent[a].len(),
                "agent {a}: outstanding invokes"
            );
        }
    }

    /// Hands received contents to the role at `dest`, which may answer.
    fn deliver(&mut self, u: &mut Unstructured<'_>, dest: Dest, cis: u32, f: &[u8]) {
        let r = service::read(f);
        if trace() {
            eprintln!("to {dest:?} on {cis}: {f:02x?} -> {r:?}");
        }
        let Ok(r) = r else { return };
        if let Some(reply) = &r.reply {
            // The Rejects `read` builds are Facility contents too.
            let back = service::read(reply)
                .unwrap_or_else(|e| panic!("reply {reply:02x?} to {f:02x?}: {e}"));
            assert!(!back.indications.is_empty());
            assert!(back.reply.is_none(), "a reply to a reply");
        }
        // With call completion (ccbsRequest 40, ccnrRequest 27) and an unknown value declared
        // as handled by the caller: the same components, those operations handed back untyped.
        if let Ok(w) = service::read_with(f, &[40, 27, 1000]) {
            assert_eq!(w.header, r.header);
            assert!(w.indications.len() >= r.indications.len());
            if let Some(reply) = &w.reply {
                service::read(reply)
                    .unwrap_or_else(|e| panic!("reply {reply:02x?} to {f:02x?}: {e}"));
            }
        } else {
            panic!("read_with refuses {f:02x?}, which read accepts");
        }
        // Names are read wherever they come.
        let _ = names::events(&r);
        for (_, n) in names::received(&r) {
            let _ = names::display(&n);
        }
        let pick = |u: &mut Unstructured<'_>, n: u8| u.int_in_range(0..=n).unwrap_or(0);
        match dest {
            Dest::Mwi(a) => {
                self.mwi[a].handle_facility(self.now, cis, &r);
                self.drain_mwi();
            }
            Dest::RerouteingPinx => {
                for ind in &r.indications {
                    if let Indication::Invoke {
                        invoke_id,
                        operation: Operation::CallRerouteing(arg),
                        ..
                    } = ind
                    {
                        let answer = match diversion::accept_rerouteing(arg) {
                            Ok(dli2) => {
                                if let Ok(f) = diversion::build_dli2(&mut self.svc_ids, &dli2) {
                                    self.send("DLI2", Dest::DivertedTo, cis, f);
                                }
                                diversion::build_rerouteing_result(*invoke_id)
                            }
                            Err(e) => diversion::build_rerouteing_error(*invoke_id, e),
                        };
                        self.send("callRerouteing answer", Dest::Rerouteing, cis, answer);
                    }
                }
            }
            Dest::Rerouteing => {
                let _ = self.rerouteing.handle(&r);
            }
            Dest::Originating => {
                let _ = self.originating.handle(&r);
                let _ = self.originating.diverted_to();
            }
            Dest::DivertedTo => {
                if let Some(info) = self.diverted_to.handle(&r) {
                    let _ = info.sip_diversion();
                }
                let name = (pick(u, 1) == 0).then(|| names::allowed(b"Carol"));
                if let Ok(Some(f)) = self.diverted_to.dli3(&mut self.svc_ids, true, name) {
                    self.send("DLI3", Dest::Originating, cis, f);
                }
            }
            Dest::Transferring(secondary) => {
                let ev = if secondary {
                    self.transferring
                        .handle_secondary(self.now, &mut self.svc_ids, &r)
                } else {
                    self.transferring.handle_primary(&mut self.svc_ids, &r)
                };
                match ev {
                    Some(TransferEvent::Identified { initiate }) => {
                        self.send("callTransferInitiate", Dest::End(0), cis, initiate);
                    }
                    Some(TransferEvent::RerouteingFailed {
                        abandon: Some(f), ..
                    }) => self.send("callTransferAbandon", Dest::End(1), cis, f),
                    _ => {}
                }
            }
            Dest::End(e) => {
                for ev in self.ends[e].handle(&r) {
                    match ev {
                        EndEvent::IdentifyRequested { invoke_id } => {
                            let id: &[u8] =
                                [&b"12"[..], b"7", b"4321", b""][usize::from(pick(u, 3))];
                            if let Ok(f) = self.ends[e].answer_identify(
                                invoke_id,
                                id,
                                PartyNumber::Unknown(b"300"),
                            ) {
                                self.send(
                                    "callTransferIdentify result",
                                    Dest::Transferring(true),
                                    cis,
                                    f,
                                );
                            }
                        }
                        EndEvent::InitiateRequested {
                            invoke_id,
                            call_identity,
                            ..
                        } => {
                            if let Ok(f) =
                                EndPinx::setup_facility(&mut self.svc_ids, &call_identity)
                            {
                                self.send("callTransferSetup", Dest::End(1), cis, f);
                            }
                            let error = (pick(u, 3) == 0)
                                .then_some(strowger_q931_qsig::qsig::ops::error_code::UNSPECIFIED);
                            let f = EndPinx::answer_initiate(invoke_id, error);
                            self.send(
                                "callTransferInitiate answer",
                                Dest::Transferring(false),
                                cis,
                                f,
                            );
                        }
                        EndEvent::SetupReceived { answer, .. } => {
                            self.send("callTransferSetup answer", Dest::End(0), cis, answer);
                        }
                        _ => {}
                    }
                }
                let _ = self.ends[e].end();
            }
        }
    }

    /// Delivers queued Facility IEs (or loses the front one).
    fn run(&mut self, u: &mut Unstructured<'_>) {
        for _ in 0..MAX_DELIVERIES {
            let Some((dest, cis, f)) = self.queue.pop_front() else {
                return;
            };
            self.deliver(u, dest, cis, &f);
        }
        panic!("no quiescence after {MAX_DELIVERIES} deliveries");
    }

    fn advance(&mut self, to: Instant) {
        self.now = self.now.max(to);
        for a in 0..2 {
            self.mwi[a].handle_timeout(self.now);
        }
        self.drain_mwi();
        let _ = self.rerouteing.handle_timeout(self.now);
        if let Some(TransferEvent::RerouteingFailed {
            abandon: Some(f), ..
        }) = self
            .transferring
            .handle_timeout(self.now, &mut self.svc_ids)
        {
            self.send("callTransferAbandon", Dest::End(1), 0, f);
        }
        // Whatever was due has been handled: the next deadlines lie in the future.
        let next = [
            self.mwi[0].poll_timeout(),
            self.mwi[1].poll_timeout(),
            self.rerouteing.poll_timeout(),
            self.transferring.poll_timeout(),
        ];
        for t in next.into_iter().flatten() {
            assert!(t > self.now, "deadline {t:?} still due at {:?}", self.now);
        }
    }
}

fn digits(u: &mut Unstructured<'_>) -> AResult<Vec<u8>> {
    Ok(match u.int_in_range(0..=5)? {
        0 => b"2000".to_vec(),
        1 => b"5".to_vec(),
        2 => b"12345678901234567890".to_vec(),
        3 => Vec::new(),
        4 => b"123456789012345678901".to_vec(),
        _ => {
            let n = u.int_in_range(0..=24)?;
            u.bytes(n)?.to_vec()
        }
    })
}

fn opt<T>(
    u: &mut Unstructured<'_>,
    f: impl FnOnce(&mut Unstructured<'_>) -> AResult<T>,
) -> AResult<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

fn small_int(u: &mut Unstructured<'_>) -> AResult<i32> {
    Ok(match u.int_in_range(0..=3)? {
        0 => u.int_in_range(0..=9)?,
        1 => u.int_in_range(-1..=100)?,
        2 => u.int_in_range(0..=65_536)?,
        _ => u.arbitrary()?,
    })
}

fn msg_centre(u: &mut Unstructured<'_>) -> AResult<MsgCentre> {
    Ok(match u.int_in_range(0..=2)? {
        0 => MsgCentre::Integer(small_int(u)?),
        1 => MsgCentre::Number(digits(u)?),
        _ => MsgCentre::NumericString(digits(u)?),
    })
}

fn timestamp(u: &mut Unstructured<'_>) -> AResult<Vec<u8>> {
    Ok(match u.int_in_range(0..=2)? {
        0 => b"20261122050000Z".to_vec(),
        1 => b"202611220500".to_vec(),
        _ => {
            let n = u.int_in_range(0..=24)?;
            u.bytes(n)?.to_vec()
        }
    })
}

fn indication(u: &mut Unstructured<'_>) -> AResult<MwiIndication> {
    Ok(MwiIndication {
        served_user: digits(u)?,
        basic_service: small_int(u)?,
        msg_centre: opt(u, msg_centre)?,
        count: opt(u, small_int)?,
        originating: opt(u, digits)?,
        timestamp: opt(u, timestamp)?,
        priority: opt(u, small_int)?,
    })
}

fn entry(u: &mut Unstructured<'_>) -> AResult<InterrogateEntry> {
    Ok(InterrogateEntry {
        basic_service: small_int(u)?,
        msg_centre: opt(u, msg_centre)?,
        count: opt(u, small_int)?,
        originating: opt(u, digits)?,
        timestamp: opt(u, timestamp)?,
        priority: opt(u, small_int)?,
    })
}

/// A name: usually valid, sometimes with empty or over-long data (which builders refuse).
fn name<'a>(u: &mut Unstructured<'a>) -> AResult<Option<Name<'a>>> {
    Ok(match u.int_in_range(0..=4)? {
        0 => None,
        1 => Some(names::allowed(b"Alice")),
        2 => Some(names::restricted(b"Bob")),
        3 => Some(Name::NotAvailable),
        _ => {
            let n = u.int_in_range(0..=60)?;
            Some(Name::Presented {
                restricted: u.arbitrary()?,
                data: u.bytes(n)?,
                extended: u.arbitrary()?,
                character_set: opt(u, |u| u.int_in_range(0..=12))?,
            })
        }
    })
}

fn party<'a: 'b, 'b>(u: &mut Unstructured<'a>, digits: &'b [u8]) -> AResult<Party<'b>> {
    let number = match u.int_in_range(0..=3)? {
        0 => PresentedScreened::Allowed(AddressScreened {
            party_number: PartyNumber::Unknown(digits),
            screening_indicator: u.int_in_range(0..=3)?,
            party_subaddress: None,
        }),
        1 => PresentedScreened::Restricted,
        2 => PresentedScreened::NotAvailableDueToInterworking,
        _ => PresentedScreened::RestrictedAddress(AddressScreened {
            party_number: PartyNumber::Public {
                type_of_number: u.int_in_range(0..=6)?,
                digits,
            },
            screening_indicator: u.int_in_range(0..=3)?,
            party_subaddress: None,
        }),
    };
    Ok(Party {
        number,
        name: name(u)?,
    })
}

fn act(w: &mut World, u: &mut Unstructured<'_>) -> AResult<()> {
    let cis: u32 = u.int_in_range(0..=3)?;
    match u.int_in_range(0..=19)? {
        // MWI requests, from either agent (the wrong role must be refused).
        0..=3 => {
            let a = usize::from(u.ratio(1, 4)?);
            let a = if u.int_in_range(0..=2)? == 2 {
                1 - a
            } else {
                a
            };
            let which = u.int_in_range(0..=2)?;
            let ind = indication(u)?;
            let mut ids = w.ids[a].clone();
            let res = match which {
                0 => w.mwi[a].activate(w.now, &mut ids, cis, &ind),
                1 => w.mwi[a].deactivate(w.now, &mut ids, cis, &ind),
                _ => w.mwi[a].interrogate(w.now, &mut ids, cis, &ind),
            };
            w.ids[a] = ids;
            let allowed = (which == 2) == (a == 1);
            match res {
                Ok(t) => {
                    assert!(
                        allowed,
                        "agent {a} sent operation {which} of the other role"
                    );
                    let f = t.facility;
                    let r = service::read(&f).expect("MWI invoke reads back");
                    let Some(Indication::Invoke {
                        invoke_id,
                        operation,
                        ..
                    }) = r.indications.first()
                    else {
                        panic!("MWI invoke {f:02x?} reads back as {r:?}")
                    };
                    let op = match operation {
                        Operation::MwiActivate(_)
                        | Operation::MwiDeactivate(_)
                        | Operation::MwiInterrogate(_) => operation.value(),
                        other => panic!("MWI invoke reads back as {other:?}"),
                    };
                    built("MWI invoke", &f);
                    w.sent[a].push((t.cis, *invoke_id, op));
                    w.queue.push_back((Dest::Mwi(1 - a), t.cis, f));
                }
                Err(_) => {}
            }
            w.drain_mwi();
        }
        // MWI answers.
        4 | 5 => {
            let a = usize::from(u.arbitrary::<bool>()?);
            if w.to_answer[a].is_empty() {
                return Ok(());
            }
            let i = usize::from(u.arbitrary::<u8>()?) % w.to_answer[a].len();
            let (c, id) = if u.ratio(1, 4)? {
                w.to_answer[a][i]
            } else {
                w.to_answer[a].remove(i)
            };
            let t = match u.int_in_range(0..=2)? {
                0 => w.mwi[a].accept(c, id),
                1 => w.mwi[a].refuse(c, id, small_int(u)?),
                _ => {
                    let n = u.int_in_range(0..=11)?;
                    let mut es = Vec::new();
                    for _ in 0..n {
                        es.push(entry(u)?);
                    }
                    w.mwi[a].answer_interrogate(c, id, &es).ok().flatten()
                }
            };
            if let Some(t) = t {
                w.send("MWI answer", Dest::Mwi(1 - a), t.cis, t.facility);
            }
            w.drain_mwi();
        }
        6 => {
            let a = usize::from(u.arbitrary::<bool>()?);
            let cause = CauseValue::new(u.int_in_range(1..=127)?).expect("7 bits");
            w.mwi[a].handle_cleared(w.now, cis, cause);
            w.drain_mwi();
        }
        7 => {
            let a = usize::from(u.arbitrary::<bool>()?);
            let to: u32 = u.int_in_range(0..=3)?;
            w.mwi[a].rename_cis(cis, to);
            for s in &mut w.sent[a] {
                if s.0 == cis {
                    s.0 = to;
                }
            }
            for r in &mut w.to_answer[a] {
                if r.0 == cis {
                    r.0 = to;
                }
            }
        }
        // Time.
        8 | 9 => {
            let ms: u64 = u.int_in_range(0..=60_000)?;
            let to = w.now + Duration::from_millis(ms);
            w.advance(to);
        }
        // Diversion.
        10 => {
            let reason = DiversionReason::from_value(u.int_in_range(0..=4)?);
            let d = digits(u)?;
            let f = diversion::build_dli1(
                &mut w.svc_ids,
                reason,
                u.int_in_range(0..=3)?,
                PartyNumber::Unknown(&d),
            );
            // The builder refuses exactly the numbers the decoder refuses (over 20 digits).
            assert_eq!(f.is_err(), d.len() > 20, "DLI1 builder bound");
            if let (Ok(f), false) = (f, d.is_empty()) {
                w.send("DLI1", Dest::Originating, cis, f);
            }
        }
        11 => {
            let n = name(u)?;
            if let Ok(f) = diversion::build_dli3(&mut w.svc_ids, u.arbitrary()?, n) {
                w.send("DLI3", Dest::Originating, cis, f);
            }
        }
        // Transfer.
        12 => {
            let (d1, d2) = (digits(u)?, digits(u)?);
            let p = party(u, &d1)?;
            let s = party(u, &d2)?;
            if let Ok(j) = w.transferring.join(&mut w.svc_ids, &p, &s, u.arbitrary()?) {
                w.send("callTransferComplete", Dest::End(0), cis, j.primary);
                w.send("callTransferComplete", Dest::End(1), cis, j.secondary);
            }
        }
        13 => {
            let d = digits(u)?;
            let p = party(u, &d)?;
            if let Ok(Some(f)) = w.transferring.secondary_answered(&mut w.svc_ids, &p) {
                w.send("callTransferActive", Dest::End(0), cis, f);
            }
            if let Ok(f) = transfer::build_update(&mut w.svc_ids, &p) {
                w.send("callTransferUpdate", Dest::End(1), cis, f);
            }
        }
        14 => {
            if let Ok(f) = w.transferring.identify(w.now, &mut w.svc_ids) {
                w.send("callTransferIdentify", Dest::End(1), cis, f);
            }
        }
        15 => {
            let kind = *u.choose(&[
                NameKind::Calling,
                NameKind::Called,
                NameKind::Connected,
                NameKind::Busy,
            ])?;
            let n = name(u)?.unwrap_or(Name::RestrictedNull);
            if let Ok(f) = names::build(&mut w.svc_ids, kind, &n) {
                let dest = *u.choose(&DESTS)?;
                w.send("name", dest, cis, f);
            }
        }
        // Loss.
        16 => {
            let _ = w.queue.pop_front();
        }
        // Hostile Facility contents, to any role; a callRerouteing in them is also requested
        // by the served user's PINX.
        _ => {
            let n = u.int_in_range(0..=200)?;
            let f = u.bytes(n)?.to_vec();
            let dest = *u.choose(&DESTS)?;
            if let Ok(r) = service::read(&f) {
                let reroute = r.indications.iter().find_map(|i| match i {
                    Indication::Invoke {
                        operation: Operation::CallRerouteing(a),
                        ..
                    } => Some(*a),
                    _ => None,
                });
                if let Some(arg) = reroute {
                    if let Ok(req) = w.rerouteing.request(w.now, &mut w.svc_ids, &arg) {
                        w.send("callRerouteing", Dest::RerouteingPinx, cis, req);
                    }
                    if let PresentedNumberUnscreened::Allowed(p) = arg.last_rerouteing_nr {
                        let _ = p.digits();
                    }
                }
            }
            w.deliver(u, dest, cis, &f);
        }
    }
    w.run(u);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut w = World::new();
    for _ in 0..MAX_ACTIONS {
        if u.is_empty() || act(&mut w, &mut u).is_err() {
            break;
        }
    }
    // Every invoke still outstanding ends once its supervision expires.
    let mut end = Unstructured::new(&[]);
    w.run(&mut end);
    w.advance(w.now + Duration::from_secs(3_600));
    w.run(&mut end);
    for a in 0..2 {
        assert!(
            w.sent[a].is_empty(),
            "agent {a}: invokes never completed: {:?}",
            w.sent[a]
        );
        assert_eq!(w.mwi[a].outstanding(), 0);
        assert_eq!(w.mwi[a].poll_timeout(), None);
    }
    let _ = w.rerouteing.outcome();
    let _ = (w.transferring.is_done(), w.transferring.has_failed());
});
