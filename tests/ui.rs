//! The browser app natively: its components rendered through Yew's
//! server-side renderer, and its state changes (the reducer, the scenario
//! document, share links) without a browser.

mod common;

use std::rc::Rc;

use sasaeai::model::BudgetLine;
use sasaeai::scenario::{Bilingual, Format, Text};
use sasaeai::sim::batch::run_range;
use sasaeai::sim::{Accumulator, RunResult, Simulator};
use sasaeai::ui::app::{App, AppProps, Initial};
use sasaeai::ui::doc::Document;
use sasaeai::ui::i18n::{Lang, Msg};
use sasaeai::ui::share;
use sasaeai::ui::state::{
    Action, MAX_AUTOMATIC, Replacement, SavedScenario, State, keep_before_replacing,
};
use sasaeai::ui::web::{NotSaved, STORAGE_KEY, Store, Stored, load_from, save_to};
use yew::{LocalServerRenderer, Reducible};

use common::messages::japanese;

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

/// The action replacing the workspace by `by` at a fixed local time.
fn replace(by: Replacement) -> Action {
    Action::Replace {
        by,
        at: "2025-06-14 15:32".into(),
    }
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
    let loaded = state.workspace.checked.loaded.clone().expect("valid");
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
                correlations: None,
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
    // The budget table shows the status quo's ¥1.28 bn per FY in ¥ M, as the CLI does.
    assert!(html.contains("¥1,280.0 M"), "total per FY missing");
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
fn errors_are_shown_in_the_interface_language() {
    let broken = |lang| {
        apply(
            State::fresh(lang),
            [Action::SetField {
                path: "run.horizon".into(),
                text: "21".into(),
            }],
        )
    };
    let ja = render(broken(Lang::Ja));
    assert!(ja.contains("run.horizon = 21: 期間（年度数）は1〜20の整数で指定してください"));
    assert!(!ja.contains("must be a whole number"));
    let en = render(broken(Lang::En));
    assert!(
        en.contains("run.horizon = 21: horizon (fiscal years) must be a whole number from 1 to 20")
    );
    assert!(!en.contains("期間（年度数）"));
    // A refused import and a damaged link: the notices too, and they
    // follow a switch of language.
    let refused = Document::import(
        "schema_version = 2\nname = \"t\"\n[run]\nruns = 0\n",
        Format::Toml,
        "t.toml",
    )
    .unwrap_err();
    let link = share::decode("s1=AAAA").unwrap_err();
    let state = apply(
        State::fresh(Lang::Ja),
        [
            Action::ImportRefused(refused),
            Action::LinkBroken(link.text()),
        ],
    );
    let ja = render(state.clone());
    assert!(ja.contains("run.runs = 0: 試行回数は1〜1,000,000の整数で指定してください"));
    assert!(ja.contains(&link.ja()) && japanese(&link.ja()));
    let en = render(apply(state, [Action::SetLang(Lang::En)]));
    assert!(en.contains("run.runs = 0: runs must be a whole number from 1 to 1,000,000"));
    assert!(en.contains(&link.to_string()));
    assert!(!en.contains(&link.ja()));
}

#[test]
fn results_render_target_cards_charts_and_tables() {
    let (state, acc) = with_results("combined-plan", 200, Lang::En);
    let results = state.run.results.clone().expect("results");
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
    assert_eq!(
        state.workspace.checked.errors.len(),
        2,
        "{:?}",
        state.workspace.checked.errors
    );
    assert!(state.run_blocked().is_some());
    // What the user typed is kept.
    assert_eq!(
        state.workspace.doc.get("run.seed").and_then(|v| v.as_str()),
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
    let bad = "schema_version = 2\nname = \"bad\"\n[run]\nhorizon = 0\n";
    let result = Document::import(bad, Format::Toml, "bad.toml");
    let errors = result.unwrap_err();
    assert!(errors.errors.iter().any(|e| e.path == "run.horizon"));
    let after = apply(before.clone(), [Action::ImportRefused(errors)]);
    assert_eq!(after.workspace.doc, before.workspace.doc);
    let html = render(after);
    assert!(html.contains("The file was not imported; your scenario is unchanged."));
    assert!(html.contains("run.horizon"));
    // A good JSON import replaces the document.
    let json = Document::builtin("training").unwrap().to_json();
    let good = Document::import(&json, Format::Json, "training.json").unwrap();
    let after = apply(before, [replace(Replacement::Imported(good.clone()))]);
    assert_eq!(after.workspace.doc, good);
    assert!(after.workspace.checked.errors.is_empty());
}

#[test]
fn editing_a_budget_cell_sets_that_total_and_keeps_the_spread() {
    let state = State::fresh(Lang::En);
    let loaded = state.workspace.checked.loaded.clone().unwrap();
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
    let after = state.workspace.checked.loaded.clone().expect("still valid");
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
    let l = plan.workspace.checked.loaded.clone().unwrap();
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
        state.workspace.checked.errors.is_empty(),
        "{:?}",
        state.workspace.checked.errors
    );
    let shares = state.workspace.doc.shares().unwrap();
    assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!((shares[BudgetLine::Awareness.index()] - 0.2).abs() < 1e-12);
    let loaded = state.workspace.checked.loaded.clone().unwrap();
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
    let fragment = share::encode(&state.workspace.doc.to_toml());
    let opened = Document::from_saved(&share::decode(&fragment).unwrap()).unwrap();
    assert_eq!(opened, state.workspace.doc);
    let reopened = apply(State::fresh(Lang::En), [replace(Replacement::Link(opened))]);
    assert_eq!(
        reopened
            .workspace
            .checked
            .loaded
            .as_ref()
            .unwrap()
            .info
            .hash,
        state.workspace.checked.loaded.as_ref().unwrap().info.hash
    );
    // A damaged link leaves the workspace alone and says so.
    let damaged = apply(
        state.clone(),
        [Action::LinkBroken(
            share::decode("s1=AAAA").unwrap_err().text(),
        )],
    );
    assert_eq!(damaged.workspace.doc, state.workspace.doc);
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
            replace(Replacement::Builtin("training".into())),
        ],
    );
    assert_eq!(state.workspace.saved.len(), 1);
    assert_eq!(state.workspace.saved[0].name, "my-plan");
    assert_eq!(state.workspace.doc.name(), "training");
    let state = apply(state, [replace(Replacement::Saved(0))]);
    assert_eq!(state.workspace.doc.name(), "my-plan");
    // What is kept between visits round-trips.
    let p = state.persisted();
    let text = serde_json::to_string(&p).unwrap();
    assert_eq!(sasaeai::ui::web::parse_stored(Some(&text)), Ok(Some(p)));
    let state = apply(state, [Action::DeleteSaved(0)]);
    assert!(state.workspace.saved.is_empty());
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
    assert_eq!(running.run.running.as_ref().unwrap().done, 0);
    let html = render(running.clone());
    assert!(html.contains("data-testid=\"progress\""));
    assert!(html.contains("aria-valuenow=\"0\""));
    let cancelled = apply(
        running,
        [Action::Finished {
            job: 2,
            cancelled: true,
            summary: Box::new(acc),
            correlations: None,
        }],
    );
    assert!(cancelled.run.running.is_none());
    assert!(cancelled.run.results.as_ref().unwrap().cancelled);
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
        state.workspace.checked.errors.is_empty(),
        "{:?}",
        state.workspace.checked.errors
    );
    let targets = &state
        .workspace
        .checked
        .loaded
        .as_ref()
        .unwrap()
        .plan
        .targets;
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
    assert_eq!(
        targets[1].direction,
        sasaeai::scenario::plan::Direction::AtMost
    );
    assert_eq!(targets[1].threshold, 0.85);
    // A duplicate id is an error naming the target.
    let dup = apply(state, [edit(4, "id", "participants")]);
    assert!(
        dup.workspace
            .checked
            .errors
            .iter()
            .any(|e| e.path.starts_with("run.targets[4]"))
    );
    let html = render(dup);
    assert!(html.contains("data-testid=\"targets-table\""));
}

#[test]
fn a_negative_or_non_numeric_budget_amount_is_refused_with_a_message() {
    use sasaeai::ui::doc::parse_yen;
    assert_eq!(
        parse_yen("¥12,500,000", "FY2025 Training"),
        Ok(12_500_000.0)
    );
    assert_eq!(parse_yen("3400万", "x").ok(), None);
    let err = parse_yen("-5", "FY2025 Training").unwrap_err();
    assert!(
        err.en.contains("FY2025 Training") && err.en.contains("at least 0"),
        "{err:?}"
    );
    assert!(
        err.ja.contains("FY2025 Training") && err.ja.contains("0以上"),
        "{err:?}"
    );
    let before = State::fresh(Lang::En);
    let after = apply(before.clone(), [Action::BadInput(err)]);
    assert_eq!(after.workspace.doc, before.workspace.doc);
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
    let loaded = state.workspace.checked.loaded.clone().unwrap();
    let mut opt = Optimizer::new(&loaded, OptimizeSettings { ..settings }).unwrap();
    while !opt.step(1_000).unwrap() {}
    opt.report().unwrap().clone()
}

