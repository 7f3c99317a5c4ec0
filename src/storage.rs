//! Settings and open cases on disk.
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

use serde::{Deserialize, Serialize};
use tempfile::NamedTempFile;

use crate::domain::Wmid;
use crate::i18n::Language;
use crate::protocol::TopicId;

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

// ---------------------------------------------------------------------------
// Settings

/// Which recovery service the app talks to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointSetting {
    /// The mock started inside the app: nothing leaves the machine.
    #[default]
    BuiltInMock,
    Url(String),
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ThemePreference {
    /// Light or dark, as the OS is.
    #[default]
    System,
    Light,
    Dark,
    HighContrast,
}

impl ThemePreference {
    pub const ALL: [ThemePreference; 4] =
        crate::variants(<ThemePreference as strum::VariantArray>::VARIANTS);

    /// The name in the settings file.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What the user chose, in `settings.toml`. Missing keys take their default,
/// so files written by older versions, or edited by hand, still load.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub endpoint: EndpointSetting,
    /// Written as its code ("vi", "en", "ru"); `None` follows the OS.
    pub language: Option<Language>,
    pub theme: ThemePreference,
    /// The support panel beside the user's screen (built-in mock only).
    pub support_mode: bool,
}

impl Settings {
    /// The saved settings; the defaults when none were saved yet. An
    /// unreadable or invalid file is an error naming it, and is left as it is.
    pub fn load(paths: &AppPaths) -> Result<Settings, StorageError> {
        let path = paths.settings_file();
        let Some(text) = read_text_if_present(&path, SETTINGS_MAX_BYTES)? else {
            return Ok(Settings::default());
        };
        toml::from_str(&text).map_err(|error| StorageError::Invalid {
            reason: describe_toml_error(&text, &error),
            path,
        })
    }

    pub fn save(&self, paths: &AppPaths) -> Result<(), StorageError> {
        write_private_file(
            &paths.config_dir,
            &paths.settings_file(),
            self.to_toml().as_bytes(),
        )
    }

    /// Moves an invalid settings file out of the way, keeping its content.
    pub fn set_aside_bad(paths: &AppPaths) -> Result<PathBuf, StorageError> {
        set_aside(&paths.settings_file())
    }

    /// A template, so that the file carries comments that help someone
    /// editing it; each value is written by the TOML crate.
    fn to_toml(&self) -> String {
        let endpoint = match &self.endpoint {
            EndpointSetting::BuiltInMock => toml_string("built-in-mock"),
            EndpointSetting::Url(url) => format!("{{ url = {} }}", toml_string(url)),
        };
        let language = match self.language {
            Some(language) => format!("language = {}", toml_string(language.code())),
            None => "# language = \"vi\"".to_owned(),
        };
        format!(
            "# Keeper Recovery settings. Delete a line to go back to its default.\n\
             \n\
             # \"built-in-mock\", or {{ url = \"https://...\" }}\n\
             endpoint = {endpoint}\n\
             \n\
             # vi, en or ru; without it, the system's language\n\
             {language}\n\
             \n\
             # system, light, dark or high-contrast\n\
             theme = {theme}\n\
             \n\
             # true shows the support panel (with the built-in demo service)\n\
             support_mode = {support_mode}\n",
            theme = toml_string(self.theme.as_str()),
            support_mode = self.support_mode,
        )
    }
}

/// A TOML string, escaped by the TOML crate's own writer.
fn toml_string(value: &str) -> String {
    toml::Value::from(value).to_string()
}

/// "line N: what is wrong", on one line, for a message box.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim();
    match error.span() {
        Some(span) => {
            let line = text
                .get(..span.start)
                .map_or(1, |before| before.matches('\n').count() + 1);
            format!("line {line}: {message}")
        }
        None => message.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Open cases

/// A recovery still in progress, remembered so it survives a restart.
///
/// Only what identifies the case is kept. Never a session token, code,
/// password or answer: tokens live only in the OS keyring, the rest only in
/// memory while the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCase {
    /// The service the case belongs to (a URL, or the built-in mock's name).
    pub endpoint: String,
    pub case_id: String,
    /// What the user quotes to support.
    pub reference: String,
    pub topic: TopicId,
    /// What the user named the account with (WMID, purse, phone or email).
    pub identifier: String,
    pub wmid: Option<Wmid>,
    /// Written as RFC 3339.
    #[serde(with = "time::serde::rfc3339")]
    pub saved_at: time::OffsetDateTime,
}

