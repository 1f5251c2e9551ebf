//! The app's one state and the actions that change it (a Yew `Reducible`).
//!
//! Everything the user can do is an [`Action`]; the reducer is pure (time
//! comes in with the actions), so it is tested natively. Browser effects
//! (the worker, storage, the URL) live in `ui::app` and only send actions.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use toml::Value;
use yew::Reducible;

use crate::job::run::Correlations;
use crate::model::BudgetLine;
use crate::report::{Report, build_report};
use crate::scenario::{Bilingual, Loaded, ScenarioErrors, Text};
use crate::sim::Accumulator;

use super::compare::{CompareAction, CompareState};
use super::doc::{Checked, Document};
use super::equity::EquityMeasure;
use super::i18n::{Lang, Msg};
use super::optimise::{OptimiseAction, OptimiseState};
use super::view::WardSort;

/// The tool shown in the results column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// The dashboard of the last run.
    #[default]
    Results,
    /// Paired comparison of scenarios.
    Compare,
    /// The allocation search.
    Optimise,
    /// Equity across wards.
    Equity,
    /// Which assumption matters most.
    Sensitivity,
    /// A ward's own figures.
    MyWard,
    /// How the model works: its equations and parameters.
    Model,
}

impl Tool {
    /// Every tool, in tab order.
    pub const ALL: [Tool; 7] = [
        Tool::Results,
        Tool::MyWard,
        Tool::Compare,
        Tool::Sensitivity,
        Tool::Equity,
        Tool::Optimise,
        Tool::Model,
    ];

    /// Tab label.
    pub fn label(self) -> Msg {
        match self {
            Tool::Results => Msg::Results,
            Tool::Compare => Msg::CompareTitle,
            Tool::MyWard => Msg::MyWardTitle,
            Tool::Optimise => Msg::OptimiseTitle,
            Tool::Equity => Msg::EquityTitle,
            Tool::Sensitivity => Msg::SensitivityTitle,
            Tool::Model => Msg::ModelTitle,
        }
    }

    /// Key for element ids and test hooks.
    pub fn key(self) -> &'static str {
        match self {
            Tool::Results => "results",
            Tool::Compare => "compare",
            Tool::MyWard => "my-ward",
            Tool::Optimise => "optimise",
            Tool::Equity => "equity",
            Tool::Sensitivity => "sensitivity",
            Tool::Model => "model",
        }
    }
}

/// The built-in scenario a new workspace starts from.
pub const DEFAULT_SCENARIO: &str = "status-quo";

/// A scenario the user saved in this browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedScenario {
    /// Its name.
    pub name: String,
    /// The scenario file (TOML).
    pub toml: String,
    /// Kept by the app when the workspace was replaced, not saved by the
    /// user; at most [`MAX_AUTOMATIC`] such entries are kept.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub automatic: bool,
}

/// Most automatic entries the saved list keeps; the oldest goes first, so
/// that they cannot fill the browser's storage. Entries the user saved are
/// never removed by the app.
pub const MAX_AUTOMATIC: usize = 5;

/// Put `entry` in the saved list: it replaces the entry of the same name,
/// or goes at the end.
pub fn put_saved(saved: &mut Vec<SavedScenario>, entry: SavedScenario) {
    match saved.iter_mut().find(|x| x.name == entry.name) {
        Some(x) => *x = entry,
        None => saved.push(entry),
    }
}

/// Keep a workspace that is being replaced (its scenario text `toml`) in
/// the saved list under `name`, and return the name of the entry that
/// holds it. An entry with the same text already holds it, so nothing is
/// added then. Otherwise an automatic entry is added at the end (its name
/// made unique with a number), after removing the oldest automatic entries
/// beyond [`MAX_AUTOMATIC`] − 1; entries the user saved are never removed.
pub fn keep_before_replacing(saved: &mut Vec<SavedScenario>, toml: String, name: &str) -> String {
    if let Some(x) = saved.iter().find(|x| x.toml == toml) {
        return x.name.clone();
    }
    while saved.iter().filter(|x| x.automatic).count() >= MAX_AUTOMATIC {
        let oldest = saved.iter().position(|x| x.automatic).expect("counted");
        saved.remove(oldest);
    }
    let mut unique = name.to_string();
    let mut n = 1;
    while saved.iter().any(|x| x.name == unique) {
        n += 1;
        unique = format!("{name} #{n}");
    }
    saved.push(SavedScenario {
        name: unique.clone(),
        toml,
        automatic: true,
    });
    unique
}

