//! [`QuantileSketch`]: a DDSketch of one series with relative accuracy
//! [`ALPHA`], exact count, min and max, and order-independent merges.
//!
//! The bucket index of a value (from its bits, with a compile-time table)
//! is in `bucket`, the dense bucket counts of one sign in `store`, and the
//! serialized form and its checks in `repr`.

mod bucket;
mod repr;
mod store;

use bucket::{bucket_index, bucket_indices, bucket_value};
use store::Store;

/// Relative accuracy of [`QuantileSketch`]: every quantile estimate `e` of an
/// exact order statistic `v` satisfies `|e − v| ≤ ALPHA·|v|` (plus a few ulps),
/// for `|v| >= ZERO_THRESHOLD` or `v = 0`, unless buckets were collapsed.
pub const ALPHA: f64 = 0.002;

/// Ratio between consecutive bucket bounds: γ = (1 + α)/(1 − α).
pub const GAMMA: f64 = (1.0 + ALPHA) / (1.0 - ALPHA);

/// Values with `|x| < ZERO_THRESHOLD` (= 1e-12) go to the zero bucket and are
/// estimated as 0 (clamped to `[min, max]`), so their absolute error is below
/// 1e-12.
pub const ZERO_THRESHOLD: f64 = 1e-12;

/// Maximum number of buckets per store (positive and negative) of a
/// [`QuantileSketch`]: 4096 buckets span a factor γ^4096 ≈ 1.3e7 (about seven
/// decades). Wider data collapses its smallest-magnitude buckets.
pub const MAX_BUCKETS: usize = 4096;

/// Loads the counter `counts[j]` if it exists, so that its cache line is
/// on its way before the counter is needed; the value is discarded.
#[inline(always)]
fn touch(counts: &[u64], j: usize) {
    std::hint::black_box(counts.get(j).copied());
}

/// A DDSketch (Masson, Rim & Lee, VLDB 2019) with relative accuracy
/// [`ALPHA`] = 0.002, plus the exact `count`, `min` and `max`.
///
/// # Quantile definition
///
/// `quantile(q)` estimates the order statistic of **0-based rank
/// `k = floor(q·(n − 1))`** (the product evaluated in `f64`) among the `n`
/// finite values added — numpy's `method='lower'`. The estimate is the
/// representative value `2γ^i/(γ + 1)` of the bucket `i` holding that rank
/// (mirrored for negative values, 0 for the zero bucket), clamped to
/// `[min, max]`; for `k = 0` it is `min` and for `k = n − 1` it is `max`,
/// exactly. With one value every quantile is that value.
///
/// # Accuracy guarantee
///
/// For finite data with `|x| >= ZERO_THRESHOLD` (1e-12) or `x = 0`, and as
/// long as [`collapsed`](Self::collapsed) is false,
/// `|estimate − exact| <= ALPHA·|exact|` up to a few ulps. Values with
/// `0 < |x| < 1e-12` are estimated with absolute error below 1e-12.
///
/// # Buckets
///
/// Positive values go to bucket `ceil(ln x / ln γ)`, so bucket `i` holds
/// (γ^(i−1), γ^i]. The logarithm is computed from the float's bits with a
/// compile-time table and a short polynomial (IEEE basic arithmetic only, so
/// identical on every platform; about 3× faster than `libm::log`); it is
/// accurate enough that only values within ~2e-13 (relative) of a bucket
/// bound can land in the neighbouring bucket. Negative values go to a mirrored store by `|x|`; values
/// with `|x| < 1e-12` go to a zero count. Each store is a dense `Vec<u64>`
/// window that grows in either direction, capped at [`MAX_BUCKETS`] (4096,
/// about seven decades). When a store would exceed the cap, its lowest
/// (smallest-magnitude) buckets are collapsed into the lowest kept bucket:
/// only the smallest magnitudes of that sign lose accuracy (they are
/// over-estimated in magnitude) and the sticky `collapsed` flag is set. The
/// kept range depends only on the largest magnitude ever seen, so collapsing
/// is itself order-independent.
///
/// # Merging
///
/// `merge` is exactly associative and commutative: the sketch of A ∪ B equals
/// `merge(sketch(A), sketch(B))`. Equality (`PartialEq`) compares counts,
/// flags, min, max and the nonzero buckets, not the internal window layout.
///
/// Non-finite input is never added; it is counted in `rejected`. `-0.0` is
/// stored as `+0.0` so that `min`/`max` do not depend on order.
///
/// # Serde
///
/// Sparse form `{count, min, max, zero, rejected, collapsed, positive:
/// [[index, count], …], negative: [[index, count], …]}` (indices increasing,
/// counts positive). `min` and `max` are written as decimal **strings** in
/// Rust's shortest round-trip form (e.g. `"0.72"`, `"-1"`, `"1e-300"`; `"0"`
/// for an empty sketch), because serde_json's default number parser is not
/// always correctly rounded; JSON numbers are also accepted on input. The form
/// round-trips bit-exactly and is validated on input (bucket counts must add
/// up to `count`, indices increasing and at most 4096 apart).
#[derive(Clone, Debug)]
pub struct QuantileSketch {
    /// `stores[0]`: positive values; `stores[1]`: negative values by `|x|`
    /// (indexed by the sign bit).
    stores: [Store; 2],
    count: u64,
    zero: u64,
    rejected: u64,
    min: f64,
    max: f64,
    collapsed: bool,
}

