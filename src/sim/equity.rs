//! Equity across wards: how evenly spending per participant and spending per
//! resident are spread over the wards of a plan, per run and across runs.
//!
//! The brief reports a 26-fold gap between the smallest and the largest ward
//! budget (¥4.8 M to ¥123 M) and a four-fold gap in support per participant
//! (¥20,000 to ¥83,000). Two measures summarise such gaps here, over the wards
//! as units (unweighted: each ward is one observation, as in the brief):
//!
//! - the Gini coefficient in its population form, half the mean absolute
//!   difference over the mean ([`gini`]), and
//! - the ratio of the largest to the smallest ward value ([`max_min_ratio`]).
//!
//! Per run, a ward's spending per FY is its spending over the horizon
//! (`RunResult::ward_spending`, outcome payments included) divided by the
//! fiscal years; per participant it is divided by the ward's participants at
//! the end of the horizon (`RunResult::ward_participants`, the basis of the
//! per-ward report), per resident by its population (docs/model.md §1, §7).
//! Wards without participants at the end have no spending per participant
//! and are left out of that measure. The status quo's figures come from the
//! plan's status-quo lines and the initial participants: in expected mode the
//! status quo is stationary (docs/model.md §5), so they are exact, not estimates.
//!
//! [`EquityAccumulator`] collects the figures of many runs in memory that
//! does not grow with the runs and merges exactly (sums and the quantile
//! sketches of [`super::stats`]), so threads, batches and shards agree.

use serde::{Deserialize, Serialize};

use super::run::RunResult;
use super::series::rounded;
use super::stats::{SeriesStats, Summary};
use crate::scenario::plan::{Plan, PlanWard};
use crate::text::format::round_sig;

/// Gini coefficient of `values` (all ≥ 0), in its population form:
///
/// G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄),
///
/// half the relative mean absolute difference (Sen, *On Economic
/// Inequality*, 1973, §2.2; no small-sample factor n/(n − 1)). It is computed
/// from the sorted values x₍₁₎ ≤ … ≤ x₍ₙ₎ as Σᵢ (2i − n − 1) x₍ᵢ₎ / (n Σ x).
/// 0 when every value is equal; 1 − 1/n when one of n values holds
/// everything, so `[1, 1, 1, 1]` gives 0 and `[0, 0, 0, 1]` gives 0.75.
///
/// `None` when there are no values, when a value is negative or not finite,
/// when all are 0 (no mean to divide by), or when the sums overflow (values
/// near the largest double).
pub fn gini(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|x| !x.is_finite() || *x < 0.0) {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let total: f64 = sorted.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * (i as f64 + 1.0) - n - 1.0) * x)
        .sum();
    let g = weighted / (n * total);
    g.is_finite().then(|| g.clamp(0.0, 1.0))
}

/// Ratio of the largest to the smallest of `values` (all ≥ 0): 1 when all are
/// equal. `None` when there are no values, a value is negative or not
/// finite, or the smallest is 0 or so much smaller than the largest that
/// the ratio overflows (the ratio is unbounded).
pub fn max_min_ratio(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|x| !x.is_finite() || *x < 0.0) {
        return None;
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(0.0, f64::max);
    (min > 0.0)
        .then(|| max / min)
        .filter(|ratio| ratio.is_finite())
}

/// What a ward's spending is divided by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EquityBasis {
    /// Yen per FY per participant.
    PerParticipant,
    /// Yen per FY per resident.
    PerResident,
}

impl EquityBasis {
    /// Both bases, in report order.
    pub const ALL: [EquityBasis; 2] = [EquityBasis::PerParticipant, EquityBasis::PerResident];

    /// Key in reports (`spending_per_participant`, `spending_per_resident`).
    pub fn key(self) -> &'static str {
        match self {
            EquityBasis::PerParticipant => "spending_per_participant",
            EquityBasis::PerResident => "spending_per_resident",
        }
    }
}

