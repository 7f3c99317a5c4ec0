//! Marks in the view that tell a screen reader what a widget is: a heading, a
//! button and what pressing it does, a labelled field, an alert. The marks
//! sit in the same widget tree that is drawn, so what is read always matches
//! what is shown; `collect` reads them with the layout's bounds.

use std::any::Any;
use std::sync::{Arc, Mutex};

use accesskit::{Live, Role};
use unicode_segmentation::UnicodeSegmentation;

use crate::app::focus::{Focus, Keys};
use iced::advanced::layout::Layout;
use iced::advanced::widget::{Operation, Tree, Widget, tree};
use iced::advanced::{Clipboard, Shell, mouse};
use iced::widget::{Button, text_input};
use iced::{Element, Event, Rectangle, Theme};

/// A message of some screen's type, made again each time it is sent.
pub(crate) type Erased = Arc<dyn Fn() -> Option<Box<dyn Any + Send>> + Send + Sync>;
/// What a field sends when its text is set.
pub(crate) type SetValue = Arc<dyn Fn(String) -> Box<dyn Any + Send> + Send + Sync>;
/// Lifts a screen's message into the message of the screen around it.
pub(crate) type Lift =
    Arc<dyn Fn(Box<dyn Any + Send>) -> Option<Box<dyn Any + Send>> + Send + Sync>;

/// What a marked widget is to a screen reader.
pub(crate) struct Annotation {
    pub role: Role,
    /// Said as the node's name; without it, the texts inside make the name.
    pub name: Option<String>,
    /// A field's text; `None` for a protected field, whose text is never read out.
    pub value: Option<String>,
    /// A field's text as drawn (a protected one's as dots), for the screen
    /// reader's text interface: reading by character, and setting it.
    pub drawn: Option<String>,
    pub live: Option<Live>,
    pub level: Option<usize>,
    /// On or off: a toggle button, or the chosen option.
    pub toggled: Option<bool>,
    /// The current one of a list (the topic on show).
    pub selected: Option<bool>,
    /// The texts inside are this node's name, not nodes of their own (marked
    /// widgets inside, such as a Retry button, still are).
    pub leaf: bool,
    pub click: Option<Erased>,
    pub set_value: Option<SetValue>,
    /// The text input that takes the keyboard when the screen reader focuses the node.
    pub input: Option<iced::widget::Id>,
    /// Options read as children (a pick list's choices).
    pub options: Vec<Choice>,
    /// Not read at all, nor anything inside.
    pub hidden: bool,
    /// Not a node: lifts the messages of everything inside (`Element::map`).
    pub lift: Option<Lift>,
    /// The digit key that also presses it.
    pub shortcut: Option<String>,
    /// Said after the name: what a part of the screen is about.
    pub description: Option<String>,
    /// Where a new step puts the keyboard's focus: the first control in here
    /// or after it (`focus::land`).
    pub landing: bool,
    /// A step begins here: its texts are what a screen reader says of it
    /// when it appears, and its first control is the landing unless a
    /// `landing` mark says otherwise.
    pub step: bool,
    /// Not a node of its own: only marks what is inside (a landing, a step).
    pub mark_only: bool,
    /// An error about the field with this input id: it describes the field
    /// and marks it invalid.
    pub describes: Option<iced::widget::Id>,
    /// A field's caret or selection, in characters: (anchor, focus).
    pub caret: Option<(usize, usize)>,
    /// Around the whole window: how many steps have been shown (which step
    /// a reading shows, whenever it was asked for).
    pub steps_shown: Option<u64>,
}

pub(crate) struct Choice {
    pub name: String,
    pub selected: bool,
    pub click: Erased,
}

impl Annotation {
    fn new(role: Role) -> Self {
        Annotation {
            role,
            name: None,
            value: None,
            drawn: None,
            live: None,
            level: None,
            toggled: None,
            selected: None,
            leaf: false,
            click: None,
            set_value: None,
            input: None,
            options: Vec::new(),
            hidden: false,
            lift: None,
            shortcut: None,
            description: None,
            landing: false,
            step: false,
            mark_only: false,
            describes: None,
            caret: None,
            steps_shown: None,
        }
    }
}

fn erase<M: Clone + Send + 'static>(message: M) -> Erased {
    let message = Mutex::new(message);
    Arc::new(move || {
        let message = message.lock().ok()?.clone();
        Some(Box::new(message) as Box<dyn Any + Send>)
    })
}

/// A widget with its annotation; drawn and driven exactly as its content.
pub(crate) struct Annotated<'a, M> {
    content: Element<'a, M>,
    annotation: Annotation,
}

