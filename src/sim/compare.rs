//! Paired comparison of scenarios with common random numbers: run `r` of
//! every scenario uses the same keyed streams, so differences between the
//! scenarios come from the plans and not from luck.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

use super::plan::{Direction, Plan, TargetMetric};
use super::report::{ScenarioInfo, rounded, value_text};
use super::run::{RunResult, Simulator};
use super::stats::{Proportion, SeriesStats, Summary};
use super::summary::Accumulator;

/// Why scenarios cannot be compared.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CompareError {
    /// Fewer than two scenarios.
    #[error("compare needs at least two scenarios, got {0}")]
    TooFew(usize),
    /// Horizons differ.
    #[error(
        "scenario '{name}' runs FY{start}–FY{end} but the first scenario runs FY{base_start}–FY{base_end}; compared \
         scenarios need the same horizon"
    )]
    Horizon {
        /// Scenario name.
        name: String,
        /// Its first FY.
        start: i32,
        /// Its last FY.
        end: i32,
        /// First FY of the first scenario.
        base_start: i32,
        /// Last FY of the first scenario.
        base_end: i32,
    },
    /// Modes differ.
    #[error(
        "scenario '{0}' uses another mode than the first scenario; compared scenarios need the same mode"
    )]
    Mode(String),
}

/// Check that `plans` can be compared and give all of them the first plan's
/// targets, seed and runs (the comparison is judged on one yardstick).
/// Returns a note for each scenario whose own settings were replaced.
pub fn align(plans: &mut [Plan]) -> Result<Vec<String>, CompareError> {
    if plans.len() < 2 {
        return Err(CompareError::TooFew(plans.len()));
    }
    let (base, rest) = plans.split_at_mut(1);
    let base = &base[0];
    let mut notes = Vec::new();
    for p in rest {
        if p.start_fy != base.start_fy || p.fiscal_years != base.fiscal_years {
            return Err(CompareError::Horizon {
                name: p.name.clone(),
                start: p.start_fy,
                end: p.start_fy + p.fiscal_years as i32 - 1,
                base_start: base.start_fy,
                base_end: base.start_fy + base.fiscal_years as i32 - 1,
            });
        }
        if p.mode != base.mode {
            return Err(CompareError::Mode(p.name.clone()));
        }
        let mut replaced = Vec::new();
        if p.targets != base.targets {
            replaced.push("targets");
        }
        if p.seed != base.seed {
            replaced.push("seed");
        }
        if p.runs != base.runs {
            replaced.push("runs");
        }
        if !replaced.is_empty() {
            notes.push(format!(
                "'{}' is compared with the {} of '{}'",
                p.name,
                replaced.join(", "),
                base.name
            ));
        }
        p.targets = base.targets.clone();
        p.seed = base.seed;
        p.runs = base.runs;
    }
    Ok(notes)
}

/// Summaries of a paired batch.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedAccumulator {
    /// Each scenario's own summaries.
    pub scenarios: Vec<Accumulator>,
    /// For scenario i ≥ 1 and each target: horizon value of i minus that of the first.
    pub differences: Vec<Vec<Summary>>,
    /// For scenario i ≥ 1 and each target: whether i did strictly better than the first.
    pub better: Vec<Vec<Proportion>>,
    /// For scenario i ≥ 1 and each target: whether both were equal.
    pub ties: Vec<Vec<Proportion>>,
}

impl PairedAccumulator {
    /// Empty summaries for aligned `plans`.
    pub fn new(plans: &[Plan]) -> Self {
        let targets = plans[0].targets.len();
        let others = plans.len() - 1;
        PairedAccumulator {
            scenarios: plans.iter().map(Accumulator::new).collect(),
            differences: vec![vec![Summary::default(); targets]; others],
            better: vec![vec![Proportion::default(); targets]; others],
            ties: vec![vec![Proportion::default(); targets]; others],
        }
    }

