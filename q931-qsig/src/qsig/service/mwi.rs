//! Message waiting indication (ECMA-242) for the served user's PINX and for the message
//! centre, sending and receiving, over call-independent signalling connections (CIS,
//! ECMA-165 §7.3).
//!
//! Each invoke travels in the SETUP of its own CIS ([`crate::call::Setup::call_independent`]:
//! bearer capability `a8 80`, channel identification `ac`); the answer comes back
//! in the CONNECT, RELEASE or RELEASE COMPLETE of that connection. [`MwiAgent`] tracks the
//! invokes it sent by the caller's connection handle (e.g. the call reference) and invoke
//! identifier, with a supervision timeout, and tells which message each Facility IE goes into
//! ([`CisStep`]). It is sans-IO: time is a [`crate::Instant`] on the caller's clock; after each
//! `handle_*` drain [`MwiAgent::poll_event`], then wait until [`MwiAgent::poll_timeout`].
//!
//! | role | sends | receives |
//! |---|---|---|
//! | message centre | mwiActivate, mwiDeactivate; the mwiInterrogate answer | their results / errors; mwiInterrogate |
//! | served user | mwiInterrogate; the activate/deactivate answers | its result / error; mwiActivate, mwiDeactivate |
//!
//! ```
//! use strowger_q931_qsig::Instant;
//! use strowger_q931_qsig::qsig::service::{self, InvokeIds, Outcome};
//! use strowger_q931_qsig::qsig::service::mwi::{CisStep, MwiAgent, MwiEvent, MwiIndication, Role};
//!
//! let now = Instant::from_millis(1000);
//! let mut mc = MwiAgent::new(Role::MessageCentre, MwiAgent::DEFAULT_TIMEOUT);
//! let mut su = MwiAgent::new(Role::ServedUser, MwiAgent::DEFAULT_TIMEOUT);
//! let ind = MwiIndication {
//!     served_user: b"2000".to_vec(), basic_service: 1, msg_centre: None,
//!     count: Some(2), originating: None, timestamp: None, priority: None,
//! };
//! // The message centre opens CIS 5 with a SETUP carrying this Facility IE.
//! let setup = mc.activate(now, &mut InvokeIds::new(), 5, &ind).unwrap();
//! assert_eq!(setup.step, CisStep::Setup);
//! // The served user's PINX reads it, then drains its events.
//! su.handle_facility(now, 5, &service::read(&setup.facility).unwrap());
//! while let Some(ev) = su.poll_event() {
//!     if let MwiEvent::Activate { cis, invoke_id, indication } = ev {
//!         assert_eq!(indication.count, Some(2)); // light the lamp
//!         let answer = su.accept(cis, invoke_id).unwrap();
//!         assert_eq!(answer.step, CisStep::ReleaseComplete);
//!         mc.handle_facility(now, cis, &service::read(&answer.facility).unwrap());
//!     }
//! }
//! assert!(matches!(mc.poll_event(), Some(MwiEvent::Completed { outcome: Outcome::Result(_), .. })));
//! assert_eq!(mc.poll_timeout(), None); // nothing outstanding
//! ```

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::time::Duration;

use crate::Instant;

use super::{
    build_error, build_invoke, build_result, error_code, op, Indication, Interpretation, InvokeIds,
    Operation, Outcome, Received,
};
use crate::qsig::arguments::MwiInterrogateResElt;
use crate::qsig::arguments::MAX_MWI_INTERROGATE_RESULTS;
use crate::qsig::ber::{parse_one, Tlv};
use crate::qsig::ops::{MsgCentreId, MwiArg, PartyNumber};
use crate::wire::CauseValue;
use crate::{EmitError, ParseError};

/// Which message of the call-independent connection carries a Facility IE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CisStep {
    /// The SETUP that opens the connection (invokes).
    Setup,
    /// The CONNECT answering it (an answer when the connection is kept).
    Connect,
    /// A RELEASE clearing an established connection (an answer that ends it).
    Release,
    /// The RELEASE COMPLETE answering the SETUP directly: an answer that ends the connection
    /// at once, cause #16 normal clearing. This agent answers this way.
    ReleaseComplete,
}

