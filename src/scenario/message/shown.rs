//! [`Shown`]: the value an error shows, as written or described, in both
//! languages.

use crate::text::{Bilingual, Text};

/// A value as an error shows it: as written, or described.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    /// Nothing (the error is about a missing field or the whole file).
    #[default]
    Nothing,
    /// As written in the file (`21`, `"fast"`).
    Written(String),
    /// A table.
    Table,
    /// An array of this many items.
    Array(usize),
    /// This many wards.
    Wards(usize),
    /// Shares summing to this.
    SharesSum(String),
    /// Share shifts summing to this.
    ShiftsSum(String),
    /// Withhold fractions summing to this.
    WithholdSum(String),
    /// A ward.
    Ward {
        /// English name.
        name: String,
        /// Japanese name.
        name_ja: String,
    },
    /// No supporters: untrained 0 and certified 0.
    NoSupporters,
    /// A total (of a ward's budget lines).
    InTotal(String),
    /// A ward in a fiscal year.
    WardInFy {
        /// English name.
        name: String,
        /// Japanese name.
        name_ja: String,
        /// The fiscal year.
        fy: i32,
    },
}

impl From<String> for Shown {
    fn from(s: String) -> Shown {
        if s.is_empty() {
            Shown::Nothing
        } else {
            Shown::Written(s)
        }
    }
}

impl From<&str> for Shown {
    fn from(s: &str) -> Shown {
        Shown::from(s.to_string())
    }
}

impl Bilingual for Shown {
    fn text(&self) -> Text {
        match self {
            Shown::Nothing => Text::default(),
            Shown::Written(s) => Text::new(s, s),
            Shown::Table => Text::new("a table", "表"),
            Shown::Array(n) => Text::new(
                format!("an array of {n} item{}", if *n == 1 { "" } else { "s" }),
                format!("{n}項目の配列"),
            ),
            Shown::Wards(n) => Text::new(format!("{n} wards"), format!("{n}区")),
            Shown::SharesSum(x) => {
                Text::new(format!("shares summing to {x}"), format!("構成比の合計{x}"))
            }
            Shown::ShiftsSum(x) => {
                Text::new(format!("shifts summing to {x}"), format!("移動幅の合計{x}"))
            }
            Shown::WithholdSum(x) => Text::new(
                format!("withhold fractions summing to {x}"),
                format!("留保割合の合計{x}"),
            ),
            Shown::Ward { name, name_ja } => Text::new(name, name_ja),
            Shown::NoSupporters => Text::new("0 (and certified 0)", "0（認定サポーターも0）"),
            Shown::InTotal(x) => Text::new(format!("{x} in total"), format!("合計{x}")),
            Shown::WardInFy { name, name_ja, fy } => Text::new(
                format!("{name} in FY{fy}"),
                format!("{name_ja}（{fy}年度）"),
            ),
        }
    }
}
