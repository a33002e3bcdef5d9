"""``python -m loginsuite revisions draft RUN``: a run's proposed revisions as the start of the next
edition — a draft 改定履歴 row in the manual's own style and the changes page by page.

It reads the run's results.json (its ``run.manual`` and ``revisions``), not the report's code, so
it keeps working whatever the report looks like. The row is written in the manual's language
(「…のスライド 改修」, as 第2.1版's row); the headings are in the reader's language.
"""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from loginsuite.i18n import _
from loginsuite.report.results_json import ResultsError, load

URL_TABLE = "各サービスのログインURL一覧"


@dataclass
class Draft:
    manual: str
    version: str
    date: str  # as the 改定履歴 prints it (2025年4月25日), or a placeholder
    note: str
    pages: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    run: str = ""

    @property
    def row(self) -> str:
        """The row as the text export prints it (版数, 発行日, 改訂履歴 separated by tabs)."""
        return f"第{self.version}版\t{self.date}\t{self.note}"


def next_version(version: str) -> str:
    """第2.5版 → 第2.6版; 第1.9版 → 第2.0版 (as the manual numbered its editions)."""
    try:
        return str(Decimal(version) + Decimal("0.1"))
    except InvalidOperation:
        return f"{version}+"


def _japanese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def note(revisions: list[dict[str, Any]]) -> str:
    """「各サービスのログインURL一覧／<service>／… のスライド 改修」 from the revisions' services."""
    parts = []
    if any(r.get("check") == "url" for r in revisions):
        parts.append(URL_TABLE)
    ordered = sorted((r for r in revisions if r.get("check") != "url"), key=lambda r: (r.get("page") or 0))
    parts += [str(r.get("service")) for r in ordered]
    parts = list(dict.fromkeys(p for p in parts if p))
    return "／".join(parts) + "のスライド 改修" if parts else ""


def draft(run: str | Path, version: str | None = None, date: dt.date | None = None) -> Draft:
    data = load(run)
    manual = data.get("run", {}).get("manual", {}) or {}
    revisions = [r for r in data.get("revisions", []) or [] if isinstance(r, dict)]
    pages: dict[int, list[dict[str, Any]]] = {}
    for revision in sorted(revisions, key=lambda r: (r.get("page") or 0, r.get("step") or "")):
        pages.setdefault(int(revision.get("page") or 0), []).append(revision)
    return Draft(
        manual=str(manual.get("title", "")),
        version=version or next_version(str(manual.get("version", ""))),
        date=_japanese_date(date) if date else _("(issue date)"),
        note=note(revisions),
        pages=pages,
        run=str(data.get("run", {}).get("started", "")),
    )


def markdown(d: Draft) -> str:
    lines = [f"# {_('Draft of 第{version}版 from the run of {run}').format(version=d.version, run=d.run)}", ""]
    if not d.pages:
        lines += [_("This run proposes no revision: nothing for the next edition from it."), ""]
        return "\n".join(lines)
    lines += [
        f"## {_('改定履歴 (draft)')}", "",
        "| 版数 | 発行日 | 改訂履歴 |", "| --- | --- | --- |",
        f"| 第{d.version}版 | {d.date} | {d.note} |", "",
        f"## {_('Changes by page')}", "",
    ]
    for page, items in d.pages.items():
        services = "、".join(dict.fromkeys(str(r.get("service", "")) for r in items))
        lines += [f"### p.{page} {services}", ""]
        for r in items:
            where = f"{r.get('step')} " if r.get("step") else ""
            lines.append(f"- {where}({r.get('check')}) {r.get('service')}")
            lines.append(f"  - {_('What the manual documents')}: {r.get('documented')}")
            lines.append(f"  - {_('What the site shows now')}: {r.get('now')}")
            if r.get("instead"):
                lines.append(f"  - {_('Shown in its place')}: 「{r['instead']}」")
            elif r.get("nearest"):
                lines.append(f"  - {_('Closest labels on the site')}: " + "、".join(f"「{x}」" for x in r["nearest"]))
            if r.get("new_address"):
                lines.append(f"  - {_('Where the documented URL leads now')}: {r['new_address']}")
            if r.get("seen_at"):
                lines.append(f"  - {_('Seen on')}: {r['seen_at']}")
            if r.get("proposal"):
                lines.append(f"  - {_('Proposed revision')}: {r['proposal']}")
            if r.get("shared") and r.get("services"):
                lines.append(f"  - {_('Services affected')}: " + "、".join(str(x) for x in r["services"]))
            if r.get("entries"):
                lines.append(f"  - {_('Entries concerned')}: " + ", ".join(f"`{e}`" for e in r["entries"]))
        lines.append("")
    return "\n".join(lines)


def draft_main(run: Path, output: Path | None, version: str | None, date: dt.date | None) -> int:
    try:
        d = draft(run, version, date)
    except ResultsError as exc:
        print(exc, file=sys.stderr)
        return 2
    text = markdown(d)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        print(_("draft written: {path}").format(path=output))
    else:
        print(text)
    return 0
