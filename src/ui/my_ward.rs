//! The "my ward" tab: a ward enters its own figures (the `[my_ward]`
//! section of the scenario being edited, [`crate::scenario::own_ward`]) and
//! sees, next to each field, what calibration makes of them
//! ([`crate::scenario::calibration`]): where the status quo cannot be
//! stationary, and which figures are implausible for the model. The form
//! edits the scenario itself, so what the user types is kept (and checked
//! by the engine) like any other field, and *Run my ward* runs it.

use yew::prelude::*;

use crate::model::{BudgetLine, Param};
use crate::scenario::Bilingual;
use crate::scenario::FieldPath;
use crate::scenario::calibration::{CalibrationReport, Check, Severity, calibration_report};
use crate::scenario::field::OwnWardField;

use super::ctx::Ctx;
use super::doc::Document;
use super::editor::{TextField, field_id, line_label};
use super::format;
use super::i18n::{Lang, Msg};
use super::state::own_ward::EXAMPLE_KEY;
use super::state::{Action, Replacement, Tool};
use super::view;

/// The form's fields under `my_ward`, in order, with their labels.
pub const FIELDS: [(OwnWardField, Msg); 10] = [
    (OwnWardField::Name, Msg::WardNameEn),
    (OwnWardField::NameJa, Msg::WardNameJa),
    (OwnWardField::Population, Msg::Population),
    (OwnWardField::Participants, Msg::Participants),
    (OwnWardField::Untrained, Msg::Untrained),
    (OwnWardField::Certified, Msg::Certified),
    (OwnWardField::Bases, Msg::Sites),
    (OwnWardField::Awareness, Msg::AwarenessShare),
    (OwnWardField::Continuation, Msg::ContinuationShare),
    (OwnWardField::Satisfaction, Msg::SatisfactionShare),
];

/// The headline of a calibration check in the interface language.
pub fn check_headline(id: &str) -> Msg {
    match id {
        "at_capacity" => Msg::CheckAtCapacity,
        "no_demand" => Msg::CheckNoDemand,
        "awareness_drifts" => Msg::CheckAwarenessDrifts,
        "no_recruits" => Msg::CheckNoRecruits,
        "need_pool" => Msg::CheckNeedPool,
        "no_supporters" => Msg::CheckNoSupporters,
        "supporter_capacity" => Msg::CheckSupporterCapacity,
        "no_sites" => Msg::CheckNoSites,
        "site_capacity" => Msg::CheckSiteCapacity,
        "bases_budget" => Msg::CheckBasesBudget,
        "awareness_range" => Msg::CheckAwarenessRange,
        "continuation_range" => Msg::CheckContinuationRange,
        "satisfaction_range" => Msg::CheckSatisfactionRange,
        "training_replacement" => Msg::CheckTrainingReplacement,
        "supervision_excess" => Msg::CheckSupervisionExcess,
        "no_grants" => Msg::CheckNoGrants,
        "per_participant_range" => Msg::CheckPerParticipantRange,
        _ => Msg::Warnings,
    }
}

/// The engine's message `text` in plain words for the app: field paths
/// (`my_ward.status_quo_budget.bases`), parameter ids (`site_capacity`,
/// `parameters.need_rate`), `[[run.targets]]` and references to the model's
/// document (`(docs/model.md §5)`) become the names people see in the
/// forms. The command-line tool keeps the paths; the app shows them only
/// in tooltips.
pub fn plain_words(lang: Lang, text: &str) -> String {
    let mut out = drop_model_references(text);
    // Longest first: a budget line's path before the ward's field of the
    // same key, `parameters.x` before `x`.
    for line in BudgetLine::ALL {
        let path = format!("my_ward.status_quo_budget.{}", line.key());
        out = replace_token(&out, &path, &quote(lang, &budget_words(lang, line)));
    }
    let budget = FieldPath::own_ward_budget().to_string();
    out = replace_token(&out, &budget, &quote(lang, Msg::MyWardBudget.text(lang)));
    for (f, label) in FIELDS {
        let path = FieldPath::own_ward_field(f).to_string();
        out = replace_token(&out, &path, &quote(lang, label.text(lang)));
    }
    let targets = match lang {
        Lang::En => "targets",
        Lang::Ja => Msg::Targets.text(lang),
    };
    out = replace_token(&out, "[[run.targets]]", targets);
    out = replace_token(&out, "run.targets", targets);
    out = replace_token(
        &out,
        "unit_costs.base",
        match lang {
            Lang::En => "the unit cost of a site",
            Lang::Ja => "1拠点あたりの単価",
        },
    );
    // Whole tokens only, so no id is found inside a longer one.
    for p in Param::ALL {
        let label = quote(lang, &view::parameter_label(lang, p.name()));
        out = replace_token(&out, &format!("parameters.{}", p.name()), &label);
        out = replace_token(&out, p.name(), &label);
    }
    // The model's internal flows.
    let flows: &[(&str, &str)] = match lang {
        Lang::En => &[
            ("join set to 0", "no new participants"),
            ("join is 0", "no new participants join"),
            ("aw_gain set to 0", "no awareness gained"),
            ("aw_gain is 0", "no awareness is gained"),
            ("recruit set to 0", "no supporters recruited"),
            ("recruit is 0", "no supporters are recruited"),
            ("bases line", "activity sites line"),
        ],
        Lang::Ja => &[
            ("join", "新規参加"),
            ("aw_gain", "認知度の上昇"),
            ("recruit", "サポーターの募集"),
            ("bases費目", "活動拠点の費目"),
            ("population", "人口"),
            ("supporters", "サポーター数"),
            ("sites", "拠点数"),
        ],
    };
    for (id, words) in flows {
        out = replace_token(&out, id, words);
    }
    out
}