#[test]
fn the_allocation_search_runs_reports_and_opens_its_best_split() {
    use sasaeai::ui::state::optimise::{FormField, OptimiseAction};
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
    // Each line's change, and the totals: the start's own and the 2 bn asked for.
    assert!(html.contains(">change</th>"), "{html}");
    let total = between(&html, "data-testid=\"optimise-total-row\"", "</tr>");
    let money = |x: f64| sasaeai::ui::format::money(Lang::En, x);
    assert!(
        total.contains(&money(report.start.yen.total())) && total.contains(&money(2e9)),
        "{total}"
    );
    assert!(
        total.contains(&format!("+{}", money(2e9 - report.start.yen.total()))),
        "{total}"
    );

    // Opening the best split makes it the scenario being edited, and saved.
    let opened = apply(finished, [replace(Replacement::Optimised)]);
    assert_eq!(opened.workspace.doc.name(), "status-quo-optimised");
    assert!(
        opened
            .workspace
            .saved
            .iter()
            .any(|s| s.name == "status-quo-optimised")
    );
    let loaded = opened
        .workspace
        .checked
        .loaded
        .clone()
        .expect("the saved split is valid");
    assert!((loaded.plan.appropriation(0) - 2e9).abs() < 1.0);
}

#[test]
fn a_search_no_split_can_win_says_so_and_offers_an_objective_that_moves() {
    use sasaeai::ui::state::optimise::{FormField, OptimiseAction};
    // The status quo meets none of its five targets in any run: P(all) is 0
    // for every split, and the result says why and what to search instead.
    let doc = Document::builtin("status-quo").unwrap();
    let state = apply(
        State::new(Lang::En, doc, Vec::new()),
        [
            Action::WorkerReady,
            Action::ShowTool(sasaeai::ui::state::Tool::Optimise),
        ],
    );
    assert_eq!(state.optimise.form.objective, "all-targets");
    let report = small_search(&state);
    let m = report.margin.clone().expect("a probability objective");
    assert!(m.flat && m.start.value < 0.0, "{m:?}");
    let binding = m.most_binding().unwrap().target.clone();
    // The state after a search that ended with `report`, in `lang`.
    let finished_with = |lang, report: &sasaeai::sim::optimize::OptimizeReport| {
        let mut s = apply(
            state.clone(),
            [
                Action::Optimise(OptimiseAction::Started {
                    job: 1,
                    now_ms: 0.0,
                }),
                Action::Optimise(OptimiseAction::Finished {
                    job: 1,
                    progress: Default::default(),
                    report: Some(Box::new(report.clone())),
                }),
            ],
        );
        s.lang = lang;
        s
    };
    let finished = |lang| finished_with(lang, &report);
    let html = render(finished(Lang::En));
    for id in [
        "optimise-margin".to_string(),
        "optimise-binding".to_string(),
        "optimise-flat".to_string(),
        format!("optimise-use-target:{binding}"),
        "optimise-use-participants".to_string(),
    ] {
        assert!(
            html.contains(&format!("data-testid=\"{id}\"")),
            "{id}: {html}"
        );
    }
    assert!(html.contains("No run meets the objective"), "{html}");
    // A difference of probabilities is in percentage points.
    let statement = between(&html, "data-testid=\"optimise-statement\"", "</p>");
    assert!(
        statement.contains("difference 0.0 pt (95% interval 0.0 pt – 0.0 pt)"),
        "{statement}"
    );
    // Every target's probability for both splits, as in the report.
    let starts = data_values(&html, "optimise-horizon-target", "start");
    assert_eq!(starts.len(), report.horizon.targets.len());
    for (got, t) in starts.iter().zip(&report.horizon.targets) {
        assert_eq!(got.parse::<f64>().unwrap(), t.start);
    }
    assert!(!html.contains("optimise-worse"));
    // A target the best split makes less likely is pointed out.
    let mut worse = report.clone();
    worse.horizon.targets[0].start = 0.6;
    worse.horizon.targets[0].best = 0.1;
    let html_worse = render(finished_with(Lang::En, &worse));
    let notice = between(&html_worse, "data-testid=\"optimise-worse\"", "</p>");
    assert!(notice.contains("60.0 % → 10.0 %"), "{notice}");
    let ja = render(finished(Lang::Ja));
    assert!(ja.contains("目標までの余裕") && ja.contains("達成確率では配分を比べられません"));
    // The button's action: the form's objective becomes the one offered.
    let switched = apply(
        finished(Lang::En),
        [Action::Optimise(OptimiseAction::Edit(
            FormField::Objective,
            format!("target:{binding}"),
        ))],
    );
    assert!(switched.optimise.form.settings().is_ok());
    assert_eq!(
        switched.optimise.form.objective,
        format!("target:{binding}")
    );

    // Objectives that are not probabilities have no margin to report.
    let moving = apply(
        state.clone(),
        [Action::Optimise(OptimiseAction::Edit(
            FormField::Objective,
            "participants".into(),
        ))],
    );
    let report = small_search(&moving);
    assert!(report.margin.is_none());
}

#[test]
fn a_bad_search_form_names_every_field_and_blocks_the_search() {
    use sasaeai::ui::state::optimise::{FormField, OptimiseAction};
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
            .any(|p| p.en.contains("total") && p.en.contains("-5") && p.ja.contains("-5")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.en.contains("upper bound of staff")
                && p.en.contains("0 to 100")
                && p.ja.contains("staffの上限")
                && p.ja.contains("0〜100")),
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
    use sasaeai::ui::state::EquityMeasure;
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
        .workspace
        .checked
        .loaded
        .as_ref()
        .unwrap()
        .plan
        .appropriation(0);
    let after = apply(before, [replace(Replacement::Equalized)]);
    assert!(
        after.workspace.doc.name().ends_with("-equalized"),
        "{}",
        after.workspace.doc.name()
    );
    let plan = &after.workspace.checked.loaded.as_ref().expect("valid").plan;
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
    use sasaeai::report::sensitivity::{bar_sentence_plain, horizon_label};
    use sasaeai::sim::TargetMetric;
    use sasaeai::sim::sensitivity::{tornado_runs, uncertain_parameters};
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
    let plan = &state.workspace.checked.loaded.as_ref().unwrap().plan;
    let tornado = tornado_runs(plan).tornado(TargetMetric::Certified);
    assert_eq!(tornado.bars.len(), uncertain_parameters(plan).len());
    let list = html
        .split("data-testid=\"sensitivity-sentences\"")
        .nth(1)
        .unwrap();
    let list = &list[..list.find("</ol>").unwrap()];
    assert_eq!(list.matches("<li>").count(), tornado.bars.len());
    let horizon = horizon_label(plan.start_fy, plan.months(), Lang::En);
    let first = bar_sentence_plain(
        &tornado.bars[0],
        TargetMetric::Certified,
        &horizon,
        Lang::En,
    );
    let first_html = first
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(list.contains(&first_html), "{first} not in {list:.400}");
}

/// A state whose compare tab has run `runs` paired runs of the scenario
/// being edited (`current`) against `other`, done natively.
fn with_comparison(current: &str, other: &str, runs: u64, lang: Lang) -> State {
    use sasaeai::sim::compare::{PairedAccumulator, compare_range};
    use sasaeai::ui::state::Tool;
    use sasaeai::ui::state::compare::{CompareAction, CompareField};
    let doc = Document::builtin(current).unwrap();
    let state = apply(
        State::new(lang, doc, Vec::new()),
        [
            Action::WorkerReady,
            Action::ShowTool(Tool::Compare),
            Action::Compare(CompareAction::Edit(
                CompareField::Pick(1),
                format!("builtin:{other}"),
            )),
            Action::Compare(CompareAction::Edit(CompareField::Runs, runs.to_string())),
        ],
    );
    let setup = state.compare_setup().expect("a valid comparison");
    assert_eq!(setup.texts.len(), 2);
    assert_eq!(setup.runs, runs);
    let plans = &setup.plans.plans;
    let sims: Vec<Simulator> = plans.iter().map(Simulator::new).collect();
    let mut acc = PairedAccumulator::new(plans);
    compare_range(&sims, 0..runs, &mut acc, &mut Vec::new());
    apply(
        state,
        [
            Action::Compare(CompareAction::Started {
                job: 4,
                total: runs,
                plans: setup.plans.clone(),
            }),
            Action::Compare(CompareAction::Finished {
                job: 4,
                cancelled: false,
                summary: Box::new(acc),
            }),
        ],
    )
}

