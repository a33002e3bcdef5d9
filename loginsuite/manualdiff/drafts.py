"""A draft flows/services/*.yaml for each service a new edition adds, written outside flows/.

It holds what the edition's text gives (name, URL-table rows and page, the first slide's page) and
marks the rest TODO. A service with a login is rejected by the loader until its documented steps
are written (「a service with a login needs its documented steps」), so an unfinished draft cannot
slip into a run; a service the table documents without login (「ログイン不要」) loads as it is.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from loginsuite.manualdiff.compare import Finding
from loginsuite.manualdiff.facts import EditionFacts
from loginsuite.manualdiff.urltable import EntryFact, ServiceFact

_SECOND_LEVEL = {"co", "ne", "or", "ac", "go", "com", "net", "org"}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def suggest_id(service: ServiceFact, taken: set[str]) -> str:
    """An id from the first URL's host (push-dx.karaden.jp → karaden), unique among ``taken``."""
    host = urlsplit(service.entries[0].url).hostname or "" if service.entries else ""
    labels = [x for x in host.split(".") if x and x != "www"]
    if len(labels) > 1:
        labels = labels[:-1]
        if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
            labels = labels[:-1]
    base = re.sub(r"[^a-z0-9-]+", "-", (labels[-1] if labels else "service").lower()).strip("-") or "service"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _entry_ids(service_id: str, entries: list[EntryFact]) -> list[str]:
    if len(entries) == 1:
        return [service_id]
    ids: list[str] = []
    for n, entry in enumerate(entries, 1):
        tail = entry.role or ("smartphone" if entry.device == "smartphone" else None) or str(n)
        ident = f"{service_id}-{tail}"
        ids.append(ident if ident not in ids else f"{ident}-{n}")
    return ids


def draft(service: ServiceFact, service_id: str, facts: EditionFacts) -> str:
    edition = f"第{facts.version}版" if facts.version else ""
    lines = [
        f"# DRAFT of {service.name}, from {Path(facts.source).name} {edition}: written by",
        "# `python -m loginsuite manual diff --drafts`. The edition's text gave the name, the URL table's",
        f"# row (p.{service.page}) and the first slide; every TODO needs the slides themselves.",
    ]
    if service.entries:
        lines += ["# The loader rejects this file until `steps` holds the documented steps; then move it to",
                  "# flows/services/ and run `python -m loginsuite flows check`."]
    lines += [f"id: {service_id}   # TODO: confirm (suggested from the URL's host)", f"name: {_q(service.name)}"]
    if not service.entries:
        lines += [f"page: {service.page}", "login: none", f"no_login_reason: {_q(service.no_login_reason or '')}"]
        return "\n".join(lines) + "\n"
    page = service.slide_page or service.page
    note = "first slide, as the edition's pages are reckoned" if service.slide_page else "TODO: the first slide's page"
    lines += [f"page: {page}   # {note}"]
    if service.invitation:
        lines.append("# TODO: the URL table says the first login starts from an email: login: invitation and an")
        lines.append("# `invitation:` block (emails, accept_link, password rule), as flows/services/josys.yaml.")
    lines.append("entries:")
    for ident, entry in zip(_entry_ids(service_id, service.entries), service.entries, strict=True):
        fields = [f"id: {ident}", f"url: {_q(entry.url)}", f"page: {entry.page}"]
        if entry.function:
            fields.append(f"function: {_q(entry.function)}")
        if entry.role:
            fields.append(f"role: {entry.role}")
        if entry.device != "pc":
            fields.append(f"device: {entry.device}")
        lines.append("  - {" + ", ".join(fields) + "}")
    lines += [
        "screens:",
        "  login:",
        f"    title: {_q(service.name + ' ログイン画面')}   # TODO: the screen as the slide names it",
        f"    page: {page}",
        "    texts: []      # TODO: texts the slide shows that must be visible",
        "    controls: []   # TODO: {label, kind, number}; the Business d Account button with purpose: entry",
        "steps: []   # TODO: the documented steps, e.g. {screen: login, action: press, control: <label>, next: bizd.id}",
    ]
    return "\n".join(lines) + "\n"


def write_drafts(findings: list[Finding], facts: EditionFacts, folder: Path, taken: set[str] | None = None) -> list[Path]:
    """One YAML file per added service in ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    used = set(taken or ())
    written = []
    for finding in findings:
        if finding.kind != "service_added" or finding.service is None:
            continue
        ident = suggest_id(finding.service, used)
        path = folder / f"{ident}.yaml"
        path.write_text(draft(finding.service, ident, facts), encoding="utf-8")
        written.append(path)
    return written
