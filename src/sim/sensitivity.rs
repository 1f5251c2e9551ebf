//! Sensitivity of the horizon outputs to the uncertain parameters of a plan
//! (the parameters whose distribution in the plan is not fixed, MODEL.md §3):
//!
//! * **Tornado** (one-at-a-time, deterministic): the plan in expected mode
//!   (MODEL.md §4, one run) with every parameter at its point value, then each
//!   uncertain parameter in turn at its 10th and its 90th percentile (the
//!   quantile function of its distribution) with the others at their point
//!   values. Bars are sorted by their swing `|high − low|`.
//! * **Spearman rank correlation** between each sampled parameter and each
//!   output over stochastic runs already done. The per-run outputs are kept
//!   in [`RunSamples`] (the runs with the lowest indices, up to a cap, so
//!   merging shards is deterministic); the parameter values of run `r` are
//!   recomputed with [`Simulator::run_parameters`], a pure function of
//!   (seed, r). ρ is Pearson's correlation of the ranks, ties taking the
//!   average of their ranks (e.g. Kendall & Gibbons, *Rank Correlation
//!   Methods*, 5th ed., ch. 2).
//! * **Sentences**: one plain-language sentence per tornado bar, in English
//!   or Japanese ([`bar_sentence`]).

use std::fmt::Write as _;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::distribution::Distribution;
use crate::model::parameters::Param;

use super::plan::{Mode, Plan, TargetMetric};
use super::report::{ScenarioInfo, group_thousands, month_label, value_text};
use super::run::{RunResult, Simulator};
use super::summary::Accumulator;

/// Number of horizon metrics ([`TargetMetric::ALL`]).
pub const METRICS: usize = TargetMetric::ALL.len();

/// Probability of the low end of a tornado bar.
pub const TORNADO_LOW: f64 = 0.10;
/// Probability of the high end of a tornado bar.
pub const TORNADO_HIGH: f64 = 0.90;

/// Default cap of [`RunSamples`]: per-run values kept for rank correlations.
pub const MAX_RUN_SAMPLES: usize = 20_000;

/// Language of generated sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// English.
    En,
    /// Japanese.
    Ja,
}

/// The parameters of `plan` that are uncertain: a distribution that is not
/// fixed and not a single point, in [`Param::ALL`] order.
pub fn uncertain_parameters(plan: &Plan) -> Vec<Param> {
    Param::ALL
        .iter()
        .zip(&plan.parameters.entries)
        .filter(|(_, e)| {
            !matches!(e.distribution, Distribution::Fixed { .. }) && !e.distribution.is_degenerate()
        })
        .map(|(p, _)| *p)
        .collect()
}

/// The horizon values of every metric of one expected-mode run of `plan`
/// with the parameters in `overrides` fixed at the given values and the
/// others at their point values.
pub fn expected_horizon(plan: &Plan, overrides: &[(Param, f64)]) -> [f64; METRICS] {
    let mut plan = plan.clone();
    plan.mode = Mode::Expected;
    plan.runs = 1;
    for (param, value) in overrides {
        let entry = plan.parameters.entry_mut(*param);
        entry.distribution = Distribution::Fixed { value: *value };
        entry.point = *value;
    }
    let mut out = RunResult::default();
    Simulator::new(&plan).run(0, &mut out);
    out.horizon
}

/// One uncertain parameter moved to its 10th and 90th percentiles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParameterSwing {
    /// Parameter name.
    pub parameter: &'static str,
    /// Its 10th percentile.
    pub low_value: f64,
    /// Its 90th percentile.
    pub high_value: f64,
    /// Every horizon metric with the parameter at `low_value`.
    pub low: [f64; METRICS],
    /// Every horizon metric with the parameter at `high_value`.
    pub high: [f64; METRICS],
}

