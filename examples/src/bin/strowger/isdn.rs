//! `strowger isdn decode` and `strowger isdn pcap`: LAPD frames, their Q.931 messages and the
//! QSIG ROSE components inside, one JSON object per frame.

use std::error::Error;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::{json, Map, Value};
use strowger_examples::pcap::{self, LapdDirection, LINUX_LAPD_HEADER_LEN};
use strowger_q921::wire::tei::{TeiMessage, TeiMessageType};
use strowger_q921::wire::{Control, Frame, SFunction, UFunction};
use strowger_q931_qsig::qsig::ops::{error_name, local_operation, operation_name};
use strowger_q931_qsig::qsig::rose::{apdus, Apdu, Code};
use strowger_q931_qsig::wire::{
    BearerCapability, Cause, ChannelIdentification, Facility, InterfaceType, PartyNumber, Progress,
};
use strowger_q931_qsig::{Ie, Message, RawIe};

use crate::isdn_args::{self, hex, Problem};

const JSON_DESIGN: &str = "\
Output: one JSON object per frame and line:
  {\"frame\":N, \"time_us\":T|null, \"direction\":\"network->user\"|\"user->network\"|null,
   \"hex\":\"<whole frame>\",
   \"lapd\":{\"sapi\",\"tei\",\"cr\":0|1,\"command\":true|false|null,\"control\":\"<hex>\",
            \"kind\":\"I\"|\"S\"|\"U\"|\"undefined\", I: \"ns\",\"nr\",\"p\"; S: \"function\"
            (RR/RNR/REJ),\"nr\",\"pf\"; U: \"function\" (SABME/DM/UI/DISC/UA/FRMR/XID),\"pf\",
            \"info_len\", FRMR: \"frmr\"{..}, SAPI 63 UI: \"tei_management\"{..}},
   \"q931\":{\"pd\",\"call_reference\":{\"value\",\"flag\",\"length\",\"dummy\",\"global\"},
            \"message_type\":\"SETUP\"|null,\"message_type_code\":5,
            \"ies\":[{\"index\",\"offset\",\"id\",\"codeset\",\"name\",\"hex\",<typed fields>}]} or null,
   \"rose\":[{\"ie_index\",\"kind\":\"invoke\"|\"returnResult\"|\"returnError\"|\"reject\"|
            \"unknown\",\"invoke_id\",...}],
   \"error\":null|{\"layer\":\"capture\"|\"lapd\"|\"q931\"|\"ie\"|\"rose\"|\"argument\"|
            \"result\",\"message\",\"offset\"}}
Offsets count from the first octet of the LAPD frame (its address field). \"direction\" comes
from the pcapng epb_flags option (LINKTYPE_LAPD) or the Linux pseudo-header
(LINKTYPE_LINUX_LAPD), and \"command\" from direction and C/R (Q.921 §3.3.2); both are null
when the direction is unknown. Invoke: \"operation\" (name), \"code\" (local value, also for
a global code naming a QSIG operation), \"oid\" (global codes, dotted), \"linked_id\",
\"argument\": typed ({\"type\":\"NameArg\",..}) or a BER tree ({\"type\":null,
\"ber\":{\"tag\":\"[0]\",\"constructed\":true,\"children\":[..]}}), always with \"hex\".
returnResult: \"operation\",\"code\",\"oid\",\"result\" (typed or BER tree, like arguments);
returnError: \"error_code\",\"error\" (name),\"oid\",\"parameter\" (BER tree);
reject: \"problem_type\",\"problem\",\"problem_name\".
A frame that does not decode still prints, with \"error\" set and everything decoded before it.
Exit status 1 only for unusable input (bad hex argument, unreadable file, wrong link type).";

#[derive(Subcommand)]
pub enum IsdnCommand {
    /// Decode LAPD frames given as hex, one frame per argument: address, control and
    /// information octets (no flags, no FCS). Spaces, ':' and '-' between octets are allowed.
    #[command(after_long_help = JSON_DESIGN)]
    Decode(DecodeArgs),
    /// Decode every frame of a capture: LINKTYPE_LAPD (203) or LINKTYPE_LINUX_LAPD (177),
    /// classic pcap or pcapng.
    #[command(after_long_help = JSON_DESIGN)]
    Pcap(PcapArgs),
}

#[derive(Args)]
pub struct DecodeArgs {
    /// The frames, one hex string each.
    #[arg(required = true, value_name = "HEX")]
    hex: Vec<String>,
}