impl Default for QuantileSketch {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for QuantileSketch {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count
            && self.zero == other.zero
            && self.rejected == other.rejected
            && self.collapsed == other.collapsed
            && self.min == other.min
            && self.max == other.max
            && self.stores == other.stores
    }
}

impl QuantileSketch {
    /// An empty sketch.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            stores: [
                Store {
                    counts: Vec::new(),
                    offset: 0,
                },
                Store {
                    counts: Vec::new(),
                    offset: 0,
                },
            ],
            count: 0,
            zero: 0,
            rejected: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            collapsed: false,
        }
    }

    /// Adds one value. Non-finite values are counted in
    /// [`rejected`](Self::rejected) and otherwise ignored.
    #[inline]
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.rejected += 1;
            return;
        }
        let x = x + 0.0; // -0.0 → +0.0
        self.count += 1;
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
        let a = x.abs();
        if a < ZERO_THRESHOLD {
            self.zero += 1;
            return;
        }
        let idx = bucket_index(a);
        let store = &mut self.stores[(x.to_bits() >> 63) as usize];
        if store.add_one(idx) {
            self.collapsed = true;
        }
    }

    /// Adds `x` `n` times: the same result as `n` calls of [`add`](Self::add).
    /// After the first, the copies fall in the first's bucket, which is
    /// then within the window, and are counted at once.
    pub fn add_repeated(&mut self, x: f64, n: u64) {
        if n == 0 {
            return;
        }
        self.add(x);
        let rest = n - 1;
        if rest == 0 {
            return;
        }
        if !x.is_finite() {
            self.rejected += rest;
            return;
        }
        let a = x.abs();
        if a < ZERO_THRESHOLD {
            self.count += rest;
            self.zero += rest;
            return;
        }
        let idx = bucket_index(a);
        let store = &mut self.stores[(x.to_bits() >> 63) as usize];
        let j = idx.wrapping_sub(store.offset) as u32 as usize;
        if let Some(c) = store.counts.get_mut(j) {
            *c += rest;
            self.count += rest;
        } else {
            // The first copy collapsed into a bound bucket: one by one.
            for _ in 0..rest {
                self.add(x);
            }
        }
    }

    /// Adds every value of `xs`: the same result as adding them one by one
    /// with [`add`](Self::add), faster for many values. The bucket indices
    /// of a group of values are computed first and their counters
    /// incremented after, so the cache misses of the increments overlap
    /// instead of each waiting behind the arithmetic of the next value.
    pub fn add_many(&mut self, xs: &[f64]) {
        const GROUP: usize = 64;
        let mut idx = [0i32; GROUP];
        let mut sign = [0u8; GROUP];
        let mut magnitude = [0.0f64; GROUP];
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::is_x86_feature_detected!("avx2");
        for group in xs.chunks(GROUP) {
            let mut n = 0;
            let (mut min, mut max) = (self.min, self.max);
            // Quadruples of ordinary values (finite, not below the zero
            // threshold) four at a time where the processor has AVX2; the
            // other quadruples and the tail one by one. (The order in which
            // values are counted does not change the sketch.)
            #[cfg(target_arch = "x86_64")]
            let (odd, four) = if avx2 {
                let four = group.len() / 4 * 4;
                // SAFETY: the processor has AVX2 (detected before the
                // loop), all that the function requires.
                let odd = unsafe {
                    classify_avx2(
                        &group[..four],
                        &mut magnitude,
                        &mut sign,
                        &mut n,
                        &mut min,
                        &mut max,
                    )
                };
                self.count += n as u64;
                (odd, four)
            } else {
                (u64::MAX, 0)
            };
            #[cfg(not(target_arch = "x86_64"))]
            let (odd, four) = (u64::MAX, 0);
            let one_by_one = group[..four]
                .chunks_exact(4)
                .enumerate()
                .filter(|(q, _)| odd & (1 << q) != 0)
                .flat_map(|(_, x4)| x4)
                .chain(&group[four..]);
            for &x in one_by_one {
                if !x.is_finite() {
                    self.rejected += 1;
                    continue;
                }
                let x = x + 0.0; // -0.0 → +0.0
                self.count += 1;
                min = if x < min { x } else { min };
                max = if x > max { x } else { max };
                let a = x.abs();
                if a < ZERO_THRESHOLD {
                    self.zero += 1;
                    continue;
                }
                magnitude[n] = a;
                sign[n] = (x.to_bits() >> 63) as u8;
                n += 1;
            }
            self.min = min;
            self.max = max;
            bucket_indices(&magnitude[..n], &mut idx[..n]);
            let mut collapsed = false;
            for (&i, &s) in idx[..n].iter().zip(&sign[..n]) {
                collapsed |= self.stores[usize::from(s)].add_one(i);
            }
            self.collapsed |= collapsed;
        }
    }

    /// Asks the processor to fetch the bucket counter that [`add`](Self::add)
    /// would increment for `x`, without changing anything. Summaries touch
    /// thousands of small bucket arrays per run; fetching the counters of
    /// many values before adding any lets their cache misses overlap.
    #[inline(always)]
    pub fn prefetch(&self, x: f64) {
        let a = x.abs();
        if !(ZERO_THRESHOLD..=f64::MAX).contains(&a) {
            return;
        }
        let store = &self.stores[(x.to_bits() >> 63) as usize];
        let j = bucket_index(a).wrapping_sub(store.offset) as u32 as usize;
        touch(&store.counts, j);
    }

    /// Adds all values of `other` into this sketch (exact, associative and
    /// commutative).
    pub fn merge(&mut self, other: &Self) {
        self.count += other.count;
        self.zero += other.zero;
        self.rejected += other.rejected;
        if other.min < self.min {
            self.min = other.min;
        }
        if other.max > self.max {
            self.max = other.max;
        }
        let a = self.stores[0].merge(&other.stores[0]);
        let b = self.stores[1].merge(&other.stores[1]);
        self.collapsed |= a | b | other.collapsed;
    }

    /// Number of (finite) values added.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact smallest value added, `None` when empty.
    #[must_use]
    pub fn min(&self) -> Option<f64> {
        (self.count > 0).then_some(self.min)
    }

    /// Exact largest value added, `None` when empty.
    #[must_use]
    pub fn max(&self) -> Option<f64> {
        (self.count > 0).then_some(self.max)
    }

    /// Number of values with `|x| < ZERO_THRESHOLD`.
    #[must_use]
    pub fn zero_count(&self) -> u64 {
        self.zero
    }

    /// Number of non-finite values that were rejected.
    #[must_use]
    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    /// Whether buckets were ever collapsed (accuracy of the smallest
    /// magnitudes is then lost).
    #[must_use]
    pub fn collapsed(&self) -> bool {
        self.collapsed
    }

    /// Approximate memory used, in bytes (struct plus bucket vectors).
    #[must_use]
    pub fn memory_bytes(&self) -> usize {
        size_of::<Self>() + self.stores[0].heap_bytes() + self.stores[1].heap_bytes()
    }

    /// Estimate of the order statistic of rank `floor(q·(n − 1))`; see the
    /// type docs. `q` is clamped to [0, 1]. `None` when the sketch is empty
    /// or `q` is NaN.
    #[must_use]
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 || q.is_nan() {
            return None;
        }
        let n = self.count;
        let q = q.clamp(0.0, 1.0);
        // Non-negative, so the truncating cast is floor (saturating).
        let k = ((q * (n - 1) as f64) as u64).min(n - 1);
        if k == 0 {
            return Some(self.min);
        }
        if k == n - 1 {
            return Some(self.max);
        }
        let clamp = |v: f64| v.max(self.min).min(self.max);
        let mut rank = k;
        for (i, c) in self.stores[1].iter().rev() {
            if rank < c {
                return Some(clamp(-bucket_value(i)));
            }
            rank -= c;
        }
        if rank < self.zero {
            return Some(clamp(0.0));
        }
        rank -= self.zero;
        for (i, c) in self.stores[0].iter() {
            if rank < c {
                return Some(clamp(bucket_value(i)));
            }
            rank -= c;
        }
        // Unreachable while the bucket counts add up to `count`.
        Some(self.max)
    }
}

