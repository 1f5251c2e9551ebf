//! The count samplers of stochastic mode (docs/model.md §4): exact inversion for
//! small counts, and the normal approximation for large ones, which must keep
//! the mean exact and the variance within 1 %.

use sasaeai::model::special::normal_cdf;
use sasaeai::model::special::normal_quantile;
use sasaeai::sim::draw::{
    NORMAL_APPROX_MIN_VARIANCE, binomial_from_uniform, poisson_from_uniform,
    standard_normal_from_uniform,
};
use sasaeai::sim::stream::{nth, unit_open};
use statrs::distribution::{Binomial, DiscreteCDF, Poisson};

/// Mean and variance of the approximated count ⌊μ + σ'z + ½⌋ with the
/// Sheppard-corrected σ' = √(σ² − 1/12), summed exactly over its
/// probability mass: P(X = k) = Φ((k + ½ − μ)/σ') − Φ((k − ½ − μ)/σ'),
/// with the mass below 0 at 0 and above n at n.
fn approximation_moments(mu: f64, variance: f64, n: f64) -> (f64, f64) {
    let sigma = (variance - 1.0 / 12.0).sqrt();
    let lo = ((mu - 14.0 * sigma).floor()).max(0.0) as i64;
    let hi = ((mu + 14.0 * sigma).ceil()).min(n) as i64;
    let (mut m0, mut m1, mut m2) = (0.0, 0.0, 0.0);
    for k in lo..=hi {
        let k = k as f64;
        let upper = if k >= n {
            1.0
        } else {
            normal_cdf((k + 0.5 - mu) / sigma)
        };
        let lower = if k <= 0.0 {
            0.0
        } else {
            normal_cdf((k - 0.5 - mu) / sigma)
        };
        let p = upper - lower;
        m0 += p;
        m1 += p * k;
        m2 += p * k * k;
    }
    let mean = m1 / m0;
    (mean, m2 / m0 - mean * mean)
}

#[test]
fn the_normal_approximation_keeps_the_mean_and_the_variance_within_one_percent() {
    // Poisson at and above the threshold.
    for mean in [
        NORMAL_APPROX_MIN_VARIANCE,
        20.0,
        25.0,
        100.0,
        1_000.0,
        28_400.0,
    ] {
        let (m, v) = approximation_moments(mean, mean, f64::INFINITY);
        // Mean: rounding a normal moves it by < 1e-100; the limit at 0 lies
        // 4 σ or more away and moves it by about σ·(φ(a) − aΦ(−a)) with
        // a = (μ + ½)/σ: 2.6e-5 at μ = 16, i.e. 1.6e-6 relative. Allow 2e-6.
        assert!((m - mean).abs() <= 2e-6 * mean, "Poisson({mean}) mean {m}");
        // Variance: Sheppard's correction makes it σ² but for the limit at
        // 0, which removes 5.5e-5 of it at μ = 16. Allow 1e-4; the
        // requirement is 1 %.
        assert!(
            (v / mean - 1.0).abs() < 1e-4,
            "Poisson({mean}) variance {v}"
        );
    }
    // Binomial at and above the threshold, including p > ½ (mirrored).
    for (n, p) in [
        (620.0, 0.0267_f64),
        (1_042.0, 0.025),
        (2_723.0, 0.0267),
        (100.0, 0.5),
        (64.0, 0.5),
        (10_000.0, 0.9),
        (200.0, 0.2),
    ] {
        let mean = n * p;
        let var = n * p * (1.0 - p);
        assert!(var >= NORMAL_APPROX_MIN_VARIANCE || p > 0.5);
        let (m, v) = approximation_moments(mean, var, n);
        assert!(
            (m - mean).abs() <= 2e-6 * mean,
            "Binomial({n},{p}) mean {m} vs {mean}"
        );
        assert!(
            (v / var - 1.0).abs() < 1e-4,
            "Binomial({n},{p}) variance {v} vs {var}"
        );
    }
}

