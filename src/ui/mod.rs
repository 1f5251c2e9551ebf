//! The browser app (Yew): the scenario workspace, the run controls and the
//! results dashboard. The simulation itself runs in a Web Worker
//! ([`crate::worker`]); this module only edits scenarios, sends them to the
//! worker and draws what comes back.
//!
//! Layout, in the shape of an Elm program: [`state`] (the one reducible
//! state, one module per area of the app, and the actions that change it;
//! it knows no component), [`doc`] (the scenario being edited, validated by
//! the engine), [`view`] (numbers for the dashboard), [`format`] and
//! [`i18n`] (text), [`share`] (share links), [`web`] (browser services),
//! [`ctx`] (what every component receives), and the components, which read
//! the state and send actions: [`editor`] (the workspace's panels),
//! [`dashboard`], [`compare`] (paired comparison of scenarios),
//! [`sensitivity`] (the tornado and rank correlations), [`my_ward`] (a
//! ward's own figures and their calibration checks), [`equity`] (equity
//! across wards), [`optimise`] (the allocation search), [`present`]
//! (full-screen slides for a projector), [`report_page`] (the printable A4
//! report), [`model_page`] (how the model works) and [`app`]; [`pool`]
//! splits runs over several workers and merges their answers; [`bench`] is
//! the browser benchmark page.

pub mod app;
pub mod bench;
pub mod compare;
pub mod ctx;
pub mod dashboard;
pub mod doc;
pub mod editor;
pub mod equity;
pub mod format;
pub mod i18n;
pub mod model_page;
pub mod my_ward;
pub mod optimise;
pub mod pool;
pub mod present;
pub mod report_page;
pub mod sensitivity;
pub mod share;
pub mod state;
pub mod structure;
pub mod view;
pub mod web;

pub use app::App;
