//! The control field, modulo 128 (Q.921 §3.4, §3.5, Table 5).

use crate::error::{BufferTooSmall, ParseError};

/// Supervisory functions (Q.921 §3.6.3–§3.6.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SFunction {
    /// Receive ready.
    Rr,
    /// Receive not ready.
    Rnr,
    /// Reject.
    Rej,
}

impl SFunction {
    const fn code(self) -> u8 {
        match self {
            SFunction::Rr => 0x01,
            SFunction::Rnr => 0x05,
            SFunction::Rej => 0x09,
        }
    }
}

/// Unnumbered functions (Q.921 §3.6.6–§3.6.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UFunction {
    /// Set asynchronous balanced mode extended (command).
    Sabme,
    /// Disconnected mode (response).
    Dm,
    /// Unnumbered information (command).
    Ui,
    /// Disconnect (command).
    Disc,
    /// Unnumbered acknowledgement (response).
    Ua,
    /// Frame reject (response).
    Frmr,
    /// Exchange identification (command or response).
    Xid,
}

impl UFunction {
    /// The control octet with P/F = 0.
    pub const fn code(self) -> u8 {
        match self {
            UFunction::Sabme => 0x6f,
            UFunction::Dm => 0x0f,
            UFunction::Ui => 0x03,
            UFunction::Disc => 0x43,
            UFunction::Ua => 0x63,
            UFunction::Frmr => 0x87,
            UFunction::Xid => 0xaf,
        }
    }
    const fn from_code(c: u8) -> Option<UFunction> {
        Some(match c {
            0x6f => UFunction::Sabme,
            0x0f => UFunction::Dm,
            0x03 => UFunction::Ui,
            0x43 => UFunction::Disc,
            0x63 => UFunction::Ua,
            0x87 => UFunction::Frmr,
            0xaf => UFunction::Xid,
            _ => return None,
        })
    }
}

/// A control field. Sequence numbers are modulo 128 (values 0–127).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Control {
    /// Information transfer format (Q.921 §3.4.1): send and receive sequence numbers and the
    /// poll bit (I frames are always commands).
    I {
        /// N(S), 0–127.
        ns: u8,
        /// N(R), 0–127.
        nr: u8,
        /// The P bit.
        p: bool,
    },
    /// Supervisory format (Q.921 §3.4.2).
    S {
        /// RR, RNR or REJ.
        function: SFunction,
        /// N(R), 0–127.
        nr: u8,
        /// The P bit of a command, the F bit of a response.
        pf: bool,
    },
    /// Unnumbered format (Q.921 §3.4.3).
    U {
        /// Which command or response.
        function: UFunction,
        /// The P bit of a command, the F bit of a response.
        pf: bool,
    },
    /// A control field Q.921 does not define (MDL-ERROR L when received), kept verbatim so
    /// the frame re-emits byte-exact: one octet for the unnumbered format, two for the
    /// supervisory format.
    Undefined {
        /// The octets; the second is zero when `len` is 1.
        raw: [u8; 2],
        /// 1 or 2.
        len: u8,
    },
}

impl Control {
    /// Parses a control field at the start of `b`; returns it and its length.
    pub fn parse(b: &[u8]) -> Result<(Control, usize), ParseError> {
        let Some(&c0) = b.first() else {
            return Err(ParseError::truncated(0, 1));
        };
        if c0 & 0x03 == 0x03 {
            let pf = c0 & 0x10 != 0;
            return Ok(match UFunction::from_code(c0 & !0x10) {
                Some(function) => (Control::U { function, pf }, 1),
                None => (
                    Control::Undefined {
                        raw: [c0, 0],
                        len: 1,
                    },
                    1,
                ),
            });
        }
        let Some(&c1) = b.get(1) else {
            return Err(ParseError::truncated(1, 1));
        };
        let nr = c1 >> 1;
        let pf = c1 & 1 != 0;
        if c0 & 1 == 0 {
            return Ok((
                Control::I {
                    ns: c0 >> 1,
                    nr,
                    p: pf,
                },
                2,
            ));
        }
        let function = match c0 {
            0x01 => SFunction::Rr,
            0x05 => SFunction::Rnr,
            0x09 => SFunction::Rej,
            _ => {
                return Ok((
                    Control::Undefined {
                        raw: [c0, c1],
                        len: 2,
                    },
                    2,
                ))
            }
        };
        Ok((Control::S { function, nr, pf }, 2))
    }

