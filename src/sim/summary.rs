//! Streaming summaries of many runs: everything the report needs, in memory
//! that does not grow with the number of runs, merging exactly so that
//! threads, batches and shards give bit-identical results.

use serde::{Deserialize, Serialize};

use super::equity::EquityAccumulator;
use super::run::{FiscalOutput, MonthlyOutput, RunResult};
use super::stats::{Proportion, Summary};
use crate::scenario::plan::{Direction, Plan, ward_threshold};

/// Summaries of the runs seen so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accumulator {
    /// Runs added.
    pub runs: u64,
    /// Months per run.
    pub months: usize,
    /// Fiscal years per run.
    pub fiscal_years: usize,
    /// Monthly outputs, `months × MonthlyOutput::COUNT`, month-major.
    pub monthly: Vec<Summary>,
    /// Fiscal-year outputs, `fiscal_years × FiscalOutput::COUNT`.
    pub fiscal: Vec<Summary>,
    /// P(spending > appropriation) per FY.
    pub overrun: Vec<Proportion>,
    /// Success of each target of the plan, in plan order.
    pub targets: Vec<Proportion>,
    /// Horizon value of each target's metric, in plan order.
    pub target_values: Vec<Summary>,
    /// Per ward: participants at the end of the horizon.
    pub ward_participants: Vec<Summary>,
    /// Per ward: spending over the horizon (yen).
    pub ward_spending: Vec<Summary>,
    /// Per ward: runs in which calibration found the status quo at capacity,
    /// without possible demand, or with drifting awareness.
    pub ward_issues: Vec<[u64; 3]>,
    /// Per ward and target (ward-major): success of the target scaled to
    /// the ward ([`ward_threshold`]).
    #[serde(default)]
    pub ward_targets: Vec<Proportion>,
    /// Equity of spending across wards (see [`super::equity`]).
    #[serde(default)]
    pub equity: EquityAccumulator,
}

/// Why two accumulators cannot be merged. A refused merge leaves the
/// accumulator as it was.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    /// The two do not describe the same plan shape: `field` has `ours`
    /// entries here and `theirs` in the other.
    #[error("cannot merge summaries of different shapes ({field}: {ours} and {theirs})")]
    Shape {
        /// The field whose length or size differs.
        field: &'static str,
        /// Its length (or value) in the accumulator merged into.
        ours: usize,
        /// Its length (or value) in the other.
        theirs: usize,
    },
    /// A count or an exact sum of the merge would not fit its integer.
    #[error("{field}[{index}]: the merged count or sum would overflow")]
    Overflow {
        /// The field (e.g. `monthly`, `targets`, `runs`).
        field: &'static str,
        /// The entry of the field (0 for a single figure).
        index: usize,
    },
}

impl Accumulator {
    /// Empty summaries for `plan`.
    pub fn new(plan: &Plan) -> Self {
        let months = plan.months();
        let wards = plan.wards.len();
        Accumulator {
            runs: 0,
            months,
            fiscal_years: plan.fiscal_years,
            monthly: vec![Summary::default(); months * MonthlyOutput::COUNT],
            fiscal: vec![Summary::default(); plan.fiscal_years * FiscalOutput::COUNT],
            overrun: vec![Proportion::default(); plan.fiscal_years],
            targets: vec![Proportion::default(); plan.targets.len()],
            target_values: vec![Summary::default(); plan.targets.len()],
            ward_participants: vec![Summary::default(); wards],
            ward_spending: vec![Summary::default(); wards],
            ward_issues: vec![[0; 3]; wards],
            ward_targets: vec![Proportion::default(); wards * plan.targets.len()],
            equity: EquityAccumulator::default(),
        }
    }

    /// Add one run.
    pub fn add(&mut self, plan: &Plan, run: &RunResult) {
        Summary::add_each(&mut self.monthly, &run.monthly);
        Summary::add_each(&mut self.fiscal, &run.fiscal);
        self.add_except_series(plan, run);
    }

    /// Add the monthly and fiscal outputs of `runs` runs, stored run after
    /// run (`runs × months × MonthlyOutput::COUNT` and `runs × fiscal_years ×
    /// FiscalOutput::COUNT` values). Each summary takes its values of all
    /// the runs in turn, so its buckets stay in the processor's cache; the
    /// result is the same as adding the runs one by one (every part of a
    /// summary is independent of the order of its values). The runs must
    /// also be given to [`add_except_series`](Self::add_except_series).
    pub(crate) fn add_series_block(&mut self, monthly: &[f64], fiscal: &[f64], runs: usize) {
        // Columns are copied out 64 at a time: each run's 64 values are
        // eight consecutive cache lines, read once and in order.
        const GROUP: usize = 64;
        let mut columns = vec![0.0; GROUP * runs];
        for (summaries, values) in [(&mut self.monthly, monthly), (&mut self.fiscal, fiscal)] {
            let width = summaries.len();
            debug_assert_eq!(values.len(), width * runs);
            for (g, group) in summaries.chunks_mut(GROUP).enumerate() {
                let first = g * GROUP;
                let k = group.len();
                for (i, row) in values.chunks_exact(width).take(runs).enumerate() {
                    for (c, &x) in row[first..first + k].iter().enumerate() {
                        columns[c * runs + i] = x;
                    }
                }
                for (c, summary) in group.iter_mut().enumerate() {
                    summary.add_many(&columns[c * runs..(c + 1) * runs]);
                }
            }
        }
    }

