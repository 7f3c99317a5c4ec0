//! Moving the keyboard's focus: Tab's order (round, as in a browser), the
//! place a new step puts it, and scrolling the focused control into sight.

use std::any::Any;

use iced::advanced::widget::operation::scrollable::AbsoluteOffset;
use iced::advanced::widget::operation::{Focusable, Outcome, Scrollable};
use iced::advanced::widget::{Id, Operation};
use iced::{Rectangle, Vector};

use crate::app::accessibility::annotate::Annotation;

/// Where a step's focus lands, as the operation that moves the focus and the
/// screen reader's reading both find it: the first control after the last
/// `landing` mark, else the first after the last `step` mark.
#[derive(Debug, Default)]
pub(crate) struct Landings {
    explicit: Option<usize>,
    step: Option<usize>,
    armed_explicit: bool,
    armed_step: bool,
    seen: usize,
}

impl Landings {
    pub fn mark(&mut self, annotation: &Annotation) {
        self.armed_explicit |= annotation.landing;
        self.armed_step |= annotation.step;
    }

    /// A control met, in Tab's order; its place in that order.
    pub fn control(&mut self) -> usize {
        let index = self.seen;
        if std::mem::take(&mut self.armed_explicit) {
            self.explicit = Some(index);
        }
        if std::mem::take(&mut self.armed_step) {
            self.step = Some(index);
        }
        self.seen += 1;
        index
    }

    /// The landing's place in Tab's order.
    pub fn landing(&self) -> Option<usize> {
        self.explicit.or(self.step)
    }
}

/// How many focusables there are, which one has the focus, and which one
/// the step's focus lands on.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Census {
    pub total: usize,
    pub focused: Option<usize>,
    pub landing: Option<usize>,
}

/// What the screen reader does not read is not in Tab's order either, so
/// the operations count controls as the reading does (`collect`).
fn hidden(state: &dyn Any) -> bool {
    state
        .downcast_ref::<Annotation>()
        .is_some_and(|annotation| annotation.hidden)
}

struct Count {
    census: Census,
    landings: Landings,
    skip: bool,
}

impl Operation<Census> for Count {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<Census>)) {
        if !std::mem::take(&mut self.skip) {
            operate(self);
        }
    }

    fn custom(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Any) {
        self.skip = hidden(state);
        if let Some(annotation) = state.downcast_ref::<Annotation>() {
            self.landings.mark(annotation);
        }
    }

    fn focusable(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
        let index = self.landings.control();
        if state.is_focused() {
            self.census.focused = Some(index);
        }
        self.census.total = index + 1;
    }

    fn finish(&self) -> Outcome<Census> {
        Outcome::Some(Census {
            landing: self.landings.landing(),
            ..self.census
        })
    }
}

pub(crate) fn census() -> impl Operation<Census> {
    Count {
        census: Census::default(),
        landings: Landings::default(),
        skip: false,
    }
}

/// Focuses the focusable at `index` (in tree order), and no other.
pub(crate) struct FocusAt {
    index: Option<usize>,
    current: usize,
    /// Without a target, leave every focusable as it is.
    only_if_found: bool,
    skip: bool,
}

impl<T> Operation<T> for FocusAt {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<T>)) {
        if !std::mem::take(&mut self.skip) {
            operate(self);
        }
    }

    fn custom(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Any) {
        self.skip = hidden(state);
    }

    fn focusable(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
        if Some(self.current) == self.index {
            state.focus();
        } else if self.index.is_some() || !self.only_if_found {
            state.unfocus();
        }
        self.current += 1;
    }
}

pub(crate) fn focus_at(index: Option<usize>) -> FocusAt {
    FocusAt {
        index,
        current: 0,
        only_if_found: false,
        skip: false,
    }
}

/// Tab (forward) or Shift-Tab: the next focusable, round from the last to the first.
pub(crate) fn forward(census: Census) -> FocusAt {
    focus_at(step_target(census, true))
}

pub(crate) fn backward(census: Census) -> FocusAt {
    focus_at(step_target(census, false))
}

/// Where Tab takes the focus. With nothing focused, Tab starts at the step
/// (its landing), as a browser starts after the point last clicked.
fn step_target(census: Census, forward: bool) -> Option<usize> {
    match (census.focused, census.total) {
        (_, 0) => None,
        (None, total) if forward => Some(census.landing.unwrap_or(0).min(total - 1)),
        (None, total) => Some(total - 1),
        (Some(at), total) if forward => Some((at + 1) % total),
        (Some(at), total) => Some((at + total - 1) % total),
    }
}

/// The focusable after the last landing mark; the focus stays where it is
/// if the screen has no mark.
pub(crate) fn land(census: Census) -> FocusAt {
    FocusAt {
        index: census.landing,
        current: 0,
        only_if_found: true,
        skip: false,
    }
}

/// The landing, but only where no control has the focus.
pub(crate) fn land_if_lost(census: Census) -> FocusAt {
    FocusAt {
        index: census.landing.filter(|_| census.focused.is_none()),
        current: 0,
        only_if_found: true,
        skip: false,
    }
}

/// Scrolls every scrollable around the focused widget just enough to show it.
pub(crate) fn reveal() -> impl Operation {
    Reveal {
        open: Vec::new(),
        opening: None,
        met: 0,
        wanted: Vec::new(),
        done: false,
    }
}

