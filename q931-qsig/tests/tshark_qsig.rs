//! tshark's QSIG dissector reads every typed argument and result this crate emits: one
//! FACILITY message per operation (invoke, and returnResult where the operation has a typed
//! result), each in a LAPD I-frame of a pcapng file. Each frame must decode as the expected
//! operation, show the expected ASN.1 components, and raise no BER error or expert warning.
//! Fails under `CI=true` when tshark is missing.

mod qsig_values;

use std::process::Command;

use strowger_q921::pcap::{Direction, LapdPcapng};
use strowger_q931_qsig::qsig::ber::{parse_one, write_integer, write_tlv, Tlv};
use strowger_q931_qsig::qsig::ops::{
    operation_name, Address, AddressScreened, Amount, AocChargeArg, AocEnumRes, AocRateArg,
    AocUserArg, AocsCurrencyInfo, Argument, CallIdentityArg, CallRerouteingArg, CcOptionalArg,
    CcRequestArg, CcRequestRes, Charge, ChargeRequestArg, ChargingAssociation, CheckRestrictionArg,
    CtActiveArg, CtCompleteArg, CtUpdateArg, DiversionQArg, ExtensionChoice, IntResult,
    MsgCentreId, MwiInterrogateResElt, Name, OperationResult, PartyNumber, PartySubaddress,
    PresentedNumberUnscreened, PresentedScreened, Pss1InformationElement, RateType,
    RecordedCurrency, SubaddressTransferArg, Time,
};
use strowger_q931_qsig::qsig::service::names::allowed as name;

const BC: &[u8] = b"\x04\x03\x80\x90\xa3";

fn ext_tlv(tag: u8) -> Tlv<'static> {
    // Extension ::= SEQUENCE { extensionId OBJECT IDENTIFIER, extensionArgument ANY }
    let mut b = Vec::new();
    write_tlv(&mut b, 0xA0 | tag, b"\x06\x03\x2b\x0c\x09\x02\x01\x05");
    parse_one(Box::leak(b.into_boxed_slice())).unwrap()
}

/// `[tag] IMPLICIT SEQUENCE OF Extension` with one extension.
fn ext_multi(tag: u8) -> Tlv<'static> {
    let mut one = Vec::new();
    write_tlv(&mut one, 0x30, b"\x06\x03\x2b\x0c\x09\x02\x01\x05");
    let mut b = Vec::new();
    write_tlv(&mut b, 0xA0 | tag, &one);
    parse_one(Box::leak(b.into_boxed_slice())).unwrap()
}

/// One FACILITY message (dummy call reference) carrying `component`.
fn facility(component: &[u8]) -> Vec<u8> {
    let mut body = vec![0x9f];
    body.extend_from_slice(&[
        0xaa, 0x06, 0x80, 0x01, 0x00, 0x82, 0x01, 0x00, 0x8b, 0x01, 0x00,
    ]);
    body.extend_from_slice(component);
    let mut m = vec![0x08, 0x02, 0x00, 0x07, 0x62, 0x1c];
    m.push(u8::try_from(body.len()).unwrap());
    m.extend_from_slice(&body);
    m
}

fn invoke(op: i32, a: &Argument<'_>) -> Vec<u8> {
    let mut c = Vec::new();
    write_integer(&mut c, 0x02, 1);
    write_integer(&mut c, 0x02, op);
    a.emit(&mut c);
    let mut out = Vec::new();
    write_tlv(&mut out, 0xA1, &c);
    out
}

fn result(op: i32, r: &OperationResult<'_>) -> Vec<u8> {
    let mut seq = Vec::new();
    write_integer(&mut seq, 0x02, op);
    r.emit(&mut seq);
    let mut c = Vec::new();
    write_integer(&mut c, 0x02, 1);
    write_tlv(&mut c, 0x30, &seq);
    let mut out = Vec::new();
    write_tlv(&mut out, 0xA2, &c);
    out
}

