//! The app's log and the diagnostics bundle: what support receives from a
//! user holds what they need, and no code, password, token or answer.

use std::fs;
use std::path::Path;

use keeper_recovery::logging;
use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::protocol::{CaseState, Channel, StepRequest, TopicId};

use crate::common::*;

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
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "case opens")
        .await;
    let case = h.send_code(&case, Channel::Sms, "code is sent").await;
    let code = h.code_sent_to(AN_PHONE).await;
    let verified = h
        .client
        .verify(&case.case_id, &code)
        .await
        .expect("right code verifies");
    let token = verified.session_token;
    let step = StepRequest::SecurityAnswer {
        answer: secret(ANSWER),
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
        answer: ANSWER.to_owned(),
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
