//! What the dashboard shows, computed from a report and its summaries:
//! target statements in plain words, histograms, spending per fiscal year
//! and the per-ward table. Pure functions, tested natively.

use crate::model::BudgetLine;
use crate::model::LINE_COUNT;
use crate::report::run::{Report, TargetReport};
use crate::scenario::plan::{Direction, Target, TargetMetric};
use crate::sim::stats::{SeriesStats, Summary};

use super::format;
use super::i18n::{Lang, Msg};

crate::text::catalogue! {
    /// The sentences of a target card and the reproducibility stamp. A
    /// value named in braces is put in by `fill`.
    pub enum Sentence {
        Reach => "reach", "以上";
        StayAtOrBelow => "stay at or below", "以下";
        // "will": the metric may be singular (continuation) or plural
        // (participants), and "will" agrees with both.
        ExpectedMeets => "In the expected projection {metric} will {verb} {value} by {when}.",
            "期待値の予測では、{when}までに{metric}は{value}{verb}になります。";
        ExpectedMisses => "In the expected projection {metric} will not {verb} {value} by {when}.",
            "期待値の予測では、{when}までに{metric}は{value}{verb}になりません。";
        SimulatedMeets => "In {in_100} of 100 simulated futures {metric} will {verb} {value} by {when}.",
            "シミュレーションした100通りの将来のうち{in_100}通りで、{when}までに{metric}が{value}{verb}になります。";
        Stamp => "model v{version} · seed {seed} · {runs} runs · {mode} · #{hash}",
            "モデル v{version} · 乱数シード {seed} · 試行 {runs}回 · {mode} · #{hash}";
    }
}

/// The interface name of a target metric.
pub fn metric_label(lang: Lang, metric: TargetMetric) -> String {
    let msg = match metric {
        TargetMetric::Participants => Msg::Participants,
        TargetMetric::Continuation => Msg::Continuation,
        TargetMetric::Satisfaction => Msg::Satisfaction,
        TargetMetric::Awareness => Msg::Awareness,
        TargetMetric::Certified => Msg::Certified,
        TargetMetric::Untrained => Msg::Untrained,
        TargetMetric::TotalSpending => Msg::TotalSpending,
        TargetMetric::Supporters => Msg::AllSupporters,
        TargetMetric::Waitlist => Msg::Waitlist,
    };
    msg.text(lang).to_string()
}

/// The plain name of a parameter (`Participants per site`,
/// `拠点1か所あたりの定員`); its id (`site_capacity`) is for files and
/// tooltips.
pub fn parameter_label(lang: Lang, name: &str) -> String {
    crate::report::sensitivity::parameter_label(name, lang)
}

/// A target in plain words: its metric and threshold (`Participants ≥
/// 42,600`, `参加者数 ≥ 42,600`), not its id.
pub fn target_label(lang: Lang, t: &Target) -> String {
    let sign = match t.direction {
        Direction::AtLeast => "≥",
        Direction::AtMost => "≤",
    };
    format!(
        "{} {sign} {}",
        metric_label(lang, t.metric),
        metric_value(lang, t.metric, t.threshold)
    )
}

/// A target value as people read it: counts grouped, rates in %, money in 億円/¥ m.
pub fn metric_value(lang: Lang, metric: TargetMetric, x: f64) -> String {
    match metric {
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness => {
            format::percent(x, 1)
        }
        TargetMetric::TotalSpending => format::money(lang, x),
        _ => format::count(x),
    }
}

/// One target card.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetCard {
    /// Target id (`participants`, …), for `data-target`.
    pub id: String,
    /// Metric name for the heading.
    pub label: String,
    /// Probability of meeting the target at the horizon.
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub std_error: f64,
    /// The Monte Carlo error in words ("± 1.2 % (Monte Carlo error)"), or
    /// None for a single run (expected mode), which has none.
    pub mc_error: Option<String>,
    /// "≥ 42,600".
    pub threshold: String,
    /// The probability in plain words.
    pub statement: String,
}

/// The card of `t` in a report of `runs` runs ending after `fiscal_years`.
pub fn target_card(
    lang: Lang,
    t: &TargetReport,
    runs: u64,
    first_fy: i32,
    fiscal_years: usize,
) -> TargetCard {
    let label = metric_label(lang, t.metric);
    let value = metric_value(lang, t.metric, t.threshold);
    let when = format::horizon_end(lang, first_fy, fiscal_years);
    let in_100 = (t.probability * 100.0).round() as i64;
    let (sign, verb) = match t.direction {
        Direction::AtLeast => ("≥", Sentence::Reach),
        Direction::AtMost => ("≤", Sentence::StayAtOrBelow),
    };
    let sentence = if runs > 1 {
        Sentence::SimulatedMeets
    } else if t.probability >= 0.5 {
        Sentence::ExpectedMeets
    } else {
        Sentence::ExpectedMisses
    };
    // Lower case in the middle of an English sentence; Japanese has none.
    let metric = label.to_lowercase();
    let statement = sentence.fill(
        lang,
        &[
            ("metric", &metric),
            ("verb", &verb.text(lang)),
            ("value", &value),
            ("when", &when),
            ("in_100", &in_100),
        ],
    );
    TargetCard {
        id: t.id.clone(),
        label,
        probability: t.probability,
        std_error: t.std_error,
        mc_error: (runs > 1).then(|| {
            format!(
                "± {} ({})",
                format::percent(t.std_error, 1),
                Msg::McError.text(lang)
            )
        }),
        threshold: format!("{sign} {value}"),
        statement,
    }
}

