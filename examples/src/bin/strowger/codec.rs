//! `strowger codec encode|decode`.

use std::error::Error;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use strowger_codecs::g711::{self, Law};
use strowger_codecs::g729::{self, serial, Frame, G729Decoder, G729Encoder};
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
    ///
    /// G.729A: `itu` is the ITU-T serial bitstream (sync word, bit count, one 16-bit word per
    /// bit; erased frames are concealed). `rtp` is RFC 3551 payloads: without `--vad`, 10-byte
    /// speech frames back to back; with `--vad`, one record per 10 ms frame, a length byte
    /// (10 speech, 2 SID, 0 untransmitted) followed by that many payload bytes.
    #[arg(long, value_enum, default_value_t = Format::Rtp)]
    format: Format,
    /// G.729A only: Annex B voice activity detection and DTX on encode (SID and untransmitted
    /// frames); with `--format rtp`, the length-prefixed layout on encode and decode.
    #[arg(long)]
    vad: bool,
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
    /// G.729 Annex A, with Annex B under `--vad` (RTP G729, payload type 18).
    G729a,
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
        CodecName::G729a => unreachable!("G.729A has its own path"),
    }
}

fn encode(a: &CodecArgs) -> Result<(), Box<dyn Error>> {
    if let CodecName::G729a = a.codec {
        return g729_encode(a);
    }
    if a.vad {
        return Err("--vad applies to --codec g729a only".into());
    }
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
    if let CodecName::G729a = a.codec {
        return g729_decode(a);
    }
    if a.vad {
        return Err("--vad applies to --codec g729a only".into());
    }
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

/// G.729A encode; a trailing partial frame is dropped, as the ITU reference encoder does.
fn g729_encode(a: &CodecArgs) -> Result<(), Box<dyn Error>> {
    let pcm = read_pcm(&a.input)?;
    let mut enc = if a.vad {
        G729Encoder::with_vad()
    } else {
        G729Encoder::new()
    };
    let frames = pcm.len() / g729::FRAME_SAMPLES;
    let mut out = Vec::with_capacity(frames * serial::frame_bytes(&Frame::Speech([0; 11])));
    let mut payload = [0u8; g729::SPEECH_FRAME_BYTES];
    for chunk in pcm.chunks_exact(g729::FRAME_SAMPLES) {
        let frame = enc.encode_frame(chunk.try_into().expect("one frame"));
        match a.format {
            Format::Itu => serial::write_frame(&frame, &mut out),
            Format::Rtp => {
                let n = frame.emit(&mut payload)?;
                if a.vad {
                    out.push(n as u8);
                }
                out.extend_from_slice(&payload[..n]);
            }
        }
    }
    write_bytes(&a.output, &out)?;
    Ok(())
}

/// G.729A decode of a serial bitstream or of RTP payloads.
fn g729_decode(a: &CodecArgs) -> Result<(), Box<dyn Error>> {
    let bytes = read_bytes(&a.input)?;
    let mut dec = G729Decoder::new();
    let mut pcm = Vec::new();
    let mut out = [0i16; g729::FRAME_SAMPLES];
    match a.format {
        Format::Itu => {
            let mut pos = 0;
            while let Some((f, used)) = serial::read_frame(&bytes[pos..]) {
                if f.erased {
                    dec.conceal_frame(&mut out);
                } else {
                    dec.decode_frame(&f.frame, &mut out);
                }
                pcm.extend_from_slice(&out);
                pos += used;
            }
            if pos != bytes.len() {
                return Err(format!(
                    "{}: byte offset {pos}: truncated serial frame",
                    a.input.display()
                )
                .into());
            }
        }
        Format::Rtp if a.vad => {
            let mut pos = 0;
            while pos < bytes.len() {
                let n = usize::from(bytes[pos]);
                let body = bytes.get(pos + 1..pos + 1 + n).ok_or_else(|| {
                    format!("{}: byte offset {pos}: truncated record", a.input.display())
                })?;
                let frame = match n {
                    0 => Frame::NoData,
                    g729::SPEECH_FRAME_BYTES | g729::SID_FRAME_BYTES => {
                        Frame::parse_payload(body).expect("length checked").0
                    }
                    _ => {
                        return Err(format!(
                            "{}: byte offset {pos}: record length {n} is not 0, 2 or 10",
                            a.input.display()
                        )
                        .into())
                    }
                };
                dec.decode_frame(&frame, &mut out);
                pcm.extend_from_slice(&out);
                pos += 1 + n;
            }
        }
        Format::Rtp => {
            if !bytes.len().is_multiple_of(g729::SPEECH_FRAME_BYTES) {
                return Err(format!(
                    "{}: {} bytes is not a whole number of 10-byte G.729 frames",
                    a.input.display(),
                    bytes.len()
                )
                .into());
            }
            for chunk in bytes.chunks_exact(g729::SPEECH_FRAME_BYTES) {
                let (frame, _) = Frame::parse_payload(chunk).expect("10 bytes");
                dec.decode_frame(&frame, &mut out);
                pcm.extend_from_slice(&out);
            }
        }
    }
    write_pcm(&a.output, &pcm)?;
    Ok(())
}
