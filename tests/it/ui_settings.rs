//! Settings and what the app keeps: the service's address, tokens only in the
//! token store, and a config folder that cannot be used, told in the user's language.

use iced_test::simulator;
use keeper_recovery::app::Message;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;
use keeper_recovery::storage::AppPaths;

use crate::common::*;
use crate::ui::Ui;

/// A token store the test can look into after the app has used it.
type Watched = SharedTokens;

fn files_under(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path)
            } else {
                found.push(path)
            }
        }
    }
    found
}

#[tokio::test]
async fn the_session_token_is_in_no_file_and_sign_out_deletes_it() {
    use keeper_recovery::token_store::{SessionKey, TokenStore};
    let store = Watched::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ui = Ui::open_in(dir, Language::En, None, None, Some(Box::new(store.clone()))).await;
    ui.open_topic(TopicId::RestorePassword).await;
    ui.type_and_enter(AN_WMID).await;
    ui.click("SMS").await;
    let code = ui.code_sent_to(AN_PHONE);
    ui.type_and_enter(&code).await;
    ui.assert_sees("Thành phố nơi bạn sinh ra?");

    let saved = ui
        .app
        .start_open_cases()
        .first()
        .cloned()
        .expect("the case is kept");
    let key = SessionKey::new(saved.endpoint.clone(), saved.case_id.clone());
    let token = store
        .load(&key)
        .expect("readable")
        .expect("the token was handed to the store");
    let files = files_under(ui.dir.path());
    assert!(!files.is_empty(), "settings and open cases were written");
    for file in &files {
        let bytes = std::fs::read(file).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(token.expose()),
            "the token leaked into {}",
            file.display()
        );
        assert!(
            !text.contains(&code),
            "the code leaked into {}",
            file.display()
        );
    }

    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Escape,
    ))
    .await;
    ui.click(&ui.tr("button-sign-out")).await;
    ui.click(&ui.tr("button-sign-out-confirm")).await;
    assert!(ui.app.start_open_cases().is_empty());
    assert!(
        store.load(&key).expect("readable").is_none(),
        "sign-out deletes the session"
    );
}

#[tokio::test]
async fn the_endpoint_setting_refuses_plain_http_elsewhere_and_is_remembered() {
    let mock = demo_mock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ui = Ui::open_in(dir, Language::En, None, None, None).await;
    ui.click(&ui.tr("settings-heading")).await;
    ui.click(&ui.tr("endpoint-url")).await;
    ui.type_and_enter("http://recovery.example.com").await;
    let refused = ui
        .app
        .translator()
        .client_error(&keeper_recovery::client::ClientError::InsecureEndpoint);
    ui.assert_sees(&refused);

    let messages: Vec<Message> = {
        let mut sim = simulator(ui.app.view());
        sim.click(iced::widget::Id::new(
            keeper_recovery::app::screen::topic::FIRST_INPUT,
        ))
        .expect("the address field");
        for _ in 0.."http://recovery.example.com".len() {
            sim.tap_key(iced::keyboard::key::Named::Backspace);
        }
        sim.typewrite(&mock.base_url());
        sim.tap_key(iced::keyboard::key::Named::Enter);
        sim.into_messages().collect()
    };
    ui.apply(messages).await;
    let endpoint = ui
        .app
        .connection()
        .map(|c| c.client.endpoint().to_string())
        .expect("connected");
    assert!(
        endpoint.starts_with(&mock.base_url()),
        "now talking to {endpoint}"
    );

    // After a restart, the saved setting is used.
    let Ui { app, dir, .. } = ui;
    drop(app);
    let ui = Ui::open_in(dir, Language::En, None, None, None).await;
    let endpoint = ui
        .app
        .connection()
        .map(|c| c.client.endpoint().to_string())
        .expect("connected");
    assert!(
        endpoint.starts_with(&mock.base_url()),
        "remembered: {endpoint}"
    );
}

/// Started with `--endpoint`, Settings shows that service as the one in use.
#[tokio::test]
async fn settings_show_the_service_given_on_the_command_line() {
    let mock = demo_mock().await;
    let mut ui = Ui::open(Language::En, None, Some(mock.base_url())).await;
    ui.click(&ui.tr("settings-heading")).await;
    ui.assert_sees(&ui.tr("endpoint-url-hint"));
}