#[test]
fn the_interpolated_normal_quantile_is_odd_accurate_and_monotone() {
    // Exactly odd about ½ on the uniforms the streams produce, so the
    // deviates have mean 0 exactly.
    for i in 0..100_000u64 {
        let u = unit_open(nth(7, i));
        assert_eq!(
            standard_normal_from_uniform(1.0 - u),
            -standard_normal_from_uniform(u),
            "{u}"
        );
    }
    // Within 1e-7 of AS 241 everywhere; equal to it in the tails (w < 1/128).
    let mut worst: f64 = 0.0;
    for i in 1..2_000_000u64 {
        let u = i as f64 / 2_000_000.0;
        worst = worst.max((standard_normal_from_uniform(u) - normal_quantile(u)).abs());
    }
    assert!(worst < 1e-7, "worst error {worst:e}");
    for u in [1e-300, 1e-9, 0.001, 0.0078, 1.0 - 0.0078, 1.0 - 1e-9] {
        assert_eq!(standard_normal_from_uniform(u), normal_quantile(u), "{u}");
    }
    // Non-decreasing, densely around the start of the table (1/128) and
    // across the whole range.
    let mut last = f64::NEG_INFINITY;
    for i in 0..=400_000u64 {
        let u = 1.0 / 128.0 - 2e-4 + i as f64 * 1e-9;
        let z = standard_normal_from_uniform(u);
        assert!(z >= last, "{u}");
        last = z;
    }
    let mut last = f64::NEG_INFINITY;
    for i in 1..4_000_000u64 {
        let z = standard_normal_from_uniform(i as f64 / 4_000_000.0);
        assert!(z >= last, "{i}");
        last = z;
    }
    assert!(standard_normal_from_uniform(f64::NAN).is_nan());
}

fn uniforms(key: u64, n: u64) -> impl Iterator<Item = f64> {
    (0..n).map(move |i| unit_open(nth(key, i)))
}

fn moments(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    (
        mean,
        xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0),
    )
}

