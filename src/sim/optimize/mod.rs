//! Allocation optimiser: the split of a total budget over the six lines
//! (and optionally the rule that spreads it over wards) that does best on an
//! objective, found by an evolution strategy (separable CMA-ES) with common
//! random numbers.
//!
//! # Method
//! A candidate allocation is a vector of six line shares inside the user's
//! bounds (`lower ≤ share ≤ upper`, shares summing to 1) and a spread rule.
//! The shares are searched with the separable CMA-ES (Ros & Hansen 2008,
//! "A simple modification in CMA-ES achieving linear time and space
//! complexity"): a normal search distribution with a diagonal covariance and
//! a global step size, the weighted mean of the better half moving the mean,
//! cumulative step-size adaptation lengthening the steps while the search
//! keeps moving one way and shortening them when it turns back. Each
//! iteration draws `candidates` allocations: the first is the current mean,
//! the others are drawn from the distribution and repaired onto the bounded
//! simplex (the nearest point in Euclidean distance,
//! [`project_onto_bounded_simplex`]); the updates use the repaired points.
//! The shares sum to 1, so the search moves in 5 dimensions, and the
//! learning rates and the expected step length are those of n = 5.
//! When the spread is searched too, each candidate's rule is drawn from a
//! categorical distribution over the four rules, and the parents move the
//! rule probabilities part of the way to their own frequencies
//! (`new = (1 − α)·old + α·parents`, α = [`SMOOTHING`]: the cross-entropy
//! method, Rubinstein & Kroese 2004).
//! Every candidate is run on the same runs `0..runs_per_candidate` of the
//! scenario's seed, so the candidates meet the same futures and their
//! differences come from the allocations (common random numbers).
//!
//! The allocation kept is the best candidate seen. Because it was picked as
//! the best of many noisy estimates, its search figure is biased upwards, so
//! the report's figure comes from a fresh validation run (run indices from
//! [`VALIDATION_FIRST_RUN`], which no search used), paired with the
//! starting scenario on the same validation runs.
//!
//! # Objectives
//! * `all-targets`: P(every target of the scenario is met at the horizon);
//! * `target:<id>`: P(that target is met);
//! * `participants`: expected participants at the horizon;
//! * `cost-per-retained`: spending over the horizon per retained
//!   participant-year (the sum over months of participants ÷ 12),
//!   a ratio of means over the runs; lower is better.
//!
//! Probabilities move in steps of 1/runs and are flat far from a target, so
//! candidates with equal probability are ranked by the mean margin by which
//! the runs miss or beat the target(s): for one target
//! `(value − threshold)/|threshold|` signed so that positive is success, and
//! for all targets the smallest of those margins in each run.
//!
//! # Intervals
//! Probabilities get Wilson score intervals; means the normal interval of
//! the mean; the ratio the delta-method interval with the linearisation
//! `(aᵣ − R·bᵣ)/b̄`. The difference from the starting scenario uses the same
//! per-run terms paired run by run. All intervals are 95 %.

mod cma;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::budget::{BudgetLine, Lines};
use crate::scenario::Bilingual;
use crate::scenario::error::ScenarioErrors;
use crate::scenario::read::number_text;
use crate::scenario::resolve::{Loaded, resolve};
use crate::scenario::schema::{Basis, Scenario, Spread};

use super::draw::standard_normal_from_uniform;
use super::plan::{Direction, Mode, Plan, Target, TargetMetric};
use super::run::{MonthlyOutput, RunResult, Simulator};
use super::stats::{ExactSum, Proportion};
use super::stream::{NO_WARD, Purpose, hash_name, nth, stream_key, unit_open};
use crate::scenario::plan::value_text;
use crate::text::format::group_thousands;
use cma::SepCma;

/// Weight of the parents in each update of the spread rule probabilities.
pub const SMOOTHING: f64 = 0.7;

/// First run index of the validation runs (far beyond any search).
pub const VALIDATION_FIRST_RUN: u64 = 1 << 40;

/// Smallest standard deviation of a share in the search.
pub(crate) const MIN_SD: f64 = 1e-4;

/// Smallest probability of a spread rule in the search.
const MIN_SPREAD_PROBABILITY: f64 = 0.02;

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// What the optimiser maximises or minimises.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    /// P(every target is met at the horizon).
    AllTargets,
    /// P(the target with this id is met at the horizon).
    Target(String),
    /// Expected participants at the horizon.
    Participants,
    /// Spending per retained participant-year (lower is better).
    CostPerRetained,
}

impl Objective {
    /// The accepted spellings, for messages.
    pub const SPELLINGS: &'static str = "all-targets, target:<id>, participants, cost-per-retained";

    /// Read `all-targets`, `target:<id>`, `participants` or `cost-per-retained`.
    pub fn parse(text: &str) -> Result<Self, OptimizeError> {
        match text.trim() {
            "all-targets" => Ok(Objective::AllTargets),
            "participants" => Ok(Objective::Participants),
            "cost-per-retained" => Ok(Objective::CostPerRetained),
            t => match t.strip_prefix("target:") {
                Some(id) if !id.trim().is_empty() => Ok(Objective::Target(id.trim().to_string())),
                _ => Err(OptimizeError::Objective(text.to_string())),
            },
        }
    }

    /// The spelling [`Objective::parse`] reads.
    pub fn key(&self) -> String {
        match self {
            Objective::AllTargets => "all-targets".into(),
            Objective::Target(id) => format!("target:{id}"),
            Objective::Participants => "participants".into(),
            Objective::CostPerRetained => "cost-per-retained".into(),
        }
    }

    /// Whether larger values are better.
    pub fn maximise(&self) -> bool {
        !matches!(self, Objective::CostPerRetained)
    }

    /// Whether the objective is a probability.
    pub fn is_probability(&self) -> bool {
        matches!(self, Objective::AllTargets | Objective::Target(_))
    }
}

/// Lower and upper bounds of each line's share.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineBounds {
    /// Smallest share of each line.
    pub lower: Lines,
    /// Largest share of each line.
    pub upper: Lines,
}

impl Default for LineBounds {
    fn default() -> Self {
        LineBounds {
            lower: Lines([0.0; 6]),
            upper: Lines([1.0; 6]),
        }
    }
}

