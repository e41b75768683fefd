//! The hand-written seeds of the `q931_message` fuzz target (../fuzz/corpus/q931_message) are
//! valid messages that pass the target's own checks.

use strowger_q931_qsig::{Ie, Message, MessageRepr};

#[test]
fn seeds_parse_and_reemit_byte_exact() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/q931_message");
    let mut n = 0;
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
        n += 1;
    }
    assert!(n >= 3, "seeds: {n}");
}