/// (operation, component, components tshark must show).
fn cases() -> Vec<(i32, Vec<u8>, &'static [&'static str])> {
    let n1000 = PartyNumber::Unknown(b"1000");
    let n2000 = PartyNumber::Public {
        type_of_number: 2,
        digits: b"2000",
    };
    let n3000 = PartyNumber::Private {
        type_of_number: 4,
        digits: b"3000",
    };
    let sub = PartySubaddress::UserSpecified {
        information: b"\x12\x34",
        odd_count: Some(true),
    };
    let address = Address {
        party_number: n2000,
        party_subaddress: Some(PartySubaddress::Nsap(b"\x50\x01")),
    };
    let screened = |sub| {
        PresentedScreened::Allowed(AddressScreened {
            party_number: n1000,
            screening_indicator: 3,
            party_subaddress: sub,
        })
    };
    let cid = |n: Option<PartyNumber<'static>>, e| CallIdentityArg {
        call_identity: b"42",
        rerouting_number: n,
        extension: e,
    };
    let pss1 = Pss1InformationElement(BC);
    let amount = Amount {
        currency_amount: 150,
        multiplier: 3,
    };
    let mut v: Vec<(i32, Vec<u8>, &'static [&'static str])> = vec![
        (
            4,
            invoke(
                4,
                &Argument::PathReplace(cid(Some(n2000), Some(ext_tlv(1)))),
            ),
            &["callIdentity: 42", "rerouteingNumber"],
        ),
        (
            5,
            invoke(5, &Argument::PathReplace(cid(None, None))),
            &["callIdentity: 42"],
        ),
        (
            5,
            result(5, &OperationResult::Dummy(ExtensionChoice::Null)),
            &["null"],
        ),
        (
            6,
            invoke(6, &Argument::PathReplace(cid(Some(n3000), None))),
            &["callIdentity: 42", "privatePartyNumber"],
        ),
        (
            7,
            invoke(7, &Argument::CallTransferDummy(ExtensionChoice::Null)),
            &["null"],
        ),
        (
            7,
            result(
                7,
                &OperationResult::CallTransferIdentify(cid(Some(n2000), None)),
            ),
            &["CTIdentifyRes", "callIdentity: 42", "rerouteingNumber"],
        ),
        (
            8,
            invoke(
                8,
                &Argument::CallTransferDummy(ExtensionChoice::Single(ext_tlv(1))),
            ),
            &["single"],
        ),
        (
            9,
            invoke(9, &Argument::CallTransferIdentity(cid(Some(n1000), None))),
            &["CTInitiateArg", "callIdentity: 42"],
        ),
        (
            9,
            result(9, &OperationResult::Dummy(ExtensionChoice::Null)),
            &["null"],
        ),
        (
            10,
            invoke(
                10,
                &Argument::CallTransferIdentity(cid(None, Some(ext_tlv(0)))),
            ),
            &["CTSetupArg", "callIdentity: 42"],
        ),
        (
            11,
            invoke(
                11,
                &Argument::CallTransferActive(CtActiveArg {
                    connected_address: screened(Some(sub)),
                    basic_call_info_elements: Some(pss1),
                    connected_name: Some(name(b"Bob")),
                    extension: None,
                }),
            ),
            &[
                "CTActiveArg",
                "connectedAddress",
                "partySubaddress",
                "basicCallInfoElements",
                "connectedName",
                "Bob",
            ],
        ),
        (
            12,
            invoke(
                12,
                &Argument::CallTransferComplete(CtCompleteArg {
                    end_designation: 1,
                    redirection_number: screened(None),
                    basic_call_info_elements: Some(pss1),
                    redirection_name: Some(name(b"Carol")),
                    call_status: Some(1),
                    extension: Some(ext_tlv(9)),
                }),
            ),
            &[
                "CTCompleteArg",
                "secondaryEnd",
                "redirectionNumber",
                "redirectionName",
                "callStatus: alerting",
            ],
        ),
        (
            13,
            invoke(
                13,
                &Argument::CallTransferUpdate(CtUpdateArg {
                    redirection_number: PresentedScreened::NotAvailableDueToInterworking,
                    redirection_name: Some(Name::NotAvailable),
                    basic_call_info_elements: None,
                    extension: None,
                }),
            ),
            &[
                "CTUpdateArg",
                "numberNotAvailableDueToInterworking",
                "nameNotAvailable",
            ],
        ),
        (
            14,
            invoke(
                14,
                &Argument::SubaddressTransfer(SubaddressTransferArg {
                    redirection_subaddress: sub,
                    extension: None,
                }),
            ),
            &[
                "SubaddressTransferArg",
                "redirectionSubaddress",
                "oddCountIndicator: True",
            ],
        ),
        (
            15,
            invoke(
                15,
                &Argument::DiversionQ(DiversionQArg {
                    procedure: 2,
                    basic_service: Some(1),
                    diverted_to_address: Some(address),
                    served_user_nr: n1000,
                    user_nr: n1000,
                    extension: Some(ext_tlv(1)),
                }),
            ),
            &[
                "procedure: cfnr",
                "basicService: speech",
                "divertedToAddress",
                "activatingUserNr",
            ],
        ),
        (
            16,
            invoke(
                16,
                &Argument::DiversionQ(DiversionQArg {
                    procedure: 0,
                    basic_service: Some(0),
                    diverted_to_address: None,
                    served_user_nr: n1000,
                    user_nr: n3000,
                    extension: None,
                }),
            ),
            &["procedure: cfu", "deactivatingUserNr"],
        ),
        (
            17,
            invoke(
                17,
                &Argument::DiversionQ(DiversionQArg {
                    procedure: 1,
                    basic_service: None,
                    diverted_to_address: None,
                    served_user_nr: n1000,
                    user_nr: n1000,
                    extension: None,
                }),
            ),
            &["procedure: cfb", "interrogatingUserNr"],
        ),
        (
            17,
            result(
                17,
                &OperationResult::InterrogateDiversionQ(vec![
                    IntResult {
                        served_user_nr: n1000,
                        basic_service: 1,
                        procedure: 0,
                        diverted_to_address: address,
                        remote_enabled: Some(true),
                        extension: None,
                    },
                    IntResult {
                        served_user_nr: n1000,
                        basic_service: 32,
                        procedure: 2,
                        diverted_to_address: Address {
                            party_number: n3000,
                            party_subaddress: None,
                        },
                        remote_enabled: None,
                        extension: Some(ext_multi(2)),
                    },
                ]),
            ),
            &[
                "IntResultList: 2 items",
                "remoteEnabled: True",
                "basicService: telephony",
            ],
        ),
        (
            18,
            invoke(
                18,
                &Argument::CheckRestriction(CheckRestrictionArg {
                    served_user_nr: n1000,
                    basic_service: 3,
                    diverted_to_nr: n2000,
                    extension: None,
                }),
            ),
            &["servedUserNr", "divertedToNr", "audio3100Hz"],
        ),
        (
            18,
            result(18, &OperationResult::Dummy(ExtensionChoice::Null)),
            &["null"],
        ),
        (
            19,
            invoke(
                19,
                &Argument::CallRerouteing(CallRerouteingArg {
                    rerouteing_reason: 2,
                    original_rerouteing_reason: Some(1),
                    called_address: address,
                    diversion_counter: 2,
                    pss1_info_element: pss1,
                    last_rerouteing_nr: PresentedNumberUnscreened::RestrictedNumber(n3000),
                    subscription_option: 1,
                    calling_party_subaddress: Some(sub),
                    calling_number: screened(None),
                    calling_name: Some(name(b"Alice")),
                    original_called_nr: Some(PresentedNumberUnscreened::Allowed(n2000)),
                    redirecting_name: Some(name(b"Dave")),
                    original_called_name: Some(Name::RestrictedNull),
                    extension: Some(ext_multi(10)),
                }),
            ),
            &[
                "ARG-callRerouteing",
                "originalRerouteingReason: cfu",
                "pSS1InfoElement",
                "Bearer capability",
                "lastRerouteingNr",
                "callingPartySubaddress",
                "callingName",
                "originalCalledNr",
                "redirectingName",
                "originalCalledName",
            ],
        ),
        (
            19,
            result(19, &OperationResult::Dummy(ExtensionChoice::Null)),
            &["null"],
        ),
        (
            23,
            invoke(23, &Argument::CfnrDivertedLegFailed(ExtensionChoice::Null)),
            &["null"],
        ),
    ];
    let cc_req = CcRequestArg {
        number_a: PresentedNumberUnscreened::Allowed(n1000),
        number_b: n2000,
        service: pss1,
        subaddr_a: Some(sub),
        subaddr_b: None,
        can_retain_service: Some(true),
        retain_sig_connection: Some(false),
        extension: Some(ExtensionChoice::Null),
    };
    let full = CcOptionalArg::Full {
        number_a: n1000,
        number_b: n2000,
        service: pss1,
        subaddr_a: None,
        subaddr_b: Some(PartySubaddress::Nsap(b"\x50\x01")),
        extension: None,
    };
    v.extend([
        (
            40,
            invoke(40, &Argument::CcRequest(cc_req)),
            &[
                "CcRequestArg",
                "numberA",
                "numberB",
                "service",
                "subaddrA",
                "can-retain-service: True",
                "retain-sig-connection: False",
            ][..],
        ),
        (
            27,
            invoke(27, &Argument::CcRequest(cc_req)),
            &["CcRequestArg", "numberB"][..],
        ),
        (
            40,
            result(
                40,
                &OperationResult::CcRequest(CcRequestRes {
                    no_path_reservation: Some(true),
                    retain_service: Some(true),
                    extension: None,
                }),
            ),
            &[
                "CcRequestRes",
                "no-path-reservation: True",
                "retain-service: True",
            ][..],
        ),
        (
            28,
            invoke(28, &Argument::CcOptional(full)),
            &["fullArg", "numberA", "subaddrB"][..],
        ),
        (
            29,
            invoke(
                29,
                &Argument::CcOptional(CcOptionalArg::Extension(ExtensionChoice::Null)),
            ),
            &["extArg"][..],
        ),
        (
            30,
            invoke(30, &Argument::CcExtension(ExtensionChoice::Null)),
            &["none"][..],
        ),
        (
            30,
            result(
                30,
                &OperationResult::Dummy(ExtensionChoice::Single(ext_tlv(14))),
            ),
            &["single"][..],
        ),
        (
            31,
            invoke(31, &Argument::CcExtension(ExtensionChoice::Null)),
            &["none"][..],
        ),
        (
            32,
            invoke(32, &Argument::CcExtension(ExtensionChoice::Null)),
            &["none"][..],
        ),
        (
            33,
            invoke(
                33,
                &Argument::CcExtension(ExtensionChoice::Multiple(ext_multi(15))),
            ),
            &["multiple"][..],
        ),
        (
            59,
            invoke(
                59,
                &Argument::ChargeRequest(ChargeRequestArg {
                    advice_mode_combinations: vec![0, 4, 6],
                    extension: None,
                }),
            ),
            &["adviceModeCombinations: 3 items", "rateInterimFinal"][..],
        ),
        (
            59,
            result(
                59,
                &OperationResult::ChargeRequest(AocEnumRes {
                    value: 2,
                    extension: None,
                }),
            ),
            &["adviceModeCombination: rateFinal"][..],
        ),
        (
            60,
            invoke(60, &Argument::GetFinalCharge(ExtensionChoice::Null)),
            &["none"][..],
        ),
        (
            61,
            invoke(
                61,
                &Argument::AocCharge(AocChargeArg {
                    charge: Charge::SpecificCurrency {
                        recorded: RecordedCurrency {
                            currency: b"EUR",
                            amount,
                        },
                        billing_id: Some(7),
                    },
                    charging_association: Some(ChargingAssociation::ChargeNumber(n1000)),
                    extension: None,
                }),
            ),
            &[
                "AocFinalArg",
                "recordedCurrency",
                "rCurrency: EUR",
                "currencyAmount: 150",
                "finalBillingId: callTransfer",
                "chargeNumber",
            ][..],
        ),
        (
            62,
            invoke(
                62,
                &Argument::AocCharge(AocChargeArg {
                    charge: Charge::FreeOfCharge,
                    charging_association: None,
                    extension: None,
                }),
            ),
            &["AocInterimArg", "freeOfCharge"][..],
        ),
        (
            63,
            invoke(
                63,
                &Argument::AocRate(AocRateArg {
                    currency_info: Some(vec![
                        AocsCurrencyInfo {
                            charged_item: 0,
                            rate_type: RateType::Duration {
                                currency: b"EUR",
                                amount,
                                charging_type: 1,
                                time: Time {
                                    length_of_time_unit: 60,
                                    scale: 2,
                                },
                                granularity: Some(Time {
                                    length_of_time_unit: 1,
                                    scale: 2,
                                }),
                            },
                        },
                        AocsCurrencyInfo {
                            charged_item: 2,
                            rate_type: RateType::FlatRate {
                                currency: b"",
                                amount,
                            },
                        },
                        AocsCurrencyInfo {
                            charged_item: 3,
                            rate_type: RateType::VolumeRate {
                                currency: b"CHF",
                                amount,
                                volume_unit: 1,
                            },
                        },
                        AocsCurrencyInfo {
                            charged_item: 4,
                            rate_type: RateType::SpecialChargingCode(3),
                        },
                        AocsCurrencyInfo {
                            charged_item: 1,
                            rate_type: RateType::FreeOfCharge,
                        },
                    ]),
                    extension: None,
                }),
            ),
            &[
                "AocRateArg",
                "aocSCurrencyInfoList: 5 items",
                "durationCurrency",
                "dGranularity",
                "flatRateCurrency",
                "volumeRateCurrency",
                "specialChargingCode: 3",
            ][..],
        ),
        (
            64,
            invoke(
                64,
                &Argument::AocUser(AocUserArg {
                    user: n1000,
                    charging_association: Some(ChargingAssociation::ChargeIdentifier(-5)),
                    diversion_type: None,
                    extension: None,
                }),
            ),
            &["AocCompleteArg", "chargedUser", "chargeIdentifier: -5"][..],
        ),
        (
            64,
            result(
                64,
                &OperationResult::AocComplete(AocEnumRes {
                    value: 1,
                    extension: None,
                }),
            ),
            &["chargingOption: aocContinueCharging"][..],
        ),
        (
            65,
            invoke(
                65,
                &Argument::AocUser(AocUserArg {
                    user: n2000,
                    charging_association: None,
                    diversion_type: Some(3),
                    extension: None,
                }),
            ),
            &[
                "AocDivChargeReqArg",
                "divertingUser",
                "diversionType: callDeflection",
            ][..],
        ),
        (
            82,
            result(
                82,
                &OperationResult::MwiInterrogate(vec![MwiInterrogateResElt {
                    basic_service: 1,
                    msg_centre_id: Some(MsgCentreId::NumericString(b"12")),
                    nb_of_messages: Some(3),
                    originating_nr: Some(n1000),
                    timestamp: Some(b"20261122043300"),
                    priority: Some(1),
                    extension: None,
                }]),
            ),
            &[
                "msgCentreId",
                "numericString: 12",
                "nrOfMessages: 3",
                "originatingNr",
                "priority: 1",
            ][..],
        ),
    ]);
    v
}

