//! The family names and each family's arguments, and how the text syntax
//! prints numbers: what the reader and its error messages both quote.

use core::fmt;

/// The family names, for [`DistributionError::UnknownFamily`].
pub(super) const FAMILY_LIST: &str = "fixed, uniform, triangular, pert, normal, lognormal, beta";

/// Formats a float the way the text syntax prints it: Rust's shortest
/// round-trip representation, in plain decimal for `1e-5 ≤ |x| < 1e16`
/// and in exponent form (`1e300`, `2.5e-7`) otherwise.
pub(super) struct Num(pub(super) f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        let a = x.abs();
        if a == 0.0 || !a.is_finite() || (1e-5..1e16).contains(&a) {
            write!(f, "{x}")
        } else {
            write!(f, "{x:e}")
        }
    }
}

/// Argument names and arity of one family.
pub(super) struct Spec {
    pub(super) family: &'static str,
    /// Positional (and nameable) required arguments, in order.
    pub(super) required: &'static [&'static str],
    /// Arguments that may only be given by name.
    pub(super) optional: &'static [&'static str],
    /// What the family takes, for [`DistributionError::ArgumentCount`].
    pub(super) takes: &'static str,
    /// All argument names, for [`DistributionError::UnknownArgument`].
    pub(super) allowed: &'static str,
    /// [`Spec::takes`] in Japanese.
    pub(super) takes_ja: &'static str,
}

pub(super) const SPECS: [Spec; 7] = [
    Spec {
        family: "fixed",
        required: &["value"],
        optional: &[],
        takes: "1 argument (value)",
        allowed: "value",
        takes_ja: "1つ（value）",
    },
    Spec {
        family: "uniform",
        required: &["min", "max"],
        optional: &[],
        takes: "2 arguments (min, max)",
        allowed: "min, max",
        takes_ja: "2つ（min, max）",
    },
    Spec {
        family: "triangular",
        required: &["min", "mode", "max"],
        optional: &[],
        takes: "3 arguments (min, mode, max)",
        allowed: "min, mode, max",
        takes_ja: "3つ（min, mode, max）",
    },
    Spec {
        family: "pert",
        required: &["min", "mode", "max"],
        optional: &[],
        takes: "3 arguments (min, mode, max)",
        allowed: "min, mode, max",
        takes_ja: "3つ（min, mode, max）",
    },
    Spec {
        family: "normal",
        required: &["mean", "sd"],
        optional: &["min", "max"],
        takes: "2 arguments (mean, sd) plus optional min= and max=",
        allowed: "mean, sd, min, max",
        takes_ja: "2つ（mean, sd）と省略できるmin=、max=",
    },
    Spec {
        family: "lognormal",
        required: &[],
        optional: &["median", "p95", "mu", "sigma"],
        takes: "2 named arguments (median= and p95=, or mu= and sigma=)",
        allowed: "median, p95, mu, sigma",
        takes_ja: "名前付きの2つ（median=とp95=、またはmu=とsigma=）",
    },
    Spec {
        family: "beta",
        required: &["mean", "sd"],
        optional: &[],
        takes: "2 arguments (mean, sd)",
        allowed: "mean, sd",
        takes_ja: "2つ（mean, sd）",
    },
];
