//! The scenario workspace: picker, budget editor, outcome rules, parameters,
//! run settings and the error list. Components receive the state and a
//! callback for actions; they hold no business logic.

use std::rc::Rc;

use toml::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::BudgetLine;
use crate::model::distribution::Distribution;
use crate::model::parameters::{Origin, Param};
use crate::scenario::builtin::SCENARIOS;
use crate::scenario::{FieldError, Loaded, Text};

use super::doc::value_text;
use super::format;
use super::i18n::{Lang, Msg, say};
use super::state::{Action, Replacement, State};

/// Shared props: the state and the action callback.
#[derive(Clone, Properties)]
pub struct Ctx {
    /// The state.
    pub state: Rc<State>,
    /// Sends an action.
    pub dispatch: Callback<Action>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state) && self.dispatch == other.dispatch
    }
}

/// The name of a budget line.
pub fn line_label(lang: Lang, line: BudgetLine) -> &'static str {
    line.name(lang)
}

fn input_text(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

fn select_text(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

pub(crate) fn field_id(path: &str) -> String {
    format!(
        "f-{}",
        path.replace(['.', '[', ']'], "-").trim_end_matches('-')
    )
}

/// Errors of one field, shown under it.
#[derive(Clone, PartialEq, Properties)]
pub struct FieldErrorsProps {
    /// Interface language.
    pub lang: Lang,
    /// Errors to show.
    pub errors: Vec<FieldError>,
    /// Id of the element (for aria-describedby).
    pub id: String,
}

/// The engine's messages for one field.
#[component]
pub fn FieldErrors(props: &FieldErrorsProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <ul class="field-errors" id={props.id.clone()} role="alert">
            { for props.errors.iter().map(|e| html! { <li>{ say(e, props.lang) }</li> }) }
        </ul>
    }
}

/// Props of a text field bound to a path of the scenario.
#[derive(Clone, PartialEq, Properties)]
pub struct TextFieldProps {
    /// Shared context.
    pub ctx: Ctx,
    /// Field path in the scenario (`run.runs`).
    pub path: AttrValue,
    /// Label text.
    pub label: AttrValue,
    /// Input type (`text`, `number`).
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// `data-testid`, if any.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Id of further text that describes the field (e.g. checks shown
    /// under it), announced with it.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
}

/// A labelled input bound to a scenario field, with its errors.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let state = &props.ctx.state;
    let path = props.path.to_string();
    let id = field_id(&path);
    let err_id = format!("{id}-errors");
    let errors: Vec<FieldError> = state
        .checked
        .errors_at(&path)
        .into_iter()
        .cloned()
        .collect();
    let value = value_text(state.doc.get(&path));
    let onchange = {
        let dispatch = props.ctx.dispatch.clone();
        let path = path.clone();
        Callback::from(move |e: Event| {
            dispatch.emit(Action::SetField {
                path: path.clone(),
                text: input_text(&e),
            })
        })
    };
    let invalid = !errors.is_empty();
    let described_by: Vec<String> = invalid
        .then(|| err_id.clone())
        .into_iter()
        .chain(props.described_by.as_ref().map(|d| d.to_string()))
        .collect();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input id={id} type={props.kind.clone()} value={value} {onchange}
                step={(props.kind == "number").then_some("any")}
                aria-invalid={invalid.to_string()}
                aria-describedby={(!described_by.is_empty()).then(|| described_by.join(" "))}
                data-testid={props.testid.clone()} />
            <FieldErrors lang={state.lang} errors={errors} id={err_id} />
        </div>
    }
}

