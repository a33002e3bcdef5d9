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
from loginsuite.i18n import N_, _, format_day
from loginsuite.report.markup import data, text

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
        return _("{title} edition {version} (issued {issued})").format(
            title=self.manual_title, version=self.manual_version, issued=format_day(self.manual_issued))

    @property
    def browser(self) -> str:
        return ", ".join(sorted(self.browsers)) or _("not launched")

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


TARGETS = {"mock": N_("mock"), "live": N_("live"), "unknown": N_("unknown")}  # machine keys → msgids


def target_name(target: str) -> str:
    """The target (a machine key in results.json) in the reader's language."""
    return _(TARGETS[target]) if target in TARGETS else target


def title(info: RunInfo) -> str:
    return _("{title} edition {version} — verification report ({target})").format(
        title=info.manual_title, version=info.manual_version, target=target_name(info.target))


# pytest-metadata's own keys, shown as the Environment table's row names (its values are data).
METADATA_KEYS = (N_("Python"), N_("Platform"), N_("Packages"), N_("Plugins"))


def metadata_entries(info: RunInfo) -> dict[str, str]:
    """pytest-metadata entries (the report's Environment table), named in the reader's language."""
    return {
        _("Manual"): info.manual,
        _("Target"): f"{target_name(info.target)} ({info.target_detail})",
        _("Browser"): info.browser,
        _("Suite version"): info.suite_version,
        _("Started"): f"{format_day(info.started)} {info.started:%H:%M:%S}",
        _("Duration"): _("{seconds:.1f} s").format(seconds=info.duration) if info.finished else _("running"),
        _("Host"): info.hostname,
    }


def localise_metadata(metadata: dict[str, Any]) -> None:
    """pytest-metadata's own row names in the reader's language (in place, order kept)."""
    items = list(metadata.items())
    metadata.clear()
    metadata.update({(_(key) if key in METADATA_KEYS else key): value for key, value in items})


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
        about = (f"<p>{text(info.manual)} · {text(target_name(info.target))} ({text(info.target_detail)}) · "
                 f"{text(format_day(info.started))} {info.started:%H:%M} · {data(info.browser)}</p>")
    return (f'<div class="bizd-section" id="bizd-verdict" data-verdict="{verdict}" data-status="{text(status)}">'
            f'{banner}<p class="bizd-verdict verdict {verdict}">{verdict} — {text(_(VERDICT_WORDS[verdict]))}</p>'
            f"{about}{walks_line(counts)}</div>")


def walks_line(counts: dict[str, int]) -> str:
    """One line of nightly classes, above the matrix."""
    shown = _(", ").join(f'<span class="verdict {text(v)}">{n} {text(v)}</span>' for v, n in counts.items() if n)
    return (f'<p class="bizd-section" id="bizd-walks">{text(_("Walks:"))} '
            f'{shown or text(_("none"))}</p>')


def describe_change(change: Any) -> str:
    """One check's change since the previous run (compare.CheckChange), as HTML in the reader's language."""
    from loginsuite.report.records import check_name

    where = ""
    if change.page:
        step = _(", step {step}").format(step=change.step) if change.step else ""
        where = f" (p.{change.page}{step})"
    first = change.message.splitlines()[0] if change.message else ""
    not_run = _("not run")
    return (f"{text(change.service)} [{data(change.entry)}] {text(check_name(change.check))}{text(where)}: "
            f"{text(change.before or not_run)} → {text(change.after or not_run)}"
            + (f" — {data(first)}" if first else ""))


def comparison_html(comparison: Comparison) -> str:
    """Newly failing / fixed / still failing since the previous run, at the top of the report."""
    def items(changes: list[Any], css: str) -> str:
        if not changes:
            return f"<li>{text(_('none'))}</li>"
        return "".join(f'<li class="{css}">{describe_change(c)}</li>' for c in changes)

    counts = _("compared with {before}: {new} newly failing, {fixed} fixed, {still} still failing").format(
        before="\0", new=len(comparison.newly_failing), fixed=len(comparison.fixed), still=len(comparison.still_failing))
    before, _sep, after = text(counts).partition("\0")
    return (
        '<div class="bizd-section bizd-compare" id="bizd-compare">'
        f"<h2>{text(_('Since the previous run'))}</h2>"
        f"<p>{before}{data(comparison.before_label)}{after}</p>"
        f"<h3>{text(_('Newly failing'))}</h3><ul>{items(comparison.newly_failing, 'new')}</ul>"
        f"<h3>{text(_('Fixed'))}</h3><ul>{items(comparison.fixed, 'fixed')}</ul>"
        f"<h3>{text(_('Still failing'))}</h3><ul>{items(comparison.still_failing, 'still')}</ul>"
        "</div>"
    )
