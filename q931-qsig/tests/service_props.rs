//! Property tests of `qsig::service`: every builder's output reads back to what was built, and
//! no input — random or a mutated valid Facility IE — makes the reader or a service state
//! machine panic.

use std::time::Duration;

use proptest::prelude::*;
use strowger_q931_qsig::qsig::ops::{AddressScreened, PresentedScreened};
use strowger_q931_qsig::qsig::ops::{
    DivertingLegInformation2, Name, PartyNumber, PresentedNumberUnscreened,
};
use strowger_q931_qsig::qsig::service::diversion::{
    self, DivertedToPinx, OriginatingPinx, Rerouteing,
};
use strowger_q931_qsig::qsig::service::mwi::{
    self, MsgCentre, MwiAgent, MwiEvent, MwiIndication, Role,
};
use strowger_q931_qsig::qsig::service::transfer::{
    self, CallStatus, EndDesignation, EndPinx, Party, TransferringPinx,
};
use strowger_q931_qsig::qsig::service::{
    self, names, Component, Header, Indication, Interpretation, InvokeIds, NameKind, Operation,
    Problem,
};
use strowger_q931_qsig::Instant;

fn digits(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(b'0'..=b'9', 1..=max)
}

/// A name as (form, data, character set); `name()` borrows it.
#[derive(Debug, Clone)]
struct NameSpec(u8, Vec<u8>, Option<i32>);

impl NameSpec {
    fn name(&self) -> Name<'_> {
        match self.0 {
            0 => Name::NotAvailable,
            1 => Name::RestrictedNull,
            f => Name::Presented {
                restricted: f & 1 == 1,
                data: &self.1,
                extended: f >= 4,
                character_set: if f >= 4 { self.2 } else { None },
            },
        }
    }
}

fn name_spec() -> impl Strategy<Value = NameSpec> {
    (
        0u8..6,
        proptest::collection::vec(any::<u8>(), 1..=50),
        proptest::option::of(1i32..=9),
    )
        .prop_map(|(f, d, c)| NameSpec(f, d, c))
}

/// A party number as (form, type of number, digits).
#[derive(Debug, Clone)]
struct NumberSpec(u8, i32, Vec<u8>);

impl NumberSpec {
    fn number(&self) -> PartyNumber<'_> {
        match self.0 {
            0 => PartyNumber::Unknown(&self.2),
            1 => PartyNumber::Public {
                type_of_number: self.1,
                digits: &self.2,
            },
            2 => PartyNumber::Private {
                type_of_number: self.1,
                digits: &self.2,
            },
            _ => PartyNumber::NationalStandard(&self.2),
        }
    }
    fn unscreened(&self, form: u8) -> PresentedNumberUnscreened<'_> {
        match form % 4 {
            0 => PresentedNumberUnscreened::Allowed(self.number()),
            1 => PresentedNumberUnscreened::Restricted,
            2 => PresentedNumberUnscreened::NotAvailableDueToInterworking,
            _ => PresentedNumberUnscreened::RestrictedNumber(self.number()),
        }
    }
    fn screened(&self, form: u8, screening: i32) -> PresentedScreened<'_> {
        let n = AddressScreened {
            party_number: self.number(),
            screening_indicator: screening,
            party_subaddress: None,
        };
        match form % 4 {
            0 => PresentedScreened::Allowed(n),
            1 => PresentedScreened::Restricted,
            2 => PresentedScreened::NotAvailableDueToInterworking,
            _ => PresentedScreened::RestrictedAddress(n),
        }
    }
}

fn number_spec() -> impl Strategy<Value = NumberSpec> {
    (0u8..4, 0i32..7, digits(20)).prop_map(|(f, t, d)| NumberSpec(f, t, d))
}

fn msg_centre() -> impl Strategy<Value = Option<MsgCentre>> {
    proptest::option::of(prop_oneof![
        (0i32..=65535).prop_map(MsgCentre::Integer),
        digits(15).prop_map(MsgCentre::Number),
        digits(10).prop_map(MsgCentre::NumericString),
    ])
}