/// Each ward's spending per FY divided by its participants or residents.
/// `spending_per_fy[w]` is ward w's yen per FY; `participants[w]` its
/// participants and `population[w]` its residents. Per participant, wards
/// without participants are left out (their value is undefined).
pub fn ward_values(
    basis: EquityBasis,
    spending_per_fy: &[f64],
    participants: &[f64],
    population: &[f64],
) -> Vec<f64> {
    match basis {
        EquityBasis::PerParticipant => spending_per_fy
            .iter()
            .zip(participants)
            .filter(|(_, n)| **n > 0.0)
            .map(|(s, n)| s / n)
            .collect(),
        EquityBasis::PerResident => spending_per_fy
            .iter()
            .zip(population)
            .map(|(s, p)| s / p)
            .collect(),
    }
}

/// The equity figures of one set of ward values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EquityFigures {
    /// Wards with a value.
    pub wards: usize,
    /// Gini coefficient ([`gini`]); `null` when undefined.
    pub gini: Option<f64>,
    /// Largest over smallest value ([`max_min_ratio`]); `null` when undefined.
    pub max_min_ratio: Option<f64>,
    /// Smallest ward value (yen per FY per participant or resident).
    pub min: Option<f64>,
    /// Largest ward value (yen per FY per participant or resident).
    pub max: Option<f64>,
}

impl EquityFigures {
    /// The figures of `values`.
    pub fn of(values: &[f64]) -> Self {
        let finite = !values.is_empty() && values.iter().all(|x| x.is_finite());
        EquityFigures {
            wards: values.len(),
            gini: gini(values),
            max_min_ratio: max_min_ratio(values),
            min: finite.then(|| values.iter().copied().fold(f64::INFINITY, f64::min)),
            max: finite.then(|| values.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        }
    }

    fn rounded(self) -> Self {
        EquityFigures {
            gini: self.gini.map(round_sig),
            max_min_ratio: self.max_min_ratio.map(round_sig),
            min: self.min.map(round_sig),
            max: self.max.map(round_sig),
            ..self
        }
    }
}

/// Spending per FY of each ward in one run: its spending over the horizon
/// divided by the fiscal years.
fn run_spending_per_fy(plan: &Plan, run: &RunResult) -> Vec<f64> {
    let years = plan.fiscal_years.max(1) as f64;
    run.ward_spending.iter().map(|s| s / years).collect()
}

/// The figures of one run of `plan` on `basis`.
pub fn run_figures(plan: &Plan, run: &RunResult, basis: EquityBasis) -> EquityFigures {
    let population: Vec<f64> = plan.wards.iter().map(|w| w.population).collect();
    let spending = run_spending_per_fy(plan, run);
    EquityFigures::of(&ward_values(
        basis,
        &spending,
        &run.ward_participants,
        &population,
    ))
}

/// The figures of `basis` when ward w spends `spending(w)` yen per FY, over
/// its initial participants or its residents.
fn plan_figures(
    plan: &Plan,
    basis: EquityBasis,
    spending: impl Fn(&PlanWard) -> f64,
) -> EquityFigures {
    let spending: Vec<f64> = plan.wards.iter().map(spending).collect();
    let participants: Vec<f64> = plan.wards.iter().map(|w| w.initial.participants).collect();
    let population: Vec<f64> = plan.wards.iter().map(|w| w.population).collect();
    EquityFigures::of(&ward_values(basis, &spending, &participants, &population))
}

/// The figures of the plan's status quo on `basis`: each ward's status-quo
/// lines (yen per FY) over its initial participants or its residents.
pub fn status_quo_figures(plan: &Plan, basis: EquityBasis) -> EquityFigures {
    plan_figures(plan, basis, |w| w.status_quo_budget.total())
}

/// The figures of the plan's first fiscal year as budgeted: each ward's
/// planned lines of FY index 0 over its initial participants or residents.
/// This is what an equalised budget makes equal (see `scenario::equalize`).
pub fn planned_figures(plan: &Plan, basis: EquityBasis) -> EquityFigures {
    plan_figures(plan, basis, |w| w.budget.first().map_or(0.0, |l| l.total()))
}

/// Gini and max/min ratio of one basis over the runs seen so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BasisAccumulator {
    /// Gini coefficient of each run where it is defined.
    pub gini: Summary,
    /// Max/min ratio of each run where it is defined.
    pub max_min_ratio: Summary,
    /// Runs in which the Gini coefficient was undefined (no ward with a value,
    /// or no spending at all).
    pub gini_undefined: u64,
    /// Runs in which the ratio was undefined (a ward with no spending, or no
    /// ward with a value).
    pub ratio_undefined: u64,
}

