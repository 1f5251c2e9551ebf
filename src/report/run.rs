//! Reports of a finished batch: the JSON contract of docs/model.md §8, a plain
//! text table and a tidy CSV.

use std::fmt::Write as _;

use serde::Serialize;

use crate::scenario::plan::{Direction, Mode, Plan, TargetMetric, value_text, ward_threshold};
use crate::scenario::resolved::Resolved;
use crate::scenario::warnings::point_calibration;
use crate::scenario::{ScenarioInfo, Warning};
use crate::sim::equity::{EquityBasis, EquityReport};
use crate::sim::run::{FiscalOutput, MonthlyOutput};
use crate::sim::series::{SeriesArrays, rounded};
use crate::sim::shard::Merged;
use crate::sim::stats::{SeriesStats, Summary};
use crate::sim::summary::Accumulator;
use crate::text::format::{fy_label_ja, group_thousands, month_label, round_sig, yen_millions};

/// The JSON report of docs/model.md §8.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Model version.
    pub model_version: u32,
    /// The scenario.
    pub scenario: ScenarioInfo,
    /// Expected or stochastic.
    pub mode: Mode,
    /// Seed.
    pub seed: u64,
    /// Runs summarised.
    pub runs: u64,
    /// Months of the horizon.
    pub months: usize,
    /// First fiscal year.
    pub start_fy: i32,
    /// What the engine ran: wards, budgets, calibration, parameters.
    pub resolved: Resolved,
    /// Monthly outputs across runs.
    pub series: Series,
    /// Fiscal-year outputs across runs.
    pub fiscal_years: Vec<FiscalYearReport>,
    /// Targets at the horizon.
    pub targets: Vec<TargetReport>,
    /// Per-ward results at the horizon.
    pub wards: Vec<WardReport>,
    /// Equity of spending across wards, for the scenario and its status quo.
    pub equity: EquityReport,
    /// Things the user should know (calibration, settings), written to
    /// JSON in English.
    pub warnings: Vec<Warning>,
}

