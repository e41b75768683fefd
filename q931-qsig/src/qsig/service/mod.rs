//! QSIG supplementary services at the API level: the Facility information element contents a
//! call-control layer puts into (and takes out of) its messages, for names (ECMA-164),
//! diversion (ECMA-174), message waiting indication (ECMA-242) and call transfer (ECMA-178).
//!
//! Sans-IO and `no_std` + `alloc`. Every builder returns the *contents* of one Facility IE
//! (`Vec<u8>`: protocol profile octet `0x9F`, then network facility extension, interpretation
//! APDU and ROSE components), exactly what [`crate::wire::Facility`] parses and emits; the
//! call-control layer carries a `Vec<Vec<u8>>` of them in its requests and events. [`read`]
//! turns received contents into typed [`Indication`]s and, for invokes this layer does not
//! recognise, tells the caller what the interpretation APDU asks for (ECMA-165 §8.2): discard,
//! clear the call, or send back the [`Received::reply`] it has built (a ROSE Reject).
//!
//! The state machines ([`mwi::MwiAgent`], [`transfer`], [`diversion::Rerouteing`]) take the
//! time as the crate's [`crate::Instant`], the clock of [`crate::call::CallControl`] too, so one
//! run loop drives the call-control entity and the services; they never read a clock.

use alloc::vec::Vec;

use super::arguments::{
    CallRerouteingArg, CtActiveArg, CtCompleteArg, CtInitiateArg, CtSetupArg, CtUpdateArg,
};
use super::ber::{explicit, write_tlv, Reader, Tlv};
use super::ops::{
    self as qops, Argument, DivertingLegInformation1, DivertingLegInformation2,
    DivertingLegInformation3, MwiArg, Name, PartyNumber,
};
use super::ops::{error_code, op};
use super::rose::{self, Apdu, Code};
use crate::wire::CauseValue;
use crate::{Instant, ParseError};

/// The addressing types the service builders take (e.g. [`transfer::Party`]), re-exported
/// from [`super::addressing`] for callers that use only this module.
pub use super::addressing::{AddressScreened, PresentedScreened};

pub mod diversion;
pub mod mwi;
pub mod names;
pub mod transfer;

/// The Facility IE octet 3 for QSIG: extension bit set, protocol profile 0x1F "networking
/// extensions" (ECMA-165 §10.2).
pub const PROFILE_OCTET: u8 = 0x80 | crate::wire::Facility::NETWORKING_EXTENSIONS;

/// Most ROSE components decoded from one Facility IE; more is refused as
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded).
pub const MAX_COMPONENTS: usize = 16;

/// The operations [`read`] decodes into typed [`Operation`]s (names, call transfer,
/// diversion and MWI; the values are those of [`op`]).
pub const TYPED_OPERATIONS: &[i32] = &[
    op::CALLING_NAME,
    op::CALLED_NAME,
    op::CONNECTED_NAME,
    op::BUSY_NAME,
    op::CT_IDENTIFY,
    op::CT_ABANDON,
    op::CT_INITIATE,
    op::CT_SETUP,
    op::CT_ACTIVE,
    op::CT_COMPLETE,
    op::CT_UPDATE,
    op::CALL_REROUTEING,
    op::DLI1,
    op::DLI2,
    op::DLI3,
    op::MWI_ACTIVATE,
    op::MWI_DEACTIVATE,
    op::MWI_INTERROGATE,
];

/// `EntityType` of the network facility extension (ECMA-165 §10.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    /// `endPINX (0)`.
    EndPinx,
    /// `anyTypeOfPINX (1)`.
    AnyTypeOfPinx,
}

impl Entity {
    fn value(self) -> i32 {
        match self {
            Self::EndPinx => 0,
            Self::AnyTypeOfPinx => 1,
        }
    }
    fn from_value(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::EndPinx),
            1 => Some(Self::AnyTypeOfPinx),
            _ => None,
        }
    }
}

