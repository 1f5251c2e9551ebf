//! The allocation search's state: the form (objective, total, bounds per
//! line, whether to search the spread) and the settings it gives, the
//! search in progress and its result. The search itself is
//! [`crate::sim::optimize`], run in the worker.

use crate::model::LINE_COUNT;
use std::rc::Rc;

use crate::model::BudgetLine;
use crate::scenario::{Bilingual, Text};
use crate::sim::optimize::{
    LineBounds, Objective, OptimizeProgress, OptimizeReport, OptimizeSettings,
};
use crate::ui::doc::parse_yen;

/// A field of the form.
#[derive(Clone, Debug, PartialEq)]
pub enum FormField {
    /// Objective key (`all-targets`, `target:<id>`, …).
    Objective,
    /// Total per FY (yen, as typed; empty for the scenario's own).
    Total,
    /// Lower bound of a line's share (percent, as typed).
    Lower(BudgetLine),
    /// Upper bound of a line's share (percent, as typed).
    Upper(BudgetLine),
    /// Whether to search the spread over wards (`true`/`false`).
    Spread,
}

/// The form as the user typed it.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimiseForm {
    /// Objective key.
    pub objective: String,
    /// Total per FY (yen) as typed.
    pub total: String,
    /// Lower bounds (percent) as typed.
    pub lower: [String; LINE_COUNT],
    /// Upper bounds (percent) as typed.
    pub upper: [String; LINE_COUNT],
    /// Search the spread too.
    pub spread: bool,
}

impl Default for OptimiseForm {
    fn default() -> Self {
        OptimiseForm {
            objective: "all-targets".into(),
            total: String::new(),
            lower: std::array::from_fn(|_| "0".into()),
            upper: std::array::from_fn(|_| "100".into()),
            spread: false,
        }
    }
}

impl OptimiseForm {
    /// The search settings, or every problem with the form (each naming the
    /// field, the value and what is allowed).
    pub fn settings(&self) -> Result<OptimizeSettings, Vec<Text>> {
        let mut problems = Vec::new();
        let objective = Objective::parse(&self.objective).map_err(|e| e.text());
        let total = if self.total.trim().is_empty() {
            None
        } else {
            match parse_yen(&self.total, "total") {
                Ok(x) if x > 0.0 => Some(x),
                Ok(_) => {
                    problems.push(Text::new(
                        format!(
                            "total = {:?}: the total per fiscal year must be above 0 yen",
                            self.total
                        ),
                        format!(
                            "総額 = {:?}: 年度あたりの総額は0円より大きくしてください",
                            self.total
                        ),
                    ));
                    None
                }
                Err(e) => {
                    problems.push(e);
                    None
                }
            }
        };
        let mut bounds = LineBounds::default();
        for line in BudgetLine::ALL {
            for (side, texts, target) in [
                ("lower", &self.lower, &mut bounds.lower),
                ("upper", &self.upper, &mut bounds.upper),
            ] {
                let text = &texts[line.index()];
                match text.trim().parse::<f64>() {
                    Ok(p) if (0.0..=100.0).contains(&p) => target.set(line, p / 100.0),
                    _ => problems.push(Text::new(
                        format!(
                            "{side} bound of {} = {text:?}: a percentage from 0 to 100",
                            line.key()
                        ),
                        format!(
                            "{}の{} = {text:?}: 0〜100の百分率で入力してください",
                            line.key(),
                            if side == "lower" { "下限" } else { "上限" }
                        ),
                    )),
                }
            }
        }
        if problems.is_empty()
            && let Err(e) = bounds.check()
        {
            problems.push(e.text());
        }
        let objective = match objective {
            Ok(o) => Some(o),
            Err(e) => {
                problems.push(e);
                None
            }
        };
        match objective {
            Some(objective) if problems.is_empty() => Ok(OptimizeSettings {
                objective,
                total,
                bounds,
                search_spread: self.spread,
                ..OptimizeSettings::default()
            }),
            _ => Err(problems),
        }
    }

    fn edit(&mut self, field: FormField, text: String) {
        match field {
            FormField::Objective => self.objective = text,
            FormField::Total => self.total = text,
            FormField::Lower(line) => self.lower[line.index()] = text,
            FormField::Upper(line) => self.upper[line.index()] = text,
            FormField::Spread => self.spread = text == "true",
        }
    }
}

/// A search in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Searching {
    /// Job id.
    pub job: u64,
    /// When it started (ms).
    pub started_ms: f64,
    /// When the last progress came (ms).
    pub now_ms: f64,
    /// The last progress.
    pub progress: Option<OptimizeProgress>,
}

/// Everything about the allocation search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptimiseState {
    /// The form.
    pub form: OptimiseForm,
    /// The search in progress.
    pub running: Option<Searching>,
    /// Where the last search stopped, if it was cancelled.
    pub stopped: Option<OptimizeProgress>,
    /// The last result.
    pub report: Option<Rc<OptimizeReport>>,
    /// Why the last search could not run.
    pub error: Option<Text>,
}

/// What changes the search state.
#[derive(Clone, Debug)]
pub enum OptimiseAction {
    /// A form field changed.
    Edit(FormField, String),
    /// A search was sent to the worker.
    Started {
        /// Job id.
        job: u64,
        /// Time (ms).
        now_ms: f64,
    },
    /// The worker reported progress.
    Progress {
        /// Job id.
        job: u64,
        /// Where it stands.
        progress: OptimizeProgress,
        /// Time (ms).
        now_ms: f64,
    },
    /// The search ended.
    Finished {
        /// Job id.
        job: u64,
        /// Where it stopped.
        progress: OptimizeProgress,
        /// The result (none when cancelled).
        report: Option<Box<OptimizeReport>>,
    },
}

impl OptimiseState {
    /// Whether job `job` is this panel's search.
    pub fn owns(&self, job: u64) -> bool {
        self.running.as_ref().is_some_and(|r| r.job == job)
    }

    /// Apply an action.
    pub fn apply(&mut self, action: OptimiseAction) {
        match action {
            OptimiseAction::Edit(field, text) => self.form.edit(field, text),
            OptimiseAction::Started { job, now_ms } => {
                self.running = Some(Searching {
                    job,
                    started_ms: now_ms,
                    now_ms,
                    progress: None,
                });
                self.error = None;
                self.stopped = None;
            }
            OptimiseAction::Progress {
                job,
                progress,
                now_ms,
            } => {
                if let Some(r) = self.running.as_mut().filter(|r| r.job == job) {
                    r.progress = Some(progress);
                    r.now_ms = now_ms;
                }
            }
            OptimiseAction::Finished {
                job,
                progress,
                report,
            } => {
                if self.owns(job) {
                    self.running = None;
                    match report {
                        Some(r) => self.report = Some(Rc::from(r)),
                        None => self.stopped = Some(progress),
                    }
                }
            }
        }
    }

    /// The search failed in the worker.
    pub fn fail(&mut self, message: Text) {
        self.running = None;
        self.error = Some(message);
    }
}
