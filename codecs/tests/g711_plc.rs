//! G.711 Appendix I packet-loss concealment: behaviour, robustness, and bit-exactness with the
//! ITU-T G.191 reference (`g711iplc`, built as ITU-T builds it, with `-DUSEDOUBLES`).

use strowger_codecs::g711::{self, G711Decoder, Law, Plc};
use strowger_codecs::{Decoder, Error};

const FRAME: usize = Plc::FRAME;

/// Runs `input` through a concealer, frame by frame, losing the frames `lost` picks.
fn conceal(plc: &mut Plc, input: &[i16], lost: impl Fn(usize) -> bool) -> Vec<i16> {
    assert!(input.len().is_multiple_of(FRAME));
    let mut out = input.to_vec();
    for (f, frame) in out.chunks_exact_mut(FRAME).enumerate() {
        if lost(f) {
            plc.lost_frames(frame).unwrap();
        } else {
            plc.good_frames(frame).unwrap();
        }
    }
    out
}

/// `input` as the concealer returns it when nothing is lost: 30 samples late.
fn delayed(input: &[i16]) -> Vec<i16> {
    let mut d = vec![0; Plc::DELAY];
    d.extend_from_slice(&input[..input.len() - Plc::DELAY]);
    d
}

/// An exactly periodic tone: the period is tabulated once, so repeats are bit-identical.
fn tone(period: usize, cycles_per_period: usize, amplitude: f64, len: usize) -> Vec<i16> {
    let table: Vec<i16> = (0..period)
        .map(|n| {
            let phase = std::f64::consts::TAU * (cycles_per_period * n) as f64 / period as f64;
            (amplitude * phase.sin()).round() as i16
        })
        .collect();
    (0..len).map(|n| table[n % period]).collect()
}

/// Normalised cross-correlation of two equally long signals.
fn correlation(a: &[i16], b: &[i16]) -> f64 {
    let dot = |x: &[i16], y: &[i16]| -> f64 {
        x.iter()
            .zip(y)
            .map(|(&p, &q)| f64::from(p) * f64::from(q))
            .sum()
    };
    dot(a, b) / (dot(a, a) * dot(b, b)).sqrt()
}

fn energy(x: &[i16]) -> f64 {
    x.iter().map(|&v| f64::from(v) * f64::from(v)).sum()
}

fn max_step(x: &[i16]) -> i32 {
    x.windows(2)
        .map(|w| (i32::from(w[1]) - i32::from(w[0])).abs())
        .max()
        .unwrap_or(0)
}

/// Output sample range (delayed time) that carries input frames `frames`.
fn out_range(frames: std::ops::Range<usize>) -> std::ops::Range<usize> {
    frames.start * FRAME + Plc::DELAY..frames.end * FRAME + Plc::DELAY
}

/// A deterministic speech-like test signal (integer arithmetic only, so identical everywhere):
/// 200 ms segments of voiced sound (a pulse train through a resonance at 500 Hz, periods 40 to
/// 120 samples, some driven into full-scale clipping), noise, and near-silence.
fn speechlike(len: usize) -> Vec<i16> {
    let mut seed: u32 = 0x1234_5678;
    let (mut y1, mut y2) = (0i32, 0i32);
    let mut since_pulse = 0u32;
    (0..len)
        .map(|i| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let noise = ((seed >> 16) as i32) - 32768;
            let seg = (i / 1600) as u32;
            let period = 40 + (seg * 37) % 81;
            let gain = 1 + (seg % 4) as i32;
            let x = match seg % 5 {
                0..=2 => {
                    since_pulse += 1;
                    if since_pulse >= period {
                        since_pulse = 0;
                        6000 * gain
                    } else {
                        noise >> 9
                    }
                }
                3 => noise >> 2,
                _ => noise >> 12,
            };
            let y = (x + ((28761 * y1 - 14787 * y2) >> 14)).clamp(-32768, 32767);
            y2 = y1;
            y1 = y;
            y as i16
        })
        .collect()
}

/// Frames lost in the bit-exactness test: every 7th, and bursts of 1 to 10 frames.
fn lost_frame(f: usize) -> bool {
    f % 7 == 6 || (0..10).any(|b| (30 + 35 * b..30 + 35 * b + b + 1).contains(&f))
}

