"""Bytes to text: refuse what is not text, and say why.

``decode_bytes`` is shared by every reader. It refuses empty and binary data and
data that fits no text encoding; it tries, in order, a byte-order mark, UTF-8, an
encoding the document declares (HTML ``<meta charset>``), and finally the
encoding that charset-normalizer detects.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13})
_SNIFF = 8192


class DecodeError(ValueError):
    """The bytes are not usable text; the message says why and what to try."""


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its start, if a known codec."""
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode ``data`` to text; returns ``(text, encoding)`` or raises ``DecodeError``."""
    if not data.strip():
        raise DecodeError("empty file: nothing to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise DecodeError(f"starts with a {encoding} byte-order mark but is not valid {encoding}: {error.reason}") from None
    head = data[:_SNIFF]
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    if b"\x00" in head or controls > len(head) * 0.05:
        raise DecodeError("binary file, not text; give storyline .txt, .html or .jsonl files")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html and (declared := declared_charset(data)):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(data).best()
    # charset-normalizer measures how garbled the decoded text looks ("chaos");
    # above this the bytes are noise in every encoding it tried.
    if best is None or best.chaos > 0.2:
        raise DecodeError("cannot decode: not UTF-8 and no other text encoding fits; re-save the file as UTF-8")
    return str(best), best.encoding
