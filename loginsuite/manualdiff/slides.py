"""Page reckoning: which manual page each line of a new edition is on.

A PDF has its pages (so has a text export with form feeds); the text export has none (slides run
on, pictures left as blank lines). Both are numbered from the manual's own references, as the flows
author did: the step 「参考：P.4~5「各サービスのログインURL一覧」」 fixes the first URL-table page,
「画面イメージは7ページ以降を参照」 the first service slide. Pages before the URL table count backwards from it (the cover comes out as 0: it
bears no number); in a PDF, printed page = physical page + the offset those references give.

The text export is cut into slides by what opens a slide in this manual's layout:
- sections, by the 目次's headings and the URL table's opening sentence;
- a service slide, by 「Nページに記載のURLより、ログイン画面に遷移ください。」 (with the title line just
  above it when that line names a service), by a pointer 「…次スライドへ」 ending the slide before, by
  a step 「次ページの②…」 (the next slide starts at the next picture gap), and by the first line that
  names the next service in the contents' order (a slide without its own sentence, e.g. ジョーシス's first);
- an appendix slide, by a 【…】 heading, a problem statement 「…場合があります。」, a 「下記の手順をお試し」
  that does not follow one, and a caption 「…場合」 (a pair of such captions shares a slide).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from loginsuite.i18n import _
from loginsuite.labels import fold
from loginsuite.manualdiff.contents import named
from loginsuite.manualdiff.reading import EditionError, Line


class Section(str, Enum):
    preface = "preface"  # cover, 改定履歴, 目次
    urls = "urls"  # 各サービスのログインURL 一覧
    common = "common"  # ログイン時に共通する操作
    services = "services"  # 各サービス毎のログイン画面イメージ
    appendix = "appendix"  # 【Appendix（付録）】


@dataclass
class Slide:
    section: Section
    lines: list[Line] = field(default_factory=list)
    page: int = 0
    service: int | None = None  # index into the contents' services
    cue: str = ""  # what opened it (for the reckoning's own tests and messages)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


TOC = fold("目次")
REVISIONS = fold("改定履歴")
URL_HEADING = fold("各サービスのログインURL 一覧")
URL_OPENING = fold("各サービス毎のログインURLは")
COMMON_OPENING = fold("【各サービスログイン手順】")
SERVICES_HEADING = fold("各サービス毎のログイン画面イメージ")
APPENDIX_HEADING = fold("【Appendix（付録）】")

_SLIDE_SENTENCE = re.compile(r"^\d+ページに記載の.{0,20}?(?:に)?より、?ログイン画面に遷移")
_POINTER = re.compile(r"次(スライド|ページ)へ。?$")
_STEP_POINTER = re.compile(r"^\d+\..*次(ページ|スライド)の")
_CONTINUED = re.compile(r"[（(]\s*([2-9])\s*/\s*\d+\s*[）)]|2回目以降")
_URL_PAGES = re.compile(r"P\.(\d+)\s*[~〜～\-－]\s*(\d+)")
_FIRST_SERVICE_PAGE = re.compile(r"(\d+)ページ以降")
_PROBLEM = re.compile(r"場合があります。$")
_TRY = "下記の手順をお試し"
_CAPTION = re.compile(r"^.{1,20}場合$")
_REVISION_ROW = re.compile(r"^第[\d.]+版")


@dataclass
class Anchors:
    url_first: int = 4  # the manual's P.4~5 (the default when an edition drops the reference)
    services_first: int | None = None


def anchors(lines: list[Line]) -> Anchors:
    found = Anchors()
    for line in lines:
        folded = fold(line.text)
        if "ログインURL一覧" in folded and (m := _URL_PAGES.search(folded)):
            found.url_first = int(m.group(1))
        if "画面イメージ" in folded and (m := _FIRST_SERVICE_PAGE.search(folded)):
            found.services_first = int(m.group(1))
    return found


# The services of the contents (in order) and the URLs only one of them documents, read from the
# preface and URL-table slides: what the reckoning of service slides needs to know.
NamesReader = Callable[[list[Slide], list[Slide]], tuple[list[str], dict[str, int]]]


def _missing(what: str) -> EditionError:
    return EditionError(_("the edition has no {what}: is it the login manual?").format(what=what))


# --- the text export ---------------------------------------------------------------------------

def _landmarks(lines: list[Line]) -> tuple[int, list[int], int, int, int]:
    folded = [fold(line.text) for line in lines]
    toc = next((i for i, f in enumerate(folded) if f == TOC), None)
    if toc is None:
        raise _missing("「目次」")
    openings = [i for i, f in enumerate(folded) if i > toc and f.startswith(URL_OPENING)]
    if not openings:
        raise _missing("「各サービス毎のログインURLは…」")
    common = next((i for i, f in enumerate(folded) if i > openings[-1] and f == COMMON_OPENING), None)
    if common is None:
        raise _missing("「【各サービスログイン手順】」")
    services = next((i for i, f in enumerate(folded) if i > common and (f == SERVICES_HEADING or _SLIDE_SENTENCE.match(f))),
                    None)
    if services is None:
        raise _missing("「各サービス毎のログイン画面イメージ」")
    appendix = next((i for i, f in enumerate(folded) if i > services and f == APPENDIX_HEADING), len(lines))
    return toc, openings, common, services, appendix


def _previous(lines: list[Line], i: int, floor: int) -> int | None:
    j = i - 1
    while j > floor and lines[j].blank:
        j -= 1
    return j if j > floor and not lines[j].blank else None


def _cut(lines: list[Line], starts: dict[int, str], begin: int, end: int, section: Section) -> list[Slide]:
    slides: list[Slide] = []
    current = Slide(section, cue="section")
    for i in range(begin, end):
        if i in starts and any(not fold(x.text) in (SERVICES_HEADING, APPENDIX_HEADING) for x in current.lines):
            slides.append(current)
            current = Slide(section, cue=starts[i])
        if not lines[i].blank:
            current.lines.append(lines[i])
    slides.append(current)
    return [s for s in slides if s.lines]


def _preface_starts(lines: list[Line], end: int) -> dict[int, str]:
    starts: dict[int, str] = {}
    in_table = False
    for i in range(end):
        f = fold(lines[i].text)
        if not f:
            continue
        if f == REVISIONS:
            starts[i], in_table = "revisions", True
        elif in_table and not ("版数" in f or _REVISION_ROW.match(f) or (lines[i].cells and lines[i].cells[0].pos > 0)):
            starts[i], in_table = "contents", False
    return starts


def _service_starts(lines: list[Line], begin: int, end: int, names: list[str], urls: dict[str, int]) -> dict[int, str]:
    starts: dict[int, str] = {}
    gap_wanted = False
    blanks = 0
    for i in range(begin, end):
        line = lines[i]
        if line.blank:
            blanks += 1
            continue
        f = fold(line.text)
        if gap_wanted and blanks >= 2:
            starts[i], gap_wanted = "next page", False
        blanks = 0
        if _SLIDE_SENTENCE.match(f):
            title = _previous(lines, i, begin)
            start = title if title is not None and title not in starts and _is_title(lines[title].text, names, urls) else i
            starts[start], gap_wanted = "sentence", False
        elif _POINTER.search(f) and i + 1 < end:
            starts[i + 1], gap_wanted = "pointer", False
        elif _STEP_POINTER.match(f):
            gap_wanted = True
    return starts


def _is_title(text: str, names: list[str], urls: dict[str, int]) -> bool:
    """A slide's title: a short line without a sentence's 。 that names a service."""
    return len(text) <= 40 and "。" not in text and bool(named(text, names, urls))


def _appendix_starts(lines: list[Line], begin: int, end: int) -> dict[int, str]:
    starts: dict[int, str] = {}
    caption_open = False
    previous = ""
    for i in range(begin, end):
        f = fold(lines[i].text)
        if not f:
            continue
        if f.startswith("【"):
            starts[i], caption_open = "heading", False
        elif _PROBLEM.search(f) and not lines[i].text.startswith(("・", "※")) and not _previous_is_start(starts, lines, i):
            starts[i], caption_open = "problem", False
        elif _TRY in f and not _PROBLEM.search(previous):
            starts[i], caption_open = "procedure", False
        elif _CAPTION.match(f) and "。" not in f:
            if not caption_open:
                starts[i] = "caption"
            caption_open = True
        previous = f
    return starts


def _previous_is_start(starts: dict[int, str], lines: list[Line], i: int) -> bool:
    """A problem statement right under a slide's heading belongs to that slide."""
    j = _previous(lines, i, -1)
    return j is not None and starts.get(j) == "heading"


