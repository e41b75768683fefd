//! A bounded ASN.1 BER reader (X.690 §8.1): identifier octets (low and high tag numbers),
//! definite (short and long form) and indefinite lengths, nesting depth and size limits.

use alloc::vec::Vec;

use crate::ParseError;

/// Deepest nesting of constructed encodings the reader follows (asn1-rs' `MAX_RECURSION`
/// idea; QSIG arguments nest well under 10 levels).
pub const MAX_DEPTH: usize = 16;

/// Longest definite length accepted, in octets of the length field (4 → up to 2³² − 1).
const MAX_LENGTH_OCTETS: usize = 4;

/// Tag class, X.690 §8.1.2.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// Universal.
    Universal,
    /// Application.
    Application,
    /// Context-specific.
    Context,
    /// Private.
    Private,
}

/// One BER element (tag, length, value) borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// Tag class.
    pub class: Class,
    /// Constructed (`true`) or primitive encoding.
    pub constructed: bool,
    /// Tag number.
    pub tag: u32,
    /// Whether the length was indefinite (contents end with end-of-contents octets).
    pub indefinite: bool,
    /// The contents octets (for an indefinite length, without the end-of-contents octets).
    pub value: &'a [u8],
    /// The whole encoding, identifier to last octet.
    pub raw: &'a [u8],
    /// Offset of the identifier octet from the start of the buffer being read.
    pub offset: usize,
}

impl<'a> Tlv<'a> {
    /// Whether this is the given class, form and tag.
    #[must_use]
    pub fn is(&self, class: Class, constructed: bool, tag: u32) -> bool {
        self.class == class && self.constructed == constructed && self.tag == tag
    }

    /// The elements inside a constructed encoding.
    #[must_use]
    pub fn children(&self) -> Reader<'a> {
        let eoc = if self.indefinite { 2 } else { 0 };
        let header = self.raw.len().saturating_sub(self.value.len() + eoc);
        Reader::nested(self.value, self.offset + header, 1)
    }

    /// The contents as a two's-complement INTEGER (1–4 octets, X.690 §8.3).
    pub fn integer(&self) -> Result<i32, ParseError> {
        decode_integer(self.value, self.offset)
    }
}

pub(crate) fn decode_integer(v: &[u8], offset: usize) -> Result<i32, ParseError> {
    if v.is_empty() {
        return Err(ParseError::invalid(offset, "empty INTEGER"));
    }
    if v.len() > 4 {
        return Err(ParseError::limit(offset, "INTEGER longer than 4 octets"));
    }
    let mut x: i32 = if v[0] & 0x80 != 0 { -1 } else { 0 };
    for &b in v {
        x = (x << 8) | i32::from(b);
    }
    Ok(x)
}

/// Reads consecutive BER elements from a buffer.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    depth: usize,
    failed: bool,
}

impl<'a> Reader<'a> {
    /// Reads `buf`; offsets in elements and errors are relative to `buf`.
    #[must_use]
    pub const fn new(buf: &'a [u8]) -> Self {
        Self::nested(buf, 0, 0)
    }

    const fn nested(buf: &'a [u8], base: usize, depth: usize) -> Self {
        Self {
            buf,
            pos: 0,
            base,
            depth,
            failed: false,
        }
    }

    /// Whether every element has been read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// Reads the next element; `Ok(None)` at the end.
    pub fn read(&mut self) -> Result<Option<Tlv<'a>>, ParseError> {
        if self.is_empty() {
            return Ok(None);
        }
        let (tlv, n) = read_tlv(&self.buf[self.pos..], self.base + self.pos, self.depth)?;
        self.pos += n;
        Ok(Some(tlv))
    }

    /// Reads the next element and requires it to exist.
    pub fn expect(&mut self, what: &'static str) -> Result<Tlv<'a>, ParseError> {
        let at = self.base + self.pos;
        self.read()?.ok_or(ParseError::invalid(at, what))
    }

    /// Reads the next element if it has the given class, form and tag.
    pub fn read_if(
        &mut self,
        class: Class,
        constructed: bool,
        tag: u32,
    ) -> Result<Option<Tlv<'a>>, ParseError> {
        let save = self.pos;
        match self.read()? {
            Some(t) if t.is(class, constructed, tag) => Ok(Some(t)),
            _ => {
                self.pos = save;
                Ok(None)
            }
        }
    }
}

