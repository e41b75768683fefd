//! tshark decodes every frame the data-link entities emit (written as LINKTYPE_LAPD pcapng and
//! as LINUX_LAPD pcap) without malformed packets or expert warnings/errors, and its reading of
//! each frame (direction, C/R, command or response, frame type, N(S)/N(R), P/F) agrees with ours.

mod common;

use std::process::Command;
use std::time::Duration;

use common::Pair;
use strowger_q921::pcap::{Direction, LapdPcapng, LinuxLapdPcap};
use strowger_q921::wire::tei::{TeiMessage, TeiMessageType};
use strowger_q921::{
    Address, Config, Control, DlRequest, FrameRepr, Instant, SFunction, Sapi, Tei, UFunction,
};

/// Q.931 STATUS ENQUIRY, call reference `cr` (2 octets, PRI).
fn status_enquiry(cr: u16) -> Vec<u8> {
    let c = cr.to_be_bytes();
    vec![0x08, 0x02, c[0] & 0x7f, c[1], 0x75]
}

/// Q.931 RELEASE COMPLETE from the call's destination side, cause #16 normal clearing.
fn release_complete(cr: u16) -> Vec<u8> {
    let c = cr.to_be_bytes();
    vec![0x08, 0x02, c[0] | 0x80, c[1], 0x5a, 0x08, 0x02, 0x80, 0x90]
}

/// A session exercising every frame type the entity sends; returns the frames in time order
/// as (time, sent by the network side, bytes).
fn session() -> Vec<(Instant, bool, Vec<u8>)> {
    let mut p = Pair::new(Config::default(), 0.0, 7);
    // Simultaneous SABME, as libpri does it.
    p.request(0, DlRequest::Establish);
    p.request(1, DlRequest::Establish);
    p.run_until(Instant::from_millis(100));
    // I frames both ways, one lost so that a REJ and retransmissions follow.
    let lost = p.sent[0].len() + 1;
    p.drop_exact.push((0, lost));
    for cr in 1..=4u16 {
        p.request(0, DlRequest::Data(&status_enquiry(cr)));
        p.request(1, DlRequest::Data(&release_complete(cr)));
    }
    p.run_until(Instant::from_millis(500));
    // T203 keep-alive, then a DL-UNIT-DATA.
    p.run_until(Instant::from_millis(10_700));
    p.request(1, DlRequest::UnitData(&status_enquiry(9)));
    // Receiver busy and back.
    let now = p.now;
    p.ends[1].set_own_receiver_busy(now, true);
    p.drain();
    p.run_until(p.now + Duration::from_millis(50));
    let now = p.now;
    p.ends[1].set_own_receiver_busy(now, false);
    p.drain();
    p.run_until(p.now + Duration::from_millis(50));
    // Release, then a poll to the released peer is answered with DM.
    p.request(0, DlRequest::Release);
    p.run_until(p.now + Duration::from_millis(100));
    p.cut = true;
    p.request(0, DlRequest::Establish);
    p.run_until(p.now + Duration::from_millis(10));
    p.cut = false;
    let now = p.now;
    p.ends[1].handle_frame(now, &[0x00, 0x01, 0x01, 0x01]);
    p.drain();
    p.run_until(p.now + Duration::from_millis(100));

    let mut all: Vec<(Instant, bool, Vec<u8>)> = (0..2)
        .flat_map(|i| p.sent[i].iter().map(move |(t, f)| (*t, i == 1, f.clone())))
        .collect();
    all.sort_by_key(|x| x.0);
    // TEI management on SAPI 63 (network side broadcast: identity assigned).
    let mut info = [0u8; 5];
    TeiMessage::new(TeiMessageType::IdentityAssigned, 0x1234, 64)
        .emit(&mut info)
        .unwrap();
    let ui = FrameRepr {
        address: Address::for_side(Sapi::MANAGEMENT, Tei::GROUP, true, true),
        control: Control::U {
            function: UFunction::Ui,
            pf: false,
        },
        info: &info,
    };
    let t = all.last().unwrap().0 + Duration::from_millis(1);
    all.push((t, true, ui.to_vec()));
    all
}

