//! `strowger rtp analyze`: per-SSRC RTP stream analysis of a capture, as JSON.

use std::collections::BTreeMap;
use std::error::Error;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::{json, Value};
use strowger_examples::pcap;
use strowger_rtp::stats::{ReceptionStats, SeqVerdict};
use strowger_rtp::telephone_event::{EndReason, EventNotice, EventReceiver, EventReceiverConfig};
use strowger_rtp::wire::event::dtmf_event_char;
use strowger_rtp::wire::rtcp::{self, RtcpRepr};
use strowger_rtp::{Instant, RtpPacket, RtpRepr};

#[derive(Subcommand)]
pub enum RtpCommand {
    /// Analyse the RTP streams of a capture (pcap or pcapng) and print one JSON object:
    /// {"file","udp_datagrams","rtp_packets","rtcp_packets","streams":[...]} with, per SSRC,
    /// packets, expected, lost, sequence errors, duplicates, jitter (ms, RFC 3550 A.8, over
    /// media packets only: last, max and mean), payload types, telephone events (start timestamp, duration, end) and the
    /// last RTCP sender report.
    Analyze(AnalyzeArgs),
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// The capture file.
    file: PathBuf,
    /// Payload type of RFC 4733 telephone events.
    #[arg(long, default_value_t = 101)]
    pt_event: u8,
}

pub fn run(cmd: RtpCommand) -> Result<(), Box<dyn Error>> {
    match cmd {
        RtpCommand::Analyze(a) => {
            let v = analyze(&a)?;
            println!("{}", serde_json::to_string_pretty(&v)?);
            Ok(())
        }
    }
}

/// Clock rate of a payload type: RFC 3551 static types, 8 kHz for dynamic ones (telephony).
fn clock_rate(pt: u8) -> u32 {
    match pt {
        10 | 11 => 44_100,
        14 | 25 | 26 | 28 | 31..=34 => 90_000,
        6 => 16_000,
        16 => 11_025,
        17 => 22_050,
        _ => 8_000,
    }
}

struct Stream {
    src: SocketAddr,
    dst: SocketAddr,
    first_us: u64,
    last_us: u64,
    packets: u64,
    /// Sequence accounting over every packet (audio and events share the sequence space).
    seq: ReceptionStats,
    /// Jitter over media packets only: event packets repeat one timestamp.
    jitter: Option<ReceptionStats>,
    /// Sum and count of the jitter after each media packet, for the mean Wireshark shows.
    jitter_sum_ms: f64,
    jitter_samples: u64,
    payload_types: BTreeMap<u8, u64>,
    markers: u64,
    events: EventReceiver,
    notices: Vec<EventNotice>,
    bytes: u64,
}

fn looks_like_rtcp(b: &[u8]) -> bool {
    b.len() >= 8 && b[0] >> 6 == 2 && (200..=207).contains(&b[1])
}

