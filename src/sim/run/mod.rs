//! One Monte Carlo run of a plan: sample the parameters, calibrate every
//! ward (docs/model.md §5), step the months (§4), pay outcome-linked rules at each
//! FY end (§6) and total the outputs over wards (§7).
//!
//! The parts: `outputs` (what a run reports), `simulator` (a plan prepared
//! for running, and the run), `months` (the months stepped ward by ward or
//! in vector lanes, and each fiscal year opened and closed), `finish` (the
//! outputs from the sums) and `result` (the sums and the outputs).

mod finish;
mod months;
mod outputs;
mod result;
mod simulator;

pub use outputs::{FiscalOutput, MonthlyOutput};
pub use result::RunResult;
pub use simulator::{OVERRUN_TOLERANCE_YEN, Simulator};