/// A scrollable the traversal is inside: where it is, what it shows.
#[derive(Clone, Copy)]
struct Viewport {
    bounds: Rectangle,
    content: Rectangle,
    translation: Vector,
    index: usize,
}

struct Reveal {
    open: Vec<Viewport>,
    opening: Option<Viewport>,
    /// Scrollables met so far: the second pass finds them again by their order.
    met: usize,
    /// The offsets to scroll to, by the scrollable's order.
    wanted: Vec<(usize, AbsoluteOffset)>,
    done: bool,
}

impl Operation for Reveal {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        match self.opening.take() {
            Some(viewport) => {
                self.open.push(viewport);
                operate(self);
                self.open.pop();
            }
            None => operate(self),
        }
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        bounds: Rectangle,
        content: Rectangle,
        translation: Vector,
        _state: &mut dyn Scrollable,
    ) {
        self.opening = Some(Viewport {
            bounds,
            content,
            translation,
            index: self.met,
        });
        self.met += 1;
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if self.done || !state.is_focused() {
            return;
        }
        self.done = true;
        // Innermost first; the ring around the widget is shown too.
        let mut wanted = bounds.expand(super::widget::RING_MARGIN);
        for viewport in self.open.iter().rev() {
            if let Some(offset) = offset_showing(viewport, wanted) {
                self.wanted.push((viewport.index, offset));
            }
            // Seen from the scrollable around it, the widget is where this
            // scrollable sits.
            wanted = viewport.bounds;
        }
    }

    fn finish(&self) -> Outcome<()> {
        if self.wanted.is_empty() {
            return Outcome::None;
        }
        Outcome::Chain(Box::new(ScrollTo {
            wanted: self.wanted.clone(),
            current: 0,
        }))
    }
}

/// The scroll offset that brings `wanted` (in the content's coordinates)
/// into `viewport`, or none if it is in sight already.
fn offset_showing(viewport: &Viewport, wanted: Rectangle) -> Option<AbsoluteOffset> {
    let top = wanted.y - viewport.content.y;
    let bottom = top + wanted.height;
    let shown_top = viewport.translation.y;
    let shown_bottom = shown_top + viewport.bounds.height;
    let y = if top < shown_top {
        top
    } else if bottom > shown_bottom {
        // A widget taller than the view shows its top.
        (bottom - viewport.bounds.height).min(top)
    } else {
        return None;
    };
    Some(AbsoluteOffset {
        x: viewport.translation.x,
        y: y.max(0.0),
    })
}

struct ScrollTo {
    wanted: Vec<(usize, AbsoluteOffset)>,
    current: usize,
}

impl Operation for ScrollTo {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        _bounds: Rectangle,
        _content: Rectangle,
        _translation: Vector,
        state: &mut dyn Scrollable,
    ) {
        for (index, offset) in &self.wanted {
            if *index == self.current {
                state.scroll_to(
                    iced::advanced::widget::operation::scrollable::AbsoluteOffset {
                        x: Some(offset.x),
                        y: Some(offset.y),
                    },
                );
            }
        }
        self.current += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn census(total: usize, focused: Option<usize>, landing: Option<usize>) -> Census {
        Census {
            total,
            focused,
            landing,
        }
    }

    fn target(census: Census, forward: bool) -> Option<usize> {
        step_target(census, forward)
    }

    #[test]
    fn tab_goes_round_from_the_last_to_the_first_and_back() {
        assert_eq!(target(census(3, Some(2), None), true), Some(0));
        assert_eq!(target(census(3, Some(0), None), false), Some(2));
        assert_eq!(target(census(3, Some(0), None), true), Some(1));
        assert_eq!(target(census(0, None, None), true), None);
    }

    #[test]
    fn tab_with_nothing_focused_starts_at_the_step() {
        assert_eq!(target(census(5, None, Some(3)), true), Some(3));
        assert_eq!(target(census(5, None, None), true), Some(0));
        assert_eq!(target(census(5, None, Some(3)), false), Some(4));
    }

    #[test]
    fn a_widget_below_the_view_is_scrolled_up_to_its_bottom() {
        let viewport = Viewport {
            bounds: Rectangle::new(iced::Point::new(0.0, 50.0), iced::Size::new(100.0, 200.0)),
            content: Rectangle::new(iced::Point::new(0.0, 50.0), iced::Size::new(100.0, 1000.0)),
            translation: Vector::new(0.0, 0.0),
            index: 0,
        };
        let below = Rectangle::new(iced::Point::new(0.0, 450.0), iced::Size::new(100.0, 40.0));
        let offset = offset_showing(&viewport, below).expect("scrolled");
        assert_eq!(offset.y, 450.0 - 50.0 + 40.0 - 200.0);
        let shown = Rectangle::new(iced::Point::new(0.0, 60.0), iced::Size::new(100.0, 40.0));
        assert!(offset_showing(&viewport, shown).is_none());
        let scrolled = Viewport {
            translation: Vector::new(0.0, 300.0),
            ..viewport
        };
        let above = offset_showing(&scrolled, shown).expect("scrolled back");
        assert_eq!(above.y, 10.0);
    }
}
