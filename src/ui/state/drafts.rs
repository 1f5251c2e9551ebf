//! What was typed into a money cell and not accepted, kept as typed with
//! the message about it, so that the cell goes on showing it (and the
//! user can correct it) instead of snapping back to the old amount. A
//! draft goes when its cell gets a valid amount or the workspace is
//! replaced.

use crate::scenario::Text;

/// Text typed into a cell and refused, with why.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// What was typed.
    pub text: String,
    /// Why it was refused: the field, the text and what is allowed.
    pub message: Text,
}

/// The drafts of the money cells, by cell key (see [`cell_key`]); a few
/// at a time, so a list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drafts(Vec<(String, Draft)>);

impl Drafts {
    /// The draft of cell `key`, if it has one.
    pub fn get(&self, key: &str) -> Option<&Draft> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, d)| d)
    }

    /// Keep `draft` for cell `key`.
    pub fn keep(&mut self, key: String, draft: Draft) {
        self.clear(&key);
        self.0.push((key, draft));
    }

    /// Forget the draft of cell `key` (it now holds a valid amount).
    pub fn clear(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    /// Forget every draft (the workspace was replaced).
    pub fn clear_all(&mut self) {
        self.0.clear();
    }

    /// Whether no cell has a draft.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The key of a money cell, which is also the start of the ids of its
/// elements: the parts joined with `-`, each part with anything but ASCII
/// letters and digits as `_` (`line-2025-training`,
/// `ward-Chiyoda-2025-staff`, `total`).
pub fn cell_key(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_kept_until_cleared() {
        let mut d = Drafts::default();
        let draft = Draft {
            text: "abc".into(),
            message: Text::new("no", "だめ"),
        };
        d.keep(cell_key(&["line", "2025", "training"]), draft.clone());
        assert_eq!(d.get("line-2025-training"), Some(&draft));
        d.clear("line-2025-training");
        assert!(d.is_empty());
        d.keep("total".into(), draft);
        d.clear_all();
        assert!(d.get("total").is_none());
        assert_eq!(
            cell_key(&["ward", "Minato ku", "2025"]),
            "ward-Minato_ku-2025"
        );
    }
}
