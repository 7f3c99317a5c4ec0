//! The window. For now a plain one that starts the built-in mock (or uses the
//! configured endpoint) and lists the recovery topics it offers.

use std::sync::Arc;

use iced::widget::{column, text};
use iced::{Element, Task};

use keeper_recovery::client::{ClientOptions, RecoveryClient};
use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::mock::{MockOptions, MockServer};
use keeper_recovery::protocol::Topic;

use crate::Args;

pub fn run(args: Args) -> iced::Result {
    iced::application(move || App::boot(args.clone()), App::update, App::view)
        .title("Keeper Recovery")
        .window_size((960.0, 640.0))
        .run()
}

#[derive(Debug, Clone)]
enum Message {
    Connected(Result<Connection, String>),
    Topics(Result<Vec<Topic>, String>),
}

/// Keeps the in-process mock alive as long as the app uses it.
#[derive(Debug, Clone)]
struct Connection {
    client: RecoveryClient,
    _mock: Option<Arc<MockGuard>>,
}

struct MockGuard(#[allow(dead_code)] MockServer);

impl std::fmt::Debug for MockGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MockGuard")
    }
}

struct App {
    status: String,
    connection: Option<Connection>,
    topics: Vec<Topic>,
}

async fn connect(args: Args) -> Result<Connection, String> {
    if let Some(endpoint) = args.endpoint {
        let client =
            RecoveryClient::new(&endpoint, ClientOptions::default()).map_err(|e| e.to_string())?;
        return Ok(Connection {
            client,
            _mock: None,
        });
    }
    let scenario = match args.scenario {
        Some(name) => Scenario::load(&name).map_err(|e| e.to_string())?,
        None => Scenario::demo(),
    };
    let mock = MockServer::start(scenario, MockOptions::default())
        .await
        .map_err(|e| e.to_string())?;
    let client = RecoveryClient::new(&mock.base_url(), ClientOptions::default())
        .map_err(|e| e.to_string())?;
    Ok(Connection {
        client,
        _mock: Some(Arc::new(MockGuard(mock))),
    })
}

impl App {
    fn boot(args: Args) -> (Self, Task<Message>) {
        let app = App {
            status: "Starting the recovery service…".into(),
            connection: None,
            topics: Vec::new(),
        };
        (app, Task::perform(connect(args), Message::Connected))
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Connected(Ok(connection)) => {
                self.status = format!("Connected to {}", connection.client.endpoint());
                let client = connection.client.clone();
                self.connection = Some(connection);
                Task::perform(
                    async move { client.topics().await.map_err(|e| e.to_string()) },
                    Message::Topics,
                )
            }
            Message::Connected(Err(e)) | Message::Topics(Err(e)) => {
                self.status = e;
                Task::none()
            }
            Message::Topics(Ok(topics)) => {
                self.topics = topics;
                Task::none()
            }
        }
    }

    fn view(&self) -> Element<'_, Message> {
        let topics = self.topics.iter().map(|t| text(t.id.as_str()).into());
        column![
            text("Keeper Recovery").size(28),
            text(&self.status),
            column(topics).spacing(4)
        ]
        .spacing(16)
        .padding(24)
        .into()
    }
}
