//! The user guide's pictures (`docs/pictures/`): each topic's first two steps
//! in Vietnamese, drawn from the real views by the window's own renderer, so
//! the guide never shows a screen the app no longer has.
//!
//! A picture that differs from the committed one fails the test, and the new
//! one is written beside it (`*.new.png`); `KEEPER_RECOVERY_SNAPSHOTS=update`
//! writes them in place, to be looked at before they are committed. Linux
//! only: the guide is made on one system, whatever others draw.

use std::path::PathBuf;

use iced::keyboard::key::Named;
use keeper_recovery::app::Message;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;

use crate::common::{AN_PHONE, AN_WMID};
use crate::snapshots::compare_in;
use crate::window::{Picture, Window};

const FOLDER: &str = "docs/pictures";

/// What the user types to name the account, as the topic accepts it.
fn identifier(topic: TopicId) -> &'static str {
    if topic
        .identifiers()
        .contains(&keeper_recovery::domain::IdentifierKind::Wmid)
    {
        AN_WMID
    } else {
        AN_PHONE
    }
}

/// The picture with the case's reference left out: it is random on every
/// run, as a secret is. Painted over with the window's own background.
fn without_reference(window: &mut Window) -> Picture {
    let mut picture = window.picture_at(1.0);
    let height = picture.rgba.len() as u32 / 4 / picture.width;
    for (text, bounds) in crate::layout::texts(window) {
        if !text.contains("KR-") {
            continue;
        }
        let x0 = bounds.x.max(0.0) as u32;
        let y0 = bounds.y.max(0.0) as u32;
        // What is just left of the text: the view's background there.
        let beside = ((y0 * picture.width + x0.saturating_sub(6)) * 4) as usize;
        let background = picture.rgba[beside..beside + 4].to_vec();
        let x1 = ((bounds.x + bounds.width).ceil() as u32).min(picture.width);
        let y1 = ((bounds.y + bounds.height).ceil() as u32).min(height);
        for y in y0..y1 {
            for x in x0..x1 {
                let i = ((y * picture.width + x) * 4) as usize;
                picture.rgba[i..i + 4].copy_from_slice(&background);
            }
        }
    }
    picture
}

#[tokio::test]
async fn the_user_guide_shows_each_topics_first_steps_as_the_app_draws_them() {
    std::fs::create_dir_all(FOLDER).expect("the pictures' folder");
    let mut differ = Vec::new();
    for topic in TopicId::ALL {
        let mut window = Window::open(Language::Vi).await;
        window.size = iced::Size::new(1100.0, 720.0);
        window.send(Message::OpenTopic(topic)).await;
        let first = format!("{topic}-1-vi");
        differ.extend(compare_in(FOLDER, &first, &without_reference(&mut window)));
        if topic.requires_keeper_access() {
            // "Yes": the identifier comes next.
            window.digit(1).await;
        }
        window.type_text(identifier(topic)).await;
        window.press(Named::Enter).await;
        let second = format!("{topic}-2-vi");
        differ.extend(compare_in(FOLDER, &second, &without_reference(&mut window)));
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // Nothing else in the folder: a topic gone, or renamed, leaves no picture.
    let expected: Vec<PathBuf> = TopicId::ALL
        .iter()
        .flat_map(|topic| {
            ["1", "2"].map(|step| PathBuf::from(FOLDER).join(format!("{topic}-{step}-vi.png")))
        })
        .collect();
    for entry in std::fs::read_dir(FOLDER)
        .expect("the pictures' folder")
        .flatten()
    {
        let path = entry.path();
        let name = path.to_string_lossy().into_owned();
        assert!(
            expected.contains(&path) || name.ends_with(".new.png"),
            "{name} is no topic's step: remove it"
        );
    }
}
