"""Standard input: sniffed as JSONL, HTML, URLs or text; empty, binary and oversized input rejected."""

from __future__ import annotations

import io
import json

import pytest

from storyline.ingest.stdin import (parse_stdin_text, read_stdin, read_stdin_text, sniff_stdin,
                                    urls_from_text)
from storyline.model import RawDocument, Rejected
from storyline.settings import Settings


def read(data: bytes, **settings) -> list[RawDocument | Rejected]:
    return list(read_stdin(io.BytesIO(data), Settings(**settings)))


JSONL = (json.dumps({"text": "First article.", "title": "One"}) + "\n\n"
         + json.dumps({"id": "x7", "text": "Second article."}) + "\n")


@pytest.mark.parametrize(("text", "kind"), [
    (JSONL, "jsonl"),
    ('{"text": "ok"}\n{"text": "broken\n', "jsonl"),
    ("<!DOCTYPE html>\n<html><body><p>Page</p></body></html>", "html"),
    ("\ufeff  <html lang='en'><body>Page</body></html>", "html"),
    ("<!-- saved page -->\n<html><body>Page</body></html>", "html"),
    ("<article><h1>Title</h1><p>Body.</p></article>", "html"),
    ("https://example.com/a\n\n  http://example.org/b?x=1  \n", "urls"),
    ("The minister said on Monday that talks would resume.\n", "text"),
    ("https://example.com/a\nRead this one first.\n", "text"),
    ('{"text": "a"}\nnot json\n', "text"),
    ("<b>Bold</b> claims were made.", "text"),
    ("https:// not a url", "text"),
], ids=["jsonl", "jsonl-broken-line", "html-doctype", "html-bom", "html-comment", "html-fragment", "urls",
        "text", "urls-and-text", "jsonl-and-text", "inline-tag", "bad-url"])
def test_stdin_sniff(text: str, kind: str) -> None:
    assert sniff_stdin(text) == kind


def test_stdin_reads_jsonl_with_line_sources() -> None:
    first, second = read(JSONL.encode())
    assert (first.id, first.source, first.title, first.kind) == ("stdin-1", "-:1", "One", "jsonl")
    assert (second.id, second.source) == ("x7", "-:3")


def test_stdin_rejects_a_broken_jsonl_line_alone() -> None:
    items = read(b'{"text": "Good."}\n{"text": "broken\n{"text": "Also good."}\n')
    assert [type(item).__name__ for item in items] == ["RawDocument", "Rejected", "RawDocument"]
    assert items[1].source == "-:2" and "invalid JSON" in items[1].reason


def test_stdin_jsonl_uses_the_field_mapping() -> None:
    line = json.dumps({"body": "Article body.", "source": {"name": "Reuters"}})
    [document] = read(line.encode(), jsonl_fields="text=body,outlet=source.name")
    assert (document.content, document.outlet) == ("Article body.", "Reuters")


def test_stdin_reads_an_html_page_in_its_declared_charset() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>“Quoted” – café</p></body></html>'
    [document] = read(page.encode("cp1252"))
    assert (document.id, document.source, document.kind) == ("stdin", "-", "html")
    assert "“Quoted” – café" in document.content


def test_stdin_reads_plain_text_as_one_document() -> None:
    [document] = read("Le président a déclaré que la réunion était productive.\n".encode())
    assert document == RawDocument(id="stdin", source="-", kind="text",
                                   content="Le président a déclaré que la réunion était productive.\n")


def test_stdin_names_sources_after_the_given_source() -> None:
    items = list(read_stdin(io.BytesIO(JSONL.encode()), Settings(), source="<stdin>"))
    assert [item.source for item in items] == ["<stdin>:1", "<stdin>:3"]


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty input: nothing came on standard input"),
    (b" \n\t\n", "empty input: nothing came on standard input"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "standard input: binary file"),
    (bytes(range(0x80, 0x100)) * 40, "standard input: cannot decode"),
], ids=["empty", "blank", "binary", "undecodable"])
def test_stdin_rejects_unusable_input(data: bytes, reason: str) -> None:
    [rejected] = read(data)
    assert rejected.source == "-" and rejected.stage == "ingest"
    assert rejected.reason.startswith(reason)


def test_stdin_rejects_input_over_the_limit_reading_no_further() -> None:
    stream = io.BytesIO(b"word " * 10_000)
    [rejected] = read_stdin(stream, Settings(max_file_bytes=1000))
    assert "standard input too large" in rejected.reason and "max_file_bytes=1,000" in rejected.reason
    assert stream.tell() == 1001


def test_stdin_hands_urls_to_the_fetcher() -> None:
    asked: list[list[str]] = []

    def fetch(urls: list[str]) -> list[RawDocument]:
        asked.append(urls)
        return [RawDocument(id=f"page{n}", source=url, kind="html", content="<p>x</p>") for n, url in enumerate(urls)]

    items = list(read_stdin(io.BytesIO(b"https://example.com/a\nhttps://example.org/b\n"), Settings(),
                            fetch_urls=fetch))
    assert asked == [["https://example.com/a", "https://example.org/b"]]
    assert [item.source for item in items] == ["https://example.com/a", "https://example.org/b"]


def test_stdin_rejects_urls_when_nothing_fetches_them() -> None:
    urls = "".join(f"https://example.com/{n}\n" for n in range(5))
    [rejected] = read(urls.encode())
    assert rejected.source == "-"
    assert rejected.reason.startswith("standard input lists 5 URLs (https://example.com/0, https://example.com/1, "
                                      "https://example.com/2 and 2 more), which are not fetched here")


def test_stdin_urls_from_text_in_order_each_once() -> None:
    text = "  https://b.example/x \n\nhttp://a.example/y\nhttps://b.example/x\n"
    assert urls_from_text(text) == ["https://b.example/x", "http://a.example/y"]


def test_stdin_text_then_parse_matches_read_stdin() -> None:
    text = read_stdin_text(io.BytesIO(JSONL.encode()), Settings())
    assert isinstance(text, str)
    assert list(parse_stdin_text(text, Settings())) == read(JSONL.encode())
