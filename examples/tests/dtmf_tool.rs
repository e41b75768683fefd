//! `strowger dtmf generate|detect` and `strowger tones detect`: output format, round trips,
//! options and errors.

use std::path::Path;
use std::process::{Command, Output};

use strowger_testsupport as support;

fn strowger(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strowger"))
        .args(args)
        .output()
        .expect("run strowger")
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

fn ok(args: &[&std::ffi::OsStr]) -> String {
    let out = strowger(args);
    assert!(
        out.status.success(),
        "strowger {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

#[test]
fn generate_then_detect_round_trips_every_digit_raw_and_wav() {
    let dir = support::scratch_dir("dtmf-tool-roundtrip");
    let digits = "0123456789*#ABCD";
    for name in ["d.raw", "d.wav"] {
        let f = dir.join(name);
        ok(&[os("dtmf"), os("generate"), os(digits), f.as_os_str()]);
        let out = ok(&[os("dtmf"), os("detect"), f.as_os_str()]);
        // The text of the first line: key order, ms as JSON numbers with fractions.
        let first = out.lines().next().expect("a line");
        assert!(
            first.starts_with(r#"{"digit":"0","start_ms":0.0,"end_ms":"#),
            "{first}"
        );
        assert!(
            first.ends_with('}') && first.contains("\"end_ms\":49.")
                || first.contains("\"end_ms\":50."),
            "{first}"
        );
        let v = json_lines(&out);
        let got: String = v.iter().map(|o| o["digit"].as_str().unwrap()).collect();
        assert_eq!(got, digits);
        for (i, o) in v.iter().enumerate() {
            let start = o["start_ms"].as_f64().unwrap();
            let end = o["end_ms"].as_f64().unwrap();
            assert!((start - 100.0 * i as f64).abs() <= 1.0, "{o}");
            assert!((end - start - 50.0).abs() <= 1.0, "{o}");
        }
    }
}

#[test]
fn generate_options_level_twist_timing() {
    let dir = support::scratch_dir("dtmf-tool-options");
    let f = dir.join("d.raw");
    ok(&[
        os("dtmf"),
        os("generate"),
        os("159"),
        f.as_os_str(),
        os("--level-dbm0"),
        os("-20"),
        os("--twist-db"),
        os("3"),
        os("--on-ms"),
        os("70"),
        os("--off-ms"),
        os("130"),
    ]);
    let pcm = support::read_words(&f);
    assert_eq!(pcm.len(), 3 * 200 * 8);
    // Peak of the two tones: -20 dBm0 (2282.6) + -17 dBm0 (3224.4), ±2 for rounding.
    let peak = pcm.iter().map(|&s| i32::from(s).abs()).max().unwrap();
    assert!(peak <= 5509 && peak > 5000, "peak {peak}");
    let v = json_lines(&ok(&[
        os("dtmf"),
        os("detect"),
        os("--profile"),
        os("ntt"),
        f.as_os_str(),
    ]));
    let got: Vec<(String, f64, f64)> = v
        .iter()
        .map(|o| {
            (
                o["digit"].as_str().unwrap().to_string(),
                o["start_ms"].as_f64().unwrap(),
                o["end_ms"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3);
    for (i, (d, s, e)) in got.iter().enumerate() {
        assert_eq!(d, &["1", "5", "9"][i]);
        assert!(
            (s - 200.0 * i as f64).abs() <= 1.0 && (e - s - 70.0).abs() <= 1.0,
            "{d} {s} {e}"
        );
    }
}

#[test]
fn hot_levels_saturate() {
    let dir = support::scratch_dir("dtmf-tool-hot");
    let f = dir.join("hot.raw");
    ok(&[
        os("dtmf"),
        os("generate"),
        os("5"),
        f.as_os_str(),
        os("--level-dbm0"),
        os("0"),
        os("--twist-db"),
        os("3"),
    ]);
    let pcm = support::read_words(&f);
    assert!(
        pcm.contains(&32767) && pcm.contains(&-32768),
        "no clipping at 0/+3 dBm0"
    );
    // The steepest legitimate step of this dual tone is ~43,000; a wrap jumps by ~65,000.
    assert!(
        pcm.windows(2)
            .all(|w| (i32::from(w[0]) - i32::from(w[1])).abs() < 50000),
        "wrapped"
    );
    let v = json_lines(&ok(&[os("dtmf"), os("detect"), f.as_os_str()]));
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["digit"], "5");
}

fn write_raw(path: &Path, pcm: &[i16]) {
    let bytes: Vec<u8> = pcm.iter().flat_map(|s| s.to_le_bytes()).collect();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn tones_detect_prints_fax_and_call_progress_tones() {
    use strowger_dtmf::generator::{generate_cadence, CadenceStep, ToneSpec};
    let dir = support::scratch_dir("tones-tool");
    let mut steps = Vec::new();
    for _ in 0..2 {
        steps.push(CadenceStep::on(
            ToneSpec::dual(480.0, -24.0, 620.0, -24.0),
            500.0,
        ));
        steps.push(CadenceStep::off(500.0));
    }
    steps.push(CadenceStep::on(ToneSpec::single(1100.0, -15.0), 500.0));
    steps.push(CadenceStep::off(3000.0));
    steps.push(CadenceStep::on(ToneSpec::single(2100.0, -12.0), 3000.0));
    steps.push(CadenceStep::off(500.0));
    let f = dir.join("t.raw");
    write_raw(&f, &generate_cadence(&steps));
    let v = json_lines(&ok(&[os("tones"), os("detect"), f.as_os_str()]));
    let kinds: Vec<&str> = v.iter().map(|o| o["tone"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["busy", "busy", "cng", "ced"]);
    let expect = [
        (0.0, 500.0),
        (1000.0, 1500.0),
        (2000.0, 2500.0),
        (5500.0, 8500.0),
    ];
    for (o, (s, e)) in v.iter().zip(expect) {
        assert!((o["start_ms"].as_f64().unwrap() - s).abs() <= 15.0, "{o}");
        assert!((o["end_ms"].as_f64().unwrap() - e).abs() <= 15.0, "{o}");
    }
    let first = ok(&[os("tones"), os("detect"), f.as_os_str()]);
    assert!(
        first.starts_with(r#"{"tone":"busy","start_ms":"#),
        "{first}"
    );
}

#[test]
fn tones_detect_cadence_options() {
    use strowger_dtmf::generator::{generate_cadence, CadenceStep, ToneSpec};
    let dir = support::scratch_dir("tones-tool-cadence");
    // One busy on-period, then one CNG burst: neither is in cadence.
    let steps = [
        CadenceStep::on(ToneSpec::dual(480.0, -24.0, 620.0, -24.0), 500.0),
        CadenceStep::off(1000.0),
        CadenceStep::on(ToneSpec::single(1100.0, -15.0), 500.0),
        CadenceStep::off(3000.0),
    ];
    let f = dir.join("t.raw");
    write_raw(&f, &generate_cadence(&steps));
    let kinds = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![os("tones"), os("detect")];
        args.extend(extra.iter().map(|s| os(s)));
        args.push(f.as_os_str());
        json_lines(&ok(&args))
            .iter()
            .map(|o| o["tone"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds(&[]), ["cng"]);
    assert_eq!(kinds(&["--progress-cycles", "1"]), ["busy", "cng"]);
    assert!(kinds(&["--cng-bursts", "2"]).is_empty());
    let out = strowger(&[
        os("tones"),
        os("detect"),
        os("--progress-cycles"),
        os("9"),
        f.as_os_str(),
    ]);
    assert!(!out.status.success());
}

#[test]
fn errors_exit_1_with_a_message() {
    let dir = support::scratch_dir("dtmf-tool-errors");
    let out = strowger(&[
        os("dtmf"),
        os("generate"),
        os("12x"),
        dir.join("x.raw").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a DTMF digit"));
    let out = strowger(&[
        os("dtmf"),
        os("detect"),
        dir.join("missing.raw").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = strowger(&[
        os("dtmf"),
        os("detect"),
        os("--profile"),
        os("xyz"),
        os("a.raw"),
    ]);
    assert!(!out.status.success());
}
