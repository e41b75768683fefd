//! JSON rendering of QSIG operation arguments and of any BER element, for `strowger isdn`.
//!
//! [`argument`] renders an invoke argument: typed for every `ops::Argument` variant the
//! crate decodes (add a match arm in [`typed`] when a new variant lands), and as a generic
//! BER tree ([`ber`]) otherwise, so no octet is ever dropped. Names of QSIG errors and ROSE
//! reject problems live here too.

use serde_json::{json, Map, Value};
use strowger_q931_qsig::qsig::ber::{Class, Tlv};
use strowger_q931_qsig::qsig::ops::{
    decode_argument, Argument, DivertingLegInformation1, DivertingLegInformation2,
    DivertingLegInformation3, MsgCentreId, MwiArg, Name, PartyNumber, PresentedNumberUnscreened,
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

/// The argument of an invoke of local operation `op` (`None` for a global code). `base` is
/// the absolute frame offset of the buffer the TLV offsets are relative to.
///
/// Typed: `{"type":"Name",...,"hex":..}`. Not typed: `{"type":null,"ber":tree,"hex":..}`.
/// Malformed for its operation: `{"type":null,"error":{..},"ber":tree,"hex":..}`, and the
/// problem is returned for the frame's `error` field.
pub fn argument(op: Option<i32>, arg: &Tlv<'_>, base: usize) -> (Value, Option<Problem>) {
    let decoded = match op {
        Some(op) => decode_argument(op, arg),
        None => Ok(None),
    };
    let (mut v, problem) = match decoded {
        Ok(Some(a)) => match typed(&a) {
            Some(v) => (v, None),
            None => (untyped(arg, base), None),
        },
        Ok(None) => (untyped(arg, base), None),
        Err(e) => {
            let p = Problem::from_q931(e, base);
            let mut v = untyped(arg, base);
            v["error"] = p.to_json();
            (v, Some(p))
        }
    };
    v["hex"] = json!(hex(arg.raw));
    (v, problem)
}

fn untyped(arg: &Tlv<'_>, base: usize) -> Value {
    json!({"type": null, "ber": ber(arg, base)})
}

/// The typed rendering of a decoded argument; `None` for a variant this tool does not
/// render yet (it is then shown as a BER tree).
fn typed(a: &Argument<'_>) -> Option<Value> {
    Some(match a {
        Argument::Name(n) => {
            let mut v = name(n);
            v["type"] = json!("Name");
            v
        }
        Argument::DivertingLegInformation1(d) => dli1(d),
        Argument::DivertingLegInformation2(d) => dli2(d),
        Argument::DivertingLegInformation3(d) => dli3(d),
        Argument::Mwi(m) => mwi(m),
        _ => return None,
    })
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

/// `PresentedNumberUnscreened` (ECMA-174, ECMA-178).
fn presented_unscreened(p: &PresentedNumberUnscreened<'_>) -> Value {
    match p {
        PresentedNumberUnscreened::Allowed(n) => {
            json!({"presentation": "presentationAllowedNumber", "number": party_number(n)})
        }
        PresentedNumberUnscreened::Restricted => json!({"presentation": "presentationRestricted"}),
        PresentedNumberUnscreened::NotAvailableDueToInterworking => {
            json!({"presentation": "numberNotAvailableDueToInterworking"})
        }
        PresentedNumberUnscreened::RestrictedNumber(n) => {
            json!({"presentation": "presentationRestrictedNumber", "number": party_number(n)})
        }
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

fn extension(e: &Option<Tlv<'_>>) -> Value {
    // Offsets inside an extension are not reported, so the base does not matter here.
    e.as_ref().map_or(Value::Null, |t| ber(t, 0))
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
        "redirecting_name": d.redirecting_name.as_ref().map(name),
        "original_called_name": d.original_called_name.as_ref().map(name),
        "extension": extension(&d.extension),
    })
}

fn dli3(d: &DivertingLegInformation3<'_>) -> Value {
    json!({
        "type": "DivertingLegInformation3Arg",
        "presentation_allowed": d.presentation_allowed,
        "redirection_name": d.redirection_name.as_ref().map(name),
        "extension": extension(&d.extension),
    })
}

fn mwi(m: &MwiArg<'_>) -> Value {
    let centre = m.msg_centre_id.map(|c| match c {
        MsgCentreId::Integer(v) => json!({"form": "integer", "value": v}),
        MsgCentreId::PartyNumber(p) => json!({"form": "partyNumber", "number": party_number(&p)}),
        MsgCentreId::NumericString(s) => json!({"form": "numericString", "digits": digits(s)}),
    });
    json!({
        "type": "MWIArg",
        "served_user_nr": party_number(&m.served_user_nr),
        "basic_service": m.basic_service,
        "basic_service_name": basic_service_name(m.basic_service),
        "msg_centre_id": centre,
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

/// QSIG error values (ECMA-165 general errors and the service standards' errors).
pub fn error_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "userNotSubscribed",
        1 => "rejectedByNetwork",
        2 => "rejectedByUser",
        3 => "notAvailable",
        5 => "insufficientInformation",
        6 => "invalidServedUserNr",
        7 => "invalidCallState",
        8 => "basicServiceNotProvided",
        9 => "notIncomingCall",
        10 => "supplementaryServiceInteractionNotAllowed",
        11 => "resourceUnavailable",
        12 => "invalidDivertedToNr",
        14 => "specialServiceNr",
        15 => "diversionToServedUserNr",
        24 => "numberOfDiversionsExceeded",
        25 => "callFailure",
        43 => "proceduralError",
        1000 => "temporarilyUnavailable",
        1001 => "collision",
        1002 => "criteriaPermanentlyUnachievable",
        1003 => "criteriaTemporarilyUnachievable",
        1004 => "invalidRerouteingNumber",
        1005 => "unrecognizedCallIdentity",
        1006 => "establishmentFailure",
        1007 => "notAuthorized",
        1008 => "unspecified",
        1009 => "notBusy",
        1010 => "shortTermRejection",
        1011 => "longTermRejection",
        1012 => "remoteUserBusyAgain",
        1013 => "failureToMatch",
        1014 => "failedDueToInterworking",
        1015 => "locationNotKnown",
        1016 => "freeOfCharge",
        1017 => "paramNotAvailable",
        1018 => "invalidMsgCentreId",
        _ => return None,
    })
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
        assert_eq!(v["type"], "Name");
        assert_eq!(v["name"], "Al\u{e9}");
        assert_eq!(v["hex"], "8003416ce9");
        let (v, p) = argument(Some(12), &tlv(&[0x30, 0x03, 0x0a, 0x01, 0x00]), 0);
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