/// Whether `toml` is a built-in scenario as shipped, so that replacing it
/// loses nothing: "Start from" opens it again.
pub fn is_builtin_unchanged(toml: &str) -> bool {
    crate::scenario::builtin::SCENARIOS
        .iter()
        .filter_map(|(name, _)| Document::builtin(name))
        .any(|d| d.to_toml() == toml)
}

/// What replaces the workspace (the scenario being edited).
#[derive(Clone, Debug)]
pub enum Replacement {
    /// A built-in scenario, by name.
    Builtin(String),
    /// Entry `i` of the saved list.
    Saved(usize),
    /// A file that was imported.
    Imported(Document),
    /// The scenario of a share link.
    Link(Document),
    /// A one-ward scenario with the figures of this ward of the built-in
    /// data (or of the example), to be edited.
    OwnWard(String),
    /// The scenario with equal support per participant at the same total.
    Equalized,
    /// The best split of the last allocation search (also saved).
    Optimised,
}

/// What is kept in the browser between visits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Persisted {
    /// Format of this record.
    pub version: u32,
    /// Interface language.
    pub lang: Lang,
    /// The scenario being edited (TOML).
    pub current: String,
    /// Saved scenarios.
    pub saved: Vec<SavedScenario>,
}

/// Current format of [`Persisted`].
pub const PERSISTED_VERSION: u32 = 1;

/// A run in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Running {
    /// Job id.
    pub job: u64,
    /// Runs done.
    pub done: u64,
    /// Runs asked for.
    pub total: u64,
    /// When it started (ms).
    pub started_ms: f64,
    /// When the last progress came (ms).
    pub now_ms: f64,
}

impl Running {
    /// Estimated milliseconds left.
    pub fn ms_left(&self) -> Option<f64> {
        if self.done == 0 {
            return None;
        }
        let per_run = (self.now_ms - self.started_ms) / self.done as f64;
        Some(per_run * (self.total - self.done) as f64)
    }
}

/// Results on the dashboard.
#[derive(Clone, Debug)]
pub struct Results {
    /// The report (MODEL.md §8).
    pub report: Report,
    /// The summaries it was built from.
    pub summary: Accumulator,
    /// Whether more runs are coming.
    pub partial: bool,
    /// Whether the run was cancelled before the end.
    pub cancelled: bool,
    /// The scenario that was run (TOML), for the share link of these results.
    pub scenario_toml: String,
    /// Spearman's ρ of the sampled parameters with the outputs, once the
    /// run has ended.
    pub correlations: Option<Rc<Correlations>>,
}

/// A message shown above the workspace.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Something the user should know.
    Info(Msg),
    /// Something went wrong; `detail` says what.
    Problem {
        /// Headline.
        msg: Msg,
        /// Details (e.g. a file's errors), in both languages.
        detail: Vec<Text>,
    },
    /// The workspace was replaced (at most one such notice is shown).
    Replaced {
        /// What happened.
        msg: Msg,
        /// The saved entry that holds the workspace replaced, if it needed
        /// keeping (an unchanged built-in scenario does not).
        kept_as: Option<String>,
        /// Whether Undo is offered.
        undo: bool,
    },
}

