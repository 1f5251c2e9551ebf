//! An error for the user: a message on standard error and exit code 2.

/// An error for the user: printed to stderr, exit code 2.
pub(crate) struct UserError(pub(crate) String);

impl<E: std::fmt::Display> From<E> for UserError {
    fn from(e: E) -> Self {
        UserError(e.to_string())
    }
}

/// What a command gives back: its exit code, or an error for the user.
pub(crate) type Result<T> = std::result::Result<T, UserError>;
