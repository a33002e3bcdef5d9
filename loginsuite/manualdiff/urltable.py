"""The 「各サービスのログインURL 一覧」 tables: services, their URLs, function, role and device.

Read as the flows author read them: a row without a name continues the service above; a function
without a URL shares the URL of the function above (人事・給与・労務); a service whose URLs stand in
both the 管理者用 and 利用者（従業員）用 columns has roles, one with URLs in one column has none;
「PC用」/「スマホ用」 give the device; a cell without a URL is the reason there is no login.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loginsuite.labels import fold
from loginsuite.manualdiff.reading import Cell, Line

URL = re.compile(r"https?://[^\s)）」>\]]+")
_ANNOTATION = re.compile(r"[（(]\s*※[^）)]*[）)]")
_HEADERS = {"サービス名称": "name", "機能": "function", "管理者用": "admin", "利用者": "user"}


@dataclass(frozen=True)
class EntryFact:
    url: str
    page: int
    function: str | None = None
    role: str | None = None  # admin | user, as flows/ writes it
    device: str = "pc"


@dataclass
class ServiceFact:
    name: str  # the contents' name when the row's name starts with one
    printed: str  # the row's name as printed
    page: int  # the URL table's page
    entries: list[EntryFact] = field(default_factory=list)
    no_login_reason: str | None = None
    invitation: bool = False  # 「（※初回ログインは開通通知メールから）」
    slide_page: int | None = None
    password_min_length: tuple[int, int] | None = None  # (length, page)

    @property
    def urls(self) -> set[str]:
        return {e.url for e in self.entries}


def _header(line: Line) -> dict[int, str] | None:
    columns = {}
    for cell in line.cells:
        key = next((v for k, v in _HEADERS.items() if cell.text.startswith(k)), None)
        if key:
            columns[cell.pos] = key
    return columns if "name" in columns.values() and len(columns) >= 2 else None


def _column(cell: Cell, columns: dict[int, str]) -> str:
    return columns[min(columns, key=lambda pos: (abs(pos - cell.pos), pos))]


def _name(printed: str, contents: list[str]) -> str:
    bare = _ANNOTATION.sub("", printed).strip()
    matches = [c for c in contents if fold(bare).startswith(fold(c))]
    return max(matches, key=len) if matches else bare


def read_url_table(lines: list[Line], page: int, contents: list[str]) -> list[ServiceFact]:
    """The services of one URL-table slide."""
    services: list[ServiceFact] = []
    columns: dict[int, str] | None = None
    raw: list[tuple[str | None, str, str, str]] = []  # per service: (function, column, url, cell text)
    rows: list[list[tuple[str | None, str, str, str]]] = []
    for line in lines:
        if columns is None:
            columns = _header(line)
            continue
        cells: dict[str, str] = {}
        for cell in line.cells:
            cells.setdefault(_column(cell, columns), cell.text)
        if "name" in cells and cells["name"].startswith("※") and len(cells) == 1:
            break  # a note under the table
        if "name" in cells:
            printed = cells["name"]
            services.append(ServiceFact(_name(printed, contents), printed, page,
                                        invitation="開通通知メール" in printed))
            raw = []
            rows.append(raw)
        if not services:
            continue
        function = cells.get("function")
        found = False
        for column in ("admin", "user"):
            text = cells.get(column)
            if not text:
                continue
            urls = URL.findall(text)
            found = found or bool(urls)
            for url in urls:
                raw.append((function, column, url, text))
            if not urls:
                services[-1].no_login_reason = text
        if function and not found and raw:
            previous = raw[-1][0]
            raw[:] = [(f"{f}・{function}" if f == previous else f, c, u, t) for f, c, u, t in raw]
    for service, entries in zip(services, rows, strict=True):
        plain = {column for _, column, _, text in entries if not _device(text)}
        roles = plain >= {"admin", "user"}
        for function, column, url, text in entries:
            role = column if roles and not _device(text) else None
            service.entries.append(EntryFact(url, page, function, role, _device(text) or "pc"))
        if service.entries:
            service.no_login_reason = None
    return services


def _device(text: str) -> str | None:
    if text.startswith("PC用"):
        return "pc"
    if text.startswith(("スマホ用", "スマートフォン用")):
        return "smartphone"
    return None
