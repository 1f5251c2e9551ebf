//! SVG charts of simulation summaries (plotters' SVG backend): fan charts
//! (also of a paired difference, with a reference line at zero),
//! histograms, stacked bars, tornado charts, overlaid medians of up to four
//! scenarios and a tile map of the 23 wards. Pure functions from plain data to SVG text,
//! so they render natively (tests) and in the browser alike.
//!
//! Each function checks its input first and returns a [`ChartError`] naming
//! what is wrong (an empty series, mismatched lengths, a NaN, a negative count,
//! unordered quantiles, …) instead of panicking. The SVG it returns is a
//! standalone document (`xmlns` set, so a downloaded file opens in a browser),
//! with `role="img"`, an `aria-label` and a `<title>` carrying the chart title,
//! and all caller text XML-escaped. Text uses the generic `sans-serif` family,
//! which browsers map to a font that covers Japanese.
//!
//! # Text measurement
//!
//! plotters 0.3.7 measures text through its font layer, which depends on the
//! target: natively, without the `ttf` or `ab_glyph` features, a crude
//! estimate from the UTF-8 byte length (a Japanese character counts as three
//! narrow ones); on `wasm32-unknown-unknown` it inserts a `<span>` into the
//! page's `document.body` and reads its size, which needs the DOM (and
//! `unwrap`s it, so it panics anywhere else, e.g. in a worker). The `ttf`
//! feature needs system fonts (not on wasm) and `ab_glyph` needs a font file
//! shipped in the binary. None of these gives the same layout on both
//! targets, and the last two cost size or system state.
//!
//! So these charts never ask plotters to measure text. Plotters' SVG backend
//! writes text as `<text>` elements without measuring it; the only places
//! where plotters itself measures are chart captions, series legends and
//! labels in a right-hand label area, and none of them is used here: the
//! title and the legend are laid out by this module and the axes have their
//! labels on the left and at the bottom. Every size this module needs comes
//! from a small approximate metric of a proportional sans-serif font
//! (`text_width` in `layout/text.rs`: full-width characters such as
//! Japanese are 1 em, Latin letters and digits about 0.6 em, narrow
//! punctuation less), which is enough to size label areas, thin tick labels
//! and wrap the legend. The
//! result is the same SVG natively and in the browser, with no DOM access
//! and no font file.

use std::fmt;

use crate::text::{Bilingual, Text};

mod bars;
mod fan;
mod histogram;
mod layout;
mod medians;
mod tilemap;
mod tornado;

pub use bars::{StackedBars, stacked_bars};
pub use fan::{FanChart, fan_chart};
pub use histogram::{Histogram, histogram};
pub use medians::{MAX_OVERLAID, MedianSeries, OverlaidMedians, overlaid_medians};
pub use tilemap::{
    LEGEND_STEPS, MIN_HALF_SPAN, NO_DATA, Scale, TOKYO_23_GRID, Tile, TileMap, VIRIDIS, colour_at,
    grid_position, tile_map,
};
pub use tornado::{TornadoChart, tornado_chart};

/// Errors drawing a chart (bad input or a backend failure) — never a panic.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartError {
    /// A series that must hold at least one value is empty.
    EmptyData {
        /// Which input is empty (e.g. `"p50"`, `"counts"`, `"series"`).
        what: &'static str,
    },
    /// Two inputs that must have matching lengths do not.
    LengthMismatch {
        /// Which input has the wrong length.
        what: &'static str,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// A value is NaN or infinite.
    NonFinite {
        /// Which input holds the value.
        what: &'static str,
        /// Its index in that input (0 for a single value).
        index: usize,
    },
    /// A value that must be ≥ 0 (a count, a share, a bar) is negative.
    Negative {
        /// Which input holds the value.
        what: &'static str,
        /// Its index in that input.
        index: usize,
    },
    /// Bin edges are not strictly increasing.
    NotIncreasing {
        /// Which input (`"edges"`).
        what: &'static str,
        /// The index of the first edge that is not above the one before it.
        index: usize,
    },
    /// Quantiles of a fan chart are not ordered p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95.
    QuantilesOutOfOrder {
        /// The index of the first point where they are not.
        index: usize,
    },
    /// More series than the chart can tell apart.
    TooManySeries {
        /// Series given.
        found: usize,
        /// Most the chart shows.
        max: usize,
    },
    /// The title is empty (every chart needs one: it is also the accessible name).
    MissingTitle,
    /// The values span more than an `f64` axis can hold (e.g. from -1e308 to 1e308).
    RangeOverflow {
        /// `"x"` or `"y"`.
        axis: &'static str,
    },
    /// The size is too small for the chart's text, or too large.
    BadSize {
        /// Requested width in px.
        width: u32,
        /// Requested height in px.
        height: u32,
    },
    /// A tile names a place that the tile map does not hold.
    UnknownPlace {
        /// The name given.
        name: String,
    },
    /// Two tiles name the same place.
    DuplicatePlace {
        /// The name given twice.
        name: String,
    },
    /// plotters reported a failure while drawing.
    Backend(String),
}

