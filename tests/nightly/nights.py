"""Synthetic nights for the alert tests: run folders as the nightly leaves them (results.json, a shot).

A night is written from what each entry showed, e.g. ``{"cloudsign": ENTRY_RENAMED}``: the checks
before the failing one passed, the failing one carries its class (and, for DRIFT/STALE, a revision
as the report writes it), the later ones were not reached. Entries not named were OK.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

CHECKS = ("url", "screen", "entry", "id", "two_step", "consent", "signed_in")
SERVICES = {  # entry -> (the manual's service name, its first slide)
    "cloudsign": ("dX電子契約", 16),
    "hotprofile-meishi": ("dX商談・名刺管理", 14),
    "hotprofile-kaitaku": ("dX顧客開拓", 21),
}


@dataclass(frozen=True)
class Seen:
    """What one entry's walk met: ``verdict`` at ``check`` (page/step of the manual)."""

    verdict: str
    check: str
    page: int | None = None  # None: the service's first slide
    step: str | None = None
    documented: str = ""
    now: str = "not shown"
    nearest: tuple[str, ...] = ()
    message: str = ""


ENTRY_RENAMED = Seen("DRIFT", "entry", None, "2", "button 「ビジネスdアカウント ログイン」 on screen 「dX電子契約 ログイン」",
                     nearest=("dアカウントでログイン",),
                     message="[dX電子契約] manual p.16, step 2: expected button 「ビジネスdアカウント ログイン」 — not shown")
NEXT_RENAMED = Seen("DRIFT", "id", 6, "②", "button 「次へ」 on screen 「ビジネスdアカウント ログイン（ID入力）」",
                    nearest=("続ける",), message="manual p.6, step ②: expected button 「次へ」 — not shown")
SITE_DOWN = Seen("UNREACHABLE", "url", None, None, message="https://www.cloudsign.jp/ unreachable — HTTP 503")
SUITE_BROKE = Seen("ERROR", "entry", None, "2", message="TypeError: 'NoneType' object is not subscriptable")
PICTURE_OLD = Seen("STALE", "screen", None, None, "text 「電子契約サービス」 on screen 「dX電子契約 ログイン」",
                   now="「電子契約ならクラウドサイン」", message="screen text differs")


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


def write_night(reports: Path, day: int, seen: dict[str, Seen], entries: tuple[str, ...] = tuple(SERVICES),
                month: int = 12, suffix: str = "") -> Path:
    """Night ``day`` (2026-``month``-``day``, 03:17) under ``reports``: every entry of ``entries`` walked.

    ``suffix`` names a second run started in the same second (``…-nightly-2``).
    """
    when = dt.datetime(2026, month, day, 3, 17, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    folder = reports / f"{when:%Y%m%d-%H%M%S}-nightly{suffix}"
    (folder / "shots").mkdir(parents=True)
    checks: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    for entry in entries:
        service, first_page = SERVICES[entry]
        found = seen.get(entry)
        for name in CHECKS:
            row: dict[str, Any] = {
                "id": f"{entry}/{name}", "test": f"tests/walks/test_documented_paths.py::test_documented_path[{entry}]",
                "service_id": entry, "service": service, "entry": entry, "entry_label": "", "page": first_page,
                "step": None, "check": name, "status": "passed", "class": "OK", "duration": 1.0, "message": "",
                "screenshot": None}
            stops = found is not None and found.verdict != "STALE"  # a stale screen does not stop the walk
            last = CHECKS.index(found.check) if found and stops else CHECKS.index("id")  # no sign-in at night
            if CHECKS.index(name) > last:
                row.update({"status": "skipped", "class": "SKIPPED", "message": "not reached"})
            elif found and name == found.check:
                row.update({"page": found.page or first_page, "step": found.step, "class": found.verdict,
                            "status": "failed" if stops else "passed", "message": found.message,
                            "screenshot": f"shots/{entry}-failure.png"})
                (folder / row["screenshot"]).write_bytes(png())
                if found.documented:
                    revisions.append({"page": row["page"], "step": found.step, "check": name, "service": service,
                                      "documented": found.documented, "now": found.now,
                                      "nearest": list(found.nearest), "new_address": None,
                                      "seen_at": "https://example.invalid/", "proposal": "…", "entries": [entry]})
            checks.append(row)
    data = {"format": "bizd-results/1",
            "run": {"target": "live", "started": when.isoformat(), "walks": {}, "tests": len(entries)},
            "checks": checks, "tests": [], "revisions": revisions}
    (folder / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "report.html").write_text("<html>report</html>", encoding="utf-8")
    return folder
