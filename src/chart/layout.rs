//! What the charts share: text metric and cleaning, input checks, axis
//! ranges and ticks, and the frame (title, legend, axes) drawn around a plot.

use std::borrow::Cow;
use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ChartError, Labels, PALETTE, Size};

/// Generic font family: browsers map it to a font that covers Japanese.
const FONT: &str = "sans-serif";
/// Font size of the title, px.
const TITLE_PX: f64 = 16.0;
/// Font sizes a long title is shrunk through before it is cut, px.
const TITLE_SIZES: [f64; 4] = [TITLE_PX, 14.0, 12.0, 11.0];
/// Font size of tick labels and legend text, px.
pub(crate) const TEXT_PX: f64 = 12.0;
/// Font size of axis labels, px.
const DESC_PX: f64 = 14.0;
/// Outer margin, px.
pub(crate) const MARGIN: i32 = 10;
/// Length of tick marks, px (plotters puts labels twice as far from the axis).
const TICK: i32 = 5;
/// Width of a legend swatch, px.
const SWATCH: i32 = 18;
/// Space between legend entries, px.
const ENTRY_GAP: i32 = 18;
/// At most this many tick labels on the x axis.
const MAX_X_TICKS: usize = 12;
/// At most this many tick labels on the y axis.
const MAX_Y_TICKS: usize = 10;
/// Smallest plot area (inside the axes) that is still worth drawing, px.
const MIN_PLOT: i32 = 40;

/// plotters' SVG backend writes `font-size` as the style's size divided by
/// 1.24; this is the inverse, so that sizes here are the px written.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// The colour of series `i` (cycling through [`PALETTE`]).
pub(crate) fn palette(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

/// Colour of reference lines and limit markers.
const REFERENCE: RGBColor = RGBColor(0, 0, 0);
/// Dash and gap of reference lines, px.
const DASH: (i32, i32) = (6, 4);
/// Colour of the axes and tick labels.
const INK: RGBColor = RGBColor(51, 51, 51);
/// Colour of the horizontal grid lines.
const GRID: RGBColor = RGBColor(221, 221, 221);

/// The plotters font size that the SVG backend writes as `px`, exactly where
/// a float allows it (12 or 14 but not 13: `"13.000000000000002"`).
fn plotters_size(px: f64) -> f64 {
    let mut size = px * PLOTTERS_FONT_SCALE;
    for _ in 0..8 {
        let written = size / PLOTTERS_FONT_SCALE;
        if written == px {
            break;
        }
        let bits = size.to_bits();
        size = f64::from_bits(if written > px { bits - 1 } else { bits + 1 });
    }
    size
}

pub(crate) fn text_style(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, plotters_size(px)).into_font()).color(&INK)
}

fn title_style(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, plotters_size(px)).into_font().style(FontStyle::Bold)).color(&BLACK)
}

/// Approximate advance width of `c` in em for a proportional sans-serif
/// font: full-width (CJK, kana, hangul, full-width forms) 1 em, combining
/// marks and zero-width characters 0, Latin letters, digits and punctuation
/// between 0.3 and 0.9 em, leaning wide so that labels get enough room.
fn char_em(c: char) -> f64 {
    match c {
        '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200F}' | '\u{FE00}'..='\u{FE0F}' => 0.0,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}' => 1.0,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' | ' ' | 'I' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' | '"' => 0.4,
        'm' | 'w' | 'M' | 'W' | '%' | '@' | '—' | '…' => 0.9,
        'A'..='Z' | '&' | '#' | '–' => 0.7,
        _ => 0.6,
    }
}

/// Approximate width of `text` at a font size of `px`, in px.
pub(crate) fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * px
}

/// Height of a line of text at a font size of `px`, in px.
pub(crate) fn line_height(px: f64) -> f64 {
    px * 1.25
}