impl Bilingual for ChartError {
    fn text(&self) -> Text {
        match self {
            ChartError::EmptyData { what } => Text::new(
                format!("no data: {what} is empty"),
                format!("データがありません（{what}が空です）"),
            ),
            ChartError::LengthMismatch {
                what,
                expected,
                found,
            } => Text::new(
                format!("{what} has {found} values where {expected} are expected"),
                format!("{what}の値が{found}個ありますが、{expected}個必要です"),
            ),
            ChartError::NonFinite { what, index } => Text::new(
                format!("{what} has a value that is not finite (NaN or infinite) at index {index}"),
                format!("{what}の位置{index}の値が有限の数値ではありません（NaNまたは無限大）"),
            ),
            ChartError::Negative { what, index } => Text::new(
                format!("{what} has a negative value at index {index}"),
                format!("{what}の位置{index}の値が負です"),
            ),
            ChartError::NotIncreasing { what, index } => Text::new(
                format!("{what} are not strictly increasing at index {index}"),
                format!("{what}が位置{index}で増加していません"),
            ),
            ChartError::QuantilesOutOfOrder { index } => Text::new(
                format!("quantiles are not ordered (p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95) at index {index}"),
                format!("位置{index}で分位点の順序（p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95）が崩れています"),
            ),
            ChartError::TooManySeries { found, max } => Text::new(
                format!("{found} series given; the chart shows at most {max}"),
                format!("系列が{found}個あります。このグラフに表示できるのは{max}個までです"),
            ),
            ChartError::MissingTitle => {
                Text::new("the chart has no title", "グラフにタイトルがありません")
            }
            ChartError::RangeOverflow { axis } => Text::new(
                format!("the values on the {axis} axis span a range too large to draw"),
                format!("{axis}軸の値の範囲が広すぎて描けません"),
            ),
            ChartError::BadSize { width, height } => {
                let (min_width, min_height, max) = (Size::MIN_WIDTH, Size::MIN_HEIGHT, Size::MAX);
                Text::new(
                    format!(
                        "a chart of {width}×{height} px cannot be drawn (at least {min_width}×{min_height} with room for its legend, at most {max}×{max})"
                    ),
                    format!(
                        "{width}×{height} pxのグラフは描けません（凡例を含めて{min_width}×{min_height}以上、{max}×{max}以下）"
                    ),
                )
            }
            ChartError::UnknownPlace { name } => Text::new(
                format!(
                    "{name:?} is not on the tile map; it holds Tokyo's 23 special wards by their English names (Chiyoda, Chuo, Minato, …)"
                ),
                format!(
                    "{name:?}はタイルマップにありません。タイルマップには東京23区が英語名（Chiyoda, Chuo, Minato, …）で並んでいます"
                ),
            ),
            ChartError::DuplicatePlace { name } => Text::new(
                format!("{name:?} has more than one tile; give each ward once"),
                format!("{name:?}のタイルが2つ以上あります。各区は1回だけ指定してください"),
            ),
            ChartError::Backend(detail) => Text::new(
                format!("drawing failed: {detail}"),
                format!("描画に失敗しました（{detail}）"),
            ),
        }
    }
}

/// The English message.
impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for ChartError {}

/// Size of a chart in px.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Width in px.
    pub width: u32,
    /// Height in px.
    pub height: u32,
}

impl Size {
    /// Smallest accepted width in px.
    pub const MIN_WIDTH: u32 = 240;
    /// Smallest accepted height in px.
    pub const MIN_HEIGHT: u32 = 160;
    /// Largest accepted width or height in px.
    pub const MAX: u32 = 8192;
}

impl Default for Size {
    /// 720×360 px.
    fn default() -> Self {
        Size {
            width: 720,
            height: 360,
        }
    }
}

/// Text of a chart, already translated by the caller. It may contain any
/// characters (`<`, `&`, Japanese, …): it is escaped when written. Units
/// belong in the axis labels (e.g. `"費用（億円）"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels<'a> {
    /// Title above the chart; also the SVG's accessible name.
    pub title: &'a str,
    /// Label of the x axis (with its unit).
    pub x_label: &'a str,
    /// Label of the y axis (with its unit).
    pub y_label: &'a str,
}

/// The colour-blind-safe palette used for series (Okabe–Ito), in the order
/// series take it: blue, orange, bluish green, reddish purple, sky blue,
/// vermillion, yellow, black. Series past the eighth start again. Exposed so
/// that the app's tables and legends can match the charts.
pub const PALETTE: [(u8, u8, u8); 8] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
    (0, 0, 0),
];
