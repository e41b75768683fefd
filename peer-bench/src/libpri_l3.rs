//! libpri (Debian `libpri-dev`) as a QSIG layer-3 peer: one QSIG PRI D-channel on one end of
//! a Unix datagram socketpair, driven by the C shim `shim/libpri_l3.c`.
//!
//! The framing is that of [`crate::libpri_q921`]: one datagram is one LAPD frame without FCS.
//! libpri runs its own Q.921 and Q.931 over it; the test runs ours on the other end.
//!
//! Calls are named by small numbers ([`CallId`]) handed out by the shim the first time libpri
//! reports a call, or when the test places one; every libpri event is read back as a typed
//! [`Event`] with the numbers, names, cause and supplementary-service subcommands libpri
//! reported. The shim itself answers a DISCONNECT (`PRI_EVENT_HANGUP_REQ`) with RELEASE, a
//! CONNECT with CONNECT ACKNOWLEDGE, and frees libpri's call record on `PRI_EVENT_HANGUP`, as
//! an application on libpri must. libpri reports every CONNECT ACKNOWLEDGE it receives
//! ([`EventKind::ConnectAck`]).

use std::ffi::CString;
use std::os::fd::IntoRawFd;
use std::os::raw::{c_char, c_int};
use std::os::unix::net::UnixDatagram;
use std::time::Duration;

const STR: usize = 64;
const MAX_SUB: usize = 8;

mod ffi {
    use super::{MAX_SUB, STR};
    use std::os::raw::{c_char, c_int, c_uint};

    #[repr(C)]
    pub struct Lp3 {
        _private: [u8; 0],
    }

    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct Sub {
        pub cmd: c_int,
        pub reason: c_int,
        pub orig_reason: c_int,
        pub count: c_int,
        pub invoke_id: c_int,
        pub subscription_option: c_int,
        pub number_pres: c_int,
        pub number: [c_char; STR],
        pub name: [c_char; STR],
        pub from_number: [c_char; STR],
        pub from_name: [c_char; STR],
        pub orig_called_number: [c_char; STR],
        pub caller_number: [c_char; STR],
        pub caller_name: [c_char; STR],
    }

    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct Event {
        pub e: c_int,
        pub call: c_int,
        pub channel: c_int,
        pub cause: c_int,
        pub cref: c_int,
        pub calling_pres: c_int,
        pub redirecting_reason: c_int,
        pub orig_redirecting_reason: c_int,
        pub ctype: c_int,
        pub called_num: [c_char; STR],
        pub calling_num: [c_char; STR],
        pub calling_name: [c_char; STR],
        pub redirecting_num: [c_char; STR],
        pub redirecting_name: [c_char; STR],
        pub orig_called_num: [c_char; STR],
        pub orig_called_name: [c_char; STR],
        pub nsub: c_int,
        pub sub: [Sub; MAX_SUB],
    }

    #[repr(C)]
    pub struct Setup {
        pub channel: c_int,
        pub called: *const c_char,
        pub calling: *const c_char,
        pub calling_name: *const c_char,
        pub calling_pres: c_int,
        pub redir_count: c_int,
        pub redir_reason: c_int,
        pub redir_orig_reason: c_int,
        pub redir_from: *const c_char,
        pub redir_from_name: *const c_char,
        pub redir_orig_called: *const c_char,
        pub redir_orig_called_name: *const c_char,
    }