impl BasisAccumulator {
    fn add(&mut self, f: &EquityFigures) {
        match f.gini {
            Some(g) => self.gini.add(g),
            None => self.gini_undefined += 1,
        }
        match f.max_min_ratio {
            Some(r) => self.max_min_ratio.add(r),
            None => self.ratio_undefined += 1,
        }
    }

    fn merge(&mut self, other: &BasisAccumulator) {
        self.gini.merge(&other.gini);
        self.max_min_ratio.merge(&other.max_min_ratio);
        self.gini_undefined += other.gini_undefined;
        self.ratio_undefined += other.ratio_undefined;
    }

    fn merge_fits(&self, other: &BasisAccumulator) -> bool {
        self.gini.merge_fits(&other.gini)
            && self.max_min_ratio.merge_fits(&other.max_min_ratio)
            && self
                .gini_undefined
                .checked_add(other.gini_undefined)
                .is_some()
            && self
                .ratio_undefined
                .checked_add(other.ratio_undefined)
                .is_some()
    }
}

/// Equity figures of the runs seen so far, for both bases. Merging is exact
/// and does not depend on the order of merges.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EquityAccumulator {
    /// Spending per participant.
    pub per_participant: BasisAccumulator,
    /// Spending per resident.
    pub per_resident: BasisAccumulator,
}

impl EquityAccumulator {
    /// Add one run of `plan`.
    pub fn add(&mut self, plan: &Plan, run: &RunResult) {
        let population: Vec<f64> = plan.wards.iter().map(|w| w.population).collect();
        let spending = run_spending_per_fy(plan, run);
        for basis in EquityBasis::ALL {
            let values = ward_values(basis, &spending, &run.ward_participants, &population);
            self.basis_mut(basis).add(&EquityFigures::of(&values));
        }
    }

    /// Merge another accumulator into this one.
    pub fn merge(&mut self, other: &EquityAccumulator) {
        self.per_participant.merge(&other.per_participant);
        self.per_resident.merge(&other.per_resident);
    }

    /// Whether [`merge`](Self::merge) of `other` keeps every count and sum
    /// within its integer (see [`Summary::merge_fits`]).
    pub fn merge_fits(&self, other: &EquityAccumulator) -> bool {
        self.per_participant.merge_fits(&other.per_participant)
            && self.per_resident.merge_fits(&other.per_resident)
    }

    /// The summaries of one basis.
    pub fn basis(&self, basis: EquityBasis) -> &BasisAccumulator {
        match basis {
            EquityBasis::PerParticipant => &self.per_participant,
            EquityBasis::PerResident => &self.per_resident,
        }
    }

    fn basis_mut(&mut self, basis: EquityBasis) -> &mut BasisAccumulator {
        match basis {
            EquityBasis::PerParticipant => &mut self.per_participant,
            EquityBasis::PerResident => &mut self.per_resident,
        }
    }
}

/// Mean and 5–95 % interval of a figure across runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Mean over the runs where the figure is defined.
    pub mean: f64,
    /// 5 % quantile.
    pub p5: f64,
    /// 95 % quantile.
    pub p95: f64,
}

impl Interval {
    /// The interval of a summary; `None` when it holds no value.
    pub fn of(s: &Summary) -> Option<Self> {
        if s.count() == 0 {
            return None;
        }
        let r: SeriesStats = rounded(s.stats());
        Some(Interval {
            mean: r.mean,
            p5: r.p5,
            p95: r.p95,
        })
    }
}

