//! Q.931 / ECMA-143 (QSIG basic call) call control, sans-IO: one [`CallControl`] per
//! D-channel owns every call on it, the B-channel table and the RESTART procedures.
//!
//! Inputs are the information field of each DL-DATA / DL-UNIT-DATA indication
//! ([`CallControl::handle_message`]), the data-link state ([`CallControl::handle_link`]), the
//! passing of time ([`CallControl::handle_timeout`]) and the application's requests (`setup`,
//! `alerting`, `connect`, `hangup`, ...). Outputs are Q.931 messages to hand to DL-DATA
//! ([`CallControl::poll_transmit`]) and [`Event`]s. After any `handle_*` or request, drain
//! both `poll_*` until `None`, then sleep until [`CallControl::poll_timeout`]:
//!
//! ```
//! use strowger_q931_qsig::call::{
//!     Bearer, CallControl, ChannelRequest, Config, Event, Instant, Number, Reply, Setup, Side,
//! };
//! use strowger_q931_qsig::CauseValue;
//!
//! let mut pbx_a = CallControl::new(Config::pri_e1(Side::Network));
//! let mut pbx_b = CallControl::new(Config::pri_e1(Side::User));
//! let now = Instant::ZERO;
//!
//! let mut setup = Setup::new(Bearer::speech_alaw(), ChannelRequest::Exclusive(1));
//! setup.called = Some(Number::new(b"2000"));
//! setup.sending_complete = true;
//! let call_a = pbx_a.setup(now, setup).unwrap();
//!
//! // The run loop: move messages across, react to events, until both sides are quiet.
//! let mut connected = false;
//! loop {
//!     let mut busy = false;
//!     while let Some(m) = pbx_a.poll_transmit() { pbx_b.handle_message(now, &m); busy = true; }
//!     while let Some(m) = pbx_b.poll_transmit() { pbx_a.handle_message(now, &m); busy = true; }
//!     while let Some(ev) = pbx_b.poll_event() {
//!         if let Event::IncomingCall { call, setup, channel } = ev {
//!             assert_eq!(setup.called.unwrap().digits, b"2000");
//!             assert_eq!(channel, Some(1));
//!             pbx_b.connect(now, call, Reply::default()).unwrap();
//!         }
//!         busy = true;
//!     }
//!     while let Some(ev) = pbx_a.poll_event() {
//!         connected |= matches!(ev, Event::Connected { call, .. } if call == call_a);
//!         busy = true;
//!     }
//!     if !busy { break; }
//!     // ... then sleep until the earliest poll_timeout() and call handle_timeout().
//! }
//! assert!(connected);
//! pbx_a.hangup(now, call_a, CauseValue::NORMAL_CLEARING, Vec::new()).unwrap();
//! ```
//!
//! Q.931 §5.8 error handling is built in: messages with an unknown call reference, in the
//! wrong state, with a missing or malformed mandatory element or an unrecognised
//! comprehension-required element get the standard's answer (RELEASE COMPLETE, STATUS or
//! RELEASE with cause #81, #96, #97, #100 or #101) and an [`Event::ProtocolError`]; nothing
//! panics whatever the input.
//!
//! A refused request returns a [`CallError`] (defined with the crate's other errors) and
//! changes nothing. Time is the crate's [`Instant`], the same clock the QSIG service state
//! machines ([`crate::qsig::service`]) take, so one run loop drives them all.

mod rx;
mod time;
mod types;

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;
use core::time::Duration;

pub use crate::error::CallError;
pub use time::Instant;
pub use types::{
    Bearer, CallId, CauseInfo, ChannelRequest, ChannelState, Config, Event, Interface, LinkState,
    Number, Reply, RestartTarget, Setup, Side, Timer, Timers,
};

use self::rx::{ChannelSpec, Rx};
use crate::wire::{
    ie_id, Cause, CauseValue, ChannelIdentification, Facility, InterfaceType, Progress,
    RestartIndicator,
};
use crate::wire::{CallState, CodingStandard};
use crate::{CallReference, Ie, Message, MessageRepr, MessageType, ProtocolDiscriminator};

/// Call states (Q.931 §2.1 / §2.2, ECMA-143 §8). The numbers are those of the call state
/// element; QSIG uses the same list at both ends.
///
/// | value | state | here |
/// |---|---|---|
/// | 0 | Null | no call |
/// | 1 | Call Initiated | SETUP sent |
/// | 2 | Overlap Sending | SETUP ACKNOWLEDGE received |
/// | 3 | Outgoing Call Proceeding | CALL PROCEEDING received |
/// | 4 | Call Delivered | ALERTING received |
/// | 6 | Call Present | SETUP received, not answered yet |
/// | 7 | Call Received | ALERTING sent |
/// | 8 | Connect Request | CONNECT sent, waiting for CONNECT ACKNOWLEDGE (user side) |
/// | 9 | Incoming Call Proceeding | CALL PROCEEDING sent |
/// | 10 | Active | connected |
/// | 11 | Disconnect Request | DISCONNECT sent |
/// | 12 | Disconnect Indication | DISCONNECT received |
/// | 19 | Release Request | RELEASE sent |
/// | 25 | Overlap Receiving | SETUP ACKNOWLEDGE sent |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    CallInitiated,
    OverlapSending,
    OutgoingProceeding,
    CallDelivered,
    CallPresent,
    CallReceived,
    ConnectRequest,
    IncomingProceeding,
    Active,
    DisconnectRequest,
    DisconnectIndication,
    ReleaseRequest,
    OverlapReceiving,
}

impl State {
    const fn value(self) -> u8 {
        match self {
            Self::CallInitiated => 1,
            Self::OverlapSending => 2,
            Self::OutgoingProceeding => 3,
            Self::CallDelivered => 4,
            Self::CallPresent => 6,
            Self::CallReceived => 7,
            Self::ConnectRequest => 8,
            Self::IncomingProceeding => 9,
            Self::Active => 10,
            Self::DisconnectRequest => 11,
            Self::DisconnectIndication => 12,
            Self::ReleaseRequest => 19,
            Self::OverlapReceiving => 25,
        }
    }
}

/// Whether the peer's state `peer` (from a STATUS) can coexist with ours, allowing for
/// messages in flight (Q.931 §5.8.11). The two ends of a QSIG call sit in mirrored states.
fn compatible(ours: State, peer: u8) -> bool {
    if matches!(peer, 11 | 12 | 19) {
        // The peer is clearing; its clearing message is on its way.
        return true;
    }
    let ok: &[u8] = match ours {
        State::CallInitiated => &[6, 7, 8, 9, 10, 25],
        State::OverlapSending => &[7, 8, 9, 10, 25],
        State::OutgoingProceeding => &[7, 8, 9, 10],
        State::CallDelivered => &[7, 8, 10],
        State::CallPresent => &[1],
        State::OverlapReceiving => &[1, 2],
        State::IncomingProceeding => &[1, 2, 3],
        State::CallReceived => &[1, 2, 3, 4],
        State::ConnectRequest => &[1, 2, 3, 4, 10],
        State::Active => &[1, 2, 3, 4, 8, 10],
        State::DisconnectRequest | State::DisconnectIndication | State::ReleaseRequest => {
            return peer != 0
        }
    };
    ok.contains(&peer)
}

/// One call (or call-independent signalling connection).
#[derive(Debug, Clone)]
struct Call {
    cr: u16,
    /// Originated by this side (the flag of the messages it sends is then 0).
    outgoing: bool,
    state: State,
    /// Call-independent signalling connection: no B-channel.
    cis: bool,
    channel: Option<u8>,
    /// The SETUP asked for `channel` exclusively.
    exclusive: bool,
    /// The channel went to an incoming call after a collision this side lost.
    channel_lost: bool,
    /// A channel identification was sent in a response (incoming calls).
    channel_sent: bool,
    timer: Option<(Timer, Instant)>,
    retries: u8,
    t322: Option<(Instant, u8)>,
    /// The SETUP (T303) or RELEASE (T308) to send again.
    resend: Vec<u8>,
    /// The cause of the DISCONNECT this side sent (T305 expiry sends it in RELEASE).
    sent_cause: CauseValue,
    /// The cause of the first clearing message sent or received.
    clear_cause: Option<CauseInfo>,
}

