//! One example of every kind of error, for the tests of the catalogue.

use super::phrase::Phrase;
use super::problem::Problem;

/// One example of every variant of [`Problem`], for tests of the catalogue.
pub fn examples() -> Vec<Problem> {
    let error = crate::model::distribution::Distribution::parse("pert(3,2,1)")
        .expect_err("an invalid distribution");
    vec![
        Problem::WrongType {
            expected: Phrase::ATable,
            found: Phrase::AString,
        },
        Problem::UnknownField {
            allowed: "runs, seed".into(),
        },
        Problem::Whole {
            what: Phrase::Horizon,
            min: 1,
            max: 20,
            found: Some(Phrase::AString),
        },
        Problem::Range {
            range: Phrase::Money,
            found: Some(Phrase::ABool),
        },
        Problem::Missing(Phrase::ScenarioName),
        Problem::Fixed(Phrase::Finite),
        Problem::TooLong { max: 200 },
        Problem::OneOf {
            field: "spread",
            allowed: "equal, status_quo".into(),
        },
        Problem::MissingMetric {
            id: "x".into(),
            allowed: "participants".into(),
        },
        Problem::SchemaVersion {
            current: 3,
            oldest: 1,
            missing: true,
            newer: true,
        },
        Problem::UnknownParameter {
            allowed: "need_rate, c0".into(),
        },
        Problem::Distribution {
            error: Box::new(error),
            with_input: true,
        },
        Problem::Support {
            param: "c0",
            range: crate::model::Param::C0.spec().range,
            lo: "1.2".into(),
            hi: "1.2".into(),
        },
        Problem::Exceeds {
            low: "c_min",
            high: "c_max",
            at: "0.8".into(),
        },
        Problem::SetTwice {
            field: "continuation",
            param: "c0",
        },
        Problem::TotalCount { years: 5 },
        Problem::TargetAboveFloor {
            floor: "0.9".into(),
        },
        Problem::WardCount { max: 1000 },
        Problem::ShiftOutside {
            line: "staff",
            from: "0.1000".into(),
            to: "-0.1000".into(),
        },
        Problem::NegativeGrants { yen: "-1".into() },
        Problem::UnknownWard {
            names: "Chiyoda".into(),
            names_ja: "千代田区".into(),
        },
        Problem::NotToml {
            detail: "TOML parse error".into(),
            at: Some((3, 5)),
        },
        Problem::NotJson {
            detail: "EOF".into(),
            at: None,
        },
        Problem::FileTooLarge {
            mb: "17.0".into(),
            max_mb: 16,
        },
        Problem::ImportTooLarge {
            mb: "17.0".into(),
            max_mb: "16".into(),
        },
        Problem::Unreadable {
            detail: "NotReadableError".into(),
        },
        Problem::NoWardData {
            builtins: "tokyo-23".into(),
            why: "no such file".into(),
        },
        Problem::NoFiles {
            builtins: "tokyo-23".into(),
            path: "w.toml".into(),
        },
        Problem::NumberTooLarge {
            whole: true,
            at: Some((4, 8)),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::super::{Bilingual, Phrase, Problem, Shown};
    use super::examples;

    fn japanese(s: &str) -> bool {
        s.chars().any(|c| {
            matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
        })
    }

    #[test]
    fn every_phrase_has_both_languages() {
        for p in Phrase::ALL {
            assert!(!p.en().trim().is_empty(), "{p:?} is empty in English");
            assert!(!p.ja().trim().is_empty(), "{p:?} is empty in Japanese");
            assert_ne!(p.en(), p.ja(), "{p:?} is not translated");
        }
    }

    #[test]
    fn every_problem_has_both_languages() {
        let examples = examples();
        let keys: Vec<&str> = examples.iter().map(Problem::key).collect();
        assert_eq!(
            keys,
            Problem::KEYS,
            "one example of every variant, in order"
        );
        for p in &examples {
            assert!(!p.en().trim().is_empty(), "{p:?} is empty in English");
            assert!(japanese(&p.ja()), "{p:?} is not Japanese: {}", p.ja());
        }
    }

    #[test]
    fn described_values_have_both_languages() {
        let shown = [
            Shown::Table,
            Shown::Array(1),
            Shown::Wards(0),
            Shown::SharesSum("0.9".into()),
            Shown::ShiftsSum("0.1".into()),
            Shown::WithholdSum("1.3".into()),
            Shown::NoSupporters,
            Shown::InTotal("¥1,000".into()),
            Shown::WardInFy {
                name: "Chiyoda".into(),
                name_ja: "千代田区".into(),
                fy: 2025,
            },
        ];
        for s in shown {
            assert!(!s.en().is_empty());
            assert!(japanese(&s.ja()), "{s:?}");
        }
        assert_eq!(Shown::Array(1).en(), "an array of 1 item");
        assert_eq!(Shown::from(String::new()), Shown::Nothing);
    }
}