impl LineBounds {
    /// Read `line=lower:upper` pairs separated by commas (for example
    /// `staff=0.05:0.3,grants=0.2:0.8`); lines not named keep 0–1.
    pub fn parse(text: &str) -> Result<Self, OptimizeError> {
        let mut bounds = LineBounds::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let bad = |why: BoundsProblem| OptimizeError::BoundsSyntax {
                item: item.to_string(),
                why,
            };
            let (key, range) = item
                .split_once('=')
                .ok_or_else(|| bad(BoundsProblem::Form))?;
            let line = BudgetLine::from_key(key.trim())
                .ok_or_else(|| bad(BoundsProblem::UnknownLine(key.trim().to_string())))?;
            let (lo, hi) = range
                .split_once(':')
                .ok_or_else(|| bad(BoundsProblem::Range))?;
            let number = |s: &str| {
                s.trim()
                    .parse::<f64>()
                    .map_err(|_| bad(BoundsProblem::NotANumber(s.trim().to_string())))
            };
            bounds.lower.set(line, number(lo)?);
            bounds.upper.set(line, number(hi)?);
        }
        bounds.check()?;
        Ok(bounds)
    }

    /// Every bound in [0, 1], lower ≤ upper, and some allocation inside.
    pub fn check(&self) -> Result<(), OptimizeError> {
        for line in BudgetLine::ALL {
            let (lo, hi) = (self.lower.get(line), self.upper.get(line));
            if !(lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo <= hi && hi <= 1.0) {
                return Err(OptimizeError::Bounds {
                    line: line.key(),
                    lower: lo,
                    upper: hi,
                });
            }
        }
        let (sum_lower, sum_upper) = (self.lower.total(), self.upper.total());
        if sum_lower > 1.0 + 1e-12 || sum_upper < 1.0 - 1e-12 {
            return Err(OptimizeError::Infeasible {
                sum_lower,
                sum_upper,
            });
        }
        Ok(())
    }
}

fn line_keys() -> String {
    BudgetLine::ALL.map(BudgetLine::key).join(", ")
}

/// Settings of a search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizeSettings {
    /// What to maximise or minimise.
    pub objective: Objective,
    /// Total budget per FY in yen (the scenario's first-FY total when absent).
    pub total: Option<f64>,
    /// Bounds of the line shares.
    pub bounds: LineBounds,
    /// Whether to search the spread over wards too.
    pub search_spread: bool,
    /// Iterations of the cross-entropy method.
    pub iterations: usize,
    /// Allocations tried per iteration.
    pub candidates: usize,
    /// Runs per allocation (common to all allocations).
    pub runs_per_candidate: u64,
    /// Runs of the validation of the best allocation and of the start.
    pub validation_runs: u64,
}

impl Default for OptimizeSettings {
    fn default() -> Self {
        OptimizeSettings {
            objective: Objective::AllTargets,
            total: None,
            bounds: LineBounds::default(),
            search_spread: false,
            iterations: 10,
            candidates: 12,
            runs_per_candidate: 120,
            validation_runs: 1000,
        }
    }
}

/// Why a search cannot start or go on.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OptimizeError {
    /// An objective that is not one of the spellings.
    #[error("objective '{0}' is not known; use one of: {spellings}", spellings = Objective::SPELLINGS)]
    Objective(String),
    /// `target:<id>` names no target of the scenario.
    #[error("objective target '{id}' is not a target of the scenario; its targets are: {known}")]
    UnknownTarget {
        /// The id given.
        id: String,
        /// The scenario's target ids.
        known: String,
    },
    /// `all-targets` on a scenario without targets.
    #[error(
        "objective all-targets needs at least one target in run.targets; the scenario has none"
    )]
    NoTargets,
    /// A bounds item that cannot be read.
    #[error("bounds '{item}': {}", why.en())]
    BoundsSyntax {
        /// The item as written.
        item: String,
        /// What is wrong.
        why: BoundsProblem,
    },
    /// A line's bounds outside 0 ≤ lower ≤ upper ≤ 1.
    #[error(
        "bounds of {line} = {lower}:{upper}: a share's bounds must satisfy 0 ≤ lower ≤ upper ≤ 1"
    )]
    Bounds {
        /// The line.
        line: &'static str,
        /// Its lower bound.
        lower: f64,
        /// Its upper bound.
        upper: f64,
    },
    /// No allocation inside the bounds sums to 1.
    #[error(
        "bounds leave no allocation: the lower bounds sum to {sum_lower} and the upper bounds to {sum_upper}, \
         but the shares must sum to 1 (lower sum ≤ 1 ≤ upper sum)"
    )]
    Infeasible {
        /// Sum of the lower bounds.
        sum_lower: f64,
        /// Sum of the upper bounds.
        sum_upper: f64,
    },
    /// A total that is not a positive amount of yen.
    #[error("total = {}: the total budget per FY must be yen above 0 and at most 1e15", number_text(*.0))]
    Total(f64),
    /// A search setting out of range.
    #[error("{name} = {value}: allowed {} to {}", group_thousands(*min as i64), group_thousands(*max as i64))]
    Setting {
        /// Setting name.
        name: &'static str,
        /// Value given.
        value: u64,
        /// Smallest allowed.
        min: u64,
        /// Largest allowed.
        max: u64,
    },
    /// The scenario runs in expected mode with no uncertainty to average:
    /// allowed, but a probability objective is then 0 or 1.
    #[error(
        "objective {0} is a probability, and in expected mode it can only be 0 or 1; run the search in stochastic mode"
    )]
    ExpectedProbability(String),
    /// A candidate allocation the scenario reader refused.
    #[error("{0}")]
    Scenario(#[from] ScenarioErrors),
}

/// What is wrong with an item of `--bounds`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoundsProblem {
    /// Not `line=lower:upper`.
    Form,
    /// Not a budget line.
    UnknownLine(String),
    /// Not `lower:upper`.
    Range,
    /// A bound that is not a number.
    NotANumber(String),
}

impl Bilingual for BoundsProblem {
    fn en(&self) -> String {
        match self {
            BoundsProblem::Form => "write line=lower:upper".into(),
            BoundsProblem::UnknownLine(key) => {
                format!("unknown line '{key}'; the lines are {}", line_keys())
            }
            BoundsProblem::Range => "write the range as lower:upper".into(),
            BoundsProblem::NotANumber(s) => format!("'{s}' is not a number"),
        }
    }

    fn ja(&self) -> String {
        match self {
            BoundsProblem::Form => "line=lower:upperの形で書いてください".into(),
            BoundsProblem::UnknownLine(key) => {
                format!("費目'{key}'はありません。費目: {}", line_keys())
            }
            BoundsProblem::Range => "範囲はlower:upperの形で書いてください".into(),
            BoundsProblem::NotANumber(s) => format!("'{s}'は数値ではありません"),
        }
    }
}

impl Bilingual for OptimizeError {
    fn en(&self) -> String {
        self.to_string()
    }

