//! Typed arguments and results of call transfer (ECMA-178, ops 7–14), path replacement
//! (ECMA-176, ops 4–6), call diversion (ECMA-174, ops 15–19 and 23), call completion
//! (ECMA-186, ops 27–33 and 40) and the MWI interrogate result (ECMA-242, op 82).

use alloc::vec::Vec;

use super::addressing::{
    Address, ExtensionChoice, PartySubaddress, PresentedScreened, Pss1InformationElement,
};
use super::ber::{
    boolean, enumerated, explicit, integer, raw, size, string, timestamp, wrap, write_bool,
    write_integer, write_tlv, Class, Seq, Tlv,
};
use super::ops::{MsgCentreId, Name, PartyNumber, PresentedNumberUnscreened};
use crate::ParseError;

fn name_opt<'a>(s: &mut Seq<'a>) -> Result<Option<Name<'a>>, ParseError> {
    match s.opt(|t| t.class == Class::Context && matches!(t.tag, 0..=4 | 7))? {
        Some(t) => Name::parse(&t).map(Some),
        None => Ok(None),
    }
}

fn pss1_opt<'a>(s: &mut Seq<'a>) -> Result<Option<Pss1InformationElement<'a>>, ParseError> {
    match s.opt(|t| t.class == Class::Application)? {
        Some(t) => Pss1InformationElement::parse(&t).map(Some),
        None => Ok(None),
    }
}

/// `CallIdentity ::= NumericString (SIZE(1..4))` (ECMA-176, ECMA-178).
fn call_identity<'a>(t: &Tlv<'a>) -> Result<&'a [u8], ParseError> {
    string(t, 18, 1, 4, "CallIdentity SIZE(1..4)")
}

/// A call identity, an optional rerouteing number and an extension: `CTIdentifyRes` and
/// `CTInitiateArg` (ECMA-178, extension `[6]`/`[7]`), `CTSetupArg` (no number, `[0]`/`[1]`),
/// `PRProposeArg` and `PRRetainArg` (ECMA-176, `[1]`/`[2]`), `PRSetupArg` (no number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallIdentityArg<'a> {
    /// `callIdentity` (NumericString, 1–4 digits).
    pub call_identity: &'a [u8],
    /// `reroutingNumber` / `rerouteingNumber` (absent in the setup arguments).
    pub rerouting_number: Option<PartyNumber<'a>>,
    /// The extension, undecoded.
    pub extension: Option<Tlv<'a>>,
}

/// `CTIdentifyRes` (ECMA-178 §6, result of op 7).
pub type CtIdentifyRes<'a> = CallIdentityArg<'a>;
/// `CTInitiateArg` (ECMA-178 §6, op 9).
pub type CtInitiateArg<'a> = CallIdentityArg<'a>;
/// `CTSetupArg` (ECMA-178 §6, op 10).
pub type CtSetupArg<'a> = CallIdentityArg<'a>;
/// `PRProposeArg` (ECMA-176 §6, op 4).
pub type PrProposeArg<'a> = CallIdentityArg<'a>;
/// `PRSetupArg` (ECMA-176 §6, op 5).
pub type PrSetupArg<'a> = CallIdentityArg<'a>;
/// `PRRetainArg` (ECMA-176 §6, op 6).
pub type PrRetainArg<'a> = CallIdentityArg<'a>;

impl<'a> CallIdentityArg<'a> {
    /// Decodes the SEQUENCE; `with_number` says whether the rerouteing number is present,
    /// `[m]`/`[n]` are the extension tags.
    pub fn parse(t: &Tlv<'a>, with_number: bool, m: u32, n: u32) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "call identity SEQUENCE")?;
        let call_identity = call_identity(&s.next("callIdentity")?)?;
        let rerouting_number = if with_number {
            Some(PartyNumber::parse(&s.next("reroutingNumber")?)?)
        } else {
            None
        };
        let extension = s.ext(m, n)?;
        s.finish("call identity SEQUENCE element")?;
        Ok(Self {
            call_identity,
            rerouting_number,
            extension,
        })
    }

