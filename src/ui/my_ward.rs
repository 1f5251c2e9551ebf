//! The "my ward" tab: a ward enters its own figures (the `[my_ward]`
//! section of the scenario being edited, [`crate::scenario::own_ward`]) and
//! sees, next to each field, what calibration makes of them
//! ([`crate::scenario::calibration`]): where the status quo cannot be
//! stationary, and which figures are implausible for the model. The form
//! edits the scenario itself, so what the user types is kept (and checked
//! by the engine) like any other field, and *Run my ward* runs it.

use toml::Value;
use yew::prelude::*;

use crate::model::BudgetLine;
use crate::model::parameters::Param;
use crate::scenario::calibration::{Check, Severity, calibration_report};
use crate::scenario::own_ward::{OWN_WARD_KEY, OwnWard};
use crate::scenario::wards::WardRecord;

use super::doc::Document;
use super::editor::{Ctx, TextField, field_id, line_label};
use super::format;
use super::i18n::{Lang, Msg, say};
use super::state::{Action, Replacement, Tool};

/// The example of `scenarios/examples/my-ward.toml` (illustrative figures).
pub const EXAMPLE: &str = include_str!("../../scenarios/examples/my-ward.toml");

/// Key of the example among the starting points.
pub const EXAMPLE_KEY: &str = "example";

/// The form's fields under `my_ward`, in order, with their labels.
pub const FIELDS: [(&str, Msg); 10] = [
    ("name", Msg::WardNameEn),
    ("name_ja", Msg::WardNameJa),
    ("population", Msg::Population),
    ("participants", Msg::Participants),
    ("untrained", Msg::Untrained),
    ("certified", Msg::Certified),
    ("bases", Msg::Sites),
    ("awareness", Msg::AwarenessShare),
    ("continuation", Msg::ContinuationShare),
    ("satisfaction", Msg::SatisfactionShare),
];

/// Path of a budget line's field.
pub fn budget_path(line: BudgetLine) -> String {
    format!("{OWN_WARD_KEY}.status_quo_budget.{}", line.key())
}

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
    doc.set(OWN_WARD_KEY, own.to_value());
    let slug = record.name.to_ascii_lowercase().replace(' ', "-");
    doc.set("name", Value::String(format!("my-ward-{slug}")));
    doc.set(
        "title",
        Value::String(format!("{} (own figures)", record.name)),
    );
    doc.set(
        "title_ja",
        Value::String(format!("{}（区独自の数値）", record.name_ja)),
    );
    doc.set(
        "description",
        Value::String(format!(
            "{}: the built-in figures apportioned from the brief's 23-ward totals, to be replaced by the ward's own.",
            record.name
        )),
    );
    doc.set(
        "description_ja",
        Value::String(format!(
            "{}：提言の23区合計から按分した組み込みの数値。区独自の数値に置き換えてください。",
            record.name_ja
        )),
    );
    Some(doc)
}

/// The headline of a calibration check in the interface language.
pub fn check_headline(id: &str) -> Msg {
    match id {
        "at_capacity" => Msg::CheckAtCapacity,
        "no_demand" => Msg::CheckNoDemand,
        "awareness_drifts" => Msg::CheckAwarenessDrifts,
        "no_recruits" => Msg::CheckNoRecruits,
        "need_pool" => Msg::CheckNeedPool,
        "no_supporters" => Msg::CheckNoSupporters,
        "supporter_capacity" => Msg::CheckSupporterCapacity,
        "no_sites" => Msg::CheckNoSites,
        "site_capacity" => Msg::CheckSiteCapacity,
        "bases_budget" => Msg::CheckBasesBudget,
        "awareness_range" => Msg::CheckAwarenessRange,
        "continuation_range" => Msg::CheckContinuationRange,
        "satisfaction_range" => Msg::CheckSatisfactionRange,
        "training_replacement" => Msg::CheckTrainingReplacement,
        "supervision_excess" => Msg::CheckSupervisionExcess,
        "no_grants" => Msg::CheckNoGrants,
        "per_participant_range" => Msg::CheckPerParticipantRange,
        _ => Msg::Warnings,
    }
}

