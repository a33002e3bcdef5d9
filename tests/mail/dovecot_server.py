"""A throwaway Dovecot on loopback: IMAP (plain) and LMTP, its own config in a temporary folder.

No system configuration is read; the mail user is ``nobody`` (Dovecot refuses uid 0 for mail).
"""
from __future__ import annotations

import os
import pwd
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

from loginsuite.codes import CodeRule, ImapSettings, ImapSource, MailMatch
from loginsuite.codes.defaults import ANY

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
MAIL_USER = "nobody"
USER, PASSWORD = "bizd-mail-test", "throwaway-Imap-pw-7c1e"

CONFIG = """\
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
listen = 127.0.0.1
protocols = imap lmtp
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{tmp}/mail/%n
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {tmp}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%n {tmp}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
"""


@dataclass
class Dovecot:
    """A running throwaway Dovecot: where to deliver (LMTP) and how to read (IMAP)."""

    root: Path
    imap_port: int
    lmtp_port: int
    user: str = USER
    password: str = field(default=PASSWORD, repr=False)

    @property
    def address(self) -> str:
        return f"{self.user}@localhost"

    def imap_settings(self, folder: str = "INBOX") -> ImapSettings:
        return ImapSettings(host="127.0.0.1", port=self.imap_port, user=self.user, password=self.password,
                            use_ssl=False, folder=folder, connect_timeout=5)

    def source(self, rule: CodeRule | None = None, mark_read: bool = False, settle: float = 0.2,
               **settings: Any) -> ImapSource:
        """A source on this Dovecot; a short settle interval keeps the tests quick (the default is
        for real identity providers)."""
        return ImapSource(replace(self.imap_settings(), **settings), rule or CodeRule(MailMatch(ANY)),
                          poll_interval=0.1, mark_read=mark_read, settle=settle)

    def append(self, raw: bytes, received: datetime, folder: str = "INBOX") -> None:
        """Files a mail with the given INTERNALDATE, as a mailbox sync or a delayed delivery does."""
        with IMAPClient("127.0.0.1", self.imap_port, ssl=False, timeout=10) as client:
            client.login(self.user, self.password)
            client.append(folder, raw, msg_time=received)

    def create_folder(self, name: str) -> None:
        with IMAPClient("127.0.0.1", self.imap_port, ssl=False, timeout=10) as client:
            client.login(self.user, self.password)
            if not client.folder_exists(name):
                client.create_folder(name)

    def deliver(self, msg: EmailMessage | bytes, sender: str = "noreply@example.jp") -> None:
        """Delivers through Dovecot's LMTP, as the mock identity provider does."""
        with smtplib.LMTP("127.0.0.1", self.lmtp_port, timeout=10) as lmtp:
            raw = msg if isinstance(msg, bytes) else msg.as_bytes()
            refused = lmtp.sendmail(sender, [self.address], raw)
            assert not refused, refused


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, deadline_s: float = 15) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited ({process.returncode}): {_log_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)  # polling a port while a daemon starts, bounded by the deadline
    raise RuntimeError(f"dovecot did not accept connections on port {port} within {deadline_s}s: {_log_tail(log)}")


def _log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"



def unavailable(dovecot: str | None = None) -> str | None:
    """Why Dovecot cannot run here, or None."""
    dovecot = dovecot or DOVECOT
    if not Path(dovecot).exists():
        return f"Dovecot is not installed ({dovecot} missing; apt-get install dovecot-imapd dovecot-lmtpd)"
    if os.geteuid() != 0:
        return "Dovecot tests need root (Dovecot switches to the mail user and refuses uid 0 for mail)"
    return None


def require_dovecot(dovecot: str | None = None, environ: Mapping[str, str] = os.environ) -> None:
    """Skips when Dovecot cannot run here; on CI (env CI set) fails instead, since there it must run."""
    why = unavailable(dovecot)
    if why:
        if environ.get("CI"):
            pytest.fail(f"CI is set, so the Dovecot tests must run: {why}")
        pytest.skip(why)


@contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    """Starts Dovecot, waits until both ports accept connections, stops it and removes its folder."""
    mail_user = pwd.getpwnam(MAIL_USER)
    root = Path(tempfile.mkdtemp(prefix="bizd-dovecot-"))
    root.chmod(0o755)  # the mail processes run as nobody and must reach {tmp}/mail
    (root / "mail").mkdir()
    os.chown(root / "mail", mail_user.pw_uid, mail_user.pw_gid)
    (root / "passwd").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}:{mail_user.pw_uid}:{mail_user.pw_gid}::{root}/mail/{USER}::\n")
    imap_port, lmtp_port = _free_port(), _free_port()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(tmp=root, uid=mail_user.pw_uid, gid=mail_user.pw_gid,
                                    imap_port=imap_port, lmtp_port=lmtp_port))
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(imap_port, process, root / "dovecot.log")
        _wait_for_port(lmtp_port, process, root / "dovecot.log")
        yield Dovecot(root, imap_port, lmtp_port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
