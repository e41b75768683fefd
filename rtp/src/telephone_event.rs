//! RFC 4733 telephone-event sender and receiver (sans-IO).
//!
//! Sender rules (RFC 4733 §2.5.1): the first packet of an event carries the marker bit; while
//! the event lasts an update goes out every packet time with the same timestamp and a growing
//! duration; the end packet (E bit) is sent three times; an event longer than 0xFFFF timestamp
//! units is cut into segments, each new segment starting at the previous timestamp + 0xFFFF
//! without the marker bit, and only the last segment carries the E bit.
//!
//! Receiver rules (§2.5.2): an event is identified by its code and RTP timestamp; updates,
//! duplicates and retransmitted end packets of an event already reported are dropped; a segment
//! continuation (same code, timestamp = previous + 0xFFFF) extends the event; an event whose end
//! packets were all lost is closed when another event starts or after a timeout.

use alloc::collections::VecDeque;
use core::time::Duration;

use crate::error::ParseError;
use crate::time::Instant;
use crate::wire::event::TelephoneEvent;

/// Longest duration one segment can carry.
pub const MAX_SEGMENT: u32 = 0xFFFF;

/// Sender configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventSenderConfig {
    /// Packet time in timestamp units (160 for 20 ms at 8 kHz).
    pub packet_time: u32,
    /// Volume in −dBm0 to put in the packets (DTMF: 0..=63; 10 is typical).
    pub volume: u8,
    /// How often the end packet of an event (and of each segment) is sent (RFC 4733: 3).
    pub end_repeats: u8,
}

impl Default for EventSenderConfig {
    fn default() -> Self {
        Self {
            packet_time: 160,
            volume: 10,
            end_repeats: 3,
        }
    }
}

/// One RTP packet the sender wants sent: the caller supplies sequence number, SSRC and payload
/// type (events share the sequence space of the audio stream, RFC 4733 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventPacket {
    /// Marker bit (first packet of an event).
    pub marker: bool,
    /// RTP timestamp: the start of the event or of its current segment.
    pub timestamp: u32,
    /// The payload.
    pub event: TelephoneEvent,
}

#[derive(Debug, Clone, Copy)]
struct Active {
    code: u8,
    seg_ts: u32,
    /// Total elapsed time of the event, timestamp units.
    elapsed: u64,
    /// Elapsed time at the start of the current segment.
    seg_start: u64,
    limit: Option<u64>,
    stop: bool,
    sent_first: bool,
    /// Repeats of a segment's (non-final) end packet still to send.
    seg_end_left: u8,
    /// Repeats of the final end packet still to send (Some once ending).
    end_left: Option<u8>,
}

/// Generates the packets of telephone events, one call to [`EventSender::tick`] per packet time.
#[derive(Debug, Clone)]
pub struct EventSender {
    cfg: EventSenderConfig,
    active: Option<Active>,
}

