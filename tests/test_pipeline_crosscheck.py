"""The example corpus's cross-source view: claims, quotes, citations, independence, coverage."""

from __future__ import annotations

import json
import sqlite3

import pytest

from storyline.attribute.sources import single_outlet
from storyline.pipeline import write_outputs

A000, A001, A002, A003, A004 = ("000_9ed5ae25c76a98eb", "001_81ede3fef93b7c6c", "002_36824e98bd146f7f",
                                "003_08f5dd3932140497", "004_660aa0207cf8ca2e")


@pytest.fixture(scope="module")
def story(example_result):
    [story] = example_result.stories
    return story


def test_crosscheck_finds_the_conflict_over_the_size_of_the_attack(story) -> None:
    conflicts = [c for c in story.claims if c.status == "conflict" and c.kind == "quantity"]
    assert conflicts, [(c.about, c.status) for c in story.claims]
    [attack] = [c for c in conflicts if {A002, A003} <= set(c.article_ids)]
    texts = {m.text for m in attack.mentions}
    assert "over 300 drones and missiles" in texts
    assert any("100 ballistic missiles" in text for text in texts)


def test_crosscheck_finds_the_conflict_over_what_was_hit_in_damascus(story) -> None:
    [target] = [c for c in story.claims if c.status == "conflict" and c.kind in ("target", "place")]
    values = " ".join(m.value for m in target.mentions)
    assert "embassy" in values and "consul" in values
    assert len(set(target.article_ids)) >= 2


def test_crosscheck_never_calls_agreeing_mentions_a_conflict(story) -> None:
    for claim in story.claims:
        if claim.status == "conflict":
            assert len({m.value for m in claim.mentions}) > 1, claim


def test_crosscheck_shows_axios_as_the_original_source(example_result, story) -> None:
    articles = {a.id: a for a in example_result.articles}
    assert (articles[A001].outlet, articles[A001].outlet_source) == ("Axios", "citation")
    axios = [c for c in story.citations if c.cited == "Axios"]
    assert {c.article_id for c in axios if not c.original} == {A000, A002, A004}
    assert {c.article_id for c in axios if c.original} == {A001}
    assert {(c.article_id, c.kind) for c in story.citations if c.cited == "IRNA"} == {(A004, "state_media")}


@pytest.mark.parametrize(("start", "speaker", "article_id"), [
    ("You got a win. Take the win", "Joe Biden", A002),
    ("Strength and wisdom are two sides of the same coin", "Antony Blinken", A004),
    ("We will respond to any action against Iran's interests", "Ebrahim Raisi", A004),
])
def test_crosscheck_quotes_have_their_speakers(story, start, speaker, article_id) -> None:
    [quote] = [q for q in story.quotes if q.text.startswith(start)]
    assert quote.speaker == speaker and quote.kind == "direct"
    assert article_id in quote.article_ids


def test_crosscheck_quotes_keep_how_they_were_attributed(story) -> None:
    """A reader must see whether someone said, vowed or accused: the cue comes with the quote."""
    [raisi] = [q for q in story.quotes if q.text.startswith("We will respond to any action")]
    [vow] = [q for q in story.quotes if q.text.startswith("to enact revenge for the strikes")]
    assert (raisi.cue, vow.cue) == ("said", "has vowed")


def test_crosscheck_one_quote_reported_by_two_articles_is_one_quote(story) -> None:
    [quote] = [q for q in story.quotes if "had no involvement in the [Israeli] strike" in q.text]
    assert set(quote.article_ids) == {A000, A001}
    assert quote.independent_sources == 1  # 000 has it from a source "who spoke to Axios"; 001 is Axios


def test_crosscheck_every_span_is_exactly_the_article_text(example_result, story) -> None:
    texts = {a.id: a.text for a in example_result.articles}
    spans = [s for q in story.quotes for s in q.sources] + [m for c in story.claims for m in c.mentions]
    spans += [c for c in story.citations if c.kind != "syndicated"]
    assert spans
    for span in spans:
        assert texts[span.article_id][span.start:span.end] == span.text
    for annotation in example_result.annotations:
        for quote in annotation.quotes:
            for part in (*quote.content, quote.source, quote.cue):
                if part is not None:
                    assert texts[annotation.article_id][part.start:part.end] == part.text


def test_crosscheck_coverage_lists_every_article_once(story) -> None:
    covered = [a for row in story.coverage for a in row.article_ids]
    assert sorted(covered) == sorted(story.article_ids)
    [axios] = [row for row in story.coverage if row.outlet == "Axios"]
    assert axios.article_ids == (A001,)
    strike = next(i for i, e in enumerate(story.timeline) if e.date == "2024-04-01")
    assert all(strike in row.entries for row in story.coverage)
    assert strike not in single_outlet(story)["entries"]


def test_crosscheck_outputs_carry_it_all(example_result, tmp_path) -> None:
    paths = write_outputs(example_result, tmp_path)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    [story] = data["stories"]
    assert story["claims"][0]["status"] == "conflict"
    assert {q["speaker"] for q in story["quotes"]} >= {"Joe Biden", "Antony Blinken", "Ebrahim Raisi"}
    assert {q["cue"] for q in story["quotes"]} >= {"said", "told", "has vowed"}
    assert any(c["cited"] == "Axios" and c["original"] for c in story["citations"])
    db = sqlite3.connect(paths["store"])
    conflicts = db.execute("SELECT count(*) FROM claims WHERE status = 'conflict'").fetchone()[0]
    assert conflicts == sum(c["status"] == "conflict" for c in story["claims"])
    linked = db.execute("SELECT count(*) FROM quotes WHERE story_quote_id IS NOT NULL").fetchone()[0]
    assert linked >= len(story["quotes"])
    page = paths["report"].read_text(encoding="utf-8")
    assert page.index("Where they differ") < page.index("<h3>Timeline</h3>") < page.index("Who said what")
    assert "Who reported and who repeated" in page
    assert '<span class="muted">(has vowed)</span>' in page
    assert db.execute("SELECT cue FROM story_quotes WHERE text LIKE 'We will respond to any action%'").fetchall() \
        == [("said",)]


def test_crosscheck_show_prints_where_they_differ_before_the_timeline(example_result) -> None:
    from rich.console import Console

    from storyline.output.json import result_dict
    from storyline.output.terminal import print_timelines

    console = Console(record=True, width=160)
    print_timelines(result_dict(example_result), console)
    text = console.export_text()
    assert text.index("Where they differ") < text.index("sources: ") < text.index("Who said what")
    assert "CONFLICT" in text and "Who reported and who repeated" in text
    assert "Axios ← " in text


def test_the_strike_is_one_event_of_the_story_with_all_five_articles(example_result, story) -> None:
    from storyline.output.json import story_dict

    [strike] = [e for e in story.events if e.date == "2024-04-01" and len(e.article_ids) == 5]
    assert strike.independent_sources >= 4
    assert all(e.id != strike.id or e is strike for e in story.events)
    [entry] = [e for e in story_dict(story)["timeline"] if e["date"] == "2024-04-01"]
    assert strike.id in entry["event_ids"]
