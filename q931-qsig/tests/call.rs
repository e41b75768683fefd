//! Two call-control entities (user side and network side) wired back to back on simulated
//! time: call flows, every timer, STATUS, RESTART, glare, call-independent connections, link
//! loss and Q.931 §5.8 error handling. Every message either entity emits is re-parsed with the
//! crate's strict decoder.

use std::time::Duration;

use strowger_q931_qsig::call::{
    Bearer, CallControl, CallId, ChannelRequest, ChannelState, Config, Event, Instant, LinkState,
    Number, Reply, RestartTarget, Setup, Side, Timer,
};
use strowger_q931_qsig::wire::{
    CallState, Cause, Facility, Location, Presentation, ProgressDescription, Screening,
};
use strowger_q931_qsig::{CallReference, CauseValue, Ie, Message, MessageRepr, MessageType};

/// A callingName invoke as libpri sends it (NFE, interpretation APDU, invoke).
const FAC_NAME: &[u8] = &[
    0x9f, 0xaa, 0x06, 0x80, 0x01, 0x00, 0x82, 0x01, 0x00, 0x8b, 0x01, 0x00, 0xa1, 0x11, 0x02, 0x01,
    0x02, 0x02, 0x01, 0x00, 0x80, 0x09, b'A', b'l', b'i', b'c', b'e', b' ', b'C', b'P', b'E',
];

/// Strict decoding of an emitted message: header, every element typed without error, no
/// unknown comprehension-required element. Returns type and cause value, if any.
fn strict(m: &[u8]) -> (MessageType, Option<CauseValue>) {
    let v = Message::new_checked(m).unwrap_or_else(|e| panic!("{m:02x?}: {e}"));
    v.check_comprehension().unwrap();
    let mut cause = None;
    for ie in v.ies() {
        let ie = Ie::parse_typed(&ie.unwrap()).unwrap_or_else(|e| panic!("{m:02x?}: {e}"));
        if let Ie::Cause(c) = ie {
            cause.get_or_insert(c.value);
        }
    }
    let r = MessageRepr::parse(&v);
    assert_eq!(r.to_vec().unwrap(), m, "re-emission");
    (v.message_type(), cause)
}

struct Pair {
    u: CallControl,
    n: CallControl,
    now: Instant,
    ue: Vec<Event>,
    ne: Vec<Event>,
    /// Messages sent by the user side / network side, in order.
    from_u: Vec<Vec<u8>>,
    from_n: Vec<Vec<u8>>,
    drop_u: bool,
    drop_n: bool,
}

impl Pair {
    fn new() -> Self {
        Self::with(Config::pri_e1(Side::User), Config::pri_e1(Side::Network))
    }

    fn with(u: Config, n: Config) -> Self {
        Self {
            u: CallControl::new(u),
            n: CallControl::new(n),
            now: Instant::ZERO,
            ue: Vec::new(),
            ne: Vec::new(),
            from_u: Vec::new(),
            from_n: Vec::new(),
            drop_u: false,
            drop_n: false,
        }
    }

    /// Delivers messages both ways until both sides are quiet; collects events.
    fn run(&mut self) {
        for _ in 0..1000 {
            let mut busy = false;
            while let Some(m) = self.u.poll_transmit() {
                strict(&m);
                self.from_u.push(m.clone());
                if !self.drop_u {
                    self.n.handle_message(self.now, &m);
                }
                busy = true;
            }
            while let Some(m) = self.n.poll_transmit() {
                strict(&m);
                self.from_n.push(m.clone());
                if !self.drop_n {
                    self.u.handle_message(self.now, &m);
                }
                busy = true;
            }
            while let Some(e) = self.u.poll_event() {
                self.ue.push(e);
                busy = true;
            }
            while let Some(e) = self.n.poll_event() {
                self.ne.push(e);
                busy = true;
            }
            if !busy {
                return;
            }
        }
        panic!("no quiescence");
    }

    /// Advances simulated time by `d`, firing every timer due on the way.
    fn advance(&mut self, d: Duration) {
        let end = self.now + d;
        self.run();
        loop {
            let next = [self.u.poll_timeout(), self.n.poll_timeout()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(t) if t <= end => {
                    self.now = self.now.max(t);
                    self.u.handle_timeout(self.now);
                    self.n.handle_timeout(self.now);
                    self.run();
                }
                _ => break,
            }
        }
        self.now = end;
    }

    fn sent_types(v: &[Vec<u8>]) -> Vec<(MessageType, Option<CauseValue>)> {
        v.iter().map(|m| strict(m)).collect()
    }

    fn take_u(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.ue)
    }

    fn take_n(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.ne)
    }

    fn incoming_n(&mut self) -> (CallId, Box<Setup>, Option<u8>) {
        incoming(&self.take_n())
    }

    fn incoming_u(&mut self) -> (CallId, Box<Setup>, Option<u8>) {
        incoming(&self.take_u())
    }
}

