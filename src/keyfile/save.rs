//! Saving a restored key file: complete or not at all, private to the user,
//! and never over an existing file unless the user said yes.
//!
//! The bytes go to a temporary file in the target's folder, are synced, and
//! the file is then renamed onto the target in one step. Whatever fails,
//! nothing is left behind and an existing file keeps its content.

use std::io;
use std::path::{Path, PathBuf};

use crate::domain::Wmid;
use crate::storage::{folder_of, sync_folder, write_synced_temp};

/// The save dialog's filter for key files.
pub const KEY_FILE_FILTER: (&str, &[&str]) = ("WebMoney key file (*.kwm)", &["kwm"]);

/// A key file opens the user's purses: owner only.
const KEYFILE_MODE: u32 = 0o600;

/// May an existing file at the target be replaced?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    No,
    /// Only after the user explicitly agreed to replace that file.
    Yes,
}

/// Why a key file was not saved, one case per thing the user can act on.
/// Paths are shown; the file's content never is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("{} already exists", .path.display())]
    Exists { path: PathBuf },
    #[error("the folder {} does not exist", .folder.display())]
    FolderMissing { folder: PathBuf },
    #[error("{} is a file, not a folder", .path.display())]
    NotAFolder { path: PathBuf },
    #[error("this account may not create files in {}", .folder.display())]
    PermissionDenied { folder: PathBuf },
    #[error("{} is on a read-only disk", .folder.display())]
    ReadOnly { folder: PathBuf },
    #[error("the disk holding {} is full", .folder.display())]
    DiskFull { folder: PathBuf },
    #[error("could not save {}: {message}", .path.display())]
    Other { path: PathBuf, message: String },
}

/// The name the save dialog suggests: `<WMID>.kwm`, as the Keeper names it.
/// Where a file goes when no dialog can ask: the Downloads folder, else the
/// home folder.
pub fn downloads_folder() -> Option<PathBuf> {
    directories::UserDirs::new()
        .and_then(|dirs| dirs.download_dir().map(Path::to_path_buf))
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf()))
}

pub fn default_file_name(wmid: &Wmid) -> String {
    format!("{}.kwm", wmid.as_str())
}

/// Writes `bytes` to `path` atomically with owner-only permissions. With
/// `Overwrite::No` an existing file is never replaced, not even one that
/// appears while saving: the final rename itself refuses.
pub fn save_keyfile(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), SaveError> {
    save_atomically(path, bytes, overwrite, Some(KEYFILE_MODE))
}

/// Writes a calendar reminder to `path`, complete or not at all; an existing
/// file is replaced only with `Overwrite::Yes` (the save dialog asked).
pub fn save_reminder(path: &Path, ics: &str, overwrite: Overwrite) -> Result<(), SaveError> {
    save_atomically(path, ics.as_bytes(), overwrite, None)
}

fn save_atomically(
    path: &Path,
    bytes: &[u8],
    overwrite: Overwrite,
    mode: Option<u32>,
) -> Result<(), SaveError> {
    let folder = folder_of(path);
    let to_save_error = |error: io::Error| explain(error, path, folder);
    let temp = write_synced_temp(folder, bytes, mode).map_err(to_save_error)?;
    // A failed rename hands the temporary file back inside the error, and
    // dropping that error removes it.
    let placed = match overwrite {
        Overwrite::No => temp.persist_noclobber(path),
        Overwrite::Yes => temp.persist(path),
    };
    placed.map_err(|failed| to_save_error(failed.error))?;
    sync_folder(folder);
    Ok(())
}

/// Turns what the OS said into what the user can do about it.
fn explain(error: io::Error, path: &Path, folder: &Path) -> SaveError {
    use io::ErrorKind;
    if is_write_protected(&error) {
        return SaveError::ReadOnly {
            folder: folder.to_path_buf(),
        };
    }
    // A folder with the key file's name: Linux says it exists or is a
    // folder, Windows that access is denied. Either way, that is the cause.
    if path.is_dir() {
        return SaveError::Other {
            path: path.to_path_buf(),
            message: "a folder already has this name".to_owned(),
        };
    }
    match error.kind() {
        ErrorKind::AlreadyExists => SaveError::Exists {
            path: path.to_path_buf(),
        },
        // Windows answers "path not found" alike for a missing folder, a file
        // standing where a folder should be, and a name it cannot take, so
        // look at the disk to tell them apart.
        ErrorKind::NotFound if folder.is_dir() => SaveError::Other {
            path: path.to_path_buf(),
            message: error.to_string(),
        },
        ErrorKind::NotFound => match file_in_the_way(folder) {
            Some(file) => SaveError::NotAFolder { path: file },
            None => SaveError::FolderMissing {
                folder: folder.to_path_buf(),
            },
        },
        ErrorKind::NotADirectory => SaveError::NotAFolder {
            path: file_in_the_way(folder).unwrap_or_else(|| folder.to_path_buf()),
        },
        ErrorKind::PermissionDenied => SaveError::PermissionDenied {
            folder: folder.to_path_buf(),
        },
        ErrorKind::ReadOnlyFilesystem => SaveError::ReadOnly {
            folder: folder.to_path_buf(),
        },
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SaveError::DiskFull {
            folder: folder.to_path_buf(),
        },
        _ => SaveError::Other {
            path: path.to_path_buf(),
            message: error.to_string(),
        },
    }
}

