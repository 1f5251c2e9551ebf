//! Numbers as people read them: money in 万円/億円 (Japanese) or ¥ millions
//! (English), whole numbers with separators, shares as percentages, and
//! fiscal years as 令和7年度 or FY2025.

use super::i18n::Lang;
use crate::sim::report::{fy_label_ja, group_thousands};

/// Yen for reading: 12.8億円 / 3,400万円 (Japanese), ¥1,280.0 m (English).
pub fn money(lang: Lang, yen: f64) -> String {
    if !yen.is_finite() {
        return "—".into();
    }
    let sign = if yen < 0.0 { "−" } else { "" };
    let a = yen.abs();
    match lang {
        Lang::Ja => {
            if a >= 1e8 {
                format!("{sign}{}億円", decimals(a / 1e8, 2))
            } else if a >= 1e4 {
                format!("{sign}{}万円", group_thousands((a / 1e4).round() as i64))
            } else {
                format!("{sign}{}円", group_thousands(a.round() as i64))
            }
        }
        Lang::En => {
            if a >= 1e6 {
                format!("{sign}¥{} m", decimals(a / 1e6, 1))
            } else {
                format!("{sign}¥{}", group_thousands(a.round() as i64))
            }
        }
    }
}

/// Short money for chart axes: 12億 / 3,400万 (Japanese), ¥1,280m (English).
pub fn money_axis(lang: Lang, yen: f64) -> String {
    if !yen.is_finite() {
        return String::new();
    }
    match lang {
        Lang::Ja if yen.abs() >= 1e8 => format!("{}億", decimals(yen / 1e8, 1)),
        Lang::Ja => format!("{}万", group_thousands((yen / 1e4).round() as i64)),
        Lang::En => format!("¥{}m", group_thousands((yen / 1e6).round() as i64)),
    }
}

/// `x` with `places` decimals and thousands separators in the whole part.
pub fn decimals(x: f64, places: usize) -> String {
    let text = format!("{:.*}", places, x.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{}", group_thousands(whole))
    } else {
        format!("{sign}{}.{frac}", group_thousands(whole))
    }
}

/// A whole number with separators: 42,600.
pub fn count(x: f64) -> String {
    if x.is_finite() {
        group_thousands(x.round() as i64)
    } else {
        "—".into()
    }
}

/// A share as a percentage: 0.853 → "85.3 %".
pub fn percent(x: f64, places: usize) -> String {
    if x.is_finite() {
        format!("{} %", decimals(x * 100.0, places))
    } else {
        "—".into()
    }
}

/// "+" before a figure that shows as positive with `places` decimals.
pub fn plus(x: f64, places: usize) -> &'static str {
    if x > 0.0
        && decimals(x, places)
            .chars()
            .any(|c| ('1'..='9').contains(&c))
    {
        "+"
    } else {
        ""
    }
}

/// A difference of shares in percentage points, signed: 0.123 → "+12.3 pt"
/// (ポイント in Japanese).
pub fn signed_points(lang: Lang, x: f64, places: usize) -> String {
    let unit = if lang == Lang::Ja {
        "ポイント"
    } else {
        " pt"
    };
    format!(
        "{}{}{unit}",
        plus(x * 100.0, places),
        decimals(x * 100.0, places)
    )
}

/// A fiscal year: 令和7年度 or FY2025.
pub fn fiscal_year(lang: Lang, fy: i32) -> String {
    match lang {
        Lang::Ja => fy_label_ja(fy),
        Lang::En => format!("FY{fy}"),
    }
}

/// The end of the horizon in words: 2030年3月 / March 2030.
pub fn horizon_end(lang: Lang, first_fy: i32, fiscal_years: usize) -> String {
    let year = first_fy + fiscal_years as i32;
    match lang {
        Lang::Ja => format!("{year}年3月"),
        Lang::En => format!("March {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(Lang::Ja, 1.28e9), "12.80億円");
        assert_eq!(money(Lang::Ja, 34_000_000.0), "3,400万円");
        assert_eq!(money(Lang::Ja, 9_999.0), "9,999円");
        assert_eq!(money(Lang::En, 1.28e9), "¥1,280.0 m");
        assert_eq!(money(Lang::En, -2_500_000.0), "−¥2.5 m");
        assert_eq!(money(Lang::En, f64::NAN), "—");
        assert_eq!(money_axis(Lang::Ja, 2.5e8), "2.5億");
        assert_eq!(money_axis(Lang::En, 2.5e8), "¥250m");
    }

    #[test]
    fn numbers_and_years() {
        assert_eq!(decimals(1234.5678, 2), "1,234.57");
        assert_eq!(decimals(-0.001, 1), "0.0");
        assert_eq!(count(42_600.4), "42,600");
        assert_eq!(percent(0.8534, 1), "85.3 %");
        assert_eq!(fiscal_year(Lang::En, 2025), "FY2025");
        assert_eq!(fiscal_year(Lang::Ja, 2025), "令和7年度");
        assert_eq!(horizon_end(Lang::En, 2025, 5), "March 2030");
        assert_eq!(horizon_end(Lang::Ja, 2025, 5), "2030年3月");
    }
}
