//! The model version and the six mechanisms of version 2 (docs/model.md §9),
//! each of which can be switched off. With every switch off, version 2 is
//! version 1 to the last bit.

use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// One of the six mechanisms of model version 2 (docs/model.md §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// Participants bring others: part of demand grows with participants.
    WordOfMouth,
    /// Dedicated staff refer people directly (replaces v1's staff boost).
    Referrals,
    /// Training seats that untrained supporters leave empty are filled by
    /// newcomers, who become certified supporters.
    NewcomerTraining,
    /// Certified supporters run groups outside programme sites.
    LeaderGroups,
    /// Online and hybrid groups bought by the `online` line.
    Online,
    /// Occupancy above the status quo's lowers continuation and satisfaction.
    Crowding,
}

impl Mechanism {
    /// All six in their fixed order.
    pub const ALL: [Mechanism; 6] = [
        Mechanism::WordOfMouth,
        Mechanism::Referrals,
        Mechanism::NewcomerTraining,
        Mechanism::LeaderGroups,
        Mechanism::Online,
        Mechanism::Crowding,
    ];

    /// The key in scenario files and reports (`word_of_mouth`, …).
    pub fn key(self) -> &'static str {
        match self {
            Mechanism::WordOfMouth => "word_of_mouth",
            Mechanism::Referrals => "referrals",
            Mechanism::NewcomerTraining => "newcomer_training",
            Mechanism::LeaderGroups => "leader_groups",
            Mechanism::Online => "online",
            Mechanism::Crowding => "crowding",
        }
    }

    /// The mechanism whose key is `key`, if any.
    pub fn from_key(key: &str) -> Option<Mechanism> {
        Mechanism::ALL.into_iter().find(|m| m.key() == key)
    }

    /// Its plain name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Mechanism::WordOfMouth, Lang::En) => "Word of mouth",
            (Mechanism::WordOfMouth, Lang::Ja) => "口コミ",
            (Mechanism::Referrals, Lang::En) => "Referrals by dedicated staff",
            (Mechanism::Referrals, Lang::Ja) => "専任職員による紹介",
            (Mechanism::NewcomerTraining, Lang::En) => "Training that brings in new supporters",
            (Mechanism::NewcomerTraining, Lang::Ja) => "研修による新たな担い手",
            (Mechanism::LeaderGroups, Lang::En) => "Groups run by certified supporters",
            (Mechanism::LeaderGroups, Lang::Ja) => "修了者が運営するグループ",
            (Mechanism::Online, Lang::En) => "Online and hybrid groups",
            (Mechanism::Online, Lang::Ja) => "オンライン・ハイブリッドのグループ",
            (Mechanism::Crowding, Lang::En) => "Crowding",
            (Mechanism::Crowding, Lang::Ja) => "混雑",
        }
    }
}

/// Which mechanisms of version 2 are on. Version 1 is every switch off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Mechanisms {
    pub word_of_mouth: bool,
    pub referrals: bool,
    pub newcomer_training: bool,
    pub leader_groups: bool,
    pub online: bool,
    pub crowding: bool,
}

impl Mechanisms {
    /// Every mechanism on: model version 2 as specified.
    pub const ALL_ON: Mechanisms = Mechanisms {
        word_of_mouth: true,
        referrals: true,
        newcomer_training: true,
        leader_groups: true,
        online: true,
        crowding: true,
    };

    /// Every mechanism off: model version 1.
    pub const NONE: Mechanisms = Mechanisms {
        word_of_mouth: false,
        referrals: false,
        newcomer_training: false,
        leader_groups: false,
        online: false,
        crowding: false,
    };

    /// Whether `m` is on.
    pub fn get(&self, m: Mechanism) -> bool {
        match m {
            Mechanism::WordOfMouth => self.word_of_mouth,
            Mechanism::Referrals => self.referrals,
            Mechanism::NewcomerTraining => self.newcomer_training,
            Mechanism::LeaderGroups => self.leader_groups,
            Mechanism::Online => self.online,
            Mechanism::Crowding => self.crowding,
        }
    }

    /// Switch `m` on or off.
    pub fn set(&mut self, m: Mechanism, on: bool) {
        let slot = match m {
            Mechanism::WordOfMouth => &mut self.word_of_mouth,
            Mechanism::Referrals => &mut self.referrals,
            Mechanism::NewcomerTraining => &mut self.newcomer_training,
            Mechanism::LeaderGroups => &mut self.leader_groups,
            Mechanism::Online => &mut self.online,
            Mechanism::Crowding => &mut self.crowding,
        };
        *slot = on;
    }

    /// These switches with `m` turned off.
    pub fn without(mut self, m: Mechanism) -> Mechanisms {
        self.set(m, false);
        self
    }

    /// Whether any mechanism is on.
    pub fn any(&self) -> bool {
        Mechanism::ALL.iter().any(|m| self.get(*m))
    }
}

/// The model a scenario runs: its version and, for version 2, which
/// mechanisms are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ModelSpec {
    /// 1 or 2.
    pub version: u8,
    /// The switches (all off under version 1).
    pub mechanisms: Mechanisms,
}

impl ModelSpec {
    /// The newest version, the default of scenario files.
    pub const LATEST: u8 = 2;

    /// Version 1.
    pub const V1: ModelSpec = ModelSpec {
        version: 1,
        mechanisms: Mechanisms::NONE,
    };

    /// Version 2 with every mechanism on.
    pub const V2: ModelSpec = ModelSpec {
        version: 2,
        mechanisms: Mechanisms::ALL_ON,
    };

    /// Version 2 with these switches.
    pub fn v2(mechanisms: Mechanisms) -> ModelSpec {
        ModelSpec {
            version: 2,
            mechanisms,
        }
    }

    /// The given version with its default switches (all on in version 2).
    pub fn of_version(version: u8) -> ModelSpec {
        if version == 1 {
            ModelSpec::V1
        } else {
            ModelSpec::V2
        }
    }
}

impl Default for ModelSpec {
    fn default() -> Self {
        ModelSpec::V2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_switches_toggle() {
        for m in Mechanism::ALL {
            assert_eq!(Mechanism::from_key(m.key()), Some(m));
            assert!(Mechanisms::ALL_ON.get(m));
            assert!(!Mechanisms::NONE.get(m));
            let off = Mechanisms::ALL_ON.without(m);
            assert!(!off.get(m));
            assert_eq!(Mechanism::ALL.iter().filter(|o| off.get(**o)).count(), 5);
        }
        assert!(!Mechanisms::NONE.any());
        assert_eq!(ModelSpec::of_version(1), ModelSpec::V1);
        assert_eq!(ModelSpec::default(), ModelSpec::V2);
    }
}
