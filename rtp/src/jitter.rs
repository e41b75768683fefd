//! An adaptive, frame-count-based jitter buffer (sans-IO).
//!
//! The buffer holds codec frames keyed by RTP timestamp, whatever the codec: configure the
//! frame duration (80, 160, 240 timestamp units for 10, 20, 30 ms at 8 kHz) and split packets
//! into frames on [`JitterBuffer::push_packet`]. The audio device asks for one frame per frame
//! duration with [`JitterBuffer::pop`] and gets a frame, a request to conceal a lost one (PLC),
//! comfort noise (a DTX gap), or silence.
//!
//! **Adaptive playout delay.** Each frame's transit (arrival time minus RTP timestamp, both in
//! timestamp units) is kept over a sliding window of [`JitterConfig::window`] frames. The
//! window minimum is the fastest path; the `quantile` of transit above that minimum, clamped to
//! `min..=max` frames, is the target delay. It is not rounded to whole frames: frames are played
//! on the device's frame grid, which already keeps the actual delay between the target and one
//! frame above it.
//! Because the minimum slides with the window, clock skew between sender and receiver
//! (a steadily drifting transit) is followed.
//!
//! The playout point is steered towards "now − minimum transit − target": at a talkspurt start
//! (marker bit or the first frame after silence) it jumps there; inside a talkspurt it moves one
//! frame at a time, by dropping a frame when more than one frame too late ([`Stats::accelerated`])
//! or by inserting a concealment frame when more than one frame too early
//! ([`Stats::expanded`]).
//!
//! **Fixed mode** ([`PlayoutDelay::Fixed`]) is the classic fixed buffer used as a baseline: the
//! first frame of each talkspurt is played the configured delay after its arrival, and the
//! talkspurt is then played at the sender's pace with no adjustment.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;

use crate::time::Instant;
use crate::wire::rtp::TimestampExtender;

/// How the playout delay is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlayoutDelay {
    /// Adaptive, driven by the measured transit distribution.
    Adaptive {
        /// Smallest target, frames.
        min_frames: u32,
        /// Largest target, frames.
        max_frames: u32,
        /// Quantile of the transit spread to cover (e.g. 0.97).
        quantile: f32,
    },
    /// A constant delay after the first frame of each talkspurt, in milliseconds.
    Fixed {
        /// The delay.
        delay_ms: u32,
    },
}

/// Jitter buffer configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JitterConfig {
    /// RTP clock rate.
    pub clock_rate: u32,
    /// Timestamp units per frame (80/160/240 for 10/20/30 ms at 8 kHz).
    pub frame_duration: u32,
    /// Delay policy.
    pub delay: PlayoutDelay,
    /// Frames held at most; further frames are dropped ([`Stats::overflow`]).
    pub capacity: usize,
    /// Frames of transit history for the adaptive estimate.
    pub window: usize,
    /// Concealment frames after which a gap is taken as silence rather than loss.
    pub max_conceal: u32,
    /// A timestamp further than this many units from the playout point is a jump: resync.
    pub resync_threshold: u32,
}

impl JitterConfig {
    /// An adaptive buffer for `frame_ms` frames at 8 kHz: 1..=25 frames (up to 500 ms at 20 ms),
    /// covering 98 % of the transit spread over the last 0.7 s.
    pub fn adaptive(frame_ms: u32) -> Self {
        let frame_ms = frame_ms.max(1);
        Self {
            clock_rate: 8000,
            frame_duration: 8 * frame_ms,
            delay: PlayoutDelay::Adaptive {
                min_frames: 1,
                max_frames: 500 / frame_ms,
                quantile: 0.98,
            },
            capacity: (2000 / frame_ms) as usize,
            window: (700 / frame_ms) as usize,
            max_conceal: (60 / frame_ms).max(2),
            resync_threshold: 8000 * 10,
        }
    }

