//! Call transfer (ECMA-178): by join and by rerouteing.
//!
//! * **Transferring PINX** ([`TransferringPinx`]): holds the primary call (to the primary end)
//!   and the secondary call (to the secondary end). By join it sends callTransferComplete on
//!   both and, when the secondary end was still alerting and answers, callTransferActive on the
//!   primary call. By rerouteing it sends callTransferIdentify on the secondary call, then
//!   callTransferInitiate (call identity and rerouteing number) on the primary call, and clears
//!   both once the primary end reports success; callTransferAbandon withdraws an identity.
//! * **End PINX** ([`EndPinx`], one per call): consumes callTransferComplete / Active / Update
//!   into [`EndEvent`]s (the new remote party, e.g. for a SIP re-INVITE or UPDATE with a new
//!   P-Asserted-Identity), answers callTransferIdentify, carries callTransferSetup in the
//!   SETUP of the new call and answers it, and answers callTransferInitiate.
//!
//! Interpretation APDU 2 ("reject") on every invoke, as libpri sends callTransferComplete.
//!
//! `callStatus` in a join: the primary end is told "alerting" while the secondary end has not
//! answered; the secondary end is told "answered", its new partner being in an active call.
//! libpri, in the captured transfer, sent "alerting" to both ends; [`build_complete`] builds
//! either form for a caller that needs another policy.

use alloc::vec::Vec;
use core::time::Duration;

use crate::Instant;

use super::{
    build_error, build_invoke, build_result, error_code, op, Indication, Interpretation, InvokeIds,
    Operation, Outcome, PendingInvokes, PresentedScreened, Received,
};
use crate::qsig::arguments::{CallIdentityArg, CtActiveArg, CtCompleteArg, CtUpdateArg};
use crate::qsig::ops::{Name, PartyNumber};
use crate::EmitError;

fn check_identity(id: &[u8]) -> Result<(), EmitError> {
    if id.is_empty() || id.len() > 4 || !id.iter().all(u8::is_ascii_digit) {
        return Err(EmitError::Unencodable("CallIdentity (1..4 digits)"));
    }
    Ok(())
}

/// `EndDesignation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndDesignation {
    /// `primaryEnd (0)`.
    Primary,
    /// `secondaryEnd (1)`.
    Secondary,
}

impl EndDesignation {
    /// The encoded value.
    #[must_use]
    pub fn value(self) -> i32 {
        match self {
            Self::Primary => 0,
            Self::Secondary => 1,
        }
    }
    /// The designation for an encoded value.
    #[must_use]
    pub fn from_value(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::Primary),
            1 => Some(Self::Secondary),
            _ => None,
        }
    }
}

/// `CallStatus` of callTransferComplete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallStatus {
    /// `answered (0)`, the default.
    Answered,
    /// `alerting (1)`: the other end has not answered yet.
    Alerting,
}

impl CallStatus {
    /// The status of a decoded `callStatus` (absent means answered; unknown values read as
    /// answered).
    #[must_use]
    pub fn from_field(v: Option<i32>) -> Self {
        if v == Some(1) {
            Self::Alerting
        } else {
            Self::Answered
        }
    }
    /// The field to encode: sent when alerting (as libpri does), left out when answered, its
    /// default.
    #[must_use]
    pub fn field(self) -> Option<i32> {
        match self {
            Self::Answered => None,
            Self::Alerting => Some(1),
        }
    }
}

/// A party as the transfer operations present it: number and optional name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Party<'a> {
    /// The number with its presentation and screening.
    pub number: PresentedScreened<'a>,
    /// The name.
    pub name: Option<Name<'a>>,
}

/// A remote party after a transfer, owned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RemoteParty {
    /// Number digits when presentation is allowed.
    pub number: Option<Vec<u8>>,
    /// Name when presentation is allowed.
    pub name: Option<Vec<u8>>,
}

impl RemoteParty {
    fn new(number: &PresentedScreened<'_>, name: Option<&Name<'_>>) -> Self {
        let number = match number {
            PresentedScreened::Allowed(a) => Some(a.party_number.digits().to_vec()),
            _ => None,
        };
        Self {
            number,
            name: name.and_then(super::names::display).map(<[u8]>::to_vec),
        }
    }
}

