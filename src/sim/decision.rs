//! Decision analysis of a paired comparison (common random numbers): for one
//! scenario against the baseline, the paired difference of every horizon
//! metric and of the monthly fan-chart outputs, the cost of each additional
//! participant and participant-year with a confidence interval, and how much
//! pairing narrows the interval compared with independent runs.
//!
//! Everything here is a sum of per-run figures ([`Moments`], [`ExactSum`],
//! [`Summary`], [`Proportion`]), so [`PairStats`] merges exactly across
//! threads, batches and shards, and the browser worker can send partial
//! results.
//!
//! # Formulas
//!
//! Run `r` gives the baseline `A_r` and the other scenario `B_r` on the same
//! random streams; `D_r = B_r − A_r`.
//!
//! * **Variance reduction factor** of a metric:
//!   `VRF = (Var(A) + Var(B)) / Var(B − A)`, all sample variances over the
//!   same runs. `Var(A) + Var(B)` is the variance of a difference of two
//!   independent runs, `Var(B − A)` that of a paired difference, so the
//!   paired interval is `√VRF` times narrower for the same number of runs
//!   (equivalently: independent runs would need `VRF` times as many runs).
//! * **Retained participant-years** of a run: `Σ_m participants_m / 12` over
//!   the months of the horizon (participants at the end of each month,
//!   docs/model.md §7).
//! * **Cost per additional participant** `R = mean(ΔS) / mean(ΔN)`, with `ΔS`
//!   the paired difference of spending over the horizon (outcome payments
//!   included) and `ΔN` that of participants at the horizon; **cost per
//!   additional participant-year** the same with `ΔPY`. Both are ratios of
//!   means. Their 95 % interval is `R ± z·se` with `z = 1.959964` and the
//!   delta-method standard error (e.g. Stuart & Ord, *Kendall's Advanced
//!   Theory of Statistics*, §10.6; Fieller 1954 for the unbounded case):
//!   `se² = (Var(ΔS) − 2R·Cov(ΔS, ΔN) + R²·Var(ΔN)) / (n · mean(ΔN)²)`.
//!   The ratio is *not defined* when `|mean(ΔN)|` is below one participant
//!   (one participant-year); its interval is *unbounded* when the 95 %
//!   interval of `mean(ΔN)` holds 0 (Fieller's confidence set is then not a
//!   finite interval), and absent with a single run.

use serde::{Deserialize, Serialize};

use super::run::{MonthlyOutput, RunResult};
use super::series::{SeriesArrays, rounded};
use super::stats::{ExactSum, Moments, Proportion, SeriesStats, Summary};
use crate::scenario::plan::TargetMetric;

/// Most scenarios one comparison takes (the baseline included).
pub const MAX_SCENARIOS: usize = 4;

/// The monthly outputs whose paired difference is followed month by month
/// (the outputs of the app's fan charts).
pub const DIFFERENCE_OUTPUTS: [MonthlyOutput; 5] = [
    MonthlyOutput::Participants,
    MonthlyOutput::Continuation,
    MonthlyOutput::Awareness,
    MonthlyOutput::Certified,
    MonthlyOutput::CumulativeSpending,
];

pub use crate::model::special::Z_TWO_SIDED_95;

/// A cost ratio is not defined when its denominator's mean is below this
/// (one participant, or one participant-year).
pub const MIN_DENOMINATOR: f64 = 1.0;

/// Power-of-two factor applied to a metric's values before their moments
/// are taken, so that squares of rates keep their precision and squares of
/// yen amounts stay in range ([`Moments`] rounds squares to 2⁻¹⁶). Scaling by
/// a power of two is exact.
fn moment_scale(metric: TargetMetric) -> f64 {
    match metric {
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness => {
            1_048_576.0 // 2^20
        }
        TargetMetric::TotalSpending => SPENDING_SCALE,
        _ => 1.0,
    }
}

/// Scale of yen amounts in moments and cross sums (2⁻¹⁶).
const SPENDING_SCALE: f64 = 1.0 / 65_536.0;