/// Monthly series: for each output, arrays of length `months`.
#[derive(Clone, Debug)]
pub struct Series(pub Vec<(&'static str, SeriesArrays)>);

impl Serialize for Series {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One fiscal year of the report.
#[derive(Clone, Debug)]
pub struct FiscalYearReport {
    /// Fiscal year (2025 = FY2025 = 令和7年度).
    pub fy: i32,
    /// Japanese label.
    pub label_ja: String,
    /// Each fiscal output with its mean and percentiles.
    pub outputs: Vec<(&'static str, SeriesStats)>,
    /// Planned lines plus the ceiling of outcome payments (yen).
    pub appropriation: f64,
    /// P(spending > appropriation).
    pub p_overrun: f64,
    /// Monte Carlo standard error of `p_overrun`.
    pub p_overrun_std_error: f64,
}

impl Serialize for FiscalYearReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("fy", &self.fy)?;
        map.serialize_entry("label_ja", &self.label_ja)?;
        for (k, v) in &self.outputs {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry("appropriation", &self.appropriation)?;
        map.serialize_entry("p_overrun", &self.p_overrun)?;
        map.serialize_entry("p_overrun_std_error", &self.p_overrun_std_error)?;
        map.end()
    }
}

/// One target of the report.
#[derive(Clone, Debug, Serialize)]
pub struct TargetReport {
    /// Identifier.
    pub id: String,
    /// Figure judged.
    pub metric: TargetMetric,
    /// Success side.
    pub direction: Direction,
    /// Threshold.
    pub threshold: f64,
    /// Probability of meeting the target at the horizon.
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub std_error: f64,
    /// Distribution of the figure at the horizon.
    pub value: SeriesStats,
}

/// One ward's results at the horizon.
#[derive(Clone, Debug, Serialize)]
pub struct WardReport {
    /// English name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Participants at the end of the horizon.
    pub participants: SeriesStats,
    /// Mean participants per 10,000 residents at the end.
    pub participants_per_10k: f64,
    /// Spending over the horizon (yen).
    pub spending: SeriesStats,
    /// Mean spending over the horizon per mean participant at the end (yen).
    pub spending_per_participant: f64,
    /// Runs in which calibration found the status quo at capacity.
    pub runs_at_capacity: u64,
    /// Each target scaled to the ward (see `sim::plan::ward_threshold`).
    pub targets: Vec<WardTargetReport>,
}

/// One target judged on one ward's own figures.
#[derive(Clone, Debug, Serialize)]
pub struct WardTargetReport {
    /// Target id.
    pub id: String,
    /// The ward's threshold.
    pub threshold: f64,
    /// Probability of meeting it at the horizon.
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub std_error: f64,
}

/// Build the report of `acc`, a batch of `plan`.
pub fn build_report(
    plan: &Plan,
    info: ScenarioInfo,
    acc: &Accumulator,
    mut warnings: Vec<Warning>,
) -> Report {
    let calibrations = point_calibration(plan);
    let resolved = Resolved::of(plan, &calibrations);
    let series = series_of(plan, acc);
    let fiscal_years = fiscal_years_of(plan, acc);
    let targets = targets_of(plan, acc);
    let ward_reports = wards_of(plan, acc);
    if !calibrations.iter().any(|c| c.issues.at_capacity) {
        warnings.extend(sampled_at_capacity(plan, acc));
    }
    Report {
        model_version: u32::from(plan.model.version),
        scenario: info,
        mode: plan.mode,
        seed: plan.seed,
        runs: acc.runs,
        months: acc.months,
        start_fy: plan.start_fy,
        resolved,
        series,
        fiscal_years,
        targets,
        wards: ward_reports,
        equity: EquityReport::new(plan, &acc.equity),
        warnings,
    }
}

/// The monthly series of every output.
fn series_of(plan: &Plan, acc: &Accumulator) -> Series {
    Series(
        MonthlyOutput::ALL
            .iter()
            .filter(|o| o.shown_for(plan))
            .map(|o| {
                let mut arrays = SeriesArrays::default();
                for m in 0..acc.months {
                    arrays.push(rounded(acc.month(m, *o).stats()));
                }
                (o.key(), arrays)
            })
            .collect(),
    )
}

/// Each fiscal year's outputs, appropriation and chance of an overrun.
fn fiscal_years_of(plan: &Plan, acc: &Accumulator) -> Vec<FiscalYearReport> {
    (0..acc.fiscal_years)
        .map(|y| {
            let fy = plan.start_fy + y as i32;
            FiscalYearReport {
                fy,
                label_ja: fy_label_ja(fy),
                outputs: FiscalOutput::ALL
                    .iter()
                    .filter(|o| o.shown_for(plan))
                    .map(|o| (o.key(), rounded(acc.fy(y, *o).stats())))
                    .collect(),
                appropriation: round_sig(plan.appropriation(y)),
                p_overrun: acc.overrun[y].probability(),
                p_overrun_std_error: acc.overrun[y].std_error(),
            }
        })
        .collect()
}

/// Each target with the chance of meeting it and the value at the horizon.
fn targets_of(plan: &Plan, acc: &Accumulator) -> Vec<TargetReport> {
    plan.targets
        .iter()
        .zip(&acc.targets)
        .zip(&acc.target_values)
        .map(|((t, p), v)| TargetReport {
            id: t.id.clone(),
            metric: t.metric,
            direction: t.direction,
            threshold: t.threshold,
            probability: p.probability(),
            std_error: p.std_error(),
            value: rounded(v.stats()),
        })
        .collect()
}

/// Each ward's participants, spending and targets.
fn wards_of(plan: &Plan, acc: &Accumulator) -> Vec<WardReport> {
    plan.wards
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let participants: &Summary = &acc.ward_participants[i];
            let spending: &Summary = &acc.ward_spending[i];
            let mean_participants = participants.mean();
            WardReport {
                name: w.name.clone(),
                name_ja: w.name_ja.clone(),
                participants: rounded(participants.stats()),
                participants_per_10k: round_sig(mean_participants / w.population * 10_000.0),
                spending: rounded(spending.stats()),
                spending_per_participant: if mean_participants > 0.0 {
                    round_sig(spending.mean() / mean_participants)
                } else {
                    0.0
                },
                runs_at_capacity: acc.ward_issues[i][0],
                targets: ward_targets_of(plan, acc, i),
            }
        })
        .collect()
}

/// Ward `i`'s chance of meeting each target, against the target scaled to
/// the ward.
fn ward_targets_of(plan: &Plan, acc: &Accumulator, i: usize) -> Vec<WardTargetReport> {
    plan.targets
        .iter()
        .enumerate()
        // Shard files from before per-ward targets have none.
        .filter(|_| acc.ward_targets.len() == plan.wards.len() * plan.targets.len())
        .map(|(k, t)| {
            let p = acc.ward_targets[i * plan.targets.len() + k];
            WardTargetReport {
                id: t.id.clone(),
                threshold: round_sig(ward_threshold(plan, t, i)),
                probability: p.probability(),
                std_error: p.std_error(),
            }
        })
        .collect()
}

/// A warning for each ward whose sampled parameters put its status quo at
/// capacity in some runs (stochastic mode).
fn sampled_at_capacity(plan: &Plan, acc: &Accumulator) -> Vec<Warning> {
    plan.wards
        .iter()
        .zip(&acc.ward_issues)
        .filter(|(_, counts)| plan.mode == Mode::Stochastic && counts[0] > 0)
        .map(|(w, counts)| Warning::SampledAtCapacity {
            ward: w.name.clone(),
            ward_ja: w.name_ja.clone(),
            runs: counts[0],
            of: acc.runs,
        })
        .collect()
}

impl Report {
    /// A plain-text summary for the terminal.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} — {}", self.scenario.name, self.scenario.title);
        let _ = writeln!(
            s,
            "mode {} · {} run{} · seed {} · FY{}–FY{} · model v{}",
            self.mode.key(),
            self.runs,
            if self.runs == 1 { "" } else { "s" },
            self.seed,
            self.start_fy,
            self.start_fy + self.fiscal_years.len() as i32 - 1,
            self.model_version
        );
        let _ = writeln!(s, "\nTargets at the horizon");
        let _ = writeln!(
            s,
            "  {:<16} {:>14} {:>12} {:>8}   median [5–95 %]",
            "target", "threshold", "P(met)", "± s.e."
        );
        for t in &self.targets {
            let op = if t.direction == Direction::AtLeast {
                "≥"
            } else {
                "≤"
            };
            let _ = writeln!(
                s,
                "  {:<16} {:>2} {:>11} {:>11.1}% {:>7.1}%   {} [{} – {}]",
                t.id,
                op,
                value_text(t.metric, t.threshold),
                t.probability * 100.0,
                t.std_error * 100.0,
                value_text(t.metric, t.value.p50),
                value_text(t.metric, t.value.p5),
                value_text(t.metric, t.value.p95),
            );
        }
        let _ = writeln!(s, "\nFiscal years (means; participants median [5–95 %])");
        let _ = writeln!(
            s,
            "  {:<8} {:>24} {:>8} {:>8} {:>16} {:>16} {:>9}",
            "FY", "participants", "contin.", "aware.", "spending", "appropriation", "P(over)"
        );
        for fy in &self.fiscal_years {
            let get = |k: &str| {
                fy.outputs
                    .iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| *v)
                    .unwrap_or(SeriesStats::ZERO)
            };
            let p = get("participants");
            let _ = writeln!(
                s,
                "  FY{:<6} {:>24} {:>7.1}% {:>7.1}% {:>16} {:>16} {:>8.1}%",
                fy.fy,
                format!(
                    "{} [{}–{}]",
                    group_thousands(p.p50.round() as i64),
                    group_thousands(p.p5.round() as i64),
                    group_thousands(p.p95.round() as i64)
                ),
                get("continuation").mean * 100.0,
                get("awareness").mean * 100.0,
                yen_millions(get("spending_total").mean),
                yen_millions(fy.appropriation),
                fy.p_overrun * 100.0
            );
        }
        if self.equity.wards > 1 {
            self.equity_table(&mut s);
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(s, "\nWarnings");
            for w in &self.warnings {
                let _ = writeln!(s, "  - {w}");
            }
        }
        s
    }

    /// The equity section of the table: Gini and max/min ratio of spending
    /// per participant and per resident, the scenario's mean [5–95 %] and
    /// the status quo's value.
    fn equity_table(&self, s: &mut String) {
        let _ = writeln!(
            s,
            "\nEquity across {} wards (spending per FY; scenario mean [5–95 %] · status quo)",
            self.equity.wards
        );
        let _ = writeln!(
            s,
            "  {:<28} {:>30} {:>12}",
            "measure", "scenario", "status quo"
        );
        let interval = |i: Option<crate::sim::equity::Interval>, digits: usize| match i {
            Some(i) => format!("{:.d$} [{:.d$}–{:.d$}]", i.mean, i.p5, i.p95, d = digits),
            None => "undefined".to_string(),
        };
        let value = |v: Option<f64>, digits: usize| match v {
            Some(v) => format!("{v:.digits$}"),
            None => "undefined".to_string(),
        };
        for basis in EquityBasis::ALL {
            let b = self.equity.basis(basis);
            let what = match basis {
                EquityBasis::PerParticipant => "per participant",
                EquityBasis::PerResident => "per resident",
            };
            let _ = writeln!(
                s,
                "  {:<28} {:>30} {:>12}",
                format!("Gini, {what}"),
                interval(b.gini, 3),
                value(b.status_quo.gini, 3)
            );
            let _ = writeln!(
                s,
                "  {:<28} {:>30} {:>12}",
                format!("max/min ratio, {what}"),
                interval(b.max_min_ratio, 2),
                value(b.status_quo.max_min_ratio, 2)
            );
        }
    }

    /// Tidy CSV: one row per (section, output, period, statistic).
    pub fn to_csv(&self) -> String {
        let mut s = String::from("section,output,period,statistic,value\n");
        let stats = |s: &mut String, section: &str, output: &str, period: &str, v: &SeriesStats| {
            for (name, x) in [
                ("mean", v.mean),
                ("p5", v.p5),
                ("p25", v.p25),
                ("p50", v.p50),
                ("p75", v.p75),
                ("p95", v.p95),
            ] {
                let _ = writeln!(s, "{section},{output},{period},{name},{x}");
            }
        };
        for (key, arrays) in &self.series.0 {
            for m in 0..arrays.mean.len() {
                let v = SeriesStats {
                    mean: arrays.mean[m],
                    p5: arrays.p5[m],
                    p25: arrays.p25[m],
                    p50: arrays.p50[m],
                    p75: arrays.p75[m],
                    p95: arrays.p95[m],
                };
                stats(&mut s, "month", key, &month_label(self.start_fy, m), &v);
            }
        }
        for fy in &self.fiscal_years {
            let period = format!("FY{}", fy.fy);
            for (key, v) in &fy.outputs {
                stats(&mut s, "fiscal_year", key, &period, v);
            }
            let _ = writeln!(
                s,
                "fiscal_year,appropriation,{period},value,{}",
                fy.appropriation
            );
            let _ = writeln!(
                s,
                "fiscal_year,p_overrun,{period},probability,{}",
                fy.p_overrun
            );
            let _ = writeln!(
                s,
                "fiscal_year,p_overrun,{period},std_error,{}",
                fy.p_overrun_std_error
            );
        }
        let horizon = format!("FY{}", self.start_fy + self.fiscal_years.len() as i32 - 1);
        for t in &self.targets {
            let id = csv_field(&t.id);
            let _ = writeln!(s, "target,{id},{horizon},threshold,{}", t.threshold);
            let _ = writeln!(s, "target,{id},{horizon},probability,{}", t.probability);
            let _ = writeln!(s, "target,{id},{horizon},std_error,{}", t.std_error);
            stats(&mut s, "target_value", &id, &horizon, &t.value);
        }
        for w in &self.wards {
            let name = csv_field(&w.name);
            stats(
                &mut s,
                "ward_participants",
                &name,
                &horizon,
                &w.participants,
            );
            stats(&mut s, "ward_spending", &name, &horizon, &w.spending);
        }
        for basis in EquityBasis::ALL {
            let b = self.equity.basis(basis);
            for (measure, interval, status_quo) in [
                ("gini", b.gini, b.status_quo.gini),
                ("max_min_ratio", b.max_min_ratio, b.status_quo.max_min_ratio),
            ] {
                let output = format!("{}_{measure}", basis.key());
                if let Some(i) = interval {
                    for (name, x) in [("mean", i.mean), ("p5", i.p5), ("p95", i.p95)] {
                        let _ = writeln!(s, "equity,{output},{horizon},{name},{x}");
                    }
                }
                if let Some(x) = status_quo {
                    let _ = writeln!(s, "equity,{output},{horizon},status_quo,{x}");
                }
            }
        }
        s
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// A text cell of CSV: quoted when it needs it, and, when it starts with a
/// character a spreadsheet reads as the start of a formula (`=`, `+`, `-`,
/// `@`, a tab or a carriage return), prefixed with `'` and quoted, as the
/// OWASP guidance on CSV injection says, so that it stays text.
pub fn csv_field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", text.replace('"', "\"\""))
    } else if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

