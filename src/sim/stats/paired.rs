//! [`paired_difference_interval`]: the 95 % interval of the difference of
//! two proportions measured on the same runs (two scenarios meeting a
//! target under common random numbers).
//!
//! # The method
//!
//! Newcombe's method 10: R. G. Newcombe, "Improved confidence intervals
//! for the difference between binomial proportions based on paired data",
//! *Statistics in Medicine* 17 (1998) 2635–2650. With the 2×2 table of the
//! runs (`e` both met, `f` only B, `g` only A, `h` neither, `n` runs),
//! `p_B = (e + f)/n`, `p_A = (e + g)/n` and `θ = p_B − p_A = (f − g)/n`:
//!
//! * `[l_B, u_B]` and `[l_A, u_A]` are the Wilson score intervals of `p_B`
//!   and `p_A` (Wilson 1927; Newcombe's method 3 for one proportion);
//! * `φ` is the phi coefficient of the table with Newcombe's correction of
//!   its numerator `A = eh − fg`: `A − n/2` when `A > n/2`, 0 when
//!   `0 ≤ A ≤ n/2`, `A` when `A < 0`; `φ = 0` when a margin
//!   (`e + f`, `g + h`, `e + g`, `f + h`) is 0;
//! * the limits are `θ − δ` and `θ + ε` with
//!   `δ = √((p_B − l_B)² − 2φ(p_B − l_B)(u_A − p_A) + (u_A − p_A)²)` and
//!   `ε = √((u_B − p_B)² − 2φ(u_B − p_B)(p_A − l_A) + (p_A − l_A)²)`.
//!
//! # Why this method
//!
//! The Wald interval `θ ± z·se` that it replaces has zero width whenever
//! no run is discordant (both scenarios meet the target in the same runs),
//! however few the runs. Both score methods asked for avoid that; of the
//! two, method 10 is chosen over Tango's score interval (T. Tango,
//! *Statistics in Medicine* 17 (1998) 891–908) because it is closed-form —
//! two Wilson intervals and a square root, no root finding — so it is
//! cheap, has no convergence tolerance to choose, and gives the same bits
//! natively and in WebAssembly (`libm::sqrt` and basic arithmetic only, like
//! the rest of [`crate::sim::stats`]). It performed well in Newcombe's
//! evaluation of ten methods for paired data; it never leaves [−1, 1] and
//! always contains `θ`: `|φ| ≤ 1` keeps both square roots real, and
//! `δ ≤ (p_B − l_B) + (u_A − p_A)` puts the lower limit at or above
//! `l_B − u_A ≥ −1` (likewise for the upper one).
//!
//! With no discordant run the interval still has width. When every run
//! falls in one cell (both met, or neither) it is `±z²/(n + z²)`, the
//! distance from `p` to the far end of the Wilson interval of 0 or `n` in
//! `n` (e.g. 54 runs: ±0.0664); runs split between both met and neither
//! give less, through the phi term, but never 0; either way it shrinks as
//! runs are added.

use crate::model::special::Z_TWO_SIDED_95;

/// The Wilson score interval of `successes` in `n > 0` trials at
/// `z = 1.96`, kept within [0, 1] and around `successes/n`.
fn wilson(successes: f64, n: f64) -> [f64; 2] {
    let z = Z_TWO_SIDED_95;
    let z2 = z * z;
    let p = (successes / n).min(1.0);
    let denominator = 1.0 + z2 / n;
    let centre = p + z2 / (2.0 * n);
    let half = z * libm::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    [
        ((centre - half) / denominator).min(p).max(0.0),
        ((centre + half) / denominator).max(p).min(1.0),
    ]
}

/// Newcombe's corrected phi coefficient of the paired table (see the
/// module documentation); 0 when a margin is empty. Unchanged when A and B
/// swap places.
fn corrected_phi(both: u64, only_a: u64, only_b: u64, neither: u64) -> f64 {
    let [e, f, g, h] = [both, only_b, only_a, neither].map(u128::from);
    let margins = [e + f, g + h, e + g, f + h];
    if margins.contains(&0) {
        return 0.0;
    }
    let n = e + f + g + h;
    // The numerator eh − fg, compared with n/2 exactly in integers.
    let (eh, fg) = (e * h, f * g);
    let numerator = if eh >= fg {
        if eh - fg <= n / 2 {
            return 0.0;
        }
        (eh - fg) as f64 - n as f64 / 2.0
    } else {
        -((fg - eh) as f64)
    };
    let [m0, m1, m2, m3] = margins.map(|m| m as f64);
    let product = (m0 * m1) * (m2 * m3);
    (numerator / libm::sqrt(product)).clamp(-1.0, 1.0)
}