#[test]
fn tshark_reads_every_typed_argument_and_result() {
    let Some(tshark) = strowger_testsupport::require_peer("tshark", "tshark") else {
        return;
    };
    let cases = cases();
    let mut pcap = LapdPcapng::new(false);
    for (i, (_, component, _)) in cases.iter().enumerate() {
        // I-frame, SAPI 0, TEI 0, user side (C/R 0), N(S) = i.
        let ns = u8::try_from(i % 128).unwrap();
        let mut frame = vec![0x00, 0x01, ns << 1, 0x00];
        frame.extend_from_slice(&facility(component));
        pcap.push(1_000_000 * (i as u64 + 1), Direction::Outbound, &frame);
    }
    let dir = std::env::temp_dir().join(format!("strowger-qsig-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("qsig_ops.pcapng");
    std::fs::write(&file, pcap.bytes()).unwrap();
    let out = Command::new(&tshark)
        .arg("-r")
        .arg(&file)
        .arg("-V")
        .output()
        .expect("run tshark");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "tshark: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let frames: Vec<&str> = text.split("\nFrame ").collect();
    assert_eq!(frames.len(), cases.len(), "frames dissected");
    for ((op, component, expect), frame) in cases.iter().zip(&frames) {
        // tshark dissects ops 80–82 with the SS-MCM module (mCMNewMsg, mCMNoNewMsg,
        // mCMUpdateReq), whose element layout ECMA-242's MWI operations share.
        let name = match op {
            82 => "mCMUpdateReq",
            _ => operation_name(*op).unwrap(),
        };
        let at = format!("op {op} {name} ({component:02x?})");
        assert!(
            frame.contains(&format!("Operation: {name} ({op})")),
            "{at}: {frame}"
        );
        for bad in [
            "Malformed",
            "BER Error",
            "Expert Info",
            "UNSUPPORTED",
            "Unsupported",
        ] {
            assert!(!frame.contains(bad), "{at}: tshark reports {bad}:\n{frame}");
        }
        for e in *expect {
            assert!(
                frame.contains(e),
                "{at}: tshark does not show {e:?}:\n{frame}"
            );
        }
    }
}

/// The information elements typed in `wire/ies_extra.rs`, emitted by this crate, read back by
/// tshark's Q.931 and QSIG dissectors.
#[test]
fn tshark_reads_the_typed_information_elements() {
    use strowger_q931_qsig::wire::{
        CodingStandard, DateTime, HighLayerCompatibility, Keypad, LowLayerCompatibility,
        NotificationIndicator, PartyCategory, Subaddress, TransferCapability, TransitCounter,
        UserUser,
    };
    use strowger_q931_qsig::{Codeset, Ie, Shift};
    let Some(tshark) = strowger_testsupport::require_peer("tshark", "tshark") else {
        return;
    };
    let shift = |cs| {
        Ie::Shift(Shift {
            codeset: Codeset::new(cs).unwrap(),
            locking: false,
        })
    };
    let ies = [
        Ie::NotificationIndicator(NotificationIndicator::new(
            NotificationIndicator::CALL_IS_DIVERTING,
        )),
        Ie::Keypad(Keypad(b"12#")),
        Ie::DateTime(DateTime::new(26, 11, 22).with_time(4, 33, 0)),
        Ie::CallingPartySubaddress(Subaddress::nsap(b"\x50\x12\x34")),
        Ie::CalledPartySubaddress(Subaddress::user_specified(b"\x12\x34", true)),
        Ie::LowLayerCompatibility(LowLayerCompatibility::new(
            CodingStandard::ITU_T,
            TransferCapability::UNRESTRICTED_DIGITAL,
        )),
        Ie::HighLayerCompatibility(HighLayerCompatibility::telephony()),
        Ie::UserUser(UserUser::new(UserUser::IA5, b"hi!")),
        shift(4),
        Ie::TransitCounter(TransitCounter(2)),
        shift(5),
        Ie::PartyCategory(PartyCategory::OPERATOR),
    ];
    let mut frame = vec![0x00, 0x01, 0x00, 0x00, 0x08, 0x02, 0x00, 0x07, 0x62];
    for ie in &ies {
        let at = frame.len();
        frame.resize(at + ie.buffer_len(), 0);
        ie.emit(&mut frame[at..]).unwrap();
    }
    let mut pcap = LapdPcapng::new(false);
    pcap.push(1_000_000, Direction::Outbound, &frame);
    let dir = std::env::temp_dir().join(format!("strowger-ie-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ies.pcapng");
    std::fs::write(&file, pcap.bytes()).unwrap();
    let out = Command::new(&tshark)
        .arg("-r")
        .arg(&file)
        .arg("-V")
        .output()
        .expect("run tshark");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "tshark: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for bad in ["Malformed", "Expert Info", "Unknown information element"] {
        assert!(!text.contains(bad), "tshark reports {bad}:\n{text}");
    }
    for e in [
        "Notification description: Call is diverting (0x7b)",
        "Keypad facility: 12#",
        "Date/time: 26-11-22 04:33:00",
        "Calling party subaddress",
        "Called party subaddress",
        "Low-layer compatibility",
        "High-layer compatibility",
        "User information: hi!",
        "Transit count: 2",
        "Party category: operator (0x2)",
    ] {
        assert!(text.contains(e), "tshark does not show {e:?}:\n{text}");
    }
}

/// Runs `tshark -V` over a LAPD pcapng with `frames`; returns the text of each frame.
fn tshark_frames(tshark: &std::path::Path, frames: &[Vec<u8>], tag: &str) -> Vec<String> {
    let mut pcap = LapdPcapng::new(false);
    for (i, f) in frames.iter().enumerate() {
        let ns = u8::try_from(i % 128).unwrap();
        let mut frame = vec![0x00, 0x01, ns << 1, 0x00];
        frame.extend_from_slice(f);
        pcap.push(1_000_000 * (i as u64 + 1), Direction::Outbound, &frame);
    }
    let dir = std::env::temp_dir().join(format!("strowger-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("frames.pcapng");
    std::fs::write(&file, pcap.bytes()).unwrap();
    let out = Command::new(tshark)
        .arg("-r")
        .arg(&file)
        .arg("-V")
        .output()
        .expect("run tshark");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "tshark: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split("\nFrame ")
        .map(str::to_owned)
        .collect()
}

/// tshark's operation names: ops 80–82 are dissected with the SS-MCM module.
fn tshark_operation_name(op: i32) -> &'static str {
    match op {
        80 => "mCMNewMsg",
        81 => "mCMNoNewMsg",
        82 => "mCMUpdateReq",
        _ => operation_name(op).unwrap(),
    }
}

/// Generated arguments and results of every typed operation (deterministic seed), emitted
/// and read back by tshark without a BER error.
#[test]
fn tshark_reads_generated_arguments_and_results() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let Some(tshark) = strowger_testsupport::require_peer("tshark", "tshark") else {
        return;
    };
    // The composed strategies are deep; generate on a thread with room for them in debug
    // builds.
    let cases = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut runner = TestRunner::deterministic();
            let mut cases = Vec::new();
            let args = qsig_values::any_argument();
            let results = qsig_values::any_result();
            while cases.len() < 600 {
                let (op, component) = if cases.len() % 3 == 2 {
                    let (op, r) = results.new_tree(&mut runner).unwrap().current();
                    (op, result(op, &r))
                } else {
                    let (op, a) = args.new_tree(&mut runner).unwrap().current();
                    (op, invoke(op, &a))
                };
                // One Facility information element holds at most 255 octets.
                if component.len() <= 240 {
                    cases.push((op, component));
                }
            }
            cases
        })
        .unwrap()
        .join()
        .unwrap();
    let frames: Vec<Vec<u8>> = cases.iter().map(|(_, c)| facility(c)).collect();
    let text = tshark_frames(&tshark, &frames, "qsig-generated");
    assert_eq!(text.len(), cases.len(), "frames dissected");
    let mut ops = std::collections::BTreeSet::new();
    for ((op, component), frame) in cases.iter().zip(&text) {
        let name = tshark_operation_name(*op);
        let at = format!("op {op} {name} ({component:02x?})");
        assert!(
            frame.contains(&format!("Operation: {name} ({op})")),
            "{at}: {frame}"
        );
        for bad in [
            "Malformed",
            "BER Error",
            "Expert Info",
            "UNSUPPORTED",
            "Unsupported",
        ] {
            assert!(!frame.contains(bad), "{at}: tshark reports {bad}:\n{frame}");
        }
        ops.insert(*op);
    }
    // Every typed operation other than names, DLI1-3 and the MWI arguments (checked above
    // and in the golden tests) was generated: ops 4-19, 23, 27-33, 40, 59-65, 80-82.
    assert_eq!(ops.len(), 35, "operations covered: {ops:?}");
}
