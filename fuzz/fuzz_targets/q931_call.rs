//! Q.931 call control: two `CallControl` entities (user and network side, E1, T1 or BRI)
//! wired back to back and driven by a sequence of actions decoded from the input — the
//! application's requests (setup, answers, hangup, restart, status enquiry, information,
//! facility on a call and connectionless, call-independent connections), time advances and
//! timeouts, and, as faults, data-link state changes, message loss and injected messages (raw
//! bytes, or messages built with the codec's builders using the call references in use).
//!
//! Oracles:
//! - nothing panics;
//! - every message an entity sends passes the strict decoder and re-emits byte-exact;
//! - each input (a received message, a timeout, a link change, a request) makes an entity send
//!   at most `4 + 2 × calls` messages, and the two entities reach quiescence;
//! - the channel table agrees with the calls;
//! - while the actions are only requests and time, no `ProtocolError` event appears (the same
//!   property as `q931-qsig/tests/call_prop.rs`);
//! - once both applications hang up everything on a working link, every call is released.
#![no_main]

use std::collections::VecDeque;
use std::time::Duration;

use libfuzzer_sys::arbitrary::{Result as AResult, Unstructured};
use libfuzzer_sys::fuzz_target;
use strowger_q931_qsig::call::{
    Bearer, CallControl, CallId, ChannelRequest, ChannelState, Config, Event, Instant, LinkState,
    Number, Reply, RestartTarget, Setup, Side,
};
use strowger_q931_qsig::qsig::service::{self, names, Interpretation, InvokeIds, NameKind};
use strowger_q931_qsig::wire::{
    BearerCapability, CallState, Cause, ChannelIdentification, CodingStandard, Facility,
    InterfaceType, Location, NumberingPlan, PartyNumber, Progress, ProgressDescription,
    RestartIndicator, TypeOfNumber,
};
use strowger_q931_qsig::{CallReference, CauseValue, Ie, Message, MessageRepr, MessageType};

/// Most actions taken from one input.
const MAX_ACTIONS: usize = 96;
/// Most message deliveries between two actions before the pair counts as livelocked.
const MAX_DELIVERIES: usize = 4_000;

/// Channel number octets (`0x80 | n`) with a `'static` lifetime for the channel builders.
static CHANNEL_OCTETS: [[u8; 1]; 32] = {
    let mut a = [[0u8; 1]; 32];
    let mut i = 0;
    while i < 32 {
        a[i][0] = 0x80 | i as u8;
        i += 1;
    }
    a
};

/// `STROWGER_FUZZ_TRACE=1` prints every message and event (to check what a seed does).
fn trace() -> bool {
    static T: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *T.get_or_init(|| std::env::var_os("STROWGER_FUZZ_TRACE").is_some())
}

