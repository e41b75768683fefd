//! Reading criterion's results back, so a side-by-side bench can print its own table of ratios.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where criterion writes its results: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else the workspace's target directory (from `cargo metadata`), as criterion 0.5 does.
pub fn criterion_home() -> PathBuf {
    if let Some(v) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(v);
    }
    if let Some(v) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(v).join("criterion");
    }
    let from_metadata = std::env::var_os("CARGO").and_then(|cargo| {
        let out = std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .output()
            .ok()?;
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
        Some(PathBuf::from(v.get("target_directory")?.as_str()?))
    });
    from_metadata
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("criterion")
}

/// criterion's file-name sanitising of group and benchmark ids.
fn safe(name: &str) -> String {
    name.replace(['?', '"', '/', '\\', '*', '<', '>', ':', '|', '^'], "_")
}

/// Median time per iteration in ns of `group/id`, read from
/// `<home>/<group>/<id>/new/estimates.json` if that file was written at or after `since`
/// (older files are left over from earlier runs, or from a run that skipped the benchmark).
pub fn median_ns(home: &Path, group: &str, id: &str, since: SystemTime) -> Option<f64> {
    let path = home
        .join(safe(group))
        .join(safe(id))
        .join("new/estimates.json");
    if std::fs::metadata(&path).ok()?.modified().ok()? < since {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    v.get("median")?.get("point_estimate")?.as_f64()
}