    /// Appends the value in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            write_tlv(c, 0x12, self.call_identity);
            if let Some(n) = self.rerouting_number {
                n.emit(c);
            }
            raw(c, self.extension);
        });
    }
}

/// `CTActiveArg` (ECMA-178 §6, op 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CtActiveArg<'a> {
    /// `connectedAddress`.
    pub connected_address: PresentedScreened<'a>,
    /// `basicCallInfoElements` (party category, progress indicator).
    pub basic_call_info_elements: Option<Pss1InformationElement<'a>>,
    /// `connectedName`.
    pub connected_name: Option<Name<'a>>,
    /// `argumentExtension [9]/[10]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> CtActiveArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "CTActiveArg")?;
        let connected_address = PresentedScreened::parse(&s.next("connectedAddress")?, true)?;
        let basic_call_info_elements = pss1_opt(&mut s)?;
        let connected_name = name_opt(&mut s)?;
        let extension = s.ext(9, 10)?;
        s.finish("CTActiveArg element")?;
        Ok(Self {
            connected_address,
            basic_call_info_elements,
            connected_name,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.connected_address.emit(c);
            if let Some(p) = self.basic_call_info_elements {
                p.emit(c);
            }
            if let Some(n) = self.connected_name {
                n.emit(c);
            }
            raw(c, self.extension);
        });
    }
}

/// `CTCompleteArg` (ECMA-178 §6, op 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CtCompleteArg<'a> {
    /// `endDesignation` (0 primaryEnd, 1 secondaryEnd).
    pub end_designation: i32,
    /// `redirectionNumber` (`PresentedNumberScreened`).
    pub redirection_number: PresentedScreened<'a>,
    /// `basicCallInfoElements`.
    pub basic_call_info_elements: Option<Pss1InformationElement<'a>>,
    /// `redirectionName`.
    pub redirection_name: Option<Name<'a>>,
    /// `callStatus` (0 answered, 1 alerting; `None`: absent, i.e. the default answered).
    pub call_status: Option<i32>,
    /// `argumentExtension [9]/[10]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> CtCompleteArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "CTCompleteArg")?;
        let end_designation = enumerated(&s.next("endDesignation")?, "endDesignation")?;
        let redirection_number = PresentedScreened::parse(&s.next("redirectionNumber")?, false)?;
        let basic_call_info_elements = pss1_opt(&mut s)?;
        let redirection_name = name_opt(&mut s)?;
        let call_status = s
            .opt(|t| t.is(Class::Universal, false, 10))?
            .map(|t| enumerated(&t, "callStatus"))
            .transpose()?;
        let extension = s.ext(9, 10)?;
        s.finish("CTCompleteArg element")?;
        Ok(Self {
            end_designation,
            redirection_number,
            basic_call_info_elements,
            redirection_name,
            call_status,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            write_integer(c, 0x0A, self.end_designation);
            self.redirection_number.emit(c);
            if let Some(p) = self.basic_call_info_elements {
                p.emit(c);
            }
            if let Some(n) = self.redirection_name {
                n.emit(c);
            }
            if let Some(v) = self.call_status {
                write_integer(c, 0x0A, v);
            }
            raw(c, self.extension);
        });
    }
}

/// `CTUpdateArg` (ECMA-178 §6, op 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CtUpdateArg<'a> {
    /// `redirectionNumber` (`PresentedNumberScreened`).
    pub redirection_number: PresentedScreened<'a>,
    /// `redirectionName`.
    pub redirection_name: Option<Name<'a>>,
    /// `basicCallInfoElements`.
    pub basic_call_info_elements: Option<Pss1InformationElement<'a>>,
    /// `argumentExtension [9]/[10]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> CtUpdateArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "CTUpdateArg")?;
        let redirection_number = PresentedScreened::parse(&s.next("redirectionNumber")?, false)?;
        let redirection_name = name_opt(&mut s)?;
        let basic_call_info_elements = pss1_opt(&mut s)?;
        let extension = s.ext(9, 10)?;
        s.finish("CTUpdateArg element")?;
        Ok(Self {
            redirection_number,
            redirection_name,
            basic_call_info_elements,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.redirection_number.emit(c);
            if let Some(n) = self.redirection_name {
                n.emit(c);
            }
            if let Some(p) = self.basic_call_info_elements {
                p.emit(c);
            }
            raw(c, self.extension);
        });
    }
}

