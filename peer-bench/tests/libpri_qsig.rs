//! Live QSIG interop at layer 3 with libpri (Debian libpri-dev) over a Unix datagram
//! socketpair: our stack (strowger-q921 data link, strowger-q931-qsig call control and QSIG
//! services) against libpri's own Q.921 + Q.931 + QSIG, with us as the network side and as
//! the user side.
//!
//! Each scenario checks what libpri reports (its events, cause values, names, redirecting
//! and rerouting data) and what our stack reports (call-control events with their causes,
//! and the services layer's typed names, diverting leg information, MWI, callRerouteing and
//! callTransferComplete), and has tshark decode the trace of the run (no malformed field, no
//! expert warning or error, the QSIG operations expected on each side).

mod qsig_driver;

use std::time::Duration;

use qsig_driver::{find_in, names_in, operations_in, Bench};
use strowger_peer_bench::libpri_l3::{
    pres, redir, rerouting_rsp, Diversion, EventKind, Setup as PriSetup, Subcommand,
};
use strowger_q931_qsig::call::{self, Bearer, ChannelRequest, Number, Reply, Setup};
use strowger_q931_qsig::qsig::addressing::{Address, Pss1InformationElement};
use strowger_q931_qsig::qsig::ops::{
    op, DivertingLegInformation2, Name, PartyNumber, PresentedNumberUnscreened,
};
use strowger_q931_qsig::qsig::ops::{AddressScreened, CallRerouteingArg, PresentedScreened};
use strowger_q931_qsig::qsig::service::diversion::{
    self, subscription, DiversionEvent, DiversionReason, OriginatingPinx, Rerouteing,
};
use strowger_q931_qsig::qsig::service::mwi::{MwiAgent, MwiEvent, Role};
use strowger_q931_qsig::qsig::service::transfer::{
    CallStatus, EndDesignation, Party, TransferringPinx,
};
use strowger_q931_qsig::qsig::service::{self, names, Indication, NameKind, Operation, Outcome};
use strowger_q931_qsig::wire::{Presentation, Screening};
use strowger_q931_qsig::{CauseValue, MessageType};

/// Runs a scenario with us as the network side and as the user side.
macro_rules! both_sides {
    ($name:ident) => {
        mod $name {
            #[test]
            fn we_are_network() {
                super::$name(true);
            }
            #[test]
            fn we_are_user() {
                super::$name(false);
            }
        }
    };
}

fn text(n: &Name<'_>) -> String {
    String::from_utf8_lossy(names::display(n).expect("presentable name")).into_owned()
}

fn allowed_digits(n: &PresentedNumberUnscreened<'_>) -> String {
    match n {
        PresentedNumberUnscreened::Allowed(p) => String::from_utf8_lossy(p.digits()).into_owned(),
        other => panic!("not an allowed number: {other:?}"),
    }
}

fn connected_line(subs: &[Subcommand]) -> Option<(String, String)> {
    subs.iter().find_map(|s| match s {
        Subcommand::ConnectedLine { number, name, .. } => Some((number.clone(), name.clone())),
        _ => None,
    })
}

/// A user-provided, not screened number without subaddress (`NumberScreened`).
fn screened(digits: &[u8]) -> AddressScreened<'_> {
    AddressScreened {
        party_number: PartyNumber::Unknown(digits),
        screening_indicator: 0,
        party_subaddress: None,
    }
}

/// The digits of a `PresentedNumberScreened` presented as allowed.
fn allowed_screened(n: &PresentedScreened<'_>) -> Option<Vec<u8>> {
    match n {
        PresentedScreened::Allowed(a) => Some(a.party_number.digits().to_vec()),
        _ => None,
    }
}

fn our_number(digits: &str) -> Number {
    Number::new(digits.as_bytes())
        .with_presentation(Presentation::ALLOWED, Screening::USER_NOT_SCREENED)
}

/// A speech call from us on B-channel `channel`.
fn our_setup(channel: u8, calling: &str, called: &str, facilities: Vec<Vec<u8>>) -> Setup {
    let mut s = Setup::new(Bearer::speech_ulaw(), ChannelRequest::Exclusive(channel));
    s.calling = Some(our_number(calling));
    s.called = Some(Number::new(called.as_bytes()));
    s.sending_complete = true;
    s.facilities = facilities;
    s
}

/// Waits for libpri's call to reach our call control; returns the call and its SETUP.
fn incoming(b: &mut Bench, what: &str) -> (call::CallId, Setup) {
    let n = b
        .ours_events
        .iter()
        .filter(|e| matches!(e, call::Event::IncomingCall { .. }))
        .count();
    let mut seen = 0;
    b.wait_ours(what, |e| match e {
        call::Event::IncomingCall { call, setup, .. } => {
            seen += 1;
            (seen > n).then(|| (*call, (**setup).clone()))
        }
        _ => None,
    })
}

