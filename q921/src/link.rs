//! The data-link entity of one SAPI/TEI (Q.921 §5, SDL of Annex B), sans-IO.
//!
//! Feed it received frames, layer-3 requests and the passing of time; drain what it wants to
//! transmit and what it tells layer 3 and layer management:
//!
//! ```
//! use core::time::Duration;
//! use strowger_q921::{Config, DataLink, DlIndication, DlRequest, Instant, Sapi, Side, Tei};
//!
//! let mut user = DataLink::new(Config::default(), Side::User, Sapi::CALL_CONTROL, Tei::ZERO);
//! let mut net = DataLink::new(Config::default(), Side::Network, Sapi::CALL_CONTROL, Tei::ZERO);
//! let mut now = Instant::ZERO;
//! user.handle_request(now, DlRequest::Establish).unwrap();
//! user.handle_request(now, DlRequest::Data(b"SETUP")).unwrap();
//! let mut got = Vec::new();
//! for _ in 0..10 {
//!     // The run loop: after any handle_*, drain every poll_* until None.
//!     while let Some(t) = user.poll_transmit() { net.handle_frame(now, &t.frame); }
//!     while let Some(t) = net.poll_transmit() { user.handle_frame(now, &t.frame); }
//!     while let Some(ev) = net.poll_event() {
//!         if let DlIndication::Data(d) = ev { got.push(d); }
//!     }
//!     while user.poll_event().is_some() {}
//!     // ... then sleep until the earliest poll_timeout().
//!     if let Some(t) = [user.poll_timeout(), net.poll_timeout()].into_iter().flatten().min() {
//!         now = t;
//!         user.handle_timeout(now);
//!         net.handle_timeout(now);
//!     }
//! }
//! assert_eq!(got, vec![b"SETUP".to_vec()]);
//! assert!(user.is_established() && net.is_established());
//! ```

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::time::Duration;

use crate::error::Error;
use crate::time::Instant;
use crate::wire::{Address, Control, Frame, SFunction, Sapi, Tei, UFunction};

/// Which side of the user–network interface this entity is; fixes the C/R bit convention
/// (Q.921 §3.3.2, Table 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The user (TE, CPE) side: commands carry C/R = 0, responses C/R = 1.
    User,
    /// The network (NT, exchange) side: commands carry C/R = 1, responses C/R = 0.
    Network,
}

/// Timers and parameters of the data link (Q.921 §5.9), with the standard's defaults.
///
/// | name | meaning | default |
/// |---|---|---|
/// | T200 | acknowledgement / retransmission timer (§5.9.1) | 1 s |
/// | T203 | maximum time without frames exchanged (§5.9.8) | 10 s |
/// | N200 | maximum number of retransmissions (§5.9.2) | 3 |
/// | N201 | maximum octets in an information field (§5.9.3) | 260 |
/// | k | maximum outstanding I frames (§5.9.5): 7 for PRI SAPI 0, 1 for BRI SAPI 0 | 7 |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// T200.
    pub t200: Duration,
    /// T203.
    pub t203: Duration,
    /// N200.
    pub n200: u8,
    /// N201.
    pub n201: usize,
    /// k, 1–127.
    pub k: u8,
    /// Most I frames waiting to be sent or acknowledged; a DL-DATA request beyond that is
    /// refused with [`Error::QueueFull`] (this bounds memory; not a Q.921 parameter).
    pub max_queue: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            t200: Duration::from_secs(1),
            t203: Duration::from_secs(10),
            n200: 3,
            n201: 260,
            k: 7,
            max_queue: 1024,
        }
    }
}

/// Layer-3 requests (Q.921 §4.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DlRequest<'a> {
    /// DL-ESTABLISH-REQUEST: establish multiple-frame operation.
    Establish,
    /// DL-RELEASE-REQUEST: terminate multiple-frame operation.
    Release,
    /// DL-DATA-REQUEST: send a message in acknowledged mode (I frames).
    Data(&'a [u8]),
    /// DL-UNIT-DATA-REQUEST: send a message in unacknowledged mode (a UI frame).
    UnitData(&'a [u8]),
}

/// MDL-ERROR-INDICATION codes (Q.921 Appendix II, Table II.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MdlError {
    /// A: unsolicited supervisory response with F = 1.
    A,
    /// B: unsolicited DM response with F = 1.
    B,
    /// C: unsolicited UA response with F = 1.
    C,
    /// D: unsolicited UA response with F = 0.
    D,
    /// E: unsolicited DM response with F = 0.
    E,
    /// F: peer-initiated re-establishment (SABME in multiple-frame operation).
    F,
    /// G: SABME retransmitted N200 times without answer.
    G,
    /// H: DISC retransmitted N200 times without answer.
    H,
    /// I: status enquiry retransmitted N200 times without answer.
    I,
    /// J: N(R) error.
    J,
    /// K: FRMR response received.
    K,
    /// L: undefined control field received.
    L,
    /// M: information field not permitted.
    M,
    /// N: frame of wrong size.
    N,
    /// O: information field longer than N201.
    O,
}

