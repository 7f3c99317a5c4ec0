//! The service the app talks to: the configured endpoint, or the built-in
//! mock started on loopback.

use std::sync::Arc;

use super::chrome::notice::ConnectError;
use crate::client::{ClientOptions, RecoveryClient};
use crate::mock::scenario::Scenario;
use crate::mock::{MockOptions, MockServer};
use crate::storage::Service;

/// The running service: a client, and the in-process mock it may be talking to.
#[derive(Clone)]
pub struct Connection {
    pub client: RecoveryClient,
    pub mock: Option<Arc<MockServer>>,
}

/// Where the app stands with its service: a run starts connecting, and
/// connects again whenever the service is changed.
pub enum ConnectionState {
    Connecting,
    Connected(Connection),
    /// The service could not be reached or started: why, for the notice.
    Failed(ConnectError),
}

impl ConnectionState {
    pub fn connected(&self) -> Option<&Connection> {
        match self {
            ConnectionState::Connected(connection) => Some(connection),
            _ => None,
        }
    }
}

impl Connection {
    /// The service its recoveries are kept under.
    pub fn service(&self) -> Service {
        match self.mock {
            Some(_) => Service::BuiltInMock,
            None => Service::At(self.client.endpoint().to_string()),
        }
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("endpoint", &self.client.endpoint().as_str())
            .finish()
    }
}

pub async fn connect(
    endpoint: Option<String>,
    scenario: Option<String>,
) -> Result<Connection, ConnectError> {
    if let Some(endpoint) = endpoint {
        let client = RecoveryClient::new(&endpoint, ClientOptions::default())
            .map_err(ConnectError::Endpoint)?;
        return Ok(Connection { client, mock: None });
    }
    let scenario = match scenario {
        Some(name) => Scenario::load(&name).map_err(|e| ConnectError::Scenario(Arc::new(e)))?,
        None => Scenario::demo(),
    };
    let mock = MockServer::start(scenario, MockOptions::default())
        .await
        .map_err(|e| ConnectError::MockStart(Arc::new(e)))?;
    let client = RecoveryClient::new(&mock.base_url(), ClientOptions::default())
        .map_err(ConnectError::Endpoint)?;
    Ok(Connection {
        client,
        mock: Some(Arc::new(mock)),
    })
}