/// [`EventSender::start`] refused: an event is still being sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl EventSender {
    /// An idle sender.
    pub fn new(cfg: EventSenderConfig) -> Self {
        Self {
            cfg: EventSenderConfig {
                packet_time: cfg.packet_time.max(1),
                end_repeats: cfg.end_repeats.max(1),
                ..cfg
            },
            active: None,
        }
    }

    /// Whether an event (or its end repeats) is still being sent.
    pub fn is_busy(&self) -> bool {
        self.active.is_some()
    }

    /// Starts event `code` at RTP timestamp `timestamp` (the media clock when it begins).
    /// With `duration` (timestamp units) it ends by itself; without, at [`Self::stop`].
    pub fn start(&mut self, code: u8, timestamp: u32, duration: Option<u32>) -> Result<(), Busy> {
        if self.active.is_some() {
            return Err(Busy);
        }
        self.active = Some(Active {
            code,
            seg_ts: timestamp,
            elapsed: 0,
            seg_start: 0,
            limit: duration.map(u64::from),
            stop: false,
            sent_first: false,
            seg_end_left: 0,
            end_left: None,
        });
        Ok(())
    }

    /// Ends the current event at the next packet time.
    pub fn stop(&mut self) {
        if let Some(a) = &mut self.active {
            a.stop = true;
        }
    }

    /// Advances one packet time and returns the packet to send then, if any.
    pub fn tick(&mut self) -> Option<EventPacket> {
        let cfg = self.cfg;
        let a = self.active.as_mut()?;
        let mk = |a: &Active, marker: bool, end: bool, duration: u64| EventPacket {
            marker,
            timestamp: a.seg_ts,
            event: TelephoneEvent {
                event: a.code,
                end,
                volume: cfg.volume,
                duration: duration.min(u64::from(MAX_SEGMENT)) as u16,
            },
        };
        if let Some(left) = a.end_left {
            let p = mk(a, false, true, a.elapsed - a.seg_start);
            if left <= 1 {
                self.active = None;
            } else {
                a.end_left = Some(left - 1);
            }
            return Some(p);
        }
        if a.seg_end_left > 0 {
            a.seg_end_left -= 1;
            let p = EventPacket {
                marker: false,
                timestamp: a.seg_ts.wrapping_sub(MAX_SEGMENT),
                event: TelephoneEvent {
                    event: a.code,
                    end: false,
                    volume: cfg.volume,
                    duration: MAX_SEGMENT as u16,
                },
            };
            a.elapsed += u64::from(cfg.packet_time);
            return Some(p);
        }
        let marker = !a.sent_first;
        a.sent_first = true;
        let mut next = a.elapsed + u64::from(cfg.packet_time);
        let ending = a.stop || a.limit.is_some_and(|l| next >= l);
        if let Some(l) = a.limit {
            next = next.min(l.max(a.elapsed));
        }
        if next - a.seg_start >= u64::from(MAX_SEGMENT)
            && !(ending && next - a.seg_start == u64::from(MAX_SEGMENT))
        {
            // Close this segment at exactly 0xFFFF and open the next one (§2.5.1.3).
            let p = mk(a, marker, false, u64::from(MAX_SEGMENT));
            a.seg_start += u64::from(MAX_SEGMENT);
            a.seg_ts = a.seg_ts.wrapping_add(MAX_SEGMENT);
            a.elapsed = next;
            a.seg_end_left = cfg.end_repeats - 1;
            return Some(p);
        }
        a.elapsed = next;
        if ending {
            let p = mk(a, marker, true, a.elapsed - a.seg_start);
            if cfg.end_repeats <= 1 {
                self.active = None;
            } else {
                a.end_left = Some(cfg.end_repeats - 1);
            }
            return Some(p);
        }
        Some(mk(a, marker, false, a.elapsed - a.seg_start))
    }
}

/// What the receiver reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventNotice {
    /// A new event began.
    Started {
        /// Event code.
        event: u8,
        /// RTP timestamp of its start.
        timestamp: u32,
    },
    /// An event ended; reported once per event.
    Ended {
        /// Event code.
        event: u8,
        /// RTP timestamp of its start.
        timestamp: u32,
        /// Total duration in timestamp units (all segments).
        duration: u64,
        /// How the end was learnt.
        reason: EndReason,
    },
}

/// How an event's end was learnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// A packet with the E bit arrived.
    EndPacket,
    /// Another event started before any end packet arrived.
    Superseded,
    /// Nothing arrived for the configured timeout.
    Timeout,
}

/// Receiver configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventReceiverConfig {
    /// Close an event whose end packets were lost after this long without any packet for it.
    pub end_timeout: Duration,
}

