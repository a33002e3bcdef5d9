"""The cases that would make a live sign-in type the wrong code, each against the real Dovecot: stale
mail filed late, resends, look-alike senders, mailbox mistakes (preflight), outages and stalls.

Mail times are set with APPEND (INTERNALDATE) and the Date header instead of waiting; deliveries
during a wait are triggered by the wait itself (its first look at the mailbox), not by sleeps.
"""
from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from email.utils import format_datetime

import pytest
from code_mails import IDP_SENDER, SUBJECT, iso_2022_jp_nec, utf8_base64
from dovecot_server import Dovecot
from flaky_proxy import FlakyProxy, flaky_proxy
from imapclient import IMAPClient

from loginsuite.codes import (
    CodeRule,
    CodeSourceError,
    CodeTimeout,
    ImapMark,
    ImapSource,
    MailMatch,
    preflight,
)
from loginsuite.codes.defaults import ANY

pytestmark = pytest.mark.dovecot

RULE = CodeRule(MailMatch(sender=IDP_SENDER, subject="セキュリティコード"))
LOOK_ALIKES = {
    "other-domain": "no-reply@bizd-example.jp",
    "suffix-domain": "no-reply@bizd.example.jp.evil.example",
    "display-name": f'"{IDP_SENDER}" <phish@evil.example>',
    "two-senders": f"{IDP_SENDER}, phish@evil.example",
}


def dated(raw: bytes, when: datetime) -> bytes:
    """The mail with its Date header set to ``when``."""
    return re.sub(rb"(?m)^Date: [^\r\n]*", b"Date: " + format_datetime(when).encode(), raw, count=1)


def now() -> datetime:
    return datetime.now().astimezone()


@pytest.fixture
def source(dovecot: Dovecot) -> Iterator[ImapSource]:
    with dovecot.source(RULE) as src:
        yield src


def on_first_look(source: ImapSource, action: Callable[[], None]) -> None:
    """Runs ``action`` once, right after the wait's first look at the mailbox (the event that stands
    for "the identity provider sends while we wait")."""
    original = source._new_messages
    done = threading.Event()

    def spy(since: object) -> list:  # type: ignore[type-arg]
        found = original(since)
        if not done.is_set():
            done.set()
            action()
        return found
    source._new_messages = spy  # type: ignore[method-assign]


# -- freshness ---------------------------------------------------------------------------------------
def test_stale_code_filed_after_the_request_is_never_typed(dovecot: Dovecot, source: ImapSource) -> None:
    since = source.mark()
    old = now() - timedelta(minutes=15)  # a mailbox sync files yesterday's... or a quarter hour old code
    dovecot.append(dated(utf8_base64("310001"), old), received=old)
    started = time.monotonic()
    with pytest.raises(CodeTimeout) as caught:
        source.wait_for_code(since, timeout=1)
    assert time.monotonic() - started < 2
    assert "1 of them matching but older than the request" in str(caught.value)
    assert "310001" not in str(caught.value)


def test_delayed_delivery_of_an_old_code_is_ignored_and_the_fresh_one_typed(dovecot: Dovecot,
                                                                           source: ImapSource) -> None:
    since = source.mark()
    dovecot.deliver(utf8_base64("310002"))  # fresh
    # Delivered after the fresh one (higher UID, new INTERNALDATE) but written 12 minutes ago.
    dovecot.deliver(dated(utf8_base64("310003"), now() - timedelta(minutes=12)))
    assert source.wait_for_code(since, timeout=10) == "310002"


def test_clock_skew_within_the_allowance_is_accepted(dovecot: Dovecot, source: ImapSource) -> None:
    since = source.mark()
    behind = now() - timedelta(seconds=source.clock_skew / 2)  # the sender's clock runs behind ours
    dovecot.deliver(dated(utf8_base64("310004"), behind))
    assert source.wait_for_code(since, timeout=10) == "310004"


