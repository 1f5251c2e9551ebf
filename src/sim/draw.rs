//! Random counts for stochastic mode (MODEL.md §4): Poisson and Binomial
//! flows drawn by inversion from one uniform number each.
//!
//! Each draw consumes exactly one uniform u from its own stream, keyed by
//! (run, ward, flow) and indexed by month, and returns the u-quantile of the
//! flow's distribution. The count is therefore non-decreasing in u, so two
//! scenarios run with one seed are coupled flow by flow (common random
//! numbers), and the random numbers never drift out of step between them.
//!
//! Small counts are exact: a sequential search of the cumulative
//! distribution. When the variance σ² of a count is at least
//! [`NORMAL_APPROX_MIN_VARIANCE`] (25), the count is the normal approximation
//! `⌊μ + σ·Φ⁻¹(u) + ½⌋`, limited to [0, n]. MODEL.md §4 allows an
//! approximation that keeps the mean exact and the variance within 1 %:
//! rounding a normal to the nearest whole number adds about 1/12 to the
//! variance (Sheppard), at most 0.33 % when σ² ≥ 25, and moves the mean by
//! less than 1e-12 relative; the limits at 0 and n lie 5 σ or more away and
//! move it by less than 1e-7 relative. `tests/draws.rs` checks both
//! analytically and by sampling.
//!
//! Training fills whole seats. MODEL.md §4 says "trained as above rounded
//! down"; rounding each month down on its own would lose the fraction of a
//! seat every month (a ward with 0.7 seats a month would never train anyone)
//! and the stochastic status quo would drift away from the calibrated
//! present. So the fraction is carried: each ward holds a seat credit in
//! [0, 1), started at a uniform phase drawn once per ward and run; a month
//! offers ⌊credit + seats⌋ whole seats and carries the rest. Seats that
//! find no untrained supporter lapse, as in expected mode. Then
//! E[trained] equals the expected-mode value every month, and a fiscal
//! year never trains more than one seat beyond what its line buys.

use crate::model::special::normal_quantile;
use crate::model::ward::{Flow, FlowSampler};

use super::stream::{Purpose, nth, stream_key, unit_open};

/// Variance from which a count is drawn from its normal approximation.
pub const NORMAL_APPROX_MIN_VARIANCE: f64 = 25.0;

/// 1/k for k = 0…127 (entry 0 unused), so the inversion loops multiply by
/// a constant instead of dividing inside their dependency chain. Each entry
/// is the correctly rounded quotient, the same on every platform.
static RECIPROCALS: [f64; 128] = {
    let mut table = [0.0; 128];
    let mut k = 1;
    while k < 128 {
        table[k] = 1.0 / k as f64;
        k += 1;
    }
    table
};

/// ⌊x⌋ for 0 ≤ x < 2⁶³ by truncation, which needs no library call on
/// processors without a rounding instruction; other values go to `floor`.
#[inline]
fn floor_count(x: f64) -> f64 {
    if (0.0..9.2e18).contains(&x) {
        (x as u64) as f64
    } else {
        x.floor()
    }
}

/// 2^(j/64) for j = 0…63, from `libm::exp2`, so the same on every platform.
static EXP2_64THS: std::sync::LazyLock<[f64; 64]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|j| libm::exp2(j as f64 / 64.0)));

/// e^x for −700 ≤ x ≤ 0 without a division: x = (k/64)·ln 2 + r with
/// |r| ≤ ln 2/128, e^r from its Taylor polynomial to r⁵ (remainder below
/// 4e-17), and 2^(k/64) from a table. Relative error within a few ulps of
/// `libm::exp` (tested); outside the range it defers to `libm::exp`.
#[inline]
pub fn exp_nonpositive(x: f64) -> f64 {
    if !(-700.0..=0.0).contains(&x) {
        return libm::exp(x);
    }
    const SCALE: f64 = 64.0 / std::f64::consts::LN_2;
    // ln 2 / 64 split so that k·LN2_64_HI is exact for |k| < 2^16.
    const LN2_64_HI: f64 = 0.010_830_424_696_223_417;
    const LN2_64_LO: f64 = 2.572_804_622_327_669e-14; // ln 2/64 − LN2_64_HI, to 50 digits
    let k = (x * SCALE - 0.5) as i64; // x ≤ 0: rounds to nearest
    let kf = k as f64;
    let r = (x - kf * LN2_64_HI) - kf * LN2_64_LO;
    let r2 = r * r;
    let poly = (1.0 + r) + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * ((1.0 / 24.0) + r * (1.0 / 120.0)));
    let j = (k & 63) as usize;
    let e = k >> 6; // floor(k / 64), −700 ≤ x keeps 2^e normal
    let scale = f64::from_bits(((1023 + e) as u64) << 52);
    poly * EXP2_64THS[j] * scale
}

