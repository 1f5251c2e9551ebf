//! One month in one ward (docs/model.md §4) and the calibration that makes the
//! status quo stationary (§5).
//!
//! The same code runs both modes: a [`FlowSampler`] decides whether a flow is
//! its expected value (expected mode) or a random count (stochastic mode).
//! Transcendental functions come from `libm` or are built from IEEE basic
//! arithmetic and compile-time tables ([`monthly_hazard`],
//! [`special::ln`](super::special::ln)), so native and WebAssembly builds
//! give the same bits.
//!
//! The parts: `hazard` (the monthly hazard), `programme` (a ward's state,
//! parameters and what its budget buys), `rates` (the rates of a month,
//! which calibration and the step share), `calibrate` (§5) and `step` (§4).

mod calibrate;
mod hazard;
mod programme;
mod rates;
mod step;

pub use calibrate::{Calibration, CalibrationIssues, calibrate};
pub use hazard::monthly_hazard;
pub use programme::{Programme, WardParams, WardState};
pub use step::{ExpectedFlows, Flow, FlowSampler, MonthOutcome, WardContext, step};

pub(crate) use hazard::{
    B1, B2, B3, B4, B5, MANTISSA_ROOTS, OCTAVE_ROOTS, ROOT_TABLE_SIZE, TWELFTH_ROOT_MIN,
};
