//! The messages shown above the workspace: what went wrong (a file
//! refused, a damaged link, the worker), what a replacement of the
//! workspace did, and that saving works again.

use crate::scenario::Text;
use crate::ui::i18n::Msg;

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
    /// The scenario was saved under this name.
    Saved(String),
    /// A saved entry was deleted from place `index`; Undo puts it back.
    Deleted {
        /// Where it was in the list.
        index: usize,
        /// Its name.
        name: String,
        /// Its scenario (TOML).
        toml: String,
        /// Whether the app had kept it by itself.
        automatic: bool,
    },
}

/// The notices shown, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notices(Vec<Notice>);

impl Notices {
    /// The notices, oldest first.
    pub fn iter(&self) -> std::slice::Iter<'_, Notice> {
        self.0.iter()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Show `notice`, replacing an earlier one of the same kind of save or
    /// deletion.
    pub fn push(&mut self, notice: Notice) {
        let same = std::mem::discriminant(&notice);
        self.0.retain(|n| std::mem::discriminant(n) != same);
        self.0.push(notice);
    }

    /// Take notice `i` away, if there is one.
    pub fn take(&mut self, i: usize) -> Option<Notice> {
        (i < self.0.len()).then(|| self.0.remove(i))
    }

    /// Say `msg`.
    pub fn info(&mut self, msg: Msg) {
        self.0.push(Notice::Info(msg));
    }

    /// Say that something went wrong: `msg`, with details `detail`.
    pub fn problem(&mut self, msg: Msg, detail: Vec<Text>) {
        self.0.push(Notice::Problem { msg, detail });
    }

    /// Say that something went wrong, replacing an earlier notice with
    /// the same headline (a second refused file replaces the first's
    /// errors).
    pub fn problem_once(&mut self, msg: Msg, detail: Vec<Text>) {
        self.0
            .retain(|n| !matches!(n, Notice::Problem { msg: m, .. } if *m == msg));
        self.problem(msg, detail);
    }

    /// Show `notice`, replacing any earlier notice of a replacement.
    pub fn replaced(&mut self, notice: Notice) {
        self.0.retain(|n| !matches!(n, Notice::Replaced { .. }));
        self.0.push(notice);
    }

    /// Drop every problem (a good file makes the refusals of earlier ones
    /// moot).
    pub fn clear_problems(&mut self) {
        self.0.retain(|n| !matches!(n, Notice::Problem { .. }));
    }

    /// Dismiss notice `i`, if there is one.
    pub fn dismiss(&mut self, i: usize) {
        if i < self.0.len() {
            self.0.remove(i);
        }
    }
}
