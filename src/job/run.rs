//! Runs of one scenario: summaries of every output, and the per-run
//! horizon values of the first runs for the rank correlations.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Cursor, Job, load_scenario_text};
use crate::scenario::{Bilingual, Plan};
use crate::sim::sensitivity::{MAX_RUN_SAMPLES, RunSamples, rank_correlations, sample_range};
use crate::sim::{Accumulator, RunResult, Simulator};
use crate::text::Text;

/// Runs of a scenario, advanced a slice at a time.
#[derive(Debug)]
pub struct RunJob {
    plan: Plan,
    cursor: Cursor,
    summary: Accumulator,
    /// Per-run horizon values kept (none when the caller has no use for
    /// them, e.g. `sasaeai run`).
    samples: Option<RunSamples>,
    scratch: RunResult,
}

/// What starts a run in a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunInput {
    /// The scenario file as text (TOML), exactly as it would be saved.
    pub scenario: String,
}

/// The result of runs so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunPartial {
    /// Summaries of the runs done.
    pub summary: Box<Accumulator>,
    /// Horizon values of the first runs done (at most [`MAX_RUN_SAMPLES`]),
    /// in the final result only.
    pub samples: Option<Box<RunSamples>>,
}

impl RunJob {
    /// Runs `runs` of `plan`, keeping per-run samples if `samples`.
    pub fn from_plan(plan: Plan, runs: Range<u64>, samples: bool) -> RunJob {
        RunJob {
            cursor: Cursor::new(runs),
            summary: Accumulator::new(&plan),
            samples: samples.then(|| RunSamples::new(MAX_RUN_SAMPLES)),
            scratch: RunResult::default(),
            plan,
        }
    }

    /// The plan being run.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Summaries of the runs done so far.
    pub fn summary(&self) -> &Accumulator {
        &self.summary
    }
}

impl Job for RunJob {
    type Input = RunInput;
    type Partial = RunPartial;
    const SPLITS: bool = true;

    fn start(input: &RunInput, runs: Option<Range<u64>>) -> Result<RunJob, Text> {
        let loaded = load_scenario_text(&input.scenario, "scenario").map_err(|e| e.text())?;
        let runs = runs.unwrap_or(0..loaded.plan.runs);
        Ok(RunJob::from_plan(loaded.plan, runs, true))
    }

    fn runs(input: &RunInput) -> Result<u64, Text> {
        let loaded = load_scenario_text(&input.scenario, "scenario").map_err(|e| e.text())?;
        Ok(loaded.plan.runs)
    }

    fn extend(&mut self, runs: Range<u64>) {
        self.cursor.extend(runs);
    }

    fn advance(&mut self, max_runs: u64) -> Result<(), Text> {
        let slice = self.cursor.take(max_runs);
        let sim = Simulator::new(&self.plan);
        match &mut self.samples {
            Some(samples) => {
                sample_range(&sim, slice, &mut self.summary, samples, &mut self.scratch)
            }
            None => crate::sim::batch::run_range(&sim, slice, &mut self.summary, &mut self.scratch),
        }
        Ok(())
    }

    fn progress(&self) -> (u64, u64) {
        (self.cursor.done(), self.cursor.total())
    }

    fn finished(&self) -> bool {
        self.cursor.finished()
    }

    fn partial(&self, last: bool) -> RunPartial {
        RunPartial {
            summary: Box::new(self.summary.clone()),
            samples: if last {
                self.samples.clone().map(Box::new)
            } else {
                None
            },
        }
    }

    fn merge(into: &mut RunPartial, other: &RunPartial) -> Result<(), Text> {
        into.summary.merge(&other.summary).map_err(|e| {
            Text::new(
                format!("internal error: {e}"),
                format!("内部エラー：形の異なる集計は合わせられません（{e}）"),
            )
        })?;
        match (&mut into.samples, &other.samples) {
            (Some(a), Some(b)) => a.merge(b),
            (None, Some(b)) => into.samples = Some(b.clone()),
            _ => {}
        }
        Ok(())
    }
}

/// Rank correlations of a run, as the app shows them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Correlations {
    /// Runs whose values entered the correlations.
    pub runs: u64,
    /// One entry per uncertain parameter, in parameter order.
    pub parameters: Vec<ParameterCorrelation>,
}

impl Correlations {
    /// Spearman's ρ between each sampled parameter of `plan` and every
    /// horizon output over the runs in `samples` (none in expected mode).
    pub fn from_samples(plan: &Plan, samples: &RunSamples) -> Correlations {
        let sim = Simulator::new(plan);
        Correlations {
            runs: samples.len() as u64,
            parameters: rank_correlations(&sim, samples)
                .into_iter()
                .map(|c| ParameterCorrelation {
                    parameter: c.parameter.to_string(),
                    rho: c.rho.to_vec(),
                })
                .collect(),
        }
    }
}

/// Spearman's ρ of one parameter with every horizon output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParameterCorrelation {
    /// Parameter name.
    pub parameter: String,
    /// ρ per output in [`crate::scenario::TargetMetric::ALL`] order; `None`
    /// when not defined (no spread).
    pub rho: Vec<Option<f64>>,
}
