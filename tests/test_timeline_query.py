"""Timeline queries: keywords and names a summary sentence must mention."""

from __future__ import annotations

import pytest

from storyline.errors import SettingsError
from storyline.settings import Settings, load_settings
from storyline.timeline import parse_query


@pytest.mark.parametrize(("query", "terms"), [
    ("bp, oil spill", ("bp", "oil spill")),
    (["michael", "jackson"], ("michael", "jackson")),
    ("  Egypt ,EGYPT, egyptian ", ("egypt", "egyptian")),
    ("Michael   Jackson", ("michael jackson",)),
])
def test_timeline_query_terms(query, terms) -> None:
    assert parse_query(query).terms == terms


@pytest.mark.parametrize("query", [None, "", " ", ", ,", []])
def test_timeline_query_empty_is_no_query(query) -> None:
    assert parse_query(query) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Egyptian protesters filled Tahrir Square .", True),
    ("Egypt 's army said ...", True),
    ("BP shares fell on Tuesday .", True),
    ("The oil spill reached the coast.", True),
    ("Political turmoil spread.", False),
    ("The soil was dry.", False),
])
def test_timeline_query_matches_at_word_starts_in_any_case(text: str, expected: bool) -> None:
    assert parse_query("egypt, bp, oil").matches(text) is expected


def test_timeline_query_phrase_allows_any_spacing() -> None:
    query = parse_query("Michael Jackson")
    assert query.matches("a tribute to Michael\nJackson")
    assert not query.matches("Michael Moore and Janet Jackson")


def test_timeline_query_without_words_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="query"):
        parse_query("bp, -")
    with pytest.raises(SettingsError, match="query"):
        Settings(query="-, !")


def test_timeline_query_and_lengths_are_settings() -> None:
    settings = load_settings(env={"STORYLINE_QUERY": "bp, oil spill", "STORYLINE_TIMELINE_DATES": "12",
                                  "STORYLINE_TIMELINE_SENTENCES": "3"})
    assert (settings.query, settings.timeline_dates, settings.timeline_sentences) == ("bp, oil spill", 12, 3)


@pytest.mark.parametrize(("name", "value"), [("timeline_dates", -1), ("timeline_sentences", 0)])
def test_timeline_bad_lengths_fail_naming_the_setting(name: str, value: int) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings(overrides={name: value})
