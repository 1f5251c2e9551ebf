//! A scenario field in the form: a text input bound to a field path, with
//! the engine's messages for it; and what the other editors share.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::BudgetLine;
use crate::scenario::FieldError;
use crate::ui::ctx::Ctx;
use crate::ui::doc::value_text;
use crate::ui::i18n::{Lang, say};
use crate::ui::state::Action;

/// The name of a budget line.
pub fn line_label(lang: Lang, line: BudgetLine) -> &'static str {
    line.name(lang)
}

/// What an input now holds.
pub(super) fn input_text(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// What a select now holds.
pub(super) fn select_text(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The element id of the input of the field at `path`.
pub fn field_id(path: &str) -> String {
    format!(
        "f-{}",
        path.replace(['.', '[', ']'], "-").trim_end_matches('-')
    )
}

/// Errors of one field, shown under it.
#[derive(Clone, PartialEq, Properties)]
pub struct FieldErrorsProps {
    /// Interface language.
    pub lang: Lang,
    /// Errors to show.
    pub errors: Vec<FieldError>,
    /// Id of the element (for aria-describedby).
    pub id: String,
}

/// The engine's messages for one field.
#[component]
pub fn FieldErrors(props: &FieldErrorsProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <ul class="field-errors" id={props.id.clone()} role="alert">
            { for props.errors.iter().map(|e| html! { <li>{ say(e, props.lang) }</li> }) }
        </ul>
    }
}

/// Props of a text field bound to a path of the scenario.
#[derive(Clone, PartialEq, Properties)]
pub struct TextFieldProps {
    /// Shared context.
    pub ctx: Ctx,
    /// Field path in the scenario (`run.runs`).
    pub path: AttrValue,
    /// Label text.
    pub label: AttrValue,
    /// Input type (`text`, `number`).
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// `data-testid`, if any.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Id of further text that describes the field (e.g. checks shown
    /// under it), announced with it.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
}

/// A labelled input bound to a scenario field, with its errors.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let state = &props.ctx.state;
    let path = props.path.to_string();
    let id = field_id(&path);
    let err_id = format!("{id}-errors");
    let errors: Vec<FieldError> = state
        .workspace
        .checked
        .errors_at(&path)
        .into_iter()
        .cloned()
        .collect();
    // What is being typed is kept here until it is committed, so that a
    // redraw while results stream in does not put the old value back.
    let typed = use_state(|| None::<String>);
    let value = (*typed)
        .clone()
        .unwrap_or_else(|| value_text(state.workspace.doc.get(&path)));
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(Some(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let onchange = {
        let dispatch = props.ctx.dispatch.clone();
        let path = path.clone();
        Callback::from(move |e: Event| {
            typed.set(None);
            dispatch.emit(Action::SetField {
                path: path.clone(),
                text: input_text(&e),
            })
        })
    };
    let invalid = !errors.is_empty();
    let described_by: Vec<String> = invalid
        .then(|| err_id.clone())
        .into_iter()
        .chain(props.described_by.as_ref().map(|d| d.to_string()))
        .collect();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input id={id} type={props.kind.clone()} value={value} {oninput} {onchange}
                step={(props.kind == "number").then_some("any")}
                aria-invalid={invalid.to_string()}
                aria-describedby={(!described_by.is_empty()).then(|| described_by.join(" "))}
                data-testid={props.testid.clone()} />
            <FieldErrors lang={state.lang} errors={errors} id={err_id} />
        </div>
    }
}
