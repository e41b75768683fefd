//! Reading and writing 8 kHz mono 16-bit PCM as raw little-endian samples or WAV.
//!
//! A path whose name ends in `.wav` (any case) is WAV; anything else is raw s16le. WAV input
//! must already be 8 kHz, mono, 16-bit integer: nothing is resampled or mixed down silently.

use std::fmt;
use std::path::{Path, PathBuf};

/// Sample rate of every narrow-band telephony signal this tool handles.
pub const SAMPLE_RATE: u32 = 8000;

/// Why a PCM file could not be read or written.
#[derive(Debug)]
pub enum AudioError {
    /// The file could not be opened, read or written.
    Io(PathBuf, std::io::Error),
    /// The WAV container is malformed or unsupported by the WAV reader.
    Wav(PathBuf, hound::Error),
    /// The WAV file is not 8 kHz mono 16-bit integer PCM.
    Format(PathBuf, String),
    /// A raw file holds an odd number of bytes.
    OddLength(PathBuf, usize),
}

impl fmt::Display for AudioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AudioError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            AudioError::Wav(p, e) => write!(f, "{}: not a readable WAV file: {e}", p.display()),
            AudioError::Format(p, what) => write!(
                f,
                "{}: {what}; 8 kHz mono 16-bit PCM is required (e.g. `ffmpeg -i IN -ar 8000 -ac 1 -c:a pcm_s16le OUT.wav`)",
                p.display()
            ),
            AudioError::OddLength(p, n) => write!(
                f,
                "{}: {n} bytes is not a whole number of 16-bit samples",
                p.display()
            ),
        }
    }
}

impl std::error::Error for AudioError {}

/// Whether `path` names a WAV file (by its extension).
pub fn is_wav(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wav"))
}

/// Reads PCM from a WAV file or a raw s16le file.
pub fn read_pcm(path: &Path) -> Result<Vec<i16>, AudioError> {
    if is_wav(path) {
        let reader =
            hound::WavReader::open(path).map_err(|e| AudioError::Wav(path.to_owned(), e))?;
        let spec = reader.spec();
        if spec.channels != 1
            || spec.sample_rate != SAMPLE_RATE
            || spec.bits_per_sample != 16
            || spec.sample_format != hound::SampleFormat::Int
        {
            return Err(AudioError::Format(
                path.to_owned(),
                format!(
                    "WAV is {} Hz, {} channel(s), {}-bit {:?}",
                    spec.sample_rate, spec.channels, spec.bits_per_sample, spec.sample_format
                ),
            ));
        }
        reader
            .into_samples::<i16>()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| AudioError::Wav(path.to_owned(), e))
    } else {
        let bytes = read_bytes(path)?;
        if !bytes.len().is_multiple_of(2) {
            return Err(AudioError::OddLength(path.to_owned(), bytes.len()));
        }
        Ok(bytes
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect())
    }
}

/// Writes PCM as WAV (8 kHz mono 16-bit) or as raw s16le, by the file name.
pub fn write_pcm(path: &Path, samples: &[i16]) -> Result<(), AudioError> {
    if is_wav(path) {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: SAMPLE_RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let wav_err = |e| AudioError::Wav(path.to_owned(), e);
        let mut w = hound::WavWriter::create(path, spec).map_err(wav_err)?;
        let mut w16 = w.get_i16_writer(samples.len() as u32);
        for &s in samples {
            w16.write_sample(s);
        }
        w16.flush().map_err(wav_err)?;
        w.finalize().map_err(wav_err)
    } else {
        let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        write_bytes(path, &bytes)
    }
}

/// Reads a whole file.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, AudioError> {
    std::fs::read(path).map_err(|e| AudioError::Io(path.to_owned(), e))
}

/// Writes a whole file.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), AudioError> {
    std::fs::write(path, bytes).map_err(|e| AudioError::Io(path.to_owned(), e))
}

/// Signal-to-noise ratio of `test` against `reference` in dB over their common length
/// (`f64::INFINITY` when identical).
///
/// ```
/// let r = [1000i16, -1000, 500];
/// assert_eq!(strowger_examples::audio::snr_db(&r, &r), f64::INFINITY);
/// ```
pub fn snr_db(reference: &[i16], test: &[i16]) -> f64 {
    let (mut signal, mut noise) = (0f64, 0f64);
    for (&r, &t) in reference.iter().zip(test) {
        signal += f64::from(r) * f64::from(r);
        let d = f64::from(r) - f64::from(t);
        noise += d * d;
    }
    if noise == 0.0 {
        f64::INFINITY
    } else {
        10.0 * (signal / noise).log10()
    }
}
