//! JSON rendering of QSIG operation arguments and of any BER element, for `strowger isdn`.
//!
//! [`argument`] renders an invoke argument and [`result`] a returnResult's result: typed for
//! every `ops::Argument` / `ops::OperationResult` variant the crate decodes (add a match arm
//! in `typed_argument` / `typed_result` when a new variant lands), and as a generic BER tree
//! ([`ber`]) otherwise, so no octet is ever dropped. Names of ROSE reject problems live here
//! too.

use serde_json::{json, Map, Value};
use strowger_q931_qsig::qsig::ber::{Class, Tlv};
use strowger_q931_qsig::qsig::ops::{
    decode_argument, decode_result, Address, AddressScreened, Amount, AocChargeArg, AocRateArg,
    Argument, CallIdentityArg, CallRerouteingArg, CcOptionalArg, CcRequestArg, Charge,
    ChargingAssociation, CtActiveArg, CtCompleteArg, CtUpdateArg, DiversionQArg,
    DivertingLegInformation1, DivertingLegInformation2, DivertingLegInformation3, ExtensionChoice,
    IntResult, MsgCentreId, MwiArg, MwiInterrogateResElt, Name, OperationResult, PartyNumber,
    PartySubaddress, PresentedNumberUnscreened, PresentedScreened, Pss1InformationElement,
    RateType, Time,
};

/// Deepest BER nesting rendered as a tree; anything deeper is shown as hex with an error.
const MAX_TREE_DEPTH: usize = 16;

/// Lower-case hex of `b`.
pub fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    b.iter()
        .fold(String::with_capacity(b.len() * 2), |mut s, o| {
            let _ = write!(s, "{o:02x}");
            s
        })
}

/// A decode problem: message and absolute byte offset in the frame.
#[derive(Debug, Clone)]
pub struct Problem {
    /// What went wrong, with the absolute offset in the text.
    pub message: String,
    /// Byte offset from the start of the LAPD frame.
    pub offset: usize,
}

impl Problem {
    /// A problem from a Q.931/QSIG parse error whose offset is relative to `base`.
    pub fn from_q931(e: strowger_q931_qsig::ParseError, base: usize) -> Self {
        let e = e.shifted(base);
        Problem {
            message: e.to_string(),
            offset: e.offset,
        }
    }

    /// The `{"message":..,"offset":..}` object.
    pub fn to_json(&self) -> Value {
        json!({"message": self.message, "offset": self.offset})
    }
}

/// The argument of an invoke of local operation `op` (`None` for an unmapped global code).
/// `base` is the absolute frame offset of the buffer the TLV offsets are relative to.
///
/// Typed: `{"type":"NameArg",...,"hex":..}`. Not typed: `{"type":null,"ber":tree,"hex":..}`.
/// Malformed for its operation: `{"type":null,"error":{..},"ber":tree,"hex":..}`, and the
/// problem is returned for the frame's `error` field.
pub fn argument(op: Option<i32>, arg: &Tlv<'_>, base: usize) -> (Value, Option<Problem>) {
    let decoded = match op {
        Some(op) => decode_argument(op, arg).map(|a| a.and_then(|a| typed_argument(&a))),
        None => Ok(None),
    };
    rendered(decoded, arg, base)
}

/// The result of a returnResult for local operation `op`, like [`argument`].
pub fn result(op: Option<i32>, res: &Tlv<'_>, base: usize) -> (Value, Option<Problem>) {
    let decoded = match op {
        Some(op) => decode_result(op, res).map(|r| r.and_then(|r| typed_result(&r))),
        None => Ok(None),
    };
    rendered(decoded, res, base)
}

fn rendered(
    decoded: Result<Option<Value>, strowger_q931_qsig::ParseError>,
    t: &Tlv<'_>,
    base: usize,
) -> (Value, Option<Problem>) {
    let (mut v, problem) = match decoded {
        Ok(Some(v)) => (v, None),
        Ok(None) => (untyped(t, base), None),
        Err(e) => {
            let p = Problem::from_q931(e, base);
            let mut v = untyped(t, base);
            v["error"] = p.to_json();
            (v, Some(p))
        }
    };
    v["hex"] = json!(hex(t.raw));
    (v, problem)
}

fn untyped(t: &Tlv<'_>, base: usize) -> Value {
    json!({"type": null, "ber": ber(t, base)})
}

fn with_type(mut v: Value, ty: &str) -> Value {
    v["type"] = json!(ty);
    v
}