/// Equity of one basis in a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BasisReport {
    /// Gini coefficient across runs (`null` if undefined in every run).
    pub gini: Option<Interval>,
    /// Max/min ratio across runs (`null` if undefined in every run).
    pub max_min_ratio: Option<Interval>,
    /// Runs in which the Gini coefficient was undefined.
    pub gini_undefined_runs: u64,
    /// Runs in which the max/min ratio was undefined.
    pub ratio_undefined_runs: u64,
    /// The status quo's figures (exact: status-quo lines over initial
    /// participants or residents).
    pub status_quo: EquityFigures,
}

/// The `equity` section of a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EquityReport {
    /// Wards in the plan.
    pub wards: usize,
    /// Spending per FY per participant at the end of the horizon.
    pub spending_per_participant: BasisReport,
    /// Spending per FY per resident.
    pub spending_per_resident: BasisReport,
}

impl EquityReport {
    /// The report of `acc`, a batch of `plan`.
    pub fn new(plan: &Plan, acc: &EquityAccumulator) -> Self {
        let basis = |b: EquityBasis| {
            let a = acc.basis(b);
            BasisReport {
                gini: Interval::of(&a.gini),
                max_min_ratio: Interval::of(&a.max_min_ratio),
                gini_undefined_runs: a.gini_undefined,
                ratio_undefined_runs: a.ratio_undefined,
                status_quo: status_quo_figures(plan, b).rounded(),
            }
        };
        EquityReport {
            wards: plan.wards.len(),
            spending_per_participant: basis(EquityBasis::PerParticipant),
            spending_per_resident: basis(EquityBasis::PerResident),
        }
    }

    /// The report of one basis.
    pub fn basis(&self, basis: EquityBasis) -> &BasisReport {
        match basis {
            EquityBasis::PerParticipant => &self.spending_per_participant,
            EquityBasis::PerResident => &self.spending_per_resident,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_hand_computed_cases() {
        assert_eq!(gini(&[1.0, 1.0, 1.0, 1.0]), Some(0.0));
        assert_eq!(gini(&[0.0, 0.0, 0.0, 1.0]), Some(0.75));
        // Σ|xi − xj| over ordered pairs = 2·(1 + 2 + 1) = 8; 2·n²·x̄ = 2·9·2 = 36.
        assert!((gini(&[1.0, 2.0, 3.0]).unwrap() - 8.0 / 36.0).abs() < 1e-15);
        assert_eq!(gini(&[5.0]), Some(0.0));
        assert_eq!(gini(&[]), None);
        assert_eq!(gini(&[0.0, 0.0]), None);
        assert_eq!(gini(&[1.0, -1.0]), None);
        assert_eq!(gini(&[1.0, f64::NAN]), None);
        // Finite values whose sum overflows: no figure rather than NaN.
        assert_eq!(gini(&[f64::MAX, f64::MAX, 1.0]), None);
        assert!(gini(&[f64::MAX / 4.0, f64::MAX / 4.0]).is_some());
    }

    #[test]
    fn ratio_of_hand_computed_cases() {
        assert_eq!(max_min_ratio(&[2.0, 8.0, 4.0]), Some(4.0));
        assert_eq!(max_min_ratio(&[3.0, 3.0]), Some(1.0));
        assert_eq!(max_min_ratio(&[0.0, 3.0]), None);
        assert_eq!(max_min_ratio(&[]), None);
        // A smallest value so far below the largest that the quotient
        // overflows (a budget line of 1.7e-314 yen per participant beside
        // 45,000; engine fuzz finding): unbounded, like 0.
        assert_eq!(max_min_ratio(&[1.66e-314, 45_095.8]), None);
        assert_eq!(max_min_ratio(&[1e-300, 1e7]), Some(1e7 / 1e-300));
    }
}
