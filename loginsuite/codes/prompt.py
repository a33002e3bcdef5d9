"""Codes typed by the person at the terminal: for a live run on a laptop without a mailbox configured.

Reads from /dev/tty (so pytest's output capture does not swallow the question), else from stdin when
that is a terminal. Without a terminal (CI) it fails at once, saying how to configure a mailbox.
"""
from __future__ import annotations

import os
import re
import select
import sys
import time
import unicodedata

from loginsuite import secrets
from loginsuite.codes.base import CodeSourceError, CodeTimeout
from loginsuite.i18n import N_, _

# Message ids (English): shown through the catalogue, in the reader's language, where they are used.
CONFIGURE_HINT = N_(
    "no terminal to ask for the security code (CI?). Configure a mailbox instead: "
    "BIZD_CODE_SOURCE=imap with BIZD_IMAP_HOST, BIZD_IMAP_USER, BIZD_IMAP_PASSWORD "
    "(optional BIZD_IMAP_PORT, BIZD_IMAP_SSL, BIZD_IMAP_FOLDER, BIZD_CODE_SENDER, BIZD_CODE_SUBJECT, "
    "BIZD_CODE_PATTERN, BIZD_IMAP_MARK_READ), or BIZD_CODE_SOURCE=maildir with BIZD_MAILDIR"
)
PROMPT = N_("Business d Account: the security code from the mail (6 digits): ")
AGAIN = N_("6 digits, please: ")


class PromptSource:
    def __init__(self, pattern: str = r"[0-9]{6}", tty_path: str = "/dev/tty", prompt: str | None = None) -> None:
        self.pattern = re.compile(pattern)
        self.tty_path = tty_path
        self.prompt = prompt

    def mark(self) -> float:
        """Nothing to watermark: the person reads the newest mail; kept for the common interface."""
        return time.time()

    def preflight(self) -> list[str]:
        """Fails before the sign-in when there is no terminal to ask (CI)."""
        read_fd, _write_fd, owned = self._open()
        if owned:
            os.close(read_fd)
        return []

    def _open(self) -> tuple[int, int, bool]:
        """(read fd, write fd, whether we opened them) of the terminal."""
        try:
            fd = os.open(self.tty_path, os.O_RDWR | os.O_NOCTTY)
            return fd, fd, True
        except OSError:
            pass
        try:
            if sys.stdin is not None and sys.stdin.isatty():
                return sys.stdin.fileno(), (sys.stderr or sys.stdout).fileno(), False
        except (ValueError, OSError):  # pytest replaces stdin with an object without a descriptor
            pass
        raise CodeSourceError(_(CONFIGURE_HINT))

    def wait_for_code(self, since: object, timeout: float = 120) -> str:
        read_fd, write_fd, owned = self._open()
        deadline = time.monotonic() + timeout
        try:
            os.write(write_fd, (self.prompt or _(PROMPT)).encode())
            buffered = b""
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise CodeTimeout(_("no security code typed at the terminal within {timeout:g}s").format(
                        timeout=timeout))
                ready, _writable, _failed = select.select([read_fd], [], [], remaining)
                if not ready:
                    continue
                chunk = os.read(read_fd, 1024)
                if not chunk:
                    raise CodeSourceError(_("the terminal closed before a security code was typed"))
                buffered += chunk
                while b"\n" in buffered:
                    line, buffered = buffered.split(b"\n", 1)
                    answer = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line.decode(errors="replace")))
                    if self.pattern.fullmatch(answer):
                        secrets.register(answer, "code")
                        return answer
                    os.write(write_fd, _(AGAIN).encode())
        finally:
            if owned:
                os.close(read_fd)
