//! The printable report of the last run: an A4 document (print CSS in
//! `www/styles.css`) that opens with a one-page summary — date of issue,
//! issuing section, the question, the plan, each target's probability in a
//! sentence and the caveat that the default figures come from an
//! AI-assisted, unverified brief — followed by the scenario summary, the key
//! charts, the target table, the per-ward table with the equity figures and
//! an appendix of every assumption ending with the share link (printed
//! once). A reproducibility stamp — model version, seed, runs and scenario
//! hash — and the date of issue are repeated at the foot of every printed
//! page, and the page number "n / N" in its margin. On screen the report
//! is hidden; only the issuing-section field shows (kept in this browser's
//! localStorage); the browser's print (the "Print report" button or
//! Ctrl+P) shows the report instead of the workspace.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::parameters::Origin;
use crate::report::Report;
use crate::sim::run::MonthlyOutput;

use super::dashboard::{fan_svg, spending_svg, ward_table};
use super::equity::{data_banner, equity_table};
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
    /// The final results, if any: the issuing-section field shows without
    /// them (e.g. while a run is in progress), the report only with them.
    pub results: Option<Printed>,
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

/// localStorage key of the issuing section printed on reports.
pub const ISSUER_KEY: &str = "sasaeai.report.issuer";

/// The longest issuing section kept, in characters (the field's
/// `maxlength`).
pub const ISSUER_MAX: usize = 60;

/// The issuing section as typed, on one line and at most [`ISSUER_MAX`]
/// characters, with the typed length when it was longer.
pub fn clean_issuer(text: &str) -> (String, Option<usize>) {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = one_line.chars().count();
    if length > ISSUER_MAX {
        (one_line.chars().take(ISSUER_MAX).collect(), Some(length))
    } else {
        (one_line, None)
    }
}

/// A date of issue: `令和8年（2026年）12月7日` (Reiwa from 1 May 2019,
/// Heisei before; the first year of an era is 元年) or `7 December 2026`.
pub fn issue_date(lang: Lang, year: i32, month: u32, day: u32) -> String {
    match lang {
        Lang::Ja => match format::era_year(year, month) {
            Some((era, n)) => format!("{era}{n}年（{year}年）{month}月{day}日"),
            None => format!("{year}年{month}月{day}日"),
        },
        Lang::En => {
            let name = format::MONTH_NAMES
                .get(month.saturating_sub(1) as usize)
                .copied()
                .unwrap_or("?");
            format!("{day} {name} {year}")
        }
    }
}

