//! The allocation search panel: the form (objective, total, bounds per line,
//! whether to search the spread), progress while the worker searches, and
//! the result with "open as a new scenario". The form and the search's
//! state are [`super::state::optimise`]; the search itself is
//! [`crate::sim::optimize`], run in the worker.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::BudgetLine;
use crate::model::budget::Lines;
use crate::scenario::plan::{Target, TargetMetric};
use crate::sim::optimize::{
    Estimate, HorizonComparison, MarginReport, Objective, OptimizeReport, OptimizeSettings,
};

use super::ctx::Ctx;
use super::editor::line_label;
use super::format;
use super::i18n::{Lang, Msg};
use super::state::optimise::{FormField, OptimiseAction};
use super::state::{Action, Replacement};
use super::view;

/// Props of [`OptimisePanel`].
#[derive(Clone, PartialEq, Properties)]
pub struct OptimisePanelProps {
    /// Shared context.
    pub ctx: Ctx,
    /// Start a search with these settings.
    pub on_start: Callback<OptimizeSettings>,
    /// Cancel the search.
    pub on_cancel: Callback<()>,
}

/// An objective in plain words; a target is named by its metric and
/// threshold (the target's id stays in the file and the tooltip).
fn objective_label(lang: Lang, key: &str, targets: &[Target]) -> String {
    match key {
        "all-targets" => Msg::ObjectiveAllTargets.text(lang).to_string(),
        "participants" => Msg::ObjectiveParticipants.text(lang).to_string(),
        "cost-per-retained" => Msg::ObjectiveCostPerRetained.text(lang).to_string(),
        other => format!(
            "{} {}",
            Msg::ObjectiveTarget.text(lang),
            target_name(lang, other.trim_start_matches("target:"), targets)
        ),
    }
}

/// The target with id `id` in plain words: its metric and threshold
/// (参加者数 ≥ 42,600), or its metric when the plan no longer has it.
fn target_name(lang: Lang, id: &str, targets: &[Target]) -> String {
    match targets.iter().find(|t| t.id == id) {
        Some(t) => view::target_label(lang, t),
        None => TargetMetric::from_key(id)
            .map(|m| view::metric_label(lang, m))
            .unwrap_or_else(|| id.to_string()),
    }
}

/// The targets of the scenario being edited.
fn plan_targets(ctx: &Ctx) -> Vec<Target> {
    ctx.state
        .workspace
        .checked
        .loaded
        .as_ref()
        .map(|l| l.plan.targets.clone())
        .unwrap_or_default()
}

/// An objective's value for people: probabilities as percent, participants
/// as a count, the cost ratio as money.
pub fn objective_value(lang: Lang, objective: &Objective, x: f64) -> String {
    match objective {
        Objective::AllTargets | Objective::Target(_) => format::percent(x, 1),
        Objective::Participants => format::count(x),
        Objective::CostPerRetained => format::money(lang, x),
    }
}

/// An estimate with its 95 % interval, each figure written by `f`.
fn interval_text(lang: Lang, e: &Estimate, f: &dyn Fn(f64) -> String) -> String {
    format!(
        "{} ({} {} – {})",
        f(e.value),
        Msg::Interval95.text(lang),
        f(e.low),
        f(e.high)
    )
}

fn estimate_text(lang: Lang, objective: &Objective, e: &Estimate) -> String {
    interval_text(lang, e, &|x| objective_value(lang, objective, x))
}

/// A difference of an objective's values, signed: probabilities in
/// percentage points, participants as a count, the cost ratio as money.
fn objective_difference(lang: Lang, objective: &Objective, x: f64) -> String {
    match objective {
        Objective::AllTargets | Objective::Target(_) => format::signed_points(lang, x, 1),
        Objective::Participants => format!("{}{}", format::plus(x, 0), format::decimals(x, 0)),
        Objective::CostPerRetained => {
            let text = format::money(lang, x.abs());
            if x < 0.0 {
                format!("−{text}")
            } else {
                format!("{}{text}", format::plus(x, 0))
            }
        }
    }
}

/// The paired difference with its interval, signed.
fn difference_text(lang: Lang, objective: &Objective, e: &Estimate) -> String {
    interval_text(lang, e, &|x| objective_difference(lang, objective, x))
}

