//! Key files in the window: saved, opened with the access code, proved to the
//! service; and the file dialogs, including a desktop without any.

use std::sync::Arc;

use iced_test::simulator;
use keeper_recovery::app::Message;
use keeper_recovery::i18n::Language;
use keeper_recovery::mock::faults::{FaultKind, FaultRule, RouteId};
use keeper_recovery::protocol::TopicId;

use crate::common::*;
use crate::ui::{Ui, settle};

#[tokio::test]
async fn restored_key_file_is_saved_and_opens_with_the_access_code() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.save_restored_key_file().await;

    let saved = ui.dir.path().join("saved.kwm");
    let bytes = std::fs::read(&saved).expect("the key file was saved where the user chose");
    let wmid = AN_WMID.parse().expect("wmid");
    assert_eq!(
        keeper_recovery::keyfile::check(&bytes, &wmid, &secret(AN_KEY_CODE)),
        Ok(())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "only the user may read the key file");
    }

    ui.type_and_enter("not-my-code").await;
    let wrong = ui
        .app
        .translator()
        .keyfile_error(&keeper_recovery::keyfile::KeyFileError::WrongAccessCode);
    ui.assert_sees(&wrong);
    ui.type_and_enter(AN_KEY_CODE).await;
    ui.assert_sees(&ui.tr("keyfile-check-ok"));
    // The outcome keeps the case's reference, to quote to support.
    ui.click(&ui.tr("button-close")).await;
    ui.assert_sees(
        &ui.app
            .translator()
            .outcome_title(&keeper_recovery::protocol::Outcome::KeyfileIssued),
    );
    ui.assert_sees_start("Reference: KR-");
    // Saved and checked by now: the outcome says where, and asks neither again.
    let where_saved = ui.app.translator().tr_args(
        "outcome-keyfile-saved-at",
        &[(
            "path",
            keeper_recovery::i18n::Arg::Text(saved.display().to_string()),
        )],
    );
    ui.assert_sees(&where_saved);
    ui.assert_sees(&ui.tr("button-show-in-folder"));
    assert!(!ui.sees(&ui.tr("outcome-keyfile-issued")));
}

#[tokio::test]
async fn a_restored_key_file_proves_to_the_service_that_it_signs() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.save_restored_key_file().await;
    assert!(
        !ui.sees(&ui.tr("button-prove-keyfile")),
        "nothing to prove before the access code opens the file"
    );
    ui.type_and_enter(AN_KEY_CODE).await;
    ui.assert_sees(&ui.tr("keyfile-check-ok"));
    ui.assert_sees(&ui.tr("keyfile-prove-hint"));

    // The connection drops on every try: the user is told, with Retry.
    let mock = ui
        .app
        .connection()
        .and_then(|c| c.mock.clone())
        .expect("built-in mock");
    mock.shared().set_fault_rules(vec![FaultRule {
        route: Some(RouteId::KeyfileProof),
        kind: FaultKind::Drop,
        probability: 1.0,
        count: Some(3),
    }]);
    ui.click(&ui.tr("button-prove-keyfile")).await;
    let lost = ui
        .app
        .translator()
        .client_error(&keeper_recovery::client::ClientError::ConnectionLost);
    ui.assert_sees(&lost);
    assert!(!ui.sees(&ui.tr("keyfile-proof-ok")));
    // While the request is out the panel says what is happening.
    let messages: Vec<Message> = {
        let mut screen = simulator(ui.app.view());
        screen
            .click(ui.tr("button-retry").as_str())
            .expect("Retry is there");
        screen.into_messages().collect()
    };
    for message in messages {
        let task = ui.app.update(message);
        ui.assert_sees(&ui.tr("keyfile-proving"));
        settle(&mut ui.app, task).await;
    }
    ui.assert_sees(&ui.tr("keyfile-proof-ok"));
    assert!(!ui.sees(&ui.tr("keyfile-proving")));
    // A stray Enter afterwards changes nothing on screen.
    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Enter,
    ))
    .await;
    ui.assert_sees(&ui.tr("keyfile-proof-ok"));
    assert!(
        !ui.sees(&lost),
        "the error is gone once the proof went through"
    );

    let exchanges = mock.shared().exchanges_snapshot();
    let proofs = exchanges
        .iter()
        .filter(|e| e.route == Some(RouteId::KeyfileProof) && e.status == 200)
        .count();
    assert_eq!(proofs, 1, "the service accepted one signature");
}

