"""What the model is asked to answer in, and how its text answers are read back.

The outline of the assessment schema written into the instructions (for servers that take no
schema), the reading of a JSON answer given as text, and the cleaning of a draft.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from pydantic import ValidationError

from repflow.engine.llm.schemas import AssessmentOut

__all__ = ["parse_assessment_text", "schema_outline"]

#: Drafts are cut at this many characters.
_MAX_DRAFT_CHARS: Final = 4_000


_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


_SIGN_OFF_TAIL = re.compile(
    r"(?is)\n\s*(?:best|best regards|kind regards|warm regards|regards|cheers|thanks|thank you|"
    r"sincerely|warmly|all the best|saludos|un saludo|cordialement|viele grüße|grazie|abraços|"
    r"atentamente|bien à vous|mit freundlichen grüßen)[,!.]?\s*\n\s*[^\n]{1,60}\s*$"
)


_JSON_INSTRUCTIONS: Final = (
    "\n\nOUTPUT FORMAT: answer with ONE JSON object and nothing else (no prose, no markdown, no "
    "code fence). Its fields (required: {required}; use null or [] for what is not stated):\n"
    "{outline}\n"
)


def schema_outline(schema: dict[str, Any]) -> tuple[str, str]:
    """A compact outline of a JSON schema's fields, for the instructions.

    The full schema (about 1,500 tokens) would double the prompt a small local model reads; the
    outline is about 400, and ``json_object`` sends the full schema in the request anyway.

    Args:
        schema: A pydantic JSON schema of an object.

    Returns:
        The outline (one ``"name": type`` line per field) and the required fields, comma
        separated.
    """
    defs: dict[str, Any] = schema.get("$defs", {})

    def kind(node: dict[str, Any]) -> str:
        ref = node.get("$ref")
        if isinstance(ref, str):
            return kind(defs.get(ref.rsplit("/", 1)[-1], {}))
        if "enum" in node:
            return "|".join(str(value) for value in node["enum"])
        if "anyOf" in node:
            return " or ".join(kind(option) for option in node["anyOf"])
        if node.get("type") == "array":
            return f"[{kind(node.get('items', {}))}, ...]"
        if node.get("type") == "object" and "properties" in node:
            inner = ", ".join(f'"{k}": {kind(v)}' for k, v in node["properties"].items())
            return "{" + inner + "}"
        if node.get("type") == "object":
            return "{field name: short snippet}"
        return str(node.get("type", "any"))

    lines = [f'"{name}": {kind(node)}' for name, node in schema.get("properties", {}).items()]
    required = ", ".join(schema.get("required", []))
    return "{\n" + ",\n".join(lines) + "\n}", required


def parse_assessment_text(text: str) -> AssessmentOut:
    """Read an assessment a model wrote as text (JSON, possibly fenced) instead of a tool call.

    Args:
        text: The model's text answer.

    Returns:
        The validated assessment.

    Raises:
        ModelRetry: the text is not a JSON object matching the schema; the message (fed back to
            the model) says why.
    """
    from pydantic_ai import ModelRetry

    body = _FENCE.sub("", text.strip())
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise ModelRetry(
            "Your answer was not JSON. Call the `final_result` tool, or answer with one "
            "JSON object with the assessment's fields and nothing else."
        )
    try:
        data = json.loads(body[start : end + 1])
        return AssessmentOut.model_validate(data)
    except json.JSONDecodeError as exc:
        raise ModelRetry(f"Your answer was not valid JSON ({exc}). Send one JSON object.") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'object'}: {err['msg']}"
            for err in exc.errors(include_url=False)[:10]
        )
        raise ModelRetry(f"The assessment did not match the schema: {problems}") from exc


def _clean_draft(text: str) -> str:
    """The model's draft as a plain body: unfenced, unwrapped from JSON, unsigned, capped."""
    body = _FENCE.sub("", text.strip()).strip()
    if body.startswith("{") and body.endswith("}"):
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            return ""
        found = data.get("text") or data.get("body") if isinstance(data, dict) else None
        body = found.strip() if isinstance(found, str) else ""
    if body.lower().startswith("subject:"):
        body = body.partition("\n")[2].strip()
    body = _SIGN_OFF_TAIL.sub("", body).rstrip()
    return body[:_MAX_DRAFT_CHARS]