fn fnv1a(samples: &[i16]) -> u64 {
    samples
        .iter()
        .flat_map(|s| s.to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

#[test]
fn matches_the_g191_reference_bit_for_bit() {
    // 4 s of `speechlike`, 106 of 400 frames lost (bursts up to 100 ms, so every branch of the
    // algorithm runs, silence and the longest closing overlap included). The hash is that of the
    // output of the G.191 `lowcfe.c` built with gcc -O2 -DUSEDOUBLES on x86-64, all frames,
    // delay kept; a single-precision build of the same C gives a different hash (271 samples
    // differ).
    let input = speechlike(32_000);
    assert_eq!(
        input
            .iter()
            .filter(|&&v| v == i16::MAX || v == i16::MIN)
            .count(),
        844,
        "the test signal itself changed"
    );
    assert_eq!((0..400).filter(|&f| lost_frame(f)).count(), 106);
    let out = conceal(&mut Plc::new(), &input, lost_frame);
    assert_eq!(fnv1a(&out), 0xa71f_af3f_0c2a_ca5d);
}

#[test]
fn good_frames_delay_the_signal_by_exactly_30_samples() {
    let input = speechlike(FRAME * 60);
    let mut plc = Plc::new();
    let mut out = input.clone();
    // Calls of 1, 2, 3 … frames: the grouping must not matter.
    let mut rest = out.as_mut_slice();
    let mut n = 1;
    while !rest.is_empty() {
        let take = (n * FRAME).min(rest.len());
        let (now, later) = rest.split_at_mut(take);
        plc.good_frames(now).unwrap();
        rest = later;
        n += 1;
    }
    assert_eq!(Plc::DELAY, 30);
    assert_eq!(out, delayed(&input));
}

#[test]
fn many_frames_per_call_equal_one_frame_per_call() {
    let input = speechlike(FRAME * 120);
    let lost = |f: usize| f % 9 >= 6; // runs of 3 lost frames
    let expected = conceal(&mut Plc::new(), &input, lost);

    let mut plc = Plc::new();
    let mut out = input.clone();
    let mut f = 0;
    while f < 120 {
        let run = (f..120).take_while(|&g| lost(g) == lost(f)).count();
        let buf = &mut out[f * FRAME..(f + run) * FRAME];
        if lost(f) {
            plc.lost_frames(buf).unwrap();
        } else {
            plc.good_frames(buf).unwrap();
        }
        f += run;
    }
    assert_eq!(out, expected);
}

#[test]
fn a_lost_frame_of_a_200_hz_tone_continues_at_its_period() {
    let input = tone(40, 1, 8000.0, FRAME * 40);
    let out = conceal(&mut Plc::new(), &input, |f| f == 20);
    let truth = delayed(&input);
    let gap = out_range(20..21);
    let c = correlation(&out[gap.clone()], &truth[gap.clone()]);
    assert!(c > 0.9999, "correlation {c}");
    let worst = out[gap.clone()]
        .iter()
        .zip(&truth[gap])
        .map(|(&a, &b)| (i32::from(a) - i32::from(b)).abs())
        .max()
        .unwrap();
    assert!(worst <= 2, "largest error {worst}");
    // Outside the concealed frame and its closing overlap the signal is untouched.
    assert_eq!(
        out[..out_range(20..21).start - 10],
        truth[..out_range(20..21).start - 10]
    );
    assert_eq!(out[out_range(22..39)], truth[out_range(22..39)]);
}

#[test]
fn a_lost_frame_of_a_voiced_pulse_train_continues_at_its_period() {
    // Glottal-like pulses through a formant, at several pitches within 5..15 ms.
    for period in [45usize, 57, 64, 90, 117] {
        let pulse = |t: usize| {
            let t = t as f64;
            (12_000.0 * (-t / 15.0).exp() * (t * 0.45).sin()) as i16
        };
        let table: Vec<i16> = (0..period).map(pulse).collect();
        let input: Vec<i16> = (0..FRAME * 30).map(|n| table[n % period]).collect();
        let out = conceal(&mut Plc::new(), &input, |f| f == 15);
        let truth = delayed(&input);
        let gap = out_range(15..16);
        let c = correlation(&out[gap.clone()], &truth[gap]);
        assert!(c > 0.999, "period {period}: correlation {c}");
    }
}

#[test]
fn concealed_energy_falls_20_percent_per_frame_then_silence() {
    let amplitude = 10_000.0;
    let input = tone(40, 1, amplitude, FRAME * 40);
    let first_lost = 20;
    let lost_frames = 9; // 90 ms: 60 ms synthesised, then silence
    let out = conceal(&mut Plc::new(), &input, |f| {
        (first_lost..first_lost + lost_frames).contains(&f)
    });
    let truth = delayed(&input);

    // The gain for the k-th lost frame (k from 0) at sample n: 1, then a linear ramp losing
    // 0.2 per frame from the second lost frame on, then 0.
    let gain = |k: usize, n: usize| match k {
        0 => 1.0,
        1..=5 => 1.0 - 0.2 * (k - 1) as f64 - 0.2 * n as f64 / FRAME as f64,
        _ => 0.0,
    };
    for k in 0..lost_frames {
        let r = out_range(first_lost + k..first_lost + k + 1);
        for (n, t) in r.clone().enumerate() {
            let want = f64::from(truth[t]) * gain(k, n);
            let got = f64::from(out[t]);
            assert!(
                (got - want).abs() <= 2.0,
                "frame {k}, sample {n}: {got} vs {want}"
            );
        }
        let mean_sq_gain = (0..FRAME).map(|n| gain(k, n).powi(2)).sum::<f64>() / FRAME as f64;
        let ratio = energy(&out[r.clone()]) / energy(&truth[r]);
        assert!(
            (ratio - mean_sq_gain).abs() < 0.005,
            "frame {k}: energy ratio {ratio}, expected {mean_sq_gain}"
        );
        if k >= 6 {
            assert_eq!(ratio, 0.0, "frame {k} is silent after 60 ms");
        }
    }
    // Exactly zero from 60 ms after the loss began until the first good frame comes out.
    let silent = out_range(first_lost + 6..first_lost + lost_frames);
    assert!(out[silent].iter().all(|&s| s == 0));
}

#[test]
fn no_discontinuity_at_the_start_or_end_of_a_loss() {
    // Two tones at 150 Hz and 437 Hz: not periodic within 15 ms, so the repeated period does
    // not join itself, the frames either side of the loss, or the next period taken at the
    // 2nd and 3rd lost frames without the overlap-adds. With them, no sample-to-sample step is
    // larger than the signal's own largest step (+10 %); without any one of them (or with a
    // hard switch back to the received signal) some step is 18 % to 100 % larger.
    let input: Vec<i16> = (0..FRAME * 60)
        .map(|n| {
            let t = std::f64::consts::TAU * n as f64 / 8000.0;
            (7000.0 * (150.0 * t).sin() + 3000.0 * (437.0 * t).sin()) as i16
        })
        .collect();
    let natural = max_step(&input);
    for start in 20..24 {
        for burst in 1..=8 {
            let lost = |f: usize| (start..start + burst).contains(&f);
            let out = conceal(&mut Plc::new(), &input, lost);
            let step = max_step(&out[out_range(start - 1..start + burst + 2)]);
            assert!(
                f64::from(step) <= 1.1 * f64::from(natural),
                "{burst} lost from frame {start}: step {step}, natural {natural}"
            );
        }
    }
}

#[test]
fn recovery_fades_from_the_synthetic_into_the_received_signal() {
    // After a loss the received signal takes over over ¼ pitch + 4 ms per extra lost frame.
    // Resume with silence after a loud tone: the output must fall away over that window, not
    // in one step, and be exactly the (silent) input after it.
    let mut input = tone(40, 1, 8000.0, FRAME * 30);
    input[FRAME * 20..].fill(0);
    for (burst, window) in [(1usize, 10usize), (2, 42), (3, 74), (4, 80), (6, 80)] {
        let out = conceal(&mut Plc::new(), &input, |f| (20..20 + burst).contains(&f));
        let start = out_range(20 + burst..21 + burst).start;
        let fade = &out[start..start + window];
        let after = &out[start + window..];
        assert!(
            after.iter().all(|&s| s == 0),
            "{burst} lost: silent after the fade"
        );
        if burst < 6 {
            assert!(
                fade[0] != 0 || fade[1] != 0,
                "{burst} lost: the fade starts non-zero"
            );
            assert!(
                fade[window * 3 / 4..].iter().any(|&s| s != 0),
                "{burst} lost: the fade lasts its full length"
            );
        } else {
            assert!(
                fade.iter().all(|&s| s == 0),
                "nothing left to fade after 60 ms"
            );
        }
        // The fade-out envelope never grows: compare each period's peak with the previous one.
        let peaks: Vec<i16> = fade
            .chunks(40)
            .map(|c| c.iter().map(|s| s.abs()).max().unwrap())
            .collect();
        assert!(
            peaks.windows(2).all(|w| w[1] <= w[0]),
            "{burst} lost: peaks {peaks:?}"
        );
    }
}

#[test]
fn lengths_not_a_multiple_of_80_are_refused() {
    let mut plc = Plc::new();
    for len in [1usize, 40, 79, 81, 159, 161, 239] {
        let mut buf = vec![123i16; len];
        assert_eq!(
            plc.good_frames(&mut buf),
            Err(Error::PartialFrame { len, frame: 80 })
        );
        assert_eq!(
            plc.lost_frames(&mut buf),
            Err(Error::PartialFrame { len, frame: 80 })
        );
        assert!(buf.iter().all(|&s| s == 123), "nothing written on error");
    }
    // Refused calls leave no trace: the delay line is still empty.
    let mut frame = [5i16; FRAME];
    plc.good_frames(&mut frame).unwrap();
    assert_eq!(frame[..30], [0; 30]);
    assert_eq!(frame[30..], [5; 50]);
    // Zero frames is a whole number of frames.
    assert_eq!(plc.good_frames(&mut []), Ok(()));
    assert_eq!(plc.lost_frames(&mut []), Ok(()));

    let mut dec = G711Decoder::with_plc(Law::Mu);
    let mut pcm = [0i16; 100];
    assert_eq!(
        dec.decode(&[0xFF; 100], &mut pcm),
        Err(Error::PartialFrame {
            len: 100,
            frame: 80
        })
    );
    assert_eq!(
        dec.conceal(&mut pcm),
        Err(Error::PartialFrame {
            len: 100,
            frame: 80
        })
    );
}

#[test]
fn reset_returns_to_the_initial_state() {
    let input = speechlike(FRAME * 50);
    let lost = |f: usize| f % 5 == 3 || (30..34).contains(&f);
    let fresh = conceal(&mut Plc::new(), &input, lost);

    let mut plc = Plc::default();
    // Fill the history and stop in the middle of an erasure.
    conceal(&mut plc, &speechlike(FRAME * 13), |f| f >= 10);
    plc.reset();
    assert_eq!(conceal(&mut plc, &input, lost), fresh);

    // A clone carries the whole state.
    let mut a = Plc::new();
    conceal(&mut a, &input[..FRAME * 20], lost);
    let mut b = a.clone();
    let rest = &input[FRAME * 20..];
    assert_eq!(
        conceal(&mut a, rest, |f| f < 4),
        conceal(&mut b, rest, |f| f < 4)
    );
}

#[test]
fn extreme_inputs_saturate_and_never_panic() {
    let n = FRAME * 100;
    let square = |half: usize| -> Vec<i16> {
        (0..n)
            .map(|i| {
                if (i / half).is_multiple_of(2) {
                    i16::MAX
                } else {
                    i16::MIN
                }
            })
            .collect()
    };
    let mut signals: Vec<Vec<i16>> = [1, 3, 20, 37, 60, 200].into_iter().map(square).collect();
    signals.push(vec![i16::MIN; n]);
    signals.push(vec![i16::MAX; n]);
    signals.push(speechlike(n).iter().map(|&s| s.saturating_mul(8)).collect());
    let patterns: [&dyn Fn(usize) -> bool; 4] = [
        &|f| f % 2 == 1,
        &|f| f % 7 == 6,
        &|f| (10..30).contains(&f) || (40..47).contains(&f),
        &|f| f >= 5,
    ];
    for signal in &signals {
        for lost in patterns {
            let out = conceal(&mut Plc::new(), signal, lost);
            assert_eq!(out.len(), signal.len());
        }
    }

    // A constant at full scale is repeated at full scale: the overlap-adds, whose weights do
    // not sum to exactly one, saturate instead of wrapping to the other sign.
    for level in [i16::MIN, i16::MAX] {
        let input = vec![level; FRAME * 20];
        let out = conceal(&mut Plc::new(), &input, |f| f >= 10);
        assert!(
            out[out_range(10..11)].iter().all(|&s| s == level),
            "{level}"
        );
        assert!(
            out.iter().all(|&s| s == 0 || s.signum() == level.signum()),
            "{level}"
        );
        assert!(out[out_range(16..19)].iter().all(|&s| s == 0));
    }
}

#[test]
fn decoder_with_plc_is_g711_then_appendix_i() {
    let pcm = speechlike(FRAME * 40);
    let mut codes = vec![0u8; pcm.len()];
    g711::encode(Law::A, &pcm, &mut codes).unwrap();
    let mut decoded = vec![0i16; pcm.len()];
    g711::decode(Law::A, &codes, &mut decoded).unwrap();
    let lost = |f: usize| f % 6 == 5 || (20..24).contains(&f);
    let expected = conceal(&mut Plc::new(), &decoded, lost);

    let mut dec = G711Decoder::with_plc(Law::A);
    let mut out = vec![0i16; pcm.len()];
    for (f, (code, frame)) in codes.chunks(FRAME).zip(out.chunks_mut(FRAME)).enumerate() {
        let n = if lost(f) {
            dec.conceal(frame).unwrap()
        } else {
            dec.decode(code, frame).unwrap()
        };
        assert_eq!(n, FRAME);
    }
    assert_eq!(out, expected);

    dec.reset();
    let mut first = [0i16; FRAME];
    dec.decode(&codes[..FRAME], &mut first).unwrap();
    assert_eq!(first[..], delayed(&decoded[..FRAME])[..]);
}
