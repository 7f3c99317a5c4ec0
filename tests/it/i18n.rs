//! The three languages: complete, consistent, faithful to WebMoney's Vietnamese
//! page, and able to explain every failure.

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::{FluentBundle, FluentResource};
use keeper_recovery::client::ClientError;
use keeper_recovery::domain::Field;
use keeper_recovery::i18n::{Language, Translator};
use keeper_recovery::protocol::TopicId;
use time::OffsetDateTime;

/// The files as built into the app.
const SOURCES: [(Language, &str); 3] = [
    (
        Language::Vi,
        include_str!("../../i18n/vi/keeper-recovery.ftl"),
    ),
    (
        Language::En,
        include_str!("../../i18n/en/keeper-recovery.ftl"),
    ),
    (
        Language::Ru,
        include_str!("../../i18n/ru/keeper-recovery.ftl"),
    ),
];

/// Each message id with the variables its text uses. A message starts at a line
/// `id =` and goes on over the indented lines below it.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if line.starts_with(|c: char| c.is_ascii_lowercase()) {
            let id = line.split('=').next().unwrap_or_default().trim();
            let well_formed = line.contains('=')
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            assert!(well_formed, "not a message line: {line}");
            assert!(
                out.insert(id.to_owned(), BTreeSet::new()).is_none(),
                "{id} is defined twice"
            );
            current = Some(id.to_owned());
        } else if !line.starts_with(' ') {
            current = None;
            continue;
        }
        if let Some(id) = &current {
            let vars = out.entry(id.clone()).or_default();
            for part in line.split('$').skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                vars.insert(name);
            }
        }
    }
    out
}

fn all_messages() -> Vec<(Language, BTreeMap<String, BTreeSet<String>>)> {
    SOURCES
        .iter()
        .map(|(language, source)| (*language, messages(source)))
        .collect()
}

#[test]
fn every_file_parses_cleanly() {
    for (language, source) in SOURCES {
        let resource = FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{language:?}: {errors:?}"));
        let mut bundle = FluentBundle::new(vec![language.code().parse().expect("langid")]);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("{language:?}: {errors:?}"));
    }
}

