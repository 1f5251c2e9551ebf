//! The frame drawn around a plot: background, title, legend, axes with
//! ticks, grid and labels, and the accessible name of the SVG.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::{ChartError, Labels, PALETTE, Size};
use super::axis::{MAX_Y_TICKS, Span, TickedAxis, XAxis, choose_x_ticks, label_at, nice_ticks};
use super::text::{
    DESC_PX, INK, TEXT_PX, TITLE_PX, TITLE_SIZES, clean, escape, fit, line_height, text_style,
    text_width, title_style,
};

/// Outer margin, px.
pub(crate) const MARGIN: i32 = 10;
/// Length of tick marks, px (plotters puts labels twice as far from the axis).
const TICK: i32 = 5;
/// Width of a legend swatch, px.
const SWATCH: i32 = 18;
/// Space between legend entries, px.
const ENTRY_GAP: i32 = 18;

/// Smallest plot area (inside the axes) that is still worth drawing, px.
const MIN_PLOT: i32 = 40;

/// The colour of series `i` (cycling through [`PALETTE`]).
pub(crate) fn palette(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

/// Colour of reference lines and limit markers.
const REFERENCE: RGBColor = RGBColor(0, 0, 0);
/// Dash and gap of reference lines, px.
const DASH: (i32, i32) = (6, 4);

/// Colour of the horizontal grid lines.
const GRID: RGBColor = RGBColor(221, 221, 221);

/// How a legend entry is marked.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A filled box (a band, a bar).
    Fill(RGBAColor),
    /// A solid line (a median, a limit).
    Line(RGBColor),
    /// A dashed black line (a reference value).
    Reference,
}

/// One legend entry: its mark and its text (entries with empty text are
/// left out).
pub(crate) struct LegendEntry<'a> {
    pub swatch: Swatch,
    pub text: &'a str,
}

impl<'a> LegendEntry<'a> {
    /// The entry of a reference line, if there is one.
    pub(crate) fn reference(reference: Option<(f64, &'a str)>) -> Option<Self> {
        reference.map(|(_, text)| LegendEntry {
            swatch: Swatch::Reference,
            text,
        })
    }
}

/// Everything drawn around the plot.
pub(crate) struct Frame<'a> {
    pub labels: Labels<'a>,
    pub size: Size,
    pub legend: Vec<LegendEntry<'a>>,
    pub x: XAxis<'a>,
    pub x_span: Span,
    pub y_span: Span,
    pub y_format: &'a dyn Fn(f64) -> String,
    /// Fixed y ticks with their labels (categories), instead of round values
    /// formatted by `y_format`.
    pub y_labels: Option<&'a [(f64, String)]>,
}

/// The chart the plot is drawn on: data coordinates on both axes.
pub(crate) type Chart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<TickedAxis, TickedAxis>>;

pub(crate) fn backend<E: std::error::Error + Send + Sync>(
    e: DrawingAreaErrorKind<E>,
) -> ChartError {
    ChartError::Backend(e.to_string())
}

/// Draws the title centred at the top; returns the y below it.
pub(crate) fn draw_title(
    root: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    width: i32,
) -> Result<i32, ChartError> {
    let room = f64::from(width - 2 * MARGIN);
    // Bold text is about 5 % wider than the metric's regular text.
    let px = TITLE_SIZES
        .into_iter()
        .find(|px| text_width(title, px * 1.05) <= room)
        .unwrap_or(TITLE_SIZES[TITLE_SIZES.len() - 1]);
    let text = fit(title, px * 1.05, room);
    let style = title_style(px).pos(Pos::new(HPos::Center, VPos::Top));
    root.draw(&Text::new(text, (width / 2, MARGIN), style))
        .map_err(backend)?;
    Ok(MARGIN + line_height(TITLE_PX).ceil() as i32)
}

