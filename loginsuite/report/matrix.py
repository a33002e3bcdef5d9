"""The coverage matrix, first thing in the report: one row per walked service entry, one column per
documented check, each cell pass / fail / skip / n/a linking to the test's detail row.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from loginsuite.i18n import N_, _, ngettext
from loginsuite.report.markup import STATUS_SYMBOLS, STATUS_WORDS, anchor, data, text, thumb
from loginsuite.report.records import TestOutcome, check_name
from loginsuite.results import CHECKS


def status_word(status: str) -> str:
    return _(STATUS_WORDS[status])


def manual_order(flows: Any | None) -> dict[tuple[str, str | None], tuple[int, int]]:
    """(service id, entry id) → position in the manual, so rows follow the manual whatever order tests ran in."""
    order: dict[tuple[str, str | None], tuple[int, int]] = {}
    for s_index, service in enumerate(getattr(flows, "services", []) or []):
        order[(service.id, None)] = (s_index, -1)
        for e_index, entry in enumerate(service.entries):
            order[(service.id, entry.id)] = (s_index, e_index)
    return order


def walks(outcomes: list[TestOutcome], flows: Any | None = None) -> list[TestOutcome]:
    """The outcomes that walked a documented path, in the manual's order."""
    order = manual_order(flows)
    walked = [o for o in outcomes if o.walk is not None]

    def key(o: TestOutcome) -> tuple[int, int, int, str]:
        assert o.walk is not None
        s, e = order.get((o.walk.service_id, o.walk.entry_id), (10_000, 0))
        return (s, o.walk.page, e, o.nodeid)

    return sorted(walked, key=key)


def verdict_counts(outcomes: list[TestOutcome], walks_only: bool = True) -> dict[str, int]:
    counts = Counter(o.verdict for o in outcomes if o.walk is not None or not walks_only)
    return {v: counts[v] for v in ("OK", "DRIFT", "STALE", "UNREACHABLE", "ERROR", "N.A.", "SKIPPED") if counts[v]}


def documented_paths(flows: Any | None) -> dict[str, int]:
    """The manual's documented paths, counted from flows/ alone (the same figure on every run): one per
    service entry (a service without one counts once), appendix procedure and invitation."""
    services = getattr(flows, "services", []) or []
    counts = {
        "entries": sum(len(s.entries) or 1 for s in services),
        "appendix": len(getattr(getattr(flows, "appendix", None), "procedures", []) or []),
        "invitations": sum(1 for s in services if getattr(s, "invitation", None)),
    }
    return {"total": sum(counts.values()), **counts}


def _documented_url(flows: Any | None, service_id: str, entry_id: str | None) -> str | None:
    for service in getattr(flows, "services", []) or []:
        if service.id == service_id:
            return next((str(e.url) for e in service.entries if e.id == entry_id), None)
    return None


def _cell(outcome: TestOutcome, check: str, target: str) -> str:
    assert outcome.walk is not None
    record = outcome.walk.checks.get(check)
    status = record.status if record else "skipped"
    message = record.message if record else _("not recorded")
    if status == "passed" and check in outcome.walk.stale_checks():
        status = "stale"  # the procedure passed here; the screen differs from the manual's picture
        from loginsuite.report.revisions import STALE_PROBLEMS

        facts = [f"「{row['fact']}」 {_(STALE_PROBLEMS.get(str(row['problem']), str(row['problem'])))}"
                 for row in outcome.walk.stale if row.get("check") == check]
        message = _("; ").join(facts) or _("screen changed since approved")
    step = _(" step {step}").format(step=record.step) if record and record.step else ""
    tip = f"{check_name(check)}{step}: {status_word(status)}" + (f" — {message}" if message else "")
    return (f'<td class="cell {status}" data-check="{check}" data-status="{status}" title="{text(tip)}">'
            f'<a href="#{target}">{STATUS_SYMBOLS[status]}{text(status_word(status))}</a></td>')


