//! QSIG operations: the operation and error values ([`op`], [`error_code`]) with their
//! names, global codes mapped to local values, and the one entry point for typed arguments
//! and results ([`decode_argument`] / [`Argument::emit`], [`decode_result`] /
//! [`OperationResult::emit`]). The argument types of names (ECMA-164, ops 0–3), diverting leg
//! information (ECMA-174, ops 20–22) and MWI (ECMA-242, ops 80–82) are defined here; those of
//! the other services in [`super::arguments`] and [`super::aoc`], and the shared data types in
//! [`super::addressing`], all re-exported here so that one `use qsig::ops::…` reaches them.

use alloc::vec::Vec;

use super::ber::{enumerated, explicit, size, write_integer, write_tlv, Class, Tlv};
use crate::{EmitError, ParseError};

pub use super::addressing::{
    Address, AddressScreened, ExtensionChoice, PartySubaddress, PresentedAddressScreened,
    PresentedNumberScreened, PresentedScreened, Pss1InformationElement,
};
pub use super::aoc::{
    Amount, AocChargeArg, AocEnumRes, AocFinalArg, AocInterimArg, AocRateArg, AocUserArg,
    AocsCurrencyInfo, Charge, ChargeRequestArg, ChargingAssociation, RateType, RecordedCurrency,
    Time,
};
pub use super::arguments::{
    CallIdentityArg, CallRerouteingArg, CcOptionalArg, CcRequestArg, CcRequestRes,
    CheckRestrictionArg, CtActiveArg, CtCompleteArg, CtIdentifyRes, CtInitiateArg, CtSetupArg,
    CtUpdateArg, DiversionQArg, IntResult, MwiInterrogateResElt, PrProposeArg, PrRetainArg,
    PrSetupArg, SubaddressTransferArg,
};

/// QSIG local operation values (ECMA-164 §6, ECMA-174 §6, ECMA-176 §6, ECMA-178 §6,
/// ECMA-186 §6, ECMA-212 §6, ECMA-242 §6), named after the standards' operations.
pub mod op {
    /// `callingName` (ECMA-164).
    pub const CALLING_NAME: i32 = 0;
    /// `calledName`.
    pub const CALLED_NAME: i32 = 1;
    /// `connectedName`.
    pub const CONNECTED_NAME: i32 = 2;
    /// `busyName`.
    pub const BUSY_NAME: i32 = 3;
    /// `pathReplacePropose` (ECMA-176).
    pub const PATH_REPLACE_PROPOSE: i32 = 4;
    /// `pathReplaceSetup`.
    pub const PATH_REPLACE_SETUP: i32 = 5;
    /// `pathReplaceRetain`.
    pub const PATH_REPLACE_RETAIN: i32 = 6;
    /// `callTransferIdentify` (ECMA-178).
    pub const CT_IDENTIFY: i32 = 7;
    /// `callTransferAbandon`.
    pub const CT_ABANDON: i32 = 8;
    /// `callTransferInitiate`.
    pub const CT_INITIATE: i32 = 9;
    /// `callTransferSetup`.
    pub const CT_SETUP: i32 = 10;
    /// `callTransferActive`.
    pub const CT_ACTIVE: i32 = 11;
    /// `callTransferComplete`.
    pub const CT_COMPLETE: i32 = 12;
    /// `callTransferUpdate`.
    pub const CT_UPDATE: i32 = 13;
    /// `subaddressTransfer`.
    pub const SUBADDRESS_TRANSFER: i32 = 14;
    /// `activateDiversionQ` (ECMA-174).
    pub const ACTIVATE_DIVERSION_Q: i32 = 15;
    /// `deactivateDiversionQ`.
    pub const DEACTIVATE_DIVERSION_Q: i32 = 16;
    /// `interrogateDiversionQ`.
    pub const INTERROGATE_DIVERSION_Q: i32 = 17;
    /// `checkRestriction`.
    pub const CHECK_RESTRICTION: i32 = 18;
    /// `callRerouteing`.
    pub const CALL_REROUTEING: i32 = 19;
    /// `divertingLegInformation1`.
    pub const DLI1: i32 = 20;
    /// `divertingLegInformation2`.
    pub const DLI2: i32 = 21;
    /// `divertingLegInformation3`.
    pub const DLI3: i32 = 22;
    /// `cfnrDivertedLegFailed`.
    pub const CFNR_DIVERTED_LEG_FAILED: i32 = 23;
    /// `ccnrRequest` (ECMA-186).
    pub const CCNR_REQUEST: i32 = 27;
    /// `ccCancel`.
    pub const CC_CANCEL: i32 = 28;
    /// `ccExecPossible`.
    pub const CC_EXEC_POSSIBLE: i32 = 29;
    /// `ccPathReserve`.
    pub const CC_PATH_RESERVE: i32 = 30;
    /// `ccRingout`.
    pub const CC_RINGOUT: i32 = 31;
    /// `ccSuspend`.
    pub const CC_SUSPEND: i32 = 32;
    /// `ccResume`.
    pub const CC_RESUME: i32 = 33;
    /// `ccbsRequest`.
    pub const CCBS_REQUEST: i32 = 40;
    /// `chargeRequest` (ECMA-212).
    pub const CHARGE_REQUEST: i32 = 59;
    /// `getFinalCharge`.
    pub const GET_FINAL_CHARGE: i32 = 60;
    /// `aocFinal`.
    pub const AOC_FINAL: i32 = 61;
    /// `aocInterim`.
    pub const AOC_INTERIM: i32 = 62;
    /// `aocRate`.
    pub const AOC_RATE: i32 = 63;
    /// `aocComplete`.
    pub const AOC_COMPLETE: i32 = 64;
    /// `aocDivChargeReq`.
    pub const AOC_DIV_CHARGE_REQ: i32 = 65;
    /// `mwiActivate` (ECMA-242).
    pub const MWI_ACTIVATE: i32 = 80;
    /// `mwiDeactivate`.
    pub const MWI_DEACTIVATE: i32 = 81;
    /// `mwiInterrogate`.
    pub const MWI_INTERROGATE: i32 = 82;
}