    extern "C" {
        pub fn shim_lp3_new(fd: c_int, network: c_int, verbose: c_int) -> *mut Lp3;
        pub fn shim_lp3_run(q: *mut Lp3, max_wait_ms: c_int) -> c_int;
        pub fn shim_lp3_next(q: *mut Lp3, out: *mut Event) -> c_int;
        pub fn shim_lp3_dropped(q: *mut Lp3) -> c_uint;
        pub fn shim_lp3_setup(q: *mut Lp3, s: *const Setup) -> c_int;
        pub fn shim_lp3_proceeding(q: *mut Lp3, id: c_int, channel: c_int) -> c_int;
        pub fn shim_lp3_connected(
            q: *mut Lp3,
            id: c_int,
            number: *const c_char,
            name: *const c_char,
        ) -> c_int;
        pub fn shim_lp3_alerting(
            q: *mut Lp3,
            id: c_int,
            channel: c_int,
            number: *const c_char,
            name: *const c_char,
        ) -> c_int;
        pub fn shim_lp3_answer(
            q: *mut Lp3,
            id: c_int,
            channel: c_int,
            number: *const c_char,
            name: *const c_char,
        ) -> c_int;
        pub fn shim_lp3_hangup(q: *mut Lp3, id: c_int, cause: c_int) -> c_int;
        pub fn shim_lp3_redirecting(
            q: *mut Lp3,
            id: c_int,
            to: *const c_char,
            to_name: *const c_char,
            reason: c_int,
            pres: c_int,
        ) -> c_int;
        pub fn shim_lp3_reroute(
            q: *mut Lp3,
            id: c_int,
            to: *const c_char,
            from: *const c_char,
            orig_called: *const c_char,
            reason: c_int,
            count: c_int,
            subscription_option: c_int,
        ) -> c_int;
        pub fn shim_lp3_rerouting_rsp(
            q: *mut Lp3,
            id: c_int,
            invoke_id: c_int,
            code: c_int,
        ) -> c_int;
        pub fn shim_lp3_mwi(
            q: *mut Lp3,
            activate: c_int,
            caller: *const c_char,
            caller_name: *const c_char,
            served: *const c_char,
        ) -> c_int;
        pub fn shim_lp3_transfer(q: *mut Lp3, id1: c_int, id2: c_int) -> c_int;
        pub fn shim_lp3_frames(q: *mut Lp3, written: c_int) -> c_uint;
        pub fn shim_lp3_free(q: *mut Lp3);
    }
}

/// A call as the shim numbers it (1, 2, …; never reused on one D-channel).
pub type CallId = u32;

/// libpri's redirection reasons (`PRI_REDIR_*`, the Q.931 redirecting-number codes).
pub mod redir {
    /// Unknown.
    pub const UNKNOWN: i32 = 0x0;
    /// Call forwarding busy.
    pub const FORWARD_ON_BUSY: i32 = 0x1;
    /// Call forwarding no reply.
    pub const FORWARD_ON_NO_REPLY: i32 = 0x2;
    /// Call deflection.
    pub const DEFLECTION: i32 = 0x3;
    /// Call forwarding unconditional.
    pub const UNCONDITIONAL: i32 = 0xF;
}

/// libpri's presentation values (`PRI_PRES_*`).
pub mod pres {
    /// Presentation allowed, user-provided number not screened.
    pub const ALLOWED: i32 = 0x00;
    /// Presentation restricted, user-provided number not screened.
    pub const RESTRICTED: i32 = 0x20;
    /// The restriction bits of a presentation value.
    pub const RESTRICTION_MASK: i32 = 0x60;
}

/// libpri's answers to a callRerouteing (`enum PRI_REROUTING_RSP_CODE`).
pub mod rerouting_rsp {
    /// Accepted; the call is cleared on invocation.
    pub const OK_CLEAR: i32 = 0;
    /// Accepted; the call is kept until the rerouted call alerts.
    pub const OK_RETAIN: i32 = 1;
    /// Refused: not subscribed.
    pub const NOT_SUBSCRIBED: i32 = 2;
}

/// What libpri reported (`PRI_EVENT_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventKind {
    /// The D-channel came up.
    DchanUp,
    /// The D-channel went down.
    DchanDown,
    /// An incoming SETUP.
    Ring,
    /// A call was cleared (RELEASE / RELEASE COMPLETE); `cause` is set.
    Hangup,
    /// ALERTING arrived.
    Ringing,
    /// CONNECT arrived.
    Answer,
    /// libpri's clearing was acknowledged.
    HangupAck,
    /// A FACILITY message (its subcommands carry what it meant).
    Facility,
    /// CALL PROCEEDING arrived.
    Proceeding,
    /// SETUP ACKNOWLEDGE arrived.
    SetupAck,
    /// DISCONNECT arrived (the shim answers with RELEASE); `cause` is set.
    HangupReq,
    /// NOTIFY arrived.
    Notify,
    /// PROGRESS arrived.
    Progress,
    /// CONNECT ACKNOWLEDGE arrived.
    ConnectAck,
    /// Any other `PRI_EVENT_*` value.
    Other(i32),
}

