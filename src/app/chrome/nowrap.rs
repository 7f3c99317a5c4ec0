//! A text that never wraps and takes its whole width, whatever room it is
//! given: a reference, a WMID, the window's title. Where the room is too
//! small, it reaches past its row in the layout (as it does when drawn), so
//! the layout check sees the overflow; a clamped box would hide it.

use iced::advanced::layout::{Limits, Node};
use iced::advanced::widget::{Tree, Widget};
use iced::widget::text::{self, Text};
use iced::{Element, Size, Theme};

pub(crate) struct NoWrap<'a, M> {
    content: Element<'a, M>,
}

/// `text` on one line, at its own width.
pub(crate) fn one_line<'a, M: 'a>(text: Text<'a, Theme, iced::Renderer>) -> Element<'a, M> {
    Element::new(NoWrap {
        content: text.wrapping(text::Wrapping::None).into(),
    })
}

impl<M> Widget<M, Theme, iced::Renderer> for NoWrap<'_, M> {
    crate::app::forward::forward_to_content!(all_but_layout M);

    fn layout(&mut self, tree: &mut Tree, renderer: &iced::Renderer, limits: &Limits) -> Node {
        let unbounded = Limits::new(Size::ZERO, Size::new(f32::INFINITY, limits.max().height));
        self.content
            .as_widget_mut()
            .layout(tree, renderer, &unbounded)
    }
    crate::app::forward::forward_operate_and_update!(M);
}
