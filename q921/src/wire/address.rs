//! The address field (Q.921 §3.3).

use crate::error::{BufferTooSmall, ParseError};

/// Service access point identifier, 6 bits (Q.921 §3.3.3, Table 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sapi(u8);

impl Sapi {
    /// Call control procedures (Q.931), SAPI 0.
    pub const CALL_CONTROL: Sapi = Sapi(0);
    /// Packet mode using Q.931 call control, SAPI 1.
    pub const PACKET_MODE: Sapi = Sapi(1);
    /// Teleaction communication, SAPI 12.
    pub const TELEACTION: Sapi = Sapi(12);
    /// X.25 level 3 procedures, SAPI 16.
    pub const X25: Sapi = Sapi(16);
    /// Layer 2 management procedures (TEI management), SAPI 63.
    pub const MANAGEMENT: Sapi = Sapi(63);

    /// A SAPI from its value; `None` above 63.
    pub const fn new(v: u8) -> Option<Sapi> {
        if v <= 63 {
            Some(Sapi(v))
        } else {
            None
        }
    }
    /// The 6-bit value.
    pub const fn value(self) -> u8 {
        self.0
    }
}

/// Terminal endpoint identifier, 7 bits (Q.921 §3.3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tei(u8);

impl Tei {
    /// TEI 0, the usual TEI of a point-to-point (PRI) data link.
    pub const ZERO: Tei = Tei(0);
    /// The group TEI 127, used for broadcast data links (Q.921 §3.3.4.2).
    pub const GROUP: Tei = Tei(127);

    /// A TEI from its value; `None` above 127.
    pub const fn new(v: u8) -> Option<Tei> {
        if v <= 127 {
            Some(Tei(v))
        } else {
            None
        }
    }
    /// The 7-bit value.
    pub const fn value(self) -> u8 {
        self.0
    }
    /// Non-automatic TEI assignment range 0–63 (Q.921 §3.3.4.1).
    pub const fn is_non_automatic(self) -> bool {
        self.0 <= 63
    }
    /// Automatic TEI assignment range 64–126.
    pub const fn is_automatic(self) -> bool {
        self.0 >= 64 && self.0 <= 126
    }
}

/// The two-octet LAPD address: SAPI, the C/R bit and the TEI (Q.921 §3.3, Figure 5).
///
/// `cr` is the bit as it stands on the wire. Whether it marks a command or a response depends on
/// which side sent the frame (Q.921 Table 1): see [`Address::is_command`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Address {
    /// Service access point identifier.
    pub sapi: Sapi,
    /// The command/response bit as transmitted.
    pub cr: bool,
    /// Terminal endpoint identifier.
    pub tei: Tei,
}

impl Address {
    /// Length of the address field.
    pub const LEN: usize = 2;

    /// Parses the two octets, checking both address field extension bits (EA0 = 0, EA1 = 1).
    pub fn parse(b: &[u8]) -> Result<Address, ParseError> {
        if b.len() < 2 {
            return Err(ParseError::truncated(b.len(), 2 - b.len()));
        }
        if b[0] & 1 != 0 {
            return Err(ParseError::invalid(
                0,
                "address extension bit EA0 (must be 0)",
            ));
        }
        if b[1] & 1 != 1 {
            return Err(ParseError::invalid(
                1,
                "address extension bit EA1 (must be 1)",
            ));
        }
        Ok(Address {
            sapi: Sapi(b[0] >> 2),
            cr: b[0] & 0x02 != 0,
            tei: Tei(b[1] >> 1),
        })
    }

    /// Writes the two octets.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        if out.len() < 2 {
            return Err(BufferTooSmall { required: 2 });
        }
        out[0] = (self.sapi.0 << 2) | (u8::from(self.cr) << 1);
        out[1] = (self.tei.0 << 1) | 1;
        Ok(2)
    }

    /// The address of a frame the `network` side (or user side) sends as a command or response
    /// (Q.921 Table 1: network commands and user responses carry C/R = 1).
    pub const fn for_side(sapi: Sapi, tei: Tei, network: bool, command: bool) -> Address {
        Address {
            sapi,
            cr: network == command,
            tei,
        }
    }

    /// Whether a frame with this address, sent by the network side (`from_network`) or by the
    /// user side, is a command (Q.921 Table 1).
    pub const fn is_command(&self, from_network: bool) -> bool {
        self.cr == from_network
    }
}