/// libpri calls us: callingName and DivertingLegInformation2 (counter 2, cfnr, original
/// called number) in the SETUP; we alert with calledName and DivertingLegInformation3 and
/// answer with connectedName, then clear with cause 16.
fn basic_call_from_libpri(we_network: bool) {
    let mut b = Bench::new(we_network);
    let pri_call = b
        .peer
        .setup(&PriSetup {
            channel: 1,
            called: "2000",
            calling: "1000",
            calling_name: "Alice Libpri",
            calling_presentation: pres::ALLOWED,
            diversion: Some(Diversion {
                count: 2,
                reason: redir::FORWARD_ON_NO_REPLY,
                original_reason: redir::FORWARD_ON_BUSY,
                from: "3001",
                from_name: "Carol Diverting",
                original_called: "3000",
                original_called_name: "",
            }),
        })
        .unwrap();
    let (call, setup) = incoming(&mut b, "libpri's SETUP in our call control");
    assert_eq!(setup.calling.as_ref().unwrap().digits_str(), "1000");
    assert_eq!(setup.called.as_ref().unwrap().digits_str(), "2000");
    assert_eq!(
        names_in(&setup.facilities),
        [(NameKind::Calling, "Alice Libpri".to_string())]
    );
    let mut diverted_to = diversion::DivertedToPinx::new();
    for f in &setup.facilities {
        diverted_to.handle(&service::read(f).unwrap());
    }
    find_in(&setup.facilities, |i| match i {
        Indication::Invoke {
            operation: Operation::DivertingLegInformation2(d),
            ..
        } => {
            assert_eq!(d.diversion_counter, 2);
            assert_eq!(
                DiversionReason::from_value(d.diversion_reason),
                DiversionReason::Cfnr
            );
            assert_eq!(
                d.original_diversion_reason,
                Some(DiversionReason::Cfb.value())
            );
            assert_eq!(
                allowed_digits(&d.diverting_nr.expect("divertingNr")),
                "3001"
            );
            assert_eq!(
                allowed_digits(&d.original_called_nr.expect("originalCalledNr")),
                "3000"
            );
            assert_eq!(
                text(&d.redirecting_name.expect("redirectingName")),
                "Carol Diverting"
            );
            Some(())
        }
        _ => None,
    })
    .expect("DivertingLegInformation2 in libpri's SETUP");
    assert!(
        diverted_to.info().is_some(),
        "the services layer took the DLI2"
    );

    let now = b.cc_now();
    b.cc.proceeding(now, call, Reply::default()).unwrap();
    let called_name = names::build(
        &mut b.ids,
        NameKind::Called,
        &names::allowed(b"Bob Strowger"),
    )
    .unwrap();
    // The diverted-to PINX answers the DLI2 with DLI3, once, in its first backward message
    // (ECMA-174 §6.5.3).
    let dli3 = diverted_to
        .dli3(&mut b.ids, true, Some(names::allowed(b"Bob Strowger")))
        .unwrap()
        .expect("the call was diverted");
    assert_eq!(
        diverted_to.dli3(&mut b.ids, true, None).unwrap(),
        None,
        "DLI3 goes once"
    );
    b.cc.alerting(now, call, Reply::with_facilities(vec![called_name, dli3]))
        .unwrap();
    b.pump();
    let ringing = b.wait_event(
        EventKind::Ringing,
        Some(pri_call),
        "libpri reports ALERTING",
    );
    assert_eq!(
        connected_line(&ringing.subcommands).map(|c| c.1),
        Some("Bob Strowger".into()),
        "calledName as libpri reports it: {ringing:?}"
    );
    let redirecting = ringing
        .subcommands
        .iter()
        .find_map(|s| match s {
            Subcommand::Redirecting(r) => Some(r.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("DLI3 as libpri reports it: {ringing:?}"));
    assert_eq!(redirecting.to_name, "Bob Strowger");
    assert_eq!(redirecting.count, 2);
    assert_eq!(redirecting.reason, redir::FORWARD_ON_NO_REPLY);
    let now = b.cc_now();
    let connected_name = names::build(
        &mut b.ids,
        NameKind::Connected,
        &names::allowed(b"Bob Strowger"),
    )
    .unwrap();
    b.cc.connect(now, call, Reply::with_facilities(vec![connected_name]))
        .unwrap();
    b.pump();
    let answer = b.wait_event(EventKind::Answer, Some(pri_call), "libpri reports CONNECT");
    assert_eq!(
        connected_line(&answer.subcommands).map(|c| c.1),
        Some("Bob Strowger".into()),
        "connectedName as libpri reports it: {answer:?}"
    );
    // On the network side the call is active once CONNECT is sent; the user side waits for
    // the acknowledgement (Q.931 §5.2.8).
    b.wait_message(
        MessageType::CONNECT_ACKNOWLEDGE,
        1,
        "libpri's CONNECT ACKNOWLEDGE",
    );
    assert_eq!(b.cc.call_state(call).map(|s| s.value), Some(10), "active");

    b.hangup(call, CauseValue::NORMAL_CLEARING);
    let req = b.wait_event(
        EventKind::HangupReq,
        Some(pri_call),
        "libpri reports DISCONNECT",
    );
    assert_eq!(req.cause, Some(16));
    // What tshark must decode, besides the operations.
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        true,
        "Bob Strowger",
    );
    b.expect_tshark("q931.cause_value", true, "16");
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        false,
        "Alice Libpri",
    );
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        false,
        "Carol Diverting",
    );
    b.expect_tshark("qsig.cf.diversionCounter", false, "2");
    b.expect_tshark("qsig.cf.diversionReason", false, "3");
    b.expect_tshark("qsig.unknownPartyNumber", false, "3000");
    b.expect_tshark("qsig.unknownPartyNumber", false, "3001");
    b.finish(
        "basic-from-libpri",
        &["calledName", "connectedName", "divertingLegInformation3"],
        &["callingName", "divertingLegInformation2"],
    );
}
both_sides!(basic_call_from_libpri);

