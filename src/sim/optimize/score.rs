//! What one run contributes to the objective ([`RunScore`]), the runs of
//! one allocation ([`Scores`]) and what they did at the horizon beside the
//! objective ([`Tally`]).

use serde::{Deserialize, Serialize};

use crate::scenario::plan::{Direction, Plan, Target, TargetMetric};
use crate::sim::run::{MonthlyOutput, RunResult};
use crate::sim::stats::{ExactSum, Proportion};

use super::error::OptimizeError;
use super::settings::Objective;

/// One run's contribution to an objective: the objective is Σa / Σb over
/// runs (b = 1 except for the cost ratio), and `margin` ranks ties.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunScore {
    /// Numerator term.
    pub a: f64,
    /// Denominator term.
    pub b: f64,
    /// Signed relative margin to the target(s) (0 for other objectives).
    pub margin: f64,
    /// Which of the objective's targets has that margin (the first of the
    /// smallest; 0 for other objectives).
    pub binding: u32,
}

/// The objective after resolving target ids.
#[derive(Clone, Debug)]
pub(super) enum Measure {
    Targets(Vec<Target>),
    Participants,
    CostPerRetained,
}

impl Measure {
    /// The measure of `objective` on `plan`, its target ids resolved.
    pub(super) fn for_objective(
        objective: &Objective,
        plan: &Plan,
    ) -> Result<Measure, OptimizeError> {
        Ok(match objective {
            Objective::AllTargets if plan.targets.is_empty() => {
                return Err(OptimizeError::NoTargets);
            }
            Objective::AllTargets => Measure::Targets(plan.targets.clone()),
            Objective::Target(id) => match plan.targets.iter().find(|t| &t.id == id) {
                Some(t) => Measure::Targets(vec![t.clone()]),
                None => {
                    return Err(OptimizeError::UnknownTarget {
                        id: id.clone(),
                        known: plan
                            .targets
                            .iter()
                            .map(|t| t.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            },
            Objective::Participants => Measure::Participants,
            Objective::CostPerRetained => Measure::CostPerRetained,
        })
    }

    /// The contribution of `run`, whose plan has `months` months.
    pub(super) fn score(&self, run: &RunResult, months: usize) -> RunScore {
        match self {
            Measure::Targets(targets) => {
                let mut met = true;
                let mut margin = f64::INFINITY;
                let mut binding = 0;
                for (k, t) in targets.iter().enumerate() {
                    let v = run.horizon_value(t.metric);
                    met &= t.met(v);
                    let m = relative_margin(t, v);
                    if m < margin {
                        margin = m;
                        binding = k as u32;
                    }
                }
                RunScore {
                    a: f64::from(u8::from(met)),
                    b: 1.0,
                    margin,
                    binding,
                }
            }
            Measure::Participants => RunScore {
                a: run.horizon_value(TargetMetric::Participants),
                b: 1.0,
                margin: 0.0,
                binding: 0,
            },
            Measure::CostPerRetained => RunScore {
                a: run.horizon_value(TargetMetric::TotalSpending),
                b: (0..months)
                    .map(|m| run.month(m, MonthlyOutput::Participants))
                    .sum::<f64>()
                    / 12.0,
                margin: 0.0,
                binding: 0,
            },
        }
    }
}

/// How far `value` is from target `t`, relative to its threshold and
/// signed so that positive is success: `(value − threshold)/|threshold|`
/// for "at least", the opposite for "at most" (a threshold of 0 counts as
/// 1e-9).
pub fn relative_margin(t: &Target, value: f64) -> f64 {
    let scale = t.threshold.abs().max(1e-9);
    match t.direction {
        Direction::AtLeast => (value - t.threshold) / scale,
        Direction::AtMost => (t.threshold - value) / scale,
    }
}

/// The per-run terms of one allocation over a range of runs, and (for the
/// validation runs) what those runs did at the horizon beside the objective.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores(pub Vec<RunScore>, pub Tally);

/// What the runs of one allocation did at the horizon: whether each target
/// of the scenario was met, and the exact sum of every horizon figure
/// ([`TargetMetric::ALL`]), so that slices and threads add up to the same
/// bits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Per target of the scenario, in its order.
    pub met: Vec<Proportion>,
    /// Per figure of [`TargetMetric::ALL`].
    pub sums: Vec<ExactSum>,
    /// Runs counted.
    pub runs: u64,
}

impl Tally {
    /// Counts one run of a plan with `targets`.
    pub(super) fn add(&mut self, targets: &[Target], run: &RunResult) {
        self.met.resize(targets.len(), Proportion::default());
        self.sums
            .resize(TargetMetric::ALL.len(), ExactSum::default());
        for (p, t) in self.met.iter_mut().zip(targets) {
            p.record(t.met(run.horizon_value(t.metric)));
        }
        for (sum, metric) in self.sums.iter_mut().zip(TargetMetric::ALL) {
            sum.add(run.horizon_value(metric));
        }
        self.runs += 1;
    }

    /// Adds the runs of `other`.
    pub(super) fn merge(&mut self, other: &Tally) {
        self.met
            .resize(other.met.len().max(self.met.len()), Proportion::default());
        self.sums
            .resize(other.sums.len().max(self.sums.len()), ExactSum::default());
        for (a, b) in self.met.iter_mut().zip(&other.met) {
            a.merge(b);
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            a.merge(b);
        }
        self.runs += other.runs;
    }

    /// The mean of figure `k` of [`TargetMetric::ALL`] over the runs.
    pub(super) fn mean(&self, k: usize) -> f64 {
        self.sums.get(k).map_or(0.0, |s| s.mean(self.runs))
    }
}

impl Scores {
    /// Σa / Σb (0 when Σb is 0).
    pub fn value(&self) -> f64 {
        let (a, b) = self.sums();
        if b > 0.0 { a / b } else { 0.0 }
    }

    /// Σa and Σb.
    pub(super) fn sums(&self) -> (f64, f64) {
        self.0
            .iter()
            .fold((0.0, 0.0), |(a, b), s| (a + s.a, b + s.b))
    }

    /// The mean margin over the runs (0 for no runs).
    pub(super) fn mean_margin(&self) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        self.0.iter().map(|s| s.margin).sum::<f64>() / self.0.len() as f64
    }

    /// The per-run linearised terms whose mean's standard error is the
    /// value's (delta method; for b ≡ 1 simply a).
    pub(super) fn influence(&self) -> Vec<f64> {
        let (sum_a, sum_b) = self.sums();
        let n = self.0.len() as f64;
        let ratio = if sum_b > 0.0 { sum_a / sum_b } else { 0.0 };
        let mean_b = sum_b / n;
        self.0
            .iter()
            .map(|s| {
                if mean_b > 0.0 {
                    (s.a - ratio * s.b) / mean_b
                } else {
                    0.0
                }
            })
            .collect()
    }
}
