//! Reading the `parameters` section (each parameter's distribution, origin
//! and per-ward variation, checked against its plausible range) and the
//! `unit_costs` section.

use toml::Value;

use crate::model::UnitCosts;
use crate::model::distribution::Distribution;
use crate::model::parameters::{Origin, Param};

use super::super::message::{Phrase, Problem};
use super::super::read::{Reader, describe, join};
use super::types::ParameterOverride;

/// A distribution, written as text or as a number.
fn read_distribution(v: &Value, path: &str, r: &mut Reader) -> Option<Distribution> {
    let parsed = match v {
        Value::String(s) => Distribution::parse(s),
        Value::Integer(_) | Value::Float(_) => {
            let x = r.as_number(v, path)?;
            Ok(Distribution::Fixed { value: x })
        }
        other => {
            r.wrong_type(path, other, Phrase::ADistribution);
            return None;
        }
    };
    match parsed {
        Ok(d) => Some(d),
        Err(e) => {
            // The message quotes the text only where it differs from the
            // value shown (the path line shows it already).
            let with_input = match v {
                Value::String(text) => e.input() != Some(text.as_str()),
                _ => true,
            };
            r.error(
                path,
                describe(v),
                Problem::Distribution {
                    error: Box::new(e),
                    with_input,
                },
            );
            None
        }
    }
}

pub(super) fn read_parameters(v: &Value, r: &mut Reader) -> Vec<ParameterOverride> {
    let Some(t) = r.as_table(v, "parameters") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let names: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
    for (key, value) in t {
        let path = join("parameters", key);
        let Some(param) = Param::from_name(key) else {
            r.error(
                &path,
                describe(value),
                Problem::UnknownParameter {
                    allowed: names.join(", "),
                },
            );
            continue;
        };
        let (dist_value, origin, ward_variation) = match value {
            Value::Table(pt) => {
                r.only_keys(pt, &path, &["distribution", "origin", "ward_variation"]);
                let origin = r.optional(pt, &path, "origin", |r, v, p| {
                    let k = r.as_str(v, p)?;
                    let o = Origin::from_key(k);
                    if o.is_none() {
                        r.error(p, describe(v), Problem::Fixed(Phrase::OriginChoice));
                    }
                    o
                });
                let variation = r.optional(pt, &path, "ward_variation", |r, v, p| {
                    r.as_number_in(v, p, |x| (0.0..=2.0).contains(&x), Phrase::WardVariation)
                });
                match pt.get("distribution") {
                    Some(d) => (Some(d.clone()), origin, variation),
                    None => (None, origin, variation),
                }
            }
            other => (Some(other.clone()), None, None),
        };
        let dist_path = if matches!(value, Value::Table(_)) {
            join(&path, "distribution")
        } else {
            path.clone()
        };
        let distribution = match dist_value {
            Some(d) => read_distribution(&d, &dist_path, r),
            None => Distribution::parse(param.spec().default_distribution).ok(),
        };
        let Some(distribution) = distribution else {
            continue;
        };
        let range = param.spec().range;
        let (lo, hi) = distribution.support();
        if !range.contains_support(lo, hi) {
            r.error(
                &dist_path,
                distribution.to_string(),
                Problem::Support {
                    param: param.name(),
                    range,
                    lo: lo.to_string(),
                    hi: hi.to_string(),
                },
            );
            continue;
        }
        out.push(ParameterOverride {
            param,
            distribution,
            origin,
            ward_variation,
        });
    }
    // Cross-parameter constraints on the supports.
    let support = |p: Param| {
        out.iter()
            .find(|o| o.param == p)
            .map(|o| o.distribution.support())
            .unwrap_or_else(|| {
                let d = Distribution::parse(p.spec().default_distribution).expect("valid default");
                d.support()
            })
    };
    let pairs = [(Param::CMin, Param::CMax), (Param::AFloor, Param::AMax)];
    for (low, high) in pairs {
        let (_, low_hi) = support(low);
        let (high_lo, _) = support(high);
        if low_hi > high_lo {
            r.error(
                &join("parameters", low.name()),
                low_hi.to_string(),
                Problem::Exceeds {
                    low: low.name(),
                    high: high.name(),
                    at: high_lo.to_string(),
                },
            );
        }
    }
    out
}

/// The `unit_costs` section.
pub(super) fn read_unit_costs(v: &Value, r: &mut Reader) -> UnitCosts {
    let mut costs = UnitCosts::default();
    let Some(t) = r.as_table(v, "unit_costs") else {
        return costs;
    };
    r.only_keys(
        t,
        "unit_costs",
        &["fte", "seat", "supervision_month", "base", "online_group"],
    );
    let unit_cost = |r: &mut Reader, v: &Value, p: &str| {
        r.as_number_in(v, p, |x| (1.0..=1e12).contains(&x), Phrase::UnitCost)
    };
    if let Some(x) = r.optional(t, "unit_costs", "fte", unit_cost) {
        costs.fte = x;
    }
    if let Some(x) = r.optional(t, "unit_costs", "seat", unit_cost) {
        costs.seat = x;
    }
    if let Some(x) = r.optional(t, "unit_costs", "supervision_month", unit_cost) {
        costs.supervision_month = x;
    }
    if let Some(x) = r.optional(t, "unit_costs", "base", unit_cost) {
        costs.base = x;
    }
    if let Some(x) = r.optional(t, "unit_costs", "online_group", unit_cost) {
        costs.online_group = x;
    }
    costs
}
