//! Tests of the SVG charts in `sasaeai::chart`: content, accessibility,
//! escaping, counts of drawn shapes, input errors, and a property test that
//! random finite input never panics.
//!
//! Set `CHART_EXAMPLES_DIR` to a folder to also write the Japanese example
//! charts there (for looking at them).

use proptest::prelude::*;
use sasaeai::chart::*;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn oku(v: f64) -> String {
    format!("{:.1}億円", v / 1e8)
}

fn plain(v: f64) -> String {
    format!("{v}")
}

fn percent(v: f64) -> String {
    format!("{:.0} %", v * 100.0)
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// Number of elements `<tag …>` whose attributes contain `attr`.
fn count_tags(svg: &str, tag: &str, attr: &str) -> usize {
    svg.split('<')
        .filter(|el| el.starts_with(&format!("{tag} ")))
        .filter(|el| el.split('>').next().unwrap_or("").contains(attr))
        .count()
}

/// The text content of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .map(|el| {
            let body = &el[el.find('>').unwrap() + 1..];
            body[..body.find("</text>").unwrap()].trim().to_owned()
        })
        .collect()
}

fn labels(title: &str) -> Labels<'_> {
    Labels {
        title,
        x_label: "月",
        y_label: "費用（億円）",
    }
}

/// A fan chart of `n` months rising from 1 億円.
struct FanData {
    ticks: Vec<String>,
    q: [Vec<f64>; 5],
}

fn fan_data(n: usize) -> FanData {
    let ticks = (0..n)
        .map(|i| format!("{}-{:02}", 2025 + (i + 3) / 12, (i + 3) % 12 + 1))
        .collect();
    let mid: Vec<f64> = (0..n).map(|i| 1e8 + 2e6 * i as f64).collect();
    let q = [-0.3, -0.1, 0.0, 0.1, 0.3].map(|k| {
        mid.iter()
            .enumerate()
            .map(|(i, m)| m + k * 1e6 * (1.0 + i as f64))
            .collect()
    });
    FanData { ticks, q }
}

fn fan<'a>(d: &'a FanData, title: &'a str, reference: Option<(f64, &'a str)>) -> FanChart<'a> {
    FanChart {
        labels: labels(title),
        x_ticks: &d.ticks,
        p5: &d.q[0],
        p25: &d.q[1],
        p50: &d.q[2],
        p75: &d.q[3],
        p95: &d.q[4],
        legend_outer: "5–95 %",
        legend_inner: "25–75 %",
        legend_median: "中央値",
        reference,
        y_format: &oku,
        size: Size::default(),
    }
}

const EDGES: [f64; 6] = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0];
const COUNTS: [f64; 5] = [0.1, 0.25, 0.4, 0.0, 0.25];

fn hist<'a>(
    edges: &'a [f64],
    counts: &'a [f64],
    reference: Option<(f64, &'a str)>,
) -> Histogram<'a> {
    Histogram {
        labels: Labels {
            title: "参加者数の分布",
            x_label: "参加者（人）",
            y_label: "試行の割合（%）",
        },
        edges,
        counts,
        legend: "試行の割合",
        reference,
        x_format: &plain,
        y_format: &percent,
        size: Size::default(),
    }
}

fn years() -> Vec<String> {
    (2025..2030).map(|y| format!("FY{y}")).collect()
}

fn budget() -> Vec<(String, Vec<f64>)> {
    vec![
        ("人件費".to_owned(), vec![1.0e8, 1.1e8, 1.2e8, 1.3e8, 1.4e8]),
        ("研修費".to_owned(), vec![0.3e8, 0.0, 0.3e8, 0.3e8, 0.3e8]),
        (
            "事務費".to_owned(),
            vec![0.2e8, 0.2e8, 0.2e8, 0.2e8, 0.25e8],
        ),
    ]
}

const LIMIT: [f64; 5] = [1.6e8, 1.6e8, 1.7e8, 1.7e8, 1.8e8];

fn bars<'a>(
    categories: &'a [String],
    series: &'a [(String, Vec<f64>)],
    limit: Option<(&'a [f64], &'a str)>,
) -> StackedBars<'a> {
    StackedBars {
        labels: Labels {
            title: "年度別の費用と予算額",
            x_label: "年度",
            y_label: "費用（億円）",
        },
        categories,
        series,
        limit,
        y_format: &oku,
        size: Size::default(),
        legend: true,
    }
}

/// Checks what every chart shares: standalone SVG with an accessible name.
fn assert_accessible(svg: &str, escaped_title: &str) {
    let root_end = svg.find('>').unwrap();
    let root = &svg[..root_end];
    assert!(root.starts_with("<svg "), "{root}");
    assert!(
        root.contains("xmlns=\"http://www.w3.org/2000/svg\""),
        "{root}"
    );
    assert!(root.contains("role=\"img\""), "{root}");
    assert!(
        root.contains(&format!("aria-label=\"{escaped_title}\"")),
        "{root}"
    );
    let first_child = svg[root_end + 1..].trim_start();
    assert!(
        first_child.starts_with(&format!("<title>{escaped_title}</title>")),
        "{first_child:.80}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("font-family=\"sans-serif\""));
}

// ---------------------------------------------------------------------------
// Fan chart
// ---------------------------------------------------------------------------

#[test]
fn fan_chart_has_title_labels_legend_and_two_bands() {
    let d = fan_data(24);
    let svg = fan_chart(&fan(&d, "月別費用の見通し", None)).unwrap();
    assert_accessible(&svg, "月別費用の見通し");
    let t = texts(&svg);
    for s in [
        "月別費用の見通し",
        "月",
        "費用（億円）",
        "5–95 %",
        "25–75 %",
        "中央値",
        "2025-04",
    ] {
        assert!(t.iter().any(|x| x == s), "missing {s:?} in {t:?}");
    }
    assert!(t.iter().any(|x| x.ends_with("億円") && x != "費用（億円）"));
    assert_eq!(count_tags(&svg, "polygon", ""), 2);
    // The median is one line of all 24 points.
    let median = svg
        .split("<polyline ")
        .find(|el| el.contains("stroke-width=\"2\"") && el.contains(&hex(PALETTE[0])))
        .expect("median line");
    let points = median
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(points.split_whitespace().count(), 24);
    // No dashed reference line unless asked for.
    assert_eq!(count_tags(&svg, "polyline", "stroke=\"#000000\""), 0);
}

