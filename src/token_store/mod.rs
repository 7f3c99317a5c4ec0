//! Where session tokens live between screens: only in the OS keyring.
//!
//! A case token (given when a case is opened) and the session token that
//! replaces it on verification are bearer credentials for one recovery case,
//! so they are never written to a file or a log. [`KeyringStore`] keeps it in the
//! platform's credential store (Secret Service on Linux, the Credential
//! Manager on Windows, the login keychain on macOS). When no keyring can be
//! used, [`MemoryStore`] keeps tokens in process memory only, and
//! [`open_best`] says why, so the app can tell the user plainly.
//!
//! Every keyring call is blocking (on Linux each one is a D-Bus round trip,
//! and an unlock prompt may wait for the user): the app makes them from a
//! blocking task (`tokio::task::spawn_blocking`), never on the UI thread.

mod keyring;
mod memory;

pub use keyring::KeyringStore;
pub use memory::MemoryStore;

use crate::domain::SecretText;
use crate::protocol::CaseId;

/// The keyring service name every entry of this app is filed under.
pub const SERVICE: &str = "keeper-recovery";

/// Which session a token belongs to: the recovery service it came from and
/// the case it unlocks.
///
/// Neither part is secret, but a case id is not harmless either: it names the
/// case in logs and support requests. The service answers nothing about a case
/// to a request without its token, so the id alone reads or changes nothing;
/// the token (the case token, replaced by the session token on verification)
/// is what this store keeps.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionKey {
    /// The service's base URL, as the client was configured with it.
    pub endpoint: String,
    pub case_id: CaseId,
}

impl SessionKey {
    pub fn new(endpoint: impl Into<String>, case_id: CaseId) -> Self {
        SessionKey {
            endpoint: endpoint.into(),
            case_id,
        }
    }

    /// The keyring user name, `<endpoint>#<case_id>`.
    ///
    /// One entry per endpoint and case: a user may have cases open on two
    /// services (the built-in mock and a real one), or two cases on one, and
    /// each token unlocks only its own case, so none may overwrite another.
    /// A base URL has no fragment, so the first `#` always ends the endpoint.
    pub fn user(&self) -> String {
        format!("{}#{}", self.endpoint, self.case_id)
    }

    fn check(&self) -> Result<(), SessionError> {
        if self.endpoint.is_empty()
            || self.case_id.as_str().is_empty()
            || self.endpoint.contains('#')
        {
            Err(SessionError::Other(format!(
                "not a usable session key: {:?}",
                self.user()
            )))
        } else {
            Ok(())
        }
    }
}

/// Some stores cannot keep an empty secret; refuse it the same way everywhere.
fn check_token(token: &SecretText) -> Result<(), SessionError> {
    if token.expose().is_empty() {
        Err(SessionError::Other(
            "refusing to keep an empty token".into(),
        ))
    } else {
        Ok(())
    }
}

/// Why a token could not be kept or read. Messages never contain the token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// No keyring can be used: no platform store, no Secret Service, or it is
    /// locked or has no default collection. Tokens can only be kept in memory.
    #[error("no keyring: {0}")]
    NoKeyring(String),
    /// The keyring is there but refused this request: it was locked since it
    /// was opened, or the user dismissed its unlock prompt.
    #[error("the keyring refused access: {0}")]
    Access(String),
    #[error("keyring error: {0}")]
    Other(String),
}

/// Keeps one session token per [`SessionKey`].
pub trait TokenStore: Send + Sync {
    /// Stores `token`, replacing any token already kept for `key`.
    fn save(&self, key: &SessionKey, token: &SecretText) -> Result<(), SessionError>;
    /// The token kept for `key`, or `None` if there is none.
    fn load(&self, key: &SessionKey) -> Result<Option<SecretText>, SessionError>;
    /// Forgets the token for `key`. Forgetting a token that is not there is fine.
    fn delete(&self, key: &SessionKey) -> Result<(), SessionError>;
    /// Whether tokens outlive this process.
    fn is_persistent(&self) -> bool;
}

/// The OS keyring if it works, else a [`MemoryStore`] and the reason the
/// keyring could not be used, for the app to show: "no keyring: tokens are
/// kept in memory only until you close the app". Blocking.
pub fn open_best() -> (Box<dyn TokenStore>, Option<SessionError>) {
    match KeyringStore::open() {
        Ok(store) => (Box::new(store), None),
        Err(err) => {
            tracing::warn!(error = %err, "no usable keyring; session tokens stay in memory");
            (Box::new(MemoryStore::new()), Some(err))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key of the one test service (the keyring's tests use it too).
    pub(super) fn key(case_id: &str) -> SessionKey {
        SessionKey::new("https://recovery.example", CaseId::new(case_id))
    }

    #[test]
    fn one_keyring_user_per_endpoint_and_case() {
        assert_eq!(key("c_1").user(), "https://recovery.example#c_1");
        assert_ne!(
            SessionKey::new("http://127.0.0.1:8470", CaseId::new("c_1")).user(),
            key("c_1").user()
        );
        let bad = SessionKey::new("https://a.example#x", CaseId::new("c_1"));
        assert!(matches!(
            MemoryStore::new().load(&bad),
            Err(SessionError::Other(_))
        ));
        assert!(MemoryStore::new().load(&key("")).is_err());
    }

    #[test]
    fn memory_store_keeps_replaces_and_forgets() {
        let store = MemoryStore::new();
        assert!(!store.is_persistent());
        store
            .save(&key("c_1"), &SecretText::new("one"))
            .expect("saved");
        store
            .save(&key("c_2"), &SecretText::new("two"))
            .expect("saved");
        store
            .save(&key("c_1"), &SecretText::new("uno"))
            .expect("replaced");
        let one = store.load(&key("c_1")).expect("loads").expect("present");
        assert_eq!(one.expose(), "uno");
        store.delete(&key("c_1")).expect("deleted");
        store.delete(&key("c_1")).expect("deleting again is fine");
        assert!(store.load(&key("c_1")).expect("loads").is_none());
        let two = store.load(&key("c_2")).expect("loads").expect("present");
        assert_eq!(two.expose(), "two");
    }
}
