//! Writing a scenario back in the file schema (TOML or JSON), and its
//! canonical hash.

use crate::model::LINE_COUNT;
use toml::Value;
use toml::value::Table;

use crate::model::outcome::{OutcomeRule, RuleKind};
use crate::model::{BudgetLine, Lines, ModelSpec, UnitCosts};

use super::super::own_ward::OWN_WARD_KEY;
use super::super::plan::Direction;
use super::super::wards::ward_data_to_value;
use super::model::model_to_value;
use super::types::{
    Basis, BudgetSpec, LineEdit, ParameterOverride, RunSettings, SCHEMA_VERSION, Scenario,
    WardSource,
};

impl Scenario {
    /// The scenario as a value tree in the file schema (for TOML/JSON export
    /// and the canonical hash).
    pub fn to_value(&self) -> Value {
        let mut root = Table::new();
        root.insert("schema_version".into(), Value::Integer(SCHEMA_VERSION));
        root.insert("name".into(), Value::String(self.name.clone()));
        if let Some(t) = &self.title {
            root.insert("title".into(), Value::String(t.clone()));
        }
        if let Some(t) = &self.title_ja {
            root.insert("title_ja".into(), Value::String(t.clone()));
        }
        root.insert(
            "description".into(),
            Value::String(self.description.clone()),
        );
        if let Some(t) = &self.description_ja {
            root.insert("description_ja".into(), Value::String(t.clone()));
        }
        match &self.wards {
            WardSource::Named(n) => {
                root.insert("wards".into(), Value::String(n.clone()));
            }
            WardSource::Inline(d) => {
                root.insert("wards".into(), ward_data_to_value(d));
            }
            WardSource::Own(o) => {
                root.insert(OWN_WARD_KEY.into(), o.to_value());
            }
        }
        if let Some(model) = model_to_value(&self.model) {
            root.insert("model".into(), model);
        }
        root.insert("run".into(), Value::Table(run_to_value(&self.run)));
        if !self.parameters.is_empty() {
            root.insert(
                "parameters".into(),
                Value::Table(parameters_to_value(&self.parameters)),
            );
        }
        if self.unit_costs != UnitCosts::default() {
            root.insert(
                "unit_costs".into(),
                Value::Table(unit_costs_to_value(&self.unit_costs)),
            );
        }
        root.insert("budget".into(), Value::Table(budget_to_value(&self.budget)));
        if !self.outcome_rules.is_empty() {
            let rules = self.outcome_rules.iter().map(rule_to_value).collect();
            root.insert("outcome_rules".into(), Value::Array(rules));
        }
        Value::Table(root)
    }

    /// The scenario as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// The scenario as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// Hash of the canonical JSON form (16 hex digits): two files that say
    /// the same thing hash alike whatever their layout or comments.
    ///
    /// A scenario of model version 1 that uses nothing schema version 1
    /// lacked (no `online` amounts, the default online group cost) hashes
    /// its schema-1 form, so that version 1's reports keep the hash they
    /// had before schema version 2; no other scenario has that form.
    pub fn hash(&self) -> String {
        let mut value = self.to_value();
        if self.model == ModelSpec::V1 {
            schema1_form(&mut value, &self.unit_costs);
        }
        let canonical = serde_json::to_string(&value).unwrap_or_default();
        format!("{:016x}", crate::hash::hash_name(&canonical))
    }
}

/// Rewrite the canonical tree of a model-1 scenario into schema version 1
/// when it uses nothing of schema version 2.
fn schema1_form(value: &mut Value, costs: &UnitCosts) {
    let Value::Table(root) = value else { return };
    let online = BudgetLine::Online.key();
    let uses_online = |v: &Value| -> bool {
        fn any(v: &Value, key: &str) -> bool {
            match v {
                Value::Table(t) => t.iter().any(|(k, x)| k == key || any(x, key)),
                Value::Array(a) => a.iter().any(|x| any(x, key)),
                _ => false,
            }
        }
        any(v, online)
    };
    let schema2 = costs.online_group != UnitCosts::default().online_group
        || root.get("budget").is_some_and(uses_online)
        || root.get("wards").is_some_and(uses_online)
        || root.get(OWN_WARD_KEY).is_some_and(uses_online);
    if schema2 {
        return;
    }
    root.remove("model");
    root.insert("schema_version".into(), Value::Integer(1));
    if let Some(Value::Table(uc)) = root.get_mut("unit_costs") {
        uc.remove("online_group");
    }
}

/// Every line of `lines`, but `online` only when it is not 0 (a file of
/// schema version 1 has none, and 0 is what a missing line means).
fn all_lines_table(lines: &Lines) -> Table {
    let mut values = lines.0.map(Some);
    if lines.get(BudgetLine::Online) == 0.0 {
        values[BudgetLine::Online.index()] = None;
    }
    lines_table(&values)
}

fn lines_table(values: &[Option<f64>; LINE_COUNT]) -> Table {
    let mut t = Table::new();
    for line in BudgetLine::ALL {
        if let Some(x) = values[line.index()] {
            t.insert(line.key().into(), Value::Float(x));
        }
    }
    t
}