/// The tornado runs of a plan, for every horizon metric at once.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoRuns {
    /// Every horizon metric with all parameters at their point values.
    pub base: [f64; METRICS],
    /// One entry per uncertain parameter, in [`Param::ALL`] order.
    pub swings: Vec<ParameterSwing>,
}

/// Run the tornado of `plan`: `1 + 2k` expected-mode runs for `k`
/// uncertain parameters (module docs).
pub fn tornado_runs(plan: &Plan) -> TornadoRuns {
    let swings = uncertain_parameters(plan)
        .into_iter()
        .map(|param| {
            let d = &plan.parameters.entry(param).distribution;
            let (low_value, high_value) = (d.quantile(TORNADO_LOW), d.quantile(TORNADO_HIGH));
            ParameterSwing {
                parameter: param.name(),
                low_value,
                high_value,
                low: expected_horizon(plan, &[(param, low_value)]),
                high: expected_horizon(plan, &[(param, high_value)]),
            }
        })
        .collect();
    TornadoRuns {
        base: expected_horizon(plan, &[]),
        swings,
    }
}

/// One bar of a tornado chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoBar {
    /// Parameter name.
    pub parameter: &'static str,
    /// The parameter's 10th percentile.
    pub low_value: f64,
    /// The parameter's 90th percentile.
    pub high_value: f64,
    /// The output with the parameter at its 10th percentile.
    pub low: f64,
    /// The output with the parameter at its 90th percentile.
    pub high: f64,
    /// `|high − low|`.
    pub swing: f64,
}

/// A tornado of one output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tornado {
    /// The output.
    pub metric: TargetMetric,
    /// Its value with every parameter at its point value.
    pub base: f64,
    /// Bars sorted by swing, largest first (ties in [`Param::ALL`] order).
    pub bars: Vec<TornadoBar>,
}

impl TornadoRuns {
    /// The tornado of `metric`.
    pub fn tornado(&self, metric: TargetMetric) -> Tornado {
        let k = metric.index();
        let mut bars: Vec<TornadoBar> = self
            .swings
            .iter()
            .map(|s| TornadoBar {
                parameter: s.parameter,
                low_value: s.low_value,
                high_value: s.high_value,
                low: s.low[k],
                high: s.high[k],
                swing: (s.high[k] - s.low[k]).abs(),
            })
            .collect();
        bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
        Tornado {
            metric,
            base: self.base[k],
            bars,
        }
    }
}

// ---------------------------------------------------------------- samples

/// Per-run horizon values of the runs with the lowest indices, up to a cap:
/// bounded memory, and merging shards keeps the same runs whatever their
/// order. `runs` is strictly increasing; `values[i]` belongs to `runs[i]`
/// and holds every metric in [`TargetMetric::ALL`] order.
///
/// Serde writes the values as JSON numbers; a binary codec (the worker's)
/// keeps them bit for bit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSamples {
    /// Most runs kept.
    pub cap: usize,
    /// Run indices kept, increasing.
    pub runs: Vec<u64>,
    /// Their horizon values.
    pub values: Vec<[f64; METRICS]>,
}