fn component() -> impl Strategy<Value = Component> {
    prop_oneof![
        (
            any::<i16>(),
            proptest::option::of((0i32..2000, Just(vec![5u8, 0])))
        )
            .prop_map(|(id, result)| Component::ReturnResult {
                invoke_id: i32::from(id),
                result
            }),
        (any::<i16>(), 0i32..2000).prop_map(|(id, error)| Component::ReturnError {
            invoke_id: i32::from(id),
            error,
            parameter: None
        }),
        (proptest::option::of(any::<i16>()), 0u8..4, 0i32..8).prop_map(|(id, k, v)| {
            Component::Reject {
                invoke_id: id.map(i32::from),
                problem: match k {
                    0 => Problem::General(v),
                    1 => Problem::Invoke(v),
                    2 => Problem::ReturnResult(v),
                    _ => Problem::ReturnError(v),
                },
            }
        }),
        (
            any::<i16>(),
            proptest::option::of(any::<i16>()),
            100i32..200
        )
            .prop_map(|(id, linked, operation)| Component::Invoke {
                invoke_id: i32::from(id),
                linked_id: linked.map(i32::from),
                operation,
                argument: Some(vec![5, 0]),
            }),
    ]
}

fn expected(c: &Component) -> Indication<'static> {
    match c {
        Component::ReturnResult { .. } | Component::Invoke { .. } => unreachable!(),
        Component::ReturnError {
            invoke_id, error, ..
        } => Indication::Error {
            invoke_id: *invoke_id,
            error: *error,
            parameter: None,
        },
        Component::Reject { invoke_id, problem } => Indication::Reject {
            invoke_id: *invoke_id,
            problem: *problem,
        },
    }
}

