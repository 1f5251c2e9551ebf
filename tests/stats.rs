//! Tests of the streaming summaries in `sasaeai::sim::stats`.
//!
//! All data come from a SplitMix64 generator with fixed seeds, so every run
//! sees the same numbers. Each tolerance is stated where it is used.

mod common;

use common::split_mix::SplitMix64;
use proptest::prelude::*;
use sasaeai::sim::stats::*;

// ---------------------------------------------------------------------------
// Test data
// ---------------------------------------------------------------------------

/// Integers with a Poisson-like spread around 30 000 (normal approximation,
/// sd = sqrt(30 000) ≈ 173).
fn poisson_like(seed: u64, n: usize) -> Vec<f64> {
    let mut r = SplitMix64(seed);
    (0..n)
        .map(|_| libm::round(30_000.0 + 173.2 * r.normal()))
        .collect()
}

/// Values around 0.72 with a small spread.
fn around_072(seed: u64, n: usize) -> Vec<f64> {
    let mut r = SplitMix64(seed);
    (0..n).map(|_| 0.72 + 0.004 * r.normal()).collect()
}

/// Log-normal spanning about six decades (σ = 1.8 in ln units; the
/// extremes of 20 000 draws lie near ±3.9σ ≈ ±3 decades), within one
/// store's seven-decade range.
fn lognormal(seed: u64, n: usize) -> Vec<f64> {
    let mut r = SplitMix64(seed);
    (0..n).map(|_| libm::exp(1.8 * r.normal())).collect()
}

/// Zeros (some of them -0.0), negatives and positives mixed.
fn mixed_signs(seed: u64, n: usize) -> Vec<f64> {
    let mut r = SplitMix64(seed);
    (0..n)
        .map(|_| match r.below(10) {
            0 => 0.0,
            1 => -0.0,
            2..=5 => -50.0 * libm::exp(r.normal()),
            _ => 100.0 * r.normal(),
        })
        .collect()
}

/// Log-uniform over twelve decades (1e-6 .. 1e6): wider than one store's
/// 4096 buckets, so the lowest buckets collapse.
fn twelve_decades(seed: u64, n: usize) -> Vec<f64> {
    let mut r = SplitMix64(seed);
    (0..n)
        .map(|_| libm::pow(10.0, -6.0 + 12.0 * r.unit()))
        .collect()
}

const QS: [f64; 7] = [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0];

/// Exact order statistic of rank floor(q·(n − 1)) (numpy's method='lower').
fn exact_lower(sorted: &[f64], q: f64) -> f64 {
    let k = (q * (sorted.len() - 1) as f64) as usize;
    sorted[k]
}

fn sorted(data: &[f64]) -> Vec<f64> {
    let mut s = data.to_vec();
    s.sort_by(f64::total_cmp);
    s
}

fn sketch_of(data: &[f64]) -> QuantileSketch {
    let mut s = QuantileSketch::new();
    for &x in data {
        s.add(x);
    }
    s
}

fn summary_of(data: &[f64]) -> Summary {
    let mut s = Summary::new();
    for &x in data {
        s.add(x);
    }
    s
}

/// The accuracy guarantee: |estimate − exact| <= ALPHA·|exact| (0.2 %), with
/// a relative slack of 1e-9 for floating-point rounding at bucket bounds and
/// 1e-12 absolute for values in the zero bucket.
fn within_guarantee(estimate: f64, exact: f64) -> bool {
    (estimate - exact).abs() <= ALPHA * (1.0 + 1e-9) * exact.abs() + 1e-12
}

fn assert_accurate(data: &[f64], label: &str) {
    let sketch = sketch_of(data);
    let s = sorted(data);
    assert_eq!(sketch.count(), data.len() as u64, "{label}");
    assert!(!sketch.collapsed(), "{label}: unexpected collapse");
    for q in QS {
        let est = sketch.quantile(q).unwrap();
        let exact = exact_lower(&s, q);
        assert!(
            within_guarantee(est, exact),
            "{label}: q={q}: estimate {est} vs exact {exact}"
        );
    }
    // Ranks 0 and n − 1 are exact (min and max); -0.0 reads as 0.0.
    assert_eq!(sketch.quantile(0.0), Some(s[0] + 0.0), "{label}");
    assert_eq!(sketch.quantile(1.0), Some(s[s.len() - 1] + 0.0), "{label}");
    assert_eq!(sketch.min(), Some(s[0] + 0.0), "{label}");
    assert_eq!(sketch.max(), Some(s[s.len() - 1] + 0.0), "{label}");
}

/// Splits `data` (after shuffling) into `k` non-empty batches of random sizes.
fn split_batches(data: &[f64], k: usize, rng: &mut SplitMix64) -> Vec<Vec<f64>> {
    let mut d = data.to_vec();
    rng.shuffle(&mut d);
    let mut cuts: Vec<usize> = Vec::new();
    while cuts.len() < k - 1 {
        let c = 1 + rng.below(d.len() - 1);
        if !cuts.contains(&c) {
            cuts.push(c);
        }
    }
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts.into_iter().chain(std::iter::once(d.len())) {
        out.push(d[start..c].to_vec());
        start = c;
    }
    out
}

