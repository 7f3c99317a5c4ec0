//! Reads the screen's semantics off the laid-out widget tree: every marked
//! widget (`annotate`) and every text becomes an AccessKit node, with the
//! bounds it is drawn at, and each node's actions are kept to answer the
//! screen reader with the app's own messages. The reading also finds the
//! step on show: what it says, and the control its focus lands on.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use accesskit::{
    Action, Affine, Invalid, Node, NodeId, Rect, Role, TextPosition, TextSelection, Toggled,
    TreeId, TreeInfo, TreeUpdate,
};
use iced::advanced::widget::operation::{Focusable, Outcome, Scrollable, TextInput};
use iced::advanced::widget::{Id, Operation};
use iced::{Rectangle, Size, Vector};
use unicode_segmentation::UnicodeSegmentation;

use super::annotate::{Annotation, Erased, Lift, SetValue};
use crate::app::focus::operation::Landings;

/// The root: the window, named by its title.
pub const ROOT: NodeId = NodeId(0);

/// What the screen reader may ask of a node, in the app's terms.
#[derive(Clone, Default)]
pub(crate) struct NodeActions {
    click: Option<Erased>,
    set_value: Option<SetValue>,
    /// Innermost first: each lifts a message one screen up.
    lifts: Vec<Lift>,
    pub input: Option<Id>,
    /// The control's place in Tab's order, for the screen reader to move
    /// the keyboard's focus to it.
    pub control: Option<usize>,
}

impl NodeActions {
    /// The message a click sends, lifted to `T` (the app's message).
    pub fn click<T: 'static>(&self) -> Option<T> {
        self.lift((self.click.as_ref()?)()?)
    }

    /// The message that sets the field's text.
    pub fn set_value<T: 'static>(&self, text: String) -> Option<T> {
        self.lift((self.set_value.as_ref()?)(text))
    }

    fn lift<T: 'static>(&self, message: Box<dyn Any + Send>) -> Option<T> {
        let mut message = message;
        for lift in &self.lifts {
            message = lift(message)?;
        }
        message.downcast::<T>().ok().map(|message| *message)
    }
}

/// The window around the widgets: its name, its language, and its size in
/// logical pixels at the display's scale factor.
#[derive(Debug, Clone)]
pub struct Window {
    pub title: String,
    /// The UI's language (a BCP 47 tag: "vi", "en", "ru").
    pub language: String,
    pub size: Size,
    pub scale_factor: f32,
}

impl Window {
    pub fn new(title: String, language: &str) -> Self {
        Window {
            title,
            language: language.to_owned(),
            size: Size::new(1100.0, 720.0),
            scale_factor: 1.0,
        }
    }
}

/// The step on show, as the screen reader first hears it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The control its focus lands on.
    pub landing: NodeId,
    /// Its texts outside its controls, in reading order: heading, question,
    /// statuses ("a code was sent to …").
    pub says: String,
}

/// One reading of the screen: the whole tree, and what its nodes do.
#[derive(Clone)]
pub struct Semantics {
    pub update: TreeUpdate,
    pub(crate) actions: Arc<HashMap<NodeId, NodeActions>>,
    /// The step on show, if the screen marks one.
    pub step: Option<Step>,
    /// What each alert and status says now.
    pub news: Vec<(NodeId, String)>,
    /// A control has the keyboard's focus (not only the tree's, which falls
    /// back on the landing).
    pub keyboard_focus: bool,
    /// Which of the app's readings this is, in the order they were asked
    /// for (0: read outside the app, as tests do).
    pub generation: u64,
    /// Which step it shows: how many had been shown when it was drawn.
    pub steps_shown: u64,
}

impl std::fmt::Debug for Semantics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Semantics")
            .field("nodes", &self.update.nodes.len())
            .finish_non_exhaustive()
    }
}

impl Semantics {
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.update
            .nodes
            .iter()
            .find(|(node_id, _)| *node_id == id)
            .map(|(_, node)| node)
    }

    pub(crate) fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.update
            .nodes
            .iter_mut()
            .find(|(node_id, _)| *node_id == id)
            .map(|(_, node)| node)
    }

    /// Nodes in reading order (depth first from the window).
    pub fn in_order(&self) -> Vec<(NodeId, &Node)> {
        let mut order = Vec::new();
        let mut stack = vec![ROOT];
        while let Some(id) = stack.pop() {
            if let Some(node) = self.node(id) {
                order.push((id, node));
                stack.extend(node.children().iter().rev());
            }
        }
        order
    }
}

