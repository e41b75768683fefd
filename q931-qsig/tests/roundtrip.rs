//! Property tests: every typed element and every message built from them satisfies
//! `parse(emit(x)) == x`, and any bytes that parse re-emit byte-exact.

use proptest::prelude::*;
use strowger_q931_qsig::wire::{
    BearerCapability, Cause, ChannelIdentification, ChannelList, Codeset, CodingStandard, Facility,
    InterfaceType, Location, NumberingPlan, PartyNumber, Presentation, Progress,
    ProgressDescription, RedirectionReason, Screening, TransferCapability, TypeOfNumber,
};
use strowger_q931_qsig::{CallReference, CauseValue, Ie, MessageRepr, MessageType, Shift};

/// Owned description of one element; `ie()` borrows from it.
#[derive(Debug, Clone)]
enum Spec {
    Bc(u8, u8, u8, u8, Option<u8>, Option<(u8, Vec<u8>)>, Vec<u8>),
    Cause(u8, u8, Option<u8>, u8, Vec<u8>),
    Chan(
        bool,
        bool,
        bool,
        u8,
        Option<Vec<u8>>,
        Option<(u8, bool, u8, Vec<u8>)>,
    ),
    Progress(u8, u8, u8),
    Number(u8, u8, u8, Option<(u8, u8)>, Option<u8>, Vec<u8>),
    Display(Vec<u8>),
    Facility(u8, Vec<u8>),
    SendingComplete,
    ShiftTo(u8, bool, u8, Vec<u8>),
    Unknown(u8, Vec<u8>),
}

/// A chain of extension octets: bit 8 clear on all but the last.
fn chain(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(0u8..0x80, 1..=max).prop_map(|mut v| {
        *v.last_mut().unwrap() |= 0x80;
        v
    })
}

fn digits() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(b'0'..=b'9', 0..20)
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        (
            0u8..4,
            0u8..32,
            0u8..4,
            prop_oneof![Just(0x10u8), Just(0x18u8), Just(0x13u8)],
            0u8..0x80,
            prop::option::of((0u8..32, prop::option::of(chain(3)))),
            // octets 6/7: layer 2 / layer 3 identification octets
            prop::collection::vec(prop_oneof![0xC0u8..=0xFF, 0x40u8..=0x7F], 0..3),
        )
            .prop_map(|(cs, tc, mode, rate, mult, l1, upper)| {
                let mult = (rate == 0x18).then_some(mult);
                let l1 = l1.map(|(p, ext)| (p, ext.unwrap_or_default()));
                Spec::Bc(cs, tc, mode, rate, mult, l1, upper)
            }),
        (
            0u8..4,
            0u8..16,
            prop::option::of(0u8..0x80),
            0u8..0x80,
            prop::collection::vec(any::<u8>(), 0..8)
        )
            .prop_map(|(cs, loc, rec, v, d)| Spec::Cause(cs, loc, rec, v, d)),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            0u8..4,
            prop::option::of(chain(2)),
            prop::option::of((
                0u8..4,
                any::<bool>(),
                0u8..16,
                prop::collection::vec(any::<u8>(), 0..4)
            ))
        )
            .prop_map(|(p, e, d, s, id, ch)| Spec::Chan(p, e, d, s, id, ch)),
        (0u8..4, 0u8..16, 0u8..0x80).prop_map(|(a, b, c)| Spec::Progress(a, b, c)),
        (
            0u8..6,
            0u8..8,
            0u8..16,
            prop::option::of((0u8..4, 0u8..4)),
            prop::option::of(0u8..16),
            digits()
        )
            .prop_map(|(kind, ton, npi, pres, reason, d)| {
                // kind: 0 called (no 3a), 1 calling, 2 connected, 3 redirecting, 4 redirection
                let kind = kind % 5;
                let pres = if kind == 0 { None } else { pres };
                let reason = if kind == 3 && pres.is_some() {
                    reason
                } else {
                    None
                };
                Spec::Number(kind, ton, npi, pres, reason, d)
            }),
        prop::collection::vec(0x20u8..0x7F, 0..40).prop_map(Spec::Display),
        (
            prop_oneof![Just(0x1Fu8), Just(0x11u8)],
            prop::collection::vec(any::<u8>(), 0..60)
        )
            .prop_map(|(p, c)| Spec::Facility(p, c)),
        Just(Spec::SendingComplete),
        (
            4u8..8,
            any::<bool>(),
            0u8..0x80,
            prop::collection::vec(any::<u8>(), 0..10)
        )
            // Not the typed codeset 4 transit counter / codeset 5 party category.
            .prop_map(|(cs, l, id, c)| Spec::ShiftTo(
                cs,
                l,
                if id == 0x31 || id == 0x32 { 0x33 } else { id },
                c
            )),
        // Codeset 0 identifiers this crate keeps raw (call identity, network-specific
        // facilities, signal, transit network selection, information rate, ...).
        (
            prop_oneof![
                Just(0x10u8),
                Just(0x20),
                Just(0x34),
                Just(0x78),
                Just(0x40),
                Just(0x31)
            ],
            prop::collection::vec(any::<u8>(), 0..10)
        )
            .prop_map(|(id, c)| Spec::Unknown(id, c)),
    ]
}

