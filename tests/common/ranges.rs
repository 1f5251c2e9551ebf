//! Parameters anywhere in their plausible ranges, for the property tests.

use sasaeai::model::Param;
use sasaeai::model::distribution::Distribution;
use sasaeai::sim::Plan;

/// Fix every parameter at `min + fraction·(max − min)` of its plausible
/// range (one fraction per parameter, in [`Param::ALL`] order), the pairs
/// c_min ≤ c_max and a_floor ≤ a_max put in order. Returns what was set.
pub fn set_parameters_in_ranges(plan: &mut Plan, fractions: &[f64]) -> Vec<(&'static str, f64)> {
    let mut values: Vec<f64> = Param::ALL
        .iter()
        .zip(fractions)
        .map(|(p, t)| {
            let r = p.spec().range;
            r.min + t * (r.max - r.min)
        })
        .collect();
    for (low, high) in [(Param::CMin, Param::CMax), (Param::AFloor, Param::AMax)] {
        let (a, b) = (values[low as usize], values[high as usize]);
        values[low as usize] = a.min(b);
        values[high as usize] = a.max(b);
    }
    let mut chosen = Vec::new();
    for (p, value) in Param::ALL.iter().zip(values) {
        let entry = plan.parameters.entry_mut(*p);
        entry.distribution = Distribution::Fixed { value };
        entry.point = value;
        chosen.push((p.name(), value));
    }
    chosen
}