#[test]
fn fan_chart_thins_x_ticks_to_at_most_twelve() {
    let d = fan_data(120);
    let svg = fan_chart(&fan(&d, "十年", None)).unwrap();
    let shown = texts(&svg).iter().filter(|t| d.ticks.contains(t)).count();
    assert!((2..=12).contains(&shown), "{shown} x tick labels");
    // The first point is always labelled.
    assert!(texts(&svg).contains(&d.ticks[0]));
}

#[test]
fn fan_chart_draws_the_reference_line_with_its_legend() {
    let d = fan_data(12);
    let target = 1.5e8;
    let svg = fan_chart(&fan(&d, "目標", Some((target, "目標額")))).unwrap();
    assert!(texts(&svg).contains(&"目標額".to_owned()));
    // Dashed: several black segments in the plot, plus the legend's.
    assert!(count_tags(&svg, "polyline", "stroke=\"#000000\"") >= 4);
    // The reference lies above the data, so the axis was extended to it.
    let labels: Vec<f64> = texts(&svg)
        .iter()
        .filter_map(|t| t.strip_suffix("億円")?.parse().ok())
        .collect();
    assert!(labels.iter().any(|&v| v >= 1.5), "{labels:?}");
}

#[test]
fn fan_chart_handles_a_flat_series_and_a_single_point() {
    let flat = vec![5.0; 10];
    let ticks: Vec<String> = (0..10).map(|i| i.to_string()).collect();
    let one = fan_data(1);
    let mut c = fan(&one, "flat", None);
    c.x_ticks = &ticks;
    (c.p5, c.p25, c.p50, c.p75, c.p95) = (&flat, &flat, &flat, &flat, &flat);
    c.y_format = &plain;
    let svg = fan_chart(&c).unwrap();
    // The axis is widened around 5 and labels values on both sides of it.
    let ys: Vec<f64> = texts(&svg).iter().filter_map(|t| t.parse().ok()).collect();
    assert!(
        ys.iter().any(|&v| v < 5.0) && ys.iter().any(|&v| v > 5.0),
        "{ys:?}"
    );

    let svg = fan_chart(&fan(&one, "one", None)).unwrap();
    assert!(svg.contains("<circle"));
    assert!(texts(&svg).contains(&"2025-04".to_owned()));
}

#[test]
fn fan_chart_errors_name_the_bad_input() {
    let d = fan_data(6);
    let short = vec![1.0; 5];
    let mut c = fan(&d, "t", None);
    c.p75 = &short;
    assert_eq!(
        fan_chart(&c),
        Err(ChartError::LengthMismatch {
            what: "p75",
            expected: 6,
            found: 5
        })
    );

    let mut c = fan(&d, "t", None);
    c.x_ticks = &[];
    assert_eq!(
        fan_chart(&c),
        Err(ChartError::LengthMismatch {
            what: "x_ticks",
            expected: 6,
            found: 0
        })
    );

    let empty: Vec<f64> = vec![];
    let mut c = fan(&d, "t", None);
    c.p50 = &empty;
    assert_eq!(fan_chart(&c), Err(ChartError::EmptyData { what: "p50" }));

    let mut nan = d.q[4].clone();
    nan[3] = f64::NAN;
    let mut c = fan(&d, "t", None);
    c.p95 = &nan;
    assert_eq!(
        fan_chart(&c),
        Err(ChartError::NonFinite {
            what: "p95",
            index: 3
        })
    );

    let mut inf = d.q[0].clone();
    inf[0] = f64::NEG_INFINITY;
    let mut c = fan(&d, "t", None);
    c.p5 = &inf;
    assert_eq!(
        fan_chart(&c),
        Err(ChartError::NonFinite {
            what: "p5",
            index: 0
        })
    );

    let mut c = fan(&d, "t", None);
    (c.p25, c.p75) = (&d.q[3], &d.q[1]);
    assert_eq!(
        fan_chart(&c),
        Err(ChartError::QuantilesOutOfOrder { index: 0 })
    );

    let c = fan(&d, "t", Some((f64::INFINITY, "target")));
    assert_eq!(
        fan_chart(&c),
        Err(ChartError::NonFinite {
            what: "reference",
            index: 0
        })
    );

    let c = fan(&d, "  ", None);
    assert_eq!(fan_chart(&c), Err(ChartError::MissingTitle));

    let mut c = fan(&d, "t", None);
    c.size = Size {
        width: 100,
        height: 360,
    };
    assert_eq!(
        fan_chart(&c),
        Err(ChartError::BadSize {
            width: 100,
            height: 360
        })
    );
    c.size = Size {
        width: 720,
        height: 9000,
    };
    assert_eq!(
        fan_chart(&c),
        Err(ChartError::BadSize {
            width: 720,
            height: 9000
        })
    );

    let huge = [vec![-1e308], vec![0.0], vec![0.0], vec![0.0], vec![1e308]];
    let one = fan_data(1);
    let mut c = fan(&one, "t", None);
    (c.p5, c.p25, c.p50, c.p75, c.p95) = (&huge[0], &huge[1], &huge[2], &huge[3], &huge[4]);
    assert_eq!(fan_chart(&c), Err(ChartError::RangeOverflow { axis: "y" }));
}

#[test]
fn errors_read_as_sentences() {
    let e = ChartError::LengthMismatch {
        what: "p75",
        expected: 6,
        found: 5,
    };
    assert_eq!(e.to_string(), "p75 has 5 values where 6 are expected");
    let e = ChartError::NotIncreasing {
        what: "edges",
        index: 2,
    };
    assert_eq!(
        e.to_string(),
        "edges are not strictly increasing at index 2"
    );
}

// ---------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------