/// A budget line as a field of the form: "Activity sites budget" /
/// 「活動拠点の予算」.
fn budget_words(lang: Lang, line: BudgetLine) -> String {
    match lang {
        Lang::En => format!("{} budget", line_label(lang, line)),
        Lang::Ja => format!("{}の予算", line_label(lang, line)),
    }
}

/// A name in quotes: “…” / 「…」.
fn quote(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("“{name}”"),
        Lang::Ja => format!("「{name}」"),
    }
}

/// `text` with each whole-token `id` (not inside a longer identifier)
/// replaced by `by`.
fn replace_token(text: &str, id: &str, by: &str) -> String {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(id) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + id.len()..].chars().next();
        // A full stop after the token ends a sentence unless a letter follows.
        let after_ok = match after {
            Some('.') => rest[at + id.len() + 1..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_ascii_alphanumeric()),
            Some(c) => !ident(c),
            None => true,
        };
        if before.is_none_or(|c| !ident(c)) && after_ok {
            out.push_str(&rest[..at]);
            out.push_str(by);
        } else {
            out.push_str(&rest[..at + id.len()]);
        }
        rest = &rest[at + id.len()..];
    }
    out.push_str(rest);
    out
}

/// `text` without its references to the model's document: "(docs/model.md
/// §5)", "（docs/model.md §4、ステップ9）", "MODEL.md §5".
fn drop_model_references(text: &str) -> String {
    let mut out = text.to_string();
    for doc in ["docs/model.md", "MODEL.md"] {
        while let Some(mut at) = out.find(doc) {
            let open = out[..at].chars().next_back();
            let mut end = at + doc.len();
            let rest = &out[end..];
            end += match open {
                // In brackets: up to and with the closing one.
                Some(c @ ('(' | '（')) => {
                    at -= c.len_utf8();
                    let close = if c == '(' { ")" } else { "）" };
                    rest.find(close).map_or(rest.len(), |e| e + close.len())
                }
                // Bare: with its section sign and number.
                _ if rest.starts_with(" §") => rest[1..].find(' ').map_or(rest.len(), |e| e + 1),
                _ => 0,
            };
            out.replace_range(at..end, "");
        }
    }
    out.replace("  ", " ").replace(" ;", ";").replace(" .", ".")
}

/// The checks about one field, as a list under it with id `id` (the
/// field's `aria-describedby` names it).
fn check_list(lang: Lang, checks: &[&Check], id: Option<String>) -> Html {
    if checks.is_empty() {
        return html! {};
    }
    html! {
        <ul class="checks" id={id}>
        { for checks.iter().map(|c| {
            let (class, severity) = match c.severity {
                Severity::Warning => ("check warning", Msg::CheckWarning),
                Severity::Note => ("check note", Msg::CheckNote),
            };
            html! {
                <li class={class} data-testid="calibration-check" data-id={c.id}
                    data-field={c.field.clone()} data-severity={format!("{:?}", c.severity).to_lowercase()}>
                    <strong>{ format!("{}: {}", severity.text(lang), check_headline(c.id).text(lang)) }</strong>
                    <span class="check-detail" title={c.field.clone()}>{ format!(" {}", check_text(lang, c)) }</span>
                </li>
            }
        }) }
        </ul>
    }
}

