"""Thread ids: which conversation an email belongs to.

Why not just hash the subject and the sorted addresses? Because that both merges conversations
that are different and splits conversations that are one:

* It merges: the same agency sends "Collaboration" about two campaigns, weeks apart; a brand
  reuses one outreach template ("Paid partnership with Acme") for every creator and every
  season; a forward keeps the subject while the conversation it starts is a new one.
* It splits: someone edits the subject mid-thread ("Re: Collab" -> "Re: Collab - contract
  v2"); a manager is added or dropped on Cc; the brand writes from a no-reply address with the
  account manager in Reply-To, and the manager answers from their own address; a colleague at
  the agency takes over the conversation.

So the message-id chain comes first, JWZ-style: every reply carries ``In-Reply-To`` (its
parent) and ``References`` (the chain, root first). :func:`assign_thread_id` looks up the
email's own Message-ID and then every referenced id (root first) in a :class:`ThreadIndex`;
the first known id wins. When none is known but the email does reference something, the thread
id is derived from the root id (:func:`new_thread_id`), and a root message's own thread id is
derived from its Message-ID the same way, so siblings and parents that arrive out of order
still land in the same thread without a lookup. Every id an email mentions is remembered, so a
later message that only references a sibling finds the thread too.

Only when an email references nothing (clients that drop the headers, mail forwarded through
tools that strip them) does a subject fallback apply, and only under all of these conditions:

* the subject carries a *reply* prefix (``Re:``, ``AW:``, ``SV:``, ``回复:``...): an email without
  one is somebody starting a conversation, so a brand's fresh email with the same subject a
  month later is a new thread (a new campaign, a new offer), and a forward (``Fwd:``) starts a
  new conversation with new people;
* the normalised subject is not generic ("hi", "collaboration", "partnership"...): a generic
  subject says nothing about *which* conversation it continues;
* the participant pair matches (:func:`participant_key`): the external correspondent and the
  creator-side address, as an unordered pair;
* the thread's last message is within ``window`` (30 days by default).

A split thread costs a repeated question; a merged thread mixes the terms of two deals. Every
fallback rule therefore prefers splitting.

Known limit: when a child that only references its parent arrives before the rest of a chain
whose root is already known, the two halves get different ids (the index never rewrites a
thread id it has handed out). Merging them would mean re-threading stored messages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from repflow.mail.models import InboundEmail

__all__ = [
    "InMemoryThreadIndex",
    "Participants",
    "ThreadIndex",
    "assign_thread_id",
    "has_reply_prefix",
    "is_generic_subject",
    "new_thread_id",
    "normalise_subject",
    "participant_key",
    "thread_root",
]

# Reply prefixes in the forms mail clients write them (matched case-insensitively).
_REPLY_PREFIXES = (
    "re",
    "res",  # Portuguese (Outlook)
    "aw",  # German "Antwort"
    "antw",  # Dutch
    "antwort",  # German
    "sv",  # Swedish / Danish / Norwegian "svar"
    "vs",  # Finnish "vastaus"
    "rif",  # Italian "riferimento"
    "r",  # Italian (Outlook)
    "odp",  # Polish / Czech "odpověď"
    "ynt",  # Turkish "yanıt"
    "vá",  # Hungarian
    "bls",  # Indonesian "balas"
    "απ",  # Greek
    "σχετ",  # Greek
    "отв",  # Russian
    "ответ",  # Russian
    "回复",  # Chinese (simplified)
    "回覆",  # Chinese (traditional)
    "答复",  # Chinese (simplified)
    "答覆",  # Chinese (traditional)
    "返信",  # Japanese
    "회신",  # Korean
    "השב",  # Hebrew
    "رد",  # Arabic
)
# Forward prefixes.
_FORWARD_PREFIXES = (
    "fwd",
    "fw",
    "wg",  # German "Weitergeleitet"
    "tr",  # French "transféré"
    "rv",  # Spanish "reenviado"
    "enc",  # Portuguese "encaminhado"
    "doorst",  # Dutch "doorgestuurd"
    "vl",  # Finnish "välitetty"
    "vb",  # Dutch (Outlook)
    "pd",  # Polish "przekaż dalej"
    "i",  # Italian "inoltrato" (Outlook)
    "ilt",  # Turkish "ilet"
    "i̇lt",  # Turkish, casefolded İLT
    "пересл",  # Russian
    "πρθ",  # Greek
    "转发",  # Chinese (simplified)
    "轉寄",  # Chinese (traditional)
    "轉發",  # Chinese (traditional)
    "転送",  # Japanese
    "전달",  # Korean
    "הועבר",  # Hebrew
    "továbbítás",  # Hungarian
)

# Prefixes are matched on NFKC-normalised, casefolded text (so "ＲＥ：" and "RE:" are "re:").
# A counter may follow: "Re[2]:", "Re(3):", "Re^2:".
_COUNTER = r"(?:\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\^\d{1,4}))?"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_REPLY_RE = re.compile(r"(?:" + _alternation(_REPLY_PREFIXES) + r")" + _COUNTER + r"\s*:")
_FORWARD_RE = re.compile(r"(?:" + _alternation(_FORWARD_PREFIXES) + r")" + _COUNTER + r"\s*:")
_TAG_RE = re.compile(r"\[[^\[\]]{0,64}\]")
_FWD_MARK_RE = re.compile(r"\((?:fwd|fw)\)")
_WS_RE = re.compile(r"\s+")


def _fold(subject: str) -> str:
    folded = unicodedata.normalize("NFKC", subject).casefold()
    return " ".join(unicodedata.normalize("NFKC", folded).split())


def _strip_prefixes(folded: str) -> tuple[str, bool]:
    """Strip leading prefixes and tags; also report whether a reply prefix was among them."""
    replied = False
    while True:
        folded = folded.lstrip()
        if not folded:
            return folded, replied
        match = _REPLY_RE.match(folded)
        if match:
            replied = True
        else:
            match = _FORWARD_RE.match(folded) or _TAG_RE.match(folded)
            if match is None:
                match = _FWD_MARK_RE.match(folded)
        if match is None or match.end() == 0:
            return folded, replied
        folded = folded[match.end() :]


def normalise_subject(subject: str) -> str:
    """Reduce a subject to the key that stays the same across a conversation.

    Strips any run of reply/forward prefixes in many languages and forms (``Re:``, ``RE[2]:``,
    ``Re(3):``, ``Fwd:``, ``FW:``, ``AW:``, ``WG:``, ``SV:``, ``VS:``, ``Antw:``, ``TR:``,
    ``RV:``, ``RIF:``, ``R:``, ``I:``, ``Odp:``, ``ENC:``, ``Doorst:``, ``YNT:``, ``İLT:``,
    ``Отв:``, ``回复:``, ``转发:``, ``返信:``, ``転送:``...), ``[tag]`` markers interleaved with
    them (``[EXT] RE: [list] Fwd: x``) and ``(fwd)`` markers at either end; then collapses
    whitespace and casefolds (after NFKC, so full-width ``ＲＥ：`` counts as ``re:``).

    Args:
        subject: The raw (decoded) subject.

    Returns:
        The normalised subject, possibly empty. The function is idempotent.
    """
    rest, _ = _strip_prefixes(_fold(subject))
    while True:
        match = re.search(r"\s*\((?:fwd|fw)\)\s*$", rest)
        if match is None or not rest:
            break
        rest = rest[: match.start()]
        rest, _ = _strip_prefixes(rest)
    return rest.strip()


def has_reply_prefix(subject: str) -> bool:
    """Whether the subject carries a reply prefix (``Re:``, ``AW:``...) among its prefixes.

    Args:
        subject: The raw subject.

    Returns:
        True when any leading prefix (before the first non-prefix word) is a reply prefix.
    """
    return _strip_prefixes(_fold(subject))[1]


_GENERIC_SUBJECTS = frozenset(
    {
        "",
        "hi",
        "hey",
        "hello",
        "hi there",
        "hey there",
        "hello there",
        "hallo",
        "hola",
        "bonjour",
        "ciao",
        "hej",
        "test",
        "no subject",
        "untitled",
        "question",
        "questions",
        "quick question",
        "inquiry",
        "enquiry",
        "business inquiry",
        "business enquiry",
        "request",
        "info",
        "information",
        "follow up",
        "followup",
        "following up",
        "checking in",
        "update",
        "opportunity",
        "proposal",
        "offer",
        "collab",
        "collabs",
        "collaboration",
        "collaboration opportunity",
        "collaboration request",
        "collaboration inquiry",
        "collab opportunity",
        "collab request",
        "partnership",
        "partnership opportunity",
        "partnership inquiry",
        "partnership proposal",
        "paid partnership",
        "brand partnership",
        "brand collaboration",
        "brand deal",
        "sponsorship",
        "sponsorship opportunity",
        "sponsorship inquiry",
        "sponsored post",
        "influencer collaboration",
        "campaign",
        "kooperation",
        "kooperationsanfrage",
        "zusammenarbeit",
        "anfrage",
        "collaborazione",
        "colaboración",
        "colaboracion",
        "colaboração",
        "colaboracao",
        "partenariat",
        "collaboration commerciale",
        "samarbete",
        "samarbeid",
        "samarbejde",
        "samenwerking",
        "parceria",
        "współpraca",
        "wspolpraca",
        "сотрудничество",
        "合作",
        "コラボ",
    }
)
_NON_WORD_RE = re.compile(r"[\W_]+")


def is_generic_subject(subject_key: str) -> bool:
    """Whether a normalised subject is too generic to identify a conversation.

    Args:
        subject_key: A subject as returned by :func:`normalise_subject`.

    Returns:
        True for empty subjects and openers such as "hi", "collaboration", "partnership".
    """
    return " ".join(_NON_WORD_RE.sub(" ", subject_key).split()) in _GENERIC_SUBJECTS


def _norm_id(message_id: str) -> str:
    value = message_id.strip()
    if value and not value.startswith("<"):
        value = f"<{value}>"
    return value


def thread_root(email: InboundEmail) -> str | None:
    """The root message id of the email's chain.

    Args:
        email: The parsed message.

    Returns:
        The first ``References`` id (the root), else ``In-Reply-To``, else None.
    """
    for ref in email.references:
        if ref.strip():
            return _norm_id(ref)
    if email.in_reply_to and email.in_reply_to.strip():
        return _norm_id(email.in_reply_to)
    return None


def new_thread_id(seed: str) -> str:
    """A deterministic thread id for ``seed``.

    Args:
        seed: A root message id or another stable seed.

    Returns:
        ``"t_"`` followed by the first 20 hex digits of the SHA-256 of the seed.
    """
    return "t_" + hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _chain_ids(email: InboundEmail) -> list[str]:
    """The email's own Message-ID, then its References (root first), then In-Reply-To."""
    ids: list[str] = []
    for raw in (email.message_id, *email.references, email.in_reply_to):
        if raw and raw.strip():
            value = _norm_id(raw)
            if value not in ids:
                ids.append(value)
    return ids


