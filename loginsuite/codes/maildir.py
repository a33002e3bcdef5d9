"""Codes from a Maildir: the mock's mail sink (aiosmtpd writes one), or any local delivery."""
from __future__ import annotations

import mailbox
import os
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from loginsuite.codes.base import CodeRule, MailboxSource
from loginsuite.mailparse import parse_message


@dataclass(frozen=True)
class MaildirMark:
    """The mails present when the code was requested; anything else is new."""

    keys: frozenset[str]


class MaildirSource(MailboxSource):
    def __init__(self, path: str | os.PathLike[str], rule: CodeRule | None = None,
                 poll_interval: float = 0.1, mark_read: bool = False) -> None:
        super().__init__(rule, poll_interval, mark_read)
        self.path = Path(path)
        self.where = f"Maildir {self.path}"

    def _box(self) -> mailbox.Maildir | None:
        # A fresh object per poll: the sink may create the folder only with its first mail.
        if not (self.path / "new").is_dir():
            return None
        return mailbox.Maildir(self.path, factory=None, create=False)

    def mark(self) -> MaildirMark:
        box = self._box()
        return MaildirMark(frozenset(box.keys()) if box is not None else frozenset())

    def _new_messages(self, since: object) -> list[tuple[object, EmailMessage]]:
        if not isinstance(since, MaildirMark):
            raise TypeError(f"MaildirSource needs its own mark(), got {type(since).__name__}")
        box = self._box()
        if box is None:
            return []
        found: list[tuple[float, str, EmailMessage]] = []
        for key in box.keys():  # noqa: SIM118 (iterating a Mailbox yields messages, not keys)
            if key in since.keys:
                continue
            try:
                raw = box.get_bytes(key)
                delivered = os.path.getmtime(self.path / box._lookup(key))  # type: ignore[attr-defined]
            except (KeyError, FileNotFoundError):
                continue  # moved or removed between listing and reading
            found.append((delivered, key, parse_message(raw)))
        found.sort(key=lambda item: (item[0], item[1]))
        return [(key, msg) for _, key, msg in found]

    def _set_seen(self, key: object) -> None:
        box = self._box()
        if box is None or not isinstance(key, str):
            return
        msg = box.get_message(key)
        msg.set_subdir("cur")
        msg.add_flag("S")
        box[key] = msg
