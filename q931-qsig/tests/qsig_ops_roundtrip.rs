//! Property round trips for every typed QSIG operation argument and result: a generated
//! typed value emits, parses back to the same value, and the emitted bytes re-emit
//! identically. Then the bounds: SIZE limits, truncated lengths, over-deep nesting and
//! arbitrary octets give errors, never a panic.

use proptest::prelude::*;
use strowger_q931_qsig::qsig::ber::{parse_one, write_tlv, Tlv, MAX_DEPTH};
use strowger_q931_qsig::qsig::ops::{
    decode_argument, decode_result, Address, AddressScreened, Amount, AocChargeArg, AocEnumRes,
    AocRateArg, AocUserArg, AocsCurrencyInfo, Argument, CallIdentityArg, CallRerouteingArg,
    CcOptionalArg, CcRequestArg, CcRequestRes, Charge, ChargeRequestArg, ChargingAssociation,
    CheckRestrictionArg, CtActiveArg, CtCompleteArg, CtUpdateArg, DiversionQArg, ExtensionChoice,
    IntResult, MsgCentreId, MwiInterrogateResElt, Name, OperationResult, PartyNumber,
    PartySubaddress, PresentedNumberUnscreened, PresentedScreened, Pss1InformationElement,
    RateType, RecordedCurrency, SubaddressTransferArg, Time, OPERATIONS,
};
use strowger_q931_qsig::ErrorKind;

const DIGITS: &[&[u8]] = &[b"", b"1", b"2000", b"0123456789", b"01234567890123456789"];
const CALL_IDS: &[&[u8]] = &[b"1", b"12", b"123", b"1234"];
const SUBADDRESSES: &[&[u8]] = &[b"\x01", b"\x50\x12\x34", b"01234567890123456789"];
const NAMES: &[&[u8]] = &[
    b"A",
    b"Alice CPE",
    b"01234567890123456789012345678901234567890123456789",
];
const CURRENCIES: &[&[u8]] = &[b"", b"EUR", b"0123456789"];
const TIMESTAMPS: &[&[u8]] = &[b"20260101120000", b"20261122043300+0100"];
/// Embedded Q.931 elements: none, bearer capability, BC + HLC + progress indicator.
const PSS1: &[&[u8]] = &[
    b"",
    b"\x04\x03\x80\x90\xa3",
    b"\x04\x03\x80\x90\xa3\x7d\x02\x91\x81\x1e\x02\x81\x88",
];

/// An extension `[tag]` holding `Extension ::= SEQUENCE { extensionId OID, argument }`; the
/// encoding lives for the whole test run.
fn ext_tlv(tag: u32) -> Tlv<'static> {
    let mut b = Vec::new();
    write_tlv(
        &mut b,
        0xA0 | tag as u8,
        b"\x06\x03\x2b\x0c\x09\x02\x01\x05",
    );
    parse_one(Box::leak(b.into_boxed_slice())).unwrap()
}

fn ext(m: u32, n: u32) -> impl Strategy<Value = Option<Tlv<'static>>> {
    prop::option::of(prop::sample::select(vec![m, n])).prop_map(|t| t.map(ext_tlv))
}

fn ext_choice(m: u32, n: u32) -> impl Strategy<Value = ExtensionChoice<'static>> {
    prop_oneof![
        Just(ExtensionChoice::Null),
        Just(ExtensionChoice::Single(ext_tlv(m))),
        Just(ExtensionChoice::Multiple(ext_tlv(n))),
    ]
}

fn digits() -> impl Strategy<Value = &'static [u8]> {
    prop::sample::select(DIGITS)
}

fn party_number() -> impl Strategy<Value = PartyNumber<'static>> {
    (0u8..7, 0i32..8, digits()).prop_map(|(k, ton, d)| match k {
        0 => PartyNumber::Unknown(d),
        1 => PartyNumber::Public {
            type_of_number: ton,
            digits: d,
        },
        2 => PartyNumber::Nsap(d),
        3 => PartyNumber::Data(d),
        4 => PartyNumber::Telex(d),
        5 => PartyNumber::Private {
            type_of_number: ton,
            digits: d,
        },
        _ => PartyNumber::NationalStandard(d),
    })
}

