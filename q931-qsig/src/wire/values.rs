//! Code points of Q.931 / Q.850 fields. Each is a newtype over the field's bits, so a value the
//! standard reserves (or a later edition adds) is carried verbatim and re-emitted unchanged.

use core::fmt;

macro_rules! code_points {
    ($(#[$tdoc:meta])* $ty:ident, $bits:literal; $($(#[$doc:meta])* $name:ident = $v:literal, $text:literal;)*) => {
        $(#[$tdoc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $ty(u8);

        impl $ty {
            $($(#[$doc])* pub const $name: Self = Self($v);)*

            /// Mask of the field's bits.
            pub const MASK: u8 = $bits;

            /// The code point; `None` when `v` has bits outside the field.
            #[must_use]
            pub const fn new(v: u8) -> Option<Self> {
                if v & !Self::MASK == 0 { Some(Self(v)) } else { None }
            }

            /// The field's bits.
            #[must_use]
            pub const fn value(self) -> u8 {
                self.0
            }

            /// The standard's name of the value, `None` for a value not listed here.
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($v => Some($text),)*
                    _ => None,
                }
            }

            pub(crate) const fn from_bits(v: u8) -> Self {
                Self(v & Self::MASK)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({n})", stringify!($ty)),
                    None => write!(f, "{}({})", stringify!($ty), self.0),
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}", self.0),
                }
            }
        }
    };
}

code_points! {
    /// Coding standard (2 bits), Q.931 §4.5.5 and others.
    CodingStandard, 0x03;
    /// ITU-T standardised coding.
    ITU_T = 0, "ITU-T";
    /// ISO/IEC standard (used by ECMA-165 for call-independent connections).
    ISO_IEC = 1, "ISO/IEC";
    /// National standard.
    NATIONAL = 2, "national";
    /// Standard defined for the network (public or private) present on the network side.
    NETWORK = 3, "network-specific";
}

code_points! {
    /// Location (4 bits), Q.850 §2.2.4.
    Location, 0x0F;
    /// User.
    USER = 0, "user";
    /// Private network serving the local user.
    PRIVATE_LOCAL = 1, "private network serving the local user";
    /// Public network serving the local user.
    PUBLIC_LOCAL = 2, "public network serving the local user";
    /// Transit network.
    TRANSIT = 3, "transit network";
    /// Public network serving the remote user.
    PUBLIC_REMOTE = 4, "public network serving the remote user";
    /// Private network serving the remote user.
    PRIVATE_REMOTE = 5, "private network serving the remote user";
    /// International network.
    INTERNATIONAL = 7, "international network";
    /// Network beyond interworking point.
    BEYOND_INTERWORKING = 10, "network beyond interworking point";
}

code_points! {
    /// Information transfer capability (5 bits), Q.931 §4.5.5.
    TransferCapability, 0x1F;
    /// Speech.
    SPEECH = 0x00, "speech";
    /// Unrestricted digital information.
    UNRESTRICTED_DIGITAL = 0x08, "unrestricted digital information";
    /// Restricted digital information.
    RESTRICTED_DIGITAL = 0x09, "restricted digital information";
    /// 3.1 kHz audio.
    AUDIO_3_1K = 0x10, "3.1 kHz audio";
    /// Unrestricted digital information with tones/announcements.
    UNRESTRICTED_DIGITAL_TONES = 0x11, "unrestricted digital information with tones/announcements";
    /// Video.
    VIDEO = 0x18, "video";
}

code_points! {
    /// Type of number (3 bits), Q.931 §4.5.8 (ECMA-143 private numbering plan TONs share the field).
    TypeOfNumber, 0x07;
    /// Unknown.
    UNKNOWN = 0, "unknown";
    /// International number (E.164) / level 2 regional number (private plan).
    INTERNATIONAL = 1, "international";
    /// National number (E.164) / level 1 regional number (private plan).
    NATIONAL = 2, "national";
    /// Network-specific number / PISN specific number (private plan).
    NETWORK_SPECIFIC = 3, "network specific";
    /// Subscriber number (E.164) / local number (private plan).
    SUBSCRIBER = 4, "subscriber";
    /// Abbreviated number.
    ABBREVIATED = 6, "abbreviated";
}

