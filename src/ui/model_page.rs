//! "How the model works": the equations of docs/model.md §4–6 as plain
//! formatted text (no fonts or scripts from elsewhere, so it works offline)
//! and every parameter with its default value, distribution, origin label
//! and the figure of the policy brief it comes from, in both languages.

use yew::prelude::*;

use crate::model::parameters::{Origin, Param};

use super::ctx::Ctx;
use super::i18n::{Lang, Msg};
use super::report_page::origin_label;

crate::text::catalogue! {
    /// The figure of the policy brief a parameter's default comes from
    /// (our wording), named after the parameter.
    pub enum BriefFigure {
        C0 => "participant continuation is 72.3 % now (outcome indicators of the brief)",
            "参加者の活動継続率は現状72.3%（提言の成果指標）";
        BetaTau => "cases with systematically trained supporters improve 31.8 % more than with untrained ones",
            "体系的な研修を受けたサポーターが関わる事例は、未研修の場合より改善率が31.8%高い";
        BetaIncentive => "municipalities with outcome-linked budgets report 29.3 % better cost-effectiveness",
            "成果連動型の予算配分を導入した自治体では費用対効果が平均29.3%向上";
        DensityRef => "the wards have 3.8 activity sites per 100,000 residents (other large cities 5.2)",
            "23区の活動拠点は人口10万人あたり3.8か所（ほかの大都市は5.2か所）";
        BetaStaff => "a dedicated department makes peer-support programmes 34.7 % more effective",
            "専門部署を置いた自治体ではピアサポート関連事業の効果が平均34.7%向上";
        SupContUntrained => "64.7 % of supporters without basic training stay active",
            "基礎研修を受けていないサポーターの活動継続率は64.7%";
        SupContCertified => "89.3 % of supporters with basic training stay active",
            "基礎研修を修了したサポーターの活動継続率は89.3%";
        BetaBurnout => "mentoring and supervision schemes cut supporter burnout by 43.7 %",
            "メンター・スーパービジョン制度の導入でサポーターのバーンアウト率が43.7%減少";
        S0 => "participants' satisfaction averages 87.2 %",
            "参加者の満足度は平均87.2%";
    }
}

/// The figure of the policy brief a parameter's default comes from;
/// `None` for the model's own assumptions.
pub fn brief_figure(p: Param) -> Option<BriefFigure> {
    Some(match p {
        Param::C0 => BriefFigure::C0,
        Param::BetaTau => BriefFigure::BetaTau,
        Param::BetaIncentive => BriefFigure::BetaIncentive,
        Param::DensityRef => BriefFigure::DensityRef,
        Param::BetaStaff => BriefFigure::BetaStaff,
        Param::SupContUntrained => BriefFigure::SupContUntrained,
        Param::SupContCertified => BriefFigure::SupContCertified,
        Param::BetaBurnout => BriefFigure::BetaBurnout,
        Param::S0 => BriefFigure::S0,
        _ => return None,
    })
}

crate::text::catalogue! {
    /// The names of the programme quantities and of the month's flows.
    pub enum Term {
        Staff => "staff (FTE)", "職員数（常勤換算）";
        TrainingSeats => "training seats per month", "月あたり研修定員";
        SupervisionCoverage => "supervision coverage", "スーパービジョン充足率";
        ActivitySites => "activity sites", "活動拠点数";
        PublicityPerResident => "publicity yen per resident per month", "住民1人あたり月額の普及啓発費";
        GrantPerParticipant => "grant per participant per month", "参加者1人あたり月額の運営費助成";
        TrainedShare => "Trained share", "研修修了者の割合";
        Continuation => "Continuation and the monthly dropout hazard", "継続率と月あたりの離脱率";
        Demand => "Demand", "需要";
        Capacity => "Capacity, inflow and waitlist", "受け入れ能力・新規参加・待機者";
        Dropouts => "Dropouts", "離脱";
        SupporterAttrition => "Supporter attrition (supervision cuts burnout)", "サポーターの離脱（スーパービジョンで燃え尽きを抑える）";
        Training => "Training and recruitment", "研修と新規サポーター";
        Awareness => "Awareness", "認知度";
        Satisfaction => "Satisfaction", "満足度";
        NextMonth => "Next month", "翌月の状態";
    }
}

/// Programme quantities from the FY budget b (docs/model.md §4).
const PROGRAMME: &[(Term, &str)] = &[
    (Term::Staff, "fte = b.staff / FTE cost"),
    (Term::TrainingSeats, "seats = b.training / seat cost / 12"),
    (
        Term::SupervisionCoverage,
        "cov = min(1, (b.supervision / 12) / (supervision cost · max(S, 1)))",
    ),
    (Term::ActivitySites, "bases = b.bases / base cost"),
    (
        Term::PublicityPerResident,
        "a = b.awareness / 12 / population",
    ),
    (Term::GrantPerParticipant, "g = (b.grants / 12) / max(N, 1)"),
];

