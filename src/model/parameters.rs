//! The behavioural parameters of docs/model.md §3: their names, point values,
//! default uncertainty, origin labels, allowed ranges and one-line
//! descriptions in English and Japanese.

use serde::{Deserialize, Serialize};

use super::distribution::Distribution;
use super::mechanisms::{Mechanism, ModelSpec};
use crate::text::Text;

/// Where a parameter's default comes from (docs/model.md, introduction).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Stated in the policy brief.
    Brief,
    /// Public statistics.
    Statistics,
    /// Our assumption, to be replaced by a ward with its own data.
    Assumption,
}

impl Origin {
    /// Label as written in scenario files and outputs.
    pub fn key(self) -> &'static str {
        match self {
            Origin::Brief => "brief",
            Origin::Statistics => "statistics",
            Origin::Assumption => "assumption",
        }
    }

    /// Parse a label.
    pub fn from_key(key: &str) -> Option<Origin> {
        match key {
            "brief" => Some(Origin::Brief),
            "statistics" => Some(Origin::Statistics),
            "assumption" => Some(Origin::Assumption),
            _ => None,
        }
    }
}

/// The plausible range of a parameter: the closed interval `[min, max]` of
/// values a scenario may give it. Every distribution's whole support must lie
/// inside it, and the per-ward variation is clamped to it. The bounds are
/// wide enough for any defensible value and narrow enough that no
/// intermediate of the month can overflow with any budget, population and
/// unit cost the scenario reader accepts (a power of the site density, the
/// staff boost and the demand index stay finite), so no NaN or infinity can
/// reach a ward's state. Annual continuations start at 0.05: the monthly
/// hazard 1 − c^(1/12) turns a continuation of 1e-16, a rounding error
/// from 0, into a hazard of 0.95, so a status quo near 0 could not be held.
/// The effects of training, grants and supervision on continuation and of
/// supervision on burnout are 0 or more: a negative one turns the status
/// quo into a balance that rounding errors tip over (more participants,
/// less grant each, higher continuation, more participants).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// Lowest allowed value.
    pub min: f64,
    /// Highest allowed value.
    pub max: f64,
}

impl Range {
    /// Whether `x` lies in the range (never for NaN).
    pub fn contains(self, x: f64) -> bool {
        x >= self.min && x <= self.max
    }

    /// Whether a distribution's whole support `[lo, hi]` lies in the range.
    pub fn contains_support(self, lo: f64, hi: f64) -> bool {
        lo >= self.min && hi <= self.max
    }

    /// Nearest value of the range to `x` (used after per-ward variation).
    pub fn clamp(self, x: f64) -> f64 {
        x.clamp(self.min, self.max)
    }

    /// The range in words, for error messages.
    pub fn describe(self) -> Text {
        let (min, max) = (self.min, self.max);
        Text::new(
            format!("a number from {min} to {max}"),
            format!("{min}〜{max}の数値"),
        )
    }
}

macro_rules! parameters {
    ($( $variant:ident $name:literal point $point:literal dist $dist:literal $origin:ident
        range $min:literal $max:literal en $en:literal ja $ja:literal ;)*) => {
        /// One parameter of docs/model.md §3.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Param { $( #[doc = $en] $variant ),* }

        impl Param {
            /// All parameters in their fixed order.
            pub const ALL: &'static [Param] = &[$(Param::$variant),*];
            /// Number of parameters.
            pub const COUNT: usize = Param::ALL.len();

            /// Static description of this parameter.
            pub fn spec(self) -> &'static ParamSpec {
                &SPECS[self as usize]
            }

            /// Name as used in scenario files (`need_rate`, …).
            pub fn name(self) -> &'static str { self.spec().name }

            /// The parameter called `name`, if any.
            pub fn from_name(name: &str) -> Option<Param> {
                Param::ALL.iter().copied().find(|p| p.name() == name)
            }
        }

        static SPECS: &[ParamSpec] = &[$(ParamSpec {
            name: $name, point: $point, default_distribution: $dist,
            origin: Origin::$origin, range: Range { min: $min as f64, max: $max as f64 }, description_en: $en, description_ja: $ja,
        }),*];
    };
}

