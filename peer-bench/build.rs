//! Compiles `shim/spandsp_g711.c` over Debian's libspandsp-dev and links `-lspandsp`.
//!
//! `SPANDSP_INCLUDE_DIR` / `SPANDSP_LIB_DIR` point at a spandsp installed elsewhere.

use std::path::{Path, PathBuf};

const HEADER: &str = "spandsp/g711.h";

fn main() {
    println!("cargo:rerun-if-changed=shim/spandsp_g711.c");
    println!("cargo:rerun-if-changed=shim/spandsp_dtmf.c");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SPANDSP_INCLUDE_DIR");
    println!("cargo:rerun-if-env-changed=SPANDSP_LIB_DIR");

    let include_dir = std::env::var_os("SPANDSP_INCLUDE_DIR").map(PathBuf::from);
    let mut candidates: Vec<PathBuf> = include_dir.iter().cloned().collect();
    candidates.extend(
        [
            "/usr/include",
            "/usr/local/include",
            "/opt/homebrew/include",
        ]
        .iter()
        .map(PathBuf::from),
    );
    let found = candidates.iter().find(|d| d.join(HEADER).is_file());
    let Some(found) = found else {
        fail(&candidates);
    };
    println!("cargo:rerun-if-changed={}", found.join(HEADER).display());

    let mut build = cc::Build::new();
    build
        .file("shim/spandsp_g711.c")
        .file("shim/spandsp_dtmf.c")
        .warnings(true)
        .flag_if_supported("-std=gnu99");
    if let Some(dir) = &include_dir {
        build.include(dir);
    }
    build.compile("spandsp_g711_shim");

    if let Some(dir) = std::env::var_os("SPANDSP_LIB_DIR") {
        println!(
            "cargo:rustc-link-search=native={}",
            Path::new(&dir).display()
        );
    }
    println!("cargo:rustc-link-lib=dylib=spandsp");
    libpri_shim();
    bcg729_shim();
}

fn fail(searched: &[PathBuf]) -> ! {
    let searched: Vec<String> = searched.iter().map(|d| d.display().to_string()).collect();
    eprintln!(
        "\nerror: strowger-peer-bench needs the spandsp C headers ({HEADER} not found in {}).\n\
         On Debian/Ubuntu install them with:\n\n    apt-get install libspandsp-dev\n\n\
         or set SPANDSP_INCLUDE_DIR (and SPANDSP_LIB_DIR) to a spandsp installation.\n",
        searched.join(", ")
    );
    println!(
        "cargo:warning=spandsp headers not found: apt-get install libspandsp-dev (Debian package libspandsp-dev)"
    );
    std::process::exit(1);
}

/// Compiles `shim/libpri_q921.c` and `shim/libpri_l3.c` over Debian's libpri-dev and links `-lpri`
/// (`LIBPRI_INCLUDE_DIR` / `LIBPRI_LIB_DIR` point at a libpri installed elsewhere).
fn libpri_shim() {
    println!("cargo:rerun-if-changed=shim/libpri_q921.c");
    println!("cargo:rerun-if-changed=shim/libpri_l3.c");
    println!("cargo:rerun-if-env-changed=LIBPRI_INCLUDE_DIR");
    println!("cargo:rerun-if-env-changed=LIBPRI_LIB_DIR");
    let include_dir = std::env::var_os("LIBPRI_INCLUDE_DIR").map(PathBuf::from);
    let mut candidates: Vec<PathBuf> = include_dir.iter().cloned().collect();
    candidates.extend(
        ["/usr/include", "/usr/local/include"]
            .iter()
            .map(PathBuf::from),
    );
    if !candidates.iter().any(|d| d.join("libpri.h").is_file()) {
        eprintln!(
            "\nerror: strowger-peer-bench needs the libpri C headers (libpri.h).\n\
             On Debian/Ubuntu install them with:\n\n    apt-get install libpri-dev\n"
        );
        println!("cargo:warning=libpri.h not found: apt-get install libpri-dev");
        std::process::exit(1);
    }
    let mut build = cc::Build::new();
    build
        .file("shim/libpri_q921.c")
        .file("shim/libpri_l3.c")
        .warnings(true)
        .flag_if_supported("-std=gnu99");
    if let Some(dir) = &include_dir {
        build.include(dir);
    }
    build.compile("libpri_q921_shim");
    if let Some(dir) = std::env::var_os("LIBPRI_LIB_DIR") {
        println!(
            "cargo:rustc-link-search=native={}",
            Path::new(&dir).display()
        );
    }
    println!("cargo:rustc-link-lib=dylib=pri");
}

/// Compiles `shim/bcg729.c` over Debian's libbcg729-dev and links `-lbcg729`
/// (`BCG729_INCLUDE_DIR` / `BCG729_LIB_DIR` point at a bcg729 installed elsewhere).
fn bcg729_shim() {
    println!("cargo:rerun-if-changed=shim/bcg729.c");
    println!("cargo:rerun-if-env-changed=BCG729_INCLUDE_DIR");
    println!("cargo:rerun-if-env-changed=BCG729_LIB_DIR");
    let include_dir = std::env::var_os("BCG729_INCLUDE_DIR").map(PathBuf::from);
    let mut candidates: Vec<PathBuf> = include_dir.iter().cloned().collect();
    candidates.extend(
        ["/usr/include", "/usr/local/include"]
            .iter()
            .map(PathBuf::from),
    );
    if !candidates
        .iter()
        .any(|d| d.join("bcg729/encoder.h").is_file())
    {
        eprintln!(
            "\nerror: strowger-peer-bench needs the bcg729 C headers (bcg729/encoder.h).\n\
             On Debian/Ubuntu install them with:\n\n    apt-get install libbcg729-dev\n"
        );
        println!("cargo:warning=bcg729/encoder.h not found: apt-get install libbcg729-dev");
        std::process::exit(1);
    }
    let mut build = cc::Build::new();
    build
        .file("shim/bcg729.c")
        .warnings(true)
        .flag_if_supported("-std=gnu99");
    if let Some(dir) = &include_dir {
        build.include(dir);
    }
    build.compile("bcg729_shim");
    if let Some(dir) = std::env::var_os("BCG729_LIB_DIR") {
        println!(
            "cargo:rustc-link-search=native={}",
            Path::new(&dir).display()
        );
    }
    println!("cargo:rustc-link-lib=dylib=bcg729");
}
