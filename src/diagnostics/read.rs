//! Reading a bundle a user sent, as untrusted input: sizes and entry counts
//! are capped, and every entry is validated before it is used.

use std::fs;
use std::io::{self, BufReader, Read, Seek};
use std::path::Path;
use std::sync::Arc;

use zip::ZipArchive;

use super::{
    BUNDLE_FORMAT, DiagnosticsError, EXCHANGES, FAULTS, MANIFEST, Manifest, OUTBOX, OpenedBundle,
    SCENARIO, SETTINGS, USER_RECORDS_KEPT,
};
use crate::mock::faults::FaultRule;
use crate::mock::outbox::OutboxMessage;
use crate::mock::scenario::{Scenario, ScenarioError};

// Reading limits, far above what this app writes.
const MAX_BUNDLE_BYTES: u64 = 128 * 1024 * 1024;
const MAX_ENTRIES: usize = 1024;
const MAX_SMALL_ENTRY: u64 = 64 * 1024;
const MAX_SCENARIO_ENTRY: u64 = 4 * 1024 * 1024;
const MAX_EXCHANGES_ENTRY: u64 = 512 * 1024 * 1024;

/// Opens a bundle a user sent: the manifest, the scenario and fault rules
/// (validated as if loaded from a file), and the size of the exchange log.
pub fn read_bundle(path: &Path) -> Result<OpenedBundle, DiagnosticsError> {
    let read_error = |source| read_error(path, source);
    let not_a_bundle = |reason| not_a_bundle(path, reason);
    let file = fs::File::open(path).map_err(read_error)?;
    let len = file.metadata().map_err(read_error)?.len();
    if len > MAX_BUNDLE_BYTES {
        return Err(not_a_bundle(format!(
            "it is {} MB, more than any bundle ({} MB)",
            len / (1024 * 1024),
            MAX_BUNDLE_BYTES / (1024 * 1024)
        )));
    }
    read_archive(BufReader::new(file), path)
}

/// Reads a bundle already in memory; `path` names it in errors. What the
/// fuzz target calls, so that it runs the parser without a file per input.
pub fn read_bundle_bytes(bytes: &[u8], path: &Path) -> Result<OpenedBundle, DiagnosticsError> {
    if bytes.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(not_a_bundle(
            path,
            "it is larger than any bundle".to_owned(),
        ));
    }
    read_archive(io::Cursor::new(bytes), path)
}

fn read_error(path: &Path, source: io::Error) -> DiagnosticsError {
    DiagnosticsError::Read {
        path: path.to_path_buf(),
        source: Arc::new(source),
    }
}

fn not_a_bundle(path: &Path, reason: String) -> DiagnosticsError {
    DiagnosticsError::NotABundle {
        path: path.to_path_buf(),
        reason,
    }
}

fn read_archive<R: Read + Seek>(reader: R, path: &Path) -> Result<OpenedBundle, DiagnosticsError> {
    let read_error = |source| read_error(path, source);
    let not_a_bundle = |reason| not_a_bundle(path, reason);
    let mut archive = match ZipArchive::new(reader) {
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