code_points! {
    /// Numbering plan identification (4 bits), Q.931 §4.5.8.
    NumberingPlan, 0x0F;
    /// Unknown.
    UNKNOWN = 0, "unknown";
    /// ISDN/telephony numbering plan (E.164).
    E164 = 1, "E.164";
    /// Data numbering plan (X.121).
    DATA = 3, "X.121";
    /// Telex numbering plan (F.69).
    TELEX = 4, "F.69";
    /// National standard numbering plan.
    NATIONAL = 8, "national";
    /// Private numbering plan (ECMA-143 PISN).
    PRIVATE = 9, "private";
}

code_points! {
    /// Presentation indicator (2 bits), Q.931 §4.5.10.
    Presentation, 0x03;
    /// Presentation allowed.
    ALLOWED = 0, "presentation allowed";
    /// Presentation restricted.
    RESTRICTED = 1, "presentation restricted";
    /// Number not available due to interworking.
    NOT_AVAILABLE = 2, "number not available";
}

code_points! {
    /// Screening indicator (2 bits), Q.931 §4.5.10.
    Screening, 0x03;
    /// User-provided, not screened.
    USER_NOT_SCREENED = 0, "user-provided, not screened";
    /// User-provided, verified and passed.
    USER_PASSED = 1, "user-provided, verified and passed";
    /// User-provided, verified and failed.
    USER_FAILED = 2, "user-provided, verified and failed";
    /// Network provided.
    NETWORK = 3, "network provided";
}

code_points! {
    /// Reason for redirection (4 bits), Q.931 Annex / Q.952 (redirecting number octet 3b).
    RedirectionReason, 0x0F;
    /// Unknown.
    UNKNOWN = 0x0, "unknown";
    /// Call forwarding busy.
    CFB = 0x1, "call forwarding busy";
    /// Call forwarding no reply.
    CFNR = 0x2, "call forwarding no reply";
    /// Call deflection.
    DEFLECTION = 0x4, "call deflection";
    /// Called DTE out of order.
    DTE_OUT_OF_ORDER = 0x9, "called DTE out of order";
    /// Call forwarding by the called DTE.
    DTE_FORWARDING = 0xA, "call forwarding by the called DTE";
    /// Call forwarding unconditional.
    CFU = 0xF, "call forwarding unconditional";
}

code_points! {
    /// Progress description (7 bits), Q.931 §4.5.23.
    ProgressDescription, 0x7F;
    /// Call is not end-to-end ISDN; further progress information may be available in-band.
    NOT_END_TO_END_ISDN = 1, "call is not end-to-end ISDN";
    /// Destination address is non-ISDN.
    DESTINATION_NON_ISDN = 2, "destination address is non-ISDN";
    /// Origination address is non-ISDN.
    ORIGIN_NON_ISDN = 3, "origination address is non-ISDN";
    /// Call has returned to the ISDN.
    RETURNED_TO_ISDN = 4, "call has returned to the ISDN";
    /// Interworking has occurred and has resulted in a telecommunication service change.
    SERVICE_CHANGE = 5, "interworking resulted in a service change";
    /// In-band information or an appropriate pattern is now available.
    IN_BAND = 8, "in-band information available";
}

