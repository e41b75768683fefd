//! libpri (Debian `libpri-dev`) as a Q.921 peer: one QSIG D-channel on one end of a Unix
//! datagram socketpair, driven by the C shim `shim/libpri_q921.c`.
//!
//! One datagram is one LAPD frame (address, control, information; no flags, no FCS); the shim
//! adds and strips the two FCS placeholder octets libpri's I/O callbacks deal in.

use std::os::fd::IntoRawFd;
use std::os::unix::net::UnixDatagram;
use std::time::Duration;

mod ffi {
    use std::os::raw::{c_char, c_int, c_uint};

    #[repr(C)]
    pub struct Lpq {
        _private: [u8; 0],
    }

    extern "C" {
        pub fn shim_lpq_new(
            fd: c_int,
            network: c_int,
            t200_ms: c_int,
            t203_ms: c_int,
            verbose: c_int,
        ) -> *mut Lpq;
        pub fn shim_lpq_new_bri(fd: c_int, network: c_int, ptmp: c_int, verbose: c_int)
            -> *mut Lpq;
        pub fn shim_lpq_timer(q: *mut Lpq, which: c_int) -> c_int;
        pub fn shim_lpq_run(q: *mut Lpq, max_wait_ms: c_int) -> c_int;
        pub fn shim_lpq_call(q: *mut Lpq, channel: c_int, called: *const c_char) -> c_int;
        pub fn shim_lpq_count(q: *mut Lpq, e: c_int) -> c_uint;
        pub fn shim_lpq_frames(q: *mut Lpq, written: c_int) -> c_uint;
        pub fn shim_lpq_free(q: *mut Lpq);
    }
}

/// libpri's event numbers (`PRI_EVENT_*` in `<libpri.h>`) that the tests look at.
pub mod event {
    /// The D-channel (multiple-frame operation) came up.
    pub const DCHAN_UP: i32 = 1;
    /// The D-channel went down.
    pub const DCHAN_DOWN: i32 = 2;
    /// An incoming SETUP (the shim answers it with CALL PROCEEDING).
    pub const RING: i32 = 5;
    /// A call was cleared.
    pub const HANGUP: i32 = 6;
    /// A CALL PROCEEDING arrived for a call libpri placed.
    pub const PROCEEDING: i32 = 13;
}

/// Options of the libpri D-channel.
#[derive(Debug, Clone, Copy)]
pub struct LibpriOptions {
    /// libpri is the network side (`PRI_NETWORK`), else the user side (`PRI_CPE`).
    pub network: bool,
    /// T200 for libpri, if not its default (1 s).
    pub t200: Option<Duration>,
    /// T203 for libpri, if not its default (10 s).
    pub t203: Option<Duration>,
    /// Print libpri's Q.921 debug output on stderr.
    pub verbose: bool,
}

/// A running libpri QSIG D-channel.
#[derive(Debug)]
pub struct LibpriPeer {
    raw: *mut ffi::Lpq,
}

fn ms(d: Option<Duration>) -> i32 {
    d.map_or(0, |d| i32::try_from(d.as_millis()).unwrap_or(i32::MAX))
}

impl LibpriPeer {
    /// Creates the socketpair and the D-channel on one end; returns the peer and the other
    /// end, on which the caller sends and receives frames. libpri sends its SABME at once.
    pub fn new(opts: LibpriOptions) -> std::io::Result<(LibpriPeer, UnixDatagram)> {
        let (ours, theirs) = UnixDatagram::pair()?;
        let fd = theirs.into_raw_fd();
        // SAFETY: `fd` is an open socket whose ownership passes to the shim (it closes it in
        // shim_lpq_free); the other arguments are plain integers.
        let raw = unsafe {
            ffi::shim_lpq_new(
                fd,
                i32::from(opts.network),
                ms(opts.t200),
                ms(opts.t203),
                i32::from(opts.verbose),
            )
        };
        if raw.is_null() {
            return Err(std::io::Error::other("pri_new_cb failed"));
        }
        Ok((LibpriPeer { raw }, ours))
    }

    /// Like [`LibpriPeer::new`] for a BRI D-channel (EuroISDN): point-to-multipoint with TEI
    /// management when `ptmp`, else point-to-point. Only `network` and `verbose` of `opts`
    /// apply.
    pub fn new_bri(opts: LibpriOptions, ptmp: bool) -> std::io::Result<(LibpriPeer, UnixDatagram)> {
        let (ours, theirs) = UnixDatagram::pair()?;
        let fd = theirs.into_raw_fd();
        // SAFETY: `fd` is an open socket whose ownership passes to the shim (it closes it in
        // shim_lpq_free); the other arguments are plain integers.
        let raw = unsafe {
            ffi::shim_lpq_new_bri(
                fd,
                i32::from(opts.network),
                i32::from(ptmp),
                i32::from(opts.verbose),
            )
        };
        if raw.is_null() {
            return Err(std::io::Error::other("pri_new_bri_cb failed"));
        }
        Ok((LibpriPeer { raw }, ours))
    }

    /// libpri's T200 and T203 in force.
    pub fn timers(&mut self) -> (Duration, Duration) {
        // SAFETY: `raw` is the live shim handle owned by `self`.
        let (a, b) = unsafe {
            (
                ffi::shim_lpq_timer(self.raw, 0),
                ffi::shim_lpq_timer(self.raw, 1),
            )
        };
        (
            Duration::from_millis(a.max(0) as u64),
            Duration::from_millis(b.max(0) as u64),
        )
    }

    /// Waits up to `max_wait` for a frame or libpri's next timer and runs libpri once;
    /// returns the `PRI_EVENT_*` it produced (see [`event`]), if any.
    pub fn run(&mut self, max_wait: Duration) -> std::io::Result<Option<i32>> {
        let wait = i32::try_from(max_wait.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: `raw` is the live shim handle owned by `self`.
        match unsafe { ffi::shim_lpq_run(self.raw, wait) } {
            r if r < 0 => Err(std::io::Error::last_os_error()),
            0 => Ok(None),
            e => Ok(Some(e)),
        }
    }

    /// Has libpri place a call (a SETUP) on B-channel `channel` to `called`.
    pub fn call(&mut self, channel: i32, called: &str) -> std::io::Result<()> {
        let called = std::ffi::CString::new(called).map_err(std::io::Error::other)?;
        // SAFETY: `raw` is the live shim handle; `called` is a NUL-terminated string that
        // outlives the call (libpri copies it).
        let r = unsafe { ffi::shim_lpq_call(self.raw, channel, called.as_ptr()) };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::other(format!("pri_setup returned {r}")))
        }
    }

    /// How many events of type `e` libpri has produced.
    pub fn count(&mut self, e: i32) -> u32 {
        // SAFETY: `raw` is the live shim handle owned by `self`.
        unsafe { ffi::shim_lpq_count(self.raw, e) }
    }

    /// Frames libpri read and wrote.
    pub fn frames(&mut self) -> (u32, u32) {
        // SAFETY: `raw` is the live shim handle owned by `self`.
        unsafe {
            (
                ffi::shim_lpq_frames(self.raw, 0),
                ffi::shim_lpq_frames(self.raw, 1),
            )
        }
    }
}

impl Drop for LibpriPeer {
    fn drop(&mut self) {
        // SAFETY: `raw` came from shim_lpq_new and is freed exactly once, here.
        unsafe { ffi::shim_lpq_free(self.raw) }
    }
}