/// `InterpretationApdu` (ECMA-165 §10.4): what the receiver does with an invoke whose operation
/// it does not recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interpretation {
    /// `discardAnyUnrecognisedInvokePdu (0)`: libpri's value for names, diversion and MWI.
    Discard,
    /// `clearCallIfAnyInvokePduNotRecognised (1)`: libpri's value for call-completion CIS setups.
    ClearCall,
    /// `rejectAnyUnrecognisedInvokePdu (2)`: libpri's value for callRerouteing and
    /// callTransferComplete; also what an absent interpretation APDU implies.
    Reject,
}

impl Interpretation {
    /// The encoded value.
    #[must_use]
    pub fn value(self) -> i32 {
        match self {
            Self::Discard => 0,
            Self::ClearCall => 1,
            Self::Reject => 2,
        }
    }
    /// The variant for an encoded value.
    #[must_use]
    pub fn from_value(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::Discard),
            1 => Some(Self::ClearCall),
            2 => Some(Self::Reject),
            _ => None,
        }
    }
}

/// The network facility extension and interpretation APDU that head the components
/// (ECMA-165 §10.3–10.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// `sourceEntity`.
    pub source: Entity,
    /// `sourceEntityAddress [1]`, if sent.
    pub source_address: Option<PartyNumber<'a>>,
    /// `destinationEntity`.
    pub destination: Entity,
    /// `destinationEntityAddress [3]`, if sent.
    pub destination_address: Option<PartyNumber<'a>>,
    /// The interpretation APDU; `None` leaves it out (the receiver then rejects unrecognised
    /// invokes).
    pub interpretation: Option<Interpretation>,
}

impl Header<'static> {
    /// endPINX → endPINX without addresses, with the given interpretation APDU (what libpri
    /// sends for every service).
    #[must_use]
    pub const fn end_to_end(interpretation: Interpretation) -> Self {
        Self {
            source: Entity::EndPinx,
            source_address: None,
            destination: Entity::EndPinx,
            destination_address: None,
            interpretation: Some(interpretation),
        }
    }
}

impl Header<'_> {
    fn emit(&self, out: &mut Vec<u8>) {
        let address = |a: Option<PartyNumber<'_>>, id: u8| {
            a.map(|a| {
                let mut inner = Vec::new();
                a.emit(&mut inner);
                let mut element = Vec::new();
                write_tlv(&mut element, id, &inner);
                element
            })
        };
        rose::write_network_facility_extension(
            out,
            self.source.value(),
            address(self.source_address, 0xA1).as_deref(),
            self.destination.value(),
            address(self.destination_address, 0xA3).as_deref(),
        );
        if let Some(i) = self.interpretation {
            Apdu::Interpretation(i.value()).emit(out);
        }
    }
}

/// X.880 `Reject` problems (Q.932 §8.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// `general [0]`: 0 unrecognizedComponent, 1 mistypedComponent, 2 badlyStructuredComponent.
    General(i32),
    /// `invoke [1]`: 0 duplicateInvocation, 1 unrecognizedOperation, 2 mistypedArgument,
    /// 3 resourceLimitation, 4 releaseInProgress, 5 unrecognizedLinkedId, ….
    Invoke(i32),
    /// `returnResult [2]`: 0 unrecognizedInvocation, 1 resultResponseUnexpected,
    /// 2 mistypedResult.
    ReturnResult(i32),
    /// `returnError [3]`: 0 unrecognizedInvocation, 1 errorResponseUnexpected,
    /// 2 unrecognizedError, 3 unexpectedError, 4 mistypedParameter.
    ReturnError(i32),
}

impl Problem {
    /// `invoke: unrecognizedOperation`.
    pub const UNRECOGNIZED_OPERATION: Self = Self::Invoke(1);
    /// `invoke: mistypedArgument`.
    pub const MISTYPED_ARGUMENT: Self = Self::Invoke(2);
    /// `returnResult: unrecognizedInvocation`.
    pub const RESULT_UNRECOGNIZED_INVOCATION: Self = Self::ReturnResult(0);
    /// `returnError: unrecognizedInvocation`.
    pub const ERROR_UNRECOGNIZED_INVOCATION: Self = Self::ReturnError(0);

