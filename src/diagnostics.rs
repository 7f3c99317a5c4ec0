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

use std::borrow::Cow;
use std::fs;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use zeroize::Zeroizing;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::domain::SecretText;
use crate::mock::exchanges::{self, Exchange};
use crate::mock::faults::FaultRule;
use crate::mock::outbox::OutboxMessage;
use crate::mock::scenario::{Scenario, ScenarioError};
use crate::storage::{self, EndpointSetting, Settings};

/// For the save and open dialogs.
pub const BUNDLE_FILTER: (&str, &[&str]) = ("Diagnostics bundle (*.zip)", &["zip"]);

/// What security answers and key-file access codes read in a bundle's scenario.
pub const REDACTED_SECRET: &str = "redacted";
/// The endpoint's name when the app ran on its own mock.
pub const BUILT_IN_MOCK: &str = "built-in mock";
/// The bundle layout this version writes; newer layouts are refused.
pub const BUNDLE_FORMAT: u32 = 1;

const README: &str = "README.txt";
const MANIFEST: &str = "manifest.json";
const SETTINGS: &str = "settings.json";
const SCENARIO: &str = "scenario.toml";
const FAULTS: &str = "faults.json";
const EXCHANGES: &str = "exchanges.json";
const OUTBOX: &str = "outbox.json";
const LOGS: &str = "logs/";

/// The log tails together; a week of busy logs would make a bundle too big to mail.
const LOG_BUDGET: u64 = 5 * 1024 * 1024;
/// Shorter secrets are left to the structural redaction: replacing every
/// "ab" in the logs would only garble them.
const MIN_SCRUBBED_LEN: usize = 4;

// Reading limits, far above what this app writes.
const MAX_BUNDLE_BYTES: u64 = 128 * 1024 * 1024;
const MAX_ENTRIES: usize = 1024;
const MAX_SMALL_ENTRY: u64 = 64 * 1024;
const MAX_SCENARIO_ENTRY: u64 = 4 * 1024 * 1024;
const MAX_EXCHANGES_ENTRY: u64 = 512 * 1024 * 1024;

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

// ---------------------------------------------------------------------------
// Writing

/// Writes the zip atomically: a temporary file in the same folder, then a
/// rename, so `path` is never a half-written file. On failure nothing is
/// left behind and an existing file at `path` is untouched.
pub fn write_bundle(
    path: &Path,
    contents: &BundleContents,
    log_dir: &Path,
) -> Result<BundleSummary, DiagnosticsError> {
    let write_error = |source: io::Error| DiagnosticsError::Write {
        path: path.to_path_buf(),
        source: Arc::new(source),
    };
    let folder = storage::folder_of(path);
    // Dropping `temp` on any early return removes it.
    let temp = tempfile::Builder::new()
        .prefix(".keeper-recovery-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(write_error)?;
    let files = write_entries(temp.as_file(), contents, log_dir, OffsetDateTime::now_utc())
        .map_err(|failure| match failure {
            Failure::Io(source) => write_error(source),
            Failure::Entry { entry, reason } => DiagnosticsError::Entry { entry, reason },
        })?;
    temp.as_file().sync_all().map_err(write_error)?;
    let bytes = temp.as_file().metadata().map_err(write_error)?.len();
    temp.persist(path)
        .map_err(|failed| write_error(failed.error))?;
    storage::sync_folder(folder);
    Ok(BundleSummary {
        path: path.to_path_buf(),
        files,
        bytes,
    })
}

enum Failure {
    Io(io::Error),
    Entry { entry: String, reason: String },
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Io(error)
    }
}

impl From<zip::result::ZipError> for Failure {
    fn from(error: zip::result::ZipError) -> Self {
        match error {
            zip::result::ZipError::Io(error) => Failure::Io(error),
            other => Failure::Io(io::Error::other(other)),
        }
    }
}

fn entry_failure(entry: &str, reason: impl std::fmt::Display) -> Failure {
    Failure::Entry {
        entry: entry.to_owned(),
        reason: reason.to_string(),
    }
}

