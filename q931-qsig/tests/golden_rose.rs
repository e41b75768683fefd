//! Every Facility information element in the captures decodes into its network facility
//! extension, interpretation APDU and ROSE components, with the operations tshark reports there,
//! and the name (ECMA-164), diversion (ECMA-174), call transfer (ECMA-178) and MWI (ECMA-242)
//! arguments decode to the values libpri sent.

use std::collections::{BTreeMap, BTreeSet};

use strowger_q921::{Control, FrameRepr};
use strowger_q931_qsig::qsig::ops::{
    self, Argument, CtCompleteArg, DivertingLegInformation1, DivertingLegInformation2,
    DivertingLegInformation3, Name, PartyNumber, PresentedNumberUnscreened, PresentedScreened,
};
use strowger_q931_qsig::qsig::rose::{self, Apdu, Code};
use strowger_q931_qsig::{Ie, MessageRepr};

fn frames() -> Option<Vec<(String, Vec<u8>)>> {
    let frames = strowger_testsupport::qsig_capture_frames()?;
    Some(frames.into_iter().map(|f| (f.file, f.bytes)).collect())
}

#[test]
fn facility_components_decode_with_the_operations_of_each_scenario() {
    let Some(frames) = frames() else { return };
    let mut ops_seen = BTreeMap::<String, BTreeSet<&'static str>>::new();
    let mut names = BTreeSet::new();
    let mut mwi = Vec::new();
    let mut diversions = Vec::new();
    for (file, bytes) in &frames {
        let f = FrameRepr::parse_bytes(bytes).unwrap();
        if !matches!(f.control, Control::I { .. }) {
            continue;
        }
        let m = MessageRepr::parse_bytes(f.info).unwrap();
        for fac in m.find(|ie| match ie {
            Ie::Facility(f) => Some(*f),
            _ => None,
        }) {
            let apdus: Vec<Apdu<'_>> = rose::apdus(fac.components)
                .collect::<Result<_, _>>()
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            // ECMA-165 order: NFE (endPINX → endPINX), interpretation APDU, then ROSE.
            assert!(
                matches!(
                    apdus[0],
                    Apdu::NetworkFacilityExtension {
                        source_entity: 0,
                        destination_entity: 0,
                        ..
                    }
                ),
                "{file}: {apdus:?}"
            );
            assert!(matches!(apdus[1], Apdu::Interpretation(0..=2)), "{file}");
            assert_eq!(apdus.len(), 3, "{file}: one ROSE component per Facility IE");
            // Re-emission is byte-exact.
            let mut out = Vec::new();
            for a in &apdus {
                a.emit(&mut out);
            }
            assert_eq!(out, fac.components, "{file}: re-emit");
            match apdus[2] {
                Apdu::Invoke(inv) => {
                    let Code::Local(op) = inv.operation else {
                        panic!("{file}: global code")
                    };
                    let name = ops::operation_name(op)
                        .unwrap_or_else(|| panic!("{file}: unknown operation {op}"));
                    ops_seen.entry(file.clone()).or_default().insert(name);
                    let arg = inv
                        .argument
                        .unwrap_or_else(|| panic!("{file}: {name} without argument"));
                    match ops::decode_argument(op, &arg).unwrap_or_else(|e| panic!("{file}: {e}")) {
                        Some(Argument::Name(Name::Presented {
                            restricted: false,
                            data,
                            ..
                        })) => {
                            let Some(Argument::Name(n)) = ops::decode_argument(op, &arg).unwrap()
                            else {
                                unreachable!()
                            };
                            let mut out = Vec::new();
                            n.emit(&mut out);
                            assert_eq!(out, arg.raw, "{file}: name argument re-emit");
                            names.insert((name, String::from_utf8(data.to_vec()).unwrap()));
                        }
                        Some(Argument::Mwi(a)) => {
                            mwi.push((op, a.served_user_nr.digits().to_vec(), a.basic_service))
                        }
                        Some(other) => {
                            let mut out = Vec::new();
                            other.emit(&mut out);
                            assert_eq!(out, arg.raw, "{file}: {name} argument re-emit");
                            diversions.push((file.clone(), other));
                        }
                        None => assert!(!(0..=3).contains(&op) && !(80..=82).contains(&op)),
                    }
                }
                // libpri sends only invokes in these scenarios.
                ref other => panic!("{file}: {other:?}"),
            }
        }
    }
    let get = |f: &str| ops_seen.get(f).cloned().unwrap_or_default();
    let set = |v: &[&'static str]| v.iter().copied().collect::<BTreeSet<_>>();
    assert_eq!(
        get("frames_basic_call.txt"),
        set(&[
            "callingName",
            "calledName",
            "connectedName",
            "divertingLegInformation2",
            "divertingLegInformation3"
        ])
    );
    assert_eq!(
        get("frames_divert_dli1.txt"),
        set(&[
            "callingName",
            "calledName",
            "connectedName",
            "divertingLegInformation1",
            "divertingLegInformation3"
        ])
    );
    assert_eq!(
        get("frames_transfer.txt"),
        set(&[
            "callingName",
            "calledName",
            "connectedName",
            "callTransferComplete"
        ])
    );
    assert_eq!(get("frames_busy.txt"), set(&["callingName"]));
    assert_eq!(
        get("frames_mwi.txt"),
        set(&["callingName", "mwiActivate", "mwiDeactivate"])
    );
    assert!(
        names.contains(&("callingName", "Alice CPE".to_owned())),
        "{names:?}"
    );
    assert!(
        names.contains(&("calledName", "Bob Net".to_owned())),
        "{names:?}"
    );
    assert!(
        names.contains(&("connectedName", "Bob Net".to_owned())),
        "{names:?}"
    );
    assert!(
        names.contains(&("callingName", "Voicemail".to_owned())),
        "{names:?}"
    );
    assert_eq!(mwi, [(80, b"2000".to_vec(), 1), (81, b"2000".to_vec(), 1)]);

    // basic_call: DLI2 in SETUP (counter 1, cfu, diverting number 3000, redirecting name),
    // DLI3 in CONNECT with the redirection name; divert_dli1: DLI1 (cfnr, nominated 4000).
    let basic: Vec<_> = diversions
        .iter()
        .filter(|(f, _)| f == "frames_basic_call.txt")
        .map(|(_, a)| a.clone())
        .collect();
    assert_eq!(
        basic,
        [
            Argument::DivertingLegInformation2(DivertingLegInformation2 {
                diversion_counter: 1,
                diversion_reason: 1,
                original_diversion_reason: None,
                diverting_nr: Some(PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(
                    b"3000"
                ))),
                original_called_nr: None,
                redirecting_name: Some(Name::Presented {
                    restricted: false,
                    data: b"Carol Diverter",
                    extended: false,
                    character_set: None
                }),
                original_called_name: None,
                extension: None,
            }),
            Argument::DivertingLegInformation3(DivertingLegInformation3 {
                presentation_allowed: true,
                redirection_name: Some(Name::Presented {
                    restricted: false,
                    data: b"Bob Net",
                    extended: false,
                    character_set: None
                }),
                extension: None,
            }),
        ]
    );
    // transfer: libpri sends callTransferComplete to both ends (primary, then secondary),
    // redirection number restricted, call status alerting.
    let transfer: Vec<_> = diversions
        .iter()
        .filter(|(f, _)| f == "frames_transfer.txt")
        .map(|(_, a)| a.clone())
        .collect();
    let complete = |end| {
        Argument::CallTransferComplete(CtCompleteArg {
            end_designation: end,
            redirection_number: PresentedScreened::Restricted,
            basic_call_info_elements: None,
            redirection_name: None,
            call_status: Some(1),
            extension: None,
        })
    };
    assert_eq!(transfer, [complete(0), complete(1)]);
    let dli1: Vec<_> = diversions
        .iter()
        .filter_map(|(f, a)| match a {
            Argument::DivertingLegInformation1(d) => Some((f.as_str(), *d)),
            _ => None,
        })
        .collect();
    assert_eq!(
        dli1,
        [(
            "frames_divert_dli1.txt",
            DivertingLegInformation1 {
                diversion_reason: 3,
                subscription_option: 2,
                nominated_nr: PartyNumber::Unknown(b"4000"),
                extension: None,
            }
        )]
    );
}
