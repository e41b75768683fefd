//! Q.931 messages (§4.1): the checked view [`Message`] and the owned [`MessageRepr`].

use alloc::vec::Vec;

use super::header::{CallReference, MessageType, ProtocolDiscriminator};
use super::ie::{Ie, IeIter, RawIe};
use crate::{BufferTooSmall, EmitError, ErrorKind, ParseError};

/// A checked view of a Q.931 message: protocol discriminator, call reference, message type and
/// a well-formed sequence of information elements.
///
/// `new_checked` accepts any protocol discriminator (Q.931 §5.8.1 tells a receiver to ignore
/// messages whose discriminator is not 0x08; [`Message::protocol_discriminator`] lets the caller
/// decide) and rejects a message-type octet with bit 8 set (the escape mechanism of §4.4 is
/// not supported).
#[derive(Debug, Clone, Copy)]
pub struct Message<T: AsRef<[u8]>> {
    buf: T,
    ies_at: usize,
}

impl<T: AsRef<[u8]>> Message<T> {
    /// Validates the header and walks every information element.
    pub fn new_checked(buf: T) -> Result<Self, ParseError> {
        let b = buf.as_ref();
        if b.is_empty() {
            return Err(ParseError::truncated(0, 1));
        }
        let (_, n) = CallReference::parse(&b[1..]).map_err(|e| e.shifted(1))?;
        let mt_at = 1 + n;
        let Some(&mt) = b.get(mt_at) else {
            return Err(ParseError::truncated(b.len(), 1));
        };
        if mt & 0x80 != 0 {
            return Err(ParseError::invalid(mt_at, "message type bit 8"));
        }
        let ies_at = mt_at + 1;
        for ie in IeIter::new(b, ies_at) {
            ie?;
        }
        Ok(Self { buf, ies_at })
    }

    /// The protocol discriminator (octet 1).
    pub fn protocol_discriminator(&self) -> ProtocolDiscriminator {
        ProtocolDiscriminator(self.buf.as_ref()[0])
    }

    /// The call reference.
    pub fn call_reference(&self) -> CallReference {
        // Validated by `new_checked`.
        CallReference::parse(&self.buf.as_ref()[1..]).map_or(CallReference::DUMMY, |(c, _)| c)
    }

    /// The message type.
    pub fn message_type(&self) -> MessageType {
        MessageType(self.buf.as_ref()[self.ies_at - 1])
    }

    /// The information elements, in order, with codesets resolved. Every item is `Ok`: the walk
    /// was validated by `new_checked`.
    pub fn ies(&self) -> IeIter<'_> {
        IeIter::new(self.buf.as_ref(), self.ies_at)
    }

    /// The first unrecognised comprehension-required element (Q.931 §5.8.7.1), as an error
    /// carrying its offset; a receiver clears with cause #96 ([`ParseError::cause`]).
    pub fn check_comprehension(&self) -> Result<(), ParseError> {
        match self
            .ies()
            .flatten()
            .find(RawIe::is_unrecognised_comprehension_required)
        {
            Some(ie) => Err(ParseError {
                offset: ie.offset,
                kind: ErrorKind::ComprehensionRequired { id: ie.id },
            }),
            None => Ok(()),
        }
    }

    /// The whole message.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.as_ref()
    }

    /// The buffer handed to `new_checked`.
    pub fn into_inner(self) -> T {
        self.buf
    }
}

/// The owned representation of a Q.931 message; information elements borrow the input.
///
/// The element list is kept in received order, shifts included, so repeated elements and
/// codeset 4/5/6/7 elements re-emit exactly as they came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRepr<'a> {
    /// Protocol discriminator.
    pub protocol_discriminator: ProtocolDiscriminator,
    /// Call reference.
    pub call_reference: CallReference,
    /// Message type.
    pub message_type: MessageType,
    /// Information elements in order.
    pub ies: Vec<Ie<'a>>,
}

impl<'a> MessageRepr<'a> {
    /// A Q.931 message (discriminator 0x08) with no elements yet.
    #[must_use]
    pub const fn new(call_reference: CallReference, message_type: MessageType) -> Self {
        Self {
            protocol_discriminator: ProtocolDiscriminator::Q931,
            call_reference,
            message_type,
            ies: Vec::new(),
        }
    }

