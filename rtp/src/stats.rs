//! Reception statistics of one source: RFC 3550 A.1 sequence validation, A.3 loss, A.8 jitter,
//! report-block generation; and the A.7 RTCP transmission interval.

use core::time::Duration;

use crate::time::Instant;
use crate::wire::rtcp::{ntp_middle, ReportBlock};

/// A.1: a jump of fewer than this many numbers is taken as loss.
pub const MAX_DROPOUT: u16 = 3000;
/// A.1: a step back of at most this many numbers is a late or duplicate packet.
pub const MAX_MISORDER: u16 = 100;
/// A.1: sequential packets needed before a new source is valid.
pub const MIN_SEQUENTIAL: u8 = 2;

const SEQ_MOD: u32 = 1 << 16;

/// What [`ReceptionStats::update`] made of a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeqVerdict {
    /// In sequence (possibly after a gap): the packet is valid.
    Valid,
    /// Late (reordered) but within [`MAX_MISORDER`]: valid, counted.
    Reordered,
    /// A sequence number seen recently: counted as received (as A.1 does), flagged.
    Duplicate,
    /// The source is still on probation (A.1): not yet valid.
    Probation,
    /// A jump beyond [`MAX_DROPOUT`]: dropped unless the next packet follows it, which A.1
    /// takes as a restart of the sender.
    BadJump,
    /// The packet confirmed a jump: statistics were restarted at it.
    Restarted,
}

impl SeqVerdict {
    /// Whether the packet should be passed on (everything but probation and a bad jump).
    pub fn accepted(self) -> bool {
        !matches!(self, SeqVerdict::Probation | SeqVerdict::BadJump)
    }
}

/// Per-source reception state of RFC 3550 Appendix A.1/A.3/A.8.
#[derive(Debug, Clone)]
pub struct ReceptionStats {
    clock_rate: u32,
    max_seq: u16,
    cycles: u32,
    base_seq: u32,
    bad_seq: u32,
    probation: u8,
    received: u64,
    expected_prior: u64,
    received_prior: u64,
    // A.8, scaled by 16 as in the RFC's integer version.
    jitter_q4: u32,
    transit: Option<i64>,
    // Which of the 128 sequence numbers at and below the highest were received.
    seen: u128,
    duplicates: u64,
    reordered: u64,
    sequence_errors: u64,
    max_jitter_q4: u32,
    last_sr: Option<(u32, Instant)>,
}

impl ReceptionStats {
    /// State for a source whose first packet carried `seq`, on probation as A.1 starts it.
    pub fn new(seq: u16, clock_rate: u32) -> Self {
        Self::with_probation(seq, clock_rate, MIN_SEQUENTIAL)
    }

    /// As [`Self::new`] with a chosen probation: the number of sequential packets needed before
    /// the source is valid (A.1 uses 2; 0 or 1 makes the first packet valid, for a source
    /// already known from signalling).
    pub fn with_probation(seq: u16, clock_rate: u32, probation: u8) -> Self {
        let mut s = Self {
            clock_rate: clock_rate.max(1),
            max_seq: 0,
            cycles: 0,
            base_seq: 0,
            bad_seq: SEQ_MOD + 1,
            probation: 0,
            received: 0,
            expected_prior: 0,
            received_prior: 0,
            jitter_q4: 0,
            transit: None,
            seen: 0,
            duplicates: 0,
            reordered: 0,
            sequence_errors: 0,
            max_jitter_q4: 0,
            last_sr: None,
        };
        s.init_seq(seq);
        // A.1 starts with max_seq = seq - 1 so that the first packet itself is "in sequence".
        s.max_seq = seq.wrapping_sub(1);
        s.probation = probation.max(1);
        s
    }

    fn init_seq(&mut self, seq: u16) {
        self.base_seq = u32::from(seq);
        self.max_seq = seq;
        self.bad_seq = SEQ_MOD + 1;
        self.cycles = 0;
        self.received = 0;
        self.received_prior = 0;
        self.expected_prior = 0;
        self.seen = 1;
    }

    /// The RFC 3550 A.1 `update_seq`, plus jitter (A.8) for accepted packets. `arrival` is the
    /// local receive time, `timestamp` the packet's RTP timestamp.
    pub fn update(&mut self, arrival: Instant, seq: u16, timestamp: u32) -> SeqVerdict {
        let verdict = self.update_seq(seq);
        if verdict.accepted() && verdict != SeqVerdict::Duplicate {
            self.update_jitter(arrival, timestamp);
        }
        verdict
    }

