//! Text in the charts: the font, its sizes, an approximate width metric
//! (no font is measured, so the SVG is the same natively and in the
//! browser), and text made safe for XML and cut to fit.

use std::borrow::Cow;

use plotters::prelude::*;

/// Generic font family: browsers map it to a font that covers Japanese.
const FONT: &str = "sans-serif";
/// Font size of the title, px.
pub(super) const TITLE_PX: f64 = 16.0;
/// Font sizes a long title is shrunk through before it is cut, px.
pub(super) const TITLE_SIZES: [f64; 4] = [TITLE_PX, 14.0, 12.0, 11.0];
/// Font size of tick labels and legend text, px.
pub(crate) const TEXT_PX: f64 = 12.0;
/// Font size of axis labels, px.
pub(super) const DESC_PX: f64 = 14.0;

/// plotters' SVG backend writes `font-size` as the style's size divided by
/// 1.24; this is the inverse, so that sizes here are the px written.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// Colour of the axes and tick labels.
pub(super) const INK: RGBColor = RGBColor(51, 51, 51);

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

/// The style of chart text at `px`.
pub(crate) fn text_style(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, plotters_size(px)).into_font()).color(&INK)
}

/// The style of the title at `px`: bold, black.
pub(super) fn title_style(px: f64) -> TextStyle<'static> {
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
pub(super) fn escape(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