/// The typed rendering of a decoded argument; `None` for a variant this tool does not
/// render yet (it is then shown as a BER tree). One arm per `ops::Argument` variant.
fn typed_argument(a: &Argument<'_>) -> Option<Value> {
    Some(match a {
        Argument::Name(n) => with_type(name(n), "NameArg"),
        Argument::PathReplace(c) => with_type(call_identity(c), "PathReplaceArg"),
        Argument::CallTransferDummy(e) => with_type(extension_choice(e), "DummyArg"),
        Argument::CallTransferIdentity(c) => {
            with_type(call_identity(c), "CTInitiateArg/CTSetupArg")
        }
        Argument::CallTransferActive(c) => ct_active(c),
        Argument::CallTransferComplete(c) => ct_complete(c),
        Argument::CallTransferUpdate(c) => ct_update(c),
        Argument::SubaddressTransfer(s) => json!({
            "type": "SubaddressTransferArg",
            "redirection_subaddress": subaddress(&s.redirection_subaddress),
            "extension": extension(&s.extension),
        }),
        Argument::DiversionQ(d) => diversion_q(d),
        Argument::CheckRestriction(c) => json!({
            "type": "CheckRestrictionArg",
            "served_user_nr": party_number(&c.served_user_nr),
            "basic_service": coded(c.basic_service, basic_service_name(c.basic_service)),
            "diverted_to_nr": party_number(&c.diverted_to_nr),
            "extension": extension(&c.extension),
        }),
        Argument::CallRerouteing(c) => call_rerouteing(c),
        Argument::DivertingLegInformation1(d) => dli1(d),
        Argument::DivertingLegInformation2(d) => dli2(d),
        Argument::DivertingLegInformation3(d) => dli3(d),
        Argument::CfnrDivertedLegFailed(e) => with_type(extension_choice(e), "DummyArg"),
        Argument::CcRequest(c) => cc_request(c),
        Argument::CcOptional(c) => cc_optional(c),
        Argument::CcExtension(e) => with_type(extension_choice(e), "CcExtension"),
        Argument::ChargeRequest(c) => json!({
            "type": "ChargeRequestArg",
            "advice_mode_combinations": c.advice_mode_combinations.iter()
                .map(|&m| coded(m, advice_mode_name(m))).collect::<Vec<_>>(),
            "extension": extension(&c.extension),
        }),
        Argument::GetFinalCharge(e) => with_type(extension_choice(e), "DummyArg"),
        Argument::AocCharge(c) => aoc_charge(c),
        Argument::AocRate(r) => aoc_rate(r),
        Argument::AocUser(u) => json!({
            "type": "AocUserArg",
            "user": party_number(&u.user),
            "charging_association": u.charging_association.as_ref().map(charging_association),
            "diversion_type": u.diversion_type.map(|d| coded(d, diversion_type_name(d))),
            "extension": extension(&u.extension),
        }),
        Argument::Mwi(m) => mwi(m),
        _ => return None,
    })
}

/// The typed rendering of a decoded result; `None` for a variant not rendered yet.
fn typed_result(r: &OperationResult<'_>) -> Option<Value> {
    Some(match r {
        OperationResult::Dummy(e) => with_type(extension_choice(e), "DummyRes"),
        OperationResult::CallTransferIdentify(c) => with_type(call_identity(c), "CTIdentifyRes"),
        OperationResult::InterrogateDiversionQ(l) => json!({
            "type": "IntResultList",
            "entries": l.iter().map(int_result).collect::<Vec<_>>(),
        }),
        OperationResult::CcRequest(c) => json!({
            "type": "CcRequestRes",
            "no_path_reservation": c.no_path_reservation,
            "retain_service": c.retain_service,
            "extension": c.extension.as_ref().map(extension_choice),
        }),
        OperationResult::ChargeRequest(e) => json!({
            "type": "ChargeRequestRes",
            "advice_mode_combination": coded(e.value, advice_mode_name(e.value)),
            "extension": extension(&e.extension),
        }),
        OperationResult::AocComplete(e) => json!({
            "type": "AocCompleteRes",
            "charging_option": coded(e.value, charging_option_name(e.value)),
            "extension": extension(&e.extension),
        }),
        OperationResult::MwiInterrogate(l) => json!({
            "type": "MWIInterrogateRes",
            "entries": l.iter().map(mwi_interrogate_elt).collect::<Vec<_>>(),
        }),
        _ => return None,
    })
}

/// `{"value":N,"name":..}` for an ENUMERATED or INTEGER code point.
fn coded(v: i32, name: Option<&'static str>) -> Value {
    json!({"value": v, "name": name})
}

/// Name octets as text: UTF-8 for character set 9, ISO 8859-1 otherwise (ECMA-164's default).
fn name_text(data: &[u8], character_set: Option<i32>) -> String {
    if character_set == Some(9) {
        String::from_utf8_lossy(data).into_owned()
    } else {
        data.iter().map(|&b| char::from(b)).collect()
    }
}

/// `Name` (ECMA-164).
pub fn name(n: &Name<'_>) -> Value {
    match *n {
        Name::Presented {
            restricted,
            data,
            extended,
            character_set,
        } => json!({
            "form": if restricted { "namePresentationRestricted" } else { "namePresentationAllowed" },
            "extended": extended,
            "character_set": character_set,
            "name": name_text(data, character_set),
            "name_hex": hex(data),
        }),
        Name::NotAvailable => json!({"form": "nameNotAvailable"}),
        Name::RestrictedNull => json!({"form": "namePresentationRestrictedNull"}),
    }
}

