//! The scenario file schema (version 1): reading with validation, and
//! writing back to the same form (TOML or JSON).
//!
//! Every field and its meaning is documented in README.md, "Scenario files".

use toml::Value;
use toml::value::Table;

use super::plan::{Direction, Mode, Target, TargetMetric};
use crate::model::distribution::Distribution;
use crate::model::outcome::{OutcomeRule, RuleKind, RuleMetric};
use crate::model::parameters::{Origin, Param};
use crate::model::{BudgetLine, Lines, UnitCosts};

use crate::text::format::round_sig;

use super::message::{Phrase, Problem, Shown};
use super::own_ward::{OWN_WARD_KEY, OwnWard, read_own_ward};
use super::read::{Reader, describe, index, join};
use super::wards::{WardData, read_ward_data, ward_data_to_value};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = 1;
/// Most runs a scenario may ask for, and most runs one process runs.
pub const MAX_RUNS: i64 = 1_000_000;
/// Most runs of a batch split into shards (`sasaeai run --shard`), each
/// shard running at most [`MAX_RUNS`].
pub const MAX_BATCH_RUNS: i64 = 1_000_000_000;
/// Most fiscal years a scenario may simulate.
pub const MAX_HORIZON: i64 = 20;

/// File format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TOML (the usual form).
    Toml,
    /// JSON with the same fields.
    Json,
}

/// Where a scenario's wards come from.
#[derive(Clone, Debug, PartialEq)]
pub enum WardSource {
    /// A built-in data set (`tokyo-23`) or a path to a ward data file.
    Named(String),
    /// A data set written inside the scenario.
    Inline(Box<WardData>),
    /// One ward's own figures (the `[my_ward]` section).
    Own(Box<OwnWard>),
}

/// Run settings.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSettings {
    /// Monte Carlo runs (1–1,000,000).
    pub runs: u64,
    /// Seed of every random stream.
    pub seed: u64,
    /// Expected or stochastic.
    pub mode: Mode,
    /// Fiscal years simulated (1–20).
    pub horizon: usize,
    /// First fiscal year.
    pub first_fy: i32,
    /// Targets (the five defaults when the file gives none).
    pub targets: Vec<Target>,
    /// Whether the file listed its own targets.
    pub targets_given: bool,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            runs: 10_000,
            seed: 1,
            mode: Mode::Stochastic,
            horizon: 5,
            first_fy: 2025,
            targets: Target::defaults(),
            targets_given: false,
        }
    }
}

/// A scenario's change to one parameter of MODEL.md §3.
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterOverride {
    /// The parameter.
    pub param: Param,
    /// Its distribution.
    pub distribution: Distribution,
    /// Origin label, if the scenario changes it.
    pub origin: Option<Origin>,
    /// Log-sd of the per-ward multiplicative variation, if any.
    pub ward_variation: Option<f64>,
}

/// How a total is spread over wards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spread {
    /// In proportion to population.
    PerResident,
    /// In proportion to initial participants.
    PerParticipant,
    /// Equal amounts.
    Equal,
    /// Each line as the status quo spreads it.
    StatusQuo,
}

impl Spread {
    /// Keys in files.
    pub const KEYS: [&'static str; 4] = ["per_resident", "per_participant", "equal", "status_quo"];

    /// Key in files.
    pub fn key(self) -> &'static str {
        match self {
            Spread::PerResident => "per_resident",
            Spread::PerParticipant => "per_participant",
            Spread::Equal => "equal",
            Spread::StatusQuo => "status_quo",
        }
    }

    /// The rule with key `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "per_resident" => Some(Spread::PerResident),
            "per_participant" => Some(Spread::PerParticipant),
            "equal" => Some(Spread::Equal),
            "status_quo" => Some(Spread::StatusQuo),
            _ => None,
        }
    }
}

/// Where the budget starts from.
#[derive(Clone, Debug, PartialEq)]
pub enum Basis {
    /// Every ward's status-quo lines in every FY.
    StatusQuo,
    /// A total per FY split into lines by shares and spread over wards.
    Total {
        /// Yen per FY: one value for every FY, or one per FY.
        amounts: Vec<f64>,
        /// Shares of the six lines (the status quo's when absent).
        shares: Option<Lines>,
        /// Points of share moved between lines (sums to 0).
        shift: Option<Lines>,
        /// How each line is spread over wards.
        spread: Spread,
    },
}

/// A change to some lines of some wards in some FYs.
#[derive(Clone, Debug, PartialEq)]
pub struct LineEdit {
    /// Wards affected (all when absent).
    pub wards: Option<Vec<String>>,
    /// Fiscal years affected (all when absent).
    pub fiscal_years: Option<Vec<i32>>,
    /// Value per line (factor for `scale`, yen per FY for `set`).
    pub values: [Option<f64>; 6],
}

