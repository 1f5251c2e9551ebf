//! From text to a runnable [`Plan`]: parse (TOML or JSON), validate, find the
//! ward data, derive the status-quo lines (MODEL.md §2) and build each
//! ward's budget for each fiscal year.

use toml::Value;

use super::info::ScenarioInfo;
use super::plan::{Mode, Plan, PlanWard, Target, TargetMetric};
use super::warnings::plan_warnings;
use crate::hash::hash_name;
use crate::model::distribution::Distribution;
use crate::model::parameters::{Origin, ParameterSet};
use crate::model::ward::{WardState, monthly_hazard};
use crate::model::{BudgetLine, Lines, Param, UnitCosts};

use super::builtin;
use super::checks::plausibility_warnings;
use super::error::{FieldError, ScenarioErrors};
use super::message::{Phrase, Problem, Shown};
use super::migrate::{Upgrade, migrate};
use super::notice::Warning;
use super::read::{Reader, index, join, json_to_toml};
use super::schema::{Basis, Format, LineEdit, Scenario, Spread, WardSource, read_scenario};
use super::syntax::{KEY_TWICE, json_path_at, offset_of, parse_json_strict, toml_path_at};
use super::wards::{StatusQuoRule, WardData, WardRecord, read_ward_data};

/// Largest scenario or ward file read (bytes).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// A scenario ready to run.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The scenario as written.
    pub scenario: Scenario,
    /// Its ward data.
    pub ward_data: WardData,
    /// What the engine runs.
    pub plan: Plan,
    /// Identification for reports.
    pub info: ScenarioInfo,
    /// Things the user should know.
    pub warnings: Vec<Warning>,
}

fn errors(source: &str, errors: Vec<FieldError>) -> ScenarioErrors {
    ScenarioErrors {
        source_name: source.to_string(),
        errors,
    }
}

/// Parse text (TOML, or JSON turned into the same tree) into a value tree,
/// without checking its fields. A key given twice is an error in both
/// formats; a message about where the parser stopped names the field there.
pub fn parse_tree(
    text: &str,
    format: Format,
    source: &str,
) -> Result<toml::value::Table, ScenarioErrors> {
    parse_tree_quoting(text, format, source, Quote::Text)
}

/// Whether a parse error may quote the text it stopped at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// The user's own scenario: show the line with a caret.
    Text,
    /// A file a scenario names (ward data): say where (line and column)
    /// and what went wrong, never what the file holds, not even its keys.
    Nothing,
}

fn parse_tree_quoting(
    text: &str,
    format: Format,
    source: &str,
    quote: Quote,
) -> Result<toml::value::Table, ScenarioErrors> {
    if text.len() > MAX_FILE_BYTES {
        return Err(errors(
            source,
            vec![FieldError::new(
                "",
                Shown::Nothing,
                Problem::FileTooLarge {
                    mb: format!("{:.1}", text.len() as f64 / 1_048_576.0),
                    max_mb: MAX_FILE_BYTES / 1_048_576,
                },
            )],
        ));
    }
    let mut reader = Reader::default();
    let tree = match format {
        Format::Toml => match text.parse::<toml::Table>() {
            Ok(t) => Some(t),
            Err(e) => {
                let start = e.span().map(|span| span.start);
                let at = start.map(|s| line_and_column(text, s));
                let path = start
                    .filter(|_| quote == Quote::Text)
                    .map(|s| toml_path_at(text, s))
                    .unwrap_or_default();
                let token = e.span().and_then(|span| text.get(span)).unwrap_or("");
                if is_integer_literal(token) {
                    let shown = match quote {
                        Quote::Text => Shown::Written(token.to_string()),
                        Quote::Nothing => Shown::Nothing,
                    };
                    reader.error(&path, shown, Problem::NumberTooLarge { whole: true, at });
                } else {
                    let detail = match quote {
                        Quote::Text => e.to_string(),
                        Quote::Nothing => {
                            let (line, column) = at.unwrap_or((1, 1));
                            format!("line {line}, column {column}: {}", e.message())
                        }
                    };
                    reader.error(
                        &path,
                        Shown::Nothing,
                        Problem::NotToml {
                            detail: detail.trim_end().to_string(),
                            at,
                        },
                    );
                }
                None
            }
        },
        Format::Json => match parse_json_strict(text) {
            Ok(v) => match json_to_toml(&v, "", &mut reader) {
                Some(Value::Table(t)) => Some(t),
                Some(_) => {
                    reader.error("", Shown::Nothing, Problem::Fixed(Phrase::JsonObject));
                    None
                }
                None => None,
            },
            Err(e) => {
                let at = (e.line() > 0).then(|| (e.line(), e.column()));
                let path = at
                    .filter(|_| quote == Quote::Text)
                    .map(|(line, column)| json_path_at(text, offset_of(text, line, column)))
                    .unwrap_or_default();
                let message = e.to_string();
                let problem = if message.starts_with("number out of range") {
                    Problem::NumberTooLarge { whole: false, at }
                } else if message.starts_with(KEY_TWICE) && quote == Quote::Text {
                    Problem::Fixed(Phrase::KeyTwice)
                } else {
                    Problem::NotJson {
                        detail: e.to_string(),
                        at,
                    }
                };
                reader.error(&path, Shown::Nothing, problem);
                None
            }
        },
    };
    match tree {
        Some(t) if reader.errors.is_empty() => Ok(t),
        _ => Err(errors(source, reader.errors)),
    }
}

