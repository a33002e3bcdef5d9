"""A pytest plugin for the artifact search: writes down every security code the run typed (each one
passes through loginsuite.secrets.register), so the search knows what to look for afterwards; with
SECRETS_SPY_FILE set, every registered value and its kind as well."""
from __future__ import annotations

import os

from loginsuite import secrets

_register = secrets.register


def _spy(value: str | None, kind: str = "secret") -> None:
    if value and kind == "security_code":
        with open(os.environ["CODES_SPY_FILE"], "a", encoding="utf-8") as out:
            out.write(value + "\n")
    if value and os.environ.get("SECRETS_SPY_FILE"):  # every kind, for tests that need the others
        with open(os.environ["SECRETS_SPY_FILE"], "a", encoding="utf-8") as out:
            out.write(f"{kind}\t{value}\n")
    _register(value, kind)


secrets.register = _spy
