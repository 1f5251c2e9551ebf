//! The run controls and the results dashboard: target cards, fan charts,
//! histograms, spending against the appropriation, outcome payments and the
//! per-ward table. Every chart comes with a data table and an SVG download.

use yew::prelude::*;

use crate::chart::{self, FanChart, Histogram, Labels, Size, StackedBars};
use crate::model::BudgetLine;
use crate::report::Report;
use crate::sim::run::MonthlyOutput;
use crate::sim::series::SeriesArrays;
use crate::text::format::{fy_axis_ja, month_tick};

use super::ctx::Ctx;
use super::editor::line_label;
use super::format;
use super::i18n::{Lang, Msg, say};
use super::state::{Action, Results};
use super::view::{self, WardSort};
use super::web;

/// Props of the run controls.
#[derive(Clone, PartialEq, Properties)]
pub struct RunControlsProps {
    /// Shared context.
    pub ctx: Ctx,
    /// Start a run.
    pub on_run: Callback<()>,
    /// Cancel the run.
    pub on_cancel: Callback<()>,
}

/// Run and Cancel, the reason Run is disabled, and the progress bar.
#[component]
pub fn RunControls(props: &RunControlsProps) -> Html {
    let state = &props.ctx.state;
    let lang = state.lang;
    let blocked = state.run_blocked();
    let run = {
        let cb = props.on_run.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let cancel = {
        let cb = props.on_cancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let progress = state.run.running.as_ref().map(|r| {
        let left = r
            .ms_left()
            .map(|ms| format::time_left(lang, ms))
            .unwrap_or_else(|| "…".into());
        let pct = if r.total > 0 {
            r.done as f64 / r.total as f64 * 100.0
        } else {
            0.0
        };
        html! {
            <div class="progress" data-testid="progress" role="progressbar"
                aria-label={Msg::Progress.text(lang)}
                aria-valuemin="0" aria-valuemax={r.total.to_string()} aria-valuenow={r.done.to_string()}>
                <div class="bar"><div class="fill" style={format!("width:{pct:.1}%")}></div></div>
                <span data-testid="progress-text">{ format!("{} {} {} {} · {}", format::count(r.done as f64), Msg::Of.text(lang),
                    format::count(r.total as f64), Msg::RunsDone.text(lang), Msg::TimeLeft.fill(lang, &[("time", &left)])) }</span>
            </div>
        }
    });
    html! {
        <section class="run-controls" id="run-controls" tabindex="-1" aria-label={Msg::Run.text(lang)}>
            <button type="button" class="primary" id="run-button" data-testid="run-button" onclick={run}
                disabled={blocked.is_some()} aria-describedby="run-why">{ Msg::Run.text(lang) }</button>
            <button type="button" data-testid="cancel-button" onclick={cancel}
                disabled={state.run.running.is_none()}>{ Msg::Cancel.text(lang) }</button>
            <span id="run-why" class="why">{ blocked.map(|m| m.text(lang)).unwrap_or_default() }</span>
            { progress.unwrap_or_default() }
        </section>
    }
}

/// A chart as inline SVG with its title, a download button and a data table.
#[derive(Clone, PartialEq, Properties)]
pub struct FigureProps {
    /// Heading.
    pub title: AttrValue,
    /// SVG text, or the reason it could not be drawn.
    pub svg: Result<String, String>,
    /// File name for the download.
    pub file: AttrValue,
    /// The data table alternative.
    pub table: Html,
    /// Interface language.
    pub lang: Lang,
}

/// A chart figure.
#[component]
pub fn Figure(props: &FigureProps) -> Html {
    let lang = props.lang;
    let body = match &props.svg {
        Ok(svg) => Html::from_html_unchecked(AttrValue::from(svg.clone())),
        Err(why) => html! { <p class="chart-error">{ why.clone() }</p> },
    };
    let download = {
        let svg = props.svg.clone().ok();
        let file = props.file.to_string();
        Callback::from(move |_| {
            if let Some(svg) = &svg {
                web::download(&file, "image/svg+xml", svg);
            }
        })
    };
    html! {
        <figure class="chart">
            <div class="svg">{ body }</div>
            <figcaption>
                <span>{ props.title.clone() }</span>
                <button type="button" class="link" onclick={download}>{ Msg::DownloadSvg.text(lang) }</button>
            </figcaption>
            <details class="data-table">
                <summary>{ format!("{} — {}", Msg::DataTable.text(lang), props.title) }</summary>
                { props.table.clone() }
            </details>
        </figure>
    }
}

fn series<'a>(report: &'a Report, key: &str) -> Option<&'a SeriesArrays> {
    report
        .series
        .0
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, s)| s)
}

