//! `strowger sip parse` over the RFC 4475/5118 torture corpus and the realworld INVITEs.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

fn strowger(args: &[&std::ffi::OsStr]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_strowger"))
        .args(args)
        .output()
        .expect("run strowger")
}

fn parse(path: &Path, extra: &[&str]) -> (bool, Value) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["sip".as_ref(), "parse".as_ref()];
    args.extend(extra.iter().map(|s| s.as_ref() as &std::ffi::OsStr));
    args.push(path.as_os_str());
    let out = strowger(&args);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: not JSON ({e}): {}",
            path.display(),
            String::from_utf8_lossy(&out.stdout)
        )
    });
    if !out.status.success() {
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
    }
    (out.status.success(), v)
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn torture_valid_exit_0_invalid_exit_1() {
    let Some(vec) = strowger_testsupport::vectors_dir() else {
        return;
    };
    let root = vec.join("sip/torture");
    let mut n = 0;
    for p in files(&root.join("valid")) {
        let stem = p.file_stem().unwrap().to_str().unwrap();
        // Two RFC 5118 archive copies keep the CRLF original's Content-Length (TABLE.md).
        let extra: &[&str] = if ["ipv6-in-sdp", "mult-ip-in-sdp"].contains(&stem) {
            &["--tolerant"]
        } else {
            &[]
        };
        let (ok, v) = parse(&p, extra);
        assert!(ok, "{}: {v}", p.display());
        assert!(v["headers"].as_array().is_some_and(|h| !h.is_empty()));
        n += 1;
    }
    for p in files(&root.join("invalid")) {
        let (ok, v) = parse(&p, &[]);
        assert!(!ok, "{} accepted", p.display());
        assert!(v["offset"].is_u64(), "{v}");
        assert!(v["error"].is_string(), "{v}");
        n += 1;
    }
    assert_eq!(n, 61);
    let (_, v) = parse(&root.join("invalid/badvers.dat"), &[]);
    assert_eq!(v["status"], 505);
    let (_, v) = parse(&root.join("invalid/mismatch02.dat"), &[]);
    assert_eq!(v["status"], 501);
    let (_, v) = parse(&root.join("valid/esc02.dat"), &[]);
    assert_eq!(v["start_line"]["method"], "RE%47IST%45R");
    assert_eq!(v["start_line"]["extension_method"], true);
}

#[test]
fn realworld_diversion_and_history_info_typed() {
    let Some(vec) = strowger_testsupport::vectors_dir() else {
        return;
    };
    let dir = vec.join("sip/realworld");
    for p in files(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "sip"))
    {
        let (ok, v) = parse(&p, &["--tolerant"]);
        assert!(ok, "{}: {v}", p.display());
        assert_eq!(v["start_line"]["method"], "INVITE");
    }
    let (_, v) = parse(
        &dir.join("sipsorcery-invite-diversion-x2.sip"),
        &["--tolerant"],
    );
    let div: Vec<&Value> = v["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["canonical"] == "Diversion")
        .collect();
    assert_eq!(div.len(), 2);
    assert_eq!(div[0]["typed"][0]["reason"], "user-busy");
    assert_eq!(div[0]["typed"][0]["counter"], 3);
    assert_eq!(div[1]["typed"][0]["privacy"], "full");
    let (_, v) = parse(
        &dir.join("sipsorcery-invite-pai-history-info.sip"),
        &["--tolerant"],
    );
    let hi: Vec<&Value> = v["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["canonical"] == "History-Info")
        .collect();
    assert_eq!(hi[1]["typed"][0]["index"], "1.1");
    assert_eq!(hi[1]["typed"][0]["cause"], 480);
    // Without --tolerant a short body is the RFC 4475 §3.1.2.2 error.
    let (ok, v) = parse(
        &dir.join("sipsorcery-cisco-ios12-invite-g723-g729.sip"),
        &[],
    );
    assert!(!ok);
    assert_eq!(v["kind"], "ContentLength");
}
