//! The uncertain parameters: distribution, point value, origin, meaning
//! and a preview of each.

use toml::Value;
use yew::prelude::*;

use crate::model::distribution::Distribution;
use crate::model::parameters::{Origin, Param};
use crate::scenario::{FieldError, FieldPath};
use crate::ui::ctx::Ctx;
use crate::ui::doc::value_text;
use crate::ui::i18n::{Lang, Msg};
use crate::ui::state::Action;

use super::field::{FieldErrors, field_id, input_text};

/// A small histogram of a distribution from its quantile function (exact,
/// no sampling): 24 bins between the 0.5 % and 99.5 % quantiles.
pub fn distribution_preview(d: &Distribution) -> Html {
    const POINTS: usize = 240;
    const BINS: usize = 24;
    let q: Vec<f64> = (0..POINTS)
        .map(|i| d.quantile((i as f64 + 0.5) / POINTS as f64))
        .filter(|x| x.is_finite())
        .collect();
    let (Some(lo), Some(hi)) = (q.first().copied(), q.last().copied()) else {
        return html! {};
    };
    let mut counts = [0usize; BINS];
    if hi > lo {
        for x in &q {
            let k = (((x - lo) / (hi - lo)) * BINS as f64) as usize;
            counts[k.min(BINS - 1)] += 1;
        }
    } else {
        counts[BINS / 2] = q.len();
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bar_w = 120.0 / BINS as f64;
    html! {
        <svg class="preview" width="120" height="28" viewBox="0 0 120 28" role="img"
            aria-label={format!("{d}")}>
            { for counts.iter().enumerate().map(|(k, c)| {
                let h = *c as f64 / max * 26.0;
                html! { <rect x={format!("{:.2}", k as f64 * bar_w)} y={format!("{:.2}", 27.0 - h)}
                    width={format!("{:.2}", bar_w - 0.5)} height={format!("{h:.2}")} /> }
            }) }
        </svg>
    }
}

/// The uncertain parameters with distribution, point value, origin, meaning
/// and a preview.
#[component]
pub fn ParametersPanel(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let entries = ctx
        .state
        .workspace
        .checked
        .loaded
        .as_ref()
        .map(|l| l.plan.parameters.entries.clone());
    // The previews (240 quantiles per parameter) change only with the
    // distributions, not with every progress update of a run.
    let distributions: Vec<String> = entries
        .iter()
        .flatten()
        .map(|e| e.distribution.to_string())
        .collect();
    let previews = {
        let entries = entries.clone();
        use_memo(distributions, move |_| {
            entries
                .iter()
                .flatten()
                .map(|e| distribution_preview(&e.distribution))
                .collect::<Vec<Html>>()
        })
    };
    let model = ctx
        .state
        .workspace
        .checked
        .loaded
        .as_ref()
        .map(|l| l.plan.model);
    let origin = |o: Origin| match o {
        Origin::Brief => Msg::OriginBrief.text(lang),
        Origin::Statistics => Msg::OriginStatistics.text(lang),
        Origin::Assumption => Msg::OriginAssumption.text(lang),
    };
    html! {
        <section class="panel" aria-labelledby="h-params">
            <details>
            <summary><h2 id="h-params">{ Msg::Parameters.text(lang) }</h2></summary>
            <p class="help">{ Msg::ParametersHelp.text(lang) }</p>
            <div class="table-wrap">
            <table class="params">
                <thead><tr>
                    <th scope="col">{ Msg::Parameter.text(lang) }</th>
                    <th scope="col">{ Msg::Distribution.text(lang) }</th>
                    <th scope="col">{ Msg::PointValue.text(lang) }</th>
                    <th scope="col">{ Msg::Origin.text(lang) }</th>
                </tr></thead>
                <tbody>
                { for Param::ALL.iter().enumerate().map(|(k, p)| {
                    let path = FieldPath::parameter(*p).to_string();
                    let entry = entries.as_ref().and_then(|e| e.get(k).cloned());
                    let text = {
                        let own = value_text(ctx.state.workspace.doc.get(&path));
                        if own.is_empty() { entry.as_ref().map(|e| e.distribution.to_string()).unwrap_or_default() } else { own }
                    };
                    let errors: Vec<FieldError> = ctx.state.workspace.checked.errors_at(&path).into_iter().cloned().collect();
                    let id = field_id(&path);
                    let err_id = format!("{id}-errors");
                    let dispatch = ctx.dispatch.clone();
                    let onchange = { let path = path.clone(); Callback::from(move |e: Event| {
                        dispatch.emit(Action::SetValue { path: path.clone(), value: Value::String(input_text(&e)) })
                    }) };
                    let invalid = !errors.is_empty();
                    let unused = model.is_some_and(|m| !p.used_by(m));
                    html! {
                        <tr class={classes!(unused.then_some("unused"))} data-parameter={p.name()}>
                            <th scope="row"><label for={id.clone()} title={p.name()}>
                                { if lang == Lang::Ja { p.spec().description_ja } else { p.spec().description_en } }
                                if unused { <span class="unused-note">{ Msg::ParameterUnused.text(lang) }</span> }
                            </label></th>
                            <td>
                                <input id={id} type="text" value={text} {onchange}
                                    aria-invalid={invalid.to_string()}
                                    aria-describedby={invalid.then(|| err_id.clone())} />
                                { previews.get(k).cloned().unwrap_or_default() }
                                <FieldErrors lang={ctx.state.lang} errors={errors} id={err_id} />
                            </td>
                            <td class="num">{ entry.as_ref().map(|e| format!("{}", e.point)).unwrap_or_default() }</td>
                            <td>{ entry.as_ref().map(|e| origin(e.origin)).unwrap_or_default() }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            </details>
        </section>
    }
}
