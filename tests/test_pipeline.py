"""The bundled example corpus, end to end: what a new user checks after `make demo`."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from storyline.errors import InputError
from storyline.pipeline import build
from storyline.settings import Settings

from .conftest import EXAMPLES

DATED = {"000_9ed5ae25c76a98eb": date(2024, 4, 2), "001_81ede3fef93b7c6c": date(2024, 4, 1),
         "004_660aa0207cf8ca2e": date(2024, 4, 16)}
UNDATED = ("002_36824e98bd146f7f", "003_08f5dd3932140497")
BOILERPLATE = ("WATCH TV LIVE", "Go deeper", "Leave a Comment", "Tags:", "Photo:", "Getty Images", "(RELATED:",
               "is a writer with", "date 2024-")


def entry(result, day: str):
    [story] = result.stories
    matches = [e for e in story.timeline if e.date == day]
    assert matches, f"no timeline entry for {day}: {[e.date for e in story.timeline]}"
    return matches[0]


def test_pipeline_example_is_one_story(example_result) -> None:
    assert len(example_result.articles) == 5 and not example_result.rejected
    [story] = example_result.stories
    assert set(story.article_ids) == set(DATED) | set(UNDATED)


def test_pipeline_example_publication_dates(example_articles) -> None:
    for article_id, published in DATED.items():
        assert example_articles[article_id].published == published
        assert example_articles[article_id].inferred is None


@pytest.mark.parametrize("article_id", UNDATED)
def test_pipeline_example_infers_a_window_for_undated_articles(example_articles, article_id: str) -> None:
    article = example_articles[article_id]
    assert article.published is None
    assert article.inferred is not None
    assert date(2024, 4, 13) <= article.inferred.start <= article.inferred.end <= date(2024, 4, 20)
    assert "2024-04-13" in article.inferred.basis


def test_pipeline_example_titles(example_articles) -> None:
    assert example_articles["001_81ede3fef93b7c6c"].title == 'U.S. tells Iran it "had no involvement" in Israel strike'
    assert example_articles["003_08f5dd3932140497"].title == (
        "US Informs Israel: No Participation in Retaliatory Strikes Against Iran")
    assert example_articles["004_660aa0207cf8ca2e"].title == "Blinken Cautions Against Hasty Retaliation by Israel"
    assert example_articles["000_9ed5ae25c76a98eb"].title is None
    assert example_articles["002_36824e98bd146f7f"].title is None


def test_pipeline_example_text_is_clean(example_articles) -> None:
    for article in example_articles.values():
        for fragment in BOILERPLATE:
            assert fragment not in article.text, (article.id, fragment)
        assert "â" not in article.text
    assert "a “win,” Axios" in example_articles["002_36824e98bd146f7f"].text
    assert example_articles["004_660aa0207cf8ca2e"].author == "James Morley III"


def test_pipeline_example_timeline_strike_in_damascus(example_result) -> None:
    strike = entry(example_result, "2024-04-01")
    assert set(strike.article_ids) == set(DATED) | set(UNDATED)
    assert not strike.background
    assert "April 1" in strike.summary or "Monday" in strike.summary


def test_pipeline_example_timeline_iran_attack(example_result) -> None:
    attack = entry(example_result, "2024-04-13")
    assert {"002_36824e98bd146f7f", "003_08f5dd3932140497", "004_660aa0207cf8ca2e"} <= set(attack.article_ids)
    assert not set(attack.article_ids) & {"000_9ed5ae25c76a98eb", "001_81ede3fef93b7c6c"}
    assert any("launched" in s.text and "drone" in s.text for s in attack.sources)


def test_pipeline_example_timeline_blinken_raisi_putin(example_result) -> None:
    day = entry(example_result, "2024-04-16")
    assert day.article_ids == ("004_660aa0207cf8ca2e",)
    texts = " ".join(s.text for s in day.sources)
    assert "Blinken spoke to American Jewish leaders on Tuesday" in texts
    assert "Raisi assured Russian President Vladimir Putin on Tuesday" in texts


def test_pipeline_example_october_7_is_background(example_result) -> None:
    october = entry(example_result, "2023-10-07")
    assert october.background
    assert {"000_9ed5ae25c76a98eb", "002_36824e98bd146f7f"} <= set(october.article_ids)
    [story] = example_result.stories
    assert all(e.background for e in story.timeline if e.date < "2024-03")
    assert not any(e.background for e in story.timeline if e.date >= "2024-04")


def test_pipeline_every_source_is_an_exact_span(example_result, example_articles) -> None:
    for story in example_result.stories:
        for line in story.timeline:
            assert line.summary == line.summary_source.text
            assert line.summary_source in line.sources
            for source in line.sources:
                assert example_articles[source.article_id].text[source.start:source.end] == source.text
                assert source.text == source.text.strip() and source.text


def test_pipeline_timeline_is_dated_by_event_not_by_report(example_result) -> None:
    [story] = example_result.stories
    assert "2024-04-02" not in [e.date for e in story.timeline]


def test_pipeline_nothing_is_lost(tmp_path, nlp) -> None:
    (tmp_path / "good.txt").write_text((EXAMPLE := "Israel struck a compound in Damascus on Monday, officials said. ") * 3,
                                       encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "latin.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    (tmp_path / "dump.jsonl").write_text('{"text": "' + EXAMPLE + '", "published": "2024-04-02"}\n{oops\n',
                                         encoding="utf-8")
    (tmp_path / "short.txt").write_text("Too short.", encoding="utf-8")
    result = build([str(tmp_path), str(tmp_path / "missing.txt")], Settings(), nlp=nlp)
    accounted = {a.source for a in result.articles} | {r.source for r in result.rejected}
    expected = {str(tmp_path / name) for name in ("good.txt", "empty.txt", "binary.txt", "latin.txt", "short.txt")}
    expected |= {f"{tmp_path / 'dump.jsonl'}:1", f"{tmp_path / 'dump.jsonl'}:2", str(tmp_path / "missing.txt")}
    assert accounted == expected
    assert len(result.articles) == 2
    reasons = {r.source.rsplit("/", 1)[-1]: (r.stage, r.reason) for r in result.rejected}
    assert reasons["missing.txt"][1] == "no such file or folder"
    assert "empty" in reasons["empty.txt"][1] and "binary" in reasons["binary.txt"][1]
    assert "invalid JSON" in reasons["dump.jsonl:2"][1]
    assert reasons["short.txt"][0] == "clean"


def test_pipeline_nothing_to_read_is_an_input_error(tmp_path, nlp) -> None:
    with pytest.raises(InputError, match="nothing to read"):
        build([str(tmp_path / "missing")], Settings(), nlp=nlp)
    with pytest.raises(InputError, match="no INPUT"):
        build([], Settings(), nlp=nlp)


def test_pipeline_undated_article_alone_stays_undated(tmp_path, nlp) -> None:
    (tmp_path / "a.txt").write_text("Iran launched drones at Israel on Saturday, officials said on Sunday.",
                                    encoding="utf-8")
    result = build([str(tmp_path)], Settings(), nlp=nlp)
    [article] = result.articles
    assert article.published is None and article.inferred is None
    assert all(t.value is None for t in result.annotations[0].times)


def test_pipeline_build_is_deterministic(example_result, nlp) -> None:
    again = build([str(EXAMPLES)], Settings(), nlp=nlp)
    assert again.stories == example_result.stories
    assert again.articles == example_result.articles


def test_pipeline_syndicated_copy_counts_as_one_report(tmp_path, nlp, example_result) -> None:
    from .conftest import DATA

    reprint = (DATA / "dedupe" / "004_blinken_reprint.txt").read_text(encoding="utf-8")
    (tmp_path / "reprint.jsonl").write_text(json.dumps(
        {"id": "reprint", "text": reprint, "outlet": "Valley Ledger", "published": "2024-04-17"}) + "\n",
        encoding="utf-8")
    result = build([str(EXAMPLES), str(tmp_path / "reprint.jsonl")], Settings(), nlp=nlp)
    copies = {a.id: a.duplicate_of for a in result.articles if a.duplicate_of}
    assert copies == {"reprint": "004_660aa0207cf8ca2e"}
    assert result.stats["duplicates"] == 1
    day = entry(result, "2024-04-16")
    assert set(day.article_ids) == {"004_660aa0207cf8ca2e", "reprint"}
    # 004's sentences for the day cite Axios and IRNA: two origins, and the copy adds none.
    assert day.independent_reports == entry(example_result, "2024-04-16").independent_reports == 2
    assert entry(result, "2024-04-01").independent_reports == 5


def test_pipeline_annotation_failure_rejects_only_that_article(tmp_path, nlp, monkeypatch) -> None:
    from storyline.annotate import nlp as annotate_nlp

    original = annotate_nlp.annotation_from_doc

    def failing(doc, article):
        if article.id == "bad":
            raise ValueError("odd text")
        return original(doc, article)

    monkeypatch.setattr(annotate_nlp, "annotation_from_doc", failing)
    for name in ("good", "bad"):
        (tmp_path / f"{name}.txt").write_text("Israel struck a compound in Damascus on Monday, officials said.",
                                              encoding="utf-8")
    result = build([str(tmp_path)], Settings(), nlp=nlp)
    assert [a.id for a in result.articles] == ["good"]
    [rejected] = result.rejected
    assert rejected.stage == "annotate" and "ValueError: odd text" in rejected.reason
    assert rejected.source == str(tmp_path / "bad.txt")


def test_pipeline_timeline_length_and_sentences_per_date(nlp) -> None:
    result = build([str(EXAMPLES)], Settings(timeline_dates=2, timeline_sentences=2), nlp=nlp)
    [story] = result.stories
    assert len(story.timeline) == 2
    assert "2024-04-01" in [e.date for e in story.timeline]
    for line in story.timeline:
        assert 1 <= len(line.summary_sources) <= 2 and line.summary_sources[0] == line.summary_source
        assert set(line.summary_sources) <= set(line.sources)


def test_pipeline_one_timeline_over_unrelated_articles(tmp_path, nlp) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    (tmp_path / "in" / "football.txt").write_text(
        "The home side won the cup final on Saturday after a late goal, the club said. "
        "Fans celebrated in the stadium until midnight.", encoding="utf-8")
    separate = build([str(tmp_path / "in")], Settings(), nlp=nlp)
    together = build([str(tmp_path / "in")], Settings(one_timeline=True), nlp=nlp)
    assert len(separate.stories) == 2
    [story] = together.stories
    assert set(story.article_ids) == {a.id for a in together.articles}