/// `SubaddressTransferArg` (ECMA-178 §6, op 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubaddressTransferArg<'a> {
    /// `redirectionSubaddress`.
    pub redirection_subaddress: PartySubaddress<'a>,
    /// `argumentExtension [0]/[1]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> SubaddressTransferArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "SubaddressTransferArg")?;
        let redirection_subaddress = PartySubaddress::parse(&s.next("redirectionSubaddress")?)?;
        let extension = s.ext(0, 1)?;
        s.finish("SubaddressTransferArg element")?;
        Ok(Self {
            redirection_subaddress,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.redirection_subaddress.emit(c);
            raw(c, self.extension);
        });
    }
}

/// The arguments of activateDiversionQ (op 15), deactivateDiversionQ (16) and
/// interrogateDiversionQ (17), ECMA-174 §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiversionQArg<'a> {
    /// `procedure` (0 cfu, 1 cfb, 2 cfnr).
    pub procedure: i32,
    /// `basicService` (0 allServices, 1 speech, …). `None` only for interrogate, where the
    /// component is `DEFAULT allServices` and was absent.
    pub basic_service: Option<i32>,
    /// `divertedToAddress` (activate only).
    pub diverted_to_address: Option<Address<'a>>,
    /// `servedUserNr`.
    pub served_user_nr: PartyNumber<'a>,
    /// `activatingUserNr` / `deactivatingUserNr` / `interrogatingUserNr`.
    pub user_nr: PartyNumber<'a>,
    /// `extension [1]/[2]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> DiversionQArg<'a> {
    /// Decodes the argument of `op` 15, 16 or 17.
    pub fn parse(op: i32, t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "diversion request argument")?;
        let procedure = enumerated(&s.next("procedure")?, "procedure")?;
        let basic_service = if op == super::ops::op::INTERROGATE_DIVERSION_Q {
            s.opt(|t| t.is(Class::Universal, false, 10))?
                .map(|t| enumerated(&t, "basicService"))
                .transpose()?
        } else {
            Some(enumerated(&s.next("basicService")?, "basicService")?)
        };
        let diverted_to_address = if op == super::ops::op::ACTIVATE_DIVERSION_Q {
            Some(Address::parse(&s.next("divertedToAddress")?)?)
        } else {
            None
        };
        let served_user_nr = PartyNumber::parse(&s.next("servedUserNr")?)?;
        let user_nr = PartyNumber::parse(&s.next("activating/deactivating/interrogatingUserNr")?)?;
        let extension = s.ext(1, 2)?;
        s.finish("diversion request element")?;
        Ok(Self {
            procedure,
            basic_service,
            diverted_to_address,
            served_user_nr,
            user_nr,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            write_integer(c, 0x0A, self.procedure);
            if let Some(b) = self.basic_service {
                write_integer(c, 0x0A, b);
            }
            if let Some(a) = self.diverted_to_address {
                a.emit(c);
            }
            self.served_user_nr.emit(c);
            self.user_nr.emit(c);
            raw(c, self.extension);
        });
    }
}

