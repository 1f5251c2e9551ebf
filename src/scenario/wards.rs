//! Ward data sets: each ward's population and starting figures, and how its
//! status-quo budget lines are found (docs/model.md §1–2).

use toml::Value;
use toml::value::Table;

use crate::model::{BudgetLine, Lines};

use super::message::{Phrase, Problem, Shown};
use super::read::{Reader, index, join};

/// How status-quo lines are derived for wards that do not give their own
/// (docs/model.md §2).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StatusQuoRule {
    /// Yen per FY over all wards of the data set.
    pub total_budget: f64,
    /// Dedicated staff (FTE) over all wards, apportioned by population.
    pub staff_fte: f64,
    /// Supervision line as a share of the total budget.
    pub supervision_share: f64,
    /// Publicity line as a share of the total budget.
    pub awareness_share: f64,
}

/// One ward's record.
#[derive(Clone, Debug, PartialEq)]
pub struct WardRecord {
    /// English name, unique in the data set.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Residents.
    pub population: f64,
    /// Participants at the start.
    pub participants: f64,
    /// Untrained supporters at the start.
    pub untrained: f64,
    /// Certified supporters at the start.
    pub certified: f64,
    /// Activity sites at the start.
    pub bases: f64,
    /// Awareness at the start (0–1).
    pub awareness: f64,
    /// The ward's own status-quo lines (yen per FY), if given.
    pub status_quo_budget: Option<Lines>,
}

/// A ward data set.
#[derive(Clone, Debug, PartialEq)]
pub struct WardData {
    /// Short name (`tokyo-23`).
    pub name: String,
    /// Title in English.
    pub title: Option<String>,
    /// Title in Japanese.
    pub title_ja: Option<String>,
    /// Rule for status-quo lines.
    pub status_quo: StatusQuoRule,
    /// The wards.
    pub wards: Vec<WardRecord>,
}

/// Most wards a data set may hold.
pub const MAX_WARDS: usize = 1000;

pub(crate) const WARD_KEYS: &[&str] = &[
    "name",
    "name_ja",
    "population",
    "participants",
    "untrained",
    "certified",
    "bases",
    "awareness",
    "status_quo_budget",
];

/// Read a ward data set at `path` ("" for a file of its own).
pub fn read_ward_data(t: &Table, path: &str, r: &mut Reader) -> Option<WardData> {
    let before = r.errors.len();
    r.only_keys(
        t,
        path,
        &[
            "schema_version",
            "name",
            "title",
            "title_ja",
            "status_quo",
            "wards",
        ],
    );
    if let Some(v) = t.get("schema_version") {
        let p = join(path, "schema_version");
        if let Some(n) = r.as_whole(v, &p, 1, i64::MAX, Phrase::SchemaVersion)
            && n != 1
        {
            r.error(&p, n.to_string(), Problem::Fixed(Phrase::WardDataVersion));
        }
    }
    let name = r.required(t, path, "name", Phrase::DataSetName, |r, v, p| {
        r.as_text(v, p, 200)
    });
    let title = r.optional(t, path, "title", |r, v, p| r.as_text(v, p, 300));
    let title_ja = r.optional(t, path, "title_ja", |r, v, p| r.as_text(v, p, 300));
    let status_quo = read_status_quo_rule(t, path, r);
    let wards = read_wards(t, path, r);
    if r.errors.len() > before {
        return None;
    }
    Some(WardData {
        name: name?,
        title,
        title_ja,
        status_quo: status_quo?,
        wards,
    })
}

/// The `status_quo` table: the rule that gives a ward without its own
/// status-quo lines its share of a total.
fn read_status_quo_rule(t: &Table, path: &str, r: &mut Reader) -> Option<StatusQuoRule> {
    let sq_path = join(path, "status_quo");
    let Some(v) = t.get("status_quo") else {
        r.error(
            &sq_path,
            Shown::Nothing,
            Problem::Missing(Phrase::StatusQuoFields),
        );
        return None;
    };
    let st = r.as_table(v, &sq_path)?;
    r.only_keys(
        st,
        &sq_path,
        &[
            "total_budget",
            "staff_fte",
            "supervision_share",
            "awareness_share",
        ],
    );
    let total_budget = r.required(
        st,
        &sq_path,
        "total_budget",
        Phrase::TotalBudget,
        |r, v, p| r.as_money(v, p),
    );
    let staff_fte = r.required(st, &sq_path, "staff_fte", Phrase::StaffTotal, |r, v, p| {
        r.as_number_in(v, p, |x| (0.0..=1e6).contains(&x), Phrase::StaffFte)
    });
    let supervision_share = r.required(
        st,
        &sq_path,
        "supervision_share",
        Phrase::ShareOfTotal,
        |r, v, p| r.as_probability(v, p),
    );
    let awareness_share = r.required(
        st,
        &sq_path,
        "awareness_share",
        Phrase::ShareOfTotal,
        |r, v, p| r.as_probability(v, p),
    );
    Some(StatusQuoRule {
        total_budget: total_budget?,
        staff_fte: staff_fte?,
        supervision_share: supervision_share?,
        awareness_share: awareness_share?,
    })
}