def split_services(slides: list[Slide], names: list[str], urls: dict[str, int], split: bool) -> list[Slide]:
    """Give each service slide its service (in the contents' order); in the text export, also cut a
    slide where the next service is named (a slide that opens without its own sentence)."""
    result: list[Slide] = []
    current = -1
    last = len(names) - 1
    for slide in slides:
        if slide.section is not Section.services or not slide.lines:
            result.append(slide)
            continue
        head = " ".join(x.text for x in slide.lines[:3])
        title = [n for n in named(slide.lines[0].text, names, urls) if n > current]
        anywhere = [n for x in slide.lines for n in named(x.text, names, urls) if n > current]
        opens = slide.cue in ("sentence", "section") or (
            slide.cue == "pdf" and any(_SLIDE_SENTENCE.match(fold(x.text)) for x in slide.lines))
        if title:
            current = title[0]
        elif slide.cue == "pdf" and anywhere:
            current = anywhere[0]
        elif opens and not _CONTINUED.search(fold(head)):
            current = min(current + 1, last)
        slide.service = current if current >= 0 else None
        if not split:
            result.append(slide)
            continue
        piece, kept = slide, [slide.lines[0]]
        for line in slide.lines[1:]:
            ahead = [n for n in named(line.text, names, urls) if n > current]
            if ahead:
                piece.lines = kept
                result.append(piece)
                current = ahead[0]
                piece, kept = Slide(Section.services, cue="named", service=current), []
            kept.append(line)
        piece.lines = kept
        result.append(piece)
    return result