impl<'a, M: 'a> Annotated<'a, M> {
    fn new(content: impl Into<Element<'a, M>>, annotation: Annotation) -> Self {
        Annotated {
            content: content.into(),
            annotation,
        }
    }

    /// Names the node, instead of the texts inside it.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.annotation.name = Some(name.into());
        self
    }

    /// The current item of a list, still read as a button.
    pub fn selected(mut self, selected: bool) -> Self {
        self.annotation.selected = Some(selected);
        self
    }

    /// Read as on or off (pressed, or the chosen one of several).
    pub fn toggled(mut self, on: bool) -> Self {
        self.annotation.toggled = Some(on);
        self
    }

    /// Said after the name: what the control does, as the line under its label shows.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.annotation.description = Some(description.into());
        self
    }

    /// The digit key that also presses it, as the screen reader says it.
    pub fn shortcut(mut self, key: usize) -> Self {
        self.annotation.shortcut = Some(key.to_string());
        self
    }
}

/// A heading: the screen's title (level 1) or a part's (level 2).
pub(crate) fn heading<'a, M: 'a>(
    content: impl Into<Element<'a, M>>,
    level: usize,
) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::Heading);
    annotation.level = Some(level);
    annotation.leaf = true;
    Annotated::new(content, annotation).into()
}

/// Where a step puts the keyboard's focus when it appears: the first
/// control in `content`, or after it. The last mark on screen wins, so a
/// part of a step (the path field shown when no file dialog opens) can take
/// the focus from the step around it.
pub(crate) fn landing<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::GenericContainer);
    annotation.landing = true;
    annotation.mark_only = true;
    Annotated::new(content, annotation).into()
}

/// A step: its texts (outside its controls) are what a screen reader says
/// of it when it appears, with the control the focus lands on, which is
/// its first unless a `landing` mark says otherwise. `keys` says how its
/// digit keys work (not drawn: the digits beside its choices show it).
pub(crate) fn step<'a, M: 'a>(
    content: impl Into<Element<'a, M>>,
    keys: Option<String>,
) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::GenericContainer);
    annotation.step = true;
    annotation.mark_only = true;
    annotation.description = keys;
    Annotated::new(content, annotation).into()
}

/// The whole window, showing the `steps_shown`th step: a reading knows
/// from it which step it shows, whenever it was asked for (a reading asked
/// before a step came may be taken after it came).
pub(crate) fn window<'a, M: 'a>(
    content: impl Into<Element<'a, M>>,
    steps_shown: u64,
) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::GenericContainer);
    annotation.steps_shown = Some(steps_shown);
    annotation.mark_only = true;
    Annotated::new(content, annotation).into()
}

/// Drawn, but not read: a label the field beside it already says.
pub(crate) fn hidden<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::GenericContainer);
    annotation.hidden = true;
    Annotated::new(content, annotation).into()
}

/// A list of items (the nine topics), named.
pub(crate) fn list<'a, M: 'a>(content: impl Into<Element<'a, M>>, name: String) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::List);
    annotation.name = Some(name);
    Annotated::new(content, annotation).into()
}

/// An error the screen reader says at once, interrupting.
pub(crate) fn alert<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::Alert);
    annotation.live = Some(Live::Assertive);
    // Its texts are its name, said once when it appears.
    annotation.leaf = true;
    Annotated::new(content, annotation).into()
}

/// An error about the field whose input has this id: said at once, and
/// read with the field (its description, and the field is marked invalid)
/// whenever the field is focused again.
pub(crate) fn field_error<'a, M: 'a>(
    content: impl Into<Element<'a, M>>,
    field: &'static str,
) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::Alert);
    annotation.live = Some(Live::Assertive);
    annotation.leaf = true;
    annotation.describes = Some(iced::widget::Id::new(field));
    Annotated::new(content, annotation).into()
}

/// News the screen reader says when it is done speaking: progress, "a code was sent".
pub(crate) fn status<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::Status);
    annotation.live = Some(Live::Polite);
    annotation.leaf = true;
    Annotated::new(content, annotation).into()
}

/// A button and what it sends; without `on_press` it is read as unavailable.
/// Tab reaches it either way; Enter and Space press it.
pub(crate) fn button<'a, M: Clone + Send + 'static>(
    button: Button<'a, M>,
    on_press: Option<M>,
) -> Annotated<'a, M> {
    let mut annotation = Annotation::new(Role::Button);
    annotation.leaf = true;
    annotation.click = on_press.clone().map(erase);
    let keys = on_press.clone().map_or(Keys::Unavailable, Keys::Press);
    Annotated::new(
        Focus::new(button.on_press_maybe(on_press), keys),
        annotation,
    )
}

/// A text field under its label, and the message its text goes out in. A
/// `secure` field is masked on screen and read only as a password field,
/// never with its text.
pub(crate) struct Field<'a, M> {
    pub label: String,
    /// Drawn above the field; without it the label is only the field's name
    /// to the screen reader (the screen says it some other way).
    pub label_shown: bool,
    /// Shown in the empty field.
    pub example: String,
    pub value: &'a str,
    pub secure: bool,
    pub id: &'static str,
    pub on_submit: Option<M>,
}