#[derive(Args)]
pub struct PcapArgs {
    /// The capture file.
    file: PathBuf,
}

pub fn run(cmd: IsdnCommand) -> Result<(), Box<dyn Error>> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match cmd {
        IsdnCommand::Decode(a) => {
            let frames = a
                .hex
                .iter()
                .enumerate()
                .map(|(i, h)| parse_hex(h).map_err(|e| format!("argument {}: {e}", i + 1)))
                .collect::<Result<Vec<_>, _>>()?;
            for (i, f) in frames.iter().enumerate() {
                let input = FrameInput {
                    number: i + 1,
                    time_us: None,
                    direction: None,
                    bytes: f,
                    truncated_pseudo_header: false,
                };
                writeln!(out, "{}", decode_frame(&input))?;
            }
        }
        IsdnCommand::Pcap(a) => {
            for r in pcap::read_lapd_file(&a.file)? {
                let input = FrameInput {
                    number: r.number,
                    time_us: Some(r.ts_us),
                    direction: r.direction,
                    bytes: &r.frame,
                    truncated_pseudo_header: r.truncated_pseudo_header,
                };
                writeln!(out, "{}", decode_frame(&input))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Hex digits, optionally separated by spaces, ':' or '-' between octets.
fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len() / 2);
    let mut high: Option<u8> = None;
    for (i, c) in s.char_indices() {
        if matches!(c, ' ' | '\t' | ':' | '-') && high.is_none() {
            continue;
        }
        let d = c
            .to_digit(16)
            .ok_or_else(|| format!("bad hex character {c:?} at position {i}"))?
            as u8;
        match high.take() {
            None => high = Some(d),
            Some(h) => out.push(h << 4 | d),
        }
    }
    if high.is_some() {
        return Err("odd number of hex digits".into());
    }
    if out.is_empty() {
        return Err("no octets".into());
    }
    Ok(out)
}

/// One frame to decode.
struct FrameInput<'a> {
    number: usize,
    time_us: Option<u64>,
    direction: Option<LapdDirection>,
    bytes: &'a [u8],
    truncated_pseudo_header: bool,
}

/// The first problem met while decoding a frame, for its `error` field.
#[derive(Default)]
struct FirstError(Option<Value>);

impl FirstError {
    fn set(&mut self, layer: &str, p: &Problem) {
        if self.0.is_none() {
            self.0 = Some(json!({"layer": layer, "message": p.message, "offset": p.offset}));
        }
    }
}

fn decode_frame(input: &FrameInput<'_>) -> Value {
    let mut err = FirstError::default();
    let mut v = json!({
        "frame": input.number,
        "time_us": input.time_us,
        "direction": input.direction.map(LapdDirection::as_str),
        "hex": hex(input.bytes),
        "lapd": null,
        "q931": null,
        "rose": [],
        "error": null,
    });
    if input.truncated_pseudo_header {
        err.set(
            "capture",
            &Problem {
                message: format!(
                    "LINUX_LAPD pseudo-header truncated: {} of {LINUX_LAPD_HEADER_LEN} octets",
                    input.bytes.len()
                ),
                offset: input.bytes.len(),
            },
        );
        v["error"] = err.0.take().unwrap_or(Value::Null);
        return v;
    }
    let frame = match Frame::new_checked(input.bytes) {
        Ok(f) => f,
        Err(e) => {
            err.set(
                "lapd",
                &Problem {
                    message: e.to_string(),
                    offset: e.offset,
                },
            );
            v["error"] = err.0.take().unwrap_or(Value::Null);
            return v;
        }
    };
    let from_network = input.direction.map(|d| d == LapdDirection::NetworkToUser);
    v["lapd"] = lapd(&frame, from_network, &mut err);
    let control = frame.control();
    let carries_l3 = matches!(
        control,
        Control::I { .. }
            | Control::U {
                function: UFunction::Ui,
                ..
            }
    );
    if carries_l3 && frame.sapi().value() == 0 && !frame.info().is_empty() {
        let mut rose = Vec::new();
        v["q931"] = q931(frame.info(), frame.header_len(), &mut rose, &mut err);
        v["rose"] = Value::Array(rose);
    }
    v["error"] = err.0.take().unwrap_or(Value::Null);
    v
}

