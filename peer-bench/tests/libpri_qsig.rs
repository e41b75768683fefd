//! Live QSIG interop at layer 3 with libpri (Debian libpri-dev) over a Unix datagram
//! socketpair: strowger-q921 carrying Q.931 / QSIG messages built and decoded with
//! strowger-q931-qsig, against libpri's own Q.921 + Q.931 + QSIG, with us as the network side
//! and as the user side.
//!
//! Each scenario checks what libpri reports (its events, cause values, names, redirecting
//! and rerouting data) and what we decode from libpri (typed names, diverting leg
//! information, MWI, callRerouteing and callTransferComplete arguments), and has tshark
//! decode the trace of the run (no malformed field, no expert warning or error, the QSIG
//! operations expected on each side).

mod qsig_driver;

use std::time::Duration;

use qsig_driver::{
    allowed_digits, name, name_text, op, reason, with_arg, Bench, CallRerouteing, Component,
    CtComplete, Msg, Op, Received,
};
use strowger_peer_bench::libpri_l3::{
    pres, redir, rerouting_rsp, Diversion, EventKind, Setup, Subcommand,
};
use strowger_q931_qsig::qsig::ops::{
    Argument, DivertingLegInformation1, DivertingLegInformation2, DivertingLegInformation3,
    PartyNumber, PresentedNumberUnscreened,
};
use strowger_q931_qsig::wire::Ie;
use strowger_q931_qsig::{CauseValue, MessageRepr, MessageType};

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

fn name_arg(r: &Received, o: i32) -> String {
    let arg = r
        .invoke(o)
        .unwrap_or_else(|| panic!("no invoke {o} in {:?} {:?}", r.mt.name(), r.components));
    with_arg(o, arg, |a| match a {
        Argument::Name(n) => name_text(&n),
        other => panic!("{other:?}"),
    })
}

fn numbers(r: &Received) -> (String, String) {
    let m = MessageRepr::parse_bytes(&r.bytes).unwrap();
    let mut calling = String::new();
    let mut called = String::new();
    for ie in &m.ies {
        match ie {
            Ie::CallingPartyNumber(n) => calling = n.digits_str().to_string(),
            Ie::CalledPartyNumber(n) => called = n.digits_str().to_string(),
            _ => {}
        }
    }
    (calling, called)
}

fn connected_line(subs: &[Subcommand]) -> Option<(String, String)> {
    subs.iter().find_map(|s| match s {
        Subcommand::ConnectedLine { number, name, .. } => Some((number.clone(), name.clone())),
        _ => None,
    })
}

/// Clears an answered or ringing call from our side with `cause` and waits until libpri has
/// reported the DISCONNECT and released.
fn we_clear(b: &mut Bench, msg: &Received, call: u32, cause: CauseValue) {
    b.send(
        msg.ours(),
        MessageType::DISCONNECT,
        Msg {
            cause: Some(cause),
            ..Msg::default()
        },
    );
    let req = b.wait_event(
        EventKind::HangupReq,
        Some(call),
        "libpri reports DISCONNECT",
    );
    assert_eq!(req.cause, Some(i32::from(cause.value())));
    let n = b
        .received
        .iter()
        .filter(|r| r.mt == MessageType::RELEASE)
        .count();
    b.wait_message(MessageType::RELEASE, n.max(1), "libpri's RELEASE");
    b.run_until(Duration::from_secs(3), "libpri's call released", |b| {
        b.events.iter().any(|e| {
            e.call == Some(call) && matches!(e.kind, EventKind::Hangup | EventKind::HangupAck)
        })
    });
}

