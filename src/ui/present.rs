//! Presentation mode: the last run's results as full-screen slides for a
//! projector — the question, the plans (compared, when a comparison has
//! run), one slide per target with its probability in large type and a
//! sentence in plain words, the participants fan chart and spending
//! against the appropriation, and equity across wards (the tile map with
//! the ward data's warning banner). Arrow keys move between slides and Escape
//! leaves; the slides are built from the state alone.

use crate::model::LINE_COUNT;
use yew::prelude::*;

use crate::model::BudgetLine;
use crate::report::Report;
use crate::sim::run::MonthlyOutput;

use super::ctx::Ctx;
use super::dashboard::{fan_svg_sized, spending_series, spending_svg_sized};
use crate::chart::Size;

/// The size the fan and spending charts are drawn at on their slides:
/// shown about twice as large on a 1280 × 720 screen, their 12 px tick
/// labels read at 24 px or more. The spending chart's legend is shown
/// beside it in the slide's own type.
const SLIDE_CHART: Size = Size {
    width: 440,
    height: 220,
};
/// The spending chart on its slide: a little smaller than [`SLIDE_CHART`],
/// as its legend beside it takes part of the width.
const SLIDE_SPENDING: Size = Size {
    width: 420,
    height: 210,
};
use super::editor::line_label;
use super::format;
use super::i18n::{Lang, Msg};
use super::state::Action;
use super::state::compare::CompareResult;
use super::state::present::{SlideKind, slides};
use super::view;
use super::web;

/// A finished comparison worth showing.
fn finished(compare: Option<&CompareResult>) -> Option<&CompareResult> {
    compare.filter(|c| !c.partial && c.report.runs > 0)
}

fn scenario_title(lang: Lang, report: &Report) -> String {
    match lang {
        Lang::Ja => report.scenario.title_ja.clone(),
        Lang::En => report.scenario.title.clone(),
    }
}

/// The question the run answers, in one sentence.
pub fn question(lang: Lang, report: &Report) -> String {
    let title = scenario_title(lang, report);
    let when = format::horizon_end(lang, report.start_fy, report.fiscal_years.len());
    Msg::RunQuestion.fill(lang, &[("title", &title), ("when", &when)])
}

fn question_slide(lang: Lang, report: &Report) -> Html {
    let description = match lang {
        Lang::Ja => &report.scenario.description_ja,
        Lang::En => &report.scenario.description,
    };
    let first = report
        .fiscal_years
        .first()
        .map(|y| y.fy)
        .unwrap_or(report.start_fy);
    let last = report
        .fiscal_years
        .last()
        .map(|y| y.fy)
        .unwrap_or(report.start_fy);
    let span = format!(
        "{}–{}",
        format::fiscal_year(lang, first),
        format::fiscal_year(lang, last)
    );
    let runs = format::count(report.runs as f64);
    let futures = format!(
        "{} · {span}",
        Msg::SimulatedFutures.fill(lang, &[("runs", &runs)])
    );
    html! { <>
        <p class="kicker">{ Msg::QuestionHeading.text(lang) }</p>
        <h2 class="question">{ question(lang, report) }</h2>
        if !description.is_empty() { <p class="lead">{ description.clone() }</p> }
        <ul class="target-list">
        { for report.targets.iter().map(|t| {
            let card = view::target_card(lang, t, report.runs, report.start_fy, report.fiscal_years.len());
            html! { <li>{ format!("{} {}", card.label, card.threshold) }</li> }
        }) }
        </ul>
        <p class="meta">{ futures }</p>
    </> }
}

/// Total appropriation of each line in each FY over the wards.
pub fn appropriation_by_line(report: &Report) -> Vec<[f64; LINE_COUNT]> {
    (0..report.fiscal_years.len())
        .map(|y| {
            let mut lines = [0.0; LINE_COUNT];
            for w in &report.resolved.wards {
                if let Some(b) = w.budget.get(y) {
                    for (slot, v) in lines.iter_mut().zip(b.lines.0) {
                        *slot += v;
                    }
                }
            }
            lines
        })
        .collect()
}