/// xⁿ by binary powering: about log₂ n squarings, no library call, a
/// relative error of a few ulps (P(X = 0) of a binomial needs no more).
#[inline]
fn powi(x: f64, mut n: u64) -> f64 {
    let mut result = 1.0;
    let mut base = x;
    while n > 0 {
        // A select rather than a branch: the bits of n are unpredictable.
        result *= [1.0, base][(n & 1) as usize];
        base *= base;
        n >>= 1;
    }
    result
}

/// The u-quantile of Poisson(mean), exact below the approximation threshold.
#[inline]
pub fn poisson_from_uniform(u: f64, mean: f64) -> f64 {
    if mean.is_nan() || mean <= 0.0 {
        return 0.0;
    }
    if mean >= NORMAL_APPROX_MIN_VARIANCE {
        return floor_count(mean + mean.sqrt() * normal_quantile(u) + 0.5).max(0.0);
    }
    let mut pk = exp_nonpositive(-mean);
    let mut cdf = pk;
    // Beyond mean + 60 (< 85) the remaining mass is below 1e-16 for mean < 25.
    let mut k = 0;
    while u > cdf && k < 85 {
        k += 1;
        pk *= mean * RECIPROCALS[k];
        cdf += pk;
    }
    k as f64
}

/// The u-quantile of Binomial(n, p) (n a whole number), exact below the
/// approximation threshold.
#[inline]
pub fn binomial_from_uniform(u: f64, n: f64, p: f64) -> f64 {
    if n.is_nan() || n < 1.0 || p.is_nan() || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        // Count the failures instead: still non-decreasing in u.
        return n - binomial_from_uniform(1.0 - u, n, 1.0 - p);
    }
    let q = 1.0 - p;
    let variance = n * p * q;
    if variance >= NORMAL_APPROX_MIN_VARIANCE {
        return floor_count(n * p + variance.sqrt() * normal_quantile(u) + 0.5).clamp(0.0, n);
    }
    let ratio = p / q;
    let mut pk = powi(q, n as u64);
    let mut cdf = pk;
    // Here n·p < 50 (variance < 25 with p ≤ ½), so the search ends well
    // before 127 unless rounding stalls the sum just below u.
    let last = n.min(127.0) as usize;
    let mut k = 0;
    while u > cdf && k < last {
        pk *= ratio * (n - k as f64) * RECIPROCALS[k + 1];
        k += 1;
        cdf += pk;
    }
    k as f64
}

/// Stochastic mode: each flow of each month drawn from its own keyed stream.
#[derive(Clone, Debug)]
pub struct StochasticFlows {
    keys: [u64; 6],
    month: u64,
    seat_credit: f64,
}

impl StochasticFlows {
    /// The flow streams of one ward (`ward_key`) in run `run`.
    pub fn new(seed: u64, run: u64, ward_key: u64) -> Self {
        let keys = Flow::ALL.map(|f| stream_key(seed, run, ward_key, Purpose::Flow(f as u8)));
        let seat_credit = unit_open(nth(keys[Flow::TrainingPhase as usize], 0));
        StochasticFlows {
            keys,
            month: 0,
            seat_credit,
        }
    }

    /// Draw the flows of month `month` next.
    #[inline]
    pub fn set_month(&mut self, month: usize) {
        self.month = month as u64;
    }

    #[inline]
    fn uniform(&self, flow: Flow) -> f64 {
        unit_open(nth(self.keys[flow as usize], self.month))
    }
}

impl FlowSampler for StochasticFlows {
    #[inline]
    fn poisson(&mut self, flow: Flow, mean: f64) -> f64 {
        poisson_from_uniform(self.uniform(flow), mean)
    }

    #[inline]
    fn binomial(&mut self, flow: Flow, n: f64, p: f64) -> f64 {
        binomial_from_uniform(self.uniform(flow), n, p)
    }

    #[inline]
    fn trained(&mut self, limit: f64, seats: f64) -> f64 {
        let available = self.seat_credit + seats.max(0.0);
        let offered = floor_count(available);
        self.seat_credit = available - offered;
        // With too few untrained supporters the unused whole seats lapse.
        offered.min(floor_count(limit))
    }
}
