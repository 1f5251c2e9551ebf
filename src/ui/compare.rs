//! The compare tab: 2–4 scenarios (the one being edited, built-in ones,
//! saved ones) run in the worker with the baseline's seed, run by run
//! (common random numbers, [`crate::sim::compare`]): target probabilities
//! side by side, the paired difference of every horizon output with
//! P(better) and the variance reduction factor of pairing, the cost per
//! additional participant and participant-year, overlaid medians and the
//! difference fan chart. The form, the comparison it describes and its
//! report (built on the page from the paired summaries the worker sends,
//! [`crate::report::compare::build_compare_report`]) are the state's
//! ([`super::state::compare`]).

use yew::prelude::*;

use crate::chart::{self, FanChart, Labels, MedianSeries, OverlaidMedians};
use crate::report::compare::{CompareReport, PairReport};
use crate::scenario::FieldPath;
use crate::scenario::builtin::SCENARIOS;
use crate::sim::TargetMetric;
use crate::sim::decision::{
    CostRatio, DIFFERENCE_OUTPUTS, DifferenceSeries, MAX_SCENARIOS, RatioStatus,
};
use crate::sim::run::MonthlyOutput;
use crate::text::format::month_tick;

use super::ctx::{Ctx, JobPanelProps};
use super::dashboard::Figure;
use super::doc::{Document, value_text};
use super::format;
use super::i18n::{Lang, Msg, say};
use super::state::Action;
use super::state::compare::{CURRENT, CompareAction, CompareField, CompareResult, slot_name};
use super::view;

crate::text::catalogue! {
    /// The wording of paired differences and of the variance reduction
    /// factor. A value named in braces is put in by `fill`.
    pub enum Paired {
        Points => "{points} pt", "{points}ポイント";
        Better => "P({b} better than {a})", "P({b}が{a}より良い)";
        Narrows => "Common random numbers narrow the 95 % interval of the difference in {metric} {narrowing} times compared with independent runs (variance reduction factor {factor}): independent runs would need {runs_factor} times as many runs for the same precision.",
            "共通乱数により、{metric}の差の95%区間は独立な試行の{narrowing}分の1に狭まります（分散減少率 {factor}）。独立な試行で同じ精度を得るには{runs_factor}倍の試行が必要です。";
        DoesNotNarrow => "Here common random numbers do not narrow the interval of the difference in {metric} (variance reduction factor {factor}): the two plans respond to the same futures in opposite ways, so the paired difference varies as much as that of independent runs or more.",
            "この比較では、共通乱数によって{metric}の差の区間は狭まりません（分散減少率 {factor}）。2つの計画が同じ将来像に逆向きに反応するため、対の差のばらつきは独立な試行と同程度かそれ以上です。";
        NoVariation => "The variance reduction factor of {metric} is not defined: the paired difference does not vary.",
            "{metric}の分散減少率は定義できません（対の差にばらつきがありません）。";
    }
}

/// A paired difference as people read it: rates in percentage points,
/// money in 万円/¥ m, counts, with a sign.
pub fn signed_difference(lang: Lang, metric: TargetMetric, x: f64) -> String {
    let sign = if x > 0.0 { "+" } else { "" };
    match metric {
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness => {
            let points = format!("{sign}{}", format::decimals(x * 100.0, 2));
            Paired::Points.fill(lang, &[("points", &points)])
        }
        TargetMetric::TotalSpending => format!("{sign}{}", format::money(lang, x)),
        _ => format!("{sign}{}", format::decimals(x, 0)),
    }
}

/// A cost ratio in words: the value with its 95 % interval, or why not.
pub fn cost_text(lang: Lang, ratio: &CostRatio, per: Msg) -> String {
    let money = |x: f64| format::money(lang, x);
    match (ratio.status, ratio.value, ratio.low, ratio.high) {
        (RatioStatus::Defined, Some(v), Some(lo), Some(hi)) => format!(
            "{} ({} {} – {})",
            money(v),
            Msg::Interval95.text(lang),
            money(lo),
            money(hi)
        ),
        (RatioStatus::SingleRun, Some(v), _, _) => {
            format!("{} ({})", money(v), Msg::CostOneRun.text(lang))
        }
        (RatioStatus::IntervalUnbounded, Some(v), _, _) => {
            format!("{} ({})", money(v), Msg::CostUnbounded.text(lang))
        }
        _ => format!(
            "{} ({} {})",
            Msg::NotDefined.text(lang),
            per.text(lang),
            Msg::CostBelowOne.text(lang)
        ),
    }
}