/// Picker of built-in and saved scenarios, with save and the name fields.
#[component]
pub fn ScenarioPicker(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let onchange = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let v = select_text(&e);
            if let Some(i) = v.strip_prefix("saved:").and_then(|i| i.parse().ok()) {
                dispatch.emit(Action::replace_now(Replacement::Saved(i)));
            } else if let Some(name) = v.strip_prefix("builtin:") {
                dispatch.emit(Action::replace_now(Replacement::Builtin(name.to_string())));
            }
        })
    };
    let current = ctx.state.doc.name();
    let title_of = |name: &str| -> String {
        super::doc::Document::builtin(name)
            .map(|d| d.title(lang))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| name.to_string())
    };
    let save = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Save))
    };
    html! {
        <section class="panel" aria-labelledby="h-scenario">
            <h2 id="h-scenario">{ Msg::Workspace.text(lang) }</h2>
            <div class="field">
                <label for="scenario-select">{ Msg::PickScenario.text(lang) }</label>
                <select id="scenario-select" data-testid="scenario-select" {onchange}>
                    <optgroup label={Msg::PickScenario.text(lang)}>
                    { for SCENARIOS.iter().map(|(name, _)| html! {
                        <option value={format!("builtin:{name}")} selected={current == *name}>
                            { title_of(name) }
                        </option>
                    }) }
                    </optgroup>
                    if !ctx.state.saved.is_empty() {
                        <optgroup label={Msg::SavedScenarios.text(lang)}>
                        { for ctx.state.saved.iter().enumerate().map(|(i, s)| html! {
                            <option value={format!("saved:{i}")}>{ s.name.clone() }</option>
                        }) }
                        </optgroup>
                    }
                </select>
            </div>
            <TextField ctx={ctx.clone()} path="name" label={Msg::Name.text(lang)} testid="scenario-name" />
            <TextField ctx={ctx.clone()} path={if lang == Lang::Ja { "title_ja" } else { "title" }}
                label={Msg::Title.text(lang)} />
            <TextField ctx={ctx.clone()} path={if lang == Lang::Ja { "description_ja" } else { "description" }}
                label={Msg::Description.text(lang)} />
            <div class="row">
                <button type="button" onclick={save} data-testid="save-button">{ Msg::Save.text(lang) }</button>
            </div>
            if !ctx.state.saved.is_empty() {
                <ul class="saved-list" aria-label={Msg::SavedScenarios.text(lang)}>
                { for ctx.state.saved.iter().enumerate().map(|(i, s)| {
                    let open = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::replace_now(Replacement::Saved(i)))) };
                    let delete = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::DeleteSaved(i))) };
                    html! {
                        <li>
                            <span>{ s.name.clone() }</span>
                            <button type="button" onclick={open}>{ Msg::Open.text(lang) }</button>
                            <button type="button" onclick={delete}
                                aria-label={format!("{} {}", Msg::Delete.text(lang), s.name)}>{ Msg::Delete.text(lang) }</button>
                        </li>
                    }
                }) }
                </ul>
            }
        </section>
    }
}

/// All-ward totals of the resolved budget: `[fy][line]`.
fn budget_totals(loaded: &Loaded) -> Vec<[f64; 6]> {
    let years = loaded.plan.fiscal_years;
    let mut out = vec![[0.0; 6]; years];
    for w in &loaded.plan.wards {
        for (y, lines) in w.budget.iter().enumerate().take(years) {
            for (sum, x) in out[y].iter_mut().zip(lines.0) {
                *sum += x;
            }
        }
    }
    out
}

/// An amount typed into a budget cell: yen ≥ 0, with separators, `¥` and
/// `円` allowed; otherwise the message for the user.
pub fn parse_yen(text: &str, cell: &str) -> Result<f64, Text> {
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '¥' | '円'))
        .collect();
    match plain.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(Text::new(
            format!("{cell} = {text:?}: amounts are yen, a number of at least 0 (e.g. 12500000)"),
            format!("{cell} = {text:?}: 金額は0以上の円の数値で入力してください（例: 12500000）"),
        )),
    }
}

