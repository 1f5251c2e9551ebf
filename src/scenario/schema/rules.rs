//! Reading the `outcome_rules` array: per-unit payments, bonuses and
//! withheld grants.

use toml::Value;
use toml::value::Table;

use crate::model::outcome::{OutcomeRule, RuleKind, RuleMetric};
use crate::text::format::round_sig;

use super::super::message::{Phrase, Problem, Shown};
use super::super::read::{Reader, describe, index, join};

/// The `outcome_rules` array.
pub(super) fn read_rules(v: &Value, r: &mut Reader) -> Vec<OutcomeRule> {
    let path = "outcome_rules";
    let Some(items) = r.as_array(v, path) else {
        return Vec::new();
    };
    let mut rules: Vec<OutcomeRule> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = index(path, i);
        let Some(t) = r.as_table(item, &p) else {
            continue;
        };
        if let Some(rule) = read_rule(t, &p, &rules, r) {
            rules.push(rule);
        }
    }
    let withheld: f64 = rules.iter().map(|r| r.withheld_share()).sum();
    if withheld > 1.0 + 1e-12 {
        r.error(
            path,
            Shown::WithholdSum(round_sig(withheld).to_string()),
            Problem::Fixed(Phrase::WithholdTotal),
        );
    }
    rules
}

/// One rule at `p`, whose id must differ from those of the rules read
/// before it.
fn read_rule(t: &Table, p: &str, before: &[OutcomeRule], r: &mut Reader) -> Option<OutcomeRule> {
    let kind = r.required(t, p, "kind", Phrase::RuleKind, |r, v, p| {
        let k = r.as_str(v, p)?;
        if ["per_unit", "bonus", "withhold"].contains(&k) {
            Some(k.to_string())
        } else {
            r.error(p, describe(v), Problem::Fixed(Phrase::KindChoice));
            None
        }
    });
    let fields: &[&str] = match kind.as_deref() {
        Some("per_unit") => &["id", "kind", "metric", "rate", "threshold", "cap"],
        Some("bonus") => &["id", "kind", "metric", "threshold", "amount"],
        Some("withhold") => &["id", "kind", "metric", "fraction", "floor", "target"],
        _ => &[
            "id",
            "kind",
            "metric",
            "rate",
            "threshold",
            "cap",
            "amount",
            "fraction",
            "floor",
            "target",
        ],
    };
    r.only_keys(t, p, fields);
    let id = r.required(t, p, "id", Phrase::RuleId, |r, v, p| r.as_text(v, p, 100));
    if let Some(id) = &id
        && before.iter().any(|x| &x.id == id)
    {
        r.error(
            &join(p, "id"),
            format!("{id:?}"),
            Problem::Fixed(Phrase::RuleIdsUnique),
        );
    }
    let metric = r.required(t, p, "metric", Phrase::RuleMetric, |r, v, p| {
        let k = r.as_str(v, p)?;
        let m = RuleMetric::from_key(k);
        if m.is_none() {
            let metric_keys: Vec<&str> = RuleMetric::ALL.iter().map(|m| m.key()).collect();
            r.error(
                p,
                describe(v),
                Problem::OneOf {
                    field: "metric",
                    allowed: metric_keys.join(", "),
                },
            );
        }
        m
    });
    let kind = read_rule_kind(t, p, kind.as_deref(), r);
    Some(OutcomeRule {
        id: id?,
        metric: metric?,
        kind: kind?,
    })
}

/// What a rule of kind `kind` pays or holds back, from its own fields.
fn read_rule_kind(t: &Table, p: &str, kind: Option<&str>, r: &mut Reader) -> Option<RuleKind> {
    let num = |r: &mut Reader, key: &str, what: Phrase| {
        r.required(t, p, key, what, |r, v, p| r.as_number(v, p))
    };
    match kind {
        Some("per_unit") => {
            let rate = r.required(t, p, "rate", Phrase::Rate, |r, v, p| r.as_money(v, p));
            let threshold = num(r, "threshold", Phrase::UnitThreshold);
            let cap = r.optional(t, p, "cap", |r, v, p| r.as_money(v, p));
            Some(RuleKind::PerUnit {
                rate: rate?,
                threshold: threshold?,
                cap,
            })
        }
        Some("bonus") => {
            let threshold = num(r, "threshold", Phrase::BonusThreshold);
            let amount = r.required(t, p, "amount", Phrase::BonusAmount, |r, v, p| {
                r.as_money(v, p)
            });
            Some(RuleKind::Bonus {
                threshold: threshold?,
                amount: amount?,
            })
        }
        Some("withhold") => {
            let fraction = r.required(t, p, "fraction", Phrase::Fraction, |r, v, p| {
                r.as_probability(v, p)
            });
            let floor = num(r, "floor", Phrase::Floor);
            let target = num(r, "target", Phrase::Target);
            let (fraction, floor, target) = (fraction?, floor?, target?);
            if target <= floor {
                r.error(
                    &join(p, "target"),
                    target.to_string(),
                    Problem::TargetAboveFloor {
                        floor: floor.to_string(),
                    },
                );
                return None;
            }
            Some(RuleKind::Withhold {
                fraction,
                floor,
                target,
            })
        }
        _ => None,
    }
}
