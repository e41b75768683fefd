//! `strowger codec encode|decode`.

use std::error::Error;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use strowger_codecs::g711::{self, Law};
use strowger_examples::audio::{read_bytes, read_pcm, write_bytes, write_pcm};

#[derive(Subcommand)]
pub enum CodecCommand {
    /// Encode PCM (IN) into a codec bitstream (OUT).
    Encode(CodecArgs),
    /// Decode a codec bitstream (IN) into PCM (OUT).
    Decode(CodecArgs),
}

#[derive(Args)]
pub struct CodecArgs {
    /// The codec.
    #[arg(long, value_enum)]
    codec: CodecName,
    /// Bitstream layout: `rtp` is the RTP payload (G.711: one byte per sample); `itu` is the
    /// ITU-T test-vector layout (G.711: the G.191 layout, one code per 16-bit little-endian
    /// word). Default: rtp.
    #[arg(long, value_enum, default_value_t = Format::Rtp)]
    format: Format,
    /// Input file: PCM for encode, bitstream for decode.
    input: PathBuf,
    /// Output file: bitstream for encode, PCM for decode.
    output: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum CodecName {
    /// G.711 µ-law (RTP PCMU, payload type 0).
    Pcmu,
    /// G.711 A-law (RTP PCMA, payload type 8).
    Pcma,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// RTP payload layout.
    Rtp,
    /// ITU-T test-vector layout.
    Itu,
}

pub fn run(cmd: CodecCommand) -> Result<(), Box<dyn Error>> {
    match cmd {
        CodecCommand::Encode(a) => encode(&a),
        CodecCommand::Decode(a) => decode(&a),
    }
}

fn law(codec: CodecName) -> Law {
    match codec {
        CodecName::Pcmu => Law::Mu,
        CodecName::Pcma => Law::A,
    }
}

fn encode(a: &CodecArgs) -> Result<(), Box<dyn Error>> {
    let pcm = read_pcm(&a.input)?;
    let mut codes = vec![0u8; pcm.len()];
    g711::encode(law(a.codec), &pcm, &mut codes)?;
    let bytes = match a.format {
        Format::Rtp => codes,
        Format::Itu => codes
            .iter()
            .flat_map(|&c| u16::from(c).to_le_bytes())
            .collect(),
    };
    write_bytes(&a.output, &bytes)?;
    Ok(())
}

fn decode(a: &CodecArgs) -> Result<(), Box<dyn Error>> {
    let bytes = read_bytes(&a.input)?;
    let codes = match a.format {
        Format::Rtp => bytes,
        Format::Itu => itu_words_to_codes(&a.input, &bytes)?,
    };
    let mut pcm = vec![0i16; codes.len()];
    g711::decode(law(a.codec), &codes, &mut pcm)?;
    write_pcm(&a.output, &pcm)?;
    Ok(())
}

/// G.191 layout: one code per 16-bit little-endian word, high byte zero.
fn itu_words_to_codes(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, Box<dyn Error>> {
    if !bytes.len().is_multiple_of(2) {
        return Err(format!(
            "{}: {} bytes is not a whole number of 16-bit words",
            path.display(),
            bytes.len()
        )
        .into());
    }
    bytes
        .chunks_exact(2)
        .enumerate()
        .map(|(i, w)| {
            if w[1] == 0 {
                Ok(w[0])
            } else {
                Err(format!(
                    "{}: byte offset {}: word {:#06x} is not a G.711 code (high byte must be 0)",
                    path.display(),
                    2 * i,
                    u16::from_le_bytes([w[0], w[1]])
                )
                .into())
            }
        })
        .collect()
}
