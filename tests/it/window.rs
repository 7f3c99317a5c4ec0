//! The app as a keyboard-only user (and a screen reader) meets it: one window
//! whose widgets keep their state between events, as iced's runtime keeps
//! them. A key goes to the widgets first, then to the window's shortcuts with
//! the status the widgets left it; focus operations and screen readings run
//! on the live widgets. The tests that use it are in `ui_keyboard.rs`.

use futures_util::StreamExt;
use iced::Task;
use iced::advanced::widget::operation::{Outcome, black_box};
use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced::{Event, Size};
use iced_runtime::user_interface::{Cache, UserInterface};
use keeper_recovery::app::Message;
use keeper_recovery::app::accessibility::{self, Semantics};
use keeper_recovery::i18n::Language;

use crate::ui::Ui;

pub struct Window {
    pub ui: Ui,
    renderer: iced::Renderer,
    cache: Option<Cache>,
    pub size: Size,
}

fn renderer() -> iced::Renderer {
    // The app's font, as the window has it: without it the first pictures
    // of a test run would be drawn in a fallback font.
    iced::advanced::graphics::text::font_system()
        .write()
        .expect("the font system")
        .load_font(keeper_recovery::app::FONT_REGULAR.into());
    iced::futures::executor::block_on(<iced::Renderer as iced::advanced::renderer::Headless>::new(
        iced::Font::with_name(keeper_recovery::app::FONT_NAME),
        iced::Pixels(16.0),
        Some("tiny-skia"),
    ))
    .expect("a headless renderer")
}

fn key_event(key: Key, modifiers: Modifiers, pressed: bool, text: Option<&str>) -> Event {
    let location = keyboard::Location::Standard;
    let physical_key =
        keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified);
    Event::Keyboard(if pressed {
        keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key,
            location,
            modifiers,
            text: text.map(Into::into),
            repeat: false,
        }
    } else {
        keyboard::Event::KeyReleased {
            key: key.clone(),
            modified_key: key,
            physical_key,
            location,
            modifiers,
        }
    })
}

impl Window {
    /// The app in `language` on the demo mock, with a memory token store,
    /// booted in the window: the first step's focus lands as the window shows.
    pub async fn open(language: Language) -> Window {
        let (mut window, task) = Window::before_boot(language);
        window.run(task).await;
        window.follow_mock().await;
        window
    }

    /// Builds the live widgets from the app's view and their kept state,
    /// lets `use_them` work on them, and keeps their state for next time.
    pub(crate) fn with_widgets<T>(
        &mut self,
        use_them: impl FnOnce(
            &mut UserInterface<'_, Message, iced::Theme, iced::Renderer>,
            &mut iced::Renderer,
        ) -> T,
    ) -> T {
        let mut interface = UserInterface::build(
            self.ui.app.view(),
            self.size,
            self.cache.take().unwrap_or_default(),
            &mut self.renderer,
        );
        let result = use_them(&mut interface, &mut self.renderer);
        self.cache = Some(interface.into_cache());
        result
    }

    /// Runs a widget operation on the live widgets, and the ones it chains.
    fn operate(&mut self, operation: Box<dyn iced::advanced::widget::Operation + Send>) {
        self.with_widgets(|interface, renderer| {
            let mut current = Some(operation);
            while let Some(mut operation) = current.take() {
                interface.operate(renderer, operation.as_mut());
                if let Outcome::Chain(next) = operation.finish() {
                    current = Some(next);
                }
            }
        });
    }

    /// Runs a task to its end: its messages go to the app, its widget
    /// operations to the widgets, as the runtime would.
    pub async fn run(&mut self, task: Task<Message>) {
        let mut queue = vec![task];
        while let Some(task) = queue.pop() {
            let Some(mut stream) = iced_runtime::task::into_stream(task) else {
                continue;
            };
            while let Some(action) = stream.next().await {
                match action {
                    iced_runtime::Action::Output(message) => {
                        queue.push(self.ui.app.update(message))
                    }
                    iced_runtime::Action::Widget(operation) => self.operate(operation),
                    _ => {}
                }
            }
        }
    }

    pub async fn send(&mut self, message: Message) {
        let task = self.ui.app.update(message);
        self.run(task).await;
        self.follow_mock().await;
    }

    /// What the app's subscription to the mock's change feed does.
    pub async fn follow_mock(&mut self) {
        for _ in 0..10 {
            let Some(mock) = self.ui.app.connection().and_then(|c| c.mock.clone()) else {
                return;
            };
            let count = *mock.shared().changes().borrow();
            if count == self.ui.mock_seen {
                return;
            }
            self.ui.mock_seen = count;
            let task = self.ui.app.update(Message::MockChanged);
            self.run(task).await;
        }
    }

    /// Sends events to the window: its widgets, then its shortcuts.
    async fn events(&mut self, events: Vec<Event>) {
        let mut messages = Vec::new();
        self.with_widgets(|interface, renderer| {
            let _ = interface.update(
                &events,
                iced::mouse::Cursor::Unavailable,
                renderer,
                &mut iced::advanced::clipboard::Null,
                &mut messages,
            );
        });
        for message in messages {
            let task = self.ui.app.update(message);
            self.run(task).await;
        }
        self.follow_mock().await;
    }

