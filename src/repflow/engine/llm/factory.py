"""Turn a model string (``REPFLOW_MODEL``) into a pydantic-ai model, importing pydantic-ai late.

``openai:NAME`` (and ``openai-chat:NAME``) always builds an ``OpenAIChatModel`` (the Chat
Completions wire format every OpenAI-compatible server speaks: vLLM, Ollama, LM Studio, llama.cpp)
with an explicit ``OpenAIProvider`` that honours ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``; a
local server without a key gets a placeholder key. Any other ``provider:name`` (``anthropic:``,
``bedrock:``, ``google-gla:`` ...) goes through pydantic-ai's ``infer_model``, which reads that
provider's own environment variables. Every problem is a :class:`~repflow.exceptions.ConfigError`
that names the variable to fix.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from repflow.exceptions import ConfigError

if TYPE_CHECKING:
    from pydantic_ai.models import Model

__all__ = ["MODEL_ENV", "build_model"]

#: The environment variable the model string comes from.
MODEL_ENV = "REPFLOW_MODEL"
_OPENAI_CHAT = ("openai", "openai-chat")


def build_model(spec: str) -> Model:
    """The pydantic-ai model for ``spec`` (``"provider:model-name"``).

    Args:
        spec: E.g. ``"openai:gpt-4.1-mini"``, ``"anthropic:claude-sonnet-4-5"``,
            ``"bedrock:us.anthropic.claude-sonnet-4-5-v1:0"``, or ``"test"`` (pydantic-ai's
            offline test model).

    Returns:
        A model object; nothing is connected yet.

    Raises:
        ConfigError: the string is malformed, the provider is unknown or its package missing,
            or a required key is not set.
    """
    spec = spec.strip()
    provider, sep, name = spec.partition(":")
    if spec != "test" and (not sep or not provider or not name.strip()):
        raise ConfigError(
            f"{MODEL_ENV} must look like 'provider:model' (e.g. 'openai:gpt-4.1-mini'), "
            f"not {spec!r}"
        )
    try:
        from pydantic_ai.exceptions import UserError
    except ImportError as exc:  # the core install, or a Lambda bundle built without LLM=1
        raise ConfigError(
            f"{MODEL_ENV}={spec!r} needs the LLM engine: install repflow[llm] "
            "(make lambda-bundle LLM=1 for the Lambda)"
        ) from exc

    try:
        if provider in _OPENAI_CHAT:
            return _openai_chat(name.strip())
        from pydantic_ai.models import infer_model

        return infer_model(spec)
    except ImportError as exc:
        raise ConfigError(
            f"{MODEL_ENV}={spec!r} needs an extra package: install repflow[{provider}] ({exc})"
        ) from exc
    except (UserError, ValueError) as exc:
        raise ConfigError(f"{MODEL_ENV}={spec!r} cannot be used: {exc}") from exc


def _openai_chat(name: str) -> Model:
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.profiles.openai import OpenAIModelProfile
    from pydantic_ai.providers.openai import OpenAIProvider

    base_url = os.environ.get("OPENAI_BASE_URL", "").strip() or None
    api_key = os.environ.get("OPENAI_API_KEY", "").strip() or None
    if base_url is None and api_key is None:
        raise ConfigError(
            "OPENAI_API_KEY is not set (set it, or point OPENAI_BASE_URL at an "
            "OpenAI-compatible server)"
        )
    # A local OpenAI-compatible server often needs no key, but the client insists on one.
    provider = OpenAIProvider(base_url=base_url, api_key=api_key or "not-needed")
    if base_url is None:
        return OpenAIChatModel(name, provider=provider)
    # Another server than OpenAI's: what its name does not tell (see docs/llm.md). Every
    # output format may be tried (the engine learns which the server takes), the output cap goes
    # out as ``max_tokens`` (llama.cpp, vLLM, Ollama and LM Studio read that, not OpenAI's newer
    # ``max_completion_tokens``) and tool definitions are not sent ``strict``.
    profile: OpenAIModelProfile = {
        "supports_json_schema_output": True,
        "supports_json_object_output": True,
        "openai_chat_supports_max_completion_tokens": False,
        "openai_supports_strict_tool_definition": False,
    }
    return OpenAIChatModel(name, provider=provider, profile=profile)
