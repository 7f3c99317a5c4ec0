//! The app's log and the diagnostics bundle: what support receives from a
//! user holds what they need, and no code, password, token or answer.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use keeper_recovery::client::ClientError;
use keeper_recovery::diagnostics::{
    BUILT_IN_MOCK, BundleContents, DiagnosticsError, Manifest, REDACTED_SECRET, read_bundle,
    read_bundle_bytes, write_bundle,
};
use keeper_recovery::i18n::Language;
use keeper_recovery::logging;
use keeper_recovery::mock::faults::{FaultKind, FaultRule, RouteId};
use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::protocol::{CaseState, Channel, StepRequest, TopicId};
use keeper_recovery::storage::{EndpointSetting, Settings, ThemePreference};

use crate::common::*;
use crate::keyfile_save::{TinyDisk, folder_contents};

const ANSWER: &str = "Hoi An lantern 1999";
const KEY_CODE: &str = "Kq7-diag-Zx4wM";
const NEW_PASSWORD: &str = "Diag9-new-password";

/// Everything secret a run went through, to look for where it must not be.
struct Secrets {
    code: String,
    password: String,
    token: String,
    answer: String,
    key_code: String,
}

impl Secrets {
    fn all(&self) -> [(&str, &str); 5] {
        [
            ("the one-time code", &self.code),
            ("the new password", &self.password),
            ("the session token", &self.token),
            ("the security answer", &self.answer),
            ("the key file access code", &self.key_code),
        ]
    }

    fn assert_none_in(&self, what: &str, text: &str) {
        for (name, secret) in self.all() {
            assert!(!text.contains(secret), "{what} contains {name}");
        }
    }
}

/// The demo, with An's security answer and key file access code set to values
/// that appear nowhere else.
fn scenario_with_secrets() -> Scenario {
    let mut scenario = Scenario::demo();
    let an = scenario
        .accounts
        .iter_mut()
        .find(|a| a.wmid.as_str() == AN_WMID)
        .expect("the demo has An");
    an.security_answer = Some(secret(ANSWER));
    an.keyfile_access_code = Some(secret(KEY_CODE));
    scenario
}

/// An restores her password: a code by SMS, her security answer, a new password.
async fn restore_password(h: &Harness) -> Secrets {
    restore_password_answering(h, ANSWER).await
}

async fn restore_password_answering(h: &Harness, answer: &str) -> Secrets {
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "case opens")
        .await;
    let case = h.send_code(&case, Channel::Sms, "code is sent").await;
    let code = h.code_sent_to(AN_PHONE).await;
    let verified = h
        .client
        .verify(&case.case_id, &h.token(&case), &code)
        .await
        .expect("right code verifies");
    let token = verified.session_token;
    let step = StepRequest::SecurityAnswer {
        answer: secret(answer),
    };
    let case = h
        .step(&verified.case, &token, &step, "answer accepted")
        .await;
    let step = StepRequest::NewPassword {
        password: secret(NEW_PASSWORD),
    };
    let case = h.step(&case, &token, &step, "password set").await;
    assert_eq!(case.state, CaseState::Completed);
    Secrets {
        code: code.secret().expose().to_owned(),
        password: NEW_PASSWORD.to_owned(),
        token: token.expose().to_owned(),
        answer: answer.to_owned(),
        key_code: KEY_CODE.to_owned(),
    }
}

/// The names of the files in `folder`, sorted.
fn file_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .expect("the folder is readable")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Runs the flow with the app's log going to a file in `log_dir` (only on
/// this thread, so other tests are not affected) and returns its secrets.
async fn logged_run(h: &Harness, log_dir: &Path) -> Secrets {
    let (subscriber, guard) = logging::subscriber(log_dir).expect("the log folder can be made");
    let secrets = {
        let _scoped = tracing::subscriber::set_default(subscriber);
        logging::log_start();
        restore_password(h).await
    };
    // Dropping the guard writes out every queued line.
    drop(guard);
    secrets
}

#[tokio::test]
async fn the_log_file_has_the_start_line_and_each_request_but_no_secret() {
    let h = start(scenario_with_secrets()).await;
    let root = tempfile::tempdir().expect("a temporary folder");
    let log_dir = root.path().join("state").join("logs");
    let secrets = logged_run(&h, &log_dir).await;

    let names = file_names(&log_dir);
    assert_eq!(names.len(), 1, "one log file for today: {names:?}");
    assert!(logging::is_log_file_name(&names[0]), "{names:?}");
    let log = fs::read_to_string(log_dir.join(&names[0])).expect("the log is text");

    let start = log
        .lines()
        .find(|line| line.contains("Keeper Recovery started"))
        .unwrap_or_else(|| panic!("no start line in:\n{log}"));
    assert!(start.contains(env!("CARGO_PKG_VERSION")), "{start}");
    assert!(start.contains(std::env::consts::OS), "{start}");
    assert!(start.contains(std::env::consts::ARCH), "{start}");

    let verify = log
        .lines()
        .find(|line| line.contains("POST") && line.contains("/verify"))
        .unwrap_or_else(|| panic!("no line for the code check in:\n{log}"));
    assert!(verify.contains("status=200"), "{verify}");
    // A case id would let whoever reads the log ask for codes: it is left out.
    assert!(verify.contains("/v1/cases/{case_id}/verify"), "{verify}");
    assert!(verify.contains("ms="), "{verify}");
    secrets.assert_none_in("the log", &log);
}

