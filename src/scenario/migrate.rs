//! Scenario files of an older `schema_version`: upgraded step by step to the
//! version this build reads, before validation.
//!
//! Each [`Step`] rewrites the parsed value tree (TOML, or JSON turned into the
//! same tree) of one version into the next: it renames or reshapes fields and
//! sets `schema_version` to its `from + 1`. The steps run in order from the
//! file's version to [`SCHEMA_VERSION`], and the reader then validates the
//! result like any current file, so every error still names a field of the
//! current schema. A step never fails: a value it cannot reshape is left for
//! validation to report.
//!
//! Version 2 added the `[model]` table and the `online` budget line; a
//! version 1 file needs no reshaping (its lines are read with `online` = 0)
//! and runs model version 2 unless it sets `[model] version = 1`. When a
//! field is renamed or reshaped, `SCHEMA_VERSION` goes up by one and a step
//! from the old version is added here, with a stored file of the old
//! version in `tests/data/schema/` (docs/scenario-format.md, "Schema
//! versions").

use std::borrow::Cow;

use toml::Value;
use toml::value::Table;

use super::error::FieldError;
use super::message::{Bilingual, Problem, Text};
use super::read::describe;
use super::schema::SCHEMA_VERSION;

/// One step of the schema's history: from version `from` to `from + 1`.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    /// The version this step reads.
    pub from: i64,
    /// What changed, for the note shown when a file is upgraded
    /// (e.g. "`budget.shift` is now `budget.share_shift`").
    pub change: &'static str,
    /// The same in Japanese (e.g. "`budget.shift`は`budget.share_shift`に
    /// なりました").
    pub change_ja: &'static str,
    /// Rewrites a tree of version `from` into version `from + 1`; it need
    /// not set `schema_version`, which the runner does.
    pub apply: fn(&mut Table),
}

/// The steps from every older schema version to [`SCHEMA_VERSION`], oldest
/// first.
pub const STEPS: &[Step] = &[Step {
    from: 1,
    change: "the budget has a seventh line, `online` (0 in this file), and the model is \
             version 2 unless `[model] version = 1` is set",
    change_ja: "予算に7つ目の費目`online`（このファイルでは0）が加わり、`[model] version = 1`\
                を指定しない限りモデルはバージョン2になります",
    apply: |_| {
        // Nothing to reshape: a line a file leaves out is 0, and a file
        // without `[model]` runs the current model version.
    },
}];

/// How a file was upgraded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upgrade {
    /// The file's own `schema_version`.
    pub from: i64,
    /// The version it was upgraded to.
    pub to: i64,
    /// What each step changed, in order.
    pub changes: Vec<&'static str>,
    /// The same in Japanese.
    pub changes_ja: Vec<&'static str>,
}

impl Upgrade {
    /// One line for the user, e.g. for `sasaeai validate`'s note.
    pub fn describe(&self) -> String {
        self.en()
    }
}

/// What was upgraded, and what each step changed.
impl Bilingual for Upgrade {
    fn text(&self) -> Text {
        let mut en = format!("schema_version {} upgraded to {}", self.from, self.to);
        let mut ja = format!(
            "schema_version {}のファイルを{}に変換しました",
            self.from, self.to
        );
        if !self.changes.is_empty() {
            en.push_str(": ");
            en.push_str(&self.changes.join("; "));
        }
        if !self.changes_ja.is_empty() {
            ja.push('（');
            ja.push_str(&self.changes_ja.join("。"));
            ja.push('）');
        }
        Text::new(en, ja)
    }
}

/// The oldest schema version [`migrate`] upgrades.
pub fn oldest_version() -> i64 {
    oldest_of(STEPS, SCHEMA_VERSION)
}

fn oldest_of(steps: &[Step], current: i64) -> i64 {
    current - steps.len() as i64
}

/// Upgrade `root` to [`SCHEMA_VERSION`] with [`STEPS`]. A tree of the
/// current version is returned as it is, with no [`Upgrade`]; one without a
/// readable `schema_version` too, for validation to report. A version newer
/// than this build reads, or older than its oldest step, is an error naming
/// `schema_version`, the value and the versions allowed.
pub fn migrate(root: &Table) -> Result<(Cow<'_, Table>, Option<Upgrade>), Box<FieldError>> {
    migrate_with(root, STEPS, SCHEMA_VERSION)
}

/// [`migrate`] with the given steps to version `current`; `steps` must hold
/// consecutive versions ending at `current - 1`.
pub fn migrate_with<'a>(
    root: &'a Table,
    steps: &[Step],
    current: i64,
) -> Result<(Cow<'a, Table>, Option<Upgrade>), Box<FieldError>> {
    debug_assert!(
        steps
            .iter()
            .enumerate()
            .all(|(i, s)| s.from == oldest_of(steps, current) + i as i64),
        "migration steps must be consecutive and end at the current version"
    );
    let version = match root.get("schema_version") {
        Some(Value::Integer(n)) => *n,
        Some(Value::Float(x)) if x.fract() == 0.0 && x.abs() < 9.0e15 => *x as i64,
        // Missing or not a whole number: the reader reports it.
        _ => return Ok((Cow::Borrowed(root), None)),
    };
    let oldest = oldest_of(steps, current);
    if version == current {
        return Ok((Cow::Borrowed(root), None));
    }
    if version > current || version < oldest {
        let value = root.get("schema_version").map(describe).unwrap_or_default();
        return Err(Box::new(FieldError::new(
            "schema_version",
            value,
            Problem::SchemaVersion {
                current,
                oldest,
                missing: false,
                newer: version > current,
            },
        )));
    }
    let mut tree = root.clone();
    let (mut changes, mut changes_ja) = (Vec::new(), Vec::new());
    for step in &steps[(version - oldest) as usize..] {
        (step.apply)(&mut tree);
        tree.insert("schema_version".into(), Value::Integer(step.from + 1));
        changes.push(step.change);
        changes_ja.push(step.change_ja);
    }
    Ok((
        Cow::Owned(tree),
        Some(Upgrade {
            from: version,
            to: current,
            changes,
            changes_ja,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_steps_are_consecutive_and_end_at_the_current_version() {
        let oldest = oldest_version();
        assert!(oldest >= 1);
        for (i, step) in STEPS.iter().enumerate() {
            assert_eq!(step.from, oldest + i as i64);
            assert!(!step.change.trim().is_empty());
            assert!(!step.change_ja.trim().is_empty());
        }
    }

    #[test]
    fn a_current_file_is_not_copied() {
        let root: Table = "schema_version = 2\nname = \"x\"\n".parse().unwrap();
        let (tree, upgrade) = migrate(&root).unwrap();
        assert!(matches!(tree, Cow::Borrowed(_)));
        assert_eq!(upgrade, None);
    }
}
