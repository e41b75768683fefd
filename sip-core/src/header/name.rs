//! Header field names: canonical spelling, compact forms (RFC 3261 §7.3.3 and the RFCs that
//! define each header), case-insensitive lookup.

use crate::parse::scan::is_token;

/// A header field name this crate knows, or [`HeaderName::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum HeaderName {
    /// `Accept`.
    Accept,
    /// `Accept-Encoding`.
    AcceptEncoding,
    /// `Accept-Language`.
    AcceptLanguage,
    /// `Alert-Info`.
    AlertInfo,
    /// `Allow`.
    Allow,
    /// `Allow-Events`. Compact form `u`.
    AllowEvents,
    /// `Authentication-Info`.
    AuthenticationInfo,
    /// `Authorization`.
    Authorization,
    /// `Call-ID`. Compact form `i`.
    CallId,
    /// `Call-Info`.
    CallInfo,
    /// `Contact`. Compact form `m`.
    Contact,
    /// `Content-Disposition`.
    ContentDisposition,
    /// `Content-Encoding`. Compact form `e`.
    ContentEncoding,
    /// `Content-Language`.
    ContentLanguage,
    /// `Content-Length`. Compact form `l`.
    ContentLength,
    /// `Content-Type`. Compact form `c`.
    ContentType,
    /// `CSeq`.
    CSeq,
    /// `Date`.
    Date,
    /// `Diversion`.
    Diversion,
    /// `Error-Info`.
    ErrorInfo,
    /// `Event`. Compact form `o`.
    Event,
    /// `Expires`.
    Expires,
    /// `From`. Compact form `f`.
    From,
    /// `History-Info`.
    HistoryInfo,
    /// `In-Reply-To`.
    InReplyTo,
    /// `Max-Forwards`.
    MaxForwards,
    /// `MIME-Version`.
    MimeVersion,
    /// `Min-Expires`.
    MinExpires,
    /// `Min-SE`.
    MinSe,
    /// `Organization`.
    Organization,
    /// `P-Asserted-Identity`.
    PAssertedIdentity,
    /// `P-Preferred-Identity`.
    PPreferredIdentity,
    /// `Priority`.
    Priority,
    /// `Privacy`.
    Privacy,
    /// `Proxy-Authenticate`.
    ProxyAuthenticate,
    /// `Proxy-Authorization`.
    ProxyAuthorization,
    /// `Proxy-Require`.
    ProxyRequire,
    /// `RAck`.
    RAck,
    /// `Reason`.
    Reason,
    /// `Record-Route`.
    RecordRoute,
    /// `Refer-To`. Compact form `r`.
    ReferTo,
    /// `Referred-By`. Compact form `b`.
    ReferredBy,
    /// `Remote-Party-ID`.
    RemotePartyId,
    /// `Replaces`.
    Replaces,
    /// `Reply-To`.
    ReplyTo,
    /// `Require`.
    Require,
    /// `Retry-After`.
    RetryAfter,
    /// `Route`.
    Route,
    /// `RSeq`.
    RSeq,
    /// `Server`.
    Server,
    /// `Session-Expires`. Compact form `x`.
    SessionExpires,
    /// `Subject`. Compact form `s`.
    Subject,
    /// `Subscription-State`.
    SubscriptionState,
    /// `Supported`. Compact form `k`.
    Supported,
    /// `Timestamp`.
    Timestamp,
    /// `To`. Compact form `t`.
    To,
    /// `Unsupported`.
    Unsupported,
    /// `User-Agent`.
    UserAgent,
    /// `Via`. Compact form `v`.
    Via,
    /// `Warning`.
    Warning,
    /// `WWW-Authenticate`.
    WwwAuthenticate,
    /// Any other header; its name is kept as written.
    Other,
}