/// The budget of a scenario: a basis, then `scale` edits, then `set` edits.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetSpec {
    /// Starting point.
    pub basis: Basis,
    /// Multiplications, applied in order.
    pub scale: Vec<LineEdit>,
    /// Amounts, applied in order after every scale.
    pub set: Vec<LineEdit>,
}

impl Default for BudgetSpec {
    fn default() -> Self {
        BudgetSpec {
            basis: Basis::StatusQuo,
            scale: Vec::new(),
            set: Vec::new(),
        }
    }
}

/// A scenario as written in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Short name (`status-quo`).
    pub name: String,
    /// Title in English.
    pub title: Option<String>,
    /// Title in Japanese.
    pub title_ja: Option<String>,
    /// Description in English.
    pub description: String,
    /// Description in Japanese.
    pub description_ja: Option<String>,
    /// Ward data.
    pub wards: WardSource,
    /// Run settings.
    pub run: RunSettings,
    /// Parameter changes.
    pub parameters: Vec<ParameterOverride>,
    /// Unit costs.
    pub unit_costs: UnitCosts,
    /// Budget.
    pub budget: BudgetSpec,
    /// Outcome-linked rules.
    pub outcome_rules: Vec<OutcomeRule>,
}

const TOP_KEYS: &[&str] = &[
    "schema_version",
    "name",
    "title",
    "title_ja",
    "description",
    "description_ja",
    "wards",
    "run",
    "parameters",
    "unit_costs",
    "budget",
    "outcome_rules",
    OWN_WARD_KEY,
];

/// Read a scenario from its value tree; errors go to `r`.
pub fn read_scenario(root: &Table, r: &mut Reader) -> Option<Scenario> {
    let before = r.errors.len();
    r.only_keys(root, "", TOP_KEYS);
    match root.get("schema_version") {
        None => r.error(
            "schema_version",
            Shown::Nothing,
            Problem::SchemaVersion {
                current: SCHEMA_VERSION,
                oldest: SCHEMA_VERSION,
                missing: true,
                newer: false,
            },
        ),
        Some(v) => {
            if let Some(n) = r.as_whole(v, "schema_version", 1, i64::MAX, Phrase::SchemaVersion)
                && n != SCHEMA_VERSION
            {
                r.error(
                    "schema_version",
                    n.to_string(),
                    Problem::SchemaVersion {
                        current: SCHEMA_VERSION,
                        oldest: SCHEMA_VERSION,
                        missing: false,
                        newer: false,
                    },
                );
            }
        }
    }
    let name = r.required(root, "", "name", Phrase::ScenarioName, |r, v, p| {
        r.as_text(v, p, 200)
    });
    let title = r.optional(root, "", "title", |r, v, p| r.as_text(v, p, 200));
    let title_ja = r.optional(root, "", "title_ja", |r, v, p| r.as_text(v, p, 200));
    let description = r.optional(root, "", "description", |r, v, p| {
        r.as_str(v, p).map(str::to_string)
    });
    let description_ja = r.optional(root, "", "description_ja", |r, v, p| {
        r.as_str(v, p).map(str::to_string)
    });
    let wards = match (root.get(OWN_WARD_KEY), root.get("wards")) {
        (Some(v), None) => read_own_ward(v, r).map(|o| WardSource::Own(Box::new(o))),
        (Some(_), Some(w)) => {
            r.error(
                "wards",
                describe(w),
                Problem::Fixed(Phrase::OwnWardAndWards),
            );
            None
        }
        (None, wards) => read_wards_key(wards, r),
    };
    let run = match root.get("run") {
        None => Some(RunSettings::default()),
        Some(v) => r.as_table(v, "run").map(|t| read_run(t, r)),
    };
    let horizon = run.as_ref().map(|s| (s.first_fy, s.horizon));
    let parameters = root
        .get("parameters")
        .map(|v| read_parameters(v, r))
        .unwrap_or_default();
    let unit_costs = root
        .get("unit_costs")
        .map(|v| read_unit_costs(v, r))
        .unwrap_or_default();
    let budget = root
        .get("budget")
        .map(|v| read_budget(v, r, horizon))
        .unwrap_or_default();
    let outcome_rules = root
        .get("outcome_rules")
        .map(|v| read_rules(v, r))
        .unwrap_or_default();
    if let Some(WardSource::Own(_)) = &wards {
        for (param, field) in [(Param::C0, "continuation"), (Param::S0, "satisfaction")] {
            if let Some(o) = parameters.iter().find(|o| o.param == param) {
                r.error(
                    &join("parameters", param.name()),
                    o.distribution.to_string(),
                    Problem::SetTwice {
                        field,
                        param: param.name(),
                    },
                );
            }
        }
    }
    if r.errors.len() > before {
        return None;
    }
    Some(Scenario {
        name: name?,
        title,
        title_ja,
        description: description.unwrap_or_default(),
        description_ja,
        wards: wards?,
        run: run?,
        parameters,
        unit_costs,
        budget,
        outcome_rules,
    })
}

