//! `strowger sdp parse|answer`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::{json, Value};
use strowger_sdp::attr::TypedAttribute;
use strowger_sdp::codec::offered_formats;
use strowger_sdp::negotiate::{Config, MediaConfig, Session, T38Config};
use strowger_sdp::{
    parse_with, Attribute, Codec, Connection, MediaDescription, ParseOptions, SessionDescription,
};

#[derive(Subcommand)]
pub enum SdpCommand {
    /// Parse a session description and print it as JSON. On bad input print
    /// {"error":MESSAGE,"kind":KIND,"offset":N} and exit with status 1.
    Parse(ParseArgs),
    /// Answer an offer (RFC 3264) with the given codecs and print the answer SDP. When no
    /// stream can be accepted, print the reason (the SIP 488) on standard error and exit with
    /// status 2.
    Answer(AnswerArgs),
}

#[derive(Args)]
pub struct ParseArgs {
    /// Refuse anything RFC 8866 does not allow (bare LF, trailing whitespace, unknown lines…).
    #[arg(long)]
    strict: bool,
    /// The SDP file (`-` for standard input).
    file: PathBuf,
}

#[derive(Args)]
pub struct AnswerArgs {
    /// The offer SDP file (`-` for standard input).
    offer: PathBuf,
    /// Codecs we support, comma-separated: pcmu, pcma, g722, g729 (Annex B off), g729b,
    /// g723 (Annex A off), g723a, telephone-event, t38. The offerer's order decides among them
    /// unless --prefer-local is given.
    #[arg(long, value_delimiter = ',', required = true)]
    codecs: Vec<String>,
    /// Packetisation we ask for, in ms (rounded to whole codec frames).
    #[arg(long)]
    ptime: Option<u32>,
    /// Our media address.
    #[arg(long, default_value = "127.0.0.1")]
    address: String,
    /// Our RTP port.
    #[arg(long, default_value_t = 16384)]
    port: u16,
    /// Prefer our codec order to the offerer's.
    #[arg(long)]
    prefer_local: bool,
    /// List every common codec, not only the best one.
    #[arg(long)]
    all_common: bool,
}

