//! Every topic from the first request to its outcome, as WebMoney runs it.

use keeper_recovery::client::Document;
use keeper_recovery::keyfile;
use keeper_recovery::protocol::{
    CaseState, Channel, ConfirmMethod, Expect, Outcome, StepRequest, TopicId, WaitReason,
};

use crate::common::*;

#[tokio::test]
async fn restore_password_with_security_answer_then_new_password() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    assert_eq!(
        case.next,
        Expect::SecurityAnswer {
            question: "Thành phố nơi bạn sinh ra?".into()
        }
    );

    let step = StepRequest::SecurityAnswer {
        answer: secret("  hà nội "),
    };
    let case = h.step(&case, &token, &step, "answer is accepted").await;
    assert_eq!(case.next, Expect::NewPassword { min_length: 8 });

    let step = StepRequest::NewPassword {
        password: secret("NewPassw0rd"),
    };
    let case = h.step(&case, &token, &step, "password is set").await;
    assert_eq!(case.state, CaseState::Completed);
    assert_eq!(case.outcome, Some(Outcome::PasswordChanged));
}

#[tokio::test]
async fn restore_password_by_phone_sends_the_wmid_list_instead() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id("+84 912 345 678"), "opens")
        .await;
    assert_eq!(
        case.next,
        Expect::Challenge {
            channels: vec![Channel::Sms],
            sent_to: vec!["+84 *** *** *78".into()]
        }
    );
    let case = h.send_code(&case, Channel::Sms, "list is sent").await;
    assert_eq!(
        case.outcome,
        Some(Outcome::AccountsSentIfRegistered {
            channel: Channel::Sms
        })
    );
    let outbox = h.admin.outbox().await.expect("outbox");
    let sms = outbox
        .iter()
        .find(|m| m.to == AN_PHONE)
        .expect("an SMS went to the phone");
    assert!(
        sms.text.contains(AN_WMID),
        "the SMS lists the WMID: {}",
        sms.text
    );
}

#[tokio::test]
async fn restore_password_for_personal_passport_goes_through_document_review() {
    let h = demo().await;
    let (case, token) = h
        .verified(
            TopicId::RestorePassword,
            BINH_WMID,
            Channel::Sms,
            BINH_PHONE,
        )
        .await;
    assert!(matches!(case.next, Expect::Documents { min_files: 1, .. }));

    let passport =
        Document::new("passport.pdf", b"%PDF-1.7 scanned passport".to_vec()).expect("a PDF");
    let case = h
        .client
        .upload_documents(&case.case_id, &token, &[passport])
        .await
        .expect("uploaded");
    assert_eq!(case.state, CaseState::UnderReview);
    let ready_at = case.ready_at.expect("review has an ETA");
    assert!(matches!(
        case.next,
        Expect::Wait {
            reason: WaitReason::DocumentReview,
            ..
        }
    ));

    h.advance(2 * 24 * 3600);
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("refreshed");
    assert_eq!(
        case.next,
        Expect::NewPassword { min_length: 8 },
        "review ended at {:?}",
        ready_at
    );
    let step = StepRequest::NewPassword {
        password: secret("Binh2026pass"),
    };
    let case = h.step(&case, &token, &step, "password set").await;
    assert_eq!(case.outcome, Some(Outcome::PasswordChanged));
}

#[tokio::test]
async fn change_phone_confirmed_through_the_old_number() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    assert_eq!(
        case.next,
        Expect::NewContact {
            channel: Channel::Sms
        }
    );

    let step = StepRequest::NewContact {
        value: "+84 901 234 567".into(),
    };
    let case = h.step(&case, &token, &step, "new number accepted").await;
    assert!(matches!(
        case.next,
        Expect::ContactCode {
            channel: Channel::Sms,
            ..
        }
    ));
    let step = StepRequest::ContactCode {
        code: h.code_sent_to("+84901234567").await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "new number confirmed").await;
    let Expect::ConfirmOld { methods, .. } = &case.next else {
        panic!("expected confirm_old, got {:?}", case.next)
    };
    assert_eq!(
        methods,
        &[
            ConfirmMethod::OldContact,
            ConfirmMethod::Enum,
            ConfirmMethod::SecurityQuestion
        ]
    );

    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::OldContact,
    };
    h.step(&case, &token, &step, "code to old number").await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_PHONE).await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "old number confirmed").await;
    assert_eq!(case.outcome, Some(Outcome::PhoneChanged));
}

