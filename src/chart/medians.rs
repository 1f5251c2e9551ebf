//! Overlaid medians: the median line and 25–75 % band of up to four
//! scenarios over time, on one chart.

use plotters::prelude::*;

use super::fan::{band, median_line, over_time};
use super::layout::{self, LegendEntry, Span, Swatch};
use super::{ChartError, Labels, Size};

/// Most scenarios one chart overlays.
pub const MAX_OVERLAID: usize = 4;

/// Opacity of each scenario's 25–75 % band.
const BAND_ALPHA: f64 = 0.2;

/// One scenario's median and quartiles per point.
#[derive(Clone, Copy)]
pub struct MedianSeries<'a> {
    /// Scenario name (legend text).
    pub name: &'a str,
    /// 25th percentile of each point.
    pub p25: &'a [f64],
    /// Median of each point.
    pub p50: &'a [f64],
    /// 75th percentile of each point.
    pub p75: &'a [f64],
}

/// Median lines with 25–75 % bands of several scenarios over time.
#[derive(Clone, Copy)]
pub struct OverlaidMedians<'a> {
    /// Title and axis labels.
    pub labels: Labels<'a>,
    /// Label of each point (e.g. `"2025-04"`); same length as every series.
    pub x_ticks: &'a [String],
    /// One to [`MAX_OVERLAID`] scenarios; scenario `i` is drawn in
    /// `PALETTE[i]`.
    pub series: &'a [MedianSeries<'a>],
    /// Legend of the bands, e.g. `"25–75 %"` (shown in grey).
    pub legend_band: &'a str,
    /// A horizontal line (e.g. a target threshold) with its legend text.
    pub reference: Option<(f64, &'a str)>,
    /// Tick label text of a y value.
    pub y_format: &'a dyn Fn(f64) -> String,
    /// Size of the chart.
    pub size: Size,
}

/// Checks the data: 1 to 4 series of the points' length, finite, ordered.
fn check(c: &OverlaidMedians<'_>) -> Result<Option<f64>, ChartError> {
    layout::non_empty("series", c.series)?;
    if c.series.len() > MAX_OVERLAID {
        return Err(ChartError::TooManySeries {
            found: c.series.len(),
            max: MAX_OVERLAID,
        });
    }
    let n = c.x_ticks.len();
    layout::non_empty("x_ticks", c.x_ticks)?;
    for s in c.series {
        for (what, values) in [("p25", s.p25), ("p50", s.p50), ("p75", s.p75)] {
            layout::same_len(what, values, n)?;
            layout::finite(what, values)?;
        }
        if let Some(index) = (0..n).find(|&i| !(s.p25[i] <= s.p50[i] && s.p50[i] <= s.p75[i])) {
            return Err(ChartError::QuantilesOutOfOrder { index });
        }
    }
    layout::reference(c.reference)
}

/// Draws overlaid medians as a standalone SVG document.
///
/// Bands are drawn first (translucent), then the median lines on top, so no
/// line is hidden by another scenario's band. The y axis spans every band
/// and the reference line, padded a little.
pub fn overlaid_medians(c: &OverlaidMedians<'_>) -> Result<String, ChartError> {
    let reference = check(c)?;
    let n = c.x_ticks.len();
    let x_span = Span::of_points(n);
    let values = c
        .series
        .iter()
        .flat_map(|s| s.p25.iter().chain(s.p75))
        .copied()
        .chain(reference);
    let y_span = Span::of(values).padded(0.06, "y")?;
    let mut legend: Vec<LegendEntry> = c
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| LegendEntry {
            swatch: Swatch::Line(layout::palette(i)),
            text: s.name,
        })
        .collect();
    legend.push(LegendEntry {
        swatch: Swatch::Fill(RGBColor(120, 120, 120).mix(BAND_ALPHA * 1.5)),
        text: c.legend_band,
    });
    legend.extend(LegendEntry::reference(c.reference));
    let frame = over_time(c.labels, c.size, legend, c.x_ticks, y_span, c.y_format);
    layout::render(&frame, |chart| {
        let bands = c
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| band(s.p25, s.p75, layout::palette(i).mix(BAND_ALPHA)));
        chart.draw_series(bands).map_err(layout::backend)?;
        for (i, s) in c.series.iter().enumerate() {
            median_line(chart, s.p50, layout::palette(i))?;
        }
        if let Some(r) = reference {
            layout::reference_line(chart, (x_span.lo, r), (x_span.hi, r))?;
        }
        Ok(())
    })
}