#[test]
fn user_text_is_escaped_everywhere() {
    let title = "<script>alert(1)</script> & 東京";
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 東京";
    let d = fan_data(4);
    let mut c = fan(&d, title, Some((1.0e8, "<b>目標</b>")));
    c.labels.x_label = "x \"quoted\" & 'single'";
    c.legend_median = "a<b";
    let svg = fan_chart(&c).unwrap();
    assert_accessible(&svg, escaped);
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("&lt;b&gt;目標&lt;/b&gt;"));
    assert!(svg.contains("x &quot;quoted&quot; &amp; &apos;single&apos;"));
    assert!(svg.contains(">\na&lt;b\n</text>"));
    // Every `&` starts an entity.
    for (i, _) in svg.match_indices('&') {
        let rest = &svg[i..];
        assert!(
            ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "bare & at {:.20}",
            rest
        );
    }
}

#[test]
fn control_characters_are_dropped() {
    let d = fan_data(3);
    let svg = fan_chart(&fan(&d, "a\u{0}b\u{1b}c\nd", None)).unwrap();
    assert!(svg.contains("<title>abc d</title>"));
    assert!(!svg.chars().any(|c| c.is_control() && c != '\n'));
}

// ---------------------------------------------------------------------------
// Histogram
// ---------------------------------------------------------------------------

#[test]
fn histogram_draws_one_bar_per_bin_from_zero() {
    let svg = histogram(&hist(&EDGES, &COUNTS, None)).unwrap();
    assert_accessible(&svg, "参加者数の分布");
    let t = texts(&svg);
    for s in [
        "参加者数の分布",
        "参加者（人）",
        "試行の割合（%）",
        "試行の割合",
        "0 %",
        "0",
    ] {
        assert!(t.iter().any(|x| x == s), "missing {s:?} in {t:?}");
    }
    // Five bars and the legend swatch.
    let fill = format!("fill=\"{}\"", hex(PALETTE[0]));
    assert_eq!(count_tags(&svg, "rect", &fill), 5 + 1);
    assert_eq!(count_tags(&svg, "polyline", "stroke=\"#000000\""), 0);
}

#[test]
fn histogram_reference_line_outside_the_bins_extends_the_axis() {
    let svg = histogram(&hist(&EDGES, &COUNTS, Some((75.0, "予算額")))).unwrap();
    assert!(texts(&svg).contains(&"予算額".to_owned()));
    assert!(count_tags(&svg, "polyline", "stroke=\"#000000\"") >= 4);
    let xs: Vec<f64> = texts(&svg).iter().filter_map(|t| t.parse().ok()).collect();
    assert!(xs.iter().any(|&v| v >= 70.0), "{xs:?}");
    assert!(xs.len() <= 12);
}

#[test]
fn histogram_errors_name_the_bad_input() {
    let h = |e: &[f64], c: &[f64]| histogram(&hist(e, c, None));
    assert_eq!(
        h(&[0.0], &[]),
        Err(ChartError::EmptyData { what: "counts" })
    );
    assert_eq!(
        h(&[0.0, 1.0], &[1.0, 2.0]),
        Err(ChartError::LengthMismatch {
            what: "edges",
            expected: 3,
            found: 2
        })
    );
    assert_eq!(
        h(&[0.0, 1.0, 1.0], &[1.0, 2.0]),
        Err(ChartError::NotIncreasing {
            what: "edges",
            index: 2
        })
    );
    assert_eq!(
        h(&[0.0, 2.0, 1.0], &[1.0, 2.0]),
        Err(ChartError::NotIncreasing {
            what: "edges",
            index: 2
        })
    );
    assert_eq!(
        h(&[0.0, f64::NAN, 1.0], &[1.0, 2.0]),
        Err(ChartError::NonFinite {
            what: "edges",
            index: 1
        })
    );
    assert_eq!(
        h(&[0.0, 1.0, 2.0], &[1.0, -0.5]),
        Err(ChartError::Negative {
            what: "counts",
            index: 1
        })
    );
    assert_eq!(
        h(&[0.0, 1.0, 2.0], &[f64::INFINITY, 1.0]),
        Err(ChartError::NonFinite {
            what: "counts",
            index: 0
        })
    );
    assert_eq!(
        histogram(&hist(&EDGES, &COUNTS, Some((f64::NAN, "x")))),
        Err(ChartError::NonFinite {
            what: "reference",
            index: 0
        })
    );
    // All zero counts still draw (an axis of 0..1).
    assert!(h(&[0.0, 1.0], &[0.0]).is_ok());
}

// ---------------------------------------------------------------------------
// Stacked bars
// ---------------------------------------------------------------------------

#[test]
fn stacked_bars_draw_one_segment_per_positive_value_and_the_limits() {
    let cats = years();
    let series = budget();
    let svg = stacked_bars(&bars(&cats, &series, Some((&LIMIT, "予算額")))).unwrap();
    assert_accessible(&svg, "年度別の費用と予算額");
    let t = texts(&svg);
    for s in [
        "年度別の費用と予算額",
        "年度",
        "費用（億円）",
        "人件費",
        "研修費",
        "事務費",
        "予算額",
        "FY2025",
        "FY2029",
    ] {
        assert!(t.iter().any(|x| x == s), "missing {s:?} in {t:?}");
    }
    for (i, (_, values)) in series.iter().enumerate() {
        let fill = format!("fill=\"{}\"", hex(PALETTE[i]));
        let positive = values.iter().filter(|v| **v > 0.0).count();
        // One rect per positive value, plus the legend swatch.
        assert_eq!(count_tags(&svg, "rect", &fill), positive + 1, "series {i}");
    }
    // One limit marker per category, plus the legend's.
    assert_eq!(count_tags(&svg, "polyline", "stroke-width=\"3\""), 5);
    assert_eq!(count_tags(&svg, "polyline", "stroke=\"#000000\""), 5 + 1);
}

#[test]
fn stacked_bars_without_limit_draw_no_marker() {
    let cats = years();
    let series = budget();
    let svg = stacked_bars(&bars(&cats, &series, None)).unwrap();
    assert_eq!(count_tags(&svg, "polyline", "stroke=\"#000000\""), 0);
    assert!(!texts(&svg).contains(&"予算額".to_owned()));
}

