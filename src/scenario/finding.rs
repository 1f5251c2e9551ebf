//! The findings of the calibration checks of a ward's figures
//! ([`Finding`]) and how much each matters ([`Severity`]), each with its
//! English and Japanese side by side ([`Bilingual::text`]).

use serde::Serialize;

use super::message::{Bilingual, Text};

/// What a calibration check finds about a ward's figures: one variant per
/// check, holding what its message names (numbers as written).
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum Finding {
    /// The status quo is at capacity.
    AtCapacity { ward: String, ward_ja: String },
    /// Nobody can join at the status quo.
    NoDemand { ward: String, ward_ja: String },
    /// Awareness cannot be held.
    AwarenessDrifts { ward: String, ward_ja: String },
    /// Supporters cannot be held: recruits but no participants.
    NoRecruits { ward: String, ward_ja: String },
    /// Referrals alone exceed the status quo's dropouts (model version 2).
    ReferralsExceed { ward: String, ward_ja: String },
    /// More participants than the need pool.
    NeedPool {
        need_rate: String,
        population: String,
        pool: String,
        least: String,
    },
    /// Participants but no supporters.
    NoSupporters { participants: String },
    /// More participants than the supporters can carry.
    SupporterCapacity {
        caseload: String,
        supporters: String,
        capacity: String,
    },
    /// Participants but no money for sites.
    NoSites { participants: String, base: String },
    /// More participants than the sites can hold.
    SiteCapacity {
        site_capacity: String,
        sites: String,
        capacity: String,
        base: String,
    },
    /// A bases line that pays for another number of sites than stated.
    BasesBudget {
        sites: String,
        base: String,
        field: String,
        stated: String,
        /// The unit cost that would match, if there are sites.
        suggested: Option<String>,
    },
    /// Awareness outside a_floor–a_max.
    AwarenessRange {
        a_floor: String,
        a_max: String,
        below: bool,
    },
    /// Continuation outside c_min–c_max.
    ContinuationRange {
        c_min: String,
        c_max: String,
        runs_at: String,
    },
    /// Satisfaction above the cap.
    SatisfactionRange,
    /// Training that does not replace the certified supporters who stop.
    TrainingReplacement {
        rise: bool,
        trained: String,
        /// Fewer certified than the seats bought.
        short: bool,
        stop: String,
        cost: String,
    },
    /// More supervision money than supervision costs.
    SupervisionExcess {
        month: String,
        supporters: String,
        need: String,
    },
    /// No operating grants.
    NoGrants,
    /// Support per participant outside the brief's range.
    PerParticipantRange { per: String, lo: String, hi: String },
}

impl Finding {
    /// Stable identifiers of the checks, in declaration order (README
    /// lists them).
    pub const IDS: &'static [&'static str] = &[
        "at_capacity",
        "no_demand",
        "awareness_drifts",
        "no_recruits",
        "referrals_exceed",
        "need_pool",
        "no_supporters",
        "supporter_capacity",
        "no_sites",
        "site_capacity",
        "bases_budget",
        "awareness_range",
        "continuation_range",
        "satisfaction_range",
        "training_replacement",
        "supervision_excess",
        "no_grants",
        "per_participant_range",
    ];

    fn index(&self) -> usize {
        match self {
            Finding::AtCapacity { .. } => 0,
            Finding::NoDemand { .. } => 1,
            Finding::AwarenessDrifts { .. } => 2,
            Finding::NoRecruits { .. } => 3,
            Finding::ReferralsExceed { .. } => 4,
            Finding::NeedPool { .. } => 5,
            Finding::NoSupporters { .. } => 6,
            Finding::SupporterCapacity { .. } => 7,
            Finding::NoSites { .. } => 8,
            Finding::SiteCapacity { .. } => 9,
            Finding::BasesBudget { .. } => 10,
            Finding::AwarenessRange { .. } => 11,
            Finding::ContinuationRange { .. } => 12,
            Finding::SatisfactionRange => 13,
            Finding::TrainingReplacement { .. } => 14,
            Finding::SupervisionExcess { .. } => 15,
            Finding::NoGrants => 16,
            Finding::PerParticipantRange { .. } => 17,
        }
    }

    /// The check's identifier (one of [`Finding::IDS`]).
    pub fn id(&self) -> &'static str {
        Finding::IDS[self.index()]
    }

    /// How much it matters: the last four checks are notes.
    pub fn severity(&self) -> Severity {
        if self.index() < 14 {
            Severity::Warning
        } else {
            Severity::Note
        }
    }
}

