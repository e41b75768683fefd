//! QSIG generic functional procedures (ECMA-165): BER, ROSE components in the Facility
//! information element, and the typed arguments of the supported operations.
//!
//! [`rose::apdus`] walks a Facility IE's components and [`rose::Apdu::emit`] writes them; [`ops`]
//! names the operations and decodes and encodes the name (ECMA-164), diverting leg information
//! (ECMA-174) and message waiting indication (ECMA-242) arguments. The other services' arguments are not typed yet: their
//! invokes decode with the argument as a raw BER element.

pub mod ber;
pub mod ops;
pub mod rose;
pub mod service;
