//! The Monte Carlo runner: keyed random streams, one run of a plan, streaming
//! summaries over runs, batches and shards, paired comparison and reports.

pub mod batch;
pub mod compare;
pub mod decision;
pub mod draw;
pub mod equity;
pub mod lanes;
pub mod optimize;
pub mod plan;
pub mod report;
pub mod run;
pub mod selfcheck;
pub mod sensitivity;
pub mod shard;
pub mod stats;
pub mod stream;
pub mod summary;

pub use plan::{Direction, Mode, Plan, PlanWard, Target, TargetMetric};
pub use run::{FiscalOutput, MonthlyOutput, RunResult, Simulator};
pub use summary::Accumulator;