/// The 95 % interval `[low, high]` of `P(B met) − P(A met)` from runs of
/// two scenarios on the same random numbers, given how many runs had both
/// meet the target, only A, only B, and neither: Newcombe's (1998) method
/// 10, the square-and-add of the two Wilson score intervals with the
/// corrected phi coefficient (the module documentation gives the formula
/// and why it was chosen over Tango's score interval).
///
/// Always within [−1, 1] and containing the point estimate
/// `(only_b − only_a)/n`; never NaN. With no runs nothing is known and the
/// interval is [−1, 1].
pub fn paired_difference_interval(both: u64, only_a: u64, only_b: u64, neither: u64) -> [f64; 2] {
    let runs = [both, only_a, only_b, neither]
        .iter()
        .try_fold(0u64, |sum, &c| sum.checked_add(c));
    let n = match runs {
        Some(0) => return [-1.0, 1.0],
        Some(n) => n as f64,
        // More runs than a u64 counts: add in floating point.
        None => [both, only_a, only_b, neither]
            .iter()
            .map(|&c| c as f64)
            .sum(),
    };
    let met_b = both as f64 + only_b as f64;
    let met_a = both as f64 + only_a as f64;
    let (p_b, p_a) = (met_b / n, met_a / n);
    let theta = only_b as f64 / n - only_a as f64 / n;
    let [l_b, u_b] = wilson(met_b, n);
    let [l_a, u_a] = wilson(met_a, n);
    let phi = corrected_phi(both, only_a, only_b, neither);
    // Symmetric in x and y to the bit, so that swapping A and B negates
    // the interval exactly.
    let distance = |x: f64, y: f64| libm::sqrt((x * x + y * y - 2.0 * phi * (x * y)).max(0.0));
    let delta = distance(p_b - l_b, u_a - p_a);
    let epsilon = distance(u_b - p_b, p_a - l_a);
    let theta = theta.clamp(-1.0, 1.0);
    [
        (theta - delta).max(-1.0).min(theta),
        (theta + epsilon).min(1.0).max(theta),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `paired_difference_interval` with Newcombe's cell order: `e` both,
    /// `f` first only, `g` second only, `h` neither; the difference is
    /// first minus second, `(f − g)/n`.
    fn newcombe(e: u64, f: u64, g: u64, h: u64) -> [f64; 2] {
        paired_difference_interval(e, g, f, h)
    }

    #[test]
    fn method_10_reproduces_newcombes_published_limits() {
        // Newcombe (1998): the 95 % method-10 limits of the paper's worked
        // examples, (e, f, g, h) with the difference (f − g)/n, published
        // to 4 decimals. Tolerance 1e-4: the table's rounding (5e-5) plus
        // one unit in its last place — the lower limit of (1, 97, 1, 1) is
        // given as 0.8736 where the formula gives 0.87367 (with z = 1.96
        // as well as 1.959964); every other limit agrees to within 5e-5.
        let published: [(u64, u64, u64, u64, f64, f64); 18] = [
            (36, 12, 2, 0, 0.0569, 0.3404),
            (20, 12, 2, 16, 0.0562, 0.3292),
            (18, 12, 2, 18, 0.0562, 0.3290),
            (36, 14, 0, 0, 0.1528, 0.4167),
            (35, 14, 0, 1, 0.1461, 0.4175),
            (18, 14, 0, 18, 0.1441, 0.3963),
            (2, 97, 1, 0, 0.8721, 0.9854),
            (1, 97, 1, 1, 0.8736, 0.9850),
            (0, 29, 1, 0, 0.6666, 0.9882),
            (2, 98, 0, 0, 0.9178, 0.9945),
            (1, 98, 0, 1, 0.9171, 0.9916),
            (0, 30, 0, 0, 0.8395, 1.0),
            (54, 0, 0, 0, -0.0664, 0.0664),
            (53, 0, 0, 1, -0.0729, 0.0729),
            (30, 0, 0, 24, -0.0358, 0.0358),
            (29, 0, 0, 25, -0.0354, 0.0354),
            (28, 0, 0, 26, -0.0352, 0.0352),
            (27, 0, 0, 27, -0.0351, 0.0351),
        ];
        for (e, f, g, h, low, high) in published {
            let [lo, hi] = newcombe(e, f, g, h);
            assert!(
                (lo - low).abs() <= 1e-4 && (hi - high).abs() <= 1e-4,
                "({e}, {f}, {g}, {h}): [{lo}, {hi}], published [{low}, {high}]"
            );
        }
        // The one limit of the table whose ends are exact: 30 of 30 against
        // 0 of 30 has θ = 1, and the upper limit is 1 itself.
        assert_eq!(newcombe(0, 30, 0, 0)[1], 1.0);
    }

    #[test]
    fn method_10_matches_an_independent_implementation() {
        // R package contingencytables (Fagerland, Lydersen & Laake,
        // "Statistical Analysis of Contingency Tables", 2017, ch. 8),
        // Newcombe_square_and_add_CI_paired_2x2 on the table of Cavo et
        // al. (2012), rbind(c(59, 6), c(16, 80)): −0.1186 to −0.0046,
        // printed to 4 decimals (tolerance 5e-5).
        let [lo, hi] = newcombe(59, 6, 16, 80);
        assert!((lo - -0.1186).abs() <= 5e-5, "{lo}");
        assert!((hi - -0.0046).abs() <= 5e-5, "{hi}");
    }

    #[test]
    fn no_discordant_run_still_gives_an_interval_that_shrinks_with_the_runs() {
        let mut previous = f64::INFINITY;
        for n in [1u64, 2, 5, 10, 30, 100, 300, 1_000, 10_000, 1_000_000] {
            for (both, neither) in [(n, 0), (0, n), (n / 2, n - n / 2)] {
                let [lo, hi] = paired_difference_interval(both, 0, 0, neither);
                assert!(lo < 0.0 && 0.0 < hi, "{both} + {neither}: [{lo}, {hi}]");
                assert_eq!(lo, -hi, "{both} + {neither}: symmetric");
            }
            // All runs in one concordant cell: ±z²/(n + z²).
            let [_, hi] = paired_difference_interval(n, 0, 0, 0);
            let z2 = Z_TWO_SIDED_95 * Z_TWO_SIDED_95;
            assert!((hi - z2 / (n as f64 + z2)).abs() < 1e-12, "{n}: {hi}");
            assert!(hi < previous, "{n}: {hi} ≥ {previous}");
            previous = hi;
        }
    }

    #[test]
    fn every_small_table_gives_an_interval_in_range_around_the_estimate() {
        for n in 0u64..=14 {
            for e in 0..=n {
                for f in 0..=n - e {
                    for g in 0..=n - e - f {
                        let h = n - e - f - g;
                        let [lo, hi] = paired_difference_interval(e, g, f, h);
                        let theta = if n == 0 {
                            0.0
                        } else {
                            (f as f64 - g as f64) / n as f64
                        };
                        let cell = format!("({e}, {f}, {g}, {h}): [{lo}, {hi}]");
                        assert!(lo.is_finite() && hi.is_finite(), "{cell}");
                        assert!((-1.0..=theta).contains(&lo), "{cell}");
                        assert!((theta..=1.0).contains(&hi), "{cell}");
                        assert!(hi > lo, "{cell}");
                        // A and B swapped: the interval negated.
                        let [lo2, hi2] = paired_difference_interval(e, f, g, h);
                        assert_eq!([lo2, hi2], [-hi, -lo], "{cell}");
                    }
                }
            }
        }
    }

    #[test]
    fn huge_and_empty_counts_give_no_nan() {
        assert_eq!(paired_difference_interval(0, 0, 0, 0), [-1.0, 1.0]);
        let big = u64::MAX / 2;
        for cells in [
            [big, big, big, big],
            [u64::MAX, 0, 0, 0],
            [0, u64::MAX, 0, 0],
            [0, 0, u64::MAX, u64::MAX],
            [1, big, 3, big],
        ] {
            let [lo, hi] = paired_difference_interval(cells[0], cells[1], cells[2], cells[3]);
            assert!(lo.is_finite() && hi.is_finite() && lo <= hi, "{cells:?}");
            assert!(
                (-1.0..=1.0).contains(&lo) && (-1.0..=1.0).contains(&hi),
                "{cells:?}"
            );
        }
    }
}