#[test]
fn stacked_bars_without_legend_draw_only_the_bars_and_limits() {
    let cats = years();
    let series = budget();
    let mut b = bars(&cats, &series, Some((&LIMIT, "予算額")));
    b.legend = false;
    b.size = Size {
        width: 440,
        height: 220,
    };
    let svg = stacked_bars(&b).unwrap();
    let t = texts(&svg);
    for s in ["人件費", "研修費", "事務費", "予算額"] {
        assert!(!t.iter().any(|x| x == s), "legend text {s:?} drawn: {t:?}");
    }
    for (i, (_, values)) in series.iter().enumerate() {
        let fill = format!("fill=\"{}\"", hex(PALETTE[i]));
        let positive = values.iter().filter(|v| **v > 0.0).count();
        assert_eq!(count_tags(&svg, "rect", &fill), positive, "series {i}");
    }
    assert_eq!(count_tags(&svg, "polyline", "stroke=\"#000000\""), 5);
}

#[test]
fn stacked_bars_errors_name_the_bad_input() {
    let cats = years();
    let series = budget();
    let b = |c: &[String], s: &[(String, Vec<f64>)], l: Option<(&[f64], &str)>| {
        stacked_bars(&bars(c, s, l))
    };
    assert_eq!(
        b(&[], &series, None),
        Err(ChartError::EmptyData { what: "categories" })
    );
    assert_eq!(
        b(&cats, &[], None),
        Err(ChartError::EmptyData { what: "series" })
    );
    let short = vec![("a".to_owned(), vec![1.0; 4])];
    assert_eq!(
        b(&cats, &short, None),
        Err(ChartError::LengthMismatch {
            what: "series values",
            expected: 5,
            found: 4
        })
    );
    let negative = vec![("a".to_owned(), vec![1.0, 1.0, -1.0, 1.0, 1.0])];
    assert_eq!(
        b(&cats, &negative, None),
        Err(ChartError::Negative {
            what: "series values",
            index: 2
        })
    );
    let nan = vec![("a".to_owned(), vec![1.0, f64::NAN, 1.0, 1.0, 1.0])];
    assert_eq!(
        b(&cats, &nan, None),
        Err(ChartError::NonFinite {
            what: "series values",
            index: 1
        })
    );
    assert_eq!(
        b(&cats, &series, Some((&[1.0; 3], "limit"))),
        Err(ChartError::LengthMismatch {
            what: "limit",
            expected: 5,
            found: 3
        })
    );
    assert_eq!(
        b(
            &cats,
            &series,
            Some((&[1.0, 1.0, 1.0, 1.0, f64::NAN], "limit"))
        ),
        Err(ChartError::NonFinite {
            what: "limit",
            index: 4
        })
    );
    let overflow = vec![
        ("a".to_owned(), vec![f64::MAX; 5]),
        ("b".to_owned(), vec![f64::MAX; 5]),
    ];
    assert_eq!(
        b(&cats, &overflow, None),
        Err(ChartError::RangeOverflow { axis: "y" })
    );
}

#[test]
fn a_legend_that_does_not_fit_one_row_wraps() {
    let cats = years();
    let series: Vec<(String, Vec<f64>)> = (0..10)
        .map(|i| (format!("予算の項目その{i}"), vec![1.0; 5]))
        .collect();
    let svg = stacked_bars(&bars(&cats, &series, None)).unwrap();
    let legend_y: Vec<i32> = series
        .iter()
        .map(|(name, _)| {
            let at = svg.find(&format!(">\n{name}\n<")).expect(name);
            let tag = &svg[svg[..at].rfind("<text ").unwrap()..at];
            tag.split("y=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    let rows = {
        let mut ys = legend_y.clone();
        ys.dedup();
        ys.len()
    };
    assert!(rows >= 2, "{legend_y:?}");
    // The ninth series and later reuse the palette from its start.
    let fill = format!("fill=\"{}\"", hex(PALETTE[0]));
    assert_eq!(count_tags(&svg, "rect", &fill), 2 * (5 + 1));
}

// ---------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------

#[test]
fn japanese_examples_render() {
    let d = fan_data(36);
    let fan_svg = fan_chart(&fan(
        &d,
        "月別費用の見通し（世田谷区）",
        Some((1.6e8, "目標額")),
    ))
    .unwrap();
    let edges: Vec<f64> = (0..=20).map(|i| 80.0 + 5.0 * i as f64).collect();
    let counts: Vec<f64> = (0..20)
        .map(|i| {
            let z = (i as f64 - 9.5) / 4.0;
            (-z * z / 2.0).exp() / 10.0
        })
        .collect();
    let hist_svg = histogram(&hist(&edges, &counts, Some((150.0, "目標（150人）")))).unwrap();
    let cats = years();
    let series = budget();
    let bars_svg = stacked_bars(&bars(&cats, &series, Some((&LIMIT, "予算額")))).unwrap();
    for svg in [&fan_svg, &hist_svg, &bars_svg] {
        assert!(svg.len() > 1000);
        assert!(svg.contains("<title>"));
    }
    if let Ok(dir) = std::env::var("CHART_EXAMPLES_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, svg) in [
            ("fan", fan_svg),
            ("histogram", hist_svg),
            ("bars", bars_svg),
        ] {
            std::fs::write(format!("{dir}/{name}.svg"), svg).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------
// Tile map
// ---------------------------------------------------------------------------

/// The 23 wards of `tokyo-23` with their Japanese names, in file order.
fn wards_23() -> Vec<(String, String)> {
    let text = include_str!("../scenarios/wards/tokyo-23.toml");
    let data = sasaeai::scenario::resolve::parse_ward_data(
        text,
        sasaeai::scenario::Format::Toml,
        "tokyo-23",
    )
    .unwrap();
    data.wards
        .into_iter()
        .map(|w| (w.name, w.name_ja))
        .collect()
}

fn yen(v: f64) -> String {
    format!("{:.0}円", v)
}

fn tile_chart<'a>(title: &'a str, tiles: &'a [Tile<'a>]) -> TileMap<'a> {
    TileMap {
        title,
        legend_title: "参加者一人当たり支援額（円／年度）",
        no_data: "データなし",
        tiles,
        value_format: &yen,
        size: Size {
            width: 720,
            height: 560,
        },
        bare: false,
    }
}

#[test]
fn the_grid_holds_each_of_the_23_wards_once() {
    let wards = wards_23();
    assert_eq!(TOKYO_23_GRID.len(), 23);
    for (name, _) in &wards {
        assert!(grid_position(name).is_some(), "{name} not on the grid");
    }
    let mut cells: Vec<(u32, u32)> = TOKYO_23_GRID.iter().map(|(_, r, c)| (*r, *c)).collect();
    cells.sort_unstable();
    cells.dedup();
    assert_eq!(cells.len(), 23, "two wards share a tile");
    assert!(cells.iter().all(|(r, c)| *r < 5 && *c < 7));
    // A few neighbours that the grid keeps: north/south and west/east.
    let at = |n: &str| grid_position(n).unwrap();
    assert_eq!(at("Chiyoda").1, at("Minato").1);
    assert!(at("Chiyoda").0 < at("Minato").0);
    assert!(at("Suginami").1 < at("Edogawa").1);
    assert!(at("Nerima").0 < at("Ota").0);
}

/// Tiles of the 23 wards with `values` in file order.
fn ward_tiles<'a>(wards: &'a [(String, String)], values: &[f64]) -> Vec<Tile<'a>> {
    wards
        .iter()
        .zip(values)
        .map(|((name, ja), v)| Tile {
            ward: name,
            label: ja,
            value: Some(*v),
        })
        .collect()
}