fn incoming(ev: &[Event]) -> (CallId, Box<Setup>, Option<u8>) {
    ev.iter()
        .find_map(|e| match e {
            Event::IncomingCall {
                call,
                setup,
                channel,
            } => Some((*call, setup.clone(), *channel)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no IncomingCall in {ev:?}"))
}

fn released(ev: &[Event], id: CallId) -> (CauseValue, bool, Vec<Vec<u8>>) {
    ev.iter()
        .find_map(|e| match e {
            Event::Released {
                call,
                cause,
                facilities,
            } if *call == id => Some((cause.value, cause.local, facilities.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no Released for {id:?} in {ev:?}"))
}

fn setup_to(digits: &[u8], channel: ChannelRequest) -> Setup {
    let mut s = Setup::new(Bearer::speech_alaw(), channel);
    s.called = Some(Number::new(digits));
    s.calling = Some(
        Number::new(b"1000").with_presentation(Presentation::ALLOWED, Screening::USER_NOT_SCREENED),
    );
    s.sending_complete = true;
    s
}

/// Builds a message as a peer would send it.
fn msg(cr: CallReference, mt: MessageType, ies: Vec<Ie<'_>>) -> Vec<u8> {
    let mut m = MessageRepr::new(cr, mt);
    m.ies = ies;
    m.to_vec().unwrap()
}

fn cause(v: CauseValue) -> Ie<'static> {
    Ie::Cause(Cause::new(Location::PRIVATE_LOCAL, v))
}

/// Drains what `cc` transmitted, decoded strictly.
fn drain(cc: &mut CallControl) -> Vec<(MessageType, Option<CauseValue>, Vec<u8>)> {
    std::iter::from_fn(|| cc.poll_transmit())
        .map(|m| {
            let (t, c) = strict(&m);
            (t, c, m)
        })
        .collect()
}

/// Sets up a user → network call to the active state; returns (user call, network call).
fn active_call(p: &mut Pair, channel: ChannelRequest) -> (CallId, CallId) {
    let cu = p.u.setup(p.now, setup_to(b"2000", channel)).unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.n.connect(p.now, cn, Reply::default()).unwrap();
    p.run();
    assert_eq!(p.u.call_state(cu), CallState::new(10));
    assert_eq!(p.n.call_state(cn), CallState::new(10));
    p.take_u();
    p.take_n();
    (cu, cn)
}

#[test]
fn basic_call_user_to_network_with_facilities() {
    let mut p = Pair::new();
    let mut s = setup_to(b"2000", ChannelRequest::Exclusive(1));
    s.facilities = vec![FAC_NAME.to_vec()];
    s.display = Some(b"Alice".to_vec());
    let cu = p.u.setup(p.now, s).unwrap();
    assert_eq!(p.u.call_reference(cu), Some((1, true)));
    assert_eq!(p.u.channel_state(1), Some(ChannelState::Busy(cu)));
    p.run();
    let (cn, setup, ch) = p.incoming_n();
    assert_eq!(ch, Some(1));
    assert_eq!(setup.channel, ChannelRequest::Exclusive(1));
    assert_eq!(setup.bearer, Bearer::speech_alaw());
    assert_eq!(setup.called.as_ref().unwrap().digits_str(), "2000");
    assert_eq!(setup.calling.as_ref().unwrap().digits_str(), "1000");
    assert!(setup.sending_complete);
    assert_eq!(setup.facilities, vec![FAC_NAME.to_vec()]);
    assert_eq!(setup.display.as_deref(), Some(&b"Alice"[..]));
    assert_eq!(p.n.call_state(cn), CallState::new(6));

    p.n.proceeding(p.now, cn, Reply::default()).unwrap();
    p.n.alerting(
        p.now,
        cn,
        Reply {
            facilities: vec![FAC_NAME.to_vec()],
            progress: Some(ProgressDescription::IN_BAND),
            ..Reply::default()
        },
    )
    .unwrap();
    p.run();
    let ev = p.take_u();
    assert!(matches!(&ev[0], Event::Proceeding { call, channel: Some(1), .. } if *call == cu));
    assert!(
        matches!(&ev[1], Event::Alerting { call, progress: Some(ProgressDescription::IN_BAND), facilities, .. }
        if *call == cu && facilities == &vec![FAC_NAME.to_vec()])
    );
    assert_eq!(p.u.call_state(cu), CallState::new(4));
    assert_eq!(p.n.call_state(cn), CallState::new(7));

    let connected =
        Number::new(b"2000").with_presentation(Presentation::ALLOWED, Screening::USER_NOT_SCREENED);
    p.n.connect(
        p.now,
        cn,
        Reply {
            connected: Some(connected.clone()),
            ..Reply::default()
        },
    )
    .unwrap();
    p.run();
    let ev = p.take_u();
    assert!(
        matches!(&ev[0], Event::Connected { call, connected: Some(n), .. } if *call == cu && *n == connected)
    );
    assert_eq!(p.u.call_state(cu), CallState::new(10));
    assert_eq!(p.n.call_state(cn), CallState::new(10));
    let sent: Vec<_> = Pair::sent_types(&p.from_u)
        .into_iter()
        .map(|x| x.0)
        .collect();
    assert_eq!(sent, [MessageType::SETUP, MessageType::CONNECT_ACKNOWLEDGE]);

    p.u.hangup(p.now, cu, CauseValue::NORMAL_CLEARING, vec![])
        .unwrap();
    p.run();
    let ev = p.take_n();
    assert!(matches!(&ev[0], Event::Disconnected { call, cause, .. }
        if *call == cn && cause.value == CauseValue::NORMAL_CLEARING && !cause.local));
    p.n.hangup(p.now, cn, CauseValue::NORMAL_CLEARING, vec![])
        .unwrap();
    p.run();
    assert_eq!(released(&p.take_u(), cu).0, CauseValue::NORMAL_CLEARING);
    assert_eq!(released(&p.take_n(), cn).0, CauseValue::NORMAL_CLEARING);
    assert_eq!(p.u.calls().count() + p.n.calls().count(), 0);
    assert_eq!(p.u.channel_state(1), Some(ChannelState::Idle));
    assert_eq!(p.n.channel_state(1), Some(ChannelState::Idle));
    let from_n: Vec<_> = Pair::sent_types(&p.from_n).into_iter().collect();
    assert_eq!(
        from_n,
        [
            (MessageType::CALL_PROCEEDING, None),
            (MessageType::ALERTING, None),
            (MessageType::CONNECT, None),
            (MessageType::RELEASE, Some(CauseValue::NORMAL_CLEARING)),
        ]
    );
    assert_eq!(p.u.poll_timeout(), None);
    assert_eq!(p.n.poll_timeout(), None);
}

#[test]
fn basic_call_network_to_user_picks_channels_from_opposite_ends() {
    let mut p = Pair::new();
    let cn =
        p.n.setup(p.now, setup_to(b"1000", ChannelRequest::Any))
            .unwrap();
    assert_eq!(p.n.channel_of(cn), Some(31));
    let cu2 =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Any))
            .unwrap();
    assert_eq!(p.u.channel_of(cu2), Some(1));
    p.run();
    let ev = p.take_u();
    let (cu, setup, ch) = incoming(&ev);
    assert_eq!(
        (ch, setup.channel),
        (Some(31), ChannelRequest::Preferred(31))
    );
    let (cn2, _, ch2) = p.incoming_n();
    assert_eq!(ch2, Some(1));
    p.u.alerting(p.now, cu, Reply::default()).unwrap();
    p.u.connect(p.now, cu, Reply::default()).unwrap();
    assert_eq!(p.u.call_state(cu), CallState::new(8));
    p.run();
    assert_eq!(p.u.call_state(cu), CallState::new(10));
    assert!(p
        .take_u()
        .iter()
        .any(|e| matches!(e, Event::ConnectAcknowledged { call, .. } if *call == cu)));
    assert!(p
        .take_n()
        .iter()
        .any(|e| matches!(e, Event::Connected { call, channel: Some(31), .. } if *call == cn)));
    // The other call, refused by the network side as unallocated before any answer.
    p.n.hangup(p.now, cn2, CauseValue::UNALLOCATED_NUMBER, vec![])
        .unwrap();
    p.run();
    assert_eq!(
        released(&p.take_u(), cu2),
        (CauseValue::UNALLOCATED_NUMBER, false, vec![])
    );
}

#[test]
fn overlap_sending_and_receiving() {
    let mut p = Pair::new();
    let mut s = setup_to(b"2", ChannelRequest::Exclusive(3));
    s.sending_complete = false;
    let cu = p.u.setup(p.now, s).unwrap();
    p.run();
    let (cn, setup, _) = p.incoming_n();
    assert!(!setup.sending_complete);
    p.n.setup_ack(p.now, cn, Reply::default()).unwrap();
    p.run();
    assert!(
        matches!(&p.take_u()[0], Event::SetupAcknowledged { call, channel: Some(3), .. } if *call == cu)
    );
    assert_eq!(p.u.call_state(cu), CallState::new(2));
    assert_eq!(p.n.call_state(cn), CallState::new(25));
    p.advance(Duration::from_secs(10));
    p.u.information(p.now, cu, Some(Number::new(b"0")), false, vec![])
        .unwrap();
    p.advance(Duration::from_secs(10));
    // T302 (15 s) was restarted by the INFORMATION; T304 (20 s) too.
    assert_eq!(p.n.call_state(cn), CallState::new(25));
    p.u.information(p.now, cu, Some(Number::new(b"00")), true, vec![])
        .unwrap();
    p.run();
    let digits: Vec<_> = p
        .take_n()
        .into_iter()
        .filter_map(|e| match e {
            Event::Information {
                called,
                sending_complete,
                ..
            } => Some((called.unwrap().digits, sending_complete)),
            _ => None,
        })
        .collect();
    assert_eq!(digits, [(b"0".to_vec(), false), (b"00".to_vec(), true)]);
    // Sending complete stops T302: nothing happens on the network side.
    p.n.proceeding(p.now, cn, Reply::default()).unwrap();
    p.run();
    assert_eq!(p.u.call_state(cu), CallState::new(3));
    assert!(p.take_n().is_empty());
}

#[test]
fn busy_is_reported_with_cause_17_on_both_sides() {
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Exclusive(1)))
            .unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.n.proceeding(p.now, cn, Reply::default()).unwrap();
    p.n.hangup(p.now, cn, CauseValue::USER_BUSY, vec![])
        .unwrap();
    p.run();
    let ev = p.take_u();
    assert!(ev.iter().any(|e| matches!(e, Event::Disconnected { call, cause, .. }
        if *call == cu && cause.value == CauseValue::USER_BUSY && cause.location == Location::PRIVATE_LOCAL)));
    p.u.hangup(p.now, cu, CauseValue::NORMAL_CLEARING, vec![])
        .unwrap();
    p.run();
    assert_eq!(released(&p.take_u(), cu).0, CauseValue::USER_BUSY);
    assert_eq!(
        released(&p.take_n(), cn),
        (CauseValue::USER_BUSY, true, vec![])
    );
}

#[test]
fn unallocated_number_is_refused_with_release_complete() {
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, setup_to(b"9999", ChannelRequest::Any))
            .unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.n.hangup(p.now, cn, CauseValue::UNALLOCATED_NUMBER, vec![])
        .unwrap();
    p.run();
    assert_eq!(
        Pair::sent_types(&p.from_n),
        [(
            MessageType::RELEASE_COMPLETE,
            Some(CauseValue::UNALLOCATED_NUMBER)
        )]
    );
    assert_eq!(
        released(&p.take_u(), cu),
        (CauseValue::UNALLOCATED_NUMBER, false, vec![])
    );
    assert_eq!(p.u.channel_state(1), Some(ChannelState::Idle));
}

#[test]
fn t303_retransmits_setup_once_then_clears_with_102() {
    for (cfg_cause, reported) in [
        (None, CauseValue::RECOVERY_ON_TIMER_EXPIRY),
        (
            Some(CauseValue::NO_USER_RESPONDING),
            CauseValue::NO_USER_RESPONDING,
        ),
    ] {
        let mut cfg = Config::pri_e1(Side::User);
        if let Some(c) = cfg_cause {
            cfg.t303_cause = c;
        }
        let mut p = Pair::with(cfg, Config::pri_e1(Side::Network));
        p.drop_u = true;
        let cu =
            p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Exclusive(2)))
                .unwrap();
        p.advance(Duration::from_millis(3999));
        assert_eq!(p.from_u.len(), 1);
        p.advance(Duration::from_millis(1));
        assert_eq!(p.from_u.len(), 2);
        assert_eq!(p.from_u[0], p.from_u[1], "same SETUP, same call reference");
        p.advance(Duration::from_secs(4));
        assert_eq!(
            strict(&p.from_u[2]),
            (
                MessageType::RELEASE_COMPLETE,
                Some(CauseValue::RECOVERY_ON_TIMER_EXPIRY)
            )
        );
        assert_eq!(released(&p.take_u(), cu), (reported, true, vec![]));
        assert_eq!(p.u.channel_state(2), Some(ChannelState::Idle));
        assert_eq!(p.u.poll_timeout(), None);
    }
}