#[test]
fn sampled_counts_have_the_right_mean_and_variance() {
    const N: u64 = 200_000;
    type Case = (&'static str, f64, f64, Box<dyn Fn(f64) -> f64>);
    let cases: Vec<Case> = vec![
        (
            "Poisson(0.4)",
            0.4,
            0.4,
            Box::new(|u| poisson_from_uniform(u, 0.4)),
        ),
        (
            "Poisson(3)",
            3.0,
            3.0,
            Box::new(|u| poisson_from_uniform(u, 3.0)),
        ),
        (
            "Poisson(15)",
            15.0,
            15.0,
            Box::new(|u| poisson_from_uniform(u, 15.0)),
        ),
        (
            "Poisson(24)",
            24.0,
            24.0,
            Box::new(|u| poisson_from_uniform(u, 24.0)),
        ),
        (
            "Poisson(758)",
            758.0,
            758.0,
            Box::new(|u| poisson_from_uniform(u, 758.0)),
        ),
        (
            "Binomial(10,0.036)",
            0.36,
            10.0 * 0.036 * 0.964,
            Box::new(|u| binomial_from_uniform(u, 10.0, 0.036)),
        ),
        (
            "Binomial(196,0.027)",
            196.0 * 0.027,
            196.0 * 0.027 * 0.973,
            Box::new(|u| binomial_from_uniform(u, 196.0, 0.027)),
        ),
        (
            "Binomial(30,0.8)",
            24.0,
            30.0 * 0.8 * 0.2,
            Box::new(|u| binomial_from_uniform(u, 30.0, 0.8)),
        ),
        (
            "Binomial(620,0.0267)",
            620.0 * 0.0267,
            620.0 * 0.0267 * 0.9733,
            Box::new(|u| binomial_from_uniform(u, 620.0, 0.0267)),
        ),
        (
            "Binomial(2723,0.0267)",
            2723.0 * 0.0267,
            2723.0 * 0.0267 * 0.9733,
            Box::new(|u| binomial_from_uniform(u, 2723.0, 0.0267)),
        ),
    ];
    for (i, (name, mean, var, f)) in cases.into_iter().enumerate() {
        let xs: Vec<f64> = uniforms(1000 + i as u64, N).map(&f).collect();
        let (m, v) = moments(&xs);
        // Mean within 5 standard errors of the mean.
        let se = (var / N as f64).sqrt();
        assert!(
            (m - mean).abs() < 5.0 * se,
            "{name}: mean {m} vs {mean} (se {se})"
        );
        // Variance within 5 standard errors of the sample variance
        // (≈ var·√(2/N) for these near-normal counts, doubled for skew) plus
        // the approximation's 1 %.
        let tol = 5.0 * 2.0 * var * (2.0 / N as f64).sqrt() + 0.01 * var;
        assert!((v - var).abs() < tol, "{name}: variance {v} vs {var}");
        assert!(
            xs.iter().all(|x| *x >= 0.0 && x.fract() == 0.0),
            "{name}: counts are whole and not negative"
        );
    }
}

#[test]
fn exact_inversion_returns_the_u_quantile() {
    // For each u, the count k must satisfy F(k − 1) < u ≤ F(k); the
    // sampler sums the mass sequentially, so allow 1e-12 of rounding.
    let grid: Vec<f64> = (1..2000)
        .map(|i| i as f64 / 2000.0)
        .chain([1e-9, 1.0 - 1e-9])
        .collect();
    for mean in [0.05, 0.7, 2.2, 9.5, 15.9] {
        let d = Poisson::new(mean).unwrap();
        for &u in &grid {
            let k = poisson_from_uniform(u, mean) as u64;
            assert!(d.cdf(k) >= u - 1e-12, "Poisson({mean}) u={u} k={k}");
            assert!(
                k == 0 || d.cdf(k - 1) < u + 1e-12,
                "Poisson({mean}) u={u} k={k}"
            );
        }
    }
    for (n, p) in [
        (10u64, 0.036),
        (61, 0.035),
        (196, 0.027),
        (19, 0.0094),
        (40, 0.9),
    ] {
        let d = Binomial::new(p, n).unwrap();
        for &u in &grid {
            let k = binomial_from_uniform(u, n as f64, p) as u64;
            assert!(d.cdf(k) >= u - 1e-12, "Binomial({n},{p}) u={u} k={k}");
            assert!(
                k == 0 || d.cdf(k - 1) < u + 1e-12,
                "Binomial({n},{p}) u={u} k={k}"
            );
        }
    }
}

#[test]
fn counts_never_decrease_with_u_so_scenarios_stay_coupled() {
    let grid: Vec<f64> = (1..5000).map(|i| i as f64 / 5000.0).collect();
    for mean in [0.3, 5.0, 15.99, 16.0, 24.99, 400.0] {
        let xs: Vec<f64> = grid
            .iter()
            .map(|u| poisson_from_uniform(*u, mean))
            .collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]), "Poisson({mean})");
    }
    for (n, p) in [
        (10.0, 0.2),
        (100.0, 0.6),
        (600.0, 0.0267),
        (620.0, 0.0267),
        (3000.0, 0.03),
        (50.0, 0.97),
    ] {
        let xs: Vec<f64> = grid
            .iter()
            .map(|u| binomial_from_uniform(*u, n, p))
            .collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]), "Binomial({n},{p})");
        assert!(xs.iter().all(|x| *x <= n));
    }
}

#[test]
fn degenerate_counts() {
    assert_eq!(poisson_from_uniform(0.5, 0.0), 0.0);
    assert_eq!(poisson_from_uniform(0.5, f64::NAN), 0.0);
    assert_eq!(poisson_from_uniform(0.5, -3.0), 0.0);
    assert_eq!(binomial_from_uniform(0.5, 0.0, 0.3), 0.0);
    assert_eq!(binomial_from_uniform(0.5, 10.0, 0.0), 0.0);
    assert_eq!(binomial_from_uniform(0.5, 10.0, 1.0), 10.0);
    assert_eq!(binomial_from_uniform(0.5, 10.0, f64::NAN), 0.0);
    assert_eq!(binomial_from_uniform(1.0 - 1e-16, 10.0, 0.5), 10.0);
}