/// One Facility IE for the call-control layer to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// The caller's handle of the connection.
    pub cis: u32,
    /// The message to put it in.
    pub step: CisStep,
    /// The Facility IE contents.
    pub facility: Vec<u8>,
}

/// A message centre identity, owned (`MsgCentreId`; a party number keeps only its digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MsgCentre {
    /// `integer [0]` (0–65535).
    Integer(i32),
    /// `partyNumber [1]`, sent as an unknown-type party number.
    Number(Vec<u8>),
    /// `numericString [2]` (1–10 digits).
    NumericString(Vec<u8>),
}

impl MsgCentre {
    fn from_id(m: &MsgCentreId<'_>) -> Self {
        match m {
            MsgCentreId::Integer(v) => Self::Integer(*v),
            MsgCentreId::PartyNumber(p) => Self::Number(p.digits().to_vec()),
            MsgCentreId::NumericString(s) => Self::NumericString(s.to_vec()),
        }
    }
    fn as_id(&self) -> MsgCentreId<'_> {
        match self {
            Self::Integer(v) => MsgCentreId::Integer(*v),
            Self::Number(d) => MsgCentreId::PartyNumber(PartyNumber::Unknown(d)),
            Self::NumericString(s) => MsgCentreId::NumericString(s),
        }
    }
}

/// What a message waiting invoke says, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MwiIndication {
    /// The served user's number digits.
    pub served_user: Vec<u8>,
    /// `basicService` (1 speech, 0 all services…).
    pub basic_service: i32,
    /// The message centre.
    pub msg_centre: Option<MsgCentre>,
    /// Number of messages waiting (activate).
    pub count: Option<i32>,
    /// Who left the last message (activate).
    pub originating: Option<Vec<u8>>,
    /// `GeneralizedTime` of the last message (activate).
    pub timestamp: Option<Vec<u8>>,
    /// Priority 0–9 (activate).
    pub priority: Option<i32>,
}

impl MwiIndication {
    fn from_arg(a: &MwiArg<'_>) -> Self {
        Self {
            served_user: a.served_user_nr.digits().to_vec(),
            basic_service: a.basic_service,
            msg_centre: a.msg_centre_id.as_ref().map(MsgCentre::from_id),
            count: a.nb_of_messages,
            originating: a.originating_nr.map(|p| p.digits().to_vec()),
            timestamp: a.timestamp.map(<[u8]>::to_vec),
            priority: a.priority,
        }
    }

    /// The ECMA-242 argument (numbers as unknown-type party numbers; for deactivate and
    /// interrogate the activate-only fields are left out).
    #[must_use]
    pub fn arg(&self, operation: i32) -> MwiArg<'_> {
        let activate = operation == op::MWI_ACTIVATE;
        MwiArg {
            served_user_nr: PartyNumber::Unknown(&self.served_user),
            basic_service: self.basic_service,
            msg_centre_id: self.msg_centre.as_ref().map(MsgCentre::as_id),
            nb_of_messages: self.count.filter(|_| activate),
            originating_nr: self
                .originating
                .as_deref()
                .filter(|_| activate)
                .map(PartyNumber::Unknown),
            timestamp: self.timestamp.as_deref().filter(|_| activate),
            priority: self.priority.filter(|_| activate),
            extension: None,
        }
    }
}

/// One `MWIInterrogateResElt`: the waiting messages for one basic service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterrogateEntry {
    /// `basicService`.
    pub basic_service: i32,
    /// `msgCentreId`.
    pub msg_centre: Option<MsgCentre>,
    /// `nbOfMessages [3]`.
    pub count: Option<i32>,
    /// `originatingNr [4]` digits.
    pub originating: Option<Vec<u8>>,
    /// `timestamp`.
    pub timestamp: Option<Vec<u8>>,
    /// `priority [5]`.
    pub priority: Option<i32>,
}