struct Building {
    node: Node,
    /// Indexes into `Collect::built`.
    children: Vec<usize>,
    /// The name comes from the texts inside.
    derive_name: bool,
    derived: Vec<String>,
    leaf: bool,
    actions: NodeActions,
    /// A field's caret, in characters of its run (the first child).
    caret: Option<(usize, usize)>,
    /// An error about the field with this input id.
    describes: Option<Id>,
}

impl Building {
    fn new(node: Node, lifts: Vec<Lift>) -> Self {
        Building {
            node,
            children: Vec::new(),
            derive_name: false,
            derived: Vec::new(),
            leaf: false,
            actions: NodeActions {
                lifts,
                ..NodeActions::default()
            },
            caret: None,
            describes: None,
        }
    }

    /// A control: what is inside it is its own, not the step's to say.
    fn is_control(&self) -> bool {
        matches!(
            self.node.role(),
            Role::Button | Role::TextInput | Role::PasswordInput | Role::RadioGroup
        )
    }
}

/// What the next `traverse` opens: a node its content goes into, a lift, a
/// step, a scrolled part, or a part that is not read.
enum Opening {
    Node(usize),
    Lift(Lift),
    Step,
    Scrolled(Vector),
    Hidden,
}

/// The operation that reads the screen; `accessibility::read` runs it in the app.
pub struct Collect {
    built: Vec<Building>,
    /// Indexes into `built`: the node the widgets met now belong to.
    open: Vec<usize>,
    lifts: Vec<Lift>,
    opening: Option<Opening>,
    /// The field whose input is being read (for its focus).
    last_input: Option<usize>,
    focus: Option<usize>,
    /// How far the scrollables around the widgets met now are scrolled.
    scrolled: Vec<Vector>,
    landings: Landings,
    /// The node of each control, in Tab's order.
    controls: Vec<usize>,
    /// The texts of the last step met, and whether the widgets met now are in it.
    step_texts: Option<Vec<String>>,
    in_step: usize,
    /// Said with the last step, not drawn: how its keys work.
    step_hint: Option<String>,
    steps_shown: u64,
}

impl Collect {
    pub fn new(window: Window) -> Self {
        let mut root = Node::new(Role::Window);
        root.set_label(window.title.clone());
        root.set_language(window.language.clone());
        root.set_bounds(Rect {
            x0: 0.0,
            y0: 0.0,
            x1: f64::from(window.size.width),
            y1: f64::from(window.size.height),
        });
        // Bounds are in logical pixels; the screen reader's are physical.
        if window.scale_factor != 1.0 {
            root.set_transform(Affine::scale(f64::from(window.scale_factor)));
        }
        Collect {
            built: vec![Building::new(root, Vec::new())],
            open: vec![0],
            lifts: Vec::new(),
            opening: None,
            last_input: None,
            focus: None,
            scrolled: Vec::new(),
            landings: Landings::default(),
            controls: Vec::new(),
            step_texts: None,
            in_step: 0,
            step_hint: None,
            steps_shown: 0,
        }
    }

    fn parent(&self) -> usize {
        self.open.last().copied().unwrap_or(0)
    }

    /// A node under the current parent, at its bounds as drawn (scrolled).
    fn add(&mut self, node: Node, bounds: Rectangle) -> usize {
        let parent = self.parent();
        let mut node = node;
        let scrolled = self
            .scrolled
            .iter()
            .fold(Vector::new(0.0, 0.0), |sum, by| sum + *by);
        node.set_bounds(rect(bounds - scrolled));
        let index = self.built.len();
        self.built[parent].children.push(index);
        self.built.push(Building::new(
            node,
            self.lifts.iter().rev().cloned().collect(),
        ));
        index
    }

