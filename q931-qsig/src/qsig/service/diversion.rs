//! Call diversion (ECMA-174) in its three roles.
//!
//! * **Originating PINX** ([`OriginatingPinx`]): receives divertingLegInformation1 (the call is
//!   being diverted, why, and possibly to whom) and divertingLegInformation3 (whether the
//!   diverted-to number may be presented, and the diverted-to user's name).
//! * **Rerouteing / served user's PINX**: sends DLI1 towards the originating side
//!   ([`build_dli1`]), asks the previous PINX to reroute the call with a callRerouteing invoke
//!   and follows its returnResult / returnError ([`Rerouteing`]); the PINX receiving a
//!   callRerouteing derives the new call's DLI2 with [`accept_rerouteing`] and answers with
//!   [`build_rerouteing_result`] / [`build_rerouteing_error`].
//! * **Diverted-to PINX** ([`DivertedToPinx`]): receives DLI2 in the SETUP (counter, reason,
//!   original called number, redirecting name) and answers DLI3 ([`build_dli3`]) in ALERTING or
//!   CONNECT. [`DiversionInfo::sip_diversion`] gives what a gateway puts into a SIP
//!   `Diversion` header (RFC 5806).

use alloc::vec::Vec;
use core::time::Duration;

use crate::Instant;

use super::{
    build_error, build_invoke, build_result, op, Indication, Interpretation, InvokeIds, Operation,
    Outcome, PendingInvokes, Received,
};
use crate::qsig::arguments::CallRerouteingArg;
use crate::qsig::ops::{
    DivertingLegInformation1, DivertingLegInformation2, DivertingLegInformation3, Name,
    PartyNumber, PresentedNumberUnscreened,
};
use crate::EmitError;

/// `DiversionReason` (ECMA-174 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiversionReason {
    /// `unknown (0)`.
    Unknown,
    /// `cfu (1)`: call forwarding unconditional.
    Cfu,
    /// `cfb (2)`: call forwarding busy.
    Cfb,
    /// `cfnr (3)`: call forwarding no reply.
    Cfnr,
}

impl DiversionReason {
    /// The encoded value.
    #[must_use]
    pub fn value(self) -> i32 {
        match self {
            Self::Unknown => 0,
            Self::Cfu => 1,
            Self::Cfb => 2,
            Self::Cfnr => 3,
        }
    }

    /// The reason for a value; values outside 0–3 read as `Unknown`.
    #[must_use]
    pub fn from_value(v: i32) -> Self {
        match v {
            1 => Self::Cfu,
            2 => Self::Cfb,
            3 => Self::Cfnr,
            _ => Self::Unknown,
        }
    }

    /// The RFC 5806 `diversion-reason` token.
    #[must_use]
    pub fn sip_reason(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Cfu => "unconditional",
            Self::Cfb => "user-busy",
            Self::Cfnr => "no-answer",
        }
    }
}

/// `SubscriptionOption` values (ECMA-174 §6).
pub mod subscription {
    /// `noNotification (0)`.
    pub const NO_NOTIFICATION: i32 = 0;
    /// `notificationWithoutDivertedToNr (1)`.
    pub const WITHOUT_DIVERTED_TO_NR: i32 = 1;
    /// `notificationWithDivertedToNr (2)`.
    pub const WITH_DIVERTED_TO_NR: i32 = 2;
}

/// Builds divertingLegInformation1 (rerouteing PINX → originating PINX, in a FACILITY or
/// ALERTING): the call has been diverted for `reason` to `nominated`.
///
/// # Errors
/// [`EmitError::Unencodable`] when `nominated` has more digits than `NumberDigits` allows
/// ([`PartyNumber::check`]): the peer would reject the invoke.
pub fn build_dli1(
    ids: &mut InvokeIds,
    reason: DiversionReason,
    subscription_option: i32,
    nominated: PartyNumber<'_>,
) -> Result<Vec<u8>, EmitError> {
    nominated.check()?;
    let mut arg = Vec::new();
    DivertingLegInformation1 {
        diversion_reason: reason.value(),
        subscription_option,
        nominated_nr: nominated,
        extension: None,
    }
    .emit(&mut arg);
    Ok(build_invoke(
        Interpretation::Discard,
        ids.next(),
        op::DLI1,
        arg,
    ))
}

/// `diversionCounter INTEGER (1..15)` (ECMA-174 §6) before encoding.
fn check_counter(counter: i32) -> Result<(), EmitError> {
    if (1..=15).contains(&counter) {
        Ok(())
    } else {
        Err(EmitError::Unencodable("diversionCounter (1..15)"))
    }
}

