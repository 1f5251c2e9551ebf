//! The shares of a budget given as a total and shares (`basis = "total"`):
//! the shares of a resolved budget, and moving one share while the other
//! lines keep their proportions among themselves, so that the seven shares
//! still sum to 1 (to well within the reader's tolerance of 1e-9).

use crate::model::BudgetLine;
use crate::model::budget::Lines;

/// The total of `lines` and each line's share of it; equal shares (1/6
/// each) when the total is 0, so that the shares always sum to 1.
pub fn split(lines: &Lines) -> (f64, Lines) {
    let total = lines.total();
    let mut shares = Lines::default();
    for line in BudgetLine::ALL {
        let share = if total > 0.0 {
            lines.get(line) / total
        } else {
            1.0 / BudgetLine::ALL.len() as f64
        };
        shares.set(line, share);
    }
    (total, normalise(shares, None))
}

/// `shares` with the share of `line` moved to `share` (kept within 0–1);
/// the other lines keep their proportions among themselves and share what
/// is left, so the six still sum to 1.
pub fn set_share(shares: Lines, line: BudgetLine, share: f64) -> Lines {
    let mut shares = shares;
    shares.set(line, share.clamp(0.0, 1.0));
    normalise(shares, Some(line))
}

/// `shares` rescaled so that all six sum to 1, keeping the share of
/// `fixed` as it is. The free lines keep their proportions (or split what
/// is left equally when they are all 0), and the rounding remainder goes
/// on the largest free share.
pub fn normalise(shares: Lines, fixed: Option<BudgetLine>) -> Lines {
    let mut shares = shares;
    let keep = fixed.map_or(0.0, |l| shares.get(l));
    let free: Vec<BudgetLine> = BudgetLine::ALL
        .into_iter()
        .filter(|l| Some(*l) != fixed)
        .collect();
    let others: f64 = free.iter().map(|l| shares.get(*l)).sum();
    let room = 1.0 - keep;
    for l in &free {
        let share = if others > 0.0 {
            shares.get(*l) / others * room
        } else {
            room / free.len() as f64
        };
        shares.set(*l, share);
    }
    if let Some(big) = free.iter().copied().max_by(|a, b| {
        shares
            .get(*a)
            .partial_cmp(&shares.get(*b))
            .unwrap_or(std::cmp::Ordering::Equal)
    }) {
        let rest: f64 = BudgetLine::ALL
            .iter()
            .filter(|l| **l != big)
            .map(|l| shares.get(*l))
            .sum();
        shares.set(big, (1.0 - rest).max(0.0));
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LINE_COUNT;

    fn lines(values: [f64; LINE_COUNT]) -> Lines {
        Lines(values)
    }

    fn sum(shares: &Lines) -> f64 {
        shares.0.iter().sum()
    }

    #[test]
    fn a_budget_splits_into_shares_of_its_total() {
        let (total, shares) = split(&lines([50.0, 20.0, 10.0, 10.0, 5.0, 5.0, 0.0]));
        assert_eq!(total, 100.0);
        assert!((shares.get(BudgetLine::ALL[0]) - 0.5).abs() < 1e-15);
        assert!((shares.get(BudgetLine::ALL[5]) - 0.05).abs() < 1e-15);
        assert!((sum(&shares) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn an_empty_budget_has_equal_shares() {
        let (total, shares) = split(&Lines::default());
        assert_eq!(total, 0.0);
        for line in BudgetLine::ALL {
            assert!(
                (shares.get(line) - 1.0 / LINE_COUNT as f64).abs() < 1e-12,
                "{line:?}"
            );
        }
    }

    #[test]
    fn moving_one_share_keeps_the_proportions_of_the_others() {
        let start = lines([0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.0]);
        let moved = BudgetLine::ALL[1];
        let shares = set_share(start, moved, 0.5);
        assert_eq!(shares.get(moved), 0.5);
        // The other five had 0.8 between them and now have 0.5: each is
        // scaled by 0.5 / 0.8.
        let k = 0.5 / 0.8;
        for line in BudgetLine::ALL.into_iter().filter(|l| *l != moved) {
            assert!(
                (shares.get(line) - start.get(line) * k).abs() < 1e-12,
                "{line:?}: {}",
                shares.get(line)
            );
        }
        assert!((sum(&shares) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_share_is_kept_within_0_and_1() {
        let start = lines([0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.0]);
        let all = set_share(start, BudgetLine::ALL[2], 1.7);
        assert_eq!(all.get(BudgetLine::ALL[2]), 1.0);
        assert_eq!(sum(&all), 1.0);
        let none = set_share(start, BudgetLine::ALL[2], -0.3);
        assert_eq!(none.get(BudgetLine::ALL[2]), 0.0);
        assert!((sum(&none) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn lines_at_zero_share_what_is_left_equally() {
        let start = lines([1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let shares = set_share(start, BudgetLine::ALL[0], 0.5);
        for line in &BudgetLine::ALL[1..] {
            assert!((shares.get(*line) - 0.5 / 6.0).abs() < 1e-12, "{line:?}");
        }
    }

    #[test]
    fn shares_that_do_not_sum_to_1_are_rescaled() {
        let shares = normalise(lines([2.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]), None);
        assert_eq!(shares.0[..3], [0.5, 0.25, 0.25]);
        assert_eq!(sum(&shares), 1.0);
    }
}
