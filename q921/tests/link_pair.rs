//! Two data-link entities against each other over a simulated, lossy link with a simulated
//! clock (Q.921 §5 procedures end to end).

mod common;

use std::collections::VecDeque;
use std::time::Duration;

use common::Pair;
use strowger_q921::{
    Config, Control, DataLink, DlIndication, DlRequest, FrameRepr, Instant, MdlError, SFunction,
    Sapi, Side, Tei, UFunction,
};

fn control(f: &[u8]) -> Control {
    FrameRepr::parse_bytes(f).unwrap().control
}

#[test]
fn establishment_from_either_side() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.established();
    assert_eq!(
        control(&p.sent[0][0].1),
        Control::U {
            function: UFunction::Sabme,
            pf: true
        }
    );
    assert_eq!(p.sent[0][0].1[0] & 2, 0, "user command has C/R = 0");
    assert_eq!(
        control(&p.sent[1][0].1),
        Control::U {
            function: UFunction::Ua,
            pf: true
        }
    );
    assert_eq!(p.sent[1][0].1[0] & 2, 0, "network response has C/R = 0");

    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.request(1, DlRequest::Establish);
    p.run_until(Instant::from_millis(100));
    assert_eq!(p.events[1], vec![DlIndication::EstablishConfirm]);
    assert_eq!(p.events[0], vec![DlIndication::EstablishIndication]);
    assert_eq!(p.sent[1][0].1[0] & 2, 2, "network command has C/R = 1");
}

#[test]
fn simultaneous_sabme_collision_as_libpri_does_it() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.request(0, DlRequest::Establish);
    p.request(1, DlRequest::Establish);
    p.run_until(Instant::from_millis(100));
    for i in 0..2 {
        assert!(p.ends[i].is_established());
        assert_eq!(p.events[i], vec![DlIndication::EstablishConfirm], "end {i}");
        let kinds: Vec<Control> = p.sent[i].iter().map(|f| control(&f.1)).collect();
        assert_eq!(
            kinds,
            vec![
                Control::U {
                    function: UFunction::Sabme,
                    pf: true
                },
                Control::U {
                    function: UFunction::Ua,
                    pf: true
                }
            ]
        );
    }
    // Byte-exact with what libpri sent in the golden capture (user side: SABME 00 01 7f,
    // UA 02 01 73).
    assert_eq!(p.sent[0][0].1, [0x00, 0x01, 0x7f]);
    assert_eq!(p.sent[0][1].1, [0x02, 0x01, 0x73]);
    assert_eq!(p.sent[1][0].1, [0x02, 0x01, 0x7f]);
    assert_eq!(p.sent[1][1].1, [0x00, 0x01, 0x73]);
}

fn payload(dir: usize, n: u32) -> Vec<u8> {
    let mut v = vec![dir as u8];
    v.extend_from_slice(&n.to_be_bytes());
    v.extend(std::iter::repeat_n((n % 251) as u8, (n % 40) as usize));
    v
}

/// Pushes `total` I frames each way through a link losing `loss` of the frames in each
/// direction; returns the pair once both ends have nothing left to send.
fn lossy_transfer(cfg: Config, total: u32, loss: f64, seed: u64) -> Pair {
    let mut p = Pair::new(cfg, 0.0, seed);
    p.established();
    p.loss = loss;
    let mut next = [0u32; 2];
    let deadline = Instant::from_millis(4 * 3600 * 1000);
    loop {
        for (i, n) in next.iter_mut().enumerate() {
            while *n < total && p.ends[i].pending_frames() < 64 {
                let d = payload(i, *n);
                p.request(i, DlRequest::Data(&d));
                *n += 1;
            }
        }
        if next == [total; 2]
            && (0..2).all(|i| p.ends[i].pending_frames() == 0 && p.ends[i].is_established())
            && p.wire.iter().all(VecDeque::is_empty)
        {
            break;
        }
        assert!(
            p.now < deadline,
            "no progress at {:?}: {:?} {:?} {:?}",
            p.now,
            p.mdl_errors(0),
            p.mdl_errors(1),
            p.ends.iter().map(|e| e.stats()).collect::<Vec<_>>()
        );
        assert!(p.step(), "nothing scheduled");
    }
    p
}