fn invoke_ie(invoke_id: i32, operation: i32, arg: Vec<u8>) -> Vec<u8> {
    build_invoke(Interpretation::Reject, invoke_id, operation, arg)
}

fn check_party(p: &Party<'_>) -> Result<(), EmitError> {
    if let PresentedScreened::Allowed(a) | PresentedScreened::RestrictedAddress(a) = &p.number {
        a.party_number.check()?;
    }
    p.name.as_ref().map_or(Ok(()), Name::check)
}

/// Builds a callTransferComplete for one end.
pub fn build_complete(
    ids: &mut InvokeIds,
    end: EndDesignation,
    other: &Party<'_>,
    call_status: CallStatus,
) -> Result<Vec<u8>, EmitError> {
    check_party(other)?;
    let mut arg = Vec::new();
    CtCompleteArg {
        end_designation: end.value(),
        redirection_number: other.number,
        basic_call_info_elements: None,
        redirection_name: other.name,
        call_status: call_status.field(),
        extension: None,
    }
    .emit(&mut arg);
    Ok(invoke_ie(ids.next(), op::CT_COMPLETE, arg))
}

/// Builds a callTransferActive (the secondary end answered).
pub fn build_active(ids: &mut InvokeIds, connected: &Party<'_>) -> Result<Vec<u8>, EmitError> {
    check_party(connected)?;
    let mut arg = Vec::new();
    CtActiveArg {
        connected_address: connected.number,
        basic_call_info_elements: None,
        connected_name: connected.name,
        extension: None,
    }
    .emit(&mut arg);
    Ok(invoke_ie(ids.next(), op::CT_ACTIVE, arg))
}

/// Builds a callTransferUpdate (the remote party's number or name changed).
pub fn build_update(ids: &mut InvokeIds, party: &Party<'_>) -> Result<Vec<u8>, EmitError> {
    check_party(party)?;
    let mut arg = Vec::new();
    CtUpdateArg {
        redirection_number: party.number,
        redirection_name: party.name,
        basic_call_info_elements: None,
        extension: None,
    }
    .emit(&mut arg);
    Ok(invoke_ie(ids.next(), op::CT_UPDATE, arg))
}

/// State of the transferring PINX (ECMA-178 §6.5 / §6.6 state lists, condensed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// CT-Idle.
    Idle,
    /// Rerouteing: callTransferIdentify sent on the secondary call.
    AwaitIdentify { invoke_id: i32 },
    /// Rerouteing: callTransferInitiate sent on the primary call.
    AwaitInitiate { invoke_id: i32 },
    /// Joined: callTransferComplete sent on both calls; the secondary end is alerting.
    JoinedAlerting,
    /// Done: joined and answered, or rerouted (clear both calls).
    Done,
    /// Rerouteing failed (fall back to join, or give up).
    Failed,
}

/// What the transferring PINX reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransferEvent {
    /// The secondary end gave its call identity and rerouteing number: send the returned
    /// callTransferInitiate on the primary call.
    Identified {
        /// Facility IE contents for the primary call.
        initiate: Vec<u8>,
    },
    /// The primary end set up the new call: clear the primary and secondary calls (cause #16).
    Rerouted,
    /// Rerouteing failed at `step` (identify or initiate): send `abandon` (if any) on the
    /// secondary call, then transfer by join or give up.
    RerouteingFailed {
        /// The operation that failed ([`op::CT_IDENTIFY`] or [`op::CT_INITIATE`]).
        step: i32,
        /// Why.
        outcome: Outcome,
        /// callTransferAbandon for the secondary call, when an identity was handed out.
        abandon: Option<Vec<u8>>,
    },
}

/// The transferring PINX of one transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferringPinx {
    state: State,
    pending: PendingInvokes,
    timeout: Duration,
    identified: bool,
}

