//! The browser app natively: its components rendered through Yew's
//! server-side renderer, and its state changes (the reducer, the scenario
//! document, share links) without a browser.

use std::rc::Rc;

use sasaeai::model::BudgetLine;
use sasaeai::scenario::Format;
use sasaeai::sim::batch::run_range;
use sasaeai::sim::{Accumulator, RunResult, Simulator};
use sasaeai::ui::app::{App, AppProps, Initial};
use sasaeai::ui::doc::Document;
use sasaeai::ui::i18n::Lang;
use sasaeai::ui::share;
use sasaeai::ui::state::{Action, State};
use yew::{LocalServerRenderer, Reducible};

fn render(state: State) -> String {
    let props = AppProps {
        initial: Some(Initial(Rc::new(state))),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async move {
        LocalServerRenderer::<App>::with_props(props)
            .hydratable(false)
            .render()
            .await
    })
}

fn apply(state: State, actions: impl IntoIterator<Item = Action>) -> State {
    let mut s = Rc::new(state);
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

/// A state with `runs` runs of built-in `name` done.
fn with_results(name: &str, runs: u64, lang: Lang) -> (State, Accumulator) {
    let doc = Document::builtin(name).unwrap();
    let state = apply(
        State::new(lang, doc, Vec::new()),
        [
            Action::SetField {
                path: "run.runs".into(),
                text: runs.to_string(),
            },
            Action::WorkerReady,
        ],
    );
    let loaded = state.checked.loaded.clone().expect("valid");
    let mut acc = Accumulator::new(&loaded.plan);
    run_range(
        &Simulator::new(&loaded.plan),
        0..runs,
        &mut acc,
        &mut RunResult::default(),
    );
    let state = apply(
        state,
        [
            Action::RunStarted {
                job: 1,
                total: runs,
                now_ms: 0.0,
            },
            Action::Finished {
                job: 1,
                cancelled: false,
                summary: Box::new(acc.clone()),
            },
        ],
    );
    (state, acc)
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn the_workspace_renders_every_test_hook() {
    let html = render(State::fresh(Lang::En));
    for id in [
        "scenario-select",
        "run-button",
        "cancel-button",
        "import-file",
        "error-list",
        "share-link",
        "language-toggle",
        "budget-table",
    ] {
        assert!(
            html.contains(&format!("data-testid=\"{id}\"")),
            "no {id} in the page"
        );
    }
    // Every built-in scenario is offered.
    for (name, _) in sasaeai::scenario::builtin::SCENARIOS {
        assert!(
            html.contains(&format!("value=\"builtin:{name}\"")),
            "{name}"
        );
    }
    // The worker is not up in a render test: Run is disabled and says why.
    assert!(html.contains("The simulation worker is starting."));
    assert!(html.contains("Run the scenario to see its projections here."));
    // The budget table shows the status quo's ¥1.28 bn per FY in ¥ m.
    assert!(html.contains("¥1,280.0 m"), "total per FY missing");
}

#[test]
fn japanese_is_complete_and_money_is_in_oku_yen() {
    let html = render(State::fresh(Lang::Ja));
    assert!(html.contains("シナリオ"));
    assert!(html.contains("12.80億円"));
    assert!(html.contains("令和7年度"));
    assert!(!html.contains("The simulation worker is starting."));
}

#[test]
fn results_render_target_cards_charts_and_tables() {
    let (state, acc) = with_results("combined-plan", 200, Lang::En);
    let results = state.results.clone().expect("results");
    assert_eq!(results.summary, acc);
    let html = render(state);
    assert_eq!(count(&html, "data-testid=\"target-card\""), 5);
    for t in &results.report.targets {
        let card = format!(
            "data-target=\"{}\" data-probability=\"{}\"",
            t.id, t.probability
        );
        assert!(html.contains(&card), "no card {card}");
    }
    assert!(html.contains(" of 100 simulated futures"));
    assert!(html.contains("March 2030"));
    // Five fan charts, two histograms and the spending bars, each an SVG
    // with a data table and a download button.
    assert_eq!(count(&html, "<figure class=\"chart\""), 8);
    assert!(count(&html, "<svg") >= 8);
    assert_eq!(count(&html, "Download SVG"), 8);
    assert!(html.contains("data-testid=\"ward-table\""));
    assert!(html.contains("P(Participants ≥)"));
    assert!(html.contains("seed 1 · 200 runs · stochastic (uncertain) · #"));
    assert!(html.contains("Chiyoda"));
    assert!(html.contains("data-testid=\"overrun-table\""));
}

#[test]
fn invalid_fields_show_the_engines_message_next_to_them() {
    let state = apply(
        State::fresh(Lang::En),
        [
            Action::WorkerReady,
            Action::SetField {
                path: "run.runs".into(),
                text: "0".into(),
            },
            Action::SetField {
                path: "run.seed".into(),
                text: "abc".into(),
            },
        ],
    );
    assert_eq!(state.checked.errors.len(), 2, "{:?}", state.checked.errors);
    assert!(state.run_blocked().is_some());
    // What the user typed is kept.
    assert_eq!(
        state.doc.get("run.seed").and_then(|v| v.as_str()),
        Some("abc")
    );
    let html = render(state);
    assert!(html.contains("<code>run.runs</code>"));
    assert!(html.contains("runs must be a whole number from 1 to 1,000,000"));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("Fix the errors listed above to run."));
}

#[test]
fn an_invalid_import_is_refused_and_the_workspace_is_unchanged() {
    let before = State::fresh(Lang::En);
    let bad = "schema_version = 1\nname = \"bad\"\n[run]\nhorizon = 0\n";
    let result = Document::import(bad, Format::Toml, "bad.toml");
    let errors = result.clone().unwrap_err();
    assert!(errors.errors.iter().any(|e| e.path == "run.horizon"));
    let after = apply(before.clone(), [Action::Imported(result)]);
    assert_eq!(after.doc, before.doc);
    let html = render(after);
    assert!(html.contains("The file was not imported; your scenario is unchanged."));
    assert!(html.contains("run.horizon"));
    // A good JSON import replaces the document.
    let json = Document::builtin("training").unwrap().to_json();
    let good = Document::import(&json, Format::Json, "training.json").unwrap();
    let after = apply(before, [Action::Imported(Ok(good.clone()))]);
    assert_eq!(after.doc, good);
    assert!(after.checked.errors.is_empty());
}

#[test]
fn editing_a_budget_cell_sets_that_total_and_keeps_the_spread() {
    let state = State::fresh(Lang::En);
    let loaded = state.checked.loaded.clone().unwrap();
    let before: Vec<f64> = loaded.plan.wards.iter().map(|w| w.budget[1].0[1]).collect();
    let total: f64 = before.iter().sum();
    let state = apply(
        state,
        [Action::SetLineTotal {
            fy: 2026,
            line: BudgetLine::Training,
            yen: total * 2.0,
        }],
    );
    let after = state.checked.loaded.clone().expect("still valid");
    for (w, old) in after.plan.wards.iter().zip(&before) {
        assert!((w.budget[1].0[1] - 2.0 * old).abs() <= 1e-6 * old.abs().max(1.0));
        // Other years are untouched.
        assert_eq!(
            w.budget[0].0[1],
            loaded
                .plan
                .wards
                .iter()
                .find(|x| x.name == w.name)
                .unwrap()
                .budget[0]
                .0[1]
        );
    }
    // A line fixed per ward for all wards (combined-plan's staff) is set instead.
    let plan = apply(
        State::new(
            Lang::En,
            Document::builtin("combined-plan").unwrap(),
            Vec::new(),
        ),
        [Action::SetLineTotal {
            fy: 2025,
            line: BudgetLine::Staff,
            yen: 23.0 * 1e7,
        }],
    );
    let l = plan.checked.loaded.clone().unwrap();
    assert!(
        l.plan
            .wards
            .iter()
            .all(|w| (w.budget[0].0[0] - 1e7).abs() < 1e-6)
    );
    assert!(
        l.plan
            .wards
            .iter()
            .all(|w| (w.budget[1].0[0] - 21_250_000.0).abs() < 1e-6)
    );
}

#[test]
fn shares_move_and_still_sum_to_one() {
    let state = apply(
        State::fresh(Lang::En),
        [
            Action::UseTotalBasis,
            Action::SetShare(BudgetLine::Awareness, 0.2),
        ],
    );
    assert!(
        state.checked.errors.is_empty(),
        "{:?}",
        state.checked.errors
    );
    let shares = state.doc.shares().unwrap();
    assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!((shares[BudgetLine::Awareness.index()] - 0.2).abs() < 1e-12);
    let loaded = state.checked.loaded.clone().unwrap();
    let total: f64 = loaded.plan.wards.iter().map(|w| w.budget[0].total()).sum();
    assert!((total - 1.28e9).abs() < 1.0, "{total}");
}

#[test]
fn a_share_link_reproduces_the_scenario_and_seed() {
    let state = apply(
        State::fresh(Lang::En),
        [Action::SetField {
            path: "run.seed".into(),
            text: "7".into(),
        }],
    );
    let fragment = share::encode(&state.doc.to_toml());
    let opened = Document::from_saved(&share::decode(&fragment).unwrap()).unwrap();
    assert_eq!(opened, state.doc);
    let reopened = apply(State::fresh(Lang::En), [Action::OpenedLink(Ok(opened))]);
    assert_eq!(
        reopened.checked.loaded.as_ref().unwrap().info.hash,
        state.checked.loaded.as_ref().unwrap().info.hash
    );
    // A damaged link leaves the workspace alone and says so.
    let damaged = apply(
        state.clone(),
        [Action::OpenedLink(Err(share::decode("s1=AAAA")
            .unwrap_err()
            .to_string()))],
    );
    assert_eq!(damaged.doc, state.doc);
    assert!(render(damaged).contains("The link is damaged or incomplete"));
}

#[test]
fn saving_opening_and_deleting_scenarios() {
    let state = apply(
        State::fresh(Lang::En),
        [
            Action::SetField {
                path: "name".into(),
                text: "my-plan".into(),
            },
            Action::Save,
            Action::PickBuiltin("training".into()),
        ],
    );
    assert_eq!(state.saved.len(), 1);
    assert_eq!(state.saved[0].name, "my-plan");
    assert_eq!(state.doc.name(), "training");
    let state = apply(state, [Action::OpenSaved(0)]);
    assert_eq!(state.doc.name(), "my-plan");
    // What is kept between visits round-trips.
    let p = state.persisted();
    let text = serde_json::to_string(&p).unwrap();
    assert_eq!(sasaeai::ui::web::parse_stored(Some(&text)), Ok(Some(p)));
    let state = apply(state, [Action::DeleteSaved(0)]);
    assert!(state.saved.is_empty());
}

#[test]
fn progress_from_another_job_is_ignored_and_cancel_keeps_partial_results() {
    let (state, acc) = with_results("status-quo", 30, Lang::En);
    let running = apply(
        state,
        [
            Action::RunStarted {
                job: 2,
                total: 30,
                now_ms: 1000.0,
            },
            Action::Progress {
                job: 1,
                done: 5,
                summary: Box::new(acc.clone()),
                now_ms: 1500.0,
            },
        ],
    );
    assert_eq!(running.running.as_ref().unwrap().done, 0);
    let html = render(running.clone());
    assert!(html.contains("data-testid=\"progress\""));
    assert!(html.contains("aria-valuenow=\"0\""));
    let cancelled = apply(
        running,
        [Action::Finished {
            job: 2,
            cancelled: true,
            summary: Box::new(acc),
        }],
    );
    assert!(cancelled.running.is_none());
    assert!(cancelled.results.as_ref().unwrap().cancelled);
    assert!(render(cancelled).contains("Cancelled: results of the runs finished so far."));
}

#[test]
fn targets_can_be_edited_added_and_removed() {
    let edit = |index, field: &str, text: &str| Action::EditTarget {
        index,
        field: field.into(),
        text: text.into(),
    };
    let state = apply(
        State::fresh(Lang::En),
        [
            edit(0, "threshold", "40,000"),
            edit(1, "side", "at_most"),
            Action::AddTarget,
            Action::RemoveTarget(4),
        ],
    );
    assert!(
        state.checked.errors.is_empty(),
        "{:?}",
        state.checked.errors
    );
    let targets = &state.checked.loaded.as_ref().unwrap().plan.targets;
    let ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "participants",
            "continuation",
            "satisfaction",
            "awareness",
            "target-6"
        ]
    );
    assert_eq!(targets[0].threshold, 40_000.0);
    assert_eq!(targets[1].direction, sasaeai::sim::plan::Direction::AtMost);
    assert_eq!(targets[1].threshold, 0.85);
    // A duplicate id is an error naming the target.
    let dup = apply(state, [edit(4, "id", "participants")]);
    assert!(
        dup.checked
            .errors
            .iter()
            .any(|e| e.path.starts_with("run.targets[4]"))
    );
    let html = render(dup);
    assert!(html.contains("data-testid=\"targets-table\""));
}