/// Merges pairwise, as a balanced tree.
fn tree_merge<T: Clone>(mut parts: Vec<T>, merge: impl Fn(&mut T, &T)) -> T {
    while parts.len() > 1 {
        let mut next = Vec::new();
        for pair in parts.chunks(2) {
            let mut a = pair[0].clone();
            if let Some(b) = pair.get(1) {
                merge(&mut a, b);
            }
            next.push(a);
        }
        parts = next;
    }
    parts.pop().unwrap()
}

// ---------------------------------------------------------------------------
// ExactSum and Moments
// ---------------------------------------------------------------------------

/// Values of mixed magnitudes (1e-4 .. 1e8) and signs.
fn mixed_magnitudes(seed: u64, n: usize) -> Vec<f64> {
    let mut r = SplitMix64(seed);
    (0..n)
        .map(|_| r.normal() * libm::pow(10.0, -4.0 + 12.0 * r.unit()))
        .collect()
}

#[test]
fn exact_sum_is_independent_of_order_and_batching() {
    let data = mixed_magnitudes(1, 100_000);
    let mut whole = ExactSum::new();
    for &x in &data {
        whole.add(x);
    }
    let mut rng = SplitMix64(2);
    let mut reversed = ExactSum::new();
    for &x in data.iter().rev() {
        reversed.add(x);
    }
    assert_eq!(reversed, whole);
    for k in [1, 2, 7, 100, 1000] {
        let mut parts: Vec<ExactSum> = split_batches(&data, k, &mut rng)
            .iter()
            .map(|b| {
                let mut s = ExactSum::new();
                b.iter().for_each(|&x| s.add(x));
                s
            })
            .collect();
        rng.shuffle(&mut parts);
        let mut folded = ExactSum::new();
        parts.iter().for_each(|p| folded.merge(p));
        assert_eq!(folded, whole, "k={k}");
        assert_eq!(folded.value().to_bits(), whole.value().to_bits(), "k={k}");
        assert_eq!(tree_merge(parts, |a, b| a.merge(b)), whole, "k={k}");
    }
    assert!(!whole.overflowed());
}

#[test]
fn exact_sum_matches_references() {
    let data = mixed_magnitudes(3, 50_000);
    let mut s = ExactSum::new();
    data.iter().for_each(|&x| s.add(x));
    // Reference 1 (exact): the i128 sum of each value rounded to the nearest
    // multiple of 2^-32, ties away from zero (f64::round), computed here
    // independently of the module.
    let reference: i128 = data
        .iter()
        .map(|&x| (x * 4_294_967_296.0).round() as i128)
        .sum();
    assert_eq!(s.raw(), reference);
    assert_eq!(s.value(), reference as f64 / 4_294_967_296.0);
    // Reference 2: Neumaier-compensated f64 sum. Each value is rounded by at
    // most 2^-33, so the tolerance is n·2^-33 plus 1e-15 of the sum of |x|
    // for the compensated sum's own error.
    let (mut sum, mut comp) = (0.0f64, 0.0f64);
    for &x in &data {
        let t = sum + x;
        comp += if sum.abs() >= x.abs() {
            (sum - t) + x
        } else {
            (x - t) + sum
        };
        sum = t;
    }
    let kahan = sum + comp;
    let abs_sum: f64 = data.iter().map(|x| x.abs()).sum();
    let tol = data.len() as f64 * 2f64.powi(-33) + 1e-15 * abs_sum;
    assert!((s.value() - kahan).abs() <= tol, "{} vs {kahan}", s.value());
    // Mean: value / count (one more rounding), 0 for no values.
    assert_eq!(s.mean(data.len() as u64), s.value() / data.len() as f64);
    assert_eq!(s.mean(0), 0.0);
}

#[test]
fn exact_sum_rounding_and_resolution() {
    let mut s = ExactSum::new();
    s.add(0.1); // 0.1·2^32 = 429496729.6 → 429496730
    assert_eq!(s.raw(), 429_496_730);
    // Ties (exactly half a unit) round away from zero, deterministically.
    let half = 2f64.powi(-33);
    let mut t = ExactSum::new();
    t.add(half);
    assert_eq!(t.raw(), 1);
    t.add(-half);
    assert_eq!(t.raw(), 0);
    t.add(3.0 * half); // 1.5 units → 2
    assert_eq!(t.raw(), 2);
    // Below half a unit rounds to zero.
    let mut u = ExactSum::new();
    u.add(1e-12);
    assert_eq!(u.raw(), 0);
    // Exact small integers and their mean.
    let mut v = ExactSum::new();
    [1.0, 2.0, 3.0, 4.0].iter().for_each(|&x| v.add(x));
    assert_eq!(v.value(), 10.0);
    assert_eq!(v.mean(4), 2.5);
    assert_eq!(ExactSum::RESOLUTION, 2f64.powi(-32));
}