fn lapd(f: &Frame<&[u8]>, from_network: Option<bool>, err: &mut FirstError) -> Value {
    let a = f.address();
    let control = f.control();
    let mut o = Map::new();
    o.insert("sapi".into(), json!(a.sapi.value()));
    o.insert("tei".into(), json!(a.tei.value()));
    o.insert("cr".into(), json!(u8::from(a.cr)));
    o.insert(
        "command".into(),
        json!(from_network.map(|n| a.is_command(n))),
    );
    o.insert(
        "control".into(),
        json!(hex(&f.into_inner()[2..f.header_len()])),
    );
    match control {
        Control::I { ns, nr, p } => {
            o.insert("kind".into(), json!("I"));
            o.insert("ns".into(), json!(ns));
            o.insert("nr".into(), json!(nr));
            o.insert("p".into(), json!(p));
        }
        Control::S { function, nr, pf } => {
            o.insert("kind".into(), json!("S"));
            let name = match function {
                SFunction::Rr => "RR",
                SFunction::Rnr => "RNR",
                SFunction::Rej => "REJ",
            };
            o.insert("function".into(), json!(name));
            o.insert("nr".into(), json!(nr));
            o.insert("pf".into(), json!(pf));
        }
        Control::U { function, pf } => {
            o.insert("kind".into(), json!("U"));
            let name = match function {
                UFunction::Sabme => "SABME",
                UFunction::Dm => "DM",
                UFunction::Ui => "UI",
                UFunction::Disc => "DISC",
                UFunction::Ua => "UA",
                UFunction::Frmr => "FRMR",
                UFunction::Xid => "XID",
            };
            o.insert("function".into(), json!(name));
            o.insert("pf".into(), json!(pf));
        }
        Control::Undefined { .. } => {
            o.insert("kind".into(), json!("undefined"));
            o.insert("pf".into(), json!(control.poll_final()));
        }
    }
    o.insert("info_len".into(), json!(f.info().len()));
    if let Some(r) = f.frmr_info() {
        match r {
            Ok(i) => {
                o.insert(
                    "frmr".into(),
                    json!({
                        "rejected_control": hex(&i.rejected_control),
                        "vs": i.vs, "vr": i.vr, "cr": u8::from(i.cr),
                        "w": i.w, "x": i.x, "y": i.y, "z": i.z,
                    }),
                );
            }
            Err(e) => err.set(
                "lapd",
                &Problem {
                    message: e.to_string(),
                    offset: e.offset,
                },
            ),
        }
    }
    let is_ui = matches!(
        control,
        Control::U {
            function: UFunction::Ui,
            ..
        }
    );
    if is_ui && a.sapi.value() == 63 {
        match TeiMessage::parse(f.info()) {
            Ok(m) => {
                let name = match m.msg_type {
                    TeiMessageType::IdentityRequest => "identity request",
                    TeiMessageType::IdentityAssigned => "identity assigned",
                    TeiMessageType::IdentityDenied => "identity denied",
                    TeiMessageType::IdentityCheckRequest => "identity check request",
                    TeiMessageType::IdentityCheckResponse => "identity check response",
                    TeiMessageType::IdentityRemove => "identity remove",
                    TeiMessageType::IdentityVerify => "identity verify",
                };
                o.insert(
                    "tei_management".into(),
                    json!({"message": name, "code": m.msg_type.code(), "ri": m.ri, "ai": m.ais()}),
                );
            }
            Err(e) => {
                let e = e.shifted(f.header_len());
                err.set(
                    "lapd",
                    &Problem {
                        message: e.to_string(),
                        offset: e.offset,
                    },
                );
            }
        }
    }
    Value::Object(o)
}

/// The Q.931 message in `info`, which starts at frame offset `base`.
fn q931(info: &[u8], base: usize, rose: &mut Vec<Value>, err: &mut FirstError) -> Value {
    if info[0] != 0x08 {
        err.set(
            "q931",
            &Problem {
                message: format!(
                    "not Q.931: protocol discriminator {:#04x} at byte {base}",
                    info[0]
                ),
                offset: base,
            },
        );
        return Value::Null;
    }
    let m = match Message::new_checked(info) {
        Ok(m) => m,
        Err(e) => {
            err.set("q931", &Problem::from_q931(e, base));
            return Value::Null;
        }
    };
    let cr = m.call_reference();
    let mt = m.message_type();
    let ies: Vec<Value> = m
        .ies()
        .flatten()
        .enumerate()
        .map(|(i, raw)| ie(i, &raw, base, rose, err))
        .collect();
    json!({
        "pd": m.protocol_discriminator().0,
        "call_reference": {
            "value": cr.value(),
            "flag": cr.flag(),
            "length": cr.length(),
            "dummy": cr.is_dummy(),
            "global": cr.is_global(),
        },
        "message_type": mt.name(),
        "message_type_code": mt.0,
        "ies": ies,
    })
}

