"""The composition root: every store, engine, transport, pipeline and dispatcher is built here.

The CLI (``process``, ``approve``, ``dispatch``, ``watch``), the API server and its dashboard,
and the Lambda functions (:mod:`repflow.aws.runtime`, which only caches what it gets from here)
all build their parts with these functions, so a part is wired one way everywhere: the LLM
engine always has the heuristic engine behind it, and every reply leaves through one
:class:`~repflow.pipeline.dispatch.Dispatcher`.

Nothing connects or imports heavy libraries at import time; adapters are built when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from repflow.config import RepflowConfig, Settings
from repflow.domain.profile import DEFAULT_CREATOR_ID, CreatorProfile, Preferences
from repflow.engine.port import Engine
from repflow.pipeline.dispatch import Dispatcher
from repflow.pipeline.process import Pipeline
from repflow.store.port import OutboxQueue, Store
from repflow.transport.port import MailTransport

if TYPE_CHECKING:
    from repflow.store.sql import SqlStore

EngineName = Literal["heuristic", "llm"]


def build_engine(
    name: EngineName | Engine, *, model: str | None = None
) -> tuple[Engine, Engine | None]:
    """The engine and its fallback (the heuristic engine backs every other engine up).

    Args:
        name: ``heuristic``, ``llm`` (the model from ``model``), or an engine built elsewhere
            (a test's scripted engine, say), which gets the same fallback as the LLM engine.
        model: The LLM engine's model (``provider:name``).
    """
    from repflow.engine.heuristic import HeuristicEngine

    heuristic = HeuristicEngine()
    if name == "heuristic":
        return heuristic, None
    if name == "llm":
        from repflow.engine.llm import LlmEngine

        return LlmEngine.from_settings(model=model, fallback=heuristic), heuristic
    return name, heuristic


def sql_store(db: str | None) -> SqlStore:
    """An SQL store for ``db`` (URL or path); nothing connects until it is used."""
    from repflow.store.sql import SqlStore, database_url

    return SqlStore.from_url(database_url(db))


async def open_sql_store(db: str | None) -> SqlStore:
    """An SQL store for ``db`` (URL or path), migrated to the current schema."""
    store = sql_store(db)
    await store.create_schema()
    return store


def http_store(base_url: str, token: str) -> Store:
    """The backend API as a store (the Lambda's); nothing connects until it is used."""
    from repflow.store.http import HttpStore

    return HttpStore(base_url, token)


def ses_transport(region: str, *, configuration_set: str | None = None) -> MailTransport:
    """SES SendRawEmail in ``region`` (the Lambda's transport); the client is built lazily."""
    from repflow.transport.ses import SesTransport

    return SesTransport(region, configuration_set=configuration_set)


def build_dispatcher(store: OutboxQueue, transport: MailTransport) -> Dispatcher:
    """The one sender of replies: every caller that sends goes through one of these."""
    return Dispatcher(store=store, transport=transport)


#: One difference between a stored profile and repflow.toml: (key, stored, in the file).
Change = tuple[str, object, object]


@dataclass(frozen=True, slots=True)
class CreatorDiff:
    """How a creator of ``repflow.toml`` compares with the profile the store holds.

    Attributes:
        creator_id: The creator.
        new: The store had no such creator (the file's profile was added).
        changes: What the file would change in the stored profile, by dotted key.
        applied: Whether the file's profile was written to the store.
    """

    creator_id: str
    new: bool
    changes: tuple[Change, ...] = ()
    applied: bool = False


def configured_creators(config: RepflowConfig) -> tuple[CreatorProfile, ...]:
    """The file's creators and the default profile (its ``[defaults]``)."""
    creators = tuple(config.creators)
    if any(creator.id == DEFAULT_CREATOR_ID for creator in creators):
        return creators
    return (*creators, CreatorProfile(id=DEFAULT_CREATOR_ID, preferences=config.defaults))


def profile_changes(stored: CreatorProfile, configured: CreatorProfile) -> tuple[Change, ...]:
    """What replacing ``stored`` with ``configured`` would change, key by key.

    Preferences are compared one by one, and the rate card and currency table price by price.
    """
    changes: list[Change] = []

    def compare(prefix: str, old: object, new: object) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            for key in sorted({*old, *new}, key=str):
                compare(f"{prefix}.{key}", old.get(key), new.get(key))
        elif old != new:
            changes.append((prefix, old, new))

    for name in CreatorProfile.model_fields:
        if name == "preferences":
            continue
        compare(name, getattr(stored, name), getattr(configured, name))
    for name in Preferences.model_fields:
        compare(
            f"preferences.{name}",
            getattr(stored.preferences, name),
            getattr(configured.preferences, name),
        )
    return tuple(changes)


async def sync_creators(
    store: Store, config: RepflowConfig, *, overwrite: bool = False
) -> list[CreatorDiff]:
    """Seed the store with the file's creators; the store holds preferences from then on.

    A creator the store does not have yet is added from the file (and the default profile
    from ``[defaults]``). A creator the store has keeps what it holds (the dashboard's and
    learned values), unless ``overwrite`` asks for the file's profile to replace it.

    Args:
        store: The store.
        config: The decoded ``repflow.toml``.
        overwrite: Replace stored profiles that differ from the file.

    Returns:
        Every creator that was added or differs from the file (applied or not).
    """
    diffs: list[CreatorDiff] = []
    for creator in configured_creators(config):
        stored = await store.get_creator(creator.id)
        if stored is None:
            await store.upsert_creator(creator)
            diffs.append(CreatorDiff(creator.id, new=True, applied=True))
            continue
        changes = profile_changes(stored, creator)
        if not changes:
            continue
        if overwrite:
            await store.upsert_creator(creator)
        diffs.append(CreatorDiff(creator.id, new=False, changes=changes, applied=overwrite))
    return diffs


def build_transport(settings: Settings, outbox: Path) -> MailTransport:
    """SMTP when ``REPFLOW_SMTP_HOST`` is set, else ``.eml`` files in ``outbox`` (the default)."""
    if settings.smtp_host:
        from repflow.transport.smtp import SmtpTransport

        return SmtpTransport(
            settings.smtp_host,
            settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls and not settings.smtp_tls,
            use_tls=settings.smtp_tls,
        )
    from repflow.transport.file import FileTransport

    return FileTransport(outbox)


@dataclass
class App:
    """Everything one CLI or API process runs on."""

    store: Store
    pipeline: Pipeline
    dispatcher: Dispatcher | None


def build_app(
    store: Store,
    config: RepflowConfig,
    *,
    engine: EngineName | Engine = "heuristic",
    model: str | None = None,
    transport: MailTransport | None = None,
) -> App:
    """Wire a pipeline and (when a transport is given) a dispatcher around ``store``."""
    primary, fallback = build_engine(engine, model=model)
    pipeline = Pipeline(store=store, engine=primary, config=config, fallback_engine=fallback)
    dispatcher = build_dispatcher(store, transport) if transport is not None else None
    return App(store=store, pipeline=pipeline, dispatcher=dispatcher)
