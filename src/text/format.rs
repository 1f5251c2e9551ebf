//! How numbers are written for people, in one place for the command-line
//! tool, the app and the printed report: whole numbers with separators,
//! figures rounded to hide the last bit of floating point, money in
//! 万円/億円 (Japanese) or ¥ millions (English), shares as percentages, and
//! fiscal years as 令和7年度 or FY2025.

use super::Lang;

/// Round to 10 significant digits, so that the last-bit noise of floating
/// point (28399.999999999996) does not reach users. Deterministic.
pub fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return if x.is_finite() { 0.0 } else { x };
    }
    format!("{x:.9e}").parse().unwrap_or(x)
}

/// Amount in yen as ¥ millions with one decimal (`¥1,280.0 M`).
pub fn yen_millions(x: f64) -> String {
    let m = x / 1e6;
    let whole = m.trunc() as i64;
    let frac = ((m - m.trunc()).abs() * 10.0).round() as i64;
    let (whole, frac) = if frac == 10 {
        (whole + whole.signum().max(1), 0)
    } else {
        (whole, frac)
    };
    format!("¥{}.{} M", group_thousands(whole), frac)
}

/// Integer with thousands separators.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A number for an error message: as written for everyday sizes, in
/// exponent form (`-7.86e129`) when it would take more than 16 digits
/// (Rust writes a float in full, hundreds of digits for the largest).
pub fn number_text(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-6..1e16).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// The era and the year in it of a month, the first year written 元:
/// ("令和", "7") for May 2025 (令和 from May 2019, 平成 from 1989); none
/// before 1989.
pub fn era_year(year: i32, month: u32) -> Option<(&'static str, String)> {
    let (era, n) = if (year, month) >= (2019, 5) {
        ("令和", year - 2018)
    } else if year >= 1989 {
        ("平成", year - 1988)
    } else {
        return None;
    };
    Some((era, if n == 1 { "元".into() } else { n.to_string() }))
}

/// Japanese label of a fiscal year: 令和7年度 for FY2025 (平成 before 2019;
/// a fiscal year takes the era of its May).
pub fn fy_label_ja(fy: i32) -> String {
    match era_year(fy, 5) {
        Some((era, n)) => format!("{era}{n}年度"),
        None => format!("{fy}年度"),
    }
}

/// Japanese labels of fiscal years on a chart's axis, and the axis title:
/// the years alone (7年度, 8年度, …) under 年度（令和） when they share an
/// era, so that five or more fit under their bars; written out
/// (平成30年度, 令和元年度) under 年度 when they do not.
pub fn fy_axis_ja(fys: &[i32]) -> (Vec<String>, String) {
    let eras: Vec<_> = fys.iter().map(|&fy| era_year(fy, 5)).collect();
    match eras.first() {
        Some(Some((era, _)))
            if eras
                .iter()
                .all(|e| e.as_ref().is_some_and(|(x, _)| x == era)) =>
        {
            (
                eras.iter()
                    .flatten()
                    .map(|(_, n)| format!("{n}年度"))
                    .collect(),
                format!("年度（{era}）"),
            )
        }
        _ => (
            fys.iter().map(|&fy| fy_label_ja(fy)).collect(),
            "年度".into(),
        ),
    }
}

/// Japanese label of a month in the era calendar: 令和12年3月 for March
/// 2030 (令和 from May 2019, 平成 from 1989, the Western year before).
pub fn month_ja(year: i32, month: u32) -> String {
    match era_year(year, month) {
        Some((era, n)) => format!("{era}{n}年{month}月"),
        None => format!("{year}年{month}月"),
    }
}

/// The English names of the months, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month in words: 令和12年3月 / March 2030.
pub fn month_text(lang: Lang, year: i32, month: u32) -> String {
    match lang {
        Lang::Ja => month_ja(year, month),
        Lang::En => format!("{} {year}", MONTH_NAMES[(month.clamp(1, 12) - 1) as usize]),
    }
}

/// The last month of a horizon of `months` months from April of FY
/// `start_fy`, in words: 令和12年3月 / March 2030.
pub fn horizon_month(lang: Lang, start_fy: i32, months: usize) -> String {
    let (year, month) = year_month(start_fy, months.saturating_sub(1));
    month_text(lang, year, month)
}

/// A fiscal year with the Western year in brackets after the era:
/// 令和7年度（2025年度）/ FY2025.
pub fn fiscal_year_both(lang: Lang, fy: i32) -> String {
    match lang {
        Lang::Ja if fy >= 1989 => format!("{}（{fy}年度）", fy_label_ja(fy)),
        _ => fiscal_year(lang, fy),
    }
}