    fn annotated(&mut self, annotation: &Annotation, bounds: Rectangle) -> usize {
        let mut node = Node::new(annotation.role);
        if let Some(name) = &annotation.name {
            node.set_label(name.clone());
        }
        if let Some(value) = &annotation.value {
            node.set_value(value.clone());
        }
        if let Some(live) = annotation.live {
            node.set_live(live);
        }
        if let Some(level) = annotation.level {
            node.set_level(level);
        }
        if let Some(on) = annotation.toggled {
            node.set_toggled(toggled(on));
        }
        if let Some(selected) = annotation.selected {
            node.set_selected(selected);
        }
        if let Some(key) = &annotation.shortcut {
            node.set_keyboard_shortcut(key.clone());
        }
        if let Some(description) = &annotation.description {
            node.set_description(description.clone());
        }
        let clickable = annotation.click.is_some();
        let editable = annotation.set_value.is_some();
        if clickable {
            node.add_action(Action::Click);
        } else if annotation.role == Role::Button {
            node.set_disabled();
        }
        if editable {
            node.add_action(Action::SetValue);
            node.add_action(Action::Focus);
        }
        let index = self.add(node, bounds);
        let building = &mut self.built[index];
        building.derive_name = annotation.name.is_none();
        building.leaf = annotation.leaf;
        building.actions.click = annotation.click.clone();
        building.actions.set_value = annotation.set_value.clone();
        building.actions.input = annotation.input.clone();
        building.caret = annotation.caret;
        building.describes = annotation.describes.clone();
        // AccessKit's text model: the field's text as a run of characters,
        // which also lets the screen reader set it (EditableText on AT-SPI),
        // read it by character or word, and follow the caret.
        if let Some(drawn) = &annotation.drawn {
            self.open.push(index);
            self.add(text_run(drawn), bounds);
            self.open.pop();
        }
        for choice in &annotation.options {
            self.open.push(index);
            let mut option = Node::new(Role::RadioButton);
            option.set_label(choice.name.clone());
            option.set_toggled(toggled(choice.selected));
            option.add_action(Action::Click);
            let child = self.add(option, bounds);
            self.built[child].actions.click = Some(choice.click.clone());
            self.open.pop();
        }
        index
    }

    /// Whether texts here are part of a node's name, not nodes of their own.
    fn inside_leaf(&self) -> bool {
        self.open.iter().any(|i| self.built[*i].leaf)
    }

    fn inside_control(&self) -> bool {
        self.open.iter().any(|i| self.built[*i].is_control())
    }

    /// A focused choice list is heard as its chosen option, as a radio group is.
    fn focused_part(&self, index: usize) -> usize {
        let building = &self.built[index];
        if building.node.role() != Role::RadioGroup {
            return index;
        }
        building
            .children
            .iter()
            .copied()
            .find(|child| self.built[*child].node.toggled() == Some(Toggled::True))
            .unwrap_or(index)
    }

    /// What the last step says: its texts, then how its keys work.
    fn step_says(&self) -> Option<String> {
        let texts = self.step_texts.as_ref()?;
        let mut says: Vec<String> = texts.iter().map(|text| sentence(text)).collect();
        if let Some(hint) = &self.step_hint {
            says.push(sentence(hint));
        }
        Some(says.join(" "))
    }
}

/// A field's text as AccessKit's run: one character per grapheme (as the
/// field counts them), and where each word starts.
fn text_run(drawn: &str) -> Node {
    let mut run = Node::new(Role::TextRun);
    run.set_value(drawn.to_owned());
    let graphemes: Vec<&str> = drawn.graphemes(true).collect();
    // A character longer than 255 bytes is split into its code points
    // (AccessKit counts bytes in a u8); the count then differs from the
    // field's, which no real text reaches.
    let lengths: Vec<u8> = graphemes
        .iter()
        .flat_map(|g| match u8::try_from(g.len()) {
            Ok(length) => vec![length],
            Err(_) => g
                .chars()
                .map(|c| u8::try_from(c.len_utf8()).unwrap_or(4))
                .collect(),
        })
        .collect();
    let mut word_starts = Vec::new();
    let mut after_space = true;
    for (index, grapheme) in graphemes.iter().enumerate() {
        let space = grapheme.chars().all(char::is_whitespace);
        if after_space
            && !space
            && let Ok(index) = u8::try_from(index)
        {
            word_starts.push(index);
        }
        after_space = space;
    }
    run.set_character_lengths(lengths);
    run.set_word_starts(word_starts);
    run
}