fn name() -> impl Strategy<Value = Name<'static>> {
    prop_oneof![
        (
            any::<bool>(),
            prop::sample::select(NAMES),
            any::<bool>(),
            prop::option::of(1i32..10)
        )
            .prop_map(|(restricted, data, extended, cs)| Name::Presented {
                restricted,
                data,
                extended,
                character_set: cs.filter(|_| extended),
            }),
        Just(Name::NotAvailable),
        Just(Name::RestrictedNull),
    ]
}

fn subaddress() -> impl Strategy<Value = PartySubaddress<'static>> {
    prop_oneof![
        (
            prop::sample::select(SUBADDRESSES),
            prop::option::of(any::<bool>())
        )
            .prop_map(|(information, odd_count)| PartySubaddress::UserSpecified {
                information,
                odd_count
            }),
        prop::sample::select(SUBADDRESSES).prop_map(PartySubaddress::Nsap),
    ]
}

fn address() -> impl Strategy<Value = Address<'static>> {
    (party_number(), prop::option::of(subaddress())).prop_map(|(party_number, s)| Address {
        party_number,
        party_subaddress: s,
    })
}

fn pnu() -> impl Strategy<Value = PresentedNumberUnscreened<'static>> {
    prop_oneof![
        party_number().prop_map(PresentedNumberUnscreened::Allowed),
        Just(PresentedNumberUnscreened::Restricted),
        Just(PresentedNumberUnscreened::NotAvailableDueToInterworking),
        party_number().prop_map(PresentedNumberUnscreened::RestrictedNumber),
    ]
}

fn address_screened(with_subaddress: bool) -> impl Strategy<Value = AddressScreened<'static>> {
    (party_number(), 0i32..4, prop::option::of(subaddress())).prop_map(
        move |(party_number, screening_indicator, s)| AddressScreened {
            party_number,
            screening_indicator,
            party_subaddress: s.filter(|_| with_subaddress),
        },
    )
}

/// `PresentedAddressScreened` (`with_subaddress`) or `PresentedNumberScreened`.
fn screened(with_subaddress: bool) -> impl Strategy<Value = PresentedScreened<'static>> {
    prop_oneof![
        address_screened(with_subaddress).prop_map(PresentedScreened::Allowed),
        Just(PresentedScreened::Restricted),
        Just(PresentedScreened::NotAvailableDueToInterworking),
        address_screened(with_subaddress).prop_map(PresentedScreened::RestrictedAddress),
    ]
}

fn pss1() -> impl Strategy<Value = Pss1InformationElement<'static>> {
    prop::sample::select(PSS1).prop_map(Pss1InformationElement)
}

/// The `Debug` form without byte offsets: an extension element decoded from the emitted
/// bytes sits at another offset than the one it was generated from.
fn without_offsets(v: &impl core::fmt::Debug) -> String {
    let s = format!("{v:?}");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("offset: ") {
        out.push_str(&rest[..i]);
        rest = rest[i + 8..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

fn argument_round_trip(op: i32, a: &Argument<'static>) -> Result<(), TestCaseError> {
    let mut b = Vec::new();
    a.emit(&mut b);
    let t = parse_one(&b).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let d = decode_argument(op, &t)
        .map_err(|e| TestCaseError::fail(format!("op {op}: {e} in {b:02x?}")))?
        .ok_or_else(|| TestCaseError::fail(format!("op {op} untyped")))?;
    prop_assert_eq!(without_offsets(&d), without_offsets(a));
    let mut again = Vec::new();
    d.emit(&mut again);
    prop_assert_eq!(again, b);
    Ok(())
}

fn result_round_trip(op: i32, r: &OperationResult<'static>) -> Result<(), TestCaseError> {
    let mut b = Vec::new();
    r.emit(&mut b);
    let t = parse_one(&b).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let d = decode_result(op, &t)
        .map_err(|e| TestCaseError::fail(format!("op {op}: {e} in {b:02x?}")))?
        .ok_or_else(|| TestCaseError::fail(format!("op {op} result untyped")))?;
    prop_assert_eq!(without_offsets(&d), without_offsets(r));
    let mut again = Vec::new();
    d.emit(&mut again);
    prop_assert_eq!(again, b);
    Ok(())
}

fn call_identity_arg(
    with_number: bool,
    m: u32,
    n: u32,
) -> impl Strategy<Value = CallIdentityArg<'static>> {
    (prop::sample::select(CALL_IDS), party_number(), ext(m, n)).prop_map(
        move |(call_identity, number, extension)| CallIdentityArg {
            call_identity,
            rerouting_number: Some(number).filter(|_| with_number),
            extension,
        },
    )
}

fn charging_association() -> impl Strategy<Value = ChargingAssociation<'static>> {
    prop_oneof![
        party_number().prop_map(ChargingAssociation::ChargeNumber),
        (-32768i32..32768).prop_map(ChargingAssociation::ChargeIdentifier),
    ]
}

fn amount() -> impl Strategy<Value = Amount> {
    (0i32..16_777_216, 0i32..7).prop_map(|(currency_amount, multiplier)| Amount {
        currency_amount,
        multiplier,
    })
}

fn time() -> impl Strategy<Value = Time> {
    (0i32..16_777_216, 0i32..7).prop_map(|(length_of_time_unit, scale)| Time {
        length_of_time_unit,
        scale,
    })
}

fn charge() -> impl Strategy<Value = Charge<'static>> {
    prop_oneof![
        Just(Charge::NotAvailable),
        Just(Charge::FreeOfCharge),
        (
            prop::sample::select(CURRENCIES),
            amount(),
            prop::option::of(0i32..8)
        )
            .prop_map(|(currency, amount, billing_id)| Charge::SpecificCurrency {
                recorded: RecordedCurrency { currency, amount },
                billing_id,
            }),
    ]
}