fn analyze(a: &AnalyzeArgs) -> Result<Value, Box<dyn Error>> {
    let cap = pcap::read_file(&a.file)?;
    let t0 = cap.datagrams.first().map_or(0, |d| d.ts_us);
    let mut streams: BTreeMap<u32, Stream> = BTreeMap::new();
    let (mut rtp_packets, mut rtcp_packets, mut other) = (0u64, 0u64, 0u64);
    // Sender reports per SSRC: (count, last), matched with the RTP streams at the end.
    let mut srs: BTreeMap<u32, (u64, Value)> = BTreeMap::new();
    for d in &cap.datagrams {
        let now = Instant::from_micros(d.ts_us.saturating_sub(t0));
        let b = &d.payload[..];
        if looks_like_rtcp(b) {
            let Ok(pkts) = rtcp::parse_compound(b) else {
                other += 1;
                continue;
            };
            rtcp_packets += 1;
            for p in pkts {
                if let RtcpRepr::SenderReport(sr) = p {
                    let v = json!({
                        "ntp_timestamp": sr.ntp_timestamp,
                        "rtp_timestamp": sr.rtp_timestamp,
                        "packet_count": sr.packet_count,
                        "octet_count": sr.octet_count,
                        "report_blocks": sr.reports.len(),
                    });
                    let e = srs.entry(sr.ssrc).or_insert((0, Value::Null));
                    e.0 += 1;
                    e.1 = v;
                }
            }
            continue;
        }
        let Ok(view) = RtpPacket::new_checked(b) else {
            other += 1;
            continue;
        };
        let Ok(r) = RtpRepr::parse(&view) else {
            other += 1;
            continue;
        };
        rtp_packets += 1;
        let s = streams.entry(r.ssrc).or_insert_with(|| Stream {
            src: d.src,
            dst: d.dst,
            first_us: d.ts_us,
            last_us: d.ts_us,
            packets: 0,
            seq: ReceptionStats::with_probation(r.sequence_number, clock_rate(r.payload_type), 1),
            jitter: None,
            jitter_sum_ms: 0.0,
            jitter_samples: 0,
            payload_types: BTreeMap::new(),
            markers: 0,
            events: EventReceiver::new(EventReceiverConfig::default()),
            notices: Vec::new(),
            bytes: 0,
        });
        s.packets += 1;
        s.bytes += r.payload.len() as u64;
        s.last_us = d.ts_us;
        s.markers += u64::from(r.marker);
        *s.payload_types.entry(r.payload_type).or_default() += 1;
        let v = s.seq.update(now, r.sequence_number, r.timestamp);
        if r.payload_type == a.pt_event {
            s.events.handle_timeout(now);
            if s.events.handle_packet(now, r.timestamp, r.payload).is_err() {
                other += 1;
            }
        } else if v != SeqVerdict::Duplicate {
            // Jitter is defined from the second media packet on (as Wireshark averages it).
            let first = s.jitter.is_none();
            let j = s.jitter.get_or_insert_with(|| {
                ReceptionStats::with_probation(r.sequence_number, clock_rate(r.payload_type), 1)
            });
            j.update(now, r.sequence_number, r.timestamp);
            if !first {
                s.jitter_sum_ms += j.jitter_ms();
                s.jitter_samples += 1;
            }
        }
        s.notices
            .extend(std::iter::from_fn(|| s.events.poll_event()));
    }
    let end = Instant::from_micros(u64::MAX / 2);
    let mut out = Vec::new();
    for (ssrc, mut s) in streams {
        s.events.handle_timeout(end);
        s.notices
            .extend(std::iter::from_fn(|| s.events.poll_event()));
        let events: Vec<Value> = s
            .notices
            .iter()
            .filter_map(|n| match *n {
                EventNotice::Ended {
                    event,
                    timestamp,
                    duration,
                    reason,
                } => Some(json!({
                    "event": dtmf_event_char(event).map(String::from),
                    "code": event,
                    "start_timestamp": timestamp,
                    "duration": duration,
                    "duration_ms": duration as f64 * 1000.0 / 8000.0,
                    "end": reason == EndReason::EndPacket,
                })),
                EventNotice::Started { .. } => None,
            })
            .collect();
        let (sr_count, last_sr) = srs.remove(&ssrc).unwrap_or((0, Value::Null));
        let (jitter_ms, max_jitter_ms) = s
            .jitter
            .as_ref()
            .map_or((0.0, 0.0), |j| (j.jitter_ms(), j.max_jitter_ms()));
        out.push(json!({
            "ssrc": format!("{ssrc:#010x}"),
            "src": s.src.to_string(),
            "dst": s.dst.to_string(),
            "packets": s.packets,
            "expected": s.seq.expected(),
            "lost": s.seq.lost(),
            "sequence_errors": s.seq.sequence_errors(),
            "duplicates": s.seq.duplicates(),
            "jitter_ms": round3(jitter_ms),
            "max_jitter_ms": round3(max_jitter_ms),
            "mean_jitter_ms": round3(if s.jitter_samples == 0 { 0.0 } else { s.jitter_sum_ms / s.jitter_samples as f64 }),
            "markers": s.markers,
            "payload_bytes": s.bytes,
            "duration_s": round3((s.last_us - s.first_us) as f64 / 1e6),
            "payload_types": s.payload_types.iter().map(|(pt, n)| json!({"payload_type": pt, "packets": n})).collect::<Vec<_>>(),
            "telephone_events": events,
            "sender_reports": sr_count,
            "last_sender_report": last_sr,
        }));
    }
    Ok(json!({
        "file": a.file.display().to_string(),
        "udp_datagrams": cap.datagrams.len(),
        "rtp_packets": rtp_packets,
        "rtcp_packets": rtcp_packets,
        "other_datagrams": other,
        "streams": out,
        "unmatched_sender_reports": srs
            .into_iter()
            .map(|(ssrc, (n, last))| json!({"ssrc": format!("{ssrc:#010x}"), "sender_reports": n, "last_sender_report": last}))
            .collect::<Vec<_>>(),
    }))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