/// Today's local date (year, month, day); none outside a browser.
fn today() -> Option<(i32, u32, u32)> {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new_0();
        Some((d.get_full_year() as i32, d.get_month() + 1, d.get_date()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// The issuing section kept in this browser (empty when none).
fn load_issuer() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(ISSUER_KEY).ok().flatten())
            .map(|t| clean_issuer(&t).0)
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// Keeps the issuing section in this browser; false when it could not.
fn store_issuer(text: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
            return false;
        };
        if text.is_empty() {
            s.remove_item(ISSUER_KEY).is_ok()
        } else {
            s.set_item(ISSUER_KEY, text).is_ok()
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        true
    }
}

/// Whether the report rests on figures of the brief (a parameter or the
/// ward data set from it), so that its caveat applies.
fn rests_on_brief(report: &Report) -> bool {
    matches!(
        report.scenario.ward_data.as_str(),
        "tokyo-23" | "tokyo-23-synthetic-disparity"
    ) || report
        .resolved
        .parameter_details
        .iter()
        .any(|e| e.origin == Origin::Brief)
}

/// The first page: the question, the caveat, the plan and each target's
/// probability in one sentence.
fn first_page(lang: Lang, report: &Report, stamp: &str) -> Html {
    let title = match lang {
        Lang::Ja => &report.scenario.title_ja,
        Lang::En => &report.scenario.title,
    };
    let total: f64 = report.fiscal_years.iter().map(|y| y.appropriation).sum();
    let first = report.fiscal_years.first().map_or(0.0, |y| y.appropriation);
    let span = format!(
        "{}{}{}",
        format::fiscal_year(lang, report.start_fy),
        if lang == Lang::Ja { "〜" } else { "–" },
        format::fiscal_year(lang, report.start_fy + report.fiscal_years.len() as i32 - 1)
    );
    let plan = Msg::ReportPlanSentence.fill(
        lang,
        &[
            ("title", title),
            ("total", &format::money(lang, total)),
            ("span", &span),
            ("first", &format::money(lang, first)),
        ],
    );
    html! {
        <section class="report-section report-first-page" data-testid="report-summary">
            <h2>{ Msg::ReportSummaryTitle.text(lang) }</h2>
            <p class="question">{ question(lang, report) }</p>
            if rests_on_brief(report) {
                <p class="report-caveat" role="note" data-testid="report-caveat">{ Msg::ReportCaveat.text(lang) }</p>
            }
            { data_banner(lang, report) }
            <h3>{ Msg::ReportPlan.text(lang) }</h3>
            <p>{ plan }</p>
            <h3>{ Msg::ReportTargetsSummary.text(lang) }</h3>
            <ul class="report-target-sentences">{ for report.targets.iter().map(|t| {
                let card = view::target_card(lang, t, report.runs, report.start_fy, report.fiscal_years.len());
                html! {
                    <li data-testid="report-summary-target">
                        <strong class="probability">{ format::percent(card.probability, 0) }</strong>
                        <span class="target">{ format!("{} {}", card.label, card.threshold) }</span>
                        <span class="sentence">{ card.statement.clone() }</span>
                    </li>
                }
            }) }</ul>
            <p class="help">{ format!("{} ({stamp})", Msg::ReportPageNote.text(lang)) }</p>
        </section>
    }
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
        Lang::Ja => (
            &s.title_ja,
            &s.description_ja,
            &format::era_written_out(&s.ward_data_title_ja),
        ),
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
            <div class="report-equity">
                <h3>{ Msg::EquityTitle.text(lang) }</h3>
                { data_banner(lang, report) }
                { equity_table(lang, report, "report-equity-table") }
            </div>
        </section>
    }
}

fn appendix(lang: Lang, report: &Report, link: &str) -> Html {
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
                        <td class="origin">{ origin_label(lang, e.origin) }</td>
                    </tr>
                }) }</tbody>
            </table>
            <table class="report-table">
                <caption>{ Msg::UnitCosts.text(lang) }</caption>
                <tbody>{ for cost_rows.iter().map(|(m, yen)| html! {
                    <tr><th scope="row">{ m.text(lang) }</th><td class="num">{ format::money(lang, *yen) }</td>
                        <td class="origin">{ Msg::OriginAssumption.text(lang) }</td></tr>
                }) }</tbody>
            </table>
            if !report.warnings.is_empty() {
                <h3>{ Msg::Warnings.text(lang) }</h3>
                <ul>{ for report.warnings.iter().map(|w| html! { <li>{ say(w, lang) }</li> }) }</ul>
            }
            <h3 class="share-link-heading">{ Msg::ReportShareLink.text(lang) }</h3>
            <div class="share-block">
                { match share::qr_svg(link, Msg::ReportShareQr.text(lang)) {
                    Some(svg) => html! {
                        <figure class="share-qr" data-testid="report-share-qr">
                            { Html::from_html_unchecked(AttrValue::from(svg)) }
                            <figcaption>{ Msg::ReportShareQr.text(lang) }</figcaption>
                        </figure>
                    },
                    None => html! { <p class="help">{ Msg::ReportShareQrTooLong.text(lang) }</p> },
                } }
                <p class="share-link" data-testid="report-share-link">{ link }</p>
            </div>
        </section>
    }
}

