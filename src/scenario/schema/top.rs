//! Reading a scenario's value tree: the top-level fields, the version, the
//! names and where the wards come from; each section is read by its own
//! file.

use toml::Value;
use toml::value::Table;

use crate::model::parameters::Param;

use super::super::message::{Phrase, Problem, Shown};
use super::super::own_ward::{OWN_WARD_KEY, read_own_ward};
use super::super::read::{Reader, describe, join};
use super::super::wards::read_ward_data;
use super::budget::read_budget;
use super::model::read_model;
use super::parameters::{read_parameters, read_unit_costs};
use super::rules::read_rules;
use super::run::read_run;
use super::types::{RunSettings, SCHEMA_VERSION, Scenario, WardSource};

/// The fields a scenario file may have at its top level.
const TOP_KEYS: &[&str] = &[
    "schema_version",
    "name",
    "title",
    "title_ja",
    "description",
    "description_ja",
    "wards",
    "model",
    "run",
    "parameters",
    "unit_costs",
    "budget",
    "outcome_rules",
    OWN_WARD_KEY,
];

/// Read a scenario from its value tree; errors go to `r`.
pub fn read_scenario(root: &Table, r: &mut Reader) -> Option<Scenario> {
    let before = r.errors.len();
    r.only_keys(root, "", TOP_KEYS);
    match root.get("schema_version") {
        None => r.error(
            "schema_version",
            Shown::Nothing,
            Problem::SchemaVersion {
                current: SCHEMA_VERSION,
                oldest: SCHEMA_VERSION,
                missing: true,
                newer: false,
            },
        ),
        Some(v) => {
            if let Some(n) = r.as_whole(v, "schema_version", 1, i64::MAX, Phrase::SchemaVersion)
                && n != SCHEMA_VERSION
            {
                r.error(
                    "schema_version",
                    n.to_string(),
                    Problem::SchemaVersion {
                        current: SCHEMA_VERSION,
                        oldest: SCHEMA_VERSION,
                        missing: false,
                        newer: false,
                    },
                );
            }
        }
    }
    let name = r.required(root, "", "name", Phrase::ScenarioName, |r, v, p| {
        r.as_text(v, p, 200)
    });
    let title = r.optional(root, "", "title", |r, v, p| r.as_text(v, p, 200));
    let title_ja = r.optional(root, "", "title_ja", |r, v, p| r.as_text(v, p, 200));
    let description = r.optional(root, "", "description", |r, v, p| {
        r.as_str(v, p).map(str::to_string)
    });
    let description_ja = r.optional(root, "", "description_ja", |r, v, p| {
        r.as_str(v, p).map(str::to_string)
    });
    let wards = match (root.get(OWN_WARD_KEY), root.get("wards")) {
        (Some(v), None) => read_own_ward(v, r).map(|o| WardSource::Own(Box::new(o))),
        (Some(_), Some(w)) => {
            r.error(
                "wards",
                describe(w),
                Problem::Fixed(Phrase::OwnWardAndWards),
            );
            None
        }
        (None, wards) => read_wards_key(wards, r),
    };
    let model = root
        .get("model")
        .map(|v| read_model(v, r))
        .unwrap_or_default();
    let run = match root.get("run") {
        None => Some(RunSettings::default()),
        Some(v) => r.as_table(v, "run").map(|t| read_run(t, r)),
    };
    let horizon = run.as_ref().map(|s| (s.first_fy, s.horizon));
    let parameters = root
        .get("parameters")
        .map(|v| read_parameters(v, r))
        .unwrap_or_default();
    let unit_costs = root
        .get("unit_costs")
        .map(|v| read_unit_costs(v, r))
        .unwrap_or_default();
    let budget = root
        .get("budget")
        .map(|v| read_budget(v, r, horizon))
        .unwrap_or_default();
    let outcome_rules = root
        .get("outcome_rules")
        .map(|v| read_rules(v, r))
        .unwrap_or_default();
    if let Some(WardSource::Own(_)) = &wards {
        for (param, field) in [(Param::C0, "continuation"), (Param::S0, "satisfaction")] {
            if let Some(o) = parameters.iter().find(|o| o.param == param) {
                r.error(
                    &join("parameters", param.name()),
                    o.distribution.to_string(),
                    Problem::SetTwice {
                        field,
                        param: param.name(),
                    },
                );
            }
        }
    }
    if r.errors.len() > before {
        return None;
    }
    Some(Scenario {
        name: name?,
        title,
        title_ja,
        description: description.unwrap_or_default(),
        description_ja,
        wards: wards?,
        model,
        run: run?,
        parameters,
        unit_costs,
        budget,
        outcome_rules,
    })
}

/// The `wards` key: a data set name or path (tokyo-23 when absent), or an
/// inline data set.
fn read_wards_key(v: Option<&Value>, r: &mut Reader) -> Option<WardSource> {
    match v {
        None => Some(WardSource::Named("tokyo-23".to_string())),
        Some(Value::String(s)) if !s.trim().is_empty() => Some(WardSource::Named(s.clone())),
        Some(Value::Table(t)) => {
            read_ward_data(t, "wards", r).map(|d| WardSource::Inline(Box::new(d)))
        }
        Some(other) => {
            r.wrong_type("wards", other, Phrase::AWardSource);
            None
        }
    }
}
