//! Reading the `budget` section: the basis (the status quo, or a total
//! with shares, share shifts and a spread), then the `scale` and `set`
//! edits.

use crate::model::LINE_COUNT;
use toml::Value;
use toml::value::Table;

use crate::model::{BudgetLine, Lines};
use crate::text::format::round_sig;

use super::super::message::{Phrase, Problem, Shown};
use super::super::read::{Reader, describe, index, join};
use super::types::{Basis, BudgetSpec, LineEdit, Spread};

/// A value for each budget line present in `t`.
fn read_lines_table(
    t: &Table,
    path: &str,
    r: &mut Reader,
    value: impl Fn(&mut Reader, &Value, &str) -> Option<f64>,
) -> [Option<f64>; LINE_COUNT] {
    let mut out = [None; LINE_COUNT];
    for line in BudgetLine::ALL {
        out[line.index()] = r.optional(t, path, line.key(), &value);
    }
    out
}

/// The `budget` section.
pub(super) fn read_budget(v: &Value, r: &mut Reader, horizon: Option<(i32, usize)>) -> BudgetSpec {
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
    if read_basis_key(t, r) == "status_quo" {
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
        spec.basis = Basis::Total {
            amounts: read_totals(t, r, horizon),
            shares: read_shares(t, r),
            shift: read_share_shift(t, r),
            spread: read_spread(t, r),
        };
    }
    spec.scale = read_edits(t, "scale", r, horizon, |r, v, p| {
        r.as_number_in(v, p, |x| (0.0..=1e6).contains(&x), Phrase::ScaleFactor)
    });
    spec.set = read_edits(t, "set", r, horizon, |r, v, p| r.as_money(v, p));
    spec
}

/// `budget.basis`: `status_quo` or `total` (`total` when absent and a total
/// is given).
fn read_basis_key(t: &Table, r: &mut Reader) -> String {
    r.optional(t, "budget", "basis", |r, v, p| {
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
    })
}

/// `budget.total`: yen per FY, one for every FY or one per FY.
fn read_totals(t: &Table, r: &mut Reader, horizon: Option<(i32, usize)>) -> Vec<f64> {
    match t.get("total") {
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
    }
}

/// `budget.shares`: a share per line summing to 1, or `"status_quo"` (the
/// status quo's shares, `None`).
fn read_shares(t: &Table, r: &mut Reader) -> Option<Lines> {
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
    shares.flatten()
}

/// `budget.share_shift`: points of share moved between lines, summing to 0.
fn read_share_shift(t: &Table, r: &mut Reader) -> Option<Lines> {
    r.optional(t, "budget", "share_shift", |r, v, p| {
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
    })
}

/// `budget.spread`: how each line is spread over wards (as the status quo
/// spreads it when absent).
fn read_spread(t: &Table, r: &mut Reader) -> Spread {
    r.optional(t, "budget", "spread", |r, v, p| {
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
    .unwrap_or(Spread::StatusQuo)
}

/// The `scale` or `set` edits: one table or an array of them.
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
