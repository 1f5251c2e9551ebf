//! The peer-support model of docs/model.md: budget lines and unit costs, the
//! parameters of §3 with their distributions and origins, and the monthly
//! flows of one ward (§4) with their calibration (§5), in model version 1
//! or 2 (§9, [`mechanisms`]).

pub mod budget;
pub mod distribution;
pub mod mechanisms;
pub mod outcome;
pub mod parameters;
pub mod special;
pub mod ward;

pub use budget::{BudgetLine, LINE_COUNT, Lines, UnitCosts};
pub use mechanisms::{Mechanism, Mechanisms, ModelSpec};
pub use parameters::{Origin, Param, ParameterSet};
