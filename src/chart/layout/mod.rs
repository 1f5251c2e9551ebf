//! What the charts share: text metric and cleaning (`text`), input checks
//! (`check`), axis ranges and ticks (`axis`), and the frame (title, legend,
//! axes) drawn around a plot (`frame`).

mod axis;
mod check;
mod frame;
mod text;

pub(crate) use axis::{Span, XAxis};
pub(crate) use check::{finite, finite_non_negative, non_empty, reference, same_len};
pub(crate) use frame::{
    Chart, Frame, LegendEntry, MARGIN, Swatch, backend, draw_title, finish, legend, palette,
    reference_line, render,
};
pub(crate) use text::{TEXT_PX, clean, fit, line_height, text_style};
