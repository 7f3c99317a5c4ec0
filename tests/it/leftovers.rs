//! Nothing is left behind on screen: a frame that repaints only what changed
//! (as the window's compositor does) equals the same view drawn fresh.

use iced::keyboard::key::Named;
use keeper_recovery::app::Message;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;

use crate::window::Window;

const SCALE: f32 = 1.0;

/// How far a channel may differ: edges drawn again where two repainted
/// parts meet are blended a second time (a few levels); a glyph left behind
/// differs by most of the range.
const TOLERANCE: u8 = 16;

fn blank(window: &Window) -> tiny_skia::Pixmap {
    blank_at(window, SCALE)
}

fn blank_at(window: &Window, scale: f32) -> tiny_skia::Pixmap {
    tiny_skia::Pixmap::new(
        (window.size.width * scale) as u32,
        (window.size.height * scale) as u32,
    )
    .expect("a frame")
}

/// How many pixels of the repainted frame differ from a fresh drawing, and
/// the box they are in.
fn leftovers(window: &mut Window, repainted: &tiny_skia::Pixmap) -> Option<(usize, String)> {
    leftovers_at(window, repainted, SCALE)
}

fn leftovers_at(
    window: &mut Window,
    repainted: &tiny_skia::Pixmap,
    scale: f32,
) -> Option<(usize, String)> {
    let mut fresh = blank_at(window, scale);
    window.draw_frame(&mut fresh, None, scale);
    let width = repainted.width() as usize;
    let differ: Vec<(usize, usize)> = repainted
        .pixels()
        .iter()
        .zip(fresh.pixels())
        .enumerate()
        .filter(|(_, (a, b))| {
            let channels = |p: &tiny_skia::PremultipliedColorU8| [p.red(), p.green(), p.blue()];
            channels(a)
                .iter()
                .zip(channels(b))
                .any(|(x, y)| x.abs_diff(y) > TOLERANCE)
        })
        .map(|(i, _)| (i % width, i / width))
        .collect();
    if !differ.is_empty()
        && let Ok(folder) = std::env::var("KEEPER_RECOVERY_PICTURES")
    {
        let _ = repainted.save_png(format!("{folder}/repainted.png"));
        let _ = fresh.save_png(format!("{folder}/fresh.png"));
    }
    let (&first, &last) = (differ.first()?, differ.last()?);
    let (x0, x1) = differ
        .iter()
        .fold((usize::MAX, 0), |(lo, hi), (x, _)| (lo.min(*x), hi.max(*x)));
    Some((
        differ.len(),
        format!("x {x0}..={x1}, y {}..={}", first.1, last.1),
    ))
}

#[tokio::test]
async fn the_connecting_line_leaves_nothing_behind_when_it_goes() {
    // At the scale factors of common screens too: a repainted part's edge
    // then falls inside a logical pixel.
    for (language, scale) in [
        (Language::Vi, 1.0),
        (Language::En, 1.0),
        (Language::Ru, 1.0),
        (Language::Vi, 1.25),
        (Language::Vi, 1.5),
        (Language::Vi, 2.0),
    ] {
        let (mut window, boot) = Window::before_boot(language);
        let mut frame = blank_at(&window, scale);
        let connecting = window.draw_frame(&mut frame, None, scale);
        assert!(
            window.ui.sees(&window.ui.tr("progress-connecting")),
            "the first frame says it is connecting"
        );
        window.run(boot).await;
        window.draw_frame(&mut frame, Some(&connecting), scale);
        assert_eq!(
            leftovers_at(&mut window, &frame, scale),
            None,
            "{} at scale {scale}: the start view after connecting",
            language.code()
        );
    }
}

#[tokio::test]
async fn each_step_of_a_journey_leaves_nothing_behind() {
    for language in Language::ALL {
        let mut window = Window::open(language).await;
        let mut frames = Frames::start(&mut window, language);
        let mut check = |window: &mut Window, what: &str| frames.check(window, what);
        window
            .send(Message::OpenTopic(TopicId::RestorePassword))
            .await;
        check(&mut window, "restore-password opened");
        window.type_text("12345").await;
        window.press(Named::Enter).await;
        check(&mut window, "an identifier that is not one");
        window.clear_field().await;
        window.type_text(crate::common::AN_WMID).await;
        window.press(Named::Enter).await;
        check(&mut window, "the channel question");
        window.digit(1).await;
        check(&mut window, "the code step");
        window.press(Named::Escape).await;
        check(&mut window, "back to the start view");
    }
}

