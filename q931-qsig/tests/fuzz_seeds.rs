//! The hand-written seeds of the `q931_message` fuzz target (../fuzz/corpus/q931_message) are
//! valid messages that pass the target's own checks; the Facility seeds carry typed QSIG
//! arguments and results (callRerouteing, callTransferActive, ccbsRequest, aocRate, the
//! interrogateDiversionQ and ccbsRequest results) so the fuzzer starts inside those decoders.

use strowger_q931_qsig::qsig::{ops, rose};
use strowger_q931_qsig::{Ie, Message, MessageRepr};

#[test]
fn seeds_parse_and_reemit_byte_exact() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/q931_message");
    let mut n = 0;
    let mut typed = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = e.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let at = path.display();
        let view = Message::new_checked(&data[..]).unwrap_or_else(|e| panic!("{at}: {e}"));
        view.check_comprehension()
            .unwrap_or_else(|e| panic!("{at}: {e}"));
        for raw in view.ies() {
            // Every element of a seed is well-formed, so the strict decoder accepts it.
            Ie::parse_typed(&raw.unwrap()).unwrap_or_else(|e| panic!("{at}: {e}"));
        }
        let repr = MessageRepr::parse(&view);
        assert_eq!(repr.to_vec().unwrap(), data, "{at}");
        assert_eq!(MessageRepr::parse_bytes(&data).unwrap(), repr, "{at}");
        for ie in &repr.ies {
            let Ie::Facility(f) = ie else { continue };
            for apdu in rose::apdus(f.components) {
                match apdu.unwrap_or_else(|e| panic!("{at}: {e}")) {
                    rose::Apdu::Invoke(inv) => {
                        let op = ops::local_operation(&inv.operation).unwrap();
                        let arg = inv.argument.unwrap();
                        if ops::decode_argument(op, &arg)
                            .unwrap_or_else(|e| panic!("{at}: {e}"))
                            .is_some()
                        {
                            typed += 1;
                        }
                    }
                    rose::Apdu::ReturnResult(rr) => {
                        let (code, res) = rr.result.unwrap();
                        let op = ops::local_operation(&code).unwrap();
                        if ops::decode_result(op, &res)
                            .unwrap_or_else(|e| panic!("{at}: {e}"))
                            .is_some()
                        {
                            typed += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
        n += 1;
    }
    assert!(n >= 3, "seeds: {n}");
    assert!(
        typed >= 6,
        "typed QSIG arguments and results in the seeds: {typed}"
    );
}