/// Q.921 parameters for the exactly-once runs: the defaults except N200.
///
/// With 10 % loss each way an enquiry and its answer both get through 81 % of the time, so
/// the standard N200 = 3 ends a timer-recovery episode in a link reset with probability
/// 0.19³ ≈ 0.7 %; a 10,000-frame run has hundreds of episodes. Q.921 answers a reset by
/// discarding the I queue and telling layer 3 (DL-ESTABLISH-INDICATION, see
/// `default_n200_under_loss_never_duplicates_or_reorders_and_reports_every_reset`), so only a
/// larger N200 (a system parameter, §5.9.2) makes exactly-once delivery the expected outcome:
/// with N200 = 10 the chance per episode is about 6·10⁻⁸.
fn lossy_cfg() -> Config {
    Config {
        n200: 10,
        ..Config::default()
    }
}

#[test]
fn ten_thousand_i_frames_at_ten_percent_loss_arrive_in_order_exactly_once() {
    let total = 10_000;
    let p = lossy_transfer(lossy_cfg(), total, 0.10, 0x5eed_0921);
    for i in 0..2 {
        let got = p.data(1 - i);
        let want: Vec<Vec<u8>> = (0..total).map(|n| payload(i, n)).collect();
        assert_eq!(got.len(), want.len(), "direction {i}");
        assert!(got == want, "direction {i}: out of order or duplicated");
        // The link never went down: no re-establishment, no MDL-ERROR.
        assert_eq!(p.mdl_errors(i), vec![], "end {i}");
        assert!(p.events[i]
            .iter()
            .all(|e| matches!(e, DlIndication::Data(_))));
    }
    let s = [p.ends[0].stats(), p.ends[1].stats()];
    let frames = p.sent.iter().map(|v| v.len()).sum::<usize>();
    eprintln!(
        "10,000 I frames each way at 10 % loss: {:.1} s simulated, {frames} frames sent in all, \
         stats user {:?}, network {:?}",
        p.now.as_micros() as f64 / 1e6,
        s[0],
        s[1]
    );
    for st in s {
        assert_eq!(st.i_sent, u64::from(total));
        assert!(st.i_retransmitted > 0 && st.rej_sent > 0 && st.t200_expiries > 0);
    }
}

#[test]
fn lossy_transfer_holds_for_other_seeds() {
    for seed in [1u64, 2, 3] {
        let p = lossy_transfer(lossy_cfg(), 1500, 0.10, seed);
        for i in 0..2 {
            let want: Vec<Vec<u8>> = (0..1500).map(|n| payload(i, n)).collect();
            assert!(p.data(1 - i) == want, "seed {seed} direction {i}");
            assert_eq!(p.mdl_errors(i), vec![], "seed {seed} end {i}");
        }
    }
}

#[test]
fn default_n200_under_loss_never_duplicates_or_reorders_and_reports_every_reset() {
    let total = 5000u32;
    let p = lossy_transfer(Config::default(), total, 0.10, 0x5eed_0921);
    let mut resets = 0;
    for i in 0..2 {
        let got: Vec<u32> = p
            .data(1 - i)
            .iter()
            .map(|d| {
                assert_eq!(d[0] as usize, i);
                u32::from_be_bytes(d[1..5].try_into().unwrap())
            })
            .collect();
        assert!(
            got.windows(2).all(|w| w[0] < w[1]),
            "direction {i}: reordered or duplicated"
        );
        let gaps = got.windows(2).filter(|w| w[1] != w[0] + 1).count()
            + usize::from(got.first() != Some(&0))
            + usize::from(got.last() != Some(&(total - 1)));
        // Every loss happened at a re-establishment that both ends reported.
        let sender_resets = p
            .mdl_errors(i)
            .iter()
            .filter(|e| matches!(e, MdlError::I | MdlError::F))
            .count();
        assert!(
            gaps <= sender_resets,
            "direction {i}: {gaps} gaps, {sender_resets} resets"
        );
        resets += sender_resets;
        for e in p.mdl_errors(i) {
            assert!(
                matches!(e, MdlError::I | MdlError::F),
                "unexpected MDL-ERROR {e:?}"
            );
        }
    }
    eprintln!("N200 = 3, 10 % loss, {total} frames each way: {resets} MDL-ERROR I/F");
}

