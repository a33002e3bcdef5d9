"""Where the account's secrets come from: the environment, a git-ignored .env, or the OS keyring.

Never from flows/ or any tracked file. Every password read here is registered for masking at once,
and ``Credentials`` never shows it in repr/str (test reports print fixture values).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from loginsuite import secrets

ACCOUNT_ID = "BIZD_ACCOUNT_ID"
PASSWORD = "BIZD_PASSWORD"
COMPANY_CODE = "BIZD_COMPANY_CODE"  # 出勤簿's 会社コード (optional)
ENV_FILE = "BIZD_ENV_FILE"  # another .env than ./.env
ENV_NAMES = (ACCOUNT_ID, PASSWORD)
KEYRING_SERVICE = "bizd-login-suite"  # keyring entries: service "bizd-login-suite", username = the variable name
SECRET_NAMES = frozenset({PASSWORD, "BIZD_IMAP_PASSWORD"})
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Credentials:
    account_id: str
    password: str = field(repr=False)
    company_code: str | None = None

    def __repr__(self) -> str:
        return (f"Credentials(account_id={self.account_id!r}, password={secrets.MASK!r}, "
                f"company_code={self.company_code!r})")

    __str__ = __repr__


def _env_file(environ: Mapping[str, str]) -> Path | None:
    if environ.get(ENV_FILE):
        return Path(environ[ENV_FILE])
    for folder in (Path.cwd(), PROJECT_ROOT):
        if (folder / ".env").is_file():
            return folder / ".env"
    return None


def _keyring(name: str) -> str | None:
    """The OS keyring's entry, only if the optional ``keyring`` package is installed and works."""
    try:
        import keyring  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE, name)
    except Exception:  # noqa: BLE001 (no backend, locked keyring: the keyring is only a fallback)
        return None
    return value or None


@dataclass
class Lookup:
    """Looks names up in order: the process environment, the .env file, the OS keyring (secrets only)."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    env_file: Path | None = None
    use_keyring: bool = True

    def __post_init__(self) -> None:
        path = self.env_file or _env_file(self.environ)
        self._file = {k: v for k, v in dotenv_values(path).items() if v is not None} if path and path.is_file() else {}

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.environ.get(name) or self._file.get(name)
        if not value and self.use_keyring and name in SECRET_NAMES:
            value = _keyring(name)
        if value and name in SECRET_NAMES:
            secrets.register(value, name.removeprefix("BIZD_").lower())
        return value or default


def load_credentials(environ: Mapping[str, str] | None = None, env_file: Path | None = None,
                     use_keyring: bool = True) -> Credentials | None:
    """The account to sign in with, or None when the account ID or password is not configured."""
    found = Lookup(os.environ if environ is None else environ, env_file, use_keyring)
    account_id, password = found.get(ACCOUNT_ID), found.get(PASSWORD)
    if not account_id or not password:
        return None
    return Credentials(account_id, password, found.get(COMPANY_CODE))