fn write_entries(
    file: &fs::File,
    contents: &BundleContents,
    log_dir: &Path,
    now: OffsetDateTime,
) -> Result<Vec<String>, Failure> {
    let scrubber = Scrubber::for_contents(contents);
    let manifest = Manifest {
        format: BUNDLE_FORMAT,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        os: std::env::consts::OS.to_owned(),
        arch: std::env::consts::ARCH.to_owned(),
        created_at: now,
        endpoint: without_credentials(&contents.endpoint).into_owned(),
    };
    let settings = redacted_settings(&contents.settings);
    let scenario = contents
        .scenario
        .as_ref()
        .map(|scenario| toml::to_string(&redacted_scenario(scenario)))
        .transpose()
        .map_err(|e| entry_failure(SCENARIO, e))?;
    let exchanges: Vec<Value> = contents
        .exchanges
        .iter()
        .map(|exchange| redacted_exchange(exchange, &scrubber))
        .collect::<Result<_, _>>()
        .map_err(|e| entry_failure(EXCHANGES, e))?;
    let outbox: Vec<OutboxMessage> = contents
        .outbox
        .iter()
        .map(|message| redacted_message(message, &scrubber))
        .collect();
    let logs = log_tails(log_dir, LOG_BUDGET, &scrubber);

    let mut zip = Entries::new(BufWriter::new(file), now);
    zip.add(README, readme(&manifest, &logs.notes).as_bytes())?;
    zip.add(MANIFEST, &json(MANIFEST, &manifest)?)?;
    zip.add(SETTINGS, &json(SETTINGS, &settings)?)?;
    if let Some(scenario) = &scenario {
        zip.add(SCENARIO, scenario.as_bytes())?;
    }
    zip.add(FAULTS, &json(FAULTS, &contents.active_faults)?)?;
    zip.add(EXCHANGES, &json(EXCHANGES, &exchanges)?)?;
    zip.add(OUTBOX, &json(OUTBOX, &outbox)?)?;
    for (name, text) in &logs.files {
        zip.add(&format!("{LOGS}{name}"), text.as_bytes())?;
    }
    zip.finish()
}

fn json(entry: &str, value: &impl Serialize) -> Result<Vec<u8>, Failure> {
    serde_json::to_vec_pretty(value).map_err(|e| entry_failure(entry, e))
}

/// The zip being written, and the names of its entries so far.
struct Entries<W: Write + Seek> {
    zip: ZipWriter<W>,
    options: SimpleFileOptions,
    names: Vec<String>,
}

impl<W: Write + Seek> Entries<W> {
    fn new(writer: W, now: OffsetDateTime) -> Self {
        // Zip times cannot say their zone; UTC, as in the manifest.
        let modified = zip::DateTime::from_date_and_time(
            u16::try_from(now.year()).unwrap_or(1980),
            now.month().into(),
            now.day(),
            now.hour(),
            now.minute(),
            now.second(),
        )
        .unwrap_or_default();
        Entries {
            zip: ZipWriter::new(writer),
            options: SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(modified)
                .unix_permissions(0o644),
            names: Vec::new(),
        }
    }

    fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.zip.start_file(name, self.options)?;
        self.zip.write_all(bytes)?;
        self.names.push(name.to_owned());
        Ok(())
    }

    fn finish(self) -> Result<Vec<String>, Failure> {
        let mut writer = self.zip.finish()?;
        writer.flush()?;
        Ok(self.names)
    }
}

