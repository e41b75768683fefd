//! The services layer and the call-control entity together, as a gateway wires them: the
//! Facility IE contents built here ride in `call::Setup` / `Reply` / `hangup` / `facility`
//! requests, and the `facilities` of each `call::Event` read back into service indications.
//! Two `CallControl` entities talk over an in-memory link.

use strowger_q931_qsig::call::{
    Bearer, CallControl, CallId, ChannelRequest, Config, Event, Instant, Number, Reply, Setup, Side,
};
use strowger_q931_qsig::qsig::ops::PresentedScreened;
use strowger_q931_qsig::qsig::ops::{
    DivertingLegInformation2, PartyNumber, PresentedNumberUnscreened,
};
use strowger_q931_qsig::qsig::service::diversion::{
    self, DiversionReason, DivertedToPinx, OriginatingPinx,
};
use strowger_q931_qsig::qsig::service::mwi::{MwiAgent, MwiEvent, MwiIndication, Role};
use strowger_q931_qsig::qsig::service::names::{self, NameEvent};
use strowger_q931_qsig::qsig::service::transfer::{
    EndDesignation, EndEvent, EndPinx, Party, TransferringPinx,
};
use strowger_q931_qsig::qsig::service::{self, InvokeIds, NameKind, Outcome};
use strowger_q931_qsig::CauseValue;

/// Moves messages both ways until both sides are quiet; returns the events of each side.
fn pump(a: &mut CallControl, b: &mut CallControl, now: Instant) -> (Vec<Event>, Vec<Event>) {
    let (mut ea, mut eb) = (Vec::new(), Vec::new());
    loop {
        let mut busy = false;
        while let Some(m) = a.poll_transmit() {
            b.handle_message(now, &m);
            busy = true;
        }
        while let Some(m) = b.poll_transmit() {
            a.handle_message(now, &m);
            busy = true;
        }
        while let Some(e) = a.poll_event() {
            ea.push(e);
            busy = true;
        }
        while let Some(e) = b.poll_event() {
            eb.push(e);
            busy = true;
        }
        if !busy {
            return (ea, eb);
        }
    }
}

#[test]
fn mwi_over_a_call_independent_connection() {
    let now = Instant::ZERO;
    let mut mc_pbx = CallControl::new(Config::pri_e1(Side::Network));
    let mut su_pbx = CallControl::new(Config::pri_e1(Side::User));
    let mut mc = MwiAgent::new(Role::MessageCentre, MwiAgent::DEFAULT_TIMEOUT);
    let mut su = MwiAgent::new(Role::ServedUser, MwiAgent::DEFAULT_TIMEOUT);
    let ind = MwiIndication {
        served_user: b"2000".to_vec(),
        basic_service: 1,
        msg_centre: None,
        count: Some(4),
        originating: None,
        timestamp: None,
        priority: None,
    };
    // The connection's handle is its call id, known once the SETUP is sent: the invoke is
    // built under a provisional handle, then renamed.
    let tx = mc.activate(now, &mut InvokeIds::new(), 0, &ind).unwrap();
    let cis_call = mc_pbx
        .setup(now, Setup::call_independent(vec![tx.facility]))
        .unwrap();
    mc.rename_cis(0, cis_call.0);
    let (ea, eb) = pump(&mut mc_pbx, &mut su_pbx, now);
    assert!(ea.is_empty(), "{ea:?}");
    let [Event::IncomingCall {
        call,
        ref setup,
        channel: None,
    }] = eb[..]
    else {
        panic!("{eb:?}")
    };
    assert!(setup.is_call_independent());
    for f in &setup.facilities {
        su.handle_facility(now, call.0, &service::read(f).unwrap());
    }
    let Some(MwiEvent::Activate {
        cis,
        invoke_id,
        indication,
    }) = su.poll_event()
    else {
        panic!()
    };
    assert_eq!((cis, indication.count), (call.0, Some(4)));
    let answer = su.accept(cis, invoke_id).unwrap();
    // The answer clears the connection: RELEASE COMPLETE carries it.
    su_pbx
        .hangup(
            now,
            CallId(cis),
            CauseValue::NORMAL_CLEARING,
            vec![answer.facility],
        )
        .unwrap();
    let (ea, _) = pump(&mut mc_pbx, &mut su_pbx, now);
    let [Event::Released {
        call,
        ref facilities,
        ..
    }] = ea[..]
    else {
        panic!("{ea:?}")
    };
    assert_eq!(call, cis_call);
    for f in facilities {
        mc.handle_facility(now, call.0, &service::read(f).unwrap());
    }
    assert!(matches!(
        mc.poll_event(),
        Some(MwiEvent::Completed {
            outcome: Outcome::Result(_),
            ..
        })
    ));
    assert_eq!(mc.outstanding(), 0);
}