/// The whole state of the app.
#[derive(Clone, Debug)]
pub struct State {
    /// Interface language.
    pub lang: Lang,
    /// The scenario being edited.
    pub doc: Document,
    /// The engine's verdict on it.
    pub checked: Rc<Checked>,
    /// Saved scenarios.
    pub saved: Vec<SavedScenario>,
    /// The run in progress, if any.
    pub running: Option<Running>,
    /// The scenario of the run in progress or of the results shown.
    pub run_loaded: Option<Rc<Loaded>>,
    /// Results shown.
    pub results: Option<Rc<Results>>,
    /// Messages for the user.
    pub notices: Vec<Notice>,
    /// Ward table order.
    pub ward_sort: WardSort,
    /// Fiscal year shown in the per-ward budget table.
    pub ward_budget_fy: Option<i32>,
    /// Whether the worker is ready.
    pub worker_ready: bool,
    /// Next job id.
    pub next_job: u64,
    /// The allocation search.
    pub optimise: OptimiseState,
    /// The tool shown in the results column.
    pub tool: Tool,
    /// The per-ward measure of the equity map.
    pub equity_measure: EquityMeasure,
    /// The output of the sensitivity tornado.
    pub sensitivity_output: crate::sim::TargetMetric,
    /// The compare tab.
    pub compare: CompareState,
    /// Where the "my ward" form starts from: a ward of the built-in data,
    /// or the illustrative example.
    pub own_ward_source: String,
    /// The slide shown while presenting the last results full screen.
    pub presenting: Option<usize>,
    /// The workspace before the last replacement, for Undo.
    pub undo: Option<Box<Document>>,
    /// Whether the last autosave failed (storage full or turned off).
    pub save_failed: bool,
}

impl State {
    /// A workspace on `doc`.
    pub fn new(lang: Lang, doc: Document, saved: Vec<SavedScenario>) -> State {
        let checked = Rc::new(doc.check());
        State {
            lang,
            doc,
            checked,
            saved,
            running: None,
            run_loaded: None,
            results: None,
            notices: Vec::new(),
            ward_sort: WardSort::Name,
            ward_budget_fy: None,
            worker_ready: false,
            next_job: 1,
            optimise: OptimiseState::default(),
            tool: Tool::Results,
            equity_measure: EquityMeasure::default(),
            sensitivity_output: crate::sim::TargetMetric::Participants,
            compare: CompareState::default(),
            own_ward_source: super::my_ward::EXAMPLE_KEY.to_string(),
            presenting: None,
            undo: None,
            save_failed: false,
        }
    }

    /// A fresh workspace on the default built-in scenario.
    pub fn fresh(lang: Lang) -> State {
        let doc = Document::builtin(DEFAULT_SCENARIO).expect("the default scenario is built in");
        State::new(lang, doc, Vec::new())
    }

    /// What to keep in the browser.
    pub fn persisted(&self) -> Persisted {
        Persisted {
            version: PERSISTED_VERSION,
            lang: self.lang,
            current: self.doc.to_toml(),
            saved: self.saved.clone(),
        }
    }

    /// The job in progress, of whatever kind (one at a time).
    pub fn running_job(&self) -> Option<u64> {
        self.running
            .as_ref()
            .map(|r| r.job)
            .or(self.optimise.running.as_ref().map(|r| r.job))
            .or(self.compare.running.as_ref().map(|r| r.job))
    }

    /// Why the Run button is disabled, if it is.
    pub fn run_blocked(&self) -> Option<Msg> {
        if self.running_job().is_some() {
            Some(Msg::RunDisabledRunning)
        } else if !self.checked.errors.is_empty() || self.checked.loaded.is_none() {
            Some(Msg::RunDisabledErrors)
        } else if !self.worker_ready {
            Some(Msg::RunDisabledLoading)
        } else {
            None
        }
    }

    fn edited(&mut self) {
        self.checked = Rc::new(self.doc.check());
    }

