//! The outcome-linked rules (docs/model.md §6), one fieldset per rule.

use toml::Value;
use yew::prelude::*;

use crate::scenario::field::RuleField;
use crate::scenario::{FieldError, FieldPath};
use crate::ui::ctx::Ctx;
use crate::ui::doc::value_text;
use crate::ui::i18n::Msg;
use crate::ui::state::Action;

use super::field::{FieldErrors, TextField, field_id, select_text};

/// Outcome-linked rules (docs/model.md §6).
#[component]
pub fn OutcomeRulesEditor(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let n = ctx.state.workspace.doc.len(FieldPath::outcome_rules());
    let add = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| {
            let mut t = toml::value::Table::new();
            t.insert(RuleField::Id.key().into(), format!("rule-{}", n + 1).into());
            t.insert(RuleField::Kind.key().into(), "bonus".into());
            t.insert(RuleField::Metric.key().into(), "continuation".into());
            t.insert(RuleField::Threshold.key().into(), Value::Float(0.85));
            t.insert(RuleField::Amount.key().into(), Value::Integer(1_000_000));
            dispatch.emit(Action::SetValue {
                path: FieldPath::outcome_rule(n).into(),
                value: Value::Table(t),
            });
        })
    };
    let all = FieldPath::outcome_rules();
    let rule_errors: Vec<FieldError> = ctx
        .state
        .workspace
        .checked
        .errors_at(&all)
        .into_iter()
        .filter(|e| e.path == all.as_str())
        .cloned()
        .collect();
    html! {
        <section class="panel" aria-labelledby="h-rules">
            <h2 id="h-rules">{ Msg::OutcomeRules.text(lang) }</h2>
            <p class="help">{ Msg::OutcomeRulesHelp.text(lang) }</p>
            { for (0..n).map(|i| rule_editor(ctx, i)) }
            <FieldErrors lang={ctx.state.lang} errors={rule_errors} id="rules-errors" />
            <button type="button" onclick={add}>{ Msg::AddRule.text(lang) }</button>
        </section>
    }
}

/// A select of field `field` of rule `i` among `options`.
fn rule_select(ctx: &Ctx, i: usize, field: RuleField, options: &[&str]) -> Html {
    let lang = ctx.state.lang;
    let path = FieldPath::rule_field(i, field);
    let current = value_text(ctx.state.workspace.doc.get(&path));
    let id = field_id(path.as_str());
    let dispatch = ctx.dispatch.clone();
    let onchange = Callback::from(move |e: Event| {
        dispatch.emit(Action::SetValue {
            path: path.to_string(),
            value: Value::String(select_text(&e)),
        })
    });
    let label = if field == RuleField::Kind {
        Msg::Kind
    } else {
        Msg::Metric
    };
    html! {
        <div class="field">
            <label for={id.clone()}>{ label.text(lang) }</label>
            <select id={id} {onchange}>
                { for options.iter().map(|o| html! { <option value={o.to_string()} selected={current == *o}>{ o.to_string() }</option> }) }
            </select>
        </div>
    }
}

fn rule_editor(ctx: &Ctx, i: usize) -> Html {
    let lang = ctx.state.lang;
    let doc = &ctx.state.workspace.doc;
    let kind = value_text(doc.get(FieldPath::rule_field(i, RuleField::Kind)));
    let remove = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Remove(FieldPath::outcome_rule(i).into())))
    };
    let metrics = [
        "participants",
        "new_participants",
        "continuation",
        "certified",
        "awareness",
        "satisfaction",
    ];
    let text_field = |field: RuleField| {
        html! {
            <TextField ctx={ctx.clone()} path={FieldPath::rule_field(i, field).to_string()} label={field.key()} />
        }
    };
    html! {
        <fieldset class="rule">
            <legend>{ value_text(doc.get(FieldPath::rule_field(i, RuleField::Id))) }</legend>
            { text_field(RuleField::Id) }
            { rule_select(ctx, i, RuleField::Kind, &RuleField::KINDS) }
            { rule_select(ctx, i, RuleField::Metric, &metrics) }
            { for RuleField::figures(&kind).iter().map(|f| text_field(*f)) }
            <button type="button" onclick={remove}>{ Msg::Remove.text(lang) }</button>
        </fieldset>
    }
}