/// Retained participant-years of one run: `Σ_m participants_m / 12`.
pub fn participant_years(run: &RunResult) -> f64 {
    let months = run.monthly.len() / MonthlyOutput::COUNT;
    (0..months)
        .map(|m| run.month(m, MonthlyOutput::Participants))
        .sum::<f64>()
        / 12.0
}

/// Paired statistics of one scenario against the baseline, over the runs
/// seen so far. Merges exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairStats {
    /// Runs added.
    pub runs: u64,
    /// Months per run.
    pub months: usize,
    /// Per metric of [`TargetMetric::ALL`]: moments of the baseline's horizon
    /// value (scaled, see the module docs).
    pub base: Vec<Moments>,
    /// Per metric: moments of this scenario's horizon value (scaled).
    pub other: Vec<Moments>,
    /// Per metric: moments of the paired difference (scaled).
    pub difference: Vec<Moments>,
    /// Per metric: the paired difference (unscaled), for its quantiles.
    pub difference_values: Vec<Summary>,
    /// Per metric: runs in which this scenario's value was higher.
    pub higher: Vec<Proportion>,
    /// Per metric: runs in which this scenario's value was lower.
    pub lower: Vec<Proportion>,
    /// Moments of the paired difference of retained participant-years.
    pub participant_years: Moments,
    /// Σ ΔS·ΔN, with ΔS in units of 2¹⁶ yen.
    pub spending_times_participants: ExactSum,
    /// Σ ΔS·ΔPY, with ΔS in units of 2¹⁶ yen.
    pub spending_times_participant_years: ExactSum,
    /// Paired difference of each [`DIFFERENCE_OUTPUTS`] output per month,
    /// `months × DIFFERENCE_OUTPUTS.len()`, month-major.
    pub monthly: Vec<Summary>,
}

impl PairStats {
    /// Empty statistics for a horizon of `months` months.
    pub fn new(months: usize) -> Self {
        let metrics = TargetMetric::ALL.len();
        PairStats {
            runs: 0,
            months,
            base: vec![Moments::new(); metrics],
            other: vec![Moments::new(); metrics],
            difference: vec![Moments::new(); metrics],
            difference_values: vec![Summary::new(); metrics],
            higher: vec![Proportion::default(); metrics],
            lower: vec![Proportion::default(); metrics],
            participant_years: Moments::new(),
            spending_times_participants: ExactSum::new(),
            spending_times_participant_years: ExactSum::new(),
            monthly: vec![Summary::new(); months * DIFFERENCE_OUTPUTS.len()],
        }
    }

    /// Add one run of the baseline (`base`) and of this scenario (`other`),
    /// made with the same run index.
    pub fn add(&mut self, base: &RunResult, other: &RunResult) {
        self.runs += 1;
        for (k, metric) in TargetMetric::ALL.iter().enumerate() {
            let (a, b) = (base.horizon[k], other.horizon[k]);
            let scale = moment_scale(*metric);
            self.base[k].add(a * scale);
            self.other[k].add(b * scale);
            self.difference[k].add((b - a) * scale);
            self.difference_values[k].add(b - a);
            self.higher[k].record(b > a);
            self.lower[k].record(b < a);
        }
        let d_years = participant_years(other) - participant_years(base);
        self.participant_years.add(d_years);
        let spending = TargetMetric::TotalSpending.index();
        let d_spending = (other.horizon[spending] - base.horizon[spending]) * SPENDING_SCALE;
        let people = TargetMetric::Participants.index();
        let d_people = other.horizon[people] - base.horizon[people];
        self.spending_times_participants.add(d_spending * d_people);
        self.spending_times_participant_years
            .add(d_spending * d_years);
        let months = self.months.min(base.monthly.len() / MonthlyOutput::COUNT);
        for m in 0..months {
            for (j, o) in DIFFERENCE_OUTPUTS.iter().enumerate() {
                self.monthly[m * DIFFERENCE_OUTPUTS.len() + j]
                    .add(other.month(m, *o) - base.month(m, *o));
            }
        }
    }

