//! [`Summary`]: count, exact sum and quantile sketch of one scalar
//! series, and the [`SeriesStats`] it is reported as.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use super::{ExactSum, QuantileSketch};

/// Mean and quantiles of one series, as reported.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct SeriesStats {
    /// Mean (from the exact sum).
    pub mean: f64,
    /// 5 % quantile (rank `floor(0.05·(n − 1))`).
    pub p5: f64,
    /// 25 % quantile.
    pub p25: f64,
    /// Median (rank `floor(0.5·(n − 1))`, the lower median).
    pub p50: f64,
    /// 75 % quantile.
    pub p75: f64,
    /// 95 % quantile.
    pub p95: f64,
}

impl SeriesStats {
    /// All figures 0 (the statistics of an empty summary).
    pub const ZERO: SeriesStats = SeriesStats {
        mean: 0.0,
        p5: 0.0,
        p25: 0.0,
        p50: 0.0,
        p75: 0.0,
        p95: 0.0,
    };
}

/// Streaming summary of one scalar series: count, exact sum and quantile
/// sketch. Merges are exact and order-independent.
///
/// Non-finite values are only counted as rejected by the sketch; they do not
/// enter `count` or the sum. Values with `|x| >= 2^62` enter the count and the
/// sketch but set the sum's overflow flag (see [`ExactSum`]).
///
/// Serde: `{count, sum, sketch}`; on input `count` must equal the sketch's
/// count.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    count: u64,
    sum: ExactSum,
    sketch: QuantileSketch,
}

impl Summary {
    /// An empty summary.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            count: 0,
            sum: ExactSum::new(),
            sketch: QuantileSketch::new(),
        }
    }

    /// Adds one value.
    #[inline]
    pub fn add(&mut self, x: f64) {
        if x.is_finite() {
            self.count += 1;
            self.sum.add(x);
        }
        self.sketch.add(x);
    }

    /// Adds every value of `xs`: the same result as adding them one by one
    /// with [`add`](Self::add), faster (see [`ExactSum::add_many`] and
    /// [`QuantileSketch::add_many`]).
    pub fn add_many(&mut self, xs: &[f64]) {
        // Many outputs (the fixed budget lines) take one value in every
        // run: counted at once.
        if let Some(&first) = xs.first()
            && xs.iter().all(|x| x.to_bits() == first.to_bits())
        {
            self.add_repeated(first, xs.len() as u64);
            return;
        }
        // The sketch counts the finite values and rejects the others.
        let (count, rejected) = (self.sketch.count(), self.sketch.rejected());
        self.sketch.add_many(xs);
        self.count += self.sketch.count() - count;
        if self.sketch.rejected() == rejected {
            self.sum.add_many(xs);
        } else {
            for &x in xs.iter().filter(|x| x.is_finite()) {
                self.sum.add(x);
            }
        }
    }

    /// Adds `x` `n` times: the same result as `n` calls of [`add`](Self::add).
    pub fn add_repeated(&mut self, x: f64, n: u64) {
        if x.is_finite() {
            self.count += n;
            self.sum.add_repeated(x, n);
        }
        self.sketch.add_repeated(x, n);
    }

    /// Adds `values[i]` to `summaries[i]` for every `i` (pairs beyond the
    /// shorter slice are ignored). Same result as adding one by one; the
    /// bucket counters are fetched for all values first, so the cache
    /// misses of many summaries overlap instead of following one another.
    pub fn add_each(summaries: &mut [Summary], values: &[f64]) {
        for (s, &x) in summaries.iter().zip(values) {
            s.sketch.prefetch(x);
        }
        for (s, &x) in summaries.iter_mut().zip(values) {
            s.add(x);
        }
    }

    /// Adds another summary into this one.
    pub fn merge(&mut self, other: &Summary) {
        self.count += other.count;
        self.sum.merge(&other.sum);
        self.sketch.merge(&other.sketch);
    }

    /// Whether [`merge`](Self::merge) of `other` keeps every count within
    /// `u64` and the exact sum within its `i128`. (A bucket of the sketch
    /// holds at most the sketch's count, so bounded counts bound the
    /// buckets too.)
    #[must_use]
    pub fn merge_fits(&self, other: &Summary) -> bool {
        let (a, b) = (&self.sketch, &other.sketch);
        self.count.checked_add(other.count).is_some()
            && self.sum.raw().checked_add(other.sum.raw()).is_some()
            && a.count().checked_add(b.count()).is_some()
            && a.zero_count().checked_add(b.zero_count()).is_some()
            && a.rejected().checked_add(b.rejected()).is_some()
    }

    /// Number of finite values added.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The exact sum.
    #[must_use]
    pub fn sum(&self) -> &ExactSum {
        &self.sum
    }

    /// The quantile sketch.
    #[must_use]
    pub fn sketch(&self) -> &QuantileSketch {
        &self.sketch
    }

    /// Mean of the values (0 when empty).
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.sum.mean(self.count)
    }

    /// Quantile estimate, see [`QuantileSketch::quantile`].
    #[must_use]
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.sketch.quantile(q)
    }

    /// Mean and 5/25/50/75/95 % quantiles; all 0.0 when empty.
    #[must_use]
    pub fn stats(&self) -> SeriesStats {
        let q = |p: f64| self.sketch.quantile(p).unwrap_or(0.0);
        SeriesStats {
            mean: self.mean(),
            p5: q(0.05),
            p25: q(0.25),
            p50: q(0.5),
            p75: q(0.75),
            p95: q(0.95),
        }
    }
}

#[derive(Deserialize)]
struct SummaryRepr {
    count: u64,
    sum: ExactSum,
    sketch: QuantileSketch,
}

impl<'de> Deserialize<'de> for Summary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = SummaryRepr::deserialize(d)?;
        if r.count != r.sketch.count() {
            return Err(D::Error::custom(format!(
                "summary count {} differs from its sketch's count {}",
                r.count,
                r.sketch.count()
            )));
        }
        Ok(Summary {
            count: r.count,
            sum: r.sum,
            sketch: r.sketch,
        })
    }
}
