//! Saving a restored key file on real folders and real disks: complete and
//! private when it works, and nothing half-written or replaced when it fails.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use keeper_recovery::domain::Wmid;
use keeper_recovery::file_dialog::{FilePicker, FixedPicker};
use keeper_recovery::keyfile;
use keeper_recovery::keyfile::save::{
    KEY_FILE_FILTER, Overwrite, SaveError, default_file_name, save_keyfile,
};

use crate::common::*;

const REAL: &[u8] = include_bytes!("../data/wmsigner-test.kwm");

fn an_wmid() -> Wmid {
    AN_WMID.parse().expect("valid WMID")
}

fn temp_folder() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Every file in `folder` (hidden ones too) with its content.
pub(crate) fn folder_contents(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(folder)
        .expect("the folder is listable")
        .map(|entry| {
            let entry = entry.expect("a folder entry");
            let content = if entry.path().is_dir() {
                b"<folder>".to_vec()
            } else {
                fs::read(entry.path()).expect("the file is readable")
            };
            (entry.file_name().to_string_lossy().into_owned(), content)
        })
        .collect()
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// A small tmpfs mounted for one test and unmounted when dropped: a real
/// disk that can be filled or made read-only. Mounting needs root, as the
/// tests have in CI; where it is refused the test says so and does nothing.
pub(crate) struct TinyDisk {
    mount_point: tempfile::TempDir,
}

impl TinyDisk {
    pub(crate) fn mount(test: &str) -> Option<TinyDisk> {
        let mount_point = temp_folder();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(mount_point.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if mounted {
            Some(TinyDisk { mount_point })
        } else {
            eprintln!("{test}: SKIPPED, a tmpfs cannot be mounted here (needs root)");
            None
        }
    }

    pub(crate) fn path(&self) -> &Path {
        self.mount_point.path()
    }

    /// More than the disk holds.
    pub(crate) fn too_much() -> Vec<u8> {
        vec![0x5a; 256 * 1024]
    }

    fn make_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .expect("mount runs");
        assert!(status.success(), "remounting read-only failed");
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        // Lazy, so a file still open somewhere cannot keep the mount alive.
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.mount_point.path())
            .status();
    }
}

#[test]
fn saved_key_file_is_complete_and_private() {
    let folder = temp_folder();
    let path = folder.path().join(default_file_name(&an_wmid()));

    save_keyfile(&path, REAL, Overwrite::No).expect("the key file is saved");

    assert_eq!(fs::read(&path).expect("readable"), REAL);
    #[cfg(unix)]
    assert_eq!(mode_of(&path), 0o600);
    let names: Vec<String> = folder_contents(folder.path()).into_keys().collect();
    assert_eq!(
        names,
        ["405002833238.kwm"],
        "nothing else is left in the folder"
    );
}

#[test]
fn existing_file_is_not_replaced_without_a_yes() {
    let folder = temp_folder();
    let path = folder.path().join("405002833238.kwm");
    fs::write(&path, b"the user's old key file").expect("write");
    let before = folder_contents(folder.path());

    let error = save_keyfile(&path, REAL, Overwrite::No).expect_err("refused");

    assert_eq!(error, SaveError::Exists { path: path.clone() });
    assert_eq!(folder_contents(folder.path()), before);
}

#[test]
fn yes_replaces_the_existing_file() {
    let folder = temp_folder();
    let path = folder.path().join("405002833238.kwm");
    fs::write(&path, b"the user's old key file").expect("write");

    save_keyfile(&path, REAL, Overwrite::Yes).expect("replaced");

    assert_eq!(fs::read(&path).expect("readable"), REAL);
    #[cfg(unix)]
    assert_eq!(mode_of(&path), 0o600, "the replacement is private too");
    assert_eq!(folder_contents(folder.path()).len(), 1);
}