/// Lays the legend out in centred rows from `top`; draws it unless `draw` is
/// false; returns the y below it.
pub(crate) fn legend(
    root: &DrawingArea<SVGBackend, Shift>,
    entries: &[LegendEntry],
    top: i32,
    width: i32,
    draw: bool,
) -> Result<i32, ChartError> {
    let room = width - 2 * MARGIN;
    let row_h = line_height(TEXT_PX).ceil() as i32 + 4;
    let items: Vec<(Swatch, String, i32)> = entries
        .iter()
        .filter(|e| !e.text.trim().is_empty())
        .map(|e| {
            let text = fit(e.text, TEXT_PX, f64::from(room - SWATCH - 6 - ENTRY_GAP));
            let w = SWATCH + 6 + text_width(&text, TEXT_PX).ceil() as i32;
            (e.swatch, text, w)
        })
        .collect();
    let mut rows: Vec<Vec<&(Swatch, String, i32)>> = vec![];
    let mut used = room;
    for item in &items {
        if used + ENTRY_GAP + item.2 > room {
            rows.push(vec![]);
            used = -ENTRY_GAP;
        }
        used += ENTRY_GAP + item.2;
        if let Some(row) = rows.last_mut() {
            row.push(item);
        }
    }
    if draw {
        for (r, row) in rows.iter().enumerate() {
            let row_w: i32 =
                row.iter().map(|i| i.2).sum::<i32>() + ENTRY_GAP * (row.len() as i32 - 1);
            let mut x = (width - row_w) / 2;
            let y = top + r as i32 * row_h + row_h / 2;
            for (swatch, text, w) in row {
                draw_swatch(root, *swatch, x, y)?;
                let style = text_style(TEXT_PX).pos(Pos::new(HPos::Left, VPos::Center));
                root.draw(&Text::new(text.as_str(), (x + SWATCH + 6, y), style))
                    .map_err(backend)?;
                x += w + ENTRY_GAP;
            }
        }
    }
    Ok(top + rows.len() as i32 * row_h)
}

fn draw_swatch(
    root: &DrawingArea<SVGBackend, Shift>,
    swatch: Swatch,
    x: i32,
    y: i32,
) -> Result<(), ChartError> {
    match swatch {
        Swatch::Fill(color) => root.draw(&Rectangle::new(
            [(x, y - 6), (x + SWATCH, y + 6)],
            color.filled(),
        )),
        Swatch::Line(color) => root.draw(&PathElement::new(
            [(x, y), (x + SWATCH, y)],
            color.stroke_width(2),
        )),
        Swatch::Reference => root.draw(&DashedPathElement::new(
            [(x, y), (x + SWATCH, y)],
            DASH.0,
            DASH.1,
            REFERENCE.stroke_width(2),
        )),
    }
    .map_err(backend)
}

/// Draws a dashed reference line from `from` to `to` (data coordinates).
pub(crate) fn reference_line(
    chart: &mut Chart,
    from: (f64, f64),
    to: (f64, f64),
) -> Result<(), ChartError> {
    let line = DashedPathElement::new([from, to], DASH.0, DASH.1, REFERENCE.stroke_width(2));
    chart.draw_series([line]).map_err(backend)?;
    Ok(())
}

/// Sizes and ticks of the axes in the area below the legend.
struct AxesLayout {
    /// Height of the label area under the plot (ticks, labels, axis label).
    x_area: i32,
    /// Width of the label area left of the plot.
    y_area: i32,
    /// Space above the plot, for half of the top tick label.
    top_pad: i32,
    /// Space right of the plot, for half of the last x tick label.
    right: i32,
    x_ticks: Vec<(f64, String)>,
    y_ticks: Vec<(f64, String)>,
}

/// Lays the axes out in an area of `aw`×`ah` px from the text metric; `None`
/// if the plot would be too small.
fn lay_out_axes(frame: &Frame, (aw, ah): (i32, i32)) -> Option<AxesLayout> {
    let x_area =
        2 * TICK + line_height(TEXT_PX).ceil() as i32 + 4 + line_height(DESC_PX).ceil() as i32;
    let top_pad = (line_height(TEXT_PX) / 2.0).ceil() as i32 + 2;
    let plot_h = ah - x_area - top_pad;
    if plot_h < MIN_PLOT {
        return None;
    }
    let y_max = (f64::from(plot_h) / (line_height(TEXT_PX) * 2.5)).floor() as usize;
    let y_ticks: Vec<(f64, String)> = match frame.y_labels {
        Some(labels) => labels
            .iter()
            .map(|(v, l)| (*v, clean(l).into_owned()))
            .collect(),
        None => nice_ticks(frame.y_span, y_max.clamp(2, MAX_Y_TICKS))
            .into_iter()
            .map(|v| (v, clean(&(frame.y_format)(v)).into_owned()))
            .collect(),
    };
    let y_widest = y_ticks
        .iter()
        .map(|(_, t)| text_width(t, TEXT_PX).ceil() as i32)
        .max()
        .unwrap_or(0);
    let mut y_area = 2 * TICK + y_widest + 6 + line_height(DESC_PX).ceil() as i32;
    let mut right = 6;
    let mut x_ticks = vec![];
    let span = frame.x_span;
    // Labels centred near the ends of the x axis stick out of the plot by up
    // to half their width: widen the margins for them, and choose the ticks
    // again for the narrower plot.
    for _ in 0..2 {
        let plot_w = aw - y_area - right;
        if plot_w < MIN_PLOT {
            return None;
        }
        x_ticks = choose_x_ticks(&frame.x, span, f64::from(plot_w));
        let overhang = |(v, t): &(f64, String), end: f64| {
            let inside = (v - end).abs() / (span.hi - span.lo) * f64::from(plot_w);
            (text_width(t, TEXT_PX) / 2.0 - inside).ceil() as i32 + 2
        };
        if let (Some(first), Some(last)) = (x_ticks.first(), x_ticks.last()) {
            y_area = y_area.max(overhang(first, span.lo) - MARGIN);
            right = right.max(overhang(last, span.hi) - MARGIN).min(aw / 4);
        }
    }
    Some(AxesLayout {
        x_area,
        y_area,
        top_pad,
        right,
        x_ticks,
        y_ticks,
    })
}