# -- newest wins -------------------------------------------------------------------------------------
@pytest.mark.parametrize("order", ["in-order", "resend-filed-first"])
def test_resend_48_seconds_later_wins_however_the_mails_were_filed(dovecot: Dovecot, source: ImapSource,
                                                                   order: str) -> None:
    since = replace(source.mark(), at=time.time() - 60)  # the code was requested a minute ago
    first, resend = now() - timedelta(seconds=50), now() - timedelta(seconds=2)
    mails = [(dated(utf8_base64("320001"), first), first), (dated(utf8_base64("320002"), resend), resend)]
    for raw, received in mails if order == "in-order" else reversed(mails):
        dovecot.append(raw, received=received)
    assert source.wait_for_code(since, timeout=10) == "320002"


def test_a_resend_arriving_within_the_settle_interval_wins(dovecot: Dovecot) -> None:
    with dovecot.source(RULE, settle=3) as source:
        since = source.mark()
        dovecot.deliver(utf8_base64("320003"))
        on_first_look(source, lambda: dovecot.deliver(utf8_base64("320004")))
        started = time.monotonic()
        assert source.wait_for_code(since, timeout=10) == "320004"
    assert time.monotonic() - started < 3.5  # the settle interval, not the timeout


def test_after_the_resend_link_the_older_code_is_void(dovecot: Dovecot, source: ImapSource) -> None:
    source.mark()  # 次へ
    dovecot.deliver(utf8_base64("320005"))
    resent = source.mark()  # 「セキュリティコードを再送する」
    with pytest.raises(CodeTimeout):
        source.wait_for_code(resent, timeout=0.5)
    dovecot.deliver(utf8_base64("320006"))
    assert source.wait_for_code(resent, timeout=10) == "320006"