/// We call libpri: callingName and DivertingLegInformation2 (counter 1, cfnr, original
/// called number, redirecting name) in our SETUP; libpri alerts with calledName and answers
/// with connectedName and DivertingLegInformation3, then clears with cause 16.
fn basic_call_to_libpri(we_network: bool) {
    let mut b = Bench::new(we_network);
    let dli2 = DivertingLegInformation2 {
        diversion_counter: 1,
        diversion_reason: DiversionReason::Cfnr.value(),
        original_diversion_reason: None,
        diverting_nr: Some(PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(
            b"4001",
        ))),
        original_called_nr: Some(PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(
            b"4000",
        ))),
        redirecting_name: Some(names::allowed(b"Dave Diverting")),
        original_called_name: None,
        extension: None,
    };
    let calling_name = names::build(
        &mut b.ids,
        NameKind::Calling,
        &names::allowed(b"Bob Strowger"),
    )
    .unwrap();
    let dli2 = diversion::build_dli2(&mut b.ids, &dli2).unwrap();
    let now = b.cc_now();
    let call =
        b.cc.setup(now, our_setup(1, "2000", "1000", vec![calling_name, dli2]))
            .unwrap();
    b.pump();
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let pri_call = ring.call.unwrap();
    let r = ring.ring.clone().unwrap();
    assert_eq!(r.called, "1000");
    assert_eq!(r.calling, "2000");
    assert_eq!(r.calling_name, "Bob Strowger");
    assert_eq!(r.redirecting_number, "4001");
    assert_eq!(r.redirecting_name, "Dave Diverting");
    assert_eq!(r.original_called_number, "4000");
    assert_eq!(r.redirecting_reason, redir::FORWARD_ON_NO_REPLY);

    b.peer.proceeding(pri_call, ring.channel).unwrap();
    b.peer
        .alerting(pri_call, ring.channel, "1000", "Alice Libpri")
        .unwrap();
    let alerting = b.wait_ours("ALERTING in our call control", |e| match e {
        call::Event::Alerting {
            call: c,
            facilities,
            ..
        } if *c == call => Some(facilities.clone()),
        _ => None,
    });
    assert_eq!(
        names_in(&alerting),
        [(NameKind::Called, "Alice Libpri".to_string())]
    );
    b.peer
        .answer(pri_call, ring.channel, "1000", "Alice Libpri")
        .unwrap();
    let (connected, facilities) = b.wait_ours("CONNECT in our call control", |e| match e {
        call::Event::Connected {
            call: c,
            connected,
            facilities,
            ..
        } if *c == call => Some((connected.clone(), facilities.clone())),
        _ => None,
    });
    if let Some(n) = connected {
        assert_eq!(n.digits_str(), "1000");
    }
    assert_eq!(
        names_in(&facilities),
        [(NameKind::Connected, "Alice Libpri".to_string())]
    );
    let mut origin = OriginatingPinx::new();
    let mut dli3 = Vec::new();
    for f in &facilities {
        dli3.extend(origin.handle(&service::read(f).unwrap()));
    }
    assert_eq!(
        dli3,
        [DiversionEvent::Presentation {
            allowed: true,
            name: Some(b"Alice Libpri".to_vec())
        }],
        "DivertingLegInformation3 in libpri's CONNECT"
    );

    // Clear only once libpri has our CONNECT ACKNOWLEDGE: in Disconnect Request it would
    // answer that with STATUS #101.
    b.wait_event(
        EventKind::ConnectAck,
        Some(pri_call),
        "libpri has our CONNECT ACKNOWLEDGE",
    );
    b.peer.hangup(pri_call, 16).unwrap();
    let cause = b.wait_ours("DISCONNECT in our call control", |e| match e {
        call::Event::Disconnected { call: c, cause, .. } if *c == call => Some(cause.value),
        _ => None,
    });
    assert_eq!(cause, CauseValue::NORMAL_CLEARING);
    assert_eq!(b.wait_released(call, "call released"), 16);
    // What tshark must decode, besides the operations.
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        true,
        "Bob Strowger",
    );
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        true,
        "Dave Diverting",
    );
    b.expect_tshark("qsig.cf.diversionCounter", true, "1");
    b.expect_tshark("qsig.cf.diversionReason", true, "3");
    b.expect_tshark("qsig.unknownPartyNumber", true, "4000");
    b.expect_tshark("qsig.unknownPartyNumber", true, "4001");
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        false,
        "Alice Libpri",
    );
    b.expect_tshark("q931.cause_value", false, "16");
    b.finish(
        "basic-to-libpri",
        &["callingName", "divertingLegInformation2"],
        &["calledName", "connectedName", "divertingLegInformation3"],
    );
}
both_sides!(basic_call_to_libpri);

