//! Hostile input and random request sequences: the call-control entity never panics, every
//! message it emits decodes strictly, its channel table stays consistent with its calls, and
//! every call is eventually released once both applications hang up.

use std::time::Duration;

use proptest::prelude::*;
use strowger_q931_qsig::call::{
    Bearer, CallControl, CallId, ChannelRequest, ChannelState, Config, Event, Instant, LinkState,
    Number, Reply, RestartTarget, Setup, Side,
};
use strowger_q931_qsig::{CauseValue, Ie, Message, MessageType};

fn strict(m: &[u8]) {
    let v = Message::new_checked(m).unwrap_or_else(|e| panic!("{m:02x?}: {e}"));
    v.check_comprehension().unwrap();
    for ie in v.ies() {
        Ie::parse_typed(&ie.unwrap()).unwrap_or_else(|e| panic!("{m:02x?}: {e}"));
    }
}

fn configs() -> [Config; 4] {
    [
        Config::pri_e1(Side::User),
        Config::pri_e1(Side::Network),
        Config::bri(Side::User),
        Config::bri(Side::Network),
    ]
}

/// A message-shaped input: protocol discriminator, call reference, type and elements, any of
/// which may be nonsense.
fn message() -> impl Strategy<Value = Vec<u8>> {
    let types = prop_oneof![
        prop::sample::select(MessageType::ALL.iter().map(|t| t.0).collect::<Vec<_>>()),
        any::<u8>(),
    ];
    let ie = prop_oneof![
        (
            prop::sample::select(vec![
                0x04u8, 0x08, 0x14, 0x18, 0x1c, 0x1e, 0x28, 0x4c, 0x6c, 0x70, 0x74, 0x79, 0x0e,
                0x27
            ]),
            prop::collection::vec(any::<u8>(), 0..6)
        )
            .prop_map(|(id, c)| [&[id, c.len() as u8][..], &c].concat()),
        Just(vec![0xa1]),
        any::<u8>().prop_map(|b| vec![b]),
        // Well-formed elements the entity acts on.
        Just(vec![0x04, 0x03, 0x80, 0x90, 0xa3]),
        Just(vec![0x04, 0x02, 0xa8, 0x80]),
        (1u8..32).prop_map(|c| vec![0x18, 0x03, 0xa9, 0x83, 0x80 | c]),
        (1u8..32).prop_map(|c| vec![0x18, 0x03, 0xa1, 0x83, 0x80 | c]),
        (1u8..3).prop_map(|c| vec![0x18, 0x01, 0x88 | c]),
        Just(vec![0x18, 0x01, 0xac]),
        (0u8..0x80).prop_map(|v| vec![0x08, 0x02, 0x81, 0x80 | v]),
        (0u8..0x40).prop_map(|s| vec![0x14, 0x01, s]),
        (0u8..8).prop_map(|c| vec![0x79, 0x01, 0x80 | c]),
    ];
    (
        prop_oneof![Just(0x08u8), any::<u8>()],
        prop_oneof![
            (0u16..4, any::<bool>()).prop_map(|(v, f)| vec![2, (f as u8) << 7, v as u8]),
            (0u8..4, any::<bool>()).prop_map(|(v, f)| vec![1, (f as u8) << 7 | v]),
            Just(vec![0]),
            prop::collection::vec(any::<u8>(), 0..4),
        ],
        types,
        prop::collection::vec(ie, 0..6),
    )
        .prop_map(|(pd, cr, mt, ies)| {
            let mut m = vec![pd];
            m.extend(cr);
            m.push(mt);
            for ie in ies {
                m.extend(ie);
            }
            m
        })
}