#[tokio::test]
async fn a_refused_signature_says_why_and_how_many_attempts_are_left() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.save_restored_key_file().await;
    ui.type_and_enter(AN_KEY_CODE).await;
    // Another restore of the same account issues a new key: this file no longer counts.
    let mock = ui
        .app
        .connection()
        .and_then(|c| c.mock.clone())
        .expect("built-in mock");
    let client = keeper_recovery::client::RecoveryClient::new(&mock.base_url(), fast_options())
        .expect("client");
    // Past the cooldown of the code the user asked for.
    mock.shared()
        .advance_clock(std::time::Duration::from_secs(61));
    let opened = client
        .create_case(TopicId::RestoreKeyfile, &id(AN_WMID))
        .await
        .expect("opens");
    let case = opened.case;
    client
        .challenge(
            &case.case_id,
            &opened.case_token,
            keeper_recovery::protocol::Channel::Sms,
        )
        .await
        .expect("sent");
    let sms = mock
        .shared()
        .engine(|e| e.latest_code_to(AN_PHONE))
        .expect("a code");
    let verified = client
        .verify(&case.case_id, &opened.case_token, &code(&sms))
        .await
        .expect("verifies");
    client
        .download_keyfile(&case.case_id, &verified.session_token)
        .await
        .expect("a newer key file");

    ui.click(&ui.tr("button-prove-keyfile")).await;
    let refused = ui
        .app
        .translator()
        .client_error(&keeper_recovery::client::ClientError::BadSignature { attempts_left: 4 });
    ui.assert_sees(&refused);
    assert!(!ui.sees(&ui.tr("keyfile-proof-ok")));
    assert!(
        !ui.sees(&ui.tr("button-retry")),
        "signing again with the same file cannot help"
    );
}

/// File dialogs as a desktop gives them: answers in turn; "no dialog at all"
/// where `works` is false (a Linux desktop without a portal).
struct Dialogs {
    opens: std::sync::Mutex<std::collections::VecDeque<Vec<std::path::PathBuf>>>,
    saves: std::sync::Mutex<std::collections::VecDeque<std::path::PathBuf>>,
    works: bool,
}

impl Dialogs {
    fn none() -> Arc<Dialogs> {
        Arc::new(Dialogs {
            opens: Default::default(),
            saves: Default::default(),
            works: false,
        })
    }

    fn answering(
        opens: Vec<Vec<std::path::PathBuf>>,
        saves: Vec<std::path::PathBuf>,
    ) -> Arc<Dialogs> {
        Arc::new(Dialogs {
            opens: std::sync::Mutex::new(opens.into()),
            saves: std::sync::Mutex::new(saves.into()),
            works: true,
        })
    }
}

impl keeper_recovery::file_dialog::FilePicker for Dialogs {
    fn save_path(
        &self,
        _default_name: &str,
        _filter: (&str, &[&str]),
    ) -> keeper_recovery::file_dialog::BoxFuture<'static, Option<std::path::PathBuf>> {
        let next = self.saves.lock().expect("not poisoned").pop_front();
        Box::pin(async move { next })
    }

    fn open_paths(
        &self,
        _filters: &[(&str, &[&str])],
    ) -> keeper_recovery::file_dialog::BoxFuture<'static, Vec<std::path::PathBuf>> {
        let next = self
            .opens
            .lock()
            .expect("not poisoned")
            .pop_front()
            .unwrap_or_default();
        Box::pin(async move { next })
    }

    fn dialogs_work(&self) -> bool {
        self.works
    }

    /// Like the system dialogs: they ask before replacing a file.
    fn save_confirms_overwrite(&self) -> bool {
        self.works
    }
}

/// Topic 8 on a desktop where no file dialog opens: the app says so and a
/// path field takes the document and the key file's folder instead.
#[tokio::test]
async fn without_a_file_dialog_a_path_field_finishes_the_key_file_recovery() {
    let mut ui = Ui::open_with_picker(
        Language::En,
        Some("lost-keyfile-documents"),
        Dialogs::none(),
    )
    .await;
    let scan = ui.dir.path().join("passport.pdf");
    std::fs::write(&scan, b"%PDF-1.7 scan of a passport").expect("document");
    to_binhs_documents(&mut ui).await;
    ui.assert_sees(&ui.tr("no-file-dialog"));
    ui.type_path_and_enter(&scan).await;
    ui.assert_sees("passport.pdf");
    ui.click(&ui.tr("button-upload")).await;
    ui.assert_state(keeper_recovery::protocol::CaseState::UnderReview);

    ui.advance_mock_clock(3 * 24 * 3600);
    ui.click(&ui.tr("button-refresh")).await;
    ui.click(&ui.tr("button-download")).await;
    ui.click(&ui.tr("button-save-keyfile")).await;
    ui.assert_sees(&ui.tr("no-file-dialog"));
    let folder = ui.dir.path().join("keys");
    std::fs::create_dir(&folder).expect("folder");
    ui.type_path_and_enter(&folder).await;
    let bytes = std::fs::read(folder.join(format!("{BINH_WMID}.kwm")))
        .expect("the key file was saved in the typed folder");
    let wmid = BINH_WMID.parse().expect("wmid");
    assert_eq!(
        keeper_recovery::keyfile::check(&bytes, &wmid, &secret("Binh-2024-key")),
        Ok(())
    );
}

/// Choosing files a second time adds them to the first choice.
#[tokio::test]
async fn files_chosen_twice_are_added_not_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("passport.pdf");
    let second = dir.path().join("selfie.png");
    std::fs::write(&first, b"%PDF-1.7 scan").expect("document");
    std::fs::write(&second, b"\x89PNG\r\n\x1a\n a photo").expect("document");
    let dialogs = Dialogs::answering(vec![vec![first], vec![second]], vec![]);
    let mut ui = Ui::open_with_picker(Language::En, Some("lost-keyfile-documents"), dialogs).await;
    to_binhs_documents(&mut ui).await;
    ui.click(&ui.tr("button-choose-files")).await;
    ui.assert_sees("passport.pdf");
    ui.assert_sees("selfie.png");
    ui.assert_sees("2 files chosen");
    drop(dir);
}