code_points! {
    /// Cause value (7 bits), ITU-T Q.850 Table 1.
    CauseValue, 0x7F;
    /// #1 Unallocated (unassigned) number.
    UNALLOCATED_NUMBER = 1, "unallocated (unassigned) number";
    /// #2 No route to specified transit network.
    NO_ROUTE_TRANSIT_NETWORK = 2, "no route to specified transit network";
    /// #3 No route to destination.
    NO_ROUTE_DESTINATION = 3, "no route to destination";
    /// #6 Channel unacceptable.
    CHANNEL_UNACCEPTABLE = 6, "channel unacceptable";
    /// #7 Call awarded and being delivered in an established channel.
    CALL_AWARDED = 7, "call awarded and being delivered in an established channel";
    /// #16 Normal call clearing.
    NORMAL_CLEARING = 16, "normal call clearing";
    /// #17 User busy.
    USER_BUSY = 17, "user busy";
    /// #18 No user responding.
    NO_USER_RESPONDING = 18, "no user responding";
    /// #19 No answer from user (user alerted).
    NO_ANSWER = 19, "no answer from user (user alerted)";
    /// #21 Call rejected.
    CALL_REJECTED = 21, "call rejected";
    /// #22 Number changed.
    NUMBER_CHANGED = 22, "number changed";
    /// #26 Non-selected user clearing.
    NON_SELECTED_USER_CLEARING = 26, "non-selected user clearing";
    /// #27 Destination out of order.
    DESTINATION_OUT_OF_ORDER = 27, "destination out of order";
    /// #28 Invalid number format (address incomplete).
    INVALID_NUMBER_FORMAT = 28, "invalid number format (address incomplete)";
    /// #29 Facility rejected.
    FACILITY_REJECTED = 29, "facility rejected";
    /// #30 Response to STATUS ENQUIRY.
    RESPONSE_TO_STATUS_ENQUIRY = 30, "response to STATUS ENQUIRY";
    /// #31 Normal, unspecified.
    NORMAL_UNSPECIFIED = 31, "normal, unspecified";
    /// #34 No circuit/channel available.
    NO_CIRCUIT_AVAILABLE = 34, "no circuit/channel available";
    /// #38 Network out of order.
    NETWORK_OUT_OF_ORDER = 38, "network out of order";
    /// #41 Temporary failure.
    TEMPORARY_FAILURE = 41, "temporary failure";
    /// #42 Switching equipment congestion.
    SWITCHING_EQUIPMENT_CONGESTION = 42, "switching equipment congestion";
    /// #43 Access information discarded.
    ACCESS_INFORMATION_DISCARDED = 43, "access information discarded";
    /// #44 Requested circuit/channel not available.
    REQUESTED_CHANNEL_NOT_AVAILABLE = 44, "requested circuit/channel not available";
    /// #47 Resource unavailable, unspecified.
    RESOURCE_UNAVAILABLE = 47, "resource unavailable, unspecified";
    /// #50 Requested facility not subscribed.
    FACILITY_NOT_SUBSCRIBED = 50, "requested facility not subscribed";
    /// #57 Bearer capability not authorized.
    BEARER_CAPABILITY_NOT_AUTHORIZED = 57, "bearer capability not authorized";
    /// #58 Bearer capability not presently available.
    BEARER_CAPABILITY_NOT_AVAILABLE = 58, "bearer capability not presently available";
    /// #63 Service or option not available, unspecified.
    SERVICE_NOT_AVAILABLE = 63, "service or option not available, unspecified";
    /// #65 Bearer capability not implemented.
    BEARER_CAPABILITY_NOT_IMPLEMENTED = 65, "bearer capability not implemented";
    /// #69 Requested facility not implemented.
    FACILITY_NOT_IMPLEMENTED = 69, "requested facility not implemented";
    /// #79 Service or option not implemented, unspecified.
    SERVICE_NOT_IMPLEMENTED = 79, "service or option not implemented, unspecified";
    /// #81 Invalid call reference value.
    INVALID_CALL_REFERENCE = 81, "invalid call reference value";
    /// #88 Incompatible destination.
    INCOMPATIBLE_DESTINATION = 88, "incompatible destination";
    /// #95 Invalid message, unspecified.
    INVALID_MESSAGE = 95, "invalid message, unspecified";
    /// #96 Mandatory information element is missing.
    MANDATORY_IE_MISSING = 96, "mandatory information element is missing";
    /// #97 Message type non-existent or not implemented.
    MESSAGE_TYPE_NONEXISTENT = 97, "message type non-existent or not implemented";
    /// #98 Message not compatible with call state or message type non-existent or not implemented.
    MESSAGE_NOT_COMPATIBLE = 98, "message not compatible with call state";
    /// #99 Information element / parameter non-existent or not implemented.
    IE_NONEXISTENT = 99, "information element non-existent or not implemented";
    /// #100 Invalid information element contents.
    INVALID_IE_CONTENTS = 100, "invalid information element contents";
    /// #101 Message not compatible with call state.
    MESSAGE_NOT_COMPATIBLE_WITH_STATE = 101, "message not compatible with call state";
    /// #102 Recovery on timer expiry.
    RECOVERY_ON_TIMER_EXPIRY = 102, "recovery on timer expiry";
    /// #103 Parameter non-existent or not implemented, passed on.
    PARAMETER_NONEXISTENT = 103, "parameter non-existent or not implemented, passed on";
    /// #111 Protocol error, unspecified.
    PROTOCOL_ERROR = 111, "protocol error, unspecified";
    /// #127 Interworking, unspecified.
    INTERWORKING = 127, "interworking, unspecified";
}

impl CauseValue {
    /// The Q.850 cause class (bits 7–5): 0–1 normal event, 2 resource unavailable, 3 service or
    /// option not available, 4 service or option not implemented, 5 invalid message,
    /// 6 protocol error, 7 interworking.
    #[must_use]
    pub const fn class(self) -> u8 {
        self.0 >> 4
    }
}