# -- the sender --------------------------------------------------------------------------------------
@pytest.mark.parametrize("sender", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_look_alike_sender_is_ignored_with_the_filter_set(dovecot: Dovecot, source: ImapSource,
                                                          sender: str) -> None:
    since = source.mark()
    dovecot.deliver(utf8_base64("330001", sender=sender))
    dovecot.deliver(utf8_base64("330002"))
    dovecot.deliver(utf8_base64("330003", sender=sender))  # newest, but not from the sender
    assert source.wait_for_code(since, timeout=10) == "330002"


def test_blank_sender_filter_stops_the_run_in_preflight(dovecot: Dovecot) -> None:
    with dovecot.source(CodeRule(MailMatch(None, SUBJECT))) as blank, pytest.raises(CodeSourceError) as caught:
        preflight(blank)
    assert "BIZD_CODE_SENDER" in str(caught.value) and "BIZD_CODE_SENDER=*" in str(caught.value)


def test_explicit_any_sender_opt_in_accepts_the_look_alike(dovecot: Dovecot) -> None:
    """What BIZD_CODE_SENDER=* means, shown: the look-alike's newer code wins."""
    with dovecot.source(CodeRule(MailMatch(ANY, "セキュリティコード"))) as anyone:
        preflight(anyone)
        since = anyone.mark()
        dovecot.deliver(utf8_base64("330004"))
        dovecot.deliver(utf8_base64("330005", sender=LOOK_ALIKES["other-domain"]))
        assert anyone.wait_for_code(since, timeout=10) == "330005"


def test_nec_subject_and_body_pass_the_filters(dovecot: Dovecot, source: ImapSource) -> None:
    since = source.mark()
    dovecot.deliver(iso_2022_jp_nec("330006"))
    assert source.wait_for_code(since, timeout=10) == "330006"


# -- preflight ---------------------------------------------------------------------------------------
def test_preflight_wrong_password_names_the_settings(dovecot: Dovecot) -> None:
    with dovecot.source(RULE, password="wrong-Pass-0451") as wrong, pytest.raises(CodeSourceError) as caught:
        preflight(wrong)
    message = str(caught.value)
    assert "BIZD_IMAP_USER" in message and "BIZD_IMAP_PASSWORD" in message and "AUTHENTICATIONFAILED" in message
    assert "wrong-Pass-0451" not in message and "b'" not in message


def test_preflight_missing_folder_names_the_setting_and_the_folders(dovecot: Dovecot) -> None:
    dovecot.create_folder("Codes")
    with dovecot.source(RULE, folder="Bizd Codes") as missing, pytest.raises(CodeSourceError) as caught:
        preflight(missing)
    message = str(caught.value)
    assert "BIZD_IMAP_FOLDER" in message and "INBOX" in message and "Codes" in message


def test_preflight_tls_on_a_plain_port_says_to_set_ssl_off(dovecot: Dovecot) -> None:
    with dovecot.source(RULE, use_ssl=True) as tls, pytest.raises(CodeSourceError) as caught:
        preflight(tls)
    message = str(caught.value)
    assert "WRONG_VERSION_NUMBER" in message and "BIZD_IMAP_SSL=0" in message


def test_preflight_plain_on_a_silent_tls_port_says_to_set_ssl_on(dovecot: Dovecot) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # a TLS port waits for the client's hello
        port = silent.getsockname()[1]
        with dovecot.source(RULE, port=port, connect_timeout=0.5) as plain:
            started = time.monotonic()
            with pytest.raises(CodeSourceError) as caught:
                preflight(plain)
    assert "BIZD_IMAP_SSL=1" in str(caught.value)
    assert time.monotonic() - started < 3  # two bounded attempts


def test_preflight_passes_and_finds_idle(dovecot: Dovecot, source: ImapSource) -> None:
    preflight(source)
    assert source.uses_idle is True


# -- IDLE and polling --------------------------------------------------------------------------------
def test_idle_sees_a_code_pushed_during_idle_well_before_the_next_check(dovecot: Dovecot,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    delivered: list[float] = []
    original = IMAPClient.idle

    def idle_then_deliver(client: IMAPClient) -> None:
        original(client)
        if not delivered:  # the identity provider sends while we idle
            delivered.append(time.monotonic())
            threading.Thread(target=dovecot.deliver, args=(utf8_base64("340001"),)).start()
    monkeypatch.setattr(IMAPClient, "idle", idle_then_deliver)
    with dovecot.source(RULE, settle=0) as source:
        source.poll_interval = 8.0  # an IDLE cycle: only a push can end the wait sooner
        since = source.mark()
        assert source.wait_for_code(since, timeout=20) == "340001"
        took = time.monotonic() - delivered[0]
        assert source.uses_idle is True
    assert took < 4, f"pushed code seen after {took:.2f}s"


def test_polling_sees_a_code_within_the_interval(dovecot: Dovecot) -> None:
    with dovecot.source(RULE, settle=0, idle=False) as source:
        source.poll_interval = 1.0
        since = source.mark()
        delivered: list[float] = []
        on_first_look(source, lambda: (dovecot.deliver(utf8_base64("340002")), delivered.append(time.monotonic())))
        assert source.wait_for_code(since, timeout=10) == "340002"
        took = time.monotonic() - delivered[0]
        assert source.uses_idle is False
    assert took < 2.5


# -- outages and stalls ------------------------------------------------------------------------------
def _through(proxy: FlakyProxy, dovecot: Dovecot, **settings: object) -> ImapSource:
    return dovecot.source(RULE, settle=0, port=proxy.port, **settings)


def test_mailbox_outage_during_the_wait_is_ridden_out(dovecot: Dovecot) -> None:
    with flaky_proxy(dovecot.imap_port) as proxy, _through(proxy, dovecot) as source:
        since = source.mark()

        def outage() -> None:
            proxy.down()
            dovecot.deliver(utf8_base64("350001"))  # arrives while the mailbox is away
            threading.Thread(target=lambda: proxy.refused.wait(10) and proxy.up(), daemon=True).start()
        on_first_look(source, outage)
        assert source.wait_for_code(since, timeout=10) == "350001"
        assert proxy.refused.is_set() or proxy.mode == "up"


def test_a_stalled_server_never_stretches_the_timeout(dovecot: Dovecot) -> None:
    with flaky_proxy(dovecot.imap_port) as proxy, _through(proxy, dovecot, read_timeout=30) as source:
        since = source.mark()
        on_first_look(source, proxy.stall)
        started = time.monotonic()
        with pytest.raises(CodeTimeout) as caught:
            source.wait_for_code(since, timeout=2)
        waited = time.monotonic() - started
    assert waited < 3, f"a 2 s wait took {waited:.1f}s"
    assert "unavailable" in str(caught.value) or "within" in str(caught.value)


def test_an_outage_to_the_end_ends_with_the_timeout_and_the_reason(dovecot: Dovecot) -> None:
    with flaky_proxy(dovecot.imap_port) as proxy, _through(proxy, dovecot) as source:
        since = source.mark()
        on_first_look(source, proxy.down)
        started = time.monotonic()
        with pytest.raises(CodeTimeout) as caught:
            source.wait_for_code(since, timeout=1.5)
    assert time.monotonic() - started < 2.5
    assert "unavailable" in str(caught.value)


def test_watermark_needs_a_real_mark() -> None:
    assert ImapMark(1, 2, 3.0).at == 3.0


def test_preflight_speaks_japanese_by_default(dovecot: Dovecot) -> None:
    from loginsuite import i18n

    i18n.set_language("ja")
    with dovecot.source(RULE, password="wrong-Pass-0451") as wrong, pytest.raises(CodeSourceError) as caught:
        preflight(wrong)
    message = str(caught.value)
    assert "メールボックスへのログインが拒否されました" in message and "BIZD_IMAP_PASSWORD" in message


def test_preflight_warns_when_earlier_code_mails_came_from_another_sender(dovecot: Dovecot) -> None:
    dovecot.create_folder("Warned")
    dovecot.append(utf8_base64("360001", sender="no-reply@bizd.example.com"), received=now(), folder="Warned")
    with dovecot.source(RULE, folder="Warned") as typo:
        [note] = preflight(typo)
    assert "no-reply@bizd.example.com" in note and f"BIZD_CODE_SENDER={IDP_SENDER}" in note
    dovecot.append(utf8_base64("360002"), received=now(), folder="Warned")
    with dovecot.source(RULE, folder="Warned") as right:
        assert preflight(right) == []


# -- timing from the environment ---------------------------------------------------------------------
def test_every_timing_setting_reaches_the_reader_and_the_connect_timeout_bounds_a_silent_server(
        dovecot: Dovecot) -> None:
    from loginsuite.codes import code_source_from_env

    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, then says nothing (a TLS port's wait)
        env = {"BIZD_CODE_SOURCE": "imap", "BIZD_IMAP_HOST": "127.0.0.1", "BIZD_IMAP_PORT": str(silent.getsockname()[1]),
               "BIZD_IMAP_USER": dovecot.user, "BIZD_IMAP_PASSWORD": dovecot.password, "BIZD_IMAP_SSL": "0",
               "BIZD_CODE_SENDER": IDP_SENDER, "BIZD_IMAP_CONNECT_TIMEOUT": "0.5", "BIZD_IMAP_READ_TIMEOUT": "7",
               "BIZD_IMAP_POLL_SECONDS": "0.25", "BIZD_IMAP_IDLE": "0", "BIZD_CODE_SETTLE_SECONDS": "1.5",
               "BIZD_CODE_CLOCK_SKEW_SECONDS": "90"}
        source = code_source_from_env(env, env_file=None)
        assert isinstance(source, ImapSource)
        assert (source.settings.connect_timeout, source.settings.read_timeout, source.settings.idle) == (0.5, 7.0, False)
        assert (source.poll_interval, source.settle, source.clock_skew) == (0.25, 1.5, 90.0)
        started = time.monotonic()
        with source, pytest.raises(CodeSourceError) as caught:
            preflight(source)
        took = time.monotonic() - started
    assert "BIZD_IMAP_SSL=1" in str(caught.value)
    assert took < 3, f"a 0.5 s connect timeout took {took:.1f}s"  # the default (15 s) would take far longer
