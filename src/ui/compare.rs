//! The compare tab: 2–4 scenarios (the one being edited, built-in ones,
//! saved ones) run in the worker with the baseline's seed, run by run
//! (common random numbers, [`crate::sim::compare`]): target probabilities
//! side by side, the paired difference of every horizon output with
//! P(better) and the variance reduction factor of pairing, the cost per
//! additional participant and participant-year, overlaid medians and the
//! difference fan chart. The report is built on the page from the paired
//! summaries the worker sends ([`build_compare_report`]).

use std::rc::Rc;

use yew::prelude::*;

use crate::chart::{self, FanChart, Labels, MedianSeries, OverlaidMedians, Size};
use crate::job::load_scenario_text;
use crate::report::compare::{CompareReport, PairReport, build_compare_report};
use crate::scenario::ScenarioInfo;
use crate::scenario::builtin::{SCENARIOS, scenario_text};
use crate::scenario::{Bilingual, Text};
use crate::sim::compare::{AlignNote, PairedAccumulator, align};
use crate::sim::decision::{CostRatio, DIFFERENCE_OUTPUTS, MAX_SCENARIOS, RatioStatus};
use crate::sim::run::MonthlyOutput;
use crate::sim::{Plan, TargetMetric};

use super::dashboard::Figure;
use super::doc::{Document, value_text};
use super::editor::Ctx;
use super::format;
use super::i18n::{Lang, Msg, say};
use super::state::{Action, State};
use super::view;

/// Key of the scenario being edited in the pickers.
pub const CURRENT: &str = "current";

/// Most runs a comparison takes from the form.
pub const MAX_COMPARE_RUNS: u64 = 1_000_000;

/// The comparison form as the user set it.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareForm {
    /// Picked scenario per slot (`current`, `builtin:<name>`,
    /// `saved:<index>`, or empty); the first picked one is the baseline.
    pub picks: [String; MAX_SCENARIOS],
    /// Runs as typed; empty for the baseline's own.
    pub runs: String,
    /// Monthly output of the charts.
    pub output: MonthlyOutput,
}

impl Default for CompareForm {
    fn default() -> Self {
        CompareForm {
            picks: [
                CURRENT.to_string(),
                "builtin:combined-plan".to_string(),
                String::new(),
                String::new(),
            ],
            runs: String::new(),
            output: MonthlyOutput::Participants,
        }
    }
}

/// A field of the form.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareField {
    /// The scenario of slot `i`.
    Pick(usize),
    /// Runs.
    Runs,
    /// Output of the charts (a monthly output key).
    Output,
}

/// The aligned plans of a comparison and what the report names them by.
#[derive(Clone, Debug)]
pub struct ComparePlans {
    /// Aligned plans, baseline first (targets, seed and runs of the baseline).
    pub plans: Vec<Plan>,
    /// Their identification.
    pub infos: Vec<ScenarioInfo>,
    /// Notes on settings taken from the baseline.
    pub notes: Vec<AlignNote>,
}

/// What to send to the worker for a comparison.
#[derive(Clone, Debug)]
pub struct CompareSetup {
    /// Scenario texts (TOML), baseline first.
    pub texts: Vec<String>,
    /// Runs of each scenario.
    pub runs: u64,
    /// The aligned plans.
    pub plans: Rc<ComparePlans>,
}

/// The text of a pick, and a name for messages.
fn pick_text(state: &State, key: &str) -> Option<(String, String)> {
    if key == CURRENT {
        let name = state.doc.name();
        return Some((name, state.doc.to_toml()));
    }
    if let Some(name) = key.strip_prefix("builtin:") {
        return scenario_text(name).map(|t| (name.to_string(), t.to_string()));
    }
    let i: usize = key.strip_prefix("saved:")?.parse().ok()?;
    state.saved.get(i).map(|s| (s.name.clone(), s.toml.clone()))
}