#[test]
fn one_dropped_i_frame_is_recovered_by_rej_without_waiting_for_t200() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.established();
    let first = p.sent[0].len();
    p.drop_exact.push((0, first + 1)); // the user's second I frame
    for n in 0..5 {
        p.request(0, DlRequest::Data(&payload(0, n)));
    }
    p.run_until(p.now + Duration::from_millis(200));
    assert_eq!(p.data(1), (0..5).map(|n| payload(0, n)).collect::<Vec<_>>());
    assert_eq!(p.ends[1].stats().rej_sent, 1);
    assert_eq!(
        p.ends[0].stats().i_retransmitted,
        4,
        "N(S) = 1, 2, 3, 4 sent again"
    );
    assert_eq!(p.ends[0].stats().t200_expiries, 0);
    let rej = p.sent[1].iter().map(|f| control(&f.1)).find(|c| {
        matches!(
            c,
            Control::S {
                function: SFunction::Rej,
                ..
            }
        )
    });
    assert_eq!(
        rej,
        Some(Control::S {
            function: SFunction::Rej,
            nr: 1,
            pf: false
        })
    );
}

#[test]
fn t203_keepalive_polls_every_t203_and_keeps_the_link_up() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.established();
    let t0 = p.now;
    let before = [p.sent[0].len(), p.sent[1].len()];
    p.run_until(t0 + Duration::from_millis(35_500));
    // Whichever end's T203 runs out first polls; the poll and its answer restart both
    // T203s, so the polls come T203 apart (plus a transit time) from alternating ends.
    let mut frames: Vec<(Instant, usize, Vec<u8>)> = (0..2)
        .flat_map(|i| {
            p.sent[i][before[i]..]
                .iter()
                .map(move |(t, f)| (*t, i, f.clone()))
        })
        .collect();
    frames.sort();
    assert_eq!(frames.len(), 6, "{frames:?}");
    for (k, pair) in frames.chunks(2).enumerate() {
        let (t, poller, poll) = &pair[0];
        let (_, answerer, answer) = &pair[1];
        assert_eq!(*answerer, 1 - poller);
        let poll = FrameRepr::parse_bytes(poll).unwrap();
        let answer = FrameRepr::parse_bytes(answer).unwrap();
        let poller_is_network = *poller == 1;
        assert!(
            poll.address.is_command(poller_is_network),
            "poll is a command"
        );
        assert_eq!(
            poll.control,
            Control::S {
                function: SFunction::Rr,
                nr: 0,
                pf: true
            }
        );
        assert!(
            !answer.address.is_command(!poller_is_network),
            "answer is a response"
        );
        assert_eq!(
            answer.control,
            Control::S {
                function: SFunction::Rr,
                nr: 0,
                pf: true
            }
        );
        let since = t.as_micros() - t0.as_micros();
        let expect = 10_000_000 * (k as u64 + 1);
        assert!(
            since.abs_diff(expect) < 100_000,
            "poll {k} {since} µs after t0"
        );
    }
    assert!(p
        .ends
        .iter()
        .all(|e| e.is_established() && !e.in_timer_recovery()));
    assert!(p.events.iter().all(Vec::is_empty), "{:?}", p.events);
}