/// A check in plain words: the field's name and value, then what was
/// found ("Participants 30,000: more participants than …").
fn check_text(lang: Lang, c: &Check) -> String {
    let shown = match lang {
        Lang::En => c.shown.en(),
        Lang::Ja => c.shown.ja(),
    };
    let found = plain_words(lang, c.finding.text().get(lang));
    let field = plain_words(lang, &c.field);
    let sep = if lang == Lang::Ja { "：" } else { ": " };
    if shown.is_empty() {
        format!("{field}{sep}{found}")
    } else {
        format!("{field} = {shown}{sep}{found}")
    }
}

/// Props of [`MyWardPanel`].
#[derive(Clone, PartialEq, Properties)]
pub struct MyWardPanelProps {
    /// Shared context.
    pub ctx: Ctx,
    /// Run the scenario being edited.
    pub on_run: Callback<()>,
}

fn header(lang: Lang) -> Html {
    html! {
        <>
            <h2 id="h-my-ward">{ Msg::MyWardTitle.text(lang) }</h2>
            <p class="help">{ Msg::MyWardHelp.text(lang) }</p>
        </>
    }
}

/// The "my ward" tab.
#[component]
pub fn MyWardPanel(props: &MyWardPanelProps) -> Html {
    let ctx = &props.ctx;
    let state = &ctx.state;
    let lang = state.lang;
    if state.workspace.doc.get(FieldPath::own_ward()).is_none() {
        return start_from(ctx);
    }
    let report = state
        .workspace
        .checked
        .loaded
        .as_ref()
        .map(calibration_report);
    let checks: Vec<&Check> = report
        .as_ref()
        .map(|r| r.wards.iter().flat_map(|w| &w.checks).collect())
        .unwrap_or_default();
    let at = |path: &FieldPath| -> Vec<&Check> {
        checks
            .iter()
            .copied()
            .filter(|c| c.field == path.as_str())
            .collect()
    };
    let field = |path: FieldPath, label: &str| {
        let field_checks = at(&path);
        let checks_id = format!("{}-checks", field_id(path.as_str()));
        let described_by = (!field_checks.is_empty()).then(|| AttrValue::from(checks_id.clone()));
        // my_ward.name_ja → my-ward-name-ja
        let testid = path.as_str().replace(['_', '.'], "-");
        // Plain text, so that whatever is typed stays visible (a number
        // input would blank a value it cannot read) and the engine names it.
        html! {
            <div class="my-ward-field">
                <TextField ctx={ctx.clone()} path={path.to_string()} label={label.to_string()}
                    testid={AttrValue::from(testid)} {described_by} />
                { check_list(lang, &field_checks, Some(checks_id)) }
            </div>
        }
    };
    let run = {
        let dispatch = ctx.dispatch.clone();
        let on_run = props.on_run.clone();
        Callback::from(move |_| {
            dispatch.emit(Action::ShowTool(Tool::Results));
            on_run.emit(());
        })
    };
    let blocked = state.run_blocked();
    html! {
        <section class="panel" aria-labelledby="h-my-ward" data-testid="my-ward-panel">
            { header(lang) }
            { calibration_summary(lang, report.as_ref(), &checks) }
            <fieldset class="my-ward">
                <legend>{ Msg::MyWardFigures.text(lang) }</legend>
                { for FIELDS.iter().map(|(f, label)| field(FieldPath::own_ward_field(*f), label.text(lang))) }
            </fieldset>
            <fieldset class="my-ward">
                <legend>{ Msg::MyWardBudget.text(lang) }</legend>
                { check_list(lang, &at(&FieldPath::own_ward_budget()), None) }
                { for BudgetLine::ALL.iter().map(|line| field(FieldPath::own_ward_line(*line), line_label(lang, *line))) }
            </fieldset>
            <div class="run-controls">
                <button type="button" class="primary" data-testid="my-ward-run" onclick={run}
                    disabled={blocked.is_some()} aria-describedby="my-ward-why">{ Msg::MyWardRun.text(lang) }</button>
                <span id="my-ward-why" class="why">{ blocked.map(|m| m.text(lang)).unwrap_or_default() }</span>
            </div>
        </section>
    }
}

