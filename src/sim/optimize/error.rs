//! Why a search cannot start or go on: [`OptimizeError`] and the
//! [`BoundsProblem`] of an item of `--bounds`, in English and Japanese.

use std::fmt;

use crate::model::budget::BudgetLine;
use crate::scenario::error::ScenarioErrors;
use crate::scenario::read::number_text;
use crate::scenario::{Bilingual, Text};
use crate::text::format::group_thousands;

/// The spellings of an objective ([`Objective::SPELLINGS`](super::Objective::SPELLINGS)),
/// for messages.
pub(super) const OBJECTIVE_SPELLINGS: &str =
    "all-targets, target:<id>, participants, cost-per-retained";

/// The keys of the budget lines, for messages.
fn line_keys() -> String {
    BudgetLine::ALL.map(BudgetLine::key).join(", ")
}

/// Why a search cannot start or go on.
#[derive(Debug, PartialEq)]
pub enum OptimizeError {
    /// An objective that is not one of the spellings.
    Objective(String),
    /// `target:<id>` names no target of the scenario.
    UnknownTarget {
        /// The id given.
        id: String,
        /// The scenario's target ids.
        known: String,
    },
    /// `all-targets` on a scenario without targets.
    NoTargets,
    /// A bounds item that cannot be read.
    BoundsSyntax {
        /// The item as written.
        item: String,
        /// What is wrong.
        why: BoundsProblem,
    },
    /// A line's bounds outside 0 ≤ lower ≤ upper ≤ 1.
    Bounds {
        /// The line.
        line: &'static str,
        /// Its lower bound.
        lower: f64,
        /// Its upper bound.
        upper: f64,
    },
    /// No allocation inside the bounds sums to 1.
    Infeasible {
        /// Sum of the lower bounds.
        sum_lower: f64,
        /// Sum of the upper bounds.
        sum_upper: f64,
    },
    /// A total that is not a positive amount of yen.
    Total(f64),
    /// A search setting out of range.
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
    ExpectedProbability(String),
    /// A candidate allocation the scenario reader refused.
    Scenario(ScenarioErrors),
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
    fn text(&self) -> Text {
        match self {
            BoundsProblem::Form => Text::new(
                "write line=lower:upper",
                "line=lower:upperの形で書いてください",
            ),
            BoundsProblem::UnknownLine(key) => Text::new(
                format!("unknown line '{key}'; the lines are {}", line_keys()),
                format!("費目'{key}'はありません。費目: {}", line_keys()),
            ),
            BoundsProblem::Range => Text::new(
                "write the range as lower:upper",
                "範囲はlower:upperの形で書いてください",
            ),
            BoundsProblem::NotANumber(s) => Text::new(
                format!("'{s}' is not a number"),
                format!("'{s}'は数値ではありません"),
            ),
        }
    }
}

impl Bilingual for OptimizeError {
    fn text(&self) -> Text {
        match self {
            OptimizeError::Objective(t) => Text::new(
                format!("objective '{t}' is not known; use one of: {OBJECTIVE_SPELLINGS}"),
                format!(
                    "目的'{t}'は使えません。次のいずれかを指定してください: {OBJECTIVE_SPELLINGS}"
                ),
            ),
            OptimizeError::UnknownTarget { id, known } => Text::new(
                format!(
                    "objective target '{id}' is not a target of the scenario; its targets are: {known}"
                ),
                format!("目的の目標'{id}'はこのシナリオの目標にありません。目標: {known}"),
            ),
            OptimizeError::NoTargets => Text::new(
                "objective all-targets needs at least one target in run.targets; the scenario has none",
                "目的all-targetsにはrun.targetsに1つ以上の目標が必要ですが、このシナリオにはありません",
            ),
            OptimizeError::BoundsSyntax { item, why } => {
                let why = why.text();
                Text::new(
                    format!("bounds '{item}': {}", why.en),
                    format!("範囲'{item}': {}", why.ja),
                )
            }
            OptimizeError::Bounds { line, lower, upper } => Text::new(
                format!(
                    "bounds of {line} = {lower}:{upper}: a share's bounds must satisfy 0 ≤ lower ≤ upper ≤ 1"
                ),
                format!(
                    "{line}の範囲 = {lower}:{upper}: 構成比の範囲は0 ≤ 下限 ≤ 上限 ≤ 1にしてください"
                ),
            ),
            OptimizeError::Infeasible {
                sum_lower,
                sum_upper,
            } => Text::new(
                format!(
                    "bounds leave no allocation: the lower bounds sum to {sum_lower} and the upper bounds to {sum_upper}, \
                     but the shares must sum to 1 (lower sum ≤ 1 ≤ upper sum)"
                ),
                format!(
                    "この範囲では配分できません。下限の合計は{sum_lower}、上限の合計は{sum_upper}ですが、構成比の合計は1に\
                     なる必要があります（下限の合計 ≤ 1 ≤ 上限の合計）"
                ),
            ),
            OptimizeError::Total(x) => Text::new(
                format!(
                    "total = {}: the total budget per FY must be yen above 0 and at most 1e15",
                    number_text(*x)
                ),
                format!(
                    "total = {}: 年度あたりの総予算は0円より大きく1e15円以下にしてください",
                    number_text(*x)
                ),
            ),
            OptimizeError::Setting {
                name,
                value,
                min,
                max,
            } => {
                let (min, max) = (group_thousands(*min as i64), group_thousands(*max as i64));
                Text::new(
                    format!("{name} = {value}: allowed {min} to {max}"),
                    format!("{name} = {value}: {min}〜{max}の範囲で指定してください"),
                )
            }
            OptimizeError::ExpectedProbability(o) => Text::new(
                format!(
                    "objective {o} is a probability, and in expected mode it can only be 0 or 1; run the search in stochastic mode"
                ),
                format!(
                    "目的{o}は確率なので、期待値モードでは0か1にしかなりません。確率的モード（stochastic）で探索してください"
                ),
            ),
            OptimizeError::Scenario(e) => e.text(),
        }
    }
}

/// The English message.
impl fmt::Display for OptimizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for OptimizeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OptimizeError::Scenario(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ScenarioErrors> for OptimizeError {
    fn from(e: ScenarioErrors) -> Self {
        OptimizeError::Scenario(e)
    }
}
