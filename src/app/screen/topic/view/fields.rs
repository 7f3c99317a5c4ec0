//! The fields a step is typed into, their labels and errors, and the step's
//! main button.

use iced::widget::{button, column, row, text};
use iced::{Alignment, Element};

use super::super::{FIRST_INPUT, Message, Panel, SECOND_INPUT, THIRD_INPUT, Typed};
use crate::app::accessibility::annotate::{self, Field};
use crate::app::chrome::theme;
use crate::i18n::Translator;

impl Panel {
    /// The step's main button; it waits while a request is out.
    pub(super) fn primary<'a>(&self, label: String) -> Element<'a, Message> {
        let submit = (!self.is_busy()).then_some(Message::Submit);
        annotate::button(button(text(label)).style(theme::primary), submit).into()
    }

    /// What is wrong with the step's field, read with the field.
    pub(super) fn field_error<'a>(&self, tr: &'a Translator) -> Option<Element<'a, Message>> {
        self.field_problem().map(|e| {
            annotate::field_error(
                text(e.words(tr, self.service_now())).style(theme::error_text),
                FIRST_INPUT,
            )
        })
    }

    /// A labelled input for the step; secrets are masked.
    pub(super) fn step_input<'a>(
        &'a self,
        tr: &'a Translator,
        label: String,
        secure: bool,
    ) -> Element<'a, Message> {
        self.step_input_with(tr, label, secure, String::new())
    }

    /// A step's input with an example shown while it is empty.
    pub(super) fn step_input_with<'a>(
        &'a self,
        tr: &'a Translator,
        label: String,
        secure: bool,
        example: String,
    ) -> Element<'a, Message> {
        column![self.labelled_input(label, secure, example)]
            .push(self.field_error(tr))
            .spacing(6)
            .into()
    }

    pub(super) fn labelled_input<'a>(
        &'a self,
        label: String,
        secure: bool,
        example: String,
    ) -> Element<'a, Message> {
        Field {
            label,
            label_shown: true,
            example,
            value: &self.input,
            secure,
            id: FIRST_INPUT,
            on_submit: Some(Message::Submit),
        }
        .view(|s| Message::InputChanged(Typed(s)))
    }

    /// A secret typed a second time, or the new answer: hidden unless the
    /// user chose to see it, with its own error under it.
    pub(super) fn second_input<'a>(
        &'a self,
        tr: &'a Translator,
        label: String,
    ) -> Element<'a, Message> {
        self.secret_field(tr, label, SECOND_INPUT, &self.second_input, |s| {
            Message::SecondInputChanged(Typed(s))
        })
    }

    pub(super) fn third_input<'a>(
        &'a self,
        tr: &'a Translator,
        label: String,
    ) -> Element<'a, Message> {
        self.secret_field(tr, label, THIRD_INPUT, &self.third_input, |s| {
            Message::ThirdInputChanged(Typed(s))
        })
    }

    pub(super) fn secret_field<'a>(
        &'a self,
        tr: &'a Translator,
        label: String,
        id: &'static str,
        value: &'a str,
        on_input: fn(String) -> Message,
    ) -> Element<'a, Message> {
        let field = Field {
            label,
            label_shown: true,
            example: String::new(),
            value,
            secure: !self.reveal,
            id,
            on_submit: Some(Message::Submit),
        }
        .view(on_input);
        let error = self.field_problem_at(id).map(|problem| {
            annotate::field_error(
                text(problem.words(tr, self.service_now())).style(theme::error_text),
                id,
            )
        });
        column![field].push(error).spacing(6).into()
    }

    /// "Show what I type" under a step's secret fields (they are hidden at first).
    pub(super) fn reveal_toggle<'a>(&self, tr: &'a Translator) -> Element<'a, Message> {
        annotate::button(
            button(text(tr.tr(if self.reveal {
                "button-hide-typed"
            } else {
                "button-show-typed"
            })))
            .style(theme::plain),
            Some(Message::RevealSecrets),
        )
        .name(tr.tr("button-show-typed"))
        .toggled(self.reveal)
        .into()
    }

    /// Where no file dialog can open: says so, and takes a typed path.
    pub(super) fn path_field<'a>(
        &'a self,
        tr: &'a Translator,
        label: String,
        submit: Message,
        button_label: String,
    ) -> Element<'a, Message> {
        // The label is drawn above the row, so the button lines up with the field.
        let input = Field {
            label: label.clone(),
            label_shown: false,
            example: String::new(),
            value: &self.typed_path,
            secure: false,
            id: super::super::PATH_INPUT,
            on_submit: Some(submit.clone()),
        }
        .view(Message::PathChanged);
        // A step of its own: why no dialog opened, with the focus in the field.
        annotate::step(
            column![
                annotate::status(
                    text(tr.tr(if self.paths_by_choice {
                        "typed-paths"
                    } else {
                        "no-file-dialog"
                    }))
                    .style(theme::warning_text)
                ),
                // Heard as the field's name, not a second time on its own.
                annotate::hidden(text(label)),
                row![
                    annotate::landing(input),
                    annotate::button(
                        button(text(button_label)).style(theme::primary),
                        Some(submit)
                    )
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            ]
            .spacing(6),
            None,
        )
    }
}