/// Channel table and calls agree.
fn consistent(cc: &CallControl) {
    let calls: Vec<CallId> = cc.calls().collect();
    for &c in &calls {
        if let Some(ch) = cc.channel_of(c) {
            assert_eq!(cc.channel_state(ch), Some(ChannelState::Busy(c)), "{c:?}");
        }
    }
    for ch in 0..=u8::MAX {
        if let Some(ChannelState::Busy(c)) = cc.channel_state(ch) {
            assert!(calls.contains(&c), "channel {ch} held by a released call");
            assert_eq!(cc.channel_of(c), Some(ch));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn hostile_messages_never_panic(
        msgs in prop::collection::vec(prop_oneof![message(), prop::collection::vec(any::<u8>(), 0..40)], 1..40),
        times in prop::collection::vec(0u64..200_000, 1..40),
    ) {
        for cfg in configs() {
            let mut cc = CallControl::new(cfg);
            let mut now = Instant::ZERO;
            for (i, m) in msgs.iter().enumerate() {
                cc.handle_message(now, m);
                now += Duration::from_millis(times[i % times.len()]);
                cc.handle_timeout(now);
                let mut n = 0;
                while let Some(out) = cc.poll_transmit() {
                    strict(&out);
                    n += 1;
                }
                // Each input produces a bounded amount of output.
                prop_assert!(n <= 4 + cc.calls().count() * 2);
                while cc.poll_event().is_some() {}
                consistent(&cc);
            }
            prop_assert!(cc.calls().count() <= msgs.len());
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Setup { user: bool, chan: u8, kind: u8 },
    Answer { user: bool, idx: usize, how: u8 },
    Hangup { user: bool, idx: usize, cause: u8 },
    Info { user: bool, idx: usize },
    Enquiry { user: bool, idx: usize },
    Restart { user: bool, chan: Option<u8> },
    Link { user: bool, up: bool },
    Lossy(bool),
    Advance(u64),
}

fn op(faults: bool) -> impl Strategy<Value = Op> {
    let w = u32::from(faults);
    prop_oneof![
        3 => (any::<bool>(), 0u8..33, 0u8..5).prop_map(|(user, chan, kind)| Op::Setup { user, chan, kind }),
        4 => (any::<bool>(), 0usize..6, 0u8..5).prop_map(|(user, idx, how)| Op::Answer { user, idx, how }),
        2 => (any::<bool>(), 0usize..6, 1u8..128).prop_map(|(user, idx, cause)| Op::Hangup { user, idx, cause }),
        1 => (any::<bool>(), 0usize..6).prop_map(|(user, idx)| Op::Info { user, idx }),
        1 => (any::<bool>(), 0usize..6).prop_map(|(user, idx)| Op::Enquiry { user, idx }),
        1 => (any::<bool>(), prop::option::of(0u8..33)).prop_map(|(user, chan)| Op::Restart { user, chan }),
        w => (any::<bool>(), any::<bool>()).prop_map(|(user, up)| Op::Link { user, up }),
        w => any::<bool>().prop_map(Op::Lossy),
        3 => (0u64..200_000).prop_map(Op::Advance),
    ]
}

struct Net {
    u: CallControl,
    n: CallControl,
    now: Instant,
    lossy: bool,
    /// Protocol errors either side reported.
    errors: usize,
}

impl Net {
    fn side(&mut self, user: bool) -> &mut CallControl {
        if user {
            &mut self.u
        } else {
            &mut self.n
        }
    }

    fn run(&mut self) {
        for _ in 0..10_000 {
            let mut busy = false;
            while let Some(m) = self.u.poll_transmit() {
                strict(&m);
                if !self.lossy {
                    self.n.handle_message(self.now, &m);
                }
                busy = true;
            }
            while let Some(m) = self.n.poll_transmit() {
                strict(&m);
                if !self.lossy {
                    self.u.handle_message(self.now, &m);
                }
                busy = true;
            }
            for cc in [&mut self.u, &mut self.n] {
                while let Some(e) = cc.poll_event() {
                    busy = true;
                    match e {
                        Event::EstablishLink => cc.handle_link(self.now, LinkState::Established),
                        Event::ProtocolError { .. } => self.errors += 1,
                        _ => {}
                    }
                }
            }
            consistent(&self.u);
            consistent(&self.n);
            if !busy {
                return;
            }
        }
        panic!("no quiescence");
    }

    fn advance(&mut self, ms: u64) {
        let end = self.now + Duration::from_millis(ms);
        self.run();
        while let Some(t) = [self.u.poll_timeout(), self.n.poll_timeout()]
            .into_iter()
            .flatten()
            .min()
            .filter(|&t| t <= end)
        {
            self.now = self.now.max(t);
            self.u.handle_timeout(self.now);
            self.n.handle_timeout(self.now);
            self.run();
        }
        self.now = end;
    }
}

fn nth(cc: &CallControl, idx: usize) -> Option<CallId> {
    let v: Vec<_> = cc.calls().collect();
    (!v.is_empty()).then(|| v[idx % v.len()])
}

/// Applies `ops`, then hangs up everything; returns the protocol errors seen while applying
/// `ops` and the calls left on each side at the end.
fn sequence(ops: Vec<Op>, bri: bool) -> (usize, usize, usize) {
    let (cu, cn) = if bri {
        (Config::bri(Side::User), Config::bri(Side::Network))
    } else {
        (Config::pri_e1(Side::User), Config::pri_e1(Side::Network))
    };
    let mut net = Net {
        u: CallControl::new(cu),
        n: CallControl::new(cn),
        now: Instant::ZERO,
        lossy: false,
        errors: 0,
    };
    for op in ops {
        let now = net.now;
        match op {
            Op::Setup { user, chan, kind } => {
                let s = match kind {
                    0 => Setup::call_independent(vec![vec![0x9f, 0x8b, 0x01, 0x00]]),
                    k => {
                        let ch = match k {
                            1 => ChannelRequest::Any,
                            2 => ChannelRequest::Preferred(chan),
                            _ => ChannelRequest::Exclusive(chan),
                        };
                        let mut s = Setup::new(Bearer::speech_alaw(), ch);
                        s.called = Some(Number::new(b"200"));
                        s.sending_complete = k != 4;
                        s
                    }
                };
                let _ = net.side(user).setup(now, s);
            }
            Op::Answer { user, idx, how } => {
                let cc = net.side(user);
                if let Some(c) = nth(cc, idx) {
                    let r = Reply::default();
                    let _ = match how {
                        0 => cc.setup_ack(now, c, r),
                        1 => cc.proceeding(now, c, r),
                        2 => cc.alerting(now, c, r),
                        3 => cc.connect(now, c, r),
                        _ => cc.facility(now, c, vec![vec![0x9f, 0x8b, 0x01, 0x00]]),
                    };
                }
            }
            Op::Hangup { user, idx, cause } => {
                let cc = net.side(user);
                if let Some(c) = nth(cc, idx) {
                    let _ = cc.hangup(now, c, CauseValue::new(cause).unwrap(), vec![]);
                }
            }
            Op::Info { user, idx } => {
                let cc = net.side(user);
                if let Some(c) = nth(cc, idx) {
                    let _ = cc.information(now, c, Some(Number::new(b"5")), idx % 2 == 0, vec![]);
                }
            }
            Op::Enquiry { user, idx } => {
                let cc = net.side(user);
                if let Some(c) = nth(cc, idx) {
                    let _ = cc.status_enquiry(now, c);
                }
            }
            Op::Restart { user, chan } => {
                let t = chan.map_or(RestartTarget::Interface, RestartTarget::Channel);
                let _ = net.side(user).restart(now, t);
            }
            Op::Link { user, up } => {
                let s = if up {
                    LinkState::Established
                } else {
                    LinkState::Released
                };
                net.side(user).handle_link(now, s);
            }
            Op::Lossy(l) => net.lossy = l,
            Op::Advance(ms) => net.advance(ms),
        }
        net.run();
    }
    let errors = net.errors;
    // Both applications hang up everything; every call must go away.
    net.lossy = false;
    for _ in 0..6 {
        let now = net.now;
        for user in [true, false] {
            let cc = net.side(user);
            cc.handle_link(now, LinkState::Established);
            let calls: Vec<_> = cc.calls().collect();
            for c in calls {
                let _ = cc.hangup(now, c, CauseValue::NORMAL_CLEARING, vec![]);
            }
        }
        net.advance(400_000);
    }
    (errors, net.u.calls().count(), net.n.calls().count())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_request_sequences_keep_both_sides_consistent_and_clear_every_call(
        ops in prop::collection::vec(op(true), 1..60),
        bri in any::<bool>(),
    ) {
        let (_, u, n) = sequence(ops, bri);
        prop_assert_eq!((u, n), (0, 0));
    }

    /// Without message loss or link failures, no request sequence makes either side see a
    /// protocol error: the two entities always agree on the call states.
    #[test]
    fn lossless_request_sequences_never_produce_protocol_errors(
        ops in prop::collection::vec(op(false), 1..60),
        bri in any::<bool>(),
    ) {
        let (errors, u, n) = sequence(ops, bri);
        prop_assert_eq!((errors, u, n), (0, 0, 0));
    }
}
