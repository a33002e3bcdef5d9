"""Playwright traces without the run's secrets: each trace.zip is rewritten before it is kept.

Playwright has no way to keep typed text out of a trace: the ``fill`` action's parameters, every DOM
snapshot of a filled field (``__playwright_value_``), the posted form bodies (``resources/*.dat``,
``postData``) and every cookie header carry them. So the zip is rewritten: in its JSON lines only
string values are masked (numbers, ids and the structure stay valid, the viewer still opens it),
text resources are masked as text, and every cookie value the trace itself shows (the identity
provider's session among them) is masked too. Off the mock the screencast frames go as well: they
are pictures of the screens, with the account ID in them, and no text scan can clean a picture.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loginsuite import secrets

_JSON_LINES = (".trace", ".network", ".stacks")
_TEXT_RESOURCES = (".html", ".htm", ".css", ".js", ".json", ".txt", ".dat", ".xml", ".svg")
_COOKIE_HEADERS = {"cookie", "set-cookie"}


@dataclass
class Scrubbed:
    """What rewriting one trace changed."""

    members_changed: int = 0
    frames_dropped: int = 0
    cookies: int = 0  # distinct cookie values masked


def _mask_strings(value: Any, hidden: list[str]) -> Any:
    if isinstance(value, str):
        return secrets.mask(value, hidden)
    if isinstance(value, dict):
        return {key: _mask_strings(item, hidden) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_strings(item, hidden) for item in value]
    return value


def _cookie_values(network: bytes) -> set[str]:
    """Every cookie value in the trace's network log: request/response cookie lists and headers."""
    found: set[str] = set()
    for line in network.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        snapshot = event.get("snapshot") if isinstance(event, dict) else None
        if not isinstance(snapshot, dict):
            continue
        for side in ("request", "response"):
            part = snapshot.get(side) or {}
            for cookie in part.get("cookies") or []:
                found.add(str(cookie.get("value", "")))
            for header in part.get("headers") or []:
                if str(header.get("name", "")).lower() in _COOKIE_HEADERS:
                    for pair in str(header.get("value", "")).split(";"):
                        name, sep, value = pair.strip().partition("=")
                        if sep and name.lower() not in {"path", "domain", "expires", "max-age", "samesite"}:
                            found.add(value)
    return {value for value in found if len(value) >= secrets.MIN_LENGTH}


def _json_lines(data: bytes, hidden: list[str], drop_frames: bool) -> tuple[bytes, int]:
    out, dropped = [], 0
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            out.append(secrets.mask(line, hidden))
            continue
        if drop_frames and isinstance(event, dict) and event.get("type") == "screencast-frame":
            dropped += 1
            continue
        masked = _mask_strings(event, hidden)
        out.append(line if masked == event else json.dumps(masked, ensure_ascii=False, separators=(",", ":")))
    return ("\n".join(out) + "\n").encode("utf-8"), dropped


def scrub_trace(path: str | os.PathLike[str], values: Iterable[str], drop_frames: bool = False) -> Scrubbed:
    """Rewrite ``path`` (a trace.zip) without ``values``, the trace's cookie values, and, with
    ``drop_frames``, without its screencast pictures. The file is replaced atomically."""
    source = Path(path)
    result = Scrubbed()
    with zipfile.ZipFile(source) as archive:
        members = archive.infolist()
        cookies: set[str] = set()
        for info in members:
            if info.filename.endswith(".network"):
                cookies |= _cookie_values(archive.read(info))
        hidden = sorted({v for v in values if v} | cookies, key=len, reverse=True)
        result.cookies = len(cookies)
        handle, temporary = tempfile.mkstemp(dir=source.parent, prefix=".scrub-", suffix=".zip")
        os.close(handle)
        try:
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as rewritten:
                for info in members:
                    name = info.filename
                    if drop_frames and name.startswith("screencast/"):
                        result.frames_dropped += 1
                        continue
                    data = archive.read(info)
                    if name.endswith(_JSON_LINES):
                        new, _ = _json_lines(data, hidden, drop_frames)
                        if new.rstrip(b"\n") == data.rstrip(b"\n"):
                            new = data
                    elif name.startswith("resources/") and name.endswith(_TEXT_RESOURCES):
                        try:
                            new = secrets.mask(data.decode("utf-8"), hidden).encode("utf-8")
                        except UnicodeDecodeError:
                            new = data
                    else:
                        new = data
                    if new != data:
                        result.members_changed += 1
                    rewritten.writestr(info, new)
            shutil.move(temporary, source)
        finally:
            Path(temporary).unlink(missing_ok=True)
    return result
