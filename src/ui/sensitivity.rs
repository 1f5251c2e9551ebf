//! Which assumption matters most: a tornado of any horizon output, each
//! uncertain parameter moved from its 10th to its 90th percentile with the
//! others at their point values (expected mode, [`crate::sim::sensitivity`]),
//! with one plain sentence per bar. The runs are a few dozen expected-mode
//! runs, cheap enough for the page itself.

use yew::prelude::*;

use crate::chart::{self, Labels, Size, TornadoChart};
use crate::sim::TargetMetric;
use crate::sim::sensitivity::{Language, bar_sentence, horizon_label, tornado_runs};

use super::dashboard::Figure;
use super::editor::Ctx;
use super::i18n::{Lang, Msg};
use super::state::Action;
use super::view;

/// The sensitivity tab.
#[component]
pub fn SensitivityPanel(ctx: &Ctx) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
    let metric = state.sensitivity_output;
    let loaded = state.checked.loaded.clone();
    let toml = state.doc.to_toml();
    // Recomputed only when the scenario changes.
    let runs = use_memo(toml, move |_| loaded.map(|l| tornado_runs(&l.plan)));
    let pick = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(m) = TargetMetric::from_key(&select.value()) {
                dispatch.emit(Action::PickSensitivityOutput(m));
            }
        })
    };
    let header = html! {
        <>
            <h2 id="h-sensitivity">{ Msg::SensitivityTitle.text(lang) }</h2>
            <p class="help">{ Msg::SensitivityHelp.text(lang) }</p>
            <div class="field">
                <label for="sensitivity-output">{ Msg::Metric.text(lang) }</label>
                <select id="sensitivity-output" data-testid="sensitivity-output" onchange={pick}>
                { for TargetMetric::ALL.iter().map(|m| html! {
                    <option value={m.key()} selected={*m == metric}>{ view::metric_label(lang, *m) }</option>
                }) }
                </select>
            </div>
        </>
    };
    let (Some(runs), Some(loaded)) = ((*runs).as_ref(), state.checked.loaded.as_ref()) else {
        return html! {
            <section class="panel" aria-labelledby="h-sensitivity" data-testid="sensitivity-panel">
                { header }
                <p>{ Msg::RunDisabledErrors.text(lang) }</p>
            </section>
        };
    };
    let tornado = runs.tornado(metric);
    if tornado.bars.is_empty() {
        return html! {
            <section class="panel" aria-labelledby="h-sensitivity" data-testid="sensitivity-panel">
                { header }
                <p>{ Msg::NoUncertainParameters.text(lang) }</p>
            </section>
        };
    }
    let language = if lang == Lang::Ja {
        Language::Ja
    } else {
        Language::En
    };
    let plan = &loaded.plan;
    let horizon = horizon_label(plan.start_fy, plan.months(), language);
    let names: Vec<String> = tornado
        .bars
        .iter()
        .map(|b| b.parameter.to_string())
        .collect();
    let low: Vec<f64> = tornado.bars.iter().map(|b| b.low).collect();
    let high: Vec<f64> = tornado.bars.iter().map(|b| b.high).collect();
    let label = view::metric_label(lang, metric);
    let title = format!("{} — {}", Msg::SensitivityTitle.text(lang), label);
    let format_x = |x: f64| view::metric_value(lang, metric, x);
    let svg = chart::tornado_chart(&TornadoChart {
        labels: Labels {
            title: &title,
            x_label: &label,
            y_label: Msg::Parameter.text(lang),
        },
        names: &names,
        low: &low,
        high: &high,
        base: tornado.base,
        legend_low: Msg::Percentile10.text(lang),
        legend_high: Msg::Percentile90.text(lang),
        legend_base: Msg::PointValues.text(lang),
        x_format: &format_x,
        size: Size::default(),
    })
    .map_err(|e| e.to_string());
    let sentences: Vec<String> = tornado
        .bars
        .iter()
        .map(|b| bar_sentence(b, metric, &horizon, language))
        .collect();
    let table = html! {
        <table class="data">
            <thead><tr>
                <th scope="col">{ Msg::Parameter.text(lang) }</th>
                <th scope="col">{ Msg::Percentile10.text(lang) }</th>
                <th scope="col">{ Msg::Percentile90.text(lang) }</th>
            </tr></thead>
            <tbody>
            { for tornado.bars.iter().map(|b| html! {
                <tr><th scope="row">{ b.parameter }</th>
                    <td class="num">{ format_x(b.low) }</td><td class="num">{ format_x(b.high) }</td></tr>
            }) }
            </tbody>
        </table>
    };
    html! {
        <section class="panel" aria-labelledby="h-sensitivity" data-testid="sensitivity-panel">
            { header }
            <p>{ format!("{}: {}", Msg::PointValues.text(lang), format_x(tornado.base)) }</p>
            <Figure title={title.clone()} svg={svg} file="tornado.svg" table={table} lang={lang} />
            <ol class="sentences" data-testid="sensitivity-sentences">
                { for sentences.iter().map(|s| html! { <li>{ s.clone() }</li> }) }
            </ol>
        </section>
    }
}