    /// The new document of a replacement and what the notice says, or
    /// `None` when there is nothing to open.
    fn replacement(&self, by: &Replacement) -> Option<(Document, Msg)> {
        match by {
            Replacement::Builtin(name) => {
                Document::builtin(name).map(|d| (d, Msg::ReplacedByBuiltin))
            }
            Replacement::Saved(i) => self
                .saved
                .get(*i)
                .and_then(|x| Document::from_saved(&x.toml).ok())
                .map(|d| (d, Msg::ReplacedBySaved)),
            Replacement::Imported(doc) => Some((doc.clone(), Msg::ReplacedByImport)),
            Replacement::Link(doc) => Some((doc.clone(), Msg::RestoredFromLink)),
            Replacement::OwnWard(key) => {
                super::my_ward::own_ward_document(key).map(|d| (d, Msg::MyWardStarted))
            }
            Replacement::Equalized => self
                .checked
                .loaded
                .as_ref()
                .map(|l| crate::scenario::equalize::equalize(l).to_toml())
                .and_then(|text| Document::from_saved(&text).ok())
                .map(|d| (d, Msg::Equalized)),
            Replacement::Optimised => self
                .optimise
                .report
                .as_ref()
                .and_then(|r| Document::from_saved(&r.scenario_toml).ok())
                .map(|d| (d, Msg::ReplacedByOptimised)),
        }
    }

    /// Make `doc` the workspace. Every replacement goes through here: the
    /// workspace replaced is kept in the saved list (unless an entry
    /// already holds it or it is an unchanged built-in scenario) and, with
    /// `undo`, kept for Undo; one notice says what happened and where the
    /// old workspace is. `at` (local date and time) names the entry.
    fn replace_workspace(&mut self, doc: Document, msg: Msg, at: &str, undo: bool) {
        let previous = std::mem::replace(&mut self.doc, doc);
        let toml = previous.to_toml();
        let kept_as = (toml != self.doc.to_toml() && !is_builtin_unchanged(&toml)).then(|| {
            let name = super::i18n::before_replacing(self.lang, &previous.title(self.lang), at);
            keep_before_replacing(&mut self.saved, toml, &name)
        });
        self.edited();
        self.undo = undo.then(|| Box::new(previous));
        self.notices
            .retain(|n| !matches!(n, Notice::Replaced { .. }));
        self.notices.push(Notice::Replaced { msg, kept_as, undo });
    }

    fn set_results(
        &mut self,
        summary: Accumulator,
        partial: bool,
        cancelled: bool,
        correlations: Option<Rc<Correlations>>,
    ) {
        let Some(loaded) = &self.run_loaded else {
            return;
        };
        let report = build_report(
            &loaded.plan,
            loaded.info.clone(),
            &summary,
            loaded.warnings.clone(),
        );
        let scenario_toml = loaded.scenario.to_toml();
        self.results = Some(Rc::new(Results {
            report,
            summary,
            partial,
            cancelled,
            scenario_toml,
            correlations,
        }));
    }
}

