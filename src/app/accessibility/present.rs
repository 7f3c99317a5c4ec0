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
use std::time::{Duration, Instant};

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

/// News that comes within this long of a step being told waits until it has
/// passed: the screen reader reads the step's description when it gets to
/// the focus change, and a description changed before then would be read
/// in its place, then again as a change.
pub const NEWS_AFTER_STEP: Duration = Duration::from_millis(1500);

#[derive(Debug, Default)]
pub struct Presenter {
    /// A new step came on screen: the first reading asked for after it
    /// (this generation or later) tells it.
    new_step: Option<u64>,
    /// The focus was moved to the step's landing since the step came.
    landed: bool,
    said: Option<Said>,
    /// The news on screen in the last reading, by its words: news is what
    /// was not there before.
    known: HashSet<String>,
    /// When the last step was told, and the news held back since.
    told_at: Option<Instant>,
    held: Vec<String>,
}

impl Presenter {
    /// A step came on screen (or the screen changed): tell it when read, by
    /// a reading of generation `from` or later.
    pub fn new_step(&mut self, from: u64) {
        self.new_step = Some(from);
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

    /// Adds what is to be said to a reading, before it goes to the adapter;
    /// if news is held back, how long until the screen should be read again.
    pub fn present(&mut self, semantics: &mut Semantics, news_by: News) -> Option<Duration> {
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

        // A reading asked for before the step came shows the step before it.
        let shows_new_step = self
            .new_step
            .is_some_and(|from| semantics.generation == 0 || semantics.generation >= from);
        if shows_new_step {
            self.new_step = None;
        }
        if shows_new_step && let Some(step) = &semantics.step {
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
            self.told_at = Some(Instant::now());
            self.held.clear();
        }
        let mut read_again = None;
        // Where live regions tell the news, the step's words give way to it:
        // the focused control is then only itself (and its own error).
        if news_by == News::LiveRegions && !fresh.is_empty() && !shows_new_step {
            self.said = None;
        }
        if news_by == News::FocusDescription {
            for (_, node) in &mut semantics.update.nodes {
                node.clear_live();
            }
            // News that is gone again before it was said is not said.
            self.held.retain(|text| self.known.contains(text));
            self.held.extend(fresh);
            let since_told = self.told_at.map_or(NEWS_AFTER_STEP, |at| at.elapsed());
            if !self.held.is_empty() {
                if since_told < NEWS_AFTER_STEP {
                    read_again = Some(NEWS_AFTER_STEP - since_told);
                } else {
                    self.said = Some(Said {
                        node: focus,
                        text: std::mem::take(&mut self.held).join(" "),
                        reached: false,
                    });
                }
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
        read_again
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use accesskit::{Live, Node, Role, TreeUpdate};

    use super::*;
    use crate::app::accessibility::collect::{ROOT, Step};

    const TOPIC: NodeId = NodeId(1);
    const FIELD: NodeId = NodeId(2);
    const ALERT: NodeId = NodeId(3);

    /// A screen with two controls, the focus on `focus`, and an alert saying `alert`.
    pub(in crate::app::accessibility) fn screen(
        focus: NodeId,
        step: Option<&str>,
        alert: Option<&str>,
    ) -> Semantics {
        let mut root = Node::new(Role::Window);
        let mut children = vec![TOPIC, FIELD];
        let mut nodes = vec![
            (TOPIC, Node::new(Role::Button)),
            (FIELD, Node::new(Role::TextInput)),
        ];
        let mut news = Vec::new();
        if let Some(alert) = alert {
            let mut node = Node::new(Role::Alert);
            node.set_label(alert);
            node.set_live(Live::Assertive);
            nodes.push((ALERT, node));
            children.push(ALERT);
            news.push((ALERT, alert.to_owned()));
        }
        root.set_children(children);
        nodes.insert(0, (ROOT, root));
        Semantics {
            update: TreeUpdate {
                nodes,
                tree: None,
                tree_id: accesskit::TreeId::ROOT,
                focus,
            },
            actions: Arc::new(HashMap::new()),
            step: step.map(|says| Step {
                landing: FIELD,
                says: says.to_owned(),
            }),
            news,
            keyboard_focus: true,
            generation: 0,
        }
    }

    fn description(semantics: &Semantics, id: NodeId) -> Option<String> {
        semantics
            .node(id)
            .and_then(|node| node.description())
            .map(str::to_owned)
    }

    #[test]
    fn a_step_is_said_once_on_its_landing() {
        let mut presenter = Presenter::default();
        presenter.new_step(0);
        let mut first = screen(FIELD, Some("Restore the password."), None);
        presenter.present(&mut first, News::FocusDescription);
        assert_eq!(
            description(&first, FIELD).as_deref(),
            Some("Restore the password.")
        );
        // Still on it: still said (no change for the screen reader to speak).
        let mut again = screen(FIELD, Some("Restore the password."), None);
        presenter.present(&mut again, News::FocusDescription);
        assert_eq!(
            description(&again, FIELD).as_deref(),
            Some("Restore the password.")
        );
        // Tab away and back: the field is only itself.
        let mut away = screen(TOPIC, Some("Restore the password."), None);
        presenter.present(&mut away, News::FocusDescription);
        let mut back = screen(FIELD, Some("Restore the password."), None);
        presenter.present(&mut back, News::FocusDescription);
        assert_eq!(description(&back, FIELD), None);
    }

    #[test]
    fn news_right_after_a_step_waits_until_the_step_was_heard() {
        let mut presenter = Presenter::default();
        presenter.new_step(0);
        let mut told = screen(FIELD, Some("Restore the password."), None);
        assert_eq!(presenter.present(&mut told, News::FocusDescription), None);
        // The keyring's notice comes a moment later: held back.
        let mut soon = screen(FIELD, Some("Restore the password."), Some("No keyring."));
        let wait = presenter.present(&mut soon, News::FocusDescription);
        assert!(wait.is_some_and(|wait| wait <= NEWS_AFTER_STEP));
        assert_eq!(
            description(&soon, FIELD).as_deref(),
            Some("Restore the password.")
        );
        // Once the step has had its time, the news is said, once.
        presenter.told_at = Some(Instant::now() - NEWS_AFTER_STEP);
        let mut later = screen(FIELD, Some("Restore the password."), Some("No keyring."));
        assert_eq!(presenter.present(&mut later, News::FocusDescription), None);
        assert_eq!(description(&later, FIELD).as_deref(), Some("No keyring."));
        let mut still = screen(FIELD, Some("Restore the password."), Some("No keyring."));
        presenter.present(&mut still, News::FocusDescription);
        assert_eq!(description(&still, FIELD).as_deref(), Some("No keyring."));
        let mut elsewhere = screen(TOPIC, Some("Restore the password."), Some("No keyring."));
        presenter.present(&mut elsewhere, News::FocusDescription);
        assert_eq!(
            description(&elsewhere, TOPIC),
            None,
            "said once, not on every control"
        );
    }

    #[test]
    fn news_gone_before_it_was_due_is_not_said() {
        let mut presenter = Presenter::default();
        presenter.new_step(0);
        presenter.present(
            &mut screen(FIELD, Some("Step."), None),
            News::FocusDescription,
        );
        presenter.present(
            &mut screen(FIELD, Some("Step."), Some("Waiting…")),
            News::FocusDescription,
        );
        presenter.told_at = Some(Instant::now() - NEWS_AFTER_STEP);
        let mut after = screen(FIELD, Some("Step."), None);
        presenter.present(&mut after, News::FocusDescription);
        assert_eq!(description(&after, FIELD).as_deref(), Some("Step."));
    }

    #[test]
    fn a_reading_asked_for_before_the_step_came_does_not_tell_it() {
        let mut presenter = Presenter::default();
        presenter.new_step(3);
        let mut before = screen(FIELD, Some("Choose a channel."), None);
        before.generation = 2;
        presenter.present(&mut before, News::FocusDescription);
        assert_eq!(description(&before, FIELD), None);
        let mut after = screen(FIELD, Some("Choose a channel."), None);
        after.generation = 3;
        presenter.present(&mut after, News::FocusDescription);
        assert_eq!(
            description(&after, FIELD).as_deref(),
            Some("Choose a channel.")
        );
    }

    #[test]
    fn live_regions_stay_where_they_are_how_news_is_heard() {
        let mut presenter = Presenter::default();
        let mut linux = screen(FIELD, None, Some("Wrong code."));
        presenter.present(&mut linux, News::FocusDescription);
        assert!(linux.update.nodes.iter().all(|(_, n)| n.live().is_none()));
        let mut presenter = Presenter::default();
        presenter.new_step(0);
        let mut step = screen(FIELD, Some("Enter the code."), None);
        presenter.present(&mut step, News::LiveRegions);
        assert_eq!(
            description(&step, FIELD).as_deref(),
            Some("Enter the code.")
        );
        let mut windows = screen(FIELD, Some("Enter the code."), Some("Wrong code."));
        presenter.present(&mut windows, News::LiveRegions);
        assert!(windows.node(ALERT).and_then(Node::live).is_some());
        // The live region says it; the field stops saying the step.
        assert_eq!(description(&windows, FIELD), None);
    }
}