impl Bilingual for Finding {
    fn text(&self) -> Text {
        use Finding as F;
        match self {
            F::AtCapacity { .. }
            | F::NoDemand { .. }
            | F::AwarenessDrifts { .. }
            | F::NoRecruits { .. }
            | F::ReferralsExceed { .. }
            | F::NeedPool { .. }
            | F::NoSupporters { .. } => self.hold_text(),
            F::SupporterCapacity { .. }
            | F::NoSites { .. }
            | F::SiteCapacity { .. }
            | F::BasesBudget { .. }
            | F::AwarenessRange { .. }
            | F::ContinuationRange { .. }
            | F::SatisfactionRange => self.range_text(),
            F::TrainingReplacement { .. }
            | F::SupervisionExcess { .. }
            | F::NoGrants
            | F::PerParticipantRange { .. } => self.note_text(),
        }
    }
}

impl Finding {
    /// What keeps the status quo from holding: calibration that fails, and
    /// participants that the need pool or the supporters cannot carry.
    fn hold_text(&self) -> Text {
        use Finding as F;
        match self {
            F::AtCapacity { ward, ward_ja } => Text::new(
                format!(
                    "{ward}'s status quo is at capacity: supporters and sites cannot take the participants \
                     who would replace those who drop out, so it cannot be stationary; calibrated to \
                     demand = dropouts, and participants will fall towards capacity (docs/model.md §5)"
                ),
                format!(
                    "{ward_ja}の現状は定員の上限に達しています。サポーターと拠点が離脱した参加者に代わる参加者を\
                     受け入れられないため定常状態にならず、需要 = 離脱者数として較正しました。参加者は定員に向けて減ります\
                     （docs/model.md §5）"
                ),
            ),
            F::NoDemand { ward, ward_ja } => Text::new(
                format!(
                    "{ward}: nobody can join at the status quo (no awareness, no sites, or participants \
                     already fill the need pool), so join is 0 and participants will fall"
                ),
                format!(
                    "{ward_ja}: 現状では新たに参加できる人がいません（認知がない、拠点がない、または参加者がすでに\
                     需要人口を満たしています）。joinは0となり、参加者は減ります"
                ),
            ),
            F::AwarenessDrifts { ward, ward_ja } => Text::new(
                format!(
                    "{ward}: awareness cannot be held at its starting value (no publicity money, or awareness \
                     at or above a_max); aw_gain is 0 and awareness will drift"
                ),
                format!(
                    "{ward_ja}: 認知度を当初の値に保てません（普及啓発の予算がない、または認知度がa_max以上です）。\
                     aw_gainは0となり、認知度は変動します"
                ),
            ),
            F::NoRecruits { ward, ward_ja } => Text::new(
                format!(
                    "{ward}: the status quo loses or trains untrained supporters but has no participants to \
                     recruit new ones from, so recruit is 0 and supporters will fall"
                ),
                format!(
                    "{ward_ja}: 現状では研修未修了のサポーターが離脱・修了で減りますが、新たなサポーターを迎える\
                     参加者がいません。recruitは0となり、サポーターは減ります"
                ),
            ),
            F::ReferralsExceed { ward, ward_ja } => Text::new(
                format!(
                    "{ward}: referrals by the status quo's dedicated staff alone bring more new participants \
                     than the status quo loses, so join is 0 and participants will grow (model version 2); \
                     check the staff line or parameters.rho_ref"
                ),
                format!(
                    "{ward_ja}: 現状の専任職員による紹介だけで、離脱する参加者より多くの新規参加者が生じます。\
                     joinは0となり、参加者は増えていきます（モデルのバージョン2）。専任職員の予算または\
                     parameters.rho_refを確認してください"
                ),
            ),
            F::NeedPool {
                need_rate,
                population,
                pool,
                least,
            } => Text::new(
                format!(
                    "more participants than the need pool need_rate × population = {need_rate} × {population} = {pool}: the \
                     model lets nobody new join; check the figure or set parameters.need_rate to at \
                     least {least}"
                ),
                format!(
                    "参加者数が需要人口need_rate × population = {need_rate} × {population} = {pool}を超えています。\
                     このままでは誰も新たに参加できません。数値を確認するか、parameters.need_rateを{least}以上\
                     にしてください"
                ),
            ),
            F::NoSupporters { participants } => Text::new(
                format!(
                    "{participants} participants but no supporters: the supporters' capacity is 0, so nobody can \
                     join and no supporters can be recruited (recruits follow participants); give the \
                     supporters' numbers"
                ),
                format!(
                    "参加者が{participants}人いますがサポーターがいません。サポーターが受け持てる参加者数が0のため新たに参加\
                     できず、サポーターも募集できません（募集は参加者数に応じます）。サポーターの人数を指定してください"
                ),
            ),
            _ => unreachable!("{self:?} is said by another group"),
        }
    }