#[test]
fn the_division_free_exp_agrees_with_libm() {
    use sasaeai::sim::draw::exp_nonpositive;
    // Relative error within 4 ulps (≈ 8.9e-16) of libm's exp, which is
    // itself within 1 ulp of e^x: the sampler needs e^(−λ) to ~1e-12.
    let mut worst: f64 = 0.0;
    for i in 0..=2_000_000 {
        let x = -(i as f64) * 3.5e-4;
        let want = libm::exp(x);
        let got = exp_nonpositive(x);
        worst = worst.max(((got - want) / want).abs());
    }
    assert!(worst < 4.0 * f64::EPSILON, "worst relative error {worst:e}");
    assert_eq!(exp_nonpositive(0.0), 1.0);
    assert_eq!(exp_nonpositive(-800.0), libm::exp(-800.0));
    assert_eq!(exp_nonpositive(1.0), libm::exp(1.0));
}

#[test]
fn binomial_zero_mass_agrees_with_the_power() {
    // P(X = 0) enters every later term of the search; 1e-13 relative keeps
    // the cumulative sums far inside the 1e-12 checked above.
    use statrs::distribution::Discrete;
    for (n, p) in [
        (10u64, 0.036),
        (1700, 0.009), // variance 15.2, just below the normal approximation
        (61, 0.12),
        (40, 0.3),
        (5, 0.5),
        (500, 0.0267),
        (1, 1e-9),
    ] {
        let want = Binomial::new(p, n).unwrap().pmf(0);
        let u = want * 0.5; // below P(0): the count must be 0
        assert_eq!(binomial_from_uniform(u, n as f64, p), 0.0, "n {n} p {p}");
        let u = want * (1.0 + 1e-9); // just above P(0): the count must be 1
        assert_eq!(
            binomial_from_uniform(u.min(1.0 - 1e-16), n as f64, p),
            if want >= 1.0 - 1e-12 { 0.0 } else { 1.0 },
            "n {n} p {p}"
        );
    }
}

/// The u-quantile by a plain term-by-term search with the sampler's own
/// recurrences and order of operations: the reference that the samplers'
/// branch-free blocks must reproduce exactly.
fn sequential_quantile(u: f64, first: f64, factor: impl Fn(usize) -> f64, limit: usize) -> f64 {
    let mut pk = first;
    let mut cdf = pk;
    let mut k = 0;
    while u > cdf && k < limit {
        pk *= factor(k);
        k += 1;
        cdf += pk;
    }
    k as f64
}

#[test]
fn short_and_full_search_blocks_give_the_counts_of_a_plain_search() {
    // Means on both sides of the short block's limit (1.5), and uniforms
    // that put the count at, just below and just above the block ends 6
    // and 12 as well as spread over (0, 1).
    let mut uniforms: Vec<f64> = (1..4000).map(|i| i as f64 / 4000.0).collect();
    uniforms.extend((1..=60).map(|i| 1.0 - 10f64.powf(-(i as f64) / 4.0)));
    for mean in [0.05, 0.9, 1.4999, 1.5, 1.5001, 2.5, 6.0, 15.5] {
        let first = sasaeai::sim::draw::exp_nonpositive(-mean);
        for &u in &uniforms {
            let want = sequential_quantile(u, first, |k| mean * (1.0 / (k + 1) as f64), 85);
            assert_eq!(poisson_from_uniform(u, mean), want, "Poisson({mean}) u={u}");
        }
    }
    for (n, p) in [
        (40.0, 0.0375),
        (150.0, 0.01),
        (151.0, 0.01),
        (7.0, 0.2),
        (300.0, 0.02),
        (3.0, 0.3),
        (2.0, 0.5),
    ] {
        let q: f64 = 1.0 - p;
        let ratio = p / q;
        // q^n by binary powering, as the sampler computes P(X = 0).
        let (mut first, mut base, mut bits) = (1.0, q, n as u64);
        while bits > 0 {
            if bits & 1 == 1 {
                first *= base;
            }
            base *= base;
            bits >>= 1;
        }
        for &u in &uniforms {
            let got = binomial_from_uniform(u, n, p);
            let want = sequential_quantile(
                u,
                first,
                |k| ratio * (n - k as f64) * (1.0 / (k + 1) as f64),
                (n as usize).min(127),
            );
            assert_eq!(got, want, "Binomial({n},{p}) u={u}");
        }
    }
}
