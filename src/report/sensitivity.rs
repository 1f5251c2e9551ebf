//! The sensitivity report: the tornado of expected-mode swings and the rank
//! correlations over stochastic runs, each bar and coefficient with a
//! sentence in English and Japanese, as JSON, a table and CSV.

use std::fmt::Write as _;

use serde::Serialize;

use crate::scenario::ScenarioInfo;
use crate::scenario::plan::{Plan, TargetMetric, value_text};
use crate::sim::sensitivity::{RankCorrelation, RunSamples, TornadoBar, TornadoRuns};
use crate::text::Lang;
use crate::text::format::{group_thousands, month_text, year_month, yen_millions};

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
pub fn horizon_label(start_fy: i32, months: usize, language: Lang) -> String {
    let (year, month) = year_month(start_fy, months.saturating_sub(1));
    match language {
        Lang::En => month_text(Lang::En, year, month),
        Lang::Ja => format!("{year}年{month}月"),
    }
}

/// The plain name of a parameter for people reading the app (`Participants
/// per site`, `拠点1か所あたりの定員`): short enough for a chart label. The
/// identifier (`site_capacity`) stays in files, outputs of the command-line
/// tool and tooltips. An unknown name is returned as it is.
pub fn parameter_label(name: &str, language: Lang) -> String {
    let (_, en, ja) = PARAMETER_LABELS
        .iter()
        .find(|(id, _, _)| *id == name)
        .copied()
        .unwrap_or((name, name, name));
    match language {
        Lang::En => en.to_string(),
        Lang::Ja => ja.to_string(),
    }
}

/// Parameter ids with their plain names in English and Japanese.
const PARAMETER_LABELS: &[(&str, &str, &str)] = &[
    (
        "need_rate",
        "Share of residents in need",
        "支援を必要とする住民の割合",
    ),
    ("c0", "Continuation at the status quo", "現状の継続率"),
    (
        "beta_tau",
        "Continuation gain from training",
        "研修による継続率の上昇",
    ),
    (
        "beta_grant",
        "Continuation gain from grants",
        "助成による継続率の上昇",
    ),
    (
        "beta_sup",
        "Continuation gain from supervision",
        "スーパービジョンによる継続率の上昇",
    ),
    (
        "beta_incentive",
        "Continuation change from outcome-linked rules",
        "成果連動による継続率の変化",
    ),
    ("c_min", "Lowest continuation", "継続率の下限"),
    ("c_max", "Highest continuation", "継続率の上限"),
    (
        "eps_bases",
        "Demand response to sites",
        "拠点数に対する需要の弾力性",
    ),
    ("density_ref", "Reference site density", "拠点密度の基準値"),
    (
        "beta_staff",
        "Demand boost from staff",
        "専任職員による需要の押し上げ",
    ),
    (
        "staff_half",
        "Staff for most of the staff boost",
        "職員効果がほぼ出そろう職員数",
    ),
    (
        "caseload",
        "Participants per supporter",
        "ピアサポーター1人あたりの参加者数",
    ),
    (
        "site_capacity",
        "Participants per site",
        "拠点1か所あたりの定員",
    ),
    (
        "sup_cont_untrained",
        "Continuation of untrained supporters",
        "研修未修了ピアサポーターの継続率",
    ),
    (
        "sup_cont_certified",
        "Continuation of certified supporters",
        "研修修了ピアサポーターの継続率",
    ),
    (
        "beta_burnout",
        "Fewer supporters leaving with supervision",
        "スーパービジョンによる離脱の減少",
    ),
    ("a_max", "Highest awareness", "認知度の上限"),
    (
        "a_floor",
        "Awareness without publicity",
        "普及啓発なしの認知度",
    ),
    ("a_decay", "Monthly fall of awareness", "認知度の月間減衰率"),
    (
        "a_half",
        "Publicity spending for most of its effect",
        "普及啓発の効果がほぼ出そろう月額",
    ),
    ("s0", "Satisfaction at the status quo", "現状の満足度"),
    (
        "beta_sat_tau",
        "Satisfaction gain from training",
        "研修による満足度の上昇",
    ),
    (
        "beta_sat_grant",
        "Satisfaction gain from grants",
        "助成による満足度の上昇",
    ),
    (
        "phi_wom",
        "Share joining by word of mouth",
        "口コミで参加する割合",
    ),
    (
        "rho_ref",
        "Referrals per staff member",
        "専任職員1人あたりの月間紹介数",
    ),
    (
        "nu_newcomer",
        "Training seats filled by newcomers",
        "研修枠を新たな担い手が埋める割合",
    ),
    (
        "leader_places",
        "Places per certified supporter outside sites",
        "研修修了者1人あたりの拠点外の受け入れ枠",
    ),
    (
        "online_capacity",
        "Places per online group",
        "オンライングループ1つあたりの定員",
    ),
    (
        "kappa_online",
        "Weight of online groups in site density",
        "拠点密度に占めるオンラインの重み",
    ),
    (
        "beta_crowd",
        "Continuation lost to crowding",
        "混雑による継続率の低下",
    ),
    (
        "beta_sat_crowd",
        "Satisfaction lost to crowding",
        "混雑による満足度の低下",
    ),
];

