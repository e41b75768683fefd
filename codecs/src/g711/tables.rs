//! G.711 Tables 3 and 4: direct µ-law ↔ A-law conversion.
//!
//! The Recommendation lists, for every µ-law magnitude (quantised value number 0–127), the
//! A-law value to send, and the other way round. The two columns below hold those numbers
//! for one sign; the 256-entry byte tables are derived from them at compile time by adding
//! the sign and the transmission inversions of each law (µ-law sends the complement of the
//! magnitude, A-law inverts the even bits, `^ 0x55`).
//!
//! Entry 80 of the µ→A column and entry 79 of the A→µ column are the corrected values
//! (80 / 80) published with the widely copied 1994 erratum to the Sun Microsystems tables.

/// A-law magnitude number (1-based) for each µ-law magnitude number (0-based).
const MU_TO_A_MAGNITUDE: [u8; 128] = [
    1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, //
    9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, //
    25, 27, 29, 31, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, //
    46, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, //
    64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, //
    80, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, //
    97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, //
    113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128,
];

/// µ-law magnitude number (0-based) for each A-law magnitude number (0-based).
const A_TO_MU_MAGNITUDE: [u8; 128] = [
    1, 3, 5, 7, 9, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, //
    24, 25, 26, 27, 28, 29, 30, 31, 32, 32, 33, 33, 34, 34, 35, 35, //
    36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 48, 49, 49, //
    50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 64, //
    65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, //
    80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, //
    96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, //
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
];

const fn build_mu_to_a() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut code = 0;
    while code < 256 {
        let c = code as u8;
        // µ-law: positive codes have bit 7 set; the magnitude number is the complement.
        t[code] = if c & 0x80 != 0 {
            0xD5 ^ (MU_TO_A_MAGNITUDE[(0xFF ^ c) as usize] - 1)
        } else {
            0x55 ^ (MU_TO_A_MAGNITUDE[(0x7F ^ c) as usize] - 1)
        };
        code += 1;
    }
    t
}

const fn build_a_to_mu() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut code = 0;
    while code < 256 {
        let c = code as u8;
        t[code] = if c & 0x80 != 0 {
            0xFF ^ A_TO_MU_MAGNITUDE[(c ^ 0xD5) as usize]
        } else {
            0x7F ^ A_TO_MU_MAGNITUDE[(c ^ 0x55) as usize]
        };
        code += 1;
    }
    t
}

/// µ-law code → A-law code, all 256 codes.
pub(crate) static ULAW_TO_ALAW: [u8; 256] = build_mu_to_a();
/// A-law code → µ-law code, all 256 codes.
pub(crate) static ALAW_TO_ULAW: [u8; 256] = build_a_to_mu();

#[cfg(test)]
mod tests {
    use super::*;
    use crate::g711::{
        alaw_decode_sample, alaw_encode_sample, ulaw_decode_sample, ulaw_encode_sample,
    };

    #[test]
    fn tables_are_odd_symmetric() {
        for c in 0..=255u8 {
            // Flipping the sign bit of the input flips it in the output.
            assert_eq!(
                ULAW_TO_ALAW[(c ^ 0x80) as usize],
                ULAW_TO_ALAW[c as usize] ^ 0x80
            );
            assert_eq!(
                ALAW_TO_ULAW[(c ^ 0x80) as usize],
                ALAW_TO_ULAW[c as usize] ^ 0x80
            );
        }
    }

    #[test]
    fn tables_are_monotonic() {
        // Larger magnitudes never map to smaller ones. Positive codes: µ-law magnitude grows
        // as the code falls from 0xFF to 0x80; A-law magnitude is `(code ^ 0xD5)`.
        let mut last = 0;
        for mag in 0..128u8 {
            let a = ULAW_TO_ALAW[(0xFF - mag) as usize] ^ 0xD5;
            assert!(a >= last, "µ magnitude {mag}");
            last = a;
        }
        let mut last = 0;
        for mag in 0..128u8 {
            let u = 0xFF - ALAW_TO_ULAW[(mag ^ 0xD5) as usize];
            assert!(u >= last, "A magnitude {mag}");
            last = u;
        }
    }

    #[test]
    fn table_entries_stay_within_one_level_of_decode_then_encode() {
        // The tables are their own definition; tandem conversion through linear PCM agrees on
        // most codes and is never more than one quantisation level away.
        let mut differ = 0;
        for c in 0..=255u8 {
            let via_linear = alaw_encode_sample(ulaw_decode_sample(c));
            let direct = ULAW_TO_ALAW[c as usize];
            if via_linear != direct {
                differ += 1;
                if ulaw_decode_sample(c) == 0 {
                    // µ-law's negative zero: linear 0 encodes as A-law +8, the table gives -8.
                    assert_eq!(via_linear ^ direct, 0x80, "µ {c:#04x}");
                } else {
                    assert_eq!((via_linear ^ direct) & 0x80, 0);
                    let d =
                        i16::from((via_linear ^ 0x55) & 0x7F) - i16::from((direct ^ 0x55) & 0x7F);
                    assert!(
                        d.abs() <= 1,
                        "µ {c:#04x}: {via_linear:#04x} vs {direct:#04x}"
                    );
                }
            }
            let via_linear = ulaw_encode_sample(alaw_decode_sample(c));
            let direct = ALAW_TO_ULAW[c as usize];
            if via_linear != direct {
                differ += 1;
                assert_eq!((via_linear ^ direct) & 0x80, 0);
                let d = i16::from(via_linear & 0x7F) - i16::from(direct & 0x7F);
                assert!(
                    d.abs() <= 1,
                    "A {c:#04x}: {via_linear:#04x} vs {direct:#04x}"
                );
            }
        }
        assert_eq!(differ, 76, "entries that differ from decode-then-encode");
    }
}
