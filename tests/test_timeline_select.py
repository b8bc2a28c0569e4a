"""Shortened timelines: which dates are kept, which sentences sum them up, the query."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storyline.errors import SettingsError
from storyline.link import term_weights
from storyline.settings import Settings
from storyline.timeline import build_timeline, select_timeline
from storyline.timeline.build import AUTO_DATES
from storyline.timeline.summary import is_statement

from .test_timeline import FIRST, SECOND, make


def select(*pairs, settings: Settings = Settings(), **options):
    annotations = {a.id: n for a, n in pairs}
    weights = term_weights(s.terms for _, n in pairs for s in n.sentences)
    return {day.entry.date: day for day in select_timeline([a for a, _ in pairs], annotations, weights, settings,
                                                             **options)}


def report(article_id: str, published: date, day: str, words: str, phrase: str = "on Tuesday"):
    """An article that dates ``words`` to ``day``, plus an undated sentence."""
    return make(article_id, published, [
        (f"Officials said the {words} happened {phrase}.", f"official {words}", [(phrase, day)]),
        (f"Residents described the {words} to reporters.", f"resident describe {words} reporter", []),
    ])


# Tuesday 2024-04-16: three articles date the talks; one article dates the vote, Wednesday.
TALKS = [report(f"talks{i}", date(2024, 4, 17), "2024-04-16", "ceasefire talks in Cairo") for i in range(3)]
VOTE = report("vote", date(2024, 4, 18), "2024-04-17", "parliament vote on the budget", "on Wednesday")


def test_timeline_keeps_the_day_most_articles_date() -> None:
    assert list(select(*TALKS, VOTE, dates=1)) == ["2024-04-16"]
    assert list(select(*TALKS, VOTE, dates=2)) == ["2024-04-16", "2024-04-17"]


def test_timeline_shortened_leaves_out_dates_outside_the_publication_span() -> None:
    past = [make(f"past{i}", date(2024, 4, 17), [("Hamas attacked Israel on Oct. 7 last year.", "hamas attack israel",
                                                  [("Oct. 7", "2023-10-07")])]) for i in range(5)]
    plan = make("plan", date(2024, 4, 17), [("Leaders will meet again on May 2 in Cairo.", "leader meet cairo",
                                             [("May 2", "2024-05-02")])])
    kept = select(*TALKS, VOTE, *past, plan, dates=5)
    assert set(kept) == {"2024-04-16", "2024-04-17"}
    # Not shortened: every date, the background one too.
    assert {"2023-10-07", "2024-05-02"} <= set(select(*TALKS, VOTE, *past, plan))


def test_timeline_sentences_per_date_are_verbatim_sources_the_first_dating_the_day() -> None:
    hosts = make("hosts", date(2024, 4, 17), [
        ("Egypt hosted the delegations of both sides on Tuesday.", "egypt host delegation side",
         [("Tuesday", "2024-04-16")]),
        ("The ceasefire talks in Cairo lasted nine hours.", "ceasefire talks cairo last nine hour", []),
    ])
    day = select(*TALKS, VOTE, hosts, dates=1, sentences_per_date=2)["2024-04-16"]
    assert len(day.summary) == 2
    assert day.summary[0] == day.entry.summary_source
    assert "on Tuesday" in day.summary[0].text
    assert all(span in day.entry.sources for span in day.summary)


def test_timeline_summary_sentences_do_not_repeat_each_other() -> None:
    days = select(*TALKS, VOTE, dates=2, sentences_per_date=3)
    texts = [span.text for day in days.values() for span in day.summary]
    assert len(texts) == len(set(texts))


def test_timeline_query_limits_summary_sentences_and_dates() -> None:
    days = select(FIRST, SECOND, query="Damascus")
    assert all("Damascus" in span.text for day in days.values() for span in day.summary)
    assert "2024-04-16" not in days  # "Blinken met Jewish leaders on Tuesday." names no Damascus
    assert "Damascus" in days["2024-04-13"].entry.summary  # "Iran launched drones on Saturday after ... Damascus."


def test_timeline_query_from_settings() -> None:
    assert select(FIRST, SECOND, settings=Settings(query="blinken")).keys() == {"2024-04-16"}


def test_timeline_length_from_settings() -> None:
    annotations = {a.id: n for a, n in [*TALKS, VOTE]}
    weights = term_weights(s.terms for n in annotations.values() for s in n.sentences)
    entries = build_timeline([a for a, _ in [*TALKS, VOTE]], annotations, weights, Settings(timeline_dates=1))
    assert [entry.date for entry in entries] == ["2024-04-16"]


def test_timeline_many_dates_are_shortened_automatically() -> None:
    start = date(2024, 1, 1)
    sentences = [(f"Event number {i} happened on day {i}.", f"event number {i}",
                  [(f"day {i}", str(start + timedelta(i)))]) for i in range(AUTO_DATES + 5)]
    article = make("diary", start + timedelta(days=AUTO_DATES + 5), sentences)  # dates within 30 days before
    assert len(select(article)) == AUTO_DATES


def test_timeline_prefers_statements_to_questions_and_fragments() -> None:
    asking = make("asking", date(2024, 4, 17), [
        ("Who held ceasefire talks in Cairo on Tuesday ?", "hold ceasefire talks cairo", [("Tuesday", "2024-04-16")]),
        ("Ceasefire talks in Cairo began on Tuesday, officials said.", "ceasefire talks cairo begin official",
         [("Tuesday", "2024-04-16")]),
    ])
    assert select(asking, dates=1)["2024-04-16"].entry.summary.startswith("Ceasefire talks")


@pytest.mark.parametrize(("text", "expected"), [
    ("The vote passed .", True), ("He said `` no . ''", True), ("Who is the opposition in Libya ?", False),
    ("Ajdabiya , Libya -LRB- CNN", False), ("Haiti earthquake : Your stories Wednesday 13 January", False),
])
def test_timeline_is_statement(text: str, expected: bool) -> None:
    assert is_statement(text) is expected


@pytest.mark.parametrize(("options", "setting"), [({"dates": -1}, "timeline_dates"),
                                                  ({"sentences_per_date": 0}, "timeline_sentences")])
def test_timeline_bad_lengths_are_settings_errors(options, setting: str) -> None:
    with pytest.raises(SettingsError, match=setting):
        select(*TALKS, **options)
