//! Every Q.931 message carried in the I-frames two libpri instances exchanged
//! (../shared/captures/qsig/frames_*.txt) decodes, agrees with the capture's annotation, is fully
//! typed, and re-emits byte-exact.

use std::collections::BTreeMap;

use strowger_q921::{Control, FrameRepr};
use strowger_q931_qsig::wire::{
    ie_id, BearerCapability, Facility, InterfaceType, NumberingPlan, Presentation,
    ProgressDescription, TypeOfNumber,
};
use strowger_q931_qsig::{CauseValue, Ie, Message, MessageRepr, MessageType};

use strowger_testsupport::qsig_capture_frames as load;

/// The annotation's spelling of a message type.
fn annotation_name(t: MessageType) -> String {
    match t {
        MessageType::CONNECT_ACKNOWLEDGE => "CONNECT_ACK".into(),
        t => t.name().expect("named type").replace(' ', "_"),
    }
}

/// Cause values each scenario clears with.
fn expected_causes(file: &str) -> &'static [u8] {
    match file {
        "frames_basic_call.txt" | "frames_divert_dli1.txt" | "frames_transfer.txt" => &[16],
        "frames_busy.txt" => &[17],
        "frames_unallocated.txt" => &[1],
        "frames_mwi.txt" => &[69],
        f => panic!("unexpected capture {f}"),
    }
}

