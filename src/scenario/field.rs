//! The fields of a scenario file by path, as the reader names them in its
//! messages (`run.runs`, `run.targets[2].at_most`, `budget.shares.training`).
//! A [`FieldPath`] is built only by the functions here, which follow the
//! schema, so that whoever edits a scenario by field (the app) names the
//! fields the reader knows; a test checks each against the reader. The
//! value at a path of a scenario's value tree is read, set and removed by
//! [`get`], [`set`] and [`remove`].

use std::fmt;

use toml::Value;
use toml::value::Table;

use crate::model::BudgetLine;
use crate::model::parameters::Param;
use crate::text::Lang;

use super::own_ward::OWN_WARD_KEY;
use super::plan::Direction;

/// The path of a field of a scenario file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(String);

/// The lists of budget edits (`[[budget.scale]]`, `[[budget.set]]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BudgetEdit {
    /// `[[budget.scale]]`: lines multiplied by a factor.
    Scale,
    /// `[[budget.set]]`: lines fixed at an amount per ward.
    Set,
}

impl BudgetEdit {
    fn key(self) -> &'static str {
        match self {
            BudgetEdit::Scale => "scale",
            BudgetEdit::Set => "set",
        }
    }
}

/// The fields of an outcome rule (`[[outcome_rules]]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleField {
    /// `id`.
    Id,
    /// `kind`: `per_unit`, `bonus` or `withhold`.
    Kind,
    /// `metric`.
    Metric,
    /// `rate` (per unit).
    Rate,
    /// `threshold` (per unit, bonus).
    Threshold,
    /// `cap` (per unit).
    Cap,
    /// `amount` (bonus).
    Amount,
    /// `fraction` (withhold).
    Fraction,
    /// `floor` (withhold).
    Floor,
    /// `target` (withhold).
    Target,
}

impl RuleField {
    /// The key in scenario files.
    pub fn key(self) -> &'static str {
        match self {
            RuleField::Id => "id",
            RuleField::Kind => "kind",
            RuleField::Metric => "metric",
            RuleField::Rate => "rate",
            RuleField::Threshold => "threshold",
            RuleField::Cap => "cap",
            RuleField::Amount => "amount",
            RuleField::Fraction => "fraction",
            RuleField::Floor => "floor",
            RuleField::Target => "target",
        }
    }

    /// The kinds of outcome rule.
    pub const KINDS: [&'static str; 3] = ["per_unit", "bonus", "withhold"];

    /// The figures a rule of kind `kind` takes besides its id, kind and
    /// metric (none for an unknown kind).
    pub fn figures(kind: &str) -> &'static [RuleField] {
        match kind {
            "per_unit" => &[RuleField::Rate, RuleField::Threshold, RuleField::Cap],
            "bonus" => &[RuleField::Threshold, RuleField::Amount],
            "withhold" => &[RuleField::Fraction, RuleField::Floor, RuleField::Target],
            _ => &[],
        }
    }
}

/// The figures of a ward's own section (`[my_ward]`) other than its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnWardField {
    /// `name`.
    Name,
    /// `name_ja`.
    NameJa,
    /// `population`.
    Population,
    /// `participants`.
    Participants,
    /// `untrained`.
    Untrained,
    /// `certified`.
    Certified,
    /// `bases`.
    Bases,
    /// `awareness`.
    Awareness,
    /// `continuation`.
    Continuation,
    /// `satisfaction`.
    Satisfaction,
}

impl OwnWardField {
    /// Every field, in the order of the app's form.
    pub const ALL: [OwnWardField; 10] = [
        OwnWardField::Name,
        OwnWardField::NameJa,
        OwnWardField::Population,
        OwnWardField::Participants,
        OwnWardField::Untrained,
        OwnWardField::Certified,
        OwnWardField::Bases,
        OwnWardField::Awareness,
        OwnWardField::Continuation,
        OwnWardField::Satisfaction,
    ];

    /// The key in scenario files.
    pub fn key(self) -> &'static str {
        match self {
            OwnWardField::Name => "name",
            OwnWardField::NameJa => "name_ja",
            OwnWardField::Population => "population",
            OwnWardField::Participants => "participants",
            OwnWardField::Untrained => "untrained",
            OwnWardField::Certified => "certified",
            OwnWardField::Bases => "bases",
            OwnWardField::Awareness => "awareness",
            OwnWardField::Continuation => "continuation",
            OwnWardField::Satisfaction => "satisfaction",
        }
    }
}