/// Strict decoding and byte-exact re-emission of a message an entity sent.
fn strict(m: &[u8]) {
    let v = Message::new_checked(m).unwrap_or_else(|e| panic!("sent {m:02x?}: {e}"));
    v.check_comprehension()
        .unwrap_or_else(|e| panic!("sent {m:02x?}: {e}"));
    for ie in v.ies() {
        let ie = ie.unwrap_or_else(|e| panic!("sent {m:02x?}: {e}"));
        Ie::parse_typed(&ie).unwrap_or_else(|e| panic!("sent {m:02x?}: {e}"));
    }
    let repr = MessageRepr::parse(&v);
    assert_eq!(repr.to_vec().expect("re-emits"), m, "sent message re-emits");
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

struct Net {
    /// `[user side, network side]`.
    cc: [CallControl; 2],
    /// Messages sent and not delivered yet, per sender.
    outbox: [VecDeque<Vec<u8>>; 2],
    now: Instant,
    /// Messages are dropped instead of delivered.
    lossy: bool,
    /// Only requests and time so far: no protocol error may appear.
    clean: bool,
    /// Invoke identifiers for the services facilities put into requests.
    ids: InvokeIds,
}

impl Net {
    /// Applies one input to side `s`, then drains what it produced.
    fn input(&mut self, s: usize, f: impl FnOnce(&mut CallControl, Instant)) {
        let before = self.cc[s].calls().count();
        f(&mut self.cc[s], self.now);
        // Layer 2 answers each DL-ESTABLISH request at once.
        for _ in 0..8 {
            if !self.drain(s, before) {
                return;
            }
            self.cc[s].handle_link(self.now, LinkState::Established);
        }
        panic!("link re-establishment requested again and again");
    }

    /// Drains side `s` after one input; returns whether it asked for the data link.
    fn drain(&mut self, s: usize, before: usize) -> bool {
        let calls = before.max(self.cc[s].calls().count());
        let mut n = 0;
        while let Some(m) = self.cc[s].poll_transmit() {
            strict(&m);
            if trace() {
                eprintln!("{} sends {m:02x?}", ["user", "network"][s]);
            }
            n += 1;
            self.outbox[s].push_back(m);
        }
        assert!(
            n <= 4 + 2 * calls,
            "{n} messages from one input, {calls} calls"
        );
        let mut link = false;
        while let Some(e) = self.cc[s].poll_event() {
            if trace() {
                eprintln!("{} event {e:?}", ["user", "network"][s]);
            }
            match e {
                Event::EstablishLink => link = true,
                Event::ProtocolError { .. } if self.clean => {
                    panic!("protocol error while only requests and time were applied: {e:?}")
                }
                _ => {}
            }
        }
        consistent(&self.cc[s]);
        link
    }

    /// Delivers messages until both outboxes are empty.
    fn run(&mut self) {
        for _ in 0..MAX_DELIVERIES {
            let Some(s) = (0..2).find(|&s| !self.outbox[s].is_empty()) else {
                return;
            };
            let m = self.outbox[s].pop_front().expect("not empty");
            if !self.lossy {
                self.input(1 - s, |cc, now| cc.handle_message(now, &m));
            }
        }
        panic!("no quiescence after {MAX_DELIVERIES} messages");
    }

    /// Lets `ms` pass, firing every timer due on the way.
    fn advance(&mut self, ms: u64) {
        let end = self.now + Duration::from_millis(ms);
        self.run();
        let mut fired = 0;
        while let Some(t) = [self.cc[0].poll_timeout(), self.cc[1].poll_timeout()]
            .into_iter()
            .flatten()
            .min()
            .filter(|&t| t <= end)
        {
            self.now = self.now.max(t);
            for s in 0..2 {
                self.input(s, |cc, now| cc.handle_timeout(now));
                // Every timer due was handled: the next one lies in the future.
                if let Some(next) = self.cc[s].poll_timeout() {
                    assert!(
                        next > self.now,
                        "timer at {next:?} still due at {:?}",
                        self.now
                    );
                }
            }
            self.run();
            fired += 1;
            assert!(fired < 10_000, "timers keep firing within {ms} ms");
        }
        self.now = end;
    }

    fn nth(&self, s: usize, idx: u8) -> Option<CallId> {
        let v: Vec<_> = self.cc[s].calls().collect();
        (!v.is_empty()).then(|| v[usize::from(idx) % v.len()])
    }

    /// The hostile actions end the protocol-error oracle.
    fn fault(&mut self) {
        self.clean = false;
    }
}

/// Facility contents for a request: QSIG service components built with the services layer,
/// or (rarely) fuzzer bytes, which the entity must refuse if they do not decode.
fn facilities(u: &mut Unstructured<'_>, ids: &mut InvokeIds) -> AResult<Vec<Vec<u8>>> {
    let n = u.int_in_range(0..=2)?;
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(match u.int_in_range(0..=4)? {
            0 => {
                names::build(ids, NameKind::Calling, &names::allowed(b"Alice")).expect("valid name")
            }
            1 => vec![0x9f, 0x8b, 0x01, 0x00],
            2 => service::build_result(i32::from(u.arbitrary::<i16>()?), None),
            3 => service::build_invoke(
                Interpretation::Reject,
                ids.next(),
                strowger_q931_qsig::qsig::ops::op::CT_IDENTIFY,
                service::NULL.to_vec(),
            ),
            _ => {
                let len = u.int_in_range(0..=12)?;
                u.bytes(len)?.to_vec()
            }
        });
    }
    Ok(out)
}

