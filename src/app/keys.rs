//! The window's keys, in the order a desktop gives them out: the screen
//! reader first (it may take the key), then the focused widget, then the
//! window's own shortcuts (`keyboard_shortcut`) with what the widget
//! left of the key.

use std::sync::Arc;

use iced::advanced::layout::Layout;
use iced::advanced::widget::{Operation, Tree, Widget};
use iced::advanced::{Clipboard, Shell, mouse};
use iced::keyboard::{self, Key, key::Named};
use iced::{Element, Event, Rectangle, Theme};

use super::Message;
use super::accessibility::KeyForwarder;

pub(super) struct KeyOrder<'a> {
    content: Element<'a, Message>,
    /// Set while a screen reader listens.
    screen_reader: Option<Arc<KeyForwarder>>,
}

/// The window's content, with its keys given out in order.
pub(super) fn window<'a>(
    content: impl Into<Element<'a, Message>>,
    screen_reader: Option<Arc<KeyForwarder>>,
) -> Element<'a, Message> {
    Element::new(KeyOrder {
        content: content.into(),
        screen_reader,
    })
}

impl Widget<Message, Theme, iced::Renderer> for KeyOrder<'_> {
    super::forward::forward_to_content!(Message);

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(tree, layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let Event::Keyboard(key) = event else {
            self.content.as_widget_mut().update(
                tree, event, layout, cursor, renderer, clipboard, shell, viewport,
            );
            return;
        };
        if self
            .screen_reader
            .as_ref()
            .is_some_and(|screen_reader| screen_reader.screen_reader_takes(key))
        {
            shell.capture_event();
            return;
        }
        self.content.as_widget_mut().update(
            tree, event, layout, cursor, renderer, clipboard, shell, viewport,
        );
        let status = if shell.is_event_captured() {
            iced::event::Status::Captured
        } else {
            iced::event::Status::Ignored
        };
        if let Some(message) = keyboard_shortcut(event, status) {
            shell.publish(message);
        }
        if matches!(key, iced::keyboard::Event::KeyPressed { .. }) {
            shell.publish(Message::KeyHandled);
        }
    }
}

/// Keys 1 to 9 pick the start view's topics (and a step's choices): a tenth
/// topic would have no key, and fails to compile here.
const DIGIT_KEYS: usize = 9;
const _: () = assert!(
    crate::protocol::TopicId::ALL.len() <= DIGIT_KEYS,
    "every topic needs a digit key"
);

/// The window's shortcuts, given a key the focused widget used or left
/// (`status`). Esc counts even while a text field has focus (fields keep it
/// to themselves otherwise); digits, Enter and Tab only when no widget used them.
pub fn keyboard_shortcut(event: &iced::Event, status: iced::event::Status) -> Option<Message> {
    let iced::Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event else {
        return None;
    };
    match key {
        Key::Named(Named::Escape) => Some(Message::Escape),
        Key::Character(c) if status == iced::event::Status::Ignored => c
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=DIGIT_KEYS).contains(n))
            .map(Message::Choose),
        Key::Named(Named::Enter) if status == iced::event::Status::Ignored => Some(Message::Enter),
        Key::Named(Named::Tab) if status == iced::event::Status::Ignored => {
            Some(Message::Focus(!modifiers.shift()))
        }
        _ => None,
    }
}