/// How a metric is named and measured in a sentence.
pub(crate) fn metric_words(metric: TargetMetric, language: Lang) -> (&'static str, bool) {
    // (name, plural) in English; plural is unused in Japanese.
    match (metric, language) {
        (TargetMetric::Participants, Lang::En) => ("participants", true),
        (TargetMetric::Continuation, Lang::En) => ("FY continuation", false),
        (TargetMetric::Satisfaction, Lang::En) => ("satisfaction", false),
        (TargetMetric::Awareness, Lang::En) => ("awareness", false),
        (TargetMetric::Certified, Lang::En) => ("certified supporters", true),
        (TargetMetric::Untrained, Lang::En) => ("untrained supporters", true),
        (TargetMetric::Supporters, Lang::En) => ("supporters", true),
        (TargetMetric::Waitlist, Lang::En) => ("the waitlist", false),
        (TargetMetric::TotalSpending, Lang::En) => ("spending over the horizon", false),
        (TargetMetric::Participants, Lang::Ja) => ("参加者数", false),
        (TargetMetric::Continuation, Lang::Ja) => ("年度継続率", false),
        (TargetMetric::Satisfaction, Lang::Ja) => ("満足度", false),
        (TargetMetric::Awareness, Lang::Ja) => ("認知度", false),
        (TargetMetric::Certified, Lang::Ja) => ("研修修了ピアサポーター数", false),
        (TargetMetric::Untrained, Lang::Ja) => ("研修未修了ピアサポーター数", false),
        (TargetMetric::Supporters, Lang::Ja) => ("ピアサポーター数", false),
        (TargetMetric::Waitlist, Lang::Ja) => ("待機者数", false),
        (TargetMetric::TotalSpending, Lang::Ja) => ("期間中の支出", false),
    }
}

/// The size of a change of `metric` in words (`3,100`, `1.2 percentage
/// points`, `¥12.3 M`; `3,100人`, `1.2ポイント`, `1,230万円`), unsigned.
fn change_amount(metric: TargetMetric, change: f64, language: Lang) -> String {
    let x = change.abs();
    match (metric, language) {
        (
            TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness,
            Lang::En,
        ) => format!("{:.1} percentage points", x * 100.0),
        (
            TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness,
            Lang::Ja,
        ) => format!("{:.1}ポイント", x * 100.0),
        (TargetMetric::TotalSpending, Lang::En) => yen_millions(x),
        (TargetMetric::TotalSpending, Lang::Ja) => {
            format!("{}万円", group_thousands((x / 1e4).round() as i64))
        }
        (_, Lang::En) => rounded_count(x),
        (_, Lang::Ja) => format!("{}人", rounded_count(x)),
    }
}

