"""Ingest: every input becomes a document or a Rejected record that names it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.ingest import read_inputs
from storyline.ingest.decode import DecodeError, decode_bytes
from storyline.model import RawDocument, Rejected
from storyline.settings import Settings


def read(paths: list, **settings) -> list:
    return list(read_inputs([str(p) for p in paths], Settings(**settings)))


def test_ingest_reads_text_html_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain text article.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Page</p></body></html>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": "First.", "title": "T", "outlet": "Reuters", "published": "2024-04-01"}) + "\n"
        + json.dumps({"id": "x7", "text": "Second."}) + "\n", encoding="utf-8")
    documents = read([tmp_path])
    assert [(d.id, d.kind) for d in documents] == [("a", "text"), ("b", "html"), ("c-1", "jsonl"), ("x7", "jsonl")]
    assert documents[2].title == "T" and documents[2].outlet == "Reuters" and documents[2].published == "2024-04-01"
    assert documents[2].source.endswith("c.jsonl:1")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
        (bytes(range(0x80, 0x100)) * 40, "cannot decode"),
    ],
    ids=["empty", "whitespace-only", "binary", "undecodable"],
)
def test_ingest_rejects_unusable_bytes_naming_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [rejected] = read([path])
    assert isinstance(rejected, Rejected)
    assert rejected.source == str(path) and rejected.stage == "ingest"
    assert reason in rejected.reason


def test_ingest_decodes_legacy_encodings(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Le président a déclaré que la réunion était très productive. " .encode("cp1252") * 5)
    [document] = read([path])
    assert isinstance(document, RawDocument)
    assert "président a déclaré" in document.content


def test_ingest_uses_the_charset_an_html_page_declares(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>“Quoted” – café</p></body></html>'
                     .encode("cp1252"))
    [document] = read([path])
    assert "“Quoted” – café" in document.content


def test_ingest_rejects_a_malformed_jsonl_line_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "Good one."}\n{"text": "broken\n[1, 2]\n{"title": "no text"}\n{"text": 5}\n'
                    '{"text": "Good two."}\n', encoding="utf-8")
    items = read([path])
    assert [d.content for d in items if isinstance(d, RawDocument)] == ["Good one.", "Good two."]
    rejected = {r.source.rsplit(":", 1)[1]: r.reason for r in items if isinstance(r, Rejected)}
    assert set(rejected) == {"2", "3", "4", "5"}
    assert "invalid JSON" in rejected["2"]
    assert "JSON object" in rejected["3"]
    assert "'text'" in rejected["4"]
    assert "must be a string" in rejected["5"]


def test_ingest_reports_a_missing_path_and_an_empty_glob(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    items = read([missing, tmp_path / "*.jsonl"])
    assert [(r.source, r.reason) for r in items] == [
        (str(missing), "no such file or folder"),
        (str(tmp_path / "*.jsonl"), "the pattern matched no files"),
    ]


def test_ingest_rejects_unsupported_files_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "ok.txt").write_text("Fine article text.", encoding="utf-8")
    items = read([tmp_path])
    assert [type(i).__name__ for i in items] == ["Rejected", "RawDocument"]
    assert "unsupported file type '.pdf'" in items[0].reason


def test_ingest_rejects_files_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    [rejected] = read([path], max_file_bytes=1000)
    assert "file too large" in rejected.reason and "max_file_bytes" in rejected.reason


def test_ingest_globs_and_makes_ids_unique(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Article in {folder}.", encoding="utf-8")
    documents = read([tmp_path / "**" / "*.txt"])
    assert [d.id for d in documents] == ["story", "story~2"]


def test_ingest_reads_a_file_given_twice_once(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Article.", encoding="utf-8")
    assert len(read([path, tmp_path])) == 1


def test_decode_bytes_reports_a_broken_byte_order_mark() -> None:
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode_bytes(b"\xff\xfe" + b"\x00\xd8")
