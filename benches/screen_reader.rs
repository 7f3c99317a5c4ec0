//! What a screen reader costs the app: reading the laid-out window into an
//! AccessKit tree, which runs after every change while one listens.
//!
//! - `screen_reader/read/start`: the start view (header, nine topics, question).
//! - `screen_reader/read/topic`: restore-password's first step (field, buttons).
//!
//! The window's own layout is not counted: the app reads the interface it has
//! already laid out for drawing.

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use iced::advanced::widget::Operation;
use iced::advanced::widget::operation::black_box;
use keeper_recovery::app::accessibility;
use keeper_recovery::app::{App, Launch, Message};
use keeper_recovery::file_dialog::FixedPicker;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;
use keeper_recovery::storage::AppPaths;

fn app(dir: &std::path::Path) -> App {
    let launch = Launch {
        language: Some(Language::Vi),
        paths: Some(AppPaths::under(dir)),
        ..Launch::default()
    };
    let tokens = keeper_recovery::token_store::MemoryStore::default();
    // The window's first frame: no task has run, as before the mock answers.
    let (app, _task) = App::boot_with(
        launch,
        Arc::new(FixedPicker::default()),
        Some(Box::new(tokens)),
    );
    app
}

fn read(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut renderer = iced::futures::executor::block_on(
        <iced::Renderer as iced::advanced::renderer::Headless>::new(
            iced::Font::with_name(keeper_recovery::app::FONT_NAME),
            iced::Pixels(16.0),
            Some("tiny-skia"),
        ),
    )
    .expect("a headless renderer");
    let mut group = c.benchmark_group("screen_reader/read");
    let mut start = app(dir.path());
    let mut topic = app(dir.path());
    let _ = topic.update(Message::OpenTopic(TopicId::RestorePassword));
    for (name, app) in [("start", &mut start), ("topic", &mut topic)] {
        let window = accessibility::Window::new(app.title(), app.translator().language().code());
        let mut interface = iced_runtime::UserInterface::build(
            app.view(),
            iced::Size::new(1100.0, 720.0),
            iced_runtime::user_interface::Cache::default(),
            &mut renderer,
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut reader = accessibility::reader(window.clone());
                interface.operate(&renderer, &mut black_box(&mut reader));
                std::hint::black_box(reader.finish())
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = read
}
criterion_main!(benches);