    /// Add one run's figures other than its monthly and fiscal outputs.
    pub(crate) fn add_except_series(&mut self, plan: &Plan, run: &RunResult) {
        self.runs += 1;
        for (p, over) in self.overrun.iter_mut().zip(&run.overrun) {
            p.record(*over);
        }
        for ((target, p), s) in plan
            .targets
            .iter()
            .zip(&mut self.targets)
            .zip(&mut self.target_values)
        {
            let value = run.horizon_value(target.metric);
            p.record(target.met(value));
            s.add(value);
        }
        for (s, x) in self
            .ward_participants
            .iter_mut()
            .zip(&run.ward_participants)
        {
            s.add(*x);
        }
        for (s, x) in self.ward_spending.iter_mut().zip(&run.ward_spending) {
            s.add(*x);
        }
        let targets = plan.targets.len();
        if self.ward_targets.len() == run.ward_horizon.len() * targets {
            for (w, values) in run.ward_horizon.iter().enumerate() {
                for (k, target) in plan.targets.iter().enumerate() {
                    let value = values[target.metric.index()];
                    let met = match target.direction {
                        Direction::AtLeast => value >= ward_threshold(plan, target, w),
                        Direction::AtMost => value <= ward_threshold(plan, target, w),
                    };
                    self.ward_targets[w * targets + k].record(met);
                }
            }
        }
        self.equity.add(plan, run);
        for (counts, issues) in self.ward_issues.iter_mut().zip(&run.ward_issues) {
            counts[0] += u64::from(issues.at_capacity);
            counts[1] += u64::from(issues.no_demand);
            counts[2] += u64::from(issues.awareness_drifts);
        }
    }

    /// Merge another accumulator of the same plan into this one. The result
    /// does not depend on the order of merges. Every count and sum is
    /// checked first: when the shapes differ or a total would overflow, the
    /// merge is refused and this accumulator is left unchanged.
    pub fn merge(&mut self, other: &Accumulator) -> Result<(), MergeError> {
        self.check_shape(other)?;
        self.check_totals(other)?;
        self.runs += other.runs;
        merge_all(&mut self.monthly, &other.monthly);
        merge_all(&mut self.fiscal, &other.fiscal);
        merge_all(&mut self.target_values, &other.target_values);
        merge_all(&mut self.ward_participants, &other.ward_participants);
        merge_all(&mut self.ward_spending, &other.ward_spending);
        self.equity.merge(&other.equity);
        for (a, b) in self.overrun.iter_mut().zip(&other.overrun) {
            a.merge(b);
        }
        for (a, b) in self.targets.iter_mut().zip(&other.targets) {
            a.merge(b);
        }
        for (a, b) in self.ward_targets.iter_mut().zip(&other.ward_targets) {
            a.merge(b);
        }
        for (a, b) in self.ward_issues.iter_mut().zip(&other.ward_issues) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        Ok(())
    }

    /// Every field of `other` has the length of the same field here.
    fn check_shape(&self, other: &Accumulator) -> Result<(), MergeError> {
        let fields = [
            ("months", self.months, other.months),
            ("fiscal_years", self.fiscal_years, other.fiscal_years),
            ("monthly", self.monthly.len(), other.monthly.len()),
            ("fiscal", self.fiscal.len(), other.fiscal.len()),
            ("overrun", self.overrun.len(), other.overrun.len()),
            ("targets", self.targets.len(), other.targets.len()),
            (
                "target_values",
                self.target_values.len(),
                other.target_values.len(),
            ),
            (
                "ward_participants",
                self.ward_participants.len(),
                other.ward_participants.len(),
            ),
            (
                "ward_spending",
                self.ward_spending.len(),
                other.ward_spending.len(),
            ),
            (
                "ward_issues",
                self.ward_issues.len(),
                other.ward_issues.len(),
            ),
            (
                "ward_targets",
                self.ward_targets.len(),
                other.ward_targets.len(),
            ),
        ];
        match fields.into_iter().find(|(_, ours, theirs)| ours != theirs) {
            Some((field, ours, theirs)) => Err(MergeError::Shape {
                field,
                ours,
                theirs,
            }),
            None => Ok(()),
        }
    }

