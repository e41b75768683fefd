//! `strowger sip parse`: a JSON dump of a SIP message, or its typed error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::{json, Map, Value};
use strowger_sip_core::header::{Contact, HeaderName, NameAddr, ParseValue, Via};
use strowger_sip_core::{
    parse, HeaderField, HeaderSlot, Message, Params, ParseError, ParseOptions, Status, Uri,
};

#[derive(Subcommand)]
pub enum SipCommand {
    /// Parse FILE as one SIP message and print JSON: the start line, every header with its
    /// raw value and, where this tool types it, its fields, and the body length. Exit 0.
    /// A malformed message prints {"error":..,"kind":..,"offset":N,"status":S} (S is the
    /// SIP response code it deserves) and exits 1.
    Parse(ParseArgs),
}

#[derive(Args)]
pub struct ParseArgs {
    /// The message file (as received: one UDP datagram, or the start of a TCP stream).
    file: PathBuf,
    /// Frame as a stream (Content-Length mandatory, extra bytes belong to the next message).
    #[arg(long)]
    stream: bool,
    /// Accept a Content-Length larger than the bytes present (captured traces).
    #[arg(long)]
    tolerant: bool,
    /// Print only the framing and raw headers; skip the RFC 3261 §8.2 validation.
    #[arg(long)]
    no_validate: bool,
}

pub fn run(cmd: SipCommand) -> ExitCode {
    match cmd {
        SipCommand::Parse(a) => parse_file(&a),
    }
}

fn fail(e: &ParseError) -> ExitCode {
    let v = json!({
        "error": e.kind.to_string(),
        "kind": format!("{:?}", e.kind),
        "offset": e.offset,
        "status": e.status_code(),
    });
    println!("{v}");
    ExitCode::FAILURE
}

fn parse_file(a: &ParseArgs) -> ExitCode {
    let bytes = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("strowger: error: {}: {e}", a.file.display());
            return ExitCode::FAILURE;
        }
    };
    let mut opts = if a.stream {
        ParseOptions::stream()
    } else {
        ParseOptions::datagram()
    };
    opts.accept_truncated_body = a.tolerant;
    let mut slots = vec![HeaderSlot::EMPTY; opts.limits.max_headers];
    let m = match parse(&bytes, &mut slots, &opts) {
        Ok(Status::Complete(m)) => m,
        Ok(Status::Partial) => {
            println!(
                "{}",
                json!({"error": "incomplete message", "kind": "Partial", "offset": bytes.len(), "status": null})
            );
            return ExitCode::FAILURE;
        }
        Err(e) => return fail(&e),
    };
    if !a.no_validate {
        if let Err(e) = m.validate() {
            return fail(&e);
        }
    }
    println!("{}", dump(&m));
    ExitCode::SUCCESS
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn dump(m: &Message<'_, '_>) -> Value {
    let start = match m.method() {
        Some(method) => json!({
            "type": "request",
            "method": method.as_str(),
            "extension_method": method.is_extension(),
            "uri": m.request_uri_str(),
            "uri_fields": m.request_uri().map(|u| uri(&u)),
        }),
        None => json!({
            "type": "response",
            "status": m.status_code(),
            "reason": text(m.reason().unwrap_or_default()),
        }),
    };
    let headers: Vec<Value> = m.headers().map(header).collect();
    json!({
        "start_line": start,
        "headers": headers,
        "content_length": m.content_length(),
        "body_length": m.body().len(),
        "body_truncated": m.body_truncated(),
        "consumed": m.len(),
    })
}

fn params(p: &Params<'_>) -> Value {
    let mut o = Map::new();
    for (n, v) in p.iter() {
        o.insert(
            n.to_owned(),
            v.map_or(Value::Null, |v| Value::String(text(v))),
        );
    }
    Value::Object(o)
}

