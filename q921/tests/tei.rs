//! TEI management (Q.921 §5.3) between one network-side entity and user-side terminals on a
//! simulated broadcast D-channel.

use std::time::Duration;

use strowger_q921::tei::{TeiConfig, TeiEvent, TeiNetwork, TeiUser};
use strowger_q921::wire::tei::{TeiMessage, TeiMessageType};
use strowger_q921::{FrameRepr, Instant, Tei};

struct Bus {
    now: Instant,
    net: TeiNetwork,
    users: Vec<TeiUser>,
    attached: Vec<bool>,
    net_events: Vec<TeiEvent>,
    user_events: Vec<Vec<TeiEvent>>,
    frames: Vec<(bool, Vec<u8>)>,
}

impl Bus {
    fn new(n: usize) -> Bus {
        Bus {
            now: Instant::ZERO,
            net: TeiNetwork::new(TeiConfig::default()),
            users: (0..n)
                .map(|i| {
                    TeiUser::new(
                        TeiConfig::default(),
                        0x1234u16.wrapping_add(977u16.wrapping_mul(i as u16)),
                    )
                })
                .collect(),
            attached: vec![true; n],
            net_events: Vec::new(),
            user_events: vec![Vec::new(); n],
            frames: Vec::new(),
        }
    }

    fn settle(&mut self) {
        loop {
            let mut moved = false;
            while let Some(t) = self.net.poll_transmit() {
                moved = true;
                self.frames.push((true, t.frame.clone()));
                for (u, up) in self.users.iter_mut().zip(&self.attached) {
                    if *up {
                        u.handle_frame(self.now, &t.frame);
                    }
                }
            }
            for i in 0..self.users.len() {
                while let Some(t) = self.users[i].poll_transmit() {
                    moved = true;
                    self.frames.push((false, t.frame.clone()));
                    if self.attached[i] {
                        self.net.handle_frame(self.now, &t.frame);
                    }
                }
                while let Some(e) = self.users[i].poll_event() {
                    self.user_events[i].push(e);
                }
            }
            while let Some(e) = self.net.poll_event() {
                self.net_events.push(e);
            }
            if !moved {
                break;
            }
        }
    }

    fn run_for(&mut self, d: Duration) {
        let end = self.now + d;
        loop {
            self.settle();
            let next = self
                .users
                .iter()
                .filter_map(TeiUser::poll_timeout)
                .chain(self.net.poll_timeout())
                .min();
            match next {
                Some(t) if t <= end => {
                    self.now = t;
                    self.net.handle_timeout(t);
                    for u in &mut self.users {
                        u.handle_timeout(t);
                    }
                }
                _ => break,
            }
        }
        self.now = end;
    }
}

fn message(f: &[u8]) -> TeiMessage {
    TeiMessage::parse(FrameRepr::parse_bytes(f).unwrap().info).unwrap()
}

#[test]
fn two_terminals_get_different_tei_values() {
    let mut b = Bus::new(2);
    b.users[0].request(b.now);
    b.users[1].request(b.now);
    b.run_for(Duration::from_secs(1));
    assert_eq!(b.users[0].tei(), Tei::new(64));
    assert_eq!(b.users[1].tei(), Tei::new(65));
    assert_eq!(
        b.user_events[0],
        vec![TeiEvent::Assigned(Tei::new(64).unwrap())]
    );
    assert_eq!(b.net_events.len(), 2);
    // Identity request: SAPI 63 user command (C/R = 0), TEI 127, UI, MEI, Ri, type 1, Ai 127.
    let req = &b.frames[0].1;
    assert_eq!(&req[..4], &[0xfc, 0xff, 0x03, 0x0f]);
    assert_eq!(&req[6..], &[0x01, 0xff]);
    // Identity assigned echoes Ri: SAPI 63 network command (C/R = 1).
    let assigned = b.frames.iter().find(|f| f.0).unwrap();
    assert_eq!(&assigned.1[..3], &[0xfe, 0xff, 0x03]);
    assert_eq!(message(&assigned.1).ri, message(req).ri);
    assert_eq!(
        message(&assigned.1).msg_type,
        TeiMessageType::IdentityAssigned
    );
}

#[test]
fn unanswered_requests_fail_after_n202() {
    let mut b = Bus::new(1);
    b.attached[0] = false;
    b.users[0].request(b.now);
    b.run_for(Duration::from_secs(10));
    assert_eq!(b.frames.len(), 3, "N202 = 3 identity requests");
    let ris: Vec<u16> = b.frames.iter().map(|f| message(&f.1).ri).collect();
    assert!(
        ris[0] != ris[1] && ris[1] != ris[2],
        "a new Ri each time: {ris:?}"
    );
    assert_eq!(b.user_events[0], vec![TeiEvent::AssignmentFailed]);
    assert_eq!(b.users[0].tei(), None);
}

#[test]
fn check_keeps_a_live_tei_and_removes_a_dead_one() {
    let mut b = Bus::new(2);
    b.users[0].request(b.now);
    b.users[1].request(b.now);
    b.run_for(Duration::from_secs(1));
    let (t0, t1) = (b.users[0].tei().unwrap(), b.users[1].tei().unwrap());
    b.net.check(b.now, t0);
    b.run_for(Duration::from_secs(3));
    assert!(b.net.is_assigned(t0));
    assert!(b.net_events.contains(&TeiEvent::CheckAnswered(t0)));
    // Terminal 1 is unplugged: two check requests go unanswered, the TEI is removed.
    b.attached[1] = false;
    let before = b.frames.len();
    b.net.check(b.now, t1);
    b.run_for(Duration::from_secs(3));
    let sent: Vec<TeiMessageType> = b.frames[before..]
        .iter()
        .map(|f| message(&f.1).msg_type)
        .collect();
    assert_eq!(
        sent,
        vec![
            TeiMessageType::IdentityCheckRequest,
            TeiMessageType::IdentityCheckRequest,
            TeiMessageType::IdentityRemove,
            TeiMessageType::IdentityRemove
        ]
    );
    assert!(!b.net.is_assigned(t1));
    assert_eq!(b.net_events.last(), Some(&TeiEvent::Removed(t1)));
}