fn number(
    ton: u8,
    npi: u8,
    pres: Option<(u8, u8)>,
    reason: Option<u8>,
    d: &[u8],
) -> PartyNumber<'_> {
    PartyNumber {
        type_of_number: TypeOfNumber::new(ton).unwrap(),
        numbering_plan: NumberingPlan::new(npi).unwrap(),
        presentation: pres
            .map(|(p, s)| (Presentation::new(p).unwrap(), Screening::new(s).unwrap())),
        reason: reason.map(|r| RedirectionReason::new(r).unwrap()),
        digits: d,
    }
}

/// The elements of one spec (a shift spec yields the shift and the shifted element).
fn ies(s: &Spec) -> Vec<Ie<'_>> {
    vec![match s {
        Spec::Bc(cs, tc, mode, rate, mult, l1, upper) => Ie::BearerCapability(BearerCapability {
            coding_standard: CodingStandard::new(*cs).unwrap(),
            transfer_capability: TransferCapability::new(*tc).unwrap(),
            transfer_mode: *mode,
            transfer_rate: *rate,
            rate_multiplier: *mult,
            layer1_protocol: l1.as_ref().map(|x| x.0),
            layer1_extension: l1.as_ref().map_or(&[][..], |x| &x.1[..]),
            upper_layers: upper,
        }),
        Spec::Cause(cs, loc, rec, v, d) => Ie::Cause(Cause {
            coding_standard: CodingStandard::new(*cs).unwrap(),
            location: Location::new(*loc).unwrap(),
            recommendation: *rec,
            value: CauseValue::new(*v).unwrap(),
            diagnostics: d,
        }),
        Spec::Chan(pri, excl, d, sel, id, ch) => Ie::ChannelIdentification(ChannelIdentification {
            interface_type: if *pri {
                InterfaceType::Primary
            } else {
                InterfaceType::Basic
            },
            exclusive: *excl,
            d_channel: *d,
            selection: *sel,
            interface_id: id.as_deref(),
            channels: ch.as_ref().map(|(cs, map, t, o)| ChannelList {
                coding_standard: CodingStandard::new(*cs).unwrap(),
                map: *map,
                channel_type: *t,
                octets: o,
            }),
        }),
        Spec::Progress(cs, loc, d) => Ie::Progress(Progress {
            coding_standard: CodingStandard::new(*cs).unwrap(),
            location: Location::new(*loc).unwrap(),
            description: ProgressDescription::new(*d).unwrap(),
        }),
        Spec::Number(kind, ton, npi, pres, reason, d) => {
            let n = number(*ton, *npi, *pres, *reason, d);
            match kind {
                0 => Ie::CalledPartyNumber(n),
                1 => Ie::CallingPartyNumber(n),
                2 => Ie::ConnectedNumber(n),
                3 => Ie::RedirectingNumber(n),
                _ => Ie::RedirectionNumber(n),
            }
        }
        Spec::Display(d) => Ie::Display(d),
        Spec::Facility(p, c) => Ie::Facility(Facility {
            protocol_profile: *p,
            components: c,
        }),
        Spec::SendingComplete => Ie::SendingComplete,
        Spec::ShiftTo(cs, locking, id, c) => {
            let codeset = Codeset::new(*cs).unwrap();
            let shift = Ie::Shift(Shift {
                codeset,
                locking: *locking,
            });
            let tail = Ie::Unknown {
                codeset,
                id: *id,
                contents: c,
            };
            // A locking shift applies to everything after it (Q.931 §4.5.3); the message
            // strategy puts at most one, last.
            return vec![shift, tail];
        }
        Spec::Unknown(id, c) => Ie::Unknown {
            codeset: Codeset::Q931,
            id: *id,
            contents: c,
        },
    }]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn messages_round_trip(
        mut specs in prop::collection::vec(spec(), 0..10),
        cr in (0u16..0x8000, any::<bool>()),
        mt in prop::sample::select(MessageType::ALL),
    ) {
        // A locking shift changes the codeset of everything after it: keep at most one, last.
        let locking: Vec<Spec> = specs.iter().filter(|s| matches!(s, Spec::ShiftTo(_, true, _, _))).cloned().collect();
        specs.retain(|s| !matches!(s, Spec::ShiftTo(_, true, _, _)));
        specs.extend(locking.into_iter().take(1));
        let mut m = MessageRepr::new(CallReference::pri(cr.0, cr.1).unwrap(), mt);
        for s in &specs {
            m.ies.extend(ies(s));
        }
        let bytes = m.to_vec().unwrap();
        prop_assert_eq!(bytes.len(), m.buffer_len());
        let back = MessageRepr::parse_bytes(&bytes).unwrap();
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(back.to_vec().unwrap(), bytes);
    }

    #[test]
    fn call_references_round_trip(len in 0u8..3, value in 0u16..0x8000, flag: bool) {
        let value = match len { 0 => 0, 1 => value & 0x7F, _ => value };
        let flag = flag && len != 0;
        let cr = CallReference::new(len, value, flag).unwrap();
        let m = MessageRepr::new(cr, MessageType::STATUS_ENQUIRY);
        let bytes = m.to_vec().unwrap();
        let back = MessageRepr::parse_bytes(&bytes).unwrap();
        prop_assert_eq!(back.call_reference, cr);
        prop_assert_eq!(back.call_reference.inverted().inverted(), cr);
    }

    #[test]
    fn any_bytes_that_parse_reemit_byte_exact(body in prop::collection::vec(any::<u8>(), 0..80)) {
        let mut b = vec![0x08, 0x02, 0x00, 0x01, 0x05];
        b.extend(body);
        if let Ok(m) = MessageRepr::parse_bytes(&b) {
            prop_assert_eq!(m.to_vec().unwrap(), b);
        }
    }
}

