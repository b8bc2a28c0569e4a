"""WARC archives: HTML pages become documents, everything else is counted, broken files are reported.

The archives are written in each test with warcio's WARCWriter, the shape Common
Crawl's CC-NEWS uses: a warcinfo record, then request, response and metadata
records for every fetch, one gzip member per record.
"""

from __future__ import annotations

import gzip
import io
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import read_inputs
from storyline.ingest.pages import document_id_for_url
from storyline.ingest.warc import read_warc_file
from storyline.model import RawDocument, Rejected
from storyline.settings import Settings


@dataclass(frozen=True)
class Fetch:
    """One crawled URL: what the server answered."""

    url: str
    body: bytes = b""
    status: str = "200 OK"
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    revisit: bool = False


def page(n: int, words: int = 40) -> bytes:
    return (f"<!DOCTYPE html><html><head><title>Story {n}</title></head><body><article><p>Story {n}. "
            + "The ministers met again on Monday. " * words + "</p></article></body></html>").encode()


def write_warc(path: Path, fetches: list[Fetch], *, gz: bool = True, version: str = "WARC/1.0",
               requests: bool = True) -> Path:
    """An archive like CC-NEWS writes: warcinfo, then request, response, metadata per fetch."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz, warc_version=version)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test-crawler/1.0",
                                                                      "format": "WARC File Format 1.0"}))
        for fetch in fetches:
            if requests:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
                writer.write_record(writer.create_warc_record(fetch.url, "request", payload=io.BytesIO(b""),
                                                              http_headers=request))
            headers = list(fetch.headers)
            if fetch.content_type is not None:
                headers.insert(0, ("Content-Type", fetch.content_type))
            http = StatusAndHeaders(fetch.status, headers, protocol="HTTP/1.1")
            if fetch.revisit:
                record = writer.create_revisit_record(fetch.url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                                      fetch.url, "2024-04-01T00:00:00Z", http_headers=http)
            else:
                record = writer.create_warc_record(fetch.url, "response", payload=io.BytesIO(fetch.body),
                                                   http_headers=http)
            writer.write_record(record)
            if requests:
                writer.write_record(writer.create_warc_record(
                    fetch.url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                    warc_content_type="application/warc-fields"))
    return path


def read(path: Path, **settings) -> list[RawDocument | Rejected]:
    return list(read_warc_file(path, Settings(**settings)))


def documents(items: list) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def rejected(items: list) -> list[Rejected]:
    return [item for item in items if isinstance(item, Rejected)]


PAGES = [Fetch(f"https://www.example.com/world/2024/04/0{n}/story-{n}.html", page(n)) for n in range(1, 4)]


@pytest.mark.parametrize(("name", "gz", "version"), [
    ("cc-news.warc.gz", True, "WARC/1.0"),
    ("cc-news.warc.gz", True, "WARC/1.1"),
    ("plain.warc", False, "WARC/1.0"),
    ("plain.warc", False, "WARC/1.1"),
])
def test_warc_reads_each_html_response_as_a_document(tmp_path: Path, name: str, gz: bool, version: str) -> None:
    path = write_warc(tmp_path / name, PAGES, gz=gz, version=version)
    items = read(path)
    assert all(isinstance(item, RawDocument) for item in items)
    assert [(d.kind, d.url) for d in items] == [("html", fetch.url) for fetch in PAGES]
    assert "Story 2. The ministers met again on Monday." in items[1].content
    assert all(d.source.startswith(f"{path}#") for d in items)
    assert all(d.published is None and d.title is None for d in items)  # WARC-Date is the crawl date


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_source_offset_locates_the_record(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), PAGES, gz=gz)
    for document in read(path):
        offset = int(document.source.rsplit("#", 1)[1])
        with path.open("rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == document.url


def test_warc_ids_are_those_of_the_same_url_fetched_and_unique_in_a_build(tmp_path: Path) -> None:
    url = "https://example.com/live/updates"
    path = write_warc(tmp_path / "a.warc.gz", [Fetch(url, page(1)), Fetch(url, page(2)), PAGES[0]])
    assert [d.id for d in read(path)] == [document_id_for_url(url), document_id_for_url(url),
                                          document_id_for_url(PAGES[0].url)]
    ids = [d.id for d in read_inputs([str(path)], Settings()) if isinstance(d, RawDocument)]
    assert ids == [document_id_for_url(url), f"{document_id_for_url(url)}~2", document_id_for_url(PAGES[0].url)]


def test_warc_counts_skipped_responses_in_one_summary(tmp_path: Path) -> None:
    fetches = [
        PAGES[0],
        Fetch("https://example.com/a.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg"),
        Fetch("https://example.com/b.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg"),
        Fetch("https://example.com/c.pdf", b"%PDF-1.4", content_type="application/pdf"),
        Fetch("https://example.com/gone", b"<html><body>Not found</body></html>", status="404 Not Found"),
        Fetch("https://example.com/moved", b"", status="301 Moved Permanently",
              headers=(("Location", "https://example.com/new"),)),
        Fetch(PAGES[0].url, status="200 OK", revisit=True),
        PAGES[1],
    ]
    path = write_warc(tmp_path / "a.warc.gz", fetches)
    items = read(path)
    assert [d.url for d in documents(items)] == [PAGES[0].url, PAGES[1].url]
    [summary] = rejected(items)
    assert items[-1] is summary and summary.source == str(path) and summary.stage == "ingest"
    assert summary.reason == (
        "skipped 6 responses that are not HTML pages: image/jpeg 2, application/pdf 1, revisit 1, "
        "status 301 1, status 404 1; the archive also holds records that are never documents: "
        "8 metadata, 8 request, 1 warcinfo")


def test_warc_needs_no_summary_when_every_response_is_a_page(tmp_path: Path) -> None:
    assert rejected(read(write_warc(tmp_path / "a.warc.gz", PAGES))) == []


def test_warc_reports_an_archive_without_pages(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "a.warc.gz", [])
    assert read(path) == [Rejected(source=str(path), stage="ingest",
                                   reason="no HTML pages in the archive; it holds 1 warcinfo")]


@pytest.mark.parametrize(("body", "expected"), [
    (page(1), "document"),
    (b"  <?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body>Text</body></html>", "document"),
    (b'{"not": "html"}', "no content type 1"),
])
def test_warc_sniffs_a_response_without_content_type(tmp_path: Path, body: bytes, expected: str) -> None:
    path = write_warc(tmp_path / "a.warc.gz", [Fetch("https://example.com/x", body, content_type=None)],
                      requests=False)
    [item] = read(path)
    assert (isinstance(item, RawDocument) and item.kind == "html") if expected == "document" \
        else expected in item.reason


@pytest.mark.parametrize("content_type", ["application/xhtml+xml", "TEXT/HTML", "text/html;charset=UTF-8"])
def test_warc_accepts_html_media_types(tmp_path: Path, content_type: str) -> None:
    path = write_warc(tmp_path / "a.warc.gz", [Fetch("https://example.com/x", page(1), content_type=content_type)])
    assert len(documents(read(path))) == 1


@pytest.mark.parametrize(("content_type", "meta"), [
    ("text/html; charset=windows-1252", ""),
    ("text/html; charset=ISO-8859-1", ""),  # labelled Latin-1, decoded as windows-1252 like browsers do
    ("text/html", '<meta charset="windows-1252">'),
    ("text/html; charset=windows-1252", '<meta charset="iso-8859-2">'),  # the header wins, as in browsers
], ids=["header", "header-latin1", "meta", "header-over-meta"])
def test_warc_decodes_with_the_declared_charset(tmp_path: Path, content_type: str, meta: str) -> None:
    text = "“Quoted” – the café’s owner said. " * 3
    body = f"<html><head>{meta}</head><body><p>{text}</p></body></html>".encode("cp1252")
    path = write_warc(tmp_path / "a.warc.gz", [Fetch("https://example.com/x", body, content_type=content_type)])
    [document] = read(path)
    assert text in document.content


def test_warc_undoes_the_content_encoding(tmp_path: Path) -> None:
    fetch = Fetch("https://example.com/x", gzip.compress(page(7)), headers=(("Content-Encoding", "gzip"),))
    [document] = read(write_warc(tmp_path / "a.warc.gz", [fetch]))
    assert "Story 7." in document.content


def test_warc_rejects_a_page_over_the_record_limit_and_reads_the_rest(tmp_path: Path) -> None:
    big = Fetch("https://example.com/big", page(9, words=500))
    path = write_warc(tmp_path / "a.warc.gz", [PAGES[0], big, PAGES[1]])
    limit = len(page(1)) + 100
    items = read(path, max_file_bytes=limit)
    assert [d.url for d in documents(items)] == [PAGES[0].url, PAGES[1].url]
    [too_large] = rejected(items)
    assert too_large.source.startswith(f"{path}#")
    assert too_large.reason.startswith("https://example.com/big: page too large")
    assert f"max_file_bytes={limit:,}" in too_large.reason


def test_warc_does_not_apply_the_file_limit_to_the_archive(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "a.warc", PAGES * 3, gz=False)
    limit = len(page(1)) + 100
    assert path.stat().st_size > 10 * limit
    assert len(documents(read(path, max_file_bytes=limit))) == 9


@pytest.mark.parametrize(("body", "reason"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    (b"   \r\n", "empty body 1"),
])
def test_warc_rejects_a_page_that_is_not_text(tmp_path: Path, body: bytes, reason: str) -> None:
    path = write_warc(tmp_path / "a.warc.gz", [Fetch("https://example.com/x", body), PAGES[0]])
    items = read(path)
    assert [d.url for d in documents(items)] == [PAGES[0].url]
    [problem] = rejected(items)
    assert reason in problem.reason


def _offsets(path: Path) -> list[int]:
    """Where each record starts, and the file's end."""
    with path.open("rb") as handle:
        archive = ArchiveIterator(handle)
        starts = [archive.get_record_offset() for _record in archive]
    return [*starts, path.stat().st_size]