impl MdlError {
    /// The letter of Table II.1.
    pub const fn code(self) -> char {
        match self {
            MdlError::A => 'A',
            MdlError::B => 'B',
            MdlError::C => 'C',
            MdlError::D => 'D',
            MdlError::E => 'E',
            MdlError::F => 'F',
            MdlError::G => 'G',
            MdlError::H => 'H',
            MdlError::I => 'I',
            MdlError::J => 'J',
            MdlError::K => 'K',
            MdlError::L => 'L',
            MdlError::M => 'M',
            MdlError::N => 'N',
            MdlError::O => 'O',
        }
    }
}

/// What the entity tells layer 3 and layer management.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DlIndication {
    /// DL-ESTABLISH-INDICATION: the peer established (or re-established) the link.
    EstablishIndication,
    /// DL-ESTABLISH-CONFIRM: our DL-ESTABLISH request succeeded.
    EstablishConfirm,
    /// DL-RELEASE-INDICATION: the link went down without our asking (peer DISC, DM, failure).
    ReleaseIndication,
    /// DL-RELEASE-CONFIRM: our DL-RELEASE request completed.
    ReleaseConfirm,
    /// DL-DATA-INDICATION: an in-sequence I frame's information field.
    Data(Vec<u8>),
    /// DL-UNIT-DATA-INDICATION: a UI frame's information field.
    UnitData(Vec<u8>),
    /// MDL-ERROR-INDICATION to layer management.
    MdlError(MdlError),
    /// MDL-ASSIGN-INDICATION: an entity without a TEI needs one; answer with
    /// [`DataLink::assign_tei`] once TEI management ([`crate::tei::TeiUser`]) has it.
    MdlAssign,
}

/// One frame to send: address, control, information; no flags, no FCS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// The frame octets.
    pub frame: Vec<u8>,
}

/// The states of Q.921's SDL (Annex B, §B.2).
///
/// * 1 TEI unassigned: no TEI yet (point-to-multipoint, automatic assignment).
/// * 2 Assign awaiting TEI: a DL-UNIT-DATA request asked for a TEI; UI frames wait.
/// * 3 Establish awaiting TEI: a DL-ESTABLISH request asked for a TEI.
/// * 4 TEI assigned: no multiple-frame operation; UI frames flow.
/// * 5 Awaiting establishment: SABME sent, waiting for UA (or a colliding SABME).
/// * 6 Awaiting release: DISC sent, waiting for UA/DM.
/// * 7 Multiple frame established: I frames flow.
/// * 8 Timer recovery: T200 ran out; polling the peer with a P = 1 enquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    TeiUnassigned,
    AssignAwaitingTei,
    EstablishAwaitingTei,
    TeiAssigned,
    AwaitingEstablishment,
    AwaitingRelease,
    MultipleFrameEstablished,
    TimerRecovery,
}

const fn seq_sub(a: u8, b: u8) -> u8 {
    a.wrapping_sub(b) & 0x7f
}

const fn seq_inc(a: u8) -> u8 {
    (a + 1) & 0x7f
}

/// A Q.921 data-link entity for one SAPI and TEI in point-to-point acknowledged operation.
#[derive(Debug, Clone)]
pub struct DataLink {
    cfg: Config,
    side: Side,
    sapi: Sapi,
    tei: Tei,
    state: State,
    vs: u8,
    va: u8,
    vr: u8,
    rc: u8,
    own_busy: bool,
    peer_busy: bool,
    reject_exception: bool,
    ack_pending: bool,
    l3_initiated: bool,
    /// Information fields of I frames with N(S) = V(A), V(A)+1, … not yet acknowledged.
    sent: VecDeque<Vec<u8>>,
    /// I frames not yet transmitted.
    queue: VecDeque<Vec<u8>>,
    /// UI frames waiting for a TEI (states 2 and 3).
    ui_queue: VecDeque<Vec<u8>>,
    t200: Option<Instant>,
    t203: Option<Instant>,
    tx: VecDeque<Transmit>,
    events: VecDeque<DlIndication>,
    stats: LinkStats,
}