/// Before the scenario has a ward's own figures: where to start from (a
/// ward of the built-in data or the example) and the button that starts.
fn start_from(ctx: &Ctx) -> Html {
    let state = &ctx.state;
    let lang = state.lang;
    let pick = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            dispatch.emit(Action::PickOwnWardSource(select.value()));
        })
    };
    let start = {
        let dispatch = ctx.dispatch.clone();
        let key = state.own_ward_source.clone();
        Callback::from(move |_| {
            dispatch.emit(Action::replace_now(Replacement::OwnWard(key.clone())))
        })
    };
    let wards: Vec<(String, String)> = Document::builtin("status-quo")
        .and_then(|d| d.check().loaded)
        .map(|l| {
            l.ward_data
                .wards
                .iter()
                .map(|w| {
                    let label = if lang == Lang::Ja {
                        w.name_ja.clone()
                    } else {
                        w.name.clone()
                    };
                    (w.name.clone(), label)
                })
                .collect()
        })
        .unwrap_or_default();
    let selected = state.own_ward_source.clone();
    html! {
        <section class="panel" aria-labelledby="h-my-ward" data-testid="my-ward-panel">
            { header(lang) }
            <p>{ Msg::MyWardStartHelp.text(lang) }</p>
            <div class="field">
                <label for="my-ward-source">{ Msg::MyWardStartFrom.text(lang) }</label>
                <select id="my-ward-source" data-testid="my-ward-source" onchange={pick}>
                    <option value={EXAMPLE_KEY} selected={selected == EXAMPLE_KEY}>{ Msg::MyWardExample.text(lang) }</option>
                    <optgroup label={Msg::MyWardBuiltinFigures.text(lang)}>
                    { for wards.iter().map(|(key, label)| html! {
                        <option value={key.clone()} selected={selected == *key}>{ label.clone() }</option>
                    }) }
                    </optgroup>
                </select>
            </div>
            <button type="button" class="primary" data-testid="my-ward-start" onclick={start}>
                { Msg::MyWardStart.text(lang) }</button>
        </section>
    }
}

