//! Tile map of Tokyo's 23 special wards: one square tile per ward in a fixed
//! grid that approximates the wards' geography, coloured by a per-ward
//! measure on a colour-blind-safe sequential palette (viridis), with the
//! ward's name and value in the tile and a legend with the measure, its unit
//! and the scale's range.
//!
//! # The scale cannot exaggerate
//!
//! The colour scale is centred on the mean of the values and spans at least
//! ±[`MIN_HALF_SPAN`] (25 %) of the mean, wider only when the values spread
//! further; a measure that cannot be negative starts at 0 at the lowest. A
//! tile's colour is interpolated along the palette, so wards 3 % apart get
//! nearly the same colour instead of the palette's two ends. The legend shows
//! five steps of the scale, from its lowest to its highest value.
//!
//! # The grid
//!
//! Seven columns (west → east) and five rows (north → south), placed from the
//! wards' ward-office positions and their neighbours, squeezed so that
//! neighbouring wards stay next to each other where a grid allows:
//!
//! ```text
//!          col 0     col 1     col 2     col 3     col 4     col 5       col 6
//! row 0              Nerima    Itabashi  Kita      Arakawa   Adachi      Katsushika
//! row 1    Suginami  Nakano    Toshima   Bunkyo    Taito     Sumida      Edogawa
//! row 2    Setagaya  Shibuya   Shinjuku  Chiyoda   Chuo      Koto
//! row 3              Meguro    Shinagawa Minato
//! row 4                        Ota
//! ```
//!
//! Wards are found by their English names as in the `tokyo-23` data set
//! ([`TOKYO_23_GRID`]); the text shown in a tile is the caller's (Japanese or
//! English).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{self, LegendEntry, Swatch};
use super::{ChartError, Size};

/// Each ward's tile: (English name, row from the north, column from the
/// west). See the module documentation for the picture.
pub const TOKYO_23_GRID: [(&str, u32, u32); 23] = [
    ("Nerima", 0, 1),
    ("Itabashi", 0, 2),
    ("Kita", 0, 3),
    ("Arakawa", 0, 4),
    ("Adachi", 0, 5),
    ("Katsushika", 0, 6),
    ("Suginami", 1, 0),
    ("Nakano", 1, 1),
    ("Toshima", 1, 2),
    ("Bunkyo", 1, 3),
    ("Taito", 1, 4),
    ("Sumida", 1, 5),
    ("Edogawa", 1, 6),
    ("Setagaya", 2, 0),
    ("Shibuya", 2, 1),
    ("Shinjuku", 2, 2),
    ("Chiyoda", 2, 3),
    ("Chuo", 2, 4),
    ("Koto", 2, 5),
    ("Meguro", 3, 1),
    ("Shinagawa", 3, 2),
    ("Minato", 3, 3),
    ("Ota", 4, 2),
];

/// Rows and columns of the grid.
const GRID: (u32, u32) = (5, 7);

/// The sequential palette, low to high: nine stops of viridis (perceptually
/// uniform, readable with colour-vision deficiencies and in greyscale);
/// colours between stops are interpolated ([`colour_at`]).
pub const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// Steps of the legend.
pub const LEGEND_STEPS: usize = 5;

/// The scale spans at least this share of the mean on either side of it.
pub const MIN_HALF_SPAN: f64 = 0.25;

/// The palette's colour at `t` (0 = lowest, 1 = highest; clamped).
pub fn colour_at(t: f64) -> (u8, u8, u8) {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether text on `c` should be black (a light colour) rather than white.
fn is_light((r, g, b): (u8, u8, u8)) -> bool {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    // Black text wins contrast over white above this luminance.
    l > 0.179
}

/// Colour of a tile without a value.
pub const NO_DATA: (u8, u8, u8) = (204, 204, 204);

/// Gap between tiles, px.
const GAP: i32 = 4;
/// Font size of the text in a tile, px.
const TILE_PX: f64 = 11.0;

/// The tile position (row, column) of a ward by its English name.
pub fn grid_position(ward: &str) -> Option<(u32, u32)> {
    TOKYO_23_GRID
        .iter()
        .find(|(name, _, _)| *name == ward)
        .map(|(_, row, col)| (*row, *col))
}

/// One ward's tile.
#[derive(Clone, Copy, Debug)]
pub struct Tile<'a> {
    /// The ward's English name as in `tokyo-23` (finds its place).
    pub ward: &'a str,
    /// Text shown in the tile (e.g. `千代田区`).
    pub label: &'a str,
    /// The measure, or `None` when the ward has none (drawn grey).
    pub value: Option<f64>,
}