/// Busy (cause 17) and unallocated number (cause 1) both ways: we refuse libpri's calls
/// (DISCONNECT after CALL PROCEEDING, RELEASE COMPLETE in answer to the SETUP) and libpri
/// reports the cause; libpri refuses ours and our call control reports its cause.
fn busy_and_unallocated(we_network: bool) {
    let mut b = Bench::new(we_network);
    let pri_setup = |called| PriSetup {
        channel: 1,
        called,
        calling: "1000",
        ..PriSetup::default()
    };

    // libpri -> us, busy: CALL PROCEEDING, then DISCONNECT #17.
    let busy = b.peer.setup(&pri_setup("2001")).unwrap();
    let (call, _) = incoming(&mut b, "libpri's first SETUP");
    let now = b.cc_now();
    b.cc.proceeding(now, call, Reply::default()).unwrap();
    b.hangup(call, CauseValue::USER_BUSY);
    let req = b.wait_event(
        EventKind::HangupReq,
        Some(busy),
        "libpri reports DISCONNECT",
    );
    assert_eq!(req.cause, Some(17), "busy as libpri reports it");

    // libpri -> us, unallocated number: RELEASE COMPLETE #1 in answer to the SETUP.
    let unalloc = b.peer.setup(&pri_setup("9999")).unwrap();
    let (call, setup) = incoming(&mut b, "libpri's second SETUP");
    assert_eq!(setup.called.unwrap().digits_str(), "9999");
    b.hangup(call, CauseValue::UNALLOCATED_NUMBER);
    let h = b.wait_event(
        EventKind::Hangup,
        Some(unalloc),
        "libpri reports RELEASE COMPLETE",
    );
    assert_eq!(h.cause, Some(1), "unallocated number as libpri reports it");

    // us -> libpri, busy: CALL PROCEEDING, then DISCONNECT #17.
    let now = b.cc_now();
    let call =
        b.cc.setup(now, our_setup(2, "2000", "1001", Vec::new()))
            .unwrap();
    b.pump();
    let ring = b.wait_nth_event(EventKind::Ring, 1, "libpri reports our first SETUP");
    b.peer.proceeding(ring.call.unwrap(), ring.channel).unwrap();
    b.peer.hangup(ring.call.unwrap(), 17).unwrap();
    let cause = b.wait_ours("DISCONNECT #17 in our call control", |e| match e {
        call::Event::Disconnected { call: c, cause, .. } if *c == call => Some(cause.value),
        _ => None,
    });
    assert_eq!(cause, CauseValue::USER_BUSY);
    assert_eq!(b.wait_released(call, "busy call released"), 17);

    // us -> libpri, unallocated number: libpri refuses the SETUP with RELEASE COMPLETE #1.
    let now = b.cc_now();
    let call =
        b.cc.setup(now, our_setup(3, "2000", "9998", Vec::new()))
            .unwrap();
    b.pump();
    let cr = b.cr(call);
    let ring = b.wait_nth_event(EventKind::Ring, 2, "libpri reports our second SETUP");
    assert_eq!(ring.ring.as_ref().unwrap().called, "9998");
    b.peer.hangup(ring.call.unwrap(), 1).unwrap();
    assert_eq!(b.wait_released(call, "unallocated call released"), 1);
    let rc = b
        .received
        .iter()
        .find(|r| r.cr.value() == cr && r.cause == Some(1))
        .expect("libpri's refusal");
    assert_eq!(rc.mt, MessageType::RELEASE_COMPLETE);
    // What tshark must decode, besides the operations.
    b.expect_tshark("q931.cause_value", true, "17");
    b.expect_tshark("q931.cause_value", true, "1");
    b.expect_tshark("q931.cause_value", false, "17");
    b.expect_tshark("q931.cause_value", false, "1");
    b.finish("busy-unallocated", &[], &[]);
}
both_sides!(busy_and_unallocated);

