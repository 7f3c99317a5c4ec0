//! Session tokens in the real OS keyring: stored, read back from outside the
//! app, and deleted. Outside means as another program sees the keyring:
//! `secret-tool` on Linux, the Credential Manager's own API on Windows,
//! `security` on macOS.
//!
//! These need a running, unlocked keyring. `scripts/test` starts a
//! throw-away Secret Service (and, for the Windows build under Wine, a fresh
//! Wine prefix) and sets KEEPER_RECOVERY_REQUIRE_KEYRING=1, so in CI a
//! missing keyring fails the tests; a bare `cargo test` skips them instead.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use keeper_recovery::domain::SecretText;
use keeper_recovery::protocol::CaseId;
use keeper_recovery::token_store::{KeyringStore, MemoryStore, SessionKey, TokenStore, open_best};

const ENDPOINT: &str = "https://recovery.keeper.test";

fn required() -> bool {
    std::env::var("KEEPER_RECOVERY_REQUIRE_KEYRING").is_ok_and(|v| v == "1")
}

/// The real keyring, or `None` (with a note) when there is none and the run
/// does not require one.
fn keyring() -> Option<KeyringStore> {
    let reason = match KeyringStore::open() {
        Ok(store) => match outside::readable() {
            Ok(()) => return Some(store),
            Err(reason) => reason,
        },
        Err(err) => err.to_string(),
    };
    if required() {
        panic!(
            "KEEPER_RECOVERY_REQUIRE_KEYRING=1 but the keyring tests cannot run: {reason}. \
             Run them inside a D-Bus session with an unlocked Secret Service (scripts/test)."
        );
    }
    println!("skipped: no OS keyring to test against (run scripts/test)");
    println!("  because: {reason}");
    None
}

/// A case id no other test, thread or earlier run uses.
fn unique_case(name: &str) -> CaseId {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    CaseId::new(format!("c_it_{name}_{}_{nanos}", std::process::id()))
}

fn token_for(key: &SessionKey) -> SecretText {
    SecretText::new(format!("st_{}", key.case_id))
}

fn seen_from_outside(key: &SessionKey) -> Option<String> {
    outside::seen(key)
}

fn items_from_outside(key: &SessionKey) -> usize {
    outside::items(key)
}

/// The keyring as another program on Linux sees it: `secret-tool`.
#[cfg(target_os = "linux")]
mod outside {
    use std::process::{Command, Stdio};

    use keeper_recovery::token_store::{SERVICE, SessionKey};

    pub fn readable() -> Result<(), String> {
        let present = Command::new("secret-tool")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        if present {
            Ok(())
        } else {
            Err("secret-tool (package libsecret-tools) is missing".to_string())
        }
    }

    /// `secret-tool lookup`: the secret, or `None` when there is no such item.
    pub fn seen(key: &SessionKey) -> Option<String> {
        let out = Command::new("secret-tool")
            .args(["lookup", "service", SERVICE, "username", &key.user()])
            .output()
            .expect("secret-tool runs");
        // secret-tool answers 1 with nothing printed when no item matches.
        if out.status.success() {
            Some(String::from_utf8(out.stdout).expect("the token is text"))
        } else {
            assert!(out.stdout.is_empty(), "no item, yet output: {out:?}");
            None
        }
    }