def _address_set(addresses: Collection[str]) -> frozenset[str]:
    return frozenset(a.strip().strip("<>").lower() for a in addresses if a and a.strip())


def _first(addresses: Iterable[str], exclude: Collection[str]) -> str:
    for address in addresses:
        if address and address not in exclude:
            return address
    return ""


@dataclass(frozen=True, slots=True)
class Participants:
    """The addresses of an email that the participant key is made of (see :meth:`key`).

    Carried apart from the email so that a store can compute the key once it knows whose
    addresses are the creator's (``begin_turn`` finds the creator and the thread together).
    """

    sender: str = ""
    reply_to: tuple[str, ...] = ()
    #: To, then Cc.
    recipients: tuple[str, ...] = ()

    @classmethod
    def of(cls, email: InboundEmail) -> Participants:
        """The participants of ``email`` (addresses as parsed: lower-case)."""
        return cls(
            sender=email.from_.address if email.from_ and email.from_.address else "",
            reply_to=tuple(a.address for a in email.reply_to if a.address),
            recipients=tuple(a.address for a in (*email.to, *email.cc) if a.address),
        )

    def key(self, own_addresses: Collection[str] = ()) -> str:
        """The participant key (:func:`participant_key`) given the creator-side addresses."""
        own = _address_set(own_addresses)
        sender = self.sender
        if sender and sender in own:
            creator = sender
            external = _first(self.recipients, own)
        else:
            external = _first(self.reply_to, own) or sender
            creator = ""
            if own:
                creator = next((a for a in self.recipients if a in own), "")
            if not creator:
                creator = _first(self.recipients, {external, sender})
        pair = sorted({a for a in (external, creator) if a})
        return "|".join(pair)


