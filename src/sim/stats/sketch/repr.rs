//! The serialized (sparse) form of a [`QuantileSketch`], checked on
//! input: bucket indices increasing and at most [`MAX_BUCKETS`] apart,
//! counts positive and adding up to the sketch's count.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use super::super::number_text::f64_string;
use super::store::Store;
use super::{MAX_BUCKETS, QuantileSketch};

/// Bound on indices accepted from serialized input (real indices lie in
/// about [−6907, 177 446]).
const INDEX_BOUND: i32 = 1 << 20;

/// Error when a serialized sketch is inconsistent.
#[derive(Debug, Error)]
enum SketchError {
    #[error("min/max must be finite with min <= max")]
    MinMax,
    #[error("{0} buckets: indices must be strictly increasing within ±2^20")]
    Indices(&'static str),
    #[error("{0} buckets: counts must be positive")]
    ZeroCount(&'static str),
    #[error("{0} buckets span more than 4096 indices")]
    TooWide(&'static str),
    #[error("bucket counts do not add up to count")]
    CountMismatch,
}

/// Serialized (sparse) form of [`QuantileSketch`].
#[derive(Serialize, Deserialize)]
struct SketchRepr {
    count: u64,
    #[serde(with = "f64_string")]
    min: f64,
    #[serde(with = "f64_string")]
    max: f64,
    zero: u64,
    rejected: u64,
    collapsed: bool,
    positive: Vec<(i32, u64)>,
    negative: Vec<(i32, u64)>,
}

impl From<&QuantileSketch> for SketchRepr {
    fn from(s: &QuantileSketch) -> Self {
        let empty = s.count == 0;
        SketchRepr {
            count: s.count,
            min: if empty { 0.0 } else { s.min },
            max: if empty { 0.0 } else { s.max },
            zero: s.zero,
            rejected: s.rejected,
            collapsed: s.collapsed,
            positive: s.stores[0].iter().collect(),
            negative: s.stores[1].iter().collect(),
        }
    }
}

fn check_buckets(b: &[(i32, u64)], name: &'static str) -> Result<u64, SketchError> {
    let mut total: u64 = 0;
    let mut prev: Option<i32> = None;
    for &(i, c) in b {
        if !(-INDEX_BOUND..=INDEX_BOUND).contains(&i) || prev.is_some_and(|p| p >= i) {
            return Err(SketchError::Indices(name));
        }
        if c == 0 {
            return Err(SketchError::ZeroCount(name));
        }
        prev = Some(i);
        total = total.checked_add(c).ok_or(SketchError::CountMismatch)?;
    }
    if let (Some(&(lo, _)), Some(&(hi, _))) = (b.first(), b.last())
        && (hi - lo) as usize >= MAX_BUCKETS
    {
        return Err(SketchError::TooWide(name));
    }
    Ok(total)
}

impl QuantileSketch {
    /// Rebuilds a sketch from its validated serialized form.
    fn from_repr(r: SketchRepr) -> Result<Self, SketchError> {
        let p = check_buckets(&r.positive, "positive")?;
        let n = check_buckets(&r.negative, "negative")?;
        let total = p
            .checked_add(n)
            .and_then(|t| t.checked_add(r.zero))
            .ok_or(SketchError::CountMismatch)?;
        if total != r.count {
            return Err(SketchError::CountMismatch);
        }
        let (min, max) = if r.count == 0 {
            (f64::INFINITY, f64::NEG_INFINITY)
        } else {
            if !(r.min.is_finite() && r.max.is_finite() && r.min <= r.max) {
                return Err(SketchError::MinMax);
            }
            // Normalize -0.0 as `add` does.
            (r.min + 0.0, r.max + 0.0)
        };
        Ok(QuantileSketch {
            stores: [
                Store::from_sparse(&r.positive),
                Store::from_sparse(&r.negative),
            ],
            count: r.count,
            zero: r.zero,
            rejected: r.rejected,
            min,
            max,
            collapsed: r.collapsed,
        })
    }
}

impl Serialize for QuantileSketch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SketchRepr::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for QuantileSketch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = SketchRepr::deserialize(d)?;
        QuantileSketch::from_repr(r).map_err(D::Error::custom)
    }
}
