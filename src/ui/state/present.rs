//! Presentation mode's state: which slides the last results make, and the
//! slide shown, kept within them.

use super::compare::CompareResult;
use super::run::Results;

/// What one slide shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlideKind {
    /// The question the run answers.
    Question,
    /// The plan's appropriation, or the plans of the last comparison.
    Plans,
    /// Target `k` of the report.
    Target(usize),
    /// The participants fan chart.
    Fan,
    /// Spending against the appropriation.
    Spending,
    /// Equity across wards: the tile map with the data set's banner.
    Equity,
}

/// The slides of `results` (and of a finished comparison), in order.
pub fn slides(results: &Results, _compare: Option<&CompareResult>) -> Vec<SlideKind> {
    let mut out = vec![SlideKind::Question, SlideKind::Plans];
    out.extend((0..results.report.targets.len()).map(SlideKind::Target));
    out.push(SlideKind::Fan);
    out.push(SlideKind::Spending);
    out.push(SlideKind::Equity);
    out
}

/// How many slides there are.
pub fn slide_count(results: &Results, compare: Option<&CompareResult>) -> usize {
    slides(results, compare).len()
}

/// The slide shown after going to the slide `to` gives for the slide
/// shown now (`None` when not presenting): kept within the slides of
/// `results`, and nothing changes without results or when `to` gives
/// `None`.
pub fn go(
    presenting: &mut Option<usize>,
    results: Option<&Results>,
    compare: Option<&CompareResult>,
    to: impl FnOnce(Option<usize>) -> Option<usize>,
) {
    let Some(results) = results else {
        return;
    };
    if let Some(n) = to(*presenting) {
        let last = slide_count(results, compare) - 1;
        *presenting = Some(n.min(last));
    }
}
