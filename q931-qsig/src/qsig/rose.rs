//! The contents of a QSIG Facility information element (ECMA-165 §10, Q.932 §8.2.3): network
//! facility extension, network protocol profile, interpretation APDU and ROSE components
//! (X.880 / Q.932: Invoke, ReturnResult, ReturnError, Reject).

use alloc::vec::Vec;

use super::ber::{decode_integer, write_integer, write_tlv, Class, Reader, Tlv};
use crate::ParseError;

/// An operation or error code (X.880 `Code`): a local integer or a global OBJECT IDENTIFIER.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code<'a> {
    /// `local INTEGER` — QSIG uses these (e.g. 0 callingName).
    Local(i32),
    /// `global OBJECT IDENTIFIER`, the contents octets of the OID.
    Global(&'a [u8]),
}

impl Code<'_> {
    fn parse<'a>(t: &Tlv<'a>) -> Result<Code<'a>, ParseError> {
        match (t.class, t.constructed, t.tag) {
            (Class::Universal, false, 2) => Ok(Code::Local(t.integer()?)),
            (Class::Universal, false, 6) => {
                if t.value.is_empty() {
                    return Err(ParseError::invalid(t.offset, "empty OBJECT IDENTIFIER"));
                }
                Ok(Code::Global(t.value))
            }
            _ => Err(ParseError::invalid(t.offset, "ROSE code")),
        }
    }

    /// The last arc of a global code (Wireshark and ECMA map it to the local value), or the
    /// local value.
    #[must_use]
    pub fn value(&self) -> Option<i64> {
        match *self {
            Code::Local(v) => Some(i64::from(v)),
            Code::Global([]) => None,
            Code::Global(oid) => {
                let start = oid[..oid.len() - 1]
                    .iter()
                    .rposition(|o| o & 0x80 == 0)
                    .map_or(0, |p| p + 1);
                let arc = &oid[start..];
                if arc.len() > 8 || oid.last().is_some_and(|o| o & 0x80 != 0) {
                    return None;
                }
                Some(arc.iter().fold(0i64, |a, o| (a << 7) | i64::from(o & 0x7F)))
            }
        }
    }
}

/// ROSE Invoke, X.880 / Q.932 `[1] IMPLICIT SEQUENCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invoke<'a> {
    /// Invoke identifier.
    pub invoke_id: i32,
    /// Linked identifier (`[0] IMPLICIT`), if present.
    pub linked_id: Option<i32>,
    /// Operation code.
    pub operation: Code<'a>,
    /// The argument, undecoded.
    pub argument: Option<Tlv<'a>>,
}

/// ROSE ReturnResult, `[2] IMPLICIT SEQUENCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnResult<'a> {
    /// Invoke identifier of the operation answered.
    pub invoke_id: i32,
    /// Operation code and result, absent for operations without a result value.
    pub result: Option<(Code<'a>, Tlv<'a>)>,
}

/// ROSE ReturnError, `[3] IMPLICIT SEQUENCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnError<'a> {
    /// Invoke identifier of the operation answered.
    pub invoke_id: i32,
    /// Error code (QSIG error values, e.g. 1 rejectedByNetwork).
    pub error: Code<'a>,
    /// The error parameter, undecoded.
    pub parameter: Option<Tlv<'a>>,
}

/// ROSE Reject, `[4] IMPLICIT SEQUENCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reject {
    /// Invoke identifier; `None` when the rejected component's identifier was not known (NULL).
    pub invoke_id: Option<i32>,
    /// Problem family: 0 general, 1 invoke, 2 returnResult, 3 returnError.
    pub problem_kind: u8,
    /// Problem value within the family.
    pub problem: i32,
}

