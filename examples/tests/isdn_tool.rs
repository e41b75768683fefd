//! `strowger isdn decode` / `strowger isdn pcap` over the QSIG captures two libpri instances
//! exchanged (`../shared/captures/qsig`), checked frame by frame against tshark's LAPD, Q.931
//! and QSIG dissectors; the hex path against the capture path; `LINKTYPE_LINUX_LAPD` files
//! written with `strowger_q921::pcap::LinuxLapdPcap`; and hostile input.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use strowger_q921::pcap::{Direction, LapdPcapng, LinuxLapdPcap};
use strowger_testsupport as support;

fn strowger<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strowger"))
        .args(args)
        .output()
        .expect("run strowger")
}

/// Runs the tool, expects exit 0, and parses one JSON object per line.
fn frames<S: AsRef<OsStr>>(args: &[S]) -> Vec<Value> {
    let out = strowger(args);
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn pcap_frames(path: &Path) -> Vec<Value> {
    frames(&[OsStr::new("isdn"), OsStr::new("pcap"), path.as_os_str()])
}

fn decode_frames(hex: &[String]) -> Vec<Value> {
    let mut args = vec!["isdn".to_owned(), "decode".to_owned()];
    args.extend(hex.iter().cloned());
    frames(&args)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|o| format!("{o:02x}")).collect()
}

/// The `*.lapd203.pcapng` captures, in name order.
fn captures() -> Option<Vec<PathBuf>> {
    let dir = support::shared_dir()?.join("captures/qsig");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".pcapng"))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no captures in {}", dir.display());
    Some(v)
}

fn scenario(p: &Path) -> String {
    let n = p.file_name().unwrap().to_string_lossy();
    n.split('.').next().unwrap().to_owned()
}

