"""Tests of repflow.mail.trim: quote, signature and forward splitting of plain-text bodies.

Reference data:
- crisp-oss/email-reply-parser (MIT) test/fixtures, with the expected first fragment / visible text
  taken from its test/test.js (marked ``js``); the other fixtures are pinned to what a reader
  would call the new text (marked ``derived``), consistent with the structural checks of test.js.
- mailgun/talon (Apache-2.0) tests/fixtures/standard_replies and the extract_from_plain cases of
  tests/text_quotations_test.py.
"""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repflow.mail.models import Address, TrimmedText
from repflow.mail.trim import strip_quote_marks, trim_body
from tests.conftest import CORPORA

CRISP = CORPORA / "crisp-email-reply-parser" / "test" / "fixtures"
TALON = CORPORA / "mailgun-talon" / "tests" / "fixtures" / "standard_replies"

needs_crisp = pytest.mark.skipif(not CRISP.is_dir(), reason="crisp fixtures not available")
needs_talon = pytest.mark.skipif(not TALON.is_dir(), reason="talon fixtures not available")

COMMON = (
    "Fusce bibendum, quam hendrerit sagittis tempor, dui turpis tempus erat, pharetra sodales "
    "ante sem sit amet metus.\n"
    "Nulla malesuada, orci non vulputate lobortis, massa felis pharetra ex, convallis consectetur "
    "ex libero eget ante.\n"
    "Nam vel turpis posuere, rhoncus ligula in, venenatis orci. Duis interdum venenatis ex a "
    "rutrum.\n"
    "Duis ut libero eu lectus consequat consequat ut vel lorem. Vestibulum convallis lectus urna,\n"
    "et mollis ligula rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh."
)


def _crisp(name: str) -> str:
    # Bytes, so the CRLF fixtures keep their CRLFs and exercise normalisation.
    return (CRISP / name).read_bytes().decode("utf-8")


# (fixture, expected new_text) where test.js pins the first fragment / visible text exactly.
CRISP_JS_EXACT: list[tuple[str, str]] = [
    (
        "email_1.txt",
        "Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values after\n"
        "running a test?\nI am currently using the Java HTTP API.\n\n-Abhishek Kona",
    ),
    ("email_3.txt", "Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona"),
    *[
        (f"email_{n}.txt", COMMON)
        for n in (7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 22, 23, 24, 25, 26)
    ],
    *[
        (f"email_{n}.txt", COMMON)
        for n in (
            "portuguese",
            "german",
            "german_2",
            "german_3",
            "german_outlook",
            "norwegian_gmail",
            "finnish",
            "italian",
            "russian",
            "outlook_split_line_from",
            "gmail_split_line_from",
        )
    ],
    *[
        (f"email_{n}.txt", COMMON)
        for n in (
            "ios_outlook_fr",
            "ios_outlook",
            "msn",
            "fr_multiline",
            "french_2",
            "en_multiline_2",
            "original_message",
            "original_message_2",
            "danish_dash_separator",
            "french_dash_separator",
            "tricky_5_mixed_languages",
            "tricky_10_special_chars_in_name",
            "tricky_12_no_space_after_header",
            "tricky_14_long_quote_header",
            "tricky_15_original_message_variations",
        )
    ],
    (
        "email_sent_from.txt",
        "Hi it can happen to any texts you type, as long as you type in between words or "
        "paragraphs.",
    ),
    ("email_emoji.txt", "🎉\n\n—\nJohn Doe\nCEO at Pandaland\n\n@pandaland"),
    (
        "email_zoho.txt",
        "What is the best way to clear a Riak bucket of all key, values after\nrunning a test?",
    ),
    ("email_with_regards.txt", "Hi,\n\nI still have the same problem....\n\nCan you help?"),
]

# (fixture, expected new_text) for fixtures test.js checks only structurally.
CRISP_DERIVED: list[tuple[str, str]] = [
    ("correct_sig.txt", "this is an email with a correct -- signature."),
    ("sig_no_empty_line.txt", "this is an email with a signature with no empty line above."),
    ("email_4.txt", "Awesome! I haven't had another problem with it."),
    ("email_6.txt", "I get proper rendering as well.\n\nSent a magnificent torch of pixels"),
    ("email_19.txt", "On Thursday, I get proper rendering."),
    ("email_20.txt", "On Thursday."),
    ("email_2_1.txt", "Outlook with a reply"),
    ("email_blackberry.txt", "Here is another email"),
    ("email_iphone.txt", "Here is another email"),
    ("email_multi_word_sent_from_my_mobile_device.txt", "Here is another email"),
    (
        "email_sent_from_my_not_signature.txt",
        "Here is another email\n\nSent from my desk, is much easier then my mobile phone.",
    ),
    (
        "email_bullets.txt",
        "test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n\n"
        "   - how about bullets\n   - and another",
    ),
    ("email_custom_quote_header.txt", "Thank you!"),
    ("email_customer_quote_header_2.txt", "Thank you very much."),
    (
        "email_customer_quote_header_3.txt",
        "bonjour,\nje n'ai pas eu de retour sur ma précision..\nmerci d'avance",
    ),
    (
        "email_one_is_not_on.txt",
        "Thank, this is really helpful.\n\nOne outstanding question I had:\n\n"
        "Locally (on development), when I run...",
    ),
    ("email_thread.txt", "This is new email reply in thread from bellow."),
    (
        "email_reply_header.txt",
        "This is the latest reply.\n\nThe thread contains two previous replies, and the most "
        "recent reply header has a line break in it.\n\nIf we don't patch the line break, the "
        "reply header ends up in THIS fragment, instead of in the quoted fragment.\n\nOn the one "
        "hand, there could be a line in the reply starting with the word 'On.'\n\nOn the other "
        "hand, it could happen TWICE!\n\nStranger",
    ),
    ("email_unquoted_reply.txt", "This is my reply."),
    ("email_tricky_9_nested_quotes.txt", "I agree with the points below."),
    ("email_tricky_11_double_signature.txt", "Thanks for your help!"),
    ("email_tricky_16_unicode_signatures.txt", "Thanks for the update!"),
    ("email_tricky_17_forward_header.txt", "See the forwarded message below."),
    (
        "email_tricky_18_inline_reply.txt",
        "I think option A is great.\n\nOption B has some drawbacks.\n\n"
        "Option C is not suitable for our use case.",
    ),
    (
        "email_tricky_19_quote_without_header.txt",
        "I wanted to respond to your points:\n\nMy response to the quoted text above.\n\n"
        "And my final thoughts.",
    ),
    (
        "email_tricky_20_html_entities.txt",
        "The data should be &gt; 100 and &lt; 200.\n\n"
        "We need to ensure that &amp; symbols are handled correctly.",
    ),
    (
        "email_tricky_2_url_with_wrote.txt",
        "Hi there,\n\nCheck out this article about email parsing: "
        "https://example.com/blog/on-date-someone-wrote-about-parsing\n\n"
        "It's really interesting how they handled the case where URLs contain patterns like "
        '"wrote:" in them.',
    ),
]

