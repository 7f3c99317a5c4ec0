//! The recoveries still in progress, in `open-cases.json`, so they survive
//! a restart: what identifies each case, never a secret.

use std::fs;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::Wmid;
use crate::protocol::{CaseId, TopicId};

use super::{
    AppPaths, MAX_OPEN_CASES, OPEN_CASES_MAX_BYTES, StorageError, ensure_private_folder,
    read_text_if_present, set_aside, write_private_file,
};

/// The service a recovery belongs to, as the open-cases file names it: the
/// built-in mock by its name (it starts empty on a new port each run, so an
/// address would not outlive the run), any other service by its address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Service {
    BuiltInMock,
    At(String),
}

impl Service {
    /// The built-in mock's name in the file; no address can be it (an
    /// address starts with its scheme).
    const BUILT_IN_MOCK: &str = "built-in-mock";

    pub fn as_str(&self) -> &str {
        match self {
            Service::BuiltInMock => Service::BUILT_IN_MOCK,
            Service::At(address) => address,
        }
    }
}

impl From<String> for Service {
    fn from(name: String) -> Self {
        if name == Service::BUILT_IN_MOCK {
            Service::BuiltInMock
        } else {
            Service::At(name)
        }
    }
}

impl From<Service> for String {
    fn from(service: Service) -> Self {
        match service {
            Service::BuiltInMock => Service::BUILT_IN_MOCK.to_owned(),
            Service::At(address) => address,
        }
    }
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A recovery still in progress, remembered so it survives a restart.
///
/// Only what identifies the case is kept. Never a session token, code,
/// password or answer: tokens live only in the OS keyring, the rest only in
/// memory while the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCase {
    /// The service the case belongs to.
    pub endpoint: Service,
    pub case_id: CaseId,
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
    pub fn is(&self, endpoint: &Service, case_id: &CaseId) -> bool {
        self.endpoint == *endpoint && self.case_id == *case_id
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
        options.mode(super::PRIVATE_FILE_MODE);
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
        endpoint: &Service,
        case_id: &CaseId,
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

    #[test]
    fn upsert_replaces_in_place_and_remove_forgets() {
        let (_root, paths) = temp_paths();
        let case = |id: &str, reference: &str| SavedCase {
            endpoint: Service::BuiltInMock,
            case_id: CaseId::new(id),
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
        let cases =
            OpenCases::remove(&paths, &Service::BuiltInMock, &CaseId::new("a")).expect("removed");
        assert_eq!(cases.len(), 1);
        assert_eq!(OpenCases::load(&paths).expect("loads"), cases);
        OpenCases::remove(&paths, &Service::BuiltInMock, &CaseId::new("absent"))
            .expect("not an error");
    }

    #[test]
    fn saved_at_is_written_as_rfc3339() {
        let case = SavedCase {
            endpoint: Service::At("https://recovery.example.com/".to_owned()),
            case_id: CaseId::new("a"),
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

    /// The file as an earlier version wrote it still loads, and is written
    /// back the same: the service as one string, the case id as text.
    #[test]
    fn the_file_format_is_the_one_earlier_versions_wrote() {
        let written = r#"{"cases":[
            {"endpoint":"built-in-mock","case_id":"c_1","reference":"KR-1",
             "topic":"restore-password","identifier":"405002833238","wmid":null,
             "saved_at":"2026-11-20T10:00:00Z"},
            {"endpoint":"https://recovery.example.com/","case_id":"c_2","reference":"KR-2",
             "topic":"change-phone","identifier":"+84901234567","wmid":"405002833238",
             "saved_at":"2026-11-20T11:00:00Z"}]}"#;
        let file: OpenCasesFile = serde_json::from_str(written).expect("loads");
        assert_eq!(file.cases[0].endpoint, Service::BuiltInMock);
        assert_eq!(file.cases[0].case_id, CaseId::new("c_1"));
        assert_eq!(
            file.cases[1].endpoint,
            Service::At("https://recovery.example.com/".to_owned())
        );
        let again = serde_json::to_value(&file).expect("serialises");
        assert_eq!(again["cases"][0]["endpoint"], "built-in-mock");
        assert_eq!(again["cases"][0]["case_id"], "c_1");
        assert_eq!(
            again["cases"][1]["endpoint"],
            "https://recovery.example.com/"
        );
    }
}