/// The first step of [`QuantileSketch::add_many`] for `xs` (at most 64
/// values, a multiple of four), four at a time: each quadruple whose values
/// are all finite and at least [`ZERO_THRESHOLD`] in magnitude has its
/// magnitudes and sign bits appended at `n` and its values taken into
/// `min` and `max`. Returns the other quadruples as a bit mask (bit q for
/// `xs[4q..4q + 4]`), for the caller to take one by one.
///
/// Compiled with AVX2: callable only where the processor has it (`unsafe`
/// outside code compiled with AVX2).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn classify_avx2(
    xs: &[f64],
    magnitude: &mut [f64; 64],
    sign: &mut [u8; 64],
    n: &mut usize,
    min: &mut f64,
    max: &mut f64,
) -> u64 {
    use std::arch::x86_64::*;
    // The stores below rely on this bound.
    assert!(xs.len() <= 64, "at most 64 values at a time");
    debug_assert!(xs.len().is_multiple_of(4) && *n == 0);
    let sign_bit = _mm256_set1_pd(-0.0);
    let threshold = _mm256_set1_pd(ZERO_THRESHOLD);
    let largest = _mm256_set1_pd(f64::MAX);
    let mut lo = _mm256_set1_pd(*min);
    let mut hi = _mm256_set1_pd(*max);
    let mut odd = 0u64;
    let mut k = 0;
    for (q, x4) in xs.chunks_exact(4).enumerate() {
        // SAFETY: `x4` is a chunk of exactly four f64, the 32 bytes the
        // unaligned load reads.
        let x = unsafe { _mm256_loadu_pd(x4.as_ptr()) };
        let a = _mm256_andnot_pd(sign_bit, x);
        // Ordinary: ZERO_THRESHOLD ≤ |x| ≤ f64::MAX (false for NaN).
        let ordinary = _mm256_and_pd(
            _mm256_cmp_pd::<_CMP_GE_OQ>(a, threshold),
            _mm256_cmp_pd::<_CMP_LE_OQ>(a, largest),
        );
        if _mm256_movemask_pd(ordinary) != 0b1111 {
            odd |= 1 << q;
            continue;
        }
        // No zeros here, so no -0.0 to normalise; min and max of finite
        // values are the values themselves whatever the order.
        lo = _mm256_min_pd(lo, x);
        hi = _mm256_max_pd(hi, x);
        // SAFETY: k is four times the number of quadruples of `xs` stored
        // before this one, and `xs` has at most 16 (asserted above), so
        // k + 4 ≤ 64: the four f64 the unaligned store writes lie within
        // `magnitude`.
        unsafe { _mm256_storeu_pd(magnitude.as_mut_ptr().add(k), a) };
        let signs = _mm256_movemask_pd(x) as u32;
        for (l, s) in sign[k..k + 4].iter_mut().enumerate() {
            *s = ((signs >> l) & 1) as u8;
        }
        k += 4;
    }
    let mut lows = [0.0; 4];
    let mut highs = [0.0; 4];
    // SAFETY: `lows` and `highs` are four f64 each, the 32 bytes each
    // unaligned store writes.
    unsafe {
        _mm256_storeu_pd(lows.as_mut_ptr(), lo);
        _mm256_storeu_pd(highs.as_mut_ptr(), hi);
    }
    for (&l, &h) in lows.iter().zip(&highs) {
        *min = if l < *min { l } else { *min };
        *max = if h > *max { h } else { *max };
    }
    *n = k;
    odd
}