#[test]
fn dead_peer_gives_mdl_error_i_then_g_and_release_after_n200_retries() {
    let cfg = Config::default();
    let mut p = Pair::new(cfg, 0.0, 1);
    p.established();
    p.cut = true;
    let t0 = p.now;
    let before = p.sent[0].len();
    p.request(0, DlRequest::Data(b"lost"));
    p.run_until(t0 + Duration::from_secs(60));
    // I frame, then N200 = 3 enquiries (T200 apart), then SABME + N200 retries.
    let kinds: Vec<Control> = p.sent[0][before..].iter().map(|f| control(&f.1)).collect();
    let enquiry = Control::S {
        function: SFunction::Rr,
        nr: 0,
        pf: true,
    };
    let sabme = Control::U {
        function: UFunction::Sabme,
        pf: true,
    };
    assert_eq!(
        kinds,
        vec![
            Control::I {
                ns: 0,
                nr: 0,
                p: false
            },
            enquiry,
            enquiry,
            enquiry,
            sabme,
            sabme,
            sabme,
            sabme
        ]
    );
    let times: Vec<u64> = p.sent[0][before..]
        .iter()
        .map(|f| (f.0.as_micros() - t0.as_micros()) / 1000)
        .collect();
    assert_eq!(times, vec![0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    assert_eq!(
        p.events[0],
        vec![
            DlIndication::MdlError(MdlError::I),
            DlIndication::MdlError(MdlError::G),
            DlIndication::ReleaseIndication
        ]
    );
    assert!(!p.ends[0].is_established());
    assert_eq!(p.ends[0].poll_timeout(), None);
}

#[test]
fn dead_peer_on_an_idle_link_is_found_by_t203() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.established();
    p.cut = true;
    let t0 = p.now;
    p.run_until(t0 + Duration::from_secs(60));
    // T203 (10 s), enquiry, then N200 = 3 more enquiries T200 apart (RC starts at 0 after
    // T203), then SABME and its N200 retries.
    assert_eq!(
        p.events[0][..2],
        [
            DlIndication::MdlError(MdlError::I),
            DlIndication::MdlError(MdlError::G)
        ]
    );
    assert_eq!(p.events[0][2], DlIndication::ReleaseIndication);
    let times: Vec<u64> = p.sent[0][1..]
        .iter()
        .map(|f| (f.0.as_micros() - t0.as_micros()) / 1000)
        .collect();
    // establish() ran 100 ms past the UA, which started T203.
    assert!((9_800..=10_000).contains(&times[0]), "{times:?}");
    let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(gaps, vec![1000; 7]);
}

#[test]
fn establishment_without_answer_gives_mdl_error_g() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.cut = true;
    p.request(0, DlRequest::Establish);
    p.run_until(Instant::from_millis(10_000));
    assert_eq!(p.sent[0].len(), 4, "SABME and N200 = 3 retransmissions");
    assert_eq!(
        p.events[0],
        vec![
            DlIndication::MdlError(MdlError::G),
            DlIndication::ReleaseIndication
        ]
    );
}

#[test]
fn release_and_release_without_answer() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.established();
    p.request(0, DlRequest::Release);
    p.run_until(p.now + Duration::from_millis(100));
    assert_eq!(p.events[0], vec![DlIndication::ReleaseConfirm]);
    assert_eq!(p.events[1], vec![DlIndication::ReleaseIndication]);
    assert!(!p.ends[0].is_established() && !p.ends[1].is_established());
    // A released entity answers a poll with DM F=1.
    let before = p.sent[1].len();
    p.ends[1].handle_frame(p.now, &[0x00, 0x01, 0x01, 0x01]);
    p.drain();
    assert_eq!(p.sent[1][before].1, vec![0x00, 0x01, 0x1f]);

    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.established();
    p.cut = true;
    p.request(0, DlRequest::Release);
    p.run_until(p.now + Duration::from_secs(10));
    assert_eq!(
        p.events[0],
        vec![
            DlIndication::MdlError(MdlError::H),
            DlIndication::ReleaseConfirm
        ]
    );
}