/// A tile map of the 23 wards.
#[derive(Clone, Copy)]
pub struct TileMap<'a> {
    /// Title above the map; also the SVG's accessible name.
    pub title: &'a str,
    /// The measure with its unit, shown before the legend (e.g.
    /// `"参加者一人当たり支援額（円／年度）"`).
    pub legend_title: &'a str,
    /// Legend text of tiles without a value (e.g. `"データなし"`).
    pub no_data: &'a str,
    /// The tiles, at most one per ward; wards left out are not drawn.
    pub tiles: &'a [Tile<'a>],
    /// Text of a value (in tiles and the legend's class bounds).
    pub value_format: &'a dyn Fn(f64) -> String,
    /// Size of the chart.
    pub size: Size,
    /// A map for a slide: no title above it (the slide has its own; the
    /// title stays the accessible name), the measure and legend in the
    /// grid's empty south-east corner at the tiles' scale, and tiles as wide
    /// as the room allows, up to 2.5 times their height, so that names fit
    /// in a wide, low map that can be shown large.
    pub bare: bool,
}

/// Checks the tiles: at least one, each ward on the grid once, values finite.
fn check(m: &TileMap<'_>) -> Result<(), ChartError> {
    layout::non_empty("tiles", m.tiles)?;
    for (i, t) in m.tiles.iter().enumerate() {
        if grid_position(t.ward).is_none() {
            return Err(ChartError::UnknownPlace {
                name: t.ward.to_string(),
            });
        }
        if m.tiles[..i].iter().any(|o| o.ward == t.ward) {
            return Err(ChartError::DuplicatePlace {
                name: t.ward.to_string(),
            });
        }
        if t.value.is_some_and(|v| !v.is_finite()) {
            return Err(ChartError::NonFinite {
                what: "tile values",
                index: i,
            });
        }
    }
    Ok(())
}

/// The colour scale of the values: `lo` to `hi`, centred on their mean and
/// at least ±[`MIN_HALF_SPAN`] of the mean wide (see the module
/// documentation). `None` without values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// The value at the palette's low end.
    pub lo: f64,
    /// The value at the palette's high end (equal to `lo` when every value
    /// is 0: one colour).
    pub hi: f64,
}

impl Scale {
    /// The scale of `values`.
    pub fn of(values: impl Iterator<Item = f64>) -> Option<Self> {
        let (mut n, mut sum, mut min, mut max) = (0usize, 0.0, f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite()) {
            n += 1;
            sum += v;
            min = min.min(v);
            max = max.max(v);
        }
        if n == 0 {
            return None;
        }
        let mean = sum / n as f64;
        let half = (max - mean).max(mean - min).max(mean.abs() * MIN_HALF_SPAN);
        if !(half.is_finite() && half > 0.0) {
            return Some(Scale { lo: mean, hi: mean });
        }
        // A measure that is never negative is not drawn below 0.
        let lo = if min >= 0.0 {
            (mean - half).max(0.0)
        } else {
            mean - half
        };
        Some(Scale {
            lo,
            hi: mean + half,
        })
    }

    /// Where `v` lies on the palette, 0–1 (the middle for a one-colour scale).
    pub fn position(&self, v: f64) -> f64 {
        if self.hi > self.lo {
            ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0)
        } else {
            0.5
        }
    }

    /// The colour of `v`.
    pub fn colour(&self, v: f64) -> (u8, u8, u8) {
        colour_at(self.position(v))
    }

    /// The value at the boundary `k` of the legend's steps (0 = `lo`,
    /// [`LEGEND_STEPS`] = `hi`).
    fn bound(&self, k: usize) -> f64 {
        self.lo + (self.hi - self.lo) * k as f64 / LEGEND_STEPS as f64
    }
}

/// The legend of `scale`: five steps from its lowest to its highest value,
/// each as "lo–hi" written by `format` and in the colour of its middle (one
/// step for a one-colour scale, none without values).
fn legend_steps(
    scale: Option<&Scale>,
    format: &dyn Fn(f64) -> String,
) -> Vec<(String, (u8, u8, u8))> {
    match scale {
        Some(s) if s.hi > s.lo => (0..LEGEND_STEPS)
            .map(|k| {
                let text = format!("{}–{}", format(s.bound(k)), format(s.bound(k + 1)));
                (text, colour_at((k as f64 + 0.5) / LEGEND_STEPS as f64))
            })
            .collect(),
        Some(s) => vec![(format(s.lo), colour_at(0.5))],
        None => vec![],
    }
}