/// Builds divertingLegInformation2 for the SETUP towards the diverted-to PINX. The diversion
/// counter must be 1–15.
pub fn build_dli2(
    ids: &mut InvokeIds,
    dli2: &DivertingLegInformation2<'_>,
) -> Result<Vec<u8>, EmitError> {
    check_counter(dli2.diversion_counter)?;
    for n in [dli2.redirecting_name, dli2.original_called_name]
        .iter()
        .flatten()
    {
        n.check()?;
    }
    let mut arg = Vec::new();
    dli2.emit(&mut arg);
    Ok(build_invoke(
        Interpretation::Discard,
        ids.next(),
        op::DLI2,
        arg,
    ))
}

/// Builds divertingLegInformation3 (diverted-to PINX → originating PINX, in ALERTING, CONNECT
/// or FACILITY).
pub fn build_dli3(
    ids: &mut InvokeIds,
    presentation_allowed: bool,
    redirection_name: Option<Name<'_>>,
) -> Result<Vec<u8>, EmitError> {
    if let Some(n) = &redirection_name {
        n.check()?;
    }
    let mut arg = Vec::new();
    DivertingLegInformation3 {
        presentation_allowed,
        redirection_name,
        extension: None,
    }
    .emit(&mut arg);
    Ok(build_invoke(
        Interpretation::Discard,
        ids.next(),
        op::DLI3,
        arg,
    ))
}

/// A number as a gateway keeps it: digits and whether presentation is restricted (the owned
/// counterpart of `PresentedNumberUnscreened`; [`crate::call::Number`] is the Q.931 element).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NumberInfo {
    /// The digits (empty when withheld without digits or not available).
    pub digits: Vec<u8>,
    /// Presentation restricted: do not show it to the user.
    pub restricted: bool,
}

impl NumberInfo {
    fn from_unscreened(n: &PresentedNumberUnscreened<'_>) -> Self {
        match n {
            PresentedNumberUnscreened::Allowed(p) => Self {
                digits: p.digits().to_vec(),
                restricted: false,
            },
            PresentedNumberUnscreened::RestrictedNumber(p) => Self {
                digits: p.digits().to_vec(),
                restricted: true,
            },
            PresentedNumberUnscreened::Restricted => Self {
                digits: Vec::new(),
                restricted: true,
            },
            PresentedNumberUnscreened::NotAvailableDueToInterworking => Self::default(),
        }
    }
}

fn owned_name(n: &Name<'_>) -> Option<Vec<u8>> {
    super::names::display(n).map(<[u8]>::to_vec)
}

/// What the originating PINX learns about a diversion of its call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiversionEvent {
    /// DLI1: the call is being diverted (SIP: 181 Call Is Being Forwarded).
    Diverting {
        /// Why.
        reason: DiversionReason,
        /// The served user's subscription option ([`subscription`]).
        subscription_option: i32,
        /// The diverted-to number, when the subscription allows notifying it.
        diverted_to: Option<Vec<u8>>,
    },
    /// DLI3: whether the diverted-to number may be presented, and the diverted-to user's name
    /// when it may be shown.
    Presentation {
        /// `presentationAllowedIndicator`.
        allowed: bool,
        /// The redirection name, if sent and presentable.
        name: Option<Vec<u8>>,
    },
}

/// The originating PINX's view of a diverted call: consumes DLI1 and DLI3.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OriginatingPinx {
    reason: Option<DiversionReason>,
    subscription_option: i32,
    nominated: Vec<u8>,
    presentation_allowed: Option<bool>,
    name: Option<Vec<u8>>,
}

/// The diverted-to party as the originating PINX may present it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivertedTo {
    /// The diverted-to number, `None` when it must not be presented.
    pub number: Option<Vec<u8>>,
    /// Why the call was diverted.
    pub reason: DiversionReason,
    /// The diverted-to user's name, if known and presentable.
    pub name: Option<Vec<u8>>,
}

impl OriginatingPinx {
    /// A call with no diversion known yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Consumes the DLI1 and DLI3 invokes in `received`.
    pub fn handle(&mut self, received: &Received<'_>) -> Vec<DiversionEvent> {
        let mut out = Vec::new();
        for ind in &received.indications {
            match ind {
                Indication::Invoke {
                    operation: Operation::DivertingLegInformation1(d),
                    ..
                } => {
                    let reason = DiversionReason::from_value(d.diversion_reason);
                    self.reason = Some(reason);
                    self.subscription_option = d.subscription_option;
                    self.nominated = d.nominated_nr.digits().to_vec();
                    out.push(DiversionEvent::Diverting {
                        reason,
                        subscription_option: d.subscription_option,
                        diverted_to: (d.subscription_option == subscription::WITH_DIVERTED_TO_NR)
                            .then(|| self.nominated.clone()),
                    });
                }
                Indication::Invoke {
                    operation: Operation::DivertingLegInformation3(d),
                    ..
                } => {
                    self.presentation_allowed = Some(d.presentation_allowed);
                    self.name = d
                        .redirection_name
                        .as_ref()
                        .filter(|_| d.presentation_allowed)
                        .and_then(owned_name);
                    out.push(DiversionEvent::Presentation {
                        allowed: d.presentation_allowed,
                        name: self.name.clone(),
                    });
                }
                _ => {}
            }
        }
        out
    }