#[test]
fn a_log_folder_that_cannot_be_made_is_an_error_naming_it() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let blocker = root.path().join("logs");
    fs::write(&blocker, "a file where the folder should be").expect("written");
    let error = logging::subscriber(&blocker.join("inner"))
        .err()
        .expect("no folder can be made under a file");
    assert!(
        error.to_string().contains(&*blocker.to_string_lossy()),
        "{error}"
    );
}

// ---------------------------------------------------------------------------
// The bundle

/// Faults a support person might have switched on, other than the scenario's (none).
fn active_faults() -> Vec<FaultRule> {
    vec![
        FaultRule {
            route: Some(RouteId::CreateCase),
            kind: FaultKind::Status { status: 503 },
            probability: 1.0,
            count: None,
        },
        FaultRule {
            route: Some(RouteId::GetCase),
            kind: FaultKind::Latency { ms: 1500 },
            probability: 0.5,
            count: Some(3),
        },
    ]
}

fn user_settings() -> Settings {
    Settings {
        endpoint: EndpointSetting::BuiltInMock,
        language: Some(Language::Vi),
        theme: ThemePreference::Dark,
        support_mode: true,
    }
}

/// Every entry of the zip, read whole with the zip crate, by name.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = fs::File::open(path).expect("the bundle opens");
    let mut archive = zip::ZipArchive::new(file).expect("the bundle is a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("the entry opens");
            let name = entry.name().expect("the name is readable").into_owned();
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .expect("the entry reads whole");
            (name, bytes)
        })
        .collect()
}

fn text(entries: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    let bytes = entries
        .get(name)
        .unwrap_or_else(|| panic!("{name} is in the bundle: {:?}", entries.keys()));
    String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{name} is UTF-8"))
}

/// A zip with exactly these entries.
fn zip_with(folder: &Path, entries: &[(&str, &[u8])]) -> PathBuf {
    let path = folder.join("crafted.zip");
    let file = fs::File::create(&path).expect("created");
    let mut zip = zip::ZipWriter::new(file);
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry starts");
        zip.write_all(bytes).expect("entry written");
    }
    zip.finish().expect("zip finished");
    path
}

fn manifest_json(format: u32) -> Vec<u8> {
    serde_json::to_vec(&Manifest {
        format,
        app_version: "0.1.0".to_owned(),
        os: "linux".to_owned(),
        arch: "x86_64".to_owned(),
        created_at: time::macros::datetime!(2026-11-25 18:30 UTC),
        endpoint: BUILT_IN_MOCK.to_owned(),
    })
    .expect("serializes")
}