impl SavedCase {
    pub fn is(&self, endpoint: &str, case_id: &str) -> bool {
        self.endpoint == endpoint && self.case_id == case_id
    }
}

/// The file's shape: an object, so fields can be added later.
#[derive(Debug, Default, Serialize, Deserialize)]
struct OpenCasesFile {
    #[serde(default)]
    cases: Vec<SavedCase>,
}

/// The open cases in `open-cases.json`. Each change reads the file, changes
/// it and writes it back whole, and returns the list as it now is.
pub struct OpenCases;

/// The list after a save, and the oldest cases dropped to keep it within
/// [`MAX_OPEN_CASES`] (their tokens are to be deleted too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upserted {
    pub cases: Vec<SavedCase>,
    pub dropped: Vec<SavedCase>,
}

/// One change of the file at a time: within this process (saving and
/// forgetting run on separate blocking tasks) and across processes (another
/// copy of the app, or one started by mistake on the same home), or a case
/// saved by one is lost by the other's write.
struct OneWriter {
    _in_process: std::sync::MutexGuard<'static, ()>,
    /// Unlocked when closed.
    _across_processes: Option<fs::File>,
}

fn one_writer(paths: &AppPaths) -> Result<OneWriter, StorageError> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let in_process = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    ensure_private_folder(&paths.state_dir)?;
    let path = paths.open_cases_lock();
    let mut options = fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_FILE_MODE);
    }
    let file = options.open(&path).map_err(|source| StorageError::Write {
        path: path.clone(),
        source: Arc::new(source),
    })?;
    // A file system without locks (some network shares) still saves: the
    // lock within this process holds, as it did before.
    let across_processes = match file.lock() {
        Ok(()) => Some(file),
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "could not lock the open cases across processes");
            None
        }
    };
    Ok(OneWriter {
        _in_process: in_process,
        _across_processes: across_processes,
    })
}

impl OpenCases {
    /// The saved cases; none when nothing was saved yet. An unreadable or
    /// invalid file is an error naming it, and is left as it is.
    pub fn load(paths: &AppPaths) -> Result<Vec<SavedCase>, StorageError> {
        let path = paths.open_cases_file();
        let Some(text) = read_text_if_present(&path, OPEN_CASES_MAX_BYTES)? else {
            return Ok(Vec::new());
        };
        serde_json::from_str::<OpenCasesFile>(&text)
            .map(|file| file.cases)
            .map_err(|error| StorageError::Invalid {
                path,
                reason: error.to_string(),
            })
    }

    /// Adds the case, or replaces the one with the same endpoint and id in
    /// place; beyond [`MAX_OPEN_CASES`] the oldest are dropped.
    pub fn upsert(paths: &AppPaths, case: SavedCase) -> Result<Upserted, StorageError> {
        let _one_writer = one_writer(paths)?;
        let mut cases = OpenCases::load(paths)?;
        match cases
            .iter_mut()
            .find(|saved| saved.is(&case.endpoint, &case.case_id))
        {
            Some(saved) => *saved = case,
            None => cases.push(case),
        }
        let beyond = cases.len().saturating_sub(MAX_OPEN_CASES);
        let dropped: Vec<SavedCase> = cases.drain(..beyond).collect();
        Ok(Upserted {
            cases: OpenCases::save(paths, cases)?,
            dropped,
        })
    }

    /// Forgets the cases `which` picks; removing none is not an error.
    pub fn remove_where(
        paths: &AppPaths,
        which: impl Fn(&SavedCase) -> bool,
    ) -> Result<Vec<SavedCase>, StorageError> {
        let _one_writer = one_writer(paths)?;
        let mut cases = OpenCases::load(paths)?;
        cases.retain(|saved| !which(saved));
        OpenCases::save(paths, cases)
    }

    /// Forgets the case; removing one that is not there is not an error.
    pub fn remove(
        paths: &AppPaths,
        endpoint: &str,
        case_id: &str,
    ) -> Result<Vec<SavedCase>, StorageError> {
        OpenCases::remove_where(paths, |saved| saved.is(endpoint, case_id))
    }

    /// Moves an invalid open-cases file out of the way, keeping its content.
    pub fn set_aside_bad(paths: &AppPaths) -> Result<PathBuf, StorageError> {
        set_aside(&paths.open_cases_file())
    }

