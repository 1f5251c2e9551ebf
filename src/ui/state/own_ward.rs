//! Where the "my ward" form starts from: a one-ward scenario with the
//! figures of a ward of the built-in data, or the illustrative example,
//! for the ward to replace with its own.

use toml::Value;

use crate::model::BudgetLine;
use crate::model::parameters::Param;
use crate::scenario::FieldPath;
use crate::scenario::own_ward::OwnWard;
use crate::scenario::wards::WardRecord;
use crate::ui::doc::Document;
use crate::ui::i18n::{Lang, Msg};

/// The example of `scenarios/examples/my-ward.toml` (illustrative figures).
pub const EXAMPLE: &str = include_str!("../../../scenarios/examples/my-ward.toml");

/// Key of the example among the starting points.
pub const EXAMPLE_KEY: &str = "example";

/// A scenario of one ward with the figures of ward `key` of the built-in
/// 23-ward data (as apportioned from the brief's totals), or of the
/// illustrative example for [`EXAMPLE_KEY`]; `None` for an unknown key.
pub fn own_ward_document(key: &str) -> Option<Document> {
    let mut doc = Document::from_saved(EXAMPLE).ok()?;
    if key == EXAMPLE_KEY {
        return Some(doc);
    }
    let status_quo = Document::builtin("status-quo")?.check().loaded?;
    let i = status_quo
        .ward_data
        .wards
        .iter()
        .position(|w| w.name == key)?;
    let record = &status_quo.ward_data.wards[i];
    let plan = &status_quo.plan;
    let points = plan.parameters.points();
    let mut lines = plan.wards[i].status_quo_budget;
    for line in BudgetLine::ALL {
        lines.set(line, lines.get(line).round());
    }
    let own = OwnWard {
        ward: WardRecord {
            name: record.name.clone(),
            name_ja: record.name_ja.clone(),
            population: record.population.round(),
            participants: record.participants.round(),
            untrained: record.untrained.round(),
            certified: record.certified.round(),
            bases: record.bases,
            awareness: record.awareness,
            status_quo_budget: Some(lines),
        },
        continuation: points.get(Param::C0),
        satisfaction: points.get(Param::S0),
    };
    doc.set(FieldPath::own_ward(), own.to_value());
    let slug = record.name.to_ascii_lowercase().replace(' ', "-");
    doc.set(FieldPath::name(), Value::String(format!("my-ward-{slug}")));
    for (lang, ward) in [(Lang::En, &record.name), (Lang::Ja, &record.name_ja)] {
        let said = |message: Msg| Value::String(message.fill(lang, &[("ward", ward)]));
        doc.set(FieldPath::title(lang), said(Msg::OwnWardTitle));
        doc.set(FieldPath::description(lang), said(Msg::OwnWardDescription));
    }
    Some(doc)
}
