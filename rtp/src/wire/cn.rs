//! The RFC 3389 comfort-noise payload (§3): a noise level and optional reflection coefficients.

use crate::error::{BufferTooSmall, ParseError};

/// Static payload type 13 of RFC 3551 for CN at 8 kHz.
pub const PAYLOAD_TYPE: u8 = 13;

/// A comfort-noise payload, borrowing its reflection coefficients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComfortNoise<'a> {
    /// Noise level in −dBov, 0..=127 (§3.1).
    pub level: u8,
    /// Quantised reflection coefficients (§3.2), model order = length; may be empty.
    pub coefficients: &'a [u8],
}

impl<'a> ComfortNoise<'a> {
    /// Parses a CN payload. The top bit of the level octet is reserved and must be zero.
    pub fn parse(payload: &'a [u8]) -> Result<Self, ParseError> {
        let Some((&level, coefficients)) = payload.split_first() else {
            return Err(ParseError::truncated(0, 1));
        };
        if level & 0x80 != 0 {
            return Err(ParseError::invalid(0, "comfort-noise level above 127"));
        }
        Ok(Self {
            level,
            coefficients,
        })
    }

    /// Bytes [`Self::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        1 + self.coefficients.len()
    }

    /// Writes the payload (level masked to seven bits).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let n = self.buffer_len();
        if out.len() < n {
            return Err(BufferTooSmall { required: n });
        }
        out[0] = self.level & 0x7f;
        out[1..n].copy_from_slice(self.coefficients);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_and_coefficients() {
        let p = [40, 127, 200, 10];
        let cn = ComfortNoise::parse(&p).unwrap();
        assert_eq!(cn.level, 40);
        assert_eq!(cn.coefficients.len(), 3);
        let mut out = [0u8; 4];
        assert_eq!(cn.emit(&mut out), Ok(4));
        assert_eq!(out, p);
        assert!(ComfortNoise::parse(&[]).is_err());
        assert!(ComfortNoise::parse(&[0x80]).is_err());
    }
}