    fn kind_value(self) -> (u8, i32) {
        match self {
            Self::General(v) => (0, v),
            Self::Invoke(v) => (1, v),
            Self::ReturnResult(v) => (2, v),
            Self::ReturnError(v) => (3, v),
        }
    }
    fn from_kind(kind: u8, v: i32) -> Self {
        match kind {
            0 => Self::General(v),
            1 => Self::Invoke(v),
            2 => Self::ReturnResult(v),
            _ => Self::ReturnError(v),
        }
    }
}

/// A ROSE component to send, with its argument, result or parameter already BER-encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Component {
    /// Invoke of a local operation.
    Invoke {
        /// Invoke identifier (see [`InvokeIds`]).
        invoke_id: i32,
        /// Linked identifier.
        linked_id: Option<i32>,
        /// Local operation value ([`op`]).
        operation: i32,
        /// The argument, one BER element.
        argument: Option<Vec<u8>>,
    },
    /// ReturnResult; `result` is the operation value and the result element.
    ReturnResult {
        /// The answered invoke's identifier.
        invoke_id: i32,
        /// Operation value and result element; `None` for an empty result.
        result: Option<(i32, Vec<u8>)>,
    },
    /// ReturnError.
    ReturnError {
        /// The answered invoke's identifier.
        invoke_id: i32,
        /// Error value ([`error_code`]).
        error: i32,
        /// The error parameter, one BER element.
        parameter: Option<Vec<u8>>,
    },
    /// Reject; `invoke_id` `None` encodes NULL (identifier not known).
    Reject {
        /// The rejected component's invoke identifier.
        invoke_id: Option<i32>,
        /// The problem.
        problem: Problem,
    },
}

impl Component {
    /// Appends the component in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match self {
            Self::Invoke {
                invoke_id,
                linked_id,
                operation,
                argument,
            } => rose::write_invoke(
                out,
                *invoke_id,
                *linked_id,
                Code::Local(*operation),
                argument.as_deref(),
            ),
            Self::ReturnResult { invoke_id, result } => rose::write_return_result(
                out,
                *invoke_id,
                result.as_ref().map(|(op, r)| (Code::Local(*op), &r[..])),
            ),
            Self::ReturnError {
                invoke_id,
                error,
                parameter,
            } => {
                rose::write_return_error(out, *invoke_id, Code::Local(*error), parameter.as_deref())
            }
            Self::Reject { invoke_id, problem } => {
                let (kind, value) = problem.kind_value();
                rose::write_reject(out, *invoke_id, kind, value);
            }
        }
    }
}

/// Builds the contents of one Facility IE: the profile octet, `header`, then `components`.
#[must_use]
pub fn build(header: &Header<'_>, components: &[Component]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    out.push(PROFILE_OCTET);
    header.emit(&mut out);
    for c in components {
        c.emit(&mut out);
    }
    out
}

/// Builds the contents of a Facility IE carrying one invoke, endPINX → endPINX.
#[must_use]
pub fn build_invoke(
    interpretation: Interpretation,
    invoke_id: i32,
    operation: i32,
    argument: Vec<u8>,
) -> Vec<u8> {
    build(
        &Header::end_to_end(interpretation),
        &[Component::Invoke {
            invoke_id,
            linked_id: None,
            operation,
            argument: Some(argument),
        }],
    )
}

/// Builds the contents of a Facility IE answering an invoke with a returnResult (no
/// interpretation APDU: it only concerns invokes).
#[must_use]
pub fn build_result(invoke_id: i32, result: Option<(i32, Vec<u8>)>) -> Vec<u8> {
    build(
        &Header {
            interpretation: None,
            ..Header::end_to_end(Interpretation::Discard)
        },
        &[Component::ReturnResult { invoke_id, result }],
    )
}

