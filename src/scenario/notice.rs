//! What the engine tells the user about a scenario that it can run, in
//! English and in Japanese: the warnings of a scenario or a run
//! ([`Warning`]) and the findings of the calibration checks of a ward's
//! figures ([`Finding`]).
//!
//! Like the errors of [`super::message`], each kind is a variant holding
//! what its message names, the numbers already written as the English
//! shows them; [`Bilingual::text`] gives both languages side by side: the
//! English is the text the command-line tool prints and writes as JSON, the
//! Japanese is for the browser app.

use std::fmt;

use serde::{Serialize, Serializer};

pub use super::finding::{Finding, Severity};
use super::message::{Bilingual, Shown, Text};

/// Something the user should know about a scenario or its runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// A `[my_ward]` scenario without targets: the brief's targets scaled
    /// to the ward.
    OwnTargets {
        /// Participants to reach.
        participants: f64,
        /// Certified supporters to reach.
        certified: f64,
    },
    /// The default targets (the brief's 23-ward totals) with other ward data.
    DefaultTargets {
        /// The ward data set.
        data: String,
    },
    /// A file that lists no targets at all (`targets = []`).
    NoTargets,
    /// A budget line that no ward has in the status quo, spread per resident.
    SpreadPerResident {
        /// The line.
        line: &'static str,
    },
    /// A status quo at capacity (calibrated to demand = dropouts).
    AtCapacity {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
    },
    /// A status quo where nobody can join.
    NoDemand {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
    },
    /// Awareness that cannot be held at its starting value.
    AwarenessDrifts {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
    },
    /// Supporters that cannot be held: recruits but no participants.
    NoRecruits {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
    },
    /// Referrals alone bring more new participants than the status quo
    /// loses (docs/model.md §9.4): join is 0 and participants grow.
    ReferralsExceed {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
    },
    /// A status quo the monthly step cannot hold.
    KnifeEdge {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
    },
    /// Certified supporters that move at the status quo.
    CertifiedDrifts {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
        /// Whether they rise (else fall).
        rise: bool,
        /// How many a year, as written.
        per_year: String,
    },
    /// Money on the online line while the online mechanism is off: it is
    /// spent and buys nothing (docs/model.md §9.1).
    OnlineBuysNothing,
    /// A per-unit outcome rule without a cap.
    UncappedRule {
        /// The rule's id.
        id: String,
    },
    /// Runs whose sampled parameters put the status quo at capacity.
    SampledAtCapacity {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
        /// Runs at capacity.
        runs: u64,
        /// All runs.
        of: u64,
    },
    /// A calibration check of severity warning about a ward's figures.
    Check {
        /// The ward in English.
        ward: String,
        /// The ward in Japanese.
        ward_ja: String,
        /// The check.
        check: Box<Check>,
    },
}

