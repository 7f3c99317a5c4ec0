//! Settings and open cases on disk: where they live, and how every file is
//! written (this module); the settings (`settings.rs`); the open recoveries
//! (`open_cases.rs`).
//!
//! Every file is written whole or not at all (a temporary file in the same
//! folder, synced, then renamed over the old one), so a crash, a full disk or
//! a pulled plug never leaves a half-written file behind. A file that cannot
//! be read is reported with its path and kept, never silently overwritten.
//!
//! Nothing here holds a secret: session tokens live only in the OS keyring;
//! codes, passwords and answers only in memory.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::NamedTempFile;

mod open_cases;
mod settings;

pub use open_cases::{OpenCases, SavedCase, Service, Upserted};
pub use settings::{EndpointSetting, Settings, ThemePreference};

const SETTINGS_FILE: &str = "settings.toml";
const OPEN_CASES_FILE: &str = "open-cases.json";
/// Beside the open cases, never replaced: the data file itself is replaced
/// by rename at each save, so a lock on it would guard a file no longer there.
const OPEN_CASES_LOCK: &str = "open-cases.lock";
/// A settings file is a few hundred bytes; a larger one is not ours.
const SETTINGS_MAX_BYTES: u64 = 64 * 1024;
/// The most recoveries listed at once. Beyond it the oldest are dropped,
/// with their tokens: a user has one recovery per topic and account in
/// progress, and cases end on the service within days.
pub const MAX_OPEN_CASES: usize = 50;
/// The open-cases file at its bound is about 15 KB; identifiers are short.
const OPEN_CASES_MAX_BYTES: u64 = 1024 * 1024;
/// Settings name the endpoint and open cases name the account: owner only.
const PRIVATE_FILE_MODE: u32 = 0o600;
#[cfg(unix)]
const PRIVATE_FOLDER_MODE: u32 = 0o700;

/// Something on disk that could not be done, with the file it concerns.
///
/// Causes are shared (`Arc`) so the error can travel in cloneable UI messages.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StorageError {
    #[error("could not read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: Arc<io::Error>,
    },
    #[error("{} is not valid: {reason}", .path.display())]
    Invalid { path: PathBuf, reason: String },
    #[error("could not create the folder {}: {source}", .path.display())]
    CreateFolder {
        path: PathBuf,
        #[source]
        source: Arc<io::Error>,
    },
    #[error("could not save {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: Arc<io::Error>,
    },
    #[error("could not move {} aside: {source}", .path.display())]
    SetAside {
        path: PathBuf,
        #[source]
        source: Arc<io::Error>,
    },
}

impl StorageError {
    /// The file or folder the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StorageError::Read { path, .. }
            | StorageError::Invalid { path, .. }
            | StorageError::CreateFolder { path, .. }
            | StorageError::Write { path, .. }
            | StorageError::SetAside { path, .. } => path,
        }
    }
}

/// Where the app keeps its files. Nothing is created until something is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    /// Settings the user chose.
    pub config_dir: PathBuf,
    /// What the app remembers between runs (open cases).
    pub state_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl AppPaths {
    /// The usual per-user folders of this OS; `None` when the user has no
    /// home folder.
    pub fn for_user() -> Option<AppPaths> {
        let dirs = directories::ProjectDirs::from("org", "KeeperRecovery", "keeper-recovery")?;
        // Only Linux has a state folder; elsewhere local data is the closest.
        let state_dir = dirs
            .state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf();
        Some(AppPaths {
            config_dir: dirs.config_dir().to_path_buf(),
            log_dir: state_dir.join("logs"),
            state_dir,
        })
    }

    /// Every folder under `root`: for tests, and for a portable install.
    pub fn under(root: &Path) -> AppPaths {
        let state_dir = root.join("state");
        AppPaths {
            config_dir: root.join("config"),
            log_dir: state_dir.join("logs"),
            state_dir,
        }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join(SETTINGS_FILE)
    }

    pub fn open_cases_file(&self) -> PathBuf {
        self.state_dir.join(OPEN_CASES_FILE)
    }

    fn open_cases_lock(&self) -> PathBuf {
        self.state_dir.join(OPEN_CASES_LOCK)
    }
}

// ---------------------------------------------------------------------------
// Atomic writes

/// Replaces `path` with `bytes` in one step: readers see the old file or the
/// new one, never a mix. `mode` is the Unix permission of the new file (when
/// `None`, it stays owner-only, the temporary file's default); other systems
/// ignore it. On failure the temporary file is removed and the old file, if
/// any, is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
    let folder = folder_of(path);
    let temp = write_synced_temp(folder, bytes, mode)?;
    // On failure the temporary file comes back inside the error and is
    // removed when that is dropped.
    temp.persist(path).map_err(|failed| failed.error)?;
    sync_folder(folder);
    Ok(())
}