fn readme(manifest: &Manifest, notes: &[String]) -> String {
    let created_at = manifest
        .created_at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let mut text = format!(
        "Keeper Recovery diagnostics bundle\n\
         ==================================\n\
         \n\
         Made by Keeper Recovery {version} on {os} ({arch}) at {created_at},\n\
         for the service: {endpoint}.\n\
         \n\
         One-time codes, passwords, session tokens, security answers and key-file\n\
         access codes have been taken out.\n\
         \n\
         manifest.json   which app and system made this bundle, when, for which service\n\
         settings.json   the app's settings: service, language, theme\n\
         scenario.toml   the built-in mock's scenario (absent for a real service);\n\
         \x20               security answers and key-file access codes read \"{REDACTED_SECRET}\"\n\
         faults.json     the fault rules active when the bundle was made\n\
         exchanges.json  every request and answer between the app and the built-in mock,\n\
         \x20               secrets in the bodies replaced by {redacted}\n\
         outbox.json     the SMS, emails and prompts the mock \"sent\", codes replaced by {redacted}\n\
         logs/           the app's log files, newest first; long ones keep only their end\n\
         \n\
         Support staff: open this file in Keeper Recovery's support mode to replay the\n\
         scenario with the same faults.\n",
        version = manifest.app_version,
        os = manifest.os,
        arch = manifest.arch,
        endpoint = manifest.endpoint,
        redacted = exchanges::REDACTED,
    );
    if !notes.is_empty() {
        text.push_str("\nNotes:\n");
        for note in notes {
            text.push_str("- ");
            text.push_str(note);
            text.push('\n');
        }
    }
    text
}

// ---------------------------------------------------------------------------
// Redaction

/// The URL without user name, password, query or fragment, which can hold
/// credentials. Text that is not a URL is kept unless it could hold them.
fn without_credentials(text: &str) -> Cow<'_, str> {
    match url::Url::parse(text.trim()) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            Cow::Owned(url.to_string())
        }
        Err(_) if text.contains(['@', '?', '#']) => Cow::Borrowed("[redacted: not a valid URL]"),
        Err(_) => Cow::Borrowed(text),
    }
}

fn redacted_settings(settings: &Settings) -> Settings {
    let endpoint = match &settings.endpoint {
        EndpointSetting::Url(url) => EndpointSetting::Url(without_credentials(url).into_owned()),
        other => other.clone(),
    };
    Settings {
        endpoint,
        ..settings.clone()
    }
}

fn redacted_scenario(scenario: &Scenario) -> Scenario {
    let mut scenario = scenario.clone();
    for account in &mut scenario.accounts {
        for secret in [
            &mut account.security_answer,
            &mut account.keyfile_access_code,
        ] {
            if secret.is_some() {
                *secret = Some(SecretText::new(REDACTED_SECRET));
            }
        }
    }
    scenario
}

fn redacted_exchange(exchange: &Exchange, scrubber: &Scrubber) -> serde_json::Result<Value> {
    let mut exchange = exchange.clone();
    if let Some(body) = &mut exchange.request {
        exchanges::redact(body, true);
    }
    if let Some(body) = &mut exchange.response {
        exchanges::redact(body, false);
    }
    let mut value = serde_json::to_value(&exchange)?;
    scrubber.scrub_value(&mut value);
    Ok(value)
}

fn redacted_message(message: &OutboxMessage, scrubber: &Scrubber) -> OutboxMessage {
    let text = match message.code.as_deref() {
        Some(code) if !code.is_empty() => message.text.replace(code, exchanges::REDACTED),
        _ => message.text.clone(),
    };
    // Struct update, so fields added later pass through.
    OutboxMessage {
        code: None,
        text: scrubber.scrub(&text).into_owned(),
        ..message.clone()
    }
}

/// Replaces every secret the bundle knows of (codes sent, security answers,
/// key-file access codes) wherever it still appears in free text.
struct Scrubber {
    /// Longest first, so a secret containing another is replaced whole.
    secrets: Vec<Zeroizing<String>>,
}

impl Scrubber {
    fn for_contents(contents: &BundleContents) -> Self {
        let codes = contents.outbox.iter().filter_map(|m| m.code.clone());
        let scenario_secrets = contents
            .scenario
            .iter()
            .flat_map(|scenario| &scenario.accounts)
            .flat_map(|account| [&account.security_answer, &account.keyfile_access_code])
            .flatten()
            .map(|secret| secret.expose().to_owned());
        let mut secrets: Vec<Zeroizing<String>> = codes
            .chain(scenario_secrets)
            .filter(|secret| secret.chars().count() >= MIN_SCRUBBED_LEN)
            .map(Zeroizing::new)
            .collect();
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        Scrubber { secrets }
    }

    fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut text = Cow::Borrowed(text);
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = Cow::Owned(text.replace(secret.as_str(), exchanges::REDACTED));
            }
        }
        text
    }

    /// Every string in the value; keys are names, never secrets.
    fn scrub_value(&self, value: &mut Value) {
        match value {
            Value::String(text) => {
                if let Cow::Owned(scrubbed) = self.scrub(text) {
                    *text = scrubbed;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.scrub_value(item)),
            Value::Object(map) => map.values_mut().for_each(|item| self.scrub_value(item)),
            _ => {}
        }
    }
}

/// The log files' ends, newest file first, and what was left out.
struct LogTails {
    files: Vec<(String, String)>,
    notes: Vec<String>,
}

/// A missing or unreadable log is noted in the README, not an error: the
/// rest of the bundle is still worth sending.
fn log_tails(log_dir: &Path, budget: u64, scrubber: &Scrubber) -> LogTails {
    let mut tails = LogTails {
        files: Vec::new(),
        notes: Vec::new(),
    };
    let entries = match fs::read_dir(log_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            tails.notes.push("There were no log files.".to_owned());
            return tails;
        }
        Err(error) => {
            tails
                .notes
                .push(format!("The log folder could not be read: {error}."));
            return tails;
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        // Only the app's own files: never a link to something else.
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| crate::logging::is_log_file_name(name))
        .collect();
    // The date is in the name: reverse order is newest first.
    names.sort_unstable_by(|a, b| b.cmp(a));
    let mut left = budget;
    for (i, name) in names.iter().enumerate() {
        if left == 0 {
            tails.notes.push(format!(
                "{} older log file(s) left out to keep the bundle small.",
                names.len() - i
            ));
            break;
        }
        match read_tail(&log_dir.join(name), left) {
            Ok((bytes, cut)) => {
                left = left.saturating_sub(bytes.len() as u64);
                let text = String::from_utf8_lossy(&bytes);
                let mut text = scrubber.scrub(&text).into_owned();
                if cut {
                    text.insert_str(0, "[earlier lines left out to keep the bundle small]\n");
                }
                tails.files.push((name.clone(), text));
            }
            Err(error) => tails
                .notes
                .push(format!("The log file {name} could not be read: {error}.")),
        }
    }
    tails
}

/// The last `max` bytes of the file, from the first whole line; and whether
/// anything was cut.
fn read_tail(path: &Path, max: u64) -> io::Result<(Vec<u8>, bool)> {
    let mut file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    let start = len.saturating_sub(max);
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    // `take`: the file may grow while it is read (the log is live).
    file.take(max).read_to_end(&mut bytes)?;
    if start == 0 {
        return Ok((bytes, false));
    }
    let whole_lines = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |newline| newline + 1);
    bytes.drain(..whole_lines);
    Ok((bytes, true))
}

// ---------------------------------------------------------------------------
// Reading

