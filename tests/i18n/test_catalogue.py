"""The one message catalogue is complete: every message the code says has its Japanese, with the
same placeholders, and the catalogue holds nothing the code no longer says."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from loginsuite import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = i18n.LOCALE_DIR / "ja" / "LC_MESSAGES" / "messages.po"
_PLACEHOLDERS = re.compile(r"\{[a-z_]*(?:![rs])?\}|%\([a-z_]+\)[a-z]|%[sdr]")


def said_in_code() -> dict[str, list[str]]:
    """msgid (a plural's singular) → where it is said, as Babel extracts them with babel.cfg."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    said: dict[str, list[str]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                said.setdefault(text, []).append(f"{filename}:{line}")
    return said


@pytest.fixture(scope="module")
def catalogue():
    with PO.open("rb") as handle:
        return read_po(handle, locale="ja")


@pytest.fixture(scope="module")
def said() -> dict[str, list[str]]:
    return said_in_code()


def _msgids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


def test_every_message_the_code_says_has_its_japanese(catalogue, said) -> None:
    translated = {
        text for m in catalogue if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
        for text in _msgids(m)
    }
    missing = {text: where[0] for text, where in said.items() if text not in translated}
    assert not missing, "no Japanese for:\n" + "\n".join(f"  {w}: {t!r}" for t, w in sorted(missing.items(), key=str))


def test_the_catalogue_holds_nothing_the_code_no_longer_says(catalogue, said) -> None:
    unused = [m.id for m in catalogue if m.id and not any(text in said for text in _msgids(m))]
    assert not unused, "not said anywhere any more: " + ", ".join(repr(u) for u in unused)


def test_japanese_keeps_every_placeholder_of_the_english(catalogue) -> None:
    wrong = []
    for m in catalogue:
        if not m.id:
            continue
        pairs = zip(m.id, m.string) if isinstance(m.id, tuple) else [(m.id, m.string)]
        for english, japanese in pairs:
            if japanese and sorted(_PLACEHOLDERS.findall(english)) != sorted(_PLACEHOLDERS.findall(japanese)):
                wrong.append(f"{english!r} → {japanese!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_a_message_missing_from_the_catalogue_is_found(tmp_path: Path, catalogue) -> None:
    """The completeness check can fail: a message said in code but absent from the catalogue is named."""
    source = tmp_path / "speaker.py"
    source.write_text('from loginsuite.i18n import _\nprint(_("a sentence no catalogue holds"))\n', encoding="utf-8")
    found = [m for _f, _l, m, _c, _x in extract_from_dir(tmp_path)]
    assert found == ["a sentence no catalogue holds"]
    assert catalogue.get("a sentence no catalogue holds") is None