impl HeaderName {
    /// Every known name, for tables and tests.
    pub const ALL: &'static [HeaderName] = &[
        HeaderName::Accept,
        HeaderName::AcceptEncoding,
        HeaderName::AcceptLanguage,
        HeaderName::AlertInfo,
        HeaderName::Allow,
        HeaderName::AllowEvents,
        HeaderName::AuthenticationInfo,
        HeaderName::Authorization,
        HeaderName::CallId,
        HeaderName::CallInfo,
        HeaderName::Contact,
        HeaderName::ContentDisposition,
        HeaderName::ContentEncoding,
        HeaderName::ContentLanguage,
        HeaderName::ContentLength,
        HeaderName::ContentType,
        HeaderName::CSeq,
        HeaderName::Date,
        HeaderName::Diversion,
        HeaderName::ErrorInfo,
        HeaderName::Event,
        HeaderName::Expires,
        HeaderName::From,
        HeaderName::HistoryInfo,
        HeaderName::InReplyTo,
        HeaderName::MaxForwards,
        HeaderName::MimeVersion,
        HeaderName::MinExpires,
        HeaderName::MinSe,
        HeaderName::Organization,
        HeaderName::PAssertedIdentity,
        HeaderName::PPreferredIdentity,
        HeaderName::Priority,
        HeaderName::Privacy,
        HeaderName::ProxyAuthenticate,
        HeaderName::ProxyAuthorization,
        HeaderName::ProxyRequire,
        HeaderName::RAck,
        HeaderName::Reason,
        HeaderName::RecordRoute,
        HeaderName::ReferTo,
        HeaderName::ReferredBy,
        HeaderName::RemotePartyId,
        HeaderName::Replaces,
        HeaderName::ReplyTo,
        HeaderName::Require,
        HeaderName::RetryAfter,
        HeaderName::Route,
        HeaderName::RSeq,
        HeaderName::Server,
        HeaderName::SessionExpires,
        HeaderName::Subject,
        HeaderName::SubscriptionState,
        HeaderName::Supported,
        HeaderName::Timestamp,
        HeaderName::To,
        HeaderName::Unsupported,
        HeaderName::UserAgent,
        HeaderName::Via,
        HeaderName::Warning,
        HeaderName::WwwAuthenticate,
    ];

    /// The canonical spelling (`Call-ID`, `WWW-Authenticate`, ...); `""` for `Other`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HeaderName::Accept => "Accept",
            HeaderName::AcceptEncoding => "Accept-Encoding",
            HeaderName::AcceptLanguage => "Accept-Language",
            HeaderName::AlertInfo => "Alert-Info",
            HeaderName::Allow => "Allow",
            HeaderName::AllowEvents => "Allow-Events",
            HeaderName::AuthenticationInfo => "Authentication-Info",
            HeaderName::Authorization => "Authorization",
            HeaderName::CallId => "Call-ID",
            HeaderName::CallInfo => "Call-Info",
            HeaderName::Contact => "Contact",
            HeaderName::ContentDisposition => "Content-Disposition",
            HeaderName::ContentEncoding => "Content-Encoding",
            HeaderName::ContentLanguage => "Content-Language",
            HeaderName::ContentLength => "Content-Length",
            HeaderName::ContentType => "Content-Type",
            HeaderName::CSeq => "CSeq",
            HeaderName::Date => "Date",
            HeaderName::Diversion => "Diversion",
            HeaderName::ErrorInfo => "Error-Info",
            HeaderName::Event => "Event",
            HeaderName::Expires => "Expires",
            HeaderName::From => "From",
            HeaderName::HistoryInfo => "History-Info",
            HeaderName::InReplyTo => "In-Reply-To",
            HeaderName::MaxForwards => "Max-Forwards",
            HeaderName::MimeVersion => "MIME-Version",
            HeaderName::MinExpires => "Min-Expires",
            HeaderName::MinSe => "Min-SE",
            HeaderName::Organization => "Organization",
            HeaderName::PAssertedIdentity => "P-Asserted-Identity",
            HeaderName::PPreferredIdentity => "P-Preferred-Identity",
            HeaderName::Priority => "Priority",
            HeaderName::Privacy => "Privacy",
            HeaderName::ProxyAuthenticate => "Proxy-Authenticate",
            HeaderName::ProxyAuthorization => "Proxy-Authorization",
            HeaderName::ProxyRequire => "Proxy-Require",
            HeaderName::RAck => "RAck",
            HeaderName::Reason => "Reason",
            HeaderName::RecordRoute => "Record-Route",
            HeaderName::ReferTo => "Refer-To",
            HeaderName::ReferredBy => "Referred-By",
            HeaderName::RemotePartyId => "Remote-Party-ID",
            HeaderName::Replaces => "Replaces",
            HeaderName::ReplyTo => "Reply-To",
            HeaderName::Require => "Require",
            HeaderName::RetryAfter => "Retry-After",
            HeaderName::Route => "Route",
            HeaderName::RSeq => "RSeq",
            HeaderName::Server => "Server",
            HeaderName::SessionExpires => "Session-Expires",
            HeaderName::Subject => "Subject",
            HeaderName::SubscriptionState => "Subscription-State",
            HeaderName::Supported => "Supported",
            HeaderName::Timestamp => "Timestamp",
            HeaderName::To => "To",
            HeaderName::Unsupported => "Unsupported",
            HeaderName::UserAgent => "User-Agent",
            HeaderName::Via => "Via",
            HeaderName::Warning => "Warning",
            HeaderName::WwwAuthenticate => "WWW-Authenticate",
            HeaderName::Other => "",
        }
    }

    /// The compact form, when the header has one.
    pub const fn compact(self) -> Option<char> {
        match self {
            HeaderName::AllowEvents => Some('u'),
            HeaderName::CallId => Some('i'),
            HeaderName::Contact => Some('m'),
            HeaderName::ContentEncoding => Some('e'),
            HeaderName::ContentLength => Some('l'),
            HeaderName::ContentType => Some('c'),
            HeaderName::Event => Some('o'),
            HeaderName::From => Some('f'),
            HeaderName::ReferTo => Some('r'),
            HeaderName::ReferredBy => Some('b'),
            HeaderName::SessionExpires => Some('x'),
            HeaderName::Subject => Some('s'),
            HeaderName::Supported => Some('k'),
            HeaderName::To => Some('t'),
            HeaderName::Via => Some('v'),
            _ => None,
        }
    }

    /// Whether several values may be joined with commas in one field (RFC 3261 §7.3.1).
    pub const fn is_list(self) -> bool {
        matches!(
            self,
            HeaderName::Accept
                | HeaderName::AcceptEncoding
                | HeaderName::AcceptLanguage
                | HeaderName::AlertInfo
                | HeaderName::Allow
                | HeaderName::AllowEvents
                | HeaderName::CallInfo
                | HeaderName::Contact
                | HeaderName::ContentEncoding
                | HeaderName::ContentLanguage
                | HeaderName::Diversion
                | HeaderName::ErrorInfo
                | HeaderName::HistoryInfo
                | HeaderName::InReplyTo
                | HeaderName::PAssertedIdentity
                | HeaderName::PPreferredIdentity
                | HeaderName::ProxyRequire
                | HeaderName::Reason
                | HeaderName::RecordRoute
                | HeaderName::RemotePartyId
                | HeaderName::Require
                | HeaderName::Route
                | HeaderName::Supported
                | HeaderName::Unsupported
                | HeaderName::Via
                | HeaderName::Warning
        )
    }

    /// Looks a name up case-insensitively, compact forms included.
    pub fn from_bytes(name: &[u8]) -> HeaderName {
        // Every known name is a token; anything else cannot match one.
        if !name.iter().all(|&c| is_token(c)) {
            return HeaderName::Other;
        }
        Self::from_token(name)
    }

    /// [`HeaderName::from_bytes`] for a name already known to be a `token`: the names this crate knows are spelt with letters and `-` only, so for token
    /// octets `c | 0x20 == lit` is exactly a case-insensitive match (no token octet maps to a
    /// letter or to `-` other than the letter's two cases and `-` itself).
    #[inline]
    pub(crate) fn from_token(name: &[u8]) -> HeaderName {
        if name.is_empty() {
            return HeaderName::Other;
        }
        if name.len() == 1 {
            return match name[0].to_ascii_lowercase() {
                b'u' => HeaderName::AllowEvents,
                b'i' => HeaderName::CallId,
                b'm' => HeaderName::Contact,
                b'e' => HeaderName::ContentEncoding,
                b'l' => HeaderName::ContentLength,
                b'c' => HeaderName::ContentType,
                b'o' => HeaderName::Event,
                b'f' => HeaderName::From,
                b'r' => HeaderName::ReferTo,
                b'b' => HeaderName::ReferredBy,
                b'x' => HeaderName::SessionExpires,
                b's' => HeaderName::Subject,
                b'k' => HeaderName::Supported,
                b't' => HeaderName::To,
                b'v' => HeaderName::Via,
                _ => HeaderName::Other,
            };
        }
        let eq = |s: &str| eq_token_lower(name, s.as_bytes());
        match (name.len(), name[0] | 0x20) {
            (2, b't') => {
                if eq("to") {
                    return HeaderName::To;
                }
                HeaderName::Other
            }
            (3, b'v') => {
                if eq("via") {
                    return HeaderName::Via;
                }
                HeaderName::Other
            }
            (4, b'c') => {
                if eq("cseq") {
                    return HeaderName::CSeq;
                }
                HeaderName::Other
            }
            (4, b'd') => {
                if eq("date") {
                    return HeaderName::Date;
                }
                HeaderName::Other
            }
            (4, b'f') => {
                if eq("from") {
                    return HeaderName::From;
                }
                HeaderName::Other
            }
            (4, b'r') => {
                if eq("rack") {
                    return HeaderName::RAck;
                }
                if eq("rseq") {
                    return HeaderName::RSeq;
                }
                HeaderName::Other
            }
            (5, b'a') => {
                if eq("allow") {
                    return HeaderName::Allow;
                }
                HeaderName::Other
            }
            (5, b'e') => {
                if eq("event") {
                    return HeaderName::Event;
                }
                HeaderName::Other
            }
            (5, b'r') => {
                if eq("route") {
                    return HeaderName::Route;
                }
                HeaderName::Other
            }
            (6, b'a') => {
                if eq("accept") {
                    return HeaderName::Accept;
                }
                HeaderName::Other
            }
            (6, b'm') => {
                if eq("min-se") {
                    return HeaderName::MinSe;
                }
                HeaderName::Other
            }
            (6, b'r') => {
                if eq("reason") {
                    return HeaderName::Reason;
                }
                HeaderName::Other
            }
            (6, b's') => {
                if eq("server") {
                    return HeaderName::Server;
                }
                HeaderName::Other
            }
            (7, b'c') => {
                if eq("call-id") {
                    return HeaderName::CallId;
                }
                if eq("contact") {
                    return HeaderName::Contact;
                }
                HeaderName::Other
            }
            (7, b'e') => {
                if eq("expires") {
                    return HeaderName::Expires;
                }
                HeaderName::Other
            }
            (7, b'p') => {
                if eq("privacy") {
                    return HeaderName::Privacy;
                }
                HeaderName::Other
            }
            (7, b'r') => {
                if eq("require") {
                    return HeaderName::Require;
                }
                HeaderName::Other
            }
            (7, b's') => {
                if eq("subject") {
                    return HeaderName::Subject;
                }
                HeaderName::Other
            }
            (7, b'w') => {
                if eq("warning") {
                    return HeaderName::Warning;
                }
                HeaderName::Other
            }
            (8, b'p') => {
                if eq("priority") {
                    return HeaderName::Priority;
                }
                HeaderName::Other
            }
            (8, b'r') => {
                if eq("refer-to") {
                    return HeaderName::ReferTo;
                }
                if eq("replaces") {
                    return HeaderName::Replaces;
                }
                if eq("reply-to") {
                    return HeaderName::ReplyTo;
                }
                HeaderName::Other
            }
            (9, b'c') => {
                if eq("call-info") {
                    return HeaderName::CallInfo;
                }
                HeaderName::Other
            }
            (9, b'd') => {
                if eq("diversion") {
                    return HeaderName::Diversion;
                }
                HeaderName::Other
            }
            (9, b's') => {
                if eq("supported") {
                    return HeaderName::Supported;
                }
                HeaderName::Other
            }
            (9, b't') => {
                if eq("timestamp") {
                    return HeaderName::Timestamp;
                }
                HeaderName::Other
            }
            (10, b'a') => {
                if eq("alert-info") {
                    return HeaderName::AlertInfo;
                }
                HeaderName::Other
            }
            (10, b'e') => {
                if eq("error-info") {
                    return HeaderName::ErrorInfo;
                }
                HeaderName::Other
            }
            (10, b'u') => {
                if eq("user-agent") {
                    return HeaderName::UserAgent;
                }
                HeaderName::Other
            }
            (11, b'i') => {
                if eq("in-reply-to") {
                    return HeaderName::InReplyTo;
                }
                HeaderName::Other
            }
            (11, b'm') => {
                if eq("min-expires") {
                    return HeaderName::MinExpires;
                }
                HeaderName::Other
            }
            (11, b'r') => {
                if eq("referred-by") {
                    return HeaderName::ReferredBy;
                }
                if eq("retry-after") {
                    return HeaderName::RetryAfter;
                }
                HeaderName::Other
            }
            (11, b'u') => {
                if eq("unsupported") {
                    return HeaderName::Unsupported;
                }
                HeaderName::Other
            }
            (12, b'a') => {
                if eq("allow-events") {
                    return HeaderName::AllowEvents;
                }
                HeaderName::Other
            }
            (12, b'c') => {
                if eq("content-type") {
                    return HeaderName::ContentType;
                }
                HeaderName::Other
            }
            (12, b'h') => {
                if eq("history-info") {
                    return HeaderName::HistoryInfo;
                }
                HeaderName::Other
            }
            (12, b'm') => {
                if eq("max-forwards") {
                    return HeaderName::MaxForwards;
                }
                if eq("mime-version") {
                    return HeaderName::MimeVersion;
                }
                HeaderName::Other
            }
            (12, b'o') => {
                if eq("organization") {
                    return HeaderName::Organization;
                }
                HeaderName::Other
            }
            (12, b'r') => {
                if eq("record-route") {
                    return HeaderName::RecordRoute;
                }
                HeaderName::Other
            }
            (13, b'a') => {
                if eq("authorization") {
                    return HeaderName::Authorization;
                }
                HeaderName::Other
            }
            (13, b'p') => {
                if eq("proxy-require") {
                    return HeaderName::ProxyRequire;
                }
                HeaderName::Other
            }
            (14, b'c') => {
                if eq("content-length") {
                    return HeaderName::ContentLength;
                }
                HeaderName::Other
            }
            (15, b'a') => {
                if eq("accept-encoding") {
                    return HeaderName::AcceptEncoding;
                }
                if eq("accept-language") {
                    return HeaderName::AcceptLanguage;
                }
                HeaderName::Other
            }
            (15, b'r') => {
                if eq("remote-party-id") {
                    return HeaderName::RemotePartyId;
                }
                HeaderName::Other
            }
            (15, b's') => {
                if eq("session-expires") {
                    return HeaderName::SessionExpires;
                }
                HeaderName::Other
            }
            (16, b'c') => {
                if eq("content-encoding") {
                    return HeaderName::ContentEncoding;
                }
                if eq("content-language") {
                    return HeaderName::ContentLanguage;
                }
                HeaderName::Other
            }
            (16, b'w') => {
                if eq("www-authenticate") {
                    return HeaderName::WwwAuthenticate;
                }
                HeaderName::Other
            }
            (18, b'p') => {
                if eq("proxy-authenticate") {
                    return HeaderName::ProxyAuthenticate;
                }
                HeaderName::Other
            }
            (18, b's') => {
                if eq("subscription-state") {
                    return HeaderName::SubscriptionState;
                }
                HeaderName::Other
            }
            (19, b'a') => {
                if eq("authentication-info") {
                    return HeaderName::AuthenticationInfo;
                }
                HeaderName::Other
            }
            (19, b'c') => {
                if eq("content-disposition") {
                    return HeaderName::ContentDisposition;
                }
                HeaderName::Other
            }
            (19, b'p') => {
                if eq("p-asserted-identity") {
                    return HeaderName::PAssertedIdentity;
                }
                if eq("proxy-authorization") {
                    return HeaderName::ProxyAuthorization;
                }
                HeaderName::Other
            }
            (20, b'p') => {
                if eq("p-preferred-identity") {
                    return HeaderName::PPreferredIdentity;
                }
                HeaderName::Other
            }
            _ => HeaderName::Other,
        }
    }
}

