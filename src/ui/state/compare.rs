//! The compare tab's state: the form (2–4 picked scenarios and the runs),
//! the comparison it describes ([`CompareForm::setup`]), the comparison in
//! progress and its report, built from the paired summaries the worker
//! sends.

use std::rc::Rc;

use crate::job::load_scenario_text;
use crate::report::compare::{CompareReport, build_compare_report};
use crate::scenario::builtin::scenario_text;
use crate::scenario::{Bilingual, ScenarioInfo, Text};
use crate::sim::Plan;
use crate::sim::compare::{AlignNote, PairedAccumulator, align_runs, parse_runs};
use crate::sim::decision::{DIFFERENCE_OUTPUTS, MAX_SCENARIOS};
use crate::sim::run::MonthlyOutput;
use crate::ui::doc::Document;
use crate::ui::i18n::Msg;

use super::workspace::SavedScenario;

/// Key of the scenario being edited in the pickers.
pub const CURRENT: &str = "current";

/// The comparison form as the user set it.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareForm {
    /// Picked scenario per slot (`current`, `builtin:<name>`,
    /// `saved:<index>`, or empty); the first picked one is the baseline.
    pub picks: [String; MAX_SCENARIOS],
    /// Runs as typed; empty for the baseline's own.
    pub runs: String,
    /// Monthly output of the charts.
    pub output: MonthlyOutput,
}

impl Default for CompareForm {
    fn default() -> Self {
        CompareForm {
            picks: [
                CURRENT.to_string(),
                "builtin:combined-plan".to_string(),
                String::new(),
                String::new(),
            ],
            runs: String::new(),
            output: MonthlyOutput::Participants,
        }
    }
}

/// A field of the form.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareField {
    /// The scenario of slot `i`.
    Pick(usize),
    /// Runs.
    Runs,
    /// Output of the charts (a monthly output key).
    Output,
}

/// The aligned plans of a comparison and what the report names them by.
#[derive(Clone, Debug)]
pub struct ComparePlans {
    /// Aligned plans, baseline first (targets, seed and runs of the baseline).
    pub plans: Vec<Plan>,
    /// Their identification.
    pub infos: Vec<ScenarioInfo>,
    /// Notes on settings taken from the baseline.
    pub notes: Vec<AlignNote>,
}

/// What to send to the worker for a comparison.
#[derive(Clone, Debug)]
pub struct CompareSetup {
    /// Scenario texts (TOML), baseline first.
    pub texts: Vec<String>,
    /// Runs of each scenario.
    pub runs: u64,
    /// The aligned plans.
    pub plans: Rc<ComparePlans>,
}

/// The text of a pick, and a name for messages: the scenario being edited
/// (`doc`), a built-in one or entry `i` of the saved list `saved`.
fn pick_text(doc: &Document, saved: &[SavedScenario], key: &str) -> Option<(String, String)> {
    if key == CURRENT {
        return Some((doc.name(), doc.to_toml()));
    }
    if let Some(name) = key.strip_prefix("builtin:") {
        return scenario_text(name).map(|t| (name.to_string(), t.to_string()));
    }
    let i: usize = key.strip_prefix("saved:")?.parse().ok()?;
    saved.get(i).map(|s| (s.name.clone(), s.toml.clone()))
}

