//! Jitter-buffer simulations on generated network traces: late loss and mean added delay of
//! the adaptive buffer against a fixed 60 ms buffer.
//!
//! "Late loss" counts every frame that arrived but was not played: too late for its slot,
//! dropped to cut the delay, or dropped for lack of room (the RFC 3611 discard rate). "Delay"
//! is the mean time a played frame waited in the buffer.
//!
//! Every trace: bursty loss (a Gilbert model, ~5 % loss), reordering wherever the delay drops
//! by more than a frame between packets, and clock skew between sender and receiver. The
//! "jittery" traces alternate calm stretches (a few ms of jitter) with rough stretches where
//! the delay varies by up to 60 ms or more.

use strowger_rtp::jitter::{JitterBuffer, JitterConfig, Playout};
use strowger_rtp::Instant;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Clone, Copy)]
struct TraceSpec {
    seed: u64,
    seconds: u32,
    frame_ms: u32,
    /// Extra delay range in rough stretches, ms.
    rough_jitter_ms: f64,
    /// Fraction of time in rough stretches.
    rough_share: f64,
    /// Sender clock relative to receiver: +0.005 = sender 0.5 % slow.
    skew: f64,
    /// Talkspurts of ~3 s separated by ~1 s DTX gaps (else continuous speech).
    talkspurts: bool,
}

/// (arrival time µs, rtp timestamp, marker, frame index) sorted by arrival.
fn trace(s: TraceSpec) -> Vec<(u64, u32, bool, u32)> {
    let mut rng = Rng(s.seed);
    let frames = s.seconds * 1000 / s.frame_ms;
    let mut out = Vec::new();
    let (mut lossy, mut rough) = (false, false);
    let mut in_gap = false;
    let mut first_of_spurt = true;
    for k in 0..frames {
        // Talkspurt / DTX gap state changes.
        if s.talkspurts {
            let p = if in_gap {
                f64::from(s.frame_ms) / 1000.0
            } else {
                f64::from(s.frame_ms) / 3000.0
            };
            if rng.next() < p {
                in_gap = !in_gap;
                first_of_spurt = !in_gap;
            }
            if in_gap {
                continue;
            }
        }
        // Network state: rough stretches of ~2 s on average.
        let mean_rough = 2000.0 / f64::from(s.frame_ms);
        let mean_calm = mean_rough * (1.0 - s.rough_share) / s.rough_share;
        if rng.next() < 1.0 / if rough { mean_rough } else { mean_calm } {
            rough = !rough;
        }
        // Gilbert loss: bursts of ~2.5 packets, ~5 % overall.
        let p_enter = 0.02;
        let p_leave = 0.4;
        lossy = if lossy {
            rng.next() >= p_leave
        } else {
            rng.next() < p_enter
        };
        let marker = first_of_spurt;
        first_of_spurt = false;
        if lossy {
            continue;
        }
        let send_us = f64::from(k) * f64::from(s.frame_ms) * 1000.0 * (1.0 + s.skew);
        let jitter_ms = if rough {
            rng.next() * s.rough_jitter_ms
        } else {
            rng.next() * 4.0
        };
        let arrival = send_us + 30_000.0 + jitter_ms * 1000.0;
        out.push((arrival as u64, k * 8 * s.frame_ms, marker, k));
    }
    out.sort_by_key(|p| p.0);
    out
}

struct Outcome {
    late_rate: f64,
    mean_delay_ms: f64,
    played: u64,
    concealed: u64,
    adjustments: (u64, u64),
}

fn simulate(cfg: JitterConfig, s: TraceSpec) -> Outcome {
    let tr = trace(s);
    let mut jb = JitterBuffer::new(cfg);
    let end = tr.last().unwrap().0 + 2_000_000;
    let mut i = 0;
    let step = u64::from(s.frame_ms) * 1000;
    let mut now = 0;
    let mut last_played: Option<u32> = None;
    while now < end {
        while i < tr.len() && tr[i].0 <= now {
            let (at, ts, m, k) = tr[i];
            jb.push(Instant::from_micros(at), ts, m, false, k);
            i += 1;
        }
        if let Playout::Frame { frame, .. } = jb.pop(Instant::from_micros(now)) {
            // Frames come out in order, each at most once.
            assert!(
                last_played.is_none_or(|l| frame > l),
                "{frame} after {last_played:?}"
            );
            last_played = Some(frame);
        }
        now += step;
    }
    let st = jb.stats();
    assert_eq!(st.pushed, tr.len() as u64);
    assert_eq!(
        st.played + st.late + st.accelerated + st.duplicates + st.overflow + jb.len() as u64,
        st.pushed
    );
    Outcome {
        late_rate: st.discard_rate(),
        mean_delay_ms: st.mean_delay_ms(),
        played: st.played,
        concealed: st.concealed,
        adjustments: (st.accelerated, st.expanded),
    }
}

fn compare(name: &str, s: TraceSpec) -> (Outcome, Outcome) {
    let a = simulate(JitterConfig::adaptive(s.frame_ms), s);
    let f = simulate(JitterConfig::fixed(s.frame_ms, 60), s);
    println!(
        "{name:<44} adaptive: late {:>6.2} % delay {:>6.1} ms (played {}, concealed {}, dropped/stretched {:?}) | fixed 60 ms: late {:>6.2} % delay {:>6.1} ms",
        100.0 * a.late_rate,
        a.mean_delay_ms,
        a.played,
        a.concealed,
        a.adjustments,
        100.0 * f.late_rate,
        f.mean_delay_ms
    );
    (a, f)
}

fn jittery(seed: u64, frame_ms: u32, skew: f64, talkspurts: bool) -> TraceSpec {
    TraceSpec {
        seed,
        seconds: 120,
        frame_ms,
        rough_jitter_ms: 90.0,
        rough_share: 0.3,
        skew,
        talkspurts,
    }
}

#[test]
fn adaptive_beats_fixed_60ms_on_jittery_traces() {
    let mut cases = Vec::new();
    for (seed, frame_ms, skew, spurts) in [
        (1, 20, 0.005, false),
        (2, 20, -0.005, false),
        (3, 20, 0.005, true),
        (4, 10, 0.005, false),
        (5, 30, -0.005, true),
        (6, 20, 0.0, false),
        (7, 10, -0.005, true),
        (8, 30, 0.005, false),
        (9, 20, -0.005, true),
        (10, 10, 0.0, false),
    ] {
        let s = jittery(seed, frame_ms, skew, spurts);
        let name = format!(
            "jittery {frame_ms} ms frames, skew {:+.1} %, {}",
            skew * 100.0,
            if spurts { "talkspurts" } else { "continuous" }
        );
        cases.push((name.clone(), compare(&name, s)));
    }
    for (name, (a, f)) in &cases {
        assert!(
            a.late_rate < f.late_rate,
            "{name}: late {} vs {}",
            a.late_rate,
            f.late_rate
        );
        assert!(
            a.mean_delay_ms < f.mean_delay_ms,
            "{name}: delay {} vs {}",
            a.mean_delay_ms,
            f.mean_delay_ms
        );
    }
}

#[test]
fn calm_trace_keeps_delay_low() {
    let s = TraceSpec {
        seed: 9,
        seconds: 60,
        frame_ms: 20,
        rough_jitter_ms: 4.0,
        rough_share: 0.3,
        skew: 0.005,
        talkspurts: false,
    };
    let (a, _) = compare("calm (4 ms jitter), 20 ms frames, skew +0.5 %", s);
    assert!(a.late_rate < 0.01, "{}", a.late_rate);
    assert!(a.mean_delay_ms < 40.0, "{}", a.mean_delay_ms);
}
