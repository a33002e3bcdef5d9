"""The coverage matrix, first thing in the report: one row per walked service entry, one column per
documented check, each cell pass / fail / skip / n/a linking to the test's detail row.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from loginsuite.report.markup import STATUS_SYMBOLS, STATUS_WORDS, anchor, text
from loginsuite.report.records import TestOutcome
from loginsuite.results import CHECK_TITLES, CHECKS

CHECK_ENGLISH = {
    "url": "URL opens", "screen": "screen", "entry": "entry step", "id": "ID",
    "two_step": "two-step", "consent": "consent", "signed_in": "signed in",
}


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


def verdict_counts(outcomes: list[TestOutcome]) -> dict[str, int]:
    counts = Counter(o.verdict for o in outcomes if o.walk is not None)
    return {v: counts[v] for v in ("OK", "DRIFT", "STALE", "UNREACHABLE", "ERROR", "N.A.", "SKIPPED") if counts[v]}


def _cell(outcome: TestOutcome, check: str) -> str:
    assert outcome.walk is not None
    record = outcome.walk.checks.get(check)
    status = record.status if record else "skipped"
    message = record.message if record else "not recorded"
    if status == "passed" and check in outcome.walk.stale_checks():
        status = "stale"  # the procedure passed here; the screen differs from the manual's picture
        facts = [f"「{row['fact']}」 {row['problem']}" for row in outcome.walk.stale if row.get("check") == check]
        message = "; ".join(facts) or "screen changed since approved"
    step = f" step {record.step}" if record and record.step else ""
    tip = f"{CHECK_ENGLISH[check]}{step}: {STATUS_WORDS[status]}" + (f" — {message}" if message else "")
    return (f'<td class="cell {status}" data-check="{check}" data-status="{status}" title="{text(tip)}">'
            f'<a href="#{anchor(outcome.nodeid)}">{STATUS_SYMBOLS[status]}{STATUS_WORDS[status]}</a></td>')


def matrix_html(outcomes: list[TestOutcome], flows: Any | None = None) -> str:
    rows = walks(outcomes, flows)
    total_services = len(getattr(flows, "services", []) or [])
    if not rows:
        return ('<div class="bizd-section" id="bizd-matrix"><h2>Coverage matrix</h2>'
                "<p>No documented path was walked in this run.</p></div>")
    head = "".join(f"<th>{text(CHECK_TITLES[c])}<br><small>{text(CHECK_ENGLISH[c])}</small></th>" for c in CHECKS)
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
        label = walk.entry_label or ("(no login documented)" if walk.entry_id is None else walk.entry_id)
        # Several tests may walk one entry (documented path, single sign-on, negative paths): say which.
        test = outcome.nodeid.split("::")[-1].split("[")[0]
        entry_cell = (f'<td class="bizd-entry"><a href="#{anchor(outcome.nodeid)}">{text(label)}</a>'
                      f"<br><small>{text(walk.entry_id or walk.service_id)} · {text(test)}</small></td>")
        cells = "".join(_cell(outcome, c) for c in CHECKS)
        verdict = f'<td class="verdict {text(outcome.verdict)}">{text(outcome.verdict)}</td>'
        body.append(f'<tr data-case="{text(outcome.case)}">{service_cell}{entry_cell}{cells}{verdict}</tr>')
    services = len(spans)
    coverage = f"{services} of {total_services} services" if total_services else f"{services} services"
    return (
        '<div class="bizd-section" id="bizd-matrix"><h2>Coverage matrix</h2>'
        f"<p>{len(rows)} documented paths of {coverage}; each cell links to the test's details below.</p>"
        '<table class="bizd-matrix"><thead><tr><th>Service</th><th>Entry (function / role / device)</th>'
        f"{head}<th>Class</th></tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
