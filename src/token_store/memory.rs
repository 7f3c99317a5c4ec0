//! Tokens in process memory only, for when no keyring can be used.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use super::{SessionError, SessionKey, TokenStore, check_token};
use crate::domain::SecretText;

/// Tokens in process memory only, for when no keyring can be used: they are
/// gone when the app closes, and wiped from memory on delete and on drop.
#[derive(Default)]
pub struct MemoryStore {
    // SecretText wipes its memory when dropped: on delete, on replace, and
    // when the store itself is dropped.
    tokens: Mutex<HashMap<SessionKey, SecretText>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        MemoryStore::default()
    }

    fn tokens(&self) -> std::sync::MutexGuard<'_, HashMap<SessionKey, SecretText>> {
        // A panic elsewhere cannot leave a half-written map: inserts and
        // removes are single calls, so the data is still consistent.
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl TokenStore for MemoryStore {
    fn save(&self, key: &SessionKey, token: &SecretText) -> Result<(), SessionError> {
        key.check()?;
        check_token(token)?;
        self.tokens().insert(key.clone(), token.clone());
        Ok(())
    }

    fn load(&self, key: &SessionKey) -> Result<Option<SecretText>, SessionError> {
        key.check()?;
        Ok(self.tokens().get(key).cloned())
    }

    fn delete(&self, key: &SessionKey) -> Result<(), SessionError> {
        key.check()?;
        self.tokens().remove(key);
        Ok(())
    }

    fn is_persistent(&self) -> bool {
        false
    }
}
