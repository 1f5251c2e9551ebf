//! The scenario being edited, held as the value tree of its file.
//!
//! The workspace edits the tree itself, field by field, and validates it
//! with the engine's own reader ([`load_tree`]), so every message and field
//! path shown next to a field is the one the CLI would print. What a user
//! types is stored as typed, even when it is wrong (the text `"abc"` where a
//! number belongs stays `"abc"` and is reported), so no input is ever lost.
//!
//! The budget table edits go through the file's own `[[budget.scale]]` and
//! `[[budget.set]]` edits, so an edited scenario stays a readable file.

use toml::Value;
use toml::value::Table;

use crate::job::no_files;
use crate::model::BudgetLine;
use crate::scenario::plan::Direction;
use crate::scenario::{FieldError, Format, Loaded, ScenarioErrors, load_tree, parse_tree};

/// One segment of a field path: a key, or a key and an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Segment<'a> {
    key: &'a str,
    index: Option<usize>,
}

fn segments(path: &str) -> Option<Vec<Segment<'_>>> {
    path.split('.')
        .map(|part| match part.split_once('[') {
            None if !part.is_empty() => Some(Segment {
                key: part,
                index: None,
            }),
            None => None,
            Some((key, rest)) => {
                let index = rest.strip_suffix(']')?.parse().ok()?;
                Some(Segment {
                    key,
                    index: Some(index),
                })
            }
        })
        .collect()
}

/// The value at `path` (`run.runs`, `budget.scale[0].training`).
pub fn get<'a>(table: &'a Table, path: &str) -> Option<&'a Value> {
    let segs = segments(path)?;
    let mut current: Option<&Value> = None;
    let mut table = table;
    for (i, seg) in segs.iter().enumerate() {
        let mut v = table.get(seg.key)?;
        if let Some(k) = seg.index {
            v = v.as_array()?.get(k)?;
        }
        if i + 1 < segs.len() {
            table = v.as_table()?;
        }
        current = Some(v);
    }
    current
}

/// Set the value at `path`, creating tables on the way. An index may point
/// one past the end of an array, which appends. Returns false when the path
/// runs through something that is not a table or array.
pub fn set(table: &mut Table, path: &str, value: Value) -> bool {
    let Some(segs) = segments(path) else {
        return false;
    };
    set_in(table, &segs, value)
}