impl<'a> Iterator for Reader<'a> {
    type Item = Result<Tlv<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let r = self.read().transpose();
        if matches!(r, Some(Err(_))) {
            self.failed = true;
        }
        r
    }
}

/// Reads one element at the start of `b`; returns it and the octets it occupies.
fn read_tlv(b: &[u8], offset: usize, depth: usize) -> Result<(Tlv<'_>, usize), ParseError> {
    if depth > MAX_DEPTH {
        return Err(ParseError::limit(offset, "BER nesting depth"));
    }
    let id = *b.first().ok_or(ParseError::truncated(offset, 1))?;
    let class = match id >> 6 {
        0 => Class::Universal,
        1 => Class::Application,
        2 => Class::Context,
        _ => Class::Private,
    };
    let constructed = id & 0x20 != 0;
    let mut i = 1;
    let mut tag = u32::from(id & 0x1F);
    if tag == 0x1F {
        tag = 0;
        loop {
            let o = *b.get(i).ok_or(ParseError::truncated(offset + b.len(), 1))?;
            if i == 1 && o == 0x80 {
                return Err(ParseError::invalid(offset + i, "BER tag with leading zero"));
            }
            if i > 4 {
                return Err(ParseError::limit(offset + i, "BER tag number"));
            }
            tag = (tag << 7) | u32::from(o & 0x7F);
            i += 1;
            if o & 0x80 == 0 {
                break;
            }
        }
    }
    let l = *b.get(i).ok_or(ParseError::truncated(offset + b.len(), 1))?;
    i += 1;
    if l == 0x80 {
        if !constructed {
            return Err(ParseError::invalid(
                offset + i - 1,
                "indefinite length of a primitive",
            ));
        }
        // Contents run up to the end-of-contents octets: walk the nested elements.
        let start = i;
        loop {
            if b.len() < i + 2 {
                return Err(ParseError::truncated(offset + b.len(), i + 2 - b.len()));
            }
            if b[i] == 0 && b[i + 1] == 0 {
                let tlv = Tlv {
                    class,
                    constructed,
                    tag,
                    indefinite: true,
                    value: &b[start..i],
                    raw: &b[..i + 2],
                    offset,
                };
                return Ok((tlv, i + 2));
            }
            let (_, n) = read_tlv(&b[i..], offset + i, depth + 1)?;
            i += n;
        }
    }
    let len = if l & 0x80 == 0 {
        usize::from(l)
    } else {
        let n = usize::from(l & 0x7F);
        if n > MAX_LENGTH_OCTETS || l == 0xFF {
            return Err(ParseError::limit(offset + i - 1, "BER length field"));
        }
        if b.len() < i + n {
            return Err(ParseError::truncated(offset + b.len(), i + n - b.len()));
        }
        let mut len = 0usize;
        for &o in &b[i..i + n] {
            len = (len << 8) | usize::from(o);
        }
        i += n;
        len
    };
    let end = i
        .checked_add(len)
        .ok_or(ParseError::invalid(offset + i, "BER length"))?;
    if end > b.len() {
        return Err(ParseError::truncated(offset + b.len(), end - b.len()));
    }
    let tlv = Tlv {
        class,
        constructed,
        tag,
        indefinite: false,
        value: &b[i..end],
        raw: &b[..end],
        offset,
    };
    if constructed {
        // Validate the nesting now so that walking children never meets a deeper error later.
        let mut r = Reader::nested(tlv.value, offset + i, depth + 1);
        while r.read()?.is_some() {}
    }
    Ok((tlv, end))
}

