//! `sasaeai calibrate`: the calibrated rates, references and checks of a
//! scenario's wards.

use std::process::ExitCode;

use sasaeai::scenario::calibration::calibration_report;

use super::args::TableOrJson;
use super::error::Result;
use super::load::{NO_SETTINGS, load};
use super::output::write_output;

pub(crate) fn cmd_calibrate(
    arg: &str,
    format: TableOrJson,
    out: Option<String>,
) -> Result<ExitCode> {
    let loaded = load(arg, &NO_SETTINGS)?;
    let report = calibration_report(&loaded);
    let text = match format {
        TableOrJson::Table => report.to_table(),
        TableOrJson::Json => report.to_json() + "\n",
    };
    write_output(out, &text)
}
