//! The structure comparison beside the tornado (docs/model.md §9.7): the
//! scenario being edited run paired under all mechanisms of version 2,
//! each one off in turn, and version 1, with each target's P(met), the
//! median of its figure at the horizon and one sentence per structure. A
//! lead sentence names the mechanism whose absence moves the first target
//! most, because which mechanisms a council believes in can decide the
//! answer more than any parameter.

use yew::prelude::*;

use crate::model::Mechanism;
use crate::report::structure::StructureReport;
use crate::scenario::plan::{Direction, value_text};

use super::compare::job_progress;
use super::ctx::JobPanelProps;
use super::format;
use super::i18n::{Lang, Msg};
use super::state::structure::{StructureResult, structure_runs};
use super::view;

crate::text::catalogue! {
    /// The structure panel's wording. A value named in braces is put in by
    /// `fill`.
    pub enum Words {
        Title => "Model structure", "モデルの構造";
        Help => "The same runs (same seed) under every structure of the model: all six mechanisms of version 2, each one switched off in turn, and version 1 without any. Parameters move the answer within a structure; this shows how much the answer rests on believing in each mechanism.",
            "同じ試行（同じ乱数の種）を、モデルの構造ごとに計算します。バージョン2の6つの仕組みをすべて入れた場合、1つずつ外した場合、仕組みのないバージョン1です。パラメータは構造の中で答えを動かしますが、この表は、それぞれの仕組みを信じるかどうかで答えがどれだけ変わるかを示します。";
        Run => "Compare structures", "構造を比較";
        RunsEach => "{runs} runs per structure, 8 structures", "構造ごとに{runs}回、8構造";
        Structure => "Structure", "構造";
        Median => "median", "中央値";
        Sentences => "What each row says", "各行の意味";
        Lead => "The answer rests most on “{mechanism}”: without it, P({target}) changes by {points} (from {from} to {to}).",
            "答えは「{mechanism}」に最も大きく依存します。この仕組みを外すと、{target}の達成確率は{points}変わります（{from} → {to}）。";
        Steady => "No single mechanism moves P({target}) by more than {points} points: the answer does not rest on one of them.",
            "どの仕組みを外しても、{target}の達成確率の変化は{points}ポイント以内です。答えは特定の仕組みに依存していません。";
        Stale => "These results are of an earlier version of the scenario; compare again to see the current one.",
            "この結果は編集前のシナリオのものです。現在のシナリオの結果を見るには、もう一度比較してください。";
        Partial => "Runs are still coming in; the figures will change a little.",
            "計算中です。数値はまだ少し変わります。";
        Cancelled => "Cancelled before the end: the figures are of the runs done.",
            "途中で中止しました。数値は完了した試行のものです。";
        NoTargets => "The scenario has no targets, so only the medians are compared.",
            "このシナリオには目標がないため、中央値だけを比較します。";
    }
}

/// The structure comparison panel.
#[component]
pub fn StructurePanel(props: &JobPanelProps) -> Html {
    let state = &props.ctx.state;
    let lang = state.lang;
    let st = &state.structure;
    let blocked = state.run_blocked();
    let runs = state
        .workspace
        .checked
        .loaded
        .as_ref()
        .map(|l| structure_runs(l.plan.runs));
    let start = props.on_start.reform(|_: MouseEvent| ());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let progress = st
        .running
        .map(|r| job_progress(lang, r.done, r.total, "structure-progress"));
    let current = state.workspace.doc.to_toml();
    html! {
        <section class="panel" aria-labelledby="h-structure" data-testid="structure-panel">
            <h2 id="h-structure">{ Words::Title.text(lang) }</h2>
            <p class="help">{ Words::Help.text(lang) }</p>
            <div class="run-controls">
                <button type="button" class="primary" data-testid="structure-button" onclick={start}
                    disabled={blocked.is_some()} aria-describedby="structure-why">{ Words::Run.text(lang) }</button>
                <button type="button" data-testid="structure-cancel" onclick={cancel}
                    disabled={st.running.is_none()}>{ Msg::Cancel.text(lang) }</button>
                <span id="structure-why" class="why">{
                    match (blocked, runs) {
                        (Some(m), _) if st.running.is_none() => m.text(lang).to_string(),
                        (_, Some(n)) => Words::RunsEach.fill(lang, &[("runs", &format::count(n as f64))]),
                        _ => String::new(),
                    }
                }</span>
                { progress.unwrap_or_default() }
            </div>
            if let Some(e) = &st.error {
                <p class="notice problem" role="alert">{ e.get(lang).to_string() }</p>
            }
            if let (Some(r), Some((loaded, _))) = (&st.result, &st.loaded) {
                { result(lang, r, r.scenario_toml != current,
                    &format::horizon_month(lang, loaded.plan.start_fy, loaded.plan.months())) }
            }
        </section>
    }
}

