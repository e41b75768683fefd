//! Every frame two libpri instances exchanged (../shared/captures/qsig/frames_*.txt) decodes,
//! agrees with the capture's annotation, and re-emits byte-exact.

use strowger_q921::{Control, FrameRepr, SFunction, UFunction};

use strowger_testsupport::qsig_capture_frames as load;

/// `key=value` of the annotation, e.g. `N(R)=3`.
fn field(note: &str, key: &str) -> Option<u32> {
    note.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

#[test]
fn every_golden_frame_decodes_matches_its_annotation_and_reemits_byte_exact() {
    let Some(frames) = load() else { return };
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    for g in &frames {
        let at = format!("{}:{} {}", g.file, g.line, g.note);
        let repr = FrameRepr::parse_bytes(&g.bytes).unwrap_or_else(|e| panic!("{at}: {e}"));
        let mut out = vec![0u8; repr.buffer_len()];
        let n = repr.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &g.bytes[..], "{at}: re-emit");

        // The annotation agrees with the decode.
        let words: Vec<&str> = g.note.split_whitespace().collect();
        let kind = words[1];
        assert_eq!(
            field(&g.note, "sapi"),
            Some(u32::from(repr.address.sapi.value())),
            "{at}"
        );
        assert_eq!(
            field(&g.note, "tei"),
            Some(u32::from(repr.address.tei.value())),
            "{at}"
        );
        assert_eq!(
            field(&g.note, "c/r"),
            Some(u32::from(repr.address.cr)),
            "{at}"
        );
        let name = match repr.control {
            Control::I { ns, nr, p } => {
                assert_eq!(field(&g.note, "N(S)"), Some(u32::from(ns)), "{at}");
                assert_eq!(field(&g.note, "N(R)"), Some(u32::from(nr)), "{at}");
                assert_eq!(field(&g.note, "P"), Some(u32::from(p)), "{at}");
                assert!(!repr.info.is_empty(), "{at}: I frame without Q.931 message");
                assert_eq!(repr.info[0], 0x08, "{at}: Q.931 protocol discriminator");
                "I"
            }
            Control::S { function, nr, pf } => {
                assert_eq!(field(&g.note, "N(R)"), Some(u32::from(nr)), "{at}");
                assert_eq!(field(&g.note, "P/F"), Some(u32::from(pf)), "{at}");
                match function {
                    SFunction::Rr => "RR",
                    SFunction::Rnr => "RNR",
                    SFunction::Rej => "REJ",
                }
            }
            Control::U { function, pf } => {
                assert_eq!(field(&g.note, "P/F"), Some(u32::from(pf)), "{at}");
                match function {
                    UFunction::Sabme => "SABME",
                    UFunction::Ua => "UA",
                    UFunction::Dm => "DM",
                    UFunction::Disc => "DISC",
                    UFunction::Ui => "UI",
                    UFunction::Frmr => "FRMR",
                    UFunction::Xid => "XID",
                }
            }
            Control::Undefined { .. } => panic!("{at}: undefined control field"),
        };
        assert_eq!(name, kind, "{at}");
        // The capture is written from the user side: 'O' frames were sent by the user, whose
        // commands carry C/R = 0 (Q.921 Table 1).
        let from_network = g.dir == 'I';
        let command = repr.address.is_command(from_network);
        let expect_command = match name {
            "I" | "SABME" | "DISC" | "UI" => Some(true),
            "UA" | "DM" | "FRMR" => Some(false),
            _ => None,
        };
        if let Some(c) = expect_command {
            assert_eq!(command, c, "{at}: C/R");
        }
        *kinds.entry(name).or_default() += 1;
    }
    eprintln!("{} golden frames: {kinds:?}", frames.len());
    assert!(frames.len() >= 50, "only {} golden frames", frames.len());
    for k in ["I", "RR", "SABME", "UA"] {
        assert!(
            kinds.contains_key(k),
            "no {k} frame among the golden frames"
        );
    }
}
