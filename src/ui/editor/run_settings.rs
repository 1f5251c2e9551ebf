//! The run settings (runs, seed, mode, horizon, first FY) and the targets.

use toml::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::scenario::plan::{Direction, Target, TargetMetric};
use crate::scenario::{FieldError, FieldPath};
use crate::ui::ctx::Ctx;
use crate::ui::doc::{Document, value_text};
use crate::ui::format;
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use crate::ui::view::metric_label;

use super::field::{FieldErrors, TextField, input_text, select_text};

/// Runs, seed, mode, horizon, first FY and targets.
#[component]
pub fn RunSettingsPanel(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let workspace = &ctx.state.workspace;
    let mode = value_text(workspace.doc.get(FieldPath::mode()));
    let on_mode = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            dispatch.emit(Action::SetValue {
                path: FieldPath::mode().into(),
                value: Value::String(select_text(&e)),
            })
        })
    };
    let targets = target_rows(&workspace.doc);
    // The first FY in the era calendar next to the Western year typed.
    let start_fy = workspace.checked.loaded.as_ref().map(|l| l.plan.start_fy);
    let add_target = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::AddTarget))
    };
    html! {
        <section class="panel" aria-labelledby="h-run">
            <h2 id="h-run">{ Msg::RunSettings.text(lang) }</h2>
            <div class="grid">
                <TextField ctx={ctx.clone()} path={FieldPath::runs().to_string()} label={Msg::Runs.text(lang)} kind="number" testid="runs-input" />
                <TextField ctx={ctx.clone()} path={FieldPath::seed().to_string()} label={Msg::Seed.text(lang)} kind="number" testid="seed-input" />
                <div class="field">
                    <label for="run-mode">{ Msg::Mode.text(lang) }</label>
                    <select id="run-mode" onchange={on_mode} data-testid="mode-select">
                        <option value="stochastic" selected={mode != "expected"}>{ Msg::ModeStochastic.text(lang) }</option>
                        <option value="expected" selected={mode == "expected"}>{ Msg::ModeExpected.text(lang) }</option>
                    </select>
                </div>
                <TextField ctx={ctx.clone()} path={FieldPath::horizon().to_string()} label={Msg::Horizon.text(lang)} kind="number" />
                <div class="first-fy">
                    <TextField ctx={ctx.clone()} path={FieldPath::first_fy().to_string()} label={Msg::FirstFy.text(lang)} kind="number"
                        described_by={start_fy.is_some().then_some(AttrValue::Static("first-fy-era"))} />
                    if let Some(fy) = start_fy {
                        <p id="first-fy-era" class="help" data-testid="first-fy-era">
                            { Msg::FirstFyIs.fill(lang, &[("fy", &format::fiscal_year_both(lang, fy))]) }</p>
                    }
                </div>
            </div>
            <h3>{ Msg::Targets.text(lang) }</h3>
            <table class="targets-edit" data-testid="targets-table">
                    <thead><tr>
                        <th scope="col">{ Msg::Metric.text(lang) }</th>
                        <th scope="col">{ Msg::Direction.text(lang) }</th>
                        <th scope="col">{ Msg::Threshold.text(lang) }</th>
                        <th scope="col"><span class="visually-hidden">{ Msg::Remove.text(lang) }</span></th>
                    </tr></thead>
                    <tbody>
                    { for targets.iter().enumerate().map(|(i, t)| target_row(ctx, i, t)) }
                    </tbody>
                </table>
            <button type="button" onclick={add_target}>{ Msg::AddTarget.text(lang) }</button>
            <FieldErrors lang={ctx.state.lang} errors={workspace.checked.errors_at(FieldPath::targets()).into_iter().cloned().collect::<Vec<_>>()} id="targets-errors" />
        </section>
    }
}

/// A target as written: id, metric, side and threshold as text.
struct TargetRow {
    id: String,
    metric: String,
    at_least: bool,
    threshold: String,
}

/// The targets of the document as written, or the defaults when it lists none.
fn target_rows(doc: &Document) -> Vec<TargetRow> {
    let n = doc.len(FieldPath::targets());
    if doc.get(FieldPath::targets()).is_none() {
        return Target::defaults()
            .into_iter()
            .map(|t| TargetRow {
                id: t.id,
                metric: t.metric.key().into(),
                at_least: true,
                threshold: value_text(Some(&Value::Float(t.threshold))),
            })
            .collect();
    }
    (0..n)
        .map(|k| {
            let id = value_text(doc.get(FieldPath::target_id(k)));
            let side = |d| doc.get(FieldPath::target_threshold(k, d));
            TargetRow {
                metric: doc
                    .get(FieldPath::target_metric(k))
                    .map_or(id.clone(), |v| value_text(Some(v))),
                id,
                at_least: side(Direction::AtMost).is_none(),
                threshold: value_text(side(Direction::AtLeast).or(side(Direction::AtMost))),
            }
        })
        .collect()
}

fn target_row(ctx: &Ctx, i: usize, t: &TargetRow) -> Html {
    let lang = ctx.state.lang;
    let edit = |field: &'static str| {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let text = match e.target_dyn_into::<HtmlSelectElement>() {
                Some(select) => select.value(),
                None => input_text(&e),
            };
            dispatch.emit(Action::EditTarget {
                index: i,
                field: field.into(),
                text,
            })
        })
    };
    let remove = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::RemoveTarget(i)))
    };
    let errors: Vec<FieldError> = ctx
        .state
        .workspace
        .checked
        .errors_at(FieldPath::target(i))
        .into_iter()
        .cloned()
        .collect();
    let err_id = format!("target-{i}-errors");
    let invalid = !errors.is_empty();
    let at_least = t.at_least;
    let threshold = t.threshold.clone();
    // The target's id stays in the file; people see it only as a tooltip.
    let which = format!("{} {}", Msg::Targets.text(lang), i + 1);
    html! {
        <tr data-testid="target-row" data-target={t.id.clone()} title={t.id.clone()}>
            <td><select onchange={edit("metric")} aria-invalid={invalid.to_string()}
                aria-label={format!("{which}: {}", Msg::Metric.text(lang))}>
                { for TargetMetric::ALL.iter().map(|m| html! {
                    <option value={m.key()} selected={m.key() == t.metric}>{ metric_label(lang, *m) }</option>
                }) }
            </select></td>
            <td><select onchange={edit("side")} aria-label={format!("{which}: {}", Msg::Direction.text(lang))}>
                <option value={Direction::AtLeast.key()} selected={at_least}>{ Msg::AtLeast.text(lang) }</option>
                <option value={Direction::AtMost.key()} selected={!at_least}>{ Msg::AtMost.text(lang) }</option>
            </select></td>
            <td><input type="text" inputmode="decimal" value={threshold} onchange={edit("threshold")}
                aria-label={format!("{which}: {}", Msg::Threshold.text(lang))} /></td>
            <td><button type="button" onclick={remove}
                aria-label={format!("{which}: {}", Msg::Remove.text(lang))}>{ "×" }</button>
                <FieldErrors lang={ctx.state.lang} errors={errors} id={err_id} /></td>
        </tr>
    }
}