#[test]
fn exact_sum_overflow_sets_flag_without_panicking() {
    let mut s = ExactSum::new();
    s.add(1.0);
    s.add(1e19); // >= 2^62: not representable, not added
    assert!(s.overflowed());
    assert_eq!(s.value(), 1.0);
    for x in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -ExactSum::MAX_ABS_VALUE,
    ] {
        let mut t = ExactSum::new();
        t.add(x);
        assert!(t.overflowed(), "{x}");
        assert_eq!(t.raw(), 0);
    }
    // Just below the limit is fine.
    let mut ok = ExactSum::new();
    ok.add(4.0e18);
    assert!(!ok.overflowed());
    // Repeated doubling by merging drives the i128 past its range: saturates.
    let mut big = ok;
    for _ in 0..40 {
        let copy = big;
        big.merge(&copy);
    }
    assert!(big.overflowed());
    assert_eq!(big.raw(), i128::MAX);
    // The flag propagates through merges.
    let mut m = ExactSum::new();
    m.merge(&s);
    assert!(m.overflowed());
}

#[test]
fn exact_sum_serde_uses_decimal_string() {
    let mut s = ExactSum::new();
    s.add(4.0e18);
    s.add(-0.25);
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains(&format!("\"{}\"", s.raw())), "{json}");
    let back: ExactSum = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    assert!(serde_json::from_str::<ExactSum>(r#"{"raw":"x1","overflowed":false}"#).is_err());
}

#[test]
fn moments_variance_and_standard_error() {
    // Hand-computed: mean 5, sum of squared deviations 32, sample variance
    // 32/7, standard error sqrt(32/7/8). Tolerance 1e-12 relative.
    let data = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
    let mut m = Moments::new();
    data.iter().for_each(|&x| m.add(x));
    assert_eq!(m.mean(8), 5.0);
    assert_eq!(m.sum_of_squares(), 232.0);
    let var = 32.0 / 7.0;
    assert!((m.variance(8) - var).abs() <= 1e-12 * var);
    let se = (var / 8.0f64).sqrt();
    assert!((m.std_error_of_mean(8) - se).abs() <= 1e-12 * se);
    assert_eq!(m.variance(1), 0.0);
    assert_eq!(m.std_error_of_mean(0), 0.0);

    // Order/batch independence and agreement with a two-pass variance
    // (tolerance 1e-9 relative: the squares are rounded to 2^-16 each).
    let data = poisson_like(5, 20_000);
    let mut whole = Moments::new();
    data.iter().for_each(|&x| whole.add(x));
    let mut rng = SplitMix64(6);
    let mut parts: Vec<Moments> = split_batches(&data, 7, &mut rng)
        .iter()
        .map(|b| {
            let mut p = Moments::new();
            b.iter().for_each(|&x| p.add(x));
            p
        })
        .collect();
    rng.shuffle(&mut parts);
    let mut merged = Moments::new();
    parts.iter().for_each(|p| merged.merge(p));
    assert_eq!(merged, whole);
    let n = data.len() as f64;
    let mean = data.iter().sum::<f64>() / n;
    let two_pass = data.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    let v = whole.variance(data.len() as u64);
    assert!((v - two_pass).abs() <= 1e-9 * two_pass, "{v} vs {two_pass}");

    // Range: |x| >= 2^47 sets the flag.
    let mut big = Moments::new();
    big.add(Moments::MAX_ABS_VALUE);
    assert!(big.overflowed());
    let mut nan = Moments::new();
    nan.add(f64::NAN);
    assert!(nan.overflowed());
    let back: Moments = serde_json::from_str(&serde_json::to_string(&whole).unwrap()).unwrap();
    assert_eq!(back, whole);
}

// ---------------------------------------------------------------------------
// QuantileSketch accuracy
// ---------------------------------------------------------------------------

#[test]
fn sketch_accuracy_poisson_like_integers() {
    assert_accurate(&poisson_like(10, 20_000), "poisson-like ~30000");
}

#[test]
fn sketch_accuracy_values_around_072() {
    assert_accurate(&around_072(11, 20_000), "around 0.72");
}

#[test]
fn sketch_accuracy_lognormal_six_decades() {
    let data = lognormal(12, 20_000);
    let s = sorted(&data);
    // The data really span six decades.
    assert!(
        s[s.len() - 1] / s[0] > 1e6,
        "{} .. {}",
        s[0],
        s[s.len() - 1]
    );
    assert_accurate(&data, "lognormal");
}

#[test]
fn sketch_accuracy_zeros_and_negatives() {
    let data = mixed_signs(13, 20_000);
    assert_accurate(&data, "mixed signs");
    let sketch = sketch_of(&data);
    let zeros = data.iter().filter(|&&x| x == 0.0).count() as u64;
    assert_eq!(sketch.zero_count(), zeros);
    // Finer quantile grid over the zero/negative/positive transitions.
    let s = sorted(&data);
    for i in 0..=200 {
        let q = i as f64 / 200.0;
        let (est, exact) = (sketch.quantile(q).unwrap(), exact_lower(&s, q));
        assert!(within_guarantee(est, exact), "q={q}: {est} vs {exact}");
    }
}

#[test]
fn sketch_single_value_is_exact() {
    for x in [42.5, -3.25, 0.0, 1e-300, -1e300, 7e-13] {
        let s = sketch_of(&[x]);
        for q in QS {
            assert_eq!(s.quantile(q), Some(x), "{x} q={q}");
        }
    }
}

#[test]
fn sketch_two_values() {
    // n = 2: rank floor(q·1) is 0 for q < 1 and 1 for q = 1.
    let s = sketch_of(&[5.0, -2.0]);
    for q in [0.0, 0.05, 0.5, 0.95, 0.999] {
        assert_eq!(s.quantile(q), Some(-2.0), "q={q}");
    }
    assert_eq!(s.quantile(1.0), Some(5.0));
    assert_accurate(&[1.0, 1e6], "two values");
}

#[test]
fn sketch_all_equal_values_are_exact() {
    // Every estimate is clamped to [min, max] = [v, v].
    for v in [4.375_1, -0.72, 30_000.0, 0.0] {
        let s = sketch_of(&vec![v; 1000]);
        for q in QS {
            assert_eq!(s.quantile(q), Some(v), "{v} q={q}");
        }
    }
}

#[test]
fn sketch_values_below_zero_threshold() {
    // |x| < 1e-12 is counted as zero: absolute error below 1e-12.
    let data: Vec<f64> = (0..100).map(|i| (i as f64 - 50.0) * 1e-14).collect();
    let sketch = sketch_of(&data);
    assert_eq!(sketch.zero_count(), 100);
    let s = sorted(&data);
    for q in QS {
        let (est, exact) = (sketch.quantile(q).unwrap(), exact_lower(&s, q));
        assert!((est - exact).abs() < 1e-12, "q={q}: {est} vs {exact}");
    }
}

#[test]
fn sketch_empty_and_odd_q() {
    let s = QuantileSketch::new();
    assert_eq!(s.count(), 0);
    assert_eq!(s.quantile(0.5), None);
    assert_eq!(s.min(), None);
    assert_eq!(s.max(), None);
    assert_eq!(QuantileSketch::default(), s);
    let t = sketch_of(&[1.0, 2.0, 3.0]);
    assert_eq!(t.quantile(f64::NAN), None);
    assert_eq!(t.quantile(-1.0), Some(1.0)); // clamped to q = 0
    assert_eq!(t.quantile(7.0), Some(3.0)); // clamped to q = 1
}

#[test]
fn sketch_collapse_sets_flag_and_keeps_large_values_accurate() {
    let data = twelve_decades(14, 50_000);
    let sketch = sketch_of(&data);
    assert!(sketch.collapsed());
    let s = sorted(&data);
    // Collapsing keeps the top 4096 buckets (about seven decades below the
    // maximum, i.e. down to ~1e-1): quantiles from the median up keep the
    // guarantee; lower ones are over-estimated but never below the truth.
    for q in [0.5, 0.75, 0.95, 0.99, 1.0] {
        let (est, exact) = (sketch.quantile(q).unwrap(), exact_lower(&s, q));
        assert!(within_guarantee(est, exact), "q={q}: {est} vs {exact}");
    }
    for q in [0.05, 0.25] {
        assert!(sketch.quantile(q).unwrap() >= exact_lower(&s, q));
    }
    // Min and max stay exact.
    assert_eq!(sketch.min(), Some(s[0]));
    assert_eq!(sketch.max(), Some(s[s.len() - 1]));
    // Memory stays bounded: at most 4096 u64 buckets per store.
    assert!(sketch.memory_bytes() <= 2 * MAX_BUCKETS * 8 + 256);
}

#[test]
fn sketch_memory_is_small_for_a_narrow_series() {
    let sketch = sketch_of(&poisson_like(15, 100_000));
    // One store with the initial 64-bucket window (512 bytes) plus the
    // struct.
    assert!(sketch.memory_bytes() <= 1024, "{}", sketch.memory_bytes());
}

/// Small counts spread around their first values (a one-ward plan's
/// monthly inflow: integers from about 5 to 40) need buckets from
/// ⌈ln 5 / ln γ⌉ to ⌈ln 40 / ln γ⌉, about 520; the window grows by doubling
/// with the spare split between both sides, so it stays within 1,024
/// buckets instead of growing to the 4,096 of the bound as it changes side.
#[test]
fn sketch_window_of_small_counts_stays_near_their_span() {
    let mut r = SplitMix64(21);
    let data: Vec<f64> = (0..20_000)
        .map(|_| libm::round(20.0 + 5.0 * r.normal()).clamp(5.0, 40.0))
        .collect();
    let sketch = sketch_of(&data);
    let needed = (40f64.ln() / GAMMA.ln()).ceil() - (5f64.ln() / GAMMA.ln()).ceil() + 1.0;
    assert!((515.0..=525.0).contains(&needed), "{needed}");
    assert!(
        sketch.memory_bytes() <= 1024 * 8 + 256,
        "{} bytes",
        sketch.memory_bytes()
    );
    // The same values merged from parts: the same window bound.
    let mut merged = QuantileSketch::new();
    for part in data.chunks(700) {
        merged.merge(&sketch_of(part));
    }
    assert_eq!(merged, sketch);
    assert!(merged.memory_bytes() <= 1024 * 8 + 256);
}

#[test]
fn non_finite_input_is_rejected_without_panicking() {
    let mut s = QuantileSketch::new();
    let mut summary = Summary::new();
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -f64::NAN] {
        s.add(x);
        summary.add(x);
    }
    assert_eq!(s.rejected(), 4);
    assert_eq!(s.count(), 0);
    assert_eq!(s.quantile(0.5), None);
    assert_eq!(summary.count(), 0);
    assert_eq!(summary.sketch().rejected(), 4);
    assert_eq!(summary.stats(), SeriesStats::ZERO);
    // Mixed with finite values: those are unaffected.
    for x in [1.0, 2.0, 3.0] {
        s.add(x);
        summary.add(x);
    }
    s.add(f64::NAN);
    assert_eq!(s.rejected(), 5);
    assert_eq!(s.count(), 3);
    assert_eq!(s.quantile(0.0), Some(1.0));
    assert_eq!(summary.mean(), 2.0);
    assert!(!summary.sum().overflowed());
    let mut merged = QuantileSketch::new();
    merged.merge(&s);
    merged.merge(&s);
    assert_eq!(merged.rejected(), 10);
}

