"""Registrable domains, homoglyph folding, and which domains look like a known brand's."""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from repflow.engine.signals.brand_data import (
    _ABUSED_CC,
    _AFFIX_LENGTHS,
    _AFFIXES,
    _AMBIGUOUS_BRANDS,
    _BRAND_SUBDOMAIN_HOSTS,
    _LINK_WRAPPERS,
    _MULTI_SUFFIXES,
    _SECOND_LEVEL,
    _WEBMAIL_LABELS,
    FREE_WEBMAIL_DOMAINS,
    KNOWN_BRANDS,
)
from repflow.engine.signals.rules import _analyse, _lower, _Text

# Confusable characters folded to the Latin letter they imitate (lower case).
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
        "і": "l", "ї": "l", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "к": "k", "м": "m", "н": "h",
        "т": "t", "ь": "b", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g", "п": "n", "г": "r", "ү": "y",
        "ո": "n", "ս": "u", "օ": "o", "ց": "g", "զ": "q",
        # Greek
        "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "l", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "μ": "u", "ς": "c",
        # Latin lookalikes and digits
        "ı": "l", "ɩ": "l", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ƅ": "b",
        "ß": "b", "0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "3": "e", "4": "a", "5": "s",
        "7": "t", "8": "b", "@": "a", "$": "s",
    }
)  # fmt: skip
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Lower-case, compatibility-normalised, accents removed."""
    text = unicodedata.normalize("NFKD", text.lower())
    return _COMBINING.sub("", text) if not text.isascii() else text


@functools.lru_cache(maxsize=4096)
def _skeleton(label: str) -> str:
    """What ``label`` looks like: homoglyphs folded, ``rn``->``m``, ``vv``->``w``."""
    s = _fold(label).translate(_CONFUSABLES)
    return s.replace("rn", "m").replace("vv", "w")


def _split_host(host: str) -> tuple[str, str, str]:
    """``(subdomains, registrable label, public suffix)`` of a host name, roughly."""
    host = host.strip().strip(".").lower()
    parts = host.split(".")
    if len(parts) < 2:
        return "", host, ""
    last_two = ".".join(parts[-2:])
    if len(parts) >= 3 and (
        (len(parts[-1]) == 2 and parts[-2] in _SECOND_LEVEL) or last_two in _MULTI_SUFFIXES
    ):
        return ".".join(parts[:-3]), parts[-3], last_two
    return ".".join(parts[:-2]), parts[-2], parts[-1]


def registrable_domain(host: str) -> str:
    """The registrable domain (eTLD+1) of ``host``, using a small list of multi-part suffixes.

    Args:
        host: a host or mail domain (``mail.nordvpn.com``, ``shop.example.co.uk``).

    Returns:
        The registrable domain (``nordvpn.com``, ``example.co.uk``), lower case.
    """
    _, label, suffix = _split_host(host)
    return f"{label}.{suffix}" if suffix else label


def _decode_label(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return label
    return label


def _is_webmail(domain: str) -> bool:
    if not domain:
        return False
    reg = registrable_domain(domain)
    return reg in FREE_WEBMAIL_DOMAINS or _split_host(domain)[1] in _WEBMAIL_LABELS


def _osa(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        for j in range(1, lb + 1):
            cost = 0 if ca == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[lb]


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt: set[str] = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        out |= nxt
        frontier = nxt
    return out


def _typo_budget(length: int) -> int:
    return 2 if length >= 8 else 1 if length >= 5 else 0


@dataclass(frozen=True, slots=True)
class _BrandLabel:
    skeleton: str
    brand: str
    domain: str
    #: The label as the brand spells it (``coca-cola``, ``nordvpn``).
    label: str
    #: True when the label comes from the brand's name, not from one of its domains.
    synthetic: bool
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class _Lookalike:
    brand: str
    domain: str
    kind: str
    needs_mention: bool


_SEP = r"[\s\-'’._]?"
_Trie = dict[str, "_Trie"]


def _loose_atoms(name: str) -> list[str]:
    """A brand name as regex atoms (case-insensitive use): letters and flexible separators."""
    atoms: list[str] = []
    for ch in _fold(name):
        if ch in " -'’_":
            if atoms and atoms[-1] != _SEP:
                atoms.append(_SEP)
        else:
            atoms.append(re.escape(ch))
    return atoms


def _strict_atoms(name: str) -> list[str]:
    """Atoms that require a capital first letter (all capitals for names of 3 characters)."""
    atoms: list[str] = []
    short = len(_squash(name)) <= 3
    for ch in _fold(name):
        if ch in " -'’_":
            if atoms and atoms[-1] != _SEP:
                atoms.append(_SEP)
        elif not ch.isalpha():
            atoms.append(re.escape(ch))
        elif short or not atoms:
            atoms.append(re.escape(ch.upper()))
        else:
            atoms.append(f"[{re.escape(ch)}{re.escape(ch.upper())}]")
    return atoms


_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", _fold(text))


class _BrandIndex:
    """Everything the lookalike and brand-claim checks need, precomputed from a brand mapping."""

    def __init__(self, brands: Mapping[str, Collection[str]]) -> None:
        self.owners: dict[str, set[str]] = {}
        self.domains: dict[str, frozenset[str]] = {}
        self.by_skeleton: dict[str, list[_BrandLabel]] = {}
        self.delete_index: dict[str, set[str]] = {}
        self.by_squash: dict[str, str] = {}
        self.ambiguous: set[str] = set()
        for raw_name, raw_domains in brands.items():
            name = raw_name.lower()
            domains = frozenset(registrable_domain(d) for d in raw_domains)
            self.domains[name] = domains
            squashed = _squash(name)
            ambiguous = name in _AMBIGUOUS_BRANDS or len(squashed) <= 3
            if ambiguous:
                self.ambiguous.add(name)
            if squashed:
                self.by_squash.setdefault(squashed, name)
            labels: dict[str, _BrandLabel] = {}
            for domain in sorted(domains):
                self.owners.setdefault(domain, set()).add(name)
                raw_label = _split_host(domain)[1]
                skel = _skeleton(raw_label).replace("-", "")
                if skel and skel not in labels:
                    labels[skel] = _BrandLabel(
                        skel, name, domain, raw_label, False, ambiguous or len(skel) < 5
                    )
            if not ambiguous and len(squashed) >= 5 and domains:
                skel = _skeleton(squashed)
                if skel not in labels:
                    labels[skel] = _BrandLabel(skel, name, min(domains), squashed, True, False)
            for skel, entry in labels.items():
                self.by_skeleton.setdefault(skel, []).append(entry)
        for skel in self.by_skeleton:
            for variant in _deletes(skel, _typo_budget(len(skel))):
                self.delete_index.setdefault(variant, set()).add(skel)
        self.legit = frozenset(self.owners)
        # brand mentions are found through the words of a text: a single-word name is a set
        # lookup; names of several words (or ambiguous ones) are confirmed by a small regex
        self.single: dict[str, set[str]] = {}
        self.confirm: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self._confirm_rx: dict[str, re.Pattern[str]] = {}
        for name in sorted(set(self.by_squash.values())):
            tokens = tuple(t for t in _NOT_ALNUM.split(_fold(name)) if t)
            squashed = "".join(tokens)
            if not tokens:
                continue
            if name in self.ambiguous or len(tokens) > 1:
                self.confirm.setdefault(tokens[0], []).append((name, tokens))
                if squashed != tokens[0]:
                    self.confirm.setdefault(squashed, []).append((name, (squashed,)))
            if name not in self.ambiguous:
                self.single.setdefault(squashed, set()).add(name)
        self.single_keys = frozenset(self.single)
        self.confirm_keys = frozenset(self.confirm)
        self._lookalikes: dict[tuple[str, bool], tuple[_Lookalike, ...]] = {}

    def _confirm_pattern(self, name: str) -> re.Pattern[str]:
        rx = self._confirm_rx.get(name)
        if rx is None:
            if name in self.ambiguous:
                body = "".join(_strict_atoms(name))
                rx = re.compile(r"(?<![A-Za-z0-9])" + body + r"(?![A-Za-z0-9])")
            else:
                body = "".join(_loose_atoms(name))
                rx = re.compile(r"(?<![a-z0-9])" + body + r"(?![a-z0-9])")
            self._confirm_rx[name] = rx
        return rx

    def mentions(self, text: str | _Text) -> set[str]:
        """Brand names mentioned in ``text`` (ambiguous ones only when capitalised)."""
        t = text if isinstance(text, _Text) else _analyse(text)
        if not t.text:
            return set()
        words: frozenset[str] | set[str] = t.words
        if not t.text.isascii():
            extra = {_fold(w) for w in t.words if not w.isascii()}
            extra |= {p for w in extra for p in _NOT_ALNUM.split(w) if p}
            words = t.words | extra
        found: set[str] = set()
        for word in self.single_keys.intersection(words):
            found |= self.single[word]
        lower: str | None = None
        folded_text = t.text
        candidates = [c for w in self.confirm_keys.intersection(words) for c in self.confirm[w]]
        if candidates and not t.text.isascii():
            folded_text = _COMBINING.sub("", unicodedata.normalize("NFKD", t.text))
        for name, tokens in candidates:
            if name in found:
                continue
            if all(tok in words for tok in tokens):
                if name in self.ambiguous:
                    hay = folded_text
                else:
                    lower = _lower(folded_text) if lower is None else lower
                    hay = lower
                if self._confirm_pattern(name).search(hay):
                    found.add(name)
        return found

    def owns(self, brand: str, domain: str) -> bool:
        """Whether ``domain`` belongs to ``brand``."""
        return registrable_domain(domain) in self.domains.get(brand, frozenset())

    def _typos(self, skel: str) -> Iterator[tuple[_BrandLabel, int]]:
        if len(skel) < 4 or len(skel) > 40:
            return
        seen: set[str] = set()
        for variant in _deletes(skel, 2):
            for cand in self.delete_index.get(variant, ()):
                if cand in seen or cand == skel:
                    continue
                seen.add(cand)
                budget = _typo_budget(len(cand))
                if budget and abs(len(cand) - len(skel)) <= budget:
                    dist = _osa(skel, cand)
                    if 0 < dist <= budget:
                        for entry in self.by_skeleton[cand]:
                            yield entry, dist

    def _candidates(self, host: str, *, sender: bool) -> Iterator[_Lookalike]:
        subs, raw_label, suffix = _split_host(host)
        label = _decode_label(raw_label)
        idn = not label.isascii()
        skel = _skeleton(label)
        flat = skel.replace("-", "")
        tokens = [t for t in skel.split("-") if t]
        # 1. same skeleton: homoglyphs / IDN, other hyphenation, or the same label elsewhere
        for entry in self.by_skeleton.get(flat, ()):
            if idn:
                yield _Lookalike(entry.brand, entry.domain, "idn", False)
            elif label == entry.label:
                if _regional_suffix(suffix) or (entry.synthetic and suffix == "com"):
                    continue
                yield _Lookalike(entry.brand, entry.domain, "tld", entry.ambiguous)
            elif label.replace("-", "") == entry.label.replace("-", ""):
                yield _Lookalike(entry.brand, entry.domain, "hyphenation", entry.ambiguous)
            else:
                yield _Lookalike(entry.brand, entry.domain, "homoglyph", entry.ambiguous)
        # 2. brand plus affix words, with or without hyphens
        cores: list[str] = []
        if len(tokens) > 1:
            for i in range(len(tokens)):
                for j in range(i + 1, min(len(tokens), i + 3) + 1):
                    if j - i < len(tokens):
                        cores.append("".join(tokens[i:j]))
        cores.extend(_strip_affixes(flat))
        for core in cores:
            for entry in self.by_skeleton.get(core, ()):
                yield _Lookalike(entry.brand, entry.domain, "affix", entry.ambiguous and not idn)
        # 3. typos of the label, of its hyphen tokens and of the affix-stripped cores
        typo_kind = "idn" if idn else "typo"
        for cand in dict.fromkeys([flat, *tokens, *cores]):
            if cand in _AFFIXES:
                continue
            for entry, _dist in sorted(self._typos(cand), key=lambda e: e[1]):
                needs = (entry.ambiguous or len(entry.skeleton) < 8) and not idn
                yield _Lookalike(entry.brand, entry.domain, typo_kind, needs)
        # 4. brand label as a subdomain of an unrelated domain (senders only; help desks and
        #    shop platforms give brands such subdomains legitimately)
        if sender and subs and f"{raw_label}.{suffix}" not in _BRAND_SUBDOMAIN_HOSTS:
            for sub in subs.split("."):
                for entry in self.by_skeleton.get(_skeleton(sub).replace("-", ""), ()):
                    if len(entry.skeleton) >= 5:
                        yield _Lookalike(entry.brand, entry.domain, "subdomain", entry.ambiguous)

    def fragment(self, host: str, brands: Collection[str]) -> _Lookalike | None:
        """A sender domain built on a piece of a brand the display name claims (nord-promo.net).

        Args:
            host: the sender's mail domain.
            brands: brands the display name presents itself as.
        """
        if not brands or registrable_domain(host) in self.legit or _is_webmail(host):
            return None
        skel = _skeleton(_decode_label(_split_host(host)[1]))
        tokens = [t for t in skel.split("-") if len(t) >= 4 and t not in _AFFIXES]
        for brand in sorted(brands):
            for domain in sorted(self.domains.get(brand, ())):
                label = _skeleton(_split_host(domain)[1]).replace("-", "")
                for tok in tokens:
                    if tok != label and label.startswith(tok) and len(tok) * 2 >= len(label):
                        return _Lookalike(brand, domain, "fragment", False)
        return None

    def lookalike(
        self, host: str, mentioned: Collection[str], *, sender: bool
    ) -> _Lookalike | None:
        """How ``host`` imitates a known brand domain, or None (a brand's own, or unrelated).

        Args:
            host: a host or mail domain.
            mentioned: brands named in the email; weak kinds of match only count for these.
            sender: True for sender domains (a brand used as a subdomain counts there).
        """
        key = (host, sender)
        hits = self._lookalikes.get(key)
        if hits is None:
            hits = self._lookalike_candidates(host, sender=sender)
            if len(self._lookalikes) >= 4096:
                self._lookalikes.clear()
            self._lookalikes[key] = hits
        for hit in hits:
            if not hit.needs_mention or self.owners.get(hit.domain, set()) & set(mentioned):
                return hit
        return None

    def _lookalike_candidates(self, host: str, *, sender: bool) -> tuple[_Lookalike, ...]:
        host = host.strip().strip(".").lower()
        if not host or "." not in host:
            return ()
        if not host.isascii():
            with contextlib.suppress(UnicodeError):
                host = host.encode("idna").decode("ascii")
        reg = registrable_domain(host)
        if reg in self.legit or _is_webmail(host) or reg in _LINK_WRAPPERS:
            return ()
        return tuple(self._candidates(host, sender=sender))


def _regional_suffix(suffix: str) -> bool:
    """A country-code suffix a brand plausibly owns for a regional site (``de``, ``co.uk``)."""
    if "." in suffix:
        return True
    return len(suffix) == 2 and suffix not in _ABUSED_CC


def _strip_affixes(label: str) -> list[str]:
    """Cores left after removing affix words at the start and/or end of an unhyphenated label."""
    cores: list[str] = []
    for n in _AFFIX_LENGTHS:
        if len(label) <= n + 2:
            break
        if label[:n] in _AFFIXES:
            cores.append(label[n:])
        if label[-n:] in _AFFIXES:
            core = label[:-n]
            cores.append(core)
            for n2 in _AFFIX_LENGTHS:
                if len(core) <= n2 + 2:
                    break
                if core[:n2] in _AFFIXES:
                    cores.append(core[n2:])
    return cores


_DEFAULT_INDEX = _BrandIndex(KNOWN_BRANDS)


@functools.lru_cache(maxsize=8)
def _cached_index(key: tuple[tuple[str, tuple[str, ...]], ...]) -> _BrandIndex:
    return _BrandIndex({name: domains for name, domains in key})


def _index_for(brands: Mapping[str, Collection[str]]) -> _BrandIndex:
    if brands is KNOWN_BRANDS:
        return _DEFAULT_INDEX
    key = tuple(sorted((k.lower(), tuple(sorted(v))) for k, v in brands.items()))
    return _cached_index(key)