    /// A fixed buffer of `delay_ms` for `frame_ms` frames at 8 kHz.
    pub fn fixed(frame_ms: u32, delay_ms: u32) -> Self {
        Self {
            delay: PlayoutDelay::Fixed { delay_ms },
            ..Self::adaptive(frame_ms)
        }
    }
}

/// What the decoder should produce for this frame slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Playout<F> {
    /// Decode this frame.
    Frame {
        /// Its RTP timestamp.
        timestamp: u32,
        /// The frame.
        frame: F,
    },
    /// The frame for this slot is missing: conceal it (PLC).
    Conceal {
        /// RTP timestamp of the missing frame (or of the inserted one when expanding).
        timestamp: u32,
    },
    /// A DTX gap after a comfort-noise frame: generate comfort noise.
    ComfortNoise,
    /// Nothing to play (before the first talkspurt or in a silence gap without CN).
    Silence,
}

/// What happened to a pushed frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    /// Stored.
    Queued,
    /// Its slot has already been played: dropped (late loss).
    Late,
    /// A frame with this timestamp is already held.
    Duplicate,
    /// The buffer is full.
    Overflow,
    /// A timestamp jump: the buffer was reset and the frame stored.
    Resync,
}

/// Counters of the buffer's behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Frames pushed.
    pub pushed: u64,
    /// Frames played.
    pub played: u64,
    /// Frames that arrived after their slot (late loss).
    pub late: u64,
    /// Duplicates dropped.
    pub duplicates: u64,
    /// Frames dropped because the buffer was full.
    pub overflow: u64,
    /// Slots concealed because the frame was missing.
    pub concealed: u64,
    /// Frames dropped to reduce the delay.
    pub accelerated: u64,
    /// Concealment frames inserted to grow the delay.
    pub expanded: u64,
    /// Timestamp jumps that reset the buffer.
    pub resyncs: u64,
    /// Sum over played frames of (playout time − arrival time), microseconds.
    pub total_delay_us: u64,
}

impl Stats {
    /// Mean time a played frame spent in the buffer, milliseconds.
    pub fn mean_delay_ms(&self) -> f64 {
        if self.played == 0 {
            0.0
        } else {
            self.total_delay_us as f64 / self.played as f64 / 1000.0
        }
    }
    /// Late frames as a fraction of frames pushed.
    pub fn late_rate(&self) -> f64 {
        if self.pushed == 0 {
            0.0
        } else {
            self.late as f64 / self.pushed as f64
        }
    }
    /// Frames that arrived but were never played (late, dropped to cut the delay, overflow),
    /// as a fraction of frames pushed: the RFC 3611 "discard rate".
    pub fn discard_rate(&self) -> f64 {
        if self.pushed == 0 {
            0.0
        } else {
            (self.late + self.accelerated + self.overflow) as f64 / self.pushed as f64
        }
    }
}

#[derive(Debug, Clone)]
struct Held<F> {
    frame: F,
    marker: bool,
    cn: bool,
    arrival: Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing played yet, or silence after a talkspurt: the next frame starts a talkspurt.
    Idle,
    /// Playing a talkspurt.
    Playing,
}

/// The jitter buffer. `F` is whatever the caller keeps per frame (payload bytes, a decoded
/// frame, an index).
#[derive(Debug, Clone)]
pub struct JitterBuffer<F> {
    cfg: JitterConfig,
    frames: BTreeMap<u64, Held<F>>,
    ts_ext: TimestampExtender,
    transits: VecDeque<i64>,
    scratch: Vec<i64>,
    target: i64,
    base: i64,
    state: State,
    next_ts: u64,
    conceal_run: u32,
    last_was_cn: bool,
    /// Whether `next_ts` is meaningful: frames before it are late even between talkspurts.
    played_any: bool,
    stats: Stats,
}