/// What the model knows about one parameter before any scenario touches it.
#[derive(Debug)]
pub struct ParamSpec {
    /// Name in scenario files and outputs.
    pub name: &'static str,
    /// Point value (docs/model.md §3).
    pub point: f64,
    /// Default uncertainty in the distribution syntax.
    pub default_distribution: &'static str,
    /// Origin label.
    pub origin: Origin,
    /// Plausible range: the values a scenario may give it.
    pub range: Range,
    /// One line in English.
    pub description_en: &'static str,
    /// One line in Japanese.
    pub description_ja: &'static str,
}

parameters! {
    NeedRate "need_rate" point 0.03 dist "pert(0.02,0.03,0.05)" Assumption
        range 0 1
        en "Share of the population who could benefit from peer support"
        ja "ピアサポートの恩恵を受けうる人口の割合";
    C0 "c0" point 0.723 dist "0.723" Brief
        range 0.05 1
        en "Annual participant continuation at the status quo"
        ja "現状の参加者の年間継続率";
    BetaTau "beta_tau" point 0.12 dist "pert(0.05,0.12,0.25)" Assumption
        range 0 1
        en "Continuation gained per unit of trained-supporter share (from the brief's +31.8 %)"
        ja "研修修了者の割合1単位あたりの継続率の上昇（提言の+31.8%から）";
    BetaGrant "beta_grant" point 0.03 dist "pert(0,0.03,0.06)" Assumption
        range 0 1
        en "Continuation gained per unit of log grant per participant"
        ja "参加者1人あたり助成額の対数1単位あたりの継続率の上昇";
    BetaSup "beta_sup" point 0.03 dist "pert(0,0.03,0.06)" Assumption
        range 0 1
        en "Continuation gained per unit of supervision coverage"
        ja "スーパービジョン充足率1単位あたりの継続率の上昇";
    BetaIncentive "beta_incentive" point 0.02 dist "pert(-0.02,0.02,0.05)" Assumption
        range -1 1
        en "Continuation change while outcome-linked rules are active (from the brief's +29.3 %)"
        ja "成果連動型の仕組みがある間の継続率の変化（提言の+29.3%から）";
    CMin "c_min" point 0.30 dist "0.3" Assumption
        range 0.05 1
        en "Lowest annual continuation the model allows"
        ja "モデルが許す年間継続率の下限";
    CMax "c_max" point 0.97 dist "0.97" Assumption
        range 0.05 1
        en "Highest annual continuation the model allows"
        ja "モデルが許す年間継続率の上限";
    EpsBases "eps_bases" point 0.5 dist "pert(0.2,0.5,0.8)" Assumption
        range 0 2
        en "Elasticity of demand to activity sites per 100,000 residents"
        ja "人口10万人あたり活動拠点数に対する需要の弾力性";
    DensityRef "density_ref" point 3.8 dist "3.8" Brief
        range 0.01 1000
        en "Reference density of activity sites per 100,000 residents"
        ja "人口10万人あたり活動拠点数の基準値";
    BetaStaff "beta_staff" point 0.347 dist "pert(0.10,0.347,0.50)" Brief
        range 0 3
        en "Largest demand boost from dedicated staff (the brief's +34.7 %)"
        ja "専任職員による需要押し上げの最大値（提言の+34.7%）";
    StaffHalf "staff_half" point 1.5 dist "1.5" Assumption
        range 0.01 1000
        en "Staff (FTE) at which the staff boost reaches 1 − 1/e of its maximum"
        ja "職員効果が最大値の1−1/eに達する職員数（常勤換算）";
    Caseload "caseload" point 8.5 dist "pert(7.5,8.5,10)" Assumption
        range 0.1 1000
        en "Participants one supporter can support"
        ja "ピアサポーター1人が支えられる参加者数";
    SiteCapacity "site_capacity" point 90.0 dist "pert(80,90,110)" Assumption
        range 1 100000
        en "Participants one activity site can hold"
        ja "活動拠点1か所が受け入れられる参加者数";
    SupContUntrained "sup_cont_untrained" point 0.647 dist "0.647" Brief
        range 0.05 1
        en "Annual continuation of untrained supporters"
        ja "研修未修了ピアサポーターの年間活動継続率";
    SupContCertified "sup_cont_certified" point 0.893 dist "0.893" Brief
        range 0.05 1
        en "Annual continuation of certified supporters"
        ja "研修修了ピアサポーターの年間活動継続率";
    BetaBurnout "beta_burnout" point 0.437 dist "pert(0.2,0.437,0.6)" Brief
        range 0 1
        en "Cut in supporter attrition per unit of supervision coverage (the brief's −43.7 %)"
        ja "スーパービジョン充足率1単位あたりの離脱の減少（提言の−43.7%）";
    AMax "a_max" point 0.90 dist "0.9" Assumption
        range 0 1
        en "Highest awareness publicity can reach"
        ja "普及啓発で到達しうる認知度の上限";
    AFloor "a_floor" point 0.15 dist "0.15" Assumption
        range 0 1
        en "Awareness that remains without any publicity"
        ja "普及啓発がなくても残る認知度";
    ADecay "a_decay" point 0.01 dist "pert(0.005,0.01,0.02)" Assumption
        range 0 1
        en "Monthly decay of awareness towards its floor"
        ja "認知度が下限に向かって減衰する月率";
    AHalf "a_half" point 10.0 dist "pert(5,10,20)" Assumption
        range 0.01 100000
        en "Publicity yen per resident per month at which its effect reaches 1 − 1/e"
        ja "普及啓発の効果が1−1/eに達する住民1人あたり月額（円）";
    S0 "s0" point 0.872 dist "0.872" Brief
        range 0 1
        en "Participant satisfaction at the status quo"
        ja "現状の参加者満足度";
    BetaSatTau "beta_sat_tau" point 0.05 dist "pert(0,0.05,0.12)" Assumption
        range -1 1
        en "Satisfaction gained per unit of trained-supporter share"
        ja "研修修了者の割合1単位あたりの満足度の上昇";
    BetaSatGrant "beta_sat_grant" point 0.01 dist "pert(0,0.01,0.03)" Assumption
        range -1 1
        en "Satisfaction gained per unit of log grant per participant"
        ja "参加者1人あたり助成額の対数1単位あたりの満足度の上昇";
    PhiWom "phi_wom" point 0.4 dist "pert(0.2,0.4,0.6)" Assumption
        range 0 0.95
        en "Share of the status quo's new participants who come by word of mouth"
        ja "現状の新規参加者のうち口コミで参加する割合";
    RhoRef "rho_ref" point 10.0 dist "pert(3,10,20)" Assumption
        range 0 1000
        en "New participants referred per dedicated staff FTE per month"
        ja "専任職員1人（常勤換算）が月に紹介する新規参加者数";
    NuNewcomer "nu_newcomer" point 0.5 dist "pert(0.2,0.5,0.8)" Assumption
        range 0 1
        en "Share of empty training seats that newcomers fill"
        ja "空いた研修枠を新たな担い手が埋める割合";
    LeaderPlaces "leader_places" point 1.0 dist "pert(0,1,2.5)" Assumption
        range 0 1000
        en "Places per certified supporter outside programme sites (from the brief's +48.3 %)"
        ja "研修修了者1人あたりの拠点外の受け入れ枠（提言の+48.3%から）";
    OnlineCapacity "online_capacity" point 15.0 dist "pert(8,15,25)" Assumption
        range 0 100000
        en "Places per online group"
        ja "オンライングループ1つあたりの受け入れ枠";
    KappaOnline "kappa_online" point 0.3 dist "pert(0,0.3,0.6)" Assumption
        range 0 10
        en "Weight of an online group in site density (from the brief's hybrid support in Ota)"
        ja "拠点密度に占めるオンライングループの重み（提言の大田区のハイブリッド支援から）";
    BetaCrowd "beta_crowd" point 0.15 dist "pert(0.05,0.15,0.30)" Assumption
        range 0 1
        en "Continuation lost per unit of occupancy above the status quo's"
        ja "現状を上回る混雑度1単位あたりの継続率の低下";
    BetaSatCrowd "beta_sat_crowd" point 0.10 dist "pert(0,0.10,0.20)" Assumption
        range 0 1
        en "Satisfaction lost per unit of occupancy above the status quo's"
        ja "現状を上回る混雑度1単位あたりの満足度の低下";
}

