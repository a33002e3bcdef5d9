"""The PDF path for real: a PDF made from the text export (one page per manual page, Japanese CID
font), read back through pypdf, yields the same facts and the same findings as the text."""
from __future__ import annotations

from pathlib import Path

import editions
import pytest
from edition_pdf import write_layout_text, write_pdf

from loginsuite.flows import Flows, load_flows
from loginsuite.labels import fold
from loginsuite.manualdiff.compare import compare
from loginsuite.manualdiff.facts import read_edition
from loginsuite.manualdiff.reading import read_pdf, read_text


@pytest.fixture(scope="module")
def flows() -> Flows:
    return load_flows()


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(editions.seed(), tmp_path_factory.mktemp("pdf") / "manual.pdf")


def test_pypdf_gives_back_every_japanese_text_of_the_slides(seed_pdf: Path) -> None:
    printed = {cell.text for page in read_pdf(seed_pdf) for line in page for cell in line.cells}
    written = {cell.text for line in read_text(editions.seed()) for cell in line.cells if "|" not in line.text}
    assert written - printed == set()
    assert {"セキュリティコード ④ 有効期限：10分", "9:00～20:00(年中無休)",
            "- ②右上のその他アイコン⋮、次に 設定⚙️をクリックしてください。"} <= printed


def test_the_pdf_of_todays_manual_yields_no_finding(seed_pdf: Path, flows: Flows) -> None:
    facts = read_edition(seed_pdf)
    assert facts.kind == "pdf"
    assert compare(facts, flows) == []


def test_a_pdf_with_one_text_run_per_glyph_reads_the_same(tmp_path: Path, flows: Flows) -> None:
    pdf = write_pdf(editions.seed(), tmp_path / "glyphs.pdf", per_glyph=True)
    facts = read_edition(pdf)
    assert compare(facts, flows) == []
    assert [e.url for s in facts.services for e in s.entries][:2] == ["https://jinji.jinjer.biz",
                                                                       "https://employee.jinjer.biz/"]
    assert [fold(name) for name in facts.contents] == [fold(name) for name in read_edition(editions.seed()).contents]


def test_pdf_pages_are_printed_pages_from_the_manuals_own_reference(seed_pdf: Path) -> None:
    facts = read_edition(seed_pdf)
    # PDF page 1 is the cover; 「参考：P.4~5」 puts the first URL table on PDF page 5.
    assert [s.page for s in facts.slides] == list(range(35))
    assert [s.page for s in facts.slides if s.section.value == "urls"] == [4, 5]


def test_a_pdf_of_an_edited_copy_has_the_findings_of_the_text(tmp_path: Path, flows: Flows) -> None:
    text = editions.edited(tmp_path / "new.txt", *editions.ADD_SERVICE, *editions.CHANGE_VALIDITY,
                           *editions.CHANGE_ERROR, *editions.RENAME_WITH_ROW, *editions.REMOVE_SERVICE)
    pdf = write_pdf(text, tmp_path / "new.pdf")
    from_text = [(f.kind, f.page, f.subject, f.new) for f in compare(read_edition(text), flows)]
    from_pdf = [(f.kind, f.page, f.subject, f.new) for f in compare(read_edition(pdf), flows)]
    assert from_pdf == from_text
    assert {kind for kind, *_ in from_pdf} >= {"service_added", "service_removed", "service_renamed",
                                               "code_validity_changed", "error_changed", "revision_added"}


def test_a_text_export_with_form_feeds_is_read_page_by_page(tmp_path: Path, flows: Flows) -> None:
    paged = write_layout_text(editions.seed(), tmp_path / "manual-layout.txt")
    facts = read_edition(paged)
    assert [s.page for s in facts.slides] == list(range(35))
    assert compare(facts, flows) == []
    edited = write_layout_text(editions.edited(tmp_path / "new.txt", *editions.CHANGE_URL, *editions.CHANGE_VALIDITY),
                               tmp_path / "new-layout.txt")
    assert [(f.kind, f.page) for f in compare(read_edition(edited), flows)] == [
        ("url_changed", 4), ("code_validity_changed", 6)]
