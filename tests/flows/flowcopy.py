"""A private copy of the real flows/ folder, to break one thing in it.

Imported by the test modules rather than kept in a conftest.py, so the tests also run with
``--noconftest`` (the quick run: ``pytest tests/flows -q -p no:playwright --noconftest``).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from loginsuite.flows.loader import DEFAULT_DIR, FlowIssue

MANUAL_TEXT = DEFAULT_DIR.parent.parent / "shared" / "manual" / "000_7b1697d010e9f63e.txt"


def copy_flows(tmp_path: Path) -> Path:
    """A copy of the real flows/ at tmp_path/flows (so issues name files as flows/…, like the real folder).

    Each test module wraps it in a ``flows_copy`` fixture of its own.
    """
    copy = tmp_path / "flows"
    shutil.copytree(DEFAULT_DIR, copy)
    return copy


def edit(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of ``old`` in ``path`` with ``new``; return the line ``new`` starts on.

    Fails when ``old`` is not there exactly once, so a change to flows/ cannot make a test break
    something else than it means to.
    """
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"expected {old!r} exactly once in {path}, found {text.count(old)}"
    at = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line_of(path, new) if new else text.count("\n", 0, at) + 1


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the one occurrence of ``needle`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(needle) == 1, f"expected {needle!r} exactly once in {path}, found {text.count(needle)}"
    return text.count("\n", 0, text.index(needle)) + 1


def describe(issues: list[FlowIssue]) -> str:
    return "\n".join(f"  {issue}" for issue in issues)
