//! An allocation search ([`crate::sim::optimize`]): its steps depend on
//! each other, so it runs on one worker (its own threads natively).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Job, load_scenario_text};
use crate::scenario::Bilingual;
use crate::sim::optimize::{OptimizeProgress, OptimizeReport, OptimizeSettings, Optimizer};
use crate::text::Text;

/// An allocation search advanced a slice of runs at a time.
#[derive(Debug)]
pub struct OptimizeJob {
    optimizer: Optimizer,
}

/// What starts a search in a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizeInput {
    /// The scenario file as text (TOML).
    pub scenario: String,
    /// What to search and how.
    pub settings: OptimizeSettings,
}

/// Where a search stands, and its result once it has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizePartial {
    /// Runs done, best so far, iterations.
    pub progress: OptimizeProgress,
    /// The validated result, in the final answer of a search that got that
    /// far.
    pub report: Option<Box<OptimizeReport>>,
}

impl Job for OptimizeJob {
    type Input = OptimizeInput;
    type Partial = OptimizePartial;
    const SPLITS: bool = false;

    /// The whole search; a search is not cut into run ranges, so `runs` is
    /// not used.
    fn start(input: &OptimizeInput, _runs: Option<Range<u64>>) -> Result<OptimizeJob, Text> {
        let loaded = load_scenario_text(&input.scenario, "scenario").map_err(|e| e.text())?;
        let optimizer = Optimizer::new(&loaded, input.settings.clone()).map_err(|e| e.text())?;
        Ok(OptimizeJob { optimizer })
    }

    fn runs(input: &OptimizeInput) -> Result<u64, Text> {
        Ok(OptimizeJob::start(input, None)?.progress().1)
    }

    /// A search is never split, so there is nothing to extend.
    fn extend(&mut self, _runs: Range<u64>) {}

    fn advance(&mut self, max_runs: u64) -> Result<(), Text> {
        self.optimizer
            .step(max_runs)
            .map(|_| ())
            .map_err(|e| e.text())
    }

    fn progress(&self) -> (u64, u64) {
        let p = self.optimizer.progress();
        (p.runs_done, p.runs_total)
    }

    fn finished(&self) -> bool {
        self.optimizer.report().is_some()
    }

    fn partial(&self, last: bool) -> OptimizePartial {
        OptimizePartial {
            progress: self.optimizer.progress(),
            report: if last {
                self.optimizer.report().map(|r| Box::new(r.clone()))
            } else {
                None
            },
        }
    }

    /// A search has one part: the later answer replaces the earlier.
    fn merge(into: &mut OptimizePartial, other: &OptimizePartial) -> Result<(), Text> {
        *into = other.clone();
        Ok(())
    }
}