/// The system's save dialog has asked before replacing: the app does not ask again.
#[tokio::test]
async fn replacing_a_key_file_is_asked_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let existing = dir.path().join("old.kwm");
    std::fs::write(&existing, b"an old key file").expect("old file");
    let dialogs = Dialogs::answering(vec![], vec![existing.clone()]);
    let mut ui = Ui::open_with_picker(Language::En, None, dialogs).await;
    ui.save_restored_key_file().await;
    assert!(
        !ui.sees(&ui.tr("keyfile-exists-replace")),
        "asked a second time"
    );
    let bytes = std::fs::read(&existing).expect("saved");
    let wmid = AN_WMID.parse().expect("wmid");
    assert_eq!(
        keeper_recovery::keyfile::check(&bytes, &wmid, &secret(AN_KEY_CODE)),
        Ok(())
    );
}

/// Where no dialog opens, the path field saves the key file a second time,
/// elsewhere, and stands in for "save elsewhere" when a file is in the way.
#[tokio::test]
async fn without_a_file_dialog_the_key_file_is_saved_again_and_elsewhere() {
    let mut ui = Ui::open_with_picker(
        Language::En,
        None,
        Arc::new(keeper_recovery::file_dialog::TypedPaths),
    )
    .await;
    ui.save_restored_key_file().await;
    // Asked for, not missing: the field says so.
    ui.assert_sees(&ui.tr("typed-paths"));
    let first = ui.dir.path().join("first");
    let second = ui.dir.path().join("second");
    std::fs::create_dir(&first).expect("folder");
    std::fs::create_dir(&second).expect("folder");
    ui.type_path_and_enter(&first).await;
    let name = format!("{AN_WMID}.kwm");
    assert!(first.join(&name).is_file(), "saved in the first folder");
    assert!(
        !ui.sees(&ui.tr("path-label-keyfile")),
        "the path field stays out once saved"
    );

    // Again, elsewhere: the button brings the field back.
    ui.click(&ui.tr("button-save-keyfile")).await;
    ui.assert_sees(&ui.tr("path-label-keyfile"));
    ui.type_path_and_enter(&second).await;
    assert!(
        second.join(&name).is_file(),
        "saved in the second folder too"
    );

    // A file in the way: "Save key file" in the question is a way out too.
    ui.click(&ui.tr("button-save-keyfile")).await;
    ui.type_path_and_enter(&first).await;
    ui.assert_sees(&ui.tr("keyfile-exists-replace"));
    ui.click(&ui.tr("button-save-keyfile")).await;
    assert!(
        !ui.sees(&ui.tr("keyfile-exists-replace")),
        "the question stays after choosing to save elsewhere"
    );
    let third = ui.dir.path().join("third.kwm");
    ui.type_path_and_enter(&third).await;
    assert!(
        third.is_file(),
        "saved under the typed file name: {:?}",
        ui.texts()
    );
}

/// A typed document path that is not there, and a file that is not a PDF,
/// JPEG or PNG, are said as what happened on this computer: nothing was sent,
/// and the service is not blamed.
#[tokio::test]
async fn a_document_that_cannot_be_used_is_said_as_a_problem_on_this_computer() {
    let mut ui = Ui::open_with_picker(
        Language::En,
        Some("lost-keyfile-documents"),
        Arc::new(keeper_recovery::file_dialog::TypedPaths),
    )
    .await;
    to_binhs_documents(&mut ui).await;
    let missing = ui.dir.path().join("passport-scan.pdf");
    ui.type_path_and_enter(&missing).await;
    let tr = *ui.app.translator();
    ui.assert_sees(
        &tr.document_error(&keeper_recovery::client::DocumentError::NotFound {
            path: missing.clone(),
        }),
    );
    let notes = ui.dir.path().join("notes.txt");
    std::fs::write(&notes, b"just some text").expect("a text file");
    ui.type_path_and_enter(&notes).await;
    ui.assert_sees(
        &tr.document_error(&keeper_recovery::client::DocumentError::Rejected(
            keeper_recovery::protocol::DocumentProblem::NotADocument {
                name: "notes.txt".to_owned(),
            },
        )),
    );
    let blamed = tr.tr("field-document");
    assert!(
        !ui.texts().iter().any(|line| line.starts_with(&blamed)),
        "the service is blamed: {:?}",
        ui.texts()
    );
}

/// Topic 8 for Binh (whose passport asks for documents), verified by SMS,
/// with "Choose files" pressed.
async fn to_binhs_documents(ui: &mut Ui) {
    ui.verify_with(
        TopicId::RestoreKeyfile,
        BINH_WMID,
        keeper_recovery::protocol::Channel::Sms,
        BINH_PHONE,
    )
    .await;
    ui.click(&ui.tr("button-choose-files")).await;
}
