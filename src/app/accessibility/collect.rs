//! Reads the screen's semantics off the laid-out widget tree: every marked
//! widget (`annotate`) and every text becomes an AccessKit node, with the
//! bounds it is drawn at, and each node's actions are kept to answer the
//! screen reader with the app's own messages.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use accesskit::{Action, Node, NodeId, Rect, Role, Toggled, TreeId, TreeInfo, TreeUpdate};
use iced::Rectangle;
use iced::advanced::widget::operation::{Focusable, Outcome, TextInput};
use iced::advanced::widget::{Id, Operation};

use super::annotate::{Annotation, Erased, Lift, SetValue};

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

/// One reading of the screen: the whole tree, and what its nodes do.
#[derive(Clone)]
pub struct Semantics {
    pub update: TreeUpdate,
    pub(crate) actions: Arc<HashMap<NodeId, NodeActions>>,
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
}

/// What the next `traverse` opens: a node its content goes into, a lift, or
/// a part that is not read.
enum Opening {
    Node(usize),
    Lift(Lift),
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
}

impl Collect {
    pub fn new(title: String) -> Self {
        let mut window = Node::new(Role::Window);
        window.set_label(title);
        Collect {
            built: vec![Building {
                node: window,
                children: Vec::new(),
                derive_name: false,
                derived: Vec::new(),
                leaf: false,
                actions: NodeActions::default(),
            }],
            open: vec![0],
            lifts: Vec::new(),
            opening: None,
            last_input: None,
            focus: None,
        }
    }

    fn parent(&self) -> usize {
        self.open.last().copied().unwrap_or(0)
    }

    /// A node under the current parent.
    fn add(&mut self, node: Node, bounds: Rectangle) -> usize {
        let parent = self.parent();
        let mut node = node;
        node.set_bounds(rect(bounds));
        let index = self.built.len();
        self.built[parent].children.push(index);
        self.built.push(Building {
            node,
            children: Vec::new(),
            derive_name: false,
            derived: Vec::new(),
            leaf: false,
            actions: NodeActions {
                lifts: self.lifts.iter().rev().cloned().collect(),
                ..NodeActions::default()
            },
        });
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
        // AccessKit's text model: the field's text as a run of characters,
        // which also lets the screen reader set it (EditableText on AT-SPI).
        if let Some(drawn) = &annotation.drawn {
            self.open.push(index);
            let mut run = Node::new(Role::TextRun);
            run.set_value(drawn.clone());
            run.set_character_lengths(
                drawn
                    .chars()
                    .map(|c| u8::try_from(c.len_utf8()).unwrap_or(4))
                    .collect::<Vec<u8>>(),
            );
            self.add(run, bounds);
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
            Some(Opening::Hidden) => {}
            None => operate(self),
        }
    }

    fn custom(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Any) {
        let Some(annotation) = state.downcast_ref::<Annotation>() else {
            return;
        };
        self.opening = Some(match &annotation.lift {
            _ if annotation.hidden => Opening::Hidden,
            Some(lift) => Opening::Lift(lift.clone()),
            None => Opening::Node(self.annotated(annotation, bounds)),
        });
    }

    fn text(&mut self, _id: Option<&Id>, bounds: Rectangle, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
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

    fn focusable(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused()
            && let Some(index) = self.last_input
        {
            self.focus = Some(index);
        }
        self.last_input = None;
    }

    fn finish(&self) -> Outcome<Semantics> {
        let mut nodes = Vec::with_capacity(self.built.len());
        let mut actions = HashMap::new();
        // Names first (ids are made from them), then ids from the window down.
        let named: Vec<Node> = self
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
        for (index, (building, mut node)) in self.built.iter().zip(named).enumerate() {
            node.set_children(
                building
                    .children
                    .iter()
                    .map(|child| ids[*child])
                    .collect::<Vec<_>>(),
            );
            if building.actions.click.is_some()
                || building.actions.set_value.is_some()
                || building.actions.input.is_some()
            {
                actions.insert(ids[index], building.actions.clone());
            }
            nodes.push((ids[index], node));
        }
        Outcome::Some(Semantics {
            update: TreeUpdate {
                nodes,
                tree: Some(TreeInfo {
                    root: ROOT,
                    toolkit_name: Some("iced".to_owned()),
                    toolkit_version: Some("0.14".to_owned()),
                }),
                tree_id: TreeId::ROOT,
                focus: self.focus.map_or(ROOT, |index| ids[index]),
            },
            actions: Arc::new(actions),
        })
    }
}
