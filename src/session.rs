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

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use keyring_core::{CredentialPersistence, CredentialStore, Entry, Error as KeyringError};
use zeroize::Zeroize;

use crate::domain::SecretText;

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
    pub case_id: String,
}

impl SessionKey {
    pub fn new(endpoint: impl Into<String>, case_id: impl Into<String>) -> Self {
        SessionKey {
            endpoint: endpoint.into(),
            case_id: case_id.into(),
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
        if self.endpoint.is_empty() || self.case_id.is_empty() || self.endpoint.contains('#') {
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

/// Tokens in the OS keyring.
///
/// Every method blocks on the platform store; call them from
/// `tokio::task::spawn_blocking`, not from the UI thread.
pub struct KeyringStore {
    store: Arc<CredentialStore>,
}

/// The platform store that worked, shared by every [`KeyringStore`] of this
/// process. Only a store that passed the probe is kept, so a failed open
/// (say, before the user unlocks the keyring) can be retried later.
static PLATFORM_STORE: OnceLock<Arc<CredentialStore>> = OnceLock::new();

/// Lets one thread at a time open and probe the keyring: two probes at once
/// would race over the same probe entry (one deleting the item the other is
/// writing) and report a working keyring as broken.
static OPENING: Mutex<()> = Mutex::new(());

impl KeyringStore {
    /// Opens this OS's keyring and checks that it can keep a token.
    ///
    /// The first success makes it keyring-core's default store for the
    /// process; later calls reuse it and never replace it. Blocking.
    pub fn open() -> Result<Self, SessionError> {
        // The guard protects no data, so a panic while it was held leaves
        // nothing inconsistent.
        let _opening = OPENING.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(store) = PLATFORM_STORE.get() {
            return Ok(KeyringStore {
                store: store.clone(),
            });
        }
        let candidate = platform_store()?;
        probe(&candidate)?;
        let store = PLATFORM_STORE.get_or_init(|| {
            keyring_core::set_default_store(candidate.clone());
            candidate
        });
        Ok(KeyringStore {
            store: store.clone(),
        })
    }

    fn entry(&self, key: &SessionKey) -> Result<Entry, SessionError> {
        key.check()?;
        Entry::new_in_store(&self.store, SERVICE, &key.user()).map_err(from_keyring)
    }
}

impl TokenStore for KeyringStore {
    fn save(&self, key: &SessionKey, token: &SecretText) -> Result<(), SessionError> {
        check_token(token)?;
        self.entry(key)?
            .set_password(token.expose())
            .map_err(from_keyring)?;
        tracing::debug!(case_id = %key.case_id, "session token saved to the keyring");
        Ok(())
    }

    fn load(&self, key: &SessionKey) -> Result<Option<SecretText>, SessionError> {
        match self.entry(key)?.get_password() {
            // Wrapped at once, so it is wiped when dropped.
            Ok(token) => Ok(Some(SecretText::new(token))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(from_keyring(err)),
        }
    }

    fn delete(&self, key: &SessionKey) -> Result<(), SessionError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => {}
            // Another program may have filed a second item under the same
            // name: delete means gone, so remove them all.
            Err(KeyringError::Ambiguous(entries)) => {
                for entry in entries {
                    match entry.delete_credential() {
                        Ok(()) | Err(KeyringError::NoEntry) => {}
                        Err(err) => return Err(from_keyring(err)),
                    }
                }
            }
            Err(err) => return Err(from_keyring(err)),
        }
        tracing::debug!(case_id = %key.case_id, "session token deleted from the keyring");
        Ok(())
    }

    fn is_persistent(&self) -> bool {
        !matches!(
            self.store.persistence(),
            CredentialPersistence::EntryOnly | CredentialPersistence::ProcessOnly
        )
    }
}

#[cfg(target_os = "linux")]
fn build_platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "windows")]
fn build_platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn build_platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
fn build_platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    Err(KeyringError::NotSupportedByStore(
        "no keyring support on this operating system".into(),
    ))
}

fn platform_store() -> Result<Arc<CredentialStore>, SessionError> {
    build_platform_store().map_err(|err| SessionError::NoKeyring(describe(err)))
}

/// Checks that `store` can keep a token, by writing and deleting a probe entry.
///
/// A lookup alone is not enough: a locked Secret Service, or one with no
/// default collection, still answers "no such entry" to a lookup and only
/// refuses on the first write, which would be after the user has verified.
/// On a desktop with a locked keyring the write brings up the unlock prompt
/// here, at start-up, instead.
fn probe(store: &Arc<CredentialStore>) -> Result<(), SessionError> {
    let unusable = |err: KeyringError| SessionError::NoKeyring(describe(err));
    // An empty endpoint never names a real session, and the process id keeps
    // two running copies of the app from racing over one probe.
    let user = format!("#probe-{}", std::process::id());
    let entry = Entry::new_in_store(store, SERVICE, &user).map_err(unusable)?;
    match entry.get_password() {
        Ok(_) | Err(KeyringError::NoEntry) => {}
        Err(err) => return Err(unusable(err)),
    }
    entry.set_password("probe").map_err(unusable)?;
    match entry.delete_credential() {
        Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
        Err(err) => Err(unusable(err)),
    }
}

/// Maps a keyring-core error from a save, load or delete.
fn from_keyring(err: KeyringError) -> SessionError {
    let kind = match err {
        KeyringError::NoDefaultStore => SessionError::NoKeyring,
        KeyringError::NoStorageAccess(_) => SessionError::Access,
        _ => SessionError::Other,
    };
    kind(describe(err))
}

