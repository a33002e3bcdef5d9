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