    fn ja(&self) -> String {
        match self {
            OptimizeError::Objective(t) => format!(
                "目的'{t}'は使えません。次のいずれかを指定してください: {}",
                Objective::SPELLINGS
            ),
            OptimizeError::UnknownTarget { id, known } => {
                format!("目的の目標'{id}'はこのシナリオの目標にありません。目標: {known}")
            }
            OptimizeError::NoTargets => {
                "目的all-targetsにはrun.targetsに1つ以上の目標が必要ですが、このシナリオにはありません"
                    .into()
            }
            OptimizeError::BoundsSyntax { item, why } => format!("範囲'{item}': {}", why.ja()),
            OptimizeError::Bounds { line, lower, upper } => format!(
                "{line}の範囲 = {lower}:{upper}: 構成比の範囲は0 ≤ 下限 ≤ 上限 ≤ 1にしてください"
            ),
            OptimizeError::Infeasible {
                sum_lower,
                sum_upper,
            } => format!(
                "この範囲では配分できません。下限の合計は{sum_lower}、上限の合計は{sum_upper}ですが、構成比の合計は1に\
                 なる必要があります（下限の合計 ≤ 1 ≤ 上限の合計）"
            ),
            OptimizeError::Total(x) => {
                format!(
                    "total = {}: 年度あたりの総予算は0円より大きく1e15円以下にしてください",
                    number_text(*x)
                )
            }
            OptimizeError::Setting {
                name,
                value,
                min,
                max,
            } => format!(
                "{name} = {value}: {}〜{}の範囲で指定してください",
                group_thousands(*min as i64),
                group_thousands(*max as i64)
            ),
            OptimizeError::ExpectedProbability(o) => format!(
                "目的{o}は確率なので、期待値モードでは0か1にしかなりません。確率的モード（stochastic）で探索してください"
            ),
            OptimizeError::Scenario(e) => e.ja(),
        }
    }
}

/// One allocation: line shares and the spread over wards.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    /// Share of each line (sums to 1).
    pub shares: Lines,
    /// How each line is spread over wards.
    #[serde(with = "spread_key")]
    pub spread: Spread,
}

mod spread_key {
    use super::Spread;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(s: &Spread, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Spread, D::Error> {
        let key = String::deserialize(d)?;
        Spread::from_key(&key)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown spread '{key}'")))
    }
}

/// The four spread rules in a fixed order.
const SPREADS: [Spread; 4] = [
    Spread::PerResident,
    Spread::PerParticipant,
    Spread::Equal,
    Spread::StatusQuo,
];

/// The nearest point (Euclidean) to `y` with `lower ≤ x ≤ upper` and
/// Σx = 1: x = clamp(y − λ, lower, upper) with λ found by bisection (the
/// sum is non-increasing in λ). The bounds must be feasible
/// ([`LineBounds::check`]). The result sums to 1 within 1e-12.
pub fn project_onto_bounded_simplex(y: &[f64; 6], bounds: &LineBounds) -> [f64; 6] {
    let (lo, hi) = (bounds.lower.0, bounds.upper.0);
    let at =
        |lambda: f64| -> [f64; 6] { std::array::from_fn(|i| (y[i] - lambda).clamp(lo[i], hi[i])) };
    let sum = |x: [f64; 6]| x.iter().sum::<f64>();
    // Below λ_min every coordinate is at its upper bound, above λ_max at its lower.
    let mut a = (0..6).map(|i| y[i] - hi[i]).fold(f64::INFINITY, f64::min);
    let mut b = (0..6)
        .map(|i| y[i] - lo[i])
        .fold(f64::NEG_INFINITY, f64::max);
    for _ in 0..200 {
        let mid = 0.5 * (a + b);
        if sum(at(mid)) > 1.0 {
            a = mid;
        } else {
            b = mid;
        }
        if b - a <= f64::EPSILON * (1.0 + a.abs().max(b.abs())) {
            break;
        }
    }
    let mut x = at(0.5 * (a + b));
    // Put the last rounding residue on a coordinate with room for it.
    let residue = 1.0 - sum(x);
    if let Some(i) = (0..6).find(|&i| (lo[i]..=hi[i]).contains(&(x[i] + residue))) {
        x[i] += residue;
    }
    x
}

/// Shares rounded to 1e-4 (for a readable scenario file), summing to 1 and
/// inside the bounds: the rounding residue goes, in steps of 1e-4, to the
/// lines with the most room.
pub fn round_shares(x: &[f64; 6], bounds: &LineBounds) -> [f64; 6] {
    const STEP: f64 = 1e-4;
    let to_steps = |v: f64| (v / STEP).round() as i64;
    let lo: [i64; 6] = bounds.lower.0.map(|v| (v / STEP - 1e-9).ceil() as i64);
    let hi: [i64; 6] = bounds.upper.0.map(|v| (v / STEP + 1e-9).floor() as i64);
    let mut steps: [i64; 6] = std::array::from_fn(|i| to_steps(x[i]).clamp(lo[i], hi[i]));
    let mut residue = 10_000 - steps.iter().sum::<i64>();
    while residue != 0 {
        let up = residue > 0;
        let room = |i: usize| {
            if up {
                hi[i] - steps[i]
            } else {
                steps[i] - lo[i]
            }
        };
        let Some(i) = (0..6).filter(|&i| room(i) > 0).max_by_key(|&i| room(i)) else {
            // Bounds narrower than a step: keep the exact projection.
            return *x;
        };
        let k = room(i).min(residue.abs());
        steps[i] += if up { k } else { -k };
        residue += if up { -k } else { k };
    }
    steps.map(|s| s as f64 * STEP)
}

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
enum Measure {
    Targets(Vec<Target>),
    Participants,
    CostPerRetained,
}

impl Measure {
    fn score(&self, run: &RunResult, months: usize) -> RunScore {
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
    fn add(&mut self, targets: &[Target], run: &RunResult) {
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

    fn merge(&mut self, other: &Tally) {
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

    fn mean(&self, k: usize) -> f64 {
        self.sums.get(k).map_or(0.0, |s| s.mean(self.runs))
    }
}

impl Scores {
    /// Σa / Σb (0 when Σb is 0).
    pub fn value(&self) -> f64 {
        let (a, b) = self.sums();
        if b > 0.0 { a / b } else { 0.0 }
    }

    fn sums(&self) -> (f64, f64) {
        self.0
            .iter()
            .fold((0.0, 0.0), |(a, b), s| (a + s.a, b + s.b))
    }

    fn mean_margin(&self) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        self.0.iter().map(|s| s.margin).sum::<f64>() / self.0.len() as f64
    }

    /// The per-run linearised terms whose mean's standard error is the
    /// value's (delta method; for b ≡ 1 simply a).
    fn influence(&self) -> Vec<f64> {
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

fn std_error(terms: &[f64]) -> f64 {
    let n = terms.len();
    if n < 2 {
        return 0.0;
    }
    let mean = terms.iter().sum::<f64>() / n as f64;
    let var = terms.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    (var / n as f64).sqrt()
}

/// A figure with its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// Lower end of the 95 % interval.
    pub low: f64,
    /// Upper end of the 95 % interval.
    pub high: f64,
    /// Standard error (normal approximation).
    pub std_error: f64,
}

/// The Wilson score interval (95 %) of k successes in n trials.
pub fn wilson(successes: f64, trials: f64) -> Estimate {
    if trials <= 0.0 {
        return Estimate {
            value: 0.0,
            low: 0.0,
            high: 1.0,
            std_error: 0.0,
        };
    }
    let p = successes / trials;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / trials;
    let centre = (p + z2 / (2.0 * trials)) / denominator;
    let half = Z95 * (p * (1.0 - p) / trials + z2 / (4.0 * trials * trials)).sqrt() / denominator;
    Estimate {
        value: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
        std_error: (p * (1.0 - p) / trials).sqrt(),
    }
}

fn estimate(scores: &Scores, probability: bool) -> Estimate {
    if probability {
        let (a, b) = scores.sums();
        return wilson(a, b);
    }
    let value = scores.value();
    let se = std_error(&scores.influence());
    Estimate {
        value,
        low: value - Z95 * se,
        high: value + Z95 * se,
        std_error: se,
    }
}

/// The mean of `terms` with its normal 95 % interval.
fn mean_estimate(terms: &[f64]) -> Estimate {
    let value = if terms.is_empty() {
        0.0
    } else {
        terms.iter().sum::<f64>() / terms.len() as f64
    };
    let se = std_error(terms);
    Estimate {
        value,
        low: value - Z95 * se,
        high: value + Z95 * se,
        std_error: se,
    }
}

/// The difference `b − a` of two allocations' objectives on the same runs,
/// with the interval from the paired per-run terms.
fn paired_difference(a: &Scores, b: &Scores) -> Estimate {
    let value = b.value() - a.value();
    let terms: Vec<f64> = b
        .influence()
        .iter()
        .zip(a.influence())
        .map(|(x, y)| x - y)
        .collect();
    let se = std_error(&terms);
    Estimate {
        value,
        low: value - Z95 * se,
        high: value + Z95 * se,
        std_error: se,
    }
}

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

/// How far the validation runs are from the target(s) of a probability
/// objective: the search's tie-break, measured again on fresh runs. It
/// tells the splits apart where the probability cannot (0 or 1 for both).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarginReport {
    /// Mean over the validation runs of each run's margin (the smallest
    /// [`relative_margin`] over the objective's targets), for the start.
    pub start: Estimate,
    /// The same for the best split.
    pub best: Estimate,
    /// Best minus start, paired run by run.
    pub difference: Estimate,
    /// The validated probability is 0 for both splits, or 1 for both: it
    /// does not rank them, and the search ranked them by the margin.
    pub flat: bool,
    /// For the best split, the share of the validation runs in which each
    /// target has the smallest margin (the target that binds), in the
    /// objective's order of targets.
    pub binding: Vec<BindingShare>,
}

/// One target and the share of runs in which it binds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BindingShare {
    /// The target's id.
    pub target: String,
    /// Share of the validation runs (0 to 1).
    pub share: f64,
}

impl MarginReport {
    fn new(targets: &[Target], start: &Scores, best: &Scores, probability: (f64, f64)) -> Self {
        let margins = |s: &Scores| s.0.iter().map(|r| r.margin).collect::<Vec<_>>();
        let (a, b) = (margins(start), margins(best));
        let paired: Vec<f64> = b.iter().zip(&a).map(|(x, y)| x - y).collect();
        let runs = best.0.len().max(1) as f64;
        let binding = targets
            .iter()
            .enumerate()
            .map(|(k, t)| BindingShare {
                target: t.id.clone(),
                share: best.0.iter().filter(|r| r.binding as usize == k).count() as f64 / runs,
            })
            .collect();
        MarginReport {
            start: mean_estimate(&a),
            best: mean_estimate(&b),
            difference: mean_estimate(&paired),
            flat: probability.0 == probability.1 && (probability.0 == 0.0 || probability.0 == 1.0),
            binding,
        }
    }