    fn update_seq(&mut self, seq: u16) -> SeqVerdict {
        let udelta = seq.wrapping_sub(self.max_seq);
        if self.probation > 0 {
            if seq == self.max_seq.wrapping_add(1) {
                self.probation -= 1;
                self.max_seq = seq;
                if self.probation == 0 {
                    self.init_seq(seq);
                    self.received += 1;
                    return SeqVerdict::Valid;
                }
            } else {
                self.probation = MIN_SEQUENTIAL - 1;
                self.max_seq = seq;
            }
            return SeqVerdict::Probation;
        }
        let verdict;
        if udelta == 0 && self.received > 0 {
            verdict = SeqVerdict::Duplicate;
            self.duplicates += 1;
        } else if udelta < MAX_DROPOUT {
            if udelta != 1 {
                self.sequence_errors += 1;
            }
            if seq < self.max_seq {
                self.cycles = self.cycles.wrapping_add(SEQ_MOD);
            }
            self.max_seq = seq;
            self.seen = if udelta >= 128 {
                0
            } else {
                self.seen << udelta
            };
            self.seen |= 1;
            verdict = SeqVerdict::Valid;
        } else if u32::from(udelta) <= SEQ_MOD - u32::from(MAX_MISORDER) {
            if u32::from(seq) == self.bad_seq {
                self.init_seq(seq);
                self.jitter_q4 = 0;
                self.transit = None;
                self.received += 1;
                return SeqVerdict::Restarted;
            }
            self.bad_seq = (u32::from(seq) + 1) & (SEQ_MOD - 1);
            self.sequence_errors += 1;
            return SeqVerdict::BadJump;
        } else {
            // Behind the highest: a late or duplicate packet.
            let back = self.max_seq.wrapping_sub(seq);
            if back < 128 && self.seen & (1u128 << back) != 0 {
                self.duplicates += 1;
                verdict = SeqVerdict::Duplicate;
            } else {
                if back < 128 {
                    self.seen |= 1u128 << back;
                }
                self.reordered += 1;
                self.sequence_errors += 1;
                verdict = SeqVerdict::Reordered;
            }
        }
        self.received += 1;
        verdict
    }

    fn update_jitter(&mut self, arrival: Instant, timestamp: u32) {
        let arrival_ts =
            (u128::from(arrival.as_micros()) * u128::from(self.clock_rate) / 1_000_000) as u64;
        // Transit modulo 2^32, compared as a wrapping difference.
        let transit = i64::from((arrival_ts as u32).wrapping_sub(timestamp) as i32);
        if let Some(prev) = self.transit {
            let d = (transit - prev)
                .unsigned_abs()
                .min(u64::from(u32::MAX >> 4)) as u32;
            // J += (|D| - J) / 16, in the RFC's scaled integer form.
            self.jitter_q4 = self
                .jitter_q4
                .wrapping_add(d)
                .wrapping_sub((self.jitter_q4 + 8) >> 4);
            self.max_jitter_q4 = self.max_jitter_q4.max(self.jitter_q4);
        }
        self.transit = Some(transit);
    }

    /// Records a sender report from this source (its NTP timestamp, arrival time) for LSR/DLSR.
    pub fn on_sender_report(&mut self, now: Instant, ntp_timestamp: u64) {
        self.last_sr = Some((ntp_middle(ntp_timestamp), now));
    }