    /// The diverted-to party, once DLI1 has arrived. The number is given only when the served
    /// user's subscription is "notification with diverted-to number" and DLI3, if received,
    /// allows presentation (ECMA-174 §6.6).
    #[must_use]
    pub fn diverted_to(&self) -> Option<DivertedTo> {
        let reason = self.reason?;
        let show = self.subscription_option == subscription::WITH_DIVERTED_TO_NR
            && self.presentation_allowed != Some(false)
            && !self.nominated.is_empty();
        Some(DivertedTo {
            number: show.then(|| self.nominated.clone()),
            reason,
            name: self.name.clone(),
        })
    }
}

/// What the diverted-to PINX learns from DLI2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiversionInfo {
    /// `diversionCounter` (1–15): how many times the call has been diverted.
    pub counter: u8,
    /// The last diversion's reason.
    pub reason: DiversionReason,
    /// The first diversion's reason, when the call was diverted more than once.
    pub original_reason: Option<DiversionReason>,
    /// The number that diverted the call last.
    pub diverting_number: Option<NumberInfo>,
    /// The number first called.
    pub original_called_number: Option<NumberInfo>,
    /// The diverting user's name, if presentable.
    pub redirecting_name: Option<Vec<u8>>,
    /// The first called user's name, if presentable.
    pub original_called_name: Option<Vec<u8>>,
}

/// One SIP `Diversion` header value (RFC 5806): number, reason, counter, privacy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipDiversion {
    /// The diverting number's digits.
    pub number: Vec<u8>,
    /// `diversion-reason`.
    pub reason: &'static str,
    /// `diversion-counter`.
    pub counter: u8,
    /// `diversion-privacy=full` when presentation is restricted.
    pub privacy: bool,
}

impl DiversionInfo {
    /// Builds the information from a DLI2 argument.
    #[must_use]
    pub fn from_dli2(d: &DivertingLegInformation2<'_>) -> Self {
        Self {
            counter: d.diversion_counter.clamp(0, 15) as u8,
            reason: DiversionReason::from_value(d.diversion_reason),
            original_reason: d.original_diversion_reason.map(DiversionReason::from_value),
            diverting_number: d.diverting_nr.as_ref().map(NumberInfo::from_unscreened),
            original_called_number: d
                .original_called_nr
                .as_ref()
                .map(NumberInfo::from_unscreened),
            redirecting_name: d.redirecting_name.as_ref().and_then(owned_name),
            original_called_name: d.original_called_name.as_ref().and_then(owned_name),
        }
    }

    /// The SIP `Diversion` header values, most recent first: the diverting number with the
    /// last reason and the full counter, then the original called number (when it differs)
    /// with the original reason and counter 1.
    #[must_use]
    pub fn sip_diversion(&self) -> Vec<SipDiversion> {
        let mut out = Vec::new();
        if let Some(n) = self
            .diverting_number
            .as_ref()
            .filter(|n| !n.digits.is_empty())
        {
            out.push(SipDiversion {
                number: n.digits.clone(),
                reason: self.reason.sip_reason(),
                counter: self.counter,
                privacy: n.restricted,
            });
        }
        if let Some(n) = self
            .original_called_number
            .as_ref()
            .filter(|n| !n.digits.is_empty())
        {
            if out.first().is_none_or(|d| d.number != n.digits) {
                out.push(SipDiversion {
                    number: n.digits.clone(),
                    reason: self.original_reason.unwrap_or(self.reason).sip_reason(),
                    counter: 1,
                    privacy: n.restricted,
                });
            }
        }
        out
    }
}

/// The diverted-to PINX: reads DLI2 from the incoming SETUP, sends DLI3.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DivertedToPinx {
    info: Option<DiversionInfo>,
    dli3_sent: bool,
}

impl DivertedToPinx {
    /// A call not known to be diverted yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Consumes the DLI2 invokes in `received` (from the SETUP); returns the diversion
    /// information when one was found.
    pub fn handle(&mut self, received: &Received<'_>) -> Option<&DiversionInfo> {
        for ind in &received.indications {
            if let Indication::Invoke {
                operation: Operation::DivertingLegInformation2(d),
                ..
            } = ind
            {
                self.info = Some(DiversionInfo::from_dli2(d));
            }
        }
        self.info.as_ref()
    }

    /// The diversion information, if the call arrived diverted.
    #[must_use]
    pub fn info(&self) -> Option<&DiversionInfo> {
        self.info.as_ref()
    }