/// The folder a file goes into; a bare file name lives in the current folder.
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A complete, synced temporary file in `folder`, ready to be renamed. The
/// mode is set before any byte is written so the data is never readable by
/// others, even for a moment. Dropping the result removes the file.
pub(crate) fn write_synced_temp(
    folder: &Path,
    bytes: &[u8],
    mode: Option<u32>,
) -> io::Result<NamedTempFile> {
    let mut temp = tempfile::Builder::new()
        .prefix(".keeper-recovery-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    if let Some(mode) = mode {
        set_mode(temp.as_file(), mode)?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

#[cfg(unix)]
fn set_mode(file: &fs::File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_file: &fs::File, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// Makes the rename itself survive a power cut. Best effort: by now the new
/// file is complete and in place, and some file systems refuse to sync a
/// folder, so reporting the save as failed would be wrong.
pub(crate) fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Err(error) = fs::File::open(folder).and_then(|dir| dir.sync_all()) {
        tracing::warn!(folder = %folder.display(), %error, "could not sync the folder after saving");
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Creates the app's own folder (owner-only on Unix) if it is missing.
pub(crate) fn ensure_private_folder(folder: &Path) -> Result<(), StorageError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(PRIVATE_FOLDER_MODE);
    }
    builder
        .create(folder)
        .map_err(|source| StorageError::CreateFolder {
            path: folder.to_path_buf(),
            source: Arc::new(source),
        })
}

fn write_private_file(folder: &Path, path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    ensure_private_folder(folder)?;
    write_atomic(path, bytes, Some(PRIVATE_FILE_MODE)).map_err(|source| StorageError::Write {
        path: path.to_path_buf(),
        source: Arc::new(source),
    })
}

/// The file's text, or `None` when there is no such file yet. Only a
/// regular file of at most `limit` bytes is read: a pipe, a device or a
/// folder in its place is refused without waiting or growing.
fn read_text_if_present(path: &Path, limit: u64) -> Result<Option<String>, StorageError> {
    let bytes = match crate::regular_file::read(path, limit) {
        Ok(bytes) => bytes,
        Err(error) if error.is_not_found() => return Ok(None),
        Err(error) => {
            let source = match error {
                crate::regular_file::ReadError::Io(error) => error,
                refused => io::Error::other(refused.to_string()),
            };
            return Err(StorageError::Read {
                path: path.to_path_buf(),
                source: Arc::new(source),
            });
        }
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| StorageError::Invalid {
            path: path.to_path_buf(),
            reason: "it is not UTF-8 text".to_owned(),
        })
}

/// Renames a file the app could not read to `<name>.bad-<unix time>`, so the
/// user can look at it and the app can start afresh. Returns the new path.
fn set_aside(path: &Path) -> Result<PathBuf, StorageError> {
    let aside = free_aside_name(path);
    fs::rename(path, &aside).map_err(|source| StorageError::SetAside {
        path: path.to_path_buf(),
        source: Arc::new(source),
    })?;
    sync_folder(folder_of(path));
    Ok(aside)
}

/// `<path>.bad-<unix time>`, with a counter when one was set aside in the same second.
fn free_aside_name(path: &Path) -> PathBuf {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    let base = format!("{}.bad-{seconds}", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut counter = 1;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}-{counter}"));
        counter += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_file_names_live_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("a.kwm")), Path::new("."));
        assert_eq!(folder_of(Path::new("/x/a.kwm")), Path::new("/x"));
    }

    #[test]
    fn write_atomic_replaces_and_leaves_only_the_file() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("f");
        write_atomic(&path, b"old", None).expect("first write");
        write_atomic(&path, b"new", Some(0o640)).expect("second write");
        assert_eq!(fs::read(&path).expect("readable"), b"new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("listable")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["f"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
    }

    #[test]
    fn write_atomic_into_a_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let error = write_atomic(&dir.path().join("nope/f"), b"x", None).expect_err("no folder");
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn set_aside_names_do_not_collide() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("settings.toml");
        fs::write(&path, "one").expect("write");
        let first = set_aside(&path).expect("set aside");
        fs::write(&path, "two").expect("write");
        let second = set_aside(&path).expect("set aside");
        assert_ne!(first, second);
        assert_eq!(fs::read_to_string(first).expect("kept"), "one");
        assert_eq!(fs::read_to_string(second).expect("kept"), "two");
    }
}
