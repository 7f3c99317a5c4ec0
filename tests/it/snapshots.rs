//! The window's reviewed pictures: the start view, a choice step and the code
//! step, at 640×480, 800×600 and 1280×800, in Vietnamese and Russian (the
//! longest texts); at scale 2; and in the dark and high-contrast themes.
//! Drawn by the same renderer as the window (tiny-skia), off screen.
//!
//! A picture that differs from its baseline fails the test; the new one is
//! written beside it (`*.new.png`) to look at. `KEEPER_RECOVERY_SNAPSHOTS=update`
//! writes the baselines themselves, to be looked at before they are committed.

use std::path::{Path, PathBuf};

use iced::keyboard::key::Named;
use keeper_recovery::app::Message;
use keeper_recovery::app::chrome::theme::ThemeChoice;
use keeper_recovery::i18n::Language;
use keeper_recovery::storage::ThemePreference;

use crate::window::{Picture, Window};

const FOLDER: &str = "tests/snapshots/window";

fn read_png(path: &Path) -> Option<(u32, Vec<u8>)> {
    let file = std::fs::File::open(path).ok()?;
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut rgba).ok()?;
    rgba.truncate(info.buffer_size());
    Some((info.width, rgba))
}

fn write_png(path: &Path, picture: &Picture) {
    let height = picture.rgba.len() as u32 / 4 / picture.width;
    let file = std::fs::File::create(path).expect("the picture's file is created");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), picture.width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().expect("a PNG header");
    writer
        .write_image_data(&picture.rgba)
        .expect("the picture is written");
}

/// Compares the picture with its baseline; what differs, by name.
fn compare(name: &str, picture: &Picture) -> Option<String> {
    compare_in(FOLDER, name, picture)
}

/// Compares the picture with its baseline in `folder`; what differs, by name.
pub fn compare_in(folder: &str, name: &str, picture: &Picture) -> Option<String> {
    let path = PathBuf::from(folder).join(format!("{name}.png"));
    if std::env::var("KEEPER_RECOVERY_SNAPSHOTS").as_deref() == Ok("update") {
        std::fs::create_dir_all(folder).expect("the snapshots' folder");
        write_png(&path, picture);
        return None;
    }
    match read_png(&path) {
        Some((width, rgba)) if width == picture.width && rgba == picture.rgba => None,
        found => {
            let new = path.with_extension("new.png");
            write_png(&new, picture);
            Some(match found {
                None => format!(
                    "{name}: no baseline at {} (the picture is in {})",
                    path.display(),
                    new.display()
                ),
                Some(_) => format!(
                    "{name}: differs from {} (the new picture is in {})",
                    path.display(),
                    new.display()
                ),
            })
        }
    }
}

/// The picture with what differs from run to run painted over: the case's
/// reference (random, as a secret is) and the resend countdown (the clock).
fn steady_picture(window: &mut Window, scale: f32) -> Picture {
    let send_again = window.ui.app.translator().tr("button-send-again");
    let mut picture = window.picture_at(scale);
    for (text, bounds) in crate::layout::texts(window) {
        if !(text.contains("KR-") || text.starts_with(&send_again)) {
            continue;
        }
        let height = picture.rgba.len() as u32 / 4 / picture.width;
        // With the button around it (its width follows the text), and wide
        // enough for any reference: their letters differ in width.
        let bounds = iced::Rectangle {
            x: bounds.x - 12.0,
            y: bounds.y - 8.0,
            width: bounds.width.max(320.0) + 12.0,
            height: bounds.height + 16.0,
        };
        let (x0, y0) = ((bounds.x * scale) as u32, (bounds.y * scale) as u32);
        let x1 = (((bounds.x + bounds.width) * scale).ceil() as u32).min(picture.width);
        let y1 = (((bounds.y + bounds.height) * scale).ceil() as u32).min(height);
        for y in y0..y1 {
            for x in x0..x1 {
                let i = ((y * picture.width + x) * 4) as usize;
                picture.rgba[i..i + 4].copy_from_slice(&[255, 0, 255, 255]);
            }
        }
    }
    picture
}

/// The three views of the journey, each handed to `look` as it shows.
pub async fn each_view(language: Language, mut look: impl FnMut(&mut Window, &str)) {
    let mut window = Window::open(language).await;
    look(&mut window, "start");
    to_the_channel_choice(&mut window).await;
    look(&mut window, "choice");
    window.digit(1).await;
    look(&mut window, "code");
}

/// Restore-password's channel question. The topic is opened by its message:
/// a resize across a width where the topics move loses the focus on them.
async fn to_the_channel_choice(window: &mut Window) {
    window
        .send(Message::OpenTopic(
            keeper_recovery::protocol::TopicId::RestorePassword,
        ))
        .await;
    window.type_text(crate::common::AN_WMID).await;
    window.press(Named::Enter).await;
}

#[tokio::test]
async fn the_window_matches_its_reviewed_pictures() {
    let mut differ = Vec::new();
    for language in [Language::Vi, Language::Ru] {
        each_view(language, |window, view| {
            for (width, height) in crate::layout::SIZES {
                window.size = iced::Size::new(width, height);
                let name = format!("{view}-{}-{width}x{height}", language.code());
                differ.extend(compare(&name, &steady_picture(window, 1.0)));
            }
            window.size = iced::Size::new(800.0, 600.0);
            if language == Language::Vi {
                let name = format!("{view}-vi-800x600-scale2");
                differ.extend(compare(&name, &steady_picture(window, 2.0)));
            }
        })
        .await;
    }
    for preference in [ThemePreference::Dark, ThemePreference::HighContrast] {
        let mut window = Window::open(Language::Vi).await;
        let choice = ThemeChoice::new(preference, window.ui.app.translator());
        window.send(Message::Theme(choice)).await;
        window.size = iced::Size::new(1280.0, 800.0);
        let theme = format!("{preference:?}").to_lowercase();
        differ.extend(compare(
            &format!("start-vi-1280x800-{theme}"),
            &steady_picture(&mut window, 1.0),
        ));
        to_the_channel_choice(&mut window).await;
        differ.extend(compare(
            &format!("choice-vi-1280x800-{theme}"),
            &steady_picture(&mut window, 1.0),
        ));
        window.digit(1).await;
        differ.extend(compare(
            &format!("code-vi-1280x800-{theme}"),
            &steady_picture(&mut window, 1.0),
        ));
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
