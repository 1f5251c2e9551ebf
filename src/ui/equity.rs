//! Equity across wards: a tile map of the 23 wards coloured by a chosen
//! per-ward measure of the last run, the Gini coefficient and max/min ratio
//! of spending per participant and per resident (scenario and status quo),
//! and the action that builds equal support per participant at the same
//! total (the brief's 標準化; [`crate::scenario::equalize`]). The map's
//! colours are centred on the wards' mean and never narrower than ±25 % of
//! it ([`crate::chart::Scale`]), the Gini coefficient is explained in one
//! line, and the built-in ward data sets (synthetic or apportioned) carry a
//! warning banner ([`data_banner`]), shared with the equity slide and the
//! printed report.

use yew::prelude::*;

use crate::chart::{self, Scale, Size, Tile, TileMap};
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

/// The warning banner of a built-in ward data set whose differences between
/// wards are not real (synthetic, or the brief's totals apportioned by
/// population); nothing for a ward's own data.
pub fn data_banner(lang: Lang, report: &Report) -> Html {
    let msg = match report.scenario.ward_data.as_str() {
        "tokyo-23-synthetic-disparity" => Msg::SyntheticDataBanner,
        "tokyo-23" => Msg::ApportionedDataBanner,
        _ => return html! {},
    };
    html! {
        <p class="data-banner" role="note" data-testid="data-banner">
            <span class="data-banner-icon" aria-hidden="true">{ "⚠" }</span>
            { msg.text(lang) }
        </p>
    }
}

/// The name of `measure` in `lang`: a target by its metric and threshold
/// as the target cards name it.
pub fn measure_label(lang: Lang, report: &Report, measure: EquityMeasure) -> String {
    match measure {
        EquityMeasure::Target(k) => match report.targets.get(k) {
            Some(t) => {
                let card = view::target_card(
                    lang,
                    t,
                    report.runs,
                    report.start_fy,
                    report.fiscal_years.len(),
                );
                let target = format!("{} {}", card.label, card.threshold);
                Msg::EquityTargetMeasure.fill(lang, &[("target", &target)])
            }
            None => measure.label(lang, report),
        },
        _ => measure.label(lang, report),
    }
}

/// The Gini and max/min table of spending per participant and per
/// resident, with the Gini explained under it (`testid` names the table).
pub fn equity_table(lang: Lang, report: &Report, testid: &'static str) -> Html {
    let eq = &report.equity;
    html! {
        <>
        <table class="data report-table" data-testid={testid}>
            <caption>{ format!("{} ({} {})", Msg::EquityFigures.text(lang), eq.wards, Msg::WardsCount.text(lang)) }</caption>
            <thead><tr>
                <th scope="col">{ Msg::Measure.text(lang) }</th>
                <th scope="col">{ Msg::StatusQuoColumn.text(lang) }</th>
                <th scope="col">{ format!("{} {}", Msg::ThisScenario.text(lang), format::count(report.runs as f64)) }</th>
            </tr></thead>
            <tbody>
                { basis_rows(lang, Msg::SpendingPerParticipant, &eq.spending_per_participant) }
                { basis_rows(lang, Msg::SpendingPerResident, &eq.spending_per_resident) }
            </tbody>
        </table>
        <p class="help gini-help" data-testid="gini-help">{ Msg::GiniExplain.text(lang) }</p>
        </>
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
        format::era_written_out(&report.scenario.ward_data_title_ja)
    } else {
        report.scenario.ward_data_title.clone()
    };
    html! {
        <section class="panel" aria-labelledby="h-equity" data-testid="equity-panel">
            <h2 id="h-equity">{ Msg::EquityTitle.text(lang) }</h2>
            { data_banner(lang, report) }
            { intro }
            <p class="stamp" data-testid="equity-data-set">{ format!("{}: {}", Msg::WardData.text(lang), data_set) }</p>
            <div class="field">
                <label for="equity-measure">{ Msg::Metric.text(lang) }</label>
                <select id="equity-measure" data-testid="equity-measure" onchange={pick}>
                { for measures.iter().map(|m| html! {
                    <option value={m.key()} selected={*m == measure}>{ measure_label(lang, report, *m) }</option>
                }) }
                </select>
            </div>
            { equity_map(lang, report, measure) }
            { equity_table(lang, report, "equity-table") }
        </section>
    }
}

/// The size the map is drawn at on a slide: a wide, low map (tiles of
/// 70 × 31 px), shown about 2.2 times as large on a 1280 × 720 screen, so
/// that the 11 px names and values in its tiles and its 12 px legend read
/// at 24 px.
const SLIDE_MAP: Size = Size {
    width: 520,
    height: 175,
};

/// The tile map of the wards coloured by `measure`: its title, the SVG (or
/// why not), the scale's range in a sentence, and the wards' labels and
/// values for a table.
pub struct EquityMap {
    /// Title of the map.
    pub title: String,
    /// The measure's name.
    pub measure: String,
    /// The SVG, or the reason it could not be drawn.
    pub svg: Result<String, String>,
    /// The colour scale's range in a sentence.
    pub scale_help: Option<String>,
    /// Each ward's label and value as text, by name.
    pub rows: Vec<(String, String)>,
}

/// How the map is drawn: with its title and legend above it on the panel,
/// or wide and low with its legend in a corner, to be shown large, on a
/// slide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapStyle {
    /// On the equity panel.
    Panel,
    /// On a slide.
    Slide,
}

/// The tile map of `measure` in `lang`.
pub fn map_svg(lang: Lang, report: &Report, measure: EquityMeasure, style: MapStyle) -> EquityMap {
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
    let measure_label = measure_label(lang, report, measure);
    let title = format!("{} — {}", Msg::EquityMap.text(lang), measure_label);
    let scale_help = Scale::of(rows.iter().filter_map(value)).map(|s| {
        Msg::EquityScaleHelp.fill(
            lang,
            &[("lo", &format_value(s.lo)), ("hi", &format_value(s.hi))],
        )
    });
    let svg = chart::tile_map(&TileMap {
        title: &title,
        legend_title: &measure_label,
        no_data: Msg::NoData.text(lang),
        tiles: &tiles,
        value_format: &format_value,
        size: match style {
            MapStyle::Panel => super::dashboard::screen_chart_size(),
            MapStyle::Slide => SLIDE_MAP,
        },
        bare: style == MapStyle::Slide,
    })
    .map_err(|e| say(&e, lang));
    let rows = rows
        .iter()
        .zip(labels)
        .map(|(r, label)| {
            let v = value(r).map_or_else(|| Msg::NoData.text(lang).to_string(), format_value);
            (label, v)
        })
        .collect();
    EquityMap {
        title,
        measure: measure_label,
        svg,
        scale_help,
        rows,
    }
}

/// The tile map of the wards coloured by `measure`, with its table.
fn equity_map(lang: Lang, report: &Report, measure: EquityMeasure) -> Html {
    let map = map_svg(lang, report, measure, MapStyle::Panel);
    let table = html! {
        <table class="data">
            <thead><tr><th scope="col">{ Msg::Ward.text(lang) }</th><th scope="col">{ map.measure.clone() }</th></tr></thead>
            <tbody>
            { for map.rows.iter().map(|(label, v)| html! {
                <tr><th scope="row">{ label.clone() }</th><td class="num">{ v.clone() }</td></tr>
            }) }
            </tbody>
        </table>
    };
    html! { <>
        <Figure title={map.title.clone()} svg={map.svg} file="equity-map.svg" table={table} lang={lang} />
        if let Some(help) = map.scale_help { <p class="help" data-testid="equity-scale-help">{ help }</p> }
    </> }
}