impl EventKind {
    fn from_raw(e: i32) -> Self {
        match e {
            1 => Self::DchanUp,
            2 => Self::DchanDown,
            5 => Self::Ring,
            6 => Self::Hangup,
            7 => Self::Ringing,
            8 => Self::Answer,
            9 => Self::HangupAck,
            11 => Self::Facility,
            13 => Self::Proceeding,
            14 => Self::SetupAck,
            15 => Self::HangupReq,
            16 => Self::Notify,
            17 => Self::Progress,
            27 => Self::ConnectAck,
            other => Self::Other(other),
        }
    }
}

/// What libpri reports of an incoming SETUP.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ring {
    /// Called party number.
    pub called: String,
    /// Calling party number.
    pub calling: String,
    /// Calling name (QSIG callingName).
    pub calling_name: String,
    /// Presentation of the calling number (`PRI_PRES_*`).
    pub calling_presentation: i32,
    /// Redirecting number (divertingNr of a DivertingLegInformation2).
    pub redirecting_number: String,
    /// Redirecting name.
    pub redirecting_name: String,
    /// Redirecting reason ([`redir`]).
    pub redirecting_reason: i32,
    /// Original called number (originalCalledNr).
    pub original_called_number: String,
    /// Original called name.
    pub original_called_name: String,
    /// Original redirecting reason, -1 when none.
    pub original_redirecting_reason: i32,
    /// Transfer capability of the bearer (`PRI_TRANS_CAP_*`).
    pub transfer_capability: i32,
}

/// Redirecting data of a subcommand (libpri's `struct pri_party_redirecting`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redirecting {
    /// Number the call is redirected to.
    pub to_number: String,
    /// Name of the party the call is redirected to.
    pub to_name: String,
    /// Presentation of `to_number` (`PRI_PRES_*`).
    pub to_presentation: i32,
    /// Number of the redirecting party.
    pub from_number: String,
    /// Name of the redirecting party.
    pub from_name: String,
    /// Originally called number.
    pub original_called_number: String,
    /// Redirection reason ([`redir`]).
    pub reason: i32,
    /// Original redirection reason.
    pub original_reason: i32,
    /// Diversion counter.
    pub count: i32,
}

/// A supplementary-service subcommand of an event (`PRI_SUBCMD_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Subcommand {
    /// The remote party changed (a name in a FACILITY, a transfer).
    ConnectedLine {
        /// Number.
        number: String,
        /// Name.
        name: String,
        /// Presentation of the number (`PRI_PRES_*`).
        presentation: i32,
    },
    /// The call was diverted (DivertingLegInformation1 and 3 received).
    Redirecting(Redirecting),
    /// The other end asked for the call to be rerouted (callRerouteing received).
    Rerouting {
        /// Where to, from whom, why and how often.
        deflection: Redirecting,
        /// The caller's number.
        caller_number: String,
        /// The caller's name.
        caller_name: String,
        /// Invoke id to answer with [`LibpriQsig::rerouting_rsp`].
        invoke_id: i32,
        /// Subscription option (0 no notification … 2 with diverted-to number).
        subscription_option: i32,
    },
    /// Any other `PRI_SUBCMD_*` value.
    Other(i32),
}

/// One libpri event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The call it concerns, if any.
    pub call: Option<CallId>,
    /// B-channel as libpri reports it.
    pub channel: i32,
    /// Cause value of a clearing event.
    pub cause: Option<i32>,
    /// Details of an incoming SETUP.
    pub ring: Option<Ring>,
    /// Supplementary-service subcommands.
    pub subcommands: Vec<Subcommand>,
}