    /// A key whose messages reach the app, while what they start (a request
    /// to the service) never finishes: the service is slow.
    pub fn press_while_the_service_is_slow(&mut self, key: Named) {
        let mut messages = Vec::new();
        self.with_widgets(|interface, renderer| {
            let _ = interface.update(
                &[
                    key_event(Key::Named(key), Modifiers::default(), true, None),
                    key_event(Key::Named(key), Modifiers::default(), false, None),
                ],
                iced::mouse::Cursor::Unavailable,
                renderer,
                &mut iced::advanced::clipboard::Null,
                &mut messages,
            );
        });
        for message in messages {
            drop(self.ui.app.update(message));
        }
    }

    pub async fn press_with(&mut self, key: Key, modifiers: Modifiers) {
        let text = match &key {
            Key::Character(c) if !modifiers.control() => Some(c.to_string()),
            Key::Named(Named::Space) => Some(" ".to_owned()),
            _ => None,
        };
        // Fields follow the modifiers from their own events, as a keyboard sends them.
        let held = Event::Keyboard(keyboard::Event::ModifiersChanged(modifiers));
        let released = Event::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::default()));
        let mut events = vec![
            key_event(key.clone(), modifiers, true, text.as_deref()),
            key_event(key, modifiers, false, None),
        ];
        if !modifiers.is_empty() {
            events.insert(0, held);
            events.push(released);
        }
        self.events(events).await;
    }

    pub async fn press(&mut self, key: Named) {
        self.press_with(Key::Named(key), Modifiers::default()).await;
    }

    pub async fn tab(&mut self) {
        self.press(Named::Tab).await;
    }

    pub async fn shift_tab(&mut self) {
        self.press_with(Key::Named(Named::Tab), Modifiers::SHIFT)
            .await;
    }

    /// Types text as key presses.
    pub async fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press_with(Key::Character(c.to_string().into()), Modifiers::default())
                .await;
        }
    }

    /// A digit key, outside a field a shortcut.
    pub async fn digit(&mut self, digit: u8) {
        self.press_with(
            Key::Character(digit.to_string().into()),
            Modifiers::default(),
        )
        .await;
    }

    /// From the start view by keys alone: Enter on the first topic
    /// (restore-password), the demo WMID, Enter, 1 for SMS.
    pub async fn walk_to_the_code_step(&mut self) {
        self.press(Named::Enter).await;
        self.type_text(crate::common::AN_WMID).await;
        self.press(Named::Enter).await;
        self.digit(1).await;
    }

    /// Selects all of a field's text and deletes it.
    pub async fn clear_field(&mut self) {
        self.press_with(Key::Character("a".into()), Modifiers::CTRL)
            .await;
        self.press(Named::Backspace).await;
    }

    /// The screen as a screen reader's tree, read off the live widgets.
    pub fn reading(&mut self) -> Semantics {
        let window = accessibility::Window {
            size: self.size,
            ..accessibility::Window::new(
                self.ui.app.title(),
                self.ui.app.translator().language().code(),
            )
        };
        let mut reader = accessibility::reader(window);
        self.with_widgets(|interface, renderer| {
            interface.operate(renderer, &mut black_box(&mut reader));
        });
        match iced::advanced::widget::Operation::finish(&reader) {
            Outcome::Some(semantics) => semantics,
            _ => panic!("the screen was not read"),
        }
    }
}

/// A drawing of the window: RGBA rows at `scale` pixels per logical pixel.
pub struct Picture {
    pub rgba: Vec<u8>,
    pub width: u32,
    pub scale: f32,
}

impl Picture {
    /// The colour at a logical point.
    pub fn at(&self, x: f32, y: f32) -> iced::Color {
        // Rounded to the pixel the point falls in.
        let (px, py) = ((x * self.scale) as u32, (y * self.scale) as u32);
        let i = ((py * self.width + px) * 4) as usize;
        iced::Color::from_rgb8(self.rgba[i], self.rgba[i + 1], self.rgba[i + 2])
    }
}

impl Window {
    /// The app booted in `language` before its first task has run: the
    /// window still says it is connecting. The task connects it.
    pub fn before_boot(language: Language) -> (Window, Task<Message>) {
        Window::before_boot_as(language, false)
    }

    /// The app with the support panel beside the user's screen, as support staff run it.
    pub async fn open_support(language: Language) -> Window {
        let (mut window, task) = Window::before_boot_as(language, true);
        window.run(task).await;
        window.follow_mock().await;
        window
    }