/// A call diverted while it rings: libpri, as the diverting end, sends
/// DivertingLegInformation1 and DivertingLegInformation3 and our services layer reports the
/// diversion; we do the same towards libpri, which reports the redirection.
fn diverted_call_dli1_dli3(we_network: bool) {
    let mut b = Bench::new(we_network);

    // We call libpri; libpri diverts (cfnr) to 5001 "Carol Diverted".
    let now = b.cc_now();
    let call =
        b.cc.setup(now, our_setup(1, "2000", "5000", Vec::new()))
            .unwrap();
    b.pump();
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let pri_call = ring.call.unwrap();
    b.peer.proceeding(pri_call, ring.channel).unwrap();
    b.peer
        .redirecting(
            pri_call,
            "5001",
            "Carol Diverted",
            redir::FORWARD_ON_NO_REPLY,
            pres::ALLOWED,
        )
        .unwrap();
    b.run_until(Duration::from_secs(5), "libpri's DLI1 and DLI3", |b| {
        let ops: Vec<i32> = facilities_of(b, call)
            .iter()
            .flat_map(|f| operations_in(f))
            .collect();
        ops.contains(&op::DLI1) && ops.contains(&op::DLI3)
    });
    let mut origin = OriginatingPinx::new();
    let mut seen = Vec::new();
    for facilities in facilities_of(&b, call) {
        for f in &facilities {
            seen.extend(origin.handle(&service::read(f).unwrap()));
        }
    }
    assert_eq!(
        seen,
        [
            DiversionEvent::Diverting {
                reason: DiversionReason::Cfnr,
                subscription_option: subscription::WITH_DIVERTED_TO_NR,
                diverted_to: Some(b"5001".to_vec()),
            },
            DiversionEvent::Presentation {
                allowed: true,
                name: Some(b"Carol Diverted".to_vec())
            }
        ]
    );
    let to = origin.diverted_to().expect("diverted");
    assert_eq!(to.reason, DiversionReason::Cfnr);
    assert_eq!(to.name.as_deref(), Some(&b"Carol Diverted"[..]));
    assert_eq!(to.number.as_deref(), Some(&b"5001"[..]));
    b.peer.hangup(pri_call, 16).unwrap();
    assert_eq!(b.wait_released(call, "diverted call released"), 16);

    // libpri calls us; we divert (cfnr, notification with the diverted-to number) to 6001.
    let pri_call = b
        .peer
        .setup(&PriSetup {
            channel: 2,
            called: "6000",
            calling: "1000",
            calling_name: "Alice Libpri",
            ..PriSetup::default()
        })
        .unwrap();
    let (call, _) = incoming(&mut b, "libpri's SETUP");
    let now = b.cc_now();
    b.cc.proceeding(now, call, Reply::default()).unwrap();
    let dli1 = diversion::build_dli1(
        &mut b.ids,
        DiversionReason::Cfnr,
        subscription::WITH_DIVERTED_TO_NR,
        PartyNumber::Unknown(b"6001"),
    )
    .unwrap();
    b.cc.facility(now, call, vec![dli1]).unwrap();
    let dli3 =
        diversion::build_dli3(&mut b.ids, true, Some(names::allowed(b"Dave Diverted"))).unwrap();
    b.cc.facility(now, call, vec![dli3]).unwrap();
    b.pump();
    b.run_until(
        Duration::from_secs(5),
        "libpri reports the diversion",
        |b| {
            b.events.iter().any(|e| {
                e.call == Some(pri_call)
                    && e.subcommands
                        .iter()
                        .any(|s| matches!(s, Subcommand::Redirecting(_)))
            })
        },
    );
    let red = b
        .events
        .iter()
        .filter(|e| e.call == Some(pri_call))
        .flat_map(|e| e.subcommands.iter())
        .find_map(|s| match s {
            Subcommand::Redirecting(r) => Some(r.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(red.to_number, "6001");
    assert_eq!(red.to_name, "Dave Diverted");
    assert_eq!(red.reason, redir::FORWARD_ON_NO_REPLY);
    assert_eq!(red.count, 1);
    assert_eq!(red.to_presentation & pres::RESTRICTION_MASK, pres::ALLOWED);
    b.hangup(call, CauseValue::NORMAL_CLEARING);
    // What tshark must decode, besides the operations.
    b.expect_tshark("qsig.unknownPartyNumber", false, "5001");
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        false,
        "Carol Diverted",
    );
    b.expect_tshark("qsig.cf.diversionReason", false, "3");
    b.expect_tshark("qsig.unknownPartyNumber", true, "6001");
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        true,
        "Dave Diverted",
    );
    b.expect_tshark("qsig.cf.diversionReason", true, "3");
    b.finish(
        "diverted-dli1-dli3",
        &["divertingLegInformation1", "divertingLegInformation3"],
        &["divertingLegInformation1", "divertingLegInformation3"],
    );
}
both_sides!(diverted_call_dli1_dli3);

/// The Facility IE contents of every FACILITY our call control reported on `call`.
fn facilities_of(b: &Bench, call: call::CallId) -> Vec<Vec<Vec<u8>>> {
    b.ours_events
        .iter()
        .filter_map(|e| match e {
            call::Event::Facility {
                call: c,
                facilities,
            } if *c == call => Some(facilities.clone()),
            _ => None,
        })
        .collect()
}

/// callRerouteing both ways: libpri asks us to reroute our call and the services layer
/// decodes the request; we ask libpri to reroute its call, libpri reports it and its
/// acceptance ("clear call on invocation") reaches our rerouteing machine as a returnResult
/// on libpri's DISCONNECT.
fn call_rerouteing(we_network: bool) {
    let mut b = Bench::new(we_network);

    let now = b.cc_now();
    let call =
        b.cc.setup(now, our_setup(1, "2000", "7000", Vec::new()))
            .unwrap();
    b.pump();
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let pri_call = ring.call.unwrap();
    b.peer.proceeding(pri_call, ring.channel).unwrap();
    b.peer
        .reroute(pri_call, "7001", "7000", "7000", redir::UNCONDITIONAL, 1, 2)
        .unwrap();
    let facilities = b.wait_ours("libpri's callRerouteing", |e| match e {
        call::Event::Facility {
            call: c,
            facilities,
        } if *c == call && operations_in(facilities).contains(&op::CALL_REROUTEING) => {
            Some(facilities.clone())
        }
        _ => None,
    });
    let ids = &mut b.ids;
    let (invoke_id, dli2) = find_in(&facilities, |i| match i {
        Indication::Invoke {
            invoke_id,
            operation: Operation::CallRerouteing(a),
            ..
        } => {
            assert_eq!(
                DiversionReason::from_value(a.rerouteing_reason),
                DiversionReason::Cfu
            );
            assert_eq!(a.called_address.party_number.digits(), b"7001");
            assert_eq!(a.diversion_counter, 1);
            assert_eq!(allowed_digits(&a.last_rerouteing_nr), "7000");
            assert_eq!(a.subscription_option, subscription::WITH_DIVERTED_TO_NR);
            assert_eq!(
                a.pss1_info_element.0.first(),
                Some(&0x04),
                "bearer capability in pSS1InfoElement"
            );
            assert_eq!(allowed_screened(&a.calling_number), Some(b"2000".to_vec()));
            // The rerouted call carries the diversion on (ECMA-174 §6.5.2).
            let dli2 = diversion::accept_rerouteing(a).expect("counter within 1..15");
            Some((*invoke_id, diversion::build_dli2(ids, &dli2).unwrap()))
        }
        _ => None,
    })
    .unwrap();
    let now = b.cc_now();
    b.cc.facility(
        now,
        call,
        vec![diversion::build_rerouteing_result(invoke_id)],
    )
    .unwrap();
    b.pump();
    b.hangup(call, CauseValue::NORMAL_CLEARING);

    // The new call to the diverted-to number, with DivertingLegInformation2.
    let now = b.cc_now();
    let rerouted =
        b.cc.setup(now, our_setup(3, "2000", "7001", vec![dli2]))
            .unwrap();
    b.pump();
    let ring = b.wait_nth_event(EventKind::Ring, 2, "libpri reports the rerouted SETUP");
    let r = ring.ring.clone().unwrap();
    assert_eq!(r.called, "7001");
    assert_eq!(r.redirecting_number, "7000");
    assert_eq!(r.redirecting_reason, redir::UNCONDITIONAL);
    b.peer.proceeding(ring.call.unwrap(), ring.channel).unwrap();
    b.peer.hangup(ring.call.unwrap(), 16).unwrap();
    assert_eq!(b.wait_released(rerouted, "rerouted call released"), 16);

    // libpri calls us; we ask it to reroute to 8001 (cfb).
    let pri_call = b
        .peer
        .setup(&PriSetup {
            channel: 2,
            called: "8000",
            calling: "1000",
            ..PriSetup::default()
        })
        .unwrap();
    let (call, _) = incoming(&mut b, "libpri's SETUP");
    let now = b.cc_now();
    b.cc.proceeding(now, call, Reply::default()).unwrap();
    let mut rerouteing = Rerouteing::new(Rerouteing::DEFAULT_TIMEOUT);
    let pss1 = [0x04, 0x03, 0x80, 0x90, 0xa2];
    let arg = CallRerouteingArg {
        rerouteing_reason: DiversionReason::Cfb.value(),
        original_rerouteing_reason: None,
        called_address: Address {
            party_number: PartyNumber::Unknown(b"8001"),
            party_subaddress: None,
        },
        diversion_counter: 1,
        pss1_info_element: Pss1InformationElement(&pss1),
        last_rerouteing_nr: PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(b"8000")),
        subscription_option: subscription::WITH_DIVERTED_TO_NR,
        calling_party_subaddress: None,
        calling_number: PresentedScreened::Allowed(screened(b"1000")),
        calling_name: None,
        original_called_nr: None,
        redirecting_name: None,
        original_called_name: None,
        extension: None,
    };
    let our_id_before = b.ids.clone().next();
    let t = b.cc_now();
    let fac = rerouteing.request(t, &mut b.ids, &arg).unwrap();
    b.cc.facility(now, call, vec![fac]).unwrap();
    b.pump();
    b.run_until(
        Duration::from_secs(5),
        "libpri reports the rerouting",
        |b| {
            b.events.iter().any(|e| {
                e.call == Some(pri_call)
                    && e.subcommands
                        .iter()
                        .any(|s| matches!(s, Subcommand::Rerouting { .. }))
            })
        },
    );
    let (deflection, invoke_id, subscription_option) = b
        .events
        .iter()
        .flat_map(|e| e.subcommands.iter())
        .find_map(|s| match s {
            Subcommand::Rerouting {
                deflection,
                invoke_id,
                subscription_option,
                ..
            } => Some((deflection.clone(), *invoke_id, *subscription_option)),
            _ => None,
        })
        .unwrap();
    assert_eq!(deflection.to_number, "8001");
    assert_eq!(deflection.from_number, "8000");
    assert_eq!(deflection.reason, redir::FORWARD_ON_BUSY);
    assert_eq!(deflection.count, 1);
    assert_eq!(subscription_option, 2);
    assert_eq!(invoke_id, our_id_before);
    b.peer
        .rerouting_rsp(pri_call, invoke_id, rerouting_rsp::OK_CLEAR)
        .unwrap();
    b.peer.hangup(pri_call, 16).unwrap();
    let facilities = b.wait_ours("libpri's DISCONNECT", |e| match e {
        call::Event::Disconnected {
            call: c,
            facilities,
            ..
        } if *c == call => Some(facilities.clone()),
        _ => None,
    });
    let disc = b.wait_message(MessageType::DISCONNECT, 2, "libpri's second DISCONNECT");
    assert_eq!(
        disc.facilities, facilities,
        "the returnResult rides on libpri's DISCONNECT"
    );
    let mut outcome = None;
    for f in &facilities {
        outcome = rerouteing
            .handle(&service::read(f).unwrap())
            .cloned()
            .or(outcome);
    }
    assert!(
        matches!(outcome, Some(Outcome::Result(_))),
        "rerouteing outcome {outcome:?} from {facilities:02x?}"
    );
    assert_eq!(b.wait_released(call, "rerouted call released"), 16);
    // What tshark must decode, besides the operations.
    b.expect_tshark("qsig.cf.rerouteingReason", false, "1");
    b.expect_tshark("qsig.unknownPartyNumber", false, "7001");
    b.expect_tshark("qsig.cf.rerouteingReason", true, "2");
    b.expect_tshark("qsig.unknownPartyNumber", true, "8001");
    b.finish(
        "call-rerouteing",
        &["callRerouteing", "divertingLegInformation2"],
        &["callRerouteing"],
    );
}
both_sides!(call_rerouteing);