/// `checkRestriction` argument (ECMA-174 §6, op 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckRestrictionArg<'a> {
    /// `servedUserNr`.
    pub served_user_nr: PartyNumber<'a>,
    /// `basicService`.
    pub basic_service: i32,
    /// `divertedToNr`.
    pub diverted_to_nr: PartyNumber<'a>,
    /// `extension [1]/[2]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> CheckRestrictionArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "checkRestriction argument")?;
        let served_user_nr = PartyNumber::parse(&s.next("servedUserNr")?)?;
        let basic_service = enumerated(&s.next("basicService")?, "basicService")?;
        let diverted_to_nr = PartyNumber::parse(&s.next("divertedToNr")?)?;
        let extension = s.ext(1, 2)?;
        s.finish("checkRestriction element")?;
        Ok(Self {
            served_user_nr,
            basic_service,
            diverted_to_nr,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.served_user_nr.emit(c);
            write_integer(c, 0x0A, self.basic_service);
            self.diverted_to_nr.emit(c);
            raw(c, self.extension);
        });
    }
}

/// `callRerouteing` argument (ECMA-174 §6, op 19): sent by the served user's PINX to the
/// rerouteing PINX, with the basic call elements embedded as Q.931 octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallRerouteingArg<'a> {
    /// `rerouteingReason` (0 unknown, 1 cfu, 2 cfb, 3 cfnr).
    pub rerouteing_reason: i32,
    /// `originalRerouteingReason [0]`.
    pub original_rerouteing_reason: Option<i32>,
    /// `calledAddress`.
    pub called_address: Address<'a>,
    /// `diversionCounter` (1–15).
    pub diversion_counter: i32,
    /// `pSS1InfoElement`: bearer capability, HLC, LLC, progress indicator.
    pub pss1_info_element: Pss1InformationElement<'a>,
    /// `lastRerouteingNr [1]`.
    pub last_rerouteing_nr: PresentedNumberUnscreened<'a>,
    /// `subscriptionOption [2]` (0 noNotification, 1 without diverted-to number, 2 with it).
    pub subscription_option: i32,
    /// `callingPartySubaddress [3]`.
    pub calling_party_subaddress: Option<PartySubaddress<'a>>,
    /// `callingNumber [4]` (`PresentedNumberScreened`).
    pub calling_number: PresentedScreened<'a>,
    /// `callingName [5]`.
    pub calling_name: Option<Name<'a>>,
    /// `originalCalledNr [6]`.
    pub original_called_nr: Option<PresentedNumberUnscreened<'a>>,
    /// `redirectingName [7]`.
    pub redirecting_name: Option<Name<'a>>,
    /// `originalCalledName [8]`.
    pub original_called_name: Option<Name<'a>>,
    /// `extension [9]/[10]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> CallRerouteingArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "CallRerouteingArg")?;
        let rerouteing_reason = enumerated(&s.next("rerouteingReason")?, "rerouteingReason")?;
        let original_rerouteing_reason = s.ctx(false, 0)?.map(|t| t.integer()).transpose()?;
        let called_address = Address::parse(&s.next("calledAddress")?)?;
        let diversion_counter = integer(&s.next("diversionCounter")?, "diversionCounter")?;
        let pss1_info_element = Pss1InformationElement::parse(&s.next("pSS1InfoElement")?)?;
        let last = s.next("lastRerouteingNr")?;
        if !last.is(Class::Context, true, 1) {
            return Err(ParseError::invalid(last.offset, "lastRerouteingNr"));
        }
        let last_rerouteing_nr =
            PresentedNumberUnscreened::parse(&explicit(&last, "lastRerouteingNr")?)?;
        let so = s.next("subscriptionOption")?;
        if !so.is(Class::Context, false, 2) {
            return Err(ParseError::invalid(so.offset, "subscriptionOption"));
        }
        let subscription_option = so.integer()?;
        let calling_party_subaddress = match s.ctx(true, 3)? {
            Some(t) => Some(PartySubaddress::parse(&explicit(
                &t,
                "callingPartySubaddress",
            )?)?),
            None => None,
        };
        let cn = s.next("callingNumber")?;
        if !cn.is(Class::Context, true, 4) {
            return Err(ParseError::invalid(cn.offset, "callingNumber"));
        }
        let calling_number = PresentedScreened::parse(&explicit(&cn, "callingNumber")?, false)?;
        let name = |s: &mut Seq<'a>, tag: u32, what| -> Result<Option<Name<'a>>, ParseError> {
            match s.ctx(true, tag)? {
                Some(t) => Name::parse(&explicit(&t, what)?).map(Some),
                None => Ok(None),
            }
        };
        let calling_name = name(&mut s, 5, "callingName")?;
        let original_called_nr = match s.ctx(true, 6)? {
            Some(t) => Some(PresentedNumberUnscreened::parse(&explicit(
                &t,
                "originalCalledNr",
            )?)?),
            None => None,
        };
        let redirecting_name = name(&mut s, 7, "redirectingName")?;
        let original_called_name = name(&mut s, 8, "originalCalledName")?;
        let extension = s.ext(9, 10)?;
        s.finish("CallRerouteingArg element")?;
        Ok(Self {
            rerouteing_reason,
            original_rerouteing_reason,
            called_address,
            diversion_counter,
            pss1_info_element,
            last_rerouteing_nr,
            subscription_option,
            calling_party_subaddress,
            calling_number,
            calling_name,
            original_called_nr,
            redirecting_name,
            original_called_name,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            write_integer(c, 0x0A, self.rerouteing_reason);
            if let Some(r) = self.original_rerouteing_reason {
                write_integer(c, 0x80, r);
            }
            self.called_address.emit(c);
            write_integer(c, 0x02, self.diversion_counter);
            self.pss1_info_element.emit(c);
            wrap(c, 0xA1, |i| self.last_rerouteing_nr.emit(i));
            write_integer(c, 0x82, self.subscription_option);
            if let Some(s) = self.calling_party_subaddress {
                wrap(c, 0xA3, |i| s.emit(i));
            }
            wrap(c, 0xA4, |i| self.calling_number.emit(i));
            if let Some(n) = self.calling_name {
                wrap(c, 0xA5, |i| n.emit(i));
            }
            if let Some(n) = self.original_called_nr {
                wrap(c, 0xA6, |i| n.emit(i));
            }
            if let Some(n) = self.redirecting_name {
                wrap(c, 0xA7, |i| n.emit(i));
            }
            if let Some(n) = self.original_called_name {
                wrap(c, 0xA8, |i| n.emit(i));
            }
            raw(c, self.extension);
        });
    }
}