/// The `wards` key: a data set name or path (tokyo-23 when absent), or an
/// inline data set.
fn read_wards_key(v: Option<&Value>, r: &mut Reader) -> Option<WardSource> {
    match v {
        None => Some(WardSource::Named("tokyo-23".to_string())),
        Some(Value::String(s)) if !s.trim().is_empty() => Some(WardSource::Named(s.clone())),
        Some(Value::Table(t)) => {
            read_ward_data(t, "wards", r).map(|d| WardSource::Inline(Box::new(d)))
        }
        Some(other) => {
            r.wrong_type("wards", other, Phrase::AWardSource);
            None
        }
    }
}

fn read_run(t: &Table, r: &mut Reader) -> RunSettings {
    r.only_keys(
        t,
        "run",
        &["runs", "seed", "mode", "horizon", "first_fy", "targets"],
    );
    let mut s = RunSettings::default();
    if let Some(n) = r.optional(t, "run", "runs", |r, v, p| {
        r.as_whole(v, p, 1, MAX_RUNS, Phrase::Runs)
    }) {
        s.runs = n as u64;
    }
    if let Some(n) = r.optional(t, "run", "seed", |r, v, p| {
        r.as_whole(v, p, 0, i64::MAX, Phrase::Seed)
    }) {
        s.seed = n as u64;
    }
    if let Some(m) = r.optional(t, "run", "mode", |r, v, p| {
        let key = r.as_str(v, p)?;
        let m = Mode::from_key(key);
        if m.is_none() {
            r.error(p, describe(v), Problem::Fixed(Phrase::ModeChoice));
        }
        m
    }) {
        s.mode = m;
    }
    if let Some(n) = r.optional(t, "run", "horizon", |r, v, p| {
        r.as_whole(v, p, 1, MAX_HORIZON, Phrase::Horizon)
    }) {
        s.horizon = n as usize;
    }
    if let Some(n) = r.optional(t, "run", "first_fy", |r, v, p| {
        r.as_whole(v, p, 2000, 2100, Phrase::FirstFy)
    }) {
        s.first_fy = n as i32;
    }
    if let Some(v) = t.get("targets") {
        s.targets_given = true;
        s.targets = read_targets(v, r);
    }
    s
}

fn read_targets(v: &Value, r: &mut Reader) -> Vec<Target> {
    let path = "run.targets";
    let Some(items) = r.as_array(v, path) else {
        return Vec::new();
    };
    let mut targets: Vec<Target> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = index(path, i);
        let Some(t) = r.as_table(item, &p) else {
            continue;
        };
        r.only_keys(t, &p, &["id", "metric", "at_least", "at_most"]);
        let Some(id) = r.required(t, &p, "id", Phrase::TargetId, |r, v, p| {
            r.as_text(v, p, 100)
        }) else {
            continue;
        };
        if targets.iter().any(|x| x.id == id) {
            r.error(
                &join(&p, "id"),
                format!("{id:?}"),
                Problem::Fixed(Phrase::TargetIdsUnique),
            );
        }
        let metric_keys: Vec<&str> = TargetMetric::ALL.iter().map(|m| m.key()).collect();
        let metric = match t.get("metric") {
            Some(mv) => r.as_str(mv, &join(&p, "metric")).and_then(|k| {
                let m = TargetMetric::from_key(k);
                if m.is_none() {
                    r.error(
                        &join(&p, "metric"),
                        describe(mv),
                        Problem::OneOf {
                            field: "metric",
                            allowed: metric_keys.join(", "),
                        },
                    );
                }
                m
            }),
            None => {
                let m = TargetMetric::from_key(&id);
                if m.is_none() {
                    r.error(
                        &join(&p, "metric"),
                        Shown::Nothing,
                        Problem::MissingMetric {
                            id: id.clone(),
                            allowed: metric_keys.join(", "),
                        },
                    );
                }
                m
            }
        };
        // A threshold a metric can never cross on the wrong side makes a
        // target that is always or never met: refused.
        let (in_range, range): (fn(f64) -> bool, Phrase) = match metric {
            Some(m) if m.is_share() => (|x| (0.0..=1.0).contains(&x), Phrase::ShareThreshold),
            Some(_) => (|x| (0.0..=1e15).contains(&x), Phrase::CountThreshold),
            None => (|_| true, Phrase::CountThreshold),
        };
        let at_least = r.optional(t, &p, "at_least", |r, v, p| {
            r.as_number_in(v, p, in_range, range)
        });
        let at_most = r.optional(t, &p, "at_most", |r, v, p| {
            r.as_number_in(v, p, in_range, range)
        });
        let (direction, threshold) = match (
            at_least,
            at_most,
            t.contains_key("at_least"),
            t.contains_key("at_most"),
        ) {
            (Some(x), None, _, false) => (Direction::AtLeast, x),
            (None, Some(x), false, _) => (Direction::AtMost, x),
            (_, _, true, true) => {
                r.error(&p, Shown::Nothing, Problem::Fixed(Phrase::BothSides));
                continue;
            }
            (None, None, false, false) => {
                r.error(
                    &join(&p, "at_least"),
                    Shown::Nothing,
                    Problem::Missing(Phrase::Threshold),
                );
                continue;
            }
            _ => continue,
        };
        if let Some(metric) = metric {
            targets.push(Target {
                id,
                metric,
                direction,
                threshold,
            });
        }
    }
    targets
}