impl InterrogateEntry {
    fn from_elt(e: &MwiInterrogateResElt<'_>) -> Self {
        Self {
            basic_service: e.basic_service,
            msg_centre: e.msg_centre_id.as_ref().map(MsgCentre::from_id),
            count: e.nb_of_messages,
            originating: e.originating_nr.map(|p| p.digits().to_vec()),
            timestamp: e.timestamp.map(<[u8]>::to_vec),
            priority: e.priority,
        }
    }

    fn as_elt(&self) -> MwiInterrogateResElt<'_> {
        MwiInterrogateResElt {
            basic_service: self.basic_service,
            msg_centre_id: self.msg_centre.as_ref().map(MsgCentre::as_id),
            nb_of_messages: self.count,
            originating_nr: self.originating.as_deref().map(PartyNumber::Unknown),
            timestamp: self.timestamp.as_deref(),
            priority: self.priority,
            extension: None,
        }
    }
}

/// Encodes `MWIInterrogateRes` (1–10 entries).
pub fn encode_interrogate_result(entries: &[InterrogateEntry]) -> Result<Vec<u8>, EmitError> {
    if entries.is_empty() || entries.len() > MAX_MWI_INTERROGATE_RESULTS {
        return Err(EmitError::Unencodable("MWIInterrogateRes size (1..10)"));
    }
    let elts: Vec<_> = entries.iter().map(InterrogateEntry::as_elt).collect();
    let mut out = Vec::new();
    MwiInterrogateResElt::emit_list(&elts, &mut out);
    parse_one(&out)
        .and_then(|t| MwiInterrogateResElt::parse_list(&t))
        .map_err(|_| EmitError::Unencodable("MWIInterrogateRes field out of range"))?;
    Ok(out)
}

/// Decodes `MWIInterrogateRes`.
pub fn decode_interrogate_result(t: &Tlv<'_>) -> Result<Vec<InterrogateEntry>, ParseError> {
    Ok(MwiInterrogateResElt::parse_list(t)?
        .iter()
        .map(InterrogateEntry::from_elt)
        .collect())
}

/// Which side of ECMA-242 this agent plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The message centre: activates and deactivates, answers interrogations.
    MessageCentre,
    /// The served user's PINX: receives indications, interrogates.
    ServedUser,
}

/// What the agent reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MwiEvent {
    /// (Served user) messages are waiting. Answer with [`MwiAgent::accept`] or
    /// [`MwiAgent::refuse`].
    Activate {
        /// The connection it came on.
        cis: u32,
        /// The invoke to answer.
        invoke_id: i32,
        /// What it says.
        indication: MwiIndication,
    },
    /// (Served user) no more messages are waiting. Answer as for `Activate`.
    Deactivate {
        /// The connection.
        cis: u32,
        /// The invoke to answer.
        invoke_id: i32,
        /// What it says.
        indication: MwiIndication,
    },
    /// (Message centre) the served user asks what is waiting. Answer with
    /// [`MwiAgent::answer_interrogate`] or [`MwiAgent::refuse`].
    Interrogate {
        /// The connection.
        cis: u32,
        /// The invoke to answer.
        invoke_id: i32,
        /// Served user, basic service and message centre asked about.
        indication: MwiIndication,
    },
    /// An invoke this agent sent ended.
    Completed {
        /// The connection.
        cis: u32,
        /// The invoke identifier.
        invoke_id: i32,
        /// The operation (80, 81, 82).
        operation: i32,
        /// How it ended.
        outcome: Outcome,
        /// For a successful mwiInterrogate, the entries.
        entries: Vec<InterrogateEntry>,
    },
    /// An answer for an unknown invoke, or an invoke this role does not serve, arrived; the
    /// agent answered it with a returnError / Reject when one was due (see
    /// [`MwiAgent::poll_transmit`]).
    Unexpected {
        /// The connection.
        cis: u32,
        /// The invoke identifier concerned.
        invoke_id: Option<i32>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Sent {
    cis: u32,
    invoke_id: i32,
    operation: i32,
    deadline: Instant,
}

/// The ECMA-242 state machine of one PINX (one per D-channel, any number of connections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MwiAgent {
    role: Role,
    timeout: Duration,
    answer_step: CisStep,
    sent: Vec<Sent>,
    received: Vec<(u32, i32, i32)>,
    events: VecDeque<MwiEvent>,
    transmits: VecDeque<Transmit>,
}

