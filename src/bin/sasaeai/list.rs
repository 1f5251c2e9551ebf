//! `sasaeai list`: the built-in scenarios.

use std::process::ExitCode;

use sasaeai::scenario::Format;
use sasaeai::scenario::builtin;
use sasaeai::scenario::resolve::parse_scenario;

use super::error::Result;
use super::output::write_output;

pub(crate) fn cmd_list() -> Result<ExitCode> {
    let mut out = String::new();
    for (name, text) in builtin::SCENARIOS {
        let scenario = parse_scenario(text, Format::Toml, name)?;
        out.push_str(&format!(
            "{:<18} {}\n{:<18} {}\n",
            name,
            scenario.title.as_deref().unwrap_or(name),
            "",
            scenario.description
        ));
    }
    write_output(None, &out)
}
