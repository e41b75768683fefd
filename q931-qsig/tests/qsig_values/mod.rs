//! Generators of well-formed typed QSIG arguments and results for every typed operation, with
//! values inside the ASN.1 constraints (non-empty digits, enumerations in range, extensions
//! encoded as `Extension` / `SEQUENCE OF Extension`), shared by the tshark batch test.

use proptest::prelude::*;
use strowger_q931_qsig::qsig::ber::{parse_one, write_tlv, Tlv};
use strowger_q931_qsig::qsig::ops::{
    Address, AddressScreened, Amount, AocChargeArg, AocEnumRes, AocRateArg, AocUserArg,
    AocsCurrencyInfo, Argument, CallIdentityArg, CallRerouteingArg, CcOptionalArg, CcRequestArg,
    CcRequestRes, Charge, ChargeRequestArg, ChargingAssociation, CheckRestrictionArg, CtActiveArg,
    CtCompleteArg, CtUpdateArg, DiversionQArg, ExtensionChoice, IntResult, MsgCentreId,
    MwiInterrogateResElt, Name, OperationResult, PartyNumber, PartySubaddress,
    PresentedNumberUnscreened, PresentedScreened, Pss1InformationElement, RateType,
    RecordedCurrency, SubaddressTransferArg, Time,
};

const DIGITS: &[&[u8]] = &[b"1", b"2000", b"0123456789", b"01234567890123456789"];
const CALL_IDS: &[&[u8]] = &[b"1", b"12", b"123", b"1234"];
const SUBADDRESSES: &[&[u8]] = &[b"\x01", b"\x50\x12\x34", b"01234567890123456789"];
const NAMES: &[&[u8]] = &[
    b"A",
    b"Alice CPE",
    b"0123456789012345678901234567890123456789ABCDEFGHIJ",
];
const CURRENCIES: &[&[u8]] = &[b"", b"EUR", b"0123456789"];
const TIMESTAMPS: &[&[u8]] = &[b"20260101120000", b"20261122043300+0100"];
const PSS1: &[&[u8]] = &[
    b"\x04\x03\x80\x90\xa3",
    b"\x04\x03\x80\x90\xa3\x7d\x02\x91\x81\x1e\x02\x81\x88",
];

fn leak(tag: u8, contents: &[u8]) -> Tlv<'static> {
    let mut b = Vec::new();
    write_tlv(&mut b, tag, contents);
    parse_one(Box::leak(b.into_boxed_slice())).unwrap()
}

const EXTENSION: &[u8] = b"\x06\x03\x2b\x0c\x09\x02\x01\x05";

/// `[m] IMPLICIT Extension`.
pub fn single(m: u32) -> Tlv<'static> {
    leak(0xA0 | m as u8, EXTENSION)
}

/// `[n] IMPLICIT SEQUENCE OF Extension` with one extension.
pub fn multiple(n: u32) -> Tlv<'static> {
    let mut one = Vec::new();
    write_tlv(&mut one, 0x30, EXTENSION);
    leak(0xA0 | n as u8, &one)
}

fn ext(m: u32, n: u32) -> impl Strategy<Value = Option<Tlv<'static>>> {
    prop_oneof![Just(None), Just(Some(single(m))), Just(Some(multiple(n)))]
}

fn ext_choice(m: u32, n: u32) -> impl Strategy<Value = ExtensionChoice<'static>> {
    prop_oneof![
        Just(ExtensionChoice::Null),
        Just(ExtensionChoice::Single(single(m))),
        Just(ExtensionChoice::Multiple(multiple(n))),
    ]
}

