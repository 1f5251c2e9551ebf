//! Which assumption matters most: a tornado of any horizon output, each
//! uncertain parameter moved from its 10th to its 90th percentile with the
//! others at their point values (expected mode, [`crate::sim::sensitivity`]),
//! with one plain sentence per bar. The runs are a few dozen expected-mode
//! runs, cheap enough for the page itself.
//!
//! Below it, Spearman's rank correlation between each sampled parameter and
//! the same output over the Monte Carlo runs of the last run, which the
//! worker computes when a run ends ([`crate::job::run::Correlations`]), sorted
//! by |ρ| with one sentence per row.

use yew::prelude::*;

use crate::chart::{self, Labels, Size, TornadoChart};
use crate::report::sensitivity::{bar_sentence_plain, correlation_sentence_plain};
use crate::sim::TargetMetric;
use crate::sim::sensitivity::tornado_runs;

use super::ctx::Ctx;
use super::dashboard::Figure;
use super::format;
use super::i18n::{Msg, say};
use super::state::{Action, State};
use super::view;

/// The sensitivity tab.
#[component]
pub fn SensitivityPanel(ctx: &Ctx) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
    let metric = state.sensitivity_output;
    let loaded = state.workspace.checked.loaded.clone();
    let toml = state.workspace.doc.to_toml();
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
    let (Some(runs), Some(loaded)) = ((*runs).as_ref(), state.workspace.checked.loaded.as_ref())
    else {
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
    let plan = &loaded.plan;
    let horizon = format::horizon_month(lang, plan.start_fy, plan.months());
    let names: Vec<String> = tornado
        .bars
        .iter()
        .map(|b| view::parameter_label(lang, b.parameter))
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
    .map_err(|e| say(&e, lang));
    let sentences: Vec<String> = tornado
        .bars
        .iter()
        .map(|b| bar_sentence_plain(b, metric, &horizon, lang))
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
                <tr><th scope="row" title={b.parameter}>{ view::parameter_label(lang, b.parameter) }</th>
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
            { correlations(state, metric) }
        </section>
    }
}

/// The rank correlations of the last run with `metric`, largest |ρ| first.
fn correlations(state: &State, metric: TargetMetric) -> Html {
    let lang = state.lang;
    let heading = html! {
        <>
            <h3 id="h-correlations">{ Msg::CorrelationsTitle.text(lang) }</h3>
            <p class="help">{ Msg::CorrelationsHelp.text(lang) }</p>
        </>
    };
    let found = state
        .run
        .results
        .as_ref()
        .and_then(|r| r.correlations.clone().map(|c| (r.clone(), c)));
    let (Some((results, correlations)), Some(run)) = (found, state.run.loaded.as_ref()) else {
        return html! {
            <section aria-labelledby="h-correlations" data-testid="sensitivity-correlations">
                { heading }
                <p>{ Msg::CorrelationsNeedRun.text(lang) }</p>
            </section>
        };
    };
    if correlations.parameters.is_empty() {
        return html! {
            <section aria-labelledby="h-correlations" data-testid="sensitivity-correlations">
                { heading }
                <p>{ Msg::NoCorrelations.text(lang) }</p>
            </section>
        };
    }
    let plan = &run.plan;
    let horizon = format::horizon_month(lang, plan.start_fy, plan.months());
    let stale = state
        .workspace
        .checked
        .loaded
        .as_ref()
        .is_none_or(|l| l.scenario.to_toml() != results.scenario_toml);
    let k = metric.index();
    let mut rows: Vec<(&str, Option<f64>)> = correlations
        .parameters
        .iter()
        .map(|p| (p.parameter.as_str(), p.rho.get(k).copied().flatten()))
        .collect();
    rows.sort_by(|a, b| {
        let abs = |r: Option<f64>| r.map_or(-1.0, f64::abs);
        abs(b.1).total_cmp(&abs(a.1))
    });
    let caption = format!(
        "{} — {} ({}) · {} · {} {}",
        Msg::CorrelationsTitle.text(lang),
        view::metric_label(lang, metric),
        horizon,
        format::runs_phrase(lang, correlations.runs as f64),
        Msg::Seed.text(lang).to_lowercase(),
        results.report.seed
    );
    html! {
        <section aria-labelledby="h-correlations" data-testid="sensitivity-correlations">
            { heading }
            if stale {
                <p class="status" role="status" data-testid="correlations-stale">{ Msg::CorrelationsStale.text(lang) }</p>
            }
            <div class="table-wrap">
            <table class="data correlations">
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col">{ Msg::Parameter.text(lang) }</th>
                    <th scope="col">{ "ρ" }</th>
                    <th scope="col">{ Msg::Meaning.text(lang) }</th>
                </tr></thead>
                <tbody>
                { for rows.iter().map(|(parameter, rho)| {
                    let sentence = correlation_sentence_plain(parameter, *rho, metric, &horizon, lang);
                    let (width, class) = match rho {
                        Some(r) => (r.abs() * 100.0, if *r >= 0.0 { "rho-bar positive" } else { "rho-bar negative" }),
                        None => (0.0, "rho-bar"),
                    };
                    html! {
                        <tr data-testid="correlation-row" data-parameter={parameter.to_string()}
                            data-rho={rho.map(|r| r.to_string()).unwrap_or_default()}>
                            <th scope="row" title={parameter.to_string()}>{ view::parameter_label(lang, parameter) }</th>
                            <td class="num rho">
                                <span class="rho-track" aria-hidden="true">
                                    <span class={class} style={format!("width:{width:.1}%")}></span>
                                </span>
                                { rho.map(|r| format!("{r:+.2}")).unwrap_or_else(|| Msg::NotDefined.text(lang).to_string()) }
                            </td>
                            <td>{ sentence }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}