/// Counters, for tests and monitoring.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkStats {
    /// I frames sent for the first time.
    pub i_sent: u64,
    /// I frames sent again (REJ or timer recovery).
    pub i_retransmitted: u64,
    /// REJ responses sent.
    pub rej_sent: u64,
    /// T200 expiries.
    pub t200_expiries: u64,
    /// T203 expiries.
    pub t203_expiries: u64,
}

impl DataLink {
    /// An entity in state 4 (TEI assigned), link released.
    pub fn new(cfg: Config, side: Side, sapi: Sapi, tei: Tei) -> Self {
        DataLink {
            cfg: Config {
                k: cfg.k.clamp(1, 127),
                ..cfg
            },
            side,
            sapi,
            tei,
            state: State::TeiAssigned,
            vs: 0,
            va: 0,
            vr: 0,
            rc: 0,
            own_busy: false,
            peer_busy: false,
            reject_exception: false,
            ack_pending: false,
            l3_initiated: false,
            sent: VecDeque::new(),
            queue: VecDeque::new(),
            ui_queue: VecDeque::new(),
            t200: None,
            t203: None,
            tx: VecDeque::new(),
            events: VecDeque::new(),
            stats: LinkStats::default(),
        }
    }

    /// An entity in state 1 (TEI unassigned), for a point-to-multipoint interface with
    /// automatic TEI assignment. A DL-ESTABLISH or DL-UNIT-DATA request produces
    /// [`DlIndication::MdlAssign`]; frames are ignored until [`DataLink::assign_tei`].
    pub fn new_unassigned(cfg: Config, side: Side, sapi: Sapi) -> Self {
        let mut d = DataLink::new(cfg, side, sapi, Tei::GROUP);
        d.state = State::TeiUnassigned;
        d
    }

    /// The TEI in use, if one is assigned.
    pub fn tei(&self) -> Option<Tei> {
        match self.state {
            State::TeiUnassigned | State::AssignAwaitingTei | State::EstablishAwaitingTei => None,
            _ => Some(self.tei),
        }
    }

    /// MDL-ASSIGN request: layer management gives the entity its TEI (states 1–3; ignored
    /// once a TEI is assigned). Waiting UI frames go out; a waiting DL-ESTABLISH proceeds.
    pub fn assign_tei(&mut self, now: Instant, tei: Tei) {
        let establish = match self.state {
            State::TeiUnassigned | State::AssignAwaitingTei => false,
            State::EstablishAwaitingTei => true,
            _ => return,
        };
        self.tei = tei;
        self.state = State::TeiAssigned;
        while let Some(ui) = self.ui_queue.pop_front() {
            let addr = self.addr(true);
            self.emit(
                addr,
                Control::U {
                    function: UFunction::Ui,
                    pf: false,
                },
                &ui,
            );
        }
        if establish {
            self.establish_data_link(now);
            self.l3_initiated = true;
            self.state = State::AwaitingEstablishment;
        }
    }

    /// MDL-REMOVE request: the TEI is withdrawn (TEI management removed it). Queues are
    /// discarded, timers stopped, layer 3 told the link is gone; back to state 1.
    pub fn remove_tei(&mut self) {
        match self.state {
            State::AwaitingEstablishment
            | State::MultipleFrameEstablished
            | State::TimerRecovery => self.events.push_back(DlIndication::ReleaseIndication),
            State::AwaitingRelease => self.events.push_back(DlIndication::ReleaseConfirm),
            _ => {}
        }
        self.discard_queues();
        self.ui_queue.clear();
        self.t200 = None;
        self.t203 = None;
        self.clear_exception_conditions();
        self.tei = Tei::GROUP;
        self.state = State::TeiUnassigned;
    }

    /// Whether multiple-frame operation is established (states 7 and 8).
    pub fn is_established(&self) -> bool {
        matches!(
            self.state,
            State::MultipleFrameEstablished | State::TimerRecovery
        )
    }

    /// Whether the entity is in timer recovery (state 8).
    pub fn in_timer_recovery(&self) -> bool {
        self.state == State::TimerRecovery
    }

    /// I frames waiting to be transmitted or acknowledged.
    pub fn pending_frames(&self) -> usize {
        self.sent.len() + self.queue.len()
    }

    /// V(S), V(A), V(R).
    pub fn state_variables(&self) -> (u8, u8, u8) {
        (self.vs, self.va, self.vr)
    }

    /// Counters.
    pub fn stats(&self) -> LinkStats {
        self.stats
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// SAPI and TEI of this entity.
    pub fn address(&self) -> (Sapi, Tei) {
        (self.sapi, self.tei)
    }

    /// Next frame to send, if any.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.tx.pop_front()
    }

