//! Budget lines (docs/model.md §1, §9.1) and the unit costs that turn money into
//! programme quantities (§2, §4).

use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// The number of budget lines.
pub const LINE_COUNT: usize = 7;

/// One of the seven budget lines of a ward's peer-support programme
/// (docs/model.md §1; `Online` from model version 2, §9.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetLine {
    /// Dedicated promotion-office staff (推進室).
    Staff,
    /// Certification courses for supporters (養成研修).
    Training,
    /// Supervision and mentoring of supporters (スーパービジョン).
    Supervision,
    /// Publicity and events (普及啓発).
    Awareness,
    /// Activity sites (活動拠点).
    Bases,
    /// Operating grants to peer groups (運営費助成).
    Grants,
    /// Online and hybrid groups (オンライン・ハイブリッド), model version 2.
    Online,
}

impl BudgetLine {
    /// All seven lines in their fixed order.
    pub const ALL: [BudgetLine; LINE_COUNT] = [
        BudgetLine::Staff,
        BudgetLine::Training,
        BudgetLine::Supervision,
        BudgetLine::Awareness,
        BudgetLine::Bases,
        BudgetLine::Grants,
        BudgetLine::Online,
    ];

    /// The six lines of model version 1, in their fixed order.
    pub const V1: [BudgetLine; 6] = [
        BudgetLine::Staff,
        BudgetLine::Training,
        BudgetLine::Supervision,
        BudgetLine::Awareness,
        BudgetLine::Bases,
        BudgetLine::Grants,
    ];

    /// The key used in scenario files and outputs (`staff`, `training`, …).
    pub fn key(self) -> &'static str {
        match self {
            BudgetLine::Staff => "staff",
            BudgetLine::Training => "training",
            BudgetLine::Supervision => "supervision",
            BudgetLine::Awareness => "awareness",
            BudgetLine::Bases => "bases",
            BudgetLine::Grants => "grants",
            BudgetLine::Online => "online",
        }
    }

    /// Japanese name of the line.
    pub fn name_ja(self) -> &'static str {
        match self {
            BudgetLine::Staff => "推進室の専任職員",
            BudgetLine::Training => "養成研修",
            BudgetLine::Supervision => "スーパービジョン",
            BudgetLine::Awareness => "普及啓発",
            BudgetLine::Bases => "活動拠点",
            BudgetLine::Grants => "運営費助成",
            BudgetLine::Online => "オンライン・ハイブリッド",
        }
    }

    /// English name of the line, as the app and the reports show it.
    pub fn name_en(self) -> &'static str {
        match self {
            BudgetLine::Staff => "Dedicated staff",
            BudgetLine::Training => "Supporter training",
            BudgetLine::Supervision => "Supervision",
            BudgetLine::Awareness => "Publicity",
            BudgetLine::Bases => "Activity sites",
            BudgetLine::Grants => "Operating grants",
            BudgetLine::Online => "Online and hybrid groups",
        }
    }

    /// The name of the line in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.name_ja(),
            Lang::En => self.name_en(),
        }
    }

    /// The line whose key is `key`, if any.
    pub fn from_key(key: &str) -> Option<BudgetLine> {
        BudgetLine::ALL.into_iter().find(|l| l.key() == key)
    }

    /// Position of the line in [`BudgetLine::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// An amount of yen (or a share, or a factor) for each of the seven lines.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Lines(pub [f64; LINE_COUNT]);

impl Lines {
    /// The value of one line.
    pub fn get(&self, line: BudgetLine) -> f64 {
        self.0[line.index()]
    }

    /// Set the value of one line.
    pub fn set(&mut self, line: BudgetLine, value: f64) {
        self.0[line.index()] = value;
    }

    /// Sum over the seven lines.
    pub fn total(&self) -> f64 {
        self.0.iter().sum()
    }
}

// A struct of seven named fields (not a map), so that formats without field
// names (bincode, the worker's codec) read back what they wrote.
impl Serialize for Lines {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut fields = serializer.serialize_struct("Lines", 7)?;
        for line in BudgetLine::ALL {
            fields.serialize_field(line.key(), &self.get(line))?;
        }
        fields.end()
    }
}

impl<'de> Deserialize<'de> for Lines {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            staff: f64,
            training: f64,
            supervision: f64,
            awareness: f64,
            bases: f64,
            grants: f64,
            // Absent in shard files of model version 1.
            #[serde(default)]
            online: f64,
        }
        let r = Raw::deserialize(deserializer)?;
        Ok(Lines([
            r.staff,
            r.training,
            r.supervision,
            r.awareness,
            r.bases,
            r.grants,
            r.online,
        ]))
    }
}

/// Unit costs that convert budget lines into programme quantities
/// (docs/model.md §2, origin: assumption).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitCosts {
    /// Yen per full-time-equivalent staff member per year.
    pub fte: f64,
    /// Yen per training seat (one supporter certified).
    pub seat: f64,
    /// Yen per supporter-month of supervision.
    pub supervision_month: f64,
    /// Yen per activity site per year.
    pub base: f64,
    /// Yen per online or hybrid group per year (docs/model.md §9.1).
    pub online_group: f64,
}

impl Default for UnitCosts {
    fn default() -> Self {
        UnitCosts {
            fte: 8_500_000.0,
            seat: 150_000.0,
            supervision_month: 2_500.0,
            base: 1_030_000.0,
            online_group: 600_000.0,
        }
    }
}