/// The printable report (hidden on screen) and, on screen, the field of
/// the issuing section it prints.
#[component]
pub fn PrintReport(props: &PrintReportProps) -> Html {
    let lang = props.lang;
    // The issuing section and what went wrong with its last edit (too
    // long, not kept).
    let field = use_state(|| (load_issuer(), None::<String>));
    let on_issuer = {
        let field = field.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let (text, too_long) = clean_issuer(&input.value());
            input.set_value(&text);
            let why = if !store_issuer(&text) {
                Some(Msg::ReportIssuerNotSaved.text(lang).to_string())
            } else {
                too_long.map(|length| {
                    Msg::ReportIssuerTooLong
                        .fill(lang, &[("length", &length), ("max", &ISSUER_MAX)])
                })
            };
            field.set((text, why));
        })
    };
    let (issuer, problem) = &*field;
    html! {
        <>
        <div class="panel report-settings field">
            <label for="report-issuer">{ Msg::ReportIssuerLabel.text(lang) }</label>
            <input type="text" id="report-issuer" data-testid="report-issuer" value={issuer.clone()}
                maxlength="60" onchange={on_issuer} aria-describedby="report-issuer-help" />
            <p id="report-issuer-help" class="help">{ Msg::ReportIssuerHelp.text(lang) }</p>
            if let Some(why) = problem {
                <p class="field-errors" role="alert" data-testid="report-issuer-error">{ why }</p>
            }
        </div>
        if let Some(results) = &props.results {
            { report_body(lang, &results.0, issuer, &props.page_url) }
        }
        </>
    }
}

/// The printed report of `results`, issued by `issuer`.
fn report_body(lang: Lang, results: &Results, issuer: &str, page_url: &str) -> Html {
    let report = &results.report;
    let title = match lang {
        Lang::Ja => &report.scenario.title_ja,
        Lang::En => &report.scenario.title,
    };
    let link = share_link(page_url, results);
    let stamp = page_stamp(lang, report);
    let colon = if lang == Lang::Ja { "：" } else { ": " };
    let date = today()
        .map(|(y, m, d)| issue_date(lang, y, m, d))
        .map(|d| format!("{}{colon}{d}", Msg::ReportIssuedOn.text(lang)));
    let issued = format!("{}{colon}{issuer}", Msg::ReportIssuer.text(lang));
    html! {
        <article class="print-report" data-testid="print-report-body" lang={lang.tag()}>
            <footer class="print-stamp" data-testid="print-stamp">
                <span>{ stamp.clone() }</span>
                <span>{ date.clone() }{ " " }{ issued.clone() }</span>
            </footer>
            <table class="print-frame" role="presentation">
                <tfoot><tr><td><div class="print-stamp-space"></div></td></tr></tfoot>
                <tbody><tr><td>
                    <header>
                        <p class="kicker">{ Msg::AppTitle.text(lang) }</p>
                        <h1>{ format!("{} — {title}", Msg::ReportTitle.text(lang)) }</h1>
                        <p class="issued" data-testid="report-issued">
                            <span data-testid="report-date">{ date }</span>
                            <span data-testid="report-issuer-text" class={if issuer.is_empty() { "blank" } else { "" }}>{ issued }</span>
                        </p>
                    </header>
                    { first_page(lang, report, &stamp) }
                    { summary(lang, report) }
                    { targets(lang, report) }
                    { charts(lang, report) }
                    { wards(lang, report) }
                    { appendix(lang, report, &link) }
                </td></tr></tbody>
            </table>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_issue_read_as_in_each_language() {
        assert_eq!(
            issue_date(Lang::Ja, 2026, 12, 7),
            "令和8年（2026年）12月7日"
        );
        assert_eq!(issue_date(Lang::Ja, 2019, 5, 1), "令和元年（2019年）5月1日");
        assert_eq!(
            issue_date(Lang::Ja, 2019, 4, 30),
            "平成31年（2019年）4月30日"
        );
        assert_eq!(issue_date(Lang::En, 2026, 12, 7), "7 December 2026");
        assert_eq!(issue_date(Lang::En, 2027, 1, 31), "31 January 2027");
    }

    #[test]
    fn the_issuing_section_is_kept_on_one_line_and_short() {
        assert_eq!(
            clean_issuer("  福祉部\n 地域福祉課 "),
            ("福祉部 地域福祉課".to_string(), None)
        );
        let long = "課".repeat(ISSUER_MAX + 5);
        let (kept, too_long) = clean_issuer(&long);
        assert_eq!(kept.chars().count(), ISSUER_MAX);
        assert_eq!(too_long, Some(ISSUER_MAX + 5));
        let message =
            Msg::ReportIssuerTooLong.fill(Lang::En, &[("length", &65), ("max", &ISSUER_MAX)]);
        assert!(
            message.contains("65 characters") && message.contains("at most 60"),
            "{message}"
        );
    }
}