    /// DLI3 for the first backward message (ALERTING, or CONNECT when there was none), once
    /// per diverted call; `None` for a call that was not diverted or when it was sent already.
    pub fn dli3(
        &mut self,
        ids: &mut InvokeIds,
        presentation_allowed: bool,
        name: Option<Name<'_>>,
    ) -> Result<Option<Vec<u8>>, EmitError> {
        if self.info.is_none() || self.dli3_sent {
            return Ok(None);
        }
        let ie = build_dli3(ids, presentation_allowed, name)?;
        self.dli3_sent = true;
        Ok(Some(ie))
    }
}

/// What the rerouteing PINX does with a received callRerouteing (ECMA-174 §6.5.2): the
/// divertingLegInformation2 argument for the SETUP of the new call to
/// `arg.called_address`, or the error to answer with — `numberOfDiversionsExceeded` when the
/// counter is out of 1–15 (the served user's PINX counts this diversion in). Answer an
/// accepted request with [`build_rerouteing_result`] and clear the diverted leg.
pub fn accept_rerouteing<'a>(
    arg: &CallRerouteingArg<'a>,
) -> Result<DivertingLegInformation2<'a>, i32> {
    if !(1..=15).contains(&arg.diversion_counter) {
        return Err(super::error_code::NUMBER_OF_DIVERSIONS_EXCEEDED);
    }
    Ok(DivertingLegInformation2 {
        diversion_counter: arg.diversion_counter,
        diversion_reason: arg.rerouteing_reason,
        original_diversion_reason: arg.original_rerouteing_reason,
        diverting_nr: Some(arg.last_rerouteing_nr),
        original_called_nr: arg.original_called_nr,
        redirecting_name: arg.redirecting_name,
        original_called_name: arg.original_called_name,
        extension: None,
    })
}

/// The returnResult of a callRerouteing (result NULL), for the PINX that accepted it. libpri
/// sends it in the DISCONNECT that clears the diverted leg.
#[must_use]
pub fn build_rerouteing_result(invoke_id: i32) -> Vec<u8> {
    build_result(invoke_id, Some((op::CALL_REROUTEING, super::NULL.to_vec())))
}

/// The returnError of a callRerouteing (e.g. [`super::error_code::NUMBER_OF_DIVERSIONS_EXCEEDED`]).
#[must_use]
pub fn build_rerouteing_error(invoke_id: i32, error: i32) -> Vec<u8> {
    build_error(invoke_id, error, None)
}

/// The served user's PINX asking the previous PINX to reroute the call (ECMA-174 §6.5.2):
/// sends callRerouteing and follows its answer, with a supervision timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rerouteing {
    pending: PendingInvokes,
    timeout: Duration,
    outcome: Option<Outcome>,
}

impl Rerouteing {
    /// Default supervision of the callRerouteing answer (a local choice; ECMA-174 leaves it to
    /// the implementation).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

    /// A machine that waits `timeout` for the answer.
    #[must_use]
    pub fn new(timeout: Duration) -> Self {
        Self {
            pending: PendingInvokes::default(),
            timeout,
            outcome: None,
        }
    }

    /// Builds the callRerouteing invoke (interpretation APDU 2, "reject", as libpri sends it)
    /// for a FACILITY on the call being diverted, and starts waiting for its answer.
    pub fn request(
        &mut self,
        now: Instant,
        ids: &mut InvokeIds,
        arg: &CallRerouteingArg<'_>,
    ) -> Result<Vec<u8>, EmitError> {
        check_counter(arg.diversion_counter)?;
        let mut a = Vec::new();
        arg.emit(&mut a);
        let id = ids.next();
        self.pending
            .insert(id, op::CALL_REROUTEING, now + self.timeout);
        self.outcome = None;
        Ok(build_invoke(
            Interpretation::Reject,
            id,
            op::CALL_REROUTEING,
            a,
        ))
    }

    /// Consumes the answer in `received` (FACILITY, DISCONNECT, RELEASE…); returns the outcome
    /// once known.
    pub fn handle(&mut self, received: &Received<'_>) -> Option<&Outcome> {
        if let Some((_, _, o)) = self.pending.answers(received).pop() {
            self.outcome = Some(o);
        }
        self.outcome.as_ref()
    }

    /// Expires the request when `now` has passed its deadline.
    pub fn handle_timeout(&mut self, now: Instant) -> Option<&Outcome> {
        if !self.pending.expire(now).is_empty() {
            self.outcome = Some(Outcome::TimedOut);
        }
        self.outcome.as_ref()
    }

    /// When to call [`Self::handle_timeout`].
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.pending.next_deadline()
    }

    /// The outcome, once known.
    #[must_use]
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }
}