impl Param {
    /// The mechanism of model version 2 that uses this parameter (None: a
    /// parameter of version 1, used by both versions).
    pub fn mechanism(self) -> Option<Mechanism> {
        match self {
            Param::PhiWom => Some(Mechanism::WordOfMouth),
            Param::RhoRef => Some(Mechanism::Referrals),
            Param::NuNewcomer => Some(Mechanism::NewcomerTraining),
            Param::LeaderPlaces => Some(Mechanism::LeaderGroups),
            Param::OnlineCapacity | Param::KappaOnline => Some(Mechanism::Online),
            Param::BetaCrowd | Param::BetaSatCrowd => Some(Mechanism::Crowding),
            _ => None,
        }
    }

    /// Whether `model` uses this parameter: reports, the tornado and the
    /// rank correlations leave out a parameter whose mechanism is off
    /// (`beta_staff` is unused when referrals replace the staff boost).
    pub fn used_by(self, model: ModelSpec) -> bool {
        match (self, self.mechanism()) {
            (Param::BetaStaff | Param::StaffHalf, _) if model.mechanisms.referrals => false,
            (_, Some(m)) => model.mechanisms.get(m),
            (_, None) => true,
        }
    }
}

/// One value per parameter, indexed by [`Param`].
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterValues(pub [f64; Param::COUNT]);