/// `data-<attr>` values of the elements with `testid`, in page order.
fn data_values(html: &str, testid: &str, attr: &str) -> Vec<String> {
    html.split(&format!("data-testid=\"{testid}\""))
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find('>').unwrap()];
            let key = format!("data-{attr}=\"");
            let at = tag.find(&key).map(|i| i + key.len());
            at.map(|i| tag[i..i + tag[i..].find('"').unwrap()].to_string())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn the_compare_tab_shows_paired_differences_and_the_variance_reduction() {
    use sasaeai::sim::TargetMetric;
    let state = with_comparison("status-quo", "combined-plan", 60, Lang::En);
    assert!(state.compare.running.is_none());
    assert_eq!(state.next_job, 5);
    let html = render(state.clone());
    assert!(
        html.contains("data-testid=\"compare-result\""),
        "{html:.2000}"
    );
    assert!(html.contains("data-runs=\"60\"") && html.contains("data-partial=\"false\""));

    // Target probabilities side by side, counted from the runs themselves.
    let plans: Vec<_> = ["status-quo", "combined-plan"]
        .iter()
        .map(|n| {
            let mut d = Document::builtin(n).unwrap();
            d.set_input("run.runs", "60");
            d.check().loaded.unwrap().plan
        })
        .collect();
    let targets = &plans[0].targets;
    let mut met = vec![vec![0u32; targets.len()]; 2];
    let mut participants = [Vec::new(), Vec::new()];
    for r in 0..60 {
        for (i, plan) in plans.iter().enumerate() {
            let mut out = RunResult::default();
            // The second plan is judged on the baseline's targets and seed.
            let mut aligned = plan.clone();
            aligned.targets = targets.clone();
            aligned.seed = plans[0].seed;
            Simulator::new(&aligned).run(r, &mut out);
            for (t, target) in targets.iter().enumerate() {
                if target.met(out.horizon_value(target.metric)) {
                    met[i][t] += 1;
                }
            }
            participants[i].push(out.horizon[TargetMetric::Participants.index()]);
        }
    }
    let shown: Vec<f64> = data_values(&html, "compare-probability", "probability")
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(shown.len(), 2 * targets.len());
    for (i, met) in met.iter().enumerate() {
        for (t, n) in met.iter().enumerate() {
            assert_eq!(
                shown[t * 2 + i],
                *n as f64 / 60.0,
                "target {t}, scenario {i}"
            );
        }
    }

    // Against the baseline, the difference of P(met) for each target.
    let differences: Vec<f64> = data_values(&html, "compare-p-difference", "difference")
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(differences.len(), targets.len());
    for (t, d) in differences.iter().enumerate() {
        let want = (f64::from(met[1][t]) - f64::from(met[0][t])) / 60.0;
        assert!((d - want).abs() < 1e-12, "target {t}: {d} vs {want}");
    }

    // The variance reduction factor of participants, from the runs.
    let d: Vec<f64> = participants[0]
        .iter()
        .zip(&participants[1])
        .map(|(a, b)| b - a)
        .collect();
    let var = |v: &[f64]| {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)
    };
    let vrf = (var(&participants[0]) + var(&participants[1])) / var(&d);
    let shown: f64 = data_values(&html, "compare-vrf", "vrf")[0].parse().unwrap();
    assert!((shown - vrf).abs() < 1e-6 * vrf, "{shown} vs {vrf}");
    assert!(html.contains(
        "Common random numbers narrow the 95 % interval of the difference in participants"
    ));
    // Every horizon output has a row, with P(B better than A).
    let metrics = data_values(&html, "compare-metric", "metric");
    assert_eq!(metrics.len(), TargetMetric::ALL.len());
    let better: f64 = data_values(&html, "compare-metric", "p-better")[0]
        .parse()
        .unwrap();
    assert_eq!(better, d.iter().filter(|x| **x > 0.0).count() as f64 / 60.0);
    assert!(html.contains("P(B better than A)"));
    // Cost ratios, overlaid medians and one difference fan.
    assert_eq!(data_values(&html, "compare-cost", "cost").len(), 2);
    assert!(html.contains("Cost per additional participant"));
    assert_eq!(count(&html, "<figure class=\"chart\">"), 2);

    // In Japanese too.
    let ja = render(apply(state, [Action::SetLang(Lang::Ja)]));
    assert!(ja.contains("参加者数の差") && ja.contains("分散減少率"));
    assert!(ja.contains("参加者1人増あたりの費用"));
}

#[test]
fn a_scenario_compared_with_itself_has_no_defined_cost_or_vrf() {
    let state = with_comparison("training", "training", 20, Lang::En);
    let html = render(state);
    // No difference at all: nothing to divide by, no variance to reduce.
    assert_eq!(
        data_values(&html, "compare-vrf", "vrf"),
        vec![String::new()]
    );
    assert!(html.contains("not defined (the difference in participants is below one)"));
    assert!(html.contains("not defined (the difference in participant-years is below one)"));
    assert!(html.contains("The variance reduction factor of participants is not defined"));
}

#[test]
fn a_bad_compare_form_names_the_problem_and_blocks_the_comparison() {
    use sasaeai::ui::state::Tool;
    use sasaeai::ui::state::compare::{CompareAction, CompareField};
    let doc = Document::builtin("status-quo").unwrap();
    let base = apply(
        State::new(Lang::En, doc, Vec::new()),
        [Action::WorkerReady, Action::ShowTool(Tool::Compare)],
    );
    let bad_runs = apply(
        base.clone(),
        [Action::Compare(CompareAction::Edit(
            CompareField::Runs,
            "many".into(),
        ))],
    );
    let problems = bad_runs.compare_setup().unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].en.contains("runs = \"many\"") && problems[0].en.contains("1 to 1,000,000")
    );
    let html = render(bad_runs.clone());
    assert!(html.contains("data-testid=\"compare-errors\""));
    // What was typed stays in the field.
    assert!(html.contains("value=\"many\""));
    assert!(html.contains("disabled") && html.contains("data-testid=\"compare-button\""));
    // Only one scenario picked.
    let one = apply(
        base.clone(),
        [Action::Compare(CompareAction::Edit(
            CompareField::Pick(1),
            String::new(),
        ))],
    );
    let problems = one.compare_setup().unwrap_err();
    assert!(problems[0].en.contains("at least two"), "{problems:?}");
    // A scenario with another horizon cannot be compared: the engine says why.
    let short = apply(
        base,
        [Action::SetField {
            path: "run.horizon".into(),
            text: "3".into(),
        }],
    );
    let problems = short.compare_setup().unwrap_err();
    assert!(problems[0].en.contains("same horizon"), "{problems:?}");
    assert!(problems[0].ja.contains("期間はそろえて"), "{problems:?}");
    // A comparison in progress blocks runs and other comparisons.
    let running = apply(
        one,
        [Action::Compare(CompareAction::Started {
            job: 3,
            total: 10,
            plans: with_comparison("status-quo", "training", 2, Lang::En)
                .compare_setup()
                .unwrap()
                .plans,
        })],
    );
    assert!(running.run_blocked().is_some());
    let failed = apply(
        running,
        [Action::Failed {
            job: 3,
            message: Text::new("scenario 2: broken", "シナリオ2: 壊れています"),
        }],
    );
    assert!(failed.compare.running.is_none());
    assert_eq!(
        failed.compare.error.as_ref().map(|t| t.en.as_str()),
        Some("scenario 2: broken")
    );
    assert!(failed.run_blocked().is_none());
}

#[test]
fn the_sensitivity_tab_lists_rank_correlations_of_the_last_run() {
    use sasaeai::job::Job;
    use sasaeai::job::run::{Correlations, RunInput, RunJob};
    use sasaeai::report::sensitivity::{correlation_sentence_plain, horizon_label};
    use sasaeai::sim::TargetMetric;
    use sasaeai::sim::sensitivity::uncertain_parameters;
    use sasaeai::ui::state::Tool;
    let doc = Document::builtin("combined-plan").unwrap();
    let state = apply(
        State::new(Lang::En, doc, Vec::new()),
        [
            Action::SetField {
                path: "run.runs".into(),
                text: "150".into(),
            },
            Action::ShowTool(Tool::Sensitivity),
        ],
    );
    // Before any run: the tab says how to get them.
    let html = render(state.clone());
    assert!(html.contains("Run the scenario (Results tab, stochastic mode)"));
    // The run as the worker does it.
    let input = RunInput {
        scenario: state.workspace.doc.to_toml(),
    };
    let mut job = RunJob::start(&input, None).unwrap();
    job.advance(150).unwrap();
    let samples = job.partial(true).samples.expect("samples");
    let correlations = Correlations::from_samples(job.plan(), &samples);
    let state = apply(
        state,
        [
            Action::RunStarted {
                job: 1,
                total: 150,
                now_ms: 0.0,
            },
            Action::Finished {
                job: 1,
                cancelled: false,
                summary: Box::new(job.summary().clone()),
                correlations: Some(Box::new(correlations.clone())),
            },
        ],
    );
    let html = render(state.clone());
    let plan = &state.workspace.checked.loaded.as_ref().unwrap().plan;
    let params = uncertain_parameters(plan);
    let shown = data_values(&html, "correlation-row", "parameter");
    assert_eq!(shown.len(), params.len());
    let rhos: Vec<f64> = data_values(&html, "correlation-row", "rho")
        .iter()
        .map(|r| r.parse().unwrap())
        .collect();
    // Largest |ρ| first, each the worker's value for participants.
    let k = TargetMetric::Participants.index();
    assert!(
        rhos.windows(2).all(|w| w[0].abs() >= w[1].abs()),
        "{rhos:?}"
    );
    for (name, rho) in shown.iter().zip(&rhos) {
        let sent = correlations
            .parameters
            .iter()
            .find(|p| &p.parameter == name)
            .unwrap();
        assert_eq!(sent.rho[k], Some(*rho));
    }
    // One sentence per row, as the engine words it.
    let horizon = horizon_label(plan.start_fy, plan.months(), Lang::En);
    let first = correlation_sentence_plain(
        &shown[0],
        Some(rhos[0]),
        TargetMetric::Participants,
        &horizon,
        Lang::En,
    );
    assert!(html.contains(&first), "{first}");
    assert!(first.contains(&format!("ρ = {:+.2}", rhos[0])));
    assert!(!html.contains("data-testid=\"correlations-stale\""));
    // Another output re-sorts the same runs; in Japanese too.
    let ja = render(apply(
        state.clone(),
        [
            Action::PickSensitivityOutput(TargetMetric::TotalSpending),
            Action::SetLang(Lang::Ja),
        ],
    ));
    assert!(ja.contains("モンテカルロ試行での順位相関"));
    assert_eq!(
        data_values(&ja, "correlation-row", "parameter").len(),
        params.len()
    );
    // After an edit the correlations are marked as from the last run.
    let edited = apply(
        state,
        [Action::SetField {
            path: "run.seed".into(),
            text: "99".into(),
        }],
    );
    assert!(render(edited).contains("data-testid=\"correlations-stale\""));
}

