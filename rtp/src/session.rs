//! The receive path of an RTP session (sans-IO): RFC 3550 A.1 source validation, an optional
//! strict source-address check with symmetric-RTP latching, SSRC collision and loop detection
//! (§8.2), per-source statistics, and RTCP receiver reports on the A.7 schedule.
//!
//! Run loop: after each `handle_*` call drain [`Session::poll_event`] and
//! [`Session::poll_transmit`] until `None`, then sleep until [`Session::poll_timeout`] and call
//! [`Session::handle_timeout`].

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec;
use alloc::vec::Vec;
use core::net::SocketAddr;
use core::time::Duration;

use crate::error::ParseError;
use crate::stats::{avg_rtcp_size, rtcp_interval, IntervalParams, ReceptionStats, SeqVerdict};
use crate::time::Instant;
use crate::wire::rtcp::{
    self, sdes_type, ReceiverReport, RtcpRepr, SdesChunk, SdesItem, SenderReport,
};
use crate::wire::rtp::{RtpPacket, RtpRepr, SequenceExtender};

/// Which remote addresses the session accepts media from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceFilter {
    /// Any address (plain RFC 3550 behaviour; A.1 validation still applies).
    #[default]
    Any,
    /// Only the negotiated address and port ([`SessionConfig::remote`]); RTCP from the same
    /// IP address. Packets from elsewhere are rejected with an event ("validate remote hosts
    /// for media").
    Strict,
    /// Symmetric RTP (RFC 4961, "comedia"): the first packet that passes validation fixes the
    /// remote address (which may differ from the negotiated one behind a NAT); from then on
    /// the session behaves as [`SourceFilter::Strict`] with that address, and
    /// [`Session::remote`] is where to send.
    Latching,
}

/// Session configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionConfig {
    /// RTP clock rate of the media (8000 for narrow-band telephony).
    pub clock_rate: u32,
    /// Our SSRC (for collision detection and our reports).
    pub local_ssrc: u32,
    /// Our own transport address, if known: packets with our SSRC from it are a loop.
    pub local_addr: Option<SocketAddr>,
    /// The remote RTP address negotiated in signalling.
    pub remote: Option<SocketAddr>,
    /// Address filtering.
    pub filter: SourceFilter,
    /// A.1 probation: sequential packets before a new source is valid (A.1: 2).
    pub probation: u8,
    /// Upper bound of remote sources tracked; packets of further sources are rejected.
    pub max_sources: usize,
    /// Our CNAME for SDES.
    pub cname: Vec<u8>,
    /// Session bandwidth in octets per second; RTCP gets 5 % of it (RFC 3550 §6.2).
    pub session_bandwidth: f64,
    /// Seed of the small PRNG that randomises the RTCP interval.
    pub seed: u64,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            clock_rate: 8000,
            local_ssrc: 0x5354_5257,
            local_addr: None,
            remote: None,
            filter: SourceFilter::Any,
            probation: crate::stats::MIN_SEQUENTIAL,
            max_sources: 16,
            cname: b"strowger@localhost".to_vec(),
            // 64 kbit/s G.711 plus headers.
            session_bandwidth: 10_000.0,
            seed: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

/// Why a packet was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectReason {
    /// It does not parse.
    Malformed(ParseError),
    /// It came from an address the source filter does not allow.
    WrongAddress,
    /// Its source is still on A.1 probation.
    Probation,
    /// A.1 took its sequence number for a bad jump.
    BadSequence,
    /// It carries our own SSRC from another address (§8.2 collision).
    Collision,
    /// It carries our own SSRC from our own address (a loop).
    Loop,
    /// Its SSRC is known from a different transport address (third-party collision or loop).
    Conflict,
    /// [`SessionConfig::max_sources`] sources are already tracked.
    TooManySources,
}

/// What the session reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SessionEvent {
    /// A packet was dropped.
    Rejected {
        /// Where it came from.
        from: SocketAddr,
        /// Why.
        reason: RejectReason,
    },
    /// A new SSRC passed probation.
    SourceValidated {
        /// The source.
        ssrc: u32,
        /// Its address.
        from: SocketAddr,
    },
    /// [`SourceFilter::Latching`] fixed the remote address.
    Latched {
        /// The address media now must come from and goes to.
        remote: SocketAddr,
    },
    /// A sender report arrived.
    SenderReport {
        /// The sender.
        ssrc: u32,
        /// Its NTP timestamp.
        ntp_timestamp: u64,
        /// The matching RTP timestamp.
        rtp_timestamp: u32,
        /// Packets it sent.
        packet_count: u32,
        /// Octets it sent.
        octet_count: u32,
    },
    /// A source said goodbye; its state was removed.
    Bye {
        /// The source.
        ssrc: u32,
    },
}

