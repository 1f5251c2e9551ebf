//! Summaries of one output as people read them: a period's mean and
//! percentiles rounded to hide floating-point noise, and those figures
//! month by month.

use serde::Serialize;

use crate::text::format::round_sig;

use super::stats::SeriesStats;

/// Every figure of `s` rounded with [`round_sig`].
pub fn rounded(s: SeriesStats) -> SeriesStats {
    SeriesStats {
        mean: round_sig(s.mean),
        p5: round_sig(s.p5),
        p25: round_sig(s.p25),
        p50: round_sig(s.p50),
        p75: round_sig(s.p75),
        p95: round_sig(s.p95),
    }
}

/// Mean and percentiles of one output, month by month.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SeriesArrays {
    /// Means.
    pub mean: Vec<f64>,
    /// 5th percentiles.
    pub p5: Vec<f64>,
    /// 25th percentiles.
    pub p25: Vec<f64>,
    /// Medians.
    pub p50: Vec<f64>,
    /// 75th percentiles.
    pub p75: Vec<f64>,
    /// 95th percentiles.
    pub p95: Vec<f64>,
}

impl SeriesArrays {
    /// Append one period's figures.
    pub fn push(&mut self, s: SeriesStats) {
        self.mean.push(s.mean);
        self.p5.push(s.p5);
        self.p25.push(s.p25);
        self.p50.push(s.p50);
        self.p75.push(s.p75);
        self.p95.push(s.p95);
    }
}
