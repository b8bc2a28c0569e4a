"""WARC archives (``.warc``, ``.warc.gz``): the HTML pages a crawler saved, one document each.

Reads WARC/1.0 and WARC/1.1 files as web crawlers write them (Common Crawl's
CC-NEWS, wget, Heritrix, warcio), plain or as gzip members, one record at a time
with warcio: memory holds one record's payload, never the archive, so
``max_file_bytes`` limits each page, not the file.

What becomes a document: a ``response`` record with HTTP status 200 whose
``Content-Type`` is ``text/html`` or ``application/xhtml+xml`` (or, when it has
none, whose payload starts like an HTML page). Its source is ``PATH#OFFSET``, the
record's byte offset in the file (of its gzip member in a ``.warc.gz``), which
``warcio extract PATH OFFSET`` prints; its id comes from its URL
(``pages.document_id_for_url``, as for the same URL fetched). Its text
is decoded by ``pages.decode_page``: the charset of the HTTP header wins
over ``<meta>`` and guessing, as in browsers. ``published`` stays empty:
``WARC-Date`` is when the page was crawled, not when it was published; cleaning
finds the date in the page.

What does not, and how it is reported:

- Other responses (non-HTML types, statuses other than 200, revisits, empty
  bodies) are counted, and after the last record one ``Rejected`` for the file
  lists the counts: ``skipped 22 responses that are not HTML pages: image/jpeg 12,
  revisit 5, ...``. The same sentence names, for information, the records that are
  never documents (``warcinfo``, ``request``, ``metadata``, ``resource``...).
  Those alone produce no ``Rejected``, unless the archive yields no page at all.
- A page over ``max_file_bytes``, or whose bytes are not text, is rejected alone,
  as ``PATH#OFFSET``, naming its URL.
- A file that is empty or not a WARC archive is one ``Rejected``; an archive that
  breaks (truncated, corrupt) gives the pages before the break, then one
  ``Rejected`` saying after how many records it broke.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..model import RawDocument, Rejected
from ..settings import Settings
from .decode import DecodeError
from .pages import HTML_TYPES, decode_page, document_id_for_url, looks_like_html, media_type

__all__ = ["read_warc_file"]

#: Media types of the responses that become documents.
_GZIP_MAGIC = b"\x1f\x8b"
_HEAD_BYTES = 65536
_READ_CHUNK = 65536
# A page's own extension says nothing about the article: left out of its id.


def _read_capped(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Up to ``limit + 1`` bytes of ``stream``, and whether that was all of it."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_READ_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), False


def _head(path: Path) -> bytes:
    """The first bytes of the archive, decompressed when it is gzip; raises ``OSError``."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if head.startswith(_GZIP_MAGIC):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _HEAD_BYTES)
        except zlib.error as error:
            raise ValueError(f"gzip-compressed, but the gzip data is corrupt ({error})") from None
    return head


def _not_a_warc(path: Path) -> Rejected | None:
    """A ``Rejected`` when ``path`` is unreadable, empty or does not start with a WARC record."""
    def rejected(reason: str) -> Rejected:
        return Rejected(source=str(path), stage="ingest", reason=reason)

    try:
        head = _head(path)
    except OSError as error:
        return rejected(f"cannot read the file: {error.strerror or error}")
    except ValueError as error:
        return rejected(f"not a WARC archive: {error}")
    if not head.strip():
        return rejected("empty file: no WARC records")
    if not head.lstrip().startswith(b"WARC/"):
        first_line = head.lstrip()[:200].splitlines()[0][:40]
        binary = any(byte < 32 and byte not in b"\t\r\n" for byte in first_line)
        start = "binary data" if binary else repr(first_line.decode("utf-8", "replace"))
        return rejected(f"not a WARC archive: it starts with {start}, not a WARC/1.0 or WARC/1.1 record header; "
                        "storyline reads .warc and .warc.gz files as web crawlers write them")
    return None


def _error_text(error: Exception) -> str:
    """warcio's error as one short line."""
    message = str(error)
    if "non-chunked gzip" in message:
        return ("the whole file is one gzip stream, not one gzip member per record as WARC tools write it; "
                "fix it with `warcio recompress FILE NEW_FILE`")
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    text = " ".join(lines[:2])[:300].rstrip(".")
    if isinstance(error, ArchiveLoadFailed):
        return text
    return f"a record warcio cannot parse ({type(error).__name__}: {text})"


