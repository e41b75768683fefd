//! spandsp's DTMF generator (`dtmf_tx`), DTMF receiver (`dtmf_rx`) and modem connect-tones
//! receiver (`modem_connect_tones_rx`), behind safe owning wrappers (C shim
//! `shim/spandsp_dtmf.c`).

use std::ffi::c_void;

mod ffi {
    use std::ffi::{c_char, c_int, c_void};
    extern "C" {
        pub fn shim_dtmf_rx_new() -> *mut c_void;
        pub fn shim_dtmf_rx_free(s: *mut c_void);
        pub fn shim_dtmf_rx(s: *mut c_void, amp: *const i16, n: c_int);
        pub fn shim_dtmf_rx_get(s: *mut c_void, buf: *mut c_char, max: c_int) -> usize;
        pub fn shim_dtmf_rx_state_size() -> usize;
        pub fn shim_dtmf_tx_new() -> *mut c_void;
        pub fn shim_dtmf_tx_free(s: *mut c_void);
        pub fn shim_dtmf_tx_digit(
            s: *mut c_void,
            digit: c_char,
            level: c_int,
            twist: c_int,
            on_ms: c_int,
            off_ms: c_int,
            out: *mut i16,
            max: c_int,
        ) -> c_int;
        pub fn shim_mct_rx_new(tone_type: c_int) -> *mut c_void;
        pub fn shim_mct_rx_free(s: *mut c_void);
        pub fn shim_mct_rx(s: *mut c_void, amp: *const i16, n: c_int);
        pub fn shim_mct_rx_get(s: *mut c_void) -> c_int;
    }
}

/// Size in bytes of spandsp's `dtmf_rx_state_t` (one channel of its DTMF receiver).
pub fn dtmf_rx_state_size() -> usize {
    // SAFETY: a pure function of the compiled header, no arguments.
    unsafe { ffi::shim_dtmf_rx_state_size() }
}

/// spandsp's DTMF receiver with its default parameters (no dial-tone filter).
pub struct DtmfRx(*mut c_void);

impl DtmfRx {
    /// A fresh receiver.
    ///
    /// # Panics
    /// If spandsp cannot allocate it.
    pub fn new() -> Self {
        // SAFETY: `dtmf_rx_init(NULL, NULL, NULL)` allocates a new state or returns NULL.
        let p = unsafe { ffi::shim_dtmf_rx_new() };
        assert!(!p.is_null(), "dtmf_rx_init failed");
        Self(p)
    }

    /// Feeds samples.
    pub fn rx(&mut self, amp: &[i16]) {
        for c in amp.chunks(i32::MAX as usize) {
            // SAFETY: `self.0` is a live state owned by `self`; the shim reads `c.len()` samples.
            unsafe { ffi::shim_dtmf_rx(self.0, c.as_ptr(), c.len() as i32) }
        }
    }

    /// Takes the digits received so far.
    pub fn take_digits(&mut self) -> String {
        let mut out = String::new();
        let mut buf = [0 as std::ffi::c_char; 129];
        loop {
            // SAFETY: the buffer holds 129 bytes; spandsp writes at most `max - 1` digits and
            // a NUL.
            let n = unsafe { ffi::shim_dtmf_rx_get(self.0, buf.as_mut_ptr(), buf.len() as i32) };
            out.extend(buf[..n].iter().map(|&c| c as u8 as char));
            if n < buf.len() - 1 {
                return out;
            }
        }
    }
}

impl Default for DtmfRx {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for DtmfRx {
    fn drop(&mut self) {
        // SAFETY: allocated by `dtmf_rx_init`, freed once.
        unsafe { ffi::shim_dtmf_rx_free(self.0) }
    }
}

/// spandsp's DTMF generator.
pub struct DtmfTx(*mut c_void);

impl DtmfTx {
    /// A fresh generator.
    ///
    /// # Panics
    /// If spandsp cannot allocate it.
    pub fn new() -> Self {
        // SAFETY: `dtmf_tx_init(NULL)` allocates a new state or returns NULL.
        let p = unsafe { ffi::shim_dtmf_tx_new() };
        assert!(!p.is_null(), "dtmf_tx_init failed");
        Self(p)
    }

    /// Appends one digit played at `level_dbm0` (low tone), `twist_db` (high − low), `on_ms`
    /// tone and `off_ms` silence to `out`.
    ///
    /// # Panics
    /// If spandsp refuses the digit.
    pub fn digit(
        &mut self,
        digit: char,
        level_dbm0: i32,
        twist_db: i32,
        on_ms: i32,
        off_ms: i32,
        out: &mut Vec<i16>,
    ) {
        let max = ((on_ms + off_ms) as usize + 10) * 8;
        let start = out.len();
        out.resize(start + max, 0);
        // SAFETY: `self.0` is live; the shim writes at most `max` samples into the `max`
        // samples just reserved at `out[start..]`.
        let n = unsafe {
            ffi::shim_dtmf_tx_digit(
                self.0,
                digit as u8 as std::ffi::c_char,
                level_dbm0,
                twist_db,
                on_ms,
                off_ms,
                out[start..].as_mut_ptr(),
                max as i32,
            )
        };
        assert!(n >= 0, "dtmf_tx_put refused {digit:?}");
        out.truncate(start + n as usize);
    }
}

impl Default for DtmfTx {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for DtmfTx {
    fn drop(&mut self) {
        // SAFETY: allocated by `dtmf_tx_init`, freed once.
        unsafe { ffi::shim_dtmf_tx_free(self.0) }
    }
}

/// `MODEM_CONNECT_TONES_FAX_CNG` of `<spandsp/modem_connect_tones.h>`.
pub const TONES_FAX_CNG: i32 = 1;
/// `MODEM_CONNECT_TONES_ANSAM_PR` (detects ANS, ANS/PR, ANSam, ANSam/PR).
pub const TONES_ANSAM_PR: i32 = 5;

/// spandsp's modem connect-tones receiver for one tone type.
pub struct ConnectTonesRx(*mut c_void);

impl ConnectTonesRx {
    /// A receiver for `tone_type` (one of the `TONES_*` constants).
    ///
    /// # Panics
    /// If spandsp cannot allocate it.
    pub fn new(tone_type: i32) -> Self {
        // SAFETY: allocates a new state (NULL callback: results are polled) or returns NULL.
        let p = unsafe { ffi::shim_mct_rx_new(tone_type) };
        assert!(!p.is_null(), "modem_connect_tones_rx_init failed");
        Self(p)
    }

    /// Feeds samples.
    pub fn rx(&mut self, amp: &[i16]) {
        // SAFETY: `self.0` is live; the shim reads `amp.len()` samples.
        unsafe { ffi::shim_mct_rx(self.0, amp.as_ptr(), amp.len() as i32) }
    }

    /// The tone detected so far (0 for none).
    pub fn detected(&mut self) -> i32 {
        // SAFETY: `self.0` is live.
        unsafe { ffi::shim_mct_rx_get(self.0) }
    }
}

impl Drop for ConnectTonesRx {
    fn drop(&mut self) {
        // SAFETY: allocated by `modem_connect_tones_rx_init`, freed once.
        unsafe { ffi::shim_mct_rx_free(self.0) }
    }
}