pub fn run(cmd: SdpCommand) -> ExitCode {
    let result = match cmd {
        SdpCommand::Parse(a) => parse_cmd(&a),
        SdpCommand::Answer(a) => answer_cmd(&a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("strowger: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut v = Vec::new();
        std::io::stdin().read_to_end(&mut v)?;
        Ok(v)
    } else {
        std::fs::read(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

fn parse_cmd(a: &ParseArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let bytes = read_input(&a.file)?;
    let opts = if a.strict {
        ParseOptions::strict()
    } else {
        ParseOptions::lenient()
    };
    match parse_with(&bytes, &opts) {
        Ok(sdp) => {
            println!("{}", serde_json::to_string_pretty(&session_json(&sdp))?);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!(
                "{}",
                json!({"error": e.to_string(), "kind": e.kind.code(), "offset": e.offset})
            );
            Ok(ExitCode::from(1))
        }
    }
}

fn answer_cmd(a: &AnswerArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let bytes = read_input(&a.offer)?;
    let offer = match parse_with(&bytes, &ParseOptions::lenient()) {
        Ok(o) => o,
        Err(e) => {
            println!(
                "{}",
                json!({"error": e.to_string(), "kind": e.kind.code(), "offset": e.offset})
            );
            return Ok(ExitCode::from(1));
        }
    };
    let mut codecs = Vec::new();
    let mut t38 = None;
    for name in &a.codecs {
        let name = name.trim();
        if name.eq_ignore_ascii_case("t38") {
            t38 = Some(T38Config {
                port: a.port.wrapping_add(2),
                ..T38Config::default()
            });
            continue;
        }
        codecs.push(Codec::by_name(name).ok_or_else(|| format!("unknown codec {name:?}"))?);
    }
    let dtx = a
        .codecs
        .iter()
        .any(|c| c.eq_ignore_ascii_case("g729b") || c.eq_ignore_ascii_case("g723a"));
    let config = Config {
        address: a.address.clone(),
        audio: (!codecs.is_empty()).then(|| MediaConfig::new(a.port, codecs)),
        t38,
        ptime: a.ptime,
        dtx,
        prefer_local_order: a.prefer_local,
        answer_all_common: a.all_common,
        ..Config::default()
    };
    let mut session = Session::new(config);
    match session.answer(&offer) {
        Ok(answer) => {
            print!("{answer}");
            Ok(ExitCode::SUCCESS)
        }
        Err(no) => {
            eprintln!(
                "strowger: 488 Not Acceptable Here: {}",
                no.primary()
                    .map_or("no media".to_string(), |r| r.to_string())
            );
            Ok(ExitCode::from(2))
        }
    }
}

fn conn_json(c: &Connection<'_>) -> Value {
    json!({"net_type": c.net_type, "addr_type": c.addr_type, "address": c.address})
}

fn attr_json(a: &Attribute<'_>) -> Value {
    let mut v = json!({"name": a.name, "value": a.value});
    let typed = match a.typed() {
        Ok(TypedAttribute::Ptime(p)) => json!({"ptime": p}),
        Ok(TypedAttribute::MaxPtime(p)) => json!({"maxptime": p}),
        Ok(TypedAttribute::Direction(d)) => json!({"direction": d.name()}),
        Ok(TypedAttribute::Rtpmap(r)) => {
            json!({"payload_type": r.payload_type, "encoding": r.encoding, "clock_rate": r.clock_rate, "channels": r.channels})
        }
        Ok(TypedAttribute::Fmtp(f)) => json!({"format": f.format, "params": f.params}),
        Ok(TypedAttribute::Rtcp(r)) => json!({"rtcp_port": r.port}),
        Ok(TypedAttribute::SilenceSupp(s)) => json!({"silence_suppression": s.enabled}),
        Ok(TypedAttribute::Crypto(c)) => json!({"tag": c.tag, "suite": c.suite}),
        Ok(TypedAttribute::Other) => Value::Null,
        Ok(other) => json!(format!("{other:?}")),
        Err(e) => json!({"malformed": e.to_string()}),
    };
    if !typed.is_null() {
        v["typed"] = typed;
    }
    v
}

fn media_json(sdp: &SessionDescription<'_>, i: usize, m: &MediaDescription<'_>) -> Value {
    let codecs: Vec<Value> = offered_formats(m)
        .iter()
        .map(|f| {
            json!({"payload_type": f.payload_type, "encoding": f.encoding, "clock_rate": f.clock_rate,
                   "channels": f.channels, "fmtp": f.fmtp})
        })
        .collect();
    json!({
        "media": m.media,
        "port": m.port,
        "num_ports": m.num_ports,
        "proto": m.proto,
        "formats": m.formats,
        "information": m.information,
        "connections": m.connections.iter().map(conn_json).collect::<Vec<_>>(),
        "bandwidths": m.bandwidths.iter().map(|b| json!({"type": b.bw_type, "value": b.bandwidth})).collect::<Vec<_>>(),
        "attributes": m.attributes.iter().map(attr_json).collect::<Vec<_>>(),
        "unknown_lines": m.unknown_lines,
        "codecs": codecs,
        "direction": sdp.media_direction(i).name(),
    })
}

fn session_json(sdp: &SessionDescription<'_>) -> Value {
    let o = &sdp.origin;
    json!({
        "version": sdp.version,
        "origin": {"username": o.username, "session_id": o.session_id, "session_version": o.session_version,
                   "net_type": o.net_type, "addr_type": o.addr_type, "address": o.address},
        "session_name": sdp.session_name,
        "information": sdp.information,
        "uri": sdp.uri,
        "emails": sdp.emails,
        "phones": sdp.phones,
        "connection": sdp.connection.as_ref().map(conn_json),
        "bandwidths": sdp.bandwidths.iter().map(|b| json!({"type": b.bw_type, "value": b.bandwidth})).collect::<Vec<_>>(),
        "times": sdp.times.iter().map(|t| json!({"start": t.start, "stop": t.stop, "repeats": t.repeats})).collect::<Vec<_>>(),
        "time_zones": sdp.time_zones,
        "key": sdp.key,
        "attributes": sdp.attributes.iter().map(attr_json).collect::<Vec<_>>(),
        "unknown_lines": sdp.unknown_lines,
        "line_ending": match sdp.line_ending { strowger_sdp::LineEnding::CrLf => "crlf", strowger_sdp::LineEnding::Lf => "lf" },
        "media": sdp.media.iter().enumerate().map(|(i, m)| media_json(sdp, i, m)).collect::<Vec<_>>(),
    })
}
