//! Topic 8's last step, in stages: download, save, open, prove.

use iced::widget::{button, column, row, text};
use iced::{Alignment, Element, Length};

use super::super::{FIRST_INPUT, Message, Panel, keyfile};
use super::reference_line;

use crate::app::accessibility::annotate;
use crate::app::chrome::theme;
use crate::i18n::{Arg, Translator};
use crate::protocol::{Case, CaseState, Outcome};

impl Panel {
    /// Topic 8's last step, in stages: download, save (asking before a
    /// replace), open with the access code, prove. Each stage is a step a
    /// screen reader hears once, with the focus on its first control.
    pub(super) fn download_view<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let ready = text(tr.tr("keyfile-ready"));
        if !self.keyfile.downloaded() {
            return annotate::step(
                column![ready, self.primary(tr.tr("button-download"))].spacing(8),
                None,
            );
        }
        if self.keyfile.asks_to_replace() {
            // The focus lands on saving elsewhere, not on replacing.
            return annotate::step(
                column![
                    ready,
                    text(tr.tr("keyfile-exists-replace")),
                    row![
                        annotate::button(
                            button(text(tr.tr("button-replace"))).style(theme::danger),
                            Some(Message::Keyfile(keyfile::Message::ReplaceExisting))
                        ),
                        annotate::landing(annotate::button(
                            button(text(tr.tr("button-save-keyfile"))).style(theme::primary),
                            (!self.keyfile.dialog_open())
                                .then_some(Message::Keyfile(keyfile::Message::Save))
                        )),
                    ]
                    .spacing(8),
                ]
                .spacing(8),
                None,
            );
        }
        let save = annotate::button(
            button(text(tr.tr("button-save-keyfile"))).style(theme::primary),
            (!self.keyfile.dialog_open()).then_some(Message::Keyfile(keyfile::Message::Save)),
        );
        let mut col = column![annotate::step(column![ready, save].spacing(8), None)].spacing(8);
        if self.no_dialog && self.keyfile.typing_path() {
            col = col.push(self.path_field(
                tr,
                tr.tr("path-label-keyfile"),
                Message::Keyfile(keyfile::Message::SaveToTypedPath),
                tr.tr("button-save-here"),
            ));
        }
        let Some(path) = self.keyfile.saved_to() else {
            return col.into();
        };
        let saved = text(tr.tr_args(
            "keyfile-saved",
            &[("path", Arg::Text(path.display().to_string()))],
        ));
        let code = annotate::landing(self.step_input(tr, tr.tr("access-code-label"), true));
        let check = annotate::button(
            button(text(tr.tr("button-check-keyfile"))).style(theme::primary),
            Some(Message::Keyfile(keyfile::Message::CheckAccessCode)),
        );
        let close = annotate::button(
            button(text(tr.tr("button-close"))).style(theme::primary),
            Some(Message::Keyfile(keyfile::Message::Close)),
        );
        col = match self.keyfile.check() {
            None => col.push(annotate::step(column![saved, code, check].spacing(8), None)),
            // The code did not open the file: said as the step, with the
            // focus back in the code's field (its error is read with it).
            Some(Err(error)) => col.push(saved).push(code).push(check).push(annotate::step(
                annotate::field_error(
                    text(tr.keyfile_error(error)).style(theme::error_text),
                    FIRST_INPUT,
                ),
                None,
            )),
            Some(Ok(())) => col.push(saved).push(code).push(check).push(annotate::step(
                column![
                    annotate::status(text(tr.tr("keyfile-check-ok")).style(theme::success_text)),
                    self.proof_view(tr),
                ]
                .spacing(8),
                None,
            )),
        };
        col.push(close).into()
    }

    /// After the access code opened the file: sign the service's challenge here.
    pub(super) fn proof_view<'a>(&self, tr: &'a Translator) -> Element<'a, Message> {
        // Once proven, the focus lands on the next control: Close.
        if self.keyfile.is_proven() {
            return annotate::landing(annotate::status(
                text(tr.tr("keyfile-proof-ok")).style(theme::success_text),
            ));
        }
        let prove = annotate::landing(annotate::button(
            button(text(tr.tr("button-prove-keyfile"))).style(theme::primary),
            (!self.is_busy()).then_some(Message::Keyfile(keyfile::Message::Prove)),
        ));
        let mut col = column![text(tr.tr("keyfile-prove-hint")).size(14), prove].spacing(6);
        if self.is_busy() && self.proving() {
            col = col.push(annotate::status(text(tr.tr("keyfile-proving"))));
        }
        if let Some((problem, retry)) = self.failure_at(super::super::Place::Proof) {
            let mut line = row![
                text(problem.words(tr, self.service_now()))
                    .style(theme::error_text)
                    .width(Length::Fill)
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            if retry && !self.is_busy() {
                line = line.push(annotate::button(
                    button(text(tr.tr("button-retry"))).style(theme::primary),
                    Some(Message::Retry),
                ));
            }
            col = col.push(annotate::alert(line));
        }
        col.into()
    }

    /// The outcome, and the reference to quote to support: said as the last step.
    /// The key file's outcome: saved and checked by now, so it says where,
    /// with the way to that folder. The reference stays, to quote to support.
    pub(super) fn keyfile_outcome<'a>(
        &self,
        case: &Case,
        tr: &'a Translator,
    ) -> Element<'a, Message> {
        let outcome = Outcome::KeyfileIssued;
        let Some(path) = self.keyfile.saved_to() else {
            return self.finish_view(Some(&outcome), CaseState::Completed, case, tr);
        };
        annotate::step(
            column![
                annotate::heading(text(tr.outcome_title(&outcome)).size(20), 2),
                text(tr.tr_args(
                    // Said to open with the access code only once it did.
                    if matches!(self.keyfile.check(), Some(Ok(()))) {
                        "outcome-keyfile-saved-at"
                    } else {
                        "outcome-keyfile-saved-unchecked"
                    },
                    &[("path", Arg::Text(path.display().to_string()))],
                )),
                reference_line(case, tr),
                row![
                    annotate::button(
                        button(text(tr.tr("button-show-in-folder"))).style(theme::secondary),
                        Some(Message::ShowKeyfileFolder)
                    ),
                    annotate::button(
                        button(text(tr.tr("button-start-again"))).style(theme::primary),
                        Some(Message::StartAgain)
                    ),
                ]
                .spacing(8)
                .wrap(),
            ]
            .spacing(12),
            None,
        )
    }
}
