//! Two QSIG PINXs back to back on simulated time: a call with a callingName facility, answered,
//! then cleared; every message is printed as it crosses the D-channel.
//!
//! `cargo run -p strowger-q931-qsig --example call_pair`

use std::time::Duration;

use strowger_q931_qsig::call::{
    Bearer, CallControl, ChannelRequest, Config, Event, Number, Reply, Setup, Side,
};
use strowger_q931_qsig::qsig::service::{self, names, InvokeIds, NameKind};
use strowger_q931_qsig::{CauseValue, Instant, Message};

fn show(from: &str, m: &[u8]) {
    let v = Message::new_checked(m).expect("the entity emits valid messages");
    let cr = v.call_reference();
    println!(
        "{from:>4} -> {:<20} cr={:<3} flag={} {:02x?}",
        v.message_type().to_string(),
        cr.value(),
        u8::from(cr.flag()),
        m
    );
}

fn main() {
    let mut a = CallControl::new(Config::pri_e1(Side::Network));
    let mut b = CallControl::new(Config::pri_e1(Side::User));
    let mut now = Instant::ZERO;

    let mut setup = Setup::new(Bearer::speech_alaw(), ChannelRequest::Any);
    setup.calling = Some(Number::new(b"1000"));
    setup.called = Some(Number::new(b"2000"));
    setup.sending_complete = true;
    // callingName "Alice" (network facility extension, interpretation APDU, invoke of op 0).
    let name = names::build(
        &mut InvokeIds::new(),
        NameKind::Calling,
        &names::allowed(b"Alice"),
    )
    .expect("a 5-octet name encodes");
    setup.facilities = vec![name];
    let call = a.setup(now, setup).expect("a channel is free");

    let mut hung_up = false;
    for _ in 0..100 {
        // Drain every output of both sides; only when all is quiet does time move on.
        let mut busy = false;
        while let Some(m) = a.poll_transmit() {
            busy = true;
            show("A", &m);
            b.handle_message(now, &m);
        }
        while let Some(m) = b.poll_transmit() {
            busy = true;
            show("B", &m);
            a.handle_message(now, &m);
        }
        while let Some(ev) = b.poll_event() {
            busy = true;
            println!("     B: {ev:?}");
            match ev {
                Event::IncomingCall { call, setup, .. } => {
                    for f in &setup.facilities {
                        let got = service::read(f).expect("a QSIG Facility IE");
                        println!("     B: names {:?}", names::events(&got));
                    }
                    b.alerting(now, call, Reply::default()).unwrap();
                    b.connect(now, call, Reply::default()).unwrap();
                }
                Event::Disconnected { call, .. } => {
                    b.hangup(now, call, CauseValue::NORMAL_CLEARING, vec![])
                        .unwrap();
                }
                _ => {}
            }
        }
        while let Some(ev) = a.poll_event() {
            busy = true;
            println!("     A: {ev:?}");
            if matches!(ev, Event::Connected { .. }) && !hung_up {
                hung_up = true;
                now += Duration::from_secs(5);
                a.hangup(now, call, CauseValue::NORMAL_CLEARING, vec![])
                    .unwrap();
            }
        }
        if busy {
            continue;
        }
        match [a.poll_timeout(), b.poll_timeout()]
            .into_iter()
            .flatten()
            .min()
        {
            Some(t) => {
                now = now.max(t);
                a.handle_timeout(now);
                b.handle_timeout(now);
            }
            None => break,
        }
    }
    assert_eq!(a.calls().count() + b.calls().count(), 0);
}
