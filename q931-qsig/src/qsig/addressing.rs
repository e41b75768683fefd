//! Data types shared by the QSIG services: subaddresses, addresses, screened numbers and
//! addresses (ECMA-165 `Addressing-Data-Elements`), the embedded Q.931 elements
//! (`PSS1InformationElement`) and the `CHOICE { NULL, extension, extensions }` arguments and
//! results.

use alloc::vec::Vec;

use super::ber::{
    boolean, enumerated, string, wrap, write_bool, write_integer, write_tlv, Class, Seq, Tlv,
};
use super::ops::PartyNumber;
use crate::wire::IeIter;
use crate::ParseError;

/// `PartySubaddress` (ECMA-165 addressing data elements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartySubaddress<'a> {
    /// `UserSpecifiedSubaddress ::= SEQUENCE { SubaddressInformation, oddCountIndicator
    /// BOOLEAN OPTIONAL }`.
    UserSpecified {
        /// `SubaddressInformation` (OCTET STRING, 1–20 octets).
        information: &'a [u8],
        /// `oddCountIndicator` (BCD coding with an odd number of digits), if given.
        odd_count: Option<bool>,
    },
    /// `NSAPSubaddress ::= OCTET STRING (SIZE(1..20))` (X.213).
    Nsap(&'a [u8]),
}

impl<'a> PartySubaddress<'a> {
    /// Decodes a `PartySubaddress`.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        if t.is(Class::Universal, false, 4) {
            return Ok(Self::Nsap(string(
                t,
                4,
                1,
                20,
                "NSAPSubaddress SIZE(1..20)",
            )?));
        }
        let mut s = Seq::new(t, "PartySubaddress")?;
        let information = string(
            &s.next("SubaddressInformation")?,
            4,
            1,
            20,
            "SubaddressInformation SIZE(1..20)",
        )?;
        let odd_count = s
            .opt(|t| t.is(Class::Universal, false, 1))?
            .map(|b| boolean(&b, "oddCountIndicator"))
            .transpose()?;
        s.finish("PartySubaddress element")?;
        Ok(Self::UserSpecified {
            information,
            odd_count,
        })
    }

    /// Appends the value in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match *self {
            Self::UserSpecified {
                information,
                odd_count,
            } => wrap(out, 0x30, |c| {
                write_tlv(c, 0x04, information);
                if let Some(o) = odd_count {
                    write_bool(c, 0x01, o);
                }
            }),
            Self::Nsap(s) => write_tlv(out, 0x04, s),
        }
    }
}

/// `Address ::= SEQUENCE { partyNumber PartyNumber, partySubaddress PartySubaddress OPTIONAL }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Address<'a> {
    /// `partyNumber`.
    pub party_number: PartyNumber<'a>,
    /// `partySubaddress`.
    pub party_subaddress: Option<PartySubaddress<'a>>,
}

impl<'a> Address<'a> {
    /// Decodes an `Address`.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "Address")?;
        let party_number = PartyNumber::parse(&s.next("partyNumber")?)?;
        let party_subaddress = match s.opt(|_| true)? {
            Some(x) => Some(PartySubaddress::parse(&x)?),
            None => None,
        };
        s.finish("Address element")?;
        Ok(Self {
            party_number,
            party_subaddress,
        })
    }

    /// Appends the value in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.party_number.emit(c);
            if let Some(s) = self.party_subaddress {
                s.emit(c);
            }
        });
    }
}

/// `AddressScreened ::= SEQUENCE { partyNumber, screeningIndicator, partySubaddress OPTIONAL }`,
/// and without the subaddress, `NumberScreened`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressScreened<'a> {
    /// `partyNumber`.
    pub party_number: PartyNumber<'a>,
    /// `screeningIndicator` (0 user provided, not screened; 1 user provided, verified and
    /// passed; 2 user provided, verified and failed; 3 network provided).
    pub screening_indicator: i32,
    /// `partySubaddress` (`AddressScreened` only).
    pub party_subaddress: Option<PartySubaddress<'a>>,
}

impl<'a> AddressScreened<'a> {
    fn parse_body(t: &Tlv<'a>, with_subaddress: bool) -> Result<Self, ParseError> {
        let mut s = Seq::of(t, "AddressScreened")?;
        let party_number = PartyNumber::parse(&s.next("partyNumber")?)?;
        let screening_indicator = enumerated(&s.next("screeningIndicator")?, "screeningIndicator")?;
        let party_subaddress = match s.opt(|_| with_subaddress)? {
            Some(x) => Some(PartySubaddress::parse(&x)?),
            None => None,
        };
        s.finish("AddressScreened element")?;
        Ok(Self {
            party_number,
            screening_indicator,
            party_subaddress,
        })
    }

    fn emit_body(&self, c: &mut Vec<u8>) {
        self.party_number.emit(c);
        write_integer(c, 0x0A, self.screening_indicator);
        if let Some(s) = self.party_subaddress {
            s.emit(c);
        }
    }
}