#[test]
fn a_negative_or_non_numeric_budget_amount_is_refused_with_a_message() {
    use sasaeai::ui::editor::parse_yen;
    assert_eq!(
        parse_yen("¥12,500,000", "FY2025 Training"),
        Ok(12_500_000.0)
    );
    assert_eq!(parse_yen("3400万", "x").ok(), None);
    let err = parse_yen("-5", "FY2025 Training").unwrap_err();
    assert!(
        err.contains("FY2025 Training") && err.contains("at least 0"),
        "{err}"
    );
    let before = State::fresh(Lang::En);
    let after = apply(before.clone(), [Action::BadInput(err)]);
    assert_eq!(after.doc, before.doc);
    let html = render(after);
    assert!(html.contains("That value was not accepted"));
    assert!(html.contains("FY2025 Training"));
}

/// A small search of the current scenario, as the worker would run it.
fn small_search(state: &State) -> sasaeai::sim::optimize::OptimizeReport {
    use sasaeai::sim::optimize::{OptimizeSettings, Optimizer};
    let mut settings = state.optimise.form.settings().expect("valid form");
    settings.iterations = 1;
    settings.candidates = 4;
    settings.runs_per_candidate = 2;
    settings.validation_runs = 4;
    let loaded = state.checked.loaded.clone().unwrap();
    let mut opt = Optimizer::new(&loaded, OptimizeSettings { ..settings }).unwrap();
    while !opt.step(1_000).unwrap() {}
    opt.report().unwrap().clone()
}

