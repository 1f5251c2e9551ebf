//! The scenario file schema (version 2): reading with validation, and
//! writing back to the same form (TOML or JSON).
//!
//! Every field and its meaning is documented in README.md, "Scenario files".
//!
//! The types are in `types`; the reader starts in `top` and reads each
//! section in a file of its own (`model`, `run`, `parameters`, `budget`,
//! `rules`);
//! `write` writes a scenario back.

mod budget;
mod model;
mod parameters;
mod rules;
mod run;
mod top;
mod types;
mod write;

pub use top::read_scenario;
pub use types::{Basis, MAX_BATCH_RUNS, MAX_HORIZON, MAX_RUNS, SCHEMA_VERSION, Spread, WardSource};
pub use types::{BudgetSpec, Format, LineEdit, ParameterOverride, RunSettings, Scenario};
