//! The budget editor: the FY × line table of all-ward totals, the total
//! and shares mode with its sliders, and the per-ward table.

use crate::model::LINE_COUNT;
use toml::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::BudgetLine;
use crate::scenario::{FieldError, FieldPath, Loaded, PlanWard, Text};
use crate::text::amount::{amount_hint, amount_input, parse_amount};
use crate::ui::ctx::Ctx;
use crate::ui::doc::value_text;
use crate::ui::format;
use crate::ui::i18n::{Lang, Msg};
use crate::ui::state::Action;
use crate::ui::state::drafts::cell_key;

use super::field::{FieldErrors, field_id, input_text, line_label, select_text};

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
            <p class="help" data-testid="amount-help">{ Msg::AmountHelp.text(lang) }</p>
            { table }
            <FieldErrors lang={ctx.state.lang} errors={budget_errors} id="budget-errors" />
            if let Some(loaded) = &checked.loaded { { ward_table(ctx, loaded) } }
        </section>
    }
}

/// A money cell: the amount there, what it is called and where its draft
/// is kept. Its input shows the amount with separators (or what was typed
/// and refused), the amount as read under it, and the message about a
/// refused text in an element of its own ([`MoneyCell::error`]).
struct MoneyCell {
    /// Draft key (see [`cell_key`]), also the start of its element ids.
    key: String,
    /// Its name in both languages, for messages.
    field: Text,
    /// Accessible name of the input.
    label: String,
    /// The amount there now (yen), if it is a number.
    current: Option<f64>,
    /// What the input shows when the amount is not a number.
    raw: String,
    /// Element id of the input, if it needs a fixed one (a `<label for>`).
    id: Option<String>,
    /// `data-testid` of the input.
    testid: Option<String>,
}

impl MoneyCell {
    fn error_id(&self) -> String {
        format!("amount-{}-error", self.key)
    }

    fn hint_id(&self) -> String {
        format!("amount-{}-hint", self.key)
    }

    /// The input and the amount as read; a valid amount becomes `set(yen)`.
    fn input(&self, ctx: &Ctx, described_by: Option<String>, set: Callback<f64, Action>) -> Html {
        let lang = ctx.state.lang;
        let draft = ctx.state.drafts.get(&self.key);
        let value = match (draft, self.current) {
            (Some(d), _) => d.text.clone(),
            (None, Some(yen)) => amount_input(yen),
            (None, None) => self.raw.clone(),
        };
        let onchange = {
            let dispatch = ctx.dispatch.clone();
            let key = self.key.clone();
            let field = self.field.clone();
            let current = self.current.unwrap_or(0.0);
            let had_draft = draft.is_some();
            Callback::from(move |e: Event| {
                let text = input_text(&e);
                match parse_amount(&text, current) {
                    Ok(yen) => {
                        if had_draft {
                            dispatch.emit(Action::ClearDraft(key.clone()));
                        }
                        dispatch.emit(set.emit(yen));
                    }
                    Err(e) => dispatch.emit(Action::KeepDraft {
                        cell: key.clone(),
                        message: e.text(&field),
                        text,
                    }),
                }
            })
        };
        let described_by: Vec<String> = [Some(self.hint_id())]
            .into_iter()
            .chain([draft.map(|_| self.error_id()), described_by])
            .flatten()
            .collect();
        html! {
            <>
                <input class="yen" type="text" autocomplete="off"
                    id={self.id.clone()}
                    value={value}
                    aria-label={self.id.is_none().then(|| self.label.clone())}
                    aria-invalid={draft.is_some().to_string()}
                    aria-describedby={described_by.join(" ")}
                    data-testid={self.testid.clone()}
                    {onchange} />
                <span class="money-hint" id={self.hint_id()}>
                    { self.current.map_or_else(String::new, |yen| amount_hint(lang, yen)) }
                </span>
            </>
        }
    }

    /// The message about the refused text the cell holds, if it holds one.
    fn error(&self, ctx: &Ctx) -> Option<Html> {
        let draft = ctx.state.drafts.get(&self.key)?;
        Some(html! {
            <p class="cell-error" id={self.error_id()} role="alert">
                { draft.message.get(ctx.state.lang).to_string() }
            </p>
        })
    }
}