/// What calibration makes of the figures: the counts of warnings and
/// notes, the capacities, and the checks about no field of the form; or,
/// while the scenario has errors, that the fields need fixing.
fn calibration_summary(lang: Lang, report: Option<&CalibrationReport>, checks: &[&Check]) -> Html {
    let Some((r, w)) = report.and_then(|r| r.wards.first().map(|w| (r, w))) else {
        return html! { <p class="status" role="status">{ Msg::MyWardFixFields.text(lang) }</p> };
    };
    let mut shown: Vec<FieldPath> = FIELDS
        .iter()
        .map(|(f, _)| FieldPath::own_ward_field(*f))
        .collect();
    shown.extend(BudgetLine::ALL.iter().map(|l| FieldPath::own_ward_line(*l)));
    shown.push(FieldPath::own_ward_budget());
    let others: Vec<&Check> = checks
        .iter()
        .copied()
        .filter(|c| !shown.iter().any(|p| p.as_str() == c.field))
        .collect();
    html! {
        <div data-testid="my-ward-calibration">
            <p class={if r.warnings > 0 { "status" } else { "help" }} role="status" data-testid="my-ward-summary"
                data-warnings={r.warnings.to_string()} data-notes={r.notes.to_string()}>
                { format!("{}: {} {} · {} {}", Msg::MyWardCalibration.text(lang),
                    r.warnings, Msg::CheckWarnings.text(lang), r.notes, Msg::CheckNotes.text(lang)) }
            </p>
            <table class="data">
                <caption>{ Msg::MyWardCapacities.text(lang) }</caption>
                <tbody>
                    <tr><th scope="row">{ Msg::NeedPool.text(lang) }</th><td class="num">{ format::count(w.capacities.need_pool) }</td></tr>
                    <tr><th scope="row">{ Msg::SupporterCapacity.text(lang) }</th><td class="num">{ format::count(w.capacities.supporters) }</td></tr>
                    <tr><th scope="row">{ Msg::SiteCapacity.text(lang) }</th><td class="num">{ format::count(w.capacities.sites) }</td></tr>
                    <tr><th scope="row">{ Msg::SpendingPerParticipant.text(lang) }</th>
                        <td class="num">{ w.spending_per_participant.map(|x| format::money(lang, x)).unwrap_or_else(|| Msg::NotDefined.text(lang).to_string()) }</td></tr>
                </tbody>
            </table>
            if !others.is_empty() {
                { check_list(lang, &others, None) }
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::notice::{Finding, Warning};

    /// Identifiers a person should not have to read.
    fn has_ids(text: &str) -> bool {
        let snake = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .any(|w| w.contains('_') || w.starts_with("my_ward") || w.starts_with("parameters."));
        snake
            || text.contains("[[")
            || text.contains('§')
            || text.contains("model.md")
            || text.contains("MODEL.md")
    }

    #[test]
    fn paths_ids_and_model_references_become_plain_words() {
        let ja = plain_words(
            Lang::Ja,
            "my_ward.status_quo_budget.bases = 1,000万円: [[run.targets]]の指定がないため（docs/model.md §5）、parameters.site_capacityを確認",
        );
        assert_eq!(
            ja,
            "「活動拠点の予算」 = 1,000万円: 目標の指定がないため、「拠点1か所あたりの定員」を確認"
        );
        let en = plain_words(
            Lang::En,
            "no [[run.targets]] given: calibrated to demand = dropouts (docs/model.md §5); check parameters.need_rate",
        );
        assert_eq!(
            en,
            "no targets given: calibrated to demand = dropouts; check “Share of residents in need”"
        );
        assert_eq!(
            plain_words(Lang::En, "see MODEL.md §5 for more"),
            "see for more"
        );
        // Words that merely contain an id are left alone.
        assert_eq!(
            plain_words(Lang::En, "caseloads and a_maximum"),
            "caseloads and a_maximum"
        );
    }

    #[test]
    fn every_finding_and_warning_reads_without_identifiers() {
        let s = |x: &str| x.to_string();
        let findings = vec![
            Finding::AtCapacity {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Finding::NoDemand {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Finding::AwarenessDrifts {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Finding::NoRecruits {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Finding::ReferralsExceed {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Finding::NeedPool {
                need_rate: s("0.03"),
                population: s("1"),
                pool: s("1"),
                least: s("1"),
            },
            Finding::NoSupporters {
                participants: s("1"),
            },
            Finding::SupporterCapacity {
                caseload: s("1"),
                supporters: s("1"),
                capacity: s("1"),
            },
            Finding::NoSites {
                participants: s("1"),
                base: s("1"),
            },
            Finding::SiteCapacity {
                site_capacity: s("1"),
                sites: s("1"),
                capacity: s("1"),
                base: s("1"),
            },
            Finding::BasesBudget {
                sites: s("1"),
                base: s("1"),
                field: s("my_ward.status_quo_budget.bases"),
                stated: s("1"),
                suggested: None,
            },
            Finding::AwarenessRange {
                a_floor: s("1"),
                a_max: s("1"),
                below: true,
            },
            Finding::ContinuationRange {
                c_min: s("1"),
                c_max: s("1"),
                runs_at: s("1"),
            },
            Finding::SatisfactionRange,
            Finding::TrainingReplacement {
                rise: true,
                trained: s("1"),
                short: true,
                stop: s("1"),
                cost: s("1"),
            },
            Finding::SupervisionExcess {
                month: s("1"),
                supporters: s("1"),
                need: s("1"),
            },
            Finding::NoGrants,
            Finding::PerParticipantRange {
                per: s("1"),
                lo: s("1"),
                hi: s("1"),
            },
        ];
        let warnings = vec![
            Warning::OwnTargets {
                participants: 1.0,
                certified: 1.0,
            },
            Warning::DefaultTargets {
                data: s("tokyo-23"),
            },
            Warning::NoTargets,
            Warning::OnlineBuysNothing,
            Warning::AtCapacity {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Warning::NoDemand {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Warning::AwarenessDrifts {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Warning::NoRecruits {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Warning::ReferralsExceed {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Warning::KnifeEdge {
                ward: s("X"),
                ward_ja: s("X"),
            },
            Warning::SampledAtCapacity {
                ward: s("X"),
                ward_ja: s("X"),
                runs: 1,
                of: 2,
            },
        ];
        let texts = findings
            .iter()
            .map(Bilingual::text)
            .chain(warnings.iter().map(Bilingual::text));
        for t in texts {
            for lang in [Lang::En, Lang::Ja] {
                let plain = plain_words(lang, t.get(lang));
                assert!(
                    !has_ids(&plain),
                    "{lang:?}: {plain}\n  from: {}",
                    t.get(lang)
                );
            }
        }
    }
}