#[test]
fn names_diversion_and_transfer_on_a_basic_call() {
    let now = Instant::ZERO;
    let mut a = CallControl::new(Config::pri_e1(Side::Network));
    let mut b = CallControl::new(Config::pri_e1(Side::User));
    let (mut ids_a, mut ids_b) = (InvokeIds::new(), InvokeIds::starting_at(100));

    // A calls B on behalf of a diverted call: DLI2 and the calling name in the SETUP.
    let mut setup = Setup::new(Bearer::speech_alaw(), ChannelRequest::Exclusive(1));
    setup.called = Some(Number::new(b"4000"));
    setup.sending_complete = true;
    setup.facilities = vec![
        diversion::build_dli2(
            &mut ids_a,
            &DivertingLegInformation2 {
                diversion_counter: 1,
                diversion_reason: DiversionReason::Cfb.value(),
                original_diversion_reason: None,
                diverting_nr: Some(PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(
                    b"3000",
                ))),
                original_called_nr: None,
                redirecting_name: Some(names::allowed(b"Carol")),
                original_called_name: None,
                extension: None,
            },
        )
        .unwrap(),
        names::build(&mut ids_a, NameKind::Calling, &names::allowed(b"Alice")).unwrap(),
    ];
    let call_a = a.setup(now, setup).unwrap();
    let (_, eb) = pump(&mut a, &mut b, now);
    let [Event::IncomingCall {
        call: call_b,
        ref setup,
        ..
    }] = eb[..]
    else {
        panic!("{eb:?}")
    };
    let mut diverted_to = DivertedToPinx::new();
    let mut seen = Vec::new();
    for f in &setup.facilities {
        let r = service::read(f).unwrap();
        diverted_to.handle(&r);
        seen.extend(names::events(&r));
    }
    assert_eq!(
        seen,
        [NameEvent::Presented {
            kind: NameKind::Calling,
            name: b"Alice".to_vec()
        }]
    );
    let sip = diverted_to.info().unwrap().sip_diversion();
    assert_eq!(
        (sip[0].number.as_slice(), sip[0].reason, sip[0].counter),
        (&b"3000"[..], "user-busy", 1)
    );

    // B alerts with its name and DLI3, then answers with the connected name.
    let dli3 = diverted_to
        .dli3(&mut ids_b, true, Some(names::allowed(b"Dave")))
        .unwrap()
        .unwrap();
    let called = names::build(&mut ids_b, NameKind::Called, &names::allowed(b"Dave")).unwrap();
    b.alerting(now, call_b, Reply::with_facilities(vec![called, dli3]))
        .unwrap();
    let (ea, _) = pump(&mut a, &mut b, now);
    let [Event::Alerting { ref facilities, .. }] = ea[..] else {
        panic!("{ea:?}")
    };
    let mut originating = OriginatingPinx::new();
    let mut seen = Vec::new();
    for f in facilities {
        let r = service::read(f).unwrap();
        originating.handle(&r);
        seen.extend(names::events(&r));
    }
    assert_eq!(
        seen,
        [NameEvent::Presented {
            kind: NameKind::Called,
            name: b"Dave".to_vec()
        }]
    );
    let connected =
        names::build(&mut ids_b, NameKind::Connected, &names::allowed(b"Dave")).unwrap();
    b.connect(now, call_b, Reply::with_facilities(vec![connected]))
        .unwrap();
    let (ea, _) = pump(&mut a, &mut b, now);
    let Some(Event::Connected { ref facilities, .. }) = ea.first() else {
        panic!("{ea:?}")
    };
    let r = service::read(&facilities[0]).unwrap();
    assert_eq!(
        names::events(&r),
        [NameEvent::Presented {
            kind: NameKind::Connected,
            name: b"Dave".to_vec()
        }]
    );

    // B's PINX transfers the call by join: callTransferComplete in a FACILITY to A.
    let mut tp = TransferringPinx::new(TransferringPinx::DEFAULT_TIMEOUT);
    let other = Party {
        number: PresentedScreened::Restricted,
        name: Some(names::allowed(b"Erin")),
    };
    let j = tp.join(&mut ids_b, &other, &other, false).unwrap();
    b.facility(now, call_b, vec![j.primary]).unwrap();
    let (ea, _) = pump(&mut a, &mut b, now);
    let [Event::Facility {
        call,
        ref facilities,
    }] = ea[..]
    else {
        panic!("{ea:?}")
    };
    assert_eq!(call, call_a);
    let ev = EndPinx::new().handle(&service::read(&facilities[0]).unwrap());
    let [EndEvent::Transferred {
        end: EndDesignation::Primary,
        ref party,
        alerting: false,
    }] = ev[..]
    else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (party.number.as_deref(), party.name.as_deref()),
        (None, Some(&b"Erin"[..]))
    );
    a.hangup(now, call_a, CauseValue::NORMAL_CLEARING, Vec::new())
        .unwrap();
    let (_, eb) = pump(&mut a, &mut b, now);
    assert!(
        eb.iter().any(|e| matches!(e, Event::Disconnected { .. })),
        "{eb:?}"
    );
    b.hangup(now, call_b, CauseValue::NORMAL_CLEARING, Vec::new())
        .unwrap();
    let (ea, _) = pump(&mut a, &mut b, now);
    assert!(
        ea.iter().any(|e| matches!(e, Event::Released { .. })),
        "{ea:?}"
    );
}
