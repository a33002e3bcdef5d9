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
from functools import cache, lru_cache

DECORATION = "▶▸►›>〉»+＋○◯□■・*※→"  # ※ only at the ends: a note's marker, not its words
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """The comparable form of a label."""
    folded = _WS.sub("", unicodedata.normalize("NFKC", text))
    return folded.strip(unicodedata.normalize("NFKC", DECORATION))


def matches(label: str, shown: str) -> bool:
    return fold(label) == fold(shown)


@cache
def _unfolded() -> dict[str, tuple[str, ...]]:
    """For each character, the other strings NFKC folds to it: full-width ｄ → d, half-width ｶ → カ,
    ｸﾞ → グ, ＞ → >, ① → 1. Longest first, so a regex alternation prefers ｸﾞ over ｸ."""
    candidates = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]
    candidates += [chr(kana) + mark for kana in range(0xFF66, 0xFF9E) for mark in "\uff9e\uff9f"]
    table: dict[str, set[str]] = {}
    for text in candidates:
        folded = unicodedata.normalize("NFKC", text)
        if len(folded) == 1 and folded != text:
            table.setdefault(folded, set()).add(text)
    return {char: tuple(sorted(forms, key=lambda s: (-len(s), s))) for char, forms in table.items()}


def _variants(char: str) -> str:
    """A regex for ``char`` and every form that NFKC-folds to it, so the browser applies ``fold``."""
    forms = (char, *_unfolded().get(char, ()))
    if len(forms) == 1:
        return re.escape(char)
    if all(len(form) == 1 for form in forms):
        return "[" + "".join(re.escape(form) for form in forms) + "]"
    return "(?:" + "|".join(re.escape(form) for form in forms) + ")"


@lru_cache(maxsize=2048)  # the same labels are looked for on every walk; building one costs ~2 ms
def pattern(label: str, whole: bool = True) -> re.Pattern[str]:
    """A regex for Playwright's ``name=``/``get_by_text`` that applies the rule in the browser.

    Every character may be separated by white space, each character matches the forms NFKC folds
    to it (full-width letters, half-width katakana), and decorative marks (in any width) may stand
    at either end. ``whole=False`` is for screen texts (sentences), which may sit inside a longer
    paragraph.
    """
    body = r"\s*".join(_variants(char) for char in fold(label))
    if not whole:
        return re.compile(body)
    marks = unicodedata.normalize("NFKC", DECORATION)
    marks += "".join(form for mark in marks for form in _unfolded().get(mark, ()) if len(form) == 1)
    deco = "[" + "".join(re.escape(mark) for mark in dict.fromkeys(DECORATION + marks)) + r"\s]*"
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
