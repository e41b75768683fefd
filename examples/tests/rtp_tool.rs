//! `strowger rtp analyze` on captures we build, and interop with real peers:
//! FFmpeg as an RTP sender received over a UDP socket, and tshark dissecting what we emit.

use std::net::{SocketAddr, UdpSocket};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant as StdInstant};

use serde_json::Value;
use strowger_examples::pcap::{self, UdpDatagram};
use strowger_rtp::session::{Session, SessionConfig, SessionEvent};
use strowger_rtp::telephone_event::{EventSender, EventSenderConfig};
use strowger_rtp::wire::rtcp::{
    self, sdes_type, Bye, ExtendedReport, ReceiverReport, ReportBlock, RtcpRepr, SdesChunk,
    SdesItem, SenderReport,
};
use strowger_rtp::wire::xr::{VoipMetrics, XrBlock};
use strowger_rtp::{Instant, RtpRepr};
use strowger_testsupport as support;

const SRC: &str = "127.0.0.1:40000";
const DST: &str = "127.0.0.1:5004";

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn rtp(seq: u16, ts: u32, pt: u8, marker: bool, payload: &[u8]) -> Vec<u8> {
    let mut r = RtpRepr::new(pt, seq, ts, 0x1122_3344, payload);
    r.marker = marker;
    let mut b = vec![0u8; r.buffer_len()];
    r.emit(&mut b).unwrap();
    b
}