    /// How many keyring items are filed under `key`.
    pub fn items(key: &SessionKey) -> usize {
        let out = Command::new("secret-tool")
            .args([
                "search",
                "--all",
                "service",
                SERVICE,
                "username",
                &key.user(),
            ])
            .output()
            .expect("secret-tool runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|line| line.starts_with("[/"))
            .count()
    }

    /// Stores `token` as another program would: `secret-tool store`.
    pub fn store(key: &SessionKey, token: &str) {
        use std::io::Write;
        let mut child = Command::new("secret-tool")
            .args([
                "store",
                "--label=keeper-recovery test",
                "service",
                SERVICE,
                "username",
                &key.user(),
            ])
            .stdin(Stdio::piped())
            .spawn()
            .expect("secret-tool runs");
        {
            let mut stdin = child.stdin.take().expect("stdin is piped");
            stdin
                .write_all(token.as_bytes())
                .expect("secret-tool reads the token");
        }
        assert!(child.wait().expect("secret-tool ends").success());
    }
}

/// The Credential Manager as another program on Windows sees it: its own
/// API (`CredReadW`, `CredEnumerateW`, `CredWriteW`), with the generic
/// credential named `<user>.<service>` and a UTF-16 secret, as the
/// Windows keyring store files it.
#[cfg(windows)]
mod outside {
    use std::ptr::null_mut;

    use keeper_recovery::token_store::{SERVICE, SessionKey};
    use windows_sys::Win32::Foundation::{ERROR_NOT_FOUND, FILETIME, GetLastError};
    use windows_sys::Win32::Security::Credentials::{
        CRED_PERSIST_ENTERPRISE, CRED_TYPE_GENERIC, CREDENTIALW, CredEnumerateW, CredFree,
        CredReadW, CredWriteW,
    };

    fn wide(text: &str) -> Vec<u16> {
        text.encode_utf16().chain(Some(0)).collect()
    }

    fn target(key: &SessionKey) -> Vec<u16> {
        wide(&format!("{}.{SERVICE}", key.user()))
    }

    pub fn readable() -> Result<(), String> {
        Ok(())
    }

    /// `CredReadW`: the secret, or `None` when there is no such credential.
    pub fn seen(key: &SessionKey) -> Option<String> {
        let target = target(key);
        let mut credential: *mut CREDENTIALW = null_mut();
        // SAFETY: a NUL-terminated name and a pointer for the answer, which
        // is freed with CredFree below.
        let found = unsafe { CredReadW(target.as_ptr(), CRED_TYPE_GENERIC, 0, &mut credential) };
        if found == 0 {
            // SAFETY: reads this thread's last error.
            let error = unsafe { GetLastError() };
            assert_eq!(error, ERROR_NOT_FOUND, "CredReadW failed with {error}");
            return None;
        }
        // SAFETY: CredReadW succeeded, so the credential and its blob are valid.
        let bytes = unsafe {
            let blob = std::slice::from_raw_parts(
                (*credential).CredentialBlob,
                (*credential).CredentialBlobSize as usize,
            )
            .to_vec();
            CredFree(credential.cast());
            blob
        };
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Some(String::from_utf16(&units).expect("the token is UTF-16 text"))
    }

    /// `CredEnumerateW` with the credential's name as the filter.
    pub fn items(key: &SessionKey) -> usize {
        let target = target(key);
        let mut count = 0u32;
        let mut credentials: *mut *mut CREDENTIALW = null_mut();
        // SAFETY: a NUL-terminated filter and pointers for the answer, which
        // is freed with CredFree below.
        let found = unsafe { CredEnumerateW(target.as_ptr(), 0, &mut count, &mut credentials) };
        if found == 0 {
            // SAFETY: reads this thread's last error.
            let error = unsafe { GetLastError() };
            assert_eq!(error, ERROR_NOT_FOUND, "CredEnumerateW failed with {error}");
            return 0;
        }
        // SAFETY: allocated by CredEnumerateW.
        unsafe { CredFree(credentials.cast()) };
        count as usize
    }

    /// Stores `token` as another program would: `CredWriteW`.
    pub fn store(key: &SessionKey, token: &str) {
        let mut target = target(key);
        let mut user = wide(&key.user());
        let mut blob: Vec<u8> = token.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let credential = CREDENTIALW {
            Flags: 0,
            Type: CRED_TYPE_GENERIC,
            TargetName: target.as_mut_ptr(),
            Comment: null_mut(),
            LastWritten: FILETIME {
                dwLowDateTime: 0,
                dwHighDateTime: 0,
            },
            CredentialBlobSize: u32::try_from(blob.len()).expect("a short token"),
            CredentialBlob: blob.as_mut_ptr(),
            Persist: CRED_PERSIST_ENTERPRISE,
            AttributeCount: 0,
            Attributes: null_mut(),
            TargetAlias: null_mut(),
            UserName: user.as_mut_ptr(),
        };
        // SAFETY: every pointer in the credential outlives the call.
        let written = unsafe { CredWriteW(&credential, 0) };
        assert_ne!(written, 0, "CredWriteW failed");
    }
}

/// The login Keychain as another program on macOS sees it: `security`,
/// with the generic password's service and account as the Keychain store
/// files them. Compiled on every CI run (scripts/macos); run on a Mac.
#[cfg(target_os = "macos")]
mod outside {
    use std::process::Command;

    use keeper_recovery::token_store::{SERVICE, SessionKey};

    pub fn readable() -> Result<(), String> {
        match Command::new("security").arg("help").output() {
            Ok(_) => Ok(()),
            Err(e) => Err(format!("security cannot be run: {e}")),
        }
    }

    /// `security find-generic-password -w`: the secret, or `None` when there
    /// is no such item (it then exits 44, "not found").
    pub fn seen(key: &SessionKey) -> Option<String> {
        let out = Command::new("security")
            .args([
                "find-generic-password",
                "-s",
                SERVICE,
                "-a",
                &key.user(),
                "-w",
            ])
            .output()
            .expect("security runs");
        if !out.status.success() {
            return None;
        }
        let secret = String::from_utf8(out.stdout).expect("the token is text");
        Some(secret.trim_end_matches('\n').to_string())
    }

    /// The Keychain keeps one generic password per service and account.
    pub fn items(key: &SessionKey) -> usize {
        usize::from(seen(key).is_some())
    }

    /// Stores `token` as another program would (a test token, so the command
    /// line may show it).
    pub fn store(key: &SessionKey, token: &str) {
        let status = Command::new("security")
            .args([
                "add-generic-password",
                "-U",
                "-s",
                SERVICE,
                "-a",
                &key.user(),
                "-w",
                token,
            ])
            .status()
            .expect("security runs");
        assert!(status.success(), "security add-generic-password failed");
    }
}

/// Elsewhere nothing reads the keyring from outside.
#[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
mod outside {
    use keeper_recovery::token_store::SessionKey;

    pub fn readable() -> Result<(), String> {
        Err("no reader of this OS's keyring from outside the app is written".to_string())
    }

    pub fn seen(_: &SessionKey) -> Option<String> {
        None
    }

    pub fn items(_: &SessionKey) -> usize {
        0
    }

    pub fn store(_: &SessionKey, _: &str) {}
}

/// Deletes the entry when the test ends, passed or failed, so no run leaves
/// tokens behind in a developer's own keyring.
struct Cleanup<'a> {
    store: &'a KeyringStore,
    keys: Vec<SessionKey>,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        for key in &self.keys {
            let _ = self.store.delete(key);
        }
    }
}