    /// Figures outside what the supporters and sites hold, or outside the
    /// model's ranges.
    fn range_text(&self) -> Text {
        use Finding as F;
        match self {
            F::SupporterCapacity {
                caseload,
                supporters,
                capacity,
            } => Text::new(
                format!(
                    "more participants than the supporters can carry: caseload × supporters = {caseload} × {supporters} = \
                     {capacity}; the status quo is over capacity (check the supporters or parameters.caseload)"
                ),
                format!(
                    "参加者数がサポーターの受け持てる数caseload × supporters = {caseload} × {supporters} = {capacity}を\
                     超えており、現状は定員を超えています（サポーターの人数かparameters.caseloadを確認してください）"
                ),
            ),
            F::NoSites { participants, base } => Text::new(
                format!(
                    "{participants} participants but no money for activity sites: the model counts sites from the \
                     bases line (¥{base} a site a year), so there is no room and no access"
                ),
                format!(
                    "参加者が{participants}人いますが活動拠点の予算がありません。拠点数はbases費目（1拠点あたり年\
                     ¥{base}）から求めるため、受け入れ先も利用の機会もありません"
                ),
            ),
            F::SiteCapacity {
                site_capacity,
                sites,
                capacity,
                base,
            } => Text::new(
                format!(
                    "more participants than the sites can hold: site_capacity × sites = {site_capacity} × {sites} = {capacity} \
                     (sites = bases line / {base} a site); check the participants, the bases line or \
                     parameters.site_capacity"
                ),
                format!(
                    "参加者数が拠点の受け入れ能力site_capacity × sites = {site_capacity} × {sites} = {capacity}を超えて\
                     います（sites = bases費目 / 1拠点あたり{base}）。参加者数、bases費目またはparameters.site_capacity\
                     を確認してください"
                ),
            ),
            F::BasesBudget {
                sites,
                base,
                field,
                stated,
                suggested,
            } => Text::new(
                format!(
                    "pays for {sites} sites at {base} a site a year, but {field} = {stated}: the model counts sites \
                     from the budget line, so correct one of them or set unit_costs.base to {}",
                    suggested
                        .as_deref()
                        .unwrap_or("the line divided by the sites")
                ),
                format!(
                    "1拠点あたり年{base}で{sites}拠点分の予算ですが、{field} = {stated}です。拠点数は予算額から求める\
                     ため、どちらかを修正するか、unit_costs.baseを{}にしてください",
                    suggested.as_deref().unwrap_or("予算額を拠点数で割った額")
                ),
            ),
            F::AwarenessRange {
                a_floor,
                a_max,
                below,
            } => Text::new(
                format!(
                    "outside the model's range for awareness, a_floor {a_floor} to a_max {a_max}: awareness \
                     {} towards that range",
                    if *below {
                        "cannot decay further and can only rise"
                    } else {
                        "cannot be held and will fall"
                    }
                ),
                format!(
                    "認知度がモデルの範囲（a_floor {a_floor}〜a_max {a_max}）の外にあります。認知度は{}",
                    if *below {
                        "これ以上下がらず、この範囲に向けて上がるだけです"
                    } else {
                        "保てず、この範囲に向けて下がります"
                    }
                ),
            ),
            F::ContinuationRange {
                c_min,
                c_max,
                runs_at,
            } => Text::new(
                format!(
                    "outside the model's range for continuation, c_min {c_min} to c_max {c_max}: the status quo \
                     runs at {runs_at} instead, so participants are not held at their figure"
                ),
                format!(
                    "継続率がモデルの範囲（c_min {c_min}〜c_max {c_max}）の外にあります。現状は代わりに{runs_at}で\
                     計算するため、参加者数は記入の値に保たれません"
                ),
            ),
            F::SatisfactionRange => Text::new(
                "above 0.99, where the model caps satisfaction (docs/model.md §4, step 9): it is reported as \
                 0.99",
                "0.99を超えています。モデルは満足度の上限を0.99とするため\
                 （docs/model.md §4、ステップ9）、0.99として報告します",
            ),
            _ => unreachable!("{self:?} is said by another group"),
        }
    }

