//! TEI management procedures for point-to-multipoint (BRI) data links (Q.921 §5.3): the
//! user-side entity that obtains, keeps and loses a TEI, and the network-side entity that
//! assigns, checks and removes TEIs. Both are sans-IO like [`crate::DataLink`].
//!
//! Messages travel in UI command frames on SAPI 63 with the group TEI 127
//! ([`crate::wire::tei`]); the user side sends commands with C/R = 0, the network side with
//! C/R = 1 (Q.921 Table 1).
//!
//! | timer / parameter | meaning | default |
//! |---|---|---|
//! | T201 | between identity check requests (§5.3.4.2) | 1 s |
//! | T202 | between identity requests (§5.3.2.1) | 2 s |
//! | N202 | identity request transmissions (§5.3.2.1) | 3 |

use alloc::collections::VecDeque;
use core::time::Duration;

use crate::link::Transmit;
use crate::time::Instant;
use crate::wire::tei::{TeiMessage, TeiMessageType};
use crate::wire::{Address, Control, FrameRepr, Sapi, Tei, UFunction};

/// Timers and parameters of TEI management.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeiConfig {
    /// T201.
    pub t201: Duration,
    /// T202.
    pub t202: Duration,
    /// N202.
    pub n202: u8,
}

impl Default for TeiConfig {
    fn default() -> Self {
        TeiConfig {
            t201: Duration::from_secs(1),
            t202: Duration::from_secs(2),
            n202: 3,
        }
    }
}

/// What TEI management tells layer management and the data-link entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TeiEvent {
    /// MDL-ASSIGN: this TEI is now in use (user: ours; network: given to a user).
    Assigned(Tei),
    /// MDL-REMOVE: this TEI is no longer in use; its data-link entities must be released.
    Removed(Tei),
    /// The network denied our identity request (user side; T202 retries continue).
    Denied,
    /// N202 identity requests went unanswered (user side): no TEI.
    AssignmentFailed,
    /// An identity check request was answered with the TEIs in use (network side).
    CheckAnswered(Tei),
}

fn ui_frame(network: bool, m: &TeiMessage) -> Transmit {
    let mut info = [0u8; 4 + crate::wire::tei::MAX_CHECK_TEIS];
    let n = m.emit(&mut info).expect("sized for the largest message");
    let repr = FrameRepr {
        address: Address::for_side(Sapi::MANAGEMENT, Tei::GROUP, network, true),
        control: Control::U {
            function: UFunction::Ui,
            pf: false,
        },
        info: &info[..n],
    };
    Transmit {
        frame: repr.to_vec(),
    }
}