/// The budget editor: FY × line table with totals, the total + shares mode
/// and the per-ward table.
#[component]
pub fn BudgetEditor(ctx: &Ctx) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
    let total_mode = value_text(state.doc.get("budget.basis")) == "total";
    let set_mode = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            if select_text(&e) == "total" {
                dispatch.emit(Action::UseTotalBasis)
            } else {
                dispatch.emit(Action::UseStatusQuoBasis)
            }
        })
    };
    let budget_errors: Vec<FieldError> = state
        .checked
        .errors_at("budget")
        .into_iter()
        .cloned()
        .collect();
    let table = match &state.checked.loaded {
        Some(loaded) => budget_table(ctx, loaded),
        None => html! {},
    };
    html! {
        <section class="panel" aria-labelledby="h-budget">
            <h2 id="h-budget">{ Msg::Budget.text(lang) }</h2>
            <div class="field">
                <label for="budget-mode">{ Msg::BudgetMode.text(lang) }</label>
                <select id="budget-mode" onchange={set_mode} data-testid="budget-mode">
                    <option value="lines" selected={!total_mode}>{ Msg::ModeLines.text(lang) }</option>
                    <option value="total" selected={total_mode}>{ Msg::ModeTotal.text(lang) }</option>
                </select>
            </div>
            if total_mode { <SharesEditor ..ctx.clone() /> }
            <p class="help">{ Msg::BudgetHelp.text(lang) }</p>
            { table }
            <FieldErrors lang={ctx.state.lang} errors={budget_errors} id="budget-errors" />
            if let Some(loaded) = &state.checked.loaded { { ward_table(ctx, loaded) } }
        </section>
    }
}