impl<F> JitterBuffer<F> {
    /// An empty buffer.
    pub fn new(cfg: JitterConfig) -> Self {
        let cfg = JitterConfig {
            frame_duration: cfg.frame_duration.max(1),
            clock_rate: cfg.clock_rate.max(1),
            window: cfg.window.max(1),
            capacity: cfg.capacity.max(1),
            ..cfg
        };
        let target = match cfg.delay {
            PlayoutDelay::Adaptive { min_frames, .. } => {
                i64::from(min_frames.max(1)) * i64::from(cfg.frame_duration)
            }
            PlayoutDelay::Fixed { delay_ms } => {
                i64::from(delay_ms) * i64::from(cfg.clock_rate) / 1000
            }
        };
        Self {
            cfg,
            frames: BTreeMap::new(),
            ts_ext: TimestampExtender::new(),
            transits: VecDeque::new(),
            scratch: Vec::new(),
            target,
            base: 0,
            state: State::Idle,
            next_ts: 0,
            conceal_run: 0,
            last_was_cn: false,
            played_any: false,
            stats: Stats::default(),
        }
    }

    /// Counters so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Frames held.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Whether no frame is held.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The current target delay in milliseconds.
    pub fn target_delay_ms(&self) -> f64 {
        self.target as f64 * 1000.0 / f64::from(self.cfg.clock_rate)
    }

    fn now_units(&self, now: Instant) -> i64 {
        (u128::from(now.as_micros()) * u128::from(self.cfg.clock_rate) / 1_000_000) as i64
    }

    /// Pushes every frame of one packet: frame `i` gets timestamp `timestamp + i · frame_duration`;
    /// `marker` applies to the first. Returns the outcome of the first frame.
    pub fn push_packet(
        &mut self,
        now: Instant,
        timestamp: u32,
        marker: bool,
        frames: impl IntoIterator<Item = F>,
    ) -> PushOutcome {
        let mut first = None;
        for (i, f) in frames.into_iter().enumerate() {
            let ts = timestamp.wrapping_add(self.cfg.frame_duration.wrapping_mul(i as u32));
            let o = self.push(now, ts, marker && i == 0, false, f);
            first.get_or_insert(o);
        }
        first.unwrap_or(PushOutcome::Queued)
    }

    /// Pushes one frame. `cn` marks a comfort-noise (SID) frame: the gap after it is DTX.
    pub fn push(
        &mut self,
        now: Instant,
        timestamp: u32,
        marker: bool,
        cn: bool,
        frame: F,
    ) -> PushOutcome {
        self.stats.pushed += 1;
        let ts = self.ts_ext.extend(timestamp);
        let mut outcome = PushOutcome::Queued;
        if self.state == State::Playing || !self.frames.is_empty() {
            let reference = if self.state == State::Playing {
                self.next_ts
            } else {
                *self.frames.keys().next().unwrap_or(&ts)
            };
            if ts.abs_diff(reference) > u64::from(self.cfg.resync_threshold) {
                self.frames.clear();
                self.transits.clear();
                self.state = State::Idle;
                self.played_any = false;
                self.stats.resyncs += 1;
                outcome = PushOutcome::Resync;
            }
        }
        let transit = self.now_units(now) - ts as i64;
        if self.transits.len() == self.cfg.window {
            self.transits.pop_front();
        }
        self.transits.push_back(transit);
        self.update_target();
        if self.played_any && ts < self.next_ts {
            self.stats.late += 1;
            return PushOutcome::Late;
        }
        if self.frames.contains_key(&ts) {
            self.stats.duplicates += 1;
            return PushOutcome::Duplicate;
        }
        if self.frames.len() >= self.cfg.capacity {
            self.stats.overflow += 1;
            return PushOutcome::Overflow;
        }
        self.frames.insert(
            ts,
            Held {
                frame,
                marker,
                cn,
                arrival: now,
            },
        );
        outcome
    }

