//! Streaming summaries of Monte Carlo series that merge exactly.
//!
//! Every type here has memory that does not grow with the number of runs, and
//! merging two summaries gives **bit-identical** results whatever the merge
//! order and however the runs were split into batches, shards or threads. The
//! results are also bit-identical natively and on `wasm32`:
//!
//! * anything that is summed is summed in integers ([`ExactSum`] and
//!   [`Moments`] use signed fixed point in an `i128`; counts are `u64`), so
//!   addition is associative and commutative;
//! * the only transcendental functions used (`exp`, `sqrt`) come from the
//!   pure-Rust [`libm`] crate, never from the platform's maths library; the
//!   sketch's bucket logarithm is computed from the float's bits with a
//!   compile-time table;
//! * everything else is IEEE-754 basic arithmetic (no fused multiply-add),
//!   which is correctly rounded on every supported target.
//!
//! The types:
//!
//! * [`ExactSum`]: exact sum of `f64` values at a resolution of 2⁻³² (≈ 2.3e-10).
//! * [`Moments`]: sum and sum of squares, for variance and standard errors.
//! * [`QuantileSketch`]: a DDSketch with relative accuracy [`ALPHA`] = 0.2 %,
//!   exact `min`/`max`/`count`, order-independent merges.
//! * [`Summary`]: count + exact sum + sketch of one scalar series, reduced to
//!   [`SeriesStats`] (mean and the 5/25/50/75/95 % quantiles).
//! * [`Proportion`]: successes out of trials, with a binomial standard error.
//!
//! One function works on such counts rather than summarising a series:
//! [`paired_difference_interval`], the 95 % score interval (Newcombe 1998,
//! method 10) of the difference of two proportions counted on the same
//! runs.
//!
//! All types serialize with serde; the JSON forms round-trip exactly.
//!
//! The files: `exact_sum` and `moments` (the integer sums), `sketch` (the
//! quantile sketch: bucket indices, bucket stores, serialized form),
//! `summary` (count, sum and sketch of a series), `proportion`, `paired`
//! (the paired interval), and `number_text` (the serde forms of `i128` and
//! `f64` as decimal strings).

mod exact_sum;
mod moments;
mod number_text;
mod paired;
mod proportion;
mod sketch;
mod summary;

pub use exact_sum::ExactSum;
pub use moments::Moments;
pub use paired::paired_difference_interval;
pub use proportion::Proportion;
pub use sketch::{ALPHA, GAMMA, MAX_BUCKETS, QuantileSketch, ZERO_THRESHOLD};
pub use summary::{SeriesStats, Summary};

/// 1.5·2^52: adding it to |y| < 2^51 rounds y to an integer held in the low
/// bits of the result (the exact sum's lanes and the sketch's bucket index
/// use it).
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;