fn opt_name(n: &Option<Name<'_>>) -> Value {
    n.as_ref().map_or(Value::Null, name)
}

fn public_ton_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "unknown",
        1 => "internationalNumber",
        2 => "nationalNumber",
        3 => "networkSpecificNumber",
        4 => "subscriberNumber",
        6 => "abbreviatedNumber",
        _ => return None,
    })
}

fn private_ton_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "unknown",
        1 => "level2RegionalNumber",
        2 => "level1RegionalNumber",
        3 => "pISNSpecificNumber",
        4 => "localNumber",
        6 => "abbreviatedNumber",
        _ => return None,
    })
}

fn digits(d: &[u8]) -> String {
    String::from_utf8_lossy(d).into_owned()
}

/// `PartyNumber` (ECMA-155).
pub fn party_number(p: &PartyNumber<'_>) -> Value {
    match *p {
        PartyNumber::Unknown(d) => json!({"form": "unknownPartyNumber", "digits": digits(d)}),
        PartyNumber::Public {
            type_of_number,
            digits: d,
        } => json!({
            "form": "publicPartyNumber",
            "type_of_number": type_of_number,
            "type_of_number_name": public_ton_name(type_of_number),
            "digits": digits(d),
        }),
        PartyNumber::Nsap(d) => json!({"form": "nsapEncodedNumber", "hex": hex(d)}),
        PartyNumber::Data(d) => json!({"form": "dataPartyNumber", "digits": digits(d)}),
        PartyNumber::Telex(d) => json!({"form": "telexPartyNumber", "digits": digits(d)}),
        PartyNumber::Private {
            type_of_number,
            digits: d,
        } => json!({
            "form": "privatePartyNumber",
            "type_of_number": type_of_number,
            "type_of_number_name": private_ton_name(type_of_number),
            "digits": digits(d),
        }),
        PartyNumber::NationalStandard(d) => {
            json!({"form": "nationalStandardPartyNumber", "digits": digits(d)})
        }
    }
}

/// `PartySubaddress` (ECMA-155).
fn subaddress(s: &PartySubaddress<'_>) -> Value {
    match *s {
        PartySubaddress::UserSpecified {
            information,
            odd_count,
        } => json!({
            "form": "userSpecifiedSubaddress",
            "information": hex(information),
            "odd_count": odd_count,
        }),
        PartySubaddress::Nsap(d) => json!({"form": "nSAPSubaddress", "hex": hex(d)}),
    }
}

fn opt_subaddress(s: &Option<PartySubaddress<'_>>) -> Value {
    s.as_ref().map_or(Value::Null, subaddress)
}

/// `Address` (ECMA-155).
fn address(a: &Address<'_>) -> Value {
    json!({
        "party_number": party_number(&a.party_number),
        "party_subaddress": opt_subaddress(&a.party_subaddress),
    })
}

/// `ScreeningIndicator` (ECMA-155, as in Q.931).
fn screening_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "userProvidedNotScreened",
        1 => "userProvidedVerifiedAndPassed",
        2 => "userProvidedVerifiedAndFailed",
        3 => "networkProvided",
        _ => return None,
    })
}

/// `PresentedNumberScreened` / `PresentedAddressScreened` (ECMA-155).
fn presented_screened(p: &PresentedScreened<'_>) -> Value {
    let addr = |a: &AddressScreened<'_>| {
        json!({
            "party_number": party_number(&a.party_number),
            "screening_indicator": coded(a.screening_indicator, screening_name(a.screening_indicator)),
            "party_subaddress": opt_subaddress(&a.party_subaddress),
        })
    };
    match p {
        PresentedScreened::Allowed(a) => json!({"presentation": "allowed", "address": addr(a)}),
        PresentedScreened::Restricted => json!({"presentation": "restricted"}),
        PresentedScreened::NotAvailableDueToInterworking => {
            json!({"presentation": "notAvailableDueToInterworking"})
        }
        PresentedScreened::RestrictedAddress(a) => {
            json!({"presentation": "restricted", "address": addr(a)})
        }
    }
}

/// `PresentedNumberUnscreened` (ECMA-155).
fn presented_unscreened(p: &PresentedNumberUnscreened<'_>) -> Value {
    match p {
        PresentedNumberUnscreened::Allowed(n) => {
            json!({"presentation": "allowed", "number": party_number(n)})
        }
        PresentedNumberUnscreened::Restricted => json!({"presentation": "restricted"}),
        PresentedNumberUnscreened::NotAvailableDueToInterworking => {
            json!({"presentation": "notAvailableDueToInterworking"})
        }
        PresentedNumberUnscreened::RestrictedNumber(n) => {
            json!({"presentation": "restricted", "number": party_number(n)})
        }
    }
}

