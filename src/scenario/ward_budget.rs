//! The budget lines of each ward in each fiscal year, from a scenario's
//! `budget` section and its ward data: the status-quo lines (docs/model.md §2),
//! the basis (the status quo, or a total split by shares and spread over
//! wards), then every `scale` and every `set`.

use crate::model::LINE_COUNT;
use crate::model::{BudgetLine, Lines, UnitCosts};

use super::message::{Phrase, Problem, Shown};
use super::notice::Warning;
use super::read::{Reader, index, join};
use super::schema::{Basis, BudgetSpec, LineEdit, Spread};
use super::wards::{StatusQuoRule, WardData, WardRecord};

/// The status-quo lines of one ward (docs/model.md §2): its own if given, else the rule.
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
    Lines([staff, training, supervision, awareness, bases, grants, 0.0])
}

/// The status-quo lines of every ward; a ward whose rule leaves it a
/// negative grants line is an error.
pub(crate) fn status_quo_budgets(
    ward_data: &WardData,
    costs: &UnitCosts,
    certified_hazard: f64,
    r: &mut Reader,
) -> Vec<Lines> {
    let total_population: f64 = ward_data.wards.iter().map(|w| w.population).sum();
    let mut status_quo = Vec::with_capacity(ward_data.wards.len());
    for (i, w) in ward_data.wards.iter().enumerate() {
        let lines = status_quo_lines(
            w,
            &ward_data.status_quo,
            total_population,
            costs,
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
    status_quo
}

/// Each ward's lines in each of `years` fiscal years from `first_fy`: the
/// basis, then every scale, then every set; lines outside 0 to 1e15 yen are
/// errors.
pub(crate) fn ward_budgets(
    spec: &BudgetSpec,
    wards: &[WardRecord],
    status_quo: &[Lines],
    (first_fy, years): (i32, usize),
    r: &mut Reader,
    warnings: &mut Vec<Warning>,
) -> Vec<Vec<Lines>> {
    let mut budget: Vec<Vec<Lines>> = vec![Vec::with_capacity(years); wards.len()];
    match &spec.basis {
        Basis::StatusQuo => {
            for (b, sq) in budget.iter_mut().zip(status_quo) {
                b.resize(years, *sq);
            }
        }
        Basis::Total {
            amounts,
            shares,
            shift,
            spread,
        } => {
            let total = TotalBasis {
                amounts,
                shares: *shares,
                shift: *shift,
                spread: *spread,
            };
            total.spread_over(wards, status_quo, years, &mut budget, r, warnings);
        }
    }
    // Edits: every scale, then every set.
    apply_edits(
        &spec.scale,
        "budget.scale",
        wards,
        first_fy,
        &mut budget,
        r,
        |old, x| old * x,
    );
    apply_edits(
        &spec.set,
        "budget.set",
        wards,
        first_fy,
        &mut budget,
        r,
        |_, x| x,
    );
    check_range(wards, first_fy, &budget, r);
    budget
}

/// `basis = "total"`: a total per FY, split into lines by shares (moved by
/// share shifts) and spread over wards.
struct TotalBasis<'a> {
    amounts: &'a [f64],
    shares: Option<Lines>,
    shift: Option<Lines>,
    spread: Spread,
}

impl TotalBasis<'_> {
    /// Push each FY's lines of each ward onto `budget`.
    fn spread_over(
        &self,
        wards: &[WardRecord],
        status_quo: &[Lines],
        years: usize,
        budget: &mut [Vec<Lines>],
        r: &mut Reader,
        warnings: &mut Vec<Warning>,
    ) {
        let sq_by_line: Lines = status_quo.iter().fold(Lines::default(), |mut acc, l| {
            for line in BudgetLine::ALL {
                acc.set(line, acc.get(line) + l.get(line));
            }
            acc
        });
        let share = self.shares_of(&sq_by_line, r);
        let weights = spread_weights(
            self.spread,
            wards,
            status_quo,
            &sq_by_line,
            &share,
            r,
            warnings,
        );
        let amounts = self.amounts;
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

    /// The shares of the lines: as given, or the status quo's, moved by the
    /// share shifts; a shift that moves a share out of 0–1 is an error.
    fn shares_of(&self, sq_by_line: &Lines, r: &mut Reader) -> Lines {
        let mut share = match self.shares {
            Some(s) => s,
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
        if let Some(shift) = self.shift {
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
        share
    }
}

/// An error for each ward and FY whose lines are not yen from 0 to 1e15.
fn check_range(wards: &[WardRecord], first_fy: i32, budget: &[Vec<Lines>], r: &mut Reader) {
    for (w, b) in wards.iter().zip(budget) {
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
                        fy: first_fy + y as i32,
                    },
                    Problem::Fixed(Phrase::BudgetRange),
                );
            }
        }
    }
}

/// Weights of each ward for each line under a spread rule (each line's
/// weights sum to 1). A line no ward has in the status quo is spread per
/// resident, with a warning when the plan gives it a share.
fn spread_weights(
    spread: Spread,
    wards: &[WardRecord],
    status_quo: &[Lines],
    sq_by_line: &Lines,
    share: &Lines,
    r: &mut Reader,
    warnings: &mut Vec<Warning>,
) -> [Vec<f64>; LINE_COUNT] {
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
                if share.get(line) > 0.0 {
                    warnings.push(Warning::SpreadPerResident { line: line.key() });
                }
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
