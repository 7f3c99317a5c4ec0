//! What the screen reader is told, beyond the tree itself: a new step once,
//! as the description of the control its focus lands on, and news (an
//! error, a status) once, as the description of the focused control.
//!
//! Orca 43 (Debian 12's) speaks a focused control's name, role and
//! description, and a change of the focused control's description; it
//! ignores live regions and AT-SPI's announcements outside web pages. Orca 45
//! and newer speak announcements too, so on Linux the news is not also
//! announced: each thing is said once by every Orca. Elsewhere (UI
//! Automation) live regions are how news is heard, and they stay.

use std::collections::HashSet;

use accesskit::NodeId;

use super::collect::Semantics;

/// How news reaches the screen reader on this OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    /// As the focused control's new description (AT-SPI: every Orca).
    FocusDescription,
    /// As live regions (UI Automation).
    LiveRegions,
}

pub const NEWS: News = if cfg!(target_os = "linux") {
    News::FocusDescription
} else {
    News::LiveRegions
};

/// What is said on a control, and whether the focus has been on it yet.
#[derive(Debug, Clone)]
struct Said {
    node: NodeId,
    text: String,
    reached: bool,
}

#[derive(Debug, Default)]
pub struct Presenter {
    /// A new step came on screen: the next reading tells it.
    new_step: bool,
    /// The focus was moved to the step's landing since the step came.
    landed: bool,
    said: Option<Said>,
    /// The news on screen in the last reading, by its words: news is what
    /// was not there before.
    known: HashSet<String>,
}

impl Presenter {
    /// A step came on screen (or the screen changed): tell it when read.
    pub fn new_step(&mut self) {
        self.new_step = true;
        self.landed = false;
    }

    /// The focus has been put on the step's landing.
    pub fn landed(&mut self) {
        self.landed = true;
    }

    /// Forgets what was told: the screen reader stopped listening.
    pub fn reset(&mut self) {
        *self = Presenter::default();
    }

    /// Adds what is to be said to a reading, before it goes to the adapter.
    pub fn present(&mut self, semantics: &mut Semantics, news_by: News) {
        let focus = semantics.update.focus;
        let now: Vec<&str> = semantics
            .news
            .iter()
            .map(|(_, text)| text.as_str())
            .collect();
        let mut fresh: Vec<String> = now
            .iter()
            .filter(|text| !self.known.contains(**text))
            .map(|text| (*text).to_owned())
            .collect();
        fresh.dedup();
        self.known = now.iter().map(|text| (*text).to_owned()).collect();

        if std::mem::take(&mut self.new_step)
            && let Some(step) = &semantics.step
        {
            // What the step already says is not news as well.
            fresh.retain(|text| !step.says.contains(text.as_str()));
            let mut text = step.says.clone();
            if news_by == News::FocusDescription {
                for news in fresh.drain(..) {
                    text.push(' ');
                    text.push_str(&news);
                }
            }
            self.said = Some(Said {
                node: step.landing,
                text,
                reached: false,
            });
        }
        if news_by == News::FocusDescription {
            for (_, node) in &mut semantics.update.nodes {
                node.clear_live();
            }
            if !fresh.is_empty() {
                self.said = Some(Said {
                    node: focus,
                    text: fresh.join(" "),
                    reached: false,
                });
            }
        }
        // Said once: when the focus leaves the control (after the step's
        // landing was reached, or was given up for another control), it goes.
        if let Some(said) = &mut self.said {
            if said.node == focus {
                said.reached = true;
            } else if said.reached || (self.landed && semantics.keyboard_focus) {
                self.said = None;
            }
        }
        if let Some(said) = &self.said
            && said.node == focus
            && let Some(node) = semantics.node_mut(focus)
        {
            // A field's own error (its description) is said with it once only.
            let text = match node.description() {
                Some(own) if !own.is_empty() && !said.text.contains(own) => {
                    format!("{} {own}", said.text)
                }
                _ => said.text.clone(),
            };
            node.set_description(text);
        }
    }
}
