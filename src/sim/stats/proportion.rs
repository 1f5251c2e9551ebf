//! [`Proportion`]: successes out of trials, with its binomial standard
//! error.

use serde::{Deserialize, Serialize};

/// Successes out of trials, e.g. the share of runs meeting a target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Proportion {
    /// Number of trials that succeeded (expected `<= trials`).
    pub successes: u64,
    /// Number of trials.
    pub trials: u64,
}

impl Proportion {
    /// No trials yet.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            successes: 0,
            trials: 0,
        }
    }

    /// Records one trial.
    #[inline]
    pub fn record(&mut self, success: bool) {
        self.trials += 1;
        self.successes += u64::from(success);
    }

    /// Adds another proportion's counts into this one.
    pub fn merge(&mut self, other: &Proportion) {
        self.successes += other.successes;
        self.trials += other.trials;
    }

    /// The two proportions' counts added, `None` when a count would
    /// overflow.
    #[must_use]
    pub fn checked_merge(&self, other: &Proportion) -> Option<Proportion> {
        Some(Proportion {
            successes: self.successes.checked_add(other.successes)?,
            trials: self.trials.checked_add(other.trials)?,
        })
    }

    /// `successes / trials`, clamped to [0, 1]; 0 when there are no trials.
    #[must_use]
    pub fn probability(&self) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            (self.successes as f64 / self.trials as f64).min(1.0)
        }
    }

    /// Binomial standard error `sqrt(p(1 − p)/n)`; 0 when there are no
    /// trials.
    #[must_use]
    pub fn std_error(&self) -> f64 {
        if self.trials == 0 {
            return 0.0;
        }
        let p = self.probability();
        libm::sqrt(p * (1.0 - p) / self.trials as f64)
    }
}