fn party_number() -> impl Strategy<Value = PartyNumber<'static>> {
    (0u8..6, 0i32..7, prop::sample::select(DIGITS)).prop_map(|(k, ton, d)| match k {
        0 => PartyNumber::Unknown(d),
        1 => PartyNumber::Public {
            type_of_number: if ton == 5 { 6 } else { ton },
            digits: d,
        },
        2 => PartyNumber::Data(d),
        3 => PartyNumber::Telex(d),
        4 => PartyNumber::Private {
            type_of_number: if ton == 5 { 6 } else { ton },
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

fn call_identity(
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

fn basic_service() -> impl Strategy<Value = i32> {
    prop::sample::select(vec![0, 1, 2, 3, 32, 33, 34, 35, 36])
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

fn charge(billing: std::ops::Range<i32>) -> impl Strategy<Value = Charge<'static>> {
    prop_oneof![
        Just(Charge::NotAvailable),
        Just(Charge::FreeOfCharge),
        (
            prop::sample::select(CURRENCIES),
            amount(),
            prop::option::of(billing)
        )
            .prop_map(|(currency, amount, billing_id)| Charge::SpecificCurrency {
                recorded: RecordedCurrency { currency, amount },
                billing_id: billing_id.map(|b| if b == 1 { 0 } else { b }),
            }),
    ]
}

fn association() -> impl Strategy<Value = ChargingAssociation<'static>> {
    prop_oneof![
        party_number().prop_map(ChargingAssociation::ChargeNumber),
        (-32768i32..32768).prop_map(ChargingAssociation::ChargeIdentifier),
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

fn transfer() -> impl Strategy<Value = (i32, Argument<'static>)> {
    prop_oneof![
        (7i32..9, ext_choice(1, 2)).prop_map(|(op, d)| (op, Argument::CallTransferDummy(d))),
        call_identity(true, 6, 7).prop_map(|a| (9, Argument::CallTransferIdentity(a))),
        call_identity(false, 0, 1).prop_map(|a| (10, Argument::CallTransferIdentity(a))),
        (
            screened(true),
            prop::option::of(pss1()),
            prop::option::of(name()),
            ext(9, 10)
        )
            .prop_map(|(c, p, n, e)| (
                11,
                Argument::CallTransferActive(CtActiveArg {
                    connected_address: c,
                    basic_call_info_elements: p,
                    connected_name: n,
                    extension: e,
                })
            )),
        (
            0i32..2,
            screened(false),
            prop::option::of(pss1()),
            prop::option::of(name()),
            prop::option::of(0i32..2),
            ext(9, 10)
        )
            .prop_map(|(d, r, p, n, s, e)| (
                12,
                Argument::CallTransferComplete(CtCompleteArg {
                    end_designation: d,
                    redirection_number: r,
                    basic_call_info_elements: p,
                    redirection_name: n,
                    call_status: s,
                    extension: e,
                })
            )),
        (
            screened(false),
            prop::option::of(name()),
            prop::option::of(pss1()),
            ext(9, 10)
        )
            .prop_map(|(r, n, p, e)| (
                13,
                Argument::CallTransferUpdate(CtUpdateArg {
                    redirection_number: r,
                    redirection_name: n,
                    basic_call_info_elements: p,
                    extension: e,
                })
            )),
        (subaddress(), ext(0, 1)).prop_map(|(s, e)| (
            14,
            Argument::SubaddressTransfer(SubaddressTransferArg {
                redirection_subaddress: s,
                extension: e,
            })
        )),
        (
            4i32..7,
            call_identity(true, 1, 2),
            call_identity(false, 1, 2)
        )
            .prop_map(|(op, a, s)| (op, Argument::PathReplace(if op == 5 { s } else { a }))),
    ]
}

fn diversion() -> impl Strategy<Value = (i32, Argument<'static>)> {
    prop_oneof![
        (
            15i32..18,
            0i32..3,
            prop::option::of(basic_service()),
            address(),
            party_number(),
            party_number(),
            ext(1, 2)
        )
            .prop_map(|(op, procedure, bs, to, served, user, e)| (
                op,
                Argument::DiversionQ(DiversionQArg {
                    procedure,
                    basic_service: if op == 17 { bs } else { Some(bs.unwrap_or(1)) },
                    diverted_to_address: Some(to).filter(|_| op == 15),
                    served_user_nr: served,
                    user_nr: user,
                    extension: e,
                })
            )),
        (party_number(), basic_service(), party_number(), ext(1, 2)).prop_map(|(s, b, d, e)| (
            18,
            Argument::CheckRestriction(CheckRestrictionArg {
                served_user_nr: s,
                basic_service: b,
                diverted_to_nr: d,
                extension: e,
            })
        )),
        (
            (
                0i32..4,
                prop::option::of(0i32..4),
                address(),
                1i32..16,
                pss1(),
                pnu(),
                0i32..3
            ),
            (
                prop::option::of(subaddress()),
                screened(false),
                prop::option::of(name()),
                prop::option::of(pnu()),
                prop::option::of(name()),
                prop::option::of(name()),
                ext(9, 10)
            )
        )
            .prop_map(|(h, t)| (
                19,
                Argument::CallRerouteing(CallRerouteingArg {
                    rerouteing_reason: h.0,
                    original_rerouteing_reason: h.1,
                    called_address: h.2,
                    diversion_counter: h.3,
                    pss1_info_element: h.4,
                    last_rerouteing_nr: h.5,
                    subscription_option: h.6,
                    calling_party_subaddress: t.0,
                    calling_number: t.1,
                    calling_name: t.2,
                    original_called_nr: t.3,
                    redirecting_name: t.4,
                    original_called_name: t.5,
                    extension: t.6,
                })
            )),
        ext_choice(1, 2).prop_map(|d| (23, Argument::CfnrDivertedLegFailed(d))),
    ]
}

fn completion() -> impl Strategy<Value = (i32, Argument<'static>)> {
    prop_oneof![
        (
            prop::sample::select(vec![27, 40]),
            (pnu(), party_number(), pss1()),
            (
                prop::option::of(subaddress()),
                prop::option::of(subaddress()),
                prop::option::of(any::<bool>()),
                prop::option::of(any::<bool>()),
                prop::option::of(ext_choice(14, 15))
            )
        )
            .prop_map(|(op, h, t)| (
                op,
                Argument::CcRequest(CcRequestArg {
                    number_a: h.0,
                    number_b: h.1,
                    service: h.2,
                    subaddr_a: t.0,
                    subaddr_b: t.1,
                    can_retain_service: t.2,
                    retain_sig_connection: t.3,
                    extension: t.4,
                })
            )),
        (
            28i32..30,
            party_number(),
            party_number(),
            pss1(),
            prop::option::of(subaddress()),
            prop::option::of(subaddress()),
            prop::option::of(ext_choice(14, 15))
        )
            .prop_map(|(op, a, b, s, sa, sb, e)| (
                op,
                Argument::CcOptional(CcOptionalArg::Full {
                    number_a: a,
                    number_b: b,
                    service: s,
                    subaddr_a: sa,
                    subaddr_b: sb,
                    extension: e,
                })
            )),
        (28i32..30, ext_choice(14, 15))
            .prop_map(|(op, e)| (op, Argument::CcOptional(CcOptionalArg::Extension(e)))),
        (30i32..34, ext_choice(14, 15)).prop_map(|(op, e)| (op, Argument::CcExtension(e))),
    ]
}

fn aoc() -> impl Strategy<Value = (i32, Argument<'static>)> {
    prop_oneof![
        (prop::collection::vec(0i32..7, 0..=7), ext(1, 2)).prop_map(|(m, e)| (
            59,
            Argument::ChargeRequest(ChargeRequestArg {
                advice_mode_combinations: m,
                extension: e,
            })
        )),
        ext_choice(1, 2).prop_map(|d| (60, Argument::GetFinalCharge(d))),
        (charge(0..8), prop::option::of(association()), ext(1, 2)).prop_map(|(c, a, e)| (
            61,
            Argument::AocCharge(AocChargeArg {
                charge: c,
                charging_association: a,
                extension: e,
            })
        )),
        (charge(0..3), ext(1, 2)).prop_map(|(c, e)| (
            62,
            Argument::AocCharge(AocChargeArg {
                charge: c,
                charging_association: None,
                extension: e,
            })
        )),
        (
            prop::option::of(prop::collection::vec((0i32..5, rate_type()), 1..=10)),
            ext(1, 2)
        )
            .prop_map(|(l, e)| (
                63,
                Argument::AocRate(AocRateArg {
                    currency_info: l.map(|l| l
                        .into_iter()
                        .map(|(charged_item, rate_type)| AocsCurrencyInfo {
                            charged_item,
                            rate_type
                        })
                        .collect()),
                    extension: e,
                })
            )),
        (
            64i32..66,
            party_number(),
            prop::option::of(association()),
            0i32..4,
            ext(1, 2)
        )
            .prop_map(|(op, u, a, d, e)| (
                op,
                Argument::AocUser(AocUserArg {
                    user: u,
                    charging_association: a,
                    diversion_type: Some(d).filter(|_| op == 65),
                    extension: e,
                })
            )),
    ]
}

/// A typed argument of any typed QSIG operation (other than names, DLI1–3 and MWI, which
/// `tests/roundtrip.rs` covers), with its operation value.
pub fn any_argument() -> impl Strategy<Value = (i32, Argument<'static>)> {
    prop_oneof![transfer(), diversion(), completion(), aoc()]
}

fn mwi_res_elt() -> impl Strategy<Value = MwiInterrogateResElt<'static>> {
    (
        basic_service(),
        prop::option::of(prop_oneof![
            (0i32..65536).prop_map(MsgCentreId::Integer),
            party_number().prop_map(MsgCentreId::PartyNumber),
            prop::sample::select(&DIGITS[..3]).prop_map(MsgCentreId::NumericString),
        ]),
        prop::option::of(0i32..65536),
        prop::option::of(party_number()),
        prop::option::of(prop::sample::select(TIMESTAMPS)),
        prop::option::of(0i32..10),
        ext(6, 7),
    )
        .prop_map(|(b, m, n, o, t, p, e)| MwiInterrogateResElt {
            basic_service: b,
            msg_centre_id: m,
            nb_of_messages: n,
            originating_nr: o,
            timestamp: t,
            priority: p,
            extension: e,
        })
}

/// A typed result of any QSIG operation with a typed result, with its operation value.
pub fn any_result() -> impl Strategy<Value = (i32, OperationResult<'static>)> {
    prop_oneof![
        (
            prop::sample::select(vec![5, 9, 10, 15, 16, 18, 19, 80, 81]),
            ext_choice(1, 2)
        )
            .prop_map(|(op, d)| (op, OperationResult::Dummy(d))),
        ext_choice(14, 15).prop_map(|d| (30, OperationResult::Dummy(d))),
        call_identity(true, 6, 7).prop_map(|r| (7, OperationResult::CallTransferIdentify(r))),
        prop::collection::vec(
            (
                party_number(),
                basic_service(),
                0i32..3,
                address(),
                prop::option::of(any::<bool>()),
                ext(1, 2)
            )
                .prop_map(|(s, b, p, a, r, e)| IntResult {
                    served_user_nr: s,
                    basic_service: b,
                    procedure: p,
                    diverted_to_address: a,
                    remote_enabled: r,
                    extension: e,
                }),
            0..=29
        )
        .prop_map(|l| (17, OperationResult::InterrogateDiversionQ(l))),
        (
            prop::sample::select(vec![27, 40]),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            prop::option::of(ext_choice(14, 15))
        )
            .prop_map(|(op, n, r, e)| (
                op,
                OperationResult::CcRequest(CcRequestRes {
                    no_path_reservation: n,
                    retain_service: r,
                    extension: e,
                })
            )),
        (0i32..7, ext(1, 2)).prop_map(|(v, e)| (
            59,
            OperationResult::ChargeRequest(AocEnumRes {
                value: v,
                extension: e
            })
        )),
        (0i32..3, ext(1, 2)).prop_map(|(v, e)| (
            64,
            OperationResult::AocComplete(AocEnumRes {
                value: v,
                extension: e
            })
        )),
        prop::collection::vec(mwi_res_elt(), 1..=10)
            .prop_map(|l| (82, OperationResult::MwiInterrogate(l))),
    ]
}
