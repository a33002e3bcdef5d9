"""The label-matching rule of flows/manual.yaml, as code.

The export (and real sites) spell one label several ways: 「ビジネスdアカウント ログイン」,
「ビジネス d アカウント ログイン」, full-width letters, a leading ▶. Labels match when they are
equal after NFKC, with all white space removed and decorative marks at either end ignored.
The whole accessible name must match: a bare substring would let any page pass.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

DECORATION = "▶▸►›>〉»+＋○◯□■・*※→"  # ※ only at the ends: a note's marker, not its words
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """The comparable form of a label."""
    folded = _WS.sub("", unicodedata.normalize("NFKC", text))
    return folded.strip(unicodedata.normalize("NFKC", DECORATION))


def matches(label: str, shown: str) -> bool:
    return fold(label) == fold(shown)


def _variants(char: str) -> str:
    """Characters that NFKC-fold to ``char``: the ASCII one and its full-width twin."""
    options = {char}
    if "!" <= char <= "~":
        options.add(chr(ord(char) + 0xFEE0))
    return "".join(sorted(options))


def pattern(label: str, whole: bool = True) -> re.Pattern[str]:
    """A regex for Playwright's ``name=``/``get_by_text`` that applies the rule in the browser.

    Every character may be separated by white space, ASCII letters match their full-width forms,
    and decorative marks may stand at either end. ``whole=False`` is for screen texts (sentences),
    which may sit inside a longer paragraph.
    """
    parts = []
    for char in fold(label):
        variants = _variants(char)
        parts.append(re.escape(char) if len(variants) == 1 else "[" + "".join(re.escape(v) for v in variants) + "]")
    body = r"\s*".join(parts)
    if not whole:
        return re.compile(body)
    deco = "[" + re.escape(DECORATION) + r"\s]*"
    return re.compile(rf"^{deco}{body}{deco}$")


def nearest(label: str, shown: list[str], limit: int = 3) -> list[str]:
    """The labels on the page that look most like the documented one, best first."""
    target = fold(label)
    scored = []
    for candidate in dict.fromkeys(s.strip() for s in shown if s and s.strip()):
        ratio = SequenceMatcher(None, target, fold(candidate)).ratio()
        scored.append((ratio, candidate))
    scored.sort(key=lambda pair: -pair[0])
    return [candidate for ratio, candidate in scored[:limit] if ratio > 0.2]
