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
/// the focus change (Orca 43 within 0.3 s here), and a description changed
/// before then would be read in its place, then again as a change.
pub const NEWS_AFTER_STEP: Duration = Duration::from_millis(1000);

/// Where a step that came is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    /// On the control its focus lands on (the app moves the focus there).
    Landing,
    /// On the control that has the focus: the screen reader came to a
    /// screen already in use, and the focus stays where the user left it.
    Focus,
}

#[derive(Debug, Default)]
pub struct Presenter {
    /// A new step came on screen: the first reading that shows it (its
    /// `steps_shown` this or more) tells it, there.
    new_step: Option<(u64, Where)>,
    /// The step being told is this one (`steps_shown`); the focus was put
    /// on its landing (the landing for an older step does not count).
    step_from: u64,
    landed: bool,
    said: Option<Said>,
    /// The news on screen in the last reading, by its words: news is what
    /// was not there before.
    known: HashSet<String>,
    /// When the last step was told, and the news held back since.
    told_at: Option<Instant>,
    held: Vec<String>,
    /// What was said on the control the focus just left: it stays there for
    /// the reading that moves the focus away, as a change then would be
    /// spoken (Orca 43 handles it before the focus moves on).
    leaving: Option<Said>,
}

impl Presenter {
    /// A step came on screen (or the screen changed): tell it when read, by
    /// a reading that shows step `from` or a later one.
    pub fn new_step(&mut self, from: u64, told: Where) {
        self.new_step = Some((from, told));
        self.step_from = from;
        self.landed = told == Where::Focus;
    }

    /// The focus has been put on the landing of step `from`.
    pub fn landed(&mut self, from: u64) {
        if from >= self.step_from {
            self.landed = true;
        }
    }

    /// Forgets what was told: the screen reader stopped listening.
    pub fn reset(&mut self) {
        *self = Presenter::default();
    }

    /// Adds what is to be said to a reading, before it goes to the adapter;
    /// if news is held back, how long until the screen should be read again.
    pub fn present(&mut self, semantics: &mut Semantics, news_by: News) -> Option<Duration> {
        let mut fresh = self.fresh_news(semantics);
        let told_step = self.tell_step(semantics, news_by, &mut fresh);
        let read_again = match news_by {
            News::FocusDescription => {
                for (_, node) in &mut semantics.update.nodes {
                    node.clear_live();
                }
                self.tell_news(semantics.update.focus, fresh)
            }
            // Where live regions tell the news, the step's words give way to
            // it: the focused control is then only itself (and its own error).
            News::LiveRegions => {
                if !fresh.is_empty() && !told_step {
                    self.said = None;
                }
                None
            }
        };
        self.follow_focus(semantics);
        self.describe(semantics);
        read_again
    }

    /// The words of alerts and statuses that were not on screen before. A
    /// text that changed only in its numbers is a countdown ("try again in
    /// 45 seconds"), not news: it would be said every second.
    fn fresh_news(&mut self, semantics: &Semantics) -> Vec<String> {
        let now: HashSet<String> = semantics
            .news
            .iter()
            .map(|(_, text)| without_numbers(text))
            .collect();
        let mut fresh = Vec::new();
        for (_, text) in &semantics.news {
            if !self.known.contains(&without_numbers(text)) && !fresh.contains(text) {
                fresh.push(text.clone());
            }
        }
        self.known = now;
        fresh
    }

    /// Tells the step that came, if this reading shows it; whether it did.
    /// News on screen with the step is told with it (on Linux).
    fn tell_step(&mut self, semantics: &Semantics, news_by: News, fresh: &mut Vec<String>) -> bool {
        // A reading drawn before the step came shows the step before it. One
        // drawn after it is told it, whenever it was asked for: its tree
        // may already have the focus on the landing (where a fresh screen's
        // focus falls), and words put there after the focus would be
        // spoken twice by Orca 43, with the focus and then as a change.
        let Some((from, told)) = self.new_step else {
            return false;
        };
        if semantics.steps_shown < from {
            return false;
        }
        self.new_step = None;
        let Some(step) = &semantics.step else {
            return false;
        };
        // What the step already says is not news as well.
        fresh.retain(|text| !step.says.contains(text.as_str()));
        let mut text = step.says.clone();
        if news_by == News::FocusDescription {
            for news in fresh.drain(..) {
                text.push(' ');
                text.push_str(&news);
            }
        }
        let node = match told {
            Where::Focus if semantics.keyboard_focus => semantics.update.focus,
            _ => step.landing,
        };
        self.said = Some(Said {
            node,
            text,
            reached: false,
        });
        self.told_at = Some(Instant::now());
        self.held.clear();
        true
    }

    /// Tells news on the focused control, or holds it while a step is being
    /// heard; how long until it can be told, if held.
    fn tell_news(&mut self, focus: NodeId, fresh: Vec<String>) -> Option<Duration> {
        // News that is gone again before it was said is not said.
        self.held
            .retain(|text| self.known.contains(&without_numbers(text)));
        self.held.extend(fresh);
        if self.held.is_empty() {
            return None;
        }
        let since_told = self.told_at.map_or(NEWS_AFTER_STEP, |at| at.elapsed());
        if since_told < NEWS_AFTER_STEP {
            return Some(NEWS_AFTER_STEP - since_told);
        }
        self.said = Some(Said {
            node: focus,
            text: std::mem::take(&mut self.held).join(" "),
            reached: false,
        });
        None
    }