/// A TEI management message in a received frame, if it is one sent by the `from_network` side.
fn parse(bytes: &[u8], from_network: bool) -> Option<TeiMessage> {
    let repr = FrameRepr::parse_bytes(bytes).ok()?;
    if repr.address.sapi != Sapi::MANAGEMENT
        || repr.address.tei != Tei::GROUP
        || !repr.address.is_command(from_network)
        || !matches!(
            repr.control,
            Control::U {
                function: UFunction::Ui,
                ..
            }
        )
    {
        return None;
    }
    TeiMessage::parse(repr.info).ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UserState {
    Unassigned,
    Awaiting { ri: u16, sent: u8 },
    Assigned(Tei),
}

/// The user-side TEI management entity of one terminal, for automatic TEI assignment.
#[derive(Debug, Clone)]
pub struct TeiUser {
    cfg: TeiConfig,
    state: UserState,
    rng: u16,
    t202: Option<Instant>,
    tx: VecDeque<Transmit>,
    events: VecDeque<TeiEvent>,
}

impl TeiUser {
    /// An entity without a TEI; `seed` feeds the choice of reference numbers Ri (use a
    /// random value: two terminals with the same seed would pick the same Ri).
    pub fn new(cfg: TeiConfig, seed: u16) -> Self {
        TeiUser {
            cfg,
            state: UserState::Unassigned,
            rng: seed | 1,
            t202: None,
            tx: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    /// The TEI in use, if any.
    pub fn tei(&self) -> Option<Tei> {
        match self.state {
            UserState::Assigned(t) => Some(t),
            _ => None,
        }
    }

    fn next_ri(&mut self) -> u16 {
        // xorshift16
        self.rng ^= self.rng << 7;
        self.rng ^= self.rng >> 9;
        self.rng ^= self.rng << 8;
        self.rng
    }

    fn send(&mut self, m: TeiMessage) {
        self.tx.push_back(ui_frame(false, &m));
    }

    fn send_request(&mut self, now: Instant, sent: u8) {
        let ri = self.next_ri();
        self.send(TeiMessage::new(TeiMessageType::IdentityRequest, ri, 127));
        self.state = UserState::Awaiting { ri, sent: sent + 1 };
        self.t202 = Some(now + self.cfg.t202);
    }

    /// MDL-ASSIGN request from layer management: ask the network for a TEI (§5.3.2.1).
    pub fn request(&mut self, now: Instant) {
        if self.state == UserState::Unassigned {
            self.send_request(now, 0);
        }
    }

    /// Asks the network to verify our TEI (identity verify, §5.3.5).
    pub fn verify(&mut self) {
        if let UserState::Assigned(t) = self.state {
            self.send(TeiMessage::new(
                TeiMessageType::IdentityVerify,
                0,
                t.value(),
            ));
        }
    }

    /// A frame received on the D-channel; anything but a TEI management message from the
    /// network is ignored.
    pub fn handle_frame(&mut self, now: Instant, bytes: &[u8]) {
        let Some(m) = parse(bytes, true) else { return };
        match (m.msg_type, self.state) {
            (TeiMessageType::IdentityAssigned, UserState::Awaiting { ri, .. }) if m.ri == ri => {
                // A value outside 64-126 is not an automatic TEI: ignore it and let T202
                // ask again.
                if let Some(t) = Tei::new(m.ai()).filter(|t| t.is_automatic()) {
                    self.state = UserState::Assigned(t);
                    self.t202 = None;
                    self.events.push_back(TeiEvent::Assigned(t));
                }
            }
            (TeiMessageType::IdentityAssigned, UserState::Assigned(t)) if m.ai() == t.value() => {
                // Our TEI was given to another terminal: ask the network to check it
                // (§5.3.2.1), which removes it from both if both answer.
                self.verify();
            }
            (TeiMessageType::IdentityDenied, UserState::Awaiting { ri, .. }) if m.ri == ri => {
                self.events.push_back(TeiEvent::Denied);
            }
            (TeiMessageType::IdentityCheckRequest, UserState::Assigned(t))
                if m.ai() == 127 || m.ai() == t.value() =>
            {
                let ri = self.next_ri();
                self.send(TeiMessage::new(
                    TeiMessageType::IdentityCheckResponse,
                    ri,
                    t.value(),
                ));
            }
            (TeiMessageType::IdentityRemove, UserState::Assigned(t))
                if m.ai() == 127 || m.ai() == t.value() =>
            {
                self.remove(t);
            }
            _ => {}
        }
        let _ = now;
    }

    fn remove(&mut self, t: Tei) {
        self.state = UserState::Unassigned;
        self.t202 = None;
        self.events.push_back(TeiEvent::Removed(t));
    }

    /// Runs T202.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.t202.is_none_or(|t| t > now) {
            return;
        }
        self.t202 = None;
        if let UserState::Awaiting { sent, .. } = self.state {
            if sent >= self.cfg.n202 {
                self.state = UserState::Unassigned;
                self.events.push_back(TeiEvent::AssignmentFailed);
            } else {
                self.send_request(now, sent);
            }
        }
    }

    /// Next frame to send.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.tx.pop_front()
    }

    /// Next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<TeiEvent> {
        self.events.pop_front()
    }

    /// When [`TeiUser::handle_timeout`] must next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.t202
    }
}

#[derive(Debug, Clone, Copy)]
struct Check {
    tei: Tei,
    sent: u8,
    answered: u8,
}

/// The network-side TEI management entity of one interface: assigns TEIs 64–126 on request,
/// checks them (§5.3.4) and removes those nobody answers for or that two terminals hold.
#[derive(Debug, Clone)]
pub struct TeiNetwork {
    cfg: TeiConfig,
    in_use: [bool; 128],
    check: Option<Check>,
    t201: Option<Instant>,
    tx: VecDeque<Transmit>,
    events: VecDeque<TeiEvent>,
}