/// The part of `folder` that exists but is a file (`/home/a/notes.txt` in
/// `/home/a/notes.txt/keys`), so the message points at what to fix; `None`
/// when no file stands in the way.
fn file_in_the_way(folder: &Path) -> Option<PathBuf> {
    for ancestor in folder.ancestors() {
        match std::fs::metadata(ancestor) {
            Ok(metadata) if metadata.is_dir() => return None,
            Ok(_) => return Some(ancestor.to_path_buf()),
            // Missing, or below the file in the way: look further up.
            Err(_) => continue,
        }
    }
    None
}

/// A write-protected medium (an SD card's switch, a locked USB stick), which
/// Windows reports with its own code rather than as a read-only file system.
fn is_write_protected(error: &io::Error) -> bool {
    #[cfg(windows)]
    {
        const ERROR_WRITE_PROTECT: i32 = 19;
        error.raw_os_error() == Some(ERROR_WRITE_PROTECT)
    }
    #[cfg(not(windows))]
    {
        let _ = error;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(kind: io::ErrorKind) -> SaveError {
        explain(
            io::Error::from(kind),
            Path::new("/nowhere/at/all/a.kwm"),
            Path::new("/nowhere/at/all"),
        )
    }

    #[test]
    fn default_name_is_the_wmid_with_the_keeper_extension() {
        let wmid: Wmid = "405002833238".parse().expect("valid WMID");
        assert_eq!(default_file_name(&wmid), "405002833238.kwm");
    }

    #[test]
    fn each_kind_of_failure_has_its_own_case() {
        let folder = PathBuf::from("/nowhere/at/all");
        assert_eq!(
            explained(io::ErrorKind::AlreadyExists),
            SaveError::Exists {
                path: folder.join("a.kwm")
            }
        );
        assert_eq!(
            explained(io::ErrorKind::NotFound),
            SaveError::FolderMissing {
                folder: folder.clone()
            }
        );
        assert_eq!(
            explained(io::ErrorKind::PermissionDenied),
            SaveError::PermissionDenied {
                folder: folder.clone()
            }
        );
        assert_eq!(
            explained(io::ErrorKind::ReadOnlyFilesystem),
            SaveError::ReadOnly {
                folder: folder.clone()
            }
        );
        assert_eq!(
            explained(io::ErrorKind::StorageFull),
            SaveError::DiskFull {
                folder: folder.clone()
            }
        );
        assert_eq!(
            explained(io::ErrorKind::QuotaExceeded),
            SaveError::DiskFull { folder }
        );
        assert!(matches!(
            explained(io::ErrorKind::InvalidFilename),
            SaveError::Other { .. }
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn raw_linux_codes_map_as_expected() {
        // EROFS, ENOSPC, EDQUOT, ENOTDIR, EACCES, EPERM
        let cases = [
            (30, "ReadOnly"),
            (28, "DiskFull"),
            (122, "DiskFull"),
            (20, "NotAFolder"),
            (13, "PermissionDenied"),
            (1, "PermissionDenied"),
        ];
        for (code, expected) in cases {
            let error = explain(
                io::Error::from_raw_os_error(code),
                Path::new("/nowhere/a.kwm"),
                Path::new("/nowhere"),
            );
            let name = format!("{error:?}");
            assert!(name.starts_with(expected), "errno {code}: {name}");
        }
    }

    #[cfg(windows)]
    #[test]
    fn raw_windows_codes_map_as_expected() {
        // ERROR_WRITE_PROTECT, ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL,
        // ERROR_ACCESS_DENIED, ERROR_PATH_NOT_FOUND (the folder is missing)
        let cases = [
            (19, "ReadOnly"),
            (112, "DiskFull"),
            (39, "DiskFull"),
            (5, "PermissionDenied"),
            (3, "FolderMissing"),
        ];
        for (code, expected) in cases {
            let error = explain(
                io::Error::from_raw_os_error(code),
                Path::new(r"C:\nowhere\at\all\a.kwm"),
                Path::new(r"C:\nowhere\at\all"),
            );
            let name = format!("{error:?}");
            assert!(name.starts_with(expected), "error {code}: {name}");
        }
    }

    #[test]
    fn the_file_in_the_way_is_named() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "x").expect("write");
        assert_eq!(file_in_the_way(&file.join("keys/more")), Some(file));
        assert_eq!(file_in_the_way(dir.path()), None);
    }
}
