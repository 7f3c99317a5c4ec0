//! A record of every protocol exchange, with secrets taken out.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use super::faults::RouteId;

const KEEP: usize = 2000;
pub const REDACTED: &str = "[redacted]";

/// Members whose values are secrets wherever they appear.
const SECRET_MEMBERS: [&str; 9] = [
    "password",
    "answer",
    "session_token",
    "case_token",
    "stop_code",
    "token",
    "access_code",
    "security_answer",
    "keyfile_access_code",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exchange {
    pub id: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub method: String,
    pub path: String,
    pub route: Option<RouteId>,
    /// 0 when the connection was dropped before a status was sent.
    pub status: u16,
    pub duration_ms: f64,
    pub request: Option<Value>,
    pub response: Option<Value>,
    /// The injected fault, if any.
    pub fault: Option<String>,
    /// Answered from the Idempotency-Key store: the request was not run again.
    #[serde(default)]
    pub replayed: bool,
}

/// Bodies larger than this are only described by size; smaller ones are kept
/// as received, so the log holds at most a few megabytes.
const KEEP_BODY_BYTES: usize = 64 * 1024;

/// A body as it crossed the wire. Turning it into redacted JSON waits until
/// someone reads the log, which keeps that work off every request.
#[derive(Clone, Default)]
pub struct BodySnapshot {
    bytes: bytes::Bytes,
    len: usize,
    content_type: Option<String>,
}

impl BodySnapshot {
    pub fn new(bytes: &bytes::Bytes, content_type: Option<&str>) -> Self {
        BodySnapshot {
            bytes: if bytes.len() <= KEEP_BODY_BYTES {
                bytes.clone()
            } else {
                bytes::Bytes::new()
            },
            len: bytes.len(),
            content_type: content_type.map(str::to_owned),
        }
    }

    fn describe(&self, is_request: bool) -> Option<Value> {
        if self.len > self.bytes.len() {
            let kind = self.content_type.as_deref().unwrap_or("binary");
            return Some(Value::String(format!("<{} bytes {kind}>", self.len)));
        }
        describe_body(&self.bytes, self.content_type.as_deref(), is_request)
    }
}

/// An exchange as recorded: `meta` without bodies, and the bodies themselves.
pub struct Recorded {
    pub meta: Exchange,
    pub request: BodySnapshot,
    pub response: BodySnapshot,
}

/// The bodies the log keeps, in all: a GET of the log stays a few megabytes.
const KEEP_BYTES: usize = 4 * 1024 * 1024;

#[derive(Default)]
pub struct ExchangeLog {
    next_id: u64,
    entries: VecDeque<Recorded>,
    /// The kept bodies' bytes.
    bytes: usize,
}

fn kept_bytes(recorded: &Recorded) -> usize {
    recorded.request.bytes.len() + recorded.response.bytes.len() + recorded.meta.path.len()
}

impl ExchangeLog {
    pub fn push(&mut self, mut recorded: Recorded) {
        self.next_id += 1;
        recorded.meta.id = self.next_id;
        self.bytes += kept_bytes(&recorded);
        self.entries.push_back(recorded);
        while self.entries.len() > KEEP || (self.bytes > KEEP_BYTES && self.entries.len() > 1) {
            match self.entries.pop_front() {
                Some(old) => self.bytes -= kept_bytes(&old),
                None => break,
            }
        }
    }

    /// The log as shown: bodies as JSON with secrets replaced.
    pub fn all(&self) -> Vec<Exchange> {
        self.recent(self.entries.len())
    }

    /// The newest `n` exchanges, oldest first; only their bodies are described.
    pub fn recent(&self, n: usize) -> Vec<Exchange> {
        let skip = self.entries.len().saturating_sub(n);
        self.entries
            .iter()
            .skip(skip)
            .map(|r| Exchange {
                request: r.request.describe(true),
                response: r.response.describe(false),
                ..r.meta.clone()
            })
            .collect()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }

    /// Changes whenever an exchange is added or the log is cleared, so a
    /// reader can skip copying a log it has already seen.
    pub fn marker(&self) -> (u64, usize) {
        (self.next_id, self.entries.len())
    }
}

/// A body as it may be shown: JSON with secrets replaced, or a short description.
pub fn describe_body(bytes: &[u8], content_type: Option<&str>, is_request: bool) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    let content_type = content_type.unwrap_or("");
    if content_type.contains("json") {
        return Some(match serde_json::from_slice::<Value>(bytes) {
            Ok(mut value) => {
                redact(&mut value, is_request);
                value
            }
            Err(_) => Value::String(format!("<{} bytes of malformed JSON>", bytes.len())),
        });
    }
    let kind = if content_type.is_empty() {
        "binary"
    } else {
        content_type.split(';').next().unwrap_or(content_type)
    };
    Some(Value::String(format!("<{} bytes {kind}>", bytes.len())))
}

/// Replaces secret values in place. In requests `code` is a one-time code;
/// in responses it is the problem's error code and stays.
pub fn redact(value: &mut Value, is_request: bool) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                let secret =
                    SECRET_MEMBERS.contains(&key.as_str()) || (is_request && key == "code");
                if secret && !member.is_null() {
                    *member = Value::String(REDACTED.into());
                } else {
                    redact(member, is_request);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact(v, is_request)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_replaced_but_error_codes_stay() {
        let mut request = json!({"code": "123456", "step": "new_password", "password": "p4ssword"});
        redact(&mut request, true);
        assert_eq!(
            request,
            json!({"code": REDACTED, "step": "new_password", "password": REDACTED})
        );

        let mut response =
            json!({"code": "wrong_code", "attempts_left": 2, "case": {"session_token": "abc"}});
        redact(&mut response, false);
        assert_eq!(response["code"], "wrong_code");
        assert_eq!(response["case"]["session_token"], REDACTED);
    }

    #[test]
    fn binary_bodies_are_described_not_kept() {
        let described = describe_body(&[1u8; 164], Some("application/octet-stream"), false);
        assert_eq!(
            described,
            Some(Value::String("<164 bytes application/octet-stream>".into()))
        );
    }
}