/// libpri calls us: callingName and DivertingLegInformation2 (counter 2, cfnr, original
/// called number) in the SETUP; we alert with calledName and answer with connectedName and
/// DivertingLegInformation3, then clear with cause 16.
fn basic_call_from_libpri(we_network: bool) {
    let mut b = Bench::new(we_network);
    let call = b
        .peer
        .setup(&Setup {
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
    let setup = b.wait_message(MessageType::SETUP, 1, "libpri's SETUP");
    assert_eq!(numbers(&setup), ("1000".into(), "2000".into()));
    assert_eq!(name_arg(&setup, op::CALLING_NAME), "Alice Libpri");
    with_arg(op::DLI2, setup.invoke(op::DLI2).expect("DLI2"), |a| {
        let Argument::DivertingLegInformation2(d) = a else {
            panic!("{a:?}")
        };
        assert_eq!(d.diversion_counter, 2);
        assert_eq!(d.diversion_reason, reason::CFNR);
        assert_eq!(d.original_diversion_reason, Some(reason::CFB));
        assert_eq!(
            allowed_digits(&d.diverting_nr.expect("divertingNr")),
            "3001"
        );
        assert_eq!(
            allowed_digits(&d.original_called_nr.expect("originalCalledNr")),
            "3000"
        );
        assert_eq!(
            name_text(&d.redirecting_name.expect("redirectingName")),
            "Carol Diverting"
        );
    });

    let cr = setup.ours();
    b.send(
        cr,
        MessageType::CALL_PROCEEDING,
        Msg {
            channel: Some(1),
            ..Msg::default()
        },
    );
    b.send(
        cr,
        MessageType::ALERTING,
        Msg {
            ops: vec![Op::typed(
                op::CALLED_NAME,
                Argument::Name(name("Bob Strowger")),
            )],
            ..Msg::default()
        },
    );
    let ringing = b.wait_event(EventKind::Ringing, Some(call), "libpri reports ALERTING");
    assert_eq!(
        connected_line(&ringing.subcommands).map(|c| c.1),
        Some("Bob Strowger".into()),
        "calledName as libpri reports it: {ringing:?}"
    );
    b.send(
        cr,
        MessageType::CONNECT,
        Msg {
            ops: vec![
                Op::typed(op::CONNECTED_NAME, Argument::Name(name("Bob Strowger"))),
                Op::typed(
                    op::DLI3,
                    Argument::DivertingLegInformation3(DivertingLegInformation3 {
                        presentation_allowed: true,
                        redirection_name: Some(name("Bob Strowger")),
                        extension: None,
                    }),
                ),
            ],
            ..Msg::default()
        },
    );
    let answer = b.wait_event(EventKind::Answer, Some(call), "libpri reports CONNECT");
    assert_eq!(
        connected_line(&answer.subcommands).map(|c| c.1),
        Some("Bob Strowger".into()),
        "connectedName as libpri reports it: {answer:?}"
    );
    let redirecting = answer
        .subcommands
        .iter()
        .find_map(|s| match s {
            Subcommand::Redirecting(r) => Some(r.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("DLI3 as libpri reports it: {answer:?}"));
    assert_eq!(redirecting.to_name, "Bob Strowger");
    assert_eq!(redirecting.count, 2);
    assert_eq!(redirecting.reason, redir::FORWARD_ON_NO_REPLY);
    b.wait_message(MessageType::CONNECT_ACKNOWLEDGE, 1, "CONNECT ACKNOWLEDGE");

    we_clear(&mut b, &setup, call, CauseValue::NORMAL_CLEARING);
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
        diversion_reason: reason::CFNR,
        original_diversion_reason: None,
        diverting_nr: Some(PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(
            b"4001",
        ))),
        original_called_nr: Some(PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(
            b"4000",
        ))),
        redirecting_name: Some(name("Dave Diverting")),
        original_called_name: None,
        extension: None,
    };
    b.setup(Msg {
        channel: Some(1),
        calling: Some("2000"),
        called: Some("1000"),
        ops: vec![
            Op::typed(op::CALLING_NAME, Argument::Name(name("Bob Strowger"))),
            Op::typed(op::DLI2, Argument::DivertingLegInformation2(dli2)),
        ],
        ..Msg::default()
    });
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let call = ring.call.unwrap();
    let r = ring.ring.clone().unwrap();
    assert_eq!(r.called, "1000");
    assert_eq!(r.calling, "2000");
    assert_eq!(r.calling_name, "Bob Strowger");
    assert_eq!(r.redirecting_number, "4001");
    assert_eq!(r.redirecting_name, "Dave Diverting");
    assert_eq!(r.original_called_number, "4000");
    assert_eq!(r.redirecting_reason, redir::FORWARD_ON_NO_REPLY);

    b.peer.proceeding(call, ring.channel).unwrap();
    b.peer
        .alerting(call, ring.channel, "1000", "Alice Libpri")
        .unwrap();
    let alerting = b.wait_message(MessageType::ALERTING, 1, "libpri's ALERTING");
    assert_eq!(name_arg(&alerting, op::CALLED_NAME), "Alice Libpri");
    b.peer
        .answer(call, ring.channel, "1000", "Alice Libpri")
        .unwrap();
    let connect = b.wait_message(MessageType::CONNECT, 1, "libpri's CONNECT");
    assert_eq!(name_arg(&connect, op::CONNECTED_NAME), "Alice Libpri");
    with_arg(op::DLI3, connect.invoke(op::DLI3).expect("DLI3"), |a| {
        let Argument::DivertingLegInformation3(d) = a else {
            panic!("{a:?}")
        };
        assert!(d.presentation_allowed);
        assert_eq!(
            name_text(&d.redirection_name.expect("redirectionName")),
            "Alice Libpri"
        );
    });
    b.run_until(Duration::from_secs(3), "CONNECT ACKNOWLEDGE sent", |b| {
        b.sent
            .iter()
            .any(|m| m[4] == MessageType::CONNECT_ACKNOWLEDGE.0)
    });

    b.peer.hangup(call, 16).unwrap();
    let disc = b.wait_message(MessageType::DISCONNECT, 1, "libpri's DISCONNECT");
    assert_eq!(disc.cause, Some(16));
    b.wait_message(
        MessageType::RELEASE_COMPLETE,
        1,
        "libpri's RELEASE COMPLETE",
    );
    b.finish(
        "basic-to-libpri",
        &["callingName", "divertingLegInformation2"],
        &["calledName", "connectedName", "divertingLegInformation3"],
    );
}
both_sides!(basic_call_to_libpri);

/// Busy (cause 17) and unallocated number (cause 1) both ways: we refuse libpri's calls
/// (DISCONNECT after CALL PROCEEDING, RELEASE COMPLETE in answer to the SETUP) and libpri
/// reports the cause; libpri refuses ours and we decode its cause.
fn busy_and_unallocated(we_network: bool) {
    let mut b = Bench::new(we_network);
    let setup = |called| Setup {
        channel: 1,
        called,
        calling: "1000",
        ..Setup::default()
    };

    // libpri -> us, busy: CALL PROCEEDING, then DISCONNECT #17.
    let busy = b.peer.setup(&setup("2001")).unwrap();
    let s1 = b.wait_message(MessageType::SETUP, 1, "libpri's first SETUP");
    b.send(
        s1.ours(),
        MessageType::CALL_PROCEEDING,
        Msg {
            channel: Some(1),
            ..Msg::default()
        },
    );
    we_clear(&mut b, &s1, busy, CauseValue::USER_BUSY);
    let busy_cause = b.event(EventKind::HangupReq, Some(busy)).unwrap().cause;

    // libpri -> us, unallocated number: RELEASE COMPLETE #1 in answer to the SETUP.
    let unalloc = b.peer.setup(&setup("9999")).unwrap();
    let s2 = b.wait_message(MessageType::SETUP, 2, "libpri's second SETUP");
    b.send(
        s2.ours(),
        MessageType::RELEASE_COMPLETE,
        Msg {
            cause: Some(CauseValue::UNALLOCATED_NUMBER),
            ..Msg::default()
        },
    );
    let h = b.wait_event(
        EventKind::Hangup,
        Some(unalloc),
        "libpri reports RELEASE COMPLETE",
    );
    assert_eq!(busy_cause, Some(17), "busy as libpri reports it");
    assert_eq!(h.cause, Some(1), "unallocated number as libpri reports it");

    // us -> libpri, busy: CALL PROCEEDING, then DISCONNECT #17.
    let ours = b.setup(Msg {
        channel: Some(2),
        calling: Some("2000"),
        called: Some("1001"),
        ..Msg::default()
    });
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our first SETUP");
    b.peer.proceeding(ring.call.unwrap(), ring.channel).unwrap();
    b.peer.hangup(ring.call.unwrap(), 17).unwrap();
    let disc = b.wait_message(MessageType::DISCONNECT, 1, "libpri's DISCONNECT");
    assert_eq!(disc.ours(), ours);
    assert_eq!(disc.cause, Some(17), "busy from libpri");
    b.wait_message(
        MessageType::RELEASE_COMPLETE,
        1,
        "libpri's RELEASE COMPLETE",
    );

    // us -> libpri, unallocated number: libpri refuses the SETUP with RELEASE COMPLETE #1.
    let ours = b.setup(Msg {
        channel: Some(3),
        calling: Some("2000"),
        called: Some("9998"),
        ..Msg::default()
    });
    b.run_until(Duration::from_secs(5), "second RING", |b| {
        b.count(EventKind::Ring) == 2
    });
    let ring = b
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Ring)
        .nth(1)
        .unwrap()
        .clone();
    assert_eq!(ring.ring.as_ref().unwrap().called, "9998");
    b.peer.hangup(ring.call.unwrap(), 1).unwrap();
    let rc = b.wait_message(MessageType::RELEASE_COMPLETE, 2, "libpri's refusal");
    assert_eq!(rc.ours(), ours);
    assert_eq!(rc.cause, Some(1), "unallocated number from libpri");
    b.finish("busy-unallocated", &[], &[]);
}
both_sides!(busy_and_unallocated);

