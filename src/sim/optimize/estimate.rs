//! The 95 % intervals of the report: Wilson score intervals for
//! probabilities, the normal interval of a mean, the delta-method interval
//! of a ratio, and the paired difference of two allocations on the same
//! runs.

use serde::{Deserialize, Serialize};

use super::score::Scores;

use crate::model::special::Z_TWO_SIDED_95 as Z95;

/// The standard error of the mean of `terms` (0 for fewer than two).
fn std_error(terms: &[f64]) -> f64 {
    let n = terms.len();
    if n < 2 {
        return 0.0;
    }
    let mean = terms.iter().sum::<f64>() / n as f64;
    let var = terms.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    (var / n as f64).sqrt()
}

/// A figure with its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// Lower end of the 95 % interval.
    pub low: f64,
    /// Upper end of the 95 % interval.
    pub high: f64,
    /// Standard error (normal approximation).
    pub std_error: f64,
}

/// `value` with the normal 95 % interval of standard error `se`.
fn normal_interval(value: f64, se: f64) -> Estimate {
    Estimate {
        value,
        low: value - Z95 * se,
        high: value + Z95 * se,
        std_error: se,
    }
}

/// The Wilson score interval (95 %) of k successes in n trials.
pub fn wilson(successes: f64, trials: f64) -> Estimate {
    if trials <= 0.0 {
        return Estimate {
            value: 0.0,
            low: 0.0,
            high: 1.0,
            std_error: 0.0,
        };
    }
    let p = successes / trials;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / trials;
    let centre = (p + z2 / (2.0 * trials)) / denominator;
    let half = Z95 * (p * (1.0 - p) / trials + z2 / (4.0 * trials * trials)).sqrt() / denominator;
    Estimate {
        value: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
        std_error: (p * (1.0 - p) / trials).sqrt(),
    }
}

/// The objective of `scores` with its interval: Wilson for a
/// probability, the delta method for a ratio or a mean.
pub(super) fn estimate(scores: &Scores, probability: bool) -> Estimate {
    if probability {
        let (a, b) = scores.sums();
        return wilson(a, b);
    }
    let value = scores.value();
    let se = std_error(&scores.influence());
    normal_interval(value, se)
}

/// The mean of `terms` with its normal 95 % interval.
pub(super) fn mean_estimate(terms: &[f64]) -> Estimate {
    let value = if terms.is_empty() {
        0.0
    } else {
        terms.iter().sum::<f64>() / terms.len() as f64
    };
    let se = std_error(terms);
    normal_interval(value, se)
}

/// The difference `b − a` of two allocations' objectives on the same runs,
/// with the interval from the paired per-run terms.
pub(super) fn paired_difference(a: &Scores, b: &Scores) -> Estimate {
    let value = b.value() - a.value();
    let terms: Vec<f64> = b
        .influence()
        .iter()
        .zip(a.influence())
        .map(|(x, y)| x - y)
        .collect();
    let se = std_error(&terms);
    normal_interval(value, se)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::optimize::score::{RunScore, Tally};

    #[test]
    fn wilson_interval_matches_reference_values() {
        // 40 of 100: Wilson 95 % interval 0.3094–0.4980 (Newcombe 1998 method 3).
        let e = wilson(40.0, 100.0);
        assert!(
            (e.low - 0.3094).abs() < 5e-4 && (e.high - 0.4980).abs() < 5e-4,
            "{e:?}"
        );
        // 0 of 10: 0–0.2775.
        let e = wilson(0.0, 10.0);
        assert!(e.low == 0.0 && (e.high - 0.2775).abs() < 5e-4, "{e:?}");
    }

    #[test]
    fn ratio_interval_uses_the_delta_method() {
        // a = 2b + noise: ratio ≈ 2; with a = 2b exactly the SE is 0.
        let exact = Scores(
            (1..=50)
                .map(|k| RunScore {
                    a: 2.0 * k as f64,
                    b: k as f64,
                    ..RunScore::default()
                })
                .collect(),
            Tally::default(),
        );
        let e = estimate(&exact, false);
        assert!((e.value - 2.0).abs() < 1e-12 && e.std_error < 1e-12);
        // b ≡ 1: the interval is the usual mean ± 1.96 SE.
        let plain = Scores(
            [1.0, 2.0, 3.0, 4.0]
                .iter()
                .map(|&a| RunScore {
                    a,
                    b: 1.0,
                    ..RunScore::default()
                })
                .collect(),
            Tally::default(),
        );
        let e = estimate(&plain, false);
        let se = (1.666_666_666_666_666_7f64 / 4.0).sqrt();
        assert!(
            (e.value - 2.5).abs() < 1e-12 && (e.std_error - se).abs() < 1e-12,
            "{e:?}"
        );
    }
}