/// The target cards.
fn target_cards(lang: Lang, report: &Report) -> Html {
    let fiscal_years = report.fiscal_years.len();
    html! {
        <section class="cards" aria-labelledby="h-targets">
            <h2 id="h-targets">{ Msg::TargetCards.text(lang) }</h2>
            <div class="card-grid">
            { for report.targets.iter().map(|t| {
                let card = view::target_card(lang, t, report.runs, report.start_fy, fiscal_years);
                html! {
                    <article class="target-card" data-testid="target-card" data-target={card.id.clone()}
                        data-probability={card.probability.to_string()}>
                        <h3>{ card.label.clone() }<span class="threshold">{ card.threshold.clone() }</span></h3>
                        <p class="probability">{ format::percent(card.probability, 0) }</p>
                        if let Some(e) = &card.mc_error { <p class="mc-error">{ e.clone() }</p> }
                        <p class="statement">{ card.statement.clone() }</p>
                    </article>
                }
            }) }
            </div>
        </section>
    }
}

fn fan_table(lang: Lang, report: &Report, s: &SeriesArrays, fmt: &dyn Fn(f64) -> String) -> Html {
    html! {
        <table>
            <thead><tr>
                <th scope="col">{ Msg::Month.text(lang) }</th>
                <th scope="col">{ "p5" }</th><th scope="col">{ "p25" }</th>
                <th scope="col">{ Msg::Median.text(lang) }</th>
                <th scope="col">{ "p75" }</th><th scope="col">{ "p95" }</th>
                <th scope="col">{ Msg::Mean.text(lang) }</th>
            </tr></thead>
            <tbody>
            { for (0..s.p50.len()).map(|m| html! {
                <tr>
                    <th scope="row">{ month_tick(lang, report.start_fy, m) }</th>
                    <td>{ fmt(s.p5[m]) }</td><td>{ fmt(s.p25[m]) }</td><td>{ fmt(s.p50[m]) }</td>
                    <td>{ fmt(s.p75[m]) }</td><td>{ fmt(s.p95[m]) }</td><td>{ fmt(s.mean[m]) }</td>
                </tr>
            }) }
            </tbody>
        </table>
    }
}

/// The fan charts of the dashboard, in order.
pub const FAN_OUTPUTS: [MonthlyOutput; 5] = [
    MonthlyOutput::Participants,
    MonthlyOutput::Continuation,
    MonthlyOutput::Awareness,
    MonthlyOutput::Certified,
    MonthlyOutput::CumulativeSpending,
];

/// Title, unit and the target drawn as a reference line of a fan chart.
fn fan_spec(output: MonthlyOutput) -> (Msg, Msg, Option<&'static str>) {
    match output {
        MonthlyOutput::Participants => (Msg::Participants, Msg::People, Some("participants")),
        MonthlyOutput::Continuation => (Msg::Continuation, Msg::Share, Some("continuation")),
        MonthlyOutput::Awareness => (Msg::Awareness, Msg::Share, Some("awareness")),
        MonthlyOutput::Certified => (Msg::Certified, Msg::People, Some("certified")),
        MonthlyOutput::CumulativeSpending => (Msg::CumulativeSpending, Msg::Yen, None),
        _ => (Msg::Participants, Msg::People, None),
    }
}

/// How values of a fan chart's output are written.
pub fn fan_value(lang: Lang, output: MonthlyOutput, x: f64) -> String {
    match fan_spec(output).1 {
        Msg::Share => format::percent(x, 1),
        Msg::Yen => format::money_axis(lang, x),
        _ => format::count(x),
    }
}

