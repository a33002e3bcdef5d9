"""A failure as a QA person reads it: service, manual page, step, the documented label, what was
found instead, the screenshot and, when pytest-playwright recorded one, the trace."""
from __future__ import annotations

from loginsuite.report.markup import text
from loginsuite.report.records import TestOutcome
from loginsuite.report.shots import badge


def banner(outcome_case: str, finding_step: str | None, check: str, expected: str, problem: str) -> str:
    """The text drawn on the failure screenshot (digits for circled numbers: see shots._DRAW)."""
    step = f"step {badge(finding_step) or finding_step} " if finding_step else ""
    return f"{outcome_case}: {step}({check}) expected {expected}\nfound: {problem}"


def failure_html(outcome: TestOutcome, trace_link: str | None) -> str:
    f = outcome.finding
    rows: list[tuple[str, str]] = []
    if f is not None:
        step = f", step {f.step}" if f.step else ""
        heading = f"{f.service} — manual p.{f.page}{step} ({f.check}): {outcome.verdict}"
        rows += [("Documented (expected)", f.expected), ("Found", f.problem)]
        if f.nearest:
            rows.append(("Nearest labels shown", ", ".join(f"「{label}」" for label in f.nearest)))
        elif outcome.verdict == "DRIFT":
            rows.append(("Nearest labels shown", "(none alike)"))
        if f.url:
            rows.append(("Page", f.url))
        if f.new_address:
            rows.append(("The documented URL now leads to", f.new_address))
    else:
        walk = outcome.walk
        failed = next((c for c in walk.checks.values() if c.status == "failed"), None) if walk else None
        where = f"{walk.service} — manual p.{walk.page}" if walk else outcome.nodeid
        step = f", step {failed.step}" if failed and failed.step else ""
        heading = f"{where}{step}{f' ({failed.check})' if failed else ''}: {outcome.verdict}"
        rows.append(("Found", outcome.message or "(no message)"))
    dl = "".join(f"<dt>{text(k)}</dt><dd>{text(v)}</dd>" for k, v in rows)
    trace = ""
    if trace_link:
        trace = (f'<p>Trace: <a href="{text(trace_link)}">{text(trace_link)}</a> — open with '
                 f"<code>playwright show-trace {text(trace_link)}</code></p>")
    shot = "<p>Screenshot: first image below (secrets masked).</p>" if outcome.failure_shot else ""
    return f'<div class="bizd-failure"><h4>{text(heading)}</h4><dl>{dl}</dl>{shot}{trace}</div>'