    /// The target that binds in most validation runs of the best split
    /// (the first of equals), if there are targets.
    pub fn most_binding(&self) -> Option<&BindingShare> {
        self.binding
            .iter()
            .rev()
            .max_by(|a, b| a.share.total_cmp(&b.share))
    }

    /// The margin lines of [`OptimizeReport::to_table`], and the note on a
    /// probability that cannot rank the splits.
    fn write_table(&self, s: &mut String, objective: &Objective) {
        use std::fmt::Write as _;
        let pct = |x: f64| format!("{:+.1} %", 100.0 * x);
        let pt = |x: f64| format!("{:+.1} pt", 100.0 * x);
        let _ = writeln!(
            s,
            "\nmargin to the {} (mean over the fresh runs of {}(value − threshold)/threshold; positive = met)",
            if self.binding.len() > 1 {
                "targets"
            } else {
                "target"
            },
            if self.binding.len() > 1 {
                "each run's smallest "
            } else {
                ""
            }
        );
        for (label, e) in [("start", &self.start), ("best ", &self.best)] {
            let _ = writeln!(
                s,
                "            {label} {} (95% {} to {})",
                pct(e.value),
                pct(e.low),
                pct(e.high)
            );
        }
        let d = &self.difference;
        let _ = writeln!(
            s,
            "            best − start {} (95% {} to {})",
            pt(d.value),
            pt(d.low),
            pt(d.high)
        );
        if self.binding.len() > 1 {
            let shares: Vec<String> = self
                .binding
                .iter()
                .map(|b| format!("{} {:.1} %", b.target, 100.0 * b.share))
                .collect();
            let _ = writeln!(
                s,
                "binding     the target furthest from being met, share of the best split's runs: {}",
                shares.join(", ")
            );
        }
        if self.flat {
            let _ = writeln!(s, "\n{}", self.flat_note(objective));
        }
    }

    /// Whether every run of both splits meets the target(s): flat at 1
    /// (then no run's margin is negative; flat at 0, every run misses a
    /// target, so the mean margin is negative).
    pub fn flat_at_one(&self) -> bool {
        self.flat && self.start.value >= 0.0
    }

    /// When the probability is 0 for both splits, the objectives that can
    /// move: the target that binds most often (for all targets, if there
    /// are several) and expected participants. Empty otherwise.
    pub fn suggested_objectives(&self, objective: &Objective) -> Vec<Objective> {
        if !self.flat || self.flat_at_one() {
            return Vec::new();
        }
        let binding = (objective == &Objective::AllTargets && self.binding.len() > 1)
            .then(|| self.most_binding())
            .flatten()
            .map(|b| Objective::Target(b.target.clone()));
        binding
            .into_iter()
            .chain([Objective::Participants])
            .collect()
    }

