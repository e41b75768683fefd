//! RTP header extensions: RFC 3550 §5.3.1 and the RFC 8285 one-byte and two-byte element forms.

use crate::error::{BufferTooSmall, Error, ParseError};

/// The "defined by profile" value of the RFC 8285 one-byte form.
pub const ONE_BYTE_PROFILE: u16 = 0xBEDE;
/// The RFC 8285 two-byte form: `0x100` in the top 12 bits, four application bits below.
pub const TWO_BYTE_PROFILE: u16 = 0x1000;

/// A header extension: the 16-bit profile-defined value and the data words after the length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension<'a> {
    /// The "defined by profile" field.
    pub profile: u16,
    /// The extension data (a multiple of four bytes on the wire).
    pub data: &'a [u8],
}

/// Which RFC 8285 form an extension uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementForm {
    /// One-byte headers (profile 0xBEDE): IDs 1..=14, 1..=16 data bytes.
    OneByte,
    /// Two-byte headers (profile 0x100X): IDs 1..=255, 0..=255 data bytes.
    TwoByte {
        /// The four application bits of the profile value (RFC 8285 §4.3 "appbits").
        appbits: u8,
    },
}

impl ElementForm {
    /// The profile value for this form.
    pub const fn profile(self) -> u16 {
        match self {
            ElementForm::OneByte => ONE_BYTE_PROFILE,
            ElementForm::TwoByte { appbits } => TWO_BYTE_PROFILE | (appbits as u16 & 0xf),
        }
    }
}

/// One RFC 8285 extension element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element<'a> {
    /// Local identifier negotiated in SDP (`a=extmap`).
    pub id: u8,
    /// Element data.
    pub data: &'a [u8],
}

impl<'a> Extension<'a> {
    /// The RFC 8285 form of this extension, if it is one.
    pub fn form(&self) -> Option<ElementForm> {
        if self.profile == ONE_BYTE_PROFILE {
            Some(ElementForm::OneByte)
        } else if self.profile & 0xfff0 == TWO_BYTE_PROFILE {
            Some(ElementForm::TwoByte {
                appbits: (self.profile & 0xf) as u8,
            })
        } else {
            None
        }
    }

    /// The RFC 8285 elements, or `None` for an extension of another profile. Padding bytes are
    /// skipped; a one-byte ID 15 stops the walk (RFC 8285 §4.2). Offsets in errors count from
    /// the start of the extension data.
    pub fn elements(&self) -> Option<Elements<'a>> {
        self.form().map(|form| Elements {
            data: self.data,
            at: 0,
            form,
        })
    }
}

/// Iterator over the elements of an RFC 8285 extension.
#[derive(Debug, Clone)]
pub struct Elements<'a> {
    data: &'a [u8],
    at: usize,
    form: ElementForm,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<Element<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let &b = self.data.get(self.at)?;
            match self.form {
                ElementForm::OneByte => {
                    if b == 0 {
                        self.at += 1;
                        continue;
                    }
                    let id = b >> 4;
                    if id == 15 {
                        self.at = self.data.len();
                        return None;
                    }
                    let len = usize::from(b & 0xf) + 1;
                    let start = self.at + 1;
                    return Some(self.take(id, start, len));
                }
                ElementForm::TwoByte { .. } => {
                    if b == 0 {
                        self.at += 1;
                        continue;
                    }
                    let Some(&l) = self.data.get(self.at + 1) else {
                        let at = self.at + 1;
                        self.at = self.data.len();
                        return Some(Err(ParseError::truncated(at, 1)));
                    };
                    let start = self.at + 2;
                    return Some(self.take(b, start, usize::from(l)));
                }
            }
        }
    }
}

impl<'a> Elements<'a> {
    fn take(&mut self, id: u8, start: usize, len: usize) -> Result<Element<'a>, ParseError> {
        if start + len > self.data.len() {
            let e = ParseError::truncated(self.data.len(), start + len - self.data.len());
            self.at = self.data.len();
            return Err(e);
        }
        self.at = start + len;
        Ok(Element {
            id,
            data: &self.data[start..start + len],
        })
    }
}

