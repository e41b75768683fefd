//! The RFC 4733 telephone-event payload (§2.3), incl. RFC 2833's flash (event 16).

use crate::error::{BufferTooSmall, ParseError};

/// Payload length of one telephone event.
pub const EVENT_LEN: usize = 4;
/// Event code of the hook flash (RFC 4733 Table 3 / RFC 2833 §3.10).
pub const FLASH: u8 = 16;

/// The DTMF event codes of RFC 4733 §3.2 Table 3 (0–9, `*` = 10, `#` = 11, A–D = 12–15).
pub fn dtmf_event_code(digit: char) -> Option<u8> {
    Some(match digit {
        '0'..='9' => digit as u8 - b'0',
        '*' => 10,
        '#' => 11,
        'A'..='D' => digit as u8 - b'A' + 12,
        'a'..='d' => digit as u8 - b'a' + 12,
        _ => return None,
    })
}

/// The character of a DTMF event code (`0`–`9`, `*`, `#`, `A`–`D`); `!` for flash (16).
pub fn dtmf_event_char(code: u8) -> Option<char> {
    Some(match code {
        0..=9 => (b'0' + code) as char,
        10 => '*',
        11 => '#',
        12..=15 => (b'A' + code - 12) as char,
        FLASH => '!',
        _ => return None,
    })
}

/// One telephone event as plain values (RFC 4733 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TelephoneEvent {
    /// Event code (§3.2 for DTMF; 16 is flash).
    pub event: u8,
    /// E bit: the end of the event (or of its last segment).
    pub end: bool,
    /// Volume in −dBm0, 0..=63 (DTMF); 0 for events without a volume.
    pub volume: u8,
    /// Duration so far, in timestamp units, counted from the packet's RTP timestamp.
    pub duration: u16,
}

impl TelephoneEvent {
    /// Parses the first four bytes of a payload. The R bit is ignored as §2.3 requires;
    /// bytes after the first event (RFC 2198 redundancy handled elsewhere) are ignored.
    pub fn parse(payload: &[u8]) -> Result<Self, ParseError> {
        if payload.len() < EVENT_LEN {
            return Err(ParseError::truncated(
                payload.len(),
                EVENT_LEN - payload.len(),
            ));
        }
        Ok(Self {
            event: payload[0],
            end: payload[1] & 0x80 != 0,
            volume: payload[1] & 0x3f,
            duration: u16::from_be_bytes([payload[2], payload[3]]),
        })
    }

    /// Four bytes.
    pub const fn buffer_len(&self) -> usize {
        EVENT_LEN
    }

    /// Writes the four payload bytes (R = 0, volume masked to six bits).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        if out.len() < EVENT_LEN {
            return Err(BufferTooSmall {
                required: EVENT_LEN,
            });
        }
        out[0] = self.event;
        out[1] = (u8::from(self.end) << 7) | (self.volume & 0x3f);
        out[2..4].copy_from_slice(&self.duration.to_be_bytes());
        Ok(EVENT_LEN)
    }

    /// The payload as an array.
    pub fn to_bytes(&self) -> [u8; EVENT_LEN] {
        let mut b = [0; EVENT_LEN];
        let _ = self.emit(&mut b);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4733_layout() {
        // Digit 5, end, volume 10, duration 1760 (RFC 4733 §5 example style).
        let b = [0x05, 0x8a, 0x06, 0xe0];
        let e = TelephoneEvent::parse(&b).unwrap();
        assert_eq!(
            e,
            TelephoneEvent {
                event: 5,
                end: true,
                volume: 10,
                duration: 1760
            }
        );
        assert_eq!(e.to_bytes(), b);
        // The R bit is ignored on receipt.
        assert_eq!(TelephoneEvent::parse(&[5, 0xca, 6, 0xe0]).unwrap(), e);
        assert_eq!(
            TelephoneEvent::parse(&[1, 2, 3]).unwrap_err(),
            ParseError::truncated(3, 1)
        );
        assert_eq!(dtmf_event_code('#'), Some(11));
        assert_eq!(dtmf_event_char(16), Some('!'));
        for c in "0123456789*#ABCD".chars() {
            assert_eq!(dtmf_event_char(dtmf_event_code(c).unwrap()), Some(c));
        }
    }
}
