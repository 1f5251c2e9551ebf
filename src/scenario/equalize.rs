//! Equal support per participant (the brief's 標準化 of financial support):
//! from any scenario, a scenario that spends the same total in every fiscal
//! year, spread over wards so that every ward gets the same yen per
//! participant at the start.
//!
//! The equalised budget is written in the ordinary schema (docs/model.md §2,
//! README "Budget"): `basis = "total"` with the source plan's total of each
//! FY, `shares` = the source's share of each line over the whole horizon, and
//! `spread = "per_participant"` (weights = initial participants). So the
//! result is a plain scenario that can be saved, edited, run and compared.
//! The source's `scale` and `set` edits are folded into the totals and
//! shares; its wards, run settings, parameters, unit costs and outcome rules
//! are kept.

use crate::model::{BudgetLine, Lines};

use super::error::ScenarioErrors;
use super::resolve::{Loaded, resolve};
use super::schema::{Basis, BudgetSpec, Scenario, Spread};

/// Suffix of the name of an equalised scenario.
pub const EQUALIZED_SUFFIX: &str = "-equalized";

/// A scenario with the same total per FY as `source`, spread so that every
/// ward gets the same support per participant at the start (see the module
/// documentation). Wards without participants get nothing.
pub fn equalize(source: &Loaded) -> Scenario {
    let plan = &source.plan;
    let amounts: Vec<f64> = (0..plan.fiscal_years)
        .map(|y| plan.wards.iter().map(|w| w.budget[y].total()).sum())
        .collect();
    let mut by_line = Lines::default();
    for w in &plan.wards {
        for lines in &w.budget {
            for line in BudgetLine::ALL {
                by_line.set(line, by_line.get(line) + lines.get(line));
            }
        }
    }
    let total = by_line.total();
    // Without any budget there are no shares to keep; the status quo's are used.
    let shares = (total > 0.0).then(|| Lines(by_line.0.map(|x| x / total)));
    let amounts = if amounts.windows(2).all(|w| w[0] == w[1]) {
        amounts.into_iter().take(1).collect()
    } else {
        amounts
    };
    let mut scenario = source.scenario.clone();
    scenario.name = format!("{}{EQUALIZED_SUFFIX}", source.scenario.name);
    scenario.title = Some(format!(
        "{} — equal support per participant",
        source.info.title
    ));
    scenario.title_ja = Some(format!(
        "{}（参加者一人当たり支援額を標準化）",
        source.info.title_ja
    ));
    scenario.description = format!(
        "The budget of '{}' with the same total in every fiscal year and the same mix of lines, spread over \
         wards by participants so that every ward gets the same support per participant.",
        source.scenario.name
    );
    scenario.description_ja = Some(format!(
        "「{}」と同じ年度ごとの総額・費目構成のまま、参加者数に比例して区に配分し、参加者一人当たり支援額を全区で同水準にそろえたもの。",
        source.info.title_ja
    ));
    scenario.budget = BudgetSpec {
        basis: Basis::Total {
            amounts,
            shares,
            shift: None,
            spread: Spread::PerParticipant,
        },
        scale: Vec::new(),
        set: Vec::new(),
    };
    scenario
}

/// [`equalize`] and resolve the result with the source's ward data.
pub fn equalize_loaded(source: &Loaded) -> Result<Loaded, ScenarioErrors> {
    let scenario = equalize(source);
    let name = scenario.name.clone();
    resolve(scenario, source.ward_data.clone(), &name)
}
