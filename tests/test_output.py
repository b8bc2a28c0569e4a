"""Outputs: storyline.json follows its schema, storyline.db holds the same build, report.html is safe."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from storyline.errors import StoreError
from storyline.output.json import SCHEMA_VERSION
from storyline.pipeline import build, write_outputs
from storyline.settings import Settings


@pytest.fixture(scope="module")
def written(example_result, tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    return example_result, write_outputs(example_result, folder)


def test_output_json_has_the_contracted_fields(written) -> None:
    _, paths = written
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION == 2
    assert set(data) >= {"articles", "rejected", "stories"}
    for article in data["articles"]:
        assert set(article) >= {"id", "source", "outlet", "title", "author", "published", "text"}
        assert set(article["published"]) >= {"date", "inferred"}
        if article["published"]["inferred"]:
            assert set(article["published"]["inferred"]) >= {"from", "to"}
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for story in data["stories"]:
        assert set(story) >= {"id", "title", "article_ids", "timeline"}
        for entry in story["timeline"]:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", entry["date"])
            assert isinstance(entry["background"], bool) and entry["summary"]
            for source in entry["sources"]:
                assert texts[source["article_id"]][source["start"]:source["end"]] == source["text"]


def test_output_store_holds_the_same_build(written) -> None:
    result, paths = written
    with sqlite3.connect(paths["store"]) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(result.articles)
        assert db.execute("SELECT count(*) FROM stories").fetchone()[0] == len(result.stories)
        entries = sum(len(s.timeline) for s in result.stories)
        assert db.execute("SELECT count(*) FROM timeline_entries").fetchone()[0] == entries
        for table in ("sentences", "entities", "dates", "timeline_sources"):
            mismatched = db.execute(
                f'SELECT count(*) FROM {table} t JOIN articles a ON a.id = t.article_id '
                f'WHERE substr(a.text, t.start + 1, t."end" - t.start) != t.text').fetchone()[0]
            assert mismatched == 0, table
        inferred = db.execute("SELECT count(*) FROM articles WHERE published IS NULL AND inferred_from IS NOT NULL")
        assert inferred.fetchone()[0] == 2
        background = db.execute("SELECT date FROM timeline_entries WHERE background = 1").fetchall()
        assert ("2023-10-07",) in background


def test_output_report_is_self_contained(written) -> None:
    _, paths = written
    page = paths["report"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and " src=" not in page
    assert "2024-04-01" in page and "background" in page
    assert "Blinken Cautions Against Hasty Retaliation by Israel" in page


def test_output_report_escapes_article_text(tmp_path, nlp) -> None:
    hostile = ('Officials said on Monday that <script>alert("x")</script> the strike <img src=x onerror="alert(1)"> '
               'hit a compound <a href="javascript:alert(2)">here</a> in Damascus, killing a general.')
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(hostile, encoding="utf-8")
    result = build([str(tmp_path / "in")], Settings(), nlp=nlp)
    page = write_outputs(result, tmp_path / "out")["report"].read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;" in page


def test_output_refuses_a_file_as_output_folder(example_result, tmp_path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a folder"):
        write_outputs(example_result, target)


def test_output_rebuild_replaces_the_store(example_result, tmp_path) -> None:
    write_outputs(example_result, tmp_path)
    paths = write_outputs(example_result, tmp_path)
    with sqlite3.connect(paths["store"]) as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(example_result.articles)
