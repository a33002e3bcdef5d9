"""Last verified, per service: the date its whole documented path last passed, and the date its
screens last matched the approved ones, from this run, the earlier runs beside it in reports/ and
the baseline (approving a screen is a day it matched).

A whole path passed when every walk of the service reached 「ログイン完了」 (signed_in passed) with
class OK or STALE: a night that stops at the ID screen on purpose does not count.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from loginsuite.i18n import _, format_day
from loginsuite.report.markup import text

PASSED_CLASSES = ("OK", "STALE")
HISTORY_LIMIT = 400  # run folders read, newest first


def run_facts(results: dict[str, Any]) -> dict[str, dict[str, bool]]:
    """service_id → {"path_passed", "screens_matched"} in one run's results.json."""
    classes = {t["test"]: t.get("class") for t in results.get("tests", [])}
    walks: dict[str, dict[str, bool]] = defaultdict(dict)  # service → test → signed in
    for check in results.get("checks", []):
        service, test = check.get("service_id"), check.get("test")
        if service and test:
            signed_in = check.get("check") == "signed_in" and check.get("status") == "passed"
            walks[service][test] = walks[service].get(test, False) or signed_in
    screens: dict[str, list[str]] = defaultdict(list)
    for screen in results.get("screens", []):
        screens[screen.get("service_id", "")].append(screen.get("status", ""))
    facts = {}
    for service in set(walks) | set(screens):
        tests = walks.get(service, {})
        passed = bool(tests) and all(signed and classes.get(t) in PASSED_CLASSES for t, signed in tests.items())
        statuses = screens.get(service, [])
        facts[service] = {"path_passed": passed,
                          "screens_matched": bool(statuses) and all(s == "as_approved" for s in statuses)}
    return facts


def _run_date(results: dict[str, Any]) -> str | None:
    started = str(results.get("run", {}).get("started") or "")
    return started[:10] or None


def history(reports: Path | None, exclude: Path | None = None) -> list[dict[str, Any]]:
    """The results.json of the run folders in ``reports`` (not ``exclude``, not ``latest``), newest first."""
    if reports is None or not reports.is_dir():
        return []
    found = []
    for folder in sorted((p for p in reports.iterdir() if p.is_dir() and not p.is_symlink()), reverse=True):
        if exclude is not None and folder.resolve() == exclude.resolve():
            continue
        try:
            found.append(json.loads((folder / "results.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
        if len(found) >= HISTORY_LIMIT:
            break
    return found


def last_verified(current: dict[str, Any], earlier: list[dict[str, Any]],
                  approved: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, str | None]]:
    """service_id → {"path_passed": date, "screens_matched": date} (None: never) for every service of ``current``."""
    dates: dict[str, dict[str, str | None]] = {}
    for results in [current, *earlier]:
        day = _run_date(results)
        for service, facts in run_facts(results).items():
            entry = dates.setdefault(service, {"path_passed": None, "screens_matched": None})
            for key, ok in facts.items():
                if ok and day and (entry[key] is None or day > str(entry[key])):
                    entry[key] = day
    for screen in (approved or {}).values():
        service, day = screen.get("service_id"), screen.get("approved")
        if service in dates and day:
            entry = dates[service]
            if entry["screens_matched"] is None or day > str(entry["screens_matched"]):
                entry["screens_matched"] = day
    current_services = {c.get("service_id") for c in current.get("checks", [])}
    return {s: d for s, d in sorted(dates.items()) if s in current_services}


def verified_html(dates: dict[str, dict[str, str | None]], names: dict[str, str]) -> str:
    """The report's 'Last verified' table (one row per service of this run)."""
    if not dates:
        return ""
    never = _("never")
    rows = "".join(
        f'<tr data-service="{text(service)}"><th>{text(names.get(service, service))}</th>'
        f'<td>{text(format_day(d["path_passed"]) or never)}</td>'
        f'<td>{text(format_day(d["screens_matched"]) or never)}</td></tr>'
        for service, d in dates.items())
    return (f'<div class="bizd-section bizd-verified" id="bizd-verified"><h2>{text(_("Last verified"))}</h2>'
            f'<table class="bizd-matrix"><thead><tr><th>{text(_("Service"))}</th>'
            f'<th>{text(_("whole documented path last passed"))}</th>'
            f'<th>{text(_("screens last matched the approved ones"))}</th></tr></thead><tbody>{rows}</tbody></table></div>')