/// One element of a Facility information element's contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Apdu<'a> {
    /// NetworkFacilityExtension `[10]` (ECMA-165 §10.3): source and destination entity
    /// (0 endPINX, 1 anyTypeOfPINX); entity addresses kept as BER elements.
    NetworkFacilityExtension {
        /// `sourceEntity [0]`.
        source_entity: i32,
        /// `sourceEntityAddress [1]`, if present.
        source_address: Option<Tlv<'a>>,
        /// `destinationEntity [2]`.
        destination_entity: i32,
        /// `destinationEntityAddress [3]`, if present.
        destination_address: Option<Tlv<'a>>,
    },
    /// NetworkProtocolProfile `[18]`.
    NetworkProtocolProfile(i32),
    /// InterpretationApdu `[11]`: 0 discard unrecognised invokes, 1 clear the call, 2 reject.
    Interpretation(i32),
    /// ROSE Invoke.
    Invoke(Invoke<'a>),
    /// ROSE ReturnResult.
    ReturnResult(ReturnResult<'a>),
    /// ROSE ReturnError.
    ReturnError(ReturnError<'a>),
    /// ROSE Reject.
    Reject(Reject),
    /// Any other element, kept raw.
    Unknown(Tlv<'a>),
}

/// Decodes the elements of a Facility IE's components (the octets after the protocol profile
/// octet, [`crate::wire::Facility::components`]). Offsets are relative to those octets.
pub fn apdus(components: &[u8]) -> impl Iterator<Item = Result<Apdu<'_>, ParseError>> + '_ {
    let mut r = Reader::new(components);
    let mut failed = false;
    core::iter::from_fn(move || {
        if failed {
            return None;
        }
        let item = match r.read() {
            Ok(Some(t)) => Apdu::parse(&t),
            Ok(None) => return None,
            Err(e) => Err(e),
        };
        failed = item.is_err();
        Some(item)
    })
}

fn int_in(t: &Tlv<'_>) -> Result<i32, ParseError> {
    decode_integer(t.value, t.offset)
}

fn invoke_id(r: &mut Reader<'_>) -> Result<i32, ParseError> {
    let t = r.expect("invoke identifier")?;
    if !t.is(Class::Universal, false, 2) {
        return Err(ParseError::invalid(t.offset, "invoke identifier"));
    }
    t.integer()
}

fn end(r: &mut Reader<'_>) -> Result<(), ParseError> {
    match r.read()? {
        None => Ok(()),
        Some(t) => Err(ParseError::invalid(
            t.offset,
            "extra element in ROSE component",
        )),
    }
}

impl<'a> Apdu<'a> {
    fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        if t.class != Class::Context {
            return Ok(Self::Unknown(*t));
        }
        match (t.constructed, t.tag) {
            (true, 10) => {
                let mut r = t.children();
                let src = r.expect("sourceEntity")?;
                if !src.is(Class::Context, false, 0) {
                    return Err(ParseError::invalid(src.offset, "sourceEntity"));
                }
                let source_address = r.read_if(Class::Context, true, 1)?;
                let dst = r.expect("destinationEntity")?;
                if !dst.is(Class::Context, false, 2) {
                    return Err(ParseError::invalid(dst.offset, "destinationEntity"));
                }
                let destination_address = r.read_if(Class::Context, true, 3)?;
                end(&mut r)?;
                Ok(Self::NetworkFacilityExtension {
                    source_entity: int_in(&src)?,
                    source_address,
                    destination_entity: int_in(&dst)?,
                    destination_address,
                })
            }
            (false, 18) => Ok(Self::NetworkProtocolProfile(int_in(t)?)),
            (false, 11) => Ok(Self::Interpretation(int_in(t)?)),
            (true, 1) => {
                let mut r = t.children();
                let invoke_id = invoke_id(&mut r)?;
                let linked_id = r
                    .read_if(Class::Context, false, 0)?
                    .map(|l| int_in(&l))
                    .transpose()?;
                let operation = Code::parse(&r.expect("operation code")?)?;
                let argument = r.read()?;
                end(&mut r)?;
                Ok(Self::Invoke(Invoke {
                    invoke_id,
                    linked_id,
                    operation,
                    argument,
                }))
            }
            (true, 2) => {
                let mut r = t.children();
                let invoke_id = invoke_id(&mut r)?;
                let result = match r.read()? {
                    None => None,
                    Some(s) if s.is(Class::Universal, true, 16) => {
                        let mut rs = s.children();
                        let code = Code::parse(&rs.expect("operation code")?)?;
                        let value = rs.expect("result")?;
                        end(&mut rs)?;
                        Some((code, value))
                    }
                    Some(s) => return Err(ParseError::invalid(s.offset, "returnResult result")),
                };
                end(&mut r)?;
                Ok(Self::ReturnResult(ReturnResult { invoke_id, result }))
            }
            (true, 3) => {
                let mut r = t.children();
                let invoke_id = invoke_id(&mut r)?;
                let error = Code::parse(&r.expect("error code")?)?;
                let parameter = r.read()?;
                end(&mut r)?;
                Ok(Self::ReturnError(ReturnError {
                    invoke_id,
                    error,
                    parameter,
                }))
            }
            (true, 4) => {
                let mut r = t.children();
                let id = r.expect("invoke identifier")?;
                let invoke_id = if id.is(Class::Universal, false, 5) {
                    None
                } else if id.is(Class::Universal, false, 2) {
                    Some(id.integer()?)
                } else {
                    return Err(ParseError::invalid(id.offset, "reject invoke identifier"));
                };
                let p = r.expect("problem")?;
                if p.class != Class::Context || p.constructed || p.tag > 3 {
                    return Err(ParseError::invalid(p.offset, "reject problem"));
                }
                end(&mut r)?;
                Ok(Self::Reject(Reject {
                    invoke_id,
                    problem_kind: p.tag as u8,
                    problem: int_in(&p)?,
                }))
            }
            _ => Ok(Self::Unknown(*t)),
        }
    }
}

impl Code<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        match *self {
            Code::Local(v) => write_integer(out, 0x02, v),
            Code::Global(oid) => write_tlv(out, 0x06, oid),
        }
    }
}

