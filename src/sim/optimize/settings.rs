//! What a search is asked to do: the [`Objective`] (read from its
//! spelling), the [`LineBounds`] of the shares (read from `--bounds`) and
//! the [`OptimizeSettings`] with their allowed ranges.

use crate::model::LINE_COUNT;
use serde::{Deserialize, Serialize};

use crate::model::budget::{BudgetLine, Lines};

use super::error::{BoundsProblem, OBJECTIVE_SPELLINGS, OptimizeError};

/// What the optimiser maximises or minimises.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    /// P(every target is met at the horizon).
    AllTargets,
    /// P(the target with this id is met at the horizon).
    Target(String),
    /// Expected participants at the horizon.
    Participants,
    /// Spending per retained participant-year (lower is better).
    CostPerRetained,
}

impl Objective {
    /// The accepted spellings, for messages.
    pub const SPELLINGS: &'static str = OBJECTIVE_SPELLINGS;

    /// Read `all-targets`, `target:<id>`, `participants` or `cost-per-retained`.
    pub fn parse(text: &str) -> Result<Self, OptimizeError> {
        match text.trim() {
            "all-targets" => Ok(Objective::AllTargets),
            "participants" => Ok(Objective::Participants),
            "cost-per-retained" => Ok(Objective::CostPerRetained),
            t => match t.strip_prefix("target:") {
                Some(id) if !id.trim().is_empty() => Ok(Objective::Target(id.trim().to_string())),
                _ => Err(OptimizeError::Objective(text.to_string())),
            },
        }
    }

    /// The spelling [`Objective::parse`] reads.
    pub fn key(&self) -> String {
        match self {
            Objective::AllTargets => "all-targets".into(),
            Objective::Target(id) => format!("target:{id}"),
            Objective::Participants => "participants".into(),
            Objective::CostPerRetained => "cost-per-retained".into(),
        }
    }

    /// Whether larger values are better.
    pub fn maximise(&self) -> bool {
        !matches!(self, Objective::CostPerRetained)
    }

    /// Whether the objective is a probability.
    pub fn is_probability(&self) -> bool {
        matches!(self, Objective::AllTargets | Objective::Target(_))
    }
}

/// Lower and upper bounds of each line's share.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineBounds {
    /// Smallest share of each line.
    pub lower: Lines,
    /// Largest share of each line.
    pub upper: Lines,
}

impl Default for LineBounds {
    fn default() -> Self {
        LineBounds {
            lower: Lines([0.0; LINE_COUNT]),
            upper: Lines([1.0; LINE_COUNT]),
        }
    }
}

impl LineBounds {
    /// Read `line=lower:upper` pairs separated by commas (for example
    /// `staff=0.05:0.3,grants=0.2:0.8`); lines not named keep 0–1.
    pub fn parse(text: &str) -> Result<Self, OptimizeError> {
        let mut bounds = LineBounds::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let bad = |why: BoundsProblem| OptimizeError::BoundsSyntax {
                item: item.to_string(),
                why,
            };
            let (key, range) = item
                .split_once('=')
                .ok_or_else(|| bad(BoundsProblem::Form))?;
            let line = BudgetLine::from_key(key.trim())
                .ok_or_else(|| bad(BoundsProblem::UnknownLine(key.trim().to_string())))?;
            let (lo, hi) = range
                .split_once(':')
                .ok_or_else(|| bad(BoundsProblem::Range))?;
            let number = |s: &str| {
                s.trim()
                    .parse::<f64>()
                    .map_err(|_| bad(BoundsProblem::NotANumber(s.trim().to_string())))
            };
            bounds.lower.set(line, number(lo)?);
            bounds.upper.set(line, number(hi)?);
        }
        bounds.check()?;
        Ok(bounds)
    }

    /// Every bound in [0, 1], lower ≤ upper, and some allocation inside.
    pub fn check(&self) -> Result<(), OptimizeError> {
        for line in BudgetLine::ALL {
            let (lo, hi) = (self.lower.get(line), self.upper.get(line));
            if !(lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo <= hi && hi <= 1.0) {
                return Err(OptimizeError::Bounds {
                    line: line.key(),
                    lower: lo,
                    upper: hi,
                });
            }
        }
        let (sum_lower, sum_upper) = (self.lower.total(), self.upper.total());
        if sum_lower > 1.0 + 1e-12 || sum_upper < 1.0 - 1e-12 {
            return Err(OptimizeError::Infeasible {
                sum_lower,
                sum_upper,
            });
        }
        Ok(())
    }
}

/// Settings of a search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizeSettings {
    /// What to maximise or minimise.
    pub objective: Objective,
    /// Total budget per FY in yen (the scenario's first-FY total when absent).
    pub total: Option<f64>,
    /// Bounds of the line shares.
    pub bounds: LineBounds,
    /// Whether to search the spread over wards too.
    pub search_spread: bool,
    /// Iterations of the cross-entropy method.
    pub iterations: usize,
    /// Allocations tried per iteration.
    pub candidates: usize,
    /// Runs per allocation (common to all allocations).
    pub runs_per_candidate: u64,
    /// Runs of the validation of the best allocation and of the start.
    pub validation_runs: u64,
}

impl OptimizeSettings {
    /// Iterations, candidates and runs within their allowed ranges.
    pub(super) fn check_ranges(&self) -> Result<(), OptimizeError> {
        for (name, value, min, max) in [
            ("iterations", self.iterations as u64, 1, 200),
            ("candidates", self.candidates as u64, 4, 200),
            ("runs_per_candidate", self.runs_per_candidate, 1, 100_000),
            ("validation_runs", self.validation_runs, 2, 1_000_000),
        ] {
            if !(min..=max).contains(&value) {
                return Err(OptimizeError::Setting {
                    name,
                    value,
                    min,
                    max,
                });
            }
        }
        Ok(())
    }
}

impl Default for OptimizeSettings {
    fn default() -> Self {
        OptimizeSettings {
            objective: Objective::AllTargets,
            total: None,
            bounds: LineBounds::default(),
            search_spread: false,
            iterations: 10,
            candidates: 12,
            runs_per_candidate: 120,
            validation_runs: 1000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_names_what_is_wrong() {
        assert_eq!(
            Objective::parse("target:participants").unwrap(),
            Objective::Target("participants".into())
        );
        let e = Objective::parse("fastest").unwrap_err().to_string();
        assert!(e.contains("fastest") && e.contains("all-targets"), "{e}");
        let b = LineBounds::parse("staff=0.05:0.3, grants=0.2:0.8").unwrap();
        assert_eq!(b.lower.get(BudgetLine::Staff), 0.05);
        assert_eq!(b.upper.get(BudgetLine::Grants), 0.8);
        let e = LineBounds::parse("staf=0:1").unwrap_err().to_string();
        assert!(e.contains("staf") && e.contains("training"), "{e}");
        let e = LineBounds::parse("staff=0.5:0.2").unwrap_err().to_string();
        assert!(e.contains("staff") && e.contains("0.5"), "{e}");
        let e = LineBounds::parse("staff=0.3:1,training=0.3:1,grants=0.5:1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("1.1") && e.contains("sum"), "{e}");
    }
}