    /// Why the probability did not rank the splits, and what to try.
    pub fn flat_note(&self, objective: &Objective) -> String {
        let p = if objective == &Objective::AllTargets {
            "P(every target met)".to_string()
        } else {
            format!("P({} met)", objective.key().trim_start_matches("target:"))
        };
        if self.flat_at_one() {
            return format!(
                "note: {p} is 1 for the start and for the best split on the fresh runs, so \
                 it cannot rank them; the search ranked the splits by their margin above \
                 the target(s) instead."
            );
        }
        let tries: Vec<String> = self
            .suggested_objectives(objective)
            .iter()
            .map(|o| format!("--objective {}", o.key()))
            .collect();
        format!(
            "note: {p} is 0 for the start and for the best split on the fresh runs, so \
             it cannot rank them; the search ranked the splits by their margin to the \
             target(s) instead, and the best split is the one that comes closest. To \
             search for what this budget can move, try {}.",
            tries.join(" or ")
        )
    }
}

/// A fall in a target's probability from the start to the best split
/// larger than this is pointed out ([`HorizonComparison::worse`]).
pub const WORSE_BY: f64 = 0.05;

/// The start and the best split side by side on the validation runs,
/// beyond the objective: a split that wins on one target can lose on
/// another.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HorizonComparison {
    /// Every target of the scenario: P(met) for the start and the best split.
    pub targets: Vec<TargetSides>,
    /// Every horizon figure: its mean over the runs for both.
    pub figures: Vec<FigureSides>,
}

/// One target's probability for the start and the best split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetSides {
    /// The target's id.
    pub id: String,
    /// The figure it judges.
    pub metric: TargetMetric,
    /// P(met) with the start.
    pub start: f64,
    /// P(met) with the best split.
    pub best: f64,
}

/// One horizon figure's mean for the start and the best split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureSides {
    /// The figure.
    pub metric: TargetMetric,
    /// Mean with the start.
    pub start: f64,
    /// Mean with the best split.
    pub best: f64,
}

impl HorizonComparison {
    fn new(targets: &[Target], start: &Tally, best: &Tally) -> Self {
        let p = |t: &Tally, k: usize| t.met.get(k).map_or(0.0, Proportion::probability);
        HorizonComparison {
            targets: targets
                .iter()
                .enumerate()
                .map(|(k, t)| TargetSides {
                    id: t.id.clone(),
                    metric: t.metric,
                    start: p(start, k),
                    best: p(best, k),
                })
                .collect(),
            figures: TargetMetric::ALL
                .iter()
                .enumerate()
                .map(|(k, &metric)| FigureSides {
                    metric,
                    start: start.mean(k),
                    best: best.mean(k),
                })
                .collect(),
        }
    }

    /// The targets whose probability falls by more than [`WORSE_BY`] from
    /// the start to the best split.
    pub fn worse(&self) -> Vec<&TargetSides> {
        self.targets
            .iter()
            .filter(|t| t.start - t.best > WORSE_BY)
            .collect()
    }

    fn write_table(&self, s: &mut String) {
        use std::fmt::Write as _;
        let _ = writeln!(
            s,
            "\nat the horizon (fresh runs)  {:>16} {:>16}",
            "start", "best"
        );
        for t in &self.targets {
            let _ = writeln!(
                s,
                "  {:<26} {:>16.3} {:>16.3}",
                format!("P({} met)", t.id),
                t.start,
                t.best
            );
        }
        for f in &self.figures {
            let _ = writeln!(
                s,
                "  {:<26} {:>16} {:>16}",
                format!("{} (mean)", f.metric.key()),
                value_text(f.metric, f.start),
                value_text(f.metric, f.best)
            );
        }
        let worse: Vec<String> = self
            .worse()
            .iter()
            .map(|t| format!("{} ({:.3} → {:.3})", t.id, t.start, t.best))
            .collect();
        if !worse.is_empty() {
            let _ = writeln!(
                s,
                "\nnote: the best split makes these targets less likely than the start: {}. \
                 Bounds on the lines (--bounds) or another objective can keep them.",
                worse.join(", ")
            );
        }
    }
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

/// An allocation to evaluate and the plan it resolves to.
#[derive(Clone, Debug)]
struct Job {
    allocation: Allocation,
    plan: Plan,
    runs: Range<u64>,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Search,
    Validate,
    Done,
}

/// A search in progress. Drive it with [`Optimizer::step`] (a slice of runs
/// at a time: the browser worker) or [`Optimizer::run_parallel`] (threads:
/// the CLI); both give the same bits.
#[derive(Debug)]
pub struct Optimizer {
    scenario: Scenario,
    loaded: Loaded,
    settings: OptimizeSettings,
    measure: Measure,
    total: f64,
    start: Allocation,
    cma: SepCma,
    spread_probabilities: [f64; 4],
    iteration: usize,
    phase: Phase,
    jobs: Vec<Job>,
    results: Vec<Scores>,
    /// Job being stepped through and its next run.
    cursor: (usize, u64),
    best: Option<(Allocation, f64, f64)>,
    history: Vec<IterationReport>,
    runs_done: u64,
    report: Option<OptimizeReport>,
}

impl Optimizer {
    /// Prepare a search from a loaded scenario.
    pub fn new(loaded: &Loaded, settings: OptimizeSettings) -> Result<Self, OptimizeError> {
        settings.bounds.check()?;
        let plan = &loaded.plan;
        let measure = match &settings.objective {
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
        };
        if plan.mode == Mode::Expected && settings.objective.is_probability() {
            return Err(OptimizeError::ExpectedProbability(settings.objective.key()));
        }
        for (name, value, min, max) in [
            ("iterations", settings.iterations as u64, 1, 200),
            ("candidates", settings.candidates as u64, 4, 200),
            (
                "runs_per_candidate",
                settings.runs_per_candidate,
                1,
                100_000,
            ),
            ("validation_runs", settings.validation_runs, 2, 1_000_000),
        ] {
            if !(min..=max).contains(&value) {
                return Err(OptimizeError::Setting {
                    name,
                    value,
                    min,
                    max,
                });
            }
        }
        let first_fy = plan_total(plan, 0);
        let total = settings.total.unwrap_or(first_fy.total());
        if !(total.is_finite() && total > 0.0 && total <= 1e15) {
            return Err(OptimizeError::Total(total));
        }
        let start_shares = if first_fy.total() > 0.0 {
            first_fy.0.map(|x| x / first_fy.total())
        } else {
            [1.0 / 6.0; 6]
        };
        let start_spread = match &loaded.scenario.budget.basis {
            Basis::Total { spread, .. } => *spread,
            Basis::StatusQuo => Spread::StatusQuo,
        };
        let bounds = settings.bounds;
        let cma = SepCma::new(
            project_onto_bounded_simplex(&start_shares, &bounds),
            bounds,
            settings.candidates,
        );
        let spread_probabilities = if settings.search_spread {
            [0.25; 4]
        } else {
            SPREADS.map(|s| f64::from(u8::from(s == start_spread)))
        };
        // Runs with one thread are exactly what the plan's runs would be:
        // the search uses the plan's own seed and runs 0…n−1.
        let mut scenario = loaded.scenario.clone();
        scenario.budget.scale.clear();
        scenario.budget.set.clear();
        let mut opt = Optimizer {
            scenario,
            loaded: loaded.clone(),
            measure,
            total,
            start: Allocation {
                shares: Lines(start_shares),
                spread: start_spread,
            },
            cma,
            spread_probabilities,
            iteration: 0,
            phase: Phase::Search,
            jobs: Vec::new(),
            results: Vec::new(),
            cursor: (0, 0),
            best: None,
            history: Vec::new(),
            runs_done: 0,
            report: None,
            settings,
        };
        opt.jobs = opt.search_jobs()?;
        opt.results = vec![Scores::default(); opt.jobs.len()];
        Ok(opt)
    }