/// The fill of the tile whose name is `label` (the rect drawn just before
/// its text).
fn tile_fill(svg: &str, label: &str) -> (u8, u8, u8) {
    let at = svg.find(&format!("\n{label}\n")).expect(label);
    let rect = svg[..at].rfind("<rect ").unwrap();
    let el = &svg[rect..at];
    let fill = &el[el.find("fill=\"#").unwrap() + 7..][..6];
    let c = |i: usize| u8::from_str_radix(&fill[i..i + 2], 16).unwrap();
    (c(0), c(2), c(4))
}

fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let d = |p: u8, q: u8| (f64::from(p) - f64::from(q)).powi(2);
    (d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)).sqrt()
}

#[test]
fn tile_map_draws_23_tiles_on_a_scale_with_its_range_in_the_legend() {
    let wards = wards_23();
    let values: Vec<f64> = (0..23)
        .map(|i| 20_000.0 + 63_000.0 * (i as f64 / 22.0).powi(2))
        .collect();
    let tiles = ward_tiles(&wards, &values);
    let svg = tile_map(&tile_chart("区別の支援額（合成データ）", &tiles)).unwrap();
    assert_accessible(&svg, "区別の支援額（合成データ）");
    // One legend swatch per step, in the colour of its middle.
    for k in 0..LEGEND_STEPS {
        let c = colour_at((k as f64 + 0.5) / LEGEND_STEPS as f64);
        assert!(
            count_tags(&svg, "rect", &format!("fill=\"{}\"", hex(c))) >= 1,
            "step {k}"
        );
    }
    // Mean 41,477; the highest ward is furthest from it, so the scale runs
    // 41,477 ± 41,523, cut at 0 below: the highest ward is the palette's top.
    assert_eq!(tile_fill(&svg, &wards[22].1), colour_at(1.0));
    let lowest = tile_fill(&svg, &wards[0].1);
    assert!(distance(lowest, colour_at(0.0)) > 50.0, "{lowest:?}");
    let texts = texts(&svg);
    for (_, ja) in &wards {
        assert!(texts.iter().any(|t| t == ja), "{ja} missing");
    }
    assert!(texts.iter().any(|t| t == "20000円"));
    assert!(texts.iter().any(|t| t == "83000円"));
    assert!(
        texts
            .iter()
            .any(|t| t == "参加者一人当たり支援額（円／年度）")
    );
    assert!(texts.iter().any(|t| t == "0円–16600円"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "66400円–83000円"), "{texts:?}");
    assert!(!texts.iter().any(|t| t == "データなし"));
    if let Ok(dir) = std::env::var("CHART_EXAMPLES_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/tilemap.svg"), &svg).unwrap();
    }
}

