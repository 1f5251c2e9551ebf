//! The report of a paired comparison of two to four scenarios: for each
//! target the probability of meeting it per scenario and the paired
//! differences against the baseline, the monthly bands and differences,
//! cost ratios, as JSON, a table and CSV.

use std::fmt::Write as _;

use serde::Serialize;

use crate::scenario::ScenarioInfo;
use crate::scenario::plan::{Direction, Plan, TargetMetric, value_text};
use crate::sim::compare::PairedAccumulator;
use crate::sim::decision::{CostRatio, DIFFERENCE_OUTPUTS, DifferenceSeries, MetricDifference};
use crate::sim::run::MonthlyOutput;
use crate::sim::series::rounded;
use crate::sim::stats::{Proportion, SeriesStats, paired_difference_interval};
use crate::sim::summary::Accumulator;
use crate::text::format::{group_thousands, month_label, yen_millions};

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
    /// First fiscal year.
    pub start_fy: i32,
    /// Months of the horizon.
    pub months: usize,
    /// Calendar label of each month (`2025-04`, …).
    pub month_labels: Vec<String>,
    /// Per target.
    pub targets: Vec<TargetComparison>,
    /// Per scenario: quartile bands of the fan-chart outputs per month (for
    /// overlaid medians).
    pub bands: Vec<ScenarioBands>,
    /// For each scenario after the first: the paired analysis against it.
    pub pairs: Vec<PairReport>,
}

/// One scenario's median and 25–75 % band per month of the fan-chart
/// outputs ([`DIFFERENCE_OUTPUTS`]).
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioBands {
    /// Scenario name.
    pub scenario: String,
    /// One band per output.
    pub outputs: Vec<Band>,
}

/// Median and quartiles of one monthly output, per month.
#[derive(Clone, Debug, Serialize)]
pub struct Band {
    /// Output key.
    pub output: &'static str,
    /// 25th percentile per month.
    pub p25: Vec<f64>,
    /// Median per month.
    pub p50: Vec<f64>,
    /// 75th percentile per month.
    pub p75: Vec<f64>,
}

/// The paired analysis of one scenario against the baseline
/// (`sim::decision`).
#[derive(Clone, Debug, Serialize)]
pub struct PairReport {
    /// Scenario name.
    pub scenario: String,
    /// Baseline name.
    pub baseline: String,
    /// Every horizon metric of [`TargetMetric::ALL`]: paired difference,
    /// P(higher), P(lower) and the variance reduction factor of pairing.
    pub metrics: Vec<MetricDifference>,
    /// Extra spending per extra participant at the horizon (yen).
    pub cost_per_participant: CostRatio,
    /// Extra spending per extra retained participant-year (yen).
    pub cost_per_participant_year: CostRatio,
    /// Paired difference per month of each fan-chart output.
    pub monthly: Vec<DifferenceSeries>,
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
    /// P(met) of this scenario minus that of the first, paired run by run
    /// (none for accumulators made before it was counted).
    pub met: Option<MetDifference>,
}

/// The difference of two scenarios' probabilities of meeting a target,
/// from the same runs: with `D = 1[B met] − 1[A met]` in each run,
/// the difference is the mean of `D` and its standard error
/// `sqrt((mean(D²) − mean(D)²)/n)`; run independently it would be
/// `sqrt((p_A(1 − p_A) + p_B(1 − p_B))/n)`. The 95 % interval is the
/// paired score interval of Newcombe (1998), method 10
/// ([`paired_difference_interval`]), which keeps a width when no run is
/// discordant.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MetDifference {
    /// P(B met) − P(A met).
    pub value: f64,
    /// Its standard error from the paired runs.
    pub std_error: f64,
    /// Lower end of the 95 % interval (paired score interval, Newcombe
    /// 1998 method 10; at least −1).
    pub low: f64,
    /// Upper end of the 95 % interval (paired score interval, Newcombe
    /// 1998 method 10; at most 1).
    pub high: f64,
    /// The standard error had the two scenarios been run independently.
    pub independent_std_error: f64,
    /// Variance reduction factor of the pairing (independent variance over
    /// paired variance); none when the paired variance is 0.
    pub variance_reduction: Option<f64>,
}