/// `PSS1InformationElement`: the embedded Q.931 elements, typed like the message's own.
fn pss1(p: &Pss1InformationElement<'_>) -> Value {
    let ies: Vec<Value> = p
        .ies()
        .enumerate()
        .map(|(i, raw)| {
            let mut o = Map::new();
            o.insert("index".into(), json!(i));
            match raw {
                Ok(raw) => {
                    o.insert("offset_in_element".into(), json!(raw.offset));
                    if let Err(e) = crate::isdn::ie_fields(&raw, &mut o) {
                        o.insert(
                            "error".into(),
                            json!({"message": e.to_string(), "offset_in_element": e.offset}),
                        );
                    }
                }
                Err(e) => {
                    o.insert(
                        "error".into(),
                        json!({"message": e.to_string(), "offset_in_element": e.offset}),
                    );
                }
            }
            Value::Object(o)
        })
        .collect();
    json!({"hex": hex(p.0), "ies": ies})
}

fn opt_pss1(p: &Option<Pss1InformationElement<'_>>) -> Value {
    p.as_ref().map_or(Value::Null, pss1)
}

/// An extension left undecoded by the crate, as a BER tree (offsets in it are not reported).
fn extension(e: &Option<Tlv<'_>>) -> Value {
    e.as_ref().map_or(Value::Null, |t| ber(t, 0))
}

/// `DummyArg`/`DummyRes`/`CcExtension`: NULL, one extension or a sequence of them.
fn extension_choice(e: &ExtensionChoice<'_>) -> Value {
    match e {
        ExtensionChoice::Null => json!({"form": "null"}),
        ExtensionChoice::Single(t) => json!({"form": "extension", "ber": ber(t, 0)}),
        ExtensionChoice::Multiple(t) => json!({"form": "multipleExtension", "ber": ber(t, 0)}),
    }
}

/// `DiversionReason` (ECMA-174).
fn diversion_reason_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "unknown",
        1 => "cfu",
        2 => "cfb",
        3 => "cfnr",
        _ => return None,
    })
}

/// `Procedure` (ECMA-174).
fn procedure_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "cfu",
        1 => "cfb",
        2 => "cfnr",
        _ => return None,
    })
}

/// `SubscriptionOption` (ECMA-174).
fn subscription_option_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "noNotification",
        1 => "notificationWithoutDivertedToNr",
        2 => "notificationWithDivertedToNr",
        _ => return None,
    })
}

/// `BasicService` (ECMA-174, ECMA-242).
fn basic_service_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "allServices",
        1 => "speech",
        2 => "unrestrictedDigitalInformation",
        3 => "audio3100Hz",
        32 => "telephony",
        33 => "teletex",
        34 => "telefaxGroup4Class1",
        35 => "videotexSyntaxBased",
        36 => "videotelephony",
        _ => return None,
    })
}

/// `AdviceModeCombination` (ECMA-212).
fn advice_mode_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "rate",
        1 => "rateInterim",
        2 => "rateFinal",
        3 => "interim",
        4 => "final",
        5 => "interimFinal",
        6 => "rateInterimFinal",
        _ => return None,
    })
}

/// `ChargingOption` (ECMA-212).
fn charging_option_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "aocFreeOfCharge",
        1 => "aocContinueCharging",
        2 => "aocStopCharging",
        _ => return None,
    })
}

/// `DiversionType` of aocDivChargeReq (ECMA-212).
fn diversion_type_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "callForwardingUnconditional",
        1 => "callForwardingBusy",
        2 => "callForwardingNoReply",
        3 => "callDeflection",
        _ => return None,
    })
}

fn call_identity(c: &CallIdentityArg<'_>) -> Value {
    json!({
        "call_identity": digits(c.call_identity),
        "rerouting_number": c.rerouting_number.as_ref().map(party_number),
        "extension": extension(&c.extension),
    })
}

fn ct_active(c: &CtActiveArg<'_>) -> Value {
    json!({
        "type": "CTActiveArg",
        "connected_address": presented_screened(&c.connected_address),
        "basic_call_info_elements": opt_pss1(&c.basic_call_info_elements),
        "connected_name": opt_name(&c.connected_name),
        "extension": extension(&c.extension),
    })
}

fn ct_complete(c: &CtCompleteArg<'_>) -> Value {
    let end = match c.end_designation {
        0 => Some("primaryEnd"),
        1 => Some("secondaryEnd"),
        _ => None,
    };
    json!({
        "type": "CTCompleteArg",
        "end_designation": coded(c.end_designation, end),
        "redirection_number": presented_screened(&c.redirection_number),
        "basic_call_info_elements": opt_pss1(&c.basic_call_info_elements),
        "redirection_name": opt_name(&c.redirection_name),
        "call_status": c.call_status.map(|s| coded(s, match s {
            0 => Some("answered"),
            1 => Some("alerting"),
            _ => None,
        })),
        "extension": extension(&c.extension),
    })
}

