//! The peer-support model of docs/model.md: budget lines and unit costs, the
//! parameters of §3 with their distributions and origins, and the monthly
//! flows of one ward (§4) with their calibration (§5).

pub mod budget;
pub mod distribution;
pub mod outcome;
pub mod parameters;
pub mod special;
pub mod ward;

pub use budget::{BudgetLine, Lines, UnitCosts};
pub use parameters::{Origin, Param, ParameterSet};
