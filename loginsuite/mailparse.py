"""Reading code and invitation mails: MIME to text, the security code, the link behind a label.

Mail from Japanese senders comes as ISO-2022-JP or UTF-8, quoted-printable or base64, text, HTML
or both; every source (Maildir, IMAP) hands raw bytes here so they all read mail the same way.
"""
from __future__ import annotations

import html
import re
import unicodedata
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import getaddresses
from html.parser import HTMLParser

# Six digits near the manual's word セキュリティコード (either side), on NFKC-folded text so that
# full-width digits count. Not manual text: the manual shows no mail, only the screen's wording.
DEFAULT_CODE_PATTERN = (
    r"セキュリティコード[^0-9]{0,60}?(?<![0-9])([0-9]{6})(?![0-9])"
    r"|(?<![0-9])([0-9]{6})(?![0-9])[^0-9]{0,30}?セキュリティコード"
)

# Charsets that Japanese mailers label as ISO-2022-JP but write with extensions (NEC/IBM rows).
_CHARSET_FALLBACKS = {
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "cp932"),
    "shift_jis": ("cp932", "shift_jis"),
    "euc-jp": ("euc_jp", "cp932"),
}
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr", "td", "th"}
_URL = re.compile(r"https?://[^\s<>\"'）」]+")


def parse_message(raw: bytes) -> EmailMessage:
    """Raw RFC 5322 bytes as a modern EmailMessage (decoded headers, MIME tree)."""
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def header_text(value: object) -> str:
    """A header as text, whether or not its encoded words were already decoded."""
    if value is None:
        return ""
    text = str(value)
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except (UnicodeDecodeError, LookupError, ValueError):
            pass
    return re.sub(r"\s*\n\s*", " ", text).strip()  # folded headers unfold to one line


def sender_address(msg: Message) -> str:
    """The From header's address, lower-cased ('' when there is none)."""
    addresses = getaddresses([header_text(msg.get("From"))])
    return addresses[0][1].lower() if addresses else ""


def sender_matches(msg: Message, wanted: str) -> bool:
    """``user@host`` matches that address exactly; ``@host`` or ``host`` any address at that domain."""
    address = sender_address(msg)
    wanted = wanted.strip().lower()
    if "@" in wanted and not wanted.startswith("@"):
        return address == wanted
    return address.endswith("@" + wanted.lstrip("@"))


def subject_matches(msg: Message, wanted: str) -> bool:
    """Substring match on the decoded, NFKC-folded subject (【】 and full-width forms fold alike)."""
    subject = unicodedata.normalize("NFKC", header_text(msg.get("Subject")))
    return unicodedata.normalize("NFKC", wanted) in subject


def decode_part(part: Message) -> str:
    """A leaf part's text, trying the labelled charset's usual extensions before replacing bytes."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload())
    charset = (part.get_content_charset() or "us-ascii").lower()
    candidates = _CHARSET_FALLBACKS.get(charset, (charset,)) + ("utf-8",)
    for candidate in candidates:
        try:
            return payload.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return payload.decode(candidates[0] if _known(candidates[0]) else "utf-8", errors="replace")


def _known(codec: str) -> bool:
    try:
        "".encode(codec)
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
