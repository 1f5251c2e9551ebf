//! The scenario workspace: picker, budget editor, outcome rules, parameters,
//! run settings and the error list. Components receive the state and a
//! callback for actions; they hold no business logic.

mod budget;
mod field;
mod model;
mod parameters;
mod rules;
mod run_settings;
mod scenario;

pub use budget::{BudgetEditor, SharesEditor};
pub use field::{FieldErrors, FieldErrorsProps, TextField, TextFieldProps, field_id, line_label};
pub use model::ModelSettings;
pub use parameters::{ParametersPanel, distribution_preview};
pub use rules::OutcomeRulesEditor;
pub use run_settings::RunSettingsPanel;
pub use scenario::{ErrorList, ScenarioPicker};