// ---------------------------------------------------------------------------
// Merging and serde
// ---------------------------------------------------------------------------

fn check_merges_are_identical(data: &[f64], seed: u64) {
    let whole_sketch = sketch_of(data);
    let whole = summary_of(data);
    let whole_json = serde_json::to_string(&whole).unwrap();
    let mut rng = SplitMix64(seed);
    for k in [1, 2, 7, 100] {
        let batches = split_batches(data, k, &mut rng);
        let mut summaries: Vec<Summary> = batches.iter().map(|b| summary_of(b)).collect();
        let mut sketches: Vec<QuantileSketch> = batches.iter().map(|b| sketch_of(b)).collect();
        rng.shuffle(&mut summaries);
        rng.shuffle(&mut sketches);
        let mut folded = Summary::new();
        summaries.iter().for_each(|p| folded.merge(p));
        let mut folded_sketch = QuantileSketch::new();
        sketches.iter().for_each(|p| folded_sketch.merge(p));
        let tree = tree_merge(summaries, |a, b| a.merge(b));
        let tree_sketch = tree_merge(sketches, |a, b| a.merge(b));

        assert_eq!(folded_sketch, whole_sketch, "k={k}");
        assert_eq!(tree_sketch, whole_sketch, "k={k}");
        for m in [&folded, &tree] {
            assert_eq!(m, &whole, "k={k}");
            assert_eq!(m.mean().to_bits(), whole.mean().to_bits(), "k={k}");
            for i in 0..=100 {
                let q = i as f64 / 100.0;
                let (a, b) = (m.quantile(q).unwrap(), whole.quantile(q).unwrap());
                assert_eq!(a.to_bits(), b.to_bits(), "k={k} q={q}");
            }
            assert_eq!(m.stats(), whole.stats(), "k={k}");
            // Same JSON, and the JSON round-trips to an equal summary.
            let json = serde_json::to_string(m).unwrap();
            assert_eq!(json, whole_json, "k={k}");
            let back: Summary = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, m, "k={k}");
        }
    }
}

