"""TIMEX3 types and values (TimeML, as TempEval-3 scores them), TIMEX3 extents in annotated
text, and the bench's re-implementation of the TempEval-3 Task A scorer.

Base dates: 2024-04-16 is a Tuesday, 2013-03-22 a Friday.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date

import pytest

from storyline.annotate import annotate_articles
from storyline.dating.expressions import Timex, find_timexes, is_anaphoric, resolve_time_expression, timex_of
from storyline.model import Article

from .conftest import ROOT

TUE_16 = date(2024, 4, 16)
FRI_22 = date(2013, 3, 22)


def _timex(type_: str, value: str) -> Timex:
    return Timex(type=type_, value=value)


# --- values ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Friday", ("DATE", "2024-04-12")),
    ("on Saturday", ("DATE", "2024-04-13")),
    ("yesterday", ("DATE", "2024-04-15")),
    ("tomorrow", ("DATE", "2024-04-17")),
    ("Sept. 11, 2001", ("DATE", "2001-09-11")),
    ("March 2011", ("DATE", "2011-03")),
    ("early December", ("DATE", "2023-12")),
    ("June last year", ("DATE", "2023-06")),
    ("last year", ("DATE", "2023")),
    ("this year", ("DATE", "2024")),
    ("the past year", ("DATE", "2023")),
    ("earlier this month", ("DATE", "2024-04")),
    ("five years ago", ("DATE", "2019")),
    ("three days ago", ("DATE", "2024-04-13")),
    ("year-end", ("DATE", "2024")),
    ("nineteen ninety-six", ("DATE", "1996")),
])
def test_annotate_timex_calendar_dates(text, expected):
    assert timex_of(text, TUE_16) == _timex(*expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("the last week", ("DATE", "2024-W15")),
    ("this week", ("DATE", "2024-W16")),
    ("next week", ("DATE", "2024-W17")),
    ("two weeks ago", ("DATE", "2024-W14")),
    ("the weekend", ("DATE", "2024-W15-WE")),
    ("the third quarter", ("DATE", "2024-Q3")),
    ("third-quarter", ("DATE", "2024-Q3")),
    ("the third quarter of 1984", ("DATE", "1984-Q3")),
    ("the latest quarter", ("DATE", "2024-Q1")),
    ("the second half of 1989", ("DATE", "1989-H2")),
    ("this summer", ("DATE", "2024-SU")),
    ("last fall", ("DATE", "2023-FA")),
    ("the winter of 1994", ("DATE", "1994-WI")),
    ("the 1990s", ("DATE", "199")),
    ("the '80s", ("DATE", "198")),
    ("this decade", ("DATE", "202")),
    ("the 20th century", ("DATE", "19")),
    ("this century", ("DATE", "20")),
])
def test_annotate_timex_weeks_quarters_seasons_decades(text, expected):
    assert timex_of(text, TUE_16) == _timex(*expected)


def test_annotate_timex_the_weekend_late_in_the_week_is_the_coming_one():
    assert timex_of("the weekend", FRI_22) == _timex("DATE", "2013-W12-WE")


@pytest.mark.parametrize(("text", "expected"), [
    ("4 p.m.", ("TIME", "2024-04-16T16:00")),
    ("3:30 p.m. EDT", ("TIME", "2024-04-16T15:30")),
    ("noon Thursday", ("TIME", "2024-04-11T12:00")),
    ("this morning", ("TIME", "2024-04-16TMO")),
    ("last night", ("TIME", "2024-04-15TNI")),
    ("Friday afternoon", ("TIME", "2024-04-12TAF")),
    ("tonight", ("TIME", "2024-04-16TNI")),
])
def test_annotate_timex_times_of_day(text, expected):
    assert timex_of(text, TUE_16) == _timex(*expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("two years", "P2Y"),
    ("the past two years", "P2Y"),
    ("a decade", "P10Y"),
    ("more than a decade", "P10Y"),
    ("2 1/2 years", "P2Y6M"),
    ("5 1/2 hours", "PT5H30M"),
    ("a minute and a half", "PT1M30S"),
    ("a few minutes", "PTXM"),
    ("recent months", "PXM"),
    ("years", "PXY"),
    ("two-year", "P2Y"),
    ("at least 30 days", "P30D"),
    ("the past decade", "P10Y"),
])
def test_annotate_timex_durations(text, expected):
    assert timex_of(text, TUE_16) == _timex("DURATION", expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("daily", "P1D"),
    ("weekly", "P1W"),
    ("quarterly", "P3M"),
    ("every week", "P1W"),
    ("twice a year", "P1Y"),
    ("each Thursday", "XXXX-WXX-4"),
    ("Mondays", "XXXX-WXX-1"),
    ("every morning", "XXXX-XX-XXTMO"),
])
def test_annotate_timex_sets(text, expected):
    assert timex_of(text, TUE_16) == _timex("SET", expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("now", "PRESENT_REF"),
    ("currently", "PRESENT_REF"),
    ("recently", "PAST_REF"),
    ("the future", "FUTURE_REF"),
])
def test_annotate_timex_references(text, expected):
    assert timex_of(text, TUE_16) == _timex("DATE", expected)


@pytest.mark.parametrize("text", ["a seven-year-old", "44-year-old", "a quarter of voters", "three-quarters"])
def test_annotate_timex_ages_and_fractions_are_no_timex(text):
    assert timex_of(text, TUE_16) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Friday", ("DATE", "XXXX-XX-XX")),
    ("last week", ("DATE", "XXXX-WXX")),
    ("4 p.m.", ("TIME", "XXXX-XX-XXT16:00")),
    ("two years", ("DURATION", "P2Y")),
    ("March 2011", ("DATE", "2011-03")),
])
def test_annotate_timex_without_a_publication_date_leaves_placeholders(text, expected):
    assert timex_of(text, None) == _timex(*expected)


# --- direction: the clause's tense and the nearer year ---------------------------------------------

def test_annotate_timex_bare_weekday_in_a_future_clause_is_the_coming_one():
    assert timex_of("Monday", TUE_16, "future") == _timex("DATE", "2024-04-22")
    assert timex_of("Monday", TUE_16) == _timex("DATE", "2024-04-15")
    assert timex_of("Tuesday", TUE_16, "future") == _timex("DATE", "2024-04-16")


@pytest.mark.parametrize(("text", "base", "expected"), [
    ("Jan. 14", date(2024, 1, 7), "2024-01-14"),   # a week ahead, not a year back
    ("May 1", TUE_16, "2024-05-01"),
    ("March 1", TUE_16, "2024-03-01"),
    ("October 7", TUE_16, "2023-10-07"),             # more than four months ahead: the past one
    ("December", TUE_16, "2023-12"),
])
def test_annotate_timex_month_day_without_year_is_the_nearer_one(text, base, expected):
    assert timex_of(text, base).value == expected


def test_annotate_timex_month_in_a_future_clause_is_the_coming_one():
    assert timex_of("December", TUE_16, "future") == _timex("DATE", "2024-12")


@pytest.mark.parametrize("text", ["last May", "March 2011", "Oct. 7, 2023"])
def test_annotate_timex_explicit_or_last_month_is_not_moved(text):
    assert timex_of(text, TUE_16, "future").value == timex_of(text, TUE_16).value == resolve_time_expression(
        text, TUE_16).value


# --- anaphora ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "reference", "expected"), [
    ("a year earlier", "1989-Q3", "1988-Q3"),
    ("a year ago", "1989-Q3", "1988-Q3"),
    ("the year-ago quarter", "1989-09-30", "1988-Q3"),
    ("that day", "2024-04-13", "2024-04-13"),
    ("the next day", "2024-04-13", "2024-04-14"),
    ("the following week", "2024-04-13", "2024-W16"),
    ("two years earlier", "2020-06", "2018-06"),
    ("that year", "2020-06-05", "2020"),
])
def test_annotate_timex_anaphoric_expression_counts_from_the_last_date(text, reference, expected):
    assert timex_of(text, TUE_16, reference=reference) == _timex("DATE", expected)


def test_annotate_timex_years_ago_count_from_publication_unless_a_quarter_is_reported():
    assert timex_of("a year ago", TUE_16, reference="2020-06-05") == _timex("DATE", "2023")
    assert timex_of("five years ago", TUE_16, reference="1989-Q3") == _timex("DATE", "2019")


def test_annotate_timex_anaphoric_without_reference_counts_from_publication():
    assert timex_of("a year earlier", TUE_16) == _timex("DATE", "2023")


@pytest.mark.parametrize(("text", "expected"), [
    ("a year earlier", True), ("that day", True), ("the following week", True), ("last year", False),
    ("Friday", False),
])
def test_annotate_timex_is_anaphoric(text, expected):
    assert is_anaphoric(text) is expected


# --- the finder --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("Shares rose on Friday, March 22, 2013 after two years of losses.", ["Friday, March 22, 2013", "two years"]),
    ("It met at 3:30 p.m. EDT and again in May; the 1990s were better.", ["3:30 p.m. EDT", "May", "the 1990s"]),
    ("Sales fell in the third quarter and rose every week since last month.",
     ["the third quarter", "every week", "last month"]),
    ("It may march on. Mayday, 2,013 people, $2013 and 2013% are not dates.", []),
])
def test_annotate_timex_finder_spans(text, found):
    assert [text[start:end] for start, end in find_timexes(text)] == found


# --- extents and values in annotated text ----------------------------------------------------------

def _times(nlp, text: str, published: date | None = FRI_22) -> list[tuple[str, str | None, str | None]]:
    [annotation] = annotate_articles([Article(id="a", source="test", text=text, published=published)], nlp)
    for time in annotation.times:
        assert text[time.start:time.end] == time.text
    return [(time.text, time.timex_type, time.timex) for time in annotation.times]


@pytest.mark.parametrize(("text", "expected"), [
    ("The CDC said on Friday that six deaths were reported in the last week.",
     [("Friday", "DATE", "2013-03-22"), ("the last week", "DATE", "2013-W11")]),
    ("Last year's results were weak.", [("Last year", "DATE", "2012")]),
    ("The swine flu pandemic of 2009-2010 killed 348 children.",
     [("2009", "DATE", "2009"), ("2010", "DATE", "2010")]),
    ("Net income for the quarter ended Sept. 30 fell 5%.",
     [("the quarter", "DATE", "2012-Q4"), ("Sept. 30", "DATE", "2012-09-30")]),
    ("Officials said Wednesday night that the talks failed.", [("Wednesday night", "TIME", "2013-03-20TNI")]),
    ("The offer expires at 5 p.m. EST, Nov. 6, the company said.",
     [("5 p.m. EST, Nov. 6", "TIME", "2012-11-06T17:00")]),
])
def test_annotate_timex_extents_follow_timeml(nlp, text, expected):
    assert _times(nlp, text) == expected


def test_annotate_timex_finds_references_and_durations_spacy_misses(nlp):
    text = "The company now pays a quarterly dividend and has recently grown for more than a decade."
    assert _times(nlp, text) == [("now", "DATE", "PRESENT_REF"), ("recently", "DATE", "PAST_REF"),
                                 ("more than a decade", "DURATION", "P10Y")]


def test_annotate_timex_age_is_found_but_is_no_timex(nlp):
    assert ("seven-year-old", None, None) in _times(nlp, "A seven-year-old boy died.")


def test_annotate_timex_uses_the_clause_tense_but_a_weekday_value_stays_past_preferring(nlp):
    text = "The ministers will meet on Monday. They met on Monday too."
    [annotation] = annotate_articles([Article(id="a", source="test", text=text, published=FRI_22)], nlp)
    assert [(t.text, t.value, t.timex, t.tense) for t in annotation.times] == [
        ("Monday", "2013-03-18", "2013-03-25", "future"), ("Monday", "2013-03-18", "2013-03-18", "past")]


def test_annotate_timex_month_day_in_a_clause_about_the_future_is_the_coming_one(nlp):
    text = "The vote will take place on March 30. The last vote was held on March 30."
    [annotation] = annotate_articles([Article(id="a", source="test", text=text, published=FRI_22)], nlp)
    assert [(t.text, t.value) for t in annotation.times] == [("March 30", "2013-03-30"), ("March 30", "2012-03-30")]


def test_annotate_timex_a_year_earlier_counts_from_the_quarter_reported(nlp):
    text = "Profit rose in the third quarter. A year earlier, the company lost money."
    assert _times(nlp, text, date(1989, 10, 26)) == [("the third quarter", "DATE", "1989-Q3"),
                                                       ("A year earlier", "DATE", "1988-Q3")]


# --- the bench's scorer ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("tempeval3", ROOT / "bench" / "tempeval3.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def test_annotate_timex_bench_scores_as_tempeval3_task_a(bench):
    gold = [bench.Timex(0, 6, "Friday", "DATE", "2013-03-22"), bench.Timex(10, 23, "the last week", "DATE", "2013-W11"),
            bench.Timex(30, 38, "a decade", "DURATION", "P10Y")]
    system = [bench.Timex(0, 6, "Friday", "DATE", "2013-03-22"), bench.Timex(14, 23, "last week", "DATE", "2013-W12"),
              bench.Timex(50, 53, "now", "DATE", "PRESENT_REF")]
    score = bench.score_document(gold, system)
    assert score.strict() == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert score.relaxed() == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert score.type_accuracy() == 1.0
    assert score.value_accuracy() == 0.5
    assert score.value_f1() == pytest.approx(1 / 3)
    assert bench.add_scores([score, score]).relaxed() == score.relaxed()


@pytest.mark.parametrize("text", ["the comparable period a year earlier", "the same quarter a year ago"])
def test_timex_same_period_a_year_before_a_quarter(text: str) -> None:
    """Regression: these matched an anaphora pattern without a captured unit and crashed."""
    assert timex_of(text, date(1998, 1, 8), None, "1997-Q4") == Timex(type="DATE", value="1996-Q4")
