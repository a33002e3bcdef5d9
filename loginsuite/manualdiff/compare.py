"""An edition's facts against flows/: each difference as a finding with the edition's page and what
flows/ holds. Nothing here writes to flows/.

Services are paired by name (the label rule), then by a shared URL, then by a 名称変更 row of the
new 改定履歴; what is left is added or removed. Slides that moved are reported once per run of
services that moved by the same number of pages, not once per service.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from loginsuite.flows import Flows, Service
from loginsuite.flows.model import Login
from loginsuite.labels import fold, matches
from loginsuite.manualdiff.facts import EditionFacts, RevisionFact
from loginsuite.manualdiff.screens import check_service, check_shared
from loginsuite.manualdiff.urltable import EntryFact, ServiceFact

KINDS = (
    "edition", "revision_added", "revision_changed", "revision_removed",
    "service_added", "service_removed", "service_renamed", "url_changed", "entry_added", "entry_removed",
    "login_changed", "pages_moved", "step_changed", "step_added", "step_removed", "code_validity_changed",
    "limit_changed", "label_missing", "text_missing", "error_changed", "error_added", "error_removed", "account_site_changed",
)
_VERBS = {"press": "押下", "enter": "入力", "tick": "チェック"}  # the manual's words for flows' actions
_RENAMED = re.compile(r"名称変更\s*[（(]([^）)]*)[）)]")


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS (a stable machine key)
    page: int | None  # the new edition's page
    subject: str  # the service, step, message or version concerned
    new: str  # what the edition prints
    held: str  # what flows/ holds, and where
    detail: str = ""  # how the pairing was made, which services moved…
    service: ServiceFact | None = None  # for service_added: what a draft can be made from


def _where(service: Service, page: int | None = None) -> str:
    return f"{service.source or service.id} p.{page if page is not None else service.page}"


def _entry_key(entry: EntryFact | object) -> tuple[str, str | None, str]:
    function = getattr(entry, "function", None)
    return (fold(function or ""), getattr(entry, "role", None), str(getattr(entry, "device", "pc")))


def _entry_text(function: str | None, role: str | None, device: str, url: str) -> str:
    who = " ".join(filter(None, [function, {"admin": "管理者用", "user": "利用者（従業員）用"}.get(role or ""),
                                 "スマホ用" if device == "smartphone" else None]))
    return f"{url} ({who})" if who else url


def _renamed_names(rows: list[RevisionFact]) -> list[tuple[str, int]]:
    """Names a 名称変更 row mentions (old or new, separated by ／ 、 → or から), with its page."""
    names = []
    for row in rows:
        for group in _RENAMED.findall(row.note):
            for name in re.split(r"[／/、,]|→|⇒|から", group):
                if name.strip():
                    names.append((name.strip(), row.page))
    return names


def pair_services(facts: EditionFacts, flows: Flows, new_rows: list[RevisionFact]) -> tuple[
        list[tuple[Service, ServiceFact, str]], list[Service], list[ServiceFact]]:
    """(flows service, edition service, how they were paired), the removed ones, the added ones."""
    held = list(flows.services)
    printed = list(facts.services)
    pairs: list[tuple[Service, ServiceFact, str]] = []
    for service in list(held):
        match = next((p for p in printed if matches(p.name, service.name)), None)
        if match:
            pairs.append((service, match, "name"))
            held.remove(service)
            printed.remove(match)
    for service in list(held):
        urls = {e.url for e in service.entries}
        candidates = [p for p in printed if urls and urls & p.urls]
        if len(candidates) == 1:
            pairs.append((service, candidates[0], "url"))
            held.remove(service)
            printed.remove(candidates[0])
    renamed = _renamed_names(new_rows)
    for service in list(held):
        if not printed or not any(matches(name, service.name) for name, _ in renamed):
            continue
        best = max(printed, key=lambda p: SequenceMatcher(None, fold(p.name), fold(service.name)).ratio())
        pairs.append((service, best, "revision"))
        held.remove(service)
        printed.remove(best)
    return pairs, held, printed


def compare(facts: EditionFacts, flows: Flows) -> list[Finding]:
    findings: list[Finding] = []
    new_rows = _revisions(facts, flows, findings)
    pairs, removed, added = pair_services(facts, flows, new_rows)
    for service in removed:
        findings.append(Finding("service_removed", None, service.name, "", _where(service)))
    for printed in added:
        urls = ", ".join(_entry_text(e.function, e.role, e.device, e.url) for e in printed.entries)
        findings.append(Finding("service_added", printed.page, printed.name, urls or (printed.no_login_reason or ""),
                                "", detail=f"p.{printed.slide_page}" if printed.slide_page else "", service=printed))
    moved: list[tuple[str, int, int]] = []
    for service, printed, how in pairs:
        if how != "name":
            findings.append(Finding("service_renamed", printed.page, printed.name, printed.printed,
                                    f"{service.name} ({_where(service)})", detail=how))
        _entries(service, printed, findings)
        _login(service, printed, findings)
        findings += [Finding(*found) for found in check_service(service, printed, facts)]
        page = printed.slide_page if service.applicable else printed.page
        if page is not None and page != service.page:
            moved.append((service.name, service.page, page))
    _steps(facts, flows, findings)
    findings += [Finding(*found) for found in check_shared(flows, facts)]
    _appendix(facts, flows, findings, moved)
    findings += _moved(moved)
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(findings, key=lambda f: (f.page if f.page is not None else 10**6, order[f.kind], f.subject))


def _revisions(facts: EditionFacts, flows: Flows, findings: list[Finding]) -> list[RevisionFact]:
    manual = flows.manual
    where = manual.source or "manual.yaml"
    if facts.version and facts.version != manual.version:
        findings.append(Finding("edition", facts.version_page, f"第{facts.version}版", f"第{facts.version}版",
                                f"第{manual.version}版 ({where})"))
    held = {r.version: r for r in manual.revisions}
    new_rows = []
    for row in facts.revisions:
        known = held.get(row.version)
        text = f"第{row.version}版 {row.date or '?'} {row.note}"
        if known is None:
            new_rows.append(row)
            findings.append(Finding("revision_added", row.page, f"第{row.version}版", text, ""))
        elif fold(known.note) != fold(row.note) or known.date != row.date:
            findings.append(Finding("revision_changed", row.page, f"第{row.version}版", text,
                                    f"第{known.version}版 {known.date} {known.note} ({where})"))
    printed = {r.version for r in facts.revisions}
    last_page = max((r.page for r in facts.revisions), default=None)
    for version, known in held.items():
        if facts.revisions and version not in printed:
            findings.append(Finding("revision_removed", last_page, f"第{version}版", "",
                                    f"第{version}版 {known.date} {known.note} ({where})"))
    return new_rows


def _entries(service: Service, printed: ServiceFact, findings: list[Finding]) -> None:
    held = {_entry_key(e): e for e in service.entries}
    shown = {_entry_key(e): e for e in printed.entries}
    for key, entry in shown.items():
        known = held.get(key)
        if known is None:
            continue
        if known.url != entry.url:
            findings.append(Finding("url_changed", entry.page, service.name,
                                    _entry_text(entry.function, entry.role, entry.device, entry.url),
                                    f"{_entry_text(known.function, known.role, known.device, known.url)} "
                                    f"({_where(service, known.page)}, entry {known.id})"))
    unmatched_new = [e for k, e in shown.items() if k not in held]
    unmatched_old = [e for k, e in held.items() if k not in shown]
    for entry in unmatched_new:
        findings.append(Finding("entry_added", entry.page, service.name,
                                _entry_text(entry.function, entry.role, entry.device, entry.url), _where(service)))
    for known in unmatched_old:
        findings.append(Finding("entry_removed", printed.page, service.name, "",
                                f"{_entry_text(known.function, known.role, known.device, known.url)} "
                                f"({_where(service, known.page)}, entry {known.id})"))


def _login(service: Service, printed: ServiceFact, findings: list[Finding]) -> None:
    if service.login is Login.none:
        if printed.entries or fold(printed.no_login_reason or "") != fold(service.no_login_reason or ""):
            findings.append(Finding("login_changed", printed.page, service.name,
                                    printed.no_login_reason or ", ".join(sorted(printed.urls)),
                                    f"login: none, 「{service.no_login_reason}」 ({_where(service)})"))
    elif (service.login is Login.invitation) != printed.invitation:
        findings.append(Finding("login_changed", printed.page, service.name, printed.printed,
                                f"login: {service.login.value} ({_where(service)})"))
    invitation = service.invitation
    if invitation and printed.password_min_length and printed.password_min_length[0] != invitation.password_min_length:
        length, page = printed.password_min_length
        findings.append(Finding("limit_changed", page, service.name, f"{length}文字以上",
                                f"password_min_length: {invitation.password_min_length} "
                                f"(「{invitation.password_rule}」, {_where(service, invitation.page)})"))


def _steps(facts: EditionFacts, flows: Flows, findings: list[Finding]) -> None:
    bizd = flows.bizd
    where = f"{bizd.source or 'bizd-account.yaml'} p.{bizd.page}"
    shown = {op.number: op for op in facts.operations}
    page = next((op.page for op in facts.operations), bizd.page)
    for step in bizd.steps:
        if not step.number:
            continue
        held = f"{step.number} 「{step.control}」を{_VERBS[step.action.value]} ({where})"
        op = shown.pop(step.number, None)
        if op is None:
            findings.append(Finding("step_removed", page, step.number, "", held))
        elif (op.action and op.action != step.action.value) or (op.label and not matches(op.label, step.control)):
            findings.append(Finding("step_changed", op.page, step.number, op.step, held))
    for op in shown.values():
        findings.append(Finding("step_added", op.page, op.number, op.step, ""))
    if facts.code_validity is None:
        findings.append(Finding("code_validity_changed", page, "有効期限", "",
                                f"code_validity_minutes: {bizd.code_validity_minutes} ({where})"))
    elif facts.code_validity[0] != bizd.code_validity_minutes:
        minutes, at = facts.code_validity
        findings.append(Finding("code_validity_changed", at, "有効期限", f"有効期限：{minutes}分",
                                f"code_validity_minutes: {bizd.code_validity_minutes} ({where})"))


def _appendix(facts: EditionFacts, flows: Flows, findings: list[Finding], moved: list[tuple[str, int, int]]) -> None:
    where = flows.appendix.source or "appendix.yaml"
    shown = {e.number: e for e in facts.errors}
    errors_page = next((e.page for e in facts.errors), None)  # where the edition lists its errors now
    for error in flows.appendix.errors:
        printed = shown.pop(error.number, None)
        held = f"{error.number} 「{error.message}」 ({where} p.{error.page})"
        if printed is None:
            findings.append(Finding("error_removed", errors_page, error.number, "", held))
            continue
        if fold(printed.message) != fold(error.message):
            findings.append(Finding("error_changed", printed.page, error.number, printed.message, held))
        if printed.page != error.page:
            moved.append((f"【Appendix】エラー{error.number}", error.page, printed.page))
    for printed in shown.values():
        findings.append(Finding("error_added", printed.page, printed.number, printed.message, ""))
    sites = {url for url, _ in facts.account_sites}
    if sites and flows.bizd.account_site not in sites:
        url, page = facts.account_sites[0]
        findings.append(Finding("account_site_changed", page, "ビジネスdアカウントサイト", url,
                                f"account_site: {flows.bizd.account_site} ({flows.bizd.source or 'bizd-account.yaml'})"))


def _moved(moved: list[tuple[str, int, int]]) -> list[Finding]:
    """Runs of slides that moved by the same number of pages (a slide added before them, say)."""
    findings = []
    run: list[tuple[str, int, int]] = []
    for item in sorted(set(moved), key=lambda m: m[1]) + [("", 0, 0)]:
        if run and (not item[0] or item[2] - item[1] != run[0][2] - run[0][1]):
            first, last = run[0], run[-1]
            delta = first[2] - first[1]
            span_old = f"p.{first[1]}" + (f"–{last[1]}" if last[1] != first[1] else "")
            span_new = f"p.{first[2]}" + (f"–{last[2]}" if last[2] != first[2] else "")
            findings.append(Finding("pages_moved", first[2], span_new, f"{span_new} ({delta:+d})", span_old,
                                    detail="、".join(dict.fromkeys(name for name, _, _ in run))))
            run = []
        if item[0]:
            run.append(item)
    return findings
