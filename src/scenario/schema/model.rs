//! Reading and writing the `[model]` table: the model version and the
//! switches of version 2's mechanisms (docs/model.md §9).

use toml::Value;
use toml::value::Table;

use crate::model::{Mechanism, ModelSpec};

use super::super::message::{Phrase, Problem};
use super::super::read::{Reader, describe, join};

/// The `[model]` table; a version 1 with switches is an error naming
/// `model.mechanisms`.
pub(super) fn read_model(v: &Value, r: &mut Reader) -> ModelSpec {
    let Some(t) = r.as_table(v, "model") else {
        return ModelSpec::default();
    };
    r.only_keys(t, "model", &["version", "mechanisms"]);
    let version = r
        .optional(t, "model", "version", |r, v, p| {
            r.as_whole(v, p, 1, i64::from(ModelSpec::LATEST), Phrase::ModelVersion)
        })
        .unwrap_or(i64::from(ModelSpec::LATEST));
    let mut model = ModelSpec::of_version(version as u8);
    let Some(mv) = t.get("mechanisms") else {
        return model;
    };
    let path = join("model", "mechanisms");
    if version == 1 {
        r.error(
            &path,
            describe(mv),
            Problem::Fixed(Phrase::MechanismsNeedV2),
        );
        return model;
    }
    let Some(mt) = r.as_table(mv, &path) else {
        return model;
    };
    r.only_keys(mt, &path, &Mechanism::ALL.map(Mechanism::key));
    for m in Mechanism::ALL {
        if let Some(on) = r.optional(mt, &path, m.key(), |r, v, p| match v {
            Value::Boolean(b) => Some(*b),
            other => {
                r.wrong_type(p, other, Phrase::ABool);
                None
            }
        }) {
            model.mechanisms.set(m, on);
        }
    }
    model
}

/// The `[model]` table of `model`, or `None` for the default (version 2
/// with every mechanism on). Version 2 lists only the switches that are off.
pub(super) fn model_to_value(model: &ModelSpec) -> Option<Value> {
    if *model == ModelSpec::default() {
        return None;
    }
    let mut t = Table::new();
    t.insert("version".into(), Value::Integer(i64::from(model.version)));
    if model.version >= 2 {
        let off: Table = Mechanism::ALL
            .into_iter()
            .filter(|m| !model.mechanisms.get(*m))
            .map(|m| (m.key().to_string(), Value::Boolean(false)))
            .collect();
        t.insert("mechanisms".into(), Value::Table(off));
    }
    Some(Value::Table(t))
}