/// Opens a bundle a user sent: the manifest, the scenario and fault rules
/// (validated as if loaded from a file), and the size of the exchange log.
pub fn read_bundle(path: &Path) -> Result<OpenedBundle, DiagnosticsError> {
    let read_error = |source: io::Error| DiagnosticsError::Read {
        path: path.to_path_buf(),
        source: Arc::new(source),
    };
    let not_a_bundle = |reason: String| DiagnosticsError::NotABundle {
        path: path.to_path_buf(),
        reason,
    };
    let file = fs::File::open(path).map_err(read_error)?;
    let len = file.metadata().map_err(read_error)?.len();
    if len > MAX_BUNDLE_BYTES {
        return Err(not_a_bundle(format!(
            "it is {} MB, more than any bundle ({} MB)",
            len / (1024 * 1024),
            MAX_BUNDLE_BYTES / (1024 * 1024)
        )));
    }
    let mut archive = match ZipArchive::new(BufReader::new(file)) {
        Ok(archive) => archive,
        Err(zip::result::ZipError::Io(error)) => return Err(read_error(error)),
        Err(error) => {
            return Err(not_a_bundle(format!("it is not a zip archive ({error})")));
        }
    };
    if archive.len() > MAX_ENTRIES {
        return Err(not_a_bundle(format!(
            "it has {} entries; a bundle has far fewer",
            archive.len()
        )));
    }
    let mut bundle = Bundle {
        path,
        archive: &mut archive,
    };

    let manifest: Manifest = bundle
        .json(MANIFEST, MAX_SMALL_ENTRY)?
        .ok_or_else(|| not_a_bundle(format!("{MANIFEST} is missing")))?;
    if manifest.format > BUNDLE_FORMAT {
        return Err(DiagnosticsError::NewerFormat {
            path: path.to_path_buf(),
            format: manifest.format,
        });
    }
    let settings = bundle.json(SETTINGS, MAX_SMALL_ENTRY)?;
    let scenario = match bundle.entry(SCENARIO, MAX_SCENARIO_ENTRY)? {
        Some(bytes) => {
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| bundle.invalid(SCENARIO, "it is not UTF-8 text"))?;
            let scenario = Scenario::parse(SCENARIO, text).map_err(|error| {
                let reason = match error {
                    ScenarioError::Invalid { message, .. } => message,
                    other => other.to_string(),
                };
                bundle.invalid(SCENARIO, reason)
            })?;
            Some(scenario)
        }
        None => None,
    };
    let active_faults: Vec<FaultRule> =
        bundle.json(FAULTS, MAX_SCENARIO_ENTRY)?.unwrap_or_default();
    for (i, rule) in active_faults.iter().enumerate() {
        rule.validate()
            .map_err(|reason| bundle.invalid(FAULTS, format!("rule {}: {reason}", i + 1)))?;
    }
    // The user's records, to show beside the replay's own: the newest only.
    let mut user_exchanges: Vec<crate::mock::exchanges::Exchange> = bundle
        .json(EXCHANGES, MAX_EXCHANGES_ENTRY)?
        .unwrap_or_default();
    let exchange_count = user_exchanges.len();
    user_exchanges.drain(..exchange_count.saturating_sub(USER_RECORDS_KEPT));
    let mut user_outbox: Vec<OutboxMessage> =
        bundle.json(OUTBOX, MAX_SCENARIO_ENTRY)?.unwrap_or_default();
    user_outbox.drain(..user_outbox.len().saturating_sub(USER_RECORDS_KEPT));
    Ok(OpenedBundle {
        manifest,
        settings,
        scenario,
        active_faults,
        exchange_count,
        user_exchanges,
        user_outbox,
    })
}

/// An archive being read, with its path for error messages.
struct Bundle<'a, R: Read + Seek> {
    path: &'a Path,
    archive: &'a mut ZipArchive<R>,
}

impl<R: Read + Seek> Bundle<'_, R> {
    fn invalid(&self, entry: &str, reason: impl std::fmt::Display) -> DiagnosticsError {
        DiagnosticsError::InvalidEntry {
            path: self.path.to_path_buf(),
            entry: entry.to_owned(),
            reason: reason.to_string(),
        }
    }

    /// The entry's bytes, or None if there is no such entry.
    fn entry(&mut self, name: &str, max: u64) -> Result<Option<Vec<u8>>, DiagnosticsError> {
        let mut bytes = Vec::new();
        let found = self.with_reader(name, max, |reader| reader.read_to_end(&mut bytes))?;
        Ok(found.map(|_| bytes))
    }

    fn json<T: serde::de::DeserializeOwned>(
        &mut self,
        name: &str,
        max: u64,
    ) -> Result<Option<T>, DiagnosticsError> {
        match self.entry(name, max)? {
            Some(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|error| self.invalid(name, error)),
            None => Ok(None),
        }
    }

    /// Runs `read` over the entry's content, stopped after `max` bytes.
    fn with_reader<T>(
        &mut self,
        name: &str,
        max: u64,
        read: impl FnOnce(&mut dyn Read) -> io::Result<T>,
    ) -> Result<Option<T>, DiagnosticsError> {
        let path = self.path;
        let invalid = |reason: String| DiagnosticsError::InvalidEntry {
            path: path.to_path_buf(),
            entry: name.to_owned(),
            reason,
        };
        let entry = match self.archive.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(error) => return Err(invalid(format!("it cannot be read ({error})"))),
        };
        if entry.size() > max {
            return Err(invalid(format!("it is larger than {max} bytes")));
        }
        // The declared size may lie: never read more than `max` (plus one, to notice).
        let mut limited = entry.take(max + 1);
        let mut counted = CountingReader {
            inner: &mut limited,
            count: 0,
        };
        let result = read(&mut counted);
        if counted.count > max {
            return Err(invalid(format!("it is larger than {max} bytes")));
        }
        result
            .map(Some)
            .map_err(|error| invalid(format!("it is damaged ({error})")))
    }
}

