//! The fully resolved input of a simulation: wards with their initial state
//! and budget per fiscal year, parameters, unit costs, outcome rules,
//! targets and run settings. The scenario module builds a [`Plan`] from a
//! file; the runner needs nothing else.

use crate::model::{BudgetLine, ModelSpec};
use serde::{Deserialize, Serialize};

use crate::model::outcome::OutcomeRule;
use crate::model::ward::WardState;
use crate::model::{Lines, ParameterSet, UnitCosts};
use crate::text::format::{group_thousands, yen_millions};

/// How flows are computed (docs/model.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Expected values with point parameters, one run.
    Expected,
    /// Random counts with sampled parameters.
    Stochastic,
}

impl Mode {
    /// Key in scenario files and outputs.
    pub fn key(self) -> &'static str {
        match self {
            Mode::Expected => "expected",
            Mode::Stochastic => "stochastic",
        }
    }

    /// The mode with key `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "expected" => Some(Mode::Expected),
            "stochastic" => Some(Mode::Stochastic),
            _ => None,
        }
    }
}

/// The figure a target is judged on at the horizon (docs/model.md §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetMetric {
    /// Participants at the end of the horizon.
    Participants,
    /// FY continuation of the last FY, wards weighted by participants at its start.
    Continuation,
    /// Satisfaction in the last month, wards weighted by participants.
    Satisfaction,
    /// Awareness at the end, population-weighted.
    Awareness,
    /// Certified supporters at the end.
    Certified,
    /// Untrained supporters at the end.
    Untrained,
    /// All supporters at the end.
    Supporters,
    /// Waitlist (unmet demand) in the last month.
    Waitlist,
    /// Spending over the whole horizon, outcome payments included (yen).
    TotalSpending,
}

impl TargetMetric {
    /// Position in [`TargetMetric::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// All metrics.
    pub const ALL: [TargetMetric; 9] = [
        TargetMetric::Participants,
        TargetMetric::Continuation,
        TargetMetric::Satisfaction,
        TargetMetric::Awareness,
        TargetMetric::Certified,
        TargetMetric::Untrained,
        TargetMetric::Supporters,
        TargetMetric::Waitlist,
        TargetMetric::TotalSpending,
    ];

    /// Key in scenario files.
    pub fn key(self) -> &'static str {
        match self {
            TargetMetric::Participants => "participants",
            TargetMetric::Continuation => "continuation",
            TargetMetric::Satisfaction => "satisfaction",
            TargetMetric::Awareness => "awareness",
            TargetMetric::Certified => "certified",
            TargetMetric::Untrained => "untrained",
            TargetMetric::Supporters => "supporters",
            TargetMetric::Waitlist => "waitlist",
            TargetMetric::TotalSpending => "total_spending",
        }
    }

    /// Whether the metric is a share from 0 to 1 (continuation,
    /// satisfaction, awareness) rather than people or yen.
    pub fn is_share(self) -> bool {
        matches!(
            self,
            TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness
        )
    }

    /// The metric with key `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// Whether a higher value is better: fewer people waiting and less
    /// spending are better, more of everything else.
    pub fn higher_is_better(self) -> bool {
        !matches!(self, TargetMetric::Waitlist | TargetMetric::TotalSpending)
    }
}

/// Which side of the threshold is success.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Success when value ≥ threshold.
    AtLeast,
    /// Success when value ≤ threshold.
    AtMost,
}

impl Direction {
    /// Key of the threshold on this side in scenario files.
    pub fn key(self) -> &'static str {
        match self {
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
        }
    }

    /// The side with key `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        [Direction::AtLeast, Direction::AtMost]
            .into_iter()
            .find(|d| d.key() == key)
    }
}

/// A target judged at the horizon (docs/model.md §7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Identifier (`participants`, … or a user's own).
    pub id: String,
    /// The figure judged.
    pub metric: TargetMetric,
    /// Success side.
    pub direction: Direction,
    /// Threshold.
    pub threshold: f64,
}

impl Target {
    /// Whether `value` meets the target.
    pub fn met(&self, value: f64) -> bool {
        match self.direction {
            Direction::AtLeast => value >= self.threshold,
            Direction::AtMost => value <= self.threshold,
        }
    }

    /// Whether `b` is strictly better than `a` for this target.
    pub fn better(&self, a: f64, b: f64) -> bool {
        match self.direction {
            Direction::AtLeast => b > a,
            Direction::AtMost => b < a,
        }
    }

    /// The default targets: the brief's KGI/KPI (docs/model.md §7).
    pub fn defaults() -> Vec<Target> {
        let t = |id: &str, metric, threshold| Target {
            id: id.into(),
            metric,
            direction: Direction::AtLeast,
            threshold,
        };
        vec![
            t("participants", TargetMetric::Participants, 42_600.0),
            t("continuation", TargetMetric::Continuation, 0.85),
            t("satisfaction", TargetMetric::Satisfaction, 0.90),
            t("awareness", TargetMetric::Awareness, 0.60),
            t("certified", TargetMetric::Certified, 4_800.0),
        ]
    }
}

