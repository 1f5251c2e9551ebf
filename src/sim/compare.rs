//! Paired comparison of scenarios with common random numbers: run `r` of
//! every scenario uses the same keyed streams, so differences between the
//! scenarios come from the plans and not from luck.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::decision::{MAX_SCENARIOS, PairStats};
use super::run::{RunResult, Simulator};
use super::stats::{Proportion, Summary};
use super::summary::Accumulator;
use crate::scenario::plan::Plan;
use crate::scenario::schema::MAX_RUNS;
use crate::text::format::group_thousands;
use crate::text::{Bilingual, Text};

/// Why scenarios cannot be compared.
#[derive(Debug, PartialEq, Eq)]
pub enum CompareError {
    /// Fewer than two scenarios.
    TooFew(usize),
    /// More than [`MAX_SCENARIOS`] scenarios.
    TooMany(usize),
    /// Horizons differ.
    Horizon {
        /// Scenario name.
        name: String,
        /// Its first FY.
        start: i32,
        /// Its last FY.
        end: i32,
        /// First FY of the first scenario.
        base_start: i32,
        /// Last FY of the first scenario.
        base_end: i32,
    },
    /// Modes differ.
    Mode(String),
}

impl Bilingual for CompareError {
    fn text(&self) -> Text {
        match self {
            CompareError::TooFew(n) => Text::new(
                format!("compare needs at least two scenarios, got {n}"),
                format!("比較には2つ以上のシナリオが必要です（指定されたのは{n}つ）"),
            ),
            CompareError::TooMany(n) => Text::new(
                format!(
                    "compare takes at most {} scenarios (the baseline and up to {} others), got {n}",
                    MAX_SCENARIOS,
                    MAX_SCENARIOS - 1
                ),
                format!(
                    "比較できるシナリオは{}つまで（基準シナリオと他に{}つまで）です。指定されたのは{n}つです",
                    MAX_SCENARIOS,
                    MAX_SCENARIOS - 1
                ),
            ),
            CompareError::Horizon {
                name,
                start,
                end,
                base_start,
                base_end,
            } => Text::new(
                format!(
                    "scenario '{name}' runs FY{start}–FY{end} but the first scenario runs FY{base_start}–FY{base_end}; compared \
                     scenarios need the same horizon"
                ),
                format!(
                    "シナリオ'{name}'の期間は{start}〜{end}年度ですが、1つ目のシナリオは{base_start}〜{base_end}年度です。\
                     比較するシナリオの期間はそろえてください"
                ),
            ),
            CompareError::Mode(name) => Text::new(
                format!(
                    "scenario '{name}' uses another mode than the first scenario; compared scenarios need the same mode"
                ),
                format!(
                    "シナリオ'{name}'のmodeが1つ目のシナリオと異なります。比較するシナリオのmodeはそろえてください"
                ),
            ),
        }
    }
}

/// The English message.
impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for CompareError {}

/// A setting of the first scenario that a comparison gives the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The targets.
    Targets,
    /// The seed.
    Seed,
    /// The number of runs.
    Runs,
}

impl Setting {
    /// The field, as written in a scenario.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Targets => "targets",
            Setting::Seed => "seed",
            Setting::Runs => "runs",
        }
    }

    /// The field in Japanese, with its key.
    fn key_ja(self) -> &'static str {
        match self {
            Setting::Targets => "目標（targets）",
            Setting::Seed => "乱数シード（seed）",
            Setting::Runs => "試行回数（runs）",
        }
    }
}

/// That a compared scenario takes settings of the first one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlignNote {
    /// The scenario.
    pub name: String,
    /// The first scenario.
    pub base: String,
    /// The settings it takes from the first scenario.
    pub replaced: Vec<Setting>,
}

/// The English note.
impl fmt::Display for AlignNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl Bilingual for AlignNote {
    fn text(&self) -> Text {
        let keys: Vec<&str> = self.replaced.iter().map(|s| s.key()).collect();
        let keys_ja: Vec<&str> = self.replaced.iter().map(|s| s.key_ja()).collect();
        Text::new(
            format!(
                "'{}' is compared with the {} of '{}'",
                self.name,
                keys.join(", "),
                self.base
            ),
            format!(
                "'{}'は'{}'の{}で比較しています",
                self.name,
                self.base,
                keys_ja.join("、")
            ),
        )
    }
}

