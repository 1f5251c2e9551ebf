//! The structure comparison's report (docs/model.md §9.7): each target's
//! P(met) and the median of its figure at the horizon under every model
//! structure, with a sentence per structure in English and Japanese, as
//! JSON and a table.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::Mechanisms;
use crate::scenario::ScenarioInfo;
use crate::scenario::plan::{Direction, Mode, Plan, Target, value_text};
use crate::sim::Accumulator;
use crate::sim::series::rounded;
use crate::sim::structure::Structure;
use crate::text::Lang;
use crate::text::format::group_thousands;

use super::sensitivity::{horizon_label, metric_words};

/// The structure comparison of one scenario.
#[derive(Clone, Debug, Serialize)]
pub struct StructureReport {
    /// The scenario.
    pub scenario: ScenarioInfo,
    /// Expected or stochastic.
    pub mode: Mode,
    /// Seed shared by every structure (the runs are paired).
    pub seed: u64,
    /// Runs per structure.
    pub runs: u64,
    /// The horizon's last month, in English (`March 2030`).
    pub horizon: String,
    /// The targets judged.
    pub targets: Vec<Target>,
    /// One row per structure: all mechanisms, each one off, version 1.
    pub structures: Vec<StructureRow>,
}

/// One structure's results.
#[derive(Clone, Debug, Serialize)]
pub struct StructureRow {
    /// `all`, `without_<mechanism>` or `version_1`.
    pub key: String,
    /// Plain name in English.
    pub label_en: String,
    /// Plain name in Japanese.
    pub label_ja: String,
    /// Model version it ran.
    pub model_version: u8,
    /// The switches it ran with.
    pub mechanisms: Mechanisms,
    /// Each target, in the scenario's order.
    pub targets: Vec<StructureTarget>,
    /// What the row says, in English.
    pub sentence_en: String,
    /// The same in Japanese.
    pub sentence_ja: String,
}

/// One target under one structure.
#[derive(Clone, Debug, Serialize)]
pub struct StructureTarget {
    /// Target id.
    pub id: String,
    /// P(met) at the horizon.
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub std_error: f64,
    /// Median of the target's figure at the horizon.
    pub median: f64,
}

/// The report of `plan` run under each structure of `results` (paired:
/// the same seed and runs).
pub fn build_structure_report(
    plan: &Plan,
    scenario: ScenarioInfo,
    results: &[(Structure, Accumulator)],
) -> StructureReport {
    let rows: Vec<StructureRow> = results
        .iter()
        .map(|(s, acc)| {
            let model = s.model();
            StructureRow {
                key: s.key(),
                label_en: s.label(Lang::En),
                label_ja: s.label(Lang::Ja),
                model_version: model.version,
                mechanisms: model.mechanisms,
                targets: plan
                    .targets
                    .iter()
                    .zip(&acc.targets)
                    .zip(&acc.target_values)
                    .map(|((t, p), v)| StructureTarget {
                        id: t.id.clone(),
                        probability: p.probability(),
                        std_error: p.std_error(),
                        median: rounded(v.stats()).p50,
                    })
                    .collect(),
                sentence_en: String::new(),
                sentence_ja: String::new(),
            }
        })
        .collect();
    let mut report = StructureReport {
        scenario,
        mode: plan.mode,
        seed: plan.seed,
        runs: results.first().map_or(0, |(_, a)| a.runs),
        horizon: horizon_label(plan.start_fy, plan.months(), Lang::En),
        targets: plan.targets.clone(),
        structures: rows,
    };
    let ja = horizon_label(plan.start_fy, plan.months(), Lang::Ja);
    for i in 0..report.structures.len() {
        report.structures[i].sentence_en = report.sentence(i, Lang::En, &report.horizon);
        report.structures[i].sentence_ja = report.sentence(i, Lang::Ja, &ja);
    }
    report
}

/// A difference of points with its sign: `+1.2`, `−40.2`, `±0.0`.
fn signed(x: f64) -> String {
    let r = format!("{:.1}", x.abs());
    if r == "0.0" {
        "±0.0".into()
    } else if x > 0.0 {
        format!("+{r}")
    } else {
        format!("−{r}")
    }
}

