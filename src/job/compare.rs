//! A paired comparison: 2–4 scenarios run by run with the baseline's seed
//! and targets (common random numbers, [`crate::sim::compare`]).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Cursor, Job, load_scenario_text};
use crate::scenario::{Bilingual, Plan};
use crate::sim::compare::{PairedAccumulator, align, compare_range};
use crate::sim::{RunResult, Simulator};
use crate::text::Text;

/// A paired comparison advanced a slice at a time.
#[derive(Debug)]
pub struct CompareJob {
    plans: Vec<Plan>,
    cursor: Cursor,
    summary: PairedAccumulator,
    scratch: Vec<RunResult>,
}

/// What starts a comparison in a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareInput {
    /// The scenario files as text (TOML), baseline first.
    pub scenarios: Vec<String>,
}

/// The paired summaries of the runs done so far.
pub type ComparePartial = Box<PairedAccumulator>;

impl CompareJob {
    /// Paired runs `runs` of `plans`, already aligned
    /// ([`crate::sim::compare::align`]).
    pub fn from_plans(plans: Vec<Plan>, runs: Range<u64>) -> CompareJob {
        CompareJob {
            cursor: Cursor::new(runs),
            summary: PairedAccumulator::new(&plans),
            scratch: Vec::new(),
            plans,
        }
    }

    /// The aligned plans, baseline first.
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }

    fn load(input: &CompareInput) -> Result<Vec<Plan>, Text> {
        let mut plans = Vec::with_capacity(input.scenarios.len());
        for (i, text) in input.scenarios.iter().enumerate() {
            let source = format!("scenario {}", i + 1);
            let loaded = load_scenario_text(text, &source).map_err(|e| e.text())?;
            plans.push(loaded.plan);
        }
        align(&mut plans).map_err(|e| e.text())?;
        Ok(plans)
    }
}

impl Job for CompareJob {
    type Input = CompareInput;
    type Partial = ComparePartial;
    const SPLITS: bool = true;

    fn start(input: &CompareInput, runs: Option<Range<u64>>) -> Result<CompareJob, Text> {
        let plans = CompareJob::load(input)?;
        let runs = runs.unwrap_or(0..plans[0].runs);
        Ok(CompareJob::from_plans(plans, runs))
    }

    fn runs(input: &CompareInput) -> Result<u64, Text> {
        Ok(CompareJob::load(input)?[0].runs)
    }

    fn extend(&mut self, runs: Range<u64>) {
        self.cursor.extend(runs);
    }

    /// Each paired run is one run of every scenario, so `max_runs` counts
    /// runs of all of them together.
    fn advance(&mut self, max_runs: u64) -> Result<(), Text> {
        let scenarios = self.plans.len().max(1) as u64;
        let slice = self.cursor.take((max_runs / scenarios).max(1));
        let sims: Vec<Simulator> = self.plans.iter().map(Simulator::new).collect();
        compare_range(&sims, slice, &mut self.summary, &mut self.scratch);
        Ok(())
    }

    fn progress(&self) -> (u64, u64) {
        (self.cursor.done(), self.cursor.total())
    }

    fn finished(&self) -> bool {
        self.cursor.finished()
    }

    fn partial(&self, _last: bool) -> ComparePartial {
        Box::new(self.summary.clone())
    }

    fn merge(into: &mut ComparePartial, other: &ComparePartial) -> Result<(), Text> {
        into.merge(other);
        Ok(())
    }
}
