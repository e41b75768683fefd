//! Property round trips of the notification indicator, keypad, date/time, HLC, LLC,
//! user-user, original called number, subaddresses, transit counter and party category:
//! a typed element emits, decodes to the same value (strictly and through `Ie::from_raw`),
//! and octets that decode re-emit byte-exact. Malformed contents stay raw.

use proptest::prelude::*;
use strowger_q931_qsig::wire::{
    ie_id, CodingStandard, DateTime, HighLayerCompatibility, Keypad, LowLayerCompatibility,
    NotificationIndicator, NumberingPlan, PartyCategory, PartyNumber, Presentation,
    RedirectionReason, Screening, Subaddress, TransferCapability, TransitCounter, TypeOfNumber,
    UserUser,
};
use strowger_q931_qsig::{Codeset, Ie, Message, MessageRepr, RawIe};

/// Owned description of one element; `ie()` borrows from it.
#[derive(Debug, Clone)]
enum Spec {
    Notification(u8, Vec<u8>),
    Keypad(Vec<u8>),
    DateTime(u8, u8, u8, u8, u8, u8, u8),
    Hlc(u8, u8, u8, u8, Option<u8>),
    Llc(u8, u8, Option<u8>, Vec<u8>),
    UserUser(u8, Vec<u8>),
    OriginalCalled(u8, u8, Option<(u8, u8, Option<u8>)>, Vec<u8>),
    Subaddress(u8, u8, bool, Vec<u8>),
    TransitCounter(u8),
    PartyCategory(u8),
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        (0u8..0x80, prop::collection::vec(any::<u8>(), 0..6))
            .prop_map(|(d, i)| Spec::Notification(d, i)),
        prop::collection::vec(0x20u8..0x7F, 1..20).prop_map(Spec::Keypad),
        (
            0u8..100,
            1u8..13,
            1u8..32,
            0u8..24,
            0u8..60,
            0u8..60,
            0u8..4
        )
            .prop_map(|(y, mo, d, h, mi, s, n)| Spec::DateTime(y, mo, d, h, mi, s, n)),
        (
            0u8..4,
            0u8..8,
            0u8..4,
            0u8..0x80,
            prop::option::of(0u8..0x80)
        )
            .prop_map(|(c, i, p, h, x)| Spec::Hlc(c, i, p, h, x)),
        (
            0u8..4,
            0u8..32,
            prop::option::of(0u8..0x80),
            prop::collection::vec(any::<u8>(), 0..8)
        )
            .prop_map(|(c, t, n, r)| Spec::Llc(c, t, n, r)),
        (any::<u8>(), prop::collection::vec(any::<u8>(), 0..30))
            .prop_map(|(p, i)| Spec::UserUser(p, i)),
        (
            0u8..8,
            0u8..16,
            prop::option::of((0u8..4, 0u8..4, prop::option::of(0u8..16))),
            prop::collection::vec(b'0'..=b'9', 0..16)
        )
            .prop_map(|(t, n, p, d)| Spec::OriginalCalled(t, n, p, d)),
        (
            0u8..3,
            0u8..8,
            any::<bool>(),
            prop::collection::vec(any::<u8>(), 1..=20)
        )
            .prop_map(|(w, k, o, i)| Spec::Subaddress(w, k, o, i)),
        (0u8..32).prop_map(Spec::TransitCounter),
        (0u8..0x80).prop_map(Spec::PartyCategory),
    ]
}

