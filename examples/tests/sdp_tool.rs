//! `strowger sdp parse` and `strowger sdp answer`: output, exit codes 1 and 2.

use std::process::{Command, Output};

use strowger_testsupport as support;

fn strowger(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strowger"))
        .args(args)
        .output()
        .expect("run strowger")
}

fn write(name: &str, text: &str) -> String {
    let dir = support::scratch_dir(&format!("sdp-tool-{}", name.replace('.', "-")));
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

const SIPP_OFFER: &str = "v=0\r\no=- 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
m=audio 6000 RTP/AVP 18 4 8 101\r\na=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\na=rtpmap:4 G723/8000\r\n\
a=fmtp:4 annexa=no\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n\
a=ptime:20\r\na=maxptime:40\r\na=sendrecv\r\n";

#[test]
fn parse_prints_json() {
    let f = write("offer.sdp", SIPP_OFFER);
    let out = strowger(&["sdp", "parse", &f]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["origin"]["session_version"], 2353687637u64);
    assert_eq!(v["media"][0]["port"], 6000);
    assert_eq!(
        v["media"][0]["formats"],
        serde_json::json!(["18", "4", "8", "101"])
    );
    assert_eq!(v["media"][0]["codecs"][0]["encoding"], "G729");
    assert_eq!(v["media"][0]["codecs"][3]["fmtp"], "0-15");
    assert_eq!(v["media"][0]["direction"], "sendrecv");
    assert_eq!(v["media"][0]["attributes"][7]["typed"]["ptime"], 20);
}

#[test]
fn parse_error_is_json_with_offset_and_exit_1() {
    let f = write(
        "bad.sdp",
        "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n",
    );
    let out = strowger(&["sdp", "parse", &f]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["offset"], 43);
    assert_eq!(v["kind"], "invalid");
    assert!(v["error"].as_str().unwrap().contains("m= port"), "{v}");
    // Strict mode refuses what lenient mode accepts.
    let lf = write("lf.sdp", "v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 h\nt=0 0\n");
    assert!(strowger(&["sdp", "parse", &lf]).status.success());
    let out = strowger(&["sdp", "parse", "--strict", &lf]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["offset"].as_u64(), v["kind"].as_str()),
        (Some(3), Some("sloppy"))
    );
}

#[test]
fn answer_prints_the_answer_sdp() {
    let f = write("offer2.sdp", SIPP_OFFER);
    let out = strowger(&[
        "sdp",
        "answer",
        &f,
        "--codecs",
        "pcmu,pcma,g729,g723,telephone-event",
        "--ptime",
        "20",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines.contains(&"m=audio 16384 RTP/AVP 18 101"), "{text}");
    for l in [
        "a=rtpmap:18 G729/8000",
        "a=fmtp:18 annexb=no",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=ptime:20",
        "a=sendrecv",
    ] {
        assert!(lines.contains(&l), "{l} missing:\n{text}");
    }
    // The answer is itself valid, strict SDP.
    let again = write("answer.sdp", &text);
    assert!(strowger(&["sdp", "parse", "--strict", &again])
        .status
        .success());
    // G.723.1 only with --ptime 20: 30 ms, whole frames.
    let out = strowger(&["sdp", "answer", &f, "--codecs", "g723", "--ptime", "20"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("m=audio 16384 RTP/AVP 4\r\n") && text.contains("a=ptime:30\r\n"),
        "{text}"
    );
}

#[test]
fn answer_without_common_codec_exits_2_with_the_reason() {
    let f = write("offer3.sdp", SIPP_OFFER);
    let out = strowger(&["sdp", "answer", &f, "--codecs", "pcmu,telephone-event"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("488") && err.contains("no common codec"),
        "{err}"
    );
    let out = strowger(&["sdp", "answer", &f, "--codecs", "opus"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "unknown codec name is a usage error"
    );
}
