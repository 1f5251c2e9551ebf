//! `sasaeai migrate`: upgrade a scenario file of an older schema_version.

use std::path::Path;
use std::process::ExitCode;

use sasaeai::scenario::Format;
use sasaeai::scenario::migrate::migrate;
use sasaeai::scenario::resolve::{format_of, parse_tree, read_upgraded, resolve, ward_data_for};

use super::error::{Result, UserError};
use super::files::read_text_file;
use super::load::ward_file;
use super::output::{note, write_raw};

pub(crate) fn cmd_migrate(arg: &str, out: Option<String>) -> Result<ExitCode> {
    let text = read_text_file(Path::new(arg))
        .map_err(|e| UserError(format!("{arg}: cannot read the file: {e}")))?;
    let tree = parse_tree(&text, format_of(arg), arg)?;
    let (upgraded, upgrade) = migrate(&tree).map_err(|e| {
        UserError(
            sasaeai::scenario::ScenarioErrors {
                source_name: arg.to_string(),
                errors: vec![*e],
            }
            .to_string(),
        )
    })?;
    // The upgraded file must be valid, its wards and budgets included.
    let (scenario, _) = read_upgraded(&upgraded, arg)?;
    let dir = Path::new(arg)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let data = ward_data_for(&scenario, arg, &move |name: &str| ward_file(&dir, name))?;
    resolve(scenario, data, arg)?;
    match &upgrade {
        Some(u) => note(&format!("{arg}: {}", u.describe())),
        None => note(&format!(
            "{arg}: already schema_version {}; nothing to upgrade",
            sasaeai::scenario::schema::SCHEMA_VERSION
        )),
    }
    let format = format_of(out.as_deref().unwrap_or(arg));
    let written = match format {
        Format::Json => serde_json::to_string_pretty(&*upgraded)? + "\n",
        // schema_version first, where a reader looks for it.
        Format::Toml => {
            let mut rest = upgraded.into_owned();
            let version = rest.remove("schema_version");
            let mut text = version
                .map(|v| format!("schema_version = {v}\n"))
                .unwrap_or_default();
            text.push_str(&toml::to_string_pretty(&rest)?);
            text
        }
    };
    write_raw(out, &written)
}
