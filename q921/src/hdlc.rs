//! HDLC framing beneath LAPD (Q.921 §2.2–§2.7): flags, zero-bit insertion, FCS-16.
//!
//! Two ways a frame meets the line:
//! * a raw bit stream (an HDLC controller in software): [`BitEncoder`] / [`BitDecoder`] add and
//!   remove flags, stuff and destuff zeros, add and check the FCS; bits are packed least
//!   significant first, the order in which HDLC transmits them;
//! * octet framing, as DAHDI-style drivers hand frames over: the frame plus two FCS octets and
//!   no flags ([`append_fcs`], [`check_and_strip_fcs`]). libpri writes two placeholder octets
//!   where the FCS goes and ignores the last two octets it reads; [`PLACEHOLDER_FCS_LEN`] names
//!   that length.

use alloc::vec::Vec;

use crate::error::{ErrorKind, ParseError};

/// The flag sequence 0111 1110 (Q.921 §2.2).
pub const FLAG: u8 = 0x7e;

/// Octets of FCS after a frame in octet framing.
pub const PLACEHOLDER_FCS_LEN: usize = 2;

/// The residue of the FCS-16 register after a frame with a correct FCS (before the final
/// complement): `fcs16_update(INIT, frame ++ fcs) == GOOD`.
pub const FCS16_GOOD: u16 = 0xf0b8;

/// The initial value of the FCS-16 register.
pub const FCS16_INIT: u16 = 0xffff;

const fn fcs_table() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut v = i as u16;
        let mut b = 0;
        while b < 8 {
            v = if v & 1 != 0 {
                (v >> 1) ^ 0x8408
            } else {
                v >> 1
            };
            b += 1;
        }
        t[i] = v;
        i += 1;
    }
    t
}

static FCS_TABLE: [u16; 256] = fcs_table();

/// Runs the FCS-16 register (CRC-16/X.25, generator x¹⁶ + x¹² + x⁵ + 1, reflected) over `data`.
pub fn fcs16_update(mut fcs: u16, data: &[u8]) -> u16 {
    for &b in data {
        fcs = (fcs >> 8) ^ FCS_TABLE[usize::from((fcs ^ u16::from(b)) as u8)];
    }
    fcs
}

/// The FCS of `frame` (Q.921 §2.7): the complement of the register after the frame. It is
/// transmitted low octet first.
pub fn fcs16(frame: &[u8]) -> u16 {
    !fcs16_update(FCS16_INIT, frame)
}

/// Appends the two FCS octets to `frame` (octet framing).
pub fn append_fcs(frame: &mut Vec<u8>) {
    let f = fcs16(frame);
    frame.extend_from_slice(&f.to_le_bytes());
}

/// Checks the trailing two FCS octets and returns the frame without them.
pub fn check_and_strip_fcs(buf: &[u8]) -> Result<&[u8], ParseError> {
    if buf.len() < 2 {
        return Err(ParseError::truncated(buf.len(), 2 - buf.len()));
    }
    if fcs16_update(FCS16_INIT, buf) != FCS16_GOOD {
        return Err(ParseError {
            offset: buf.len() - 2,
            kind: ErrorKind::BadFcs,
        });
    }
    Ok(&buf[..buf.len() - 2])
}

/// Turns frames into an HDLC bit stream: opening flag, the frame and its FCS with a zero
/// inserted after every five consecutive ones, closing flag.
///
/// Consecutive frames share no flag. Call [`BitEncoder::finish`] to pad the last octet with
/// ones (the idle state of the line) and take the bytes.
#[derive(Debug, Default, Clone)]
pub struct BitEncoder {
    out: Vec<u8>,
    acc: u8,
    nbits: u8,
}

impl BitEncoder {
    /// An empty stream.
    pub fn new() -> Self {
        Self::default()
    }

    fn bit(&mut self, b: bool) {
        self.acc |= u8::from(b) << self.nbits;
        self.nbits += 1;
        if self.nbits == 8 {
            self.out.push(self.acc);
            self.acc = 0;
            self.nbits = 0;
        }
    }

    fn flag(&mut self) {
        for i in 0..8 {
            self.bit(FLAG >> i & 1 != 0);
        }
    }

    /// Appends one frame (without FCS: it is computed here).
    pub fn push_frame(&mut self, frame: &[u8]) {
        self.flag();
        let fcs = fcs16(frame).to_le_bytes();
        let mut ones = 0;
        for &byte in frame.iter().chain(fcs.iter()) {
            for i in 0..8 {
                let b = byte >> i & 1 != 0;
                self.bit(b);
                if b {
                    ones += 1;
                    if ones == 5 {
                        self.bit(false);
                        ones = 0;
                    }
                } else {
                    ones = 0;
                }
            }
        }
        self.flag();
    }

    /// Appends `n` extra flags (interframe time fill, Q.921 §2.2).
    pub fn push_flags(&mut self, n: usize) {
        for _ in 0..n {
            self.flag();
        }
    }

    /// Pads the last octet with ones and returns the stream.
    pub fn finish(mut self) -> Vec<u8> {
        while self.nbits != 0 {
            self.bit(true);
        }
        self.out
    }
}

