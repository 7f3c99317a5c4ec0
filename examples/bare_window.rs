//! The yardstick for the app's start-up: a bare iced window drawn by
//! tiny-skia, showing one line of text in the app's own embedded font.
//! `scripts/first-paint` times both from launch to the first drawn frame.

use iced::{Element, Font};
use keeper_recovery::app::{FONT_NAME, FONT_REGULAR};

fn view(_: &()) -> Element<'_, ()> {
    iced::widget::text("Keeper Recovery").into()
}

fn main() -> iced::Result {
    iced::application(|| (), |_: &mut (), _: ()| {}, view)
        .font(FONT_REGULAR)
        .default_font(Font::with_name(FONT_NAME))
        .run()
}