fn text(s: &[c_char; STR]) -> String {
    let bytes: Vec<u8> = s
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn redirecting(s: &ffi::Sub) -> Redirecting {
    Redirecting {
        to_number: text(&s.number),
        to_name: text(&s.name),
        to_presentation: s.number_pres,
        from_number: text(&s.from_number),
        from_name: text(&s.from_name),
        original_called_number: text(&s.orig_called_number),
        reason: s.reason,
        original_reason: s.orig_reason,
        count: s.count,
    }
}

impl Event {
    fn from_raw(r: &ffi::Event) -> Self {
        let kind = EventKind::from_raw(r.e);
        let ring = (kind == EventKind::Ring).then(|| Ring {
            called: text(&r.called_num),
            calling: text(&r.calling_num),
            calling_name: text(&r.calling_name),
            calling_presentation: r.calling_pres,
            redirecting_number: text(&r.redirecting_num),
            redirecting_name: text(&r.redirecting_name),
            redirecting_reason: r.redirecting_reason,
            original_called_number: text(&r.orig_called_num),
            original_called_name: text(&r.orig_called_name),
            original_redirecting_reason: r.orig_redirecting_reason,
            transfer_capability: r.ctype,
        });
        let n = usize::try_from(r.nsub).unwrap_or(0).min(MAX_SUB);
        let subcommands = r.sub[..n]
            .iter()
            .map(|s| match s.cmd {
                2 => Subcommand::ConnectedLine {
                    number: text(&s.number),
                    name: text(&s.name),
                    presentation: s.number_pres,
                },
                1 => Subcommand::Redirecting(redirecting(s)),
                3 => Subcommand::Rerouting {
                    deflection: redirecting(s),
                    caller_number: text(&s.caller_number),
                    caller_name: text(&s.caller_name),
                    invoke_id: s.invoke_id,
                    subscription_option: s.subscription_option,
                },
                other => Subcommand::Other(other),
            })
            .collect();
        Event {
            kind,
            call: u32::try_from(r.call).ok().filter(|&c| c > 0),
            channel: r.channel,
            cause: (r.cause >= 0).then_some(r.cause),
            ring,
            subcommands,
        }
    }
}

/// Redirecting information for an outgoing SETUP: libpri sends it as a
/// DivertingLegInformation2 invoke.
#[derive(Debug, Clone, Copy, Default)]
pub struct Diversion<'a> {
    /// Diversion counter (1 or more).
    pub count: i32,
    /// Reason of the last diversion ([`redir`]).
    pub reason: i32,
    /// Reason of the first diversion ([`redir`]).
    pub original_reason: i32,
    /// The diverting party's number.
    pub from: &'a str,
    /// The diverting party's name.
    pub from_name: &'a str,
    /// The originally called number.
    pub original_called: &'a str,
    /// The originally called party's name.
    pub original_called_name: &'a str,
}

/// An outgoing call for [`LibpriQsig::setup`]; empty strings are left out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Setup<'a> {
    /// B-channel (exclusive).
    pub channel: i32,
    /// Called party number.
    pub called: &'a str,
    /// Calling party number.
    pub calling: &'a str,
    /// Calling name (sent as a QSIG callingName invoke).
    pub calling_name: &'a str,
    /// Presentation of the calling party ([`pres`]).
    pub calling_presentation: i32,
    /// Redirecting information, if the call was diverted.
    pub diversion: Option<Diversion<'a>>,
}

fn cstr(s: &str) -> std::io::Result<CString> {
    CString::new(s).map_err(std::io::Error::other)
}

fn check(r: c_int, what: &str) -> std::io::Result<()> {
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("{what} returned {r}")))
    }
}

/// A running libpri QSIG PRI D-channel.
#[derive(Debug)]
pub struct LibpriQsig {
    raw: *mut ffi::Lp3,
}

impl LibpriQsig {
    /// Creates the socketpair and the D-channel on one end, as the network side
    /// (`PRI_NETWORK`) or the user side (`PRI_CPE`); returns the peer and the other end.
    /// libpri sends its SABME at once.
    pub fn new(network: bool, verbose: bool) -> std::io::Result<(LibpriQsig, UnixDatagram)> {
        let (ours, theirs) = UnixDatagram::pair()?;
        let fd = theirs.into_raw_fd();
        // SAFETY: `fd` is an open socket whose ownership passes to the shim (it closes it in
        // shim_lp3_free); the other arguments are plain integers.
        let raw = unsafe { ffi::shim_lp3_new(fd, c_int::from(network), c_int::from(verbose)) };
        if raw.is_null() {
            return Err(std::io::Error::other("pri_new_cb failed"));
        }
        Ok((LibpriQsig { raw }, ours))
    }

    /// Waits up to `max_wait` for a frame or libpri's next timer and runs libpri once;
    /// returns the `PRI_EVENT_*` value it produced, if any (the event is also queued for
    /// [`LibpriQsig::next_event`]).
    pub fn run(&mut self, max_wait: Duration) -> std::io::Result<Option<i32>> {
        let wait = c_int::try_from(max_wait.as_millis()).unwrap_or(c_int::MAX);
        // SAFETY: `raw` is the live shim handle owned by `self`.
        match unsafe { ffi::shim_lp3_run(self.raw, wait) } {
            r if r < 0 => Err(std::io::Error::last_os_error()),
            0 => Ok(None),
            e => Ok(Some(e)),
        }
    }