/// Time left, rounded up to the second, as people say it: 約1分16秒 /
/// about 1 min 16 s; under a minute 約45秒 / about 45 s.
pub fn time_left(lang: Lang, ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "…".into();
    }
    let total = (ms / 1000.0).ceil() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let (mut said, units, sep) = match lang {
        Lang::Ja => (String::from("約"), ["時間", "分", "秒"], ""),
        Lang::En => (String::from("about "), [" h", " min", " s"], " "),
    };
    // Hours and minutes, minutes and seconds, or seconds; no zero seconds
    // after minutes.
    let parts = [
        (h, 0, h > 0),
        (m, 1, h > 0 || m > 0),
        (s, 2, h == 0 && (m == 0 || s > 0)),
    ];
    let mut first = true;
    for (n, unit, shown) in parts {
        if shown {
            if !first {
                said.push_str(sep);
            }
            first = false;
            said.push_str(&n.to_string());
            said.push_str(units[unit]);
        }
    }
    said
}

/// A number of runs as a phrase: 10,000回の試行 / 10,000 runs.
pub fn runs_phrase(lang: Lang, runs: f64) -> String {
    match lang {
        Lang::Ja => format!("{}回の試行", count(runs)),
        Lang::En if runs == 1.0 => "1 run".into(),
        Lang::En => format!("{} runs", count(runs)),
    }
}

/// The calendar year and month (1–12) of month `m` (0 = April) of a
/// horizon starting with FY `start_fy`.
pub fn year_month(start_fy: i32, m: usize) -> (i32, u32) {
    let from_january = m as i32 + 3;
    (start_fy + from_january / 12, (from_january % 12 + 1) as u32)
}

/// Calendar label (`2025-04`) of month `m` of a horizon starting with FY `start_fy`.
pub fn month_label(start_fy: i32, m: usize) -> String {
    let (year, month) = year_month(start_fy, m);
    format!("{year}-{month:02}")
}

/// Month `m` of a horizon starting with FY `start_fy` as the app shows it
/// on axes and in tables: in the era calendar in Japanese (令和7年4月), as
/// [`month_label`] in English (2025-04).
pub fn month_tick(lang: Lang, start_fy: i32, m: usize) -> String {
    match lang {
        Lang::Ja => horizon_month(lang, start_fy, m + 1),
        Lang::En => month_label(start_fy, m),
    }
}

/// Yen for reading: 12.8億円 / 3,400万円 (Japanese), ¥1,280.0 M (English,
/// as [`yen_millions`] writes it for the command-line tool).
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
                format!("{sign}{}", yen_millions(a))
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
        // Zero is 0 in either unit (not 0万 or ¥0m).
        _ if (yen / 1e4).round() == 0.0 => "0".into(),
        Lang::Ja => format!("{}万", group_thousands((yen / 1e4).round() as i64)),
        Lang::En if (yen / 1e6).round() == 0.0 => {
            format!("¥{}k", group_thousands((yen / 1e3).round() as i64))
        }
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

/// The end of the horizon in words: 令和12年3月 / March 2030.
pub fn horizon_end(lang: Lang, first_fy: i32, fiscal_years: usize) -> String {
    month_text(lang, first_fy + fiscal_years as i32, 3)
}