/// A frame after each change, compared with a fresh one.
struct Frames {
    frame: tiny_skia::Pixmap,
    last: Vec<iced_tiny_skia::Layer>,
    language: Language,
}

impl Frames {
    fn start(window: &mut Window, language: Language) -> Frames {
        let mut frame = blank(window);
        let last = window.draw_frame(&mut frame, None, SCALE);
        Frames {
            frame,
            last,
            language,
        }
    }

    fn check(&mut self, window: &mut Window, what: &str) {
        self.last = window.draw_frame(&mut self.frame, Some(&self.last), SCALE);
        assert_eq!(
            leftovers(window, &self.frame),
            None,
            "{}: {what}",
            self.language.code()
        );
    }
}

/// Where stray dots were seen under buttons: change-phone's confirmation,
/// deactivate-phone's wait, the documents step.
#[tokio::test]
async fn the_steps_where_dots_stayed_under_buttons_leave_nothing_behind() {
    use crate::common::*;
    use keeper_recovery::protocol::{Channel, ConfirmMethod};
    for language in Language::ALL {
        let mut window = Window::open(language).await;
        let mut frames = Frames::start(&mut window, language);
        window.ui.open_topic(TopicId::ChangePhone).await;
        frames.check(&mut window, "change-phone's Keeper question");
        window.ui.click(&window.ui.tr("answer-yes")).await;
        window.ui.type_and_enter(AN_WMID).await;
        window.ui.choose_channel(Channel::Keeper).await;
        frames.check(&mut window, "change-phone's code");
        window.ui.enter_code_sent_to(AN_WMID).await;
        window.ui.type_and_enter("+84 901 234 567").await;
        window.ui.enter_code_sent_to("+84901234567").await;
        frames.check(&mut window, "change-phone's confirmation");
        window.ui.choose_confirm(ConfirmMethod::OldContact).await;
        frames.check(&mut window, "change-phone's code to the old contact");

        window.ui.open_topic(TopicId::DeactivatePhone).await;
        frames.check(&mut window, "deactivate-phone opened");
        window
            .ui
            .verify_with(TopicId::DeactivatePhone, AN_PHONE, Channel::Sms, AN_PHONE)
            .await;
        frames.check(&mut window, "deactivate-phone's question");
        window.ui.click(&window.ui.tr("button-confirm")).await;
        frames.check(&mut window, "deactivate-phone's wait");

        std::fs::write(
            window.ui.dir.path().join("passport.pdf"),
            b"%PDF-1.7 scan of a passport",
        )
        .expect("document");
        window
            .ui
            .verify_with(
                TopicId::RestorePassword,
                BINH_WMID,
                Channel::Sms,
                BINH_PHONE,
            )
            .await;
        frames.check(&mut window, "the documents step");
        window.ui.click(&window.ui.tr("button-upload")).await;
        frames.check(&mut window, "the documents step, no file yet");
        window.ui.click(&window.ui.tr("button-choose-files")).await;
        frames.check(&mut window, "the documents step, a file chosen");
        window.ui.click(&window.ui.tr("button-upload")).await;
        frames.check(&mut window, "the documents under review");
    }
}

/// The support panel's scenario picker after a restart, where text was seen
/// left over ("Kịch bản co-arrive").
#[tokio::test]
async fn the_scenario_picker_leaves_nothing_behind_after_a_restart() {
    for language in Language::ALL {
        let mut window = Window::open_support(language).await;
        let mut frames = Frames::start(&mut window, language);
        window.ui.click(&window.ui.tr("support-tab-scenario")).await;
        frames.check(&mut window, "the scenario tab");
        window
            .send(Message::Support(
                keeper_recovery::app::screen::support::Message::PickShipped(
                    "codes-never-arrive".to_owned(),
                ),
            ))
            .await;
        frames.check(&mut window, "a shipped scenario picked");
        window.ui.click(&window.ui.tr("support-restart")).await;
        frames.check(&mut window, "restarted with it");
    }
}
