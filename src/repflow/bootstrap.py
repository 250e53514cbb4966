"""The composition root: builds the store, engine, transport and pipeline from settings.

Nothing connects or imports heavy libraries at import time; adapters are built when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from repflow.config import RepflowConfig, Settings
from repflow.domain.profile import DEFAULT_CREATOR_ID, CreatorProfile
from repflow.engine.port import Engine
from repflow.pipeline.dispatch import Dispatcher
from repflow.pipeline.process import Pipeline
from repflow.store.port import Store
from repflow.transport.port import MailTransport

EngineName = Literal["heuristic", "llm"]


def build_engine(name: EngineName, *, model: str | None = None) -> tuple[Engine, Engine | None]:
    """The engine and its fallback (the heuristic engine backs the LLM engine up)."""
    from repflow.engine.heuristic import HeuristicEngine

    heuristic = HeuristicEngine()
    if name == "heuristic":
        return heuristic, None
    from repflow.engine.llm import LlmEngine

    return LlmEngine.from_settings(model=model, fallback=heuristic), heuristic


async def open_sql_store(db: str | None) -> Store:
    """An SQL store for ``db`` (URL or path), migrated to the current schema."""
    from repflow.store.sql import SqlStore, database_url

    store = SqlStore.from_url(database_url(db))
    await store.create_schema()
    return store


async def sync_creators(store: Store, config: RepflowConfig) -> None:
    """Write the config's creators (and the default profile) into the store: the file wins."""
    for creator in config.creators:
        await store.upsert_creator(creator)
    await store.upsert_creator(CreatorProfile(id=DEFAULT_CREATOR_ID, preferences=config.defaults))


def build_transport(settings: Settings, outbox: Path) -> MailTransport:
    """SMTP when ``REPFLOW_SMTP_HOST`` is set, else ``.eml`` files in ``outbox`` (the default)."""
    if settings.smtp_host:
        from repflow.transport.smtp import SmtpTransport

        return SmtpTransport(
            settings.smtp_host,
            settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
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
    engine: EngineName = "heuristic",
    model: str | None = None,
    transport: MailTransport | None = None,
) -> App:
    """Wire a pipeline and (when a transport is given) a dispatcher around ``store``."""
    primary, fallback = build_engine(engine, model=model)
    pipeline = Pipeline(store=store, engine=primary, config=config, fallback_engine=fallback)
    dispatcher = Dispatcher(store=store, transport=transport) if transport is not None else None
    return App(store=store, pipeline=pipeline, dispatcher=dispatcher)
