//! Configuration, request parameters, events and errors of the call-control entity.

use alloc::vec::Vec;
use core::time::Duration;

use crate::wire::{
    BearerCapability, Cause, CauseValue, Location, NumberingPlan, PartyNumber, Presentation,
    ProgressDescription, RedirectionReason, Screening, TypeOfNumber,
};
use crate::ParseError;

/// Which end of the interface this entity is.
///
/// QSIG (ECMA-143) is symmetric at layer 3, but each end still takes one role: the network end
/// wins a B-channel collision between two exclusive or two preferred requests (Q.931
/// Annex D.3), selects free channels from the
/// top of the range (the user end from the bottom, which makes collisions rarer), and does not
/// wait for CONNECT ACKNOWLEDGE after sending CONNECT (no T313).
///
/// The call reference flag does not depend on the role: as Q.931 §4.3 has it, messages sent by
/// the end that allocated the call reference carry flag 0, the other end's flag 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// User side (TE / CPE, or the QSIG "B" end).
    User,
    /// Network side (exchange, or the QSIG "A" end).
    Network,
}

/// The kind of interface, which fixes the call reference length (Q.931 §4.3) and the coding of
/// the channel identification (Q.931 §4.5.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interface {
    /// Primary rate: two-octet call reference values, channels by number.
    Primary,
    /// Basic rate: one-octet call reference values, channels B1 and B2.
    Basic,
}

/// Layer-3 timers (Q.931 §9, Tables 9-1/9-2; ECMA-143 §12). Defaults follow libpri 1.6.0
/// where it sets one (T303, T305, T308, T309, T313, T316, N316) and Q.931 otherwise.
///
/// | timer | started | on expiry | default |
/// |---|---|---|---|
/// | T301 | ALERTING received | DISCONNECT #102 | 180 s |
/// | T302 | SETUP ACKNOWLEDGE sent, INFORMATION received | [`Event::OverlapTimeout`] | 15 s |
/// | T303 | SETUP sent | SETUP sent again once, then RELEASE COMPLETE #102 | 4 s |
/// | T304 | SETUP ACKNOWLEDGE received, INFORMATION sent | DISCONNECT #102 | 20 s |
/// | T305 | DISCONNECT sent | RELEASE with the DISCONNECT's cause | 30 s |
/// | T308 | RELEASE sent | RELEASE sent again once, then the call reference is released and the channel put in maintenance | 4 s |
/// | T309 | data link released with active calls | active calls cleared, #41 | 6 s |
/// | T310 | CALL PROCEEDING received | DISCONNECT #102 | 30 s |
/// | T313 | CONNECT sent (user side) | DISCONNECT #102 | 4 s |
/// | T316 | RESTART sent | RESTART sent again, at most `n316` times in all | 120 s |
/// | T322 | STATUS ENQUIRY sent | STATUS ENQUIRY sent again once, then DISCONNECT #41 | 4 s |
///
/// T317 (the bound on internal clearing after a received RESTART) has no field: the entity
/// clears the restarted channels' calls synchronously and acknowledges at once, so it could
/// never expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// T301.
    pub t301: Duration,
    /// T302.
    pub t302: Duration,
    /// T303.
    pub t303: Duration,
    /// T304.
    pub t304: Duration,
    /// T305.
    pub t305: Duration,
    /// T308.
    pub t308: Duration,
    /// T309.
    pub t309: Duration,
    /// T310.
    pub t310: Duration,
    /// T313.
    pub t313: Duration,
    /// T316.
    pub t316: Duration,
    /// T322.
    pub t322: Duration,
    /// How many times in all a RESTART is sent before giving up (N316).
    pub n316: u8,
}

impl Default for Timers {
    fn default() -> Self {
        let s = Duration::from_secs;
        Self {
            t301: s(180),
            t302: s(15),
            t303: s(4),
            t304: s(20),
            t305: s(30),
            t308: s(4),
            t309: s(6),
            t310: s(30),
            t313: s(4),
            t316: s(120),
            t322: s(4),
            n316: 2,
        }
    }
}