#[test]
fn token_survives_in_the_os_keyring_until_deleted() {
    let Some(store) = keyring() else { return };
    assert!(store.is_persistent());
    let key = SessionKey::new(ENDPOINT, unique_case("survives"));
    let _cleanup = Cleanup {
        store: &store,
        keys: vec![key.clone()],
    };
    let token = token_for(&key);

    let started = Instant::now();
    store
        .save(&key, &token)
        .expect("the keyring keeps the token");
    let saved_in = started.elapsed();
    assert_eq!(
        seen_from_outside(&key).as_deref(),
        Some(token.expose()),
        "another program reads the same token from the OS keyring"
    );

    // A store opened later in the process reads it back, as after a screen change.
    let again = KeyringStore::open().expect("the keyring opens again");
    let started = Instant::now();
    let loaded = again.load(&key).expect("the keyring answers");
    let loaded_in = started.elapsed();
    assert!(loaded.is_some_and(|t| t.matches(token.expose())));

    let started = Instant::now();
    store.delete(&key).expect("the token is deleted");
    let deleted_in = started.elapsed();
    assert_eq!(seen_from_outside(&key), None, "gone from the OS keyring");
    assert!(store.load(&key).expect("the keyring answers").is_none());
    println!("keyring round trips: save {saved_in:?}, load {loaded_in:?}, delete {deleted_in:?}");
}

#[test]
fn deleting_twice_is_fine() {
    let Some(store) = keyring() else { return };
    let key = SessionKey::new(ENDPOINT, unique_case("twice"));
    let _cleanup = Cleanup {
        store: &store,
        keys: vec![key.clone()],
    };
    store.save(&key, &token_for(&key)).expect("saved");
    store.delete(&key).expect("first delete");
    store.delete(&key).expect("second delete is fine");
    let never_saved = SessionKey::new(ENDPOINT, unique_case("never_saved"));
    store
        .delete(&never_saved)
        .expect("deleting what was never saved is fine");
    assert_eq!(seen_from_outside(&key), None);
}