/// `IntResult` (ECMA-174 §6): one entry of the interrogateDiversionQ result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntResult<'a> {
    /// `servedUserNr`.
    pub served_user_nr: PartyNumber<'a>,
    /// `basicService`.
    pub basic_service: i32,
    /// `procedure` (0 cfu, 1 cfb, 2 cfnr).
    pub procedure: i32,
    /// `divertedToAddress`.
    pub diverted_to_address: Address<'a>,
    /// `remoteEnabled` (`None`: absent, i.e. the default FALSE).
    pub remote_enabled: Option<bool>,
    /// `extension [1]/[2]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

/// Most entries in an `IntResultList` (`SET SIZE (0..29) OF IntResult`).
pub const MAX_INT_RESULTS: usize = 29;

impl<'a> IntResult<'a> {
    /// Decodes one entry.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "IntResult")?;
        let served_user_nr = PartyNumber::parse(&s.next("servedUserNr")?)?;
        let basic_service = enumerated(&s.next("basicService")?, "basicService")?;
        let procedure = enumerated(&s.next("procedure")?, "procedure")?;
        let diverted_to_address = Address::parse(&s.next("divertedToAddress")?)?;
        let remote_enabled = s
            .opt(|t| t.is(Class::Universal, false, 1))?
            .map(|t| boolean(&t, "remoteEnabled"))
            .transpose()?;
        let extension = s.ext(1, 2)?;
        s.finish("IntResult element")?;
        Ok(Self {
            served_user_nr,
            basic_service,
            procedure,
            diverted_to_address,
            remote_enabled,
            extension,
        })
    }

    /// Decodes an `IntResultList` (a SET of at most [`MAX_INT_RESULTS`] entries).
    pub fn parse_list(t: &Tlv<'a>) -> Result<Vec<Self>, ParseError> {
        if !t.is(Class::Universal, true, 17) {
            return Err(ParseError::invalid(t.offset, "IntResultList SET"));
        }
        let mut v = Vec::new();
        for e in t.children() {
            let e = e?;
            size(
                v.len() + 1,
                e.offset,
                0,
                MAX_INT_RESULTS,
                "IntResultList SIZE(0..29)",
            )?;
            v.push(Self::parse(&e)?);
        }
        Ok(v)
    }

    /// Appends the entry in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.served_user_nr.emit(c);
            write_integer(c, 0x0A, self.basic_service);
            write_integer(c, 0x0A, self.procedure);
            self.diverted_to_address.emit(c);
            if let Some(r) = self.remote_enabled {
                write_bool(c, 0x01, r);
            }
            raw(c, self.extension);
        });
    }

    /// Appends an `IntResultList` in BER.
    pub fn emit_list(list: &[Self], out: &mut Vec<u8>) {
        wrap(out, 0x31, |c| list.iter().for_each(|r| r.emit(c)));
    }
}