/// Names of the timers, as carried by [`Event::ClearingStarted`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Timer {
    /// T301 (alerting, no answer).
    T301,
    /// T302 (overlap receiving).
    T302,
    /// T303 (SETUP unanswered).
    T303,
    /// T304 (overlap sending).
    T304,
    /// T305 (DISCONNECT unanswered).
    T305,
    /// T308 (RELEASE unanswered).
    T308,
    /// T309 (data link down).
    T309,
    /// T310 (CALL PROCEEDING without progress).
    T310,
    /// T313 (CONNECT unacknowledged).
    T313,
    /// T316 (RESTART unacknowledged).
    T316,
    /// T322 (STATUS ENQUIRY unanswered).
    T322,
}

/// Configuration of a [`super::CallControl`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// User or network role.
    pub side: Side,
    /// Primary or basic rate.
    pub interface: Interface,
    /// The B-channel numbers this D-channel controls (E1: 1–15 and 17–31, T1: 1–23, BRI: 1–2).
    pub channels: Vec<u8>,
    /// Timer values.
    pub timers: Timers,
    /// The location put in the causes this entity generates (QSIG: private network serving the
    /// local user, as libpri sends).
    pub location: Location,
    /// The most calls (call references) in use at once; an incoming SETUP beyond is refused
    /// with cause #47, a request with [`CallError::TooManyCalls`](crate::CallError::TooManyCalls).
    pub max_calls: usize,
    /// The cause reported in [`Event::Released`] when T303 expires the second time. Q.931
    /// §5.1.1 reports #102 (the default); libpri reports #18 "no user responding".
    pub t303_cause: CauseValue,
}

impl Config {
    /// An E1 primary rate interface: B-channels 1–15 and 17–31 (timeslot numbering).
    #[must_use]
    pub fn pri_e1(side: Side) -> Self {
        Self::with_channels(
            side,
            Interface::Primary,
            (1..=31).filter(|&c| c != 16).collect(),
        )
    }

    /// A T1 primary rate interface: B-channels 1–23.
    #[must_use]
    pub fn pri_t1(side: Side) -> Self {
        Self::with_channels(side, Interface::Primary, (1..=23).collect())
    }

    /// A basic rate interface: B1 and B2.
    #[must_use]
    pub fn bri(side: Side) -> Self {
        Self::with_channels(side, Interface::Basic, alloc::vec![1, 2])
    }

    fn with_channels(side: Side, interface: Interface, channels: Vec<u8>) -> Self {
        Self {
            side,
            interface,
            channels,
            timers: Timers::default(),
            location: Location::PRIVATE_LOCAL,
            max_calls: 512,
            t303_cause: CauseValue::RECOVERY_ON_TIMER_EXPIRY,
        }
    }
}

impl Default for Config {
    /// [`Config::pri_e1`] on the user side.
    fn default() -> Self {
        Self::pri_e1(Side::User)
    }
}

/// A party number owned by the entity's requests and events (calling, called, connected,
/// redirecting); [`Number::to_wire`] borrows it as the codec's [`PartyNumber`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number {
    /// Type of number.
    pub type_of_number: TypeOfNumber,
    /// Numbering plan.
    pub numbering_plan: NumberingPlan,
    /// Presentation and screening (octet 3a), not used in a called party number.
    pub presentation: Option<(Presentation, Screening)>,
    /// Reason for redirection (octet 3b), redirecting number only.
    pub reason: Option<RedirectionReason>,
    /// IA5 digits.
    pub digits: Vec<u8>,
}

impl Number {
    /// Digits with type and plan "unknown" and no octet 3a.
    #[must_use]
    pub fn new(digits: &[u8]) -> Self {
        Self {
            type_of_number: TypeOfNumber::UNKNOWN,
            numbering_plan: NumberingPlan::UNKNOWN,
            presentation: None,
            reason: None,
            digits: digits.to_vec(),
        }
    }

    /// The same number with type of number and numbering plan.
    #[must_use]
    pub fn with_plan(mut self, ton: TypeOfNumber, plan: NumberingPlan) -> Self {
        self.type_of_number = ton;
        self.numbering_plan = plan;
        self
    }

    /// The same number with presentation and screening indicators (octet 3a).
    #[must_use]
    pub fn with_presentation(mut self, p: Presentation, s: Screening) -> Self {
        self.presentation = Some((p, s));
        self
    }