# Fixtures that are one fragment, no signature, no quote: new_text is the whole body.
CRISP_WHOLE: list[str] = [
    "email_5.txt",
    "email_21.txt",
    "email_not_a_signature.txt",
    "email_not_a_signature_2.txt",
    "email_tricky_1_on_false_positive.txt",
    "email_tricky_3_code_block.txt",
    "email_tricky_4_from_in_body.txt",
    "email_tricky_6_regards_in_sentence.txt",
    "email_tricky_7_multiple_dashes.txt",
    "email_tricky_8_sent_from_in_content.txt",
    "email_tricky_13_timestamp_variations.txt",
    "email_with_date_headers.txt",
    "email_with_from_headers.txt",
]

# (fixture, must be in new_text, must NOT be in new_text) - structural checks of test.js.
CRISP_CONTAINS: list[tuple[str, str, str]] = [
    ("email_2.txt", "You can list the keys", "> Hi folks"),
    ("email_2.txt", "Hi,", "riak-users mailing list"),
    ("email_reply_header.txt", "On the other hand, it could happen TWICE!", "mrmister"),
    ("email_reply_header.txt", "On the one hand", "My name is Stranger"),
    ("email_tricky_2_url_with_wrote.txt", "https://example.com", "Best regards"),
    ("email_tricky_3_code_block.txt", "function sendEmail", "\x00"),
    ("email_tricky_6_regards_in_sentence.txt", "with regards to the payment", "\x00"),
    ("email_tricky_7_multiple_dashes.txt", "Key Points", "\x00"),
    ("email_tricky_8_sent_from_in_content.txt", "sent from my iPhone app", "\x00"),
    ("email_tricky_9_nested_quotes.txt", "I agree with the points", "option A"),
    ("email_tricky_11_double_signature.txt", "Thanks for your help", "Senior Developer"),
    ("email_tricky_16_unicode_signatures.txt", "Thanks for the update", "Product Manager"),
    ("email_tricky_17_forward_header.txt", "See the forwarded message", "forwarded content"),
    ("email_tricky_19_quote_without_header.txt", "I wanted to respond", "angle brackets"),
    ("email_tricky_20_html_entities.txt", "&gt; 100 and &lt; 200", "Previous message"),
    ("email_6.txt", "I get proper rendering", "Was this caching"),
    ("email_one_is_not_on.txt", "One outstanding question", "much better query"),
]


@needs_crisp
@pytest.mark.parametrize(("fixture", "expected"), CRISP_JS_EXACT + CRISP_DERIVED)
def test_crisp_fixture_new_text(fixture: str, expected: str) -> None:
    assert trim_body(_crisp(fixture)).new_text == expected


@needs_crisp
@pytest.mark.parametrize("fixture", CRISP_WHOLE)
def test_crisp_fixture_is_one_plain_fragment(fixture: str) -> None:
    body = _crisp(fixture)
    result = trim_body(body)
    expected = "\n".join(line.rstrip() for line in body.replace("\r\n", "\n").split("\n")).strip()
    assert result.new_text == expected
    assert result.signature == ""
    assert result.quoted == ""


@needs_crisp
def test_crisp_bottom_post_keeps_text_between_quotes() -> None:
    # email_2: a reply written under and between quoted blocks, then a list footer.
    result = trim_body(_crisp("email_2.txt"))
    assert result.new_text.startswith("Hi,\n\nYou can list the keys for the bucket")
    assert result.new_text.endswith('you’ll need to delete them all individually."')
    assert "\n> " not in result.new_text
    assert result.quoted.startswith("On Tue, 2011-03-01 at 18:02 +0530, Abhishek Kona wrote:")
    assert result.signature.startswith("__\nriak-users mailing list")
    assert "inline_reply" in result.markers


@needs_crisp
@pytest.mark.parametrize(("fixture", "present", "absent"), CRISP_CONTAINS)
def test_crisp_fixture_contains(fixture: str, present: str, absent: str) -> None:
    new_text = trim_body(_crisp(fixture)).new_text
    assert present in new_text
    assert absent not in new_text


@needs_crisp
def test_crisp_js_exact_match_rate() -> None:
    matched = sum(trim_body(_crisp(f)).new_text == e for f, e in CRISP_JS_EXACT)
    assert matched == len(CRISP_JS_EXACT)
    assert len(CRISP_JS_EXACT) >= 40


@needs_crisp
@pytest.mark.parametrize(
    ("fixture", "signature_start"),
    [
        ("correct_sig.txt", "--\nrick"),
        ("sig_no_empty_line.txt", "--\nrick"),
        ("email_1.txt", "__\nriak-users"),
        ("email_2.txt", "__\nriak-users"),
        ("email_iphone.txt", "Sent from my iPhone"),
        ("email_blackberry.txt", "Sent from my BlackBerry"),
        ("email_sent_from.txt", "Sent from TypeApp"),
        ("email_ios_outlook.txt", "Get Outlook for iOS"),
        ("email_ios_outlook_fr.txt", "Envoyé à partir de Outlook pour iOS"),
        ("email_german_3.txt", "Gesendet von Outlook für Android"),
        ("email_with_regards.txt", "Regards,\n\nJohn Doe\nCEO @ Acme !"),
        ("email_tricky_11_double_signature.txt", "Best regards,\nJohn\n\n--\nJohn Doe"),
        ("email_tricky_16_unicode_signatures.txt", "Cheers 🎉\nSarah"),
        ("email_reply_header.txt", "--\nMy name is Stranger"),
        ("email_bullets.txt", "--\n\n*Joe Smith"),
    ],
)
def test_crisp_fixture_signature(fixture: str, signature_start: str) -> None:
    assert trim_body(_crisp(fixture)).signature.startswith(signature_start)