/// The size charts are drawn at on this screen: 720 × 360 px, or 420 × 320
/// in a window narrower than 600 px (a phone), where a 720 px chart shrunk
/// to the width would have labels of 5 px.
pub fn screen_chart_size() -> Size {
    match web::window_width() {
        Some(w) if w < 600.0 => Size {
            width: 420,
            height: 320,
        },
        _ => Size::default(),
    }
}

/// The fan chart of `output` as SVG (or why it could not be drawn), with
/// its title; `None` when the report has no such series.
pub fn fan_svg(
    lang: Lang,
    report: &Report,
    output: MonthlyOutput,
) -> Option<(&'static str, Result<String, String>)> {
    fan_svg_sized(lang, report, output, screen_chart_size())
}

/// [`fan_svg`] drawn at `size` (a slide draws it small, so that its text is
/// large once the chart fills the screen).
pub fn fan_svg_sized(
    lang: Lang,
    report: &Report,
    output: MonthlyOutput,
    size: Size,
) -> Option<(&'static str, Result<String, String>)> {
    let s = series(report, output.key())?;
    let (title, unit, target) = fan_spec(output);
    let ticks: Vec<String> = (0..report.months)
        .map(|m| month_tick(lang, report.start_fy, m))
        .collect();
    let fmt = |x: f64| fan_value(lang, output, x);
    let reference = target
        .and_then(|id| report.targets.iter().find(|t| t.id == id))
        .map(|t| {
            (
                t.threshold,
                format!(
                    "{} {}",
                    Msg::Targets.text(lang),
                    view::metric_value(lang, t.metric, t.threshold)
                ),
            )
        });
    let title_text = title.text(lang);
    let y_label = format!("{} ({})", title_text, unit.text(lang));
    let svg = chart::fan_chart(&FanChart {
        labels: Labels {
            title: title_text,
            x_label: Msg::Month.text(lang),
            y_label: &y_label,
        },
        x_ticks: &ticks,
        p5: &s.p5,
        p25: &s.p25,
        p50: &s.p50,
        p75: &s.p75,
        p95: &s.p95,
        legend_outer: Msg::Band90.text(lang),
        legend_inner: Msg::Band50.text(lang),
        legend_median: Msg::Median.text(lang),
        reference: reference.as_ref().map(|(x, label)| (*x, label.as_str())),
        y_format: &fmt,
        size,
    })
    .map_err(|e| say(&e, lang));
    Some((title_text, svg))
}

fn fan_figures(lang: Lang, report: &Report) -> Html {
    html! {
        <section aria-labelledby="h-fans">
            <h2 id="h-fans">{ Msg::FanCharts.text(lang) }</h2>
            <div class="chart-grid">
            { for FAN_OUTPUTS.iter().map(|output| {
                let Some((title, svg)) = fan_svg(lang, report, *output) else { return html! {} };
                let Some(s) = series(report, output.key()) else { return html! {} };
                let fmt = |x: f64| fan_value(lang, *output, x);
                html! {
                    <Figure title={title} svg={svg} file={format!("{}-{}.svg", report.scenario.name, output.key())}
                        table={fan_table(lang, report, s, &fmt)} lang={lang} />
                }
            }) }
            </div>
        </section>
    }
}