/// A file where the config folder should be: the settings can be neither read,
/// moved aside nor saved. Whatever the OS says, the window words it in the
/// user's language, with the OS's own text only as the line below.
#[tokio::test]
async fn an_unusable_config_folder_is_told_in_the_users_language() {
    use keeper_recovery::i18n::Arg;
    for language in Language::ALL {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config"), b"not a folder").expect("a file in the way");
        let paths = AppPaths::under(dir.path());
        let tokens = keeper_recovery::token_store::MemoryStore::default();
        let mut ui = Ui::open_in(dir, language, None, None, Some(Box::new(tokens))).await;
        let tr = keeper_recovery::i18n::Translator::new(language);
        let with_path = |id: &str, path: &std::path::Path| {
            tr.tr_args(id, &[("path", Arg::from(path.display().to_string()))])
        };
        // On Windows a missing parent reads as "no settings yet": nothing to tell at start.
        if cfg!(unix) {
            let said = format!(
                "{} {} {}",
                with_path("storage-read", &paths.settings_file()),
                with_path("storage-set-aside", &paths.settings_file()),
                tr.tr("notice-not-set-aside"),
            );
            assert_told_with_a_detail(&ui, &said, language);
        }

        // Saving the language choice fails, and says so in that language.
        ui.apply(vec![Message::Language(language)]).await;
        let said = format!(
            "{} {}",
            with_path("storage-create-folder", &paths.config_dir),
            tr.tr("notice-not-saved"),
        );
        assert_told_with_a_detail(&ui, &said, language);
    }
}

/// `sentence` is on screen, the line after it is the OS's detail, and no
/// English wording of the error reaches a Vietnamese or Russian window.
fn assert_told_with_a_detail(ui: &Ui, sentence: &str, language: Language) {
    let texts = ui.texts();
    let at = texts
        .iter()
        .position(|t| t == sentence)
        .unwrap_or_else(|| panic!("{language:?}: {sentence:?} is not on screen: {texts:?}"));
    let detail = texts.get(at + 1).map(String::as_str).unwrap_or_default();
    assert!(
        !detail.is_empty() && !sentence.contains(detail),
        "{language:?}: the OS's words should follow the sentence: {texts:?}"
    );
    if language != Language::En {
        for english in ["could not", "Could not", "not valid", "kept as"] {
            assert!(
                texts.iter().all(|t| !t.contains(english)),
                "{language:?}: English {english:?} on screen: {texts:?}"
            );
        }
    }
}

/// Where no file dialog opens, "Save diagnostics…" offers the path field,
/// saves where it is told, and never replaces a file that is there.
#[tokio::test]
async fn without_a_file_dialog_diagnostics_are_saved_where_typed() {
    let mut ui = Ui::open_with_picker(
        Language::En,
        None,
        std::sync::Arc::new(keeper_recovery::file_dialog::TypedPaths),
    )
    .await;
    ui.click(&ui.tr("settings-heading")).await;
    ui.click(&ui.tr("settings-save-bundle")).await;
    ui.assert_sees(&ui.tr("typed-paths"));
    ui.assert_sees(&ui.tr("bundle-path-label"));

    let kept = ui.dir.path().join("kept.zip");
    std::fs::write(&kept, b"the user's own file").expect("a file");
    ui.type_path_into_and_enter(keeper_recovery::app::BUNDLE_PATH_INPUT, &kept)
        .await;
    ui.assert_sees(&ui.tr("bundle-path-taken"));
    assert_eq!(std::fs::read(&kept).expect("kept"), b"the user's own file");

    let folder = ui.dir.path().join("for-support");
    std::fs::create_dir(&folder).expect("a folder");
    ui.type_path_into_and_enter(keeper_recovery::app::BUNDLE_PATH_INPUT, &folder)
        .await;
    assert_one_bundle_in(&folder);
    assert!(
        !ui.sees(&ui.tr("bundle-path-label")),
        "the field goes once saved"
    );

    // Esc puts the field away and leaves the user where they were.
    ui.click(&ui.tr("settings-save-bundle")).await;
    ui.assert_sees(&ui.tr("bundle-path-label"));
    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Escape,
    ))
    .await;
    assert!(!ui.sees(&ui.tr("bundle-path-label")));
    ui.assert_sees(&ui.tr("settings-save-bundle"));
}