impl Merged {
    /// The batch's report: the same as one process running all its runs.
    pub fn report(&self) -> Report {
        build_report(
            &self.loaded.plan,
            self.loaded.info.clone(),
            &self.summaries,
            self.loaded.warnings.clone(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_field("participants"), "participants");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=1+2"), "\"'=1+2\"");
        assert_eq!(csv_field("+cmd"), "\"'+cmd\"");
        assert_eq!(csv_field("-2+3"), "\"'-2+3\"");
        assert_eq!(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_field("\t=x"), "\"'\t=x\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }

    #[test]
    fn japanese_fiscal_year_labels() {
        assert_eq!(fy_label_ja(2025), "令和7年度");
        assert_eq!(fy_label_ja(2019), "令和元年度");
        assert_eq!(fy_label_ja(2018), "平成30年度");
    }

    #[test]
    fn month_labels_follow_the_fiscal_year() {
        assert_eq!(month_label(2025, 0), "2025-04");
        assert_eq!(month_label(2025, 8), "2025-12");
        assert_eq!(month_label(2025, 9), "2026-01");
        assert_eq!(month_label(2025, 59), "2030-03");
    }

    #[test]
    fn rounding_hides_last_bit_noise_only() {
        assert_eq!(round_sig(28_399.999_999_999_996), 28_400.0);
        assert_eq!(round_sig(0.723), 0.723);
        assert_eq!(round_sig(1_280_000_000.0), 1_280_000_000.0);
        assert_eq!(round_sig(123_456.789_012_345), 123_456.789_0);
    }

    #[test]
    fn money_and_numbers_are_grouped() {
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(group_thousands(-42), "-42");
        assert_eq!(yen_millions(1_280_000_000.0), "¥1,280.0 M");
        assert_eq!(yen_millions(21_250_000.0), "¥21.3 M");
    }
}
