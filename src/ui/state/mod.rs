//! The app's one state and the actions that change it (a Yew `Reducible`),
//! in the shape of an Elm program: [`State`] holds one part per area of the
//! app, each in its own module with the operations that change it
//! ([`workspace`], [`run`], [`compare`], [`optimise`], [`notices`], …), and
//! the reducer ([`Reducible::reduce`]) sends each [`Action`] to the part it
//! concerns.
//!
//! Everything the user can do is an [`Action`]; the reducer is pure (time
//! comes in with the actions), so it is tested natively. Browser effects
//! (the worker, storage, the URL) live in `ui::app` and only send actions.
//! Nothing here knows the components that draw the state.

pub mod compare;
pub mod drafts;
pub mod notices;
pub mod optimise;
pub mod own_ward;
pub mod present;
pub mod run;
pub mod structure;
pub mod tool;
pub mod workspace;

use std::rc::Rc;

use toml::Value;
use yew::Reducible;

use crate::job::run::Correlations;
use crate::model::{BudgetLine, ModelSpec};
use crate::scenario::{Bilingual, ScenarioErrors, TargetMetric, Text};
use crate::sim::Accumulator;

use super::doc::Document;
use super::i18n::{Lang, Msg};
use super::view::WardSort;
use super::web::local_stamp;

pub use compare::{CompareAction, CompareSetup, CompareState};
pub use drafts::{Draft, Drafts};
pub use notices::{Notice, Notices};
pub use optimise::{OptimiseAction, OptimiseState};
pub use run::{Results, RunState, Running};
pub use structure::{StructureAction, StructureState};
pub use tool::{EquityMeasure, Tool};
pub use workspace::{
    DEFAULT_SCENARIO, MAX_AUTOMATIC, PERSISTED_VERSION, Persisted, Replacement, SavedScenario,
    Workspace, is_builtin_unchanged, keep_before_replacing, put_saved,
};

/// The whole state of the app.
#[derive(Clone, Debug)]
pub struct State {
    /// Interface language.
    pub lang: Lang,
    /// The scenario being edited, the saved list and Undo.
    pub workspace: Workspace,
    /// Runs of the scenario and their results.
    pub run: RunState,
    /// The allocation search.
    pub optimise: OptimiseState,
    /// The compare tab.
    pub compare: CompareState,
    /// The structure comparison in the sensitivity tab.
    pub structure: StructureState,
    /// Messages for the user.
    pub notices: Notices,
    /// Whether the worker is ready.
    pub worker_ready: bool,
    /// Next job id.
    pub next_job: u64,
    /// The tool shown in the results column.
    pub tool: Tool,
    /// Ward table order.
    pub ward_sort: WardSort,
    /// Fiscal year shown in the per-ward budget table.
    pub ward_budget_fy: Option<i32>,
    /// The per-ward measure of the equity map.
    pub equity_measure: EquityMeasure,
    /// The output of the sensitivity tornado.
    pub sensitivity_output: TargetMetric,
    /// Where the "my ward" form starts from: a ward of the built-in data,
    /// or the illustrative example.
    pub own_ward_source: String,
    /// The slide shown while presenting the last results full screen.
    pub presenting: Option<usize>,
    /// A replacement of a workspace with unsaved edits, waiting for the
    /// user to confirm it, with the local time it was asked at.
    pub confirm: Option<(Replacement, String)>,
    /// Money cells holding text that was not accepted.
    pub drafts: Drafts,
}

impl State {
    /// A workspace on `doc`.
    pub fn new(lang: Lang, doc: Document, saved: Vec<SavedScenario>) -> State {
        State {
            lang,
            workspace: Workspace::new(doc, saved),
            run: RunState::default(),
            optimise: OptimiseState::default(),
            compare: CompareState::default(),
            structure: StructureState::default(),
            notices: Notices::default(),
            worker_ready: false,
            next_job: 1,
            tool: Tool::Results,
            ward_sort: WardSort::Name,
            ward_budget_fy: None,
            equity_measure: EquityMeasure::default(),
            sensitivity_output: TargetMetric::Participants,
            own_ward_source: own_ward::EXAMPLE_KEY.to_string(),
            presenting: None,
            confirm: None,
            drafts: Drafts::default(),
        }
    }

    /// A fresh workspace on the default built-in scenario.
    pub fn fresh(lang: Lang) -> State {
        let doc = Document::builtin(DEFAULT_SCENARIO).expect("the default scenario is built in");
        State::new(lang, doc, Vec::new())
    }