/// Whether `token` is a TOML integer literal (too large to parse, when the
/// parser stops at it).
fn is_integer_literal(token: &str) -> bool {
    let digits = token.trim_start_matches(['+', '-']);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '_')
}

/// Line and column (from 1, in characters) of byte `at` of `text`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Guess the format of a file from its name (`.json` → JSON, else TOML).
pub fn format_of(path: &str) -> Format {
    if path.to_ascii_lowercase().ends_with(".json") {
        Format::Json
    } else {
        Format::Toml
    }
}

/// Parse and validate a scenario file (without resolving its wards). A file
/// of an older `schema_version` is upgraded first (see [`migrate`]).
pub fn parse_scenario(
    text: &str,
    format: Format,
    source: &str,
) -> Result<Scenario, ScenarioErrors> {
    parse_scenario_upgraded(text, format, source).map(|(s, _)| s)
}

/// [`parse_scenario`], also saying whether and how the file was upgraded
/// from an older `schema_version`.
pub fn parse_scenario_upgraded(
    text: &str,
    format: Format,
    source: &str,
) -> Result<(Scenario, Option<Upgrade>), ScenarioErrors> {
    let tree = parse_tree(text, format, source)?;
    read_upgraded(&tree, source)
}

/// Upgrade a value tree to the current schema and validate it.
pub fn read_upgraded(
    tree: &toml::value::Table,
    source: &str,
) -> Result<(Scenario, Option<Upgrade>), ScenarioErrors> {
    let (tree, upgrade) = migrate(tree).map_err(|e| errors(source, vec![*e]))?;
    let mut reader = Reader::default();
    match read_scenario(&tree, &mut reader) {
        Some(s) if reader.errors.is_empty() => Ok((s, upgrade)),
        _ => Err(errors(source, reader.errors)),
    }
}

