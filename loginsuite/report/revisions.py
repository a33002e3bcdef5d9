"""Proposed revisions: each disagreement between the sites and the manual, written as the change
the manual needs (page and step, the documented text or URL, what the site shows now, the screenshot).

Only DRIFT becomes a revision (and a documented URL that now redirects, although the walk passed):
an unreachable site or a broken test says nothing about the manual. Each stale screen fact (the
procedure works, the slide's picture or text is out of date) is a revision too: 'update the
screenshot/text on p.N'. One change is one revision: a
difference on a shared Business d Account screen (ID, 2段階認証, consent, the account site) is
proposed once, with the services it was seen on; a URL is filed on the URL table's page (p.4 / p.5).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from loginsuite import secrets
from loginsuite.i18n import N_, _, format_day
from loginsuite.labels import fold
from loginsuite.mismatch import documented_fact
from loginsuite.report.header import RunInfo, target_name
from loginsuite.report.markup import anchor, image, slug, text
from loginsuite.report.records import Finding, TestOutcome, check_name

SHARED_CHECKS = {"id": "id", "two_step": "two_step"}  # report column → shared screen of flows/bizd-account.yaml
_QUOTED = re.compile(r"「([^」]+)」")
SIMILAR = 0.5  # a nearest label this alike is worth proposing as the new wording


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
    instead: str | None = None  # the control of the same role shown in the documented one's place
    shared: str | None = None  # the shared screen's key ("bizd.two_step"): one revision for every service
    services: list[str] = field(default_factory=list)  # the services it was seen on
    stale: bool = False  # a screen fact: the procedure works, the slide is out of date
    number: int = 0  # its place in the list (revisions.md, the report and the matrix's pointers agree)

    @property
    def where(self) -> str:
        return f"p.{self.page}" + (_(", step {step}").format(step=self.step) if self.step else "")

    @property
    def anchor(self) -> str:
        return "revision-" + slug("-".join(str(k) for k in self.key()))[:80]

    @property
    def proposal(self) -> str:
        if self.stale:
            shown = _("; the site now shows 「{label}」").format(label=self.nearest[0]) if self.nearest else ""
            return _("{where}: update the screenshot/text: {documented} — {now}{shown}.").format(
                where=self.where, documented=self.documented, now=self.now, shown=shown)
        if self.check == "url" and self.new_address:
            return _("{where}: replace the documented URL {documented} by {new} (where it now leads).").format(
                where=self.where, documented=self.documented, new=self.new_address)
        if self.check == "url":
            return _("{where}: the documented URL {documented} — {now}; confirm the new address.").format(
                where=self.where, documented=self.documented, now=self.now)
        if self.instead:
            return _("{where}: the manual shows {documented}; the site shows 「{instead}」 in its place — "
                     "change the label to 「{instead}」 and replace the screenshot.").format(
                where=self.where, documented=self.documented, instead=self.instead)
        similar = self.similar
        if similar:
            return _("{where}: the manual shows {documented}; the site now shows 「{label}」 — update the wording "
                     "and the screenshot.").format(where=self.where, documented=self.documented, label=similar)
        return _("{where}: {documented} — {now} on the site; re-check the procedure and replace the "
                 "screenshot.").format(where=self.where, documented=self.documented, now=self.now)

    @property
    def similar(self) -> str | None:
        """The nearest label, when it is alike enough to be the documented one reworded."""
        if not self.nearest:
            return None
        quoted = _QUOTED.findall(self.documented) or [self.documented]
        ratio = max(SequenceMatcher(None, fold(label), fold(self.nearest[0])).ratio() for label in quoted)
        return self.nearest[0] if ratio >= SIMILAR else None

    @property
    def affects(self) -> str:
        """The services a shared-screen revision was seen on, for the reader."""
        return _(", ").join(self.services)

    def key(self) -> tuple[Any, ...]:
        if self.stale:
            return ("stale", self.shared or self.service, self.page, self.check, self.documented, self.now)
        if self.shared:
            return ("shared", self.shared, self.page, self.step, self.check, self.documented, self.now, self.instead)
        return (self.page, self.step, self.check, self.service, self.documented, self.now,
                tuple(self.nearest), self.new_address)

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.page, "step": self.step, "check": self.check, "service": self.service,
            "documented": self.documented, "now": self.now, "nearest": self.nearest, "instead": self.instead,
            "new_address": self.new_address, "seen_at": self.url, "proposal": self.proposal,
            "shared": self.shared, "stale": self.stale, "services": self.services, "entries": [case for case, _n in self.entries],
        }


def _entry(flows: Any | None, service_id: str, entry_id: str | None) -> Any | None:
    for service in getattr(flows, "services", []) or []:
        if service.id == service_id:
            return next((e for e in service.entries if e.id == entry_id), None)
    return None


def _documented_url(flows: Any | None, service_id: str, entry_id: str | None) -> tuple[str, int] | None:
    """The entry's URL and the page of the URL table that lists it (p.4 / p.5)."""
    entry = _entry(flows, service_id, entry_id)
    return (str(entry.url), entry.page) if entry is not None else None