/// The x, y and text of every `<text>` of `svg`.
fn placed_texts(svg: &str) -> Vec<(f64, f64, String)> {
    let attr = |el: &str, name: &str| -> f64 {
        let at = el.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        el[at..at + el[at..].find('"').unwrap()].parse().unwrap()
    };
    svg.split("<text")
        .skip(1)
        .map(|el| {
            let body = &el[el.find('>').unwrap() + 1..];
            (
                attr(el, "x"),
                attr(el, "y"),
                body[..body.find("</text>").unwrap()].trim().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_bare_tile_map_has_wide_tiles_and_its_legend_in_the_south_east_corner() {
    let wards = wards_23();
    let values: Vec<f64> = (0..23).map(|i| 40.0 + i as f64).collect();
    let tiles = ward_tiles(&wards, &values);
    let mut m = tile_chart("人口1万人あたり参加者数の地図", &tiles);
    m.size = Size {
        width: 520,
        height: 175,
    };
    m.bare = true;
    let svg = tile_map(&m).unwrap();
    // The title is the accessible name, not drawn.
    assert_accessible(&svg, "人口1万人あたり参加者数の地図");
    let placed = placed_texts(&svg);
    assert!(
        !placed
            .iter()
            .any(|(_, _, t)| t == "人口1万人あたり参加者数の地図")
    );
    // Tiles 70 × 31: (520 − 4 + 4) / 7 − 4 and (175 − 4 + 4) / 5 − 4.
    assert_eq!(
        count_tags(&svg, "rect", "width=\"70\" height=\"31\""),
        23,
        "{svg}"
    );
    // Every ward's name is drawn; the measure and the five steps lie right
    // of column 4's left edge and below row 3's top, where no ward is.
    for (_, ja) in &wards {
        assert!(placed.iter().any(|(_, _, t)| t == ja), "{ja} missing");
    }
    let left = (520 - (7 * 74 - 4)) / 2;
    let (x0, y0) = (f64::from(left + 4 * 74), f64::from(2 + 3 * 35));
    let key: Vec<_> = placed
        .iter()
        .filter(|(_, _, t)| t.contains('–') || t.starts_with("参加者一人当たり"))
        .collect();
    assert_eq!(key.len(), 1 + LEGEND_STEPS, "{placed:?}");
    for (x, y, t) in key {
        assert!(
            *x >= x0 && *y >= y0,
            "{t} at ({x}, {y}), corner from ({x0}, {y0})"
        );
    }
}

#[test]
fn tile_map_does_not_exaggerate_a_small_difference() {
    // 28.9 and 29.7 per 10,000 (3 % apart): the scale is the mean ± 25 %,
    // so both are nearly the middle colour, not the palette's two ends.
    let wards = wards_23();
    let values: Vec<f64> = (0..23)
        .map(|i| if i % 2 == 0 { 28.9 } else { 29.7 })
        .collect();
    let tiles = ward_tiles(&wards, &values);
    let svg = tile_map(&tile_chart("per 10,000", &tiles)).unwrap();
    let (a, b) = (tile_fill(&svg, &wards[0].1), tile_fill(&svg, &wards[1].1));
    assert!(distance(a, b) < 30.0, "{a:?} vs {b:?}");
    assert!(distance(a, colour_at(0.5)) < 30.0, "{a:?}");
    let scale = Scale::of(values.iter().copied()).unwrap();
    let mean = values.iter().sum::<f64>() / 23.0;
    assert!(
        (scale.lo - mean * 0.75).abs() < 1e-9 && (scale.hi - mean * 1.25).abs() < 1e-9,
        "{scale:?}"
    );
    // A spread wider than ±25 % widens the scale to hold every value.
    let wide = Scale::of([10.0, 20.0, 60.0].into_iter()).unwrap();
    assert_eq!((wide.lo, wide.hi), (0.0, 60.0));
    let signed = Scale::of([-10.0, 10.0].into_iter()).unwrap();
    assert_eq!((signed.lo, signed.hi), (-10.0, 10.0));
    let zero = Scale::of([0.0, 0.0].into_iter()).unwrap();
    assert_eq!(zero.position(0.0), 0.5);
    assert_eq!(Scale::of(std::iter::empty()), None);
}

#[test]
fn tile_map_escapes_names_and_marks_missing_values() {
    let tiles = [
        Tile {
            ward: "Chiyoda",
            label: "<b>区</b>&\"",
            value: Some(1.0),
        },
        Tile {
            ward: "Chuo",
            label: "中央区",
            value: None,
        },
    ];
    let title = "a < b & c";
    let svg = tile_map(&tile_chart(title, &tiles)).unwrap();
    assert_accessible(&svg, "a &lt; b &amp; c");
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("&lt;b&gt;区&lt;/b&gt;&amp;&quot;"), "{svg}");
    // One value: the middle colour (tile and the middle legend step); the
    // missing one is grey.
    assert_eq!(
        count_tags(&svg, "rect", &format!("fill=\"{}\"", hex(colour_at(0.5)))),
        2
    );
    assert_eq!(
        count_tags(&svg, "rect", &format!("fill=\"{}\"", hex(NO_DATA))),
        2
    );
    assert!(texts(&svg).iter().any(|t| t == "データなし"));
}

#[test]
fn tile_map_errors_name_the_bad_input() {
    let tile = |ward, value| Tile {
        ward,
        label: "x",
        value,
    };
    let err = |tiles: &[Tile]| tile_map(&tile_chart("t", tiles)).unwrap_err();
    assert_eq!(err(&[]), ChartError::EmptyData { what: "tiles" });
    let e = err(&[tile("Yokohama", Some(1.0))]);
    assert_eq!(
        e,
        ChartError::UnknownPlace {
            name: "Yokohama".into()
        }
    );
    assert!(
        e.to_string()
            .contains("\"Yokohama\" is not on the tile map")
    );
    let e = err(&[tile("Ota", Some(1.0)), tile("Ota", Some(2.0))]);
    assert!(
        e.to_string().contains("\"Ota\" has more than one tile"),
        "{e}"
    );
    assert_eq!(
        err(&[tile("Ota", Some(1.0)), tile("Kita", Some(f64::NAN))]),
        ChartError::NonFinite {
            what: "tile values",
            index: 1
        }
    );
    let tiles = [tile("Ota", Some(1.0))];
    assert_eq!(
        tile_map(&tile_chart("", &tiles)).unwrap_err(),
        ChartError::MissingTitle
    );
    let mut small = tile_chart("t", &tiles);
    small.size = Size {
        width: 100,
        height: 100,
    };
    assert!(matches!(tile_map(&small), Err(ChartError::BadSize { .. })));
}

// ---------------------------------------------------------------------------
// Property: random finite input never panics
// ---------------------------------------------------------------------------

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e3..1e3f64,
        -1e12..1e12f64,
        Just(0.0),
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-z<&>\"' 東京億円%–]{0,40}"]
}

fn size() -> impl Strategy<Value = Size> {
    (0u32..2000, 0u32..1200).prop_map(|(width, height)| Size { width, height })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn fan_chart_never_panics(
        points in prop::collection::vec(prop::collection::vec(finite(), 5), 0..40),
        sorted in any::<bool>(),
        title in text(),
        legend in text(),
        reference in prop::option::of(finite()),
        size in size(),
    ) {
        let mut q: [Vec<f64>; 5] = Default::default();
        for p in &points {
            let mut p = p.clone();
            if sorted {
                p.sort_by(f64::total_cmp);
            }
            for (k, v) in p.into_iter().enumerate() {
                q[k].push(v);
            }
        }
        let ticks: Vec<String> = (0..points.len()).map(|i| format!("{i}{legend}")).collect();
        let c = FanChart {
            labels: Labels { title: &title, x_label: &legend, y_label: &title },
            x_ticks: &ticks,
            p5: &q[0], p25: &q[1], p50: &q[2], p75: &q[3], p95: &q[4],
            legend_outer: &legend, legend_inner: &title, legend_median: "m",
            reference: reference.map(|r| (r, legend.as_str())),
            y_format: &|v| format!("{v:e}"),
            size,
        };
        if let Ok(svg) = fan_chart(&c) {
            prop_assert!(svg.starts_with("<svg "));
            prop_assert_eq!(count_tags(&svg, "polygon", ""), 2);
        }
    }

    #[test]
    fn histogram_never_panics(
        edges in prop::collection::vec(finite(), 0..30),
        counts in prop::collection::vec(finite(), 0..30),
        monotone in any::<bool>(),
        reference in prop::option::of(finite()),
        label in text(),
        size in size(),
    ) {
        let mut edges = edges;
        let mut counts = counts;
        if monotone {
            edges.sort_by(f64::total_cmp);
            edges.dedup();
            counts.truncate(edges.len().saturating_sub(1));
            counts.iter_mut().for_each(|c| *c = c.abs());
        }
        let h = Histogram {
            labels: Labels { title: "h", x_label: &label, y_label: &label },
            edges: &edges,
            counts: &counts,
            legend: &label,
            reference: reference.map(|r| (r, label.as_str())),
            x_format: &|v| format!("{v:.3}"),
            y_format: &|v| format!("{v:.3}"),
            size,
        };
        if let Ok(svg) = histogram(&h) {
            prop_assert!(svg.ends_with("</svg>\n"));
        }
    }

    #[test]
    fn stacked_bars_never_panic(
        values in prop::collection::vec(prop::collection::vec(finite(), 0..8), 0..10),
        limit in prop::option::of(prop::collection::vec(finite(), 0..8)),
        names in prop::collection::vec(text(), 0..8),
        size in size(),
    ) {
        let n = values.first().map_or(0, Vec::len);
        let categories: Vec<String> = names.iter().take(n).cloned().chain((0..n).map(|i| format!("FY{i}"))).take(n).collect();
        let series: Vec<(String, Vec<f64>)> = values
            .into_iter()
            .enumerate()
            .map(|(i, v)| (names.get(i).cloned().unwrap_or_default(), v))
            .collect();
        let b = StackedBars {
            labels: Labels { title: "b", x_label: "x", y_label: "y" },
            categories: &categories,
            series: &series,
            limit: limit.as_deref().map(|l| (l, "limit")),
            y_format: &|v| format!("{v}"),
            size,
            legend: true,
        };
        if let Ok(svg) = stacked_bars(&b) {
            prop_assert!(svg.contains("role=\"img\""));
        }
    }
}

// ---------------------------------------------------------------------------
// Tornado, overlaid medians and the difference fan
// ---------------------------------------------------------------------------

fn tornado_names() -> Vec<String> {
    ["site_capacity", "beta_tau", "<beta & \"staff\">"]
        .map(String::from)
        .to_vec()
}

const TORNADO_LOW: [f64; 3] = [40_210.0, 42_715.0, 42_760.0];
const TORNADO_HIGH: [f64; 3] = [47_130.0, 42_840.0, 42_770.0];

fn tornado<'a>(names: &'a [String], low: &'a [f64], high: &'a [f64]) -> TornadoChart<'a> {
    TornadoChart {
        labels: Labels {
            title: "参加者数（2030年3月）への影響",
            x_label: "参加者（人）",
            y_label: "パラメータ",
        },
        names,
        low,
        high,
        base: 42_764.0,
        legend_low: "10パーセンタイル",
        legend_high: "90パーセンタイル",
        legend_base: "点推定値",
        x_format: &plain,
        size: Size {
            width: 720,
            height: 320,
        },
    }
}