impl RunSamples {
    /// Empty, keeping at most `cap` runs.
    pub fn new(cap: usize) -> Self {
        RunSamples {
            cap,
            runs: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Record run `run` (ignored if already kept, or if `cap` runs with
    /// lower indices are kept).
    pub fn add(&mut self, run: u64, values: &[f64; METRICS]) {
        let at = match self.runs.binary_search(&run) {
            Ok(_) => return,
            Err(at) => at,
        };
        if at >= self.cap {
            return;
        }
        self.runs.insert(at, run);
        self.values.insert(at, *values);
        self.runs.truncate(self.cap);
        self.values.truncate(self.cap);
    }

    /// Merge samples of other runs (the cap is the smaller of the two).
    pub fn merge(&mut self, other: &RunSamples) {
        let cap = self.cap.min(other.cap);
        let mut runs = Vec::with_capacity(cap.min(self.runs.len() + other.runs.len()));
        let mut values = Vec::with_capacity(runs.capacity());
        let (mut i, mut j) = (0, 0);
        while runs.len() < cap && (i < self.runs.len() || j < other.runs.len()) {
            let take_self =
                j >= other.runs.len() || (i < self.runs.len() && self.runs[i] <= other.runs[j]);
            if take_self {
                if j < other.runs.len() && self.runs[i] == other.runs[j] {
                    j += 1;
                }
                runs.push(self.runs[i]);
                values.push(self.values[i]);
                i += 1;
            } else {
                runs.push(other.runs[j]);
                values.push(other.values[j]);
                j += 1;
            }
        }
        *self = RunSamples { cap, runs, values };
    }

    /// Runs kept.
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    /// Whether no run is kept.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
}

/// Add runs `runs` of `sim` to `acc` and their horizon values to `samples`.
pub fn sample_range(
    sim: &Simulator<'_>,
    runs: Range<u64>,
    acc: &mut Accumulator,
    samples: &mut RunSamples,
    scratch: &mut RunResult,
) {
    super::batch::run_range_with(sim, runs, acc, scratch, |r, out| {
        samples.add(r, &out.horizon)
    });
}

/// [`sample_range`] on `threads` threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn sample_parallel(
    sim: &Simulator<'_>,
    runs: Range<u64>,
    cap: usize,
    threads: usize,
    cancel: &std::sync::atomic::AtomicBool,
    progress: &(dyn Fn(u64) + Sync),
) -> (Accumulator, RunSamples) {
    let ((acc, samples, _), _) = super::batch::parallel_chunks(
        runs,
        threads,
        cancel,
        progress,
        || {
            (
                Accumulator::new(sim.plan()),
                RunSamples::new(cap),
                RunResult::default(),
            )
        },
        |(acc, samples, scratch), chunk| sample_range(sim, chunk, acc, samples, scratch),
        |(a, sa, _), (b, sb, _)| {
            // Every part was built from the same plan, so shapes always agree.
            let _ = a.merge(b);
            sa.merge(sb);
        },
    );
    (acc, samples)
}

// ---------------------------------------------------------------- Spearman

/// Ranks 1..=n of `values`, ties sharing the average of their ranks. NaN
/// sorts last.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start+1..=end; their average:
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// Pearson correlation of two equally long series; `None` when shorter than
/// 2 or when either has no spread.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let mean = |v: &[f64]| v[..n].iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Spearman's rank correlation: [`pearson`] of the [`average_ranks`].
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&average_ranks(x), &average_ranks(y))
}

/// Rank correlations of one parameter with every horizon metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankCorrelation {
    /// Parameter name.
    pub parameter: &'static str,
    /// ρ per metric in [`TargetMetric::ALL`] order; `None` when a series
    /// has no spread (e.g. an output that never changes).
    pub rho: [Option<f64>; METRICS],
}

/// Spearman's ρ between each uncertain parameter of `sim`'s plan and each
/// horizon metric over the runs in `samples` (parameter values recomputed
/// with [`Simulator::run_parameters`]). Empty in expected mode, where
/// nothing is sampled.
pub fn rank_correlations(sim: &Simulator<'_>, samples: &RunSamples) -> Vec<RankCorrelation> {
    if sim.plan().mode != Mode::Stochastic {
        return Vec::new();
    }
    let params = uncertain_parameters(sim.plan());
    let drawn: Vec<_> = samples
        .runs
        .iter()
        .map(|r| sim.run_parameters(*r))
        .collect();
    let output_ranks: Vec<Vec<f64>> = (0..METRICS)
        .map(|k| average_ranks(&samples.values.iter().map(|v| v[k]).collect::<Vec<_>>()))
        .collect();
    params
        .into_iter()
        .map(|p| {
            let ranks = average_ranks(&drawn.iter().map(|v| v.get(p)).collect::<Vec<_>>());
            let mut rho = [None; METRICS];
            for (k, out) in output_ranks.iter().enumerate() {
                rho[k] = pearson(&ranks, out);
            }
            RankCorrelation {
                parameter: p.name(),
                rho,
            }
        })
        .collect()
}

