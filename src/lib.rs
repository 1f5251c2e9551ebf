//! Sasaeai (支え合い): Monte Carlo planning of public peer-support programmes.
//!
//! The crate is one engine with thin edges. The engine modules own the model
//! ([`model`]: parameters, distributions, one month of one ward, calibration),
//! the scenario files ([`scenario`]: schema, loading, validation, the embedded
//! built-ins) and the runner ([`sim`]: random streams, Monte Carlo runs,
//! streaming summaries, targets, comparison, reports). None of them depends on
//! anything web-specific; they build natively and for `wasm32-unknown-unknown`.
//! The edges over them: the command-line tool `sasaeai` (`src/bin/sasaeai.rs`,
//! feature `cli`), the browser app (`ui`, with SVG charts from `chart`) and
//! its simulation Web Worker (`worker`), built to WebAssembly from
//! `src/bin/app.rs` and `src/bin/worker.rs` with the feature `web`. The
//! layers and where to add things are described in `docs/architecture.md`.
//!
//! The model is described in `docs/model.md` (model versions 1 and
//! [`MODEL_VERSION`]; a scenario chooses, see [`model::ModelSpec`]).

#[cfg(feature = "web")]
pub mod chart;
pub mod hash;
pub mod job;
pub mod model;
pub mod report;
pub mod scenario;
pub mod selfcheck;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod sim;
pub mod text;
#[cfg(feature = "web")]
pub mod ui;
#[cfg(feature = "web")]
pub mod worker;

/// The newest version of the simulation model, the default of scenario
/// files. Bumped whenever an equation or a default changes the numbers a
/// saved scenario produces (see CHANGELOG.md); older versions stay
/// selectable (`[model] version`, `--model`).
pub const MODEL_VERSION: u32 = 2;