    /// The oldest event not read yet.
    pub fn next_event(&mut self) -> Option<Event> {
        let mut raw = std::mem::MaybeUninit::<ffi::Event>::zeroed();
        // SAFETY: `raw` is the live shim handle; `out` points to writable memory of the
        // exact layout of `struct lp3_event`, which the shim fills completely when it
        // returns 1.
        let got = unsafe { ffi::shim_lp3_next(self.raw, raw.as_mut_ptr()) };
        if got == 0 {
            return None;
        }
        // SAFETY: zero-initialised and then written by the shim; every field is a plain
        // integer or byte array, for which any bit pattern is valid.
        let raw = unsafe { raw.assume_init() };
        Some(Event::from_raw(&raw))
    }

    /// Events the shim had to drop because its queue was full (should stay 0).
    pub fn dropped(&mut self) -> u32 {
        // SAFETY: `raw` is the live shim handle owned by `self`.
        unsafe { ffi::shim_lp3_dropped(self.raw) }
    }

    /// Places a call; returns its number.
    pub fn setup(&mut self, s: &Setup<'_>) -> std::io::Result<CallId> {
        let d = s.diversion.unwrap_or_default();
        let strs = [
            cstr(s.called)?,
            cstr(s.calling)?,
            cstr(s.calling_name)?,
            cstr(d.from)?,
            cstr(d.from_name)?,
            cstr(d.original_called)?,
            cstr(d.original_called_name)?,
        ];
        let raw = ffi::Setup {
            channel: s.channel,
            called: strs[0].as_ptr(),
            calling: strs[1].as_ptr(),
            calling_name: strs[2].as_ptr(),
            calling_pres: s.calling_presentation,
            redir_count: if s.diversion.is_some() { d.count } else { 0 },
            redir_reason: d.reason,
            redir_orig_reason: d.original_reason,
            redir_from: strs[3].as_ptr(),
            redir_from_name: strs[4].as_ptr(),
            redir_orig_called: strs[5].as_ptr(),
            redir_orig_called_name: strs[6].as_ptr(),
        };
        // SAFETY: `raw` is the live shim handle; every pointer in `raw` points into a
        // NUL-terminated string of `strs`, alive for the call (libpri copies them).
        let id = unsafe { ffi::shim_lp3_setup(self.raw, &raw) };
        u32::try_from(id)
            .ok()
            .filter(|&i| i > 0)
            .ok_or_else(|| std::io::Error::other("pri_setup failed"))
    }

    /// Sends CALL PROCEEDING for an incoming call.
    pub fn proceeding(&mut self, call: CallId, channel: i32) -> std::io::Result<()> {
        // SAFETY: `raw` is the live shim handle; the shim checks the call number.
        check(
            unsafe { ffi::shim_lp3_proceeding(self.raw, call as c_int, channel) },
            "pri_proceeding",
        )
    }

    /// Sets the number and name this end presents on `call`; on an answered call a new
    /// party is a transfer (libpri sends callTransferComplete).
    pub fn connected(&mut self, call: CallId, number: &str, name: &str) -> std::io::Result<()> {
        let (n, m) = (cstr(number)?, cstr(name)?);
        // SAFETY: `raw` is the live shim handle; both strings are NUL-terminated and
        // outlive the call.
        check(
            unsafe { ffi::shim_lp3_connected(self.raw, call as c_int, n.as_ptr(), m.as_ptr()) },
            "pri_connected_line_update",
        )
    }

    /// Sends ALERTING; a non-empty `name` goes out as a calledName invoke.
    pub fn alerting(
        &mut self,
        call: CallId,
        channel: i32,
        number: &str,
        name: &str,
    ) -> std::io::Result<()> {
        let (n, m) = (cstr(number)?, cstr(name)?);
        // SAFETY: as in `connected`.
        check(
            unsafe {
                ffi::shim_lp3_alerting(self.raw, call as c_int, channel, n.as_ptr(), m.as_ptr())
            },
            "pri_acknowledge",
        )
    }

    /// Sends CONNECT; a non-empty `name` goes out as a connectedName invoke.
    pub fn answer(
        &mut self,
        call: CallId,
        channel: i32,
        number: &str,
        name: &str,
    ) -> std::io::Result<()> {
        let (n, m) = (cstr(number)?, cstr(name)?);
        // SAFETY: as in `connected`.
        check(
            unsafe {
                ffi::shim_lp3_answer(self.raw, call as c_int, channel, n.as_ptr(), m.as_ptr())
            },
            "pri_answer",
        )
    }