/// Names of information elements (Q.931 Table 4-3, Q.932, Q.951, Q.952; QSIG codesets 4/5).
pub fn ie_name(codeset: u8, id: u8) -> Option<&'static str> {
    if id & 0x80 != 0 {
        return Some(match id & 0xF0 {
            0x90 => "shift",
            0xB0 => "congestion level",
            0xD0 => "repeat indicator",
            _ => match (codeset, id) {
                (0, 0xA0) => "more data",
                (0, 0xA1) => "sending complete",
                _ => return None,
            },
        });
    }
    Some(match (codeset, id) {
        (0, 0x00) => "segmented message",
        (0, 0x04) => "bearer capability",
        (0, 0x08) => "cause",
        (0, 0x10) => "call identity",
        (0, 0x14) => "call state",
        (0, 0x18) => "channel identification",
        (0, 0x1C) => "facility",
        (0, 0x1E) => "progress indicator",
        (0, 0x20) => "network-specific facilities",
        (0, 0x27) => "notification indicator",
        (0, 0x28) => "display",
        (0, 0x29) => "date/time",
        (0, 0x2C) => "keypad facility",
        (0, 0x34) => "signal",
        (0, 0x40) => "information rate",
        (0, 0x42) => "end-to-end transit delay",
        (0, 0x4C) => "connected number",
        (0, 0x4D) => "connected subaddress",
        (0, 0x6C) => "calling party number",
        (0, 0x6D) => "calling party subaddress",
        (0, 0x70) => "called party number",
        (0, 0x71) => "called party subaddress",
        (0, 0x73) => "original called number",
        (0, 0x74) => "redirecting number",
        (0, 0x76) => "redirection number",
        (0, 0x78) => "transit network selection",
        (0, 0x79) => "restart indicator",
        (0, 0x7C) => "low layer compatibility",
        (0, 0x7D) => "high layer compatibility",
        (0, 0x7E) => "user-user",
        (0, 0x7F) => "escape for extension",
        (4, 0x31) => "transit counter",
        (5, 0x32) => "party category",
        _ => return None,
    })
}

fn named(v: u8, name: Option<&'static str>) -> Value {
    json!({"value": v, "name": name})
}

fn ie(
    index: usize,
    raw: &RawIe<'_>,
    base: usize,
    rose: &mut Vec<Value>,
    err: &mut FirstError,
) -> Value {
    let mut o = Map::new();
    o.insert("index".into(), json!(index));
    o.insert("offset".into(), json!(base + raw.offset));
    match ie_fields(raw, &mut o) {
        Ok(Some(f)) => {
            // Components start after the identifier, length and protocol profile octets.
            let comp_base = base + raw.offset + 3;
            facility(&f, index, comp_base, &mut o, rose, err);
        }
        Ok(None) => {}
        Err(e) => {
            let p = Problem::from_q931(e, base);
            o.insert("error".into(), p.to_json());
            err.set("ie", &p);
        }
    }
    Value::Object(o)
}