fn number(u: &mut Unstructured<'_>) -> AResult<Option<Number>> {
    Ok(match u.int_in_range(0..=3)? {
        0 => None,
        1 => Some(Number::new(b"200")),
        2 => Some(Number::new(b"5")),
        _ => Some(
            Number::new(b"4930123")
                .with_plan(TypeOfNumber::NATIONAL, NumberingPlan::new(1).unwrap()),
        ),
    })
}

/// A message built with the codec's builders, addressed to a call of `cc` (or to a call
/// reference it does not know), for injection.
fn built_message(u: &mut Unstructured<'_>, cc: &CallControl) -> AResult<Option<Vec<u8>>> {
    let bri = cc.config().channels.len() == 2;
    let len = if bri { 1 } else { 2 };
    let calls: Vec<CallId> = cc.calls().collect();
    let cr = match u.int_in_range(0..=5)? {
        0..=2 if !calls.is_empty() => {
            let c = calls[usize::from(u.arbitrary::<u8>()?) % calls.len()];
            let (value, outgoing) = cc.call_reference(c).expect("live call");
            // The peer's messages carry the flag of the side that did not allocate the value.
            let flag = if u.ratio(1, 8)? { outgoing } else { !outgoing };
            CallReference::new(len, value, flag)
        }
        3 => Some(CallReference::DUMMY),
        4 => CallReference::global(len, u.arbitrary()?),
        _ => CallReference::new(
            len,
            u.int_in_range(0..=if bri { 0x7f } else { 0x7fff })?,
            u.arbitrary()?,
        ),
    };
    let Some(cr) = cr else { return Ok(None) };
    let mt = if u.ratio(1, 10)? {
        MessageType(u.arbitrary::<u8>()? & 0x7f)
    } else {
        *u.choose(MessageType::ALL)?
    };
    // Buffers the elements borrow.
    let fac = {
        let mut ids = InvokeIds::starting_at(u.int_in_range(1..=4)?);
        facilities(u, &mut ids)?
    };
    let iface = if bri {
        InterfaceType::Basic
    } else {
        InterfaceType::Primary
    };
    let mut repr = MessageRepr::new(cr, mt);
    let n = u.int_in_range(0..=6)?;
    for _ in 0..n {
        let ie = match u.int_in_range(0..=13)? {
            0 => Ie::BearerCapability(BearerCapability::speech_alaw()),
            1 => Ie::BearerCapability(BearerCapability::call_independent()),
            2 => {
                let ch = u.int_in_range(0..=31)?;
                let exclusive = u.arbitrary()?;
                if bri {
                    Ie::ChannelIdentification(ChannelIdentification {
                        interface_type: iface,
                        exclusive,
                        d_channel: false,
                        selection: ch & 3,
                        interface_id: None,
                        channels: None,
                    })
                } else {
                    Ie::ChannelIdentification(ChannelIdentification::pri_b_channel(
                        &CHANNEL_OCTETS[usize::from(ch)],
                        exclusive,
                    ))
                }
            }
            3 => Ie::ChannelIdentification(ChannelIdentification::no_channel()),
            4 => Ie::Cause(Cause::new(
                Location::USER,
                CauseValue::new(u.int_in_range(0..=127)?).expect("7 bits"),
            )),
            5 => Ie::CallState(CallState::new(u.int_in_range(0..=25)?).expect("call state")),
            6 => Ie::RestartIndicator(RestartIndicator {
                class: *u.choose(&[0, 6, 7])?,
            }),
            7 => Ie::CalledPartyNumber(PartyNumber::new(
                TypeOfNumber::UNKNOWN,
                NumberingPlan::UNKNOWN,
                b"200",
            )),
            8 => Ie::CallingPartyNumber(PartyNumber::new(
                TypeOfNumber::UNKNOWN,
                NumberingPlan::UNKNOWN,
                b"100",
            )),
            9 => Ie::SendingComplete,
            10 => Ie::Progress(Progress {
                coding_standard: CodingStandard::ITU_T,
                location: Location::USER,
                description: ProgressDescription::IN_BAND,
            }),
            11 => Ie::Display(b"x"),
            _ => match fac.get(usize::from(u.arbitrary::<u8>()?) % fac.len().max(1)) {
                Some(f) if !f.is_empty() => Ie::Facility(Facility {
                    protocol_profile: f[0] & 0x1f,
                    components: &f[1..],
                }),
                _ => continue,
            },
        };
        repr = repr.with(ie);
    }
    Ok(repr.to_vec().ok())
}

