//! The keyboard's focus on every control. Text fields take it on their own;
//! buttons and choice lists are wrapped (`widget::Focus`) so Tab reaches them
//! too, in reading order, with a ring around the focused one. A new step
//! puts the focus on its landing: the first control after the last
//! landing mark on screen (`annotate::landing`).

pub(crate) mod operation;
pub(crate) mod widget;

use iced::Task;

pub(crate) use widget::{Focus, Keys};

use operation::{Census, FocusAt};

/// Counts the controls, moves the focus to the one `to` picks, and scrolls
/// it into sight.
fn move_focus<T: Send + 'static>(to: fn(Census) -> FocusAt) -> Task<T> {
    use iced::advanced::widget::operation::then;
    iced::advanced::widget::operate(then::<_, (), _>(operation::census(), to))
        .chain(iced::advanced::widget::operate(operation::reveal()))
        .discard()
}

/// Tab (forward) or Shift-Tab: the next control, round from the last to the
/// first, scrolled into sight.
pub fn tab<T: Send + 'static>(forward: bool) -> Task<T> {
    move_focus(if forward {
        operation::forward
    } else {
        operation::backward
    })
}

/// The focus to the step's landing, scrolled into sight; where the screen
/// marks none, it stays where it is.
pub fn land<T: Send + 'static>() -> Task<T> {
    move_focus(operation::land)
}

/// The focus back to the step's landing if a key left it nowhere (the
/// focused control went away, or a field let go of it on Esc); otherwise
/// it stays where it is.
pub fn keep<T: Send + 'static>() -> Task<T> {
    move_focus(operation::land_if_lost)
}

/// The focus to the control at `place` in Tab's order (a screen reader's
/// request), scrolled into sight.
pub fn to_control<T: Send + 'static>(place: usize) -> Task<T> {
    iced::advanced::widget::operate(operation::focus_at(Some(place)))
        .chain(iced::advanced::widget::operate(operation::reveal()))
        .discard()
}
