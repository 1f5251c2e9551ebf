//! The budget editor: the FY × line table of all-ward totals, the total
//! and shares mode with its sliders, and the per-ward table.

use crate::model::LINE_COUNT;
use toml::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::BudgetLine;
use crate::scenario::{FieldError, FieldPath, Loaded};
use crate::ui::ctx::Ctx;
use crate::ui::doc::{parse_yen, value_text};
use crate::ui::format;
use crate::ui::i18n::{Lang, Msg};
use crate::ui::state::Action;

use super::field::{FieldErrors, TextField, input_text, line_label, select_text};

/// All-ward totals of the resolved budget: `[fy][line]`.
fn budget_totals(loaded: &Loaded) -> Vec<[f64; LINE_COUNT]> {
    let years = loaded.plan.fiscal_years;
    let mut out = vec![[0.0; LINE_COUNT]; years];
    for w in &loaded.plan.wards {
        for (y, lines) in w.budget.iter().enumerate().take(years) {
            for (sum, x) in out[y].iter_mut().zip(lines.0) {
                *sum += x;
            }
        }
    }
    out
}

/// The budget editor: FY × line table with totals, the total + shares mode
/// and the per-ward table.
#[component]
pub fn BudgetEditor(ctx: &Ctx) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
    let checked = &state.workspace.checked;
    let total_mode = value_text(state.workspace.doc.get(FieldPath::basis())) == "total";
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
    let budget_errors: Vec<FieldError> = checked
        .errors_at(FieldPath::budget())
        .into_iter()
        .cloned()
        .collect();
    let table = match &checked.loaded {
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
            if let Some(loaded) = &checked.loaded { { ward_table(ctx, loaded) } }
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
    let doc = &ctx.state.workspace.doc;
    let shares = doc.shares();
    let spread = value_text(doc.get(FieldPath::spread()));
    let on_spread = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            dispatch.emit(Action::SetValue {
                path: FieldPath::spread().into(),
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
            <TextField ctx={ctx.clone()} path={FieldPath::total().to_string()} label={Msg::TotalPerYear.text(lang)} testid="budget-total" />
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