    /// Clears `call` with `cause`.
    pub fn hangup(&mut self, call: CallId, cause: i32) -> std::io::Result<()> {
        // SAFETY: `raw` is the live shim handle; the shim checks the call number.
        check(
            unsafe { ffi::shim_lp3_hangup(self.raw, call as c_int, cause) },
            "pri_hangup",
        )
    }

    /// The incoming `call` is diverted to `to` (`reason` from [`redir`], presentation from
    /// [`pres`]): libpri sends divertingLegInformation1 and divertingLegInformation3.
    pub fn redirecting(
        &mut self,
        call: CallId,
        to: &str,
        to_name: &str,
        reason: i32,
        presentation: i32,
    ) -> std::io::Result<()> {
        let (t, n) = (cstr(to)?, cstr(to_name)?);
        // SAFETY: as in `connected`.
        check(
            unsafe {
                ffi::shim_lp3_redirecting(
                    self.raw,
                    call as c_int,
                    t.as_ptr(),
                    n.as_ptr(),
                    reason,
                    presentation,
                )
            },
            "pri_redirecting_update",
        )
    }

    /// Asks the originating end to reroute `call` to `to` (callRerouteing).
    #[allow(clippy::too_many_arguments)]
    pub fn reroute(
        &mut self,
        call: CallId,
        to: &str,
        from: &str,
        original_called: &str,
        reason: i32,
        count: i32,
        subscription_option: i32,
    ) -> std::io::Result<()> {
        let (t, f, o) = (cstr(to)?, cstr(from)?, cstr(original_called)?);
        // SAFETY: as in `connected`.
        check(
            unsafe {
                ffi::shim_lp3_reroute(
                    self.raw,
                    call as c_int,
                    t.as_ptr(),
                    f.as_ptr(),
                    o.as_ptr(),
                    reason,
                    count,
                    subscription_option,
                )
            },
            "pri_reroute_call",
        )
    }

    /// Answers a callRerouteing libpri received ([`rerouting_rsp`]).
    pub fn rerouting_rsp(
        &mut self,
        call: CallId,
        invoke_id: i32,
        code: i32,
    ) -> std::io::Result<()> {
        // SAFETY: `raw` is the live shim handle; the shim checks the call number.
        check(
            unsafe { ffi::shim_lp3_rerouting_rsp(self.raw, call as c_int, invoke_id, code) },
            "pri_rerouting_rsp",
        )
    }

    /// Sends mwiActivate (or mwiDeactivate) for `served` in a call-independent SETUP;
    /// returns the number of that signalling connection.
    pub fn mwi(
        &mut self,
        activate: bool,
        caller: &str,
        caller_name: &str,
        served: &str,
    ) -> std::io::Result<CallId> {
        let (c, n, s) = (cstr(caller)?, cstr(caller_name)?, cstr(served)?);
        // SAFETY: as in `connected`.
        let id = unsafe {
            ffi::shim_lp3_mwi(
                self.raw,
                c_int::from(activate),
                c.as_ptr(),
                n.as_ptr(),
                s.as_ptr(),
            )
        };
        u32::try_from(id)
            .ok()
            .filter(|&i| i > 0)
            .ok_or_else(|| std::io::Error::other("pri_mwi_activate/deactivate failed"))
    }

    /// Transfers two calls together (`pri_channel_bridge`; QSIG: callTransferComplete on
    /// both, `a` as the primary end).
    pub fn transfer(&mut self, a: CallId, b: CallId) -> std::io::Result<()> {
        // SAFETY: `raw` is the live shim handle; the shim checks both call numbers.
        check(
            unsafe { ffi::shim_lp3_transfer(self.raw, a as c_int, b as c_int) },
            "pri_channel_bridge",
        )
    }

    /// Frames libpri read and wrote.
    pub fn frames(&mut self) -> (u32, u32) {
        // SAFETY: `raw` is the live shim handle owned by `self`.
        unsafe {
            (
                ffi::shim_lp3_frames(self.raw, 0),
                ffi::shim_lp3_frames(self.raw, 1),
            )
        }
    }
}

impl Drop for LibpriQsig {
    fn drop(&mut self) {
        // SAFETY: `raw` came from shim_lp3_new and is freed exactly once, here.
        unsafe { ffi::shim_lp3_free(self.raw) }
    }
}
