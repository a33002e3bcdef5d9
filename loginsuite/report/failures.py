"""A failure as a QA person reads it: service, manual page, step, the documented label, what was
found instead, the screenshot and, when pytest-playwright recorded one, the trace."""
from __future__ import annotations

from loginsuite.i18n import _
from loginsuite.report.markup import data, text
from loginsuite.report.records import TestOutcome, check_name
from loginsuite.report.shots import badge


def banner(outcome_case: str, finding_step: str | None, check: str, expected: str, problem: str) -> str:
    """The text drawn on the failure screenshot, in the reader's language (digits for circled numbers:
    see shots._DRAW)."""
    step = _("step {step} ").format(step=badge(finding_step) or finding_step) if finding_step else ""
    return _("{case}: {step}({check}) expected {expected}\nfound: {problem}").format(
        case=outcome_case, step=step, check=check_name(check), expected=expected, problem=_(problem))


def failure_html(outcome: TestOutcome, trace_link: str | None) -> str:
    f = outcome.finding
    rows: list[tuple[str, str]] = []  # (label, HTML)
    if f is not None:
        step = _(", step {step}").format(step=f.step) if f.step else ""
        heading = _("{service} — manual p.{page}{step} ({check}): {verdict}").format(
            service=f.service, page=f.page, step=step, check=check_name(f.check), verdict=outcome.verdict)
        # An unreachable site's reason is the network's own (net::ERR_…): data.
        found = data(f.problem) if outcome.verdict == "UNREACHABLE" else text(_(f.problem))
        rows += [(_("Documented (expected)"), text(f.expected)), (_("Found"), found)]
        if f.nearest:
            rows.append((_("Nearest labels shown"), text(_(", ").join(f"「{label}」" for label in f.nearest))))
        elif outcome.verdict == "DRIFT":
            rows.append((_("Nearest labels shown"), text(_("(none alike)"))))
        if f.url:
            rows.append((_("Page"), data(f.url)))
        if f.new_address:
            rows.append((_("The documented URL now leads to"), data(f.new_address)))
    else:
        walk = outcome.walk
        failed = next((c for c in walk.checks.values() if c.status == "failed"), None) if walk else None
        where = (_("{service} — manual p.{page}").format(service=walk.service, page=walk.page) if walk
                 else outcome.procedure_title or outcome.nodeid)
        step = _(", step {step}").format(step=failed.step) if failed and failed.step else ""
        check = f" ({check_name(failed.check)})" if failed else ""
        heading = f"{where}{step}{check}: {outcome.verdict}"
        rows.append((_("Found"), data(outcome.message) if outcome.message else text(_("(no message)"))))
    dl = "".join(f"<dt>{text(k)}</dt><dd>{v}</dd>" for k, v in rows)
    trace = ""
    if trace_link:
        trace = (f"<p>{text(_('Trace:'))} <a href=\"{text(trace_link)}\">{data(trace_link)}</a> — "
                 f"{text(_('open with'))} <code class=\"bizd-data\">playwright show-trace {text(trace_link)}</code></p>")
    shot = f"<p>{text(_('Screenshot: first image below (secrets masked).'))}</p>" if outcome.failure_shot else ""
    return f'<div class="bizd-failure"><h4>{text(heading)}</h4><dl>{dl}</dl>{shot}{trace}</div>'
