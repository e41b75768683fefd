//! The libpri captures (basic call, busy, unallocated number) replayed through a user-side
//! and a network-side call-control entity. Each entity plays one libpri instance: it receives
//! the other instance's messages, the test application answers as libpri's application did,
//! and every message the entity emits must equal, byte for byte, the one libpri sent.

use strowger_q921::{Control, FrameRepr};
use strowger_q931_qsig::call::{
    Bearer, CallControl, CallId, ChannelRequest, Config, Event, Instant, Number, Reply, Setup, Side,
};
use strowger_q931_qsig::wire::{ChannelIdentification, Facility};
use strowger_q931_qsig::{CauseValue, Ie, MessageRepr, MessageType};
use strowger_testsupport::qsig_capture_frames;

/// (direction, Q.931 message) of every I-frame of one capture file.
fn messages(file: &str) -> Option<Vec<(char, Vec<u8>)>> {
    let frames = qsig_capture_frames()?;
    let v: Vec<_> = frames
        .iter()
        .filter(|f| f.file == file)
        .filter_map(|f| {
            let fr = FrameRepr::parse_bytes(&f.bytes).unwrap();
            matches!(fr.control, Control::I { .. }).then(|| (f.dir, fr.info.to_vec()))
        })
        .collect();
    assert!(!v.is_empty(), "{file}");
    Some(v)
}

fn facilities(m: &MessageRepr<'_>) -> Vec<Vec<u8>> {
    m.find(|ie| match ie {
        Ie::Facility(f) => Some([&[0x80 | f.protocol_profile][..], f.components].concat()),
        _ => None,
    })
    .collect()
}

fn number(m: &MessageRepr<'_>, id: u8) -> Option<Number> {
    m.find(|ie| match ie {
        Ie::CallingPartyNumber(n) | Ie::CalledPartyNumber(n) | Ie::ConnectedNumber(n)
            if ie.id() == id =>
        {
            Some(Number::from_wire(n))
        }
        _ => None,
    })
    .next()
}

fn reply(m: &MessageRepr<'_>) -> Reply {
    Reply {
        facilities: facilities(m),
        progress: m
            .find(|ie| match ie {
                Ie::Progress(p) => Some(p.description),
                _ => None,
            })
            .next(),
        connected: number(m, 0x4c),
        display: None,
    }
}

fn cause(m: &MessageRepr<'_>) -> CauseValue {
    m.find(|ie| match ie {
        Ie::Cause(c) => Some(c.value),
        _ => None,
    })
    .next()
    .expect("cause")
}

/// What the application does to make the entity send `m` (a message libpri's application
/// triggered).
fn act(cc: &mut CallControl, call: &mut Option<CallId>, m: &MessageRepr<'_>) {
    let now = Instant::ZERO;
    match m.message_type {
        MessageType::SETUP => {
            let ch = m
                .find(|ie| match ie {
                    Ie::ChannelIdentification(c) => Some(*c),
                    _ => None,
                })
                .next()
                .unwrap();
            let n = ch.channels.unwrap().numbers().next().unwrap();
            assert_eq!(ch, ChannelIdentification::pri_b_channel(&[0x80 | n], true));
            let mut s = Setup::new(Bearer::speech_alaw(), ChannelRequest::Exclusive(n));
            s.facilities = facilities(m);
            s.calling = number(m, 0x6c);
            s.called = number(m, 0x70);
            *call = Some(cc.setup(now, s).unwrap());
        }
        MessageType::CALL_PROCEEDING => cc.proceeding(now, call.unwrap(), reply(m)).unwrap(),
        MessageType::ALERTING => cc.alerting(now, call.unwrap(), reply(m)).unwrap(),
        MessageType::CONNECT => cc.connect(now, call.unwrap(), reply(m)).unwrap(),
        MessageType::DISCONNECT | MessageType::RELEASE | MessageType::RELEASE_COMPLETE => cc
            .hangup(now, call.unwrap(), cause(m), facilities(m))
            .unwrap(),
        t => panic!("no application action for {t}"),
    }
}

