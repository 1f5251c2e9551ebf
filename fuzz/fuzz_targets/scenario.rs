//! Arbitrary bytes into the scenario reader: parsed as TOML and as JSON,
//! validated and resolved (ward data, budgets), and read as a ward data
//! file. Nothing may panic, and every error names what is wrong.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sasaeai::scenario::resolve::parse_ward_data;
use sasaeai::scenario::{Format, ScenarioErrors, load_text};

fn check_errors(e: &ScenarioErrors) {
    if let Err(m) = sasaeai::selfcheck::check_errors(e) {
        panic!("{m}");
    }
    assert!(!e.to_string().trim().is_empty());
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for format in [Format::Toml, Format::Json] {
        match load_text(&text, format, "fuzz", &|path| {
            Err(format!("{path}: no files here"))
        }) {
            Ok(loaded) => {
                // What validation lets through must be a plan the engine can run.
                assert!(loaded.plan.runs >= 1);
                assert!(!loaded.plan.wards.is_empty());
                for w in &loaded.warnings {
                    assert!(!w.to_string().trim().is_empty());
                }
                // Writing the scenario back and reading it again gives it back.
                let again = sasaeai::scenario::resolve::parse_scenario(
                    &loaded.scenario.to_json(),
                    Format::Json,
                    "fuzz (written back)",
                );
                match again {
                    Ok(s) => assert_eq!(s.hash(), loaded.scenario.hash()),
                    Err(e) => panic!("a valid scenario written back does not read: {e}"),
                }
            }
            Err(e) => check_errors(&e),
        }
        if let Err(e) = parse_ward_data(&text, format, "fuzz") {
            check_errors(&e);
        }
    }
});