/// A call diverted while it rings: libpri, as the diverting end, sends
/// DivertingLegInformation1 and DivertingLegInformation3 and we decode them; we do the same
/// towards libpri, which reports the redirection.
fn diverted_call_dli1_dli3(we_network: bool) {
    let mut b = Bench::new(we_network);

    // We call libpri; libpri diverts (cfnr) to 5001 "Carol Diverted".
    b.setup(Msg {
        channel: Some(1),
        calling: Some("2000"),
        called: Some("5000"),
        ..Msg::default()
    });
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let call = ring.call.unwrap();
    b.peer.proceeding(call, ring.channel).unwrap();
    b.peer
        .redirecting(
            call,
            "5001",
            "Carol Diverted",
            redir::FORWARD_ON_NO_REPLY,
            pres::ALLOWED,
        )
        .unwrap();
    let f1 = b.wait_invoke(op::DLI1, "libpri's DLI1");
    assert_eq!(f1.mt, MessageType::FACILITY);
    with_arg(op::DLI1, f1.invoke(op::DLI1).unwrap(), |a| {
        let Argument::DivertingLegInformation1(d) = a else {
            panic!("{a:?}")
        };
        assert_eq!(d.diversion_reason, reason::CFNR);
        assert_eq!(d.nominated_nr.digits(), b"5001");
    });
    let f3 = b.wait_invoke(op::DLI3, "libpri's DLI3");
    with_arg(op::DLI3, f3.invoke(op::DLI3).unwrap(), |a| {
        let Argument::DivertingLegInformation3(d) = a else {
            panic!("{a:?}")
        };
        assert!(d.presentation_allowed);
        assert_eq!(
            name_text(&d.redirection_name.expect("redirectionName")),
            "Carol Diverted"
        );
    });
    b.peer.hangup(call, 16).unwrap();
    b.wait_message(MessageType::DISCONNECT, 1, "libpri's DISCONNECT");
    b.wait_message(
        MessageType::RELEASE_COMPLETE,
        1,
        "libpri's RELEASE COMPLETE",
    );

    // libpri calls us; we divert (cfnr, notification with the diverted-to number) to 6001.
    let call = b
        .peer
        .setup(&Setup {
            channel: 2,
            called: "6000",
            calling: "1000",
            calling_name: "Alice Libpri",
            ..Setup::default()
        })
        .unwrap();
    let setup = b.wait_message(MessageType::SETUP, 1, "libpri's SETUP");
    let cr = setup.ours();
    b.send(
        cr,
        MessageType::CALL_PROCEEDING,
        Msg {
            channel: Some(2),
            ..Msg::default()
        },
    );
    b.send(
        cr,
        MessageType::FACILITY,
        Msg {
            ops: vec![Op::typed(
                op::DLI1,
                Argument::DivertingLegInformation1(DivertingLegInformation1 {
                    diversion_reason: reason::CFNR,
                    subscription_option: 2,
                    nominated_nr: PartyNumber::Unknown(b"6001"),
                    extension: None,
                }),
            )],
            ..Msg::default()
        },
    );
    b.send(
        cr,
        MessageType::FACILITY,
        Msg {
            ops: vec![Op::typed(
                op::DLI3,
                Argument::DivertingLegInformation3(DivertingLegInformation3 {
                    presentation_allowed: true,
                    redirection_name: Some(name("Dave Diverted")),
                    extension: None,
                }),
            )],
            ..Msg::default()
        },
    );
    b.run_until(
        Duration::from_secs(5),
        "libpri reports the diversion",
        |b| {
            b.events.iter().any(|e| {
                e.call == Some(call)
                    && e.subcommands
                        .iter()
                        .any(|s| matches!(s, Subcommand::Redirecting(_)))
            })
        },
    );
    let red = b
        .events
        .iter()
        .filter(|e| e.call == Some(call))
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
    we_clear(&mut b, &setup, call, CauseValue::NORMAL_CLEARING);
    b.finish(
        "diverted-dli1-dli3",
        &["divertingLegInformation1", "divertingLegInformation3"],
        &["divertingLegInformation1", "divertingLegInformation3"],
    );
}
both_sides!(diverted_call_dli1_dli3);

