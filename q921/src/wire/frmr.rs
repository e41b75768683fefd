//! The FRMR information field, modulo 128 (Q.921 §3.6.12, Figure 7).

use crate::error::{BufferTooSmall, ParseError};

/// The five-octet information field of a frame reject response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrmrInfo {
    /// The control field of the rejected frame; for a one-octet (unnumbered) control field
    /// the second octet is 0.
    pub rejected_control: [u8; 2],
    /// V(S) of the entity reporting the condition.
    pub vs: u8,
    /// V(R) of the entity reporting the condition.
    pub vr: u8,
    /// C/R bit of the rejected frame.
    pub cr: bool,
    /// W: the control field was undefined or not implemented.
    pub w: bool,
    /// X: the frame had an information field not permitted (W is set too).
    pub x: bool,
    /// Y: the information field exceeded N201.
    pub y: bool,
    /// Z: the N(R) was invalid.
    pub z: bool,
}

impl FrmrInfo {
    /// Length of the field.
    pub const LEN: usize = 5;

    /// Parses exactly five octets; the reserved bits must be zero.
    pub fn parse(b: &[u8]) -> Result<FrmrInfo, ParseError> {
        if b.len() < Self::LEN {
            return Err(ParseError::truncated(b.len(), Self::LEN - b.len()));
        }
        if b.len() > Self::LEN {
            return Err(ParseError::invalid(
                Self::LEN,
                "FRMR information field length",
            ));
        }
        if b[2] & 1 != 0 {
            return Err(ParseError::invalid(2, "FRMR reserved bit"));
        }
        if b[4] & 0xf0 != 0 {
            return Err(ParseError::invalid(4, "FRMR reserved bits"));
        }
        Ok(FrmrInfo {
            rejected_control: [b[0], b[1]],
            vs: b[2] >> 1,
            vr: b[3] >> 1,
            cr: b[3] & 1 != 0,
            w: b[4] & 0x01 != 0,
            x: b[4] & 0x02 != 0,
            y: b[4] & 0x04 != 0,
            z: b[4] & 0x08 != 0,
        })
    }

    /// Writes the five octets.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        if out.len() < Self::LEN {
            return Err(BufferTooSmall {
                required: Self::LEN,
            });
        }
        out[0] = self.rejected_control[0];
        out[1] = self.rejected_control[1];
        out[2] = (self.vs & 0x7f) << 1;
        out[3] = ((self.vr & 0x7f) << 1) | u8::from(self.cr);
        out[4] = u8::from(self.w)
            | (u8::from(self.x) << 1)
            | (u8::from(self.y) << 2)
            | (u8::from(self.z) << 3);
        Ok(Self::LEN)
    }
}