impl<'a, M: Clone + Send + 'static> Field<'a, M> {
    pub fn view(self, on_input: impl Fn(String) -> M + Send + Sync + 'static) -> Element<'a, M> {
        self.view_with(on_input, |input| input)
    }

    /// As `view`, with the input's look changed by `restyle` (a smaller
    /// field, say); what is read is the same.
    pub fn view_with(
        self,
        on_input: impl Fn(String) -> M + Send + Sync + 'static,
        restyle: impl FnOnce(text_input::TextInput<'a, M>) -> text_input::TextInput<'a, M>,
    ) -> Element<'a, M> {
        let on_input = Arc::new(on_input);
        let send = on_input.clone();
        let input = restyle(
            text_input(&self.example, self.value)
                .id(self.id)
                .secure(self.secure)
                .on_input(move |text| send(text))
                .on_submit_maybe(self.on_submit)
                .padding(8)
                .style(crate::app::chrome::theme::field),
        );
        let mut annotation = Annotation::new(if self.secure {
            Role::PasswordInput
        } else {
            Role::TextInput
        });
        annotation.value = (!self.secure).then(|| self.value.to_owned());
        annotation.drawn = Some(if self.secure {
            // As drawn: a dot for each character (grapheme) typed.
            "•".repeat(self.value.graphemes(true).count())
        } else {
            self.value.to_owned()
        });
        annotation.leaf = true;
        annotation.input = Some(iced::widget::Id::new(self.id));
        annotation.set_value = Some(Arc::new(move |text| {
            Box::new(on_input(text)) as Box<dyn Any + Send>
        }));
        // The label is the field's name, not a text of its own.
        annotation.name = Some(self.label.clone());
        let field = Annotated::new(input, annotation);
        if self.label_shown {
            let label = hidden(iced::widget::text(self.label));
            iced::widget::column![label, field].spacing(6).into()
        } else {
            field.into()
        }
    }
}

/// A drop-down list, read as a group of choices the screen reader can press;
/// with the keyboard's focus, the arrows pick another choice.
pub(crate) fn choices<'a, M: Clone + Send + 'static>(
    content: impl Into<Element<'a, M>>,
    name: String,
    options: impl IntoIterator<Item = (String, bool, M)>,
) -> Element<'a, M> {
    let mut annotation = Annotation::new(Role::RadioGroup);
    annotation.name = Some(name);
    annotation.leaf = true;
    let options: Vec<(String, bool, M)> = options.into_iter().collect();
    // Focused, the arrows pick another choice, as in a radio group.
    let keys = Keys::Choose {
        chosen: options
            .iter()
            .position(|(_, selected, _)| *selected)
            .unwrap_or(0),
        options: options
            .iter()
            .map(|(_, _, message)| message.clone())
            .collect(),
    };
    annotation.options = options
        .into_iter()
        .map(|(name, selected, message)| Choice {
            name,
            selected,
            click: erase(message),
        })
        .collect();
    Annotated::new(Focus::new(content, keys), annotation).into()
}

/// `Element::map`, telling the screen reader's actions how to reach the app.
pub(crate) fn map<'a, A, B>(
    content: Element<'a, A>,
    lift: impl Fn(A) -> B + Clone + Send + Sync + 'static,
) -> Element<'a, B>
where
    A: Send + 'static,
    B: Send + 'static,
{
    let mut annotation = Annotation::new(Role::GenericContainer);
    let erased = lift.clone();
    annotation.lift = Some(Arc::new(move |message: Box<dyn Any + Send>| {
        let message = message.downcast::<A>().ok()?;
        Some(Box::new(erased(*message)) as Box<dyn Any + Send>)
    }));
    Annotated::new(content.map(lift), annotation).into()
}

/// The caret or selection of the focused text input whose state `tree`
/// holds, in characters of its text as drawn; none while it is unfocused.
fn caret(tree: &Tree, drawn: Option<&str>) -> Option<(usize, usize)> {
    type InputState =
        text_input::State<<iced::Renderer as iced::advanced::text::Renderer>::Paragraph>;
    if tree.tag != tree::Tag::of::<InputState>() {
        return None;
    }
    let state = tree.state.downcast_ref::<InputState>();
    if !state.is_focused() {
        return None;
    }
    let value = text_input::Value::new(drawn.unwrap_or_default());
    Some(match state.cursor().state(&value) {
        text_input::cursor::State::Index(at) => (at, at),
        text_input::cursor::State::Selection { start, end } => (start, end),
    })
}

impl<'a, M: 'a> From<Annotated<'a, M>> for Element<'a, M> {
    fn from(annotated: Annotated<'a, M>) -> Self {
        Element::new(annotated)
    }
}

impl<M> Widget<M, Theme, iced::Renderer> for Annotated<'_, M> {
    crate::app::forward::forward_to_content!(M);

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        if self.annotation.drawn.is_some() {
            self.annotation.caret = caret(tree, self.annotation.drawn.as_deref());
        }
        operation.custom(None, layout.bounds(), &mut self.annotation);
        operation.traverse(&mut |operation| {
            self.content
                .as_widget_mut()
                .operate(tree, layout, renderer, operation);
        });
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        self.content.as_widget_mut().update(
            tree, event, layout, cursor, renderer, clipboard, shell, viewport,
        );
    }
}
