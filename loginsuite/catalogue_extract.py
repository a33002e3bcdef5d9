"""Babel extraction method that also finds messages said inside f-strings.

Babel's own Python extractor reads tokens, and on Python 3.11 an f-string is one token: a
``_("Screens")`` inside ``f"<th>{text(_('Screens'))}</th>"`` would never reach the catalogue. This
reads the syntax tree instead, so every ``_``, ``N_`` and ``ngettext`` call with literal text is found
wherever it stands. Used by ``babel.cfg`` (``pybabel extract -F babel.cfg``) and by the catalogue test.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import IO, Any

KEYWORDS = {"_": 1, "N_": 1, "gettext": 1, "ngettext": 2}


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple]:
    """Babel's extraction interface: (line, function name, message or (singular, plural), comments)."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
            continue
        wanted = KEYWORDS[node.func.id]
        texts = [a.value for a in node.args[:wanted] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if len(texts) != wanted:
            continue  # said with a variable: that message is marked with N_ where it is written
        yield node.lineno, node.func.id, texts[0] if wanted == 1 else tuple(texts), []