def _summary(path: Path, skipped: Counter[str], other: Counter[str], documents: int, *,
             complete: bool = True) -> Rejected | None:
    """The one ``Rejected`` that accounts for the records that did not become documents.

    ``complete`` is false when the archive broke: then a lack of pages needs no
    saying, the ``Rejected`` for the break says it.
    """
    others = ", ".join(f"{count:,} {name}" for name, count in sorted(other.items(), key=lambda i: (-i[1], i[0])))
    if skipped:
        total = sum(skipped.values())
        counts = ", ".join(f"{name} {count:,}" for name, count in sorted(skipped.items(), key=lambda i: (-i[1], i[0])))
        what = "response that is not an HTML page" if total == 1 else "responses that are not HTML pages"
        reason = f"skipped {total:,} {what}: {counts}"
        if others:
            reason += f"; the archive also holds records that are never documents: {others}"
    elif not documents and complete:
        reason = f"no HTML pages in the archive; it holds {others or 'no records'}"
    else:
        return None
    return Rejected(source=str(path), stage="ingest", reason=reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Record:
    """What the reader needs of one WARC record, read to its end."""

    offset: int
    #: The record's own type for records that are never documents (``request``), else ``None`` ...
    not_document: str | None
    #: ... why a response is not an HTML page (``image/jpeg``, ``status 404``), else ``None``.
    skipped: str | None
    url: str | None = None
    payload: bytes = b""
    complete: bool = True
    content_type: str | None = None
    #: Why the archive cannot be read on from this record, else ``None``.
    broken: str | None = None


def _read_record(record: ArcWarcRecord, archive: WARCIterator, limit: int) -> _Record:
    """Classify ``record`` and read its payload when it is an HTML page; may raise anything warcio raises."""
    kind = record.rec_type
    if not kind or record.length is None:
        # What warcio makes of a header cut short by the end of the file.
        return _Record(offset=archive.get_record_offset(), not_document=None, skipped=None,
                       broken="a record header without WARC-Type or Content-Length")
    headers = record.http_headers
    status = headers.get_statuscode() if headers is not None else None
    content_type = headers.get_header("Content-Type") if headers is not None else record.content_type
    media = media_type(content_type) or None
    payload, complete = b"", True
    if kind == "response" and status == "200" and (media is None or media in HTML_TYPES):
        payload, complete = _read_capped(record.content_stream(), limit)
    offset = archive.get_record_offset()  # reads the rest of the record
    # A record cut short by the end of the file leaves part of its length unread.
    broken = "the file ends in the middle of a record" if getattr(record.raw_stream, "limit", 0) > 0 else None
    skipped = None
    if kind not in ("response", "revisit"):
        return _Record(offset=offset, not_document=kind, skipped=None, broken=broken)
    if kind == "revisit":
        skipped = "revisit"
    elif headers is None:  # dns: and other non-HTTP responses, or an empty record
        skipped = "empty record" if not record.length or media == "application/http" else media or "non-HTTP"
    elif status != "200":
        skipped = f"status {status or 'missing'}"
    elif media is None and not looks_like_html(payload):
        skipped = "no content type"
    elif media is not None and media not in HTML_TYPES:
        skipped = media
    elif complete and not payload.strip():
        skipped = "empty body"
    return _Record(offset=offset, not_document=None, skipped=skipped, broken=broken,
                   url=record.rec_headers.get_header("WARC-Target-URI") or None,
                   payload=payload if skipped is None else b"", complete=complete, content_type=content_type)


def _page(path: Path, page: _Record, limit: int) -> RawDocument | Rejected:
    """The document for an HTML page, or the ``Rejected`` that says why it cannot be one."""
    source = f"{path}#{page.offset}"
    where = page.url or "a page with no WARC-Target-URI"
    if not page.complete:
        return Rejected(source=source, stage="ingest",
                        reason=f"{where}: page too large (more than {limit:,} bytes; the limit is "
                        f"max_file_bytes={limit:,}); raise the limit to read it")
    try:
        content, _encoding = decode_page(page.payload, page.content_type)
    except DecodeError as error:
        return Rejected(source=source, stage="ingest", reason=f"{where}: {error}")
    document_id = document_id_for_url(page.url) if page.url else f"{path.name.split('.')[0]}-{page.offset}"
    return RawDocument(id=document_id, source=source, kind="html", content=content, url=page.url)


def read_warc_file(path: Path, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """Each HTML page in the WARC archive at ``path``, then a ``Rejected`` summing up what was skipped.

    Needs: a ``.warc`` or ``.warc.gz`` file. Adds: ``RawDocument(kind="html")``
    records with ``url`` and a source ``PATH#OFFSET``. Streams the archive, one
    record at a time; never raises for what is in the file (the module docstring
    gives the rules).
    """
    problem = _not_a_warc(path)
    if problem is not None:
        yield problem
        return
    limit = settings.max_file_bytes
    skipped: Counter[str] = Counter()
    other: Counter[str] = Counter()
    records = documents = 0

    def broken(reason: str) -> Rejected:
        return Rejected(source=str(path), stage="ingest",
                        reason=f"truncated or corrupt archive after {records:,} record{'' if records == 1 else 's'}: "
                        f"{reason}; "
                        "the documents before it were read")

    try:
        handle = path.open("rb")
        size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        yield Rejected(source=str(path), stage="ingest", reason=f"cannot read the file: {error.strerror or error}")
        return
    with handle:
        archive = WARCIterator(handle)
        records_left = iter(archive)
        while problem is None:
            # On broken input warcio raises many kinds of exceptions (ArchiveLoadFailed,
            # TypeError, ValueError, zlib.error...): each ends the archive as a Rejected.
            try:
                record = next(records_left, None)
                if record is None:
                    break
                page = _read_record(record, archive, limit)
            except Exception as error:  # noqa: BLE001 - see above
                problem = broken(_error_text(error))
                break
            if page.broken:
                problem = broken(page.broken)
                break
            records += 1
            if page.not_document:
                other[page.not_document] += 1
            elif page.skipped:
                skipped[page.skipped] += 1
            else:
                item = _page(path, page, limit)
                documents += isinstance(item, RawDocument)
                yield item
        if problem is None and archive.offset < size:
            # warcio stops quietly at a gzip member cut short: the bytes after the
            # last whole record are what is left of it.
            problem = broken(f"{size - archive.offset:,} bytes at the end are not a complete record")
    if problem is not None:
        yield problem
    summary = _summary(path, skipped, other, documents, complete=problem is None)
    if summary is not None:
        yield summary
