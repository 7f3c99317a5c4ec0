//! The diagnostics bundle: one zip a user sends to support, and that support
//! staff open to replay the user's situation on the built-in mock.
//!
//! It holds `README.txt` (what each file is), `manifest.json` (app version,
//! OS, architecture, when, which service), `settings.json`, `scenario.toml`
//! (the built-in mock's scenario, absent for a real service), `faults.json`
//! (the fault rules active at export), `exchanges.json` (every request and
//! answer the mock saw), `outbox.json` (what the mock "sent") and
//! `logs/<file>` (the tails of the app's log files, newest first, 5 MB in all).
//!
//! Secrets are taken out before anything is written:
//! - In the scenario, every security answer and key-file access code becomes
//!   the literal [`REDACTED_SECRET`] (`redacted`). That is a valid value, so
//!   the scenario still parses and replays; in the replay, the answer and the
//!   access code are `redacted`.
//! - Exchange bodies go through the mock's redaction again.
//! - Outbox messages lose their code, and the code in their text becomes `[redacted]`.
//! - Endpoint URLs lose any user name, password, query and fragment.
//! - Every code, answer and access code the bundle knows of is replaced
//!   wherever it still appears in exchanges, outbox or logs.
//!
//! Reading treats the zip as untrusted input: the file's size, the number of
//! entries and each entry's size are capped, and a missing or damaged entry is
//! an error naming it.

mod read;
mod redact;
mod write;

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::mock::exchanges::Exchange;
use crate::mock::faults::FaultRule;
use crate::mock::outbox::OutboxMessage;
use crate::mock::scenario::Scenario;
use crate::storage::Settings;

pub use read::{read_bundle, read_bundle_bytes};
pub use write::write_bundle;

use redact::without_credentials;

/// For the save and open dialogs.
pub const BUNDLE_FILTER: (&str, &[&str]) = ("Diagnostics bundle (*.zip)", &["zip"]);

/// What security answers and key-file access codes read in a bundle's scenario.
pub const REDACTED_SECRET: &str = "redacted";
/// The endpoint's name when the app ran on its own mock.
pub const BUILT_IN_MOCK: &str = "built-in mock";
/// The bundle layout this version writes; newer layouts are refused.
pub const BUNDLE_FORMAT: u32 = 1;

// The entries' names, shared by writing and reading.
const README: &str = "README.txt";
const MANIFEST: &str = "manifest.json";
const SETTINGS: &str = "settings.json";
const SCENARIO: &str = "scenario.toml";
const FAULTS: &str = "faults.json";
const EXCHANGES: &str = "exchanges.json";
const OUTBOX: &str = "outbox.json";
const LOGS: &str = "logs/";

/// A bundle that could not be written or read, naming the file and entry.
///
/// Causes are shared (`Arc`) so the error can travel in cloneable UI messages.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DiagnosticsError {
    #[error("could not save the diagnostics bundle {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: Arc<io::Error>,
    },
    #[error("could not put {entry} into the diagnostics bundle: {reason}")]
    Entry { entry: String, reason: String },
    #[error("could not read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: Arc<io::Error>,
    },
    #[error("{} is not a Keeper Recovery diagnostics bundle: {reason}", .path.display())]
    NotABundle { path: PathBuf, reason: String },
    #[error(
        "{} was made by a newer Keeper Recovery (bundle format {format}; this version reads format {BUNDLE_FORMAT}); update the app to open it",
        .path.display()
    )]
    NewerFormat { path: PathBuf, format: u32 },
    #[error("{entry} in the diagnostics bundle {} is not valid: {reason}", .path.display())]
    InvalidEntry {
        path: PathBuf,
        entry: String,
        reason: String,
    },
}

/// "keeper-recovery-diagnostics-2026-11-25-1830.zip", for the save dialog.
pub fn default_bundle_name(now: OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]-[hour][minute]");
    match now.format(&format) {
        Ok(stamp) => format!("keeper-recovery-diagnostics-{stamp}.zip"),
        Err(_) => "keeper-recovery-diagnostics.zip".to_owned(),
    }
}

