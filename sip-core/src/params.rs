//! `;name=value` parameter lists of header values and URIs, viewed in place.

use crate::error::{ErrorKind, ParseError};
use crate::parse::scan::{
    ascii, quoted_end, skip_ws, span, unquote, HEADER_PVALUE, TOKEN, URI_PCHAR,
};
use std::borrow::Cow;

/// A parameter list (`*( ";" name [ "=" value ] )`), kept as the raw bytes it was parsed
/// from and walked on demand. Names compare case-insensitively (RFC 3261 §7.3.1).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Params<'b> {
    raw: &'b [u8],
    uri: bool,
}

impl std::fmt::Debug for Params<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(
                self.iter()
                    .map(|(n, v)| (n, v.map(String::from_utf8_lossy))),
            )
            .finish()
    }
}

/// One step of the scanner: at `i` (which must be at `;` possibly preceded by LWS for header
/// params), returns the parameter and the index after it, `Ok(None)` when no `;` follows.
/// One parameter: name, value, index after it; `Err` holds the offset of a syntax error.
type Step<'s> = Result<Option<(&'s [u8], Option<&'s [u8]>, usize)>, usize>;

fn step(s: &[u8], i: usize, uri: bool) -> Step<'_> {
    let j = if uri { i } else { skip_ws(s, i) };
    if j >= s.len() || s[j] != b';' {
        return Ok(None);
    }
    let mut k = if uri { j + 1 } else { skip_ws(s, j + 1) };
    let ns = k;
    k = span(s, k, if uri { URI_PCHAR } else { TOKEN });
    if k == ns {
        return Err(ns);
    }
    let name = &s[ns..k];
    let after_name = k;
    let e = if uri { k } else { skip_ws(s, k) };
    if e < s.len() && s[e] == b'=' {
        let mut v = if uri { e + 1 } else { skip_ws(s, e + 1) };
        let vs = v;
        if !uri && v < s.len() && s[v] == b'"' {
            v = quoted_end(s, v).ok_or(v)?;
        } else {
            v = span(s, v, if uri { URI_PCHAR } else { HEADER_PVALUE });
        }
        if v == vs && !uri {
            return Err(vs);
        }
        Ok(Some((name, Some(&s[vs..v]), v)))
    } else {
        Ok(Some((name, None, after_name)))
    }
}

impl<'b> Params<'b> {
    /// An empty list.
    pub const EMPTY: Params<'static> = Params {
        raw: b"",
        uri: false,
    };

    /// Scans header parameters (`*(SEMI generic-param)`, LWS allowed around `;` and `=`)
    /// starting at `i`; returns the list and the index after it. `base` offsets errors.
    pub(crate) fn scan_header(
        s: &'b [u8],
        i: usize,
        base: usize,
        what: &'static str,
    ) -> Result<(Self, usize), ParseError> {
        Self::scan(s, i, false)
            .map_err(|at| ParseError::new(base + at, ErrorKind::HeaderValue(what)))
    }

    /// Scans URI parameters (`*( ";" uri-parameter )`, no LWS).
    pub(crate) fn scan_uri(s: &'b [u8], i: usize) -> Result<(Self, usize), usize> {
        Self::scan(s, i, true)
    }

    /// [`Params::scan_header`] that also passes each parameter to `check`; the flag returned
    /// is whether `check` accepted them all.
    pub(crate) fn scan_header_checked(
        s: &'b [u8],
        i: usize,
        base: usize,
        what: &'static str,
        mut check: impl FnMut(&'b [u8], Option<&'b [u8]>) -> bool,
    ) -> Result<(Self, usize, bool), ParseError> {
        let mut end = i;
        let mut ok = true;
        loop {
            match step(s, end, false) {
                Ok(Some((n, v, e))) => {
                    ok &= check(n, v);
                    end = e;
                }
                Ok(None) => break,
                Err(at) => {
                    return Err(ParseError::new(base + at, ErrorKind::HeaderValue(what)));
                }
            }
        }
        let params = Params {
            raw: &s[i..end],
            uri: false,
        };
        Ok((params, end, ok))
    }

    fn scan(s: &'b [u8], i: usize, uri: bool) -> Result<(Self, usize), usize> {
        let mut end = i;
        while let Some((_, _, e)) = step(s, end, uri)? {
            end = e;
        }
        Ok((
            Params {
                raw: &s[i..end],
                uri,
            },
            end,
        ))
    }

    /// The raw text, starting with the first `;` (or LWS before it).
    pub fn as_bytes(&self) -> &'b [u8] {
        self.raw
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The parameters in order: name and raw value (quoted strings keep their quotes).
    pub fn iter(&self) -> impl Iterator<Item = (&'b str, Option<&'b [u8]>)> + '_ {
        let raw = self.raw;
        let uri = self.uri;
        let mut i = 0;
        std::iter::from_fn(move || match step(raw, i, uri) {
            Ok(Some((n, v, e))) => {
                i = e;
                Some((ascii(n), v))
            }
            _ => None,
        })
    }

    /// `Some(value)` when the parameter is present (`Some(None)` for a flag without value).
    pub fn get(&self, name: &str) -> Option<Option<&'b [u8]>> {
        let (raw, uri, name) = (self.raw, self.uri, name.as_bytes());
        let mut i = 0;
        while let Ok(Some((n, v, e))) = step(raw, i, uri) {
            if n.eq_ignore_ascii_case(name) {
                return Some(v);
            }
            i = e;
        }
        None
    }

    /// Whether the parameter is present, with or without value.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The value as text, quotes removed; `None` when absent, without value, or not UTF-8.
    pub fn get_str(&self, name: &str) -> Option<Cow<'b, str>> {
        let v = self.get(name)??;
        match unquote(v) {
            Cow::Borrowed(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
            Cow::Owned(o) => String::from_utf8(o).ok().map(Cow::Owned),
        }
    }

    /// The value as a decimal number.
    pub fn get_u32(&self, name: &str) -> Option<u32> {
        let v = self.get(name)??;
        crate::parse::scan::parse_u64(v, u64::from(u32::MAX)).map(|v| v as u32)
    }

    pub(crate) fn canonical_fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, v) in self.iter() {
            f.write_str(";")?;
            f.write_str(n)?;
            if let Some(v) = v {
                f.write_str("=")?;
                f.write_str(&String::from_utf8_lossy(v))?;
            }
        }
        Ok(())
    }
}
