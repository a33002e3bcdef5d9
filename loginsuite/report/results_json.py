"""results.json: the run's machine-readable results, one row per documented check (format in reports/README.md).

JUnit XML (pytest's --junitxml) says which tests failed; this says which *checks* of which service
entry did, with the nightly class, so runs can be compared (``python -m loginsuite compare``).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from loginsuite import secrets
from loginsuite.classify import Verdict
from loginsuite.report.header import RunInfo
from loginsuite.report.matrix import verdict_counts, walks
from loginsuite.report.records import TestOutcome
from loginsuite.report.revisions import Revision, shared_findings

FORMAT = "bizd-results/1"
FILENAME = "results.json"


class ResultsError(ValueError):
    """A path that is neither a run folder with results.json nor a results.json of this format."""


def _relative(path: str | None, folder: Path | None) -> str | None:
    if not path:
        return None
    if folder is None or not os.path.isabs(path):
        return path
    try:
        return Path(os.path.relpath(path, folder)).as_posix()
    except ValueError:
        return path


def _check_class(outcome: TestOutcome, name: str, record: Any) -> str:
    """The check's class; a passed check whose screen changed since approved is STALE."""
    verdict = outcome.check_verdict(record)
    walk = outcome.walk
    if verdict is Verdict.OK and walk and name in walk.stale_checks():
        return Verdict.STALE.value
    return verdict.value


def _stale(outcomes: list[TestOutcome]) -> list[dict[str, Any]]:
    """Each screen-fact difference once (a shared screen's for every service it affects), by machine keys."""
    found: dict[str, dict[str, Any]] = {}
    for outcome in sorted(outcomes, key=lambda o: o.nodeid):
        for row in outcome.walk.stale if outcome.walk else []:
            item = found.setdefault(str(row["key"]), {
                **{k: row[k] for k in ("key", "screen", "title", "page", "fact", "kind", "problem", "check",
                                       "shared", "source", "nearest")},
                "services": [], "tests": []})
            if row["service"] not in item["services"]:
                item["services"].append(row["service"])
            item["tests"].append(outcome.nodeid)
    return list(found.values())


def _screens(outcomes: list[TestOutcome], folder: Path | None) -> list[dict[str, Any]]:
    """Every screen of the run and how it compares with the approved one (``approve`` reads this)."""
    rows = []
    for outcome in sorted(outcomes, key=lambda o: o.nodeid):
        for screen in outcome.walk.screens if outcome.walk else []:
            row = {**screen, "test": outcome.nodeid}
            for name in ("shot", "approved_shot", "diff_shot"):
                row[name] = _relative(row.get(name), folder)  # type: ignore[arg-type]
            rows.append(row)
    return rows


def build(outcomes: list[TestOutcome], info: RunInfo, revisions: list[Revision],
          flows: Any | None = None, folder: Path | None = None) -> dict[str, Any]:
    checks = []
    shared = {nodeid: r.shared for nodeid, r in shared_findings(revisions).items()}
    for outcome in walks(outcomes, flows):
        walk = outcome.walk
        assert walk is not None
        found = outcome.finding
        for name, record in walk.checks.items():
            # The failed check's own slide when the mismatch names it (p.13 for NewsPicks' step ②).
            page = found.page if found and found.check == name and record.status == "failed" else walk.page
            checks.append({
                "id": f"{outcome.case}/{name}",
                "test": outcome.nodeid,
                "service_id": walk.service_id,
                "service": walk.service,
                "entry": walk.entry_id,
                "entry_label": walk.entry_label,
                "page": page,
                "step": record.step,
                "check": name,
                "status": record.status,
                "class": _check_class(outcome, name, record),
                "duration": round(outcome.duration, 3),
                "message": secrets.mask(record.message),
                "screenshot": _relative(record.screenshot, folder),
                # The failing check of a walk through a changed shared screen: its one revision's key.
                **({"shared": shared[outcome.nodeid]} if record.status == "failed" and outcome.nodeid in shared
                   else {}),
            })
    tests = [{
        "test": o.nodeid,
        "case": o.case if o.walk else None,
        "outcome": o.outcome,
        "class": o.verdict,
        "duration": round(o.duration, 3),
        "message": secrets.mask(o.message),
        "new_address": o.walk.new_address if o.walk else None,
        "screenshots": [{"caption": c, "path": _relative(p, folder)}
                        for c, p in (o.walk.screenshots if o.walk else o.screenshots)],
        **({"procedure": o.procedure_title, "url": o.url} if o.walk is None and o.procedure_title else {}),
        "failure_screenshot": _relative(o.failure_shot, folder),
        "trace": o.trace,
        "stale": [row["key"] for row in (o.walk.stale if o.walk else [])],
    } for o in sorted(outcomes, key=lambda o: o.nodeid)]
    return {
        "format": FORMAT,
        "run": {**info.as_dict(), "walks": verdict_counts(outcomes), "tests": len(outcomes)},
        "checks": checks,
        "tests": tests,
        "screens": _screens(outcomes, folder),
        "stale": _stale(outcomes),
        "revisions": [r.as_json() for r in revisions],
    }


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secrets.mask(json.dumps(data, ensure_ascii=False, indent=2)) + "\n", encoding="utf-8")
    return path


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A run's results: ``path`` is a run folder or its results.json."""
    target = Path(path)
    if target.is_dir():
        target = target / FILENAME
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsError(f"{target}: no such file (give a run folder under reports/ or a results.json)") from None
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{target}: not JSON ({exc})") from None
    if not isinstance(data, dict) or not str(data.get("format", "")).startswith("bizd-results/"):
        raise ResultsError(f"{target}: not a results.json of this suite (no 'format': '{FORMAT}')")
    return data