fn rate_type() -> impl Strategy<Value = RateType<'static>> {
    let cur = prop::sample::select(CURRENCIES);
    prop_oneof![
        (
            cur.clone(),
            amount(),
            0i32..2,
            time(),
            prop::option::of(time())
        )
            .prop_map(|(currency, amount, charging_type, time, granularity)| {
                RateType::Duration {
                    currency,
                    amount,
                    charging_type,
                    time,
                    granularity,
                }
            }),
        (cur.clone(), amount())
            .prop_map(|(currency, amount)| RateType::FlatRate { currency, amount }),
        (cur, amount(), 0i32..3).prop_map(|(currency, amount, volume_unit)| {
            RateType::VolumeRate {
                currency,
                amount,
                volume_unit,
            }
        }),
        (1i32..11).prop_map(RateType::SpecialChargingCode),
        Just(RateType::FreeOfCharge),
        Just(RateType::CurrencyInfoNotAvailable),
        Just(RateType::FreeOfChargeFromBeginning),
    ]
}

fn msg_centre_id() -> impl Strategy<Value = MsgCentreId<'static>> {
    prop_oneof![
        (0i32..65536).prop_map(MsgCentreId::Integer),
        party_number().prop_map(MsgCentreId::PartyNumber),
        prop::sample::select(&DIGITS[1..4]).prop_map(MsgCentreId::NumericString),
    ]
}

fn mwi_res_elt() -> impl Strategy<Value = MwiInterrogateResElt<'static>> {
    (
        0i32..76,
        prop::option::of(msg_centre_id()),
        prop::option::of(0i32..65536),
        prop::option::of(party_number()),
        prop::option::of(prop::sample::select(TIMESTAMPS)),
        prop::option::of(0i32..10),
        ext(6, 7),
    )
        .prop_map(
            |(basic_service, msg_centre_id, nb, orig, timestamp, priority, extension)| {
                MwiInterrogateResElt {
                    basic_service,
                    msg_centre_id,
                    nb_of_messages: nb,
                    originating_nr: orig,
                    timestamp,
                    priority,
                    extension,
                }
            },
        )
}

