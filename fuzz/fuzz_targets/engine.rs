//! The engine on arbitrary valid scenarios. The input picks a built-in
//! scenario and edits its value tree: money, shares and share shifts,
//! distributions, unit costs, the horizon, the mode, targets, outcome rules,
//! per-ward lines and the ward data itself. Whatever validation accepts is
//! run (a few runs, so each case is fast), cut into two shards and merged,
//! and reported. Nothing may panic, and no figure of the report may be NaN
//! or infinite.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use toml::Value;
use toml::value::Table;

use sasaeai::model::outcome::RuleMetric;
use sasaeai::model::{BudgetLine, Param};
use sasaeai::scenario::{Format, builtin, load_tree, parse_tree};
use sasaeai::scenario::plan::TargetMetric;
use sasaeai::selfcheck;

/// A number, mostly in the ranges scenarios use, sometimes anything.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Num {
    /// 0 to 1 in steps of 1/255.
    Unit(u8),
    /// 0 to 65,535.
    Count(u16),
    /// Yen: 0 to about 4.3e12 in steps of 1,000.
    Yen(u32),
    /// −1 to 1.
    Signed(i8),
    /// A small whole number.
    Whole(i8),
    /// Any bits, NaN and infinities included.
    Raw(f64),
}

impl Num {
    fn value(self) -> f64 {
        match self {
            Num::Unit(x) => f64::from(x) / 255.0,
            Num::Count(x) => f64::from(x),
            Num::Yen(x) => f64::from(x) * 1000.0,
            Num::Signed(x) => f64::from(x) / 127.0,
            Num::Whole(x) => f64::from(x),
            Num::Raw(x) => x,
        }
    }