/// The `[[wards]]` tables: 1 to [`MAX_WARDS`] wards with unique names.
fn read_wards(t: &Table, path: &str, r: &mut Reader) -> Vec<WardRecord> {
    let wards_path = join(path, "wards");
    let mut wards: Vec<WardRecord> = Vec::new();
    let Some(v) = t.get("wards") else {
        r.error(
            &wards_path,
            Shown::Nothing,
            Problem::Missing(Phrase::WardsTables),
        );
        return wards;
    };
    let Some(items) = r.as_array(v, &wards_path) else {
        return wards;
    };
    if items.is_empty() || items.len() > MAX_WARDS {
        r.error(
            &wards_path,
            Shown::Wards(items.len()),
            Problem::WardCount { max: MAX_WARDS },
        );
    }
    for (i, item) in items.iter().enumerate() {
        let p = index(&wards_path, i);
        if let Some(w) = r.as_table(item, &p).and_then(|wt| read_ward(wt, &p, r)) {
            if wards.iter().any(|x| x.name == w.name) {
                r.error(
                    &join(&p, "name"),
                    format!("{:?}", w.name),
                    Problem::Fixed(Phrase::WardNamesUnique),
                );
            }
            wards.push(w);
        }
    }
    wards
}

/// One `[[wards]]` table at `p`.
pub(crate) fn read_ward(t: &Table, p: &str, r: &mut Reader) -> Option<WardRecord> {
    r.only_keys(t, p, WARD_KEYS);
    let name = r.required(t, p, "name", Phrase::WardName, |r, v, p| {
        r.as_text(v, p, 100)
    });
    let name_ja = r.optional(t, p, "name_ja", |r, v, p| r.as_text(v, p, 100));
    let population = r.required(t, p, "population", Phrase::Residents, |r, v, p| {
        r.as_number_in(v, p, |x| (1.0..=1e9).contains(&x), Phrase::Population)
    });
    let count = |r: &mut Reader, key: &str, what: Phrase| {
        r.required(t, p, key, Phrase::People, |r, v, p| {
            r.as_whole(v, p, 0, 100_000_000, what).map(|n| n as f64)
        })
    };
    let participants = count(r, "participants", Phrase::Participants);
    let untrained = count(r, "untrained", Phrase::Untrained);
    let certified = count(r, "certified", Phrase::Certified);
    let bases = r.required(t, p, "bases", Phrase::Sites, |r, v, p| {
        r.as_number_in(v, p, |x| (0.0..=1e6).contains(&x), Phrase::Bases)
    });
    let awareness = r.required(t, p, "awareness", Phrase::KnowShare, |r, v, p| {
        r.as_probability(v, p)
    });
    let status_quo_budget = r.optional(t, p, "status_quo_budget", |r, v, sp| {
        let bt = r.as_table(v, sp)?;
        r.only_keys(bt, sp, &BudgetLine::ALL.map(|l| l.key()));
        let mut lines = Lines::default();
        let mut ok = true;
        // The six lines of version 1 are required; `online` is 0 unless given.
        for line in BudgetLine::V1 {
            match r.required(bt, sp, line.key(), Phrase::SixLines, |r, v, p| {
                r.as_money(v, p)
            }) {
                Some(x) => lines.set(line, x),
                None => ok = false,
            }
        }
        if let Some(x) = r.optional(bt, sp, BudgetLine::Online.key(), |r, v, p| r.as_money(v, p)) {
            lines.set(BudgetLine::Online, x);
        }
        ok.then_some(lines)
    });
    let name = name?;
    Some(WardRecord {
        name_ja: name_ja.unwrap_or_else(|| name.clone()),
        name,
        population: population?,
        participants: participants?,
        untrained: untrained?,
        certified: certified?,
        bases: bases?,
        awareness: awareness?,
        status_quo_budget,
    })
}

/// The data set as a value tree in the file schema.
pub fn ward_data_to_value(d: &WardData) -> Value {
    let mut t = Table::new();
    t.insert("schema_version".into(), Value::Integer(1));
    t.insert("name".into(), Value::String(d.name.clone()));
    if let Some(x) = &d.title {
        t.insert("title".into(), Value::String(x.clone()));
    }
    if let Some(x) = &d.title_ja {
        t.insert("title_ja".into(), Value::String(x.clone()));
    }
    let mut sq = Table::new();
    sq.insert(
        "total_budget".into(),
        Value::Float(d.status_quo.total_budget),
    );
    sq.insert("staff_fte".into(), Value::Float(d.status_quo.staff_fte));
    sq.insert(
        "supervision_share".into(),
        Value::Float(d.status_quo.supervision_share),
    );
    sq.insert(
        "awareness_share".into(),
        Value::Float(d.status_quo.awareness_share),
    );
    t.insert("status_quo".into(), Value::Table(sq));
    let wards = d
        .wards
        .iter()
        .map(|w| Value::Table(ward_record_to_table(w)))
        .collect();
    t.insert("wards".into(), Value::Array(wards));
    Value::Table(t)
}

/// One ward's record as a table in the file schema.
pub(crate) fn ward_record_to_table(w: &WardRecord) -> Table {
    let mut wt = Table::new();
    wt.insert("name".into(), Value::String(w.name.clone()));
    wt.insert("name_ja".into(), Value::String(w.name_ja.clone()));
    wt.insert("population".into(), Value::Float(w.population));
    wt.insert("participants".into(), Value::Integer(w.participants as i64));
    wt.insert("untrained".into(), Value::Integer(w.untrained as i64));
    wt.insert("certified".into(), Value::Integer(w.certified as i64));
    wt.insert("bases".into(), Value::Float(w.bases));
    wt.insert("awareness".into(), Value::Float(w.awareness));
    if let Some(lines) = &w.status_quo_budget {
        let mut bt = Table::new();
        for line in BudgetLine::ALL {
            if line != BudgetLine::Online || lines.get(line) != 0.0 {
                bt.insert(line.key().into(), Value::Float(lines.get(line)));
            }
        }
        wt.insert("status_quo_budget".into(), Value::Table(bt));
    }
    wt
}
