"""What the dashboard pages show, computed from the store port (no I/O of its own beyond it).

Every function here takes the creator id it is scoped to; the routes decide who may see which
creator. Templates receive these plain dataclasses and format nothing but text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from repflow.api.dashboard.evidence import Evidence, find_evidence
from repflow.domain.deals import AMOUNT_STAGES, milestones_from_json, next_stage
from repflow.domain.models import Deal, DealTerms, Direction, Flag, Lead
from repflow.domain.states import LeadState, can_transition_lead
from repflow.store.port import OutboxItem, OutboxStatus, Store, StoredMessage, ThreadState

__all__ = [
    "FLAG_FILTERS",
    "BoardView",
    "InboxRow",
    "ThreadView",
    "board_view",
    "budget_text",
    "deliverables_text",
    "format_money",
    "humanise",
    "inbox_rows",
    "thread_view",
]

#: How many leads the inbox and the board read at most.
MAX_LEADS = 500

#: Lead states in the order of the deal flow (the inbox filter's options).
STATE_ORDER: tuple[LeadState, ...] = (
    LeadState.NEW,
    LeadState.INFO_GATHERING,
    LeadState.QUALIFIED,
    LeadState.NEGOTIATING,
    LeadState.DEAL_CREATED,
    LeadState.NEEDS_REVIEW,
    LeadState.DECLINED,
    LeadState.IGNORED,
)

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_DANGER_FLAGS = frozenset({Flag.SCAM.value, Flag.PROMPT_INJECTION.value, Flag.DMARC_FAIL.value})

_QUOTE_START = re.compile(
    r"^(?:>|On .{3,200}wrote:\s*$|Am .{3,200}schrieb.*:\s*$|El .{3,200}escribió:\s*$|"
    r"-{2,}\s*(?:Original Message|Forwarded message|Mensaje original)\s*-{2,}|"
    r"Begin forwarded message:)",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------------
# formatting
# --------------------------------------------------------------------------------------------


#: Words shown with their own capitalisation.
_PROPER = {
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "ugc": "UGC",
    "dmarc": "DMARC",
    "llm": "LLM",
    "x": "X",
}


def humanise(value: str | None) -> str:
    """``info_gathering`` -> ``Info gathering``, ``tiktok_video`` -> ``TikTok video``."""
    if not value:
        return ""
    words = value.replace("_", " ").split(" ")
    shown = [_PROPER.get(word.lower(), word) for word in words]
    if shown and shown[0] == words[0]:
        shown[0] = shown[0][:1].upper() + shown[0][1:]
    return " ".join(shown)


#: Flag filters of the inbox: value -> label. ``needs_review`` is the lead state,
#: ``draft_waiting`` a thread with a draft; the rest are the lead's flags (every Flag).
FLAG_FILTERS: dict[str, str] = {
    Flag.SCAM.value: "Scam",
    Flag.PROMPT_INJECTION.value: "Prompt injection",
    "needs_review": "Needs review",
    "draft_waiting": "Draft waiting",
    **{flag.value: humanise(flag.value) for flag in Flag},
}


def format_money(amount: Decimal | None, currency: str | None) -> str:
    """``$4,000`` / ``€1,250.50`` / ``CHF 900``; empty when the amount is unknown."""
    if amount is None:
        return ""
    number = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    code = (currency or "").upper()
    symbol = _SYMBOLS.get(code)
    if symbol:
        return f"{symbol}{number}"
    return f"{code} {number}".strip()


def budget_text(terms: DealTerms) -> str:
    """The budget as a short text: ``$4,000``, ``$5,000–$7,000``; empty when unknown."""
    low, high = terms.budget_min, terms.budget_max
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        text = f"{format_money(low, terms.currency)}–{format_money(high, terms.currency)}"
    else:
        text = format_money(high if high is not None else low, terms.currency)
    if terms.budget_per_unit:
        text += f" per {terms.budget_per_unit}"
    return text


def deliverables_text(terms: DealTerms) -> str:
    """``2 × Instagram reel, TikTok video``; empty when none are known."""
    parts = []
    for item in terms.deliverables:
        name = humanise(item.kind.value)
        parts.append(f"{item.quantity} × {name}" if item.quantity > 1 else name)
    return ", ".join(parts)


def _budget_value(terms: DealTerms) -> Decimal | None:
    """The amount a board totals: the top of the range when stated, else its bottom."""
    return terms.budget_max if terms.budget_max is not None else terms.budget_min


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --------------------------------------------------------------------------------------------
# inbox
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One lead (thread) of the inbox."""

    thread_id: str
    brand: str
    subject: str
    counterparty: str
    budget: str
    deliverables: str
    partnership_type: str
    state: str
    flags: tuple[str, ...]
    danger: bool
    draft_waiting: bool
    last_activity: datetime | None