#[test]
fn correlation_sentences_say_direction_and_strength() {
    use sasaeai::report::sensitivity::correlation_sentence;
    use sasaeai::sim::TargetMetric;
    let s = |rho, metric, lang| correlation_sentence("beta_staff", rho, metric, "March 2030", lang);
    assert_eq!(
        s(Some(0.62), TargetMetric::Participants, Lang::En),
        "In futures where beta_staff was drawn higher, participants at March 2030 tended to be higher \
         (strong correlation, ρ = +0.62)."
    );
    assert!(s(Some(-0.35), TargetMetric::TotalSpending, Lang::En).contains("to be less (moderate"));
    assert!(s(Some(0.05), TargetMetric::Participants, Lang::En).contains("hardly related"));
    assert!(s(None, TargetMetric::Participants, Lang::En).contains("not defined"));
    assert!(
        s(Some(-0.2), TargetMetric::Continuation, Lang::Ja)
            .contains("低くなる傾向がありました（弱い負の相関、ρ = -0.20）")
    );
}

#[test]
fn the_my_ward_form_shows_calibration_checks_next_to_the_field_they_name() {
    use sasaeai::model::parameters::Param;
    use sasaeai::scenario::calibration::calibration_report;
    use sasaeai::ui::state::Tool;
    let state = apply(
        State::fresh(Lang::En),
        [Action::WorkerReady, Action::ShowTool(Tool::MyWard)],
    );
    // Without a [my_ward] section the tab offers where to start from.
    let html = render(state.clone());
    assert!(html.contains("data-testid=\"my-ward-start\""));
    assert!(
        html.contains("value=\"Chiyoda\""),
        "the 23 wards are offered"
    );
    let state = apply(state, [replace(Replacement::OwnWard("example".into()))]);
    let loaded = state
        .workspace
        .checked
        .loaded
        .clone()
        .expect("the example is valid");
    assert_eq!(loaded.plan.wards.len(), 1);
    let html = render(state.clone());
    let report = calibration_report(&loaded);
    assert_eq!(
        data_values(&html, "my-ward-summary", "warnings"),
        vec![report.warnings.to_string()]
    );
    for key in [
        "population",
        "participants",
        "continuation",
        "status-quo-budget-grants",
    ] {
        assert!(
            html.contains(&format!("data-testid=\"my-ward-{key}\"")),
            "{key}"
        );
    }

    // More participants than the need pool need_rate × population.
    let need_rate = loaded.plan.parameters.points().get(Param::NeedRate);
    let pool = need_rate * 250_000.0;
    assert_eq!(pool, 7_500.0);
    let too_many = apply(
        state.clone(),
        [Action::SetField {
            path: "my_ward.participants".into(),
            text: "9000".into(),
        }],
    );
    let html = render(too_many);
    let ids = data_values(&html, "calibration-check", "id");
    let fields = data_values(&html, "calibration-check", "field");
    let at = ids
        .iter()
        .position(|i| i == "need_pool")
        .expect("need_pool check");
    assert_eq!(fields[at], "my_ward.participants");
    // Shown under the participants field, before the next one.
    let field_at = html.find("data-testid=\"my-ward-participants\"").unwrap();
    let next_at = html.find("data-testid=\"my-ward-untrained\"").unwrap();
    let check_at = html.find("data-id=\"need_pool\"").unwrap();
    assert!(field_at < check_at && check_at < next_at);
    // The input names the list of its checks, so a screen reader reads
    // them with the field.
    let input = &html[..field_at];
    let input = &input[input.rfind("<input").expect("the participants input")..];
    assert!(
        input.contains("aria-describedby=\"f-my_ward-participants-checks\""),
        "{input}"
    );
    let list = &html[html
        .find("id=\"f-my_ward-participants-checks\"")
        .expect("the list")..];
    assert!(list.find("data-id=\"need_pool\"").expect("its check") < list.find("</ul>").unwrap());
    // In plain words: the parameter's name, not its id.
    assert!(html.contains(
        "more participants than the need pool “Share of residents in need” × population = 0.03 × 250,000 = 7,500"
    ));
    assert!(!html.contains("need_rate ×"));

    // A value that is not a number: the field names itself, the value and
    // what is allowed; what was typed stays; nothing else breaks.
    let typo = apply(
        state.clone(),
        [Action::SetField {
            path: "my_ward.population".into(),
            text: "lots".into(),
        }],
    );
    assert!(typo.workspace.checked.loaded.is_none());
    assert!(typo.run_blocked().is_some());
    let html = render(typo.clone());
    assert!(
        html.contains("my_ward.population = &quot;lots&quot;")
            || html.contains("my_ward.population = \"lots\""),
        "{}",
        &html[html.find("my-ward-population").unwrap()..][..600]
    );
    assert!(html.contains("from 1 to 1,000,000,000"));
    assert!(html.contains("value=\"lots\""));
    assert!(html.contains("Fix the fields marked below to see the calibration checks."));
    // A continuation above 1.
    let html = render(apply(
        state.clone(),
        [Action::SetField {
            path: "my_ward.continuation".into(),
            text: "1.5".into(),
        }],
    ));
    assert!(html.contains("my_ward.continuation = 1.5"));
    assert!(html.contains("from 0.05 to 1"));

    // Japanese headlines.
    let ja = render(apply(
        state,
        [
            Action::SetField {
                path: "my_ward.participants".into(),
                text: "9000".into(),
            },
            Action::SetLang(Lang::Ja),
        ],
    ));
    assert!(ja.contains("警告: 参加者数が需要人口を超えています"));

    // Starting from a ward of the built-in data: its figures, one ward.
    let chiyoda = apply(
        State::fresh(Lang::En),
        [replace(Replacement::OwnWard("Chiyoda".into()))],
    );
    assert_eq!(chiyoda.workspace.doc.name(), "my-ward-chiyoda");
    let status_quo = Document::builtin("status-quo")
        .unwrap()
        .check()
        .loaded
        .unwrap();
    let record = status_quo
        .ward_data
        .wards
        .iter()
        .find(|w| w.name == "Chiyoda")
        .unwrap();
    let own = chiyoda.workspace.checked.loaded.as_ref().expect("valid");
    assert_eq!(own.plan.wards.len(), 1);
    assert_eq!(
        own.plan.wards[0].initial.participants,
        record.participants.round()
    );
    assert_eq!(own.plan.wards[0].population, record.population.round());
}

/// From the tag holding `start` to the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let from = html[..at].rfind('<').unwrap_or(at);
    let rest = &html[from..];
    let to = rest.find(end).map(|i| i + end.len()).unwrap_or(rest.len());
    &rest[..to]
}

#[test]
fn presentation_slides_show_every_target_probability_with_a_sentence() {
    use sasaeai::ui::view;
    let (state, _) = with_results("combined-plan", 200, Lang::En);
    let report = state.run.results.clone().unwrap().report.clone();
    let n = 2 + report.targets.len() + 3;
    // Without presenting there is no overlay.
    assert!(!render(state.clone()).contains("data-testid=\"presentation\""));
    let first = apply(state.clone(), [Action::Present(0)]);
    assert_eq!(first.presenting, Some(0));
    let html = render(first);
    let overlay = between(&html, "data-testid=\"presentation\"", "</nav>");
    assert!(
        overlay.contains("role=\"dialog\"") && overlay.contains("aria-modal=\"true\""),
        "{}",
        &overlay[..overlay.len().min(400)]
    );
    assert!(overlay.contains(&format!("1 / {n}")), "no slide counter");
    for id in ["slide", "present-prev", "present-next", "present-exit"] {
        assert!(
            overlay.contains(&format!("data-testid=\"{id}\"")),
            "no {id}"
        );
    }
    assert!(overlay.contains("Will “"), "no question on the first slide");
    for (k, t) in report.targets.iter().enumerate() {
        let html = render(apply(state.clone(), [Action::Present(2 + k)]));
        let slide = between(&html, "data-testid=\"slide\"", "</section>");
        let card = view::target_card(Lang::En, t, report.runs, report.start_fy, 5);
        assert!(
            slide.contains(&format!(
                "data-target=\"{}\" data-probability=\"{}\"",
                t.id, t.probability
            )),
            "slide {k} lacks the probability of {}",
            t.id
        );
        assert!(slide.contains(&sasaeai::ui::format::percent(t.probability, 0)));
        assert!(slide.contains(&card.statement), "slide {k}: no statement");
    }
    // The fan chart, the spending chart and the equity map are SVG slides;
    // past the end is the last slide.
    let fan = render(apply(state.clone(), [Action::Present(n - 3)]));
    assert!(between(&fan, "data-testid=\"slide\"", "</section>").contains("<svg"));
    let last = apply(state.clone(), [Action::Present(999)]);
    assert_eq!(last.presenting, Some(n - 1));
    // Steps count from the state, so presses faster than a redraw all count;
    // they stop at either end.
    let stepped = apply(
        state.clone(),
        [
            Action::Present(0),
            Action::PresentStep(1),
            Action::PresentStep(1),
        ],
    );
    assert_eq!(stepped.presenting, Some(2));
    let back = apply(stepped, [Action::PresentStep(-5)]);
    assert_eq!(back.presenting, Some(0));
    let end = apply(back, [Action::PresentStep(isize::MAX)]);
    assert_eq!(end.presenting, Some(n - 1));
    assert_eq!(
        apply(state.clone(), [Action::PresentStep(1)]).presenting,
        None
    );
    let spending = render(apply(state.clone(), [Action::Present(n - 2)]));
    let slide = between(&spending, "data-testid=\"slide\"", "</section>");
    assert!(slide.contains("Spending against the appropriation") && slide.contains("<svg"));
    let html = render(last);
    let slide = between(&html, "data-testid=\"slide\"", "</section>");
    assert!(slide.contains("Equity across wards") && slide.contains("<svg"));
    assert!(
        slide.contains("role=\"note\"") && slide.contains("ILLUSTRATIVE DATA"),
        "no data banner on the equity slide"
    );
    assert!(html.contains(&format!("{n} / {n}")));
    // Leaving closes the overlay; without results nothing is presented.
    let left = apply(state, [Action::Present(1), Action::StopPresenting]);
    assert_eq!(left.presenting, None);
    assert_eq!(
        apply(State::fresh(Lang::En), [Action::Present(0)]).presenting,
        None
    );
}

