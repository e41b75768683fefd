//! Findings of the `qsig_service` fuzz target, reproduced without the fuzzer: a builder that
//! returns `Result` must refuse what the peer's decoder would reject, instead of emitting an
//! invoke or result that comes back as a Reject (`mistypedArgument` / `mistypedResult`).

use core::time::Duration;
use strowger_q931_qsig::Instant;

use strowger_q931_qsig::qsig::ops::{AddressScreened, PartyNumber, PresentedScreened};
use strowger_q931_qsig::qsig::service::mwi::{
    encode_interrogate_result, InterrogateEntry, MsgCentre, MwiAgent, MwiEvent, MwiIndication, Role,
};
use strowger_q931_qsig::qsig::service::transfer::{self, EndPinx, Party};
use strowger_q931_qsig::qsig::service::{self, Indication, InvokeIds};

const DIGITS_20: &[u8] = b"12345678901234567890";
const DIGITS_21: &[u8] = b"123456789012345678901";

/// Contents that read back with at least one component and nothing to reject.
fn reads_back_clean(f: &[u8]) {
    let r = service::read(f).unwrap_or_else(|e| panic!("{f:02x?}: {e}"));
    assert_eq!(r.reply, None, "{f:02x?} reads back with Rejects");
    assert!(!r.indications.is_empty());
}

fn party(digits: &[u8]) -> Party<'_> {
    Party {
        number: PresentedScreened::Allowed(AddressScreened {
            party_number: PartyNumber::Unknown(digits),
            screening_indicator: 0,
            party_subaddress: None,
        }),
        name: None,
    }
}

#[test]
fn transfer_builders_refuse_numbers_longer_than_20_digits() {
    let mut ids = InvokeIds::new();
    // Found as a callTransferUpdate with 21 digits that read back as mistypedArgument.
    assert!(transfer::build_update(&mut ids, &party(DIGITS_21)).is_err());
    assert!(transfer::build_active(&mut ids, &party(DIGITS_21)).is_err());
    assert!(transfer::build_complete(
        &mut ids,
        transfer::EndDesignation::Primary,
        &party(DIGITS_21),
        transfer::CallStatus::Answered
    )
    .is_err());
    let mut restricted = party(DIGITS_21);
    if let PresentedScreened::Allowed(a) = restricted.number {
        restricted.number = PresentedScreened::RestrictedAddress(a);
    }
    assert!(transfer::build_update(&mut ids, &restricted).is_err());
    assert!(EndPinx::new()
        .answer_identify(1, b"12", PartyNumber::Unknown(DIGITS_21))
        .is_err());
    // The bound itself is fine.
    reads_back_clean(&transfer::build_update(&mut ids, &party(DIGITS_20)).unwrap());
    reads_back_clean(
        &EndPinx::new()
            .answer_identify(1, b"12", PartyNumber::Unknown(DIGITS_20))
            .unwrap(),
    );
}

fn indication() -> MwiIndication {
    MwiIndication {
        served_user: b"2000".to_vec(),
        basic_service: 1,
        msg_centre: None,
        count: Some(2),
        originating: None,
        timestamp: Some(b"20261122050000Z".to_vec()),
        priority: None,
    }
}

#[test]
fn mwi_invokes_with_out_of_range_fields_are_refused_and_not_tracked() {
    let now = Instant::ZERO + Duration::from_secs(1);
    let mut ids = InvokeIds::new();
    let mut mc = MwiAgent::new(Role::MessageCentre, MwiAgent::DEFAULT_TIMEOUT);
    let bad = [
        MwiIndication {
            served_user: DIGITS_21.to_vec(),
            ..indication()
        },
        MwiIndication {
            originating: Some(DIGITS_21.to_vec()),
            ..indication()
        },
        // TimeStamp is GeneralizedTime SIZE(12..19).
        MwiIndication {
            timestamp: Some(b"2026".to_vec()),
            ..indication()
        },
        // numericString SIZE(1..10).
        MwiIndication {
            msg_centre: Some(MsgCentre::NumericString(Vec::new())),
            ..indication()
        },
        MwiIndication {
            msg_centre: Some(MsgCentre::Number(DIGITS_21.to_vec())),
            ..indication()
        },
    ];
    for ind in &bad {
        assert!(mc.activate(now, &mut ids, 1, ind).is_err(), "{ind:?}");
    }
    // Nothing refused is waiting for an answer, so nothing times out later.
    assert_eq!(mc.outstanding(), 0);
    assert_eq!(mc.poll_timeout(), None);
    // Deactivate leaves the activate-only fields out, so a bad timestamp does not matter there.
    let t = mc.deactivate(now, &mut ids, 1, &bad[2]).unwrap();
    reads_back_clean(&t.facility);
    let t = mc.activate(now, &mut ids, 2, &indication()).unwrap();
    reads_back_clean(&t.facility);
    assert_eq!(mc.outstanding(), 2);
}

fn entry() -> InterrogateEntry {
    InterrogateEntry {
        basic_service: 1,
        msg_centre: None,
        count: Some(3),
        originating: None,
        timestamp: None,
        priority: None,
    }
}

#[test]
fn mwi_interrogate_results_with_out_of_range_fields_are_refused() {
    let bad = InterrogateEntry {
        timestamp: Some(b"20261122".to_vec()),
        ..entry()
    };
    assert!(encode_interrogate_result(&[entry(), bad.clone()]).is_err());
    assert!(encode_interrogate_result(&[InterrogateEntry {
        originating: Some(DIGITS_21.to_vec()),
        ..entry()
    }])
    .is_err());

    // Through the agent: the refused answer leaves the interrogation waiting for a good one.
    let now = Instant::ZERO + Duration::from_secs(1);
    let mut su = MwiAgent::new(Role::ServedUser, MwiAgent::DEFAULT_TIMEOUT);
    let mut mc = MwiAgent::new(Role::MessageCentre, MwiAgent::DEFAULT_TIMEOUT);
    let q = su
        .interrogate(now, &mut InvokeIds::new(), 7, &indication())
        .unwrap();
    mc.handle_facility(now, 7, &service::read(&q.facility).unwrap());
    let Some(MwiEvent::Interrogate { cis, invoke_id, .. }) = mc.poll_event() else {
        panic!("no interrogation")
    };
    assert!(mc.answer_interrogate(cis, invoke_id, &[bad]).is_err());
    let a = mc
        .answer_interrogate(cis, invoke_id, &[entry()])
        .unwrap()
        .expect("still waiting for its answer");
    reads_back_clean(&a.facility);
    su.handle_facility(now, 7, &service::read(&a.facility).unwrap());
    let Some(MwiEvent::Completed { entries, .. }) = su.poll_event() else {
        panic!("interrogation not completed")
    };
    assert_eq!(entries, vec![entry()]);
    assert!(matches!(
        service::read(&a.facility).unwrap().indications[0],
        Indication::Result { .. }
    ));
}