def number(slides: list[Slide], found: Anchors, physical: bool) -> None:
    """Printed page numbers, from the manual's own references."""
    if physical:
        first_url = next((i for i, s in enumerate(slides) if s.section is Section.urls), 0)
        offset = found.url_first - (first_url + 1)
        for i, slide in enumerate(slides):
            slide.page = i + 1 + offset
        return
    preface = [s for s in slides if s.section is Section.preface]
    for k, slide in enumerate(preface):
        slide.page = found.url_first - (len(preface) - k)
    page = found.url_first
    for slide in slides:
        if slide.section is Section.preface:
            continue
        if slide.section is Section.services and slide is _first(slides, Section.services) and found.services_first:
            page = max(page, found.services_first)
        slide.page = page
        page += 1


def _first(slides: list[Slide], section: Section) -> Slide | None:
    return next((s for s in slides if s.section is section), None)


def text_slides(lines: list[Line], names_of: NamesReader) -> list[Slide]:
    """The text export cut into numbered slides."""
    _toc, openings, common, services, appendix = _landmarks(lines)
    starts = _preface_starts(lines, openings[0])
    preface = _cut(lines, starts, 0, _url_start(lines, openings[0]), Section.preface)
    url_starts = {_url_start(lines, i): "url table" for i in openings}
    urls = _cut(lines, url_starts, _url_start(lines, openings[0]), common, Section.urls)
    common_slides = _cut(lines, {}, common, services, Section.common)
    names, known = names_of(preface, urls)
    service_slides = _cut(lines, _service_starts(lines, services, appendix, names, known), services, appendix,
                          Section.services)
    appendix_slides = _cut(lines, _appendix_starts(lines, appendix, len(lines)), appendix, len(lines), Section.appendix)
    slides = split_services([*preface, *urls, *common_slides, *service_slides, *appendix_slides], names, known, True)
    number(slides, anchors(lines), physical=False)
    return slides


def _url_start(lines: list[Line], opening: int) -> int:
    title = _previous(lines, opening, -1)
    return title if title is not None and fold(lines[title].text) == URL_HEADING else opening


def pdf_slides(pages: list[list[Line]], names_of: NamesReader) -> list[Slide]:
    """A PDF's pages (or a text export's form-feed pages) as slides, each in the section its landmarks
    put it in."""
    section = Section.preface
    slides = []
    for page in pages:
        for line in page:
            f = fold(line.text)
            if f.startswith(URL_OPENING) and section in (Section.preface, Section.urls):
                section = Section.urls
                break
            if f == COMMON_OPENING and section is Section.urls:
                section = Section.common
                break
            if section is Section.common and (f == SERVICES_HEADING or _SLIDE_SENTENCE.match(f)):
                section = Section.services
                break
            if section is Section.services and f == APPENDIX_HEADING:
                section = Section.appendix
                break
        slides.append(Slide(section, list(page), cue="pdf"))
    if not any(s.section is Section.urls for s in slides):
        raise _missing("「各サービス毎のログインURLは…」")
    names, known = names_of([s for s in slides if s.section is Section.preface],
                            [s for s in slides if s.section is Section.urls])
    slides = split_services(slides, names, known, False)
    number(slides, anchors([line for page in pages for line in page]), physical=True)
    return slides