/// `CcRequestArg` (ECMA-186 §6, ccbsRequest op 40 and ccnrRequest op 27).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CcRequestArg<'a> {
    /// `numberA`.
    pub number_a: PresentedNumberUnscreened<'a>,
    /// `numberB`.
    pub number_b: PartyNumber<'a>,
    /// `service`: bearer capability, LLC, HLC.
    pub service: Pss1InformationElement<'a>,
    /// `subaddrA [10]`.
    pub subaddr_a: Option<PartySubaddress<'a>>,
    /// `subaddrB [11]`.
    pub subaddr_b: Option<PartySubaddress<'a>>,
    /// `can-retain-service [12]` (`None`: absent, i.e. the default FALSE).
    pub can_retain_service: Option<bool>,
    /// `retain-sig-connection [13]`.
    pub retain_sig_connection: Option<bool>,
    /// `extension` (`CcExtension`: NULL, `[14]` or `[15]`).
    pub extension: Option<ExtensionChoice<'a>>,
}

fn subaddr_opt<'a>(
    s: &mut Seq<'a>,
    tag: u32,
    what: &'static str,
) -> Result<Option<PartySubaddress<'a>>, ParseError> {
    match s.ctx(true, tag)? {
        Some(t) => PartySubaddress::parse(&explicit(&t, what)?).map(Some),
        None => Ok(None),
    }
}

fn bool_opt(s: &mut Seq<'_>, tag: u32, what: &'static str) -> Result<Option<bool>, ParseError> {
    s.ctx(false, tag)?.map(|t| boolean(&t, what)).transpose()
}

fn cc_extension<'a>(s: &mut Seq<'a>) -> Result<Option<ExtensionChoice<'a>>, ParseError> {
    match s.opt(|t| ExtensionChoice::starts(t, 14, 15))? {
        Some(t) => ExtensionChoice::parse(&t, 14, 15).map(Some),
        None => Ok(None),
    }
}

fn emit_subaddr(c: &mut Vec<u8>, id: u8, s: Option<PartySubaddress<'_>>) {
    if let Some(s) = s {
        wrap(c, id, |i| s.emit(i));
    }
}

impl<'a> CcRequestArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "CcRequestArg")?;
        let number_a = PresentedNumberUnscreened::parse(&s.next("numberA")?)?;
        let number_b = PartyNumber::parse(&s.next("numberB")?)?;
        let service = Pss1InformationElement::parse(&s.next("service")?)?;
        let subaddr_a = subaddr_opt(&mut s, 10, "subaddrA")?;
        let subaddr_b = subaddr_opt(&mut s, 11, "subaddrB")?;
        let can_retain_service = bool_opt(&mut s, 12, "can-retain-service")?;
        let retain_sig_connection = bool_opt(&mut s, 13, "retain-sig-connection")?;
        let extension = cc_extension(&mut s)?;
        s.finish("CcRequestArg element")?;
        Ok(Self {
            number_a,
            number_b,
            service,
            subaddr_a,
            subaddr_b,
            can_retain_service,
            retain_sig_connection,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.number_a.emit(c);
            self.number_b.emit(c);
            self.service.emit(c);
            emit_subaddr(c, 0xAA, self.subaddr_a);
            emit_subaddr(c, 0xAB, self.subaddr_b);
            if let Some(b) = self.can_retain_service {
                write_bool(c, 0x8C, b);
            }
            if let Some(b) = self.retain_sig_connection {
                write_bool(c, 0x8D, b);
            }
            if let Some(e) = self.extension {
                e.emit(c);
            }
        });
    }
}