/// An RTP packet that passed every check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted<'a> {
    /// The packet.
    pub packet: RtpRepr<'a>,
    /// Its sequence number extended across wrap-around.
    pub extended_seq: u64,
    /// A.1's verdict (valid, reordered, duplicate, restarted).
    pub verdict: SeqVerdict,
}

/// A datagram to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// Destination.
    pub destination: SocketAddr,
    /// The bytes (a compound RTCP packet).
    pub contents: Vec<u8>,
}

#[derive(Debug, Clone)]
struct Source {
    addr: SocketAddr,
    stats: ReceptionStats,
    ext: SequenceExtender,
    valid: bool,
}

/// The receive side of one RTP session.
#[derive(Debug, Clone)]
pub struct Session {
    cfg: SessionConfig,
    latched: Option<SocketAddr>,
    sources: BTreeMap<u32, Source>,
    events: VecDeque<SessionEvent>,
    transmits: VecDeque<Transmit>,
    next_report: Option<Instant>,
    avg_rtcp: f64,
    initial: bool,
    rng: u64,
    sent: Option<(u32, u32, u32, u64)>,
}

impl Session {
    /// A session with no sources yet.
    pub fn new(cfg: SessionConfig) -> Self {
        let rng = cfg.seed | 1;
        Self {
            cfg,
            latched: None,
            sources: BTreeMap::new(),
            events: VecDeque::new(),
            transmits: VecDeque::new(),
            next_report: None,
            avg_rtcp: 128.0,
            initial: true,
            rng,
            sent: None,
        }
    }

    /// Where to send media and reports: the latched address, else the negotiated one.
    pub fn remote(&self) -> Option<SocketAddr> {
        self.latched.or(self.cfg.remote)
    }

    /// Reception statistics of a source.
    pub fn stats(&self, ssrc: u32) -> Option<&ReceptionStats> {
        self.sources.get(&ssrc).map(|s| &s.stats)
    }