impl Apdu<'_> {
    /// Appends the element with minimal definite lengths (X.690 §8.1.3). An element decoded
    /// from such an encoding (what libpri and most PINXs send) re-emits byte-exact; one that
    /// used indefinite or long-form lengths comes out in the definite short form.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match *self {
            Self::NetworkFacilityExtension {
                source_entity,
                source_address,
                destination_entity,
                destination_address,
            } => write_network_facility_extension(
                out,
                source_entity,
                source_address.map(|a| a.raw),
                destination_entity,
                destination_address.map(|a| a.raw),
            ),
            Self::NetworkProtocolProfile(p) => write_integer(out, 0x92, p),
            Self::Interpretation(i) => write_integer(out, 0x8B, i),
            Self::Invoke(inv) => write_invoke(
                out,
                inv.invoke_id,
                inv.linked_id,
                inv.operation,
                inv.argument.map(|a| a.raw),
            ),
            Self::ReturnResult(rr) => write_return_result(
                out,
                rr.invoke_id,
                rr.result.map(|(code, result)| (code, result.raw)),
            ),
            Self::ReturnError(re) => {
                write_return_error(out, re.invoke_id, re.error, re.parameter.map(|p| p.raw));
            }
            Self::Reject(rj) => write_reject(out, rj.invoke_id, rj.problem_kind, rj.problem),
            Self::Unknown(t) => out.extend_from_slice(t.raw),
        }
    }
}

// The component writers, shared by `Apdu::emit` and the services layer's `Component` and
// `Header` (which hold their elements already encoded). Element arguments are whole BER
// elements, copied as they are.

/// `networkFacilityExtension [10]`; the addresses are the whole `[1]` / `[3]` elements.
pub(crate) fn write_network_facility_extension(
    out: &mut Vec<u8>,
    source_entity: i32,
    source_address: Option<&[u8]>,
    destination_entity: i32,
    destination_address: Option<&[u8]>,
) {
    let mut c = Vec::new();
    write_integer(&mut c, 0x80, source_entity);
    c.extend_from_slice(source_address.unwrap_or_default());
    write_integer(&mut c, 0x82, destination_entity);
    c.extend_from_slice(destination_address.unwrap_or_default());
    write_tlv(out, 0xAA, &c);
}

