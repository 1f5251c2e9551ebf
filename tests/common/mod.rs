//! Helpers shared by several integration tests (each test that uses them
//! declares `mod common;` and uses what it needs).

#[allow(dead_code)]
pub mod cli;
#[allow(dead_code)]
pub mod messages;
#[allow(dead_code)]
pub mod ranges;
#[allow(dead_code)]
pub mod scenarios;
