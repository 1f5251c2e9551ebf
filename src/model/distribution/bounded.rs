//! The families on a bounded interval `[min, max]`: uniform, triangular
//! and Beta-PERT (λ = 4), with the point of a degenerate distribution;
//! their validation, moments, CDF and quantile, and the interval
//! arithmetic they share, written so that `max − min` may overflow.

use crate::model::special::{beta_quantile, regularized_incomplete_beta};

use super::error::DistributionError;

/// `min ≤ max` of `uniform(min, max)`; `input` gives the canonical form
/// for the message.
pub(super) fn validate_uniform(
    min: f64,
    max: f64,
    input: impl Fn() -> String,
) -> Result<(), DistributionError> {
    validate_order(min, max, "min ≤ max", input)
}

/// `min ≤ mode ≤ max` of `triangular` and `pert`; `input` gives the
/// canonical form for the message.
pub(super) fn validate_triangular(
    min: f64,
    mode: f64,
    max: f64,
    input: impl Fn() -> String,
) -> Result<(), DistributionError> {
    validate_order(min, max, "min ≤ mode ≤ max", &input)?;
    if mode < min || mode > max {
        return Err(DistributionError::ModeOutside {
            input: input(),
            mode,
            min,
            max,
        });
    }
    Ok(())
}

/// `min ≤ max`, stating `rule` when not.
fn validate_order(
    min: f64,
    max: f64,
    rule: &'static str,
    input: impl Fn() -> String,
) -> Result<(), DistributionError> {
    if min > max {
        return Err(DistributionError::MinAboveMax {
            input: input(),
            min,
            max,
            rule,
        });
    }
    Ok(())
}

/// Uniform on `[min, max]` with `min < max`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Uniform {
    pub(super) min: f64,
    pub(super) max: f64,
}

impl Uniform {
    pub(super) fn mean(&self) -> f64 {
        midpoint(self.min, self.max)
    }

    pub(super) fn variance(&self) -> f64 {
        let w = self.max - self.min;
        if w.is_finite() {
            w * w / 12.0
        } else {
            let h = 0.5 * self.max - 0.5 * self.min;
            h * h / 3.0
        }
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        let Uniform { min, max } = *self;
        if x < min {
            0.0
        } else if x >= max {
            1.0
        } else {
            fraction(x, min, max)
        }
    }

    pub(super) fn quantile(&self, p: f64) -> f64 {
        along(self.min, self.max, p)
    }
}

/// Triangular on `[min, max]` (`min < max`) with its peak at `mode`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Triangular {
    pub(super) min: f64,
    pub(super) mode: f64,
    pub(super) max: f64,
}

impl Triangular {
    pub(super) fn mean(&self) -> f64 {
        let Triangular { min, mode, max } = *self;
        let w = max - min;
        if w.is_finite() {
            min + w / 3.0 + (mode - min) / 3.0
        } else {
            let h = 0.5 * max - 0.5 * min;
            let e = 0.5 * mode - 0.5 * min;
            min + h * (2.0 / 3.0) + e * (2.0 / 3.0)
        }
    }

    pub(super) fn variance(&self) -> f64 {
        let Triangular { min, mode, max } = *self;
        // (w² − w·d + d²)/18 with d = mode − min, written as a sum
        // of squares so that it never cancels.
        let w = max - min;
        if w.is_finite() {
            let d = mode - min;
            let t = w - 0.5 * d;
            (t * t + 0.75 * d * d) / 18.0
        } else {
            let h = 0.5 * max - 0.5 * min;
            let e = 0.5 * mode - 0.5 * min;
            let t = h - 0.5 * e;
            4.0 * (t * t + 0.75 * e * e) / 18.0
        }
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        let Triangular { min, mode, max } = *self;
        let (fl, fr) = triangular_fractions(min, mode, max);
        if x < min {
            0.0
        } else if x >= max {
            1.0
        } else if x < mode {
            let t = fraction(x, min, max);
            t * t / fl
        } else {
            let s = fraction_from_top(x, min, max);
            1.0 - s * s / fr
        }
    }