fn read_distribution(v: &Value, path: &str, r: &mut Reader) -> Option<Distribution> {
    let parsed = match v {
        Value::String(s) => Distribution::parse(s),
        Value::Integer(_) | Value::Float(_) => {
            let x = r.as_number(v, path)?;
            Ok(Distribution::Fixed { value: x })
        }
        other => {
            r.wrong_type(path, other, Phrase::ADistribution);
            return None;
        }
    };
    match parsed {
        Ok(d) => Some(d),
        Err(e) => {
            // The message quotes the text only where it differs from the
            // value shown (the path line shows it already).
            let with_input = match v {
                Value::String(text) => e.input() != Some(text.as_str()),
                _ => true,
            };
            r.error(
                path,
                describe(v),
                Problem::Distribution {
                    error: Box::new(e),
                    with_input,
                },
            );
            None
        }
    }
}

fn read_parameters(v: &Value, r: &mut Reader) -> Vec<ParameterOverride> {
    let Some(t) = r.as_table(v, "parameters") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let names: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
    for (key, value) in t {
        let path = join("parameters", key);
        let Some(param) = Param::from_name(key) else {
            r.error(
                &path,
                describe(value),
                Problem::UnknownParameter {
                    allowed: names.join(", "),
                },
            );
            continue;
        };
        let (dist_value, origin, ward_variation) = match value {
            Value::Table(pt) => {
                r.only_keys(pt, &path, &["distribution", "origin", "ward_variation"]);
                let origin = r.optional(pt, &path, "origin", |r, v, p| {
                    let k = r.as_str(v, p)?;
                    let o = Origin::from_key(k);
                    if o.is_none() {
                        r.error(p, describe(v), Problem::Fixed(Phrase::OriginChoice));
                    }
                    o
                });
                let variation = r.optional(pt, &path, "ward_variation", |r, v, p| {
                    r.as_number_in(v, p, |x| (0.0..=2.0).contains(&x), Phrase::WardVariation)
                });
                match pt.get("distribution") {
                    Some(d) => (Some(d.clone()), origin, variation),
                    None => (None, origin, variation),
                }
            }
            other => (Some(other.clone()), None, None),
        };
        let dist_path = if matches!(value, Value::Table(_)) {
            join(&path, "distribution")
        } else {
            path.clone()
        };
        let distribution = match dist_value {
            Some(d) => read_distribution(&d, &dist_path, r),
            None => Distribution::parse(param.spec().default_distribution).ok(),
        };
        let Some(distribution) = distribution else {
            continue;
        };
        let range = param.spec().range;
        let (lo, hi) = distribution.support();
        if !range.contains_support(lo, hi) {
            r.error(
                &dist_path,
                distribution.to_string(),
                Problem::Support {
                    param: param.name(),
                    range,
                    lo: lo.to_string(),
                    hi: hi.to_string(),
                },
            );
            continue;
        }
        out.push(ParameterOverride {
            param,
            distribution,
            origin,
            ward_variation,
        });
    }
    // Cross-parameter constraints on the supports.
    let support = |p: Param| {
        out.iter()
            .find(|o| o.param == p)
            .map(|o| o.distribution.support())
            .unwrap_or_else(|| {
                let d = Distribution::parse(p.spec().default_distribution).expect("valid default");
                d.support()
            })
    };
    let pairs = [(Param::CMin, Param::CMax), (Param::AFloor, Param::AMax)];
    for (low, high) in pairs {
        let (_, low_hi) = support(low);
        let (high_lo, _) = support(high);
        if low_hi > high_lo {
            r.error(
                &join("parameters", low.name()),
                low_hi.to_string(),
                Problem::Exceeds {
                    low: low.name(),
                    high: high.name(),
                    at: high_lo.to_string(),
                },
            );
        }
    }
    out
}

fn read_unit_costs(v: &Value, r: &mut Reader) -> UnitCosts {
    let mut costs = UnitCosts::default();
    let Some(t) = r.as_table(v, "unit_costs") else {
        return costs;
    };
    r.only_keys(
        t,
        "unit_costs",
        &["fte", "seat", "supervision_month", "base"],
    );
    let unit_cost = |r: &mut Reader, v: &Value, p: &str| {
        r.as_number_in(v, p, |x| (1.0..=1e12).contains(&x), Phrase::UnitCost)
    };
    if let Some(x) = r.optional(t, "unit_costs", "fte", unit_cost) {
        costs.fte = x;
    }
    if let Some(x) = r.optional(t, "unit_costs", "seat", unit_cost) {
        costs.seat = x;
    }
    if let Some(x) = r.optional(t, "unit_costs", "supervision_month", unit_cost) {
        costs.supervision_month = x;
    }
    if let Some(x) = r.optional(t, "unit_costs", "base", unit_cost) {
        costs.base = x;
    }
    costs
}