/// Feeds received contents to every service machine; none may panic.
fn feed_everything(contents: &[u8]) {
    let Ok(r) = service::read_with(contents, &[27, 40]) else {
        return;
    };
    if let Some(reply) = &r.reply {
        service::read(reply).expect("a built reply reads back");
    }
    let now = Instant::ZERO + Duration::from_secs(1);
    let mut ids = InvokeIds::new();
    let _ = OriginatingPinx::new().handle(&r);
    let _ = DivertedToPinx::new().handle(&r).map(|i| i.sip_diversion());
    let _ = EndPinx::new().handle(&r);
    let mut rr = Rerouteing::new(Rerouteing::DEFAULT_TIMEOUT);
    let _ = rr.handle(&r);
    for role in [Role::ServedUser, Role::MessageCentre] {
        let mut a = MwiAgent::new(role, MwiAgent::DEFAULT_TIMEOUT);
        a.handle_facility(now, 1, &r);
        while a.poll_event().is_some() {}
        while let Some(t) = a.poll_transmit() {
            service::read(&t.facility).expect("an agent's transmit reads back");
        }
    }
    let mut tp = TransferringPinx::new(TransferringPinx::DEFAULT_TIMEOUT);
    let _ = tp.identify(now, &mut ids);
    let _ = tp.handle_secondary(now, &mut ids, &r);
    let _ = tp.handle_primary(&mut ids, &r);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn names_round_trip(kind in 0i32..4, spec in name_spec(), id in any::<i16>()) {
        let kind = NameKind::from_operation(kind).unwrap();
        let ie = names::build_with_id(i32::from(id), kind, &spec.name()).unwrap();
        let r = service::read(&ie).unwrap();
        prop_assert_eq!(names::received(&r).collect::<Vec<_>>(), vec![(kind, spec.name())]);
    }

    #[test]
    fn dli2_round_trips(
        counter in 1i32..=15, reason in 0i32..4, orig in proptest::option::of(0i32..4),
        diverting in proptest::option::of((number_spec(), any::<u8>())),
        original in proptest::option::of((number_spec(), any::<u8>())),
        rn in proptest::option::of(name_spec()), on in proptest::option::of(name_spec()),
    ) {
        let d = DivertingLegInformation2 {
            diversion_counter: counter,
            diversion_reason: reason,
            original_diversion_reason: orig,
            diverting_nr: diverting.as_ref().map(|(n, f)| n.unscreened(*f)),
            original_called_nr: original.as_ref().map(|(n, f)| n.unscreened(*f)),
            redirecting_name: rn.as_ref().map(NameSpec::name),
            original_called_name: on.as_ref().map(NameSpec::name),
            extension: None,
        };
        let ie = diversion::build_dli2(&mut InvokeIds::new(), &d).unwrap();
        let r = service::read(&ie).unwrap();
        let ok = matches!(
            r.indications[..],
            [Indication::Invoke { operation: Operation::DivertingLegInformation2(got), .. }] if got == d
        );
        prop_assert!(ok, "{:?}", r.indications);
        let info = DivertedToPinx::new().handle(&r).cloned().unwrap();
        prop_assert_eq!(i32::from(info.counter), counter);
        prop_assert!(info.sip_diversion().len() <= 2);
    }

    #[test]
    fn mwi_activate_round_trips_between_agents(
        served in digits(20), bs in 0i32..4, mc in msg_centre(),
        count in proptest::option::of(0i32..=65535), orig in proptest::option::of(digits(20)),
        ts in proptest::option::of(proptest::collection::vec(b'0'..=b'9', 12..=19)), prio in proptest::option::of(0i32..=9),
        cis in any::<u32>(),
    ) {
        let ind = MwiIndication { served_user: served, basic_service: bs, msg_centre: mc, count, originating: orig, timestamp: ts, priority: prio };
        let mut mcent = MwiAgent::new(Role::MessageCentre, MwiAgent::DEFAULT_TIMEOUT);
        let mut su = MwiAgent::new(Role::ServedUser, MwiAgent::DEFAULT_TIMEOUT);
        let tx = mcent.activate(Instant::ZERO, &mut InvokeIds::new(), cis, &ind).unwrap();
        su.handle_facility(Instant::ZERO, cis, &service::read(&tx.facility).unwrap());
        let ev = su.poll_event();
        let ok = matches!(ev, Some(MwiEvent::Activate { indication: ref got, .. }) if *got == ind);
        prop_assert!(ok, "{:?}", ev);
    }

    #[test]
    fn transfer_complete_round_trips(
        end in any::<bool>(), n in number_spec(), form in any::<u8>(), screening in 0i32..4,
        name in proptest::option::of(name_spec()), alerting in any::<bool>(),
    ) {
        let party = Party { number: n.screened(form, screening), name: name.as_ref().map(NameSpec::name) };
        let end = if end { EndDesignation::Secondary } else { EndDesignation::Primary };
        let status = if alerting { CallStatus::Alerting } else { CallStatus::Answered };
        let ie = transfer::build_complete(&mut InvokeIds::new(), end, &party, status).unwrap();
        let r = service::read(&ie).unwrap();
        let [Indication::Invoke { operation: Operation::CallTransferComplete(c), .. }] = r.indications[..] else {
            return Err(TestCaseError::fail(format!("{:?}", r.indications)));
        };
        prop_assert_eq!((c.end_designation, c.redirection_number, c.redirection_name, c.call_status), (end.value(), party.number, party.name, status.field()));
        for ie in [transfer::build_active(&mut InvokeIds::new(), &party).unwrap(), transfer::build_update(&mut InvokeIds::new(), &party).unwrap()] {
            let r = service::read(&ie).unwrap();
            let ok = match r.indications[..] {
                [Indication::Invoke { operation: Operation::CallTransferActive(a), .. }] => a.connected_address == party.number && a.connected_name == party.name,
                [Indication::Invoke { operation: Operation::CallTransferUpdate(u), .. }] => u.redirection_number == party.number && u.redirection_name == party.name,
                _ => false,
            };
            prop_assert!(ok, "{:?}", r.indications);
        }
    }

    #[test]
    fn components_round_trip(cs in proptest::collection::vec(component(), 1..8), interp in 0i32..3) {
        let header = Header::end_to_end(Interpretation::from_value(interp).unwrap());
        let ie = service::build(&header, &cs);
        let r = service::read_with(&ie, &(100..200).collect::<Vec<_>>()).unwrap();
        prop_assert_eq!(r.header, header);
        prop_assert_eq!(r.indications.len(), cs.len());
        for (c, i) in cs.iter().zip(&r.indications) {
            match (c, i) {
                (Component::ReturnResult { invoke_id, result }, Indication::Result { invoke_id: got, result: gr }) => {
                    prop_assert_eq!(invoke_id, got);
                    prop_assert_eq!(result.as_ref().map(|(o, v)| (*o, v.clone())), gr.map(|(o, t)| (o, t.raw.to_vec())));
                }
                (Component::Invoke { invoke_id, linked_id, operation, .. }, Indication::Invoke { invoke_id: gi, linked_id: gl, operation: Operation::Other { operation: go, argument: Some(a) } }) => {
                    prop_assert_eq!((invoke_id, linked_id, operation, a.raw), (gi, gl, go, &[5u8, 0][..]));
                }
                (c, i) => prop_assert_eq!(&expected(c), i),
            }
        }
        // The same invokes, not recognised: discarded, cleared or rejected one by one.
        let r = service::read(&ie).unwrap();
        let invokes = cs.iter().filter(|c| matches!(c, Component::Invoke { .. })).count();
        match interp {
            0 => prop_assert_eq!(r.discarded.len(), invokes),
            1 => prop_assert_eq!(r.disposition == service::Disposition::Continue, invokes == 0),
            _ => {
                let n = r.reply.as_ref().map_or(0, |x| service::read(x).unwrap().indications.len());
                prop_assert_eq!(n, invokes);
            }
        }
    }

    #[test]
    fn random_contents_never_panic(b in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut c = vec![0x9f];
        c.extend_from_slice(&b);
        feed_everything(&c);
        feed_everything(&b);
    }

    #[test]
    fn mutated_facilities_never_panic(which in 0usize..6, pos in any::<usize>(), val in any::<u8>(), cut in any::<bool>()) {
        let mut ids = InvokeIds::new();
        let n = NumberSpec(1, 2, b"3000".to_vec());
        let party = Party { number: n.screened(0, 3), name: Some(names::allowed(b"Carol")) };
        let mut ie = match which {
            0 => names::build(&mut ids, NameKind::Calling, &names::allowed(b"Alice CPE")).unwrap(),
            1 => diversion::build_dli1(&mut ids, diversion::DiversionReason::Cfnr, 2, n.number()).unwrap(),
            2 => diversion::build_dli2(&mut ids, &DivertingLegInformation2 { diversion_counter: 3, diversion_reason: 2, original_diversion_reason: Some(1), diverting_nr: Some(n.unscreened(0)), original_called_nr: Some(n.unscreened(3)), redirecting_name: Some(names::allowed(b"Carol")), original_called_name: Some(Name::RestrictedNull), extension: None }).unwrap(),
            3 => transfer::build_complete(&mut ids, EndDesignation::Primary, &party, CallStatus::Alerting).unwrap(),
            4 => transfer::build_active(&mut ids, &party).unwrap(),
            _ => MwiAgent::new(Role::MessageCentre, MwiAgent::DEFAULT_TIMEOUT).activate(Instant::ZERO, &mut ids, 1, &MwiIndication { served_user: b"2000".to_vec(), basic_service: 1, msg_centre: Some(MsgCentre::Integer(7)), count: Some(2), originating: Some(b"5".to_vec()), timestamp: Some(b"20261122043000".to_vec()), priority: Some(1) }).unwrap().facility,
        };
        let p = pos % ie.len();
        if cut { ie.truncate(p) } else { ie[p] = val }
        feed_everything(&ie);
    }
}