impl FieldPath {
    fn top(key: &str) -> FieldPath {
        FieldPath(key.to_string())
    }

    fn child(&self, key: &str) -> FieldPath {
        FieldPath(format!("{}.{key}", self.0))
    }

    fn item(&self, i: usize) -> FieldPath {
        FieldPath(format!("{}[{i}]", self.0))
    }

    /// The path as the reader writes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `name`.
    pub fn name() -> FieldPath {
        FieldPath::top("name")
    }

    /// `title` or, in Japanese, `title_ja`.
    pub fn title(lang: Lang) -> FieldPath {
        FieldPath::top(match lang {
            Lang::En => "title",
            Lang::Ja => "title_ja",
        })
    }

    /// `description` or, in Japanese, `description_ja`.
    pub fn description(lang: Lang) -> FieldPath {
        FieldPath::top(match lang {
            Lang::En => "description",
            Lang::Ja => "description_ja",
        })
    }

    /// `run.runs`.
    pub fn runs() -> FieldPath {
        FieldPath::top("run").child("runs")
    }

    /// `run.seed`.
    pub fn seed() -> FieldPath {
        FieldPath::top("run").child("seed")
    }

    /// `run.mode`.
    pub fn mode() -> FieldPath {
        FieldPath::top("run").child("mode")
    }

    /// `run.horizon`.
    pub fn horizon() -> FieldPath {
        FieldPath::top("run").child("horizon")
    }

    /// `run.first_fy`.
    pub fn first_fy() -> FieldPath {
        FieldPath::top("run").child("first_fy")
    }

    /// `run.targets`.
    pub fn targets() -> FieldPath {
        FieldPath::top("run").child("targets")
    }

    /// Target `i`: `run.targets[i]`.
    pub fn target(i: usize) -> FieldPath {
        FieldPath::targets().item(i)
    }

    /// The id of target `i`.
    pub fn target_id(i: usize) -> FieldPath {
        FieldPath::target(i).child("id")
    }

    /// The metric of target `i`.
    pub fn target_metric(i: usize) -> FieldPath {
        FieldPath::target(i).child("metric")
    }

    /// The threshold of target `i` on side `side` (`at_least`, `at_most`).
    pub fn target_threshold(i: usize, side: Direction) -> FieldPath {
        FieldPath::target(i).child(side.key())
    }

    /// `budget`.
    pub fn budget() -> FieldPath {
        FieldPath::top("budget")
    }

    /// `budget.basis`.
    pub fn basis() -> FieldPath {
        FieldPath::budget().child("basis")
    }

    /// `budget.total`.
    pub fn total() -> FieldPath {
        FieldPath::budget().child("total")
    }

    /// `budget.spread`.
    pub fn spread() -> FieldPath {
        FieldPath::budget().child("spread")
    }

    /// `budget.shares`.
    pub fn shares() -> FieldPath {
        FieldPath::budget().child("shares")
    }

    /// The share of `line`: `budget.shares.<line>`.
    pub fn share(line: BudgetLine) -> FieldPath {
        FieldPath::shares().child(line.key())
    }

    /// The list of budget edits `list`: `budget.scale` or `budget.set`.
    pub fn edits(list: BudgetEdit) -> FieldPath {
        FieldPath::budget().child(list.key())
    }

    /// Edit `k` of `list`.
    pub fn edit(list: BudgetEdit, k: usize) -> FieldPath {
        FieldPath::edits(list).item(k)
    }

    /// The amount (or factor) of `line` in edit `k` of `list`.
    pub fn edit_line(list: BudgetEdit, k: usize, line: BudgetLine) -> FieldPath {
        FieldPath::edit(list, k).child(line.key())
    }

    /// The wards edit `k` of `list` applies to (all when absent).
    pub fn edit_wards(list: BudgetEdit, k: usize) -> FieldPath {
        FieldPath::edit(list, k).child("wards")
    }

    /// The fiscal years edit `k` of `list` applies to (all when absent).
    pub fn edit_fiscal_years(list: BudgetEdit, k: usize) -> FieldPath {
        FieldPath::edit(list, k).child("fiscal_years")
    }

