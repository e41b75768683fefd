//! TEI management messages (Q.921 §5.3, Table 8), carried in UI frames on SAPI 63, TEI 127.
//!
//! Layout of the information field: management entity identifier (0x0F), reference number
//! Ri (2 octets), message type (1 octet), action indicator Ai (7 bits and an extension bit;
//! an identity check response may carry several Ai octets, all but the last with E = 0).

use crate::error::{BufferTooSmall, ParseError};

/// The management entity identifier of layer 2 management messages.
pub const MEI: u8 = 0x0f;

/// Most Ai values one check response may carry here (bounded parsing).
pub const MAX_CHECK_TEIS: usize = 16;

/// TEI management message types (Q.921 Table 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TeiMessageType {
    /// Identity request (user → network).
    IdentityRequest,
    /// Identity assigned (network → user).
    IdentityAssigned,
    /// Identity denied (network → user).
    IdentityDenied,
    /// Identity check request (network → user).
    IdentityCheckRequest,
    /// Identity check response (user → network).
    IdentityCheckResponse,
    /// Identity remove (network → user).
    IdentityRemove,
    /// Identity verify (user → network).
    IdentityVerify,
}

impl TeiMessageType {
    /// The message type octet.
    pub const fn code(self) -> u8 {
        match self {
            TeiMessageType::IdentityRequest => 1,
            TeiMessageType::IdentityAssigned => 2,
            TeiMessageType::IdentityDenied => 3,
            TeiMessageType::IdentityCheckRequest => 4,
            TeiMessageType::IdentityCheckResponse => 5,
            TeiMessageType::IdentityRemove => 6,
            TeiMessageType::IdentityVerify => 7,
        }
    }
    /// The type for a message type octet.
    pub const fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            1 => TeiMessageType::IdentityRequest,
            2 => TeiMessageType::IdentityAssigned,
            3 => TeiMessageType::IdentityDenied,
            4 => TeiMessageType::IdentityCheckRequest,
            5 => TeiMessageType::IdentityCheckResponse,
            6 => TeiMessageType::IdentityRemove,
            7 => TeiMessageType::IdentityVerify,
            _ => return None,
        })
    }
}

/// One TEI management message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TeiMessage {
    /// Reference number Ri (random, chosen by the requesting user).
    pub ri: u16,
    /// Message type.
    pub msg_type: TeiMessageType,
    /// Action indicator values (7 bits each): one, or for an identity check response up to
    /// [`MAX_CHECK_TEIS`]. 127 means "any TEI" / "all TEIs" depending on the message.
    ais: [u8; MAX_CHECK_TEIS],
    n_ai: u8,
}

impl TeiMessage {
    /// A message with a single action indicator.
    pub const fn new(msg_type: TeiMessageType, ri: u16, ai: u8) -> Self {
        let mut ais = [0; MAX_CHECK_TEIS];
        ais[0] = ai & 0x7f;
        TeiMessage {
            ri,
            msg_type,
            ais,
            n_ai: 1,
        }
    }

    /// An identity check response listing several TEIs (at most [`MAX_CHECK_TEIS`]).
    pub fn check_response(ri: u16, teis: &[u8]) -> Option<Self> {
        if teis.is_empty() || teis.len() > MAX_CHECK_TEIS {
            return None;
        }
        let mut ais = [0; MAX_CHECK_TEIS];
        for (d, s) in ais.iter_mut().zip(teis) {
            *d = s & 0x7f;
        }
        Some(TeiMessage {
            ri,
            msg_type: TeiMessageType::IdentityCheckResponse,
            ais,
            n_ai: teis.len() as u8,
        })
    }

    /// The first (usually only) action indicator.
    pub fn ai(&self) -> u8 {
        self.ais[0]
    }

    /// All action indicators.
    pub fn ais(&self) -> &[u8] {
        &self.ais[..self.n_ai as usize]
    }

    /// Parses a UI frame's information field.
    pub fn parse(b: &[u8]) -> Result<Self, ParseError> {
        if b.len() < 5 {
            return Err(ParseError::truncated(b.len(), 5 - b.len()));
        }
        if b[0] != MEI {
            return Err(ParseError::invalid(0, "management entity identifier"));
        }
        let ri = u16::from_be_bytes([b[1], b[2]]);
        let msg_type = TeiMessageType::from_code(b[3])
            .ok_or(ParseError::invalid(3, "TEI management message type"))?;
        let mut ais = [0; MAX_CHECK_TEIS];
        let mut n = 0usize;
        let mut at = 4;
        loop {
            let Some(&o) = b.get(at) else {
                return Err(ParseError::truncated(at, 1));
            };
            if n == MAX_CHECK_TEIS {
                return Err(ParseError::limit(at, "action indicators"));
            }
            ais[n] = o >> 1;
            n += 1;
            at += 1;
            if o & 1 == 1 {
                break;
            }
            if msg_type != TeiMessageType::IdentityCheckResponse {
                return Err(ParseError::invalid(
                    at - 1,
                    "action indicator extension bit",
                ));
            }
        }
        if at != b.len() {
            return Err(ParseError::invalid(at, "octets after the action indicator"));
        }
        Ok(TeiMessage {
            ri,
            msg_type,
            ais,
            n_ai: n as u8,
        })
    }

    /// Length of the emitted information field.
    pub fn buffer_len(&self) -> usize {
        4 + self.n_ai as usize
    }

    /// Writes the information field.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let n = self.buffer_len();
        if out.len() < n {
            return Err(BufferTooSmall { required: n });
        }
        out[0] = MEI;
        out[1..3].copy_from_slice(&self.ri.to_be_bytes());
        out[3] = self.msg_type.code();
        let last = self.n_ai as usize - 1;
        for (i, ai) in self.ais().iter().enumerate() {
            out[4 + i] = (ai << 1) | u8::from(i == last);
        }
        Ok(n)
    }
}