@needs_crisp
@pytest.mark.parametrize(
    ("fixture", "quoted_start", "quoted_part"),
    [
        ("email_6.txt", "On Dec 16, 2011", "Was this caching"),
        ("email_4.txt", "On Aug 22, 2011", "Loader"),
        ("email_one_is_not_on.txt", "On Oct 1, 2012", "lastLocation"),
        ("email_2.txt", "On Tue, 2011-03-01", "Hi folks"),
        ("email_tricky_15_original_message_variations.txt", "-----Original Message-----", "RE:"),
        ("email_msn.txt", "_" * 32 + "\nFrom: The Hiring Engine", "Republic Transport"),
    ],
)
def test_crisp_fixture_quoted(fixture: str, quoted_start: str, quoted_part: str) -> None:
    quoted = trim_body(_crisp(fixture)).quoted
    assert quoted.startswith(quoted_start)
    assert quoted_part in quoted


@needs_crisp
def test_crisp_forward_fixture_is_parsed() -> None:
    result = trim_body(_crisp("email_tricky_17_forward_header.txt"))
    fwd = result.forwarded
    assert fwd is not None
    assert fwd.from_ == Address("John Smith", "john@example.com")
    assert fwd.to == (Address("Team", "team@example.com"),)
    assert fwd.subject == "Important update"
    assert fwd.date == "Mon, Dec 15, 2024 at 3:00 PM"
    assert fwd.text == "This is the forwarded content that should be treated as quoted text."
    assert "forward" in result.markers


@needs_crisp
@pytest.mark.parametrize("path", sorted(CRISP.glob("*.txt")) if CRISP.is_dir() else [])
def test_crisp_every_fixture_is_consistent(path: Path) -> None:
    result = trim_body(path.read_bytes().decode("utf-8"))
    assert isinstance(result, TrimmedText)
    assert result.new_text == result.new_text.strip()
    assert "\n\n\n\n" not in result.new_text
    assert result == trim_body(path.read_bytes().decode("utf-8"))


# --------------------------------------------------------------------------------------------
# talon
# --------------------------------------------------------------------------------------------


