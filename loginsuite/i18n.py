"""The one message catalogue for everything a person reads: Japanese by default, English on request.

Message ids are the English texts (gettext's convention, so the English output needs no catalogue);
``locale/ja/LC_MESSAGES/messages.po`` holds the Japanese. The ``.po`` is compiled in memory with
Babel when it is loaded, so a fresh clone needs no build step and no binary ``.mo`` is committed.
Machine keys (classes, check names in results.json) never go through here.
"""
from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_language = os.environ.get("BIZD_LANG", DEFAULT_LANGUAGE)


def set_language(language: str | None) -> str:
    """Switch every later message to ``language`` (``--lang``, else ``BIZD_LANG``, else Japanese)."""
    global _language
    chosen = language or os.environ.get("BIZD_LANG") or DEFAULT_LANGUAGE
    if chosen not in LANGUAGES:
        raise ValueError(f"unknown language {chosen!r}: expected one of {', '.join(LANGUAGES)}")
    _language = chosen
    return chosen


def language() -> str:
    return _language if _language in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """The message in the reader's language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


def format_day(day: dt.date | str | None) -> str:
    """A date as the reader writes it: 2026年12月3日 in Japanese, December 3, 2026 in English (Babel's
    long date of the reader's language). An ISO string (results.json's dates) is read first; what is
    not a date is shown as it is. results.json itself keeps ISO dates."""
    from babel.dates import format_date

    if day is None or day == "":
        return ""
    if isinstance(day, str):
        try:
            parsed = dt.date.fromisoformat(day[:10])
        except ValueError:
            return day
    else:
        parsed = day.date() if isinstance(day, dt.datetime) else day
    return str(format_date(parsed, format="long", locale=language()))
