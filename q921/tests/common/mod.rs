//! The simulated link shared by the tests: two data-link entities, a simulated clock and a
//! lossy, delayed wire between them.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use strowger_q921::{
    Config, DataLink, DlIndication, DlRequest, Instant, MdlError, Sapi, Side, Tei,
};

/// xorshift64*: deterministic loss pattern per seed.
pub struct Rng(u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Which entity: 0 = user, 1 = network.
pub struct Pair {
    pub now: Instant,
    pub ends: [DataLink; 2],
    /// Frames in flight towards end i: (arrival time, bytes).
    pub wire: [VecDeque<(Instant, Vec<u8>)>; 2],
    pub events: [Vec<DlIndication>; 2],
    /// Every frame sent by end i, in order, with its send time.
    pub sent: [Vec<(Instant, Vec<u8>)>; 2],
    pub loss: f64,
    /// Frames to drop on purpose: (sender, index among that sender's frames).
    pub drop_exact: Vec<(usize, usize)>,
    pub cut: bool,
    pub rng: Rng,
    pub delay: Duration,
}

impl Pair {
    pub fn new(cfg: Config, loss: f64, seed: u64) -> Pair {
        Pair {
            now: Instant::ZERO,
            ends: [
                DataLink::new(cfg, Side::User, Sapi::CALL_CONTROL, Tei::ZERO),
                DataLink::new(cfg, Side::Network, Sapi::CALL_CONTROL, Tei::ZERO),
            ],
            wire: [VecDeque::new(), VecDeque::new()],
            events: [Vec::new(), Vec::new()],
            sent: [Vec::new(), Vec::new()],
            loss,
            drop_exact: Vec::new(),
            cut: false,
            rng: Rng(seed | 1),
            delay: Duration::from_millis(5),
        }
    }

    pub fn drain(&mut self) {
        for i in 0..2 {
            while let Some(t) = self.ends[i].poll_transmit() {
                let n = self.sent[i].len();
                self.sent[i].push((self.now, t.frame.clone()));
                let dropped = self.cut
                    || self.drop_exact.contains(&(i, n))
                    || (self.loss > 0.0 && self.rng.chance(self.loss));
                if !dropped {
                    self.wire[1 - i].push_back((self.now + self.delay, t.frame));
                }
            }
            while let Some(e) = self.ends[i].poll_event() {
                self.events[i].push(e);
            }
        }
    }

    pub fn request(&mut self, i: usize, r: DlRequest<'_>) {
        self.ends[i].handle_request(self.now, r).unwrap();
        self.drain();
    }

    /// Advances to the next event (a frame arrival or a timer); false when nothing is left.
    pub fn step(&mut self) -> bool {
        self.drain();
        let mut next: Option<Instant> = None;
        for i in 0..2 {
            for t in [
                self.wire[i].front().map(|x| x.0),
                self.ends[i].poll_timeout(),
            ]
            .into_iter()
            .flatten()
            {
                next = Some(next.map_or(t, |n| n.min(t)));
            }
        }
        let Some(t) = next else { return false };
        self.now = self.now.max(t);
        for i in 0..2 {
            while self.wire[i].front().is_some_and(|x| x.0 <= self.now) {
                let (_, f) = self.wire[i].pop_front().unwrap();
                self.ends[i].handle_frame(self.now, &f);
                self.drain();
            }
            if self.ends[i].poll_timeout().is_some_and(|x| x <= self.now) {
                self.ends[i].handle_timeout(self.now);
                self.drain();
            }
        }
        true
    }

    pub fn run_until(&mut self, t: Instant) {
        loop {
            self.drain();
            let next = (0..2)
                .flat_map(|i| {
                    [
                        self.wire[i].front().map(|x| x.0),
                        self.ends[i].poll_timeout(),
                    ]
                })
                .flatten()
                .min();
            match next {
                Some(n) if n <= t => {
                    self.step();
                }
                _ => break,
            }
        }
        self.now = self.now.max(t);
    }

    pub fn mdl_errors(&self, i: usize) -> Vec<MdlError> {
        self.events[i]
            .iter()
            .filter_map(|e| match e {
                DlIndication::MdlError(m) => Some(*m),
                _ => None,
            })
            .collect()
    }

    pub fn data(&self, i: usize) -> Vec<Vec<u8>> {
        self.events[i]
            .iter()
            .filter_map(|e| match e {
                DlIndication::Data(d) => Some(d.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn established(&mut self) {
        self.request(0, DlRequest::Establish);
        let until = self.now + Duration::from_millis(100);
        self.run_until(until);
        assert!(self.ends[0].is_established() && self.ends[1].is_established());
        assert_eq!(self.events[0], vec![DlIndication::EstablishConfirm]);
        assert_eq!(self.events[1], vec![DlIndication::EstablishIndication]);
        self.events = [Vec::new(), Vec::new()];
    }
}