fn ct_update(c: &CtUpdateArg<'_>) -> Value {
    json!({
        "type": "CTUpdateArg",
        "redirection_number": presented_screened(&c.redirection_number),
        "redirection_name": opt_name(&c.redirection_name),
        "basic_call_info_elements": opt_pss1(&c.basic_call_info_elements),
        "extension": extension(&c.extension),
    })
}

fn diversion_q(d: &DiversionQArg<'_>) -> Value {
    json!({
        "type": "DiversionQArg",
        "procedure": coded(d.procedure, procedure_name(d.procedure)),
        "basic_service": d.basic_service.map(|b| coded(b, basic_service_name(b))),
        "diverted_to_address": d.diverted_to_address.as_ref().map(address),
        "served_user_nr": party_number(&d.served_user_nr),
        "user_nr": party_number(&d.user_nr),
        "extension": extension(&d.extension),
    })
}

fn call_rerouteing(c: &CallRerouteingArg<'_>) -> Value {
    json!({
        "type": "CallRerouteingArg",
        "rerouteing_reason": coded(c.rerouteing_reason, diversion_reason_name(c.rerouteing_reason)),
        "original_rerouteing_reason": c.original_rerouteing_reason
            .map(|r| coded(r, diversion_reason_name(r))),
        "called_address": address(&c.called_address),
        "diversion_counter": c.diversion_counter,
        "pss1_info_element": pss1(&c.pss1_info_element),
        "last_rerouteing_nr": presented_unscreened(&c.last_rerouteing_nr),
        "subscription_option": coded(c.subscription_option, subscription_option_name(c.subscription_option)),
        "calling_party_subaddress": opt_subaddress(&c.calling_party_subaddress),
        "calling_number": presented_screened(&c.calling_number),
        "calling_name": opt_name(&c.calling_name),
        "original_called_nr": c.original_called_nr.as_ref().map(presented_unscreened),
        "redirecting_name": opt_name(&c.redirecting_name),
        "original_called_name": opt_name(&c.original_called_name),
        "extension": extension(&c.extension),
    })
}

fn int_result(r: &IntResult<'_>) -> Value {
    json!({
        "served_user_nr": party_number(&r.served_user_nr),
        "basic_service": coded(r.basic_service, basic_service_name(r.basic_service)),
        "procedure": coded(r.procedure, procedure_name(r.procedure)),
        "diverted_to_address": address(&r.diverted_to_address),
        "remote_enabled": r.remote_enabled,
        "extension": extension(&r.extension),
    })
}

fn cc_request(c: &CcRequestArg<'_>) -> Value {
    json!({
        "type": "CcRequestArg",
        "number_a": presented_unscreened(&c.number_a),
        "number_b": party_number(&c.number_b),
        "service": pss1(&c.service),
        "subaddr_a": opt_subaddress(&c.subaddr_a),
        "subaddr_b": opt_subaddress(&c.subaddr_b),
        "can_retain_service": c.can_retain_service,
        "retain_sig_connection": c.retain_sig_connection,
        "extension": c.extension.as_ref().map(extension_choice),
    })
}

fn cc_optional(c: &CcOptionalArg<'_>) -> Value {
    match c {
        CcOptionalArg::Full {
            number_a,
            number_b,
            service,
            subaddr_a,
            subaddr_b,
            extension,
        } => json!({
            "type": "CcOptionalArg",
            "form": "fullArg",
            "number_a": party_number(number_a),
            "number_b": party_number(number_b),
            "service": pss1(service),
            "subaddr_a": opt_subaddress(subaddr_a),
            "subaddr_b": opt_subaddress(subaddr_b),
            "extension": extension.as_ref().map(extension_choice),
        }),
        CcOptionalArg::Extension(e) => json!({
            "type": "CcOptionalArg",
            "form": "extArg",
            "extension": extension_choice(e),
        }),
    }
}

/// `Amount` (ECMA-212): the value and the multiplier's power of ten.
fn amount(a: &Amount) -> Value {
    let m = match a.multiplier {
        0 => Some("oneThousandth"),
        1 => Some("oneHundredth"),
        2 => Some("oneTenth"),
        3 => Some("one"),
        4 => Some("ten"),
        5 => Some("hundred"),
        6 => Some("thousand"),
        _ => None,
    };
    json!({"currency_amount": a.currency_amount, "multiplier": coded(a.multiplier, m)})
}

/// `Time` (ECMA-212).
fn time(t: &Time) -> Value {
    let s = match t.scale {
        0 => Some("oneHundredthSecond"),
        1 => Some("oneTenthSecond"),
        2 => Some("oneSecond"),
        3 => Some("tenSeconds"),
        4 => Some("oneMinute"),
        5 => Some("oneHour"),
        6 => Some("twentyFourHours"),
        _ => None,
    };
    json!({"length_of_time_unit": t.length_of_time_unit, "scale": coded(t.scale, s)})
}

fn charging_association(c: &ChargingAssociation<'_>) -> Value {
    match c {
        ChargingAssociation::ChargeNumber(n) => {
            json!({"form": "chargeNumber", "number": party_number(n)})
        }
        ChargingAssociation::ChargeIdentifier(i) => {
            json!({"form": "chargeIdentifier", "value": i})
        }
    }
}

