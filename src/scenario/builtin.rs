//! The built-in scenarios and ward data, embedded at compile time from
//! `scenarios/`.

/// Built-in ward data sets: (name, TOML text).
pub const WARD_DATA: &[(&str, &str)] = &[
    (
        "tokyo-23",
        include_str!("../../scenarios/wards/tokyo-23.toml"),
    ),
    (
        "tokyo-23-synthetic-disparity",
        include_str!("../../scenarios/wards/tokyo-23-synthetic-disparity.toml"),
    ),
];

/// Built-in scenarios: (name, TOML text), in the order they are listed.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "status-quo",
        include_str!("../../scenarios/status-quo.toml"),
    ),
    (
        "promotion-office",
        include_str!("../../scenarios/promotion-office.toml"),
    ),
    ("training", include_str!("../../scenarios/training.toml")),
    ("awareness", include_str!("../../scenarios/awareness.toml")),
    (
        "combined-plan",
        include_str!("../../scenarios/combined-plan.toml"),
    ),
    (
        "reallocation",
        include_str!("../../scenarios/reallocation.toml"),
    ),
    (
        "outcome-linked",
        include_str!("../../scenarios/outcome-linked.toml"),
    ),
    ("equalized", include_str!("../../scenarios/equalized.toml")),
];

/// Text of the built-in scenario `name`.
pub fn scenario_text(name: &str) -> Option<&'static str> {
    SCENARIOS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Text of the built-in ward data set `name`.
pub fn ward_text(name: &str) -> Option<&'static str> {
    WARD_DATA.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
