//! The Monte Carlo runner: keyed random streams, one run of a plan, streaming
//! summaries over runs, batches and shards, paired comparison, sensitivity,
//! equity and the allocation search. It imports the scenario and model
//! layers and the shared leaves; the reports built from its summaries live
//! in [`crate::report`].

pub mod batch;
pub mod compare;
pub mod decision;
pub mod draw;
pub mod equity;
pub mod lanes;
pub mod optimize;
pub mod run;
pub mod sensitivity;
pub mod series;
pub mod shard;
pub mod stats;
pub mod stream;
pub mod structure;
pub mod summary;

pub use crate::scenario::plan::{Direction, Mode, Plan, PlanWard, Target, TargetMetric};
pub use run::{FiscalOutput, MonthlyOutput, RunResult, Simulator};
pub use summary::Accumulator;

/// The resolved plan, which the scenario layer produces.
pub mod plan {
    pub use crate::scenario::plan::*;
}