/// The sentence on how much pairing narrows the interval of `metric`
/// (or, with a factor below 1, that it does not).
pub fn vrf_sentence(lang: Lang, metric: TargetMetric, vrf: Option<f64>) -> String {
    // Lower case in the middle of an English sentence; Japanese has none.
    let metric = view::metric_label(lang, metric).to_lowercase();
    let Some(f) = vrf else {
        return Paired::NoVariation.fill(lang, &[("metric", &metric)]);
    };
    let sentence = if f >= 1.0 {
        Paired::Narrows
    } else {
        Paired::DoesNotNarrow
    };
    sentence.fill(
        lang,
        &[
            ("metric", &metric),
            ("narrowing", &format::decimals(f.sqrt(), 1)),
            ("factor", &format::decimals(f, 2)),
            ("runs_factor", &format::decimals(f, 1)),
        ],
    )
}

/// The interface name and axis format of a fan-chart output.
fn output_label(lang: Lang, output: MonthlyOutput) -> (&'static str, Msg) {
    let (title, unit) = match output {
        MonthlyOutput::Participants => (Msg::Participants, Msg::People),
        MonthlyOutput::Continuation => (Msg::Continuation, Msg::Share),
        MonthlyOutput::Awareness => (Msg::Awareness, Msg::Share),
        MonthlyOutput::Certified => (Msg::Certified, Msg::People),
        _ => (Msg::CumulativeSpending, Msg::Yen),
    };
    (title.text(lang), unit)
}

fn output_value(lang: Lang, output: MonthlyOutput, x: f64) -> String {
    match output {
        MonthlyOutput::Continuation | MonthlyOutput::Awareness => format::percent(x, 1),
        MonthlyOutput::CumulativeSpending => format::money_axis(lang, x),
        _ => format::count(x),
    }
}

/// The compare tab: the pickers, progress and the result.
#[component]
pub fn ComparePanel(props: &JobPanelProps) -> Html {
    let state = &props.ctx.state;
    let lang = state.lang;
    let cmp = &state.compare;
    let setup = state.compare_setup();
    let blocked = if state.running_job().is_some() {
        Some(Msg::RunDisabledRunning)
    } else if !state.worker_ready {
        Some(Msg::RunDisabledLoading)
    } else {
        None
    };
    let start = props.on_start.reform(|_: MouseEvent| ());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let baseline_runs = setup
        .as_ref()
        .ok()
        .map(|s| s.plans.plans[0].runs)
        .unwrap_or_default();
    let progress = cmp
        .running
        .as_ref()
        .map(|r| job_progress(lang, r.done, r.total, "compare-progress"));
    html! {
        <section class="panel" aria-labelledby="h-compare" data-testid="compare-panel">
            <h2 id="h-compare">{ Msg::CompareTitle.text(lang) }</h2>
            <p class="help">{ Msg::CompareHelp.text(lang) }</p>
            { pickers(&props.ctx) }
            <div class="field">
                <label for="compare-runs">{ Msg::Runs.text(lang) }</label>
                <input id="compare-runs" type="text" inputmode="numeric" data-testid="compare-runs"
                    value={cmp.form.runs.clone()} placeholder={baseline_runs.to_string()}
                    onchange={on_edit(&props.ctx, CompareField::Runs)} aria-describedby="compare-runs-help" />
                <p id="compare-runs-help" class="help">{ Msg::CompareRunsHelp.text(lang) }</p>
            </div>
            if let Err(problems) = &setup {
                <ul class="errors" role="alert" data-testid="compare-errors">
                    { for problems.iter().map(|p| html! { <li>{ p.get(lang).to_string() }</li> }) }
                </ul>
            }
            <div class="run-controls">
                <button type="button" class="primary" data-testid="compare-button" onclick={start}
                    disabled={blocked.is_some() || setup.is_err()} aria-describedby="compare-why">{ Msg::CompareRun.text(lang) }</button>
                <button type="button" data-testid="compare-cancel" onclick={cancel}
                    disabled={cmp.running.is_none()}>{ Msg::Cancel.text(lang) }</button>
                <span id="compare-why" class="why">{ blocked.map(|m| m.text(lang)).unwrap_or_default() }</span>
                { progress.unwrap_or_default() }
            </div>
            if let Some(e) = &cmp.error {
                <p class="notice problem" role="alert">{ e.get(lang).to_string() }</p>
            }
            if let Some(r) = &cmp.result {
                { compare_result(&props.ctx, r) }
            }
        </section>
    }
}

