//! The printable report of the last run: an A4 document (print CSS in
//! `www/styles.css`) with the scenario summary, the key charts, the target
//! table, the per-ward table and an appendix of every assumption, and a
//! reproducibility stamp — model version, seed, runs, scenario hash and
//! share link — repeated at the foot of every printed page. On screen it is
//! hidden; the browser's print (the "Print report" button or Ctrl+P)
//! shows it instead of the workspace.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::parameters::Origin;
use crate::report::Report;
use crate::sim::run::MonthlyOutput;

use super::dashboard::{fan_svg, spending_svg, ward_table};
use super::format;
use super::i18n::{Lang, Msg, say};
use super::present::{appropriation_table, question};
use super::share;
use super::state::Results;
use super::view;

/// The results a report is printed from (compared by identity).
#[derive(Clone, Debug)]
pub struct Printed(pub Rc<Results>);

impl PartialEq for Printed {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Props of [`PrintReport`].
#[derive(Clone, PartialEq, Properties)]
pub struct PrintReportProps {
    /// The results.
    pub results: Printed,
    /// Language.
    pub lang: Lang,
    /// The page's address without its fragment (for the share link).
    pub page_url: AttrValue,
}

/// The label of an origin.
pub fn origin_label(lang: Lang, origin: Origin) -> &'static str {
    match origin {
        Origin::Brief => Msg::OriginBrief.text(lang),
        Origin::Statistics => Msg::OriginStatistics.text(lang),
        Origin::Assumption => Msg::OriginAssumption.text(lang),
    }
}

/// The share link of the scenario that produced `results`.
pub fn share_link(page_url: &str, results: &Results) -> String {
    format!("{page_url}#{}", share::encode(&results.scenario_toml))
}

/// The stamp printed on every page.
pub fn page_stamp(lang: Lang, report: &Report) -> String {
    view::stamp(lang, report)
}

fn svg_html(svg: Result<String, String>) -> Html {
    match svg {
        Ok(svg) => Html::from_html_unchecked(AttrValue::from(svg)),
        Err(why) => html! { <p class="chart-error">{ why }</p> },
    }
}

fn summary(lang: Lang, report: &Report) -> Html {
    let s = &report.scenario;
    let (title, description, data) = match lang {
        Lang::Ja => (&s.title_ja, &s.description_ja, &s.ward_data_title_ja),
        Lang::En => (&s.title, &s.description, &s.ward_data_title),
    };
    let mode = match report.mode {
        crate::sim::Mode::Stochastic => Msg::ModeStochastic,
        crate::sim::Mode::Expected => Msg::ModeExpected,
    };
    html! {
        <section class="report-section">
            <h2>{ Msg::ScenarioSummary.text(lang) }</h2>
            <p class="question">{ question(lang, report) }</p>
            <dl class="summary">
                <dt>{ Msg::Title.text(lang) }</dt><dd>{ format!("{title} ({})", s.name) }</dd>
                if !description.is_empty() { <dt>{ Msg::Description.text(lang) }</dt><dd>{ description.clone() }</dd> }
                <dt>{ Msg::WardData.text(lang) }</dt><dd>{ format!("{data} · {} {}", report.wards.len(), Msg::WardsCount.text(lang)) }</dd>
                <dt>{ Msg::Mode.text(lang) }</dt><dd>{ mode.text(lang) }</dd>
                <dt>{ Msg::Runs.text(lang) }</dt><dd>{ format::count(report.runs as f64) }</dd>
                <dt>{ Msg::Seed.text(lang) }</dt><dd>{ report.seed }</dd>
                <dt>{ Msg::Horizon.text(lang) }</dt><dd>{ format!("{} ({}–{})", report.fiscal_years.len(),
                    format::fiscal_year(lang, report.start_fy),
                    format::fiscal_year(lang, report.start_fy + report.fiscal_years.len() as i32 - 1)) }</dd>
            </dl>
            { appropriation_table(lang, report, Msg::PlanHeading.text(lang), true) }
        </section>
    }
}

fn targets(lang: Lang, report: &Report) -> Html {
    html! {
        <section class="report-section">
            <h2>{ Msg::TargetTable.text(lang) }</h2>
            <table class="report-table" data-testid="report-targets">
                <thead><tr>
                    <th scope="col">{ Msg::Targets.text(lang) }</th>
                    <th scope="col">{ Msg::Probability.text(lang) }</th>
                    <th scope="col">{ Msg::McError.text(lang) }</th>
                    <th scope="col">{ Msg::Meaning.text(lang) }</th>
                </tr></thead>
                <tbody>{ for report.targets.iter().map(|t| {
                    let card = view::target_card(lang, t, report.runs, report.start_fy, report.fiscal_years.len());
                    html! {
                        <tr data-testid="report-target" data-target={card.id.clone()} data-probability={card.probability.to_string()}>
                            <th scope="row">{ format!("{} {}", card.label, card.threshold) }</th>
                            <td class="num">{ format::percent(card.probability, 1) }</td>
                            <td class="num">{ format!("± {}", format::percent(card.std_error, 1)) }</td>
                            <td>{ card.statement.clone() }</td>
                        </tr>
                    }
                }) }</tbody>
            </table>
        </section>
    }
}

