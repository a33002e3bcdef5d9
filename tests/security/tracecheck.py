"""Reading a finished run's traces as an attacker would: every member of every trace.zip."""
from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from loginsuite.secrets import MASK


def traces_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("trace*.zip"))


def events(trace: Path, suffix: str) -> Iterator[dict[str, Any]]:
    """The JSON events of the trace's members ending in ``suffix`` (``.trace``, ``.network``)."""
    with zipfile.ZipFile(trace) as archive:
        for name in archive.namelist():
            if name.endswith(suffix):
                for line in archive.read(name).decode("utf-8").splitlines():
                    yield json.loads(line)  # still valid JSON after the cleaning: the viewer opens it


def cookies(trace: Path) -> list[tuple[str, str]]:
    """(name, value) of every cookie the trace's network log shows, requests and responses."""
    found = []
    for event in events(trace, ".network"):
        snapshot = event.get("snapshot") or {}
        for side in ("request", "response"):
            found += [(c["name"], c["value"]) for c in (snapshot.get(side) or {}).get("cookies") or []]
    return found


def filled_values(trace: Path) -> list[str]:
    """What the trace says each ``fill`` action typed."""
    return [e["params"].get("value", "") for e in events(trace, ".trace")
            if e.get("type") == "before" and e.get("method") == "fill"]


def assert_usable_and_clean(trace: Path, session_cookie: str, signs_in: bool = True) -> None:
    """The trace still shows the walk (the sign-in's fills when it signs in, the IdP's session
    cookie by name), with every typed value and every cookie value masked."""
    filled = filled_values(trace)
    assert filled or not signs_in, f"{trace}: no fill action recorded"
    assert all(value == MASK for value in filled), f"{trace}: a typed value survived: {len(filled)} fills"
    seen = cookies(trace)
    assert session_cookie in {name for name, _ in seen}, f"{trace}: the IdP session cookie is not in the trace"
    assert all(value == MASK for _, value in seen), f"{trace}: a cookie value survived"
