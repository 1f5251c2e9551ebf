//! Structural uncertainty (docs/model.md §9.7): which mechanisms a council
//! believes in can move the answer more than any parameter, so a scenario
//! is run — paired, with the same seed — with every mechanism of version 2
//! on, with each one off in turn, and as version 1.

use crate::model::{Mechanism, Mechanisms, ModelSpec};
use crate::text::Lang;

use super::Plan;

/// One model structure of the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    /// Version 2 with every mechanism on.
    AllOn,
    /// Version 2 with one mechanism off.
    Without(Mechanism),
    /// Version 1.
    Version1,
}

impl Structure {
    /// The eight structures in the order reports show them.
    pub fn all() -> Vec<Structure> {
        let mut out = vec![Structure::AllOn];
        out.extend(Mechanism::ALL.map(Structure::Without));
        out.push(Structure::Version1);
        out
    }

    /// The model this structure runs.
    pub fn model(self) -> ModelSpec {
        match self {
            Structure::AllOn => ModelSpec::V2,
            Structure::Without(m) => ModelSpec::v2(Mechanisms::ALL_ON.without(m)),
            Structure::Version1 => ModelSpec::V1,
        }
    }

    /// Its key in reports: `all`, `without_<mechanism>`, `version_1`.
    pub fn key(self) -> String {
        match self {
            Structure::AllOn => "all".into(),
            Structure::Without(m) => format!("without_{}", m.key()),
            Structure::Version1 => "version_1".into(),
        }
    }

    /// Its plain name in `lang`.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Structure::AllOn, Lang::En) => "All mechanisms (version 2)".into(),
            (Structure::AllOn, Lang::Ja) => "すべての仕組み（バージョン2）".into(),
            (Structure::Without(m), Lang::En) => {
                format!("Without {}", m.name(Lang::En).to_lowercase())
            }
            (Structure::Without(m), Lang::Ja) => format!("「{}」なし", m.name(Lang::Ja)),
            (Structure::Version1, Lang::En) => "Version 1 (no mechanism)".into(),
            (Structure::Version1, Lang::Ja) => "バージョン1（仕組みなし）".into(),
        }
    }

    /// `plan` run under this structure (everything else unchanged, so the
    /// runs are paired: the same seed and random streams).
    pub fn plan_for(self, plan: &Plan) -> Plan {
        let mut p = plan.clone();
        p.model = self.model();
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_structures_each_with_its_own_model() {
        let all = Structure::all();
        assert_eq!(all.len(), 8);
        assert_eq!(all[0].model(), ModelSpec::V2);
        assert_eq!(all[7].model(), ModelSpec::V1);
        for (s, m) in all[1..7].iter().zip(Mechanism::ALL) {
            assert!(!s.model().mechanisms.get(m));
            assert_eq!(s.key(), format!("without_{}", m.key()));
        }
        let keys: std::collections::BTreeSet<String> = all.iter().map(|s| s.key()).collect();
        assert_eq!(keys.len(), 8);
    }
}