    /// What to keep in the browser.
    pub fn persisted(&self) -> Persisted {
        self.workspace.persisted(self.lang)
    }

    /// The job in progress, of whatever kind (one at a time).
    pub fn running_job(&self) -> Option<u64> {
        self.run
            .running
            .as_ref()
            .map(|r| r.job)
            .or(self.optimise.running.as_ref().map(|r| r.job))
            .or(self.compare.running.as_ref().map(|r| r.job))
            .or(self.structure.running.map(|r| r.job))
    }

    /// Why the Run button is disabled, if it is.
    pub fn run_blocked(&self) -> Option<Msg> {
        let checked = &self.workspace.checked;
        if self.running_job().is_some() {
            Some(Msg::RunDisabledRunning)
        } else if !checked.errors.is_empty() || checked.loaded.is_none() {
            Some(Msg::RunDisabledErrors)
        } else if !self.worker_ready {
            Some(Msg::RunDisabledLoading)
        } else {
            None
        }
    }

    /// Whether a job other than a run of the scenario is in progress (a
    /// comparison, a search, a structure comparison): a run would replace it.
    pub fn other_job_running(&self) -> bool {
        self.optimise.running.is_some()
            || self.compare.running.is_some()
            || self.structure.running.is_some()
    }

    /// Whether the run in progress or shown is of the scenario as it is now.
    fn run_is_current(&self) -> bool {
        match (&self.run.loaded, &self.workspace.checked.loaded) {
            (Some(run), Some(now)) => run.scenario == now.scenario,
            _ => false,
        }
    }

    /// Whether the app should run the scenario by itself now: it is valid,
    /// the workers are up, nothing else runs, and neither the run in
    /// progress nor the results shown are of it (a run the user cancelled
    /// is not started again). Results are never left stale.
    pub fn wants_run(&self) -> bool {
        self.worker_ready
            && self.workspace.checked.errors.is_empty()
            && self.workspace.checked.loaded.is_some()
            && !self.other_job_running()
            && !self.run_is_current()
    }

    /// Why the results shown are not the final results of the scenario as
    /// it is now, if they are not.
    pub fn results_stale(&self) -> Option<Msg> {
        let invalid =
            !self.workspace.checked.errors.is_empty() || self.workspace.checked.loaded.is_none();
        match &self.run.results {
            _ if invalid => Some(Msg::StaleInvalid),
            _ if self.run.running.is_some() => Some(Msg::StaleRunning),
            None => Some(Msg::StaleNone),
            Some(_) if !self.run_is_current() => Some(Msg::StaleEdited),
            Some(r) if r.cancelled => Some(Msg::StaleCancelled),
            Some(_) => None,
        }
    }

    /// The comparison the compare tab's form describes, or every problem
    /// with it.
    pub fn compare_setup(&self) -> Result<CompareSetup, Vec<Text>> {
        let w = &self.workspace;
        self.compare.form.setup(&w.doc, &w.saved)
    }

    /// Replace the workspace by `by` at local time `at` (see
    /// [`Workspace::replace`]); the best split of a search is saved too.
    fn replace(&mut self, by: Replacement, at: &str) {
        let optimised = self
            .optimise
            .report
            .as_ref()
            .map(|r| r.scenario_toml.as_str());
        let Some((doc, msg)) = self.workspace.replacement(&by, optimised) else {
            return;
        };
        let notice = self.workspace.replace(self.lang, doc, msg, at, true);
        self.notices.replaced(notice);
        self.drafts.clear_all();
        match by {
            Replacement::Imported(_) => self.notices.clear_problems(),
            Replacement::Optimised => {
                let doc = &self.workspace.doc;
                let entry = SavedScenario {
                    name: doc.name(),
                    toml: doc.to_toml(),
                    automatic: false,
                };
                put_saved(&mut self.workspace.saved, entry);
            }
            _ => {}
        }
    }

    /// Bring back the workspace before the last replacement.
    fn undo(&mut self, at: &str) {
        if let Some(previous) = self.workspace.undo.take() {
            let w = &mut self.workspace;
            let notice = w.replace(self.lang, *previous, Msg::ReplaceUndone, at, false);
            self.notices.replaced(notice);
            self.drafts.clear_all();
        }
    }

    /// Job `job` failed in the worker, saying `message`.
    fn failed(&mut self, job: u64, message: Text) {
        if self.optimise.owns(job) {
            self.optimise.fail(message);
        } else if self.compare.owns(job) {
            self.compare.fail(message);
        } else if self.structure.owns(job) {
            self.structure.fail(message);
        } else if self.run.owns(job) {
            self.run.running = None;
            self.notices.problem(Msg::Errors, vec![message]);
        }
    }

