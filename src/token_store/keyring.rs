//! Tokens in the OS keyring: Secret Service on Linux, the Credential
//! Manager on Windows, the login keychain on macOS.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use keyring_core::{CredentialPersistence, CredentialStore, Entry, Error as KeyringError};
use zeroize::Zeroize;

use super::{SERVICE, SessionError, SessionKey, TokenStore, check_token};
use crate::domain::SecretText;

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

#[cfg(test)]
mod tests {
    use keyring_core::mock;

    use super::*;
    use crate::token_store::MemoryStore;
    use crate::token_store::tests::key;

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
