//! The scenario of a shard file: read as the batch's scenario, and its
//! recorded hash recomputed with the ward data named again as the file
//! says.

use crate::scenario::resolve::{
    parse_tree, parse_ward_data, read_upgraded, resolve, ward_data_for,
};
use crate::scenario::schema::{MAX_BATCH_RUNS, MAX_RUNS, WardSource};
use crate::scenario::{Format, Loaded, Scenario, ScenarioErrors, builtin};

use super::error::ShardProblem;

/// How a shard file says its scenario named its ward data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum WardsNamed {
    /// No `wards_named` field (files written before it was recorded).
    Unrecorded,
    /// `null`: the scenario held its ward data itself.
    Inline,
    /// A built-in data set or a file.
    Named(String),
}

/// The scenario of a shard file. Its `run.runs` is the size of the whole
/// batch, which may exceed what one scenario file asks for ([`MAX_RUNS`],
/// checked by validation) up to [`MAX_BATCH_RUNS`].
pub fn batch_scenario(value: &serde_json::Value, source: &str) -> Result<Scenario, ScenarioErrors> {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut tree = parse_tree(&text, Format::Json, source)?;
    let batch_runs = tree
        .get("run")
        .and_then(|r| r.get("runs"))
        .and_then(toml::Value::as_integer)
        .filter(|n| (MAX_RUNS + 1..=MAX_BATCH_RUNS).contains(n));
    if batch_runs.is_some()
        && let Some(toml::Value::Table(run)) = tree.get_mut("run")
    {
        run.insert("runs".into(), toml::Value::Integer(MAX_RUNS));
    }
    let (mut scenario, _) = read_upgraded(&tree, source)?;
    if let Some(n) = batch_runs {
        scenario.run.runs = n as u64;
    }
    Ok(scenario)
}

/// The scenario of a shard file, as a problem of the file.
pub(super) fn read_scenario(value: &serde_json::Value) -> Result<Scenario, ShardProblem> {
    batch_scenario(value, "scenario").map_err(ShardProblem::Scenario)
}

/// The first file's scenario, checked against its hash and resolved.
pub(super) fn first_scenario(
    value: &serde_json::Value,
    wards_named: &WardsNamed,
    hash: &str,
) -> Result<Loaded, ShardProblem> {
    let scenario = read_scenario(value)?;
    check_hash(&scenario, wards_named, hash)?;
    let data = ward_data_for(&scenario, "scenario", &|name| {
        Err(format!("{name}: a shard file holds its ward data inline"))
    })
    .map_err(ShardProblem::Scenario)?;
    resolve(scenario, data, "scenario").map_err(ShardProblem::Scenario)
}

/// `recorded` is the hash of `scenario` (read from a shard file) as it was
/// run, with its ward data named again as `wards_named` says.
pub(super) fn check_hash(
    scenario: &Scenario,
    wards_named: &WardsNamed,
    recorded: &str,
) -> Result<(), ShardProblem> {
    let inline_hash = scenario.hash();
    let named = |name: &str| {
        let mut as_run = scenario.clone();
        as_run.wards = WardSource::Named(name.to_string());
        as_run.hash()
    };
    match wards_named {
        WardsNamed::Inline => {
            if inline_hash != recorded {
                return Err(ShardProblem::Hash {
                    recorded: recorded.to_string(),
                    computed: inline_hash,
                });
            }
        }
        WardsNamed::Named(name) => {
            let WardSource::Inline(data) = &scenario.wards else {
                return Err(ShardProblem::invalid(
                    "wards_named",
                    format!("{name:?}"),
                    "expected null: the scenario in the file does not hold its ward data inline"
                        .into(),
                ));
            };
            let computed = named(name);
            if computed != recorded {
                return Err(ShardProblem::Hash {
                    recorded: recorded.to_string(),
                    computed,
                });
            }
            if let Some(text) = builtin::ward_text(name)
                && parse_ward_data(text, Format::Toml, name).ok().as_ref() != Some(&**data)
            {
                return Err(ShardProblem::NotBuiltinData { name: name.clone() });
            }
        }
        WardsNamed::Unrecorded => {
            // Files written before `wards_named`: the scenario held its ward
            // data itself, or named a built-in set whose data are inline.
            let builtin_named = || match &scenario.wards {
                WardSource::Inline(data) => builtin::WARD_DATA.iter().any(|(name, text)| {
                    parse_ward_data(text, Format::Toml, name).ok().as_ref() == Some(&**data)
                        && named(name) == recorded
                }),
                _ => false,
            };
            if inline_hash != recorded && !builtin_named() {
                return Err(ShardProblem::HashUnverifiable {
                    recorded: recorded.to_string(),
                    computed: inline_hash,
                });
            }
        }
    }
    Ok(())
}