/// Counts the bytes read through it.
struct CountingReader<'a> {
    inner: &'a mut dyn Read,
    count: u64,
}

impl Read for CountingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::scenario::SHIPPED;

    #[test]
    fn bundle_name_has_date_and_minute() {
        let now = time::macros::datetime!(2026-11-25 18:30:59 UTC);
        assert_eq!(
            default_bundle_name(now),
            "keeper-recovery-diagnostics-2026-11-25-1830.zip"
        );
    }

    #[test]
    fn every_shipped_scenario_survives_redaction_and_toml() {
        for (name, _) in SHIPPED {
            let scenario = Scenario::shipped(name).expect("shipped scenarios parse");
            let text = toml::to_string(&redacted_scenario(&scenario)).expect("serializes");
            let back = Scenario::parse(name, &text)
                .unwrap_or_else(|e| panic!("{name} does not parse back: {e}\n{text}"));
            assert_eq!(back.name, scenario.name);
            assert_eq!(back.accounts.len(), scenario.accounts.len());
            assert_eq!(back.faults, scenario.faults);
            for (after, before) in back.accounts.iter().zip(&scenario.accounts) {
                assert_eq!(after.wmid, before.wmid);
                assert_eq!(
                    after.security_answer.as_ref().map(SecretText::expose),
                    before.security_answer.as_ref().map(|_| REDACTED_SECRET)
                );
                assert_eq!(
                    after.keyfile_access_code.as_ref().map(SecretText::expose),
                    before.keyfile_access_code.as_ref().map(|_| REDACTED_SECRET)
                );
            }
        }
    }

    #[test]
    fn credentials_leave_urls() {
        assert_eq!(
            without_credentials("https://user:pw@recovery.example.com/api?key=k1#f"),
            "https://recovery.example.com/api"
        );
        assert_eq!(without_credentials(BUILT_IN_MOCK), BUILT_IN_MOCK);
        assert_eq!(
            without_credentials("not a url?key=k1"),
            "[redacted: not a valid URL]"
        );
    }

    #[test]
    fn scrubbing_replaces_longest_secrets_first_and_skips_short_ones() {
        let scrubber = Scrubber {
            secrets: vec![
                Zeroizing::new("abcdef".into()),
                Zeroizing::new("abcd".into()),
            ],
        };
        assert_eq!(
            scrubber.scrub("x abcdef y abcd"),
            "x [redacted] y [redacted]"
        );
        let mut value = serde_json::json!({"abcd": ["abcd", 1234], "n": "none"});
        scrubber.scrub_value(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"abcd": ["[redacted]", 1234], "n": "none"})
        );
    }

    #[test]
    fn a_long_log_keeps_its_last_whole_lines() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("keeper-recovery.2026-11-25.log");
        fs::write(&path, "first line\nsecond line\nthird\n").expect("written");
        let (tail, cut) = read_tail(&path, 14).expect("readable");
        assert!(cut);
        assert_eq!(tail, b"third\n");
        let (whole, cut) = read_tail(&path, 1000).expect("readable");
        assert!(!cut);
        assert_eq!(whole.len(), 29);
    }
}
