//! The yardstick for the app's start-up: a bare iced window, built with the
//! app's own iced features (tiny-skia), showing one line of text.
//! `scripts/first-paint` times both from launch to the first drawn frame.

use iced::Element;

fn view(_: &()) -> Element<'_, ()> {
    iced::widget::text("Keeper Recovery").into()
}

fn main() -> iced::Result {
    iced::run(|_: &mut (), _: ()| {}, view)
}
