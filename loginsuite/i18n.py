"""The one message catalogue for everything a person reads: Japanese by default, English on request.

Message ids are the English texts (gettext's convention, so the English output needs no catalogue);
``locale/ja/LC_MESSAGES/messages.po`` holds the Japanese. The ``.po`` is compiled in memory with
Babel when it is loaded, so a fresh clone needs no build step and no binary ``.mo`` is committed.
Machine keys (classes, check names in results.json) never go through here.
"""
from __future__ import annotations

import functools
import gettext
import io
import os
from datetime import date, datetime
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
        raise ValueError(_("unknown language {language!r}: expected one of {known}").format(
            language=chosen, known=", ".join(LANGUAGES)))
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


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is said later (or by another module)."""
    return message


# argparse's own words that the command line's users meet (usage, help, errors): argparse says them
# through gettext's global domain, which holds no Japanese, so ``localise_argparse`` routes them here.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("unrecognized arguments: %s"),
    N_("expected one argument"), N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
)


def localise_argparse() -> None:
    """Say argparse's usage, help and error words in the reader's language.

    argparse looks its module-level ``_``/``ngettext`` up each time it speaks, so pointing them at the
    catalogue is enough; its other words (internal programming errors) stay as they are.
    """
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def language_from_argv(argv: list[str]) -> str | None:
    """``--lang X`` / ``--lang=X`` anywhere before a ``--`` (read before the parser is built, so that
    its help is in that language too)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def choose_language(language: str | None) -> str:
    """Set the reader's language for this process and every process it starts (``BIZD_LANG``:
    pytest-xdist workers, the nightly's runs)."""
    chosen = set_language(language)
    os.environ["BIZD_LANG"] = chosen
    return chosen


def format_day(day: date | str | None, lang: str | None = None) -> str:
    """A day as the reader writes it: 2026年12月3日 in Japanese, December 3, 2026 in English (Babel's
    long date). An ISO string (results.json's dates, a datetime's) is read first; what is not a date is
    shown as it is. Machine files keep ISO dates."""
    from babel.dates import format_date

    if day is None or day == "":
        return ""
    if isinstance(day, str):
        try:
            parsed = date.fromisoformat(day[:10])
        except ValueError:
            return day
    else:
        parsed = day.date() if isinstance(day, datetime) else day
    return str(format_date(parsed, format="long", locale=lang or language()))