/// MWI: libpri sends mwiActivate and mwiDeactivate for served user 2000 in call-independent
/// SETUPs; our MWI agent (served user's PINX) reports them and its answer (returnResult) goes
/// back in the RELEASE COMPLETE; libpri reports the connection cleared with cause 16.
fn mwi_from_libpri(we_network: bool) {
    let mut b = Bench::new(we_network);
    let mut agent = MwiAgent::new(Role::ServedUser, Duration::from_secs(10));
    for activate in [true, false] {
        let pri_call = b.peer.mwi(activate, "9000", "Voicemail", "2000").unwrap();
        let (call, setup) = incoming(&mut b, "libpri's MWI SETUP");
        assert!(setup.is_call_independent(), "{setup:?}");
        let t = b.cc_now();
        for f in &setup.facilities {
            agent.handle_facility(t, call.0, &service::read(f).unwrap());
        }
        let ev = agent.poll_event().expect("MWI indication");
        let (cis, invoke_id, indication) = match (&ev, activate) {
            (
                MwiEvent::Activate {
                    cis,
                    invoke_id,
                    indication,
                },
                true,
            )
            | (
                MwiEvent::Deactivate {
                    cis,
                    invoke_id,
                    indication,
                },
                false,
            ) => (*cis, *invoke_id, indication.clone()),
            other => panic!("{other:?}"),
        };
        assert_eq!(cis, call.0);
        assert_eq!(indication.served_user, b"2000");
        assert_eq!(indication.basic_service, 1, "speech");
        let answer = agent.accept(cis, invoke_id).expect("answer");
        let now = b.cc_now();
        b.cc.hangup(
            now,
            call,
            CauseValue::NORMAL_CLEARING,
            vec![answer.facility],
        )
        .unwrap();
        b.pump();
        let h = b.wait_event(
            EventKind::Hangup,
            Some(pri_call),
            "libpri reports the release",
        );
        assert_eq!(h.cause, Some(16));
        assert_eq!(b.wait_released(call, "CIS released"), 16);
    }
    // What tshark must decode, besides the operations.
    b.expect_tshark("qsig.unknownPartyNumber", false, "2000");
    b.finish("mwi", &[], &["mwiActivate", "mwiDeactivate"]);
}
both_sides!(mwi_from_libpri);