/// The two Facility IEs of a transfer by join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinFacilities {
    /// For a FACILITY on the primary call.
    pub primary: Vec<u8>,
    /// For a FACILITY on the secondary call.
    pub secondary: Vec<u8>,
}

impl TransferringPinx {
    /// Default supervision of identify and initiate (ECMA-178 timers T1/T2/T4 are of this
    /// order; the values are a local choice).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// A transfer not started, answers supervised for `timeout`.
    #[must_use]
    pub fn new(timeout: Duration) -> Self {
        Self {
            state: State::Idle,
            pending: PendingInvokes::default(),
            timeout,
            identified: false,
        }
    }

    /// Transfer by join: callTransferComplete for both calls. `to_primary` is the secondary
    /// end's party (the primary end's new remote party) and `to_secondary` the primary end's.
    /// With `secondary_alerting`, the primary end is told the call is alerting and
    /// [`Self::secondary_answered`] later sends callTransferActive.
    pub fn join(
        &mut self,
        ids: &mut InvokeIds,
        to_primary: &Party<'_>,
        to_secondary: &Party<'_>,
        secondary_alerting: bool,
    ) -> Result<JoinFacilities, EmitError> {
        if !matches!(self.state, State::Idle | State::Failed) {
            return Err(EmitError::Refused("transfer already in progress"));
        }
        let status = if secondary_alerting {
            CallStatus::Alerting
        } else {
            CallStatus::Answered
        };
        let primary = build_complete(ids, EndDesignation::Primary, to_primary, status)?;
        let secondary = build_complete(
            ids,
            EndDesignation::Secondary,
            to_secondary,
            CallStatus::Answered,
        )?;
        self.state = if secondary_alerting {
            State::JoinedAlerting
        } else {
            State::Done
        };
        Ok(JoinFacilities { primary, secondary })
    }

    /// The secondary end answered after a join with alerting status: callTransferActive for
    /// the primary call (`None` in any other state).
    pub fn secondary_answered(
        &mut self,
        ids: &mut InvokeIds,
        connected: &Party<'_>,
    ) -> Result<Option<Vec<u8>>, EmitError> {
        if self.state != State::JoinedAlerting {
            return Ok(None);
        }
        let ie = build_active(ids, connected)?;
        self.state = State::Done;
        Ok(Some(ie))
    }

    /// Transfer by rerouteing, step 1: callTransferIdentify for the secondary call.
    pub fn identify(&mut self, now: Instant, ids: &mut InvokeIds) -> Result<Vec<u8>, EmitError> {
        if !matches!(self.state, State::Idle | State::Failed) {
            return Err(EmitError::Refused("transfer already in progress"));
        }
        let id = ids.next();
        self.pending.insert(id, op::CT_IDENTIFY, now + self.timeout);
        self.state = State::AwaitIdentify { invoke_id: id };
        self.identified = false;
        // CTIdentify has no argument: DummyArg NULL.
        Ok(invoke_ie(id, op::CT_IDENTIFY, super::NULL.to_vec()))
    }

    /// Consumes a Facility IE received on the secondary call (the identify answer).
    pub fn handle_secondary(
        &mut self,
        now: Instant,
        ids: &mut InvokeIds,
        received: &Received<'_>,
    ) -> Option<TransferEvent> {
        let State::AwaitIdentify { invoke_id } = self.state else {
            return None;
        };
        let (_, _, outcome) = self
            .pending
            .answers(received)
            .into_iter()
            .find(|a| a.0 == invoke_id)?;
        let res = received.indications.iter().find_map(|i| match *i {
            Indication::Result {
                invoke_id: id,
                result: Some((_, t)),
            } if id == invoke_id => Some(CallIdentityArg::parse(&t, true, 6, 7)),
            _ => None,
        });
        match (outcome, res) {
            (Outcome::Result(_), Some(Ok(r))) => {
                self.identified = true;
                let mut arg = Vec::new();
                r.emit(&mut arg);
                let id = ids.next();
                self.pending.insert(id, op::CT_INITIATE, now + self.timeout);
                self.state = State::AwaitInitiate { invoke_id: id };
                Some(TransferEvent::Identified {
                    initiate: invoke_ie(id, op::CT_INITIATE, arg),
                })
            }
            (Outcome::Result(_), _) => Some(self.fail(
                ids,
                op::CT_IDENTIFY,
                Outcome::Rejected(super::Problem::ReturnResult(2)),
            )),
            (o, _) => Some(self.fail(ids, op::CT_IDENTIFY, o)),
        }
    }