/// Builds the contents of a Facility IE answering an invoke with a returnError.
#[must_use]
pub fn build_error(invoke_id: i32, error: i32, parameter: Option<Vec<u8>>) -> Vec<u8> {
    build(
        &Header {
            interpretation: None,
            ..Header::end_to_end(Interpretation::Discard)
        },
        &[Component::ReturnError {
            invoke_id,
            error,
            parameter,
        }],
    )
}

/// Allocates invoke identifiers (X.880 §9.2: unique among the operations a PINX has
/// outstanding): 1, 2, … up to `i16::MAX`, then back to 1. Identifiers stay in the two-octet
/// INTEGER range, as libpri's do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvokeIds {
    next: i32,
}

impl Default for InvokeIds {
    fn default() -> Self {
        Self::new()
    }
}

impl InvokeIds {
    /// Starts at 1.
    #[must_use]
    pub const fn new() -> Self {
        Self { next: 1 }
    }

    /// Starts at `first` (clamped into 1..=32767), e.g. to continue another entity's numbering.
    #[must_use]
    pub fn starting_at(first: i32) -> Self {
        Self {
            next: first.clamp(1, i32::from(i16::MAX)),
        }
    }

    /// The next identifier.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> i32 {
        let id = self.next;
        self.next = if id >= i32::from(i16::MAX) { 1 } else { id + 1 };
        id
    }

    /// The next identifier for which `in_use` is false (at most 32767 tries; `None` if every
    /// identifier is in use).
    pub fn next_free(&mut self, in_use: impl Fn(i32) -> bool) -> Option<i32> {
        (0..i16::MAX).map(|_| self.next()).find(|&id| !in_use(id))
    }
}

/// Which name an ECMA-164 name operation carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// callingName, in SETUP.
    Calling,
    /// calledName, in ALERTING (or a FACILITY before it).
    Called,
    /// connectedName, in CONNECT.
    Connected,
    /// busyName, in DISCONNECT / RELEASE / RELEASE COMPLETE with cause #17.
    Busy,
}

impl NameKind {
    /// The operation value.
    #[must_use]
    pub fn operation(self) -> i32 {
        match self {
            Self::Calling => op::CALLING_NAME,
            Self::Called => op::CALLED_NAME,
            Self::Connected => op::CONNECTED_NAME,
            Self::Busy => op::BUSY_NAME,
        }
    }
    /// The kind for an operation value 0–3.
    #[must_use]
    pub fn from_operation(op: i32) -> Option<Self> {
        match op {
            op::CALLING_NAME => Some(Self::Calling),
            op::CALLED_NAME => Some(Self::Called),
            op::CONNECTED_NAME => Some(Self::Connected),
            op::BUSY_NAME => Some(Self::Busy),
            _ => None,
        }
    }
}