def _last_activity(lead: Lead, state: ThreadState) -> datetime | None:
    """When the thread last moved, on Repflow's clock only.

    The lead's ``updated_at`` (when Repflow received and processed the newest email, or when
    the creator last acted on the thread) and the send time of our replies. An inbound
    message's ``Date`` header is the sender's word (a forged or skewed one would pin a lead to
    the top or bury it): it is shown with the message, never used here.
    """
    times = [_as_utc(lead.updated_at)]
    times += [_as_utc(m.sent_at) for m in state.messages if m.direction is Direction.OUTBOUND]
    known = [t for t in times if t is not None]
    return max(known) if known else _as_utc(lead.created_at)


def _matches(row: InboxRow, query: str) -> bool:
    haystack = " ".join((row.brand, row.subject, row.counterparty)).lower()
    return all(word in haystack for word in query.lower().split())


async def inbox_rows(
    store: Store,
    creator_id: str,
    *,
    state: str | None = None,
    flag: str | None = None,
    query: str | None = None,
) -> list[InboxRow]:
    """The creator's leads as inbox rows, most recent activity first.

    Args:
        store: The store.
        creator_id: Whose leads.
        state: Only leads in this state.
        flag: Only leads with this flag (see :data:`FLAG_FILTERS`).
        query: Words that must all occur in the brand, subject or sender (case-insensitive).

    Returns:
        The rows.
    """
    leads = await store.list_leads(creator_id, state=state or None, limit=MAX_LEADS)
    rows: list[InboxRow] = []
    for lead in leads:
        if flag and flag not in {"needs_review", "draft_waiting"} and flag not in lead.flags:
            continue
        if flag == "needs_review" and lead.state != LeadState.NEEDS_REVIEW.value:
            continue
        thread = await store.load_thread(creator_id, lead.thread_id)
        drafts = any(item.status is OutboxStatus.DRAFT for item in thread.outbox)
        if flag == "draft_waiting" and not drafts:
            continue
        subject = thread.conversation.subject if thread.conversation else ""
        if not subject and thread.messages:
            subject = thread.messages[0].subject
        terms = lead.terms
        row = InboxRow(
            thread_id=lead.thread_id,
            brand=terms.brand or terms.agency or lead.counterparty or "(unknown brand)",
            subject=subject,
            counterparty=lead.counterparty,
            budget=budget_text(terms),
            deliverables=deliverables_text(terms),
            partnership_type=humanise(terms.partnership_type.value)
            if terms.partnership_type
            else "",
            state=lead.state,
            flags=lead.flags,
            danger=bool(_DANGER_FLAGS.intersection(lead.flags)),
            draft_waiting=drafts,
            last_activity=_last_activity(lead, thread),
        )
        if query and not _matches(row, query):
            continue
        rows.append(row)
    epoch = datetime.min.replace(tzinfo=UTC)
    rows.sort(key=lambda r: r.last_activity or epoch, reverse=True)
    return rows


# --------------------------------------------------------------------------------------------
# thread
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TurnView:
    """What Repflow decided on one inbound message (from its ``details``)."""

    decision: str
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    category: str
    confidence: str
    screened: str
    reply_mode: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class MessageView:
    """One message of the conversation."""

    index: int
    inbound: bool
    sender: str
    recipients: str
    subject: str
    sent_at: datetime | None
    text: str
    folded: str
    turn: TurnView | None


@dataclass(frozen=True, slots=True)
class FieldView:
    """One extracted deal field, with where it came from."""

    name: str
    label: str
    value: str
    evidence: Evidence | None


@dataclass(frozen=True, slots=True)
class ThreadView:
    """Everything the thread page shows."""

    thread_id: str
    subject: str
    lead: Lead | None
    state: str
    conversation_state: str
    flags: tuple[str, ...]
    danger: bool
    messages: tuple[MessageView, ...]
    fields: tuple[FieldView, ...]
    decision: str
    reasons: tuple[str, ...]
    drafts: tuple[OutboxItem, ...]
    outbox: tuple[OutboxItem, ...]
    sender: str
    can_ignore: bool
    can_unignore: bool
    deal_stage: str
    deal: DealView | None = None


@dataclass(frozen=True, slots=True)
class MilestoneView:
    """A stage the deal reached, as shown."""

    stage: str
    on: date
    amount: str