/// The cell of the all-ward total of `line` in `fy`, now `yen`.
fn line_cell(fy: i32, line: BudgetLine, yen: f64, lang: Lang) -> MoneyCell {
    let name = |l| {
        format!(
            "{} {} {}",
            Msg::Budget.text(l),
            format::fiscal_year(l, fy),
            line.name(l)
        )
    };
    MoneyCell {
        key: cell_key(&["line", &fy.to_string(), line.key()]),
        field: Text::new(name(Lang::En), name(Lang::Ja)),
        label: format!(
            "{} {}",
            format::fiscal_year(lang, fy),
            line_label(lang, line)
        ),
        current: Some(yen),
        raw: String::new(),
        id: None,
        testid: Some(format!("budget-{fy}-{}", line.key())),
    }
}

/// The FY × line table of all-ward totals: a row per line (the way a
/// budget sheet lists them), a column per fiscal year, totals below.
fn budget_table(ctx: &Ctx, loaded: &Loaded) -> Html {
    let lang = ctx.state.lang;
    let totals = budget_totals(loaded);
    let first = loaded.plan.start_fy;
    let years: Vec<i32> = (0..totals.len()).map(|y| first + y as i32).collect();
    html! {
        <div class="table-wrap budget-wrap">
        <table class="budget lines" data-testid="budget-table">
            <caption>{ Msg::Budget.text(lang) }</caption>
            <thead><tr>
                <th scope="col">{ Msg::Line.text(lang) }</th>
                { for years.iter().map(|fy| html! {
                    <th scope="col" class="fy" data-testid={format!("budget-fy-{fy}")}>{ format::fiscal_year(lang, *fy) }</th>
                }) }
            </tr></thead>
            <tbody>
            { for BudgetLine::ALL.iter().map(|line| {
                let line = *line;
                let cells: Vec<MoneyCell> = years
                    .iter()
                    .zip(&totals)
                    .map(|(fy, lines)| line_cell(*fy, line, lines[line.index()], lang))
                    .collect();
                let inputs = years.iter().zip(&cells).map(|(fy, cell)| {
                    let fy = *fy;
                    let input = cell.input(ctx, None, Callback::from(move |yen| Action::SetLineTotal { fy, line, yen }));
                    html! { <td>{ input }</td> }
                });
                html! {
                    <>
                    <tr>
                        <th scope="row">{ line_label(lang, line) }</th>
                        { for inputs }
                    </tr>
                    { error_row(ctx, &cells, years.len() + 1) }
                    </>
                }
            }) }
            <tr class="total">
                <th scope="row">{ Msg::Total.text(lang) }</th>
                { for totals.iter().map(|lines| html! {
                    <td class="num">{ format::money(lang, lines.iter().sum()) }</td>
                }) }
            </tr>
            </tbody>
        </table>
        </div>
    }
}

/// A row with the messages of the cells of the row above that hold
/// refused text, if any do.
fn error_row(ctx: &Ctx, cells: &[MoneyCell], span: usize) -> Html {
    let errors: Vec<Html> = cells.iter().filter_map(|c| c.error(ctx)).collect();
    if errors.is_empty() {
        return html! {};
    }
    html! {
        <tr class="cell-errors"><td colspan={span.to_string()}>{ for errors }</td></tr>
    }
}