// ---------------------------------------------------------------- sentences

/// A short number for a parameter value: at most 3 significant digits.
fn short_number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = 2 - x.abs().log10().floor() as i32;
    if digits <= 0 {
        let step = 10f64.powi(-digits);
        group_thousands(((x / step).round() * step) as i64)
    } else {
        let s = format!("{:.*}", digits as usize, x);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}

/// A count rounded to 2 significant digits with thousands separators
/// (`3,100`; small counts exactly).
fn rounded_count(x: f64) -> String {
    let x = x.abs();
    if x < 100.0 {
        return group_thousands(x.round() as i64);
    }
    let step = 10f64.powi(x.log10().floor() as i32 - 1);
    group_thousands(((x / step).round() * step) as i64)
}

/// The month label of the horizon's end in `language` (`March 2030`,
/// `2030年3月`).
pub fn horizon_label(start_fy: i32, months: usize, language: Language) -> String {
    let label = month_label(start_fy, months.saturating_sub(1));
    let (year, month) = label.split_once('-').unwrap_or((&label, "1"));
    let month: usize = month.parse().unwrap_or(1);
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match language {
        Language::En => format!("{} {year}", NAMES[(month + 11) % 12]),
        Language::Ja => format!("{year}年{month}月"),
    }
}

/// How a metric is named and measured in a sentence.
fn metric_words(metric: TargetMetric, language: Language) -> (&'static str, bool) {
    // (name, plural) in English; plural is unused in Japanese.
    match (metric, language) {
        (TargetMetric::Participants, Language::En) => ("participants", true),
        (TargetMetric::Continuation, Language::En) => ("FY continuation", false),
        (TargetMetric::Satisfaction, Language::En) => ("satisfaction", false),
        (TargetMetric::Awareness, Language::En) => ("awareness", false),
        (TargetMetric::Certified, Language::En) => ("certified supporters", true),
        (TargetMetric::Untrained, Language::En) => ("untrained supporters", true),
        (TargetMetric::Supporters, Language::En) => ("supporters", true),
        (TargetMetric::Waitlist, Language::En) => ("the waitlist", false),
        (TargetMetric::TotalSpending, Language::En) => ("spending over the horizon", false),
        (TargetMetric::Participants, Language::Ja) => ("参加者数", false),
        (TargetMetric::Continuation, Language::Ja) => ("年度継続率", false),
        (TargetMetric::Satisfaction, Language::Ja) => ("満足度", false),
        (TargetMetric::Awareness, Language::Ja) => ("認知度", false),
        (TargetMetric::Certified, Language::Ja) => ("研修修了ピアサポーター数", false),
        (TargetMetric::Untrained, Language::Ja) => ("研修未修了ピアサポーター数", false),
        (TargetMetric::Supporters, Language::Ja) => ("ピアサポーター数", false),
        (TargetMetric::Waitlist, Language::Ja) => ("待機者数", false),
        (TargetMetric::TotalSpending, Language::Ja) => ("期間中の支出", false),
    }
}

/// The size of a change of `metric` in words (`3,100`, `1.2 percentage
/// points`, `¥12.3 M`; `3,100人`, `1.2ポイント`, `1,230万円`), unsigned.
fn change_amount(metric: TargetMetric, change: f64, language: Language) -> String {
    let x = change.abs();
    match (metric, language) {
        (
            TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness,
            Language::En,
        ) => format!("{:.1} percentage points", x * 100.0),
        (
            TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness,
            Language::Ja,
        ) => format!("{:.1}ポイント", x * 100.0),
        (TargetMetric::TotalSpending, Language::En) => super::report::yen_millions(x),
        (TargetMetric::TotalSpending, Language::Ja) => {
            format!("{}万円", group_thousands((x / 1e4).round() as i64))
        }
        (_, Language::En) => rounded_count(x),
        (_, Language::Ja) => format!("{}人", rounded_count(x)),
    }
}

