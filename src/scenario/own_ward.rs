//! A ward's own figures: the `[my_ward]` section of a scenario. A ward
//! enters its name, population, participants, supporters, sites, awareness,
//! continuation, satisfaction and its six current budget lines; the scenario
//! then runs that one ward, calibrated to those figures (docs/model.md §5), with
//! the ward's continuation and satisfaction as the parameters `c0` and `s0`
//! (docs/model.md §3).
//!
//! Every field is documented in README.md, "Your own ward: `[my_ward]`".

use toml::Value;

use crate::model::Lines;

use super::message::{Phrase, Problem, Shown};
use super::read::{Reader, join};
use super::wards::{
    StatusQuoRule, WARD_KEYS, WardData, WardRecord, read_ward, ward_record_to_table,
};

/// Key of the section in scenario files.
pub const OWN_WARD_KEY: &str = "my_ward";

/// The keys a `[my_ward]` section may hold besides those of a ward record.
const EXTRA_KEYS: [&str; 2] = ["continuation", "satisfaction"];

/// A ward's own figures.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnWard {
    /// The ward's record (its status-quo lines always given).
    pub ward: WardRecord,
    /// Annual continuation of participants at the status quo: `c0`.
    pub continuation: f64,
    /// Participant satisfaction at the status quo: `s0`.
    pub satisfaction: f64,
}

impl OwnWard {
    /// The ward's current budget lines (yen per FY).
    pub fn budget(&self) -> Lines {
        self.ward.status_quo_budget.unwrap_or_default()
    }

    /// A one-ward data set holding this ward. Its status-quo rule is not
    /// used (the ward gives its own lines); it records the ward's total.
    pub fn ward_data(&self) -> WardData {
        WardData {
            name: self.ward.name.clone(),
            title: Some(format!("{} (the ward's own figures)", self.ward.name)),
            title_ja: Some(format!("{}（区独自の数値）", self.ward.name_ja)),
            status_quo: StatusQuoRule {
                total_budget: self.budget().total(),
                staff_fte: 0.0,
                supervision_share: 0.0,
                awareness_share: 0.0,
            },
            wards: vec![self.ward.clone()],
        }
    }

    /// The section as a value tree in the file schema.
    pub fn to_value(&self) -> Value {
        let mut t = ward_record_to_table(&self.ward);
        t.insert("continuation".into(), Value::Float(self.continuation));
        t.insert("satisfaction".into(), Value::Float(self.satisfaction));
        Value::Table(t)
    }
}

/// Read the `[my_ward]` section; errors go to `r` with paths under `my_ward`.
pub fn read_own_ward(v: &Value, r: &mut Reader) -> Option<OwnWard> {
    let path = OWN_WARD_KEY;
    let t = r.as_table(v, path)?;
    let allowed: Vec<&str> = WARD_KEYS.iter().copied().chain(EXTRA_KEYS).collect();
    r.only_keys(t, path, &allowed);
    let continuation = r.required(
        t,
        path,
        "continuation",
        Phrase::OwnContinuation,
        |r, v, p| r.as_number_in(v, p, |x| (0.05..=1.0).contains(&x), Phrase::Continuation),
    );
    let satisfaction = r.required(
        t,
        path,
        "satisfaction",
        Phrase::OwnSatisfaction,
        |r, v, p| r.as_probability(v, p),
    );
    if !t.contains_key("status_quo_budget") {
        r.error(
            &join(path, "status_quo_budget"),
            Shown::Nothing,
            Problem::Missing(Phrase::OwnBudget),
        );
    }
    let mut record = t.clone();
    for key in EXTRA_KEYS {
        record.remove(key);
    }
    let ward = read_ward(&record, path, r)?;
    ward.status_quo_budget?;
    Some(OwnWard {
        ward,
        continuation: continuation?,
        satisfaction: satisfaction?,
    })
}
