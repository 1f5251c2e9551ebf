//! `sasaeai validate`: check scenario files.

use std::io::Write;
use std::process::ExitCode;

use super::error::{Result, UserError};
use super::load::{NO_SETTINGS, load};
use super::output::{shown_escaped, write_output};

pub(crate) fn cmd_validate(args: &[String]) -> Result<ExitCode> {
    let mut ok = true;
    for arg in args {
        match load(arg, &NO_SETTINGS) {
            Ok(l) => {
                let mut text = format!(
                    "{arg}: valid ({} ward{}, FY{}–FY{}, {} mode, {} runs)\n",
                    l.plan.wards.len(),
                    if l.plan.wards.len() == 1 { "" } else { "s" },
                    l.plan.start_fy,
                    l.plan.start_fy + l.plan.fiscal_years as i32 - 1,
                    l.plan.mode.key(),
                    l.plan.runs
                );
                for w in &l.warnings {
                    text.push_str(&format!("  warning: {w}\n"));
                }
                let code = write_output(None, &text)?;
                if code != ExitCode::SUCCESS {
                    return Ok(code);
                }
            }
            Err(UserError(message)) => {
                ok = false;
                let _ = writeln!(std::io::stderr(), "{}", shown_escaped(message.trim_end()));
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