#[test]
fn the_allocation_search_runs_reports_and_opens_its_best_split() {
    use sasaeai::ui::optimise::{FormField, OptimiseAction};
    let doc = Document::builtin("status-quo").unwrap();
    let state = apply(
        State::new(Lang::En, doc, Vec::new()),
        [
            Action::WorkerReady,
            Action::ShowTool(sasaeai::ui::state::Tool::Optimise),
            Action::Optimise(OptimiseAction::Edit(
                FormField::Objective,
                "participants".into(),
            )),
            Action::Optimise(OptimiseAction::Edit(
                FormField::Total,
                "2,000,000,000".into(),
            )),
            Action::Optimise(OptimiseAction::Edit(
                FormField::Lower(BudgetLine::Grants),
                "20".into(),
            )),
        ],
    );
    let html = render(state.clone());
    assert!(html.contains("data-testid=\"optimise-panel\""));
    assert!(
        html.contains("role=\"tablist\"")
            && html.contains("aria-selected=\"true\" aria-controls=\"panel-optimise\""),
        "{html}"
    );
    assert!(!html.contains("optimise-errors"), "{html}");
    let settings = state.optimise.form.settings().unwrap();
    assert_eq!(settings.total, Some(2e9));
    assert_eq!(settings.bounds.lower.get(BudgetLine::Grants), 0.2);

    // Started: the Run button waits; progress from another job is ignored.
    let report = small_search(&state);
    let running = apply(
        state.clone(),
        [Action::Optimise(OptimiseAction::Started {
            job: 7,
            now_ms: 0.0,
        })],
    );
    assert_eq!(
        running.run_blocked(),
        Some(sasaeai::ui::i18n::Msg::RunDisabledRunning)
    );
    assert!(render(running.clone()).contains("data-testid=\"optimise-progress\""));
    let finished = apply(
        running,
        [
            Action::Optimise(OptimiseAction::Finished {
                job: 6,
                progress: Default::default(),
                report: None,
            }),
            Action::Optimise(OptimiseAction::Finished {
                job: 7,
                progress: Default::default(),
                report: Some(Box::new(report.clone())),
            }),
        ],
    );
    assert!(finished.optimise.running.is_none());
    let html = render(finished.clone());
    assert!(html.contains("data-testid=\"optimise-result\""), "{html}");
    assert!(html.contains("best split"));

    // Opening the best split makes it the scenario being edited, and saved.
    let opened = apply(finished, [Action::OpenOptimised]);
    assert_eq!(opened.doc.name(), "status-quo-optimised");
    assert!(
        opened
            .saved
            .iter()
            .any(|s| s.name == "status-quo-optimised")
    );
    let loaded = opened
        .checked
        .loaded
        .clone()
        .expect("the saved split is valid");
    assert!((loaded.plan.appropriation(0) - 2e9).abs() < 1.0);
}