    /// Runs the whole search takes.
    pub fn runs_total(&self) -> u64 {
        let s = &self.settings;
        s.iterations as u64 * s.candidates as u64 * self.runs_per_job() + 2 * self.validation_runs()
    }

    fn runs_per_job(&self) -> u64 {
        if self.loaded.plan.mode == Mode::Expected {
            1
        } else {
            self.settings.runs_per_candidate
        }
    }

    fn validation_runs(&self) -> u64 {
        if self.loaded.plan.mode == Mode::Expected {
            1
        } else {
            self.settings.validation_runs
        }
    }

    /// The plan of an allocation at the search's total.
    fn plan_for(&self, allocation: &Allocation) -> Result<Plan, OptimizeError> {
        let mut scenario = self.scenario.clone();
        scenario.budget.basis = Basis::Total {
            amounts: vec![self.total],
            shares: Some(allocation.shares),
            shift: None,
            spread: allocation.spread,
        };
        let source = self.loaded.info.name.clone();
        Ok(resolve(scenario, self.loaded.ward_data.clone(), &source)?.plan)
    }

    /// The candidates of the current iteration.
    fn search_jobs(&self) -> Result<Vec<Job>, OptimizeError> {
        let key = stream_key(
            self.loaded.plan.seed,
            self.iteration as u64,
            NO_WARD,
            Purpose::Parameter(hash_name("optimizer")),
        );
        let mut draw = 0u64;
        let mut uniform = || {
            draw += 1;
            unit_open(nth(key, draw))
        };
        let runs = 0..self.runs_per_job();
        let mut jobs = Vec::with_capacity(self.settings.candidates);
        for c in 0..self.settings.candidates {
            let shares = if c == 0 {
                self.cma.mean
            } else {
                let z: [f64; 6] = std::array::from_fn(|_| standard_normal_from_uniform(uniform()));
                self.cma.sample(&z)
            };
            let spread = if c == 0 {
                SPREADS[argmax(&self.spread_probabilities)]
            } else {
                let u = uniform();
                let mut acc = 0.0;
                let mut chosen = SPREADS[3];
                for (s, p) in SPREADS.iter().zip(self.spread_probabilities) {
                    acc += p;
                    if u < acc {
                        chosen = *s;
                        break;
                    }
                }
                if self
                    .spread_probabilities
                    .iter()
                    .filter(|p| **p > 0.0)
                    .count()
                    == 1
                {
                    chosen = SPREADS[argmax(&self.spread_probabilities)];
                }
                chosen
            };
            let allocation = Allocation {
                shares: Lines(shares),
                spread,
            };
            jobs.push(Job {
                plan: self.plan_for(&allocation)?,
                allocation,
                runs: runs.clone(),
            });
        }
        Ok(jobs)
    }

    /// The per-run objective terms of one job's runs `runs`.
    fn evaluate(&self, job: &Job, runs: Range<u64>) -> Scores {
        let sim = Simulator::new(&job.plan);
        let months = job.plan.months();
        // Runs stepped together fill the vector lanes (one ward of eight or
        // four runs per block).
        let mut outs = vec![RunResult::default(); sim.group_size()];
        let mut scores = Vec::with_capacity((runs.end - runs.start) as usize);
        // Only the validation runs are reported beside the objective.
        let validating = self.phase == Phase::Validate;
        let mut tally = Tally::default();
        for group in crate::sim::batch::groups(runs, outs.len()) {
            sim.run_group(&group, &mut outs);
            for out in &outs[..group.len()] {
                scores.push(self.measure.score(out, months));
                if validating {
                    tally.add(&job.plan.targets, out);
                }
            }
        }
        Scores(scores, tally)
    }

    /// Rank key: larger is better.
    fn rank(&self, scores: &Scores) -> (f64, f64) {
        let v = scores.value();
        let primary = if self.settings.objective.maximise() {
            v
        } else {
            -v
        };
        (primary, scores.mean_margin())
    }

    /// All jobs of the phase are evaluated: move on.
    fn finish_phase(&mut self) -> Result<(), OptimizeError> {
        match self.phase {
            Phase::Search => {
                let mut order: Vec<usize> = (0..self.jobs.len()).collect();
                let ranks: Vec<(f64, f64)> = self.results.iter().map(|s| self.rank(s)).collect();
                order.sort_by(|&i, &j| {
                    ranks[j]
                        .partial_cmp(&ranks[i])
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(i.cmp(&j))
                });
                let top = order[0];
                let better = match &self.best {
                    None => true,
                    Some((_, p, m)) => ranks[top] > (*p, *m),
                };
                if better {
                    self.best = Some((self.jobs[top].allocation, ranks[top].0, ranks[top].1));
                }
                let parents = self.cma.parents();
                let elite: Vec<&Allocation> = order[..parents]
                    .iter()
                    .map(|&i| &self.jobs[i].allocation)
                    .collect();
                let n = elite.len() as f64;
                let ranked: Vec<[f64; 6]> = elite.iter().map(|a| a.shares.0).collect();
                self.cma.update(&ranked);
                if self.settings.search_spread {
                    for (k, s) in SPREADS.iter().enumerate() {
                        let freq = elite.iter().filter(|a| a.spread == *s).count() as f64 / n;
                        self.spread_probabilities[k] =
                            ((1.0 - SMOOTHING) * self.spread_probabilities[k] + SMOOTHING * freq)
                                .max(MIN_SPREAD_PROBABILITY);
                    }
                    let sum: f64 = self.spread_probabilities.iter().sum();
                    self.spread_probabilities.iter_mut().for_each(|p| *p /= sum);
                }
                let best_here = self.results[top].value();
                self.iteration += 1;
                self.history.push(IterationReport {
                    iteration: self.iteration,
                    best: best_here,
                    mean_shares: Lines(self.cma.mean),
                    sd_shares: Lines(self.cma.sd()),
                });
                if self.iteration < self.settings.iterations {
                    self.jobs = self.search_jobs()?;
                } else {
                    self.phase = Phase::Validate;
                    let best = self.best_allocation();
                    let runs = VALIDATION_FIRST_RUN..VALIDATION_FIRST_RUN + self.validation_runs();
                    self.jobs = vec![
                        Job {
                            plan: self.loaded.plan.clone(),
                            allocation: self.start,
                            runs: runs.clone(),
                        },
                        Job {
                            plan: self.plan_for(&best)?,
                            allocation: best,
                            runs,
                        },
                    ];
                }
            }
            Phase::Validate => {
                self.report = Some(self.build_report()?);
                self.phase = Phase::Done;
                self.jobs.clear();
            }
            Phase::Done => {}
        }
        self.results = vec![Scores::default(); self.jobs.len()];
        self.cursor = (0, 0);
        Ok(())
    }

