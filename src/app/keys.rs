//! The window's keys, in the order a desktop gives them out: the screen
//! reader first (it may take the key), then the focused widget, then the
//! window's own shortcuts (`shell::keyboard_shortcut`) with what the widget
//! left of the key.

use std::sync::Arc;

use iced::advanced::layout::Layout;
use iced::advanced::widget::{Operation, Tree, Widget};
use iced::advanced::{Clipboard, Shell, mouse};
use iced::{Element, Event, Rectangle, Theme};

use super::Message;
use super::accessibility::KeyForwarder;
use super::shell::keyboard_shortcut;

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