#[test]
fn every_golden_q931_message_decodes_is_typed_and_reemits_byte_exact() {
    let Some(frames) = load() else { return };
    let mut per_type = BTreeMap::<String, usize>::new();
    // Which side ('I'/'O') originated each (file, call reference value).
    let mut originator = BTreeMap::<(String, u16), char>::new();
    let mut facilities = 0;
    let mut count = 0;
    for g in &frames {
        let at = format!("{}:{} {}", g.file, g.line, g.note);
        let frame = FrameRepr::parse_bytes(&g.bytes).unwrap_or_else(|e| panic!("{at}: {e}"));
        if !matches!(frame.control, Control::I { .. }) {
            continue;
        }
        // The I-frame header is address (2) + control (2).
        assert_eq!(&g.bytes[4..], frame.info, "{at}");
        let view = Message::new_checked(frame.info).unwrap_or_else(|e| panic!("{at}: {e}"));
        view.check_comprehension()
            .unwrap_or_else(|e| panic!("{at}: {e}"));
        let m = MessageRepr::parse(&view);
        count += 1;

        // Byte-exact re-emission.
        assert_eq!(m.buffer_len(), frame.info.len(), "{at}");
        assert_eq!(m.to_vec().unwrap(), frame.info, "{at}: re-emit");
        // parse(emit(parse(x))) == parse(x)
        let again = m.to_vec().unwrap();
        assert_eq!(MessageRepr::parse_bytes(&again).unwrap(), m, "{at}");

        // Header agrees with the annotation.
        assert_eq!(m.protocol_discriminator.0, 0x08, "{at}");
        assert_eq!(m.call_reference.length(), 2, "{at}: PRI call reference");
        let kind = g.note.split_whitespace().last().unwrap();
        assert_eq!(annotation_name(m.message_type), kind, "{at}");
        *per_type.entry(kind.to_owned()).or_default() += 1;

        // Call reference flag: 0 from the originating side, 1 towards it (Q.931 §4.3).
        let key = (g.file.clone(), m.call_reference.value());
        if m.message_type == MessageType::SETUP {
            originator.insert(key.clone(), g.dir);
        }
        let origin = *originator
            .get(&key)
            .unwrap_or_else(|| panic!("{at}: call reference without SETUP"));
        assert_eq!(m.call_reference.flag(), g.dir != origin, "{at}: flag");

        // Every element this crate types came out typed (none fell back to raw).
        for ie in &m.ies {
            if let Ie::Unknown { codeset, id, .. } = ie {
                assert!(
                    codeset.value() != 0
                        || !matches!(
                            *id,
                            ie_id::BEARER_CAPABILITY
                                | ie_id::CAUSE
                                | ie_id::CHANNEL_IDENTIFICATION
                                | ie_id::FACILITY
                                | ie_id::PROGRESS_INDICATOR
                                | ie_id::CALLING_PARTY_NUMBER
                                | ie_id::CALLED_PARTY_NUMBER
                                | ie_id::CONNECTED_NUMBER
                                | ie_id::NOTIFICATION_INDICATOR
                                | ie_id::HIGH_LAYER_COMPATIBILITY
                                | ie_id::LOW_LAYER_COMPATIBILITY
                                | ie_id::USER_USER
                                | ie_id::DATE_TIME
                                | ie_id::KEYPAD_FACILITY
                                | ie_id::ORIGINAL_CALLED_NUMBER
                                | ie_id::CALLING_PARTY_SUBADDRESS
                                | ie_id::CALLED_PARTY_SUBADDRESS
                                | ie_id::CONNECTED_SUBADDRESS
                        ),
                    "{at}: element {id:#04x} left raw"
                );
            }
        }

        // Key fields.
        for f in m.find(|ie| match ie {
            Ie::Facility(f) => Some(*f),
            _ => None,
        }) {
            assert_eq!(f.protocol_profile, Facility::NETWORKING_EXTENSIONS, "{at}");
            // Network facility extension [10] first, then the interpretation APDU [11].
            assert_eq!(&f.components[..2], &[0xaa, 0x06], "{at}");
            assert_eq!(f.components[8], 0x8b, "{at}");
            facilities += 1;
        }
        for c in m.find(|ie| match ie {
            Ie::Cause(c) => Some(*c),
            _ => None,
        }) {
            assert!(
                expected_causes(&g.file).contains(&c.value.value()),
                "{at}: cause {}",
                c.value
            );
            assert_eq!(c.location.value(), 1, "{at}: private network, local user");
        }
        match m.message_type {
            MessageType::SETUP => {
                let bc = m
                    .find(|ie| match ie {
                        Ie::BearerCapability(b) => Some(*b),
                        _ => None,
                    })
                    .next()
                    .unwrap_or_else(|| panic!("{at}: SETUP without bearer capability"));
                let chan = m
                    .find(|ie| match ie {
                        Ie::ChannelIdentification(c) => Some(*c),
                        _ => None,
                    })
                    .next()
                    .unwrap();
                assert_eq!(chan.interface_type, InterfaceType::Primary, "{at}");
                if bc == BearerCapability::call_independent() {
                    // ECMA-165 call-independent signalling connection: no B-channel.
                    assert!(chan.d_channel && chan.selection == 0, "{at}");
                    assert!(chan.channels.is_none(), "{at}");
                } else {
                    assert_eq!(bc, BearerCapability::speech_alaw(), "{at}");
                    assert_eq!(chan.selection, 1, "{at}");
                    let list = chan.channels.unwrap();
                    let b: Vec<u8> = list.numbers().collect();
                    assert!(
                        b.len() == 1 && (1..=31).contains(&b[0]) && b[0] != 16,
                        "{at}"
                    );
                }
                let calling = m
                    .find(|ie| match ie {
                        Ie::CallingPartyNumber(n) => Some(*n),
                        _ => None,
                    })
                    .next()
                    .unwrap();
                assert_eq!(calling.type_of_number, TypeOfNumber::UNKNOWN, "{at}");
                assert_eq!(calling.numbering_plan, NumberingPlan::UNKNOWN, "{at}");
                assert_eq!(
                    calling.presentation.unwrap().0,
                    Presentation::ALLOWED,
                    "{at}"
                );
                assert_eq!(calling.digits_str().len(), 4, "{at}");
                let called = m
                    .find(|ie| match ie {
                        Ie::CalledPartyNumber(n) => Some(*n),
                        _ => None,
                    })
                    .next()
                    .unwrap();
                assert!(called.presentation.is_none(), "{at}");
                assert!(called.digits.iter().all(u8::is_ascii_digit), "{at}");
                // Every SETUP but the unallocated-number one carries a name or MWI facility.
                let has_facility = m.ies.iter().any(|ie| matches!(ie, Ie::Facility(_)));
                assert_eq!(has_facility, g.file != "frames_unallocated.txt", "{at}");
            }
            MessageType::CALL_PROCEEDING => {
                let chan = m
                    .find(|ie| match ie {
                        Ie::ChannelIdentification(c) => Some(*c),
                        _ => None,
                    })
                    .next()
                    .unwrap();
                assert!(chan.exclusive, "{at}");
            }
            MessageType::DISCONNECT | MessageType::RELEASE_COMPLETE
                if g.file != "frames_transfer.txt" && g.file != "frames_divert_dli1.txt" =>
            {
                let n = m.find(|ie| match ie {
                    Ie::Cause(c) => Some(c.value),
                    _ => None,
                });
                assert_eq!(n.count(), 1, "{at}: one cause");
            }
            _ => {}
        }
        if g.file == "frames_basic_call.txt" {
            match m.message_type {
                MessageType::SETUP => {
                    let digits: Vec<&str> = m
                        .find(|ie| match ie {
                            Ie::CallingPartyNumber(n) | Ie::CalledPartyNumber(n) => {
                                Some(n.digits_str())
                            }
                            _ => None,
                        })
                        .collect();
                    assert_eq!(digits, ["1000", "2000"], "{at}");
                    assert_eq!(
                        m.ies
                            .iter()
                            .filter(|ie| matches!(ie, Ie::Facility(_)))
                            .count(),
                        2
                    );
                }
                MessageType::ALERTING => {
                    let p = m
                        .find(|ie| match ie {
                            Ie::Progress(p) => Some(*p),
                            _ => None,
                        })
                        .next()
                        .unwrap();
                    assert_eq!(p.description, ProgressDescription::IN_BAND, "{at}");
                }
                MessageType::CONNECT => {
                    let c = m
                        .find(|ie| match ie {
                            Ie::ConnectedNumber(n) => Some(n.digits_str()),
                            _ => None,
                        })
                        .next();
                    assert_eq!(c, Some("2000"), "{at}");
                }
                MessageType::DISCONNECT => {
                    let c = m
                        .find(|ie| match ie {
                            Ie::Cause(c) => Some(c.value),
                            _ => None,
                        })
                        .next();
                    assert_eq!(c, Some(CauseValue::NORMAL_CLEARING), "{at}");
                }
                _ => {}
            }
        }
    }
    assert_eq!(
        count, 41,
        "I-frames with Q.931 messages in the captures: {per_type:?}"
    );
    assert_eq!(per_type["SETUP"], 8);
    assert_eq!(per_type["FACILITY"], 4);
    assert!(facilities >= 20, "facility elements: {facilities}");
}
