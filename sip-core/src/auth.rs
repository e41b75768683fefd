//! HTTP digest authentication for SIP (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760):
//! challenge and credential headers, client responses, server challenges and verification.
//!
//! Algorithms: MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess;
//! qop `auth` and `auth-int`, or none (RFC 2069 compatibility).
//!
//! ```
//! use strowger_sip_core::auth::{Challenge, DigestClient};
//! use strowger_sip_core::header::ParseValue;
//! let ch = Challenge::parse_value(
//!     br#"Digest realm="example.com", nonce="abc", qop="auth", algorithm=SHA-256"#, 0, "WWW-Authenticate")?;
//! let client = DigestClient::new("alice", "secret");
//! let creds = client.respond(&ch, "REGISTER", "sip:example.com", b"", "0a4f113b", 1).unwrap();
//! assert!(creds.to_header_value().starts_with("Digest username=\"alice\""));
//! # Ok::<(), strowger_sip_core::ParseError>(())
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

use md5::Md5;
use sha2::{Digest as _, Sha256, Sha512_256};

use crate::error::{AuthError, ErrorKind, ParseError};
use crate::header::ParseValue;
use crate::parse::scan::{ascii, is_token, quoted_end, skip_ws, token_end, unquote};

/// `auth-param *("," auth-param)` with `auth-param = token "=" (token / quoted-string)`,
/// kept raw and walked on demand (also the whole value of Authentication-Info).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthParams<'b>(&'b [u8]);

/// One auth-param: name, raw value, index after it; `Err` holds the offset of a syntax error.
type Step<'s> = Result<Option<(&'s [u8], &'s [u8], usize)>, usize>;

fn step(s: &[u8], i: usize) -> Step<'_> {
    let mut i = skip_ws(s, i);
    if i < s.len() && s[i] == b',' {
        i = skip_ws(s, i + 1);
    }
    if i >= s.len() {
        return Ok(None);
    }
    let ne = token_end(s, i);
    if ne == i {
        return Err(i);
    }
    let eq = skip_ws(s, ne);
    if eq >= s.len() || s[eq] != b'=' {
        return Err(eq);
    }
    let vs = skip_ws(s, eq + 1);
    let ve = if vs < s.len() && s[vs] == b'"' {
        quoted_end(s, vs).ok_or(vs)?
    } else {
        let mut e = vs;
        while e < s.len() && (is_token(s[e]) || matches!(s[e], b'/' | b':' | b'@' | b'=')) {
            e += 1;
        }
        e
    };
    if ve == vs {
        return Err(vs);
    }
    let after = skip_ws(s, ve);
    if after < s.len() && s[after] != b',' {
        return Err(after);
    }
    Ok(Some((&s[i..ne], &s[vs..ve], after)))
}

impl<'b> AuthParams<'b> {
    /// The parameters in order, values raw (quoted strings keep their quotes).
    pub fn iter(&self) -> impl Iterator<Item = (&'b str, &'b [u8])> + '_ {
        let s = self.0;
        let mut i = 0;
        std::iter::from_fn(move || match step(s, i) {
            Ok(Some((n, v, e))) => {
                i = e;
                Some((ascii(n), v))
            }
            _ => None,
        })
    }

    /// The raw value of `name` (case-insensitive).
    pub fn get_raw(&self, name: &str) -> Option<&'b [u8]> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The value of `name`, quotes removed.
    pub fn get(&self, name: &str) -> Option<Cow<'b, str>> {
        let v = self.get_raw(name)?;
        Some(match unquote(v) {
            Cow::Borrowed(b) => String::from_utf8_lossy(b),
            Cow::Owned(o) => Cow::Owned(String::from_utf8_lossy(&o).into_owned()),
        })
    }

    /// The raw text.
    pub fn as_bytes(&self) -> &'b [u8] {
        self.0
    }
}

impl<'b> ParseValue<'b> for AuthParams<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let mut i = 0;
        while let Some((_, _, e)) =
            step(v, i).map_err(|at| ParseError::new(base + at, ErrorKind::HeaderValue(what)))?
        {
            i = e;
        }
        Ok(AuthParams(v))
    }
}

/// A challenge (WWW-Authenticate / Proxy-Authenticate, RFC 3261 §25.1 `challenge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Challenge<'b> {
    /// `Digest` or another scheme.
    pub scheme: &'b str,
    /// The auth-params; for schemes other than Digest that do not follow the auth-param
    /// grammar, empty (see `raw`).
    pub params: AuthParams<'b>,
    /// Everything after the scheme, as written.
    pub raw: &'b [u8],
}

