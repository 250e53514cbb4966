"""The documents cite real files: every repository path named in backticks exists."""

import re

import pytest

from tests.conftest import ROOT

DOCS = [
    "SOLUTION.md",
    "README.md",
    "docs/architecture.md",
    "docs/mail-layer.md",
    "docs/deploy.md",
    "docs/languages.md",
    "docs/mailbox.md",
    "docs/llm.md",
]
PATH = re.compile(r"`((?:src|tests|docs|bench|infra|scripts|examples)/[\w./-]+)`")


@pytest.mark.parametrize("doc", DOCS)
def test_cited_paths_exist(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    cited = set(PATH.findall(text))
    missing = sorted(p for p in cited if not (ROOT / p.rstrip("/")).exists())
    assert not missing, f"{doc} cites missing paths: {missing}"


def test_solution_cites_functions_that_exist():
    text = (ROOT / "SOLUTION.md").read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    names = {
        "reply_recipient",
        "verify_terms",
        "check_draft",
        "decide",
        "reply_mode",
        "counter_offer",
        "thread_keys",
        "assign_thread_id",
        "normalise_subject",
        "new_thread_id",
        "find_money",
        "parse_budget",
        "trim_body",
        "screen_email",
        "scam_signals",
        "injection_signals",
        "is_suspicious",
        "compose_reply",
        "make_message_id",
        "body_with_signature",
        "transition_lead",
        "transition_conversation",
        "mask_address",
        "read_object",
        "_send_reply",
        "open_turn",
        "gives_up",
        "sync_creators",
        "new_id",
    }
    for name in names:
        assert name in text
        assert re.search(rf"\bdef {re.escape(name)}\b", source), name
