"""What each service's slides show against the screens flows/ records: the labels its steps operate
and the texts the suite checks must still be printed on the service's own slides.

Label and text are looked for in the slide's whole text after the label rule's folding (a text
wrapped over two lines still matches). A label that no slide prints but p.6 手順2 names (the
Business d Account button) counts as documented there, as the flows author read it. Texts with a
limit in them (有効期限：10分, 8文字以上) are compared as numbers elsewhere.
"""
from __future__ import annotations

import re

from loginsuite.flows import Flows, Service
from loginsuite.flows.model import Screen
from loginsuite.labels import fold, matches, nearest
from loginsuite.manualdiff.facts import MIN_LENGTH, VALIDITY, EditionFacts
from loginsuite.manualdiff.slides import Section, Slide
from loginsuite.manualdiff.urltable import ServiceFact

_QUOTED = re.compile(r"「([^「」]+)」")
Found = tuple[str, int | None, str, str, str]  # (kind, page, subject, new, held)


def _printed(slides: list[Slide]) -> str:
    return "".join(fold(slide.text) for slide in slides)


def _lines(slides: list[Slide]) -> list[str]:
    """What could be a label or a text on the slides: the quoted 「…」 of the steps, short lines, cells."""
    quoted = [q for slide in slides for q in _QUOTED.findall(slide.text)]
    cells = [cell.text for slide in slides for line in slide.lines for cell in line.cells]
    return quoted + [c for c in cells if len(c) <= 60]


def _texts(owner: str, where: str, screens: list[Screen], slides: list[Slide], page: int | None) -> list[Found]:
    printed = _printed(slides)
    found = []
    for screen in screens:
        for text in screen.texts:
            if VALIDITY.search(text) or MIN_LENGTH.search(text) or fold(text) in printed:
                continue
            shown = "、".join(f"「{x}」" for x in nearest(text, _lines(slides), 2))
            found.append(("text_missing", page, owner, shown, f"「{text}」 ({where} p.{screen.page}, {screen.title})"))
    return found


def check_service(service: Service, printed: ServiceFact, facts: EditionFacts) -> list[Found]:
    if printed.name not in facts.contents:
        return []
    index = facts.contents.index(printed.name)
    slides = [s for s in facts.slides if s.section is Section.services and s.service == index]
    if not slides:
        return []
    where = service.source or service.id
    text = _printed(slides)
    found = []
    for step in service.steps:
        if "." in step.screen or fold(step.control) in text or any(matches(step.control, x) for x in facts.entry_labels):
            continue
        shown = "、".join(f"「{x}」" for x in nearest(step.control, _lines(slides)))
        screen = service.screens.get(step.screen)
        page = screen.page if screen else service.page
        found.append(("label_missing", printed.slide_page, service.name, shown,
                      f"「{step.control}」 ({where} p.{page}, {step.display})"))
    return found + _texts(service.name, where, list(service.screens.values()), slides, printed.slide_page)


def check_shared(flows: Flows, facts: EditionFacts) -> list[Found]:
    """The shared screens' texts: ID and two-step on the common pages, consent among the service slides,
    the appendix procedures' screens in the appendix."""
    common = [s for s in facts.slides if s.section is Section.common]
    services = [s for s in facts.slides if s.section is Section.services]
    appendix = [s for s in facts.slides if s.section is Section.appendix]
    bizd = flows.bizd
    where = bizd.source or "bizd-account.yaml"
    consent = bizd.screens.get(bizd.consent_screen)
    shared = [s for name, s in bizd.screens.items() if name != bizd.consent_screen]
    found = _texts(bizd.name, where, shared, common, common[0].page if common else None)
    if consent:
        found += _texts(bizd.name, where, [consent], services, None)
    for procedure in flows.appendix.procedures:
        found += _texts(procedure.title, flows.appendix.source or "appendix.yaml", list(procedure.screens.values()),
                        appendix, appendix[0].page if appendix else None)
    return found