#[test]
fn merge_of_batches_is_identical_mixed_signs() {
    check_merges_are_identical(&mixed_signs(20, 20_000), 21);
}

#[test]
fn merge_of_batches_is_identical_lognormal() {
    check_merges_are_identical(&lognormal(22, 20_000), 23);
}

#[test]
fn merge_of_batches_is_identical_poisson_like() {
    check_merges_are_identical(&poisson_like(24, 20_000), 25);
}

#[test]
fn merge_of_batches_is_identical_with_collapsing() {
    // Batches collapse at different points; the result must not depend on it.
    let mut data = twelve_decades(26, 20_000);
    data.extend(twelve_decades(27, 2_000).iter().map(|x| -x));
    check_merges_are_identical(&data, 28);
    assert!(sketch_of(&data).collapsed());
}

#[test]
fn sketch_serde_round_trip_is_exact() {
    for data in [
        mixed_signs(30, 5_000),
        twelve_decades(31, 5_000),
        vec![1.0 / 3.0],
        Vec::new(),
    ] {
        let mut s = sketch_of(&data);
        s.add(f64::NAN);
        let json = serde_json::to_string(&s).unwrap();
        let back: QuantileSketch = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.min().map(f64::to_bits), s.min().map(f64::to_bits));
        assert_eq!(back.max().map(f64::to_bits), s.max().map(f64::to_bits));
        for q in QS {
            assert_eq!(
                back.quantile(q).map(f64::to_bits),
                s.quantile(q).map(f64::to_bits)
            );
        }
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        // A deserialized sketch keeps working.
        let mut more = back.clone();
        more.merge(&s);
        more.add(2.5);
        assert_eq!(more.count(), 2 * s.count() + 1);
    }
    // The documented sparse shape.
    let s = sketch_of(&[1.0, 1.0, -1.0, 0.0]);
    let v: serde_json::Value = serde_json::to_value(&s).unwrap();
    assert_eq!(v["count"], 4);
    assert_eq!(v["zero"], 1);
    assert_eq!(v["rejected"], 0);
    assert_eq!(v["collapsed"], false);
    // min/max are exact decimal strings (numbers are accepted on input).
    assert_eq!(v["min"], "-1");
    assert_eq!(v["max"], "1");
    assert_eq!(v["positive"], serde_json::json!([[0, 2]]));
    assert_eq!(v["negative"], serde_json::json!([[0, 1]]));
}