/// Everything that changes the state.
#[derive(Clone, Debug)]
pub enum Action {
    /// Switch the language.
    SetLang(Lang),
    /// Replace the workspace (see [`Replacement`]); the one replaced can
    /// be found in the saved list and brought back with [`Action::Undo`].
    Replace {
        /// What replaces it.
        by: Replacement,
        /// Local date and time ("2025-06-14 15:32"), for the name of the
        /// saved entry that keeps the workspace replaced.
        at: String,
    },
    /// Bring back the workspace before the last replacement (itself a
    /// replacement, so the workspace it replaces is kept too).
    Undo {
        /// Local date and time, as for [`Action::Replace`].
        at: String,
    },
    /// A text field at `path` now holds `text`.
    SetField {
        /// Field path.
        path: String,
        /// What the user typed.
        text: String,
    },
    /// Put `value` at `path`.
    SetValue {
        /// Field path.
        path: String,
        /// New value.
        value: Value,
    },
    /// Remove what is at `path` (a field, or an item of a list).
    Remove(String),
    /// Set the all-ward total of a line in a fiscal year.
    SetLineTotal {
        /// Fiscal year.
        fy: i32,
        /// Line.
        line: BudgetLine,
        /// Yen.
        yen: f64,
    },
    /// Fix one ward's line in a fiscal year.
    SetWardLine {
        /// Ward name.
        ward: String,
        /// Fiscal year.
        fy: i32,
        /// Line.
        line: BudgetLine,
        /// Yen.
        yen: f64,
    },
    /// Budget as a total and shares.
    UseTotalBasis,
    /// Budget as the status quo's lines.
    UseStatusQuoBasis,
    /// Move one share of a total-basis budget.
    SetShare(BudgetLine, f64),
    /// Edit field `field` (`id`, `metric`, `at_least`/`at_most` value as
    /// `threshold`, or `side`) of target `index`; the targets in force are
    /// written into the file first.
    EditTarget {
        /// Target index.
        index: usize,
        /// `id`, `metric`, `threshold` or `side`.
        field: String,
        /// New text.
        text: String,
    },
    /// Add a target.
    AddTarget,
    /// Remove target `i`.
    RemoveTarget(usize),
    /// Save the current scenario under its name.
    Save,
    /// Delete a saved scenario.
    DeleteSaved(usize),
    /// A file was refused; the workspace is unchanged.
    ImportRefused(ScenarioErrors),
    /// A share link was damaged; the workspace is unchanged.
    LinkBroken(Text),
    /// Stored work could not be read; it was set aside (`true`) or, with
    /// no room to set it aside, left in place (`false`).
    StorageDamaged {
        /// Whether it was copied to a key of its own.
        set_aside: bool,
    },
    /// The workspace was written to storage (`true`) or could not be.
    Autosaved(bool),
    /// The worker is up.
    WorkerReady,
    /// A run was sent to the worker.
    RunStarted {
        /// Job id.
        job: u64,
        /// Runs asked for.
        total: u64,
        /// Time (ms).
        now_ms: f64,
    },
    /// Partial results came in.
    Progress {
        /// Job id.
        job: u64,
        /// Runs done.
        done: u64,
        /// Summaries so far.
        summary: Box<Accumulator>,
        /// Time (ms).
        now_ms: f64,
    },
    /// A run ended.
    Finished {
        /// Job id.
        job: u64,
        /// Whether it was cancelled.
        cancelled: bool,
        /// Summaries.
        summary: Box<Accumulator>,
        /// Rank correlations over the runs done.
        correlations: Option<Box<Correlations>>,
    },
    /// A run failed in the worker.
    Failed {
        /// Job id.
        job: u64,
        /// Why.
        message: Text,
    },
    /// The worker died.
    WorkerDied,
    /// Sort the ward table.
    SortWards(WardSort),
    /// Pick the FY of the per-ward budget table.
    PickWardBudgetFy(i32),
    /// Input refused before it reached the scenario (e.g. a negative
    /// amount in a budget cell); the message says what is allowed.
    BadInput(Text),
    /// Dismiss notice `i`.
    Dismiss(usize),
    /// Show a tool in the results column.
    ShowTool(Tool),
    /// Show the tornado of this output.
    PickSensitivityOutput(crate::sim::TargetMetric),
    /// Colour the equity map by this measure.
    PickEquityMeasure(EquityMeasure),
    /// The allocation search panel.
    Optimise(OptimiseAction),
    /// The compare tab.
    Compare(CompareAction),
    /// Pick where the "my ward" form starts from.
    PickOwnWardSource(String),
    /// Present the last results full screen at slide `n` (kept within the
    /// slides there are; ignored without results).
    Present(usize),
    /// Move the presentation by this many slides (kept within the slides;
    /// ignored when not presenting). Relative to the state, so key presses
    /// that come faster than the page redraws are all counted.
    PresentStep(isize),
    /// Leave the presentation.
    StopPresenting,
}

impl Action {
    /// Replace the workspace now: the browser's local time names the saved
    /// entry that keeps the workspace replaced.
    pub fn replace_now(by: Replacement) -> Action {
        Action::Replace {
            by,
            at: super::web::local_stamp(),
        }
    }

