//! A received message with its elements decoded strictly (the input side of the entity).

use alloc::vec::Vec;

use crate::wire::{
    ie_id, BearerCapability, Cause, ChannelIdentification, Codeset, InterfaceType, PartyNumber,
    ProgressDescription, RestartIndicator,
};
use crate::{Ie, Message, MessageType, ParseError};

/// What a channel identification element asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChannelSpec {
    /// No channel ("no channel" selection), with or without the D-channel indicator.
    NoChannel,
    /// Any channel.
    Any,
    /// One channel.
    Number { n: u8, exclusive: bool },
    /// A form this entity does not handle (slot map, several channels, other channel type).
    Unsupported,
}

impl ChannelSpec {
    pub(crate) fn of(c: &ChannelIdentification<'_>) -> Self {
        match (c.interface_type, c.selection) {
            (_, 0) => Self::NoChannel,
            (_, 3) => Self::Any,
            (InterfaceType::Basic, s) => Self::Number {
                n: s,
                exclusive: c.exclusive,
            },
            (InterfaceType::Primary, 1) => match c.channels {
                Some(l) if !l.map && l.channel_type == 3 && l.octets.len() == 1 => Self::Number {
                    n: l.octets[0] & 0x7F,
                    exclusive: c.exclusive,
                },
                _ => Self::Unsupported,
            },
            _ => Self::Unsupported,
        }
    }
}

/// A received message: type, strictly typed codeset-0 elements, and what failed.
pub(crate) struct Rx<'a> {
    pub(crate) mt: MessageType,
    pub(crate) ies: Vec<Ie<'a>>,
    /// Codeset-0 elements whose contents break their coding: identifier and error.
    pub(crate) bad: Vec<(u8, ParseError)>,
    /// The first unrecognised comprehension-required element (Q.931 §5.8.7.1).
    pub(crate) comprehension: Option<ParseError>,
}

impl<'a> Rx<'a> {
    pub(crate) fn new(view: &'a Message<&'a [u8]>) -> Self {
        let mut ies = Vec::new();
        let mut bad = Vec::new();
        for raw in view.ies().flatten() {
            if raw.codeset != Codeset::Q931 {
                continue;
            }
            match Ie::parse_typed(&raw) {
                Ok(ie) => ies.push(ie),
                Err(e) => bad.push((raw.id, e)),
            }
        }
        Self {
            mt: view.message_type(),
            ies,
            bad,
            comprehension: view.check_comprehension().err(),
        }
    }

    pub(crate) fn bad(&self, id: u8) -> Option<ParseError> {
        self.bad.iter().find(|(i, _)| *i == id).map(|(_, e)| *e)
    }

    pub(crate) fn cause(&self) -> Option<&Cause<'a>> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::Cause(c) => Some(c),
            _ => None,
        })
    }

    pub(crate) fn bearer(&self) -> Option<&BearerCapability<'a>> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::BearerCapability(b) => Some(b),
            _ => None,
        })
    }

    pub(crate) fn channel(&self) -> Option<&ChannelIdentification<'a>> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::ChannelIdentification(c) => Some(c),
            _ => None,
        })
    }

    pub(crate) fn call_state(&self) -> Option<u8> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::CallState(s) => Some(s.value),
            _ => None,
        })
    }

    pub(crate) fn restart(&self) -> Option<RestartIndicator> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::RestartIndicator(r) => Some(*r),
            _ => None,
        })
    }

    pub(crate) fn progress(&self) -> Option<ProgressDescription> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::Progress(p) => Some(p.description),
            _ => None,
        })
    }

    pub(crate) fn display(&self) -> Option<&'a [u8]> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::Display(d) => Some(*d),
            _ => None,
        })
    }

    pub(crate) fn sending_complete(&self) -> bool {
        self.ies.iter().any(|ie| matches!(ie, Ie::SendingComplete))
    }

    /// The first number element with identifier `id`.
    pub(crate) fn number(&self, id: u8) -> Option<PartyNumber<'a>> {
        self.ies.iter().find_map(|ie| match (ie, id) {
            (Ie::CallingPartyNumber(n), ie_id::CALLING_PARTY_NUMBER)
            | (Ie::CalledPartyNumber(n), ie_id::CALLED_PARTY_NUMBER)
            | (Ie::ConnectedNumber(n), ie_id::CONNECTED_NUMBER)
            | (Ie::RedirectingNumber(n), ie_id::REDIRECTING_NUMBER) => Some(*n),
            _ => None,
        })
    }

    /// Every Facility element's contents (protocol profile octet and components).
    pub(crate) fn facilities(&self) -> Vec<Vec<u8>> {
        self.ies
            .iter()
            .filter_map(|ie| match ie {
                Ie::Facility(f) => {
                    let mut v = Vec::with_capacity(1 + f.components.len());
                    v.push(0x80 | f.protocol_profile);
                    v.extend_from_slice(f.components);
                    Some(v)
                }
                _ => None,
            })
            .collect()
    }
}