fn budget_table(ctx: &Ctx, loaded: &Loaded) -> Html {
    let lang = ctx.state.lang;
    let totals = budget_totals(loaded);
    let first = loaded.plan.start_fy;
    html! {
        <div class="table-wrap">
        <table class="budget" data-testid="budget-table">
            <caption>{ Msg::Budget.text(lang) }</caption>
            <thead><tr>
                <th scope="col">{ Msg::FiscalYear.text(lang) }</th>
                { for BudgetLine::ALL.iter().map(|l| html! { <th scope="col">{ line_label(lang, *l) }</th> }) }
                <th scope="col">{ Msg::Total.text(lang) }</th>
            </tr></thead>
            <tbody>
            { for totals.iter().enumerate().map(|(y, lines)| {
                let fy = first + y as i32;
                let fy_label = format::fiscal_year(lang, fy);
                html! {
                    <tr>
                        <th scope="row">{ fy_label.clone() }</th>
                        { for BudgetLine::ALL.iter().map(|line| {
                            let line = *line;
                            let dispatch = ctx.dispatch.clone();
                            let cell = format!("{fy_label} {}", line_label(lang, line));
                            let onchange = Callback::from(move |e: Event| {
                                dispatch.emit(match parse_yen(&input_text(&e), &cell) {
                                    Ok(yen) => Action::SetLineTotal { fy, line, yen },
                                    Err(message) => Action::BadInput(message),
                                });
                            });
                            html! {
                                <td>
                                    <input class="yen" type="text" inputmode="numeric"
                                        value={format!("{:.0}", lines[line.index()])}
                                        aria-label={format!("{} {} (¥)", fy_label, line_label(lang, line))}
                                        title={format::money(lang, lines[line.index()])}
                                        data-testid={format!("budget-{}-{}", fy, line.key())}
                                        {onchange} />
                                    <span class="money-hint">{ format::money(lang, lines[line.index()]) }</span>
                                </td>
                            }
                        }) }
                        <td class="num">{ format::money(lang, lines.iter().sum()) }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
        </div>
    }
}

fn ward_table(ctx: &Ctx, loaded: &Loaded) -> Html {
    let lang = ctx.state.lang;
    let plan = &loaded.plan;
    let fy = ctx
        .state
        .ward_budget_fy
        .filter(|fy| (plan.start_fy..plan.start_fy + plan.fiscal_years as i32).contains(fy))
        .unwrap_or(plan.start_fy);
    let y = (fy - plan.start_fy) as usize;
    let pick = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Ok(fy) = select_text(&e).parse() {
                dispatch.emit(Action::PickWardBudgetFy(fy));
            }
        })
    };
    html! {
        <details class="ward-overrides">
            <summary>{ Msg::WardOverrides.text(lang) }</summary>
            <p class="help">{ Msg::WardOverridesHelp.text(lang) }</p>
            <label for="ward-fy">{ Msg::FiscalYear.text(lang) }</label>
            <select id="ward-fy" onchange={pick}>
                { for (0..plan.fiscal_years).map(|k| {
                    let f = plan.start_fy + k as i32;
                    html! { <option value={f.to_string()} selected={f == fy}>{ format::fiscal_year(lang, f) }</option> }
                }) }
            </select>
            <div class="table-wrap">
            <table class="budget wards">
                <caption>{ format!("{} — {}", Msg::WardOverrides.text(lang), format::fiscal_year(lang, fy)) }</caption>
                <thead><tr>
                    <th scope="col">{ Msg::Ward.text(lang) }</th>
                    { for BudgetLine::ALL.iter().map(|l| html! { <th scope="col">{ line_label(lang, *l) }</th> }) }
                </tr></thead>
                <tbody>
                { for plan.wards.iter().map(|w| {
                    let name = if lang == Lang::Ja { w.name_ja.clone() } else { w.name.clone() };
                    let lines = w.budget.get(y).copied().unwrap_or_default();
                    html! {
                        <tr>
                            <th scope="row">{ name.clone() }</th>
                            { for BudgetLine::ALL.iter().map(|line| {
                                let line = *line;
                                let dispatch = ctx.dispatch.clone();
                                let ward = w.name.clone();
                                let cell = format!("{ward} {fy} {}", line.key());
                                let onchange = Callback::from(move |e: Event| {
                                    dispatch.emit(match parse_yen(&input_text(&e), &cell) {
                                        Ok(yen) => Action::SetWardLine { ward: ward.clone(), fy, line, yen },
                                        Err(message) => Action::BadInput(message),
                                    });
                                });
                                html! {
                                    <td><input class="yen" type="text" inputmode="numeric"
                                        value={format!("{:.0}", lines.get(line))}
                                        aria-label={format!("{name} {} (¥)", line_label(lang, line))}
                                        {onchange} /></td>
                                }
                            }) }
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </details>
    }
}

/// Total + shares with sliders, and the spread over wards.
#[component]
pub fn SharesEditor(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let shares = ctx.state.doc.shares();
    let spread = value_text(ctx.state.doc.get("budget.spread"));
    let on_spread = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            dispatch.emit(Action::SetValue {
                path: "budget.spread".into(),
                value: Value::String(select_text(&e)),
            })
        })
    };
    let spreads = [
        ("per_resident", Msg::SpreadPerResident),
        ("per_participant", Msg::SpreadPerParticipant),
        ("equal", Msg::SpreadEqual),
        ("status_quo", Msg::SpreadStatusQuo),
    ];
    html! {
        <div class="shares">
            <TextField ctx={ctx.clone()} path="budget.total" label={Msg::TotalPerYear.text(lang)} testid="budget-total" />
            <fieldset>
                <legend>{ Msg::Shares.text(lang) }</legend>
                if let Some(shares) = shares {
                    { for BudgetLine::ALL.iter().map(|line| {
                        let line = *line;
                        let id = format!("share-{}", line.key());
                        let dispatch = ctx.dispatch.clone();
                        let oninput = Callback::from(move |e: InputEvent| {
                            let v = e.target_unchecked_into::<HtmlInputElement>().value();
                            if let Ok(x) = v.parse::<f64>() {
                                dispatch.emit(Action::SetShare(line, x / 100.0));
                            }
                        });
                        let pct = shares[line.index()] * 100.0;
                        html! {
                            <div class="share">
                                <label for={id.clone()}>{ line_label(lang, line) }</label>
                                <input id={id} type="range" min="0" max="100" step="0.5"
                                    value={format!("{pct:.1}")} {oninput}
                                    aria-valuetext={format::percent(pct / 100.0, 1)} />
                                <output>{ format::percent(pct / 100.0, 1) }</output>
                            </div>
                        }
                    }) }
                }
            </fieldset>
            <div class="field">
                <label for="budget-spread">{ Msg::Spread.text(lang) }</label>
                <select id="budget-spread" onchange={on_spread}>
                    { for spreads.iter().map(|(key, msg)| html! {
                        <option value={*key} selected={spread == *key}>{ msg.text(lang) }</option>
                    }) }
                </select>
            </div>
        </div>
    }
}

/// Outcome-linked rules (MODEL.md §6).
#[component]
pub fn OutcomeRulesEditor(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let n = ctx.state.doc.len("outcome_rules");
    let add = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| {
            let path = format!("outcome_rules[{n}]");
            let mut t = toml::value::Table::new();
            t.insert("id".into(), format!("rule-{}", n + 1).into());
            t.insert("kind".into(), "bonus".into());
            t.insert("metric".into(), "continuation".into());
            t.insert("threshold".into(), Value::Float(0.85));
            t.insert("amount".into(), Value::Integer(1_000_000));
            dispatch.emit(Action::SetValue {
                path,
                value: Value::Table(t),
            });
        })
    };
    let rule_errors: Vec<FieldError> = ctx
        .state
        .checked
        .errors_at("outcome_rules")
        .into_iter()
        .filter(|e| e.path == "outcome_rules")
        .cloned()
        .collect();
    html! {
        <section class="panel" aria-labelledby="h-rules">
            <h2 id="h-rules">{ Msg::OutcomeRules.text(lang) }</h2>
            <p class="help">{ Msg::OutcomeRulesHelp.text(lang) }</p>
            { for (0..n).map(|i| rule_editor(ctx, i)) }
            <FieldErrors lang={ctx.state.lang} errors={rule_errors} id="rules-errors" />
            <button type="button" onclick={add}>{ Msg::AddRule.text(lang) }</button>
        </section>
    }
}