impl Bilingual for Warning {
    fn text(&self) -> Text {
        match self {
            Warning::OwnTargets {
                participants,
                certified,
            } => Text::new(
                format!(
                    "no [[run.targets]] given: the brief's targets are scaled to the ward — participants ≥ {participants} \
                     (+50 %, as 42,600 / 28,400) and certified supporters ≥ {certified} (× 4,800 / 2,800); continuation, \
                     satisfaction and awareness keep the brief's thresholds"
                ),
                format!(
                    "[[run.targets]]の指定がないため、提言の目標を区に合わせて換算しました。参加者{participants}人以上\
                     （+50 %、42,600 / 28,400の比）、認定サポーター{certified}人以上（× 4,800 / 2,800）。継続率・満足度・\
                     認知度は提言の基準値のままです"
                ),
            ),
            Warning::DefaultTargets { data } => Text::new(
                format!(
                    "the default targets are the brief's totals for all 23 wards (42,600 participants, 4,800 certified \
                     supporters); ward data '{data}' may need its own [[run.targets]]"
                ),
                format!(
                    "既定の目標は提言の23区全体の合計（参加者42,600人、認定サポーター4,800人）です。区データ'{data}'には\
                     独自の[[run.targets]]が必要な場合があります"
                ),
            ),
            Warning::NoTargets => Text::new(
                "run.targets is empty, so no target is judged and no probability of \
                 meeting one is reported; leave run.targets out for the brief's five default targets",
                "run.targetsが空のため、目標の判定も達成確率の報告もしません。\
                 提言の5つの既定の目標を使うには、run.targetsを省いてください",
            ),
            Warning::SpreadPerResident { line } => Text::new(
                format!(
                    "budget.spread = \"status_quo\": no ward spends on the {line} line in the status quo, so that line is spread per resident"
                ),
                format!(
                    "budget.spread = \"status_quo\": 現状ではどの区にも{line}の予算がないため、この費目は人口比で配分します"
                ),
            ),
            Warning::OnlineBuysNothing => Text::new(
                "budget: the online line has money, but the model runs without online groups (model version 1 \
                 or the online mechanism off): it is spent and buys nothing (docs/model.md §9.1)",
                "budget: オンライン・ハイブリッドの費目に予算がありますが、モデルはオンライングループなし\
                 （バージョン1またはonlineの仕組みがオフ）で計算するため、支出されるだけで効果はありません\
                 （docs/model.md §9.1）",
            ),
            Warning::UncappedRule { id } => Text::new(
                format!(
                    "outcome rule '{id}': a per-unit rule without a cap has no planned ceiling, so its payments are not \
                     in the appropriation and any payment counts towards an overrun"
                ),
                format!(
                    "成果連動ルール'{id}': 上限（cap）のないper_unitルールは支払いの上限が計画されていないため、支払額は\
                     予算額に含まれず、支払いはすべて予算超過に数えます"
                ),
            ),
            Warning::AtCapacity { ward, ward_ja }
            | Warning::NoDemand { ward, ward_ja }
            | Warning::AwarenessDrifts { ward, ward_ja }
            | Warning::NoRecruits { ward, ward_ja }
            | Warning::ReferralsExceed { ward, ward_ja }
            | Warning::KnifeEdge { ward, ward_ja }
            | Warning::CertifiedDrifts { ward, ward_ja, .. }
            | Warning::SampledAtCapacity { ward, ward_ja, .. }
            | Warning::Check { ward, ward_ja, .. } => {
                let about = self.about_ward();
                Text::new(
                    format!("{ward}: {}", about.en),
                    format!("{ward_ja}: {}", about.ja),
                )
            }
        }
    }
}