fn read_lines_table(
    t: &Table,
    path: &str,
    r: &mut Reader,
    value: impl Fn(&mut Reader, &Value, &str) -> Option<f64>,
) -> [Option<f64>; 6] {
    let mut out = [None; 6];
    for line in BudgetLine::ALL {
        out[line.index()] = r.optional(t, path, line.key(), &value);
    }
    out
}

fn read_budget(v: &Value, r: &mut Reader, horizon: Option<(i32, usize)>) -> BudgetSpec {
    let mut spec = BudgetSpec::default();
    let Some(t) = r.as_table(v, "budget") else {
        return spec;
    };
    r.only_keys(
        t,
        "budget",
        &[
            "basis",
            "total",
            "shares",
            "share_shift",
            "spread",
            "scale",
            "set",
        ],
    );
    let basis = r
        .optional(t, "budget", "basis", |r, v, p| {
            let k = r.as_str(v, p)?;
            match k {
                "status_quo" | "total" => Some(k.to_string()),
                _ => {
                    r.error(p, describe(v), Problem::Fixed(Phrase::BasisChoice));
                    None
                }
            }
        })
        .unwrap_or_else(|| {
            if t.contains_key("total") {
                "total".into()
            } else {
                "status_quo".into()
            }
        });
    if basis == "status_quo" {
        for key in ["total", "shares", "share_shift", "spread"] {
            if let Some(v) = t.get(key) {
                r.error(
                    &join("budget", key),
                    describe(v),
                    Problem::Fixed(Phrase::OnlyWithTotal),
                );
            }
        }
    } else {
        let amounts = match t.get("total") {
            None => {
                r.error(
                    "budget.total",
                    Shown::Nothing,
                    Problem::Missing(Phrase::TotalPerFy),
                );
                Vec::new()
            }
            Some(Value::Array(items)) => {
                let amounts: Vec<f64> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, x)| r.as_money(x, &index("budget.total", i)))
                    .collect();
                if let Some((_, years)) = horizon
                    && items.len() != years
                    && items.len() != 1
                {
                    r.error(
                        "budget.total",
                        Shown::Array(items.len()),
                        Problem::TotalCount { years },
                    );
                }
                amounts
            }
            Some(other) => r.as_money(other, "budget.total").into_iter().collect(),
        };
        let shares = r.optional(t, "budget", "shares", |r, v, p| match v {
            Value::String(s) if s == "status_quo" => Some(None),
            Value::Table(st) => {
                r.only_keys(st, p, &BudgetLine::ALL.map(|l| l.key()));
                let vals = read_lines_table(st, p, r, |r, v, p| r.as_probability(v, p));
                let lines = Lines(vals.map(|x| x.unwrap_or(0.0)));
                let sum = lines.total();
                if (sum - 1.0).abs() > 1e-9 {
                    r.error(
                        p,
                        Shown::SharesSum(round_sig(sum).to_string()),
                        Problem::Fixed(Phrase::SharesSum),
                    );
                }
                Some(Some(lines))
            }
            other => {
                r.wrong_type(p, other, Phrase::ASharesTable);
                None
            }
        });
        let shift = r.optional(t, "budget", "share_shift", |r, v, p| {
            let st = r.as_table(v, p)?;
            r.only_keys(st, p, &BudgetLine::ALL.map(|l| l.key()));
            let vals = read_lines_table(st, p, r, |r, v, p| {
                r.as_number_in(v, p, |x| (-1.0..=1.0).contains(&x), Phrase::ShareShift)
            });
            let lines = Lines(vals.map(|x| x.unwrap_or(0.0)));
            let sum = lines.total();
            if sum.abs() > 1e-9 {
                r.error(
                    p,
                    Shown::ShiftsSum(round_sig(sum).to_string()),
                    Problem::Fixed(Phrase::ShiftSum),
                );
            }
            Some(lines)
        });
        let spread = r
            .optional(t, "budget", "spread", |r, v, p| {
                let k = r.as_str(v, p)?;
                let s = Spread::from_key(k);
                if s.is_none() {
                    r.error(
                        p,
                        describe(v),
                        Problem::OneOf {
                            field: "spread",
                            allowed: Spread::KEYS.join(", "),
                        },
                    );
                }
                s
            })
            .unwrap_or(Spread::StatusQuo);
        spec.basis = Basis::Total {
            amounts,
            shares: shares.flatten(),
            shift,
            spread,
        };
    }
    spec.scale = read_edits(t, "scale", r, horizon, |r, v, p| {
        r.as_number_in(v, p, |x| (0.0..=1e6).contains(&x), Phrase::ScaleFactor)
    });
    spec.set = read_edits(t, "set", r, horizon, |r, v, p| r.as_money(v, p));
    spec
}

