//! Typed header values, parsed lazily: nothing here runs until an accessor is called.

mod addr;
mod name;
mod simple;
mod via;

pub use addr::{
    Contact, Diversion, DiversionReason, HiTarget, HistoryInfo, NameAddr, RemotePartyId,
};
pub use name::HeaderName;
pub use simple::{
    CSeq, CallId, MediaType, Privacy, Product, RAck, Reason, Replaces, RetryAfter, SessionExpires,
    SipDate, Token, TokenParams, Warning,
};
pub use via::Via;

use crate::auth::{AuthParams, Challenge, Credentials};
use crate::error::{ErrorKind, ParseError};
use crate::method::Method;
use crate::parse::Message;

/// A typed header value that parses from its raw bytes.
pub trait ParseValue<'b>: Sized {
    /// Parses one value (one comma-separated element for list headers). `offset` is the
    /// position of `value` in the message and `what` the header name, both for errors.
    fn parse_value(value: &'b [u8], offset: usize, what: &'static str) -> Result<Self, ParseError>;
}

impl<'b, 'h> Message<'b, 'h> {
    /// The first value of header `name`, parsed as `T`; `None` when the header is absent.
    pub fn typed<T: ParseValue<'b>>(&self, name: HeaderName) -> Option<Result<T, ParseError>> {
        let (v, off) = self.elements(name).next()?;
        Some(T::parse_value(v, off, name.as_str()))
    }

    /// Every value of header `name` (all fields, comma-separated elements split), parsed.
    pub fn typed_all<T: ParseValue<'b>>(
        &self,
        name: HeaderName,
    ) -> impl Iterator<Item = Result<T, ParseError>> + use<'_, 'b, 'h, T> {
        self.elements(name)
            .map(move |(v, off)| T::parse_value(v, off, name.as_str()))
    }

    /// Via values, topmost first (RFC 3261 §20.42).
    pub fn via(&self) -> impl Iterator<Item = Result<Via<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Via)
    }
    /// The topmost Via.
    pub fn top_via(&self) -> Option<Result<Via<'b>, ParseError>> {
        self.typed(HeaderName::Via)
    }
    /// From (RFC 3261 §20.20).
    pub fn from(&self) -> Option<Result<NameAddr<'b>, ParseError>> {
        self.typed(HeaderName::From)
    }
    /// To (RFC 3261 §20.39).
    pub fn to(&self) -> Option<Result<NameAddr<'b>, ParseError>> {
        self.typed(HeaderName::To)
    }
    /// Call-ID (RFC 3261 §20.8).
    pub fn call_id(&self) -> Option<Result<CallId<'b>, ParseError>> {
        self.typed(HeaderName::CallId)
    }
    /// CSeq (RFC 3261 §20.16).
    pub fn cseq(&self) -> Option<Result<CSeq<'b>, ParseError>> {
        self.typed(HeaderName::CSeq)
    }
    /// Max-Forwards (RFC 3261 §20.22).
    pub fn max_forwards(&self) -> Option<Result<u8, ParseError>> {
        self.typed(HeaderName::MaxForwards)
    }
    /// Contact values (RFC 3261 §20.10).
    pub fn contacts(
        &self,
    ) -> impl Iterator<Item = Result<Contact<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Contact)
    }
    /// Expires (RFC 3261 §20.19).
    pub fn expires(&self) -> Option<Result<u32, ParseError>> {
        self.typed(HeaderName::Expires)
    }
    /// Route values (RFC 3261 §20.34).
    pub fn routes(
        &self,
    ) -> impl Iterator<Item = Result<NameAddr<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Route)
    }
    /// Record-Route values (RFC 3261 §20.30).
    pub fn record_routes(
        &self,
    ) -> impl Iterator<Item = Result<NameAddr<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::RecordRoute)
    }
    /// Content-Type (RFC 3261 §20.15).
    pub fn content_type(&self) -> Option<Result<MediaType<'b>, ParseError>> {
        self.typed(HeaderName::ContentType)
    }
    /// Content-Disposition (RFC 3261 §20.11).
    pub fn content_disposition(&self) -> Option<Result<TokenParams<'b>, ParseError>> {
        self.typed(HeaderName::ContentDisposition)
    }
    /// Content-Encoding values.
    pub fn content_encoding(
        &self,
    ) -> impl Iterator<Item = Result<Token<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::ContentEncoding)
    }
    /// Accept values.
    pub fn accept(
        &self,
    ) -> impl Iterator<Item = Result<MediaType<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Accept)
    }
    /// Allow values.
    pub fn allow(&self) -> impl Iterator<Item = Result<Method<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all::<Token<'b>>(HeaderName::Allow)
            .map(|t| t.map(|t| Method::from_token(t.0)))
    }
    /// Supported option tags.
    pub fn supported(
        &self,
    ) -> impl Iterator<Item = Result<Token<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Supported)
    }
    /// Require option tags.
    pub fn require(&self) -> impl Iterator<Item = Result<Token<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Require)
    }
    /// Proxy-Require option tags.
    pub fn proxy_require(
        &self,
    ) -> impl Iterator<Item = Result<Token<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::ProxyRequire)
    }
    /// Unsupported option tags.
    pub fn unsupported(
        &self,
    ) -> impl Iterator<Item = Result<Token<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Unsupported)
    }
    /// WWW-Authenticate challenges (one per field).
    pub fn www_authenticate(
        &self,
    ) -> impl Iterator<Item = Result<Challenge<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::WwwAuthenticate)
    }
    /// Proxy-Authenticate challenges.
    pub fn proxy_authenticate(
        &self,
    ) -> impl Iterator<Item = Result<Challenge<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::ProxyAuthenticate)
    }
    /// Authorization credentials.
    pub fn authorization(
        &self,
    ) -> impl Iterator<Item = Result<Credentials<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Authorization)
    }
    /// Proxy-Authorization credentials.
    pub fn proxy_authorization(
        &self,
    ) -> impl Iterator<Item = Result<Credentials<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::ProxyAuthorization)
    }
    /// Authentication-Info (RFC 3261 §20.6).
    pub fn authentication_info(&self) -> Option<Result<AuthParams<'b>, ParseError>> {
        self.typed(HeaderName::AuthenticationInfo)
    }
    /// Diversion values, most recent first (RFC 5806).
    pub fn diversions(
        &self,
    ) -> impl Iterator<Item = Result<Diversion<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Diversion)
    }
    /// History-Info entries (RFC 7044).
    pub fn history_info(
        &self,
    ) -> impl Iterator<Item = Result<HistoryInfo<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::HistoryInfo)
    }
    /// P-Asserted-Identity values (RFC 3325).
    pub fn p_asserted_identity(
        &self,
    ) -> impl Iterator<Item = Result<NameAddr<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::PAssertedIdentity)
    }
    /// P-Preferred-Identity values (RFC 3325).
    pub fn p_preferred_identity(
        &self,
    ) -> impl Iterator<Item = Result<NameAddr<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::PPreferredIdentity)
    }
    /// Privacy (RFC 3323).
    pub fn privacy(&self) -> Option<Result<Privacy<'b>, ParseError>> {
        self.typed(HeaderName::Privacy)
    }
    /// Remote-Party-ID values.
    pub fn remote_party_id(
        &self,
    ) -> impl Iterator<Item = Result<RemotePartyId<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::RemotePartyId)
    }
    /// Reason values (RFC 3326).
    pub fn reason_headers(
        &self,
    ) -> impl Iterator<Item = Result<Reason<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Reason)
    }
    /// Replaces (RFC 3891).
    pub fn replaces(&self) -> Option<Result<Replaces<'b>, ParseError>> {
        self.typed(HeaderName::Replaces)
    }
    /// Refer-To (RFC 3515).
    pub fn refer_to(&self) -> Option<Result<NameAddr<'b>, ParseError>> {
        self.typed(HeaderName::ReferTo)
    }
    /// Referred-By (RFC 3892).
    pub fn referred_by(&self) -> Option<Result<NameAddr<'b>, ParseError>> {
        self.typed(HeaderName::ReferredBy)
    }
    /// Event (RFC 6665): package and `id`.
    pub fn event(&self) -> Option<Result<TokenParams<'b>, ParseError>> {
        self.typed(HeaderName::Event)
    }
    /// Allow-Events packages (RFC 6665).
    pub fn allow_events(
        &self,
    ) -> impl Iterator<Item = Result<Token<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::AllowEvents)
    }
    /// Subscription-State (RFC 6665): state with `expires`, `reason`, `retry-after`.
    pub fn subscription_state(&self) -> Option<Result<TokenParams<'b>, ParseError>> {
        self.typed(HeaderName::SubscriptionState)
    }
    /// Session-Expires (RFC 4028).
    pub fn session_expires(&self) -> Option<Result<SessionExpires<'b>, ParseError>> {
        self.typed(HeaderName::SessionExpires)
    }
    /// Min-SE (RFC 4028).
    pub fn min_se(&self) -> Option<Result<SessionExpires<'b>, ParseError>> {
        self.typed(HeaderName::MinSe)
    }
    /// RSeq (RFC 3262).
    pub fn rseq(&self) -> Option<Result<u32, ParseError>> {
        self.typed(HeaderName::RSeq)
    }
    /// RAck (RFC 3262).
    pub fn rack(&self) -> Option<Result<RAck<'b>, ParseError>> {
        self.typed(HeaderName::RAck)
    }
    /// Retry-After (RFC 3261 §20.33).
    pub fn retry_after(&self) -> Option<Result<RetryAfter<'b>, ParseError>> {
        self.typed(HeaderName::RetryAfter)
    }
    /// User-Agent.
    pub fn user_agent(&self) -> Option<Result<Product<'b>, ParseError>> {
        self.typed(HeaderName::UserAgent)
    }
    /// Server.
    pub fn server(&self) -> Option<Result<Product<'b>, ParseError>> {
        self.typed(HeaderName::Server)
    }
    /// Warning values.
    pub fn warnings(
        &self,
    ) -> impl Iterator<Item = Result<Warning<'b>, ParseError>> + use<'_, 'b, 'h> {
        self.typed_all(HeaderName::Warning)
    }
    /// Date (RFC 3261 §20.17).
    pub fn date(&self) -> Option<Result<SipDate<'b>, ParseError>> {
        self.typed(HeaderName::Date)
    }

    fn check_single(&self, name: HeaderName) -> Result<(), ParseError> {
        let mut it = self.get_all(name);
        it.next();
        match it.next() {
            Some(f) => Err(ParseError::new(
                f.offset,
                ErrorKind::DuplicateHeader(name.as_str()),
            )),
            None => Ok(()),
        }
    }

    fn check_all<T: ParseValue<'b>>(&self, name: HeaderName) -> Result<(), ParseError> {
        for v in self.typed_all::<T>(name) {
            v?;
        }
        Ok(())
    }

    /// The checks a UAS or proxy makes before handling a message (RFC 3261 §8.2, §16.3,
    /// RFC 4475): mandatory headers present once each, every header this crate types well
    /// formed, CSeq method equal to the request method.
    ///
    /// Framing ([`parse`](crate::parse)) accepts what it can delimit; `validate` says what
    /// answer a malformed message deserves ([`ParseError::status_code`]).
    pub fn validate(&self) -> Result<(), ParseError> {
        for h in [
            HeaderName::CallId,
            HeaderName::From,
            HeaderName::To,
            HeaderName::CSeq,
            HeaderName::MaxForwards,
            HeaderName::ContentType,
        ] {
            self.check_single(h)?;
        }
        let at_end = self.len();
        for h in [
            HeaderName::From,
            HeaderName::To,
            HeaderName::CallId,
            HeaderName::CSeq,
            HeaderName::Via,
        ] {
            if self.get(h).is_none() {
                return Err(ParseError::new(
                    at_end,
                    ErrorKind::MissingHeader(h.as_str()),
                ));
            }
        }
        self.check_all::<NameAddr<'b>>(HeaderName::From)?;
        self.check_all::<NameAddr<'b>>(HeaderName::To)?;
        self.check_all::<CallId<'b>>(HeaderName::CallId)?;
        let cseq: CSeq<'b> = self
            .typed(HeaderName::CSeq)
            .unwrap_or_else(unreachable_cseq)?;
        self.check_all::<Via<'b>>(HeaderName::Via)?;
        self.check_all::<u8>(HeaderName::MaxForwards)?;
        self.check_all::<Contact<'b>>(HeaderName::Contact)?;
        self.check_all::<u32>(HeaderName::Expires)?;
        self.check_all::<NameAddr<'b>>(HeaderName::Route)?;
        self.check_all::<NameAddr<'b>>(HeaderName::RecordRoute)?;
        self.check_all::<MediaType<'b>>(HeaderName::ContentType)?;
        self.check_all::<SipDate<'b>>(HeaderName::Date)?;
        self.check_all::<RetryAfter<'b>>(HeaderName::RetryAfter)?;
        self.check_all::<Warning<'b>>(HeaderName::Warning)?;
        self.check_all::<u32>(HeaderName::RSeq)?;
        if let Some(m) = self.method() {
            if m != cseq.method {
                let off = self.get(HeaderName::CSeq).map_or(0, |f| f.offset);
                return Err(ParseError::new(
                    off,
                    ErrorKind::MethodMismatch {
                        extension: m.is_extension(),
                    },
                ));
            }
        }
        Ok(())
    }
}

#[cold]
fn unreachable_cseq<'b>() -> Result<CSeq<'b>, ParseError> {
    Err(ParseError::new(0, ErrorKind::MissingHeader("CSeq")))
}