fn aoc_charge(c: &AocChargeArg<'_>) -> Value {
    let charge = match &c.charge {
        Charge::NotAvailable => json!({"form": "chargeNotAvailable"}),
        Charge::FreeOfCharge => json!({"form": "freeOfCharge"}),
        Charge::SpecificCurrency {
            recorded,
            billing_id,
        } => json!({
            "form": "specificCurrency",
            "currency": digits(recorded.currency),
            "amount": amount(&recorded.amount),
            "billing_id": billing_id,
        }),
    };
    json!({
        "type": "AocInterimArg/AocFinalArg",
        "charge": charge,
        "charging_association": c.charging_association.as_ref().map(charging_association),
        "extension": extension(&c.extension),
    })
}

fn rate_type(r: &RateType<'_>) -> Value {
    match r {
        RateType::Duration {
            currency,
            amount: a,
            charging_type,
            time: t,
            granularity,
        } => json!({
            "form": "durationCurrency",
            "currency": digits(currency),
            "amount": amount(a),
            "charging_type": coded(*charging_type, match charging_type {
                0 => Some("continuousCharging"),
                1 => Some("stepFunction"),
                _ => None,
            }),
            "time": time(t),
            "granularity": granularity.as_ref().map(time),
        }),
        RateType::FlatRate {
            currency,
            amount: a,
        } => json!({"form": "flatRateCurrency", "currency": digits(currency), "amount": amount(a)}),
        RateType::VolumeRate {
            currency,
            amount: a,
            volume_unit,
        } => json!({
            "form": "volumeRateCurrency",
            "currency": digits(currency),
            "amount": amount(a),
            "volume_unit": coded(*volume_unit, match volume_unit {
                0 => Some("octet"),
                1 => Some("segment"),
                2 => Some("message"),
                _ => None,
            }),
        }),
        RateType::SpecialChargingCode(c) => json!({"form": "specialChargingCode", "value": c}),
        RateType::FreeOfCharge => json!({"form": "freeOfCharge"}),
        RateType::CurrencyInfoNotAvailable => json!({"form": "currencyInfoNotAvailable"}),
        RateType::FreeOfChargeFromBeginning => json!({"form": "freeOfChargefromBeginning"}),
    }
}

fn aoc_rate(r: &AocRateArg<'_>) -> Value {
    let item = |i: i32| match i {
        0 => Some("basicCommunication"),
        1 => Some("callAttempt"),
        2 => Some("callSetup"),
        3 => Some("userToUserInfo"),
        4 => Some("operationOfSupplementaryServ"),
        _ => None,
    };
    json!({
        "type": "AocRateArg",
        "currency_info": r.currency_info.as_ref().map(|l| l.iter().map(|c| json!({
            "charged_item": coded(c.charged_item, item(c.charged_item)),
            "rate_type": rate_type(&c.rate_type),
        })).collect::<Vec<_>>()),
        "charge_not_available": r.currency_info.is_none(),
        "extension": extension(&r.extension),
    })
}

fn dli1(d: &DivertingLegInformation1<'_>) -> Value {
    json!({
        "type": "DivertingLegInformation1Arg",
        "diversion_reason": d.diversion_reason,
        "diversion_reason_name": diversion_reason_name(d.diversion_reason),
        "subscription_option": d.subscription_option,
        "subscription_option_name": subscription_option_name(d.subscription_option),
        "nominated_nr": party_number(&d.nominated_nr),
        "extension": extension(&d.extension),
    })
}

fn dli2(d: &DivertingLegInformation2<'_>) -> Value {
    json!({
        "type": "DivertingLegInformation2Arg",
        "diversion_counter": d.diversion_counter,
        "diversion_reason": d.diversion_reason,
        "diversion_reason_name": diversion_reason_name(d.diversion_reason),
        "original_diversion_reason": d.original_diversion_reason,
        "original_diversion_reason_name": d.original_diversion_reason.and_then(diversion_reason_name),
        "diverting_nr": d.diverting_nr.as_ref().map(presented_unscreened),
        "original_called_nr": d.original_called_nr.as_ref().map(presented_unscreened),
        "redirecting_name": opt_name(&d.redirecting_name),
        "original_called_name": opt_name(&d.original_called_name),
        "extension": extension(&d.extension),
    })
}

fn dli3(d: &DivertingLegInformation3<'_>) -> Value {
    json!({
        "type": "DivertingLegInformation3Arg",
        "presentation_allowed": d.presentation_allowed,
        "redirection_name": opt_name(&d.redirection_name),
        "extension": extension(&d.extension),
    })
}

fn msg_centre(c: &MsgCentreId<'_>) -> Value {
    match c {
        MsgCentreId::Integer(v) => json!({"form": "integer", "value": v}),
        MsgCentreId::PartyNumber(p) => json!({"form": "partyNumber", "number": party_number(p)}),
        MsgCentreId::NumericString(s) => json!({"form": "numericString", "digits": digits(s)}),
    }
}