/// The identity (`id`, `codeset`, `name`, `hex`) and typed fields of one information element
/// into `o`. A facility element is returned for its components to be walked; malformed
/// contents give the error (offset relative to the buffer `raw` came from).
pub fn ie_fields<'a>(
    raw: &RawIe<'a>,
    o: &mut Map<String, Value>,
) -> Result<Option<Facility<'a>>, strowger_q931_qsig::ParseError> {
    let codeset = raw.codeset.value();
    o.insert("id".into(), json!(raw.id));
    o.insert("codeset".into(), json!(codeset));
    o.insert("name".into(), json!(ie_name(codeset, raw.id)));
    o.insert("hex".into(), json!(hex(raw.contents)));
    let typed = Ie::parse_typed(raw)?;
    let mut put = |k: &str, v: Value| {
        o.insert(k.into(), v);
    };
    match typed {
        Ie::Shift(s) => {
            put("shift_codeset", json!(s.codeset.value()));
            put("locking", json!(s.locking));
        }
        Ie::SendingComplete => {}
        Ie::SingleOctet { octet, .. } => put("octet", json!(octet)),
        Ie::BearerCapability(b) => bearer(&b, &mut put),
        Ie::Cause(c) => cause(&c, &mut put),
        Ie::ChannelIdentification(c) => channel(&c, &mut put),
        Ie::Progress(p) => progress(&p, &mut put),
        Ie::Display(d) => put("text", json!(String::from_utf8_lossy(d))),
        Ie::ConnectedNumber(n)
        | Ie::CallingPartyNumber(n)
        | Ie::CalledPartyNumber(n)
        | Ie::RedirectingNumber(n)
        | Ie::RedirectionNumber(n) => number(&n, &mut put),
        Ie::CallState(c) => {
            put(
                "coding_standard",
                named(c.coding_standard.value(), c.coding_standard.name()),
            );
            put("call_state", named(c.value, call_state_name(c.value)));
        }
        Ie::RestartIndicator(r) => {
            let name = match r.class {
                0 => Some("indicated channels"),
                6 => Some("single interface"),
                7 => Some("all interfaces"),
                _ => None,
            };
            put("restart_class", named(r.class, name));
        }
        Ie::Facility(f) => return Ok(Some(f)),
        _ => {}
    }
    Ok(None)
}

/// Call states, Q.931 §2.1 (user side names) and the global call reference states.
fn call_state_name(v: u8) -> Option<&'static str> {
    Some(match v {
        0 => "null",
        1 => "call initiated",
        2 => "overlap sending",
        3 => "outgoing call proceeding",
        4 => "call delivered",
        6 => "call present",
        7 => "call received",
        8 => "connect request",
        9 => "incoming call proceeding",
        10 => "active",
        11 => "disconnect request",
        12 => "disconnect indication",
        15 => "suspend request",
        17 => "resume request",
        19 => "release request",
        25 => "overlap receiving",
        61 => "restart request",
        62 => "restart",
        _ => return None,
    })
}

fn bearer(b: &BearerCapability<'_>, put: &mut impl FnMut(&str, Value)) {
    put(
        "coding_standard",
        named(b.coding_standard.value(), b.coding_standard.name()),
    );
    put(
        "transfer_capability",
        named(b.transfer_capability.value(), b.transfer_capability.name()),
    );
    put(
        "transfer_mode",
        named(
            b.transfer_mode,
            match b.transfer_mode {
                0 => Some("circuit mode"),
                2 => Some("packet mode"),
                _ => None,
            },
        ),
    );
    let rate = match b.transfer_rate {
        0x00 => Some("packet mode"),
        0x10 => Some("64 kbit/s"),
        0x11 => Some("2 x 64 kbit/s"),
        0x13 => Some("384 kbit/s"),
        0x15 => Some("1536 kbit/s"),
        0x17 => Some("1920 kbit/s"),
        0x18 => Some("multirate"),
        _ => None,
    };
    put("transfer_rate", named(b.transfer_rate, rate));
    put("rate_multiplier", json!(b.rate_multiplier));
    put(
        "layer1_protocol",
        b.layer1_protocol.map_or(Value::Null, |p| {
            named(
                p,
                match p {
                    0x01 => Some("V.110/X.30 rate adaption"),
                    0x02 => Some("G.711 mu-law"),
                    0x03 => Some("G.711 A-law"),
                    0x04 => Some("G.721 32 kbit/s ADPCM"),
                    0x05 => Some("H.221/H.242"),
                    0x08 => Some("V.120 rate adaption"),
                    0x09 => Some("X.31 HDLC flag stuffing"),
                    _ => None,
                },
            )
        }),
    );
    put("layer1_extension", json!(hex(b.layer1_extension)));
    put("upper_layers", json!(hex(b.upper_layers)));
}

fn cause(c: &Cause<'_>, put: &mut impl FnMut(&str, Value)) {
    put(
        "coding_standard",
        named(c.coding_standard.value(), c.coding_standard.name()),
    );
    put("location", named(c.location.value(), c.location.name()));
    put("recommendation", json!(c.recommendation));
    put("cause", named(c.value.value(), c.value.name()));
    put("cause_class", json!(c.value.class()));
    put("diagnostics", json!(hex(c.diagnostics)));
}

