"""Secret masking and the artifact scan that proves no password or code was written anywhere."""
from __future__ import annotations

import gzip
import io
import json
import logging
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from loginsuite import secrets

PASSWORD = "pa ss&wo\"rd-42"
CODE = "804211"


@pytest.fixture(autouse=True)
def registry() -> Iterator[None]:
    """A registry with just this test's secrets, restored afterwards."""
    before = secrets.registered()
    secrets.clear()
    secrets.register(PASSWORD, "password")
    secrets.register(CODE, "code")
    yield
    secrets.clear()
    for value, kind in before.items():
        secrets.register(value, kind)


def test_mask_replaces_the_secret_as_typed_and_as_encoded_in_urls_and_json() -> None:
    text = f"typed {PASSWORD}; form password={quote_plus(PASSWORD)}; json {json.dumps(PASSWORD)}; code {CODE}"
    masked = secrets.mask(text)
    assert PASSWORD not in masked and quote_plus(PASSWORD) not in masked and CODE not in masked
    assert masked.count(secrets.MASK) == 4


def test_a_code_inside_a_longer_number_is_left_alone() -> None:
    assert secrets.mask(f"t=1732{CODE}99") == f"t=1732{CODE}99"


def test_values_too_short_to_mask_safely_are_not_registered() -> None:
    secrets.register("ab")
    secrets.register(None)
    assert secrets.mask("ab cd") == "ab cd"


def test_logging_filter_masks_message_arguments_and_traceback() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("bizd-test-masking")
    logger.addHandler(handler)
    logger.propagate = False
    secrets.install_logging_filter(logger)
    try:
        logger.warning("signing in with %s and code %s", PASSWORD, CODE)
        try:
            raise ValueError(f"rejected {PASSWORD}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert PASSWORD not in written and CODE not in written
    assert written.count(secrets.MASK) == 3 and "ValueError" in written


def _png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    data = chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(chunk(k, b) for k, b in chunks) + data + chunk(b"IEND", b"")


def _trace(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_find_secrets_reports_each_file_and_kind_where_a_secret_was_written(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text(f"<td>{CODE}</td>")
    (tmp_path / "clean.log").write_text(f"password={secrets.MASK} at 1732{CODE}99\n")
    (tmp_path / "blob.bin").write_bytes(b"\x00\xff" + PASSWORD.encode("utf-16-le") + b"\x00")
    (tmp_path / "shots").mkdir()
    (tmp_path / "shots" / "text.png").write_bytes(_png([(b"tEXt", b"Comment\x00" + CODE.encode())]))
    (tmp_path / "shots" / "ztxt.png").write_bytes(
        _png([(b"zTXt", b"Comment\x00\x00" + zlib.compress(PASSWORD.encode()))]))
    (tmp_path / "shots" / "itxt.png").write_bytes(
        _png([(b"iTXt", b"Comment\x00\x01\x00ja\x00\x00" + zlib.compress(f"コード {CODE}".encode()))]))
    (tmp_path / "shots" / "clean.png").write_bytes(_png([(b"tEXt", b"Software\x00Playwright")]))
    network = json.dumps({"postData": f"id=user&password={quote_plus(PASSWORD)}"}).encode()
    inner = _trace({"resources/page@1.json": json.dumps({"value": PASSWORD}).encode()})
    (tmp_path / "trace.zip").write_bytes(_trace({"trace.network": network, "trace.trace": b"{}",
                                                 "nested.zip": inner}))
    (tmp_path / "har.json.gz").write_bytes(gzip.compress(f'{{"code": "{CODE}"}}'.encode()))

    found = {(str(path.relative_to(tmp_path)), kind) for path, kind in secrets.find_secrets(tmp_path)}

    assert found == {
        ("report.html", "code"),
        ("blob.bin", "password"),
        ("shots/text.png", "code"),  # tEXt is stored uncompressed: the raw bytes show it too
        ("shots/text.png#png-text", "code"),
        ("shots/ztxt.png#png-text", "password"),
        ("shots/itxt.png#png-text", "code"),
        ("trace.zip!trace.network", "password"),
        ("trace.zip!nested.zip!resources/page@1.json", "password"),
        ("har.json.gz#gunzip", "code"),
    }


def test_find_secrets_takes_explicit_kinds_and_values(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("imap pw: mailbox-Pw-77")
    assert secrets.find_secrets(tmp_path, {"imap_password": "mailbox-Pw-77", "code": "000000"}) == [
        (tmp_path / "a.txt", "imap_password")]
    assert secrets.find_secrets(tmp_path / "a.txt", [("x", "nothing-here")]) == []


@pytest.mark.parametrize("offset", [0, 1, 2, 5])
def test_base64_of_a_body_holding_the_secret_is_masked_at_every_alignment_and_line_wrap(offset: int) -> None:
    import base64

    body = ("x" * offset + f"セキュリティコード：{CODE}\nパスワード：{PASSWORD}\n" * 3).encode()
    for encoded in (base64.encodebytes(body).decode(), base64.b64encode(body).decode(),
                    base64.urlsafe_b64encode(body).decode()):
        masked = secrets.mask(encoded).replace("\n", "")
        assert masked.count(secrets.MASK) >= 6
        # No unmasked run, decoded at any of the four alignments, gives either secret back.
        for run in masked.split(secrets.MASK):
            for shift in range(4):
                chunk = run[shift:].rstrip("=")
                chunk = chunk[:len(chunk) // 4 * 4]
                decoded = base64.b64decode(chunk.translate(str.maketrans("-_", "+/")))
                assert CODE.encode() not in decoded and PASSWORD.encode() not in decoded


def test_quoted_printable_with_soft_line_breaks_is_masked() -> None:
    import quopri

    body = ("ご確認ください " * 8 + f"パスワード={PASSWORD} コード {CODE}").encode()
    encoded = quopri.encodestring(body).decode()
    assert "=\n" in encoded  # the encoder wrapped the line
    masked = secrets.mask(encoded)
    assert CODE.encode() not in quopri.decodestring(masked.encode())
    assert PASSWORD.encode() not in quopri.decodestring(masked.encode())


def test_url_encoding_in_either_hex_case_is_masked() -> None:
    from urllib.parse import quote

    for form in (quote(PASSWORD, safe=""), quote(PASSWORD, safe="").lower(), quote_plus(PASSWORD).lower()):
        assert secrets.mask(f"password={form}&x=1") == f"password={secrets.MASK}&x=1"


def test_ordinary_base64_is_left_alone() -> None:
    import base64

    text = base64.encodebytes("ビジネスdアカウントをご利用いただきありがとうございます。".encode()).decode()
    assert secrets.mask(text) == text