# Records: 0 warcinfo, then (request, response, metadata) per page: page 2's response is record 5.
@pytest.mark.parametrize("cut", ["in-payload", "in-header", "between-records-partial"])
@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_truncated_archive_keeps_the_pages_before_the_break(tmp_path: Path, gz: bool, cut: str) -> None:
    full = write_warc(tmp_path / ("full.warc.gz" if gz else "full.warc"), PAGES, gz=gz)
    offsets = _offsets(full)
    start, end = offsets[5], offsets[6]
    position = {"in-payload": (start + end) // 2 + 50, "in-header": start + 40,
                "between-records-partial": start + 5}[cut]
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(full.read_bytes()[:position])
    items = read(path)
    assert [d.url for d in documents(items)] == [PAGES[0].url]
    [problem] = rejected(items)
    assert problem.source == str(path)
    assert problem.reason.startswith("truncated or corrupt archive after 5 records: ")
    assert problem.reason.endswith("; the documents before it were read")


def test_warc_reports_garbage_after_the_last_record(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "a.warc", PAGES, gz=False)
    path.write_bytes(path.read_bytes() + b"this is not a record\n")
    items = read(path)
    assert len(documents(items)) == 3
    assert "after 10 records: Invalid WARC record" in rejected(items)[0].reason


def test_warc_explains_a_file_gzipped_as_a_whole(tmp_path: Path) -> None:
    plain = write_warc(tmp_path / "a.warc", PAGES, gz=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    [problem] = read(path)
    assert "warcio recompress" in problem.reason


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file: no WARC records"),
    (b"\n\n", "empty file: no WARC records"),
    (b"Plain text, not an archive.\n", "not a WARC archive: it starts with 'Plain text, not an archive.'"),
    (b"<!DOCTYPE html><html><body>Hi</body></html>", "not a WARC archive: it starts with '<!DOCTYPE html>"),
    (gzip.compress(b"some text in a gzip file\n"), "not a WARC archive: it starts with 'some text"),
    (b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4, "not a WARC archive: gzip-compressed, but the gzip data is corrupt"),
    (b"\x00\x01\x02\x03" * 100, "not a WARC archive: it starts with binary data"),
], ids=["empty", "blank", "text", "html", "gzip-text", "corrupt-gzip", "binary"])
def test_warc_rejects_a_file_that_is_not_an_archive(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(content)
    [problem] = read(path)
    assert problem.source == str(path) and problem.stage == "ingest"
    assert problem.reason.startswith(reason)


def test_warc_reports_a_missing_file(tmp_path: Path) -> None:
    [problem] = read(tmp_path / "missing.warc.gz")
    assert problem.reason.startswith("cannot read the file")


def test_warc_memory_stays_bounded_while_streaming(tmp_path: Path) -> None:
    body = page(0, words=560)  # about 20 KB
    fetches = [Fetch(f"https://example.com/story-{n}", body) for n in range(2000)]
    path = write_warc(tmp_path / "big.warc", fetches, gz=False, requests=False)
    size = path.stat().st_size
    assert size > 40_000_000
    count = 0
    tracemalloc.start()
    try:
        for item in read_warc_file(path, Settings()):
            count += isinstance(item, RawDocument)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 2000
    # A few records' worth (about 0.5 MB, most of it the set of ids seen so far), never the 40 MB archive.
    assert peak < 1_000_000
