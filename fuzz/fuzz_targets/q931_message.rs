//! Q.931 messages: any bytes either fail the checked view or parse and re-emit byte-exact (and
//! parse again to the same value); the strict element decoders, the ROSE walk of every Facility
//! IE and the typed QSIG argument and result decoders never panic, and whatever they type
//! re-emits to an encoding that decodes and re-emits identically.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strowger_q931_qsig::qsig::{ber, ops, rose};
use strowger_q931_qsig::{Ie, Message, MessageRepr};

fuzz_target!(|data: &[u8]| {
    let Ok(view) = Message::new_checked(data) else {
        return;
    };
    let _ = view.check_comprehension();
    for raw in view.ies() {
        let raw = raw.expect("walk validated by new_checked");
        if let Ok(ie) = Ie::parse_typed(&raw) {
            let _ = ie.buffer_len();
        }
    }
    let repr = MessageRepr::parse(&view);
    let out = repr.to_vec().expect("a parsed message always re-emits");
    assert_eq!(out, data);
    assert_eq!(MessageRepr::parse_bytes(&out).unwrap(), repr);
    for ie in &repr.ies {
        let Ie::Facility(f) = ie else { continue };
        for apdu in rose::apdus(f.components) {
            match apdu {
                Ok(rose::Apdu::Invoke(inv)) => {
                    let Some(op) = ops::local_operation(&inv.operation) else {
                        continue;
                    };
                    if let Some(arg) = inv.argument {
                        if let Ok(Some(a)) = ops::decode_argument(op, &arg) {
                            // A typed argument's encoding decodes and re-emits identically.
                            let mut b = Vec::new();
                            a.emit(&mut b);
                            let t = ber::parse_one(&b).expect("emitted argument is one element");
                            let again = ops::decode_argument(op, &t)
                                .expect("emitted argument decodes")
                                .expect("typed");
                            let mut b2 = Vec::new();
                            again.emit(&mut b2);
                            assert_eq!(b, b2);
                        }
                    }
                }
                Ok(rose::Apdu::ReturnResult(rr)) => {
                    let Some((code, res)) = rr.result else {
                        continue;
                    };
                    let Some(op) = ops::local_operation(&code) else {
                        continue;
                    };
                    if let Ok(Some(r)) = ops::decode_result(op, &res) {
                        let mut b = Vec::new();
                        r.emit(&mut b);
                        let t = ber::parse_one(&b).expect("emitted result is one element");
                        let again = ops::decode_result(op, &t)
                            .expect("emitted result decodes")
                            .expect("typed");
                        let mut b2 = Vec::new();
                        again.emit(&mut b2);
                        assert_eq!(b, b2);
                    }
                }
                Ok(rose::Apdu::ReturnError(re)) => {
                    if let rose::Code::Local(e) = re.error {
                        let _ = ops::error_name(e);
                    }
                }
                _ => {}
            }
        }
    }
});
