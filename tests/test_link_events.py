"""Events inside a story: the reports of one happening become one event, two happenings stay two."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from storyline.annotate import annotate_articles
from storyline.link import term_weights
from storyline.link.events import EventMentionInput, cluster_event_mentions, link_events, mention_head, stem
from storyline.model import Article

HOMS_A = ("An air strike hit a fuel depot in Homs on Monday, killing four workers, officials said. "
          "The depot supplies most of the city's heating oil.")
HOMS_B = ("Four workers died when a missile struck the Homs fuel depot on Monday. "
          "Residents said the fire burned for hours.")
HOMS_C = ("The bombing of a fuel depot in Homs on Monday killed four workers, local media reported. "
          "Prices of heating oil rose in the city the next day.")
HOMS_THURSDAY = ("An air strike hit a fuel depot in Homs on Thursday, killing two guards, officials said. "
                 "It was the second attack on the depot this week.")
MOSUL = ("An air strike hit a fuel depot in Mosul on Monday, killing four workers, officials said. "
         "The depot belongs to the regional oil company.")


def _annotated(nlp, texts: dict[str, tuple[str, date]]):
    articles = [Article(id=key, source=f"{key}.txt", text=text, published=published)
                for key, (text, published) in texts.items()]
    annotations = {a.article_id: a for a in annotate_articles(articles, nlp)}
    weights = term_weights(s.terms for a in annotations.values() for s in a.sentences)
    return articles, annotations, weights


def _events_with(events, article_id):
    return [event for event in events if article_id in event.article_ids]


def test_link_events_one_strike_three_reports(nlp):
    articles, annotations, weights = _annotated(nlp, {
        "a": (HOMS_A, date(2024, 3, 5)), "b": (HOMS_B, date(2024, 3, 5)), "c": (HOMS_C, date(2024, 3, 6))})
    events = link_events(articles, annotations, weights)
    strike = [event for event in events if event.date == "2024-03-04"]
    assert len(strike) == 1
    assert strike[0].article_ids == ("a", "b", "c")
    assert "Homs" in strike[0].places
    for mention in strike[0].mentions:
        text = next(a.text for a in articles if a.id == mention.article_id)
        assert text[mention.start:mention.end] == mention.text
    assert strike[0].summary_source in strike[0].mentions


@pytest.mark.parametrize("other, published", [(HOMS_THURSDAY, date(2024, 3, 8)), (MOSUL, date(2024, 3, 5))],
                         ids=["other-day", "other-place"])
def test_link_events_two_strikes_stay_apart(nlp, other, published):
    articles, annotations, weights = _annotated(nlp, {"a": (HOMS_A, date(2024, 3, 5)), "x": (other, published)})
    events = link_events(articles, annotations, weights)
    assert not [event for event in events if {"a", "x"} <= set(event.article_ids)]
    assert _events_with(events, "a") and _events_with(events, "x")


def test_link_events_ids_are_stable(nlp):
    texts = {"a": (HOMS_A, date(2024, 3, 5)), "b": (HOMS_B, date(2024, 3, 5))}
    first = link_events(*_annotated(nlp, texts))
    again = link_events(*_annotated(nlp, texts))
    assert first == again
    assert len({event.id for event in first}) == len(first)
    [strike] = [event for event in first if event.date == "2024-03-04"]
    # derived from the first mention: article "a", at its time expression "Monday"
    assert strike.id == "event-" + hashlib.sha1(f"a:{HOMS_A.index('Monday')}".encode()).hexdigest()[:10]


def test_link_events_ordered_by_date(nlp):
    articles, annotations, weights = _annotated(nlp, {
        "x": (HOMS_THURSDAY, date(2024, 3, 8)), "a": (HOMS_A, date(2024, 3, 5))})
    dates = [event.date for event in link_events(articles, annotations, weights)]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dates[: len(dated)] == dated


def test_cluster_event_mentions_links_across_documents(nlp):
    articles, annotations, weights = _annotated(nlp, {
        "a": (HOMS_A, date(2024, 3, 5)), "b": (HOMS_B, date(2024, 3, 5)), "m": (MOSUL, date(2024, 3, 5))})
    by_id = {a.id: a for a in articles}

    def mention(article_id: str, word: str) -> EventMentionInput:
        start = by_id[article_id].text.index(word)
        return EventMentionInput(article=by_id[article_id], annotation=annotations[article_id], start=start,
                                 end=start + len(word))

    labels = cluster_event_mentions([mention("a", "hit"), mention("b", "struck"), mention("a", "killing"),
                                     mention("b", "died"), mention("b", "burned")], weights)
    assert labels[0] == labels[1] and labels[2] == labels[3]
    assert len({labels[0], labels[2], labels[4]}) == 3


def test_mention_head_and_stem(nlp):
    articles, annotations, _ = _annotated(nlp, {"b": (HOMS_B, date(2024, 3, 5))})
    start = HOMS_B.index("struck")
    assert mention_head(HOMS_B, annotations["b"], start, start + len("struck")) == ("strike",)
    assert stem("shooting") == stem("shot") == stem("shoot")
    assert stem("died") == stem("killed") == stem("death")


def test_link_events_example_strike_is_one_event(example_result):
    """The issue's acceptance: the April 1 strike, reported by all five articles, is one event."""
    [story] = example_result.stories
    by_id = {article.id: article for article in example_result.articles}
    annotations = {annotation.article_id: annotation for annotation in example_result.annotations}
    weights = term_weights(s.terms for a in example_result.annotations for s in a.sentences)
    articles = [by_id[article_id] for article_id in story.article_ids]
    events = link_events(articles, annotations, weights)
    strikes = [event for event in events if event.date == "2024-04-01" and len(event.article_ids) == 5]
    assert len(strikes) == 1
    assert set(strikes[0].article_ids) == set(story.article_ids)
    assert "Syria" in strikes[0].places
    for mention in strikes[0].mentions:
        assert by_id[mention.article_id].text[mention.start:mention.end] == mention.text