#[test]
fn a_bad_search_form_names_every_field_and_blocks_the_search() {
    use sasaeai::ui::optimise::{FormField, OptimiseAction};
    let doc = Document::builtin("status-quo").unwrap();
    let state = apply(
        State::new(Lang::En, doc, Vec::new()),
        [
            Action::WorkerReady,
            Action::ShowTool(sasaeai::ui::state::Tool::Optimise),
            Action::Optimise(OptimiseAction::Edit(FormField::Total, "-5".into())),
            Action::Optimise(OptimiseAction::Edit(
                FormField::Upper(BudgetLine::Staff),
                "150".into(),
            )),
        ],
    );
    let problems = state.optimise.form.settings().unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("total") && p.contains("-5")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("upper bound of staff") && p.contains("0 to 100")),
        "{problems:?}"
    );
    let html = render(state);
    assert!(html.contains("data-testid=\"optimise-errors\""));
    let button = html
        .split("data-testid=\"optimise-button\"")
        .nth(1)
        .unwrap();
    assert!(
        button[..button.find('>').unwrap()].contains("disabled"),
        "{button}"
    );
}

#[test]
fn the_equity_tab_maps_the_wards_and_equalizes_support() {
    use sasaeai::ui::equity::EquityMeasure;
    use sasaeai::ui::state::Tool;
    let (state, _) = with_results("equalized", 40, Lang::Ja);
    let state = apply(state, [Action::ShowTool(Tool::Equity)]);
    let html = render(state.clone());
    assert!(html.contains("data-testid=\"equity-panel\""), "{html}");
    assert!(html.contains("data-testid=\"equity-table\""));
    assert!(html.contains("ジニ係数"));
    // The synthetic data set is labelled as such where the figures are shown.
    let data_set = html
        .split("data-testid=\"equity-data-set\"")
        .nth(1)
        .unwrap();
    assert!(
        data_set[..data_set.find("</p>").unwrap()].contains("合成"),
        "{data_set:.300}"
    );
    // 23 tiles, one per ward, with Japanese names.
    assert!(html.contains("千代田区") && html.contains("江戸川区"));
    let per_participant = render(apply(
        state,
        [Action::PickEquityMeasure(
            EquityMeasure::SpendingPerParticipant,
        )],
    ));
    assert!(per_participant.contains("selected") && per_participant.contains("万円"));

    // Equalize: same total, equal support per participant at the start.
    let doc = Document::builtin("status-quo").unwrap();
    let before = apply(State::new(Lang::En, doc, Vec::new()), []);
    let total = before
        .checked
        .loaded
        .as_ref()
        .unwrap()
        .plan
        .appropriation(0);
    let after = apply(before, [Action::Equalize]);
    assert!(
        after.doc.name().ends_with("-equalized"),
        "{}",
        after.doc.name()
    );
    let plan = &after.checked.loaded.as_ref().expect("valid").plan;
    assert!((plan.appropriation(0) - total).abs() < 1.0);
    let per: Vec<f64> = plan
        .wards
        .iter()
        .map(|w| w.budget[0].total() / w.initial.participants)
        .collect();
    let (lo, hi) = per
        .iter()
        .fold((f64::MAX, 0.0f64), |(a, b), x| (a.min(*x), b.max(*x)));
    assert!(hi - lo < 1.0, "{lo} … {hi}");
}