fn mwi(m: &MwiArg<'_>) -> Value {
    json!({
        "type": "MWIArg",
        "served_user_nr": party_number(&m.served_user_nr),
        "basic_service": m.basic_service,
        "basic_service_name": basic_service_name(m.basic_service),
        "msg_centre_id": m.msg_centre_id.as_ref().map(msg_centre),
        "nb_of_messages": m.nb_of_messages,
        "originating_nr": m.originating_nr.as_ref().map(party_number),
        "timestamp": m.timestamp.map(digits),
        "priority": m.priority,
        "extension": extension(&m.extension),
    })
}

fn mwi_interrogate_elt(m: &MwiInterrogateResElt<'_>) -> Value {
    json!({
        "basic_service": coded(m.basic_service, basic_service_name(m.basic_service)),
        "msg_centre_id": m.msg_centre_id.as_ref().map(msg_centre),
        "nb_of_messages": m.nb_of_messages,
        "originating_nr": m.originating_nr.as_ref().map(party_number),
        "timestamp": m.timestamp.map(digits),
        "priority": m.priority,
        "extension": extension(&m.extension),
    })
}

/// The tag of a BER element as text: `[3]`, `[APPLICATION 3]`, `[PRIVATE 3]`, or the
/// universal type's name (`SEQUENCE`, `INTEGER`, …; `[UNIVERSAL n]` for the rest).
pub fn tag_name(t: &Tlv<'_>) -> String {
    match t.class {
        Class::Context => format!("[{}]", t.tag),
        Class::Application => format!("[APPLICATION {}]", t.tag),
        Class::Private => format!("[PRIVATE {}]", t.tag),
        Class::Universal => match t.tag {
            1 => "BOOLEAN".into(),
            2 => "INTEGER".into(),
            3 => "BIT STRING".into(),
            4 => "OCTET STRING".into(),
            5 => "NULL".into(),
            6 => "OBJECT IDENTIFIER".into(),
            10 => "ENUMERATED".into(),
            12 => "UTF8String".into(),
            16 => "SEQUENCE".into(),
            17 => "SET".into(),
            18 => "NumericString".into(),
            19 => "PrintableString".into(),
            22 => "IA5String".into(),
            24 => "GeneralizedTime".into(),
            26 => "VisibleString".into(),
            n => format!("[UNIVERSAL {n}]"),
        },
    }
}