/// The month's flows (docs/model.md §4, steps 1–10).
const STEPS: &[(Term, &str)] = &[
    (Term::TrainedShare, "τ = C / S   (0 if S = 0)"),
    (
        Term::Continuation,
        "c = clamp(c0 + beta_tau·(τ − τ_ref) + beta_grant·ln(max(g, 1) / g_ref)\n      + beta_sup·(cov − cov_ref) + [beta_incentive if an outcome rule is active], c_min, c_max)\nd = h(c)",
    ),
    (
        Term::Demand,
        "demand = join · A · max(need_rate · population − N, 0) · access · boost\naccess = (density / density_ref)^eps_bases   (density = sites per 100,000 residents; 0 without sites)\nboost = 1 + beta_staff · (1 − e^(−fte / staff_half))",
    ),
    (
        Term::Capacity,
        "capacity = min(caseload · S, site_capacity · bases)\ninflow = min(demand, max(capacity − N, 0))\nwaitlist = demand − inflow",
    ),
    (Term::Dropouts, "dropouts = d · N"),
    (
        Term::SupporterAttrition,
        "burn = 1 − beta_burnout · (cov − cov_ref)\nhU = max(0, h(sup_cont_untrained) · burn),  hC = max(0, h(sup_cont_certified) · burn)\naU = hU · U,  aC = hC · C",
    ),
    (
        Term::Training,
        "trained = min(max(U − aU, 0), seats)\nrecruits = recruit · N",
    ),
    (
        Term::Awareness,
        "dA = aw_gain · (1 − e^(−a / a_half)) · (a_max − A) − a_decay · (A − a_floor)",
    ),
    (
        Term::Satisfaction,
        "satisfaction = clamp(s0 + beta_sat_tau · (τ − τ_ref) + beta_sat_grant · ln(max(g, 1) / g_ref), 0, 0.99)",
    ),
    (
        Term::NextMonth,
        "N += inflow − dropouts;  U += recruits − aU − trained;  C += trained − aC;  A += dA",
    ),
];

/// A parameter's description in `lang`.
fn pick(lang: Lang, en: &'static str, ja: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// The model page.
#[component]
pub fn ModelPage(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let origin_class = |o: Origin| format!("origin {}", o.key());
    html! {
        <section class="panel model-page" aria-labelledby="h-model" data-testid="model-page">
            <h2 id="h-model">{ Msg::ModelTitle.text(lang) }</h2>
            <p>{ Msg::ModelIntro.text(lang) }</p>

            <h3>{ Msg::ModelMonth.text(lang) }</h3>
            <p>{ Msg::ModelState.text(lang) }</p>
            <h4>{ Msg::ModelProgramme.text(lang) }</h4>
            <dl class="equations">
            { for PROGRAMME.iter().map(|(term, eq)| html! { <>
                <dt>{ term.text(lang) }</dt>
                <dd><code class="eq">{ *eq }</code></dd>
            </> }) }
            </dl>
            <h4>{ Msg::ModelSteps.text(lang) }</h4>
            <ol class="equations">
            { for STEPS.iter().map(|(term, eq)| html! {
                <li><span class="step">{ term.text(lang) }</span><pre class="eq">{ *eq }</pre></li>
            }) }
            </ol>
            <p>{ Msg::ModelSpendingNote.text(lang) }</p>

            <h3>{ Msg::ModelCalibration.text(lang) }</h3>
            <p>{ Msg::ModelCalibrationText.text(lang) }</p>

            <h3>{ Msg::ModelOutcome.text(lang) }</h3>
            <p>{ Msg::ModelOutcomeText.text(lang) }</p>

            <h3>{ Msg::ModelParameters.text(lang) }</h3>
            <p class="help">{ Msg::ModelParametersHelp.text(lang) }</p>
            <div class="table-wrap" role="region" aria-label={Msg::ModelParameters.text(lang)} tabindex="0">
            <table class="model-parameters" data-testid="model-parameters">
                <thead><tr>
                    <th scope="col">{ Msg::Parameter.text(lang) }</th>
                    <th scope="col">{ Msg::Meaning.text(lang) }</th>
                    <th scope="col">{ Msg::PointValue.text(lang) }</th>
                    <th scope="col">{ Msg::Distribution.text(lang) }</th>
                    <th scope="col">{ Msg::Origin.text(lang) }</th>
                    <th scope="col">{ Msg::BriefFigure.text(lang) }</th>
                </tr></thead>
                <tbody>{ for Param::ALL.iter().map(|p| {
                    let spec = p.spec();
                    let figure = brief_figure(*p).map(|figure| figure.text(lang))
                        .unwrap_or(Msg::NoBriefFigure.text(lang));
                    html! {
                        <tr data-testid="model-parameter" data-parameter={spec.name} data-origin={spec.origin.key()}>
                            <th scope="row"><code>{ spec.name }</code></th>
                            <td>{ pick(lang, spec.description_en, spec.description_ja) }</td>
                            <td class="num">{ spec.point }</td>
                            <td><code>{ spec.default_distribution }</code></td>
                            <td><span class={origin_class(spec.origin)}>{ origin_label(lang, spec.origin) }</span></td>
                            <td>{ figure }</td>
                        </tr>
                    }
                }) }</tbody>
            </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_and_figure_has_both_languages() {
        assert_eq!(Term::faulty(), []);
        assert_eq!(BriefFigure::faulty(), []);
    }

    #[test]
    fn every_parameter_labelled_brief_has_a_figure_of_the_brief() {
        for p in Param::ALL {
            if p.spec().origin == Origin::Brief {
                let figure = brief_figure(*p).unwrap_or_else(|| panic!("{}", p.name()));
                let (en, ja) = (figure.en(), figure.ja());
                // The figure names the number the default is taken from.
                let point = format!("{}", (p.spec().point * 1000.0).round() / 10.0);
                let number = if p.spec().point < 1.0 {
                    point
                } else {
                    p.spec().point.to_string()
                };
                assert!(
                    en.contains(&number) && ja.contains(&number),
                    "{}: {number} in {en} / {ja}",
                    p.name()
                );
            }
        }
        // Two assumptions are derived from figures of the brief and say so.
        assert!(brief_figure(Param::BetaTau).unwrap().en().contains("31.8"));
        assert!(
            brief_figure(Param::BetaIncentive)
                .unwrap()
                .en()
                .contains("29.3")
        );
        assert_eq!(brief_figure(Param::NeedRate), None);
    }
}
