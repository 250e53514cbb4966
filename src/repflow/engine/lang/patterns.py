"""Many phrases as one regular expression, written as a trie.

Python's ``re`` tries the alternatives of a flat ``a|b|c`` one after the other at every position
of the text: a family of 150 phrases in 13 languages costs 150 attempts per character. Written
as a trie (shared beginnings once: ``op(?:łat(?:ę|a)|...)``), it costs one attempt per branch
of the letters actually present. On long mail the language files' phrase families run 30 to 40
times faster, with the same matches (``tests/unit/test_phrase_trie.py`` checks them against the
flat alternation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["SPACES", "WILDCARD", "trie_pattern"]

#: The piece between two words of a phrase: any run of white space.
SPACES = r"\s+"
#: The piece for a trailing ``*``: any further word characters.
WILDCARD = r"\w*"
_END = ""


def _order(piece: str) -> tuple[bool, bool, str]:
    # Longer matches first, as a longest-first alternation would try them: characters, then
    # the run of spaces, then the wildcard (the end of a phrase is always tried last).
    return (piece == WILDCARD, piece == SPACES, piece)


def _render(node: dict[str, Any]) -> str:
    branches = [piece + _render(node[piece]) for piece in sorted(node, key=_order) if piece]
    if _END in node:
        branches.append(node[_END])
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def trie_pattern(
    entries: Iterable[tuple[str, Sequence[str], str]], *, tails_outside: bool = False
) -> str:
    """One pattern matching any of ``entries``, each ``(head, pieces, tail)``.

    ``pieces`` are regex pieces (escaped characters, :data:`SPACES`, :data:`WILDCARD`); ``head``
    is asserted before the first piece and ``tail`` after the last (word boundaries). Entries
    that share a head share a trie; an entry whose pieces are a prefix of another's is tried
    after it, so the longer phrase wins where both match.

    Args:
        entries: The phrases.
        tails_outside: Group the entries by head and tail, in the order the groups first
            appear, and write each tail once after its group's trie (``head(?:trie)tail``)
            instead of after every phrase: a Unicode class under IGNORECASE is slow to compile,
            and written once per group it costs the same as in a flat alternation.

    Returns:
        The pattern; ``(?!)`` (never matches) when there are no entries.
    """
    roots: dict[tuple[str, str], dict[str, Any]] = {}
    for head, pieces, tail in entries:
        if not pieces:
            continue
        node = roots.setdefault((head, tail if tails_outside else ""), {})
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[_END] = "" if tails_outside else tail
    groups = roots.items() if tails_outside else sorted(roots.items())
    parts = [head + _group(_render(root)) + tail for (head, tail), root in groups]
    return "|".join(parts) if parts else r"(?!)"


def _group(pattern: str) -> str:
    """``pattern`` as one unit that a tail can follow."""
    return f"(?:{pattern})" if "|" in pattern else pattern