fn read_edits(
    t: &Table,
    key: &str,
    r: &mut Reader,
    horizon: Option<(i32, usize)>,
    value: impl Fn(&mut Reader, &Value, &str) -> Option<f64>,
) -> Vec<LineEdit> {
    let path = join("budget", key);
    let Some(v) = t.get(key) else {
        return Vec::new();
    };
    let items: Vec<(String, &Value)> = match v {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| (index(&path, i), x))
            .collect(),
        Value::Table(_) => vec![(path.clone(), v)],
        other => {
            r.wrong_type(&path, other, Phrase::ATables);
            return Vec::new();
        }
    };
    let mut allowed: Vec<&str> = BudgetLine::ALL.map(|l| l.key()).to_vec();
    allowed.extend(["wards", "fiscal_years"]);
    let mut edits = Vec::new();
    for (p, item) in items {
        let Some(et) = r.as_table(item, &p) else {
            continue;
        };
        r.only_keys(et, &p, &allowed);
        let wards = r.optional(et, &p, "wards", |r, v, p| {
            let a = r.as_array(v, p)?;
            Some(
                a.iter()
                    .enumerate()
                    .filter_map(|(i, x)| r.as_text(x, &index(p, i), 100))
                    .collect::<Vec<_>>(),
            )
        });
        let fiscal_years = r.optional(et, &p, "fiscal_years", |r, v, p| {
            let a = r.as_array(v, p)?;
            let (first, years) = horizon.unwrap_or((2000, 101));
            let last = first + years as i32 - 1;
            Some(
                a.iter()
                    .enumerate()
                    .filter_map(|(i, x)| {
                        r.as_whole(
                            x,
                            &index(p, i),
                            i64::from(first),
                            i64::from(last),
                            Phrase::FiscalYear,
                        )
                        .map(|y| y as i32)
                    })
                    .collect::<Vec<_>>(),
            )
        });
        let values = read_lines_table(et, &p, r, &value);
        if values.iter().all(Option::is_none)
            && BudgetLine::ALL.iter().all(|l| !et.contains_key(l.key()))
        {
            r.error(&p, Shown::Nothing, Problem::Fixed(Phrase::NoLine));
        }
        edits.push(LineEdit {
            wards,
            fiscal_years,
            values,
        });
    }
    edits
}

