"""Secret masking, in one place: every writer of an artifact (logs, reports, traces) goes through it.

A process-wide registry holds the values to hide (password, security codes, IMAP password);
``mask`` replaces them by ``••••••``, and their encoded forms too: URL/form (either hex case),
JSON, HTML, quoted-printable and base64 as mail bodies carry them (wrapped lines, any alignment).
``find_secrets`` scans a finished run's artifacts, including PNG text chunks and the members of
trace zips.
"""
from __future__ import annotations

import base64
import gzip
import io
import json
import logging
import os
import re
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from html import escape
from pathlib import Path
from urllib.parse import quote, quote_plus

MASK = "••••••"
MIN_LENGTH = 4  # shorter values would mask ordinary text everywhere

_lock = threading.Lock()
_registry: dict[str, str] = {}  # value -> kind
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MAX_DEPTH = 3  # zips in zips


def register(value: str | None, kind: str = "secret") -> None:
    """Remember a value to mask from now on (ignored when empty or too short to mask safely)."""
    if value and len(value) >= MIN_LENGTH:
        with _lock:
            _registry.setdefault(value, kind)


def register_cookies(cookies: Iterable[Mapping[str, object]], hosts: set[str], kind: str = "session_cookie") -> None:
    """Register the values of the cookies set by ``hosts`` (the identity provider's session, e.g.
    ``BIZD_SSO``, valid for weeks: whoever has it is signed in)."""
    for cookie in cookies:
        domain = str(cookie.get("domain", "")).lstrip(".")
        if any(domain == host or host.endswith("." + domain) for host in hosts):
            register(str(cookie.get("value", "")), kind)


def registered() -> dict[str, str]:
    """The registered values, as {value: kind} (several codes may share a kind)."""
    with _lock:
        return dict(_registry)


def clear() -> None:
    """Forget every value (tests)."""
    with _lock:
        _registry.clear()


def variants(value: str) -> set[str]:
    """How a value shows up in artifacts: as typed, form/URL-encoded, JSON-escaped, HTML-escaped."""
    forms = {value, quote_plus(value), quote(value, safe=""), json.dumps(value)[1:-1], escape(value)}
    return {f for f in forms if f}


def _lower_hex(form: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), form)


_B64_MIN = 6  # shorter base64 fragments would mask ordinary words
_LINE_BREAK = r"(?:\r?\n)?"  # base64 bodies wrap at 76 characters, anywhere in the value
_SOFT_BREAK = r"(?:=\r?\n)?"  # quoted-printable's soft line break


