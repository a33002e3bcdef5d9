"""Choosing the code source from the environment (or .env): maildir, imap or prompt."""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from loginsuite.codes import defaults
from loginsuite.codes.base import CodeRule, CodeSource, CodeSourceError, MailMatch
from loginsuite.codes.imap import ImapSettings, ImapSource
from loginsuite.codes.maildir import MaildirSource
from loginsuite.codes.prompt import PromptSource
from loginsuite.credentials import Lookup
from loginsuite.i18n import _
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
    raise CodeSourceError(_("{name}={value!r}: use 1/0, true/false, yes/no or on/off").format(name=name, value=value))


def _seconds(env: Lookup, name: str, default: float, minimum: float = 0.0) -> float:
    value = env.get(name)
    if value is None or not value.strip():
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= minimum or seconds == float("inf"):
        raise CodeSourceError(_("{name}={value!r}: give a number of seconds (at least {minimum:g})").format(
            name=name, value=value, minimum=minimum))
    return seconds


@dataclass(frozen=True)
class CodeSourceConfig:
    """Everything a code source needs; ``kind`` defaults to imap if a host is set, maildir if a
    folder is, else prompt."""

    kind: str = "prompt"
    maildir: Path | None = None
    imap: ImapSettings | None = None
    rule: CodeRule = field(default_factory=CodeRule)
    mark_read: bool = False
    poll_interval: float = defaults.POLL_SECONDS
    settle: float = defaults.SETTLE_SECONDS
    clock_skew: float = defaults.CLOCK_SKEW_SECONDS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> CodeSourceConfig:
        env = Lookup(os.environ if environ is None else environ, env_file)
        host, maildir = env.get("BIZD_IMAP_HOST"), env.get("BIZD_MAILDIR")
        kind = (env.get("BIZD_CODE_SOURCE") or ("imap" if host else "maildir" if maildir else "prompt")).lower()
        if kind not in KINDS:
            raise CodeSourceError(_("BIZD_CODE_SOURCE={kind!r}: use one of {kinds}").format(
                kind=kind, kinds=", ".join(KINDS)))
        pattern = env.get("BIZD_CODE_PATTERN") or DEFAULT_CODE_PATTERN
        try:
            re.compile(pattern)
        except re.error as exc:
            raise CodeSourceError(_("BIZD_CODE_PATTERN is not a valid regular expression: {error}").format(
                error=exc)) from None
        sender = (env.get("BIZD_CODE_SENDER") or "").strip() or defaults.SENDER
        subject = (env.get("BIZD_CODE_SUBJECT") or "").strip() or defaults.SUBJECT
        rule = CodeRule(MailMatch(sender, subject), pattern)
        imap = None
        if kind == "imap":
            user, password = env.get("BIZD_IMAP_USER"), env.get("BIZD_IMAP_PASSWORD")
            missing = [n for n, v in (("BIZD_IMAP_HOST", host), ("BIZD_IMAP_USER", user),
                                      ("BIZD_IMAP_PASSWORD", password)) if not v]
            if missing:
                raise CodeSourceError(_("BIZD_CODE_SOURCE=imap needs {names} (environment or .env)").format(
                    names=", ".join(missing)))
            port = env.get("BIZD_IMAP_PORT")
            if port is not None and not port.isdigit():
                raise CodeSourceError(_("BIZD_IMAP_PORT={port!r} is not a port number").format(port=port))
            assert host and user and password
            imap = ImapSettings(host=host, user=user, password=password, port=int(port) if port else None,
                                use_ssl=_flag("BIZD_IMAP_SSL", env.get("BIZD_IMAP_SSL"), True),
                                folder=env.get("BIZD_IMAP_FOLDER") or "INBOX",
                                connect_timeout=_seconds(env, "BIZD_IMAP_CONNECT_TIMEOUT",
                                                         defaults.CONNECT_TIMEOUT_SECONDS, 0.1),
                                read_timeout=_seconds(env, "BIZD_IMAP_READ_TIMEOUT",
                                                      defaults.READ_TIMEOUT_SECONDS, 0.1),
                                idle=_flag("BIZD_IMAP_IDLE", env.get("BIZD_IMAP_IDLE"), True))
        if kind == "maildir" and not maildir:
            raise CodeSourceError(_("BIZD_CODE_SOURCE=maildir needs BIZD_MAILDIR (the Maildir folder)"))
        return cls(kind=kind, maildir=Path(maildir) if maildir else None, imap=imap, rule=rule,
                   mark_read=_flag("BIZD_IMAP_MARK_READ", env.get("BIZD_IMAP_MARK_READ"), False),
                   poll_interval=_seconds(env, "BIZD_IMAP_POLL_SECONDS", defaults.POLL_SECONDS, 0.05),
                   settle=_seconds(env, "BIZD_CODE_SETTLE_SECONDS", defaults.SETTLE_SECONDS),
                   clock_skew=_seconds(env, "BIZD_CODE_CLOCK_SKEW_SECONDS", defaults.CLOCK_SKEW_SECONDS))

    def build(self) -> CodeSource:
        timing = {"poll_interval": self.poll_interval, "settle": self.settle, "clock_skew": self.clock_skew}
        if self.kind == "imap":
            assert self.imap is not None
            return ImapSource(self.imap, self.rule, mark_read=self.mark_read, **timing)
        if self.kind == "maildir":
            assert self.maildir is not None
            return MaildirSource(self.maildir, self.rule, mark_read=self.mark_read, **timing)
        return PromptSource()


def code_source_from_env(environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> CodeSource:
    """The code source the environment (or .env) asks for; see CodeSourceConfig.from_env."""
    return CodeSourceConfig.from_env(environ, env_file).build()


def preflight(source: CodeSource) -> list[str]:
    """The source's own check before any sign-in (mailbox sign-in, folder, filters, terminal):
    raises CodeSourceError on a mistake, returns warnings."""
    check = getattr(source, "preflight", None)
    return list(check() or []) if callable(check) else []
