"""The facts of an edition that flows/ holds, read the way the flows author read them.

One pass over the reckoned slides: edition and 改定履歴 rows (preface), the contents' services, the
URL tables, the shared steps and the code's 有効期限 (p.6), each service's first slide and limits
(a password's 「N文字以上」), the appendix's documented messages and the account site.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from loginsuite.i18n import _
from loginsuite.labels import fold
from loginsuite.manualdiff.contents import read_contents
from loginsuite.manualdiff.reading import EditionError, Line, is_paged, read_paged_text, read_pdf, read_text
from loginsuite.manualdiff.slides import (
    APPENDIX_HEADING,
    SERVICES_HEADING,
    Section,
    Slide,
    pdf_slides,
    text_slides,
)
from loginsuite.manualdiff.urltable import URL, ServiceFact, read_url_table

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_EDITION = re.compile(r"^第\s*([\d.]+)\s*版$")
_ROW = re.compile(r"^第\s*([\d.]+)\s*版\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(.*)$")
_STEP = re.compile(r"^(\d+)\s*[.．]\s*(.+)$")
_OPERATION = re.compile(r"(「)?([^「」（）()、]*?)\s*[（(]\s*([①-⑩])\s*[）)](」)?")
_QUOTED = re.compile(r"「([^「」]+)」")
_VERB = re.compile(r"入力|押下")
VALIDITY = re.compile(r"有効期限\s*[:：]\s*(\d+)\s*分")
MIN_LENGTH = re.compile(r"(\d+)\s*文字以上")


@dataclass(frozen=True)
class RevisionFact:
    version: str
    date: dt.date | None
    note: str
    page: int


@dataclass(frozen=True)
class Operation:
    """A numbered operation of the shared steps: 「次へ（②）」 → (②, press, 次へ)."""

    number: str
    action: str | None  # enter | press (flows' Action values)
    label: str | None  # the quoted label, when the step quotes one
    step: str  # the step's text
    page: int


@dataclass(frozen=True)
class ErrorFact:
    number: str
    message: str
    page: int


@dataclass
class EditionFacts:
    source: str
    kind: str  # text | pdf
    slides: list[Slide]
    version: str | None = None
    version_page: int = 1
    revisions: list[RevisionFact] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    services: list[ServiceFact] = field(default_factory=list)
    steps: list[tuple[str, str, int]] = field(default_factory=list)  # (number, text, page)
    operations: list[Operation] = field(default_factory=list)
    entry_labels: list[str] = field(default_factory=list)  # 「ビジネスdアカウント ログイン」 of p.6 手順2
    code_validity: tuple[int, int] | None = None  # (minutes, page)
    errors: list[ErrorFact] = field(default_factory=list)
    account_sites: list[tuple[str, int]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max((s.page for s in self.slides), default=0)


def _contents(preface: list[Slide]) -> list[str]:
    lines = [line for slide in preface for line in slide.lines]
    folded = [fold(line.text) for line in lines]
    start = next((i for i, f in enumerate(folded) if f == SERVICES_HEADING), None)
    if start is None:
        return []
    end = next((i for i, f in enumerate(folded) if i > start and f == APPENDIX_HEADING), len(lines))
    return read_contents(lines[start + 1:end])


def service_names(preface: list[Slide], urls: list[Slide]) -> tuple[list[str], dict[str, int]]:
    contents = _contents(preface)
    owners: dict[str, set[int]] = {}
    for slide in urls:
        for service in read_url_table(slide.lines, slide.page, contents):
            if service.name in contents:
                for url in service.urls:
                    owners.setdefault(url, set()).add(contents.index(service.name))
    return contents, {url: next(iter(o)) for url, o in owners.items() if len(o) == 1}


def read_edition(path: Path) -> EditionFacts:
    """Read a text export (.txt, .md) or a PDF and extract its facts."""
    if not path.is_file():
        raise EditionError(f"{path}: " + _("no such file"))
    try:
        if path.read_bytes()[:5] == b"%PDF-":
            facts = EditionFacts(str(path), "pdf", pdf_slides(read_pdf(path), service_names))
        elif is_paged(path):
            facts = EditionFacts(str(path), "text", pdf_slides(read_paged_text(path), service_names))
        else:
            facts = EditionFacts(str(path), "text", text_slides(read_text(path), service_names))
    except EditionError as exc:
        raise EditionError(f"{path}: {exc}") from None
    extract(facts)
    return facts


def extract(facts: EditionFacts) -> None:
    preface = [s for s in facts.slides if s.section is Section.preface]
    facts.contents = _contents(preface)
    for slide in preface:
        _preface(facts, slide)
    for slide in facts.slides:
        if slide.section is Section.urls:
            facts.services += read_url_table(slide.lines, slide.page, facts.contents)
        elif slide.section is Section.common:
            _common(facts, slide)
        elif slide.section is Section.appendix:
            _appendix(facts, slide)
    for service in facts.services:
        if service.name not in facts.contents:
            continue
        index = facts.contents.index(service.name)
        own = [s for s in facts.slides if s.section is Section.services and s.service == index]
        if own:
            service.slide_page = own[0].page
        for slide in own:
            for line in slide.lines:
                if (m := MIN_LENGTH.search(line.text)) and service.password_min_length is None:
                    service.password_min_length = (int(m.group(1)), slide.page)


def _preface(facts: EditionFacts, slide: Slide) -> None:
    note_column: int | None = None
    for line in slide.lines:
        joined = " ".join(cell.text for cell in line.cells)
        if facts.version is None and (m := _EDITION.match(joined.strip())):
            facts.version, facts.version_page = m.group(1), slide.page
        elif m := _ROW.match(joined):
            version, year, month, day, note = m.groups()
            try:
                date: dt.date | None = dt.date(int(year), int(month), int(day))
            except ValueError:
                date = None
            facts.revisions.append(RevisionFact(version, date, note.strip(), slide.page))
            note_column = line.cells[-1].pos if len(line.cells) > 1 else None
        elif facts.revisions and note_column is not None and line.cells and line.cells[0].pos >= note_column:
            last = facts.revisions.pop()  # a note wrapped onto the next line of its cell
            facts.revisions.append(RevisionFact(last.version, last.date, last.note + joined.strip(), last.page))
        else:
            note_column = None


def _common(facts: EditionFacts, slide: Slide) -> None:
    for line in slide.lines:
        if (m := VALIDITY.search(line.text)) and facts.code_validity is None:
            facts.code_validity = (int(m.group(1)), slide.page)
        step = _STEP.match(line.text.strip())
        if not step:
            continue
        text = step.group(2).strip()
        facts.steps.append((step.group(1), text, slide.page))
        found = operations(text, slide.page)
        facts.operations += found
        if not found:
            facts.entry_labels += _QUOTED.findall(text)


def operations(text: str, page: int) -> list[Operation]:
    """Each circled number of a step with its verb: the first 入力/押下 after it before the next number,
    else the last one before it since the previous number, else the next one in the step."""
    found = list(_OPERATION.finditer(text))
    result = []
    for k, m in enumerate(found):
        before_start = found[k - 1].end() if k else 0
        after_end = found[k + 1].start(3) if k + 1 < len(found) else len(text)
        after = _VERB.findall(text[m.end():after_end])
        before = _VERB.findall(text[before_start:m.start(3)])
        later = _VERB.findall(text[m.end():])
        verb = (after or before[-1:] or later or [None])[0]
        action = {"入力": "enter", "押下": "press"}.get(verb or "")
        quoted = bool(m.group(1) and m.group(4))
        result.append(Operation(m.group(3), action, m.group(2).strip() if quoted else None, text, page))
    return result


def _appendix(facts: EditionFacts, slide: Slide) -> None:
    lines: list[Line] = slide.lines
    in_errors = False
    pending: str | None = None
    for line in lines:
        text = line.text.strip()
        if "エラー内容一覧" in text or "エラーメッセージ" in text:
            in_errors = True
            continue
        if "ビジネスdアカウントサイト" in fold(text) and "アクセス" in text:
            facts.account_sites += [(url, slide.page) for url in URL.findall(text)]
        if not in_errors:
            continue
        if len(text) == 1 and text in CIRCLED:
            pending = text
        elif text and text[0] in CIRCLED and len(text) > 1:
            facts.errors.append(ErrorFact(text[0], text[1:].strip(), slide.page))
        elif pending:
            facts.errors.append(ErrorFact(pending, text, slide.page))
            pending = None
