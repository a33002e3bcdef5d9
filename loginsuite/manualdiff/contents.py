"""The 目次's list of services with login screens, in slide order.

The contents table is printed in columns, read top to bottom and then left to right (dX勤怠・労務管理,
dXオンライン営業, …, dX電子契約, dXホームページ, …): that is the order of the per-service slides.
A cell without the leading 「-」 continues the entry above it (「(まるごとビジネスサポート オプション)」
under 「-IT資産管理 by ジョーシス」) and is not a service of its own.
"""
from __future__ import annotations

from loginsuite.labels import fold
from loginsuite.manualdiff.reading import Cell, Line

_MARKS = "-－・•"
_COLUMN_TOLERANCE = 3  # PDF layout: cells of one column start within a few characters of each other


def _cells(line: Line) -> list[Cell]:
    if "|" in line.text:
        parts = line.text.replace("\t", " ").split("|")
        return [Cell(i * 1000, part.strip()) for i, part in enumerate(parts) if part.strip()]  # one column per cell
    return list(line.cells)


def _columns(positions: list[int]) -> dict[int, int]:
    """Column index for each cell position: positions closer than the tolerance are one column."""
    columns: dict[int, int] = {}
    column = -1
    last: int | None = None
    for pos in sorted(set(positions)):
        if last is None or pos - last > _COLUMN_TOLERANCE:
            column += 1
        columns[pos] = column
        last = pos
    return columns


def read_contents(lines: list[Line]) -> list[str]:
    """Service names from the contents lines between 「各サービス毎のログイン画面イメージ」 and the appendix."""
    entries: list[tuple[int, int, str]] = []  # (position, row, name)
    for row, line in enumerate(lines):
        for cell in _cells(line):
            text = cell.text
            if set(text) <= set("-|: ") or text[0] not in _MARKS:
                continue
            name = text.lstrip(_MARKS).strip()
            if name:
                entries.append((cell.pos, row, name))
    columns = _columns([pos for pos, _, _ in entries])
    ordered = sorted(entries, key=lambda e: (columns[e[0]], e[1]))
    return list(dict.fromkeys(name for _, _, name in ordered))


def named(text: str, names: list[str], urls: dict[str, int]) -> list[int]:
    """Indices of the services a line names: by name (label rule) or by a URL only that service has."""
    folded = fold(text)
    found = [i for i, name in enumerate(names) if fold(name) and fold(name) in folded]
    found += [index for url, index in urls.items() if url in text]
    return sorted(set(found))
