//! Scenario texts several tests build on.

/// The example of a ward's own figures (`scenarios/examples/my-ward.toml`).
pub const MY_WARD: &str = include_str!("../../scenarios/examples/my-ward.toml");

/// The example of a ward's own figures with `replacements` (whole lines,
/// `key = …` → `key = value`; `budget.key` for a line of
/// `[my_ward.status_quo_budget]`).
pub fn my_ward_with(replacements: &[(&str, &str)]) -> String {
    let (ward, budget) = MY_WARD
        .split_once("[my_ward.status_quo_budget]")
        .expect("the example has a budget");
    let (mut ward, mut budget) = (ward.to_string(), budget.to_string());
    for (key, value) in replacements {
        let (text, key) = match key.strip_prefix("budget.") {
            Some(k) => (&mut budget, k),
            None => (&mut ward, *key),
        };
        let start = text
            .lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("no line for {key}"))
            .to_string();
        *text = text.replacen(&start, &format!("{key} = {value}"), 1);
    }
    format!("{ward}[my_ward.status_quo_budget]{budget}")
}