fn check_tlvs(input: &[u8], r: strowger_q931_qsig::qsig::ber::Reader<'_>, depth: usize) {
    for t in r {
        let Ok(t) = t else { return };
        // Every element borrows exactly the input octets at its offset.
        assert_eq!(&input[t.offset..t.offset + t.raw.len()], t.raw);
        if t.constructed && depth < 20 {
            check_tlvs(input, t.children(), depth + 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// BER and ROSE decoding of arbitrary octets: no panic, offsets inside the input, and the
    /// typed argument decoders accept or refuse without panicking.
    #[test]
    fn ber_and_rose_on_arbitrary_octets(b in prop::collection::vec(
        prop_oneof![any::<u8>(), Just(0x80u8), Just(0x30), Just(0xa1), Just(0x00), Just(0x02), Just(0x01)],
        0..64,
    )) {
        use strowger_q931_qsig::qsig::{ber::Reader, ops, rose::{self, Apdu, Code}};
        check_tlvs(&b, Reader::new(&b), 0);
        for a in rose::apdus(&b) {
            let Ok(a) = a else { break };
            if let Apdu::Invoke(inv) = a {
                if let (Code::Local(op), Some(arg)) = (inv.operation, inv.argument) {
                    for op in [op, 0, 80, 81] {
                        let _ = ops::decode_argument(op, &arg);
                    }
                }
            }
        }
    }
}

mod qsig_args {
    use proptest::prelude::*;
    use strowger_q931_qsig::qsig::ber::parse_one;
    use strowger_q931_qsig::qsig::ops::{
        decode_argument, Argument, DivertingLegInformation1, DivertingLegInformation2,
        DivertingLegInformation3, MsgCentreId, MwiArg, Name, PartyNumber,
        PresentedNumberUnscreened,
    };
    use strowger_q931_qsig::qsig::rose::{
        apdus, Apdu, Code, Invoke, Reject, ReturnError, ReturnResult,
    };

    #[derive(Debug, Clone)]
    enum NameSpec {
        Presented(bool, Vec<u8>, bool, Option<i32>),
        NotAvailable,
        RestrictedNull,
    }

    fn name_spec() -> impl Strategy<Value = NameSpec> {
        prop_oneof![
            (
                any::<bool>(),
                prop::collection::vec(0x20u8..0x7F, 1..=50),
                any::<bool>(),
                prop::option::of(1i32..10)
            )
                .prop_map(|(r, d, e, cs)| NameSpec::Presented(
                    r,
                    d,
                    e,
                    if e { cs } else { None }
                )),
            Just(NameSpec::NotAvailable),
            Just(NameSpec::RestrictedNull),
        ]
    }

    fn name(s: &NameSpec) -> Name<'_> {
        match s {
            NameSpec::Presented(r, d, e, cs) => Name::Presented {
                restricted: *r,
                data: d,
                extended: *e,
                character_set: *cs,
            },
            NameSpec::NotAvailable => Name::NotAvailable,
            NameSpec::RestrictedNull => Name::RestrictedNull,
        }
    }

    fn number_spec() -> impl Strategy<Value = (u8, i32, Vec<u8>)> {
        (0u8..7, 0i32..8, prop::collection::vec(b'0'..=b'9', 0..20))
    }

    fn number(s: &(u8, i32, Vec<u8>)) -> PartyNumber<'_> {
        let d = &s.2[..];
        match s.0 {
            0 => PartyNumber::Unknown(d),
            1 => PartyNumber::Public {
                type_of_number: s.1,
                digits: d,
            },
            2 => PartyNumber::Nsap(d),
            3 => PartyNumber::Data(d),
            4 => PartyNumber::Telex(d),
            5 => PartyNumber::Private {
                type_of_number: s.1,
                digits: d,
            },
            _ => PartyNumber::NationalStandard(d),
        }
    }

    proptest! {
        #[test]
        fn names_round_trip(s in name_spec(), seq: bool) {
            let n = name(&s);
            let mut b = Vec::new();
            n.emit(&mut b);
            if seq {
                // The nameSequence form of NameArg.
                let mut w = Vec::new();
                strowger_q931_qsig::qsig::ber::write_tlv(&mut w, 0x30, &b);
                b = w;
            }
            let t = parse_one(&b).unwrap();
            prop_assert_eq!(decode_argument(0, &t).unwrap(), Some(Argument::Name(n)));
        }

        #[test]
        fn mwi_arguments_round_trip(
            served in number_spec(),
            bs in 0i32..40,
            centre in prop::option::of((0u8..3, 0i32..65536, number_spec())),
            activate: bool,
            nb in prop::option::of(0i32..65536),
            orig in prop::option::of(number_spec()),
            ts in prop::option::of(prop::collection::vec(b'0'..=b'9', 12..=19)),
            prio in prop::option::of(0i32..10),
        ) {
            let msg_centre_id = centre.as_ref().map(|(k, v, n)| match k {
                0 => MsgCentreId::Integer(*v),
                1 => MsgCentreId::PartyNumber(number(n)),
                // NumericString (SIZE(1..10)).
                _ if !n.2.is_empty() => MsgCentreId::NumericString(&n.2[..n.2.len().min(10)]),
                _ => MsgCentreId::Integer(*v),
            });
            let a = MwiArg {
                served_user_nr: number(&served),
                basic_service: bs,
                msg_centre_id,
                nb_of_messages: nb.filter(|_| activate),
                originating_nr: orig.as_ref().map(number).filter(|_| activate),
                timestamp: ts.as_deref().filter(|_| activate),
                priority: prio.filter(|_| activate),
                extension: None,
            };
            let mut b = Vec::new();
            a.emit(&mut b);
            let op = if activate { 80 } else { 81 };
            prop_assert_eq!(decode_argument(op, &parse_one(&b).unwrap()).unwrap(), Some(Argument::Mwi(a)));
        }

        #[test]
        fn rose_components_round_trip(
            kinds in prop::collection::vec((0u8..7, any::<i32>(), prop::option::of(any::<i32>()), any::<bool>(), 0u8..4), 1..6),
            arg in name_spec(),
            oid in prop::collection::vec(0u8..0x80, 1..6),
        ) {
            let n = name(&arg);
            let mut arg_bytes = Vec::new();
            n.emit(&mut arg_bytes);
            let argument = parse_one(&arg_bytes).unwrap();
            let code = |global: bool, v: i32| if global { Code::Global(&oid) } else { Code::Local(v) };
            let list: Vec<Apdu<'_>> = kinds.iter().map(|&(k, v, l, g, p)| match k {
                0 => Apdu::NetworkFacilityExtension { source_entity: v & 1, source_address: None, destination_entity: l.unwrap_or(0) & 1, destination_address: None },
                1 => Apdu::Interpretation(i32::from(p % 3)),
                2 => Apdu::NetworkProtocolProfile(v & 0x7F),
                3 => Apdu::Invoke(Invoke { invoke_id: v, linked_id: l, operation: code(g, v >> 8), argument: g.then_some(argument) }),
                4 => Apdu::ReturnResult(ReturnResult { invoke_id: v, result: l.map(|op| (code(g, op), argument)) }),
                5 => Apdu::ReturnError(ReturnError { invoke_id: v, error: code(g, l.unwrap_or(0)), parameter: None }),
                _ => Apdu::Reject(Reject { invoke_id: l, problem_kind: p, problem: v & 0xFF }),
            }).collect();
            let mut b = Vec::new();
            for a in &list {
                a.emit(&mut b);
            }
            let back: Vec<Apdu<'_>> = apdus(&b).collect::<Result<_, _>>().unwrap();
            prop_assert_eq!(back.len(), list.len());
            let mut again = Vec::new();
            for (x, y) in back.iter().zip(&list) {
                x.emit(&mut again);
                // Same fields; BER elements compare by their octets (offsets differ).
                match (x, y) {
                    (Apdu::Invoke(p), Apdu::Invoke(q)) => {
                        prop_assert_eq!((p.invoke_id, p.linked_id, p.operation), (q.invoke_id, q.linked_id, q.operation));
                        prop_assert_eq!(p.argument.map(|t| t.raw), q.argument.map(|t| t.raw));
                    }
                    (Apdu::ReturnResult(p), Apdu::ReturnResult(q)) => {
                        prop_assert_eq!(p.invoke_id, q.invoke_id);
                        prop_assert_eq!(p.result.map(|(c, t)| (c, t.raw)), q.result.map(|(c, t)| (c, t.raw)));
                    }
                    (x, y) => prop_assert_eq!(x, y),
                }
            }
            prop_assert_eq!(again, b);
        }
    }

    fn pnu(k: u8, n: &(u8, i32, Vec<u8>)) -> PresentedNumberUnscreened<'_> {
        match k % 4 {
            0 => PresentedNumberUnscreened::Allowed(number(n)),
            1 => PresentedNumberUnscreened::Restricted,
            2 => PresentedNumberUnscreened::NotAvailableDueToInterworking,
            _ => PresentedNumberUnscreened::RestrictedNumber(number(n)),
        }
    }

    proptest! {
        #[test]
        fn diverting_leg_information_round_trips(
            reason in 0i32..4,
            sub in 0i32..3,
            counter in 1i32..16,
            orig_reason in prop::option::of(0i32..4),
            nr1 in prop::option::of((0u8..4, number_spec())),
            nr2 in prop::option::of((0u8..4, number_spec())),
            name1 in prop::option::of(name_spec()),
            name2 in prop::option::of(name_spec()),
            nominated in number_spec(),
            allowed: bool,
        ) {
            let args = [
                (20, Argument::DivertingLegInformation1(DivertingLegInformation1 {
                    diversion_reason: reason,
                    subscription_option: sub,
                    nominated_nr: number(&nominated),
                    extension: None,
                })),
                (21, Argument::DivertingLegInformation2(DivertingLegInformation2 {
                    diversion_counter: counter,
                    diversion_reason: reason,
                    original_diversion_reason: orig_reason,
                    diverting_nr: nr1.as_ref().map(|(k, n)| pnu(*k, n)),
                    original_called_nr: nr2.as_ref().map(|(k, n)| pnu(*k, n)),
                    redirecting_name: name1.as_ref().map(name),
                    original_called_name: name2.as_ref().map(name),
                    extension: None,
                })),
                (22, Argument::DivertingLegInformation3(DivertingLegInformation3 {
                    presentation_allowed: allowed,
                    redirection_name: name1.as_ref().map(name),
                    extension: None,
                })),
            ];
            for (op, a) in args {
                let mut b = Vec::new();
                a.emit(&mut b);
                prop_assert_eq!(decode_argument(op, &parse_one(&b).unwrap()).unwrap(), Some(a));
            }
        }
    }
}
