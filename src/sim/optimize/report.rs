//! The result of a search ([`OptimizeReport`]) and its plain-text table,
//! the progress of a search, and the record of each iteration.

use serde::{Deserialize, Serialize};

use crate::model::budget::{BudgetLine, Lines};

use super::allocation::Allocation;
use super::estimate::Estimate;
use super::horizon::HorizonComparison;
use super::margin::MarginReport;
use super::settings::{LineBounds, Objective};

/// One iteration of the search, for the report and progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IterationReport {
    /// Iteration number from 1.
    pub iteration: usize,
    /// Best objective among this iteration's candidates (search runs).
    pub best: f64,
    /// Mean of the search distribution after the update.
    pub mean_shares: Lines,
    /// Its standard deviations.
    pub sd_shares: Lines,
}

/// An allocation with its yen and its validated objective.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AllocationReport {
    /// Shares and spread.
    pub allocation: Allocation,
    /// Yen per line in the first FY (sums over wards).
    pub yen: Lines,
    /// Objective on the validation runs.
    pub objective: Estimate,
}

/// The result of a search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizeReport {
    /// Model version.
    pub model_version: u32,
    /// Scenario searched from.
    pub scenario: String,
    /// Objective.
    pub objective: Objective,
    /// Whether larger is better.
    pub maximise: bool,
    /// Total budget per FY (yen).
    pub total: f64,
    /// Bounds of the shares.
    pub bounds: LineBounds,
    /// Whether the spread was searched.
    pub search_spread: bool,
    /// Seed.
    pub seed: u64,
    /// Iterations, candidates per iteration and runs per candidate.
    pub iterations: usize,
    /// Allocations per iteration.
    pub candidates: usize,
    /// Runs per allocation in the search.
    pub runs_per_candidate: u64,
    /// Validation runs and the first run index used.
    pub validation_runs: u64,
    /// First validation run index.
    pub validation_first_run: u64,
    /// Runs done in all.
    pub runs_done: u64,
    /// The scenario as given (its own budget).
    pub start: AllocationReport,
    /// The best allocation found (shares rounded to 1e-4).
    pub best: AllocationReport,
    /// Best minus start on the validation runs, paired.
    pub difference: Estimate,
    /// Every target and horizon figure of the start and the best split on
    /// the validation runs: what the split does beside the objective.
    pub horizon: HorizonComparison,
    /// For probability objectives, the margin to the target(s) on the
    /// validation runs; none (null) for the others. (Always written: the
    /// worker's messages are in a format without field names.)
    pub margin: Option<MarginReport>,
    /// Each iteration.
    pub history: Vec<IterationReport>,
    /// The best allocation as a scenario file (TOML).
    pub scenario_toml: String,
}

/// Progress of a search.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OptimizeProgress {
    /// Runs done so far.
    pub runs_done: u64,
    /// Runs the whole search takes.
    pub runs_total: u64,
    /// Iterations finished.
    pub iteration: usize,
    /// Best allocation so far and its search objective.
    pub best: Option<(Allocation, f64)>,
    /// Iterations so far.
    pub history: Vec<IterationReport>,
}

impl OptimizeReport {
    /// A plain-text table of the result.
    pub fn to_table(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let fmt_value = |e: &Estimate| {
            if self.objective.is_probability() {
                format!("{:.3} (95% {:.3}–{:.3})", e.value, e.low, e.high)
            } else {
                format!("{:.1} (95% {:.1}–{:.1})", e.value, e.low, e.high)
            }
        };
        let _ = writeln!(
            s,
            "Allocation search for '{}': objective {} ({}), ¥{:.0} per FY",
            self.scenario,
            self.objective.key(),
            if self.maximise {
                "higher is better"
            } else {
                "lower is better"
            },
            self.total
        );
        let _ = writeln!(
            s,
            "{} iterations × {} allocations × {} runs, validated on {} fresh runs; {} runs in all\n",
            self.iterations,
            self.candidates,
            self.runs_per_candidate,
            self.validation_runs,
            self.runs_done
        );
        let _ = writeln!(
            s,
            "{:<12} {:>9} {:>16} {:>9} {:>16} {:>16}",
            "line", "start", "start ¥", "best", "best ¥", "change ¥"
        );
        for line in BudgetLine::ALL {
            let (start, best) = (self.start.yen.get(line), self.best.yen.get(line));
            let _ = writeln!(
                s,
                "{:<12} {:>9.4} {:>16.0} {:>9.4} {:>16.0} {:>+16.0}",
                line.key(),
                self.start.allocation.shares.get(line),
                start,
                self.best.allocation.shares.get(line),
                best,
                best - start
            );
        }
        let (start, best) = (self.start.yen.total(), self.best.yen.total());
        let _ = writeln!(
            s,
            "{:<12} {:>9} {:>16.0} {:>9} {:>16.0} {:>+16.0}",
            "total",
            "",
            start,
            "",
            best,
            best - start
        );
        let spread = format!(
            "{:<12} {:>9} {:>16} {:>9}",
            "spread",
            self.start.allocation.spread.key(),
            "",
            self.best.allocation.spread.key(),
        );
        let _ = writeln!(s, "{}", spread.trim_end());
        let _ = writeln!(
            s,
            "\nobjective   start {}",
            fmt_value(&self.start.objective)
        );
        let _ = writeln!(s, "            best  {}", fmt_value(&self.best.objective));
        let _ = writeln!(
            s,
            "            best − start {}",
            fmt_value(&self.difference)
        );
        if let Some(m) = &self.margin {
            m.write_table(&mut s, &self.objective);
        }
        self.horizon.write_table(&mut s);
        s
    }
}