/// Credentials (Authorization / Proxy-Authorization) share the challenge's shape.
pub type Credentials<'b> = Challenge<'b>;

impl<'b> ParseValue<'b> for Challenge<'b> {
    fn parse_value(v: &'b [u8], base: usize, what: &'static str) -> Result<Self, ParseError> {
        let se = token_end(v, 0);
        if se == 0 {
            return Err(ParseError::new(base, ErrorKind::HeaderValue(what)));
        }
        let ps = skip_ws(v, se);
        let scheme = ascii(&v[..se]);
        let raw = &v[ps..];
        let params = match AuthParams::parse_value(raw, base + ps, what) {
            Ok(p) => p,
            Err(e) if scheme.eq_ignore_ascii_case("digest") => return Err(e),
            Err(_) => AuthParams(b""),
        };
        Ok(Challenge {
            scheme,
            params,
            raw,
        })
    }
}

impl Challenge<'_> {
    /// Whether the scheme is Digest.
    pub fn is_digest(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("digest")
    }
}

/// Digest algorithms (RFC 7616 §6.1, RFC 8760).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `MD5` (the default when absent).
    Md5,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256`.
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
    /// `SHA-512-256`.
    Sha512_256,
    /// `SHA-512-256-sess`.
    Sha512_256Sess,
}

impl Algorithm {
    /// Parses the `algorithm` value (case-insensitive).
    pub fn from_name(s: &str) -> Option<Self> {
        [
            Algorithm::Md5,
            Algorithm::Md5Sess,
            Algorithm::Sha256,
            Algorithm::Sha256Sess,
            Algorithm::Sha512_256,
            Algorithm::Sha512_256Sess,
        ]
        .into_iter()
        .find(|a| a.name().eq_ignore_ascii_case(s))
    }

    /// The token used in headers.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
            Algorithm::Sha512_256 => "SHA-512-256",
            Algorithm::Sha512_256Sess => "SHA-512-256-sess",
        }
    }

    fn is_sess(self) -> bool {
        matches!(
            self,
            Algorithm::Md5Sess | Algorithm::Sha256Sess | Algorithm::Sha512_256Sess
        )
    }

    /// Lower-case hex of the hash of `data`.
    pub fn hex_hash(self, data: &[u8]) -> String {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => hex(&Md5::digest(data)),
            Algorithm::Sha256 | Algorithm::Sha256Sess => hex(&Sha256::digest(data)),
            Algorithm::Sha512_256 | Algorithm::Sha512_256Sess => hex(&Sha512_256::digest(data)),
        }
    }
}

fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

/// Quality of protection (RFC 7616 §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qop {
    /// `auth`.
    Auth,
    /// `auth-int`: the body is covered too.
    AuthInt,
}

impl Qop {
    /// The token.
    pub fn name(self) -> &'static str {
        match self {
            Qop::Auth => "auth",
            Qop::AuthInt => "auth-int",
        }
    }
}

/// The inputs of a digest computation (RFC 7616 §3.4.1).
#[derive(Debug, Clone, Copy)]
pub struct DigestInput<'a> {
    /// Algorithm.
    pub algorithm: Algorithm,
    /// User name.
    pub username: &'a str,
    /// Realm.
    pub realm: &'a str,
    /// Password.
    pub password: &'a str,
    /// Request method.
    pub method: &'a str,
    /// digest-uri (the Request-URI as written).
    pub uri: &'a str,
    /// Server nonce.
    pub nonce: &'a str,
    /// Client nonce (ignored without qop).
    pub cnonce: &'a str,
    /// Nonce count (ignored without qop).
    pub nc: u32,
    /// qop, or `None` for RFC 2069 compatibility.
    pub qop: Option<Qop>,
    /// The message body (for auth-int).
    pub body: &'a [u8],
}

impl DigestInput<'_> {
    /// The `response` value: lower-case hex.
    pub fn response(&self) -> String {
        let a = self.algorithm;
        let mut ha1 =
            a.hex_hash(format!("{}:{}:{}", self.username, self.realm, self.password).as_bytes());
        if a.is_sess() {
            ha1 = a.hex_hash(format!("{ha1}:{}:{}", self.nonce, self.cnonce).as_bytes());
        }
        let ha2 = match self.qop {
            Some(Qop::AuthInt) => a.hex_hash(
                format!("{}:{}:{}", self.method, self.uri, a.hex_hash(self.body)).as_bytes(),
            ),
            _ => a.hex_hash(format!("{}:{}", self.method, self.uri).as_bytes()),
        };
        match self.qop {
            Some(q) => a.hex_hash(
                format!(
                    "{ha1}:{}:{:08x}:{}:{}:{ha2}",
                    self.nonce,
                    self.nc,
                    self.cnonce,
                    q.name()
                )
                .as_bytes(),
            ),
            None => a.hex_hash(format!("{ha1}:{}:{ha2}", self.nonce).as_bytes()),
        }
    }
}

/// Credentials computed by a client, ready to be emitted as an Authorization value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestCredentials {
    /// User name.
    pub username: String,
    /// Realm.
    pub realm: String,
    /// Nonce.
    pub nonce: String,
    /// digest-uri.
    pub uri: String,
    /// Response hash.
    pub response: String,
    /// Algorithm.
    pub algorithm: Algorithm,
    /// Client nonce (with qop).
    pub cnonce: Option<String>,
    /// Nonce count (with qop).
    pub nc: Option<u32>,
    /// qop chosen.
    pub qop: Option<Qop>,
    /// Opaque echoed from the challenge.
    pub opaque: Option<String>,
}

impl DigestCredentials {
    /// The Authorization / Proxy-Authorization header value.
    pub fn to_header_value(&self) -> String {
        let mut s = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", response=\"{}\", algorithm={}",
            self.username, self.realm, self.nonce, self.uri, self.response, self.algorithm.name()
        );
        if let (Some(q), Some(c), Some(nc)) = (self.qop, &self.cnonce, self.nc) {
            let _ = write!(s, ", qop={}, nc={nc:08x}, cnonce=\"{c}\"", q.name());
        }
        if let Some(o) = &self.opaque {
            let _ = write!(s, ", opaque=\"{o}\"");
        }
        s
    }
}

/// The client side: answers challenges with a user name and password.
#[derive(Debug, Clone)]
pub struct DigestClient {
    username: String,
    password: String,
}

fn qops(v: &str) -> impl Iterator<Item = Qop> + '_ {
    v.split(',').filter_map(|q| match q.trim() {
        q if q.eq_ignore_ascii_case("auth") => Some(Qop::Auth),
        q if q.eq_ignore_ascii_case("auth-int") => Some(Qop::AuthInt),
        _ => None,
    })
}

impl DigestClient {
    /// A client with these credentials.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }

    /// Computes the credentials answering `challenge` for a request (`method`, `uri`,
    /// `body`). Prefers qop `auth`, uses `auth-int` when it is the only one offered.
    pub fn respond(
        &self,
        challenge: &Challenge<'_>,
        method: &str,
        uri: &str,
        body: &[u8],
        cnonce: &str,
        nc: u32,
    ) -> Result<DigestCredentials, AuthError> {
        if !challenge.is_digest() {
            return Err(AuthError::NotDigest);
        }
        let p = &challenge.params;
        let realm = p.get("realm").ok_or(AuthError::MissingParam("realm"))?;
        let nonce = p.get("nonce").ok_or(AuthError::MissingParam("nonce"))?;
        let algorithm = match p.get("algorithm") {
            None => Algorithm::Md5,
            Some(a) => Algorithm::from_name(&a).ok_or(AuthError::UnsupportedAlgorithm)?,
        };
        let qop = match p.get("qop") {
            None => None,
            Some(q) => {
                let offered: Vec<Qop> = qops(&q).collect();
                if offered.contains(&Qop::Auth) {
                    Some(Qop::Auth)
                } else if offered.contains(&Qop::AuthInt) {
                    Some(Qop::AuthInt)
                } else {
                    return Err(AuthError::UnsupportedQop);
                }
            }
        };
        let input = DigestInput {
            algorithm,
            username: &self.username,
            realm: &realm,
            password: &self.password,
            method,
            uri,
            nonce: &nonce,
            cnonce,
            nc,
            qop,
            body,
        };
        Ok(DigestCredentials {
            username: self.username.clone(),
            realm: realm.to_string(),
            nonce: nonce.to_string(),
            uri: uri.to_owned(),
            response: input.response(),
            algorithm,
            cnonce: qop.map(|_| cnonce.to_owned()),
            nc: qop.map(|_| nc),
            qop,
            opaque: p.get("opaque").map(Cow::into_owned),
        })
    }
}

/// The server side: issues challenges with self-validating, expiring nonces and verifies
/// credentials. Sans-IO: the caller passes the current time in seconds.
///
/// Nonce = `<issue time, hex>.<first 32 hex of SHA-256(secret ":" time ":" realm)>`, so no
/// per-nonce state is kept; nonce-count replay tracking is left to the caller.
#[derive(Debug, Clone)]
pub struct DigestServer {
    realm: String,
    secret: Vec<u8>,
    lifetime: u64,
    algorithm: Algorithm,
    qop: &'static str,
}

impl DigestServer {
    /// A server for `realm` keyed with `secret`; nonces live `lifetime_secs`.
    pub fn new(realm: impl Into<String>, secret: &[u8], lifetime_secs: u64) -> Self {
        Self {
            realm: realm.into(),
            secret: secret.to_vec(),
            lifetime: lifetime_secs,
            algorithm: Algorithm::Md5,
            qop: "auth,auth-int",
        }
    }

    /// Uses `algorithm` in challenges (default MD5, what most SIP phones support).
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    fn mac(&self, t: u64) -> String {
        let mut h = Sha256::new();
        h.update(&self.secret);
        h.update(format!(":{t:x}:{}", self.realm).as_bytes());
        hex(&h.finalize()[..16])
    }

    /// A fresh nonce for time `now`.
    pub fn nonce(&self, now: u64) -> String {
        format!("{now:x}.{}", self.mac(now))
    }

    /// A WWW-Authenticate / Proxy-Authenticate value; `stale` after an expired nonce.
    pub fn challenge(&self, now: u64, stale: bool) -> String {
        let mut s = format!(
            "Digest realm=\"{}\", nonce=\"{}\", algorithm={}, qop=\"{}\"",
            self.realm,
            self.nonce(now),
            self.algorithm.name(),
            self.qop
        );
        if stale {
            s.push_str(", stale=true");
        }
        s
    }

    /// Verifies credentials for a request. `password` looks up the user's password.
    /// `Err(AuthError::Stale)` means the response was right but the nonce expired: challenge
    /// again with `stale=true`.
    pub fn verify(
        &self,
        creds: &Credentials<'_>,
        method: &str,
        body: &[u8],
        now: u64,
        password: impl FnOnce(&str) -> Option<String>,
    ) -> Result<String, AuthError> {
        if !creds.is_digest() {
            return Err(AuthError::NotDigest);
        }
        let p = &creds.params;
        let get = |n: &'static str| p.get(n).ok_or(AuthError::MissingParam(n));
        let username = get("username")?;
        let realm = get("realm")?;
        let nonce = get("nonce")?;
        let uri = get("uri")?;
        let response = get("response")?;
        if realm != self.realm.as_str() {
            return Err(AuthError::Mismatch);
        }
        let (t, mac) = nonce.split_once('.').ok_or(AuthError::BadNonce)?;
        let t = u64::from_str_radix(t, 16).map_err(|_| AuthError::BadNonce)?;
        if mac != self.mac(t) {
            return Err(AuthError::BadNonce);
        }
        let algorithm = match p.get("algorithm") {
            None => Algorithm::Md5,
            Some(a) => Algorithm::from_name(&a).ok_or(AuthError::UnsupportedAlgorithm)?,
        };
        let qop = match p.get("qop") {
            None => None,
            Some(q) => Some(qops(&q).next().ok_or(AuthError::UnsupportedQop)?),
        };
        let (cnonce, nc) = if qop.is_some() {
            let nc =
                u32::from_str_radix(&get("nc")?, 16).map_err(|_| AuthError::MissingParam("nc"))?;
            (get("cnonce")?, nc)
        } else {
            (Cow::Borrowed(""), 0)
        };
        let pw = password(&username).ok_or(AuthError::Mismatch)?;
        let expect = DigestInput {
            algorithm,
            username: &username,
            realm: &realm,
            password: &pw,
            method,
            uri: &uri,
            nonce: &nonce,
            cnonce: &cnonce,
            nc,
            qop,
            body,
        }
        .response();
        if !expect.eq_ignore_ascii_case(&response) {
            return Err(AuthError::Mismatch);
        }
        if now.saturating_sub(t) > self.lifetime || t > now + 60 {
            return Err(AuthError::Stale);
        }
        Ok(username.into_owned())
    }
}
