//! The workspace: the scenario being edited and the engine's verdict on
//! it, the scenarios saved in this browser, the workspace a replacement
//! replaced (for Undo), and what is kept in the browser between visits.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::scenario::equalize::equalize;
use crate::scenario::{FieldPath, Loaded};
use crate::ui::doc::{Checked, Document};
use crate::ui::i18n::{Lang, Msg};

use super::notices::Notice;
use super::own_ward::own_ward_document;

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

/// Mark `doc`, just changed from the unchanged built-in scenario `before`,
/// as edited: its titles get "(edited)" / "（編集中）" and its name
/// "-edited", unless the change was to a name or title.
fn mark_edited(before: &Document, doc: &mut Document) {
    let fields = [
        FieldPath::name(),
        FieldPath::title(Lang::En),
        FieldPath::title(Lang::Ja),
    ];
    if before.to_toml() == doc.to_toml() || fields.iter().any(|f| before.get(f) != doc.get(f)) {
        return;
    }
    let name = before.name();
    doc.set(
        FieldPath::name(),
        toml::Value::String(format!("{name}-edited")),
    );
    for lang in [Lang::En, Lang::Ja] {
        let title = before.title(lang);
        let title = Msg::EditedTitle.fill(lang, &[("title", &title)]);
        doc.set(FieldPath::title(lang), toml::Value::String(title));
    }
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

/// The scenario being edited and what is kept with it.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The scenario being edited.
    pub doc: Document,
    /// The engine's verdict on it.
    pub checked: Rc<Checked>,
    /// Saved scenarios.
    pub saved: Vec<SavedScenario>,
    /// The workspace before the last replacement, for Undo.
    pub undo: Option<Box<Document>>,
    /// Whether the last autosave failed (storage full or turned off).
    pub save_failed: bool,
}

impl Workspace {
    /// A workspace on `doc` with the saved list `saved`.
    pub fn new(doc: Document, saved: Vec<SavedScenario>) -> Workspace {
        let checked = Rc::new(doc.check());
        Workspace {
            doc,
            checked,
            saved,
            undo: None,
            save_failed: false,
        }
    }

    /// Change the document with `edit`, then check it again. A built-in
    /// scenario changed for the first time becomes "<title> (edited)" /
    /// "<title>（編集中）" with the name "<name>-edited", so that it is not
    /// taken for the built-in one in comparisons, slides and reports (an
    /// edit of its name or title itself is left as typed).
    pub fn edit(&mut self, edit: impl FnOnce(&mut Document)) {
        let builtin = is_builtin_unchanged(&self.doc.to_toml()).then(|| self.doc.clone());
        edit(&mut self.doc);
        if let Some(before) = builtin {
            mark_edited(&before, &mut self.doc);
        }
        self.checked = Rc::new(self.doc.check());
    }

    /// Whether the scenario being edited holds changes kept nowhere else:
    /// it is neither an unchanged built-in scenario nor in the saved list.
    pub fn has_unsaved_edits(&self) -> bool {
        let toml = self.doc.to_toml();
        !is_builtin_unchanged(&toml) && !self.saved.iter().any(|s| s.toml == toml)
    }

    /// Change the document with `edit`, given the resolved scenario of the
    /// document as it is; nothing changes while the document has errors.
    pub fn edit_resolved(&mut self, edit: impl FnOnce(&mut Document, &Loaded)) {
        let checked = Rc::clone(&self.checked);
        if let Some(loaded) = &checked.loaded {
            self.edit(|doc| edit(doc, loaded));
        }
    }

    /// Change the targets with `edit`, after writing the targets in force
    /// into the file (the defaults when it lists none) when the document
    /// is valid.
    pub fn edit_targets(&mut self, edit: impl FnOnce(&mut Document)) {
        let checked = Rc::clone(&self.checked);
        self.edit(|doc| {
            if let Some(loaded) = &checked.loaded {
                doc.own_targets(loaded);
            }
            edit(doc);
        });
    }

    /// Save the scenario under its name ("scenario" when it has none);
    /// returns the name.
    pub fn save(&mut self) -> String {
        let name = self.doc.name();
        let entry = SavedScenario {
            name: if name.is_empty() {
                "scenario".into()
            } else {
                name
            },
            toml: self.doc.to_toml(),
            automatic: false,
        };
        let name = entry.name.clone();
        put_saved(&mut self.saved, entry);
        name
    }

    /// Delete saved entry `i`, if there is one; returns it, to put back.
    pub fn delete_saved(&mut self, i: usize) -> Option<SavedScenario> {
        (i < self.saved.len()).then(|| self.saved.remove(i))
    }

    /// Put back entry `entry` deleted from place `i`.
    pub fn restore_saved(&mut self, i: usize, entry: SavedScenario) {
        if !self.saved.iter().any(|s| s.name == entry.name) {
            self.saved.insert(i.min(self.saved.len()), entry);
        }
    }

    /// The document that `by` puts in the workspace and what the notice
    /// says, or `None` when there is nothing to open. `optimised` is the
    /// scenario of the last allocation search's best split (TOML).
    pub fn replacement(
        &self,
        by: &Replacement,
        optimised: Option<&str>,
    ) -> Option<(Document, Msg)> {
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
            Replacement::OwnWard(key) => own_ward_document(key).map(|d| (d, Msg::MyWardStarted)),
            Replacement::Equalized => self
                .checked
                .loaded
                .as_ref()
                .map(|l| equalize(l).to_toml())
                .and_then(|text| Document::from_saved(&text).ok())
                .map(|d| (d, Msg::Equalized)),
            Replacement::Optimised => optimised
                .and_then(|text| Document::from_saved(text).ok())
                .map(|d| (d, Msg::ReplacedByOptimised)),
        }
    }

    /// Make `doc` the workspace and return the notice that says so. Every
    /// replacement goes through here: the workspace replaced is kept in
    /// the saved list (unless an entry already holds it or it is an
    /// unchanged built-in scenario) and, with `undo`, kept for Undo; the
    /// notice says what happened (`msg`) and where the old workspace is.
    /// `at` (local date and time) names the entry, in `lang`.
    pub fn replace(&mut self, lang: Lang, doc: Document, msg: Msg, at: &str, undo: bool) -> Notice {
        let previous = std::mem::replace(&mut self.doc, doc);
        let toml = previous.to_toml();
        let kept_as = (toml != self.doc.to_toml() && !is_builtin_unchanged(&toml)).then(|| {
            let name =
                Msg::BeforeReplacing.fill(lang, &[("title", &previous.title(lang)), ("at", &at)]);
            keep_before_replacing(&mut self.saved, toml, &name)
        });
        self.checked = Rc::new(self.doc.check());
        self.undo = undo.then(|| Box::new(previous));
        Notice::Replaced { msg, kept_as, undo }
    }

    /// What is kept in the browser, with the interface language `lang`.
    pub fn persisted(&self, lang: Lang) -> Persisted {
        Persisted {
            version: PERSISTED_VERSION,
            lang,
            current: self.doc.to_toml(),
            saved: self.saved.clone(),
        }
    }
}