fn histogram_figures(lang: Lang, report: &Report, results: &Results) -> Html {
    let last = report.months.saturating_sub(1);
    let acc = &results.summary;
    let pct = |x: f64| format::percent(x, 0);
    let count_fmt = |x: f64| format::count(x);
    let money_fmt = move |x: f64| format::money_axis(lang, x);
    let target = report
        .targets
        .iter()
        .find(|t| t.id == "participants")
        .map(|t| {
            (
                t.threshold,
                format!("{} {}", Msg::Targets.text(lang), format::count(t.threshold)),
            )
        });
    type Fmt<'a> = &'a dyn Fn(f64) -> String;
    type Item<'a> = (MonthlyOutput, Msg, Msg, Fmt<'a>, Option<(f64, String)>);
    let items: [Item; 2] = [
        (
            MonthlyOutput::Participants,
            Msg::HorizonParticipants,
            Msg::People,
            &count_fmt,
            target,
        ),
        (
            MonthlyOutput::CumulativeSpending,
            Msg::TotalSpending,
            Msg::Yen,
            &money_fmt,
            None,
        ),
    ];
    html! {
        <section aria-labelledby="h-hist">
            <h2 id="h-hist">{ Msg::Distributions.text(lang) }</h2>
            <div class="chart-grid">
            { for items.iter().map(|(output, title, unit, fmt, reference)| {
                let Some(h) = view::histogram(acc.month(last, *output), 20) else { return html! {} };
                let title_text = title.text(lang);
                let x_label = format!("{} ({})", title_text, unit.text(lang));
                let svg = chart::histogram(&Histogram {
                    labels: Labels { title: title_text, x_label: &x_label, y_label: Msg::ShareOfRuns.text(lang) },
                    edges: &h.edges, counts: &h.shares,
                    legend: Msg::ShareOfRuns.text(lang),
                    reference: reference.as_ref().map(|(x, l)| (*x, l.as_str())),
                    x_format: *fmt, y_format: &pct,
                    size: screen_chart_size(),
                }).map_err(|e| say(&e, lang));
                let table = html! {
                    <table>
                        <thead><tr><th scope="col">{ x_label.clone() }</th><th scope="col">{ Msg::ShareOfRuns.text(lang) }</th></tr></thead>
                        <tbody>{ for h.shares.iter().enumerate().map(|(k, s)| html! {
                            <tr><th scope="row">{ format!("{} – {}", fmt(h.edges[k]), fmt(h.edges[k + 1])) }</th><td>{ format::percent(*s, 1) }</td></tr>
                        }) }</tbody>
                    </table>
                };
                html! { <Figure title={title_text} svg={svg} file={format!("{}-{}-histogram.svg", report.scenario.name, output.key())} table={table} lang={lang} /> }
            }) }
            </div>
        </section>
    }
}

/// The series of the spending chart: one per budget line, then the
/// outcome-linked payments (mean yen per FY).
pub fn spending_series(lang: Lang, years: &[view::FySpending]) -> Vec<(String, Vec<f64>)> {
    let mut series: Vec<(String, Vec<f64>)> = BudgetLine::ALL
        .iter()
        .map(|l| {
            (
                line_label(lang, *l).to_string(),
                years.iter().map(|y| y.lines[l.index()]).collect(),
            )
        })
        .collect();
    series.push((
        Msg::OutcomePayments.text(lang).to_string(),
        years.iter().map(|y| y.outcome.0).collect(),
    ));
    series
}

/// Spending per FY against the appropriation, as SVG.
pub fn spending_svg(lang: Lang, report: &Report) -> Result<String, String> {
    spending_svg_sized(lang, report, screen_chart_size(), true)
}

/// The spending chart at `size`, with or without its legend (a slide shows
/// the legend in large type beside it).
pub fn spending_svg_sized(
    lang: Lang,
    report: &Report,
    size: Size,
    legend: bool,
) -> Result<String, String> {
    let years = view::fy_spending(report);
    // In Japanese the era goes in the axis title, so that every year's
    // label fits under its bar (令和10年度 would not, on a slide).
    let (categories, x_label) = match lang {
        Lang::Ja => fy_axis_ja(&years.iter().map(|y| y.fy).collect::<Vec<_>>()),
        Lang::En => (
            years
                .iter()
                .map(|y| format::fiscal_year(lang, y.fy))
                .collect(),
            Msg::FiscalYear.text(lang).to_string(),
        ),
    };
    let series = spending_series(lang, &years);
    let limit: Vec<f64> = years.iter().map(|y| y.appropriation).collect();
    let money_fmt = |x: f64| format::money_axis(lang, x);
    // Without its legend (on a slide, drawn small to be shown large) the
    // axis names only the unit: the title above says what is counted.
    let y_label = if legend {
        format!("{} ({})", Msg::Spending.text(lang), Msg::Yen.text(lang))
    } else {
        Msg::Yen.text(lang).to_string()
    };
    chart::stacked_bars(&StackedBars {
        labels: Labels {
            title: Msg::Spending.text(lang),
            x_label: &x_label,
            y_label: &y_label,
        },
        categories: &categories,
        series: &series,
        limit: Some((&limit, Msg::Appropriation.text(lang))),
        y_format: &money_fmt,
        size,
        legend,
    })
    .map_err(|e| say(&e, lang))
}