fn expect_local_clearing(p: &mut Pair, id: CallId, timer: Timer, cause: CauseValue) {
    let ev = p.take_u();
    assert!(
        ev.iter().any(
            |e| matches!(e, Event::ClearingStarted { call, cause: c, timer: Some(t) }
            if *call == id && c.value == cause && c.local && *t == timer)
        ),
        "{ev:?}"
    );
}

#[test]
fn t310_t301_t304_expiry_disconnect_with_102() {
    // T310 after CALL PROCEEDING.
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Any))
            .unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.n.proceeding(p.now, cn, Reply::default()).unwrap();
    p.advance(Duration::from_secs(29));
    assert_eq!(p.u.call_state(cu), CallState::new(3));
    p.advance(Duration::from_secs(1));
    expect_local_clearing(
        &mut p,
        cu,
        Timer::T310,
        CauseValue::RECOVERY_ON_TIMER_EXPIRY,
    );
    assert!(p
        .take_n()
        .iter()
        .any(|e| matches!(e, Event::Disconnected { cause, .. }
        if cause.value == CauseValue::RECOVERY_ON_TIMER_EXPIRY && !cause.local)));

    // T301 after ALERTING.
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Any))
            .unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.n.alerting(p.now, cn, Reply::default()).unwrap();
    p.advance(Duration::from_secs(179));
    assert_eq!(p.u.call_state(cu), CallState::new(4));
    p.advance(Duration::from_secs(1));
    expect_local_clearing(
        &mut p,
        cu,
        Timer::T301,
        CauseValue::RECOVERY_ON_TIMER_EXPIRY,
    );
    assert_eq!(p.u.call_state(cu), CallState::new(11));

    // T304 in overlap sending.
    let mut p = Pair::new();
    let mut s = setup_to(b"2", ChannelRequest::Any);
    s.sending_complete = false;
    let cu = p.u.setup(p.now, s).unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.n.setup_ack(p.now, cn, Reply::default()).unwrap();
    p.run();
    assert_eq!(p.u.call_state(cu), CallState::new(2));
    p.drop_n = true; // T302 on the network side must not interfere
    p.advance(Duration::from_secs(20));
    expect_local_clearing(
        &mut p,
        cu,
        Timer::T304,
        CauseValue::RECOVERY_ON_TIMER_EXPIRY,
    );
}

