//! QSIG operation codes and typed arguments: names (ECMA-164, ops 0–3), diverting leg
//! information (ECMA-174, ops 20–22) and message waiting indication (ECMA-242, ops 80–82).

use alloc::vec::Vec;

use super::ber::{write_integer, write_tlv, Class, Tlv};
use crate::ParseError;

/// The QSIG local operation values (ECMA-164, -174, -176, -178, -186, -242 and AOC), with the
/// standards' names.
pub const OPERATIONS: &[(i32, &str)] = &[
    (0, "callingName"),
    (1, "calledName"),
    (2, "connectedName"),
    (3, "busyName"),
    (4, "pathReplacePropose"),
    (5, "pathReplaceSetup"),
    (6, "pathReplaceRetain"),
    (7, "callTransferIdentify"),
    (8, "callTransferAbandon"),
    (9, "callTransferInitiate"),
    (10, "callTransferSetup"),
    (11, "callTransferActive"),
    (12, "callTransferComplete"),
    (13, "callTransferUpdate"),
    (14, "subaddressTransfer"),
    (15, "activateDiversionQ"),
    (16, "deactivateDiversionQ"),
    (17, "interrogateDiversionQ"),
    (18, "checkRestriction"),
    (19, "callRerouteing"),
    (20, "divertingLegInformation1"),
    (21, "divertingLegInformation2"),
    (22, "divertingLegInformation3"),
    (23, "cfnrDivertedLegFailed"),
    (27, "ccnrRequest"),
    (28, "ccCancel"),
    (29, "ccExecPossible"),
    (30, "ccPathReserve"),
    (31, "ccRingout"),
    (32, "ccSuspend"),
    (33, "ccResume"),
    (40, "ccbsRequest"),
    (59, "chargeRequest"),
    (60, "getFinalCharge"),
    (61, "aocFinal"),
    (62, "aocInterim"),
    (63, "aocRate"),
    (64, "aocComplete"),
    (65, "aocDivChargeReq"),
    (80, "mwiActivate"),
    (81, "mwiDeactivate"),
    (82, "mwiInterrogate"),
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
        if v.is_empty() || v.len() > 50 {
            return Err(ParseError::invalid(offset, "NameData size (1..50)"));
        }
        Ok(v)
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
            Ok((ton.integer()?, d.value))
        };
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
        let activate = op == 80;
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
            arg.msg_centre_id = Some(match (m.constructed, m.tag) {
                (false, 0) => MsgCentreId::Integer(m.integer()?),
                (true, 1) => {
                    let mut inner = m.children();
                    MsgCentreId::PartyNumber(PartyNumber::parse(&inner.expect("partyNumber")?)?)
                }
                (false, 2) => MsgCentreId::NumericString(m.value),
                _ => return Err(ParseError::invalid(m.offset, "msgCentreId")),
            });
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
                (Class::Universal, false, 24) if activate => arg.timestamp = Some(e.value),
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
        match self.msg_centre_id {
            Some(MsgCentreId::Integer(v)) => write_integer(&mut c, 0x80, v),
            Some(MsgCentreId::PartyNumber(p)) => {
                let mut inner = Vec::new();
                p.emit(&mut inner);
                write_tlv(&mut c, 0xA1, &inner);
            }
            Some(MsgCentreId::NumericString(s)) => write_tlv(&mut c, 0x82, s),
            None => {}
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

fn enumerated(t: &Tlv<'_>, what: &'static str) -> Result<i32, ParseError> {
    if !t.is(Class::Universal, false, 10) {
        return Err(ParseError::invalid(t.offset, what));
    }
    t.integer()
}

/// The single element inside an EXPLICIT tag.
fn explicit<'a>(t: &Tlv<'a>, what: &'static str) -> Result<Tlv<'a>, ParseError> {
    if !t.constructed {
        return Err(ParseError::invalid(t.offset, what));
    }
    let mut r = t.children();
    let inner = r.expect(what)?;
    if let Some(x) = r.read()? {
        return Err(ParseError::invalid(x.offset, what));
    }
    Ok(inner)
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Argument<'a> {
    /// callingName, calledName, connectedName, busyName (ops 0–3).
    Name(Name<'a>),
    /// divertingLegInformation1 (op 20).
    DivertingLegInformation1(DivertingLegInformation1<'a>),
    /// divertingLegInformation2 (op 21).
    DivertingLegInformation2(DivertingLegInformation2<'a>),
    /// divertingLegInformation3 (op 22).
    DivertingLegInformation3(DivertingLegInformation3<'a>),
    /// mwiActivate, mwiDeactivate, mwiInterrogate (ops 80–82).
    Mwi(MwiArg<'a>),
}

impl Argument<'_> {
    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match self {
            Self::Name(n) => n.emit(out),
            Self::DivertingLegInformation1(a) => a.emit(out),
            Self::DivertingLegInformation2(a) => a.emit(out),
            Self::DivertingLegInformation3(a) => a.emit(out),
            Self::Mwi(a) => a.emit(out),
        }
    }
}

/// Decodes the argument of a local operation this crate types; `Ok(None)` for other operations.
pub fn decode_argument<'a>(op: i32, arg: &Tlv<'a>) -> Result<Option<Argument<'a>>, ParseError> {
    Ok(match op {
        0..=3 => Some(Argument::Name(Name::parse_arg(arg)?)),
        20 => Some(Argument::DivertingLegInformation1(
            DivertingLegInformation1::parse(arg)?,
        )),
        21 => Some(Argument::DivertingLegInformation2(
            DivertingLegInformation2::parse(arg)?,
        )),
        22 => Some(Argument::DivertingLegInformation3(
            DivertingLegInformation3::parse(arg)?,
        )),
        80..=82 => Some(Argument::Mwi(MwiArg::parse(op, arg)?)),
        _ => None,
    })
}