#[test]
fn receiver_busy_stops_and_resumes_the_sender() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.established();
    let now = p.now;
    p.ends[1].set_own_receiver_busy(now, true);
    p.drain();
    p.run_until(p.now + Duration::from_millis(20));
    for n in 0..3 {
        p.request(0, DlRequest::Data(&payload(0, n)));
    }
    p.run_until(p.now + Duration::from_millis(2500));
    assert!(p.data(1).is_empty(), "nothing delivered while busy");
    assert!(p.sent[1].iter().any(|f| matches!(
        control(&f.1),
        Control::S {
            function: SFunction::Rnr,
            ..
        }
    )));
    let now = p.now;
    p.ends[1].set_own_receiver_busy(now, false);
    p.drain();
    p.run_until(p.now + Duration::from_secs(5));
    assert_eq!(p.data(1), (0..3).map(|n| payload(0, n)).collect::<Vec<_>>());
    assert_eq!(p.mdl_errors(0), vec![]);
    assert_eq!(p.mdl_errors(1), vec![]);
}

#[test]
fn unit_data_flows_in_any_state() {
    let mut p = Pair::new(Config::default(), 0.0, 1);
    p.request(0, DlRequest::UnitData(b"ui"));
    p.run_until(Instant::from_millis(50));
    assert_eq!(p.events[1], vec![DlIndication::UnitData(b"ui".to_vec())]);
    assert_eq!(p.sent[0][0].1, vec![0x00, 0x01, 0x03, b'u', b'i']);
}

/// One established network-side entity fed hand-made frames from the user side.
fn established_network() -> (DataLink, Instant) {
    let mut n = DataLink::new(
        Config::default(),
        Side::Network,
        Sapi::CALL_CONTROL,
        Tei::ZERO,
    );
    let now = Instant::ZERO;
    n.handle_frame(now, &[0x00, 0x01, 0x7f]); // SABME from the user
    while n.poll_transmit().is_some() {}
    assert_eq!(n.poll_event(), Some(DlIndication::EstablishIndication));
    assert!(n.is_established());
    (n, now)
}

fn mdl_after(frame: &[u8]) -> (Vec<DlIndication>, bool, Vec<Vec<u8>>) {
    let (mut n, now) = established_network();
    n.handle_frame(now, frame);
    let mut ev = Vec::new();
    while let Some(e) = n.poll_event() {
        ev.push(e);
    }
    let mut tx = Vec::new();
    while let Some(t) = n.poll_transmit() {
        tx.push(t.frame);
    }
    (ev, n.is_established(), tx)
}