fn read_rules(v: &Value, r: &mut Reader) -> Vec<OutcomeRule> {
    let path = "outcome_rules";
    let Some(items) = r.as_array(v, path) else {
        return Vec::new();
    };
    let mut rules: Vec<OutcomeRule> = Vec::new();
    let metric_keys: Vec<&str> = RuleMetric::ALL.iter().map(|m| m.key()).collect();
    for (i, item) in items.iter().enumerate() {
        let p = index(path, i);
        let Some(t) = r.as_table(item, &p) else {
            continue;
        };
        let kind = r.required(t, &p, "kind", Phrase::RuleKind, |r, v, p| {
            let k = r.as_str(v, p)?;
            if ["per_unit", "bonus", "withhold"].contains(&k) {
                Some(k.to_string())
            } else {
                r.error(p, describe(v), Problem::Fixed(Phrase::KindChoice));
                None
            }
        });
        let fields: &[&str] = match kind.as_deref() {
            Some("per_unit") => &["id", "kind", "metric", "rate", "threshold", "cap"],
            Some("bonus") => &["id", "kind", "metric", "threshold", "amount"],
            Some("withhold") => &["id", "kind", "metric", "fraction", "floor", "target"],
            _ => &[
                "id",
                "kind",
                "metric",
                "rate",
                "threshold",
                "cap",
                "amount",
                "fraction",
                "floor",
                "target",
            ],
        };
        r.only_keys(t, &p, fields);
        let id = r.required(t, &p, "id", Phrase::RuleId, |r, v, p| r.as_text(v, p, 100));
        if let Some(id) = &id
            && rules.iter().any(|x| &x.id == id)
        {
            r.error(
                &join(&p, "id"),
                format!("{id:?}"),
                Problem::Fixed(Phrase::RuleIdsUnique),
            );
        }
        let metric = r.required(t, &p, "metric", Phrase::RuleMetric, |r, v, p| {
            let k = r.as_str(v, p)?;
            let m = RuleMetric::from_key(k);
            if m.is_none() {
                r.error(
                    p,
                    describe(v),
                    Problem::OneOf {
                        field: "metric",
                        allowed: metric_keys.join(", "),
                    },
                );
            }
            m
        });
        let num = |r: &mut Reader, key: &str, what: Phrase| {
            r.required(t, &p, key, what, |r, v, p| r.as_number(v, p))
        };
        let kind = match kind.as_deref() {
            Some("per_unit") => {
                let rate = r.required(t, &p, "rate", Phrase::Rate, |r, v, p| r.as_money(v, p));
                let threshold = num(r, "threshold", Phrase::UnitThreshold);
                let cap = r.optional(t, &p, "cap", |r, v, p| r.as_money(v, p));
                match (rate, threshold) {
                    (Some(rate), Some(threshold)) => Some(RuleKind::PerUnit {
                        rate,
                        threshold,
                        cap,
                    }),
                    _ => None,
                }
            }
            Some("bonus") => {
                let threshold = num(r, "threshold", Phrase::BonusThreshold);
                let amount = r.required(t, &p, "amount", Phrase::BonusAmount, |r, v, p| {
                    r.as_money(v, p)
                });
                match (threshold, amount) {
                    (Some(threshold), Some(amount)) => Some(RuleKind::Bonus { threshold, amount }),
                    _ => None,
                }
            }
            Some("withhold") => {
                let fraction = r.required(t, &p, "fraction", Phrase::Fraction, |r, v, p| {
                    r.as_probability(v, p)
                });
                let floor = num(r, "floor", Phrase::Floor);
                let target = num(r, "target", Phrase::Target);
                match (fraction, floor, target) {
                    (Some(fraction), Some(floor), Some(target)) => {
                        if target <= floor {
                            r.error(
                                &join(&p, "target"),
                                target.to_string(),
                                Problem::TargetAboveFloor {
                                    floor: floor.to_string(),
                                },
                            );
                            None
                        } else {
                            Some(RuleKind::Withhold {
                                fraction,
                                floor,
                                target,
                            })
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let (Some(id), Some(metric), Some(kind)) = (id, metric, kind) {
            rules.push(OutcomeRule { id, metric, kind });
        }
    }
    let withheld: f64 = rules.iter().map(|r| r.withheld_share()).sum();
    if withheld > 1.0 + 1e-12 {
        r.error(
            path,
            Shown::WithholdSum(round_sig(withheld).to_string()),
            Problem::Fixed(Phrase::WithholdTotal),
        );
    }
    rules
}

impl Scenario {
    /// The scenario as a value tree in the file schema (for TOML/JSON export
    /// and the canonical hash).
    pub fn to_value(&self) -> Value {
        let mut root = Table::new();
        root.insert("schema_version".into(), Value::Integer(SCHEMA_VERSION));
        root.insert("name".into(), Value::String(self.name.clone()));
        if let Some(t) = &self.title {
            root.insert("title".into(), Value::String(t.clone()));
        }
        if let Some(t) = &self.title_ja {
            root.insert("title_ja".into(), Value::String(t.clone()));
        }
        root.insert(
            "description".into(),
            Value::String(self.description.clone()),
        );
        if let Some(t) = &self.description_ja {
            root.insert("description_ja".into(), Value::String(t.clone()));
        }
        match &self.wards {
            WardSource::Named(n) => {
                root.insert("wards".into(), Value::String(n.clone()));
            }
            WardSource::Inline(d) => {
                root.insert("wards".into(), ward_data_to_value(d));
            }
            WardSource::Own(o) => {
                root.insert(OWN_WARD_KEY.into(), o.to_value());
            }
        }
        let mut run = Table::new();
        run.insert("runs".into(), Value::Integer(self.run.runs as i64));
        run.insert("seed".into(), Value::Integer(self.run.seed as i64));
        run.insert("mode".into(), Value::String(self.run.mode.key().into()));
        run.insert("horizon".into(), Value::Integer(self.run.horizon as i64));
        run.insert(
            "first_fy".into(),
            Value::Integer(i64::from(self.run.first_fy)),
        );
        if self.run.targets_given {
            let targets = self
                .run
                .targets
                .iter()
                .map(|t| {
                    let mut tt = Table::new();
                    tt.insert("id".into(), Value::String(t.id.clone()));
                    tt.insert("metric".into(), Value::String(t.metric.key().into()));
                    let key = if t.direction == Direction::AtLeast {
                        "at_least"
                    } else {
                        "at_most"
                    };
                    tt.insert(key.into(), Value::Float(t.threshold));
                    Value::Table(tt)
                })
                .collect();
            run.insert("targets".into(), Value::Array(targets));
        }
        root.insert("run".into(), Value::Table(run));
        if !self.parameters.is_empty() {
            let mut params = Table::new();
            for o in &self.parameters {
                let dist = Value::String(o.distribution.to_string());
                let v = if o.origin.is_none() && o.ward_variation.is_none() {
                    dist
                } else {
                    let mut pt = Table::new();
                    pt.insert("distribution".into(), dist);
                    if let Some(origin) = o.origin {
                        pt.insert("origin".into(), Value::String(origin.key().into()));
                    }
                    if let Some(w) = o.ward_variation {
                        pt.insert("ward_variation".into(), Value::Float(w));
                    }
                    Value::Table(pt)
                };
                params.insert(o.param.name().into(), v);
            }
            root.insert("parameters".into(), Value::Table(params));
        }
        if self.unit_costs != UnitCosts::default() {
            let mut uc = Table::new();
            uc.insert("fte".into(), Value::Float(self.unit_costs.fte));
            uc.insert("seat".into(), Value::Float(self.unit_costs.seat));
            uc.insert(
                "supervision_month".into(),
                Value::Float(self.unit_costs.supervision_month),
            );
            uc.insert("base".into(), Value::Float(self.unit_costs.base));
            root.insert("unit_costs".into(), Value::Table(uc));
        }
        root.insert("budget".into(), Value::Table(budget_to_value(&self.budget)));
        if !self.outcome_rules.is_empty() {
            let rules = self
                .outcome_rules
                .iter()
                .map(|rule| {
                    let mut t = Table::new();
                    t.insert("id".into(), Value::String(rule.id.clone()));
                    t.insert("metric".into(), Value::String(rule.metric.key().into()));
                    match rule.kind {
                        RuleKind::PerUnit {
                            rate,
                            threshold,
                            cap,
                        } => {
                            t.insert("kind".into(), Value::String("per_unit".into()));
                            t.insert("rate".into(), Value::Float(rate));
                            t.insert("threshold".into(), Value::Float(threshold));
                            if let Some(cap) = cap {
                                t.insert("cap".into(), Value::Float(cap));
                            }
                        }
                        RuleKind::Bonus { threshold, amount } => {
                            t.insert("kind".into(), Value::String("bonus".into()));
                            t.insert("threshold".into(), Value::Float(threshold));
                            t.insert("amount".into(), Value::Float(amount));
                        }
                        RuleKind::Withhold {
                            fraction,
                            floor,
                            target,
                        } => {
                            t.insert("kind".into(), Value::String("withhold".into()));
                            t.insert("fraction".into(), Value::Float(fraction));
                            t.insert("floor".into(), Value::Float(floor));
                            t.insert("target".into(), Value::Float(target));
                        }
                    }
                    Value::Table(t)
                })
                .collect();
            root.insert("outcome_rules".into(), Value::Array(rules));
        }
        Value::Table(root)
    }

    /// The scenario as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// The scenario as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// Hash of the canonical JSON form (16 hex digits): two files that say
    /// the same thing hash alike whatever their layout or comments.
    pub fn hash(&self) -> String {
        let canonical = serde_json::to_string(&self.to_value()).unwrap_or_default();
        format!("{:016x}", crate::hash::hash_name(&canonical))
    }
}

fn lines_table(values: &[Option<f64>; 6]) -> Table {
    let mut t = Table::new();
    for line in BudgetLine::ALL {
        if let Some(x) = values[line.index()] {
            t.insert(line.key().into(), Value::Float(x));
        }
    }
    t
}

fn budget_to_value(b: &BudgetSpec) -> Table {
    let mut t = Table::new();
    match &b.basis {
        Basis::StatusQuo => {
            t.insert("basis".into(), Value::String("status_quo".into()));
        }
        Basis::Total {
            amounts,
            shares,
            shift,
            spread,
        } => {
            t.insert("basis".into(), Value::String("total".into()));
            let total = if amounts.len() == 1 {
                Value::Float(amounts[0])
            } else {
                Value::Array(amounts.iter().map(|x| Value::Float(*x)).collect())
            };
            t.insert("total".into(), total);
            match shares {
                Some(s) => t.insert("shares".into(), Value::Table(lines_table(&s.0.map(Some)))),
                None => t.insert("shares".into(), Value::String("status_quo".into())),
            };
            if let Some(s) = shift {
                t.insert(
                    "share_shift".into(),
                    Value::Table(lines_table(&s.0.map(Some))),
                );
            }
            t.insert("spread".into(), Value::String(spread.key().into()));
        }
    }
    let edits = |edits: &[LineEdit]| {
        Value::Array(
            edits
                .iter()
                .map(|e| {
                    let mut et = lines_table(&e.values);
                    if let Some(w) = &e.wards {
                        et.insert(
                            "wards".into(),
                            Value::Array(w.iter().map(|x| Value::String(x.clone())).collect()),
                        );
                    }
                    if let Some(y) = &e.fiscal_years {
                        et.insert(
                            "fiscal_years".into(),
                            Value::Array(y.iter().map(|x| Value::Integer(i64::from(*x))).collect()),
                        );
                    }
                    Value::Table(et)
                })
                .collect(),
        )
    };
    if !b.scale.is_empty() {
        t.insert("scale".into(), edits(&b.scale));
    }
    if !b.set.is_empty() {
        t.insert("set".into(), edits(&b.set));
    }
    t
}