#[test]
fn t302_reports_overlap_timeout_and_the_application_clears_with_28() {
    let mut p = Pair::new();
    let mut s = setup_to(b"2", ChannelRequest::Any);
    s.sending_complete = false;
    let cu = p.u.setup(p.now, s).unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.n.setup_ack(p.now, cn, Reply::default()).unwrap();
    p.advance(Duration::from_secs(15));
    assert!(p
        .take_n()
        .iter()
        .any(|e| matches!(e, Event::OverlapTimeout { call } if *call == cn)));
    p.n.hangup(p.now, cn, CauseValue::INVALID_NUMBER_FORMAT, vec![])
        .unwrap();
    p.run();
    assert!(p
        .take_u()
        .iter()
        .any(|e| matches!(e, Event::Disconnected { call, cause, .. }
        if *call == cu && cause.value == CauseValue::INVALID_NUMBER_FORMAT)));
}

#[test]
fn t305_sends_release_with_the_disconnect_cause_and_t308_retransmits_once() {
    let mut p = Pair::new();
    let (cu, cn) = active_call(&mut p, ChannelRequest::Exclusive(7));
    p.u.hangup(p.now, cu, CauseValue::NORMAL_CLEARING, vec![])
        .unwrap();
    p.run();
    // The network application never answers the DISCONNECT.
    assert_eq!(p.n.call_state(cn), CallState::new(12));
    p.drop_u = true; // and loses everything from now on
    p.advance(Duration::from_secs(30));
    let from_u = Pair::sent_types(&p.from_u);
    assert_eq!(
        from_u.last(),
        Some(&(MessageType::RELEASE, Some(CauseValue::NORMAL_CLEARING)))
    );
    assert_eq!(p.u.call_state(cu), CallState::new(19));
    p.advance(Duration::from_secs(4));
    assert_eq!(p.from_u.len(), from_u.len() + 1);
    assert_eq!(p.from_u[p.from_u.len() - 1], p.from_u[p.from_u.len() - 2]);
    p.advance(Duration::from_secs(4));
    assert_eq!(
        released(&p.take_u(), cu),
        (CauseValue::RECOVERY_ON_TIMER_EXPIRY, true, vec![])
    );
    assert_eq!(p.u.channel_state(7), Some(ChannelState::Maintenance));
    // A RESTART of the channel returns it to service.
    p.drop_u = false;
    p.u.restart(p.now, RestartTarget::Channel(7)).unwrap();
    p.run();
    assert_eq!(p.u.channel_state(7), Some(ChannelState::Idle));
    assert!(p.take_u().contains(&Event::RestartAcknowledged {
        target: RestartTarget::Channel(7)
    }));
    // The network side lost its call with the restart.
    assert_eq!(released(&p.take_n(), cn).0, CauseValue::TEMPORARY_FAILURE);
}

#[test]
fn t313_clears_an_unacknowledged_connect() {
    let mut p = Pair::new();
    let cn =
        p.n.setup(p.now, setup_to(b"1000", ChannelRequest::Any))
            .unwrap();
    p.run();
    let (cu, _, _) = p.incoming_u();
    p.drop_u = true;
    p.u.connect(p.now, cu, Reply::default()).unwrap();
    p.advance(Duration::from_secs(4));
    expect_local_clearing(
        &mut p,
        cu,
        Timer::T313,
        CauseValue::RECOVERY_ON_TIMER_EXPIRY,
    );
    let _ = cn;
}

#[test]
fn t322_status_enquiry_retransmitted_once_then_cleared_with_41() {
    let mut p = Pair::new();
    let (cu, _) = active_call(&mut p, ChannelRequest::Any);
    p.drop_u = true;
    p.u.status_enquiry(p.now, cu).unwrap();
    p.advance(Duration::from_secs(4));
    let types: Vec<_> = Pair::sent_types(&p.from_u)
        .into_iter()
        .map(|x| x.0)
        .collect();
    assert_eq!(
        &types[types.len() - 2..],
        [MessageType::STATUS_ENQUIRY, MessageType::STATUS_ENQUIRY]
    );
    p.advance(Duration::from_secs(4));
    expect_local_clearing(&mut p, cu, Timer::T322, CauseValue::TEMPORARY_FAILURE);
    assert_eq!(
        strict(p.from_u.last().unwrap()),
        (MessageType::DISCONNECT, Some(CauseValue::TEMPORARY_FAILURE))
    );
}

#[test]
fn status_enquiry_answered_and_incompatible_state_cleared_with_101() {
    let mut p = Pair::new();
    let (cu, cn) = active_call(&mut p, ChannelRequest::Any);
    p.u.status_enquiry(p.now, cu).unwrap();
    p.run();
    let ev = p.take_u();
    assert!(ev.iter().any(
        |e| matches!(e, Event::Status { call, peer_state: 10, cause }
        if *call == cu && cause.value == CauseValue::RESPONSE_TO_STATUS_ENQUIRY)
    ));
    assert_eq!(p.u.poll_timeout(), None, "T322 stopped");

    // A STATUS claiming Call Received (7) is not compatible with Active as originator.
    let cr = CallReference::pri(1, true).unwrap();
    let status = msg(
        cr,
        MessageType::STATUS,
        vec![
            cause(CauseValue::RESPONSE_TO_STATUS_ENQUIRY),
            Ie::CallState(CallState::new(7).unwrap()),
        ],
    );
    p.u.handle_message(p.now, &status);
    let out = drain(&mut p.u);
    assert_eq!(
        (out[0].0, out[0].1),
        (
            MessageType::RELEASE,
            Some(CauseValue::MESSAGE_NOT_COMPATIBLE_WITH_STATE)
        )
    );
    assert_eq!(p.u.call_state(cu), CallState::new(19));
    p.n.handle_message(p.now, &out[0].2);
    p.run();
    assert_eq!(
        released(&p.take_n(), cn).0,
        CauseValue::MESSAGE_NOT_COMPATIBLE_WITH_STATE
    );
    assert_eq!(p.u.calls().count(), 0);

    // A STATUS reporting the Null state releases the call without a message.
    let (cu, _) = active_call(&mut p, ChannelRequest::Any);
    let (crv, _) = p.u.call_reference(cu).unwrap();
    let status = msg(
        CallReference::pri(crv, true).unwrap(),
        MessageType::STATUS,
        vec![
            cause(CauseValue::TEMPORARY_FAILURE),
            Ie::CallState(CallState::new(0).unwrap()),
        ],
    );
    p.u.handle_message(p.now, &status);
    assert!(drain(&mut p.u).is_empty());
    let ev: Vec<_> = std::iter::from_fn(|| p.u.poll_event()).collect();
    assert_eq!(
        released(&ev, cu),
        (CauseValue::TEMPORARY_FAILURE, false, vec![])
    );
}

