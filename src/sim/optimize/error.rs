//! Why a search cannot start or go on: [`OptimizeError`] and the
//! [`BoundsProblem`] of an item of `--bounds`, in English and Japanese.

use crate::model::budget::BudgetLine;
use crate::scenario::Bilingual;
use crate::scenario::error::ScenarioErrors;
use crate::scenario::read::number_text;
use crate::text::format::group_thousands;

/// The spellings of the objectives [`super::Objective::parse`] reads, for
/// messages.
pub const OBJECTIVE_SPELLINGS: &str = "all-targets, target:<id>, participants, cost-per-retained";

/// The keys of the budget lines, for messages.
fn line_keys() -> String {
    BudgetLine::ALL.map(BudgetLine::key).join(", ")
}

/// Why a search cannot start or go on.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OptimizeError {
    /// An objective that is not one of the spellings.
    #[error("objective '{0}' is not known; use one of: {spellings}", spellings = OBJECTIVE_SPELLINGS)]
    Objective(String),
    /// `target:<id>` names no target of the scenario.
    #[error("objective target '{id}' is not a target of the scenario; its targets are: {known}")]
    UnknownTarget {
        /// The id given.
        id: String,
        /// The scenario's target ids.
        known: String,
    },
    /// `all-targets` on a scenario without targets.
    #[error(
        "objective all-targets needs at least one target in run.targets; the scenario has none"
    )]
    NoTargets,
    /// A bounds item that cannot be read.
    #[error("bounds '{item}': {}", why.en())]
    BoundsSyntax {
        /// The item as written.
        item: String,
        /// What is wrong.
        why: BoundsProblem,
    },
    /// A line's bounds outside 0 ≤ lower ≤ upper ≤ 1.
    #[error(
        "bounds of {line} = {lower}:{upper}: a share's bounds must satisfy 0 ≤ lower ≤ upper ≤ 1"
    )]
    Bounds {
        /// The line.
        line: &'static str,
        /// Its lower bound.
        lower: f64,
        /// Its upper bound.
        upper: f64,
    },
    /// No allocation inside the bounds sums to 1.
    #[error(
        "bounds leave no allocation: the lower bounds sum to {sum_lower} and the upper bounds to {sum_upper}, \
         but the shares must sum to 1 (lower sum ≤ 1 ≤ upper sum)"
    )]
    Infeasible {
        /// Sum of the lower bounds.
        sum_lower: f64,
        /// Sum of the upper bounds.
        sum_upper: f64,
    },
    /// A total that is not a positive amount of yen.
    #[error("total = {}: the total budget per FY must be yen above 0 and at most 1e15", number_text(*.0))]
    Total(f64),
    /// A search setting out of range.
    #[error("{name} = {value}: allowed {} to {}", group_thousands(*min as i64), group_thousands(*max as i64))]
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
    #[error(
        "objective {0} is a probability, and in expected mode it can only be 0 or 1; run the search in stochastic mode"
    )]
    ExpectedProbability(String),
    /// A candidate allocation the scenario reader refused.
    #[error("{0}")]
    Scenario(#[from] ScenarioErrors),
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
    fn en(&self) -> String {
        match self {
            BoundsProblem::Form => "write line=lower:upper".into(),
            BoundsProblem::UnknownLine(key) => {
                format!("unknown line '{key}'; the lines are {}", line_keys())
            }
            BoundsProblem::Range => "write the range as lower:upper".into(),
            BoundsProblem::NotANumber(s) => format!("'{s}' is not a number"),
        }
    }

    fn ja(&self) -> String {
        match self {
            BoundsProblem::Form => "line=lower:upperの形で書いてください".into(),
            BoundsProblem::UnknownLine(key) => {
                format!("費目'{key}'はありません。費目: {}", line_keys())
            }
            BoundsProblem::Range => "範囲はlower:upperの形で書いてください".into(),
            BoundsProblem::NotANumber(s) => format!("'{s}'は数値ではありません"),
        }
    }
}

impl Bilingual for OptimizeError {
    fn en(&self) -> String {
        self.to_string()
    }

    fn ja(&self) -> String {
        match self {
            OptimizeError::Objective(t) => format!(
                "目的'{t}'は使えません。次のいずれかを指定してください: {}",
                OBJECTIVE_SPELLINGS
            ),
            OptimizeError::UnknownTarget { id, known } => {
                format!("目的の目標'{id}'はこのシナリオの目標にありません。目標: {known}")
            }
            OptimizeError::NoTargets => {
                "目的all-targetsにはrun.targetsに1つ以上の目標が必要ですが、このシナリオにはありません"
                    .into()
            }
            OptimizeError::BoundsSyntax { item, why } => format!("範囲'{item}': {}", why.ja()),
            OptimizeError::Bounds { line, lower, upper } => format!(
                "{line}の範囲 = {lower}:{upper}: 構成比の範囲は0 ≤ 下限 ≤ 上限 ≤ 1にしてください"
            ),
            OptimizeError::Infeasible {
                sum_lower,
                sum_upper,
            } => format!(
                "この範囲では配分できません。下限の合計は{sum_lower}、上限の合計は{sum_upper}ですが、構成比の合計は1に\
                 なる必要があります（下限の合計 ≤ 1 ≤ 上限の合計）"
            ),
            OptimizeError::Total(x) => {
                format!(
                    "total = {}: 年度あたりの総予算は0円より大きく1e15円以下にしてください",
                    number_text(*x)
                )
            }
            OptimizeError::Setting {
                name,
                value,
                min,
                max,
            } => format!(
                "{name} = {value}: {}〜{}の範囲で指定してください",
                group_thousands(*min as i64),
                group_thousands(*max as i64)
            ),
            OptimizeError::ExpectedProbability(o) => format!(
                "目的{o}は確率なので、期待値モードでは0か1にしかなりません。確率的モード（stochastic）で探索してください"
            ),
            OptimizeError::Scenario(e) => e.ja(),
        }
    }
}