    /// The notes: what the model handles as intended but is worth knowing.
    fn note_text(&self) -> Text {
        use Finding as F;
        match self {
            F::TrainingReplacement {
                rise,
                trained,
                short,
                stop,
                cost,
            } => Text::new(
                format!(
                    "certified supporters will {} at the status quo: training certifies {trained} a month{}, \
                     while {stop} certified supporters stop a month; replacing them costs about {cost} a year \
                     (calibration holds participants, untrained supporters and awareness, not certified \
                     supporters)",
                    if *rise { "rise" } else { "fall" },
                    if *short {
                        " (fewer than the seats bought: too few untrained supporters)"
                    } else {
                        ""
                    },
                ),
                format!(
                    "現状では認定サポーターが{}。研修による認定は月{trained}人{}、認定サポーターの離脱は月{stop}人で、\
                     離脱を補うには年約{cost}かかります（較正で保たれるのは参加者、未研修のサポーター、認知度で、\
                     認定サポーターは保たれません）",
                    if *rise {
                        "増えます"
                    } else {
                        "減ります"
                    },
                    if *short {
                        "（購入した研修枠より少数。未研修のサポーターが足りません）"
                    } else {
                        ""
                    },
                ),
            ),
            F::SupervisionExcess {
                month,
                supporters,
                need,
            } => Text::new(
                format!(
                    "more than supervising every supporter costs ({month} × {supporters} supporters × 12 = {need}): the \
                     rest is not spent (docs/model.md §4, spending)"
                ),
                format!(
                    "全サポーターのスーパービジョンにかかる額（{month} × サポーター{supporters}人 × 12 = {need}）を\
                     超えています。超えた分は支出されません（docs/model.md §4、支出）"
                ),
            ),
            F::NoGrants => Text::new(
                "no operating grants at the status quo: the grant term of continuation and satisfaction \
                 starts from ¥1 per participant, so any grant raises both",
                "現状では運営補助金がありません。継続率と満足度の補助金の項は参加者1人あたり\
                 ¥1から始まるため、少額でも補助金があれば両方が上がります",
            ),
            F::PerParticipantRange { per, lo, hi } => Text::new(
                format!(
                    "{per} per participant a year, outside the range the brief reports across the 23 \
                     wards ({lo} to {hi}); check the lines and participants"
                ),
                format!(
                    "参加者1人あたり年{per}で、提言が示す23区の範囲（{lo}〜{hi}）の外にあります。各費目と参加者数を\
                     確認してください"
                ),
            ),
            _ => unreachable!("{self:?} is said by another group"),
        }
    }
}

/// How much a check matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The figures are implausible for the model, or the status quo cannot
    /// be stationary: results may mislead until the figure is checked.
    Warning,
    /// Worth knowing; the model handles it as intended.
    Note,
}
