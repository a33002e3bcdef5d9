"""``python -m loginsuite history``: the nights at a glance, drawn from past runs' results.json.

A services × nights grid of coloured cells (a service's cell is the worst class of its checks that
night), the date each service first drifted, and a link to each night's report. One self-contained
HTML file with no script, so it opens from an artifact download or a mail attachment.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loginsuite.classify import Verdict, worst
from loginsuite.i18n import _, format_day, language, ngettext

RESULTS = "results.json"
REPORT_URL_FILE = "report-url.txt"  # CI writes the run's address here: the report lives in its artifact
NIGHTLY_RUNS = "*-nightly*"  # also a second run of the same second (…-nightly-2)
_STAMP = re.compile(r"(\d{8})-(\d{6})")
_CLASS_NAMES = {v.value: v for v in Verdict} | {"NA": Verdict.NOT_APPLICABLE, "N/A": Verdict.NOT_APPLICABLE}
_STATUS_CLASS = {"passed": Verdict.OK, "not_applicable": Verdict.NOT_APPLICABLE, "skipped": Verdict.SKIPPED,
                 "failed": Verdict.DRIFT}


@dataclass
class Night:
    """One run's results, reduced to what the grid shows."""

    when: dt.datetime
    folder: Path
    report: str | None  # address of its report, relative to history.html or absolute
    cells: dict[str, Verdict] = field(default_factory=dict)
    status: str = "complete"  # loginsuite.runstate: only shown when unfinished runs are asked for
    notes: dict[str, list[str]] = field(default_factory=dict)  # service -> messages of its non-OK checks


def _verdict(check: dict[str, Any]) -> Verdict:
    value = str(check.get("class") or "").upper()
    if value in _CLASS_NAMES:
        return _CLASS_NAMES[value]
    return _STATUS_CLASS.get(str(check.get("status", "")), Verdict.ERROR)