/// The cell of `line` of ward `w` in `fy`, now `yen`.
fn ward_cell(w: &PlanWard, fy: i32, line: BudgetLine, yen: f64, lang: Lang) -> MoneyCell {
    let name = |l| {
        let ward = if l == Lang::Ja { &w.name_ja } else { &w.name };
        format!(
            "{} {ward} {} {}",
            Msg::WardOverrides.text(l),
            format::fiscal_year(l, fy),
            line.name(l)
        )
    };
    let ward = if lang == Lang::Ja {
        &w.name_ja
    } else {
        &w.name
    };
    MoneyCell {
        key: cell_key(&["ward", &w.name, &fy.to_string(), line.key()]),
        field: Text::new(name(Lang::En), name(Lang::Ja)),
        label: format!("{ward} {}", line_label(lang, line)),
        current: Some(yen),
        raw: String::new(),
        id: None,
        testid: Some(format!(
            "ward-budget-{}-{}",
            cell_key(&[&w.name]),
            line.key()
        )),
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
            <div class="table-wrap budget-wrap">
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
                    let cells: Vec<MoneyCell> = BudgetLine::ALL
                        .iter()
                        .map(|line| ward_cell(w, fy, *line, lines.get(*line), lang))
                        .collect();
                    let inputs = BudgetLine::ALL.iter().zip(&cells).map(|(line, cell)| {
                        let (line, ward) = (*line, w.name.clone());
                        let input = cell.input(ctx, None, Callback::from(move |yen| Action::SetWardLine { ward: ward.clone(), fy, line, yen }));
                        html! { <td>{ input }</td> }
                    });
                    html! {
                        <>
                        <tr>
                            <th scope="row">{ name }</th>
                            { for inputs }
                        </tr>
                        { error_row(ctx, &cells, LINE_COUNT + 1) }
                        </>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </details>
    }
}

/// The total per fiscal year of a total-basis budget, read as the budget
/// cells are, with the engine's messages about it.
fn total_field(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let path = FieldPath::total().to_string();
    let doc = &ctx.state.workspace.doc;
    let value = doc.get(&path);
    let id = field_id(&path);
    let errors: Vec<FieldError> = ctx
        .state
        .workspace
        .checked
        .errors_at(&path)
        .into_iter()
        .cloned()
        .collect();
    let errors_id = format!("{id}-errors");
    let cell = MoneyCell {
        key: cell_key(&["total"]),
        field: Text::new(Msg::TotalPerYear.en(), Msg::TotalPerYear.ja()),
        label: Msg::TotalPerYear.text(lang).to_string(),
        current: value.and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64))),
        raw: value_text(value),
        id: Some(id.clone()),
        testid: Some("budget-total".into()),
    };
    let input = cell.input(
        ctx,
        (!errors.is_empty()).then(|| errors_id.clone()),
        Callback::from(move |yen| Action::SetValue {
            path: path.clone(),
            value: Value::Float(yen),
        }),
    );
    html! {
        <div class={classes!("field", "money-field", (!errors.is_empty()).then_some("invalid"))}>
            <label for={id}>{ Msg::TotalPerYear.text(lang) }</label>
            { input }
            { cell.error(ctx).unwrap_or_default() }
            <FieldErrors lang={lang} errors={errors} id={errors_id} />
        </div>
    }
}

/// One share of a total-basis budget: a slider and the exact percentage.
fn share_row(ctx: &Ctx, line: BudgetLine, share: f64) -> Html {
    let lang = ctx.state.lang;
    let id = format!("share-{}", line.key());
    let dispatch = ctx.dispatch.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let v = e.target_unchecked_into::<HtmlInputElement>().value();
        if let Ok(x) = v.parse::<f64>() {
            dispatch.emit(Action::SetShare(line, x / 100.0));
        }
    });
    let dispatch = ctx.dispatch.clone();
    let onchange = Callback::from(move |e: Event| {
        let typed = input_text(&e);
        dispatch.emit(match typed.trim().parse::<f64>() {
            Ok(x) if (0.0..=100.0).contains(&x) => Action::SetShare(line, x / 100.0),
            _ => {
                let say =
                    |l| Msg::ShareRefused.fill(l, &[("line", &line.name(l)), ("typed", &typed)]);
                Action::BadInput(Text::new(say(Lang::En), say(Lang::Ja)))
            }
        });
    });
    let pct = share * 100.0;
    html! {
        <div class="share">
            <label for={id.clone()}>{ line_label(lang, line) }</label>
            <input id={id} type="range" min="0" max="100" step="0.1"
                value={format!("{pct:.1}")} {oninput}
                aria-valuetext={format::percent(share, 1)} />
            <span class="share-exact">
                <input type="number" min="0" max="100" step="0.1"
                    value={format!("{pct:.1}")} {onchange}
                    aria-label={Msg::ShareExact.fill(lang, &[("line", &line_label(lang, line))])}
                    data-testid={format!("share-exact-{}", line.key())} />
                <span aria-hidden="true">{ "%" }</span>
            </span>
        </div>
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
            { total_field(ctx) }
            <fieldset>
                <legend>{ Msg::Shares.text(lang) }</legend>
                if let Some(shares) = shares {
                    { for BudgetLine::ALL.iter().map(|line| share_row(ctx, *line, shares[line.index()])) }
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