/// A text as a sentence for speech: a heading or label gets a full stop, so
/// the voice pauses before what follows.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', ':', '…', '。']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn toggled(on: bool) -> Toggled {
    if on { Toggled::True } else { Toggled::False }
}

/// A node's id: from its parent's, its place, its role and its name, so an
/// unchanged screen keeps its ids, and a button that now does something else
/// (another name in the same place) is a new node to the screen reader.
fn node_id(parent: NodeId, place: usize, node: &Node) -> NodeId {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    parent.0.hash(&mut hasher);
    place.hash(&mut hasher);
    (node.role() as u8).hash(&mut hasher);
    node.label().hash(&mut hasher);
    // 0 is the window's.
    NodeId(hasher.finish().max(1))
}

fn rect(bounds: Rectangle) -> Rect {
    Rect {
        x0: f64::from(bounds.x),
        y0: f64::from(bounds.y),
        x1: f64::from(bounds.x + bounds.width),
        y1: f64::from(bounds.y + bounds.height),
    }
}

impl Operation<Semantics> for Collect {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<Semantics>)) {
        match self.opening.take() {
            Some(Opening::Node(index)) => {
                self.open.push(index);
                operate(self);
                self.open.pop();
            }
            Some(Opening::Lift(lift)) => {
                self.lifts.push(lift);
                operate(self);
                self.lifts.pop();
            }
            Some(Opening::Step) => {
                self.in_step += 1;
                operate(self);
                self.in_step -= 1;
            }
            Some(Opening::Scrolled(by)) => {
                self.scrolled.push(by);
                operate(self);
                self.scrolled.pop();
            }
            Some(Opening::Hidden) => {}
            None => operate(self),
        }
    }

    fn custom(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Any) {
        let Some(annotation) = state.downcast_ref::<Annotation>() else {
            return;
        };
        if annotation.hidden {
            self.opening = Some(Opening::Hidden);
            return;
        }
        if let Some(shown) = annotation.steps_shown {
            self.steps_shown = shown;
        }
        self.landings.mark(annotation);
        if annotation.step {
            // The last step on screen is the one said.
            self.step_texts = Some(Vec::new());
            self.step_hint = annotation.description.clone();
            self.opening = Some(Opening::Step);
            return;
        }
        if annotation.mark_only {
            return;
        }
        self.opening = Some(match &annotation.lift {
            Some(lift) => Opening::Lift(lift.clone()),
            None => Opening::Node(self.annotated(annotation, bounds)),
        });
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        _bounds: Rectangle,
        _content_bounds: Rectangle,
        translation: Vector,
        _state: &mut dyn Scrollable,
    ) {
        self.opening = Some(Opening::Scrolled(translation));
    }

    fn text(&mut self, _id: Option<&Id>, bounds: Rectangle, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if self.in_step > 0
            && !self.inside_control()
            && let Some(texts) = &mut self.step_texts
        {
            texts.push(text.to_owned());
        }
        // A text names the nodes around it up to the nearest that takes it
        // whole (a button's label is not also part of the alert it sits in).
        for index in self.open.iter().rev() {
            let building = &mut self.built[*index];
            if building.derive_name {
                building.derived.push(text.to_owned());
            }
            if building.leaf {
                break;
            }
        }
        if !self.inside_leaf() {
            let mut label = Node::new(Role::Label);
            label.set_value(text.to_owned());
            self.add(label, bounds);
        }
    }

    fn text_input(&mut self, _id: Option<&Id>, bounds: Rectangle, _state: &mut dyn TextInput) {
        // A marked field is already a node; an unmarked input is named by
        // nothing and shows no value (it may be a secret).
        let parent = self.parent();
        if self.built[parent].leaf && self.built[parent].actions.set_value.is_some() {
            self.last_input = Some(parent);
        } else {
            let index = self.add(Node::new(Role::TextInput), bounds);
            self.last_input = Some(index);
        }
    }

    /// A field's input, or a button or choice list (`focus::Focus`), inside
    /// the node it is marked as.
    fn focusable(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
        let control = self.last_input.take().unwrap_or_else(|| self.parent());
        let place = self.landings.control();
        self.controls.push(control);
        if state.is_focused() {
            self.focus = Some(control);
        }
        // The screen reader may move the focus here, or to a choice of a list.
        let mut parts = vec![control];
        if self.built[control].node.role() == Role::RadioGroup {
            parts.extend(self.built[control].children.iter().copied());
        }
        for part in parts {
            let building = &mut self.built[part];
            building.actions.control = Some(place);
            building.node.add_action(Action::Focus);
        }
    }

    fn finish(&self) -> Outcome<Semantics> {
        let mut nodes = Vec::with_capacity(self.built.len());
        let mut actions = HashMap::new();
        // Names first (ids are made from them), then ids from the window down.
        let mut named: Vec<Node> = self
            .built
            .iter()
            .map(|building| {
                let mut node = building.node.clone();
                if building.derive_name && !building.derived.is_empty() {
                    node.set_label(building.derived.join(" "));
                }
                node
            })
            .collect();
        let mut ids = vec![ROOT; self.built.len()];
        let mut order = vec![0];
        while let Some(index) = order.pop() {
            for (place, child) in self.built[index].children.iter().enumerate() {
                ids[*child] = node_id(ids[index], place, &named[*child]);
                order.push(*child);
            }
        }
        self.link_errors(&mut named, &ids);
        let mut news = Vec::new();
        for (index, (building, mut node)) in self.built.iter().zip(named).enumerate() {
            node.set_children(
                building
                    .children
                    .iter()
                    .map(|child| ids[*child])
                    .collect::<Vec<_>>(),
            );
            if let (Some((anchor, focus)), Some(run)) = (building.caret, building.children.first())
            {
                let at = |character_index| TextPosition {
                    node: ids[*run],
                    character_index,
                };
                node.set_text_selection(TextSelection {
                    anchor: at(anchor),
                    focus: at(focus),
                });
            }
            if node.live().is_some()
                && let Some(name) = node.label()
            {
                news.push((ids[index], name.to_owned()));
            }
            if building.actions.click.is_some()
                || building.actions.set_value.is_some()
                || building.actions.input.is_some()
                || building.actions.control.is_some()
            {
                actions.insert(ids[index], building.actions.clone());
            }
            nodes.push((ids[index], node));
        }
        let landing = self
            .landings
            .landing()
            .and_then(|place| self.controls.get(place).copied());
        let step = landing.zip(self.step_says()).map(|(landing, says)| Step {
            landing: ids[self.focused_part(landing)],
            says,
        });
        // With no control focused, the tree's focus is where Tab would go
        // first: the step's landing. Never the window, which a screen reader
        // would announce again as if the user had switched to it.
        let focus = self
            .focus
            .or(landing)
            .map_or(ROOT, |index| ids[self.focused_part(index)]);
        Outcome::Some(Semantics {
            update: TreeUpdate {
                nodes,
                tree: Some(TreeInfo {
                    root: ROOT,
                    toolkit_name: Some("iced".to_owned()),
                    toolkit_version: Some("0.14".to_owned()),
                }),
                tree_id: TreeId::ROOT,
                focus,
            },
            actions: Arc::new(actions),
            step,
            news,
            keyboard_focus: self.focus.is_some(),
            generation: 0,
            steps_shown: self.steps_shown,
        })
    }
}

impl Collect {
    /// An error about a field describes it and marks it invalid, as a web
    /// page's `aria-errormessage` does: the field says its error whenever it
    /// is focused.
    fn link_errors(&self, named: &mut [Node], ids: &[NodeId]) {
        for (error, building) in self.built.iter().enumerate() {
            let Some(input) = &building.describes else {
                continue;
            };
            let Some(field) = self
                .built
                .iter()
                .position(|b| b.actions.input.as_ref() == Some(input))
            else {
                continue;
            };
            let said = named[error].label().map(str::to_owned);
            let node = &mut named[field];
            node.set_invalid(Invalid::True);
            node.set_error_message(ids[error]);
            // Said as the description (not also as a described-by target,
            // which Orca would read a second time).
            if let Some(said) = said {
                node.set_description(said);
            }
        }
    }
}