/// `text` without the characters XML 1.0 does not allow (C0 and C1 controls,
/// U+FFFE, U+FFFF); tabs and line breaks become spaces, as every label is one
/// line.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}';
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if bad(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// `text` escaped for XML text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` cut with an ellipsis so that it is at most `max` px wide at `px`.
pub(crate) fn fit(text: &str, px: f64, max: f64) -> String {
    if text_width(text, px) <= max {
        return text.to_owned();
    }
    let budget = max - text_width("…", px);
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += char_em(c) * px;
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

// ---------------------------------------------------------------- checks

/// `values` is not empty.
pub(crate) fn non_empty<T>(what: &'static str, values: &[T]) -> Result<(), ChartError> {
    if values.is_empty() {
        return Err(ChartError::EmptyData { what });
    }
    Ok(())
}

/// `values` has `expected` elements.
pub(crate) fn same_len<T>(
    what: &'static str,
    values: &[T],
    expected: usize,
) -> Result<(), ChartError> {
    if values.len() != expected {
        return Err(ChartError::LengthMismatch {
            what,
            expected,
            found: values.len(),
        });
    }
    Ok(())
}

/// Every value is finite.
pub(crate) fn finite(what: &'static str, values: &[f64]) -> Result<(), ChartError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(ChartError::NonFinite { what, index }),
        None => Ok(()),
    }
}

/// Every value is finite and ≥ 0.
pub(crate) fn finite_non_negative(what: &'static str, values: &[f64]) -> Result<(), ChartError> {
    finite(what, values)?;
    match values.iter().position(|v| *v < 0.0) {
        Some(index) => Err(ChartError::Negative { what, index }),
        None => Ok(()),
    }
}

/// The reference value, if any, is finite.
pub(crate) fn reference(value: Option<(f64, &str)>) -> Result<Option<f64>, ChartError> {
    match value {
        Some((v, _)) if !v.is_finite() => Err(ChartError::NonFinite {
            what: "reference",
            index: 0,
        }),
        other => Ok(other.map(|(v, _)| v)),
    }
}

// ---------------------------------------------------------------- ranges

/// An axis range `lo < hi`, both finite with a finite span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    pub lo: f64,
    pub hi: f64,
}

impl Span {
    /// The smallest span holding all `values` (at least one finite value).
    pub(crate) fn of(values: impl IntoIterator<Item = f64>) -> Span {
        values.into_iter().fold(
            Span {
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
            },
            |s, v| Span {
                lo: s.lo.min(v),
                hi: s.hi.max(v),
            },
        )
    }

    /// The x span of `n` points at 0, 1, …, n − 1 (one point: −0.5..0.5).
    pub(crate) fn of_points(n: usize) -> Span {
        if n <= 1 {
            Span { lo: -0.5, hi: 0.5 }
        } else {
            Span {
                lo: 0.0,
                hi: (n - 1) as f64,
            }
        }
    }

    /// Widened by `share` of its width on each side; a flat span (all values
    /// equal, or nearly so for their magnitude) is widened by a tenth of its
    /// value (or by 1 around 0) instead.
    pub(crate) fn padded(self, share: f64, axis: &'static str) -> Result<Span, ChartError> {
        let width = self.hi - self.lo;
        let magnitude = self.lo.abs().max(self.hi.abs());
        let s = if width <= magnitude * 1e-9 {
            let mid = self.lo / 2.0 + self.hi / 2.0;
            let half = (mid.abs() * 0.1).max(1.0);
            Span {
                lo: mid - half,
                hi: mid + half,
            }
        } else {
            Span {
                lo: self.lo - width * share,
                hi: self.hi + width * share,
            }
        };
        s.checked(axis)
    }

    /// From 0 to the largest value plus `share` of it (or 0..1 if all are 0).
    pub(crate) fn from_zero(hi: f64, share: f64, axis: &'static str) -> Result<Span, ChartError> {
        let hi = if hi > 0.0 { hi * (1.0 + share) } else { 1.0 };
        Span { lo: 0.0, hi }.checked(axis)
    }

    /// Extended to hold `v` (with a margin of `share` of the width beyond it).
    pub(crate) fn including(
        self,
        v: Option<f64>,
        share: f64,
        axis: &'static str,
    ) -> Result<Span, ChartError> {
        let Some(v) = v else { return Ok(self) };
        let margin = (self.hi - self.lo) * share;
        let s = Span {
            lo: if v < self.lo { v - margin } else { self.lo },
            hi: if v > self.hi { v + margin } else { self.hi },
        };
        s.checked(axis)
    }

    fn checked(self, axis: &'static str) -> Result<Span, ChartError> {
        let width = self.hi - self.lo;
        if self.lo.is_finite() && self.hi.is_finite() && width.is_finite() && width > 0.0 {
            Ok(self)
        } else {
            Err(ChartError::RangeOverflow { axis })
        }
    }
}

/// Round tick values in `span`: a step of 1, 2 or 5 times a power of ten,
/// giving at most `max` ticks (at least one).
fn nice_ticks(span: Span, max: usize) -> Vec<f64> {
    let max = max.max(1);
    let width = span.hi - span.lo;
    let raw = width / max as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    if !(magnitude.is_finite() && magnitude > 0.0) {
        return vec![span.lo];
    }
    let multiple = [1.0, 2.0, 5.0, 10.0, 20.0]
        .into_iter()
        .find(|m| {
            let step = m * magnitude;
            (span.hi / step).floor() - (span.lo / step).ceil() + 1.0 <= max as f64
        })
        .unwrap_or(20.0);
    let step = multiple * magnitude;
    // Below 1, divide by the inverse power of ten: 3 × 2 / 10 is 0.6 exactly,
    // where 3 × 0.2 is 0.6000000000000001.
    let value = |k: f64| {
        if magnitude < 1.0 {
            k * multiple / (1.0 / magnitude).round()
        } else {
            k * step
        }
    };
    let first = (span.lo / step).ceil();
    let last = (span.hi / step).floor();
    let count = last - first + 1.0;
    if !(count.is_finite() && (1.0..=max as f64 + 1.0).contains(&count)) {
        return vec![span.lo];
    }
    let mut ticks: Vec<f64> = (0..count as usize)
        .map(|k| value(first + k as f64))
        .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
        .filter(|t| (span.lo..=span.hi).contains(t))
        .collect();
    ticks.dedup();
    if ticks.is_empty() {
        ticks.push(span.lo);
    }
    ticks
}