/// What [`BitDecoder::push`] found in the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A frame with a correct FCS (the FCS removed).
    Frame(Vec<u8>),
    /// A frame between flags whose FCS did not match, that was not a whole number of octets,
    /// or that was shorter than the address, control and FCS fields (Q.921 §2.9).
    Invalid,
    /// Seven or more consecutive ones ended a frame (abort, Q.921 §2.10).
    Aborted,
}

/// Recovers frames from an HDLC bit stream: finds flags, removes inserted zeros, checks the
/// FCS. Bytes may be pushed in arbitrary pieces.
#[derive(Debug, Clone)]
pub struct BitDecoder {
    ones: u8,
    in_frame: bool,
    cur: Vec<u8>,
    acc: u8,
    nbits: u8,
    max_len: usize,
}

impl BitDecoder {
    /// A decoder that drops frames longer than `max_len` octets (FCS included); this bounds
    /// its memory. For LAPD with N201 = 260 use at least 266.
    pub fn new(max_len: usize) -> Self {
        BitDecoder {
            ones: 0,
            in_frame: false,
            cur: Vec::new(),
            acc: 0,
            nbits: 0,
            max_len,
        }
    }

    fn data_bit(&mut self, b: bool) {
        if !self.in_frame {
            return;
        }
        self.acc |= u8::from(b) << self.nbits;
        self.nbits += 1;
        if self.nbits == 8 {
            if self.cur.len() >= self.max_len {
                self.in_frame = false;
                self.cur.clear();
            } else {
                self.cur.push(self.acc);
            }
            self.acc = 0;
            self.nbits = 0;
        }
    }

    fn start_frame(&mut self) {
        self.in_frame = true;
        self.cur.clear();
        self.acc = 0;
        self.nbits = 0;
    }

    /// Feeds stream bytes; `on` receives every frame or error condition found.
    pub fn push(&mut self, bytes: &[u8], mut on: impl FnMut(Decoded)) {
        for &byte in bytes {
            for i in 0..8 {
                let b = byte >> i & 1 != 0;
                if b {
                    // An idle line is all ones: count no further than an abort needs.
                    self.ones = self.ones.saturating_add(1).min(8);
                    if self.ones == 7 {
                        if self.in_frame && !self.cur.is_empty() {
                            on(Decoded::Aborted);
                        }
                        self.in_frame = false;
                        self.cur.clear();
                    }
                    if self.ones < 6 {
                        self.data_bit(true);
                    }
                    continue;
                }
                match self.ones {
                    5 => {} // an inserted zero
                    6 => {
                        // a flag: closes the frame in progress, opens the next
                        // The flag's leading zero and five ones were taken as data
                        // bits: a frame of whole octets leaves exactly six behind.
                        if self.in_frame && !self.cur.is_empty() {
                            if self.nbits != 6 || self.cur.len() < 5 {
                                on(Decoded::Invalid);
                            } else {
                                match check_and_strip_fcs(&self.cur) {
                                    Ok(f) => on(Decoded::Frame(f.to_vec())),
                                    Err(_) => on(Decoded::Invalid),
                                }
                            }
                        }
                        self.start_frame();
                    }
                    _ if self.ones >= 7 => {}
                    _ => self.data_bit(false),
                }
                self.ones = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octet_framing_of_a_sabme() {
        let mut f = alloc::vec![0x00, 0x01, 0x7f];
        append_fcs(&mut f);
        assert_eq!(f.len(), 5);
        assert_eq!(check_and_strip_fcs(&f).unwrap(), &[0x00, 0x01, 0x7f]);
        f[4] ^= 0x80;
        assert_eq!(check_and_strip_fcs(&f).unwrap_err().kind, ErrorKind::BadFcs);
        assert_eq!(
            check_and_strip_fcs(&[0x01]).unwrap_err().kind,
            ErrorKind::Truncated { needed: 1 }
        );
    }

    #[test]
    fn a_long_idle_run_of_ones_then_a_frame() {
        // Found by fuzzing: a run of more than 255 one bits overflowed the counter.
        let mut stream = alloc::vec![0xffu8; 64];
        let mut enc = BitEncoder::new();
        enc.push_frame(&[0x00, 0x01, 0x73]);
        stream.extend(enc.finish());
        let mut got = alloc::vec::Vec::new();
        BitDecoder::new(300).push(&stream, |d| got.push(d));
        assert_eq!(
            got,
            alloc::vec![Decoded::Frame(alloc::vec![0x00, 0x01, 0x73])]
        );
        let crash = [
            0x60, 0x2b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ];
        let mut long = crash.to_vec();
        long.extend([0xff; 40]);
        BitDecoder::new(300).push(&long, |_| {});
    }

    #[test]
    fn a_frame_longer_than_the_limit_is_dropped() {
        let mut enc = BitEncoder::new();
        enc.push_frame(&[0u8; 40]);
        enc.push_frame(&[0x00, 0x01, 0x73]);
        let mut dec = BitDecoder::new(20);
        let mut got = alloc::vec::Vec::new();
        dec.push(&enc.finish(), |d| got.push(d));
        assert_eq!(
            got,
            alloc::vec![Decoded::Frame(alloc::vec![0x00, 0x01, 0x73])]
        );
    }
}
