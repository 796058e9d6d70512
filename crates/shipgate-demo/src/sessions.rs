//! Bearer tokens handed out by `POST /auth/login` and the users they stand for.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Tokens issued so far; they never expire while the server runs.
#[derive(Debug, Default)]
pub(crate) struct Sessions(Mutex<HashMap<String, String>>);

impl Sessions {
    /// Remembers that `token` authenticates `user`.
    pub(crate) fn insert(&self, token: String, user: String) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(token, user);
    }

    /// The user `token` was issued to, if any.
    pub(crate) fn user(&self, token: &str) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(token)
            .cloned()
    }
}
