//! The margin to the target(s) of a probability objective on the
//! validation runs: the search's tie-break measured again, which target
//! binds, and what to try when the probability cannot rank the splits.

use serde::{Deserialize, Serialize};

use crate::scenario::plan::Target;

use super::estimate::{Estimate, mean_estimate};
use super::score::Scores;
use super::settings::Objective;

/// How far the validation runs are from the target(s) of a probability
/// objective: the search's tie-break, measured again on fresh runs. It
/// tells the splits apart where the probability cannot (0 or 1 for both).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarginReport {
    /// Mean over the validation runs of each run's margin (the smallest
    /// [`relative_margin`](super::relative_margin) over the objective's targets), for the start.
    pub start: Estimate,
    /// The same for the best split.
    pub best: Estimate,
    /// Best minus start, paired run by run.
    pub difference: Estimate,
    /// The validated probability is 0 for both splits, or 1 for both: it
    /// does not rank them, and the search ranked them by the margin.
    pub flat: bool,
    /// For the best split, the share of the validation runs in which each
    /// target has the smallest margin (the target that binds), in the
    /// objective's order of targets.
    pub binding: Vec<BindingShare>,
}

/// One target and the share of runs in which it binds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BindingShare {
    /// The target's id.
    pub target: String,
    /// Share of the validation runs (0 to 1).
    pub share: f64,
}

impl MarginReport {
    /// The margins of the validation runs of the start and the best split,
    /// whose validated probabilities are `probability`.
    pub(super) fn new(
        targets: &[Target],
        start: &Scores,
        best: &Scores,
        probability: (f64, f64),
    ) -> Self {
        let margins = |s: &Scores| s.0.iter().map(|r| r.margin).collect::<Vec<_>>();
        let (a, b) = (margins(start), margins(best));
        let paired: Vec<f64> = b.iter().zip(&a).map(|(x, y)| x - y).collect();
        let runs = best.0.len().max(1) as f64;
        let binding = targets
            .iter()
            .enumerate()
            .map(|(k, t)| BindingShare {
                target: t.id.clone(),
                share: best.0.iter().filter(|r| r.binding as usize == k).count() as f64 / runs,
            })
            .collect();
        MarginReport {
            start: mean_estimate(&a),
            best: mean_estimate(&b),
            difference: mean_estimate(&paired),
            flat: probability.0 == probability.1 && (probability.0 == 0.0 || probability.0 == 1.0),
            binding,
        }
    }

    /// The target that binds in most validation runs of the best split
    /// (the first of equals), if there are targets.
    pub fn most_binding(&self) -> Option<&BindingShare> {
        self.binding
            .iter()
            .rev()
            .max_by(|a, b| a.share.total_cmp(&b.share))
    }

    /// The margin lines of [`OptimizeReport::to_table`], and the note on a
    /// probability that cannot rank the splits.
    pub(super) fn write_table(&self, s: &mut String, objective: &Objective) {
        use std::fmt::Write as _;
        let pct = |x: f64| format!("{:+.1} %", 100.0 * x);
        let pt = |x: f64| format!("{:+.1} pt", 100.0 * x);
        let _ = writeln!(
            s,
            "\nmargin to the {} (mean over the fresh runs of {}(value − threshold)/threshold; positive = met)",
            if self.binding.len() > 1 {
                "targets"
            } else {
                "target"
            },
            if self.binding.len() > 1 {
                "each run's smallest "
            } else {
                ""
            }
        );
        for (label, e) in [("start", &self.start), ("best ", &self.best)] {
            let _ = writeln!(
                s,
                "            {label} {} (95% {} to {})",
                pct(e.value),
                pct(e.low),
                pct(e.high)
            );
        }
        let d = &self.difference;
        let _ = writeln!(
            s,
            "            best − start {} (95% {} to {})",
            pt(d.value),
            pt(d.low),
            pt(d.high)
        );
        if self.binding.len() > 1 {
            let shares: Vec<String> = self
                .binding
                .iter()
                .map(|b| format!("{} {:.1} %", b.target, 100.0 * b.share))
                .collect();
            let _ = writeln!(
                s,
                "binding     the target furthest from being met, share of the best split's runs: {}",
                shares.join(", ")
            );
        }
        if self.flat {
            let _ = writeln!(s, "\n{}", self.flat_note(objective));
        }
    }

    /// Whether every run of both splits meets the target(s): flat at 1
    /// (then no run's margin is negative; flat at 0, every run misses a
    /// target, so the mean margin is negative).
    pub fn flat_at_one(&self) -> bool {
        self.flat && self.start.value >= 0.0
    }

    /// When the probability is 0 for both splits, the objectives that can
    /// move: the target that binds most often (for all targets, if there
    /// are several) and expected participants. Empty otherwise.
    pub fn suggested_objectives(&self, objective: &Objective) -> Vec<Objective> {
        if !self.flat || self.flat_at_one() {
            return Vec::new();
        }
        let binding = (objective == &Objective::AllTargets && self.binding.len() > 1)
            .then(|| self.most_binding())
            .flatten()
            .map(|b| Objective::Target(b.target.clone()));
        binding
            .into_iter()
            .chain([Objective::Participants])
            .collect()
    }

    /// Why the probability did not rank the splits, and what to try.
    pub fn flat_note(&self, objective: &Objective) -> String {
        let p = if objective == &Objective::AllTargets {
            "P(every target met)".to_string()
        } else {
            format!("P({} met)", objective.key().trim_start_matches("target:"))
        };
        if self.flat_at_one() {
            return format!(
                "note: {p} is 1 for the start and for the best split on the fresh runs, so \
                 it cannot rank them; the search ranked the splits by their margin above \
                 the target(s) instead."
            );
        }
        let tries: Vec<String> = self
            .suggested_objectives(objective)
            .iter()
            .map(|o| format!("--objective {}", o.key()))
            .collect();
        format!(
            "note: {p} is 0 for the start and for the best split on the fresh runs, so \
             it cannot rank them; the search ranked the splits by their margin to the \
             target(s) instead, and the best split is the one that comes closest. To \
             search for what this budget can move, try {}.",
            tries.join(" or ")
        )
    }
}
