"""MIME to text, the code, and the invitation link, without any server."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from code_mails import (
    ENCODINGS,
    IDP_SENDER,
    INVITE_URL,
    NEC_SUBJECT,
    SUBJECT,
    iso_2022_jp_nec,
    josys_invitation,
    plain,
    to_jis,
)

from loginsuite.codes import CodeRule, MailMatch
from loginsuite.mailparse import (
    decode_bytes,
    extract_code,
    find_link,
    header_text,
    html_to_text,
    message_text,
    parse_message,
    sender_matches,
    subject_matches,
)


@pytest.mark.parametrize("build", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_every_encoding_decodes_to_the_same_japanese_text_and_code(build: Callable[..., bytes]) -> None:
    msg = parse_message(build("204816"))
    text = message_text(msg)
    assert "ご利用いただきありがとうございます" in text and "有効期限" in text
    assert extract_code(text) == "204816"
    assert SUBJECT in header_text("Subject", msg)  # the NEC mail puts ① before it
    assert sender_matches(msg, IDP_SENDER)


def test_iso_2022_jp_body_is_sent_as_7bit_and_still_read() -> None:
    raw = ENCODINGS["iso-2022-jp"]("204816")
    assert b"\x1b$B" in raw and max(raw) < 0x80  # really ISO-2022-JP on the wire
    assert extract_code(message_text(parse_message(raw))) == "204816"


def test_html_only_body_becomes_text_without_markup_or_styles() -> None:
    text = message_text(parse_message(ENCODINGS["html-only"]("204816")))
    assert "<" not in text and "color" not in text
    assert "セキュリティコード\n204816" in text


def test_plain_part_is_preferred_over_html_in_alternative() -> None:
    raw = ENCODINGS["multipart-alternative"]("204816")
    assert "2段階認証用のセキュリティコード" in message_text(parse_message(raw))


def test_full_width_digits_count_as_the_code() -> None:
    assert extract_code("セキュリティコード：２０４８１６") == "204816"


def test_code_may_stand_before_the_word() -> None:
    assert extract_code("204816 があなたのセキュリティコードです") == "204816"


def test_digits_far_from_the_word_or_longer_numbers_are_not_a_code() -> None:
    assert extract_code("お問い合わせ 0120123456 まで") is None
    assert extract_code("セキュリティコード：1234567") is None


def test_a_configured_pattern_takes_its_first_group() -> None:
    assert extract_code("Your code is A-7731.", r"code is ([A-Z]-\d{4})") == "A-7731"
    assert extract_code("PIN 8841", r"\d{4}") == "8841"


def test_code_rule_applies_sender_and_subject_before_the_pattern() -> None:
    rule = CodeRule(MailMatch(sender=IDP_SENDER, subject="セキュリティコード"))
    assert rule.code_in(parse_message(plain("セキュリティコード 204816"))) == "204816"
    assert rule.code_in(parse_message(plain("セキュリティコード 204816", sender="x@evil.example"))) is None
    assert rule.code_in(parse_message(plain("セキュリティコード 204816", subject="お知らせ"))) is None


def test_sender_filter_is_exact_for_an_address_and_suffix_for_a_domain() -> None:
    msg = parse_message(plain("x", sender="No-Reply@Josys.it"))
    assert sender_matches(msg, "noreply@josys.it") is False
    assert sender_matches(msg, "no-reply@josys.it") and sender_matches(msg, "@josys.it")
    assert not sender_matches(parse_message(plain("x", sender="a@josys.it.evil.example")), "@josys.it")


def test_subject_filter_folds_full_width_forms() -> None:
    assert subject_matches(parse_message(plain("x", subject="【Ｊｏｓｙｓ】招待")), "【Josys】")


def test_invitation_link_comes_from_the_html_button_even_across_a_line_break() -> None:
    assert find_link(parse_message(josys_invitation(html=True)), "招待を承諾する") == INVITE_URL


def test_invitation_link_comes_from_the_text_beside_the_label() -> None:
    assert find_link(parse_message(josys_invitation(html=False)), "招待を承諾する") == INVITE_URL


def test_no_link_when_the_label_is_absent() -> None:
    assert find_link(parse_message(plain("https://example.jp/ だけ")), "招待を承諾する") is None


def test_html_entities_are_unescaped() -> None:
    assert html_to_text("<p>A&amp;B&nbsp;&#x30b3;</p>") == "A&B コ"


def test_iso_2022_jp_with_nec_characters_reads_as_a_mail_client_shows_it() -> None:
    raw = iso_2022_jp_nec("204816")
    assert b"\x1b$B-j" in raw and max(raw) < 0x80  # ㈱ is NEC row 13 (JIS 0x2D6A), on the wire as 7-bit
    msg = parse_message(raw)
    text = message_text(msg)
    assert text.startswith("㈱ＮＴＴドコモ 髙橋\n") and "Ⅱ．" in text and "\x1b" not in text
    assert extract_code(text) == "204816"
    assert header_text("Subject", msg) == NEC_SUBJECT
    assert subject_matches(msg, "セキュリティコード") and sender_matches(msg, IDP_SENDER)


def test_python_iso2022_codecs_alone_would_lose_the_nec_mail() -> None:
    """Why the cp932 route exists: every stdlib reading of the label rejects row 13."""
    body = to_jis("㈱ セキュリティコード：204816")
    for codec in ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_3", "iso2022_jp_2004"):
        with pytest.raises(UnicodeDecodeError):
            body.decode(codec)


def test_undecodable_text_is_reported_not_silently_replaced(caplog: pytest.LogCaptureFixture) -> None:
    broken = b"\x1b$B\x7f\x7f\x1b(B 204816"
    with caplog.at_level("WARNING", logger="loginsuite.mailparse"):
        text = decode_bytes(broken, "iso-2022-jp")
    assert "\ufffd" in text and "204816" in text
    assert "fits none of" in caplog.text


def test_unlabelled_jis_text_is_read_as_iso_2022_jp_not_as_ascii_with_escapes() -> None:
    assert decode_bytes(to_jis("セキュリティコード：204816"), None) == "セキュリティコード：204816"


def test_a_sender_with_two_from_addresses_matches_no_filter() -> None:
    msg = parse_message(plain("x", sender=f"{IDP_SENDER}, phish@evil.example"))
    assert not sender_matches(msg, IDP_SENDER) and not sender_matches(msg, "@bizd.example.jp")


def test_a_display_name_that_looks_like_the_sender_does_not_match() -> None:
    msg = parse_message(plain("x", sender=f'"{IDP_SENDER}" <phish@evil.example>'))
    assert not sender_matches(msg, IDP_SENDER)
