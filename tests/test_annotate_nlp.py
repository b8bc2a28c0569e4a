"""Annotation with spaCy: golden entities, sentence boundaries, time expressions and their clauses."""

from __future__ import annotations

import json
from datetime import date

import pytest

from storyline.annotate import annotate_articles, load_pipeline
from storyline.errors import ModelError
from storyline.model import Article

from .conftest import DATA, EXAMPLES


def annotate(nlp, text: str, published: date | None = date(2024, 4, 16)):
    [annotation] = annotate_articles([Article(id="a", source="test", text=text, published=published)], nlp)
    return annotation


def test_annotate_golden_entities_of_the_example_corpus(nlp) -> None:
    """Catches a changed spaCy model: the pinned en_core_web_sm 3.8.0 finds exactly these entities."""
    golden = json.loads((DATA / "golden_entities.json").read_text(encoding="utf-8"))
    assert f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}" == golden["model"]
    for name, expected in golden["entities"].items():
        doc = nlp((EXAMPLES / name).read_text(encoding="utf-8"))
        assert [[e.start_char, e.end_char, e.label_, e.text] for e in doc.ents] == expected, name


def test_annotate_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="no_such_pipeline.*install"):
        load_pipeline("no_such_pipeline")


def test_annotate_keeps_abbreviated_titles_inside_the_sentence(nlp) -> None:
    text = "Iran attacked in retaliation for the killing of Brig. Gen. Mohammad Reza Zahedi, a top general. It was new."
    annotation = annotate(nlp, text)
    assert [text[s.start:s.end] for s in annotation.sentences] == [
        "Iran attacked in retaliation for the killing of Brig. Gen. Mohammad Reza Zahedi, a top general.",
        "It was new."]


def test_annotate_starts_a_sentence_at_every_paragraph_and_skips_bullets(nlp) -> None:
    text = "Officials said the talks ended\n\n• A senior official said the U.S. \"has told Iran.\"\n\nNo one was hurt."
    annotation = annotate(nlp, text)
    assert [text[s.start:s.end] for s in annotation.sentences] == [
        "Officials said the talks ended",
        "A senior official said the U.S. \"has told Iran.\"",
        "No one was hurt."]


def test_annotate_resolves_time_expressions_against_the_publication_date(nlp) -> None:
    text = "Iran on Saturday launched drones. Blinken spoke on Tuesday. The war began on Oct. 7, 2023."
    times = {t.text: t for t in annotate(nlp, text).times}
    assert times["Saturday"].value == "2024-04-13" and times["Saturday"].anchor == "published"
    assert times["Tuesday"].value == "2024-04-16"
    assert times["Oct. 7, 2023"].value == "2023-10-07" and times["Oct. 7, 2023"].anchor == "absolute"
    for time in times.values():
        assert text[time.start:time.end] == time.text


def test_annotate_leaves_relative_dates_unresolved_without_a_publication_date(nlp) -> None:
    [time] = [t for t in annotate(nlp, "Iran launched drones on Saturday.", published=None).times]
    assert time.value is None and time.relative


def test_annotate_finds_what_spacy_misses_but_not_inside_names(nlp) -> None:
    text = "Iran launched hundreds of drones at Israel overnight, the Sunday Times reported."
    times = annotate(nlp, text, published=date(2024, 4, 14)).times
    assert [(t.text, t.value) for t in times] == [("overnight", "2024-04-13")]


def test_annotate_clause_terms_say_what_happened_at_that_time(nlp) -> None:
    text = ("In response to an attack on its consulate in Syria on April 1st, "
            "Iran launched over 300 drones and missiles at Israel overnight.")
    times = {t.text: t for t in annotate(nlp, text, published=date(2024, 4, 14)).times}
    assert {"launch", "drone", "missile"} <= set(times["overnight"].clause_terms)
    assert "consulate" not in times["overnight"].clause_terms
    assert "consulate" in times["April 1st"].clause_terms


def test_annotate_offsets_index_the_article_text(example_result, example_articles) -> None:
    for annotation in example_result.annotations:
        text = example_articles[annotation.article_id].text
        for sentence in annotation.sentences:
            assert text[sentence.start:sentence.end].strip() == text[sentence.start:sentence.end]
        for entity in annotation.entities:
            assert text[entity.start:entity.end] == entity.text


def test_annotate_in_two_processes_gives_the_same_annotations(nlp, example_result, example_articles) -> None:
    articles = [example_articles[a.article_id] for a in example_result.annotations]
    assert tuple(annotate_articles(articles, nlp, processes=2)) == tuple(annotate_articles(articles, nlp))


def _dates(nlp, text: str, published: date | None = date(2024, 4, 16)) -> list[tuple[str, str | None]]:
    [annotation] = annotate_articles([Article(id="a", source="test", text=text, published=published)], nlp)
    return [(t.text, t.value) for t in annotation.times]


def test_annotate_clock_time_in_a_zone_is_no_year(nlp) -> None:
    assert _dates(nlp, "The attack began at 1630 GMT on Saturday, officials said.") == [
        ("1630 GMT", None), ("Saturday", "2024-04-13")]


def test_annotate_counts_and_the_modal_may_are_no_dates(nlp) -> None:
    assert _dates(nlp, "Police said 1998 people were evacuated.") == []
    assert _dates(nlp, "Banging Sounds May Come From Crew, Expert Says") == []
    assert _dates(nlp, "The council met in May.") == [("May", "2023-05")]  # the month, most recent


def test_annotate_numeric_date_order_comes_from_the_page(nlp) -> None:
    assert _dates(nlp, "The ministry said on 2/04/2024 that talks would resume.", None) == [("2/04/2024", None)]
    assert _dates(nlp, "Talks began on 25/03/2024 and resumed on 2/04/2024.", None) == [
        ("25/03/2024", "2024-03-25"), ("2/04/2024", "2024-04-02")]
    # nothing else on the page: the reading near the publication date (4 February is ten weeks off)
    assert _dates(nlp, "The talks on 2/04/2024 failed.", date(2024, 4, 5)) == [("2/04/2024", "2024-04-02")]


def test_annotate_weekday_with_its_date_in_brackets(nlp) -> None:
    assert ("early Wednesday (June 21", "2023-06-21") in _dates(
        nlp, "Sonar buoys detected sounds early Wednesday (June 21), officials said.", date(2023, 6, 19))