/// The QSIG local operation values with the standards' names.
pub const OPERATIONS: &[(i32, &str)] = &[
    (op::CALLING_NAME, "callingName"),
    (op::CALLED_NAME, "calledName"),
    (op::CONNECTED_NAME, "connectedName"),
    (op::BUSY_NAME, "busyName"),
    (op::PATH_REPLACE_PROPOSE, "pathReplacePropose"),
    (op::PATH_REPLACE_SETUP, "pathReplaceSetup"),
    (op::PATH_REPLACE_RETAIN, "pathReplaceRetain"),
    (op::CT_IDENTIFY, "callTransferIdentify"),
    (op::CT_ABANDON, "callTransferAbandon"),
    (op::CT_INITIATE, "callTransferInitiate"),
    (op::CT_SETUP, "callTransferSetup"),
    (op::CT_ACTIVE, "callTransferActive"),
    (op::CT_COMPLETE, "callTransferComplete"),
    (op::CT_UPDATE, "callTransferUpdate"),
    (op::SUBADDRESS_TRANSFER, "subaddressTransfer"),
    (op::ACTIVATE_DIVERSION_Q, "activateDiversionQ"),
    (op::DEACTIVATE_DIVERSION_Q, "deactivateDiversionQ"),
    (op::INTERROGATE_DIVERSION_Q, "interrogateDiversionQ"),
    (op::CHECK_RESTRICTION, "checkRestriction"),
    (op::CALL_REROUTEING, "callRerouteing"),
    (op::DLI1, "divertingLegInformation1"),
    (op::DLI2, "divertingLegInformation2"),
    (op::DLI3, "divertingLegInformation3"),
    (op::CFNR_DIVERTED_LEG_FAILED, "cfnrDivertedLegFailed"),
    (op::CCNR_REQUEST, "ccnrRequest"),
    (op::CC_CANCEL, "ccCancel"),
    (op::CC_EXEC_POSSIBLE, "ccExecPossible"),
    (op::CC_PATH_RESERVE, "ccPathReserve"),
    (op::CC_RINGOUT, "ccRingout"),
    (op::CC_SUSPEND, "ccSuspend"),
    (op::CC_RESUME, "ccResume"),
    (op::CCBS_REQUEST, "ccbsRequest"),
    (op::CHARGE_REQUEST, "chargeRequest"),
    (op::GET_FINAL_CHARGE, "getFinalCharge"),
    (op::AOC_FINAL, "aocFinal"),
    (op::AOC_INTERIM, "aocInterim"),
    (op::AOC_RATE, "aocRate"),
    (op::AOC_COMPLETE, "aocComplete"),
    (op::AOC_DIV_CHARGE_REQ, "aocDivChargeReq"),
    (op::MWI_ACTIVATE, "mwiActivate"),
    (op::MWI_DEACTIVATE, "mwiDeactivate"),
    (op::MWI_INTERROGATE, "mwiInterrogate"),
];

/// The name of a QSIG local operation value, `None` for values not listed in [`OPERATIONS`].
#[must_use]
pub fn operation_name(op: i32) -> Option<&'static str> {
    OPERATIONS.iter().find(|(v, _)| *v == op).map(|(_, n)| *n)
}

/// `Name` of ECMA-164 §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name<'a> {
    /// A name: presentation allowed (`[0]`/`[1]`) or restricted (`[2]`/`[3]`).
    Presented {
        /// Presentation restricted.
        restricted: bool,
        /// `NameData` (OCTET STRING, 1–50 octets).
        data: &'a [u8],
        /// The extended form (`NameSet`), with its optional character set.
        extended: bool,
        /// `characterSet` of the extended form (1 ISO 8859-1, …, 9 UTF-8), if given.
        character_set: Option<i32>,
    },
    /// `nameNotAvailable [4] IMPLICIT NULL`.
    NotAvailable,
    /// `namePresentationRestrictedNull [7] IMPLICIT NULL`.
    RestrictedNull,
}

impl<'a> Name<'a> {
    /// The size of `NameData` (ECMA-164 §6: `OCTET STRING (SIZE(1..50))`).
    pub const DATA_SIZE: core::ops::RangeInclusive<usize> = 1..=50;

    /// Decodes a `Name`.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        if t.class != Class::Context {
            return Err(ParseError::invalid(t.offset, "Name"));
        }
        let presented = |restricted: bool, extended: bool| -> Result<Self, ParseError> {
            if !extended {
                return Self::data(t.value, t.offset).map(|data| Self::Presented {
                    restricted,
                    data,
                    extended,
                    character_set: None,
                });
            }
            let mut r = t.children();
            let d = r.expect("nameData")?;
            if !d.is(Class::Universal, false, 4) {
                return Err(ParseError::invalid(d.offset, "nameData"));
            }
            let character_set = r
                .read_if(Class::Universal, false, 2)?
                .map(|c| c.integer())
                .transpose()?;
            Ok(Self::Presented {
                restricted,
                data: Self::data(d.value, d.offset)?,
                extended,
                character_set,
            })
        };
        match (t.constructed, t.tag) {
            (false, 0) => presented(false, false),
            (true, 1) => presented(false, true),
            (false, 2) => presented(true, false),
            (true, 3) => presented(true, true),
            (false, 4) if t.value.is_empty() => Ok(Self::NotAvailable),
            (false, 7) if t.value.is_empty() => Ok(Self::RestrictedNull),
            _ => Err(ParseError::invalid(t.offset, "Name")),
        }
    }

    /// Appends the `Name` (a `NameArg` in its plain form) in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match *self {
            Self::Presented {
                restricted,
                data,
                extended,
                character_set,
            } => {
                let tag = if restricted { 2 } else { 0 };
                if extended {
                    let mut c = Vec::new();
                    write_tlv(&mut c, 0x04, data);
                    if let Some(cs) = character_set {
                        write_integer(&mut c, 0x02, cs);
                    }
                    write_tlv(out, 0xA0 | (tag + 1), &c);
                } else {
                    write_tlv(out, 0x80 | tag, data);
                }
            }
            Self::NotAvailable => write_tlv(out, 0x84, &[]),
            Self::RestrictedNull => write_tlv(out, 0x87, &[]),
        }
    }

    fn data(v: &'a [u8], offset: usize) -> Result<&'a [u8], ParseError> {
        if !Self::DATA_SIZE.contains(&v.len()) {
            return Err(ParseError::invalid(offset, "NameData size (1..50)"));
        }
        Ok(v)
    }

    /// Checks the name before encoding: `NameData` is 1–50 octets ([`Self::DATA_SIZE`]).
    pub fn check(&self) -> Result<(), EmitError> {
        match self {
            Self::Presented { data, .. } if !Self::DATA_SIZE.contains(&data.len()) => {
                Err(EmitError::Unencodable("NameData size (1..50)"))
            }
            _ => Ok(()),
        }
    }

    /// `NameArg` (ECMA-164): a `Name`, or `SEQUENCE { name, extension [5]/[6] OPTIONAL }`.
    pub fn parse_arg(t: &Tlv<'a>) -> Result<Self, ParseError> {
        if t.is(Class::Universal, true, 16) {
            let mut r = t.children();
            return Self::parse(&r.expect("name")?);
        }
        Self::parse(t)
    }
}