/// The threshold of `target` for ward `w` of `plan` (the per-ward table).
///
/// Rates (continuation, satisfaction, awareness) keep the plan's
/// threshold. Totals are scaled by the ward's share at the start: stocks by
/// its share of that stock (participants also for the waitlist), spending by
/// its share of the planned budget over the horizon. A ward with no share
/// (e.g. no supporters at all) gets an equal share.
pub fn ward_threshold(plan: &Plan, target: &Target, w: usize) -> f64 {
    let share = |value: &dyn Fn(&PlanWard) -> f64| {
        let total: f64 = plan.wards.iter().map(value).sum();
        match plan.wards.get(w) {
            Some(ward) if total > 0.0 => value(ward) / total,
            _ => 1.0 / plan.wards.len().max(1) as f64,
        }
    };
    let scale = match target.metric {
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness => {
            return target.threshold;
        }
        TargetMetric::Participants | TargetMetric::Waitlist => share(&|x| x.initial.participants),
        TargetMetric::Certified => share(&|x| x.initial.certified),
        TargetMetric::Untrained => share(&|x| x.initial.untrained),
        TargetMetric::Supporters => share(&|x| x.initial.untrained + x.initial.certified),
        TargetMetric::TotalSpending => share(&|x| x.budget.iter().map(|l| l.total()).sum()),
    };
    target.threshold * scale
}

/// One ward of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanWard {
    /// English name (also the key of its random streams).
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Hash of the name, keying the ward's random streams.
    pub key: u64,
    /// Residents.
    pub population: f64,
    /// State at the start of the first month.
    pub initial: WardState,
    /// Status-quo budget lines (yen per FY), the calibration reference.
    pub status_quo_budget: Lines,
    /// Planned lines per FY of the horizon (yen).
    pub budget: Vec<Lines>,
}

/// Everything a simulation needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Scenario name.
    pub name: String,
    /// Expected or stochastic.
    pub mode: Mode,
    /// Number of runs (1 in expected mode).
    pub runs: u64,
    /// Seed of every random stream.
    pub seed: u64,
    /// The model version and its switches (docs/model.md §9).
    pub model: ModelSpec,
    /// First fiscal year (e.g. 2025 for FY2025 = 令和7年度).
    pub start_fy: i32,
    /// Fiscal years simulated.
    pub fiscal_years: usize,
    /// Wards.
    pub wards: Vec<PlanWard>,
    /// Parameters with their distributions.
    pub parameters: ParameterSet,
    /// Unit costs.
    pub unit_costs: UnitCosts,
    /// Outcome-linked rules.
    pub outcome_rules: Vec<OutcomeRule>,
    /// Targets.
    pub targets: Vec<Target>,
}

impl Plan {
    /// Months simulated.
    pub fn months(&self) -> usize {
        self.fiscal_years * 12
    }

    /// Whether reports show the `online` line: always in model version 2,
    /// and in version 1 only when some ward has money on it (so that
    /// version 1's reports stay as they were).
    pub fn shows_online(&self) -> bool {
        self.model.version >= 2
            || self.wards.iter().any(|w| {
                w.status_quo_budget.get(BudgetLine::Online) != 0.0
                    || w.budget.iter().any(|b| b.get(BudgetLine::Online) != 0.0)
            })
    }

    /// Share of the grants line held back by withhold rules.
    pub fn withheld_share(&self) -> f64 {
        self.outcome_rules.iter().map(|r| r.withheld_share()).sum()
    }

    /// Appropriation of FY `y`: planned lines plus the planned ceiling of
    /// outcome payments, over all wards (docs/model.md §7).
    pub fn appropriation(&self, y: usize) -> f64 {
        let ceiling: f64 = self.outcome_rules.iter().map(|r| r.ceiling()).sum();
        self.wards
            .iter()
            .map(|w| w.budget[y].total() + ceiling)
            .sum()
    }
}

/// A target figure for people: rates in %, money in ¥ millions, counts grouped.
pub fn value_text(metric: TargetMetric, x: f64) -> String {
    match metric {
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness => {
            format!("{:.1} %", x * 100.0)
        }
        TargetMetric::TotalSpending => yen_millions(x),
        _ => group_thousands(x.round() as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_and_spending_are_better_lower() {
        let lower: Vec<TargetMetric> = TargetMetric::ALL
            .into_iter()
            .filter(|m| !m.higher_is_better())
            .collect();
        assert_eq!(lower, [TargetMetric::Waitlist, TargetMetric::TotalSpending]);
    }

    #[test]
    fn the_default_targets_ask_for_more_of_what_is_better_higher() {
        for t in Target::defaults() {
            assert!(t.metric.higher_is_better(), "{}", t.id);
            assert_eq!(t.direction, Direction::AtLeast, "{}", t.id);
        }
    }
}