    /// Merge another paired batch of the same plans.
    pub fn merge(&mut self, other: &PairedAccumulator) {
        for (a, b) in self.scenarios.iter_mut().zip(&other.scenarios) {
            let _ = a.merge(b);
        }
        for (a, b) in self
            .differences
            .iter_mut()
            .flatten()
            .zip(other.differences.iter().flatten())
        {
            a.merge(b);
        }
        for (a, b) in self
            .better
            .iter_mut()
            .flatten()
            .zip(other.better.iter().flatten())
        {
            a.merge(b);
        }
        for (a, b) in self
            .ties
            .iter_mut()
            .flatten()
            .zip(other.ties.iter().flatten())
        {
            a.merge(b);
        }
    }

    /// Runs done.
    pub fn runs(&self) -> u64 {
        self.scenarios[0].runs
    }
}

/// Run `runs` of every simulator (one per aligned plan) with shared streams.
pub fn compare_range(
    sims: &[Simulator<'_>],
    runs: Range<u64>,
    acc: &mut PairedAccumulator,
    scratch: &mut Vec<RunResult>,
) {
    scratch.resize_with(sims.len(), RunResult::default);
    let targets = &sims[0].plan().targets;
    for r in runs {
        for (sim, out) in sims.iter().zip(scratch.iter_mut()) {
            sim.run(r, out);
        }
        for (i, (sim, out)) in sims.iter().zip(scratch.iter()).enumerate() {
            acc.scenarios[i].add(sim.plan(), out);
        }
        let base = &scratch[0];
        for (i, other) in scratch.iter().enumerate().skip(1) {
            for (t, target) in targets.iter().enumerate() {
                let a = base.horizon_value(target.metric);
                let b = other.horizon_value(target.metric);
                acc.differences[i - 1][t].add(b - a);
                acc.better[i - 1][t].record(target.better(a, b));
                acc.ties[i - 1][t].record(a == b);
            }
        }
    }
}

/// Paired comparison on `threads` threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn compare_parallel(
    sims: &[Simulator<'_>],
    plans: &[Plan],
    runs: Range<u64>,
    threads: usize,
    cancel: &std::sync::atomic::AtomicBool,
    progress: &(dyn Fn(u64) + Sync),
) -> PairedAccumulator {
    super::batch::parallel_chunks(
        runs,
        threads,
        cancel,
        progress,
        || (PairedAccumulator::new(plans), Vec::new()),
        |(acc, scratch), chunk| compare_range(sims, chunk, acc, scratch),
        |(a, _), (b, _)| a.merge(b),
    )
    .0
    .0
}

/// The comparison report.
#[derive(Clone, Debug, Serialize)]
pub struct CompareReport {
    /// Model version.
    pub model_version: u32,
    /// Seed shared by every scenario.
    pub seed: u64,
    /// Runs per scenario.
    pub runs: u64,
    /// The scenarios, the first being the baseline.
    pub scenarios: Vec<ScenarioInfo>,
    /// Per target.
    pub targets: Vec<TargetComparison>,
}

/// One target across the compared scenarios.
#[derive(Clone, Debug, Serialize)]
pub struct TargetComparison {
    /// Identifier.
    pub id: String,
    /// Figure judged.
    pub metric: TargetMetric,
    /// Success side.
    pub direction: Direction,
    /// Threshold.
    pub threshold: f64,
    /// P(target met) per scenario.
    pub probabilities: Vec<f64>,
    /// Their Monte Carlo standard errors.
    pub std_errors: Vec<f64>,
    /// Horizon value per scenario.
    pub values: Vec<SeriesStats>,
    /// Against the first scenario, for each other one.
    pub differences: Vec<Difference>,
}

/// The paired difference of one scenario against the first.
#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    /// Scenario name.
    pub scenario: String,
    /// Horizon value minus the first scenario's, run by run.
    pub difference: SeriesStats,
    /// P(this scenario strictly better than the first).
    pub p_better: f64,
    /// Its Monte Carlo standard error.
    pub p_better_std_error: f64,
    /// P(both equal).
    pub p_tie: f64,
}