def shared_screen(finding: Finding, flows: Any | None) -> tuple[str, str, int] | None:
    """(key, name, page) of the shared Business d Account screen a finding is on, else None.

    Known by the screen title the page object names, else by the report column (ID, two-step), else by
    the host: everything on the Business d Account host (account site, consent) is shared too.
    """
    bizd = getattr(flows, "bizd", None)
    if bizd is None:
        return None
    if finding.shared and finding.screen and finding.screen.startswith("bizd."):
        screen = bizd.screens.get(finding.screen.removeprefix("bizd."))
        if screen is not None:
            return finding.screen, f"{bizd.name} {screen.title}", screen.page
    titled = finding.title
    for key, screen in bizd.screens.items():
        if titled and titled == screen.title:
            return f"bizd.{key}", f"{bizd.name} {screen.title}", screen.page
    host = urlsplit(finding.url or "").hostname
    on_bizd = host is not None and host == urlsplit(str(bizd.account_site)).hostname
    if finding.check in SHARED_CHECKS and (on_bizd or not finding.url):
        screen = bizd.screens[SHARED_CHECKS[finding.check]]
        return f"bizd.{SHARED_CHECKS[finding.check]}", f"{bizd.name} {screen.title}", screen.page
    if finding.check == "consent" and bizd.consent_screen in bizd.screens:
        screen = bizd.screens[bizd.consent_screen]
        return f"bizd.{bizd.consent_screen}", f"{bizd.name} {screen.title}", screen.page
    if on_bizd:
        return "bizd.site", finding.service, finding.page
    return None


def _shots(outcome: TestOutcome, revision: Revision) -> list[tuple[str, str]]:
    """The screenshot of the step concerned: the failure shot (that screen as it is now, the change
    marked), else the numbered shot of the check; for a URL, the screen the URL opens."""
    step = _(", at step {step}").format(step=revision.step) if revision.step else ""
    if outcome.failure_shot:
        return [(_("the site now{step} ({case})").format(step=step, case=outcome.case), outcome.failure_shot)]
    walk = outcome.walk
    if walk is None:
        return []
    record = walk.checks.get(revision.check) or walk.checks.get("screen")
    path = record.screenshot if record and record.screenshot else (walk.screenshots[0][1] if walk.screenshots else None)
    caption = next((c for c, p in walk.screenshots if p == path), outcome.case)
    return [(_("numbered step: {caption}").format(caption=caption), path)] if path else []


def _drift_revision(outcome: TestOutcome, flows: Any | None) -> Revision | None:
    walk, f = outcome.walk, outcome.finding
    if f is None:
        if walk is None:
            return None
        failed = next((c for c in walk.checks.values() if c.status == "failed"), None)
        return Revision(walk.page, failed.step if failed else None, failed.check if failed else "?", walk.service,
                        _("what the manual documents here"),
                        (failed.message if failed else "") or outcome.message.splitlines()[0])
    documented, page = f.expected, f.page
    if f.fact and f.kind:  # one documented fact: said again in the reader's language
        documented = documented_fact(f.kind, f.fact, f.title)
    if f.check == "url" and walk:
        known = _documented_url(flows, walk.service_id, walk.entry_id)
        if known:
            documented, page = known  # a URL is stated in the URL table, whatever slide shows the screen
    revision = Revision(page, f.step, f.check, f.service, documented, _(f.problem), list(f.nearest),
                        f.new_address if f.check == "url" else None, f.url, instead=f.instead)
    shared = shared_screen(f, flows)
    if shared:
        revision.shared, revision.service, revision.page = shared
        revision.services = [f.service]  # where it was seen: the service, or the account site
        if revision.step:  # the shared screen's own number, not the service step it was reached from
            revision.step = revision.step.split(" (", 1)[0]
    return revision