/// `PartyNumber` (ECMA-155 addressing, used by every QSIG service).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyNumber<'a> {
    /// `unknownPartyNumber [0] IMPLICIT NumberDigits`.
    Unknown(&'a [u8]),
    /// `publicPartyNumber [1] IMPLICIT PublicPartyNumber`.
    Public {
        /// `publicTypeOfNumber` (0 unknown, 1 international, 2 national, 3 network specific,
        /// 4 subscriber, 6 abbreviated).
        type_of_number: i32,
        /// The digits.
        digits: &'a [u8],
    },
    /// `nsapEncodedNumber [2] IMPLICIT OCTET STRING`.
    Nsap(&'a [u8]),
    /// `dataPartyNumber [3] IMPLICIT NumberDigits`.
    Data(&'a [u8]),
    /// `telexPartyNumber [4] IMPLICIT NumberDigits`.
    Telex(&'a [u8]),
    /// `privatePartyNumber [5] IMPLICIT PrivatePartyNumber`.
    Private {
        /// `privateTypeOfNumber` (0 unknown, 1 level-2 regional, 2 level-1 regional,
        /// 3 PISN specific, 4 local, 6 abbreviated).
        type_of_number: i32,
        /// The digits.
        digits: &'a [u8],
    },
    /// `nationalStandardPartyNumber [8] IMPLICIT NumberDigits`.
    NationalStandard(&'a [u8]),
}

impl<'a> PartyNumber<'a> {
    /// Most digits of `NumberDigits` (`NumericString (SIZE(1..20))`, ECMA-165 §10.5); the
    /// decoder accepts an empty string so that a relay keeps what a peer sent.
    pub const MAX_DIGITS: usize = 20;

    /// Checks the number before encoding: at most [`Self::MAX_DIGITS`] digits, the bound
    /// [`Self::parse`] enforces.
    pub fn check(&self) -> Result<(), EmitError> {
        if self.digits().len() > Self::MAX_DIGITS {
            return Err(EmitError::Unencodable("PartyNumber digits SIZE(1..20)"));
        }
        Ok(())
    }

    /// Decodes a `PartyNumber`.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        if t.class != Class::Context {
            return Err(ParseError::invalid(t.offset, "PartyNumber"));
        }
        let typed = || -> Result<(i32, &'a [u8]), ParseError> {
            let mut r = t.children();
            let ton = r.expect("type of number")?;
            if !ton.is(Class::Universal, false, 10) {
                return Err(ParseError::invalid(ton.offset, "type of number"));
            }
            let d = r.expect("digits")?;
            if !d.is(Class::Universal, false, 18) {
                return Err(ParseError::invalid(d.offset, "NumberDigits"));
            }
            size(
                d.value.len(),
                d.offset,
                0,
                Self::MAX_DIGITS,
                "PartyNumber digits SIZE(1..20)",
            )?;
            Ok((ton.integer()?, d.value))
        };
        // NumberDigits ::= NumericString (SIZE(1..20)): the upper bound is enforced; an empty
        // string is accepted (and re-emitted) so that a relay keeps what a peer sent.
        if !t.constructed {
            size(
                t.value.len(),
                t.offset,
                0,
                Self::MAX_DIGITS,
                "PartyNumber digits SIZE(1..20)",
            )?;
        }
        Ok(match (t.constructed, t.tag) {
            (false, 0) => Self::Unknown(t.value),
            (true, 1) => {
                let (type_of_number, digits) = typed()?;
                Self::Public {
                    type_of_number,
                    digits,
                }
            }
            (false, 2) => Self::Nsap(t.value),
            (false, 3) => Self::Data(t.value),
            (false, 4) => Self::Telex(t.value),
            (true, 5) => {
                let (type_of_number, digits) = typed()?;
                Self::Private {
                    type_of_number,
                    digits,
                }
            }
            (false, 8) => Self::NationalStandard(t.value),
            _ => return Err(ParseError::invalid(t.offset, "PartyNumber")),
        })
    }

    /// Appends the `PartyNumber` in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let typed = |out: &mut Vec<u8>, id: u8, ton: i32, digits: &[u8]| {
            let mut c = Vec::new();
            write_integer(&mut c, 0x0A, ton);
            write_tlv(&mut c, 0x12, digits);
            write_tlv(out, id, &c);
        };
        match *self {
            Self::Unknown(d) => write_tlv(out, 0x80, d),
            Self::Public {
                type_of_number,
                digits,
            } => typed(out, 0xA1, type_of_number, digits),
            Self::Nsap(d) => write_tlv(out, 0x82, d),
            Self::Data(d) => write_tlv(out, 0x83, d),
            Self::Telex(d) => write_tlv(out, 0x84, d),
            Self::Private {
                type_of_number,
                digits,
            } => typed(out, 0xA5, type_of_number, digits),
            Self::NationalStandard(d) => write_tlv(out, 0x88, d),
        }
    }

    /// The digits of any form (the NSAP form gives its octets).
    #[must_use]
    pub fn digits(&self) -> &'a [u8] {
        match *self {
            Self::Unknown(d)
            | Self::Nsap(d)
            | Self::Data(d)
            | Self::Telex(d)
            | Self::NationalStandard(d)
            | Self::Public { digits: d, .. }
            | Self::Private { digits: d, .. } => d,
        }
    }
}

/// `MsgCentreId` (ECMA-242).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgCentreId<'a> {
    /// `integer [0] IMPLICIT INTEGER (0..65535)`.
    Integer(i32),
    /// `partyNumber [1] EXPLICIT PartyNumber`.
    PartyNumber(PartyNumber<'a>),
    /// `numericString [2] IMPLICIT NumericString (SIZE(1..10))`.
    NumericString(&'a [u8]),
}

impl<'a> MsgCentreId<'a> {
    /// Decodes a `MsgCentreId`.
    pub fn parse(m: &Tlv<'a>) -> Result<Self, ParseError> {
        Ok(match (m.class, m.constructed, m.tag) {
            (Class::Context, false, 0) => Self::Integer(m.integer()?),
            (Class::Context, true, 1) => {
                Self::PartyNumber(PartyNumber::parse(&explicit(m, "partyNumber")?)?)
            }
            (Class::Context, false, 2) => {
                size(
                    m.value.len(),
                    m.offset,
                    1,
                    10,
                    "MsgCentreId numericString SIZE(1..10)",
                )?;
                Self::NumericString(m.value)
            }
            _ => return Err(ParseError::invalid(m.offset, "msgCentreId")),
        })
    }

    /// Appends the value in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match *self {
            Self::Integer(v) => write_integer(out, 0x80, v),
            Self::PartyNumber(p) => {
                let mut inner = Vec::new();
                p.emit(&mut inner);
                write_tlv(out, 0xA1, &inner);
            }
            Self::NumericString(s) => write_tlv(out, 0x82, s),
        }
    }
}

/// `MWIActivateArg` (ECMA-242 §6), or with the activate-only fields absent, `MWIDeactivateArg`
/// and `MWIInterrogateArg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MwiArg<'a> {
    /// `servedUserNr`.
    pub served_user_nr: PartyNumber<'a>,
    /// `basicService` (ENUMERATED: 0 allServices, 1 speech, …).
    pub basic_service: i32,
    /// `msgCentreId`.
    pub msg_centre_id: Option<MsgCentreId<'a>>,
    /// `nbOfMessages [3]` (activate only).
    pub nb_of_messages: Option<i32>,
    /// `originatingNr [4]` (activate only).
    pub originating_nr: Option<PartyNumber<'a>>,
    /// `timestamp` GeneralizedTime octets (activate only).
    pub timestamp: Option<&'a [u8]>,
    /// `priority [5]` (activate only).
    pub priority: Option<i32>,
    /// The extension element, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> MwiArg<'a> {
    /// Decodes the argument of `op` 80 (activate), 81 (deactivate) or 82 (interrogate).
    pub fn parse(op: i32, t: &Tlv<'a>) -> Result<Self, ParseError> {
        if !t.is(Class::Universal, true, 16) {
            return Err(ParseError::invalid(t.offset, "MWI argument SEQUENCE"));
        }
        let activate = op == op::MWI_ACTIVATE;
        let mut r = t.children();
        let served_user_nr = PartyNumber::parse(&r.expect("servedUserNr")?)?;
        let bs = r.expect("basicService")?;
        if !bs.is(Class::Universal, false, 10) {
            return Err(ParseError::invalid(bs.offset, "basicService"));
        }
        let mut arg = Self {
            served_user_nr,
            basic_service: bs.integer()?,
            msg_centre_id: None,
            nb_of_messages: None,
            originating_nr: None,
            timestamp: None,
            priority: None,
            extension: None,
        };
        let mut next = r.read()?;
        if let Some(m) = next.filter(|m| m.class == Class::Context && m.tag <= 2) {
            arg.msg_centre_id = Some(MsgCentreId::parse(&m)?);
            next = r.read()?;
        }
        let (ext_a, ext_b) = if activate { (6, 7) } else { (3, 4) };
        while let Some(e) = next {
            match (e.class, e.constructed, e.tag) {
                (Class::Context, false, 3) if activate => arg.nb_of_messages = Some(e.integer()?),
                (Class::Context, true, 4) if activate => {
                    let mut inner = e.children();
                    arg.originating_nr = Some(PartyNumber::parse(&inner.expect("originatingNr")?)?);
                }
                (Class::Universal, false, 24) if activate => {
                    arg.timestamp = Some(super::ber::timestamp(&e)?);
                }
                (Class::Context, false, 5) if activate => arg.priority = Some(e.integer()?),
                (Class::Context, _, tag) if tag == ext_a || tag == ext_b => arg.extension = Some(e),
                _ => return Err(ParseError::invalid(e.offset, "MWI argument element")),
            }
            next = r.read()?;
        }
        Ok(arg)
    }
}