impl Warning {
    /// What a warning about one ward says after the ward's name.
    fn about_ward(&self) -> Text {
        match self {
            Warning::AtCapacity { .. } => Text::new(
                "the status quo is at capacity (sites or supporters cannot take the participants who replace \
                 dropouts), so it cannot be stationary; calibrated to demand = dropouts (docs/model.md §5)",
                "現状が定員の上限に達しています（拠点またはサポーターが、離脱した参加者に代わる参加者を\
                 受け入れられません）。定常状態にならないため、需要 = 離脱者数として較正しました（docs/model.md §5）",
            ),
            Warning::NoDemand { .. } => Text::new(
                "no demand is possible at the status quo (no awareness, no sites, or participants already at \
                 the need pool), so nobody can join; join set to 0",
                "現状では需要が生じません（認知がない、拠点がない、または参加者がすでに需要人口に達して\
                 います）。新たに参加できないため、joinを0にしました",
            ),
            Warning::AwarenessDrifts { .. } => Text::new(
                "awareness cannot be held at its starting value (no publicity money, or awareness at or above \
                 a_max); aw_gain set to 0",
                "認知度を当初の値に保てません（普及啓発の予算がない、または認知度がa_max以上です）。\
                 aw_gainを0にしました",
            ),
            Warning::NoRecruits { .. } => Text::new(
                "the status quo loses or trains untrained supporters but has no participants to recruit \
                 new ones from, so supporters cannot be held; recruit set to 0",
                "現状では研修未修了のサポーターが離脱・修了で減りますが、新たなサポーターを迎える\
                 参加者がいないため、サポーター数を保てません。recruitを0にしました",
            ),
            Warning::ReferralsExceed { .. } => Text::new(
                "referrals by the status quo's dedicated staff (rho_ref per FTE a month) alone bring more new \
                 participants than the status quo loses, so it cannot be stationary: join set to 0, and \
                 participants will grow; check the staff line or parameters.rho_ref (docs/model.md §9.4)",
                "現状の専任職員による紹介（常勤換算1人あたり月rho_ref人）だけで、現状で離脱する参加者より\
                 多くの新規参加者が生じるため、定常状態になりません。joinを0にしました。参加者は増えていきます。\
                 専任職員の予算またはparameters.rho_refを確認してください（docs/model.md §9.4）",
            ),
            Warning::KnifeEdge { .. } => Text::new(
                "nearly all of the need pool (need_rate × population) already takes part, so the \
                 status quo is a balance the model's monthly steps cannot hold: a small change of participants \
                 swings from month to month; check the participants or parameters.need_rate",
                "需要人口（need_rate × population）のほぼ全員がすでに参加しているため、現状はモデルの\
                 月ごとの計算では保てない均衡です。参加者のわずかな変化が月ごとに振れます。参加者数または\
                 parameters.need_rateを確認してください",
            ),
            Warning::CertifiedDrifts { rise, per_year, .. } => Text::new(
                format!(
                    "at the status quo training certifies {} supporters than stop, so certified supporters \
                     {} by about {per_year} a year and continuation moves with them (calibration holds participants, \
                     untrained supporters and awareness, not certified supporters)",
                    if *rise { "more" } else { "fewer" },
                    if *rise { "rise" } else { "fall" },
                ),
                format!(
                    "現状では研修で認定されるサポーターが活動をやめる認定サポーターより{}ため、認定\
                     サポーターは年に約{per_year}人{}、継続率もそれにつれて変わります（較正で保つのは参加者・未研修\
                     サポーター・認知度で、認定サポーターは保ちません）",
                    if *rise { "多い" } else { "少ない" },
                    if *rise { "増え" } else { "減り" },
                ),
            ),
            Warning::SampledAtCapacity { runs, of, .. } => Text::new(
                format!(
                    "in {runs} of {of} runs the sampled parameters put the status quo at capacity (docs/model.md §5)"
                ),
                format!(
                    "{of}回中{runs}回の試行で、抽出したパラメータにより現状が定員の上限に達しました\
                     （docs/model.md §5）"
                ),
            ),
            Warning::Check { check, .. } => Text::new(check.to_string(), check.ja()),
            _ => unreachable!("{self:?} is not about one ward"),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

/// A warning is written to JSON as its English text.
impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en())
    }
}

/// One finding about one ward's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// Stable identifier (`need_pool`, `supporter_capacity`, …; README lists them).
    pub id: &'static str,
    /// Warning or note.
    pub severity: Severity,
    /// Path of the field the finding is about (`my_ward.participants`).
    pub field: String,
    /// The value found, as people read it.
    pub value: String,
    /// What is wrong or notable, and why.
    pub message: String,
    /// The value, for the message in either language.
    #[serde(skip)]
    pub shown: Shown,
    /// What is wrong or notable, for the message in either language.
    #[serde(skip)]
    pub finding: Finding,
}

impl Check {
    /// The check finding `finding` about `field`, whose value is `shown`.
    pub fn new(field: String, shown: Shown, finding: Finding) -> Check {
        Check {
            id: finding.id(),
            severity: finding.severity(),
            field,
            value: shown.en(),
            message: finding.en(),
            shown,
            finding,
        }
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}: {}", self.field, self.value, self.message)
    }
}

impl Bilingual for Check {
    fn text(&self) -> Text {
        Text::new(
            self.to_string(),
            format!(
                "{} = {}: {}",
                self.field,
                self.shown.ja(),
                self.finding.ja()
            ),
        )
    }
}