/// The checks about one field, as a list under it with id `id` (the
/// field's `aria-describedby` names it).
fn check_list(lang: Lang, checks: &[&Check], id: Option<String>) -> Html {
    if checks.is_empty() {
        return html! {};
    }
    html! {
        <ul class="checks" id={id}>
        { for checks.iter().map(|c| {
            let (class, severity) = match c.severity {
                Severity::Warning => ("check warning", Msg::CheckWarning),
                Severity::Note => ("check note", Msg::CheckNote),
            };
            html! {
                <li class={class} data-testid="calibration-check" data-id={c.id}
                    data-field={c.field.clone()} data-severity={format!("{:?}", c.severity).to_lowercase()}>
                    <strong>{ format!("{}: {}", severity.text(lang), check_headline(c.id).text(lang)) }</strong>
                    <span class="check-detail">{ format!(" {}", say(*c, lang)) }</span>
                </li>
            }
        }) }
        </ul>
    }
}

/// Props of [`MyWardPanel`].
#[derive(Clone, PartialEq, Properties)]
pub struct MyWardPanelProps {
    /// Shared context.
    pub ctx: Ctx,
    /// Run the scenario being edited.
    pub on_run: Callback<()>,
}

/// The "my ward" tab.
#[component]
pub fn MyWardPanel(props: &MyWardPanelProps) -> Html {
    let ctx = &props.ctx;
    let state = &ctx.state;
    let lang = state.lang;
    let header = html! {
        <>
            <h2 id="h-my-ward">{ Msg::MyWardTitle.text(lang) }</h2>
            <p class="help">{ Msg::MyWardHelp.text(lang) }</p>
        </>
    };
    if state.doc.get(OWN_WARD_KEY).is_none() {
        let pick = {
            let dispatch = ctx.dispatch.clone();
            Callback::from(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                dispatch.emit(Action::PickOwnWardSource(select.value()));
            })
        };
        let start = {
            let dispatch = ctx.dispatch.clone();
            let key = state.own_ward_source.clone();
            Callback::from(move |_| {
                dispatch.emit(Action::replace_now(Replacement::OwnWard(key.clone())))
            })
        };
        let wards: Vec<(String, String)> = Document::builtin("status-quo")
            .and_then(|d| d.check().loaded)
            .map(|l| {
                l.ward_data
                    .wards
                    .iter()
                    .map(|w| {
                        let label = if lang == Lang::Ja {
                            w.name_ja.clone()
                        } else {
                            w.name.clone()
                        };
                        (w.name.clone(), label)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let selected = state.own_ward_source.clone();
        return html! {
            <section class="panel" aria-labelledby="h-my-ward" data-testid="my-ward-panel">
                { header }
                <p>{ Msg::MyWardStartHelp.text(lang) }</p>
                <div class="field">
                    <label for="my-ward-source">{ Msg::MyWardStartFrom.text(lang) }</label>
                    <select id="my-ward-source" data-testid="my-ward-source" onchange={pick}>
                        <option value={EXAMPLE_KEY} selected={selected == EXAMPLE_KEY}>{ Msg::MyWardExample.text(lang) }</option>
                        <optgroup label={Msg::MyWardBuiltinFigures.text(lang)}>
                        { for wards.iter().map(|(key, label)| html! {
                            <option value={key.clone()} selected={selected == *key}>{ label.clone() }</option>
                        }) }
                        </optgroup>
                    </select>
                </div>
                <button type="button" class="primary" data-testid="my-ward-start" onclick={start}>
                    { Msg::MyWardStart.text(lang) }</button>
            </section>
        };
    }
    let report = state.checked.loaded.as_ref().map(calibration_report);
    let checks: Vec<&Check> = report
        .as_ref()
        .map(|r| r.wards.iter().flat_map(|w| &w.checks).collect())
        .unwrap_or_default();
    let at = |path: &str| -> Vec<&Check> {
        checks.iter().copied().filter(|c| c.field == path).collect()
    };
    let mut shown: Vec<String> = FIELDS
        .iter()
        .map(|(key, _)| format!("{OWN_WARD_KEY}.{key}"))
        .collect();
    shown.extend(BudgetLine::ALL.iter().map(|l| budget_path(*l)));
    shown.push(format!("{OWN_WARD_KEY}.status_quo_budget"));
    let others: Vec<&Check> = checks
        .iter()
        .copied()
        .filter(|c| !shown.contains(&c.field))
        .collect();
    let field = |key: &str, label: &str| {
        let path = format!("{OWN_WARD_KEY}.{key}");
        let field_checks = at(&path);
        let checks_id = format!("{}-checks", field_id(&path));
        let described_by = (!field_checks.is_empty()).then(|| AttrValue::from(checks_id.clone()));
        // Plain text, so that whatever is typed stays visible (a number
        // input would blank a value it cannot read) and the engine names it.
        html! {
            <div class="my-ward-field">
                <TextField ctx={ctx.clone()} path={path.clone()} label={label.to_string()}
                    testid={AttrValue::from(format!("my-ward-{}", key.replace(['_', '.'], "-")))}
                    {described_by} />
                { check_list(lang, &field_checks, Some(checks_id)) }
            </div>
        }
    };
    let run = {
        let dispatch = ctx.dispatch.clone();
        let on_run = props.on_run.clone();
        Callback::from(move |_| {
            dispatch.emit(Action::ShowTool(Tool::Results));
            on_run.emit(());
        })
    };
    let blocked = state.run_blocked();
    let summary = match report
        .as_ref()
        .and_then(|r| r.wards.first().map(|w| (r, w)))
    {
        Some((r, w)) => {
            html! {
                <div data-testid="my-ward-calibration">
                    <p class={if r.warnings > 0 { "status" } else { "help" }} role="status" data-testid="my-ward-summary"
                        data-warnings={r.warnings.to_string()} data-notes={r.notes.to_string()}>
                        { format!("{}: {} {} · {} {}", Msg::MyWardCalibration.text(lang),
                            r.warnings, Msg::CheckWarnings.text(lang), r.notes, Msg::CheckNotes.text(lang)) }
                    </p>
                    <table class="data">
                        <caption>{ Msg::MyWardCapacities.text(lang) }</caption>
                        <tbody>
                            <tr><th scope="row">{ Msg::NeedPool.text(lang) }</th><td class="num">{ format::count(w.capacities.need_pool) }</td></tr>
                            <tr><th scope="row">{ Msg::SupporterCapacity.text(lang) }</th><td class="num">{ format::count(w.capacities.supporters) }</td></tr>
                            <tr><th scope="row">{ Msg::SiteCapacity.text(lang) }</th><td class="num">{ format::count(w.capacities.sites) }</td></tr>
                            <tr><th scope="row">{ Msg::SpendingPerParticipant.text(lang) }</th>
                                <td class="num">{ w.spending_per_participant.map(|x| format::money(lang, x)).unwrap_or_else(|| Msg::NotDefined.text(lang).to_string()) }</td></tr>
                        </tbody>
                    </table>
                    if !others.is_empty() {
                        { check_list(lang, &others, None) }
                    }
                </div>
            }
        }
        None => html! { <p class="status" role="status">{ Msg::MyWardFixFields.text(lang) }</p> },
    };
    html! {
        <section class="panel" aria-labelledby="h-my-ward" data-testid="my-ward-panel">
            { header }
            { summary }
            <fieldset class="my-ward">
                <legend>{ Msg::MyWardFigures.text(lang) }</legend>
                { for FIELDS.iter().map(|(key, label)| field(key, label.text(lang))) }
            </fieldset>
            <fieldset class="my-ward">
                <legend>{ Msg::MyWardBudget.text(lang) }</legend>
                { check_list(lang, &at(&format!("{OWN_WARD_KEY}.status_quo_budget")), None) }
                { for BudgetLine::ALL.iter().map(|line| field(&format!("status_quo_budget.{}", line.key()), line_label(lang, *line))) }
            </fieldset>
            <div class="run-controls">
                <button type="button" class="primary" data-testid="my-ward-run" onclick={run}
                    disabled={blocked.is_some()} aria-describedby="my-ward-why">{ Msg::MyWardRun.text(lang) }</button>
                <span id="my-ward-why" class="why">{ blocked.map(|m| m.text(lang)).unwrap_or_default() }</span>
            </div>
        </section>
    }
}