/// Whether `change` shows as zero in [`change_amount`].
fn rounds_to_zero(metric: TargetMetric, change: f64, language: Language) -> bool {
    let x = change.abs();
    match (metric, language) {
        (TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness, _) => {
            x * 100.0 < 0.05
        }
        (TargetMetric::TotalSpending, Language::En) => x / 1e6 < 0.05,
        (TargetMetric::TotalSpending, Language::Ja) => x / 1e4 < 0.5,
        _ => x < 0.5,
    }
}

/// One plain-language sentence for a tornado bar of `metric`: what the
/// output at the horizon (`horizon`, from [`horizon_label`]) is with the
/// parameter at its 90th percentile compared with its 10th.
///
/// E.g. "If beta_staff is at its 90th percentile (0.45) instead of its 10th
/// (0.17), participants at March 2030 are 3,100 higher." and
/// 「beta_staffが10パーセンタイル（0.17）ではなく90パーセンタイル（0.45）の
/// とき、2030年3月の参加者数は3,100人多くなります。」
pub fn bar_sentence(
    bar: &TornadoBar,
    metric: TargetMetric,
    horizon: &str,
    language: Language,
) -> String {
    let change = bar.high - bar.low;
    let (name, plural) = metric_words(metric, language);
    let amount = change_amount(metric, change, language);
    let (p, hi, lo) = (
        bar.parameter,
        short_number(bar.high_value),
        short_number(bar.low_value),
    );
    let rate = matches!(
        metric,
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness
    );
    let unchanged = rounds_to_zero(metric, change, language);
    match language {
        Language::En => {
            let verb = if plural { "are" } else { "is" };
            let tail = if unchanged {
                "unchanged".to_string()
            } else {
                let direction = match (change > 0.0, metric == TargetMetric::TotalSpending) {
                    (true, true) => "more",
                    (false, true) => "less",
                    (true, false) => "higher",
                    (false, false) => "lower",
                };
                format!("{amount} {direction}")
            };
            format!(
                "If {p} is at its 90th percentile ({hi}) instead of its 10th ({lo}), {name} at {horizon} {verb} {tail}."
            )
        }
        Language::Ja => {
            let tail = if unchanged {
                "変わりません".to_string()
            } else {
                let direction = match (change > 0.0, rate) {
                    (true, true) => "高く",
                    (false, true) => "低く",
                    (true, false) => "多く",
                    (false, false) => "少なく",
                };
                format!("{amount}{direction}なります")
            };
            format!(
                "{p}が10パーセンタイル（{lo}）ではなく90パーセンタイル（{hi}）のとき、{horizon}の{name}は{tail}。"
            )
        }
    }
}

/// How strong a rank correlation is, in words: |ρ| ≥ 0.5 strong, ≥ 0.3
/// moderate, ≥ 0.1 weak, below that hardly any.
pub fn correlation_strength(rho: f64, language: Language) -> &'static str {
    let r = rho.abs();
    match language {
        Language::En if r >= 0.5 => "strong",
        Language::En if r >= 0.3 => "moderate",
        Language::En if r >= 0.1 => "weak",
        Language::En => "hardly any",
        Language::Ja if r >= 0.5 => "強い",
        Language::Ja if r >= 0.3 => "中程度の",
        Language::Ja if r >= 0.1 => "弱い",
        Language::Ja => "ほとんどない",
    }
}