/// callRerouteing both ways: libpri asks us to reroute our call and we decode the request;
/// we ask libpri to reroute its call, libpri reports it and its acceptance reaches us as a
/// returnResult for our invoke.
fn call_rerouteing(we_network: bool) {
    let mut b = Bench::new(we_network);

    b.setup(Msg {
        channel: Some(1),
        calling: Some("2000"),
        called: Some("7000"),
        ..Msg::default()
    });
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let call = ring.call.unwrap();
    b.peer.proceeding(call, ring.channel).unwrap();
    b.peer
        .reroute(call, "7001", "7000", "7000", redir::UNCONDITIONAL, 1, 2)
        .unwrap();
    let f = b.wait_invoke(op::CALL_REROUTEING, "libpri's callRerouteing");
    assert_eq!(f.mt, MessageType::FACILITY);
    let cr = CallRerouteing::parse(f.invoke(op::CALL_REROUTEING).unwrap());
    assert_eq!(cr.reason, reason::CFU);
    assert_eq!(cr.called, "7001");
    assert_eq!(cr.counter, 1);
    assert_eq!(cr.last_rerouteing.as_deref(), Some("7000"));
    assert_eq!(cr.subscription_option, 2);
    assert_eq!(
        cr.pss1.first(),
        Some(&0x04),
        "bearer capability in pSS1InfoElement"
    );
    let id = f.invoke_id(op::CALL_REROUTEING).unwrap();
    b.send(
        f.ours(),
        MessageType::FACILITY,
        Msg {
            results: vec![id],
            ..Msg::default()
        },
    );
    b.send(
        f.ours(),
        MessageType::DISCONNECT,
        Msg {
            cause: Some(CauseValue::NORMAL_CLEARING),
            ..Msg::default()
        },
    );
    b.wait_message(MessageType::RELEASE, 1, "libpri's RELEASE");

    // libpri calls us; we ask it to reroute to 8001 (cfb).
    let call = b
        .peer
        .setup(&Setup {
            channel: 2,
            called: "8000",
            calling: "1000",
            ..Setup::default()
        })
        .unwrap();
    let setup = b.wait_message(MessageType::SETUP, 1, "libpri's SETUP");
    b.send(
        setup.ours(),
        MessageType::CALL_PROCEEDING,
        Msg {
            channel: Some(2),
            ..Msg::default()
        },
    );
    let our_id = b.next_invoke_id();
    b.send(
        setup.ours(),
        MessageType::FACILITY,
        Msg {
            ops: vec![Op {
                op: op::CALL_REROUTEING,
                arg: CallRerouteing::encode(reason::CFB, "8001", 1, "8000", 2, "1000"),
            }],
            ..Msg::default()
        },
    );
    b.run_until(
        Duration::from_secs(5),
        "libpri reports the rerouting",
        |b| {
            b.events.iter().any(|e| {
                e.call == Some(call)
                    && e.subcommands
                        .iter()
                        .any(|s| matches!(s, Subcommand::Rerouting { .. }))
            })
        },
    );
    let (deflection, invoke_id, subscription) = b
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
    assert_eq!(subscription, 2);
    assert_eq!(invoke_id, our_id);
    // Accepted, "clear call on invocation": the returnResult rides on libpri's DISCONNECT.
    b.peer
        .rerouting_rsp(call, invoke_id, rerouting_rsp::OK_CLEAR)
        .unwrap();
    b.peer.hangup(call, 16).unwrap();
    let disc = b.wait_message(MessageType::DISCONNECT, 1, "libpri's DISCONNECT");
    assert!(
        disc.components
            .contains(&Component::ReturnResult { id: our_id }),
        "returnResult for our callRerouteing: {:?}",
        disc.components
    );
    b.wait_message(
        MessageType::RELEASE_COMPLETE,
        1,
        "libpri's RELEASE COMPLETE",
    );
    b.finish("call-rerouteing", &["callRerouteing"], &["callRerouteing"]);
}
both_sides!(call_rerouteing);