def _talon_body(path: Path) -> str:
    with path.open("rb") as fh:
        msg = email.message_from_binary_file(fh, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content


def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@needs_talon
@pytest.mark.parametrize("path", sorted(TALON.glob("*.eml")) if TALON.is_dir() else [])
def test_talon_standard_replies(path: Path) -> None:
    result = trim_body(_talon_body(path))
    reply_file = path.with_name(path.stem + "_reply_text")
    # talon's extract_from_plain keeps signatures; our new_text does not, so its expected reply
    # is our new_text followed by our signature.
    assert result.new_text == "Hello"
    if reply_file.is_file():
        expected = reply_file.read_text(encoding="utf-8")
        assert result.signature
        assert _lines(f"{result.new_text}\n\n{result.signature}") == _lines(expected)
    else:
        assert result.signature == ""
        assert "Hi" in result.quoted


@needs_talon
def test_talon_iphone_and_sparrow_signatures() -> None:
    assert trim_body(_talon_body(TALON / "iphone.eml")).signature == "Sent from my iPhone"
    sparrow = trim_body(_talon_body(TALON / "sparrow.eml"))
    assert sparrow.signature.startswith("-- \nxxx\nSent with Sparrow")


TALON_PLAIN: list[tuple[str, str]] = [
    (
        "Test reply\n\nOn 11-Apr-2011, at 6:54 PM, Roman Tkachenko <romant@example.com> "
        "wrote:\n\n>\n> Test\n>\n> Roman",
        "Test reply",
    ),
    (
        "Test reply\n\nSent from Samsung MobileName <address@example.com> wrote:\n\n>\n> Test\n"
        ">\n> Roman",
        "Test reply",
    ),
    (
        "Lorem\n\nOp 13-02-2014 3:18 schreef Julius Caesar <pantheon@rome.com>:\n    \n"
        "Veniam laborum mlkshk kale chips authentic.\n",
        "Lorem",
    ),
    (
        "Test reply\n\nOn 04/19/2011 07:10 AM, Roman Tkachenko wrote:\n\n>\n> Test.\n>\n> Roman",
        "Test reply",
    ),
    (
        "Test reply\n\n2014-10-17 11:28 GMT+03:00 Postmaster <\n"
        "postmaster@sandboxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.mailgun.org>:\n\n> First from site\n>\n",
        "Test reply",
    ),
    (
        'Thanks Thanmai\n On Mar 8, 2012 9:59 AM, "Example.com" <\n'
        "r+7f1b094ceb90e18cca93d53d3703feae@example.com> wrote:\n\n\n>**\n>  Blah-blah-blah",
        "Thanks Thanmai",
    ),
    (
        "Test reply\n\nOn 11-Apr-2011, at 6:54 PM, Roman Tkachenko <romant@example.com> sent:"
        "\n\n>\n> Test\n>\n> Roman",
        "Test reply",
    ),
    ("Blah-blah-blah\nOn blah-blah-blah", "Blah-blah-blah\nOn blah-blah-blah"),
    ("reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:\n> Hi", "reply"),
    ("reply--- On Wed, Apr 4, 2012 at 3:59 PM, me@domain.com wrote:\n> Hi", "reply"),
    (
        "reply\nbla-bla - bla--- On Wed, Apr 4, 2012 at 3:59 PM, me@domain.com wrote:\n> Hi",
        "reply\nbla-bla - bla",
    ),
    ("Test reply\n\n-----Original Message-----\n\nTest", "Test reply"),
    ("Test reply\n\n-----Reply Message-----\n\nTest", "Test reply"),
    ("Test reply\n\n-----Ursprüngliche Nachricht-----\n\nTest", "Test reply"),
    ("Test reply\n\n-----Antwort Nachricht-----\n\nTest", "Test reply"),
    ("Test reply\n\n-----Oprindelig meddelelse-----\n\nTest", "Test reply"),
    ("On 04/19/2011 07:10 AM, Roman Tkachenko wrote:\n\n>\n> Test\nTest reply", "Test reply"),
    (
        "Test reply\n\nOn Nov 30, 2011, at 12:47 PM, Somebody <\n"
        "416ffd3258d4d2fa4c85cfa4c44e1721d66e3e8f4@somebody.domain.com>\nwrote:\n\n"
        "Test message\n",
        "Test reply",
    ),
    ("Hi\n\nOn 04/19/2011 07:10 AM, Roman Tkachenko wrote:\n\n> Hello", "Hi"),
    (
        "YOLO salvia cillum kogi typewriter mumblecore cardigan skateboard Austin.\n\n"
        "------On 12/29/1987 17:32 PM, Julius Caesar wrote-----\n\n"
        "Brunch mumblecore pug Marfa tofu, irure taxidermy hoodie readymade pariatur. \n    ",
        "YOLO salvia cillum kogi typewriter mumblecore cardigan skateboard Austin.",
    ),
    (
        'Btw blah blah...\n\nOn Tue, Jan 27, 2015 at 12:42 PM -0800, "Company" '
        "<christine.XXX@XXX.com> wrote:\n\nHi Mark,\nBlah blah? \nThanks,Christine \n\n"
        "On Jan 27, 2015, at 11:55 AM, Mark XXX <mark@XXX.com> wrote:\n\nLorem ipsum?\nMark\n\n"
        "Sent from Acompli",
        "Btw blah blah...",
    ),
    (
        "Replying ok\n2011/4/7 Nathan \xd0\xb8ova <support@example.com>\n\n>  Cool beans, scro",
        "Replying ok",
    ),
    (
        "Allo! Follow up MIME!\n\nFrom: somebody@example.com\nSent: March-19-11 5:42 PM\n"
        "To: Somebody\nSubject: The manager has commented on your Loop\n\nBlah-blah-blah\n",
        "Allo! Follow up MIME!",
    ),
    (
        "Allo! Follow up MIME!\n\nVon: somebody@example.com\nGesendet: Dienstag, 25. November "
        "2014 14:59\nAn: Somebody\nBetreff: The manager has commented on your Loop\n\n"
        "Blah-blah-blah\n",
        "Allo! Follow up MIME!",
    ),
    (
        "Lorem ipsum\n\nDe : Brendan xxx [mailto:brendan.xxx@xxx.com]\nEnvoyé : vendredi 23 "
        "janvier 2015 16:39\nÀ : Camille XXX\nObjet : Follow Up\n\nBlah-blah-blah\n",
        "Lorem ipsum",
    ),
    (
        "Lorem ipsum\n\nLe 23 janv. 2015 à 22:03, Brendan xxx <brendan.xxx@xxx.com<mailto:"
        "brendan.xxx@xxx.com>> a écrit:\n\nBonjour!",
        "Lorem ipsum",
    ),
    (
        "Lorem ipsum\n\nW dniu 28 stycznia 2015 01:53 użytkownik Zoe xxx <zoe.xxx@xxx.com>\n"
        "napisał:\n\nBlah!\n",
        "Lorem ipsum",
    ),
    (
        "Allo! Follow up MIME!\n\nFra: somebody@example.com\nSendt: 19. march 2011 12:10\n"
        "Til: Somebody\nEmne: The manager has commented on your Loop\n\nBlah-blah-blah\n",
        "Allo! Follow up MIME!",
    ),
    (
        "Allo! Follow up MIME!\nFrån: Anno Sportel [mailto:anno.spoel@hsbcssad.com]\nSkickat: "
        "den 26 augusti 2015 14:45\nTill: Isacson Leiff\nÄmne: RE: Week 36\n\nBlah-blah-blah\n",
        "Allo! Follow up MIME!",
    ),
    (
        "Lorem\nDen 14 september, 2015 02:23:18, Valentino Rudy (valentino@rudy.be) skrev:\n\n"
        "Veniam laborum mlkshk kale chips authentic.\n",
        "Lorem",
    ),
    (
        "Lorem\nPå 14 september 2015 på 02:23:18, Valentino Rudy (valentino@rudy.be) skrev:\n\n"
        "Veniam laborum mlkshk kale chips authentic.\n",
        "Lorem",
    ),
    (
        "Gluten-free culpa lo-fi et nesciunt nostrud. \n\nOp 17-feb.-2015, om 13:18 heeft "
        "Julius Caesar <pantheon@rome.com> het volgende geschreven:\n    \n"
        "Small batch beard laboris tempor, non listicle hella Tumblr heirloom. \n",
        "Gluten-free culpa lo-fi et nesciunt nostrud.",
    ),
    (
        "Visit us now for assistance...\n>>> >>>  http://www.domain.com <<<\n"
        "Visit our site by clicking the link above",
        "Visit us now for assistance...\n>>> >>>  http://www.domain.com <<<\n"
        "Visit our site by clicking the link above",
    ),
    (
        "8.45am-1pm\n\nFrom: somebody@example.com\n\n<http://email.example.com/c/dHJhY2tpbmdf\n"
        ">  <bob@example.com <mailto:bob@example.com> >\n\nRequester: ",
        "8.45am-1pm",
    ),
    (
        "Blah\n\nOn Thursday, October 25, 2012 at 3:03 PM, life is short. on Bob wrote:\n\n>\n"
        "> Post a response by replying to this email\n>\n (http://example.com/c/YzOTYzMmE) >\n"
        "> life is short. (http://example.com/c/YzMmE)\n>\n",
        "Blah",
    ),
    (
        "Blah\n\nOn Monday, 24 September, 2012 at 3:46 PM, bob wrote:\n\n> [Ticket #50] test "
        "from bob\n>\n> View ticket (http://example.com/action\n_nonce=3dd518)\n>\n",
        "Blah",
    ),
    ("Blah\n\nDate: Wed, 16 May 2012 00:15:02 -0600\nTo: klizhentas@example.com", "Blah"),
    (
        "Hi\n\n  *From:* bob@example.com [mailto:\n  bob@example.com]\n  *Sent:* Wednesday, June "
        "27, 2012 3:05 PM\n  *To:* travis@example.com\n  *Subject:* Hello\n\n",
        "Hi",
    ),
    (
        "Blah\nDate: Fri=2C 28 Sep 2012 10:55:48 +0000\nFrom: tickets@example.com\n"
        "To: bob@example.com\nSubject: [Ticket #8] Test\n\n",
        "Blah",
    ),
    (
        "Blah\n\n-----Original Message-----\n\nFYI\n\n---------- Forwarded message ----------\n"
        "From: bob@example.com\nDate: Tue, Sep 4, 2012 at 1:35 PM\nSubject: Two\nline subject\n"
        "To: rob@example.com\n\n",
        "Blah",
    ),
]


@pytest.mark.parametrize(("body", "expected"), TALON_PLAIN)
def test_talon_extract_from_plain_cases(body: str, expected: str) -> None:
    assert trim_body(body).new_text == expected


def test_talon_reply_wrapping_quotation_keeps_text_after_it() -> None:
    body = (
        "Test reply\n\nOn Fri, May 6, 2011 at 6:03 PM, Roman Tkachenko from Hacker News\n"
        "<roman@definebox.com> wrote:\n\n> Test.\n>\n> Roman\n\nRegards, Roman"
    )
    result = trim_body(body)
    assert result.new_text == "Test reply"
    assert result.signature == "Regards, Roman"
    assert result.quoted.startswith("On Fri, May 6, 2011")


def test_talon_forward_keeps_forwarded_text() -> None:
    body = (
        "FYI\n\n---------- Forwarded message ----------\nFrom: bob@example.com\n"
        "Date: Tue, Sep 4, 2012 at 1:35 PM\nSubject: Two\nline subject\nTo: rob@example.com\n\n"
        "Text"
    )
    result = trim_body(body)
    assert result.new_text == "FYI"
    assert result.forwarded is not None
    assert result.forwarded.from_ == Address("", "bob@example.com")
    assert result.forwarded.to == (Address("", "rob@example.com"),)
    assert result.forwarded.subject == "Two line subject"
    assert result.forwarded.text == "Text"


# --------------------------------------------------------------------------------------------
# Own cases: attribution styles and languages
# --------------------------------------------------------------------------------------------

ATTRIBUTIONS: list[tuple[str, str]] = [
    ("gmail", "On Mon, Jan 1, 2024 at 10:00 AM John Smith <john@acme.com> wrote:"),
    ("gmail_wrapped_2", "On Mon, Jan 1, 2024 at 10:00 AM John Smith <\njohn@acme.com> wrote:"),
    ("gmail_wrapped_3", "On Mon, Jan 1, 2024 at 10:00 AM John Smith\n<john@acme.com>\nwrote:"),
    ("apple", "On 1 Jan 2024, at 10:00, John Smith <john@acme.com> wrote:"),
    ("thunderbird", "On 01/01/2024 10:00, John Smith wrote:"),
    ("thunderbird_name_only", "John Smith wrote:"),
    ("yahoo", "On Monday, January 1, 2024, 10:00:00 AM PST, John <john@acme.com> wrote:"),
    ("zoho", "---- On Mon, 01 Jan 2024 10:00:00 +0000 john@acme.com wrote ----"),
    ("de", "Am Mo., 1. Jan. 2024 um 10:00 Uhr schrieb Max Muster <max@firma.de>:"),
    ("de_name_first", "Max Muster <max@firma.de> schrieb am Mo., 1. Jan. 2024, 10:00:"),
    ("fr", "Le lun. 1 janv. 2024 à 10:00, Jean Dupont <jean@exemple.fr> a écrit :"),
    ("es", "El lun, 1 ene 2024 a las 10:00, Juan Pérez (<juan@ejemplo.es>) escribió:"),
    ("it", "Il giorno lun 1 gen 2024 alle ore 10:00 Mario Rossi <mario@esempio.it> ha scritto:"),
    ("pt", "Em seg., 1 de jan. de 2024 às 10:00, João Silva <joao@exemplo.br> escreveu:"),
    ("nl", "Op ma 1 jan. 2024 om 10:00 schreef Jan Jansen <jan@voorbeeld.nl>:"),
    ("sv", "Den mån 1 jan. 2024 kl 10:00 skrev Sven Svensson <sven@exempel.se>:"),
    ("da", "Den 1. jan. 2024 kl. 10.00 skrev Lars Hansen <lars@eksempel.dk>:"),
    ("no", "man. 1. jan. 2024 kl. 10:00 skrev Ola Nordmann <ola@eksempel.no>:"),
    ("fi", "ma 1. tammik. 2024 klo 10.00 Matti Meikäläinen (matti@esimerkki.fi) kirjoitti:"),
    ("pl", "W dniu pon., 1.01.2024 o 10:00 Jan Kowalski <jan@przyklad.pl> napisał(a):"),
    ("ru_gmail", "пн, 1 янв. 2024 г. в 10:00, Иван Иванов <ivan@primer.ru>:"),
    ("ru_written", "1 января 2024 г., в 10:00, Иван Иванов <ivan@primer.ru> написал(а):"),
    ("ja", "2024年1月1日(月) 10:00 山田太郎 <taro@rei.jp>:"),
    ("ja_message", "2024/01/01 10:00、山田太郎 <taro@rei.jp>のメッセージ:"),
    ("zh", "在 2024年1月1日 10:00，张三 <zhang@lizi.cn> 写道："),
    ("cs", "Dne po 1. 1. 2024 10:00 uživatel Jan Novák <jan@priklad.cz> napsal:"),
    ("cs_a", "po 1. 1. 2024 v 10:00 odesílatel Jan Novák <jan@priklad.cz> napsal(a):"),
    ("tr", "Ali Veli <ali@ornek.com.tr>, 1 Oca 2024 Pzt, 10:00 tarihinde şunu yazdı:"),
    ("hu", '2024. jan. 1. 10:00 keltezéssel, "Kiss Péter" <peter@pelda.hu> írta:'),
]


# A bare "Name wrote:" only counts with ">" lines under it (else it could be prose).
ATTRIBUTION_CASES = [
    pytest.param(style, attribution, marks, id=f"{style}-{'marks' if marks else 'no_marks'}")
    for style, attribution in ATTRIBUTIONS
    for marks in (True, False)
    if marks or style != "thunderbird_name_only"
]


@pytest.mark.parametrize(("style", "attribution", "quoted_with_marks"), ATTRIBUTION_CASES)
def test_attribution_styles(style: str, attribution: str, quoted_with_marks: bool) -> None:
    history = "We can offer $1,500 for one reel.\nDoes that work?"
    if quoted_with_marks:
        history = "\n".join(f"> {line}" for line in history.splitlines())
    body = f"Sounds great, let's do it.\n\n{attribution}\n\n{history}\n"
    result = trim_body(body)
    assert result.new_text == "Sounds great, let's do it."
    assert result.quoted.startswith(attribution.splitlines()[0].strip())
    assert "$1,500" in result.quoted
    assert "attribution" in result.markers


def test_attribution_directly_under_text_without_blank_line() -> None:
    body = "Deal.\nOn Mon, Jan 1, 2024 at 10:00 AM Jane <jane@acme.com> wrote:\n> Offer: $900"
    assert trim_body(body).new_text == "Deal."


def test_bottom_post_keeps_text_after_quote() -> None:
    body = "On 01/01/2024 10:00, Jane wrote:\n> Can you do $900?\n\nYes, $900 works for me."
    result = trim_body(body)
    assert result.new_text == "Yes, $900 works for me."
    assert "inline_reply" in result.markers


def test_inline_reply_keeps_answers_and_drops_questions() -> None:
    body = (
        "On Mon, Jan 1, 2024 at 10:00 AM Jane <jane@acme.com> wrote:\n"
        "> What is your rate for a reel?\n\n$1,200.\n\n> Timeline?\n\nEnd of March.\n"
    )
    result = trim_body(body)
    assert result.new_text == "$1,200.\n\nEnd of March."
    assert "What is your rate" in result.quoted
    assert "Timeline?" in result.quoted


def test_quote_marks_without_header() -> None:
    body = "Agreed.\n\n> earlier text\n> more earlier text\n"
    result = trim_body(body)
    assert result.new_text == "Agreed."
    assert result.quoted == "> earlier text\n> more earlier text"
    assert result.markers == ("quote_marks",)


# --------------------------------------------------------------------------------------------
# Own cases: Outlook header blocks
# --------------------------------------------------------------------------------------------

OUTLOOK_BLOCKS: list[tuple[str, str]] = [
    ("en", "From: Jane Doe <jane@acme.com>\nSent: Monday, January 1, 2024 10:00 AM\n"
     "To: Creator <me@example.com>\nSubject: Collaboration"),
    ("en_no_email", "From: Jane Doe\nSent: Monday, January 1, 2024 10:00 AM\nTo: Creator\n"
     "Subject: Collaboration"),
    ("en_bold", "*From:* Jane Doe <jane@acme.com>\n*Sent:* Monday, January 1, 2024 10:00 AM\n"
     "*To:* me@example.com\n*Subject:* Collaboration"),
    ("en_web", "From: Jane Doe <jane@acme.com>\nDate: Monday, January 1, 2024 at 10:00 AM\n"
     "To: me@example.com\nSubject: Collaboration"),
    ("en_separator", "________________________________\nFrom: Jane Doe <jane@acme.com>\n"
     "Sent: Monday, January 1, 2024 10:00 AM\nTo: me@example.com\nSubject: Collaboration"),
    ("en_original", "-----Original Message-----\nFrom: Jane Doe <jane@acme.com>\n"
     "Sent: Monday, January 1, 2024 10:00 AM\nTo: me@example.com\nSubject: RE: Collaboration"),
    ("de", "Von: Max Muster <max@firma.de>\nGesendet: Montag, 1. Januar 2024 10:00\n"
     "An: me@example.com\nBetreff: Kooperation"),
    ("fr", "De : Jean Dupont <jean@exemple.fr>\nEnvoyé : lundi 1 janvier 2024 10:00\n"
     "À : me@example.com\nObjet : Partenariat"),
    ("it", "Da: Mario Rossi <mario@esempio.it>\nInviato: lunedì 1 gennaio 2024 10:00\n"
     "A: me@example.com\nOggetto: Collaborazione"),
    ("es", "De: Juan Pérez <juan@ejemplo.es>\nEnviado: lunes, 1 de enero de 2024 10:00\n"
     "Para: me@example.com\nAsunto: Colaboración"),
    ("nl", "Van: Jan Jansen <jan@voorbeeld.nl>\nVerzonden: maandag 1 januari 2024 10:00\n"
     "Aan: me@example.com\nOnderwerp: Samenwerking"),
    ("sv", "Från: Sven Svensson <sven@exempel.se>\nSkickat: den 1 januari 2024 10:00\n"
     "Till: me@example.com\nÄmne: Samarbete"),
    ("no", "Fra: Ola Nordmann <ola@eksempel.no>\nSendt: 1. januar 2024 10:00\n"
     "Til: me@example.com\nEmne: Samarbeid"),
    ("ru", "От: Иван Иванов <ivan@primer.ru>\nОтправлено: 1 января 2024 г. 10:00\n"
     "Кому: me@example.com\nТема: Сотрудничество"),
    ("pl", "Od: Jan Kowalski <jan@przyklad.pl>\nWysłano: poniedziałek, 1 stycznia 2024 10:00\n"
     "Do: me@example.com\nTemat: Współpraca"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "block"), OUTLOOK_BLOCKS, ids=[b[0] for b in OUTLOOK_BLOCKS])
def test_outlook_header_blocks(lang: str, block: str) -> None:
    body = f"Sounds good to me.\n\n{block}\n\nHi, we would like to offer $800.\n"
    result = trim_body(body)
    assert result.new_text == "Sounds good to me."
    assert result.quoted.startswith(block.splitlines()[0])
    assert "$800" in result.quoted
    assert result.forwarded is None
    assert set(result.markers) & {"outlook_header", "original_message"}


def test_outlook_ios_signature_then_block() -> None:
    body = (
        "Sure.\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n________________________________\n"
        "From: Jane <jane@acme.com>\nSent: Monday, January 1, 2024 10:00 AM\nTo: me@example.com\n"
        "Subject: Collab\n\nHi"
    )
    result = trim_body(body)
    assert result.new_text == "Sure."
    assert result.signature == "Get Outlook for iOS<https://aka.ms/o0ukef>"
    assert result.quoted.startswith("________________________________\nFrom: Jane")


# --------------------------------------------------------------------------------------------
# Own cases: forwarded messages
# --------------------------------------------------------------------------------------------

FORWARDS: list[tuple[str, str, str, str]] = [
    # (id, marker line, from key, subject key)
    ("gmail_en", "---------- Forwarded message ---------", "From", "Subject"),
    ("gmail_de", "---------- Weitergeleitete Nachricht ---------", "Von", "Betreff"),
    ("gmail_fr", "---------- Message transféré ---------", "De", "Objet"),
    ("gmail_es", "---------- Mensaje reenviado ---------", "De", "Asunto"),
    ("gmail_it", "---------- Messaggio inoltrato ---------", "Da", "Oggetto"),
    ("gmail_nl", "---------- Doorgestuurd bericht ---------", "Van", "Onderwerp"),
    ("gmail_pt", "---------- Mensagem encaminhada ---------", "De", "Assunto"),
    ("gmail_ru", "-------- Пересылаемое сообщение --------", "От", "Тема"),
    ("apple_en", "Begin forwarded message:", "From", "Subject"),
    ("apple_de", "Anfang der weitergeleiteten Nachricht:", "Von", "Betreff"),
    ("apple_fr", "Début du message réexpédié :", "De", "Objet"),
    ("thunderbird", "-------- Forwarded Message --------", "From", "Subject"),
    ("yahoo", "----- Forwarded Message -----", "From", "Subject"),
]


@pytest.mark.parametrize(
    ("fid", "marker", "from_key", "subject_key"), FORWARDS, ids=[f[0] for f in FORWARDS]
)
def test_forwarded_messages(fid: str, marker: str, from_key: str, subject_key: str) -> None:
    offer = "Hi! We'd love to offer $1,500 for one Instagram reel.\n\nBest regards,\nJane"
    body = (
        f"FYI, see the offer below.\n\n{marker}\n"
        f"{from_key}: Jane Doe <Jane@Acme.com>\n"
        "Date: Mon, Jan 1, 2024 at 10:00 AM\n"
        f"{subject_key}: Paid partnership\n"
        "To: Manager <mgr@agency.example>\n\n"
        f"{offer}\n"
    )
    result = trim_body(body)
    assert result.new_text == "FYI, see the offer below."
    fwd = result.forwarded
    assert fwd is not None
    assert fwd.from_ == Address("Jane Doe", "jane@acme.com")
    assert fwd.subject == "Paid partnership"
    assert fwd.date == "Mon, Jan 1, 2024 at 10:00 AM"
    assert fwd.to == (Address("Manager", "mgr@agency.example"),)
    assert fwd.text == offer  # kept intact, signature included
    assert result.signature == ""
    assert "forward" in result.markers


def test_forward_with_nothing_written_above() -> None:
    body = (
        "---------- Forwarded message ---------\nFrom: Brand <deals@brand.example>\n"
        "Date: Tue, 2 Jan 2024\nSubject: Collab\nTo: <creator@example.com>\n\nOffer: $700"
    )
    result = trim_body(body)
    assert result.new_text == ""
    assert result.forwarded is not None
    assert result.forwarded.from_ == Address("Brand", "deals@brand.example")
    assert result.forwarded.text == "Offer: $700"


def test_thunderbird_original_message_used_as_forward() -> None:
    body = (
        "-------- Original Message --------\nSubject: Paid partnership\n"
        "Date: Mon, 1 Jan 2024 10:00:00 +0000\nFrom: Jane Doe <jane@acme.com>\n"
        "To: me@example.com\n\nHi there"
    )
    result = trim_body(body)
    assert result.forwarded is not None
    assert result.forwarded.subject == "Paid partnership"
    assert result.forwarded.from_ == Address("Jane Doe", "jane@acme.com")


def test_outlook_block_is_forward_when_subject_says_so() -> None:
    body = (
        "Please take a look.\n\n________________________________\n"
        "From: Jane Doe <jane@acme.com>\nSent: Monday, January 1, 2024 10:00 AM\n"
        "To: Manager <mgr@agency.example>\nSubject: Paid partnership\n\nOffer: $1,000"
    )
    as_reply = trim_body(body)
    assert as_reply.forwarded is None
    assert as_reply.new_text == "Please take a look."
    as_forward = trim_body(body, subject="FW: Paid partnership")
    assert as_forward.new_text == "Please take a look."
    assert as_forward.forwarded is not None
    assert as_forward.forwarded.from_ == Address("Jane Doe", "jane@acme.com")
    assert as_forward.forwarded.text == "Offer: $1,000"


def test_outlook_block_is_forward_when_forwarder_says_fyi() -> None:
    body = (
        "FYI\n\nFrom: Jane Doe <jane@acme.com>\nSent: Monday, January 1, 2024 10:00 AM\n"
        "To: mgr@agency.example\nSubject: Paid partnership\n\nOffer: $1,000"
    )
    result = trim_body(body)
    assert result.forwarded is not None
    assert result.forwarded.subject == "Paid partnership"


def test_forward_with_attribution_style_header() -> None:
    body = (
        "-------- Пересылаемое сообщение --------\n"
        '01.01.2024, 10:00, "Иван" <ivan@primer.ru>:\n\nПривет, предлагаем 50 000 ₽.'
    )
    fwd = trim_body(body).forwarded
    assert fwd is not None
    assert fwd.from_ == Address("Иван", "ivan@primer.ru")
    assert fwd.text == "Привет, предлагаем 50 000 ₽."


def test_forwarded_address_domain_is_idna() -> None:
    body = (
        "---------- Forwarded message ---------\nFrom: Jörg <jorg@bücher.example>\n"
        "Subject: Hi\n\nText"
    )
    fwd = trim_body(body).forwarded
    assert fwd is not None
    assert fwd.from_ == Address("Jörg", "jorg@xn--bcher-kva.example")


# --------------------------------------------------------------------------------------------
# Own cases: signatures
# --------------------------------------------------------------------------------------------

# (id, message text, signature): the body is the message, a blank line, the signature.
SIGNATURES: list[tuple[str, str, str]] = [
    ("rfc3676", "Deal.", "-- \nJane Doe\nAcme"),
    ("iphone", "Deal.", "Sent from my iPhone"),
    ("ipad", "Deal.", "Sent from my iPad"),
    ("android", "Deal.", "Sent from my Android"),
    ("galaxy", "Deal.", "Sent from my Samsung Galaxy smartphone."),
    ("blackberry", "Deal.", "Sent from my BlackBerry"),
    ("outlook_ios", "Deal.", "Get Outlook for iOS"),
    ("outlook_android", "Deal.", "Get Outlook for Android"),
    ("fr_iphone", "Ok.", "Envoyé de mon iPhone"),
    ("de_iphone", "Ok.", "Von meinem iPhone gesendet"),
    ("es_iphone", "Ok.", "Enviado desde mi iPhone"),
    ("it_iphone", "Ok.", "Inviato da iPhone"),
    ("nl_iphone", "Ok.", "Verstuurd vanaf mijn iPhone"),
    ("excuse", "Ok.", "Sent from my iPhone, please excuse typos"),
    (
        "best_regards",
        "We'd love to work with you.",
        "Best regards,\nJane Doe\nBrand Manager | Acme",
    ),
    ("kind_regards", "Details attached.", "Kind regards\n\nJane"),
    ("regards_name", "Details attached.", "Regards, Jane"),
    ("cheers", "Sounds good!", "Cheers,\nSam"),
    ("thanks_name", "Could you send your rates?", "Thanks,\nJane"),
    ("best_name", "Could you send your rates?", "Best,\nJane Doe\nAcme Inc."),
    ("de_mfg", "Anbei unser Angebot.", "Mit freundlichen Grüßen\nMax Muster\nFirma GmbH"),
    ("fr_cordialement", "Voici notre offre.", "Cordialement,\nJean Dupont"),
    ("es_saludos", "Esta es nuestra oferta.", "Saludos,\nJuan"),
    ("it_saluti", "Ecco la nostra offerta.", "Cordiali saluti\nMario Rossi"),
    ("nl_groet", "Hierbij ons voorstel.", "Met vriendelijke groet,\nJan"),
    (
        "contact_block",
        "We'd love to work with you on our spring campaign.",
        "Jane Doe\nPartnerships Lead, Acme\njane@acme.com | +1 555 010 0100",
    ),
    (
        "disclaimer",
        "Offer attached.",
        "CONFIDENTIALITY NOTICE: This email is intended only for the named recipient.",
    ),
]


@pytest.mark.parametrize(
    ("sid", "message", "signature"), SIGNATURES, ids=[s[0] for s in SIGNATURES]
)
def test_signatures(sid: str, message: str, signature: str) -> None:
    result = trim_body(f"{message}\n\n{signature}\n")
    assert result.signature == signature
    assert result.new_text == message
    assert result.quoted == ""


def test_signature_with_sender_name() -> None:
    body = "Hi,\n\nLet's do it.\n\nLooking forward!\nJane\nAcme | +1 555 010 0100"
    plain = trim_body(body)
    named = trim_body(body, sender_name="Jane Doe")
    assert named.new_text == "Hi,\n\nLet's do it.\n\nLooking forward!"
    assert named.signature == "Jane\nAcme | +1 555 010 0100"
    assert "sender_name" in named.markers
    assert "Jane" in plain.new_text + plain.signature


def test_sender_name_moves_closing_into_signature() -> None:
    body = "Sounds great.\n\nThanks!\nJane Doe"
    result = trim_body(body, sender_name="Jane Doe")
    assert result.new_text == "Sounds great."
    assert result.signature == "Thanks!\nJane Doe"


def test_sent_from_tail_goes_to_quoted() -> None:
    body = "Yes.\n\nSent from my iPhone\n\nHi, we would like to offer $500 for a story.\nThanks"
    result = trim_body(body)
    assert result.new_text == "Yes."
    assert result.signature == "Sent from my iPhone"
    assert result.quoted.startswith("Hi, we would like")
    assert "sent_from_tail" in result.markers


# --------------------------------------------------------------------------------------------
# Own cases: false-positive traps
# --------------------------------------------------------------------------------------------

NOT_SPLIT: list[tuple[str, str]] = [
    ("wrote_mid_sentence", "My manager wrote: we can pay $500.\nThat's our final offer."),
    ("wrote_line_then_prose", "Here's what the brand wrote:\n\nWe can pay $500."),
    ("wrote_in_url", "See https://example.com/on-monday-she-wrote-this for details."),
    ("on_at_line_start", "On Monday we can start.\nOn 5 March we publish."),
    ("on_ending_colon", "On Thursday:\n\nWe post the reel."),
    ("from_in_prose", "From: our side, the budget is $500.\nTo: be honest, that's it."),
    ("from_mid_line", "The offer came from: deals@brand.example yesterday."),
    ("regards_in_sentence", "Kind regards to your team, we loved the video.\n\nTalk soon."),
    ("thanks_alone", "Could you send your rates?\n\nThanks!"),
    ("thanks_name_greeting", "Thanks Jane"),
    ("sincerely_four_words", "Please renew.\n\nSincerely,\nSuper Domain Name Manager"),
    ("sent_from_sentence", "Sent from my desk, is much easier then my mobile phone."),
    ("sent_from_in_middle", "This was sent from my iPhone app to all users."),
    ("dash_list", "Deliverables:\n-- 1 reel\n-- 2 stories"),
    ("markdown_rules", "Plan\n----\n\n1. Reel\n\n====\n\nDone"),
    ("em_dash_signoff", "🎉\n\n—\nJohn Doe\nCEO at Pandaland\n\n@pandaland"),
    ("code_fence", "Code:\n```\n--\n> not a quote\nSent from my iPhone\n```\nDone."),
    ("timestamps", "2024-01-15 14:30:25\n15.01.2024 14:30\nJan 15, 2024 at 14:30"),
    ("decoration", "Visit us\n>>> http://www.domain.example <<<\nThanks for visiting"),
    ("date_to_lines", "Subject: rates\nDate: next week\nTo: the team"),
]


@pytest.mark.parametrize(("tid", "body"), NOT_SPLIT, ids=[t[0] for t in NOT_SPLIT])
def test_false_positive_traps(tid: str, body: str) -> None:
    result = trim_body(body)
    assert result.new_text == body.strip()
    assert result.signature == ""
    assert result.quoted == ""
    assert result.forwarded is None


# --------------------------------------------------------------------------------------------
# Contract
# --------------------------------------------------------------------------------------------


def test_empty_and_blank_bodies() -> None:
    assert trim_body("") == TrimmedText(new_text="")
    assert trim_body("   \n\n \r\n").new_text == ""


def test_crlf_and_trailing_spaces_are_normalised() -> None:
    body = (
        "Hi, \r\nyes.\r\n\r\nOn Mon, Jan 1, 2024 at 10:00 AM Jane <j@x.example> wrote:\r\n> q\r\n"
    )
    result = trim_body(body)
    assert result.new_text == "Hi,\nyes."
    assert "\r" not in result.quoted


def test_only_quoted_text() -> None:
    result = trim_body("> one\n> two")
    assert result.new_text == ""
    assert result.quoted == "> one\n> two"


def test_strip_quote_marks() -> None:
    assert strip_quote_marks("> a\n>> b\n> > c\nd") == "a\n> b\n> c\nd"
    assert strip_quote_marks("> a\n>> b\n> > c\nd", all_levels=True) == "a\nb\nc\nd"
    assert strip_quote_marks("") == ""


def test_large_body_is_linear() -> None:
    body = (
        "word " * 12 + "\n"
    ) * 20_000 + "\nOn Mon, Jan 1, 2024 at 10:00 AM J <j@x.io> wrote:\n> q"
    result = trim_body(body)
    assert result.quoted.startswith("On Mon")
    assert result.new_text.endswith("word")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"abcOnwrote:>-_ \n\r\t@<>[]()*,.!0123456789FromSent",
                *("wrote:", "From: ", "Sent: ", "To: ", "Subject: ", "-- ", "> ", "Regards,"),
                *("Sent from my iPhone", "---------- Forwarded message ---------", "\u00a0"),
                *("é", "```", "2024", "On Mon, Jan 1, 2024 at 10:00 AM J <j@x.io> wrote:"),
            ]
        ),
        max_size=120,
    ).map("".join),
    st.one_of(st.none(), st.text(max_size=20)),
)
def test_never_raises_and_is_deterministic(text: str, sender: str | None) -> None:
    first = trim_body(text, sender_name=sender)
    assert "error" not in first.markers
    assert first == trim_body(text, sender_name=sender)
    assert first.new_text == first.new_text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    result = trim_body(text, subject=text[:10])
    assert "error" not in result.markers