#[tokio::test]
async fn change_phone_by_security_question_waits_out_the_security_period() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact {
        value: "+84901234567".into(),
    };
    h.step(&case, &token, &step, "new number").await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to("+84901234567").await.secret().clone(),
    };
    h.step(&case, &token, &step, "confirmed").await;
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::SecurityQuestion,
    };
    let case = h.step(&case, &token, &step, "question asked").await;
    assert!(matches!(case.next, Expect::SecurityAnswer { .. }));
    let step = StepRequest::SecurityAnswer {
        answer: secret("Hà Nội"),
    };
    let case = h.step(&case, &token, &step, "answer accepted").await;
    assert_eq!(case.state, CaseState::Waiting);
    assert!(case.ready_at.is_some());
    // The wait says the old phone and email were told, as they were, with
    // the stop code that ends the change.
    assert!(
        matches!(
            case.next,
            Expect::Wait {
                reason: WaitReason::SecurityPeriod,
                old_contacts_told: true,
                ..
            }
        ),
        "{:?}",
        case.next
    );
    let outbox = h.admin.outbox().await.expect("outbox");
    assert!(
        outbox
            .iter()
            .any(|m| m.to == AN_EMAIL && m.text.contains("stop code")),
        "the old email is told, with a stop code"
    );

    h.advance(3 * 24 * 3600 - 60);
    assert_eq!(
        h.client
            .case(&case.case_id, &h.token(&case))
            .await
            .expect("case")
            .state,
        CaseState::Waiting
    );
    h.advance(120);
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("case");
    assert_eq!(case.outcome, Some(Outcome::PhoneChanged));
}

#[tokio::test]
async fn deactivate_phone_tells_the_other_owner_and_detaches_after_a_day() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::DeactivatePhone, AN_PHONE, Channel::Sms, AN_PHONE)
        .await;
    assert_eq!(
        case.next,
        Expect::ConfirmDetach {
            phone: "+84 *** *** *78".into()
        }
    );
    let case = h
        .client
        .step(&case.case_id, &token, &StepRequest::ConfirmDetach)
        .await
        .expect("requested");
    assert_eq!(case.state, CaseState::Waiting);
    // The holder is told of the detach, but no change of the account's own
    // contacts is made, so no "your old contacts were told" is said.
    assert!(
        matches!(
            case.next,
            Expect::Wait {
                reason: WaitReason::SecurityPeriod,
                old_contacts_told: false,
                ..
            }
        ),
        "{:?}",
        case.next
    );
    let outbox = h.admin.outbox().await.expect("outbox");
    assert!(
        outbox
            .iter()
            .any(|m| m.to == AN_EMAIL && m.text.contains("detach")),
        "the holder is told by email"
    );

    h.advance(24 * 3600);
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("case");
    assert_eq!(case.outcome, Some(Outcome::PhoneDetached));
}

/// Support staff look at a case whose wait has ended, over HTTP and in the
/// panel: looking moves nothing. The case moves on when its owner asks.
#[tokio::test]
async fn inspecting_a_case_changes_nothing_until_its_owner_asks() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::DeactivatePhone, AN_PHONE, Channel::Sms, AN_PHONE)
        .await;
    h.client
        .step(&case.case_id, &token, &StepRequest::ConfirmDetach)
        .await
        .expect("requested");
    h.advance(24 * 3600);
    let outbox_before = h.admin.outbox().await.expect("outbox").len();

    for _ in 0..2 {
        let listed = h.admin.cases().await.expect("cases");
        assert_eq!(listed[0]["case"]["state"], "waiting", "{listed}");
        assert_eq!(listed[0]["wait_over"], true, "{listed}");
        let seen = h.mock.shared().engine(|e| e.inspect(&case.case_id));
        let seen = seen.expect("the case is there");
        assert_eq!(seen.case.state, CaseState::Waiting);
    }
    let outbox_after = h.admin.outbox().await.expect("outbox").len();
    assert_eq!(outbox_after, outbox_before, "looking sent nothing");

    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("case");
    assert_eq!(case.outcome, Some(Outcome::PhoneDetached));
    let listed = h.admin.cases().await.expect("cases");
    assert_eq!(listed[0]["wait_over"], false, "{listed}");
}