    pub(super) fn quantile(&self, p: f64) -> f64 {
        let Triangular { min, mode, max } = *self;
        let (fl, fr) = triangular_fractions(min, mode, max);
        triangular_inverse(min, max, fl, fr, p)
    }
}

/// Beta-PERT on `[min, max]` (`min < max`): `min + (max − min)·B` with
/// `B ~ Beta(a, b)`, `a = 1 + 4·(mode − min)/w`, `b = 1 + 4·(max − mode)/w`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pert {
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) a: f64,
    pub(super) b: f64,
}

impl Pert {
    /// The PERT of `min ≤ mode ≤ max` with `min < max`.
    pub(super) fn new(min: f64, mode: f64, max: f64) -> Pert {
        let (fl, fr) = triangular_fractions(min, mode, max);
        Pert {
            min,
            max,
            a: 1.0 + 4.0 * fl,
            b: 1.0 + 4.0 * fr,
        }
    }

    pub(super) fn mean(&self) -> f64 {
        along(self.min, self.max, self.a / (self.a + self.b))
    }

    pub(super) fn variance(&self) -> f64 {
        let Pert { min, max, a, b } = *self;
        let s = a + b;
        let shape = a * b / (s * s * (s + 1.0));
        let w = max - min;
        if w.is_finite() {
            w * w * shape
        } else {
            let h = 0.5 * max - 0.5 * min;
            4.0 * h * h * shape
        }
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        let Pert { min, max, a, b } = *self;
        if x <= min {
            0.0
        } else if x >= max {
            1.0
        } else {
            regularized_incomplete_beta(a, b, fraction(x, min, max))
        }
    }

    pub(super) fn quantile(&self, p: f64) -> f64 {
        along(self.min, self.max, beta_quantile(self.a, self.b, p))
    }
}

/// The CDF of the point `v`.
pub(super) fn step(x: f64, v: f64) -> f64 {
    if x < v { 0.0 } else { 1.0 }
}

/// `(min + max)/2` without overflow.
pub(super) fn midpoint(min: f64, max: f64) -> f64 {
    let s = min + max;
    if s.is_finite() {
        0.5 * s
    } else {
        0.5 * min + 0.5 * max
    }
}

/// `min + (max − min)·t`, also when `max − min` overflows.
pub(super) fn along(min: f64, max: f64, t: f64) -> f64 {
    let w = max - min;
    if w.is_finite() {
        min + w * t
    } else {
        let h = 0.5 * max - 0.5 * min;
        min + h * t + h * t
    }
}

/// `max − (max − min)·t`, also when `max − min` overflows.
fn back(min: f64, max: f64, t: f64) -> f64 {
    let w = max - min;
    if w.is_finite() {
        max - w * t
    } else {
        let h = 0.5 * max - 0.5 * min;
        max - h * t - h * t
    }
}

/// `(x − min)/(max − min)`, also when `max − min` overflows.
fn fraction(x: f64, min: f64, max: f64) -> f64 {
    let w = max - min;
    if w.is_finite() {
        (x - min) / w
    } else {
        (0.5 * x - 0.5 * min) / (0.5 * max - 0.5 * min)
    }
}

/// `(max − x)/(max − min)`, also when `max − min` overflows.
fn fraction_from_top(x: f64, min: f64, max: f64) -> f64 {
    let w = max - min;
    if w.is_finite() {
        (max - x) / w
    } else {
        (0.5 * max - 0.5 * x) / (0.5 * max - 0.5 * min)
    }
}

/// `((mode − min)/w, (max − mode)/w)` for a triangle or PERT on `[min, max]`.
pub(super) fn triangular_fractions(min: f64, mode: f64, max: f64) -> (f64, f64) {
    (
        fraction(mode, min, max).clamp(0.0, 1.0),
        fraction_from_top(mode, min, max).clamp(0.0, 1.0),
    )
}

/// Inverse CDF of the triangle on `[min, max]` whose mode sits at fraction
/// `fl` from the bottom (`fr = 1 − fl` from the top).
pub(super) fn triangular_inverse(min: f64, max: f64, fl: f64, fr: f64, u: f64) -> f64 {
    if u < fl {
        along(min, max, (u * fl).sqrt())
    } else {
        back(min, max, ((1.0 - u) * fr).sqrt())
    }
}
