//! RFC 4733 sender → lossy link (30 % of packets dropped, end packets included) → receiver:
//! every digit comes out exactly once, with its duration right to within one packet time.

use strowger_rtp::telephone_event::{
    EventNotice, EventReceiver, EventReceiverConfig, EventSender, EventSenderConfig,
};
use strowger_rtp::wire::event::dtmf_event_code;
use strowger_rtp::{Instant, RtpRepr};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

const PTIME: u32 = 160; // 20 ms at 8 kHz

/// Sends `digits`, each `duration` units long with a gap after it, over a link that drops
/// `loss` of the packets; returns what was sent and what the receiver reported.
fn run(seed: u64, loss: f64, digits: &[(char, u32)]) -> (Vec<(u8, u32, u32)>, Vec<EventNotice>) {
    let mut rng = Rng(seed);
    let mut sender = EventSender::new(EventSenderConfig::default());
    let mut receiver = EventReceiver::new(EventReceiverConfig::default());
    let mut sent = Vec::new();
    let mut notices = Vec::new();
    let mut ts: u32 = 48_000;
    let mut seq: u16 = 1000;
    let mut now = Instant::from_millis(0);
    let mut wire = vec![0u8; 64];
    for &(digit, duration) in digits {
        let code = dtmf_event_code(digit).unwrap();
        sender.start(code, ts, Some(duration)).unwrap();
        sent.push((code, ts, duration));
        while let Some(p) = sender.tick() {
            now += std::time::Duration::from_millis(20);
            // The packet goes through the real wire format.
            let payload = p.event.to_bytes();
            let mut r = RtpRepr::new(101, seq, p.timestamp, 0x1234, &payload);
            r.marker = p.marker;
            let n = r.emit(&mut wire).unwrap();
            seq = seq.wrapping_add(1);
            if rng.next() >= loss {
                let back = RtpRepr::parse_bytes(&wire[..n]).unwrap();
                receiver
                    .handle_packet(now, back.timestamp, back.payload)
                    .unwrap();
            }
            receiver.handle_timeout(now);
            notices.extend(std::iter::from_fn(|| receiver.poll_event()));
        }
        // Gap between digits: audio would flow; the media clock moves on.
        let gap = 80 + (rng.next() * 120.0) as u32;
        ts = ts.wrapping_add(duration + PTIME * 3 + 8 * gap);
        now += std::time::Duration::from_millis(u64::from(gap));
        receiver.handle_timeout(now);
        notices.extend(std::iter::from_fn(|| receiver.poll_event()));
    }
    now += std::time::Duration::from_secs(1);
    receiver.handle_timeout(now);
    notices.extend(std::iter::from_fn(|| receiver.poll_event()));
    (sent, notices)
}

fn digits(rng: &mut Rng) -> Vec<(char, u32)> {
    "0123456789*#ABCD"
        .chars()
        .map(|c| (c, 8 * (60 + (rng.next() * 200.0) as u32 / 20 * 20)))
        .collect()
}

/// (digits sent, reported exactly once, duration within one packet time)
fn score(sent: &[(u8, u32, u32)], notices: &[EventNotice]) -> (usize, usize, usize) {
    let mut once = 0;
    let mut dur_ok = 0;
    for &(code, ts, duration) in sent {
        let starts = notices.iter().filter(|n| matches!(n, EventNotice::Started { event, timestamp } if *event == code && *timestamp == ts)).count();
        let ends: Vec<u64> = notices
            .iter()
            .filter_map(|n| match n {
                EventNotice::Ended {
                    event,
                    timestamp,
                    duration,
                    ..
                } if *event == code && *timestamp == ts => Some(*duration),
                _ => None,
            })
            .collect();
        if starts == 1 && ends.len() == 1 {
            once += 1;
            if ends[0].abs_diff(u64::from(duration)) <= u64::from(PTIME) {
                dur_ok += 1;
            }
        }
    }
    (sent.len(), once, dur_ok)
}

#[test]
fn thirty_percent_loss_each_digit_once_with_duration() {
    let mut rng = Rng(0x5eed);
    let d = digits(&mut rng);
    let (sent, notices) = run(42, 0.30, &d);
    // No notice for anything that was not sent.
    assert_eq!(notices.len(), 2 * sent.len(), "{notices:#?}");
    let (n, once, dur_ok) = score(&sent, &notices);
    assert_eq!((once, dur_ok), (n, n), "{notices:#?}");
}

#[test]
fn thirty_percent_loss_statistics_over_many_runs() {
    let (mut n, mut once, mut dur_ok, mut extra) = (0, 0, 0, 0);
    for seed in 1..=300u64 {
        let mut rng = Rng(seed * 7919);
        let d = digits(&mut rng);
        let (sent, notices) = run(seed, 0.30, &d);
        let (a, b, c) = score(&sent, &notices);
        n += a;
        once += b;
        dur_ok += c;
        extra += notices.len().saturating_sub(2 * sent.len());
    }
    println!(
        "30 % loss, {n} digits: exactly once {once} ({:.2} %), duration within ±1 packet time {dur_ok} ({:.2} %), spurious notices {extra}",
        100.0 * once as f64 / n as f64,
        100.0 * dur_ok as f64 / n as f64
    );
    assert_eq!(extra, 0);
    // A digit vanishes only if every one of its packets is lost (0.3^8 for a 60 ms digit).
    assert!(once as f64 >= 0.999 * n as f64);
    // The duration can only be wrong by more than a packet time when all three end packets
    // and the last update are lost (0.3^4 ≈ 0.8 %).
    assert!(dur_ok as f64 >= 0.98 * n as f64);
}

#[test]
fn lossless_link_is_exact() {
    let mut rng = Rng(3);
    let d = digits(&mut rng);
    let (sent, notices) = run(1, 0.0, &d);
    for (&(code, ts, duration), pair) in sent.iter().zip(notices.chunks(2)) {
        assert_eq!(
            pair[0],
            EventNotice::Started {
                event: code,
                timestamp: ts
            }
        );
        assert_eq!(
            pair[1],
            EventNotice::Ended {
                event: code,
                timestamp: ts,
                duration: u64::from(duration),
                reason: strowger_rtp::telephone_event::EndReason::EndPacket
            }
        );
    }
}