impl MwiAgent {
    /// Default supervision of an answer (a local choice: ECMA-242 leaves it to the
    /// implementation).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// Most invokes outstanding in each direction; more requests are refused.
    pub const MAX_OUTSTANDING: usize = 64;

    /// An agent in `role` whose invokes time out after `timeout`.
    #[must_use]
    pub fn new(role: Role, timeout: Duration) -> Self {
        Self {
            role,
            timeout,
            answer_step: CisStep::ReleaseComplete,
            sent: Vec::new(),
            received: Vec::new(),
            events: VecDeque::new(),
            transmits: VecDeque::new(),
        }
    }

    /// Answers received invokes in `step` instead of RELEASE COMPLETE (e.g.
    /// [`CisStep::Connect`] to keep the connection for further operations). A
    /// [`CisStep::Setup`] is ignored: answers never open a connection.
    #[must_use]
    pub fn with_answer_step(mut self, step: CisStep) -> Self {
        if step != CisStep::Setup {
            self.answer_step = step;
        }
        self
    }

    /// The agent's role.
    #[must_use]
    pub fn role(&self) -> Role {
        self.role
    }

    /// Number of invokes waiting for an answer.
    #[must_use]
    pub fn outstanding(&self) -> usize {
        self.sent.len()
    }

    fn invoke(
        &mut self,
        now: Instant,
        ids: &mut InvokeIds,
        cis: u32,
        operation: i32,
        ind: &MwiIndication,
    ) -> Result<Transmit, EmitError> {
        if self.sent.len() >= Self::MAX_OUTSTANDING {
            return Err(EmitError::Refused("too many outstanding MWI invokes"));
        }
        let sent = &self.sent;
        let invoke_id = ids
            .next_free(|id| sent.iter().any(|s| s.invoke_id == id))
            .ok_or(EmitError::Refused("no free invoke identifier"))?;
        let mut arg = Vec::new();
        ind.arg(operation).emit(&mut arg);
        // Out-of-range fields (digits, timestamp or numeric string sizes) would make the peer
        // reject the invoke as mistyped: refuse them here instead.
        parse_one(&arg)
            .and_then(|t| MwiArg::parse(operation, &t))
            .map_err(|_| EmitError::Unencodable("MWI argument field out of range"))?;
        self.sent.push(Sent {
            cis,
            invoke_id,
            operation,
            deadline: now + self.timeout,
        });
        Ok(Transmit {
            cis,
            step: CisStep::Setup,
            facility: build_invoke(Interpretation::Discard, invoke_id, operation, arg),
        })
    }

    /// (Message centre) indicates waiting messages: the Facility IE for the SETUP of a new CIS
    /// `cis`.
    pub fn activate(
        &mut self,
        now: Instant,
        ids: &mut InvokeIds,
        cis: u32,
        ind: &MwiIndication,
    ) -> Result<Transmit, EmitError> {
        self.require(Role::MessageCentre)?;
        self.invoke(now, ids, cis, op::MWI_ACTIVATE, ind)
    }

    /// (Message centre) withdraws the indication.
    pub fn deactivate(
        &mut self,
        now: Instant,
        ids: &mut InvokeIds,
        cis: u32,
        ind: &MwiIndication,
    ) -> Result<Transmit, EmitError> {
        self.require(Role::MessageCentre)?;
        self.invoke(now, ids, cis, op::MWI_DEACTIVATE, ind)
    }

    /// (Served user) asks the message centre what is waiting.
    pub fn interrogate(
        &mut self,
        now: Instant,
        ids: &mut InvokeIds,
        cis: u32,
        ind: &MwiIndication,
    ) -> Result<Transmit, EmitError> {
        self.require(Role::ServedUser)?;
        self.invoke(now, ids, cis, op::MWI_INTERROGATE, ind)
    }

