//! A candidate [`Allocation`] (line shares and the spread rule), the
//! repair of a drawn point onto the shares the bounds allow, and the
//! rounding of the best shares for the saved scenario.

use crate::model::LINE_COUNT;
use serde::{Deserialize, Serialize};

use crate::model::budget::Lines;
use crate::scenario::schema::Spread;

use super::settings::LineBounds;

/// One allocation: line shares and the spread over wards.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    /// Share of each line (sums to 1).
    pub shares: Lines,
    /// How each line is spread over wards.
    #[serde(with = "spread_key")]
    pub spread: Spread,
}

mod spread_key {
    use super::Spread;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(s: &Spread, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Spread, D::Error> {
        let key = String::deserialize(d)?;
        Spread::from_key(&key)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown spread '{key}'")))
    }
}

/// The four spread rules in a fixed order.
pub(super) const SPREADS: [Spread; 4] = [
    Spread::PerResident,
    Spread::PerParticipant,
    Spread::Equal,
    Spread::StatusQuo,
];

/// The nearest point (Euclidean) to `y` with `lower ≤ x ≤ upper` and
/// Σx = 1: x = clamp(y − λ, lower, upper) with λ found by bisection (the
/// sum is non-increasing in λ). The bounds must be feasible
/// ([`LineBounds::check`]). The result sums to 1 within 1e-12.
pub fn project_onto_bounded_simplex(
    y: &[f64; LINE_COUNT],
    bounds: &LineBounds,
) -> [f64; LINE_COUNT] {
    let (lo, hi) = (bounds.lower.0, bounds.upper.0);
    let at = |lambda: f64| -> [f64; LINE_COUNT] {
        std::array::from_fn(|i| (y[i] - lambda).clamp(lo[i], hi[i]))
    };
    let sum = |x: [f64; LINE_COUNT]| x.iter().sum::<f64>();
    // Below λ_min every coordinate is at its upper bound, above λ_max at its lower.
    let mut a = (0..LINE_COUNT)
        .map(|i| y[i] - hi[i])
        .fold(f64::INFINITY, f64::min);
    let mut b = (0..LINE_COUNT)
        .map(|i| y[i] - lo[i])
        .fold(f64::NEG_INFINITY, f64::max);
    for _ in 0..200 {
        let mid = 0.5 * (a + b);
        if sum(at(mid)) > 1.0 {
            a = mid;
        } else {
            b = mid;
        }
        if b - a <= f64::EPSILON * (1.0 + a.abs().max(b.abs())) {
            break;
        }
    }
    let mut x = at(0.5 * (a + b));
    // Put the last rounding residue on a coordinate with room for it.
    let residue = 1.0 - sum(x);
    if let Some(i) = (0..LINE_COUNT).find(|&i| (lo[i]..=hi[i]).contains(&(x[i] + residue))) {
        x[i] += residue;
    }
    x
}

/// Shares rounded to 1e-4 (for a readable scenario file), summing to 1 and
/// inside the bounds: the rounding residue goes, in steps of 1e-4, to the
/// lines with the most room.
pub fn round_shares(x: &[f64; LINE_COUNT], bounds: &LineBounds) -> [f64; LINE_COUNT] {
    const STEP: f64 = 1e-4;
    let to_steps = |v: f64| (v / STEP).round() as i64;
    let lo: [i64; LINE_COUNT] = bounds.lower.0.map(|v| (v / STEP - 1e-9).ceil() as i64);
    let hi: [i64; LINE_COUNT] = bounds.upper.0.map(|v| (v / STEP + 1e-9).floor() as i64);
    let mut steps: [i64; LINE_COUNT] = std::array::from_fn(|i| to_steps(x[i]).clamp(lo[i], hi[i]));
    let mut residue = 10_000 - steps.iter().sum::<i64>();
    while residue != 0 {
        let up = residue > 0;
        let room = |i: usize| {
            if up {
                hi[i] - steps[i]
            } else {
                steps[i] - lo[i]
            }
        };
        let Some(i) = (0..LINE_COUNT)
            .filter(|&i| room(i) > 0)
            .max_by_key(|&i| room(i))
        else {
            // Bounds narrower than a step: keep the exact projection.
            return *x;
        };
        let k = room(i).min(residue.abs());
        steps[i] += if up { k } else { -k };
        residue += if up { -k } else { k };
    }
    steps.map(|s| s as f64 * STEP)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(lower: [f64; LINE_COUNT], upper: [f64; LINE_COUNT]) -> LineBounds {
        LineBounds {
            lower: Lines(lower),
            upper: Lines(upper),
        }
    }

    /// The projection is the minimiser of |x − y|² over the bounded simplex:
    /// compare with a brute-force search over a 1/200 grid of two free
    /// coordinates (the others pinned by tight bounds).
    #[test]
    fn projection_is_the_nearest_feasible_point() {
        let b = bounds(
            [0.0, 0.0, 0.1, 0.1, 0.1, 0.1, 0.0],
            [0.8, 0.5, 0.1, 0.1, 0.1, 0.1, 0.0],
        );
        let y = [0.9, 0.3, 0.0, 0.2, 0.1, 0.1, 0.0];
        let x = project_onto_bounded_simplex(&y, &b);
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // x0 + x1 = 0.6; minimise (x0 − 0.9)² + (x1 − 0.3)² with x0 ≤ 0.8.
        let mut best = (f64::INFINITY, 0.0);
        for k in 0..=120 {
            let x0 = k as f64 * 0.005;
            let x1 = 0.6 - x0;
            if x0 > 0.8 || !(0.0..=0.5).contains(&x1) {
                continue;
            }
            let d = (x0 - 0.9).powi(2) + (x1 - 0.3).powi(2);
            if d < best.0 {
                best = (d, x0);
            }
        }
        assert!((x[0] - best.1).abs() < 0.005, "{x:?} vs {}", best.1);
        assert!((x[0] - 0.6).abs() < 1e-12, "{x:?}");
    }

    #[test]
    fn projection_keeps_feasible_points_and_bounds() {
        let b = LineBounds::default();
        let y = [0.1, 0.2, 0.3, 0.1, 0.2, 0.1, 0.0];
        let x = project_onto_bounded_simplex(&y, &b);
        for i in 0..LINE_COUNT {
            assert!((x[i] - y[i]).abs() < 1e-12);
        }
        let b = bounds([0.05; LINE_COUNT], [0.5; LINE_COUNT]);
        let x = project_onto_bounded_simplex(&[5.0, -3.0, 0.0, 0.0, 0.0, 0.0, 0.0], &b);
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(
            x.iter().all(|v| (0.05 - 1e-15..=0.5 + 1e-15).contains(v)),
            "{x:?}"
        );
        assert!((x[0] - 0.5).abs() < 1e-12 && (x[1] - 0.05).abs() < 1e-12);
    }

    #[test]
    fn rounding_keeps_the_sum_and_the_bounds() {
        let b = bounds(
            [0.1, 0.0, 0.0, 0.0, 0.0, 0.2, 0.0],
            [0.3, 1.0, 1.0, 1.0, 1.0, 0.9, 0.0],
        );
        let x = project_onto_bounded_simplex(
            &[
                0.123_456, 0.166_666, 0.166_666, 0.166_666, 0.166_666, 0.21, 0.0,
            ],
            &b,
        );
        let r = round_shares(&x, &b);
        let sum: f64 = r.iter().sum();
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
        for i in 0..LINE_COUNT {
            assert!((r[i] - x[i]).abs() <= 2e-4, "{r:?} {x:?}");
            assert!(r[i] >= b.lower.0[i] - 1e-12 && r[i] <= b.upper.0[i] + 1e-12);
            assert!(((r[i] * 1e4).round() - r[i] * 1e4).abs() < 1e-6);
        }
    }
}