/// A received callTransferComplete: end, redirection number (when presentable), name, status.
type CtCompleteSeen = (EndDesignation, Option<Vec<u8>>, Option<String>, CallStatus);

fn ct_complete(facilities: &[Vec<u8>]) -> Option<CtCompleteSeen> {
    find_in(facilities, |i| match i {
        Indication::Invoke {
            operation: Operation::CallTransferComplete(c),
            ..
        } => Some((
            EndDesignation::from_value(c.end_designation).expect("endDesignation"),
            allowed_screened(&c.redirection_number),
            c.redirection_name.as_ref().map(text),
            CallStatus::from_field(c.call_status),
        )),
        _ => None,
    })
}

/// Transfer both ways: libpri joins two answered calls (callTransferComplete on both, primary
/// and secondary end, alerting) and the services layer decodes both; our transferring PINX
/// joins two answered calls with libpri (one each way) and libpri reports each end's new
/// party; libpri announces a new party on an answered call with callTransferComplete
/// (answered), which we decode.
fn transfer(we_network: bool) {
    let mut b = Bench::new(we_network);
    let mut answered = Vec::new();
    for (k, called) in [(1, "2000"), (2, "2001")] {
        let pri_call = b
            .peer
            .setup(&PriSetup {
                channel: k,
                called,
                calling: "1000",
                ..PriSetup::default()
            })
            .unwrap();
        let (call, _) = incoming(&mut b, "libpri's SETUP");
        let now = b.cc_now();
        b.cc.proceeding(now, call, Reply::default()).unwrap();
        b.cc.connect(now, call, Reply::default()).unwrap();
        b.pump();
        b.wait_event(EventKind::Answer, Some(pri_call), "libpri reports CONNECT");
        b.wait_message(
            MessageType::CONNECT_ACKNOWLEDGE,
            usize::try_from(k).unwrap(),
            "libpri's CONNECT ACKNOWLEDGE",
        );
        assert_eq!(b.cc.call_state(call).map(|s| s.value), Some(10), "active");
        answered.push((pri_call, call));
    }
    b.peer.transfer(answered[0].0, answered[1].0).unwrap();
    for (k, (_, call)) in answered.iter().enumerate() {
        let facilities = b.wait_ours("callTransferComplete", |e| match e {
            call::Event::Facility {
                call: c,
                facilities,
            } if c == call && ct_complete(facilities).is_some() => Some(facilities.clone()),
            _ => None,
        });
        let (end, number, _, status) = ct_complete(&facilities).unwrap();
        let want = if k == 0 {
            EndDesignation::Primary
        } else {
            EndDesignation::Secondary
        };
        assert_eq!(end, want);
        assert_eq!(number, None, "presentation restricted");
        assert_eq!(status, CallStatus::Alerting);
    }
    for (pri_call, call) in &answered {
        b.hangup(*call, CauseValue::NORMAL_CLEARING);
        b.wait_event(
            EventKind::HangupReq,
            Some(*pri_call),
            "libpri reports DISCONNECT",
        );
    }

    // We call libpri, it answers; we transfer the call: callTransferComplete to libpri.
    let now = b.cc_now();
    let call =
        b.cc.setup(now, our_setup(3, "2000", "1000", Vec::new()))
            .unwrap();
    b.pump();
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let pri_call = ring.call.unwrap();
    b.peer.proceeding(pri_call, ring.channel).unwrap();
    b.peer
        .answer(pri_call, ring.channel, "1000", "Alice Libpri")
        .unwrap();
    b.wait_ours("CONNECT in our call control", |e| {
        matches!(e, call::Event::Connected { call: c, .. } if *c == call).then_some(())
    });
    b.wait_event(
        EventKind::ConnectAck,
        Some(pri_call),
        "libpri has our CONNECT ACKNOWLEDGE",
    );
    // libpri calls us too (3001 "Carol Libpri"); we answer.
    let pri_b = b
        .peer
        .setup(&PriSetup {
            channel: 4,
            called: "2002",
            calling: "3001",
            calling_name: "Carol Libpri",
            ..PriSetup::default()
        })
        .unwrap();
    let (call_b, _) = incoming(&mut b, "libpri's SETUP");
    let now = b.cc_now();
    b.cc.proceeding(now, call_b, Reply::default()).unwrap();
    b.cc.connect(now, call_b, Reply::default()).unwrap();
    b.pump();
    b.wait_event(EventKind::Answer, Some(pri_b), "libpri reports CONNECT");

    // We join the two (ECMA-178 transfer by join): our call to 1000 is the primary end, libpri's
    // call from 3001 the secondary; each end learns the other as its new party.
    let alice = Party {
        number: PresentedScreened::Allowed(screened(b"1000")),
        name: Some(names::allowed(b"Alice Libpri")),
    };
    let carol = Party {
        number: PresentedScreened::Allowed(screened(b"3001")),
        name: Some(names::allowed(b"Carol Libpri")),
    };
    let mut pinx = TransferringPinx::new(TransferringPinx::DEFAULT_TIMEOUT);
    let join = pinx.join(&mut b.ids, &carol, &alice, false).unwrap();
    let now = b.cc_now();
    b.cc.facility(now, call, vec![join.primary]).unwrap();
    b.cc.facility(now, call_b, vec![join.secondary]).unwrap();
    b.pump();
    let reported = |b: &Bench, c| {
        b.events
            .iter()
            .filter(|e| e.kind == EventKind::Facility && e.call == Some(c))
            .find_map(|e| connected_line(&e.subcommands))
    };
    b.run_until(Duration::from_secs(5), "libpri reports the transfer", |b| {
        reported(b, pri_call).is_some() && reported(b, pri_b).is_some()
    });
    assert_eq!(
        reported(&b, pri_call),
        Some(("3001".into(), "Carol Libpri".into()))
    );
    assert_eq!(
        reported(&b, pri_b),
        Some(("1000".into(), "Alice Libpri".into()))
    );
    b.hangup(call_b, CauseValue::NORMAL_CLEARING);

    // libpri's end of the call is transferred to 4567 "Frank Transferred".
    b.peer
        .connected(pri_call, "4567", "Frank Transferred")
        .unwrap();
    let facilities = b.wait_ours("libpri's callTransferComplete", |e| match e {
        call::Event::Facility {
            call: c,
            facilities,
        } if *c == call && ct_complete(facilities).is_some() => Some(facilities.clone()),
        _ => None,
    });
    assert_eq!(
        ct_complete(&facilities).unwrap(),
        (
            EndDesignation::Primary,
            Some(b"4567".to_vec()),
            Some("Frank Transferred".to_string()),
            CallStatus::Answered
        )
    );
    b.peer.hangup(pri_call, 16).unwrap();
    assert_eq!(b.wait_released(call, "transferred call released"), 16);
    // What tshark must decode, besides the operations.
    b.expect_tshark("qsig.ct.endDesignation", false, "1");
    b.expect_tshark("qsig.ct.callStatus", false, "1");
    b.expect_tshark("qsig.unknownPartyNumber", false, "4567");
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        false,
        "Frank Transferred",
    );
    b.expect_tshark("qsig.unknownPartyNumber", true, "3001");
    b.expect_tshark(
        "qsig.na.namePresentationAllowedSimple",
        true,
        "Carol Libpri",
    );
    b.expect_tshark("qsig.ct.endDesignation", true, "1");
    b.finish(
        "transfer",
        &["callTransferComplete"],
        &["callTransferComplete"],
    );
}
both_sides!(transfer);