#[test]
fn every_language_has_every_message() {
    let all = all_messages();
    let mut problems = Vec::new();
    for (language, messages) in &all {
        for (other, other_messages) in &all {
            let lacking: Vec<&String> = other_messages
                .keys()
                .filter(|id| !messages.contains_key(*id))
                .collect();
            if !lacking.is_empty() {
                problems.push(format!(
                    "{language:?} lacks what {other:?} has: {lacking:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(all[0].1.len() > 100, "the files look truncated");
}

#[test]
fn placeholders_are_the_same_in_every_language() {
    let all = all_messages();
    let (first, reference) = &all[0];
    let mut problems = Vec::new();
    for (language, messages) in &all[1..] {
        for (id, vars) in messages {
            match reference.get(id) {
                Some(expected) if expected != vars => problems.push(format!(
                    "{id}: {first:?} uses {expected:?}, {language:?} uses {vars:?}"
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn vietnamese_keeps_the_pages_wording() {
    let vi = Translator::new(Language::Vi);
    // As many as there are topics: a tenth topic fails to compile here.
    let titles: [&str; TopicId::ALL.len()] = [
        "Khôi phục lại mật khẩu của WebMoney Keeper",
        "Thay đổi số điện thoại",
        "Hủy kích hoạt số điện thoại di động",
        // The page has this one in English only; ours.
        "Đăng ký lại thẻ SIM sau khi thay thẻ",
        "Thay đổi Email",
        "Thay đổi câu hỏi bảo mật",
        "Tìm kiếm tài khoản WM của tôi",
        "Khôi phục keyfile hoặc chứng chỉ kỹ thuật số",
        "Khôi phục quyền truy cập tài khoản E-NUM",
    ];
    for (topic, title) in TopicId::ALL.into_iter().zip(titles) {
        assert_eq!(vi.topic_title(topic), title, "{topic}");
    }
    assert_eq!(vi.tr("start-heading"), "Bạn muốn gì?");
    assert_eq!(
        vi.tr("start-intro"),
        "Hãy chọn trong danh sách bên dưới vấn đề tương tự mà bạn đang gặp phải. \
         Nếu bạn không thể tự xác định được bạn gặp vấn đề gì, hãy liên hệ với bộ phận \
         hỗ trợ kỹ thuật, và nêu rõ một cách chi tiết vấn đề bạn đang gặp phải."
    );

    let restore = "Vui lòng khai báo số WMID, mà bị mất quyền kiểm soát và nhấn nút «Tiếp tục».\n\
         Nếu bạn không nhớ WMID - hãy cho biết số điện thoại hoặc địa chỉ email, mà bạn đã \
         khai báo trong thông tin cá nhân. Kết quả tìm kiếm tài khoản WM (danh sách WMID được \
         tìm thấy) sẽ được gửi vào tin nhắn điện thoại hoặc email.";
    assert_eq!(vi.topic_intro(TopicId::RestorePassword), restore);
    assert_eq!(vi.topic_intro(TopicId::RestoreKeyfile), restore);
    assert_eq!(
        vi.topic_intro(TopicId::ChangePhone),
        "Để có thể tự thay đổi được số điện thoại, bạn cần phải có quyền truy cập vào \
         WebMoney Keeper của bạn."
    );
    assert_eq!(
        vi.topic_intro(TopicId::ChangeEmail),
        "Để có thể tự thay đổi được địa chỉ email, bạn cần phải có quyền truy cập vào \
         WebMoney Keeper của bạn."
    );
    assert_eq!(
        vi.topic_intro(TopicId::DeactivatePhone),
        "Nếu khi đăng ký trên hệ thống WebMoney hoặc khi thay đổi số điện thoại dành cho WMID \
         của bạn, bạn nhận được tin nhắn rằng với số điện thoại này trước đây đã được sử dụng \
         để đăng ký một tài khoản WM khác, bạn có thể gửi yêu cầu để huỷ kích hoạt số điện \
         thoại di động đó."
    );
    assert_eq!(
        vi.tr("keeper-access-question"),
        "Bạn có quyền truy cập vào WebMoney Keeper của bạn?"
    );
    assert_eq!(
        vi.topic_wiki(TopicId::ChangePhone).as_deref(),
        Some(
            "Hướng dẫn chi tiết cách thay đổi số điện thoại bạn có thể xem tại trang \
             wiki.webmoney.com.vn"
        )
    );
    assert_eq!(vi.tr("button-continue"), "Tiếp tục");
    assert_eq!(
        vi.identifier_label(TopicId::RestorePassword),
        "Khai báo WMID, số điện thoại hoặc email:"
    );
    assert_eq!(
        vi.identifier_label(TopicId::FindAccounts),
        "Khai báo số điện thoại hoặc email:"
    );
}

#[test]
fn every_client_error_has_words_in_every_language() {
    let now = OffsetDateTime::now_utc();
    let later = Some(now + time::Duration::minutes(25));
    let errors = [
        ClientError::InvalidEndpoint("relative URL without a base".into()),
        ClientError::InsecureEndpoint,
        ClientError::Offline,
        ClientError::Untrusted {
            reason: "invalid peer certificate: UnknownIssuer".into(),
        },
        ClientError::Timeout,
        ClientError::ConnectionLost,
        ClientError::InvalidInput {
            field: Some(Field::Identifier),
            message: "not a WMID, purse, phone or email".into(),
        },
        ClientError::InvalidInput {
            field: Some(Field::Document),
            message: "scan.bmp is not a PDF, JPEG or PNG file".into(),
        },
        ClientError::InvalidInput {
            field: None,
            message: "?".into(),
        },
        ClientError::WrongCode {
            field: Some(Field::Code),
            attempts_left: 3,
        },
        ClientError::WrongCode {
            field: Some(Field::Answer),
            attempts_left: 1,
        },
        ClientError::BadSignature { attempts_left: 2 },
        ClientError::Signing("no random numbers".into()),
        ClientError::CodeExpired,
        ClientError::Locked { until: later },
        ClientError::Locked { until: None },
        ClientError::Cooldown {
            retry_at: Some(now + time::Duration::seconds(42)),
        },
        ClientError::Cooldown { retry_at: None },
        ClientError::RateLimited { retry_at: later },
        ClientError::RateLimited { retry_at: None },
        ClientError::CaseExpired,
        ClientError::CaseNotFound,
        ClientError::Unauthorized,
        ClientError::NotReady {
            eta: Some(now + time::Duration::days(2)),
        },
        ClientError::NotReady { eta: None },
        ClientError::WrongState("this case expects a code".into()),
        ClientError::Unavailable {
            retry_at: None,
            retry_after: Some(std::time::Duration::from_secs(30)),
        },
        ClientError::Unavailable {
            retry_at: later,
            retry_after: None,
        },
        ClientError::Unavailable {
            retry_at: None,
            retry_after: None,
        },
        ClientError::Server { status: 500 },
        ClientError::Protocol("expected value at line 1".into()),
        ClientError::TooLarge { limit: 1 << 20 },
        ClientError::ChecksumMismatch,
        ClientError::Redirected {
            host: "https://elsewhere.example".into(),
        },
        ClientError::Redirected {
            host: String::new(),
        },
    ];
    let english = Translator::new(Language::En);
    for language in Language::ALL {
        let tr = Translator::new(language);
        for error in &errors {
            let text = tr.client_error_at(error, now);
            assert!(!text.trim().is_empty(), "{language:?} {error:?}: empty");
            assert!(!text.contains(['{', '}']), "{language:?} {error:?}: {text}");
            assert!(
                !text.starts_with("error-") && !text.contains(" error-"),
                "{language:?} {error:?}: {text}"
            );
            if language != Language::En {
                assert_ne!(
                    text,
                    english.client_error_at(error, now),
                    "{language:?} {error:?} is not translated"
                );
            }
        }
        let locked = tr.client_error_at(&ClientError::Locked { until: later }, now);
        assert!(locked.contains("25"), "{language:?}: {locked}");
        let wrong = tr.client_error_at(
            &ClientError::WrongCode {
                field: Some(Field::Code),
                attempts_left: 3,
            },
            now,
        );
        assert!(wrong.contains('3'), "{language:?}: {wrong}");
    }
}

/// The screens' source files, read as text.
fn app_sources() -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    let mut folders = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("src/app reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source reads");
                files.push((path, text));
            }
        }
    }
    files
}

/// A message asked for by a literal id that no file defines would show the
/// id itself on screen.
#[test]
fn every_message_the_screens_ask_for_exists() {
    let defined = messages(SOURCES[1].1);
    let mut missing = Vec::new();
    for (path, text) in app_sources() {
        for call in [".tr(", ".tr_args("] {
            for after in text.split(call).skip(1) {
                let Some(literal) = after.trim_start().strip_prefix('"') else {
                    continue;
                };
                let id: String = literal.chars().take_while(|c| *c != '"').collect();
                if !defined.contains_key(&id) {
                    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
                    let file = path.strip_prefix(root).unwrap_or(&path);
                    missing.push(format!("{}: {id}", file.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "asked for but not defined: {missing:#?}"
    );
}

/// A message with a placeable asked for without arguments shows "{$count}" on
/// screen: every literal id given to `tr` (or kept to be given to it later)
/// must name a message without variables.
#[test]
fn messages_asked_for_without_arguments_need_none() {
    let defined = messages(SOURCES[1].1);
    let mut wrong = Vec::new();
    for (path, text) in app_sources() {
        for call in [".tr(", "Problem::Message("] {
            for after in text.split(call).skip(1) {
                let Some(literal) = after.trim_start().strip_prefix('"') else {
                    continue;
                };
                let id: String = literal.chars().take_while(|c| *c != '"').collect();
                if defined.get(&id).is_some_and(|vars| !vars.is_empty()) {
                    wrong.push(format!("{}: {id}", path.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "asked for without their arguments: {wrong:#?}"
    );
}

/// In the builds tests run (debug), a message formatted with a missing or
/// misnamed argument fails, so the test that shows it fails too.
#[test]
#[cfg(debug_assertions)]
fn a_missing_argument_fails_instead_of_showing_a_placeholder() {
    for language in Language::ALL {
        let tr = Translator::new(language);
        let missing = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tr.tr("documents-min-files")
        }));
        assert!(missing.is_err(), "{language:?}: no argument");
        let misnamed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tr.tr_args("documents-min-files", &[("files", 2_i64.into())])
        }));
        assert!(misnamed.is_err(), "{language:?}: wrong name");
        let right = tr.tr_args("documents-min-files", &[("count", 2_i64.into())]);
        assert!(right.contains('2') && !right.contains('{'), "{right}");
    }
}

/// The page calls the key file "keyfile" in Vietnamese; every Vietnamese text
/// does the same, so the user meets one word for one thing.
#[test]
fn vietnamese_calls_the_key_file_keyfile_everywhere() {
    let vi = SOURCES[0].1.to_lowercase();
    for other in ["tệp khóa", "tệp khoá", "file khóa", "key file", "key-file"] {
        let lines: Vec<&str> = vi
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(other))
            .collect();
        assert!(lines.is_empty(), "{other:?} in {lines:#?}");
    }
    assert!(vi.contains("khôi phục keyfile hoặc chứng chỉ kỹ thuật số"));
}

#[test]
fn every_route_and_fault_kind_has_words_in_every_language() {
    use keeper_recovery::mock::faults::{FaultKindId, RouteId};
    use strum::VariantArray;
    for language in Language::ALL {
        let tr = Translator::new(language);
        for route in RouteId::ALL {
            let words = tr.route_name(route);
            assert!(
                !words.starts_with("support-"),
                "{language:?} {route:?}: {words}"
            );
            assert_ne!(
                words,
                route.as_str(),
                "{language:?}: a word, not only the id"
            );
        }
        for &kind in FaultKindId::VARIANTS {
            let id: &'static str = kind.into();
            let words = tr.fault_kind_name(kind);
            assert!(
                !words.starts_with("support-") && words != id,
                "{language:?} {kind:?}: {words}"
            );
            // As the exchange log records a fault, with its number.
            let recorded = tr.recorded_fault(&format!("{id} 3000 ms"));
            assert_eq!(recorded, format!("{words} 3000 ms"), "{language:?}");
        }
    }
}

#[test]
fn a_distance_set_step_by_step_is_said_to_the_minute() {
    let span = time::Duration::days(1) + time::Duration::minutes(11) + time::Duration::seconds(2);
    for (language, expected) in [
        (Language::Vi, "1 ngày 11 phút"),
        (Language::En, "1 day 11 minutes"),
        (Language::Ru, "1 день 11 минут"),
    ] {
        assert_eq!(Translator::new(language).exact_duration(span), expected);
    }
    let tr = Translator::new(Language::En);
    assert_eq!(tr.exact_duration(time::Duration::hours(25)), "1 day 1 hour");
    assert_eq!(tr.exact_duration(time::Duration::seconds(40)), "1 minute");
}

/// Each topic's words, in every language: a title and an intro, and the
/// wiki's pointer exactly where the topic's spec has a wiki page (a pointer
/// without a page would draw a button that does nothing; a page without
/// words would never be offered).
#[test]
fn every_topic_has_its_words_and_a_wiki_pointer_only_with_a_wiki_page() {
    for (language, source) in SOURCES {
        let ids = messages(source);
        for topic in TopicId::ALL {
            for part in ["title", "intro"] {
                let id = format!("topic-{topic}-{part}");
                assert!(ids.contains_key(&id), "{language:?} lacks {id}");
            }
            let wiki = format!("topic-{topic}-wiki");
            assert_eq!(
                ids.contains_key(&wiki),
                topic.spec().wiki.is_some(),
                "{language:?}: {wiki} against the spec's wiki page"
            );
        }
    }
}

/// The scripts that drive the running app over AT-SPI and Orca type the
/// topics from `tests/demo.py`: its list is the nine, in the page's order.
#[test]
fn the_screen_reader_scripts_list_every_topic_in_order() {
    let demo = include_str!("../demo.py");
    let listed: Vec<&str> = demo
        .split("TOPICS = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("tests/demo.py has TOPICS = [...]")
        .split(',')
        .map(|item| item.trim().trim_matches('"'))
        .filter(|item| !item.is_empty())
        .collect();
    let topics: Vec<&str> = TopicId::ALL.iter().map(|topic| topic.as_str()).collect();
    assert_eq!(listed, topics);
}
