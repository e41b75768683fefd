//! QSIG generic functional procedures (ECMA-165) and supplementary services.
//!
//! Bottom up: [`ber`] reads and writes BER (bounded depth and lengths); [`rose`] walks a
//! Facility IE's components ([`rose::apdus`]) and writes them ([`rose::Apdu::emit`]); [`ops`]
//! holds the operation and error values ([`ops::op`], [`ops::error_code`]), maps global codes
//! to local ones, and decodes and encodes the typed arguments ([`ops::decode_argument`]) and
//! results ([`ops::decode_result`]) of names (ECMA-164), path replacement (ECMA-176), call
//! transfer (ECMA-178), call diversion (ECMA-174), call completion (ECMA-186), advice of
//! charge (ECMA-212) and message waiting indication (ECMA-242), with the shared data types in
//! [`addressing`] and the service-specific ones in [`arguments`] and [`aoc`]. Operations
//! outside these keep their argument as a raw BER element. On top, [`service`] runs names,
//! diversion, MWI and call transfer as sans-IO state machines.

pub mod addressing;
pub mod aoc;
pub mod arguments;
pub mod ber;
pub mod ops;
pub mod rose;
pub mod service;