    /// No count or sum of the merge would overflow.
    fn check_totals(&self, other: &Accumulator) -> Result<(), MergeError> {
        let overflow = |field, index| MergeError::Overflow { field, index };
        self.runs
            .checked_add(other.runs)
            .ok_or(overflow("runs", 0))?;
        for (field, ours, theirs) in [
            ("monthly", &self.monthly, &other.monthly),
            ("fiscal", &self.fiscal, &other.fiscal),
            ("target_values", &self.target_values, &other.target_values),
            (
                "ward_participants",
                &self.ward_participants,
                &other.ward_participants,
            ),
            ("ward_spending", &self.ward_spending, &other.ward_spending),
        ] {
            if let Some(i) = ours.iter().zip(theirs).position(|(a, b)| !a.merge_fits(b)) {
                return Err(overflow(field, i));
            }
        }
        for (field, ours, theirs) in [
            ("overrun", &self.overrun, &other.overrun),
            ("targets", &self.targets, &other.targets),
            ("ward_targets", &self.ward_targets, &other.ward_targets),
        ] {
            if let Some(i) = ours
                .iter()
                .zip(theirs)
                .position(|(a, b)| a.checked_merge(b).is_none())
            {
                return Err(overflow(field, i));
            }
        }
        if let Some(i) = self
            .ward_issues
            .iter()
            .zip(&other.ward_issues)
            .position(|(a, b)| a.iter().zip(b).any(|(x, y)| x.checked_add(*y).is_none()))
        {
            return Err(overflow("ward_issues", i));
        }
        if !self.equity.merge_fits(&other.equity) {
            return Err(overflow("equity", 0));
        }
        Ok(())
    }

    /// Summary of monthly output `o` in month `m`.
    pub fn month(&self, m: usize, o: MonthlyOutput) -> &Summary {
        &self.monthly[m * MonthlyOutput::COUNT + o as usize]
    }

    /// Summary of fiscal output `o` in FY index `y`.
    pub fn fy(&self, y: usize, o: FiscalOutput) -> &Summary {
        &self.fiscal[y * FiscalOutput::COUNT + o as usize]
    }
}

fn merge_all(a: &mut [Summary], b: &[Summary]) {
    for (x, y) in a.iter_mut().zip(b) {
        x.merge(y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change made to summaries.
    type Edit = fn(&mut Accumulator);

    fn empty() -> Accumulator {
        let loaded = crate::scenario::load_builtin("status-quo")
            .expect("a built-in")
            .expect("valid");
        Accumulator::new(&loaded.plan)
    }

    /// A summary of one value whose exact sum, as read from a file, is
    /// above half the largest `i128`.
    fn huge_sum() -> Summary {
        let mut s = Summary::new();
        s.add(1.0);
        let mut v = serde_json::to_value(&s).expect("JSON");
        v["sum"]["raw"] = (i128::MAX / 2 + 1).to_string().into();
        let s: Summary = serde_json::from_value(v).expect("a summary");
        assert!(!s.sum().overflowed());
        s
    }

    /// A merge that would overflow is refused before anything is added, so
    /// the accumulator merged into is left as it was.
    #[test]
    fn a_merge_that_would_overflow_is_refused_and_changes_nothing() {
        let mut base = empty();
        base.runs = 5;
        base.targets[1] = Proportion {
            successes: 2,
            trials: 5,
        };
        base.overrun[0] = Proportion {
            successes: 1,
            trials: 5,
        };
        base.ward_issues[3] = [0, 0, 1];
        base.ward_spending[2] = huge_sum();
        let before = base.clone();
        let cases: [(&str, usize, Edit); 5] = [
            ("runs", 0, |a| a.runs = u64::MAX),
            ("targets", 1, |a| a.targets[1].trials = u64::MAX),
            ("ward_issues", 3, |a| a.ward_issues[3][2] = u64::MAX),
            ("overrun", 0, |a| a.overrun[0].successes = u64::MAX),
            ("ward_spending", 2, |a| a.ward_spending[2] = huge_sum()),
        ];
        for (field, index, edit) in cases {
            let mut other = empty();
            other.runs = 1;
            edit(&mut other);
            assert_eq!(
                base.merge(&other),
                Err(MergeError::Overflow { field, index }),
                "{field}"
            );
            assert_eq!(
                base, before,
                "{field}: a refused merge changed the summaries"
            );
        }
        // Without the overflow, the same merge goes through.
        let mut other = empty();
        other.runs = 1;
        other.ward_spending[2].add(1.0);
        assert_eq!(base.merge(&other), Ok(()));
        assert_eq!(base.runs, 6);
    }

    #[test]
    fn summaries_of_another_shape_are_refused() {
        let base = empty();
        let cases: [(&str, Edit); 4] = [
            ("months", |a| a.months += 1),
            ("monthly", |a| {
                a.monthly.pop();
            }),
            ("ward_issues", |a| a.ward_issues.push([0; 3])),
            ("ward_targets", |a| a.ward_targets.clear()),
        ];
        for (field, edit) in cases {
            let mut other = base.clone();
            edit(&mut other);
            let mut merged = base.clone();
            assert!(
                matches!(merged.merge(&other), Err(MergeError::Shape { field: f, .. }) if f == field),
                "{field}"
            );
            assert_eq!(merged, base);
        }
    }
}
