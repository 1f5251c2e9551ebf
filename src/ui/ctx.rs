//! What every component receives: the state and the callback that sends
//! actions to the reducer.

use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, State};

/// Shared props: the state and the action callback.
#[derive(Clone, Properties)]
pub struct Ctx {
    /// The state.
    pub state: Rc<State>,
    /// Sends an action.
    pub dispatch: Callback<Action>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state) && self.dispatch == other.dispatch
    }
}

/// Props of a panel that starts a job in the workers and can cancel it.
#[derive(Clone, PartialEq, Properties)]
pub struct JobPanelProps {
    /// Shared context.
    pub ctx: Ctx,
    /// Start the job.
    pub on_start: Callback<()>,
    /// Cancel it.
    pub on_cancel: Callback<()>,
}
