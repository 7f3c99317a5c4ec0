//! Redaction: what leaves secrets out of a bundle, structurally (scenario,
//! settings, exchanges, outbox) and by replacing known secrets in free text.

use std::borrow::Cow;

use serde_json::Value;
use zeroize::Zeroizing;

use super::{BundleContents, REDACTED_SECRET};
use crate::domain::SecretText;
use crate::mock::exchanges::{self, Exchange};
use crate::mock::outbox::OutboxMessage;
use crate::mock::scenario::Scenario;
use crate::storage::{EndpointSetting, Settings};

/// Shorter secrets are left to the structural redaction: replacing every
/// "ab" in the logs would only garble them.
const MIN_SCRUBBED_LEN: usize = 4;

/// The URL without user name, password, query or fragment, which can hold
/// credentials. Text that is not a URL is kept unless it could hold them.
pub(super) fn without_credentials(text: &str) -> Cow<'_, str> {
    match url::Url::parse(text.trim()) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            Cow::Owned(url.to_string())
        }
        Err(_) if text.contains(['@', '?', '#']) => Cow::Borrowed("[redacted: not a valid URL]"),
        Err(_) => Cow::Borrowed(text),
    }
}

pub(super) fn redacted_settings(settings: &Settings) -> Settings {
    let endpoint = match &settings.endpoint {
        EndpointSetting::Url(url) => EndpointSetting::Url(without_credentials(url).into_owned()),
        other => other.clone(),
    };
    Settings {
        endpoint,
        ..settings.clone()
    }
}

pub(super) fn redacted_scenario(scenario: &Scenario) -> Scenario {
    let mut scenario = scenario.clone();
    for account in &mut scenario.accounts {
        for secret in [
            &mut account.security_answer,
            &mut account.keyfile_access_code,
        ] {
            if secret.is_some() {
                *secret = Some(SecretText::new(REDACTED_SECRET));
            }
        }
    }
    scenario
}

pub(super) fn redacted_exchange(
    exchange: &Exchange,
    scrubber: &Scrubber,
) -> serde_json::Result<Value> {
    let mut exchange = exchange.clone();
    if let Some(body) = &mut exchange.request {
        exchanges::redact(body, true);
    }
    if let Some(body) = &mut exchange.response {
        exchanges::redact(body, false);
    }
    let mut value = serde_json::to_value(&exchange)?;
    scrubber.scrub_value(&mut value);
    Ok(value)
}

pub(super) fn redacted_message(message: &OutboxMessage, scrubber: &Scrubber) -> OutboxMessage {
    let text = match message.code.as_deref() {
        Some(code) if !code.is_empty() => message.text.replace(code, exchanges::REDACTED),
        _ => message.text.clone(),
    };
    // Struct update, so fields added later pass through.
    OutboxMessage {
        code: None,
        text: scrubber.scrub(&text).into_owned(),
        ..message.clone()
    }
}

/// Replaces every secret the bundle knows of (codes sent, security answers,
/// key-file access codes) wherever it still appears in free text.
pub(super) struct Scrubber {
    /// Longest first, so a secret containing another is replaced whole.
    secrets: Vec<Zeroizing<String>>,
}

impl Scrubber {
    pub(super) fn for_contents(contents: &BundleContents) -> Self {
        let codes = contents.outbox.iter().filter_map(|m| m.code.clone());
        let scenario_secrets = contents
            .scenario
            .iter()
            .flat_map(|scenario| &scenario.accounts)
            .flat_map(|account| [&account.security_answer, &account.keyfile_access_code])
            .flatten()
            .map(|secret| secret.expose().to_owned());
        let mut secrets: Vec<Zeroizing<String>> = codes
            .chain(scenario_secrets)
            .filter(|secret| secret.chars().count() >= MIN_SCRUBBED_LEN)
            .map(Zeroizing::new)
            .collect();
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        Scrubber { secrets }
    }

    pub(super) fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut text = Cow::Borrowed(text);
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = Cow::Owned(text.replace(secret.as_str(), exchanges::REDACTED));
            }
        }
        text
    }

    /// Every string in the value; keys are names, never secrets.
    fn scrub_value(&self, value: &mut Value) {
        match value {
            Value::String(text) => {
                if let Cow::Owned(scrubbed) = self.scrub(text) {
                    *text = scrubbed;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.scrub_value(item)),
            Value::Object(map) => map.values_mut().for_each(|item| self.scrub_value(item)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::BUILT_IN_MOCK;
    use crate::mock::scenario::SHIPPED;

    #[test]
    fn every_shipped_scenario_survives_redaction_and_toml() {
        for (name, _) in SHIPPED {
            let scenario = Scenario::shipped(name).expect("shipped scenarios parse");
            let text = toml::to_string(&redacted_scenario(&scenario)).expect("serializes");
            let back = Scenario::parse(name, &text)
                .unwrap_or_else(|e| panic!("{name} does not parse back: {e}\n{text}"));
            assert_eq!(back.name, scenario.name);
            assert_eq!(back.accounts.len(), scenario.accounts.len());
            assert_eq!(back.faults, scenario.faults);
            for (after, before) in back.accounts.iter().zip(&scenario.accounts) {
                assert_eq!(after.wmid, before.wmid);
                assert_eq!(
                    after.security_answer.as_ref().map(SecretText::expose),
                    before.security_answer.as_ref().map(|_| REDACTED_SECRET)
                );
                assert_eq!(
                    after.keyfile_access_code.as_ref().map(SecretText::expose),
                    before.keyfile_access_code.as_ref().map(|_| REDACTED_SECRET)
                );
            }
        }
    }

    #[test]
    fn credentials_leave_urls() {
        assert_eq!(
            without_credentials("https://user:pw@recovery.example.com/api?key=k1#f"),
            "https://recovery.example.com/api"
        );
        assert_eq!(without_credentials(BUILT_IN_MOCK), BUILT_IN_MOCK);
        assert_eq!(
            without_credentials("not a url?key=k1"),
            "[redacted: not a valid URL]"
        );
    }

    #[test]
    fn scrubbing_replaces_longest_secrets_first_and_skips_short_ones() {
        let scrubber = Scrubber {
            secrets: vec![
                Zeroizing::new("abcdef".into()),
                Zeroizing::new("abcd".into()),
            ],
        };
        assert_eq!(
            scrubber.scrub("x abcdef y abcd"),
            "x [redacted] y [redacted]"
        );
        let mut value = serde_json::json!({"abcd": ["abcd", 1234], "n": "none"});
        scrubber.scrub_value(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"abcd": ["[redacted]", 1234], "n": "none"})
        );
    }
}