/// A target's name with its threshold: `参加者数 ≥ 42,600`.
fn target_name(lang: Lang, report: &StructureReport, k: usize) -> String {
    let t = &report.targets[k];
    let op = match t.direction {
        Direction::AtLeast => "≥",
        Direction::AtMost => "≤",
    };
    format!(
        "{} {op} {}",
        view::metric_label(lang, t.metric),
        value_text(t.metric, t.threshold)
    )
}

/// The lead sentence: the structure whose first target's P(met) differs
/// most from all mechanisms on.
pub fn lead_sentence(lang: Lang, report: &StructureReport) -> Option<String> {
    report.targets.first()?;
    let base = report.structures.first()?.targets.first()?.probability;
    let target = target_name(lang, report, 0);
    let (mechanism, p) = report
        .structures
        .iter()
        .filter_map(|r| {
            let m = Mechanism::ALL
                .into_iter()
                .find(|m| r.key == format!("without_{}", m.key()))?;
            Some((m, r.targets.first()?.probability))
        })
        .max_by(|a, b| (a.1 - base).abs().total_cmp(&(b.1 - base).abs()))?;
    let points = (p - base) * 100.0;
    // Less than two standard errors of a P near 50 % at 2,000 runs.
    const STEADY_POINTS: f64 = 2.5;
    if points.abs() < STEADY_POINTS {
        return Some(Words::Steady.fill(
            lang,
            &[("target", &target), ("points", &format!("{STEADY_POINTS}"))],
        ));
    }
    let mechanism = match lang {
        Lang::En => mechanism.name(lang).to_lowercase(),
        Lang::Ja => mechanism.name(lang).to_string(),
    };
    Some(Words::Lead.fill(
        lang,
        &[
            ("mechanism", &mechanism),
            ("target", &target),
            ("points", &format::signed_points(lang, points / 100.0, 1)),
            ("from", &format::percent(base, 1)),
            ("to", &format::percent(p, 1)),
        ],
    ))
}

fn result(lang: Lang, r: &StructureResult, stale: bool, horizon: &str) -> Html {
    let report = &r.report;
    let caption = format!(
        "{} — {} · {} · {} {}",
        Words::Title.text(lang),
        horizon,
        format::runs_phrase(lang, report.runs as f64),
        Msg::Seed.text(lang).to_lowercase(),
        report.seed
    );
    html! {
        <>
            if stale {
                <p class="status" role="status" data-testid="structure-stale">{ Words::Stale.text(lang) }</p>
            }
            if r.partial {
                <p class="status" role="status">{ Words::Partial.text(lang) }</p>
            }
            if r.cancelled {
                <p class="status" role="status">{ Words::Cancelled.text(lang) }</p>
            }
            if report.targets.is_empty() {
                <p>{ Words::NoTargets.text(lang) }</p>
            }
            if let Some(lead) = lead_sentence(lang, report) {
                <p class="lead" data-testid="structure-lead"><strong>{ lead }</strong></p>
            }
            <div class="table-wrap">
            <table class="data structure" data-testid="structure-table">
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col">{ Words::Structure.text(lang) }</th>
                    { for (0..report.targets.len()).map(|k| html! {
                        <th scope="col">{ target_name(lang, report, k) }</th>
                    }) }
                </tr></thead>
                <tbody>
                { for report.structures.iter().map(|row| {
                    let label = match lang { Lang::En => &row.label_en, Lang::Ja => &row.label_ja };
                    html! {
                        <tr data-testid="structure-row" data-key={row.key.clone()}>
                            <th scope="row">{ label.clone() }</th>
                            { for row.targets.iter().zip(&report.targets).map(|(t, target)| html! {
                                <td class="num" data-probability={t.probability.to_string()}>
                                    <span class="rho-track" aria-hidden="true">
                                        <span class="rho-bar positive" style={format!("width:{:.1}%", t.probability * 100.0)}></span>
                                    </span>
                                    <strong>{ format::percent(t.probability, 1) }</strong>
                                    <br />
                                    <span class="help">{ format!("{} {}", Words::Median.text(lang),
                                        view::metric_value(lang, target.metric, t.median)) }</span>
                                </td>
                            }) }
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <h3>{ Words::Sentences.text(lang) }</h3>
            <ol class="sentences" data-testid="structure-sentences">
                { for (0..report.structures.len()).map(|i| html! {
                    <li>{ report.sentence(i, lang, horizon) }</li>
                }) }
            </ol>
        </>
    }
}