/// Dotted form of an OBJECT IDENTIFIER's contents; `None` when malformed or an arc exceeds
/// 64 bits.
pub fn oid_string(v: &[u8]) -> Option<String> {
    if v.is_empty() || v.last().is_some_and(|o| o & 0x80 != 0) {
        return None;
    }
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for &o in v {
        if acc > (u64::MAX >> 7) {
            return None;
        }
        acc = (acc << 7) | u64::from(o & 0x7f);
        if o & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    Some(
        arcs.iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// A generic BER tree: `{"tag":"[0]","constructed":true,"children":[...]}` for a constructed
/// element, `{"tag":..,"constructed":false,"hex":..}` (plus `value` for INTEGER, ENUMERATED
/// and BOOLEAN, `text` for string types, `oid` for OBJECT IDENTIFIER) for a primitive one.
/// `base` is the absolute frame offset the TLV offsets are relative to (reported with
/// nested errors).
pub fn ber(t: &Tlv<'_>, base: usize) -> Value {
    ber_at(t, base, 0)
}

fn ber_at(t: &Tlv<'_>, base: usize, depth: usize) -> Value {
    let mut o = Map::new();
    o.insert("tag".into(), json!(tag_name(t)));
    o.insert("constructed".into(), json!(t.constructed));
    if t.constructed {
        if depth >= MAX_TREE_DEPTH {
            o.insert("hex".into(), json!(hex(t.value)));
            o.insert(
                "error".into(),
                json!({"message": "BER nesting deeper than the rendered limit", "offset": base + t.offset}),
            );
            return Value::Object(o);
        }
        let mut children = Vec::new();
        for c in t.children() {
            match c {
                Ok(c) => children.push(ber_at(&c, base, depth + 1)),
                Err(e) => {
                    o.insert("hex".into(), json!(hex(t.value)));
                    o.insert("error".into(), Problem::from_q931(e, base).to_json());
                    break;
                }
            }
        }
        o.insert("children".into(), Value::Array(children));
        return Value::Object(o);
    }
    o.insert("hex".into(), json!(hex(t.value)));
    if t.class == Class::Universal {
        match t.tag {
            1 if t.value.len() == 1 => {
                o.insert("value".into(), json!(t.value[0] != 0));
            }
            2 | 10 => {
                if let Ok(v) = t.integer() {
                    o.insert("value".into(), json!(v));
                }
            }
            6 => {
                if let Some(s) = oid_string(t.value) {
                    o.insert("oid".into(), json!(s));
                }
            }
            12 | 18 | 19 | 22 | 24 | 26 => {
                o.insert("text".into(), json!(String::from_utf8_lossy(t.value)));
            }
            _ => {}
        }
    }
    Value::Object(o)
}

/// The problem type of a ROSE reject (the context tag of the problem element) and the
/// problem's name (X.880 §11, Q.932).
pub fn reject_problem(kind: u8, problem: i32) -> (&'static str, Option<&'static str>) {
    let (k, names): (&str, &[&str]) = match kind {
        0 => (
            "general",
            &[
                "unrecognizedComponent",
                "mistypedComponent",
                "badlyStructuredComponent",
            ],
        ),
        1 => (
            "invoke",
            &[
                "duplicateInvocation",
                "unrecognizedOperation",
                "mistypedArgument",
                "resourceLimitation",
                "releaseInProgress",
                "unrecognizedLinkedId",
                "linkedResponseUnexpected",
                "unexpectedLinkedOperation",
            ],
        ),
        2 => (
            "returnResult",
            &[
                "unrecognizedInvocation",
                "resultResponseUnexpected",
                "mistypedResult",
            ],
        ),
        3 => (
            "returnError",
            &[
                "unrecognizedInvocation",
                "errorResponseUnexpected",
                "unrecognizedError",
                "unexpectedError",
                "mistypedParameter",
            ],
        ),
        _ => ("unknown", &[]),
    };
    let name = usize::try_from(problem)
        .ok()
        .and_then(|i| names.get(i))
        .copied();
    (k, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use strowger_q931_qsig::qsig::ber::Reader;

    fn tlv(b: &[u8]) -> Tlv<'_> {
        Reader::new(b).read().unwrap().unwrap()
    }

    #[test]
    fn oid_and_tag_names() {
        assert_eq!(
            oid_string(&[0x2b, 0x0c, 0x09, 0x00]).as_deref(),
            Some("1.3.12.9.0")
        );
        assert_eq!(oid_string(&[0x2b, 0x81]), None);
        assert_eq!(oid_string(&[0x88, 0x37, 0x03]).as_deref(), Some("2.999.3"));
        assert_eq!(tag_name(&tlv(&[0xa3, 0x00])), "[3]");
        assert_eq!(tag_name(&tlv(&[0x30, 0x00])), "SEQUENCE");
        assert_eq!(tag_name(&tlv(&[0x5f, 0x21, 0x00])), "[APPLICATION 33]");
    }

    #[test]
    fn ber_tree_keeps_everything() {
        // [0] { INTEGER 5, IA5String "ab", [1] 0xff }
        let b = [
            0xa0, 0x0a, 0x02, 0x01, 0x05, 0x16, 0x02, 0x61, 0x62, 0x81, 0x01, 0xff,
        ];
        let t = tlv(&b);
        let v = ber(&t, 10);
        assert_eq!(v["tag"], "[0]");
        let c = v["children"].as_array().unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c[0]["value"], 5);
        assert_eq!(c[1]["text"], "ab");
        assert_eq!(c[2]["hex"], "ff");
        // A constructed element whose contents are not BER (the reader refuses to build
        // one, so make it by hand): hex and an error with its absolute offset.
        let bad = Tlv {
            class: Class::Universal,
            constructed: true,
            tag: 16,
            indefinite: false,
            value: &[0x02, 0x05],
            raw: &[0x30, 0x02, 0x02, 0x05],
            offset: 0,
        };
        let v = ber(&bad, 100);
        assert_eq!(v["hex"], "0205");
        assert_eq!(v["error"]["offset"], 104);
    }

    #[test]
    fn arguments_typed_untyped_and_malformed() {
        let name_arg = [0x80, 0x03, 0x41, 0x6c, 0xe9];
        let (v, p) = argument(Some(0), &tlv(&name_arg), 0);
        assert!(p.is_none());
        assert_eq!(v["type"], "NameArg");
        assert_eq!(v["name"], "Al\u{e9}");
        assert_eq!(v["hex"], "8003416ce9");
        let (v, p) = argument(Some(99), &tlv(&[0x30, 0x03, 0x0a, 0x01, 0x00]), 0);
        assert!(p.is_none());
        assert_eq!(v["type"], Value::Null);
        assert_eq!(v["ber"]["children"][0]["value"], 0);
        // An empty SEQUENCE is no NameArg: the name is missing right after its header.
        let (v, p) = argument(Some(0), &tlv(&[0x30, 0x00]), 40);
        assert_eq!(p.unwrap().offset, 42);
        assert_eq!(v["error"]["offset"], 42);
        assert_eq!(v["ber"]["tag"], "SEQUENCE");
    }

    #[test]
    fn reject_problem_names() {
        assert_eq!(
            reject_problem(1, 1),
            ("invoke", Some("unrecognizedOperation"))
        );
        assert_eq!(reject_problem(0, 9), ("general", None));
        assert_eq!(reject_problem(3, -1), ("returnError", None));
    }
}
