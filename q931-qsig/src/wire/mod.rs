//! Q.931 wire format: checked message views, owned representations and emitters.
//!
//! * [`Message`] is a checked view over a buffer: the header is validated and every
//!   information element is walked once by [`Message::new_checked`]; [`Message::ies`] then
//!   borrows the elements ([`RawIe`]) with their codeset and byte offset.
//! * [`MessageRepr`] is the owned form: header fields plus a list of [`Ie`], each typed where
//!   this crate knows the element and raw otherwise. `emit(parse(m)) == m` byte for byte.

mod header;
mod ie;
mod ies;
mod ies_extra;
mod message;
mod state_ies;
mod values;

pub use header::{CallReference, MessageType, ProtocolDiscriminator};
pub use ie::{ie_id, Codeset, Ie, IeIter, RawIe, Shift};
pub use ies::{
    BearerCapability, Cause, ChannelIdentification, ChannelList, Facility, InterfaceType,
    PartyNumber, Progress,
};
pub use ies_extra::{
    DateTime, HighLayerCompatibility, Keypad, LowLayerCompatibility, NotificationIndicator,
    PartyCategory, Subaddress, TransitCounter, UserUser,
};
pub use message::{Message, MessageRepr};
pub use state_ies::{CallState, RestartIndicator};
pub use values::{
    CauseValue, CodingStandard, Location, NumberingPlan, Presentation, ProgressDescription,
    RedirectionReason, Screening, TransferCapability, TypeOfNumber,
};
