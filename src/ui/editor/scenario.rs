//! The scenario picker (built-in and saved scenarios, save, name and
//! title) and the list of every error of the scenario.

use yew::prelude::*;

use crate::scenario::FieldPath;
use crate::scenario::builtin::SCENARIOS;
use crate::ui::ctx::Ctx;
use crate::ui::doc::Document;
use crate::ui::i18n::{Msg, say};
use crate::ui::state::{Action, Replacement};

use super::field::{TextField, select_text};

/// Picker of built-in and saved scenarios, with save and the name fields.
#[component]
pub fn ScenarioPicker(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let workspace = &ctx.state.workspace;
    let current = workspace.doc.name();
    // Picking in the list (even with the arrow keys) replaces nothing;
    // Open does, after asking if there are unsaved edits.
    let picked = use_state(|| format!("builtin:{current}"));
    let onchange = {
        let picked = picked.clone();
        Callback::from(move |e: Event| picked.set(select_text(&e)))
    };
    let open_picked = {
        let (dispatch, picked) = (ctx.dispatch.clone(), picked.clone());
        Callback::from(move |_: MouseEvent| {
            let v = (*picked).clone();
            if let Some(i) = v.strip_prefix("saved:").and_then(|i| i.parse().ok()) {
                dispatch.emit(Action::replace_now(Replacement::Saved(i)));
            } else if let Some(name) = v.strip_prefix("builtin:") {
                dispatch.emit(Action::replace_now(Replacement::Builtin(name.to_string())));
            }
        })
    };
    let title_of = |name: &str| -> String {
        Document::builtin(name)
            .map(|d| d.title(lang))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| name.to_string())
    };
    let save = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Save))
    };
    html! {
        <section class="panel" aria-labelledby="h-scenario">
            <h2 id="h-scenario">{ Msg::Workspace.text(lang) }</h2>
            <div class="field">
                <label for="scenario-select">{ Msg::PickScenario.text(lang) }</label>
                <div class="row">
                <select id="scenario-select" data-testid="scenario-select" {onchange}>
                    <optgroup label={Msg::PickScenario.text(lang)}>
                    { for SCENARIOS.iter().map(|(name, _)| html! {
                        <option value={format!("builtin:{name}")} selected={*picked == format!("builtin:{name}")}>
                            { title_of(name) }
                        </option>
                    }) }
                    </optgroup>
                    if !workspace.saved.is_empty() {
                        <optgroup label={Msg::SavedScenarios.text(lang)}>
                        { for workspace.saved.iter().enumerate().map(|(i, s)| html! {
                            <option value={format!("saved:{i}")} selected={*picked == format!("saved:{i}")}>{ s.name.clone() }</option>
                        }) }
                        </optgroup>
                    }
                </select>
                <button type="button" data-testid="scenario-open" onclick={open_picked}>{ Msg::Open.text(lang) }</button>
                </div>
            </div>
            <TextField ctx={ctx.clone()} path={FieldPath::name().to_string()} label={Msg::Name.text(lang)} testid="scenario-name" />
            <TextField ctx={ctx.clone()} path={FieldPath::title(lang).to_string()} label={Msg::Title.text(lang)} />
            <TextField ctx={ctx.clone()} path={FieldPath::description(lang).to_string()}
                label={Msg::Description.text(lang)} />
            <div class="row">
                <button type="button" onclick={save} data-testid="save-button">{ Msg::Save.text(lang) }</button>
            </div>
            if !workspace.saved.is_empty() {
                <ul class="saved-list" aria-label={Msg::SavedScenarios.text(lang)}>
                { for workspace.saved.iter().enumerate().map(|(i, s)| {
                    let open = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::replace_now(Replacement::Saved(i)))) };
                    let delete = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::DeleteSaved(i))) };
                    html! {
                        <li>
                            <span>{ s.name.clone() }</span>
                            <button type="button" onclick={open}>{ Msg::Open.text(lang) }</button>
                            <button type="button" onclick={delete}
                                aria-label={format!("{} {}", Msg::Delete.text(lang), s.name)}>{ Msg::Delete.text(lang) }</button>
                        </li>
                    }
                }) }
                </ul>
            }
        </section>
    }
}

/// Every error of the scenario, each naming its field.
#[component]
pub fn ErrorList(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let errors = &ctx.state.workspace.checked.errors;
    if errors.is_empty() {
        return html! { <div data-testid="error-list" class="error-list empty" hidden=true></div> };
    }
    html! {
        <section class="error-list" data-testid="error-list" role="alert" aria-labelledby="h-errors">
            <h2 id="h-errors">{ format!("{} ({})", Msg::Errors.text(lang), errors.len()) }</h2>
            <ul>
                { for errors.iter().map(|e| html! { <li><code>{ e.path.clone() }</code>{ " " }{ say(e, lang) }</li> }) }
            </ul>
        </section>
    }
}
