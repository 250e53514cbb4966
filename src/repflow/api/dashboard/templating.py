"""Jinja2 for the dashboard: the environment, its filters, and URLs the templates build.

Autoescaping is on for every template; templates never mark text safe except the SVG chart
(which escapes its own text). A page renders whole, or (for an htmx request) one block of it
through jinja2-fragments, so the partial and the full page cannot drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2_fragments import render_block

from repflow.api.dashboard.views import humanise
from repflow.domain.models import decision_label

__all__ = ["STATIC_DIR", "TEMPLATE_DIR", "Templates", "Urls"]

_HERE = Path(__file__).resolve().parent
#: Where the templates are.
TEMPLATE_DIR = _HERE / "templates"
#: Where the stylesheet and the vendored htmx are.
STATIC_DIR = _HERE / "static"


def _datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%d %b %Y, %H:%M UTC")


def _iso(value: datetime | None) -> str:
    if value is None:
        return ""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat(timespec="seconds")


class Urls:
    """The dashboard's URLs under one prefix (path segments are percent-encoded).

    Args:
        prefix: Where the dashboard is mounted (``/dashboard``).
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.rstrip("/")

    def _seg(self, value: str) -> str:
        return quote(value, safe="")

    def home(self) -> str:
        """The landing page (redirects to the user's inbox)."""
        return f"{self.prefix}/"

    def signin(self, next_url: str | None = None) -> str:
        """The sign-in page, returning to ``next_url`` afterwards."""
        base = f"{self.prefix}/signin"
        return f"{base}?{urlencode({'next': next_url})}" if next_url else base

    def signout(self) -> str:
        """The sign-out form's action."""
        return f"{self.prefix}/signout"

    def signout_everywhere(self) -> str:
        """The action ending every session of the account."""
        return f"{self.prefix}/signout/everywhere"

    def switch(self) -> str:
        """The admin's creator switcher (GET ``?creator=ID``)."""
        return f"{self.prefix}/switch"

    def creator(self, creator_id: str) -> str:
        """The root of one creator's pages."""
        return f"{self.prefix}/c/{self._seg(creator_id)}"

    def inbox(self, creator_id: str, **query: str | None) -> str:
        """The inbox, with optional filters."""
        params = {k: v for k, v in query.items() if v}
        base = f"{self.creator(creator_id)}/inbox"
        return f"{base}?{urlencode(params)}" if params else base

    def thread(self, creator_id: str, thread_id: str, **query: str) -> str:
        """A thread page."""
        base = f"{self.creator(creator_id)}/threads/{self._seg(thread_id)}"
        return f"{base}?{urlencode(query)}" if query else base

    def thread_action(self, creator_id: str, thread_id: str, action: str) -> str:
        """A thread action (``ignore``, ``block``)."""
        return f"{self.thread(creator_id, thread_id)}/{action}"

    def draft_action(self, creator_id: str, thread_id: str, outbox_id: str, action: str) -> str:
        """A draft action (``approve``, ``send``, ``discard``)."""
        return f"{self.thread(creator_id, thread_id)}/drafts/{self._seg(outbox_id)}/{action}"

    def board(self, creator_id: str) -> str:
        """The pipeline board."""
        return f"{self.creator(creator_id)}/board"

    def export(self, creator_id: str, kind: str, **query: str | None) -> str:
        """A CSV download (``leads`` or ``deals``), with optional inbox filters."""
        params = {k: v for k, v in query.items() if v}
        base = f"{self.creator(creator_id)}/export/{kind}.csv"
        return f"{base}?{urlencode(params)}" if params else base

    def preferences(self, creator_id: str, **query: str) -> str:
        """The preferences form."""
        base = f"{self.creator(creator_id)}/preferences"
        return f"{base}?{urlencode(query)}" if query else base

    def unblock_entry(self, creator_id: str) -> str:
        """The action removing one entry (``value``) from the creator's blocklist."""
        return f"{self.creator(creator_id)}/blocklist/unblock"

    def static(self, path: str) -> str:
        """A static file."""
        return f"{self.prefix}/static/{path}"


class Templates:
    """The template environment.

    Args:
        directory: Where the templates are.
    """

    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self.env = Environment(
            loader=FileSystemLoader(str(directory)),
            autoescape=select_autoescape(["html", "svg", "xml"], default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["humanise"] = humanise
        self.env.filters["decision_label"] = decision_label
        self.env.filters["datetime"] = _datetime
        self.env.filters["iso"] = _iso

    def render(self, name: str, context: dict[str, Any], *, block: str | None = None) -> str:
        """Render a whole template, or only one of its blocks.

        Args:
            name: The template file.
            context: Its variables.
            block: A block name, to render only that block (htmx partial updates).

        Returns:
            The HTML.
        """
        if block is not None:
            return render_block(self.env, name, block, context)
        return self.env.get_template(name).render(context)
