"""Typed settings (environment) and the ``repflow.toml`` creator file.

Both fail fast: an invalid value raises :class:`repflow.exceptions.ConfigError` naming the key.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from repflow.domain.profile import CreatorProfile, Preferences
from repflow.exceptions import ConfigError


class Settings(BaseSettings):
    """Process settings from the environment (``REPFLOW_*`` plus the AWS/OpenAI names)."""

    model_config = SettingsConfigDict(env_prefix="REPFLOW_", extra="ignore", populate_by_name=True)

    db: str = "./repflow.db"
    config: Path | None = None
    outbox: Path = Path("outbox")
    engine: Literal["heuristic", "llm"] = "heuristic"
    model: str | None = None
    #: Debug logging may include addresses and bodies; never on by default.
    debug: bool = False
    #: Claim lease: a crashed run's claim can be retaken after this many seconds.
    claim_lease_seconds: int = Field(default=300, ge=5)
    #: Thread fallback window (subject + participants), in days.
    thread_window_days: int = Field(default=30, ge=1)
    #: Send replies through this SMTP server instead of writing them to the outbox folder.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    #: Connect with implicit TLS (port 465); STARTTLS is then not used.
    smtp_tls: bool = False


class RepflowConfig(BaseModel):
    """The contents of ``repflow.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Preferences for recipients with no creator profile.
    defaults: Preferences = Field(default_factory=Preferences)
    creators: tuple[CreatorProfile, ...] = ()
    #: Domains Repflow sends from: mail from them is our own (loop protection).
    own_domains: tuple[str, ...] = ()
    #: Hosts of our own receiving mail servers: the date stamp of a ``Received`` header that one
    #: of them (or a host under it) put on top of a message is a trusted arrival time for the
    #: rate limits. SES's inbound servers are trusted without being listed.
    trusted_receivers: tuple[str, ...] = ()

    @field_validator("creators")
    @classmethod
    def _unique(cls, value: tuple[CreatorProfile, ...]) -> tuple[CreatorProfile, ...]:
        seen_ids: set[str] = set()
        seen_addresses: set[str] = set()
        for creator in value:
            if creator.id in seen_ids:
                raise ValueError(f"duplicate creator id {creator.id!r}")
            seen_ids.add(creator.id)
            for address in creator.addresses:
                if address in seen_addresses:
                    raise ValueError(f"address {address!r} belongs to two creators")
                seen_addresses.add(address)
        return value


def _format_error(exc: ValidationError, source: str) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(root)"
        lines.append(f"{source}: {key}: {error['msg']}")
    return "\n".join(lines)


def parse_config(data: dict[str, Any], *, source: str = "repflow.toml") -> RepflowConfig:
    """Validate a decoded TOML document.

    Raises:
        ConfigError: naming every key at fault.
    """
    try:
        return RepflowConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_error(exc, source)) from exc


def load_config(path: Path | None) -> RepflowConfig:
    """Load ``repflow.toml`` (an empty config when ``path`` is None).

    Raises:
        ConfigError: when the file is missing, is not TOML, or has an invalid key.
    """
    if path is None:
        return RepflowConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(data, source=str(path))


EXAMPLE_CONFIG = """\
# repflow.toml — who Repflow answers for, and how.
# Every key is optional; unknown keys are rejected with their name.

# Domains your replies are sent from: mail from them is never answered (loop protection).
own_domains = ["repflow.example"]

# Your receiving mail servers: the time their Received stamp gives is when an email arrived
# (the reply rate limits count it). Without one, an email counts from when Repflow first saw it.
trusted_receivers = ["mx.repflow.example"]

# Preferences for a recipient that has no [[creators]] entry (policy "assist").
[defaults]
currency = "USD"
min_budget = 1000

[[creators]]
id = "maya"                                  # letters, digits, _ . -
name = "Maya Lopez"
addresses = ["maya@repflow.example"]         # the Repflow addresses this creator receives at
# reply_from = "maya@repflow.example"        # defaults to the first address
# Your own people (manager, editor, accountant): addresses, or "@domain" for a whole domain.
# Their mail is never answered on its own; a brand offer they forward becomes a draft.
contacts = ["@northstar-talent.com"]

[creators.preferences]
currency = "USD"                             # ISO 4217: budgets are compared in this currency
min_budget = 2000                            # the floor: never less, and never named in a reply
negotiate_ratio = 0.4                        # offers >= price * ratio get a counter at the price
below_reach = "decline"                      # further below: "decline" politely, or "counter"
quote_rates = true                           # answer "what's your rate?" with the package's price
# Surcharges on the rate-card price of the deliverables (shares: 0.05 = +5%).
paid_usage_monthly = 0.05                    # paid usage (ads), per month (1 month if unstated)
paid_usage_perpetual = 1.0                   # perpetual paid usage (also caps the monthly one)
whitelisting_fee = 0.1                       # ads run from your account (whitelisting, Spark Ads)
exclusivity_category_monthly = 0.1           # no competitors in the product's category, per month
exclusivity_full_monthly = 0.25              # no other brands at all, per month
rush_fee = 0.25                              # "ASAP", or a deadline fewer than rush_days away
rush_days = 7
reply_policy = "assist"                      # review | assist | autopilot
accepted_types = ["flat_fee", "hybrid", "ugc", "gifted"]   # also: affiliate
# accepted_platforms = ["youtube", "instagram", "tiktok"]  # default: every platform
blocked_categories = ["gambling", "crypto", "adult", "vaping"]
required_fields = ["budget", "deliverables", "deadline"]   # also: brand, platforms, usage_rights
min_confidence = 0.55
auto_send_min_confidence = 0.75              # below this offer evidence, replies wait as drafts
signature = \"\"\"Best,
Maya Lopez
youtube.com/@mayamakes\"\"\"

# Price per deliverable, in `currency` (0 or more): an offer is judged against the price of
# exactly what it asks for (deliverables x quantities, plus the surcharges above). A deliverable
# missing here is priced at min_budget.
[creators.preferences.rate_card]
youtube_integration = 3000
youtube_dedicated = 8000
youtube_short = 900
instagram_reel = 1500
instagram_story = 400
tiktok_video = 1200
podcast_read = 1000
newsletter_mention = 600
ugc_video = 800

# Value of one unit of each currency in a common base (edit to your own rates; above 0).
# [creators.preferences.currency_rates]
# USD = 1.0
# EUR = 1.08
"""