/// A histogram: `edges` (n + 1) and the share of runs in each bin (n).
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramData {
    /// Bin edges, increasing.
    pub edges: Vec<f64>,
    /// Share of runs per bin (sums to 1).
    pub shares: Vec<f64>,
}

/// Quantile points used to draw a histogram from a summary's sketch.
const HISTOGRAM_POINTS: usize = 400;

/// A histogram of the runs summarised in `s`, drawn from its quantile
/// sketch: each of 400 equally spaced quantiles carries 1/400 of the runs
/// (so shares are exact to 0.25 % of the runs, and bin edges to the
/// sketch's 0.2 % relative accuracy). `None` without runs.
pub fn histogram(s: &Summary, bins: usize) -> Option<HistogramData> {
    let points: Vec<f64> = (0..HISTOGRAM_POINTS)
        .filter_map(|i| s.quantile((i as f64 + 0.5) / HISTOGRAM_POINTS as f64))
        .filter(|x| x.is_finite())
        .collect();
    let lo = points.first().copied()?;
    let hi = points.last().copied()?;
    let bins = bins.max(1);
    // A spread within 1 % is below what the sketch resolves (adjacent
    // sketch buckets are 0.4 % apart): show one bar rather than the
    // buckets' pattern.
    if hi - lo <= 0.01 * lo.abs().max(hi.abs()) {
        let mid = 0.5 * (lo + hi);
        let half = (0.5 * (hi - lo)).max(mid.abs() * 0.005).max(0.5);
        return Some(HistogramData {
            edges: vec![mid - half, mid + half],
            shares: vec![1.0],
        });
    }
    let width = (hi - lo) / bins as f64;
    let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0usize; bins];
    for x in &points {
        let k = (((x - lo) / width) as usize).min(bins - 1);
        counts[k] += 1;
    }
    let n = points.len() as f64;
    Some(HistogramData {
        edges,
        shares: counts.into_iter().map(|c| c as f64 / n).collect(),
    })
}

/// Spending of one fiscal year.
#[derive(Clone, Debug, PartialEq)]
pub struct FySpending {
    /// Fiscal year.
    pub fy: i32,
    /// Mean spending per line (yen), in [`BudgetLine::ALL`] order.
    pub lines: [f64; LINE_COUNT],
    /// Outcome-linked payments: mean, 5th and 95th percentiles (yen).
    pub outcome: (f64, f64, f64),
    /// The appropriation (yen).
    pub appropriation: f64,
    /// P(spending > appropriation).
    pub p_overrun: f64,
    /// Its standard error.
    pub p_overrun_std_error: f64,
}

/// Spending per fiscal year from a report.
pub fn fy_spending(report: &Report) -> Vec<FySpending> {
    report
        .fiscal_years
        .iter()
        .map(|fy| {
            let get = |key: &str| {
                fy.outputs
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, s)| *s)
                    .unwrap_or(SeriesStats::ZERO)
            };
            let mut lines = [0.0; LINE_COUNT];
            for line in BudgetLine::ALL {
                lines[line.index()] = get(&format!("spending_{}", line.key())).mean;
            }
            let outcome = get("outcome_payments");
            FySpending {
                fy: fy.fy,
                lines,
                outcome: (outcome.mean, outcome.p5, outcome.p95),
                appropriation: fy.appropriation,
                p_overrun: fy.p_overrun,
                p_overrun_std_error: fy.p_overrun_std_error,
            }
        })
        .collect()
}

/// One row of the per-ward table.
#[derive(Clone, Debug, PartialEq)]
pub struct WardRow {
    /// Name in English.
    pub name: String,
    /// Name in Japanese.
    pub name_ja: String,
    /// Residents.
    pub population: f64,
    /// Mean participants at the end of the horizon.
    pub participants: f64,
    /// Mean participants at the end per 10,000 residents.
    pub per_10k: f64,
    /// Mean spending per participant per year (yen).
    pub spending_per_participant: f64,
    /// Probability of each target scaled to the ward, in report order.
    pub targets: Vec<f64>,
}

/// Columns the ward table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WardSort {
    /// By name (the data set's order).
    Name,
    /// By population.
    Population,
    /// By participants at the end.
    Participants,
    /// By participants per 10,000 residents.
    Per10k,
    /// By spending per participant.
    SpendingPerParticipant,
    /// By the probability of target `k`.
    Target(usize),
}

