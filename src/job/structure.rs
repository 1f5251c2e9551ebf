//! The structure comparison (docs/model.md §9.7): one scenario run paired
//! under every model structure — all mechanisms of version 2, each one off
//! in turn, version 1 — a slice of run indices at a time, every structure
//! running the same runs with the same seed.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Cursor, Job, load_scenario_text};
use crate::scenario::{Bilingual, Plan};
use crate::sim::batch::run_range;
use crate::sim::structure::Structure;
use crate::sim::{Accumulator, RunResult, Simulator};
use crate::text::Text;

/// The runs per structure when the user does not say: at most this many
/// of the scenario's runs (eight structures are run; 2,000 paired runs put
/// the standard error of a P(met) near 50 % at 1.1 points).
pub const DEFAULT_STRUCTURE_RUNS: u64 = 2_000;

/// The structure comparison, advanced a slice at a time.
#[derive(Debug)]
pub struct StructureJob {
    /// The scenario's plan under each structure, in [`Structure::all`] order.
    plans: Vec<Plan>,
    cursor: Cursor,
    summaries: Vec<Accumulator>,
    scratch: RunResult,
}

/// What starts a structure comparison in a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StructureInput {
    /// The scenario file as text (TOML).
    pub scenario: String,
    /// Runs per structure.
    pub runs: u64,
}

/// Summaries of the runs done so far, one per structure in
/// [`Structure::all`] order.
pub type StructurePartial = Vec<Accumulator>;

impl StructureJob {
    /// Runs `runs` of `plan` under every structure.
    pub fn from_plan(plan: &Plan, runs: Range<u64>) -> StructureJob {
        let plans: Vec<Plan> = Structure::all()
            .into_iter()
            .map(|s| s.plan_for(plan))
            .collect();
        StructureJob {
            cursor: Cursor::new(runs),
            summaries: plans.iter().map(Accumulator::new).collect(),
            scratch: RunResult::default(),
            plans,
        }
    }

    /// The structures with the summaries of their runs.
    pub fn results(partial: StructurePartial) -> Vec<(Structure, Accumulator)> {
        Structure::all().into_iter().zip(partial).collect()
    }
}

impl Job for StructureJob {
    type Input = StructureInput;
    type Partial = StructurePartial;
    const SPLITS: bool = true;

    fn start(input: &StructureInput, runs: Option<Range<u64>>) -> Result<StructureJob, Text> {
        let loaded = load_scenario_text(&input.scenario, "scenario").map_err(|e| e.text())?;
        Ok(StructureJob::from_plan(
            &loaded.plan,
            runs.unwrap_or(0..input.runs),
        ))
    }

    fn runs(input: &StructureInput) -> Result<u64, Text> {
        Ok(input.runs)
    }

    fn extend(&mut self, runs: Range<u64>) {
        self.cursor.extend(runs);
    }

    /// Each run is one run of every structure, so `max_runs` counts runs
    /// of all of them together.
    fn advance(&mut self, max_runs: u64) -> Result<(), Text> {
        let structures = self.plans.len().max(1) as u64;
        let slice = self.cursor.take((max_runs / structures).max(1));
        for (plan, summary) in self.plans.iter().zip(&mut self.summaries) {
            run_range(
                &Simulator::new(plan),
                slice.clone(),
                summary,
                &mut self.scratch,
            );
        }
        Ok(())
    }

    fn progress(&self) -> (u64, u64) {
        (self.cursor.done(), self.cursor.total())
    }

    fn finished(&self) -> bool {
        self.cursor.finished()
    }

    fn partial(&self, _last: bool) -> StructurePartial {
        self.summaries.clone()
    }

    fn merge(into: &mut StructurePartial, other: &StructurePartial) -> Result<(), Text> {
        if into.len() != other.len() {
            return Err(Text::new(
                "internal error: structure comparisons of different sizes",
                "内部エラー：構造の数が異なる比較は合わせられません",
            ));
        }
        for (a, b) in into.iter_mut().zip(other) {
            a.merge(b).map_err(|e| {
                Text::new(
                    format!("internal error: {e}"),
                    format!("内部エラー：形の異なる集計は合わせられません（{e}）"),
                )
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::run::RunJob;

    /// The job's summaries are those of each structure's plan run on its
    /// own, and a job split in two merges to the same bits.
    #[test]
    fn each_structure_matches_its_own_run_and_splits_merge_exactly() {
        let mut loaded = crate::scenario::load_builtin("combined-plan")
            .expect("a built-in")
            .expect("valid");
        loaded.plan.runs = 12;
        let plan = &loaded.plan;
        let whole = {
            let mut job = StructureJob::from_plan(plan, 0..12);
            while !job.finished() {
                job.advance(40).expect("runs");
            }
            job.partial(true)
        };
        assert_eq!(whole.len(), 8);
        let mut first = StructureJob::from_plan(plan, 0..5);
        let mut second = StructureJob::from_plan(plan, 5..12);
        for job in [&mut first, &mut second] {
            while !job.finished() {
                job.advance(16).expect("runs");
            }
        }
        let mut merged = first.partial(true);
        StructureJob::merge(&mut merged, &second.partial(true)).expect("same shape");
        assert_eq!(merged, whole);
        for (s, acc) in StructureJob::results(whole) {
            let mut alone = RunJob::from_plan(s.plan_for(plan), 0..12, false);
            while !alone.finished() {
                alone.advance(u64::MAX).expect("runs");
            }
            assert_eq!(&acc, alone.summary(), "{}", s.key());
        }
    }
}