def thumbnails(shots: list[tuple[str, str]]) -> str:
    """Small pictures that open full size (the report's lightbox)."""
    return "".join(thumb(path, caption) for caption, path in shots)


def _finding(outcome: TestOutcome, shared: Any | None) -> str:
    if shared is not None:
        return (f'<a class="bizd-shared" href="#{shared.anchor}">'
                f'{text(_("→ revision {n} (shared screen)").format(n=shared.number))}</a>')
    if outcome.verdict in ("OK", "N.A."):
        return ""
    return f'<span class="bizd-message">{finding_text(outcome)}</span>'


def finding_text(outcome: TestOutcome) -> str:
    """The disagreement in one line, as HTML: where (service, page, step), what the manual documents and
    what the site does, in the reader's language; a message the suite cannot word (an exception's own
    text) is shown as data."""
    f = outcome.finding
    if f is not None:
        step = _(", step {step}").format(step=f.step) if f.step else ""
        where = _("{service} — manual p.{page}{step}").format(service=f.service, page=f.page, step=step)
        sentence = text(_("{where}: expected {expected} — {problem}").format(
            where=where, expected=f.expected, problem="\0"))
        # An unreachable site's reason is the network's own (net::ERR_…): data.
        problem = data(f.problem) if outcome.verdict == "UNREACHABLE" else text(_(f.problem))
        return sentence.replace("\0", problem)
    first = outcome.message.splitlines()[0] if outcome.message else ""
    return data(first)


def matrix_html(outcomes: list[TestOutcome], flows: Any | None = None, shared: dict[str, Any] | None = None) -> str:
    """``shared``: nodeid → the shared-screen revision its failure belongs to (the row points to it)."""
    rows = walks(outcomes, flows)
    shared = shared or {}
    total_services = len(getattr(flows, "services", []) or [])
    if not rows:
        return (f'<div class="bizd-section" id="bizd-matrix"><h2>{text(_("Coverage matrix"))}</h2>'
                f"<p>{text(_('No documented path was walked in this run.'))}</p>"
                f"{others_html(outcomes, shared)}</div>")
    head = "".join(f'<th data-check="{c}">{text(check_name(c))}</th>' for c in CHECKS)
    body = []
    spans = Counter(o.walk.service_id for o in rows if o.walk)
    seen: set[str] = set()
    for outcome in rows:
        walk = outcome.walk
        assert walk is not None
        service_cell = ""
        if walk.service_id not in seen:
            seen.add(walk.service_id)
            service_cell = (f'<th class="bizd-service" rowspan="{spans[walk.service_id]}">'
                            f"{text(walk.service)}<br><small>p.{walk.page}</small></th>")
        label = walk.entry_label or (_("(no login documented)") if walk.entry_id is None else walk.entry_id)
        # Several tests may walk one entry (documented path, single sign-on, negative paths): say which.
        test = outcome.nodeid.split("::")[-1].split("[")[0]
        url = _documented_url(flows, walk.service_id, walk.entry_id)
        url_line = f'<br><small class="bizd-url bizd-data">{text(url)}</small>' if url else ""
        target = shared[outcome.nodeid].anchor if outcome.nodeid in shared else anchor(outcome.nodeid)
        entry_cell = (f'<td class="bizd-entry"><a href="#{anchor(outcome.nodeid)}">{text(label)}</a>{url_line}'
                      f'<br><small class="bizd-data">{text(walk.entry_id or walk.service_id)} · {text(test)}</small></td>')
        cells = "".join(_cell(outcome, c, target) for c in CHECKS)
        verdict = f'<td class="verdict {text(outcome.verdict)}">{text(outcome.verdict)}</td>'
        shots = ([(_("failure (secrets masked)"), outcome.failure_shot)] if outcome.failure_shot else [])
        shots += walk.screenshots
        extra = (f'<td class="bizd-shots">{thumbnails(shots)}</td>'
                 f'<td class="bizd-finding">{_finding(outcome, shared.get(outcome.nodeid))}</td>')
        body.append(f'<tr data-case="{text(outcome.case)}">{service_cell}{entry_cell}{cells}{verdict}{extra}</tr>')
    services = len(spans)
    coverage = (ngettext("{walks} walk of {services} of {total} services; each cell links to its details.",
                         "{walks} walks of {services} of {total} services; each cell links to its details.", len(rows))
                if total_services else
                ngettext("{walks} walk of {services} services; each cell links to its details.",
                         "{walks} walks of {services} services; each cell links to its details.", len(rows)))
    paths = documented_paths(flows)
    stable = (_("The manual documents {total} paths ({entries} service entries, {appendix} appendix procedures, "
                "{invitations} first login by invitation).").format(**paths) if flows is not None else "")
    return (
        f'<div class="bizd-section" id="bizd-matrix"><h2>{text(_("Coverage matrix"))}</h2>'
        f'<p><span id="bizd-documented-paths" data-total="{paths["total"]}">{text(stable)}</span> '
        f"{text(coverage.format(walks=len(rows), services=services, total=total_services))}</p>"
        f'<table class="bizd-matrix"><thead><tr><th>{text(_("Service"))}</th>'
        f'<th>{text(_("Entry (function / role / device)"))}</th>'
        f"{head}<th>{text(_('Class'))}</th><th>{text(_('Screens'))}</th><th>{text(_('Finding'))}</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{legend_html()}{others_html(outcomes, shared)}</div>"
    )