/// `CcRequestRes` (ECMA-186 §6, result of ops 27 and 40).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CcRequestRes<'a> {
    /// `no-path-reservation [0]` (`None`: absent, default FALSE).
    pub no_path_reservation: Option<bool>,
    /// `retain-service [1]` (`None`: absent, default FALSE).
    pub retain_service: Option<bool>,
    /// `extension` (`CcExtension`).
    pub extension: Option<ExtensionChoice<'a>>,
}

impl<'a> CcRequestRes<'a> {
    /// Decodes the result.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "CcRequestRes")?;
        let no_path_reservation = bool_opt(&mut s, 0, "no-path-reservation")?;
        let retain_service = bool_opt(&mut s, 1, "retain-service")?;
        let extension = cc_extension(&mut s)?;
        s.finish("CcRequestRes element")?;
        Ok(Self {
            no_path_reservation,
            retain_service,
            extension,
        })
    }

    /// Appends the result in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            if let Some(b) = self.no_path_reservation {
                write_bool(c, 0x80, b);
            }
            if let Some(b) = self.retain_service {
                write_bool(c, 0x81, b);
            }
            if let Some(e) = self.extension {
                e.emit(c);
            }
        });
    }
}

/// `CcOptionalArg` (ECMA-186 §6, ccCancel op 28 and ccExecPossible op 29).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CcOptionalArg<'a> {
    /// `fullArg [0] IMPLICIT SEQUENCE`.
    Full {
        /// `numberA`.
        number_a: PartyNumber<'a>,
        /// `numberB`.
        number_b: PartyNumber<'a>,
        /// `service`: bearer capability, LLC, HLC.
        service: Pss1InformationElement<'a>,
        /// `subaddrA [10]`.
        subaddr_a: Option<PartySubaddress<'a>>,
        /// `subaddrB [11]`.
        subaddr_b: Option<PartySubaddress<'a>>,
        /// `extension` (`CcExtension`).
        extension: Option<ExtensionChoice<'a>>,
    },
    /// `extArg CcExtension`.
    Extension(ExtensionChoice<'a>),
}

impl<'a> CcOptionalArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        if !t.is(Class::Context, true, 0) {
            return ExtensionChoice::parse(t, 14, 15).map(Self::Extension);
        }
        let mut s = Seq::of(t, "CcOptionalArg fullArg")?;
        let number_a = PartyNumber::parse(&s.next("numberA")?)?;
        let number_b = PartyNumber::parse(&s.next("numberB")?)?;
        let service = Pss1InformationElement::parse(&s.next("service")?)?;
        let subaddr_a = subaddr_opt(&mut s, 10, "subaddrA")?;
        let subaddr_b = subaddr_opt(&mut s, 11, "subaddrB")?;
        let extension = cc_extension(&mut s)?;
        s.finish("CcOptionalArg element")?;
        Ok(Self::Full {
            number_a,
            number_b,
            service,
            subaddr_a,
            subaddr_b,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match *self {
            Self::Full {
                number_a,
                number_b,
                service,
                subaddr_a,
                subaddr_b,
                extension,
            } => wrap(out, 0xA0, |c| {
                number_a.emit(c);
                number_b.emit(c);
                service.emit(c);
                emit_subaddr(c, 0xAA, subaddr_a);
                emit_subaddr(c, 0xAB, subaddr_b);
                if let Some(e) = extension {
                    e.emit(c);
                }
            }),
            Self::Extension(e) => e.emit(out),
        }
    }
}

