"""The top of the report: which manual, which target, which browser and suite, when and where it ran,
and (when a previous run is known) what changed since.

The same facts go into pytest-metadata's table (pytest-html's Environment), into results.json and
revisions.md, so a report read months later still says what it verified.
"""
from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loginsuite import secrets
from loginsuite.i18n import N_, _
from loginsuite.report.markup import text

if TYPE_CHECKING:
    from loginsuite.compare import Comparison

ROOT = Path(__file__).resolve().parents[2]
# Keys whose values never appear in the report, whatever the ini's environment_table_redact_list adds.
DEFAULT_REDACT = (r"(?i).*(password|passwd|secret|token|api[_-]?key|credential|cookie|session).*",)
REDACTED = "▓▓▓▓▓▓"


@dataclass
class RunInfo:
    manual_title: str
    manual_version: str
    manual_issued: str
    target: str
    target_detail: str
    suite_version: str
    hostname: str
    started: dt.datetime
    finished: dt.datetime | None = None
    browsers: set[str] = field(default_factory=set)

    @property
    def manual(self) -> str:
        return f"{self.manual_title} 第{self.manual_version}版 ({self.manual_issued} 発行)"

    @property
    def browser(self) -> str:
        return ", ".join(sorted(self.browsers)) or "not launched"

    @property
    def duration(self) -> float:
        end = self.finished or dt.datetime.now().astimezone()
        return (end - self.started).total_seconds()

    def as_dict(self) -> dict[str, Any]:
        return {
            "manual": {"title": self.manual_title, "version": self.manual_version, "issued": self.manual_issued},
            "target": self.target,
            "target_detail": self.target_detail,
            "browser": self.browser,
            "suite_version": self.suite_version,
            "hostname": self.hostname,
            "started": self.started.isoformat(timespec="seconds"),
            "finished": self.finished.isoformat(timespec="seconds") if self.finished else None,
            "duration": round(self.duration, 2),
        }


def suite_version(root: Path = ROOT) -> str:
    """The checked-out commit (``-dirty`` with local changes), so a report names the code that made it."""
    try:
        done = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty", "--abbrev=12"],
                              capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return done.stdout.strip() or "unknown"


def title(info: RunInfo) -> str:
    return f"{info.manual_title} 第{info.manual_version}版 — verification report ({info.target})"


def metadata_entries(info: RunInfo) -> dict[str, str]:
    """pytest-metadata entries (the report's Environment table)."""
    return {
        "Manual": info.manual,
        "Target": f"{info.target} ({info.target_detail})",
        "Browser": info.browser,
        "Suite version": info.suite_version,
        "Started": info.started.isoformat(timespec="seconds"),
        "Duration": f"{info.duration:.1f} s" if info.finished else "running",
        "Host": info.hostname,
    }


def redact(metadata: dict[str, Any], patterns: Iterable[str]) -> None:
    """Blank the values of matching keys (pytest-html's environment_table_redact_list, plus ours) and
    mask registered secrets in every other value, nested dicts included."""
    compiled = [re.compile(p) for p in (*DEFAULT_REDACT, *patterns)]
    for key, value in list(metadata.items()):
        if any(p.match(str(key)) for p in compiled):
            metadata[key] = REDACTED
        elif isinstance(value, dict):
            redact(value, patterns)
        elif isinstance(value, str):
            metadata[key] = secrets.mask(value)


def run_info(manual: Any, target: str, target_detail: str) -> RunInfo:
    return RunInfo(
        manual_title=manual.title,
        manual_version=manual.version,
        manual_issued=str(manual.issued),
        target=target,
        target_detail=target_detail,
        suite_version=suite_version(),
        hostname=socket.gethostname(),
        started=dt.datetime.now().astimezone(),
    )


VERDICT_WORDS = {
    "DRIFT": N_("A documented procedure no longer works as the manual says: the manual needs revising."),
    "ERROR": N_("The suite itself failed on some walks: their result is unknown."),
    "UNREACHABLE": N_("Some documented sites did not answer: they could not be checked."),
    "STALE": N_("Every procedure works; some screens differ from the manual's pictures."),
    "OK": N_("Every walked procedure works as the manual documents it."),
}


def run_verdict(counts: dict[str, int]) -> str:
    """The run's one class: the most severe of its walks' (DRIFT > ERROR > UNREACHABLE > STALE > OK)."""
    return next((v for v in ("DRIFT", "ERROR", "UNREACHABLE", "STALE") if counts.get(v)), "OK")


def verdict_html(counts: dict[str, int], status: str, info: RunInfo | None) -> str:
    """The report's first lines: the run's verdict in words, an interrupted run said so, the counts."""
    verdict = run_verdict(counts)
    banner = ""
    if status != "complete":
        banner = (f'<p class="bizd-interrupted" id="bizd-status" data-status="{text(status)}">'
                  f"{text(_('This run was interrupted before its end: the results below are partial.'))}</p>")
    about = ""
    if info is not None:
        about = (f"<p>{text(info.manual)} · {text(info.target)} ({text(info.target_detail)}) · "
                 f"{info.started:%Y-%m-%d %H:%M} · {text(info.browser)}</p>")
    return (f'<div class="bizd-section" id="bizd-verdict" data-verdict="{verdict}" data-status="{text(status)}">'
            f'{banner}<p class="bizd-verdict verdict {verdict}">{verdict} — {text(_(VERDICT_WORDS[verdict]))}</p>'
            f"{about}{walks_line(counts)}</div>")


def walks_line(counts: dict[str, int]) -> str:
    """One line of nightly classes, above the matrix."""
    shown = ", ".join(f'<span class="verdict {text(v)}">{n} {text(v)}</span>' for v, n in counts.items() if n)
    return f'<p class="bizd-section" id="bizd-walks">Walks: {shown or "none"}</p>'


def comparison_html(comparison: Comparison) -> str:
    """Newly failing / fixed / still failing since the previous run, at the top of the report."""
    def items(changes: list[Any], css: str) -> str:
        if not changes:
            return "<li>none</li>"
        return "".join(f'<li class="{css}">{text(c.describe())}</li>' for c in changes)

    return (
        '<div class="bizd-section bizd-compare" id="bizd-compare">'
        f"<h2>Since the previous run</h2><p>compared with {text(comparison.before_label)}: "
        f"{len(comparison.newly_failing)} newly failing, {len(comparison.fixed)} fixed, "
        f"{len(comparison.still_failing)} still failing</p>"
        f"<h3>Newly failing</h3><ul>{items(comparison.newly_failing, 'new')}</ul>"
        f"<h3>Fixed</h3><ul>{items(comparison.fixed, 'fixed')}</ul>"
        f"<h3>Still failing</h3><ul>{items(comparison.still_failing, 'still')}</ul>"
        "</div>"
    )
