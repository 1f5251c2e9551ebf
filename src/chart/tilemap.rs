//! Tile map of Tokyo's 23 special wards: one square tile per ward in a fixed
//! grid that approximates the wards' geography, coloured by a per-ward
//! measure in five equal-interval classes of a colour-blind-safe sequential
//! palette (viridis), with the ward's name and value in the tile and a
//! legend with the measure and its unit.
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

/// The sequential palette of the classes, low to high: five steps of
/// viridis (perceptually uniform, readable with colour-vision deficiencies
/// and in greyscale).
pub const SEQUENTIAL: [(u8, u8, u8); 5] = [
    (68, 1, 84),
    (59, 82, 139),
    (33, 145, 140),
    (94, 201, 98),
    (253, 231, 37),
];

/// Colour of a tile without a value.
pub const NO_DATA: (u8, u8, u8) = (204, 204, 204);

/// Classes at and above this index are light: their text is black.
const FIRST_LIGHT_CLASS: usize = 3;
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

/// Equal-interval classes between the smallest and the largest value.
struct Classes {
    lo: f64,
    hi: f64,
    count: usize,
}

impl Classes {
    fn of(values: impl Iterator<Item = f64>) -> Option<Self> {
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if !lo.is_finite() {
            return None;
        }
        let width = hi - lo;
        // One class when every value is equal (or the span overflows).
        let count = if width.is_finite() && width > hi.abs().max(lo.abs()) * 1e-12 {
            SEQUENTIAL.len()
        } else {
            1
        };
        Some(Classes { lo, hi, count })
    }

    fn index(&self, v: f64) -> usize {
        if self.count == 1 {
            return 0;
        }
        let k = ((v - self.lo) / (self.hi - self.lo) * self.count as f64).floor();
        (k.max(0.0) as usize).min(self.count - 1)
    }

    fn bound(&self, k: usize) -> f64 {
        self.lo + (self.hi - self.lo) * k as f64 / self.count as f64
    }

    /// Palette index of class `k`: spread over the palette when fewer classes.
    fn colour(&self, k: usize) -> usize {
        if self.count == 1 {
            SEQUENTIAL.len() / 2
        } else {
            k
        }
    }
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
    let classes = Classes::of(m.tiles.iter().filter_map(|t| t.value));
    let format = |v: f64| layout::clean(&(m.value_format)(v)).into_owned();
    let class_text: Vec<String> = match &classes {
        Some(c) if c.count > 1 => (0..c.count)
            .map(|k| format!("{}–{}", format(c.bound(k)), format(c.bound(k + 1))))
            .collect(),
        Some(c) => vec![format(c.lo)],
        None => vec![],
    };
    let mut legend: Vec<LegendEntry> = class_text
        .iter()
        .enumerate()
        .map(|(k, text)| LegendEntry {
            swatch: Swatch::Fill(
                rgb(SEQUENTIAL[classes.as_ref().map_or(k, |c| c.colour(k))]).to_rgba(),
            ),
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
        let mut top = layout::draw_title(&root, &title, w)?;
        let legend_title = layout::clean(m.legend_title);
        if !legend_title.trim().is_empty() {
            let room = f64::from(w - 2 * layout::MARGIN);
            let text = layout::fit(&legend_title, layout::TEXT_PX, room);
            let style = layout::text_style(layout::TEXT_PX).pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(text, (w / 2, top + 2), style))
                .map_err(layout::backend)?;
            top += layout::line_height(layout::TEXT_PX).ceil() as i32 + 2;
        }
        top = layout::legend(&root, &legend, top + 2, w, true)? + 8;

        let (rows, cols) = GRID;
        let room_w = w - 2 * layout::MARGIN;
        let room_h = h - top - layout::MARGIN;
        let tile = ((room_w + GAP) / cols as i32).min((room_h + GAP) / rows as i32) - GAP;
        if tile < 24 {
            return Err(bad_size);
        }
        let grid_w = cols as i32 * (tile + GAP) - GAP;
        let left = (w - grid_w) / 2;
        let text_room = f64::from(tile - 4);
        let px = TILE_PX.min(f64::from(tile) / 3.2);
        for t in m.tiles {
            let Some((row, col)) = grid_position(t.ward) else {
                continue;
            };
            let x = left + col as i32 * (tile + GAP);
            let y = top + row as i32 * (tile + GAP);
            let (fill, light) = match (t.value, &classes) {
                (Some(v), Some(c)) => {
                    let k = c.colour(c.index(v));
                    (SEQUENTIAL[k], k >= FIRST_LIGHT_CLASS)
                }
                _ => (NO_DATA, true),
            };
            root.draw(&Rectangle::new(
                [(x, y), (x + tile, y + tile)],
                rgb(fill).filled(),
            ))
            .map_err(layout::backend)?;
            let ink = if light { BLACK } else { WHITE };
            let label = layout::fit(&layout::clean(t.label), px, text_room);
            let style = layout::text_style(px)
                .color(&ink)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let cx = x + tile / 2;
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
        root.present().map_err(layout::backend)?;
    }
    layout::finish(svg, &title)
}
