//! The axes: value ranges ([`Span`]), round tick values, and the ticks of
//! the x axis that fit with their labels.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::super::ChartError;
use super::text::{TEXT_PX, clean, text_width};

/// At most this many tick labels on the x axis.
const MAX_X_TICKS: usize = 12;
/// At most this many tick labels on the y axis.
pub(super) const MAX_Y_TICKS: usize = 10;

/// An axis range `lo < hi`, both finite with a finite span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    pub lo: f64,
    pub hi: f64,
}

impl Span {
    /// The smallest span holding all `values` (at least one finite value).
    pub(crate) fn of(values: impl IntoIterator<Item = f64>) -> Span {
        values.into_iter().fold(
            Span {
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
            },
            |s, v| Span {
                lo: s.lo.min(v),
                hi: s.hi.max(v),
            },
        )
    }

    /// The x span of `n` points at 0, 1, …, n − 1 (one point: −0.5..0.5).
    pub(crate) fn of_points(n: usize) -> Span {
        if n <= 1 {
            Span { lo: -0.5, hi: 0.5 }
        } else {
            Span {
                lo: 0.0,
                hi: (n - 1) as f64,
            }
        }
    }

    /// Widened by `share` of its width on each side; a flat span (all values
    /// equal, or nearly so for their magnitude) is widened by a tenth of its
    /// value (or by 1 around 0) instead.
    pub(crate) fn padded(self, share: f64, axis: &'static str) -> Result<Span, ChartError> {
        let width = self.hi - self.lo;
        let magnitude = self.lo.abs().max(self.hi.abs());
        let s = if width <= magnitude * 1e-9 {
            let mid = self.lo / 2.0 + self.hi / 2.0;
            let half = (mid.abs() * 0.1).max(1.0);
            Span {
                lo: mid - half,
                hi: mid + half,
            }
        } else {
            Span {
                lo: self.lo - width * share,
                hi: self.hi + width * share,
            }
        };
        s.checked(axis)
    }

    /// From 0 to the largest value plus `share` of it (or 0..1 if all are 0).
    pub(crate) fn from_zero(hi: f64, share: f64, axis: &'static str) -> Result<Span, ChartError> {
        let hi = if hi > 0.0 { hi * (1.0 + share) } else { 1.0 };
        Span { lo: 0.0, hi }.checked(axis)
    }

    /// Extended to hold `v` (with a margin of `share` of the width beyond it).
    pub(crate) fn including(
        self,
        v: Option<f64>,
        share: f64,
        axis: &'static str,
    ) -> Result<Span, ChartError> {
        let Some(v) = v else { return Ok(self) };
        let margin = (self.hi - self.lo) * share;
        let s = Span {
            lo: if v < self.lo { v - margin } else { self.lo },
            hi: if v > self.hi { v + margin } else { self.hi },
        };
        s.checked(axis)
    }

    fn checked(self, axis: &'static str) -> Result<Span, ChartError> {
        let width = self.hi - self.lo;
        if self.lo.is_finite() && self.hi.is_finite() && width.is_finite() && width > 0.0 {
            Ok(self)
        } else {
            Err(ChartError::RangeOverflow { axis })
        }
    }
}

/// Round tick values in `span`: a step of 1, 2 or 5 times a power of ten,
/// giving at most `max` ticks (at least one).
pub(super) fn nice_ticks(span: Span, max: usize) -> Vec<f64> {
    let max = max.max(1);
    let width = span.hi - span.lo;
    let raw = width / max as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    if !(magnitude.is_finite() && magnitude > 0.0) {
        return vec![span.lo];
    }
    let multiple = [1.0, 2.0, 5.0, 10.0, 20.0]
        .into_iter()
        .find(|m| {
            let step = m * magnitude;
            (span.hi / step).floor() - (span.lo / step).ceil() + 1.0 <= max as f64
        })
        .unwrap_or(20.0);
    let step = multiple * magnitude;
    // Below 1, divide by the inverse power of ten: 3 × 2 / 10 is 0.6 exactly,
    // where 3 × 0.2 is 0.6000000000000001.
    let value = |k: f64| {
        if magnitude < 1.0 {
            k * multiple / (1.0 / magnitude).round()
        } else {
            k * step
        }
    };
    let first = (span.lo / step).ceil();
    let last = (span.hi / step).floor();
    let count = last - first + 1.0;
    if !(count.is_finite() && (1.0..=max as f64 + 1.0).contains(&count)) {
        return vec![span.lo];
    }
    let mut ticks: Vec<f64> = (0..count as usize)
        .map(|k| value(first + k as f64))
        .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
        .filter(|t| (span.lo..=span.hi).contains(t))
        .collect();
    ticks.dedup();
    if ticks.is_empty() {
        ticks.push(span.lo);
    }
    ticks
}

