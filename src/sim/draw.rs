//! Random counts for stochastic mode (docs/model.md §4): Poisson and Binomial
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
//! [`NORMAL_APPROX_MIN_VARIANCE`] (16), the count is the normal approximation
//! `⌊μ + σ'·z + ½⌋`, limited to [0, n], with the Sheppard-corrected
//! σ' = √(σ² − 1/12) and z = Φ⁻¹(u) from [`standard_normal_from_uniform`].
//! docs/model.md §4 allows an approximation that keeps the mean exact and the
//! variance within 1 %:
//!
//! * rounding a normal to the nearest whole number adds 1/12 to its
//!   variance (Sheppard) and moves its mean by a term of order
//!   e^(−2π²σ'²) < 1e-100; with σ' as above the variance of the rounded
//!   count is σ² up to that term;
//! * z is an exactly odd function of u − ½ and the uniforms are symmetric
//!   about ½, so E[z] = 0 exactly; its interpolation error (below 1e-7)
//!   moves the variance by less than 1e-6 relative;
//! * the limit at 0 lies at least 4 σ below the mean (σ² ≥ 16 and, for the
//!   binomial, p ≤ ½); the mass it moves shifts the mean by at most
//!   1.7e-6 relative and the variance by at most 6e-5 relative, both
//!   largest for a Poisson count at the threshold. The limit at n of a
//!   binomial (p ≤ ½) is farther away still.
//!
//! `tests/draws.rs` checks these bounds analytically (summing the
//! approximation's mass) and by sampling at a fixed seed.
//!
//! Training fills whole seats. docs/model.md §4 says "trained as above rounded
//! down"; rounding each month down on its own would lose the fraction of a
//! seat every month (a ward with 0.7 seats a month would never train anyone)
//! and the stochastic status quo would drift away from the calibrated
//! present. So the fraction is carried: each ward holds a seat credit in
//! [0, 1), started at a uniform phase drawn once per ward and run; a month
//! offers ⌊credit + seats⌋ whole seats and carries the rest. Seats that
//! find no untrained supporter lapse, as in expected mode. Then
//! E[trained] equals the expected-mode value every month, and a fiscal
//! year never trains more than one seat beyond what its line buys.

use crate::model::special::{FRAC_1_SQRT_2PI, normal_quantile};
use crate::model::ward::{Flow, FlowSampler};

use super::stream::{Purpose, nth, stream_key, unit_open};

/// Variance from which a count is drawn from its normal approximation.
pub const NORMAL_APPROX_MIN_VARIANCE: f64 = 16.0;

/// Sheppard's correction: rounding to whole numbers adds 1/12 to a
/// variance, so the normal is drawn with 1/12 less.
pub(crate) const SHEPPARD: f64 = 1.0 / 12.0;

/// 1/k for k = 0…127 (entry 0 unused), so the inversion loops multiply by
/// a constant instead of dividing inside their dependency chain. Each entry
/// is the correctly rounded quotient, the same on every platform.
pub(crate) static RECIPROCALS: [f64; 128] = {
    let mut table = [0.0; 128];
    let mut k = 1;
    while k < 128 {
        table[k] = 1.0 / k as f64;
        k += 1;
    }
    table
};

/// Terms of an exact search taken before its first branch. Most counts of
/// the default data are small (supporter attrition, recruits: means of 1–5),
/// and a search that stops at a data-dependent term costs a mispredicted
/// branch; the first terms are therefore summed unconditionally and the
/// count read off as the number of cumulative sums below u. The sums are
/// the same operations in the same order as a term-by-term search, so the
/// counts are too. (Shorter blocks, with a branch between blocks of four,
/// execute fewer instructions but mispredict more and were slower.)
pub(crate) const SEARCH_BLOCK: usize = 12;

/// Terms summed before a first, well-predicted branch when the mean is at
/// most [`SHORT_BLOCK_MAX_MEAN`]: such a count reaches 6 with probability
/// below 0.5 %, so the branch almost always ends the search there and the
/// other half of the block is skipped. Whether a flow's mean is small
/// changes rarely from month to month, so that branch is predictable too.
pub(crate) const SHORT_BLOCK: usize = 6;
/// Largest mean searched with [`SHORT_BLOCK`] first.
const SHORT_BLOCK_MAX_MEAN: f64 = 1.5;

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
pub(crate) static EXP2_64THS: std::sync::LazyLock<[f64; 64]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|j| libm::exp2(j as f64 / 64.0)));