/// `invoke [1]`.
pub(crate) fn write_invoke(
    out: &mut Vec<u8>,
    invoke_id: i32,
    linked_id: Option<i32>,
    operation: Code<'_>,
    argument: Option<&[u8]>,
) {
    let mut c = Vec::new();
    write_integer(&mut c, 0x02, invoke_id);
    if let Some(l) = linked_id {
        write_integer(&mut c, 0x80, l);
    }
    operation.write(&mut c);
    c.extend_from_slice(argument.unwrap_or_default());
    write_tlv(out, 0xA1, &c);
}

/// `returnResult [2]`, with the `SEQUENCE { operation code, result }` when there is a result.
pub(crate) fn write_return_result(
    out: &mut Vec<u8>,
    invoke_id: i32,
    result: Option<(Code<'_>, &[u8])>,
) {
    let mut c = Vec::new();
    write_integer(&mut c, 0x02, invoke_id);
    if let Some((code, result)) = result {
        let mut seq = Vec::new();
        code.write(&mut seq);
        seq.extend_from_slice(result);
        write_tlv(&mut c, 0x30, &seq);
    }
    write_tlv(out, 0xA2, &c);
}

/// `returnError [3]`.
pub(crate) fn write_return_error(
    out: &mut Vec<u8>,
    invoke_id: i32,
    error: Code<'_>,
    parameter: Option<&[u8]>,
) {
    let mut c = Vec::new();
    write_integer(&mut c, 0x02, invoke_id);
    error.write(&mut c);
    c.extend_from_slice(parameter.unwrap_or_default());
    write_tlv(out, 0xA3, &c);
}

/// `reject [4]`; an unknown invoke identifier is encoded as NULL.
pub(crate) fn write_reject(
    out: &mut Vec<u8>,
    invoke_id: Option<i32>,
    problem_kind: u8,
    problem: i32,
) {
    let mut c = Vec::new();
    match invoke_id {
        Some(id) => write_integer(&mut c, 0x02, id),
        None => write_tlv(&mut c, 0x05, &[]),
    }
    write_integer(&mut c, 0x80 | (problem_kind & 0x1F), problem);
    write_tlv(out, 0xA4, &c);
}

#[cfg(test)]
mod tests {
    use super::super::ber::{Reader, MAX_DEPTH};
    use super::super::ops::{decode_argument, Argument, MsgCentreId, MwiArg, Name, PartyNumber};
    use super::*;
    use crate::ErrorKind;

    fn all(b: &[u8]) -> Result<Vec<Apdu<'_>>, ParseError> {
        apdus(b).collect()
    }

    #[test]
    fn return_result_error_and_reject() {
        // returnResult { invokeId 5, SEQUENCE { opcode 19, NULL } }
        // A result SEQUENCE holding only the opcode is malformed.
        let rr = [
            0xa2, 0x08, 0x02, 0x01, 0x05, 0x30, 0x03, 0x02, 0x01, 0x13, 0x05, 0x00,
        ];
        // The same with a SEQUENCE length that covers opcode and result.
        let rr_ok = [
            0xa2, 0x0a, 0x02, 0x01, 0x05, 0x30, 0x05, 0x02, 0x01, 0x13, 0x05, 0x00,
        ];
        assert!(all(&rr).is_err());
        match all(&rr_ok).unwrap()[..] {
            [Apdu::ReturnResult(ReturnResult {
                invoke_id: 5,
                result: Some((Code::Local(19), t)),
            })] => assert_eq!(t.raw, [0x05, 0x00]),
            ref x => panic!("{x:?}"),
        }
        // returnResult without a result; returnError 1008 unspecified; reject with NULL id,
        // general problem 1 (mistyped component); reject of invoke 7, invoke problem 1.
        let b = [
            0xa2, 0x03, 0x02, 0x01, 0x06, 0xa3, 0x07, 0x02, 0x01, 0x07, 0x02, 0x02, 0x03, 0xf0,
            0xa4, 0x05, 0x05, 0x00, 0x80, 0x01, 0x01, 0xa4, 0x06, 0x02, 0x01, 0x07, 0x81, 0x01,
            0x01,
        ];
        assert_eq!(
            all(&b).unwrap(),
            [
                Apdu::ReturnResult(ReturnResult {
                    invoke_id: 6,
                    result: None
                }),
                Apdu::ReturnError(ReturnError {
                    invoke_id: 7,
                    error: Code::Local(1008),
                    parameter: None
                }),
                Apdu::Reject(Reject {
                    invoke_id: None,
                    problem_kind: 0,
                    problem: 1
                }),
                Apdu::Reject(Reject {
                    invoke_id: Some(7),
                    problem_kind: 1,
                    problem: 1
                }),
            ]
        );
    }

    #[test]
    fn invoke_with_linked_id_global_code_and_indefinite_lengths() {
        // invoke (indefinite) { invokeId -1, linkedId [0] 3, global OID 1.3.12.9.0 (x.9.0),
        // argument SEQUENCE (indefinite) { INTEGER 1 } }, then the network protocol profile.
        let b = [
            0xa1, 0x80, 0x02, 0x01, 0xff, 0x80, 0x01, 0x03, 0x06, 0x04, 0x2b, 0x0c, 0x09, 0x00,
            0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x92, 0x01, 0x13,
        ];
        let a = all(&b).unwrap();
        let Apdu::Invoke(inv) = a[0] else {
            panic!("{a:?}")
        };
        assert_eq!(inv.invoke_id, -1);
        assert_eq!(inv.linked_id, Some(3));
        assert_eq!(inv.operation, Code::Global(&[0x2b, 0x0c, 0x09, 0x00]));
        assert_eq!(inv.operation.value(), Some(0));
        let arg = inv.argument.unwrap();
        assert!(arg.indefinite);
        assert_eq!(arg.value, [0x02, 0x01, 0x01]);
        assert_eq!(arg.children().next().unwrap().unwrap().integer(), Ok(1));
        assert_eq!(a[1], Apdu::NetworkProtocolProfile(0x13));
        // A multi-octet last arc.
        assert_eq!(Code::Global(&[0x2b, 0x81, 0x00]).value(), Some(128));
    }

    #[test]
    fn ber_bounds() {
        // Nesting beyond MAX_DEPTH is refused, not followed.
        let mut deep = Vec::new();
        for _ in 0..=MAX_DEPTH + 1 {
            deep.extend([0x30, 0x80]);
        }
        for _ in 0..=MAX_DEPTH + 1 {
            deep.extend([0x00, 0x00]);
        }
        let e = Reader::new(&deep).read().unwrap_err();
        assert!(
            matches!(e.kind, ErrorKind::LimitExceeded("BER nesting depth")),
            "{e:?}"
        );
        // The same nesting with definite lengths.
        let mut def = Vec::new();
        let n = MAX_DEPTH + 2;
        for i in 0..n {
            def.extend([0x30, (2 * (n - 1 - i)) as u8]);
        }
        assert!(matches!(
            Reader::new(&def).read().unwrap_err().kind,
            ErrorKind::LimitExceeded(_)
        ));
        // Within the limit it is fine.
        let ok = [0x30, 0x04, 0x30, 0x02, 0x05, 0x00];
        assert!(Reader::new(&ok).read().unwrap().is_some());
        // Long-form lengths; too many length octets; truncation; indefinite primitive.
        let long = [0x04, 0x81, 0x02, 0xaa, 0xbb];
        assert_eq!(
            Reader::new(&long).read().unwrap().unwrap().value,
            [0xaa, 0xbb]
        );
        let huge = [0x04, 0x85, 0, 0, 0, 0, 1];
        assert!(matches!(
            Reader::new(&huge).read().unwrap_err().kind,
            ErrorKind::LimitExceeded(_)
        ));
        let cut = [0x04, 0x82, 0x01, 0x00, 0xaa];
        assert_eq!(
            Reader::new(&cut).read().unwrap_err(),
            ParseError::truncated(5, 255)
        );
        let prim = [0x04, 0x80, 0x00, 0x00];
        assert!(matches!(
            Reader::new(&prim).read().unwrap_err().kind,
            ErrorKind::Invalid(_)
        ));
        let unterminated = [0x30, 0x80, 0x05, 0x00];
        assert!(matches!(
            Reader::new(&unterminated).read().unwrap_err().kind,
            ErrorKind::Truncated { .. }
        ));
        // High tag numbers: [APPLICATION 200] primitive.
        let high = [0x5f, 0x81, 0x48, 0x00];
        let t = Reader::new(&high).read().unwrap().unwrap();
        assert_eq!((t.class, t.tag), (Class::Application, 200));
        // INTEGER longer than 4 octets.
        let big = [0xa1, 0x08, 0x02, 0x05, 1, 2, 3, 4, 5, 0x02, 0x01, 0x00];
        assert!(all(&big).is_err());
    }

    #[test]
    fn names_and_mwi_arguments() {
        let t = |b: &'static [u8]| Reader::new(b).read().unwrap().unwrap();
        assert_eq!(
            Name::parse_arg(&t(b"\x80\x03Bob")),
            Ok(Name::Presented {
                restricted: false,
                data: b"Bob",
                extended: false,
                character_set: None
            })
        );
        // namePresentationRestrictedExtended { "Al", characterSet 9 } inside a nameSequence.
        assert_eq!(
            Name::parse_arg(&t(b"\x30\x09\xa3\x07\x04\x02Al\x02\x01\x09")),
            Ok(Name::Presented {
                restricted: true,
                data: b"Al",
                extended: true,
                character_set: Some(9)
            })
        );
        assert_eq!(Name::parse(&t(b"\x84\x00")), Ok(Name::NotAvailable));
        assert_eq!(Name::parse(&t(b"\x87\x00")), Ok(Name::RestrictedNull));
        assert!(Name::parse(&t(b"\x80\x00")).is_err());

        // The golden mwiActivate argument.
        let golden = t(b"\x30\x09\x80\x042000\x0a\x01\x01");
        assert_eq!(
            decode_argument(80, &golden),
            Ok(Some(Argument::Mwi(MwiArg {
                served_user_nr: PartyNumber::Unknown(b"2000"),
                basic_service: 1,
                msg_centre_id: None,
                nb_of_messages: None,
                originating_nr: None,
                timestamp: None,
                priority: None,
                extension: None,
            })))
        );
        // Activate with every optional field: msgCentreId [1] { private [5] { 4, "8000" } },
        // nbOfMessages 3, originatingNr [4] { public [1] { 2, "555" } }, timestamp, priority 1.
        let full = t(b"\x30\x36\x80\x042000\x0a\x01\x01\xa1\x0b\xa5\x09\x0a\x01\x04\x12\x048000\x83\x01\x03\xa4\x0a\xa1\x08\x0a\x01\x02\x12\x03555\x18\x0c202601011200\x85\x01\x01");
        let Some(Argument::Mwi(a)) = decode_argument(80, &full).unwrap() else {
            panic!()
        };
        assert_eq!(
            a.msg_centre_id,
            Some(MsgCentreId::PartyNumber(PartyNumber::Private {
                type_of_number: 4,
                digits: b"8000"
            }))
        );
        assert_eq!(a.nb_of_messages, Some(3));
        assert_eq!(
            a.originating_nr,
            Some(PartyNumber::Public {
                type_of_number: 2,
                digits: b"555"
            })
        );
        assert_eq!(a.timestamp, Some(&b"202601011200"[..]));
        assert_eq!(a.priority, Some(1));
        // Deactivate has no priority; its [3] is the extension.
        let bad = t(b"\x30\x0c\x80\x042000\x0a\x01\x01\x85\x01\x03");
        assert!(decode_argument(81, &bad).is_err());
        let ext = t(b"\x30\x0c\x80\x042000\x0a\x01\x01\x83\x01\x03");
        let Some(Argument::Mwi(a)) = decode_argument(81, &ext).unwrap() else {
            panic!()
        };
        assert_eq!(a.extension.map(|e| e.raw), Some(&[0x83, 0x01, 0x03][..]));
        assert_eq!(a.nb_of_messages, None);
        // Operations without typed arguments (here call offer, op 34) are left to the caller.
        assert_eq!(decode_argument(34, &golden), Ok(None));
    }
}