/// Tick values of the x axis with their labels, and how they are chosen.
pub(crate) enum XAxis<'a> {
    /// A numeric axis: round values formatted by the caller's closure.
    Numeric(&'a dyn Fn(f64) -> String),
    /// Labelled points: point `i` at `offset + i`, labelled `labels[i]`.
    Points { labels: &'a [String], offset: f64 },
}

/// A linear axis with the tick values chosen here (plotters' own
/// `WithKeyPoints` cannot take a label formatter for `f64`).
pub(crate) struct TickedAxis {
    pub(super) linear: RangedCoordf64,
    pub(super) ticks: Vec<f64>,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            vec![]
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
}

/// Ticks of the x axis that fit in `plot_w` px with room between labels.
pub(super) fn choose_x_ticks(axis: &XAxis, span: Span, plot_w: f64) -> Vec<(f64, String)> {
    let gap = 12.0;
    match axis {
        XAxis::Numeric(format) => {
            let mut ticks = vec![];
            for max in (2..=MAX_X_TICKS).rev() {
                ticks = nice_ticks(span, max)
                    .into_iter()
                    .map(|v| (v, clean(&format(v)).into_owned()))
                    .collect();
                let widest = ticks
                    .iter()
                    .map(|(_, t)| text_width(t, TEXT_PX))
                    .fold(0.0, f64::max);
                let spacing = plot_w / (span.hi - span.lo) * step_of(&ticks);
                if spacing >= widest + gap {
                    break;
                }
            }
            ticks
        }
        XAxis::Points { labels, offset } => {
            let n = labels.len();
            let labels: Vec<String> = labels.iter().map(|l| clean(l).into_owned()).collect();
            let widest = labels
                .iter()
                .map(|t| text_width(t, TEXT_PX))
                .fold(0.0, f64::max);
            let per_point = plot_w / (span.hi - span.lo);
            let by_room = ((widest + gap) / per_point).ceil();
            let every = (n.div_ceil(MAX_X_TICKS) as f64).max(by_room).max(1.0);
            let every = if every.is_finite() { every as usize } else { n };
            labels
                .into_iter()
                .enumerate()
                .step_by(every.max(1))
                .map(|(i, l)| (offset + i as f64, l))
                .collect()
        }
    }
}

/// Distance between the first two ticks (or the whole span for one tick).
fn step_of(ticks: &[(f64, String)]) -> f64 {
    match ticks {
        [(a, _), (b, _), ..] => b - a,
        _ => f64::INFINITY,
    }
}

/// The label of the tick nearest to `v`.
pub(super) fn label_at(ticks: &[(f64, String)], v: f64) -> String {
    ticks
        .iter()
        .min_by(|a, b| (a.0 - v).abs().total_cmp(&(b.0 - v).abs()))
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_are_round_and_inside() {
        let t = nice_ticks(Span { lo: 0.0, hi: 1.0 }, 6);
        assert_eq!(t, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let t = nice_ticks(Span { lo: -3.0, hi: 97.0 }, 5);
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0]);
        let t = nice_ticks(
            Span {
                lo: 1e20,
                hi: 1e20 + 1e6,
            },
            10,
        );
        assert!(!t.is_empty() && t.len() <= 11);
    }
}