#[test]
fn sketch_deserialization_rejects_inconsistent_input() {
    let ok = r#"{"count":3,"min":1.0,"max":2.0,"zero":0,"rejected":0,"collapsed":false,"positive":[[0,1],[174,2]],"negative":[]}"#;
    assert!(serde_json::from_str::<QuantileSketch>(ok).is_ok());
    let strings = ok.replace("1.0", "\"1\"").replace("2.0", "\"2e0\"");
    let parsed: QuantileSketch = serde_json::from_str(&strings).unwrap();
    assert_eq!(parsed, serde_json::from_str::<QuantileSketch>(ok).unwrap());
    assert_eq!((parsed.min(), parsed.max()), (Some(1.0), Some(2.0)));
    for bad in [
        // counts do not add up
        r#"{"count":4,"min":1.0,"max":2.0,"zero":0,"rejected":0,"collapsed":false,"positive":[[0,1],[174,2]],"negative":[]}"#,
        // indices not increasing
        r#"{"count":3,"min":1.0,"max":2.0,"zero":0,"rejected":0,"collapsed":false,"positive":[[174,2],[0,1]],"negative":[]}"#,
        // zero bucket count
        r#"{"count":3,"min":1.0,"max":2.0,"zero":0,"rejected":0,"collapsed":false,"positive":[[0,0],[174,3]],"negative":[]}"#,
        // wider than 4096 buckets
        r#"{"count":3,"min":1.0,"max":2.0,"zero":0,"rejected":0,"collapsed":false,"positive":[[0,1],[5000,2]],"negative":[]}"#,
        // min > max
        r#"{"count":3,"min":3.0,"max":2.0,"zero":0,"rejected":0,"collapsed":false,"positive":[[0,1],[174,2]],"negative":[]}"#,
        // unparsable min
        r#"{"count":3,"min":"one","max":2.0,"zero":0,"rejected":0,"collapsed":false,"positive":[[0,1],[174,2]],"negative":[]}"#,
        // overflowing counts
        r#"{"count":3,"min":1.0,"max":2.0,"zero":18446744073709551615,"rejected":0,"collapsed":false,"positive":[[0,1]],"negative":[]}"#,
    ] {
        assert!(
            serde_json::from_str::<QuantileSketch>(bad).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn summary_stats_match_sketch_and_exact_mean() {
    let data = poisson_like(40, 20_000);
    let summary = summary_of(&data);
    assert_eq!(summary.count(), 20_000);
    let mut sum = ExactSum::new();
    data.iter().for_each(|&x| sum.add(x));
    // Integers are exact in fixed point, so the mean is exactly sum / n.
    let exact_mean = data.iter().map(|&x| x as i64).sum::<i64>() as f64 / 20_000.0;
    assert_eq!(summary.mean(), exact_mean);
    assert_eq!(summary.sum(), &sum);
    let st = summary.stats();
    let sk = summary.sketch();
    assert_eq!(st.mean, exact_mean);
    assert_eq!(Some(st.p5), sk.quantile(0.05));
    assert_eq!(Some(st.p25), sk.quantile(0.25));
    assert_eq!(Some(st.p50), sk.quantile(0.5));
    assert_eq!(Some(st.p75), sk.quantile(0.75));
    assert_eq!(Some(st.p95), sk.quantile(0.95));
    assert_eq!(Summary::new().stats(), SeriesStats::ZERO);
    assert_eq!(Summary::default(), Summary::new());
    let back: SeriesStats = serde_json::from_str(&serde_json::to_string(&st).unwrap()).unwrap();
    assert_eq!(back, st);
    // A summary whose count disagrees with its sketch is rejected.
    let mut v = serde_json::to_value(&summary).unwrap();
    v["count"] = serde_json::json!(19_999);
    assert!(serde_json::from_value::<Summary>(v).is_err());
}

// ---------------------------------------------------------------------------
// Proportion
// ---------------------------------------------------------------------------

#[test]
fn proportion_probability_and_std_error() {
    let mut p = Proportion::new();
    assert_eq!(p.probability(), 0.0);
    assert_eq!(p.std_error(), 0.0);
    for i in 0..10 {
        p.record(i < 3);
    }
    assert_eq!(
        p,
        Proportion {
            successes: 3,
            trials: 10
        }
    );
    // Hand-computed: p = 0.3, se = sqrt(0.3·0.7/10) = sqrt(0.021)
    // = 0.144913767461894...; tolerance 1e-15 absolute.
    assert_eq!(p.probability(), 0.3);
    assert!((p.std_error() - 0.144_913_767_461_894_4).abs() < 1e-15);
    // Merge: 3/10 + 1/6 = 4/16 = 0.25, se = sqrt(0.25·0.75/16) = 0.108253175...
    let mut q = Proportion::new();
    for i in 0..6 {
        q.record(i == 0);
    }
    p.merge(&q);
    assert_eq!(
        p,
        Proportion {
            successes: 4,
            trials: 16
        }
    );
    assert_eq!(p.probability(), 0.25);
    assert!((p.std_error() - 0.108_253_175_473_054_83).abs() < 1e-15);
    // All successes: p = 1, se = 0.
    let all = Proportion {
        successes: 5,
        trials: 5,
    };
    assert_eq!(all.probability(), 1.0);
    assert_eq!(all.std_error(), 0.0);
    let back: Proportion = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
}

// ---------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------

/// Finite values of mixed signs and magnitudes within six decades
/// (1e-3 .. 1e3, so no collapsing), plus exact zeros.
fn moderate_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        1 => Just(0.0),
        8 => (any::<bool>(), -3.0..3.0f64)
            .prop_map(|(neg, e)| if neg { -1.0 } else { 1.0 } * libm::pow(10.0, e)),
        1 => (-1000i32..1000).prop_map(f64::from),
    ]
}

/// A scale anywhere in the f64 range where the guarantee applies, with a
/// random sign: 2^e for e in [-39, 1019] (2^-39 ≈ 1.8e-12 > 1e-12, and
/// 11·2^1019 is finite).
fn any_scale() -> impl Strategy<Value = f64> {
    (any::<bool>(), -39i32..=1019).prop_map(|(neg, e)| {
        let s = libm::ldexp(1.0, e);
        if neg { -s } else { s }
    })
}

/// Any finite f64 (all magnitudes, both signs, subnormals and zeros).
fn any_finite() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The accuracy guarantee for every quantile on a fine grid (tolerance
    /// ALPHA·|exact| with 1e-9 relative slack + 1e-12 absolute).
    #[test]
    fn prop_accuracy_guarantee(data in prop::collection::vec(moderate_value(), 1..400),
                               extra_q in 0.0..=1.0f64) {
        let sketch = sketch_of(&data);
        prop_assert!(!sketch.collapsed());
        let s = sorted(&data);
        for q in (0..=20).map(|i| i as f64 / 20.0).chain([extra_q]) {
            let (est, exact) = (sketch.quantile(q).unwrap(), exact_lower(&s, q));
            prop_assert!(within_guarantee(est, exact), "q={} est={} exact={}", q, est, exact);
        }
    }

    /// The guarantee at every scale of the f64 range: values scale·(1 + 10u)
    /// with random signs span about one decade per sign (same tolerance).
    #[test]
    fn prop_accuracy_at_any_scale(scale in any_scale(),
                                  parts in prop::collection::vec((0.0..1.0f64, any::<bool>()), 1..200)) {
        let data: Vec<f64> = parts
            .iter()
            .map(|&(u, neg)| if neg { -1.0 } else { 1.0 } * scale * (1.0 + 10.0 * u))
            .collect();
        let sketch = sketch_of(&data);
        let s = sorted(&data);
        for q in (0..=20).map(|i| i as f64 / 20.0) {
            let (est, exact) = (sketch.quantile(q).unwrap(), exact_lower(&s, q));
            prop_assert!(within_guarantee(est, exact), "q={} est={} exact={}", q, est, exact);
        }
    }

    /// merge(sketch(A), sketch(B)) == sketch(A ∪ B), both ways, for any
    /// finite values (including collapsing); the Summaries agree bit for bit.
    #[test]
    fn prop_merge_of_split_equals_whole(data in prop::collection::vec(any_finite(), 0..300),
                                         cut in any::<prop::sample::Index>()) {
        let k = if data.is_empty() { 0 } else { cut.index(data.len() + 1) };
        let (a, b) = data.split_at(k);
        let whole = summary_of(&data);
        let (sa, sb) = (summary_of(a), summary_of(b));
        let mut ab = sa.clone();
        ab.merge(&sb);
        let mut ba = sb.clone();
        ba.merge(&sa);
        prop_assert_eq!(&ab, &whole);
        prop_assert_eq!(&ba, &whole);
        prop_assert_eq!(ab.mean().to_bits(), whole.mean().to_bits());
        for q in QS {
            prop_assert_eq!(ab.quantile(q).map(f64::to_bits), whole.quantile(q).map(f64::to_bits));
        }
        let json = serde_json::to_string(&whole).unwrap();
        let back: Summary = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, whole);
    }

    /// Adding a slice at once gives the same summary, bit for bit, as
    /// adding its values one by one, whatever the values: NaN, ±∞, zeros,
    /// values below the zero threshold, values too large for the exact sum,
    /// and data wide enough to collapse buckets; slices longer than the
    /// 64 values handled per group included.
    #[test]
    fn prop_add_many_equals_one_by_one(data in prop::collection::vec(
                                           prop_oneof![
                                               8 => moderate_value(),
                                               2 => any_finite(),
                                               1 => Just(f64::NAN),
                                               1 => Just(f64::INFINITY),
                                               1 => Just(f64::NEG_INFINITY),
                                               1 => Just(-0.0),
                                               1 => 1e18..1e30f64,
                                           ],
                                           0..300),
                                       cut in any::<prop::sample::Index>()) {
        let one_by_one = summary_of(&data);
        let mut at_once = Summary::new();
        let k = if data.is_empty() { 0 } else { cut.index(data.len() + 1) };
        at_once.add_many(&data[..k]);
        at_once.add_many(&data[k..]);
        prop_assert_eq!(&at_once, &one_by_one);
        prop_assert_eq!(at_once.sum().raw(), one_by_one.sum().raw());
        prop_assert_eq!(at_once.sum().overflowed(), one_by_one.sum().overflowed());
        prop_assert_eq!(at_once.sketch().rejected(), one_by_one.sketch().rejected());
        prop_assert_eq!(at_once.sketch().collapsed(), one_by_one.sketch().collapsed());

        let mut sum = ExactSum::new();
        let finite: Vec<f64> = data.iter().copied().filter(|x| x.is_finite()).collect();
        sum.add_many(&finite);
        prop_assert_eq!(sum, *one_by_one.sum());
    }

    /// A run of one value (a fixed budget line takes one value in every
    /// run) is counted at once, with the same result as one by one, after
    /// any earlier values: also when they collapsed buckets, and for NaN,
    /// ±∞, −0, tiny and huge values.
    #[test]
    fn prop_a_repeated_value_equals_one_by_one(before in prop::collection::vec(
                                                   prop_oneof![
                                                       8 => moderate_value(),
                                                       2 => any_finite(),
                                                       1 => Just(f64::NAN),
                                                   ],
                                                   0..200),
                                               x in prop_oneof![
                                                   8 => moderate_value(),
                                                   2 => any_finite(),
                                                   1 => Just(f64::NAN),
                                                   1 => Just(f64::NEG_INFINITY),
                                                   1 => Just(-0.0),
                                                   1 => Just(1e-300),
                                                   1 => 1e18..1e30f64,
                                               ],
                                               n in 0usize..600) {
        let repeated = vec![x; n];
        let mut one_by_one = summary_of(&before);
        for &v in &repeated {
            one_by_one.add(v);
        }
        let mut at_once = summary_of(&before);
        at_once.add_many(&repeated);
        prop_assert_eq!(&at_once, &one_by_one);
        prop_assert_eq!(at_once.sum().raw(), one_by_one.sum().raw());
        prop_assert_eq!(at_once.sum().overflowed(), one_by_one.sum().overflowed());
        prop_assert_eq!(at_once.sketch().rejected(), one_by_one.sketch().rejected());
        prop_assert_eq!(at_once.sketch().collapsed(), one_by_one.sketch().collapsed());
        let mut direct = summary_of(&before);
        direct.add_repeated(x, n as u64);
        prop_assert_eq!(&direct, &one_by_one);
    }

    /// Exact sums do not depend on the order of the values.
    #[test]
    fn prop_exact_sum_permutation(data in prop::collection::vec(-1e12..1e12f64, 0..200),
                                  seed in any::<u64>()) {
        let mut shuffled = data.clone();
        SplitMix64(seed).shuffle(&mut shuffled);
        let (mut a, mut b) = (ExactSum::new(), ExactSum::new());
        data.iter().for_each(|&x| a.add(x));
        shuffled.iter().for_each(|&x| b.add(x));
        prop_assert_eq!(a, b);
        prop_assert_eq!(a.value().to_bits(), b.value().to_bits());
    }
}
