//! The borrowed parse path allocates nothing: framing plus typed access to Via, From, To,
//! CSeq and Call-ID, counted by a global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use strowger_sip_core::{parse, HeaderSlot, ParseOptions, Status};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: forwarding the caller's layout to the system allocator.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: `p` was allocated by `System` with layout `l` (see `alloc`).
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn typed_access(bytes: &[u8], opts: &ParseOptions) -> usize {
    let mut slots = [HeaderSlot::EMPTY; 64];
    let Ok(Status::Complete(m)) = parse(bytes, &mut slots, opts) else {
        panic!("parse")
    };
    let mut n = 0;
    for v in m.via() {
        n += v.unwrap().branch().map_or(0, str::len);
    }
    n += m.from().unwrap().unwrap().tag().map_or(0, str::len);
    n += m.to().unwrap().unwrap().uri.user().map_or(0, str::len);
    n += m.cseq().unwrap().unwrap().seq as usize;
    n += m.call_id().unwrap().unwrap().0.len();
    n += m
        .diversions()
        .map(|d| d.unwrap().counter().unwrap_or(0) as usize)
        .sum::<usize>();
    n += m.history_info().count();
    n
}

#[test]
fn borrowed_parse_path_allocates_nothing() {
    let msgs: [&[u8]; 3] = [
        include_bytes!("data/invite.sip"),
        include_bytes!("data/ok.sip"),
        include_bytes!("data/register.sip"),
    ];
    for opts in [ParseOptions::datagram(), ParseOptions::stream()] {
        for m in msgs {
            // Warm up (lazy statics of the test harness), then count.
            typed_access(m, &opts);
            let before = ALLOCS.load(Ordering::SeqCst);
            let n = typed_access(m, &opts);
            let after = ALLOCS.load(Ordering::SeqCst);
            assert!(n > 0);
            assert_eq!(after - before, 0, "allocations while parsing");
        }
    }
}