/// Build the comparison report.
pub fn build_compare_report(
    plans: &[Plan],
    infos: Vec<ScenarioInfo>,
    acc: &PairedAccumulator,
) -> CompareReport {
    let targets = plans[0]
        .targets
        .iter()
        .enumerate()
        .map(|(t, target)| TargetComparison {
            id: target.id.clone(),
            metric: target.metric,
            direction: target.direction,
            threshold: target.threshold,
            probabilities: acc
                .scenarios
                .iter()
                .map(|s| s.targets[t].probability())
                .collect(),
            std_errors: acc
                .scenarios
                .iter()
                .map(|s| s.targets[t].std_error())
                .collect(),
            values: acc
                .scenarios
                .iter()
                .map(|s| s.target_values[t].stats())
                .collect(),
            differences: (1..plans.len())
                .map(|i| Difference {
                    scenario: plans[i].name.clone(),
                    difference: rounded(acc.differences[i - 1][t].stats()),
                    p_better: acc.better[i - 1][t].probability(),
                    p_better_std_error: acc.better[i - 1][t].std_error(),
                    p_tie: acc.ties[i - 1][t].probability(),
                })
                .collect(),
        })
        .collect();
    CompareReport {
        model_version: crate::MODEL_VERSION,
        seed: plans[0].seed,
        runs: acc.runs(),
        scenarios: infos,
        targets,
    }
}

impl CompareReport {
    /// Plain-text table.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let names: Vec<&str> = self.scenarios.iter().map(|i| i.name.as_str()).collect();
        let _ = writeln!(
            s,
            "Paired comparison, {} runs each, seed {} (common random numbers); baseline: {}",
            self.runs, self.seed, names[0]
        );
        for t in &self.targets {
            let op = if t.direction == Direction::AtLeast {
                "≥"
            } else {
                "≤"
            };
            let _ = writeln!(s, "\n{} {} {}", t.id, op, value_text(t.metric, t.threshold));
            for (i, name) in names.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "  {:<20} P(met) {:>5.1}% ± {:.1}%   median {}",
                    name,
                    t.probabilities[i] * 100.0,
                    t.std_errors[i] * 100.0,
                    value_text(t.metric, t.values[i].p50)
                );
            }
            for d in &t.differences {
                let _ = writeln!(
                    s,
                    "  {} − {}: mean {} [5 %: {}, 95 %: {}], P(better) {:.1}% ± {:.1}%{}",
                    d.scenario,
                    names[0],
                    format_value(t.metric, d.difference.mean),
                    format_value(t.metric, d.difference.p5),
                    format_value(t.metric, d.difference.p95),
                    d.p_better * 100.0,
                    d.p_better_std_error * 100.0,
                    if d.p_tie > 0.0 {
                        format!(", ties {:.1}%", d.p_tie * 100.0)
                    } else {
                        String::new()
                    }
                );
            }
        }
        s
    }

    /// Tidy CSV.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("target,scenario,statistic,value\n");
        for t in &self.targets {
            let id = super::report::csv_field(&t.id);
            for (i, info) in self.scenarios.iter().enumerate() {
                let name = super::report::csv_field(&info.name);
                let _ = writeln!(s, "{id},{name},probability,{}", t.probabilities[i]);
                let _ = writeln!(s, "{id},{name},std_error,{}", t.std_errors[i]);
                let _ = writeln!(s, "{id},{name},median,{}", t.values[i].p50);
            }
            for d in &t.differences {
                let name = super::report::csv_field(&d.scenario);
                let _ = writeln!(s, "{id},{name},difference_mean,{}", d.difference.mean);
                let _ = writeln!(s, "{id},{name},difference_p5,{}", d.difference.p5);
                let _ = writeln!(s, "{id},{name},difference_p95,{}", d.difference.p95);
                let _ = writeln!(s, "{id},{name},p_better,{}", d.p_better);
                let _ = writeln!(s, "{id},{name},p_tie,{}", d.p_tie);
            }
        }
        s
    }
}

/// A paired difference for people: rates in percentage points.
fn format_value(metric: TargetMetric, x: f64) -> String {
    match metric {
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness => {
            format!("{:+.2} pt", x * 100.0)
        }
        TargetMetric::TotalSpending => super::report::yen_millions(x),
        _ => format!("{x:+.0}"),
    }
}