    /// Octets this control field occupies.
    pub const fn len(&self) -> usize {
        match self {
            Control::I { .. } | Control::S { .. } => 2,
            Control::U { .. } => 1,
            Control::Undefined { len, .. } => *len as usize,
        }
    }

    /// Always false: a control field has at least one octet (present for clippy's sake).
    pub const fn is_empty(&self) -> bool {
        false
    }

    /// The P or F bit (for an undefined field, bit 5 of the first octet or bit 1 of the second).
    pub const fn poll_final(&self) -> bool {
        match *self {
            Control::I { p, .. } => p,
            Control::S { pf, .. } | Control::U { pf, .. } => pf,
            Control::Undefined { raw, len } => {
                if len == 1 {
                    raw[0] & 0x10 != 0
                } else {
                    raw[1] & 1 != 0
                }
            }
        }
    }

    /// N(R) of I and S frames.
    pub const fn nr(&self) -> Option<u8> {
        match *self {
            Control::I { nr, .. } | Control::S { nr, .. } => Some(nr),
            _ => None,
        }
    }

    /// Writes the control field. Sequence numbers above 127 are reduced modulo 128.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let n = self.len();
        if out.len() < n {
            return Err(BufferTooSmall { required: n });
        }
        match *self {
            Control::I { ns, nr, p } => {
                out[0] = (ns & 0x7f) << 1;
                out[1] = ((nr & 0x7f) << 1) | u8::from(p);
            }
            Control::S { function, nr, pf } => {
                out[0] = function.code();
                out[1] = ((nr & 0x7f) << 1) | u8::from(pf);
            }
            Control::U { function, pf } => out[0] = function.code() | (u8::from(pf) << 4),
            Control::Undefined { raw, len } => {
                out[..len as usize].copy_from_slice(&raw[..len as usize])
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_fields_from_the_libpri_capture() {
        // SABME P=1, UA F=1, RR N(R)=1 P/F=0, I N(S)=0 N(R)=0 P=0.
        assert_eq!(
            Control::parse(&[0x7f]).unwrap(),
            (
                Control::U {
                    function: UFunction::Sabme,
                    pf: true
                },
                1
            )
        );
        assert_eq!(
            Control::parse(&[0x73]).unwrap(),
            (
                Control::U {
                    function: UFunction::Ua,
                    pf: true
                },
                1
            )
        );
        assert_eq!(
            Control::parse(&[0x01, 0x02]).unwrap(),
            (
                Control::S {
                    function: SFunction::Rr,
                    nr: 1,
                    pf: false
                },
                2
            )
        );
        assert_eq!(
            Control::parse(&[0x00, 0x00, 0x08]).unwrap(),
            (
                Control::I {
                    ns: 0,
                    nr: 0,
                    p: false
                },
                2
            )
        );
        assert_eq!(
            Control::parse(&[0x01]).unwrap_err(),
            ParseError::truncated(1, 1)
        );
        assert_eq!(
            Control::parse(&[0x0d, 0x03]).unwrap(),
            (
                Control::Undefined {
                    raw: [0x0d, 0x03],
                    len: 2
                },
                2
            )
        );
    }

    #[test]
    fn every_unnumbered_code_round_trips_with_both_pf_values() {
        for f in [
            UFunction::Sabme,
            UFunction::Dm,
            UFunction::Ui,
            UFunction::Disc,
            UFunction::Ua,
            UFunction::Frmr,
            UFunction::Xid,
        ] {
            for pf in [false, true] {
                let c = Control::U { function: f, pf };
                let mut b = [0u8; 1];
                c.emit(&mut b).unwrap();
                assert_eq!(Control::parse(&b).unwrap(), (c, 1));
                assert_eq!(c.poll_final(), pf);
            }
        }
    }
}
