//! Amounts of money as budget planners type them: plain yen with or
//! without separators, full-width digits from a Japanese input method,
//! the units 千円, 万(円) and 億(円) (`7096万`, `1億2000万`, `1.5億`), and
//! changes to the amount already there (`+50%`, `-10%`, `×1.5`, `1.5倍`,
//! `+1000万`, `-500万`). [`parse_amount`] reads them; [`amount_hint`]
//! writes an amount back the way it was understood (`4億7,307万円`).

use std::fmt::Display;

use super::format::{decimals, group_thousands};
use super::{Lang, Text, fill};

/// The largest amount accepted: ¥1,000 trillion (1,000兆円), far above any
/// budget line, and well inside the whole yen that a float holds exactly.
pub const MAX_AMOUNT: f64 = 1e15;

/// Why a typed amount was refused, with what was typed.
#[derive(Clone, Debug, PartialEq)]
pub struct AmountError {
    /// What was typed, as typed.
    pub typed: String,
    /// What is wrong with it.
    pub kind: AmountErrorKind,
}

/// What is wrong with a typed amount.
#[derive(Clone, Debug, PartialEq)]
pub enum AmountErrorKind {
    /// Nothing was typed.
    Empty,
    /// Not an amount in any accepted form.
    Unreadable,
    /// A sign before a bare number (`-5`): amounts are 0 or more, and a
    /// change of the amount needs a unit or a percentage.
    Signed,
    /// A change that takes the amount below 0, to this many yen.
    BelowZero(f64),
    /// More than [`MAX_AMOUNT`].
    TooLarge,
}

/// The forms accepted, for the end of every message.
const FORMS_EN: &str =
    "type yen (e.g. 12,500,000), or 7096万, 2億, 1億2000万, or a change: +50%, -10%, ×1.5, +1000万";
const FORMS_JA: &str =
    "円の数値（例: 12,500,000）、「7096万」「2億」「+50%」「×1.5」の形で入力してください";

impl AmountError {
    /// The message for the user, naming the field (`field`, in both
    /// languages), what was typed and what is allowed.
    pub fn text(&self, field: &Text) -> Text {
        let (en, ja) = match &self.kind {
            AmountErrorKind::Empty => (
                "{field}: the amount is empty; {forms} (0 for none)",
                "{field}: 金額が空です。{forms}（なしの場合は 0）",
            ),
            AmountErrorKind::Unreadable => (
                "{field}: \"{typed}\" is not an amount; {forms}",
                "{field}: \"{typed}\" は金額として読めません。{forms}",
            ),
            AmountErrorKind::Signed => (
                "{field}: \"{typed}\": amounts are 0 or more; to change the amount there, \
                 give a unit or a percentage (+1000万, -500万, -10%)",
                "{field}: \"{typed}\" は使えません。金額は0以上です。今の額から増減する場合は\
                 「+1000万」「-500万」「-10%」のように単位か%を付けてください",
            ),
            AmountErrorKind::BelowZero(_) => (
                "{field}: \"{typed}\" would take the amount to {result} (below 0); amounts are 0 or more",
                "{field}: \"{typed}\" では金額が{result}と0未満になります。金額は0以上にしてください",
            ),
            AmountErrorKind::TooLarge => (
                "{field}: \"{typed}\" is too large; amounts are at most ¥1,000 trillion",
                "{field}: \"{typed}\" は大きすぎます。金額は1,000兆円までです",
            ),
        };
        let result = match self.kind {
            AmountErrorKind::BelowZero(yen) => yen,
            _ => 0.0,
        };
        let say = |template, lang, forms| {
            let result = amount_hint(lang, result);
            let values: [(&str, &dyn Display); 4] = [
                ("field", &field.get(lang)),
                ("typed", &self.typed),
                ("forms", &forms),
                ("result", &result),
            ];
            fill(template, &values)
        };
        Text::new(say(en, Lang::En, FORMS_EN), say(ja, Lang::Ja, FORMS_JA))
    }
}

