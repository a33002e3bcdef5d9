"""``python -m loginsuite compare RUN_A RUN_B``: which checks newly fail, are fixed, still fail.

A RUN is a run folder under reports/ or its results.json. Checks are matched by test and check
name; "failing" is a nightly class of DRIFT, UNREACHABLE or ERROR. Exit status: 1 when something
newly fails (so CI can act on it), 2 when a run cannot be read, else 0.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loginsuite.i18n import _
from loginsuite.report.records import FAILING
from loginsuite.report.results_json import ResultsError, load

VERIFIED_OK = ("OK", "N.A.")


@dataclass(frozen=True)
class CheckChange:
    id: str
    service: str
    entry: str
    check: str
    page: int | None
    step: str | None
    before: str | None  # class in the earlier run (None: not in it)
    after: str | None
    message: str = ""

    def describe(self) -> str:
        where = f"p.{self.page}" + (f" step {self.step}" if self.step else "") if self.page else ""
        first = self.message.splitlines()[0] if self.message else ""
        return (f"{self.service} [{self.entry}] {self.check}" + (f" ({where})" if where else "")
                + f": {self.before or 'not run'} → {self.after or 'not run'}" + (f" — {first}" if first else ""))


@dataclass
class Comparison:
    before_label: str
    after_label: str
    newly_failing: list[CheckChange] = field(default_factory=list)
    fixed: list[CheckChange] = field(default_factory=list)
    still_failing: list[CheckChange] = field(default_factory=list)
    unverified: list[CheckChange] = field(default_factory=list)  # failing before, skipped or absent now


def label(data: dict[str, Any], source: str = "") -> str:
    run = data.get("run", {})
    name = f"{run.get('started', '?')} ({run.get('target', '?')}, suite {run.get('suite_version', '?')})"
    if run.get("status") not in (None, "complete"):
        name += f" [{run['status']}]"
    return f"{source}: {name}" if source else name


def _by_key(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(c.get("test") or c["id"], c["check"]): c for c in data.get("checks", [])}


def compare(before: dict[str, Any], after: dict[str, Any], before_source: str = "",
            after_source: str = "") -> Comparison:
    result = Comparison(label(before, before_source), label(after, after_source))
    old, new = _by_key(before), _by_key(after)
    for key in sorted(old.keys() | new.keys(), key=lambda k: (new.get(k) or old[k])["id"]):
        a, b = old.get(key), new.get(key)
        row = b or a
        assert row is not None
        change = CheckChange(
            id=row["id"], service=row.get("service", "?"), entry=row.get("entry") or row.get("service_id", "?"),
            check=row["check"], page=row.get("page"), step=row.get("step"),
            before=a["class"] if a else None, after=b["class"] if b else None,
            message=(b or {}).get("message", "") if b and b["class"] in FAILING else "",
        )
        was, now = change.before in FAILING, change.after in FAILING
        if now and not was:
            result.newly_failing.append(change)
        elif now and was:
            result.still_failing.append(change)
        elif was and change.after in VERIFIED_OK:
            result.fixed.append(change)
        elif was:
            result.unverified.append(change)
    return result


def format_comparison(c: Comparison) -> str:
    lines = [f"before: {c.before_label}", f"after:  {c.after_label}", ""]
    for title, changes in (("newly failing", c.newly_failing), ("fixed", c.fixed),
                           ("still failing", c.still_failing), ("failing before, not verified now", c.unverified)):
        if title.startswith("failing before") and not changes:
            continue
        lines.append(f"{title}: {len(changes)}")
        lines.extend(f"  {change.describe()}" for change in changes)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def short_comparison(c: Comparison, limit: int = 10) -> str:
    """The comparison in a few lines, for the end of a run (the report has it whole)."""
    lines = [_("since {before}: {new} newly failing, {fixed} fixed, {still} still failing").format(
        before=c.before_label, new=len(c.newly_failing), fixed=len(c.fixed), still=len(c.still_failing))]
    lines += [f"  {change.describe()}" for change in c.newly_failing[:limit]]
    if len(c.newly_failing) > limit:
        lines.append("  " + _("… and {n} more (in the report)").format(n=len(c.newly_failing) - limit))
    return "\n".join(lines)


def load_comparison(before: Path, after: Path) -> Comparison:
    return compare(load(before), load(after), str(before), str(after))


def unfinished_run(path: Path) -> str | None:
    """'interrupted' / 'incomplete' / 'failed' / 'running' when ``path`` (a run folder or its
    results.json) did not finish; None for a complete run."""
    from loginsuite import runstate

    folder = path if path.is_dir() else path.parent
    if not (folder / runstate.STATUS).is_file():
        return None  # a results.json kept on its own, or a run from before status.json
    state = runstate.status(folder)
    return None if state == runstate.COMPLETE else state


def print_comparison(before: Path, after: Path, include_incomplete: bool = False) -> int:
    for path in (before, after):
        state = unfinished_run(path)
        if state and not include_incomplete:
            print(_("{run}: the run is {state}; its results are partial (compare it anyway with "
                    "--include-incomplete)").format(run=path, state=state), file=sys.stderr)
            return 2
    try:
        comparison = load_comparison(before, after)
    except ResultsError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(format_comparison(comparison), end="")
    return 1 if comparison.newly_failing else 0