    /// Said once: when the focus leaves the control (after the step's
    /// landing was reached, or was given up for another control), it goes.
    fn follow_focus(&mut self, semantics: &Semantics) {
        let focus = semantics.update.focus;
        self.leaving = None;
        if let Some(said) = &mut self.said {
            if said.node == focus {
                said.reached = true;
            } else if said.reached || (self.landed && semantics.keyboard_focus) {
                self.leaving = self.said.take();
            }
        }
    }

    /// Puts what is said on its control, before the focus gets there too:
    /// a description that changed in the same update as the focus would be
    /// spoken twice by Orca 43 (with the focus, then as a change).
    fn describe(&self, semantics: &mut Semantics) {
        for said in self.said.iter().chain(&self.leaving) {
            let Some(node) = semantics.node_mut(said.node) else {
                continue;
            };
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

/// A text with its digits blanked out, to tell news from a countdown.
fn without_numbers(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
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
            steps_shown: 0,
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
        presenter.new_step(0, Where::Landing);
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
        // Tab away: the words stay on the field the focus leaves (a change
        // there now would be spoken before the focus moves on), then go.
        let mut away = screen(TOPIC, Some("Restore the password."), None);
        presenter.present(&mut away, News::FocusDescription);
        assert_eq!(
            description(&away, FIELD).as_deref(),
            Some("Restore the password.")
        );
        let mut later = screen(TOPIC, Some("Restore the password."), None);
        presenter.present(&mut later, News::FocusDescription);
        assert_eq!(description(&later, FIELD), None);
        // And back: the field is only itself.
        let mut back = screen(FIELD, Some("Restore the password."), None);
        presenter.present(&mut back, News::FocusDescription);
        assert_eq!(description(&back, FIELD), None);
    }

    #[test]
    fn a_step_is_on_its_landing_before_the_focus_gets_there() {
        let mut presenter = Presenter::default();
        presenter.new_step(0, Where::Landing);
        // The focus is still where the last step left it.
        let mut before = screen(TOPIC, Some("Choose a channel."), None);
        presenter.present(&mut before, News::FocusDescription);
        assert_eq!(
            description(&before, FIELD).as_deref(),
            Some("Choose a channel.")
        );
        assert_eq!(description(&before, TOPIC), None);
        presenter.landed(0);
        let mut landed = screen(FIELD, Some("Choose a channel."), None);
        presenter.present(&mut landed, News::FocusDescription);
        assert_eq!(
            description(&landed, FIELD).as_deref(),
            Some("Choose a channel."),
            "unchanged when the focus arrives: said once"
        );
    }

    #[test]
    fn news_right_after_a_step_waits_until_the_step_was_heard() {
        let mut presenter = Presenter::default();
        presenter.new_step(0, Where::Landing);
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
        presenter.told_at = Instant::now().checked_sub(NEWS_AFTER_STEP);
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
    fn a_countdown_is_not_news_every_second() {
        let mut presenter = Presenter::default();
        let mut first = screen(FIELD, None, Some("Try again in 45 seconds."));
        presenter.present(&mut first, News::FocusDescription);
        assert_eq!(
            description(&first, FIELD).as_deref(),
            Some("Try again in 45 seconds.")
        );
        let mut tick = screen(TOPIC, None, Some("Try again in 44 seconds."));
        presenter.present(&mut tick, News::FocusDescription);
        assert_eq!(description(&tick, TOPIC), None);
    }

    #[test]
    fn news_gone_before_it_was_due_is_not_said() {
        let mut presenter = Presenter::default();
        presenter.new_step(0, Where::Landing);
        presenter.present(
            &mut screen(FIELD, Some("Step."), None),
            News::FocusDescription,
        );
        presenter.present(
            &mut screen(FIELD, Some("Step."), Some("Waiting…")),
            News::FocusDescription,
        );
        presenter.told_at = Instant::now().checked_sub(NEWS_AFTER_STEP);
        let mut after = screen(FIELD, Some("Step."), None);
        presenter.present(&mut after, News::FocusDescription);
        assert_eq!(description(&after, FIELD).as_deref(), Some("Step."));
    }

    #[test]
    fn a_reading_drawn_before_the_step_came_does_not_tell_it() {
        let mut presenter = Presenter::default();
        presenter.new_step(3, Where::Landing);
        let mut before = screen(FIELD, Some("Choose a channel."), None);
        before.steps_shown = 2;
        presenter.present(&mut before, News::FocusDescription);
        assert_eq!(description(&before, FIELD), None);
        let mut after = screen(FIELD, Some("Choose a channel."), None);
        after.steps_shown = 3;
        presenter.present(&mut after, News::FocusDescription);
        assert_eq!(
            description(&after, FIELD).as_deref(),
            Some("Choose a channel.")
        );
    }

    #[test]
    fn a_reading_asked_for_before_the_step_came_but_drawn_after_tells_it() {
        let mut presenter = Presenter::default();
        presenter.new_step(3, Where::Landing);
        // Asked for at generation 2 (before the step came at 3), drawn after:
        // the focus is already on the landing, and so must be the words.
        let mut early = screen(FIELD, Some("Choose a channel."), None);
        early.generation = 2;
        early.steps_shown = 3;
        presenter.present(&mut early, News::FocusDescription);
        assert_eq!(
            description(&early, FIELD).as_deref(),
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
        presenter.new_step(0, Where::Landing);
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
