//! QSIG generic functional procedures (ECMA-165): BER, ROSE components in the Facility
//! information element, and the typed arguments of the supported operations.
//!
//! [`rose::apdus`] walks a Facility IE's components and [`rose::Apdu::emit`] writes them; [`ops`]
//! names the operations and errors, maps global operation codes to local values, and decodes
//! and encodes the arguments ([`ops::decode_argument`]) and results ([`ops::decode_result`]) of
//! names (ECMA-164), path replacement (ECMA-176), call transfer (ECMA-178), call diversion
//! (ECMA-174), call completion (ECMA-186), advice of charge (ECMA-212) and message waiting
//! indication (ECMA-242). [`addressing`] holds the shared data types; [`arguments`] and [`aoc`]
//! the service-specific ones; [`service`] runs the services (names, diversion, MWI,
//! transfer) on top of them. Operations outside these keep their argument as a raw BER
//! element.

pub mod addressing;
pub mod aoc;
pub mod arguments;
pub mod ber;
pub mod ops;
pub mod rose;
pub mod service;