/// Reads exactly one element spanning all of `b`.
pub fn parse_one(b: &[u8]) -> Result<Tlv<'_>, ParseError> {
    let mut r = Reader::new(b);
    let t = r.expect("BER element")?;
    if !r.is_empty() {
        return Err(ParseError::invalid(
            t.raw.len(),
            "octets after the BER element",
        ));
    }
    Ok(t)
}

/// Appends one element with a low tag number (< 31) and a minimal definite length
/// (X.690 §8.1.3 / DER length rules). `id` is the identifier octet.
pub fn write_tlv(out: &mut Vec<u8>, id: u8, contents: &[u8]) {
    out.push(id);
    let n = contents.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = (n as u64).to_be_bytes();
        let skip = bytes.iter().position(|&b| b != 0).unwrap_or(7);
        out.push(0x80 | (8 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(contents);
}

/// The minimal two's-complement contents octets of an INTEGER (X.690 §8.3.2).
#[must_use]
pub fn integer_contents(v: i32) -> Vec<u8> {
    let b = v.to_be_bytes();
    let mut i = 0;
    while i < 3 && ((b[i] == 0 && b[i + 1] & 0x80 == 0) || (b[i] == 0xFF && b[i + 1] & 0x80 != 0)) {
        i += 1;
    }
    b[i..].to_vec()
}

/// Appends an INTEGER (or an implicitly tagged one, given its identifier octet).
pub fn write_integer(out: &mut Vec<u8>, id: u8, v: i32) {
    write_tlv(out, id, &integer_contents(v));
}

// Helpers the typed arguments (addressing, arguments, aoc, ops) are decoded and encoded
// with.

/// A SEQUENCE (or an implicitly tagged one) read element by element, with one element of
/// look-ahead for OPTIONAL and DEFAULT components.
pub(crate) struct Seq<'a> {
    r: Reader<'a>,
    next: Option<Tlv<'a>>,
    end: usize,
}

impl<'a> Seq<'a> {
    /// The components of a universal SEQUENCE.
    pub(crate) fn new(t: &Tlv<'a>, what: &'static str) -> Result<Self, ParseError> {
        if !t.is(Class::Universal, true, 16) {
            return Err(ParseError::invalid(t.offset, what));
        }
        Self::of(t, what)
    }

    /// The components of any constructed element (an IMPLICIT SEQUENCE or SET).
    pub(crate) fn of(t: &Tlv<'a>, what: &'static str) -> Result<Self, ParseError> {
        if !t.constructed {
            return Err(ParseError::invalid(t.offset, what));
        }
        let mut r = t.children();
        let next = r.read()?;
        Ok(Self {
            r,
            next,
            end: t.offset + t.raw.len(),
        })
    }

    /// The next component, required.
    pub(crate) fn next(&mut self, what: &'static str) -> Result<Tlv<'a>, ParseError> {
        let t = self.next.ok_or(ParseError::invalid(self.end, what))?;
        self.next = self.r.read()?;
        Ok(t)
    }

    /// The next component if it satisfies `f`.
    pub(crate) fn opt(
        &mut self,
        f: impl Fn(&Tlv<'a>) -> bool,
    ) -> Result<Option<Tlv<'a>>, ParseError> {
        if self.next.as_ref().is_some_and(f) {
            self.next("").map(Some)
        } else {
            Ok(None)
        }
    }

    /// The next component if it is context tag `tag` of the given form.
    pub(crate) fn ctx(
        &mut self,
        constructed: bool,
        tag: u32,
    ) -> Result<Option<Tlv<'a>>, ParseError> {
        self.opt(|t| t.is(Class::Context, constructed, tag))
    }

    /// The next component if it is the extension `[a]` (single) or `[b]` (multiple).
    pub(crate) fn ext(&mut self, a: u32, b: u32) -> Result<Option<Tlv<'a>>, ParseError> {
        self.opt(|t| t.class == Class::Context && (t.tag == a || t.tag == b))
    }

    /// Requires that no component is left.
    pub(crate) fn finish(self, what: &'static str) -> Result<(), ParseError> {
        match self.next {
            Some(t) => Err(ParseError::invalid(t.offset, what)),
            None => Ok(()),
        }
    }
}

