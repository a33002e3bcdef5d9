"""Reading code and invitation mails: MIME to text, the security code, the link behind a label.

Mail from Japanese senders comes as ISO-2022-JP or UTF-8, quoted-printable or base64, text, HTML
or both; every source (Maildir, IMAP) hands raw bytes here so they all read mail the same way.
"""
from __future__ import annotations

import html
import logging
import re
import unicodedata
from email import message_from_bytes, policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.utils import getaddresses
from html.parser import HTMLParser

from loginsuite import jis

log = logging.getLogger(__name__)

# Six digits near the manual's word セキュリティコード (either side), on NFKC-folded text so that
# full-width digits count. Not manual text: the manual shows no mail, only the screen's wording.
DEFAULT_CODE_PATTERN = (
    r"セキュリティコード[^0-9]{0,60}?(?<![0-9])([0-9]{6})(?![0-9])"
    r"|(?<![0-9])([0-9]{6})(?![0-9])[^0-9]{0,30}?セキュリティコード"
)

# What each label is read as, in order, strictly; the first that decodes wins. ISO-2022-JP is written
# with the NEC/IBM extensions (CP50220/CP50221), which only the cp932 route reads. 8-bit text under a
# 7-bit label is a mislabelled UTF-8 or Shift_JIS mail. Never a codec that "succeeds" on anything
# (cp932 or latin-1 on raw ISO-2022-JP bytes would yield text without the code).
_ISO_2022_JP = ("iso2022_jp", "iso-2022-jp-ms", "iso2022_jp_2004", "iso2022_jp_2")
_CHARSET_CANDIDATES = {
    **dict.fromkeys(("iso-2022-jp", "csiso2022jp", "iso-2022-jp-ext", "iso-2022-jp-2", "iso-2022-jp-3",
                     "iso-2022-jp-2004", "cp50220", "cp50221", "cp50222", "iso-2022-jp-ms"), _ISO_2022_JP),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms932", "windows-31j", "cp932"),
                    ("cp932", "shift_jis_2004")),
    **dict.fromkeys(("euc-jp", "x-euc-jp"), ("euc_jp", "euc_jis_2004", "cp932")),
}
_EIGHT_BIT_GUESSES = ("utf-8", "cp932", "euc_jp")
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr", "td", "th"}
_URL = re.compile(r"https?://[^\s<>\"'）」]+")


def parse_message(raw: bytes) -> EmailMessage:
    """Raw RFC 5322 bytes as a modern EmailMessage (decoded headers, MIME tree)."""
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _strict(data: bytes, codec: str) -> str:
    if codec == "iso-2022-jp-ms":
        return jis.decode(data)
    return data.decode(codec)


def _candidates(data: bytes, charset: str | None) -> tuple[str, ...]:
    label = (charset or "us-ascii").strip().lower()
    if label in ("us-ascii", "ascii") and b"\x1b$" in data:
        label = "iso-2022-jp"  # an old mailer's unlabelled JIS text
    candidates = _CHARSET_CANDIDATES.get(label, (label,))
    if any(b >= 0x80 for b in data):
        if candidates == _ISO_2022_JP or label in ("us-ascii", "ascii"):
            return ("utf-8", *candidates, *_EIGHT_BIT_GUESSES)  # 8-bit text under a 7-bit label
        if "utf-8" not in candidates:
            return (*candidates, "utf-8")
    return candidates


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes labelled ``charset`` as text: the label's usual readings strictly, in order, then (only if
    none fits) a lossy reading that is logged, never silent."""
    candidates = _candidates(data, charset)
    for codec in candidates:
        try:
            return _strict(data, codec)
        except (UnicodeDecodeError, LookupError):
            continue
    first = next((c for c in candidates if c == "iso-2022-jp-ms" or _known(c)), "utf-8")
    text = jis.decode(data, "replace") if first == "iso-2022-jp-ms" else data.decode(first, "replace")
    log.warning("mail text labelled %r fits none of %s; read as %s with unreadable characters replaced",
                charset, ", ".join(candidates), first)
    return text


def _raw_header(msg: Message, name: str) -> str | None:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return None


def header_text(value: object, msg: Message | None = None) -> str:
    """A header as text. Given ``msg`` and a header name, the raw header is decoded here (RFC 2047
    words in any charset this module reads, ISO-2022-JP with ① included); otherwise ``value`` is
    taken as it is, with any encoded words left in it decoded."""
    raw = _raw_header(msg, str(value)) if msg is not None else (None if value is None else str(value))
    if raw is None:
        return ""
    raw = re.sub(r"\r?\n(?=[ \t])", "", raw)  # unfold
    if "=?" in raw or any(ord(c) > 0x7F for c in raw):
        try:
            chunks = decode_header(raw)
        except (ValueError, LookupError):
            chunks = [(raw, None)]
        parts = []
        for chunk, charset in chunks:
            if isinstance(chunk, str):
                chunk = chunk.encode("ascii", "surrogateescape") if charset is None else chunk.encode()
            parts.append(decode_bytes(chunk, charset or ("utf-8" if any(b >= 0x80 for b in chunk) else None)))
        raw = "".join(parts)
    return re.sub(r"\s*\n\s*", " ", raw).strip()


def sender_address(msg: Message) -> str:
    """The From header's one address, lower-cased ('' when there is none, or more than one)."""
    addresses = [a for _, a in getaddresses([header_text("From", msg)]) if a]
    # Several From addresses (or none): no single sender to trust.
    return addresses[0].lower() if len(addresses) == 1 else ""