fn set_in(table: &mut Table, segs: &[Segment<'_>], value: Value) -> bool {
    let (seg, rest) = match segs.split_first() {
        Some(x) => x,
        None => return false,
    };
    let slot = match seg.index {
        None if rest.is_empty() => {
            table.insert(seg.key.to_string(), value);
            return true;
        }
        None => table
            .entry(seg.key.to_string())
            .or_insert_with(|| Value::Table(Table::new())),
        Some(k) => {
            let array = table
                .entry(seg.key.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            let Some(items) = array.as_array_mut() else {
                return false;
            };
            if k == items.len() {
                items.push(Value::Table(Table::new()));
            }
            let Some(item) = items.get_mut(k) else {
                return false;
            };
            if rest.is_empty() {
                *item = value;
                return true;
            }
            item
        }
    };
    match slot.as_table_mut() {
        Some(t) => set_in(t, rest, value),
        None => false,
    }
}

/// Remove the value at `path` (an array item is taken out of its array).
pub fn remove(table: &mut Table, path: &str) -> bool {
    let Some(segs) = segments(path) else {
        return false;
    };
    let Some((last, parents)) = segs.split_last() else {
        return false;
    };
    let mut t = table;
    for seg in parents {
        let Some(v) = t.get_mut(seg.key) else {
            return false;
        };
        let v = match seg.index {
            Some(k) => match v.as_array_mut().and_then(|a| a.get_mut(k)) {
                Some(item) => item,
                None => return false,
            },
            None => v,
        };
        let Some(next) = v.as_table_mut() else {
            return false;
        };
        t = next;
    }
    match last.index {
        None => t.remove(last.key).is_some(),
        Some(k) => match t.get_mut(last.key).and_then(Value::as_array_mut) {
            Some(items) if k < items.len() => {
                items.remove(k);
                true
            }
            _ => false,
        },
    }
}

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
    pub fn errors_at(&self, path: &str) -> Vec<&FieldError> {
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
        value_text(self.table.get("name"))
    }

    /// The scenario's title in `lang` (`title_ja` or `title`), or its
    /// name where it has none.
    pub fn title(&self, lang: super::i18n::Lang) -> String {
        let key = match lang {
            super::i18n::Lang::Ja => "title_ja",
            super::i18n::Lang::En => "title",
        };
        Some(value_text(self.table.get(key)))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| self.name())
    }

    /// The value at `path`.
    pub fn get(&self, path: &str) -> Option<&Value> {
        get(&self.table, path)
    }

    /// Set the value at `path` from what the user typed.
    pub fn set_input(&mut self, path: &str, text: &str) {
        if text.trim().is_empty() {
            remove(&mut self.table, path);
        } else {
            set(&mut self.table, path, input_value(text));
        }
    }

    /// Set the value at `path`.
    pub fn set(&mut self, path: &str, value: Value) -> bool {
        set(&mut self.table, path, value)
    }

    /// Remove the value at `path`.
    pub fn remove(&mut self, path: &str) -> bool {
        remove(&mut self.table, path)
    }

    /// Number of items in the array at `path` (0 if none).
    pub fn len(&self, path: &str) -> usize {
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
            let k = self.editor_entry("budget.scale", fy);
            let path = format!("budget.scale[{k}].{}", line.key());
            let old = self.get(&path).and_then(as_number).unwrap_or(1.0);
            self.set(&path, Value::Float(old * (yen / current)));
        } else {
            let k = self.editor_entry("budget.set", fy);
            let path = format!("budget.set[{k}].{}", line.key());
            self.set(&path, Value::Float(yen / wards));
        }
    }

    /// Fix `line` of ward `ward` in fiscal year `fy` at `yen`.
    pub fn set_ward_line(&mut self, ward: &str, fy: i32, line: BudgetLine, yen: f64) {
        let n = self.len("budget.set");
        let existing = (0..n).find(|&k| {
            let item = format!("budget.set[{k}]");
            self.get(&format!("{item}.wards")) == Some(&Value::Array(vec![ward.into()]))
                && self.get(&format!("{item}.fiscal_years"))
                    == Some(&Value::Array(vec![Value::Integer(fy.into())]))
        });
        let k = existing.unwrap_or_else(|| {
            self.set(
                &format!("budget.set[{n}].wards"),
                Value::Array(vec![ward.into()]),
            );
            self.set(
                &format!("budget.set[{n}].fiscal_years"),
                Value::Array(vec![Value::Integer(fy.into())]),
            );
            n
        });
        self.set(
            &format!("budget.set[{k}].{}", line.key()),
            Value::Float(yen),
        );
    }

    /// Whether a `[[budget.set]]` edit for all wards fixes `line` in `fy`.
    fn set_covers_all_wards(&self, fy: i32, line: BudgetLine) -> bool {
        (0..self.len("budget.set")).any(|k| {
            let item = format!("budget.set[{k}]");
            self.get(&format!("{item}.wards")).is_none()
                && self.get(&format!("{item}.{}", line.key())).is_some()
                && match self.get(&format!("{item}.fiscal_years")) {
                    None => true,
                    Some(Value::Array(years)) => years.contains(&Value::Integer(fy.into())),
                    Some(_) => false,
                }
        })
    }

    /// Index of the last edit in `list` that applies to all wards in `fy`
    /// alone, appending one if there is none.
    fn editor_entry(&mut self, list: &str, fy: i32) -> usize {
        let n = self.len(list);
        let only_fy = Value::Array(vec![Value::Integer(fy.into())]);
        if n > 0 {
            let item = format!("{list}[{}]", n - 1);
            if self.get(&format!("{item}.wards")).is_none()
                && self.get(&format!("{item}.fiscal_years")) == Some(&only_fy)
            {
                return n - 1;
            }
        }
        self.set(&format!("{list}[{n}].fiscal_years"), only_fy);
        n
    }

    /// Write the targets in force (the five defaults when the file lists
    /// none) into `run.targets`, so that they can be edited one by one.
    pub fn own_targets(&mut self, loaded: &Loaded) {
        if self.get("run.targets").is_some() {
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
                let side = match t.direction {
                    Direction::AtLeast => "at_least",
                    Direction::AtMost => "at_most",
                };
                item.insert(side.into(), Value::Float(t.threshold));
                Value::Table(item)
            })
            .collect();
        self.set("run.targets", Value::Array(items));
    }

    /// Make target `k` succeed at or above (`at_least`) or at or below
    /// (`at_most`) its threshold, keeping the threshold.
    pub fn set_target_side(&mut self, k: usize, side: &str) {
        let base = format!("run.targets[{k}]");
        let value = ["at_least", "at_most"]
            .iter()
            .find_map(|key| self.get(&format!("{base}.{key}")).cloned());
        self.remove(&format!("{base}.at_least"));
        self.remove(&format!("{base}.at_most"));
        self.set(
            &format!("{base}.{side}"),
            value.unwrap_or(Value::Float(0.0)),
        );
    }

    /// Switch the budget to "a total and shares", starting from the
    /// resolved first fiscal year of `loaded` (same total, same shares,
    /// spread as the status quo), so nothing changes until the user moves
    /// a slider.
    pub fn use_total_basis(&mut self, loaded: &Loaded) {
        let mut lines = [0.0; 6];
        for w in &loaded.plan.wards {
            if let Some(b) = w.budget.first() {
                for (sum, x) in lines.iter_mut().zip(b.0) {
                    *sum += x;
                }
            }
        }
        let total: f64 = lines.iter().sum();
        let mut budget = Table::new();
        budget.insert("basis".into(), "total".into());
        budget.insert("total".into(), Value::Float(total.round()));
        let mut shares = Table::new();
        for line in BudgetLine::ALL {
            let share = if total > 0.0 {
                lines[line.index()] / total
            } else {
                1.0 / 6.0
            };
            shares.insert(line.key().into(), Value::Float(share));
        }
        budget.insert("shares".into(), Value::Table(shares));
        budget.insert("spread".into(), "status_quo".into());
        self.table.insert("budget".into(), Value::Table(budget));
        self.normalise_shares(None);
    }

    /// Switch the budget back to the status quo's lines (edits are dropped).
    pub fn use_status_quo_basis(&mut self) {
        let mut budget = Table::new();
        budget.insert("basis".into(), "status_quo".into());
        self.table.insert("budget".into(), Value::Table(budget));
    }

    /// The six shares of a total-basis budget, if it gives them as numbers.
    pub fn shares(&self) -> Option<[f64; 6]> {
        let t = self.get("budget.shares")?.as_table()?;
        let mut out = [0.0; 6];
        for line in BudgetLine::ALL {
            out[line.index()] = as_number(t.get(line.key())?)?;
        }
        Some(out)
    }

    /// Move the share of `line` to `share` (0–1); the other lines keep
    /// their proportions among themselves, so the shares still sum to 1.
    pub fn set_share(&mut self, line: BudgetLine, share: f64) {
        let Some(mut shares) = self.shares() else {
            return;
        };
        shares[line.index()] = share.clamp(0.0, 1.0);
        self.write_shares(shares);
        self.normalise_shares(Some(line));
    }

    fn write_shares(&mut self, shares: [f64; 6]) {
        for line in BudgetLine::ALL {
            self.set(
                &format!("budget.shares.{}", line.key()),
                Value::Float(shares[line.index()]),
            );
        }
    }

    /// Rescale the shares other than `fixed` so that all six sum to 1, to
    /// well within the validator's 1e-9.
    fn normalise_shares(&mut self, fixed: Option<BudgetLine>) {
        let Some(mut shares) = self.shares() else {
            return;
        };
        let keep = fixed.map_or(0.0, |l| shares[l.index()]);
        let others: f64 = BudgetLine::ALL
            .iter()
            .filter(|l| Some(**l) != fixed)
            .map(|l| shares[l.index()])
            .sum();
        let room = 1.0 - keep;
        let free: Vec<BudgetLine> = BudgetLine::ALL
            .into_iter()
            .filter(|l| Some(*l) != fixed)
            .collect();
        for l in &free {
            shares[l.index()] = if others > 0.0 {
                shares[l.index()] / others * room
            } else {
                room / free.len() as f64
            };
        }
        // Put the rounding remainder on the largest free share.
        if let Some(big) = free.iter().copied().max_by(|a, b| {
            shares[a.index()]
                .partial_cmp(&shares[b.index()])
                .unwrap_or(std::cmp::Ordering::Equal)
        }) {
            let rest: f64 = BudgetLine::ALL
                .iter()
                .filter(|l| **l != big)
                .map(|l| shares[l.index()])
                .sum();
            shares[big.index()] = (1.0 - rest).max(0.0);
        }
        self.write_shares(shares);
    }
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}