#[test]
fn missing_folder_is_named_and_nothing_is_written() {
    let folder = temp_folder();
    let missing = folder.path().join("Keys");

    let error = save_keyfile(&missing.join("405002833238.kwm"), REAL, Overwrite::No)
        .expect_err("no such folder");

    assert_eq!(
        error,
        SaveError::FolderMissing {
            folder: missing.clone()
        }
    );
    assert!(!missing.exists());
    assert!(folder_contents(folder.path()).is_empty());
}

#[test]
fn a_file_where_the_folder_should_be_is_named() {
    let folder = temp_folder();
    let notes = folder.path().join("notes.txt");
    fs::write(&notes, b"notes").expect("write");
    let before = folder_contents(folder.path());

    let error = save_keyfile(&notes.join("keys/405002833238.kwm"), REAL, Overwrite::Yes)
        .expect_err("not a folder");

    assert_eq!(error, SaveError::NotAFolder { path: notes });
    assert_eq!(folder_contents(folder.path()), before);
}

#[test]
fn a_folder_with_the_key_files_name_is_never_replaced() {
    let folder = temp_folder();
    let path = folder.path().join("405002833238.kwm");
    fs::create_dir(&path).expect("a folder in the way");
    let before = folder_contents(folder.path());

    for overwrite in [Overwrite::No, Overwrite::Yes] {
        let error = save_keyfile(&path, REAL, overwrite).expect_err("a folder is in the way");
        assert!(
            matches!(&error, SaveError::Other { path: named, .. } if *named == path),
            "{overwrite:?}: {error:?}"
        );
        assert_eq!(folder_contents(folder.path()), before, "{overwrite:?}");
    }
}

#[test]
fn failure_leaves_no_partial_file() {
    let folder = temp_folder();
    let existing = folder.path().join("405002833238.kwm");
    fs::write(&existing, b"old").expect("write");
    fs::create_dir(folder.path().join("a folder.kwm")).expect("mkdir");
    let before = folder_contents(folder.path());
    // Each fails at a different step: creating the temporary file, or the
    // final rename after every byte was written and synced.
    let attempts = [
        (existing.clone(), Overwrite::No),
        (folder.path().join("a folder.kwm"), Overwrite::Yes),
        (
            folder.path().join(format!("{}.kwm", "k".repeat(300))),
            Overwrite::No,
        ),
        (folder.path().join("missing/x.kwm"), Overwrite::No),
        (existing.join("x.kwm"), Overwrite::Yes),
    ];

    for (path, overwrite) in attempts {
        let result = save_keyfile(&path, REAL, overwrite);
        assert!(result.is_err(), "{} should fail", path.display());
        assert_eq!(
            folder_contents(folder.path()),
            before,
            "after {result:?} the folder holds what it held"
        );
    }
}

#[test]
fn too_long_a_name_is_reported_with_the_path() {
    let folder = temp_folder();
    let path = folder.path().join(format!("{}.kwm", "k".repeat(300)));

    let error = save_keyfile(&path, REAL, Overwrite::No).expect_err("name too long");

    match error {
        SaveError::Other {
            path: named,
            message,
        } => {
            assert_eq!(named, path);
            assert!(!message.is_empty());
        }
        other => panic!("expected Other, got {other:?}"),
    }
    assert!(folder_contents(folder.path()).is_empty());
}

/// sysfs refuses new files even to root, so this is a real refusal.
#[cfg(target_os = "linux")]
#[test]
fn folder_that_refuses_new_files_is_named() {
    let folder = Path::new("/sys/kernel");
    if !folder.is_dir() {
        eprintln!("folder_that_refuses_new_files_is_named: SKIPPED, no sysfs here");
        return;
    }
    let before: Vec<std::path::PathBuf> = listing(folder);

    let error = save_keyfile(&folder.join("405002833238.kwm"), REAL, Overwrite::No)
        .expect_err("sysfs refuses new files");

    assert_eq!(
        error,
        SaveError::PermissionDenied {
            folder: folder.to_path_buf()
        }
    );
    assert_eq!(listing(folder), before);
}

