//! The whole frame: checked view and owned representation (Q.921 §2.1, Figure 3).

use super::{Address, Control, FrmrInfo, Sapi, Tei, UFunction};
use crate::error::{BufferTooSmall, ParseError};

/// A checked view of a LAPD frame without flags and FCS: address, control, information.
///
/// `new_checked` guarantees the address extension bits are right and the control field is
/// complete, so the accessors cannot fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<T: AsRef<[u8]>> {
    buf: T,
    control_len: u8,
}

impl<T: AsRef<[u8]>> Frame<T> {
    /// Minimum frame length: address and a one-octet control field (Q.921 §2.9 calls shorter
    /// frames invalid).
    pub const MIN_LEN: usize = 3;

    /// Checks `buf` and wraps it.
    pub fn new_checked(buf: T) -> Result<Self, ParseError> {
        let b = buf.as_ref();
        Address::parse(b)?;
        let (_, n) = Control::parse(&b[Address::LEN..]).map_err(|e| e.shifted(Address::LEN))?;
        Ok(Frame {
            buf,
            control_len: n as u8,
        })
    }

    /// The address field.
    pub fn address(&self) -> Address {
        Address::parse(self.buf.as_ref()).expect("checked in new_checked")
    }

    /// The SAPI.
    pub fn sapi(&self) -> Sapi {
        self.address().sapi
    }

    /// The TEI.
    pub fn tei(&self) -> Tei {
        self.address().tei
    }

    /// The C/R bit as transmitted.
    pub fn cr(&self) -> bool {
        self.address().cr
    }

    /// The control field.
    pub fn control(&self) -> Control {
        Control::parse(&self.buf.as_ref()[Address::LEN..])
            .expect("checked in new_checked")
            .0
    }

    /// The information field (empty when absent).
    pub fn info(&self) -> &[u8] {
        &self.buf.as_ref()[Address::LEN + self.control_len as usize..]
    }

    /// Header length: address plus control.
    pub fn header_len(&self) -> usize {
        Address::LEN + self.control_len as usize
    }

    /// The FRMR information field, when this is an FRMR frame.
    pub fn frmr_info(&self) -> Option<Result<FrmrInfo, ParseError>> {
        match self.control() {
            Control::U {
                function: UFunction::Frmr,
                ..
            } => Some(FrmrInfo::parse(self.info()).map_err(|e| e.shifted(self.header_len()))),
            _ => None,
        }
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buf
    }
}

/// An owned, high-level form of a frame; the information field is borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrameRepr<'a> {
    /// Address field.
    pub address: Address,
    /// Control field.
    pub control: Control,
    /// Information field, possibly empty.
    pub info: &'a [u8],
}

impl<'a> FrameRepr<'a> {
    /// Reads a checked view.
    pub fn parse(f: &Frame<&'a [u8]>) -> Result<Self, ParseError> {
        let b: &'a [u8] = f.buf;
        Ok(FrameRepr {
            address: f.address(),
            control: f.control(),
            info: &b[f.header_len()..],
        })
    }

    /// Checks and reads a byte slice in one step.
    pub fn parse_bytes(b: &'a [u8]) -> Result<Self, ParseError> {
        Self::parse(&Frame::new_checked(b)?)
    }

    /// Length of the emitted frame.
    pub fn buffer_len(&self) -> usize {
        Address::LEN + self.control.len() + self.info.len()
    }

    /// Writes the frame into `out`; returns its length.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let n = self.buffer_len();
        if out.len() < n {
            return Err(BufferTooSmall { required: n });
        }
        let mut at = self.address.emit(out)?;
        at += self.control.emit(&mut out[at..])?;
        out[at..n].copy_from_slice(self.info);
        Ok(n)
    }

    /// Emits into a new vector.
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        let mut v = alloc::vec![0; self.buffer_len()];
        let n = self.emit(&mut v).expect("sized by buffer_len");
        debug_assert_eq!(n, v.len());
        v
    }
}