    /// Whether A.1 probation is over.
    pub fn is_valid(&self) -> bool {
        self.probation == 0
    }
    /// Clock rate the jitter is measured in.
    pub fn clock_rate(&self) -> u32 {
        self.clock_rate
    }
    /// Extended highest sequence number received (A.3 `extended_max`).
    pub fn extended_highest_seq(&self) -> u32 {
        self.cycles.wrapping_add(u32::from(self.max_seq))
    }
    /// Packets expected (A.3).
    pub fn expected(&self) -> u64 {
        if self.probation > 0 {
            return 0;
        }
        (u64::from(self.cycles) + u64::from(self.max_seq) + 1)
            .saturating_sub(u64::from(self.base_seq))
    }
    /// Packets received, duplicates included (A.3).
    pub fn received(&self) -> u64 {
        self.received
    }
    /// Cumulative packets lost (A.3): expected − received; negative with duplicates.
    pub fn lost(&self) -> i64 {
        self.expected() as i64 - self.received as i64
    }
    /// Duplicate packets seen.
    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }
    /// Packets that arrived after a higher sequence number.
    pub fn reordered(&self) -> u64 {
        self.reordered
    }
    /// Packets whose sequence number was not the successor of the highest so far
    /// (gaps, reordering, jumps), as Wireshark's RTP analysis counts "sequence errors".
    pub fn sequence_errors(&self) -> u64 {
        self.sequence_errors
    }
    /// Interarrival jitter in timestamp units (A.8).
    pub fn jitter(&self) -> u32 {
        self.jitter_q4 >> 4
    }
    /// Interarrival jitter in milliseconds.
    pub fn jitter_ms(&self) -> f64 {
        f64::from(self.jitter_q4) / 16.0 * 1000.0 / f64::from(self.clock_rate)
    }
    /// Largest jitter seen so far, in milliseconds.
    pub fn max_jitter_ms(&self) -> f64 {
        f64::from(self.max_jitter_q4) / 16.0 * 1000.0 / f64::from(self.clock_rate)
    }

    /// A reception report block for this source (RFC 3550 §6.4.1, A.3), advancing the
    /// "prior" counters so the next block's fraction lost covers the next interval.
    pub fn report_block(&mut self, ssrc: u32, now: Instant) -> ReportBlock {
        let expected = self.expected();
        let expected_interval = expected.saturating_sub(self.expected_prior);
        self.expected_prior = expected;
        let received_interval = self.received.saturating_sub(self.received_prior);
        self.received_prior = self.received;
        let lost_interval = expected_interval as i64 - received_interval as i64;
        let fraction_lost = if expected_interval == 0 || lost_interval <= 0 {
            0
        } else {
            ((lost_interval << 8) / expected_interval as i64).min(255) as u8
        };
        let (last_sr, dlsr) = match self.last_sr {
            Some((lsr, at)) => {
                let d = now.saturating_duration_since(at);
                (
                    lsr,
                    (d.as_micros() * 65536 / 1_000_000).min(u128::from(u32::MAX)) as u32,
                )
            }
            None => (0, 0),
        };
        ReportBlock {
            ssrc,
            fraction_lost,
            cumulative_lost: self.lost().clamp(-0x80_0000, 0x7f_ffff) as i32,
            extended_highest_seq: self.extended_highest_seq(),
            jitter: self.jitter(),
            last_sr,
            delay_since_last_sr: dlsr,
        }
    }
}

/// Inputs of the RFC 3550 A.7 `rtcp_interval` computation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntervalParams {
    /// Session members, incl. ourselves.
    pub members: u32,
    /// Members that sent RTP since the last two reports.
    pub senders: u32,
    /// RTCP bandwidth in octets per second (5 % of the session bandwidth by default).
    pub rtcp_bandwidth: f64,
    /// Whether we sent RTP since the last two reports.
    pub we_sent: bool,
    /// Average compound RTCP packet size, octets incl. UDP/IP headers (see [`avg_rtcp_size`]).
    pub avg_rtcp_size: f64,
    /// Whether no RTCP has been sent yet (halves the minimum interval).
    pub initial: bool,
}

/// RFC 3550 A.7 `rtcp_interval`: the randomised, compensated interval until the next report.
/// `random` is a uniform random number the caller draws (the crate has no RNG); it is mapped
/// to the factor 0.5..1.5.
pub fn rtcp_interval(p: &IntervalParams, random: u32) -> Duration {
    const RTCP_MIN_TIME: f64 = 5.0;
    const SENDER_BW_FRACTION: f64 = 0.25;
    const RCVR_BW_FRACTION: f64 = 1.0 - SENDER_BW_FRACTION;
    const COMPENSATION: f64 = core::f64::consts::E - 1.5;
    let t_min = if p.initial {
        RTCP_MIN_TIME / 2.0
    } else {
        RTCP_MIN_TIME
    };
    let mut n = f64::from(p.members.max(1));
    let mut bw = p.rtcp_bandwidth;
    if f64::from(p.senders) <= f64::from(p.members) * SENDER_BW_FRACTION {
        if p.we_sent {
            bw *= SENDER_BW_FRACTION;
            n = f64::from(p.senders.max(1));
        } else {
            bw *= RCVR_BW_FRACTION;
            n = f64::from(p.members.saturating_sub(p.senders).max(1));
        }
    }
    let mut t = if bw > 0.0 {
        p.avg_rtcp_size * n / bw
    } else {
        t_min
    };
    if t < t_min || t.is_nan() {
        t = t_min;
    }
    let r = f64::from(random) / 4_294_967_296.0 + 0.5;
    Duration::from_secs_f64(t * r / COMPENSATION)
}