/// The progress bar of a job of `total` runs with `done` done.
pub fn job_progress(lang: Lang, done: u64, total: u64, testid: &'static str) -> Html {
    let pct = if total > 0 {
        done as f64 / total as f64 * 100.0
    } else {
        0.0
    };
    html! {
        <div class="progress" data-testid={testid} role="progressbar"
            aria-label={Msg::Progress.text(lang)}
            aria-valuemin="0" aria-valuemax={total.to_string()} aria-valuenow={done.to_string()}>
            <div class="bar"><div class="fill" style={format!("width:{pct:.1}%")}></div></div>
            <span>{ format!("{} {} {} {}", format::count(done as f64), Msg::Of.text(lang),
                format::count(total as f64), Msg::RunsDone.text(lang)) }</span>
        </div>
    }
}

/// Sends what an input or select of the form now holds as the new text
/// of `field`.
fn on_edit(ctx: &Ctx, field: CompareField) -> Callback<Event> {
    let dispatch = ctx.dispatch.clone();
    Callback::from(move |e: Event| {
        let text = match e.target_dyn_into::<web_sys::HtmlSelectElement>() {
            Some(select) => select.value(),
            None => e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        };
        dispatch.emit(Action::Compare(CompareAction::Edit(field.clone(), text)));
    })
}

/// The scenario pickers: the baseline (A) and up to three others.
fn pickers(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    html! {
        <div class="grid">
        { for (0..MAX_SCENARIOS).map(|slot| {
            let id = format!("compare-pick-{slot}");
            let label = if slot == 0 {
                format!("{} (A)", Msg::Baseline.text(lang))
            } else {
                format!("{} {}", Msg::ScenarioLetter.text(lang), slot_name(slot))
            };
            html! {
                <div class="field">
                    <label for={id.clone()}>{ label }</label>
                    <select id={id.clone()} data-testid={id} onchange={on_edit(ctx, CompareField::Pick(slot))}>
                        { scenario_options(ctx, &ctx.state.compare.form.picks[slot], slot >= 1) }
                    </select>
                </div>
            }
        }) }
        </div>
    }
}

/// The title of built-in scenario `name` in `lang` (its name when it has
/// none).
fn builtin_title(lang: Lang, name: &str) -> String {
    Document::builtin(name)
        .map(|d| value_text(d.get(FieldPath::title(lang))))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| name.to_string())
}

/// The scenarios a picker offers, `selected` selected: none (when
/// `optional`), the one being edited, the built-in ones and the saved ones.
fn scenario_options(ctx: &Ctx, selected: &str, optional: bool) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
    let saved = &state.workspace.saved;
    html! {
        <>
        if optional {
            <option value="" selected={selected.is_empty()}>{ Msg::CompareNone.text(lang) }</option>
        }
        <option value={CURRENT} selected={selected == CURRENT}>
            { format!("{}: {}", Msg::CompareCurrent.text(lang), state.workspace.doc.name()) }
        </option>
        <optgroup label={Msg::PickScenario.text(lang)}>
        { for SCENARIOS.iter().map(|(name, _)| {
            let key = format!("builtin:{name}");
            html! { <option value={key.clone()} selected={selected == key}>{ builtin_title(lang, name) }</option> }
        }) }
        </optgroup>
        if !saved.is_empty() {
            <optgroup label={Msg::SavedScenarios.text(lang)}>
            { for saved.iter().enumerate().map(|(i, s)| {
                let key = format!("saved:{i}");
                html! { <option value={key.clone()} selected={selected == key}>{ s.name.clone() }</option> }
            }) }
            </optgroup>
        }
        </>
    }
}

