//! Checks of a chart's input: each names the input and the index of the
//! value that is wrong.

use super::super::ChartError;

/// `values` is not empty.
pub(crate) fn non_empty<T>(what: &'static str, values: &[T]) -> Result<(), ChartError> {
    if values.is_empty() {
        return Err(ChartError::EmptyData { what });
    }
    Ok(())
}

/// `values` has `expected` elements.
pub(crate) fn same_len<T>(
    what: &'static str,
    values: &[T],
    expected: usize,
) -> Result<(), ChartError> {
    if values.len() != expected {
        return Err(ChartError::LengthMismatch {
            what,
            expected,
            found: values.len(),
        });
    }
    Ok(())
}

/// Every value is finite.
pub(crate) fn finite(what: &'static str, values: &[f64]) -> Result<(), ChartError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(ChartError::NonFinite { what, index }),
        None => Ok(()),
    }
}

/// Every value is finite and ≥ 0.
pub(crate) fn finite_non_negative(what: &'static str, values: &[f64]) -> Result<(), ChartError> {
    finite(what, values)?;
    match values.iter().position(|v| *v < 0.0) {
        Some(index) => Err(ChartError::Negative { what, index }),
        None => Ok(()),
    }
}

/// The reference value, if any, is finite.
pub(crate) fn reference(value: Option<(f64, &str)>) -> Result<Option<f64>, ChartError> {
    match value {
        Some((v, _)) if !v.is_finite() => Err(ChartError::NonFinite {
            what: "reference",
            index: 0,
        }),
        other => Ok(other.map(|(v, _)| v)),
    }
}
