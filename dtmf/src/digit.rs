//! DTMF digits, their frequencies (ITU-T Q.23) and their RFC 4733 event codes.

use crate::Error;

/// The low-group (row) frequencies of ITU-T Q.23, in Hz.
pub const LOW_GROUP_HZ: [f32; 4] = [697.0, 770.0, 852.0, 941.0];
/// The high-group (column) frequencies of ITU-T Q.23, in Hz.
pub const HIGH_GROUP_HZ: [f32; 4] = [1209.0, 1336.0, 1477.0, 1633.0];

/// One of the sixteen DTMF signals of ITU-T Q.23.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Digit {
    /// `0` (941 + 1336 Hz).
    D0,
    /// `1` (697 + 1209 Hz).
    D1,
    /// `2` (697 + 1336 Hz).
    D2,
    /// `3` (697 + 1477 Hz).
    D3,
    /// `4` (770 + 1209 Hz).
    D4,
    /// `5` (770 + 1336 Hz).
    D5,
    /// `6` (770 + 1477 Hz).
    D6,
    /// `7` (852 + 1209 Hz).
    D7,
    /// `8` (852 + 1336 Hz).
    D8,
    /// `9` (852 + 1477 Hz).
    D9,
    /// `*` (941 + 1209 Hz).
    Star,
    /// `#` (941 + 1477 Hz).
    Hash,
    /// `A` (697 + 1633 Hz).
    A,
    /// `B` (770 + 1633 Hz).
    B,
    /// `C` (852 + 1633 Hz).
    C,
    /// `D` (941 + 1633 Hz).
    D,
}

/// Digits by (row, column) of the Q.23 keypad.
const KEYPAD: [[Digit; 4]; 4] = [
    [Digit::D1, Digit::D2, Digit::D3, Digit::A],
    [Digit::D4, Digit::D5, Digit::D6, Digit::B],
    [Digit::D7, Digit::D8, Digit::D9, Digit::C],
    [Digit::Star, Digit::D0, Digit::Hash, Digit::D],
];

impl Digit {
    /// All sixteen digits, in RFC 4733 event-code order (`0`–`9`, `*`, `#`, `A`–`D`).
    pub const ALL: [Digit; 16] = [
        Digit::D0,
        Digit::D1,
        Digit::D2,
        Digit::D3,
        Digit::D4,
        Digit::D5,
        Digit::D6,
        Digit::D7,
        Digit::D8,
        Digit::D9,
        Digit::Star,
        Digit::Hash,
        Digit::A,
        Digit::B,
        Digit::C,
        Digit::D,
    ];

    /// The digit at `row` (0–3, low group) and `column` (0–3, high group) of the keypad.
    pub const fn from_row_col(row: usize, col: usize) -> Digit {
        KEYPAD[row & 3][col & 3]
    }

    /// (row, column) of the keypad: indices into [`LOW_GROUP_HZ`] and [`HIGH_GROUP_HZ`].
    pub const fn row_col(self) -> (usize, usize) {
        match self {
            Digit::D1 => (0, 0),
            Digit::D2 => (0, 1),
            Digit::D3 => (0, 2),
            Digit::A => (0, 3),
            Digit::D4 => (1, 0),
            Digit::D5 => (1, 1),
            Digit::D6 => (1, 2),
            Digit::B => (1, 3),
            Digit::D7 => (2, 0),
            Digit::D8 => (2, 1),
            Digit::D9 => (2, 2),
            Digit::C => (2, 3),
            Digit::Star => (3, 0),
            Digit::D0 => (3, 1),
            Digit::Hash => (3, 2),
            Digit::D => (3, 3),
        }
    }

    /// The (low-group, high-group) frequencies in Hz (ITU-T Q.23).
    pub fn frequencies(self) -> (f32, f32) {
        let (r, c) = self.row_col();
        (LOW_GROUP_HZ[r], HIGH_GROUP_HZ[c])
    }

    /// The keypad character: `0`–`9`, `*`, `#`, `A`–`D`.
    pub const fn to_char(self) -> char {
        b"0123456789*#ABCD"[self.event_code() as usize] as char
    }

