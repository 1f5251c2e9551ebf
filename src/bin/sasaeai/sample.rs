//! `sasaeai sample`: draws of a distribution written as in scenario files.

use std::process::ExitCode;

use sasaeai::model::distribution::Distribution;
use sasaeai::sim::stream::{Stream, mix64};

use super::error::{Result, UserError};
use super::output::write_output;

pub(crate) fn cmd_sample(text: &str, n: u64, seed: u64) -> Result<ExitCode> {
    let dist = Distribution::parse(text).map_err(|e| UserError(e.to_string()))?;
    if !(1..=10_000_000).contains(&n) {
        return Err(UserError(format!(
            "--n {n}: the number of samples must be from 1 to 10,000,000"
        )));
    }
    let mut rng = Stream::new(mix64(seed ^ 0x5341_4D50_4C45_0000));
    let mut out = String::with_capacity(n as usize * 20);
    for _ in 0..n {
        out.push_str(&dist.sample(&mut rng).to_string());
        out.push('\n');
    }
    write_output(None, &out)
}