fn plans_slide(lang: Lang, report: &Report, compare: Option<&CompareResult>) -> Html {
    if let Some(c) = finished(compare) {
        let r = &c.report;
        let names: Vec<String> = r
            .scenarios
            .iter()
            .map(|s| match lang {
                Lang::Ja => s.title_ja.clone(),
                Lang::En => s.title.clone(),
            })
            .collect();
        let runs = format::count(r.runs as f64);
        let caption = format!(
            "{} · {} · {} · {}",
            Msg::TargetTable.text(lang),
            Msg::SimulatedFutures.fill(lang, &[("runs", &runs)]),
            Msg::CommonRandomNumbers.text(lang),
            Msg::SlideDifferenceNote.text(lang)
        );
        return html! { <>
            <h2>{ Msg::PlansHeading.text(lang) }</h2>
            <table class="slide-table" data-testid="slide-plans">
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col">{ Msg::Targets.text(lang) }</th>
                    { for names.iter().map(|n| html! { <th scope="col">{ n.clone() }</th> }) }
                </tr></thead>
                <tbody>{ for r.targets.iter().map(|t| {
                    let sign = match t.direction {
                        crate::scenario::plan::Direction::AtLeast => "≥",
                        crate::scenario::plan::Direction::AtMost => "≤",
                    };
                    html! {
                        <tr>
                            <th scope="row">{ format!("{} {sign} {}", view::metric_label(lang, t.metric),
                                view::metric_value(lang, t.metric, t.threshold)) }</th>
                            { for t.probabilities.iter().enumerate().map(|(i, p)| {
                                let met = i.checked_sub(1).and_then(|k| t.differences.get(k)).and_then(|d| d.met);
                                let text = match met {
                                    Some(m) => format!("{} ({})", format::percent(*p, 0), format::signed_points(lang, m.value, 0)),
                                    None => format::percent(*p, 0),
                                };
                                html! { <td class="num">{ text }</td> }
                            }) }
                        </tr>
                    }
                }) }</tbody>
            </table>
        </> };
    }
    html! { <>
        <h2>{ Msg::PlanHeading.text(lang) }</h2>
        <div data-testid="slide-plans">{ appropriation_table(lang, report, &scenario_title(lang, report), false) }</div>
    </> }
}

/// The appropriation by line and FY (and, with `overrun`, P(overrun)).
pub fn appropriation_table(lang: Lang, report: &Report, caption: &str, overrun: bool) -> Html {
    let years = appropriation_by_line(report);
    let row = |label: &str, cells: Vec<String>| {
        html! {
            <tr>
                <th scope="row">{ label }</th>
                { for cells.into_iter().map(|c| html! { <td class="num">{ c }</td> }) }
            </tr>
        }
    };
    html! {
        <table class="slide-table report-table">
            <caption>{ caption }</caption>
            <thead><tr>
                <th scope="col">{ Msg::FiscalYear.text(lang) }</th>
                { for report.fiscal_years.iter().map(|y| html! { <th scope="col">{ format::fiscal_year(lang, y.fy) }</th> }) }
            </tr></thead>
            <tbody>
            { for BudgetLine::ALL.iter().map(|l| row(line_label(lang, *l),
                years.iter().map(|y| format::money(lang, y[l.index()])).collect())) }
            { row(Msg::Appropriation.text(lang),
                report.fiscal_years.iter().map(|y| format::money(lang, y.appropriation)).collect()) }
            if overrun {
                { row(Msg::POverrun.text(lang),
                    report.fiscal_years.iter().map(|y| format::percent(y.p_overrun, 1)).collect()) }
            }
            </tbody>
        </table>
    }
}

fn target_slide(lang: Lang, report: &Report, k: usize) -> Html {
    let Some(t) = report.targets.get(k) else {
        return html! {};
    };
    let card = view::target_card(
        lang,
        t,
        report.runs,
        report.start_fy,
        report.fiscal_years.len(),
    );
    html! { <>
        <p class="kicker">{ format!("{} {} / {}", Msg::Targets.text(lang), k + 1, report.targets.len()) }</p>
        <h2>{ format!("{} {}", card.label, card.threshold) }</h2>
        <p class="big-probability" data-testid="slide-probability" data-target={card.id.clone()}
            data-probability={card.probability.to_string()}>
            { format::percent(card.probability, 0) }
            <span class="what">{ Msg::ChanceOfTarget.text(lang) }</span>
        </p>
        <p class="statement">{ card.statement.clone() }</p>
        if let Some(e) = &card.mc_error { <p class="meta">{ e.clone() }</p> }
    </> }
}

fn svg_html(svg: Result<String, String>) -> Html {
    match svg {
        Ok(svg) => Html::from_html_unchecked(AttrValue::from(svg)),
        Err(why) => html! { <p class="chart-error">{ why }</p> },
    }
}

fn fan_slide(lang: Lang, report: &Report) -> Html {
    let Some((title, svg)) = fan_svg_sized(lang, report, MonthlyOutput::Participants, SLIDE_CHART)
    else {
        return html! {};
    };
    html! { <>
        <h2>{ title }</h2>
        <figure class="slide-chart" aria-label={title}>{ svg_html(svg) }</figure>
    </> }
}

/// A legend in the slide's type: each entry's colour (a swatch, or a line
/// for a limit) and text.
fn slide_legend(entries: impl Iterator<Item = (String, (u8, u8, u8), bool)>) -> Html {
    html! {
        <ul class="slide-legend" data-testid="slide-legend">
            { for entries.map(|(text, (r, g, b), line)| html! {
                <li>
                    <span class={classes!("swatch", line.then_some("line"))} aria-hidden="true"
                        style={format!("background: rgb({r}, {g}, {b})")}></span>
                    { text }
                </li>
            }) }
        </ul>
    }
}

