"""ISO-2022-JP as Japanese mail clients read it: with the NEC and IBM extensions (CP50220/CP50221).

Japanese business mail labelled ``iso-2022-jp`` routinely carries characters outside JIS X 0208:
NEC row 13 (①, ㈱, ㍉, Roman numerals) and the NEC-selected IBM extensions (rows 89–92, e.g. 髙,
﨑). Python's iso2022 codecs reject them (``iso2022_jp_ext``/``_2004``/``_3`` read row 13 only
after JIS X 0213's own escape). Mail clients read such mail as Windows does: the JIS bytes are the
same characters as in cp932 (Shift_JIS with those extensions), so each JIS pair is converted to
its Shift_JIS pair and the whole decoded strictly as cp932. Anything that does not fit raises,
so a caller can try the next candidate instead of reading garbage.
"""
from __future__ import annotations

ESC, SO, SI = 0x1B, 0x0E, 0x0F
_SINGLE = {b"(B": "ascii", b"(J": "ascii", b"(I": "kana", b"(H": "ascii"}
_DOUBLE = {b"$@": "jis", b"$B": "jis", b"&@": None}  # ESC & @ announces a JIS X 0208 revision: no switch


def _jis_to_sjis(j1: int, j2: int) -> bytes:
    """One JIS X 0208 pair (0x21–0x7E each) as its Shift_JIS pair."""
    row = j1 - 0x21
    lead = 0x81 + row // 2
    if lead > 0x9F:
        lead += 0x40
    if row % 2 == 0:
        trail = j2 - 0x21 + 0x40
        if trail >= 0x7F:
            trail += 1
    else:
        trail = j2 - 0x21 + 0x9F
    return bytes((lead, trail))


class _Invalid(Exception):
    def __init__(self, start: int, end: int, reason: str) -> None:
        super().__init__(reason)
        self.start, self.end, self.reason = start, end, reason


def _pieces(data: bytes, strict: bool) -> list[bytes | None]:
    """cp932 runs of ``data``; None where a sequence fits nothing (raises instead when strict)."""
    pieces: list[bytes | None] = []
    out = bytearray()

    def invalid(start: int, end: int, reason: str) -> None:
        if strict:
            raise UnicodeDecodeError("iso-2022-jp-ms", data, start, end, reason)
        pieces.extend((bytes(out), None))
        out.clear()

    mode, shifted, at = "ascii", False, 0
    while at < len(data):
        byte = data[at]
        if byte == ESC:
            seq = data[at + 1:at + 3]
            if seq in _SINGLE:
                mode = _SINGLE[seq]
            elif seq in _DOUBLE:
                mode = _DOUBLE[seq] or mode
            else:
                invalid(at, at + 3, "escape sequence outside CP50221")
            at += 3
            continue
        if byte in (SO, SI):
            shifted = byte == SO
            at += 1
            continue
        if byte in (0x0A, 0x0D):  # a line end returns to ASCII (RFC 1468 requires it, clients assume it)
            mode, shifted = "ascii", False
            out.append(byte)
            at += 1
            continue
        if byte >= 0x80:
            if 0xA1 <= byte <= 0xDF:  # 8-bit half-width katakana: the same byte in cp932
                out.append(byte)
                at += 1
                continue
            invalid(at, at + 1, "8-bit byte in a 7-bit charset")
            at += 1
            continue
        if (shifted or mode == "kana") and 0x21 <= byte <= 0x5F:
            out.append(byte + 0x80)
            at += 1
        elif mode == "jis" and byte >= 0x21:
            if byte == 0x7F or at + 1 >= len(data) or not 0x21 <= data[at + 1] <= 0x7E:
                invalid(at, at + 2, "not a two-byte JIS character")
            else:
                out += _jis_to_sjis(byte, data[at + 1])
            at += 2
        else:
            out.append(byte)
            at += 1
    pieces.append(bytes(out))
    return pieces


def decode(data: bytes, errors: str = "strict") -> str:
    """ISO-2022-JP with the NEC/IBM extensions as text (``errors`` as for ``bytes.decode``)."""
    strict = errors == "strict"
    return "".join("\ufffd" if piece is None else piece.decode("cp932", errors)
                   for piece in _pieces(data, strict))
