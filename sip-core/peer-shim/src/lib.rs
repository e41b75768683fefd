//! Test-only bindings to C SIP parsers (libosip2, sofia-sip) for side-by-side benchmarks.
//! Each function parses one message and reads Via, From tag, To user, CSeq and Call-ID,
//! returning a checksum, or `None` when the peer is not installed or rejects the message.
#![warn(missing_docs)]

#[cfg(any(has_osip, has_sofia))]
use std::ffi::c_char;

#[cfg(has_osip)]
unsafe extern "C" {
    fn strowger_osip_init() -> i32;
    fn strowger_osip_parse(buf: *const c_char, len: usize) -> i64;
}

#[cfg(has_sofia)]
unsafe extern "C" {
    fn strowger_sofia_parse(buf: *const c_char, len: usize) -> i64;
}

/// Whether libosip2 was found at build time.
pub const HAVE_OSIP: bool = cfg!(has_osip);
/// Whether sofia-sip was found at build time.
pub const HAVE_SOFIA: bool = cfg!(has_sofia);

/// Parses with libosip2 (`osip_message_parse`).
#[cfg(has_osip)]
pub fn osip_parse(buf: &[u8]) -> Option<i64> {
    static INIT: std::sync::Once = std::sync::Once::new();
    // SAFETY: parser_init() only fills libosip2's static tables; Once runs it exactly once.
    INIT.call_once(|| unsafe {
        strowger_osip_init();
    });
    // SAFETY: the shim reads exactly `len` bytes from `buf`, which the slice guarantees.
    let r = unsafe { strowger_osip_parse(buf.as_ptr().cast(), buf.len()) };
    (r >= 0).then_some(r)
}

/// Parses with libosip2: not installed at build time.
#[cfg(not(has_osip))]
pub fn osip_parse(_buf: &[u8]) -> Option<i64> {
    None
}

/// Parses with sofia-sip (`msg_make` with the default SIP message class).
#[cfg(has_sofia)]
pub fn sofia_parse(buf: &[u8]) -> Option<i64> {
    // SAFETY: the shim reads exactly `len` bytes from `buf`; msg_make copies them.
    let r = unsafe { strowger_sofia_parse(buf.as_ptr().cast(), buf.len()) };
    (r >= 0).then_some(r)
}

/// Parses with sofia-sip: not installed at build time.
#[cfg(not(has_sofia))]
pub fn sofia_parse(_buf: &[u8]) -> Option<i64> {
    None
}
