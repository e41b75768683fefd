//! `strowger`: the Strowger command-line tool.
//!
//! Output formats and flags of every subcommand are a stable contract; see `strowger --help`.

mod codec;
mod dtmf;
mod isdn;
mod isdn_args;
mod rtp;
mod sdp;
mod sip;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "strowger",
    version,
    about = "Telephony protocol and codec tool of the Strowger crates",
    long_about = "Telephony protocol and codec tool of the Strowger crates.\n\n\
        PCM files are 8 kHz mono signed 16-bit: raw little-endian samples, or WAV when the \
        file name ends in .wav (WAV input must already be 8 kHz mono 16-bit).\n\n\
        Errors go to standard error with exit status 1.\n\n\
        Set STROWGER_FORCE_SCALAR=1 to run the portable scalar kernels instead of SIMD ones."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Encode or decode speech with a codec.
    #[command(subcommand)]
    Codec(codec::CodecCommand),
    /// Generate or detect DTMF digits.
    #[command(subcommand)]
    Dtmf(dtmf::DtmfCommand),
    /// Detect fax (CNG, CED, ANSam) and call-progress tones.
    #[command(subcommand)]
    Tones(dtmf::TonesCommand),
    /// Work with PCM files.
    #[command(subcommand)]
    Pcm(PcmCommand),
    /// Parse session descriptions and answer SDP offers (RFC 8866, RFC 3264).
    #[command(subcommand)]
    Sdp(sdp::SdpCommand),
    /// Analyse RTP/RTCP in packet captures.
    #[command(subcommand)]
    Rtp(rtp::RtpCommand),
    /// Parse SIP messages (RFC 3261): a JSON dump of the start line and typed headers.
    #[command(subcommand)]
    Sip(sip::SipCommand),
    /// Decode ISDN D-channel traffic: LAPD frames (Q.921), Q.931 messages and their QSIG
    /// ROSE components, one JSON object per frame.
    #[command(subcommand)]
    Isdn(isdn::IsdnCommand),
}

#[derive(Subcommand)]
enum PcmCommand {
    /// Print the signal-to-noise ratio of TEST against REFERENCE as one JSON object:
    /// {"samples":N,"snr_db":X} (X is null when the files are identical).
    Snr {
        /// The reference PCM (raw s16le or .wav).
        reference: PathBuf,
        /// The PCM to measure (raw s16le or .wav).
        test: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codec(c) => codec::run(c),
        Command::Dtmf(c) => dtmf::run_dtmf(c),
        Command::Tones(c) => dtmf::run_tones(c),
        Command::Pcm(PcmCommand::Snr { reference, test }) => pcm_snr(&reference, &test),
        Command::Sdp(c) => return sdp::run(c),
        Command::Rtp(c) => rtp::run(c),
        Command::Sip(c) => return sip::run(c),
        Command::Isdn(c) => isdn::run(c),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("strowger: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn pcm_snr(
    reference: &std::path::Path,
    test: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    use strowger_examples::audio::{read_pcm, snr_db};
    let r = read_pcm(reference)?;
    let t = read_pcm(test)?;
    let n = r.len().min(t.len());
    let snr = snr_db(&r[..n], &t[..n]);
    if snr.is_finite() {
        println!("{{\"samples\":{n},\"snr_db\":{snr:.3}}}");
    } else {
        println!("{{\"samples\":{n},\"snr_db\":null}}");
    }
    Ok(())
}