/// `≥ 42,600` or `≤ 10.0 %`.
fn threshold_text(t: &Target) -> String {
    let op = match t.direction {
        Direction::AtLeast => "≥",
        Direction::AtMost => "≤",
    };
    format!("{op} {}", value_text(t.metric, t.threshold))
}

impl StructureReport {
    /// The sentence of row `i` about the first target: its P(met), the
    /// difference from all mechanisms, and the median at the horizon,
    /// named `horizon` (the app names it in the era calendar).
    pub fn sentence(&self, i: usize, lang: Lang, horizon: &str) -> String {
        let row = &self.structures[i];
        let (Some(t), Some(r)) = (self.targets.first(), row.targets.first()) else {
            return String::new();
        };
        let name = metric_words(t.metric, lang).0;
        let p = r.probability * 100.0;
        let median = value_text(t.metric, r.median);
        let base = self.structures[0]
            .targets
            .first()
            .map_or(0.0, |b| b.probability)
            * 100.0;
        let diff = p - base;
        let label = match lang {
            Lang::En => row.label_en.clone(),
            Lang::Ja => row.label_ja.clone(),
        };
        match (lang, i) {
            (Lang::En, 0) => format!(
                "{label}: P({name} {}) is {p:.1} %; the median in {horizon} is {median}.",
                threshold_text(t)
            ),
            (Lang::En, _) => format!(
                "{label}: P({name} {}) is {p:.1} % ({} points against all mechanisms); the median in {horizon} is {median}.",
                threshold_text(t),
                signed(diff)
            ),
            (Lang::Ja, 0) => format!(
                "{label}：{name}{}の達成確率は{p:.1}%、{horizon}の中央値は{median}です。",
                threshold_text(t)
            ),
            (Lang::Ja, _) => format!(
                "{label}：{name}{}の達成確率は{p:.1}%（すべての仕組みと比べて{}ポイント）、{horizon}の中央値は{median}です。",
                threshold_text(t),
                signed(diff)
            ),
        }
    }

    /// A plain-text summary for the terminal.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} — {}", self.scenario.name, self.scenario.title);
        let _ = writeln!(
            s,
            "structure comparison · {} paired run{} per structure · seed {} · horizon {}",
            group_thousands(self.runs as i64),
            if self.runs == 1 { "" } else { "s" },
            self.seed,
            self.horizon
        );
        let width = 2 + self
            .structures
            .iter()
            .map(|r| r.label_en.chars().count())
            .max()
            .unwrap_or(0)
            .max(24);
        let heads: Vec<String> = self
            .targets
            .iter()
            .map(|t| format!("{} {}", t.id, threshold_text(t)))
            .collect();
        let cols: Vec<usize> = heads.iter().map(|h| h.chars().count().max(10)).collect();
        let _ = write!(s, "\n{:<width$}", "P(met)");
        for (h, w) in heads.iter().zip(&cols) {
            let _ = write!(s, "  {h:>w$}");
        }
        s.push('\n');
        for row in &self.structures {
            let _ = write!(s, "  {:<w$}", row.label_en, w = width - 2);
            for (r, w) in row.targets.iter().zip(&cols) {
                let _ = write!(s, "  {:>w$}", format!("{:.1} %", r.probability * 100.0));
            }
            s.push('\n');
        }
        let _ = write!(s, "\n{:<width$}", format!("Medians in {}", self.horizon));
        for (t, w) in self.targets.iter().zip(&cols) {
            let _ = write!(s, "  {:>w$}", t.id);
        }
        s.push('\n');
        for row in &self.structures {
            let _ = write!(s, "  {:<w$}", row.label_en, w = width - 2);
            for ((t, r), w) in self.targets.iter().zip(&row.targets).zip(&cols) {
                let _ = write!(s, "  {:>w$}", value_text(t.metric, r.median));
            }
            s.push('\n');
        }
        s.push('\n');
        for row in &self.structures {
            let _ = writeln!(s, "  {}", row.sentence_en);
        }
        s
    }

    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