    /// Merge statistics of other runs of the same pair.
    pub fn merge(&mut self, other: &PairStats) {
        self.runs += other.runs;
        let moments = [
            (&mut self.base, &other.base),
            (&mut self.other, &other.other),
            (&mut self.difference, &other.difference),
        ];
        for (a, b) in moments {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y);
            }
        }
        for (x, y) in self
            .difference_values
            .iter_mut()
            .zip(&other.difference_values)
        {
            x.merge(y);
        }
        for (x, y) in self.monthly.iter_mut().zip(&other.monthly) {
            x.merge(y);
        }
        for (x, y) in self.higher.iter_mut().zip(&other.higher) {
            x.merge(y);
        }
        for (x, y) in self.lower.iter_mut().zip(&other.lower) {
            x.merge(y);
        }
        self.participant_years.merge(&other.participant_years);
        self.spending_times_participants
            .merge(&other.spending_times_participants);
        self.spending_times_participant_years
            .merge(&other.spending_times_participant_years);
    }

    /// Variances of `metric`'s horizon value and the variance reduction
    /// factor of pairing (module docs).
    pub fn variance_reduction(&self, metric: TargetMetric) -> VarianceReduction {
        let k = metric.index();
        let s2 = moment_scale(metric) * moment_scale(metric);
        let n = self.runs;
        let independent = (self.base[k].variance(n) + self.other[k].variance(n)) / s2;
        let paired = self.difference[k].variance(n) / s2;
        VarianceReduction {
            metric,
            variance_independent: independent,
            variance_paired: paired,
            factor: (paired > 0.0).then(|| independent / paired),
        }
    }

    /// The paired difference of `metric` at the horizon.
    pub fn difference(&self, metric: TargetMetric) -> MetricDifference {
        let k = metric.index();
        let vr = self.variance_reduction(metric);
        MetricDifference {
            metric,
            difference: rounded(self.difference_values[k].stats()),
            p_higher: self.higher[k].probability(),
            p_lower: self.lower[k].probability(),
            variance_independent: vr.variance_independent,
            variance_paired: vr.variance_paired,
            variance_reduction: vr.factor,
        }
    }

    /// Cost per additional participant at the horizon (module docs).
    pub fn cost_per_participant(&self) -> CostRatio {
        let people = TargetMetric::Participants.index();
        self.cost_ratio(
            &self.difference[people],
            moment_scale(TargetMetric::Participants),
            &self.spending_times_participants,
        )
    }

    /// Cost per additional retained participant-year (module docs).
    pub fn cost_per_participant_year(&self) -> CostRatio {
        self.cost_ratio(
            &self.participant_years,
            1.0,
            &self.spending_times_participant_years,
        )
    }

    /// `mean(ΔS) / mean(denominator)` with its delta-method interval;
    /// `denominator` holds moments of the denominator times `scale`, `cross`
    /// the sum of ΔS·2⁻¹⁶ times the (unscaled) denominator.
    fn cost_ratio(&self, denominator: &Moments, scale: f64, cross: &ExactSum) -> CostRatio {
        let n = self.runs;
        let spending = &self.difference[TargetMetric::TotalSpending.index()];
        let mean_s = spending.mean(n) / SPENDING_SCALE;
        let mean_d = denominator.mean(n) / scale;
        let mut ratio = CostRatio {
            spending_difference: mean_s,
            denominator_difference: mean_d,
            value: None,
            low: None,
            high: None,
            status: RatioStatus::Defined,
        };
        if n == 0 || mean_d.abs() < MIN_DENOMINATOR || !mean_d.is_finite() {
            ratio.status = RatioStatus::DenominatorNearZero;
            return ratio;
        }
        let r = mean_s / mean_d;
        ratio.value = Some(r);
        if n < 2 {
            ratio.status = RatioStatus::SingleRun;
            return ratio;
        }
        let nf = n as f64;
        let var_s = spending.variance(n) / (SPENDING_SCALE * SPENDING_SCALE);
        let var_d = denominator.variance(n) / (scale * scale);
        // Cov(ΔS, D) = (Σ ΔS·D − n·mean(ΔS)·mean(D)) / (n − 1).
        let cross = cross.value() / SPENDING_SCALE;
        let cov = (cross - nf * mean_s * mean_d) / (nf - 1.0);
        if mean_d.abs() <= Z_TWO_SIDED_95 * (var_d / nf).sqrt() {
            ratio.status = RatioStatus::IntervalUnbounded;
            return ratio;
        }
        let var_r = ((var_s - 2.0 * r * cov + r * r * var_d) / (nf * mean_d * mean_d)).max(0.0);
        let half = Z_TWO_SIDED_95 * var_r.sqrt();
        ratio.low = Some(r - half);
        ratio.high = Some(r + half);
        ratio
    }

    /// The paired difference of `output` per month: mean and quantiles.
    /// `None` unless `output` is one of [`DIFFERENCE_OUTPUTS`].
    pub fn monthly_difference(&self, output: MonthlyOutput) -> Option<DifferenceSeries> {
        let j = DIFFERENCE_OUTPUTS.iter().position(|o| *o == output)?;
        let mut series = SeriesArrays::default();
        for m in 0..self.months {
            series.push(rounded(
                self.monthly[m * DIFFERENCE_OUTPUTS.len() + j].stats(),
            ));
        }
        Some(DifferenceSeries {
            output: output.key(),
            series,
        })
    }
}

