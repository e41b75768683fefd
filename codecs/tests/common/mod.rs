//! Locating the shared conformance data (`../shared`, `$STROWGER_SHARED`, `$STROWGER_VECTORS`).

#![allow(dead_code)]

use std::path::PathBuf;

/// The `vectors/` folder, or `None` (after saying so) when it is absent and we are not in CI.
/// Under `CI=true` a missing folder fails the test.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = if let Some(v) = std::env::var_os("STROWGER_VECTORS") {
        PathBuf::from(v)
    } else if let Some(s) = std::env::var_os("STROWGER_SHARED") {
        PathBuf::from(s).join("vectors")
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors")
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("conformance vectors not found at {} (set STROWGER_SHARED)", dir.display());
    }
    eprintln!("SKIPPED: conformance vectors not found at {}", dir.display());
    None
}

/// Reads a file of 16-bit little-endian words.
pub fn read_words(path: &std::path::Path) -> Vec<i16> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(bytes.len() % 2, 0, "{}: odd length", path.display());
    bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}
