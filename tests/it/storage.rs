//! Settings and open cases on disk: what the user chose and the recoveries
//! in progress survive a restart, and a damaged file is reported, not lost.

use std::fs;
#[cfg(unix)]
use std::path::Path;

use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::CaseId;
use keeper_recovery::protocol::TopicId;
use keeper_recovery::storage::{
    AppPaths, EndpointSetting, MAX_OPEN_CASES, OpenCases, SavedCase, Service, Settings,
    StorageError, ThemePreference, write_atomic,
};

use crate::common::*;
use crate::keyfile_save::{TinyDisk, folder_contents};

fn fresh() -> (tempfile::TempDir, AppPaths) {
    let root = tempfile::tempdir().expect("a temporary folder");
    let paths = AppPaths::under(root.path());
    (root, paths)
}

fn chosen_settings() -> Settings {
    Settings {
        endpoint: EndpointSetting::Url("https://recovery.example.com/".to_owned()),
        language: Some(Language::Vi),
        theme: ThemePreference::HighContrast,
        support_mode: true,
    }
}

fn at(rfc3339: &str) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339")
}

/// The service the cases of these tests belong to.
fn elsewhere_service() -> Service {
    Service::At("https://recovery.example.com/".to_owned())
}

fn case(case_id: &str, topic: TopicId) -> SavedCase {
    SavedCase {
        endpoint: elsewhere_service(),
        case_id: CaseId::new(case_id),
        reference: format!("REF-{case_id}"),
        topic,
        identifier: AN_PHONE.to_owned(),
        wmid: Some(AN_WMID.parse().expect("a WMID")),
        saved_at: at("2026-11-20T10:00:00Z"),
    }
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn settings_come_back_after_a_restart() {
    let (root, paths) = fresh();
    chosen_settings().save(&paths).expect("saved");

    let after_restart = AppPaths::under(root.path());
    assert_eq!(
        Settings::load(&after_restart).expect("loads"),
        chosen_settings()
    );
}

#[test]
fn first_start_uses_defaults_and_creates_nothing() {
    let (root, paths) = fresh();

    assert_eq!(Settings::load(&paths).expect("loads"), Settings::default());
    assert_eq!(OpenCases::load(&paths).expect("loads"), Vec::new());
    assert!(
        folder_contents(root.path()).is_empty(),
        "nothing is created by reading"
    );
}

#[test]
fn settings_from_an_older_version_load() {
    let (_root, paths) = fresh();
    fs::create_dir_all(&paths.config_dir).expect("mkdir");
    fs::write(paths.settings_file(), "language = \"ru\"\n").expect("write");

    let settings = Settings::load(&paths).expect("loads");

    assert_eq!(settings.language, Some(Language::Ru));
    assert_eq!(settings.endpoint, EndpointSetting::BuiltInMock);
    assert_eq!(settings.theme, ThemePreference::System);
}

/// A hand-edited file naming a language the app does not speak is named
/// with its line and the languages it does, as any other bad value.
#[test]
fn a_language_the_app_does_not_speak_is_named_with_those_it_does() {
    let (_root, paths) = fresh();
    fs::create_dir_all(&paths.config_dir).expect("mkdir");
    fs::write(
        paths.settings_file(),
        "theme = \"dark\"\nlanguage = \"fr\"\n",
    )
    .expect("write");

    let error = Settings::load(&paths).expect_err("fr is not spoken");

    let message = error.to_string();
    assert!(message.contains("line 2"), "{message}");
    for code in ["fr", "vi", "en", "ru"] {
        assert!(message.contains(code), "{code} in {message}");
    }
}

#[test]
fn damaged_settings_are_named_and_kept_aside() {
    let (_root, paths) = fresh();
    fs::create_dir_all(&paths.config_dir).expect("mkdir");
    let damaged = "theme = \"dark\"\nendpoint = { url = \n";
    fs::write(paths.settings_file(), damaged).expect("write");

    let error = Settings::load(&paths).expect_err("invalid TOML");

    assert!(matches!(error, StorageError::Invalid { .. }), "{error:?}");
    assert_eq!(error.path(), paths.settings_file());
    let message = error.to_string();
    assert!(message.contains("settings.toml"), "{message}");
    assert!(message.contains("line 2"), "{message}");
    assert_eq!(
        fs::read_to_string(paths.settings_file()).expect("still there"),
        damaged,
        "loading never changes the file"
    );

    let aside = Settings::set_aside_bad(&paths).expect("set aside");

    let name = aside
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    assert!(name.starts_with("settings.toml.bad-"), "{name}");
    assert_eq!(fs::read_to_string(&aside).expect("kept"), damaged);
    assert_eq!(
        Settings::load(&paths).expect("fresh start"),
        Settings::default()
    );
}

#[test]
fn settings_that_are_not_text_are_named() {
    let (_root, paths) = fresh();
    fs::create_dir_all(&paths.config_dir).expect("mkdir");
    fs::write(paths.settings_file(), [0xff, 0xfe, 0x00, 0x41]).expect("write");

    let error = Settings::load(&paths).expect_err("not UTF-8");

    assert!(matches!(error, StorageError::Invalid { .. }), "{error:?}");
    assert!(error.to_string().contains("settings.toml"), "{error}");
}

#[test]
fn unreadable_settings_are_named() {
    let (_root, paths) = fresh();
    // A folder where the file should be cannot be read, even by root.
    fs::create_dir_all(paths.settings_file()).expect("mkdir");

    let error = Settings::load(&paths).expect_err("unreadable");

    assert!(matches!(error, StorageError::Read { .. }), "{error:?}");
    assert!(error.to_string().contains("settings.toml"), "{error}");
}

#[test]
fn open_cases_survive_a_restart() {
    let (root, paths) = fresh();
    OpenCases::upsert(&paths, case("c-1", TopicId::RestoreKeyfile)).expect("saved");
    OpenCases::upsert(&paths, case("c-2", TopicId::ChangePhone)).expect("saved");
    let mut moved_on = case("c-1", TopicId::RestoreKeyfile);
    moved_on.saved_at = at("2026-11-20T11:00:00Z");
    OpenCases::upsert(&paths, moved_on.clone()).expect("updated");
    OpenCases::remove(&paths, &elsewhere_service(), &CaseId::new("c-2")).expect("removed");

    let after_restart = OpenCases::load(&AppPaths::under(root.path())).expect("loads");

    assert_eq!(after_restart, [moved_on]);
}

#[test]
fn the_same_case_id_on_another_service_is_another_case() {
    let (_root, paths) = fresh();
    let mut elsewhere = case("c-1", TopicId::RestorePassword);
    elsewhere.endpoint = Service::BuiltInMock;
    OpenCases::upsert(&paths, case("c-1", TopicId::RestorePassword)).expect("saved");
    let cases = OpenCases::upsert(&paths, elsewhere).expect("saved").cases;
    assert_eq!(cases.len(), 2);

    let cases =
        OpenCases::remove(&paths, &Service::BuiltInMock, &CaseId::new("c-1")).expect("removed");
    assert_eq!(cases, [case("c-1", TopicId::RestorePassword)]);
}

#[test]
fn saved_open_cases_hold_no_token() {
    let (_root, paths) = fresh();
    OpenCases::upsert(&paths, case("c-1", TopicId::RestoreKeyfile)).expect("saved");

    let text = fs::read_to_string(paths.open_cases_file()).expect("readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");

    let keys = all_keys(&json);
    assert!(keys.contains(&"case_id".to_owned()), "{keys:?}");
    for secret_looking in ["token", "code", "password", "answer"] {
        assert!(
            keys.iter().all(|key| !key.contains(secret_looking)),
            "a field named like {secret_looking}: {keys:?}"
        );
    }
}

fn all_keys(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Object(map) => map
            .iter()
            .flat_map(|(key, inner)| std::iter::once(key.clone()).chain(all_keys(inner)))
            .collect(),
        serde_json::Value::Array(items) => items.iter().flat_map(all_keys).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn damaged_open_cases_are_named_and_never_overwritten() {
    let (_root, paths) = fresh();
    fs::create_dir_all(&paths.state_dir).expect("mkdir");
    fs::write(paths.open_cases_file(), "{\"cases\": [").expect("write");

    let error = OpenCases::load(&paths).expect_err("invalid JSON");
    assert!(error.to_string().contains("open-cases.json"), "{error}");
    OpenCases::upsert(&paths, case("c-1", TopicId::RestoreKeyfile))
        .expect_err("a damaged file is not silently replaced");
    assert_eq!(
        fs::read_to_string(paths.open_cases_file()).expect("still there"),
        "{\"cases\": ["
    );

    let aside = OpenCases::set_aside_bad(&paths).expect("set aside");
    assert_eq!(fs::read_to_string(aside).expect("kept"), "{\"cases\": [");
    OpenCases::upsert(&paths, case("c-1", TopicId::RestoreKeyfile)).expect("a fresh file");
}

#[cfg(unix)]
#[test]
fn settings_and_open_cases_are_private() {
    let (_root, paths) = fresh();
    chosen_settings().save(&paths).expect("saved");
    OpenCases::upsert(&paths, case("c-1", TopicId::RestoreKeyfile)).expect("saved");

    assert_eq!(mode_of(&paths.settings_file()), 0o600);
    assert_eq!(mode_of(&paths.open_cases_file()), 0o600);
    assert_eq!(mode_of(&paths.config_dir), 0o700);
    assert_eq!(mode_of(&paths.state_dir), 0o700);
}

#[test]
fn saving_leaves_only_the_file() {
    let (_root, paths) = fresh();
    chosen_settings().save(&paths).expect("saved");
    Settings::default().save(&paths).expect("saved again");

    let names: Vec<String> = folder_contents(&paths.config_dir).into_keys().collect();
    assert_eq!(names, ["settings.toml"]);
}

#[test]
fn full_disk_keeps_the_old_settings() {
    let Some(disk) = TinyDisk::mount("full_disk_keeps_the_old_settings") else {
        return;
    };
    let paths = AppPaths::under(disk.path());
    chosen_settings().save(&paths).expect("small settings fit");
    let before = folder_contents(&paths.config_dir);

    let error = write_atomic(&paths.settings_file(), &TinyDisk::too_much(), Some(0o600))
        .expect_err("disk full");

    assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
    assert_eq!(folder_contents(&paths.config_dir), before);
    assert_eq!(Settings::load(&paths).expect("loads"), chosen_settings());
}

#[test]
fn saving_and_forgetting_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = AppPaths::under(dir.path());
    let ids: Vec<String> = (0..16).map(|i| format!("c_{i:02}")).collect();
    std::thread::scope(|scope| {
        for id in &ids {
            let paths = &paths;
            scope.spawn(move || {
                OpenCases::upsert(paths, case(id, TopicId::RestorePassword)).expect("saved")
            });
        }
    });
    let saved = OpenCases::load(&paths).expect("loads");
    assert_eq!(saved.len(), ids.len(), "every case saved at once is kept");

    std::thread::scope(|scope| {
        for (i, id) in ids.iter().enumerate() {
            let paths = &paths;
            scope.spawn(move || {
                if i % 2 == 0 {
                    OpenCases::remove(paths, &elsewhere_service(), &CaseId::new(id.as_str()))
                        .expect("forgotten");
                } else {
                    OpenCases::upsert(paths, case(id, TopicId::ChangeEmail)).expect("saved");
                }
            });
        }
    });
    let left: Vec<String> = OpenCases::load(&paths)
        .expect("loads")
        .into_iter()
        .map(|c| c.case_id.to_string())
        .collect();
    let expected: Vec<String> = ids.iter().skip(1).step_by(2).cloned().collect();
    let mut sorted = left.clone();
    sorted.sort();
    assert_eq!(
        sorted, expected,
        "no forgotten case came back, none saved was lost"
    );
}

/// On Windows the settings roam with the user (%APPDATA%), while open cases
/// and the log stay on this computer (%LOCALAPPDATA%). The paths are checked
/// always; writing into them only in a throw-away profile, such as the fresh
/// Wine prefix `scripts/windows` runs this in (it sets
/// KEEPER_RECOVERY_THROWAWAY_PROFILE=1), so a developer's own settings are
/// never touched.
#[cfg(windows)]
#[test]
fn settings_roam_under_appdata_and_cases_and_log_stay_under_localappdata() {
    use keeper_recovery::logging;
    use std::path::PathBuf;

    let known_folder = |name: &str| {
        PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is set")))
    };
    let roaming = known_folder("APPDATA");
    let local = known_folder("LOCALAPPDATA");
    let paths = AppPaths::for_user().expect("a Windows user has a profile");
    assert!(
        paths.config_dir.starts_with(&roaming),
        "settings in {}, not under {}",
        paths.config_dir.display(),
        roaming.display()
    );
    assert!(paths.state_dir.starts_with(&local), "{paths:?}");
    assert!(paths.log_dir.starts_with(&local), "{paths:?}");

    if std::env::var("KEEPER_RECOVERY_THROWAWAY_PROFILE").as_deref() != Ok("1") {
        println!("skipped writing: not a throw-away profile");
        return;
    }
    chosen_settings().save(&paths).expect("saved");
    assert!(paths.settings_file().starts_with(&roaming));
    assert_eq!(Settings::load(&paths).expect("loads"), chosen_settings());

    OpenCases::upsert(&paths, case("c_windows", TopicId::RestorePassword)).expect("saved");
    assert!(paths.open_cases_file().starts_with(&local));
    let cases = OpenCases::load(&paths).expect("loads");
    assert_eq!(cases, vec![case("c_windows", TopicId::RestorePassword)]);

    let (subscriber, guard) = logging::subscriber(&paths.log_dir).expect("the log folder");
    tracing::subscriber::with_default(subscriber, logging::log_start);
    drop(guard);
    let logs: Vec<_> = fs::read_dir(&paths.log_dir)
        .expect("the log folder exists")
        .filter_map(Result::ok)
        .filter(|entry| logging::is_log_file_name(&entry.file_name().to_string_lossy()))
        .collect();
    assert_eq!(logs.len(), 1, "one log file for today under %LOCALAPPDATA%");
    let log = fs::read_to_string(logs[0].path()).expect("the log is text");
    assert!(log.contains("Keeper Recovery started"), "{log}");
}

/// A named pipe where a file should be: reading it would wait for a writer
/// for ever, and the window would never open.
#[cfg(unix)]
fn make_fifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// What is at the settings or open-cases path when it is not a file: a
/// named pipe, a device that never ends, a file far too large. Each is
/// refused at once, named, and said to be no regular file or too large.
#[cfg(unix)]
#[test]
fn settings_and_open_cases_that_are_not_files_are_refused_at_once() {
    let (_root, paths) = fresh();
    fs::create_dir_all(&paths.config_dir).expect("mkdir");
    fs::create_dir_all(&paths.state_dir).expect("mkdir");
    let refused = |error: StorageError, path: &Path, what: &str| {
        assert!(matches!(error, StorageError::Read { .. }), "{error:?}");
        assert_eq!(error.path(), path);
        let message = error.to_string();
        assert!(message.contains(what), "{message}");
    };

    make_fifo(&paths.settings_file());
    make_fifo(&paths.open_cases_file());
    let error = Settings::load(&paths).expect_err("a pipe");
    refused(
        error,
        &paths.settings_file(),
        "a named pipe, not a regular file",
    );
    let error = OpenCases::load(&paths).expect_err("a pipe");
    refused(
        error,
        &paths.open_cases_file(),
        "a named pipe, not a regular file",
    );
    // Saving beside a pipe does not open it either: it is refused, and kept.
    OpenCases::upsert(&paths, case("c-1", TopicId::RestoreKeyfile)).expect_err("a pipe");

    fs::remove_file(paths.settings_file()).expect("removed");
    fs::remove_file(paths.open_cases_file()).expect("removed");
    std::os::unix::fs::symlink("/dev/zero", paths.settings_file()).expect("link");
    std::os::unix::fs::symlink("/dev/zero", paths.open_cases_file()).expect("link");
    let error = Settings::load(&paths).expect_err("a device");
    refused(
        error,
        &paths.settings_file(),
        "a device, not a regular file",
    );
    let error = OpenCases::load(&paths).expect_err("a device");
    refused(
        error,
        &paths.open_cases_file(),
        "a device, not a regular file",
    );

    // 100 MB, sparse: refused by its size, not read.
    for path in [paths.settings_file(), paths.open_cases_file()] {
        fs::remove_file(&path).expect("removed");
        fs::File::create(&path)
            .and_then(|file| file.set_len(100 * 1024 * 1024))
            .expect("a large file");
    }
    let error = Settings::load(&paths).expect_err("too large");
    refused(error, &paths.settings_file(), "104857600 bytes, more than");
    let error = OpenCases::load(&paths).expect_err("too large");
    refused(
        error,
        &paths.open_cases_file(),
        "104857600 bytes, more than",
    );
}

/// The list keeps the newest [`MAX_OPEN_CASES`]: the oldest beyond it are
/// dropped and handed back, so their tokens can be deleted too.
#[test]
fn the_list_is_bounded_and_drops_the_oldest() {
    let (_root, paths) = fresh();
    for i in 0..MAX_OPEN_CASES {
        let saved = OpenCases::upsert(&paths, case(&format!("c_{i:03}"), TopicId::ChangeEmail))
            .expect("saved");
        assert!(saved.dropped.is_empty(), "{:?}", saved.dropped);
    }
    // Saving a listed case again keeps its place and drops nothing.
    let again = OpenCases::upsert(&paths, case("c_000", TopicId::ChangeEmail)).expect("saved");
    assert!(again.dropped.is_empty());
    let saved = OpenCases::upsert(&paths, case("newest", TopicId::ChangeEmail)).expect("saved");
    assert_eq!(saved.dropped, [case("c_000", TopicId::ChangeEmail)]);
    assert_eq!(saved.cases.len(), MAX_OPEN_CASES);
    assert_eq!(
        saved.cases.last().map(|c| c.case_id.as_str()),
        Some("newest")
    );
    assert_eq!(OpenCases::load(&paths).expect("loads"), saved.cases);
}

const CHILD_HOME: &str = "KEEPER_RECOVERY_TEST_OPEN_CASES_HOME";
const CHILD_PREFIX: &str = "KEEPER_RECOVERY_TEST_OPEN_CASES_PREFIX";
const CASES_PER_CHILD: usize = 20;

/// Run by `two_processes_saving_at_once_lose_nothing` in a process of its
/// own: waits for the signal to start, then saves its cases one by one.
#[test]
#[ignore = "a child process of another test"]
fn open_cases_child_process() {
    let (Some(home), Some(prefix)) = (
        std::env::var_os(CHILD_HOME),
        std::env::var(CHILD_PREFIX).ok(),
    ) else {
        return;
    };
    let home = std::path::PathBuf::from(home);
    let go = home.join("go");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !go.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let paths = AppPaths::under(&home);
    for i in 0..CASES_PER_CHILD {
        OpenCases::upsert(
            &paths,
            case(&format!("{prefix}_{i:02}"), TopicId::ChangePhone),
        )
        .expect("saved");
    }
}

/// Two copies of the app on one home, saving at the same moment: every case
/// either saved is in the file (the lock holds across processes).
#[test]
fn two_processes_saving_at_once_lose_nothing() {
    let (root, paths) = fresh();
    let this_test_binary = std::env::current_exe().expect("the test binary");
    let children: Vec<std::process::Child> = ["a", "b"]
        .into_iter()
        .map(|prefix| {
            std::process::Command::new(&this_test_binary)
                .args([
                    "storage::open_cases_child_process",
                    "--exact",
                    "--ignored",
                    "--test-threads=1",
                    "-q",
                ])
                .env(CHILD_HOME, root.path())
                .env(CHILD_PREFIX, prefix)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("a child process")
        })
        .collect();
    fs::write(root.path().join("go"), b"").expect("go");
    for mut child in children {
        assert!(child.wait().expect("the child ends").success());
    }
    let saved = OpenCases::load(&paths).expect("loads");
    assert_eq!(
        saved.len(),
        2 * CASES_PER_CHILD,
        "cases lost between the two processes: {:?}",
        saved.iter().map(|c| &c.case_id).collect::<Vec<_>>()
    );
}

/// The folders the user guide's "Where files live" names, as `directories` 6
/// documents them. Linux: the XDG base folders.
#[cfg(target_os = "linux")]
#[test]
fn the_users_folders_are_the_ones_the_user_guide_names() {
    let home = std::env::home_dir().expect("a home folder");
    let base = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(std::path::PathBuf::from)
            .filter(|path| path.is_absolute())
            .unwrap_or_else(|| home.join(default))
    };
    let paths = AppPaths::for_user().expect("the user's folders");
    let state = base("XDG_STATE_HOME", ".local/state").join("keeper-recovery");
    assert_eq!(
        paths.config_dir,
        base("XDG_CONFIG_HOME", ".config").join("keeper-recovery")
    );
    assert_eq!(paths.log_dir, state.join("logs"));
    assert_eq!(paths.state_dir, state);
}

/// macOS: settings, open recoveries and the log all under Application
/// Support (macOS has no state folder; `directories` gives local data there
/// too). Compiled on every CI run (scripts/macos); run on a Mac.
#[cfg(target_os = "macos")]
#[test]
fn the_users_folders_are_the_ones_the_user_guide_names() {
    let home = std::env::home_dir().expect("a home folder");
    let folder = home.join("Library/Application Support/org.KeeperRecovery.keeper-recovery");
    let paths = AppPaths::for_user().expect("the user's folders");
    assert_eq!(paths.config_dir, folder);
    assert_eq!(paths.log_dir, folder.join("logs"));
    assert_eq!(paths.state_dir, folder);
}