#[test]
fn restart_of_a_channel_and_of_the_interface_both_directions() {
    let mut p = Pair::new();
    let (cu, cn) = active_call(&mut p, ChannelRequest::Exclusive(4));
    p.n.restart(p.now, RestartTarget::Channel(4)).unwrap();
    assert_eq!(p.n.channel_state(4), Some(ChannelState::Restarting));
    assert_eq!(
        p.n.restart(p.now, RestartTarget::Interface),
        Err(strowger_q931_qsig::call::CallError::RestartPending)
    );
    p.run();
    assert_eq!(released(&p.ne, cn).0, CauseValue::TEMPORARY_FAILURE);
    assert_eq!(released(&p.ue, cu).0, CauseValue::TEMPORARY_FAILURE);
    assert!(p.take_u().contains(&Event::Restarted {
        target: RestartTarget::Channel(4)
    }));
    assert!(p.take_n().contains(&Event::RestartAcknowledged {
        target: RestartTarget::Channel(4)
    }));
    assert_eq!(p.n.channel_state(4), Some(ChannelState::Idle));
    let types: Vec<_> = Pair::sent_types(&p.from_u)
        .into_iter()
        .map(|x| x.0)
        .collect();
    assert_eq!(types.last(), Some(&MessageType::RESTART_ACKNOWLEDGE));
    let ack = Message::new_checked(p.from_u.last().unwrap().as_slice()).unwrap();
    assert!(ack.call_reference().is_global() && ack.call_reference().flag());

    // The user side restarts the whole interface with two calls up.
    let (a, _) = active_call(&mut p, ChannelRequest::Any);
    let (b, _) = active_call(&mut p, ChannelRequest::Any);
    p.u.restart(p.now, RestartTarget::Interface).unwrap();
    p.run();
    let ue = p.take_u();
    released(&ue, a);
    released(&ue, b);
    assert!(ue.contains(&Event::RestartAcknowledged {
        target: RestartTarget::Interface
    }));
    assert!(p.take_n().contains(&Event::Restarted {
        target: RestartTarget::Interface
    }));
    assert_eq!(p.u.calls().count() + p.n.calls().count(), 0);
    assert!((1..=31)
        .filter(|&c| c != 16)
        .all(|c| p.u.channel_state(c) == Some(ChannelState::Idle)));
}

#[test]
fn t316_retransmits_restart_then_reports_failure() {
    let mut p = Pair::new();
    p.drop_u = true;
    p.u.restart(p.now, RestartTarget::Channel(9)).unwrap();
    p.advance(Duration::from_secs(120));
    assert_eq!(p.from_u.len(), 2);
    assert_eq!(p.from_u[0], p.from_u[1]);
    p.advance(Duration::from_secs(120));
    assert!(p.take_u().contains(&Event::RestartFailed {
        target: RestartTarget::Channel(9)
    }));
    assert_eq!(p.u.channel_state(9), Some(ChannelState::Maintenance));
    assert_eq!(p.u.poll_timeout(), None);
}

#[test]
fn glare_on_the_same_exclusive_channel_network_side_wins() {
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Exclusive(5)))
            .unwrap();
    let cn =
        p.n.setup(p.now, setup_to(b"1000", ChannelRequest::Exclusive(5)))
            .unwrap();
    p.run();
    let ue = p.take_u();
    let (incoming_u, _, ch) = incoming(&ue);
    assert_eq!(ch, Some(5));
    assert_eq!(
        released(&ue, cu),
        (CauseValue::NO_CIRCUIT_AVAILABLE, false, vec![])
    );
    assert_eq!(p.u.channel_state(5), Some(ChannelState::Busy(incoming_u)));
    assert_eq!(p.n.channel_state(5), Some(ChannelState::Busy(cn)));
    assert!(!p
        .take_n()
        .iter()
        .any(|e| matches!(e, Event::IncomingCall { .. })));
    p.u.connect(p.now, incoming_u, Reply::default()).unwrap();
    p.run();
    assert_eq!(p.n.call_state(cn), CallState::new(10));
}

#[test]
fn glare_on_a_preferred_channel_moves_the_user_call_to_another_channel() {
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Preferred(5)))
            .unwrap();
    let cn =
        p.n.setup(p.now, setup_to(b"1000", ChannelRequest::Exclusive(5)))
            .unwrap();
    p.run();
    let (cn_in, _, ch) = p.incoming_n();
    assert_eq!(ch, Some(31), "network side offers another channel");
    let (cu_in, _, ch) = p.incoming_u();
    assert_eq!(ch, Some(5));
    p.n.proceeding(p.now, cn_in, Reply::default()).unwrap();
    p.u.proceeding(p.now, cu_in, Reply::default()).unwrap();
    p.run();
    assert!(p
        .take_u()
        .iter()
        .any(|e| matches!(e, Event::Proceeding { call, channel: Some(31), .. } if *call == cu)));
    assert_eq!(p.u.channel_of(cu), Some(31));
    assert_eq!(p.u.channel_state(31), Some(ChannelState::Busy(cu)));
    assert_eq!(p.u.channel_state(5), Some(ChannelState::Busy(cu_in)));
    assert_eq!(p.n.channel_of(cn), Some(5));
}

#[test]
fn glare_exclusive_beats_preferred_even_against_the_network_side() {
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Exclusive(5)))
            .unwrap();
    let cn =
        p.n.setup(p.now, setup_to(b"1000", ChannelRequest::Preferred(5)))
            .unwrap();
    p.run();
    let (cu_in, _, ch) = p.incoming_u();
    assert_eq!(ch, Some(1), "the user side offers another channel");
    let (cn_in, _, ch) = p.incoming_n();
    assert_eq!(ch, Some(5));
    p.u.alerting(p.now, cu_in, Reply::default()).unwrap();
    p.n.alerting(p.now, cn_in, Reply::default()).unwrap();
    p.run();
    assert_eq!(p.n.channel_of(cn), Some(1));
    assert_eq!(p.n.channel_state(5), Some(ChannelState::Busy(cn_in)));
    assert_eq!(p.u.channel_of(cu), Some(5));
    assert_eq!(p.u.call_state(cu), CallState::new(4));
    assert_eq!(p.n.call_state(cn), CallState::new(4));
}

