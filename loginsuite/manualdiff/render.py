"""Findings as a person reads them: console lines and a Markdown document, in the reader's language."""
from __future__ import annotations

from loginsuite.i18n import _, ngettext
from loginsuite.manualdiff.compare import Finding
from loginsuite.manualdiff.facts import EditionFacts


def kind_label(kind: str) -> str:
    labels = {
        "edition": _("Edition"),
        "revision_added": _("New 改定履歴 row"),
        "revision_changed": _("改定履歴 row changed"),
        "revision_removed": _("改定履歴 row missing"),
        "service_added": _("Service added"),
        "service_removed": _("Service removed"),
        "service_renamed": _("Service renamed"),
        "url_changed": _("URL changed"),
        "entry_added": _("URL added"),
        "entry_removed": _("URL removed"),
        "login_changed": _("Login changed"),
        "pages_moved": _("Slides moved"),
        "step_changed": _("Step changed"),
        "step_added": _("Step added"),
        "step_removed": _("Step removed"),
        "code_validity_changed": _("Security code validity changed"),
        "limit_changed": _("Limit changed"),
        "label_missing": _("Label of a step not on the slides"),
        "text_missing": _("Screen text not on the slides"),
        "error_changed": _("Documented error message changed"),
        "error_added": _("Documented error added"),
        "error_removed": _("Documented error removed"),
        "account_site_changed": _("Account site changed"),
    }
    return labels[kind]


def page_label(page: int | None) -> str:
    if page is None:
        return _("(not in the edition)")
    return _("cover page") if page < 1 else f"p.{page}"


def _detail(finding: Finding) -> str:
    if finding.kind == "service_renamed":
        return {"url": _("paired by a shared URL"), "revision": _("paired by the 改定履歴's 名称変更")}.get(
            finding.detail, finding.detail)
    if finding.kind == "service_added" and finding.detail:
        return _("first slide {page}").format(page=finding.detail)
    if finding.kind == "pages_moved":
        return _("moved: {names}").format(names=finding.detail)
    return finding.detail


def summary(facts: EditionFacts, findings: list[Finding]) -> str:
    kind = _("PDF file") if facts.kind == "pdf" else _("text export")
    head = _("{source} ({kind}, {pages} pages) against flows/").format(source=facts.source, kind=kind,
                                                                      pages=facts.pages)
    if not findings:
        return f"{head}: {_('no differences')}"
    count = ngettext("{n} difference", "{n} differences", len(findings)).format(n=len(findings))
    return f"{head}: {count}"


def console(facts: EditionFacts, findings: list[Finding]) -> str:
    lines = [summary(facts, findings)]
    for f in findings:
        lines.append(f"  {page_label(f.page)}  {kind_label(f.kind)}: {f.subject}")
        if f.new:
            lines.append(f"      {_('the edition')}: {f.new}")
        lines.append(f"      {_('flows/ holds')}: {f.held or _('nothing recorded')}")
        if detail := _detail(f):
            lines.append(f"      {detail}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def markdown(facts: EditionFacts, findings: list[Finding], drafts: list[str] | None = None) -> str:
    lines = [f"# {_('A new edition of the manual against flows/')}", "", summary(facts, findings), ""]
    if findings:
        lines += [
            f"| {_('Edition page')} | {_('Kind of change')} | {_('concerns')} | {_('the edition')} | {_('flows/ holds')} | {_('Remarks')} |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [f"| {page_label(f.page)} | {kind_label(f.kind)} | {_cell(f.subject)} | {_cell(f.new)} | "
                  f"{_cell(f.held or _('nothing recorded'))} | {_cell(_detail(f))} |" for f in findings]
        lines.append("")
    if drafts:
        lines += [f"## {_('Drafts for the added services')}", ""]
        lines += [f"- `{path}`" for path in drafts]
        lines.append("")
    return "\n".join(lines)