/// Per-ward rows of a report, sorted by `sort` (descending for figures).
pub fn ward_rows(report: &Report, sort: WardSort) -> Vec<WardRow> {
    let years = report.fiscal_years.len().max(1) as f64;
    let mut rows: Vec<WardRow> = report
        .wards
        .iter()
        .zip(&report.resolved.wards)
        .map(|(w, r)| WardRow {
            name: w.name.clone(),
            name_ja: w.name_ja.clone(),
            population: r.population,
            participants: w.participants.mean,
            per_10k: if r.population > 0.0 {
                w.participants.mean / r.population * 10_000.0
            } else {
                0.0
            },
            spending_per_participant: w.spending_per_participant / years,
            targets: w.targets.iter().map(|t| t.probability).collect(),
        })
        .collect();
    let key = |r: &WardRow| match sort {
        WardSort::Name => 0.0,
        WardSort::Population => r.population,
        WardSort::Participants => r.participants,
        WardSort::Per10k => r.per_10k,
        WardSort::SpendingPerParticipant => r.spending_per_participant,
        WardSort::Target(k) => r.targets.get(k).copied().unwrap_or(0.0),
    };
    if sort != WardSort::Name {
        rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
    }
    rows
}

/// The reproducibility stamp: model version, seed, runs, mode and the
/// scenario's hash (FNV-1a of its canonical text).
pub fn stamp(lang: Lang, report: &Report) -> String {
    let runs = format::count(report.runs as f64);
    let mode = match report.mode {
        crate::sim::Mode::Stochastic => Msg::ModeStochastic,
        crate::sim::Mode::Expected => Msg::ModeExpected,
    }
    .text(lang);
    Sentence::Stamp.fill(
        lang,
        &[
            ("version", &report.model_version),
            ("seed", &report.seed),
            ("runs", &runs),
            ("mode", &mode),
            ("hash", &report.scenario.hash),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_has_both_languages() {
        assert_eq!(Sentence::faulty(), []);
    }

    fn continuation_target(probability: f64) -> TargetReport {
        TargetReport {
            id: "continuation".into(),
            metric: TargetMetric::Continuation,
            direction: Direction::AtLeast,
            threshold: 0.85,
            probability,
            std_error: 0.0,
            value: SeriesStats::ZERO,
        }
    }

    #[test]
    fn an_expected_run_has_no_monte_carlo_error_and_reads_in_good_grammar() {
        let t = continuation_target(0.0);
        let en = target_card(Lang::En, &t, 1, 2025, 5);
        assert_eq!(en.mc_error, None);
        assert_eq!(
            en.statement,
            "In the expected projection annual continuation will not reach 85.0 % by March 2030."
        );
        assert!(!en.statement.contains(" do not "));
        let ja = target_card(Lang::Ja, &t, 1, 2025, 5);
        assert_eq!(ja.mc_error, None);
        assert!(
            ja.statement.contains("令和12年3月までに"),
            "{}",
            ja.statement
        );
        let simulated = target_card(Lang::Ja, &continuation_target(0.5), 1000, 2025, 5);
        assert_eq!(
            simulated.mc_error.as_deref(),
            Some("± 0.0 % (モンテカルロ誤差)")
        );
    }

    #[test]
    fn a_target_is_named_by_its_metric_and_threshold() {
        let t = Target {
            id: "my-own".into(),
            metric: TargetMetric::Participants,
            direction: Direction::AtLeast,
            threshold: 42_600.0,
        };
        assert_eq!(target_label(Lang::Ja, &t), "参加者数 ≥ 42,600");
        assert!(!target_label(Lang::En, &t).contains("my-own"));
        assert_eq!(
            parameter_label(Lang::En, "site_capacity"),
            "Participants per site"
        );
    }

    #[test]
    fn histogram_shares_sum_to_one_and_cover_the_runs() {
        let mut s = Summary::default();
        for i in 0..1000 {
            s.add(100.0 + i as f64);
        }
        let h = histogram(&s, 10).unwrap();
        assert_eq!(h.edges.len(), 11);
        assert_eq!(h.shares.len(), 10);
        assert!((h.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Uniform data: every bin holds about a tenth.
        for share in &h.shares {
            assert!((share - 0.1).abs() < 0.01, "{share}");
        }
        assert!((h.edges[0] - 100.0).abs() < 2.0);
        assert!((h.edges[10] - 1099.0).abs() < 4.0);
    }

    #[test]
    fn a_spread_below_the_sketch_resolution_is_one_bar() {
        let mut s = Summary::default();
        for i in 0..1000 {
            s.add(1e9 + i as f64 * 10.0); // spread 1e-5 relative
        }
        let h = histogram(&s, 20).unwrap();
        assert_eq!(h.shares, vec![1.0]);
        assert!(h.edges[0] < 1e9 && h.edges[1] > 1e9 + 9990.0);
    }

    #[test]
    fn histogram_of_one_value_has_one_bin() {
        let mut s = Summary::default();
        s.add(5.0);
        let h = histogram(&s, 10).unwrap();
        assert_eq!(h.shares, vec![1.0]);
        assert!(h.edges[0] < 5.0 && h.edges[1] > 5.0);
        assert_eq!(histogram(&Summary::default(), 10), None);
    }
}