#[test]
fn presentation_in_japanese_asks_the_question_and_compares_plans() {
    let (state, _) = with_results("combined-plan", 100, Lang::Ja);
    let html = render(apply(state, [Action::Present(0)]));
    let slide = between(&html, "data-testid=\"slide\"", "</section>");
    assert!(slide.contains("問い") && slide.contains("令和12年3月までに目標を達成できるか"));
    assert!(html.contains("次へ") && html.contains("終了（Esc）"));
    // With a finished comparison the plans slide holds each plan's probabilities.
    let compared = with_comparison("status-quo", "combined-plan", 60, Lang::En);
    let compared = with_results_of(compared, 60);
    let html = render(apply(compared.clone(), [Action::Present(1)]));
    let slide = between(&html, "data-testid=\"slide\"", "</section>");
    assert!(slide.contains("The plans compared"), "{slide}");
    let result = compared.compare.result.clone().unwrap();
    for t in &result.report.targets {
        for p in &t.probabilities {
            assert!(slide.contains(&sasaeai::ui::format::percent(*p, 0)));
        }
        // The second plan's cell also says how many points it is above or
        // below the first, on the same futures.
        let p = t.probabilities[1];
        let d = t.differences[0].met.expect("counted").value;
        let cell = format!(
            "{} ({})",
            sasaeai::ui::format::percent(p, 0),
            sasaeai::ui::format::signed_points(Lang::En, d, 0)
        );
        assert!(slide.contains(&cell), "no {cell}: {slide}");
    }
    assert!(slide.contains("points above or below the first plan"));
    for s in &result.report.scenarios {
        assert!(slide.contains(&s.title), "no {}", s.title);
    }
}

#[test]
fn the_printed_report_has_the_stamp_targets_wards_and_every_parameter() {
    let (state, _) = with_results("combined-plan", 200, Lang::En);
    let results = state.run.results.clone().unwrap();
    let report = &results.report;
    let html = render(state);
    let body = between(&html, "data-testid=\"print-report-body\"", "</article>");
    let stamp = between(body, "data-testid=\"print-stamp\"", "</footer>");
    let want = format!(
        "model v{} · seed {} · 200 runs · stochastic (uncertain) · #{}",
        report.model_version, report.seed, report.scenario.hash
    );
    assert!(stamp.contains(&want), "stamp: {stamp}");
    assert_eq!(report.scenario.hash.len(), 16);
    // The share link, printed once (not in the stamp), reproduces the
    // scenario that was run.
    assert!(!stamp.contains("#s1="), "share link in the stamp: {stamp}");
    assert_eq!(count(body, "#s1="), 1);
    let shared = between(body, "data-testid=\"report-share-link\"", "</p>");
    let link_at = shared.find("#s1=").expect("no share link");
    let link: String = shared[link_at..]
        .chars()
        .take_while(|c| !"<\" ".contains(*c))
        .collect();
    assert_eq!(share::decode(&link).unwrap(), results.scenario_toml);
    assert!(shared.contains("http://127.0.0.1:8080/#s1="));
    assert_eq!(
        count(body, "data-testid=\"report-target\""),
        report.targets.len()
    );
    for t in &report.targets {
        assert!(body.contains(&format!(
            "data-target=\"{}\" data-probability=\"{}\"",
            t.id, t.probability
        )));
    }
    let wards = between(body, "data-testid=\"report-wards\"", "</table>");
    assert_eq!(count(wards, "<tr>") - 1, report.wards.len());
    assert!(wards.contains("Chiyoda") && wards.contains("Edogawa"));
    assert!(count(body, "class=\"report-chart\"") >= 5);
    let appendix = between(body, "data-testid=\"report-appendix\"", "</table>");
    assert_eq!(
        count(appendix, "data-testid=\"appendix-parameter\""),
        sasaeai::model::parameters::Param::COUNT
    );
    for e in &report.resolved.parameter_details {
        let row = between(appendix, &format!("data-parameter=\"{}\"", e.name), "</tr>");
        assert!(row.contains(&format!("data-origin=\"{}\"", e.origin.key())));
        assert!(row.contains(e.description_en), "{}", e.name);
        assert!(row.contains(&e.distribution.to_string()), "{}", e.name);
    }
    assert!(body.contains("Unit costs") && body.contains("¥8.5 M"));
    // The dashboard offers the report and the slides.
    assert!(html.contains("data-testid=\"print-report\""));
    assert!(html.contains("data-testid=\"present\""));
}

#[test]
fn the_printed_report_in_japanese_uses_oku_yen_and_japanese_labels() {
    let (state, _) = with_results("status-quo", 50, Lang::Ja);
    let html = render(state);
    let body = between(&html, "data-testid=\"print-report-body\"", "</article>");
    assert!(body.contains("予測報告書"));
    assert!(body.contains("乱数シード") && body.contains("試行 50回"));
    assert!(body.contains("12.80億円"));
    assert!(body.contains("付録：すべての前提条件"));
    assert!(body.contains("提言") && body.contains("仮定"));
    assert!(body.contains("千代田区"));
}

#[test]
fn the_model_page_lists_every_parameter_with_its_origin_and_the_brief_figure() {
    use sasaeai::model::parameters::Param;
    for lang in [Lang::En, Lang::Ja] {
        let state = apply(
            State::fresh(lang),
            [Action::ShowTool(sasaeai::ui::state::Tool::Model)],
        );
        let html = render(state);
        let page = between(&html, "data-testid=\"model-page\"", "</section>");
        assert_eq!(count(page, "data-testid=\"model-parameter\""), Param::COUNT);
        for p in Param::ALL {
            let spec = p.spec();
            let row = between(page, &format!("data-parameter=\"{}\"", spec.name), "</tr>");
            assert!(row.contains(&format!("data-origin=\"{}\"", spec.origin.key())));
            assert!(row.contains(spec.default_distribution), "{}", spec.name);
            let description = match lang {
                Lang::En => spec.description_en,
                Lang::Ja => spec.description_ja,
            };
            assert!(row.contains(description), "{}", spec.name);
        }
        // Equations of §4–6 are there as text.
        assert!(page.contains("c = clamp(c0 + beta_tau·(τ − τ_ref)"));
        assert!(page.contains("capacity = min(caseload · S, site_capacity · bases)"));
        assert!(page.contains("dA = aw_gain"));
        assert!(
            page.contains("clamp((metric − floor) / (target − floor), 0, 1)")
                || page.contains("clamp((指標 − 下限) / (目標 − 下限), 0, 1)")
        );
        let sup = between(page, "data-parameter=\"sup_cont_certified\"", "</tr>");
        match lang {
            Lang::En => {
                assert!(page.contains("How the model works"));
                assert!(sup.contains("89.3 %") && sup.contains("brief"));
                let need = between(page, "data-parameter=\"need_rate\"", "</tr>");
                assert!(need.contains("none (model assumption)") && need.contains("assumption"));
            }
            Lang::Ja => {
                assert!(page.contains("モデルの説明"));
                assert!(sup.contains("89.3%") && sup.contains("提言"));
            }
        }
    }
}

/// `state` after a run of `runs` runs of its current scenario.
fn with_results_of(state: State, runs: u64) -> State {
    let state = apply(
        state,
        [Action::SetField {
            path: "run.runs".into(),
            text: runs.to_string(),
        }],
    );
    let loaded = state.workspace.checked.loaded.clone().expect("valid");
    let mut acc = Accumulator::new(&loaded.plan);
    run_range(
        &Simulator::new(&loaded.plan),
        0..runs,
        &mut acc,
        &mut RunResult::default(),
    );
    apply(
        state,
        [
            Action::RunStarted {
                job: 9,
                total: runs,
                now_ms: 0.0,
            },
            Action::Finished {
                job: 9,
                cancelled: false,
                summary: Box::new(acc),
                correlations: None,
            },
        ],
    )
}

