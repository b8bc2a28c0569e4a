"""Timeline entries from annotation records: dated sources, attached sentences, background, summaries."""

from __future__ import annotations

from datetime import date

from storyline.link import term_weights
from storyline.model import Annotation, Article, Sentence, TimeExpression
from storyline.settings import Settings
from storyline.timeline import build_timeline
from storyline.timeline.build import period_end


def make(article_id: str, published: date | None, sentences: list[tuple[str, str, list[tuple[str, str]]]]):
    """An article and its annotation from (text, terms, [(time text, value)]) per sentence."""
    text, spans, times = "", [], []
    for index, (sentence, terms, dated) in enumerate(sentences):
        start = len(text)
        text += sentence + "\n\n"
        spans.append(Sentence(index=index, start=start, end=start + len(sentence), terms=tuple(terms.split())))
        for phrase, value in dated:
            offset = start + sentence.index(phrase)
            times.append(TimeExpression(start=offset, end=offset + len(phrase), text=phrase, sentence=index,
                                        value=value, relative=True, anchor="published",
                                        clause_terms=tuple(terms.split())))
    article = Article(id=article_id, source=article_id, text=text.strip(), published=published)
    return article, Annotation(article_id=article_id, sentences=tuple(spans), entities=(), times=tuple(times))


def timeline(*pairs, settings: Settings = Settings()):
    articles = [a for a, _ in pairs]
    annotations = {a.id: n for a, n in pairs}
    weights = term_weights(s.terms for _, n in pairs for s in n.sentences)
    return {entry.date: entry for entry in build_timeline(articles, annotations, weights, settings)}


FIRST = make("first", date(2024, 4, 2), [
    ("Israel struck the embassy compound in Damascus on Monday.", "israel strike embassy compound damascus",
     [("Monday", "2024-04-01")]),
    ("The strike on the embassy compound killed a general.", "strike embassy compound kill general", []),
    ("Football results were announced.", "football result announce", []),
    ("Hamas attacked Israel on Oct. 7.", "hamas attack israel", [("Oct. 7", "2023-10-07")]),
])
SECOND = make("second", date(2024, 4, 16), [
    ("Iran launched drones on Saturday after the April 1 strike in Damascus.", "iran launch drone strike damascus",
     [("Saturday", "2024-04-13"), ("April 1", "2024-04-01")]),
    ("Blinken met Jewish leaders on Tuesday.", "blinken meet jewish leader", [("Tuesday", "2024-04-16")]),
])


def test_timeline_one_entry_per_resolved_date_oldest_first() -> None:
    assert list(timeline(FIRST, SECOND)) == ["2023-10-07", "2024-04-01", "2024-04-13", "2024-04-16"]


def test_timeline_sources_are_every_sentence_that_dates_the_day() -> None:
    entry = timeline(FIRST, SECOND)["2024-04-01"]
    assert entry.article_ids == ("first", "second")
    texts = [s.text for s in entry.sources]
    assert "Israel struck the embassy compound in Damascus on Monday." in texts
    assert "Iran launched drones on Saturday after the April 1 strike in Damascus." in texts


def test_timeline_attaches_an_undated_sentence_about_the_same_happening() -> None:
    texts = [s.text for s in timeline(FIRST, SECOND)["2024-04-01"].sources]
    assert "The strike on the embassy compound killed a general." in texts
    assert not any("Football" in s.text for e in timeline(FIRST, SECOND).values() for s in e.sources)


def test_timeline_does_not_attach_to_a_day_after_publication() -> None:
    late = make("late", date(2024, 4, 3), [("The embassy compound strike killed a general in Damascus.",
                                            "embassy compound strike kill general damascus", [])])
    entries = timeline(FIRST, SECOND, late)
    assert "late" in entries["2024-04-01"].article_ids
    assert all("late" not in entry.article_ids for day, entry in entries.items() if day != "2024-04-01")


def test_timeline_marks_background_dates() -> None:
    entries = timeline(FIRST, SECOND)
    assert entries["2023-10-07"].background
    assert not entries["2024-04-01"].background


def test_timeline_summary_is_a_verbatim_source_preferring_single_date_sentences() -> None:
    entry = timeline(FIRST, SECOND)["2024-04-01"]
    assert entry.summary == "Israel struck the embassy compound in Damascus on Monday."
    assert entry.summary_source in entry.sources


def test_timeline_period_end_of_each_granularity() -> None:
    assert period_end("2024") == date(2024, 12, 31)
    assert period_end("2024-02") == date(2024, 2, 29)
    assert period_end("2024-04-01") == date(2024, 4, 1)