fn rtcp_bytes(pkts: &[RtcpRepr<'_>]) -> Vec<u8> {
    let mut b = vec![0u8; rtcp::compound_len(pkts)];
    rtcp::emit_compound(pkts, &mut b).unwrap();
    b
}

/// A 3 s PCMU call with the digits 1, 5, # as RFC 4733 events, an SR + SDES at the start and
/// an RR + XR VoIP metrics + BYE at the end. Returns datagrams and the events sent
/// (code, start timestamp, duration).
fn build_call(drop_seq: Option<u16>, reorder: bool) -> (Vec<UdpDatagram>, Vec<(u8, u32, u16)>) {
    let t0 = 1_763_000_000_000_000u64;
    let mut out = Vec::new();
    let mut push = |ts_us: u64, src: &str, dst: &str, payload: Vec<u8>| {
        out.push(UdpDatagram {
            ts_us,
            src: addr(src),
            dst: addr(dst),
            payload,
        });
    };
    let sr = RtcpRepr::SenderReport(SenderReport {
        ssrc: 0x1122_3344,
        ntp_timestamp: 0xECD7_8F60_3A5E_353F,
        rtp_timestamp: 8000,
        packet_count: 0,
        octet_count: 0,
        reports: vec![],
        extension: &[],
    });
    let sdes = RtcpRepr::SourceDescription(vec![SdesChunk {
        ssrc: 0x1122_3344,
        items: vec![SdesItem {
            kind: sdes_type::CNAME,
            value: b"strowger@127.0.0.1",
        }],
    }]);
    push(
        t0,
        "127.0.0.1:40001",
        "127.0.0.1:5005",
        rtcp_bytes(&[sr, sdes]),
    );
    let mut sender = EventSender::new(EventSenderConfig::default());
    let digits = [(1u8, 40usize), (5, 80), (11, 120)];
    let mut sent_events = Vec::new();
    let mut seq: u16 = 1000;
    let audio = [0xffu8; 160];
    let mut held: Option<(u64, Vec<u8>)> = None;
    for i in 0..150usize {
        let ts = 8000 + 160 * i as u32;
        if let Some(&(code, _)) = digits.iter().find(|d| d.1 == i) {
            sender.start(code, ts, Some(800)).unwrap();
        }
        let payload;
        let (pt, marker, pkt_ts) = if let Some(p) = sender.tick() {
            payload = p.event.to_bytes().to_vec();
            if p.event.end
                && !sent_events
                    .iter()
                    .any(|e: &(u8, u32, u16)| e.0 == p.event.event && e.1 == p.timestamp)
            {
                sent_events.push((p.event.event, p.timestamp, p.event.duration));
            }
            (101, p.marker, p.timestamp)
        } else {
            payload = audio.to_vec();
            (0, i == 0, ts)
        };
        let this_seq = seq;
        seq = seq.wrapping_add(1);
        if Some(this_seq) == drop_seq {
            continue;
        }
        let at = t0 + 20_000 * i as u64 + 20_000;
        let bytes = rtp(this_seq, pkt_ts, pt, marker, &payload);
        if reorder && i == 100 {
            held = Some((at, bytes));
            continue;
        }
        push(at, SRC, DST, bytes);
        if let Some((_, b)) = held.take() {
            push(at + 1000, SRC, DST, b);
        }
    }
    let rb = ReportBlock {
        ssrc: 0x5566_7788,
        fraction_lost: 0,
        cumulative_lost: 0,
        extended_highest_seq: 3000,
        jitter: 12,
        last_sr: 0,
        delay_since_last_sr: 0,
    };
    let rr = RtcpRepr::ReceiverReport(ReceiverReport {
        ssrc: 0x1122_3344,
        reports: vec![rb],
        extension: &[],
    });
    let sdes = RtcpRepr::SourceDescription(vec![SdesChunk {
        ssrc: 0x1122_3344,
        items: vec![SdesItem {
            kind: sdes_type::CNAME,
            value: b"strowger@127.0.0.1",
        }],
    }]);
    let xr = RtcpRepr::ExtendedReport(ExtendedReport {
        ssrc: 0x1122_3344,
        blocks: vec![XrBlock::VoipMetrics(VoipMetrics {
            ssrc: 0x5566_7788,
            loss_rate: 0,
            discard_rate: 3,
            burst_duration: 0,
            gap_duration: 3000,
            round_trip_delay: 40,
            end_system_delay: 60,
            signal_level: -20,
            noise_level: -60,
            rerl: 127,
            gmin: 16,
            r_factor: 92,
            ext_r_factor: 127,
            mos_lq: 42,
            mos_cq: 41,
            rx_config: 0x40,
            jb_nominal: 40,
            jb_maximum: 80,
            jb_abs_max: 200,
            ..Default::default()
        })],
    });
    let bye = RtcpRepr::Bye(Bye {
        sources: vec![0x1122_3344],
        reason: Some(b"call ended"),
    });
    push(
        t0 + 3_100_000,
        "127.0.0.1:40001",
        "127.0.0.1:5005",
        rtcp_bytes(&[rr, sdes, xr, bye]),
    );
    (out, sent_events)
}

fn analyze(path: &Path, extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_strowger"))
        .args(["rtp", "analyze"])
        .arg(path)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn analyze_reports_loss_reorder_events_and_sr() {
    let dir = support::scratch_dir("rtp-analyze");
    let (d, sent) = build_call(Some(1020), true);
    let p = dir.join("call.pcap");
    pcap::write_file(&p, &d).unwrap();
    let v = analyze(&p, &["--pt-event", "101"]);
    assert_eq!(v["rtcp_packets"], 2);
    let streams = v["streams"].as_array().unwrap();
    assert_eq!(streams.len(), 1, "{v:#}");
    let s = &streams[0];
    assert_eq!(s["ssrc"], "0x11223344");
    assert_eq!(s["packets"], 149);
    assert_eq!(s["expected"], 150);
    assert_eq!(s["lost"], 1);
    // The gap before 1020's successor and the late packet (and the packet after it).
    assert_eq!(s["sequence_errors"], 3);
    assert_eq!(s["sender_reports"], 1);
    assert_eq!(s["last_sender_report"]["rtp_timestamp"], 8000);
    let pts: Vec<_> = s["payload_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["payload_type"].as_u64().unwrap())
        .collect();
    assert_eq!(pts, [0, 101]);
    let ev = s["telephone_events"].as_array().unwrap();
    assert_eq!(ev.len(), 3);
    for (e, (code, ts, dur)) in ev.iter().zip(&sent) {
        assert_eq!(e["code"], *code);
        assert_eq!(e["start_timestamp"], *ts);
        assert_eq!(e["duration"], *dur);
        assert_eq!(e["end"], true);
    }
    assert_eq!(ev[2]["event"], "#");
    // Jitter: packets are perfectly paced except the reordered one.
    assert!(s["jitter_ms"].as_f64().unwrap() < 1.0);
    // A different event payload type: the events are just another payload type then.
    let v = analyze(&p, &["--pt-event", "96"]);
    assert_eq!(
        v["streams"][0]["telephone_events"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn analyze_rejects_garbage() {
    let dir = support::scratch_dir("rtp-analyze-bad");
    let p = dir.join("bad.pcap");
    std::fs::write(&p, b"definitely not a capture").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_strowger"))
        .args(["rtp", "analyze"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a readable capture"));
}

/// Collects every field named `name` anywhere in tshark's JSON.
fn fields<'a>(v: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == name {
                    // With --no-duplicate-keys repeated fields become arrays.
                    match x {
                        Value::Array(a) => out.extend(a.iter()),
                        _ => out.push(x),
                    }
                }
                fields(x, name, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| fields(x, name, out)),
        _ => {}
    }
}

#[test]
fn tshark_decodes_what_we_emit() {
    if support::require_peer("tshark", "tshark").is_none() {
        return;
    }
    let dir = support::scratch_dir("rtp-tshark");
    let (d, sent) = build_call(None, false);
    let p = dir.join("ours.pcap");
    pcap::write_file(&p, &d).unwrap();
    let out = Command::new("tshark")
        .args(["-r"])
        .arg(&p)
        .args([
            "-d",
            "udp.port==5004,rtp",
            "-d",
            "udp.port==5005,rtcp",
            "-o",
            "rtpevent.event_payload_type_value:101",
            "-T",
            "json",
            "--no-duplicate-keys",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let frames = v.as_array().unwrap();
    assert_eq!(frames.len(), d.len());
    let mut bad = Vec::new();
    fields(&v, "_ws.malformed", &mut bad);
    assert!(bad.is_empty(), "malformed: {bad:?}");
    let mut sev = Vec::new();
    fields(&v, "_ws.expert.severity", &mut sev);
    // 0x00800000 is PI_ERROR; 0x00600000 PI_WARN.
    let errors: Vec<_> = sev
        .iter()
        .filter(|s| {
            s.as_str()
                .and_then(|s| s.parse::<u32>().ok())
                .is_some_and(|s| s >= 0x0060_0000)
        })
        .collect();
    assert!(errors.is_empty(), "expert warnings/errors: {errors:?}");
    // Every frame dissected as RTP or RTCP.
    let mut protos = Vec::new();
    fields(&v, "frame.protocols", &mut protos);
    assert!(
        protos
            .iter()
            .all(|p| p.as_str().unwrap().contains(":rtp") || p.as_str().unwrap().contains(":rtcp")),
        "{protos:?}"
    );
    let mut xr = Vec::new();
    fields(&v, "rtcp.xr.voipmetrics.jbnominal", &mut xr);
    assert_eq!(xr.len(), 1, "XR VoIP metrics decoded");
    assert_eq!(xr[0], "40");
    let mut cname = Vec::new();
    fields(&v, "rtcp.sdes.text", &mut cname);
    // Wireshark files the BYE reason under the same text field as SDES items.
    let mut texts: Vec<&str> = cname.iter().map(|c| c.as_str().unwrap()).collect();
    texts.sort_unstable();
    assert_eq!(
        texts,
        ["call ended", "strowger@127.0.0.1", "strowger@127.0.0.1"]
    );
    // RFC 4733: the events tshark reports match what we sent.
    let mut ends = Vec::new();
    for f in frames {
        let layers = &f["_source"]["layers"];
        if let Some(ev) = layers.get("rtpevent") {
            let rtp = &layers["rtp"];
            let id: u8 = ev["rtpevent.event_id"].as_str().unwrap().parse().unwrap();
            let end = ev["rtpevent.end_of_event"].as_str().unwrap() == "1";
            let dur: u16 = ev["rtpevent.duration"].as_str().unwrap().parse().unwrap();
            let ts: u32 = rtp["rtp.timestamp"].as_str().unwrap().parse().unwrap();
            if end && !ends.contains(&(id, ts, dur)) {
                ends.push((id, ts, dur));
            }
        }
    }
    assert_eq!(ends, sent);
}

fn free_even_port_pair() -> (UdpSocket, UdpSocket) {
    for _ in 0..100 {
        let a = UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = a.local_addr().unwrap().port();
        let (p, a) = if port.is_multiple_of(2) {
            (port, a)
        } else {
            (
                port + 1,
                UdpSocket::bind(("127.0.0.1", port + 1)).unwrap_or(a),
            )
        };
        if a.local_addr().unwrap().port() != p {
            continue;
        }
        if let Ok(b) = UdpSocket::bind(("127.0.0.1", p + 1)) {
            return (a, b);
        }
    }
    panic!("no free even UDP port pair");
}

#[test]
fn ffmpeg_rtp_sender_received_and_analysed() {
    if support::require_peer("ffmpeg", "ffmpeg").is_none() {
        return;
    }
    let dir = support::scratch_dir("rtp-ffmpeg");
    let wav = dir.join("x.wav");
    let st = Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=3",
            "-ar",
            "8000",
            "-ac",
            "1",
        ])
        .arg(&wav)
        .status()
        .unwrap();
    assert!(st.success());
    let (rtp_sock, rtcp_sock) = free_even_port_pair();
    let port = rtp_sock.local_addr().unwrap().port();
    for s in [&rtp_sock, &rtcp_sock] {
        s.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
    }
    let mut child = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-re", "-i"])
        .arg(&wav)
        .args(["-c:a", "pcm_mulaw", "-f", "rtp"])
        .arg(format!("rtp://127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = StdInstant::now();
    let mut session = Session::new(SessionConfig {
        probation: 2,
        ..Default::default()
    });
    let mut captured = Vec::new();
    let mut accepted = 0usize;
    let mut srs = 0usize;
    let mut buf = [0u8; 2048];
    let mut exited_at = None;
    loop {
        for (sock, is_rtcp) in [(&rtp_sock, false), (&rtcp_sock, true)] {
            while let Ok((n, from)) = sock.recv_from(&mut buf) {
                let now_us = start.elapsed().as_micros() as u64;
                let now = Instant::from_micros(now_us);
                let data = &buf[..n];
                captured.push(UdpDatagram {
                    ts_us: 1_763_000_000_000_000 + now_us,
                    src: from,
                    dst: sock.local_addr().unwrap(),
                    payload: data.to_vec(),
                });
                if is_rtcp {
                    // Byte-exact re-emit of FFmpeg's compound RTCP.
                    let p = rtcp::parse_compound(data).unwrap();
                    let mut again = vec![0u8; rtcp::compound_len(&p)];
                    rtcp::emit_compound(&p, &mut again).unwrap();
                    assert_eq!(again, data);
                    session.handle_rtcp(now, from, data);
                } else {
                    let r = RtpRepr::parse_bytes(data).unwrap();
                    let mut again = vec![0u8; r.buffer_len()];
                    r.emit(&mut again).unwrap();
                    assert_eq!(again, data, "byte-exact re-emit of FFmpeg's RTP");
                    if session.handle_rtp(now, from, data).is_some() {
                        accepted += 1;
                    }
                }
                while let Some(e) = session.poll_event() {
                    if matches!(e, SessionEvent::SenderReport { .. }) {
                        srs += 1;
                    }
                }
            }
        }
        if exited_at.is_none() && child.try_wait().unwrap().is_some() {
            exited_at = Some(StdInstant::now());
        }
        if exited_at.is_some_and(|t| t.elapsed() > Duration::from_millis(300))
            || start.elapsed() > Duration::from_secs(30)
        {
            break;
        }
    }
    assert!(child.wait().unwrap().success());
    let rtp_count = captured.iter().filter(|d| d.dst.port() == port).count();
    // 3 s of 8 kHz audio: FFmpeg's default packet size gives well over 20 packets.
    assert!(rtp_count >= 20, "{rtp_count} RTP packets");
    assert!(srs >= 1, "no RTCP SR decoded");
    let ssrc = session
        .sources()
        .next()
        .expect("FFmpeg's source was validated");
    let st = session.stats(ssrc).unwrap();
    assert_eq!(st.lost(), 0);
    assert_eq!(
        accepted,
        rtp_count - 1,
        "all but the first (probation) packet accepted"
    );
    // The same traffic through the analyser.
    let p = dir.join("ffmpeg.pcap");
    pcap::write_file(&p, &captured).unwrap();
    let v = analyze(&p, &[]);
    let s = v["streams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["packets"].as_u64() > Some(0))
        .unwrap()
        .clone();
    assert_eq!(s["lost"], 0, "{v:#}");
    assert_eq!(s["packets"].as_u64().unwrap() as usize, rtp_count);
    assert_eq!(s["sequence_errors"], 0);
    assert_eq!(s["payload_types"][0]["payload_type"], 0);
    assert!(s["sender_reports"].as_u64().unwrap() >= 1, "{v:#}");
    // tshark's RTP stream statistics of the same capture agree.
    if support::require_peer("tshark", "tshark").is_some() {
        let out = Command::new("tshark")
            .arg("-r")
            .arg(&p)
            .args([
                "-d",
                &format!("udp.port=={port},rtp"),
                "-q",
                "-z",
                "rtp,streams",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find(|l| l.contains("g711U"))
            .unwrap_or_else(|| panic!("{text}"));
        // ... SSRC Payload Pkts Lost (x%) MinDelta MeanDelta MaxDelta MinJitter MeanJitter MaxJitter
        let cols: Vec<&str> = line.split_whitespace().collect();
        let at = cols.iter().position(|c| *c == "g711U").unwrap();
        assert_eq!(cols[at + 1].parse::<u64>().unwrap() as usize, rtp_count);
        assert_eq!(cols[at + 2], "0");
        let mean: f64 = cols[at + 8].parse().unwrap();
        let max: f64 = cols[at + 9].parse().unwrap();
        let ours_mean = s["mean_jitter_ms"].as_f64().unwrap();
        let ours_max = s["max_jitter_ms"].as_f64().unwrap();
        assert!(
            (mean - ours_mean).abs() < 0.5 + 0.01 * mean,
            "mean jitter tshark {mean} ours {ours_mean}"
        );
        assert!(
            (max - ours_max).abs() < 0.5 + 0.01 * max,
            "max jitter tshark {max} ours {ours_max}"
        );
        eprintln!("tshark rtp,streams: mean jitter {mean} ms (ours {ours_mean}), max {max} ms (ours {ours_max})");
    }
    eprintln!(
        "ffmpeg: {rtp_count} RTP packets, {} RTCP datagrams, lost {}, jitter {} ms, SRs {}",
        captured.len() - rtp_count,
        s["lost"],
        s["jitter_ms"],
        s["sender_reports"]
    );
}