#[test]
fn the_printed_report_waits_for_the_run_to_end() {
    let doc = Document::builtin("status-quo").unwrap();
    let state = apply(
        State::new(Lang::En, doc, Vec::new()),
        [
            Action::SetField {
                path: "run.runs".into(),
                text: "40".into(),
            },
            Action::WorkerReady,
        ],
    );
    let loaded = state.workspace.checked.loaded.clone().unwrap();
    let mut acc = Accumulator::new(&loaded.plan);
    run_range(
        &Simulator::new(&loaded.plan),
        0..20,
        &mut acc,
        &mut RunResult::default(),
    );
    let partial = apply(
        state,
        [
            Action::RunStarted {
                job: 1,
                total: 40,
                now_ms: 0.0,
            },
            Action::Progress {
                job: 1,
                done: 20,
                summary: Box::new(acc.clone()),
                now_ms: 1.0,
            },
        ],
    );
    assert!(partial.run.results.as_ref().is_some_and(|r| r.partial));
    assert!(!render(partial.clone()).contains("print-report-body"));
    let done = apply(
        partial,
        [Action::Finished {
            job: 1,
            cancelled: true,
            summary: Box::new(acc),
            correlations: None,
        }],
    );
    let html = render(done);
    assert!(
        between(&html, "data-testid=\"print-stamp\"", "</footer>").contains("seed 1 · 20 runs")
    );
}

#[test]
fn warnings_and_check_details_are_shown_in_the_interface_language() {
    use sasaeai::ui::state::Tool;
    // The ward example lists no targets: a warning says how they are set.
    let state = apply(
        State::fresh(Lang::Ja),
        [
            Action::WorkerReady,
            replace(Replacement::OwnWard("example".into())),
        ],
    );
    let state = apply(
        with_results_of(state, 20),
        [Action::ShowTool(Tool::Results)],
    );
    let report = &state.run.results.as_ref().expect("results").report;
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let warning = report.warnings[0].clone();
    let ja = render(state.clone());
    // In plain words: "targets", not the file's [[run.targets]].
    assert!(
        ja.contains("目標の指定がないため、提言の目標を区に合わせて換算しました。参加者1050人以上"),
        "{}",
        warning.ja()
    );
    assert!(ja.contains(&sasaeai::ui::my_ward::plain_words(Lang::Ja, &warning.ja())));
    // The dashboard's warnings say it in plain words (the file's name of
    // the field stays in the tooltip, in English).
    let shown = ja
        .split("<details class=\"warnings\">")
        .nth(1)
        .expect("the dashboard's warnings");
    let shown = &shown[..shown.find("</details>").unwrap()];
    assert!(!shown.contains("[[run.targets]]の指定"), "{shown}");
    assert!(!ja.contains("no targets given"));
    let en = render(apply(state, [Action::SetLang(Lang::En)]));
    assert!(en.contains("no targets given: the brief"));
    assert!(en.contains("to the ward — participants ≥ 1050 (+50 %, as 42,600 / 28,400)"));
    assert!(!en.contains(&warning.ja()));

    // The detail of a calibration check of the ward's figures too.
    let too_many = apply(
        State::fresh(Lang::Ja),
        [
            replace(Replacement::OwnWard("example".into())),
            Action::ShowTool(Tool::MyWard),
            Action::SetField {
                path: "my_ward.participants".into(),
                text: "9000".into(),
            },
        ],
    );
    let ja = render(too_many.clone());
    assert!(ja.contains(
        "「参加者数」 = 9,000：参加者数が需要人口「支援を必要とする住民の割合」 × 人口 = 0.03 × 250,000 = 7,500を超えています"
    ));
    assert!(!ja.contains("more participants than the need pool"));
    let en = render(apply(too_many, [Action::SetLang(Lang::En)]));
    assert!(en.contains(
        "“Participants” = 9,000: more participants than the need pool “Share of residents in need” × population = 0.03 × 250,000 = 7,500"
    ));
}

/// A store with a quota in bytes (keys and values), failing as the
/// browser's localStorage does: a write that does not fit changes nothing.
#[derive(Default)]
struct QuotaStore {
    items: std::collections::BTreeMap<String, String>,
    quota: usize,
}