/// MWI: libpri sends mwiActivate and mwiDeactivate for served user 2000 in call-independent
/// SETUPs; we decode the arguments and answer each with RELEASE COMPLETE carrying a
/// returnResult; libpri reports the connection cleared.
fn mwi_from_libpri(we_network: bool) {
    let mut b = Bench::new(we_network);
    for (k, activate) in [(1, true), (2, false)] {
        let o = if activate {
            op::MWI_ACTIVATE
        } else {
            op::MWI_DEACTIVATE
        };
        let call = b.peer.mwi(activate, "9000", "Voicemail", "2000").unwrap();
        let setup = b.wait_message(MessageType::SETUP, k, "libpri's MWI SETUP");
        let m = MessageRepr::parse_bytes(&setup.bytes).unwrap();
        let call_independent = m.ies.iter().any(
            |ie| matches!(ie, Ie::BearerCapability(bc) if bc.transfer_capability.value() == 0x08),
        );
        assert!(call_independent, "call-independent bearer: {:?}", m.ies);
        with_arg(o, setup.invoke(o).expect("MWI invoke"), |a| {
            let Argument::Mwi(w) = a else { panic!("{a:?}") };
            assert_eq!(w.served_user_nr.digits(), b"2000");
            assert_eq!(w.basic_service, 1, "speech");
        });
        let id = setup.invoke_id(o).unwrap();
        b.send(
            setup.ours(),
            MessageType::RELEASE_COMPLETE,
            Msg {
                cause: Some(CauseValue::NORMAL_CLEARING),
                results: vec![id],
                ..Msg::default()
            },
        );
        let h = b.wait_event(EventKind::Hangup, Some(call), "libpri reports the release");
        assert_eq!(h.cause, Some(16));
    }
    b.finish("mwi", &[], &["mwiActivate", "mwiDeactivate"]);
}
both_sides!(mwi_from_libpri);

