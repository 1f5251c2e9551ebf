//! Outcome-linked funding (成果連動型, docs/model.md §6): rules evaluated per ward
//! at the end of each fiscal year.

use serde::{Deserialize, Serialize};

/// A ward's figure that a rule pays against (docs/model.md §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleMetric {
    /// Participants at FY end.
    Participants,
    /// New participants in the FY.
    NewParticipants,
    /// FY continuation ∏(1 − d) over the FY's months.
    Continuation,
    /// Certified supporters at FY end.
    Certified,
    /// Awareness at FY end.
    Awareness,
    /// Satisfaction in the FY's last month.
    Satisfaction,
}

impl RuleMetric {
    /// All metrics.
    pub const ALL: [RuleMetric; 6] = [
        RuleMetric::Participants,
        RuleMetric::NewParticipants,
        RuleMetric::Continuation,
        RuleMetric::Certified,
        RuleMetric::Awareness,
        RuleMetric::Satisfaction,
    ];

    /// Key in scenario files.
    pub fn key(self) -> &'static str {
        match self {
            RuleMetric::Participants => "participants",
            RuleMetric::NewParticipants => "new_participants",
            RuleMetric::Continuation => "continuation",
            RuleMetric::Certified => "certified",
            RuleMetric::Awareness => "awareness",
            RuleMetric::Satisfaction => "satisfaction",
        }
    }

    /// The metric with key `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// How a rule pays (docs/model.md §6).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    /// `rate` yen × max(0, metric − threshold), at most `cap` yen per ward and FY.
    PerUnit {
        /// Yen per unit of the metric above the threshold.
        rate: f64,
        /// Level above which units are paid.
        threshold: f64,
        /// Largest payment per ward and FY, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        cap: Option<f64>,
    },
    /// `amount` yen when metric ≥ threshold.
    Bonus {
        /// Level to reach.
        threshold: f64,
        /// Lump sum per ward and FY.
        amount: f64,
    },
    /// A share of the grants line is held back and released in proportion
    /// to clamp((metric − floor)/(target − floor), 0, 1); the rest is not spent.
    Withhold {
        /// Share of the grants line held back.
        fraction: f64,
        /// Metric at which nothing is released.
        floor: f64,
        /// Metric at which everything is released.
        target: f64,
    },
}

/// One outcome-linked rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRule {
    /// Identifier (unique in the scenario).
    pub id: String,
    /// The figure the rule looks at.
    pub metric: RuleMetric,
    /// How it pays.
    #[serde(flatten)]
    pub kind: RuleKind,
}

/// A ward's figures for one FY, as the rules see them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FyFigures {
    /// Participants at FY end.
    pub participants: f64,
    /// New participants in the FY.
    pub new_participants: f64,
    /// FY continuation.
    pub continuation: f64,
    /// Certified supporters at FY end.
    pub certified: f64,
    /// Awareness at FY end.
    pub awareness: f64,
    /// Satisfaction in the FY's last month.
    pub satisfaction: f64,
}

impl FyFigures {
    /// The value of one metric.
    pub fn get(&self, metric: RuleMetric) -> f64 {
        match metric {
            RuleMetric::Participants => self.participants,
            RuleMetric::NewParticipants => self.new_participants,
            RuleMetric::Continuation => self.continuation,
            RuleMetric::Certified => self.certified,
            RuleMetric::Awareness => self.awareness,
            RuleMetric::Satisfaction => self.satisfaction,
        }
    }
}

impl OutcomeRule {
    /// Share of the grants line this rule holds back during the FY.
    pub fn withheld_share(&self) -> f64 {
        match self.kind {
            RuleKind::Withhold { fraction, .. } => fraction,
            _ => 0.0,
        }
    }

    /// Payment of the rule to one ward for one FY (yen). `grants_line` is the
    /// ward's planned grants line for the FY.
    pub fn payment(&self, figures: &FyFigures, grants_line: f64) -> f64 {
        let x = figures.get(self.metric);
        match self.kind {
            RuleKind::PerUnit {
                rate,
                threshold,
                cap,
            } => {
                let pay = rate * (x - threshold).max(0.0);
                cap.map_or(pay, |c| pay.min(c))
            }
            RuleKind::Bonus { threshold, amount } => {
                if x >= threshold {
                    amount
                } else {
                    0.0
                }
            }
            RuleKind::Withhold {
                fraction,
                floor,
                target,
            } => {
                let released = if target > floor {
                    ((x - floor) / (target - floor)).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                fraction * grants_line * released
            }
        }
    }

    /// The planned ceiling of the rule's payments to one ward in one FY
    /// (part of the appropriation, docs/model.md §7). A withhold rule pays out of
    /// the grants line, which the appropriation already holds, so it adds
    /// nothing; an uncapped per-unit rule has no ceiling and adds nothing.
    pub fn ceiling(&self) -> f64 {
        match self.kind {
            RuleKind::PerUnit { cap, .. } => cap.unwrap_or(0.0),
            RuleKind::Bonus { amount, .. } => amount,
            RuleKind::Withhold { .. } => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> FyFigures {
        FyFigures {
            participants: 1000.0,
            new_participants: 300.0,
            continuation: 0.80,
            certified: 120.0,
            awareness: 0.4,
            satisfaction: 0.9,
        }
    }

    #[test]
    fn per_unit_pays_above_threshold_up_to_cap() {
        let rule = OutcomeRule {
            id: "r".into(),
            metric: RuleMetric::NewParticipants,
            kind: RuleKind::PerUnit {
                rate: 5_000.0,
                threshold: 100.0,
                cap: Some(600_000.0),
            },
        };
        // 5,000 × (300 − 100) = 1,000,000, capped at 600,000.
        assert_eq!(rule.payment(&figures(), 0.0), 600_000.0);
        let uncapped = OutcomeRule {
            kind: RuleKind::PerUnit {
                rate: 5_000.0,
                threshold: 100.0,
                cap: None,
            },
            ..rule
        };
        assert_eq!(uncapped.payment(&figures(), 0.0), 1_000_000.0);
        assert_eq!(uncapped.ceiling(), 0.0);
    }

    #[test]
    fn bonus_pays_at_threshold() {
        let mut rule = OutcomeRule {
            id: "b".into(),
            metric: RuleMetric::Satisfaction,
            kind: RuleKind::Bonus {
                threshold: 0.9,
                amount: 1e6,
            },
        };
        assert_eq!(rule.payment(&figures(), 0.0), 1e6);
        rule.kind = RuleKind::Bonus {
            threshold: 0.91,
            amount: 1e6,
        };
        assert_eq!(rule.payment(&figures(), 0.0), 0.0);
    }

    #[test]
    fn withhold_releases_in_proportion() {
        let rule = OutcomeRule {
            id: "w".into(),
            metric: RuleMetric::Continuation,
            kind: RuleKind::Withhold {
                fraction: 0.2,
                floor: 0.70,
                target: 0.85,
            },
        };
        // (0.80 − 0.70)/(0.85 − 0.70) = 2/3 of 20 % of 9,000,000.
        let paid = rule.payment(&figures(), 9_000_000.0);
        assert!((paid - 1_200_000.0).abs() < 1e-6, "{paid}");
        assert_eq!(rule.withheld_share(), 0.2);
        assert_eq!(rule.ceiling(), 0.0);
    }
}
