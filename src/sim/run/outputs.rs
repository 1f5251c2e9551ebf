//! The outputs of a run (docs/model.md §7): [`MonthlyOutput`] and
//! [`FiscalOutput`], each with its key in reports.

use crate::scenario::plan::Plan;

macro_rules! outputs {
    ($(#[$meta:meta])* $name:ident { $($variant:ident $key:literal $doc:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $(#[doc = $doc] $variant),* }

        impl $name {
            /// All outputs in their fixed order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// Number of outputs.
            pub const COUNT: usize = $name::ALL.len();

            /// Key in outputs (`participants`, `spending_staff`, …).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }

            /// The output with key `key`.
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|o| o.key() == key)
            }
        }
    };
}

outputs! {
    /// A monthly output of docs/model.md §7 (sums over wards; stocks at the end of
    /// the month, flows and rates of the month).
    MonthlyOutput {
        Participants "participants" "Participants at the end of the month.",
        Inflow "inflow" "New participants in the month.",
        Dropouts "dropouts" "Participants who left in the month.",
        Waitlist "waitlist" "Demand that found no place in the month.",
        Untrained "untrained" "Untrained supporters at the end of the month.",
        Certified "certified" "Certified supporters at the end of the month.",
        Awareness "awareness" "Awareness at the end of the month, population-weighted.",
        Continuation "continuation" "Annual continuation rate of the month, weighted by participants at its start.",
        Satisfaction "satisfaction" "Satisfaction of the month, weighted by participants at its start.",
        Capacity "capacity" "Capacity the month used (places, or what supporters can support), over wards (model version 2).",
        Occupancy "occupancy" "Participants at the start of the month over capacity, over wards (model version 2).",
        Newcomers "newcomers" "Newcomers certified in seats untrained supporters left empty (model version 2).",
        Referred "referred" "The referral part of the month's demand (model version 2).",
        SpendingStaff "spending_staff" "Spending on staff in the month (yen).",
        SpendingTraining "spending_training" "Spending on training in the month (yen).",
        SpendingSupervision "spending_supervision" "Spending on supervision in the month (yen).",
        SpendingAwareness "spending_awareness" "Spending on publicity in the month (yen).",
        SpendingBases "spending_bases" "Spending on activity sites in the month (yen).",
        SpendingGrants "spending_grants" "Grants paid in the month (yen).",
        SpendingOnline "spending_online" "Spending on online and hybrid groups in the month (yen).",
        SpendingOutcome "spending_outcome" "Outcome-linked payments in the month (yen; paid in an FY's last month).",
        SpendingTotal "spending_total" "All spending in the month (yen).",
        CumulativeSpending "cumulative_spending" "All spending since the start of the horizon (yen).",
    }
}

outputs! {
    /// A fiscal-year output of docs/model.md §7.
    FiscalOutput {
        Participants "participants" "Participants at FY end.",
        NewParticipants "new_participants" "New participants in the FY.",
        Dropouts "dropouts" "Participants who left in the FY.",
        Untrained "untrained" "Untrained supporters at FY end.",
        Certified "certified" "Certified supporters at FY end.",
        Awareness "awareness" "Awareness at FY end, population-weighted.",
        Continuation "continuation" "FY continuation ∏(1 − d), wards weighted by participants at the FY's start.",
        Satisfaction "satisfaction" "Satisfaction in the FY's last month.",
        SpendingStaff "spending_staff" "Spending on staff in the FY (yen).",
        SpendingTraining "spending_training" "Spending on training in the FY (yen).",
        SpendingSupervision "spending_supervision" "Spending on supervision in the FY (yen).",
        SpendingAwareness "spending_awareness" "Spending on publicity in the FY (yen).",
        SpendingBases "spending_bases" "Spending on activity sites in the FY (yen).",
        SpendingGrants "spending_grants" "Grants paid in the FY (yen).",
        SpendingOnline "spending_online" "Spending on online and hybrid groups in the FY (yen).",
        OutcomePayments "outcome_payments" "Outcome-linked payments of the FY (yen).",
        SpendingTotal "spending_total" "All spending of the FY (yen).",
    }
}

impl MonthlyOutput {
    /// Whether reports of `plan` show the output: those of model version 2
    /// only under version 2 (version 1's reports stay as they were), the
    /// online line whenever [`Plan::shows_online`].
    pub fn shown_for(self, plan: &Plan) -> bool {
        match self {
            MonthlyOutput::SpendingOnline => plan.shows_online(),
            o => !o.version2_only() || plan.model.version >= 2,
        }
    }

    /// Whether the output exists only in model version 2.
    pub fn version2_only(self) -> bool {
        matches!(
            self,
            MonthlyOutput::Capacity
                | MonthlyOutput::Occupancy
                | MonthlyOutput::Newcomers
                | MonthlyOutput::Referred
                | MonthlyOutput::SpendingOnline
        )
    }
}

impl FiscalOutput {
    /// Whether reports of `plan` show the output (see
    /// [`MonthlyOutput::shown_for`]).
    pub fn shown_for(self, plan: &Plan) -> bool {
        self != FiscalOutput::SpendingOnline || plan.shows_online()
    }
}
