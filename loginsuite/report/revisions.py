"""Proposed revisions: each disagreement between the sites and the manual, written as the change
the manual needs (page and step, the documented text or URL, what the site shows now, the screenshot).

DRIFT becomes a revision, and so does a documented URL that now redirects although the walk passed,
and each stale screen fact (the procedure works, the slide's picture or text is out of date: 'update
the screenshot/text on p.N'); a change on a shared screen is one revision listing every service it
affects. An unreachable site or a broken test says nothing about the manual.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loginsuite import secrets
from loginsuite.i18n import _
from loginsuite.report.header import RunInfo
from loginsuite.report.markup import anchor, image, text
from loginsuite.report.records import TestOutcome


@dataclass
class Revision:
    page: int
    step: str | None
    check: str
    service: str
    documented: str  # the manual's text or URL
    now: str  # what the site does instead
    nearest: list[str] = field(default_factory=list)
    new_address: str | None = None
    url: str | None = None  # the page where it was seen
    entries: list[tuple[str, str]] = field(default_factory=list)  # (case id, nodeid)
    screenshots: list[tuple[str, str]] = field(default_factory=list)  # (caption, png path)
    stale: bool = False  # a screen fact: the procedure works, the slide is out of date
    services: list[str] = field(default_factory=list)  # a shared screen's change: every service it affects

    @property
    def where(self) -> str:
        return f"p.{self.page}" + (f", step {self.step}" if self.step else "")

    @property
    def proposal(self) -> str:
        if self.stale:
            shown = _("; the site now shows 「{label}」").format(label=self.nearest[0]) if self.nearest else ""
            return _("{where}: update the screenshot/text: {documented} — {now}{shown}.").format(
                where=self.where, documented=self.documented, now=self.now, shown=shown)
        if self.check == "url" and self.new_address:
            return (f"{self.where}: replace the documented URL {self.documented} by {self.new_address} "
                    "(where it now leads).")
        if self.check == "url":
            return f"{self.where}: the documented URL {self.documented} — {self.now}; confirm the new address."
        if self.nearest:
            return (f"{self.where}: the manual shows {self.documented}; the site now shows 「{self.nearest[0]}」 "
                    "— update the wording and the screenshot.")
        return (f"{self.where}: {self.documented} — {self.now} on the site; re-check the procedure "
                "and replace the screenshot.")

    def key(self) -> tuple[Any, ...]:
        return (self.page, self.step, self.check, self.service, self.documented, self.now,
                tuple(self.nearest), self.new_address)


def _documented_url(flows: Any | None, service_id: str, entry_id: str | None) -> tuple[str, int] | None:
    for service in getattr(flows, "services", []) or []:
        if service.id == service_id:
            for entry in service.entries:
                if entry.id == entry_id:
                    return str(entry.url), entry.page
    return None


def _shots(outcome: TestOutcome, revision: Revision) -> list[tuple[str, str]]:
    """The failure screenshot, and the numbered one closest to the change (the first screen for a URL)."""
    shots = []
    if outcome.failure_shot:
        step = f", at step {revision.step}" if revision.step else ""
        shots.append((f"the site now{step} ({outcome.case})", outcome.failure_shot))
    if outcome.walk and outcome.walk.screenshots:
        caption, path = outcome.walk.screenshots[0 if revision.check == "url" else -1]
        shots.append((f"numbered step: {caption}", path))
    return shots


STALE_PROBLEMS = {
    "not_shown": "not shown",
    "shown_as_text": "shown as plain text",
    "shown_as_switch": "shown as a switch",
    "shown_as_toggle": "shown as a toggle button",
}
SHARED_SCREENS = "ビジネスdアカウント（共通画面）"  # the manual's own name for p.6's screens


def stale_revision(row: dict[str, Any]) -> Revision:
    """A stale screen fact as the change the slide needs; a shared screen's is the same for every service."""
    kind = str(row["kind"])
    documented = _("{kind} 「{fact}」 on screen 「{title}」").format(
        kind=_(kind), fact=row["fact"], title=row["title"])
    if row.get("source"):
        documented += _(" (read from {source})").format(source=row["source"])
    now = _(STALE_PROBLEMS.get(str(row["problem"]), str(row["problem"])))
    service = SHARED_SCREENS if row.get("shared") else str(row["service"])
    return Revision(int(row["page"]), None, str(row["check"]), service, documented, now,
                    [str(n) for n in row.get("nearest") or []], url=str(row.get("url") or "") or None, stale=True)