/// The result of a comparison.
fn compare_result(ctx: &Ctx, result: &CompareResult) -> Html {
    let lang = ctx.state.lang;
    let report = &result.report;
    // Plans are named by their titles (an edited built-in's says so), the
    // file name only where a plan has no title.
    let names: Vec<String> = report
        .scenarios
        .iter()
        .map(|s| {
            let title = if lang == Lang::Ja {
                &s.title_ja
            } else {
                &s.title
            };
            if title.trim().is_empty() {
                s.name.clone()
            } else {
                title.clone()
            }
        })
        .collect();
    let status = if result.partial {
        Some(Msg::Partial)
    } else if result.cancelled {
        Some(Msg::Cancelled)
    } else {
        None
    };
    let letters: Vec<String> = (0..names.len())
        .map(|i| format!("{} ({})", names[i], slot_name(i)))
        .collect();
    let targets = html! {
        <div class="table-wrap">
        <table class="data" data-testid="compare-targets">
            <caption>{ Msg::CompareTargets.text(lang) }</caption>
            <thead><tr>
                <th scope="col">{ Msg::Targets.text(lang) }</th>
                { for letters.iter().map(|l| html! { <th scope="col">{ l.clone() }</th> }) }
            </tr></thead>
            <tbody>
            { for report.targets.iter().map(|t| {
                let op = if t.direction == crate::sim::Direction::AtLeast { "≥" } else { "≤" };
                html! {
                    <tr>
                        <th scope="row">{ format!("{} {op} {}", view::metric_label(lang, t.metric), view::metric_value(lang, t.metric, t.threshold)) }</th>
                        { for t.probabilities.iter().enumerate().map(|(i, p)| {
                            // Against the baseline: the paired difference of P(met).
                            let met = i.checked_sub(1).and_then(|k| t.differences.get(k)).and_then(|d| d.met);
                            html! {
                                <td class="num" data-testid="compare-probability" data-target={t.id.clone()}
                                    data-scenario={i.to_string()} data-probability={p.to_string()}>
                                    { format!("{} ± {}", format::percent(*p, 1), format::percent(t.std_errors[i], 1)) }
                                    if let Some(m) = met {
                                        <br />
                                        <span class="difference" data-testid="compare-p-difference" data-difference={m.value.to_string()}>
                                            { format!("{} {} ({} {} – {})", Msg::VsBaseline.text(lang),
                                                format::signed_points(lang, m.value, 1), Msg::Interval95.text(lang),
                                                format::signed_points(lang, m.low, 1), format::signed_points(lang, m.high, 1)) }
                                        </span>
                                    }
                                </td>
                            }
                        }) }
                    </tr>
                }
            }) }
            </tbody>
        </table>
        </div>
    };
    let output = ctx.state.compare.form.output;
    let pick_output = on_edit(ctx, CompareField::Output);
    html! {
        <div class="compare-result" data-testid="compare-result" data-runs={report.runs.to_string()}
            data-partial={result.partial.to_string()}>
            <p class="stamp">{ format!("{} · {} · {} {} · {}: {}",
                Msg::CommonRandomNumbers.text(lang), format::runs_phrase(lang, report.runs as f64),
                Msg::Seed.text(lang).to_lowercase(), report.seed, Msg::Baseline.text(lang), names[0]) }</p>
            if let Some(s) = status { <p class="status" role="status">{ s.text(lang) }</p> }
            if !result.notes.is_empty() {
                <ul class="help">{ for result.notes.iter().map(|n| html! { <li>{ say(n, lang) }</li> }) }</ul>
            }
            { targets }
            <div class="field">
                <label for="compare-output">{ Msg::CompareOutput.text(lang) }</label>
                <select id="compare-output" data-testid="compare-output" onchange={pick_output}>
                { for DIFFERENCE_OUTPUTS.iter().map(|o| html! {
                    <option value={o.key()} selected={*o == output}>{ output_label(lang, *o).0 }</option>
                }) }
                </select>
            </div>
            { medians_figure(lang, report, output) }
            { for report.pairs.iter().enumerate().map(|(i, pair)| pair_section(lang, report, pair, i + 1, output)) }
        </div>
    }
}

/// The months of a comparison as the app shows them (令和7年4月 / 2025-04).
fn month_ticks(lang: Lang, report: &CompareReport) -> Vec<String> {
    (0..report.month_labels.len())
        .map(|m| month_tick(lang, report.start_fy, m))
        .collect()
}

