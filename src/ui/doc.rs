//! The scenario being edited, held as the value tree of its file.
//!
//! The workspace edits the tree itself, field by field (the fields named by
//! [`FieldPath`]), and validates it with the engine's own reader
//! ([`load_tree`]), so every message and field path shown next to a field
//! is the one the CLI would print. What a user
//! types is stored as typed, even when it is wrong (the text `"abc"` where a
//! number belongs stays `"abc"` and is reported), so no input is ever lost.
//!
//! The budget table edits go through the file's own `[[budget.scale]]` and
//! `[[budget.set]]` edits, so an edited scenario stays a readable file.

use crate::model::LINE_COUNT;
use toml::Value;
use toml::value::Table;

use crate::job::no_files;
use crate::model::BudgetLine;
use crate::model::budget::Lines;
use crate::model::{Mechanism, ModelSpec};
use crate::scenario::field::{BudgetEdit, get, remove, set};
use crate::scenario::plan::Direction;
use crate::scenario::shares;
use crate::scenario::{
    FieldError, FieldPath, Format, Loaded, ScenarioErrors, TargetMetric, Text, load_tree,
    parse_tree,
};

use super::i18n::Lang;

/// What a text field holds: a whole number, a number, true/false, or else
/// the text itself (which validation then reports if a number belongs
/// there). Separators `_` and `,` in numbers are accepted.
pub fn input_value(text: &str) -> Value {
    let t = text.trim();
    let plain: String = t.chars().filter(|c| *c != '_' && *c != ',').collect();
    if let Ok(i) = plain.parse::<i64>() {
        return Value::Integer(i);
    }
    if !plain.is_empty()
        && plain
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && let Ok(x) = plain.parse::<f64>()
    {
        return Value::Float(x);
    }
    match t {
        "true" => Value::Boolean(true),
        "false" => Value::Boolean(false),
        _ => Value::String(text.to_string()),
    }
}

/// A value as text for an input field.
pub fn value_text(v: Option<&Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Integer(i)) => i.to_string(),
        Some(Value::Float(x)) => {
            if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{x:.0}")
            } else {
                x.to_string()
            }
        }
        Some(other) => other.to_string(),
    }
}

/// The scenario being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The file's value tree.
    pub table: Table,
}

/// A document checked by the engine.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The resolved scenario, when the document is valid.
    pub loaded: Option<Loaded>,
    /// Every error, with its field path.
    pub errors: Vec<FieldError>,
}

impl Checked {
    /// Errors whose path is `path` or lies under it.
    pub fn errors_at(&self, path: impl AsRef<str>) -> Vec<&FieldError> {
        let path = path.as_ref();
        self.errors
            .iter()
            .filter(|e| {
                e.path == path
                    || e.path
                        .strip_prefix(path)
                        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
            })
            .collect()
    }
}

/// An amount typed into a budget cell: yen ≥ 0, with separators, `¥` and
/// `円` allowed; otherwise the message for the user, naming `cell`.
pub fn parse_yen(text: &str, cell: &str) -> Result<f64, Text> {
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '¥' | '円'))
        .collect();
    match plain.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(Text::new(
            format!("{cell} = {text:?}: amounts are yen, a number of at least 0 (e.g. 12500000)"),
            format!("{cell} = {text:?}: 金額は0以上の円の数値で入力してください（例: 12500000）"),
        )),
    }
}

impl Document {
    /// The document of a scenario file, refused (with every error) unless
    /// the whole scenario is valid: an import never replaces good work with
    /// a broken file.
    pub fn import(text: &str, format: Format, source: &str) -> Result<Document, ScenarioErrors> {
        let table = parse_tree(text, format, source)?;
        load_tree(&table, source, &no_files)?;
        Ok(Document { table })
    }

    /// The document of scenario text saved by the app itself (autosave,
    /// share links): parsed, but kept even if it does not validate, so the
    /// user can go on fixing it.
    pub fn from_saved(text: &str) -> Result<Document, ScenarioErrors> {
        parse_tree(text, Format::Toml, "saved scenario").map(|table| Document { table })
    }