    /// The best allocation with shares rounded for the saved scenario.
    fn best_allocation(&self) -> Allocation {
        let best = self.best.map_or(self.start, |b| b.0);
        Allocation {
            shares: Lines(round_shares(&best.shares.0, &self.settings.bounds)),
            spread: best.spread,
        }
    }

    fn build_report(&self) -> Result<OptimizeReport, OptimizeError> {
        let probability = self.settings.objective.is_probability();
        let (start_scores, best_scores) = (&self.results[0], &self.results[1]);
        let best = self.jobs[1].allocation;
        let mut saved = self.scenario.clone();
        saved.budget.basis = Basis::Total {
            amounts: vec![self.total],
            shares: Some(best.shares),
            shift: None,
            spread: best.spread,
        };
        saved.name = format!("{}-optimised", self.loaded.scenario.name);
        saved.title = Some(format!(
            "{} — optimised split ({})",
            self.loaded.info.title,
            self.settings.objective.key()
        ));
        saved.title_ja = Some(format!("{}（配分の最適化）", self.loaded.info.title_ja));
        saved.description = format!(
            "The split of ¥{:.0} a year found by the allocation optimiser for objective {} from '{}'.",
            self.total,
            self.settings.objective.key(),
            self.loaded.scenario.name
        );
        saved.description_ja = Some(format!(
            "「{}」を出発点に、目的「{}」で年{:.0}円の配分を最適化した結果。",
            self.loaded.info.title_ja,
            self.settings.objective.key(),
            self.total
        ));
        let yen = |plan: &Plan| plan_total(plan, 0);
        let (start_objective, best_objective) = (
            estimate(start_scores, probability),
            estimate(best_scores, probability),
        );
        let margin = match &self.measure {
            Measure::Targets(targets) => Some(MarginReport::new(
                targets,
                start_scores,
                best_scores,
                (start_objective.value, best_objective.value),
            )),
            _ => None,
        };
        Ok(OptimizeReport {
            model_version: crate::MODEL_VERSION,
            scenario: self.loaded.scenario.name.clone(),
            objective: self.settings.objective.clone(),
            maximise: self.settings.objective.maximise(),
            total: self.total,
            bounds: self.settings.bounds,
            search_spread: self.settings.search_spread,
            seed: self.loaded.plan.seed,
            iterations: self.settings.iterations,
            candidates: self.settings.candidates,
            runs_per_candidate: self.runs_per_job(),
            validation_runs: self.validation_runs(),
            validation_first_run: VALIDATION_FIRST_RUN,
            runs_done: self.runs_done,
            start: AllocationReport {
                allocation: self.start,
                yen: yen(&self.jobs[0].plan),
                objective: start_objective,
            },
            best: AllocationReport {
                allocation: best,
                yen: yen(&self.jobs[1].plan),
                objective: best_objective,
            },
            difference: paired_difference(start_scores, best_scores),
            horizon: HorizonComparison::new(
                &self.loaded.plan.targets,
                &start_scores.1,
                &best_scores.1,
            ),
            margin,
            history: self.history.clone(),
            scenario_toml: saved.to_toml(),
        })
    }

    /// Evaluate up to `max_runs` runs, in order. Returns whether the search
    /// is finished.
    pub fn step(&mut self, max_runs: u64) -> Result<bool, OptimizeError> {
        let mut budget = max_runs.max(1);
        while self.phase != Phase::Done && budget > 0 {
            let (j, next) = self.cursor;
            let job = &self.jobs[j];
            let end = job.runs.end.min(job.runs.start + next + budget);
            let from = job.runs.start + next;
            let scores = self.evaluate(job, from..end);
            let done = end - from;
            self.results[j].0.extend(scores.0);
            self.results[j].1.merge(&scores.1);
            self.runs_done += done;
            budget -= done;
            if end == self.jobs[j].runs.end {
                self.cursor = (j + 1, 0);
                if j + 1 == self.jobs.len() {
                    self.finish_phase()?;
                }
            } else {
                self.cursor = (j, next + done);
            }
        }
        Ok(self.phase == Phase::Done)
    }