impl MetDifference {
    /// From the runs' 2×2 table: how many runs had both scenarios meet the
    /// target, only A (the baseline), only B, and neither.
    pub fn new(both: u64, only_a: u64, only_b: u64, neither: u64) -> Self {
        let runs = both
            .saturating_add(only_a)
            .saturating_add(only_b)
            .saturating_add(neither);
        let n = runs.max(1) as f64;
        let share = |count: u64| if runs == 0 { 0.0 } else { count as f64 / n };
        let (only_b_share, only_a_share) = (share(only_b), share(only_a));
        let p_a = share(both.saturating_add(only_a));
        let p_b = share(both.saturating_add(only_b));
        let value = only_b_share - only_a_share;
        let paired = (only_b_share + only_a_share - value * value).max(0.0);
        let independent = p_a * (1.0 - p_a) + p_b * (1.0 - p_b);
        let [low, high] = paired_difference_interval(both, only_a, only_b, neither);
        MetDifference {
            value,
            std_error: (paired / n).sqrt(),
            low,
            high,
            independent_std_error: (independent / n).sqrt(),
            variance_reduction: (paired > 0.0).then(|| independent / paired),
        }
    }

    /// From the summaries of `n` paired runs: the runs in which only B met
    /// the target, only A, and in which A met it.
    fn from_counts(only_b: &Proportion, only_a: &Proportion, a_met: &Proportion, n: u64) -> Self {
        let both = a_met.successes.saturating_sub(only_a.successes);
        let neither = n
            .saturating_sub(both)
            .saturating_sub(only_a.successes)
            .saturating_sub(only_b.successes);
        MetDifference::new(both, only_a.successes, only_b.successes, neither)
    }
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
                    met: acc
                        .only_other_met
                        .get(i - 1)
                        .zip(acc.only_base_met.get(i - 1))
                        .map(|(o, m)| {
                            MetDifference::from_counts(
                                &o[t],
                                &m[t],
                                &acc.scenarios[0].targets[t],
                                acc.runs(),
                            )
                        }),
                })
                .collect(),
        })
        .collect();
    let months = plans[0].months();
    let bands = plans
        .iter()
        .zip(&acc.scenarios)
        .map(|(plan, s)| ScenarioBands {
            scenario: plan.name.clone(),
            outputs: DIFFERENCE_OUTPUTS.iter().map(|o| band(s, *o)).collect(),
        })
        .collect();
    let pairs = acc
        .pairs
        .iter()
        .enumerate()
        .map(|(i, pair)| PairReport {
            scenario: plans[i + 1].name.clone(),
            baseline: plans[0].name.clone(),
            metrics: TargetMetric::ALL
                .iter()
                .map(|m| pair.difference(*m))
                .collect(),
            cost_per_participant: pair.cost_per_participant(),
            cost_per_participant_year: pair.cost_per_participant_year(),
            monthly: DIFFERENCE_OUTPUTS
                .iter()
                .filter_map(|o| pair.monthly_difference(*o))
                .collect(),
        })
        .collect();
    CompareReport {
        model_version: u32::from(plans[0].model.version),
        seed: plans[0].seed,
        runs: acc.runs(),
        scenarios: infos,
        start_fy: plans[0].start_fy,
        months,
        month_labels: (0..months)
            .map(|m| month_label(plans[0].start_fy, m))
            .collect(),
        targets,
        bands,
        pairs,
    }
}

