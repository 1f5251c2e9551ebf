//! Scenario files: the schema (TOML, or JSON with the same fields), the
//! upgrade of files of an older schema version, reading with validation that
//! reports every error with its field path, value and what is allowed, the
//! warnings and calibration findings in both languages, the
//! ward data sets, the built-in scenarios embedded from `scenarios/`, and
//! resolution into the [`Plan`] the simulator runs. It imports only the
//! model layer and the shared leaves ([`crate::text`], [`crate::hash`]).

pub mod builtin;
pub mod calibration;
pub mod checks;
pub mod equalize;
pub mod error;
pub mod field;
pub mod finding;
pub mod info;
pub mod message;
pub mod migrate;
pub mod notice;
pub mod own_ward;
pub mod plan;
pub mod read;
pub mod resolve;
pub mod resolved;
pub mod schema;
pub mod shares;
pub mod syntax;
pub mod ward_budget;
pub mod wards;
pub mod warnings;

pub use error::{FieldError, ScenarioErrors};
pub use field::FieldPath;
pub use info::ScenarioInfo;
pub use message::{Bilingual, Problem, Shown, Text};
pub use notice::{Finding, Warning};
pub use plan::{Direction, Mode, Plan, PlanWard, Target, TargetMetric};
pub use resolve::{Loaded, load_builtin, load_text, load_tree, parse_tree, resolve};
pub use schema::{Format, Scenario};
pub use wards::WardData;