/// Overlaid medians with 25–75 % bands of every scenario.
fn medians_figure(lang: Lang, report: &CompareReport, output: MonthlyOutput) -> Html {
    let bands: Vec<_> = report
        .bands
        .iter()
        .filter_map(|b| {
            b.outputs
                .iter()
                .find(|o| o.output == output.key())
                .map(|o| (b.scenario.as_str(), o))
        })
        .collect();
    let series: Vec<MedianSeries> = bands
        .iter()
        .map(|(name, b)| MedianSeries {
            name,
            p25: &b.p25,
            p50: &b.p50,
            p75: &b.p75,
        })
        .collect();
    let (label, unit) = output_label(lang, output);
    let title = format!("{} — {}", Msg::CompareMedians.text(lang), label);
    let y_label = format!("{label} ({})", unit.text(lang));
    let fmt = move |x: f64| output_value(lang, output, x);
    let months = month_ticks(lang, report);
    let svg = chart::overlaid_medians(&OverlaidMedians {
        labels: Labels {
            title: &title,
            x_label: Msg::Month.text(lang),
            y_label: &y_label,
        },
        x_ticks: &months,
        series: &series,
        legend_band: Msg::Band50.text(lang),
        reference: None,
        y_format: &fmt,
        size: super::dashboard::screen_chart_size(),
    })
    .map_err(|e| say(&e, lang));
    let table = html! {
        <table class="data">
            <thead><tr><th scope="col">{ Msg::Month.text(lang) }</th>
                { for bands.iter().map(|(name, _)| html! { <th scope="col">{ format!("{name} {}", Msg::Median.text(lang)) }</th> }) }
            </tr></thead>
            <tbody>
            { for months.iter().enumerate().map(|(m, month)| html! {
                <tr><th scope="row">{ month.clone() }</th>
                    { for bands.iter().map(|(_, b)| html! { <td class="num">{ output_value(lang, output, b.p50[m]) }</td> }) }
                </tr>
            }) }
            </tbody>
        </table>
    };
    html! { <Figure title={title.clone()} svg={svg} file="compare-medians.svg" table={table} lang={lang} /> }
}

/// One scenario against the baseline: the horizon outputs, the cost
/// ratios, the variance reduction and the difference fan chart.
fn pair_section(
    lang: Lang,
    report: &CompareReport,
    pair: &PairReport,
    index: usize,
    output: MonthlyOutput,
) -> Html {
    let (a, b) = (slot_name(0), slot_name(index));
    let heading = format!("{b} − {a}: {} − {}", pair.scenario, pair.baseline);
    let participants = pair
        .metrics
        .iter()
        .find(|m| m.metric == TargetMetric::Participants);
    let vrf = participants.and_then(|m| m.variance_reduction);
    let rows = html! {
        { for pair.metrics.iter().map(|m| {
            let better = if m.metric.higher_is_better() { m.p_higher } else { m.p_lower };
            let label = if m.metric.higher_is_better() {
                view::metric_label(lang, m.metric)
            } else {
                format!("{} ({})", view::metric_label(lang, m.metric), Msg::LowerIsBetter.text(lang))
            };
            let d = &m.difference;
            html! {
                <tr data-testid="compare-metric" data-metric={m.metric.key()}
                    data-mean={d.mean.to_string()} data-p-better={better.to_string()}
                    data-vrf={m.variance_reduction.map(|f| f.to_string()).unwrap_or_default()}>
                    <th scope="row">{ label }</th>
                    <td class="num">{ signed_difference(lang, m.metric, d.mean) }</td>
                    <td class="num">{ format!("{} – {}", signed_difference(lang, m.metric, d.p5), signed_difference(lang, m.metric, d.p95)) }</td>
                    <td class="num">{ format::percent(better, 1) }</td>
                    <td class="num">{ m.variance_reduction.map(|f| format::decimals(f, 1)).unwrap_or_else(|| Msg::NotDefined.text(lang).to_string()) }</td>
                </tr>
            }
        }) }
    };
    let fan = pair
        .monthly
        .iter()
        .find(|s| s.output == output.key())
        .map(|s| difference_fan(lang, report, s, index, output))
        .unwrap_or_default();
    html! {
        <section class="compare-pair" aria-label={heading.clone()} data-testid="compare-pair">
            <h3>{ heading }</h3>
            <p data-testid="compare-vrf" data-vrf={vrf.map(|f| f.to_string()).unwrap_or_default()}>
                { vrf_sentence(lang, TargetMetric::Participants, vrf) }
            </p>
            <div class="table-wrap">
            <table class="data">
                <caption>{ format!("{} ({b} − {a})", Msg::CompareHorizon.text(lang)) }</caption>
                <thead><tr>
                    <th scope="col">{ Msg::Metric.text(lang) }</th>
                    <th scope="col">{ Msg::CompareMeanDifference.text(lang) }</th>
                    <th scope="col">{ Msg::Range5to95.text(lang) }</th>
                    <th scope="col">{ Paired::Better.fill(lang, &[("a", &a), ("b", &b)]) }</th>
                    <th scope="col"><abbr title={Msg::VrfLong.text(lang)}>{ Msg::Vrf.text(lang) }</abbr></th>
                </tr></thead>
                <tbody>{ rows }</tbody>
            </table>
            </div>
            <dl class="costs">
                <dt>{ Msg::CostPerParticipant.text(lang) }</dt>
                <dd data-testid="compare-cost" data-cost="participant"
                    data-value={pair.cost_per_participant.value.map(|v| v.to_string()).unwrap_or_default()}>
                    { cost_text(lang, &pair.cost_per_participant, Msg::ParticipantsWord) }</dd>
                <dt>{ Msg::CostPerParticipantYear.text(lang) }</dt>
                <dd data-testid="compare-cost" data-cost="participant-year"
                    data-value={pair.cost_per_participant_year.value.map(|v| v.to_string()).unwrap_or_default()}>
                    { cost_text(lang, &pair.cost_per_participant_year, Msg::ParticipantYearsWord) }</dd>
            </dl>
            { fan }
        </section>
    }
}