#[tokio::test]
async fn reregister_sim_sends_a_code_to_the_new_sim() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::ReregisterSim, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    assert_eq!(
        case.next,
        Expect::ReregisterSim {
            phone: "+84 *** *** *78".into()
        }
    );
    let case = h
        .client
        .step(&case.case_id, &token, &StepRequest::ReregisterSim)
        .await
        .expect("code to SIM");
    assert!(matches!(
        case.next,
        Expect::ContactCode {
            channel: Channel::Sms,
            ..
        }
    ));
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_PHONE).await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "SIM confirmed").await;
    assert_eq!(case.outcome, Some(Outcome::SimReregistered));
}

#[tokio::test]
async fn change_email_confirmed_by_sms() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::ChangeEmail, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    assert_eq!(
        case.next,
        Expect::NewContact {
            channel: Channel::Email
        }
    );
    let step = StepRequest::NewContact {
        value: "an.new@example.com".into(),
    };
    h.step(&case, &token, &step, "new address").await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to("an.new@example.com").await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "new address confirmed").await;
    assert!(
        matches!(&case.next, Expect::ConfirmOld { methods, .. } if methods.contains(&ConfirmMethod::Sms))
    );
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::Sms,
    };
    h.step(&case, &token, &step, "code by SMS").await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_PHONE).await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "confirmed").await;
    assert_eq!(case.outcome, Some(Outcome::EmailChanged));
}

#[tokio::test]
async fn change_security_question_after_enum_confirmation() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::ChangeSecurityQuestion, &id(AN_WMID), "opens")
        .await;
    assert_eq!(
        case.next,
        Expect::Challenge {
            channels: vec![Channel::Sms, Channel::Enum],
            sent_to: vec!["+84 *** *** *78".into(), "E-NUM +84 *** *** *78".into()]
        }
    );
    let case = h.send_code(&case, Channel::Enum, "E-NUM prompt").await;
    assert_eq!(
        case.next,
        Expect::Code {
            channel: Channel::Enum,
            sent_to: "E-NUM +84 *** *** *78".into()
        }
    );
    let verified = h
        .client
        .verify(
            &case.case_id,
            &h.token(&case),
            &h.code_sent_to(AN_PHONE).await,
        )
        .await
        .expect("verified");
    assert_eq!(verified.case.next, Expect::NewSecurityQuestion);

    let step = StepRequest::NewSecurityQuestion {
        question: "Tên con vật đầu tiên?".into(),
        answer: secret("Mèo"),
    };
    let case = h
        .client
        .step(&case.case_id, &verified.session_token, &step)
        .await
        .expect("changed");
    assert_eq!(case.outcome, Some(Outcome::SecurityQuestionChanged));
}

#[tokio::test]
async fn find_accounts_sends_the_list_by_email() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::FindAccounts, &id(AN_EMAIL), "opens")
        .await;
    let case = h.send_code(&case, Channel::Email, "sent").await;
    assert_eq!(
        case.outcome,
        Some(Outcome::AccountsSentIfRegistered {
            channel: Channel::Email
        })
    );
    let outbox = h.admin.outbox().await.expect("outbox");
    assert!(
        outbox
            .iter()
            .any(|m| m.to == AN_EMAIL && m.text.contains(AN_WMID))
    );
}

#[tokio::test]
async fn restore_keyfile_issues_a_file_that_opens_with_the_users_access_code() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::RestoreKeyfile, AN_WMID, Channel::Email, AN_EMAIL)
        .await;
    assert_eq!(case.state, CaseState::Ready);
    assert_eq!(case.outcome, Some(Outcome::KeyfileIssued));
    let Expect::Download { sha256, size } = &case.next else {
        panic!("expected a download, got {:?}", case.next)
    };
    let file = h
        .client
        .download_keyfile(&case.case_id, &token)
        .await
        .expect("downloaded");
    assert_eq!(&file.sha256, sha256);
    assert_eq!(file.bytes.len() as u64, *size);
    let wmid = AN_WMID.parse().expect("wmid");
    assert_eq!(
        keyfile::check(&file.bytes, &wmid, &secret(AN_KEY_CODE)),
        Ok(())
    );
    assert_eq!(
        keyfile::check(&file.bytes, &wmid, &secret("not-my-code")),
        Err(keyfile::KeyFileError::WrongAccessCode)
    );
}