#[test]
fn tornado_chart_draws_two_bars_per_parameter_around_the_base() {
    let names = tornado_names();
    let svg = tornado_chart(&tornado(&names, &TORNADO_LOW, &TORNADO_HIGH)).unwrap();
    assert_accessible(&svg, "参加者数（2030年3月）への影響");
    let t = texts(&svg);
    for s in [
        "参加者（人）",
        "パラメータ",
        "10パーセンタイル",
        "90パーセンタイル",
        "点推定値",
        "site_capacity",
        "beta_tau",
    ] {
        assert!(t.iter().any(|x| x == s), "missing {s:?} in {t:?}");
    }
    // The parameter name is escaped, never raw markup.
    assert!(
        t.iter()
            .any(|x| x == "&lt;beta &amp; &quot;staff&quot;&gt;"),
        "{t:?}"
    );
    assert!(!svg.contains("<beta"));
    // One low and one high bar per row (plus one legend swatch each).
    let low = count_tags(&svg, "rect", &format!("fill=\"{}\"", hex(PALETTE[0])));
    let high = count_tags(&svg, "rect", &format!("fill=\"{}\"", hex(PALETTE[1])));
    assert_eq!((low, high), (3 + 1, 3 + 1));
    // The base is a dashed black line.
    assert!(count_tags(&svg, "polyline", "stroke=\"#000000\"") >= 2);
    // Rows keep the given order from the top: the first name is highest.
    let y_of = |name: &str| {
        svg.split("<text ")
            .skip(1)
            .find(|el| {
                let body = &el[el.find('>').unwrap() + 1..];
                body[..body.find("</text>").unwrap()].trim() == name
            })
            .and_then(|el| {
                el.split("y=\"")
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse::<f64>()
                    .ok()
            })
            .expect("label with a y position")
    };
    assert!(y_of("site_capacity") < y_of("beta_tau"));
    if let Ok(dir) = std::env::var("CHART_EXAMPLES_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/tornado.svg"), &svg).unwrap();
    }
}

#[test]
fn tornado_chart_errors_name_the_bad_input() {
    let names = tornado_names();
    let e = tornado_chart(&tornado(&[], &[], &[])).unwrap_err();
    assert_eq!(e, ChartError::EmptyData { what: "names" });
    let e = tornado_chart(&tornado(&names, &TORNADO_LOW[..2], &TORNADO_HIGH)).unwrap_err();
    assert_eq!(
        e,
        ChartError::LengthMismatch {
            what: "low",
            expected: 3,
            found: 2
        }
    );
    let high = [1.0, f64::NAN, 2.0];
    let e = tornado_chart(&tornado(&names, &TORNADO_LOW, &high)).unwrap_err();
    assert_eq!(
        e,
        ChartError::NonFinite {
            what: "high",
            index: 1
        }
    );
    let mut c = tornado(&names, &TORNADO_LOW, &TORNADO_HIGH);
    c.base = f64::INFINITY;
    assert_eq!(
        tornado_chart(&c).unwrap_err(),
        ChartError::NonFinite {
            what: "base",
            index: 0
        }
    );
}

/// Quartiles of scenario `k` over `n` months.
fn quartiles(n: usize, k: usize) -> [Vec<f64>; 3] {
    [-0.1, 0.0, 0.1].map(|d| {
        (0..n)
            .map(|i| 28_400.0 + (k as f64 + 1.0 + d) * 100.0 * i as f64)
            .collect()
    })
}