impl QuotaStore {
    fn used(&self) -> usize {
        self.items.iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

impl Store for QuotaStore {
    fn get(&self, key: &str) -> Option<String> {
        self.items.get(key).cloned()
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), NotSaved> {
        let old = self.items.get(key).map_or(0, |v| key.len() + v.len());
        if self.used() - old + key.len() + value.len() > self.quota {
            return Err(NotSaved::Full);
        }
        self.items.insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&mut self, key: &str) {
        self.items.remove(key);
    }
}

fn workspace(state: &State) -> String {
    serde_json::to_string(&state.persisted()).unwrap()
}

#[test]
fn a_save_that_does_not_fit_keeps_the_copy_saved_before_whole() {
    let first = State::fresh(Lang::Ja);
    let mut store = QuotaStore {
        quota: workspace(&first).len() + STORAGE_KEY.len() + 40,
        ..QuotaStore::default()
    };
    assert_eq!(save_to(&mut store, &first.persisted(), 1.0), Ok(()));
    // A longer description no longer fits.
    let edited = apply(
        first.clone(),
        [Action::SetField {
            path: "description_ja".into(),
            text: "区の実データで確かめる前の案".repeat(10),
        }],
    );
    assert_eq!(
        save_to(&mut store, &edited.persisted(), 2.0),
        Err(NotSaved::Full)
    );
    assert_eq!(
        store.get(STORAGE_KEY),
        Some(workspace(&first)),
        "the copy saved before was touched"
    );
    assert_eq!(store.items.len(), 1, "{:?}", store.items.keys());
    // Room again (a filler removed, say): the next save writes it.
    store.quota *= 2;
    assert_eq!(save_to(&mut store, &edited.persisted(), 3.0), Ok(()));
    assert_eq!(store.get(STORAGE_KEY), Some(workspace(&edited)));
}

#[test]
fn a_damaged_entry_is_copied_before_it_is_cleared_and_stays_when_it_cannot_be() {
    let state = State::fresh(Lang::En);
    let damaged = "{not a workspace";
    // No room for a copy: the entry stays where it is, and autosave does
    // not write over it.
    let mut full = QuotaStore {
        quota: STORAGE_KEY.len() + damaged.len() + 10,
        ..QuotaStore::default()
    };
    full.set(STORAGE_KEY, damaged).unwrap();
    assert_eq!(load_from(&mut full, 7.0), Stored::Damaged { kept_as: None });
    assert_eq!(full.get(STORAGE_KEY).as_deref(), Some(damaged));
    assert_eq!(
        save_to(&mut full, &state.persisted(), 8.0),
        Err(NotSaved::Full)
    );
    assert_eq!(full.get(STORAGE_KEY).as_deref(), Some(damaged));
    assert_eq!(full.items.len(), 1);
    // With room: copied first, then cleared; the next save writes anew.
    let mut roomy = QuotaStore {
        quota: 1 << 20,
        ..QuotaStore::default()
    };
    roomy.set(STORAGE_KEY, damaged).unwrap();
    let kept = format!("{STORAGE_KEY}.damaged.7");
    assert_eq!(
        load_from(&mut roomy, 7.0),
        Stored::Damaged {
            kept_as: Some(kept.clone())
        }
    );
    assert_eq!(roomy.get(&kept).as_deref(), Some(damaged));
    assert_eq!(roomy.get(STORAGE_KEY), None);
    assert_eq!(save_to(&mut roomy, &state.persisted(), 9.0), Ok(()));
    assert_eq!(roomy.get(&kept).as_deref(), Some(damaged));
    // A damaged entry that appears later is set aside before a save too.
    roomy.set(STORAGE_KEY, damaged).unwrap();
    assert_eq!(save_to(&mut roomy, &state.persisted(), 10.0), Ok(()));
    assert_eq!(
        roomy.get(&format!("{STORAGE_KEY}.damaged.10")).as_deref(),
        Some(damaged)
    );
    assert_eq!(roomy.get(STORAGE_KEY), Some(workspace(&state)));
}

#[test]
fn a_failed_autosave_is_said_with_what_to_do_until_a_save_works() {
    let state = Rc::new(State::fresh(Lang::Ja));
    // A save that works changes nothing (the same state, nothing redrawn).
    assert!(Rc::ptr_eq(
        &state.clone().reduce(Action::Autosaved(true)),
        &state
    ));
    let failed = state.reduce(Action::Autosaved(false));
    assert!(failed.workspace.save_failed);
    assert!(Rc::ptr_eq(
        &failed.clone().reduce(Action::Autosaved(false)),
        &failed
    ));
    let ja = render((*failed).clone());
    assert!(ja.contains("data-testid=\"save-failed\""));
    assert!(ja.contains("保存領域がいっぱい"), "no message in Japanese");
    assert!(ja.contains("シナリオファイルを書き出してください"));
    assert!(
        ja.contains("シナリオを書き出す（TOML）"),
        "no export button"
    );
    let en = render(apply((*failed).clone(), [Action::SetLang(Lang::En)]));
    assert!(en.contains("could not be saved in this browser"));
    assert!(en.contains("What was saved before them is kept unchanged."));
    let again = failed.reduce(Action::Autosaved(true));
    assert!(!again.workspace.save_failed);
    let html = render((*again).clone());
    assert!(!html.contains("data-testid=\"save-failed\""));
    assert!(html.contains("このブラウザへの保存が再びできるようになりました。"));
}

#[test]
fn automatic_entries_are_named_capped_and_never_displace_saved_ones() {
    assert_eq!(
        Msg::BeforeReplacing.fill(
            Lang::Ja,
            &[("title", &"現状維持"), ("at", &"2025-06-14 15:32")]
        ),
        "置き換え前: 現状維持（2025-06-14 15:32）"
    );
    assert_eq!(
        Msg::BeforeReplacing.fill(
            Lang::En,
            &[("title", &"Status quo"), ("at", &"2025-06-14 15:32")]
        ),
        "Before replacing: Status quo (2025-06-14 15:32)"
    );
    let mine = SavedScenario {
        name: "my-plan".into(),
        toml: "name = \"my-plan\"\n".into(),
        automatic: false,
    };
    let mut saved = vec![mine.clone()];
    // Already in the list: nothing added, the entry that holds it named.
    assert_eq!(
        keep_before_replacing(&mut saved, mine.toml.clone(), "x"),
        "my-plan"
    );
    assert_eq!(saved.len(), 1);
    // Twice the cap of different workspaces, some at the same minute.
    for i in 0..2 * MAX_AUTOMATIC {
        let name = format!("Before replacing: plan ({})", i / 2);
        let kept = keep_before_replacing(&mut saved, format!("runs = {i}\n"), &name);
        let entry = saved.last().unwrap();
        assert_eq!(
            (entry.name.as_str(), entry.automatic),
            (kept.as_str(), true)
        );
        assert_eq!(entry.toml, format!("runs = {i}\n"));
    }
    assert_eq!(saved.len(), 1 + MAX_AUTOMATIC);
    assert_eq!(saved[0], mine, "an entry the user saved was removed");
    // The newest are kept, oldest first, and names are unique.
    let tomls: Vec<&str> = saved[1..].iter().map(|x| x.toml.as_str()).collect();
    let newest: Vec<String> = (MAX_AUTOMATIC..2 * MAX_AUTOMATIC)
        .map(|i| format!("runs = {i}\n"))
        .collect();
    assert_eq!(tomls, newest);
    let names: std::collections::BTreeSet<&str> = saved.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names.len(), saved.len(), "{saved:?}");
    assert!(saved.iter().any(|x| x.name.ends_with(" #2")), "{saved:?}");
    // The flag round-trips; the user's entries are written as before.
    let text = serde_json::to_string(&saved).unwrap();
    assert_eq!(
        serde_json::from_str::<Vec<SavedScenario>>(&text).unwrap(),
        saved
    );
    assert_eq!(
        serde_json::to_string(&mine).unwrap(),
        r#"{"name":"my-plan","toml":"name = \"my-plan\"\n"}"#
    );
}

/// The fresh workspace with its runs and title edited.
fn edited_workspace(lang: Lang) -> State {
    apply(
        State::fresh(lang),
        [
            Action::SetField {
                path: "run.runs".into(),
                text: "4321".into(),
            },
            Action::SetField {
                path: "title".into(),
                text: "Plan for the council".into(),
            },
            Action::SetField {
                path: "title_ja".into(),
                text: "議会向けの案".into(),
            },
        ],
    )
}

#[test]
fn every_replacement_keeps_the_edited_workspace_and_undo_brings_it_back() {
    let link = Document::builtin("training").unwrap();
    let file = Document::import(
        r#"{"schema_version": 1, "name": "imported-plan", "run": {"runs": 300, "seed": 3}}"#,
        Format::Json,
        "plan.json",
    )
    .unwrap();
    let with_saved = |mut s: State| {
        s.workspace.saved.push(SavedScenario {
            name: "mine".into(),
            toml: Document::builtin("combined-plan").unwrap().to_toml(),
            automatic: false,
        });
        s
    };
    for (by, opened) in [
        (Replacement::Link(link.clone()), "training"),
        (Replacement::Imported(file.clone()), "imported-plan"),
        (Replacement::Builtin("training".into()), "training"),
        (Replacement::OwnWard("example".into()), "my-ward"),
        (Replacement::Saved(0), "combined-plan"),
        (Replacement::Equalized, "status-quo-edited-equalized"),
    ] {
        let before = with_saved(edited_workspace(Lang::Ja));
        // The edits are saved nowhere: the app asks first, and keeping
        // editing changes nothing.
        let asked = apply(before.clone(), [replace(by.clone())]);
        assert_eq!(asked.workspace.doc, before.workspace.doc, "{by:?}");
        assert!(render(asked.clone()).contains("data-testid=\"confirm-replace-dialog\""));
        let kept = apply(asked.clone(), [Action::CancelReplace]);
        assert!(kept.confirm.is_none());
        assert_eq!(kept.workspace.doc, before.workspace.doc, "{by:?}");
        assert_eq!(kept.workspace.saved, before.workspace.saved, "{by:?}");
        let after = apply(asked, [Action::ConfirmReplace]);
        assert_eq!(after.workspace.doc.name(), opened, "{by:?}");
        let entry = after.workspace.saved.last().unwrap();
        assert_eq!(
            (entry.name.as_str(), entry.automatic),
            ("置き換え前: 議会向けの案（2025-06-14 15:32）", true),
            "{by:?}"
        );
        assert_eq!(entry.toml, before.workspace.doc.to_toml(), "{by:?}");
        let html = render(after.clone());
        assert!(
            html.contains("元のシナリオは保存一覧に「置き換え前: 議会向けの案（2025-06-14 15:32）」として残してあります。"),
            "{by:?}"
        );
        assert!(html.contains("data-testid=\"undo-replace\""), "{by:?}");
        assert_eq!(count(&html, "data-testid=\"notice-replaced\""), 1);
        let undone = apply(
            after,
            [Action::Undo {
                at: "2025-06-14 15:40".into(),
            }],
        );
        assert_eq!(undone.workspace.doc, before.workspace.doc, "{by:?}");
        assert_eq!(
            undone.workspace.checked.loaded.as_ref().unwrap().plan.runs,
            4321,
            "{by:?}"
        );
        // Undo replaced the opened scenario; it is offered no further.
        assert!(undone.workspace.undo.is_none());
        assert!(!render(undone).contains("data-testid=\"undo-replace\""));
    }
}

#[test]
fn replacing_an_unchanged_builtin_keeps_nothing_but_can_be_undone() {
    let fresh = State::fresh(Lang::En);
    let after = apply(
        fresh.clone(),
        [replace(Replacement::Builtin("training".into()))],
    );
    assert!(
        after.workspace.saved.is_empty(),
        "{:?}",
        after.workspace.saved
    );
    let html = render(after.clone());
    assert!(html.contains("Opened the built-in scenario."));
    assert!(!html.contains("kept in the saved list"));
    // Replacing again: one notice, the latest.
    let again = apply(after, [replace(Replacement::Builtin("status-quo".into()))]);
    assert_eq!(
        count(&render(again.clone()), "data-testid=\"notice-replaced\""),
        1
    );
    let undone = apply(again, [Action::Undo { at: "x".into() }]);
    assert_eq!(undone.workspace.doc, Document::builtin("training").unwrap());
    // Edited, then replaced twice with the same content: one entry.
    let edited = edited_workspace(Lang::En);
    let twice = apply(
        edited.clone(),
        [
            replace(Replacement::Builtin("training".into())),
            Action::ConfirmReplace,
            Action::Undo { at: "x".into() },
            // Kept in the saved list now: replacing again does not ask.
            replace(Replacement::Builtin("training".into())),
        ],
    );
    let kept: Vec<_> = twice
        .workspace
        .saved
        .iter()
        .filter(|x| x.toml == edited.workspace.doc.to_toml())
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", twice.workspace.saved);
    assert_eq!(
        kept[0].name,
        "Before replacing: Plan for the council (2025-06-14 15:32)"
    );
}

/// A state that has compared the structures of `name` over `runs` paired
/// runs, done natively, after `edits`.
fn with_structures(name: &str, runs: u64, lang: Lang) -> State {
    use sasaeai::job::Job;
    use sasaeai::job::structure::StructureJob;
    use sasaeai::ui::state::{StructureAction, Tool};
    let state = apply(
        State::new(lang, Document::builtin(name).unwrap(), Vec::new()),
        [Action::WorkerReady, Action::ShowTool(Tool::Sensitivity)],
    );
    let loaded = state.workspace.checked.loaded.clone().expect("valid");
    let mut job = StructureJob::from_plan(&loaded.plan, 0..runs);
    while !job.finished() {
        job.advance(u64::MAX).unwrap();
    }
    apply(
        state.clone(),
        [
            Action::Structure(StructureAction::Started {
                job: 9,
                loaded: Rc::new(loaded),
                toml: state.workspace.doc.to_toml(),
                runs,
            }),
            Action::Structure(StructureAction::Finished {
                job: 9,
                cancelled: false,
                summaries: job.partial(true),
            }),
        ],
    )
}

#[test]
fn the_sensitivity_tab_shows_every_structure_with_a_sentence_and_says_what_decides() {
    let state = with_structures("combined-plan", 300, Lang::Ja);
    assert!(state.structure.running.is_none());
    let report = &state.structure.result.as_ref().expect("a result").report;
    let html = render(state.clone());
    let keys = data_values(&html, "structure-row", "key");
    let expected: Vec<String> = sasaeai::sim::structure::Structure::all()
        .iter()
        .map(|s| s.key())
        .collect();
    assert_eq!(keys, expected);
    assert_eq!(keys[4], "without_leader_groups");
    // One sentence per row, in Japanese, and the mechanism the headline
    // rests on (docs/model.md §9.7: certified supporters' groups) named.
    let sentences = html
        .split("data-testid=\"structure-sentences\"")
        .nth(1)
        .expect("sentences");
    let sentences = &sentences[..sentences.find("</ol>").unwrap()];
    assert_eq!(sentences.matches("<li>").count(), 8);
    assert!(sentences.contains("の達成確率は"), "{sentences}");
    let lead = html
        .split("data-testid=\"structure-lead\"")
        .nth(1)
        .expect("a lead sentence");
    assert!(lead.contains("「修了者が運営するグループ」"), "{lead:.400}");
    let without_leaders = &report.structures[4].targets[0];
    let all = &report.structures[0].targets[0];
    assert!(all.probability - without_leaders.probability > 0.2);
    assert!(!html.contains("data-testid=\"structure-stale\""));

    // An edit makes the shown comparison stale, and says so.
    let edited = apply(
        state,
        [Action::SetField {
            path: "run.seed".into(),
            text: "8".into(),
        }],
    );
    assert!(render(edited).contains("data-testid=\"structure-stale\""));
}

#[test]
fn the_model_panel_switches_mechanisms_and_version_and_marks_unused_parameters() {
    use sasaeai::model::{Mechanism, Mechanisms, ModelSpec};
    let state = apply(
        State::new(
            Lang::Ja,
            Document::builtin("combined-plan").unwrap(),
            Vec::new(),
        ),
        [Action::SetModel(ModelSpec::v2(
            Mechanisms::ALL_ON.without(Mechanism::Crowding),
        ))],
    );
    let toml = state.workspace.doc.to_toml();
    assert!(
        toml.contains("[model.mechanisms]") && toml.contains("crowding = false"),
        "{toml}"
    );
    let plan = &state.workspace.checked.loaded.as_ref().expect("valid").plan;
    assert!(!plan.model.mechanisms.crowding && plan.model.mechanisms.online);
    let html = render(state.clone());
    assert!(html.contains("data-testid=\"model-settings\""));
    // The crowding parameters are marked as unused, the others are not.
    let unused: Vec<&str> = html
        .split("<tr data-parameter=\"")
        .skip(1)
        .map(|r| &r[..r.find('>').unwrap()])
        .filter(|tag| tag.contains("class=\"unused\""))
        .map(|tag| &tag[..tag.find('"').unwrap()])
        .collect();
    assert_eq!(
        unused,
        ["beta_staff", "staff_half", "beta_crowd", "beta_sat_crowd"]
    );

    // Version 1 takes no switches: they are removed, and the scenario stays valid.
    let v1 = apply(state, [Action::SetModel(ModelSpec::V1)]);
    let toml = v1.workspace.doc.to_toml();
    assert!(
        toml.contains("version = 1") && !toml.contains("mechanisms"),
        "{toml}"
    );
    assert!(v1.workspace.checked.errors.is_empty());
    assert_eq!(
        v1.workspace.checked.loaded.as_ref().unwrap().plan.model,
        ModelSpec::V1
    );
    // And back to the default: no [model] table at all.
    let v2 = apply(v1, [Action::SetModel(ModelSpec::V2)]);
    assert!(!v2.workspace.doc.to_toml().contains("[model"));
}

/// The summaries of all runs of the scenario being edited in `state`.
fn summary_of(state: &State) -> Box<Accumulator> {
    let plan = &state.workspace.checked.loaded.as_ref().expect("valid").plan;
    let mut acc = Accumulator::new(plan);
    run_range(
        &Simulator::new(plan),
        0..plan.runs,
        &mut acc,
        &mut RunResult::default(),
    );
    Box::new(acc)
}

#[test]
fn the_app_runs_by_itself_and_says_whenever_the_results_shown_are_not_current() {
    use sasaeai::ui::state::CompareAction;
    let mut doc = Document::builtin("status-quo").unwrap();
    doc.set_input("run.runs", "40");
    let state = State::new(Lang::Ja, doc, Vec::new());
    // Before the workers are up nothing can run; there are no results.
    assert!(!state.wants_run());
    assert_eq!(state.results_stale(), Some(Msg::StaleNone));
    let state = apply(state, [Action::WorkerReady]);
    assert!(state.wants_run(), "a page opened runs its scenario");
    let html = render(state.clone());
    assert!(html.contains("data-testid=\"results-stale\""));

    let started = |s: State, job: u64| {
        apply(
            s,
            [Action::RunStarted {
                job,
                total: 40,
                now_ms: 0.0,
            }],
        )
    };
    let state = started(state, 1);
    assert!(!state.wants_run());
    assert_eq!(state.results_stale(), Some(Msg::StaleRunning));
    let summary = summary_of(&state);
    let done = apply(
        state,
        [Action::Finished {
            job: 1,
            cancelled: false,
            summary: summary.clone(),
            correlations: None,
        }],
    );
    assert!(!done.wants_run());
    assert_eq!(done.results_stale(), None);
    assert!(!render(done.clone()).contains("data-testid=\"results-stale\""));

    // A valid edit: the results shown are stale and a run is wanted.
    let edited = apply(
        done.clone(),
        [Action::SetField {
            path: "run.seed".into(),
            text: "99".into(),
        }],
    );
    assert!(edited.wants_run());
    assert_eq!(edited.results_stale(), Some(Msg::StaleEdited));
    // Undoing the edit by hand makes the results current again.
    let back = apply(
        edited.clone(),
        [Action::SetField {
            path: "run.seed".into(),
            text: done
                .workspace
                .checked
                .loaded
                .as_ref()
                .unwrap()
                .plan
                .seed
                .to_string(),
        }],
    );
    assert_eq!(back.results_stale(), None);
    assert!(!back.wants_run());

    // An invalid edit cannot run, and says so.
    let invalid = apply(
        done.clone(),
        [Action::SetField {
            path: "run.runs".into(),
            text: "-3".into(),
        }],
    );
    assert!(!invalid.wants_run());
    assert_eq!(invalid.results_stale(), Some(Msg::StaleInvalid));

    // A comparison in progress is not replaced by a run.
    let comparing = apply(
        edited,
        [Action::Compare(CompareAction::Started {
            job: 7,
            total: 10,
            plans: Rc::new(
                done.compare_setup()
                    .expect("a valid comparison")
                    .plans
                    .as_ref()
                    .clone(),
            ),
        })],
    );
    assert!(!comparing.wants_run());

    // A run the user cancelled is not started again, and says it is incomplete.
    let cancelled = apply(
        started(done, 2),
        [Action::Finished {
            job: 2,
            cancelled: true,
            summary,
            correlations: None,
        }],
    );
    assert!(!cancelled.wants_run());
    assert_eq!(cancelled.results_stale(), Some(Msg::StaleCancelled));
}

#[test]
fn an_edited_builtin_is_named_as_edited_and_saves_and_deletions_say_so() {
    let state = apply(
        State::fresh(Lang::Ja),
        [Action::SetField {
            path: "run.seed".into(),
            text: "11".into(),
        }],
    );
    let doc = &state.workspace.doc;
    assert_eq!(doc.name(), "status-quo-edited");
    assert_eq!(
        doc.title(Lang::Ja),
        "現状維持（令和5年度予算を据え置き）（編集中）"
    );
    assert_eq!(
        doc.title(Lang::En),
        "Status quo (FY2023 budget held flat) (edited)"
    );
    let info = &state.workspace.checked.loaded.as_ref().unwrap().info;
    assert!(format!("{info:?}").contains("（編集中）"));
    // Further edits, and renaming it, keep what was typed.
    let renamed = apply(
        state,
        [
            Action::SetField {
                path: "run.seed".into(),
                text: "12".into(),
            },
            Action::SetField {
                path: "title_ja".into(),
                text: "令和8年度案".into(),
            },
        ],
    );
    assert_eq!(renamed.workspace.doc.title(Lang::Ja), "令和8年度案");
    // Editing the title of an unchanged built-in is taken as typed.
    let titled = apply(
        State::fresh(Lang::Ja),
        [Action::SetField {
            path: "title_ja".into(),
            text: "区の案".into(),
        }],
    );
    assert_eq!(titled.workspace.doc.title(Lang::Ja), "区の案");
    assert_eq!(titled.workspace.doc.name(), "status-quo");

    // Save confirms; delete says so and can be undone.
    let saved = apply(renamed, [Action::Save]);
    let html = render(saved.clone());
    assert!(
        html.contains("「status-quo-edited」として保存しました。"),
        "{html:.3000}"
    );
    let deleted = apply(saved.clone(), [Action::DeleteSaved(0)]);
    assert!(deleted.workspace.saved.is_empty());
    let html = render(deleted.clone());
    assert!(html.contains("data-testid=\"undo-delete\""));
    let notice = deleted
        .notices
        .iter()
        .position(|n| matches!(n, sasaeai::ui::state::Notice::Deleted { .. }))
        .unwrap();
    let back = apply(deleted, [Action::UndoDelete(notice)]);
    assert_eq!(back.workspace.saved, saved.workspace.saved);
}
