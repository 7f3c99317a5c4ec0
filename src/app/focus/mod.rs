//! The keyboard's focus on every control. Text fields take it on their own;
//! buttons and choice lists are wrapped (`widget::Focus`) so Tab reaches them
//! too, in reading order, with a ring around the focused one. A new step
//! puts the focus on its landing: the first control after the last
//! landing mark on screen (`annotate::landing`).

pub(crate) mod operation;
pub(crate) mod widget;

use iced::Task;

pub(crate) use widget::{Focus, Keys};

/// Tab (forward) or Shift-Tab: the next control, round from the last to the
/// first, scrolled into sight.
pub fn tab<T: Send + 'static>(forward: bool) -> Task<T> {
    use iced::advanced::widget::operation::then;
    let step = then::<_, (), _>(
        operation::census(),
        if forward {
            operation::forward
        } else {
            operation::backward
        },
    );
    iced::advanced::widget::operate(step)
        .chain(iced::advanced::widget::operate(operation::reveal()))
        .discard()
}

/// The focus to the step's landing, scrolled into sight; where the screen
/// marks none, it stays where it is.
pub fn land<T: Send + 'static>() -> Task<T> {
    use iced::advanced::widget::operation::then;
    iced::advanced::widget::operate(then::<_, (), _>(operation::census(), operation::land))
        .chain(iced::advanced::widget::operate(operation::reveal()))
        .discard()
}