/// Presentation restricted both ways: libpri's restricted calling number and name reach our
/// call control and services layer as restricted (the name as namePresentationRestricted);
/// ours reach libpri as a restricted calling party.
fn restricted_presentation(we_network: bool) {
    let mut b = Bench::new(we_network);
    let pri_call = b
        .peer
        .setup(&PriSetup {
            channel: 1,
            called: "2000",
            calling: "1000",
            calling_name: "Hidden Libpri",
            calling_presentation: pres::RESTRICTED,
            ..PriSetup::default()
        })
        .unwrap();
    let (call, setup) = incoming(&mut b, "libpri's SETUP");
    let calling = setup.calling.expect("calling number");
    assert_eq!(calling.digits_str(), "1000");
    assert_eq!(
        calling.presentation.map(|p| p.0),
        Some(Presentation::RESTRICTED)
    );
    let name = find_in(&setup.facilities, |i| match i {
        Indication::Invoke {
            operation: Operation::Name(NameKind::Calling, n),
            ..
        } => Some((names::is_restricted(n), names::display(n).is_none())),
        _ => None,
    });
    assert_eq!(name, Some((true, true)), "restricted and not to be shown");
    b.hangup(call, CauseValue::NORMAL_CLEARING);
    let h = b.wait_event(
        EventKind::Hangup,
        Some(pri_call),
        "libpri reports the release",
    );
    assert_eq!(h.cause, Some(16));

    let calling_name = names::build(
        &mut b.ids,
        NameKind::Calling,
        &names::restricted(b"Hidden Strowger"),
    )
    .unwrap();
    let mut s = our_setup(2, "2000", "1000", vec![calling_name]);
    s.calling = Some(
        Number::new(b"2000")
            .with_presentation(Presentation::RESTRICTED, Screening::USER_NOT_SCREENED),
    );
    let now = b.cc_now();
    let call = b.cc.setup(now, s).unwrap();
    b.pump();
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let r = ring.ring.clone().unwrap();
    assert_eq!(r.calling, "2000");
    assert_eq!(
        r.calling_presentation & pres::RESTRICTION_MASK,
        pres::RESTRICTED,
        "libpri sees the caller as restricted"
    );
    assert_eq!(r.calling_name, "Hidden Strowger");
    b.peer.proceeding(ring.call.unwrap(), ring.channel).unwrap();
    b.peer.hangup(ring.call.unwrap(), 16).unwrap();
    assert_eq!(b.wait_released(call, "call released"), 16);
    b.expect_tshark(
        "qsig.na.namePresentationRestrictedSimple",
        false,
        "Hidden Libpri",
    );
    b.expect_tshark(
        "qsig.na.namePresentationRestrictedSimple",
        true,
        "Hidden Strowger",
    );
    b.finish("restricted", &["callingName"], &["callingName"]);
}
both_sides!(restricted_presentation);