    fn toml(self) -> Value {
        match self {
            Num::Whole(x) => Value::Integer(i64::from(x)),
            Num::Count(x) => Value::Integer(i64::from(x)),
            other => Value::Float(other.value()),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Dist {
    Fixed(Num),
    Uniform(Num, Num),
    Triangular(Num, Num, Num),
    Pert(Num, Num, Num),
    Normal(Num, Num, Option<(Num, Num)>),
    LogNormal(Num, Num),
    Beta(Num, Num),
}

impl Dist {
    fn text(&self) -> String {
        let v = |n: &Num| n.value();
        match self {
            Dist::Fixed(a) => format!("fixed({})", v(a)),
            Dist::Uniform(a, b) => format!("uniform({},{})", v(a), v(b)),
            Dist::Triangular(a, b, c) => format!("triangular({},{},{})", v(a), v(b), v(c)),
            Dist::Pert(a, b, c) => format!("pert({},{},{})", v(a), v(b), v(c)),
            Dist::Normal(a, b, None) => format!("normal({},{})", v(a), v(b)),
            Dist::Normal(a, b, Some((lo, hi))) => {
                format!("normal({},{},{},{})", v(a), v(b), v(lo), v(hi))
            }
            Dist::LogNormal(a, b) => format!("lognormal(median={},sigma={})", v(a), v(b)),
            Dist::Beta(a, b) => format!("beta({},{})", v(a), v(b)),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Edit {
    /// A parameter's distribution, optionally with a per-ward variation.
    Parameter {
        param: u8,
        dist: Dist,
        ward_variation: Option<Num>,
    },
    /// A unit cost (fte, seat, supervision_month, base).
    UnitCost { which: u8, value: Num },
    /// basis = "total" with amounts, shares, a shift and a spread.
    Total {
        amounts: Vec<Num>,
        shares: Option<[Num; 6]>,
        shift: Option<[Num; 6]>,
        spread: u8,
    },
    /// A `scale` or `set` edit of some lines of some wards in some FYs.
    Lines {
        set: bool,
        wards: Option<Vec<u8>>,
        years: Option<Vec<u8>>,
        values: Vec<(u8, Num)>,
    },
    /// An outcome rule.
    Rule {
        kind: u8,
        metric: u8,
        a: Num,
        b: Num,
        c: Option<Num>,
    },
    /// A target.
    Target {
        metric: u8,
        at_most: bool,
        threshold: Num,
    },
    /// One field of one ward of an inline copy of the ward data.
    Ward { ward: u8, field: u8, value: Num },
    /// A field of the status-quo rule of an inline copy of the ward data.
    StatusQuoRule { field: u8, value: Num },
    /// Drop wards from an inline copy of the ward data, keeping `keep`.
    KeepWards { keep: Vec<u8> },
}

#[derive(Arbitrary, Debug)]
struct Input {
    /// Which built-in scenario to start from.
    base: u8,
    /// 1 to 6 runs.
    runs: u8,
    /// Fiscal years, 1 to 20.
    horizon: u8,
    seed: u64,
    expected: bool,
    edits: Vec<Edit>,
}

fn pick<T: Copy>(items: &[T], i: u8) -> T {
    items[usize::from(i) % items.len()]
}

fn table<'a>(root: &'a mut Table, key: &str) -> &'a mut Table {
    let entry = root
        .entry(key.to_string())
        .or_insert_with(|| Value::Table(Table::new()));
    if !entry.is_table() {
        *entry = Value::Table(Table::new());
    }
    entry.as_table_mut().expect("a table")
}

fn push(root: &mut Table, key: &str, item: Table) {
    let entry = root
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !entry.is_array() {
        *entry = Value::Array(Vec::new());
    }
    entry
        .as_array_mut()
        .expect("an array")
        .push(Value::Table(item));
}

/// The scenario's wards as an inline table (from the built-in data it names).
fn inline_wards(root: &mut Table) -> Option<&mut Table> {
    if let Some(Value::String(name)) = root.get("wards") {
        let text = builtin::ward_text(name)?;
        let tree = parse_tree(text, Format::Toml, name).ok()?;
        root.insert("wards".into(), Value::Table(tree));
    }
    if root.contains_key("my_ward") {
        return None;
    }
    if !root.contains_key("wards") {
        let text = builtin::ward_text("tokyo-23")?;
        let tree = parse_tree(text, Format::Toml, "tokyo-23").ok()?;
        root.insert("wards".into(), Value::Table(tree));
    }
    root.get_mut("wards")?.as_table_mut()
}

fn apply(root: &mut Table, edit: &Edit, first_fy: i64, ward_names: &[String]) {
    let lines = BudgetLine::ALL.map(|l| l.key());
    match edit {
        Edit::Parameter {
            param,
            dist,
            ward_variation,
        } => {
            let name = pick(Param::ALL, *param).name();
            let value = match ward_variation {
                None => Value::String(dist.text()),
                Some(w) => {
                    let mut t = Table::new();
                    t.insert("distribution".into(), Value::String(dist.text()));
                    t.insert("ward_variation".into(), w.toml());
                    Value::Table(t)
                }
            };
            table(root, "parameters").insert(name.into(), value);
        }
        Edit::UnitCost { which, value } => {
            let key = pick(&["fte", "seat", "supervision_month", "base"], *which);
            table(root, "unit_costs").insert(key.into(), value.toml());
        }
        Edit::Total {
            amounts,
            shares,
            shift,
            spread,
        } => {
            let b = table(root, "budget");
            b.insert("basis".into(), Value::String("total".into()));
            let total = match amounts.as_slice() {
                [] => Value::Float(1.28e9),
                [one] => one.toml(),
                many => Value::Array(many.iter().take(20).map(|x| x.toml()).collect()),
            };
            b.insert("total".into(), total);
            match shares {
                Some(s) => {
                    // Normalise so that the shares usually sum to 1.
                    let sum: f64 = s.iter().map(|x| x.value()).sum();
                    let mut t = Table::new();
                    for (k, x) in lines.iter().zip(s) {
                        let v = x.value();
                        let v = if sum > 0.0 && sum.is_finite() {
                            v / sum
                        } else {
                            v
                        };
                        t.insert((*k).into(), Value::Float(v));
                    }
                    b.insert("shares".into(), Value::Table(t));
                }
                None => {
                    b.insert("shares".into(), Value::String("status_quo".into()));
                }
            }
            if let Some(s) = shift {
                // Centre the shift so that it usually sums to 0.
                let mean: f64 = s.iter().map(|x| x.value()).sum::<f64>() / 6.0;
                let mut centred = Table::new();
                for (k, x) in lines.iter().zip(s) {
                    centred.insert((*k).into(), Value::Float((x.value() - mean) / 10.0));
                }
                b.insert("share_shift".into(), Value::Table(centred));
            }
            let spread = pick(
                &["per_resident", "per_participant", "equal", "status_quo"],
                *spread,
            );
            b.insert("spread".into(), Value::String(spread.into()));
        }
        Edit::Lines {
            set,
            wards,
            years,
            values,
        } => {
            let mut t = Table::new();
            for (line, x) in values.iter().take(6) {
                t.insert(pick(&lines, *line).into(), x.toml());
            }
            if t.is_empty() {
                t.insert("grants".into(), Value::Float(1.0));
            }
            if let Some(ws) = wards {
                if !ward_names.is_empty() {
                    let mut names: Vec<Value> = Vec::new();
                    for w in ws.iter().take(23) {
                        let name = ward_names[usize::from(*w) % ward_names.len()].clone();
                        if !names.iter().any(|n| n.as_str() == Some(name.as_str())) {
                            names.push(Value::String(name));
                        }
                    }
                    t.insert("wards".into(), Value::Array(names));
                }
            }
            if let Some(ys) = years {
                let mut fys: Vec<Value> = Vec::new();
                for y in ys.iter().take(20) {
                    let fy = first_fy + i64::from(*y % 20);
                    if !fys.iter().any(|v| v.as_integer() == Some(fy)) {
                        fys.push(Value::Integer(fy));
                    }
                }
                t.insert("fiscal_years".into(), Value::Array(fys));
            }
            push(table(root, "budget"), if *set { "set" } else { "scale" }, t);
        }
        Edit::Rule {
            kind,
            metric,
            a,
            b,
            c,
        } => {
            let n = root
                .get("outcome_rules")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let mut t = Table::new();
            t.insert("id".into(), Value::String(format!("rule-{n}")));
            let metric = pick(&RuleMetric::ALL, *metric).key();
            t.insert("metric".into(), Value::String(metric.into()));
            match kind % 3 {
                0 => {
                    t.insert("kind".into(), Value::String("per_unit".into()));
                    t.insert("rate".into(), a.toml());
                    t.insert("threshold".into(), b.toml());
                    if let Some(c) = c {
                        t.insert("cap".into(), c.toml());
                    }
                }
                1 => {
                    t.insert("kind".into(), Value::String("bonus".into()));
                    t.insert("threshold".into(), a.toml());
                    t.insert("amount".into(), b.toml());
                }
                _ => {
                    t.insert("kind".into(), Value::String("withhold".into()));
                    t.insert("fraction".into(), a.toml());
                    let floor = b.value();
                    t.insert("floor".into(), Value::Float(floor));
                    let target = c.map_or(floor + 0.1, |c| floor + c.value().abs() + 1e-3);
                    t.insert("target".into(), Value::Float(target));
                }
            }
            push(root, "outcome_rules", t);
        }
        Edit::Target {
            metric,
            at_most,
            threshold,
        } => {
            let run = table(root, "run");
            let n = run
                .get("targets")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let mut t = Table::new();
            t.insert("id".into(), Value::String(format!("target-{n}")));
            let metric = pick(&TargetMetric::ALL, *metric).key();
            t.insert("metric".into(), Value::String(metric.into()));
            let key = if *at_most { "at_most" } else { "at_least" };
            t.insert(key.into(), threshold.toml());
            push(run, "targets", t);
        }
        Edit::Ward { ward, field, value } => {
            let Some(data) = inline_wards(root) else {
                return;
            };
            let Some(Value::Array(wards)) = data.get_mut("wards") else {
                return;
            };
            if wards.is_empty() {
                return;
            }
            let i = usize::from(*ward) % wards.len();
            let Some(w) = wards[i].as_table_mut() else {
                return;
            };
            let key = pick(
                &[
                    "population",
                    "participants",
                    "untrained",
                    "certified",
                    "bases",
                    "awareness",
                    "status_quo_budget",
                ],
                *field,
            );
            if key == "status_quo_budget" {
                let mut t = Table::new();
                for (k, x) in lines.iter().enumerate() {
                    t.insert((*x).into(), Value::Float(value.value() * (k + 1) as f64));
                }
                w.insert(key.into(), Value::Table(t));
            } else {
                w.insert(key.into(), value.toml());
            }
        }
        Edit::StatusQuoRule { field, value } => {
            let Some(data) = inline_wards(root) else {
                return;
            };
            let key = pick(
                &[
                    "total_budget",
                    "staff_fte",
                    "supervision_share",
                    "awareness_share",
                ],
                *field,
            );
            table(data, "status_quo").insert(key.into(), value.toml());
        }
        Edit::KeepWards { keep } => {
            let Some(data) = inline_wards(root) else {
                return;
            };
            let Some(Value::Array(wards)) = data.get_mut("wards") else {
                return;
            };
            if wards.is_empty() || keep.is_empty() {
                return;
            }
            let mut kept: Vec<usize> = keep.iter().map(|k| usize::from(*k) % wards.len()).collect();
            kept.sort_unstable();
            kept.dedup();
            let chosen: Vec<Value> = kept.iter().map(|&i| wards[i].clone()).collect();
            *wards = chosen;
        }
    }
}

fuzz_target!(|input: Input| {
    let (name, text) = builtin::SCENARIOS[usize::from(input.base) % builtin::SCENARIOS.len()];
    let Ok(mut root) = parse_tree(text, Format::Toml, name) else {
        panic!("built-in scenario {name} does not parse");
    };
    let horizon = 1 + i64::from(input.horizon % 20);
    let runs = 1 + i64::from(input.runs % 6);
    {
        let run = table(&mut root, "run");
        run.insert("runs".into(), Value::Integer(runs));
        run.insert("horizon".into(), Value::Integer(horizon));
        run.insert("seed".into(), Value::Integer((input.seed >> 1) as i64));
        let mode = if input.expected {
            "expected"
        } else {
            "stochastic"
        };
        run.insert("mode".into(), Value::String(mode.into()));
    }
    // Budget edits name fiscal years of the horizon; drop any of the base
    // scenario's that fall outside a shorter one, and a per-FY total of the
    // wrong length.
    let first_fy = root
        .get("run")
        .and_then(|r| r.get("first_fy"))
        .and_then(Value::as_integer)
        .unwrap_or(2025);
    if let Some(Value::Table(b)) = root.get_mut("budget") {
        for key in ["scale", "set"] {
            if let Some(Value::Array(edits)) = b.get_mut(key) {
                for e in edits.iter_mut() {
                    if let Some(Value::Array(fys)) = e.get_mut("fiscal_years") {
                        fys.retain(|y| y.as_integer().is_some_and(|y| y < first_fy + horizon));
                    }
                }
            }
        }
        if let Some(Value::Array(total)) = b.get_mut("total") {
            total.truncate(1);
        }
    }
    let ward_names: Vec<String> = {
        let data = match root.get("wards") {
            Some(Value::Table(t)) => Some(t.clone()),
            Some(Value::String(n)) => {
                builtin::ward_text(n).and_then(|t| parse_tree(t, Format::Toml, n).ok())
            }
            _ => None,
        };
        data.and_then(|d| d.get("wards").and_then(Value::as_array).cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|w| w.get("name").and_then(Value::as_str).map(str::to_string))
            .collect()
    };
    for edit in input.edits.iter().take(16) {
        apply(&mut root, edit, first_fy, &ward_names);
    }

    // To keep a failing case as a scenario file for tests/data/fuzz/engine/:
    // SASAEAI_FUZZ_DUMP=case.toml cargo +nightly fuzz run engine ARTIFACT
    if let Ok(path) = std::env::var("SASAEAI_FUZZ_DUMP") {
        let text = toml::to_string_pretty(&root).expect("a value tree writes as TOML");
        std::fs::write(&path, text).expect("write the dump");
    }
    match load_tree(&root, "fuzz", &|p| Err(format!("{p}: no files here"))) {
        Ok(loaded) => {
            if let Err(m) = selfcheck::check_run(&loaded) {
                panic!("{m}");
            }
        }
        Err(e) => {
            if let Err(m) = selfcheck::check_errors(&e) {
                panic!("{m}");
            }
        }
    }
});
