//! `strowger dtmf detect|generate` and `strowger tones detect`.

use std::error::Error;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use strowger_dtmf::generator::{generate_digits, DtmfParams};
use strowger_dtmf::tones::{ToneConfig, ToneDetector, ToneEvent};
use strowger_dtmf::{DtmfDetector, DtmfEvent, DtmfProfile};
use strowger_examples::audio::{read_pcm, write_pcm};

/// Samples per push: one 20 ms packet, as a gateway would feed the detectors.
const PACKET: usize = 160;

#[derive(Subcommand)]
pub enum DtmfCommand {
    /// Print the DTMF digits of IN, one JSON object per line:
    /// {"digit":"5","start_ms":120.0,"end_ms":170.0}.
    Detect(DetectArgs),
    /// Write DIGITS (0-9, *, #, A-D) as DTMF into OUT.
    Generate(GenerateArgs),
}

#[derive(Args)]
pub struct DetectArgs {
    /// Q.24 column whose limits the detector applies.
    #[arg(long, value_enum, default_value_t = Profile::Att)]
    profile: Profile,
    /// Input PCM (raw s16le 8 kHz, or .wav).
    input: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Profile {
    /// Q.24 AT&T column.
    Att,
    /// Q.24 NTT column.
    Ntt,
}

#[derive(Args)]
pub struct GenerateArgs {
    /// The digits to play.
    digits: String,
    /// Output PCM (raw s16le 8 kHz, or .wav).
    output: PathBuf,
    /// Level of the low-group tone in dBm0 (a full-scale sine is +3.14 dBm0).
    #[arg(long, default_value_t = -10.0, allow_hyphen_values = true)]
    level_dbm0: f32,
    /// High-group level minus low-group level in dB.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    twist_db: f32,
    /// Tone duration of each digit in ms.
    #[arg(long, default_value_t = 50.0)]
    on_ms: f32,
    /// Silence after each digit in ms.
    #[arg(long, default_value_t = 50.0)]
    off_ms: f32,
}

#[derive(Subcommand)]
pub enum TonesCommand {
    /// Print the fax and call-progress tones of IN, one JSON object per line:
    /// {"tone":"cng|ced|ansam|dial|ringback|busy|reorder","start_ms":..,"end_ms":..}.
    Detect(TonesArgs),
}

#[derive(Args)]
pub struct TonesArgs {
    /// On-periods in cadence (1-4) before ringback, busy or reorder is printed; 1 classifies
    /// each on-period by its duration alone.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=4))]
    progress_cycles: u8,
    /// CNG bursts in cadence (0.5 s on, 3 s off) before CNG is printed (1-4).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
    cng_bursts: u8,
    /// Input PCM (raw s16le 8 kHz, or .wav).
    input: PathBuf,
}

pub fn run_dtmf(cmd: DtmfCommand) -> Result<(), Box<dyn Error>> {
    match cmd {
        DtmfCommand::Detect(a) => detect(&a),
        DtmfCommand::Generate(a) => generate(&a),
    }
}

pub fn run_tones(cmd: TonesCommand) -> Result<(), Box<dyn Error>> {
    match cmd {
        TonesCommand::Detect(a) => tones(&a),
    }
}

fn ms(samples: u64) -> f64 {
    samples as f64 / 8.0
}

fn detect(a: &DetectArgs) -> Result<(), Box<dyn Error>> {
    let pcm = read_pcm(&a.input)?;
    let profile = match a.profile {
        Profile::Att => DtmfProfile::ATT,
        Profile::Ntt => DtmfProfile::NTT,
    };
    let mut det = DtmfDetector::new(profile);
    let mut lines = Vec::new();
    let mut on_event = |ev| {
        if let DtmfEvent::Ended { digit, start, end } = ev {
            lines.push(line("digit", &digit.to_char().to_string(), start, end));
        }
    };
    for chunk in pcm.chunks(PACKET) {
        det.push(chunk, &mut on_event);
    }
    det.finish(&mut on_event);
    print_lines(&lines)
}

fn generate(a: &GenerateArgs) -> Result<(), Box<dyn Error>> {
    if !(a.on_ms >= 0.0 && a.off_ms >= 0.0) {
        return Err("--on-ms and --off-ms must not be negative".into());
    }
    let params = DtmfParams {
        level_dbm0: a.level_dbm0,
        twist_db: a.twist_db,
        on_ms: a.on_ms,
        off_ms: a.off_ms,
    };
    let pcm = generate_digits(&a.digits, params)?;
    write_pcm(&a.output, &pcm)?;
    Ok(())
}

fn tones(a: &TonesArgs) -> Result<(), Box<dyn Error>> {
    let pcm = read_pcm(&a.input)?;
    let mut config = ToneConfig::default();
    config.progress_cycles = a.progress_cycles;
    config.cng_bursts = a.cng_bursts;
    let mut det = ToneDetector::new(config);
    let mut lines = Vec::new();
    let mut on_event = |ev| {
        if let ToneEvent::Ended { kind, start, end } = ev {
            lines.push(line("tone", kind.name(), start, end));
        }
    };
    for chunk in pcm.chunks(PACKET) {
        det.push(chunk, &mut on_event);
    }
    det.finish(&mut on_event);
    print_lines(&lines)
}

/// `{"<key>":"<name>","start_ms":S,"end_ms":E}`, keys in this order.
fn line(key: &str, name: &str, start: u64, end: u64) -> String {
    let num = |v: f64| {
        serde_json::Number::from_f64(v).map_or_else(|| "null".to_string(), |n| n.to_string())
    };
    format!(
        "{{{}:{},\"start_ms\":{},\"end_ms\":{}}}",
        serde_json::Value::from(key),
        serde_json::Value::from(name),
        num(ms(start)),
        num(ms(end))
    )
}

fn print_lines(lines: &[String]) -> Result<(), Box<dyn Error>> {
    let mut out = std::io::stdout().lock();
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(())
}
