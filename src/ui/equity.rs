//! Equity across wards: a tile map of the 23 wards coloured by a chosen
//! per-ward measure of the last run, the Gini coefficient and max/min ratio
//! of spending per participant and per resident (scenario and status quo),
//! and the action that builds equal support per participant at the same
//! total (the brief's 標準化; [`crate::scenario::equalize`]).

use yew::prelude::*;

use crate::chart::{self, Size, Tile, TileMap};
use crate::report::Report;
use crate::sim::equity::{BasisReport, Interval};

use super::ctx::Ctx;
use super::dashboard::Figure;
use super::format;
use super::i18n::{Lang, Msg, say};
use super::state::{Action, EquityMeasure, Replacement};
use super::view::{self, WardSort};

fn interval_text(lang: Lang, i: &Option<Interval>, f: &dyn Fn(f64) -> String) -> String {
    match i {
        Some(i) => format!(
            "{} ({} {}–{})",
            f(i.mean),
            Msg::Range5to95.text(lang),
            f(i.p5),
            f(i.p95)
        ),
        None => Msg::NotDefined.text(lang).to_string(),
    }
}

fn basis_rows(lang: Lang, label: Msg, b: &BasisReport) -> Html {
    let gini = |x: f64| format::decimals(x, 3);
    let ratio = |x: f64| format!("{}×", format::decimals(x, 2));
    let opt = |x: Option<f64>, f: &dyn Fn(f64) -> String| {
        x.map_or_else(|| Msg::NotDefined.text(lang).to_string(), f)
    };
    html! {
        <>
        <tr>
            <th scope="row">{ format!("{} — {}", label.text(lang), Msg::Gini.text(lang)) }</th>
            <td>{ opt(b.status_quo.gini, &gini) }</td>
            <td>{ interval_text(lang, &b.gini, &gini) }</td>
        </tr>
        <tr>
            <th scope="row">{ format!("{} — {}", label.text(lang), Msg::MaxMinRatio.text(lang)) }</th>
            <td>{ opt(b.status_quo.max_min_ratio, &ratio) }</td>
            <td>{ interval_text(lang, &b.max_min_ratio, &ratio) }</td>
        </tr>
        </>
    }
}

/// The equity tab.
#[component]
pub fn EquityPanel(ctx: &Ctx) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
    let equalize = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::replace_now(Replacement::Equalized)))
    };
    let can_equalize = state.workspace.checked.loaded.is_some();
    let intro = html! {
        <>
            <p class="help">{ Msg::EquityHelp.text(lang) }</p>
            <button type="button" data-testid="equalize-button" onclick={equalize}
                disabled={!can_equalize}>{ Msg::Equalize.text(lang) }</button>
        </>
    };
    let Some(results) = state.run.results.clone() else {
        return html! {
            <section class="panel" aria-labelledby="h-equity" data-testid="equity-panel">
                <h2 id="h-equity">{ Msg::EquityTitle.text(lang) }</h2>
                { intro }
                <p>{ Msg::NoResults.text(lang) }</p>
            </section>
        };
    };
    let report = &results.report;
    let measure = state.equity_measure;
    let pick = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            dispatch.emit(Action::PickEquityMeasure(EquityMeasure::from_key(
                &select.value(),
            )));
        })
    };
    let mut measures = vec![
        EquityMeasure::ParticipantsPer10k,
        EquityMeasure::SpendingPerParticipant,
    ];
    measures.extend((0..report.targets.len()).map(EquityMeasure::Target));
    let data_set = if lang == Lang::Ja {
        report.scenario.ward_data_title_ja.clone()
    } else {
        report.scenario.ward_data_title.clone()
    };
    let eq = &report.equity;
    html! {
        <section class="panel" aria-labelledby="h-equity" data-testid="equity-panel">
            <h2 id="h-equity">{ Msg::EquityTitle.text(lang) }</h2>
            { intro }
            <p class="stamp" data-testid="equity-data-set">{ format!("{}: {}", Msg::WardData.text(lang), data_set) }</p>
            <div class="field">
                <label for="equity-measure">{ Msg::Metric.text(lang) }</label>
                <select id="equity-measure" data-testid="equity-measure" onchange={pick}>
                { for measures.iter().map(|m| html! {
                    <option value={m.key()} selected={*m == measure}>{ m.label(lang, report) }</option>
                }) }
                </select>
            </div>
            { equity_map(lang, report, measure) }
            <table class="data" data-testid="equity-table">
                <caption>{ format!("{} ({} {})", Msg::EquityFigures.text(lang), eq.wards, Msg::WardsCount.text(lang)) }</caption>
                <thead><tr>
                    <th scope="col">{ Msg::Measure.text(lang) }</th>
                    <th scope="col">{ Msg::StatusQuoColumn.text(lang) }</th>
                    <th scope="col">{ format!("{} ({})", Msg::ThisScenario.text(lang), format::count(report.runs as f64)) }</th>
                </tr></thead>
                <tbody>
                    { basis_rows(lang, Msg::SpendingPerParticipant, &eq.spending_per_participant) }
                    { basis_rows(lang, Msg::SpendingPerResident, &eq.spending_per_resident) }
                </tbody>
            </table>
        </section>
    }
}

/// The tile map of the wards coloured by `measure`, with its table.
fn equity_map(lang: Lang, report: &Report, measure: EquityMeasure) -> Html {
    let rows = view::ward_rows(report, WardSort::Name);
    let value = |r: &view::WardRow| -> Option<f64> {
        let x = match measure {
            EquityMeasure::ParticipantsPer10k => r.per_10k,
            EquityMeasure::SpendingPerParticipant => r.spending_per_participant,
            EquityMeasure::Target(k) => *r.targets.get(k)?,
        };
        x.is_finite().then_some(x)
    };
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            if lang == Lang::Ja {
                r.name_ja.clone()
            } else {
                r.name.clone()
            }
        })
        .collect();
    let tiles: Vec<Tile<'_>> = rows
        .iter()
        .zip(&labels)
        .map(|(r, label)| Tile {
            ward: &r.name,
            label,
            value: value(r),
        })
        .collect();
    let format_value = |x: f64| match measure {
        EquityMeasure::ParticipantsPer10k => format::decimals(x, 1),
        EquityMeasure::SpendingPerParticipant => format::money(lang, x),
        EquityMeasure::Target(_) => format::percent(x, 0),
    };
    let measure_label = measure.label(lang, report);
    let title = format!("{} — {}", Msg::EquityMap.text(lang), measure_label);
    let svg = chart::tile_map(&TileMap {
        title: &title,
        legend_title: &measure_label,
        no_data: Msg::NoData.text(lang),
        tiles: &tiles,
        value_format: &format_value,
        size: Size::default(),
    })
    .map_err(|e| say(&e, lang));
    let table = html! {
        <table class="data">
            <thead><tr><th scope="col">{ Msg::Ward.text(lang) }</th><th scope="col">{ measure_label.clone() }</th></tr></thead>
            <tbody>
            { for rows.iter().zip(&labels).map(|(r, label)| html! {
                <tr><th scope="row">{ label.clone() }</th>
                    <td class="num">{ value(r).map_or_else(|| Msg::NoData.text(lang).to_string(), format_value) }</td></tr>
            }) }
            </tbody>
        </table>
    };
    html! { <Figure title={title.clone()} svg={svg} file="equity-map.svg" table={table} lang={lang} /> }
}