/// `MWIInterrogateResElt` (ECMA-242 §6): one entry of the mwiInterrogate result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MwiInterrogateResElt<'a> {
    /// `basicService`.
    pub basic_service: i32,
    /// `msgCentreId`.
    pub msg_centre_id: Option<MsgCentreId<'a>>,
    /// `nbOfMessages [3]` (0–65535).
    pub nb_of_messages: Option<i32>,
    /// `originatingNr [4]`.
    pub originating_nr: Option<PartyNumber<'a>>,
    /// `timestamp` GeneralizedTime octets.
    pub timestamp: Option<&'a [u8]>,
    /// `priority [5]` (0 highest – 9 lowest).
    pub priority: Option<i32>,
    /// `argumentExt [6]/[7]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

/// Most entries in an `MWIInterrogateRes` (`SEQUENCE SIZE(1..10) OF MWIInterrogateResElt`).
pub const MAX_MWI_INTERROGATE_RESULTS: usize = 10;

impl<'a> MwiInterrogateResElt<'a> {
    /// Decodes one entry.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "MWIInterrogateResElt")?;
        let basic_service = enumerated(&s.next("basicService")?, "basicService")?;
        let msg_centre_id = match s.opt(|t| t.class == Class::Context && t.tag <= 2)? {
            Some(t) => Some(MsgCentreId::parse(&t)?),
            None => None,
        };
        let nb_of_messages = s.ctx(false, 3)?.map(|t| t.integer()).transpose()?;
        let originating_nr = match s.ctx(true, 4)? {
            Some(t) => Some(PartyNumber::parse(&explicit(&t, "originatingNr")?)?),
            None => None,
        };
        let timestamp = s
            .opt(|t| t.is(Class::Universal, false, 24))?
            .map(|t| timestamp(&t))
            .transpose()?;
        let priority = s.ctx(false, 5)?.map(|t| t.integer()).transpose()?;
        let extension = s.ext(6, 7)?;
        s.finish("MWIInterrogateResElt element")?;
        Ok(Self {
            basic_service,
            msg_centre_id,
            nb_of_messages,
            originating_nr,
            timestamp,
            priority,
            extension,
        })
    }

    /// Decodes an `MWIInterrogateRes` (1 to [`MAX_MWI_INTERROGATE_RESULTS`] entries).
    pub fn parse_list(t: &Tlv<'a>) -> Result<Vec<Self>, ParseError> {
        if !t.is(Class::Universal, true, 16) {
            return Err(ParseError::invalid(t.offset, "MWIInterrogateRes SEQUENCE"));
        }
        let mut v = Vec::new();
        for e in t.children() {
            let e = e?;
            size(
                v.len() + 1,
                e.offset,
                1,
                MAX_MWI_INTERROGATE_RESULTS,
                "MWIInterrogateRes SIZE(1..10)",
            )?;
            v.push(Self::parse(&e)?);
        }
        size(
            v.len(),
            t.offset,
            1,
            MAX_MWI_INTERROGATE_RESULTS,
            "MWIInterrogateRes SIZE(1..10)",
        )?;
        Ok(v)
    }

    /// Appends the entry in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            write_integer(c, 0x0A, self.basic_service);
            if let Some(m) = self.msg_centre_id {
                m.emit(c);
            }
            if let Some(n) = self.nb_of_messages {
                write_integer(c, 0x83, n);
            }
            if let Some(p) = self.originating_nr {
                wrap(c, 0xA4, |i| p.emit(i));
            }
            if let Some(t) = self.timestamp {
                write_tlv(c, 0x18, t);
            }
            if let Some(p) = self.priority {
                write_integer(c, 0x85, p);
            }
            raw(c, self.extension);
        });
    }

    /// Appends an `MWIInterrogateRes` in BER.
    pub fn emit_list(list: &[Self], out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| list.iter().for_each(|r| r.emit(c)));
    }
}
