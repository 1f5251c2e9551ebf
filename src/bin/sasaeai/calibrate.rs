//! `sasaeai calibrate`: the calibrated rates, references and checks of a
//! scenario's wards.

use std::process::ExitCode;

use sasaeai::scenario::calibration::calibration_report;

use super::args::{RunSettingsArgs, TableOrJson};
use super::error::Result;
use super::load::{NO_SETTINGS, load};
use super::output::write_output;

pub(crate) fn cmd_calibrate(
    arg: &str,
    model: Option<u8>,
    format: TableOrJson,
    out: Option<String>,
) -> Result<ExitCode> {
    let settings = RunSettingsArgs {
        model,
        ..NO_SETTINGS
    };
    let loaded = load(arg, &settings)?;
    let report = calibration_report(&loaded);
    let text = match format {
        TableOrJson::Table => report.to_table(),
        TableOrJson::Json => report.to_json() + "\n",
    };
    write_output(out, &text)
}