/// Whether `change` shows as zero in [`change_amount`].
fn rounds_to_zero(metric: TargetMetric, change: f64, language: Lang) -> bool {
    let x = change.abs();
    match (metric, language) {
        (TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness, _) => {
            x * 100.0 < 0.05
        }
        (TargetMetric::TotalSpending, Lang::En) => x / 1e6 < 0.05,
        (TargetMetric::TotalSpending, Lang::Ja) => x / 1e4 < 0.5,
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
    language: Lang,
) -> String {
    bar_sentence_about(bar, bar.parameter, metric, horizon, language)
}

/// [`bar_sentence`] with the parameter's plain name in quotes
/// ([`parameter_label`]) instead of its identifier, for the app: "If
/// “Demand boost from staff” is at its 90th percentile …" and
/// 「「専任職員による需要の押し上げ」が10パーセンタイル…」.
pub fn bar_sentence_plain(
    bar: &TornadoBar,
    metric: TargetMetric,
    horizon: &str,
    language: Lang,
) -> String {
    let name = quoted(&parameter_label(bar.parameter, language), language);
    bar_sentence_about(bar, &name, metric, horizon, language)
}

/// A plain name in quotes: “…” in English, 「…」 in Japanese.
fn quoted(name: &str, language: Lang) -> String {
    match language {
        Lang::En => format!("“{name}”"),
        Lang::Ja => format!("「{name}」"),
    }
}

fn bar_sentence_about(
    bar: &TornadoBar,
    p: &str,
    metric: TargetMetric,
    horizon: &str,
    language: Lang,
) -> String {
    let change = bar.high - bar.low;
    let (name, plural) = metric_words(metric, language);
    let amount = change_amount(metric, change, language);
    let (hi, lo) = (short_number(bar.high_value), short_number(bar.low_value));
    let rate = matches!(
        metric,
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness
    );
    let unchanged = rounds_to_zero(metric, change, language);
    match language {
        Lang::En => {
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
        Lang::Ja => {
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
pub fn correlation_strength(rho: f64, language: Lang) -> &'static str {
    let r = rho.abs();
    match language {
        Lang::En if r >= 0.5 => "strong",
        Lang::En if r >= 0.3 => "moderate",
        Lang::En if r >= 0.1 => "weak",
        Lang::En => "hardly any",
        Lang::Ja if r >= 0.5 => "強い",
        Lang::Ja if r >= 0.3 => "中程度の",
        Lang::Ja if r >= 0.1 => "弱い",
        Lang::Ja => "ほとんどない",
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
    language: Lang,
) -> String {
    correlation_sentence_about(parameter, rho, metric, horizon, language)
}

/// [`correlation_sentence`] with the parameter's plain name in quotes
/// ([`parameter_label`]) instead of its identifier, for the app.
pub fn correlation_sentence_plain(
    parameter: &str,
    rho: Option<f64>,
    metric: TargetMetric,
    horizon: &str,
    language: Lang,
) -> String {
    let name = quoted(&parameter_label(parameter, language), language);
    correlation_sentence_about(&name, rho, metric, horizon, language)
}

fn correlation_sentence_about(
    parameter: &str,
    rho: Option<f64>,
    metric: TargetMetric,
    horizon: &str,
    language: Lang,
) -> String {
    let (name, _) = metric_words(metric, language);
    let Some(rho) = rho else {
        return match language {
            Lang::En => format!(
                "{parameter}: not defined, because {name} at {horizon} or the parameter does not vary in these runs."
            ),
            Lang::Ja => format!(
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
            Lang::En => format!(
                "{parameter} and {name} at {horizon} are hardly related in these runs (ρ = {rho:+.2})."
            ),
            Lang::Ja => format!(
                "{parameter}と{horizon}の{name}の間には、この試行ではほとんど相関がありません（ρ = {rho:+.2}）。"
            ),
        };
    }
    match language {
        Lang::En => {
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
        Lang::Ja => {
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
    let en = horizon_label(plan.start_fy, months, Lang::En);
    let ja = horizon_label(plan.start_fy, months, Lang::Ja);
    let bars = t
        .bars
        .into_iter()
        .map(|bar| BarReport {
            sentence_en: bar_sentence(&bar, output, &en, Lang::En),
            sentence_ja: bar_sentence(&bar, output, &ja, Lang::Ja),
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
        model_version: u32::from(plan.model.version),
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

#[cfg(test)]
mod label_tests {
    use super::*;
    use crate::model::Param;

    #[test]
    fn every_parameter_has_a_plain_name_in_both_languages() {
        for p in Param::ALL {
            for language in [Lang::En, Lang::Ja] {
                let label = parameter_label(p.name(), language);
                assert_ne!(label, p.name(), "{language:?}");
                assert!(!label.contains('_'), "{label}");
            }
        }
        assert_eq!(
            parameter_label("site_capacity", Lang::Ja),
            "拠点1か所あたりの定員"
        );
    }
}