#[test]
fn tokens_for_two_cases_do_not_mix() {
    let Some(store) = keyring() else { return };
    let first = SessionKey::new(ENDPOINT, unique_case("mix_first"));
    let second = SessionKey::new(ENDPOINT, unique_case("mix_second"));
    // The same case id on another service (the built-in mock) is another session.
    let elsewhere = SessionKey::new("http://127.0.0.1:8470", first.case_id.clone());
    let _cleanup = Cleanup {
        store: &store,
        keys: vec![first.clone(), second.clone(), elsewhere.clone()],
    };
    let elsewhere_token = SecretText::new(format!("st_mock_{}", elsewhere.case_id));
    store.save(&first, &token_for(&first)).expect("saved");
    store.save(&second, &token_for(&second)).expect("saved");
    store.save(&elsewhere, &elsewhere_token).expect("saved");

    for (key, token) in [
        (&first, token_for(&first)),
        (&second, token_for(&second)),
        (&elsewhere, elsewhere_token.clone()),
    ] {
        let loaded = store.load(key).expect("loads").expect("present");
        assert!(
            loaded.matches(token.expose()),
            "{} got another token",
            key.user()
        );
        assert_eq!(seen_from_outside(key).as_deref(), Some(token.expose()));
    }

    store.delete(&first).expect("deleted");
    assert_eq!(seen_from_outside(&first), None);
    assert_eq!(
        seen_from_outside(&second).as_deref(),
        Some(token_for(&second).expose()),
        "deleting one case keeps the other"
    );
    assert_eq!(
        seen_from_outside(&elsewhere).as_deref(),
        Some(elsewhere_token.expose()),
        "deleting one service's case keeps the other service's"
    );
    store.delete(&second).expect("deleted");
    store.delete(&elsewhere).expect("deleted");
    assert_eq!(seen_from_outside(&second), None);
    assert_eq!(seen_from_outside(&elsewhere), None);
}

#[test]
fn a_new_token_replaces_the_old_one_for_the_same_case() {
    let Some(store) = keyring() else { return };
    let key = SessionKey::new(ENDPOINT, unique_case("replace"));
    let _cleanup = Cleanup {
        store: &store,
        keys: vec![key.clone()],
    };
    store.save(&key, &SecretText::new("st_old")).expect("saved");
    store
        .save(&key, &SecretText::new("st_new"))
        .expect("saved again");
    assert_eq!(
        items_from_outside(&key),
        1,
        "one entry per endpoint and case"
    );
    assert_eq!(seen_from_outside(&key).as_deref(), Some("st_new"));
    let loaded = store.load(&key).expect("loads").expect("present");
    assert!(loaded.matches("st_new"));
    store.delete(&key).expect("deleted");
    assert_eq!(items_from_outside(&key), 0);
}

#[test]
fn a_token_kept_by_another_program_is_read_back() {
    let Some(store) = keyring() else { return };
    let key = SessionKey::new(ENDPOINT, unique_case("outside"));
    let _cleanup = Cleanup {
        store: &store,
        keys: vec![key.clone()],
    };
    let token = token_for(&key);
    outside::store(&key, token.expose());

    let loaded = store.load(&key).expect("loads").expect("present");
    assert!(
        loaded.matches(token.expose()),
        "the plain text token is read back"
    );
    store.delete(&key).expect("deleted");
    assert_eq!(seen_from_outside(&key), None);
}

#[test]
fn the_app_uses_the_os_keyring_when_there_is_one() {
    let Some(_store) = keyring() else { return };
    let (store, reason) = open_best();
    assert!(reason.is_none(), "keyring refused: {reason:?}");
    assert!(store.is_persistent());
}

#[test]
fn memory_store_forgets_on_delete() {
    let store = MemoryStore::new();
    assert!(!store.is_persistent(), "tokens do not outlive the app");
    let key = SessionKey::new(ENDPOINT, unique_case("memory"));
    let other = SessionKey::new(ENDPOINT, unique_case("memory_other"));
    store.save(&key, &token_for(&key)).expect("saved");
    store.save(&other, &token_for(&other)).expect("saved");
    let loaded = store.load(&key).expect("loads").expect("present");
    assert!(loaded.matches(token_for(&key).expose()));
    store.delete(&key).expect("deleted");
    store.delete(&key).expect("deleting twice is fine");
    assert!(store.load(&key).expect("loads").is_none());
    assert!(store.load(&other).expect("loads").is_some(), "others stay");
    // Nothing of it reached the OS keyring.
    if outside::readable().is_ok() && KeyringStore::open().is_ok() {
        assert_eq!(seen_from_outside(&other), None);
    }
}