fn int_result() -> impl Strategy<Value = IntResult<'static>> {
    (
        party_number(),
        0i32..37,
        0i32..3,
        address(),
        prop::option::of(any::<bool>()),
        ext(1, 2),
    )
        .prop_map(
            |(served_user_nr, basic_service, procedure, diverted_to_address, remote, extension)| {
                IntResult {
                    served_user_nr,
                    basic_service,
                    procedure,
                    diverted_to_address,
                    remote_enabled: remote,
                    extension,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn path_replacement_arguments(op in 4i32..7, a in call_identity_arg(true, 1, 2), setup in call_identity_arg(false, 1, 2)) {
        let a = if op == 5 { setup } else { a };
        argument_round_trip(op, &Argument::PathReplace(a))?;
    }

    #[test]
    fn call_transfer_arguments(
        dummy in ext_choice(1, 2),
        initiate in call_identity_arg(true, 6, 7),
        setup in call_identity_arg(false, 0, 1),
        active in (screened(true), prop::option::of(pss1()), prop::option::of(name()), ext(9, 10)),
        complete in (any::<i32>(), screened(false), prop::option::of(pss1()), prop::option::of(name()), prop::option::of(0i32..2), ext(9, 10)),
        update in (screened(false), prop::option::of(name()), prop::option::of(pss1()), ext(9, 10)),
        sub in (subaddress(), ext(0, 1)),
    ) {
        argument_round_trip(7, &Argument::CallTransferDummy(dummy))?;
        argument_round_trip(8, &Argument::CallTransferDummy(dummy))?;
        argument_round_trip(9, &Argument::CallTransferIdentity(initiate))?;
        argument_round_trip(10, &Argument::CallTransferIdentity(setup))?;
        argument_round_trip(11, &Argument::CallTransferActive(CtActiveArg {
            connected_address: active.0,
            basic_call_info_elements: active.1,
            connected_name: active.2,
            extension: active.3,
        }))?;
        argument_round_trip(12, &Argument::CallTransferComplete(CtCompleteArg {
            end_designation: complete.0,
            redirection_number: complete.1,
            basic_call_info_elements: complete.2,
            redirection_name: complete.3,
            call_status: complete.4,
            extension: complete.5,
        }))?;
        argument_round_trip(13, &Argument::CallTransferUpdate(CtUpdateArg {
            redirection_number: update.0,
            redirection_name: update.1,
            basic_call_info_elements: update.2,
            extension: update.3,
        }))?;
        argument_round_trip(14, &Argument::SubaddressTransfer(SubaddressTransferArg {
            redirection_subaddress: sub.0,
            extension: sub.1,
        }))?;
    }

    #[test]
    fn call_transfer_results(dummy in ext_choice(1, 2), identify in call_identity_arg(true, 6, 7)) {
        result_round_trip(7, &OperationResult::CallTransferIdentify(identify))?;
        result_round_trip(9, &OperationResult::Dummy(dummy))?;
        result_round_trip(10, &OperationResult::Dummy(dummy))?;
        result_round_trip(5, &OperationResult::Dummy(dummy))?;
    }

    #[test]
    fn diversion_arguments(
        op in 15i32..18,
        procedure in 0i32..3,
        bs in prop::option::of(0i32..37),
        to in address(),
        served in party_number(),
        user in party_number(),
        e in ext(1, 2),
        check in (party_number(), 0i32..37, party_number(), ext(1, 2)),
        failed in ext_choice(1, 2),
    ) {
        let a = DiversionQArg {
            procedure,
            basic_service: if op == 17 { bs } else { Some(bs.unwrap_or(1)) },
            diverted_to_address: Some(to).filter(|_| op == 15),
            served_user_nr: served,
            user_nr: user,
            extension: e,
        };
        argument_round_trip(op, &Argument::DiversionQ(a))?;
        argument_round_trip(18, &Argument::CheckRestriction(CheckRestrictionArg {
            served_user_nr: check.0,
            basic_service: check.1,
            diverted_to_nr: check.2,
            extension: check.3,
        }))?;
        argument_round_trip(23, &Argument::CfnrDivertedLegFailed(failed))?;
    }

    #[test]
    fn call_rerouteing_arguments(
        head in (0i32..4, prop::option::of(0i32..4), address(), 1i32..16, pss1(), pnu(), 0i32..3),
        tail in (prop::option::of(subaddress()), screened(false), prop::option::of(name()), prop::option::of(pnu()), prop::option::of(name()), prop::option::of(name()), ext(9, 10)),
    ) {
        argument_round_trip(19, &Argument::CallRerouteing(CallRerouteingArg {
            rerouteing_reason: head.0,
            original_rerouteing_reason: head.1,
            called_address: head.2,
            diversion_counter: head.3,
            pss1_info_element: head.4,
            last_rerouteing_nr: head.5,
            subscription_option: head.6,
            calling_party_subaddress: tail.0,
            calling_number: tail.1,
            calling_name: tail.2,
            original_called_nr: tail.3,
            redirecting_name: tail.4,
            original_called_name: tail.5,
            extension: tail.6,
        }))?;
    }

    #[test]
    fn diversion_results(dummy in ext_choice(1, 2), list in prop::collection::vec(int_result(), 0..=29)) {
        for op in [15, 16, 18, 19] {
            result_round_trip(op, &OperationResult::Dummy(dummy))?;
        }
        result_round_trip(17, &OperationResult::InterrogateDiversionQ(list))?;
    }

    #[test]
    fn call_completion_arguments_and_results(
        op in prop::sample::select(vec![27, 40]),
        req in (pnu(), party_number(), pss1(), prop::option::of(subaddress()), prop::option::of(subaddress()), prop::option::of(any::<bool>()), prop::option::of(any::<bool>()), prop::option::of(ext_choice(14, 15))),
        full in (party_number(), party_number(), pss1(), prop::option::of(subaddress()), prop::option::of(subaddress()), prop::option::of(ext_choice(14, 15))),
        cc_ext in ext_choice(14, 15),
        res in (prop::option::of(any::<bool>()), prop::option::of(any::<bool>()), prop::option::of(ext_choice(14, 15))),
    ) {
        argument_round_trip(op, &Argument::CcRequest(CcRequestArg {
            number_a: req.0,
            number_b: req.1,
            service: req.2,
            subaddr_a: req.3,
            subaddr_b: req.4,
            can_retain_service: req.5,
            retain_sig_connection: req.6,
            extension: req.7,
        }))?;
        let full = CcOptionalArg::Full {
            number_a: full.0,
            number_b: full.1,
            service: full.2,
            subaddr_a: full.3,
            subaddr_b: full.4,
            extension: full.5,
        };
        for op in [28, 29] {
            argument_round_trip(op, &Argument::CcOptional(full))?;
            argument_round_trip(op, &Argument::CcOptional(CcOptionalArg::Extension(cc_ext)))?;
        }
        for op in 30..=33 {
            argument_round_trip(op, &Argument::CcExtension(cc_ext))?;
        }
        result_round_trip(30, &OperationResult::Dummy(cc_ext))?;
        result_round_trip(op, &OperationResult::CcRequest(CcRequestRes {
            no_path_reservation: res.0,
            retain_service: res.1,
            extension: res.2,
        }))?;
    }

    #[test]
    fn aoc_arguments_and_results(
        modes in prop::collection::vec(0i32..7, 0..=7),
        e in ext(1, 2),
        dummy in ext_choice(1, 2),
        fin in (charge(), prop::option::of(charging_association())),
        interim in charge(),
        rate in prop::option::of(prop::collection::vec((0i32..5, rate_type()), 1..=10)),
        user in (party_number(), prop::option::of(charging_association()), 0i32..4),
        value in 0i32..7,
    ) {
        argument_round_trip(59, &Argument::ChargeRequest(ChargeRequestArg {
            advice_mode_combinations: modes,
            extension: e,
        }))?;
        argument_round_trip(60, &Argument::GetFinalCharge(dummy))?;
        argument_round_trip(61, &Argument::AocCharge(AocChargeArg {
            charge: fin.0,
            charging_association: fin.1,
            extension: e,
        }))?;
        argument_round_trip(62, &Argument::AocCharge(AocChargeArg {
            charge: interim,
            charging_association: None,
            extension: e,
        }))?;
        let currency_info = rate.map(|l| {
            l.into_iter()
                .map(|(charged_item, rate_type)| AocsCurrencyInfo { charged_item, rate_type })
                .collect()
        });
        argument_round_trip(63, &Argument::AocRate(AocRateArg { currency_info, extension: e }))?;
        argument_round_trip(64, &Argument::AocUser(AocUserArg {
            user: user.0,
            charging_association: user.1,
            diversion_type: None,
            extension: e,
        }))?;
        argument_round_trip(65, &Argument::AocUser(AocUserArg {
            user: user.0,
            charging_association: user.1,
            diversion_type: Some(user.2),
            extension: e,
        }))?;
        result_round_trip(59, &OperationResult::ChargeRequest(AocEnumRes { value, extension: e }))?;
        result_round_trip(64, &OperationResult::AocComplete(AocEnumRes { value: value % 3, extension: e }))?;
    }

    #[test]
    fn mwi_results(list in prop::collection::vec(mwi_res_elt(), 1..=10), dummy in ext_choice(1, 2)) {
        result_round_trip(82, &OperationResult::MwiInterrogate(list))?;
        result_round_trip(80, &OperationResult::Dummy(dummy))?;
        result_round_trip(81, &OperationResult::Dummy(dummy))?;
    }

    /// Every prefix of a valid encoding, and arbitrary octets, fail cleanly for every operation.
    #[test]
    fn truncated_and_arbitrary_input_errors_without_panic(
        head in (0i32..4, prop::option::of(0i32..4), address(), 1i32..16, pss1(), pnu(), 0i32..3),
        junk in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let a = Argument::CallRerouteing(CallRerouteingArg {
            rerouteing_reason: head.0,
            original_rerouteing_reason: head.1,
            called_address: head.2,
            diversion_counter: head.3,
            pss1_info_element: head.4,
            last_rerouteing_nr: head.5,
            subscription_option: head.6,
            calling_party_subaddress: None,
            calling_number: PresentedScreened::Restricted,
            calling_name: None,
            original_called_nr: None,
            redirecting_name: None,
            original_called_name: None,
            extension: None,
        });
        let mut b = Vec::new();
        a.emit(&mut b);
        for cut in 0..b.len() {
            // The outer length now runs past the end.
            prop_assert!(parse_one(&b[..cut]).is_err());
            // The outer length shortened to match: an inner length runs past the end, or a
            // mandatory component is missing.
            if cut >= 2 && b[1] < 0x80 {
                let mut short = b[..cut].to_vec();
                short[1] = (cut - 2) as u8;
                if let Ok(t) = parse_one(&short) {
                    prop_assert!(decode_argument(19, &t).is_err(), "{:02x?}", short);
                }
            }
        }
        if let Ok(t) = parse_one(&junk) {
            for &(op, _) in OPERATIONS {
                let _ = decode_argument(op, &t);
                let _ = decode_result(op, &t);
            }
        }
    }
}

fn limit(r: Result<impl core::fmt::Debug, strowger_q931_qsig::ParseError>) -> bool {
    matches!(r, Err(e) if matches!(e.kind, ErrorKind::LimitExceeded(_)))
}

fn list(id: u8, item: &[u8], n: usize) -> Vec<u8> {
    let mut c = Vec::new();
    for _ in 0..n {
        c.extend_from_slice(item);
    }
    let mut b = Vec::new();
    write_tlv(&mut b, id, &c);
    b
}

#[test]
fn size_bounds_are_enforced_with_typed_errors() {
    // IntResultList SET SIZE(0..29): 29 entries decode, 30 exceed the bound.
    let entry = b"\x30\x0e\x80\x011\x0a\x01\x01\x0a\x01\x00\x30\x03\x80\x012";
    let ok = list(0x31, entry, 29);
    let Some(OperationResult::InterrogateDiversionQ(l)) =
        decode_result(17, &parse_one(&ok).unwrap()).unwrap()
    else {
        panic!()
    };
    assert_eq!(l.len(), 29);
    assert!(limit(decode_result(
        17,
        &parse_one(&list(0x31, entry, 30)).unwrap()
    )));
    // MWIInterrogateRes SEQUENCE SIZE(1..10): 0 and 11 entries are refused.
    let elt = b"\x30\x03\x0a\x01\x01";
    assert!(decode_result(82, &parse_one(&list(0x30, elt, 10)).unwrap()).is_ok());
    assert!(limit(decode_result(
        82,
        &parse_one(&list(0x30, elt, 11)).unwrap()
    )));
    assert!(decode_result(82, &parse_one(&list(0x30, elt, 0)).unwrap()).is_err());
    // adviceModeCombinations SIZE(0..7).
    let modes = |n| {
        let mut b = Vec::new();
        write_tlv(&mut b, 0x30, &list(0x30, b"\x0a\x01\x00", n));
        b
    };
    assert!(decode_argument(59, &parse_one(&modes(7)).unwrap()).is_ok());
    assert!(limit(decode_argument(59, &parse_one(&modes(8)).unwrap())));
    // AOCSCurrencyInfoList SIZE(1..10).
    let rate = |n| {
        let mut b = Vec::new();
        write_tlv(
            &mut b,
            0x30,
            &list(0x30, b"\x30\x05\x0a\x01\x00\x84\x00", n),
        );
        b
    };
    assert!(decode_argument(63, &parse_one(&rate(10)).unwrap()).is_ok());
    assert!(limit(decode_argument(63, &parse_one(&rate(11)).unwrap())));
    assert!(decode_argument(63, &parse_one(&rate(0)).unwrap()).is_err());
    // CallIdentity SIZE(1..4), subaddress SIZE(1..20), Currency SIZE(0..10),
    // MsgCentreId numericString SIZE(1..10), NameData SIZE(1..50).
    assert!(limit(decode_argument(
        10,
        &parse_one(b"\x30\x07\x12\x0512345").unwrap()
    )));
    assert!(decode_argument(10, &parse_one(b"\x30\x02\x12\x00").unwrap()).is_err());
    let mut sub = vec![0x30, 23, 0x04, 21];
    sub.extend_from_slice(&[0x11; 21]);
    assert!(limit(decode_argument(14, &parse_one(&sub).unwrap())));
    let interim = b"\x30\x19\x30\x17\xa1\x15\x81\x0b01234567890\xa2\x06\x81\x01\x05\x82\x01\x03";
    assert!(limit(decode_argument(62, &parse_one(interim).unwrap())));
    let mwi = b"\x30\x16\x80\x011\x0a\x01\x01\x82\x0b01234567890\x83\x01\x01";
    assert!(limit(decode_argument(81, &parse_one(mwi).unwrap())));
    // NumberDigits at most 20 (an empty one is kept for relaying), TimeStamp SIZE(12..19).
    let mut digits = vec![0x30, 26, 0x80, 21];
    digits.extend_from_slice(&[b'1'; 21]);
    digits.extend_from_slice(b"\x0a\x01\x01");
    assert!(limit(decode_argument(81, &parse_one(&digits).unwrap())));
    assert!(decode_argument(81, &parse_one(b"\x30\x05\x80\x00\x0a\x01\x01").unwrap()).is_ok());
    let ts = |n: usize| {
        let mut c = b"\x80\x011\x0a\x01\x01\x18".to_vec();
        c.push(n as u8);
        c.extend(std::iter::repeat_n(b'2', n));
        let mut b = Vec::new();
        write_tlv(&mut b, 0x30, &c);
        b
    };
    assert!(decode_argument(80, &parse_one(&ts(12)).unwrap()).is_ok());
    assert!(limit(decode_argument(80, &parse_one(&ts(20)).unwrap())));
    assert!(decode_argument(80, &parse_one(&ts(11)).unwrap()).is_err());
    let mut long_name = vec![0x80, 51];
    long_name.extend_from_slice(&[b'a'; 51]);
    assert!(decode_argument(0, &parse_one(&long_name).unwrap()).is_err());
}

#[test]
fn over_deep_nesting_is_refused() {
    // An extension nested past MAX_DEPTH inside a CcExtension argument.
    let mut inner = vec![0x05, 0x00];
    for _ in 0..=MAX_DEPTH + 1 {
        let mut w = Vec::new();
        write_tlv(&mut w, 0x30, &inner);
        inner = w;
    }
    let mut arg = Vec::new();
    write_tlv(&mut arg, 0xAE, &inner);
    let e = parse_one(&arg).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::LimitExceeded(_)), "{e:?}");
    // Just inside the limit it parses and types.
    let mut ok = vec![0x05, 0x00];
    for _ in 0..MAX_DEPTH - 1 {
        let mut w = Vec::new();
        write_tlv(&mut w, 0x30, &ok);
        ok = w;
    }
    let mut arg = Vec::new();
    write_tlv(&mut arg, 0xAE, &ok);
    let t = parse_one(&arg).unwrap();
    assert!(matches!(
        decode_argument(31, &t),
        Ok(Some(Argument::CcExtension(ExtensionChoice::Single(_))))
    ));
}
