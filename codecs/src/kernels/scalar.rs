//! The scalar reference kernel: the G.711 sample functions applied one sample at a time.
//! Decoding reads 256-entry tables generated at compile time from the same functions.

use crate::g711::{alaw_decode_sample, alaw_encode_sample, ulaw_decode_sample, ulaw_encode_sample};

use super::Fns;

pub(crate) static FNS: Fns = Fns {
    ulaw_encode,
    alaw_encode,
    ulaw_decode,
    alaw_decode,
    translate,
};

const fn decode_table(is_alaw: bool) -> [i16; 256] {
    let mut t = [0i16; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = if is_alaw {
            alaw_decode_sample(c as u8)
        } else {
            ulaw_decode_sample(c as u8)
        };
        c += 1;
    }
    t
}

static ULAW_DECODE: [i16; 256] = decode_table(false);
static ALAW_DECODE: [i16; 256] = decode_table(true);

/// µ-law encoding, one sample at a time.
pub(crate) fn ulaw_encode(pcm: &[i16], out: &mut [u8]) {
    for (o, &x) in out.iter_mut().zip(pcm) {
        *o = ulaw_encode_sample(x);
    }
}

/// A-law encoding, one sample at a time.
pub(crate) fn alaw_encode(pcm: &[i16], out: &mut [u8]) {
    for (o, &x) in out.iter_mut().zip(pcm) {
        *o = alaw_encode_sample(x);
    }
}

/// µ-law decoding by table.
pub(crate) fn ulaw_decode(code: &[u8], out: &mut [i16]) {
    for (o, &c) in out.iter_mut().zip(code) {
        *o = ULAW_DECODE[c as usize];
    }
}

/// A-law decoding by table.
pub(crate) fn alaw_decode(code: &[u8], out: &mut [i16]) {
    for (o, &c) in out.iter_mut().zip(code) {
        *o = ALAW_DECODE[c as usize];
    }
}

/// Byte-to-byte table look-up.
pub(crate) fn translate(table: &[u8; 256], input: &[u8], out: &mut [u8]) {
    for (o, &c) in out.iter_mut().zip(input) {
        *o = table[c as usize];
    }
}