    fn update_target(&mut self) {
        let PlayoutDelay::Adaptive {
            min_frames,
            max_frames,
            quantile,
        } = self.cfg.delay
        else {
            return;
        };
        let min = self.transits.iter().copied().min().unwrap_or(0);
        self.base = min;
        self.scratch.clear();
        self.scratch.extend(self.transits.iter().map(|t| t - min));
        let n = self.scratch.len();
        let k = ((n as f32 * quantile.clamp(0.0, 1.0)) as usize).min(n - 1);
        let (_, q, _) = self.scratch.select_nth_unstable(k);
        let fd = i64::from(self.cfg.frame_duration);
        // Not rounded up to whole frames: the playout grid already keeps the delay between
        // the target and one frame above it.
        self.target = (*q).clamp(
            i64::from(min_frames.max(1)) * fd,
            i64::from(max_frames.max(min_frames).max(1)) * fd,
        );
    }

    /// The ideal timestamp to play now.
    fn ideal(&self, now: Instant) -> i64 {
        self.now_units(now) - self.base - self.target
    }

    fn play(&mut self, now: Instant, ts: u64) -> Playout<F> {
        let held = self.frames.remove(&ts).map(|h| (h.frame, h.cn, h.arrival));
        let Some((frame, cn, arrival)) = held else {
            return Playout::Silence;
        };
        self.stats.played += 1;
        self.stats.total_delay_us += now.saturating_duration_since(arrival).as_micros() as u64;
        self.last_was_cn = cn;
        self.conceal_run = 0;
        self.played_any = true;
        self.next_ts = ts + u64::from(self.cfg.frame_duration);
        Playout::Frame {
            timestamp: ts as u32,
            frame,
        }
    }

