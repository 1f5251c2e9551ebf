//! Fan chart: quantile bands of a quantity over time.

use plotters::prelude::*;

use super::layout::{self, Frame, LegendEntry, Span, Swatch, XAxis};
use super::{ChartError, Labels, Size};

/// Opacity of the 5–95 % band.
const OUTER_ALPHA: f64 = 0.22;
/// Opacity of the 25–75 % band (drawn over the outer one).
const INNER_ALPHA: f64 = 0.4;

/// A fan chart over time: 5–95 % and 25–75 % bands and a median line.
#[derive(Clone, Copy)]
pub struct FanChart<'a> {
    /// Title and axis labels.
    pub labels: Labels<'a>,
    /// Label of each point (e.g. `"2025-04"`); same length as the series.
    pub x_ticks: &'a [String],
    /// 5th percentile of each point.
    pub p5: &'a [f64],
    /// 25th percentile of each point.
    pub p25: &'a [f64],
    /// Median of each point.
    pub p50: &'a [f64],
    /// 75th percentile of each point.
    pub p75: &'a [f64],
    /// 95th percentile of each point.
    pub p95: &'a [f64],
    /// Legend of the outer band, e.g. `"5–95 %"`.
    pub legend_outer: &'a str,
    /// Legend of the inner band, e.g. `"25–75 %"`.
    pub legend_inner: &'a str,
    /// Legend of the median line, e.g. `"median"`.
    pub legend_median: &'a str,
    /// A horizontal line (e.g. a target threshold) with its legend text.
    pub reference: Option<(f64, &'a str)>,
    /// Tick label text of a y value (money as 億円, percentages, …).
    pub y_format: &'a dyn Fn(f64) -> String,
    /// Size of the chart.
    pub size: Size,
}

/// Checks the series: same non-zero length, finite, quantiles ordered.
fn check(c: &FanChart<'_>) -> Result<Option<f64>, ChartError> {
    let n = c.p50.len();
    layout::non_empty("p50", c.p50)?;
    layout::same_len("x_ticks", c.x_ticks, n)?;
    let series = [
        ("p5", c.p5),
        ("p25", c.p25),
        ("p50", c.p50),
        ("p75", c.p75),
        ("p95", c.p95),
    ];
    for (what, values) in series {
        layout::same_len(what, values, n)?;
        layout::finite(what, values)?;
    }
    let ordered = |i: usize| {
        c.p5[i] <= c.p25[i] && c.p25[i] <= c.p50[i] && c.p50[i] <= c.p75[i] && c.p75[i] <= c.p95[i]
    };
    if let Some(index) = (0..n).find(|&i| !ordered(i)) {
        return Err(ChartError::QuantilesOutOfOrder { index });
    }
    layout::reference(c.reference)
}

/// A band between two series as a closed polygon (along `upper`, back
/// along `lower`).
pub(super) fn band(lower: &[f64], upper: &[f64], color: RGBAColor) -> Polygon<(f64, f64)> {
    let along = upper.iter().enumerate().map(|(i, v)| (i as f64, *v));
    let back = lower.iter().enumerate().rev().map(|(i, v)| (i as f64, *v));
    Polygon::new(along.chain(back).collect::<Vec<_>>(), color.filled())
}

/// The frame of a chart over time: point `i` at x = `i`, labelled
/// `x_ticks[i]`; a numeric y axis.
pub(super) fn over_time<'a>(
    labels: Labels<'a>,
    size: Size,
    legend: Vec<LegendEntry<'a>>,
    x_ticks: &'a [String],
    y_span: Span,
    y_format: &'a dyn Fn(f64) -> String,
) -> Frame<'a> {
    Frame {
        labels,
        size,
        legend,
        x: XAxis::Points {
            labels: x_ticks,
            offset: 0.0,
        },
        x_span: Span::of_points(x_ticks.len()),
        y_span,
        y_format,
        y_labels: None,
    }
}

/// Draws a median: a line through the points, or a dot for a single point.
pub(super) fn median_line(
    chart: &mut layout::Chart,
    p50: &[f64],
    color: RGBColor,
) -> Result<(), ChartError> {
    if p50.len() == 1 {
        chart
            .draw_series([Circle::new((0.0, p50[0]), 3, color.filled())])
            .map_err(layout::backend)?;
    } else {
        let median = p50.iter().enumerate().map(|(i, v)| (i as f64, *v));
        chart
            .draw_series(LineSeries::new(median, color.stroke_width(2)))
            .map_err(layout::backend)?;
    }
    Ok(())
}

/// Draws a fan chart as a standalone SVG document.
///
/// The x axis shows the `x_ticks` labels (thinned to at most 12, and fewer if
/// they would overlap); the y axis spans the 5–95 % band and the reference
/// line, padded a little.
pub fn fan_chart(c: &FanChart<'_>) -> Result<String, ChartError> {
    let reference = check(c)?;
    let n = c.p50.len();
    let x_span = Span::of_points(n);
    let y_span = Span::of(c.p5.iter().chain(c.p95).copied().chain(reference)).padded(0.06, "y")?;
    let color = layout::palette(0);
    let outer = color.mix(OUTER_ALPHA);
    // The inner band is seen over the outer one: its legend shows both.
    let inner_seen = color.mix(1.0 - (1.0 - OUTER_ALPHA) * (1.0 - INNER_ALPHA));
    let mut legend = vec![
        LegendEntry {
            swatch: Swatch::Fill(outer),
            text: c.legend_outer,
        },
        LegendEntry {
            swatch: Swatch::Fill(inner_seen),
            text: c.legend_inner,
        },
        LegendEntry {
            swatch: Swatch::Line(color),
            text: c.legend_median,
        },
    ];
    legend.extend(LegendEntry::reference(c.reference));
    let frame = over_time(c.labels, c.size, legend, c.x_ticks, y_span, c.y_format);
    layout::render(&frame, |chart| {
        let bands = [
            band(c.p5, c.p95, outer),
            band(c.p25, c.p75, color.mix(INNER_ALPHA)),
        ];
        chart.draw_series(bands).map_err(layout::backend)?;
        median_line(chart, c.p50, color)?;
        if let Some(r) = reference {
            layout::reference_line(chart, (x_span.lo, r), (x_span.hi, r))?;
        }
        Ok(())
    })
}