/// Draws the frame (background, title, legend, axes with ticks, grid and
/// labels) and then the plot through `plot`; returns the finished SVG.
pub(crate) fn render(
    frame: &Frame,
    plot: impl FnOnce(&mut Chart) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let Size { width, height } = frame.size;
    let bad_size = ChartError::BadSize { width, height };
    if !(Size::MIN_WIDTH..=Size::MAX).contains(&width)
        || !(Size::MIN_HEIGHT..=Size::MAX).contains(&height)
    {
        return Err(bad_size);
    }
    let title = clean(frame.labels.title);
    if title.trim().is_empty() {
        return Err(ChartError::MissingTitle);
    }
    let x_label = clean(frame.labels.x_label);
    let y_label = clean(frame.labels.y_label);
    let (w, h) = (width as i32, height as i32);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(backend)?;
        let below_title = draw_title(&root, &title, w)?;
        let below_legend = legend(&root, &frame.legend, below_title + 4, w, false)?;
        let top = below_legend + 6;
        if h - MARGIN - top < MIN_PLOT {
            return Err(bad_size);
        }

        let area = root.margin(top, MARGIN, MARGIN, MARGIN);
        let (aw, ah) = area.dim_in_pixel();
        let axes = lay_out_axes(frame, (aw as i32, ah as i32)).ok_or(bad_size)?;
        let (x_ticks, y_ticks) = (&axes.x_ticks, &axes.y_ticks);
        let x_values: Vec<f64> = x_ticks.iter().map(|(v, _)| *v).collect();
        let y_values: Vec<f64> = y_ticks.iter().map(|(v, _)| *v).collect();
        let mut chart = ChartBuilder::on(&area)
            .margin_top(axes.top_pad)
            .margin_right(axes.right)
            .x_label_area_size(axes.x_area)
            .y_label_area_size(axes.y_area)
            .build_cartesian_2d(
                TickedAxis {
                    linear: (frame.x_span.lo..frame.x_span.hi).into(),
                    ticks: x_values,
                },
                TickedAxis {
                    linear: (frame.y_span.lo..frame.y_span.hi).into(),
                    ticks: y_values,
                },
            )
            .map_err(backend)?;
        let x_fmt = |v: &f64| label_at(x_ticks, *v);
        let y_fmt = |v: &f64| label_at(y_ticks, *v);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID.stroke_width(1))
            .axis_style(INK.stroke_width(1))
            .set_all_tick_mark_size(TICK)
            .x_labels(x_ticks.len())
            .y_labels(y_ticks.len())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text_style(TEXT_PX))
            .axis_desc_style(text_style(DESC_PX))
            .x_desc(x_label.as_ref())
            .y_desc(y_label.as_ref())
            .draw()
            .map_err(backend)?;
        plot(&mut chart)?;
        legend(&root, &frame.legend, below_title + 4, w, true)?;
        root.present().map_err(backend)?;
    }
    finish(svg, &title)
}

/// Adds the accessible name to plotters' SVG: `role="img"` and an
/// `aria-label` on the root, and a `<title>` as its first child.
pub(crate) fn finish(svg: String, title: &str) -> Result<String, ChartError> {
    let head = "xmlns=\"http://www.w3.org/2000/svg\">\n";
    let Some(at) = svg.find(head).filter(|_| svg.starts_with("<svg ")) else {
        return Err(ChartError::Backend(
            "unexpected SVG header from plotters".into(),
        ));
    };
    let title = escape(title);
    let end = at + head.len();
    let mut out = String::with_capacity(svg.len() + 2 * title.len() + 64);
    out.push_str(&svg[..end - 2]);
    out.push_str(&format!(
        " role=\"img\" aria-label=\"{title}\">\n<title>{title}</title>\n"
    ));
    out.push_str(&svg[end..]);
    Ok(out)
}