fn setup(u: &mut Unstructured<'_>, ids: &mut InvokeIds) -> AResult<Setup> {
    let mut s = match u.int_in_range(0..=4)? {
        0 => Setup::call_independent(facilities(u, ids)?),
        k => {
            let chan = u.int_in_range(0..=32)?;
            let ch = match k {
                1 => ChannelRequest::Any,
                2 => ChannelRequest::Preferred(chan),
                3 => ChannelRequest::Exclusive(chan),
                _ => ChannelRequest::Any,
            };
            let bearer = if u.ratio(1, 4)? {
                Bearer::unrestricted_digital()
            } else {
                Bearer::speech_alaw()
            };
            let mut s = Setup::new(bearer, ch);
            s.called = number(u)?;
            s.sending_complete = k != 4;
            s.facilities = facilities(u, ids)?;
            s
        }
    };
    s.calling = number(u)?;
    if u.ratio(1, 4)? {
        s.display = Some(b"Alice".to_vec());
    }
    Ok(s)
}

fn reply(u: &mut Unstructured<'_>, ids: &mut InvokeIds) -> AResult<Reply> {
    let mut r = Reply::with_facilities(facilities(u, ids)?);
    if u.ratio(1, 4)? {
        r.progress = Some(ProgressDescription::IN_BAND);
    }
    r.connected = number(u)?;
    if u.ratio(1, 4)? {
        r.display = Some(b"Bob".to_vec());
    }
    Ok(r)
}