/// Variances of a horizon metric in independent and paired runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct VarianceReduction {
    /// The metric.
    pub metric: TargetMetric,
    /// `Var(A) + Var(B)`: the variance of a difference of independent runs.
    pub variance_independent: f64,
    /// `Var(B − A)`: the variance of the paired difference.
    pub variance_paired: f64,
    /// Their ratio; `None` when the paired variance is 0 (e.g. a scenario
    /// compared with itself, or a single run).
    pub factor: Option<f64>,
}

/// The paired difference of one horizon metric, scenario minus baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricDifference {
    /// The metric.
    pub metric: TargetMetric,
    /// Mean and quantiles of the difference, run by run.
    pub difference: SeriesStats,
    /// P(scenario higher than baseline).
    pub p_higher: f64,
    /// P(scenario lower than baseline).
    pub p_lower: f64,
    /// `Var(A) + Var(B)` (independent runs).
    pub variance_independent: f64,
    /// `Var(B − A)` (paired runs).
    pub variance_paired: f64,
    /// `variance_independent / variance_paired`; `None` when the paired
    /// variance is 0.
    pub variance_reduction: Option<f64>,
}

/// Whether a cost ratio and its interval could be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatioStatus {
    /// Value and 95 % interval given.
    Defined,
    /// Not defined: the denominator's mean difference is below
    /// [`MIN_DENOMINATOR`] (no value, no interval).
    DenominatorNearZero,
    /// Value given, but the 95 % interval of the denominator holds 0, so the
    /// ratio's interval is unbounded (none given).
    IntervalUnbounded,
    /// Value given; one run has no interval.
    SingleRun,
}

/// A cost ratio: extra spending per extra unit of an outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostRatio {
    /// Mean paired difference of spending over the horizon (yen).
    pub spending_difference: f64,
    /// Mean paired difference of the denominator (participants or
    /// participant-years).
    pub denominator_difference: f64,
    /// The ratio (yen per unit), `None` when not defined.
    pub value: Option<f64>,
    /// Lower end of its 95 % interval.
    pub low: Option<f64>,
    /// Upper end of its 95 % interval.
    pub high: Option<f64>,
    /// What could be given.
    pub status: RatioStatus,
}

/// The paired difference of a monthly output, month by month (for a
/// difference fan chart).
#[derive(Clone, Debug, Serialize)]
pub struct DifferenceSeries {
    /// Output key (`participants`, `cumulative_spending`, …).
    pub output: &'static str,
    /// Mean and percentiles per month.
    #[serde(flatten)]
    pub series: SeriesArrays,
}