/// The amount in yen that `text` gives, where `current` is the amount
/// there now (for a change such as `+50%`). The result is finite, 0 or
/// more and at most [`MAX_AMOUNT`].
///
/// Accepted: digits (full-width too) with `,` `_` or spaces between,
/// `¥`/`￥` before and `円` after; the units 千 (`500千円`), 万 and 億,
/// combined largest first (`1億2000万`, `5千万`), with decimals (`1.5億`);
/// a percentage of the amount (`150%`) or a change of it: `+50%`, `-10%`,
/// `×1.5` (also `*1.5`, `x1.5`, `1.5倍`), `+1000万`, `-500万円`. A sign
/// before a bare number (`-5`, `+5`) is refused: it would be a negative
/// amount, or a change of a few yen that is most likely a slip.
pub fn parse_amount(text: &str, current: f64) -> Result<f64, AmountError> {
    let fail = |kind| AmountError {
        typed: text.to_string(),
        kind,
    };
    let s = normalise(text);
    if s.is_empty() {
        return Err(fail(AmountErrorKind::Empty));
    }
    let mut chars = s.chars();
    let first = chars.next().unwrap_or(' ');
    let rest = chars.as_str();
    let (value, relative) = match first {
        '×' => (number(rest).map(|k| current * k), true),
        '+' | '-' => {
            let sign = if first == '-' { -1.0 } else { 1.0 };
            let change = if let Some(pct) = rest.strip_suffix('%') {
                number(pct).map(|p| current * p / 100.0)
            } else if rest.contains(['億', '万', '千', '円']) {
                money(rest)
            } else if number(rest).is_some() {
                return Err(fail(AmountErrorKind::Signed));
            } else {
                None
            };
            (change.map(|c| current + sign * c), true)
        }
        _ => {
            if let Some(k) = s.strip_suffix('倍') {
                (number(k).map(|k| current * k), true)
            } else if let Some(pct) = s.strip_suffix('%') {
                (number(pct).map(|p| current * p / 100.0), true)
            } else {
                (money(&s), false)
            }
        }
    };
    let Some(value) = value else {
        return Err(fail(AmountErrorKind::Unreadable));
    };
    if value.is_nan() {
        Err(fail(AmountErrorKind::Unreadable))
    } else if value > MAX_AMOUNT {
        Err(fail(AmountErrorKind::TooLarge))
    } else if value < 0.0 && relative {
        Err(fail(AmountErrorKind::BelowZero(value)))
    } else if value < 0.0 {
        Err(fail(AmountErrorKind::Signed))
    } else {
        // -0.0 (e.g. 0 × -1 is refused above, but -100% of 0) reads as 0.
        Ok(value.max(0.0))
    }
}

/// `text` with full-width characters as their ASCII forms (as Unicode's
/// NFKC does for digits and punctuation), the minus and times signs
/// unified (`-`, `×`), and separators, spaces and yen signs left out.
fn normalise(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            // Full-width ASCII (０-９, ．, ，, ＋, －, ％, ＊, ｘ …).
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .map(|c| match c {
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{FE63}' => '-',
            '\u{FE62}' => '+',
            '*' | 'x' | 'X' | '\u{2715}' | '\u{2716}' | '\u{00D7}' => '×',
            '、' => ',',
            '。' => '.',
            _ => c,
        })
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\t' | '¥' | '\u{FFE5}' | '\\'))
        .collect()
}

/// A plain decimal number: digits with at most one `.` (no sign, no
/// exponent, no `NaN` or `inf`).
fn number(t: &str) -> Option<f64> {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let dots = t.chars().filter(|c| *c == '.').count();
    if digits == 0 || dots > 1 || digits + dots != t.chars().count() {
        return None;
    }
    t.parse().ok()
}

/// An amount in yen with units, largest first: `1億2000万`, `4731万円`,
/// `500千円`, `5千万`, `12500000円`.
fn money(t: &str) -> Option<f64> {
    let t = t.strip_suffix('円').unwrap_or(t);
    let mut total = 0.0;
    let mut rest = t;
    let mut any = false;
    for (unit, size) in [('億', 1e8), ('万', 1e4)] {
        if let Some((before, after)) = rest.split_once(unit) {
            total += group(before)? * size;
            rest = after;
            any = true;
        }
    }
    if !rest.is_empty() {
        total += group(rest)?;
    } else if !any {
        return None;
    }
    Some(total)
}