def _moved_url(outcome: TestOutcome, flows: Any | None) -> Revision | None:
    """A documented URL that now redirects to the documented screen: a revision of the URL table."""
    walk = outcome.walk
    if walk is None or not walk.new_address or not walk.checks.get("url") or walk.checks["url"].status != "passed":
        return None
    known = _documented_url(flows, walk.service_id, walk.entry_id)
    url, page = known if known else (walk.entry_id or walk.service_id, walk.page)
    return Revision(page, None, "url", walk.service, url, _("redirects to {address}").format(address=walk.new_address),
                    new_address=walk.new_address)


STALE_PROBLEMS = {
    "not_shown": N_("not shown"),
    "shown_as_text": N_("shown as plain text"),
    "shown_as_switch": N_("shown as a switch"),
    "shown_as_toggle": N_("shown as a toggle button"),
}
SHARED_SCREENS = N_("{name} (shared screens)")  # p.6's screens, under the manual's name of the account (flows)
BIZD_NAME = "ビジネスdアカウント"  # flows/bizd-account.yaml's name, when no flows are at hand


def stale_revision(row: dict[str, Any], bizd_name: str = BIZD_NAME) -> Revision:
    """A stale screen fact as the change the slide needs; a shared screen's is the same for every service."""
    kind = str(row["kind"])
    documented = _("{kind} 「{fact}」 on screen 「{title}」").format(
        kind=_(kind), fact=row["fact"], title=row["title"])
    if row.get("source"):
        documented += _(" (read from {source})").format(source=row["source"])
    now = _(STALE_PROBLEMS.get(str(row["problem"]), str(row["problem"])))
    service = _(SHARED_SCREENS).format(name=bizd_name) if row.get("shared") else str(row["service"])
    return Revision(int(row["page"]), None, str(row["check"]), service, documented, now,
                    [str(n) for n in row.get("nearest") or []], url=str(row.get("url") or "") or None, stale=True,
                    shared=str(row["screen"]) if row.get("shared") else None)


def collect(outcomes: list[TestOutcome], flows: Any | None = None) -> list[Revision]:
    """One revision per change of the manual, in manual page order: a change on a shared screen once,
    with every service it was seen on; entries that share a change are listed under it."""
    found: dict[tuple[Any, ...], Revision] = {}
    for outcome in outcomes:
        walk = outcome.walk
        for row in walk.stale if walk else []:
            stale = stale_revision(row, getattr(getattr(flows, "bizd", None), "name", BIZD_NAME))
            merged = found.setdefault(("stale", row["key"]), stale)
            merged.entries.append((outcome.case, outcome.nodeid))
            if str(row["service"]) not in merged.services:
                merged.services.append(str(row["service"]))
            if not merged.screenshots and walk and walk.screenshots:
                merged.screenshots = [(_("numbered step: {caption}").format(caption=walk.screenshots[-1][0]),
                                       walk.screenshots[-1][1])]
        proposed = [_drift_revision(outcome, flows) if outcome.verdict == "DRIFT" else None, _moved_url(outcome, flows)]
        for revision in proposed:
            if revision is None:
                continue
            merged = found.setdefault(revision.key(), revision)
            merged.entries.append((outcome.case if walk else (outcome.title or outcome.case), outcome.nodeid))
            name = walk.service if walk else (revision.services[0] if revision.services else revision.service)
            if name not in merged.services:
                merged.services.append(name)
            if not merged.screenshots:
                merged.screenshots = _shots(outcome, revision)
    ordered = sorted(found.values(), key=lambda r: (r.page, r.step or "", r.shared or "", r.service, r.check))
    for number, revision in enumerate(ordered, 1):
        revision.number = number
    return ordered