/// One step of a random exchange between a message centre and a served user.
#[derive(Debug, Clone)]
enum Step {
    Activate(u32),
    Deactivate(u32),
    Interrogate(u32),
    DeliverToServedUser,
    DeliverToCentre,
    Answer(bool),
    Clear(u32),
    Advance(u64),
    Garbage(bool, Vec<u8>),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u32..4).prop_map(Step::Activate),
        (0u32..4).prop_map(Step::Deactivate),
        (0u32..4).prop_map(Step::Interrogate),
        Just(Step::DeliverToServedUser),
        Just(Step::DeliverToCentre),
        any::<bool>().prop_map(Step::Answer),
        (0u32..4).prop_map(Step::Clear),
        (0u64..40).prop_map(Step::Advance),
        (any::<bool>(), proptest::collection::vec(any::<u8>(), 0..40)).prop_map(
            |(to_mc, mut b)| {
                b.insert(0, 0x9f);
                Step::Garbage(to_mc, b)
            }
        ),
    ]
}

#[derive(Default)]
struct Tally {
    sent: usize,
    completed: usize,
    to_answer: Vec<(u32, i32, bool)>,
}

fn drain(agent: &mut MwiAgent, tally: &mut Tally) {
    while let Some(ev) = agent.poll_event() {
        match ev {
            MwiEvent::Completed { .. } => tally.completed += 1,
            MwiEvent::Activate { cis, invoke_id, .. }
            | MwiEvent::Deactivate { cis, invoke_id, .. } => {
                tally.to_answer.push((cis, invoke_id, false))
            }
            MwiEvent::Interrogate { cis, invoke_id, .. } => {
                tally.to_answer.push((cis, invoke_id, true))
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever happens on the connections, every invoke an agent sends ends exactly once
    /// (result, error, reject, clearing or timeout), and nothing panics.
    #[test]
    fn every_mwi_invoke_ends_exactly_once(steps in proptest::collection::vec(step(), 1..60)) {
        let mut now = Instant::ZERO + Duration::from_secs(1);
        let mut mc = MwiAgent::new(Role::MessageCentre, Duration::from_secs(30));
        let mut su = MwiAgent::new(Role::ServedUser, Duration::from_secs(30));
        let (mut t_mc, mut t_su) = (Tally::default(), Tally::default());
        let (mut ids_mc, mut ids_su) = (InvokeIds::new(), InvokeIds::starting_at(1000));
        let (mut to_su, mut to_mc) = (std::collections::VecDeque::new(), std::collections::VecDeque::new());
        let ind = MwiIndication { served_user: b"2000".to_vec(), basic_service: 1, msg_centre: None, count: Some(1), originating: None, timestamp: None, priority: None };
        for s in steps {
            match s {
                Step::Activate(cis) | Step::Deactivate(cis) => {
                    let r = if matches!(s, Step::Activate(_)) { mc.activate(now, &mut ids_mc, cis, &ind) } else { mc.deactivate(now, &mut ids_mc, cis, &ind) };
                    if let Ok(t) = r { t_mc.sent += 1; to_su.push_back(t); }
                }
                Step::Interrogate(cis) => {
                    if let Ok(t) = su.interrogate(now, &mut ids_su, cis, &ind) { t_su.sent += 1; to_mc.push_back(t); }
                }
                Step::DeliverToServedUser => if let Some(t) = to_su.pop_front() {
                    su.handle_facility(now, t.cis, &service::read(&t.facility).unwrap());
                },
                Step::DeliverToCentre => if let Some(t) = to_mc.pop_front() {
                    mc.handle_facility(now, t.cis, &service::read(&t.facility).unwrap());
                },
                Step::Answer(ok) => {
                    if let Some((cis, id, _)) = t_su.to_answer.pop() {
                        let t = if ok { su.accept(cis, id) } else { su.refuse(cis, id, 1018) };
                        to_mc.extend(t);
                    }
                    if let Some((cis, id, interrogate)) = t_mc.to_answer.pop() {
                        let entry = mwi::InterrogateEntry { basic_service: 1, msg_centre: None, count: Some(3), originating: None, timestamp: None, priority: None };
                        let t = if ok && interrogate { mc.answer_interrogate(cis, id, &[entry]).unwrap() } else { mc.refuse(cis, id, 3) };
                        to_su.extend(t);
                    }
                }
                Step::Clear(cis) => {
                    mc.handle_cleared(now, cis, strowger_q931_qsig::wire::CauseValue::NORMAL_CLEARING);
                    su.handle_cleared(now, cis, strowger_q931_qsig::wire::CauseValue::NORMAL_CLEARING);
                }
                Step::Advance(secs) => {
                    now += Duration::from_secs(secs);
                    mc.handle_timeout(now);
                    su.handle_timeout(now);
                }
                Step::Garbage(to_centre, b) => {
                    if let Ok(r) = service::read(&b) {
                        if to_centre { mc.handle_facility(now, 0, &r) } else { su.handle_facility(now, 0, &r) }
                    }
                }
            }
            while let Some(t) = mc.poll_transmit() { to_su.push_back(t); }
            while let Some(t) = su.poll_transmit() { to_mc.push_back(t); }
            drain(&mut mc, &mut t_mc);
            drain(&mut su, &mut t_su);
            prop_assert!(mc.outstanding() <= MwiAgent::MAX_OUTSTANDING);
            prop_assert!(mc.poll_timeout().is_none_or(|d| d > now));
        }
        now += Duration::from_secs(31);
        mc.handle_timeout(now);
        su.handle_timeout(now);
        drain(&mut mc, &mut t_mc);
        drain(&mut su, &mut t_su);
        prop_assert_eq!((mc.outstanding(), su.outstanding()), (0, 0));
        prop_assert_eq!(t_mc.completed, t_mc.sent);
        prop_assert_eq!(t_su.completed, t_su.sent);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A rerouteing transfer always ends, rerouted or failed, whatever the ends answer.
    #[test]
    fn rerouteing_transfer_always_ends(answers in proptest::collection::vec((0u8..5, any::<bool>(), 0u64..20), 0..8)) {
        let mut ids = InvokeIds::new();
        let mut now = Instant::ZERO + Duration::from_secs(5);
        let mut tp = TransferringPinx::new(Duration::from_secs(30));
        let identify = tp.identify(now, &mut ids).unwrap();
        let first = service::read(&identify).unwrap();
        let Indication::Invoke { invoke_id, .. } = first.indications[0] else { unreachable!() };
        let mut current = invoke_id;
        for (kind, secondary, secs) in answers {
            now += Duration::from_secs(secs);
            let ie = match kind {
                0 => EndPinx::new().answer_identify(current, b"42", PartyNumber::Unknown(b"3000")).unwrap(),
                1 => EndPinx::answer_initiate(current, None),
                2 => EndPinx::answer_initiate(current, Some(1006)),
                3 => service::build(&Header::end_to_end(Interpretation::Reject), &[Component::Reject { invoke_id: Some(current), problem: Problem::Invoke(2) }]),
                _ => service::build_result(current + 1, None),
            };
            let r = service::read(&ie).unwrap();
            let ev = if secondary { tp.handle_secondary(now, &mut ids, &r) } else { tp.handle_primary(&mut ids, &r) };
            if let Some(transfer::TransferEvent::Identified { initiate }) = ev {
                let Indication::Invoke { invoke_id, .. } = service::read(&initiate).unwrap().indications[0] else { unreachable!() };
                current = invoke_id;
            }
            let _ = tp.handle_timeout(now, &mut ids);
        }
        let _ = tp.handle_timeout(now + Duration::from_secs(31), &mut ids);
        prop_assert!(tp.is_done() || tp.has_failed());
        prop_assert_eq!(tp.poll_timeout(), None);
    }
}