fn rule_editor(ctx: &Ctx, i: usize) -> Html {
    let lang = ctx.state.lang;
    let base = format!("outcome_rules[{i}]");
    let kind = value_text(ctx.state.doc.get(&format!("{base}.kind")));
    let metric = value_text(ctx.state.doc.get(&format!("{base}.metric")));
    let select = |field: &str, options: &[&str], current: &str| {
        let dispatch = ctx.dispatch.clone();
        let path = format!("{base}.{field}");
        let id = field_id(&path);
        let onchange = Callback::from(move |e: Event| {
            dispatch.emit(Action::SetValue {
                path: path.clone(),
                value: Value::String(select_text(&e)),
            })
        });
        let label = if field == "kind" {
            Msg::Kind
        } else {
            Msg::Metric
        };
        html! {
            <div class="field">
                <label for={id.clone()}>{ label.text(lang) }</label>
                <select id={id} {onchange}>
                    { for options.iter().map(|o| html! { <option value={o.to_string()} selected={current == *o}>{ o.to_string() }</option> }) }
                </select>
            </div>
        }
    };
    let fields: &[&str] = match kind.as_str() {
        "per_unit" => &["rate", "threshold", "cap"],
        "bonus" => &["threshold", "amount"],
        "withhold" => &["fraction", "floor", "target"],
        _ => &[],
    };
    let remove = {
        let dispatch = ctx.dispatch.clone();
        let base = base.clone();
        Callback::from(move |_| dispatch.emit(Action::Remove(base.clone())))
    };
    html! {
        <fieldset class="rule">
            <legend>{ value_text(ctx.state.doc.get(&format!("{base}.id"))) }</legend>
            <TextField ctx={ctx.clone()} path={format!("{base}.id")} label="id" />
            { select("kind", &["per_unit", "bonus", "withhold"], &kind) }
            { select("metric", &["participants", "new_participants", "continuation", "certified", "awareness", "satisfaction"], &metric) }
            { for fields.iter().map(|f| html! {
                <TextField ctx={ctx.clone()} path={format!("{base}.{f}")} label={*f} />
            }) }
            <button type="button" onclick={remove}>{ Msg::Remove.text(lang) }</button>
        </fieldset>
    }
}