    /// The frame for the slot starting `now`; call once per frame duration.
    pub fn pop(&mut self, now: Instant) -> Playout<F> {
        let fd = u64::from(self.cfg.frame_duration);
        let fixed = matches!(self.cfg.delay, PlayoutDelay::Fixed { .. });
        if self.state == State::Idle {
            let Some((&ts, h)) = self.frames.iter().next() else {
                return if self.last_was_cn {
                    Playout::ComfortNoise
                } else {
                    Playout::Silence
                };
            };
            let due = if fixed {
                now.saturating_duration_since(h.arrival).as_micros() as i64
                    * i64::from(self.cfg.clock_rate)
                    / 1_000_000
                    >= self.target
            } else {
                ts as i64 <= self.ideal(now)
            };
            if !due {
                return if self.last_was_cn {
                    Playout::ComfortNoise
                } else {
                    Playout::Silence
                };
            }
            self.state = State::Playing;
            return self.play(now, ts);
        }
        // Playing.
        if fixed {
            // A fixed buffer holds at most its delay (plus the frame being played): when the
            // sender runs fast, the oldest frames give way.
            while let Some(&newest) = self.frames.keys().next_back() {
                if newest as i64 - self.next_ts as i64 <= self.target {
                    break;
                }
                if self.frames.remove(&self.next_ts).is_some() {
                    self.stats.accelerated += 1;
                }
                self.next_ts += fd;
            }
        }
        if self.frames.contains_key(&self.next_ts) {
            if !fixed {
                let behind = self.ideal(now) - self.next_ts as i64;
                if behind > fd as i64 && self.frames.contains_key(&(self.next_ts + fd)) {
                    // Too much delay: drop one frame.
                    self.frames.remove(&self.next_ts);
                    self.stats.accelerated += 1;
                    self.next_ts += fd;
                }
            }
            let ts = self.next_ts;
            return self.play(now, ts);
        }
        // The frame for this slot is missing.
        let next_held = self.frames.iter().next().map(|(&t, h)| (t, h.marker));
        if let Some((t, true)) = next_held {
            // A new talkspurt is waiting: wait for its due time instead of concealing.
            if self.last_was_cn || self.conceal_run >= self.cfg.max_conceal || fixed {
                self.state = State::Idle;
                self.next_ts = t;
                return self.pop(now);
            }
        }
        if !fixed && self.ideal(now) < self.next_ts as i64 && !self.last_was_cn {
            // Ahead of the target: the frame may still arrive in time, so stretch by one frame
            // instead of giving its slot up.
            self.stats.expanded += 1;
            self.conceal_run += 1;
            return Playout::Conceal {
                timestamp: self.next_ts as u32,
            };
        }
        if self.last_was_cn || (next_held.is_none() && self.conceal_run >= self.cfg.max_conceal) {
            // DTX or the end of a talkspurt: silence until the next frame is due.
            self.state = State::Idle;
            self.next_ts += fd;
            return if self.last_was_cn {
                Playout::ComfortNoise
            } else {
                Playout::Silence
            };
        }
        let ts = self.next_ts;
        self.next_ts += fd;
        self.conceal_run += 1;
        self.stats.concealed += 1;
        Playout::Conceal {
            timestamp: ts as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reorders_and_conceals() {
        let mut jb = JitterBuffer::new(JitterConfig::fixed(20, 40));
        let t = Instant::from_millis;
        assert_eq!(jb.push(t(0), 0, true, false, 0), PushOutcome::Queued);
        assert_eq!(jb.push(t(25), 320, false, false, 2), PushOutcome::Queued);
        assert_eq!(jb.push(t(30), 160, false, false, 1), PushOutcome::Queued);
        assert_eq!(jb.push(t(31), 160, false, false, 1), PushOutcome::Duplicate);
        assert_eq!(jb.pop(t(20)), Playout::Silence);
        assert_eq!(
            jb.pop(t(40)),
            Playout::Frame {
                timestamp: 0,
                frame: 0
            }
        );
        assert_eq!(
            jb.pop(t(60)),
            Playout::Frame {
                timestamp: 160,
                frame: 1
            }
        );
        assert_eq!(
            jb.pop(t(80)),
            Playout::Frame {
                timestamp: 320,
                frame: 2
            }
        );
        assert_eq!(jb.pop(t(100)), Playout::Conceal { timestamp: 480 });
        assert_eq!(jb.push(t(101), 480, false, false, 3), PushOutcome::Late);
        assert_eq!(jb.push(t(110), 640, false, false, 4), PushOutcome::Queued);
        assert_eq!(
            jb.pop(t(120)),
            Playout::Frame {
                timestamp: 640,
                frame: 4
            }
        );
        let s = jb.stats();
        assert_eq!((s.played, s.late, s.duplicates, s.concealed), (4, 1, 1, 1));
    }

    #[test]
    fn dtx_gap_gives_comfort_noise_and_talkspurt_restarts() {
        let mut jb = JitterBuffer::new(JitterConfig::fixed(20, 40));
        let t = Instant::from_millis;
        jb.push(t(0), 0, true, false, 'a');
        jb.push(t(20), 160, false, true, 'c'); // SID
        assert!(matches!(jb.pop(t(40)), Playout::Frame { frame: 'a', .. }));
        assert!(matches!(jb.pop(t(60)), Playout::Frame { frame: 'c', .. }));
        assert_eq!(jb.pop(t(80)), Playout::ComfortNoise);
        assert_eq!(jb.pop(t(100)), Playout::ComfortNoise);
        assert_eq!(jb.push(t(110), 0, false, false, 'x'), PushOutcome::Late);
        jb.push(t(1000), 8000, true, false, 'b');
        assert_eq!(jb.pop(t(1020)), Playout::ComfortNoise);
        assert!(matches!(
            jb.pop(t(1040)),
            Playout::Frame {
                frame: 'b',
                timestamp: 8000
            }
        ));
        assert_eq!(jb.stats().concealed, 0);
    }

    #[test]
    fn timestamp_jump_resyncs() {
        let mut jb = JitterBuffer::new(JitterConfig::adaptive(20));
        let t = Instant::from_millis;
        jb.push(t(0), 0, true, false, 0);
        let _ = jb.pop(t(20));
        let _ = jb.pop(t(40));
        assert_eq!(
            jb.push(t(60), 3_000_000, false, false, 1),
            PushOutcome::Resync
        );
        let mut got = None;
        for i in 4..20 {
            if let Playout::Frame { timestamp, .. } = jb.pop(t(20 * i)) {
                got = Some(timestamp);
                break;
            }
        }
        assert_eq!(got, Some(3_000_000));
    }
}