impl CompareForm {
    /// The comparison the form describes, with the scenario being edited
    /// `doc` and the saved list `saved`, or every problem with it (each
    /// naming what is wrong and what is allowed).
    pub fn setup(
        &self,
        doc: &Document,
        saved: &[SavedScenario],
    ) -> Result<CompareSetup, Vec<Text>> {
        let mut problems = Vec::new();
        let mut texts = Vec::new();
        let mut plans = Vec::new();
        let mut infos = Vec::new();
        for (slot, key) in self.picks.iter().enumerate() {
            if key.is_empty() {
                continue;
            }
            let Some((name, text)) = pick_text(doc, saved, key) else {
                problems.push(Text::new(
                    format!(
                        "scenario {} = {key:?}: not a built-in or saved scenario; pick one from the list",
                        slot_name(slot)
                    ),
                    format!(
                        "シナリオ{} = {key:?}：組み込みまたは保存済みのシナリオではありません。一覧から選んでください",
                        slot_name(slot)
                    ),
                ));
                continue;
            };
            match load_scenario_text(&text, &name) {
                Ok(loaded) => {
                    plans.push(loaded.plan);
                    infos.push(loaded.info);
                    texts.push(text);
                }
                Err(e) => problems.push(e.text()),
            }
        }
        if texts.len() < 2 && problems.is_empty() {
            problems.push(Msg::ComparePickTwo.into());
        }
        let runs = parse_runs(&self.runs).unwrap_or_else(|e| {
            problems.push(e.text());
            None
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        let (runs, notes) = align_runs(&mut plans, runs).map_err(|e| vec![e.text()])?;
        Ok(CompareSetup {
            texts,
            runs,
            plans: Rc::new(ComparePlans {
                plans,
                infos,
                notes,
            }),
        })
    }
}

/// `A`, `B`, `C`, `D`.
pub fn slot_name(slot: usize) -> char {
    (b'A' + slot as u8) as char
}

/// A comparison in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparing {
    /// Job id.
    pub job: u64,
    /// Paired runs done.
    pub done: u64,
    /// Paired runs asked for.
    pub total: u64,
}

/// A comparison's report.
#[derive(Clone, Debug)]
pub struct CompareResult {
    /// The report (from the paired summaries).
    pub report: CompareReport,
    /// Whether more runs are coming.
    pub partial: bool,
    /// Whether it was cancelled before the end.
    pub cancelled: bool,
    /// Notes on settings taken from the baseline.
    pub notes: Vec<AlignNote>,
}

/// Everything about the compare tab.
#[derive(Clone, Debug, Default)]
pub struct CompareState {
    /// The form.
    pub form: CompareForm,
    /// The comparison in progress.
    pub running: Option<Comparing>,
    /// The plans of the comparison running or shown.
    pub plans: Option<Rc<ComparePlans>>,
    /// The last result.
    pub result: Option<Rc<CompareResult>>,
    /// Why the last comparison could not run.
    pub error: Option<Text>,
}

/// What changes the compare tab.
#[derive(Clone, Debug)]
pub enum CompareAction {
    /// A form field changed.
    Edit(CompareField, String),
    /// A comparison was sent to the worker.
    Started {
        /// Job id.
        job: u64,
        /// Paired runs asked for.
        total: u64,
        /// The aligned plans.
        plans: Rc<ComparePlans>,
    },
    /// Partial paired summaries came in.
    Progress {
        /// Job id.
        job: u64,
        /// Paired runs done.
        done: u64,
        /// Summaries so far.
        summary: Box<PairedAccumulator>,
    },
    /// The comparison ended.
    Finished {
        /// Job id.
        job: u64,
        /// Whether it was cancelled.
        cancelled: bool,
        /// Summaries.
        summary: Box<PairedAccumulator>,
    },
}

impl CompareState {
    /// Whether job `job` is this tab's comparison.
    pub fn owns(&self, job: u64) -> bool {
        self.running.as_ref().is_some_and(|r| r.job == job)
    }

    /// Apply an action.
    pub fn apply(&mut self, action: CompareAction) {
        match action {
            CompareAction::Edit(field, text) => match field {
                CompareField::Pick(i) if i < MAX_SCENARIOS => self.form.picks[i] = text,
                CompareField::Pick(_) => {}
                CompareField::Runs => self.form.runs = text,
                CompareField::Output => {
                    if let Some(o) = DIFFERENCE_OUTPUTS.iter().find(|o| o.key() == text) {
                        self.form.output = *o;
                    }
                }
            },
            CompareAction::Started { job, total, plans } => {
                self.running = Some(Comparing {
                    job,
                    done: 0,
                    total,
                });
                self.plans = Some(plans);
                self.error = None;
            }
            CompareAction::Progress { job, done, summary } => {
                if let Some(r) = self.running.as_mut().filter(|r| r.job == job) {
                    r.done = done;
                    self.set_result(&summary, true, false);
                }
            }
            CompareAction::Finished {
                job,
                cancelled,
                summary,
            } => {
                if self.owns(job) {
                    self.running = None;
                    if summary.runs() > 0 {
                        self.set_result(&summary, false, cancelled);
                    }
                }
            }
        }
    }

    /// The comparison failed in the worker.
    pub fn fail(&mut self, message: Text) {
        self.running = None;
        self.error = Some(message);
    }

    fn set_result(&mut self, summary: &PairedAccumulator, partial: bool, cancelled: bool) {
        let Some(plans) = &self.plans else {
            return;
        };
        let report = build_compare_report(&plans.plans, plans.infos.clone(), summary);
        self.result = Some(Rc::new(CompareResult {
            report,
            partial,
            cancelled,
            notes: plans.notes.clone(),
        }));
    }
}