fn channel(c: &ChannelIdentification<'_>, put: &mut impl FnMut(&str, Value)) {
    put(
        "interface_type",
        json!(match c.interface_type {
            InterfaceType::Basic => "basic",
            InterfaceType::Primary => "primary",
        }),
    );
    put("exclusive", json!(c.exclusive));
    put("d_channel", json!(c.d_channel));
    put("selection", json!(c.selection));
    put("interface_id", json!(c.interface_id.map(hex)));
    put(
        "channel_list",
        c.channels.map_or(Value::Null, |l| {
            json!({
                "coding_standard": named(l.coding_standard.value(), l.coding_standard.name()),
                "map": l.map,
                "channel_type": l.channel_type,
                "channels": l.numbers().collect::<Vec<_>>(),
                "hex": hex(l.octets),
            })
        }),
    );
}

fn progress(p: &Progress, put: &mut impl FnMut(&str, Value)) {
    put(
        "coding_standard",
        named(p.coding_standard.value(), p.coding_standard.name()),
    );
    put("location", named(p.location.value(), p.location.name()));
    put(
        "description",
        named(p.description.value(), p.description.name()),
    );
}

fn number(n: &PartyNumber<'_>, put: &mut impl FnMut(&str, Value)) {
    put(
        "type_of_number",
        named(n.type_of_number.value(), n.type_of_number.name()),
    );
    put(
        "numbering_plan",
        named(n.numbering_plan.value(), n.numbering_plan.name()),
    );
    let (pres, screen) = match n.presentation {
        Some((p, s)) => (named(p.value(), p.name()), named(s.value(), s.name())),
        None => (Value::Null, Value::Null),
    };
    put("presentation", pres);
    put("screening", screen);
    put(
        "reason",
        n.reason.map_or(Value::Null, |r| named(r.value(), r.name())),
    );
    put("digits", json!(String::from_utf8_lossy(n.digits)));
}

/// Interpretation APDU values (ECMA-165 / Q.932).
fn interpretation_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "discardAnyUnrecognisedInvokePdu",
        1 => "clearCallIfAnyInvokePduNotRecognised",
        2 => "rejectAnyUnrecognisedInvokePdu",
        _ => return None,
    })
}

/// `EntityType` of the network facility extension (ECMA-165).
fn entity_name(v: i32) -> Option<&'static str> {
    Some(match v {
        0 => "endPINX",
        1 => "anyTypeOfPINX",
        _ => return None,
    })
}

/// `code` (the local value: a local code, or a global one that names a QSIG standard's
/// operation) and `oid` (dotted, for a global code) into `o`; returns the local value.
fn code_fields(c: &Code<'_>, o: &mut Map<String, Value>) -> Option<i32> {
    let local = local_operation(c);
    o.insert("code".into(), json!(local));
    let oid = match *c {
        Code::Local(_) => Value::Null,
        Code::Global(oid) => json!(isdn_args::oid_string(oid).unwrap_or_else(|| hex(oid))),
    };
    o.insert("oid".into(), oid);
    local
}

/// The Facility IE fields (profile, NFE, NPP, interpretation) into `o`, ROSE components into
/// `rose`. `base` is the frame offset of the first component octet.
fn facility(
    f: &Facility<'_>,
    ie_index: usize,
    base: usize,
    o: &mut Map<String, Value>,
    rose: &mut Vec<Value>,
    err: &mut FirstError,
) {
    o.insert(
        "protocol_profile".into(),
        named(
            f.protocol_profile,
            match f.protocol_profile {
                Facility::REMOTE_OPERATIONS => Some("remote operations protocol"),
                Facility::NETWORKING_EXTENSIONS => Some("networking extensions"),
                _ => None,
            },
        ),
    );
    o.insert("nfe".into(), Value::Null);
    o.insert("network_protocol_profile".into(), Value::Null);
    o.insert("interpretation".into(), Value::Null);
    for a in apdus(f.components) {
        let a = match a {
            Ok(a) => a,
            Err(e) => {
                let p = Problem::from_q931(e, base);
                o.insert("error".into(), p.to_json());
                err.set("rose", &p);
                break;
            }
        };
        match a {
            Apdu::NetworkFacilityExtension {
                source_entity,
                source_address,
                destination_entity,
                destination_address,
            } => {
                o.insert(
                    "nfe".into(),
                    json!({
                        "source_entity": named_i(source_entity, entity_name(source_entity)),
                        "source_address": source_address.map(|t| isdn_args::ber(&t, base)),
                        "destination_entity": named_i(destination_entity, entity_name(destination_entity)),
                        "destination_address": destination_address.map(|t| isdn_args::ber(&t, base)),
                    }),
                );
            }
            Apdu::NetworkProtocolProfile(p) => {
                o.insert("network_protocol_profile".into(), json!(p));
            }
            Apdu::Interpretation(i) => {
                o.insert("interpretation".into(), named_i(i, interpretation_name(i)));
            }
            other => rose.push(component(&other, ie_index, base, err)),
        }
    }
}