/// The quartiles of `output` per month in `acc`.
fn band(acc: &Accumulator, output: MonthlyOutput) -> Band {
    let stats: Vec<_> = (0..acc.months)
        .map(|m| rounded(acc.month(m, output).stats()))
        .collect();
    Band {
        output: output.key(),
        p25: stats.iter().map(|s| s.p25).collect(),
        p50: stats.iter().map(|s| s.p50).collect(),
        p75: stats.iter().map(|s| s.p75).collect(),
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
                if let Some(m) = &d.met {
                    let _ = writeln!(
                        s,
                        "  P(met) {} − {}: {:+.1} pt [95 %: {:+.1} pt, {:+.1} pt]; paired SE {:.1} pt, independent {:.1} pt{}",
                        d.scenario,
                        names[0],
                        m.value * 100.0,
                        m.low * 100.0,
                        m.high * 100.0,
                        m.std_error * 100.0,
                        m.independent_std_error * 100.0,
                        m.variance_reduction
                            .map(|f| format!(" (VRF {f:.1})"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        for pair in &self.pairs {
            pair.write_table(&mut s);
        }
        s
    }

    /// Tidy CSV.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("target,scenario,statistic,value\n");
        for t in &self.targets {
            let id = super::run::csv_field(&t.id);
            for (i, info) in self.scenarios.iter().enumerate() {
                let name = super::run::csv_field(&info.name);
                let _ = writeln!(s, "{id},{name},probability,{}", t.probabilities[i]);
                let _ = writeln!(s, "{id},{name},std_error,{}", t.std_errors[i]);
                let _ = writeln!(s, "{id},{name},median,{}", t.values[i].p50);
            }
            for d in &t.differences {
                let name = super::run::csv_field(&d.scenario);
                let _ = writeln!(s, "{id},{name},difference_mean,{}", d.difference.mean);
                let _ = writeln!(s, "{id},{name},difference_p5,{}", d.difference.p5);
                let _ = writeln!(s, "{id},{name},difference_p95,{}", d.difference.p95);
                let _ = writeln!(s, "{id},{name},p_better,{}", d.p_better);
                let _ = writeln!(s, "{id},{name},p_tie,{}", d.p_tie);
                if let Some(m) = &d.met {
                    let _ = writeln!(s, "{id},{name},p_met_difference,{}", m.value);
                    let _ = writeln!(s, "{id},{name},p_met_difference_low,{}", m.low);
                    let _ = writeln!(s, "{id},{name},p_met_difference_high,{}", m.high);
                }
            }
        }
        for pair in &self.pairs {
            pair.write_csv(&mut s);
        }
        s
    }
}

impl PairReport {
    /// Its part of the plain-text table.
    fn write_table(&self, s: &mut String) {
        let _ = writeln!(
            s,
            "\n{} − {} at the horizon (paired; VRF = variance reduction factor of pairing)",
            self.scenario, self.baseline
        );
        for m in &self.metrics {
            let _ = writeln!(
                s,
                "  {:<16} mean {} [5 %: {}, 95 %: {}]  P(higher) {:.1}%  P(lower) {:.1}%  VRF {}",
                m.metric.key(),
                format_value(m.metric, m.difference.mean),
                format_value(m.metric, m.difference.p5),
                format_value(m.metric, m.difference.p95),
                m.p_higher * 100.0,
                m.p_lower * 100.0,
                m.variance_reduction
                    .map_or_else(|| "not defined".to_string(), |f| format!("{f:.1}"))
            );
        }
        let _ = writeln!(
            s,
            "  cost per additional participant: {}",
            ratio_text(&self.cost_per_participant)
        );
        let _ = writeln!(
            s,
            "  cost per additional participant-year: {}",
            ratio_text(&self.cost_per_participant_year)
        );
    }

    /// Its rows of the tidy CSV.
    fn write_csv(&self, s: &mut String) {
        let name = super::run::csv_field(&self.scenario);
        for m in &self.metrics {
            let key = m.metric.key();
            let d = &m.difference;
            let rows = [
                ("horizon_difference_mean", Some(d.mean)),
                ("horizon_difference_p5", Some(d.p5)),
                ("horizon_difference_p95", Some(d.p95)),
                ("p_higher", Some(m.p_higher)),
                ("p_lower", Some(m.p_lower)),
                ("variance_independent", Some(m.variance_independent)),
                ("variance_paired", Some(m.variance_paired)),
                ("variance_reduction", m.variance_reduction),
            ];
            for (statistic, value) in rows {
                let _ = writeln!(s, "{key},{name},{statistic},{}", csv_number(value));
            }
        }
        for (key, r) in [
            ("cost_per_participant", &self.cost_per_participant),
            ("cost_per_participant_year", &self.cost_per_participant_year),
        ] {
            let _ = writeln!(s, "{key},{name},value,{}", csv_number(r.value));
            let _ = writeln!(s, "{key},{name},low,{}", csv_number(r.low));
            let _ = writeln!(s, "{key},{name},high,{}", csv_number(r.high));
        }
    }
}

/// A CSV cell: the number, or empty when not defined.
fn csv_number(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| v.to_string())
}

/// A cost ratio for people: ¥ per unit with its 95 % interval, or why not.
pub fn ratio_text(r: &CostRatio) -> String {
    use crate::sim::decision::RatioStatus;
    let yen = |x: f64| format!("¥{}", group_thousands(x.round() as i64));
    match (r.value, r.low, r.high) {
        (Some(v), Some(lo), Some(hi)) => format!("{} (95 % CI {} to {})", yen(v), yen(lo), yen(hi)),
        (Some(v), _, _) if r.status == RatioStatus::SingleRun => {
            format!("{} (one run: no interval)", yen(v))
        }
        (Some(v), _, _) => format!(
            "{} (95 % CI unbounded: the difference in the denominator is not clearly away from 0)",
            yen(v)
        ),
        _ => "not defined (no difference in the denominator)".to_string(),
    }
}

/// A paired difference for people: rates in percentage points.
fn format_value(metric: TargetMetric, x: f64) -> String {
    match metric {
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness => {
            format!("{:+.2} pt", x * 100.0)
        }
        TargetMetric::TotalSpending => yen_millions(x),
        _ => format!("{x:+.0}"),
    }
}
