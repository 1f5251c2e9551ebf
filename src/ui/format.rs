//! Numbers as people read them: the crate's one formatter
//! ([`crate::text::format`]), re-exported for the components.

pub use crate::text::format::*;