fn tshark_fields(file: &std::path::Path, tshark: &std::path::Path) -> Vec<Vec<String>> {
    let fields = [
        "frame.number",
        "lapd.direction",
        "lapd.cr",
        "lapd.control.ftype",
        "lapd.control.s_ftype",
        "lapd.control.u_modifier_cmd",
        "lapd.control.u_modifier_resp",
        "lapd.control.n_s",
        "lapd.control.n_r",
        "lapd.control.p",
        "lapd.control.f",
        "_ws.malformed",
        "_ws.expert.severity",
        "lapd.sapi",
    ];
    let mut cmd = Command::new(tshark);
    cmd.arg("-r")
        .arg(file)
        .args(["-T", "fields", "-E", "separator=|"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("run tshark");
    assert!(
        out.status.success(),
        "tshark: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('|').map(str::to_owned).collect())
        .collect()
}

fn check(rows: &[Vec<String>], frames: &[(Instant, bool, Vec<u8>)], what: &str) {
    assert_eq!(rows.len(), frames.len(), "{what}: frame count");
    for (row, (_, from_network, bytes)) in rows.iter().zip(frames) {
        let at = format!("{what} frame {} {bytes:02x?}: {row:?}", row[0]);
        assert!(row[11].is_empty(), "{at}: malformed");
        // Expert severities: 0x00600000 warning, 0x00800000 error (notes and chats are fine).
        for sev in row[12].split(',').filter(|s| !s.is_empty()) {
            let v = u32::from_str_radix(sev.trim_start_matches("0x"), 16)
                .or_else(|_| sev.parse())
                .unwrap();
            assert!(v < 0x0060_0000, "{at}: expert severity {sev}");
        }
        let repr = FrameRepr::parse_bytes(bytes).unwrap();
        // Direction 1 = network to user.
        assert_eq!(
            row[1],
            if *from_network { "1" } else { "0" },
            "{at}: direction"
        );
        assert_eq!(row[2], if repr.address.cr { "1" } else { "0" }, "{at}: C/R");
        assert_eq!(row[13], repr.address.sapi.value().to_string(), "{at}: SAPI");
        let command = repr.address.is_command(*from_network);
        let pf_field = if command { &row[9] } else { &row[10] };
        let other = if command { &row[10] } else { &row[9] };
        if repr.control.poll_final() {
            // A set bit shows as Poll in a command and as Final in a response.
            assert_eq!(pf_field, "1", "{at}: P/F");
            assert!(
                other.is_empty(),
                "{at}: tshark reads command/response the other way"
            );
        } else {
            assert!(matches!(pf_field.as_str(), "" | "0"), "{at}: P/F");
            assert!(matches!(other.as_str(), "" | "0"), "{at}: P/F");
        }
        match repr.control {
            Control::I { ns, nr, .. } => {
                assert_eq!(row[3], "0x0000", "{at}");
                assert_eq!(row[7], ns.to_string(), "{at}: N(S)");
                assert_eq!(row[8], nr.to_string(), "{at}: N(R)");
            }
            Control::S { function, nr, .. } => {
                assert_eq!(row[3], "0x0001", "{at}");
                let code = match function {
                    SFunction::Rr => "0x0000",
                    SFunction::Rnr => "0x0001",
                    SFunction::Rej => "0x0002",
                };
                assert_eq!(row[4], code, "{at}: S type");
                assert_eq!(row[8], nr.to_string(), "{at}: N(R)");
            }
            Control::U { function, .. } => {
                assert_eq!(row[3], "0x03", "{at}");
                let modifier = format!("0x{:02x}", (function.code() & 0xec) >> 2);
                let col = if command { &row[5] } else { &row[6] };
                assert_eq!(col, &modifier, "{at}: U modifier");
            }
            Control::Undefined { .. } => panic!("{at}: we sent an undefined control field"),
        }
    }
}

#[test]
fn tshark_decodes_every_frame_we_emit() {
    let Some(tshark) = strowger_testsupport::require_peer("tshark", "tshark") else {
        return;
    };
    let frames = session();
    let kinds: std::collections::BTreeSet<String> = frames
        .iter()
        .map(|f| match FrameRepr::parse_bytes(&f.2).unwrap().control {
            Control::I { .. } => "I".to_owned(),
            Control::S { function, .. } => format!("{function:?}"),
            Control::U { function, .. } => format!("{function:?}"),
            Control::Undefined { .. } => "?".to_owned(),
        })
        .collect();
    for k in ["I", "Rr", "Rnr", "Rej", "Sabme", "Ua", "Disc", "Dm", "Ui"] {
        assert!(kinds.contains(k), "the session sent no {k}: {kinds:?}");
    }
    let dir = strowger_testsupport::scratch_dir("q921-tshark");

    // LINKTYPE_LAPD pcapng, written from the user side.
    let mut ng = LapdPcapng::new(false);
    let mut cooked = LinuxLapdPcap::new(false);
    for (t, from_network, f) in &frames {
        let d = if *from_network {
            Direction::Inbound
        } else {
            Direction::Outbound
        };
        let ts = 1_795_311_556_000_000 + t.as_micros();
        ng.push(ts, d, f);
        cooked.push(ts, d, f);
    }
    let f203 = dir.join("session.lapd203.pcapng");
    std::fs::write(&f203, ng.bytes()).unwrap();
    check(&tshark_fields(&f203, &tshark), &frames, "LINKTYPE_LAPD");

    let f177 = dir.join("session.linuxlapd177.pcap");
    std::fs::write(&f177, cooked.bytes()).unwrap();
    check(&tshark_fields(&f177, &tshark), &frames, "LINUX_LAPD");

    // Written from the network side, the same frames keep their directions.
    let mut ng = LapdPcapng::new(true);
    for (t, from_network, f) in &frames {
        let d = if *from_network {
            Direction::Outbound
        } else {
            Direction::Inbound
        };
        ng.push(t.as_micros(), d, f);
    }
    let fnet = dir.join("session-network.lapd203.pcapng");
    std::fs::write(&fnet, ng.bytes()).unwrap();
    check(
        &tshark_fields(&fnet, &tshark),
        &frames,
        "LINKTYPE_LAPD, network view",
    );
    // The check can fail: a Q.931 message cut inside its call reference is flagged.
    let mut bad = LapdPcapng::new(false);
    bad.push(
        0,
        Direction::Outbound,
        &[0x00, 0x01, 0x00, 0x00, 0x08, 0x02, 0x00],
    );
    let fbad = dir.join("bad.lapd203.pcapng");
    std::fs::write(&fbad, bad.bytes()).unwrap();
    let rows = tshark_fields(&fbad, &tshark);
    assert!(
        !rows[0][11].is_empty() || !rows[0][12].is_empty(),
        "tshark did not flag a truncated message: {rows:?}"
    );
    eprintln!(
        "tshark decoded {} frames x 3 traces ({kinds:?})",
        frames.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