    /// The worker died: no job runs any more.
    fn worker_died(&mut self) {
        self.optimise.running = None;
        self.compare.running = None;
        self.structure.running = None;
        self.run.running = None;
        self.notices.problem(Msg::WorkerFailed, Vec::new());
    }

    /// Job `job` was started: the next one gets a higher id.
    fn started(&mut self, job: u64) {
        self.next_job = self.next_job.max(job + 1);
    }

    /// Save, delete from the saved list, and put back what was deleted.
    fn saved_list(&mut self, action: Action) {
        match action {
            Action::Save => {
                let name = self.workspace.save();
                self.notices.push(Notice::Saved(name));
            }
            Action::DeleteSaved(i) => {
                if let Some(entry) = self.workspace.delete_saved(i) {
                    self.notices.push(Notice::Deleted {
                        index: i,
                        name: entry.name,
                        toml: entry.toml,
                        automatic: entry.automatic,
                    });
                }
            }
            Action::UndoDelete(n) => {
                if let Some(Notice::Deleted {
                    index,
                    name,
                    toml,
                    automatic,
                }) = self.notices.take(n)
                {
                    let entry = SavedScenario {
                        name,
                        toml,
                        automatic,
                    };
                    self.workspace.restore_saved(index, entry);
                }
            }
            _ => {}
        }
    }

    /// What the workers say, and the jobs started in them.
    fn job(&mut self, action: Action) {
        match action {
            Action::WorkerReady => self.worker_ready = true,
            Action::RunStarted { job, total, now_ms } => {
                self.started(job);
                let loaded = self.workspace.checked.loaded.clone();
                self.run.start(job, total, now_ms, loaded);
            }
            Action::Progress {
                job,
                done,
                summary,
                now_ms,
            } => self.run.progress(job, done, *summary, now_ms),
            Action::Finished {
                job,
                cancelled,
                summary,
                correlations,
            } => self.run.finish(job, cancelled, *summary, correlations),
            Action::Failed { job, message } => self.failed(job, message),
            Action::WorkerDied => self.worker_died(),
            Action::Optimise(a) => {
                if let OptimiseAction::Started { job, .. } = &a {
                    self.started(*job);
                }
                self.optimise.apply(a);
            }
            Action::Compare(a) => {
                if let CompareAction::Started { job, .. } = &a {
                    self.started(*job);
                }
                self.compare.apply(a);
            }
            Action::Structure(a) => {
                if let StructureAction::Started { job, .. } = &a {
                    self.started(*job);
                }
                self.structure.apply(a);
            }
            _ => {}
        }
    }

    /// Go to the slide `to` gives for the slide shown now.
    fn present(&mut self, to: impl FnOnce(Option<usize>) -> Option<usize>) {
        let results = self.run.results.as_deref();
        let compare = self.compare.result.as_deref();
        present::go(&mut self.presenting, results, compare, to);
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
    /// Go on with the replacement waiting for confirmation (the workspace
    /// replaced is kept in the saved list, and Undo brings it back).
    ConfirmReplace,
    /// Drop the replacement waiting for confirmation.
    CancelReplace,
    /// Put back the saved entry whose deletion notice `n` tells of.
    UndoDelete(usize),
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
    /// Run the scenario under this model (version and switches).
    SetModel(ModelSpec),
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
    PickSensitivityOutput(TargetMetric),
    /// Colour the equity map by this measure.
    PickEquityMeasure(EquityMeasure),
    /// The allocation search panel.
    Optimise(OptimiseAction),
    /// The compare tab.
    Compare(CompareAction),
    /// The structure comparison.
    Structure(StructureAction),
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
    // Money cells (see `drafts`).
    /// Money cell `cell` holds `text`, which was refused for `message`.
    KeepDraft {
        /// Cell key.
        cell: String,
        /// What was typed.
        text: String,
        /// Why it was refused.
        message: Text,
    },
    /// Money cell `cell` holds a valid amount again.
    ClearDraft(String),
}

impl Action {
    /// Replace the workspace now: the browser's local time names the saved
    /// entry that keeps the workspace replaced.
    pub fn replace_now(by: Replacement) -> Action {
        Action::Replace {
            by,
            at: local_stamp(),
        }
    }