/// A small histogram of a distribution from its quantile function (exact,
/// no sampling): 24 bins between the 0.5 % and 99.5 % quantiles.
pub fn distribution_preview(d: &Distribution) -> Html {
    const POINTS: usize = 240;
    const BINS: usize = 24;
    let q: Vec<f64> = (0..POINTS)
        .map(|i| d.quantile((i as f64 + 0.5) / POINTS as f64))
        .filter(|x| x.is_finite())
        .collect();
    let (Some(lo), Some(hi)) = (q.first().copied(), q.last().copied()) else {
        return html! {};
    };
    let mut counts = [0usize; BINS];
    if hi > lo {
        for x in &q {
            let k = (((x - lo) / (hi - lo)) * BINS as f64) as usize;
            counts[k.min(BINS - 1)] += 1;
        }
    } else {
        counts[BINS / 2] = q.len();
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bar_w = 120.0 / BINS as f64;
    html! {
        <svg class="preview" width="120" height="28" viewBox="0 0 120 28" role="img"
            aria-label={format!("{d}")}>
            { for counts.iter().enumerate().map(|(k, c)| {
                let h = *c as f64 / max * 26.0;
                html! { <rect x={format!("{:.2}", k as f64 * bar_w)} y={format!("{:.2}", 27.0 - h)}
                    width={format!("{:.2}", bar_w - 0.5)} height={format!("{h:.2}")} /> }
            }) }
        </svg>
    }
}

/// The uncertain parameters with distribution, point value, origin, meaning
/// and a preview.
#[component]
pub fn ParametersPanel(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let entries = ctx
        .state
        .checked
        .loaded
        .as_ref()
        .map(|l| l.plan.parameters.entries.clone());
    // The previews (240 quantiles per parameter) change only with the
    // distributions, not with every progress update of a run.
    let distributions: Vec<String> = entries
        .iter()
        .flatten()
        .map(|e| e.distribution.to_string())
        .collect();
    let previews = {
        let entries = entries.clone();
        use_memo(distributions, move |_| {
            entries
                .iter()
                .flatten()
                .map(|e| distribution_preview(&e.distribution))
                .collect::<Vec<Html>>()
        })
    };
    let origin = |o: Origin| match o {
        Origin::Brief => Msg::OriginBrief.text(lang),
        Origin::Statistics => Msg::OriginStatistics.text(lang),
        Origin::Assumption => Msg::OriginAssumption.text(lang),
    };
    html! {
        <section class="panel" aria-labelledby="h-params">
            <details>
            <summary><h2 id="h-params">{ Msg::Parameters.text(lang) }</h2></summary>
            <p class="help">{ Msg::ParametersHelp.text(lang) }</p>
            <div class="table-wrap">
            <table class="params">
                <thead><tr>
                    <th scope="col">{ Msg::Parameter.text(lang) }</th>
                    <th scope="col">{ Msg::Distribution.text(lang) }</th>
                    <th scope="col">{ Msg::PointValue.text(lang) }</th>
                    <th scope="col">{ Msg::Origin.text(lang) }</th>
                    <th scope="col">{ Msg::Meaning.text(lang) }</th>
                </tr></thead>
                <tbody>
                { for Param::ALL.iter().enumerate().map(|(k, p)| {
                    let path = format!("parameters.{}", p.name());
                    let entry = entries.as_ref().and_then(|e| e.get(k).cloned());
                    let text = {
                        let own = value_text(ctx.state.doc.get(&path));
                        if own.is_empty() { entry.as_ref().map(|e| e.distribution.to_string()).unwrap_or_default() } else { own }
                    };
                    let errors: Vec<FieldError> = ctx.state.checked.errors_at(&path).into_iter().cloned().collect();
                    let id = field_id(&path);
                    let err_id = format!("{id}-errors");
                    let dispatch = ctx.dispatch.clone();
                    let onchange = { let path = path.clone(); Callback::from(move |e: Event| {
                        dispatch.emit(Action::SetValue { path: path.clone(), value: Value::String(input_text(&e)) })
                    }) };
                    let invalid = !errors.is_empty();
                    html! {
                        <tr>
                            <th scope="row"><label for={id.clone()}><code>{ p.name() }</code></label></th>
                            <td>
                                <input id={id} type="text" value={text} {onchange}
                                    aria-invalid={invalid.to_string()}
                                    aria-describedby={invalid.then(|| err_id.clone())} />
                                { previews.get(k).cloned().unwrap_or_default() }
                                <FieldErrors lang={ctx.state.lang} errors={errors} id={err_id} />
                            </td>
                            <td class="num">{ entry.as_ref().map(|e| format!("{}", e.point)).unwrap_or_default() }</td>
                            <td>{ entry.as_ref().map(|e| origin(e.origin)).unwrap_or_default() }</td>
                            <td>{ entry.as_ref().map(|e| if lang == Lang::Ja { e.description_ja } else { e.description_en }).unwrap_or_default() }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            </details>
        </section>
    }
}

/// Runs, seed, mode, horizon, first FY and targets.
#[component]
pub fn RunSettingsPanel(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let mode = value_text(ctx.state.doc.get("run.mode"));
    let on_mode = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            dispatch.emit(Action::SetValue {
                path: "run.mode".into(),
                value: Value::String(select_text(&e)),
            })
        })
    };
    let targets = target_rows(&ctx.state.doc);
    let add_target = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::AddTarget))
    };
    html! {
        <section class="panel" aria-labelledby="h-run">
            <h2 id="h-run">{ Msg::RunSettings.text(lang) }</h2>
            <div class="grid">
                <TextField ctx={ctx.clone()} path="run.runs" label={Msg::Runs.text(lang)} kind="number" testid="runs-input" />
                <TextField ctx={ctx.clone()} path="run.seed" label={Msg::Seed.text(lang)} kind="number" testid="seed-input" />
                <div class="field">
                    <label for="run-mode">{ Msg::Mode.text(lang) }</label>
                    <select id="run-mode" onchange={on_mode} data-testid="mode-select">
                        <option value="stochastic" selected={mode != "expected"}>{ Msg::ModeStochastic.text(lang) }</option>
                        <option value="expected" selected={mode == "expected"}>{ Msg::ModeExpected.text(lang) }</option>
                    </select>
                </div>
                <TextField ctx={ctx.clone()} path="run.horizon" label={Msg::Horizon.text(lang)} kind="number" />
                <TextField ctx={ctx.clone()} path="run.first_fy" label={Msg::FirstFy.text(lang)} kind="number" />
            </div>
            <h3>{ Msg::Targets.text(lang) }</h3>
            <table class="targets-edit" data-testid="targets-table">
                    <thead><tr>
                        <th scope="col">{ "id" }</th>
                        <th scope="col">{ Msg::Metric.text(lang) }</th>
                        <th scope="col">{ Msg::Direction.text(lang) }</th>
                        <th scope="col">{ Msg::Threshold.text(lang) }</th>
                        <th scope="col"><span class="visually-hidden">{ Msg::Remove.text(lang) }</span></th>
                    </tr></thead>
                    <tbody>
                    { for targets.iter().enumerate().map(|(i, t)| target_row(ctx, i, t)) }
                    </tbody>
                </table>
            <button type="button" onclick={add_target}>{ Msg::AddTarget.text(lang) }</button>
            <FieldErrors lang={ctx.state.lang} errors={ctx.state.checked.errors_at("run.targets").into_iter().cloned().collect::<Vec<_>>()} id="targets-errors" />
        </section>
    }
}