    /// A built-in scenario.
    pub fn builtin(name: &str) -> Option<Document> {
        let text = crate::scenario::builtin::scenario_text(name)?;
        Document::from_saved(text).ok()
    }

    /// Check the document with the engine.
    pub fn check(&self) -> Checked {
        match load_tree(&self.table, "scenario", &no_files) {
            Ok(loaded) => Checked {
                loaded: Some(loaded),
                errors: Vec::new(),
            },
            Err(e) => Checked {
                loaded: None,
                errors: e.errors,
            },
        }
    }

    /// The document as TOML text (what is saved, exported and sent to the worker).
    pub fn to_toml(&self) -> String {
        toml::to_string(&self.table).unwrap_or_default()
    }

    /// The document as JSON text with the same fields.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.table).unwrap_or_default()
    }

    /// The scenario's `name`.
    pub fn name(&self) -> String {
        value_text(self.get(FieldPath::name()))
    }

    /// The scenario's title in `lang` (`title_ja` or `title`), or its
    /// name where it has none.
    pub fn title(&self, lang: Lang) -> String {
        Some(value_text(self.get(FieldPath::title(lang))))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| self.name())
    }

    /// The value at `path`.
    pub fn get(&self, path: impl AsRef<str>) -> Option<&Value> {
        get(&self.table, path.as_ref())
    }

    /// Set the value at `path` from what the user typed.
    pub fn set_input(&mut self, path: impl AsRef<str>, text: &str) {
        if text.trim().is_empty() {
            remove(&mut self.table, path.as_ref());
        } else {
            set(&mut self.table, path.as_ref(), input_value(text));
        }
    }

    /// Set the value at `path`.
    pub fn set(&mut self, path: impl AsRef<str>, value: Value) -> bool {
        set(&mut self.table, path.as_ref(), value)
    }

    /// Remove the value at `path`.
    pub fn remove(&mut self, path: impl AsRef<str>) -> bool {
        remove(&mut self.table, path.as_ref())
    }

    /// Write the `[model]` table for `model`: none for the default
    /// (version 2 with every mechanism on), the version, and under version
    /// 2 the switches that are off (version 1 takes no switches).
    pub fn set_model(&mut self, model: ModelSpec) {
        self.remove("model");
        if model == ModelSpec::default() {
            return;
        }
        self.set("model.version", Value::Integer(i64::from(model.version)));
        if model.version >= 2 {
            for m in Mechanism::ALL {
                if !model.mechanisms.get(m) {
                    self.set(
                        format!("model.mechanisms.{}", m.key()),
                        Value::Boolean(false),
                    );
                }
            }
        }
    }

    /// Number of items in the array at `path` (0 if none).
    pub fn len(&self, path: impl AsRef<str>) -> usize {
        self.get(path)
            .and_then(Value::as_array)
            .map_or(0, |a| a.len())
    }

    /// Set the all-ward total of `line` in fiscal year `fy` to `yen`, given
    /// the resolved scenario `loaded` of the current document. The change
    /// multiplies the line in every ward by the same factor (a
    /// `[[budget.scale]]` edit for that FY), so the spread over wards is
    /// kept. A line that is zero, or fixed per ward by a `[[budget.set]]`
    /// for all wards, is set instead, equally per ward.
    pub fn set_line_total(&mut self, loaded: &Loaded, fy: i32, line: BudgetLine, yen: f64) {
        let plan = &loaded.plan;
        let y = (fy - plan.start_fy) as usize;
        let wards = plan.wards.len().max(1) as f64;
        let current: f64 = plan
            .wards
            .iter()
            .filter_map(|w| w.budget.get(y))
            .map(|l| l.get(line))
            .sum();
        if current > 0.0 && !self.set_covers_all_wards(fy, line) {
            let k = self.editor_entry(BudgetEdit::Scale, fy);
            let path = FieldPath::edit_line(BudgetEdit::Scale, k, line);
            let old = self.get(&path).and_then(as_number).unwrap_or(1.0);
            self.set(&path, Value::Float(old * (yen / current)));
        } else {
            let k = self.editor_entry(BudgetEdit::Set, fy);
            let path = FieldPath::edit_line(BudgetEdit::Set, k, line);
            self.set(&path, Value::Float(yen / wards));
        }
    }

    /// Fix `line` of ward `ward` in fiscal year `fy` at `yen`.
    pub fn set_ward_line(&mut self, ward: &str, fy: i32, line: BudgetLine, yen: f64) {
        let list = BudgetEdit::Set;
        let n = self.len(FieldPath::edits(list));
        let only_ward = Value::Array(vec![ward.into()]);
        let only_fy = Value::Array(vec![Value::Integer(fy.into())]);
        let existing = (0..n).find(|&k| {
            self.get(FieldPath::edit_wards(list, k)) == Some(&only_ward)
                && self.get(FieldPath::edit_fiscal_years(list, k)) == Some(&only_fy)
        });
        let k = existing.unwrap_or_else(|| {
            self.set(FieldPath::edit_wards(list, n), only_ward);
            self.set(FieldPath::edit_fiscal_years(list, n), only_fy);
            n
        });
        self.set(FieldPath::edit_line(list, k, line), Value::Float(yen));
    }

    /// Whether a `[[budget.set]]` edit for all wards fixes `line` in `fy`.
    fn set_covers_all_wards(&self, fy: i32, line: BudgetLine) -> bool {
        let list = BudgetEdit::Set;
        (0..self.len(FieldPath::edits(list))).any(|k| {
            self.get(FieldPath::edit_wards(list, k)).is_none()
                && self.get(FieldPath::edit_line(list, k, line)).is_some()
                && match self.get(FieldPath::edit_fiscal_years(list, k)) {
                    None => true,
                    Some(Value::Array(years)) => years.contains(&Value::Integer(fy.into())),
                    Some(_) => false,
                }
        })
    }

    /// Index of the last edit in `list` that applies to all wards in `fy`
    /// alone, appending one if there is none.
    fn editor_entry(&mut self, list: BudgetEdit, fy: i32) -> usize {
        let n = self.len(FieldPath::edits(list));
        let only_fy = Value::Array(vec![Value::Integer(fy.into())]);
        if n > 0
            && self.get(FieldPath::edit_wards(list, n - 1)).is_none()
            && self.get(FieldPath::edit_fiscal_years(list, n - 1)) == Some(&only_fy)
        {
            return n - 1;
        }
        self.set(FieldPath::edit_fiscal_years(list, n), only_fy);
        n
    }

    /// Write the targets in force (the five defaults when the file lists
    /// none) into `run.targets`, so that they can be edited one by one.
    pub fn own_targets(&mut self, loaded: &Loaded) {
        if self.get(FieldPath::targets()).is_some() {
            return;
        }
        let items = loaded
            .plan
            .targets
            .iter()
            .map(|t| {
                let mut item = Table::new();
                item.insert("id".into(), t.id.clone().into());
                item.insert("metric".into(), t.metric.key().into());
                item.insert(t.direction.key().into(), Value::Float(t.threshold));
                Value::Table(item)
            })
            .collect();
        self.set(FieldPath::targets(), Value::Array(items));
    }

    /// The side of target `k` as written: at most when it gives `at_most`,
    /// at least otherwise.
    pub fn target_side(&self, k: usize) -> Direction {
        if self
            .get(FieldPath::target_threshold(k, Direction::AtMost))
            .is_some()
        {
            Direction::AtMost
        } else {
            Direction::AtLeast
        }
    }

    /// Make target `k` succeed at or above (`at_least`) or at or below
    /// (`at_most`) its threshold, keeping the threshold.
    pub fn set_target_side(&mut self, k: usize, side: &str) {
        let side = Direction::from_key(side).unwrap_or(Direction::AtLeast);
        let [at_least, at_most] =
            [Direction::AtLeast, Direction::AtMost].map(|d| FieldPath::target_threshold(k, d));
        let value = self.get(&at_least).or(self.get(&at_most)).cloned();
        self.remove(&at_least);
        self.remove(&at_most);
        self.set(
            FieldPath::target_threshold(k, side),
            value.unwrap_or(Value::Float(0.0)),
        );
    }

    /// Edit field `field` of target `k` (`id`, `metric`, `threshold` for
    /// the value on its side, or `side`) as `text`.
    pub fn edit_target(&mut self, k: usize, field: &str, text: &str) {
        match field {
            "side" => self.set_target_side(k, text),
            "threshold" => {
                let side = self.target_side(k);
                self.set_input(FieldPath::target_threshold(k, side), text);
            }
            "metric" => {
                self.set(FieldPath::target_metric(k), Value::String(text.into()));
            }
            _ => self.set_input(FieldPath::target_id(k), text),
        }
    }

    /// Add a target (at least 30,000 participants) after the others.
    pub fn add_target(&mut self) {
        let n = self.len(FieldPath::targets());
        let mut t = Table::new();
        t.insert("id".into(), format!("target-{}", n + 1).into());
        t.insert("metric".into(), TargetMetric::Participants.key().into());
        t.insert(Direction::AtLeast.key().into(), Value::Float(30_000.0));
        self.set(FieldPath::target(n), Value::Table(t));
    }

    /// Remove target `k`.
    pub fn remove_target(&mut self, k: usize) {
        self.remove(FieldPath::target(k));
    }

    /// Switch the budget to "a total and shares", starting from the
    /// resolved first fiscal year of `loaded` (same total, same shares,
    /// spread as the status quo), so nothing changes until the user moves
    /// a slider.
    pub fn use_total_basis(&mut self, loaded: &Loaded) {
        let mut lines = Lines::default();
        for w in &loaded.plan.wards {
            if let Some(b) = w.budget.first() {
                for line in BudgetLine::ALL {
                    lines.set(line, lines.get(line) + b.get(line));
                }
            }
        }
        let (total, shares) = shares::split(&lines);
        let mut budget = Table::new();
        budget.insert("basis".into(), "total".into());
        budget.insert("total".into(), Value::Float(total.round()));
        budget.insert("shares".into(), Value::Table(Table::new()));
        budget.insert("spread".into(), "status_quo".into());
        self.set(FieldPath::budget(), Value::Table(budget));
        self.write_shares(shares);
    }

    /// Switch the budget back to the status quo's lines (edits are dropped).
    pub fn use_status_quo_basis(&mut self) {
        let mut budget = Table::new();
        budget.insert("basis".into(), "status_quo".into());
        self.set(FieldPath::budget(), Value::Table(budget));
    }

    /// The seven shares of a total-basis budget, if it gives them as numbers.
    pub fn shares(&self) -> Option<[f64; LINE_COUNT]> {
        let mut out = [0.0; LINE_COUNT];
        for line in BudgetLine::ALL {
            out[line.index()] = match self.get(FieldPath::share(line)) {
                // A file of schema version 1 has no online share: 0.
                None if line == BudgetLine::Online => 0.0,
                value => as_number(value?)?,
            };
        }
        Some(out)
    }

    /// Move the share of `line` to `share` (0–1); the other lines keep
    /// their proportions among themselves, so the shares still sum to 1.
    pub fn set_share(&mut self, line: BudgetLine, share: f64) {
        if let Some(old) = self.shares() {
            self.write_shares(shares::set_share(Lines(old), line, share));
        }
    }

    fn write_shares(&mut self, shares: Lines) {
        for line in BudgetLine::ALL {
            self.set(FieldPath::share(line), Value::Float(shares.get(line)));
        }
    }
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}