    /// The digit of a keypad character (`a`–`d` are accepted too).
    pub fn from_char(c: char) -> Result<Digit, Error> {
        let code = match c {
            '0'..='9' => c as u8 - b'0',
            '*' => 10,
            '#' => 11,
            'A'..='D' => c as u8 - b'A' + 12,
            'a'..='d' => c as u8 - b'a' + 12,
            _ => return Err(Error::InvalidDigit(c)),
        };
        Ok(Digit::ALL[code as usize])
    }

    /// The RFC 4733 §3.2 event code: `0`–`9` → 0–9, `*` → 10, `#` → 11, `A`–`D` → 12–15.
    pub const fn event_code(self) -> u8 {
        match self {
            Digit::D0 => 0,
            Digit::D1 => 1,
            Digit::D2 => 2,
            Digit::D3 => 3,
            Digit::D4 => 4,
            Digit::D5 => 5,
            Digit::D6 => 6,
            Digit::D7 => 7,
            Digit::D8 => 8,
            Digit::D9 => 9,
            Digit::Star => 10,
            Digit::Hash => 11,
            Digit::A => 12,
            Digit::B => 13,
            Digit::C => 14,
            Digit::D => 15,
        }
    }

    /// The digit of an RFC 4733 event code 0–15; `None` for any other code.
    pub const fn from_event_code(code: u8) -> Option<Digit> {
        if code < 16 {
            Some(Digit::ALL[code as usize])
        } else {
            None
        }
    }
}

impl core::fmt::Display for Digit {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write;
        f.write_char(self.to_char())
    }
}

/// RFC 4733 §3.2 event code of hook flash.
pub const FLASH_EVENT_CODE: u8 = 16;

/// The telephone events of RFC 4733 §3.2 that a DTMF keypad produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TelephoneEvent {
    /// A DTMF digit (codes 0–15).
    Digit(Digit),
    /// Hook flash (code 16).
    Flash,
}

impl TelephoneEvent {
    /// The RFC 4733 event code.
    pub const fn code(self) -> u8 {
        match self {
            TelephoneEvent::Digit(d) => d.event_code(),
            TelephoneEvent::Flash => FLASH_EVENT_CODE,
        }
    }

    /// The event of an RFC 4733 code 0–16; `None` for other codes.
    pub const fn from_code(code: u8) -> Option<TelephoneEvent> {
        match Digit::from_event_code(code) {
            Some(d) => Some(TelephoneEvent::Digit(d)),
            None if code == FLASH_EVENT_CODE => Some(TelephoneEvent::Flash),
            None => None,
        }
    }
}

/// RFC 4733 event code of a digit (plain-function form of [`Digit::event_code`]).
pub const fn digit_to_event_code(d: Digit) -> u8 {
    d.event_code()
}

/// Digit of an RFC 4733 event code (plain-function form of [`Digit::from_event_code`]).
pub const fn event_code_to_digit(code: u8) -> Option<Digit> {
    Digit::from_event_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4733_codes_follow_section_3_2() {
        let chars = "0123456789*#ABCD";
        for (code, c) in chars.chars().enumerate() {
            let d = Digit::from_char(c).unwrap();
            assert_eq!(d.event_code() as usize, code);
            assert_eq!(d.to_char(), c);
            assert_eq!(event_code_to_digit(code as u8), Some(d));
            assert_eq!(digit_to_event_code(d), code as u8);
            assert_eq!(
                TelephoneEvent::from_code(code as u8),
                Some(TelephoneEvent::Digit(d))
            );
        }
        assert_eq!(TelephoneEvent::from_code(16), Some(TelephoneEvent::Flash));
        assert_eq!(TelephoneEvent::Flash.code(), 16);
        assert_eq!(TelephoneEvent::from_code(17), None);
        assert_eq!(Digit::from_event_code(16), None);
        assert_eq!(Digit::from_char('x'), Err(Error::InvalidDigit('x')));
        assert_eq!(Digit::from_char('d'), Ok(Digit::D));
    }

    #[test]
    fn keypad_rows_and_columns_match_q23() {
        assert_eq!(Digit::D5.frequencies(), (770.0, 1336.0));
        assert_eq!(Digit::Star.frequencies(), (941.0, 1209.0));
        assert_eq!(Digit::D.frequencies(), (941.0, 1633.0));
        for d in Digit::ALL {
            let (r, c) = d.row_col();
            assert_eq!(Digit::from_row_col(r, c), d);
        }
    }
}