/// A number below the next unit: `2000`, `1.5`, `5千`, `2千500`.
fn group(t: &str) -> Option<f64> {
    match t.split_once('千') {
        Some((thousands, rest)) => {
            let k = if thousands.is_empty() {
                1.0
            } else {
                number(thousands)?
            };
            let rest = if rest.is_empty() { 0.0 } else { number(rest)? };
            Some(k * 1e3 + rest)
        }
        None => number(t),
    }
}

/// An amount as it was understood, for the note under a cell:
/// `4億7,307万円` / `4,731万円` / `5,000円` in Japanese (to the nearest
/// 万円 above 1万円), `¥473.07 M` / `¥5,000` in English.
pub fn amount_hint(lang: Lang, yen: f64) -> String {
    if !yen.is_finite() {
        return "—".into();
    }
    let sign = if yen <= -0.5 { "−" } else { "" };
    let a = yen.abs();
    match lang {
        Lang::Ja if a >= 9_999.5 => {
            let man = (a / 1e4).round() as i64;
            let (oku, man) = (man / 10_000, man % 10_000);
            let oku = if oku > 0 {
                format!("{}億", group_thousands(oku))
            } else {
                String::new()
            };
            let man = if man > 0 {
                format!("{}万", group_thousands(man))
            } else {
                String::new()
            };
            format!("{sign}{oku}{man}円")
        }
        Lang::Ja => format!("{sign}{}円", group_thousands(a.round() as i64)),
        Lang::En if a >= 1e6 => format!("{sign}¥{} M", decimals(a / 1e6, 2)),
        Lang::En => format!("{sign}¥{}", group_thousands(a.round() as i64)),
    }
}

