//! What the engine says when a file is wrong, in English and in Japanese.
//!
//! Every error of a scenario or ward file is a [`Problem`]: one variant per
//! kind of error, holding what the message names (the allowed range, the
//! type expected, the names allowed, …). A problem's
//! [`Bilingual::text`] gives its English (the text the command-line tool
//! prints and keeps in [`super::FieldError::message`]) and its Japanese
//! (for the browser app) side by side. Fixed wording lives in [`Phrase`], a
//! catalogue with both translations side by side so that one cannot exist
//! without the other. The value found is a [`Shown`]: as written, or
//! described (`a table`).
//!
//! Nothing here depends on the interface: the app picks the language.

mod examples;
mod phrase;
mod problem;
mod shown;

pub use crate::text::{Bilingual, Text};
pub use examples::examples;
pub use phrase::Phrase;
pub use problem::Problem;
pub use shown::Shown;
