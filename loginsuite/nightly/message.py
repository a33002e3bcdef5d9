"""An alert as a person reads it: short, in the report's language, with the night's report link.

Service(s), the manual's page and step, what the manual documents and what the site shows, since
when, and where the report is. The step's screenshot travels as an attachment (``attachment``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from loginsuite.i18n import N_, _, format_day, ngettext
from loginsuite.nightly.alerts import NEW, RECOVERED, Alert


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    attachment: Path | None = None


# What each check of results.json looked at, in the reader's words (the Japanese: the report's matrix
# headings, loginsuite.results.CHECK_TITLES).
CHECK_NAMES = {
    "url": N_("the documented URL"), "screen": N_("the login screen"), "entry": N_("the login control"),
    "id": N_("the ID entry"), "two_step": N_("the two-step verification"), "consent": N_("the consent screen"),
    "signed_in": N_("the signed-in service"),
}

def long_date(when: dt.date) -> str:
    """2026年12月2日 in Japanese, December 2, 2026 in English (Babel's long date)."""
    return format_day(when)


def report_link(folder: Path, base: str | None) -> str:
    """The night's report: ``base`` ending in / gets ``<run>/report.html``; ``{run}`` is the run folder's
    name; without a base, the address CI left in ``report-url.txt``, else the local file."""
    if base:
        return f"{base}{folder.name}/report.html" if base.endswith("/") else base.replace("{run}", folder.name)
    written = folder / "report-url.txt"
    if written.is_file() and written.read_text(encoding="utf-8").strip():
        return written.read_text(encoding="utf-8").strip()
    return str((folder / "report.html").resolve())


def _step(step: str | None) -> str:
    if not step:
        return ""
    return _("step {step}").format(step=step if len(step) == 1 else f"「{step}」")


def _headline(alert: Alert) -> str:
    """What happened, in one phrase per (news, class)."""
    verdict, n = alert.first.finding.verdict, alert.first.nights
    if verdict == "UNREACHABLE":
        if alert.kind == RECOVERED:
            return _("the site answers again")
        return ngettext("site unreachable for {n} night", "site unreachable for {n} nights in a row", n).format(n=n)
    if verdict == "ERROR":
        if alert.kind == NEW:
            return _("the check broke (the suite's own error, not the site's)")
        if alert.kind == RECOVERED:
            return _("the check runs again")
        return ngettext("the check still breaks ({n} night)", "the check still breaks ({n} nights)", n).format(n=n)
    if verdict == "STALE":
        if alert.kind == NEW:
            return _("the screen differs from the manual's picture")
        if alert.kind == RECOVERED:
            return _("the screen matches the manual's picture again")
        return ngettext("the screen still differs from the manual's picture ({n} night)",
                        "the screen still differs from the manual's picture ({n} nights)", n).format(n=n)
    if alert.kind == NEW:
        return _("the procedure no longer matches the manual")
    if alert.kind == RECOVERED:
        return _("the procedure matches the manual again")
    return ngettext("the procedure still does not match the manual ({n} night)",
                    "the procedure still does not match the manual ({n} nights)", n).format(n=n)


def _services(alert: Alert) -> str:
    names = alert.services
    if len(names) == 1:
        return names[0]
    return _("{count} services").format(count=len(names))


def render(alert: Alert, folder: Path, report_base: str | None) -> Message:
    """The title and the few lines of one alert."""
    finding = alert.first.finding
    page = f"p.{finding.page}" if finding.page else ""
    where = " ".join(filter(None, [page, _step(finding.step)]))
    title = _("[{verdict}] {services} {where}: {headline}").format(
        verdict=finding.verdict, services=_services(alert), where=where, headline=_headline(alert)).replace("  ", " ")
    check = _(CHECK_NAMES[finding.check]) if finding.check in CHECK_NAMES else finding.check
    lines = [
        _("Service: {services}").format(services="、".join(alert.services)),
        _("Manual: {where} ({check})").format(where=where or "—", check=check),
    ]
    if finding.expected:
        lines.append(_("The manual documents: {expected}").format(expected=finding.expected))
    if alert.kind != RECOVERED and finding.verdict == "ERROR":
        lines.append(_("The suite's error: {error}").format(error=finding.message or finding.shown))
    elif alert.kind != RECOVERED and finding.shown:
        lines.append(_("The site shows: {shown}").format(shown=finding.shown))
    since = long_date(alert.first.since.date())
    if alert.kind == RECOVERED:
        lines.append(ngettext("Since: {date} ({n} night); resolved tonight", "Since: {date} ({n} nights); resolved tonight",
                              alert.first.nights).format(date=since, n=alert.first.nights))
    else:
        lines.append(ngettext("Since: {date} ({n} night)", "Since: {date} ({n} nights)",
                              alert.first.nights).format(date=since, n=alert.first.nights))
    lines.append(_("Report: {link}").format(link=report_link(folder, report_base)))
    shot = finding.screenshot if alert.kind != RECOVERED else None
    return Message(title, "\n".join(lines), shot if shot is not None and shot.is_file() else None)


def digest(alerts: list[Alert], folder: Path, report_base: str | None) -> Message:
    """Too many changes for one message each (the whole network down, a new edition of a shared
    screen): one message with a line per change and the report."""
    lines = [render(alert, folder, report_base).title for alert in alerts]
    lines.append(_("Report: {link}").format(link=report_link(folder, report_base)))
    title = ngettext("Nightly check: {n} change tonight", "Nightly check: {n} changes tonight", len(alerts))
    return Message(title.format(n=len(alerts)), "\n".join(lines))
