//! Name identification (ECMA-164): calling name in SETUP, called name in ALERTING, connected
//! name in CONNECT, busy name in the clearing message of a busy call.
//!
//! ```
//! use strowger_q931_qsig::qsig::service::{self, names, InvokeIds, NameKind, Indication, Operation};
//!
//! let mut ids = InvokeIds::new();
//! let ie = names::build(&mut ids, NameKind::Calling, &names::allowed(b"Alice")).unwrap();
//! let got = service::read(&ie).unwrap();
//! let (kind, name) = names::received(&got).next().unwrap();
//! assert_eq!((kind, names::display(&name)), (NameKind::Calling, Some(&b"Alice"[..])));
//! ```

use alloc::vec::Vec;

use super::{build_invoke, Indication, Interpretation, InvokeIds, NameKind, Operation, Received};
use crate::qsig::ops::Name;
use crate::EmitError;

/// A presentation-allowed simple name (`namePresentationAllowedSimple`).
#[must_use]
pub fn allowed(data: &[u8]) -> Name<'_> {
    Name::Presented {
        restricted: false,
        data,
        extended: false,
        character_set: None,
    }
}

/// A presentation-restricted simple name: sent so that the far end may use it for internal
/// purposes but must not display it (`namePresentationRestrictedSimple`).
#[must_use]
pub fn restricted(data: &[u8]) -> Name<'_> {
    Name::Presented {
        restricted: true,
        data,
        extended: false,
        character_set: None,
    }
}

/// Builds the Facility IE contents for a name invoke (interpretation APDU 0, "discard", as
/// libpri sends), with the next invoke identifier.
pub fn build(ids: &mut InvokeIds, kind: NameKind, name: &Name<'_>) -> Result<Vec<u8>, EmitError> {
    build_with_id(ids.next(), kind, name)
}

/// [`build`] with a given invoke identifier.
pub fn build_with_id(
    invoke_id: i32,
    kind: NameKind,
    name: &Name<'_>,
) -> Result<Vec<u8>, EmitError> {
    name.check()?;
    let mut arg = Vec::new();
    name.emit(&mut arg);
    Ok(build_invoke(
        Interpretation::Discard,
        invoke_id,
        kind.operation(),
        arg,
    ))
}

/// The names in a received Facility IE.
pub fn received<'r, 'a>(r: &'r Received<'a>) -> impl Iterator<Item = (NameKind, Name<'a>)> + 'r {
    r.indications.iter().filter_map(|i| match *i {
        Indication::Invoke {
            operation: Operation::Name(kind, name),
            ..
        } => Some((kind, name)),
        _ => None,
    })
}

/// A received name as a gateway uses it (e.g. the display name of a SIP From, To or
/// P-Asserted-Identity header), owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameEvent {
    /// A name that may be shown.
    Presented {
        /// Which name.
        kind: NameKind,
        /// The name octets (character set as sent: ISO 8859-1 unless the extended form said
        /// otherwise).
        name: Vec<u8>,
    },
    /// The name is withheld (presentation restricted, with or without the name).
    Restricted {
        /// Which name.
        kind: NameKind,
    },
    /// The name is not available (e.g. interworking).
    NotAvailable {
        /// Which name.
        kind: NameKind,
    },
}

/// The names in a received Facility IE as [`NameEvent`]s.
#[must_use]
pub fn events(r: &Received<'_>) -> Vec<NameEvent> {
    received(r)
        .map(|(kind, name)| match display(&name) {
            Some(n) => NameEvent::Presented {
                kind,
                name: n.to_vec(),
            },
            None if is_restricted(&name) => NameEvent::Restricted { kind },
            None => NameEvent::NotAvailable { kind },
        })
        .collect()
}

/// What a user may be shown: the name data when presentation is allowed, `None` when it is
/// restricted or not available (ECMA-164 §6 / CNIR).
#[must_use]
pub fn display<'a>(name: &Name<'a>) -> Option<&'a [u8]> {
    match *name {
        Name::Presented {
            restricted: false,
            data,
            ..
        } => Some(data),
        _ => None,
    }
}

/// Whether the name is withheld (restricted, with or without data).
#[must_use]
pub fn is_restricted(name: &Name<'_>) -> bool {
    matches!(
        name,
        Name::Presented {
            restricted: true,
            ..
        } | Name::RestrictedNull
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qsig::service::read;

    #[test]
    fn every_name_form_round_trips() {
        let mut ids = InvokeIds::starting_at(7);
        let forms = [
            allowed(b"Bob"),
            restricted(b"Secret"),
            Name::NotAvailable,
            Name::RestrictedNull,
            Name::Presented {
                restricted: false,
                data: "Zoë".as_bytes(),
                extended: true,
                character_set: Some(9),
            },
        ];
        for (i, kind) in [
            NameKind::Calling,
            NameKind::Called,
            NameKind::Connected,
            NameKind::Busy,
            NameKind::Calling,
        ]
        .into_iter()
        .enumerate()
        {
            let ie = build(&mut ids, kind, &forms[i]).unwrap();
            let r = read(&ie).unwrap();
            assert_eq!(r.reply, None);
            assert_eq!(received(&r).collect::<Vec<_>>(), [(kind, forms[i])]);
            assert!(matches!(
                r.indications[0],
                Indication::Invoke { invoke_id, .. } if invoke_id == 7 + i as i32
            ));
        }
        assert_eq!(display(&forms[1]), None);
        let ie = build(&mut ids, NameKind::Busy, &forms[1]).unwrap();
        assert_eq!(
            events(&read(&ie).unwrap()),
            [NameEvent::Restricted {
                kind: NameKind::Busy
            }]
        );
        let ie = build(&mut ids, NameKind::Called, &forms[2]).unwrap();
        assert_eq!(
            events(&read(&ie).unwrap()),
            [NameEvent::NotAvailable {
                kind: NameKind::Called
            }]
        );
        let ie = build(&mut ids, NameKind::Connected, &forms[0]).unwrap();
        assert_eq!(
            events(&read(&ie).unwrap()),
            [NameEvent::Presented {
                kind: NameKind::Connected,
                name: b"Bob".to_vec()
            }]
        );
        assert!(is_restricted(&forms[1]) && is_restricted(&forms[3]));
        assert!(!is_restricted(&forms[2]));
        assert!(build(&mut ids, NameKind::Calling, &allowed(&[b'x'; 51])).is_err());
        assert!(build(&mut ids, NameKind::Calling, &allowed(b"")).is_err());
    }
}