#[cfg(target_os = "linux")]
fn listing(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<std::path::PathBuf> = fs::read_dir(folder)
        .expect("listable")
        .map(|entry| entry.expect("entry").path())
        .collect();
    paths.sort();
    paths
}

#[test]
fn full_disk_is_named_and_leaves_no_partial_file() {
    let Some(disk) = TinyDisk::mount("full_disk_is_named_and_leaves_no_partial_file") else {
        return;
    };
    let path = disk.path().join("405002833238.kwm");

    let error = save_keyfile(&path, &TinyDisk::too_much(), Overwrite::No).expect_err("disk full");

    assert_eq!(
        error,
        SaveError::DiskFull {
            folder: disk.path().to_path_buf()
        }
    );
    assert!(folder_contents(disk.path()).is_empty());
}

#[test]
fn full_disk_keeps_the_file_being_replaced() {
    let Some(disk) = TinyDisk::mount("full_disk_keeps_the_file_being_replaced") else {
        return;
    };
    let path = disk.path().join("405002833238.kwm");
    save_keyfile(&path, REAL, Overwrite::No).expect("a small file fits");
    let before = folder_contents(disk.path());

    let error = save_keyfile(&path, &TinyDisk::too_much(), Overwrite::Yes).expect_err("disk full");

    assert!(matches!(error, SaveError::DiskFull { .. }), "{error:?}");
    assert_eq!(folder_contents(disk.path()), before);
}

#[test]
fn read_only_disk_is_named_and_the_old_file_kept() {
    let Some(disk) = TinyDisk::mount("read_only_disk_is_named_and_the_old_file_kept") else {
        return;
    };
    let path = disk.path().join("405002833238.kwm");
    fs::write(&path, b"old").expect("write");
    disk.make_read_only();
    let before = folder_contents(disk.path());

    let error = save_keyfile(&path, REAL, Overwrite::Yes).expect_err("read-only disk");

    assert_eq!(
        error,
        SaveError::ReadOnly {
            folder: disk.path().to_path_buf()
        }
    );
    assert_eq!(folder_contents(disk.path()), before);
}

#[tokio::test]
async fn picked_path_gets_a_key_file_that_opens_with_the_access_code() {
    let folder = temp_folder();
    let wmid = an_wmid();
    let picker: Arc<dyn FilePicker> = Arc::new(FixedPicker {
        save: Some(folder.path().join(default_file_name(&wmid))),
        open: Vec::new(),
    });

    let path = picker
        .save_path(&default_file_name(&wmid), KEY_FILE_FILTER)
        .await
        .expect("the user picked a path");
    save_keyfile(&path, REAL, Overwrite::No).expect("saved");

    assert_eq!(
        path.file_name().and_then(|name| name.to_str()),
        Some("405002833238.kwm")
    );
    let saved = fs::read(&path).expect("readable");
    keyfile::check(&saved, &wmid, &secret(AN_KEY_CODE)).expect("the saved file opens");
}

#[tokio::test]
async fn key_file_picked_to_open_is_checked_as_saved() {
    let folder = temp_folder();
    let path = folder.path().join("from-backup.kwm");
    save_keyfile(&path, REAL, Overwrite::No).expect("saved");
    let picker = FixedPicker {
        save: None,
        open: vec![path],
    };

    let picked = picker.open_paths(&[("WebMoney key file", &["kwm"])]).await;

    assert_eq!(picked.len(), 1);
    let bytes = fs::read(&picked[0]).expect("readable");
    keyfile::check(&bytes, &an_wmid(), &secret(AN_KEY_CODE)).expect("it opens");
}

#[tokio::test]
async fn cancelled_dialog_saves_nothing() {
    let picker = FixedPicker::default();
    assert_eq!(
        picker.save_path("405002833238.kwm", KEY_FILE_FILTER).await,
        None
    );
    assert!(picker.open_paths(&[]).await.is_empty());
}