    /// Consumes a Facility IE received on the primary call (the initiate answer, which may
    /// come in a DISCONNECT or RELEASE).
    pub fn handle_primary(
        &mut self,
        ids: &mut InvokeIds,
        received: &Received<'_>,
    ) -> Option<TransferEvent> {
        let State::AwaitInitiate { invoke_id } = self.state else {
            return None;
        };
        let (_, _, outcome) = self
            .pending
            .answers(received)
            .into_iter()
            .find(|a| a.0 == invoke_id)?;
        if let Outcome::Result(_) = outcome {
            self.state = State::Done;
            return Some(TransferEvent::Rerouted);
        }
        Some(self.fail(ids, op::CT_INITIATE, outcome))
    }

    fn fail(&mut self, ids: &mut InvokeIds, step: i32, outcome: Outcome) -> TransferEvent {
        self.state = State::Failed;
        self.pending = PendingInvokes::default();
        let abandon = self
            .identified
            .then(|| invoke_ie(ids.next(), op::CT_ABANDON, super::NULL.to_vec()));
        self.identified = false;
        TransferEvent::RerouteingFailed {
            step,
            outcome,
            abandon,
        }
    }

    /// Supervision: an unanswered identify or initiate fails the rerouteing.
    pub fn handle_timeout(&mut self, now: Instant, ids: &mut InvokeIds) -> Option<TransferEvent> {
        let expired = self.pending.expire(now);
        let &(_, step) = expired.first()?;
        Some(self.fail(ids, step, Outcome::TimedOut))
    }

    /// When to call [`Self::handle_timeout`].
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.pending.next_deadline()
    }

    /// Whether the transfer is over (joined and answered, or rerouted).
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Whether rerouteing failed.
    #[must_use]
    pub fn has_failed(&self) -> bool {
        self.state == State::Failed
    }
}

/// What an end PINX (primary or secondary end, or the rerouteing target) learns.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndEvent {
    /// callTransferComplete: the call was transferred; the remote party is now `party`.
    Transferred {
        /// Which end this call is.
        end: EndDesignation,
        /// The new remote party.
        party: RemoteParty,
        /// Whether the new remote party is still alerting.
        alerting: bool,
    },
    /// callTransferActive: the new remote party answered.
    Answered {
        /// The connected party.
        party: RemoteParty,
    },
    /// callTransferUpdate: the remote party's details changed.
    Updated {
        /// The remote party.
        party: RemoteParty,
    },
    /// callTransferIdentify: answer with [`EndPinx::answer_identify`] (or refuse).
    IdentifyRequested {
        /// The invoke to answer.
        invoke_id: i32,
    },
    /// callTransferAbandon: the identity handed out is void.
    Abandoned,
    /// callTransferInitiate (primary end): set up a new call to `rerouteing_number` with
    /// [`EndPinx::setup_facility`] in its SETUP, then answer with
    /// [`EndPinx::answer_initiate`].
    InitiateRequested {
        /// The invoke to answer.
        invoke_id: i32,
        /// The call identity for callTransferSetup.
        call_identity: Vec<u8>,
        /// Where to set up the new call (digits).
        rerouteing_number: Vec<u8>,
    },
    /// callTransferSetup in an incoming SETUP (secondary end): whether the call identity
    /// matches the one handed out; the returnResult or returnError is in `answer`.
    SetupReceived {
        /// The identity matched: this call replaces the secondary call.
        matched: bool,
        /// Facility IE contents for the CONNECT (or the clearing message when unmatched).
        answer: Vec<u8>,
    },
}

/// One call at an end PINX.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EndPinx {
    identity: Option<Vec<u8>>,
    end: Option<EndDesignation>,
}