#[test]
fn every_mdl_error_from_a_to_o_a_peer_can_cause() {
    use DlIndication::MdlError as M;
    let sabme = vec![0x02, 0x01, 0x7f];
    // User responses carry C/R = 1.
    assert_eq!(
        mdl_after(&[0x02, 0x01, 0x01, 0x01]).0,
        vec![M(MdlError::A)],
        "RR response F=1"
    );
    assert_eq!(
        mdl_after(&[0x02, 0x01, 0x1f]).0,
        vec![M(MdlError::B)],
        "DM F=1"
    );
    assert_eq!(
        mdl_after(&[0x02, 0x01, 0x73]).0,
        vec![M(MdlError::C)],
        "UA F=1"
    );
    assert_eq!(
        mdl_after(&[0x02, 0x01, 0x63]).0,
        vec![M(MdlError::D)],
        "UA F=0"
    );
    let (ev, up, tx) = mdl_after(&[0x02, 0x01, 0x0f]);
    assert_eq!(
        (ev, up),
        (vec![M(MdlError::E)], false),
        "DM F=0 re-establishes"
    );
    assert_eq!(tx, vec![sabme.clone()]);
    let (ev, up, tx) = mdl_after(&[0x00, 0x01, 0x7f]);
    assert_eq!((ev, up), (vec![M(MdlError::F)], true), "SABME again");
    assert_eq!(tx, vec![vec![0x00, 0x01, 0x73]]);
    let (ev, up, tx) = mdl_after(&[0x00, 0x01, 0x01, 0x0a]);
    assert_eq!(
        (ev, up),
        (vec![M(MdlError::J)], false),
        "RR N(R)=5 with V(S)=0"
    );
    assert_eq!(tx, vec![sabme.clone()]);
    let frmr = [0x02, 0x01, 0x87, 0x00, 0x00, 0x00, 0x00, 0x01];
    assert_eq!(mdl_after(&frmr).0, vec![M(MdlError::K)], "FRMR");
    assert_eq!(
        mdl_after(&[0x00, 0x01, 0x0d, 0x00]).0,
        vec![M(MdlError::L)],
        "undefined S"
    );
    assert_eq!(
        mdl_after(&[0x00, 0x01, 0xe3]).0,
        vec![M(MdlError::L)],
        "undefined U"
    );
    assert_eq!(
        mdl_after(&[0x00, 0x01, 0x7f, 0x55]).0,
        vec![M(MdlError::M)],
        "SABME with info"
    );
    assert_eq!(
        mdl_after(&[0x00, 0x01, 0x01, 0x00, 0x55]).0,
        vec![M(MdlError::N)],
        "RR + info"
    );
    assert_eq!(
        mdl_after(&[0x00, 0x01, 0x01]).0,
        vec![M(MdlError::N)],
        "RR cut short"
    );
    let mut long = vec![0x00, 0x01, 0x00, 0x00];
    long.extend(std::iter::repeat_n(0x08, 261));
    let (ev, up, _) = mdl_after(&long);
    assert_eq!(
        (ev, up),
        (vec![M(MdlError::O)], false),
        "I field of 261 octets"
    );
    // Frames for another TEI/SAPI or with a broken address are ignored.
    assert_eq!(mdl_after(&[0x00, 0x03, 0xe3]).0, vec![]);
    assert_eq!(mdl_after(&[0x01, 0x01, 0xe3]).0, vec![]);
    assert_eq!(mdl_after(&[0x00, 0x01]).0, vec![]);
}

#[test]
fn enquiry_is_answered_with_the_right_final_bit_and_nr() {
    let (mut n, now) = established_network();
    // I frame N(S)=0 P=1 from the user: delivered, answered RR F=1 N(R)=1.
    n.handle_frame(now, &[0x00, 0x01, 0x00, 0x01, 0x08, 0x00]);
    assert_eq!(n.poll_event(), Some(DlIndication::Data(vec![0x08, 0x00])));
    assert_eq!(
        n.poll_transmit().unwrap().frame,
        vec![0x00, 0x01, 0x01, 0x03]
    );
    // An out-of-sequence I frame: REJ N(R)=1, then a second one is only discarded.
    n.handle_frame(now, &[0x00, 0x01, 0x04, 0x00, 0x08]);
    assert_eq!(
        n.poll_transmit().unwrap().frame,
        vec![0x00, 0x01, 0x09, 0x02]
    );
    n.handle_frame(now, &[0x00, 0x01, 0x06, 0x00, 0x08]);
    assert_eq!(n.poll_transmit(), None);
    assert_eq!(n.poll_event(), None);
}

proptest::proptest! {
    // A fixed seed: with N200 = 10 a reset (and so a loss Q.921 reports rather than repairs)
    // stays possible at 20 % loss, if unlikely; the cases must not change between runs.
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 24,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x0921),
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]
    /// Loss patterns up to 20 % each way: both directions deliver everything, in order,
    /// exactly once (N200 = 10 as above).
    #[test]
    fn any_loss_pattern_delivers_in_order_exactly_once(seed in proptest::prelude::any::<u64>(), loss_pct in 0u32..=20) {
        let total = 200;
        let p = lossy_transfer(lossy_cfg(), total, f64::from(loss_pct) / 100.0, seed);
        for i in 0..2 {
            let want: Vec<Vec<u8>> = (0..total).map(|n| payload(i, n)).collect();
            proptest::prop_assert!(p.data(1 - i) == want, "direction {}", i);
            proptest::prop_assert_eq!(p.mdl_errors(i), vec![]);
        }
    }
}