    /// The SSRCs tracked.
    pub fn sources(&self) -> impl Iterator<Item = u32> + '_ {
        self.sources.keys().copied()
    }

    /// Tells the session what we sent, for the sender info of our SR: the RTP timestamp now,
    /// totals of packets and payload octets, and the NTP time now.
    pub fn note_sent(&mut self, rtp_timestamp: u32, packets: u32, octets: u32, ntp_now: u64) {
        self.sent = Some((rtp_timestamp, packets, octets, ntp_now));
    }

    fn reject(&mut self, from: SocketAddr, reason: RejectReason) -> Option<RejectReason> {
        self.events
            .push_back(SessionEvent::Rejected { from, reason });
        Some(reason)
    }

    fn address_check(&mut self, from: SocketAddr, rtcp: bool) -> Option<RejectReason> {
        let want = match self.cfg.filter {
            SourceFilter::Any => return None,
            SourceFilter::Strict => self.cfg.remote,
            SourceFilter::Latching => self.latched,
        };
        match want {
            Some(w) if rtcp && w.ip() == from.ip() => None,
            Some(w) if w == from => None,
            // Latching and nothing latched yet: anyone may be the first.
            None if self.cfg.filter == SourceFilter::Latching => None,
            _ => self.reject(from, RejectReason::WrongAddress),
        }
    }

    /// Handles one RTP datagram. Returns the packet when it is accepted; otherwise a
    /// [`SessionEvent::Rejected`] is queued and `None` returned.
    pub fn handle_rtp<'a>(
        &mut self,
        now: Instant,
        from: SocketAddr,
        datagram: &'a [u8],
    ) -> Option<Accepted<'a>> {
        self.schedule_first_report(now);
        let packet = match RtpPacket::new_checked(datagram).and_then(|p| RtpRepr::parse(&p)) {
            Ok(p) => p,
            Err(e) => {
                self.reject(from, RejectReason::Malformed(e));
                return None;
            }
        };
        if self.address_check(from, false).is_some() {
            return None;
        }
        if packet.ssrc == self.cfg.local_ssrc {
            let reason = if Some(from) == self.cfg.local_addr {
                RejectReason::Loop
            } else {
                RejectReason::Collision
            };
            self.reject(from, reason);
            return None;
        }
        if !self.sources.contains_key(&packet.ssrc) {
            if self.sources.len() >= self.cfg.max_sources {
                self.reject(from, RejectReason::TooManySources);
                return None;
            }
            let stats = ReceptionStats::with_probation(
                packet.sequence_number,
                self.cfg.clock_rate,
                self.cfg.probation,
            );
            self.sources.insert(
                packet.ssrc,
                Source {
                    addr: from,
                    stats,
                    ext: SequenceExtender::new(),
                    valid: false,
                },
            );
        }
        let src = self.sources.get_mut(&packet.ssrc)?;
        if src.addr != from {
            self.reject(from, RejectReason::Conflict);
            return None;
        }
        let verdict = src
            .stats
            .update(now, packet.sequence_number, packet.timestamp);
        match verdict {
            SeqVerdict::Probation => {
                self.reject(from, RejectReason::Probation);
                return None;
            }
            SeqVerdict::BadJump => {
                self.reject(from, RejectReason::BadSequence);
                return None;
            }
            SeqVerdict::Restarted => src.ext = SequenceExtender::new(),
            _ => {}
        }
        let extended_seq = src.ext.extend(packet.sequence_number);
        if !src.valid {
            src.valid = true;
            self.events.push_back(SessionEvent::SourceValidated {
                ssrc: packet.ssrc,
                from,
            });
            if self.cfg.filter == SourceFilter::Latching && self.latched.is_none() {
                self.latched = Some(from);
                self.events
                    .push_back(SessionEvent::Latched { remote: from });
            }
        }
        Some(Accepted {
            packet,
            extended_seq,
            verdict,
        })
    }

    /// Handles one RTCP datagram (a compound packet).
    pub fn handle_rtcp(&mut self, now: Instant, from: SocketAddr, datagram: &[u8]) {
        let pkts = match rtcp::parse_compound(datagram) {
            Ok(p) => p,
            Err(e) => {
                self.reject(from, RejectReason::Malformed(e));
                return;
            }
        };
        if self.address_check(from, true).is_some() {
            return;
        }
        self.avg_rtcp = avg_rtcp_size(self.avg_rtcp, datagram.len() + 28);
        for p in pkts {
            match p {
                RtcpRepr::SenderReport(sr) => {
                    if let Some(s) = self.sources.get_mut(&sr.ssrc) {
                        s.stats.on_sender_report(now, sr.ntp_timestamp);
                    }
                    self.events.push_back(SessionEvent::SenderReport {
                        ssrc: sr.ssrc,
                        ntp_timestamp: sr.ntp_timestamp,
                        rtp_timestamp: sr.rtp_timestamp,
                        packet_count: sr.packet_count,
                        octet_count: sr.octet_count,
                    });
                }
                RtcpRepr::Bye(b) => {
                    for s in b.sources {
                        if self.sources.remove(&s).is_some() {
                            self.events.push_back(SessionEvent::Bye { ssrc: s });
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn random(&mut self) -> u32 {
        // xorshift64*
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        (self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as u32
    }

    fn interval(&mut self) -> Duration {
        let params = IntervalParams {
            members: 1 + self.sources.len() as u32,
            senders: self.sources.len() as u32 + u32::from(self.sent.is_some()),
            rtcp_bandwidth: self.cfg.session_bandwidth * 0.05,
            we_sent: self.sent.is_some(),
            avg_rtcp_size: self.avg_rtcp,
            initial: self.initial,
        };
        let r = self.random();
        rtcp_interval(&params, r)
    }

    fn schedule_first_report(&mut self, now: Instant) {
        if self.next_report.is_none() {
            let d = self.interval();
            self.next_report = Some(now + d);
        }
    }

    /// Sends an RTCP report when it is due (to [`Session::remote`] port + 1).
    pub fn handle_timeout(&mut self, now: Instant) {
        let Some(due) = self.next_report else { return };
        if now < due {
            return;
        }
        if let Some(dest) = self.remote() {
            let contents = self.build_report(now);
            self.avg_rtcp = avg_rtcp_size(self.avg_rtcp, contents.len() + 28);
            let rtcp_dest = SocketAddr::new(dest.ip(), dest.port().wrapping_add(1));
            self.transmits.push_back(Transmit {
                destination: rtcp_dest,
                contents,
            });
        }
        self.initial = false;
        let d = self.interval();
        self.next_report = Some(now + d);
    }

    /// A compound RTCP report: SR (if we sent) or RR with a block per valid source, then SDES
    /// CNAME (RFC 3550 §6.1).
    pub fn build_report(&mut self, now: Instant) -> Vec<u8> {
        let ssrc = self.cfg.local_ssrc;
        let reports: Vec<_> = self
            .sources
            .iter_mut()
            .filter(|(_, s)| s.stats.is_valid())
            .take(rtcp::MAX_COUNT)
            .map(|(&id, s)| s.stats.report_block(id, now))
            .collect();
        let first = match self.sent {
            Some((rtp_ts, packets, octets, ntp)) => RtcpRepr::SenderReport(SenderReport {
                ssrc,
                ntp_timestamp: ntp,
                rtp_timestamp: rtp_ts,
                packet_count: packets,
                octet_count: octets,
                reports,
                extension: &[],
            }),
            None => RtcpRepr::ReceiverReport(ReceiverReport {
                ssrc,
                reports,
                extension: &[],
            }),
        };
        let cname = &self.cfg.cname[..self.cfg.cname.len().min(255)];
        let sdes = RtcpRepr::SourceDescription(vec![SdesChunk {
            ssrc,
            items: vec![SdesItem {
                kind: sdes_type::CNAME,
                value: cname,
            }],
        }]);
        let pkts = [first, sdes];
        let mut out = vec![0u8; rtcp::compound_len(&pkts)];
        // Cannot fail: the buffer has the computed length and every count is bounded.
        let n = rtcp::emit_compound(&pkts, &mut out).unwrap_or(0);
        out.truncate(n);
        out
    }

    /// The next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<SessionEvent> {
        self.events.pop_front()
    }

    /// The next datagram to send.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// When [`Self::handle_timeout`] is due.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.next_report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    fn pkt(ssrc: u32, seq: u16) -> Vec<u8> {
        let payload = [0xffu8; 160];
        let r = RtpRepr::new(0, seq, u32::from(seq) * 160, ssrc, &payload);
        let mut b = vec![0u8; r.buffer_len()];
        r.emit(&mut b).unwrap();
        b
    }

    fn drain(s: &mut Session) -> Vec<SessionEvent> {
        core::iter::from_fn(|| s.poll_event()).collect()
    }

    #[test]
    fn probation_then_valid() {
        let mut s = Session::new(SessionConfig::default());
        let a = addr("10.0.0.1:4000");
        assert!(s.handle_rtp(Instant::ZERO, a, &pkt(7, 10)).is_none());
        assert_eq!(
            drain(&mut s),
            [SessionEvent::Rejected {
                from: a,
                reason: RejectReason::Probation
            }]
        );
        let p11 = pkt(7, 11);
        let acc = s.handle_rtp(Instant::from_millis(20), a, &p11).unwrap();
        assert_eq!(acc.packet.sequence_number, 11);
        assert_eq!(
            drain(&mut s),
            [SessionEvent::SourceValidated { ssrc: 7, from: a }]
        );
    }

    #[test]
    fn strict_rejects_other_hosts() {
        let remote = addr("10.0.0.1:4000");
        let mut s = Session::new(SessionConfig {
            filter: SourceFilter::Strict,
            remote: Some(remote),
            probation: 1,
            ..Default::default()
        });
        let evil = addr("10.6.6.6:4000");
        assert!(s.handle_rtp(Instant::ZERO, evil, &pkt(7, 1)).is_none());
        assert_eq!(
            drain(&mut s),
            [SessionEvent::Rejected {
                from: evil,
                reason: RejectReason::WrongAddress
            }]
        );
        assert!(s
            .handle_rtp(Instant::ZERO, addr("10.0.0.1:4002"), &pkt(7, 1))
            .is_none());
        assert!(s.handle_rtp(Instant::ZERO, remote, &pkt(7, 1)).is_some());
    }

    #[test]
    fn latching_follows_first_valid_source() {
        let nat = addr("192.0.2.7:31000");
        let mut s = Session::new(SessionConfig {
            filter: SourceFilter::Latching,
            remote: Some(addr("10.0.0.1:4000")),
            ..Default::default()
        });
        assert!(s.handle_rtp(Instant::ZERO, nat, &pkt(9, 1)).is_none());
        assert!(s
            .handle_rtp(Instant::from_millis(20), nat, &pkt(9, 2))
            .is_some());
        assert_eq!(s.remote(), Some(nat));
        let ev = drain(&mut s);
        assert!(
            ev.contains(&SessionEvent::Latched { remote: nat }),
            "{ev:?}"
        );
        // Now strict on the latched address.
        let other = addr("10.0.0.1:4000");
        assert!(s
            .handle_rtp(Instant::from_millis(40), other, &pkt(9, 3))
            .is_none());
        assert_eq!(
            drain(&mut s),
            [SessionEvent::Rejected {
                from: other,
                reason: RejectReason::WrongAddress
            }]
        );
    }

    #[test]
    fn collision_loop_conflict_and_bounds() {
        let me = addr("10.0.0.2:5000");
        let mut s = Session::new(SessionConfig {
            local_ssrc: 42,
            local_addr: Some(me),
            probation: 1,
            max_sources: 1,
            ..Default::default()
        });
        let a = addr("10.0.0.1:4000");
        assert!(s.handle_rtp(Instant::ZERO, a, &pkt(42, 1)).is_none());
        assert!(s.handle_rtp(Instant::ZERO, me, &pkt(42, 1)).is_none());
        assert!(s.handle_rtp(Instant::ZERO, a, &pkt(1, 1)).is_some());
        assert!(s
            .handle_rtp(Instant::ZERO, addr("10.0.0.3:4000"), &pkt(1, 2))
            .is_none());
        assert!(s.handle_rtp(Instant::ZERO, a, &pkt(2, 1)).is_none());
        assert!(s.handle_rtp(Instant::ZERO, a, &[0x80, 0]).is_none());
        let reasons: Vec<_> = drain(&mut s)
            .into_iter()
            .filter_map(|e| match e {
                SessionEvent::Rejected { reason, .. } => Some(reason),
                _ => None,
            })
            .collect();
        assert_eq!(
            reasons[..4],
            [
                RejectReason::Collision,
                RejectReason::Loop,
                RejectReason::Conflict,
                RejectReason::TooManySources
            ]
        );
        assert!(matches!(reasons[4], RejectReason::Malformed(_)));
    }

    #[test]
    fn reports_on_schedule_and_sr_bye() {
        let remote = addr("10.0.0.1:4000");
        let mut s = Session::new(SessionConfig {
            remote: Some(remote),
            probation: 1,
            ..Default::default()
        });
        for i in 0..50u16 {
            if i != 20 {
                s.handle_rtp(Instant::from_millis(20 * u64::from(i)), remote, &pkt(3, i));
            }
        }
        let due = s.poll_timeout().unwrap();
        assert!(
            due >= Instant::from_millis(1000) && due <= Instant::from_millis(7000),
            "{due:?}"
        );
        s.handle_timeout(due);
        let t = s.poll_transmit().unwrap();
        assert_eq!(t.destination, addr("10.0.0.1:4001"));
        rtcp::Compound::validate(&t.contents).unwrap();
        let p = rtcp::parse_compound(&t.contents).unwrap();
        let RtcpRepr::ReceiverReport(rr) = &p[0] else {
            panic!("{p:?}")
        };
        assert_eq!(rr.reports[0].cumulative_lost, 1);
        assert_eq!(rr.reports[0].extended_highest_seq, 49);
        assert!(s.poll_timeout().unwrap() > due);
        drain(&mut s);
        // An SR then a BYE from the source.
        let sr = RtcpRepr::SenderReport(SenderReport {
            ssrc: 3,
            ntp_timestamp: 1 << 40,
            ..Default::default()
        });
        let bye = RtcpRepr::Bye(rtcp::Bye {
            sources: vec![3],
            reason: None,
        });
        let mut b = [0u8; 64];
        let n = rtcp::emit_compound(&[sr, bye], &mut b).unwrap();
        s.handle_rtcp(Instant::from_millis(2000), addr("10.0.0.1:4001"), &b[..n]);
        let ev = drain(&mut s);
        assert!(matches!(ev[0], SessionEvent::SenderReport { ssrc: 3, .. }));
        assert_eq!(ev[1], SessionEvent::Bye { ssrc: 3 });
        assert!(s.stats(3).is_none());
    }
}