impl MwiArg<'_> {
    /// Appends the argument in BER. Activate-only fields must be `None` for deactivate and
    /// interrogate arguments, whose extension uses tags `[3]`/`[4]`.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let mut c = Vec::new();
        self.served_user_nr.emit(&mut c);
        write_integer(&mut c, 0x0A, self.basic_service);
        if let Some(m) = self.msg_centre_id {
            m.emit(&mut c);
        }
        if let Some(n) = self.nb_of_messages {
            write_integer(&mut c, 0x83, n);
        }
        if let Some(p) = self.originating_nr {
            let mut inner = Vec::new();
            p.emit(&mut inner);
            write_tlv(&mut c, 0xA4, &inner);
        }
        if let Some(t) = self.timestamp {
            write_tlv(&mut c, 0x18, t);
        }
        if let Some(p) = self.priority {
            write_integer(&mut c, 0x85, p);
        }
        if let Some(e) = self.extension {
            c.extend_from_slice(e.raw);
        }
        write_tlv(out, 0x30, &c);
    }
}

/// `PresentedNumberUnscreened` (ECMA-174, ECMA-178).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresentedNumberUnscreened<'a> {
    /// `presentationAllowedNumber [0] EXPLICIT PartyNumber`.
    Allowed(PartyNumber<'a>),
    /// `presentationRestricted [1] IMPLICIT NULL`.
    Restricted,
    /// `numberNotAvailableDueToInterworking [2] IMPLICIT NULL`.
    NotAvailableDueToInterworking,
    /// `presentationRestrictedNumber [3] EXPLICIT PartyNumber`.
    RestrictedNumber(PartyNumber<'a>),
}

impl<'a> PresentedNumberUnscreened<'a> {
    /// Decodes a `PresentedNumberUnscreened`.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let inner = || -> Result<PartyNumber<'a>, ParseError> {
            let mut r = t.children();
            let n = PartyNumber::parse(&r.expect("PartyNumber")?)?;
            if let Some(x) = r.read()? {
                return Err(ParseError::invalid(
                    x.offset,
                    "extra element after PartyNumber",
                ));
            }
            Ok(n)
        };
        match (t.class, t.constructed, t.tag) {
            (Class::Context, true, 0) => Ok(Self::Allowed(inner()?)),
            (Class::Context, false, 1) if t.value.is_empty() => Ok(Self::Restricted),
            (Class::Context, false, 2) if t.value.is_empty() => {
                Ok(Self::NotAvailableDueToInterworking)
            }
            (Class::Context, true, 3) => Ok(Self::RestrictedNumber(inner()?)),
            _ => Err(ParseError::invalid(t.offset, "PresentedNumberUnscreened")),
        }
    }

    /// Appends the value in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let mut c = Vec::new();
        match *self {
            Self::Allowed(n) => {
                n.emit(&mut c);
                write_tlv(out, 0xA0, &c);
            }
            Self::Restricted => write_tlv(out, 0x81, &[]),
            Self::NotAvailableDueToInterworking => write_tlv(out, 0x82, &[]),
            Self::RestrictedNumber(n) => {
                n.emit(&mut c);
                write_tlv(out, 0xA3, &c);
            }
        }
    }
}

fn sequence<'a>(t: &Tlv<'a>, what: &'static str) -> Result<super::ber::Reader<'a>, ParseError> {
    if !t.is(Class::Universal, true, 16) {
        return Err(ParseError::invalid(t.offset, what));
    }
    Ok(t.children())
}

/// `DivertingLegInformation1Arg` (ECMA-174 §6, operation 20): sent by the rerouting PINX to
/// the originating PINX.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DivertingLegInformation1<'a> {
    /// `diversionReason` (0 unknown, 1 cfu, 2 cfb, 3 cfnr).
    pub diversion_reason: i32,
    /// `subscriptionOption` (0 noNotification, 1 notificationWithoutDivertedToNr,
    /// 2 notificationWithDivertedToNr).
    pub subscription_option: i32,
    /// `nominatedNr`.
    pub nominated_nr: PartyNumber<'a>,
    /// `extension [9]/[10]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> DivertingLegInformation1<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut r = sequence(t, "DivertingLegInformation1Arg")?;
        let diversion_reason = enumerated(&r.expect("diversionReason")?, "diversionReason")?;
        let subscription_option =
            enumerated(&r.expect("subscriptionOption")?, "subscriptionOption")?;
        let nominated_nr = PartyNumber::parse(&r.expect("nominatedNr")?)?;
        let extension = match r.read()? {
            Some(e) if e.class == Class::Context && (e.tag == 9 || e.tag == 10) => Some(e),
            Some(e) => return Err(ParseError::invalid(e.offset, "DLI1 element")),
            None => None,
        };
        if let Some(x) = r.read()? {
            return Err(ParseError::invalid(x.offset, "DLI1 element"));
        }
        Ok(Self {
            diversion_reason,
            subscription_option,
            nominated_nr,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let mut c = Vec::new();
        write_integer(&mut c, 0x0A, self.diversion_reason);
        write_integer(&mut c, 0x0A, self.subscription_option);
        self.nominated_nr.emit(&mut c);
        if let Some(e) = self.extension {
            c.extend_from_slice(e.raw);
        }
        write_tlv(out, 0x30, &c);
    }
}