fn uri(u: &Uri<'_>) -> Value {
    match u {
        Uri::Sip(s) => json!({
            "scheme": u.scheme(),
            "user": s.user,
            "user_unescaped": s.user_unescaped().map(|x| text(&x)),
            "host": s.host.to_string(),
            "port": s.port,
            "params": params(&s.params),
            "headers": s.headers,
        }),
        Uri::Tel(t) => json!({
            "scheme": "tel",
            "number": t.number,
            "global": t.is_global(),
            "params": params(&t.params),
        }),
        Uri::Other { scheme, opaque } => json!({"scheme": scheme, "opaque": opaque}),
    }
}

fn name_addr(a: &NameAddr<'_>) -> Value {
    json!({
        "display_name": a.display_name(),
        "uri": a.uri.to_string(),
        "uri_fields": uri(&a.uri),
        "tag": a.tag(),
        "params": params(&a.params),
    })
}

fn via(v: &Via<'_>) -> Value {
    json!({
        "protocol": format!("{}/{}", v.protocol, v.version),
        "transport": v.transport,
        "host": v.host.to_string(),
        "port": v.port,
        "branch": v.branch(),
        "received": v.received().map(|r| r.to_string()),
        "rport": v.rport().map(|p| p.map_or(Value::Bool(true), |p| json!(p))),
        "maddr": v.maddr(),
        "ttl": v.ttl(),
        "params": params(&v.params),
    })
}