def base64_forms(value: str) -> set[str]:
    """The base64 text the value's UTF-8 always encodes to, at each of the three byte alignments it
    may have inside a longer body (standard and URL-safe alphabets). The first and last characters
    also carry the neighbouring bytes, so only the characters made of the value's bits are kept."""
    data = value.encode()
    forms = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data).decode()
        core = encoded[-(-8 * offset // 6):8 * (offset + len(data)) // 6]
        if len(core) >= _B64_MIN:
            forms |= {core, core.translate(str.maketrans("+/", "-_"))}
    return forms


def _quoted_printable(value: str) -> str:
    """A regex for the value as quoted-printable: each byte as itself (printable ASCII) or =XX in
    either hex case, soft line breaks anywhere between them."""
    parts = []
    for byte in value.encode():
        hex_form = f"={byte:02X}"
        alternatives = [re.escape(hex_form), re.escape(hex_form.lower())]
        if 33 <= byte <= 126 and byte != ord("="):
            alternatives.insert(0, re.escape(chr(byte)))
        parts.append("(?:" + "|".join(alternatives) + ")")
    return _SOFT_BREAK.join(parts)


@lru_cache(maxsize=256)
def _pattern(value: str) -> re.Pattern[str]:
    plain = variants(value) | {_lower_hex(v) for v in variants(value)}
    typed = [re.escape(v) for v in sorted(plain, key=len, reverse=True)] + [_quoted_printable(value)]
    body = "|".join(typed)
    # A code is digits: do not find it inside a longer number (timestamps, ids).
    literal = rf"(?<![0-9])(?:{body})(?![0-9])" if value.isdigit() else f"(?:{body})"
    wrapped = [_LINE_BREAK.join(re.escape(c) for c in form)
               for form in sorted(base64_forms(value), key=len, reverse=True)]
    return re.compile("|".join([literal, *wrapped]))


def mask(text: str, values: Iterable[str] | None = None) -> str:
    """``text`` with every registered (or given) secret replaced by ``••••••``."""
    secrets = sorted(set(values) if values is not None else registered(), key=len, reverse=True)
    for value in secrets:
        if value:
            text = _pattern(value).sub(MASK, text)
    return text


class MaskingFilter(logging.Filter):
    """Masks secrets in log records (message, arguments, and the formatted traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


_MASKING = MaskingFilter()


def mask_handlers(handlers: Iterable[logging.Handler]) -> None:
    """Adds the masking filter to each handler (once). A handler's filters see every record it
    writes, propagated ones included; a logger's filters would not."""
    for handler in handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(_MASKING)


def install_logging_filter(logger: logging.Logger | None = None) -> MaskingFilter:
    """Adds the filter to every handler of ``logger`` (root by default), where propagated records pass."""
    mask_handlers((logger or logging.getLogger()).handlers)
    return _MASKING


# -- scanning artifacts ------------------------------------------------------------------------------
def _png_texts(data: bytes) -> Iterator[bytes]:
    """The text chunks (tEXt, zTXt, iTXt) of a PNG, decompressed."""
    at = len(_PNG_SIGNATURE)
    while at + 8 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        at += 12 + length
        try:
            if kind == b"tEXt":
                yield body
            elif kind == b"zTXt":
                keyword, _, rest = body.partition(b"\0")
                yield keyword + b"\0" + zlib.decompress(rest[1:])
            elif kind == b"iTXt":
                keyword, _, rest = body.partition(b"\0")
                compressed, rest = rest[0], rest[2:]
                _, _, rest = rest.partition(b"\0")  # language
                _, _, text = rest.partition(b"\0")  # translated keyword
                yield keyword + b"\0" + (zlib.decompress(text) if compressed else text)
        except (zlib.error, IndexError):
            continue


def _readable(name: str, data: bytes, depth: int = 0) -> Iterator[tuple[str, bytes]]:
    """(where, bytes) for a file and everything inside it worth searching."""
    yield name, data
    if depth >= _MAX_DEPTH:
        return
    if data.startswith(_PNG_SIGNATURE):
        for text in _png_texts(data):
            yield name + "#png-text", text
    elif data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    if not info.is_dir():
                        yield from _readable(f"{name}!{info.filename}", archive.read(info), depth + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError):
            return
    elif data[:2] == b"\x1f\x8b":
        try:
            yield from _readable(name + "#gunzip", gzip.decompress(data), depth + 1)
        except (OSError, EOFError, zlib.error):
            return


def _needles(value: str) -> list[re.Pattern[bytes]]:
    forms = variants(value)
    encoded = {f.encode("utf-8") for f in forms} | {f.encode("utf-16-le") for f in forms}
    body = b"|".join(re.escape(e) for e in sorted(encoded, key=len, reverse=True))
    if value.isdigit():
        return [re.compile(rb"(?<![0-9])(?:" + body + rb")(?![0-9])")]
    return [re.compile(body)]


def find_secrets(root: str | os.PathLike[str],
                 secrets: Mapping[str, str] | Iterable[tuple[str, str]] | None = None) -> list[tuple[Path, str]]:
    """Every (path, kind) under ``root`` that contains a secret.

    ``secrets``: {kind: value} or (kind, value) pairs; default: everything registered. Inside
    archives the path names the member (``trace.zip!trace.network``); PNG text chunks are reported
    as ``shot.png#png-text``. Each (path, kind) is reported once.
    """
    if secrets is None:
        pairs = [(kind, value) for value, kind in registered().items()]
    else:
        pairs = list(secrets.items()) if isinstance(secrets, Mapping) else list(secrets)
    compiled = [(kind, _needles(value)) for kind, value in pairs if value]
    found: list[tuple[Path, str]] = []
    base = Path(root)
    files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for where, chunk in _readable(str(path), data):
            for kind, needles in compiled:
                if any(n.search(chunk) for n in needles) and (Path(where), kind) not in found:
                    found.append((Path(where), kind))
    return found