    /// The same number with a reason for redirection (octet 3b; needs octet 3a).
    #[must_use]
    pub fn with_reason(mut self, r: RedirectionReason) -> Self {
        self.reason = Some(r);
        self
    }

    /// Copies a decoded number.
    #[must_use]
    pub fn from_wire(n: &PartyNumber<'_>) -> Self {
        Self {
            type_of_number: n.type_of_number,
            numbering_plan: n.numbering_plan,
            presentation: n.presentation,
            reason: n.reason,
            digits: n.digits.to_vec(),
        }
    }

    /// The codec's view of this number.
    #[must_use]
    pub fn to_wire(&self) -> PartyNumber<'_> {
        PartyNumber {
            type_of_number: self.type_of_number,
            numbering_plan: self.numbering_plan,
            presentation: self.presentation,
            reason: self.reason,
            digits: &self.digits,
        }
    }

    /// The digits as text (empty if they are not UTF-8).
    #[must_use]
    pub fn digits_str(&self) -> &str {
        core::str::from_utf8(&self.digits).unwrap_or("")
    }
}

/// Bearer capability contents octets (Q.931 §4.5.5), as sent or received.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bearer(pub Vec<u8>);

impl Bearer {
    /// The contents octets of a preset of [`BearerCapability`] (fields in range, so encoding
    /// cannot fail).
    fn preset(b: BearerCapability<'_>) -> Self {
        let mut v = alloc::vec![0; b.buffer_len()];
        let encoded = b.write(&mut v).is_ok();
        debug_assert!(encoded);
        Self(v)
    }

    /// Speech, 64 kbit/s, G.711 A-law (`80 90 a3`, [`BearerCapability::speech_alaw`]).
    #[must_use]
    pub fn speech_alaw() -> Self {
        Self::preset(BearerCapability::speech_alaw())
    }

    /// Speech, 64 kbit/s, G.711 µ-law (`80 90 a2`, [`BearerCapability::speech_ulaw`]).
    #[must_use]
    pub fn speech_ulaw() -> Self {
        Self::preset(BearerCapability::speech_ulaw())
    }

    /// Unrestricted digital information, 64 kbit/s (`88 90`,
    /// [`BearerCapability::unrestricted_digital`]).
    #[must_use]
    pub fn unrestricted_digital() -> Self {
        Self::preset(BearerCapability::unrestricted_digital())
    }

    /// The bearer capability of a call-independent signalling connection (ECMA-165 §11.3,
    /// `a8 80`, [`BearerCapability::call_independent`]).
    #[must_use]
    pub fn call_independent() -> Self {
        Self::preset(BearerCapability::call_independent())
    }

    /// The typed view, or the error that makes the octets invalid.
    pub fn typed(&self) -> Result<BearerCapability<'_>, ParseError> {
        BearerCapability::parse(&self.0)
    }

    /// Whether this is the call-independent bearer (ISO/IEC coding, ECMA-165 §11.3).
    #[must_use]
    pub fn is_call_independent(&self) -> bool {
        self.typed() == Ok(BearerCapability::call_independent())
    }
}

/// The B-channel a SETUP asks for (Q.931 §5.1.2, §5.2.3), or the one a received SETUP named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelRequest {
    /// Any free channel: this entity picks one and offers it as preferred.
    Any,
    /// This channel, another one acceptable.
    Preferred(u8),
    /// This channel only.
    Exclusive(u8),
    /// No B-channel: a call-independent signalling connection (`18 01 ac`,
    /// [`crate::wire::ChannelIdentification::no_channel`]).
    None,
}

/// The parameters of a SETUP, sent ([`super::CallControl::setup`]) or received
/// ([`Event::IncomingCall`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// Bearer capability (mandatory).
    pub bearer: Bearer,
    /// Channel asked for.
    pub channel: ChannelRequest,
    /// Calling party number.
    pub calling: Option<Number>,
    /// Called party number (en bloc, or the first digits of overlap sending).
    pub called: Option<Number>,
    /// Redirecting number (Q.952).
    pub redirecting: Option<Number>,
    /// Sending complete (Q.931 §4.5.27).
    pub sending_complete: bool,
    /// Display text.
    pub display: Option<Vec<u8>>,
    /// Facility element contents (protocol profile octet and components), in order.
    pub facilities: Vec<Vec<u8>>,
}