#[test]
fn call_independent_signalling_connection_with_facilities() {
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, Setup::call_independent(vec![FAC_NAME.to_vec()]))
            .unwrap();
    let setup = &p.u.poll_transmit().unwrap();
    strict(setup);
    let r = MessageRepr::parse_bytes(setup).unwrap();
    let bc = r.ies.iter().find(|ie| ie.id() == 0x04).unwrap();
    let ch = r.ies.iter().find(|ie| ie.id() == 0x18).unwrap();
    let mut b = [0u8; 8];
    let n = bc.emit(&mut b).unwrap();
    assert_eq!(&b[..n], [0x04, 0x02, 0xa8, 0x80]);
    let n = ch.emit(&mut b).unwrap();
    assert_eq!(&b[..n], [0x18, 0x01, 0xac]);
    assert_eq!(p.u.channel_of(cu), None);
    p.n.handle_message(p.now, setup);
    p.run();
    let (cn, s, channel) = p.incoming_n();
    assert!(s.is_call_independent());
    assert_eq!(channel, None);
    assert_eq!(s.facilities, vec![FAC_NAME.to_vec()]);
    p.n.connect(p.now, cn, Reply::with_facilities(vec![FAC_NAME.to_vec()]))
        .unwrap();
    p.run();
    assert!(p.take_u().iter().any(
        |e| matches!(e, Event::Connected { call, channel: None, facilities, .. }
        if *call == cu && facilities.len() == 1)
    ));
    p.n.facility(p.now, cn, vec![FAC_NAME.to_vec()]).unwrap();
    p.run();
    assert!(p.take_u().contains(&Event::Facility {
        call: cu,
        facilities: vec![FAC_NAME.to_vec()]
    }));
    // Closed with RELEASE carrying the result, not DISCONNECT.
    p.u.hangup(
        p.now,
        cu,
        CauseValue::NORMAL_CLEARING,
        vec![FAC_NAME.to_vec()],
    )
    .unwrap();
    p.run();
    assert_eq!(
        released(&p.take_n(), cn),
        (CauseValue::NORMAL_CLEARING, false, vec![FAC_NAME.to_vec()])
    );
    released(&p.take_u(), cu);
    let types: Vec<_> = Pair::sent_types(&p.from_u)
        .into_iter()
        .map(|x| x.0)
        .collect();
    assert_eq!(
        types,
        [MessageType::CONNECT_ACKNOWLEDGE, MessageType::RELEASE]
    );
    assert!((1..=31)
        .filter(|&c| c != 16)
        .all(|c| p.n.channel_state(c) == Some(ChannelState::Idle)));

    // Refused (libpri answers an MWI CIS it does not handle with #69).
    let cu =
        p.u.setup(p.now, Setup::call_independent(vec![FAC_NAME.to_vec()]))
            .unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.n.hangup(p.now, cn, CauseValue::FACILITY_NOT_IMPLEMENTED, vec![])
        .unwrap();
    p.run();
    assert_eq!(
        released(&p.take_u(), cu).0,
        CauseValue::FACILITY_NOT_IMPLEMENTED
    );

    // Connectionless FACILITY (dummy call reference).
    p.u.facility_connectionless(vec![FAC_NAME.to_vec()])
        .unwrap();
    p.run();
    assert!(p.take_n().contains(&Event::ConnectionlessFacility {
        facilities: vec![FAC_NAME.to_vec()]
    }));
}

#[test]
fn t309_link_loss_recovery_and_expiry() {
    let mut p = Pair::new();
    let (cu, cn) = active_call(&mut p, ChannelRequest::Any);
    // A second call still being set up is cleared at once.
    let pending =
        p.u.setup(p.now, setup_to(b"2001", ChannelRequest::Any))
            .unwrap();
    p.drop_u = true;
    p.run();
    p.drop_u = false;
    p.u.handle_link(p.now, LinkState::Released);
    assert!(!p.u.is_link_up());
    let ev: Vec<_> = std::iter::from_fn(|| p.u.poll_event()).collect();
    assert_eq!(
        released(&ev, pending),
        (CauseValue::TEMPORARY_FAILURE, true, vec![])
    );
    assert!(ev.contains(&Event::EstablishLink));
    p.advance(Duration::from_secs(5));
    assert_eq!(p.u.call_state(cu), CallState::new(10));
    p.u.handle_link(p.now, LinkState::Established);
    p.run();
    assert_eq!(
        strict(p.from_u.last().unwrap()),
        (MessageType::STATUS, Some(CauseValue::NORMAL_UNSPECIFIED))
    );
    assert!(p
        .take_n()
        .iter()
        .any(|e| matches!(e, Event::Status { call, peer_state: 10, .. } if *call == cn)));
    p.advance(Duration::from_secs(10));
    assert_eq!(p.u.call_state(cu), CallState::new(10), "survived");

    // Now the link stays down past T309.
    p.u.handle_link(p.now, LinkState::Released);
    p.advance(Duration::from_secs(6));
    assert_eq!(
        released(&p.take_u(), cu),
        (CauseValue::TEMPORARY_FAILURE, true, vec![])
    );
    assert_eq!(p.u.calls().count(), 0);
}

