//! Byte-level helpers shared by the message, URI and header grammars (RFC 3261 §25.1).

/// Character classes of the RFC 3261 §25.1 grammar, one bit each, looked up in [`CLASS`].
pub(crate) const TOKEN: u8 = 1;
/// `word` (Call-ID).
pub(crate) const WORD: u8 = 2;
/// `unreserved`.
pub(crate) const UNRESERVED: u8 = 4;
/// `paramchar` plus `%` (URI parameters).
pub(crate) const URI_PCHAR: u8 = 8;
/// `user` characters plus `%`.
pub(crate) const USER: u8 = 16;
/// `password` characters plus `%`.
pub(crate) const PASSWORD: u8 = 32;
/// Characters of an unquoted header parameter value (token / host).
pub(crate) const HEADER_PVALUE: u8 = 64;
/// `hname` / `hvalue` characters plus `%`, `=`, `&`.
pub(crate) const URI_HEADER: u8 = 128;

const fn class_of(c: u8) -> u8 {
    let alnum = c.is_ascii_alphanumeric();
    let mark = matches!(
        c,
        b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
    );
    let unreserved = alnum || mark;
    let token = alnum
        || matches!(
            c,
            b'-' | b'.' | b'!' | b'%' | b'*' | b'_' | b'+' | b'`' | b'\'' | b'~'
        );
    let mut k = 0;
    if token {
        k |= TOKEN;
        k |= WORD;
    }
    if matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b':' | b'\\' | b'"' | b'/' | b'[' | b']' | b'?' | b'{' | b'}'
    ) {
        k |= WORD;
    }
    if unreserved {
        k |= UNRESERVED;
    }
    if unreserved || matches!(c, b'[' | b']' | b'/' | b':' | b'&' | b'+' | b'$' | b'%') {
        k |= URI_PCHAR;
    }
    if unreserved
        || matches!(
            c,
            b'%' | b'&' | b'=' | b'+' | b'$' | b',' | b';' | b'?' | b'/'
        )
    {
        k |= USER;
    }
    if unreserved || matches!(c, b'%' | b'&' | b'=' | b'+' | b'$' | b',') {
        k |= PASSWORD;
    }
    if token
        || matches!(
            c,
            b':' | b'[' | b']' | b'/' | b'@' | b'?' | b'&' | b'$' | b'(' | b')'
        )
    {
        k |= HEADER_PVALUE;
    }
    if unreserved
        || matches!(
            c,
            b'%' | b'[' | b']' | b'/' | b'?' | b':' | b'+' | b'$' | b'=' | b'&'
        )
    {
        k |= URI_HEADER;
    }
    k
}

const fn build() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = class_of(i as u8);
        i += 1;
    }
    t
}

/// Octets of a host name or IPv4 address (alphanumeric, `-`, `.`, `_`): non-zero in
/// [`HOST_CHAR`], with the [`HOST_NUMERIC`] bit set for digits and `.`.
pub(crate) static HOST_CHAR: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        if c.is_ascii_digit() || c == b'.' {
            t[i] = 1 | HOST_NUMERIC;
        } else if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_') {
            t[i] = 1;
        }
        i += 1;
    }
    t
};

/// The [`HOST_CHAR`] bit of digits and `.`.
pub(crate) const HOST_NUMERIC: u8 = 2;

/// The class bits of every octet.
pub(crate) static CLASS: [u8; 256] = build();

/// Whether `c` belongs to class `k`.
#[inline(always)]
pub(crate) fn is(c: u8, k: u8) -> bool {
    CLASS[c as usize] & k != 0
}

/// Index of the first octet at or after `i` not in class `k` (one class bit; `s.len()` when
/// there is none). Four octets are tested with one branch while the run lasts; the group
/// that ends the run gives the position of its first outsider without a loop.
#[inline(always)]
pub(crate) fn span(s: &[u8], mut i: usize, k: u8) -> usize {
    while let Some(&[a, b, c, d]) = s.get(i..i + 4).and_then(|w| <&[u8; 4]>::try_from(w).ok()) {
        let t = |x: u8| CLASS[x as usize] & k;
        let ta = t(a);
        let tab = ta & t(b);
        let tabc = tab & t(c);
        if tabc & t(d) == 0 {
            return i + usize::from(ta != 0) + usize::from(tab != 0) + usize::from(tabc != 0);
        }
        i += 4;
    }
    while i < s.len() && is(s[i], k) {
        i += 1;
    }
    i
}

/// `token` characters (RFC 3261 §25.1).
#[inline(always)]
pub(crate) fn is_token(c: u8) -> bool {
    is(c, TOKEN)
}

/// Whitespace inside a header value: SP, HTAB and the CR/LF of a folded line (LWS).
#[inline]
pub(crate) fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