def participant_key(email: InboundEmail, own_addresses: Collection[str] = ()) -> str:
    """The unordered pair of the two sides of the conversation, as one string.

    * Inbound mail: the external side is the first ``Reply-To`` (where our answer goes, and
      where the brand's person answers from), else ``From``. The creator side is the first
      To/Cc address among ``own_addresses``, else the first To/Cc address that is neither the
      external side nor the sender.
    * Our own sent mail (``From`` in ``own_addresses``): the creator side is ``From``; the
      external side is the first To/Cc address that is not ours.

    The pair is sorted, so a message and its answer give the same key even when
    ``own_addresses`` is empty. Further Cc'd people (managers, colleagues) are deliberately left
    out: they come and go within one conversation.

    Args:
        email: The parsed message.
        own_addresses: The creator-side addresses (the inboxes Repflow answers from).

    Returns:
        ``"a@x|b@y"`` (sorted), a single address when only one side is known, or ``""``.
    """
    return Participants.of(email).key(own_addresses)


class ThreadIndex(Protocol):
    """Lookups :func:`assign_thread_id` needs; the SQL store implements the same ones."""

    def thread_for_message_ids(self, ids: Sequence[str]) -> str | None:
        """The thread of the first id in ``ids`` that the index knows, or None."""
        ...

    def thread_for_subject(
        self, subject_key: str, participant_key: str, at: datetime | None, window: timedelta
    ) -> str | None:
        """The thread with this subject key and participant pair active within ``window``."""
        ...

    def remember(
        self, email: InboundEmail, thread_id: str, subject_key: str, participant_key: str
    ) -> None:
        """Record that ``email`` (and every id it references) belongs to ``thread_id``."""
        ...


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass
class _SubjectEntry:
    thread_id: str
    last_at: datetime | None


