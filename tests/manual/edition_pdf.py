"""Paged editions made from a text export: a PDF with one page per manual page, so the PDF path is
tested for real, and a text laid out in columns with form feeds between pages (``pdftotext -layout``).

The pages are cut by the text reckoning, drawn with reportlab's built-in Japanese CID font
(HeiseiKakuGo-W5, no font file needed); tab-separated and Markdown-table rows become cells at
fixed column positions, as a table in a real PDF. The cover is physical page 1 and bears no
number, so the reader has to apply the manual's own page references (URL table on p.4 = PDF page 5).
"""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from loginsuite.manualdiff.facts import service_names
from loginsuite.manualdiff.reading import Line, read_text
from loginsuite.manualdiff.slides import text_slides

FONT = "HeiseiKakuGo-W5"
SIZE = 8
LEADING = 12
MARGIN = 36
GAP = 24


def _cells(line: Line) -> list[str]:
    """The line's cells by column (a tab-separated row keeps its empty cells)."""
    if line.text.lstrip().startswith("|"):
        cells = [c.strip() for c in line.text.strip().strip("|").split("|")]
        return [] if all(set(c) <= set("-: ") for c in cells) else cells
    row = [""] * (max(c.pos for c in line.cells) + 1)
    for cell in line.cells:
        row[cell.pos] = cell.text
    return row


def _draw(pdf: canvas.Canvas, x: float, y: float, text: str, per_glyph: bool) -> None:
    if not per_glyph:
        pdf.drawString(x, y, text)
        return
    for char in text:  # as many PDF producers place text: one run per glyph
        if char != " ":
            pdf.drawString(x, y, char)
        x += pdfmetrics.stringWidth(char, FONT, SIZE)


def write_pdf(text_export: Path, target: Path, per_glyph: bool = False) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    slides = text_slides(read_text(text_export), service_names)
    pdf = canvas.Canvas(str(target))
    for slide in slides:
        rows = [_cells(line) for line in slide.lines]
        rows = [r for r in rows if any(c.strip() for c in r)]
        widths: dict[int, float] = {}
        for row in rows:
            if len(row) > 1:
                for k, cell in enumerate(row):
                    widths[k] = max(widths.get(k, 0.0), pdfmetrics.stringWidth(cell, FONT, SIZE))
        x_of = [MARGIN]
        for k in range(max(widths, default=0)):
            x_of.append(x_of[-1] + widths[k] + GAP)
        width = max([MARGIN * 2 + pdfmetrics.stringWidth(" ".join(r), FONT, SIZE) for r in rows] +
                    [x_of[-1] + widths.get(len(x_of) - 1, 0) + MARGIN, 842])
        height = max(595, MARGIN * 2 + LEADING * len(rows))
        pdf.setPageSize((width, height))
        pdf.setFont(FONT, SIZE)
        y = height - MARGIN
        for row in rows:
            if len(row) == 1:
                _draw(pdf, MARGIN, y, row[0], per_glyph)
            else:
                for k, cell in enumerate(row):
                    if cell.strip():
                        _draw(pdf, x_of[k], y, cell.strip(), per_glyph)
            y -= LEADING
        pdf.showPage()
    pdf.save()
    return target


def write_layout_text(text_export: Path, target: Path) -> Path:
    """The pages as ``pdftotext -layout`` writes them: cells padded to their column with spaces
    (a wide character counts as one), pages separated by form feeds."""
    pages = []
    for slide in text_slides(read_text(text_export), service_names):
        rows = [r for r in (_cells(line) for line in slide.lines) if any(c.strip() for c in r)]
        widths: dict[int, int] = {}
        for row in rows:
            if len(row) > 1:
                for k, cell in enumerate(row):
                    widths[k] = max(widths.get(k, 0), len(cell))
        lines = []
        for row in rows:
            if len(row) == 1:
                lines.append("  " + row[0])
            else:
                lines.append("  " + "".join(cell.ljust(widths[k] + 3) for k, cell in enumerate(row)).rstrip())
        pages.append("\n".join(lines) + "\n")
    target.write_text("\f".join(pages), encoding="utf-8")
    return target