    /// Next indication for layer 3 or management, if any.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<DlIndication> {
        self.events.pop_front()
    }

    /// When [`DataLink::handle_timeout`] must next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        match (self.t200, self.t203) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    // ---- primitives from layer 3 -------------------------------------------------------

    /// A layer-3 request.
    ///
    /// DL-DATA requests are queued in states 7 and 8 and, when layer 3 itself asked for the
    /// establishment, in state 5; elsewhere Q.921 discards them (Q.921 §5.5.1, SDL).
    pub fn handle_request(&mut self, now: Instant, req: DlRequest<'_>) -> Result<(), Error> {
        match req {
            DlRequest::Establish => match self.state {
                State::TeiUnassigned => {
                    self.events.push_back(DlIndication::MdlAssign);
                    self.l3_initiated = true;
                    self.state = State::EstablishAwaitingTei;
                }
                State::AssignAwaitingTei => {
                    self.l3_initiated = true;
                    self.state = State::EstablishAwaitingTei;
                }
                State::EstablishAwaitingTei => {}
                State::TeiAssigned => {
                    self.establish_data_link(now);
                    self.l3_initiated = true;
                    self.state = State::AwaitingEstablishment;
                }
                State::AwaitingEstablishment => {
                    self.discard_queues();
                    self.l3_initiated = true;
                }
                State::MultipleFrameEstablished | State::TimerRecovery => {
                    self.discard_queues();
                    self.establish_data_link(now);
                    self.l3_initiated = true;
                    self.state = State::AwaitingEstablishment;
                }
                State::AwaitingRelease => {}
            },
            DlRequest::Release => match self.state {
                State::TeiUnassigned | State::AssignAwaitingTei | State::TeiAssigned => {
                    self.events.push_back(DlIndication::ReleaseConfirm)
                }
                State::EstablishAwaitingTei => {
                    self.queue.clear();
                    self.l3_initiated = false;
                    self.state = State::AssignAwaitingTei;
                    self.events.push_back(DlIndication::ReleaseConfirm);
                }
                State::AwaitingRelease => {}
                State::AwaitingEstablishment
                | State::MultipleFrameEstablished
                | State::TimerRecovery => {
                    self.discard_queues();
                    self.rc = 0;
                    self.send_u(true, UFunction::Disc, true);
                    self.t203 = None;
                    self.start_t200(now);
                    self.state = State::AwaitingRelease;
                }
            },
            DlRequest::Data(info) => {
                if info.len() > self.cfg.n201 {
                    return Err(Error::InfoTooLong {
                        len: info.len(),
                        n201: self.cfg.n201,
                    });
                }
                let accept = match self.state {
                    State::MultipleFrameEstablished | State::TimerRecovery => true,
                    State::AwaitingEstablishment | State::EstablishAwaitingTei => self.l3_initiated,
                    _ => false,
                };
                if accept {
                    if self.pending_frames() >= self.cfg.max_queue {
                        return Err(Error::QueueFull {
                            limit: self.cfg.max_queue,
                        });
                    }
                    self.queue.push_back(info.to_vec());
                    self.flush(now);
                }
            }
            DlRequest::UnitData(info) => {
                if info.len() > self.cfg.n201 {
                    return Err(Error::InfoTooLong {
                        len: info.len(),
                        n201: self.cfg.n201,
                    });
                }
                match self.state {
                    State::TeiUnassigned => {
                        self.events.push_back(DlIndication::MdlAssign);
                        self.ui_queue.push_back(info.to_vec());
                        self.state = State::AssignAwaitingTei;
                    }
                    State::AssignAwaitingTei | State::EstablishAwaitingTei => {
                        if self.ui_queue.len() >= self.cfg.max_queue {
                            return Err(Error::QueueFull {
                                limit: self.cfg.max_queue,
                            });
                        }
                        self.ui_queue.push_back(info.to_vec());
                    }
                    _ => {
                        let addr = self.addr(true);
                        self.emit(
                            addr,
                            Control::U {
                                function: UFunction::Ui,
                                pf: false,
                            },
                            info,
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// Sets or clears the own receiver busy condition (Q.921 §5.6.4): while set, received I
    /// frames are discarded and the peer is told RNR.
    pub fn set_own_receiver_busy(&mut self, now: Instant, busy: bool) {
        if !self.is_established() || busy == self.own_busy {
            self.own_busy = busy && self.is_established();
            return;
        }
        self.own_busy = busy;
        let f = if busy { SFunction::Rnr } else { SFunction::Rr };
        self.send_s(false, f, false);
        self.ack_pending = false;
        self.flush(now);
    }

    // ---- time -------------------------------------------------------------------------

    /// Runs the timers that expired by `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.t200.is_some_and(|t| t <= now) {
            self.t200 = None;
            self.stats.t200_expiries += 1;
            self.on_t200(now);
        }
        if self.t203.is_some_and(|t| t <= now) {
            self.t203 = None;
            self.stats.t203_expiries += 1;
            self.on_t203(now);
        }
        self.flush(now);
    }

    fn on_t200(&mut self, now: Instant) {
        match self.state {
            State::AwaitingEstablishment => {
                if self.rc >= self.cfg.n200 {
                    self.discard_queues();
                    self.mdl(MdlError::G);
                    self.events.push_back(DlIndication::ReleaseIndication);
                    self.state = State::TeiAssigned;
                } else {
                    self.rc += 1;
                    self.send_u(true, UFunction::Sabme, true);
                    self.start_t200(now);
                }
            }
            State::AwaitingRelease => {
                if self.rc >= self.cfg.n200 {
                    self.mdl(MdlError::H);
                    self.events.push_back(DlIndication::ReleaseConfirm);
                    self.state = State::TeiAssigned;
                } else {
                    self.rc += 1;
                    self.send_u(true, UFunction::Disc, true);
                    self.start_t200(now);
                }
            }
            State::MultipleFrameEstablished => {
                // Q.921 §5.6.7 lets the entity either retransmit the last I frame with P = 1
                // or send an enquiry; the enquiry learns exactly which frames arrived.
                self.rc = 0;
                self.transmit_enquiry(now);
                self.rc += 1;
                self.state = State::TimerRecovery;
            }
            State::TimerRecovery => {
                if self.rc >= self.cfg.n200 {
                    self.mdl(MdlError::I);
                    self.establish_data_link(now);
                    self.l3_initiated = false;
                    self.state = State::AwaitingEstablishment;
                } else {
                    self.transmit_enquiry(now);
                    self.rc += 1;
                }
            }
            State::TeiUnassigned
            | State::AssignAwaitingTei
            | State::EstablishAwaitingTei
            | State::TeiAssigned => {}
        }
    }

    fn on_t203(&mut self, now: Instant) {
        if self.state == State::MultipleFrameEstablished {
            self.transmit_enquiry(now);
            self.rc = 0;
            self.state = State::TimerRecovery;
        }
    }

    // ---- frames from the peer ---------------------------------------------------------

    /// A frame received from the peer (address, control, information; FCS already checked
    /// and removed). Frames for another SAPI/TEI and frames too short or with a bad address
    /// are ignored (Q.921 §5.8.4); protocol violations produce MDL-ERROR indications.
    pub fn handle_frame(&mut self, now: Instant, bytes: &[u8]) {
        self.receive(now, bytes);
        self.flush(now);
    }

    fn receive(&mut self, now: Instant, bytes: &[u8]) {
        if matches!(
            self.state,
            State::TeiUnassigned | State::AssignAwaitingTei | State::EstablishAwaitingTei
        ) {
            return;
        }
        let Ok(addr) = Address::parse(bytes) else {
            return;
        };
        if bytes.len() < Frame::<&[u8]>::MIN_LEN || addr.sapi != self.sapi {
            return;
        }
        let broadcast = addr.tei == Tei::GROUP;
        if addr.tei != self.tei && !broadcast {
            return;
        }
        let command = addr.is_command(self.side == Side::User);
        let frame = match Frame::new_checked(bytes) {
            Ok(f) => f,
            Err(_) => {
                // An I or S control field cut short: a frame of wrong size.
                self.protocol_error(now, MdlError::N);
                return;
            }
        };
        let control = frame.control();
        let info = frame.info();
        if broadcast
            && !matches!(
                control,
                Control::U {
                    function: UFunction::Ui,
                    ..
                }
            )
        {
            return;
        }
        match control {
            Control::Undefined { .. } => self.protocol_error(now, MdlError::L),
            Control::I { ns, nr, p } => {
                if !command {
                    self.protocol_error(now, MdlError::L);
                } else if info.len() > self.cfg.n201 {
                    self.protocol_error(now, MdlError::O);
                } else {
                    self.on_i(now, ns, nr, p, info);
                }
            }
            Control::S { function, nr, pf } => {
                if !info.is_empty() {
                    self.protocol_error(now, MdlError::N);
                } else {
                    self.on_s(now, function, nr, pf, command);
                }
            }
            Control::U { function, pf } => self.on_u(now, function, pf, command, info),
        }
    }

    fn on_u(&mut self, now: Instant, function: UFunction, pf: bool, command: bool, info: &[u8]) {
        let no_info = matches!(
            function,
            UFunction::Sabme | UFunction::Disc | UFunction::Ua | UFunction::Dm
        );
        if no_info && !info.is_empty() {
            self.protocol_error(now, MdlError::M);
            return;
        }
        let expect_command = match function {
            UFunction::Sabme | UFunction::Disc | UFunction::Ui => Some(true),
            UFunction::Ua | UFunction::Dm | UFunction::Frmr => Some(false),
            UFunction::Xid => None,
        };
        if expect_command.is_some_and(|c| c != command) {
            self.protocol_error(now, MdlError::L);
            return;
        }
        match function {
            UFunction::Ui => {
                if info.len() > self.cfg.n201 {
                    self.mdl(MdlError::O);
                } else {
                    self.events.push_back(DlIndication::UnitData(info.to_vec()));
                }
            }
            UFunction::Sabme => self.on_sabme(now, pf),
            UFunction::Disc => self.on_disc(pf),
            UFunction::Ua => self.on_ua(now, pf),
            UFunction::Dm => self.on_dm(now, pf),
            UFunction::Frmr => {
                if info.len() != crate::wire::FrmrInfo::LEN {
                    self.protocol_error(now, MdlError::N);
                    return;
                }
                self.mdl(MdlError::K);
                if self.is_established() {
                    self.establish_data_link(now);
                    self.l3_initiated = false;
                    self.state = State::AwaitingEstablishment;
                }
            }
            // XID procedures (Q.921 §5.4, parameter negotiation) are not implemented; the
            // frame is ignored, which Q.921 allows for an entity without XID support.
            UFunction::Xid => {}
        }
    }

    fn on_sabme(&mut self, now: Instant, p: bool) {
        match self.state {
            // No TEI: frames never reach these states (see `receive`).
            State::TeiUnassigned | State::AssignAwaitingTei | State::EstablishAwaitingTei => {}
            State::TeiAssigned => {
                self.send_u(false, UFunction::Ua, p);
                self.clear_exception_conditions();
                self.vs = 0;
                self.va = 0;
                self.vr = 0;
                self.events.push_back(DlIndication::EstablishIndication);
                self.t200 = None;
                self.start_t203(now);
                self.state = State::MultipleFrameEstablished;
            }
            // Collision of SABMEs (Q.921 §5.5.1.4): answer UA, keep waiting for our UA.
            State::AwaitingEstablishment => self.send_u(false, UFunction::Ua, p),
            State::AwaitingRelease => self.send_u(false, UFunction::Dm, p),
            State::MultipleFrameEstablished | State::TimerRecovery => {
                self.send_u(false, UFunction::Ua, p);
                self.clear_exception_conditions();
                self.mdl(MdlError::F);
                if self.has_unacknowledged() {
                    self.discard_queues();
                    self.events.push_back(DlIndication::EstablishIndication);
                }
                self.t200 = None;
                self.start_t203(now);
                self.vs = 0;
                self.va = 0;
                self.vr = 0;
                self.state = State::MultipleFrameEstablished;
            }
        }
    }

    fn on_disc(&mut self, p: bool) {
        match self.state {
            State::TeiUnassigned | State::AssignAwaitingTei | State::EstablishAwaitingTei => {}
            State::TeiAssigned | State::AwaitingEstablishment => {
                self.send_u(false, UFunction::Dm, p)
            }
            // Collision of DISCs: answer UA, keep waiting for ours.
            State::AwaitingRelease => self.send_u(false, UFunction::Ua, p),
            State::MultipleFrameEstablished | State::TimerRecovery => {
                self.discard_queues();
                self.send_u(false, UFunction::Ua, p);
                self.events.push_back(DlIndication::ReleaseIndication);
                self.t200 = None;
                self.t203 = None;
                self.state = State::TeiAssigned;
            }
        }
    }

    fn on_ua(&mut self, now: Instant, f: bool) {
        match self.state {
            State::AwaitingEstablishment if f => {
                if self.l3_initiated {
                    self.events.push_back(DlIndication::EstablishConfirm);
                    // Frames queued while establishing keep their place; renumbered from 0.
                    while let Some(s) = self.sent.pop_back() {
                        self.queue.push_front(s);
                    }
                } else if self.has_unacknowledged() {
                    self.discard_queues();
                    self.events.push_back(DlIndication::EstablishIndication);
                }
                self.t200 = None;
                self.start_t203(now);
                self.vs = 0;
                self.va = 0;
                self.vr = 0;
                self.rc = 0;
                self.state = State::MultipleFrameEstablished;
            }
            State::AwaitingRelease if f => {
                self.events.push_back(DlIndication::ReleaseConfirm);
                self.t200 = None;
                self.state = State::TeiAssigned;
            }
            _ => self.mdl(if f { MdlError::C } else { MdlError::D }),
        }
    }

    fn on_dm(&mut self, now: Instant, f: bool) {
        match self.state {
            State::AwaitingEstablishment => {
                if f {
                    self.discard_queues();
                    self.events.push_back(DlIndication::ReleaseIndication);
                    self.t200 = None;
                    self.state = State::TeiAssigned;
                }
            }
            State::AwaitingRelease => {
                if f {
                    self.events.push_back(DlIndication::ReleaseConfirm);
                    self.t200 = None;
                    self.state = State::TeiAssigned;
                }
            }
            State::MultipleFrameEstablished => {
                if f {
                    self.mdl(MdlError::B);
                } else {
                    self.mdl(MdlError::E);
                    self.establish_data_link(now);
                    self.l3_initiated = false;
                    self.state = State::AwaitingEstablishment;
                }
            }
            State::TimerRecovery => {
                // A DM, solicited or not, says the peer has no multiple-frame operation.
                self.mdl(if f { MdlError::B } else { MdlError::E });
                self.establish_data_link(now);
                self.l3_initiated = false;
                self.state = State::AwaitingEstablishment;
            }
            State::TeiUnassigned
            | State::AssignAwaitingTei
            | State::EstablishAwaitingTei
            | State::TeiAssigned => {}
        }
    }

    fn on_s(&mut self, now: Instant, function: SFunction, nr: u8, pf: bool, command: bool) {
        match self.state {
            State::MultipleFrameEstablished | State::TimerRecovery => {}
            State::TeiAssigned => {
                if command && pf {
                    self.send_u(false, UFunction::Dm, true);
                }
                return;
            }
            _ => return,
        }
        self.peer_busy = function == SFunction::Rnr;
        if command && pf {
            self.enquiry_response(true);
        }
        if !self.nr_valid(nr) {
            self.nr_error_recovery(now);
            return;
        }
        if self.state == State::MultipleFrameEstablished {
            if !command && pf {
                self.mdl(MdlError::A);
            }
            match function {
                SFunction::Rr => {
                    if nr == self.vs {
                        self.update_va(nr);
                        self.t200 = None;
                        self.start_t203(now);
                    } else if nr != self.va {
                        self.update_va(nr);
                        self.start_t200(now);
                    }
                }
                SFunction::Rej => {
                    self.update_va(nr);
                    self.t200 = None;
                    self.start_t203(now);
                    self.invoke_retransmission(nr);
                }
                SFunction::Rnr => {
                    self.update_va(nr);
                    self.t203 = None;
                    self.start_t200(now);
                }
            }
        } else if !command && pf {
            // The answer to our enquiry ends timer recovery (Q.921 §5.6.7).
            self.update_va(nr);
            if function == SFunction::Rnr {
                self.start_t200(now);
            } else {
                self.t200 = None;
                self.start_t203(now);
            }
            self.invoke_retransmission(nr);
            self.rc = 0;
            self.state = State::MultipleFrameEstablished;
        } else {
            self.update_va(nr);
            if function == SFunction::Rej {
                // Q.921 SDL: a REJ in timer recovery still moves V(S) back.
                self.invoke_retransmission(nr);
            }
        }
    }

    fn on_i(&mut self, now: Instant, ns: u8, nr: u8, p: bool, info: &[u8]) {
        match self.state {
            State::MultipleFrameEstablished | State::TimerRecovery => {}
            State::TeiAssigned => {
                if p {
                    self.send_u(false, UFunction::Dm, true);
                }
                return;
            }
            _ => return,
        }
        if self.own_busy {
            if p {
                self.send_s(false, SFunction::Rnr, true);
                self.ack_pending = false;
            }
        } else if ns == self.vr {
            self.vr = seq_inc(self.vr);
            self.reject_exception = false;
            self.events.push_back(DlIndication::Data(info.to_vec()));
            if p {
                self.send_s(false, SFunction::Rr, true);
                self.ack_pending = false;
            } else {
                self.ack_pending = true;
            }
        } else if self.reject_exception {
            if p {
                self.send_s(false, SFunction::Rr, true);
                self.ack_pending = false;
            }
        } else {
            self.reject_exception = true;
            self.stats.rej_sent += 1;
            self.send_s(false, SFunction::Rej, p);
            self.ack_pending = false;
        }
        if !self.nr_valid(nr) {
            self.nr_error_recovery(now);
            return;
        }
        if self.state == State::MultipleFrameEstablished {
            if self.peer_busy {
                self.update_va(nr);
            } else if nr == self.vs {
                self.update_va(nr);
                self.t200 = None;
                self.start_t203(now);
            } else if nr != self.va {
                self.update_va(nr);
                self.start_t200(now);
            }
        } else {
            self.update_va(nr);
        }
    }

    // ---- SDL procedures ---------------------------------------------------------------

    fn protocol_error(&mut self, now: Instant, e: MdlError) {
        self.mdl(e);
        // Q.921 §5.8.5: LAPD does not send FRMR; in multiple-frame operation it re-establishes.
        if self.is_established() {
            self.establish_data_link(now);
            self.l3_initiated = false;
            self.state = State::AwaitingEstablishment;
        }
    }

    fn nr_error_recovery(&mut self, now: Instant) {
        self.mdl(MdlError::J);
        self.establish_data_link(now);
        self.l3_initiated = false;
        self.state = State::AwaitingEstablishment;
    }

    fn establish_data_link(&mut self, now: Instant) {
        self.clear_exception_conditions();
        self.rc = 0;
        self.send_u(true, UFunction::Sabme, true);
        self.start_t200(now);
        self.t203 = None;
    }

    fn clear_exception_conditions(&mut self) {
        self.peer_busy = false;
        self.reject_exception = false;
        self.own_busy = false;
        self.ack_pending = false;
    }

    fn transmit_enquiry(&mut self, now: Instant) {
        let f = if self.own_busy {
            SFunction::Rnr
        } else {
            SFunction::Rr
        };
        self.send_s(true, f, true);
        self.ack_pending = false;
        self.start_t200(now);
    }

    fn enquiry_response(&mut self, f: bool) {
        let func = if self.own_busy {
            SFunction::Rnr
        } else {
            SFunction::Rr
        };
        self.send_s(false, func, f);
        self.ack_pending = false;
    }

    fn invoke_retransmission(&mut self, nr: u8) {
        self.vs = nr;
    }

    fn nr_valid(&self, nr: u8) -> bool {
        seq_sub(nr, self.va) <= seq_sub(self.vs, self.va)
    }

    fn update_va(&mut self, nr: u8) {
        let n = seq_sub(nr, self.va) as usize;
        for _ in 0..n.min(self.sent.len()) {
            self.sent.pop_front();
        }
        self.va = nr;
    }

    fn has_unacknowledged(&self) -> bool {
        self.vs != self.va || !self.sent.is_empty()
    }

    fn discard_queues(&mut self) {
        self.sent.clear();
        self.queue.clear();
    }

    fn start_t200(&mut self, now: Instant) {
        self.t200 = Some(now + self.cfg.t200);
    }

    fn start_t203(&mut self, now: Instant) {
        self.t203 = Some(now + self.cfg.t203);
    }

    fn mdl(&mut self, e: MdlError) {
        self.events.push_back(DlIndication::MdlError(e));
    }

    /// Sends what the window allows, then any acknowledgement still owed.
    fn flush(&mut self, now: Instant) {
        while self.state == State::MultipleFrameEstablished && !self.peer_busy {
            let idx = seq_sub(self.vs, self.va) as usize;
            if idx >= self.cfg.k as usize {
                break;
            }
            let retransmission = idx < self.sent.len();
            if !retransmission {
                match self.queue.pop_front() {
                    Some(f) => self.sent.push_back(f),
                    None => break,
                }
                self.stats.i_sent += 1;
            } else {
                self.stats.i_retransmitted += 1;
            }
            let control = Control::I {
                ns: self.vs,
                nr: self.vr,
                p: false,
            };
            let addr = self.addr(true);
            let info = core::mem::take(&mut self.sent[idx]);
            self.emit(addr, control, &info);
            self.sent[idx] = info;
            self.vs = seq_inc(self.vs);
            self.ack_pending = false;
            if self.t200.is_none() {
                self.t203 = None;
                self.start_t200(now);
            }
        }
        if self.ack_pending && self.is_established() {
            self.ack_pending = false;
            let f = if self.own_busy {
                SFunction::Rnr
            } else {
                SFunction::Rr
            };
            self.send_s(false, f, false);
        }
    }

    fn addr(&self, command: bool) -> Address {
        Address::for_side(self.sapi, self.tei, self.side == Side::Network, command)
    }

    fn send_u(&mut self, command: bool, function: UFunction, pf: bool) {
        let addr = self.addr(command);
        self.emit(addr, Control::U { function, pf }, &[]);
    }

    fn send_s(&mut self, command: bool, function: SFunction, pf: bool) {
        let addr = self.addr(command);
        let nr = self.vr;
        self.emit(addr, Control::S { function, nr, pf }, &[]);
    }

    fn emit(&mut self, address: Address, control: Control, info: &[u8]) {
        let repr = crate::wire::FrameRepr {
            address,
            control,
            info,
        };
        self.tx.push_back(Transmit {
            frame: repr.to_vec(),
        });
    }
}