/// The allocation search: form, progress, result.
#[component]
pub fn OptimisePanel(props: &OptimisePanelProps) -> Html {
    let state = &props.ctx.state;
    let lang = state.lang;
    let opt = &state.optimise;
    let checked = &state.workspace.checked;
    let settings = opt.form.settings();
    let blocked = if state.running_job().is_some() {
        Some(Msg::RunDisabledRunning.text(lang).to_string())
    } else if checked.loaded.is_none() || !checked.errors.is_empty() {
        Some(Msg::RunDisabledErrors.text(lang).to_string())
    } else if !state.worker_ready {
        Some(Msg::RunDisabledLoading.text(lang).to_string())
    } else {
        None
    };
    let start = {
        let on_start = props.on_start.clone();
        let settings = settings.clone().ok();
        Callback::from(move |_| {
            if let Some(s) = &settings {
                on_start.emit(s.clone());
            }
        })
    };
    let cancel = {
        let cb = props.on_cancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <section class="panel" aria-labelledby="h-optimise" data-testid="optimise-panel">
            <h2 id="h-optimise">{ Msg::OptimiseTitle.text(lang) }</h2>
            <p class="help">{ Msg::OptimiseHelp.text(lang) }</p>
            { search_form(&props.ctx) }
            if let Err(problems) = &settings {
                <ul class="errors" role="alert" data-testid="optimise-errors">
                    { for problems.iter().map(|p| html! { <li>{ p.get(lang).to_string() }</li> }) }
                </ul>
            }
            <div class="run-controls">
                <button type="button" class="primary" data-testid="optimise-button" onclick={start}
                    disabled={blocked.is_some() || settings.is_err()} aria-describedby="opt-why">{ Msg::Optimise.text(lang) }</button>
                <button type="button" data-testid="optimise-cancel" onclick={cancel}
                    disabled={opt.running.is_none()}>{ Msg::Cancel.text(lang) }</button>
                <span id="opt-why" class="why">{ blocked.unwrap_or_default() }</span>
                { search_progress(&props.ctx) }
            </div>
            if let Some(e) = &opt.error {
                <p class="notice problem" role="alert">{ e.get(lang).to_string() }</p>
            }
            if let Some(p) = &opt.stopped {
                <p class="notice info" role="status">{ format!("{} ({} {})", Msg::OptimiseCancelled.text(lang),
                    format::count(p.runs_done as f64), Msg::RunsDone.text(lang)) }</p>
            }
            if let Some(r) = &opt.report {
                <OptimiseResult ctx={props.ctx.clone()} report={r.clone()} />
            }
        </section>
    }
}

/// Sends what a field of the form now holds (a checkbox as `true` or
/// `false`) as the new text of `field`.
fn on_edit(ctx: &Ctx, field: FormField) -> Callback<Event> {
    let dispatch = ctx.dispatch.clone();
    Callback::from(move |e: Event| {
        let text = match e.target_dyn_into::<web_sys::HtmlSelectElement>() {
            Some(select) => select.value(),
            None => {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                if input.type_() == "checkbox" {
                    input.checked().to_string()
                } else {
                    input.value()
                }
            }
        };
        dispatch.emit(Action::Optimise(OptimiseAction::Edit(field.clone(), text)));
    })
}

