"""JSONL field mapping: dumps whose fields have other names, nested or numeric."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import SettingsError
from storyline.ingest import read_inputs
from storyline.ingest.readers import JSONL_FIELDS, parse_field_mapping, parse_jsonl_line, read_jsonl_file
from storyline.model import RawDocument, Rejected
from storyline.settings import Settings

NEWS_API = "text=body,title=headline,published=date,outlet=source.name,author=byline.original,url=link"

EXPORT = [
    {"headline": "Iran launches drones at Israel", "body": "Iran launched drones and missiles on Saturday.",
     "source": {"id": "reuters", "name": "Reuters"}, "date": "2024-04-13T22:10:00Z",
     "byline": {"original": "By Parisa Hafezi"}, "link": "https://www.reuters.com/world/iran-drones"},
    {"headline": "Israel weighs response", "body": "Israel's war cabinet met on Sunday.",
     "source": {"name": "AP"}, "date": 1713052800},
]


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(("spec", "expected"), [
    ("", {}),
    ("  ", {}),
    ("text=body", {"text": "body"}),
    (" text = body , title=headline,", {"text": "body", "title": "headline"}),
    ("outlet=source.name,author=authors.0.name", {"outlet": "source.name", "author": "authors.0.name"}),
    (NEWS_API, {"text": "body", "title": "headline", "published": "date", "outlet": "source.name",
                "author": "byline.original", "url": "link"}),
])
def test_jsonl_parse_field_mapping_reads_pairs(spec: str, expected: dict) -> None:
    assert parse_field_mapping(spec) == expected


@pytest.mark.parametrize(("spec", "message"), [
    ("body", "malformed pair 'body'"),
    ("=body", "malformed pair '=body'"),
    ("text=", "malformed pair 'text='"),
    ("headline=title", "unknown field 'headline'"),
    ("Text=body", "unknown field 'Text'"),
    ("text=body,text=content", "field 'text' is mapped twice"),
    ("outlet=source..name", "malformed path 'source..name'"),
    ("outlet=.name", "malformed path '.name'"),
])
def test_jsonl_parse_field_mapping_rejects_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        parse_field_mapping(spec)
    assert raised.value.setting == "jsonl_fields"
    assert message in str(raised.value)


def test_jsonl_unknown_field_error_lists_the_valid_names() -> None:
    with pytest.raises(SettingsError, match=", ".join(JSONL_FIELDS)):
        parse_field_mapping("body=text")


def test_jsonl_reads_a_news_api_export_with_the_setting(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "export.jsonl", EXPORT)
    first, second = read_jsonl_file(path, Settings(jsonl_fields=NEWS_API))
    assert first == RawDocument(
        id="export-1", source=f"{path}:1", kind="jsonl", content="Iran launched drones and missiles on Saturday.",
        title="Iran launches drones at Israel", url="https://www.reuters.com/world/iran-drones", outlet="Reuters",
        author="By Parisa Hafezi", published="2024-04-13T22:10:00Z")
    assert (second.outlet, second.author, second.url) == ("AP", None, None)


def test_jsonl_read_inputs_uses_the_setting(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "export.jsonl", EXPORT)
    documents = list(read_inputs([str(tmp_path)], Settings(jsonl_fields=NEWS_API)))
    assert [d.title for d in documents] == ["Iran launches drones at Israel", "Israel weighs response"]


def test_jsonl_fields_argument_overrides_the_setting(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"content": "From content.", "body": "From body."}])
    [document] = read_jsonl_file(path, Settings(jsonl_fields="text=body"), fields={"text": "content"})
    assert document.content == "From content."


def test_jsonl_bad_setting_raises_settings_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", EXPORT)
    with pytest.raises(SettingsError, match="jsonl_fields"):
        list(read_jsonl_file(path, Settings(jsonl_fields="headline=title")))


def test_jsonl_mapped_field_replaces_our_own_name() -> None:
    line = json.dumps({"text": "A teaser.", "body": "The full article."})
    document = parse_jsonl_line(line, "dump.jsonl:1", "dump-1", {"text": "body"})
    assert document.content == "The full article."


def test_jsonl_unmapped_fields_keep_their_own_names() -> None:
    line = json.dumps({"body": "Text.", "title": "Own title", "url": "https://example.com/a"})
    document = parse_jsonl_line(line, "dump.jsonl:1", "dump-1", {"text": "body"})
    assert (document.title, document.url) == ("Own title", "https://example.com/a")


@pytest.mark.parametrize("record", [
    {"body": "Text."},
    {"body": "Text.", "source": None},
    {"body": "Text.", "source": "Reuters"},
    {"body": "Text.", "source": {"id": "reuters"}},
], ids=["absent", "null", "not-an-object", "key-absent"])
def test_jsonl_mapped_field_missing_counts_as_missing(record: dict) -> None:
    document = parse_jsonl_line(json.dumps(record), "dump.jsonl:1", "dump-1", {"text": "body", "outlet": "source.name"})
    assert isinstance(document, RawDocument) and document.outlet is None


def test_jsonl_rejects_a_record_without_the_mapped_text() -> None:
    rejected = parse_jsonl_line(json.dumps({"text": "Not this."}), "dump.jsonl:3", "dump-3", {"text": "body"})
    assert rejected == Rejected(source="dump.jsonl:3", stage="ingest",
                                reason="no 'body' field (mapped to 'text' by jsonl_fields), or it is empty")


def test_jsonl_rejects_a_mapped_field_of_the_wrong_type() -> None:
    line = json.dumps({"body": "Text.", "source": {"name": ["Reuters"]}})
    rejected = parse_jsonl_line(line, "dump.jsonl:1", "dump-1", {"text": "body", "outlet": "source.name"})
    assert rejected.reason == "field 'source.name' (mapped to 'outlet') must be a string, not list"


@pytest.mark.parametrize(("value", "expected"), [
    (1713052800, "2024-04-14T00:00:00+00:00"),
    (1713052800000, "2024-04-14T00:00:00+00:00"),
    (1713052800.5, "2024-04-14T00:00:00+00:00"),
    (20240414, "20240414"),
    ("2024-04-14", "2024-04-14"),
], ids=["epoch-seconds", "epoch-milliseconds", "epoch-float", "other-number", "string"])
def test_jsonl_accepts_a_numeric_published_value(value: object, expected: str) -> None:
    document = parse_jsonl_line(json.dumps({"text": "Text.", "date": value}), "d.jsonl:1", "d-1",
                                {"published": "date"})
    assert document.published == expected


def test_jsonl_reads_list_items_by_index() -> None:
    line = json.dumps({"text": "Text.", "authors": [{"name": "Jane Doe"}, {"name": "John Roe"}]})
    document = parse_jsonl_line(line, "d.jsonl:1", "d-1", {"author": "authors.0.name"})
    assert document.author == "Jane Doe"


def test_jsonl_prefers_a_key_that_contains_a_dot() -> None:
    line = json.dumps({"text": "Text.", "source.name": "Flat", "source": {"name": "Nested"}})
    document = parse_jsonl_line(line, "d.jsonl:1", "d-1", {"outlet": "source.name"})
    assert document.outlet == "Flat"


def test_jsonl_without_mapping_reads_our_own_names() -> None:
    document = parse_jsonl_line(json.dumps({"text": "Text.", "outlet": "BBC"}), "d.jsonl:1", "d-1")
    assert (document.content, document.outlet) == ("Text.", "BBC")
