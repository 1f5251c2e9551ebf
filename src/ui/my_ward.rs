//! The "my ward" tab: a ward enters its own figures (the `[my_ward]`
//! section of the scenario being edited, [`crate::scenario::own_ward`]) and
//! sees, next to each field, what calibration makes of them
//! ([`crate::scenario::calibration`]): where the status quo cannot be
//! stationary, and which figures are implausible for the model. The form
//! edits the scenario itself, so what the user types is kept (and checked
//! by the engine) like any other field, and *Run my ward* runs it.

use yew::prelude::*;

use crate::model::BudgetLine;
use crate::scenario::FieldPath;
use crate::scenario::calibration::{CalibrationReport, Check, Severity, calibration_report};
use crate::scenario::field::OwnWardField;

use super::ctx::Ctx;
use super::doc::Document;
use super::editor::{TextField, field_id, line_label};
use super::format;
use super::i18n::{Lang, Msg, say};
use super::state::own_ward::EXAMPLE_KEY;
use super::state::{Action, Replacement, Tool};

/// The form's fields under `my_ward`, in order, with their labels.
pub const FIELDS: [(OwnWardField, Msg); 10] = [
    (OwnWardField::Name, Msg::WardNameEn),
    (OwnWardField::NameJa, Msg::WardNameJa),
    (OwnWardField::Population, Msg::Population),
    (OwnWardField::Participants, Msg::Participants),
    (OwnWardField::Untrained, Msg::Untrained),
    (OwnWardField::Certified, Msg::Certified),
    (OwnWardField::Bases, Msg::Sites),
    (OwnWardField::Awareness, Msg::AwarenessShare),
    (OwnWardField::Continuation, Msg::ContinuationShare),
    (OwnWardField::Satisfaction, Msg::SatisfactionShare),
];

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

fn header(lang: Lang) -> Html {
    html! {
        <>
            <h2 id="h-my-ward">{ Msg::MyWardTitle.text(lang) }</h2>
            <p class="help">{ Msg::MyWardHelp.text(lang) }</p>
        </>
    }
}

/// The "my ward" tab.
#[component]
pub fn MyWardPanel(props: &MyWardPanelProps) -> Html {
    let ctx = &props.ctx;
    let state = &ctx.state;
    let lang = state.lang;
    if state.workspace.doc.get(FieldPath::own_ward()).is_none() {
        return start_from(ctx);
    }
    let report = state
        .workspace
        .checked
        .loaded
        .as_ref()
        .map(calibration_report);
    let checks: Vec<&Check> = report
        .as_ref()
        .map(|r| r.wards.iter().flat_map(|w| &w.checks).collect())
        .unwrap_or_default();
    let at = |path: &FieldPath| -> Vec<&Check> {
        checks
            .iter()
            .copied()
            .filter(|c| c.field == path.as_str())
            .collect()
    };
    let field = |path: FieldPath, label: &str| {
        let field_checks = at(&path);
        let checks_id = format!("{}-checks", field_id(path.as_str()));
        let described_by = (!field_checks.is_empty()).then(|| AttrValue::from(checks_id.clone()));
        // my_ward.name_ja → my-ward-name-ja
        let testid = path.as_str().replace(['_', '.'], "-");
        // Plain text, so that whatever is typed stays visible (a number
        // input would blank a value it cannot read) and the engine names it.
        html! {
            <div class="my-ward-field">
                <TextField ctx={ctx.clone()} path={path.to_string()} label={label.to_string()}
                    testid={AttrValue::from(testid)} {described_by} />
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
    html! {
        <section class="panel" aria-labelledby="h-my-ward" data-testid="my-ward-panel">
            { header(lang) }
            { calibration_summary(lang, report.as_ref(), &checks) }
            <fieldset class="my-ward">
                <legend>{ Msg::MyWardFigures.text(lang) }</legend>
                { for FIELDS.iter().map(|(f, label)| field(FieldPath::own_ward_field(*f), label.text(lang))) }
            </fieldset>
            <fieldset class="my-ward">
                <legend>{ Msg::MyWardBudget.text(lang) }</legend>
                { check_list(lang, &at(&FieldPath::own_ward_budget()), None) }
                { for BudgetLine::ALL.iter().map(|line| field(FieldPath::own_ward_line(*line), line_label(lang, *line))) }
            </fieldset>
            <div class="run-controls">
                <button type="button" class="primary" data-testid="my-ward-run" onclick={run}
                    disabled={blocked.is_some()} aria-describedby="my-ward-why">{ Msg::MyWardRun.text(lang) }</button>
                <span id="my-ward-why" class="why">{ blocked.map(|m| m.text(lang)).unwrap_or_default() }</span>
            </div>
        </section>
    }
}

/// Before the scenario has a ward's own figures: where to start from (a
/// ward of the built-in data or the example) and the button that starts.
fn start_from(ctx: &Ctx) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
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
    html! {
        <section class="panel" aria-labelledby="h-my-ward" data-testid="my-ward-panel">
            { header(lang) }
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
    }
}

/// What calibration makes of the figures: the counts of warnings and
/// notes, the capacities, and the checks about no field of the form; or,
/// while the scenario has errors, that the fields need fixing.
fn calibration_summary(lang: Lang, report: Option<&CalibrationReport>, checks: &[&Check]) -> Html {
    let Some((r, w)) = report.and_then(|r| r.wards.first().map(|w| (r, w))) else {
        return html! { <p class="status" role="status">{ Msg::MyWardFixFields.text(lang) }</p> };
    };
    let mut shown: Vec<FieldPath> = FIELDS
        .iter()
        .map(|(f, _)| FieldPath::own_ward_field(*f))
        .collect();
    shown.extend(BudgetLine::ALL.iter().map(|l| FieldPath::own_ward_line(*l)));
    shown.push(FieldPath::own_ward_budget());
    let others: Vec<&Check> = checks
        .iter()
        .copied()
        .filter(|c| !shown.iter().any(|p| p.as_str() == c.field))
        .collect();
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