    fn require(&self, role: Role) -> Result<(), EmitError> {
        if self.role == role {
            Ok(())
        } else {
            Err(EmitError::Refused("operation of the other MWI role"))
        }
    }

    fn take_received(&mut self, cis: u32, invoke_id: i32) -> Option<i32> {
        let i = self
            .received
            .iter()
            .position(|&(c, id, _)| c == cis && id == invoke_id)?;
        Some(self.received.remove(i).2)
    }

    fn answer(&mut self, cis: u32, facility: Vec<u8>) -> Transmit {
        Transmit {
            cis,
            step: self.answer_step,
            facility,
        }
    }

    /// (Served user) accepts a received activate or deactivate: the returnResult (NULL) for
    /// the RELEASE COMPLETE of `cis`. `None` if that invoke is not waiting for an answer.
    pub fn accept(&mut self, cis: u32, invoke_id: i32) -> Option<Transmit> {
        let operation = self.take_received(cis, invoke_id)?;
        if operation == op::MWI_INTERROGATE {
            self.received.push((cis, invoke_id, operation));
            return None;
        }
        let ie = build_result(invoke_id, Some((operation, super::NULL.to_vec())));
        Some(self.answer(cis, ie))
    }

    /// Refuses a received invoke with `error` (e.g. [`error_code::INVALID_MSG_CENTRE_ID`],
    /// [`error_code::INVALID_SERVED_USER_NR`], [`error_code::NOT_AVAILABLE`]).
    pub fn refuse(&mut self, cis: u32, invoke_id: i32, error: i32) -> Option<Transmit> {
        self.take_received(cis, invoke_id)?;
        Some(self.answer(cis, build_error(invoke_id, error, None)))
    }