#[inline]
pub(crate) fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_ws(s[i]) {
        i += 1;
    }
    i
}

/// `s` without leading and trailing LWS.
pub(crate) fn trim(s: &[u8]) -> &[u8] {
    let a = skip_ws(s, 0);
    let mut b = s.len();
    while b > a && is_ws(s[b - 1]) {
        b -= 1;
    }
    &s[a..b]
}

/// Index just past the token starting at `i` (`i` itself when there is none).
#[inline]
pub(crate) fn token_end(s: &[u8], i: usize) -> usize {
    span(s, i, TOKEN)
}

/// Index just past the quoted-string whose opening quote is at `i` (backslash escapes any
/// octet; RFC 3261 §25.1 quoted-pair). `None` when the closing quote is missing.
pub(crate) fn quoted_end(s: &[u8], i: usize) -> Option<usize> {
    debug_assert_eq!(s.get(i), Some(&b'"'));
    let mut j = i + 1;
    while j < s.len() {
        j += memchr::memchr2(b'\\', b'"', &s[j..])?;
        if s[j] == b'"' {
            return Some(j + 1);
        }
        j += 2;
    }
    None
}

/// ASCII bytes already checked to be token or URI characters.
pub(crate) fn ascii(s: &[u8]) -> &str {
    // Callers only pass bytes they validated as ASCII; fall back to "" rather than panic.
    std::str::from_utf8(s).unwrap_or("")
}

/// Parses a decimal number with optional leading zeros, failing on overflow of `max`.
pub(crate) fn parse_u64(s: &[u8], max: u64) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
        if v > max {
            return None;
        }
    }
    Some(v)
}

/// Removes the quotes and quoted-pair backslashes of a quoted-string; other values are
/// returned unchanged.
pub fn unquote(s: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if s.len() >= 2 && s[0] == b'"' && s[s.len() - 1] == b'"' {
        let inner = &s[1..s.len() - 1];
        if !inner.contains(&b'\\') {
            return std::borrow::Cow::Borrowed(inner);
        }
        let mut out = Vec::with_capacity(inner.len());
        let mut i = 0;
        while i < inner.len() {
            if inner[i] == b'\\' && i + 1 < inner.len() {
                i += 1;
            }
            out.push(inner[i]);
            i += 1;
        }
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Decodes `%HH` escapes once (never recursively, RFC 4475 §3.1.1.3). Malformed escapes are
/// kept literally.
pub fn unescape(s: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !s.contains(&b'%') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' && i + 2 < s.len() {
            if let (Some(h), Some(l)) = (hex(s[i + 1]), hex(s[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[inline]
pub(crate) fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Iterator over the top-level comma-separated elements of a header value: commas inside
/// quoted strings and `<...>` do not split (RFC 3261 §7.3.1). Elements are trimmed; an empty
/// element is yielded as an empty slice so that strict grammars can reject it.
#[derive(Debug, Clone)]
pub struct ListIter<'b> {
    s: &'b [u8],
    pos: usize,
    base: usize,
    done: bool,
    single: bool,
}

impl<'b> ListIter<'b> {
    /// Splits `s`; `base` is the offset of `s` in the message, added to yielded offsets.
    pub(crate) fn new(s: &'b [u8], base: usize) -> Self {
        let done = trim(s).is_empty();
        Self {
            s,
            pos: 0,
            base,
            done,
            single: false,
        }
    }

    /// The whole of `s` as one element (headers that are not comma-separated lists).
    pub(crate) fn single(s: &'b [u8], base: usize) -> Self {
        Self {
            single: true,
            ..Self::new(s, base)
        }
    }
}

impl<'b> Iterator for ListIter<'b> {
    /// The element and its offset in the message.
    type Item = (&'b [u8], usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let s = self.s;
        let start = self.pos;
        let mut i = start;
        if self.single {
            i = s.len();
        }
        // Outside `<...>` a quote opens a quoted-string and a comma ends the element; inside,
        // only `>` matters.
        while i < s.len() {
            let Some(k) = memchr::memchr3(b'"', b'<', b',', &s[i..]) else {
                i = s.len();
                break;
            };
            i += k;
            match s[i] {
                b',' => break,
                b'"' => i = quoted_end(s, i).unwrap_or(s.len()),
                _ => match memchr::memchr(b'>', &s[i + 1..]) {
                    Some(k) => i += k + 2,
                    None => i = s.len(),
                },
            }
        }
        let end = i.min(s.len());
        if end >= s.len() {
            self.done = true;
        } else {
            self.pos = end + 1;
        }
        let a = skip_ws(s, start).min(end);
        let mut b = end;
        while b > a && is_ws(s[b - 1]) {
            b -= 1;
        }
        Some((&s[a..b], self.base + a))
    }
}