#[test]
fn verify_and_remove() {
    let mut b = Bus::new(1);
    b.users[0].request(b.now);
    b.run_for(Duration::from_secs(1));
    let t = b.users[0].tei().unwrap();
    let before = b.frames.len();
    b.users[0].verify();
    b.run_for(Duration::from_secs(3));
    let sent: Vec<TeiMessageType> = b.frames[before..]
        .iter()
        .map(|f| message(&f.1).msg_type)
        .collect();
    assert_eq!(
        sent,
        vec![
            TeiMessageType::IdentityVerify,
            TeiMessageType::IdentityCheckRequest,
            TeiMessageType::IdentityCheckResponse
        ]
    );
    assert!(b.net.is_assigned(t));
    b.net.remove(t);
    b.run_for(Duration::from_millis(10));
    assert_eq!(b.users[0].tei(), None);
    assert_eq!(b.user_events[0].last(), Some(&TeiEvent::Removed(t)));
}

#[test]
fn a_full_interface_denies_identity_requests() {
    let mut b = Bus::new(64);
    for i in 0..64 {
        b.users[i].request(b.now);
        b.settle();
    }
    b.run_for(Duration::from_millis(100));
    let assigned = b.users.iter().filter(|u| u.tei().is_some()).count();
    assert_eq!(assigned, 63, "TEIs 64-126");
    assert_eq!(b.user_events[63], vec![TeiEvent::Denied]);
}

/// A BRI terminal: its data-link entity starts without a TEI, asks for one (MDL-ASSIGN),
/// gets it from TEI management, establishes, and loses the link when the TEI is removed.
#[test]
fn bri_terminal_gets_a_tei_then_establishes_and_is_released_on_removal() {
    use strowger_q921::{Config, DataLink, DlIndication, DlRequest, Sapi, Side};

    let now = Instant::ZERO;
    let cfg = Config {
        k: 1,
        ..Config::default()
    };
    let mut user_tei = TeiUser::new(TeiConfig::default(), 0xbeef);
    let mut net_tei = TeiNetwork::new(TeiConfig::default());
    let mut user = DataLink::new_unassigned(cfg, Side::User, Sapi::CALL_CONTROL);
    let mut net: Option<DataLink> = None;
    let mut user_events = Vec::new();
    let mut net_events = Vec::new();

    user.handle_request(now, DlRequest::UnitData(b"broadcast-ish"))
        .unwrap();
    user.handle_request(now, DlRequest::Establish).unwrap();
    assert_eq!(user.tei(), None);
    let mut ui_seen = Vec::new();
    for _ in 0..10 {
        while let Some(e) = user.poll_event() {
            if e == DlIndication::MdlAssign {
                user_tei.request(now);
            }
            user_events.push(e);
        }
        while let Some(t) = user_tei.poll_transmit() {
            net_tei.handle_frame(now, &t.frame);
        }
        while let Some(t) = net_tei.poll_transmit() {
            user_tei.handle_frame(now, &t.frame);
        }
        while let Some(e) = net_tei.poll_event() {
            if let TeiEvent::Assigned(t) = e {
                net = Some(DataLink::new(cfg, Side::Network, Sapi::CALL_CONTROL, t));
            }
        }
        while let Some(e) = user_tei.poll_event() {
            match e {
                TeiEvent::Assigned(t) => user.assign_tei(now, t),
                TeiEvent::Removed(_) => user.remove_tei(),
                _ => {}
            }
        }
        while let Some(t) = user.poll_transmit() {
            if let Some(n) = net.as_mut() {
                let r = FrameRepr::parse_bytes(&t.frame).unwrap();
                assert_eq!(
                    Some(r.address.tei),
                    user.tei(),
                    "frames carry the assigned TEI"
                );
                if matches!(
                    r.control,
                    strowger_q921::Control::U {
                        function: strowger_q921::UFunction::Ui,
                        ..
                    }
                ) {
                    ui_seen.push(r.info.to_vec());
                }
                n.handle_frame(now, &t.frame);
            }
        }
        if let Some(n) = net.as_mut() {
            while let Some(t) = n.poll_transmit() {
                user.handle_frame(now, &t.frame);
            }
            while let Some(e) = n.poll_event() {
                net_events.push(e);
            }
        }
    }
    assert_eq!(user.tei(), Tei::new(64));
    assert!(user.is_established());
    assert_eq!(
        ui_seen,
        vec![b"broadcast-ish".to_vec()],
        "the waiting UI frame went out"
    );
    assert_eq!(
        user_events,
        vec![DlIndication::MdlAssign, DlIndication::EstablishConfirm]
    );
    assert_eq!(
        net_events,
        vec![
            DlIndication::UnitData(b"broadcast-ish".to_vec()),
            DlIndication::EstablishIndication
        ]
    );

    // The network removes the TEI: the terminal's link goes down.
    net_tei.remove(user.tei().unwrap());
    while let Some(t) = net_tei.poll_transmit() {
        user_tei.handle_frame(now, &t.frame);
    }
    while let Some(e) = user_tei.poll_event() {
        if let TeiEvent::Removed(_) = e {
            user.remove_tei();
        }
    }
    assert_eq!(user.poll_event(), Some(DlIndication::ReleaseIndication));
    assert_eq!(user.tei(), None);
    assert!(!user.is_established());
    assert_eq!(user.poll_timeout(), None);
}
