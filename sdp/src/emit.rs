//! Writing a [`SessionDescription`] back to text in RFC 8866 §5 order.

use core::fmt::{self, Write};

use crate::error::BufferTooSmall;
use crate::model::{Attribute, Bandwidth, Connection, MediaDescription, SessionDescription};

/// Appends the text of `sdp` to `out`.
pub fn emit_into(sdp: &SessionDescription<'_>, out: &mut String) {
    out.reserve(encoded_len_hint(sdp));
    // Writing into a String cannot fail.
    let _ = write_sdp(sdp, out);
}

/// The text of `sdp`.
pub fn emit(sdp: &SessionDescription<'_>) -> String {
    let mut s = String::new();
    emit_into(sdp, &mut s);
    s
}

/// The number of bytes [`emit_to_slice`] writes for `sdp`.
pub fn buffer_len(sdp: &SessionDescription<'_>) -> usize {
    struct Count(usize);
    impl Write for Count {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = write_sdp(sdp, &mut c);
    c.0
}

/// Writes `sdp` into `out` without allocating; returns the length written.
pub fn emit_to_slice(
    sdp: &SessionDescription<'_>,
    out: &mut [u8],
) -> Result<usize, BufferTooSmall> {
    struct Slice<'b> {
        out: &'b mut [u8],
        at: usize,
    }
    impl Write for Slice<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let end = self.at + s.len();
            let dst = self.out.get_mut(self.at..end).ok_or(fmt::Error)?;
            dst.copy_from_slice(s.as_bytes());
            self.at = end;
            Ok(())
        }
    }
    let mut w = Slice { out, at: 0 };
    match write_sdp(sdp, &mut w) {
        Ok(()) => Ok(w.at),
        Err(_) => Err(BufferTooSmall {
            required: buffer_len(sdp),
        }),
    }
}

fn encoded_len_hint(sdp: &SessionDescription<'_>) -> usize {
    128 + sdp.attributes.len() * 24
        + sdp
            .media
            .iter()
            .map(|m| 32 + m.attributes.len() * 24)
            .sum::<usize>()
}

impl fmt::Display for SessionDescription<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_sdp(self, f)
    }
}

fn write_sdp<W: Write>(sdp: &SessionDescription<'_>, w: &mut W) -> fmt::Result {
    let nl = sdp.line_ending.as_str();
    let o = &sdp.origin;
    write!(w, "v={}{nl}", sdp.version)?;
    write!(
        w,
        "o={} {} {} {} {} {}{nl}",
        o.username, o.session_id, o.session_version, o.net_type, o.addr_type, o.address
    )?;
    if let Some(s) = &sdp.session_name {
        line(w, "s=", s, nl)?;
    }
    if let Some(i) = &sdp.information {
        line(w, "i=", i, nl)?;
    }
    if let Some(u) = &sdp.uri {
        line(w, "u=", u, nl)?;
    }
    for e in &sdp.emails {
        line(w, "e=", e, nl)?;
    }
    for p in &sdp.phones {
        line(w, "p=", p, nl)?;
    }
    if let Some(c) = &sdp.connection {
        connection(w, c, nl)?;
    }
    for b in &sdp.bandwidths {
        bandwidth(w, b, nl)?;
    }
    for t in &sdp.times {
        write!(w, "t={} {}{nl}", t.start, t.stop)?;
        for r in &t.repeats {
            line(w, "r=", r, nl)?;
        }
    }
    if let Some(z) = &sdp.time_zones {
        line(w, "z=", z, nl)?;
    }
    if let Some(k) = &sdp.key {
        line(w, "k=", k, nl)?;
    }
    for u in &sdp.unknown_lines {
        line(w, "", u, nl)?;
    }
    for a in &sdp.attributes {
        attribute(w, a, nl)?;
    }
    for m in &sdp.media {
        media(w, m, nl)?;
    }
    Ok(())
}

fn line<W: Write>(w: &mut W, prefix: &str, value: &str, nl: &str) -> fmt::Result {
    w.write_str(prefix)?;
    w.write_str(value)?;
    w.write_str(nl)
}

fn connection<W: Write>(w: &mut W, c: &Connection<'_>, nl: &str) -> fmt::Result {
    write!(w, "c={} {} {}{nl}", c.net_type, c.addr_type, c.address)
}

fn bandwidth<W: Write>(w: &mut W, b: &Bandwidth<'_>, nl: &str) -> fmt::Result {
    write!(w, "b={}:{}{nl}", b.bw_type, b.bandwidth)
}

fn attribute<W: Write>(w: &mut W, a: &Attribute<'_>, nl: &str) -> fmt::Result {
    w.write_str("a=")?;
    w.write_str(&a.name)?;
    if let Some(v) = &a.value {
        w.write_char(':')?;
        w.write_str(v)?;
    }
    w.write_str(nl)
}

fn media<W: Write>(w: &mut W, m: &MediaDescription<'_>, nl: &str) -> fmt::Result {
    write!(w, "m={} {}", m.media, m.port)?;
    if let Some(n) = m.num_ports {
        write!(w, "/{n}")?;
    }
    write!(w, " {}", m.proto)?;
    for f in &m.formats {
        w.write_char(' ')?;
        w.write_str(f)?;
    }
    w.write_str(nl)?;
    if let Some(i) = &m.information {
        line(w, "i=", i, nl)?;
    }
    for c in &m.connections {
        connection(w, c, nl)?;
    }
    for b in &m.bandwidths {
        bandwidth(w, b, nl)?;
    }
    if let Some(k) = &m.key {
        line(w, "k=", k, nl)?;
    }
    for u in &m.unknown_lines {
        line(w, "", u, nl)?;
    }
    for a in &m.attributes {
        attribute(w, a, nl)?;
    }
    Ok(())
}