class InMemoryThreadIndex:
    """A :class:`ThreadIndex` held in dictionaries (a batch in ``repflow inspect``, tests).

    Message ids map to the first thread they were seen in and are never re-mapped. Subject
    entries keep, per (subject key, participant key), every thread with the date of its latest
    message.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, str] = {}
        self._by_subject: dict[tuple[str, str], list[_SubjectEntry]] = {}

    def thread_for_message_ids(self, ids: Sequence[str]) -> str | None:
        """The thread of the first id in ``ids`` that the index knows.

        Args:
            ids: Message ids in header form, in priority order.

        Returns:
            The thread id, or None when no id is known.
        """
        for message_id in ids:
            thread_id = self._by_id.get(_norm_id(message_id))
            if thread_id is not None:
                return thread_id
        return None

    def thread_for_subject(
        self, subject_key: str, participant_key: str, at: datetime | None, window: timedelta
    ) -> str | None:
        """The thread with this subject and participant pair whose last message is near ``at``.

        Args:
            subject_key: A normalised subject.
            participant_key: A key from :func:`participant_key`.
            at: The email's date; without it no thread matches (the window cannot be checked).
            window: How far (either way) the thread's latest message may be from ``at``.

        Returns:
            The closest matching thread id, or None.
        """
        if at is None or not subject_key or not participant_key:
            return None
        best: tuple[timedelta, str] | None = None
        for entry in self._by_subject.get((subject_key, participant_key), ()):
            if entry.last_at is None:
                continue
            distance = abs(_aware(at) - _aware(entry.last_at))
            if distance <= window and (best is None or distance < best[0]):
                best = (distance, entry.thread_id)
        return best[1] if best else None

    def remember(
        self, email: InboundEmail, thread_id: str, subject_key: str, participant_key: str
    ) -> None:
        """Record the email's ids and its subject/participants under ``thread_id``.

        Args:
            email: The message just threaded.
            thread_id: Its thread.
            subject_key: Its normalised subject.
            participant_key: Its participant key.
        """
        for message_id in _chain_ids(email):
            self._by_id.setdefault(message_id, thread_id)
        if not subject_key or not participant_key:
            return
        entries = self._by_subject.setdefault((subject_key, participant_key), [])
        for entry in entries:
            if entry.thread_id == thread_id:
                if email.date is not None and (
                    entry.last_at is None or _aware(email.date) > _aware(entry.last_at)
                ):
                    entry.last_at = email.date
                return
        entries.append(_SubjectEntry(thread_id, email.date))


def _fallback_seed(email: InboundEmail) -> str:
    if email.message_id and email.message_id.strip():
        return _norm_id(email.message_id)
    if email.sha256:
        return email.sha256
    sender = email.from_.address if email.from_ else ""
    date = email.date.isoformat() if email.date else ""
    material = "\x1f".join((sender, date, email.subject, email.text[:4096]))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class ThreadKeys:
    """Everything needed to look an email's thread up, computed once, without I/O.

    The in-memory index and the SQL store run the same lookups with these keys, so
    ``repflow inspect`` and ``repflow process`` thread the same mail the same way.
    """

    #: The email's own Message-ID, then References (root first), then In-Reply-To.
    message_ids: tuple[str, ...]
    root: str | None
    subject_key: str
    participant_key: str
    #: Whether the subject + participants fallback may be tried (see :func:`assign_thread_id`).
    subject_fallback: bool
    #: Seed of a brand-new thread's id when nothing matches.
    new_thread_id: str
    #: The fallback's conditions short of the participant pair (no references, a reply prefix,
    #: a subject that is not generic): a store that learns the creator's addresses later
    #: completes them with the pair (``store/turns.open_turn``).
    subject_fallback_possible: bool


def thread_keys(email: InboundEmail, own_addresses: Collection[str] = ()) -> ThreadKeys:
    """The lookup keys of ``email`` (see :func:`assign_thread_id` for how they are used)."""
    subject_key = normalise_subject(email.subject or "")
    pkey = participant_key(email, own_addresses)
    root = thread_root(email)
    possible = (
        root is None
        and has_reply_prefix(email.subject or "")
        and not is_generic_subject(subject_key)
    )
    return ThreadKeys(
        message_ids=tuple(_chain_ids(email)),
        root=root,
        subject_key=subject_key,
        participant_key=pkey,
        subject_fallback=possible and "|" in pkey,
        new_thread_id=new_thread_id(root if root is not None else _fallback_seed(email)),
        subject_fallback_possible=possible,
    )


def assign_thread_id(
    email: InboundEmail,
    index: ThreadIndex,
    *,
    own_addresses: Collection[str] = (),
    window: timedelta = timedelta(days=30),
) -> str:
    """Find or create the thread of ``email`` and remember it in ``index``.

    1. The email's own Message-ID, then its References (root first), then In-Reply-To: the
       first id the index knows gives the thread (a replayed message keeps its thread).
    2. Otherwise, if it references anything: ``new_thread_id(root)``, so siblings that arrive
       before their root share a thread, and the root itself later gets the same id.
    3. Otherwise, only for a subject with a reply prefix, a non-generic subject key and a known
       participant pair: the index's thread with the same subject key and pair whose latest
       message is within ``window``.
    4. Otherwise a new thread: ``new_thread_id(Message-ID)`` (or of the content hash).

    Args:
        email: The parsed message (inbound, or our own sent reply).
        index: Where known ids and subjects are looked up and recorded.
        own_addresses: The creator-side addresses (see :func:`participant_key`).
        window: How recent the matching thread must be for the subject fallback.

    Returns:
        The thread id (``"t_"`` + 20 hex digits).
    """
    keys = thread_keys(email, own_addresses)
    thread_id = index.thread_for_message_ids(keys.message_ids)
    if thread_id is None and keys.subject_fallback:
        thread_id = index.thread_for_subject(
            keys.subject_key, keys.participant_key, email.date, window
        )
    if thread_id is None:
        thread_id = keys.new_thread_id
    index.remember(email, thread_id, keys.subject_key, keys.participant_key)
    return thread_id