/// A target as written: id, metric, side and threshold as text.
struct TargetRow {
    id: String,
    metric: String,
    at_least: bool,
    threshold: String,
}

/// The targets of the document as written, or the defaults when it lists none.
fn target_rows(doc: &super::doc::Document) -> Vec<TargetRow> {
    let n = doc.len("run.targets");
    if doc.get("run.targets").is_none() {
        return crate::scenario::plan::Target::defaults()
            .into_iter()
            .map(|t| TargetRow {
                id: t.id,
                metric: t.metric.key().into(),
                at_least: true,
                threshold: value_text(Some(&Value::Float(t.threshold))),
            })
            .collect();
    }
    (0..n)
        .map(|k| {
            let get = |f: &str| doc.get(&format!("run.targets[{k}].{f}"));
            let id = value_text(get("id"));
            TargetRow {
                metric: get("metric").map_or(id.clone(), |v| value_text(Some(v))),
                id,
                at_least: get("at_most").is_none(),
                threshold: value_text(get("at_least").or(get("at_most"))),
            }
        })
        .collect()
}

fn target_row(ctx: &Ctx, i: usize, t: &TargetRow) -> Html {
    let lang = ctx.state.lang;
    let edit = |field: &'static str| {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let text = match e.target_dyn_into::<HtmlSelectElement>() {
                Some(select) => select.value(),
                None => input_text(&e),
            };
            dispatch.emit(Action::EditTarget {
                index: i,
                field: field.into(),
                text,
            })
        })
    };
    let remove = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::RemoveTarget(i)))
    };
    let errors: Vec<FieldError> = ctx
        .state
        .checked
        .errors_at(&format!("run.targets[{i}]"))
        .into_iter()
        .cloned()
        .collect();
    let err_id = format!("target-{i}-errors");
    let invalid = !errors.is_empty();
    let at_least = t.at_least;
    let threshold = t.threshold.clone();
    html! {
        <tr data-testid="target-row" data-target={t.id.clone()}>
            <td><input type="text" value={t.id.clone()} onchange={edit("id")} aria-invalid={invalid.to_string()}
                aria-label={format!("{} {} id", Msg::Targets.text(lang), i + 1)} /></td>
            <td><select onchange={edit("metric")} aria-label={format!("{} {}", Msg::Metric.text(lang), t.id)}>
                { for crate::scenario::plan::TargetMetric::ALL.iter().map(|m| html! {
                    <option value={m.key()} selected={m.key() == t.metric}>{ super::view::metric_label(lang, *m) }</option>
                }) }
            </select></td>
            <td><select onchange={edit("side")} aria-label={format!("{} {}", Msg::Direction.text(lang), t.id)}>
                <option value="at_least" selected={at_least}>{ Msg::AtLeast.text(lang) }</option>
                <option value="at_most" selected={!at_least}>{ Msg::AtMost.text(lang) }</option>
            </select></td>
            <td><input type="text" inputmode="decimal" value={threshold} onchange={edit("threshold")}
                aria-label={format!("{} {}", Msg::Threshold.text(lang), t.id)} /></td>
            <td><button type="button" onclick={remove}
                aria-label={format!("{} {}", Msg::Remove.text(lang), t.id)}>{ "×" }</button>
                <FieldErrors lang={ctx.state.lang} errors={errors} id={err_id} /></td>
        </tr>
    }
}

/// Every error of the scenario, each naming its field.
#[component]
pub fn ErrorList(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let errors = &ctx.state.checked.errors;
    if errors.is_empty() {
        return html! { <div data-testid="error-list" class="error-list empty" hidden=true></div> };
    }
    html! {
        <section class="error-list" data-testid="error-list" role="alert" aria-labelledby="h-errors">
            <h2 id="h-errors">{ format!("{} ({})", Msg::Errors.text(lang), errors.len()) }</h2>
            <ul>
                { for errors.iter().map(|e| html! { <li><code>{ e.path.clone() }</code>{ " " }{ say(e, lang) }</li> }) }
            </ul>
        </section>
    }
}