    fn before_boot_as(language: Language, support: bool) -> (Window, Task<Message>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let launch = keeper_recovery::app::Launch {
            language: Some(language),
            paths: Some(keeper_recovery::storage::AppPaths::under(dir.path())),
            support,
            ..keeper_recovery::app::Launch::default()
        };
        let picker = keeper_recovery::file_dialog::FixedPicker {
            save: Some(dir.path().join("saved.kwm")),
            open: vec![dir.path().join("passport.pdf")],
        };
        let (mut app, task) = keeper_recovery::app::App::boot_with(
            launch,
            std::sync::Arc::new(picker),
            Some(Box::new(
                keeper_recovery::token_store::MemoryStore::default(),
            )),
        );
        app.set_notifier(std::sync::Arc::new(
            keeper_recovery::app::notify::KeptNotifications::default(),
        ));
        let window = Window {
            ui: Ui {
                app,
                dir,
                mock_seen: 0,
            },
            renderer: renderer(),
            cache: Some(Cache::default()),
            size: Size::new(1100.0, 720.0),
        };
        (window, task)
    }

    /// Draws a frame into `frame` as the window's compositor does: only the
    /// parts that differ from the frame before (`last`, its layers) are
    /// painted again; with no frame before, all of it. The new layers.
    pub fn draw_frame(
        &mut self,
        frame: &mut tiny_skia::Pixmap,
        last: Option<&[iced_tiny_skia::Layer]>,
        scale: f32,
    ) -> Vec<iced_tiny_skia::Layer> {
        use iced::advanced::graphics::damage;
        use iced::theme::Base as _;
        let theme = self.ui.app.theme();
        let base = theme.base();
        self.draw_widgets(&theme);
        let renderer: &mut iced_tiny_skia::Renderer = &mut self.renderer;
        let layers = renderer.layers().to_vec();
        let whole = iced::Rectangle::with_size(self.size);
        let changed = match last {
            Some(last) => damage::diff(
                last,
                &layers,
                |layer| vec![layer.bounds],
                iced_tiny_skia::Layer::damage,
            ),
            None => vec![whole],
        };
        let viewport = iced::advanced::graphics::Viewport::with_physical_size(
            Size::new(frame.width(), frame.height()),
            scale,
        );
        let mut clip = tiny_skia::Mask::new(frame.width(), frame.height()).expect("a clip mask");
        if !changed.is_empty() {
            renderer.draw(
                &mut frame.as_mut(),
                &mut clip,
                &viewport,
                &damage::group(changed, whole),
                base.background_color,
            );
        }
        layers
    }

    /// Draws the window as it is now, as the runtime draws a frame, at scale 2.
    pub fn picture(&mut self) -> Picture {
        self.picture_at(2.0)
    }

    /// Has the widgets draw themselves into the renderer, as on a redraw.
    fn draw_widgets(&mut self, theme: &iced::Theme) {
        use iced::theme::Base as _;
        let text_color = theme.base().text_color;
        self.with_widgets(|interface, renderer| {
            // Widgets settle how they look (hovered, disabled) on a redraw.
            // The window has just got the keyboard: a field's caret shows
            // (it blinks with the clock otherwise, and pictures would differ).
            let _ = interface.update(
                &[
                    Event::Window(iced::window::Event::Focused),
                    Event::Window(iced::window::Event::RedrawRequested(
                        std::time::Instant::now(),
                    )),
                ],
                iced::mouse::Cursor::Unavailable,
                renderer,
                &mut iced::advanced::clipboard::Null,
                &mut Vec::new(),
            );
            interface.draw(
                renderer,
                theme,
                &iced::advanced::renderer::Style { text_color },
                iced::mouse::Cursor::Unavailable,
            );
        });
    }

    /// Draws the window at `scale` physical pixels per logical pixel.
    pub fn picture_at(&mut self, scale: f32) -> Picture {
        use iced::advanced::renderer::Headless as _;
        use iced::theme::Base as _;
        let theme = self.ui.app.theme();
        let base = theme.base();
        self.draw_widgets(&theme);
        let width = (self.size.width * scale) as u32;
        let height = (self.size.height * scale) as u32;
        let rgba =
            self.renderer
                .screenshot(iced::Size::new(width, height), scale, base.background_color);
        Picture { rgba, width, scale }
    }

    /// Turns the screen reader on, as Orca does when the app starts.
    pub async fn screen_reader_on(&mut self) {
        self.send(Message::Accessibility(
            keeper_recovery::app::accessibility::Message::Request(
                keeper_recovery::app::accessibility::Request::Activate,
            ),
        ))
        .await;
    }
}

impl Picture {
    /// Writes the picture as a PPM file, to look at (`KEEPER_RECOVERY_PICTURES`).
    pub fn keep(&self, name: &str) {
        let Ok(folder) = std::env::var("KEEPER_RECOVERY_PICTURES") else {
            return;
        };
        let height = self.rgba.len() as u32 / 4 / self.width;
        let mut ppm = format!("P6 {} {height} 255\n", self.width).into_bytes();
        for pixel in self.rgba.chunks(4) {
            ppm.extend_from_slice(&pixel[..3]);
        }
        let path = std::path::Path::new(&folder).join(format!("{name}.ppm"));
        std::fs::write(&path, ppm).expect("the picture is written");
    }
}