/// An INTEGER (universal tag 2).
pub(crate) fn integer(t: &Tlv<'_>, what: &'static str) -> Result<i32, ParseError> {
    if !t.is(Class::Universal, false, 2) {
        return Err(ParseError::invalid(t.offset, what));
    }
    t.integer()
}

/// An ENUMERATED (universal tag 10).
pub(crate) fn enumerated(t: &Tlv<'_>, what: &'static str) -> Result<i32, ParseError> {
    if !t.is(Class::Universal, false, 10) {
        return Err(ParseError::invalid(t.offset, what));
    }
    t.integer()
}

/// The contents of a BOOLEAN, whatever its tag (one octet, X.690 §8.2).
pub(crate) fn boolean(t: &Tlv<'_>, what: &'static str) -> Result<bool, ParseError> {
    if t.constructed || t.value.len() != 1 {
        return Err(ParseError::invalid(t.offset, what));
    }
    Ok(t.value[0] != 0)
}

/// Appends a BOOLEAN with identifier `id` (TRUE as `0x01`, as libpri encodes it).
pub(crate) fn write_bool(out: &mut Vec<u8>, id: u8, v: bool) {
    write_tlv(out, id, &[u8::from(v)]);
}

/// Checks `SIZE(min..max)` of a string or a list: above the bound is a
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded), below it an invalid encoding.
pub(crate) fn size(
    n: usize,
    offset: usize,
    min: usize,
    max: usize,
    what: &'static str,
) -> Result<(), ParseError> {
    if n > max {
        return Err(ParseError::limit(offset, what));
    }
    if n < min {
        return Err(ParseError::invalid(offset, what));
    }
    Ok(())
}

/// The contents of a primitive string with universal tag `tag` and `SIZE(min..max)`.
pub(crate) fn string<'a>(
    t: &Tlv<'a>,
    tag: u32,
    min: usize,
    max: usize,
    what: &'static str,
) -> Result<&'a [u8], ParseError> {
    if !t.is(Class::Universal, false, tag) {
        return Err(ParseError::invalid(t.offset, what));
    }
    size(t.value.len(), t.offset, min, max, what)?;
    Ok(t.value)
}

/// `TimeStamp ::= GeneralizedTime (SIZE(12..19))` (ECMA-242).
pub(crate) fn timestamp<'a>(t: &Tlv<'a>) -> Result<&'a [u8], ParseError> {
    string(t, 24, 12, 19, "TimeStamp SIZE(12..19)")
}

/// The single element inside an EXPLICIT tag.
pub(crate) fn explicit<'a>(t: &Tlv<'a>, what: &'static str) -> Result<Tlv<'a>, ParseError> {
    let mut s = Seq::of(t, what)?;
    let inner = s.next(what)?;
    s.finish(what)?;
    Ok(inner)
}

/// Appends `[id]` wrapping what `f` writes (an EXPLICIT tag or a constructed value).
pub(crate) fn wrap(out: &mut Vec<u8>, id: u8, f: impl FnOnce(&mut Vec<u8>)) {
    let mut c = Vec::new();
    f(&mut c);
    write_tlv(out, id, &c);
}

/// Appends an optional raw element (an extension kept undecoded).
pub(crate) fn raw(out: &mut Vec<u8>, t: Option<Tlv<'_>>) {
    if let Some(t) = t {
        out.extend_from_slice(t.raw);
    }
}
