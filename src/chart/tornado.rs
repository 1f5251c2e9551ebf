//! Tornado chart: for each parameter, a horizontal bar from the output with
//! the parameter at its low value to the output at its high value, around
//! the base value (every parameter at its point value).

use plotters::prelude::*;

use super::layout::{self, Frame, LegendEntry, Span, Swatch, XAxis};
use super::{ChartError, Labels, Size};

/// Share of a row's height taken by its bar.
const BAR: f64 = 0.6;

/// A tornado chart: one row per parameter, in the given order from the top
/// (sort by swing first, largest on top).
#[derive(Clone, Copy)]
pub struct TornadoChart<'a> {
    /// Title and axis labels (x: the output with its unit; y: e.g.
    /// `"parameter"`).
    pub labels: Labels<'a>,
    /// Parameter of each row.
    pub names: &'a [String],
    /// Output with the parameter at its low value (10th percentile), per row.
    pub low: &'a [f64],
    /// Output with the parameter at its high value (90th percentile), per row.
    pub high: &'a [f64],
    /// Output with every parameter at its point value.
    pub base: f64,
    /// Legend of the low-value bars, e.g. `"10th percentile"`.
    pub legend_low: &'a str,
    /// Legend of the high-value bars, e.g. `"90th percentile"`.
    pub legend_high: &'a str,
    /// Legend of the base line, e.g. `"point values"`.
    pub legend_base: &'a str,
    /// Tick label text of an x value.
    pub x_format: &'a dyn Fn(f64) -> String,
    /// Size of the chart.
    pub size: Size,
}

/// Checks the data: rows present, one finite low and high per row, finite base.
fn check(t: &TornadoChart<'_>) -> Result<(), ChartError> {
    let n = t.names.len();
    layout::non_empty("names", t.names)?;
    layout::same_len("low", t.low, n)?;
    layout::same_len("high", t.high, n)?;
    layout::finite("low", t.low)?;
    layout::finite("high", t.high)?;
    layout::finite("base", &[t.base])
}

/// Draws a tornado chart as a standalone SVG document.
///
/// The low-value part of each bar (from the base to `low`) is drawn in the
/// first palette colour, the high-value part (from the base to `high`) in
/// the second; the base is a dashed vertical line. The x axis spans every
/// value and the base, padded a little.
pub fn tornado_chart(t: &TornadoChart<'_>) -> Result<String, ChartError> {
    check(t)?;
    let n = t.names.len();
    let x_span = Span::of(t.low.iter().chain(t.high).copied().chain([t.base])).padded(0.06, "x")?;
    // Row i (from the top) is centred at n − i − 0.5.
    let centre = |i: usize| (n - i) as f64 - 0.5;
    let y_labels: Vec<(f64, String)> = t
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| (centre(i), name.clone()))
        .collect();
    let (low_color, high_color) = (layout::palette(0), layout::palette(1));
    let legend = vec![
        LegendEntry {
            swatch: Swatch::Fill(low_color.to_rgba()),
            text: t.legend_low,
        },
        LegendEntry {
            swatch: Swatch::Fill(high_color.to_rgba()),
            text: t.legend_high,
        },
        LegendEntry {
            swatch: Swatch::Reference,
            text: t.legend_base,
        },
    ];
    let no_y_format = |_: f64| String::new();
    let frame = Frame {
        labels: t.labels,
        size: t.size,
        legend,
        x: XAxis::Numeric(t.x_format),
        x_span,
        y_span: Span {
            lo: 0.0,
            hi: n as f64,
        },
        y_format: &no_y_format,
        y_labels: Some(&y_labels),
    };
    layout::render(&frame, |chart| {
        let bar = |i: usize, value: f64, color: RGBColor| {
            let (y0, y1) = (centre(i) - BAR / 2.0, centre(i) + BAR / 2.0);
            Rectangle::new(
                [(t.base.min(value), y0), (t.base.max(value), y1)],
                color.filled(),
            )
        };
        let bars =
            (0..n).flat_map(|i| [bar(i, t.low[i], low_color), bar(i, t.high[i], high_color)]);
        chart.draw_series(bars).map_err(layout::backend)?;
        layout::reference_line(chart, (t.base, 0.0), (t.base, n as f64))
    })
}