/// The typed fields of one value, or `{"error":..}` when it does not parse.
fn typed_one(f: &HeaderField<'_>, v: &[u8], off: usize) -> Option<Value> {
    use strowger_sip_core::header as h;
    let what = f.id.as_str();
    let r: Result<Value, ParseError> = match f.id {
        HeaderName::Via => Via::parse_value(v, off, what).map(|x| via(&x)),
        HeaderName::From
        | HeaderName::To
        | HeaderName::Route
        | HeaderName::RecordRoute
        | HeaderName::PAssertedIdentity
        | HeaderName::PPreferredIdentity
        | HeaderName::ReferTo
        | HeaderName::ReferredBy
        | HeaderName::ReplyTo => NameAddr::parse_value(v, off, what).map(|x| name_addr(&x)),
        HeaderName::Contact => Contact::parse_value(v, off, what).map(|c| match c {
            Contact::Star => json!("*"),
            Contact::Addr(a) => {
                let mut o = name_addr(&a);
                o["expires"] = json!(c.expires());
                o["q"] = json!(c.q().map(|q| f64::from(q) / 1000.0));
                o["instance"] = json!(c.instance());
                o
            }
        }),
        HeaderName::Diversion => h::Diversion::parse_value(v, off, what).map(|d| {
            let mut o = name_addr(d.addr());
            o["reason"] = json!(d.reason().map(|r| r.as_str()));
            o["counter"] = json!(d.counter());
            o["limit"] = json!(d.limit());
            o["privacy"] = json!(d.privacy());
            o["screen"] = json!(d.screen());
            o
        }),
        HeaderName::HistoryInfo => h::HistoryInfo::parse_value(v, off, what).map(|d| {
            let mut o = name_addr(d.addr());
            o["index"] = json!(d.index());
            o["cause"] = json!(d.cause());
            o["reason"] = json!(d.reason());
            o["target"] = json!(d.target().map(|t| format!("{t:?}")));
            o
        }),
        HeaderName::RemotePartyId => h::RemotePartyId::parse_value(v, off, what).map(|d| {
            let mut o = name_addr(&d.0);
            o["party"] = json!(d.party());
            o["screen"] = json!(d.screen());
            o["privacy"] = json!(d.privacy());
            o
        }),
        HeaderName::CSeq => h::CSeq::parse_value(v, off, what)
            .map(|c| json!({"seq": c.seq, "method": c.method.as_str()})),
        HeaderName::CallId => h::CallId::parse_value(v, off, what).map(|c| json!(c.0)),
        HeaderName::MaxForwards => u8::parse_value(v, off, what).map(|n| json!(n)),
        HeaderName::Expires
        | HeaderName::ContentLength
        | HeaderName::MinExpires
        | HeaderName::RSeq => u32::parse_value(v, off, what).map(|n| json!(n)),
        HeaderName::ContentType | HeaderName::Accept => h::MediaType::parse_value(v, off, what)
            .map(|t| json!({"type": t.ty, "subtype": t.subtype, "params": params(&t.params)})),
        HeaderName::Allow
        | HeaderName::Supported
        | HeaderName::Require
        | HeaderName::ProxyRequire
        | HeaderName::Unsupported
        | HeaderName::AllowEvents
        | HeaderName::ContentEncoding => h::Token::parse_value(v, off, what).map(|t| json!(t.0)),
        HeaderName::SessionExpires | HeaderName::MinSe => {
            h::SessionExpires::parse_value(v, off, what)
                .map(|s| json!({"delta": s.delta, "refresher": s.refresher}))
        }
        HeaderName::Reason => h::Reason::parse_value(v, off, what)
            .map(|r| json!({"protocol": r.protocol, "cause": r.cause, "text": r.text})),
        HeaderName::Privacy => h::Privacy::parse_value(v, off, what)
            .map(|p| json!(p.values().collect::<Vec<_>>())),
        HeaderName::Event
        | HeaderName::SubscriptionState
        | HeaderName::ContentDisposition => h::TokenParams::parse_value(v, off, what)
            .map(|t| json!({"value": t.value, "params": params(&t.params)})),
        HeaderName::RAck => h::RAck::parse_value(v, off, what).map(|r| {
            json!({"rseq": r.rseq, "cseq": r.cseq, "method": r.method.as_str()})
        }),
        HeaderName::Replaces => h::Replaces::parse_value(v, off, what).map(|r| {
            json!({"call_id": r.call_id, "to_tag": r.to_tag(), "from_tag": r.from_tag(), "early_only": r.early_only()})
        }),
        HeaderName::RetryAfter => h::RetryAfter::parse_value(v, off, what)
            .map(|r| json!({"seconds": r.seconds, "duration": r.duration()})),
        HeaderName::Warning => h::Warning::parse_value(v, off, what).map(|w| {
            json!({"code": w.code, "agent": w.agent, "text": text(&w.text())})
        }),
        HeaderName::UserAgent | HeaderName::Server => {
            h::Product::parse_value(v, off, what).map(|p| json!(p.0))
        }
        HeaderName::WwwAuthenticate
        | HeaderName::ProxyAuthenticate
        | HeaderName::Authorization
        | HeaderName::ProxyAuthorization => {
            strowger_sip_core::auth::Challenge::parse_value(v, off, what).map(|c| {
                let mut o = Map::new();
                for (n, v) in c.params.iter() {
                    o.insert(n.to_owned(), json!(text(&strowger_sip_core::unquote(v))));
                }
                json!({"scheme": c.scheme, "params": o})
            })
        }
        _ => return None,
    };
    Some(r.unwrap_or_else(|e| json!({"error": e.kind.to_string(), "offset": e.offset})))
}

fn header(f: HeaderField<'_>) -> Value {
    let mut o = json!({
        "name": f.name,
        "canonical": (f.id != HeaderName::Other).then(|| f.id.as_str()),
        "raw": text(f.value),
        "offset": f.offset,
    });
    let values: Vec<Value> = if f.id.is_list() {
        f.elements()
            .filter_map(|(v, off)| typed_one(&f, v, off))
            .collect()
    } else {
        typed_one(&f, f.value, f.offset).into_iter().collect()
    };
    if !values.is_empty() {
        o["typed"] = if f.id.is_list() {
            Value::Array(values)
        } else {
            values.into_iter().next().unwrap_or(Value::Null)
        };
    }
    o
}