    /// Undo the last replacement now.
    pub fn undo_now() -> Action {
        Action::Undo { at: local_stamp() }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Every autosave reports; only a change is drawn.
        if let Action::Autosaved(ok) = action
            && ok != self.workspace.save_failed
        {
            return self;
        }
        let mut s = (*self).clone();
        let unsaved = matches!(action, Action::Replace { .. }) && s.workspace.has_unsaved_edits();
        let w = &mut s.workspace;
        match action {
            Action::SetLang(lang) => s.lang = lang,
            Action::Replace { by, at } if unsaved => s.confirm = Some((by, at)),
            Action::Replace { by, at } => s.replace(by, &at),
            Action::ConfirmReplace => {
                if let Some((by, at)) = s.confirm.take() {
                    s.replace(by, &at);
                }
            }
            Action::CancelReplace => s.confirm = None,
            Action::Undo { at } => s.undo(&at),
            Action::Autosaved(ok) => {
                w.save_failed = !ok;
                if ok {
                    s.notices.info(Msg::SavingAgain);
                }
            }
            Action::SetField { path, text } => w.edit(|d| d.set_input(&path, &text)),
            Action::SetValue { path, value } => w.edit(|d| _ = d.set(&path, value)),
            Action::Remove(path) => w.edit(|d| _ = d.remove(&path)),
            Action::SetLineTotal { fy, line, yen } => {
                w.edit_resolved(|d, loaded| d.set_line_total(loaded, fy, line, yen))
            }
            Action::SetWardLine {
                ward,
                fy,
                line,
                yen,
            } => w.edit(|d| d.set_ward_line(&ward, fy, line, yen)),
            Action::SetModel(model) => w.edit(|d| d.set_model(model)),
            Action::UseTotalBasis => w.edit_resolved(Document::use_total_basis),
            Action::UseStatusQuoBasis => w.edit(Document::use_status_quo_basis),
            Action::SetShare(line, share) => w.edit(|d| d.set_share(line, share)),
            Action::EditTarget { index, field, text } => {
                w.edit_targets(|d| d.edit_target(index, &field, &text))
            }
            Action::AddTarget => w.edit_targets(Document::add_target),
            Action::RemoveTarget(i) => w.edit_targets(|d| d.remove_target(i)),
            a @ (Action::Save | Action::DeleteSaved(_) | Action::UndoDelete(_)) => s.saved_list(a),
            Action::ImportRefused(errors) => {
                // Each refusal names its file and replaces the last one's.
                let file = &errors.source_name;
                let detail = errors
                    .errors
                    .iter()
                    .map(|e| {
                        let t = e.text();
                        if file.is_empty() {
                            return t;
                        }
                        Text::new(format!("{file}: {}", t.en), format!("{file}：{}", t.ja))
                    })
                    .collect();
                s.notices.problem_once(Msg::ImportRefused, detail)
            }
            Action::LinkBroken(why) => s.notices.problem(Msg::LinkBroken, vec![why]),
            Action::StorageDamaged { set_aside: true } => {
                s.notices.problem(Msg::StorageDamaged, Vec::new())
            }
            Action::StorageDamaged { set_aside: false } => {
                s.notices.problem(Msg::StorageDamagedKept, Vec::new())
            }
            Action::BadInput(message) => s.notices.problem(Msg::InputRefused, vec![message]),
            Action::Dismiss(i) => s.notices.dismiss(i),
            a @ (Action::WorkerReady
            | Action::RunStarted { .. }
            | Action::Progress { .. }
            | Action::Finished { .. }
            | Action::Failed { .. }
            | Action::WorkerDied
            | Action::Optimise(_)
            | Action::Compare(_)
            | Action::Structure(_)) => s.job(a),
            Action::ShowTool(tool) => s.tool = tool,
            Action::PickEquityMeasure(m) => s.equity_measure = m,
            Action::PickSensitivityOutput(m) => s.sensitivity_output = m,
            Action::PickOwnWardSource(key) => s.own_ward_source = key,
            Action::SortWards(sort) => s.ward_sort = sort,
            Action::PickWardBudgetFy(fy) => s.ward_budget_fy = Some(fy),
            Action::Present(n) => s.present(|_| Some(n)),
            Action::PresentStep(step) => s.present(|at| at.map(|c| c.saturating_add_signed(step))),
            Action::StopPresenting => s.presenting = None,
            // Money cells.
            Action::KeepDraft {
                cell,
                text,
                message,
            } => s.drafts.keep(cell, Draft { text, message }),
            Action::ClearDraft(cell) => s.drafts.clear(&cell),
        }
        Rc::new(s)
    }
}