    /// (Message centre) answers an interrogation with 1–10 entries.
    pub fn answer_interrogate(
        &mut self,
        cis: u32,
        invoke_id: i32,
        entries: &[InterrogateEntry],
    ) -> Result<Option<Transmit>, EmitError> {
        let res = encode_interrogate_result(entries)?;
        match self.take_received(cis, invoke_id) {
            Some(op::MWI_INTERROGATE) => Ok(Some(self.answer(
                cis,
                build_result(invoke_id, Some((op::MWI_INTERROGATE, res))),
            ))),
            Some(other) => {
                self.received.push((cis, invoke_id, other));
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// Moves everything recorded under connection handle `from` to `to`: for a caller that
    /// learns the connection's final handle (e.g. the call id returned by the call-control
    /// layer) only after the invoke for its SETUP was built.
    pub fn rename_cis(&mut self, from: u32, to: u32) {
        for s in &mut self.sent {
            if s.cis == from {
                s.cis = to;
            }
        }
        for r in &mut self.received {
            if r.0 == from {
                r.0 = to;
            }
        }
    }

    /// Consumes what arrived on connection `cis` (any message's Facility IE).
    pub fn handle_facility(&mut self, now: Instant, cis: u32, received: &Received<'_>) {
        let _ = now;
        if let Some(reply) = &received.reply {
            let t = self.answer(cis, reply.clone());
            self.transmits.push_back(t);
        }
        for ind in &received.indications {
            match *ind {
                Indication::Invoke {
                    invoke_id,
                    operation,
                    ..
                } => {
                    let (opv, arg, mine) = match operation {
                        Operation::MwiActivate(a) => {
                            (op::MWI_ACTIVATE, a, self.role == Role::ServedUser)
                        }
                        Operation::MwiDeactivate(a) => {
                            (op::MWI_DEACTIVATE, a, self.role == Role::ServedUser)
                        }
                        Operation::MwiInterrogate(a) => {
                            (op::MWI_INTERROGATE, a, self.role == Role::MessageCentre)
                        }
                        _ => continue,
                    };
                    if !mine || self.received.len() >= Self::MAX_OUTSTANDING {
                        let facility = build_error(invoke_id, error_code::NOT_AVAILABLE, None);
                        let t = self.answer(cis, facility);
                        self.transmits.push_back(t);
                        self.events.push_back(MwiEvent::Unexpected {
                            cis,
                            invoke_id: Some(invoke_id),
                        });
                        continue;
                    }
                    self.received.push((cis, invoke_id, opv));
                    let indication = MwiIndication::from_arg(&arg);
                    self.events.push_back(match opv {
                        op::MWI_ACTIVATE => MwiEvent::Activate {
                            cis,
                            invoke_id,
                            indication,
                        },
                        op::MWI_DEACTIVATE => MwiEvent::Deactivate {
                            cis,
                            invoke_id,
                            indication,
                        },
                        _ => MwiEvent::Interrogate {
                            cis,
                            invoke_id,
                            indication,
                        },
                    });
                }
                Indication::Result { invoke_id, result } => {
                    let Some(s) = self.take_sent(cis, invoke_id) else {
                        self.unexpected(cis, Some(invoke_id));
                        continue;
                    };
                    let mut entries = Vec::new();
                    let mut outcome = Outcome::Result(result.map(|(_, t)| t.raw.to_vec()));
                    if s.operation == op::MWI_INTERROGATE {
                        match result.map(|(_, t)| decode_interrogate_result(&t)) {
                            Some(Ok(e)) => entries = e,
                            _ => outcome = Outcome::Rejected(super::Problem::ReturnResult(2)),
                        }
                    }
                    self.completed(s, outcome, entries);
                }
                Indication::Error {
                    invoke_id,
                    error,
                    parameter,
                } => match self.take_sent(cis, invoke_id) {
                    Some(s) => self.completed(
                        s,
                        Outcome::Error(error, parameter.map(|p| p.raw.to_vec())),
                        Vec::new(),
                    ),
                    None => self.unexpected(cis, Some(invoke_id)),
                },
                Indication::Reject { invoke_id, problem } => {
                    match invoke_id.and_then(|id| self.take_sent(cis, id)) {
                        Some(s) => self.completed(s, Outcome::Rejected(problem), Vec::new()),
                        None => self.unexpected(cis, invoke_id),
                    }
                }
            }
        }
    }

    /// The connection `cis` was cleared with `cause`: its unanswered invokes end with
    /// [`Outcome::Cleared`], and invokes received on it can no longer be answered.
    pub fn handle_cleared(&mut self, now: Instant, cis: u32, cause: CauseValue) {
        let _ = now;
        self.received.retain(|r| r.0 != cis);
        while let Some(i) = self.sent.iter().position(|s| s.cis == cis) {
            let s = self.sent.remove(i);
            self.completed(s, Outcome::Cleared(cause), Vec::new());
        }
    }

    /// Ends the invokes whose deadline has passed with [`Outcome::TimedOut`].
    pub fn handle_timeout(&mut self, now: Instant) {
        while let Some(i) = self.sent.iter().position(|s| s.deadline <= now) {
            let s = self.sent.remove(i);
            self.completed(s, Outcome::TimedOut, Vec::new());
        }
    }

    /// The next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<MwiEvent> {
        self.events.pop_front()
    }

    /// The next Facility IE the agent itself produced (Rejects, errors for invokes this role
    /// does not serve).
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// When to call [`Self::handle_timeout`].
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.sent.iter().map(|s| s.deadline).min()
    }

    fn take_sent(&mut self, cis: u32, invoke_id: i32) -> Option<Sent> {
        let i = self
            .sent
            .iter()
            .position(|s| s.cis == cis && s.invoke_id == invoke_id)?;
        Some(self.sent.remove(i))
    }

    fn completed(&mut self, s: Sent, outcome: Outcome, entries: Vec<InterrogateEntry>) {
        self.events.push_back(MwiEvent::Completed {
            cis: s.cis,
            invoke_id: s.invoke_id,
            operation: s.operation,
            outcome,
            entries,
        });
    }

    fn unexpected(&mut self, cis: u32, invoke_id: Option<i32>) {
        self.events
            .push_back(MwiEvent::Unexpected { cis, invoke_id });
    }
}
