//! Writing a bundle: the entries, the README that explains them, and the
//! tails of the app's logs, all redacted, into a zip saved atomically.

use std::fs;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::redact::{
    Scrubber, redacted_exchange, redacted_message, redacted_scenario, redacted_settings,
    without_credentials,
};
use super::{
    BUNDLE_FORMAT, BundleContents, BundleSummary, DiagnosticsError, EXCHANGES, FAULTS, LOGS,
    MANIFEST, Manifest, OUTBOX, README, REDACTED_SECRET, SCENARIO, SETTINGS,
};
use crate::mock::exchanges;
use crate::mock::outbox::OutboxMessage;
use crate::storage;

/// The log tails together; a week of busy logs would make a bundle too big to mail.
const LOG_BUDGET: u64 = 5 * 1024 * 1024;

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

#[cfg(test)]
mod tests {
    use super::*;

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