/// One plain-language sentence for the rank correlation `rho` of
/// `parameter` with `metric` at the horizon (`horizon`, from
/// [`horizon_label`]), over stochastic runs.
///
/// E.g. "In futures where beta_staff was drawn higher, participants at
/// March 2030 tended to be higher (strong correlation, ρ = +0.62)." and
/// 「beta_staffが高く抽出された将来ほど、2030年3月の参加者数は多くなる傾向が
/// ありました（強い正の相関、ρ = +0.62）。」
pub fn correlation_sentence(
    parameter: &str,
    rho: Option<f64>,
    metric: TargetMetric,
    horizon: &str,
    language: Language,
) -> String {
    let (name, _) = metric_words(metric, language);
    let Some(rho) = rho else {
        return match language {
            Language::En => format!(
                "{parameter}: not defined, because {name} at {horizon} or the parameter does not vary in these runs."
            ),
            Language::Ja => format!(
                "{parameter}：この試行では{horizon}の{name}またはこのパラメータが変化しないため、相関は定義できません。"
            ),
        };
    };
    let strength = correlation_strength(rho, language);
    let rate = matches!(
        metric,
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness
    );
    if rho.abs() < 0.1 {
        return match language {
            Language::En => format!(
                "{parameter} and {name} at {horizon} are hardly related in these runs (ρ = {rho:+.2})."
            ),
            Language::Ja => format!(
                "{parameter}と{horizon}の{name}の間には、この試行ではほとんど相関がありません（ρ = {rho:+.2}）。"
            ),
        };
    }
    match language {
        Language::En => {
            let direction = match (rho > 0.0, metric == TargetMetric::TotalSpending) {
                (true, true) => "to be more",
                (false, true) => "to be less",
                (true, false) => "to be higher",
                (false, false) => "to be lower",
            };
            format!(
                "In futures where {parameter} was drawn higher, {name} at {horizon} tended {direction} \
                 ({strength} correlation, ρ = {rho:+.2})."
            )
        }
        Language::Ja => {
            let direction = match (rho > 0.0, rate) {
                (true, true) => "高く",
                (false, true) => "低く",
                (true, false) => "多く",
                (false, false) => "少なく",
            };
            let sign = if rho > 0.0 { "正" } else { "負" };
            format!(
                "{parameter}が高く抽出された将来ほど、{horizon}の{name}は{direction}なる傾向がありました（{strength}{sign}の相関、ρ = {rho:+.2}）。"
            )
        }
    }
}

// ---------------------------------------------------------------- report

/// A tornado bar with its sentences.
#[derive(Clone, Debug, Serialize)]
pub struct BarReport {
    /// The bar.
    #[serde(flatten)]
    pub bar: TornadoBar,
    /// Its sentence in English.
    pub sentence_en: String,
    /// Its sentence in Japanese.
    pub sentence_ja: String,
}

/// ρ of one parameter with the chosen output.
#[derive(Clone, Debug, Serialize)]
pub struct CorrelationReport {
    /// Parameter name.
    pub parameter: &'static str,
    /// Spearman's ρ; `None` when not defined (no spread).
    pub rho: Option<f64>,
}

/// The sensitivity report of one output (`sasaeai sensitivity`).
#[derive(Clone, Debug, Serialize)]
pub struct SensitivityReport {
    /// Model version.
    pub model_version: u32,
    /// The scenario.
    pub scenario: ScenarioInfo,
    /// The output.
    pub output: TargetMetric,
    /// Label of the horizon's end in English (`March 2030`).
    pub horizon: String,
    /// Seed of the stochastic runs.
    pub seed: u64,
    /// Stochastic runs done.
    pub runs: u64,
    /// Runs whose values entered the rank correlations.
    pub correlation_runs: usize,
    /// The output with every parameter at its point value (expected mode).
    pub base: f64,
    /// Tornado bars, largest swing first.
    pub bars: Vec<BarReport>,
    /// Spearman's ρ per uncertain parameter, largest |ρ| first.
    pub correlations: Vec<CorrelationReport>,
}

