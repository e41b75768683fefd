//! The call state (Q.931 §4.5.7) and restart indicator (Q.931 §4.5.25) elements, used by the
//! STATUS and RESTART procedures of the call-control entity.

use super::values::CodingStandard;
use crate::{EmitError, ParseError};

/// Call state, Q.931 §4.5.7: one octet, coding standard (bits 8–7) and the state value
/// (bits 6–1, the number of the Q.931 U/N state or of the global-call-reference REST state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallState {
    /// Coding standard (octet 3, bits 8–7).
    pub coding_standard: CodingStandard,
    /// State value (6 bits): 0 null, 1 call initiated, 2 overlap sending, 3 outgoing call
    /// proceeding, 4 call delivered, 6 call present, 7 call received, 8 connect request,
    /// 9 incoming call proceeding, 10 active, 11 disconnect request, 12 disconnect indication,
    /// 19 release request, 25 overlap receiving; for the global call reference 0 REST 0,
    /// 61 REST 1, 62 REST 2.
    pub value: u8,
}

impl CallState {
    /// An ITU-T coded call state. `None` when `value` does not fit in 6 bits.
    #[must_use]
    pub const fn new(value: u8) -> Option<Self> {
        if value < 0x40 {
            Some(Self {
                coding_standard: CodingStandard::ITU_T,
                value,
            })
        } else {
            None
        }
    }

    /// Parses the contents octets (exactly one).
    pub fn parse(c: &[u8]) -> Result<Self, ParseError> {
        let Some(&o3) = c.first() else {
            return Err(ParseError::contents(0, "element too short"));
        };
        if c.len() > 1 {
            return Err(ParseError::contents(1, "call state too long"));
        }
        Ok(Self {
            coding_standard: CodingStandard::from_bits(o3 >> 6),
            value: o3 & 0x3F,
        })
    }

    /// Contents octets (always 1).
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        1
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.value > 0x3F {
            return Err(EmitError::Unencodable("call state value"));
        }
        b[0] = self.coding_standard.value() << 6 | self.value;
        Ok(())
    }
}

/// Restart indicator, Q.931 §4.5.25: one octet, extension bit set, spare bits 7–4 zero, the
/// class in bits 3–1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RestartIndicator {
    /// Class (3 bits): see the associated constants.
    pub class: u8,
}

impl RestartIndicator {
    /// Class 0: the channels given by the channel identification element.
    pub const INDICATED_CHANNELS: Self = Self { class: 0 };
    /// Class 6: the single interface (all its channels).
    pub const SINGLE_INTERFACE: Self = Self { class: 6 };
    /// Class 7: all interfaces controlled by this D-channel.
    pub const ALL_INTERFACES: Self = Self { class: 7 };

    /// Parses the contents octets (exactly one).
    pub fn parse(c: &[u8]) -> Result<Self, ParseError> {
        let Some(&o3) = c.first() else {
            return Err(ParseError::contents(0, "element too short"));
        };
        if o3 & 0x80 == 0 || o3 & 0x78 != 0 {
            return Err(ParseError::contents(0, "restart indicator octet 3"));
        }
        if c.len() > 1 {
            return Err(ParseError::contents(1, "restart indicator too long"));
        }
        Ok(Self { class: o3 & 0x07 })
    }

    /// Contents octets (always 1).
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        1
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<(), EmitError> {
        if self.class > 7 {
            return Err(EmitError::Unencodable("restart class"));
        }
        b[0] = 0x80 | self.class;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{ie_id, Codeset, RawIe};
    use crate::Ie;

    fn raw(id: u8, contents: &[u8]) -> RawIe<'_> {
        RawIe {
            offset: 0,
            codeset: Codeset::Q931,
            id,
            contents,
        }
    }

    #[test]
    fn call_state_and_restart_indicator_round_trip() {
        let ie = Ie::from_raw(&raw(ie_id::CALL_STATE, &[0x0A]));
        assert_eq!(ie, Ie::CallState(CallState::new(10).unwrap()));
        let mut b = [0u8; 3];
        assert_eq!(ie.emit(&mut b), Ok(3));
        assert_eq!(b, [0x14, 0x01, 0x0A]);
        let ie = Ie::from_raw(&raw(ie_id::RESTART_INDICATOR, &[0x87]));
        assert_eq!(ie, Ie::RestartIndicator(RestartIndicator::ALL_INTERFACES));
        assert_eq!(ie.emit(&mut b), Ok(3));
        assert_eq!(b, [0x79, 0x01, 0x87]);
    }

    #[test]
    fn malformed_contents_are_cause_100_with_offsets() {
        let e = Ie::parse_typed(&raw(ie_id::RESTART_INDICATOR, &[0x07])).unwrap_err();
        assert_eq!(e.offset, 2);
        assert_eq!(e.cause(), crate::CauseValue::INVALID_IE_CONTENTS);
        assert!(Ie::parse_typed(&raw(ie_id::RESTART_INDICATOR, &[0x87, 0x00])).is_err());
        assert!(Ie::parse_typed(&raw(ie_id::RESTART_INDICATOR, &[0xC7])).is_err());
        assert!(Ie::parse_typed(&raw(ie_id::CALL_STATE, &[])).is_err());
        assert!(Ie::parse_typed(&raw(ie_id::CALL_STATE, &[0x0A, 0x01])).is_err());
        assert_eq!(CallState::new(0x40), None);
        // Kept raw by the lenient decoder, so a relay stays lossless.
        assert!(matches!(
            Ie::from_raw(&raw(ie_id::CALL_STATE, &[0x0A, 0x01])),
            Ie::Unknown { .. }
        ));
    }
}
