"""PromptSource driven through a real pseudo-terminal, and failing fast where there is none."""
from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loginsuite.codes import CodeSourceError, PromptSource

ROOT = Path(__file__).resolve().parents[2]
CHILD = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from loginsuite.codes import CodeSourceError, PromptSource
try:
    code = PromptSource().wait_for_code(None, timeout=float(sys.argv[1]))
except CodeSourceError as exc:
    print("FAILED:", exc, flush=True)
    sys.exit(3)
print("GOT", code, flush=True)
"""


def _read_until(fd: int, wanted: bytes, deadline: float) -> bytes:
    """Reads the terminal's output until ``wanted`` appears, the child closes it, or the deadline."""
    seen = b""
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child has exited and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


def _in_terminal(answers: list[bytes], timeout: float = 20) -> tuple[int, str]:
    """Runs the child on a new pseudo-terminal, typing each answer after each prompt."""
    pid, master = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty, so /dev/tty opens it
        os.execv(sys.executable, [sys.executable, "-c", CHILD, str(timeout)])
    deadline = time.monotonic() + 30
    output = b""
    try:
        for answer in answers:
            output += _read_until(master, b": ", deadline)
            os.write(master, answer)
        output += _read_until(master, b"\n\n\n", deadline)  # everything until the child exits
    finally:
        os.close(master)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


@pytest.fixture
def speak(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The child's language: set with ``speak.setenv("BIZD_LANG", …)``; none inherited from this run."""
    monkeypatch.delenv("BIZD_LANG", raising=False)
    return monkeypatch


def test_code_typed_at_the_terminal_is_returned(speak: pytest.MonkeyPatch) -> None:
    status, output = _in_terminal([b"482913\n"])
    assert "ビジネスdアカウント: メールで届いたセキュリティコード（6桁）を入力してください" in output  # Japanese by default
    assert status == 0 and "GOT 482913" in output


@pytest.mark.parametrize(("lang", "again"), [("ja", "6桁の数字で入力してください"), ("en", "6 digits, please")])
def test_malformed_answer_is_asked_again_and_full_width_digits_are_accepted(speak: pytest.MonkeyPatch, lang: str,
                                                                           again: str) -> None:
    speak.setenv("BIZD_LANG", lang)
    status, output = _in_terminal([b"48-29\n", "４８２９１３\n".encode()])
    assert again in output
    assert status == 0 and "GOT 482913" in output


@pytest.mark.parametrize(("lang", "said"), [("ja", "0.5秒以内に端末でセキュリティコードが入力されませんでした"),
                                           ("en", "no security code typed at the terminal within 0.5s")])
def test_nobody_answering_times_out(speak: pytest.MonkeyPatch, lang: str, said: str) -> None:
    speak.setenv("BIZD_LANG", lang)
    status, output = _in_terminal([], timeout=0.5)
    assert status == 3 and said in output


def test_without_a_terminal_it_fails_at_once_naming_the_mailbox_settings() -> None:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", CHILD, "60"], check=False, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, start_new_session=True, timeout=30)  # no controlling tty
    assert time.monotonic() - started < 10  # far below the 60 s it would otherwise wait
    assert result.returncode == 3, result.stdout + result.stderr
    for name in ("BIZD_CODE_SOURCE=imap", "BIZD_IMAP_HOST", "BIZD_IMAP_USER", "BIZD_IMAP_PASSWORD", "BIZD_MAILDIR"):
        assert name in result.stdout


def test_with_neither_dev_tty_nor_a_terminal_stdin_it_raises_immediately(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CodeSourceError, match="BIZD_IMAP_HOST"):
        PromptSource(tty_path="/nonexistent/tty").wait_for_code(None, timeout=60)