/// A.7: the running average of compound RTCP sizes, `avg = size/16 + 15/16 avg`.
pub fn avg_rtcp_size(avg: f64, packet_size: usize) -> f64 {
    (packet_size as f64) / 16.0 + avg * 15.0 / 16.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(s: &mut ReceptionStats, seqs: &[u16]) -> alloc::vec::Vec<SeqVerdict> {
        seqs.iter()
            .enumerate()
            .map(|(i, &q)| s.update(Instant::from_millis(20 * i as u64), q, 160 * i as u32))
            .collect()
    }

    #[test]
    fn a1_probation_then_loss_and_wrap() {
        let mut s = ReceptionStats::new(65530, 8000);
        let v = feed(&mut s, &[65530, 65531, 65532, 65534, 65535, 0, 2]);
        assert_eq!(v[0], SeqVerdict::Probation);
        assert_eq!(v[1], SeqVerdict::Valid); // probation of 2 passed: counting starts here
        assert!(s.is_valid());
        assert_eq!(s.extended_highest_seq(), 65536 + 2);
        // Counted from 65531: expected 65531..=65538 = 8, received 6 (65531,32,34,35,0,2).
        assert_eq!(s.expected(), 8);
        assert_eq!(s.received(), 6);
        assert_eq!(s.lost(), 2);
        let rb = s.report_block(5, Instant::from_millis(200));
        assert_eq!(rb.cumulative_lost, 2);
        assert_eq!(rb.fraction_lost, 64); // 2/8 of 256
                                          // Nothing new: fraction 0 next time.
        assert_eq!(
            s.report_block(5, Instant::from_millis(300)).fraction_lost,
            0
        );
    }

    #[test]
    fn a1_jump_restart_duplicate_reorder() {
        let mut s = ReceptionStats::with_probation(100, 8000, 0);
        assert_eq!(
            feed(&mut s, &[100, 101, 103, 102, 102]),
            [
                SeqVerdict::Valid,
                SeqVerdict::Valid,
                SeqVerdict::Valid,
                SeqVerdict::Reordered,
                SeqVerdict::Duplicate
            ]
        );
        assert_eq!(s.duplicates(), 1);
        assert_eq!(s.lost(), -1);
        assert_eq!(s.update(Instant::ZERO, 20_000, 0), SeqVerdict::BadJump);
        assert_eq!(s.update(Instant::ZERO, 20_001, 0), SeqVerdict::Restarted);
        assert_eq!(s.expected(), 1);
        assert_eq!(s.received(), 1);
    }

    #[test]
    fn a8_jitter_constant_and_alternating() {
        let mut s = ReceptionStats::with_probation(0, 8000, 0);
        for i in 0..100u16 {
            // 20 ms packets arriving exactly on time: no jitter.
            s.update(
                Instant::from_millis(20 * u64::from(i)),
                i,
                160 * u32::from(i),
            );
        }
        assert_eq!(s.jitter(), 0);
        let mut s = ReceptionStats::with_probation(0, 8000, 0);
        for i in 0..2000u16 {
            // Every other packet 10 ms (80 units) late: |D| = 80 always, J converges to 80.
            let late = if i % 2 == 1 { 10 } else { 0 };
            s.update(
                Instant::from_millis(20 * u64::from(i) + late),
                i,
                160 * u32::from(i),
            );
        }
        assert!((79..=80).contains(&s.jitter()), "{}", s.jitter());
        assert!((s.jitter_ms() - 10.0).abs() < 0.2);
    }

    #[test]
    fn a7_interval() {
        let p = IntervalParams {
            members: 2,
            senders: 1,
            rtcp_bandwidth: 200.0,
            we_sent: false,
            avg_rtcp_size: 100.0,
            initial: false,
        };
        // Small session: the 5 s minimum, times 0.5..1.5, divided by e - 3/2.
        let lo = rtcp_interval(&p, 0).as_secs_f64();
        let hi = rtcp_interval(&p, u32::MAX).as_secs_f64();
        assert!((lo - 2.5 / 1.218_281_8).abs() < 1e-3, "{lo}");
        assert!((hi - 7.5 / 1.218_281_8).abs() < 1e-3, "{hi}");
        // Large session: 1000 receivers at 100 bytes on 200 B/s * 0.75 -> 666.7 s before noise.
        let big = IntervalParams {
            members: 1001,
            senders: 1,
            ..p
        };
        let mid = rtcp_interval(&big, 1 << 31).as_secs_f64();
        assert!(
            (mid - 100.0 * 1000.0 / 150.0 / 1.218_281_8).abs() < 0.01,
            "{mid}"
        );
        let init = rtcp_interval(&IntervalParams { initial: true, ..p }, 1 << 31).as_secs_f64();
        assert!((init - 2.5 / 1.218_281_8).abs() < 1e-3);
        assert!((avg_rtcp_size(100.0, 260) - 110.0).abs() < 1e-9);
    }
}