/// Japanese text with the abbreviated era `R5年度` written out as
/// `令和5年度`, as one calendar on screen asks (data files keep their
/// own wording).
pub fn era_written_out(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(i) = rest.find('R') {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let digits: String = after[1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let tail = &after[1 + digits.len()..];
        let letter_before = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic());
        if !digits.is_empty() && tail.starts_with('年') && !letter_before {
            out.push_str("令和");
            out.push_str(&digits);
        } else {
            out.push('R');
            out.push_str(&digits);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eras_change_on_1_may_2019_and_start_with_gannen() {
        assert_eq!(era_year(2019, 4), Some(("平成", "31".to_string())));
        assert_eq!(era_year(2019, 5), Some(("令和", "元".to_string())));
        assert_eq!(era_year(1989, 1), Some(("平成", "元".to_string())));
        assert_eq!(era_year(1988, 12), None);
        assert_eq!(fy_label_ja(2019), "令和元年度");
        assert_eq!(fy_label_ja(2018), "平成30年度");
        assert_eq!(fy_label_ja(1988), "1988年度");
        assert_eq!(month_ja(1988, 12), "1988年12月");
        assert_eq!(year_month(2025, 0), (2025, 4));
        assert_eq!(year_month(2025, 8), (2025, 12));
        assert_eq!(year_month(2025, 9), (2026, 1));
    }

    #[test]
    fn fiscal_years_on_an_axis_are_short_within_one_era() {
        let (labels, title) = fy_axis_ja(&[2025, 2026, 2027, 2028, 2029]);
        assert_eq!(labels, ["7年度", "8年度", "9年度", "10年度", "11年度"]);
        assert_eq!(title, "年度（令和）");
        // Across 1 May 2019, or before 1989: written out.
        let (labels, title) = fy_axis_ja(&[2018, 2019]);
        assert_eq!(labels, ["平成30年度", "令和元年度"]);
        assert_eq!(title, "年度");
        let (labels, _) = fy_axis_ja(&[1988, 1989]);
        assert_eq!(labels, ["1988年度", "平成元年度"]);
        assert_eq!(fy_axis_ja(&[]), (vec![], "年度".to_string()));
    }

    #[test]
    fn months_on_axes_are_in_the_era_calendar_in_japanese() {
        assert_eq!(month_tick(Lang::Ja, 2025, 0), "令和7年4月");
        assert_eq!(month_tick(Lang::Ja, 2025, 59), "令和12年3月");
        assert_eq!(month_tick(Lang::En, 2025, 0), "2025-04");
        assert_eq!(month_tick(Lang::En, 2025, 9), month_label(2025, 9));
        assert_eq!(month_tick(Lang::En, 2025, 9), "2026-01");
    }

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(Lang::Ja, 1.28e9), "12.80億円");
        assert_eq!(money(Lang::Ja, 34_000_000.0), "3,400万円");
        assert_eq!(money(Lang::Ja, 9_999.0), "9,999円");
        assert_eq!(money(Lang::En, 1.28e9), "¥1,280.0 M");
        assert_eq!(money(Lang::En, -2_500_000.0), "−¥2.5 M");
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
        assert_eq!(horizon_end(Lang::Ja, 2025, 5), "令和12年3月");
    }

    #[test]
    fn dates_in_japanese_use_the_era_first() {
        assert_eq!(month_ja(2030, 3), "令和12年3月");
        assert_eq!(month_ja(2019, 5), "令和元年5月");
        assert_eq!(month_ja(2019, 4), "平成31年4月");
        assert_eq!(month_ja(1989, 1), "平成元年1月");
        assert_eq!(month_text(Lang::En, 2030, 3), "March 2030");
        assert_eq!(horizon_month(Lang::Ja, 2025, 60), "令和12年3月");
        assert_eq!(horizon_month(Lang::En, 2025, 60), "March 2030");
        assert_eq!(horizon_month(Lang::Ja, 2025, 7), "令和7年10月");
        assert_eq!(fiscal_year_both(Lang::Ja, 2025), "令和7年度（2025年度）");
        assert_eq!(fiscal_year_both(Lang::En, 2025), "FY2025");
    }

    #[test]
    fn time_left_is_said_in_minutes_and_seconds() {
        assert_eq!(time_left(Lang::Ja, 75_200.0), "約1分16秒");
        assert_eq!(time_left(Lang::Ja, 45_000.0), "約45秒");
        assert_eq!(time_left(Lang::Ja, 120_000.0), "約2分");
        assert_eq!(time_left(Lang::Ja, 3_700_000.0), "約1時間1分");
        assert_eq!(time_left(Lang::En, 75_200.0), "about 1 min 16 s");
        assert_eq!(time_left(Lang::En, 9_000.0), "about 9 s");
        assert!(!time_left(Lang::Ja, 75_200.0).contains(" s"));
    }

    #[test]
    fn runs_and_axis_zero_read_naturally() {
        assert_eq!(runs_phrase(Lang::Ja, 10_000.0), "10,000回の試行");
        assert_eq!(runs_phrase(Lang::En, 10_000.0), "10,000 runs");
        assert_eq!(money_axis(Lang::Ja, 0.0), "0");
        assert_eq!(money_axis(Lang::Ja, 4_000.0), "0");
        assert_eq!(money_axis(Lang::Ja, 3.4e7), "3,400万");
        assert_eq!(money_axis(Lang::En, 0.0), "0");
    }

    #[test]
    fn the_abbreviated_era_is_written_out() {
        assert_eq!(
            era_written_out("東京都特別区23区（提言のR5年度総数を人口比で按分）"),
            "東京都特別区23区（提言の令和5年度総数を人口比で按分）"
        );
        assert_eq!(
            era_written_out("R12年3月とR7年度"),
            "令和12年3月と令和7年度"
        );
        // Not an era: a letter before it, no digits, or no 年 after them.
        assert_eq!(era_written_out("FOR5年"), "FOR5年");
        assert_eq!(era_written_out("R and R5 x"), "R and R5 x");
        assert_eq!(era_written_out(""), "");
    }
}
