//! Helpers shared by several integration tests (each test that uses them
//! declares `mod common;` and uses what it needs).

#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
pub mod cli;
#[allow(dead_code)]
pub mod lanes;
#[allow(dead_code)]
pub mod messages;
#[allow(dead_code)]
pub mod ranges;
#[allow(dead_code)]
pub mod scenarios;
#[allow(dead_code)]
pub mod split_mix;