    fn save(paths: &AppPaths, cases: Vec<SavedCase>) -> Result<Vec<SavedCase>, StorageError> {
        let path = paths.open_cases_file();
        let file = OpenCasesFile { cases };
        let json = serde_json::to_vec_pretty(&file).map_err(|error| StorageError::Write {
            path: path.clone(),
            source: Arc::new(io::Error::other(error)),
        })?;
        write_private_file(&paths.state_dir, &path, &json)?;
        Ok(file.cases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_paths() -> (tempfile::TempDir, AppPaths) {
        let root = tempfile::tempdir().expect("a temporary folder");
        let paths = AppPaths::under(root.path());
        (root, paths)
    }

    fn parse(text: &str) -> Settings {
        toml::from_str(text).expect("the written TOML parses")
    }

    #[test]
    fn every_theme_is_written_as_serde_reads_it() {
        for theme in ThemePreference::ALL {
            let settings = Settings {
                theme,
                ..Settings::default()
            };
            assert_eq!(parse(&settings.to_toml()), settings);
        }
    }

    #[test]
    fn awkward_text_survives_the_hand_written_toml() {
        let awkward = "https://example.com/a\"b\\c\nd\te\r\u{0}\u{7f}\u{85}ờ Ж 🙂";
        let settings = Settings {
            endpoint: EndpointSetting::Url(awkward.to_owned()),
            language: Some(Language::Ru),
            theme: ThemePreference::Dark,
            support_mode: true,
        };
        assert_eq!(parse(&settings.to_toml()), settings);
    }

    #[test]
    fn defaults_are_written_and_read_back() {
        let settings = Settings::default();
        let text = settings.to_toml();
        assert!(
            !text.contains("\nlanguage"),
            "no language means none written"
        );
        assert_eq!(parse(&text), settings);
    }

    #[test]
    fn partial_and_newer_files_load() {
        assert_eq!(parse(""), Settings::default());
        let partial = parse("theme = \"high-contrast\"\nfuture_option = 3\n");
        assert_eq!(partial.theme, ThemePreference::HighContrast);
        assert_eq!(partial.endpoint, EndpointSetting::BuiltInMock);
    }

    #[test]
    fn toml_errors_name_the_line() {
        let text = "theme = \"dark\"\n\nendpoint = {url = }\n";
        let error = toml::from_str::<Settings>(text).expect_err("invalid");
        let described = describe_toml_error(text, &error);
        assert!(described.starts_with("line 3: "), "{described}");
        assert!(!described.contains('\n'), "{described}");
    }

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
    fn upsert_replaces_in_place_and_remove_forgets() {
        let (_root, paths) = temp_paths();
        let case = |id: &str, reference: &str| SavedCase {
            endpoint: "built-in-mock".to_owned(),
            case_id: id.to_owned(),
            reference: reference.to_owned(),
            topic: TopicId::RestorePassword,
            identifier: "405002833238".to_owned(),
            wmid: None,
            saved_at: time::OffsetDateTime::now_utc(),
        };
        OpenCases::upsert(&paths, case("a", "R-1")).expect("saved");
        OpenCases::upsert(&paths, case("b", "R-2")).expect("saved");
        let cases = OpenCases::upsert(&paths, case("a", "R-3"))
            .expect("saved")
            .cases;
        let seen: Vec<_> = cases
            .iter()
            .map(|c| (c.case_id.as_str(), c.reference.as_str()))
            .collect();
        assert_eq!(seen, [("a", "R-3"), ("b", "R-2")]);
        let cases = OpenCases::remove(&paths, "built-in-mock", "a").expect("removed");
        assert_eq!(cases.len(), 1);
        assert_eq!(OpenCases::load(&paths).expect("loads"), cases);
        OpenCases::remove(&paths, "built-in-mock", "absent").expect("not an error");
    }

    #[test]
    fn saved_at_is_written_as_rfc3339() {
        let case = SavedCase {
            endpoint: "https://recovery.example.com/".to_owned(),
            case_id: "a".to_owned(),
            reference: "R-1".to_owned(),
            topic: TopicId::RestorePassword,
            identifier: "405002833238".to_owned(),
            wmid: None,
            saved_at: time::OffsetDateTime::now_utc(),
        };
        let json = serde_json::to_value(&case).expect("serialises");
        let written = json["saved_at"].as_str().expect("a string");
        time::OffsetDateTime::parse(written, &time::format_description::well_known::Rfc3339)
            .expect("parses back");
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
