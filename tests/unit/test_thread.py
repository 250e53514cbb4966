"""Unit tests of repflow.mail.thread: subject keys, JWZ chains, the subject fallback."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repflow.mail.models import Address, InboundEmail
from repflow.mail.thread import (
    InMemoryThreadIndex,
    ThreadIndex,
    assign_thread_id,
    has_reply_prefix,
    is_generic_subject,
    new_thread_id,
    normalise_subject,
    participant_key,
    thread_root,
)

BRAND = "jordan@glowlabs.com"
CREATOR = "maya@creator.com"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def make_email(
    message_id: str | None,
    *,
    subject: str = "Spring campaign with Glow Labs",
    from_: str = BRAND,
    to: Sequence[str] = (CREATOR,),
    cc: Sequence[str] = (),
    reply_to: Sequence[str] = (),
    references: Sequence[str] = (),
    in_reply_to: str | None = None,
    date: datetime | None = T0,
    sha256: str = "",
) -> InboundEmail:
    return InboundEmail(
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=tuple(references),
        date=date,
        from_=Address("", from_),
        reply_to=tuple(Address("", a) for a in reply_to),
        to=tuple(Address("", a) for a in to),
        cc=tuple(Address("", a) for a in cc),
        subject=subject,
        text="Hello",
        html=None,
        attachments=(),
        headers={},
        size=5,
        defects=(),
        sha256=sha256,
    )


# ------------------------------------------------------------------------------------------
# normalise_subject
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Collab", "collab"),
        ("RE: RE: re: Collab", "collab"),
        ("Re[2]: Collab", "collab"),
        ("Re(3): Collab", "collab"),
        ("RE : Collab", "collab"),
        ("Fwd: Collab", "collab"),
        ("FW: Fwd: Collab", "collab"),
        ("AW: WG: Kooperation", "kooperation"),
        ("SV: VS: Samarbete", "samarbete"),
        ("Antw: Doorst: Samenwerking", "samenwerking"),
        ("Antwort: Kooperation", "kooperation"),
        ("TR: RE: Partenariat", "partenariat"),
        ("RV: RE: Colaboración", "colaboración"),
        ("RIF: R: I: Collaborazione", "collaborazione"),
        ("Odp: PD: Współpraca", "współpraca"),
        ("ENC: RES: Parceria", "parceria"),
        ("YNT: İLT: İşbirliği", normalise_subject("İşbirliği")),
        ("Ynt: Ilt: Teklif", "teklif"),
        ("Отв: Ответ: Сотрудничество", "сотрудничество"),
        ("Пересл: Сотрудничество", "сотрудничество"),
        ("回复: 转发: 合作", "合作"),
        ("答复：合作", "合作"),
        ("返信: 転送: コラボ", "コラボ"),
        ("ＲＥ：Collab", "collab"),
        ("[ext] RE: [list] Fwd: x", "x"),
        ("[EXTERNAL] [creators] Re: Spring  campaign\t brief", "spring campaign brief"),
        ("Spring campaign (fwd)", "spring campaign"),
        ("(fwd) Spring campaign", "spring campaign"),
        ("  Spring   Campaign  ", "spring campaign"),
        ("Re:", ""),
        ("", ""),
        ("Reality check: rates", "reality check: rates"),
        ("Fwdx: not a prefix", "fwdx: not a prefix"),
        ("Review: our brief", "review: our brief"),
        ("Summer [teaser] drop", "summer [teaser] drop"),
    ],
)
def test_normalise_subject(subject: str, expected: str) -> None:
    assert normalise_subject(subject) == expected


@given(st.text())
def test_normalise_subject_is_idempotent(subject: str) -> None:
    once = normalise_subject(subject)
    assert normalise_subject(once) == once


@given(st.text())
def test_reply_prefix_does_not_change_key(subject: str) -> None:
    assert normalise_subject("Re: " + subject) == normalise_subject(subject)


@given(st.sampled_from(["Re: ", "AW: ", "Fwd: ", "[ext] ", "SV: ", "回复: "]), st.text())
def test_any_prefix_does_not_change_key(prefix: str, subject: str) -> None:
    assert normalise_subject(prefix + subject) == normalise_subject(subject)


def test_has_reply_prefix() -> None:
    assert has_reply_prefix("Re: x")
    assert has_reply_prefix("[ext] AW: x")
    assert has_reply_prefix("Fwd: Re: x")
    assert not has_reply_prefix("Fwd: x")
    assert not has_reply_prefix("Spring campaign")
    assert not has_reply_prefix("Reality check")


@pytest.mark.parametrize(
    "subject", ["", "Hi", "hello!", "Collaboration", "Partnership opportunity", "Quick question?"]
)
def test_generic_subjects(subject: str) -> None:
    assert is_generic_subject(normalise_subject(subject))


def test_specific_subject_is_not_generic() -> None:
    assert not is_generic_subject(normalise_subject("Glow Labs x Maya - spring campaign"))


# ------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------


def test_new_thread_id_is_deterministic() -> None:
    expected = "t_" + hashlib.sha256(b"<a@x>").hexdigest()[:20]
    assert new_thread_id("<a@x>") == expected
    assert len(expected) == 22


def test_thread_root() -> None:
    assert thread_root(make_email("<c@x>", references=["<a@x>", "<b@x>"])) == "<a@x>"
    assert thread_root(make_email("<c@x>", in_reply_to="<b@x>")) == "<b@x>"
    assert thread_root(make_email("<c@x>")) is None


def test_participant_key_is_an_unordered_pair() -> None:
    inbound = make_email("<a@x>")
    outbound = make_email("<b@x>", from_=CREATOR, to=[BRAND])
    assert participant_key(inbound) == f"{BRAND}|{CREATOR}"
    assert participant_key(outbound) == participant_key(inbound)
    assert participant_key(outbound, [CREATOR]) == participant_key(inbound, [CREATOR])


def test_participant_key_uses_reply_to_and_own_addresses() -> None:
    inbound = make_email(
        "<a@x>",
        from_="noreply@platform.example",
        reply_to=[BRAND],
        to=["manager@agency.example"],
        cc=[CREATOR],
    )
    assert participant_key(inbound, [CREATOR]) == f"{BRAND}|{CREATOR}"
    # Without own addresses the first recipient stands for the creator side.
    assert participant_key(inbound) == f"{BRAND}|manager@agency.example"


def test_participant_key_ignores_extra_cc() -> None:
    a = make_email("<a@x>")
    b = make_email("<b@x>", cc=["boss@glowlabs.com", "manager@agency.example"])
    assert participant_key(a, [CREATOR]) == participant_key(b, [CREATOR])


# ------------------------------------------------------------------------------------------
# assign_thread_id
# ------------------------------------------------------------------------------------------


def test_in_memory_index_satisfies_protocol() -> None:
    index: ThreadIndex = InMemoryThreadIndex()
    assert index.thread_for_message_ids(["<nope@x>"]) is None


def test_root_message_gets_id_from_its_message_id() -> None:
    index = InMemoryThreadIndex()
    assert assign_thread_id(make_email("<a@x>"), index) == new_thread_id("<a@x>")


def test_chain_in_order() -> None:
    index = InMemoryThreadIndex()
    a = make_email("<a@x>")
    b = make_email(
        "<b@x>",
        subject="Re: Spring",
        from_=CREATOR,
        to=[BRAND],
        in_reply_to="<a@x>",
        references=["<a@x>"],
    )
    c = make_email(
        "<c@x>", subject="Re: Spring", in_reply_to="<b@x>", references=["<a@x>", "<b@x>"]
    )
    ids = {assign_thread_id(m, index) for m in (a, b, c)}
    assert ids == {new_thread_id("<a@x>")}


def test_chain_out_of_order_arrival() -> None:
    index = InMemoryThreadIndex()
    a = make_email("<a@x>")
    b = make_email("<b@x>", in_reply_to="<a@x>", references=["<a@x>"])
    c = make_email("<c@x>", in_reply_to="<b@x>", references=["<a@x>", "<b@x>"])
    # The grandchild first, then the root, then the middle message.
    assert assign_thread_id(c, index) == assign_thread_id(a, index) == assign_thread_id(b, index)


def test_siblings_before_unknown_root_join() -> None:
    index = InMemoryThreadIndex()
    b1 = make_email("<b1@x>", references=["<root@x>"])
    b2 = make_email("<b2@x>", in_reply_to="<root@x>")
    t1 = assign_thread_id(b1, index)
    assert t1 == new_thread_id("<root@x>")
    assert assign_thread_id(b2, index) == t1


def test_references_root_unknown_but_middle_known() -> None:
    index = InMemoryThreadIndex()
    # The middle message is known (arrived with no references of its own).
    middle = make_email("<m@x>")
    t_middle = assign_thread_id(middle, index)
    # A reply whose References start with a root this index never saw.
    reply = make_email("<r@x>", references=["<lost-root@x>", "<m@x>"], in_reply_to="<m@x>")
    assert assign_thread_id(reply, index) == t_middle


def test_child_referencing_only_a_sibling_finds_thread() -> None:
    index = InMemoryThreadIndex()
    first = make_email("<b@x>", references=["<a@x>"])
    t = assign_thread_id(first, index)
    # Only In-Reply-To, pointing at an id the index learned from `first`'s References.
    assert assign_thread_id(make_email("<z@x>", in_reply_to="<a@x>"), index) == t


def test_replay_is_idempotent() -> None:
    index = InMemoryThreadIndex()
    m = make_email("<b@x>", references=["<a@x>"])
    assert assign_thread_id(m, index) == assign_thread_id(m, index)


def test_ids_without_brackets_are_normalised() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    assert assign_thread_id(make_email("<b@x>", in_reply_to="a@x"), index) == t


def test_own_sent_reply_threads_with_inbound() -> None:
    index = InMemoryThreadIndex()
    inbound = make_email("<in@glowlabs.com>")
    t = assign_thread_id(inbound, index, own_addresses=[CREATOR])
    ours = make_email(
        "<out@repflow.app>",
        subject="Re: Spring campaign with Glow Labs",
        from_=CREATOR,
        to=[BRAND],
        in_reply_to="<in@glowlabs.com>",
        references=["<in@glowlabs.com>"],
        date=T0 + timedelta(minutes=5),
    )
    assert assign_thread_id(ours, index, own_addresses=[CREATOR]) == t
    # The brand answers our reply only (its client kept just In-Reply-To).
    answer = make_email(
        "<ans@glowlabs.com>",
        subject="Re: Spring campaign with Glow Labs",
        in_reply_to="<out@repflow.app>",
        date=T0 + timedelta(days=1),
    )
    assert assign_thread_id(answer, index, own_addresses=[CREATOR]) == t


def test_own_sent_reply_without_references_uses_subject_fallback() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<in@x>"), index, own_addresses=[CREATOR])
    ours = make_email(
        "<out@x>",
        subject="Re: Spring campaign with Glow Labs",
        from_=CREATOR,
        to=[BRAND],
        date=T0 + timedelta(hours=1),
    )
    assert assign_thread_id(ours, index, own_addresses=[CREATOR]) == t


# --- subject fallback ---


def test_subject_fallback_within_window() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    reply = make_email(
        "<b@x>", subject="RE: Spring campaign with Glow Labs", date=T0 + timedelta(days=29)
    )
    assert assign_thread_id(reply, index) == t


def test_subject_fallback_window_counts_from_last_message() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    mid = make_email(
        "<b@x>",
        subject="Re: Spring campaign with Glow Labs",
        from_=CREATOR,
        to=[BRAND],
        date=T0 + timedelta(days=20),
    )
    assert assign_thread_id(mid, index) == t
    late = make_email(
        "<c@x>", subject="Re: Spring campaign with Glow Labs", date=T0 + timedelta(days=45)
    )
    assert assign_thread_id(late, index) == t


def test_subject_fallback_outside_window_is_new_thread() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    reply = make_email(
        "<b@x>", subject="Re: Spring campaign with Glow Labs", date=T0 + timedelta(days=31)
    )
    assert assign_thread_id(reply, index) != t
    assert assign_thread_id(reply, index, window=timedelta(days=60)) != t  # already remembered


def test_subject_fallback_custom_window() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    reply = make_email(
        "<b@x>", subject="Re: Spring campaign with Glow Labs", date=T0 + timedelta(days=50)
    )
    assert assign_thread_id(reply, index, window=timedelta(days=60)) == t


def test_different_participants_same_subject_are_different_threads() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    other = make_email(
        "<b@x>",
        subject="Re: Spring campaign with Glow Labs",
        from_="sam@otheragency.example",
        date=T0 + timedelta(days=1),
    )
    assert assign_thread_id(other, index) != t


def test_fresh_email_same_subject_without_prefix_is_new_thread() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    again = make_email("<b@x>", date=T0 + timedelta(days=3))
    assert assign_thread_id(again, index) != t


def test_forward_prefix_does_not_use_subject_fallback() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    fwd = make_email(
        "<b@x>", subject="Fwd: Spring campaign with Glow Labs", date=T0 + timedelta(days=1)
    )
    assert assign_thread_id(fwd, index) != t


def test_generic_subject_with_prefix_is_new_thread() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>", subject="Collaboration"), index)
    reply = make_email("<b@x>", subject="Re: Collaboration", date=T0 + timedelta(days=2))
    assert assign_thread_id(reply, index) != t


def test_subject_fallback_needs_a_date() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>"), index)
    undated = make_email("<b@x>", subject="Re: Spring campaign with Glow Labs", date=None)
    assert assign_thread_id(undated, index) != t


def test_subject_fallback_tolerates_naive_dates() -> None:
    index = InMemoryThreadIndex()
    t = assign_thread_id(make_email("<a@x>", date=datetime(2025, 3, 1, 12, 0)), index)
    reply = make_email(
        "<b@x>", subject="Re: Spring campaign with Glow Labs", date=T0 + timedelta(days=1)
    )
    assert assign_thread_id(reply, index) == t


def test_subject_fallback_picks_the_closest_thread() -> None:
    index = InMemoryThreadIndex()
    old = assign_thread_id(make_email("<a@x>"), index)
    new = assign_thread_id(make_email("<b@x>", date=T0 + timedelta(days=25)), index)
    assert old != new
    reply = make_email(
        "<c@x>", subject="Re: Spring campaign with Glow Labs", date=T0 + timedelta(days=26)
    )
    assert assign_thread_id(reply, index) == new


def test_references_win_over_subject() -> None:
    index = InMemoryThreadIndex()
    assign_thread_id(make_email("<a@x>"), index)
    other = make_email("<b@x>", subject="Totally different")
    t_other = assign_thread_id(other, index)
    reply = make_email(
        "<c@x>",
        subject="Re: Spring campaign with Glow Labs",
        in_reply_to="<b@x>",
        date=T0 + timedelta(days=1),
    )
    assert assign_thread_id(reply, index) == t_other


def test_message_without_message_id_uses_sha256() -> None:
    index = InMemoryThreadIndex()
    m = make_email(None, sha256="ab" * 32)
    assert assign_thread_id(m, index) == new_thread_id("ab" * 32)


def test_message_without_any_id_is_deterministic() -> None:
    m = make_email(None)
    assert assign_thread_id(m, InMemoryThreadIndex()) == assign_thread_id(m, InMemoryThreadIndex())
