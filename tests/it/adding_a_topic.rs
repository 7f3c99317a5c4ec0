//! Adding a topic means its entry in `TopicId` and `TopicId::spec()`, its
//! rules in `src/mock/topics/`, its words in `i18n/*/`, and its id in the
//! OpenAPI file. These tests fail when any other code names a topic, so
//! everything else (the panel, the start view, the keys, the screen-reader
//! scripts) keeps deriving what it shows from the spec. The words, the wiki
//! pages and the scripts' lists are checked per topic in `i18n.rs` and
//! `ui_screen_reader.rs`.

use std::path::{Path, PathBuf};

use keeper_recovery::protocol::TopicId;

/// Where code may name a topic, and why.
const MAY_NAME_TOPICS: &[(&str, &str)] = &[
    ("src/protocol.rs", "the enum and its spec"),
    ("src/mock/topics/", "each topic's own rules in the mock"),
];

/// Single names elsewhere, each with why a new topic leaves it as it is.
const NAMED_ON_PURPOSE: &[(&str, &str, &str)] = &[(
    "src/app/screen/topic/update.rs",
    "RestorePassword",
    "without Keeper access, a user is sent to restoring the password first",
)];

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{folder:?}: {e}"));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The code a user runs: a file up to its test module (kept last, by this
/// project's convention).
fn shipped_code(source: &str) -> &str {
    source
        .find("#[cfg(test)]\nmod tests {")
        .map_or(source, |at| &source[..at])
}

/// Each `TopicId::Variant` the code names, by its variant name.
fn topics_named(code: &str) -> Vec<String> {
    let variants: Vec<String> = TopicId::ALL.iter().map(|t| format!("{t:?}")).collect();
    let mut named = Vec::new();
    for (at, _) in code.match_indices("TopicId::") {
        let rest = &code[at + "TopicId::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if variants.contains(&name) || rest.starts_with('{') || rest.starts_with('*') {
            named.push(if name.is_empty() {
                rest.chars().take(1).collect()
            } else {
                name
            });
        }
    }
    named
}

#[test]
fn no_code_outside_the_spec_and_the_mocks_rules_names_a_topic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 50, "the source was not found: {files:?}");
    let mut checked_somewhere = false;
    let mut unexpected = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(&file).expect("readable source");
        let named = topics_named(shipped_code(&source));
        if MAY_NAME_TOPICS
            .iter()
            .any(|(place, _)| relative.starts_with(place))
        {
            checked_somewhere |= !named.is_empty();
            continue;
        }
        for name in named {
            let on_purpose = NAMED_ON_PURPOSE
                .iter()
                .any(|(place, variant, _)| *place == relative && *variant == name);
            if !on_purpose {
                unexpected.push(format!("{relative}: TopicId::{name}"));
            }
        }
    }
    // The scan itself works: the spec names every topic.
    assert!(
        checked_somewhere,
        "the spec names no topic: the scan is broken"
    );
    assert!(
        unexpected.is_empty(),
        "code that a new topic would have to change: derive it from TopicId::spec() \
         instead:\n{}",
        unexpected.join("\n")
    );
}

#[test]
fn the_scan_finds_a_topic_named_in_code_and_skips_tests() {
    let code = "#[cfg(test)]\nmod tests;\nlet a = TopicId::ChangePhone;\n\
                match t { TopicId::ALL => {} }\n\
                #[cfg(test)]\nmod tests {\n    TopicId::FindAccounts\n}\n";
    assert_eq!(topics_named(shipped_code(code)), ["ChangePhone"]);
    assert_eq!(topics_named("use TopicId::{A, B};"), ["{"]);
}

#[test]
fn the_openapi_file_lists_the_topics_in_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("resources/api/recovery-v1.yaml"))
        .expect("the OpenAPI file");
    let spec: serde_json::Value = serde_yaml_ng::from_str(&text).expect("valid YAML");
    let listed: Vec<&str> = spec
        .pointer("/components/schemas/TopicId/enum")
        .and_then(serde_json::Value::as_array)
        .expect("a TopicId enum")
        .iter()
        .filter_map(serde_json::Value::as_str)
        .collect();
    let ours: Vec<&str> = TopicId::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(listed, ours);
}
