"""Standard input (the INPUT ``-``): JSONL, one HTML page, a list of URLs, or one text.

Standard input can be read only once, so reading and routing are separate steps:

    text = read_stdin_text(stream, settings)            # str, or a Rejected
    kind = sniff_stdin(text)                            # "jsonl" | "html" | "urls" | "text"
    if kind == "urls": fetch(urls_from_text(text))      # the caller's fetcher
    else: documents = parse_stdin_text(text, settings)  # RawDocument and Rejected records

``read_stdin`` does all of it, handing URLs to the ``fetch_urls`` function it is given.

How the text is sniffed: when it starts like an HTML page (``<!DOCTYPE html``,
``<html``, or a fragment such as ``<article>...</article>``) it is one ``html``
document; when every non-blank line starts with ``{`` it is JSONL (a broken line
is rejected alone, as ``-:LINE``); when every non-blank line is an ``http(s)://``
URL it is a list of URLs; otherwise it is one ``text`` document. Single documents
get the id ``stdin``, JSONL records ``stdin-LINE`` unless they carry an id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO, Literal
from urllib.parse import urlsplit

from ..model import RawDocument, Rejected
from ..settings import Settings
from .decode import DecodeError, decode_bytes
from .readers import parse_field_mapping, parse_jsonl_line

__all__ = ["StdinKind", "parse_stdin_text", "read_stdin", "read_stdin_text", "sniff_stdin", "urls_from_text"]

StdinKind = Literal["jsonl", "html", "urls", "text"]
#: Fetches pages for a list of URLs (the caller's fetcher, given to ``read_stdin``).
FetchURLs = Callable[[list[str]], Iterable[RawDocument | Rejected]]

_ID = "stdin"
# An HTML page, or a fragment that opens with a common element and closes some tag.
_HTML_START = re.compile(r"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_HTML_FRAGMENT = re.compile(r"^<(?:article|main|section|div|p|h[1-6]|header|title|meta|table|ul|ol)[\s/>]",
                            re.IGNORECASE)
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _starts_like_html(text: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return bool(_HTML_START.match(head) or (_HTML_FRAGMENT.match(head) and "</" in head))


def _is_url(line: str) -> bool:
    return bool(_URL.match(line)) and bool(urlsplit(line).hostname)


def read_stdin_text(stream: BinaryIO, settings: Settings, source: str = "-") -> str | Rejected:
    """All of ``stream`` decoded to text (``decode_bytes``), or a ``Rejected`` saying why not.

    Reads at most ``max_file_bytes`` + 1 bytes: more is rejected, not truncated.
    """
    limit = settings.max_file_bytes
    try:
        data = stream.read(limit + 1)
    except OSError as error:
        return Rejected(source=source, stage="ingest",
                        reason=f"cannot read standard input: {error.strerror or error}")
    if len(data) > limit:
        return Rejected(source=source, stage="ingest",
                        reason=f"standard input too large (more than {limit:,} bytes; the limit is "
                        f"max_file_bytes={limit:,}); save it to files and give those, or raise the limit")
    if not data.strip():
        return Rejected(source=source, stage="ingest", reason="empty input: nothing came on standard input")
    try:
        text, _encoding = decode_bytes(data, html=_starts_like_html(data[:4096].decode("latin-1")))
    except DecodeError as error:
        return Rejected(source=source, stage="ingest", reason=f"standard input: {error}")
    return text


def sniff_stdin(text: str) -> StdinKind:
    """What ``text`` from standard input holds: ``"html"``, ``"jsonl"``, ``"urls"`` or ``"text"``.

    An HTML page start (``<!DOCTYPE html``, ``<html``...) wins; then every
    non-blank line starting with ``{`` means JSONL, every non-blank line an
    ``http(s)://`` URL means URLs; anything else (blank text too) is text.
    """
    if _starts_like_html(text):
        return "html"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "text"
    if all(line.startswith("{") for line in lines):
        return "jsonl"
    if all(_is_url(line) for line in lines):
        return "urls"
    return "text"


def urls_from_text(text: str) -> list[str]:
    """The ``http(s)://`` URLs in ``text``, one per non-blank line, in order, each once.

    Lines that are not URLs are left out: call it when ``sniff_stdin`` says ``"urls"``.
    """
    lines = (line.strip() for line in text.splitlines())
    return list(dict.fromkeys(line for line in lines if _is_url(line)))


def parse_stdin_text(text: str, settings: Settings, source: str = "-",
                     kind: StdinKind | None = None) -> Iterator[RawDocument | Rejected]:
    """The documents in ``text`` read from standard input, as ``sniff_stdin`` (or ``kind``) says.

    JSONL lines use ``settings.jsonl_fields`` and get the sources ``SOURCE:LINE``.
    URLs are not documents: they come back as one ``Rejected`` that lists them,
    since this function does not fetch (``read_stdin`` with ``fetch_urls`` does).
    """
    kind = kind or sniff_stdin(text)
    if kind == "jsonl":
        fields = parse_field_mapping(settings.jsonl_fields)
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield parse_jsonl_line(line, f"{source}:{number}", f"{_ID}-{number}", fields)
    elif kind == "urls":
        urls = urls_from_text(text)
        shown = ", ".join(urls[:3]) + (f" and {len(urls) - 3:,} more" if len(urls) > 3 else "")
        yield Rejected(source=source, stage="ingest",
                       reason=f"standard input lists {len(urls):,} URL{'' if len(urls) == 1 else 's'} ({shown}), "
                       "which are not fetched here; give them as INPUT arguments instead")
    else:
        yield RawDocument(id=_ID, source=source, kind="html" if kind == "html" else "text", content=text)


def read_stdin(stream: BinaryIO, settings: Settings, source: str = "-", *,
               fetch_urls: FetchURLs | None = None) -> Iterator[RawDocument | Rejected]:
    """The documents on standard input (``stream``, binary), or a ``Rejected`` saying why there are none.

    Needs: the bytes of the INPUT ``-``. Adds: ``RawDocument`` records (JSONL
    records, one HTML page or one text) with sources ``-`` or ``-:LINE``. A list of
    URLs goes to ``fetch_urls`` when given; without it, it is rejected, listing them.
    """
    text = read_stdin_text(stream, settings, source)
    if isinstance(text, Rejected):
        yield text
        return
    kind = sniff_stdin(text)
    if kind == "urls" and fetch_urls is not None:
        yield from fetch_urls(urls_from_text(text))
    else:
        yield from parse_stdin_text(text, settings, source, kind)
