"""group_quotes: the same quote across articles becomes one StoryQuote; different quotes stay apart."""

from __future__ import annotations

import time

import pytest

from storyline.attribute.matching import group_quotes, normalise
from storyline.model import Quote, TextSpan


def _quote(text: str, quoted: str, speaker: str | None = "Antony Blinken", speaker_type: str = "person",
           kind: str = "direct") -> Quote:
    segments = []
    for piece in quoted.split(" || "):
        start = text.index(piece)
        segments.append(TextSpan(start=start, end=start + len(piece), text=piece))
    return Quote(kind=kind, content=tuple(segments), cue=None, source=None, speaker=speaker,
                 speaker_type=speaker_type, sentence=0)


@pytest.mark.parametrize(("first", "second"), [
    ("Strength and wisdom are two sides of the same coin", "strength and wisdom are two sides of the same coin."),
    ("It had no involvement in the [Israeli] strike and did not know about it",
     "it had no involvement in the strike and… did not know about it"),
    ("We won’t accept that, and we never will", "We won't accept that, and we never will"),
    ("We will respond to any action against Iran's interests more fiercely, extensively and painfully than before",
     "more fiercely, extensively and painfully than before"),
    ("The talks are over and we are leaving the table today", "The talks are over ... we are leaving the table today"),
])
def test_attribute_matching_near_exact_quotes_are_one(first, second):
    text_a, text_b = f"“{first},” he said.", f"\"{second}\" she said."
    grouped = group_quotes({"a": [_quote(text_a, first)], "b": [_quote(text_b, second)]})
    assert len(grouped) == 1
    story_quote = grouped[0]
    assert story_quote.article_ids == ("a", "b")
    assert len(normalise(story_quote.text)) == max(len(normalise(first)), len(normalise(second)))
    assert story_quote.independent_sources == 0
    texts = {"a": text_a, "b": text_b}
    for source in story_quote.sources:
        assert texts[source.article_id][source.start:source.end] == source.text


def test_attribute_matching_different_quotes_stay_apart():
    text = "“We will respond,” he said. “The talks are over,” he said."
    quotes = [_quote(text, "We will respond"), _quote(text, "The talks are over")]
    assert len(group_quotes({"a": quotes})) == 2


def test_attribute_matching_short_quotes_need_same_words():
    a, b = "“a disaster”", "“a disaster for all”"
    grouped = group_quotes({"a": [_quote(a, "a disaster")], "b": [_quote(b, "a disaster for all")]})
    assert len(grouped) == 2


def test_attribute_matching_split_quote_gives_one_source_per_segment():
    text_a = "“We will respond,” Raisi said, “more fiercely than before.”"
    text_b = "Raisi said: “We will respond more fiercely than before.”"
    grouped = group_quotes({
        "a": [_quote(text_a, "We will respond || more fiercely than before.", speaker="Raisi")],
        "b": [_quote(text_b, "We will respond more fiercely than before.", speaker="Ebrahim Raisi")],
    })
    assert len(grouped) == 1
    assert [s.article_id for s in grouped[0].sources] == ["a", "a", "b"]
    assert grouped[0].speaker == "Ebrahim Raisi"


def test_attribute_matching_prefers_resolved_speaker():
    text = "“The talks are over and we are leaving,” an official said."
    grouped = group_quotes({
        "a": [_quote(text, "The talks are over and we are leaving", speaker=None, speaker_type="unknown")],
        "b": [_quote(text, "The talks are over and we are leaving", speaker="a senior official",
                     speaker_type="anonymous")],
        "c": [_quote(text, "The talks are over and we are leaving", speaker="Daniel Brooks")],
    })
    assert grouped[0].speaker == "Daniel Brooks"
    assert grouped[0].speaker_type == "person"


def test_attribute_matching_different_named_speakers_stay_apart():
    text = "“The talks are over and we are leaving,” he said."
    grouped = group_quotes({
        "a": [_quote(text, "The talks are over and we are leaving", speaker="Daniel Brooks")],
        "b": [_quote(text, "The talks are over and we are leaving", speaker="Maria Lopez")],
    })
    assert len(grouped) == 2


def test_attribute_matching_is_fast_on_a_big_story():
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho".split()
    articles = {}
    for a in range(300):
        quotes = []
        for q in range(10):
            quote = " ".join(words[(a * 7 + q * 3 + k) % len(words)] + str((a + q + k) % 50) for k in range(12))
            quotes.append(_quote(f"“{quote}”", quote))
        articles[str(a)] = quotes
    started = time.perf_counter()
    group_quotes(articles)
    assert time.perf_counter() - started < 5