fn budget_to_value(b: &BudgetSpec) -> Table {
    let mut t = Table::new();
    match &b.basis {
        Basis::StatusQuo => {
            t.insert("basis".into(), Value::String("status_quo".into()));
        }
        Basis::Total {
            amounts,
            shares,
            shift,
            spread,
        } => {
            t.insert("basis".into(), Value::String("total".into()));
            let total = if amounts.len() == 1 {
                Value::Float(amounts[0])
            } else {
                Value::Array(amounts.iter().map(|x| Value::Float(*x)).collect())
            };
            t.insert("total".into(), total);
            match shares {
                Some(s) => t.insert("shares".into(), Value::Table(all_lines_table(s))),
                None => t.insert("shares".into(), Value::String("status_quo".into())),
            };
            if let Some(s) = shift {
                t.insert("share_shift".into(), Value::Table(all_lines_table(s)));
            }
            t.insert("spread".into(), Value::String(spread.key().into()));
        }
    }
    let edits = |edits: &[LineEdit]| {
        Value::Array(
            edits
                .iter()
                .map(|e| {
                    let mut et = lines_table(&e.values);
                    if let Some(w) = &e.wards {
                        et.insert(
                            "wards".into(),
                            Value::Array(w.iter().map(|x| Value::String(x.clone())).collect()),
                        );
                    }
                    if let Some(y) = &e.fiscal_years {
                        et.insert(
                            "fiscal_years".into(),
                            Value::Array(y.iter().map(|x| Value::Integer(i64::from(*x))).collect()),
                        );
                    }
                    Value::Table(et)
                })
                .collect(),
        )
    };
    if !b.scale.is_empty() {
        t.insert("scale".into(), edits(&b.scale));
    }
    if !b.set.is_empty() {
        t.insert("set".into(), edits(&b.set));
    }
    t
}

/// The `run` section (targets only when the file gave its own).
fn run_to_value(settings: &RunSettings) -> Table {
    let mut run = Table::new();
    run.insert("runs".into(), Value::Integer(settings.runs as i64));
    run.insert("seed".into(), Value::Integer(settings.seed as i64));
    run.insert("mode".into(), Value::String(settings.mode.key().into()));
    run.insert("horizon".into(), Value::Integer(settings.horizon as i64));
    run.insert(
        "first_fy".into(),
        Value::Integer(i64::from(settings.first_fy)),
    );
    if settings.targets_given {
        let targets = settings
            .targets
            .iter()
            .map(|t| {
                let mut tt = Table::new();
                tt.insert("id".into(), Value::String(t.id.clone()));
                tt.insert("metric".into(), Value::String(t.metric.key().into()));
                let key = if t.direction == Direction::AtLeast {
                    "at_least"
                } else {
                    "at_most"
                };
                tt.insert(key.into(), Value::Float(t.threshold));
                Value::Table(tt)
            })
            .collect();
        run.insert("targets".into(), Value::Array(targets));
    }
    run
}

/// The `parameters` section: a distribution's text, or a table when an
/// origin or a per-ward variation is given too.
fn parameters_to_value(parameters: &[ParameterOverride]) -> Table {
    let mut params = Table::new();
    for o in parameters {
        let dist = Value::String(o.distribution.to_string());
        let v = if o.origin.is_none() && o.ward_variation.is_none() {
            dist
        } else {
            let mut pt = Table::new();
            pt.insert("distribution".into(), dist);
            if let Some(origin) = o.origin {
                pt.insert("origin".into(), Value::String(origin.key().into()));
            }
            if let Some(w) = o.ward_variation {
                pt.insert("ward_variation".into(), Value::Float(w));
            }
            Value::Table(pt)
        };
        params.insert(o.param.name().into(), v);
    }
    params
}

/// The `unit_costs` section.
fn unit_costs_to_value(costs: &UnitCosts) -> Table {
    let mut uc = Table::new();
    uc.insert("fte".into(), Value::Float(costs.fte));
    uc.insert("seat".into(), Value::Float(costs.seat));
    uc.insert(
        "supervision_month".into(),
        Value::Float(costs.supervision_month),
    );
    uc.insert("base".into(), Value::Float(costs.base));
    uc.insert("online_group".into(), Value::Float(costs.online_group));
    uc
}

/// One outcome rule.
fn rule_to_value(rule: &OutcomeRule) -> Value {
    let mut t = Table::new();
    t.insert("id".into(), Value::String(rule.id.clone()));
    t.insert("metric".into(), Value::String(rule.metric.key().into()));
    match rule.kind {
        RuleKind::PerUnit {
            rate,
            threshold,
            cap,
        } => {
            t.insert("kind".into(), Value::String("per_unit".into()));
            t.insert("rate".into(), Value::Float(rate));
            t.insert("threshold".into(), Value::Float(threshold));
            if let Some(cap) = cap {
                t.insert("cap".into(), Value::Float(cap));
            }
        }
        RuleKind::Bonus { threshold, amount } => {
            t.insert("kind".into(), Value::String("bonus".into()));
            t.insert("threshold".into(), Value::Float(threshold));
            t.insert("amount".into(), Value::Float(amount));
        }
        RuleKind::Withhold {
            fraction,
            floor,
            target,
        } => {
            t.insert("kind".into(), Value::String("withhold".into()));
            t.insert("fraction".into(), Value::Float(fraction));
            t.insert("floor".into(), Value::Float(floor));
            t.insert("target".into(), Value::Float(target));
        }
    }
    Value::Table(t)
}