impl Setup {
    /// A SETUP with only a bearer capability and a channel request.
    #[must_use]
    pub fn new(bearer: Bearer, channel: ChannelRequest) -> Self {
        Self {
            bearer,
            channel,
            calling: None,
            called: None,
            redirecting: None,
            sending_complete: false,
            display: None,
            facilities: Vec::new(),
        }
    }

    /// A call-independent signalling connection (ECMA-165 §11.3): bearer `a8 80`, channel
    /// `18 01 ac`, carrying `facilities`.
    #[must_use]
    pub fn call_independent(facilities: Vec<Vec<u8>>) -> Self {
        let mut s = Self::new(Bearer::call_independent(), ChannelRequest::None);
        s.facilities = facilities;
        s
    }

    /// Whether this SETUP opens a call-independent signalling connection.
    #[must_use]
    pub fn is_call_independent(&self) -> bool {
        self.channel == ChannelRequest::None || self.bearer.is_call_independent()
    }
}

/// Optional contents of the messages answering a SETUP or carrying a call forward
/// (SETUP ACKNOWLEDGE, CALL PROCEEDING, ALERTING, CONNECT, PROGRESS).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    /// Facility element contents.
    pub facilities: Vec<Vec<u8>>,
    /// Progress description (e.g. [`ProgressDescription::IN_BAND`] in ALERTING).
    pub progress: Option<ProgressDescription>,
    /// Connected number (CONNECT).
    pub connected: Option<Number>,
    /// Display text.
    pub display: Option<Vec<u8>>,
}

impl Reply {
    /// A reply carrying only facility element contents.
    #[must_use]
    pub fn with_facilities(facilities: Vec<Vec<u8>>) -> Self {
        Self {
            facilities,
            ..Self::default()
        }
    }
}

/// A Q.850 cause as received from the peer or generated by this entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CauseInfo {
    /// The cause value.
    pub value: CauseValue,
    /// The location.
    pub location: Location,
    /// Diagnostics octets.
    pub diagnostics: Vec<u8>,
    /// `true` when this entity generated the cause (timer expiry, protocol error, local
    /// request); `false` when it came in a message from the peer.
    pub local: bool,
}

impl CauseInfo {
    pub(crate) fn local(value: CauseValue, location: Location) -> Self {
        Self {
            value,
            location,
            diagnostics: Vec::new(),
            local: true,
        }
    }

    pub(crate) fn received(c: &Cause<'_>) -> Self {
        Self {
            value: c.value,
            location: c.location,
            diagnostics: c.diagnostics.to_vec(),
            local: false,
        }
    }
}

/// A handle on one call (or call-independent signalling connection) of a
/// [`super::CallControl`]; never reused by the same entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(pub u32);

/// The data-link service state reported by layer 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkState {
    /// DL-ESTABLISH indication or confirmation.
    Established,
    /// DL-RELEASE indication or confirmation.
    Released,
}

/// What a RESTART covers (Q.931 §5.5, restart indicator classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestartTarget {
    /// One B-channel (class 0 with its channel identification).
    Channel(u8),
    /// The whole interface (class 7 sent; classes 6 and 7 accepted).
    Interface,
}

/// State of one B-channel in the entity's channel table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelState {
    /// Free for a new call.
    Idle,
    /// Used by this call.
    Busy(CallId),
    /// A RESTART for it is waiting for RESTART ACKNOWLEDGE.
    Restarting,
    /// Out of service after a failed clearing (second T308 expiry) or restart (N316); a
    /// RESTART returns it to idle (Q.931 §5.3.4.3, §5.5.1).
    Maintenance,
}

