//! What the message tests (`error_messages.rs`, `warning_messages.rs`)
//! share: the stored English of a corpus and what a message names.

use std::path::PathBuf;

/// `tests/data/<name>`, where a corpus keeps its English.
pub fn stored_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Checks that `now` equals the English stored in `tests/data/<name>`, line
/// by line first (so that a failure shows the first line that changed).
/// With `SASAEAI_BLESS` set, `now` is stored first: after a deliberate
/// change of wording.
pub fn assert_stored_english(name: &str, now: &str) {
    let path = stored_path(name);
    if std::env::var_os("SASAEAI_BLESS").is_some() {
        std::fs::write(&path, now).expect("write the stored messages");
    }
    let stored =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (a, b) in stored.lines().zip(now.lines()) {
        assert_eq!(a, b);
    }
    assert_eq!(stored, now);
}

/// Whether `s` holds Japanese (kana or kanji).
pub fn japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// The numbers of `s` as written (`21`, `1,000,000`, `-0.05`, `1e-9`,
/// `0.5,1000000`, `¥9,270,000`'s `9,270,000`): whatever limit or value a
/// message names.
pub fn numbers(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let negative =
                i > 0 && chars[i - 1] == '-' && (i == 1 || !chars[i - 2].is_ascii_alphanumeric());
            let start = if negative { i - 1 } else { i };
            let mut end = i;
            while end < chars.len()
                && (chars[end].is_ascii_digit() || matches!(chars[end], '.' | ',' | 'e' | '-'))
            {
                end += 1;
            }
            while !chars[end - 1].is_ascii_digit() {
                end -= 1;
            }
            out.push(chars[start..end].iter().collect());
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Field names and keys of `s` (words with `_`), and what it quotes
/// (`"per_unit"`, `'wobbly'`, `')'`).
pub fn names(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']')))
        .filter(|w| w.contains('_'))
        .map(|w| w.trim_end_matches('.').to_string())
        .collect();
    let chars: Vec<char> = s.chars().collect();
    for quote in ['"', '\''] {
        let mut i = 0;
        while i < chars.len() {
            // An opening quote, not an apostrophe inside a word.
            if chars[i] == quote
                && (i == 0 || !chars[i - 1].is_alphanumeric())
                && let Some(len) = chars[i + 1..].iter().position(|c| *c == quote)
            {
                out.push(chars[i..=i + 1 + len].iter().collect());
                i += len + 2;
                continue;
            }
            i += 1;
        }
    }
    out
}
