//! Histogram of a distribution from bin edges and counts (or shares).

use plotters::prelude::*;

use super::layout::{self, Frame, LegendEntry, Span, Swatch, XAxis};
use super::{ChartError, Labels, Size};

/// A histogram from bin edges (n + 1, increasing) and counts or shares
/// (n, ≥ 0).
#[derive(Clone, Copy)]
pub struct Histogram<'a> {
    /// Title and axis labels.
    pub labels: Labels<'a>,
    /// Bin edges, strictly increasing; one more than `counts`.
    pub edges: &'a [f64],
    /// Count or share of each bin, ≥ 0.
    pub counts: &'a [f64],
    /// Legend of the bars, e.g. `"share of runs"`.
    pub legend: &'a str,
    /// A vertical line (e.g. a target or the appropriation) with its legend
    /// text.
    pub reference: Option<(f64, &'a str)>,
    /// Tick label text of an x value.
    pub x_format: &'a dyn Fn(f64) -> String,
    /// Tick label text of a y value.
    pub y_format: &'a dyn Fn(f64) -> String,
    /// Size of the chart.
    pub size: Size,
}

/// Checks the bins: at least one, edges finite and increasing, counts
/// finite and ≥ 0.
fn check(h: &Histogram<'_>) -> Result<Option<f64>, ChartError> {
    layout::non_empty("counts", h.counts)?;
    layout::same_len("edges", h.edges, h.counts.len() + 1)?;
    layout::finite("edges", h.edges)?;
    if let Some(index) = h.edges.windows(2).position(|w| w[1] <= w[0]) {
        return Err(ChartError::NotIncreasing {
            what: "edges",
            index: index + 1,
        });
    }
    layout::finite_non_negative("counts", h.counts)?;
    layout::reference(h.reference)
}

/// Draws a histogram as a standalone SVG document.
///
/// The x axis spans the edges (and the reference line, if it lies outside
/// them); the y axis starts at 0. Bars are separated by a 1 px gap where
/// they are wide enough.
pub fn histogram(h: &Histogram<'_>) -> Result<String, ChartError> {
    let reference = check(h)?;
    let n = h.counts.len();
    let x_span = Span {
        lo: h.edges[0],
        hi: h.edges[n],
    }
    .including(reference, 0.03, "x")?;
    let y_span = Span::from_zero(h.counts.iter().copied().fold(0.0, f64::max), 0.08, "y")?;
    let color = layout::palette(0);
    let mut legend = vec![LegendEntry {
        swatch: Swatch::Fill(color.to_rgba()),
        text: h.legend,
    }];
    legend.extend(LegendEntry::reference(h.reference));
    let frame = Frame {
        labels: h.labels,
        size: h.size,
        legend,
        x: XAxis::Numeric(h.x_format),
        x_span,
        y_span,
        y_format: h.y_format,
        y_labels: None,
    };
    layout::render(&frame, |chart| {
        let (px, _) = chart.plotting_area().dim_in_pixel();
        let one_px = (x_span.hi - x_span.lo) / f64::from(px.max(1));
        let bars = h.edges.windows(2).zip(h.counts).map(|(e, &c)| {
            let gap = if e[1] - e[0] > 4.0 * one_px {
                one_px / 2.0
            } else {
                0.0
            };
            Rectangle::new([(e[0] + gap, 0.0), (e[1] - gap, c)], color.filled())
        });
        chart.draw_series(bars).map_err(layout::backend)?;
        if let Some(r) = reference {
            layout::reference_line(chart, (r, y_span.lo), (r, y_span.hi))?;
        }
        Ok(())
    })
}
