//! The mock's support endpoints (`/mock/...`): outbox, clock, faults,
//! exchanges, case inspection and scenarios. For support staff and tests.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ClientError, RecoveryClient};
use crate::mock::exchanges::Exchange;
use crate::mock::faults::FaultRule;
use crate::mock::outbox::OutboxMessage;
use crate::mock::scenario::ReviewDecision;

#[derive(Clone)]
pub struct MockAdmin {
    client: RecoveryClient,
}

impl MockAdmin {
    pub fn new(client: RecoveryClient) -> Self {
        MockAdmin { client }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, ClientError> {
        let url = self.client.url(path)?;
        let mut request = self.client.http().request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| super::error::from_reqwest(&e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| super::error::from_reqwest(&e))?;
        if !status.is_success() {
            return Err(super::send::problem_to_error(
                status,
                &headers,
                &bytes,
                self.client.service_now(),
            ));
        }
        let bytes = if bytes.is_empty() {
            &b"null"[..]
        } else {
            &bytes[..]
        };
        super::decode(bytes)
    }

    pub async fn outbox(&self) -> Result<Vec<OutboxMessage>, ClientError> {
        self.send(Method::GET, "mock/outbox", None).await
    }

    /// The code in the newest message sent to this address.
    pub async fn latest_code_to(&self, to: &str) -> Result<Option<String>, ClientError> {
        let outbox = self.outbox().await?;
        Ok(outbox
            .iter()
            .rev()
            .find(|m| m.to == to && m.withheld.is_none())
            .and_then(|m| m.code.clone()))
    }

    pub async fn exchanges(&self) -> Result<Vec<Exchange>, ClientError> {
        self.send(Method::GET, "mock/exchanges", None).await
    }

    pub async fn advance_clock(&self, seconds: u64) -> Result<Value, ClientError> {
        self.send(
            Method::POST,
            "mock/clock",
            Some(serde_json::json!({ "seconds": seconds })),
        )
        .await
    }

    pub async fn set_faults(&self, rules: &[FaultRule]) -> Result<Vec<FaultRule>, ClientError> {
        let body = serde_json::to_value(rules).map_err(|e| ClientError::Protocol(e.to_string()))?;
        self.send(Method::POST, "mock/faults", Some(body)).await
    }

    pub async fn clear_faults(&self) -> Result<(), ClientError> {
        self.send::<Value>(Method::DELETE, "mock/faults", None)
            .await
            .map(drop)
    }

    pub async fn cases(&self) -> Result<Value, ClientError> {
        self.send(Method::GET, "mock/cases", None).await
    }

    pub async fn decide_review(
        &self,
        case_id: &str,
        decision: ReviewDecision,
    ) -> Result<Value, ClientError> {
        let body = serde_json::json!({ "decision": decision });
        self.send(
            Method::POST,
            &format!("mock/cases/{case_id}/review"),
            Some(body),
        )
        .await
    }
}