def sender_matches(msg: Message, wanted: str) -> bool:
    """``user@host`` matches that address exactly; ``@host`` or ``host`` any address at that domain."""
    address = sender_address(msg)
    wanted = wanted.strip().lower()
    if "@" in wanted and not wanted.startswith("@"):
        return address == wanted
    return address.endswith("@" + wanted.lstrip("@"))


def subject_matches(msg: Message, wanted: str) -> bool:
    """Substring match on the decoded, NFKC-folded subject (【】 and full-width forms fold alike)."""
    subject = unicodedata.normalize("NFKC", header_text("Subject", msg))
    return unicodedata.normalize("NFKC", wanted) in subject


def decode_part(part: Message) -> str:
    """A leaf part's text, trying the labelled charset's usual extensions before replacing bytes."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload())
    return decode_bytes(payload, part.get_content_charset()).replace("\r\n", "\n")


def _known(codec: str) -> bool:
    try:
        b"".decode(codec)
    except LookupError:
        return False
    return True


class _HtmlText(HTMLParser):
    """Visible text of an HTML body, plus its links as (text, href)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._skip = 0
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")
        if tag == "a" and self._href is not None:
            self.links.append(("".join(self._link_text), html.unescape(self._href)))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.chunks.append(data)
        if self._href is not None:
            self._link_text.append(data)

    def text(self) -> str:
        lines = (re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in "".join(self.chunks).splitlines())
        return "\n".join(line for line in lines if line)


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return parser.text()


def html_links(markup: str) -> list[tuple[str, str]]:
    """Every <a> of an HTML body as (visible text, href)."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return parser.links


def _leaves(msg: Message, subtype: str) -> list[str]:
    return [decode_part(part) for part in msg.walk()
            if not part.is_multipart() and part.get_content_type() == f"text/{subtype}"
            and part.get_content_disposition() != "attachment"]


def message_text(msg: Message) -> str:
    """The readable text: text/plain parts, else the HTML parts converted to text."""
    plain = _leaves(msg, "plain")
    if any(p.strip() for p in plain):
        return "\n".join(plain)
    return "\n".join(html_to_text(h) for h in _leaves(msg, "html"))


def extract_code(text: str, pattern: str | re.Pattern[str] = DEFAULT_CODE_PATTERN) -> str | None:
    """The code in a mail's text: the first non-empty group of the first match, else the whole match."""
    regex = re.compile(pattern, re.DOTALL) if isinstance(pattern, str) else pattern
    match = regex.search(unicodedata.normalize("NFKC", text))
    if match is None:
        return None
    groups = [g for g in match.groups() if g]
    return groups[0] if groups else match.group(0)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def find_link(msg: Message, label: str) -> str | None:
    """The href of the link whose text is ``label`` (HTML part), else the URL beside it in the text."""
    wanted = _fold(label)
    for markup in _leaves(msg, "html"):
        for text, href in html_links(markup):
            if wanted and wanted in _fold(text) and href:
                return href
    for text in _leaves(msg, "plain"):
        at = text.find(label)
        if at < 0:
            continue
        after = _URL.search(text, at + len(label))
        if after:
            return after.group(0)
        line_start = text.rfind("\n", 0, at) + 1
        before = _URL.findall(text[line_start:at])
        if before:
            return before[-1]
    return None