impl EndPinx {
    /// A call not involved in a transfer yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Which end this call became, once transferred.
    #[must_use]
    pub fn end(&self) -> Option<EndDesignation> {
        self.end
    }

    /// Gives this end the call identity it hands out (and will match in callTransferSetup).
    pub fn answer_identify(
        &mut self,
        invoke_id: i32,
        call_identity: &[u8],
        rerouteing_number: PartyNumber<'_>,
    ) -> Result<Vec<u8>, EmitError> {
        check_identity(call_identity)?;
        rerouteing_number.check()?;
        let mut res = Vec::new();
        CallIdentityArg {
            call_identity,
            rerouting_number: Some(rerouteing_number),
            extension: None,
        }
        .emit(&mut res);
        self.identity = Some(call_identity.to_vec());
        Ok(build_result(invoke_id, Some((op::CT_IDENTIFY, res))))
    }

    /// The callTransferSetup for the SETUP of the new call (primary end, rerouteing).
    pub fn setup_facility(ids: &mut InvokeIds, call_identity: &[u8]) -> Result<Vec<u8>, EmitError> {
        check_identity(call_identity)?;
        let mut arg = Vec::new();
        CallIdentityArg {
            call_identity,
            rerouting_number: None,
            extension: None,
        }
        .emit(&mut arg);
        Ok(invoke_ie(ids.next(), op::CT_SETUP, arg))
    }

    /// Answers callTransferInitiate: success (result NULL) or an error such as
    /// [`error_code::ESTABLISHMENT_FAILURE`].
    #[must_use]
    pub fn answer_initiate(invoke_id: i32, error: Option<i32>) -> Vec<u8> {
        match error {
            None => build_result(invoke_id, Some((op::CT_INITIATE, super::NULL.to_vec()))),
            Some(e) => build_error(invoke_id, e, None),
        }
    }

    /// Consumes the transfer operations in `received`.
    pub fn handle(&mut self, received: &Received<'_>) -> Vec<EndEvent> {
        let mut out = Vec::new();
        for ind in &received.indications {
            let Indication::Invoke {
                invoke_id,
                operation,
                ..
            } = *ind
            else {
                continue;
            };
            match operation {
                Operation::CallTransferComplete(c) => {
                    // An endDesignation outside the two values says nothing usable.
                    let Some(end) = EndDesignation::from_value(c.end_designation) else {
                        continue;
                    };
                    self.end = Some(end);
                    out.push(EndEvent::Transferred {
                        end,
                        party: RemoteParty::new(&c.redirection_number, c.redirection_name.as_ref()),
                        alerting: CallStatus::from_field(c.call_status) == CallStatus::Alerting,
                    });
                }
                Operation::CallTransferActive(a) => out.push(EndEvent::Answered {
                    party: RemoteParty::new(&a.connected_address, a.connected_name.as_ref()),
                }),
                Operation::CallTransferUpdate(u) => out.push(EndEvent::Updated {
                    party: RemoteParty::new(&u.redirection_number, u.redirection_name.as_ref()),
                }),
                Operation::CallTransferIdentify => {
                    out.push(EndEvent::IdentifyRequested { invoke_id });
                }
                Operation::CallTransferAbandon => {
                    self.identity = None;
                    out.push(EndEvent::Abandoned);
                }
                Operation::CallTransferInitiate(i) => out.push(EndEvent::InitiateRequested {
                    invoke_id,
                    call_identity: i.call_identity.to_vec(),
                    rerouteing_number: i
                        .rerouting_number
                        .map_or_else(Vec::new, |n| n.digits().to_vec()),
                }),
                Operation::CallTransferSetup(s) => {
                    let matched = self.identity.as_deref() == Some(s.call_identity);
                    let answer = if matched {
                        self.identity = None;
                        build_result(invoke_id, Some((op::CT_SETUP, super::NULL.to_vec())))
                    } else {
                        build_error(invoke_id, error_code::UNRECOGNIZED_CALL_IDENTITY, None)
                    };
                    out.push(EndEvent::SetupReceived { matched, answer });
                }
                _ => {}
            }
        }
        out
    }
}