    /// Builder style: appends an element.
    #[must_use]
    pub fn with(mut self, ie: Ie<'a>) -> Self {
        self.ies.push(ie);
        self
    }

    /// Parses a checked view.
    #[must_use]
    pub fn parse(m: &Message<&'a [u8]>) -> Self {
        let buf: &'a [u8] = m.buf;
        Self {
            protocol_discriminator: m.protocol_discriminator(),
            call_reference: m.call_reference(),
            message_type: m.message_type(),
            ies: IeIter::new(buf, m.ies_at)
                .flatten()
                .map(|raw| Ie::from_raw(&raw))
                .collect(),
        }
    }

    /// Checks and parses `buf`.
    pub fn parse_bytes(buf: &'a [u8]) -> Result<Self, ParseError> {
        Ok(Self::parse(&Message::new_checked(buf)?))
    }

    /// Every element of one kind, in order (e.g. the repeated Facility elements of a SETUP).
    pub fn find<'s, U, F: FnMut(&'s Ie<'a>) -> Option<U>>(
        &'s self,
        f: F,
    ) -> core::iter::FilterMap<core::slice::Iter<'s, Ie<'a>>, F> {
        self.ies.iter().filter_map(f)
    }

    /// Octets in the encoding.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        2 + self.call_reference.buffer_len() + self.ies.iter().map(Ie::buffer_len).sum::<usize>()
    }

    /// Writes the message; returns the octets written.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, EmitError> {
        let n = self.buffer_len();
        if out.len() < n {
            return Err(BufferTooSmall { required: n }.into());
        }
        if self.message_type.0 & 0x80 != 0 {
            return Err(EmitError::Unencodable("message type bit 8"));
        }
        out[0] = self.protocol_discriminator.0;
        self.call_reference.write(&mut out[1..]);
        let mut i = 1 + self.call_reference.buffer_len();
        out[i] = self.message_type.0;
        i += 1;
        for ie in &self.ies {
            i += ie.emit(&mut out[i..])?;
        }
        Ok(i)
    }

    /// Emits into a new vector.
    pub fn to_vec(&self) -> Result<Vec<u8>, EmitError> {
        let mut v = alloc::vec![0; self.buffer_len()];
        self.emit(&mut v)?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{ie_id, CauseValue, Codeset, Location};

    #[test]
    fn shifts_resolve_codesets() {
        // SETUP, CR 1 octet; non-locking shift to 4, transit counter 0x31; back in codeset 0
        // a display; locking shift to 5, party category 0x32, and an element that stays in 5.
        let b = [
            0x08, 0x01, 0x03, 0x05, 0x9C, 0x31, 0x01, 0x00, 0x28, 0x01, 0x41, 0x95, 0x32, 0x01,
            0x82, 0x28, 0x01, 0x42,
        ];
        let m = Message::new_checked(&b[..]).unwrap();
        let got: Vec<(u8, u8, usize)> = m
            .ies()
            .map(|ie| {
                let ie = ie.unwrap();
                (ie.codeset.value(), ie.id, ie.offset)
            })
            .collect();
        assert_eq!(
            got,
            [
                (0, 0x9C, 4),
                (4, 0x31, 5),
                (0, 0x28, 8),
                (0, 0x95, 11),
                (5, 0x32, 12),
                (5, 0x28, 15)
            ]
        );
        let r = MessageRepr::parse(&m);
        assert_eq!(
            r.ies[1],
            Ie::Unknown {
                codeset: Codeset::ISO_IEC,
                id: 0x31,
                contents: &[0]
            }
        );
        assert_eq!(r.ies[2], Ie::Display(b"A"));
        // Codeset 5 0x28 is not a display.
        assert_eq!(
            r.ies[5],
            Ie::Unknown {
                codeset: Codeset::NATIONAL,
                id: 0x28,
                contents: b"B"
            }
        );
        assert_eq!(r.to_vec().unwrap(), b);
        assert_eq!(r.call_reference, CallReference::new(1, 3, false).unwrap());
    }

    #[test]
    fn comprehension_required_elements_are_reported_with_cause_96() {
        // 0x0E: codeset 0, `0000 xxxx`, not a Q.931 element.
        let b = [0x08, 0x02, 0x00, 0x01, 0x05, 0x28, 0x00, 0x0E, 0x01, 0xFF];
        let m = Message::new_checked(&b[..]).unwrap();
        let e = m.check_comprehension().unwrap_err();
        assert_eq!(e.offset, 7);
        assert_eq!(e.kind, ErrorKind::ComprehensionRequired { id: 0x0E });
        assert_eq!(e.cause(), CauseValue::MANDATORY_IE_MISSING);
        // The same identifier after a non-locking shift to codeset 6 is not.
        let b = [0x08, 0x02, 0x00, 0x01, 0x05, 0x9E, 0x0E, 0x01, 0xFF];
        Message::new_checked(&b[..])
            .unwrap()
            .check_comprehension()
            .unwrap();
        // Nor is an unknown element outside `0000 xxxx`.
        let b = [0x08, 0x02, 0x00, 0x01, 0x05, 0x5E, 0x01, 0xFF];
        Message::new_checked(&b[..])
            .unwrap()
            .check_comprehension()
            .unwrap();
    }

    #[test]
    fn malformed_known_elements_stay_raw_and_strict_parse_reports_cause_100() {
        // A cause whose value octet lacks the extension bit.
        let b = [0x08, 0x02, 0x80, 0x01, 0x5A, 0x08, 0x02, 0x81, 0x10];
        let m = Message::new_checked(&b[..]).unwrap();
        let raw = m.ies().next().unwrap().unwrap();
        let e = Ie::parse_typed(&raw).unwrap_err();
        assert_eq!(e.offset, 8);
        assert_eq!(e.cause(), CauseValue::INVALID_IE_CONTENTS);
        let r = MessageRepr::parse(&m);
        assert_eq!(
            r.ies[0],
            Ie::Unknown {
                codeset: Codeset::Q931,
                id: ie_id::CAUSE,
                contents: &[0x81, 0x10]
            }
        );
        assert_eq!(r.to_vec().unwrap(), b);
        // Repeated well-formed causes are both typed, in order.
        let b = [
            0x08, 0x02, 0x80, 0x01, 0x5A, 0x08, 0x02, 0x81, 0x90, 0x08, 0x03, 0x82, 0xC5, 0x81,
        ];
        let r = MessageRepr::parse_bytes(&b).unwrap();
        let causes: Vec<(Location, CauseValue, &[u8])> = r
            .find(|ie| match ie {
                Ie::Cause(c) => Some((c.location, c.value, c.diagnostics)),
                _ => None,
            })
            .collect();
        assert_eq!(
            causes,
            [
                (
                    Location::PRIVATE_LOCAL,
                    CauseValue::NORMAL_CLEARING,
                    &[][..]
                ),
                (
                    Location::PUBLIC_LOCAL,
                    CauseValue::FACILITY_NOT_IMPLEMENTED,
                    &[0x81][..]
                ),
            ]
        );
    }

    #[test]
    fn header_errors_have_offsets() {
        assert_eq!(
            Message::new_checked(&[][..]).unwrap_err(),
            ParseError::truncated(0, 1)
        );
        assert_eq!(
            Message::new_checked(&[0x08, 0x02, 0x00][..]).unwrap_err(),
            ParseError::truncated(3, 1)
        );
        assert_eq!(
            Message::new_checked(&[0x08, 0x03, 0, 0, 1, 5][..])
                .unwrap_err()
                .kind,
            ErrorKind::Unsupported("call reference longer than 2 octets")
        );
        assert_eq!(
            Message::new_checked(&[0x08, 0x02, 0x00, 0x01][..]).unwrap_err(),
            ParseError::truncated(4, 1)
        );
        assert_eq!(
            Message::new_checked(&[0x08, 0x00, 0x85][..]).unwrap_err(),
            ParseError::invalid(2, "message type bit 8")
        );
        // An element whose length runs past the end.
        let e = Message::new_checked(&[0x08, 0x00, 0x05, 0x04, 0x03, 0x80][..]).unwrap_err();
        assert_eq!(e, ParseError::truncated(6, 2));
        assert_eq!(e.cause(), CauseValue::INVALID_MESSAGE);
    }

    #[test]
    fn dummy_and_global_call_references() {
        let m = MessageRepr::parse_bytes(&[0x08, 0x00, 0x62]).unwrap();
        assert!(m.call_reference.is_dummy());
        assert_eq!(m.message_type, MessageType::FACILITY);
        let m =
            MessageRepr::parse_bytes(&[0x08, 0x02, 0x00, 0x00, 0x46, 0x79, 0x01, 0x87]).unwrap();
        assert!(m.call_reference.is_global());
        assert_eq!(m.message_type.name(), Some("RESTART"));
        assert_eq!(CallReference::pri(0x8000, false), None);
        assert_eq!(CallReference::new(1, 0x80, false), None);
        assert_eq!(
            CallReference::pri(1, false).unwrap().inverted(),
            CallReference::pri(1, true).unwrap()
        );
    }

    #[test]
    fn builders_emit_the_golden_octets() {
        use crate::wire::{
            BearerCapability, Cause, ChannelIdentification, NumberingPlan, PartyNumber,
            Presentation, Screening, TypeOfNumber,
        };
        let m = MessageRepr::new(CallReference::pri(1, false).unwrap(), MessageType::SETUP)
            .with(Ie::BearerCapability(BearerCapability::speech_alaw()))
            .with(Ie::ChannelIdentification(
                ChannelIdentification::pri_b_channel(&[0x81], true),
            ))
            .with(Ie::CallingPartyNumber(
                PartyNumber::new(TypeOfNumber::UNKNOWN, NumberingPlan::UNKNOWN, b"1000")
                    .with_presentation(Presentation::ALLOWED, Screening::USER_NOT_SCREENED),
            ))
            .with(Ie::CalledPartyNumber(PartyNumber::new(
                TypeOfNumber::UNKNOWN,
                NumberingPlan::UNKNOWN,
                b"2000",
            )))
            .with(Ie::SendingComplete);
        assert_eq!(
            m.to_vec().unwrap(),
            [
                0x08, 0x02, 0x00, 0x01, 0x05, 0x04, 0x03, 0x80, 0x90, 0xa3, 0x18, 0x03, 0xa9, 0x83,
                0x81, 0x6c, 0x06, 0x00, 0x80, b'1', b'0', b'0', b'0', 0x70, 0x05, 0x80, b'2', b'0',
                b'0', b'0', 0xa1
            ]
        );
        let cis = MessageRepr::new(CallReference::pri(1, false).unwrap(), MessageType::SETUP)
            .with(Ie::BearerCapability(BearerCapability::call_independent()))
            .with(Ie::ChannelIdentification(
                ChannelIdentification::no_channel(),
            ));
        assert_eq!(
            cis.to_vec().unwrap(),
            [0x08, 0x02, 0x00, 0x01, 0x05, 0x04, 0x02, 0xa8, 0x80, 0x18, 0x01, 0xac]
        );
        let rc = MessageRepr::new(
            CallReference::pri(1, true).unwrap(),
            MessageType::RELEASE_COMPLETE,
        )
        .with(Ie::Cause(Cause::new(
            Location::PRIVATE_LOCAL,
            CauseValue::USER_BUSY,
        )));
        assert_eq!(
            rc.to_vec().unwrap(),
            [0x08, 0x02, 0x80, 0x01, 0x5a, 0x08, 0x02, 0x81, 0x91]
        );
        // Out-of-range fields are refused, not truncated.
        let bad =
            MessageRepr::new(CallReference::DUMMY, MessageType::SETUP).with(Ie::CalledPartyNumber(
                PartyNumber::new(TypeOfNumber::UNKNOWN, NumberingPlan::UNKNOWN, b"1")
                    .with_presentation(Presentation::ALLOWED, Screening::NETWORK),
            ));
        assert!(matches!(bad.to_vec(), Err(EmitError::Unencodable(_))));
        let mut small = [0u8; 4];
        assert_eq!(
            rc.emit(&mut small),
            Err(EmitError::BufferTooSmall(BufferTooSmall { required: 9 }))
        );
    }
}