/// `DivertingLegInformation2Arg` (ECMA-174 §6, operation 21): in the SETUP towards the
/// diverted-to PINX — who was called first, who diverted, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DivertingLegInformation2<'a> {
    /// `diversionCounter` (1–15).
    pub diversion_counter: i32,
    /// `diversionReason` (0 unknown, 1 cfu, 2 cfb, 3 cfnr).
    pub diversion_reason: i32,
    /// `originalDiversionReason [0]`.
    pub original_diversion_reason: Option<i32>,
    /// `divertingNr [1]`.
    pub diverting_nr: Option<PresentedNumberUnscreened<'a>>,
    /// `originalCalledNr [2]`.
    pub original_called_nr: Option<PresentedNumberUnscreened<'a>>,
    /// `redirectingName [3]`.
    pub redirecting_name: Option<Name<'a>>,
    /// `originalCalledName [4]`.
    pub original_called_name: Option<Name<'a>>,
    /// `extension [5]/[6]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> DivertingLegInformation2<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut r = sequence(t, "DivertingLegInformation2Arg")?;
        let c = r.expect("diversionCounter")?;
        if !c.is(Class::Universal, false, 2) {
            return Err(ParseError::invalid(c.offset, "diversionCounter"));
        }
        let mut a = Self {
            diversion_counter: c.integer()?,
            diversion_reason: enumerated(&r.expect("diversionReason")?, "diversionReason")?,
            original_diversion_reason: None,
            diverting_nr: None,
            original_called_nr: None,
            redirecting_name: None,
            original_called_name: None,
            extension: None,
        };
        // The optional elements, each at most once and in ascending tag order.
        let mut last = None;
        while let Some(e) = r.read()? {
            if e.class != Class::Context || last.is_some_and(|l| e.tag <= l) {
                return Err(ParseError::invalid(e.offset, "DLI2 element"));
            }
            last = Some(e.tag);
            match (e.constructed, e.tag) {
                (false, 0) => a.original_diversion_reason = Some(e.integer()?),
                (true, 1) => {
                    a.diverting_nr = Some(PresentedNumberUnscreened::parse(&explicit(
                        &e,
                        "divertingNr",
                    )?)?);
                }
                (true, 2) => {
                    a.original_called_nr = Some(PresentedNumberUnscreened::parse(&explicit(
                        &e,
                        "originalCalledNr",
                    )?)?);
                }
                (true, 3) => {
                    a.redirecting_name = Some(Name::parse(&explicit(&e, "redirectingName")?)?)
                }
                (true, 4) => {
                    a.original_called_name =
                        Some(Name::parse(&explicit(&e, "originalCalledName")?)?);
                }
                (_, 5 | 6) => a.extension = Some(e),
                _ => return Err(ParseError::invalid(e.offset, "DLI2 element")),
            }
        }
        Ok(a)
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let mut c = Vec::new();
        write_integer(&mut c, 0x02, self.diversion_counter);
        write_integer(&mut c, 0x0A, self.diversion_reason);
        if let Some(r) = self.original_diversion_reason {
            write_integer(&mut c, 0x80, r);
        }
        let wrap = |c: &mut Vec<u8>, id: u8, f: &dyn Fn(&mut Vec<u8>)| {
            let mut inner = Vec::new();
            f(&mut inner);
            write_tlv(c, id, &inner);
        };
        if let Some(n) = self.diverting_nr {
            wrap(&mut c, 0xA1, &|v| n.emit(v));
        }
        if let Some(n) = self.original_called_nr {
            wrap(&mut c, 0xA2, &|v| n.emit(v));
        }
        if let Some(n) = self.redirecting_name {
            wrap(&mut c, 0xA3, &|v| n.emit(v));
        }
        if let Some(n) = self.original_called_name {
            wrap(&mut c, 0xA4, &|v| n.emit(v));
        }
        if let Some(e) = self.extension {
            c.extend_from_slice(e.raw);
        }
        write_tlv(out, 0x30, &c);
    }
}

/// `DivertingLegInformation3Arg` (ECMA-174 §6, operation 22): from the diverted-to PINX.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DivertingLegInformation3<'a> {
    /// `presentationAllowedIndicator`.
    pub presentation_allowed: bool,
    /// `redirectionName [0]`.
    pub redirection_name: Option<Name<'a>>,
    /// `extension [1]/[2]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> DivertingLegInformation3<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut r = sequence(t, "DivertingLegInformation3Arg")?;
        let b = r.expect("presentationAllowedIndicator")?;
        if !b.is(Class::Universal, false, 1) || b.value.len() != 1 {
            return Err(ParseError::invalid(
                b.offset,
                "presentationAllowedIndicator",
            ));
        }
        let mut a = Self {
            presentation_allowed: b.value[0] != 0,
            redirection_name: None,
            extension: None,
        };
        let mut last = None;
        while let Some(e) = r.read()? {
            if e.class != Class::Context || last.is_some_and(|l| e.tag <= l) {
                return Err(ParseError::invalid(e.offset, "DLI3 element"));
            }
            last = Some(e.tag);
            match (e.constructed, e.tag) {
                (true, 0) => {
                    a.redirection_name = Some(Name::parse(&explicit(&e, "redirectionName")?)?)
                }
                (_, 1 | 2) => a.extension = Some(e),
                _ => return Err(ParseError::invalid(e.offset, "DLI3 element")),
            }
        }
        Ok(a)
    }

    /// Appends the argument in BER (BOOLEAN TRUE as `0x01`, as libpri encodes it; X.690 allows
    /// any non-zero octet, DER requires `0xFF`).
    pub fn emit(&self, out: &mut Vec<u8>) {
        let mut c = Vec::new();
        write_tlv(&mut c, 0x01, &[u8::from(self.presentation_allowed)]);
        if let Some(n) = self.redirection_name {
            let mut inner = Vec::new();
            n.emit(&mut inner);
            write_tlv(&mut c, 0xA0, &inner);
        }
        if let Some(e) = self.extension {
            c.extend_from_slice(e.raw);
        }
        write_tlv(out, 0x30, &c);
    }
}