/// The form: objective, total per FY, bounds of each line's share, and
/// whether to search the spread too.
fn search_form(ctx: &Ctx) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
    let form = &state.optimise.form;
    let loaded = state.workspace.checked.loaded.as_ref();
    let targets: Vec<String> = loaded
        .map(|l| l.plan.targets.iter().map(|t| t.id.clone()).collect())
        .unwrap_or_default();
    let mut objectives = vec!["all-targets".to_string()];
    objectives.extend(targets.iter().map(|t| format!("target:{t}")));
    objectives.extend(["participants".to_string(), "cost-per-retained".to_string()]);
    let default_total = loaded.map(|l| l.plan.appropriation(0)).unwrap_or(0.0);
    let edit = |field: FormField| on_edit(ctx, field);
    html! {
        <>
            <div class="field">
                <label for="opt-objective">{ Msg::Objective.text(lang) }</label>
                <select id="opt-objective" data-testid="optimise-objective" onchange={edit(FormField::Objective)}>
                    { for objectives.iter().map(|k| html! {
                        <option value={k.clone()} selected={*k == form.objective}
                            title={k.clone()}>{ objective_label(lang, k, &plan_targets(ctx)) }</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="opt-total">{ Msg::TotalPerYear.text(lang) }</label>
                <input id="opt-total" type="text" inputmode="numeric" data-testid="optimise-total"
                    value={form.total.clone()} placeholder={format!("{default_total:.0}")}
                    onchange={edit(FormField::Total)} aria-describedby="opt-total-help" />
                <p id="opt-total-help" class="help">{ format!("{} {}", Msg::OptimiseTotalHelp.text(lang), format::money(lang, default_total)) }</p>
            </div>
            <table class="bounds">
                <caption>{ Msg::ShareBounds.text(lang) }</caption>
                <thead><tr><th scope="col">{ Msg::Line.text(lang) }</th><th scope="col">{ Msg::Lowest.text(lang) }</th><th scope="col">{ Msg::Highest.text(lang) }</th></tr></thead>
                <tbody>
                { for BudgetLine::ALL.iter().map(|&line| {
                    let label = line_label(lang, line);
                    html! {
                        <tr>
                            <th scope="row">{ label }</th>
                            <td><input type="number" min="0" max="100" step="1" aria-label={format!("{label} {}", Msg::Lowest.text(lang))}
                                value={form.lower[line.index()].clone()} onchange={edit(FormField::Lower(line))} /></td>
                            <td><input type="number" min="0" max="100" step="1" aria-label={format!("{label} {}", Msg::Highest.text(lang))}
                                value={form.upper[line.index()].clone()} onchange={edit(FormField::Upper(line))} /></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            <div class="field">
                <label><input type="checkbox" checked={form.spread} onchange={edit(FormField::Spread)}
                    data-testid="optimise-spread" />{ " " }{ Msg::SearchSpread.text(lang) }</label>
            </div>
        </>
    }
}

/// The progress of the search in progress, with the best value so far.
fn search_progress(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let opt = &ctx.state.optimise;
    let Some(r) = &opt.running else {
        return Html::default();
    };
    let (done, total) = r
        .progress
        .as_ref()
        .map_or((0, 1), |p| (p.runs_done, p.runs_total.max(1)));
    let pct = done as f64 / total as f64 * 100.0;
    let best = r
        .progress
        .as_ref()
        .and_then(|p| p.best.as_ref())
        .map(|(_, v)| {
            let objective =
                Objective::parse(&opt.form.objective).unwrap_or(Objective::Participants);
            format!(
                " · {} {}",
                Msg::BestSoFar.text(lang),
                objective_value(lang, &objective, *v)
            )
        });
    html! {
        <div class="progress" data-testid="optimise-progress" role="progressbar"
            aria-label={Msg::Progress.text(lang)}
            aria-valuemin="0" aria-valuemax={total.to_string()} aria-valuenow={done.to_string()}>
            <div class="bar"><div class="fill" style={format!("width:{pct:.1}%")}></div></div>
            <span>{ format!("{} {} {} {}{}", format::count(done as f64), Msg::Of.text(lang),
                format::count(total as f64), Msg::RunsDone.text(lang), best.unwrap_or_default()) }</span>
        </div>
    }
}

/// Props of [`OptimiseResult`].
#[derive(Clone, PartialEq, Properties)]
pub struct OptimiseResultProps {
    /// Shared context.
    pub ctx: Ctx,
    /// The result.
    pub report: Rc<OptimizeReport>,
}

fn spread_label(lang: Lang, key: &str) -> &'static str {
    match key {
        "per_resident" => Msg::SpreadPerResident.text(lang),
        "per_participant" => Msg::SpreadPerParticipant.text(lang),
        "equal" => Msg::SpreadEqual.text(lang),
        _ => Msg::SpreadStatusQuo.text(lang),
    }
}

/// A margin as a signed percentage: −12.0 %, +3.5 %.
fn signed_percent(x: f64) -> String {
    format!("{}{}", format::plus(x * 100.0, 1), format::percent(x, 1))
}

/// The margin to the target(s) of a probability objective, which targets
/// bind, and, when the probability is 0 or 1 for both splits, why it could
/// not rank them, with a one-click change of objective.
fn margin_view(lang: Lang, objective: &Objective, m: &MarginReport, ctx: &Ctx) -> Html {
    let estimate = |e: &Estimate, f: &dyn Fn(f64) -> String| interval_text(lang, e, f);
    let points = |x: f64| format::signed_points(lang, x, 1);
    let statement = format!(
        "{}: {} → {} ({} {})",
        Msg::MarginToTargets.text(lang),
        estimate(&m.start, &signed_percent),
        estimate(&m.best, &signed_percent),
        Msg::Difference.text(lang),
        estimate(&m.difference, &points),
    );
    let targets = plan_targets(ctx);
    let binding = (m.binding.len() > 1).then(|| {
        let shares: Vec<String> = m
            .binding
            .iter()
            .map(|b| {
                format!(
                    "{} {}",
                    target_name(lang, &b.target, &targets),
                    format::percent(b.share, 1)
                )
            })
            .collect();
        format!(
            "{}: {}",
            Msg::BindingTargets.text(lang),
            shares.join(Msg::ListSeparator.text(lang))
        )
    });
    let flat = m.flat.then(|| {
        let met = m.flat_at_one();
        let suggestions: Vec<String> = m
            .suggested_objectives(objective)
            .iter()
            .map(Objective::key)
            .collect();
        let buttons = suggestions.into_iter().map(|key| {
            let dispatch = ctx.dispatch.clone();
            let label = format!("{} {}", Msg::UseObjective.text(lang), objective_label(lang, &key, &targets));
            let key2 = key.clone();
            let onclick = Callback::from(move |_| {
                dispatch.emit(Action::Optimise(OptimiseAction::Edit(
                    FormField::Objective,
                    key2.clone(),
                )));
            });
            html! {
                <button type="button" data-testid={format!("optimise-use-{key}")} {onclick}>{ label }</button>
            }
        });
        html! {
            <div class="notice info" role="status" data-testid="optimise-flat">
                <p>{ if met { Msg::OptimiseFlatOne.text(lang) } else { Msg::OptimiseFlatZero.text(lang) } }</p>
                { for buttons }
            </div>
        }
    });
    html! {
        <>
            <p data-testid="optimise-margin">{ statement }</p>
            <p class="help">{ Msg::MarginHelp.text(lang) }</p>
            if let Some(b) = binding {
                <p class="help" data-testid="optimise-binding">{ b }</p>
            }
            { flat.unwrap_or_default() }
        </>
    }
}

/// Every target's probability and every horizon figure's mean for the
/// start and the best split, with a warning when the best split makes a
/// target less likely.
fn horizon_view(lang: Lang, h: &HorizonComparison) -> Html {
    let worse: Vec<String> = h
        .worse()
        .iter()
        .map(|t| {
            format!(
                "{} ({} → {})",
                view::metric_label(lang, t.metric),
                format::percent(t.start, 1),
                format::percent(t.best, 1)
            )
        })
        .collect();
    html! {
        <>
            if !worse.is_empty() {
                <p class="notice problem" role="status" data-testid="optimise-worse">
                    { format!("{} {}", Msg::OptimiseWorse.text(lang), worse.join(Msg::ListSeparator.text(lang))) }
                </p>
            }
            <table class="data" data-testid="optimise-horizon">
                <caption>{ Msg::OptimiseHorizon.text(lang) }</caption>
                <thead><tr><th scope="col">{ Msg::Metric.text(lang) }</th><th scope="col">{ Msg::Start.text(lang) }</th>
                    <th scope="col">{ Msg::Best.text(lang) }</th></tr></thead>
                <tbody>
                    { for h.targets.iter().map(|t| html! {
                        <tr data-testid="optimise-horizon-target" data-target={t.id.clone()}
                            data-start={t.start.to_string()} data-best={t.best.to_string()}>
                            <th scope="row">{ format!("{} {}", Msg::ObjectiveTarget.text(lang), view::metric_label(lang, t.metric)) }</th>
                            <td>{ format::percent(t.start, 1) }</td>
                            <td>{ format::percent(t.best, 1) }</td>
                        </tr>
                    }) }
                    { for h.figures.iter().map(|f| html! {
                        <tr>
                            <th scope="row">{ format!("{} ({})", view::metric_label(lang, f.metric), Msg::Mean.text(lang)) }</th>
                            <td>{ view::metric_value(lang, f.metric, f.start) }</td>
                            <td>{ view::metric_value(lang, f.metric, f.best) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </>
    }
}

/// The best allocation against the start, with the validated objective.
#[component]
pub fn OptimiseResult(props: &OptimiseResultProps) -> Html {
    let lang = props.ctx.state.lang;
    let r = &props.report;
    let open = {
        let dispatch = props.ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::replace_now(Replacement::Optimised)))
    };
    let row = |label: &str,
               start: &Lines,
               best: &Lines,
               f: &dyn Fn(f64) -> String,
               change: &dyn Fn(f64) -> String| {
        html! {
            <>
            { for BudgetLine::ALL.iter().map(|&line| html! {
                <tr>
                    <th scope="row">{ format!("{} {}", line_label(lang, line), label) }</th>
                    <td>{ f(start.get(line)) }</td>
                    <td>{ f(best.get(line)) }</td>
                    <td>{ change(best.get(line) - start.get(line)) }</td>
                </tr>
            }) }
            </>
        }
    };
    let share = |x: f64| format::percent(x, 1);
    let points = |x: f64| format::signed_points(lang, x, 1);
    let yen = |x: f64| format::money(lang, x);
    let yen_change = |x: f64| {
        // Yen differences below ¥0.5 m (0.005 億) show as no change.
        let text = format::money(lang, x.abs());
        if x.abs() < 5e5 {
            format::money(lang, 0.0)
        } else if x > 0.0 {
            format!("+{text}")
        } else {
            format!("−{text}")
        }
    };
    let (start_total, best_total) = (r.start.yen.total(), r.best.yen.total());
    let better = if r.maximise {
        r.difference.low > 0.0
    } else {
        r.difference.high < 0.0
    };
    html! {
        <div class="optimise-result" data-testid="optimise-result">
            <h3>{ Msg::BestSplit.text(lang) }</h3>
            <p data-testid="optimise-statement">{ format!(
                "{}: {} → {} ({} {})",
                objective_label(lang, &r.objective.key(), &plan_targets(&props.ctx)),
                estimate_text(lang, &r.objective, &r.start.objective),
                estimate_text(lang, &r.objective, &r.best.objective),
                Msg::Difference.text(lang),
                difference_text(lang, &r.objective, &r.difference),
            ) }</p>
            <p class="help">{ if better { Msg::OptimiseBetter.text(lang) } else { Msg::OptimiseNotBetter.text(lang) } }</p>
            if let Some(m) = &r.margin {
                { margin_view(lang, &r.objective, m, &props.ctx) }
            }
            <table class="data">
                <caption>{ format!("{} · {} {}", Msg::BestSplit.text(lang), format::money(lang, r.total), Msg::PerYear.text(lang)) }</caption>
                <thead><tr><th scope="col">{ Msg::Line.text(lang) }</th><th scope="col">{ Msg::Start.text(lang) }</th>
                    <th scope="col">{ Msg::Best.text(lang) }</th><th scope="col">{ Msg::Change.text(lang) }</th></tr></thead>
                <tbody>
                    { row("", &r.start.allocation.shares, &r.best.allocation.shares, &share, &points) }
                    { row("(¥)", &r.start.yen, &r.best.yen, &yen, &yen_change) }
                    <tr data-testid="optimise-total-row">
                        <th scope="row">{ format!("{} (¥)", Msg::Total.text(lang)) }</th>
                        <td>{ yen(start_total) }</td>
                        <td>{ yen(best_total) }</td>
                        <td>{ yen_change(best_total - start_total) }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ Msg::Spread.text(lang) }</th>
                        <td>{ spread_label(lang, r.start.allocation.spread.key()) }</td>
                        <td>{ spread_label(lang, r.best.allocation.spread.key()) }</td>
                        <td></td>
                    </tr>
                </tbody>
            </table>
            { horizon_view(lang, &r.horizon) }
            <p class="help">{ format!("{} {} × {} × {} · {} {}",
                Msg::SearchedWith.text(lang), r.iterations, r.candidates, format::count(r.runs_per_candidate as f64),
                Msg::ValidatedOn.text(lang), format::runs_phrase(lang, r.validation_runs as f64)) }</p>
            <button type="button" data-testid="optimise-open" onclick={open}>{ Msg::OpenOptimised.text(lang) }</button>
        </div>
    }
}