/// Check that `plans` can be compared and give all of them the first plan's
/// targets, seed and runs (the comparison is judged on one yardstick).
/// Returns a note for each scenario whose own settings were replaced.
pub fn align(plans: &mut [Plan]) -> Result<Vec<AlignNote>, CompareError> {
    if plans.len() < 2 {
        return Err(CompareError::TooFew(plans.len()));
    }
    if plans.len() > MAX_SCENARIOS {
        return Err(CompareError::TooMany(plans.len()));
    }
    let (base, rest) = plans.split_at_mut(1);
    let base = &base[0];
    let mut notes = Vec::new();
    for p in rest {
        if p.start_fy != base.start_fy || p.fiscal_years != base.fiscal_years {
            return Err(CompareError::Horizon {
                name: p.name.clone(),
                start: p.start_fy,
                end: p.start_fy + p.fiscal_years as i32 - 1,
                base_start: base.start_fy,
                base_end: base.start_fy + base.fiscal_years as i32 - 1,
            });
        }
        if p.mode != base.mode {
            return Err(CompareError::Mode(p.name.clone()));
        }
        let mut replaced = Vec::new();
        if p.targets != base.targets {
            replaced.push(Setting::Targets);
        }
        if p.seed != base.seed {
            replaced.push(Setting::Seed);
        }
        if p.runs != base.runs {
            replaced.push(Setting::Runs);
        }
        if !replaced.is_empty() {
            notes.push(AlignNote {
                name: p.name.clone(),
                base: base.name.clone(),
                replaced,
            });
        }
        p.targets = base.targets.clone();
        p.seed = base.seed;
        p.runs = base.runs;
    }
    Ok(notes)
}

/// [`align`] `plans`, then give every one `runs` runs, or the baseline's
/// own when `runs` is `None`. Returns the runs and the notes of [`align`].
pub fn align_runs(
    plans: &mut [Plan],
    runs: Option<u64>,
) -> Result<(u64, Vec<AlignNote>), CompareError> {
    let notes = align(plans)?;
    let runs = runs.unwrap_or(plans[0].runs);
    for p in plans.iter_mut() {
        p.runs = runs;
    }
    Ok((runs, notes))
}

/// The runs of a comparison as typed: `None` when empty (the baseline's
/// own runs), or a whole number from 1 to [`MAX_RUNS`], the most a scenario
/// may ask for; `,`, `_` and spaces may separate the digits.
pub fn parse_runs(text: &str) -> Result<Option<u64>, RunsError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    match plain.parse::<u64>() {
        Ok(n) if (1..=MAX_RUNS.unsigned_abs()).contains(&n) => Ok(Some(n)),
        _ => Err(RunsError(text.to_string())),
    }
}

/// Runs typed for a comparison (as typed) that are not a whole number
/// from 1 to [`MAX_RUNS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunsError(pub String);

impl crate::scenario::Bilingual for RunsError {
    fn text(&self) -> Text {
        let (typed, max) = (&self.0, group_thousands(MAX_RUNS));
        Text::new(
            format!(
                "runs = {typed:?}: a whole number from 1 to {max} (empty: the baseline's runs)"
            ),
            format!(
                "試行回数 = {typed:?}：1から{max}までの整数を入力してください（空欄なら基準シナリオの試行回数）"
            ),
        )
    }
}

/// Summaries of a paired batch. Merges exactly, and serializes so that
/// partial results can cross a worker boundary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairedAccumulator {
    /// Each scenario's own summaries.
    pub scenarios: Vec<Accumulator>,
    /// For scenario i ≥ 1 and each target: horizon value of i minus that of the first.
    pub differences: Vec<Vec<Summary>>,
    /// For scenario i ≥ 1 and each target: whether i did strictly better than the first.
    pub better: Vec<Vec<Proportion>>,
    /// For scenario i ≥ 1 and each target: whether both were equal.
    pub ties: Vec<Vec<Proportion>>,
    /// For scenario i ≥ 1 and each target: whether i met it and the first
    /// did not.
    #[serde(default)]
    pub only_other_met: Vec<Vec<Proportion>>,
    /// For scenario i ≥ 1 and each target: whether the first met it and i
    /// did not.
    #[serde(default)]
    pub only_base_met: Vec<Vec<Proportion>>,
    /// For scenario i ≥ 1: paired statistics against the first (every
    /// horizon metric, monthly differences, cost ratios).
    #[serde(default)]
    pub pairs: Vec<PairStats>,
}

impl PairedAccumulator {
    /// Empty summaries for aligned `plans`.
    pub fn new(plans: &[Plan]) -> Self {
        let targets = plans[0].targets.len();
        let others = plans.len() - 1;
        PairedAccumulator {
            scenarios: plans.iter().map(Accumulator::new).collect(),
            differences: vec![vec![Summary::default(); targets]; others],
            better: vec![vec![Proportion::default(); targets]; others],
            ties: vec![vec![Proportion::default(); targets]; others],
            only_other_met: vec![vec![Proportion::default(); targets]; others],
            only_base_met: vec![vec![Proportion::default(); targets]; others],
            pairs: vec![PairStats::new(plans[0].months()); others],
        }
    }