/// Transfer: libpri joins two answered calls (callTransferComplete on both, primary and
/// secondary end, alerting) and we decode both; we send callTransferComplete to libpri,
/// which reports the new connected party; libpri announces a new party on an answered call
/// with callTransferComplete (answered), which we decode.
fn transfer(we_network: bool) {
    let mut b = Bench::new(we_network);
    let mut answered = Vec::new();
    for (k, called) in [(1u8, "2000"), (2, "2001")] {
        let call = b
            .peer
            .setup(&Setup {
                channel: i32::from(k),
                called,
                calling: "1000",
                ..Setup::default()
            })
            .unwrap();
        let setup = b.wait_message(MessageType::SETUP, usize::from(k), "libpri's SETUP");
        let cr = setup.ours();
        b.send(
            cr,
            MessageType::CALL_PROCEEDING,
            Msg {
                channel: Some(k),
                ..Msg::default()
            },
        );
        b.send(cr, MessageType::CONNECT, Msg::default());
        b.wait_event(EventKind::Answer, Some(call), "libpri reports CONNECT");
        answered.push((call, cr));
    }
    b.wait_message(MessageType::CONNECT_ACKNOWLEDGE, 2, "CONNECT ACKNOWLEDGE");
    b.peer.transfer(answered[0].0, answered[1].0).unwrap();
    b.run_until(
        Duration::from_secs(5),
        "callTransferComplete on both calls",
        |b| {
            b.received
                .iter()
                .filter(|r| r.invoke(op::CALL_TRANSFER_COMPLETE).is_some())
                .count()
                == 2
        },
    );
    let ct: Vec<(u16, CtComplete)> = b
        .received
        .iter()
        .filter_map(|r| {
            r.invoke(op::CALL_TRANSFER_COMPLETE)
                .map(|a| (r.ours().value(), CtComplete::parse(a)))
        })
        .collect();
    for (cr, c) in &ct {
        let primary = *cr == answered[0].1.value();
        assert_eq!(c.end_designation, if primary { 0 } else { 1 }, "{c:?}");
        assert_eq!(c.redirection_number, None, "presentation restricted");
        assert_eq!(c.call_status, 1, "alerting");
    }
    for (call, cr) in &answered {
        b.send(
            *cr,
            MessageType::DISCONNECT,
            Msg {
                cause: Some(CauseValue::NORMAL_CLEARING),
                ..Msg::default()
            },
        );
        b.wait_event(
            EventKind::HangupReq,
            Some(*call),
            "libpri reports DISCONNECT",
        );
    }
    b.wait_message(MessageType::RELEASE, 2, "libpri's RELEASEs");

    // We call libpri, it answers; we transfer the call: callTransferComplete to libpri.
    b.setup(Msg {
        channel: Some(3),
        calling: Some("2000"),
        called: Some("1000"),
        ..Msg::default()
    });
    let ring = b.wait_event(EventKind::Ring, None, "libpri reports our SETUP");
    let call = ring.call.unwrap();
    b.peer.proceeding(call, ring.channel).unwrap();
    b.peer
        .answer(call, ring.channel, "1000", "Alice Libpri")
        .unwrap();
    let connect = b.wait_message(MessageType::CONNECT, 1, "libpri's CONNECT");
    b.send(
        connect.ours(),
        MessageType::FACILITY,
        Msg {
            ops: vec![Op {
                op: op::CALL_TRANSFER_COMPLETE,
                arg: CtComplete::encode("3456", "Eve Transferred"),
            }],
            ..Msg::default()
        },
    );
    b.run_until(Duration::from_secs(5), "libpri reports the transfer", |b| {
        b.events.iter().any(|e| {
            e.kind == EventKind::Facility
                && e.call == Some(call)
                && connected_line(&e.subcommands).is_some()
        })
    });
    let party = b
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Facility && e.call == Some(call))
        .find_map(|e| connected_line(&e.subcommands))
        .unwrap();
    assert_eq!(party, ("3456".into(), "Eve Transferred".into()));

    // libpri's end of the call is transferred to 4567 "Frank Transferred".
    b.peer.connected(call, "4567", "Frank Transferred").unwrap();
    b.run_until(
        Duration::from_secs(5),
        "libpri's callTransferComplete",
        |b| {
            b.received
                .iter()
                .filter(|r| r.invoke(op::CALL_TRANSFER_COMPLETE).is_some())
                .count()
                == 3
        },
    );
    let last = b
        .received
        .iter()
        .rev()
        .find_map(|r| r.invoke(op::CALL_TRANSFER_COMPLETE))
        .map(CtComplete::parse)
        .unwrap();
    assert_eq!(
        last,
        CtComplete {
            end_designation: 0,
            redirection_number: Some("4567".into()),
            redirection_name: Some("Frank Transferred".into()),
            call_status: 0,
        }
    );
    b.peer.hangup(call, 16).unwrap();
    b.wait_message(MessageType::DISCONNECT, 1, "libpri's DISCONNECT");
    b.finish(
        "transfer",
        &["callTransferComplete"],
        &["callTransferComplete"],
    );
}
both_sides!(transfer);