/// 64/ln 2: e^x = 2^(x·EXP_SCALE/64).
pub(crate) const EXP_SCALE: f64 = 64.0 / std::f64::consts::LN_2;
/// ln 2 / 64 split so that k·LN2_64_HI is exact for |k| < 2^16.
pub(crate) const LN2_64_HI: f64 = 0.010_830_424_696_223_417;
/// ln 2/64 − LN2_64_HI, to 50 digits.
pub(crate) const LN2_64_LO: f64 = 2.572_804_622_327_669e-14;

/// e^x for −700 ≤ x ≤ 0 without a division: x = (k/64)·ln 2 + r with
/// |r| ≤ ln 2/128, e^r from its Taylor polynomial to r⁵ (remainder below
/// 4e-17), and 2^(k/64) from a table. Relative error within a few ulps of
/// `libm::exp` (tested); outside the range it defers to `libm::exp`.
#[inline]
pub fn exp_nonpositive(x: f64) -> f64 {
    if !(-700.0..=0.0).contains(&x) {
        return libm::exp(x);
    }
    let k = (x * EXP_SCALE - 0.5) as i64; // x ≤ 0: rounds to nearest
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

/// Φ⁻¹ at the grid points w_i = i/2048 of (0, ½] used by
/// [`standard_normal_from_uniform`], i = 0…1024, with the slopes
/// dΦ⁻¹/dw = 1/φ(Φ⁻¹(w)) multiplied by the grid step. Built once from
/// [`normal_quantile`] (AS 241) and `libm::exp`, so the same everywhere.
/// Entries below [`QUANTILE_GRID_FIRST`] are unused.
pub(crate) static QUANTILE_GRID: std::sync::LazyLock<[(f64, f64); QUANTILE_GRID_SIZE + 1]> =
    std::sync::LazyLock::new(|| {
        std::array::from_fn(|i| {
            if i < QUANTILE_GRID_FIRST {
                return (0.0, 0.0);
            }
            let z = normal_quantile(i as f64 / QUANTILE_GRID_STEPS);
            let density = FRAC_1_SQRT_2PI * libm::exp(-0.5 * z * z);
            (z, 1.0 / (density * QUANTILE_GRID_STEPS))
        })
    });
/// Intervals of the grid on (0, ½].
pub(crate) const QUANTILE_GRID_SIZE: usize = 1024;
/// Intervals per unit of w.
pub(crate) const QUANTILE_GRID_STEPS: f64 = 2048.0;
/// First grid point used: w ≥ 16/2048 = 1/128 is interpolated, smaller w
/// (1/64 of all draws) goes to AS 241's tail formula.
pub(crate) const QUANTILE_GRID_FIRST: usize = 16;

/// A standard normal deviate from one uniform u in (0, 1): Φ⁻¹(u),
/// interpolated.
///
/// With w = min(u, 1 − u) (1 − u is exact for u ≥ ½), Φ⁻¹(w) comes from a
/// cubic Hermite interpolation between the grid points w_i = i/2048 with
/// their exact slopes for w ≥ 1/128, and from [`normal_quantile`] (AS 241)
/// below; the result is −Φ⁻¹(w) for u > ½. So the deviate is an exactly odd
/// function of u − ½, and the uniforms (k + ½)/2⁵² are symmetric about ½:
/// the deviates have mean 0 exactly, and the normal approximation keeps
/// the mean of its count. The interpolation error is below 2e-6 absolute
/// (at w = 1/128, far smaller in the middle), which moves the variance by
/// less than 1e-6 relative; the deviate is non-decreasing in u (tested).
#[inline]
pub fn standard_normal_from_uniform(u: f64) -> f64 {
    let upper = u > 0.5;
    // min(u, 1 − u) is the same number as the branch on `upper`: 1 − u is
    // exact for u ≥ ½ and above ½ otherwise.
    let w = u.min(1.0 - u);
    let x = w * QUANTILE_GRID_STEPS;
    // w ≤ ½: 0 ≤ x ≤ 1024; NaN fails the comparison and goes to AS 241.
    let z = if x >= QUANTILE_GRID_FIRST as f64 {
        let i = (x as usize).min(QUANTILE_GRID_SIZE - 1);
        let s = x - i as f64;
        let grid = &*QUANTILE_GRID;
        let (z0, d0) = grid[i];
        let (z1, d1) = grid[i + 1];
        let delta = z1 - z0;
        let c2 = 3.0 * delta - 2.0 * d0 - d1;
        let c3 = d0 + d1 - 2.0 * delta;
        z0 + s * (d0 + s * (c2 + s * c3))
    } else {
        normal_quantile(w)
    };
    // −z for u > ½, as a flip of the sign bit rather than a branch.
    f64::from_bits(z.to_bits() ^ (u64::from(upper) << 63))
}

/// The u-quantile of Poisson(mean), exact below the approximation threshold.
#[inline]
pub fn poisson_from_uniform(u: f64, mean: f64) -> f64 {
    if mean.is_nan() || mean <= 0.0 {
        return 0.0;
    }
    if mean >= NORMAL_APPROX_MIN_VARIANCE {
        let sigma = (mean - SHEPPARD).sqrt();
        return floor_count(mean + sigma * standard_normal_from_uniform(u) + 0.5).max(0.0);
    }
    let mut pk = exp_nonpositive(-mean);
    let mut cdf = pk;
    // The first terms without a branch: the count is the number of
    // cumulative sums below u (they never decrease, so these are the first
    // ones), which is the u-quantile when it lies in the block.
    let mut below = usize::from(u > cdf);
    for &reciprocal in &RECIPROCALS[1..SHORT_BLOCK] {
        pk *= mean * reciprocal;
        cdf += pk;
        below += usize::from(u > cdf);
    }
    if mean <= SHORT_BLOCK_MAX_MEAN && below < SHORT_BLOCK {
        return below as f64;
    }
    for &reciprocal in &RECIPROCALS[SHORT_BLOCK..SEARCH_BLOCK] {
        pk *= mean * reciprocal;
        cdf += pk;
        below += usize::from(u > cdf);
    }
    if below < SEARCH_BLOCK {
        return below as f64;
    }
    // Beyond mean + 60 (< 85) the remaining mass is below 1e-16 for mean < 16.
    let mut k = SEARCH_BLOCK - 1;
    while u > cdf && k < POISSON_SEARCH_LIMIT {
        k += 1;
        pk *= mean * RECIPROCALS[k];
        cdf += pk;
    }
    k as f64
}

/// Largest count of an exact Poisson search.
const POISSON_SEARCH_LIMIT: usize = 85;

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
        let sigma = (variance - SHEPPARD).sqrt();
        return floor_count(n * p + sigma * standard_normal_from_uniform(u) + 0.5).clamp(0.0, n);
    }
    let ratio = p / q;
    let mut pk = powi(q, n as u64);
    let mut cdf = pk;
    // Here n·p < 32 (variance < 16 with p ≤ ½), so the search ends well
    // before 127 unless rounding stalls the sum just below u.
    let last = n.min(127.0) as usize;
    // The first terms without a branch, as for the Poisson count. Terms
    // beyond n are exactly 0 (the factor n − k reaches 0), so the sums stay
    // put and the count is limited to n below. `remaining` is n − k for the
    // term being added: whole numbers, so stepping it down by 1 gives the
    // same bits as the subtraction.
    let mut remaining = n;
    let mut below = usize::from(u > cdf);
    for &reciprocal in &RECIPROCALS[1..SHORT_BLOCK] {
        pk *= ratio * remaining * reciprocal;
        remaining -= 1.0;
        cdf += pk;
        below += usize::from(u > cdf);
    }
    if n * p <= SHORT_BLOCK_MAX_MEAN && below < SHORT_BLOCK {
        return below.min(last) as f64;
    }
    for &reciprocal in &RECIPROCALS[SHORT_BLOCK..SEARCH_BLOCK] {
        pk *= ratio * remaining * reciprocal;
        remaining -= 1.0;
        cdf += pk;
        below += usize::from(u > cdf);
    }
    if below < SEARCH_BLOCK || last < SEARCH_BLOCK {
        return below.min(last) as f64;
    }
    let mut k = SEARCH_BLOCK - 1;
    while u > cdf && k < last {
        pk *= ratio * remaining * RECIPROCALS[k + 1];
        remaining -= 1.0;
        k += 1;
        cdf += pk;
    }
    k as f64
}

/// Stochastic mode: each flow of each month drawn from its own keyed stream.
#[derive(Clone, Debug)]
pub struct StochasticFlows {
    keys: [u64; 7],
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

    /// The stream keys of the six monthly flows: the five of version 1 in
    /// [`Flow`] order, then [`Flow::Newcomers`].
    pub(crate) fn flow_keys(&self) -> [u64; 6] {
        [
            self.keys[0],
            self.keys[1],
            self.keys[2],
            self.keys[3],
            self.keys[4],
            self.keys[Flow::Newcomers as usize],
        ]
    }

    /// The fraction of a training seat carried into the next month.
    pub(crate) fn seat_credit(&self) -> f64 {
        self.seat_credit
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
    fn trained(&mut self, limit: f64, seats: f64) -> (f64, f64) {
        let available = self.seat_credit + seats.max(0.0);
        let offered = floor_count(available);
        self.seat_credit = available - offered;
        // With too few untrained supporters the unused whole seats lapse
        // (or newcomers take them, docs/model.md §9.3).
        (offered.min(floor_count(limit)), offered)
    }
}