/// The fan chart of the paired difference `s` of scenario `index`
/// against the baseline, month by month, with its table.
fn difference_fan(
    lang: Lang,
    report: &CompareReport,
    s: &DifferenceSeries,
    index: usize,
    output: MonthlyOutput,
) -> Html {
    let (a, b) = (slot_name(0), slot_name(index));
    let (label, unit) = output_label(lang, output);
    let title = format!(
        "{} — {label} ({b} − {a})",
        Msg::CompareDifferenceFan.text(lang)
    );
    let y_label = format!("{} ({})", Msg::Difference.text(lang), unit.text(lang));
    let fmt = move |x: f64| output_value(lang, output, x);
    let months = month_ticks(lang, report);
    let svg = chart::fan_chart(&FanChart {
        labels: Labels {
            title: &title,
            x_label: Msg::Month.text(lang),
            y_label: &y_label,
        },
        x_ticks: &months,
        p5: &s.series.p5,
        p25: &s.series.p25,
        p50: &s.series.p50,
        p75: &s.series.p75,
        p95: &s.series.p95,
        legend_outer: Msg::Band90.text(lang),
        legend_inner: Msg::Band50.text(lang),
        legend_median: Msg::Median.text(lang),
        reference: Some((0.0, Msg::NoDifference.text(lang))),
        y_format: &fmt,
        size: super::dashboard::screen_chart_size(),
    })
    .map_err(|e| say(&e, lang));
    let table = html! {
        <table class="data">
            <thead><tr><th scope="col">{ Msg::Month.text(lang) }</th>
                <th scope="col">{ Msg::Mean.text(lang) }</th><th scope="col">{ "5 %" }</th>
                <th scope="col">{ Msg::Median.text(lang) }</th><th scope="col">{ "95 %" }</th></tr></thead>
            <tbody>
            { for months.iter().enumerate().map(|(m, month)| html! {
                <tr><th scope="row">{ month.clone() }</th>
                    <td class="num">{ output_value(lang, output, s.series.mean[m]) }</td>
                    <td class="num">{ output_value(lang, output, s.series.p5[m]) }</td>
                    <td class="num">{ output_value(lang, output, s.series.p50[m]) }</td>
                    <td class="num">{ output_value(lang, output, s.series.p95[m]) }</td></tr>
            }) }
            </tbody>
        </table>
    };
    html! { <Figure title={title.clone()} svg={svg} file={format!("compare-difference-{}.svg", b.to_ascii_lowercase())} table={table} lang={lang} /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_paired_wording_has_both_languages() {
        assert_eq!(Paired::faulty(), []);
    }
}