/// Replays `file` with the entity in the role that sent direction `ours`; returns its events.
fn replay(file: &str, ours: char, side: Side) -> Option<Vec<Event>> {
    let msgs = messages(file)?;
    let mut cc = CallControl::new(Config::pri_e1(side));
    let mut call = None;
    let mut events = Vec::new();
    for (dir, bytes) in &msgs {
        let m = MessageRepr::parse_bytes(bytes).unwrap();
        if *dir == ours {
            let sent = match cc.poll_transmit() {
                Some(s) => s,
                None => {
                    act(&mut cc, &mut call, &m);
                    cc.poll_transmit().expect("the entity sends")
                }
            };
            assert_eq!(
                sent, *bytes,
                "{file} {side:?}: {} differs from libpri's",
                m.message_type
            );
        } else {
            cc.handle_message(Instant::ZERO, bytes);
        }
        while let Some(e) = cc.poll_event() {
            if let Event::IncomingCall { call: c, .. } = &e {
                call = Some(*c);
            }
            events.push(e);
        }
    }
    assert_eq!(
        cc.poll_transmit(),
        None,
        "{file} {side:?}: nothing more to send"
    );
    assert_eq!(cc.calls().count(), 0, "{file} {side:?}: call released");
    assert_eq!(cc.poll_timeout(), None, "{file} {side:?}: no timer left");
    Some(events)
}

/// A compact view of the events: name and the cause value where there is one.
fn summary(ev: &[Event]) -> Vec<(&'static str, Option<u8>)> {
    ev.iter()
        .map(|e| match e {
            Event::IncomingCall { .. } => ("IncomingCall", None),
            Event::Proceeding { .. } => ("Proceeding", None),
            Event::Alerting { .. } => ("Alerting", None),
            Event::Connected { .. } => ("Connected", None),
            Event::ConnectAcknowledged { .. } => ("ConnectAcknowledged", None),
            Event::Disconnected { cause, .. } => ("Disconnected", Some(cause.value.value())),
            Event::Released { cause, .. } => ("Released", Some(cause.value.value())),
            other => panic!("unexpected event {other:?}"),
        })
        .collect()
}

#[test]
fn libpri_basic_call_replayed_on_both_sides() {
    let Some(user) = replay("frames_basic_call.txt", 'O', Side::User) else {
        return;
    };
    assert_eq!(
        summary(&user),
        [
            ("Proceeding", None),
            ("Alerting", None),
            ("Connected", None),
            ("Released", Some(16))
        ]
    );
    // calledName in ALERTING, DLI3 and connectedName in CONNECT, connected number 2000.
    match &user[1] {
        Event::Alerting {
            facilities,
            channel: Some(1),
            ..
        } => {
            assert_eq!(facilities.len(), 1);
            assert_eq!(
                Facility::parse(&facilities[0]).unwrap().protocol_profile,
                Facility::NETWORKING_EXTENSIONS
            );
        }
        e => panic!("{e:?}"),
    }
    match &user[2] {
        Event::Connected {
            facilities,
            connected: Some(n),
            channel: Some(1),
            ..
        } => {
            assert_eq!(facilities.len(), 2);
            assert_eq!(n.digits_str(), "2000");
        }
        e => panic!("{e:?}"),
    }
    let net = replay("frames_basic_call.txt", 'I', Side::Network).unwrap();
    assert_eq!(
        summary(&net),
        [
            ("IncomingCall", None),
            ("Disconnected", Some(16)),
            ("Released", Some(16))
        ]
    );
    match &net[0] {
        Event::IncomingCall { setup, channel, .. } => {
            assert_eq!(*channel, Some(1));
            assert_eq!(setup.channel, ChannelRequest::Exclusive(1));
            assert_eq!(setup.calling.as_ref().unwrap().digits_str(), "1000");
            assert_eq!(setup.called.as_ref().unwrap().digits_str(), "2000");
            // divertingLegInformation2 and callingName.
            assert_eq!(setup.facilities.len(), 2);
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn libpri_busy_replayed_on_both_sides() {
    let Some(user) = replay("frames_busy.txt", 'O', Side::User) else {
        return;
    };
    assert_eq!(
        summary(&user),
        [
            ("Proceeding", None),
            ("Disconnected", Some(17)),
            ("Released", Some(17))
        ]
    );
    let net = replay("frames_busy.txt", 'I', Side::Network).unwrap();
    assert_eq!(
        summary(&net),
        [("IncomingCall", None), ("Released", Some(17))]
    );
}

#[test]
fn libpri_unallocated_replayed_on_both_sides() {
    let Some(user) = replay("frames_unallocated.txt", 'O', Side::User) else {
        return;
    };
    assert_eq!(summary(&user), [("Released", Some(1))]);
    match &user[0] {
        Event::Released { cause, .. } => assert!(!cause.local),
        e => panic!("{e:?}"),
    }
    let net = replay("frames_unallocated.txt", 'I', Side::Network).unwrap();
    assert_eq!(
        summary(&net),
        [("IncomingCall", None), ("Released", Some(1))]
    );
}
