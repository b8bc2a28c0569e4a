"""Dating crawled text end to end, on fixtures written for these tests (tests/data/dating):
two look-alike ferry disasters two weeks apart in two ports; in the first story a scraper's
timestamp a year later, a crawl prefix before the happening and a dateline that says
otherwise, a wire dateline without a year, and an undated article about the first disaster
that arrives last, when the stream has moved on to the second."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from rich.console import Console

from storyline.output.terminal import print_timelines
from storyline.pipeline import build, write_outputs
from storyline.settings import Settings

from .conftest import DATA

FOLDER = DATA / "dating"


@pytest.fixture(scope="module")
def result(nlp):
    return build([str(FOLDER)], Settings(), nlp=nlp)


@pytest.fixture(scope="module")
def articles(result) -> dict:
    return {article.id: article for article in result.articles}


def test_pipeline_dating_look_alike_stories_stay_apart_and_the_late_undated_article_joins_its_own(result) -> None:
    assert sorted(story.article_ids for story in result.stories) == [
        ("arlen_1", "arlen_2", "arlen_3", "arlen_4", "arlen_5", "z_arlen_undated"),
        ("kessel_1", "kessel_2", "kessel_3")]


def test_pipeline_dating_scraper_timestamp_is_contradicted_by_the_story(articles) -> None:
    article = articles["arlen_4"]
    [evidence] = article.date_evidence
    assert (evidence.source, evidence.value, evidence.status) == ("dateline", "2024-09-30", "contradicted")
    assert "the story dates 'Monday' to 2023-05-01" in evidence.reason
    assert article.published is None
    assert (article.inferred.start, article.inferred.end) == (date(2023, 5, 3), date(2023, 5, 7))


def test_pipeline_dating_dateline_beats_a_crawl_prefix_before_the_happening(articles) -> None:
    article = articles["arlen_5"]
    assert (article.published, article.published_source) == (date(2023, 5, 4), "dateline")
    prefix = article.date_evidence[0]
    assert (prefix.source, prefix.status) == ("prefix", "contradicted")


def test_pipeline_dating_yearless_wire_dateline_takes_the_story_year(articles) -> None:
    article = articles["arlen_3"]
    assert (article.published, article.published_source) == (date(2023, 5, 3), "dateline")
    assert "year 2023" in article.date_evidence[0].reason


def test_pipeline_dating_undated_article_is_dated_by_its_story(articles) -> None:
    article = articles["z_arlen_undated"]
    assert article.published is None and article.date_evidence == ()
    assert (article.inferred.start, article.inferred.end) == (date(2023, 5, 1), date(2023, 5, 7))


def test_pipeline_dating_no_timeline_line_in_the_wrong_year(result) -> None:
    for story in result.stories:
        assert all(entry.date.startswith("2023") for entry in story.timeline), story.id


def test_pipeline_dating_evidence_in_every_output(result, tmp_path) -> None:
    paths = write_outputs(result, tmp_path)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    published = next(a for a in data["articles"] if a["id"] == "arlen_4")["published"]
    assert published["evidence"][0]["status"] == "contradicted"
    assert published["content"]["from"] == "2023-05-01"
    with sqlite3.connect(paths["store"]) as connection:
        rows = connection.execute("SELECT article_id, source, status FROM date_evidence WHERE status = 'contradicted' "
                                  "ORDER BY article_id").fetchall()
    assert rows == [("arlen_4", "dateline", "contradicted"), ("arlen_5", "prefix", "contradicted")]
    report = paths["report"].read_text(encoding="utf-8")
    assert "Date:2024-09-30 11:02:13" in report and "contradicted" in report
    console = Console(record=True, width=200)
    print_timelines(data, console)
    assert "dateline 2024-09-30 contradicted" in console.export_text()