fn named_i(v: i32, name: Option<&'static str>) -> Value {
    json!({"value": v, "name": name})
}

fn component(a: &Apdu<'_>, ie_index: usize, base: usize, err: &mut FirstError) -> Value {
    let mut o = Map::new();
    o.insert("ie_index".into(), json!(ie_index));
    match a {
        Apdu::Invoke(inv) => {
            o.insert("kind".into(), json!("invoke"));
            o.insert("invoke_id".into(), json!(inv.invoke_id));
            o.insert("linked_id".into(), json!(inv.linked_id));
            let op = code_fields(&inv.operation, &mut o);
            o.insert("operation".into(), json!(op.and_then(operation_name)));
            let arg = inv.argument.map(|t| {
                let (v, p) = isdn_args::argument(op, &t, base);
                if let Some(p) = p {
                    err.set("argument", &p);
                }
                v
            });
            o.insert("argument".into(), arg.unwrap_or(Value::Null));
        }
        Apdu::ReturnResult(rr) => {
            o.insert("kind".into(), json!("returnResult"));
            o.insert("invoke_id".into(), json!(rr.invoke_id));
            match &rr.result {
                Some((code, result)) => {
                    let op = code_fields(code, &mut o);
                    o.insert("operation".into(), json!(op.and_then(operation_name)));
                    let (v, p) = isdn_args::result(op, result, base);
                    if let Some(p) = p {
                        err.set("result", &p);
                    }
                    o.insert("result".into(), v);
                }
                None => {
                    o.insert("code".into(), Value::Null);
                    o.insert("oid".into(), Value::Null);
                    o.insert("operation".into(), Value::Null);
                    o.insert("result".into(), Value::Null);
                }
            }
        }
        Apdu::ReturnError(re) => {
            o.insert("kind".into(), json!("returnError"));
            o.insert("invoke_id".into(), json!(re.invoke_id));
            let (code, oid) = match re.error {
                Code::Local(v) => (Some(v), Value::Null),
                Code::Global(oid) => (
                    None,
                    json!(isdn_args::oid_string(oid).unwrap_or_else(|| hex(oid))),
                ),
            };
            o.insert("error_code".into(), json!(code));
            o.insert("oid".into(), oid);
            o.insert("error".into(), json!(code.and_then(error_name)));
            o.insert(
                "parameter".into(),
                re.parameter.map_or(Value::Null, |t| {
                    let mut v = isdn_args::ber(&t, base);
                    v["hex"] = json!(hex(t.raw));
                    v
                }),
            );
        }
        Apdu::Reject(rj) => {
            o.insert("kind".into(), json!("reject"));
            o.insert("invoke_id".into(), json!(rj.invoke_id));
            let (kind, name) = isdn_args::reject_problem(rj.problem_kind, rj.problem);
            o.insert("problem_type".into(), json!(kind));
            o.insert("problem".into(), json!(rj.problem));
            o.insert("problem_name".into(), json!(name));
        }
        Apdu::Unknown(t) => {
            o.insert("kind".into(), json!("unknown"));
            let mut v = isdn_args::ber(t, base);
            v["hex"] = json!(hex(t.raw));
            o.insert("component".into(), v);
        }
        _ => {
            o.insert("kind".into(), json!("unknown"));
        }
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_arguments() {
        assert_eq!(parse_hex("00017f").unwrap(), [0, 1, 0x7f]);
        assert_eq!(parse_hex("00 01:7F-02").unwrap(), [0, 1, 0x7f, 2]);
        assert!(parse_hex("0 0").is_err());
        assert!(parse_hex("001").is_err());
        assert!(parse_hex("zz").unwrap_err().contains("position 0"));
        assert!(parse_hex("").is_err());
    }
}