/// An amount for its input: whole yen with separators (`12,500,000`).
pub fn amount_input(yen: f64) -> String {
    if yen.is_finite() {
        group_thousands(yen.round() as i64)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> f64 {
        parse_amount(text, 47_307_431.0).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn kind(text: &str, current: f64) -> AmountErrorKind {
        match parse_amount(text, current) {
            Err(e) => {
                assert_eq!(e.typed, text);
                e.kind
            }
            Ok(x) => panic!("{text} was read as {x}"),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-6 * b.abs().max(1.0)
    }

    #[test]
    fn plain_yen_with_separators_and_yen_signs() {
        assert_eq!(ok("12500000"), 12_500_000.0);
        assert_eq!(ok("12,500,000"), 12_500_000.0);
        assert_eq!(ok("12_500_000"), 12_500_000.0);
        assert_eq!(ok(" 12 500 000 "), 12_500_000.0);
        assert_eq!(ok("¥12,500,000"), 12_500_000.0);
        assert_eq!(ok("￥12,500,000"), 12_500_000.0);
        assert_eq!(ok("12,500,000円"), 12_500_000.0);
        assert_eq!(ok("0"), 0.0);
        assert_eq!(ok("1234.5"), 1234.5);
        assert_eq!(ok(".5"), 0.5);
    }

    #[test]
    fn full_width_digits_and_punctuation() {
        assert_eq!(ok("１２３４５６７８"), 12_345_678.0);
        assert_eq!(ok("１２，５００，０００"), 12_500_000.0);
        assert_eq!(ok("１．５億"), 1.5e8);
        assert_eq!(ok("７０９６万円"), 70_960_000.0);
        assert_eq!(ok("\u{3000}２億\u{3000}"), 2e8);
        assert!(close(ok("＋５０％"), 47_307_431.0 * 1.5));
        assert!(close(ok("－１０％"), 47_307_431.0 * 0.9));
        assert!(close(ok("＊１．５"), 47_307_431.0 * 1.5));
        assert!(close(ok("ｘ２"), 47_307_431.0 * 2.0));
        assert_eq!(ok("１２、５００、０００"), 12_500_000.0);
    }

    #[test]
    fn units_man_oku_and_sen() {
        assert_eq!(ok("7096万"), 70_960_000.0);
        assert_eq!(ok("4731万円"), 47_310_000.0);
        assert_eq!(ok("2億"), 2e8);
        assert_eq!(ok("2億円"), 2e8);
        assert_eq!(ok("1.5億"), 1.5e8);
        assert_eq!(ok("1億2000万"), 1.2e8);
        assert_eq!(ok("1億2,000万円"), 1.2e8);
        assert_eq!(ok("1億2000万3456円"), 120_003_456.0);
        assert_eq!(ok("1億5"), 100_000_005.0);
        assert_eq!(ok("500千円"), 500_000.0);
        assert_eq!(ok("5千万"), 5e7);
        assert_eq!(ok("2千500"), 2_500.0);
        assert_eq!(ok("12.5万"), 125_000.0);
        assert_eq!(ok("0万"), 0.0);
    }

    #[test]
    fn changes_of_the_amount_there() {
        let now = 47_307_431.0;
        assert!(close(ok("+50%"), now * 1.5));
        assert!(close(ok("-10%"), now * 0.9));
        assert!(close(ok("150%"), now * 1.5));
        assert!(close(ok("×1.5"), now * 1.5));
        assert!(close(ok("*1.5"), now * 1.5));
        assert!(close(ok("x1.5"), now * 1.5));
        assert!(close(ok("X1.5"), now * 1.5));
        assert!(close(ok("1.5倍"), now * 1.5));
        assert!(close(ok("×0"), 0.0));
        assert_eq!(ok("+1000万"), now + 1e7);
        assert_eq!(ok("-500万"), now - 5e6);
        assert_eq!(ok("-500万円"), now - 5e6);
        assert_eq!(ok("+1億"), now + 1e8);
        assert_eq!(ok("+5000円"), now + 5000.0);
        assert_eq!(ok("-100%"), 0.0);
        assert_eq!(parse_amount("+50%", 0.0), Ok(0.0));
        assert_eq!(parse_amount("-100%", 0.0).map(f64::to_bits), Ok(0));
    }

    #[test]
    fn a_change_below_zero_is_refused_with_the_result() {
        assert_eq!(
            kind("-500万", 3e6),
            AmountErrorKind::BelowZero(-2_000_000.0)
        );
        assert!(matches!(kind("-150%", 1e6), AmountErrorKind::BelowZero(_)));
        assert!(matches!(kind("×-1", 1e6), AmountErrorKind::Unreadable));
        let e = parse_amount("-500万", 3e6).unwrap_err();
        let t = e.text(&Text::new(
            "Budget FY2025 Training",
            "予算 令和7年度 養成研修",
        ));
        assert!(
            t.en.contains("−¥2.00 M") && t.en.contains("below 0"),
            "{t:?}"
        );
        assert!(t.ja.contains("−200万円") && t.ja.contains("0未満"), "{t:?}");
    }

    #[test]
    fn negative_and_signed_bare_numbers_are_refused() {
        assert_eq!(kind("-5", 1e6), AmountErrorKind::Signed);
        assert_eq!(kind("－５", 1e6), AmountErrorKind::Signed);
        assert_eq!(kind("\u{2212}5,000", 1e6), AmountErrorKind::Signed);
        assert_eq!(kind("+5", 1e6), AmountErrorKind::Signed);
        let t = parse_amount("-5", 1e6).unwrap_err().text(&Text::new(
            "Budget FY2025 Training",
            "予算 令和7年度 養成研修",
        ));
        assert!(
            t.en.contains("\"-5\"") && t.en.contains("0 or more"),
            "{t:?}"
        );
        assert!(t.ja.contains("\"-5\"") && t.ja.contains("0以上"), "{t:?}");
    }

    #[test]
    fn text_that_is_no_amount_is_refused() {
        for text in [
            "abc", "NaN", "nan", "inf", "-inf", "infinity", "1e6", "1.2.3", "12a", "億", "万円",
            "円", "1億万", "5万1億", "+", "-", "×", "%", "+%", "1,5x", "++5", "--5万", "½",
        ] {
            assert_eq!(kind(text, 1e6), AmountErrorKind::Unreadable, "{text}");
        }
        assert_eq!(kind("", 1e6), AmountErrorKind::Empty);
        assert_eq!(kind("   ", 1e6), AmountErrorKind::Empty);
        assert_eq!(kind("\u{3000}", 1e6), AmountErrorKind::Empty);
        assert_eq!(kind(",,", 1e6), AmountErrorKind::Empty);
    }

    #[test]
    fn overflow_is_refused() {
        assert_eq!(kind(&"9".repeat(400), 1e6), AmountErrorKind::TooLarge);
        assert_eq!(kind("1e400", 1e6), AmountErrorKind::Unreadable);
        assert_eq!(kind("100000000億", 0.0), AmountErrorKind::TooLarge);
        assert_eq!(ok("100000億"), 1e13);
        assert_eq!(ok("10000000億"), 1e15);
        assert_eq!(kind("×1e300", 1e6), AmountErrorKind::Unreadable);
        assert_eq!(
            kind(&format!("×{}", "9".repeat(300)), 1e6),
            AmountErrorKind::TooLarge
        );
        assert_eq!(kind("+1000%", 1e15), AmountErrorKind::TooLarge);
        assert_eq!(kind("+50%", f64::INFINITY), AmountErrorKind::TooLarge);
        assert_eq!(kind("×0", f64::INFINITY), AmountErrorKind::Unreadable);
    }

    #[test]
    fn messages_name_the_field_the_text_and_the_forms() {
        let field = Text::new("Budget FY2025 Staff", "予算 令和7年度 専任職員");
        let t = parse_amount("abc", 0.0).unwrap_err().text(&field);
        assert_eq!(
            t.ja,
            "予算 令和7年度 専任職員: \"abc\" は金額として読めません。円の数値（例: 12,500,000）、\
             「7096万」「2億」「+50%」「×1.5」の形で入力してください"
        );
        assert!(t.en.starts_with("Budget FY2025 Staff: \"abc\" is not an amount"));
        assert!(t.en.contains("12,500,000") && t.en.contains("+50%"));
        let t = parse_amount("", 0.0).unwrap_err().text(&field);
        assert!(t.ja.contains("空") && t.en.contains("empty"));
        let t = parse_amount("1e400", 0.0).unwrap_err().text(&field);
        assert!(t.en.contains("\"1e400\""));
        let t = parse_amount(&"9".repeat(20), 0.0).unwrap_err().text(&field);
        assert!(t.ja.contains("1,000兆円") && t.en.contains("trillion"));
    }

    #[test]
    fn hints_say_how_the_amount_was_read() {
        assert_eq!(amount_hint(Lang::Ja, 473_074_310.0), "4億7,307万円");
        assert_eq!(amount_hint(Lang::Ja, 47_307_431.0), "4,731万円");
        assert_eq!(amount_hint(Lang::Ja, 127_500_000.0), "1億2,750万円");
        assert_eq!(amount_hint(Lang::Ja, 2e8), "2億円");
        assert_eq!(amount_hint(Lang::Ja, 1.28e12), "12,800億円");
        assert_eq!(amount_hint(Lang::Ja, 9_999.0), "9,999円");
        assert_eq!(amount_hint(Lang::Ja, 9_999.6), "1万円");
        assert_eq!(amount_hint(Lang::Ja, 199_999_999.0), "2億円");
        assert_eq!(amount_hint(Lang::Ja, 0.0), "0円");
        assert_eq!(amount_hint(Lang::Ja, -2e6), "−200万円");
        assert_eq!(amount_hint(Lang::En, 473_074_310.0), "¥473.07 M");
        assert_eq!(amount_hint(Lang::En, 5_000.0), "¥5,000");
        assert_eq!(amount_hint(Lang::En, f64::NAN), "—");
        assert_eq!(amount_input(127_500_000.0), "127,500,000");
        assert_eq!(amount_input(47_307_431.4), "47,307,431");
        assert_eq!(amount_input(0.0), "0");
        assert_eq!(amount_input(f64::NAN), "");
    }

    #[test]
    fn what_the_input_shows_reads_back_as_the_same_amount() {
        for yen in [0.0, 5.0, 12_345.0, 47_307_431.0, 127_500_000.0, 1e15] {
            assert_eq!(parse_amount(&amount_input(yen), 1.0), Ok(yen));
        }
    }
}