#[derive(Debug, Clone)]
struct PendingRestart {
    target: RestartTarget,
    msg: Vec<u8>,
    deadline: Instant,
    sent: u8,
}

/// How local clearing starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Disconnect,
    Release,
}

/// The layer-3 call-control entity of one D-channel (Q.931 §5, ECMA-143 §9–§10), sans-IO.
#[derive(Debug, Clone)]
pub struct CallControl {
    cfg: Config,
    calls: BTreeMap<u32, Call>,
    channels: BTreeMap<u8, ChannelState>,
    next_id: u32,
    next_cr: u16,
    tx: VecDeque<Vec<u8>>,
    events: VecDeque<Event>,
    link_up: bool,
    link_requested: bool,
    t309: Option<Instant>,
    restart: Option<PendingRestart>,
}

/// Encodes a message with its elements in ascending identifier order (Q.931 §4.5.1).
fn encode(cr: CallReference, mt: MessageType, mut ies: Vec<Ie<'_>>) -> Result<Vec<u8>, CallError> {
    ies.sort_by_key(Ie::id);
    let mut m = MessageRepr::new(cr, mt);
    m.ies = ies;
    Ok(m.to_vec()?)
}

fn facility_ies(f: &[Vec<u8>]) -> Result<Vec<Ie<'_>>, CallError> {
    f.iter()
        .map(|c| {
            Facility::parse(c)
                .map(Ie::Facility)
                .map_err(CallError::InvalidContents)
        })
        .collect()
}

fn channel_ie<'a>(iface: Interface, n: u8, exclusive: bool, octet: &'a [u8; 1]) -> Ie<'a> {
    match iface {
        Interface::Primary => {
            Ie::ChannelIdentification(ChannelIdentification::pri_b_channel(octet, exclusive))
        }
        Interface::Basic => Ie::ChannelIdentification(ChannelIdentification {
            interface_type: InterfaceType::Basic,
            exclusive,
            d_channel: false,
            selection: n & 0x03,
            interface_id: None,
            channels: None,
        }),
    }
}

fn no_channel_ie(iface: Interface) -> Ie<'static> {
    let mut c = ChannelIdentification::no_channel();
    if iface == Interface::Basic {
        c.interface_type = InterfaceType::Basic;
    }
    Ie::ChannelIdentification(c)
}

impl CallControl {
    /// A new entity with no calls, every configured channel idle and the data link assumed
    /// established (report otherwise with [`CallControl::handle_link`]).
    #[must_use]
    pub fn new(cfg: Config) -> Self {
        let channels = cfg
            .channels
            .iter()
            .map(|&c| (c, ChannelState::Idle))
            .collect();
        Self {
            cfg,
            calls: BTreeMap::new(),
            channels,
            next_id: 1,
            next_cr: 1,
            tx: VecDeque::new(),
            events: VecDeque::new(),
            link_up: true,
            link_requested: false,
            t309: None,
            restart: None,
        }
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Next message to hand to the data link (DL-DATA request), if any.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.tx.pop_front()
    }