    /// `outcome_rules`.
    pub fn outcome_rules() -> FieldPath {
        FieldPath::top("outcome_rules")
    }

    /// Outcome rule `i`.
    pub fn outcome_rule(i: usize) -> FieldPath {
        FieldPath::outcome_rules().item(i)
    }

    /// Field `field` of outcome rule `i`.
    pub fn rule_field(i: usize, field: RuleField) -> FieldPath {
        FieldPath::outcome_rule(i).child(field.key())
    }

    /// The distribution of parameter `p`: `parameters.<name>`.
    pub fn parameter(p: Param) -> FieldPath {
        FieldPath::top("parameters").child(p.name())
    }

    /// A ward's own figures: `my_ward`.
    pub fn own_ward() -> FieldPath {
        FieldPath::top(OWN_WARD_KEY)
    }

    /// Field `field` of a ward's own figures.
    pub fn own_ward_field(field: OwnWardField) -> FieldPath {
        FieldPath::own_ward().child(field.key())
    }

    /// A ward's own current budget: `my_ward.status_quo_budget`.
    pub fn own_ward_budget() -> FieldPath {
        FieldPath::own_ward().child("status_quo_budget")
    }

    /// Line `line` of a ward's own current budget.
    pub fn own_ward_line(line: BudgetLine) -> FieldPath {
        FieldPath::own_ward_budget().child(line.key())
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for FieldPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<FieldPath> for String {
    fn from(path: FieldPath) -> String {
        path.0
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::message::Problem;
    use crate::scenario::{FieldError, Format, builtin, load_tree, parse_tree};

    /// The example of a ward's own figures.
    const OWN_WARD: &str = include_str!("../../scenarios/examples/my-ward.toml");

    fn table(text: &str) -> Table {
        parse_tree(text, Format::Toml, "test").expect("parses")
    }

    /// A scenario that has the section `path` lies in, so that the reader
    /// reads the keys there: a total and shares for the budget's shares, a
    /// rule of the right kind for a rule's figures, a ward's own section.
    fn base_for(path: &str, rule_kind: &str) -> Table {
        if path.starts_with(OWN_WARD_KEY) {
            return table(OWN_WARD);
        }
        let mut t = table(builtin::scenario_text("status-quo").expect("built in"));
        if path.starts_with("budget.total")
            || path.starts_with("budget.shares")
            || path.starts_with("budget.spread")
        {
            let mut budget = Table::new();
            budget.insert("basis".into(), "total".into());
            budget.insert("total".into(), Value::Float(1e9));
            let shares: Table = BudgetLine::ALL
                .iter()
                .map(|l| (l.key().to_string(), Value::Float(1.0 / 6.0)))
                .collect();
            budget.insert("shares".into(), Value::Table(shares));
            t.insert("budget".into(), Value::Table(budget));
        }
        if path.starts_with("outcome_rules") {
            let mut rule = Table::new();
            rule.insert("id".into(), "r".into());
            rule.insert("kind".into(), rule_kind.into());
            rule.insert("metric".into(), "continuation".into());
            t.insert(
                "outcome_rules".into(),
                Value::Array(vec![Value::Table(rule)]),
            );
        }
        t
    }

    /// The reader's errors on `t` that say a field is not one it knows.
    fn unknown(t: &Table) -> Vec<FieldError> {
        let errors = match load_tree(t, "test", &|p| Err(format!("{p}: no files"))) {
            Ok(_) => return Vec::new(),
            Err(e) => e.errors,
        };
        errors
            .into_iter()
            .filter(|e| {
                matches!(
                    e.problem,
                    Problem::UnknownField { .. } | Problem::UnknownParameter { .. }
                )
            })
            .collect()
    }

    /// Every path the functions of [`FieldPath`] build (index 0 of lists),
    /// with the kind of outcome rule whose section it lies in.
    fn every_path() -> Vec<(FieldPath, &'static str)> {
        let mut out: Vec<(FieldPath, &'static str)> = Vec::new();
        let mut plain = |p: FieldPath| out.push((p, "bonus"));
        for lang in [Lang::En, Lang::Ja] {
            plain(FieldPath::title(lang));
            plain(FieldPath::description(lang));
        }
        plain(FieldPath::name());
        for p in [
            FieldPath::runs(),
            FieldPath::seed(),
            FieldPath::mode(),
            FieldPath::horizon(),
            FieldPath::first_fy(),
            FieldPath::targets(),
            FieldPath::budget(),
            FieldPath::basis(),
            FieldPath::total(),
            FieldPath::spread(),
            FieldPath::shares(),
            FieldPath::outcome_rules(),
            FieldPath::own_ward(),
            FieldPath::own_ward_budget(),
        ] {
            plain(p);
        }
        plain(FieldPath::target(0));
        plain(FieldPath::target_id(0));
        plain(FieldPath::target_metric(0));
        plain(FieldPath::target_threshold(0, Direction::AtLeast));
        plain(FieldPath::target_threshold(0, Direction::AtMost));
        plain(FieldPath::outcome_rule(0));
        for list in [BudgetEdit::Scale, BudgetEdit::Set] {
            plain(FieldPath::edit(list, 0));
            plain(FieldPath::edit_wards(list, 0));
            plain(FieldPath::edit_fiscal_years(list, 0));
            for line in BudgetLine::ALL {
                plain(FieldPath::edit_line(list, 0, line));
            }
        }
        for line in BudgetLine::ALL {
            plain(FieldPath::share(line));
            plain(FieldPath::own_ward_line(line));
        }
        for p in Param::ALL {
            plain(FieldPath::parameter(*p));
        }
        for f in OwnWardField::ALL {
            plain(FieldPath::own_ward_field(f));
        }
        for kind in RuleField::KINDS {
            for f in [RuleField::Id, RuleField::Kind, RuleField::Metric]
                .iter()
                .chain(RuleField::figures(kind))
            {
                out.push((FieldPath::rule_field(0, *f), kind));
            }
        }
        out
    }

    #[test]
    fn every_path_is_a_field_the_reader_knows() {
        for (path, kind) in every_path() {
            let mut t = base_for(path.as_str(), kind);
            let value = get(&t, path.as_str()).cloned().unwrap_or(Value::Integer(1));
            assert!(set(&mut t, path.as_str(), value.clone()), "{path}");
            assert_eq!(get(&t, path.as_str()), Some(&value), "{path}");
            let errors = unknown(&t);
            assert!(errors.is_empty(), "{path}: {errors:?}");
            // The reader does read the keys there: a misspelt one is refused.
            if !path.as_str().ends_with(']') {
                let mut wrong = base_for(path.as_str(), kind);
                let misspelt = format!("{path}_x");
                assert!(set(&mut wrong, &misspelt, value), "{misspelt}");
                assert!(
                    unknown(&wrong).iter().any(|e| e.path == misspelt),
                    "{misspelt} was not refused"
                );
            }
        }
    }

    #[test]
    fn paths_read_as_the_reader_writes_them() {
        assert_eq!(FieldPath::runs().as_str(), "run.runs");
        assert_eq!(
            FieldPath::target_threshold(2, Direction::AtMost).to_string(),
            "run.targets[2].at_most"
        );
        assert_eq!(
            FieldPath::edit_line(BudgetEdit::Scale, 0, BudgetLine::ALL[0]).as_str(),
            format!("budget.scale[0].{}", BudgetLine::ALL[0].key())
        );
        assert_eq!(FieldPath::title(Lang::Ja).as_str(), "title_ja");
        assert_eq!(
            FieldPath::own_ward_field(OwnWardField::NameJa).as_str(),
            "my_ward.name_ja"
        );
    }

    #[test]
    fn values_are_set_read_and_removed_by_path() {
        let mut t = Table::new();
        assert!(set(&mut t, "run.targets[0].id", "a".into()));
        assert!(set(&mut t, "run.targets[1].id", "b".into()));
        // Only one past the end appends.
        assert!(!set(&mut t, "run.targets[5].id", "c".into()));
        assert_eq!(get(&t, "run.targets[1].id"), Some(&Value::from("b")));
        assert!(remove(&mut t, "run.targets[0]"));
        assert_eq!(get(&t, "run.targets[0].id"), Some(&Value::from("b")));
        assert!(!remove(&mut t, "run.targets[3]"));
        // A path through a value that is not a table is refused.
        assert!(set(&mut t, "run.runs", Value::Integer(5)));
        assert!(!set(&mut t, "run.runs.x", Value::Integer(5)));
        assert_eq!(get(&t, "run..runs"), None);
    }
}