#[tokio::test]
async fn restore_keyfile_with_documents_is_ready_after_review_approval() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::RestoreKeyfile, BINH_WMID, Channel::Sms, BINH_PHONE)
        .await;
    let scan = Document::new("passport.png", b"\x89PNG\r\n\x1a\nscan".to_vec()).expect("a PNG");
    let case = h
        .client
        .upload_documents(&case.case_id, &token, &[scan])
        .await
        .expect("uploaded");
    assert_eq!(case.state, CaseState::UnderReview);
    assert!(!case.reference.is_empty());
    assert!(matches!(
        h.client.download_keyfile(&case.case_id, &token).await,
        Err(keeper_recovery::client::ClientError::NotReady { eta: Some(_) })
    ));

    h.admin
        .decide_review(
            &case.case_id,
            keeper_recovery::mock::scenario::ReviewDecision::Approve,
        )
        .await
        .expect("support approves");
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("case");
    assert_eq!(case.state, CaseState::Ready);
    let file = h
        .client
        .download_keyfile(&case.case_id, &token)
        .await
        .expect("downloaded");
    let wmid = BINH_WMID.parse().expect("wmid");
    assert_eq!(
        keyfile::check(&file.bytes, &wmid, &secret("Binh-2024-key")),
        Ok(())
    );
}

#[tokio::test]
async fn rejected_review_says_why() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::RestoreKeyfile, BINH_WMID, Channel::Sms, BINH_PHONE)
        .await;
    let scan = Document::new("selfie.jpg", b"\xFF\xD8\xFF\xE0jpeg".to_vec()).expect("a JPEG");
    h.client
        .upload_documents(&case.case_id, &token, &[scan])
        .await
        .expect("uploaded");
    h.admin
        .decide_review(
            &case.case_id,
            keeper_recovery::mock::scenario::ReviewDecision::Reject,
        )
        .await
        .expect("support rejects");
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("case");
    assert_eq!(case.state, CaseState::Rejected);
    assert!(matches!(
        case.outcome,
        Some(Outcome::DocumentsRejected { .. })
    ));
}

#[tokio::test]
async fn expired_webpro_certificate_allows_a_new_certificate() {
    let h = demo().await;
    let (case, _) = h
        .verified(TopicId::RestoreKeyfile, OLGA_WMID, Channel::Sms, OLGA_PHONE)
        .await;
    assert_eq!(case.outcome, Some(Outcome::CertificateReissueAllowed));
}

#[tokio::test]
async fn restore_enum_sends_an_activation_code() {
    let h = demo().await;
    let (case, _) = h
        .verified(TopicId::RestoreEnum, OLGA_WMID, Channel::Sms, OLGA_PHONE)
        .await;
    assert_eq!(
        case.outcome,
        Some(Outcome::EnumActivationSent {
            sent_to: "+7 *** *** *89".into()
        })
    );
    let outbox = h.admin.outbox().await.expect("outbox");
    let last = outbox.last().expect("a message");
    assert!(last.text.contains("E-NUM activation code") && last.code.is_some());
}

#[tokio::test]
async fn cancel_ends_the_case_and_its_session() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    let cancelled = h
        .client
        .cancel(&case.case_id, &h.token(&case))
        .await
        .expect("cancelled");
    assert_eq!(cancelled.state, CaseState::Cancelled);
    let step = StepRequest::SecurityAnswer {
        answer: secret("Hà Nội"),
    };
    let err = h
        .client
        .step(&case.case_id, &token, &step)
        .await
        .expect_err("session ended");
    assert_eq!(err, keeper_recovery::client::ClientError::CaseNotFound);
    let read = h.client.case(&case.case_id, &h.token(&case)).await;
    assert_eq!(read.map(|c| c.state).ok(), Some(CaseState::Cancelled));
}
