"""MaildirSource: the mock's sink, read with the stdlib mailbox module."""
from __future__ import annotations

import mailbox
import threading
from pathlib import Path

import pytest
from code_mails import INVITE_URL, JOSYS_SENDER, JOSYS_SUBJECT, html_only, josys_invitation, utf8_base64

from loginsuite import secrets
from loginsuite.codes import (
    CodeRule,
    CodeTimeout,
    MaildirSource,
    MailMatch,
    code_source_from_env,
    wait_for_link,
)


def _deliver(folder: Path, raw: bytes) -> None:
    mailbox.Maildir(folder, create=True).add(raw)


@pytest.fixture
def box(tmp_path: Path) -> Path:
    """A Maildir folder (not created yet: the sink creates it with its first mail)."""
    return tmp_path / "Maildir"


def test_newest_code_after_the_mark_wins(tmp_path: Path) -> None:
    source = MaildirSource(tmp_path / "mail")
    _deliver(tmp_path / "mail", utf8_base64("100001"))
    since = source.mark()
    _deliver(tmp_path / "mail", utf8_base64("100002"))
    _deliver(tmp_path / "mail", html_only("100003"))
    assert source.wait_for_code(since, timeout=5) == "100003"


def test_codes_from_before_the_mark_time_out(box: Path) -> None:
    _deliver(box, utf8_base64("100004"))
    source = MaildirSource(box)
    with pytest.raises(CodeTimeout, match=rf"Maildir {box}.*within 0\.\d+s"):
        source.wait_for_code(source.mark(), timeout=0.5)


def test_a_maildir_the_sink_has_not_created_yet_is_waited_for(tmp_path: Path) -> None:
    folder = tmp_path / "later"
    source = MaildirSource(folder)
    since = source.mark()
    late = threading.Timer(0.3, _deliver, args=(folder, utf8_base64("100005")))
    late.start()
    try:
        assert source.wait_for_code(since, timeout=5) == "100005"
    finally:
        late.join()


def test_mark_read_moves_the_code_mail_to_cur_with_the_seen_flag(box: Path) -> None:
    source = MaildirSource(box, mark_read=True)
    since = source.mark()
    _deliver(box, utf8_base64("100006"))
    assert source.wait_for_code(since, timeout=5) == "100006"
    (msg,) = mailbox.Maildir(box).values()
    assert msg.get_subdir() == "cur" and "S" in msg.get_flags()


def test_codes_read_are_registered_for_masking(box: Path) -> None:
    source = MaildirSource(box)
    since = source.mark()
    _deliver(box, utf8_base64("100007"))
    source.wait_for_code(since, timeout=5)
    assert secrets.mask("code 100007") == f"code {secrets.MASK}"


def test_sender_and_subject_filters_skip_other_mail(box: Path) -> None:
    source = MaildirSource(box, CodeRule(MailMatch(sender="@bizd.example.jp")))
    since = source.mark()
    _deliver(box, utf8_base64("100008"))
    _deliver(box, utf8_base64("100009", sender="x@evil.example"))
    assert source.wait_for_code(since, timeout=5) == "100008"


def test_josys_invitation_link_is_read_from_the_maildir(box: Path) -> None:
    source = MaildirSource(box)
    since = source.mark()
    _deliver(box, josys_invitation())
    assert wait_for_link(source, since, MailMatch(JOSYS_SENDER, JOSYS_SUBJECT), "招待を承諾する", 5) == INVITE_URL


def test_a_mark_from_another_source_is_refused(box: Path) -> None:
    with pytest.raises(TypeError, match="own mark"):
        MaildirSource(box).wait_for_code(object(), timeout=1)


def test_environment_selects_the_maildir_source(tmp_path: Path) -> None:
    source = code_source_from_env({"BIZD_MAILDIR": str(tmp_path)}, env_file=tmp_path / "none.env")
    assert isinstance(source, MaildirSource) and source.path == tmp_path
