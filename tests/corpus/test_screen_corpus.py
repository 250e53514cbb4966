"""Screening against real-world fixtures of other mail libraries (../shared/corpora).

Sources (see ../shared/corpora/MANIFEST.md): mailgun/flanker (Apache-2.0), mikel/mail (MIT),
CPython Lib/test/test_email/data (PSF), SpamScope/mail-parser (Apache-2.0), mailgun/talon
(Apache-2.0). The lists below were written by reading each file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from repflow.mail.exceptions import MalformedEmail
from repflow.mail.models import InboundEmail
from repflow.mail.parse import parse_email
from repflow.mail.screen import ScreenReason, ScreenVerdict, screen_email
from tests.conftest import CORPORA, corpus_files

FLANKER = "mailgun-flanker/tests/fixtures/messages/"
MIKEL = "mikel-mail/spec/fixtures/emails/"
BOUNCE = ScreenReason.BOUNCE

#: Delivery reports, abuse reports and read receipts: each must be screened.
#: Value: the reason expected, and the detail when the fixture's kind fixes it.
MACHINE_MAIL: dict[str, tuple[ScreenReason, str | None]] = {
    # mailgun/flanker bounces: DSNs, Gmail/Postfix/Exchange/AOL NDRs, broken ones.
    FLANKER + "bounce/broken-mime.eml": (BOUNCE, None),
    FLANKER + "bounce/delayed-broken.eml": (BOUNCE, None),
    FLANKER + "bounce/delayed.eml": (BOUNCE, None),
    FLANKER + "bounce/gmail-invalid-address.eml": (BOUNCE, None),
    FLANKER + "bounce/gmail-no-dns.eml": (BOUNCE, None),
    FLANKER + "bounce/mailbox-full.eml": (BOUNCE, None),
    FLANKER + "bounce/no-mx.eml": (BOUNCE, None),
    FLANKER + "bounce/office365.eml": (BOUNCE, None),
    FLANKER + "bounce/zed.eml": (BOUNCE, None),
    # ARF abuse reports (AOL, Yahoo feedback loops).
    FLANKER + "complaints/aol.eml": (BOUNCE, "arf"),
    FLANKER + "complaints/yahoo.eml": (BOUNCE, "arf"),
    # A read receipt (MDN): machine mail, but not a delivery failure.
    FLANKER + "disposition-notification.eml": (ScreenReason.AUTO_REPLY, "mdn"),
    # mikel/mail multipart/report fixtures and a sendmail delay warning.
    MIKEL + "multipart_report_emails/multi_address_bounce1.eml": (BOUNCE, None),
    MIKEL + "multipart_report_emails/multi_address_bounce2.eml": (BOUNCE, None),
    MIKEL + "multipart_report_emails/multipart_report_multiple_status.eml": (BOUNCE, None),
    MIKEL + "multipart_report_emails/report_422.eml": (BOUNCE, None),
    MIKEL + "multipart_report_emails/report_530.eml": (BOUNCE, None),
    MIKEL + "mime_emails/raw_email_with_mimepart_without_content_type.eml": (BOUNCE, None),
    # CPython test_email: DSNs (sendmail, Sun IMS, amavis) and a bounce wrapped in multipart.
    "cpython-test_email/msg_05.txt": (BOUNCE, None),
    "cpython-test_email/msg_16.txt": (BOUNCE, None),
    "cpython-test_email/msg_25.txt": (BOUNCE, None),
    "cpython-test_email/msg_42.txt": (BOUNCE, None),
    "cpython-test_email/msg_43.txt": (BOUNCE, None),
    # SpamScope: a MailSite DSN for a full mailbox.
    "spamscope-mail-parser/tests/mails/mail_malformed_2": (BOUNCE, None),
}

#: Mail people wrote (replies from every common client, RFC 5322 examples): never screened.
HUMAN_MAIL: tuple[str, ...] = (
    *(
        f"mailgun-talon/tests/fixtures/standard_replies/{name}.eml"
        for name in (
            "android",
            "aol",
            "apple_mail",
            "apple_mail_2",
            "comcast",
            "gmail",
            "hotmail",
            "iphone",
            "outlook",
            "sparrow",
            "thunderbird",
            "yahoo",
        )
    ),
    "mailgun-talon/tests/fixtures/reply-quotations-share-block.eml",
    *(f"{MIKEL}rfc2822/example{n:02d}.eml" for n in range(1, 15)),
    MIKEL + "plain_emails/raw_email_reply.eml",
    FLANKER + "multi-received-headers.eml",
)


def _screen(relative: str) -> ScreenVerdict | None:
    path = CORPORA / relative
    if not path.is_file():
        pytest.skip(f"corpus file missing: {relative}")
    return screen_email(parse_email(path.read_bytes(), source=str(path)))


@pytest.mark.usefixtures("corpora_dir")
@pytest.mark.parametrize("relative", sorted(MACHINE_MAIL))
def test_machine_mail_is_screened(relative: str) -> None:
    expected_reason, expected_detail = MACHINE_MAIL[relative]
    verdict = _screen(relative)
    assert verdict is not None, relative
    assert verdict.reason is expected_reason, (relative, verdict)
    if expected_detail is not None:
        assert verdict.detail == expected_detail


@pytest.mark.usefixtures("corpora_dir")
@pytest.mark.parametrize("relative", HUMAN_MAIL)
def test_human_mail_is_not_screened(relative: str) -> None:
    assert _screen(relative) is None


@pytest.mark.usefixtures("corpora_dir")
def test_every_corpus_message_screens_without_error() -> None:
    """Screening never raises on anything the parser returns; the tally is printed with -s."""
    tally: Counter[str] = Counter()
    machine_screened = 0
    for path in corpus_files():
        try:
            email: InboundEmail = parse_email(path.read_bytes(), source=str(path))
        except MalformedEmail:
            tally["malformed"] += 1
            continue
        verdict = screen_email(email)
        tally[verdict.reason.value if verdict else "none"] += 1
        relative = path.relative_to(CORPORA).as_posix()
        if relative in MACHINE_MAIL and verdict is not None:
            machine_screened += 1
    print(
        f"\nscreening tally over {sum(tally.values())} corpus files: {dict(sorted(tally.items()))}"
    )
    assert machine_screened == len(MACHINE_MAIL)


def test_expected_lists_do_not_overlap() -> None:
    assert not set(MACHINE_MAIL) & set(HUMAN_MAIL)
    assert all(not Path(p).is_absolute() for p in (*MACHINE_MAIL, *HUMAN_MAIL))


#: Folders of person-written replies (every language, client and quoting style): the body rules
#: for text-only delivery reports must not fire on any of them.
HUMAN_REPLY_DIRS = ("crisp-email-reply-parser", "mailgun-talon")


@pytest.mark.usefixtures("corpora_dir")
def test_no_human_reply_fixture_is_screened() -> None:
    screened: list[str] = []
    for path in corpus_files():
        relative = path.relative_to(CORPORA).as_posix()
        if not relative.startswith(HUMAN_REPLY_DIRS):
            continue
        try:
            email = parse_email(path.read_bytes(), source=str(path))
        except MalformedEmail:
            continue
        verdict = screen_email(email)
        if verdict is not None:
            screened.append(f"{relative}: {verdict.reason.value} {verdict.detail}")
    assert screened == []