/// Bytes [`write_elements`] produces for `elements` in `form`, padded to whole words.
pub fn elements_len(form: ElementForm, elements: &[Element<'_>]) -> usize {
    let per = match form {
        ElementForm::OneByte => 1,
        ElementForm::TwoByte { .. } => 2,
    };
    elements
        .iter()
        .map(|e| per + e.data.len())
        .sum::<usize>()
        .div_ceil(4)
        * 4
}

/// Writes `elements` as RFC 8285 extension data into `out`, zero-padded to a word boundary;
/// returns the length. Use the result as [`Extension::data`] with [`ElementForm::profile`].
///
/// One-byte form: IDs 1..=14 and 1..=16 data bytes. Two-byte form: IDs 1..=255 and up to 255
/// data bytes. Anything else is [`Error::Unrepresentable`].
pub fn write_elements(
    form: ElementForm,
    elements: &[Element<'_>],
    out: &mut [u8],
) -> Result<usize, Error> {
    for e in elements {
        let ok = match form {
            ElementForm::OneByte => (1..=14).contains(&e.id) && (1..=16).contains(&e.data.len()),
            ElementForm::TwoByte { .. } => e.id != 0 && e.data.len() <= 255,
        };
        if !ok {
            return Err(Error::Unrepresentable("RFC 8285 element id or length"));
        }
    }
    let len = elements_len(form, elements);
    if out.len() < len {
        return Err(BufferTooSmall { required: len }.into());
    }
    let mut at = 0;
    for e in elements {
        match form {
            ElementForm::OneByte => {
                out[at] = (e.id << 4) | (e.data.len() as u8 - 1);
                at += 1;
            }
            ElementForm::TwoByte { .. } => {
                out[at] = e.id;
                out[at + 1] = e.data.len() as u8;
                at += 2;
            }
        }
        out[at..at + e.data.len()].copy_from_slice(e.data);
        at += e.data.len();
    }
    out[at..len].fill(0);
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn rfc8285_one_byte_example() {
        // RFC 8285 §4.2 figure: ID 1 (1 byte), ID 2 (2 bytes), padding, ID 3 (4 bytes).
        let data = [
            0x10, 0xff, 0x21, 0xaa, 0xbb, 0x00, 0x00, 0x33, 0x01, 0x02, 0x03, 0x04,
        ];
        let ext = Extension {
            profile: ONE_BYTE_PROFILE,
            data: &data,
        };
        let els: Vec<_> = ext.elements().unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(
            els,
            [
                Element {
                    id: 1,
                    data: &[0xff]
                },
                Element {
                    id: 2,
                    data: &[0xaa, 0xbb]
                },
                Element {
                    id: 3,
                    data: &[1, 2, 3, 4]
                }
            ]
        );
    }

    #[test]
    fn two_byte_form_and_zero_length() {
        let els = [
            Element { id: 200, data: &[] },
            Element {
                id: 5,
                data: &[9; 20],
            },
        ];
        let form = ElementForm::TwoByte { appbits: 3 };
        let mut buf = [0u8; 64];
        let n = write_elements(form, &els, &mut buf).unwrap();
        assert_eq!(n, 24);
        let ext = Extension {
            profile: form.profile(),
            data: &buf[..n],
        };
        assert_eq!(ext.form(), Some(form));
        let back: Vec<_> = ext.elements().unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(back, els);
    }

    #[test]
    fn stop_id_truncation_and_limits() {
        let data = [0x10, 0x01, 0xf0, 0x22, 0, 0, 0, 0];
        let ext = Extension {
            profile: ONE_BYTE_PROFILE,
            data: &data,
        };
        assert_eq!(ext.elements().unwrap().count(), 1);
        let short = [0x13, 0x01];
        let ext = Extension {
            profile: ONE_BYTE_PROFILE,
            data: &short,
        };
        assert_eq!(
            ext.elements().unwrap().next().unwrap(),
            Err(ParseError::truncated(2, 3))
        );
        assert!(Extension {
            profile: 0x1234,
            data: &[]
        }
        .elements()
        .is_none());
        let mut buf = [0u8; 8];
        assert!(write_elements(
            ElementForm::OneByte,
            &[Element { id: 15, data: &[1] }],
            &mut buf
        )
        .is_err());
        assert!(write_elements(
            ElementForm::OneByte,
            &[Element { id: 1, data: &[] }],
            &mut buf
        )
        .is_err());
    }
}
