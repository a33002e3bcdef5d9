"""Choosing the code source from the environment (or .env): maildir, imap or prompt."""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from loginsuite.codes.base import CodeRule, CodeSource, CodeSourceError, MailMatch
from loginsuite.codes.imap import ImapSettings, ImapSource
from loginsuite.codes.maildir import MaildirSource
from loginsuite.codes.prompt import PromptSource
from loginsuite.credentials import Lookup
from loginsuite.mailparse import DEFAULT_CODE_PATTERN

KINDS = ("maildir", "imap", "prompt")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(name: str, value: str | None, default: bool) -> bool:
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise CodeSourceError(f"{name}={value!r}: use 1/0, true/false, yes/no or on/off")


@dataclass(frozen=True)
class CodeSourceConfig:
    """Everything a code source needs; ``kind`` defaults to imap if a host is set, maildir if a
    folder is, else prompt."""

    kind: str = "prompt"
    maildir: Path | None = None
    imap: ImapSettings | None = None
    rule: CodeRule = field(default_factory=CodeRule)
    mark_read: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> CodeSourceConfig:
        env = Lookup(os.environ if environ is None else environ, env_file)
        host, maildir = env.get("BIZD_IMAP_HOST"), env.get("BIZD_MAILDIR")
        kind = (env.get("BIZD_CODE_SOURCE") or ("imap" if host else "maildir" if maildir else "prompt")).lower()
        if kind not in KINDS:
            raise CodeSourceError(f"BIZD_CODE_SOURCE={kind!r}: use one of {', '.join(KINDS)}")
        pattern = env.get("BIZD_CODE_PATTERN") or DEFAULT_CODE_PATTERN
        try:
            re.compile(pattern)
        except re.error as exc:
            raise CodeSourceError(f"BIZD_CODE_PATTERN is not a valid regular expression: {exc}") from None
        rule = CodeRule(MailMatch(env.get("BIZD_CODE_SENDER"), env.get("BIZD_CODE_SUBJECT")), pattern)
        imap = None
        if kind == "imap":
            user, password = env.get("BIZD_IMAP_USER"), env.get("BIZD_IMAP_PASSWORD")
            missing = [n for n, v in (("BIZD_IMAP_HOST", host), ("BIZD_IMAP_USER", user),
                                      ("BIZD_IMAP_PASSWORD", password)) if not v]
            if missing:
                raise CodeSourceError(f"BIZD_CODE_SOURCE=imap needs {', '.join(missing)} (environment or .env)")
            port = env.get("BIZD_IMAP_PORT")
            if port is not None and not port.isdigit():
                raise CodeSourceError(f"BIZD_IMAP_PORT={port!r} is not a port number")
            assert host and user and password
            imap = ImapSettings(host=host, user=user, password=password, port=int(port) if port else None,
                                use_ssl=_flag("BIZD_IMAP_SSL", env.get("BIZD_IMAP_SSL"), True),
                                folder=env.get("BIZD_IMAP_FOLDER") or "INBOX")
        if kind == "maildir" and not maildir:
            raise CodeSourceError("BIZD_CODE_SOURCE=maildir needs BIZD_MAILDIR (the Maildir folder)")
        return cls(kind=kind, maildir=Path(maildir) if maildir else None, imap=imap, rule=rule,
                   mark_read=_flag("BIZD_IMAP_MARK_READ", env.get("BIZD_IMAP_MARK_READ"), False))

    def build(self) -> CodeSource:
        if self.kind == "imap":
            assert self.imap is not None
            return ImapSource(self.imap, self.rule, mark_read=self.mark_read)
        if self.kind == "maildir":
            assert self.maildir is not None
            return MaildirSource(self.maildir, self.rule, mark_read=self.mark_read)
        return PromptSource()


def code_source_from_env(environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> CodeSource:
    """The code source the environment (or .env) asks for; see CodeSourceConfig.from_env."""
    return CodeSourceConfig.from_env(environ, env_file).build()