/// The typed argument of a received invoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
// Borrowed views, built once per received component and usually matched at once: a boxed
// callRerouteing argument would cost an allocation for no gain.
#[allow(clippy::large_enum_variant)]
pub enum Operation<'a> {
    /// callingName / calledName / connectedName / busyName.
    Name(NameKind, Name<'a>),
    /// divertingLegInformation1 (at the originating PINX).
    DivertingLegInformation1(DivertingLegInformation1<'a>),
    /// divertingLegInformation2 (at the diverted-to PINX).
    DivertingLegInformation2(DivertingLegInformation2<'a>),
    /// divertingLegInformation3 (at the originating PINX).
    DivertingLegInformation3(DivertingLegInformation3<'a>),
    /// callRerouteing (at the rerouteing PINX).
    CallRerouteing(CallRerouteingArg<'a>),
    /// callTransferIdentify (argument `DummyArg`; answered with a call identity).
    CallTransferIdentify,
    /// callTransferAbandon (argument `DummyArg`).
    CallTransferAbandon,
    /// callTransferInitiate: call identity and rerouteing number.
    CallTransferInitiate(CtInitiateArg<'a>),
    /// callTransferSetup: call identity.
    CallTransferSetup(CtSetupArg<'a>),
    /// callTransferActive.
    CallTransferActive(CtActiveArg<'a>),
    /// callTransferComplete.
    CallTransferComplete(CtCompleteArg<'a>),
    /// callTransferUpdate.
    CallTransferUpdate(CtUpdateArg<'a>),
    /// mwiActivate.
    MwiActivate(MwiArg<'a>),
    /// mwiDeactivate.
    MwiDeactivate(MwiArg<'a>),
    /// mwiInterrogate.
    MwiInterrogate(MwiArg<'a>),
    /// An operation the caller declared it handles itself (see [`read_with`]), untyped.
    Other {
        /// The local operation value.
        operation: i32,
        /// The argument element.
        argument: Option<Tlv<'a>>,
    },
}

impl Operation<'_> {
    /// The local operation value ([`op`]) this operation was received under.
    #[must_use]
    pub fn value(&self) -> i32 {
        match self {
            Self::Name(kind, _) => kind.operation(),
            Self::DivertingLegInformation1(_) => op::DLI1,
            Self::DivertingLegInformation2(_) => op::DLI2,
            Self::DivertingLegInformation3(_) => op::DLI3,
            Self::CallRerouteing(_) => op::CALL_REROUTEING,
            Self::CallTransferIdentify => op::CT_IDENTIFY,
            Self::CallTransferAbandon => op::CT_ABANDON,
            Self::CallTransferInitiate(_) => op::CT_INITIATE,
            Self::CallTransferSetup(_) => op::CT_SETUP,
            Self::CallTransferActive(_) => op::CT_ACTIVE,
            Self::CallTransferComplete(_) => op::CT_COMPLETE,
            Self::CallTransferUpdate(_) => op::CT_UPDATE,
            Self::MwiActivate(_) => op::MWI_ACTIVATE,
            Self::MwiDeactivate(_) => op::MWI_DEACTIVATE,
            Self::MwiInterrogate(_) => op::MWI_INTERROGATE,
            Self::Other { operation, .. } => *operation,
        }
    }
}

/// One received service component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)]
pub enum Indication<'a> {
    /// A recognised invoke.
    Invoke {
        /// Its invoke identifier, to answer with.
        invoke_id: i32,
        /// Linked identifier, if any.
        linked_id: Option<i32>,
        /// The typed operation.
        operation: Operation<'a>,
    },
    /// A returnResult; match it to the invoke by `invoke_id`.
    Result {
        /// Identifier of the answered invoke.
        invoke_id: i32,
        /// The operation value and result element, when the result carries one.
        result: Option<(i32, Tlv<'a>)>,
    },
    /// A returnError.
    Error {
        /// Identifier of the answered invoke.
        invoke_id: i32,
        /// The error value (a global code's last arc).
        error: i32,
        /// The parameter element.
        parameter: Option<Tlv<'a>>,
    },
    /// A Reject of something this side sent.
    Reject {
        /// The rejected invoke's identifier, when known.
        invoke_id: Option<i32>,
        /// The problem.
        problem: Problem,
    },
}

/// What to do about the unrecognised invokes of a received Facility IE (ECMA-165 §8.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Disposition {
    /// Every invoke was recognised, or the unrecognised ones were to be discarded.
    Continue,
    /// Clear the call (or CIS connection): an unrecognised invoke asked for it. Clear with
    /// cause #69 "requested facility not implemented", as libpri does.
    ClearCall(CauseValue),
}

/// Everything read from one received Facility IE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received<'a> {
    /// The header, as sent (entity addresses typed; a missing interpretation APDU is `None`).
    pub header: Header<'a>,
    /// The recognised components, in order.
    pub indications: Vec<Indication<'a>>,
    /// Invokes that were not recognised and were discarded, by operation value (a global code
    /// by its last arc, -1 when that does not fit).
    pub discarded: Vec<i32>,
    /// Whether the call must be cleared.
    pub disposition: Disposition,
    /// Facility IE contents to send back (Rejects of unrecognised or mistyped components), if
    /// any: the call-control layer sends them in a FACILITY (or the next message).
    pub reply: Option<Vec<u8>>,
}

/// Reads received Facility IE contents (protocol profile octet included) with the operations
/// this module types ([`TYPED_OPERATIONS`]) recognised.
pub fn read(contents: &[u8]) -> Result<Received<'_>, ParseError> {
    read_with(contents, &[])
}

/// Like [`read`], with `also_recognised` operations (e.g. call completion) handed back
/// untyped as [`Operation::Other`] instead of being treated as unrecognised.
///
/// Errors (with offsets into `contents`) are for contents that are not QSIG or not ROSE at
/// all; a component whose argument does not decode is answered with a Reject
/// (`mistypedArgument`) in [`Received::reply`] instead.
pub fn read_with<'a>(
    contents: &'a [u8],
    also_recognised: &[i32],
) -> Result<Received<'a>, ParseError> {
    let Some((&profile, components)) = contents.split_first() else {
        return Err(ParseError::truncated(0, 1));
    };
    if profile != PROFILE_OCTET {
        return Err(ParseError::unsupported(
            0,
            "protocol profile other than networking extensions",
        ));
    }
    let mut header = Header {
        interpretation: None,
        ..Header::end_to_end(Interpretation::Discard)
    };
    let mut received = Received {
        header,
        indications: Vec::new(),
        discarded: Vec::new(),
        disposition: Disposition::Continue,
        reply: None,
    };
    let mut rejects = Vec::new();
    let mut unrecognised = Vec::new();
    let mut count = 0;
    // A second walk over the same elements gives each one's offset for error reports.
    let mut at = Reader::new(components);
    for apdu in rose::apdus(components) {
        let apdu = apdu.map_err(|e| e.shifted(1))?;
        let offset = at.read().ok().flatten().map_or(0, |t| t.offset) + 1;
        if matches!(
            apdu,
            Apdu::Invoke(_) | Apdu::ReturnResult(_) | Apdu::ReturnError(_) | Apdu::Reject(_)
        ) {
            count += 1;
            if count > MAX_COMPONENTS {
                return Err(ParseError::limit(
                    offset,
                    "ROSE components in one Facility IE",
                ));
            }
        }
        match apdu {
            Apdu::NetworkFacilityExtension {
                source_entity,
                source_address,
                destination_entity,
                destination_address,
            } => {
                let entity = |v: i32| {
                    Entity::from_value(v).ok_or(ParseError::invalid(
                        offset,
                        "network facility extension entity",
                    ))
                };
                header.source = entity(source_entity)?;
                header.destination = entity(destination_entity)?;
                let address = |t: Option<Tlv<'a>>| {
                    t.map(|t| {
                        PartyNumber::parse(&explicit(&t, "entity address")?)
                            .map_err(|e| e.shifted(offset))
                    })
                    .transpose()
                };
                header.source_address = address(source_address)?;
                header.destination_address = address(destination_address)?;
            }
            Apdu::Interpretation(v) => {
                header.interpretation = Some(
                    Interpretation::from_value(v)
                        .ok_or(ParseError::invalid(offset, "interpretation APDU value"))?,
                );
            }
            Apdu::NetworkProtocolProfile(_) | Apdu::Unknown(_) => {}
            Apdu::Invoke(inv) => {
                // Global codes count by the local value their OID maps to.
                let recognised = qops::local_operation(&inv.operation)
                    .filter(|op| TYPED_OPERATIONS.contains(op) || also_recognised.contains(op));
                let Some(opv) = recognised else {
                    unrecognised.push((inv.invoke_id, inv.operation.value()));
                    continue;
                };
                match decode_operation(opv, inv.argument, also_recognised) {
                    Ok(operation) => received.indications.push(Indication::Invoke {
                        invoke_id: inv.invoke_id,
                        linked_id: inv.linked_id,
                        operation,
                    }),
                    Err(_) => rejects.push(Component::Reject {
                        invoke_id: Some(inv.invoke_id),
                        problem: Problem::MISTYPED_ARGUMENT,
                    }),
                }
            }
            Apdu::ReturnResult(rr) => {
                let result = match rr.result {
                    Some((code, t)) => match code.value().and_then(|v| i32::try_from(v).ok()) {
                        Some(v) => Some((v, t)),
                        None => {
                            rejects.push(Component::Reject {
                                invoke_id: Some(rr.invoke_id),
                                problem: Problem::ReturnResult(2),
                            });
                            continue;
                        }
                    },
                    None => None,
                };
                received.indications.push(Indication::Result {
                    invoke_id: rr.invoke_id,
                    result,
                });
            }
            Apdu::ReturnError(re) => {
                let Some(error) = re.error.value().and_then(|v| i32::try_from(v).ok()) else {
                    rejects.push(Component::Reject {
                        invoke_id: Some(re.invoke_id),
                        problem: Problem::ReturnError(2),
                    });
                    continue;
                };
                received.indications.push(Indication::Error {
                    invoke_id: re.invoke_id,
                    error,
                    parameter: re.parameter,
                });
            }
            Apdu::Reject(rj) => {
                received.indications.push(Indication::Reject {
                    invoke_id: rj.invoke_id,
                    problem: Problem::from_kind(rj.problem_kind, rj.problem),
                });
            }
        }
    }
    // ECMA-165 §8.2.2: an absent interpretation APDU means "reject".
    match header.interpretation.unwrap_or(Interpretation::Reject) {
        Interpretation::Discard => {
            received.discarded = unrecognised
                .iter()
                .map(|&(_, op)| op.and_then(|v| i32::try_from(v).ok()).unwrap_or(-1))
                .collect();
        }
        Interpretation::ClearCall if !unrecognised.is_empty() => {
            received.disposition = Disposition::ClearCall(CauseValue::FACILITY_NOT_IMPLEMENTED);
        }
        Interpretation::ClearCall => {}
        Interpretation::Reject => {
            for &(id, _) in &unrecognised {
                rejects.push(Component::Reject {
                    invoke_id: Some(id),
                    problem: Problem::UNRECOGNIZED_OPERATION,
                });
            }
        }
    }
    if !rejects.is_empty() {
        // Back to whoever sent it: the destination becomes the source.
        let back = Header {
            source: header.destination,
            source_address: header.destination_address,
            destination: header.source,
            destination_address: header.source_address,
            interpretation: None,
        };
        received.reply = Some(build(&back, &rejects));
    }
    received.header = header;
    Ok(received)
}

fn decode_operation<'a>(
    opv: i32,
    argument: Option<Tlv<'a>>,
    also: &[i32],
) -> Result<Operation<'a>, ParseError> {
    if !TYPED_OPERATIONS.contains(&opv) && also.contains(&opv) {
        return Ok(Operation::Other {
            operation: opv,
            argument,
        });
    }
    let Some(arg) = argument else {
        // callTransferIdentify / Abandon without their NULL argument are still understood.
        return match opv {
            op::CT_IDENTIFY => Ok(Operation::CallTransferIdentify),
            op::CT_ABANDON => Ok(Operation::CallTransferAbandon),
            _ => Err(ParseError::invalid(0, "missing argument")),
        };
    };
    let typed = qops::decode_argument(opv, &arg)?;
    Ok(match (opv, typed) {
        (_, Some(Argument::Name(n))) => Operation::Name(
            NameKind::from_operation(opv).ok_or(ParseError::invalid(arg.offset, "name op"))?,
            n,
        ),
        (_, Some(Argument::DivertingLegInformation1(a))) => Operation::DivertingLegInformation1(a),
        (_, Some(Argument::DivertingLegInformation2(a))) => Operation::DivertingLegInformation2(a),
        (_, Some(Argument::DivertingLegInformation3(a))) => Operation::DivertingLegInformation3(a),
        (_, Some(Argument::CallRerouteing(a))) => Operation::CallRerouteing(a),
        (op::CT_IDENTIFY, Some(Argument::CallTransferDummy(_))) => Operation::CallTransferIdentify,
        (op::CT_ABANDON, Some(Argument::CallTransferDummy(_))) => Operation::CallTransferAbandon,
        (op::CT_INITIATE, Some(Argument::CallTransferIdentity(a))) => {
            Operation::CallTransferInitiate(a)
        }
        (op::CT_SETUP, Some(Argument::CallTransferIdentity(a))) => Operation::CallTransferSetup(a),
        (_, Some(Argument::CallTransferActive(a))) => Operation::CallTransferActive(a),
        (_, Some(Argument::CallTransferComplete(a))) => Operation::CallTransferComplete(a),
        (_, Some(Argument::CallTransferUpdate(a))) => Operation::CallTransferUpdate(a),
        (op::MWI_ACTIVATE, Some(Argument::Mwi(a))) => Operation::MwiActivate(a),
        (op::MWI_DEACTIVATE, Some(Argument::Mwi(a))) => Operation::MwiDeactivate(a),
        (op::MWI_INTERROGATE, Some(Argument::Mwi(a))) => Operation::MwiInterrogate(a),
        _ => return Err(ParseError::invalid(arg.offset, "operation")),
    })
}

/// The NULL element (`05 00`), the result of operations whose result is `DummyRes` / NULL.
pub const NULL: [u8; 2] = [0x05, 0x00];

/// How an invoke this side sent ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// returnResult, with the result element's octets when there is one.
    Result(Option<Vec<u8>>),
    /// returnError with this error value ([`error_code`]) and the parameter's octets.
    Error(i32, Option<Vec<u8>>),
    /// The peer rejected the invoke.
    Rejected(Problem),
    /// No answer before the deadline.
    TimedOut,
    /// The call or call-independent connection carrying the invoke was cleared, with this
    /// cause, before an answer came (libpri clears an MWI CIS it does not serve with #69).
    Cleared(CauseValue),
}

/// The invokes a state machine has outstanding, with their deadlines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PendingInvokes {
    entries: Vec<(i32, i32, Instant)>,
}

impl PendingInvokes {
    /// Records invoke `invoke_id` of operation `operation`, answered by `deadline`.
    pub(crate) fn insert(&mut self, invoke_id: i32, operation: i32, deadline: Instant) {
        self.entries.retain(|e| e.0 != invoke_id);
        self.entries.push((invoke_id, operation, deadline));
    }

    /// Removes `invoke_id`, returning its operation.
    pub(crate) fn take(&mut self, invoke_id: i32) -> Option<i32> {
        let i = self.entries.iter().position(|e| e.0 == invoke_id)?;
        Some(self.entries.remove(i).1)
    }

    /// The earliest deadline.
    #[must_use]
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.entries.iter().map(|e| e.2).min()
    }

    /// Removes and returns `(invoke_id, operation)` of every invoke whose deadline is at or
    /// before `now`.
    pub(crate) fn expire(&mut self, now: Instant) -> Vec<(i32, i32)> {
        let mut out = Vec::new();
        self.entries.retain(|&(id, op, d)| {
            if d <= now {
                out.push((id, op));
                false
            } else {
                true
            }
        });
        out
    }

    /// Matches the answers in `received` to outstanding invokes: `(invoke_id, operation,
    /// outcome)` for each, removing them. Answers to identifiers not outstanding are left out.
    pub(crate) fn answers(&mut self, received: &Received<'_>) -> Vec<(i32, i32, Outcome)> {
        let mut out = Vec::new();
        for ind in &received.indications {
            let (id, outcome) = match *ind {
                Indication::Result { invoke_id, result } => (
                    invoke_id,
                    Outcome::Result(result.map(|(_, t)| t.raw.to_vec())),
                ),
                Indication::Error {
                    invoke_id,
                    error,
                    parameter,
                } => (
                    invoke_id,
                    Outcome::Error(error, parameter.map(|p| p.raw.to_vec())),
                ),
                Indication::Reject {
                    invoke_id: Some(invoke_id),
                    problem,
                } => (invoke_id, Outcome::Rejected(problem)),
                _ => continue,
            };
            if let Some(op) = self.take(id) {
                out.push((id, op, outcome));
            }
        }
        out
    }
}
