"""CSV exports of a creator's leads and deals (the dashboard's download links).

Every cell goes through :func:`safe_cell`: a value a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, or a tab or carriage return that hides one) gets a
leading apostrophe, so brand-controlled text such as a subject of ``=HYPERLINK(...)`` stays
text (CSV injection). Quoting and escaping are the :mod:`csv` module's (RFC 4180, CRLF rows).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from repflow.api.dashboard.views import MAX_LEADS, inbox_rows
from repflow.domain.deals import DealStage, milestones_from_json
from repflow.domain.models import Deal
from repflow.store.port import Store

__all__ = ["DEAL_COLUMNS", "LEAD_COLUMNS", "deals_csv", "leads_csv", "safe_cell", "to_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: The leads export's columns.
LEAD_COLUMNS = (
    "thread_id",
    "brand",
    "subject",
    "counterparty",
    "state",
    "flags",
    "budget",
    "deliverables",
    "partnership_type",
    "draft_waiting",
    "last_activity",
)
#: The deals export's columns.
DEAL_COLUMNS = (
    "deal_id",
    "thread_id",
    "brand",
    "stage",
    "offered_budget_min",
    "offered_budget_max",
    "offered_currency",
    "created_at",
    "contracted_on",
    "contracted_amount",
    "contracted_currency",
    "delivered_on",
    "paid_on",
    "paid_amount",
    "paid_currency",
)


def safe_cell(value: object) -> str:
    """A value as a CSV cell that no spreadsheet runs as a formula.

    Args:
        value: Text, a number, a date or a time (None is empty).

    Returns:
        The text, with a leading ``'`` when it starts like a formula.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.isoformat(timespec="seconds")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (header first, every cell through :func:`safe_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


async def leads_csv(
    store: Store,
    creator_id: str,
    *,
    state: str | None = None,
    flag: str | None = None,
    query: str | None = None,
) -> str:
    """The creator's leads as the inbox lists them (same filters), one row each."""
    rows = await inbox_rows(store, creator_id, state=state, flag=flag, query=query)
    return to_csv(
        LEAD_COLUMNS,
        (
            (
                r.thread_id,
                r.brand,
                r.subject,
                r.counterparty,
                r.state,
                " ".join(r.flags),
                r.budget,
                r.deliverables,
                r.partnership_type,
                r.draft_waiting,
                r.last_activity,
            )
            for r in rows
        ),
    )


def _deal_row(deal: Deal) -> list[object]:
    reached = {m.stage: m for m in milestones_from_json(list(deal.milestones))}
    contracted = reached.get(DealStage.CONTRACTED)
    delivered = reached.get(DealStage.DELIVERED)
    paid = reached.get(DealStage.PAID)
    terms = deal.terms
    return [
        deal.id,
        deal.thread_id,
        terms.brand or terms.agency or "",
        deal.stage,
        terms.budget_min,
        terms.budget_max,
        terms.currency,
        deal.created_at,
        contracted.on if contracted else None,
        contracted.amount if contracted else None,
        contracted.currency if contracted else None,
        delivered.on if delivered else None,
        paid.on if paid else None,
        paid.amount if paid else None,
        paid.currency if paid else None,
    ]


async def deals_csv(store: Store, creator_id: str) -> str:
    """The creator's deals, newest first, with the stages reached and their amounts."""
    deals = await store.list_deals(creator_id, limit=MAX_LEADS)
    return to_csv(DEAL_COLUMNS, (_deal_row(deal) for deal in deals))