#[test]
fn the_sensitivity_tab_draws_the_tornado_with_a_sentence_per_bar() {
    use sasaeai::sim::TargetMetric;
    use sasaeai::sim::sensitivity::{
        Language, bar_sentence, horizon_label, tornado_runs, uncertain_parameters,
    };
    use sasaeai::ui::state::Tool;
    let doc = Document::builtin("combined-plan").unwrap();
    let state = apply(
        State::new(Lang::En, doc, Vec::new()),
        [
            Action::ShowTool(Tool::Sensitivity),
            Action::PickSensitivityOutput(TargetMetric::Certified),
        ],
    );
    let html = render(state.clone());
    assert!(html.contains("data-testid=\"sensitivity-panel\""), "{html}");
    assert!(html.contains("<svg"));
    // One sentence per uncertain parameter, the largest swing first, as the
    // engine words it.
    let plan = &state.checked.loaded.as_ref().unwrap().plan;
    let tornado = tornado_runs(plan).tornado(TargetMetric::Certified);
    assert_eq!(tornado.bars.len(), uncertain_parameters(plan).len());
    let list = html
        .split("data-testid=\"sensitivity-sentences\"")
        .nth(1)
        .unwrap();
    let list = &list[..list.find("</ol>").unwrap()];
    assert_eq!(list.matches("<li>").count(), tornado.bars.len());
    let horizon = horizon_label(plan.start_fy, plan.months(), Language::En);
    let first = bar_sentence(
        &tornado.bars[0],
        TargetMetric::Certified,
        &horizon,
        Language::En,
    );
    let first_html = first
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(list.contains(&first_html), "{first} not in {list:.400}");
}
