"""What each night found, read back from the run history (``reports/*-nightly/results.json``).

A finding is one DRIFT, STALE, UNREACHABLE or ERROR check of one service entry (ERROR: the suite
itself broke there, which nobody would hear of otherwise), identified by machine keys
only (class, entry, check, manual page, step, the manual's label), so a night reported in English
and one reported in Japanese name the same finding alike. A night also says which checks it could
look at: a check that was not reached (the walk stopped earlier, the site was down) neither
continues nor ends a finding.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loginsuite.i18n import _
from loginsuite.nightly.history import NIGHTLY_RUNS, RESULTS, _when

STATUS = "status.json"  # the run's state, when the run folder records one
FINDING_CLASSES = ("DRIFT", "STALE", "UNREACHABLE", "ERROR")
_NO_LABEL = ("UNREACHABLE", "ERROR")  # the site or the suite did not get as far as the manual's words
# The classes of a check that answered: the site could be looked at, whatever it showed.
ANSWERED = frozenset({"OK", "DRIFT", "STALE", "N.A."})
_QUOTED = re.compile(r"「([^」]*)」")
# A shared-screen key, when results.json carries one (the shared Business d Account screens are one
# finding for every service that passes through them); the first present name wins.
GROUP_FIELDS = ("shared_key", "shared", "group")


@dataclass(frozen=True)
class Finding:
    """One non-OK check of one entry on one night, with what a person needs to act on it."""

    verdict: str  # DRIFT | STALE | UNREACHABLE | ERROR (results.json class)
    entry: str  # entry id, or the service id of a service without entries
    check: str
    page: int | None
    step: str | None
    label: str  # the manual's words the check looked for, 「」 removed; "" when unknown
    service: str = ""
    service_id: str = ""
    expected: str = ""
    shown: str = ""
    message: str = ""
    screenshot: Path | None = None
    shared: str | None = None  # the results.json shared-screen key, when there is one

    @property
    def key(self) -> str:
        """Stable across nights and report languages."""
        return "/".join([self.verdict, self.entry, self.check, f"p{self.page or ''}", self.step or "", self.label])

    @property
    def place(self) -> tuple[str, str]:
        """Which row of which walk tells whether this finding could be seen on a night."""
        return (self.entry, self.check)

    @property
    def group(self) -> tuple[str, ...]:
        """Findings with the same group are one message: the same difference on a shared screen."""
        if self.shared:
            return (self.verdict, "shared", self.shared)
        return (self.verdict, self.check, str(self.page or ""), self.step or "", self.label)


@dataclass
class NightFindings:
    """One night: when, where its run folder is, its findings, and the class of every check row."""

    when: dt.datetime
    folder: Path
    findings: dict[str, Finding] = field(default_factory=dict)
    rows: dict[tuple[str, str], str] = field(default_factory=dict)  # (entry, check) -> class
    screenshots: dict[tuple[str, str], Path] = field(default_factory=dict)
    services: dict[str, str] = field(default_factory=dict)  # entry -> service name

    def status(self, finding: Finding) -> str:
        """``present``, ``gone`` (its check answered without it) or ``unknown`` (not looked at)."""
        if finding.key in self.findings:
            return "present"
        row = self.rows.get(finding.place)
        return "gone" if row in ANSWERED else "unknown"


def _revision_for(check: dict[str, Any], revisions: list[dict[str, Any]]) -> dict[str, Any] | None:
    entry = check.get("entry") or check.get("service_id")
    for revision in revisions:
        if (entry in (revision.get("entries") or []) and revision.get("check") == check.get("check")
                and revision.get("page") == check.get("page") and revision.get("step") == check.get("step")):
            return revision
    return None


def _label(check: dict[str, Any], revision: dict[str, Any] | None) -> str:
    """The manual's words the check looked for: sorted, so wording around them does not matter."""
    if isinstance(check.get("label"), str):
        return check["label"]
    documented = str((revision or {}).get("documented") or "")
    return "｜".join(sorted(set(_QUOTED.findall(documented))))


def _shown(revision: dict[str, Any] | None, check: dict[str, Any]) -> str:
    if revision is None:
        message = str(check.get("message") or "")
        return message.split(" — ", 1)[1].strip() if " — " in message else message
    nearest = revision.get("nearest") or []
    shown = str(revision.get("now") or "")
    if nearest:
        shown += " (" + "、".join(f"「{n}」" for n in nearest) + ")"
    if revision.get("new_address"):
        shown += f" → {revision['new_address']}"
    return shown.strip()


def read_night(path: Path) -> NightFindings:
    """A night from its results.json (``path``), with screenshots made absolute."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        raise ValueError(_("no list of 'checks'"))  # noqa: TRY004 — a bad file, read as bad JSON is
    folder = path.parent
    night = NightFindings(_when(data, path), folder)
    revisions = [r for r in data.get("revisions") or [] if isinstance(r, dict)]
    for check in data["checks"]:
        if not isinstance(check, dict) or not check.get("check"):
            continue
        entry = str(check.get("entry") or check.get("service_id") or check.get("id") or "?")
        name = str(check["check"])
        verdict = str(check.get("class") or "").upper()
        night.rows[(entry, name)] = verdict
        night.services[entry] = str(check.get("service") or entry)
        shot = folder / check["screenshot"] if check.get("screenshot") else None
        if shot is not None:
            night.screenshots[(entry, name)] = shot
        if verdict not in FINDING_CLASSES:
            continue
        revision = _revision_for(check, revisions)
        shared = next((str(check[k]) for k in GROUP_FIELDS if isinstance(check.get(k), str) and check[k]), None)
        finding = Finding(
            verdict=verdict, entry=entry, check=name,
            page=check.get("page") if isinstance(check.get("page"), int) else None,
            step=str(check["step"]) if check.get("step") else None,
            label="" if verdict in _NO_LABEL else _label(check, revision),
            service=str(check.get("service") or entry), service_id=str(check.get("service_id") or entry),
            expected=str((revision or {}).get("documented") or ""), shown=_shown(revision, check),
            message=str(check.get("message") or ""), screenshot=shot, shared=shared,
        )
        night.findings[finding.key] = finding
    return night


def unfinished(folder: Path) -> bool:
    """A night that was interrupted, killed, failed or is still running (its status.json) tells nothing."""
    from loginsuite import runstate

    return runstate.status(folder) in runstate.UNFINISHED


def read_history(folders: list[Path], runs: str = NIGHTLY_RUNS) -> tuple[list[NightFindings], list[str]]:
    """Every finished night under ``folders`` (a folder of run folders, or a run folder itself: that
    one is read whatever its status), oldest first.

    A run folder found twice (this night in reports/ and in a downloaded history) counts once.
    """
    paths: dict[str, Path] = {}
    for folder in folders:
        if (folder / RESULTS).is_file():
            paths.setdefault(folder.name, folder / RESULTS)
            continue
        for path in sorted(folder.glob(f"{runs}/{RESULTS}")):
            if not unfinished(path.parent):
                paths.setdefault(path.parent.name, path)
    nights, problems = [], []
    for path in paths.values():
        try:
            nights.append(read_night(path))
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: {exc}")
    nights.sort(key=lambda n: (n.when, n.folder.name))
    return nights, problems