fn act(net: &mut Net, u: &mut Unstructured<'_>) -> AResult<()> {
    let s = usize::from(u.arbitrary::<bool>()?);
    let mut ids = net.ids.clone();
    match u.int_in_range(0..=19)? {
        0..=2 => {
            let st = setup(u, &mut ids)?;
            net.input(s, |cc, now| {
                let _ = cc.setup(now, st);
            });
        }
        3..=6 => {
            let idx = u.arbitrary()?;
            let how = u.int_in_range(0..=5)?;
            let r = reply(u, &mut ids)?;
            if let Some(c) = net.nth(s, idx) {
                net.input(s, |cc, now| {
                    let _ = match how {
                        0 => cc.setup_ack(now, c, r),
                        1 => cc.proceeding(now, c, r),
                        2 => cc.alerting(now, c, r),
                        3 => cc.connect(now, c, r),
                        4 => cc.progress(now, c, r),
                        _ => cc.facility(now, c, r.facilities),
                    };
                });
            }
        }
        7 | 8 => {
            let idx = u.arbitrary()?;
            let cause = CauseValue::new(u.int_in_range(1..=127)?).expect("7 bits");
            let f = facilities(u, &mut ids)?;
            if let Some(c) = net.nth(s, idx) {
                net.input(s, |cc, now| {
                    let _ = cc.hangup(now, c, cause, f);
                });
            }
        }
        9 => {
            let idx = u.arbitrary()?;
            let called = number(u)?;
            let complete = u.arbitrary()?;
            let f = facilities(u, &mut ids)?;
            if let Some(c) = net.nth(s, idx) {
                net.input(s, |cc, now| {
                    let _ = cc.information(now, c, called, complete, f);
                });
            }
        }
        10 => {
            let idx = u.arbitrary()?;
            if let Some(c) = net.nth(s, idx) {
                net.input(s, |cc, now| {
                    let _ = cc.status_enquiry(now, c);
                });
            }
        }
        11 => {
            let t = if u.arbitrary()? {
                RestartTarget::Interface
            } else {
                RestartTarget::Channel(u.int_in_range(0..=32)?)
            };
            net.input(s, |cc, now| {
                let _ = cc.restart(now, t);
            });
        }
        12 => {
            let f = facilities(u, &mut ids)?;
            net.input(s, |cc, _| {
                let _ = cc.facility_connectionless(f);
            });
        }
        13 | 14 => {
            let ms = match u.int_in_range(0..=3)? {
                0 => u.int_in_range(0..=100)?,
                1 => u.int_in_range(0..=5_000)?,
                2 => u.int_in_range(0..=40_000)?,
                _ => u.int_in_range(0..=400_000)?,
            };
            net.advance(ms);
        }
        15 => net.input(s, |cc, now| cc.handle_timeout(now)),
        // Faults.
        16 => {
            net.fault();
            let state = if u.arbitrary()? {
                LinkState::Established
            } else {
                LinkState::Released
            };
            net.input(s, |cc, now| cc.handle_link(now, state));
        }
        17 => {
            net.fault();
            net.lossy = u.arbitrary()?;
        }
        18 => {
            net.fault();
            let len = u.int_in_range(0..=48)?;
            let m = u.bytes(len)?.to_vec();
            net.input(s, |cc, now| cc.handle_message(now, &m));
        }
        _ => {
            net.fault();
            if let Some(m) = built_message(u, &net.cc[s])? {
                net.input(s, |cc, now| cc.handle_message(now, &m));
            }
        }
    }
    net.ids = ids;
    net.run();
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(kind) = u.int_in_range(0..=2u8) else {
        return;
    };
    let cfg = |side| match kind {
        0 => Config::pri_e1(side),
        1 => Config::pri_t1(side),
        _ => Config::bri(side),
    };
    let (mut cu, mut cn) = (cfg(Side::User), cfg(Side::Network));
    if let Ok(true) = u.ratio(1, 8) {
        // Few call references: exercises the refusals at the limit.
        let m = u.int_in_range(1..=3usize).unwrap_or(1);
        cu.max_calls = m;
        cn.max_calls = m;
    }
    let mut net = Net {
        cc: [CallControl::new(cu), CallControl::new(cn)],
        outbox: [VecDeque::new(), VecDeque::new()],
        now: Instant::ZERO,
        lossy: false,
        clean: true,
        ids: InvokeIds::new(),
    };
    for _ in 0..MAX_ACTIONS {
        if u.is_empty() || act(&mut net, &mut u).is_err() {
            break;
        }
    }
    // Both applications hang up everything on a working link: every call must go away. Both
    // ends clearing at once may cross (a RELEASE meeting a RELEASE COMPLETE is answered with
    // #81), so the protocol-error oracle ends here, as in the property test.
    net.lossy = false;
    net.clean = false;
    for _ in 0..6 {
        for s in 0..2 {
            net.input(s, |cc, now| {
                cc.handle_link(now, LinkState::Established);
                let calls: Vec<_> = cc.calls().collect();
                for c in calls {
                    let _ = cc.hangup(now, c, CauseValue::NORMAL_CLEARING, vec![]);
                }
            });
        }
        net.advance(400_000);
    }
    assert_eq!(
        (net.cc[0].calls().count(), net.cc[1].calls().count()),
        (0, 0),
        "calls left after both sides hung up everything"
    );
});