impl Default for EventReceiverConfig {
    fn default() -> Self {
        Self {
            end_timeout: Duration::from_millis(300),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Current {
    code: u8,
    start_ts: u32,
    seg_ts: u32,
    base: u64,
    seg_duration: u32,
    last_seen: Instant,
}

/// Turns received telephone-event packets into one start and one end notice per event.
#[derive(Debug, Clone)]
pub struct EventReceiver {
    cfg: EventReceiverConfig,
    current: Option<Current>,
    /// (code, segment timestamp) of recently finished events, to drop their stragglers.
    finished: VecDeque<(u8, u32)>,
    out: VecDeque<EventNotice>,
}

const FINISHED_MEMORY: usize = 16;

impl EventReceiver {
    /// A receiver with nothing in progress.
    pub fn new(cfg: EventReceiverConfig) -> Self {
        Self {
            cfg,
            current: None,
            finished: VecDeque::new(),
            out: VecDeque::new(),
        }
    }

    fn finish(&mut self, reason: EndReason) {
        if let Some(c) = self.current.take() {
            self.out.push_back(EventNotice::Ended {
                event: c.code,
                timestamp: c.start_ts,
                duration: c.base + u64::from(c.seg_duration),
                reason,
            });
            if self.finished.len() == FINISHED_MEMORY {
                self.finished.pop_front();
            }
            self.finished.push_back((c.code, c.seg_ts));
        }
    }

    /// Handles the payload of one telephone-event RTP packet with its RTP timestamp.
    pub fn handle_packet(
        &mut self,
        now: Instant,
        timestamp: u32,
        payload: &[u8],
    ) -> Result<(), ParseError> {
        let ev = TelephoneEvent::parse(payload)?;
        self.handle_event(now, timestamp, ev);
        Ok(())
    }

    /// As [`Self::handle_packet`] with a decoded payload.
    pub fn handle_event(&mut self, now: Instant, timestamp: u32, ev: TelephoneEvent) {
        self.handle_timeout(now);
        if self.finished.contains(&(ev.event, timestamp)) {
            return; // update or retransmitted end of an event already reported
        }
        if let Some(c) = &mut self.current {
            if c.code == ev.event && c.seg_ts == timestamp {
                c.seg_duration = c.seg_duration.max(u32::from(ev.duration));
                c.last_seen = now;
                if ev.end {
                    self.finish(EndReason::EndPacket);
                }
                return;
            }
            let ahead = timestamp.wrapping_sub(c.seg_ts);
            if c.code == ev.event
                && ahead != 0
                && ahead % MAX_SEGMENT == 0
                && ahead < 16 * MAX_SEGMENT
            {
                // A later segment of the same event.
                c.base += u64::from(ahead);
                c.seg_ts = timestamp;
                c.seg_duration = u32::from(ev.duration);
                c.last_seen = now;
                if ev.end {
                    self.finish(EndReason::EndPacket);
                }
                return;
            }
            if (ahead as i32) < 0 {
                return; // a straggler from before the current event
            }
            self.finish(EndReason::Superseded);
        }
        self.out.push_back(EventNotice::Started {
            event: ev.event,
            timestamp,
        });
        self.current = Some(Current {
            code: ev.event,
            start_ts: timestamp,
            seg_ts: timestamp,
            base: 0,
            seg_duration: u32::from(ev.duration),
            last_seen: now,
        });
        if ev.end {
            self.finish(EndReason::EndPacket);
        }
    }

    /// Closes an event whose end never arrived once its timeout has passed.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self
            .current
            .is_some_and(|c| now >= c.last_seen + self.cfg.end_timeout)
        {
            self.finish(EndReason::Timeout);
        }
    }

    /// When [`Self::handle_timeout`] should be called next.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.current.map(|c| c.last_seen + self.cfg.end_timeout)
    }

    /// The next notice.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<EventNotice> {
        self.out.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn run(sender: &mut EventSender) -> Vec<EventPacket> {
        let mut v = Vec::new();
        while let Some(p) = sender.tick() {
            v.push(p);
        }
        v
    }

    #[test]
    fn start_updates_three_ends() {
        let mut s = EventSender::new(EventSenderConfig::default());
        s.start(5, 1000, Some(800)).unwrap();
        assert_eq!(s.start(6, 0, None), Err(Busy));
        let p = run(&mut s);
        let d: Vec<_> = p
            .iter()
            .map(|p| (p.marker, p.timestamp, p.event.end, p.event.duration))
            .collect();
        assert_eq!(
            d,
            [
                (true, 1000, false, 160),
                (false, 1000, false, 320),
                (false, 1000, false, 480),
                (false, 1000, false, 640),
                (false, 1000, true, 800),
                (false, 1000, true, 800),
                (false, 1000, true, 800)
            ]
        );
        assert!(!s.is_busy());
    }

    #[test]
    fn long_event_is_segmented() {
        let mut s = EventSender::new(EventSenderConfig {
            packet_time: 8000,
            ..Default::default()
        });
        // 20 s at 8 kHz = 160,000 units: segments of 65,535, 65,535 and 28,930.
        s.start(16, 0, Some(160_000)).unwrap();
        let p = run(&mut s);
        assert!(p[0].marker && p[1..].iter().all(|p| !p.marker));
        let seg_ends: Vec<_> = p
            .iter()
            .filter(|p| p.event.duration == 0xFFFF)
            .map(|p| p.timestamp)
            .collect();
        assert_eq!(seg_ends, [0, 0, 0, 65535, 65535, 65535]);
        let last = p.last().unwrap();
        assert_eq!(
            (last.timestamp, last.event.end, last.event.duration),
            (131_070, true, 28_930)
        );
        assert_eq!(p.iter().filter(|p| p.event.end).count(), 3);
        // The receiver puts the segments back together.
        let mut r = EventReceiver::new(EventReceiverConfig::default());
        for (i, pk) in p.iter().enumerate() {
            r.handle_event(Instant::from_millis(i as u64 * 20), pk.timestamp, pk.event);
        }
        assert_eq!(
            r.poll_event(),
            Some(EventNotice::Started {
                event: 16,
                timestamp: 0
            })
        );
        assert_eq!(
            r.poll_event(),
            Some(EventNotice::Ended {
                event: 16,
                timestamp: 0,
                duration: 160_000,
                reason: EndReason::EndPacket
            })
        );
        assert_eq!(r.poll_event(), None);
    }

    #[test]
    fn receiver_drops_duplicates_and_times_out() {
        let mut r = EventReceiver::new(EventReceiverConfig::default());
        let ev = |end, duration| TelephoneEvent {
            event: 1,
            end,
            volume: 10,
            duration,
        };
        let t = Instant::from_millis;
        r.handle_event(t(0), 100, ev(false, 160));
        r.handle_event(t(20), 100, ev(false, 320));
        r.handle_event(t(20), 100, ev(false, 320));
        r.handle_event(t(40), 100, ev(true, 480));
        r.handle_event(t(60), 100, ev(true, 480));
        r.handle_event(t(80), 100, ev(true, 480));
        let all: Vec<_> = core::iter::from_fn(|| r.poll_event()).collect();
        assert_eq!(
            all,
            [
                EventNotice::Started {
                    event: 1,
                    timestamp: 100
                },
                EventNotice::Ended {
                    event: 1,
                    timestamp: 100,
                    duration: 480,
                    reason: EndReason::EndPacket
                }
            ]
        );
        // Second event loses every end packet.
        r.handle_event(t(1000), 2000, ev(false, 160));
        assert_eq!(r.poll_timeout(), Some(t(1300)));
        r.handle_timeout(t(1299));
        assert_eq!(
            r.poll_event(),
            Some(EventNotice::Started {
                event: 1,
                timestamp: 2000
            })
        );
        assert_eq!(r.poll_event(), None);
        r.handle_timeout(t(1300));
        assert_eq!(
            r.poll_event(),
            Some(EventNotice::Ended {
                event: 1,
                timestamp: 2000,
                duration: 160,
                reason: EndReason::Timeout
            })
        );
        // A late update of the timed-out event is not a new event.
        r.handle_event(t(1310), 2000, ev(false, 320));
        assert_eq!(r.poll_event(), None);
    }
}