@dataclass(frozen=True, slots=True)
class DealView:
    """The thread's deal: its stage, the stages reached, and the next one."""

    stage: str
    milestones: tuple[MilestoneView, ...]
    next_stage: str
    next_needs_amount: bool
    currency: str


def deal_view(deal: Deal) -> DealView:
    """The deal card of the thread page."""
    following = next_stage(deal.stage)
    return DealView(
        stage=deal.stage,
        milestones=tuple(
            MilestoneView(m.stage.value, m.on, format_money(m.amount, m.currency))
            for m in milestones_from_json(list(deal.milestones))
        ),
        next_stage=following.value if following else "",
        next_needs_amount=following in AMOUNT_STAGES,
        currency=(deal.terms.currency or "").upper(),
    )


def split_quoted(text: str) -> tuple[str, str]:
    """Split a message body into what was written and the quoted or forwarded history.

    Args:
        text: The stored body.

    Returns:
        ``(new text, folded history)``; the history is empty when there is none.
    """
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if index > 0 and _QUOTE_START.match(line.strip()):
            return "\n".join(lines[:index]).rstrip(), "\n".join(lines[index:]).strip()
    return text.rstrip(), ""


def _fields_of_details(deal: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    if not deal:
        return ()
    terms = _terms_from_json(deal)
    return tuple((label, value) for _name, label, value in _field_values(terms) if value)


def _terms_from_json(deal: Mapping[str, Any]) -> DealTerms:
    """DealTerms from a turn's ``details["deal"]`` (the JSON contract); unknown values skipped."""
    from repflow.domain.models import Deliverable, DeliverableKind, PartnershipType, Platform

    def amount(value: object) -> Decimal | None:
        if value is None:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None

    deliverables = []
    for item in deal.get("deliverables") or []:
        try:
            kind = DeliverableKind(item.get("kind"))
        except (ValueError, AttributeError):
            continue
        deliverables.append(Deliverable(kind, int(item.get("quantity") or 1)))
    platforms = []
    for value in deal.get("platforms") or []:
        try:
            platforms.append(Platform(value))
        except ValueError:
            continue
    try:
        ptype = PartnershipType(deal["partnership_type"]) if deal.get("partnership_type") else None
    except ValueError:
        ptype = None
    return DealTerms(
        brand=deal.get("brand"),
        agency=deal.get("agency"),
        budget_min=amount(deal.get("budget_min")),
        budget_max=amount(deal.get("budget_max")),
        currency=deal.get("currency"),
        partnership_type=ptype,
        deliverables=tuple(deliverables),
        platforms=tuple(platforms),
        deadline=deal.get("deadline"),
        usage_rights=deal.get("usage_rights"),
    )


def _field_values(terms: DealTerms) -> list[tuple[str, str, str]]:
    return [
        ("brand", "Brand", terms.brand or ""),
        ("agency", "Agency", terms.agency or ""),
        ("budget", "Budget", budget_text(terms)),
        (
            "partnership_type",
            "Type",
            humanise(terms.partnership_type.value) if terms.partnership_type else "",
        ),
        ("deliverables", "Deliverables", deliverables_text(terms)),
        ("platforms", "Platforms", ", ".join(humanise(p.value) for p in terms.platforms)),
        ("deadline", "Deadline", terms.deadline or ""),
        ("usage_rights", "Usage rights", terms.usage_rights or ""),
        ("exclusivity", "Exclusivity", terms.exclusivity or ""),
        ("product_category", "Category", humanise(terms.product_category)),
    ]


def _turn(details: Mapping[str, Any]) -> TurnView | None:
    if not details or "decision" not in details:
        return None
    confidence = details.get("confidence")
    reply = details.get("reply") or {}
    return TurnView(
        decision=str(details.get("decision") or ""),
        reasons=tuple(str(r) for r in details.get("reasons") or ()),
        flags=tuple(str(f) for f in details.get("flags") or ()),
        category=str(details.get("category") or ""),
        confidence="" if confidence is None else f"{float(confidence):.0%}",
        screened=str(details.get("screened") or ""),
        reply_mode=str(reply.get("mode") or "") if isinstance(reply, Mapping) else "",
        fields=_fields_of_details(details.get("deal")),
    )


def _message_view(index: int, message: StoredMessage) -> MessageView:
    text, folded = split_quoted(message.text)
    inbound = message.direction is Direction.INBOUND
    return MessageView(
        index=index,
        inbound=inbound,
        sender=message.sender,
        recipients=", ".join(message.recipients),
        subject=message.subject,
        sent_at=_as_utc(message.sent_at),
        text=text,
        folded=folded,
        turn=_turn(message.details) if inbound else None,
    )


def _recorded_evidence(messages: Sequence[StoredMessage]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for message in reversed(messages):
        evidence = message.details.get("evidence") if message.details else None
        if isinstance(evidence, Mapping):
            pairs.extend((str(k), str(v)) for k, v in evidence.items() if isinstance(v, str))
    return pairs


def thread_view(state: ThreadState) -> ThreadView:
    """The thread page's content.

    Args:
        state: The thread as loaded from the store.

    Returns:
        The view.
    """
    messages = tuple(_message_view(i, m) for i, m in enumerate(state.messages))
    lead = state.lead
    terms = lead.terms if lead else (state.deal.terms if state.deal else DealTerms())
    inbound = [
        (i, m.text) for i, m in enumerate(state.messages) if m.direction is Direction.INBOUND
    ]
    evidence = find_evidence(terms, list(reversed(inbound)), _recorded_evidence(state.messages))
    fields = tuple(
        FieldView(name, label, value, evidence.get(name))
        for name, label, value in _field_values(terms)
        if value
    )
    last_turn = next(
        (m.turn for m in reversed(messages) if m.turn is not None and not m.turn.screened),
        next((m.turn for m in reversed(messages) if m.turn is not None), None),
    )
    subject = state.conversation.subject if state.conversation else ""
    if not subject and state.messages:
        subject = state.messages[0].subject
    senders = [m.sender for m in state.messages if m.direction is Direction.INBOUND and m.sender]
    current = LeadState(lead.state) if lead else None
    flags = lead.flags if lead else ()
    return ThreadView(
        thread_id=state.thread_id,
        subject=subject or "(no subject)",
        lead=lead,
        state=lead.state if lead else "",
        conversation_state=state.conversation.state if state.conversation else "",
        flags=flags,
        danger=bool(_DANGER_FLAGS.intersection(flags)),
        messages=messages,
        fields=fields,
        decision=last_turn.decision if last_turn else "",
        reasons=last_turn.reasons if last_turn else (),
        drafts=tuple(o for o in state.outbox if o.status is OutboxStatus.DRAFT),
        outbox=tuple(o for o in state.outbox if o.status is not OutboxStatus.DRAFT),
        sender=senders[-1] if senders else (lead.counterparty if lead else ""),
        can_ignore=current is not None
        and current is not LeadState.IGNORED
        and can_transition_lead(current, LeadState.IGNORED),
        can_unignore=current is LeadState.IGNORED,
        deal_stage=state.deal.stage if state.deal else "",
        deal=deal_view(state.deal) if state.deal else None,
    )


# --------------------------------------------------------------------------------------------
# board
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardCard:
    """A lead or deal on the board."""

    thread_id: str
    brand: str
    budget: str
    deliverables: str
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BoardColumn:
    """One stage: its cards and totals per currency."""

    key: str
    label: str
    cards: tuple[BoardCard, ...]
    totals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WeekStat:
    """Offers received in one week and how many became deals."""

    start: date
    offers: int
    accepted: int

    @property
    def rate(self) -> float | None:
        """Acceptance rate (None for a week without offers)."""
        return self.accepted / self.offers if self.offers else None


@dataclass(frozen=True, slots=True)
class BoardView:
    """The pipeline board."""

    columns: tuple[BoardColumn, ...]
    closed: tuple[tuple[str, int], ...]
    weeks: tuple[WeekStat, ...]
    offers: int
    accepted: int


#: Open lead states shown as board columns, in flow order.
_OPEN_COLUMNS: tuple[tuple[str, str], ...] = (
    (LeadState.NEW.value, "New"),
    (LeadState.INFO_GATHERING.value, "Gathering info"),
    (LeadState.NEGOTIATING.value, "Negotiating"),
    (LeadState.QUALIFIED.value, "Qualified"),
    (LeadState.NEEDS_REVIEW.value, "Needs review"),
)
#: Deal stages in their usual order; others found in the store follow, by name.
DEAL_STAGES: tuple[str, ...] = (
    "new",
    "contracted",
    "in_production",
    "delivered",
    "invoiced",
    "paid",
)


def _totals(terms: Iterable[DealTerms]) -> tuple[str, ...]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for item in terms:
        value = _budget_value(item)
        if value is not None:
            sums[(item.currency or "?").upper()] += value
    return tuple(format_money(amount, code) for code, amount in sorted(sums.items()))


def _agreed_terms(deal: Deal) -> DealTerms:
    """The deal's terms with the newest recorded amount (contracted fee, payment) as budget."""
    amounts = [m for m in milestones_from_json(list(deal.milestones)) if m.amount is not None]
    if not amounts:
        return deal.terms
    newest = amounts[-1]
    return replace(
        deal.terms,
        budget_min=newest.amount,
        budget_max=newest.amount,
        currency=newest.currency or deal.terms.currency,
        budget_per_unit=None,
    )


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def board_view(store: Store, creator_id: str, *, weeks: int = 8) -> BoardView:
    """Deals by stage (and open leads by state) with totals per currency, and weekly offers.

    Offers per week count leads by the date of their first inbound message (when the brand
    wrote), accepted ones being those that became a deal.

    Args:
        store: The store.
        creator_id: Whose pipeline.
        weeks: How many weeks the chart covers (ending with the newest offer's week).

    Returns:
        The board.
    """
    leads = await store.list_leads(creator_id, limit=MAX_LEADS)
    deals = await store.list_deals(creator_id, limit=MAX_LEADS)
    deal_threads = {d.thread_id for d in deals}
    by_column: dict[str, list[tuple[BoardCard, DealTerms]]] = defaultdict(list)
    closed: dict[str, int] = defaultdict(int)
    first_seen: dict[str, date] = {}
    for lead in leads:
        thread = await store.load_thread(creator_id, lead.thread_id)
        dates = [
            _as_utc(m.sent_at)
            for m in thread.messages
            if m.direction is Direction.INBOUND and m.sent_at is not None
        ]
        seen = min((d for d in dates if d is not None), default=None) or _as_utc(lead.created_at)
        if seen is not None:
            first_seen[lead.thread_id] = seen.date()
        if lead.thread_id in deal_threads:
            continue
        card = BoardCard(
            lead.thread_id,
            lead.terms.brand or lead.counterparty or "(unknown brand)",
            budget_text(lead.terms),
            deliverables_text(lead.terms),
            lead.flags,
        )
        if lead.state in {s for s, _ in _OPEN_COLUMNS}:
            by_column[lead.state].append((card, lead.terms))
        else:
            closed[lead.state] += 1
    stages: list[str] = list(DEAL_STAGES)
    for deal in deals:
        if deal.stage not in stages:
            stages.append(deal.stage)
        terms = _agreed_terms(deal)
        card = BoardCard(
            deal.thread_id,
            deal.terms.brand or "(unknown brand)",
            budget_text(terms),
            deliverables_text(deal.terms),
            (),
        )
        by_column[f"deal:{deal.stage}"].append((card, terms))
    columns = [
        BoardColumn(
            key,
            label,
            tuple(c for c, _ in by_column.get(key, [])),
            _totals(t for _, t in by_column.get(key, [])),
        )
        for key, label in _OPEN_COLUMNS
    ]
    for stage in stages:
        key = f"deal:{stage}"
        if key in by_column or stage == "new":
            columns.append(
                BoardColumn(
                    key,
                    f"Deal · {humanise(stage)}",
                    tuple(c for c, _ in by_column.get(key, [])),
                    _totals(t for _, t in by_column.get(key, [])),
                )
            )
    stats = _weekly(first_seen, deal_threads, weeks)
    return BoardView(
        columns=tuple(columns),
        closed=tuple(sorted(closed.items())),
        weeks=stats,
        offers=len(first_seen),
        accepted=len(deal_threads & set(first_seen)),
    )


def _weekly(
    first_seen: Mapping[str, date], accepted: set[str], weeks: int, *, minimum: int = 4
) -> tuple[WeekStat, ...]:
    """Offers and accepted offers per week, oldest first.

    The weeks run from the first week with an offer (at most ``weeks`` back from the newest
    one) to the newest, and cover at least ``minimum`` weeks.
    """
    if not first_seen:
        return ()
    last = _week_start(max(first_seen.values()))
    first = _week_start(min(first_seen.values()))
    span = (last - first).days // 7 + 1
    count = max(min(span, weeks), min(minimum, weeks))
    starts = [last - timedelta(weeks=n) for n in range(count - 1, -1, -1)]
    counts: dict[date, list[int]] = {start: [0, 0] for start in starts}
    for thread_id, day in first_seen.items():
        bucket = counts.get(_week_start(day))
        if bucket is None:
            continue
        bucket[0] += 1
        bucket[1] += thread_id in accepted
    return tuple(WeekStat(start, c[0], c[1]) for start, c in sorted(counts.items()))


@dataclass
class Flash:
    """A one-line notice after an action (kind: ``ok`` or ``error``)."""

    kind: str
    text: str
    extra: list[str] = field(default_factory=list)