// ---------------------------------------------------------------- frame

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

/// Tick values of the x axis with their labels, and how they are chosen.
pub(crate) enum XAxis<'a> {
    /// A numeric axis: round values formatted by the caller's closure.
    Numeric(&'a dyn Fn(f64) -> String),
    /// Labelled points: point `i` at `offset + i`, labelled `labels[i]`.
    Points { labels: &'a [String], offset: f64 },
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

/// A linear axis with the tick values chosen here (plotters' own
/// `WithKeyPoints` cannot take a label formatter for `f64`).
pub(crate) struct TickedAxis {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            vec![]
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
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

/// Ticks of the x axis that fit in `plot_w` px with room between labels.
fn choose_x_ticks(axis: &XAxis, span: Span, plot_w: f64) -> Vec<(f64, String)> {
    let gap = 12.0;
    match axis {
        XAxis::Numeric(format) => {
            let mut ticks = vec![];
            for max in (2..=MAX_X_TICKS).rev() {
                ticks = nice_ticks(span, max)
                    .into_iter()
                    .map(|v| (v, clean(&format(v)).into_owned()))
                    .collect();
                let widest = ticks
                    .iter()
                    .map(|(_, t)| text_width(t, TEXT_PX))
                    .fold(0.0, f64::max);
                let spacing = plot_w / (span.hi - span.lo) * step_of(&ticks);
                if spacing >= widest + gap {
                    break;
                }
            }
            ticks
        }
        XAxis::Points { labels, offset } => {
            let n = labels.len();
            let labels: Vec<String> = labels.iter().map(|l| clean(l).into_owned()).collect();
            let widest = labels
                .iter()
                .map(|t| text_width(t, TEXT_PX))
                .fold(0.0, f64::max);
            let per_point = plot_w / (span.hi - span.lo);
            let by_room = ((widest + gap) / per_point).ceil();
            let every = (n.div_ceil(MAX_X_TICKS) as f64).max(by_room).max(1.0);
            let every = if every.is_finite() { every as usize } else { n };
            labels
                .into_iter()
                .enumerate()
                .step_by(every.max(1))
                .map(|(i, l)| (offset + i as f64, l))
                .collect()
        }
    }
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

/// Distance between the first two ticks (or the whole span for one tick).
fn step_of(ticks: &[(f64, String)]) -> f64 {
    match ticks {
        [(a, _), (b, _), ..] => b - a,
        _ => f64::INFINITY,
    }
}

/// The label of the tick nearest to `v`.
fn label_at(ticks: &[(f64, String)], v: f64) -> String {
    ticks
        .iter()
        .min_by(|a, b| (a.0 - v).abs().total_cmp(&(b.0 - v).abs()))
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_are_round_and_inside() {
        let t = nice_ticks(Span { lo: 0.0, hi: 1.0 }, 6);
        assert_eq!(t, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let t = nice_ticks(Span { lo: -3.0, hi: 97.0 }, 5);
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0]);
        let t = nice_ticks(
            Span {
                lo: 1e20,
                hi: 1e20 + 1e6,
            },
            10,
        );
        assert!(!t.is_empty() && t.len() <= 11);
    }

    #[test]
    fn font_sizes_are_written_exactly() {
        for px in TITLE_SIZES.into_iter().chain([TEXT_PX, DESC_PX]) {
            assert_eq!(plotters_size(px) / PLOTTERS_FONT_SCALE, px);
        }
    }

    #[test]
    fn text_width_counts_full_width_characters_as_one_em() {
        assert_eq!(text_width("東京", 10.0), 20.0);
        assert!(text_width("FY2025", 10.0) > 30.0);
        assert_eq!(text_width("", 10.0), 0.0);
    }

    #[test]
    fn clean_removes_what_xml_does_not_allow() {
        assert_eq!(clean("a\u{0}b\nc\u{FFFF}"), "ab c");
        assert!(matches!(clean("東京 <&>"), Cow::Borrowed(_)));
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let long = "長".repeat(50);
        let cut = fit(&long, 10.0, 100.0);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 10.0) <= 100.0);
        assert_eq!(fit("short", 10.0, 100.0), "short");
    }
}