fn ie(s: &Spec) -> (Codeset, Ie<'_>) {
    let q = Codeset::Q931;
    match s {
        Spec::Notification(d, i) => (
            q,
            Ie::NotificationIndicator(NotificationIndicator {
                description: *d,
                information: i,
            }),
        ),
        Spec::Keypad(k) => (q, Ie::Keypad(Keypad(k))),
        Spec::DateTime(y, mo, d, h, mi, sec, n) => {
            let mut t = DateTime::new(*y, *mo, *d);
            if *n >= 1 {
                t.hour = Some(*h);
            }
            if *n >= 2 {
                t.minute = Some(*mi);
            }
            if *n >= 3 {
                t.second = Some(*sec);
            }
            (q, Ie::DateTime(t))
        }
        Spec::Hlc(c, i, p, h, x) => (
            q,
            Ie::HighLayerCompatibility(HighLayerCompatibility {
                coding_standard: CodingStandard::new(*c).unwrap(),
                interpretation: *i,
                presentation_method: *p,
                characteristics: *h,
                extended_characteristics: *x,
            }),
        ),
        Spec::Llc(c, t, n, r) => (
            q,
            Ie::LowLayerCompatibility(LowLayerCompatibility {
                coding_standard: CodingStandard::new(*c).unwrap(),
                transfer_capability: TransferCapability::new(*t).unwrap(),
                negotiation: *n,
                rest: r,
            }),
        ),
        Spec::UserUser(p, i) => (q, Ie::UserUser(UserUser::new(*p, i))),
        Spec::OriginalCalled(t, n, p, d) => {
            let mut num = PartyNumber::new(
                TypeOfNumber::new(*t).unwrap(),
                NumberingPlan::new(*n).unwrap(),
                d,
            );
            if let Some((pr, sc, reason)) = p {
                num = num.with_presentation(
                    Presentation::new(*pr).unwrap(),
                    Screening::new(*sc).unwrap(),
                );
                num.reason = reason.map(|r| RedirectionReason::new(r).unwrap());
            }
            (q, Ie::OriginalCalledNumber(num))
        }
        Spec::Subaddress(w, k, o, i) => {
            let s = Subaddress {
                kind: *k,
                odd: *o,
                information: i,
            };
            let ie = match w {
                0 => Ie::CallingPartySubaddress(s),
                1 => Ie::CalledPartySubaddress(s),
                _ => Ie::ConnectedSubaddress(s),
            };
            (q, ie)
        }
        Spec::TransitCounter(v) => (Codeset::ISO_IEC, Ie::TransitCounter(TransitCounter(*v))),
        Spec::PartyCategory(v) => (Codeset::NATIONAL, Ie::PartyCategory(PartyCategory(*v))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn typed_elements_round_trip(s in spec()) {
        let (codeset, e) = ie(&s);
        let mut b = vec![0u8; e.buffer_len()];
        let n = e.emit(&mut b).unwrap();
        prop_assert_eq!(n, b.len());
        let raw = RawIe { offset: 0, codeset, id: b[0], contents: &b[2..] };
        prop_assert_eq!(Ie::parse_typed(&raw).unwrap(), e.clone());
        prop_assert_eq!(Ie::from_raw(&raw), e);
    }

    /// Inside a message (after the shift for codesets 4 and 5) the element is typed and the
    /// message re-emits byte-exact.
    #[test]
    fn typed_elements_in_a_message(s in spec()) {
        let (codeset, e) = ie(&s);
        let mut m = vec![0x08, 0x01, 0x01, 0x62];
        if codeset != Codeset::Q931 {
            m.push(0x98 | codeset.value());
        }
        let at = m.len();
        m.resize(at + e.buffer_len(), 0);
        e.emit(&mut m[at..]).unwrap();
        let repr = MessageRepr::parse_bytes(&m).unwrap();
        prop_assert!(repr.ies.contains(&e), "{:?}", repr.ies);
        prop_assert_eq!(repr.to_vec().unwrap(), m);
    }

    /// Any contents under these identifiers either decode and re-emit the same octets, or
    /// stay raw.
    #[test]
    fn arbitrary_contents_are_typed_only_when_they_reemit(
        which in 0usize..12,
        c in prop::collection::vec(any::<u8>(), 0..24),
    ) {
        let ids = [
            (Codeset::Q931, ie_id::NOTIFICATION_INDICATOR),
            (Codeset::Q931, ie_id::KEYPAD_FACILITY),
            (Codeset::Q931, ie_id::DATE_TIME),
            (Codeset::Q931, ie_id::HIGH_LAYER_COMPATIBILITY),
            (Codeset::Q931, ie_id::LOW_LAYER_COMPATIBILITY),
            (Codeset::Q931, ie_id::USER_USER),
            (Codeset::Q931, ie_id::ORIGINAL_CALLED_NUMBER),
            (Codeset::Q931, ie_id::CALLING_PARTY_SUBADDRESS),
            (Codeset::Q931, ie_id::CALLED_PARTY_SUBADDRESS),
            (Codeset::Q931, ie_id::CONNECTED_SUBADDRESS),
            (Codeset::ISO_IEC, 0x31),
            (Codeset::NATIONAL, 0x32),
        ];
        let (codeset, id) = ids[which];
        let raw = RawIe { offset: 0, codeset, id, contents: &c };
        let e = Ie::from_raw(&raw);
        let mut b = vec![0u8; e.buffer_len()];
        e.emit(&mut b).unwrap();
        prop_assert_eq!(&b[2..], &c[..]);
        let typed = !matches!(e, Ie::Unknown { .. });
        if typed {
            prop_assert_eq!(Ie::parse_typed(&raw), Ok(e.clone()));
        }
    }
}

#[test]
fn known_encodings() {
    // Notification "call is diverting", HLC telephony, LLC speech, date/time, subaddress,
    // codeset 4 transit counter 2 and codeset 5 party category "operator", in a FACILITY.
    let m = [
        0x08, 0x01, 0x01, 0x62, 0x27, 0x01, 0xfb, 0x7d, 0x02, 0x91, 0x81, 0x7c, 0x01, 0x80, 0x29,
        0x05, 26, 11, 22, 4, 33, 0x71, 0x03, 0xa0, 0x12, 0x34, 0x9c, 0x31, 0x01, 0x82, 0x9d, 0x32,
        0x01, 0x82,
    ];
    let view = Message::new_checked(&m[..]).unwrap();
    let repr = MessageRepr::parse(&view);
    let typed: Vec<_> = repr
        .ies
        .iter()
        .filter(|i| !matches!(i, Ie::Shift(_)))
        .cloned()
        .collect();
    assert_eq!(
        typed,
        [
            Ie::NotificationIndicator(NotificationIndicator::new(
                NotificationIndicator::CALL_IS_DIVERTING
            )),
            Ie::HighLayerCompatibility(HighLayerCompatibility::telephony()),
            Ie::LowLayerCompatibility(LowLayerCompatibility::new(
                CodingStandard::ITU_T,
                TransferCapability::SPEECH
            )),
            Ie::DateTime(DateTime {
                year: 26,
                month: 11,
                day: 22,
                hour: Some(4),
                minute: Some(33),
                second: None
            }),
            Ie::CalledPartySubaddress(Subaddress::user_specified(&[0x12, 0x34], false)),
            Ie::TransitCounter(TransitCounter(2)),
            Ie::PartyCategory(PartyCategory::OPERATOR),
        ]
    );
    assert_eq!(repr.to_vec().unwrap(), m);
    // Malformed: a date with month 13, an HLC whose octet 4 chain runs out, a transit counter
    // without its extension bit: strict decoding fails, the relay keeps them raw.
    for (codeset, id, c) in [
        (Codeset::Q931, ie_id::DATE_TIME, &[26u8, 13, 1][..]),
        (
            Codeset::Q931,
            ie_id::HIGH_LAYER_COMPATIBILITY,
            &[0x91, 0x01][..],
        ),
        (Codeset::ISO_IEC, 0x31, &[0x02][..]),
        (Codeset::Q931, ie_id::CALLED_PARTY_SUBADDRESS, &[0xa0][..]),
    ] {
        let raw = RawIe {
            offset: 10,
            codeset,
            id,
            contents: c,
        };
        let e = Ie::parse_typed(&raw).unwrap_err();
        assert!(e.offset >= 12, "{e:?}");
        assert!(matches!(Ie::from_raw(&raw), Ie::Unknown { .. }));
    }
}
