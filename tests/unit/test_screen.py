"""Unit tests of repflow.mail.screen: every rule, every language, and the offers it must let by."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from repflow.mail.models import Address, InboundEmail
from repflow.mail.screen import (
    OWN_MAIL_HEADER,
    SCREEN_HEADERS,
    Blocklist,
    ScreenReason,
    ScreenVerdict,
    SesVerdicts,
    screen_email,
)

OFFER_TEXT = (
    "Hi Maya,\n\n"
    "I'm Jordan, influencer lead at Glow Labs. We love your skincare reels and would like to "
    "offer a paid partnership: 2 Instagram reels and 3 stories in May, $2,500 flat fee, "
    "30 days of usage rights. Could you send your rate card and availability?\n\n"
    "Best,\nJordan\nGlow Labs"
)


def addr(value: str, name: str = "") -> Address:
    return Address(name, value.lower())


def make_email(
    *,
    subject: str = "Paid partnership with Glow Labs",
    text: str = OFFER_TEXT,
    html: str | None = None,
    from_: str | Address | None = "jordan@glowlabs.com",
    reply_to: Sequence[str | Address] = (),
    to: Sequence[str | Address] = ("maya@creator.com",),
    cc: Sequence[str | Address] = (),
    headers: Mapping[str, str | Sequence[str]] | None = None,
    content_type: str = "text/plain",
    part_types: Sequence[str] = (),
) -> InboundEmail:
    def as_addr(value: str | Address) -> Address:
        return value if isinstance(value, Address) else addr(value)

    normalised: dict[str, tuple[str, ...]] = {}
    for name, value in (headers or {}).items():
        normalised[name.lower()] = (value,) if isinstance(value, str) else tuple(value)
    return InboundEmail(
        message_id="<m1@glowlabs.com>",
        in_reply_to=None,
        references=(),
        date=datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
        from_=as_addr(from_) if from_ is not None else None,
        reply_to=tuple(as_addr(a) for a in reply_to),
        to=tuple(as_addr(a) for a in to),
        cc=tuple(as_addr(a) for a in cc),
        subject=subject,
        text=text,
        html=html,
        attachments=(),
        headers=normalised,
        size=len(text),
        defects=(),
        content_type=content_type,
        part_types=tuple(part_types),
    )


def reason(email: InboundEmail, **kwargs: Any) -> ScreenReason | None:
    verdict = screen_email(email, **kwargs)
    return verdict.reason if verdict else None


# ------------------------------------------------------------------------------------------
# Human mail is not screened
# ------------------------------------------------------------------------------------------


def test_plain_offer_is_not_screened() -> None:
    assert screen_email(make_email()) is None


def test_offer_with_hubspot_style_list_unsubscribe_and_unsubscribe_word_is_not_screened() -> None:
    text = OFFER_TEXT + "\n\nNot interested? Just reply 'unsubscribe' and I won't follow up."
    html = (
        "<p>" + OFFER_TEXT.replace("\n", "<br>") + "</p>"
        '<p style="font-size:10px"><a href="https://hs.example/unsub">Unsubscribe</a></p>'
    )
    email = make_email(
        text=text,
        html=html,
        headers={
            "List-Unsubscribe": "<https://app.hubspot.com/unsubscribe/123>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-HubSpot-Sequence": "1",
            "X-Mailer": "HubSpot Sales",
        },
    )
    assert screen_email(email) is None


def test_offer_mentioning_out_of_office_later_is_not_screened() -> None:
    text = (
        OFFER_TEXT
        + "\n\n"
        + ("Campaign details follow. " * 60)
        + (
            "\nOur 'Out of Office' capsule launches in June; I am currently out of the office "
            "on Fridays, so Thursday calls are best."
        )
    )
    assert len(text) > 1500
    assert screen_email(make_email(text=text)) is None


@pytest.mark.parametrize(
    "subject",
    [
        "Re: Out of office merch collab",
        "Out of Office merch collab",
        "Re: Automatic reply: Paid partnership with Glow Labs",
        "Fwd: Undeliverable: old thread",
        "Delivery failed for your PR package",
        "Our notification campaign with Acme",
        "Afwezigheid van merken op TikTok? Let's fix that",
    ],
)
def test_human_subjects_that_look_like_machine_ones_are_not_screened(subject: str) -> None:
    assert screen_email(make_email(subject=subject)) is None


def test_x_auto_response_suppress_alone_is_not_an_auto_reply() -> None:
    for value in ("All", "OOF, AutoReply", "DR, RN, NRN, OOF, AutoReply"):
        email = make_email(headers={"X-Auto-Response-Suppress": value})
        assert screen_email(email) is None


def test_auto_submitted_no_is_human() -> None:
    assert screen_email(make_email(headers={"Auto-Submitted": "no"})) is None


def test_auto_forwarded_is_not_an_auto_reply() -> None:
    assert screen_email(make_email(headers={"Auto-Submitted": "auto-forwarded"})) is None


# ------------------------------------------------------------------------------------------
# Own mail
# ------------------------------------------------------------------------------------------


def test_own_mail_header_any_value() -> None:
    verdict = screen_email(make_email(headers={OWN_MAIL_HEADER: ""}))
    assert verdict == ScreenVerdict(ScreenReason.OWN_MAIL, "header x-repflow-reply")


def test_own_mail_by_address_case_insensitive() -> None:
    email = make_email(from_="maya@creator.com")
    assert reason(email, own_addresses=["Maya@Creator.com"]) is ScreenReason.OWN_MAIL


def test_own_mail_by_domain_and_subdomain() -> None:
    email = make_email(from_="reply@mail.repflow.app")
    assert reason(email, own_domains=["repflow.app"]) is ScreenReason.OWN_MAIL
    assert reason(make_email(from_="a@notrepflow.app"), own_domains=["repflow.app"]) is None


def test_own_mail_wins_over_auto_submitted() -> None:
    # Our replies carry Auto-Submitted: auto-replied too; the reason must say they are ours.
    email = make_email(headers={OWN_MAIL_HEADER: "1", "Auto-Submitted": "auto-replied"})
    assert reason(email) is ScreenReason.OWN_MAIL


# ------------------------------------------------------------------------------------------
# SES verdicts
# ------------------------------------------------------------------------------------------

RECEIPT = {
    "timestamp": "2025-03-01T12:00:00.000Z",
    "spamVerdict": {"status": "PASS"},
    "virusVerdict": {"status": "PASS"},
    "spfVerdict": {"status": "PASS"},
    "dkimVerdict": {"status": "GRAY"},
    "dmarcVerdict": {"status": "PASS"},
}


def test_ses_verdicts_from_receipt() -> None:
    verdicts = SesVerdicts.from_receipt(RECEIPT)
    assert verdicts == SesVerdicts(spam="PASS", virus="PASS", spf="PASS", dkim="GRAY", dmarc="PASS")
    assert screen_email(make_email(), verdicts=verdicts) is None


def test_ses_verdicts_from_receipt_tolerates_missing_and_malformed() -> None:
    verdicts = SesVerdicts.from_receipt({"spamVerdict": "nope", "virusVerdict": {"status": 3}})
    assert verdicts == SesVerdicts()


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("virusVerdict", ScreenReason.VIRUS),
        ("spamVerdict", ScreenReason.SPAM),
        ("dmarcVerdict", ScreenReason.DMARC_FAIL),
    ],
)
def test_ses_fail_verdicts_screen(field: str, expected: ScreenReason) -> None:
    verdicts = SesVerdicts.from_receipt({**RECEIPT, field: {"status": "FAIL"}})
    assert reason(make_email(), verdicts=verdicts) is expected


def test_ses_gray_and_processing_failed_do_not_screen() -> None:
    for status in ("GRAY", "PROCESSING_FAILED", "DISABLED"):
        verdicts = SesVerdicts(spam=status, virus=status, dmarc=status)
        assert screen_email(make_email(), verdicts=verdicts) is None


def test_ses_verdict_order_virus_before_spam_before_dmarc() -> None:
    all_fail = SesVerdicts(spam="FAIL", virus="FAIL", dmarc="FAIL")
    assert reason(make_email(), verdicts=all_fail) is ScreenReason.VIRUS
    assert reason(make_email(), verdicts=SesVerdicts(spam="FAIL", dmarc="FAIL")) is (
        ScreenReason.SPAM
    )


def test_dmarc_policy_in_detail() -> None:
    verdicts = SesVerdicts.from_receipt(
        {**RECEIPT, "dmarcVerdict": {"status": "FAIL"}, "dmarcPolicy": "REJECT"}
    )
    verdict = screen_email(make_email(), verdicts=verdicts)
    assert verdict == ScreenVerdict(ScreenReason.DMARC_FAIL, "ses dmarc=FAIL policy=reject")


SES_HEADERS = {
    "X-SES-Spam-Verdict": "PASS",
    "X-SES-Virus-Verdict": "PASS",
    "Received-SPF": "pass (spfCheck: domain of glowlabs.com designates 1.2.3.4 as permitted "
    "sender) client-ip=1.2.3.4; envelope-from=jordan@glowlabs.com;",
    "Authentication-Results": "amazonses.com; spf=pass (spfCheck: domain of glowlabs.com "
    "designates 1.2.3.4 as permitted sender) smtp.mailfrom=jordan@glowlabs.com; "
    "dkim=pass header.i=@glowlabs.com; dmarc=pass header.from=glowlabs.com;",
}


def test_ses_verdicts_from_headers() -> None:
    verdicts = SesVerdicts.from_headers(make_email(headers=SES_HEADERS))
    assert verdicts == SesVerdicts(spam="PASS", virus="PASS", spf="PASS", dkim="PASS", dmarc="PASS")


def test_ses_verdicts_from_headers_failures_screen() -> None:
    headers = {
        **SES_HEADERS,
        "Authentication-Results": "amazonses.com; spf=fail smtp.mailfrom=x@glowlabs.com; "
        "dkim=fail header.i=@glowlabs.com; dmarc=fail header.from=glowlabs.com;",
    }
    email = make_email(headers=headers)
    verdicts = SesVerdicts.from_headers(email)
    assert (verdicts.spf, verdicts.dkim, verdicts.dmarc) == ("FAIL", "FAIL", "FAIL")
    assert reason(email) is ScreenReason.DMARC_FAIL
    assert reason(make_email(headers={**SES_HEADERS, "X-SES-Spam-Verdict": "FAIL"})) is (
        ScreenReason.SPAM
    )
    assert reason(make_email(headers={**SES_HEADERS, "X-SES-Virus-Verdict": "FAIL"})) is (
        ScreenReason.VIRUS
    )


def test_authentication_results_of_other_servers_are_ignored() -> None:
    headers = {"Authentication-Results": "mx.google.com; dmarc=fail header.from=glowlabs.com"}
    email = make_email(headers=headers)
    assert SesVerdicts.from_headers(email) == SesVerdicts()
    assert screen_email(email) is None


def test_explicit_verdicts_take_precedence_over_headers() -> None:
    email = make_email(headers={**SES_HEADERS, "X-SES-Spam-Verdict": "FAIL"})
    assert screen_email(email, verdicts=SesVerdicts(spam="PASS")) is None


# ------------------------------------------------------------------------------------------
# Bounces and reports
# ------------------------------------------------------------------------------------------


def test_multipart_report_is_bounce() -> None:
    email = make_email(
        content_type="multipart/report",
        headers={"Content-Type": 'multipart/report; report-type="delivery-status"; boundary=x'},
        part_types=("text/plain", "message/delivery-status", "message/rfc822"),
    )
    assert screen_email(email) == ScreenVerdict(
        ScreenReason.BOUNCE, "multipart/report delivery-status"
    )


def test_delivery_status_part_is_bounce() -> None:
    email = make_email(content_type="multipart/mixed", part_types=("message/delivery-status",))
    assert reason(email) is ScreenReason.BOUNCE
    assert reason(make_email(content_type="message/delivery-status")) is ScreenReason.BOUNCE
    global_dsn = make_email(part_types=("message/global-delivery-status",))
    assert reason(global_dsn) is ScreenReason.BOUNCE


def test_arf_is_bounce_with_detail_arf() -> None:
    email = make_email(
        content_type="multipart/report",
        part_types=("text/plain", "message/feedback-report", "message/rfc822"),
    )
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "arf")


def test_read_receipt_mdn_is_auto_reply() -> None:
    email = make_email(
        content_type="multipart/report",
        headers={"Content-Type": "multipart/report; report-type=disposition-notification"},
        part_types=("text/plain", "message/disposition-notification"),
    )
    assert screen_email(email) == ScreenVerdict(ScreenReason.AUTO_REPLY, "mdn")


@pytest.mark.parametrize(
    "sender",
    [
        addr("MAILER-DAEMON@mx.example.com"),
        addr("mailer-daemon@googlemail.com", "Mail Delivery Subsystem"),
        addr("postmaster@example.no"),
        addr("mail-daemon@example.org"),
        addr("bounces-handler@example.org", "Mail Delivery System"),
        addr("", "MAILER DAEMON"),
    ],
)
def test_daemon_senders_are_bounces(sender: Address) -> None:
    assert reason(make_email(from_=sender, subject="Hello")) is ScreenReason.BOUNCE


@pytest.mark.parametrize(
    "subject",
    [
        "Undeliverable: Paid partnership",
        "Undeliverable Mail",
        "Delivery Status Notification (Failure)",
        "Delivery Status Notification (Delay)",
        "Returned mail: see transcript for details",
        "Mail delivery failed: returning message to sender",
        "failure notice",
        "Undelivered Mail Returned to Sender",
        "Delivery Notification: Delivery has failed",
        "Delivery has failed to these recipients or groups",
        "Non remis : Partenariat",
        "Unzustellbar: Kooperation",
        "Nicht zustellbar: Kooperation",
        "Non recapitabile: Collaborazione",
        "No se puede entregar: Colaboración",
        "Warning: could not send message for past 4 hours",
    ],
)
def test_bounce_subjects(subject: str) -> None:
    assert reason(make_email(subject=subject, from_="server@mx.example.com")) is (
        ScreenReason.BOUNCE
    )


def test_x_failed_recipients_is_bounce() -> None:
    email = make_email(headers={"X-Failed-Recipients": "someone@example.com"})
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "header x-failed-recipients")


def test_exchange_ndr_header_is_bounce() -> None:
    assert reason(make_email(headers={"X-MS-Exchange-Message-Is-Ndr": ""})) is ScreenReason.BOUNCE


def test_null_return_path_is_bounce() -> None:
    verdict = screen_email(make_email(headers={"Return-Path": "<>"}))
    assert verdict == ScreenVerdict(ScreenReason.BOUNCE, "null return-path")


def test_null_return_path_with_auto_reply_headers_is_auto_reply() -> None:
    # RFC 3834 asks auto-responders to use the null sender: that must not make an OOF a bounce.
    email = make_email(headers={"Return-Path": "<>", "Auto-Submitted": "auto-replied"})
    assert reason(email) is ScreenReason.AUTO_REPLY


def test_bounce_detail_has_no_address() -> None:
    verdict = screen_email(make_email(from_="MAILER-DAEMON@mx.secret-domain.com"))
    assert verdict is not None
    assert "secret-domain" not in verdict.detail
    assert "@" not in verdict.detail


# ------------------------------------------------------------------------------------------
# Auto-replies: headers
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({"Auto-Submitted": "auto-replied"}, "header auto-submitted=auto-replied"),
        ({"Auto-Submitted": "auto-generated (failure)"}, "header auto-submitted=auto-generated"),
        ({"Auto-Submitted": "Auto-Notified"}, "header auto-submitted=auto-notified"),
        ({"X-Autoreply": "yes"}, "header x-autoreply"),
        ({"X-Autorespond": "Vacation"}, "header x-autorespond"),
        ({"X-Autogenerated": "Reply"}, "header x-autogenerated"),
        ({"X-AutoReply-From": "jordan@glowlabs.com"}, "header x-autoreply-from"),
        ({"X-Mail-Autoreply": "1"}, "header x-mail-autoreply"),
        ({"X-FC-MachineGenerated": "true"}, "header x-fc-machinegenerated"),
        ({"X-Auto-Generated": "1"}, "header x-auto-generated"),
        ({"Precedence": "auto_reply"}, "header precedence=auto_reply"),
        ({"X-Precedence": "auto_reply"}, "header x-precedence=auto_reply"),
    ],
)
def test_auto_reply_headers(headers: dict[str, str], detail: str) -> None:
    assert screen_email(make_email(headers=headers)) == ScreenVerdict(
        ScreenReason.AUTO_REPLY, detail
    )


def test_x_autoreply_false_is_not_auto() -> None:
    assert screen_email(make_email(headers={"X-Autoreply": "no"})) is None


def test_x_autogenerated_forward_is_not_auto() -> None:
    assert screen_email(make_email(headers={"X-Autogenerated": "Forward"})) is None


def test_ms_inbox_rule_of_sender_mailbox_is_auto_reply() -> None:
    email = make_email(
        headers={
            "X-MS-Exchange-Inbox-Rules-Loop": "jordan@glowlabs.com",
            "X-MS-Exchange-Generated-Message-Source": "Mailbox Rules Agent",
        }
    )
    assert reason(email) is ScreenReason.AUTO_REPLY


def test_ms_generated_message_source_alone_is_auto_reply() -> None:
    email = make_email(headers={"X-MS-Exchange-Generated-Message-Source": "Mailbox Rules Agent"})
    assert reason(email) is ScreenReason.AUTO_REPLY


def test_ms_inbox_rule_of_another_mailbox_is_not_auto() -> None:
    # The creator redirects their Outlook inbox into Repflow: the brand's mail carries the loop
    # header of the creator's mailbox and must still be answered.
    email = make_email(headers={"X-MS-Exchange-Inbox-Rules-Loop": "maya@creator.com"})
    assert screen_email(email) is None


def test_ms_inbox_rule_forward_is_not_auto() -> None:
    email = make_email(
        subject="FW: Paid partnership with Glow Labs",
        from_="maya@creator.com",
        headers={"X-MS-Exchange-Inbox-Rules-Loop": "maya@creator.com"},
    )
    assert screen_email(email) is None


def test_x_auto_response_suppress_lifts_body_length_limit() -> None:
    long_oof = "I am currently out of the office until 10 March.\n\n" + "Disclaimer. " * 200
    assert screen_email(make_email(text=long_oof, subject="Re: Collab")) is None
    email = make_email(
        text=long_oof, subject="Re: Collab", headers={"X-Auto-Response-Suppress": "All"}
    )
    assert reason(email) is ScreenReason.AUTO_REPLY


# ------------------------------------------------------------------------------------------
# Auto-replies: subjects and bodies in many languages
# ------------------------------------------------------------------------------------------

OOF_SUBJECTS = {
    "en": [
        "Out of Office",
        "Out of Office: Paid partnership with Glow Labs",
        "Out of the office until Monday",
        "Automatic reply: Paid partnership",
        "Auto-Reply: Paid partnership",
        "Autoreply: Paid partnership",
        "Auto Response - Paid partnership",
        "OOO until 3/10",
        "[EXT] Automatic reply: Collab",
        "I am currently out of the office",
        "I'm away until 10 March",
        "Vacation reply",
    ],
    "de": [
        "Abwesenheitsnotiz: Kooperation",
        "Automatische Antwort: Kooperation",
        "Ich bin bis 10.03. nicht im Büro",
        "Außer Haus",
        "Ausser Haus: Kooperation",
    ],
    "fr": ["Réponse automatique : Partenariat", "Absence du bureau", "Je suis absente"],
    "es": [
        "Respuesta automática: Colaboración",
        "Fuera de la oficina",
        "Estoy fuera de la oficina",
    ],
    "it": ["Risposta automatica: Collaborazione", "Fuori sede", "Sono fuori ufficio"],
    "pt": [
        "Resposta automática: Parceria",
        "Ausência temporária",
        "Estou fora do escritório",
    ],
    "nl": ["Automatisch antwoord: Samenwerking", "Afwezig", "Ik ben niet op kantoor"],
    "sv": ["Autosvar: Samarbete", "Frånvaro", "Jag är inte på kontoret"],
    "ja": ["自動返信: コラボのご提案", "不在通知", "自動応答：ご提案"],
    "ru": ["Автоматический ответ: Сотрудничество", "Вне офиса"],
    "pl": ["Automatyczna odpowiedź: Współpraca"],
    "zh": ["自动回复: 合作", "自動回覆：合作"],
    "da": ["Automatisk svar: Samarbejde"],
    "fi": ["Automaattinen vastaus: Yhteistyö"],
    "tr": ["Otomatik yanıt: İşbirliği"],
}


@pytest.mark.parametrize(
    ("language", "subject"),
    [(lang, s) for lang, subjects in OOF_SUBJECTS.items() for s in subjects],
)
def test_out_of_office_subjects(language: str, subject: str) -> None:
    verdict = screen_email(make_email(subject=subject, text="Thanks."))
    assert verdict == ScreenVerdict(ScreenReason.AUTO_REPLY, "subject out-of-office"), language


OOF_BODIES = {
    "en": [
        "Thank you for your email. I am currently out of the office with limited access to "
        "email. I will respond upon my return on 10 March.",
        "Hi, I'm away until Monday and will get back to you then.",
        "I'm on vacation until March 10th. For urgent matters contact team@glowlabs.com.",
        "Thanks for your message! I am on annual leave and will reply when I'm back.",
        "I will be out of the office from 1-10 March.",
        "Hello, I have limited access to email this week.",
        "This is an automated response: your message has been received.",
    ],
    "de": [
        "Vielen Dank für Ihre Nachricht. Ich bin bis zum 10. März nicht im Büro.",
        "Ich bin derzeit außer Haus und ab Montag wieder erreichbar.",
        "Dies ist eine automatische Antwort.",
    ],
    "fr": [
        "Bonjour, je suis absente du bureau jusqu'au 10 mars.",
        "Ceci est une réponse automatique. Je suis en congés jusqu'au 10 mars.",
    ],
    "es": [
        "Hola, estoy fuera de la oficina hasta el 10 de marzo.",
        "Esta es una respuesta automática.",
    ],
    "it": ["Grazie per la mail, sono fuori ufficio fino al 10 marzo."],
    "pt": ["Olá, estou fora do escritório até 10 de março."],
    "nl": ["Bedankt voor je bericht. Ik ben niet op kantoor tot 10 maart."],
    "sv": ["Tack för ditt mejl. Jag är inte på kontoret förrän den 10 mars."],
    "ja": ["このメールは自動返信です。3月10日まで不在にしております。"],
    "ru": ["Это автоматический ответ. Я в отпуске до 10 марта."],
    "pl": ["To jest automatyczna odpowiedź. Jestem na urlopie do 10 marca."],
    "zh": ["这是一封自动回复邮件，我目前不在办公室。"],
}


@pytest.mark.parametrize(
    ("language", "body"),
    [(lang, b) for lang, bodies in OOF_BODIES.items() for b in bodies],
)
def test_out_of_office_bodies(language: str, body: str) -> None:
    verdict = screen_email(make_email(subject="Re: Paid partnership", text=body))
    assert verdict == ScreenVerdict(ScreenReason.AUTO_REPLY, "body out-of-office"), language


def test_oof_body_in_quoted_history_is_ignored() -> None:
    text = (
        "Great, thanks! Sending the contract tomorrow.\n\n"
        "On Mon, 3 Mar 2025 at 10:00, Maya <maya@creator.com> wrote:\n"
        "> I am currently out of the office until 10 March.\n"
    )
    assert screen_email(make_email(subject="Re: Paid partnership", text=text)) is None


def test_oof_body_beyond_first_600_chars_is_ignored() -> None:
    text = ("Campaign brief line. " * 35) + "\nI am currently out of the office."
    assert 600 < len(text) < 1500
    assert screen_email(make_email(text=text)) is None


# ------------------------------------------------------------------------------------------
# Bulk
# ------------------------------------------------------------------------------------------


def test_list_id_is_bulk() -> None:
    email = make_email(headers={"List-Id": "Glow News <news.glowlabs.com>"})
    assert screen_email(email) == ScreenVerdict(ScreenReason.BULK, "header list-id")


@pytest.mark.parametrize("value", ["bulk", "list", "junk", "Bulk"])
def test_precedence_bulk_list_junk(value: str) -> None:
    assert reason(make_email(headers={"Precedence": value})) is ScreenReason.BULK


def test_list_unsubscribe_alone_is_not_bulk() -> None:
    email = make_email(headers={"List-Unsubscribe": "<mailto:unsub@glowlabs.com>"})
    assert screen_email(email) is None


@pytest.mark.parametrize(
    "extra",
    [
        {"X-Campaign": "mailchimp1234.abcd"},
        {"X-MC-User": "abc123"},
        {"X-SG-EID": "abc"},
        {"Feedback-ID": "1.us-east-1.abc:AmazonSES"},
        {"X-Mailer": "MailChimp Mailer - **CID1234**"},
        {"X-CSA-Complaints": "csa-complaints@eco.de"},
        {"X-Kmail-Relay": "1"},
    ],
)
def test_list_unsubscribe_with_esp_marketing_header_is_bulk(extra: dict[str, str]) -> None:
    email = make_email(headers={"List-Unsubscribe": "<https://esp.example/u>", **extra})
    assert reason(email) is ScreenReason.BULK


def test_list_unsubscribe_with_hidden_or_many_recipients_is_bulk() -> None:
    headers = {"List-Unsubscribe": "<https://esp.example/u>"}
    assert reason(make_email(headers=headers, to=())) is ScreenReason.BULK
    many = [f"creator{i}@example.com" for i in range(12)]
    assert reason(make_email(headers=headers, to=many)) is ScreenReason.BULK


@pytest.mark.parametrize(
    "footer",
    [
        "View this email in your browser",
        "Want to change how you receive these emails? You can update your preferences or "
        "unsubscribe from this list.",
        "Manage email preferences",
        "You are receiving this email because you signed up at glowlabs.com.",
        "Newsletter abbestellen",
    ],
)
def test_list_unsubscribe_with_newsletter_footer_is_bulk(footer: str) -> None:
    html = f"<html><body><p>Spring sale!</p><p><a href='#'>{footer}</a></p></body></html>"
    email = make_email(
        text="Spring sale!", html=html, headers={"List-Unsubscribe": "<https://esp.example/u>"}
    )
    assert screen_email(email) == ScreenVerdict(
        ScreenReason.BULK, "list-unsubscribe + newsletter footer"
    )


def test_cold_outreach_opt_out_line_is_not_a_newsletter_footer() -> None:
    text = OFFER_TEXT + (
        "\n\nYou're receiving this email because we love your content. If you no longer wish "
        "to receive emails from me, let me know."
    )
    email = make_email(text=text, headers={"List-Unsubscribe": "<https://lemlist.example/u>"})
    assert screen_email(email) is None


def test_trusted_list_id_is_not_bulk() -> None:
    # The creator's shared inbox is a Google Group: every inbound mail carries its list headers.
    email = make_email(
        to=("collabs@creator.com",),
        headers={
            "List-Id": "<collabs.creator.com>",
            "Precedence": "list",
            "List-Unsubscribe": "<mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>",
        },
    )
    assert reason(email) is ScreenReason.BULK
    assert screen_email(email, trusted_list_ids=["collabs.creator.com"]) is None


# ------------------------------------------------------------------------------------------
# No-reply senders
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sender",
    [
        "noreply@glowlabs.com",
        "no-reply@glowlabs.com",
        "no_reply@glowlabs.com",
        "donotreply@glowlabs.com",
        "do-not-reply@glowlabs.com",
        "do_not_reply@glowlabs.com",
        "noreply+abc123@glowlabs.com",
        "no-reply-xyz@glowlabs.com",
        "info-noreply@glowlabs.com",
        "notifications@github.com",
        "notification@glowlabs.com",
        "notify@glowlabs.com",
        "alerts@bank.example",
        "mailer@glowlabs.com",
        "bounce@glowlabs.com",
        "bounces+123@glowlabs.com",
        "newsletter@glowlabs.com",
        "news@glowlabs.com",
        "automated@glowlabs.com",
        "system@glowlabs.com",
        "daemon@glowlabs.com",
    ],
)
def test_no_reply_senders(sender: str) -> None:
    assert reason(make_email(from_=sender)) is ScreenReason.NO_REPLY


@pytest.mark.parametrize(
    "sender",
    [
        "nora@glowlabs.com",
        "noah@glowlabs.com",
        "renotify@glowlabs.com",
        "newsom@glowlabs.com",
        "marketing@glowlabs.com",
        "info@glowlabs.com",
        "partnerships@glowlabs.com",
        "systemsgirl@gmail.com",
    ],
)
def test_human_senders_are_not_no_reply(sender: str) -> None:
    assert screen_email(make_email(from_=sender)) is None


def test_no_reply_display_name() -> None:
    sender = addr("service@glowlabs.com", "Glow Labs (Do Not Reply)")
    assert reason(make_email(from_=sender)) is ScreenReason.NO_REPLY


def test_no_reply_with_human_reply_to_is_not_screened() -> None:
    email = make_email(from_="noreply@grin.example", reply_to=("jordan@glowlabs.com",))
    assert screen_email(email) is None


def test_no_reply_with_no_reply_reply_to_is_screened() -> None:
    email = make_email(from_="noreply@grin.example", reply_to=("no-reply@grin.example",))
    assert reason(email) is ScreenReason.NO_REPLY


def test_no_reply_detail_names_token_not_address() -> None:
    verdict = screen_email(make_email(from_="noreply+secret123@glowlabs.com"))
    assert verdict == ScreenVerdict(ScreenReason.NO_REPLY, "sender local part token noreply")


# ------------------------------------------------------------------------------------------
# Blocklist
# ------------------------------------------------------------------------------------------


def test_blocklist_matches_addresses_domains_and_subdomains() -> None:
    blocklist = Blocklist(
        addresses=frozenset({"Scammer@Example.com"}),
        domains=frozenset({"@Spam.example", "bücher.de"}),
    )
    assert blocklist.matches("scammer@example.com")
    assert blocklist.matches("anyone@spam.example")
    assert blocklist.matches("anyone@mail.spam.example")
    assert blocklist.matches("x@xn--bcher-kva.de")
    assert not blocklist.matches("other@example.com")
    assert not blocklist.matches("anyone@notspam.example")
    assert not blocklist.matches("")


def test_blocked_from_and_reply_to() -> None:
    blocklist = Blocklist(frozenset(), frozenset({"shady.example"}))
    email = make_email(from_="jordan@shady.example")
    assert screen_email(email, blocklist=blocklist) == ScreenVerdict(
        ScreenReason.BLOCKED, "from matches blocklist"
    )
    email = make_email(reply_to=("agent@shady.example",))
    assert screen_email(email, blocklist=blocklist) == ScreenVerdict(
        ScreenReason.BLOCKED, "reply-to matches blocklist"
    )
    assert screen_email(make_email(), blocklist=blocklist) is None


# ------------------------------------------------------------------------------------------
# Order, purity, speed
# ------------------------------------------------------------------------------------------


def test_order_bounce_before_auto_reply_before_bulk_before_no_reply() -> None:
    email = make_email(
        from_="noreply@glowlabs.com",
        headers={"Auto-Submitted": "auto-replied", "List-Id": "<x.glowlabs.com>"},
        part_types=("message/delivery-status",),
    )
    assert reason(email) is ScreenReason.BOUNCE
    email = make_email(
        from_="noreply@glowlabs.com",
        headers={"Auto-Submitted": "auto-replied", "List-Id": "<x.glowlabs.com>"},
    )
    assert reason(email) is ScreenReason.AUTO_REPLY
    email = make_email(from_="noreply@glowlabs.com", headers={"List-Id": "<x.glowlabs.com>"})
    assert reason(email) is ScreenReason.BULK


def test_screen_headers_lists_what_is_read() -> None:
    for name in ("auto-submitted", "list-id", "list-unsubscribe", "x-ses-spam-verdict"):
        assert name in SCREEN_HEADERS
    assert OWN_MAIL_HEADER.lower() in SCREEN_HEADERS


def test_large_bodies_are_screened() -> None:
    html = "<p>" + ("lorem ipsum dolor sit amet " * 40_000) + "</p>"
    email = make_email(
        text="x " * 200_000, html=html, headers={"List-Unsubscribe": "<https://e.example/u>"}
    )
    assert screen_email(email) is None  # List-Unsubscribe alone is not bulk


def test_reason_values_are_the_contract_codes() -> None:
    assert {r.value for r in ScreenReason} == {
        "auto_reply",
        "bounce",
        "bulk",
        "no_reply",
        "blocked",
        "spam",
        "virus",
        "dmarc_fail",
        "own_mail",
    }


# ------------------------------------------------------------------------------------------
# Bounces whose MIME structure says nothing (text-only reports, odd MTAs, broken headers)
# ------------------------------------------------------------------------------------------

QMAIL_STYLE = (
    "Hi. This is the qmail-send program at mx.example.net.\n"
    "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
    "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
    "<someone@example.org>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n"
    "--- Below this line is a copy of the message.\n\nFrom: Maya <maya@creator.com>\n"
)


@pytest.mark.parametrize(
    "sender",
    [
        addr("post_master@sms.example.com"),
        addr("Mailer_Daemon@mx.example.com"),
        addr("mx-gw@example.com", "Mail Deliver System"),
        addr("robot@example.com", "Message Delivery Subsystem"),
    ],
)
def test_daemon_sender_spellings_are_bounces(sender: Address) -> None:
    email = make_email(from_=sender, subject="Re:Test message", text="Error message below:")
    assert reason(email) is ScreenReason.BOUNCE


@pytest.mark.parametrize(
    "raw_from", ["mailer-daemon", '"Mail Deliver System" <MAILER-DAEMON>', "POSTMASTER"]
)
def test_unparseable_daemon_from_header_is_read_raw(raw_from: str) -> None:
    email = make_email(from_=None, subject="There was an error", headers={"From": raw_from})
    verdict = screen_email(email)
    assert verdict is not None
    assert verdict.reason is ScreenReason.BOUNCE
    assert verdict.detail.startswith("sender ")


def test_unparseable_human_from_header_is_not_a_bounce() -> None:
    email = make_email(from_=None, headers={"From": "Jordan (Glow Labs)"})
    assert screen_email(email) is None


@pytest.mark.parametrize(
    "text",
    [
        QMAIL_STYLE,
        "This is the mail system at host mx.example.net.\n\nI'm sorry to have to inform you "
        "that your message could not be delivered to one or more recipients.",
        "This message was created automatically by mail delivery software.\n\nA message that "
        "you sent could not be delivered to one or more of its recipients.",
        "The original message was received at Thu, 29 Apr 2011 23:34:45 +0900\nfrom x\n\n"
        "   ----- The following addresses had permanent fatal errors -----\n<a@example.org>",
        "Your message\n\n  To: a@example.org\n  Subject: Hello\n\ndid not reach the following "
        "recipient(s):\n\na@example.org on Thu, 29 Apr 2010",
        "Delivery has failed to these recipients or groups:\n\na@example.org\n",
        "----- THIS IS AN AUTOMATED ERROR REPLY ---\nYour message cannot be delivered.",
        "Your mail sent on: Thu, 29 Apr 2013 00:00:00 +0900\n     Could not be delivered to: "
        "<a@example.jp>\n     As their mailbox is full.",
        "------- Failure Reasons  --------\n\nUser not listed in public Name & Address Book\n",
        "|------------------------- Failed addresses follow: ---------------------|\n <a@x.de>",
        "次のあて先へのメッセージはエラーのため送信できませんでした。\n"
        "以下のメールアドレスへの送信に失敗しました。\na@example.co.jp",
        "К сожалению, Ваше письмо не может быть доставлено одному или нескольким получателям:",
        "Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:\n\na@example.de",
        "This is an email abuse report for an email message received from IP 192.0.2.1",
    ],
)
def test_report_sentences_at_the_top_of_the_text_are_bounces(text: str) -> None:
    email = make_email(from_="gateway@mx.example.com", subject="Hello", text=text)
    verdict = screen_email(email)
    assert verdict == ScreenVerdict(ScreenReason.BOUNCE, "body delivery report")


def test_report_sentence_in_a_quoted_reply_is_not_a_bounce() -> None:
    text = (
        "Hi, my email to your manager bounced, can you send me the right address?\n\n"
        "On Tue, 4 Mar 2025 Mail Delivery System wrote:\n> " + QMAIL_STYLE.replace("\n", "\n> ")
    )
    assert screen_email(make_email(subject="Re: Paid partnership", text=text)) is None


def test_forwarded_bounce_is_not_a_bounce() -> None:
    text = (
        "Hey Maya, the agency address bounced, forwarding what I got.\n\n"
        "---------- Forwarded message ---------\nFrom: Mail Delivery Subsystem\n\n" + QMAIL_STYLE
    )
    email = make_email(subject="Fwd: failure notice", text=text)
    assert screen_email(email) is None


def test_report_sentence_deep_in_a_long_message_is_not_a_bounce() -> None:
    text = OFFER_TEXT + "\n\n" + ("More details about the campaign brief. " * 40) + QMAIL_STYLE
    assert len(text.split("qmail-send")[0]) > 1200
    assert screen_email(make_email(text=text)) is None


@pytest.mark.parametrize(
    "subject",
    [
        "Delivery failure",
        "DELIVERY FAILURE: User unknown",
        "failure delivery",
        "There was an error sending your mail",
        "Mail failure - malformed recipient address",
        "Message frozen",
        "Error en la entrega",
    ],
)
def test_weak_bounce_subjects_need_a_second_machine_signal(subject: str) -> None:
    human = make_email(subject=subject, text="Hi Maya, quick question about the PR package.")
    assert screen_email(human) is None
    null_sender = make_email(subject=subject, headers={"Return-Path": "<>"}, text="Hi")
    assert reason(null_sender) is ScreenReason.BOUNCE
    machine = make_email(subject=subject, from_="root@mx.example.com", text="Hi")
    assert reason(machine) is ScreenReason.BOUNCE
    looped = make_email(subject=subject, headers={"X-Loop": "mailer@mx.example.com"}, text="Hi")
    assert reason(looped) is ScreenReason.BOUNCE
    # An attached message alone does not make a person's subject a bounce.
    attached = make_email(
        subject=subject,
        text="Hi Maya, see the attached thread.",
        content_type="multipart/mixed",
        part_types=("multipart/mixed", "text/plain", "message/rfc822"),
    )
    assert screen_email(attached) is None


def test_weak_report_wording_needs_a_returned_message_or_machine_sender() -> None:
    text = "Your mail could not be delivered to <a@example.jp>: 550 5.1.1 user unknown"
    assert screen_email(make_email(subject="Mail", text=text)) is None
    returned = make_email(
        subject="Mail",
        text=text,
        content_type="multipart/mixed",
        part_types=("multipart/mixed", "text/plain", "message/rfc822"),
    )
    assert screen_email(returned) == ScreenVerdict(
        ScreenReason.BOUNCE, "body delivery failure + returned message"
    )


@pytest.mark.parametrize("sender", ["admin@glowlabs.com", "mail@glowlabs.com"])
def test_brand_team_mailboxes_do_not_corroborate_a_delivery_subject(sender: str) -> None:
    email = make_email(from_=sender, subject="Delivery status of your PR package")
    assert screen_email(email) is None


def test_brand_mail_about_deliveries_with_attached_mail_is_not_a_bounce() -> None:
    # A brand forwarding an earlier thread as an attachment, talking about (parcel) delivery.
    text = (
        "Hi Maya, the PR package delivery is automatic once you confirm. Last time the parcel "
        "could not be delivered, so please confirm your address. Offer: $2,000 for a reel."
    )
    email = make_email(
        subject="Delivery of your PR package",
        text=text,
        content_type="multipart/mixed",
        part_types=("multipart/mixed", "text/plain", "message/rfc822"),
    )
    assert screen_email(email) is None


def test_inline_dsn_fields_with_a_machine_signal_are_a_bounce() -> None:
    text = (
        "Delivery report\n\nFinal-Recipient: rfc822; a@example.org\nAction: failed\n"
        "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n"
    )
    human = make_email(subject="Hello", text=text)
    assert screen_email(human) is None
    email = make_email(subject="Hello", text=text, from_="mta@relay.example.com")
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "dsn fields + machine sender")


def test_mailer_daemon_envelope_sender_is_a_bounce_fallback() -> None:
    email = make_email(subject="Hello", headers={"Return-Path": "<MAILER-DAEMON@mx.example.com>"})
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "null return-path")


@pytest.mark.parametrize(
    "subject",
    [
        "FAILURE NOTICE : Paid partnership",
        "Message delivery has failed",
        "Undelivered Mail",
        "Mail could not be delivered",
        "Postmaster notify: see transcript for details",
        "NOTICE: mail delivery status.",
        "[BOUNCE]",
        "Warning: message 1AbC2d-000Xyz-9Q delayed 24 hours",
        "[Postmaster] Email Delivery Failure",
        "mail failed, returning message to sender",
        "Sorry, your message could not be delivered",
        "Olevererbart: Samarbete",
        "Non_remis_Partenariat",
        "Nondeliverable mail",
        "Permanent Delivery Failure",
        "Delivery Status Notification: error",
        "メールエラー通知",
        "配信エラー",
        "メッセージを配信できません。",
        "Ваше сообщение не доставлено. Mail failure.",
        "Notificação de falha na entrega",
        "退信: Paid partnership",
    ],
)
def test_more_bounce_subjects(subject: str) -> None:
    email = make_email(subject=subject, from_="server@mx.example.com", text="x")
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "subject delivery failure")


@pytest.mark.parametrize(
    "subject",
    [
        "Delivery failure on your PR package? Let's fix it",
        "Warning: our rates go up in May",
        "Returned item - collab",
        "Undeliverable? Never with our courier partnership",
        "Mail delivery startup wants a creator partnership",
        "Auto: new EV campaign with Ford",
        "Vacation collab in Bali",
    ],
)
def test_subjects_people_write_about_delivery_are_not_screened(subject: str) -> None:
    assert screen_email(make_email(subject=subject)) is None


def test_x_ms_embedded_report_is_bounce() -> None:
    email = make_email(headers={"X-MS-Embedded-Report": "yes"})
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "header x-ms-embedded-report")


def test_list_server_error_notice_is_bounce() -> None:
    email = make_email(
        from_="neko-admin@lists.example.org",
        subject="NOT MEMBER article from a@example.com",
        headers={"X-MLServer": "fml [fml 4.0.3 release (20011202/4.0.3)]"},
    )
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "list server notice")


# ------------------------------------------------------------------------------------------
# Abuse reports (ARF) and provider notifications without message/feedback-report
# ------------------------------------------------------------------------------------------


def test_hotmail_style_complaint_with_attached_message_is_arf() -> None:
    email = make_email(
        from_="staff@mail.example.com",
        subject="complaint about message from 192.0.2.1",
        text="",
        content_type="multipart/mixed",
        part_types=("multipart/mixed", "message/rfc822"),
    )
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "arf")


def test_complaint_subject_without_report_content_is_not_arf() -> None:
    email = make_email(subject="Complaint about message from your agent", text=OFFER_TEXT)
    assert screen_email(email) is None


def test_feedback_report_fields_in_text_are_arf() -> None:
    text = (
        "This is an abuse report.\n\nFeedback-Type: abuse\nUser-Agent: FBL/1.0\nVersion: 1\n"
        "Source-IP: 192.0.2.1\nOriginal-Mail-From: a@example.com\n"
    )
    email = make_email(subject="Report", from_="fbl@isp.example", text=text)
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "arf")


def test_apple_mail_unsubscribe_request_is_an_opt_out_report() -> None:
    email = make_email(
        subject="unsubscribe",
        text="Apple Mail sent this email to unsubscribe from the message.",
        headers={"X-Apple-Unsubscribe": "true", "Auto-Submitted": "auto-replied"},
    )
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "arf opt-out")


def test_ses_json_bounce_notification_is_bounce() -> None:
    text = (
        '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":'
        '[{"emailAddress":"a@example.com","status":"5.1.1"}]},"mail":{"source":"b@example.com"}}'
    )
    email = make_email(
        from_="notify@sns.example.com", subject="AWS Notification Message", text=text
    )
    assert screen_email(email) == ScreenVerdict(ScreenReason.BOUNCE, "ses notification")


def test_json_mentioned_in_prose_is_not_a_ses_notification() -> None:
    text = 'Hi Maya, our webhook sends {"notificationType":"Bounce"} events; anyway, the offer...'
    assert screen_email(make_email(text="Hello!\n" + text)) is None


# ------------------------------------------------------------------------------------------
# More auto-reply shapes
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "AUTO: Jane Doe is out of the office (returning 05/01/2025)",
        "Auto: I am away until Monday",
        "Re:   Paid partnership (Automatic Response)",
        "Re: Collab (Auto-Reply)",
        "Vacation",
        "Vacation: back on the 12th",
        "Abwesend: Kooperation",
    ],
)
def test_more_auto_reply_subjects(subject: str) -> None:
    assert screen_email(make_email(subject=subject, text="Thanks")) == ScreenVerdict(
        ScreenReason.AUTO_REPLY, "subject out-of-office"
    )


def test_apple_vacation_header_is_auto_reply() -> None:
    email = make_email(subject="Re: Paid partnership", headers={"X-Apple-Action": "vacation"})
    assert screen_email(email) == ScreenVerdict(
        ScreenReason.AUTO_REPLY, "header x-apple-action=vacation"
    )


def test_bounce_detection_reads_only_bounded_slices() -> None:
    text = ("lorem ipsum dolor sit amet " * 200_000) + QMAIL_STYLE
    assert screen_email(make_email(text=text)) is None