/// The comparison the form describes, or every problem with it (each
/// naming what is wrong and what is allowed).
pub fn setup(state: &State) -> Result<CompareSetup, Vec<Text>> {
    let form = &state.compare.form;
    let mut problems = Vec::new();
    let mut texts = Vec::new();
    let mut plans = Vec::new();
    let mut infos = Vec::new();
    for (slot, key) in form.picks.iter().enumerate() {
        if key.is_empty() {
            continue;
        }
        let Some((name, text)) = pick_text(state, key) else {
            problems.push(Text::new(
                format!(
                    "scenario {} = {key:?}: not a built-in or saved scenario; pick one from the list",
                    slot_name(slot)
                ),
                format!(
                    "シナリオ{} = {key:?}：組み込みまたは保存済みのシナリオではありません。一覧から選んでください",
                    slot_name(slot)
                ),
            ));
            continue;
        };
        match load_scenario_text(&text, &name) {
            Ok(loaded) => {
                plans.push(loaded.plan);
                infos.push(loaded.info);
                texts.push(text);
            }
            Err(e) => problems.push(e.text()),
        }
    }
    if texts.len() < 2 && problems.is_empty() {
        problems.push(Text::new(
            Msg::ComparePickTwo.text(Lang::En),
            Msg::ComparePickTwo.text(Lang::Ja),
        ));
    }
    let runs = if form.runs.trim().is_empty() {
        None
    } else {
        let plain: String = form
            .runs
            .chars()
            .filter(|c| !matches!(c, ',' | '_' | ' '))
            .collect();
        match plain.parse::<u64>() {
            Ok(n) if (1..=MAX_COMPARE_RUNS).contains(&n) => Some(n),
            _ => {
                problems.push(Text::new(
                    format!(
                        "runs = {:?}: a whole number from 1 to 1,000,000 (empty: the baseline's runs)",
                        form.runs
                    ),
                    format!(
                        "試行回数 = {:?}：1から1,000,000までの整数を入力してください（空欄なら基準シナリオの試行回数）",
                        form.runs
                    ),
                ));
                None
            }
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let notes = align(&mut plans).map_err(|e| vec![e.text()])?;
    let runs = runs.unwrap_or(plans[0].runs);
    for p in &mut plans {
        p.runs = runs;
    }
    Ok(CompareSetup {
        texts,
        runs,
        plans: Rc::new(ComparePlans {
            plans,
            infos,
            notes,
        }),
    })
}

/// `A`, `B`, `C`, `D`.
fn slot_name(slot: usize) -> char {
    (b'A' + slot as u8) as char
}

/// A comparison in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparing {
    /// Job id.
    pub job: u64,
    /// Paired runs done.
    pub done: u64,
    /// Paired runs asked for.
    pub total: u64,
}

/// A comparison's report.
#[derive(Clone, Debug)]
pub struct CompareResult {
    /// The report (from the paired summaries).
    pub report: CompareReport,
    /// Whether more runs are coming.
    pub partial: bool,
    /// Whether it was cancelled before the end.
    pub cancelled: bool,
    /// Notes on settings taken from the baseline.
    pub notes: Vec<AlignNote>,
}

/// Everything about the compare tab.
#[derive(Clone, Debug, Default)]
pub struct CompareState {
    /// The form.
    pub form: CompareForm,
    /// The comparison in progress.
    pub running: Option<Comparing>,
    /// The plans of the comparison running or shown.
    pub plans: Option<Rc<ComparePlans>>,
    /// The last result.
    pub result: Option<Rc<CompareResult>>,
    /// Why the last comparison could not run.
    pub error: Option<Text>,
}

/// What changes the compare tab.
#[derive(Clone, Debug)]
pub enum CompareAction {
    /// A form field changed.
    Edit(CompareField, String),
    /// A comparison was sent to the worker.
    Started {
        /// Job id.
        job: u64,
        /// Paired runs asked for.
        total: u64,
        /// The aligned plans.
        plans: Rc<ComparePlans>,
    },
    /// Partial paired summaries came in.
    Progress {
        /// Job id.
        job: u64,
        /// Paired runs done.
        done: u64,
        /// Summaries so far.
        summary: Box<PairedAccumulator>,
    },
    /// The comparison ended.
    Finished {
        /// Job id.
        job: u64,
        /// Whether it was cancelled.
        cancelled: bool,
        /// Summaries.
        summary: Box<PairedAccumulator>,
    },
}

impl CompareState {
    /// Whether job `job` is this tab's comparison.
    pub fn owns(&self, job: u64) -> bool {
        self.running.as_ref().is_some_and(|r| r.job == job)
    }

    /// Apply an action.
    pub fn apply(&mut self, action: CompareAction) {
        match action {
            CompareAction::Edit(field, text) => match field {
                CompareField::Pick(i) if i < MAX_SCENARIOS => self.form.picks[i] = text,
                CompareField::Pick(_) => {}
                CompareField::Runs => self.form.runs = text,
                CompareField::Output => {
                    if let Some(o) = DIFFERENCE_OUTPUTS.iter().find(|o| o.key() == text) {
                        self.form.output = *o;
                    }
                }
            },
            CompareAction::Started { job, total, plans } => {
                self.running = Some(Comparing {
                    job,
                    done: 0,
                    total,
                });
                self.plans = Some(plans);
                self.error = None;
            }
            CompareAction::Progress { job, done, summary } => {
                if let Some(r) = self.running.as_mut().filter(|r| r.job == job) {
                    r.done = done;
                    self.set_result(&summary, true, false);
                }
            }
            CompareAction::Finished {
                job,
                cancelled,
                summary,
            } => {
                if self.owns(job) {
                    self.running = None;
                    if summary.runs() > 0 {
                        self.set_result(&summary, false, cancelled);
                    }
                }
            }
        }
    }

    /// The comparison failed in the worker.
    pub fn fail(&mut self, message: Text) {
        self.running = None;
        self.error = Some(message);
    }

    fn set_result(&mut self, summary: &PairedAccumulator, partial: bool, cancelled: bool) {
        let Some(plans) = &self.plans else {
            return;
        };
        let report = build_compare_report(&plans.plans, plans.infos.clone(), summary);
        self.result = Some(Rc::new(CompareResult {
            report,
            partial,
            cancelled,
            notes: plans.notes.clone(),
        }));
    }
}

/// Whether a higher value of `metric` is better (fewer people waiting and
/// less spending are better).
pub fn higher_is_better(metric: TargetMetric) -> bool {
    !matches!(metric, TargetMetric::Waitlist | TargetMetric::TotalSpending)
}

/// A paired difference as people read it: rates in percentage points,
/// money in 万円/¥ m, counts, with a sign.
pub fn signed_difference(lang: Lang, metric: TargetMetric, x: f64) -> String {
    let sign = if x > 0.0 { "+" } else { "" };
    match metric {
        TargetMetric::Continuation | TargetMetric::Satisfaction | TargetMetric::Awareness => {
            let unit = if lang == Lang::Ja {
                "ポイント"
            } else {
                " pt"
            };
            format!("{sign}{}{unit}", format::decimals(x * 100.0, 2))
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
    let label = view::metric_label(lang, metric);
    let lower = label.to_lowercase();
    match (vrf, lang) {
        (Some(f), Lang::En) if f >= 1.0 => format!(
            "Common random numbers narrow the 95 % interval of the difference in {lower} {} times compared with \
             independent runs (variance reduction factor {}): independent runs would need {} times as many \
             runs for the same precision.",
            format::decimals(f.sqrt(), 1),
            format::decimals(f, 2),
            format::decimals(f, 1)
        ),
        (Some(f), Lang::En) => format!(
            "Here common random numbers do not narrow the interval of the difference in {lower} (variance \
             reduction factor {}): the two plans respond to the same futures in opposite ways, so the paired \
             difference varies as much as that of independent runs or more.",
            format::decimals(f, 2)
        ),
        (Some(f), Lang::Ja) if f >= 1.0 => format!(
            "共通乱数により、{label}の差の95%区間は独立な試行の{}分の1に狭まります（分散減少率 {}）。独立な試行で同じ精度を得るには{}倍の試行が必要です。",
            format::decimals(f.sqrt(), 1),
            format::decimals(f, 2),
            format::decimals(f, 1)
        ),
        (Some(f), Lang::Ja) => format!(
            "この比較では、共通乱数によって{label}の差の区間は狭まりません（分散減少率 {}）。2つの計画が同じ将来像に逆向きに反応するため、対の差のばらつきは独立な試行と同程度かそれ以上です。",
            format::decimals(f, 2)
        ),
        (None, Lang::En) => format!(
            "The variance reduction factor of {lower} is not defined: the paired difference does not vary."
        ),
        (None, Lang::Ja) => {
            format!("{label}の分散減少率は定義できません（対の差にばらつきがありません）。")
        }
    }
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

/// Props of [`ComparePanel`].
#[derive(Clone, PartialEq, Properties)]
pub struct ComparePanelProps {
    /// Shared context.
    pub ctx: Ctx,
    /// Start the comparison.
    pub on_start: Callback<()>,
    /// Cancel it.
    pub on_cancel: Callback<()>,
}

/// The compare tab: the pickers, progress and the result.
#[component]
pub fn ComparePanel(props: &ComparePanelProps) -> Html {
    let state = &props.ctx.state;
    let lang = state.lang;
    let cmp = &state.compare;
    let dispatch = props.ctx.dispatch.clone();
    let edit = |field: CompareField| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dispatch.emit(Action::Compare(CompareAction::Edit(
                field.clone(),
                input.value(),
            )));
        })
    };
    let pick = |field: CompareField| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            dispatch.emit(Action::Compare(CompareAction::Edit(
                field.clone(),
                select.value(),
            )));
        })
    };
    let setup = setup(state);
    let blocked = if state.running_job().is_some() {
        Some(Msg::RunDisabledRunning)
    } else if !state.worker_ready {
        Some(Msg::RunDisabledLoading)
    } else {
        None
    };
    let start = {
        let cb = props.on_start.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let cancel = {
        let cb = props.on_cancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let title_of = |name: &str| -> String {
        Document::builtin(name)
            .map(|d| {
                value_text(d.get(if lang == Lang::Ja {
                    "title_ja"
                } else {
                    "title"
                }))
            })
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| name.to_string())
    };
    let current_name = state.doc.name();
    let options = |selected: &str, optional: bool| {
        html! {
            <>
            if optional {
                <option value="" selected={selected.is_empty()}>{ Msg::CompareNone.text(lang) }</option>
            }
            <option value={CURRENT} selected={selected == CURRENT}>
                { format!("{}: {}", Msg::CompareCurrent.text(lang), current_name) }
            </option>
            <optgroup label={Msg::PickScenario.text(lang)}>
            { for SCENARIOS.iter().map(|(name, _)| {
                let key = format!("builtin:{name}");
                html! { <option value={key.clone()} selected={selected == key}>{ title_of(name) }</option> }
            }) }
            </optgroup>
            if !state.saved.is_empty() {
                <optgroup label={Msg::SavedScenarios.text(lang)}>
                { for state.saved.iter().enumerate().map(|(i, s)| {
                    let key = format!("saved:{i}");
                    html! { <option value={key.clone()} selected={selected == key}>{ s.name.clone() }</option> }
                }) }
                </optgroup>
            }
            </>
        }
    };
    let baseline_runs = setup
        .as_ref()
        .ok()
        .map(|s| s.plans.plans[0].runs)
        .unwrap_or_default();
    let progress = cmp.running.as_ref().map(|r| {
        let pct = if r.total > 0 {
            r.done as f64 / r.total as f64 * 100.0
        } else {
            0.0
        };
        html! {
            <div class="progress" data-testid="compare-progress" role="progressbar"
                aria-label={Msg::Progress.text(lang)}
                aria-valuemin="0" aria-valuemax={r.total.to_string()} aria-valuenow={r.done.to_string()}>
                <div class="bar"><div class="fill" style={format!("width:{pct:.1}%")}></div></div>
                <span>{ format!("{} {} {} {}", format::count(r.done as f64), Msg::Of.text(lang),
                    format::count(r.total as f64), Msg::RunsDone.text(lang)) }</span>
            </div>
        }
    });
    html! {
        <section class="panel" aria-labelledby="h-compare" data-testid="compare-panel">
            <h2 id="h-compare">{ Msg::CompareTitle.text(lang) }</h2>
            <p class="help">{ Msg::CompareHelp.text(lang) }</p>
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
                        <select id={id.clone()} data-testid={id} onchange={pick(CompareField::Pick(slot))}>
                            { options(&cmp.form.picks[slot], slot >= 1) }
                        </select>
                    </div>
                }
            }) }
            </div>
            <div class="field">
                <label for="compare-runs">{ Msg::Runs.text(lang) }</label>
                <input id="compare-runs" type="text" inputmode="numeric" data-testid="compare-runs"
                    value={cmp.form.runs.clone()} placeholder={baseline_runs.to_string()}
                    onchange={edit(CompareField::Runs)} aria-describedby="compare-runs-help" />
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

