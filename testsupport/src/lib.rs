//! Test helpers shared by the Strowger crates.
//!
//! * [`shared_dir`] / [`vectors_dir`] find the conformance data kept outside the repository
//!   (`$STROWGER_SHARED`, `$STROWGER_VECTORS`, or `../shared` next to the checkout).
//! * [`require_peer`] finds an external program a test drives (ffmpeg, tshark, sipp…).
//!
//! Under `CI=true` anything missing FAILS the test; elsewhere the test says so on stderr and
//! returns early, so a developer without the peer still gets the rest of the suite.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the tests run in CI (`CI=true`), where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

fn missing(what: &str) {
    if in_ci() {
        panic!("{what} (CI=true: required)");
    }
    eprintln!("SKIPPED: {what}");
}

/// The shared data folder (`DESIGN.md`, `vectors/`, `captures/`, `reference/`, `peers/`).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("STROWGER_SHARED") {
        Some(s) => PathBuf::from(s),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        missing(&format!(
            "shared data not found at {} (set STROWGER_SHARED)",
            dir.display()
        ));
        None
    }
}

/// The conformance vectors folder (`$STROWGER_VECTORS`, else `<shared>/vectors`).
pub fn vectors_dir() -> Option<PathBuf> {
    if let Some(v) = std::env::var_os("STROWGER_VECTORS") {
        let dir = PathBuf::from(v);
        if dir.is_dir() {
            return Some(dir);
        }
        missing(&format!(
            "STROWGER_VECTORS={} is not a folder",
            dir.display()
        ));
        return None;
    }
    shared_dir().map(|s| s.join("vectors"))
}

/// The path of an external program, if it can be started (found on `PATH` and executable).
///
/// The probe runs `PROGRAM --version` and only asks whether the process could be spawned:
/// some peers (SIPp, baresip) exit non-zero on every informational flag.
pub fn require_peer(program: &str, debian_package: &str) -> Option<PathBuf> {
    let spawned = Command::new(program)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if spawned {
        Some(PathBuf::from(program))
    } else {
        missing(&format!(
            "peer `{program}` not found (apt-get install {debian_package})"
        ));
        None
    }
}

/// Reads a file of 16-bit little-endian words.
pub fn read_words(path: &Path) -> Vec<i16> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(bytes.len() % 2, 0, "{}: odd length", path.display());
    bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// A fresh empty folder under the target directory for one test's files.
pub fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strowger-test-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// `n` samples of a deterministic speech-like test signal: two tones plus pseudo-random noise,
/// spread over most of the 16-bit range so every segment of both G.711 laws is exercised.
pub fn two_tones_and_noise(n: usize) -> Vec<i16> {
    let mut state: u32 = 0x1234_5678;
    (0..n)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let t = i as f64 / 8000.0;
            let tone = 9000.0 * (2.0 * std::f64::consts::PI * 440.0 * t).sin()
                + 5000.0 * (2.0 * std::f64::consts::PI * 1330.0 * t).sin();
            let noise = f64::from((state >> 16) as u16 as i16) / 4.0;
            (tone + noise).clamp(-32768.0, 32767.0) as i16
        })
        .collect()
}

/// One frame of a text2pcap capture file (`../shared/captures/qsig/frames_*.txt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedFrame {
    /// The capture file's name, e.g. `frames_basic_call.txt`.
    pub file: String,
    /// 1-based line of the frame's direction marker.
    pub line: usize,
    /// `O` (user → network) or `I` (network → user), as the capture writes it.
    pub dir: char,
    /// The annotation after `#` on the direction line.
    pub note: String,
    /// The frame's octets (LAPD address, control and information; no FCS).
    pub bytes: Vec<u8>,
}

/// Every frame of the QSIG captures two libpri instances exchanged, file by file in name order,
/// or `None` (failing under `CI=true`) when the shared data is absent.
///
/// The files are text2pcap input: a direction line (`O` or `I`, then a time stamp and an
/// optional `# annotation`) followed by hex-dump lines (`offset byte byte …`); `#` lines are
/// comments. Offsets are checked to be contiguous.
pub fn qsig_capture_frames() -> Option<Vec<CapturedFrame>> {
    let dir = shared_dir()?.join("captures/qsig");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("frames_") && n.ends_with(".txt")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no frames_*.txt in {}", dir.display());
    let mut out = Vec::new();
    for path in files {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut cur: Option<CapturedFrame> = None;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.starts_with('#') {
                continue;
            }
            if line.is_empty() {
                out.extend(cur.take());
                continue;
            }
            if line.starts_with("I ") || line.starts_with("O ") {
                out.extend(cur.take());
                let note = line.split_once('#').map_or("", |x| x.1.trim());
                cur = Some(CapturedFrame {
                    file: file.clone(),
                    line: i + 1,
                    dir: line.chars().next().unwrap(),
                    note: note.to_owned(),
                    bytes: Vec::new(),
                });
                continue;
            }
            let frame = cur
                .as_mut()
                .unwrap_or_else(|| panic!("{file}:{}: hex outside a frame", i + 1));
            let mut words = line.split_whitespace();
            let offset = usize::from_str_radix(words.next().unwrap(), 16)
                .unwrap_or_else(|_| panic!("{file}:{}: bad offset", i + 1));
            assert_eq!(offset, frame.bytes.len(), "{file}:{}: offset", i + 1);
            frame.bytes.extend(words.map(|w| {
                u8::from_str_radix(w, 16).unwrap_or_else(|_| panic!("{file}:{}: {w}", i + 1))
            }));
        }
        out.extend(cur.take());
    }
    Some(out)
}