#[test]
fn unknown_call_references() {
    let mut u = CallControl::new(Config::pri_e1(Side::User));
    let now = Instant::ZERO;
    let cr = CallReference::pri(0x55, false).unwrap();
    // Any other message: RELEASE COMPLETE #81.
    u.handle_message(now, &msg(cr, MessageType::CONNECT, vec![]));
    let out = drain(&mut u);
    assert_eq!(
        (out[0].0, out[0].1),
        (
            MessageType::RELEASE_COMPLETE,
            Some(CauseValue::INVALID_CALL_REFERENCE)
        )
    );
    let back = Message::new_checked(out[0].2.as_slice()).unwrap();
    assert_eq!(back.call_reference(), cr.inverted());
    // RELEASE: RELEASE COMPLETE #81 too.
    u.handle_message(
        now,
        &msg(
            cr,
            MessageType::RELEASE,
            vec![cause(CauseValue::NORMAL_CLEARING)],
        ),
    );
    assert_eq!(drain(&mut u)[0].1, Some(CauseValue::INVALID_CALL_REFERENCE));
    // RELEASE COMPLETE: ignored.
    u.handle_message(now, &msg(cr, MessageType::RELEASE_COMPLETE, vec![]));
    assert!(drain(&mut u).is_empty());
    // STATUS ENQUIRY: STATUS with the Null state.
    u.handle_message(now, &msg(cr, MessageType::STATUS_ENQUIRY, vec![]));
    let out = drain(&mut u);
    assert_eq!(
        (out[0].0, out[0].1),
        (
            MessageType::STATUS,
            Some(CauseValue::RESPONSE_TO_STATUS_ENQUIRY)
        )
    );
    let st = MessageRepr::parse_bytes(&out[0].2).unwrap();
    assert!(st.ies.contains(&Ie::CallState(CallState::new(0).unwrap())));
    // STATUS reporting a non-null state: RELEASE COMPLETE #101; null: ignored.
    let status = |s| {
        msg(
            cr,
            MessageType::STATUS,
            vec![
                cause(CauseValue::RESPONSE_TO_STATUS_ENQUIRY),
                Ie::CallState(CallState::new(s).unwrap()),
            ],
        )
    };
    u.handle_message(now, &status(10));
    assert_eq!(
        drain(&mut u)[0].1,
        Some(CauseValue::MESSAGE_NOT_COMPATIBLE_WITH_STATE)
    );
    u.handle_message(now, &status(0));
    assert!(drain(&mut u).is_empty());
    // A SETUP claiming to come from the side this entity is: ignored.
    u.handle_message(
        now,
        &setup_bytes(
            CallReference::pri(3, true).unwrap(),
            &[0x04, 0x03, 0x80, 0x90, 0xa3],
        ),
    );
    assert!(drain(&mut u).is_empty());
    // The global call reference: RESTART without its restart indicator gets STATUS #96,
    // a class out of range #100, anything but RESTART / RESTART ACK / STATUS #81.
    let global = CallReference::global(2, false).unwrap();
    for (m, want) in [
        (
            msg(global, MessageType::RESTART, vec![]),
            CauseValue::MANDATORY_IE_MISSING,
        ),
        (
            [
                msg(global, MessageType::RESTART, vec![]).as_slice(),
                &[0x79, 0x01, 0x83],
            ]
            .concat(),
            CauseValue::INVALID_IE_CONTENTS,
        ),
        (
            msg(global, MessageType::STATUS_ENQUIRY, vec![]),
            CauseValue::INVALID_CALL_REFERENCE,
        ),
        (
            msg(global, MessageType::SETUP, vec![]),
            CauseValue::INVALID_CALL_REFERENCE,
        ),
    ] {
        u.handle_message(now, &m);
        let out = drain(&mut u);
        assert_eq!((out[0].0, out[0].1), (MessageType::STATUS, Some(want)));
        let back = Message::new_checked(out[0].2.as_slice()).unwrap();
        assert!(back.call_reference().is_global() && back.call_reference().flag());
    }
    // The wrong call reference length (BRI on PRI) and another protocol: ignored.
    u.handle_message(now, &[0x08, 0x01, 0x05, 0x07]);
    u.handle_message(now, &[0x09, 0x02, 0x00, 0x05, 0x07]);
    assert!(drain(&mut u).is_empty());
    assert_eq!(u.calls().count(), 0);
}

fn setup_bytes(cr: CallReference, extra: &[u8]) -> Vec<u8> {
    let mut m = msg(cr, MessageType::SETUP, vec![]);
    m.extend_from_slice(extra);
    m
}

#[test]
fn mandatory_and_comprehension_errors_get_the_standard_causes() {
    let now = Instant::ZERO;
    let cr = CallReference::pri(9, false).unwrap();
    let bc = [0x04, 0x03, 0x80, 0x90, 0xa3];
    let chan = [0x18, 0x03, 0xa9, 0x83, 0x81];
    let cases: [(Vec<u8>, CauseValue); 4] = [
        // No bearer capability.
        (setup_bytes(cr, &chan), CauseValue::MANDATORY_IE_MISSING),
        // Bearer capability whose octet 3 lacks the extension bit.
        (
            setup_bytes(cr, &[0x04, 0x02, 0x00, 0x90]),
            CauseValue::INVALID_IE_CONTENTS,
        ),
        // An unknown comprehension-required element (0x0E).
        (
            setup_bytes(cr, &[bc.as_slice(), &[0x0e, 0x01, 0x00]].concat()),
            CauseValue::MANDATORY_IE_MISSING,
        ),
        // A channel that does not exist, exclusive.
        (
            setup_bytes(
                cr,
                &[bc.as_slice(), &[0x18, 0x03, 0xa9, 0x83, 0x90]].concat(),
            ),
            CauseValue::new(82).unwrap(),
        ),
    ];
    for (m, want) in cases {
        let mut n = CallControl::new(Config::pri_e1(Side::Network));
        n.handle_message(now, &m);
        let out = drain(&mut n);
        assert_eq!(
            (out[0].0, out[0].1),
            (MessageType::RELEASE_COMPLETE, Some(want)),
            "{m:02x?}"
        );
        assert_eq!(n.calls().count(), 0);
        let ev: Vec<_> = std::iter::from_fn(|| n.poll_event()).collect();
        assert!(
            matches!(ev[0], Event::ProtocolError { ref cause, .. } if cause.value == want && cause.local)
        );
    }

    // On an existing call: unknown message type -> STATUS #97, unexpected -> STATUS #101,
    // DISCONNECT without cause -> RELEASE #96, bad optional element -> STATUS #100.
    let mut p = Pair::new();
    let (cu, _) = active_call(&mut p, ChannelRequest::Any);
    let cr = CallReference::pri(p.u.call_reference(cu).unwrap().0, true).unwrap();
    let mut unknown = msg(cr, MessageType::ALERTING, vec![]);
    *unknown.last_mut().unwrap() = 0x13;
    for (m, want) in [
        (unknown, CauseValue::MESSAGE_TYPE_NONEXISTENT),
        (
            msg(cr, MessageType::ALERTING, vec![]),
            CauseValue::MESSAGE_NOT_COMPATIBLE_WITH_STATE,
        ),
        (
            [
                msg(cr, MessageType::FACILITY, vec![]).as_slice(),
                &[0x1e, 0x02, 0x81, 0x08],
            ]
            .concat(),
            CauseValue::INVALID_IE_CONTENTS,
        ),
        (
            [
                msg(cr, MessageType::INFORMATION, vec![]).as_slice(),
                &[0x0f, 0x00],
            ]
            .concat(),
            CauseValue::MANDATORY_IE_MISSING,
        ),
    ] {
        p.u.handle_message(p.now, &m);
        let out = drain(&mut p.u);
        assert_eq!(
            (out[0].0, out[0].1),
            (MessageType::STATUS, Some(want)),
            "{m:02x?}"
        );
        let st = MessageRepr::parse_bytes(&out[0].2).unwrap();
        assert!(st.ies.contains(&Ie::CallState(CallState::new(10).unwrap())));
    }
    assert_eq!(p.u.call_state(cu), CallState::new(10));
    p.u.handle_message(p.now, &msg(cr, MessageType::DISCONNECT, vec![]));
    let out = drain(&mut p.u);
    assert_eq!(
        (out[0].0, out[0].1),
        (MessageType::RELEASE, Some(CauseValue::MANDATORY_IE_MISSING))
    );
    assert_eq!(p.u.call_state(cu), CallState::new(19));
}