/// The invokes of a frame as (operation name, code).
fn invokes(f: &Value) -> Vec<(String, i64)> {
    f["rose"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "invoke")
        .map(|r| {
            (
                r["operation"].as_str().unwrap_or("?").to_owned(),
                r["code"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

#[test]
fn every_capture_frame_decodes() {
    let Some(caps) = captures() else { return };
    let (mut total, mut q931, mut ops, mut typed) = (0, 0, 0, 0);
    for cap in &caps {
        let fs = pcap_frames(cap);
        assert!(!fs.is_empty(), "{}", cap.display());
        for (i, f) in fs.iter().enumerate() {
            let at = format!("{} frame {}", cap.display(), i + 1);
            assert_eq!(f["frame"], i + 1, "{at}");
            assert_eq!(f["error"], Value::Null, "{at}: {f}");
            assert!(f["direction"].is_string(), "{at}");
            assert!(f["lapd"]["command"].is_boolean(), "{at}");
            if f["lapd"]["kind"] == "I" {
                assert_eq!(f["q931"]["pd"], 8, "{at}");
                q931 += 1;
            }
            for r in f["rose"].as_array().unwrap() {
                assert_eq!(r["kind"], "invoke", "{at}");
                assert!(r["operation"].is_string(), "{at}: {r}");
                // Typed, or (for operations not typed yet) a BER tree; never dropped.
                let a = &r["argument"];
                assert!(a["hex"].is_string(), "{at}: {r}");
                if a["type"].is_string() {
                    typed += 1;
                } else {
                    assert!(a["ber"]["tag"].is_string(), "{at}: {r}");
                }
                ops += 1;
            }
            total += 1;
        }
    }
    eprintln!(
        "{} captures: {total} frames, {q931} Q.931 messages, {ops} ROSE invokes \
         ({typed} with typed arguments), all decoded",
        caps.len()
    );
    // strowger-q931-qsig types the argument of every operation libpri sent here.
    assert_eq!(typed, ops);
}

fn tshark_fields(tshark: &Path, cap: &Path, fields: &[&str]) -> Vec<Vec<String>> {
    let mut cmd = Command::new(tshark);
    cmd.arg("-r")
        .arg(cap)
        .args(["-T", "fields", "-E", "separator=/t"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("run tshark");
    assert!(
        out.status.success(),
        "tshark: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// tshark's QSIG operations per frame, from the verbose tree: `Operation: name (code)`.
fn tshark_operations(tshark: &Path, cap: &Path) -> BTreeMap<usize, Vec<(String, i64)>> {
    let out = Command::new(tshark)
        .arg("-r")
        .arg(cap)
        .arg("-V")
        .output()
        .expect("run tshark");
    let mut map: BTreeMap<usize, Vec<(String, i64)>> = BTreeMap::new();
    let mut frame = 0;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Some(rest) = line.strip_prefix("Frame ") {
            frame = rest.split(':').next().unwrap().parse().unwrap();
        } else if let Some(rest) = line.trim().strip_prefix("Operation: ") {
            let (name, code) = rest.rsplit_once(" (").unwrap();
            let code = code.trim_end_matches(')').parse().unwrap();
            map.entry(frame).or_default().push((name.to_owned(), code));
        }
    }
    map
}

fn int(s: &str) -> Option<i64> {
    if s.is_empty() {
        None
    } else if let Some(h) = s.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else {
        s.parse().ok()
    }
}

fn ints(s: &str) -> Vec<i64> {
    s.split(',').filter_map(int).collect()
}

/// Wireshark's U-frame modifier bits for each unnumbered function.
fn u_modifier(function: &str) -> i64 {
    match function {
        "UI" => 0x00,
        "DM" => 0x03,
        "DISC" => 0x10,
        "UA" => 0x18,
        "SABME" => 0x1b,
        "FRMR" => 0x21,
        "XID" => 0x2b,
        f => panic!("{f}"),
    }
}

/// Every name string (namePresentationAllowedSimple) in a frame's arguments, in order.
fn simple_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if o.get("form").and_then(Value::as_str) == Some("namePresentationAllowed")
                && o.get("extended") == Some(&Value::Bool(false))
            {
                out.push(o["name"].as_str().unwrap().to_owned());
            }
            // ECMA-174 element order, which is tshark's display order.
            for k in [
                "diverting_nr",
                "original_called_nr",
                "redirecting_name",
                "original_called_name",
                "redirection_name",
            ] {
                if let Some(x) = o.get(k) {
                    simple_names(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| simple_names(x, out)),
        _ => {}
    }
}

fn argument_int(f: &Value, key: &str) -> Vec<i64> {
    f["rose"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["argument"][key].as_i64())
        .collect()
}

#[test]
fn lapd_q931_and_rose_agree_with_tshark() {
    let Some(caps) = captures() else { return };
    let Some(tshark) = support::require_peer("tshark", "tshark") else {
        return;
    };
    const FIELDS: &[&str] = &[
        "frame.number",
        "lapd.direction",
        "lapd.sapi",
        "lapd.tei",
        "lapd.cr",
        "lapd.control.ftype",
        "lapd.control.n_s",
        "lapd.control.n_r",
        "lapd.control.p",
        "lapd.control.f",
        "lapd.control.s_ftype",
        "lapd.control.u_modifier_cmd",
        "lapd.control.u_modifier_resp",
        "q931.message_type",
        "q931.call_ref_len",
        "q931.call_ref_flag",
        "q931.call_ref",
        "q931.cause_value",
        "q931.cause_location",
        "q931.information_element",
        "q932.ie.type",
        "q931.calling_party_number.digits",
        "q931.called_party_number.digits",
        "q931.connected_number.digits",
        "q931.number_type",
        "q931.numbering_plan",
        "q931.presentation_ind",
        "q931.screening_ind",
        "q931.channel.number",
        "q931.progress_indicator.description",
        "q932.ros.ROS",
        "q932.ros.present",
        "qsig.operation",
        "qsig.na.namePresentationAllowedSimple",
        "qsig.cf.diversionCounter",
        "qsig.cf.diversionReason",
        "qsig.cf.subscriptionOption",
        "qsig.cf.presentationAllowedIndicator",
        "qsig.ct.endDesignation",
        "qsig.ct.callStatus",
    ];
    let (mut frames_checked, mut ops_checked) = (0, 0);
    for cap in &caps {
        let ours = pcap_frames(cap);
        let theirs = tshark_fields(&tshark, cap, FIELDS);
        assert_eq!(ours.len(), theirs.len(), "{}: frame count", cap.display());
        let mut our_ops = Vec::new();
        for (f, t) in ours.iter().zip(&theirs) {
            let at = format!("{} frame {}", cap.display(), t[0]);
            let l = &f["lapd"];
            let field = |name: &str| t[FIELDS.iter().position(|x| *x == name).unwrap()].as_str();
            assert_eq!(f["frame"].as_i64(), int(field("frame.number")), "{at}");
            let dir = match field("lapd.direction") {
                "0" => "user->network",
                "1" => "network->user",
                d => panic!("{at}: direction {d}"),
            };
            assert_eq!(f["direction"], dir, "{at}");
            assert_eq!(l["sapi"].as_i64(), int(field("lapd.sapi")), "{at}");
            assert_eq!(l["tei"].as_i64(), int(field("lapd.tei")), "{at}");
            assert_eq!(l["cr"].as_i64(), int(field("lapd.cr")), "{at}");
            let command = l["command"].as_bool().unwrap();
            let (p, fb) = (
                field("lapd.control.p") == "1",
                field("lapd.control.f") == "1",
            );
            match l["kind"].as_str().unwrap() {
                "I" => {
                    assert_eq!(int(field("lapd.control.ftype")), Some(0), "{at}");
                    assert_eq!(l["ns"].as_i64(), int(field("lapd.control.n_s")), "{at}");
                    assert_eq!(l["nr"].as_i64(), int(field("lapd.control.n_r")), "{at}");
                    assert_eq!(l["p"].as_bool(), Some(p), "{at}");
                }
                "S" => {
                    assert_eq!(int(field("lapd.control.ftype")), Some(1), "{at}");
                    assert_eq!(l["nr"].as_i64(), int(field("lapd.control.n_r")), "{at}");
                    let s = match l["function"].as_str().unwrap() {
                        "RR" => 0,
                        "RNR" => 1,
                        _ => 2,
                    };
                    assert_eq!(int(field("lapd.control.s_ftype")), Some(s), "{at}");
                    // tshark names the bit P in a command and F in a response.
                    let pf = l["pf"].as_bool().unwrap();
                    assert_eq!((p, fb), (pf && command, pf && !command), "{at}");
                }
                "U" => {
                    assert_eq!(int(field("lapd.control.ftype")), Some(3), "{at}");
                    let m = u_modifier(l["function"].as_str().unwrap());
                    let (cmd, resp) = (
                        int(field("lapd.control.u_modifier_cmd")),
                        int(field("lapd.control.u_modifier_resp")),
                    );
                    if command {
                        assert_eq!((cmd, resp), (Some(m), None), "{at}");
                    } else {
                        assert_eq!((cmd, resp), (None, Some(m)), "{at}");
                    }
                    let pf = l["pf"].as_bool().unwrap();
                    assert_eq!((p, fb), (pf && command, pf && !command), "{at}");
                }
                k => panic!("{at}: kind {k}"),
            }
            let q = &f["q931"];
            if q.is_null() {
                assert_eq!(field("q931.message_type"), "", "{at}");
            } else {
                assert_eq!(
                    q["message_type_code"].as_i64(),
                    int(field("q931.message_type")),
                    "{at}"
                );
                let cr = &q["call_reference"];
                assert_eq!(
                    cr["length"].as_i64(),
                    int(field("q931.call_ref_len")),
                    "{at}"
                );
                assert_eq!(
                    cr["flag"].as_bool(),
                    Some(field("q931.call_ref_flag") == "1"),
                    "{at}"
                );
                assert_eq!(
                    cr["value"].as_i64(),
                    i64::from_str_radix(field("q931.call_ref"), 16).ok(),
                    "{at}"
                );
                let causes: Vec<i64> = q["ies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|ie| ie["cause"]["value"].as_i64())
                    .collect();
                assert_eq!(causes, ints(field("q931.cause_value")), "{at}");
                let ies = q["ies"].as_array().unwrap();
                // Each IE's typed fields, in message order, against tshark's.
                let pick = |f: &dyn Fn(&Value) -> Option<i64>| -> Vec<i64> {
                    ies.iter().filter_map(f).collect()
                };
                assert_eq!(
                    pick(&|ie| ie["location"]["value"].as_i64().filter(|_| ie["id"] == 8)),
                    ints(field("q931.cause_location")),
                    "{at}"
                );
                assert_eq!(
                    pick(&|ie| ie["id"].as_i64().filter(|&id| id != 0x1c)),
                    ints(field("q931.information_element")),
                    "{at}"
                );
                assert_eq!(
                    pick(&|ie| ie["id"].as_i64().filter(|&id| id == 0x1c)),
                    ints(field("q932.ie.type")),
                    "{at}"
                );
                for (name, tfield) in [
                    ("calling party number", "q931.calling_party_number.digits"),
                    ("called party number", "q931.called_party_number.digits"),
                    ("connected number", "q931.connected_number.digits"),
                ] {
                    let ours: Vec<&str> = ies
                        .iter()
                        .filter(|ie| ie["name"] == name)
                        .map(|ie| ie["digits"].as_str().unwrap())
                        .collect();
                    let theirs: Vec<&str> =
                        field(tfield).split(',').filter(|s| !s.is_empty()).collect();
                    assert_eq!(ours, theirs, "{at}: {name}");
                }
                let numbers: Vec<&Value> =
                    ies.iter().filter(|ie| ie["digits"].is_string()).collect();
                for (key, tfield) in [
                    ("type_of_number", "q931.number_type"),
                    ("numbering_plan", "q931.numbering_plan"),
                    ("presentation", "q931.presentation_ind"),
                    ("screening", "q931.screening_ind"),
                ] {
                    let ours: Vec<i64> = numbers
                        .iter()
                        .filter_map(|ie| ie[key]["value"].as_i64())
                        .collect();
                    assert_eq!(ours, ints(field(tfield)), "{at}: {key}");
                }
                let channels: Vec<i64> = ies
                    .iter()
                    .filter_map(|ie| ie["channel_list"]["channels"].as_array())
                    .flatten()
                    .filter_map(Value::as_i64)
                    .collect();
                assert_eq!(channels, ints(field("q931.channel.number")), "{at}");
                assert_eq!(
                    pick(&|ie| ie["description"]["value"].as_i64()),
                    ints(field("q931.progress_indicator.description")),
                    "{at}"
                );
            }
            let kinds: Vec<i64> = f["rose"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| match r["kind"].as_str().unwrap() {
                    "invoke" => 1,
                    "returnResult" => 2,
                    "returnError" => 3,
                    "reject" => 4,
                    _ => 0,
                })
                .collect();
            assert_eq!(kinds, ints(field("q932.ros.ROS")), "{at}");
            let ids: Vec<i64> = f["rose"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|r| r["invoke_id"].as_i64())
                .collect();
            assert_eq!(ids, ints(field("q932.ros.present")), "{at}");
            let inv = invokes(f);
            let codes: Vec<i64> = inv.iter().map(|x| x.1).collect();
            assert_eq!(codes, ints(field("qsig.operation")), "{at}");
            let mut names = Vec::new();
            for r in f["rose"].as_array().unwrap() {
                simple_names(&r["argument"], &mut names);
            }
            let theirs: Vec<String> = field("qsig.na.namePresentationAllowedSimple")
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            assert_eq!(names, theirs, "{at}");
            assert_eq!(
                argument_int(f, "diversion_counter"),
                ints(field("qsig.cf.diversionCounter")),
                "{at}"
            );
            assert_eq!(
                argument_int(f, "diversion_reason"),
                ints(field("qsig.cf.diversionReason")),
                "{at}"
            );
            assert_eq!(
                argument_int(f, "subscription_option"),
                ints(field("qsig.cf.subscriptionOption")),
                "{at}"
            );
            let pai: Vec<i64> = f["rose"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|r| r["argument"]["presentation_allowed"].as_bool())
                .map(i64::from)
                .collect();
            assert_eq!(
                pai,
                ints(field("qsig.cf.presentationAllowedIndicator")),
                "{at}"
            );
            let coded = |key: &str| -> Vec<i64> {
                f["rose"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|r| r["argument"][key]["value"].as_i64())
                    .collect()
            };
            assert_eq!(
                coded("end_designation"),
                ints(field("qsig.ct.endDesignation")),
                "{at}"
            );
            assert_eq!(
                coded("call_status"),
                ints(field("qsig.ct.callStatus")),
                "{at}"
            );
            our_ops.push((f["frame"].as_u64().unwrap() as usize, inv));
            frames_checked += 1;
        }
        // Operation names and codes per frame, as tshark's QSIG dissector names them.
        let their_ops = tshark_operations(&tshark, cap);
        let ours: BTreeMap<usize, Vec<(String, i64)>> = our_ops
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, v.into_iter().map(wireshark_alias).collect()))
            .collect();
        assert_eq!(ours, their_ops, "{}: operations", scenario(cap));
        ops_checked += ours.values().map(Vec::len).sum::<usize>();
    }
    eprintln!(
        "tshark agrees on {frames_checked} frames (LAPD, Q.931 IEs) and {ops_checked} QSIG operations"
    );
}

/// Wireshark's value table names operations 80-82 after ECMA-347 (message centre
/// monitoring, which reuses those values); libpri sends them as the ECMA-242 MWI operations
/// and the tool names them so. Everything else must match tshark's names exactly.
fn wireshark_alias((name, code): (String, i64)) -> (String, i64) {
    let alias = match (code, name.as_str()) {
        (80, "mwiActivate") => "mCMNewMsg",
        (81, "mwiDeactivate") => "mCMNoNewMsg",
        (82, "mwiInterrogate") => "mCMUpdateReq",
        _ => return (name, code),
    };
    (alias.to_owned(), code)
}

fn without_capture_fields(mut v: Value) -> Value {
    let o = v.as_object_mut().unwrap();
    o.remove("time_us");
    o.remove("direction");
    if let Some(l) = o.get_mut("lapd").and_then(Value::as_object_mut) {
        l.remove("command");
    }
    v
}

#[test]
fn decode_hex_gives_the_pcap_json() {
    let Some(all) = support::qsig_capture_frames() else {
        return;
    };
    let Some(shared) = support::shared_dir() else {
        return;
    };
    let mut by_file: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for f in all {
        by_file.entry(f.file.clone()).or_default().push(f);
    }
    let mut n = 0;
    for (file, list) in &by_file {
        let name = file
            .strip_prefix("frames_")
            .and_then(|s| s.strip_suffix(".txt"))
            .unwrap();
        let cap = shared.join(format!("captures/qsig/{name}.lapd203.pcapng"));
        let from_pcap = pcap_frames(&cap);
        let hexes: Vec<String> = list.iter().map(|f| hex(&f.bytes)).collect();
        let from_hex = decode_frames(&hexes);
        assert_eq!(from_pcap.len(), from_hex.len(), "{file}");
        for ((p, h), f) in from_pcap.into_iter().zip(from_hex).zip(list) {
            let at = format!("{file}:{}", f.line);
            assert_eq!(h["direction"], Value::Null, "{at}");
            assert_eq!(h["lapd"]["command"], Value::Null, "{at}");
            // The text files are written from the user side: O is user→network.
            let dir = if f.dir == 'O' {
                "user->network"
            } else {
                "network->user"
            };
            assert_eq!(p["direction"], dir, "{at}");
            assert_eq!(without_capture_fields(p), without_capture_fields(h), "{at}");
            n += 1;
        }
    }
    eprintln!("{n} frames: decode HEX == pcap JSON");
}

/// The frames of one scenario written as a `LINKTYPE_LINUX_LAPD` classic pcap and as a
/// `LINKTYPE_LAPD` pcapng by the q921 writers, from either side's point of view.
fn write_traces(
    frames: &[support::CapturedFrame],
    we_network: bool,
    dir: &Path,
) -> (PathBuf, PathBuf) {
    let mut linux = LinuxLapdPcap::new(we_network);
    let mut ng = LapdPcapng::new(we_network);
    for (i, f) in frames.iter().enumerate() {
        // 'O' was sent by the user side.
        let sent_by_us = (f.dir == 'O') != we_network;
        let d = if sent_by_us {
            Direction::Outbound
        } else {
            Direction::Inbound
        };
        let ts = 1_795_311_535_000_000 + i as u64 * 1000;
        linux.push(ts, d, &f.bytes);
        ng.push(ts, d, &f.bytes);
    }
    let side = if we_network { "net" } else { "user" };
    let a = dir.join(format!("linux-{side}.pcap"));
    let b = dir.join(format!("lapd-{side}.pcapng"));
    std::fs::write(&a, linux.bytes()).unwrap();
    std::fs::write(&b, ng.bytes()).unwrap();
    (a, b)
}

#[test]
fn linux_lapd_pcap_decodes_identically() {
    let Some(all) = support::qsig_capture_frames() else {
        return;
    };
    let Some(shared) = support::shared_dir() else {
        return;
    };
    let tshark = support::require_peer("tshark", "tshark");
    let dir = support::scratch_dir("isdn-linux-lapd");
    for name in ["basic_call", "divert_dli1", "mwi"] {
        let list: Vec<_> = all
            .iter()
            .filter(|f| f.file == format!("frames_{name}.txt"))
            .cloned()
            .collect();
        let reference: Vec<Value> =
            pcap_frames(&shared.join(format!("captures/qsig/{name}.lapd203.pcapng")))
                .into_iter()
                .map(|mut v| {
                    v.as_object_mut().unwrap().remove("time_us");
                    v
                })
                .collect();
        for we_network in [false, true] {
            let (linux, ng) = write_traces(&list, we_network, &dir);
            for path in [&linux, &ng] {
                let got: Vec<Value> = pcap_frames(path)
                    .into_iter()
                    .map(|mut v| {
                        v.as_object_mut().unwrap().remove("time_us");
                        v
                    })
                    .collect();
                assert_eq!(got, reference, "{name} {}", path.display());
            }
            if let Some(t) = &tshark {
                // Wireshark reads the pseudo-header the same way.
                let dirs = tshark_fields(t, &linux, &["lapd.direction"]);
                let ours: Vec<&str> = reference
                    .iter()
                    .map(|f| match f["direction"].as_str().unwrap() {
                        "user->network" => "0",
                        _ => "1",
                    })
                    .collect();
                let theirs: Vec<&str> = dirs.iter().map(|r| r[0].as_str()).collect();
                assert_eq!(ours, theirs, "{name} we_network={we_network}");
            }
        }
    }
}

#[test]
fn return_result_error_reject_and_global_codes() {
    // FACILITY with a returnResult (callRerouteing, NULL result), a returnError (1008), an
    // invoke reject (unrecognizedOperation) and an invoke with a global operation code.
    let comps = "a20a0201053005020113050\
                 0a30702010702020 3f0a406020107810101a10b0201030604 2b0c09000500"
        .replace(' ', "");
    let facility = format!("1c2b9f{comps}");
    let frame = format!("0001000008020001621c{}", &facility[2..]);
    let f = &decode_frames(&[frame])[0];
    assert_eq!(f["error"], Value::Null, "{f}");
    assert_eq!(f["q931"]["message_type"], "FACILITY");
    let r = f["rose"].as_array().unwrap();
    assert_eq!(r.len(), 4, "{f}");
    assert_eq!(r[0]["kind"], "returnResult");
    assert_eq!(r[0]["invoke_id"], 5);
    assert_eq!(r[0]["code"], 19);
    assert_eq!(r[0]["operation"], "callRerouteing");
    assert_eq!(r[0]["result"]["type"], "DummyRes");
    assert_eq!(r[0]["result"]["form"], "null");
    assert_eq!(r[0]["result"]["hex"], "0500");
    assert_eq!(r[1]["kind"], "returnError");
    assert_eq!(r[1]["error_code"], 1008);
    assert_eq!(r[1]["error"], "unspecified");
    assert_eq!(r[2]["kind"], "reject");
    assert_eq!(r[2]["invoke_id"], 7);
    assert_eq!(r[2]["problem_type"], "invoke");
    assert_eq!(r[2]["problem_name"], "unrecognizedOperation");
    assert_eq!(r[3]["kind"], "invoke");
    assert_eq!(r[3]["oid"], "1.3.12.9.0");
    assert_eq!(r[3]["code"], Value::Null);
    assert_eq!(r[3]["argument"]["ber"]["tag"], "NULL");
    assert_eq!(r[3]["argument"]["hex"], "0500");
}

#[test]
fn untyped_arguments_render_as_a_ber_tree() {
    // An invoke of local operation 86, which the crate neither names nor types: SEQUENCE
    // { ENUMERATED 1, [0] { [0] "10" } }.
    let arg = "3009 0a0101 a004 8002 3130".replace(' ', "");
    let inv = format!("a1{:02x}020109020156{arg}", 6 + arg.len() / 2);
    let ie = format!("9f{inv}");
    let frame = format!("000100000802800162 1c{:02x}{ie}", ie.len() / 2).replace(' ', "");
    let f = &decode_frames(&[frame])[0];
    assert_eq!(f["error"], Value::Null, "{f}");
    let r = &f["rose"][0];
    assert_eq!(r["code"], 86);
    assert_eq!(r["operation"], Value::Null);
    let a = &r["argument"];
    assert_eq!(a["type"], Value::Null);
    assert_eq!(a["hex"], arg);
    let b = &a["ber"];
    assert_eq!(b["tag"], "SEQUENCE");
    assert_eq!(b["constructed"], true);
    assert_eq!(b["children"][0]["tag"], "ENUMERATED");
    assert_eq!(b["children"][0]["value"], 1);
    assert_eq!(b["children"][1]["tag"], "[0]");
    assert_eq!(b["children"][1]["children"][0]["tag"], "[0]");
    assert_eq!(b["children"][1]["children"][0]["hex"], "3130");
}

/// A FACILITY frame (I, SAPI 0, call reference 1) with one facility IE holding `components`.
fn facility_frame(components: &str) -> String {
    let c = components.replace(' ', "");
    let ie = format!("9f{c}");
    format!("0001000008020001621c{:02x}{ie}", ie.len() / 2)
}

#[test]
fn call_rerouteing_argument_is_typed_down_to_its_embedded_q931_elements() {
    // callRerouteing: cfu, calledAddress { unknown "2000" }, counter 1, PSS1 IE { bearer
    // capability speech A-law }, lastRerouteingNr [1] { allowed [0] { "3000" } },
    // subscriptionOption [2] 2, callingNumber [4] { allowed [0] { "1000", networkProvided } },
    // callingName [5] { "Alice" }.
    let arg = "3038 0a0101 3006 8004 32303030 020101 4005 040380 90a3 \
               a108 a006 8004 33303030 820102 a40b a009 8004 31303030 0a0103 \
               a507 8005 416c696365";
    let arg = arg.replace(' ', "");
    let inv = format!("a1{:02x}020101020113{arg}", 6 + arg.len() / 2);
    let f = &decode_frames(&[facility_frame(&inv)])[0];
    assert_eq!(f["error"], Value::Null, "{f}");
    let a = &f["rose"][0]["argument"];
    assert_eq!(f["rose"][0]["operation"], "callRerouteing");
    assert_eq!(a["type"], "CallRerouteingArg", "{a}");
    assert_eq!(a["rerouteing_reason"]["name"], "cfu");
    assert_eq!(a["called_address"]["party_number"]["digits"], "2000");
    assert_eq!(a["diversion_counter"], 1);
    let bc = &a["pss1_info_element"]["ies"][0];
    assert_eq!(bc["name"], "bearer capability");
    assert_eq!(bc["layer1_protocol"]["name"], "G.711 A-law");
    assert_eq!(a["last_rerouteing_nr"]["presentation"], "allowed");
    assert_eq!(a["last_rerouteing_nr"]["number"]["digits"], "3000");
    assert_eq!(a["subscription_option"]["value"], 2);
    let cn = &a["calling_number"];
    assert_eq!(cn["address"]["party_number"]["digits"], "1000");
    assert_eq!(
        cn["address"]["screening_indicator"]["name"],
        "networkProvided"
    );
    assert_eq!(a["calling_name"]["name"], "Alice");
}

#[test]
fn global_operation_codes_map_to_local_ones() {
    // { iso(1) standard(0) pss1-name(13868) name-operations(0) callingName(0) }, "Bob".
    let f = &decode_frames(&[facility_frame("a10f 020101 0605 28ec2c0000 8003 426f62")])[0];
    assert_eq!(f["error"], Value::Null, "{f}");
    let r = &f["rose"][0];
    assert_eq!(r["oid"], "1.0.13868.0.0");
    assert_eq!(r["code"], 0);
    assert_eq!(r["operation"], "callingName");
    assert_eq!(r["argument"]["name"], "Bob");
}

fn one(hex: &str) -> Value {
    decode_frames(&[hex.to_owned()]).remove(0)
}

#[test]
fn hostile_frames_give_errors_with_offsets() {
    // Too short for an address.
    let f = one("00");
    assert_eq!(f["error"]["layer"], "lapd");
    assert_eq!(f["error"]["offset"], 1);
    assert_eq!(f["lapd"], Value::Null);
    assert_eq!(f["hex"], "00");
    // EA0 set.
    let f = one("01017f");
    assert_eq!(f["error"]["offset"], 0);
    // I frame without its second control octet.
    let f = one("000100");
    assert_eq!(
        (&f["error"]["layer"], &f["error"]["offset"]),
        (&"lapd".into(), &3.into())
    );
    // Not Q.931.
    let f = one("00010000410200010504038090a3");
    assert_eq!(f["error"]["layer"], "q931");
    assert_eq!(f["error"]["offset"], 4);
    assert_eq!(f["lapd"]["kind"], "I");
    // An IE running past the end of the message.
    let f = one("000100000802000105040680");
    assert_eq!(f["error"]["layer"], "q931");
    assert_eq!(f["q931"], Value::Null);
    // Cause with its spare bit set: the message decodes, the IE carries the error.
    let f = one("0001000008020001450802 9090".replace(' ', "").as_str());
    assert_eq!(f["error"]["layer"], "ie", "{f}");
    assert_eq!(f["error"]["offset"], 11);
    assert_eq!(f["q931"]["message_type"], "DISCONNECT");
    assert_eq!(f["q931"]["ies"][0]["error"]["offset"], 11);
    assert_eq!(f["q931"]["ies"][0]["hex"], "9090");
    // A ROSE component whose length runs past the IE.
    let f = one("000100000802000162 1c04 9f a105 02"
        .replace(' ', "")
        .as_str());
    assert_eq!(f["error"]["layer"], "rose", "{f}");
    assert!(f["q931"]["ies"][0]["error"].is_object());
    // A callingName whose argument is not a Name.
    let f = one("000100000802000162 1c0d 9f a10a02010102010030020500"
        .replace(' ', "")
        .as_str());
    assert_eq!(f["error"]["layer"], "argument", "{f}");
    assert_eq!(f["rose"][0]["argument"]["ber"]["tag"], "SEQUENCE");
    // FRMR with a short information field, TEI management.
    let f = one("0201870000");
    assert_eq!(f["lapd"]["function"], "FRMR");
    assert_eq!(f["error"]["layer"], "lapd");
    let f = one("fcff030f123401ff");
    assert_eq!(f["lapd"]["tei_management"]["message"], "identity request");
    assert_eq!(f["lapd"]["tei_management"]["ri"], 0x1234);
    assert_eq!(f["error"], Value::Null);
}

#[test]
fn mutated_and_random_frames_never_crash() {
    let Some(all) = support::qsig_capture_frames() else {
        return;
    };
    let mut state: u32 = 0x9e37_79b9;
    let mut rnd = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let mut inputs = Vec::new();
    for f in all.iter().filter(|f| f.bytes.len() > 4) {
        for _ in 0..20 {
            let mut b = f.bytes.clone();
            let i = rnd() as usize % b.len();
            b[i] = rnd() as u8;
            if rnd() % 4 == 0 {
                b.truncate(rnd() as usize % b.len() + 1);
            }
            inputs.push(hex(&b));
        }
    }
    for _ in 0..500 {
        let n = rnd() as usize % 48 + 1;
        let b: Vec<u8> = (0..n).map(|_| rnd() as u8).collect();
        inputs.push(hex(&b));
    }
    let mut errors = 0;
    for chunk in inputs.chunks(400) {
        let out = decode_frames(chunk);
        assert_eq!(out.len(), chunk.len());
        for (v, h) in out.iter().zip(chunk) {
            assert_eq!(v["hex"].as_str(), Some(h.as_str()));
            if let Some(e) = v["error"].as_object() {
                assert!(e["offset"].as_u64().unwrap() as usize <= h.len() / 2, "{v}");
                assert!(e["message"].is_string());
                errors += 1;
            }
        }
    }
    eprintln!(
        "{} hostile frames, {errors} with errors, no crash",
        inputs.len()
    );
}

#[test]
fn unusable_input_exits_1_with_a_message() {
    let dir = support::scratch_dir("isdn-unusable");
    let bad = |args: &[&OsStr], want: &str| {
        let out = strowger(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
    };
    let s = |x: &'static str| OsStr::new(x);
    bad(
        &[s("isdn"), s("decode"), s("00017f"), s("zz")],
        "argument 2",
    );
    bad(&[s("isdn"), s("decode"), s("0001f")], "odd number");
    // Another link type: an Ethernet/UDP capture.
    let eth = dir.join("udp.pcap");
    strowger_examples::pcap::write_file(
        &eth,
        &[strowger_examples::pcap::UdpDatagram {
            ts_us: 0,
            src: "127.0.0.1:1".parse().unwrap(),
            dst: "127.0.0.1:2".parse().unwrap(),
            payload: vec![1, 2, 3],
        }],
    )
    .unwrap();
    bad(&[s("isdn"), s("pcap"), eth.as_os_str()], "link type 1");
    let missing = dir.join("missing.pcap");
    bad(&[s("isdn"), s("pcap"), missing.as_os_str()], "missing.pcap");
    let junk = dir.join("junk.pcap");
    std::fs::write(&junk, b"not a capture at all").unwrap();
    bad(&[s("isdn"), s("pcap"), junk.as_os_str()], "magic");
    // A LINKTYPE_LINUX_LAPD record shorter than its pseudo-header is a frame error, not a
    // file error.
    let mut short = LinuxLapdPcap::new(false).bytes().to_vec();
    short.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0]);
    short.extend_from_slice(&[0, 4, 0x20, 0xfd, 0]);
    let p = dir.join("short.pcap");
    std::fs::write(&p, &short).unwrap();
    let f = pcap_frames(&p);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["error"]["layer"], "capture");
    assert_eq!(f[0]["hex"], "000420fd00");
}

/// BER of one typed argument or result, built with the crate's emitters.
fn ber_of(f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut v = Vec::new();
    f(&mut v);
    hex(&v)
}

fn tlv_hex(id: u8, contents: &str) -> String {
    format!("{id:02x}{:02x}{contents}", contents.len() / 2)
}

fn invoke_of(op: i32, arg: &str) -> String {
    tlv_hex(
        0xa1,
        &format!("020101{}{arg}", tlv_hex(0x02, &format!("{:02x}", op))),
    )
}

fn result_of(op: i32, res: &str) -> String {
    let seq = tlv_hex(
        0x30,
        &format!("{}{res}", tlv_hex(0x02, &format!("{:02x}", op))),
    );
    tlv_hex(0xa2, &format!("020101{seq}"))
}

#[test]
fn typed_arguments_and_results_of_every_service_family() {
    use strowger_q931_qsig::qsig::ops::{
        Amount, AocChargeArg, AocEnumRes, AocRateArg, AocsCurrencyInfo, Argument, CcRequestArg,
        CcRequestRes, Charge, ChargeRequestArg, ChargingAssociation, DiversionQArg,
        ExtensionChoice, MsgCentreId, MwiArg, MwiInterrogateResElt, OperationResult, PartyNumber,
        PresentedNumberUnscreened, Pss1InformationElement, RateType, RecordedCurrency, Time,
    };
    let pn = PartyNumber::Unknown(b"4000");
    let cases: Vec<(String, &str, &str, Value)> = vec![
        (
            invoke_of(
                63,
                &ber_of(|o| {
                    Argument::AocRate(AocRateArg {
                        currency_info: Some(vec![AocsCurrencyInfo {
                            charged_item: 0,
                            rate_type: RateType::Duration {
                                currency: b"EUR",
                                amount: Amount {
                                    currency_amount: 12,
                                    multiplier: 1,
                                },
                                charging_type: 1,
                                time: Time {
                                    length_of_time_unit: 1,
                                    scale: 4,
                                },
                                granularity: None,
                            },
                        }]),
                        extension: None,
                    })
                    .emit(o)
                }),
            ),
            "AocRateArg",
            "/currency_info/0/rate_type/time/scale/name",
            json!("oneMinute"),
        ),
        (
            invoke_of(
                61,
                &ber_of(|o| {
                    Argument::AocCharge(AocChargeArg {
                        charge: Charge::SpecificCurrency {
                            recorded: RecordedCurrency {
                                currency: b"EUR",
                                amount: Amount {
                                    currency_amount: 250,
                                    multiplier: 1,
                                },
                            },
                            billing_id: None,
                        },
                        charging_association: Some(ChargingAssociation::ChargeIdentifier(7)),
                        extension: None,
                    })
                    .emit(o)
                }),
            ),
            "AocInterimArg/AocFinalArg",
            "/charge/amount/multiplier/name",
            json!("oneHundredth"),
        ),
        (
            invoke_of(
                59,
                &ber_of(|o| {
                    Argument::ChargeRequest(ChargeRequestArg {
                        advice_mode_combinations: vec![0, 6],
                        extension: None,
                    })
                    .emit(o)
                }),
            ),
            "ChargeRequestArg",
            "/advice_mode_combinations/1/name",
            json!("rateInterimFinal"),
        ),
        (
            invoke_of(
                40,
                &ber_of(|o| {
                    Argument::CcRequest(CcRequestArg {
                        number_a: PresentedNumberUnscreened::Allowed(PartyNumber::Unknown(b"1000")),
                        number_b: PartyNumber::Unknown(b"2000"),
                        service: Pss1InformationElement(&[0x04, 0x03, 0x80, 0x90, 0xa3]),
                        subaddr_a: None,
                        subaddr_b: None,
                        can_retain_service: Some(true),
                        retain_sig_connection: None,
                        extension: None,
                    })
                    .emit(o)
                }),
            ),
            "CcRequestArg",
            "/service/ies/0/transfer_capability/name",
            json!("speech"),
        ),
        (
            invoke_of(
                15,
                &ber_of(|o| {
                    Argument::DiversionQ(DiversionQArg {
                        procedure: 1,
                        basic_service: Some(1),
                        diverted_to_address: Some(strowger_q931_qsig::qsig::ops::Address {
                            party_number: PartyNumber::Unknown(b"5000"),
                            party_subaddress: None,
                        }),
                        served_user_nr: pn,
                        user_nr: pn,
                        extension: None,
                    })
                    .emit(o)
                }),
            ),
            "DiversionQArg",
            "/diverted_to_address/party_number/digits",
            json!("5000"),
        ),
        (
            invoke_of(
                80,
                &ber_of(|o| {
                    Argument::Mwi(MwiArg {
                        served_user_nr: pn,
                        basic_service: 1,
                        msg_centre_id: Some(MsgCentreId::Integer(3)),
                        nb_of_messages: Some(2),
                        originating_nr: None,
                        timestamp: None,
                        priority: None,
                        extension: None,
                    })
                    .emit(o)
                }),
            ),
            "MWIArg",
            "/msg_centre_id/value",
            json!(3),
        ),
        (
            result_of(
                82,
                &ber_of(|o| {
                    OperationResult::MwiInterrogate(vec![MwiInterrogateResElt {
                        basic_service: 1,
                        msg_centre_id: None,
                        nb_of_messages: Some(4),
                        originating_nr: None,
                        timestamp: None,
                        priority: Some(9),
                        extension: None,
                    }])
                    .emit(o)
                }),
            ),
            "MWIInterrogateRes",
            "/entries/0/nb_of_messages",
            json!(4),
        ),
        (
            result_of(
                40,
                &ber_of(|o| {
                    OperationResult::CcRequest(CcRequestRes {
                        no_path_reservation: Some(true),
                        retain_service: None,
                        extension: Some(ExtensionChoice::Null),
                    })
                    .emit(o)
                }),
            ),
            "CcRequestRes",
            "/no_path_reservation",
            json!(true),
        ),
        (
            result_of(
                64,
                &ber_of(|o| {
                    OperationResult::AocComplete(AocEnumRes {
                        value: 2,
                        extension: None,
                    })
                    .emit(o)
                }),
            ),
            "AocCompleteRes",
            "/charging_option/name",
            json!("aocStopCharging"),
        ),
    ];
    let frames: Vec<String> = cases.iter().map(|c| facility_frame(&c.0)).collect();
    let out = decode_frames(&frames);
    for (f, (comp, ty, pointer, want)) in out.iter().zip(&cases) {
        assert_eq!(f["error"], Value::Null, "{comp}: {f}");
        let r = &f["rose"][0];
        let v = if r["kind"] == "invoke" {
            &r["argument"]
        } else {
            &r["result"]
        };
        assert_eq!(v["type"], *ty, "{comp}: {r}");
        assert_eq!(v.pointer(pointer), Some(want), "{comp}: {v}");
    }
}

#[test]
fn classic_lapd_pcap_without_direction_matches_decode() {
    let Some(all) = support::qsig_capture_frames() else {
        return;
    };
    let list: Vec<_> = all
        .iter()
        .filter(|f| f.file == "frames_transfer.txt")
        .collect();
    // A classic pcap, LINKTYPE_LAPD: no per-packet direction.
    let mut b = Vec::new();
    b.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    b.extend_from_slice(&[2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    b.extend_from_slice(&65535u32.to_le_bytes());
    b.extend_from_slice(&203u32.to_le_bytes());
    for (i, f) in list.iter().enumerate() {
        b.extend_from_slice(&(1_795_311_548u32 + i as u32).to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&(f.bytes.len() as u32).to_le_bytes());
        b.extend_from_slice(&(f.bytes.len() as u32).to_le_bytes());
        b.extend_from_slice(&f.bytes);
    }
    let dir = support::scratch_dir("isdn-classic-203");
    let p = dir.join("transfer.pcap");
    std::fs::write(&p, &b).unwrap();
    let from_pcap = pcap_frames(&p);
    let hexes: Vec<String> = list.iter().map(|f| hex(&f.bytes)).collect();
    let from_hex = decode_frames(&hexes);
    assert_eq!(from_pcap.len(), list.len());
    for (i, (mut p, h)) in from_pcap.into_iter().zip(from_hex).enumerate() {
        assert_eq!(p["time_us"], (1_795_311_548 + i as u64) * 1_000_000);
        assert_eq!(p["direction"], Value::Null);
        p["time_us"] = Value::Null;
        assert_eq!(p, h, "frame {}", i + 1);
    }
    // The same file cut short is unusable: exit 1.
    std::fs::write(&p, &b[..b.len() - 3]).unwrap();
    let out = strowger(&[OsStr::new("isdn"), OsStr::new("pcap"), p.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("runs past the end"));
}