/// What goes into a bundle, as the app holds it (secrets included: they
/// are taken out by [`write_bundle`]).
#[derive(Clone)]
pub struct BundleContents {
    pub settings: Settings,
    /// "built-in mock" or the service URL.
    pub endpoint: String,
    /// The running mock's scenario; None on a real endpoint.
    pub scenario: Option<Scenario>,
    /// The fault rules switched on at export (may differ from scenario.faults),
    /// with their counts as set, not as used up: a replay meets them again.
    pub active_faults: Vec<FaultRule>,
    pub exchanges: Vec<Exchange>,
    pub outbox: Vec<OutboxMessage>,
}

/// Counts only: the contents hold codes.
impl std::fmt::Debug for BundleContents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BundleContents")
            .field("endpoint", &without_credentials(&self.endpoint))
            .field("scenario", &self.scenario.as_ref().map(|s| &s.name))
            .field("active_faults", &self.active_faults.len())
            .field("exchanges", &self.exchanges.len())
            .field("outbox", &self.outbox.len())
            .finish_non_exhaustive()
    }
}

impl BundleContents {
    /// Everything from a running built-in mock.
    pub fn from_mock(shared: &crate::mock::Shared, settings: Settings) -> Self {
        BundleContents {
            settings,
            endpoint: BUILT_IN_MOCK.to_owned(),
            scenario: Some(shared.engine(|engine| engine.scenario().clone())),
            active_faults: shared.fault_rules_as_set(),
            exchanges: shared.exchanges_snapshot(),
            outbox: shared.outbox(),
        }
    }

    /// A real endpoint: settings and URL only (no mock data).
    pub fn for_endpoint(url: &str, settings: Settings) -> Self {
        BundleContents {
            settings,
            endpoint: url.to_owned(),
            scenario: None,
            active_faults: Vec::new(),
            exchanges: Vec::new(),
            outbox: Vec::new(),
        }
    }
}

/// Which app, system and service made a bundle, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The bundle layout's version.
    pub format: u32,
    pub app_version: String,
    /// As `std::env::consts::OS`: "linux", "windows", "macos".
    pub os: String,
    /// As `std::env::consts::ARCH`: "x86_64", "aarch64".
    pub arch: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// "built-in mock" or the service URL (without any credentials).
    pub endpoint: String,
}

/// A bundle as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSummary {
    pub path: PathBuf,
    /// The entries, in the order written.
    pub files: Vec<String>,
    pub bytes: u64,
}

/// A bundle as opened by support staff.
#[derive(Debug, Clone)]
pub struct OpenedBundle {
    pub manifest: Manifest,
    /// The user's app settings; None if the bundle has none.
    pub settings: Option<Settings>,
    /// Parsed and validated with `Scenario::parse`; None for a real service.
    pub scenario: Option<Scenario>,
    /// Each validated with `FaultRule::validate`. To replay, apply them after
    /// restarting the mock with the scenario (a restart installs `scenario.faults`).
    pub active_faults: Vec<FaultRule>,
    pub exchange_count: usize,
    /// The newest of the user's recorded exchanges (at most
    /// `USER_RECORDS_KEPT`), oldest first, as the bundle has them (redacted).
    pub user_exchanges: Vec<crate::mock::exchanges::Exchange>,
    /// What the user's service "sent" (codes removed), oldest first.
    pub user_outbox: Vec<OutboxMessage>,
}

/// How many of the user's exchanges and messages a replay keeps to show.
pub const USER_RECORDS_KEPT: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_name_has_date_and_minute() {
        let now = time::macros::datetime!(2026-11-25 18:30:59 UTC);
        assert_eq!(
            default_bundle_name(now),
            "keeper-recovery-diagnostics-2026-11-25-1830.zip"
        );
    }
}