#[tokio::test]
async fn a_bundle_from_a_real_run_holds_no_secret_but_what_support_needs() {
    let h = start(scenario_with_secrets()).await;
    let root = tempfile::tempdir().expect("a temporary folder");
    let log_dir = root.path().join("logs");
    let secrets = logged_run(&h, &log_dir).await;
    h.inject(&active_faults()).await;
    let contents = BundleContents::from_mock(h.mock.shared(), user_settings());

    let out = tempfile::tempdir().expect("a temporary folder");
    let path = out.path().join("bundle.zip");
    let summary = write_bundle(&path, &contents, &log_dir).expect("the bundle is written");

    assert_eq!(summary.path, path);
    assert_eq!(
        summary.bytes,
        fs::metadata(&path).expect("the bundle is there").len()
    );
    let entries = unzip(&path);
    let mut names: Vec<_> = entries.keys().cloned().collect();
    let mut listed = summary.files.clone();
    names.sort();
    listed.sort();
    assert_eq!(names, listed, "the summary lists what the zip holds");
    for (name, bytes) in &entries {
        secrets.assert_none_in(name, &String::from_utf8_lossy(bytes));
    }

    let manifest: serde_json::Value =
        serde_json::from_slice(&entries["manifest.json"]).expect("the manifest is JSON");
    assert_eq!(manifest["app_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["os"], std::env::consts::OS);
    assert_eq!(manifest["endpoint"], BUILT_IN_MOCK);
    // What support reads is there, with the secrets replaced.
    let exchanges = text(&entries, "exchanges.json");
    assert!(exchanges.contains("/verify") && exchanges.contains("[redacted]"));
    let outbox = text(&entries, "outbox.json");
    assert!(outbox.contains(AN_PHONE) && outbox.contains("[redacted] is your code"));
    let scenario = text(&entries, "scenario.toml");
    assert!(scenario.contains(AN_WMID) && scenario.contains(REDACTED_SECRET));
    let log_name = names
        .iter()
        .find(|name| name.starts_with("logs/"))
        .expect("the log is in the bundle");
    assert!(text(&entries, log_name).contains("Keeper Recovery started"));
    assert!(text(&entries, "README.txt").contains("exchanges.json"));
    assert_eq!(
        folder_contents(out.path()).into_keys().collect::<Vec<_>>(),
        ["bundle.zip"],
        "no temporary file is left"
    );
}

#[tokio::test]
async fn an_opened_bundle_replays_the_scenario_and_its_faults() {
    let h = start(scenario_with_secrets()).await;
    restore_password(&h).await;
    h.inject(&active_faults()).await;
    let contents = BundleContents::from_mock(h.mock.shared(), user_settings());
    let out = tempfile::tempdir().expect("a temporary folder");
    let path = out.path().join("bundle.zip");
    write_bundle(&path, &contents, &out.path().join("no-logs")).expect("written");

    let opened = read_bundle(&path).expect("the bundle opens");
    assert_eq!(opened.manifest.app_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(opened.settings, Some(user_settings()));
    let original = scenario_with_secrets();
    let scenario = opened.scenario.expect("the scenario came back");
    assert_eq!(scenario.name, original.name);
    let wmids = |s: &Scenario| {
        s.accounts
            .iter()
            .map(|a| a.wmid.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(wmids(&scenario), wmids(&original));
    assert_eq!(
        serde_json::to_value(&scenario.settings).expect("serializes"),
        serde_json::to_value(&original.settings).expect("serializes")
    );
    assert_eq!(opened.active_faults, active_faults());
    assert_eq!(opened.exchange_count, contents.exchanges.len());
    assert!(
        opened.exchange_count >= 5,
        "the run's requests were recorded"
    );

    // Support staff's mock, as the user's was.
    let replay = start(scenario).await;
    replay
        .mock
        .shared()
        .set_fault_rules(opened.active_faults.clone());
    let error = replay
        .client
        .create_case(TopicId::RestorePassword, &id(AN_WMID))
        .await
        .expect_err("the user's fault is back");
    assert!(
        matches!(error, ClientError::Unavailable { .. }),
        "{error:?}"
    );
    let seen = replay.mock.shared().exchanges_snapshot();
    assert!(!seen.is_empty());
    assert!(
        seen.iter()
            .all(|e| e.status == 503 && e.fault.is_some() && e.path == "/v1/cases"),
        "{seen:?}"
    );

    // Without the fault, the flow replays; the answer is now the placeholder.
    replay.mock.shared().set_fault_rules(Vec::new());
    restore_password_answering(&replay, REDACTED_SECRET).await;
}

#[tokio::test]
async fn a_bundle_for_a_real_service_has_its_address_without_credentials() {
    let url = "https://support:pa55word@recovery.example.com/api?key=k3y-abc#top";
    let settings = Settings {
        endpoint: EndpointSetting::Url(url.to_owned()),
        ..user_settings()
    };
    let out = tempfile::tempdir().expect("a temporary folder");
    let path = out.path().join("bundle.zip");
    write_bundle(
        &path,
        &BundleContents::for_endpoint(url, settings),
        &out.path().join("no-logs"),
    )
    .expect("written");

    for (name, bytes) in unzip(&path) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("pa55word") && !text.contains("k3y-abc"),
            "{name} holds a credential"
        );
    }
    let opened = read_bundle(&path).expect("opens");
    assert_eq!(opened.manifest.endpoint, "https://recovery.example.com/api");
    assert_eq!(
        opened.settings.map(|s| s.endpoint),
        Some(EndpointSetting::Url(
            "https://recovery.example.com/api".to_owned()
        ))
    );
    assert!(opened.scenario.is_none());
    assert!(opened.active_faults.is_empty());
    assert_eq!(opened.exchange_count, 0);
}

#[test]
fn files_that_are_not_bundles_are_refused_with_what_is_wrong() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let dir = folder.path();

    let not_zip = dir.join("notes.zip");
    fs::write(&not_zip, "these are my notes, not a zip").expect("written");
    let error = read_bundle(&not_zip).expect_err("not a zip");
    assert!(
        matches!(error, DiagnosticsError::NotABundle { .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("notes.zip") && message.contains("not a zip"),
        "{message}"
    );

    let other_zip = zip_with(dir, &[("photo.jpg", b"\xff\xd8\xff")]);
    let message = read_bundle(&other_zip)
        .expect_err("no manifest")
        .to_string();
    assert!(
        message.contains("not a Keeper Recovery diagnostics bundle")
            && message.contains("manifest.json is missing"),
        "{message}"
    );

    // A valid manifest and one bad entry: the error names that entry.
    let cases: [(&str, &str, &[u8]); 5] = [
        (
            "a scenario that does not parse",
            "scenario.toml",
            b"name = [",
        ),
        (
            "an invalid scenario",
            "scenario.toml",
            b"name = \"x\"\n[[faults]]\nkind = \"status\"\nstatus = 200\n",
        ),
        (
            "a fault rule that is not an error",
            "faults.json",
            br#"[{"kind": "status", "status": 200}]"#,
        ),
        (
            "exchanges that are not a list",
            "exchanges.json",
            b"{\"oops\": 1}",
        ),
        ("settings that are not settings", "settings.json", b"[1, 2]"),
    ];
    let manifest = manifest_json(1);
    for (what, entry, bytes) in cases {
        let path = zip_with(dir, &[("manifest.json", &manifest), (entry, bytes)]);
        // Read from memory (as the fuzz target does), the same entry is named.
        let in_memory = std::fs::read(&path).expect("the zip reads");
        match read_bundle_bytes(&in_memory, &path) {
            Err(DiagnosticsError::InvalidEntry { entry: named, .. }) => {
                assert_eq!(named, entry, "{what}, read from memory")
            }
            other => panic!("{what}, read from memory: got {other:?}"),
        }
        match read_bundle(&path) {
            Err(DiagnosticsError::InvalidEntry {
                entry: named,
                path: p,
                ..
            }) => {
                assert_eq!(named, entry, "{what}");
                assert_eq!(p, path, "{what}");
            }
            other => panic!("{what}: expected an error naming {entry}, got {other:?}"),
        }
    }

    let newer = manifest_json(99);
    let path = zip_with(dir, &[("manifest.json", &newer)]);
    assert!(matches!(
        read_bundle(&path),
        Err(DiagnosticsError::NewerFormat { format: 99, .. })
    ));

    // Far more than a manifest can be: refused before it is all read.
    let huge = vec![b' '; 200 * 1024];
    let path = zip_with(dir, &[("manifest.json", &huge)]);
    let message = read_bundle(&path).expect_err("too big").to_string();
    assert!(
        message.contains("manifest.json") && message.contains("larger than"),
        "{message}"
    );
}

#[tokio::test]
async fn a_damaged_bundle_is_refused_not_half_read() {
    let h = demo().await;
    restore_password_answering(&h, "  hà nội ").await;
    let out = tempfile::tempdir().expect("a temporary folder");
    let path = out.path().join("bundle.zip");
    let contents = BundleContents::from_mock(h.mock.shared(), user_settings());
    write_bundle(&path, &contents, &out.path().join("no-logs")).expect("written");
    let bytes = fs::read(&path).expect("readable");
    for keep in [bytes.len() / 2, bytes.len() - 10] {
        let cut = out.path().join("cut.zip");
        fs::write(&cut, &bytes[..keep]).expect("written");
        let error = read_bundle(&cut).expect_err("a cut bundle is refused");
        assert!(error.to_string().contains("cut.zip"), "{error}");
    }
}

#[test]
fn a_bundle_into_a_missing_folder_fails_and_leaves_nothing() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let path = root.path().join("gone").join("bundle.zip");
    let contents = BundleContents::for_endpoint("https://recovery.example.com", user_settings());
    let error = write_bundle(&path, &contents, &root.path().join("logs")).expect_err("no folder");
    assert!(matches!(error, DiagnosticsError::Write { .. }), "{error}");
    assert!(error.to_string().contains("bundle.zip"), "{error}");
    assert!(folder_contents(root.path()).is_empty());
}

#[test]
fn a_full_disk_keeps_the_old_bundle_and_leaves_no_temporary_file() {
    let Some(disk) = TinyDisk::mount("a_full_disk_keeps_the_old_bundle") else {
        return;
    };
    let logs = tempfile::tempdir().expect("a temporary folder");
    // Random hex does not compress below what the disk holds.
    let mut log = String::new();
    while log.len() < 1024 * 1024 {
        log.push_str(&format!("{:032x}\n", rand::random::<u128>()));
    }
    fs::write(logs.path().join("keeper-recovery.2026-11-25.log"), log).expect("written");
    let path = disk.path().join("bundle.zip");
    fs::write(&path, "the bundle saved before").expect("a small file fits");
    let before = folder_contents(disk.path());

    let contents = BundleContents::for_endpoint("https://recovery.example.com", user_settings());
    let error = write_bundle(&path, &contents, logs.path()).expect_err("the disk is full");

    assert!(matches!(error, DiagnosticsError::Write { .. }), "{error}");
    assert_eq!(folder_contents(disk.path()), before);
}