#[test]
fn overlaid_medians_draw_a_band_and_a_line_per_scenario() {
    let d = fan_data(60);
    let q: Vec<[Vec<f64>; 3]> = (0..4).map(|k| quartiles(60, k)).collect();
    let names = ["現状維持", "研修強化", "<combined & plan>", "awareness"];
    let series: Vec<MedianSeries> = q
        .iter()
        .zip(names)
        .map(|(q, name)| MedianSeries {
            name,
            p25: &q[0],
            p50: &q[1],
            p75: &q[2],
        })
        .collect();
    let c = OverlaidMedians {
        labels: Labels {
            title: "参加者数の中央値",
            x_label: "月",
            y_label: "参加者（人）",
        },
        x_ticks: &d.ticks,
        series: &series,
        legend_band: "25–75 %",
        reference: Some((42_600.0, "目標")),
        y_format: &plain,
        size: Size::default(),
    };
    let svg = overlaid_medians(&c).unwrap();
    assert_accessible(&svg, "参加者数の中央値");
    if let Ok(dir) = std::env::var("CHART_EXAMPLES_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/medians.svg"), &svg).unwrap();
    }
    let t = texts(&svg);
    for s in [
        "現状維持",
        "研修強化",
        "&lt;combined &amp; plan&gt;",
        "awareness",
        "25–75 %",
        "目標",
        "月",
    ] {
        assert!(t.iter().any(|x| x == s), "missing {s:?} in {t:?}");
    }
    assert_eq!(count_tags(&svg, "polygon", ""), 4);
    for colour in &PALETTE[..4] {
        let lines = svg
            .split("<polyline ")
            .filter(|el| el.contains("stroke-width=\"2\"") && el.contains(&hex(*colour)))
            .count();
        // The median and its legend swatch.
        assert!(lines >= 1, "no line in {}", hex(*colour));
    }

    let five: Vec<MedianSeries> = (0..5).map(|i| series[i % 4]).collect();
    let e = overlaid_medians(&OverlaidMedians { series: &five, ..c }).unwrap_err();
    assert_eq!(e, ChartError::TooManySeries { found: 5, max: 4 });
    assert!(e.to_string().contains('5') && e.to_string().contains('4'));
    let swapped = [MedianSeries {
        p25: &q[0][2],
        p75: &q[0][0],
        ..series[0]
    }];
    let e = overlaid_medians(&OverlaidMedians {
        series: &swapped,
        ..c
    })
    .unwrap_err();
    assert_eq!(e, ChartError::QuantilesOutOfOrder { index: 1 });
    let e = overlaid_medians(&OverlaidMedians { series: &[], ..c }).unwrap_err();
    assert_eq!(e, ChartError::EmptyData { what: "series" });
}

#[test]
fn a_difference_fan_is_a_fan_chart_around_zero() {
    // Scenario − baseline per month, p5 below zero early on.
    let n = 24;
    let ticks: Vec<String> = fan_data(n).ticks;
    let q = [-3000.0, -1000.0, 0.0, 1000.0, 3000.0].map(|k| {
        (0..n)
            .map(|i| 150.0 * i as f64 + k * (1.0 + i as f64 / 10.0))
            .collect::<Vec<f64>>()
    });
    let c = FanChart {
        labels: Labels {
            title: "研修強化 − 現状維持：参加者数の差",
            x_label: "月",
            y_label: "差（人）",
        },
        x_ticks: &ticks,
        p5: &q[0],
        p25: &q[1],
        p50: &q[2],
        p75: &q[3],
        p95: &q[4],
        legend_outer: "5–95 %",
        legend_inner: "25–75 %",
        legend_median: "中央値",
        reference: Some((0.0, "差なし")),
        y_format: &plain,
        size: Size::default(),
    };
    let svg = fan_chart(&c).unwrap();
    assert_accessible(&svg, "研修強化 − 現状維持：参加者数の差");
    let t = texts(&svg);
    assert!(
        t.iter().any(|x| x == "差なし") && t.iter().any(|x| x == "0"),
        "{t:?}"
    );
    assert!(
        t.iter().any(|x| x.starts_with('-')),
        "negative ticks: {t:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn tornado_chart_never_panics(
        rows in prop::collection::vec((finite(), finite()), 0..30),
        base in finite(),
        name in text(),
        size in size(),
    ) {
        let names: Vec<String> = (0..rows.len()).map(|i| format!("{name}{i}")).collect();
        let low: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let high: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let c = TornadoChart {
            labels: Labels { title: &name, x_label: &name, y_label: "p" },
            names: &names, low: &low, high: &high, base,
            legend_low: "low", legend_high: &name, legend_base: "base",
            x_format: &|v| format!("{v:e}"),
            size,
        };
        if let Ok(svg) = tornado_chart(&c) {
            prop_assert!(svg.starts_with("<svg "));
        }
    }

    #[test]
    fn overlaid_medians_never_panic(
        points in prop::collection::vec(prop::collection::vec(finite(), 3), 0..30),
        scenarios in 0usize..6,
        name in text(),
        size in size(),
    ) {
        let mut q: [Vec<f64>; 3] = Default::default();
        for p in &points {
            let mut p = p.clone();
            p.sort_by(f64::total_cmp);
            for (k, v) in p.into_iter().enumerate() {
                q[k].push(v);
            }
        }
        let ticks: Vec<String> = (0..points.len()).map(|i| format!("{i}")).collect();
        let series: Vec<MedianSeries> = (0..scenarios)
            .map(|_| MedianSeries { name: &name, p25: &q[0], p50: &q[1], p75: &q[2] })
            .collect();
        let c = OverlaidMedians {
            labels: Labels { title: &name, x_label: "m", y_label: &name },
            x_ticks: &ticks, series: &series, legend_band: "25–75 %",
            reference: None, y_format: &|v| format!("{v:e}"), size,
        };
        match overlaid_medians(&c) {
            Ok(svg) => prop_assert!(svg.starts_with("<svg ") && (1..=4).contains(&scenarios)),
            Err(ChartError::TooManySeries { found, max }) => prop_assert!(found > max),
            Err(_) => {}
        }
    }
}