def shared_findings(revisions: list[Revision]) -> dict[str, Revision]:
    """nodeid → the shared-screen revision its walk's failure belongs to (the matrix points there)."""
    return {nodeid: r for r in revisions if r.shared and not r.stale for _case, nodeid in r.entries}


def heading(r: Revision) -> str:
    """The revision's title, the same in revisions.md and the report."""
    if r.shared and not r.stale:
        return _("{where} — {screen} (shared screen: {n} services)").format(where=r.where, screen=r.service,
                                                                            n=len(r.services))
    return f"{r.where} — {r.service} ({check_name(r.check)})"


def details(r: Revision) -> list[tuple[str, str]]:
    """What revisions.md and the report say about a revision, in that order."""
    rows = [(_("Proposed change"), r.proposal), (_("Documented"), r.documented), (_("The site now"), r.now)]
    if r.instead:
        rows.append((_("Shown in its place"), f"「{r.instead}」"))
    elif r.nearest:
        rows.append((_("Nearest labels shown"), ", ".join(f"「{label}」" for label in r.nearest)))
    if r.new_address:
        rows.append((_("The documented URL now leads to"), r.new_address))
    if r.url:
        rows.append((_("Seen at"), r.url))
    if r.shared or (r.stale and len(r.services) > 1):
        rows.append((_("Services affected"), r.affects))
    return rows


def markdown(revisions: list[Revision], info: RunInfo, folder: Path) -> str:
    """revisions.md: the list a manual editor works through, screenshots linked relative to the run folder."""
    lines = [
        _("# Proposed revisions — {manual}").format(manual=info.manual),
        "",
        _("Run of {started} against **{target}** ({detail}), suite {suite}, on {host}. Browser: {browser}.").format(
            started=f"{format_day(info.started)} {info.started:%H:%M}", target=target_name(info.target),
            detail=info.target_detail,
            suite=info.suite_version, host=info.hostname, browser=info.browser),
        "",
    ]
    if not revisions:
        lines += [_("No disagreement between the walked sites and the manual: no revision proposed."), ""]
    else:
        lines += [_("{n} change(s) proposed, in manual page order.").format(n=len(revisions)), ""]
    for r in revisions:
        lines += [f"## {r.number}. {heading(r)}", ""]
        lines += [f"- **{label}:** {value}" for label, value in details(r)]
        lines.append(f"- **{_('Entries')}:** " + ", ".join(f"`{case}`" for case, _n in r.entries))
        for caption, path in r.screenshots:
            rel = os.path.relpath(path, folder) if os.path.isabs(path) else path
            lines.append(f"- ![{caption}]({Path(rel).as_posix()})")
        lines.append("")
    return secrets.mask("\n".join(lines))


def revisions_html(revisions: list[Revision]) -> str:
    title = _("Proposed revisions")
    if not revisions:
        return (f'<div class="bizd-section" id="bizd-revisions"><h2>{text(title)}</h2>'
                f"<p>{text(_('No disagreement with the manual: no revision proposed.'))}</p></div>")
    parts = []
    for r in revisions:
        n = r.number
        rows = details(r)
        proposal, rest = rows[0], rows[1:]
        dl = "".join(f"<dt>{text(k)}</dt><dd>{text(v)}</dd>" for k, v in rest)
        entries = ", ".join(f'<a href="#{anchor(nodeid)}">{text(case)}</a>' for case, nodeid in r.entries)
        shots = "".join(image(path, caption) for caption, path in r.screenshots)
        shared = f' data-shared="{text(r.shared)}"' if r.shared else ""
        parts.append(
            f'<div class="bizd-revision" id="{r.anchor}" data-page="{r.page}"{shared}><h3>{n}. {text(heading(r))}</h3>'
            f"<p><b>{text(proposal[0])}:</b> {text(proposal[1])}</p><dl>{dl}</dl>"
            f"<p>{text(_('Entries'))}: {entries}</p>{shots}</div>"
        )
    return (f'<div class="bizd-section" id="bizd-revisions"><h2>{text(title)} ({len(revisions)})</h2>'
            f"{''.join(parts)}</div>")