/// What the entity reports to the application (drain with [`super::CallControl::poll_event`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A SETUP arrived and was accepted (call state 6, call present). Answer with
    /// `setup_ack`, `proceeding`, `alerting`, `connect` or `hangup`.
    IncomingCall {
        /// The new call.
        call: CallId,
        /// What the SETUP carried.
        setup: alloc::boxed::Box<Setup>,
        /// The B-channel reserved for it (`None` for a call-independent connection).
        channel: Option<u8>,
    },
    /// SETUP ACKNOWLEDGE: send the remaining digits with `information` (overlap sending).
    SetupAcknowledged {
        /// The call.
        call: CallId,
        /// The B-channel in use.
        channel: Option<u8>,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// CALL PROCEEDING.
    Proceeding {
        /// The call.
        call: CallId,
        /// The B-channel in use.
        channel: Option<u8>,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// ALERTING.
    Alerting {
        /// The call.
        call: CallId,
        /// The B-channel in use.
        channel: Option<u8>,
        /// Progress description, if any.
        progress: Option<ProgressDescription>,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// CONNECT: the call is active (CONNECT ACKNOWLEDGE was sent).
    Connected {
        /// The call.
        call: CallId,
        /// The B-channel in use.
        channel: Option<u8>,
        /// Connected number.
        connected: Option<Number>,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// CONNECT ACKNOWLEDGE for the CONNECT this side sent.
    ConnectAcknowledged {
        /// The call.
        call: CallId,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// PROGRESS.
    Progress {
        /// The call.
        call: CallId,
        /// Progress description.
        progress: Option<ProgressDescription>,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// INFORMATION (overlap digits, or other information).
    Information {
        /// The call.
        call: CallId,
        /// Called party number digits carried, if any.
        called: Option<Number>,
        /// Sending complete present.
        sending_complete: bool,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// T302 expired in overlap receiving: decide whether the number is complete
    /// (`proceeding`) or not (`hangup` with #28, Q.931 §5.2.4).
    OverlapTimeout {
        /// The call.
        call: CallId,
    },
    /// FACILITY on a call.
    Facility {
        /// The call.
        call: CallId,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// FACILITY with the dummy call reference (connectionless, Q.932 §5.3 / ECMA-165 §11.2).
    ConnectionlessFacility {
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// DISCONNECT from the peer: answer with `hangup` (which sends RELEASE).
    Disconnected {
        /// The call.
        call: CallId,
        /// The cause received.
        cause: CauseInfo,
        /// Progress description (in-band tones), if any.
        progress: Option<ProgressDescription>,
        /// Facility element contents.
        facilities: Vec<Vec<u8>>,
    },
    /// This entity started clearing a call on its own (timer expiry, protocol error, channel
    /// problem, incompatible state).
    ClearingStarted {
        /// The call.
        call: CallId,
        /// The cause sent.
        cause: CauseInfo,
        /// The timer whose expiry caused it, if any.
        timer: Option<Timer>,
    },
    /// The call is gone: its call reference and channel are free. `cause` is that of the first
    /// clearing message (received or sent), or the one generated locally (timer, link loss,
    /// restart).
    Released {
        /// The call.
        call: CallId,
        /// Why.
        cause: CauseInfo,
        /// Facility element contents of the final RELEASE / RELEASE COMPLETE received.
        facilities: Vec<Vec<u8>>,
    },
    /// STATUS from the peer, compatible with the call state.
    Status {
        /// The call.
        call: CallId,
        /// The peer's call state value.
        peer_state: u8,
        /// The cause carried.
        cause: CauseInfo,
    },
    /// A message this entity refused or could not use (Q.931 §5.8); the reply it sent, if
    /// any, carried `cause`.
    ProtocolError {
        /// The call concerned, if one.
        call: Option<CallId>,
        /// The message type received.
        message_type: crate::MessageType,
        /// The cause sent or that applies (always generated locally).
        cause: CauseInfo,
        /// Byte offset of the offending element or field, when known.
        offset: Option<usize>,
    },
    /// The peer restarted channels; calls on them were released (each with its
    /// [`Event::Released`]) and RESTART ACKNOWLEDGE was sent.
    Restarted {
        /// What was restarted.
        target: RestartTarget,
    },
    /// RESTART ACKNOWLEDGE for this side's RESTART: the channels are idle.
    RestartAcknowledged {
        /// What was restarted.
        target: RestartTarget,
    },
    /// No RESTART ACKNOWLEDGE after N316 attempts: the channels are in maintenance.
    RestartFailed {
        /// What was to be restarted.
        target: RestartTarget,
    },
    /// Layer 2 must be (re-)established (DL-ESTABLISH request), Q.931 §5.8.8.
    EstablishLink,
}