    /// Undo the last replacement now.
    pub fn undo_now() -> Action {
        Action::Undo {
            at: super::web::local_stamp(),
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Every autosave reports; only a change is drawn.
        if let Action::Autosaved(ok) = action
            && ok != self.save_failed
        {
            return self;
        }
        let mut s = (*self).clone();
        match action {
            Action::SetLang(lang) => s.lang = lang,
            Action::Replace { by, at } => {
                if let Some((doc, msg)) = s.replacement(&by) {
                    s.replace_workspace(doc, msg, &at, true);
                    match by {
                        Replacement::Imported(_) => {
                            s.notices.retain(|n| !matches!(n, Notice::Problem { .. }));
                        }
                        Replacement::Optimised => put_saved(
                            &mut s.saved,
                            SavedScenario {
                                name: s.doc.name(),
                                toml: s.doc.to_toml(),
                                automatic: false,
                            },
                        ),
                        _ => {}
                    }
                }
            }
            Action::Undo { at } => {
                if let Some(previous) = s.undo.take() {
                    s.replace_workspace(*previous, Msg::ReplaceUndone, &at, false);
                }
            }
            Action::Autosaved(ok) => {
                s.save_failed = !ok;
                if ok {
                    s.notices.push(Notice::Info(Msg::SavingAgain));
                }
            }
            Action::SetField { path, text } => {
                s.doc.set_input(&path, &text);
                s.edited();
            }
            Action::SetValue { path, value } => {
                s.doc.set(&path, value);
                s.edited();
            }
            Action::Remove(path) => {
                s.doc.remove(&path);
                s.edited();
            }
            Action::SetLineTotal { fy, line, yen } => {
                if let Some(loaded) = &s.checked.loaded.clone() {
                    s.doc.set_line_total(loaded, fy, line, yen);
                    s.edited();
                }
            }
            Action::SetWardLine {
                ward,
                fy,
                line,
                yen,
            } => {
                s.doc.set_ward_line(&ward, fy, line, yen);
                s.edited();
            }
            Action::UseTotalBasis => {
                if let Some(loaded) = &s.checked.loaded.clone() {
                    s.doc.use_total_basis(loaded);
                    s.edited();
                }
            }
            Action::UseStatusQuoBasis => {
                s.doc.use_status_quo_basis();
                s.edited();
            }
            Action::SetShare(line, share) => {
                s.doc.set_share(line, share);
                s.edited();
            }
            Action::EditTarget { index, field, text } => {
                if let Some(loaded) = &s.checked.loaded.clone() {
                    s.doc.own_targets(loaded);
                }
                let base = format!("run.targets[{index}]");
                match field.as_str() {
                    "side" => s.doc.set_target_side(index, &text),
                    "threshold" => {
                        let side = if s.doc.get(&format!("{base}.at_most")).is_some() {
                            "at_most"
                        } else {
                            "at_least"
                        };
                        s.doc.set_input(&format!("{base}.{side}"), &text);
                    }
                    "metric" => {
                        s.doc.set(&format!("{base}.metric"), Value::String(text));
                    }
                    _ => s.doc.set_input(&format!("{base}.{field}"), &text),
                }
                s.edited();
            }
            Action::AddTarget => {
                if let Some(loaded) = &s.checked.loaded.clone() {
                    s.doc.own_targets(loaded);
                }
                let n = s.doc.len("run.targets");
                let mut t = toml::value::Table::new();
                t.insert("id".into(), format!("target-{}", n + 1).into());
                t.insert("metric".into(), "participants".into());
                t.insert("at_least".into(), Value::Float(30_000.0));
                s.doc.set(&format!("run.targets[{n}]"), Value::Table(t));
                s.edited();
            }
            Action::RemoveTarget(i) => {
                if let Some(loaded) = &s.checked.loaded.clone() {
                    s.doc.own_targets(loaded);
                }
                s.doc.remove(&format!("run.targets[{i}]"));
                s.edited();
            }
            Action::Save => {
                let name = s.doc.name();
                let entry = SavedScenario {
                    name: if name.is_empty() {
                        "scenario".into()
                    } else {
                        name
                    },
                    toml: s.doc.to_toml(),
                    automatic: false,
                };
                put_saved(&mut s.saved, entry);
            }
            Action::DeleteSaved(i) => {
                if i < s.saved.len() {
                    s.saved.remove(i);
                }
            }
            Action::ImportRefused(errors) => {
                s.notices.push(Notice::Problem {
                    msg: Msg::ImportRefused,
                    detail: errors.errors.iter().map(Bilingual::text).collect(),
                });
            }
            Action::LinkBroken(why) => s.notices.push(Notice::Problem {
                msg: Msg::LinkBroken,
                detail: vec![why],
            }),
            Action::StorageDamaged { set_aside } => s.notices.push(Notice::Problem {
                msg: if set_aside {
                    Msg::StorageDamaged
                } else {
                    Msg::StorageDamagedKept
                },
                detail: Vec::new(),
            }),
            Action::WorkerReady => s.worker_ready = true,
            Action::RunStarted { job, total, now_ms } => {
                s.next_job = s.next_job.max(job + 1);
                s.run_loaded = s.checked.loaded.clone().map(Rc::new);
                s.running = Some(Running {
                    job,
                    done: 0,
                    total,
                    started_ms: now_ms,
                    now_ms,
                });
            }
            Action::Progress {
                job,
                done,
                summary,
                now_ms,
            } => {
                if let Some(r) = s.running.as_mut().filter(|r| r.job == job) {
                    r.done = done;
                    r.now_ms = now_ms;
                    s.set_results(*summary, true, false, None);
                }
            }
            Action::Finished {
                job,
                cancelled,
                summary,
                correlations,
            } => {
                if s.running.as_ref().is_some_and(|r| r.job == job) {
                    s.running = None;
                    if summary.runs > 0 {
                        let correlations = correlations.map(|c| Rc::new(*c));
                        s.set_results(*summary, false, cancelled, correlations);
                    }
                }
            }
            Action::Failed { job, message } if s.optimise.owns(job) => s.optimise.fail(message),
            Action::Failed { job, message } if s.compare.owns(job) => s.compare.fail(message),
            Action::Failed { job, message } => {
                if s.running.as_ref().is_some_and(|r| r.job == job) {
                    s.running = None;
                    s.notices.push(Notice::Problem {
                        msg: Msg::Errors,
                        detail: vec![message],
                    });
                }
            }
            Action::ShowTool(tool) => s.tool = tool,
            Action::PickEquityMeasure(m) => s.equity_measure = m,
            Action::PickSensitivityOutput(m) => s.sensitivity_output = m,
            Action::Optimise(a) => {
                if let OptimiseAction::Started { job, .. } = &a {
                    s.next_job = s.next_job.max(job + 1);
                }
                s.optimise.apply(a);
            }
            Action::Compare(a) => {
                if let CompareAction::Started { job, .. } = &a {
                    s.next_job = s.next_job.max(job + 1);
                }
                s.compare.apply(a);
            }
            Action::PickOwnWardSource(key) => s.own_ward_source = key,
            Action::WorkerDied => {
                s.optimise.running = None;
                s.compare.running = None;
                s.running = None;
                s.notices.push(Notice::Problem {
                    msg: Msg::WorkerFailed,
                    detail: Vec::new(),
                });
            }
            Action::Present(n) => {
                if let Some(r) = &s.results {
                    let last = super::present::slide_count(r, s.compare.result.as_deref()) - 1;
                    s.presenting = Some(n.min(last));
                }
            }
            Action::PresentStep(step) => {
                if let (Some(r), Some(current)) = (&s.results, s.presenting) {
                    let last = super::present::slide_count(r, s.compare.result.as_deref()) - 1;
                    s.presenting = Some(current.saturating_add_signed(step).min(last));
                }
            }
            Action::StopPresenting => s.presenting = None,
            Action::SortWards(sort) => s.ward_sort = sort,
            Action::PickWardBudgetFy(fy) => s.ward_budget_fy = Some(fy),
            Action::BadInput(message) => s.notices.push(Notice::Problem {
                msg: Msg::InputRefused,
                detail: vec![message],
            }),
            Action::Dismiss(i) => {
                if i < s.notices.len() {
                    s.notices.remove(i);
                }
            }
        }
        Rc::new(s)
    }
}