fn spending_figures(lang: Lang, report: &Report) -> Html {
    let years = view::fy_spending(report);
    let categories: Vec<String> = years
        .iter()
        .map(|y| format::fiscal_year(lang, y.fy))
        .collect();
    let series = spending_series(lang, &years);
    let title = Msg::Spending.text(lang);
    let svg = spending_svg(lang, report);
    let table = html! {
        <table>
            <thead><tr>
                <th scope="col">{ Msg::FiscalYear.text(lang) }</th>
                { for series.iter().map(|(name, _)| html! { <th scope="col">{ name.clone() }</th> }) }
                <th scope="col">{ Msg::Appropriation.text(lang) }</th>
            </tr></thead>
            <tbody>{ for years.iter().enumerate().map(|(k, y)| html! {
                <tr>
                    <th scope="row">{ categories[k].clone() }</th>
                    { for series.iter().map(|(_, v)| html! { <td>{ format::money(lang, v[k]) }</td> }) }
                    <td>{ format::money(lang, y.appropriation) }</td>
                </tr>
            }) }</tbody>
        </table>
    };
    html! {
        <section aria-labelledby="h-spend">
            <h2 id="h-spend">{ title }</h2>
            <Figure title={title} svg={svg} file={format!("{}-spending.svg", report.scenario.name)} table={table} lang={lang} />
            <table class="overrun" data-testid="overrun-table">
                <caption>{ format!("{} / {}", Msg::POverrun.text(lang), Msg::OutcomePayments.text(lang)) }</caption>
                <thead><tr>
                    <th scope="col">{ Msg::FiscalYear.text(lang) }</th>
                    <th scope="col">{ Msg::Appropriation.text(lang) }</th>
                    <th scope="col">{ Msg::POverrun.text(lang) }</th>
                    <th scope="col">{ format!("{} ({})", Msg::OutcomePayments.text(lang), Msg::Mean.text(lang)) }</th>
                    <th scope="col">{ format!("{} (p5 – p95)", Msg::OutcomePayments.text(lang)) }</th>
                </tr></thead>
                <tbody>{ for years.iter().enumerate().map(|(k, y)| html! {
                    <tr>
                        <th scope="row">{ categories[k].clone() }</th>
                        <td>{ format::money(lang, y.appropriation) }</td>
                        <td>{ if report.runs > 1 {
                            format!("{} ± {}", format::percent(y.p_overrun, 1), format::percent(y.p_overrun_std_error, 1))
                        } else { format::percent(y.p_overrun, 1) } }</td>
                        <td>{ format::money(lang, y.outcome.0) }</td>
                        <td>{ format!("{} – {}", format::money(lang, y.outcome.1), format::money(lang, y.outcome.2)) }</td>
                    </tr>
                }) }</tbody>
            </table>
        </section>
    }
}

fn ward_results(ctx: &Ctx, report: &Report) -> Html {
    let lang = ctx.state.lang;
    html! {
        <section aria-labelledby="h-wards">
            <h2 id="h-wards">{ Msg::WardTable.text(lang) }</h2>
            <p class="help">{ Msg::WardTargetHelp.text(lang) }</p>
            <div class="table-wrap">
            { ward_table(lang, report, Some((ctx.state.ward_sort, ctx.dispatch.reform(Action::SortWards)))) }
            </div>
        </section>
    }
}