/// The result of a comparison.
fn compare_result(ctx: &Ctx, result: &CompareResult) -> Html {
    let lang = ctx.state.lang;
    let report = &result.report;
    let names: Vec<String> = report.scenarios.iter().map(|s| s.name.clone()).collect();
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
    let pick_output = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            dispatch.emit(Action::Compare(CompareAction::Edit(
                CompareField::Output,
                select.value(),
            )));
        })
    };
    html! {
        <div class="compare-result" data-testid="compare-result" data-runs={report.runs.to_string()}
            data-partial={result.partial.to_string()}>
            <p class="stamp">{ format!("{} · {} {} · {} {} · {}: {}",
                Msg::CommonRandomNumbers.text(lang), format::count(report.runs as f64), Msg::Runs.text(lang).to_lowercase(),
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
    let svg = chart::overlaid_medians(&OverlaidMedians {
        labels: Labels {
            title: &title,
            x_label: Msg::Month.text(lang),
            y_label: &y_label,
        },
        x_ticks: &report.month_labels,
        series: &series,
        legend_band: Msg::Band50.text(lang),
        reference: None,
        y_format: &fmt,
        size: Size::default(),
    })
    .map_err(|e| say(&e, lang));
    let table = html! {
        <table class="data">
            <thead><tr><th scope="col">{ Msg::Month.text(lang) }</th>
                { for bands.iter().map(|(name, _)| html! { <th scope="col">{ format!("{name} {}", Msg::Median.text(lang)) }</th> }) }
            </tr></thead>
            <tbody>
            { for report.month_labels.iter().enumerate().map(|(m, month)| html! {
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
            let better = if higher_is_better(m.metric) { m.p_higher } else { m.p_lower };
            let label = if higher_is_better(m.metric) {
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
        .map(|s| {
            let (label, unit) = output_label(lang, output);
            let title = format!("{} — {label} ({b} − {a})", Msg::CompareDifferenceFan.text(lang));
            let y_label = format!("{} ({})", Msg::Difference.text(lang), unit.text(lang));
            let fmt = move |x: f64| output_value(lang, output, x);
            let svg = chart::fan_chart(&FanChart {
                labels: Labels {
                    title: &title,
                    x_label: Msg::Month.text(lang),
                    y_label: &y_label,
                },
                x_ticks: &report.month_labels,
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
                size: Size::default(),
            })
            .map_err(|e| say(&e, lang));
            let table = html! {
                <table class="data">
                    <thead><tr><th scope="col">{ Msg::Month.text(lang) }</th>
                        <th scope="col">{ Msg::Mean.text(lang) }</th><th scope="col">{ "5 %" }</th>
                        <th scope="col">{ Msg::Median.text(lang) }</th><th scope="col">{ "95 %" }</th></tr></thead>
                    <tbody>
                    { for report.month_labels.iter().enumerate().map(|(m, month)| html! {
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
        })
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
                    <th scope="col">{ match lang {
                        Lang::En => format!("P({b} better than {a})"),
                        Lang::Ja => format!("P({b}が{a}より良い)"),
                    } }</th>
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