/// A message for `err` that never contains secret bytes: the variants that
/// carry the stored data get a fixed text, and that data is wiped.
fn describe(err: KeyringError) -> String {
    match err {
        KeyringError::BadEncoding(mut bytes) => {
            bytes.zeroize();
            "the stored token is not text".into()
        }
        KeyringError::BadDataFormat(mut bytes, _) => {
            bytes.zeroize();
            "the stored token is malformed".into()
        }
        KeyringError::Ambiguous(entries) => format!(
            "{} keyring items match one session; expected one",
            entries.len()
        ),
        other => other.to_string(),
    }
}

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
    use keyring_core::mock;

    use super::*;

    fn key(case_id: &str) -> SessionKey {
        SessionKey::new("https://recovery.example", case_id)
    }

    /// A keyring store over keyring-core's mock, leaving the process default alone.
    fn mock_keyring() -> (KeyringStore, Arc<CredentialStore>) {
        let store: Arc<CredentialStore> = match mock::Store::new() {
            Ok(store) => store,
            Err(err) => panic!("mock store: {err}"),
        };
        (
            KeyringStore {
                store: store.clone(),
            },
            store,
        )
    }

    /// Makes the next keyring call for `key` fail with `err`.
    fn fail_next(store: &Arc<CredentialStore>, key: &SessionKey, err: KeyringError) {
        let entry = Entry::new_in_store(store, SERVICE, &key.user()).expect("mock entry");
        let cred: &mock::Cred = entry.as_any().downcast_ref().expect("a mock credential");
        cred.set_error(err);
    }

    #[test]
    fn one_keyring_user_per_endpoint_and_case() {
        assert_eq!(key("c_1").user(), "https://recovery.example#c_1");
        assert_ne!(
            SessionKey::new("http://127.0.0.1:8470", "c_1").user(),
            key("c_1").user()
        );
        let bad = SessionKey::new("https://a.example#x", "c_1");
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

    #[test]
    fn empty_tokens_are_refused() {
        let (keyring, _) = mock_keyring();
        let empty = SecretText::new("");
        assert!(matches!(
            keyring.save(&key("c_1"), &empty),
            Err(SessionError::Other(_))
        ));
        assert!(MemoryStore::new().save(&key("c_1"), &empty).is_err());
    }

    #[test]
    fn keyring_store_round_trip_over_the_mock() {
        let (keyring, _) = mock_keyring();
        // The mock lives in process memory, and the store says so.
        assert!(!keyring.is_persistent());
        keyring
            .save(&key("c_1"), &SecretText::new("tok"))
            .expect("saved");
        let token = keyring.load(&key("c_1")).expect("loads").expect("present");
        assert_eq!(token.expose(), "tok");
        keyring.delete(&key("c_1")).expect("deleted");
        keyring.delete(&key("c_1")).expect("deleting again is fine");
        assert!(keyring.load(&key("c_1")).expect("loads").is_none());
    }

    #[test]
    fn a_locked_keyring_is_an_access_error() {
        let (keyring, store) = mock_keyring();
        let locked = || KeyringError::NoStorageAccess("object locked".into());
        fail_next(&store, &key("c_1"), locked());
        assert!(matches!(
            keyring.save(&key("c_1"), &SecretText::new("tok")),
            Err(SessionError::Access(_))
        ));
        fail_next(&store, &key("c_1"), locked());
        assert!(matches!(
            keyring.load(&key("c_1")),
            Err(SessionError::Access(_))
        ));
        fail_next(&store, &key("c_1"), locked());
        assert!(matches!(
            keyring.delete(&key("c_1")),
            Err(SessionError::Access(_))
        ));
    }

    #[test]
    fn errors_never_carry_the_stored_bytes() {
        let (keyring, store) = mock_keyring();
        let token = b"tok-4f1c9a-secret".to_vec();
        fail_next(
            &store,
            &key("c_1"),
            KeyringError::BadEncoding(token.clone()),
        );
        let err = keyring.load(&key("c_1")).expect_err("bad encoding");
        fail_next(
            &store,
            &key("c_2"),
            KeyringError::BadDataFormat(token, "bad padding".into()),
        );
        let err2 = keyring.load(&key("c_2")).expect_err("bad format");
        for err in [err, err2] {
            assert!(matches!(err, SessionError::Other(_)));
            assert!(!err.to_string().contains("tok-4f1c9a"), "{err}");
            assert!(!format!("{err:?}").contains("tok-4f1c9a"), "{err:?}");
        }
    }

    #[test]
    fn a_store_that_refuses_fails_the_probe() {
        let (_, store) = mock_keyring();
        let user = format!("#probe-{}", std::process::id());
        let entry = Entry::new_in_store(&store, SERVICE, &user).expect("mock entry");
        let cred: &mock::Cred = entry.as_any().downcast_ref().expect("a mock credential");
        cred.set_error(KeyringError::NoStorageAccess("prompt dismissed".into()));
        match probe(&store) {
            Err(SessionError::NoKeyring(reason)) => assert!(reason.contains("prompt")),
            other => panic!("expected NoKeyring, got {other:?}"),
        }
        // A store that works passes, and the probe leaves nothing behind.
        probe(&store).expect("mock store works");
        assert!(matches!(entry.get_password(), Err(KeyringError::NoEntry)));
    }

    #[test]
    fn keyring_errors_map_to_what_the_app_can_do() {
        assert!(matches!(
            from_keyring(KeyringError::NoDefaultStore),
            SessionError::NoKeyring(_)
        ));
        assert!(matches!(
            from_keyring(KeyringError::PlatformFailure("dbus gone".into())),
            SessionError::Other(_)
        ));
        assert_eq!(
            SessionError::NoKeyring("no secret service".into()).to_string(),
            "no keyring: no secret service"
        );
    }
}