fn charts(lang: Lang, report: &Report) -> Html {
    let fans = [
        MonthlyOutput::Participants,
        MonthlyOutput::Continuation,
        MonthlyOutput::Certified,
        MonthlyOutput::CumulativeSpending,
    ];
    html! {
        <section class="report-section">
            <h2>{ Msg::FanCharts.text(lang) }</h2>
            { for fans.iter().filter_map(|o| fan_svg(lang, report, *o)).map(|(title, svg)| html! {
                <figure class="report-chart" aria-label={title}>{ svg_html(svg) }<figcaption>{ title }</figcaption></figure>
            }) }
            <figure class="report-chart" aria-label={Msg::Spending.text(lang)}>
                { svg_html(spending_svg(lang, report)) }
                <figcaption>{ Msg::SpendingVsAppropriation.text(lang) }</figcaption>
            </figure>
        </section>
    }
}

fn wards(lang: Lang, report: &Report) -> Html {
    html! {
        <section class="report-section">
            <h2>{ Msg::WardTableReport.text(lang) }</h2>
            { ward_table(lang, report, None) }
            <p class="help">{ Msg::WardTargetHelp.text(lang) }</p>
        </section>
    }
}

fn appendix(lang: Lang, report: &Report) -> Html {
    let costs = &report.resolved.unit_costs.costs;
    let cost_rows = [
        (Msg::UnitCostFte, costs.fte),
        (Msg::UnitCostSeat, costs.seat),
        (Msg::UnitCostSupervision, costs.supervision_month),
        (Msg::UnitCostBase, costs.base),
    ];
    html! {
        <section class="report-section appendix">
            <h2>{ Msg::AppendixTitle.text(lang) }</h2>
            <p class="help">{ Msg::AppendixHelp.text(lang) }</p>
            <table class="report-table" data-testid="report-appendix">
                <thead><tr>
                    <th scope="col">{ Msg::Parameter.text(lang) }</th>
                    <th scope="col">{ Msg::Meaning.text(lang) }</th>
                    <th scope="col">{ Msg::PointValue.text(lang) }</th>
                    <th scope="col">{ Msg::Distribution.text(lang) }</th>
                    <th scope="col">{ Msg::Origin.text(lang) }</th>
                </tr></thead>
                <tbody>{ for report.resolved.parameter_details.iter().map(|e| html! {
                    <tr data-testid="appendix-parameter" data-parameter={e.name} data-origin={e.origin.key()}>
                        <th scope="row"><code>{ e.name }</code></th>
                        <td>{ if lang == Lang::Ja { e.description_ja } else { e.description_en } }</td>
                        <td class="num">{ e.point }</td>
                        <td><code>{ e.distribution.to_string() }</code>
                            if e.ward_variation > 0.0 { { format!(" × lognormal(0, {})", e.ward_variation) } }</td>
                        <td>{ origin_label(lang, e.origin) }</td>
                    </tr>
                }) }</tbody>
            </table>
            <table class="report-table">
                <caption>{ Msg::UnitCosts.text(lang) }</caption>
                <tbody>{ for cost_rows.iter().map(|(m, yen)| html! {
                    <tr><th scope="row">{ m.text(lang) }</th><td class="num">{ format::money(lang, *yen) }</td>
                        <td>{ Msg::OriginAssumption.text(lang) }</td></tr>
                }) }</tbody>
            </table>
            if !report.warnings.is_empty() {
                <h3>{ Msg::Warnings.text(lang) }</h3>
                <ul>{ for report.warnings.iter().map(|w| html! { <li>{ say(w, lang) }</li> }) }</ul>
            }
        </section>
    }
}

/// The printable report (hidden on screen).
#[component]
pub fn PrintReport(props: &PrintReportProps) -> Html {
    let lang = props.lang;
    let results = &props.results.0;
    let report = &results.report;
    let title = match lang {
        Lang::Ja => &report.scenario.title_ja,
        Lang::En => &report.scenario.title,
    };
    let link = share_link(&props.page_url, results);
    let stamp = page_stamp(lang, report);
    html! {
        <article class="print-report" data-testid="print-report-body" lang={lang.tag()}>
            <footer class="print-stamp" data-testid="print-stamp">
                <span>{ stamp.clone() }</span>
                <span class="link">{ link.clone() }</span>
            </footer>
            <table class="print-frame" role="presentation">
                <tfoot><tr><td><div class="print-stamp-space"></div></td></tr></tfoot>
                <tbody><tr><td>
                    <header>
                        <p class="kicker">{ Msg::AppTitle.text(lang) }</p>
                        <h1>{ format!("{} — {title}", Msg::ReportTitle.text(lang)) }</h1>
                        <p class="stamp-line">{ format!("{}: {stamp}", Msg::Stamp.text(lang)) }</p>
                        <p class="stamp-line">{ format!("{}: {link}", Msg::ShareLink.text(lang)) }</p>
                    </header>
                    { summary(lang, report) }
                    { targets(lang, report) }
                    { charts(lang, report) }
                    { wards(lang, report) }
                    { appendix(lang, report) }
                </td></tr></tbody>
            </table>
        </article>
    }
}