    /// Run the search to the end on `threads` threads (the jobs of a phase
    /// side by side). `progress` is called after each phase; returning
    /// `false` from it stops the search (the result is then `None`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn run_parallel(
        &mut self,
        threads: usize,
        mut progress: impl FnMut(&OptimizeProgress) -> bool,
    ) -> Result<Option<&OptimizeReport>, OptimizeError> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        while self.phase != Phase::Done {
            let next = AtomicUsize::new(0);
            let jobs = &self.jobs;
            let this = &*self;
            let mut results: Vec<(usize, Scores)> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads.clamp(1, jobs.len().max(1)))
                    .map(|_| {
                        scope.spawn(|| {
                            let mut mine = Vec::new();
                            loop {
                                let j = next.fetch_add(1, Ordering::Relaxed);
                                let Some(job) = jobs.get(j) else { break };
                                mine.push((j, this.evaluate(job, job.runs.clone())));
                            }
                            mine
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
            results.sort_by_key(|(j, _)| *j);
            self.runs_done += results.iter().map(|(_, s)| s.0.len() as u64).sum::<u64>();
            self.results = results.into_iter().map(|(_, s)| s).collect();
            self.finish_phase()?;
            if !progress(&self.progress()) {
                return Ok(None);
            }
        }
        Ok(self.report.as_ref())
    }

    /// Where the search stands.
    pub fn progress(&self) -> OptimizeProgress {
        OptimizeProgress {
            runs_done: self.runs_done,
            runs_total: self.runs_total(),
            iteration: self.iteration,
            best: self.best.map(|(a, primary, _)| {
                (
                    a,
                    if self.settings.objective.maximise() {
                        primary
                    } else {
                        -primary
                    },
                )
            }),
            history: self.history.clone(),
        }
    }

    /// The result, once the search is finished.
    pub fn report(&self) -> Option<&OptimizeReport> {
        self.report.as_ref()
    }
}

fn argmax(p: &[f64; 4]) -> usize {
    (0..4).fold(0, |best, i| if p[i] > p[best] { i } else { best })
}

/// Sums over wards of each line in FY index `y`.
fn plan_total(plan: &Plan, y: usize) -> Lines {
    let mut sum = Lines::default();
    for w in &plan.wards {
        if let Some(l) = w.budget.get(y) {
            for line in BudgetLine::ALL {
                sum.set(line, sum.get(line) + l.get(line));
            }
        }
    }
    sum
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(lower: [f64; 6], upper: [f64; 6]) -> LineBounds {
        LineBounds {
            lower: Lines(lower),
            upper: Lines(upper),
        }
    }

    /// The projection is the minimiser of |x − y|² over the bounded simplex:
    /// compare with a brute-force search over a 1/200 grid of two free
    /// coordinates (the others pinned by tight bounds).
    #[test]
    fn projection_is_the_nearest_feasible_point() {
        let b = bounds(
            [0.0, 0.0, 0.1, 0.1, 0.1, 0.1],
            [0.8, 0.5, 0.1, 0.1, 0.1, 0.1],
        );
        let y = [0.9, 0.3, 0.0, 0.2, 0.1, 0.1];
        let x = project_onto_bounded_simplex(&y, &b);
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // x0 + x1 = 0.6; minimise (x0 − 0.9)² + (x1 − 0.3)² with x0 ≤ 0.8.
        let mut best = (f64::INFINITY, 0.0);
        for k in 0..=120 {
            let x0 = k as f64 * 0.005;
            let x1 = 0.6 - x0;
            if x0 > 0.8 || !(0.0..=0.5).contains(&x1) {
                continue;
            }
            let d = (x0 - 0.9).powi(2) + (x1 - 0.3).powi(2);
            if d < best.0 {
                best = (d, x0);
            }
        }
        assert!((x[0] - best.1).abs() < 0.005, "{x:?} vs {}", best.1);
        assert!((x[0] - 0.6).abs() < 1e-12, "{x:?}");
    }

    #[test]
    fn projection_keeps_feasible_points_and_bounds() {
        let b = LineBounds::default();
        let y = [0.1, 0.2, 0.3, 0.1, 0.2, 0.1];
        let x = project_onto_bounded_simplex(&y, &b);
        for i in 0..6 {
            assert!((x[i] - y[i]).abs() < 1e-12);
        }
        let b = bounds([0.05; 6], [0.5; 6]);
        let x = project_onto_bounded_simplex(&[5.0, -3.0, 0.0, 0.0, 0.0, 0.0], &b);
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(
            x.iter().all(|v| (0.05 - 1e-15..=0.5 + 1e-15).contains(v)),
            "{x:?}"
        );
        assert!((x[0] - 0.5).abs() < 1e-12 && (x[1] - 0.05).abs() < 1e-12);
    }

    #[test]
    fn rounding_keeps_the_sum_and_the_bounds() {
        let b = bounds(
            [0.1, 0.0, 0.0, 0.0, 0.0, 0.2],
            [0.3, 1.0, 1.0, 1.0, 1.0, 0.9],
        );
        let x = project_onto_bounded_simplex(
            &[0.123_456, 0.166_666, 0.166_666, 0.166_666, 0.166_666, 0.21],
            &b,
        );
        let r = round_shares(&x, &b);
        let sum: f64 = r.iter().sum();
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
        for i in 0..6 {
            assert!((r[i] - x[i]).abs() <= 2e-4, "{r:?} {x:?}");
            assert!(r[i] >= b.lower.0[i] - 1e-12 && r[i] <= b.upper.0[i] + 1e-12);
            assert!(((r[i] * 1e4).round() - r[i] * 1e4).abs() < 1e-6);
        }
    }

    #[test]
    fn wilson_interval_matches_reference_values() {
        // 40 of 100: Wilson 95 % interval 0.3094–0.4980 (Newcombe 1998 method 3).
        let e = wilson(40.0, 100.0);
        assert!(
            (e.low - 0.3094).abs() < 5e-4 && (e.high - 0.4980).abs() < 5e-4,
            "{e:?}"
        );
        // 0 of 10: 0–0.2775.
        let e = wilson(0.0, 10.0);
        assert!(e.low == 0.0 && (e.high - 0.2775).abs() < 5e-4, "{e:?}");
    }

    #[test]
    fn ratio_interval_uses_the_delta_method() {
        // a = 2b + noise: ratio ≈ 2; with a = 2b exactly the SE is 0.
        let exact = Scores(
            (1..=50)
                .map(|k| RunScore {
                    a: 2.0 * k as f64,
                    b: k as f64,
                    ..RunScore::default()
                })
                .collect(),
            Tally::default(),
        );
        let e = estimate(&exact, false);
        assert!((e.value - 2.0).abs() < 1e-12 && e.std_error < 1e-12);
        // b ≡ 1: the interval is the usual mean ± 1.96 SE.
        let plain = Scores(
            [1.0, 2.0, 3.0, 4.0]
                .iter()
                .map(|&a| RunScore {
                    a,
                    b: 1.0,
                    ..RunScore::default()
                })
                .collect(),
            Tally::default(),
        );
        let e = estimate(&plain, false);
        let se = (1.666_666_666_666_666_7f64 / 4.0).sqrt();
        assert!(
            (e.value - 2.5).abs() < 1e-12 && (e.std_error - se).abs() < 1e-12,
            "{e:?}"
        );
    }

    #[test]
    fn parsing_names_what_is_wrong() {
        assert_eq!(
            Objective::parse("target:participants").unwrap(),
            Objective::Target("participants".into())
        );
        let e = Objective::parse("fastest").unwrap_err().to_string();
        assert!(e.contains("fastest") && e.contains("all-targets"), "{e}");
        let b = LineBounds::parse("staff=0.05:0.3, grants=0.2:0.8").unwrap();
        assert_eq!(b.lower.get(BudgetLine::Staff), 0.05);
        assert_eq!(b.upper.get(BudgetLine::Grants), 0.8);
        let e = LineBounds::parse("staf=0:1").unwrap_err().to_string();
        assert!(e.contains("staf") && e.contains("training"), "{e}");
        let e = LineBounds::parse("staff=0.5:0.2").unwrap_err().to_string();
        assert!(e.contains("staff") && e.contains("0.5"), "{e}");
        let e = LineBounds::parse("staff=0.3:1,training=0.3:1,grants=0.5:1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("1.1") && e.contains("sum"), "{e}");
    }
}
