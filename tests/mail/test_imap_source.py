"""ImapSource against a real Dovecot: mails delivered over LMTP, codes read over IMAP."""
from __future__ import annotations

import imaplib
import threading
import time
from collections.abc import Callable
from dataclasses import replace

import pytest
from code_mails import (
    ENCODINGS,
    IDP_SENDER,
    INVITE_URL,
    JOSYS_SENDER,
    JOSYS_SUBJECT,
    SUBJECT,
    josys_invitation,
    utf8_base64,
)
from dovecot_server import Dovecot

from loginsuite import secrets
from loginsuite.codes import (
    CodeRule,
    CodeSourceError,
    CodeTimeout,
    ImapSource,
    MailMatch,
    code_source_from_env,
    wait_for_link,
)

pytestmark = pytest.mark.dovecot


def _flags(dovecot: Dovecot) -> dict[str, bytes]:
    """Message-ID -> FLAGS of every mail in the INBOX, read with a separate connection."""
    conn = imaplib.IMAP4("127.0.0.1", dovecot.imap_port, timeout=5)
    try:
        conn.login(dovecot.user, dovecot.password)
        conn.select("INBOX", readonly=True)
        _, data = conn.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        return {item[1].decode(): item[0] for item in data if isinstance(item, tuple)}
    finally:
        conn.logout()


@pytest.mark.parametrize("build", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_code_is_read_over_imap_in_every_mime_encoding(dovecot: Dovecot, mailbox: ImapSource,
                                                        build: Callable[..., bytes]) -> None:
    since = mailbox.mark()
    dovecot.deliver(build("482913"))
    assert mailbox.wait_for_code(since, timeout=10) == "482913"


def test_newest_code_after_the_watermark_wins_and_older_codes_are_ignored(dovecot: Dovecot,
                                                                           mailbox: ImapSource) -> None:
    dovecot.deliver(utf8_base64("111111"))
    since = mailbox.mark()
    dovecot.deliver(utf8_base64("222222"))
    dovecot.deliver(utf8_base64("333333"))  # 再送: the newer code is the valid one
    assert mailbox.wait_for_code(since, timeout=10) == "333333"


def test_code_mail_from_before_the_watermark_is_never_returned(dovecot: Dovecot, mailbox: ImapSource) -> None:
    dovecot.deliver(utf8_base64("444444"))
    since = mailbox.mark()
    with pytest.raises(CodeTimeout):
        mailbox.wait_for_code(since, timeout=1)


def test_code_delivered_while_waiting_is_picked_up_by_polling(dovecot: Dovecot, mailbox: ImapSource) -> None:
    since = mailbox.mark()
    late = threading.Timer(0.5, dovecot.deliver, args=(utf8_base64("555555"),))
    late.start()
    try:
        assert mailbox.wait_for_code(since, timeout=10) == "555555"
    finally:
        late.join()


def test_mail_from_another_sender_or_with_another_subject_is_ignored(dovecot: Dovecot) -> None:
    rule = CodeRule(MailMatch(sender=IDP_SENDER, subject="セキュリティコード"))
    with dovecot.source(rule) as source:
        since = source.mark()
        dovecot.deliver(utf8_base64("666666"))
        dovecot.deliver(utf8_base64("777777", sender="phish@evil.example"))
        dovecot.deliver(utf8_base64("888888", subject="ニュースレター"))
        assert source.wait_for_code(since, timeout=10) == "666666"


def test_sender_filter_accepts_a_whole_domain(dovecot: Dovecot) -> None:
    with dovecot.source(CodeRule(MailMatch(sender="@bizd.example.jp"))) as source:
        since = source.mark()
        dovecot.deliver(utf8_base64("121212"))
        assert source.wait_for_code(since, timeout=10) == "121212"


def test_timeout_names_mailbox_sender_filter_and_wait_but_never_the_password(dovecot: Dovecot) -> None:
    with dovecot.source(CodeRule(MailMatch(sender=IDP_SENDER, subject=SUBJECT))) as source:
        since = source.mark()
        dovecot.deliver(utf8_base64("999999", sender="someone@else.example"))
        started = time.monotonic()
        with pytest.raises(CodeTimeout) as caught:
            source.wait_for_code(since, timeout=1)
    waited = time.monotonic() - started
    message = str(caught.value)
    assert 1 <= waited < 3
    assert "INBOX" in message and f"127.0.0.1:{dovecot.imap_port}" in message
    assert IDP_SENDER in message and "within 1." in message
    assert dovecot.password not in message and "999999" not in message


def test_mark_read_sets_seen_on_the_code_mail_only(dovecot: Dovecot) -> None:
    with dovecot.source(mark_read=True) as source:
        since = source.mark()
        dovecot.deliver(utf8_base64("131313", subject="mark-read: code"))
        dovecot.deliver(josys_invitation())  # no code: stays unread
        assert source.wait_for_code(since, timeout=10) == "131313"
    flags = {subject: flag for subject, flag in _flags(dovecot).items() if "mark-read" in subject}
    assert len(flags) == 1 and all(rb"\Seen" in f for f in flags.values())


def test_reading_without_mark_read_leaves_the_mail_unread(dovecot: Dovecot, mailbox: ImapSource) -> None:
    since = mailbox.mark()
    dovecot.deliver(utf8_base64("141414", subject="peek-only: code"))
    assert mailbox.wait_for_code(since, timeout=10) == "141414"
    flags = [flag for subject, flag in _flags(dovecot).items() if "peek-only" in subject]
    assert flags and all(rb"\Seen" not in f for f in flags)


@pytest.mark.parametrize("html", [True, False], ids=["html-button", "text-url"])
def test_josys_invitation_link_is_read_through_the_same_reader(dovecot: Dovecot, mailbox: ImapSource,
                                                                html: bool) -> None:
    since = mailbox.mark()
    dovecot.deliver(josys_invitation(html=html), sender=JOSYS_SENDER)
    dovecot.deliver(utf8_base64("151515"))  # a newer, unrelated mail does not hide the invitation
    link = wait_for_link(mailbox, since, MailMatch(JOSYS_SENDER, JOSYS_SUBJECT), "招待を承諾する", timeout=10)
    assert link == INVITE_URL


def test_code_source_from_env_reads_codes_from_the_configured_mailbox(dovecot: Dovecot) -> None:
    env = {"BIZD_CODE_SOURCE": "imap", "BIZD_IMAP_HOST": "127.0.0.1", "BIZD_IMAP_PORT": str(dovecot.imap_port),
           "BIZD_IMAP_USER": dovecot.user, "BIZD_IMAP_PASSWORD": dovecot.password, "BIZD_IMAP_SSL": "0",
           "BIZD_CODE_SENDER": IDP_SENDER, "BIZD_CODE_SUBJECT": "セキュリティコード",
           "BIZD_CODE_SETTLE_SECONDS": "0"}
    source = code_source_from_env(env, env_file=None)
    assert isinstance(source, ImapSource)
    source.poll_interval = 0.1
    with source:
        since = source.mark()
        dovecot.deliver(utf8_base64("161616"))
        assert source.wait_for_code(since, timeout=10) == "161616"
    assert dovecot.password in secrets.registered()


def test_wrong_imap_password_fails_clearly_without_echoing_it(dovecot: Dovecot) -> None:
    source = ImapSource(replace(dovecot.imap_settings(), password="wrong-Pass-0451"))
    with pytest.raises(CodeSourceError) as caught:
        source.mark()
    assert "refused the sign-in" in str(caught.value) and dovecot.user in str(caught.value)
    assert "wrong-Pass-0451" not in str(caught.value)
