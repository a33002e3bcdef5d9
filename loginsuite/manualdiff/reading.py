"""A new edition as lines: the text export as it is, a PDF page by page through pypdf.

pypdf is used rather than pdfminer.six because it maps the Japanese CID fonts back to the very
characters printed (pdfminer turns 「～」 into 「〜」 and drops symbols it has no CID for). Its layout
visitor reports where each run of text is placed, so table cells keep their column: runs on one
baseline form a line, and a gap wider than a character separates two cells. In the text export a cell is what a tab separates
and its position is the column's index, which the table readers treat the same way.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loginsuite.i18n import _


class EditionError(Exception):
    """A file that cannot be read as an edition of the manual (printed as ``file: message``)."""


@dataclass(frozen=True)
class Cell:
    pos: int  # tab column (text export) or character column (PDF layout)
    text: str


@dataclass(frozen=True)
class Line:
    text: str  # the cells joined by a tab; "" for a blank line
    cells: tuple[Cell, ...]

    @property
    def blank(self) -> bool:
        return not self.text

    @classmethod
    def from_tabs(cls, raw: str) -> Line:
        parts = raw.rstrip("\n").split("\t")
        cells = tuple(Cell(i, part.strip()) for i, part in enumerate(parts) if part.strip())
        return cls("\t".join(c.text for c in cells), cells)


    @classmethod
    def from_columns(cls, raw: str) -> Line:
        """A line laid out in columns with spaces (``pdftotext -layout``): two spaces or more part cells,
        and a cell's position is its character column."""
        if "\t" in raw:
            return cls.from_tabs(raw)
        cells = [Cell(m.start(), m.group().strip()) for m in _COLUMN_CELL.finditer(raw.rstrip())]
        return cls("\t".join(c.text for c in cells), tuple(cells))


_COLUMN_CELL = re.compile(r"\S+(?: \S+)*")


def _decoded(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise EditionError(_("not UTF-8 (byte {n}): export the manual as UTF-8 text").format(n=exc.start))


def is_paged(path: Path) -> bool:
    """A text export with form feeds between its pages (as ``pdftotext`` writes them)."""
    return "\f" in _decoded(path)


def read_text(path: Path) -> list[Line]:
    """Every line of a text export, blank lines kept (the slide reckoning reads the gaps)."""
    return [Line.from_tabs(line) for line in _decoded(path).split("\n")]


def read_paged_text(path: Path) -> list[list[Line]]:
    """Each page's non-blank lines of a text export with form feeds."""
    pages = [[Line.from_columns(line) for line in page.split("\n")] for page in _decoded(path).rstrip("\f\n").split("\f")]
    return [[line for line in page if not line.blank] for page in pages]


def _width(text: str, size: float) -> float:
    """A run's printed width, near enough to tell a column gap from the advance between glyphs:
    a wide character one em, any other half (a little short for long Latin runs: a gap then looks
    wider, never narrower, than it is)."""
    return sum(size if unicodedata.east_asian_width(ch) in "WFA" else size * 0.5 for ch in text)


def _page_lines(page: Any) -> list[Line]:
    """Text runs placed by their text matrix, grouped into lines (same baseline) and cells: a run
    starting within an em of the previous one's end continues its cell (producers place a run per
    line, per word or per glyph), a wider gap starts the next column. Word spaces between runs are
    not restored: facts are compared under the label rule, which ignores white space."""
    runs: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scaled = size * (abs(tm[0] * cm[0]) or 1.0)
            lead = len(text) - len(text.lstrip())
            runs.append((round(-y, 0), x + _width(text[:lead], scaled), scaled, text.replace("\n", " ").strip()))

    page.extract_text(visitor_text=visit)
    rows: dict[float, list[tuple[float, float, str]]] = {}
    for y, x, size, text in runs:
        key = next((k for k in rows if abs(k - y) <= size * 0.3), y)
        rows.setdefault(key, []).append((x, size, text))
    lines = []
    for y in sorted(rows):
        cells: list[list[Any]] = []  # [x, estimated end, text]
        for x, size, text in sorted(rows[y]):
            if cells and x - cells[-1][1] <= size:
                cells[-1][1] = x + _width(text, size)
                cells[-1][2] += text
            else:
                cells.append([x, x + _width(text, size), text])
        line = tuple(Cell(round(x), text.strip()) for x, _, text in cells if text.strip())
        lines.append(Line("\t".join(c.text for c in line), line))
    return lines


def read_pdf(path: Path) -> list[list[Line]]:
    """Each PDF page's lines, top to bottom."""
    import pypdf

    try:
        reader = pypdf.PdfReader(path)
        pages = [_page_lines(page) for page in reader.pages]
    except (pypdf.errors.PdfReadError, ValueError, OSError) as exc:
        raise EditionError(_("not a readable PDF: {error}").format(error=exc))
    if not any(pages):
        raise EditionError(_("the PDF holds no text (a scan?): export it with its text"))
    return pages