/// Validate a scenario held as a value tree (as the browser app edits it)
/// and resolve it, collecting every error with its field path. A tree of an
/// older `schema_version` is upgraded first.
pub fn load_tree(
    tree: &toml::value::Table,
    source: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Loaded, ScenarioErrors> {
    let (scenario, _) = read_upgraded(tree, source)?;
    let ward_data = ward_data_for(&scenario, source, read_file)?;
    resolve(scenario, ward_data, source)
}

/// Parse and validate a ward data file.
pub fn parse_ward_data(
    text: &str,
    format: Format,
    source: &str,
) -> Result<WardData, ScenarioErrors> {
    let tree = parse_tree_quoting(text, format, source, Quote::Nothing)?;
    let mut reader = Reader::default();
    match read_ward_data(&tree, "", &mut reader) {
        Some(d) if reader.errors.is_empty() => Ok(d),
        _ => Err(errors(source, reader.errors)),
    }
}

/// Find the ward data a scenario names: a built-in data set, else a file
/// read through `read_file` (the CLI reads paths relative to the scenario;
/// the browser has none).
pub fn ward_data_for(
    scenario: &Scenario,
    source: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<WardData, ScenarioErrors> {
    match &scenario.wards {
        WardSource::Inline(d) => Ok((**d).clone()),
        WardSource::Own(o) => Ok(o.ward_data()),
        WardSource::Named(name) => {
            if let Some(text) = builtin::ward_text(name) {
                return parse_ward_data(text, Format::Toml, name);
            }
            match read_file(name) {
                Ok(text) => parse_ward_data(&text, format_of(name), name),
                Err(why) => {
                    let builtins = builtin::WARD_DATA
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ");
                    // An empty reason: this build reads no files at all.
                    let problem = if why.is_empty() {
                        Problem::NoFiles {
                            builtins,
                            path: name.clone(),
                        }
                    } else {
                        Problem::NoWardData { builtins, why }
                    };
                    Err(errors(
                        source,
                        vec![FieldError::new("wards", format!("{name:?}"), problem)],
                    ))
                }
            }
        }
    }
}

/// Parse, validate and resolve a scenario.
pub fn load_text(
    text: &str,
    format: Format,
    source: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Loaded, ScenarioErrors> {
    let scenario = parse_scenario(text, format, source)?;
    let ward_data = ward_data_for(&scenario, source, read_file)?;
    resolve(scenario, ward_data, source)
}

/// Load a built-in scenario by name.
pub fn load_builtin(name: &str) -> Option<Result<Loaded, ScenarioErrors>> {
    let text = builtin::scenario_text(name)?;
    Some(load_text(text, Format::Toml, name, &|path| {
        Err(format!("{path}: only built-in ward data here"))
    }))
}

/// The status-quo lines of one ward (MODEL.md §2): its own if given, else the rule.
pub fn status_quo_lines(
    ward: &WardRecord,
    rule: &StatusQuoRule,
    total_population: f64,
    costs: &UnitCosts,
    certified_hazard: f64,
) -> Lines {
    if let Some(lines) = ward.status_quo_budget {
        return lines;
    }
    let s = ward.population / total_population;
    let budget = rule.total_budget * s;
    let staff = rule.staff_fte * s * costs.fte;
    let training = certified_hazard * ward.certified * 12.0 * costs.seat;
    let supervision = rule.supervision_share * budget;
    let awareness = rule.awareness_share * budget;
    let bases = ward.bases * costs.base;
    let grants = budget - (staff + training + supervision + awareness + bases);
    Lines([staff, training, supervision, awareness, bases, grants])
}

/// Turn a validated scenario and its ward data into a plan.
pub fn resolve(
    scenario: Scenario,
    ward_data: WardData,
    source: &str,
) -> Result<Loaded, ScenarioErrors> {
    let mut r = Reader::default();
    let mut warnings = Vec::new();
    let run = &scenario.run;
    let years = run.horizon;
    let costs = scenario.unit_costs;

    // Parameters.
    let mut parameters = ParameterSet::defaults();
    for o in &scenario.parameters {
        let e = parameters.entry_mut(o.param);
        e.point = o.distribution.point();
        e.distribution = o.distribution.clone();
        if let Some(origin) = o.origin {
            e.origin = origin;
        }
        if let Some(v) = o.ward_variation {
            e.ward_variation = v;
        }
    }
    if let WardSource::Own(own) = &scenario.wards {
        // The ward's own continuation and satisfaction are c0 and s0
        // (MODEL.md §3), fixed: they are the ward's measured present.
        for (param, value) in [(Param::C0, own.continuation), (Param::S0, own.satisfaction)] {
            let e = parameters.entry_mut(param);
            e.point = value;
            e.distribution = Distribution::Fixed { value };
            e.origin = Origin::Statistics;
        }
    }
    let certified_hazard = monthly_hazard(parameters.entry(Param::SupContCertified).point);

    // Status-quo lines.
    let total_population: f64 = ward_data.wards.iter().map(|w| w.population).sum();
    let mut status_quo = Vec::with_capacity(ward_data.wards.len());
    for (i, w) in ward_data.wards.iter().enumerate() {
        let lines = status_quo_lines(
            w,
            &ward_data.status_quo,
            total_population,
            &costs,
            certified_hazard,
        );
        if lines.get(BudgetLine::Grants) < 0.0 {
            r.error(
                &format!("wards[{i}]"),
                Shown::Ward {
                    name: w.name.clone(),
                    name_ja: w.name_ja.clone(),
                },
                Problem::NegativeGrants {
                    yen: format!("{:.0}", lines.get(BudgetLine::Grants)),
                },
            );
        }
        status_quo.push(lines);
    }

    // Budget basis.
    let wards = &ward_data.wards;
    let mut budget: Vec<Vec<Lines>> = vec![Vec::with_capacity(years); wards.len()];
    match &scenario.budget.basis {
        Basis::StatusQuo => {
            for (b, sq) in budget.iter_mut().zip(&status_quo) {
                b.resize(years, *sq);
            }
        }
        Basis::Total {
            amounts,
            shares,
            shift,
            spread,
        } => {
            let sq_by_line: Lines = status_quo.iter().fold(Lines::default(), |mut acc, l| {
                for line in BudgetLine::ALL {
                    acc.set(line, acc.get(line) + l.get(line));
                }
                acc
            });
            let mut share = match shares {
                Some(s) => *s,
                None => {
                    let total = sq_by_line.total();
                    if total > 0.0 {
                        Lines(sq_by_line.0.map(|x| x / total))
                    } else {
                        r.error(
                            "budget.shares",
                            "\"status_quo\"",
                            Problem::Fixed(Phrase::NoStatusQuoShares),
                        );
                        Lines::default()
                    }
                }
            };
            if let Some(shift) = shift {
                for line in BudgetLine::ALL {
                    let moved = share.get(line) + shift.get(line);
                    if !(-1e-12..=1.0 + 1e-12).contains(&moved) {
                        r.error(
                            &join("budget.share_shift", line.key()),
                            shift.get(line).to_string(),
                            Problem::ShiftOutside {
                                line: line.key(),
                                from: format!("{:.4}", share.get(line)),
                                to: format!("{moved:.4}"),
                            },
                        );
                    }
                    share.set(line, moved.clamp(0.0, 1.0));
                }
            }
            let weights = spread_weights(
                *spread,
                wards,
                &status_quo,
                &sq_by_line,
                &mut r,
                &mut warnings,
            );
            for y in 0..years {
                let amount = match amounts.len() {
                    0 => 0.0,
                    1 => amounts[0],
                    _ => amounts.get(y).copied().unwrap_or(0.0),
                };
                for (w, b) in budget.iter_mut().enumerate() {
                    let mut lines = Lines::default();
                    for line in BudgetLine::ALL {
                        lines.set(line, amount * share.get(line) * weights[line.index()][w]);
                    }
                    b.push(lines);
                }
            }
        }
    }

    // Edits: every scale, then every set.
    apply_edits(
        &scenario.budget.scale,
        "budget.scale",
        wards,
        run.first_fy,
        &mut budget,
        &mut r,
        |old, x| old * x,
    );
    apply_edits(
        &scenario.budget.set,
        "budget.set",
        wards,
        run.first_fy,
        &mut budget,
        &mut r,
        |_, x| x,
    );

    for (w, b) in wards.iter().zip(&budget) {
        for (y, lines) in b.iter().enumerate() {
            if lines
                .0
                .iter()
                .any(|x| !x.is_finite() || *x < 0.0 || *x > 1e15)
            {
                r.error(
                    "budget",
                    Shown::WardInFy {
                        name: w.name.clone(),
                        name_ja: w.name_ja.clone(),
                        fy: run.first_fy + y as i32,
                    },
                    Problem::Fixed(Phrase::BudgetRange),
                );
            }
        }
    }

    if !r.errors.is_empty() {
        return Err(errors(source, r.errors));
    }

    let plan_wards = wards
        .iter()
        .zip(status_quo)
        .zip(budget)
        .map(|((w, sq), b)| PlanWard {
            name: w.name.clone(),
            name_ja: w.name_ja.clone(),
            key: hash_name(&w.name),
            population: w.population,
            initial: WardState {
                participants: w.participants,
                untrained: w.untrained,
                certified: w.certified,
                awareness: w.awareness,
            },
            status_quo_budget: sq,
            budget: b,
        })
        .collect();
    let mut plan = Plan {
        name: scenario.name.clone(),
        mode: run.mode,
        runs: if run.mode == Mode::Expected {
            1
        } else {
            run.runs
        },
        seed: run.seed,
        start_fy: run.first_fy,
        fiscal_years: years,
        wards: plan_wards,
        parameters,
        unit_costs: costs,
        outcome_rules: scenario.outcome_rules.clone(),
        targets: run.targets.clone(),
    };
    let own_ward = matches!(scenario.wards, WardSource::Own(_));
    if own_ward && !run.targets_given {
        let (targets, note) = own_ward_targets(&plan);
        plan.targets = targets;
        warnings.push(note);
    } else if run.targets_given && run.targets.is_empty() {
        warnings.push(Warning::NoTargets);
    } else if !run.targets_given && !BRIEF_TOTALS_DATA.contains(&ward_data.name.as_str()) {
        warnings.push(Warning::DefaultTargets {
            data: ward_data.name.clone(),
        });
    }
    warnings.extend(plan_warnings(&plan));
    warnings.extend(plausibility_warnings(&plan, &ward_data, &scenario.wards));
    let info = ScenarioInfo {
        name: scenario.name.clone(),
        title: scenario
            .title
            .clone()
            .unwrap_or_else(|| scenario.name.clone()),
        title_ja: scenario
            .title_ja
            .clone()
            .or_else(|| scenario.title.clone())
            .unwrap_or_else(|| scenario.name.clone()),
        description: scenario.description.clone(),
        description_ja: scenario
            .description_ja
            .clone()
            .unwrap_or_else(|| scenario.description.clone()),
        hash: scenario.hash(),
        ward_data: ward_data.name.clone(),
        ward_data_title: ward_data
            .title
            .clone()
            .unwrap_or_else(|| ward_data.name.clone()),
        ward_data_title_ja: ward_data
            .title_ja
            .clone()
            .or_else(|| ward_data.title.clone())
            .unwrap_or_else(|| ward_data.name.clone()),
    };
    Ok(Loaded {
        scenario,
        ward_data,
        plan,
        info,
        warnings,
    })
}

/// Ward data sets that hold the brief's 23-ward totals, so that the default
/// targets (the brief's KGI/KPI for all 23 wards) fit them.
const BRIEF_TOTALS_DATA: [&str; 2] = ["tokyo-23", "tokyo-23-synthetic-disparity"];

/// The brief's participants now and as a target (MODEL.md §7).
const BRIEF_PARTICIPANTS: (f64, f64) = (28_400.0, 42_600.0);
/// The brief's certified supporters now and as a target (MODEL.md §7).
const BRIEF_CERTIFIED: (f64, f64) = (2_800.0, 4_800.0);

/// The default targets of a `[my_ward]` scenario that lists none: the
/// brief's targets scaled to the ward. Participants and certified supporters
/// grow by the brief's factors (42,600 / 28,400 and 4,800 / 2,800) from the
/// ward's own figures, rounded up to whole people; rates keep the brief's
/// thresholds. Returns the targets and a note saying so.
fn own_ward_targets(plan: &Plan) -> (Vec<Target>, Warning) {
    let initial = plan.wards.first().map(|w| w.initial);
    let participants = initial.map_or(0.0, |s| s.participants);
    let certified = initial.map_or(0.0, |s| s.certified);
    let participants_target = (participants * BRIEF_PARTICIPANTS.1 / BRIEF_PARTICIPANTS.0).ceil();
    let certified_target = (certified * BRIEF_CERTIFIED.1 / BRIEF_CERTIFIED.0).ceil();
    let targets = Target::defaults()
        .into_iter()
        .map(|mut t| {
            match t.metric {
                TargetMetric::Participants => t.threshold = participants_target,
                TargetMetric::Certified => t.threshold = certified_target,
                _ => {}
            }
            t
        })
        .collect();
    let note = Warning::OwnTargets {
        participants: participants_target,
        certified: certified_target,
    };
    (targets, note)
}

/// Weights of each ward for each line under a spread rule (each line's
/// weights sum to 1).
fn spread_weights(
    spread: Spread,
    wards: &[WardRecord],
    status_quo: &[Lines],
    sq_by_line: &Lines,
    r: &mut Reader,
    warnings: &mut Vec<Warning>,
) -> [Vec<f64>; 6] {
    let n = wards.len() as f64;
    let population: f64 = wards.iter().map(|w| w.population).sum();
    let per_resident: Vec<f64> = wards.iter().map(|w| w.population / population).collect();
    let by = |f: &dyn Fn(&WardRecord) -> f64| -> Option<Vec<f64>> {
        let total: f64 = wards.iter().map(f).sum();
        (total > 0.0).then(|| wards.iter().map(|w| f(w) / total).collect())
    };
    match spread {
        Spread::PerResident => std::array::from_fn(|_| per_resident.clone()),
        Spread::Equal => std::array::from_fn(|_| vec![1.0 / n; wards.len()]),
        Spread::PerParticipant => match by(&|w| w.participants) {
            Some(v) => std::array::from_fn(|_| v.clone()),
            None => {
                r.error(
                    "budget.spread",
                    "\"per_participant\"",
                    Problem::Fixed(Phrase::NoParticipants),
                );
                std::array::from_fn(|_| per_resident.clone())
            }
        },
        Spread::StatusQuo => std::array::from_fn(|i| {
            let line = BudgetLine::ALL[i];
            let total = sq_by_line.get(line);
            if total > 0.0 {
                status_quo.iter().map(|l| l.get(line) / total).collect()
            } else {
                warnings.push(Warning::SpreadPerResident { line: line.key() });
                per_resident.clone()
            }
        }),
    }
}

fn apply_edits(
    edits: &[LineEdit],
    path: &str,
    wards: &[WardRecord],
    first_fy: i32,
    budget: &mut [Vec<Lines>],
    r: &mut Reader,
    apply: impl Fn(f64, f64) -> f64,
) {
    for (i, edit) in edits.iter().enumerate() {
        let p = if edits.len() == 1 && path.is_empty() {
            path.to_string()
        } else {
            index(path, i)
        };
        let selected: Vec<usize> = match &edit.wards {
            None => (0..wards.len()).collect(),
            Some(names) => names
                .iter()
                .enumerate()
                .filter_map(|(k, name)| {
                    let found = wards
                        .iter()
                        .position(|w| &w.name == name || &w.name_ja == name);
                    if found.is_none() {
                        let names = |f: fn(&WardRecord) -> &str| {
                            wards.iter().map(f).collect::<Vec<_>>().join(", ")
                        };
                        r.error(
                            &index(&join(&p, "wards"), k),
                            format!("{name:?}"),
                            Problem::UnknownWard {
                                names: names(|w| &w.name),
                                names_ja: names(|w| &w.name_ja),
                            },
                        );
                    }
                    found
                })
                .collect(),
        };
        let mut seen = Vec::with_capacity(selected.len());
        for w in &selected {
            if seen.contains(w) {
                r.error(
                    &join(&p, "wards"),
                    format!("{:?}", wards[*w].name),
                    Problem::Fixed(Phrase::WardTwice),
                );
            }
            seen.push(*w);
        }
        for w in selected {
            for (y, lines) in budget[w].iter_mut().enumerate() {
                let fy = first_fy + y as i32;
                if edit
                    .fiscal_years
                    .as_ref()
                    .is_some_and(|ys| !ys.contains(&fy))
                {
                    continue;
                }
                for line in BudgetLine::ALL {
                    if let Some(x) = edit.values[line.index()] {
                        lines.set(line, apply(lines.get(line), x));
                    }
                }
            }
        }
    }
}