/// A typed operation argument.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Argument<'a> {
    /// callingName, calledName, connectedName, busyName (ops 0–3).
    Name(Name<'a>),
    /// pathReplacePropose (op 4), pathReplaceRetain (op 6): call identity and rerouteing
    /// number; pathReplaceSetup (op 5): call identity only.
    PathReplace(CallIdentityArg<'a>),
    /// callTransferIdentify (op 7), callTransferAbandon (op 8): `DummyArg`.
    CallTransferDummy(ExtensionChoice<'a>),
    /// callTransferInitiate (op 9): call identity and rerouting number; callTransferSetup
    /// (op 10): call identity only.
    CallTransferIdentity(CallIdentityArg<'a>),
    /// callTransferActive (op 11).
    CallTransferActive(CtActiveArg<'a>),
    /// callTransferComplete (op 12).
    CallTransferComplete(CtCompleteArg<'a>),
    /// callTransferUpdate (op 13).
    CallTransferUpdate(CtUpdateArg<'a>),
    /// subaddressTransfer (op 14).
    SubaddressTransfer(SubaddressTransferArg<'a>),
    /// activateDiversionQ, deactivateDiversionQ, interrogateDiversionQ (ops 15–17).
    DiversionQ(DiversionQArg<'a>),
    /// checkRestriction (op 18).
    CheckRestriction(CheckRestrictionArg<'a>),
    /// callRerouteing (op 19).
    CallRerouteing(CallRerouteingArg<'a>),
    /// divertingLegInformation1 (op 20).
    DivertingLegInformation1(DivertingLegInformation1<'a>),
    /// divertingLegInformation2 (op 21).
    DivertingLegInformation2(DivertingLegInformation2<'a>),
    /// divertingLegInformation3 (op 22).
    DivertingLegInformation3(DivertingLegInformation3<'a>),
    /// cfnrDivertedLegFailed (op 23).
    CfnrDivertedLegFailed(ExtensionChoice<'a>),
    /// ccnrRequest (op 27), ccbsRequest (op 40).
    CcRequest(CcRequestArg<'a>),
    /// ccCancel (op 28), ccExecPossible (op 29).
    CcOptional(CcOptionalArg<'a>),
    /// ccPathReserve, ccRingout, ccSuspend, ccResume (ops 30–33): `CcExtension`.
    CcExtension(ExtensionChoice<'a>),
    /// chargeRequest (op 59).
    ChargeRequest(ChargeRequestArg<'a>),
    /// getFinalCharge (op 60): `DummyArg`.
    GetFinalCharge(ExtensionChoice<'a>),
    /// aocFinal (op 61), aocInterim (op 62).
    AocCharge(AocChargeArg<'a>),
    /// aocRate (op 63).
    AocRate(AocRateArg<'a>),
    /// aocComplete (op 64), aocDivChargeReq (op 65).
    AocUser(AocUserArg<'a>),
    /// mwiActivate, mwiDeactivate, mwiInterrogate (ops 80–82).
    Mwi(MwiArg<'a>),
}

impl Argument<'_> {
    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match self {
            Self::Name(n) => n.emit(out),
            Self::PathReplace(a) | Self::CallTransferIdentity(a) => a.emit(out),
            Self::CallTransferDummy(a)
            | Self::CfnrDivertedLegFailed(a)
            | Self::CcExtension(a)
            | Self::GetFinalCharge(a) => a.emit(out),
            Self::CallTransferActive(a) => a.emit(out),
            Self::CallTransferComplete(a) => a.emit(out),
            Self::CallTransferUpdate(a) => a.emit(out),
            Self::SubaddressTransfer(a) => a.emit(out),
            Self::DiversionQ(a) => a.emit(out),
            Self::CheckRestriction(a) => a.emit(out),
            Self::CallRerouteing(a) => a.emit(out),
            Self::DivertingLegInformation1(a) => a.emit(out),
            Self::DivertingLegInformation2(a) => a.emit(out),
            Self::DivertingLegInformation3(a) => a.emit(out),
            Self::CcRequest(a) => a.emit(out),
            Self::CcOptional(a) => a.emit(out),
            Self::ChargeRequest(a) => a.emit(out),
            Self::AocCharge(a) => a.emit(out),
            Self::AocRate(a) => a.emit(out),
            Self::AocUser(a) => a.emit(out),
            Self::Mwi(a) => a.emit(out),
        }
    }
}

/// Decodes the argument of a local operation this crate types; `Ok(None)` for other operations
/// (their argument stays a raw BER element).
pub fn decode_argument<'a>(op: i32, arg: &Tlv<'a>) -> Result<Option<Argument<'a>>, ParseError> {
    use op::*;
    Ok(Some(match op {
        CALLING_NAME..=BUSY_NAME => Argument::Name(Name::parse_arg(arg)?),
        PATH_REPLACE_PROPOSE | PATH_REPLACE_RETAIN => {
            Argument::PathReplace(CallIdentityArg::parse(arg, true, 1, 2)?)
        }
        PATH_REPLACE_SETUP => Argument::PathReplace(CallIdentityArg::parse(arg, false, 1, 2)?),
        CT_IDENTIFY | CT_ABANDON => Argument::CallTransferDummy(ExtensionChoice::parse(arg, 1, 2)?),
        CT_INITIATE => Argument::CallTransferIdentity(CallIdentityArg::parse(arg, true, 6, 7)?),
        CT_SETUP => Argument::CallTransferIdentity(CallIdentityArg::parse(arg, false, 0, 1)?),
        CT_ACTIVE => Argument::CallTransferActive(CtActiveArg::parse(arg)?),
        CT_COMPLETE => Argument::CallTransferComplete(CtCompleteArg::parse(arg)?),
        CT_UPDATE => Argument::CallTransferUpdate(CtUpdateArg::parse(arg)?),
        SUBADDRESS_TRANSFER => Argument::SubaddressTransfer(SubaddressTransferArg::parse(arg)?),
        ACTIVATE_DIVERSION_Q..=INTERROGATE_DIVERSION_Q => {
            Argument::DiversionQ(DiversionQArg::parse(op, arg)?)
        }
        CHECK_RESTRICTION => Argument::CheckRestriction(CheckRestrictionArg::parse(arg)?),
        CALL_REROUTEING => Argument::CallRerouteing(CallRerouteingArg::parse(arg)?),
        DLI1 => Argument::DivertingLegInformation1(DivertingLegInformation1::parse(arg)?),
        DLI2 => Argument::DivertingLegInformation2(DivertingLegInformation2::parse(arg)?),
        DLI3 => Argument::DivertingLegInformation3(DivertingLegInformation3::parse(arg)?),
        CFNR_DIVERTED_LEG_FAILED => {
            Argument::CfnrDivertedLegFailed(ExtensionChoice::parse(arg, 1, 2)?)
        }
        CCNR_REQUEST | CCBS_REQUEST => Argument::CcRequest(CcRequestArg::parse(arg)?),
        CC_CANCEL | CC_EXEC_POSSIBLE => Argument::CcOptional(CcOptionalArg::parse(arg)?),
        CC_PATH_RESERVE..=CC_RESUME => Argument::CcExtension(ExtensionChoice::parse(arg, 14, 15)?),
        CHARGE_REQUEST => Argument::ChargeRequest(ChargeRequestArg::parse(arg)?),
        GET_FINAL_CHARGE => Argument::GetFinalCharge(ExtensionChoice::parse(arg, 1, 2)?),
        AOC_FINAL | AOC_INTERIM => Argument::AocCharge(AocChargeArg::parse(op, arg)?),
        AOC_RATE => Argument::AocRate(AocRateArg::parse(arg)?),
        AOC_COMPLETE | AOC_DIV_CHARGE_REQ => Argument::AocUser(AocUserArg::parse(op, arg)?),
        MWI_ACTIVATE..=MWI_INTERROGATE => Argument::Mwi(MwiArg::parse(op, arg)?),
        _ => return Ok(None),
    }))
}

/// A typed operation result (the `result` of a ROSE ReturnResult).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OperationResult<'a> {
    /// `CHOICE { NULL, extension, extensions }` results: pathReplaceSetup (op 5),
    /// callTransferInitiate and callTransferSetup (ops 9, 10), activate/deactivateDiversionQ,
    /// checkRestriction and callRerouteing (ops 15, 16, 18, 19), ccPathReserve (op 30,
    /// `CcExtension`), mwiActivate and mwiDeactivate (ops 80, 81).
    Dummy(ExtensionChoice<'a>),
    /// callTransferIdentify (op 7): `CTIdentifyRes`.
    CallTransferIdentify(CtIdentifyRes<'a>),
    /// interrogateDiversionQ (op 17): `IntResultList`, at most 29 entries.
    InterrogateDiversionQ(Vec<IntResult<'a>>),
    /// ccnrRequest, ccbsRequest (ops 27, 40): `CcRequestRes`.
    CcRequest(CcRequestRes<'a>),
    /// chargeRequest (op 59): `ChargeRequestRes` (the advice mode combination).
    ChargeRequest(AocEnumRes<'a>),
    /// aocComplete (op 64): `AocCompleteRes` (the charging option).
    AocComplete(AocEnumRes<'a>),
    /// mwiInterrogate (op 82): `MWIInterrogateRes`, 1 to 10 entries.
    MwiInterrogate(Vec<MwiInterrogateResElt<'a>>),
}

impl OperationResult<'_> {
    /// Appends the result in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match self {
            Self::Dummy(d) => d.emit(out),
            Self::CallTransferIdentify(r) => r.emit(out),
            Self::InterrogateDiversionQ(l) => IntResult::emit_list(l, out),
            Self::CcRequest(r) => r.emit(out),
            Self::ChargeRequest(r) | Self::AocComplete(r) => r.emit(out),
            Self::MwiInterrogate(l) => MwiInterrogateResElt::emit_list(l, out),
        }
    }
}

/// Decodes the result of a local operation this crate types; `Ok(None)` for operations
/// without a typed result.
pub fn decode_result<'a>(
    op: i32,
    res: &Tlv<'a>,
) -> Result<Option<OperationResult<'a>>, ParseError> {
    use op::*;
    Ok(Some(match op {
        PATH_REPLACE_SETUP
        | CT_INITIATE
        | CT_SETUP
        | ACTIVATE_DIVERSION_Q
        | DEACTIVATE_DIVERSION_Q
        | CHECK_RESTRICTION
        | CALL_REROUTEING
        | MWI_ACTIVATE
        | MWI_DEACTIVATE => OperationResult::Dummy(ExtensionChoice::parse(res, 1, 2)?),
        CT_IDENTIFY => {
            OperationResult::CallTransferIdentify(CallIdentityArg::parse(res, true, 6, 7)?)
        }
        INTERROGATE_DIVERSION_Q => {
            OperationResult::InterrogateDiversionQ(IntResult::parse_list(res)?)
        }
        CCNR_REQUEST | CCBS_REQUEST => OperationResult::CcRequest(CcRequestRes::parse(res)?),
        CC_PATH_RESERVE => OperationResult::Dummy(ExtensionChoice::parse(res, 14, 15)?),
        CHARGE_REQUEST => OperationResult::ChargeRequest(AocEnumRes::parse(res)?),
        AOC_COMPLETE => OperationResult::AocComplete(AocEnumRes::parse(res)?),
        MWI_INTERROGATE => OperationResult::MwiInterrogate(MwiInterrogateResElt::parse_list(res)?),
        _ => return Ok(None),
    }))
}

/// QSIG local error values (Q.950 general error list, ECMA-174, -176, -178, -186, -212,
/// -242), named after the standards' errors.
pub mod error_code {
    /// `userNotSubscribed`.
    pub const USER_NOT_SUBSCRIBED: i32 = 0;
    /// `rejectedByNetwork`.
    pub const REJECTED_BY_NETWORK: i32 = 1;
    /// `rejectedByUser`.
    pub const REJECTED_BY_USER: i32 = 2;
    /// `notAvailable`.
    pub const NOT_AVAILABLE: i32 = 3;
    /// `insufficientInformation`.
    pub const INSUFFICIENT_INFORMATION: i32 = 5;
    /// `invalidServedUserNr`.
    pub const INVALID_SERVED_USER_NR: i32 = 6;
    /// `invalidCallState`.
    pub const INVALID_CALL_STATE: i32 = 7;
    /// `basicServiceNotProvided`.
    pub const BASIC_SERVICE_NOT_PROVIDED: i32 = 8;
    /// `notIncomingCall`.
    pub const NOT_INCOMING_CALL: i32 = 9;
    /// `supplementaryServiceInteractionNotAllowed`.
    pub const SS_INTERACTION_NOT_ALLOWED: i32 = 10;
    /// `resourceUnavailable`.
    pub const RESOURCE_UNAVAILABLE: i32 = 11;
    /// `invalidDivertedToNr`.
    pub const INVALID_DIVERTED_TO_NR: i32 = 12;
    /// `specialServiceNr`.
    pub const SPECIAL_SERVICE_NR: i32 = 14;
    /// `diversionToServedUserNr`.
    pub const DIVERSION_TO_SERVED_USER_NR: i32 = 15;
    /// `numberOfDiversionsExceeded`.
    pub const NUMBER_OF_DIVERSIONS_EXCEEDED: i32 = 24;
    /// `callFailure`.
    pub const CALL_FAILURE: i32 = 25;
    /// `proceduralError`.
    pub const PROCEDURAL_ERROR: i32 = 43;
    /// `temporarilyUnavailable`.
    pub const TEMPORARILY_UNAVAILABLE: i32 = 1000;
    /// `collision`.
    pub const COLLISION: i32 = 1001;
    /// `criteriaPermanentlyUnachievable`.
    pub const CRITERIA_PERMANENTLY_UNACHIEVABLE: i32 = 1002;
    /// `criteriaTemporarilyUnachievable`.
    pub const CRITERIA_TEMPORARILY_UNACHIEVABLE: i32 = 1003;
    /// `invalidRerouteingNumber`.
    pub const INVALID_REROUTEING_NUMBER: i32 = 1004;
    /// `unrecognizedCallIdentity`.
    pub const UNRECOGNIZED_CALL_IDENTITY: i32 = 1005;
    /// `establishmentFailure`.
    pub const ESTABLISHMENT_FAILURE: i32 = 1006;
    /// `notAuthorized`.
    pub const NOT_AUTHORIZED: i32 = 1007;
    /// `unspecified`.
    pub const UNSPECIFIED: i32 = 1008;
    /// `notBusy`.
    pub const NOT_BUSY: i32 = 1009;
    /// `shortTermRejection`.
    pub const SHORT_TERM_REJECTION: i32 = 1010;
    /// `longTermRejection`.
    pub const LONG_TERM_REJECTION: i32 = 1011;
    /// `remoteUserBusyAgain`.
    pub const REMOTE_USER_BUSY_AGAIN: i32 = 1012;
    /// `failureToMatch`.
    pub const FAILURE_TO_MATCH: i32 = 1013;
    /// `failedDueToInterworking`.
    pub const FAILED_DUE_TO_INTERWORKING: i32 = 1014;
    /// `freeOfCharge`.
    pub const FREE_OF_CHARGE: i32 = 1016;
    /// `invalidMsgCentreId`.
    pub const INVALID_MSG_CENTRE_ID: i32 = 1018;
}

/// The QSIG local error values with the standards' names.
pub const ERRORS: &[(i32, &str)] = &[
    (error_code::USER_NOT_SUBSCRIBED, "userNotSubscribed"),
    (error_code::REJECTED_BY_NETWORK, "rejectedByNetwork"),
    (error_code::REJECTED_BY_USER, "rejectedByUser"),
    (error_code::NOT_AVAILABLE, "notAvailable"),
    (
        error_code::INSUFFICIENT_INFORMATION,
        "insufficientInformation",
    ),
    (error_code::INVALID_SERVED_USER_NR, "invalidServedUserNr"),
    (error_code::INVALID_CALL_STATE, "invalidCallState"),
    (
        error_code::BASIC_SERVICE_NOT_PROVIDED,
        "basicServiceNotProvided",
    ),
    (error_code::NOT_INCOMING_CALL, "notIncomingCall"),
    (
        error_code::SS_INTERACTION_NOT_ALLOWED,
        "supplementaryServiceInteractionNotAllowed",
    ),
    (error_code::RESOURCE_UNAVAILABLE, "resourceUnavailable"),
    (error_code::INVALID_DIVERTED_TO_NR, "invalidDivertedToNr"),
    (error_code::SPECIAL_SERVICE_NR, "specialServiceNr"),
    (
        error_code::DIVERSION_TO_SERVED_USER_NR,
        "diversionToServedUserNr",
    ),
    (
        error_code::NUMBER_OF_DIVERSIONS_EXCEEDED,
        "numberOfDiversionsExceeded",
    ),
    (error_code::CALL_FAILURE, "callFailure"),
    (error_code::PROCEDURAL_ERROR, "proceduralError"),
    (
        error_code::TEMPORARILY_UNAVAILABLE,
        "temporarilyUnavailable",
    ),
    (error_code::COLLISION, "collision"),
    (
        error_code::CRITERIA_PERMANENTLY_UNACHIEVABLE,
        "criteriaPermanentlyUnachievable",
    ),
    (
        error_code::CRITERIA_TEMPORARILY_UNACHIEVABLE,
        "criteriaTemporarilyUnachievable",
    ),
    (
        error_code::INVALID_REROUTEING_NUMBER,
        "invalidRerouteingNumber",
    ),
    (
        error_code::UNRECOGNIZED_CALL_IDENTITY,
        "unrecognizedCallIdentity",
    ),
    (error_code::ESTABLISHMENT_FAILURE, "establishmentFailure"),
    (error_code::NOT_AUTHORIZED, "notAuthorized"),
    (error_code::UNSPECIFIED, "unspecified"),
    (error_code::NOT_BUSY, "notBusy"),
    (error_code::SHORT_TERM_REJECTION, "shortTermRejection"),
    (error_code::LONG_TERM_REJECTION, "longTermRejection"),
    (error_code::REMOTE_USER_BUSY_AGAIN, "remoteUserBusyAgain"),
    (error_code::FAILURE_TO_MATCH, "failureToMatch"),
    (
        error_code::FAILED_DUE_TO_INTERWORKING,
        "failedDueToInterworking",
    ),
    (error_code::FREE_OF_CHARGE, "freeOfCharge"),
    (error_code::INVALID_MSG_CENTRE_ID, "invalidMsgCentreId"),
];

/// The name of a QSIG local error value, `None` for values not listed in [`ERRORS`].
#[must_use]
pub fn error_name(code: i32) -> Option<&'static str> {
    ERRORS.iter().find(|(v, _)| *v == code).map(|(_, n)| *n)
}

/// The ISO/IEC standard number of each QSIG service and the local operation values it
/// defines: a global operation code is `{ iso(1) standard(0) <number> … <local value> }`.
pub const SERVICE_STANDARDS: &[(u32, &[i32])] = &[
    (13868, &[0, 1, 2, 3]),
    (13869, &[7, 8, 9, 10, 11, 12, 13, 14]),
    (13870, &[27, 28, 29, 30, 31, 32, 33, 40]),
    (13873, &[15, 16, 17, 18, 19, 20, 21, 22, 23]),
    (13874, &[4, 5, 6, 86]),
    (15050, &[59, 60, 61, 62, 63, 64, 65]),
    (15506, &[80, 81, 82]),
];

/// Maps a global operation code (the contents octets of its OBJECT IDENTIFIER) to the local
/// value: the OID must start with `iso(1) standard(0)`, name a standard of
/// [`SERVICE_STANDARDS`] and end with one of that standard's operation values. `None`
/// otherwise (the code stays global).
#[must_use]
pub fn global_to_local(oid: &[u8]) -> Option<i32> {
    let mut arcs = [0u32; 8];
    let mut n = 0;
    let mut acc: u32 = 0;
    let mut len = 0;
    for &o in oid {
        if len == 0 && o == 0x80 {
            return None; // non-minimal sub-identifier
        }
        len += 1;
        if len > 4 || n == arcs.len() {
            return None;
        }
        acc = (acc << 7) | u32::from(o & 0x7F);
        if o & 0x80 == 0 {
            arcs[n] = acc;
            n += 1;
            acc = 0;
            len = 0;
        }
    }
    // The first sub-identifier 40 is iso(1) standard(0).
    if len != 0 || n < 3 || arcs[0] != 40 {
        return None;
    }
    let ops = SERVICE_STANDARDS.iter().find(|(s, _)| *s == arcs[1])?.1;
    let last = i32::try_from(arcs[n - 1]).ok()?;
    ops.contains(&last).then_some(last)
}

/// The local value of an operation code: the value of a local code, or the mapping of a
/// global one by [`global_to_local`].
#[must_use]
pub fn local_operation(code: &super::rose::Code<'_>) -> Option<i32> {
    match *code {
        super::rose::Code::Local(v) => Some(v),
        super::rose::Code::Global(oid) => global_to_local(oid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qsig::ber::parse_one;
    use crate::qsig::rose::Code;

    #[test]
    fn error_names_and_global_codes() {
        assert_eq!(error_name(1008), Some("unspecified"));
        assert_eq!(error_name(1018), Some("invalidMsgCentreId"));
        assert_eq!(error_name(4), None);
        // { iso(1) standard(0) pss1-name(13868) name-operations(0) callingName(0) }
        assert_eq!(global_to_local(&[0x28, 0xEC, 0x2C, 0x00, 0x00]), Some(0));
        // { iso(1) standard(0) pss1-call-transfer(13869) … callTransferComplete(12) }
        let ct = [0x28, 0xEC, 0x2D, 0x00, 0x0C];
        assert_eq!(local_operation(&Code::Global(&ct)), Some(12));
        // A value outside the standard's operations, another standard, another root.
        assert_eq!(global_to_local(&[0x28, 0xEC, 0x2D, 0x00, 0x00]), None);
        assert_eq!(global_to_local(&[0x28, 0x01, 0x00]), None);
        assert_eq!(global_to_local(&[0x2B, 0xEC, 0x2C, 0x00, 0x00]), None);
        // Truncated and over-long sub-identifiers.
        assert_eq!(global_to_local(&[0x28, 0xEC]), None);
        assert_eq!(
            global_to_local(&[0x28, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00]),
            None
        );
        assert_eq!(local_operation(&Code::Local(19)), Some(19));
    }

    #[test]
    fn call_rerouteing_with_embedded_q931_elements() {
        // callRerouteing: cfu, calledAddress { unknown "2000" }, counter 1, PSS1 IE
        // { bearer capability speech A-law }, lastRerouteingNr [1] { allowed [0] { "3000" } },
        // subscriptionOption [2] 2, callingNumber [4] { allowed [0] { "1000", networkProvided } },
        // callingName [5] { "Alice" }.
        let b = b"\x30\x38\x0a\x01\x01\x30\x06\x80\x042000\x02\x01\x01\x40\x05\x04\x03\x80\x90\xa3\
\xa1\x08\xa0\x06\x80\x043000\x82\x01\x02\xa4\x0b\xa0\x09\x80\x041000\x0a\x01\x03\
\xa5\x07\x80\x05Alice";
        let t = parse_one(b).unwrap();
        let Some(Argument::CallRerouteing(a)) = decode_argument(19, &t).unwrap() else {
            panic!()
        };
        assert_eq!(a.rerouteing_reason, 1);
        assert_eq!(a.called_address.party_number, PartyNumber::Unknown(b"2000"));
        assert_eq!(a.diversion_counter, 1);
        let ies: Vec<_> = a.pss1_info_element.ies().map(|i| i.unwrap().id).collect();
        assert_eq!(ies, [0x04]);
        assert_eq!(a.subscription_option, 2);
        assert_eq!(
            a.calling_number,
            PresentedScreened::Allowed(AddressScreened {
                party_number: PartyNumber::Unknown(b"1000"),
                screening_indicator: 3,
                party_subaddress: None
            })
        );
        assert!(matches!(
            a.calling_name,
            Some(Name::Presented { data: b"Alice", .. })
        ));
        let mut out = Vec::new();
        a.emit(&mut out);
        assert_eq!(out, b);
        // Its result: NULL.
        let null = parse_one(&[0x05, 0x00]).unwrap();
        assert_eq!(
            decode_result(19, &null),
            Ok(Some(OperationResult::Dummy(ExtensionChoice::Null)))
        );
        // A call identity longer than 4 digits is refused with a typed bound error.
        let long = parse_one(b"\x30\x07\x12\x0512345").unwrap();
        assert!(matches!(
            decode_argument(10, &long),
            Err(ParseError {
                kind: crate::ErrorKind::LimitExceeded(_),
                offset: 2
            })
        ));
    }
}
