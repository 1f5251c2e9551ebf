//! Reports built from the simulator's summaries, above the `sim` layer: a
//! run's report (the JSON contract of docs/model.md §8, a table and a tidy CSV),
//! a comparison's and a sensitivity analysis's, each with its sentences in
//! both languages.

pub mod compare;
pub mod run;
pub mod sensitivity;
pub mod structure;

pub use run::{Report, build_report, csv_field};
