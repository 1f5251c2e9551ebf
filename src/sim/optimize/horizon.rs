//! The start and the best split side by side on the validation runs,
//! beyond the objective: every target's probability and every horizon
//! figure's mean.

use serde::{Deserialize, Serialize};

use crate::scenario::plan::value_text;
use crate::scenario::plan::{Target, TargetMetric};
use crate::sim::stats::Proportion;

use super::score::Tally;

/// A fall in a target's probability from the start to the best split
/// larger than this is pointed out ([`HorizonComparison::worse`]).
pub const WORSE_BY: f64 = 0.05;

/// The start and the best split side by side on the validation runs,
/// beyond the objective: a split that wins on one target can lose on
/// another.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HorizonComparison {
    /// Every target of the scenario: P(met) for the start and the best split.
    pub targets: Vec<TargetSides>,
    /// Every horizon figure: its mean over the runs for both.
    pub figures: Vec<FigureSides>,
}

/// One target's probability for the start and the best split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetSides {
    /// The target's id.
    pub id: String,
    /// The figure it judges.
    pub metric: TargetMetric,
    /// P(met) with the start.
    pub start: f64,
    /// P(met) with the best split.
    pub best: f64,
}

/// One horizon figure's mean for the start and the best split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureSides {
    /// The figure.
    pub metric: TargetMetric,
    /// Mean with the start.
    pub start: f64,
    /// Mean with the best split.
    pub best: f64,
}

impl HorizonComparison {
    /// The comparison of the validation runs of the start and the best
    /// split of a plan with `targets`.
    pub(super) fn new(targets: &[Target], start: &Tally, best: &Tally) -> Self {
        let p = |t: &Tally, k: usize| t.met.get(k).map_or(0.0, Proportion::probability);
        HorizonComparison {
            targets: targets
                .iter()
                .enumerate()
                .map(|(k, t)| TargetSides {
                    id: t.id.clone(),
                    metric: t.metric,
                    start: p(start, k),
                    best: p(best, k),
                })
                .collect(),
            figures: TargetMetric::ALL
                .iter()
                .enumerate()
                .map(|(k, &metric)| FigureSides {
                    metric,
                    start: start.mean(k),
                    best: best.mean(k),
                })
                .collect(),
        }
    }

    /// The targets whose probability falls by more than [`WORSE_BY`] from
    /// the start to the best split.
    pub fn worse(&self) -> Vec<&TargetSides> {
        self.targets
            .iter()
            .filter(|t| t.start - t.best > WORSE_BY)
            .collect()
    }

    /// The horizon lines of [`OptimizeReport::to_table`] and the note on
    /// targets made less likely.
    ///
    /// [`OptimizeReport::to_table`]: super::OptimizeReport::to_table
    pub(super) fn write_table(&self, s: &mut String) {
        use std::fmt::Write as _;
        let _ = writeln!(
            s,
            "\nat the horizon (fresh runs)  {:>16} {:>16}",
            "start", "best"
        );
        for t in &self.targets {
            let _ = writeln!(
                s,
                "  {:<26} {:>16.3} {:>16.3}",
                format!("P({} met)", t.id),
                t.start,
                t.best
            );
        }
        for f in &self.figures {
            let _ = writeln!(
                s,
                "  {:<26} {:>16} {:>16}",
                format!("{} (mean)", f.metric.key()),
                value_text(f.metric, f.start),
                value_text(f.metric, f.best)
            );
        }
        let worse: Vec<String> = self
            .worse()
            .iter()
            .map(|t| format!("{} ({:.3} → {:.3})", t.id, t.start, t.best))
            .collect();
        if !worse.is_empty() {
            let _ = writeln!(
                s,
                "\nnote: the best split makes these targets less likely than the start: {}. \
                 Bounds on the lines (--bounds) or another objective can keep them.",
                worse.join(", ")
            );
        }
    }
}