#[test]
fn request_errors_leave_no_trace() {
    use strowger_q931_qsig::call::CallError;
    let mut u = CallControl::new(Config::pri_e1(Side::User));
    let now = Instant::ZERO;
    assert_eq!(
        u.setup(now, setup_to(b"1", ChannelRequest::Exclusive(16))),
        Err(CallError::NoSuchChannel(16))
    );
    let mut s = setup_to(b"1", ChannelRequest::Any);
    s.facilities = vec![vec![0x1f]];
    assert!(matches!(
        u.setup(now, s),
        Err(CallError::InvalidContents(_))
    ));
    let mut s = setup_to(b"1", ChannelRequest::Any);
    s.display = Some(vec![b'x'; 300]);
    assert!(matches!(u.setup(now, s), Err(CallError::Unencodable(_))));
    let a = u
        .setup(now, setup_to(b"1", ChannelRequest::Exclusive(1)))
        .unwrap();
    assert_eq!(
        u.setup(now, setup_to(b"1", ChannelRequest::Exclusive(1))),
        Err(CallError::ChannelBusy(1))
    );
    assert_eq!(
        u.connect(now, a, Reply::default()),
        Err(CallError::InvalidState(1))
    );
    assert_eq!(
        u.hangup(
            CallControl::new(Config::default())
                .poll_timeout()
                .unwrap_or(now),
            CallId(99),
            CauseValue::NORMAL_CLEARING,
            vec![]
        ),
        Err(CallError::UnknownCall)
    );
    assert_eq!(drain(&mut u).len(), 1, "only the one SETUP");
    assert_eq!(u.calls().count(), 1);
    // Every B-channel busy.
    let mut b = CallControl::new(Config::bri(Side::User));
    b.setup(now, setup_to(b"1", ChannelRequest::Any)).unwrap();
    b.setup(now, setup_to(b"1", ChannelRequest::Any)).unwrap();
    assert_eq!(
        b.setup(now, setup_to(b"1", ChannelRequest::Any)),
        Err(CallError::NoChannelAvailable)
    );
}

#[test]
fn basic_rate_interface_uses_one_octet_call_references_and_bri_channels() {
    let mut p = Pair::with(Config::bri(Side::User), Config::bri(Side::Network));
    let cu =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Exclusive(2)))
            .unwrap();
    p.run();
    let m = Message::new_checked(p.from_u[0].as_slice()).unwrap();
    assert_eq!(m.call_reference().length(), 1);
    let ch = m.ies().flatten().find(|ie| ie.id == 0x18).unwrap();
    assert_eq!(ch.contents, [0x8a]);
    let (cn, _, ch) = p.incoming_n();
    assert_eq!(ch, Some(2));
    p.n.connect(p.now, cn, Reply::default()).unwrap();
    p.run();
    assert_eq!(p.u.call_state(cu), CallState::new(10));
}

#[test]
fn clearing_collision_both_sides_disconnect() {
    let mut p = Pair::new();
    let (cu, cn) = active_call(&mut p, ChannelRequest::Any);
    p.u.hangup(p.now, cu, CauseValue::NORMAL_CLEARING, vec![])
        .unwrap();
    p.n.hangup(p.now, cn, CauseValue::NORMAL_CLEARING, vec![])
        .unwrap();
    p.run();
    released(&p.take_u(), cu);
    released(&p.take_n(), cn);
    assert_eq!(p.u.calls().count() + p.n.calls().count(), 0);
    assert_eq!(p.u.poll_timeout(), None);
    assert_eq!(p.n.poll_timeout(), None);
}

#[test]
fn facility_contents_are_exactly_the_wire_facility() {
    let f = Facility::parse(FAC_NAME).unwrap();
    assert_eq!(f.protocol_profile, Facility::NETWORKING_EXTENSIONS);
}

#[test]
fn a_retransmitted_setup_is_ignored_and_the_answer_stops_t303() {
    let mut p = Pair::new();
    let cu =
        p.u.setup(p.now, setup_to(b"2000", ChannelRequest::Any))
            .unwrap();
    p.run();
    let (cn, _, _) = p.incoming_n();
    p.advance(Duration::from_secs(4));
    assert_eq!(p.from_u.len(), 2, "SETUP sent again");
    assert!(
        p.take_n().is_empty(),
        "the duplicate SETUP creates no second call"
    );
    assert_eq!(p.n.calls().count(), 1);
    p.n.proceeding(p.now, cn, Reply::default()).unwrap();
    p.advance(Duration::from_secs(10));
    assert_eq!(p.u.call_state(cu), CallState::new(3));
    assert_eq!(p.from_u.len(), 2);
}

#[test]
fn a_release_out_of_sequence_clears_the_call_with_its_cause() {
    let mut p = Pair::new();
    let (cu, cn) = active_call(&mut p, ChannelRequest::Exclusive(12));
    let (crv, _) = p.u.call_reference(cu).unwrap();
    let release = msg(
        CallReference::pri(crv, true).unwrap(),
        MessageType::RELEASE,
        vec![cause(CauseValue::SWITCHING_EQUIPMENT_CONGESTION)],
    );
    p.u.handle_message(p.now, &release);
    let out = drain(&mut p.u);
    assert_eq!(
        (out[0].0, out[0].1),
        (
            MessageType::RELEASE_COMPLETE,
            Some(CauseValue::SWITCHING_EQUIPMENT_CONGESTION)
        )
    );
    let ev: Vec<_> = std::iter::from_fn(|| p.u.poll_event()).collect();
    assert_eq!(
        released(&ev, cu),
        (CauseValue::SWITCHING_EQUIPMENT_CONGESTION, false, vec![])
    );
    assert_eq!(p.u.channel_state(12), Some(ChannelState::Idle));
    let _ = cn;
}