def _checks(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [c for c in data if isinstance(c, dict)]
    for key in ("checks", "results"):
        if isinstance(data, dict) and isinstance(data.get(key), list):
            return [c for c in data[key] if isinstance(c, dict)]
    raise ValueError(_("no list of checks (expected a list, or an object with 'checks')"))


def _when(data: Any, path: Path) -> dt.datetime:
    if isinstance(data, dict):
        meta = data.get("run") if isinstance(data.get("run"), dict) else data
        for key in ("started", "date", "start", "time"):
            value = meta.get(key) if isinstance(meta, dict) else None
            if isinstance(value, str):
                try:
                    return dt.datetime.fromisoformat(value).replace(tzinfo=None)
                except ValueError:
                    pass
    match = _STAMP.search(path.parent.name)
    if match:
        return dt.datetime.strptime("".join(match.groups()), "%Y%m%d%H%M%S")
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def _report(data: Any, folder: Path, out_dir: Path) -> str | None:
    url_file = folder / REPORT_URL_FILE
    if url_file.is_file():
        return url_file.read_text(encoding="utf-8").strip() or None
    if isinstance(data, dict):
        for key in ("report_url", "report"):
            if isinstance(data.get(key), str) and data[key].startswith(("http://", "https://")):
                return str(data[key])
    if (folder / "report.html").is_file():
        return Path(os.path.relpath(folder / "report.html", out_dir)).as_posix()
    return None


def load_night(path: Path, out_dir: Path) -> Night:
    data = json.loads(path.read_text(encoding="utf-8"))
    night = Night(_when(data, path), path.parent, _report(data, path.parent, out_dir))
    by_service: dict[str, list[Verdict]] = {}
    for check in _checks(data):
        service = str(check.get("service") or check.get("id") or "?")
        verdict = _verdict(check)
        by_service.setdefault(service, []).append(verdict)
        if verdict not in (Verdict.OK, Verdict.NOT_APPLICABLE, Verdict.SKIPPED) and check.get("message"):
            where = " ".join(str(check[k]) for k in ("entry", "check") if check.get(k))
            night.notes.setdefault(service, []).append(f"{verdict.value} {where}: {check['message']}".strip())
    night.cells = {service: worst(verdicts) for service, verdicts in by_service.items()}
    return night


def load_nights(reports: Path, out_dir: Path, runs: str = NIGHTLY_RUNS, limit: int = 60,
                include_unfinished: bool = False) -> tuple[list[Night], list[str]]:
    """The last ``limit`` complete nights (interrupted, killed and failed ones too when asked, marked
    so), oldest first, and one line per results.json that could not be read."""
    from loginsuite import runstate

    nights, problems = [], []
    for path in sorted(reports.glob(f"{runs}/{RESULTS}")):
        state = runstate.status(path.parent)
        if state != runstate.COMPLETE and not include_unfinished:
            continue
        try:
            nights.append(load_night(path, out_dir))
            nights[-1].status = state
        except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            problems.append(f"{path}: {exc}")
    nights.sort(key=lambda n: n.when)
    return nights[-limit:], problems


def first_drift(service: str, nights: list[Night]) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(first night of the latest drift, night it was fixed or None while it still drifts).

    An unreachable or missing night neither starts nor ends a drift: nobody could look.
    """
    since: dt.datetime | None = None
    fixed: dt.datetime | None = None
    for night in nights:
        verdict = night.cells.get(service)
        if verdict is Verdict.DRIFT:
            if since is None or fixed is not None:
                since, fixed = night.when, None
        elif verdict in (Verdict.OK, Verdict.STALE) and since is not None and fixed is None:
            fixed = night.when
    return since, fixed


CSS = """
body{font-family:system-ui,'Hiragino Sans','Noto Sans CJK JP',sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25em .5em;font-size:.85em;text-align:center}
th.service{text-align:left;white-space:nowrap}th a{color:inherit}
td.c{min-width:2.2em;font-weight:600}
.OK{background:#cdeccd}.STALE{background:#fcf3cf}.DRIFT{background:#f4a6a6}.UNREACHABLE{background:#fde49b}.NA{background:#e4e4e4;color:#666}
.SKIPPED{background:#f2f2f2;color:#888}.ERROR{background:#c9a0dc}.none{background:#fff;color:#bbb}
.legend span{display:inline-block;padding:.2em .6em;margin-right:.4em;border:1px solid #ccc}
td.since{text-align:left;white-space:nowrap}
"""
_SHORT = {Verdict.OK: "OK", Verdict.STALE: "STALE", Verdict.DRIFT: "DRIFT", Verdict.UNREACHABLE: "UNR", Verdict.NOT_APPLICABLE: "N.A.",
          Verdict.SKIPPED: "SKIP", Verdict.ERROR: "ERR"}


def _css_class(verdict: Verdict) -> str:
    return "NA" if verdict is Verdict.NOT_APPLICABLE else verdict.name


def _state(status: str) -> str:
    """A run folder's state (loginsuite.runstate) in the reader's words."""
    words = {"running": _("running"), "interrupted": _("interrupted"), "failed": _("failed"),
             "incomplete": _("incomplete (killed)")}
    return words.get(status, status)


def _drift(since: dt.datetime | None, fixed: dt.datetime | None) -> str:
    if since is None:
        return "—"
    if fixed is None:
        return html.escape(_("{date} (drifting)")).format(date=f"<strong>{html.escape(format_day(since.date()))}</strong>")
    return html.escape(_("{date} (fixed {fixed})").format(date=format_day(since.date()), fixed=format_day(fixed.date())))


def render(nights: list[Night], title: str | None = None) -> str:
    """The page in the reader's language; class names (OK, DRIFT…) are the machine's, as in results.json."""
    title = title or _("Nightly drift check — history")
    services: list[str] = []
    for night in reversed(nights):  # the newest night's order first, then services it no longer has
        services += [s for s in night.cells if s not in services]
    esc = html.escape
    head = [f'<th class="service">{esc(_("service"))}</th>', f"<th>{esc(_('first drifted'))}</th>"]
    for night in nights:
        label = f"{esc(format_day(night.when.date()))}<br><small>{night.when:%H:%M}</small>"
        if night.status != "complete":
            label += f'<br><small class="unfinished">{esc(_state(night.status))}</small>'
        link = f'<a href="{esc(night.report)}">{label}</a>' if night.report else label
        head.append(f'<th title="{esc(str(night.folder.name))}">{link}</th>')
    rows = []
    for service in services:
        cells = [f'<th class="service">{esc(service)}</th>', f'<td class="since">{_drift(*first_drift(service, nights))}</td>']
        for night in nights:
            verdict = night.cells.get(service)
            if verdict is None:
                cells.append(f'<td class="c none" title="{esc(_("not run"))}">·</td>')
                continue
            tip = "\n".join(night.notes.get(service, [])) or verdict.value
            cells.append(f'<td class="c {_css_class(verdict)}" title="{esc(tip)}">{_SHORT[verdict]}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    legend = "".join(f'<span class="{_css_class(v)}">'
                     f'{_SHORT[v] + " = " if _SHORT[v] != v.value else ""}{v.value}</span>' for v in
                     (Verdict.OK, Verdict.STALE, Verdict.DRIFT, Verdict.UNREACHABLE, Verdict.NOT_APPLICABLE,
                      Verdict.ERROR))
    if nights:
        span = ngettext("{first} – {last}, {n} night.", "{first} – {last}, {n} nights.", len(nights)).format(
            first=format_day(nights[0].when.date()), last=format_day(nights[-1].when.date()), n=len(nights))
    else:
        span = _("No nights yet.")
    about = _("A cell is the worst class of the service's checks that night; hover for the messages, click a "
              "date for that night's report.")
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1><p>{esc(span)} {esc(about)}</p>"
        f'<p class="legend">{legend}</p>'
        f'<table id="history"><thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "</body></html>\n"
    )


def write_history(reports: Path, output: Path, runs: str = NIGHTLY_RUNS, include_unfinished: bool = False) -> bool:
    """Draw ``output`` from the runs under ``reports``; False (nothing written) when there are none."""
    nights, problems = load_nights(reports, output.parent.resolve(), runs, include_unfinished=include_unfinished)
    for problem in problems:
        print(_("history: skipped {problem}").format(problem=problem), file=sys.stderr)
    if not nights:
        return False
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(nights), encoding="utf-8")
    return True


def history_main(reports: Path | None, output: Path | None, runs: str = NIGHTLY_RUNS,
                 include_unfinished: bool = False) -> int:
    from loginsuite.run import REPORTS

    reports = reports or REPORTS
    output = output or reports / "history.html"
    if not write_history(reports, output, runs, include_unfinished):
        print(_("history: no {runs}/{results} under {reports}").format(runs=runs, results=RESULTS, reports=reports),
              file=sys.stderr)
        return 1
    print(output)
    return 0