    /// Next event for the application, if any.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`CallControl::handle_timeout`] must next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        let calls = self.calls.values().flat_map(|c| {
            c.timer
                .map(|(_, t)| t)
                .into_iter()
                .chain(c.t322.map(|(t, _)| t))
        });
        calls
            .chain(self.t309)
            .chain(self.restart.as_ref().map(|r| r.deadline))
            .min()
    }

    /// The calls in existence, in creation order.
    pub fn calls(&self) -> impl Iterator<Item = CallId> + '_ {
        self.calls.keys().map(|&k| CallId(k))
    }

    /// A call's state as the call state element codes it (Q.931 §4.5.7); `None` once released.
    #[must_use]
    pub fn call_state(&self, call: CallId) -> Option<CallState> {
        self.calls
            .get(&call.0)
            .and_then(|c| CallState::new(c.state.value()))
    }

    /// The B-channel a call uses.
    #[must_use]
    pub fn channel_of(&self, call: CallId) -> Option<u8> {
        self.calls.get(&call.0).and_then(|c| c.channel)
    }

    /// The call reference value of a call and whether this side originated it.
    #[must_use]
    pub fn call_reference(&self, call: CallId) -> Option<(u16, bool)> {
        self.calls.get(&call.0).map(|c| (c.cr, c.outgoing))
    }

    /// State of a B-channel; `None` for a channel this interface does not have.
    #[must_use]
    pub fn channel_state(&self, channel: u8) -> Option<ChannelState> {
        self.channels.get(&channel).copied()
    }

    /// Whether the data link is up, as last reported.
    #[must_use]
    pub fn is_link_up(&self) -> bool {
        self.link_up
    }

    // ---- helpers ------------------------------------------------------------------------

    fn cr_len(&self) -> u8 {
        match self.cfg.interface {
            Interface::Primary => 2,
            Interface::Basic => 1,
        }
    }

    fn call_cr(&self, c: &Call) -> CallReference {
        CallReference::new(self.cr_len(), c.cr, !c.outgoing).unwrap_or(CallReference::DUMMY)
    }

    fn cause_ie(&self, v: CauseValue) -> Ie<'static> {
        Ie::Cause(Cause::new(self.cfg.location, v))
    }

    fn local(&self, v: CauseValue) -> CauseInfo {
        CauseInfo::local(v, self.cfg.location)
    }

    fn push_tx(&mut self, m: Vec<u8>) {
        if !self.link_up && !self.link_requested {
            self.link_requested = true;
            self.events.push_back(Event::EstablishLink);
        }
        self.tx.push_back(m);
    }

    /// Sends a message whose elements are all built by this entity (cannot fail to encode).
    fn send(&mut self, cr: CallReference, mt: MessageType, ies: Vec<Ie<'_>>) {
        if let Ok(m) = encode(cr, mt, ies) {
            self.push_tx(m);
        }
    }

    fn send_status(&mut self, cr: CallReference, state: u8, cause: CauseValue) {
        let st = CallState::new(state).unwrap_or(CallState {
            coding_standard: CodingStandard::ITU_T,
            value: 0,
        });
        let ies = alloc::vec![self.cause_ie(cause), Ie::CallState(st)];
        self.send(cr, MessageType::STATUS, ies);
    }

    fn protocol_error(
        &mut self,
        call: Option<CallId>,
        mt: MessageType,
        cause: CauseValue,
        offset: Option<usize>,
    ) {
        let cause = self.local(cause);
        self.events.push_back(Event::ProtocolError {
            call,
            message_type: mt,
            cause,
            offset,
        });
    }

    fn start_timer(&mut self, id: CallId, t: Timer, now: Instant) {
        let d = self.duration(t);
        if let Some(c) = self.calls.get_mut(&id.0) {
            if c.timer.map(|(k, _)| k) != Some(t) {
                c.retries = 0;
            }
            c.timer = Some((t, now + d));
        }
    }

    fn stop_timer(&mut self, id: CallId) {
        if let Some(c) = self.calls.get_mut(&id.0) {
            c.timer = None;
            c.retries = 0;
        }
    }

    fn duration(&self, t: Timer) -> Duration {
        let x = &self.cfg.timers;
        match t {
            Timer::T301 => x.t301,
            Timer::T302 => x.t302,
            Timer::T303 => x.t303,
            Timer::T304 => x.t304,
            Timer::T305 => x.t305,
            Timer::T308 => x.t308,
            Timer::T309 => x.t309,
            Timer::T310 => x.t310,
            Timer::T313 => x.t313,
            Timer::T316 => x.t316,
            Timer::T322 => x.t322,
        }
    }

    fn set_state(&mut self, id: CallId, s: State) {
        if let Some(c) = self.calls.get_mut(&id.0) {
            c.state = s;
        }
    }

    fn set_clear_cause(&mut self, id: CallId, cause: CauseInfo) {
        if let Some(c) = self.calls.get_mut(&id.0) {
            if c.clear_cause.is_none() {
                c.clear_cause = Some(cause);
            }
        }
    }

    /// Removes a call, frees (or puts in maintenance) its channel, reports it released.
    fn finish(&mut self, id: CallId, fallback: CauseInfo, facilities: Vec<Vec<u8>>, maint: bool) {
        let Some(c) = self.calls.remove(&id.0) else {
            return;
        };
        if let Some(ch) = c.channel {
            if let Some(st) = self.channels.get_mut(&ch) {
                if *st == ChannelState::Busy(id) {
                    *st = if maint {
                        ChannelState::Maintenance
                    } else {
                        ChannelState::Idle
                    };
                }
            }
        }
        let cause = if maint {
            fallback
        } else {
            c.clear_cause.unwrap_or(fallback)
        };
        self.events.push_back(Event::Released {
            call: id,
            cause,
            facilities,
        });
    }

    fn find_call(&self, cr: u16, outgoing: bool) -> Option<CallId> {
        self.calls
            .iter()
            .find(|(_, c)| c.cr == cr && c.outgoing == outgoing)
            .map(|(&k, _)| CallId(k))
    }

    fn is_idle(&self, ch: u8) -> bool {
        self.channels.get(&ch) == Some(&ChannelState::Idle)
    }

    /// A free channel: the user side takes the lowest, the network side the highest.
    fn pick_free(&self) -> Option<u8> {
        let mut idle = self
            .channels
            .iter()
            .filter(|(_, s)| **s == ChannelState::Idle)
            .map(|(&c, _)| c);
        match self.cfg.side {
            Side::User => idle.next(),
            Side::Network => idle.next_back(),
        }
    }

    fn alloc_cr(&mut self) -> Option<u16> {
        let max: u16 = match self.cfg.interface {
            Interface::Primary => 0x7FFF,
            Interface::Basic => 0x7F,
        };
        for _ in 0..max {
            let v = self.next_cr;
            self.next_cr = if v >= max { 1 } else { v + 1 };
            if v != 0 && self.find_call(v, true).is_none() {
                return Some(v);
            }
        }
        None
    }

    fn new_id(&mut self) -> CallId {
        let id = CallId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1).max(1);
        id
    }

    fn call(&self, id: CallId) -> Result<&Call, CallError> {
        self.calls.get(&id.0).ok_or(CallError::UnknownCall)
    }

    // ---- requests -----------------------------------------------------------------------

    /// Originates a call, or a call-independent signalling connection when
    /// [`Setup::is_call_independent`]: sends SETUP, starts T303 (Q.931 §5.1.1).
    pub fn setup(&mut self, now: Instant, s: Setup) -> Result<CallId, CallError> {
        if self.calls.len() >= self.cfg.max_calls {
            return Err(CallError::TooManyCalls);
        }
        let bc = s.bearer.typed().map_err(CallError::InvalidContents)?;
        let cis = s.is_call_independent();
        let (channel, exclusive) = if cis {
            (None, false)
        } else {
            match s.channel {
                ChannelRequest::Exclusive(n) => {
                    if !self.channels.contains_key(&n) {
                        return Err(CallError::NoSuchChannel(n));
                    }
                    if !self.is_idle(n) {
                        return Err(CallError::ChannelBusy(n));
                    }
                    (Some(n), true)
                }
                ChannelRequest::Preferred(n) => {
                    if !self.channels.contains_key(&n) {
                        return Err(CallError::NoSuchChannel(n));
                    }
                    let n = if self.is_idle(n) {
                        n
                    } else {
                        self.pick_free().ok_or(CallError::NoChannelAvailable)?
                    };
                    (Some(n), false)
                }
                ChannelRequest::Any | ChannelRequest::None => (
                    Some(self.pick_free().ok_or(CallError::NoChannelAvailable)?),
                    false,
                ),
            }
        };
        let iface = self.cfg.interface;
        let octet = [0x80 | channel.unwrap_or(0)];
        let mut ies = facility_ies(&s.facilities)?;
        ies.push(Ie::BearerCapability(bc));
        ies.push(match channel {
            Some(n) => channel_ie(iface, n, exclusive, &octet),
            None => no_channel_ie(iface),
        });
        if let Some(d) = &s.display {
            ies.push(Ie::Display(d));
        }
        if let Some(n) = &s.calling {
            ies.push(Ie::CallingPartyNumber(n.to_wire()));
        }
        if let Some(n) = &s.called {
            ies.push(Ie::CalledPartyNumber(n.to_wire()));
        }
        if let Some(n) = &s.redirecting {
            ies.push(Ie::RedirectingNumber(n.to_wire()));
        }
        if s.sending_complete {
            ies.push(Ie::SendingComplete);
        }
        // Allocate the call reference only once the message is known to encode.
        let probe = CallReference::new(self.cr_len(), 1, false).unwrap_or(CallReference::DUMMY);
        encode(probe, MessageType::SETUP, ies.clone())?;
        let cr = self.alloc_cr().ok_or(CallError::TooManyCalls)?;
        let crv = CallReference::new(self.cr_len(), cr, false).unwrap_or(CallReference::DUMMY);
        let msg = encode(crv, MessageType::SETUP, ies)?;
        let id = self.new_id();
        if let Some(n) = channel {
            self.channels.insert(n, ChannelState::Busy(id));
        }
        self.calls.insert(
            id.0,
            Call {
                cr,
                outgoing: true,
                state: State::CallInitiated,
                cis,
                channel,
                exclusive,
                channel_lost: false,
                channel_sent: false,
                timer: None,
                retries: 0,
                t322: None,
                resend: msg.clone(),
                sent_cause: CauseValue::NORMAL_CLEARING,
                clear_cause: None,
            },
        );
        self.start_timer(id, Timer::T303, now);
        self.push_tx(msg);
        Ok(id)
    }

    /// Builds and sends a response on an incoming call: elements of `reply`, the channel
    /// identification in the first response (and in CONNECT, as libpri does).
    fn respond(
        &mut self,
        id: CallId,
        mt: MessageType,
        reply: &Reply,
        allowed: &[State],
        next: State,
    ) -> Result<(), CallError> {
        let c = self.call(id)?;
        if c.outgoing || !allowed.contains(&c.state) {
            return Err(CallError::InvalidState(c.state.value()));
        }
        let with_channel = !c.cis && (!c.channel_sent || mt == MessageType::CONNECT);
        let channel = c.channel;
        let cr = self.call_cr(c);
        let octet = [0x80 | channel.unwrap_or(0)];
        let mut ies = facility_ies(&reply.facilities)?;
        if with_channel {
            if let Some(n) = channel {
                ies.push(channel_ie(self.cfg.interface, n, true, &octet));
            }
        }
        if let Some(p) = reply.progress {
            ies.push(Ie::Progress(Progress {
                coding_standard: CodingStandard::ITU_T,
                location: self.cfg.location,
                description: p,
            }));
        }
        if let Some(d) = &reply.display {
            ies.push(Ie::Display(d));
        }
        if let Some(n) = &reply.connected {
            ies.push(Ie::ConnectedNumber(n.to_wire()));
        }
        let msg = encode(cr, mt, ies)?;
        self.push_tx(msg);
        if let Some(c) = self.calls.get_mut(&id.0) {
            c.channel_sent |= with_channel;
            c.state = next;
        }
        Ok(())
    }

    /// SETUP ACKNOWLEDGE on an incoming call without sending complete: overlap receiving,
    /// T302 started (Q.931 §5.2.4).
    pub fn setup_ack(&mut self, now: Instant, call: CallId, reply: Reply) -> Result<(), CallError> {
        self.respond(
            call,
            MessageType::SETUP_ACKNOWLEDGE,
            &reply,
            &[State::CallPresent],
            State::OverlapReceiving,
        )?;
        self.start_timer(call, Timer::T302, now);
        Ok(())
    }

    /// CALL PROCEEDING on an incoming call (Q.931 §5.2.5.1).
    pub fn proceeding(
        &mut self,
        now: Instant,
        call: CallId,
        reply: Reply,
    ) -> Result<(), CallError> {
        let _ = now;
        self.respond(
            call,
            MessageType::CALL_PROCEEDING,
            &reply,
            &[State::CallPresent, State::OverlapReceiving],
            State::IncomingProceeding,
        )?;
        self.stop_timer(call);
        Ok(())
    }

    /// ALERTING on an incoming call (Q.931 §5.2.5.2).
    pub fn alerting(&mut self, now: Instant, call: CallId, reply: Reply) -> Result<(), CallError> {
        let _ = now;
        self.respond(
            call,
            MessageType::ALERTING,
            &reply,
            &[
                State::CallPresent,
                State::OverlapReceiving,
                State::IncomingProceeding,
            ],
            State::CallReceived,
        )?;
        self.stop_timer(call);
        Ok(())
    }

    /// CONNECT on an incoming call (Q.931 §5.2.8): the user side waits for CONNECT
    /// ACKNOWLEDGE under T313, the network side is active at once.
    pub fn connect(&mut self, now: Instant, call: CallId, reply: Reply) -> Result<(), CallError> {
        let next = match self.cfg.side {
            Side::User => State::ConnectRequest,
            Side::Network => State::Active,
        };
        self.respond(
            call,
            MessageType::CONNECT,
            &reply,
            &[
                State::CallPresent,
                State::OverlapReceiving,
                State::IncomingProceeding,
                State::CallReceived,
            ],
            next,
        )?;
        self.stop_timer(call);
        if next == State::ConnectRequest {
            self.start_timer(call, Timer::T313, now);
        }
        Ok(())
    }

    /// PROGRESS on an incoming call.
    pub fn progress(&mut self, now: Instant, call: CallId, reply: Reply) -> Result<(), CallError> {
        let _ = now;
        let s = self.call(call)?.state;
        self.respond(
            call,
            MessageType::PROGRESS,
            &reply,
            &[
                State::OverlapReceiving,
                State::IncomingProceeding,
                State::CallReceived,
            ],
            s,
        )
    }

    /// INFORMATION: further called digits in overlap sending (restarts T304), or
    /// `sending_complete`, or facilities.
    pub fn information(
        &mut self,
        now: Instant,
        call: CallId,
        called: Option<Number>,
        sending_complete: bool,
        facilities: Vec<Vec<u8>>,
    ) -> Result<(), CallError> {
        let c = self.call(call)?;
        if matches!(
            c.state,
            State::CallInitiated
                | State::CallPresent
                | State::ReleaseRequest
                | State::DisconnectRequest
        ) {
            return Err(CallError::InvalidState(c.state.value()));
        }
        let state = c.state;
        let cr = self.call_cr(c);
        let mut ies = facility_ies(&facilities)?;
        if let Some(n) = &called {
            ies.push(Ie::CalledPartyNumber(n.to_wire()));
        }
        if sending_complete {
            ies.push(Ie::SendingComplete);
        }
        let msg = encode(cr, MessageType::INFORMATION, ies)?;
        self.push_tx(msg);
        if state == State::OverlapSending {
            self.start_timer(call, Timer::T304, now);
        }
        Ok(())
    }

    /// FACILITY on a call (Q.932 §8.2.3): carries the services layer's components.
    pub fn facility(
        &mut self,
        now: Instant,
        call: CallId,
        facilities: Vec<Vec<u8>>,
    ) -> Result<(), CallError> {
        let _ = now;
        let c = self.call(call)?;
        if c.state == State::ReleaseRequest {
            return Err(CallError::InvalidState(c.state.value()));
        }
        let cr = self.call_cr(c);
        let msg = encode(cr, MessageType::FACILITY, facility_ies(&facilities)?)?;
        self.push_tx(msg);
        Ok(())
    }

    /// FACILITY with the dummy call reference (connectionless transport of components).
    pub fn facility_connectionless(&mut self, facilities: Vec<Vec<u8>>) -> Result<(), CallError> {
        let msg = encode(
            CallReference::DUMMY,
            MessageType::FACILITY,
            facility_ies(&facilities)?,
        )?;
        self.push_tx(msg);
        Ok(())
    }

    /// STATUS ENQUIRY (Q.931 §5.8.10): the STATUS answer is reported as [`Event::Status`];
    /// T322 is started.
    pub fn status_enquiry(&mut self, now: Instant, call: CallId) -> Result<(), CallError> {
        let c = self.call(call)?;
        let cr = self.call_cr(c);
        let running = c.t322.is_some();
        self.send(cr, MessageType::STATUS_ENQUIRY, Vec::new());
        if !running {
            let d = self.cfg.timers.t322;
            if let Some(c) = self.calls.get_mut(&call.0) {
                c.t322 = Some((now + d, 0));
            }
        }
        Ok(())
    }

    /// Clears a call (Q.931 §5.3): RELEASE COMPLETE for an incoming call not answered yet,
    /// RELEASE after a DISCONNECT from the peer or on a call-independent connection,
    /// DISCONNECT otherwise. `facilities` ride on that message.
    pub fn hangup(
        &mut self,
        now: Instant,
        call: CallId,
        cause: CauseValue,
        facilities: Vec<Vec<u8>>,
    ) -> Result<(), CallError> {
        let c = self.call(call)?;
        let (state, cis) = (c.state, c.cis);
        let cr = self.call_cr(c);
        let mut ies = facility_ies(&facilities)?;
        ies.push(self.cause_ie(cause));
        let local = self.local(cause);
        match state {
            State::DisconnectRequest | State::ReleaseRequest => {
                Err(CallError::InvalidState(state.value()))
            }
            State::CallPresent => {
                let msg = encode(cr, MessageType::RELEASE_COMPLETE, ies)?;
                self.push_tx(msg);
                self.finish(call, local, Vec::new(), false);
                Ok(())
            }
            State::DisconnectIndication => self.send_release(now, call, cr, ies, local),
            _ if cis => self.send_release(now, call, cr, ies, local),
            _ => {
                let msg = encode(cr, MessageType::DISCONNECT, ies)?;
                self.push_tx(msg);
                if let Some(c) = self.calls.get_mut(&call.0) {
                    c.sent_cause = cause;
                }
                self.set_clear_cause(call, local);
                self.set_state(call, State::DisconnectRequest);
                self.start_timer(call, Timer::T305, now);
                Ok(())
            }
        }
    }

    fn send_release(
        &mut self,
        now: Instant,
        call: CallId,
        cr: CallReference,
        ies: Vec<Ie<'_>>,
        cause: CauseInfo,
    ) -> Result<(), CallError> {
        let msg = encode(cr, MessageType::RELEASE, ies)?;
        self.push_tx(msg.clone());
        if let Some(c) = self.calls.get_mut(&call.0) {
            c.resend = msg;
            c.t322 = None;
        }
        self.set_clear_cause(call, cause);
        self.set_state(call, State::ReleaseRequest);
        self.start_timer(call, Timer::T308, now);
        Ok(())
    }

    /// Clearing this entity starts by itself.
    fn clear_locally(
        &mut self,
        now: Instant,
        id: CallId,
        cause: CauseValue,
        timer: Option<Timer>,
        via: Via,
    ) {
        let Some(c) = self.calls.get(&id.0) else {
            return;
        };
        let (state, cis) = (c.state, c.cis);
        let cr = self.call_cr(c);
        let info = self.local(cause);
        self.events.push_back(Event::ClearingStarted {
            call: id,
            cause: info.clone(),
            timer,
        });
        let ies = alloc::vec![self.cause_ie(cause)];
        if state == State::CallPresent {
            self.send(cr, MessageType::RELEASE_COMPLETE, ies);
            self.finish(id, info, Vec::new(), false);
        } else if via == Via::Release || cis || state == State::DisconnectIndication {
            let _ = self.send_release(now, id, cr, ies, info);
        } else {
            self.send(cr, MessageType::DISCONNECT, ies);
            if let Some(c) = self.calls.get_mut(&id.0) {
                c.sent_cause = cause;
                c.t322 = None;
            }
            self.set_clear_cause(id, info);
            self.set_state(id, State::DisconnectRequest);
            self.start_timer(id, Timer::T305, now);
        }
    }

    /// Sends RESTART for one channel or the whole interface (Q.931 §5.5.1): calls on it are
    /// released at once (cause #41), the channels wait in [`ChannelState::Restarting`] for
    /// RESTART ACKNOWLEDGE under T316.
    pub fn restart(&mut self, now: Instant, target: RestartTarget) -> Result<(), CallError> {
        if self.restart.is_some() {
            return Err(CallError::RestartPending);
        }
        let octet;
        let mut ies = Vec::new();
        match target {
            RestartTarget::Channel(n) => {
                if !self.channels.contains_key(&n) {
                    return Err(CallError::NoSuchChannel(n));
                }
                octet = [0x80 | n];
                ies.push(channel_ie(self.cfg.interface, n, true, &octet));
                ies.push(Ie::RestartIndicator(RestartIndicator::INDICATED_CHANNELS));
            }
            RestartTarget::Interface => {
                ies.push(Ie::RestartIndicator(RestartIndicator::ALL_INTERFACES));
            }
        }
        let cr = CallReference::global(self.cr_len(), false).unwrap_or(CallReference::DUMMY);
        let msg = encode(cr, MessageType::RESTART, ies)?;
        self.reset_channels(target, ChannelState::Restarting);
        self.push_tx(msg.clone());
        self.restart = Some(PendingRestart {
            target,
            msg,
            deadline: now + self.cfg.timers.t316,
            sent: 1,
        });
        Ok(())
    }

    /// Releases the calls on the target's channels (all calls for the interface) and puts the
    /// channels in `to`.
    fn reset_channels(&mut self, target: RestartTarget, to: ChannelState) {
        let victims: Vec<CallId> = self
            .calls
            .iter()
            .filter(|(_, c)| match target {
                RestartTarget::Interface => true,
                RestartTarget::Channel(n) => c.channel == Some(n),
            })
            .map(|(&k, _)| CallId(k))
            .collect();
        let cause = self.local(CauseValue::TEMPORARY_FAILURE);
        for id in victims {
            if let Some(c) = self.calls.get_mut(&id.0) {
                c.clear_cause = None;
            }
            self.finish(id, cause.clone(), Vec::new(), false);
        }
        for (ch, st) in &mut self.channels {
            if matches!(target, RestartTarget::Interface) || target == RestartTarget::Channel(*ch) {
                *st = to;
            }
        }
    }

    // ---- data link ----------------------------------------------------------------------

    /// The data link went up or down (Q.931 §5.8.8, §5.8.9). On release, calls that are not
    /// active are cleared internally (#41) and T309 starts for the active ones; on
    /// re-establishment T309 stops and a STATUS (#31) reports each active call's state.
    pub fn handle_link(&mut self, now: Instant, state: LinkState) {
        match state {
            LinkState::Released => {
                if !self.link_up {
                    return;
                }
                self.link_up = false;
                self.link_requested = false;
                let drop: Vec<CallId> = self
                    .calls
                    .iter()
                    .filter(|(_, c)| c.state != State::Active)
                    .map(|(&k, _)| CallId(k))
                    .collect();
                let cause = self.local(CauseValue::TEMPORARY_FAILURE);
                for id in drop {
                    if let Some(c) = self.calls.get_mut(&id.0) {
                        c.clear_cause = None;
                    }
                    self.finish(id, cause.clone(), Vec::new(), false);
                }
                if !self.calls.is_empty() {
                    self.t309 = Some(now + self.cfg.timers.t309);
                    self.link_requested = true;
                    self.events.push_back(Event::EstablishLink);
                }
            }
            LinkState::Established => {
                self.link_up = true;
                self.link_requested = false;
                if self.t309.take().is_some() {
                    let active: Vec<(CallReference, u8)> = self
                        .calls
                        .values()
                        .filter(|c| c.state == State::Active)
                        .map(|c| (self.call_cr(c), c.state.value()))
                        .collect();
                    for (cr, st) in active {
                        self.send_status(cr, st, CauseValue::NORMAL_UNSPECIFIED);
                    }
                }
            }
        }
    }

    // ---- timers -------------------------------------------------------------------------

    /// Runs the timers due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.t309.is_some_and(|t| t <= now) {
            self.t309 = None;
            // Calls begun or cleared meanwhile run their own timers.
            let ids: Vec<CallId> = self
                .calls
                .iter()
                .filter(|(_, c)| c.state == State::Active)
                .map(|(&k, _)| CallId(k))
                .collect();
            let cause = self.local(CauseValue::TEMPORARY_FAILURE);
            for id in ids {
                if let Some(c) = self.calls.get_mut(&id.0) {
                    c.clear_cause = None;
                }
                self.finish(id, cause.clone(), Vec::new(), false);
            }
        }
        if let Some(r) = self.restart.as_mut() {
            if r.deadline <= now {
                if r.sent < self.cfg.timers.n316 {
                    r.sent += 1;
                    r.deadline = now + self.cfg.timers.t316;
                    let m = r.msg.clone();
                    self.push_tx(m);
                } else {
                    let target = r.target;
                    self.restart = None;
                    for (ch, st) in &mut self.channels {
                        if *st == ChannelState::Restarting
                            && (target == RestartTarget::Interface
                                || target == RestartTarget::Channel(*ch))
                        {
                            *st = ChannelState::Maintenance;
                        }
                    }
                    self.events.push_back(Event::RestartFailed { target });
                }
            }
        }
        let due: Vec<CallId> = self
            .calls
            .iter()
            .filter(|(_, c)| {
                c.timer.is_some_and(|(_, t)| t <= now) || c.t322.is_some_and(|(t, _)| t <= now)
            })
            .map(|(&k, _)| CallId(k))
            .collect();
        for id in due {
            self.call_timeout(now, id);
        }
    }

    fn call_timeout(&mut self, now: Instant, id: CallId) {
        let Some(c) = self.calls.get(&id.0) else {
            return;
        };
        if let Some((t, n)) = c.t322 {
            if t <= now {
                let cr = self.call_cr(c);
                if n == 0 {
                    self.send(cr, MessageType::STATUS_ENQUIRY, Vec::new());
                    let d = self.cfg.timers.t322;
                    if let Some(c) = self.calls.get_mut(&id.0) {
                        c.t322 = Some((now + d, 1));
                    }
                } else {
                    if let Some(c) = self.calls.get_mut(&id.0) {
                        c.t322 = None;
                    }
                    self.clear_locally(
                        now,
                        id,
                        CauseValue::TEMPORARY_FAILURE,
                        Some(Timer::T322),
                        Via::Disconnect,
                    );
                }
            }
        }
        let Some(c) = self.calls.get(&id.0) else {
            return;
        };
        let Some((timer, at)) = c.timer else {
            return;
        };
        if at > now {
            return;
        }
        let retries = c.retries;
        let cr = self.call_cr(c);
        let resend = c.resend.clone();
        let sent_cause = c.sent_cause;
        let timeout = CauseValue::RECOVERY_ON_TIMER_EXPIRY;
        match timer {
            Timer::T303 | Timer::T308 if retries == 0 => {
                self.push_tx(resend);
                self.start_timer(id, timer, now);
                if let Some(c) = self.calls.get_mut(&id.0) {
                    c.retries = 1;
                }
            }
            Timer::T303 => {
                self.send(
                    cr,
                    MessageType::RELEASE_COMPLETE,
                    alloc::vec![self.cause_ie(timeout)],
                );
                let cause = self.local(self.cfg.t303_cause);
                self.finish(id, cause, Vec::new(), false);
            }
            Timer::T308 => {
                let cause = self.local(timeout);
                self.finish(id, cause, Vec::new(), true);
            }
            Timer::T302 => {
                self.stop_timer(id);
                self.events.push_back(Event::OverlapTimeout { call: id });
            }
            Timer::T305 => {
                let ies = alloc::vec![self.cause_ie(sent_cause)];
                let info = self.local(sent_cause);
                let _ = self.send_release(now, id, cr, ies, info);
            }
            Timer::T301 | Timer::T304 | Timer::T310 | Timer::T313 => {
                self.stop_timer(id);
                self.clear_locally(now, id, timeout, Some(timer), Via::Disconnect);
            }
            Timer::T309 | Timer::T316 | Timer::T322 => self.stop_timer(id),
        }
    }

    // ---- received messages --------------------------------------------------------------

    /// A message from the peer: the information field of a DL-DATA or DL-UNIT-DATA
    /// indication. Anything that is not a well-formed Q.931 message is ignored
    /// (Q.931 §5.8.1–§5.8.3.1).
    pub fn handle_message(&mut self, now: Instant, bytes: &[u8]) {
        let Ok(view) = Message::new_checked(bytes) else {
            return;
        };
        if view.protocol_discriminator() != ProtocolDiscriminator::Q931 {
            return;
        }
        let cr = view.call_reference();
        let rx = Rx::new(&view);
        if cr.is_dummy() {
            if rx.mt == MessageType::FACILITY {
                self.events.push_back(Event::ConnectionlessFacility {
                    facilities: rx.facilities(),
                });
            }
            return;
        }
        if cr.length() != self.cr_len() {
            return;
        }
        if cr.is_global() {
            self.on_global(now, cr, &rx);
            return;
        }
        match self.find_call(cr.value(), cr.flag()) {
            Some(id) => self.on_call(now, id, &rx),
            None => self.on_unknown_cr(now, cr, &rx),
        }
    }

    /// Q.931 §5.8.3.2: a call reference no call uses.
    fn on_unknown_cr(&mut self, now: Instant, cr: CallReference, rx: &Rx<'_>) {
        let back = cr.inverted();
        match rx.mt {
            MessageType::SETUP if !cr.flag() => self.on_setup(now, cr, rx),
            MessageType::SETUP | MessageType::RELEASE_COMPLETE => {}
            MessageType::STATUS => {
                if rx.call_state().is_some_and(|s| s != 0) {
                    let ies =
                        alloc::vec![self.cause_ie(CauseValue::MESSAGE_NOT_COMPATIBLE_WITH_STATE)];
                    self.send(back, MessageType::RELEASE_COMPLETE, ies);
                }
            }
            MessageType::STATUS_ENQUIRY => {
                self.send_status(back, 0, CauseValue::RESPONSE_TO_STATUS_ENQUIRY);
            }
            mt => {
                let ies = alloc::vec![self.cause_ie(CauseValue::INVALID_CALL_REFERENCE)];
                self.send(back, MessageType::RELEASE_COMPLETE, ies);
                self.protocol_error(None, mt, CauseValue::INVALID_CALL_REFERENCE, None);
            }
        }
    }

    /// A SETUP with a new call reference (Q.931 §5.2.1–§5.2.3).
    fn on_setup(&mut self, _now: Instant, cr: CallReference, rx: &Rx<'_>) {
        let back = cr.inverted();
        let reject = |me: &mut Self, cause: CauseValue, offset: Option<usize>| {
            let ies = alloc::vec![me.cause_ie(cause)];
            me.send(back, MessageType::RELEASE_COMPLETE, ies);
            me.protocol_error(None, MessageType::SETUP, cause, offset);
        };
        if let Some(e) = rx.comprehension {
            return reject(self, e.cause(), Some(e.offset));
        }
        let Some(bc) = rx.bearer() else {
            return match rx.bad(ie_id::BEARER_CAPABILITY) {
                Some(e) => reject(self, CauseValue::INVALID_IE_CONTENTS, Some(e.offset)),
                None => reject(self, CauseValue::MANDATORY_IE_MISSING, None),
            };
        };
        if let Some(e) = rx.bad(ie_id::CHANNEL_IDENTIFICATION) {
            return reject(self, CauseValue::INVALID_IE_CONTENTS, Some(e.offset));
        }
        if self.calls.len() >= self.cfg.max_calls {
            return reject(self, CauseValue::RESOURCE_UNAVAILABLE, None);
        }
        let spec = rx.channel().map(ChannelSpec::of);
        let cis = bc.coding_standard == CodingStandard::ISO_IEC
            || matches!((spec, rx.channel()), (Some(ChannelSpec::NoChannel), Some(c)) if c.d_channel);
        let id = self.new_id();
        let channel = if cis {
            None
        } else {
            match self.select_incoming(spec, id) {
                Ok(n) => Some(n),
                Err(cause) => return reject(self, cause, None),
            }
        };
        let mut bearer = Vec::with_capacity(bc.buffer_len());
        bearer.resize(bc.buffer_len() + 2, 0);
        let _ = Ie::BearerCapability(*bc).emit(&mut bearer);
        bearer.drain(..2);
        let setup = Setup {
            bearer: Bearer(bearer),
            channel: match spec {
                None | Some(ChannelSpec::Any | ChannelSpec::Unsupported) => ChannelRequest::Any,
                Some(ChannelSpec::NoChannel) => ChannelRequest::None,
                Some(ChannelSpec::Number { n, exclusive: true }) => ChannelRequest::Exclusive(n),
                Some(ChannelSpec::Number { n, .. }) => ChannelRequest::Preferred(n),
            },
            calling: rx
                .number(ie_id::CALLING_PARTY_NUMBER)
                .map(|n| Number::from_wire(&n)),
            called: rx
                .number(ie_id::CALLED_PARTY_NUMBER)
                .map(|n| Number::from_wire(&n)),
            redirecting: rx
                .number(ie_id::REDIRECTING_NUMBER)
                .map(|n| Number::from_wire(&n)),
            sending_complete: rx.sending_complete(),
            display: rx.display().map(<[u8]>::to_vec),
            facilities: rx.facilities(),
        };
        if let Some(n) = channel {
            self.channels.insert(n, ChannelState::Busy(id));
        }
        self.calls.insert(
            id.0,
            Call {
                cr: cr.value(),
                outgoing: false,
                state: State::CallPresent,
                cis,
                channel,
                exclusive: false,
                channel_lost: false,
                channel_sent: false,
                timer: None,
                retries: 0,
                t322: None,
                resend: Vec::new(),
                sent_cause: CauseValue::NORMAL_CLEARING,
                clear_cause: None,
            },
        );
        self.events.push_back(Event::IncomingCall {
            call: id,
            setup: alloc::boxed::Box::new(setup),
            channel,
        });
    }

    /// Picks the channel for an incoming call (Q.931 §5.2.3), resolving a collision with an
    /// outgoing SETUP of this side on the same channel as Q.931 Annex D.3 (symmetric
    /// operation) does: an exclusive request beats a preferred one, between equals the
    /// network side wins. The winner answers a preferred loser with another channel in its
    /// first response and an exclusive loser with RELEASE COMPLETE #34; the loser yields the
    /// channel, and its own call then takes the channel the peer's answer names.
    fn select_incoming(
        &mut self,
        spec: Option<ChannelSpec>,
        new: CallId,
    ) -> Result<u8, CauseValue> {
        let none = CauseValue::NO_CIRCUIT_AVAILABLE;
        match spec {
            None | Some(ChannelSpec::Any) => self.pick_free().ok_or(none),
            Some(ChannelSpec::NoChannel) => Err(none),
            Some(ChannelSpec::Unsupported) => Err(CauseValue::CHANNEL_UNACCEPTABLE),
            Some(ChannelSpec::Number { n, exclusive }) => {
                let busy = if exclusive {
                    Err(CauseValue::REQUESTED_CHANNEL_NOT_AVAILABLE)
                } else {
                    self.pick_free().ok_or(none)
                };
                match self.channels.get(&n).copied() {
                    None if exclusive => Err(CauseValue::from_bits(82)),
                    None => self.pick_free().ok_or(none),
                    Some(ChannelState::Idle) => Ok(n),
                    Some(ChannelState::Busy(other)) => {
                        let Some(mine) = self
                            .calls
                            .get(&other.0)
                            .filter(|c| c.outgoing && c.state == State::CallInitiated)
                            .map(|c| c.exclusive)
                        else {
                            return busy;
                        };
                        // Q.931 Annex D.3: exclusive beats preferred; between equals the
                        // network side wins. A losing exclusive SETUP is refused with #34.
                        let we_win = if mine == exclusive {
                            self.cfg.side == Side::Network
                        } else {
                            mine
                        };
                        if we_win {
                            if exclusive {
                                Err(none)
                            } else {
                                self.pick_free().ok_or(none)
                            }
                        } else {
                            if let Some(c) = self.calls.get_mut(&other.0) {
                                c.channel = None;
                                c.channel_lost = true;
                            }
                            self.channels.insert(n, ChannelState::Busy(new));
                            Ok(n)
                        }
                    }
                    Some(_) => busy,
                }
            }
        }
    }

    /// Checks the channel named in the first answers to this side's SETUP (Q.931 §5.1.2).
    /// Clears the call and returns `false` when it cannot be used.
    fn check_channel(&mut self, now: Instant, id: CallId, rx: &Rx<'_>) -> bool {
        let Some(c) = self.calls.get(&id.0) else {
            return false;
        };
        if c.cis {
            return true;
        }
        let (cur, exclusive, lost) = (c.channel, c.exclusive, c.channel_lost);
        let spec = rx.channel().map(ChannelSpec::of);
        let fail = match spec {
            Some(ChannelSpec::Number { n, .. }) if Some(n) == cur => None,
            Some(ChannelSpec::Number { n, .. }) => {
                if exclusive && !lost {
                    Some(CauseValue::CHANNEL_UNACCEPTABLE)
                } else if self.is_idle(n) {
                    if let Some(old) = cur {
                        self.channels.insert(old, ChannelState::Idle);
                    }
                    self.channels.insert(n, ChannelState::Busy(id));
                    if let Some(c) = self.calls.get_mut(&id.0) {
                        c.channel = Some(n);
                        c.channel_lost = false;
                    }
                    None
                } else {
                    Some(CauseValue::REQUESTED_CHANNEL_NOT_AVAILABLE)
                }
            }
            Some(ChannelSpec::Unsupported | ChannelSpec::NoChannel) => {
                Some(CauseValue::CHANNEL_UNACCEPTABLE)
            }
            None | Some(ChannelSpec::Any) if lost => Some(CauseValue::NO_CIRCUIT_AVAILABLE),
            None | Some(ChannelSpec::Any) => None,
        };
        match fail {
            None => true,
            Some(cause) => {
                self.stop_timer(id);
                self.protocol_error(Some(id), rx.mt, cause, None);
                self.clear_locally(now, id, cause, None, Via::Release);
                false
            }
        }
    }

    fn unexpected(&mut self, id: CallId, rx: &Rx<'_>, cause: CauseValue) {
        if let Some(c) = self.calls.get(&id.0) {
            let (cr, st) = (self.call_cr(c), c.state.value());
            self.send_status(cr, st, cause);
        }
        self.protocol_error(Some(id), rx.mt, cause, None);
    }

    /// A message for an existing call.
    #[allow(clippy::too_many_lines)]
    fn on_call(&mut self, now: Instant, id: CallId, rx: &Rx<'_>) {
        let Some(c) = self.calls.get(&id.0) else {
            return;
        };
        let (state, outgoing) = (c.state, c.outgoing);
        let cr = self.call_cr(c);
        let mt = rx.mt;
        use MessageType as M;
        use State as S;

        if let Some(e) = rx.comprehension {
            let cause = e.cause();
            match mt {
                M::SETUP => return,
                M::RELEASE_COMPLETE => {
                    return self.finish(id, self.local(cause), rx.facilities(), false)
                }
                M::RELEASE => {
                    self.send(cr, M::RELEASE_COMPLETE, alloc::vec![self.cause_ie(cause)]);
                    self.protocol_error(Some(id), mt, cause, Some(e.offset));
                    return self.finish(id, self.local(cause), rx.facilities(), false);
                }
                M::DISCONNECT if state != S::ReleaseRequest => {
                    self.protocol_error(Some(id), mt, cause, Some(e.offset));
                    return self.clear_locally(now, id, cause, None, Via::Release);
                }
                _ => {
                    self.send_status(cr, state.value(), cause);
                    return self.protocol_error(Some(id), mt, cause, Some(e.offset));
                }
            }
        }
        // A malformed optional element is ignored, and reported with STATUS #100
        // (Q.931 §5.8.7.2); mandatory ones are checked per message below.
        let mandatory: &[u8] = match mt {
            M::DISCONNECT | M::RELEASE | M::RELEASE_COMPLETE => &[ie_id::CAUSE],
            M::STATUS => &[ie_id::CAUSE, ie_id::CALL_STATE],
            _ => &[],
        };
        if let Some((_, e)) = rx.bad.iter().find(|(i, _)| !mandatory.contains(i)) {
            if !matches!(mt, M::RELEASE | M::RELEASE_COMPLETE | M::STATUS) {
                self.send_status(cr, state.value(), CauseValue::INVALID_IE_CONTENTS);
                self.protocol_error(
                    Some(id),
                    mt,
                    CauseValue::INVALID_IE_CONTENTS,
                    Some(e.offset),
                );
            }
        }
        let facilities = rx.facilities();
        match mt {
            M::SETUP => {}
            M::SETUP_ACKNOWLEDGE if outgoing && state == S::CallInitiated => {
                if self.check_channel(now, id, rx) {
                    self.set_state(id, S::OverlapSending);
                    self.start_timer(id, Timer::T304, now);
                    let channel = self.channel_of(id);
                    self.events.push_back(Event::SetupAcknowledged {
                        call: id,
                        channel,
                        facilities,
                    });
                }
            }
            M::CALL_PROCEEDING
                if outgoing && matches!(state, S::CallInitiated | S::OverlapSending) =>
            {
                if self.check_channel(now, id, rx) {
                    self.set_state(id, S::OutgoingProceeding);
                    self.start_timer(id, Timer::T310, now);
                    let channel = self.channel_of(id);
                    self.events.push_back(Event::Proceeding {
                        call: id,
                        channel,
                        facilities,
                    });
                }
            }
            M::ALERTING
                if outgoing
                    && matches!(
                        state,
                        S::CallInitiated | S::OverlapSending | S::OutgoingProceeding
                    ) =>
            {
                if self.check_channel(now, id, rx) {
                    self.set_state(id, S::CallDelivered);
                    self.start_timer(id, Timer::T301, now);
                    let channel = self.channel_of(id);
                    self.events.push_back(Event::Alerting {
                        call: id,
                        channel,
                        progress: rx.progress(),
                        facilities,
                    });
                }
            }
            M::CONNECT
                if outgoing
                    && matches!(
                        state,
                        S::CallInitiated
                            | S::OverlapSending
                            | S::OutgoingProceeding
                            | S::CallDelivered
                    ) =>
            {
                if self.check_channel(now, id, rx) {
                    self.stop_timer(id);
                    self.set_state(id, S::Active);
                    self.send(cr, M::CONNECT_ACKNOWLEDGE, Vec::new());
                    let channel = self.channel_of(id);
                    self.events.push_back(Event::Connected {
                        call: id,
                        channel,
                        connected: rx
                            .number(ie_id::CONNECTED_NUMBER)
                            .map(|n| Number::from_wire(&n)),
                        facilities,
                    });
                }
            }
            M::CONNECT_ACKNOWLEDGE if !outgoing && state == S::ConnectRequest => {
                self.stop_timer(id);
                self.set_state(id, S::Active);
                self.events.push_back(Event::ConnectAcknowledged {
                    call: id,
                    facilities,
                });
            }
            M::CONNECT_ACKNOWLEDGE if !outgoing && state == S::Active => {
                if !facilities.is_empty() {
                    self.events.push_back(Event::ConnectAcknowledged {
                        call: id,
                        facilities,
                    });
                }
            }
            M::PROGRESS
                if !matches!(
                    state,
                    S::ReleaseRequest | S::DisconnectRequest | S::CallPresent
                ) =>
            {
                self.events.push_back(Event::Progress {
                    call: id,
                    progress: rx.progress(),
                    facilities,
                });
            }
            M::INFORMATION if !matches!(state, S::ReleaseRequest | S::CallPresent) => {
                let sending_complete = rx.sending_complete();
                if state == S::OverlapReceiving {
                    if sending_complete {
                        self.stop_timer(id);
                    } else {
                        self.start_timer(id, Timer::T302, now);
                    }
                }
                self.events.push_back(Event::Information {
                    call: id,
                    called: rx
                        .number(ie_id::CALLED_PARTY_NUMBER)
                        .map(|n| Number::from_wire(&n)),
                    sending_complete,
                    facilities,
                });
            }
            M::FACILITY if state != S::ReleaseRequest => {
                self.events.push_back(Event::Facility {
                    call: id,
                    facilities,
                });
            }
            M::NOTIFY if state != S::ReleaseRequest => {}
            M::DISCONNECT => match state {
                S::ReleaseRequest | S::DisconnectIndication => {}
                S::DisconnectRequest => {
                    // Clearing collision (Q.931 §5.3.5): answer with RELEASE.
                    let cause = self
                        .calls
                        .get(&id.0)
                        .map_or(CauseValue::NORMAL_CLEARING, |c| c.sent_cause);
                    let ies = alloc::vec![self.cause_ie(cause)];
                    let info = self.local(cause);
                    let _ = self.send_release(now, id, cr, ies, info);
                }
                _ => match rx.cause() {
                    Some(cause) => {
                        self.stop_timer(id);
                        self.set_state(id, S::DisconnectIndication);
                        let info = CauseInfo::received(cause);
                        self.set_clear_cause(id, info.clone());
                        self.events.push_back(Event::Disconnected {
                            call: id,
                            cause: info,
                            progress: rx.progress(),
                            facilities,
                        });
                    }
                    None => {
                        let (cause, offset) = match rx.bad(ie_id::CAUSE) {
                            Some(e) => (CauseValue::INVALID_IE_CONTENTS, Some(e.offset)),
                            None => (CauseValue::MANDATORY_IE_MISSING, None),
                        };
                        self.protocol_error(Some(id), mt, cause, offset);
                        self.clear_locally(now, id, cause, None, Via::Release);
                    }
                },
            },
            M::RELEASE => {
                if state != S::ReleaseRequest {
                    let first = !matches!(state, S::DisconnectRequest | S::DisconnectIndication);
                    let reply = match rx.cause() {
                        None if first => {
                            let cause = if rx.bad(ie_id::CAUSE).is_some() {
                                CauseValue::INVALID_IE_CONTENTS
                            } else {
                                CauseValue::MANDATORY_IE_MISSING
                            };
                            self.protocol_error(Some(id), mt, cause, None);
                            cause
                        }
                        _ => self
                            .calls
                            .get(&id.0)
                            .and_then(|c| c.clear_cause.as_ref())
                            .filter(|c| c.local)
                            .map(|c| c.value)
                            .or(rx.cause().map(|c| c.value))
                            .unwrap_or(CauseValue::NORMAL_CLEARING),
                    };
                    self.send(cr, M::RELEASE_COMPLETE, alloc::vec![self.cause_ie(reply)]);
                }
                let cause = rx.cause().map_or_else(
                    || self.local(CauseValue::NORMAL_UNSPECIFIED),
                    CauseInfo::received,
                );
                self.finish(id, cause, facilities, false);
            }
            M::RELEASE_COMPLETE => {
                let cause = rx.cause().map_or_else(
                    || self.local(CauseValue::NORMAL_UNSPECIFIED),
                    CauseInfo::received,
                );
                self.finish(id, cause, facilities, false);
            }
            M::STATUS_ENQUIRY => {
                self.send_status(cr, state.value(), CauseValue::RESPONSE_TO_STATUS_ENQUIRY);
            }
            M::STATUS => self.on_status(now, id, state, rx),
            M::RESTART | M::RESTART_ACKNOWLEDGE => {
                self.unexpected(id, rx, CauseValue::INVALID_CALL_REFERENCE);
            }
            M::SETUP_ACKNOWLEDGE
            | M::CALL_PROCEEDING
            | M::ALERTING
            | M::CONNECT
            | M::CONNECT_ACKNOWLEDGE
            | M::PROGRESS
            | M::INFORMATION
            | M::FACILITY
            | M::NOTIFY => {
                self.unexpected(id, rx, CauseValue::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
            }
            _ => self.unexpected(id, rx, CauseValue::MESSAGE_TYPE_NONEXISTENT),
        }
    }

    /// STATUS for a call (Q.931 §5.8.11).
    fn on_status(&mut self, now: Instant, id: CallId, state: State, rx: &Rx<'_>) {
        let (Some(peer), Some(cause)) = (rx.call_state(), rx.cause()) else {
            let e = rx.bad(ie_id::CALL_STATE).or(rx.bad(ie_id::CAUSE));
            let cause = if e.is_some() {
                CauseValue::INVALID_IE_CONTENTS
            } else {
                CauseValue::MANDATORY_IE_MISSING
            };
            return self.protocol_error(Some(id), rx.mt, cause, e.map(|e| e.offset));
        };
        let info = CauseInfo::received(cause);
        if let Some(c) = self.calls.get_mut(&id.0) {
            c.t322 = None;
        }
        if peer == 0 {
            if let Some(c) = self.calls.get_mut(&id.0) {
                c.clear_cause = None;
            }
            return self.finish(id, info, Vec::new(), false);
        }
        if state == State::ReleaseRequest {
            return;
        }
        if compatible(state, peer) {
            self.events.push_back(Event::Status {
                call: id,
                peer_state: peer,
                cause: info,
            });
        } else {
            let cause = CauseValue::MESSAGE_NOT_COMPATIBLE_WITH_STATE;
            self.protocol_error(Some(id), rx.mt, cause, None);
            self.clear_locally(now, id, cause, None, Via::Release);
        }
    }

    /// Messages with the global call reference (Q.931 §5.5).
    fn on_global(&mut self, _now: Instant, cr: CallReference, rx: &Rx<'_>) {
        let back = cr.inverted();
        match rx.mt {
            MessageType::RESTART => {
                let Some(ri) = rx.restart() else {
                    let e = rx.bad(ie_id::RESTART_INDICATOR);
                    let cause = if e.is_some() {
                        CauseValue::INVALID_IE_CONTENTS
                    } else {
                        CauseValue::MANDATORY_IE_MISSING
                    };
                    self.send_status(back, 0, cause);
                    return self.protocol_error(None, rx.mt, cause, e.map(|e| e.offset));
                };
                let target = match ri.class {
                    0 => match rx.channel().map(ChannelSpec::of) {
                        Some(ChannelSpec::Number { n, .. }) => RestartTarget::Channel(n),
                        _ => {
                            let cause = CauseValue::MANDATORY_IE_MISSING;
                            self.send_status(back, 0, cause);
                            return self.protocol_error(None, rx.mt, cause, None);
                        }
                    },
                    6 | 7 => RestartTarget::Interface,
                    _ => {
                        let cause = CauseValue::INVALID_IE_CONTENTS;
                        self.send_status(back, 0, cause);
                        return self.protocol_error(None, rx.mt, cause, None);
                    }
                };
                self.reset_channels(target, ChannelState::Idle);
                if self
                    .restart
                    .as_ref()
                    .is_some_and(|r| r.target == target || target == RestartTarget::Interface)
                {
                    self.restart = None;
                }
                let octet;
                let mut ies = alloc::vec![Ie::RestartIndicator(ri)];
                if let RestartTarget::Channel(n) = target {
                    octet = [0x80 | n];
                    ies.push(channel_ie(self.cfg.interface, n, true, &octet));
                }
                self.send(back, MessageType::RESTART_ACKNOWLEDGE, ies);
                self.events.push_back(Event::Restarted { target });
            }
            MessageType::RESTART_ACKNOWLEDGE => {
                let acked = match rx.channel().map(ChannelSpec::of) {
                    Some(ChannelSpec::Number { n, .. }) => RestartTarget::Channel(n),
                    _ => RestartTarget::Interface,
                };
                if let Some(r) = self.restart.take() {
                    if r.target == acked {
                        for (ch, st) in &mut self.channels {
                            if *st == ChannelState::Restarting
                                && (acked == RestartTarget::Interface
                                    || acked == RestartTarget::Channel(*ch))
                            {
                                *st = ChannelState::Idle;
                            }
                        }
                        self.events
                            .push_back(Event::RestartAcknowledged { target: acked });
                    } else {
                        self.restart = Some(r);
                    }
                }
            }
            MessageType::STATUS => {}
            // Q.931 §5.8.3.2 f): anything else (STATUS ENQUIRY included) gets STATUS #81.
            mt => {
                self.send_status(back, 0, CauseValue::INVALID_CALL_REFERENCE);
                self.protocol_error(None, mt, CauseValue::INVALID_CALL_REFERENCE, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [State; 13] = [
        State::CallInitiated,
        State::OverlapSending,
        State::OutgoingProceeding,
        State::CallDelivered,
        State::CallPresent,
        State::CallReceived,
        State::ConnectRequest,
        State::IncomingProceeding,
        State::Active,
        State::DisconnectRequest,
        State::DisconnectIndication,
        State::ReleaseRequest,
        State::OverlapReceiving,
    ];

    fn of(v: u8) -> State {
        ALL.into_iter().find(|s| s.value() == v).unwrap()
    }

    #[test]
    fn compatibility_is_mirrored_between_the_two_ends() {
        // Wherever the peer's state is one ours accepts, ours is one the peer's accepts: both
        // ends of a QSIG call agree on which pairs can coexist.
        for ours in ALL {
            for peer in ALL {
                assert_eq!(
                    compatible(ours, peer.value()),
                    compatible(peer, ours.value()),
                    "{ours:?} / {peer:?}"
                );
            }
            assert!(!compatible(ours, 0), "Null is handled before the table");
        }
        assert!(compatible(of(10), 10));
        assert!(!compatible(of(10), 7));
        assert!(!compatible(of(6), 10));
    }
}
