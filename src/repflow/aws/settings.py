"""The Lambda functions' settings, from the environment, validated once per container.

=============================  ==========================================================
``S3_BUCKET``                  required: the bucket SES writes raw mail to
``S3_PREFIX``                  the key prefix of SES's S3 action (default empty): an
                               object key is ``S3_PREFIX + <SES messageId>``
``SES_REGION``                 where replies are sent from (default ``AWS_REGION``)
``SES_CONFIGURATION_SET``      optional SES configuration set for sending events
``API_BASE_URL``               required: the backend API (``repflow serve``)
``API_AUTH_TOKEN``             the API's bearer token; required unless
``API_AUTH_TOKEN_SECRET_ARN``  names a Secrets Manager secret holding it (read at cold start)
``REPFLOW_MODEL``              optional: use the LLM engine with this model
                               (e.g. ``openai:gpt-4.1-mini``; ``OPENAI_API_KEY`` and
                               ``OPENAI_BASE_URL`` are read by the engine itself)
``REPFLOW_CONFIG``             optional path of a ``repflow.toml`` bundled with the code
                               (defaults and ``own_domains``; creators live in the API)
``DISPATCH_GRACE_SECONDS``     the scheduled dispatcher leaves rows younger than this to the
                               ingest function that wrote them (default 120)
``LOG_LEVEL``                  ``INFO`` by default
``DEBUG``                      ``true`` lets logs show full addresses (never bodies); off
=============================  ==========================================================
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from repflow.exceptions import ConfigError

__all__ = ["LambdaSettings", "load_settings"]

_NO_REGION = "SES_REGION is not set (and neither is AWS_REGION)"
_NO_TOKEN = "API_AUTH_TOKEN is not set (nor API_AUTH_TOKEN_SECRET_ARN)"  # noqa: S105


class LambdaSettings(BaseSettings):
    """Settings of the Lambda functions (environment variable = upper-case field name)."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    s3_bucket: str = Field(min_length=1)
    s3_prefix: str = ""
    ses_region: str | None = None
    ses_configuration_set: str | None = None
    api_base_url: str = Field(min_length=1)
    api_auth_token: SecretStr | None = None
    api_auth_token_secret_arn: str | None = None
    repflow_model: str | None = None
    repflow_config: Path | None = None
    dispatch_grace_seconds: int = Field(default=120, ge=0)
    log_level: str = "INFO"
    debug: bool = False

    @field_validator("s3_bucket", "api_base_url", "ses_region", "repflow_model", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @field_validator("api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s):// URL")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @model_validator(mode="after")
    def _complete(self) -> LambdaSettings:
        problems = []
        if not self.ses_region:
            region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
            if region:
                self.ses_region = region
            else:
                problems.append(_NO_REGION)
        token = self.api_auth_token.get_secret_value().strip() if self.api_auth_token else ""
        if not token and not self.api_auth_token_secret_arn:
            problems.append(_NO_TOKEN)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def region(self) -> str:
        """The SES region (always set once validated)."""
        return self.ses_region or ""


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        names = [str(part).upper() for part in error["loc"]]
        if not names:
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(message)
        elif error["type"] == "missing":
            problems.append(f"{'.'.join(names)} is not set")
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{'.'.join(names)}: {message}")
    return "; ".join(problems)


def load_settings() -> LambdaSettings:
    """Read and validate the settings from the environment.

    Returns:
        The settings.

    Raises:
        ConfigError: naming every missing or invalid environment variable.
    """
    try:
        return LambdaSettings()
    except ValidationError as exc:
        described = _describe(exc)
        # Field errors stop validation before the cross-field checks: report those too.
        extra = [p for p in _cross_field_problems() if p not in described]
        raise ConfigError(f"invalid Lambda settings: {'; '.join([described, *extra])}") from exc


def _cross_field_problems() -> list[str]:
    env = {key.upper(): value.strip() for key, value in os.environ.items()}
    problems = []
    if not (env.get("SES_REGION") or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")):
        problems.append(_NO_REGION)
    if not (env.get("API_AUTH_TOKEN") or env.get("API_AUTH_TOKEN_SECRET_ARN")):
        problems.append(_NO_TOKEN)
    return problems