/// The per-ward table; with `sorting` (the order and what a click on a
/// column's heading sends) the headings are sort buttons.
pub fn ward_table(
    lang: Lang,
    report: &Report,
    sorting: Option<(WardSort, Callback<WardSort>)>,
) -> Html {
    let sort = sorting.as_ref().map(|(s, _)| *s).unwrap_or(WardSort::Name);
    let rows = view::ward_rows(report, sort);
    let header = |label: String, key: WardSort| {
        let Some((current, on_sort)) = &sorting else {
            return html! { <th scope="col">{ label }</th> };
        };
        let on_sort = on_sort.clone();
        let onclick = Callback::from(move |_| on_sort.emit(key));
        let aria_sort = match (*current == key, key) {
            (false, _) => "none",
            (true, WardSort::Name) => "ascending",
            (true, _) => "descending",
        };
        html! {
            <th scope="col" aria-sort={aria_sort}>
                <button type="button" class="sort" {onclick}>{ label }</button>
            </th>
        }
    };
    let text = |m: Msg| m.text(lang).to_string();
    html! {
        <table class="ward-results report-table" data-testid={if sorting.is_some() { "ward-table" } else { "report-wards" }}>
            <thead><tr>
                { header(text(Msg::Ward), WardSort::Name) }
                { header(text(Msg::Population), WardSort::Population) }
                { header(text(Msg::HorizonParticipants), WardSort::Participants) }
                { header(text(Msg::Per10k), WardSort::Per10k) }
                { header(text(Msg::SpendingPerParticipant), WardSort::SpendingPerParticipant) }
                { for report.targets.iter().enumerate().map(|(k, t)| header(format!("P({} {})", view::metric_label(lang, t.metric),
                    if t.direction == crate::scenario::plan::Direction::AtLeast { "≥" } else { "≤" }), WardSort::Target(k))) }
            </tr></thead>
            <tbody>{ for rows.iter().map(|r| html! {
                <tr>
                    <th scope="row">{ if lang == Lang::Ja { r.name_ja.clone() } else { r.name.clone() } }</th>
                    <td class="num">{ format::count(r.population) }</td>
                    <td class="num">{ format::count(r.participants) }</td>
                    <td class="num">{ format::decimals(r.per_10k, 1) }</td>
                    <td class="num">{ format::money(lang, r.spending_per_participant) }</td>
                    { for r.targets.iter().map(|p| html! { <td class="num">{ format::percent(*p, 0) }</td> }) }
                </tr>
            }) }</tbody>
        </table>
    }
}

/// The whole dashboard.
#[component]
pub fn Dashboard(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let Some(results) = ctx.state.run.results.clone() else {
        return html! {
            <section class="dashboard empty" aria-labelledby="h-results">
                <h2 id="h-results">{ Msg::Results.text(lang) }</h2>
                <p>{ Msg::NoResults.text(lang) }</p>
            </section>
        };
    };
    let report = &results.report;
    let status = if results.partial {
        Some(Msg::Partial)
    } else if results.cancelled {
        Some(Msg::Cancelled)
    } else {
        None
    };
    let present = {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            web::request_fullscreen();
            d.emit(Action::Present(0));
        })
    };
    let print = Callback::from(|_: MouseEvent| web::print());
    let title = if lang == Lang::Ja {
        report.scenario.title_ja.clone()
    } else {
        report.scenario.title.clone()
    };
    html! {
        <section class="dashboard" aria-labelledby="h-results" data-testid="dashboard"
            data-runs={report.runs.to_string()} data-partial={results.partial.to_string()}
            data-seed={report.seed.to_string()}>
            <h2 id="h-results">{ format!("{} — {}", Msg::Results.text(lang), title) }</h2>
            <p class="stamp">{ view::stamp(lang, report) }</p>
            <div class="row share-results">
                <button type="button" id="present-button" data-testid="present" onclick={present}
                    aria-describedby="present-help">{ Msg::Present.text(lang) }</button>
                <button type="button" data-testid="print-report" onclick={print}
                    aria-describedby="print-help">{ Msg::PrintReport.text(lang) }</button>
            </div>
            <p id="present-help" class="help">{ Msg::PresentHelp.text(lang) }</p>
            <p id="print-help" class="help">{ Msg::PrintHelp.text(lang) }</p>
            if let Some(s) = status { <p class="status" role="status">{ s.text(lang) }</p> }
            if !report.warnings.is_empty() {
                <details class="warnings"><summary>{ format!("{} ({})", Msg::Warnings.text(lang), report.warnings.len()) }</summary>
                    <ul>{ for report.warnings.iter().map(|w| html! { <li title={w.to_string()}>{ super::my_ward::plain_words(lang, &say(w, lang)) }</li> }) }</ul>
                </details>
            }
            { target_cards(lang, report) }
            { fan_figures(lang, report) }
            { histogram_figures(lang, report, &results) }
            { spending_figures(lang, report) }
            { ward_results(ctx, report) }
        </section>
    }
}
