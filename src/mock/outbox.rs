//! What the mock "sent": SMS, emails, E-NUM prompts and Keeper messages.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::protocol::Channel;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub channel: Channel,
    /// The full destination: the mock shows what a real service would deliver.
    pub to: String,
    #[serde(default)]
    pub case_id: Option<String>,
    pub text: String,
    /// The code in the message, for people and tests to type back.
    #[serde(default)]
    pub code: Option<String>,
    /// Set when nothing was delivered: why (a cooldown, the daily cap, a lock,
    /// an identifier with no account). Support staff read "the code never
    /// arrives" here.
    #[serde(default)]
    pub withheld: Option<String>,
    /// The same reason as a stable word (`resend_cooldown`, `rate_limited`,
    /// `locked`, `no_account`), for the support panel to put into words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld_code: Option<String>,
    /// When the refused send becomes possible, for the panel to show as a local time.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub possible_at: Option<OffsetDateTime>,
}

impl std::fmt::Display for OutboxMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let channel = match self.channel {
            Channel::Sms => "SMS",
            Channel::Email => "email",
            Channel::Enum => "E-NUM",
            Channel::Keeper => "Keeper",
        };
        match &self.withheld {
            Some(reason) => write!(f, "[outbox] {channel} to {}: NOT SENT: {reason}", self.to),
            None => write!(f, "[outbox] {channel} to {}: {}", self.to, self.text),
        }
    }
}
