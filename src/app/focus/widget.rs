//! The wrapper that lets a button or a list of choices take the keyboard's
//! focus: it is one of the focusables Tab moves through, shows a ring while
//! focused, and answers Enter and Space (a button) or the arrow keys (choices).

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::operation::Focusable;
use iced::advanced::widget::{Operation, Tree, Widget, tree};
use iced::advanced::{Clipboard, Shell, mouse, overlay, renderer};
use iced::keyboard::{self, Key, key::Named};
use iced::{Border, Color, Element, Event, Length, Rectangle, Size, Theme, Vector};

/// What the keys do while the wrapped widget has the focus.
pub(crate) enum Keys<M> {
    /// Enter and Space press it.
    Press(M),
    /// A button that cannot be pressed now: still reached by Tab and read
    /// as unavailable, so the focus stays put when a button waits.
    Unavailable,
    /// The arrows, Home and End pick another of the choices (in order), as
    /// in a radio group.
    Choose { options: Vec<M>, chosen: usize },
}

pub(crate) struct Focus<'a, M> {
    content: Element<'a, M>,
    keys: Keys<M>,
}

#[derive(Debug, Default)]
pub(crate) struct State {
    focused: bool,
}

impl Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
    }

    fn unfocus(&mut self) {
        self.focused = false;
    }
}

impl<'a, M> Focus<'a, M> {
    pub fn new(content: impl Into<Element<'a, M>>, keys: Keys<M>) -> Self {
        Focus {
            content: content.into(),
            keys,
        }
    }
}

/// How far outside the widget the ring is drawn, and how thick it is: a gap
/// of the background between the two keeps the ring apart from the
/// widget's own colours.
const RING_GAP: f32 = 2.0;
const RING_WIDTH: f32 = 2.0;
/// How far the ring reaches outside the widget.
pub(crate) const RING_MARGIN: f32 = RING_GAP + RING_WIDTH;

/// The ring is drawn in the colour of the text around the widget, which
/// every theme keeps at 4.5:1 or more against its background (the header's
/// included): above the 3:1 a focus indicator needs (WCAG 2.2, 1.4.11).
pub(crate) fn ring_color(style: &renderer::Style) -> Color {
    style.text_color
}

fn is_activation(key: &Key) -> bool {
    matches!(key, Key::Named(Named::Enter | Named::Space))
}

impl<M: Clone> Widget<M, Theme, iced::Renderer> for Focus<'_, M> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        let state = tree.state.downcast_mut::<State>();
        operation.focusable(None, layout.bounds(), state);
        operation.traverse(&mut |operation| {
            self.content.as_widget_mut().operate(
                &mut tree.children[0],
                layout,
                renderer,
                operation,
            );
        });
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        let state = tree.state.downcast_mut::<State>();
        match event {
            // The ring is for the keyboard: a click anywhere puts it away.
            Event::Mouse(mouse::Event::ButtonPressed(_)) if state.focused => {
                state.focused = false;
                shell.request_redraw();
            }
            Event::Keyboard(keyboard::Event::KeyPressed {
                key,
                modifiers,
                repeat,
                ..
            }) if state.focused
                && !shell.is_event_captured()
                && !modifiers.control()
                && !modifiers.alt()
                && !modifiers.logo() =>
            {
                if let Some(message) = keys_message(&self.keys, key, *repeat) {
                    shell.publish(message);
                    shell.capture_event();
                    return;
                }
                // Enter and Space stay with the focused control even where
                // they do nothing: they would otherwise submit the step.
                if is_activation(key) {
                    shell.capture_event();
                    return;
                }
            }
            _ => {}
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
        if tree.state.downcast_ref::<State>().focused {
            use iced::advanced::Renderer as _;
            renderer.fill_quad(
                renderer::Quad {
                    bounds: layout.bounds().expand(RING_GAP + RING_WIDTH),
                    border: Border {
                        color: ring_color(style),
                        width: RING_WIDTH,
                        radius: (RING_GAP + RING_WIDTH + 2.0).into(),
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        }
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, M, Theme, iced::Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

/// The message a key sends to the focused widget, if it sends one.
fn keys_message<M: Clone>(keys: &Keys<M>, key: &Key, repeat: bool) -> Option<M> {
    match keys {
        // Held down, Enter would press the button again and again.
        Keys::Press(message) if is_activation(key) && !repeat => Some(message.clone()),
        Keys::Press(_) | Keys::Unavailable => None,
        Keys::Choose { options, chosen } => {
            let last = options.len().checked_sub(1)?;
            let next = match key {
                Key::Named(Named::ArrowDown | Named::ArrowRight) => (*chosen + 1).min(last),
                Key::Named(Named::ArrowUp | Named::ArrowLeft) => chosen.saturating_sub(1),
                Key::Named(Named::Home) => 0,
                Key::Named(Named::End) => last,
                _ => return None,
            };
            (next != *chosen).then(|| options[next].clone())
        }
    }
}

impl<'a, M: Clone + 'a> From<Focus<'a, M>> for Element<'a, M> {
    fn from(focus: Focus<'a, M>) -> Self {
        Element::new(focus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(named: Named) -> Key {
        Key::Named(named)
    }

    #[test]
    fn enter_and_space_press_a_button_once_not_while_held() {
        let keys = Keys::Press("pressed");
        assert_eq!(
            keys_message(&keys, &key(Named::Enter), false),
            Some("pressed")
        );
        assert_eq!(
            keys_message(&keys, &key(Named::Space), false),
            Some("pressed")
        );
        assert_eq!(keys_message(&keys, &key(Named::Enter), true), None);
        assert_eq!(keys_message(&keys, &key(Named::Tab), false), None);
        assert_eq!(
            keys_message(&keys, &Key::Character("1".into()), false),
            None
        );
    }

    #[test]
    fn arrows_pick_the_next_choice_and_stop_at_the_ends() {
        let keys = Keys::Choose {
            options: vec!["vi", "en", "ru"],
            chosen: 0,
        };
        assert_eq!(
            keys_message(&keys, &key(Named::ArrowDown), false),
            Some("en")
        );
        assert_eq!(
            keys_message(&keys, &key(Named::ArrowRight), false),
            Some("en")
        );
        assert_eq!(keys_message(&keys, &key(Named::End), false), Some("ru"));
        assert_eq!(keys_message(&keys, &key(Named::ArrowUp), false), None);
        assert_eq!(keys_message(&keys, &key(Named::Enter), false), None);
        let last = Keys::Choose {
            options: vec!["vi", "en", "ru"],
            chosen: 2,
        };
        assert_eq!(keys_message(&last, &key(Named::ArrowDown), false), None);
        assert_eq!(keys_message(&last, &key(Named::Home), false), Some("vi"));
    }
}