/// `PresentedAddressScreened` (ECMA-165), or with `party_subaddress` always `None`,
/// `PresentedNumberScreened`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresentedScreened<'a> {
    /// `presentationAllowedAddress [0] IMPLICIT AddressScreened` (or `…Number`).
    Allowed(AddressScreened<'a>),
    /// `presentationRestricted [1] IMPLICIT NULL`.
    Restricted,
    /// `numberNotAvailableDueToInterworking [2] IMPLICIT NULL`.
    NotAvailableDueToInterworking,
    /// `presentationRestrictedAddress [3] IMPLICIT AddressScreened` (or `…Number`).
    RestrictedAddress(AddressScreened<'a>),
}

/// `PresentedAddressScreened`: number, screening indicator and optional subaddress.
pub type PresentedAddressScreened<'a> = PresentedScreened<'a>;
/// `PresentedNumberScreened`: number and screening indicator (no subaddress).
pub type PresentedNumberScreened<'a> = PresentedScreened<'a>;

impl<'a> PresentedScreened<'a> {
    /// Decodes a `PresentedAddressScreened` (`with_subaddress`) or a `PresentedNumberScreened`.
    pub fn parse(t: &Tlv<'a>, with_subaddress: bool) -> Result<Self, ParseError> {
        match (t.class, t.constructed, t.tag) {
            (Class::Context, true, 0) => Ok(Self::Allowed(AddressScreened::parse_body(
                t,
                with_subaddress,
            )?)),
            (Class::Context, false, 1) if t.value.is_empty() => Ok(Self::Restricted),
            (Class::Context, false, 2) if t.value.is_empty() => {
                Ok(Self::NotAvailableDueToInterworking)
            }
            (Class::Context, true, 3) => Ok(Self::RestrictedAddress(AddressScreened::parse_body(
                t,
                with_subaddress,
            )?)),
            _ => Err(ParseError::invalid(t.offset, "PresentedScreened")),
        }
    }

    /// Appends the value in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match self {
            Self::Allowed(a) => wrap(out, 0xA0, |c| a.emit_body(c)),
            Self::Restricted => write_tlv(out, 0x81, &[]),
            Self::NotAvailableDueToInterworking => write_tlv(out, 0x82, &[]),
            Self::RestrictedAddress(a) => wrap(out, 0xA3, |c| a.emit_body(c)),
        }
    }
}

/// `PSS1InformationElement ::= [APPLICATION 0] IMPLICIT OCTET STRING` (ECMA-165): Q.931
/// information elements (identifier, length, contents) carried inside an argument, e.g. the
/// bearer capability, HLC, LLC and progress indicator of a rerouted or transferred call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pss1InformationElement<'a>(pub &'a [u8]);

impl<'a> Pss1InformationElement<'a> {
    /// Decodes the element.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        if !t.is(Class::Application, false, 0) {
            return Err(ParseError::invalid(t.offset, "PSS1InformationElement"));
        }
        Ok(Self(t.value))
    }

    /// Appends the element in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        write_tlv(out, 0x40, self.0);
    }

    /// The embedded information elements (codeset 0 unless shifted; offsets relative to the
    /// contents octets).
    #[must_use]
    pub fn ies(&self) -> IeIter<'a> {
        IeIter::new(self.0, 0)
    }
}

/// The `CHOICE { null NULL, single [m] IMPLICIT Extension, multiple [n] IMPLICIT SEQUENCE OF
/// Extension }` that many QSIG operations take as argument or return as result (`DummyArg`,
/// `DummyRes`, `CcExtension`, `cfnrDivertedLegFailed`'s argument). Extensions stay undecoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionChoice<'a> {
    /// `NULL`.
    Null,
    /// The single extension `[m]`, undecoded.
    Single(Tlv<'a>),
    /// The extension list `[n]`, undecoded.
    Multiple(Tlv<'a>),
}

impl<'a> ExtensionChoice<'a> {
    /// Decodes the choice with the single/multiple tags `[m]`/`[n]` of the operation.
    pub fn parse(t: &Tlv<'a>, m: u32, n: u32) -> Result<Self, ParseError> {
        if t.is(Class::Universal, false, 5) && t.value.is_empty() {
            return Ok(Self::Null);
        }
        if t.class == Class::Context && t.constructed {
            if t.tag == m {
                return Ok(Self::Single(*t));
            }
            if t.tag == n {
                return Ok(Self::Multiple(*t));
            }
        }
        Err(ParseError::invalid(t.offset, "NULL or extension"))
    }

    /// Whether `t` starts this choice (for an OPTIONAL component).
    pub(crate) fn starts(t: &Tlv<'_>, m: u32, n: u32) -> bool {
        t.is(Class::Universal, false, 5)
            || (t.class == Class::Context && (t.tag == m || t.tag == n))
    }

    /// Appends the value in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        match self {
            Self::Null => write_tlv(out, 0x05, &[]),
            Self::Single(t) | Self::Multiple(t) => out.extend_from_slice(t.raw),
        }
    }
}