/// The measure's name and the legend below it, centred in `width` from
/// `top`; returns the y below them.
fn draw_key(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    legend_title: &str,
    legend: &[LegendEntry<'_>],
    mut top: i32,
    width: i32,
) -> Result<i32, ChartError> {
    if !legend_title.trim().is_empty() {
        let room = f64::from(width);
        let text = layout::fit(legend_title, layout::TEXT_PX, room);
        let style = layout::text_style(layout::TEXT_PX).pos(Pos::new(HPos::Center, VPos::Top));
        area.draw(&Text::new(text, (width / 2, top + 2), style))
            .map_err(layout::backend)?;
        top += layout::line_height(layout::TEXT_PX).ceil() as i32 + 2;
    }
    layout::legend(area, legend, top + 2, width, true)
}

fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// Draws the tile map as a standalone SVG document.
pub fn tile_map(m: &TileMap<'_>) -> Result<String, ChartError> {
    check(m)?;
    let Size { width, height } = m.size;
    let bad_size = ChartError::BadSize { width, height };
    if !(Size::MIN_WIDTH..=Size::MAX).contains(&width)
        || !(Size::MIN_HEIGHT..=Size::MAX).contains(&height)
    {
        return Err(bad_size);
    }
    let title = layout::clean(m.title);
    if title.trim().is_empty() {
        return Err(ChartError::MissingTitle);
    }
    let scale = Scale::of(m.tiles.iter().filter_map(|t| t.value));
    let format = |v: f64| layout::clean(&(m.value_format)(v)).into_owned();
    let steps = legend_steps(scale.as_ref(), &format);
    let mut legend: Vec<LegendEntry> = steps
        .iter()
        .map(|(text, colour)| LegendEntry {
            swatch: Swatch::Fill(rgb(*colour).to_rgba()),
            text,
        })
        .collect();
    if m.tiles.iter().any(|t| t.value.is_none()) {
        legend.push(LegendEntry {
            swatch: Swatch::Fill(rgb(NO_DATA).to_rgba()),
            text: m.no_data,
        });
    }
    let (w, h) = (width as i32, height as i32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(layout::backend)?;
        // A bare map keeps a thin margin: its page has its own.
        let margin = if m.bare { 2 } else { layout::MARGIN };
        let mut top = margin;
        let legend_title = layout::clean(m.legend_title);
        if !m.bare {
            top = layout::draw_title(&root, &title, w)?;
            top = draw_key(&root, &legend_title, &legend, top, w)? + 8;
        }

        let (rows, cols) = GRID;
        let room_w = w - 2 * margin;
        let room_h = h - top - margin;
        let tile_h = (room_h + GAP) / rows as i32 - GAP;
        let tile_w = (room_w + GAP) / cols as i32 - GAP;
        let (tile_w, tile) = if m.bare {
            (tile_w.min(5 * tile_h / 2), tile_h.min(tile_w))
        } else {
            let side = tile_w.min(tile_h);
            (side, side)
        };
        if tile < 24 {
            return Err(bad_size);
        }
        let grid_w = cols as i32 * (tile_w + GAP) - GAP;
        let left = (w - grid_w) / 2;
        let text_room = f64::from(tile_w - 4);
        let px = if m.bare {
            TILE_PX.min(f64::from(tile - 4) / 2.4)
        } else {
            TILE_PX.min(f64::from(tile) / 3.2)
        };
        for t in m.tiles {
            let Some((row, col)) = grid_position(t.ward) else {
                continue;
            };
            let x = left + col as i32 * (tile_w + GAP);
            let y = top + row as i32 * (tile + GAP);
            let fill = match (t.value, &scale) {
                (Some(v), Some(s)) => s.colour(v),
                _ => NO_DATA,
            };
            let light = is_light(fill);
            root.draw(&Rectangle::new(
                [(x, y), (x + tile_w, y + tile)],
                rgb(fill).filled(),
            ))
            .map_err(layout::backend)?;
            let ink = if light { BLACK } else { WHITE };
            let label = layout::fit(&layout::clean(t.label), px, text_room);
            let style = layout::text_style(px)
                .color(&ink)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let cx = x + tile_w / 2;
            let line = layout::line_height(px).ceil() as i32;
            root.draw(&Text::new(
                label,
                (cx, y + tile / 2 - line / 2),
                style.clone(),
            ))
            .map_err(layout::backend)?;
            let value = t.value.map(format).unwrap_or_else(|| "–".to_string());
            let value = layout::fit(&value, px, text_room);
            root.draw(&Text::new(value, (cx, y + tile / 2 + line / 2 + 1), style))
                .map_err(layout::backend)?;
        }
        if m.bare {
            // The measure and legend in the grid's empty south-east corner
            // (rows 3–4, columns 4–6), drawn at the tiles' scale.
            let (row, col) = (3, 4);
            let x = left + col * (tile_w + GAP);
            let y = top + row * (tile + GAP);
            let corner = root.clone().shrink(
                (x, y),
                (
                    ((cols as i32 - col) * (tile_w + GAP) - GAP) as u32,
                    ((rows as i32 - row) * (tile + GAP) - GAP) as u32,
                ),
            );
            let corner_w = (cols as i32 - col) * (tile_w + GAP) - GAP;
            draw_key(&corner, &legend_title, &legend, 0, corner_w)?;
        }
        root.present().map_err(layout::backend)?;
    }
    layout::finish(svg, &title)
}