    /// Merge another paired batch of the same plans.
    pub fn merge(&mut self, other: &PairedAccumulator) {
        for (a, b) in self.scenarios.iter_mut().zip(&other.scenarios) {
            let _ = a.merge(b);
        }
        for (a, b) in self
            .differences
            .iter_mut()
            .flatten()
            .zip(other.differences.iter().flatten())
        {
            a.merge(b);
        }
        for (a, b) in self
            .better
            .iter_mut()
            .flatten()
            .zip(other.better.iter().flatten())
        {
            a.merge(b);
        }
        for (mine, theirs) in [
            (&mut self.ties, &other.ties),
            (&mut self.only_other_met, &other.only_other_met),
            (&mut self.only_base_met, &other.only_base_met),
        ] {
            for (a, b) in mine.iter_mut().flatten().zip(theirs.iter().flatten()) {
                a.merge(b);
            }
        }
        for (a, b) in self.pairs.iter_mut().zip(&other.pairs) {
            a.merge(b);
        }
    }

    /// Runs done.
    pub fn runs(&self) -> u64 {
        self.scenarios[0].runs
    }
}

/// Run `runs` of every simulator (one per aligned plan) with shared streams.
pub fn compare_range(
    sims: &[Simulator<'_>],
    runs: Range<u64>,
    acc: &mut PairedAccumulator,
    scratch: &mut Vec<RunResult>,
) {
    // Runs are stepped in groups that fill the vector lanes
    // ([`Simulator::run_group`]); scratch holds each simulator's group in
    // turn, and the runs are then taken in run order.
    let group = sims.first().map_or(1, Simulator::group_size);
    scratch.resize_with(sims.len() * group, RunResult::default);
    let targets = &sims[0].plan().targets;
    for indices in super::batch::groups(runs, group) {
        for (sim, outs) in sims.iter().zip(scratch.chunks_mut(group)) {
            sim.run_group(&indices, outs);
        }
        for k in 0..indices.len() {
            let out = |i: usize| &scratch[i * group + k];
            for (i, sim) in sims.iter().enumerate() {
                acc.scenarios[i].add(sim.plan(), out(i));
            }
            let base = out(0);
            for i in 1..sims.len() {
                let other = out(i);
                for (t, target) in targets.iter().enumerate() {
                    let a = base.horizon_value(target.metric);
                    let b = other.horizon_value(target.metric);
                    acc.differences[i - 1][t].add(b - a);
                    acc.better[i - 1][t].record(target.better(a, b));
                    acc.ties[i - 1][t].record(a == b);
                    // An accumulator from before these counts existed has none.
                    if let (Some(o), Some(m)) = (
                        acc.only_other_met.get_mut(i - 1),
                        acc.only_base_met.get_mut(i - 1),
                    ) {
                        let (met_a, met_b) = (target.met(a), target.met(b));
                        o[t].record(met_b && !met_a);
                        m[t].record(met_a && !met_b);
                    }
                }
                // An accumulator from before paired statistics existed has none.
                if let Some(pair) = acc.pairs.get_mut(i - 1) {
                    pair.add(base, other);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_builtin;

    #[test]
    fn runs_for_a_comparison_are_empty_or_from_1_to_the_schema_limit() {
        assert_eq!(parse_runs(""), Ok(None));
        assert_eq!(parse_runs("  "), Ok(None));
        assert_eq!(parse_runs("1"), Ok(Some(1)));
        assert_eq!(parse_runs("2,000"), Ok(Some(2_000)));
        assert_eq!(parse_runs("1_000 000"), Ok(Some(1_000_000)));
        let most = MAX_RUNS.unsigned_abs();
        assert_eq!(parse_runs(&most.to_string()), Ok(Some(most)));
        for bad in ["0", "-5", "1.5", "many", &(most + 1).to_string()] {
            assert_eq!(parse_runs(bad), Err(RunsError(bad.to_string())), "{bad}");
        }
    }

    #[test]
    fn refused_runs_say_what_is_allowed() {
        use crate::scenario::Bilingual;
        let e = parse_runs("many").unwrap_err();
        assert_eq!(
            e.en(),
            "runs = \"many\": a whole number from 1 to 1,000,000 (empty: the baseline's runs)"
        );
        assert!(e.ja().contains("1から1,000,000までの整数"));
    }

    #[test]
    fn a_comparison_runs_every_plan_as_often() {
        let plan = |name: &str| load_builtin(name).expect(name).expect(name).plan;
        let mut plans = vec![plan("status-quo"), plan("combined-plan")];
        plans[1].runs = plans[0].runs + 7;
        let (runs, notes) = align_runs(&mut plans.clone(), None).unwrap();
        assert_eq!(runs, plans[0].runs);
        assert!(notes.iter().any(|n| n.replaced.contains(&Setting::Runs)));
        let (runs, _) = align_runs(&mut plans, Some(321)).unwrap();
        assert_eq!(runs, 321);
        assert!(plans.iter().all(|p| p.runs == 321));
        assert_eq!(
            align_runs(&mut plans[..1], Some(5)),
            Err(CompareError::TooFew(1))
        );
    }
}