def collect(outcomes: list[TestOutcome], flows: Any | None = None) -> list[Revision]:
    """One revision per distinct disagreement, in manual page order; entries that share it are listed."""
    found: dict[tuple[Any, ...], Revision] = {}
    for outcome in outcomes:
        walk = outcome.walk
        for row in walk.stale if walk else []:
            stale = stale_revision(row)
            merged = found.setdefault(("stale", row["key"]), stale)
            merged.entries.append((outcome.case, outcome.nodeid))
            if str(row["service"]) not in merged.services:
                merged.services.append(str(row["service"]))
            if not merged.screenshots and walk and walk.screenshots:
                merged.screenshots = [(_("numbered step: {caption}").format(caption=walk.screenshots[-1][0]),
                                       walk.screenshots[-1][1])]
        revision: Revision | None = None
        if outcome.verdict == "DRIFT":
            f = outcome.finding
            if f is not None:
                documented = f.expected
                if f.check == "url" and walk:
                    known = _documented_url(flows, walk.service_id, walk.entry_id)
                    documented = known[0] if known else f.expected
                revision = Revision(f.page, f.step, f.check, f.service, documented, f.problem, list(f.nearest),
                                    f.new_address or (walk.new_address if walk else None), f.url)
            elif walk is not None:
                failed = next((c for c in walk.checks.values() if c.status == "failed"), None)
                revision = Revision(walk.page, failed.step if failed else None, failed.check if failed else "?",
                                    walk.service, "what the manual documents here",
                                    (failed.message if failed else "") or outcome.message.splitlines()[0])
        elif walk is not None and walk.new_address and walk.checks.get("url") and walk.checks["url"].status == "passed":
            known = _documented_url(flows, walk.service_id, walk.entry_id)
            url, page = known if known else (walk.entry_id or walk.service_id, walk.page)
            revision = Revision(page, None, "url", walk.service, url, f"redirects to {walk.new_address}",
                                new_address=walk.new_address)
        if revision is None:
            continue
        merged = found.setdefault(revision.key(), revision)
        merged.entries.append((outcome.case, outcome.nodeid))
        if not merged.screenshots:
            merged.screenshots = _shots(outcome, revision)
    return sorted(found.values(), key=lambda r: (r.page, r.step or "", r.service, r.check))


def markdown(revisions: list[Revision], info: RunInfo, folder: Path) -> str:
    """revisions.md: the list a manual editor works through, screenshots linked relative to the run folder."""
    lines = [
        f"# Proposed revisions — {info.manual}",
        "",
        (f"Run of {info.started:%Y-%m-%d %H:%M} against **{info.target}** ({info.target_detail}), "
         f"suite {info.suite_version}, on {info.hostname}. Browser: {info.browser}."),
        "",
    ]
    if not revisions:
        lines += ["No disagreement between the walked sites and the manual: no revision proposed.", ""]
    else:
        lines += [f"{len(revisions)} change(s) proposed, in manual page order.", ""]
    for n, r in enumerate(revisions, 1):
        lines += [
            f"## {n}. {r.where} — {r.service} ({r.check})",
            "",
            f"- **Proposed change:** {r.proposal}",
            f"- **Documented:** {r.documented}",
            f"- **The site now:** {r.now}",
        ]
        if r.nearest:
            lines.append("- **Nearest labels shown:** " + ", ".join(f"「{label}」" for label in r.nearest))
        if r.new_address:
            lines.append(f"- **The documented URL now leads to:** {r.new_address}")
        if r.url:
            lines.append(f"- **Seen at:** {r.url}")
        if r.stale and len(r.services) > 1:
            lines.append(f"- **{_('Services affected')}:** " + "、".join(r.services))
        lines.append("- **Entries:** " + ", ".join(f"`{case}`" for case, _ in r.entries))
        for caption, path in r.screenshots:
            rel = os.path.relpath(path, folder) if os.path.isabs(path) else path
            lines.append(f"- ![{caption}]({Path(rel).as_posix()})")
        lines.append("")
    return secrets.mask("\n".join(lines))


def revisions_html(revisions: list[Revision]) -> str:
    if not revisions:
        return ('<div class="bizd-section" id="bizd-revisions"><h2>Proposed revisions</h2>'
                "<p>No disagreement with the manual: no revision proposed.</p></div>")
    parts = []
    for n, r in enumerate(revisions, 1):
        details = [
            ("Documented", r.documented),
            ("The site now", r.now),
            *([("Nearest labels shown", ", ".join(f"「{x}」" for x in r.nearest))] if r.nearest else []),
            *([("The documented URL now leads to", r.new_address)] if r.new_address else []),
            *([("Seen at", r.url)] if r.url else []),
            *([(_("Services affected"), "、".join(r.services))] if r.stale and len(r.services) > 1 else []),
        ]
        dl = "".join(f"<dt>{text(k)}</dt><dd>{text(v)}</dd>" for k, v in details)
        entries = ", ".join(f'<a href="#{anchor(nodeid)}">{text(case)}</a>' for case, nodeid in r.entries)
        shots = "".join(image(path, caption) for caption, path in r.screenshots)
        parts.append(
            f'<div class="bizd-revision" data-page="{r.page}"><h3>{n}. {text(r.where)} — {text(r.service)} '
            f"({text(r.check)})</h3><p><b>Proposed change:</b> {text(r.proposal)}</p><dl>{dl}</dl>"
            f"<p>Entries: {entries}</p>{shots}</div>"
        )
    return (f'<div class="bizd-section" id="bizd-revisions"><h2>Proposed revisions ({len(revisions)})</h2>'
            f"{''.join(parts)}</div>")