impl ParameterValues {
    /// The point values of docs/model.md §3.
    pub fn defaults() -> Self {
        let mut values = [0.0; Param::COUNT];
        for (slot, p) in values.iter_mut().zip(Param::ALL) {
            *slot = p.spec().point;
        }
        ParameterValues(values)
    }

    /// Value of one parameter.
    pub fn get(&self, p: Param) -> f64 {
        self.0[p as usize]
    }

    /// Set one parameter.
    pub fn set(&mut self, p: Param, value: f64) {
        self.0[p as usize] = value;
    }
}

/// A parameter as a scenario uses it: its distribution and origin label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParameterEntry {
    /// Name (docs/model.md §3).
    pub name: &'static str,
    /// Distribution in the scenario syntax.
    pub distribution: Distribution,
    /// Point value of the distribution.
    pub point: f64,
    /// Origin label.
    pub origin: Origin,
    /// Log-sd of the optional per-ward multiplicative variation (0 = off).
    pub ward_variation: f64,
    /// One line in English.
    pub description_en: &'static str,
    /// One line in Japanese.
    pub description_ja: &'static str,
}

/// Every parameter of a scenario with its distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterSet {
    /// Entries in [`Param::ALL`] order.
    pub entries: Vec<ParameterEntry>,
}

impl ParameterSet {
    /// The defaults of docs/model.md §3.
    pub fn defaults() -> Self {
        let entries = Param::ALL
            .iter()
            .map(|p| {
                let spec = p.spec();
                let distribution = Distribution::parse(spec.default_distribution)
                    .expect("built-in default distributions are valid");
                ParameterEntry {
                    name: spec.name,
                    point: distribution.point(),
                    distribution,
                    origin: spec.origin,
                    ward_variation: 0.0,
                    description_en: spec.description_en,
                    description_ja: spec.description_ja,
                }
            })
            .collect();
        ParameterSet { entries }
    }

    /// Entry of one parameter.
    pub fn entry(&self, p: Param) -> &ParameterEntry {
        &self.entries[p as usize]
    }

    /// Mutable entry of one parameter.
    pub fn entry_mut(&mut self, p: Param) -> &mut ParameterEntry {
        &mut self.entries[p as usize]
    }

    /// Point values of every parameter (expected mode, and the reported
    /// calibration).
    pub fn points(&self) -> ParameterValues {
        let mut values = ParameterValues::defaults();
        for (p, e) in Param::ALL.iter().zip(&self.entries) {
            values.set(*p, e.point);
        }
        values
    }

    /// Whether every parameter is fixed (no uncertainty, no variation).
    pub fn all_fixed(&self) -> bool {
        self.entries.iter().all(|e| {
            matches!(e.distribution, Distribution::Fixed { .. }) && e.ward_variation == 0.0
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_is_valid_and_its_point_matches_the_table() {
        let set = ParameterSet::defaults();
        for p in Param::ALL {
            let e = set.entry(*p);
            assert_eq!(e.point, p.spec().point, "{}", p.name());
            let (lo, hi) = e.distribution.support();
            assert!(p.spec().range.contains_support(lo, hi), "{}", p.name());
            assert!(p.spec().range.contains(e.point), "{}", p.name());
            assert!(!p.spec().description_ja.is_empty());
        }
        assert_eq!(Param::COUNT, 32);
        assert_eq!(Param::PhiWom.mechanism(), Some(Mechanism::WordOfMouth));
        assert!(Param::PhiWom.used_by(ModelSpec::V2) && !Param::PhiWom.used_by(ModelSpec::V1));
        assert!(
            Param::ALL
                .iter()
                .filter(|p| p.used_by(ModelSpec::V1))
                .count()
                == 24
        );
        assert_eq!(Param::from_name("beta_burnout"), Some(Param::BetaBurnout));
    }
}