/// Build the report of `output` from the tornado runs and the rank
/// correlations of the same plan.
pub fn build_sensitivity_report(
    plan: &Plan,
    scenario: ScenarioInfo,
    output: TargetMetric,
    tornado: &TornadoRuns,
    correlations: &[RankCorrelation],
    samples: &RunSamples,
) -> SensitivityReport {
    let t = tornado.tornado(output);
    let months = plan.months();
    let en = horizon_label(plan.start_fy, months, Language::En);
    let ja = horizon_label(plan.start_fy, months, Language::Ja);
    let bars = t
        .bars
        .into_iter()
        .map(|bar| BarReport {
            sentence_en: bar_sentence(&bar, output, &en, Language::En),
            sentence_ja: bar_sentence(&bar, output, &ja, Language::Ja),
            bar,
        })
        .collect();
    let k = output.index();
    let mut correlations: Vec<CorrelationReport> = correlations
        .iter()
        .map(|c| CorrelationReport {
            parameter: c.parameter,
            rho: c.rho[k],
        })
        .collect();
    correlations.sort_by(|a, b| {
        let abs = |r: Option<f64>| r.map_or(-1.0, f64::abs);
        abs(b.rho).total_cmp(&abs(a.rho))
    });
    SensitivityReport {
        model_version: crate::MODEL_VERSION,
        scenario,
        output,
        horizon: en,
        seed: plan.seed,
        runs: plan.runs,
        correlation_runs: samples.len(),
        base: t.base,
        bars,
        correlations,
    }
}

impl SensitivityReport {
    /// Plain-text table.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let m = self.output;
        let _ = writeln!(
            s,
            "Sensitivity of {} at {} — {}",
            m.key(),
            self.horizon,
            self.scenario.name
        );
        let _ = writeln!(
            s,
            "\nTornado (expected mode; each parameter at its 10th and 90th percentile, the others at point values)"
        );
        let _ = writeln!(s, "  base (point values): {}", value_text(m, self.base));
        if self.bars.is_empty() {
            let _ = writeln!(s, "  no uncertain parameters in this scenario");
        }
        for b in &self.bars {
            let _ = writeln!(
                s,
                "  {:<20} {:>10} → {:<14} {:>10} → {:<14} swing {}",
                b.bar.parameter,
                short_number(b.bar.low_value),
                value_text(m, b.bar.low),
                short_number(b.bar.high_value),
                value_text(m, b.bar.high),
                value_text(m, b.bar.swing)
            );
        }
        let _ = writeln!(s);
        for b in &self.bars {
            let _ = writeln!(s, "  {}", b.sentence_en);
        }
        let _ = writeln!(
            s,
            "\nSpearman rank correlation over {} stochastic runs (seed {})",
            self.correlation_runs, self.seed
        );
        if self.correlations.is_empty() {
            let _ = writeln!(
                s,
                "  none: no sampled parameters (expected mode or all fixed)"
            );
        }
        for c in &self.correlations {
            let _ = writeln!(
                s,
                "  {:<20} {}",
                c.parameter,
                c.rho
                    .map_or_else(|| "not defined".to_string(), |r| format!("{r:+.3}"))
            );
        }
        s
    }

    /// Tidy CSV: `section,parameter,statistic,value`.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("section,parameter,statistic,value\n");
        let _ = writeln!(s, "tornado,,base,{}", self.base);
        for b in &self.bars {
            let p = b.bar.parameter;
            for (statistic, value) in [
                ("low_value", b.bar.low_value),
                ("high_value", b.bar.high_value),
                ("low", b.bar.low),
                ("high", b.bar.high),
                ("swing", b.bar.swing),
            ] {
                let _ = writeln!(s, "tornado,{p},{statistic},{value}");
            }
        }
        for c in &self.correlations {
            let _ = writeln!(
                s,
                "spearman,{},rho,{}",
                c.parameter,
                c.rho.map_or_else(String::new, |r| r.to_string())
            );
        }
        s
    }
}