impl std::fmt::Display for HeaderName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether token octets `name` equal `lit` (lowercase letters and `-`) ignoring case, eight
/// octets at a time.
#[inline(always)]
fn eq_token_lower(name: &[u8], lit: &[u8]) -> bool {
    const CASE: u64 = 0x2020_2020_2020_2020;
    #[inline(always)]
    fn word(s: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[i..i + 8]);
        u64::from_le_bytes(w)
    }
    let n = name.len();
    if n != lit.len() {
        return false;
    }
    if n < 8 {
        #[inline(always)]
        fn word4(s: &[u8], i: usize) -> u32 {
            let mut w = [0u8; 4];
            w.copy_from_slice(&s[i..i + 4]);
            u32::from_le_bytes(w)
        }
        if n >= 4 {
            // Two words of four, overlapping when n < 8.
            const CASE4: u32 = 0x2020_2020;
            return word4(name, 0) | CASE4 == word4(lit, 0)
                && word4(name, n - 4) | CASE4 == word4(lit, n - 4);
        }
        return name.iter().zip(lit).all(|(&a, &b)| a | 0x20 == b);
    }
    let mut i = 0;
    while i + 8 <= n {
        if word(name, i) | CASE != word(lit, i) {
            return false;
        }
        i += 8;
    }
    // The last, possibly overlapping, word.
    i == n || word(name, n - 8) | CASE == word(lit, n - 8)
}