LEGEND = (
    ("OK", N_("the site shows what the manual shows")),
    ("STALE", N_("the procedure works; a screen differs from the manual's picture (update the screenshot/text)")),
    ("DRIFT", N_("the documented procedure broke (revise the manual)")),
    ("UNREACHABLE", N_("the site did not answer (not the manual's fault)")),
    ("ERROR", N_("the suite itself broke")),
    ("N.A.", N_("the manual documents no login")),
)


def legend_html() -> str:
    """What each class means, in the matrix's own colours."""
    items = "".join(f'<li><span class="verdict {text(v)}">{text(v)}</span> {text(_(meaning))}</li>'
                    for v, meaning in LEGEND)
    return f'<ul class="bizd-legend" id="bizd-legend">{items}</ul>'


def others_html(outcomes: list[TestOutcome], shared: dict[str, Any] | None = None) -> str:
    """The documented procedures that are not one entry's walk (appendix, invitation, negative paths):
    one row each, with the documented URL where flows gives one, its class, its numbered screenshots and
    the finding, so the matrix holds the whole coverage."""
    rest = sorted((o for o in outcomes if o.walk is None), key=lambda o: o.nodeid)
    if not rest:
        return ""
    rows = []
    for o in rest:
        # The manual's name of the procedure (flows), else the test's own words (data: not the report's).
        title = (text(o.procedure_title) if o.procedure_title
                 else f'<span class="bizd-data">{text(o.title or o.nodeid)}</span>')
        url = f'<br><small class="bizd-url bizd-data">{text(o.url)}</small>' if o.url else ""
        shots = ([(_("failure (secrets masked)"), o.failure_shot)] if o.failure_shot else []) + o.screenshots
        rows.append(
            f'<tr data-test="{text(o.nodeid)}"><td><a href="#{anchor(o.nodeid)}">{title}</a>{url}'
            f'<br><small class="bizd-data">{text(o.nodeid.split("::")[-1])}</small></td>'
            f'<td class="verdict {text(o.verdict)}">{text(o.verdict)}</td>'
            f'<td class="bizd-shots">{thumbnails(shots)}</td>'
            f'<td class="bizd-finding">{_finding(o, (shared or {}).get(o.nodeid))}</td></tr>')
    return (f"<h3>{text(_('Appendix, invitation and negative paths'))}</h3>"
            f'<table class="bizd-matrix bizd-others"><thead><tr><th>{text(_("Procedure"))}</th>'
            f"<th>{text(_('Class'))}</th><th>{text(_('Screens'))}</th>"
            f"<th>{text(_('Finding'))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