impl TeiNetwork {
    /// An entity with no TEI assigned.
    pub fn new(cfg: TeiConfig) -> Self {
        TeiNetwork {
            cfg,
            in_use: [false; 128],
            check: None,
            t201: None,
            tx: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    /// Whether `tei` is assigned.
    pub fn is_assigned(&self, tei: Tei) -> bool {
        self.in_use[usize::from(tei.value())]
    }

    fn send(&mut self, m: TeiMessage) {
        self.tx.push_back(ui_frame(true, &m));
    }

    /// Removes `tei` (identity remove, sent twice as §5.3.4.1 asks).
    pub fn remove(&mut self, tei: Tei) {
        let m = TeiMessage::new(TeiMessageType::IdentityRemove, 0, tei.value());
        self.send(m);
        self.send(m);
        if tei == Tei::GROUP {
            for t in 64..127 {
                if self.in_use[t] {
                    self.in_use[t] = false;
                    self.events
                        .push_back(TeiEvent::Removed(Tei::new(t as u8).expect("below 128")));
                }
            }
        } else if self.in_use[usize::from(tei.value())] {
            self.in_use[usize::from(tei.value())] = false;
            self.events.push_back(TeiEvent::Removed(tei));
        }
    }

    /// Starts an identity check of `tei` (§5.3.4.2); a TEI nobody claims after two check
    /// requests is removed.
    pub fn check(&mut self, now: Instant, tei: Tei) {
        if self.check.is_some() {
            return;
        }
        self.check = Some(Check {
            tei,
            sent: 1,
            answered: 0,
        });
        self.send(TeiMessage::new(
            TeiMessageType::IdentityCheckRequest,
            0,
            tei.value(),
        ));
        self.t201 = Some(now + self.cfg.t201);
    }

    /// A frame received on the D-channel; anything but a TEI management message from a user
    /// is ignored.
    pub fn handle_frame(&mut self, now: Instant, bytes: &[u8]) {
        let Some(m) = parse(bytes, false) else { return };
        match m.msg_type {
            TeiMessageType::IdentityRequest => {
                let wanted = usize::from(m.ai());
                let pick = if (64..127).contains(&wanted) && !self.in_use[wanted] {
                    Some(wanted)
                } else {
                    (64..127).find(|&t| !self.in_use[t])
                };
                match pick {
                    Some(t) => {
                        self.in_use[t] = true;
                        let tei = Tei::new(t as u8).expect("below 127");
                        self.send(TeiMessage::new(
                            TeiMessageType::IdentityAssigned,
                            m.ri,
                            tei.value(),
                        ));
                        self.events.push_back(TeiEvent::Assigned(tei));
                    }
                    None => self.send(TeiMessage::new(TeiMessageType::IdentityDenied, m.ri, 127)),
                }
            }
            TeiMessageType::IdentityCheckResponse => {
                if let Some(c) = self.check.as_mut() {
                    if c.tei == Tei::GROUP || m.ais().contains(&c.tei.value()) {
                        c.answered += 1;
                        let tei = c.tei;
                        if tei != Tei::GROUP {
                            self.events.push_back(TeiEvent::CheckAnswered(tei));
                        }
                    }
                }
            }
            TeiMessageType::IdentityVerify => {
                if let Some(t) = Tei::new(m.ai()).filter(|t| t.is_automatic()) {
                    self.check(now, t);
                }
            }
            _ => {}
        }
    }

    /// Runs T201.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.t201.is_none_or(|t| t > now) {
            return;
        }
        self.t201 = None;
        let Some(c) = self.check else { return };
        if c.answered > 1 && c.tei != Tei::GROUP {
            // Two terminals claim the TEI: take it from both.
            self.check = None;
            self.remove(c.tei);
        } else if c.answered == 1 {
            self.check = None;
        } else if c.sent < 2 {
            self.check = Some(Check { sent: 2, ..c });
            self.send(TeiMessage::new(
                TeiMessageType::IdentityCheckRequest,
                0,
                c.tei.value(),
            ));
            self.t201 = Some(now + self.cfg.t201);
        } else {
            self.check = None;
            if c.tei != Tei::GROUP && c.answered == 0 {
                self.remove(c.tei);
            }
        }
    }

    /// Next frame to send.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.tx.pop_front()
    }

    /// Next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<TeiEvent> {
        self.events.pop_front()
    }

    /// When [`TeiNetwork::handle_timeout`] must next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.t201
    }
}
