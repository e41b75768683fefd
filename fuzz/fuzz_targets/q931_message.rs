//! Q.931 messages: any bytes either fail the checked view or parse and re-emit byte-exact (and
//! parse again to the same value); the strict element decoders, the ROSE walk of every Facility
//! IE and the typed QSIG argument decoders never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strowger_q931_qsig::qsig::{ops, rose};
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
            let Ok(rose::Apdu::Invoke(inv)) = apdu else {
                continue;
            };
            if let (rose::Code::Local(op), Some(arg)) = (inv.operation, inv.argument) {
                let _ = ops::decode_argument(op, &arg);
            }
        }
    }
});
