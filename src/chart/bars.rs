//! Stacked bars per category (fiscal year), one series per budget line.

use plotters::prelude::*;

use super::layout::{self, Frame, LegendEntry, Span, Swatch, XAxis};
use super::{ChartError, Labels, Size};

/// Share of a category's width taken by its bar.
const BAR: f64 = 0.64;
/// Share of a category's width taken by its limit marker.
const LIMIT: f64 = 0.84;

/// Stacked bars per category (fiscal year), one series per budget line, with
/// an optional limit marker per category (the appropriation).
#[derive(Clone, Copy)]
pub struct StackedBars<'a> {
    /// Title and axis labels.
    pub labels: Labels<'a>,
    /// Name of each category, e.g. `["FY2025", …]`.
    pub categories: &'a [String],
    /// Series stacked from the bottom up: (legend name, one value ≥ 0 per
    /// category). Series `i` is drawn in `PALETTE[i % 8]`.
    pub series: &'a [(String, Vec<f64>)],
    /// One limit per category (≥ 0) and its legend text, drawn as a black
    /// bar across each category.
    pub limit: Option<(&'a [f64], &'a str)>,
    /// Tick label text of a y value.
    pub y_format: &'a dyn Fn(f64) -> String,
    /// Size of the chart.
    pub size: Size,
    /// Whether the chart draws its legend; without it, the caller shows
    /// one (e.g. in large type on a slide, with [`PALETTE`](super::PALETTE)).
    pub legend: bool,
}

/// Checks the data: categories and series present, one finite value ≥ 0
/// per category in each series and in the limit.
fn check(b: &StackedBars<'_>) -> Result<(), ChartError> {
    let n = b.categories.len();
    layout::non_empty("categories", b.categories)?;
    layout::non_empty("series", b.series)?;
    for (_, values) in b.series {
        layout::same_len("series values", values, n)?;
        layout::finite_non_negative("series values", values)?;
    }
    if let Some((limit, _)) = b.limit {
        layout::same_len("limit", limit, n)?;
        layout::finite_non_negative("limit", limit)?;
    }
    Ok(())
}

/// Draws stacked bars as a standalone SVG document.
///
/// The y axis starts at 0 and holds the tallest stack and the highest limit.
/// Zero values draw no segment.
pub fn stacked_bars(b: &StackedBars<'_>) -> Result<String, ChartError> {
    check(b)?;
    let n = b.categories.len();
    let totals: Vec<f64> = (0..n)
        .map(|i| b.series.iter().map(|(_, v)| v[i]).sum())
        .collect();
    let limits = b.limit.map(|(l, _)| l).unwrap_or(&[]);
    let top = totals.iter().chain(limits).copied().fold(0.0, f64::max);
    let y_span = Span::from_zero(top, 0.08, "y")?;
    let mut legend: Vec<LegendEntry> = b
        .series
        .iter()
        .enumerate()
        .map(|(i, (name, _))| LegendEntry {
            swatch: Swatch::Fill(layout::palette(i).to_rgba()),
            text: name,
        })
        .collect();
    if let Some((_, text)) = b.limit {
        legend.push(LegendEntry {
            swatch: Swatch::Line(BLACK),
            text,
        });
    }
    if !b.legend {
        legend.clear();
    }
    let frame = Frame {
        labels: b.labels,
        size: b.size,
        legend,
        x: XAxis::Points {
            labels: b.categories,
            offset: 0.5,
        },
        x_span: Span {
            lo: 0.0,
            hi: n as f64,
        },
        y_span,
        y_format: b.y_format,
        y_labels: None,
    };
    layout::render(&frame, |chart| {
        let mut base = vec![0.0; n];
        for (s, (_, values)) in b.series.iter().enumerate() {
            let color = layout::palette(s).filled();
            let mut segments = vec![];
            for (i, &v) in values.iter().enumerate() {
                if v > 0.0 {
                    let x = i as f64 + (1.0 - BAR) / 2.0;
                    segments.push(Rectangle::new(
                        [(x, base[i]), (x + BAR, base[i] + v)],
                        color,
                    ));
                    base[i] += v;
                }
            }
            chart.draw_series(segments).map_err(layout::backend)?;
        }
        let markers = limits.iter().enumerate().map(|(i, &l)| {
            let x = i as f64 + (1.0 - LIMIT) / 2.0;
            PathElement::new([(x, l), (x + LIMIT, l)], BLACK.stroke_width(3))
        });
        chart.draw_series(markers).map_err(layout::backend)?;
        Ok(())
    })
}