fn spending_slide(lang: Lang, report: &Report) -> Html {
    let years = view::fy_spending(report);
    let series = spending_series(lang, &years);
    let legend = series
        .into_iter()
        .enumerate()
        .filter(|(_, (_, values))| values.iter().any(|v| *v > 0.0))
        .map(|(i, (name, _))| {
            (
                name,
                crate::chart::PALETTE[i % crate::chart::PALETTE.len()],
                false,
            )
        })
        .chain([(Msg::Appropriation.text(lang).to_string(), (0, 0, 0), true)]);
    html! { <>
        <h2>{ Msg::SpendingVsAppropriation.text(lang) }</h2>
        <div class="slide-chart-with-legend">
            <figure class="slide-chart" aria-label={Msg::Spending.text(lang)}>
                { svg_html(spending_svg_sized(lang, report, SLIDE_SPENDING, false)) }
            </figure>
            { slide_legend(legend) }
        </div>
        // Each year's figure on one line (令和 | 10年度 never split).
        <p class="meta">{ for years.iter().enumerate().map(|(i, y)| html! { <>
            if i > 0 { { " · " } }
            <span class="nowrap">{ format!("{} {} {}", format::fiscal_year(lang, y.fy),
                Msg::POverrun.text(lang), format::percent(y.p_overrun, 0)) }</span>
        </> }) }</p>
    </> }
}

/// The equity slide: the wards coloured by participants per 10,000 on a
/// scale that cannot exaggerate, with the ward data set's warning banner.
/// (The Gini coefficient, with its explanation, is on the equity panel and
/// in the report: with the map's names at 24 px there is no room for it on
/// a 1280 × 720 slide.)
fn equity_slide(lang: Lang, report: &Report) -> Html {
    let map = super::equity::map_svg(
        lang,
        report,
        super::state::EquityMeasure::ParticipantsPer10k,
        super::equity::MapStyle::Slide,
    );
    html! { <>
        <h2>{ Msg::EquityTitle.text(lang) }</h2>
        { super::equity::data_banner(lang, report) }
        <figure class="slide-chart slide-map" aria-label={map.title.clone()}>{ svg_html(map.svg) }</figure>
    </> }
}

/// The presentation overlay (shown while `state.presenting` is set).
#[component]
pub fn Presentation(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    {
        let dispatch = ctx.dispatch.clone();
        use_effect_with((), move |_| {
            web::focus("presentation");
            let listener = web::on_fullscreen_exit(move || dispatch.emit(Action::StopPresenting));
            move || {
                // Dropping the guard stops listening (natively it holds nothing).
                #[allow(clippy::drop_non_drop)]
                drop(listener);
                web::focus("present-button");
            }
        });
    }
    let (Some(results), Some(current)) = (ctx.state.run.results.clone(), ctx.state.presenting)
    else {
        return html! {};
    };
    let compare = ctx.state.compare.result.clone();
    let kinds = slides(&results, compare.as_deref());
    let n = kinds.len();
    let current = current.min(n - 1);
    let go = |step: isize| {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::PresentStep(step)))
    };
    let exit = {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            web::exit_fullscreen();
            d.emit(Action::StopPresenting);
        })
    };
    let keydown = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let action = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" | "PageDown" | " " => Action::PresentStep(1),
                "ArrowLeft" | "ArrowUp" | "PageUp" => Action::PresentStep(-1),
                "Home" => Action::Present(0),
                "End" => Action::Present(n - 1),
                "Escape" => {
                    e.prevent_default();
                    web::exit_fullscreen();
                    d.emit(Action::StopPresenting);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            d.emit(action);
        })
    };
    let report = &results.report;
    let body = match kinds[current] {
        SlideKind::Question => question_slide(lang, report),
        SlideKind::Plans => plans_slide(lang, report, compare.as_deref()),
        SlideKind::Target(k) => target_slide(lang, report, k),
        SlideKind::Fan => fan_slide(lang, report),
        SlideKind::Spending => spending_slide(lang, report),
        SlideKind::Equity => equity_slide(lang, report),
    };
    let counter = format!("{} / {n}", current + 1);
    html! {
        <div class="presentation" id="presentation" role="dialog" aria-modal="true"
            aria-label={Msg::Presentation.text(lang)} tabindex="-1" onkeydown={keydown}
            lang={lang.tag()} data-testid="presentation">
            <section class="slide" data-testid="slide" data-slide={current.to_string()}
                aria-roledescription={Msg::Slide.text(lang)} aria-label={counter.clone()}>
                { body }
            </section>
            <nav class="slide-nav" aria-label={Msg::Presentation.text(lang)}>
                <button type="button" data-testid="present-prev" onclick={go(-1)}
                    aria-disabled={(current == 0).to_string()}>{ format!("← {}", Msg::PresentPrev.text(lang)) }</button>
                <span class="counter" data-testid="slide-counter" aria-live="polite">{ counter }</span>
                <button type="button" data-testid="present-next" onclick={go(1)}
                    aria-disabled={(current + 1 == n).to_string()}>{ format!("{} →", Msg::PresentNext.text(lang)) }</button>
                <button type="button" class="exit" data-testid="present-exit" onclick={exit}>{ Msg::PresentExit.text(lang) }</button>
            </nav>
        </div>
    }
}
